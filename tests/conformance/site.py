"""The static site (site/) in a real browser: Debian's Chromium, driven headless by playwright.

Usage: python site.py DIR SCREENSHOTS [AXE_JS] [--sample]
  SCREENSHOTS `-`: none. AXE_JS: by default .node/node_modules/axe-core/axe.min.js at the
  repository root, where run.sh installs it.

With --sample, the pages loaded are the index, every part of the timeline, every listing
and the first three pages of each kind (named in the output): the edge dataset's pages
carry texts of 100 000 characters, and Chromium takes seconds to lay out each.

DIR holds site/ beside the exports (a release, or `anpo export --format all`). Every page
is loaded from file://, and must load with no console error, no page error and no request
outside site/ (a web font, a script, an image from elsewhere). Then, per page: every link
(<a href>, <link href>) and every src resolves (to a page of the site and, with a
#fragment, to an element of it; to a file of the release beside the site; or, marked
rel="external", to an http(s) address, a source's or a licence's, which is not followed; a
src never leaves the site), the only stylesheet is style.css, the page links to index.html
and timeline.html, it has one h1 and no heading level skipped, every text in Japanese
script sits in an element marked lang="ja…" (text in Japanese script alone; mixed text
whose language the data does not record is not tagged), and a record's page carries its
record's JSON-LD, whose @id is a node of jsonld/anpo.jsonld, whose @context is a relative
reference to the site's context.jsonld, and which PyLD turns into triples about that @id,
with a document loader that reads that context from disk and nothing else (never the
network). The timeline: one linked mark per dated event of csv/events.csv across its parts,
each to that event's page. axe-core (AXE_JS, pinned by
tests/conformance/node/package-lock.json) runs in every page loaded, or when there are more
than AXE_ALL of them in a sample (every top-level page: the index, the timeline's parts and
the listings; the first, the middle and the last page of each kind of record by name, and
the 1960 treaty's page), named in the output: no serious or critical violation.
Screenshots of the index, the timeline and the 1960 treaty's page (when the data has it) at
1280 and 390 pixels wide go to SCREENSHOTS; at 390 the page must not be wider than the
screen (the timeline scrolls inside its own box), screenshots or none.

Prints every problem and exits 1 on any; exits 0 when the site passes.
"""

import os
import sys

# This script sits beside csv.py: drop its folder from the import path, so that `import
# csv` is the standard library's.
here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]

import csv  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import unquote, urljoin, urlsplit  # noqa: E402

from playwright.sync_api import sync_playwright  # noqa: E402
from pyld import jsonld  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# With more pages than this, axe-core runs on a sample of them (sample_for_axe): the
# canonical data's 163 pages are all checked (about a minute); the edge dataset's pages
# of megabytes are sampled.
AXE_ALL = 300

# Run in the page: what the checks need, read from the DOM as the browser built it.
READ_PAGE = """() => {
  const links = [...document.querySelectorAll('a[href], link[href]')].map(a => ({
    tag: a.localName, href: a.getAttribute('href'), rel: a.getAttribute('rel') || ''}));
  const sources = [...document.querySelectorAll('[src]')].map(e => e.getAttribute('src'));
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]));
  const unmarked = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  const japanese = /[\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff]/;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('script, style')) continue;
    // Text in Japanese script alone (no Latin letter): the site marks it Japanese. Mixed
    // text in a field whose language the data does not record is left untagged.
    if (!japanese.test(node.data) || /[A-Za-z]/.test(node.data)) continue;
    const tagged = node.parentElement.closest('[lang]');
    if (!tagged || !tagged.getAttribute('lang').startsWith('ja'))
      unmarked.push(`<${node.parentElement.localName}> ${node.data.trim().slice(0, 40)}`);
  }
  const scripts = [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent);
  const marks = [...document.querySelectorAll('svg a.mark')].map(a => a.getAttribute('href'));
  return {links, sources, ids, headings, unmarked, scripts, marks, lang: document.documentElement.lang};
}"""


