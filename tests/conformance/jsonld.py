"""Conformance of the JSON-LD export: expansion drops nothing, and the graph becomes RDF.

Usage: python tests/conformance/jsonld.py EXPORT_DIR

Reads EXPORT_DIR/jsonld/anpo.jsonld and EXPORT_DIR/jsonld/context.jsonld and, for each,
with PyLD (the reference JSON-LD processor in Python) and a document loader that refuses
every fetch, so that a remote context fails instead of being loaded:

1. Expands the document, failing on any property PyLD reports as dropped.
2. Compares the compacted input with the expansion, node by node: every key of every node
   (embedded ones included, `@context` left out) must map to an absolute IRI, the expanded
   node (found by its `@id`) must have exactly those properties, each with as many values
   as the input gave, and every `@type` must expand to an absolute IRI. Every node must
   have an absolute `@id`.
3. Converts the document to N-Quads and checks that every triple of the expansion is
   there: no blank node, no literal or IRI that the conversion silently left out. The
   N-Quads are counted by `\n`, the only line end N-Quads has: free text may hold U+2028,
   U+2029 or U+0085 inside a literal, which `str.splitlines()` would count as line ends.
4. Reads the document with rdflib's own JSON-LD parser and the N-Quads with its N-Quads
   parser (a second, independent implementation; it refuses IRIs that hold a space or any
   of `"<>{}|\\^` and the backtick), and checks that both give exactly the same triples,
   as many as the N-Quads, none with a literal that is ill-typed for its datatype (an
   `xsd:date` of year 0000, say).

5. Queries the graph with SPARQL (rdflib) as a reader would, by date, and holds the answers
   to the CSV export's first and last days of every event (EXPORT_DIR/csv/events.csv): for
   every year an event starts or ends in, and 1960, the events of that year (`YEAR(?start) = Y && YEAR(?end) =
   Y`) and those that overlap it (`YEAR(?start) <= Y && YEAR(?end) >= Y`); and for every
   month of 1960, those that overlap the month as a range of `xsd:date`s. An event with an
   open or unknown end has no day there and is found by neither.

Prints the number of quads of each file and the counts of the SPARQL queries for 1960;
exits 1 on any problem (or on zero quads), 0 when both files pass.

Tested with PyLD==3.3.0 and rdflib==7.6.0 (pinned in requirements.txt beside this script).
"""

import json
import logging
import re
import sys
from pathlib import Path

# Python puts this script's folder first on the import path, and csv.py beside it would
# shadow the standard library's `csv` (which rdflib's importlib.metadata imports). Drop it.
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]

import csv  # noqa: E402

import rdflib  # noqa: E402
from pyld import jsonld  # noqa: E402

TESTED_WITH = "3.3.0"
RDFLIB_TESTED_WITH = "7.6.0"
FILES = ("anpo.jsonld", "context.jsonld")
PROBE = "urn:anpo:probe"
ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Offline(Exception):
    pass


REFUSED = []


def refuse(url, options=None):
    """A document loader that loads nothing: the documents must be self-contained."""
    REFUSED.append(url)
    raise Offline(f"refused to fetch {url}: the document must not need a remote context")


# A relative IRI would be resolved against the base; this one is reserved (RFC 2606), so
# any IRI that starts with it was relative in the document.
RELATIVE = "http://relative.invalid/"
OPTIONS = {"documentLoader": refuse, "processingMode": "json-ld-1.1", "base": RELATIVE}


def is_absolute(iri):
    """An IRI with a scheme; not a blank node identifier, not resolved from a relative one."""
    return (
        isinstance(iri, str)
        and ABSOLUTE.match(iri) is not None
        and not iri.startswith(("_:", RELATIVE))
    )


def processor(dropped):
    return jsonld.JsonLdProcessor(on_property_dropped=lambda key: dropped.append(key))


def values_of(value):
    return value if isinstance(value, list) else [value]


def is_node(value):
    return isinstance(value, dict) and "@value" not in value


def input_nodes(value, is_language_map, into):
    """Every node object of the compacted graph, embedded ones included."""
    for item in values_of(value):
        if not is_node(item):
            continue
        into.append(item)
        for key, child in item.items():
            if not key.startswith("@") and not is_language_map(key):
                input_nodes(child, is_language_map, into)
    return into


def count_input_values(value, language_map):
    if language_map:
        return sum(len(values_of(v)) for v in value.values())
    return len(values_of(value))


def expanded_nodes(value, into):
    """Expanded node objects by @id (embedded nodes too)."""
    for item in values_of(value):
        if not isinstance(item, dict) or "@value" in item:
            continue
        if "@id" in item and len(item) > 1:
            into.setdefault(item["@id"], {}).update(item)
        for key, child in item.items():
            if not key.startswith("@"):
                expanded_nodes(child, into)
    return into


