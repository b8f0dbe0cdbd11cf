"""Differential test of anpo's EDTF reading against an independent implementation.

Usage: python tests/conformance/edtf_differential.py EDTF_CHECK [CORPUS]

EDTF_CHECK is anpo's `examples/edtf_check` (built by run.sh): it reads texts on standard
input and writes, a line of JSON each, whether anpo reads the text as a date, with its
first and last days. CORPUS (tests/fixtures/edtf/corpus.tsv by default, which `cargo test`
also holds anpo to) gives the texts. This script reads each text with anpo and with the
`edtf` package from PyPI (python-edtf, pinned in requirements.txt) and compares whether it
is valid and, where both read it, its first and last days: python-edtf's `lower_strict` and
`upper_strict`, at each end that names a date (python-edtf invents days for an unknown end,
and gives infinity for an open one, where anpo gives none).

A difference fails the script unless KNOWN lists it with its reason: where python-edtf is
wrong, or where anpo differs by design. A listed difference that no longer occurs fails
too, so the list stays true.
"""
import contextlib
import io
import json
import subprocess
import sys
import time
from pathlib import Path

from edtf import parse_edtf

WRONG = "python-edtf is wrong: "
DESIGN = "by design: "
LEVEL2 = "python-edtf reads a level 2 form; anpo reads level 1 and names it (R204): "
YEARS = DESIGN + "anpo's years run from 0001 to 9999, what the exports write as xs:date and the reference tools read (R204, or J105 for a leading -): "
WINTER = "convention: the specification gives seasons no days; anpo's winter is the northern meteorological one, December to February of the next year, python-edtf's ends on 31 December"

# text -> why the two differ.
KNOWN = {
    # The calendar and the order of an interval's ends.
    "1900-02-29": WRONG + "1900 is not a leap year (no 29 February in a year divisible by 100 but not by 400)",
    "1961-02-29": WRONG + "1961 is not a leap year",
    "2100-02-29": WRONG + "2100 is not a leap year",
    "1960-06/1960-05": WRONG + "the interval ends before it starts",
    "1961/1960-12-31": WRONG + "the interval ends before it starts",
    "2008/1964": WRONG + "the interval ends before it starts",
    "1960 ": WRONG + "it ignores the trailing space, which no EDTF form has",
    " 1960": WRONG + "it ignores the leading space, which no EDTF form has",
    "1960-06-1X": WRONG + "unspecified digits only in the day's last place are not level 1, and python-edtf cannot even give the days (ValueError)",
    # Years outside 0001 to 9999.
    "0000": YEARS + "year 0000",
    "0000-06-19": YEARS + "year 0000",
    "0000-21": YEARS + "year 0000",
    "000X": YEARS + "the decade includes year 0000",
    "00XX": YEARS + "the century includes year 0000",
    "0000-XX": YEARS + "year 0000",
    "Y170000002": YEARS + "a year after 9999",
    "Y-170000002": YEARS + "a year before 0001",
    "Y10000": YEARS + "a year after 9999",
    "-1985": YEARS + "a year before the common era",
    "-1985-04": YEARS + "a year before the common era",
    "-1985-04-12": YEARS + "a year before the common era",
    "-1985~": YEARS + "a year before the common era",
    "-1985-21": YEARS + "a year before the common era",
    "../-1985": YEARS + "a year before the common era",
    "1960/-0001": YEARS + "a year before the common era",
    "-1985/1990": YEARS + "a year before the common era",
    "-196X": YEARS + "a decade before the common era",
    "-1985-XX": YEARS + "a year before the common era",
    "../0000~": YEARS + "year 0000",
    "0000/1960": YEARS + "year 0000",
    "9999-24": YEARS + "winter 9999 ends in February 10000 (" + WINTER + ")",
    # Seasons: their days, and what level 1 allows of them.
    "1960-24": WINTER,
    "1963-24": WINTER,
    "1959-24": WINTER,
    "1899-24": WINTER,
    "1960-25": LEVEL2 + "seasons 25 to 41 (hemisphere, quarters, halves)",
    "1960-41": LEVEL2 + "seasons 25 to 41 (hemisphere, quarters, halves)",
    "1960-21/1960-23": DESIGN + "a season as an interval's end is not level 1 (level 1's ends are days, months or years; EDTF.js puts seasons in intervals at its non-standard level 3)",
    "1960-21/..": DESIGN + "a season as an interval's end is not level 1",
    "../1960-24": DESIGN + "a season as an interval's end is not level 1",
    # Unspecified digits: only at the right end, never qualified, never an interval's end.
    "196X?": LEVEL2 + "a qualifier after unspecified digits (level 1 qualifies a whole day, month or year)",
    "19XX~": LEVEL2 + "a qualifier after unspecified digits",
    "1960-XX~": LEVEL2 + "a qualifier after unspecified digits",
    "1960-06-XX%": LEVEL2 + "a qualifier after unspecified digits",
    "196X/1970": LEVEL2 + "unspecified digits as an interval's end (the specification's level 2 example is 2004-06-XX/2004-07-03)",
    "1960/1960-05-XX": LEVEL2 + "unspecified digits as an interval's end",
    "2004-06-XX/2004-07-03": LEVEL2 + "unspecified digits as an interval's end (the specification's own level 2 example)",
    "1XXX": LEVEL2 + "three unspecified digits",
    "XXXX": LEVEL2 + "four unspecified digits",
    "XXXX-XX": LEVEL2 + "an unspecified year",
    "19X0": LEVEL2 + "an unspecified digit that is not the rightmost",
    "1X60": LEVEL2 + "an unspecified digit that is not the rightmost",
    "X960": LEVEL2 + "an unspecified digit that is not the rightmost",
    "1960-XX-05": LEVEL2 + "an unspecified month with a given day",
    "156X-12-25": LEVEL2 + "an unspecified year digit with a given month and day (the specification's level 2 example)",
    # Other level 2 forms.
    "2004?-06-11": LEVEL2 + "a qualifier on a component",
    "~1960": LEVEL2 + "a qualifier before a component (qualification from the left)",
    "?2004-06-~11": LEVEL2 + "qualifiers on components",
    "2004-06-~01/2004-06-~20": LEVEL2 + "qualifiers on components",
    "1960-06-?19": LEVEL2 + "a qualifier on a component",
    "{1960,1961}": LEVEL2 + "a set (all of)",
    "[1960..1962]": LEVEL2 + "a set (one of)",
    "[1667,1668,1670..1672]": LEVEL2 + "a set (one of)",
    "1950S2": LEVEL2 + "significant digits",
    "Y-17E7": LEVEL2 + "an exponential year",
    # Level 0 forms anpo's date fields do not take.
    "1985-04-12T23:20:30": DESIGN + "anpo's dates are days: level 0's date and time has no place in the dataset",
    "1985-04-12T23:20:30Z": DESIGN + "anpo's dates are days: level 0's date and time has no place in the dataset",
    # An interval that names no date.
    "../..": DESIGN + "an interval must name a date at one end at least: the specification neither defines nor excludes ../.., but it gives the exports no day to write (R204)",
}


