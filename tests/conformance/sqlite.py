"""Conformance of the SQLite export: SQLite's own checks, then Datasette.

Usage: python tests/conformance/sqlite.py EXPORT_DIR

Reads EXPORT_DIR/sqlite/anpo.sqlite:

1. With Python's sqlite3 (the SQLite Python was built with, not the one compiled into
   anpo), read-only: `PRAGMA integrity_check` must answer `ok`, `PRAGMA foreign_key_check`
   nothing, and a full-text query and both views must run.
2. `datasette inspect` on the file (it opens every table and counts its rows), into an
   inspection file.
3. `datasette serve` of the file, immutable, with that inspection, on 127.0.0.1 and a free
   port, polled until it answers; then SQL through its JSON API (`/anpo.json?sql=…`,
   `_shape=array`): the number of events, which must be sqlite3's; a row of
   `event_details`; the columns of `events` from `data_dictionary`; a full-text query for a
   word of the first event's title. Each query is printed with its answer.
4. The server is stopped, whatever happened.

Prints every failure and exits 1 on any; exits 0 when every check passed.

Tested with datasette==0.65.5 (pinned in requirements.txt beside this script).
"""

import json
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

TESTED_WITH = "0.65.5"
DATABASE = "anpo"  # Datasette names a database after its file's stem.
STARTUP_SECONDS = 60


def fail(message):
    print(f"sqlite: FAIL: {message}")
    return False


def sqlite_checks(path):
    """SQLite's own checks, with Python's sqlite3. Returns (ok, number of events, a word)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        print(f"sqlite: Python's sqlite3 uses SQLite {sqlite3.sqlite_version}")
        ok = True
        integrity = [row[0] for row in db.execute("PRAGMA integrity_check")]
        print(f"sqlite: PRAGMA integrity_check -> {integrity}")
        if integrity != ["ok"]:
            ok = fail(f"integrity_check: {integrity}")
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
        print(f"sqlite: PRAGMA foreign_key_check -> {len(broken)} rows")
        if broken:
            ok = fail(f"foreign_key_check: {broken[:10]}")
        events = db.execute("SELECT count(*) FROM events").fetchone()[0]
        for view in ("event_details", "instrument_details"):
            db.execute(f"SELECT * FROM {view}").fetchall()
        title = db.execute("SELECT title FROM events ORDER BY id LIMIT 1").fetchone()
        words = re.findall(r"[A-Za-z]{4,}", title[0]) if title else []
        word = words[0] if words else None
        if word:
            found = db.execute("SELECT count(*) FROM search WHERE search MATCH ?", (word,)).fetchone()[0]
            print(f"sqlite: search MATCH {word!r} -> {found} rows")
            if found == 0:
                ok = fail(f"the full-text table does not find {word!r}, a word of an event's title")
        return ok, events, word
    finally:
        db.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def sql(base, query, **params):
    """Runs `query` through Datasette's JSON API; prints the query and its answer."""
    arguments = {"sql": query, "_shape": "array", **params}
    path = f"/{DATABASE}.json?" + urllib.parse.urlencode(arguments)
    answer = get_json(base, path)
    # ASCII only: the edge dataset's texts hold bidirectional and other characters that a
    # terminal or CI log should not be handed raw.
    shown = json.dumps(answer)
    if len(shown) > 300:
        shown = shown[:300] + "…"
    print(f"sqlite: datasette GET {path}\nsqlite:   -> {shown}")
    return answer


def datasette_checks(datasette, path, events, word, work):
    ok = True
    inspection = work / "inspect.json"
    run = subprocess.run(
        [datasette, "inspect", str(path), "--inspect-file", str(inspection)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if run.returncode != 0:
        return fail(f"datasette inspect exited {run.returncode}: {run.stderr.strip()}")
    tables = json.loads(inspection.read_text())[DATABASE]["tables"]
    print(f"sqlite: datasette inspect -> {len(tables)} tables, events: {tables['events']['count']} rows")
    if tables["events"]["count"] != events:
        ok = fail(f"datasette inspect counts {tables['events']['count']} events, sqlite3 {events}")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(work / "datasette.log", "w+")
    server = subprocess.Popen(
        [datasette, "serve", "-i", str(path), "--inspect-file", str(inspection), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if server.poll() is not None:
                return fail(f"datasette serve exited {server.returncode} before answering")
            try:
                versions = get_json(base, "/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    return fail(f"datasette serve did not answer on {base} within {STARTUP_SECONDS} s")
                time.sleep(0.2)
        print(
            f"sqlite: datasette {versions['datasette']['version']} serving on {base}, "
            f"SQLite {versions['sqlite']['version']}"
        )
        if versions["datasette"]["version"] != TESTED_WITH:
            print(f"sqlite: note: datasette {versions['datasette']['version']}, tested with {TESTED_WITH}")

        answer = sql(base, "select count(*) as events from events")
        if answer != [{"events": events}]:
            ok = fail(f"Datasette counts {answer}, sqlite3 {events} events")
        rows = sql(base, "select id, date_edtf, participants, places from event_details order by id limit 1")
        if events and not (len(rows) == 1 and json.loads(rows[0]["participants"]) is not None):
            ok = fail(f"event_details: {rows}")
        columns = sql(base, "select column_name from data_dictionary where table_name = :t order by ordinal", t="events")
        if not columns or columns[0] != {"column_name": "id"}:
            ok = fail(f"data_dictionary: {columns}")
        if word:
            found = sql(base, "select record, table_name, column_name from search where search match :q", q=word)
            if not found:
                ok = fail(f"no full-text answer for {word!r}")
    except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
        ok = fail(f"Datasette's JSON API: {error}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        print(f"sqlite: datasette serve stopped (exit {server.returncode})")
        if not ok:
            log.seek(0)
            print("sqlite: datasette's log:\n" + log.read()[-4000:])
        log.close()
    return ok


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} EXPORT_DIR", file=sys.stderr)
        return 2
    path = Path(argv[1]) / "sqlite" / "anpo.sqlite"
    if not path.is_file():
        print(f"sqlite: {path} does not exist", file=sys.stderr)
        return 1
    datasette = Path(sys.executable).parent / "datasette"
    ok, events, word = sqlite_checks(path)
    with tempfile.TemporaryDirectory() as work:
        ok = datasette_checks(str(datasette), path, events, word, Path(work)) and ok
    print("sqlite: valid" if ok else "sqlite: INVALID")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
