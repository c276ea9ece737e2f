#!/bin/sh
# The app run from its build tree finds the schema the build compiled; run
# from elsewhere with no schema installed, it says what is missing and
# exits 1 rather than aborting in GSettings. TAP output.
app="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$app" "$dir/gigawatt"
echo "1..2"
env -u GSETTINGS_SCHEMA_DIR XDG_DATA_DIRS="$dir/none" "$dir/gigawatt" --help >/dev/null 2>"$dir/err"
if [ $? = 1 ]; then echo "ok 1 - no schema exits 1"; else echo "not ok 1 - no schema exits 1"; fi
if grep -q "settings schema org.gigawatt.Gigawatt is not installed" "$dir/err"; then
  echo "ok 2 - no schema is named"
else
  echo "not ok 2 - no schema is named"; cat "$dir/err" | sed 's/^/# /'
fi
