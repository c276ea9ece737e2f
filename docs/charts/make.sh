#!/bin/sh
# Exports the README's charts from the built-in Baseline, SVG and PNG at
# 1200x675: docs/charts/make.sh [BUILDDIR] [DATE]
set -e
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../_build}
date=${2:-$(date +%F)}
cli="$build/app/gigawatt-cli"

chart () {
  name=$1
  shift
  for ext in svg png; do
    "$cli" chart --builtin --paths 10000 --date "$date" --out "$here/$name.$ext" "$@"
  done
}

chart price-fan --kind fan --series price
chart price-compare --kind compare --series price --variant Baseline --against "Inference boom"
chart supply-demand --kind stacked --series supply
chart neocloud-revenue --kind lines --series revenue --neoclouds
chart coreweave-revenue --kind fan --series revenue --provider CoreWeave
chart coreweave-dscr --kind fan --series dscr --provider CoreWeave
chart coreweave-min-dscr --kind histogram --scalar min_dscr@CoreWeave
chart coreweave-npv-tornado --kind tornado --scalar npv@CoreWeave
chart coreweave-leverage --kind leverage --provider CoreWeave
chart coreweave-waterfall --kind waterfall --provider CoreWeave

# The report's first page (pdftoppm, from poppler-utils)
"$cli" report --builtin --paths 10000 --out "$build/report.pdf"
pdftoppm -r 96 -png -f 1 -l 1 -singlefile "$build/report.pdf" "$here/report-page1"
