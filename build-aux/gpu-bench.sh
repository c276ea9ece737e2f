#!/bin/sh
# gpu-bench.sh: the OpenCL engine's checks on a GPU machine, in one go.
#
# Run from the repository root on the GPU machine, with the bundle of
# build-aux/bundle-cli.sh present (_bundle/gigawatt-cli, or GW_BUNDLE=DIR).
# Writes everything to $OUT/gpu-bench.txt when OUT is set (the two runs'
# JSON beside it), else to standard output:
#
#   - the devices and what the auto engine picks (gigawatt-cli devices);
#   - gigawatt-cli bench --phases of the OpenCL engine at 10^4 .. 10^7 paths
#     (the first process builds the kernels; best of 3 below 10^7): wall
#     and device time per phase, launches, host reads, chunks, replays;
#   - the CPU engine on every core at 10^4 .. 10^6 paths, for comparison;
#   - one run of 10^5 paths on each engine with the same seed, as JSON, to
#     compare their numbers offline (the OpenCL engine's tolerance is in
#     docs/benchmarks.md).
#
# About 2 minutes on an H100/H200 with 16 cores; 10^7 paths take about
# 2 GiB of host memory and a quarter of the GPU's per chunk.
set -u

bundle=${GW_BUNDLE:-_bundle/gigawatt-cli}
cli=$bundle/gigawatt-cli
if [ ! -x "$cli" ]; then
  echo "gpu-bench.sh: no bundle at $bundle (run build-aux/bundle-cli.sh on the build machine)" >&2
  exit 1
fi
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT"
  exec >"$OUT/gpu-bench.txt" 2>&1
  json=$OUT
else
  json=$(mktemp -d)
fi
# a kernel cache of its own, so the first run's build is seen and timed
XDG_CACHE_HOME=${XDG_CACHE_HOME:-$(mktemp -d)}
export XDG_CACHE_HOME
cores=$(nproc 2>/dev/null || echo 1)

step () {
  echo
  echo "== $*"
  "$@"
  echo "(exit $?)"
}

echo "gpu-bench.sh: $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(uname -n), $cores cores"
step nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
step "$cli" devices
step "$cli" bench --builtin --engine opencl --paths 10000,100000,1000000 --repeat 3 --phases
step "$cli" bench --builtin --engine opencl --paths 10000000 --repeat 1 --phases
step "$cli" bench --builtin --engine cpu --threads "$cores" --paths 10000,100000,1000000 \
  --repeat 2 --phases
step "$cli" run --builtin --paths 100000 --seed 7 --engine opencl --json "$json/opencl-1e5.json"
step "$cli" run --builtin --paths 100000 --seed 7 --engine cpu --exact-quantiles \
  --json "$json/cpu-1e5.json"
echo
echo "gpu-bench.sh: done; JSON in $json"