def day(t):
    """A struct_time as YYYY-MM-DD, or None for anything else (infinity, no date)."""
    if not isinstance(t, time.struct_time):
        return None
    return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"


def python_edtf(text):
    """(valid, first day, last day) as python-edtf reads the text."""
    try:
        # python-edtf prints its attempts on standard output.
        with contextlib.redirect_stdout(io.StringIO()):
            value = parse_edtf(text)
    except Exception:
        return False, None, None
    try:
        return True, day(value.lower_strict()), day(value.upper_strict())
    except Exception as error:
        return True, f"({type(error).__name__})", f"({type(error).__name__})"


def anpo_edtf(edtf_check, texts):
    """{text: (valid, first day, last day)} as anpo reads each text."""
    run = subprocess.run([edtf_check], input="".join(t + "\n" for t in texts), capture_output=True,
                         text=True, encoding="utf-8", check=True)
    readings = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["text"] for r in readings] == texts, "edtf_check answers each text in order"
    return {r["text"]: (r["valid"], r.get("first"), r.get("last")) for r in readings}


def named_ends(text):
    """Whether the text names a date at its start and at its end (not `..` or nothing)."""
    if "/" not in text:
        return True, True
    start, end = text.split("/", 1)
    return start not in ("", ".."), end not in ("", "..")


def main():
    edtf_check = sys.argv[1]
    corpus = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).parents[1] / "fixtures/edtf/corpus.tsv")
    texts = [line.split("\t")[1] for line in corpus.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    anpo = anpo_edtf(edtf_check, texts)
    differences, agreed = {}, 0
    for text in texts:
        anpo_valid, anpo_first, anpo_last = anpo[text]
        valid, first, last = python_edtf(text)
        verdict = lambda v: "valid" if v else "invalid"  # noqa: E731
        if valid != anpo_valid:
            differences[text] = f"anpo says {verdict(anpo_valid)}, python-edtf says {verdict(valid)}"
            continue
        has_start, has_end = named_ends(text)
        if anpo_valid and ((has_start and first != anpo_first) or (has_end and last != anpo_last)):
            differences[text] = f"anpo covers {anpo_first}..{anpo_last}, python-edtf {first}..{last}"
            continue
        agreed += 1
    status = 0
    for text, what in sorted(differences.items()):
        if text in KNOWN:
            print(f"known: {text!r}: {what} ({KNOWN[text]})")
        else:
            print(f"UNEXPECTED: {text!r}: {what}")
            status = 1
    for text in sorted(set(KNOWN) - set(differences)):
        print(f"STALE: {text!r} is listed as a known difference but the two now agree (or it left the corpus)")
        status = 1
    print(f"edtf: {len(texts)} strings, {agreed} read alike, {len(differences)} differences, "
          f"{len(set(differences) - set(KNOWN))} unexpected")
    return status


if __name__ == "__main__":
    sys.exit(main())
