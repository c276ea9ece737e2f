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
# schema 1.0 files (the previous release's Baseline 2026) open, upgraded in
# memory, say so once on stderr, and stay as they are; what is written is 2.1
v1="$(dirname "$0")/data/v1"
cp "$v1/baseline-v1.gigawatt" "$v1/baseline-v1.json" "$dir/"
upgraded () { [ "$(grep -c 'was read as schema 1.0 and upgraded in memory' "$1")" = 1 ] &&
  grep -q 'The file is unchanged until it is saved' "$1"; }
for f in baseline-v1.gigawatt baseline-v1.json; do
  "$cli" validate "$dir/$f" >"$dir/out" 2>"$dir/err"; check $? "1.0 $f: validate"
  upgraded "$dir/err"; check $? "1.0 $f: validate says once that it was upgraded"
  "$cli" info "$dir/$f" >"$dir/out" 2>"$dir/err"; check $? "1.0 $f: info"
  upgraded "$dir/err"; check $? "1.0 $f: info says once that it was upgraded"
  grep -q "providers.amortizing_share *1 (neutral) in all 6 rows" "$dir/out" &&
    grep -q "market.relet_quarters *0 (neutral)" "$dir/out" &&
    grep -q "deals.signed *none (neutral) in all 5 rows" "$dir/out"
  check $? "1.0 $f: info shows the new fields at their neutral values"
  grep -q "model version 2;" "$dir/out"; check $? "1.0 $f: info says model version 2"
  "$cli" run "$dir/$f" --deterministic >"$dir/out" 2>"$dir/err"; check $? "1.0 $f: run"
  upgraded "$dir/err"; check $? "1.0 $f: run says once that it was upgraded"
  "$cli" export "$dir/$f" "$dir/$f.out.json" 2>"$dir/err"; check $? "1.0 $f: export"
  upgraded "$dir/err"; check $? "1.0 $f: export says once that it was upgraded"
  grep -q '"schema_version": "2.1"' "$dir/$f.out.json"; check $? "1.0 $f: export writes 2.1"
  cmp -s "$v1/$f" "$dir/$f"; check $? "1.0 $f: the file is unchanged"
done
cmp -s "$dir/baseline-v1.gigawatt.out.json" "$dir/baseline-v1.json.out.json"
check $? "the 1.0 file and its 1.0 JSON upgrade to the same 2.1 JSON"
"$cli" import "$dir/baseline-v1.json" "$dir/v2.gigawatt" 2>"$dir/err"; check $? "1.0 JSON: import"
upgraded "$dir/err"; check $? "1.0 JSON: import says once that it was upgraded"
[ "$(od -An -tx1 -j60 -N4 "$dir/v2.gigawatt" | tr -d ' ')" = 00004e21 ]
check $? "import writes user_version 20001 (schema 2.1)"
"$cli" validate "$dir/v2.gigawatt" >/dev/null 2>"$dir/err"; check $? "the 2.1 file validates"
[ ! -s "$dir/err" ]; check $? "a 2.1 file says nothing about an upgrade"
sed -e 's/"relet_quarters": 0,/"relet_quarters": 3,/' \
    -e 's/"name": "Meta II",/"name": "Meta II",\n      "signed": "2026Q2",/' \
    "$dir/baseline-v1.json.out.json" >"$dir/set.json"
"$cli" info "$dir/set.json" >"$dir/out" 2>"$dir/err"; check $? "info of a 2.0 file that sets new fields"
grep -q "market.relet_quarters *3$" "$dir/out" &&
  grep -q "deals.signed *set in 1 of 5 rows, none (neutral) in the others" "$dir/out"
check $? "info shows the new fields a 2.0 file sets"
"$cli" validate --builtin >/dev/null 2>"$dir/err"; [ ! -s "$dir/err" ]
check $? "the built-in scenario says nothing about an upgrade"
sed 's/"schema_version": "1.0"/"schema_version": "3.0"/' "$v1/baseline-v1.json" >"$dir/newer.json"
"$cli" validate "$dir/newer.json" 2>"$dir/err" >/dev/null; [ $? = 1 ]; check $? "3.0 JSON exits 1"
grep -q "newer Gigawatt" "$dir/err"; check $? "3.0 JSON says: newer Gigawatt"
sed 's/"market": {/"market": {\n    "relet_quarters": 2,/' "$v1/baseline-v1.json" >"$dir/holds.json"
"$cli" validate "$dir/holds.json" 2>"$dir/err" >/dev/null; [ $? = 1 ]; check $? "1.0 JSON with a 2.0 field exits 1"
grep -q "market, field “relet_quarters”: “relet_quarters” is new in schema 2.0" "$dir/err"
check $? "1.0 JSON with a 2.0 field names it"
# the view (the app's chart choices, the focus provider) goes through import
# and export; one that cannot be read is a warning, and the command goes on
{ sed '$d' "$dir/a.json"
  printf '  ,"view": {"chart:min-dscr": {"output": "npv", "provider": "Nebius"}, "focus_provider": "Lambda"}\n}\n'
} >"$dir/chosen.json"
"$cli" import "$dir/chosen.json" "$dir/chosen.gigawatt" 2>"$dir/err"; check $? "import a view"
[ ! -s "$dir/err" ]; check $? "a good view says nothing"
"$cli" export "$dir/chosen.gigawatt" "$dir/chosen-out.json"; check $? "export a view"
grep -q '^    "chart:min-dscr": {"output": "npv", "provider": "Nebius"},$' "$dir/chosen-out.json" &&
  grep -q '^    "focus_provider": "Lambda"$' "$dir/chosen-out.json"
