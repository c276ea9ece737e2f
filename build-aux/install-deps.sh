#!/bin/sh
# Installs the Debian packages Gigawatt needs, only those that are missing.
set -eu
here=$(dirname "$0")
missing=""
for pkg in $(cat "$here/debian-packages.txt"); do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi
