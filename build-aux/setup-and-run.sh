#!/bin/sh
# Sets up everything on a fresh Debian machine, builds gigawatt and
# gigawatt-cli, checks the built-in Baseline 2026 scenario and opens the
# app on it.
set -eu
cd "$(dirname "$0")/.."
sh build-aux/install-deps.sh
[ -d _build ] || meson setup _build
ninja -C _build
./_build/app/gigawatt-cli validate --builtin
./_build/app/gigawatt-cli info --builtin
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./_build/app/gigawatt
else
  echo "No display: run ./_build/app/gigawatt from a desktop session, or under xvfb-run."
fi