check $? "the view goes through import and export"
"$cli" import "$dir/chosen-out.json" "$dir/chosen2.gigawatt"
cmp -s "$dir/chosen.gigawatt" "$dir/chosen2.gigawatt"; check $? "a file with a view: JSON -> file is byte-identical"
sed 's/"focus_provider": "Lambda"/"focus_provider": "Nobody"/' "$dir/chosen.json" >"$dir/badview.json"
"$cli" validate "$dir/badview.json" >/dev/null 2>"$dir/err"; check $? "a bad view is no error"
grep -q '^gigawatt-cli: warning: “badview.json”, view: “focus_provider”: the scenario has no provider “Nobody”' "$dir/err"
check $? "a bad view is a warning that names it"
if command -v pdftotext >/dev/null 2>&1; then
  # the report's provider pages are the document's focus provider's
  "$cli" report "$dir/chosen.gigawatt" --paths 200 --out "$dir/lambda.pdf"; check $? "report of a file with a focus provider"
  pdftotext "$dir/lambda.pdf" - | tr '\n' ' ' >"$dir/lambda.txt"
  grep -q "What moves Lambda’s NPV" "$dir/lambda.txt" && ! grep -q "What moves CoreWeave’s NPV" "$dir/lambda.txt"
  check $? "the report shows the focus provider"
  "$cli" report "$dir/a.gigawatt" --paths 200 --out "$dir/default.pdf"
  pdftotext "$dir/default.pdf" - | tr '\n' ' ' | grep -q "What moves CoreWeave’s NPV"
  check $? "without a focus provider, the report shows CoreWeave"
fi
# run: summary, CSV and JSON of the statistics
"$cli" run --builtin --deterministic >"$dir/out"; check $? "run --deterministic"
grep -q "Backlog, 2026Q1 *\$99.4B" "$dir/out"; check $? "run prints CoreWeave's backlog"
# version 2's outputs in the summary; hyperscaler revenue is an imputed rental value
grep -q "Collateral (resale value), 2026Q4 *[$]" "$dir/out"; check $? "run prints collateral"
grep -q "Free cash flow to equity, 2026 *[−$]" "$dir/out"; check $? "run prints the year's free cash flow"
grep -q "Interest, 2026 *[$]" "$dir/out"; check $? "run prints the year's interest"
grep -q "Anchor price, 2032Q4 *[$]" "$dir/out"; check $? "run prints the anchor price"
sed -n '/^  Hyperscalers$/,/^$/p' "$dir/out" >"$dir/hyper"
grep -q "Imputed rental value, 2026Q1" "$dir/hyper" && ! grep -q "Revenue" "$dir/hyper"
check $? "run calls hyperscaler revenue an imputed rental value"
sed -n '/^  CoreWeave$/,/^$/p' "$dir/out" | grep -q "Revenue, 2026Q1"; check $? "run calls a neocloud's revenue revenue"
"$cli" run --builtin --paths 3000 --seed 5 --csv "$dir/csv" --per-path --json "$dir/r.json" >"$dir/out"
check $? "run --paths 3000 --csv --json"
grep -q "P10" "$dir/out"; check $? "run prints P10/P50/P90"
head -1 "$dir/csv/series.csv" | grep -q "^series,provider,quarter,t,deterministic,mean,sd,min,max,p5,p10,p25,p50,p75,p90,p95$"
check $? "series.csv header"
# 14 market series + 18 per provider x 6 providers, 28 quarters, plus the header
[ "$(wc -l < "$dir/csv/series.csv")" = $(( (14 + 18 * 6) * 28 + 1 )) ]; check $? "series.csv has a row per series and quarter"
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
# charts: the new kinds and options give valid files; bad combinations exit 2
png_ok () { [ "$(od -An -tx1 -N8 "$1" | tr -d ' ')" = 89504e470d0a1a0a ]; }
# compare: the per-path difference of a series at a quarter (its column
# simulated again) and of the per-path scalar price_horizon are the same
# numbers at the last quarter, each counted its own way
"$cli" chart --builtin --paths 1000 --engine cpu --kind compare --against "TPU beachhead" \
  --at 2032Q4 --out "$dir/cmp.png" > "$dir/cmp-at.txt"
check $? "chart --kind compare --at"
png_ok "$dir/cmp.png"; check $? "compare --at PNG"
"$cli" chart --builtin --paths 1000 --engine cpu --kind compare --against "TPU beachhead" \
  --scalar price_horizon --out "$dir/cmp.svg" > "$dir/cmp-scalar.txt"
grep -q "^TPU beachhead − Base scenario, GPU-hour price, 2032Q4: the median of the per-path difference −\\$" \
  "$dir/cmp-at.txt"; check $? "compare --at names the series and its quarter"
[ -n "$(sed 's/.*: the median/the median/' "$dir/cmp-at.txt")" ] &&
  [ "$(sed 's/.*: the median/the median/' "$dir/cmp-at.txt")" = \
    "$(sed 's/.*: the median/the median/' "$dir/cmp-scalar.txt")" ]
check $? "compare --at 2032Q4 gives price_horizon's per-path difference"
"$cli" chart --builtin --paths 200 --kind histogram --at 2030Q4 --out "$dir/x.png" 2>/dev/null
[ $? = 2 ]; check $? "--at with --kind histogram exits 2"
"$cli" chart --builtin --paths 200 --kind compare --against "TPU beachhead" --at 2040Q1 \
  --out "$dir/x.png" 2>"$dir/err"
