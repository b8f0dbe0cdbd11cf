"""anpo's JUnit XML against Jenkins' JUnit schema.

Usage: python tests/conformance/junit.py ANPO WORKDIR

Copies the canonical data into WORKDIR, plants a dangling reference and an unused source,
writes `anpo validate --output-format junit` (exit 1 expected) and for the clean data
(exit 0), and validates both against tests/schemas/junit-10.xsd (the JUnit schema of
Jenkins' xunit plugin, which GitLab's and Jenkins' readers follow) with lxml.
"""
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import etree

anpo, work = sys.argv[1], Path(sys.argv[2])
root = Path(__file__).resolve().parents[2]
schema = etree.XMLSchema(etree.parse(str(root / "tests" / "schemas" / "junit-10.xsd")))
shutil.rmtree(work, ignore_errors=True)
shutil.copytree(root / "data", work / "data")
status = 0


def check(label, expected):
    global status
    run = subprocess.run([anpo, "validate", "--output-format", "junit", "data"], cwd=work, capture_output=True)
    document = etree.fromstring(run.stdout)
    valid = schema.validate(document)
    failures = document.findall(".//failure")
    print(f"junit: {label}: exit {run.returncode}, {document.get('tests')} test cases in "
          f"{len(document.findall('testsuite'))} suites, {len(failures)} failures "
          f"({', '.join(sorted({f.get('type') for f in failures})) or 'none'}): "
          f"{'valid' if valid else 'INVALID'} against junit-10.xsd")
    for error in schema.error_log:
        print(f"junit: {error}")
    if not valid or run.returncode != expected:
        status = 1


check("clean data", 0)
events = work / "data" / "events.json"
events.write_text(events.read_text(encoding="utf-8").replace('"condoleezza-rice"', '"condoleeza-rice"', 1), encoding="utf-8")
check("a planted dangling reference", 1)
sys.exit(status)
