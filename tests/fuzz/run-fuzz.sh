#!/bin/sh
# run-fuzz.sh fuzz FUZZER DICT CORPUS SEEDS...: a bounded libFuzzer run
# (GW_FUZZ_TIME seconds, 60 unless set) that adds what it finds to CORPUS
# (a folder of the build directory, kept between runs) and reads SEEDS.
# run-fuzz.sh replay FUZZER INPUTS...: each input (file or folder) once, TAP.
# A crash leaves its input in the build directory's tests/fuzz/artifacts/;
# docs/reliability-testing.md says what to do with it.
set -u
mode="$1"
fuzzer="$2"
shift 2
artifacts="$(dirname "$fuzzer")/artifacts/$(basename "$fuzzer")/"
mkdir -p "$artifacts"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

case "$mode" in
  fuzz)
    dict="$1"
    corpus="$2"
    shift 2
    mkdir -p "$corpus"
    # -timeout: one input that runs 10 s is a hang; -rss_limit_mb: a bomb;
    # exit 1 on a finding, as libFuzzer's 77 means a skipped test to meson.
    exec "$fuzzer" -max_total_time="${GW_FUZZ_TIME:-60}" -rss_limit_mb=2048 -timeout=10 \
      -error_exitcode=1 -timeout_exitcode=1 -dict="$dict" -artifact_prefix="$artifacts" \
      -print_final_stats=1 "$corpus" "$@"
    ;;
  replay)
    # TAP, one line per input, so that every known crash is listed.
    list=$(mktemp)
    trap 'rm -f "$list"' EXIT
    for input in "$@"; do
      if [ -d "$input" ]; then
        find "$input" -type f ! -name '.*' ! -name '*.md' | sort
      elif [ -e "$input" ]; then
        echo "$input"
      fi
    done >"$list"
    n=$(wc -l <"$list")
    echo "1..$n"
    i=0
    while IFS= read -r f; do
      i=$((i + 1))
      if "$fuzzer" -rss_limit_mb=2048 -timeout=10 -error_exitcode=1 -timeout_exitcode=1 \
          -artifact_prefix="$artifacts" "$f" \
          >"$list.log" 2>&1; then
        echo "ok $i - $f"
      else
        sed 's/^/# /' "$list.log" | grep -v '^# INFO' | head -60
        echo "not ok $i - $f"
      fi
    done <"$list"
    rm -f "$list.log"
    ;;
  *)
    echo "usage: run-fuzz.sh fuzz|replay FUZZER ..." >&2
    exit 2
    ;;
esac
