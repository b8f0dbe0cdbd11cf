"""Conformance of the CSV export: `frictionless validate` on its data package.

Usage: python tests/conformance/csv.py EXPORT_DIR

Validates EXPORT_DIR/csv/datapackage.json with the frictionless Python API (the reference
implementation of the Frictionless specs): the descriptor against the Data Package v2
profile, and every resource's bytes, encoding, dialect, Table Schema types, constraints,
primary keys and foreign keys. Prints every error and exits 1 on any; exits 0 when the
package is valid.

Tested with frictionless==5.21.0 (pinned in requirements.txt beside this script).
"""

import sys
from pathlib import Path

# This file is named csv.py, and Python puts its folder first on the import path, where it
# would shadow the standard library's `csv` that frictionless imports. Drop that entry.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]

import frictionless  # noqa: E402

TESTED_WITH = "5.21.0"


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} EXPORT_DIR", file=sys.stderr)
        return 2
    descriptor = Path(argv[1]) / "csv" / "datapackage.json"
    if not descriptor.is_file():
        print(f"csv: {descriptor} does not exist", file=sys.stderr)
        return 1
    version = getattr(frictionless, "__version__", "unknown")
    if version != TESTED_WITH:
        print(f"csv: note: frictionless {version}, tested with {TESTED_WITH}")

    # The descriptor is trusted (we wrote it); resources are read relative to it.
    report = frictionless.validate(str(descriptor))
    errors = report.flatten(["type", "title", "note"])
    for task in report.tasks:
        for error in task.errors:
            print(f"csv: {task.name}: {error.type}: {error.message}")
    for error in report.errors:
        print(f"csv: package: {error.type}: {error.message}")
    if not report.valid:
        print(f"csv: INVALID ({len(errors)} errors)")
        return 1
    rows = sum(task.stats.get("rows", 0) or 0 for task in report.tasks)
    print(f"csv: valid: {len(report.tasks)} resources, {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
