#!/usr/bin/env python3
# check-includes.py SRCDIR: the include graph of the project's own files
# (docs/architecture.md): no file includes itself through others, and no
# layer includes a file of a layer above it
# (model < data < compute < chart < ui < app; tests may include any).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

from source_files import LAYERS, source_files

root = sys.argv[1] if len(sys.argv) > 1 else '.'
layers = LAYERS
include = re.compile(r'^[ \t]*#[ \t]*include[ \t]+"([^"]+)"', re.M)

paths = source_files(root)
by_name = {}
for p in paths:
    by_name.setdefault(os.path.basename(p), []).append(p)

# an include names a file beside the includer first, else anywhere in the
# tree (meson's include directories); generated and system headers are not
# in the tree and have no includes of ours
graph = {}
for p in paths:
    with open(os.path.join(root, p), encoding='utf-8', errors='replace') as f:
        text = f.read()
    deps = []
    for name in include.findall(text):
        found = by_name.get(os.path.basename(name), [])
        near = [c for c in found if os.path.dirname(c) == os.path.dirname(p)]
        if near or found:
            deps.append((near or found)[0])
    graph[p] = deps

# cycles: Tarjan's strongly connected components, iteratively
index, low, on_stack, stack, cycles = {}, {}, set(), [], []
counter = 0
for start in sorted(graph):
    if start in index:
        continue
    work = [(start, 0)]
    while work:
        v, i = work.pop()
        if i == 0:
            index[v] = low[v] = counter
            counter += 1
            stack.append(v)
            on_stack.add(v)
        deps = graph[v]
        if i < len(deps):
            work.append((v, i + 1))
            w = deps[i]
            if w not in index:
                work.append((w, 0))
            elif w in on_stack:
                low[v] = min(low[v], index[w])
            continue
        for w in deps:
            if w in on_stack and index[w] > index[v]:
                low[v] = min(low[v], low[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in deps:
                cycles.append(sorted(comp))

up = []
for p, deps in sorted(graph.items()):
    lp = layers.index(p.split(os.sep)[0])
    for d in deps:
        if layers.index(d.split(os.sep)[0]) > lp:
            up.append('%s includes %s' % (p, d))

print('1..2')
for c in cycles:
    print('# cycle: ' + ' -> '.join(c))
print('%s 1 - no include cycles among %d files' % ('not ok' if cycles else 'ok', len(graph)))
for u in up:
    print('# ' + u)
print('%s 2 - no layer includes a file of a layer above it' % ('not ok' if up else 'ok'))
sys.exit(1 if cycles or up else 0)
