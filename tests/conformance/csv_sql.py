"""The CSV export read into SQL by DuckDB, exactly as README.md tells a reader to.

Usage: python tests/conformance/csv_sql.py EXPORT_DIR

Runs the Python block of README.md that follows the marker `<!-- csv-read` inside
EXPORT_DIR (so a README whose example breaks fails here), then checks what it made:
- every resource of the data package is a table with the declared columns, in order, each
  of the SQL type the README's mapping gives its Table Schema type (an EDTF column is
  VARCHAR, a day is DATE), and as many rows as the CSV file;
- every table and column can be named bare, unquoted, in a query (`SELECT column FROM
  table`): no name is a keyword DuckDB reserves.
Prints one line of counts; exits 1 on any failure.

Tested with duckdb==2.0.1 (pinned in requirements.txt beside this script).
"""

import sys
from pathlib import Path

# csv.py beside this file would shadow the standard library's `csv`: drop this folder
# from the import path, as csv.py itself does.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]

import csv  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import textwrap  # noqa: E402

import duckdb  # noqa: E402

README = Path(__file__).resolve().parents[2] / "README.md"
MARKER = "<!-- csv-read"


def readme_block():
    text = README.read_text(encoding="utf-8")
    start = text.index("```python", text.index(MARKER)) + len("```python")
    return textwrap.dedent(text[start : text.index("```", start)])


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} EXPORT_DIR", file=sys.stderr)
        return 2
    os.chdir(argv[1])
    scope = {}
    exec(compile(readme_block(), f"{README}:csv-read", "exec"), scope)  # noqa: S102
    db, types = scope["db"], scope["SQL"]
    package = json.load(open("csv/datapackage.json", encoding="utf-8"))
    failures, columns, rows = [], 0, 0
    for resource in package["resources"]:
        table = resource["name"]
        declared = [(f["name"], types[f["type"]]) for f in resource["schema"]["fields"]]
        described = [(name, kind) for name, kind, *_ in db.execute(f"DESCRIBE {table}").fetchall()]
        if described != declared:
            failures.append(f"{table}: columns {described} where the package declares {declared}")
        with open(f"csv/{resource['path']}", encoding="utf-8", newline="") as f:
            expected = sum(1 for _ in csv.reader(f)) - 1
        (count,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
        if count != expected:
            failures.append(f"{table}: {count} rows in DuckDB, {expected} in the CSV file")
        for name, _ in declared:
            try:
                db.execute(f"SELECT {name} FROM {table} LIMIT 0")
            except duckdb.Error as error:
                failures.append(f"{table}.{name} cannot be named bare: {error}")
        columns += len(declared)
        rows += count
    for failure in failures:
        print(failure)
    print(
        f"csv in DuckDB {duckdb.__version__}: {len(package['resources'])} tables, {columns} columns "
        f"of the declared types, {rows} rows, every name bare: {'ok' if not failures else 'FAILED'}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