def check(path):
    """Returns (problems, number of quads)."""
    problems = []
    document = json.loads(path.read_text(encoding="utf-8"))
    context = document.get("@context")
    if not isinstance(context, dict):
        problems.append(f"{path.name}: the @context is not one inline object")
        context = {}
    if "@vocab" in json.dumps(document.get("@context")):
        problems.append(f"{path.name}: the context has @vocab")

    dropped = []
    try:
        expanded = processor(dropped).expand(document, dict(OPTIONS))
    except Exception as error:  # noqa: BLE001 - any failure to expand is the finding
        refused = [f"{path.name}: refused to fetch {url}" for url in REFUSED]
        return problems + refused + [f"{path.name}: expansion failed: {error}"], 0
    problems += [f"{path.name}: expansion dropped the key {key!r}" for key in dropped]
    by_id = expanded_nodes(expanded, {})

    # Each term's IRI, from a one-key probe document with the same context.
    iris = {}

    def iri_of(key):
        if key not in iris:
            probe = processor([]).expand({"@context": context, "@id": PROBE, key: "x"}, dict(OPTIONS))
            keys = [k for node in probe for k in node if k != "@id"]
            iris[key] = keys[0] if len(keys) == 1 else None
        return iris[key]

    def is_language_map(key):
        definition = context.get(key)
        return isinstance(definition, dict) and definition.get("@container") == "@language"

    nodes = input_nodes(document.get("@graph", []), is_language_map, [])
    keys_checked = 0
    for node in nodes:
        node_id = node.get("@id")
        if not isinstance(node_id, str) or not is_absolute(node_id):
            problems.append(f"{path.name}: a node has no absolute @id: {json.dumps(node)[:120]}")
            continue
        out = by_id.get(node_id, {})
        seen = set()
        for key, value in node.items():
            if key == "@id":
                continue
            if key == "@type":
                types = out.get("@type", [])
                if len(types) != len(values_of(value)) or not all(is_absolute(t) for t in types):
                    problems.append(f"{path.name}: {node_id}: @type {value} expands to {types}")
                continue
            if key.startswith("@"):
                problems.append(f"{path.name}: {node_id}: unexpected keyword {key}")
                continue
            keys_checked += 1
            iri = iri_of(key)
            if iri is None or not is_absolute(iri):
                problems.append(f"{path.name}: {node_id}: {key!r} does not expand to an absolute IRI ({iri!r})")
                continue
            seen.add(iri)
            want = count_input_values(value, is_language_map(key))
            got = len(out.get(iri, []))
            if got != want:
                problems.append(f"{path.name}: {node_id}: {key} ({iri}) has {want} values in, {got} out")
        extra = {k for k in out if not k.startswith("@")} - seen
        if extra:
            problems.append(f"{path.name}: {node_id}: expansion has properties the input lacks: {sorted(extra)}")

    # RDF: one triple per expanded value, no blank nodes.
    triples = set()
    for node_id, node in by_id.items():
        for t in node.get("@type", []):
            triples.add((node_id, "@type", t))
        for key, values in node.items():
            if not key.startswith("@"):
                for v in values:
                    ref = v.get("@id") if "@value" not in v else None
                    triples.add((node_id, key, ref or json.dumps(v, sort_keys=True)))
    dropped = []
    try:
        nquads = processor(dropped).to_rdf(document, dict(OPTIONS, format="application/n-quads"))
    except Exception as error:  # noqa: BLE001
        return problems + [f"{path.name}: conversion to N-Quads failed: {error!r}"], 0
    # N-Quads ends lines with `\n` only (a literal may hold U+2028 and its kin).
    quads = [line for line in nquads.split("\n") if line.strip()]
    problems += [f"{path.name}: conversion dropped the key {key!r}" for key in dropped]
    blank = [q for q in quads if q.startswith("_:") or " _:" in q.split('"')[0]]
    if blank:
        problems.append(f"{path.name}: {len(blank)} quads have blank nodes, e.g. {blank[0]}")
    relative = [q for q in quads if RELATIVE in q]
    if relative:
        problems.append(f"{path.name}: {len(relative)} quads have relative IRIs, e.g. {relative[0]}")
    if len(quads) != len(triples):
        problems.append(f"{path.name}: {len(quads)} quads for {len(triples)} triples in the expansion")
    if not quads:
        problems.append(f"{path.name}: no quads")
    problems += rdflib_problems(path, nquads, len(quads))
    print(f"jsonld: {path.name}: {len(nodes)} nodes, {keys_checked} keys checked, {len(quads)} N-Quads")
    return problems, len(quads)


