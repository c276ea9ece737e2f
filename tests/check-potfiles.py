#!/usr/bin/env python3
# check-potfiles.py SRCDIR: po/POTFILES.in lists every source file with a
# translatable string (_(), N_(), C_(), NC_(), ngettext(), g_dngettext() in
# C; translatable="yes" in a .ui file), and every file it lists exists, so
# that no user-visible string is left out of the translation template.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else '.'
dirs = ['app', 'chart', 'compute', 'data', 'model', 'ui']
comment = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
string = re.compile(r'"(?:\\.|[^"\\\n])*"')
marked_c = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext)[ \t]*\(')
marked_ui = re.compile(r'translatable="yes"')

with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    listed = [l.strip() for l in f if l.strip() and not l.startswith('#')]

missing = []
for d in dirs:
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
        for name in sorted(filenames):
            path = os.path.relpath(os.path.join(dirpath, name), root)
            if name.endswith(('.c', '.h')):
                with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
                    code = string.sub('""', comment.sub(' ', f.read()))
                marked = marked_c.search(code) is not None
            elif name.endswith('.ui'):
                with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
                    marked = marked_ui.search(f.read()) is not None
            else:
                continue
            if marked and path not in listed:
                missing.append(path)
gone = [p for p in listed if not os.path.exists(os.path.join(root, p))]

print('1..2')
for p in sorted(missing):
    print('# not in po/POTFILES.in: ' + p)
print('%s 1 - every file with a translatable string is in po/POTFILES.in'
      % ('not ok' if missing else 'ok'))
for p in gone:
    print('# in po/POTFILES.in but not in the tree: ' + p)
print('%s 2 - every file po/POTFILES.in lists exists' % ('not ok' if gone else 'ok'))
sys.exit(1 if missing or gone else 0)
