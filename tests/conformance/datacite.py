"""A release's datacite.json against the DataCite Metadata Schema 4.5 as the `datacite`
PyPI package ships it (`datacite/schemas/datacite-v4.5.json`, pinned).

The validator is the one the schema's `$schema` names (`validator_for`: draft 2019-09),
with its format checker; the package's own `schema45.validate` must agree, and its
`schema45.tostring` must turn the document into DataCite XML. Every error is printed.

Usage: python datacite.py RELEASE_DIR
"""

import sys
from pathlib import Path

# This file is named datacite.py, and Python puts its folder first on the import path, where
# it would shadow the `datacite` package it reads with. Drop that entry (as csv.py does).
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]

import json  # noqa: E402
from importlib import resources  # noqa: E402

from datacite import schema45  # noqa: E402
from jsonschema.validators import validator_for  # noqa: E402

SCHEMA = "datacite-v4.5.json"


def short(text) -> str:
    """A title for the summary line: its first 60 characters, quoted and escaped."""
    text = str(text)
    return repr(text[:60]) + ("…" if len(text) > 60 else "")


def main(release: Path) -> int:
    schema = json.loads(resources.files("datacite").joinpath("schemas", SCHEMA).read_text(encoding="utf-8"))
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    document = json.loads((release / "datacite.json").read_text(encoding="utf-8"))

    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in error.absolute_path)
        problems.append(f"/{path}: {error.message}")
    if not schema45.validate(document):
        problems.append("the datacite package's schema45.validate refuses it")
    try:
        xml = schema45.tostring(document)
    except Exception as error:  # noqa: BLE001 - any failure to convert is a finding
        problems.append(f"schema45.tostring failed: {error!r}")
        xml = ""
    if "<resource" not in xml:
        problems.append("schema45.tostring gave no DataCite <resource>")

    for problem in problems:
        print(f"  {problem}")
    print(
        f"DataCite {SCHEMA} ({validator_class.__name__}, {release.name}/datacite.json): "
        f"{len(problems)} errors; {document.get('publicationYear')} {document.get('types', {}).get('resourceTypeGeneral')} "
        f"{short(document.get('titles', [{}])[0].get('title'))} version {short(document.get('version'))}, "
        f"{len(document.get('formats', []))} formats, XML {len(xml)} characters"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
