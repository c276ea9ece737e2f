#!/bin/sh
# test-mime.sh MIME_XML CLI: the MIME type matches by glob and, without an
# extension, by the SQLite application_id; other SQLite files do not match.
xml=$1
cli=$2
for tool in update-mime-database gio; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed"
    exit 0
  fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/mime/packages"
cp "$xml" "$tmp/mime/packages/"
update-mime-database "$tmp/mime" >/dev/null 2>&1
"$cli" new --builtin "$tmp/a.gigawatt" >/dev/null
cp "$tmp/a.gigawatt" "$tmp/no-extension"
printf 'SQLite format 3\000' > "$tmp/other"
head -c 200 /dev/zero >> "$tmp/other"

type_of () {
  XDG_DATA_HOME="$tmp" XDG_DATA_DIRS="$tmp:/usr/share" gio info -a standard::content-type "$1" |
    sed -n 's/.*standard::content-type: //p'
}

echo "1..3"
n=0
for case in "a.gigawatt application/x-gigawatt" "no-extension application/x-gigawatt" \
            "other not-gigawatt"; do
  n=$((n + 1))
  set -- $case
  got=$(type_of "$tmp/$1")
  if [ "$2" = not-gigawatt ]; then
    [ "$got" != application/x-gigawatt ] && echo "ok $n - $1 is $got" || echo "not ok $n - $1 is $got"
  else
    [ "$got" = "$2" ] && echo "ok $n - $1 is $got" || echo "not ok $n - $1 is $got, not $2"
  fi
done
