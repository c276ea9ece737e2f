#!/bin/sh
# validate-desktop.sh TOOL ARGS...: runs a validator as a TAP test,
# skipping when the tool is not installed.
tool=$1
shift
if ! command -v "$tool" >/dev/null 2>&1; then
  echo "1..0 # SKIP $tool is not installed"
  exit 0
fi
echo "1..1"
if out=$("$tool" "$@" 2>&1); then
  echo "ok 1 - $tool $*"
else
  printf '%s\n' "$out" | sed 's/^/# /'
  echo "not ok 1 - $tool $*"
fi
