#!/bin/sh
# Takes the screenshots of every section, light and dark, at 1280x800
# under Xvfb: docs/screenshots/take.sh [BUILDDIR]
set -e
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../_build-app}
build=$(cd "$build" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/shot.sh" <<EOS
#!/bin/sh
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory XDG_DATA_HOME="$tmp/data"
export GTK_A11Y=none GSK_RENDERER=cairo GDK_BACKEND=x11
"$build/app/gigawatt" --section "\$1" --style "\$2" \${4:+--filter "\$4"} &
pid=\$!
sleep 7
import -window root "\$3"
kill \$pid
EOS
chmod +x "$tmp/shot.sh"

for section in overview deals hardware providers market events correlations variants actuals; do
  for style in light dark; do
    xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/shot.sh" "$section" "$style" \
      "$here/$section-$style.png" >/dev/null 2>&1
  done
done

# Goal seek, a sweep and convergence (issue 17), started through --action; the CLI
# commands that give the same numbers are in README.md.
cat > "$tmp/explore.sh" <<EOS2
#!/bin/sh
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory XDG_DATA_HOME="$tmp/data"
export GTK_A11Y=none GSK_RENDERER=cairo GDK_BACKEND=x11
"$build/app/gigawatt" --style light --action "\$1" &
pid=\$!
sleep 20
import -window root "\$2"
kill \$pid
EOS2
chmod +x "$tmp/explore.sh"
q="'input': <'deals[Meta II].price'>, 'output': <'min_dscr@CoreWeave'>, 'stat': <'P(<1)'>, 'lo': <0.5>, 'hi': <4.0>, 'start': <true>"
xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/explore.sh" \
  "win.explore({'mode': <'goal'>, 'target': <0.5>, $q})" "$here/goal-seek.png" >/dev/null 2>&1
xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/explore.sh" \
  "win.explore({'mode': <'sweep'>, 'steps': <uint32 15>, $q})" "$here/sweep.png" >/dev/null 2>&1
# convergence: P50 of CoreWeave's NPV to a standard error of $200M
xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/explore.sh" \
  "win.explore({'mode': <'converge'>, 'output': <'npv@CoreWeave'>, 'stat': <'p50'>, 'se': <2e8>, 'paths': <uint32 200>, 'max-paths': <uint32 80000>, 'start': <true>})" \
  "$here/converge.png" >/dev/null 2>&1
# the overview filtered to the paths where the TPU beachhead happened
# (README.md gives the CLI command with the same numbers)
xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/shot.sh" overview light \
  "$here/filter-tpu-beachhead.png" "TPU beachhead happened" >/dev/null 2>&1
# the price fan's threshold line at $1.50 with the pointer over 2030Q4
# (the hidden option --threshold), cut from the overview; README.md gives
# the CLI command with the same number
cat > "$tmp/threshold.sh" <<EOS3
#!/bin/sh
export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory XDG_DATA_HOME="$tmp/data"
export GTK_A11Y=none GSK_RENDERER=cairo GDK_BACKEND=x11
"$build/app/gigawatt" --section overview --style light --threshold 1.5@2030Q4 &
pid=\$!
sleep 10
import -window root "$tmp/threshold.png"
kill \$pid
EOS3
chmod +x "$tmp/threshold.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/threshold.sh" >/dev/null 2>&1
convert "$tmp/threshold.png" -crop 496x266+257+492 +repage "$here/fan-threshold.png"
