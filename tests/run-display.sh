#!/bin/sh
# Runs a display test under a headless X server (and a private session bus
# where dbus-run-session exists); skips when there is no xvfb-run.
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "1..0 # SKIP xvfb-run is not installed"
  exit 0
fi
# Xvfb has no GPU: GTK's GL renderer would run on llvmpipe, whose own
# rasterizer threads compete with the engine for the CPU and make frames
# slow for reasons that have nothing to do with the app. Paint with cairo.
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
if command -v dbus-run-session >/dev/null 2>&1; then
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$@"
fi
exec xvfb-run -a -s "-screen 0 1280x800x24" "$@"
