#!/bin/sh
# Sets up everything on a fresh Debian machine, builds gigawatt-cli and
# runs the main job on the built-in Baseline 2026 scenario.
set -eu
cd "$(dirname "$0")/.."
sh build-aux/install-deps.sh
[ -d _build ] || meson setup _build
ninja -C _build
./_build/app/gigawatt-cli validate --builtin
./_build/app/gigawatt-cli info --builtin