KINDS = {"instruments": "instrument", "events": "event", "actors": "actor", "places": "place",
         "figures": "figure", "positions": "position", "sources": "source"}
ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def local_loader(context_file: Path):
    """A PyLD document loader that reads the site's context.jsonld from disk, and nothing else."""
    context_url = context_file.as_uri()
    document = json.loads(context_file.read_text(encoding="utf-8"))

    def load(url, options=None):
        if url != context_url:
            raise jsonld.JsonLdError(f"refused to load {url}: only {context_url} is read, from disk",
                                     "jsonld.LoadDocumentError", code="loading document failed")
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}

    return load


def json_ld_problems(name, path, scripts, graph_ids, site, loader, problem) -> int:
    """A record page's JSON-LD: one script, one object, its record's @id, a node of the
    JSON-LD export, the site's context by a relative reference, and triples about that @id
    when PyLD reads it. Returns 1 when all holds."""
    collection, stem = path.parent.name, path.stem
    if collection not in KINDS:
        problem(f"{name}: a page in {collection}/, which is no collection of records")
        return 0
    if len(scripts) != 1:
        problem(f"{name}: {len(scripts)} JSON-LD scripts, not one")
        return 0
    try:
        document = json.loads(scripts[0])
    except ValueError as error:
        problem(f"{name}: the JSON-LD is not JSON: {error}")
        return 0
    if not isinstance(document, dict):
        problem(f"{name}: the JSON-LD is not one object")
        return 0
    iri = f"https://w3id.org/anpo/{KINDS[collection]}/{stem}"
    ok = True
    if document.get("@id") != iri:
        ok = False
        problem(f"{name}: JSON-LD @id {document.get('@id')!r}, not {iri}")
    if iri not in graph_ids:
        ok = False
        problem(f"{name}: {iri} is not a node of jsonld/anpo.jsonld")
    reference = document.get("@context")
    if (not isinstance(reference, str) or ABSOLUTE.match(reference) or reference.startswith("/")
            or urljoin(path.as_uri(), reference) != (site / "context.jsonld").as_uri()):
        problem(f"{name}: JSON-LD @context {reference!r} is not a relative reference to context.jsonld")
        return 0
    try:
        quads = jsonld.to_rdf(document, {"base": path.as_uri(), "documentLoader": loader})
    except jsonld.JsonLdError as error:
        problem(f"{name}: PyLD cannot read the JSON-LD: {str(error)[:300]}")
        return 0
    if not any(q["subject"]["value"] == iri for q in quads.get("@default", [])):
        problem(f"{name}: PyLD reads no triple about {iri}")
        return 0
    return 1 if ok else 0