[ $? = 2 ] && grep -q "not “2040Q1”" "$dir/err" && [ ! -e "$dir/x.png" ]
check $? "compare --at outside the run exits 2, names it, writes nothing"
"$cli" chart --builtin --paths 200 --kind leverage --provider CoreWeave --out "$dir/lev.svg"
check $? "chart --kind leverage"
grep -q "<svg" "$dir/lev.svg" && grep -q "</svg>" "$dir/lev.svg"; check $? "leverage SVG is whole"
"$cli" chart --builtin --paths 200 --kind leverage --provider CoreWeave --out "$dir/lev.png" \
  --csv "$dir/lev.csv"
png_ok "$dir/lev.png"; check $? "leverage PNG"
grep -q "^collateral,2026Q1,0," "$dir/lev.csv" && grep -q "^ltv,2032Q4," "$dir/lev.csv"
check $? "leverage CSV has collateral and LTV"
"$cli" chart --builtin --paths 200 --kind waterfall --provider CoreWeave --out "$dir/wf.png" \
  --csv "$dir/wf.csv"
png_ok "$dir/wf.png"; check $? "chart --kind waterfall writes a PNG"
head -1 "$dir/wf.csv" | grep -q "^bar,label,year,value,start,end,total$" &&
  [ "$(grep -c ',2026,' "$dir/wf.csv")" = 8 ]
check $? "waterfall CSV: eight bars of 2026, the first full year"
"$cli" chart --builtin --paths 200 --kind waterfall --provider Hyperscalers --year 2028 \
  --out "$dir/wf.svg" --csv "$dir/wf2.csv"
grep -q "<svg" "$dir/wf.svg" && grep -q "Imputed rental value,2028" "$dir/wf2.csv"
check $? "waterfall --year of a hyperscaler starts from its imputed rental value"
"$cli" chart --builtin --paths 200 --kind waterfall --provider CoreWeave --year 2040 \
  --out "$dir/x.png" 2>"$dir/err"; [ $? = 2 ] && grep -q "2040" "$dir/err"
check $? "waterfall --year outside the run exits 2"
"$cli" chart --builtin --paths 200 --kind leverage --out "$dir/x.png" 2>/dev/null; [ $? = 2 ]
check $? "leverage without --provider exits 2"
"$cli" chart --builtin --paths 200 --kind leverage --provider Nobody --out "$dir/x.png" 2>/dev/null
[ $? = 2 ]; check $? "leverage of an unknown provider exits 2"
"$cli" chart --builtin --paths 200 --kind fan --series anchor --out "$dir/anchor.svg" \
  --csv "$dir/anchor.csv"
grep -q "^anchor,2026Q1,0," "$dir/anchor.csv"; check $? "chart --kind fan --series anchor"
"$cli" chart --builtin --paths 200 --kind fan --series price --out "$dir/price.svg" \
  --csv "$dir/price.csv"
grep -q "^price,2026Q1," "$dir/price.csv" && grep -q "^anchor,2026Q1," "$dir/price.csv"
check $? "the price fan carries the cost anchor"
"$cli" chart --builtin --paths 200 --kind lines --series revenue --neoclouds --out "$dir/n.svg" \
  --csv "$dir/n.csv"
grep -q "^CoreWeave," "$dir/n.csv" && ! grep -q "^Hyperscalers" "$dir/n.csv" &&
  ! grep -q "^OpenAI AMD" "$dir/n.csv"
check $? "chart --kind lines --neoclouds leaves the hyperscalers and captives out"
# --log: the text is drawn as glyphs, so compare the files with the linear ones
for s in revenue fcf; do
  "$cli" chart --builtin --paths 200 --kind fan --series $s --provider Nebius \
    --out "$dir/lin-$s.svg"
  "$cli" chart --builtin --paths 200 --kind fan --series $s --provider Nebius --log \
    --out "$dir/log-$s.svg"
done
! cmp -s "$dir/lin-revenue.svg" "$dir/log-revenue.svg"; check $? "chart --log draws a log axis"
cmp -s "$dir/lin-fcf.svg" "$dir/log-fcf.svg"
check $? "chart --log keeps a linear axis where a value is at or below zero"
"$cli" chart --builtin --paths 200 --kind fan --series bogus --out "$dir/x.png" 2>"$dir/err"
[ $? = 2 ] && grep -q "collateral" "$dir/err"; check $? "an unknown series lists the version-2 series"
# bench: one row per configuration, throughput and peak memory, and a
# ratio against the first row of its size
"$cli" bench --builtin --paths 500 --threads 1,2 --engine cpu --repeat 1 >"$dir/bench"; check $? "bench"
[ "$(grep -c '^cpu  *500 ' "$dir/bench")" = 2 ]; check $? "bench prints a row per thread count"
grep -q '^cpu  *500  *1 .* 1\.00x$' "$dir/bench"; check $? "bench's first row is the 1.00x reference"
"$cli" bench --builtin --paths 500 --threads 1 --engine cpu --repeat 1 --exact-quantiles >"$dir/bench"
check $? "bench --exact-quantiles"
grep -q "exact quantiles" "$dir/bench"; check $? "bench says its quantiles are exact"
"$cli" bench --paths 0 >/dev/null 2>&1; [ $? = 2 ]; check $? "bench --paths 0 exits 2"
"$cli" bench --builtin --paths 500 --threads 1 --engine cpu --repeat 1 --in-process >"$dir/bench"
check $? "bench --in-process"
grep -q "in one process" "$dir/bench" && grep -q '^cpu  *500  *1 ' "$dir/bench"
check $? "bench --in-process says so and prints its row"
# bench --phases: a table of phases under each row (the CPU engine's passes
# here; the OpenCL engine's counts are checked in test-opencl.c)
"$cli" bench --builtin --paths 500 --threads 1 --engine cpu --repeat 1 --phases >"$dir/bench"
check $? "bench --phases"
grep -q '^    phase  *wall ms  *device ms  *launches$' "$dir/bench"; check $? "bench --phases prints a phase table"
grep -q '^    load  *[0-9.]* ' "$dir/bench" && grep -q '^    pilot  *[0-9.]* ' "$dir/bench" \
  && grep -q '^    other  *[0-9.]* ' "$dir/bench"
