#!/bin/sh
# Runs the whole test suite.
set -eu
cd "$(dirname "$0")/.."
[ -d _build ] || meson setup _build
ninja -C _build
meson test -C _build --print-errorlogs
