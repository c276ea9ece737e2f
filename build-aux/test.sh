#!/bin/sh
# Runs the whole test suite, as CI does (.ci/run):
#   1. _build: every test, suite slow included;
#   2. _asan: the displayless suite again under AddressSanitizer (leaks
#      included, tests/lsan.supp) and UndefinedBehaviorSanitizer;
#   3. _fuzz (clang): the loaders' fuzz targets for 60 s each
#      (GW_FUZZ_TIME) and the inputs of tests/fuzz/crashes.
# Every stage runs even when an earlier one failed; the exit status is 1 if
# any failed. docs/reliability-testing.md has the details.
#
# GW_QUICK=1 sh build-aux/test.sh   stage 1 without suite slow: a minute or
#                                   two, for between edits
# GW_FUZZ=0 sh build-aux/test.sh    without stage 3 (fuzzing)
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
failed=""

stage ()
{
  echo
  echo "=== $1"
}

# 1. The build and the whole suite.
stage "build and test (_build)"
[ -d _build ] || meson setup _build || exit 1
ninja -C _build || exit 1
if [ "${GW_QUICK:-0}" = 1 ]; then
  exec meson test -C _build --print-errorlogs --no-suite slow
fi
meson test -C _build --print-errorlogs || failed="$failed tests"

# 2. Sanitizers. Suite slow is left out: oclgrind cannot preload its
# runtime before ASan's, and the 10^5-path band adds nothing that the
# default band does not check under ASan. Timeouts x3 for the sanitizers.
stage "AddressSanitizer and UndefinedBehaviorSanitizer (_asan)"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# use_sigaltstack=0: PoCL's LLVM swaps a thread's alternate signal stack for
# one of its own from malloc when it first compiles a kernel; when that
# thread (a GTask worker of the auto engine) exits, ASan would munmap the
# malloc'd stack and abort with "unable to unmap" (CI, cold kernel cache).
export ASAN_OPTIONS=detect_leaks=1:use_sigaltstack=0
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
if { [ -d _asan ] || meson setup _asan -Db_sanitize=address,undefined -Db_lundef=false; } &&
   ninja -C _asan; then
  meson test -C _asan --suite displayless --no-suite slow --timeout-multiplier 3 \
    --print-errorlogs || failed="$failed sanitizers"
else
  failed="$failed sanitizers-build"
fi

# 3. Fuzzing: only the fuzz targets are built (model/ and data/, the
# loaders, with coverage, ASan and UBSan); the rest is not fuzzed.
if [ "${GW_FUZZ:-1}" = 1 ]; then
  stage "fuzzing (_fuzz)"
  if ! command -v clang >/dev/null 2>&1; then
    echo "clang is not installed (sh build-aux/install-deps.sh installs it)"
    failed="$failed fuzz-clang"
  elif { [ -d _fuzz ] || CC=clang meson setup _fuzz -Dfuzzing=true \
           -Db_sanitize=address,undefined -Db_lundef=false; } &&
       ninja -C _fuzz tests/fuzz/fuzz-json tests/fuzz/fuzz-gigawatt tests/fuzz/deep-75000.json; then
    meson test -C _fuzz --suite fuzz --no-rebuild --print-errorlogs || failed="$failed fuzz"
  else
    failed="$failed fuzz-build"
  fi
fi

if [ -n "$failed" ]; then
  echo
  echo "FAILED:$failed"
  exit 1
fi
