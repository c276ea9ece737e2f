#!/usr/bin/env python3
"""make-deep.py DEPTH OUT: a JSON document nested DEPTH levels deep.

The 75,000-level document that crashed gigawatt-cli import (json-glib
recurses once per level) is 150 KB of brackets, so it is generated here
rather than stored. Arrays and objects alternate so that both of the
parser's recursive paths are taken, inside a scenario's "notes" member as
an editor would leave it.
"""
import sys


def main():
    depth = int(sys.argv[1])
    out = sys.argv[2]
    opening = []
    closing = []
    for level in range(depth):
        if level % 2 == 0:
            opening.append('[')
            closing.append(']')
        else:
            opening.append('{"a":')
            closing.append('}')
    text = ('{"format": "gigawatt-scenario", "schema_version": "2.0", "notes": '
            + ''.join(opening) + '0' + ''.join(reversed(closing)) + '}\n')
    with open(out, 'w', encoding='ascii') as f:
        f.write(text)


if __name__ == '__main__':
    main()
