"""A release's ro-crate-metadata.json, read by ro-crate-py (PyPI `rocrate`, pinned).

`ROCrate(RELEASE)` loads the crate as an archive would; then: it conforms to RO-Crate 1.1,
the root data entity has what RO-Crate 1.1 asks of it (name, description, an ISO 8601
datePublished, a licence entity with a name), every file the manifest lists (but the crate
itself) is a `File` data entity that ro-crate-py finds on disk, and the bytes it streams
from that file have the `contentSize` and `sha256` the crate gives, which are the
manifest's, as is the `encodingFormat`; no other data entity is listed. But for the
website: its pages other than `site/index.html` are one directory entity, `site/`, a
`Dataset` that ro-crate-py finds as a folder on disk, whose description gives the number of
files and bytes that the manifest lists under `site/`, and whose `mainEntity` is the index.

Usage: python rocrate.py RELEASE_DIR
"""

import sys
from pathlib import Path

# This file is named rocrate.py, and Python puts its folder first on the import path, where
# it would shadow the `rocrate` package it reads with. Drop that entry (as csv.py does).
_here = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]

import datetime  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import warnings  # noqa: E402

from rocrate.model.file import File  # noqa: E402
from rocrate.rocrate import ROCrate  # noqa: E402

CRATE = "ro-crate-metadata.json"
SITE = "site/"


def short(text) -> str:
    """A title for the summary line: its first 60 characters, quoted and escaped."""
    text = str(text)
    return repr(text[:60]) + ("…" if len(text) > 60 else "")


def main(release: Path) -> int:
    problems = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        crate = ROCrate(release)
    problems += [f"ro-crate-py warned: {w.message}" for w in caught]
    if crate.version != "1.1":
        problems.append(f"conforms to RO-Crate {crate.version!r}, not 1.1")

    root = crate.root_dataset
    if root.id != "./":
        problems.append(f"the root data entity is {root.id!r}, not ./")
    for prop in ("name", "description", "datePublished", "license"):
        if not root.get(prop):
            problems.append(f"the root data entity has no {prop}")
    try:
        datetime.date.fromisoformat(root.get("datePublished", ""))
    except ValueError:
        problems.append(f"datePublished {root.get('datePublished')!r} is not an ISO 8601 date")
    licence = root.get("license")
    if not hasattr(licence, "id") or not licence.get("name"):
        problems.append(f"the licence is not a contextual entity with a name: {licence!r}")

    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    def in_site(path: str) -> bool:
        return path.startswith(SITE) and path != SITE + "index.html"

    expected = {f["path"]: f for f in manifest["files"] if f["path"] != CRATE and not in_site(f["path"])}
    files = [e for e in crate.data_entities if isinstance(e, File)]
    folders = [e for e in crate.data_entities if not isinstance(e, File)]
    if [e.id for e in folders] != [SITE]:
        problems.append(f"data entities that are not files: {[e.id for e in folders]}, not [{SITE!r}]")
    for folder in folders:
        site_files = [f for f in manifest["files"] if f["path"].startswith(SITE)]
        count, size = len(site_files), sum(f["size"] for f in site_files)
        if not (release / SITE).is_dir():
            problems.append(f"{folder.id}: no folder on disk")
        if f": {count} files, {size} bytes," not in (folder.get("description") or ""):
            problems.append(f"{folder.id}: its description does not give the manifest's {count} files, {size} bytes")
        main = folder.get("mainEntity")
        if getattr(main, "id", None) != SITE + "index.html":
            problems.append(f"{folder.id}: mainEntity {main!r}, not its index")
    seen = set()
    total = 0
    for entity in files:
        source = Path(entity.source)
        try:
            path = source.relative_to(release).as_posix()
        except ValueError:
            problems.append(f"{entity.id}: outside the release ({source})")
            continue
        seen.add(path)
        entry = expected.get(path)
        if entry is None:
            problems.append(f"{entity.id}: {path} is not in the manifest")
            continue
        if not source.is_file():
            problems.append(f"{entity.id}: no file at {path}")
            continue
        digest, size = hashlib.sha256(), 0
        for _, chunk in entity.stream():
            digest.update(chunk)
            size += len(chunk)
        total += size
        if entity.get("contentSize") != str(size) or size != entry["size"]:
            problems.append(f"{path}: contentSize {entity.get('contentSize')!r}, file {size}, manifest {entry['size']}")
        if entity.get("sha256") != digest.hexdigest() or entry["sha256"] != digest.hexdigest():
            problems.append(f"{path}: sha256 {entity.get('sha256')!r} is not the file's {digest.hexdigest()}")
        if entity.get("encodingFormat") != entry["media_type"]:
            problems.append(f"{path}: encodingFormat {entity.get('encodingFormat')!r}, manifest {entry['media_type']!r}")
    missing = sorted(set(expected) - seen)
    if missing:
        problems.append(f"in the manifest but not in the crate: {missing}")

    for problem in problems:
        print(f"  {problem}")
    print(
        f"RO-Crate {crate.version} ({release.name}): root {root.id} {short(root.get('name'))}, "
        f"{len(files)} File entities of {len(expected)} manifest files outside site/ ({total} bytes), "
        f"site/ as one folder entity, "
        f"sizes and sha256 match the files on disk: {'yes' if not problems else 'NO'}; "
        f"{len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve()))
