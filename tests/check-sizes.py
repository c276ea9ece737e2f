#!/usr/bin/env python3
# check-sizes.py SRCDIR: the size rules of docs/architecture.md for the
# production code (tests/ aside):
#   1. no function over 150 lines, from its opening to its closing brace
#      (a function's braces sit in column 0, as STYLE.md writes them);
#   2. no file over 1,050 lines unless docs/architecture.md gives its
#      reason: an item "- `path` (...)" of its list of files over about
#      1,000 lines.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

from source_files import LAYERS, source_files

root = sys.argv[1] if len(sys.argv) > 1 else '.'
MAX_FUNCTION = 150
MAX_FILE = 1050
name_re = re.compile(r'^([A-Za-z_]\w*)\s*\(')

paths = source_files(root, [l for l in LAYERS if l != 'tests'])

long_functions = []
long_files = []
with open(os.path.join(root, 'docs', 'architecture.md'), encoding='utf-8') as f:
    architecture = f.read()
# the items of the list that follows "Files over about 1,000 lines" (up to
# the next paragraph that is not an item)
section = architecture.split('Files over about 1,000 lines', 1)[-1]
listed = re.findall(r'^- `([^`]+)`', section.split('\n\nNo function', 1)[0], re.M)
for p in paths:
    with open(os.path.join(root, p), encoding='utf-8', errors='replace') as f:
        lines = f.read().split('\n')
    if len(lines) > MAX_FILE and p not in listed:
        long_files.append('%s: %d lines, no reason in docs/architecture.md' % (p, len(lines)))
    start = None
    for i, line in enumerate(lines):
        if line.startswith('{') and start is None:
            start = i
            name = '?'
            for j in range(i - 1, max(-1, i - 12), -1):
                m = name_re.match(lines[j])
                if m:
                    name = m.group(1)
                    break
        elif line.startswith('}') and start is not None:
            n = i - start + 1
            if n > MAX_FUNCTION:
                long_functions.append('%s:%d: %s() is %d lines' % (p, start + 1, name, n))
            start = None

print('1..2')
for m in long_functions:
    print('# ' + m)
print('%s 1 - no function over %d lines in %d files' %
      ('not ok' if long_functions else 'ok', MAX_FUNCTION, len(paths)))
for m in long_files:
    print('# ' + m)
print('%s 2 - no file over %d lines without a stated reason' %
      ('not ok' if long_files else 'ok', MAX_FILE))
sys.exit(1 if long_functions or long_files else 0)