check $? "bench --phases has the load, the CPU engine's passes and the rest"
# issue 14: the OpenCL fallback reason goes to standard error, also with
# --json -, and is recorded in the run's JSON; standard output stays JSON
mkdir -p "$dir/noicd"
OCL_ICD_VENDORS="$dir/noicd" "$cli" run --builtin --engine opencl --paths 300 --json - \
  >"$dir/fb.json" 2>"$dir/fb.err"
check $? "run --engine opencl without a driver falls back and exits 0"
grep -q "could not run, so the CPU engine did" "$dir/fb.err"; check $? "the fallback reason is on stderr"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if 'CPU engine did' in d['fallback'] else 1)" \
  "$dir/fb.json"
check $? "the run's JSON records the fallback and holds nothing else"
OCL_ICD_VENDORS="$dir/noicd" "$cli" run --builtin --engine opencl --paths 300 >"$dir/fb.out" 2>/dev/null
! grep -q "could not run" "$dir/fb.out"; check $? "the fallback reason is not on stdout"
"$cli" run --builtin --paths 300 --engine cpu --json - 2>/dev/null | \
  python3 -c "import json,sys; sys.exit(0 if json.load(sys.stdin)['fallback'] is None else 1)"
check $? "a run that did not fall back has fallback null"

# ---------------------------------------------------------------------------
# Hostile input (issue 14): every file of tests/data/hostile is refused by
# validate and import with exit status 1, one line on stderr naming the
# file, and import writes nothing.
hostile="$(dirname "$0")/data/hostile"
one_line () { [ "$(wc -l < "$1")" = 1 ] && grep -qF "$2" "$1"; }
while IFS='|' read -r file phrase; do
  [ -n "$file" ] || continue
  "$cli" validate "$hostile/$file" >/dev/null 2>"$dir/err"; [ $? = 1 ]
  check $? "hostile $file: validate exits 1"
  one_line "$dir/err" "$phrase"; check $? "hostile $file: one line that says: $phrase"
  rm -f "$dir/h.gigawatt"
  "$cli" import "$hostile/$file" "$dir/h.gigawatt" >/dev/null 2>"$dir/err"; [ $? = 1 ]
  check $? "hostile $file: import exits 1"
  one_line "$dir/err" "$file" && [ ! -e "$dir/h.gigawatt" ]
  check $? "hostile $file: import says why in one line and writes nothing"
done < "$hostile/expected.txt"
# 75,000 levels of nesting crashed json-glib
head -c 75000 /dev/zero | tr '\0' '[' > "$dir/deep.json"
"$cli" import "$dir/deep.json" "$dir/h.gigawatt" 2>"$dir/err"; [ $? = 1 ]
check $? "75,000 levels deep: import exits 1"
one_line "$dir/err" "(byte 64): the document is nested more than 64 levels deep"
check $? "75,000 levels deep: one line naming the byte offset"
# input that is not a regular file: a FIFO blocked for ever, /dev/zero was
# read without end
mkfifo "$dir/fifo.json"
timeout 20 "$cli" validate "$dir/fifo.json" >/dev/null 2>"$dir/err"; [ $? = 1 ]
check $? "a FIFO as input exits 1 at once"
one_line "$dir/err" "is a named pipe (FIFO), not a regular file"; check $? "a FIFO as input is named"
ln -s /dev/zero "$dir/zero.json"
for zero in /dev/zero "$dir/zero.json"; do
  timeout 20 "$cli" validate "$zero" >/dev/null 2>"$dir/err"; [ $? = 1 ]
  check $? "$zero as input exits 1 at once"
  one_line "$dir/err" "is a character device, not a regular file"; check $? "$zero as input is named"
done
# a hot rollback journal beside a file: refused, both left as they were
"$cli" new --builtin "$dir/hot.gigawatt"
printf '\331\325\005\371\040\241\143\327' > "$dir/hot.gigawatt-journal"
cp "$dir/hot.gigawatt" "$dir/hot.before"
"$cli" info "$dir/hot.gigawatt" >/dev/null 2>"$dir/err"; [ $? = 1 ]; check $? "a hot journal: info exits 1"
one_line "$dir/err" "“hot.gigawatt” has an unfinished write (hot.gigawatt-journal)"
check $? "a hot journal is named"
cmp -s "$dir/hot.gigawatt" "$dir/hot.before" && [ -s "$dir/hot.gigawatt-journal" ]
check $? "a hot journal: the file and the journal are left as they were"
# saving keeps what is at the path: mode, link; refuses read-only and
# special files; export to - still writes to standard output
"$cli" export --builtin - | grep -q '"format": "gigawatt-scenario"'; check $? "export to - writes standard output"
"$cli" export --builtin "$dir/mode.json" && chmod 600 "$dir/mode.json" &&
  "$cli" export "$dir/a.gigawatt" "$dir/mode.json" && [ "$(stat -c %a "$dir/mode.json")" = 600 ]
