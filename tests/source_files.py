# source_files.py: the project's own C and OpenCL sources, for the
# check-*.py tests (imported from beside them).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os

# lowest first: a layer may include only its own files and those below
LAYERS = ['model', 'data', 'compute', 'chart', 'ui', 'app', 'tests']


def source_files(root, layers=LAYERS):
    """Paths relative to @root of every .c, .h and .cl file under @layers, sorted."""
    paths = []
    for d in layers:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            for f in filenames:
                if f.endswith(('.c', '.h', '.cl')):
                    paths.append(os.path.relpath(os.path.join(dirpath, f), root))
    return sorted(paths)
