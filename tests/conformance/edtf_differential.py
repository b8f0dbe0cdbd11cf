"""Differential test of anpo's EDTF reading against an independent implementation.

Usage: python tests/conformance/edtf_differential.py [CORPUS]

CORPUS (tests/fixtures/edtf/corpus.tsv by default) lists EDTF strings with what anpo makes
of them; `cargo test` (tests/standards.rs) holds anpo to it. This script reads each string
with the `edtf` package from PyPI (python-edtf, pinned in requirements.txt) and compares:
whether it is valid, and, for a single date both accept, its first and last days
(`lower_strict`, `upper_strict`). A difference fails the script unless it is listed in
KNOWN below with the reason: where python-edtf is wrong, or where anpo differs by design.
A listed difference that no longer occurs fails too, so the list stays true.
"""
import contextlib
import io
import sys
import time
from pathlib import Path

from edtf import parse_edtf

# text -> why the two differ. "python-edtf is wrong" means the text breaks the EDTF
# specification (or the calendar) and python-edtf accepts it anyway.
KNOWN = {
    "1900-02-29": "python-edtf is wrong: 1900 is not a leap year (no day 29 in February)",
    "1961-02-29": "python-edtf is wrong: 1961 is not a leap year",
    "0000": "by design: anpo's years run from 0001 to 9999 (xs:date has no year 0000)",
    "0000-06-19": "by design: year 0000",
    "000X": "by design: the decade includes year 0000",
    "00XX": "by design: the century includes year 0000",
    "Y170000002": "by design: no export can write a year after 9999",
    "Y-170000002": "by design: no export can write a year before 0001",
    "-1985": "by design: no year before 0001, and a leading - would be a spreadsheet formula in the CSV",
    "9999-24": "by design: winter 9999 ends in February 10000 (python-edtf ends winter in December)",
    "1960-24": "convention: anpo's winter runs December to February (meteorological seasons); python-edtf's ends on 31 December",
    "1963-24": "convention: winter, as for 1960-24",
    "1960-25": "by design: level 2 season (hemisphere-specific); anpo reads level 1",
    "1960-21/1960-23": "by design: seasons as interval ends are not level 1 (EDTF.js puts them at its non-standard level 3)",
    "196X?": "by design: qualifying unspecified digits is level 2",
    "1960-XX~": "by design: qualifying an unspecified month is level 2",
    "1960/1960-05-XX": "by design: unspecified digits as an interval end are level 2",
    "196X/1970": "by design: unspecified digits as an interval end are level 2",
    "../..": "by design: an interval names a date at one end at least",
    "1960 ": "python-edtf is wrong: it ignores the trailing space, which no EDTF form has",
    "1960-06/1960-05": "python-edtf is wrong: the interval ends before it starts",
    "1961/1960-12-31": "python-edtf is wrong: the interval ends before it starts",
    "1960-XX-05": "by design: an unspecified month with a given day is level 2",
    "19X0": "by design: unspecified digits other than the rightmost are level 2",
    "1XXX": "by design: three unspecified digits are level 2",
    "~1960": "by design: a qualifier before a component is level 2",
    "{1960,1961}": "by design: level 2 set",
    "[1960..1962]": "by design: level 2 set",
    "1960-06-?19": "by design: level 2 qualification of a component",
    "1950S2": "by design: level 2 significant digits",
    "1960-06-19T00:00:00": "by design: anpo's dates are days, without times (level 0 allows a time)",
    "../0000~": "by design: year 0000",
}


def day(t):
    """A struct_time as YYYY-MM-DD, or None when python-edtf gives no date (open ends)."""
    if not isinstance(t, time.struct_time):
        return None
    return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"


def python_edtf(text):
    """(valid, first day, last day) as python-edtf sees the text."""
    try:
        # python-edtf prints its attempts on standard output.
        with contextlib.redirect_stdout(io.StringIO()):
            value = parse_edtf(text)
    except Exception:
        return False, None, None
    try:
        return True, day(value.lower_strict()), day(value.upper_strict())
    except Exception:
        return True, None, None


def main():
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1] / "fixtures/edtf/corpus.tsv")
    differences, agreed, lines = {}, 0, 0
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        verdict, text = fields[0], fields[1]
        lines += 1
        anpo_valid = verdict == "valid"
        valid, first, last = python_edtf(text)
        if valid != anpo_valid:
            differences[text] = f"anpo says {verdict}, python-edtf says {'valid' if valid else 'invalid'}"
            continue
        if anpo_valid and "/" not in text and (first, last) != (fields[2] or None, fields[3] or None):
            differences[text] = f"anpo covers {fields[2]}..{fields[3]}, python-edtf {first}..{last}"
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
        print(f"STALE: {text!r} is listed as a known difference but the two now agree")
        status = 1
    print(f"edtf: {lines} strings, {agreed} read alike, {len(differences)} differences, "
          f"{len(set(differences) - set(KNOWN))} unexpected")
    return status


if __name__ == "__main__":
    sys.exit(main())