check $? "export keeps a 0600 file 0600"
mkdir "$dir/real" && ln -s real/t.gigawatt "$dir/link.gigawatt"
"$cli" import "$dir/a.json" "$dir/link.gigawatt" && [ -L "$dir/link.gigawatt" ] &&
  cmp -s "$dir/real/t.gigawatt" "$dir/a.gigawatt"
check $? "import through a symbolic link writes its target and keeps the link"
cp "$dir/a.gigawatt" "$dir/ro.gigawatt" && chmod 444 "$dir/ro.gigawatt"
"$cli" new --builtin "$dir/ro.gigawatt" 2>"$dir/err"; [ $? = 1 ]; check $? "a read-only target exits 1"
one_line "$dir/err" "Cannot save “ro.gigawatt”: it is read-only" &&
  cmp -s "$dir/ro.gigawatt" "$dir/a.gigawatt"
check $? "a read-only target is named and left as it was"
mkfifo "$dir/out-fifo.gigawatt"
timeout 20 "$cli" import "$dir/a.json" "$dir/out-fifo.gigawatt" 2>"$dir/err"; [ $? = 1 ]
check $? "a FIFO as target exits 1"
one_line "$dir/err" "is a named pipe (FIFO), not a regular file" && [ -p "$dir/out-fifo.gigawatt" ]
check $? "a FIFO as target is named and left a FIFO"
# a device node of our own, never /dev/null itself (needs root)
if mknod "$dir/null.gigawatt" c 1 3 2>/dev/null; then
  "$cli" import "$dir/a.json" "$dir/null.gigawatt" 2>"$dir/err"; [ $? = 1 ]
  check $? "a device as target exits 1"
  one_line "$dir/err" "is a character device, not a regular file" && [ -c "$dir/null.gigawatt" ]
  check $? "a device as target is named and left a device"
fi
[ -z "$(find "$dir" -name '*.gigawatt-tmp*')" ]; check $? "no temporary file is left behind"

# Exit codes of option values (issue 14, item 14): a malformed or
# out-of-range option value is a usage error, 2, with one line that names the
# option, whatever the file (the options are read first); a bad input file
# with good options is 1. Nothing is written in either case.
usage_exit () {
  # usage_exit OPTION ARGS...: exits 2, names OPTION first, writes nothing
  opt="$1"
  shift
  rm -rf "$dir/out-csv" "$dir/opt.svg"
  "$cli" "$@" >/dev/null 2>"$dir/err"
  [ $? = 2 ] && head -n 1 "$dir/err" | grep -q -e "$opt" && [ ! -e "$dir/out-csv" ] && [ ! -e "$dir/opt.svg" ]
}
for args in "--paths 0" "--paths 1e9" "--paths 100000001" "--paths -5" "--paths 2.5" \
    "--paths abc" "--paths ''" "--threads -1" "--threads 0" "--threads 257" "--seed abc" \
    "--seed -1" "--seed 18446744073709551616" "--seed 1e20" "--device abc" "--device -1" \
    "--engine gpu"; do
  eval "set -- $args"
  usage_exit "$1" run --builtin "$@" --csv "$dir/out-csv"
  check $? "run $args exits 2"
  usage_exit "$1" run "$dir/bad.gigawatt" "$@"
  check $? "run $args exits 2 before the bad file is read"
done
for args in "--paths 0" "--paths 1e9" "--paths nan" "--width 1e400" "--width 199" \
    "--height nan" "--dpi -5" "--dpi 1201" "--year 2027.5" "--threshold inf"; do
  eval "set -- $args"
  usage_exit "$1" chart --builtin --kind fan --series price --out "$dir/opt.svg" "$@"
  check $? "chart $args exits 2"
done
for args in "--paths 0" "--threads 257" "--repeat 0" "--repeat 101"; do
  eval "set -- $args"
  usage_exit "$1" bench --builtin --engine cpu "$@"
  check $? "bench $args exits 2"
done
usage_exit --paths report --builtin --paths 0 --out "$dir/opt.pdf"
check $? "report --paths 0 exits 2"
"$cli" run "$dir/bad.gigawatt" --paths 100 --seed 7 --threads 1 >/dev/null 2>"$dir/err"
[ $? = 1 ] && [ "$(wc -l <"$dir/err")" = 1 ]
check $? "a bad file with good options exits 1 with one line"
# goal and sweep (issue 17): common random numbers, so a statistic that
# is linear in the input (the first quarter's price is market.price_0 on
# every path) is hit exactly by the first secant step: 3 runs.
"$cli" goal --builtin --input market.price_0 --output price:2026Q1 --stat p50 --target 2 \
  --range 1,4 --engine cpu --paths 300 --threads 1 >"$dir/goal"
check $? "goal runs"
grep -q '^market.price_0 = 2 gives P50 of price:2026Q1 = 2 (target 2)$' "$dir/goal"
check $? "goal finds the linear root exactly"
[ "$(grep -c '^ *[0-9][0-9]* ' "$dir/goal")" = 3 ]; check $? "goal takes three runs"
"$cli" goal --builtin --input market.price_0 --output price:2026Q1 --stat p50 --target 9 \
  --range 1,4 --engine cpu --paths 300 --threads 1 >/dev/null 2>"$dir/err"
[ $? = 1 ] && [ "$(wc -l <"$dir/err")" = 1 ] && grep -q "no value of market.price_0 from 1 to 4" "$dir/err"
check $? "goal with no root in the range exits 1 and says so"
"$cli" goal --builtin --input market.price_0 --output price:2026Q1 --stat p50 >/dev/null 2>&1
[ $? = 2 ]; check $? "goal without --target exits 2"
"$cli" goal --builtin --input market.price_0 --output price:2026Q1 --stat p42 --target 1 >/dev/null 2>&1
[ $? = 2 ]; check $? "goal with a quantile Gigawatt does not keep exits 2"
"$cli" goal --builtin --input market.price_0 --output price:2019Q1 --stat p50 --target 2 \
  --range 1,4 --paths 100 --engine cpu >/dev/null 2>&1
