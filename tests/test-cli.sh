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
# run: summary, CSV and JSON of the statistics
"$cli" run --builtin --deterministic >"$dir/out"; check $? "run --deterministic"
grep -q "Backlog, 2026Q1 *\$99.4B" "$dir/out"; check $? "run prints CoreWeave's backlog"
"$cli" run --builtin --paths 3000 --seed 5 --csv "$dir/csv" --per-path --json "$dir/r.json" >"$dir/out"
check $? "run --paths 3000 --csv --json"
grep -q "P10" "$dir/out"; check $? "run prints P10/P50/P90"
head -1 "$dir/csv/series.csv" | grep -q "^series,provider,quarter,t,deterministic,mean,sd,min,max,p5,p10,p25,p50,p75,p90,p95$"
check $? "series.csv header"
# 12 market series + 12 per provider x 6 providers, 28 quarters, plus the header
[ "$(wc -l < "$dir/csv/series.csv")" = $(( (12 + 12 * 6) * 28 + 1 )) ]; check $? "series.csv has a row per series and quarter"
[ "$(wc -l < "$dir/csv/paths.csv")" = 3001 ]; check $? "paths.csv has a row per path"
grep -q '"paths" : 3000' "$dir/r.json"; check $? "JSON names the paths"
"$cli" run --builtin --paths 3000 --seed 5 --csv "$dir/csv2" >/dev/null
cmp -s "$dir/csv/series.csv" "$dir/csv2/series.csv"; check $? "same seed, same statistics"
"$cli" run --builtin --paths 0 >/dev/null 2>&1; [ $? = 2 ]; check $? "run --paths 0 exits 2"
# exact quantiles (a replay of every path) rather than interpolated in bins:
# above the 4,096-path pilot they differ, the means and extremes do not
"$cli" run --builtin --engine cpu --paths 5000 --seed 5 --exact-quantiles --csv "$dir/exact" >"$dir/out"
check $? "run --exact-quantiles"
grep -q "P10" "$dir/out"; check $? "run --exact-quantiles prints P10/P50/P90"
"$cli" run --builtin --engine cpu --paths 5000 --seed 5 --csv "$dir/interp" >/dev/null
check $? "run with interpolated quantiles"
cut -d, -f1-9 "$dir/exact/series.csv" >"$dir/exact-mean"; cut -d, -f1-9 "$dir/interp/series.csv" >"$dir/interp-mean"
cmp -s "$dir/exact-mean" "$dir/interp-mean"; check $? "exact and interpolated runs agree on mean, sd, min, max"
! cmp -s "$dir/exact/series.csv" "$dir/interp/series.csv"; check $? "exact and interpolated quantiles differ"
"$cli" run --builtin --variant "Nope" >/dev/null 2>"$dir/err"; [ $? = 1 ]; check $? "unknown variant exits 1"
grep -q "Nope" "$dir/err"; check $? "unknown variant is named"
"$cli" run --builtin --deterministic --sensitivity npv@CoreWeave | grep -q "Sensitivity of NPV, CoreWeave"
check $? "run --sensitivity"
# bench: one row per configuration, throughput and peak memory, and a
# ratio against the first row of its size
"$cli" bench --builtin --paths 500 --threads 1,2 --engine cpu --repeat 1 >"$dir/bench"; check $? "bench"
[ "$(grep -c '^cpu  *500 ' "$dir/bench")" = 2 ]; check $? "bench prints a row per thread count"
grep -q '^cpu  *500  *1 .* 1\.00x$' "$dir/bench"; check $? "bench's first row is the 1.00x reference"
"$cli" bench --builtin --paths 500 --threads 1 --engine cpu --repeat 1 --exact-quantiles >"$dir/bench"
check $? "bench --exact-quantiles"
grep -q "exact quantiles" "$dir/bench"; check $? "bench says its quantiles are exact"
"$cli" bench --paths 0 >/dev/null 2>&1; [ $? = 2 ]; check $? "bench --paths 0 exits 2"
echo "1..$n"
[ $fails = 0 ]