def sample_for_axe(site: Path, pages: list) -> tuple:
    """Every page, or with more than AXE_ALL of them: every page at the top of site/ (the
    index, the timeline's parts, the listings and their parts) and, of each kind of record,
    the first, the middle and the last page by name, and the 1960 treaty's page when the
    data has it. Returns the pages and a sentence that says which they are."""
    if len(pages) <= AXE_ALL:
        return pages, "every page"
    top = [p for p in pages if p.parent == site]
    treaty = site / "instruments" / "treaty-1960.html"
    records = []
    for collection in sorted({p.parent for p in pages if p.parent != site}):
        mine = [p for p in pages if p.parent == collection]
        picks = sorted({0, len(mine) // 2, len(mine) - 1})
        records += [mine[i] for i in picks]
        if treaty in mine and treaty not in records:
            records.append(treaty)
    names = ", ".join(p.relative_to(site).as_posix() for p in records)
    return top + records, f"a sample of {len(top) + len(records)} pages: the {len(top)} at the top of site/ and {names}"


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--sample"]
    if len(args) not in (2, 3):
        print(f"usage: {sys.argv[0]} DIR SCREENSHOTS [AXE_JS] [--sample]", file=sys.stderr)
        return 2
    folder, shots = Path(args[0]).resolve(), Path(args[1])
    root = Path(here).parent.parent
    axe_js = Path(args[2]) if len(args) == 3 else root / ".node" / "node_modules" / "axe-core" / "axe.min.js"
    site = folder / "site"
    for needed in (site / "index.html", folder / "csv" / "events.csv", folder / "jsonld" / "anpo.jsonld"):
        if not needed.is_file():
            print(f"site: {needed} does not exist (DIR must hold site/ beside csv/ and jsonld/)", file=sys.stderr)
            return 1
    if str(shots) != "-":
        shots.mkdir(parents=True, exist_ok=True)
    pages = sorted(p for p in site.rglob("*.html"))
    if "--sample" in sys.argv[1:]:
        kept, per_folder = [], {}
        for page_path in pages:
            rel = page_path.relative_to(site)
            if len(rel.parts) == 1:
                kept.append(page_path)
            elif per_folder.setdefault(rel.parts[0], 0) < 3:
                per_folder[rel.parts[0]] += 1
                kept.append(page_path)
        print(f"site: a sample of {len(kept)} of {len(pages)} pages: every top-level page, three of each kind")
        pages = kept
    problems: list[str] = []
    problem = problems.append
    graph_ids = set()
    for node in json.loads((folder / "jsonld" / "anpo.jsonld").read_text())["@graph"]:
        graph_ids.add(node["@id"])
    with open(folder / "csv" / "events.csv", newline="", encoding="utf-8") as f:
        dated = sorted(
            f"events/{row['id']}.html" for row in csv.DictReader(f) if row["date_first_day"] or row["date_last_day"]
        )
    axe = axe_js.read_text()
    site_url = site.as_uri() + "/"
    started = time.monotonic()
    links_checked = 0
    outside_links = 0
    marks: list[str] = []
    axe_counts = {"minor": 0, "moderate": 0, "serious": 0, "critical": 0}
    json_ld_pages = 0
    axe_pages, axe_which = sample_for_axe(site, pages)
    loader = local_loader(site / "context.jsonld")
    ids_cache: dict[Path, set] = {}

    def ids_of(target: Path) -> set:
        # A page not loaded (with --sample): its ids read from the file.
        if target not in ids_cache:
            ids_cache[target] = set(re.findall(r' id="([^"]*)"', target.read_text(encoding="utf-8")))
        return ids_cache[target]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        version = browser.version
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
        page = context.new_page()
        events: list[str] = []
        page.on("console", lambda m: events.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: events.append(f"page error: {e}"))

        def request(r):
            if not r.url.startswith(site_url):
                events.append(f"request outside the site: {r.url}")

        page.on("request", request)
        read = {}
        for n, path in enumerate(pages):
            name = path.relative_to(site).as_posix()
            if n % 50 == 0:
                print(f"site: loading page {n + 1} of {len(pages)}", file=sys.stderr, flush=True)
            events.clear()
            page.goto(path.as_uri(), wait_until="load")
            info = page.evaluate(READ_PAGE)
            for event in events:
                problem(f"{name}: {event}")
            read[path] = info
            ids_cache[path] = set(info["ids"])
            # axe-core, injected for the test only (its text, not a request): the page itself
            # runs no script. What it logs (it fetches the stylesheet again, which Chromium
            # refuses from file://) comes after the page's own messages, read above.
            if path not in axe_pages:
                continue
            page.add_script_tag(content=axe)
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                impact = violation.get("impact") or "minor"
                axe_counts[impact] = axe_counts.get(impact, 0) + 1
                if impact in ("serious", "critical"):
                    targets = [" ".join(map(str, n["target"]))[:80] for n in violation["nodes"][:3]]
                    problem(f"{name}: axe {impact}: {violation['id']}: {violation['help']} "
                            f"({len(violation['nodes'])} elements: {targets})")

        for path, info in read.items():
            name = path.relative_to(site).as_posix()
            if info["lang"] != "en":
                problem(f"{name}: <html lang> is {info['lang']!r}, not 'en'")
            hrefs = [link["href"] for link in info["links"]]
            refs = [(f"<{link['tag']} href>", link["href"], link["rel"]) for link in info["links"]]
            refs += [("src", src, "") for src in info["sources"]]
            for what, href, rel_attr in refs:
                if ABSOLUTE.match(href) or href.startswith("//"):
                    if what == "src":
                        problem(f"{name}: {what} {href}: loads from outside the site")
                    elif "external" not in rel_attr.split() or not href.startswith(("http://", "https://")):
                        problem(f"{name}: {what} {href}: an absolute address, not an http(s) one marked rel=external")
                    continue
                parts = urlsplit(href)
                target = Path(os.path.normpath(path.parent / unquote(parts.path))) if parts.path else path
                if not target.is_file():
                    problem(f"{name}: {what} {href}: no such file")
                    continue
                if site not in target.parents:
                    if folder not in target.parents:
                        problem(f"{name}: {what} {href}: leads outside the release")
                    outside_links += 1
                elif parts.fragment and unquote(parts.fragment) not in ids_of(target):
                    problem(f"{name}: {what} {href}: no element with id {unquote(parts.fragment)!r} on that page")
                if what == "<link href>" and "stylesheet" in rel_attr.split() and target != site / "style.css":
                    problem(f"{name}: a stylesheet other than style.css: {href}")
                links_checked += 1
            rel = path.relative_to(site)
            up = "../" * (len(rel.parts) - 1)
            for needed in ("index.html", "timeline.html"):
                if up + needed not in hrefs:
                    problem(f"{name}: no link to {up + needed}")
            headings = info["headings"]
            if headings.count(1) != 1:
                problem(f"{name}: {headings.count(1)} h1 headings, not one")
            for before, after in zip(headings, headings[1:]):
                if after > before + 1:
                    problem(f"{name}: heading h{before} is followed by h{after}")
            for text in info["unmarked"]:
                problem(f"{name}: Japanese text outside a lang=ja element: {text!r}")
            if re.fullmatch(r"timeline(-[0-9]+)?\.html", name):
                marks.extend(unquote(href) for href in info["marks"])
            elif info["marks"]:
                problem(f"{name}: {len(info['marks'])} timeline marks outside the timeline's pages")
            if len(rel.parts) == 2:
                json_ld_pages += json_ld_problems(name, path, info["scripts"], graph_ids, site, loader, problem)

        if sorted(marks) != dated:
            missing = sorted(set(dated) - set(marks))
            extra = sorted(set(marks) - set(dated))
            twice = sorted({m for m in marks if marks.count(m) > 1})
            problem(f"timeline: {len(marks)} marks for {len(dated)} dated events: {len(missing)} dated events "
                    f"without a mark {missing[:5]}, {len(extra)} marks not to a dated event {extra[:5]}, "
                    f"{len(twice)} events with more than one mark {twice[:5]}")

        # The narrow screen: the page is no wider than the phone (with or without
        # screenshots); the screenshots, when asked for.
        targets = [("index", "index.html"), ("timeline", "timeline.html"), ("treaty-1960", "instruments/treaty-1960.html")]
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for label, rel_path in targets:
                target = site / rel_path
                if not target.is_file():
                    continue
                page.goto(target.as_uri(), wait_until="load")
                overflow = page.evaluate("() => document.documentElement.scrollWidth")
                if overflow > width + 1:
                    problem(f"{rel_path} at {width} pixels: the page is {overflow} pixels wide")
                if str(shots) != "-":
                    file = shots / f"{label}-{width}.png"
                    page.screenshot(path=str(file), full_page=True)
                    print(f"site: screenshot {file}")
        browser.close()

    loading = [x for x in problems if "request outside" in x or ": console " in x or "page error" in x]
    print(f"site: {len(pages)} pages loaded from file:// in headless Chromium {version} in "
          f"{time.monotonic() - started:.1f} s; console errors, page errors and requests outside the site: {len(loading)}")
    print(f"site: {links_checked} links and sources resolve ({outside_links} to the release's files beside the site); "
          f"{json_ld_pages} record pages carry their node of the JSON-LD export, read by PyLD")
    print(f"site: timeline: {len(marks)} linked marks for {len(dated)} dated events")
    print(f"site: axe-core on {axe_which}")
    print("site: axe-core {} on {} pages: violations by impact: {}".format(
        json.loads((axe_js.parent / "package.json").read_text())["version"], len(axe_pages),
        ", ".join(f"{k} {v}" for k, v in axe_counts.items())))
    for line in problems[:50]:
        print(f"site: problem: {line}")
    if len(problems) > 50:
        print(f"site: … and {len(problems) - 50} more problems")
    print("site: valid" if not problems else f"site: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
