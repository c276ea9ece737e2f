#!/bin/sh
# test-oclgrind.sh TEST-OPENCL: the OpenCL engine's kernels under oclgrind
# (out-of-bounds accesses, data races, API misuse) on a small scenario.
# TAP; skips when oclgrind is not installed.
set -u
test_opencl="$1"

echo "1..1"
if ! command -v oclgrind >/dev/null 2>&1; then
  echo "ok 1 - oclgrind # SKIP oclgrind is not installed (Debian package oclgrind)"
  exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# oclgrind is the only platform inside it; a fresh cache so nothing is
# loaded from a binary built for another device.
XDG_CACHE_HOME=$(mktemp -d) oclgrind --data-races --check-api --uninitialized \
  "$test_opencl" -p /gw/opencl/small >"$log" 2>&1
status=$?
sed 's/^/# /' "$log"
if [ $status -ne 0 ]; then
  echo "not ok 1 - oclgrind run failed (exit $status)"
  exit 0
fi
if grep -Eq "Invalid (read|write)|data race|Uninitialized|Oclgrind - (Invalid|Error)|API error|not ok" "$log"; then
  echo "not ok 1 - oclgrind reported errors"
  exit 0
fi
if grep -q "SKIP" "$log"; then
  echo "ok 1 - oclgrind # SKIP no OpenCL device under oclgrind"
  exit 0
fi
echo "ok 1 - kernels clean under oclgrind"