[ $? = 1 ]; check $? "goal at a quarter outside the run exits 1"
"$cli" goal --builtin --input market.nothing --output price:2026Q1 --stat p50 --target 2 \
  --range 1,4 --paths 100 --engine cpu >/dev/null 2>&1
[ $? = 1 ]; check $? "goal with an unknown input exits 1"
"$cli" sweep --builtin --input market.token_growth --range 1,9 --steps 5 \
  --output price:2030Q4 --output npv@CoreWeave --stat p10,p50 --engine cpu --paths 500 \
  --threads 1 --csv "$dir/sweep.csv" >/dev/null
check $? "sweep runs"
[ "$(wc -l <"$dir/sweep.csv")" = 6 ] && head -n 1 "$dir/sweep.csv" | grep -q '"P50 of npv@CoreWeave"$'
check $? "sweep writes a header and a row per step"
[ "$(cut -d, -f1 "$dir/sweep.csv" | tail -n +2 | tr '\n' ' ')" = "1 3 5 7 9 " ]
check $? "sweep steps evenly over the range"
# more token demand, a higher median price in 2030 (the same paths each time)
cut -d, -f3 "$dir/sweep.csv" | tail -n +2 | sort -g -c 2>/dev/null
check $? "sweep: the 2030 median price rises with token growth"
# a grid (--by): one line per value of the second input, whose line at a
# value is the one-input sweep's (the same paths); the first line's
# token growth is the one-input sweep's at 3 and 7 above
"$cli" sweep --builtin --input market.token_growth --range 3,7 --steps 2 \
  --by "deals[Meta II].price" --by-values 1.5,3 --output price:2030Q4 --stat p10,p50 \
  --engine cpu --paths 500 --threads 1 --csv "$dir/grid.csv" >/dev/null
check $? "sweep --by runs"
[ "$(wc -l <"$dir/grid.csv")" = 5 ] && head -n 1 "$dir/grid.csv" | grep -q '^"deals\[Meta II\].price","market.token_growth",'
check $? "sweep --by writes the second input first and a row per pair"
[ "$(cut -d, -f1 "$dir/grid.csv" | tail -n +2 | tr '\n' ' ')" = "1.5 1.5 3 3 " ]
check $? "sweep --by holds each value of the second input along a line"
"$cli" sweep --builtin --input market.token_growth --steps 3 --spider market.efficiency_gain \
  --output npv@CoreWeave --engine cpu --paths 500 --threads 1 --csv "$dir/spider.csv" >/dev/null
check $? "sweep --spider runs"
[ "$(wc -l <"$dir/spider.csv")" = 7 ] && head -n 1 "$dir/spider.csv" | grep -q '^"input","percentile","value",'
check $? "sweep --spider writes a row per input and percentile"
[ "$(cut -d, -f2 "$dir/spider.csv" | tail -n +2 | sort -u | tr '\n' ' ')" = "0.10000000000000001 0.5 0.90000000000000002 " ]
check $? "sweep --spider sweeps each input over its P10, P50 and P90"
"$cli" sweep --builtin --input market.token_growth --by market.efficiency_gain --output npv@CoreWeave >/dev/null 2>&1
[ $? = 2 ]; check $? "sweep --by without --by-values exits 2"
"$cli" sweep --builtin --input market.token_growth --by market.efficiency_gain --by-values 1,x \
  --output npv@CoreWeave >/dev/null 2>&1
[ $? = 2 ]; check $? "sweep --by-values with a word exits 2"
# results are saved as scenarios are (data/gw-io.c): a symlink is followed
# and stays a link, a read-only file is refused and left as it was
printf 'keep' > "$dir/ro.json"; chmod 0444 "$dir/ro.json"
# (root too: a file without any write bit is refused)
"$cli" run --builtin --paths 100 --engine cpu --json "$dir/ro.json" >/dev/null 2>&1
[ $? = 1 ] && [ "$(cat "$dir/ro.json")" = keep ]
check $? "run --json refuses a read-only file and leaves it"
printf 'old' > "$dir/target.json"; ln -s target.json "$dir/link.json"
"$cli" run --builtin --paths 100 --engine cpu --json "$dir/link.json" >/dev/null 2>&1 &&
  [ -L "$dir/link.json" ] && grep -q '"paths"' "$dir/target.json"
check $? "run --json through a symlink writes its target and keeps the link"
# --per-path: every path's scalars and sampled inputs, one row each
"$cli" run --builtin --paths 300 --engine cpu --threads 1 --csv "$dir/pp" --per-path >/dev/null
check $? "run --per-path"
[ "$(wc -l <"$dir/pp/paths.csv")" = 301 ] && head -n 1 "$dir/pp/paths.csv" | grep -q ',market.token_growth,'
check $? "paths.csv has a row per path and the sampled inputs"
[ "$(awk -F, '{print NF}' "$dir/pp/paths.csv" | sort -u | wc -l)" = 1 ] &&
  [ "$(awk -F, 'NR > 1 { for (i = 1; i <= NF; i++) if ($i == "") e++ } END { print e + 0 }' "$dir/pp/paths.csv")" = 0 ]
