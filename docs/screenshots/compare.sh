#!/bin/sh
# The comparison page under Xvfb: the base scenario (the built-in's
# "Baseline", which overrides nothing) against TPU beachhead, light, at
# 1280x800: docs/screenshots/compare.sh [BUILDDIR]
set -e
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../_build}
build=$(cd "$build" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/shot.sh" <<EOS
#!/bin/sh
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory XDG_DATA_HOME="$tmp/data"
export GTK_A11Y=none GSK_RENDERER=cairo GDK_BACKEND=x11
"$build/app/gigawatt" --style "\$1" --compare "TPU beachhead" &
pid=\$!
sleep 10
import -window root "\$2"
kill \$pid
EOS
chmod +x "$tmp/shot.sh"

xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/shot.sh" light \
  "$here/compare-tpu-beachhead.png" >/dev/null 2>&1

# The difference panel in the price at 2032Q4 (its paths simulated again):
# the "In" menu chosen with xdotool, where it is installed.
command -v xdotool >/dev/null 2>&1 || exit 0
cat > "$tmp/series.sh" <<EOS
#!/bin/sh
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory XDG_DATA_HOME="$tmp/data"
export GTK_A11Y=none GSK_RENDERER=cairo GDK_BACKEND=x11
"$build/app/gigawatt" --style light --compare "TPU beachhead" &
pid=\$!
sleep 10
xdotool mousemove 1125 554 click 1
sleep 1
xdotool mousemove 1100 636 click 1
sleep 4
import -window root "\$1"
kill \$pid
EOS
chmod +x "$tmp/series.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/series.sh" \
  "$here/compare-series-difference.png" >/dev/null 2>&1