def rdflib_problems(path, nquads, count):
    """rdflib reads the JSON-LD and PyLD's N-Quads to the same triples, none ill-typed."""
    problems = []
    graphs = {}
    for name, source, form in (("JSON-LD", path.read_text(encoding="utf-8"), "json-ld"), ("N-Quads", nquads, "nquads")):
        dataset = rdflib.Dataset(default_union=True)
        try:
            dataset.parse(data=source, format=form)
        except Exception as error:  # noqa: BLE001 - any refusal is the finding
            problems.append(f"{path.name}: rdflib refuses the {name}: {error!r}"[:400])
            continue
        graphs[name] = set(dataset.triples((None, None, None)))
    if len(graphs) < 2:
        return problems
    from_jsonld, from_nquads = graphs["JSON-LD"], graphs["N-Quads"]
    if from_jsonld != from_nquads:
        only = sorted(from_jsonld ^ from_nquads)[:3]
        problems.append(
            f"{path.name}: rdflib reads {len(from_jsonld)} triples from the JSON-LD and {len(from_nquads)} from "
            f"the N-Quads; they differ, e.g. {only}"
        )
    if len(from_nquads) != count:
        problems.append(f"{path.name}: rdflib reads {len(from_nquads)} triples from {count} N-Quads")
    ill_typed = [o for _, _, o in from_jsonld if isinstance(o, rdflib.Literal) and o.ill_typed]
    if ill_typed:
        problems.append(f"{path.name}: {len(ill_typed)} literals are ill-typed for their datatype, e.g. {ill_typed[0]!r}")
    print(f"jsonld: {path.name}: rdflib reads {len(from_jsonld)} triples from the JSON-LD, the same from the N-Quads")
    return problems


EVENTS_BY_YEAR = """
PREFIX schema: <https://schema.org/>
SELECT ?event WHERE {
  ?event a schema:Event ; schema:startDate ?start ; schema:endDate ?end .
  FILTER (%s)
}"""


def sparql_problems(folder):
    """SPARQL by year and by range of days finds exactly the events the CSV's days place there."""
    graph = rdflib.Dataset(default_union=True)
    graph.parse(folder / "jsonld" / "anpo.jsonld", format="json-ld")
    with open(folder / "csv" / "events.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    days = {
        row["id"]: (row["date_first_day"], row["date_last_day"])
        for row in rows
        if row["date_first_day"] and row["date_last_day"]
    }
    in_graph = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://schema.org/Event")))
    problems, asked = [], 0

    def ask(condition, expected, label):
        nonlocal asked
        asked += 1
        found = {str(r.event).rsplit("/", 1)[-1] for r in graph.query(EVENTS_BY_YEAR % condition)}
        if found != expected:
            problems.append(f"SPARQL {label}: {sorted(found ^ expected)[:5]} differ from the CSV's days")
        return len(found)

    # The years where an event starts or ends, and 1960 (an interval's inner years are
    # asked about only there: the edge dataset spans 0001 to 9999).
    years = sorted({int(day[:4]) for span in days.values() for day in span} | {1960})
    counts = {}
    for year in years:
        within = {e for e, (first, last) in days.items() if first[:4] == last[:4] == f"{year:04}"}
        overlapping = {e for e, (first, last) in days.items() if int(first[:4]) <= year <= int(last[:4])}
        a = ask(f"YEAR(?start) = {year} && YEAR(?end) = {year}", within, f"events of {year}")
        b = ask(f"YEAR(?start) <= {year} && YEAR(?end) >= {year}", overlapping, f"events overlapping {year}")
        counts[year] = (a, b)
    months = []
    for month in range(1, 13):
        first = f"1960-{month:02}-01"
        last = f"1960-{month:02}-{[31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]:02}"
        expected = {e for e, (start, end) in days.items() if start <= last and end >= first}
        condition = f'?start <= "{last}"^^xsd:date && ?end >= "{first}"^^xsd:date'
        months.append(ask(condition, expected, f"events overlapping {first}/{last}"))
    if len(in_graph) != len(rows):
        problems.append(f"{len(in_graph)} events in the graph, {len(rows)} in the CSV")
    within, overlapping = counts[1960]
    print(
        f"jsonld: SPARQL, {asked} queries by date agree with the CSV's days; of 1960: {within} events within the "
        f"year, {overlapping} overlapping it; overlapping each month of 1960: {months}"
    )
    return problems


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} EXPORT_DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1]) / "jsonld"
    version = getattr(jsonld, "__version__", None)
    if version is None:
        from pyld import __about__

        version = __about__.__version__
    if version != TESTED_WITH:
        print(f"jsonld: note: PyLD {version}, tested with {TESTED_WITH}")
    if rdflib.__version__ != RDFLIB_TESTED_WITH:
        print(f"jsonld: note: rdflib {rdflib.__version__}, tested with {RDFLIB_TESTED_WITH}")
    # rdflib logs a traceback for each ill-typed literal; they are counted above instead.
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    problems = []
    for name in FILES:
        path = folder / name
        if not path.is_file():
            problems.append(f"{path} does not exist")
            continue
        found, _ = check(path)
        problems += found
    if (folder.parent / "csv" / "events.csv").is_file():
        problems += sparql_problems(folder.parent)
    for problem in problems:
        print(f"jsonld: {problem}")
    if problems:
        print(f"jsonld: FAILED ({len(problems)} problems)")
        return 1
    print("jsonld: valid: nothing dropped in expansion or conversion to RDF")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