check $? "paths.csv: every row as wide as the header, no empty cell"
# sensitivity names inputs as people do, with the override path beneath
"$cli" run --builtin --paths 300 --engine cpu --threads 1 --sensitivity npv@CoreWeave >"$dir/sens"
grep -q '^  Token growth  ' "$dir/sens" && grep -q '^    market.token_growth$' "$dir/sens" &&
  grep -q '^  CoreWeave: Opex  ' "$dir/sens"
check $? "sensitivity labels inputs in words"
# converge: more paths until the standard error is under the target
"$cli" converge --builtin --output min_dscr@CoreWeave --stat 'P(<1)' --se 0.02 --paths 200 \
  --engine cpu --threads 1 >"$dir/conv"
check $? "converge reaches a standard error"
# P near 0.5: SE = sqrt(0.25 / N) <= 0.02 needs N >= 625; 200 paths are not enough
last=$(tail -n 1 "$dir/conv")
n_paths=$(echo "$last" | sed -n 's/.* with \([0-9]*\) paths$/\1/p')
[ -n "$n_paths" ] && [ "$n_paths" -ge 625 ] && [ "$(grep -c '^ *[0-9]' "$dir/conv")" -ge 2 ]
check $? "converge adds paths until SE = sqrt(P(1-P)/N) is small enough"
"$cli" converge --builtin --output min_dscr@CoreWeave --stat 'P(<1)' --se 0.0001 --paths 200 \
  --max-paths 400 --engine cpu --threads 1 >/dev/null 2>&1
[ $? = 1 ]; check $? "converge that runs out of paths exits 1"
"$cli" converge --builtin --output price:2030Q4 --stat p50 --se 0.1 --paths 200 \
  --engine cpu >/dev/null 2>&1
[ $? = 1 ]; check $? "converge on a series quantile (no paths kept) exits 1"
# stat: a probability of a series at a quarter, from the run's own paths
# simulated again: above the median of 1,000 paths lie exactly half of them
"$cli" stat --builtin --output fleet_mw@CoreWeave:2026Q4 --stat p50 --engine cpu --paths 1000 \
  --threads 1 >"$dir/stat"
check $? "stat runs"
median=$(sed -n 's/^P50 of fleet_mw@CoreWeave:2026Q4 = \([0-9.e+-]*\) .*/\1/p' "$dir/stat")
"$cli" stat --builtin --output fleet_mw@CoreWeave:2026Q4 --stat "P(>$median),P(<$median)" \
  --engine cpu --paths 1000 >"$dir/stat2"
grep -q '^P(> [0-9.]*) of fleet_mw@CoreWeave:2026Q4 = 0.5 ± 0.0158 ' "$dir/stat2" &&
  grep -q '^P(< [0-9.]*) of fleet_mw@CoreWeave:2026Q4 = 0.5 ' "$dir/stat2"
check $? "stat: P(> median) of a series = 0.5 on the same paths, SE sqrt(0.25/1000)"
# filtering: a statistic over the paths that meet a condition equals the
# same statistic computed here from --per-path output (issue 17)
"$cli" run --builtin --paths 1000 --engine cpu --threads 1 --csv "$dir/flt" --per-path >/dev/null
"$cli" stat --builtin --paths 1000 --engine cpu --threads 1 --output npv@CoreWeave --stat p50 \
  --where "market.token_growth < 4" >"$dir/flt.out"
check $? "stat --where runs"
npv_col=$(head -n 1 "$dir/flt/paths.csv" | tr ',' '\n' | grep -n '^npv\[CoreWeave\]$' | cut -d: -f1)
tg_col=$(head -n 1 "$dir/flt/paths.csv" | tr ',' '\n' | grep -n '^market.token_growth$' | cut -d: -f1)
tail -n +2 "$dir/flt/paths.csv" | awk -F, -v t="$tg_col" -v x="$npv_col" '$t < 4 { print $x }' |
  sort -g >"$dir/flt.kept"
kept=$(wc -l <"$dir/flt.kept")
want=$(awk -v n="$kept" '{ v[NR - 1] = $1 } END { h = (n - 1) * 0.5; k = int (h);
  printf "%.8g", v[k] + (h - k) * (v[k + 1] - v[k]) }' "$dir/flt.kept")
grep -q "^$kept of 1000 paths meet the conditions" "$dir/flt.out" &&
  grep -q "^P50 of npv@CoreWeave = $want over the $kept paths kept" "$dir/flt.out"
check $? "stat --where: the filtered P50 ($want over $kept paths) matches paths.csv"
# an event indicator: the paths where the TPU beachhead happened, as the
# app's filter bar keeps them; paths.csv has the same indicator per path
"$cli" stat --builtin --paths 1000 --engine cpu --threads 1 --output npv@CoreWeave --stat p50,mean \
  --where "TPU beachhead happened" >"$dir/flt-ev.out"
check $? "stat --where 'TPU beachhead happened' runs"
ev_col=$(head -n 1 "$dir/flt/paths.csv" | tr ',' '\n' | grep -n '^events\[TPU beachhead\]\.happened$' | cut -d: -f1)
tail -n +2 "$dir/flt/paths.csv" | awk -F, -v e="$ev_col" -v x="$npv_col" '$e == 1 { print $x }' |
  sort -g >"$dir/flt-ev.kept"
kept=$(wc -l <"$dir/flt-ev.kept")
want=$(awk -v n="$kept" '{ v[NR - 1] = $1 } END { h = (n - 1) * 0.5; k = int (h);
  printf "%.8g", v[k] + (h - k) * (v[k + 1] - v[k]) }' "$dir/flt-ev.kept")
[ "$kept" -gt 100 ] && [ "$kept" -lt 400 ] &&
  grep -q "^$kept of 1000 paths meet the conditions" "$dir/flt-ev.out" &&
  grep -q "^P50 of npv@CoreWeave = $want over the $kept paths kept" "$dir/flt-ev.out"
