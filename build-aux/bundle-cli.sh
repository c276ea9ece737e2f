#!/bin/sh
# bundle-cli.sh [BUILD_DIR [OUT_DIR]]: a relocatable gigawatt-cli, for a
# machine that has a GPU driver and little else (no GLib, no OpenCL ICD
# loader, no /etc/OpenCL/vendors).
#
#   OUT_DIR/gigawatt-cli      the launcher: run this
#   OUT_DIR/bin/gigawatt-cli  the program (stripped)
#   OUT_DIR/lib/              every shared library it links (ldd), the
#                             OpenCL ICD loader libOpenCL.so.1 included,
#                             except the C library and the loader
#
# BUILD_DIR defaults to _build, OUT_DIR to _bundle/gigawatt-cli (git
# ignores _bundle: the script leaves a .gitignore there). The launcher puts
# lib/ first on LD_LIBRARY_PATH and, where no OpenCL vendor is configured,
# points the ICD loader at the NVIDIA driver's libnvidia-opencl.so.1.
#
# The script checks the result: the program's libraries must resolve into
# lib/ with LD_LIBRARY_PATH cleared but for it, the launcher must run
# `bench --builtin --engine cpu --paths 1000` with an empty environment, and
# a copy of it that sees no vendor file must reach this machine's OpenCL
# driver (standing in for NVIDIA's) through the one it writes.
# The libraries keep this machine's needs from the C library (glibc 2.36 on
# Debian 12, for libexpat): the target's must be as new, or the bundle must
# be made on an older system. The script prints the version needed and the
# launcher says so on a system with an older one.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/_build}
out=${2:-$root/_bundle/gigawatt-cli}
bin=$build/app/gigawatt-cli

if [ ! -x "$bin" ]; then
  echo "bundle-cli.sh: $bin is not built (meson setup _build && ninja -C _build)" >&2
  exit 1
fi

# The C library and the dynamic loader come from the target system: they
# must match its kernel and each other.
is_system_lib () {
  case "$1" in
    linux-vdso.so.*|linux-gate.so.*|ld-linux*.so.*|libc.so.*|libm.so.*|libpthread.so.*| \
    libdl.so.*|librt.so.*|libresolv.so.*|libutil.so.*|libanl.so.*|libnsl.so.*| \
    libmvec.so.*) return 0 ;;
  esac
  return 1
}

