#!/bin/sh
# gigawatt-cli: exit codes and round trips, TAP output.
cli="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
fails=0
check () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi
}
"$cli" new --builtin "$dir/a.gigawatt"; check $? "new --builtin"
"$cli" validate "$dir/a.gigawatt" >/dev/null; check $? "validate"
"$cli" export "$dir/a.gigawatt" "$dir/a.json"; check $? "export"
"$cli" import "$dir/a.json" "$dir/b.gigawatt"; check $? "import"
cmp -s "$dir/a.gigawatt" "$dir/b.gigawatt"; check $? "JSON -> file is byte-identical"
"$cli" info "$dir/a.gigawatt" | grep -q "Inference boom"; check $? "info lists variants"
"$cli" bogus >/dev/null 2>&1; [ $? = 2 ]; check $? "unknown command exits 2"
printf 'not a database' > "$dir/bad.gigawatt"
"$cli" validate "$dir/bad.gigawatt" 2>"$dir/err"; [ $? = 1 ]; check $? "bad file exits 1"
grep -q "not a Gigawatt scenario" "$dir/err"; check $? "bad file message"
bad="$(dirname "$0")/bad-files"
while IFS='|' read -r file phrase; do
  cp "$bad/$file" "$dir/$file"
  "$cli" validate "$dir/$file" 2>"$dir/err" >/dev/null; [ $? = 1 ]; check $? "$file exits 1"
  grep -qF "$phrase" "$dir/err"; check $? "$file says: $phrase"
  cmp -s "$bad/$file" "$dir/$file"; check $? "$file is left unchanged"
done < "$bad/expected.txt"
echo "1..$n"
[ $fails = 0 ]