check $? "stat --where 'TPU beachhead happened': P50 ($want over $kept paths) matches paths.csv"
[ "$(awk -F, -v e="$ev_col" 'NR > 1 && $e != 0 && $e != 1' "$dir/flt/paths.csv" | wc -l)" = 0 ] &&
  "$cli" stat --builtin --paths 1000 --engine cpu --output npv@CoreWeave \
    --where "events[TPU beachhead] did not happen" | grep -q "^$((1000 - kept)) of 1000 paths"
check $? "event indicators are 0 or 1, and 'did not happen' keeps the other paths"
"$cli" stat --builtin --paths 200 --engine cpu --output npv@CoreWeave --where "Meteor happened" \
  >/dev/null 2>"$dir/err"
[ $? = 1 ] && grep -q 'the scenario has no event “Meteor”' "$dir/err"
check $? "a filter on an unknown event exits 1 and says so"
# a chart of the filtered paths beside the whole (issue 17, item 5): a
# histogram's filtered shares are the kept paths of paths.csv per bin
"$cli" chart --builtin --paths 1000 --engine cpu --kind histogram --scalar npv@CoreWeave \
  --where "market.token_growth < 4" --out "$dir/flt-h.png" --csv "$dir/flt-h.csv" 2>"$dir/flt-h.err"
check $? "chart --where draws a histogram"
png_ok "$dir/flt-h.png"; check $? "chart --where writes a PNG"
tail -n +2 "$dir/flt/paths.csv" | awk -F, -v t="$tg_col" -v x="$npv_col" '$t < 4 { print $x }' \
  >"$dir/flt-h.kept"
kept=$(wc -l <"$dir/flt-h.kept")
grep -q "^$kept of 1000 paths meet the conditions" "$dir/flt-h.err" &&
  head -1 "$dir/flt-h.csv" | grep -q "^bin_low,bin_high,share,cumulative,filtered_share,filtered_cumulative$" &&
  awk -F, -v n="$kept" -v kf="$dir/flt-h.kept" '
    BEGIN { while ((getline v < kf) > 0) x[m++] = v }
    NR > 2 { rows[NR] = $0 }
    END { bad = 0
      for (r = 3; r < NR; r++) { split (rows[r], f, ",")
        c = 0; for (i = 0; i < m; i++) if (x[i] >= f[1] && x[i] < f[2]) c++
        if (c / n - f[5] > 1e-9 || f[5] - c / n > 1e-9) bad++ }
      exit bad > 0 }' "$dir/flt-h.csv"
check $? "chart --where: filtered shares per bin are the kept paths of paths.csv ($kept)"
"$cli" chart --builtin --paths 1000 --engine cpu --kind fan --where "market.token_growth < 4" \
  --line 1.5 --at 2029Q1 --out "$dir/flt-f.png" --csv "$dir/flt-f.csv" 2>/dev/null &&
  png_ok "$dir/flt-f.png" &&
  head -1 "$dir/flt-f.csv" | grep -q ",p95,set,paths$" &&
  grep -q "^price,2029Q1,12,.*,filtered,$kept$" "$dir/flt-f.csv"
check $? "chart --where --line: a fan's filtered rows in CSV"
"$cli" chart --builtin --paths 200 --kind waterfall --provider CoreWeave --where "TPU beachhead happened" \
  --out "$dir/flt-w.svg" --csv "$dir/flt-w.csv" 2>/dev/null &&
  head -1 "$dir/flt-w.csv" | grep -q ",total,filtered_value,filtered_start,filtered_end$"
check $? "chart --where: a waterfall's filtered bars in CSV"
"$cli" chart --builtin --paths 200 --kind lines --series revenue --where "market.token_growth < 0" \
  --out "$dir/flt-0.png" 2>"$dir/err" && grep -q "^0 of 200 paths" "$dir/err" && png_ok "$dir/flt-0.png"
check $? "chart --where that keeps no path draws the whole and says so"
"$cli" chart --builtin --paths 200 --kind fan --where "Meteor happened" --out "$dir/x.png" \
  2>"$dir/err"; [ $? = 1 ] && grep -q 'no event “Meteor”' "$dir/err"
check $? "chart --where on an unknown event exits 1"
"$cli" chart --builtin --kind fan --where "token growth ~ 3" --out "$dir/x.png" 2>/dev/null
[ $? = 2 ]; check $? "chart --where that does not parse exits 2"
"$cli" chart --builtin --kind histogram --line 1 --out "$dir/x.png" 2>/dev/null
[ $? = 2 ]; check $? "chart --line is for fans"
"$cli" drivers --builtin --output npv@CoreWeave --tail 0.1 --engine cpu --paths 1000 --threads 1 \
  >"$dir/drivers"
check $? "drivers runs"
grep -q '^What sets apart the lowest 10% of npv@CoreWeave (100 of 1000 paths):$' "$dir/drivers"
check $? "drivers takes the lowest 10%"
"$cli" stat --builtin --output npv@CoreWeave --where "market.token_growth ~ 4" >/dev/null 2>&1
[ $? = 2 ]; check $? "a condition that does not parse exits 2"
"$cli" stat --builtin --paths 200 --engine cpu --output npv@CoreWeave --where "market.price_0 < 3" >/dev/null 2>"$dir/err"
[ $? = 1 ] && grep -q '“market.price_0 < 3”: market.price_0 is not uncertain' "$dir/err"
check $? "a filter on an input that is not sampled exits 1 and says so"
echo "1..$n"
[ $fails = 0 ]