rm -rf "$out"
mkdir -p "$out/bin" "$out/lib"
case "$out" in
  "$root"/_bundle/*) printf '*\n' >"$root/_bundle/.gitignore" ;;
esac

cp "$bin" "$out/bin/gigawatt-cli"
strip --strip-unneeded "$out/bin/gigawatt-cli" 2>/dev/null || true
ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | while read -r name path; do
  if is_system_lib "$name"; then
    continue
  fi
  cp -L "$path" "$out/lib/$name"
  chmod 644 "$out/lib/$name"
  strip --strip-unneeded "$out/lib/$name" 2>/dev/null || true
done
if [ ! -e "$out/lib/libOpenCL.so.1" ]; then
  echo "bundle-cli.sh: gigawatt-cli does not link libOpenCL.so.1 (built without OpenCL?)" >&2
  exit 1
fi

# the newest glibc symbol version the program and its libraries use
glibc=$(for f in "$out/bin/gigawatt-cli" "$out"/lib/*; do objdump -T "$f" 2>/dev/null; done \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -uV | tail -n 1)

cat >"$out/gigawatt-cli" <<'EOF'
#!/bin/sh
# gigawatt-cli from a bundle (build-aux/bundle-cli.sh): its own libraries,
# and an OpenCL vendor file for the NVIDIA driver when the system has none.
here=$(dirname "$(readlink -f "$0")")
LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH

need=@GLIBC@
have=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{ print $2 }')
if [ -n "$need" ] && [ -n "$have" ] \
   && [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)" != "$need" ]; then
  echo "gigawatt-cli: this bundle needs glibc $need or later and this system has $have;" \
       "make the bundle on a system as old as this one" >&2
fi

vendors=
if [ -z "${OCL_ICD_VENDORS:-}" ] && ! ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; then
  for lib in /usr/lib/libnvidia-opencl.so.1 /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 \
             /usr/lib64/libnvidia-opencl.so.1; do
    if [ -e "$lib" ]; then
      vendors=$(mktemp -d "${TMPDIR:-/tmp}/gigawatt-icd.XXXXXX")
      printf '%s\n' "$lib" >"$vendors/nvidia.icd"
      OCL_ICD_VENDORS=$vendors
      export OCL_ICD_VENDORS
      break
    fi
  done
fi

if [ -z "$vendors" ]; then
  exec "$here/bin/gigawatt-cli" "$@"
fi
trap 'rm -rf "$vendors"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
"$here/bin/gigawatt-cli" "$@"
EOF
sed -i "s/@GLIBC@/$glibc/" "$out/gigawatt-cli"
chmod 755 "$out/gigawatt-cli"

# Check: every library the program needs resolves into the bundle, or is
# one the system provides.
outside=$(env -u LD_LIBRARY_PATH LD_LIBRARY_PATH="$out/lib" ldd "$out/bin/gigawatt-cli" \
  | awk '$2 == "=>" { print $1, $3 }' | while read -r name path; do
      if is_system_lib "$name"; then
        continue
      fi
      case "$path" in
        "$out"/lib/*) ;;
        *) echo "$name => $path" ;;
      esac
    done)
if [ -n "$outside" ]; then
  echo "bundle-cli.sh: libraries resolve outside the bundle:" >&2
  echo "$outside" >&2
  exit 1
fi
if ! env -i PATH=/usr/bin:/bin HOME="${HOME:-/tmp}" "$out/gigawatt-cli" bench --builtin \
     --engine cpu --paths 1000 --threads 1 --repeat 1 >"$out/../bench-check.txt" 2>&1; then
  echo "bundle-cli.sh: the bundle's launcher did not run a bench:" >&2
  cat "$out/../bench-check.txt" >&2
  exit 1
fi
rm -f "$out/../bench-check.txt"

# Check the launcher's vendor file on a copy that sees no vendors and takes
# this machine's first OpenCL driver for the NVIDIA one: `devices` must
# list a device through it.
icd=$(cat /etc/OpenCL/vendors/*.icd 2>/dev/null | head -n 1)
driver=
if [ -n "$icd" ]; then
  case "$icd" in
    /*) driver=$icd ;;
    *) for d in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /usr/lib; do
         if [ -e "$d/$icd" ]; then
           driver=$d/$icd
           break
         fi
       done ;;
  esac
fi
if [ -n "$driver" ] && [ -e "$driver" ]; then
  novendors=$(mktemp -d)
  sed -e "s|/etc/OpenCL/vendors|$novendors|" \
      -e "s|/usr/lib/libnvidia-opencl.so.1|$driver|" "$out/gigawatt-cli" >"$out/check-launcher"
  chmod 755 "$out/check-launcher"
  if ! env -i PATH=/usr/bin:/bin HOME="${HOME:-/tmp}" "$out/check-launcher" devices \
       >"$novendors/devices.txt" 2>&1 || ! grep -q '^Device 0: ' "$novendors/devices.txt"; then
    echo "bundle-cli.sh: with no vendor configured, the launcher's own did not work:" >&2
    cat "$novendors/devices.txt" >&2
    rm -rf "$novendors" "$out/check-launcher"
    exit 1
  fi
  rm -rf "$novendors" "$out/check-launcher"
else
  echo "bundle-cli.sh: no OpenCL driver here; the launcher's vendor file is not checked" >&2
fi

echo "bundle-cli.sh: $out ($(du -sh "$out" | cut -f1), $(ls "$out/lib" | wc -l) libraries," \
     "needs glibc ${glibc:-?} or later)"
