"""Microsoft's SARIF validator on anpo's SARIF.

Usage: python tests/conformance/sarif.py MULTITOOL ANPO WORKDIR

Copies the canonical data into WORKDIR, plants a dangling reference and an unused source,
writes `anpo validate --output-format sarif`, and runs `MULTITOOL validate` (the
`@microsoft/sarif-multitool` npm package) on it. The validator writes its findings as
SARIF; any error or warning fails this script. Prints the findings and a verdict.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

multitool, anpo, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
root = Path(__file__).resolve().parents[2]
shutil.rmtree(work, ignore_errors=True)
shutil.copytree(root / "data", work / "data")
events = work / "data" / "events.json"
events.write_text(events.read_text(encoding="utf-8").replace('"condoleezza-rice"', '"condoleeza-rice"', 1), encoding="utf-8")
sources = work / "data" / "sources.json"
sources.write_text(
    sources.read_text(encoding="utf-8").replace(
        '"sources": [',
        '"sources": [{"id": "unused", "kind": "glossary", "title": "T", "publisher": "P", "attribution": "A"},',
        1,
    ),
    encoding="utf-8",
)
run = subprocess.run([anpo, "validate", "--output-format", "sarif", "data"], cwd=work, capture_output=True)
if run.returncode != 1:
    sys.exit(f"sarif: anpo exited {run.returncode}, expected 1 for the planted faults")
log = work / "anpo.sarif"
log.write_bytes(run.stdout)
produced = json.loads(run.stdout)
rules = sorted({r["ruleId"] for r in produced["runs"][0]["results"]})
verdict = work / "verdict.sarif"
subprocess.run([multitool, "validate", "-o", str(verdict), str(log)], cwd=work, check=True, capture_output=True)
findings = json.loads(verdict.read_text(encoding="utf-8"))["runs"][0].get("results", [])
bad = [f for f in findings if f.get("level", "warning") in ("error", "warning")]
for f in findings:
    print(f"sarif: {f.get('level', 'warning')} {f['ruleId']}: {json.dumps(f['message'])}")
print(f"sarif: anpo.sarif with results {', '.join(rules)}: the SARIF multitool reports "
      f"{len(findings)} findings, {len(bad)} errors or warnings")
sys.exit(1 if bad else 0)
