//! Every diagnostic code in one registry: its severity, title (as README's table of codes
//! gives it), a description of what it finds and general help on fixing it. A code is
//! stable and never reused. Tests hold the registry against README.md's table, against
//! the rules' own codes, and against the severity each diagnostic is made with.

use crate::diagnostic::Severity;

/// One diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub severity: Severity,
    /// What it finds, in a few words (README's table of codes).
    pub title: &'static str,
    /// What it finds, in a sentence or two.
    pub description: &'static str,
    /// How to fix it, in general (each diagnostic's own help is more precise).
    pub help: &'static str,
}

const fn error(code: &'static str, title: &'static str, description: &'static str, help: &'static str) -> Code {
    Code { code, severity: Severity::Error, title, description, help }
}

const fn warning(code: &'static str, title: &'static str, description: &'static str, help: &'static str) -> Code {
    Code { code, severity: Severity::Warning, title, description, help }
}

/// Every code, in order.
pub const CODES: &[Code] = &[
    error(
        "S001",
        "the file is not valid UTF-8",
        "A byte that cannot appear in UTF-8 (at most ten reported per file).",
        "Save the file as UTF-8; it may have been saved as Shift_JIS, Windows-1252 or UTF-16.",
    ),
    error(
        "S002",
        "the file starts with a byte-order mark",
        "RFC 8259 forbids a byte-order mark at the start of JSON text.",
        "Save the file as UTF-8 without a byte-order mark.",
    ),
    error(
        "S003",
        "JSON syntax error (including an empty or truncated file)",
        "The text is not JSON: a missing or trailing comma, a quote, a comment, a number JSON does not allow, or an end too early.",
        "Fix the character shown; the message says what JSON allows there.",
    ),
    error(
        "S004",
        "the root is not an object",
        "A data file is one JSON object whose members are collections of records.",
        "Wrap the records in an object, such as {\"events\": [ … ]}.",
    ),
    error(
        "S005",
        "the same key twice in one object",
        "JSON readers keep only one of two equal keys, silently.",
        "Merge the two members into one, or rename one.",
    ),
    error(
        "S006",
        "nesting deeper than 128 levels",
        "No record of the dataset nests that deep; such input is refused before it is read further.",
        "Remove the extra brackets.",
    ),
    error(
        "S007",
        "a symbolic link in a folder that leads outside it: not read",
        "anpo reads only the dataset: a link whose target leaves the folder given is never followed.",
        "Replace the link with the file itself, or name the file on the command line.",
    ),
    error(
        "J101",
        "a required property is missing",
        "The record lacks a property the schema requires.",
        "Add the property; the help names it and says what it holds.",
    ),
    error(
        "J102",
        "a property the schema does not define",
        "The record has a property the schema does not know (often a misspelling).",
        "Rename it to one the schema allows, or remove it.",
    ),
    error(
        "J103",
        "a value of the wrong type",
        "A value is not of the type the schema gives.",
        "Write the value as the type shown.",
    ),
    error(
        "J104",
        "a value outside the allowed list",
        "A value is not one of the schema's closed list.",
        "Use one of the values listed in the help.",
    ),
    error(
        "J105",
        "a value not in the required form (ids, dates, free text, addresses)",
        "A string does not match its pattern: an id slug, an EDTF date, free text without control characters or formula prefixes, an IRI.",
        "Rewrite the value in the form the help describes.",
    ),
    error(
        "J106",
        "a value, text or list too small or too large",
        "A number, a text's length or a list's size is outside the schema's bounds.",
        "Bring the value within the bounds shown.",
    ),
    error(
        "J107",
        "the same item twice in a list",
        "A list whose items must be unique has a repeat.",
        "Remove the repeated item.",
    ),
    error(
        "J199",
        "any other schema constraint",
        "A schema constraint without a code of its own failed.",
        "Read the message and the schema's description.",
    ),
    error(
        "R201",
        "an id used twice in the dataset",
        "Ids are unique across every kind of record in the dataset.",
        "Rename one of the two records, or merge them.",
    ),
    error(
        "R202",
        "a reference to an id that does not exist",
        "A field refers to a record by an id that no record has.",
        "Correct the id (the help may suggest the closest), or add the record.",
    ),
    error(
        "R203",
        "a reference to a record of the wrong kind",
        "A field refers to a record, but not of the kind the field takes.",
        "Refer to a record of the kind the field takes.",
    ),
    error(
        "R204",
        "a date that does not exist in the calendar",
        "An EDTF date with a month or day the calendar does not have, a year outside 0001 to 9999 (which the \
         exports cannot write as xs:date), a combination EDTF level 1 does not have (a qualified season or \
         unspecified digits, a season or unspecified digits ending an interval), or an interval that names no \
         date at either end.",
        "Write a date that exists, at the precision the source gives, in a form of EDTF level 1: the \
         diagnostic's help says what to write instead.",
    ),
    error(
        "R205",
        "dates out of order",
        "An interval or a pair of dates ends before it starts.",
        "Check the two dates against the source.",
    ),
    error(
        "R206",
        "the dataset metadata missing or given twice",
        "Exactly one file of a dataset carries the `dataset` metadata object.",
        "Keep one `dataset` object, in one file.",
    ),
    error(
        "R207",
        "a place within itself, or an actor part of itself, through a chain",
        "Containment (`within`, `part_of`) loops back to where it started.",
        "Break the chain where the source does not support it.",
    ),
    error(
        "R208",
        "`release` only: the dataset's `modified` is not one exact day from 1970 (a release takes its date from it)",
        "A release takes its date and its archive's time from `modified`, so it must be one exact day.",
        "Write the day the data was last changed, such as 2026-11-28.",
    ),
    error(
        "R209",
        "a party to an instrument that is not a state or an organization of states",
        "An instrument's `parties` names an actor that is neither a state nor an international organization: a government, a person, a party.",
        "Name the state it acts for as the party; record who acted as a participant or signatory.",
    ),
    warning(
        "W301",
        "a source that no record cites",
        "A source record that no other record cites.",
        "Cite it where it supports a fact, or remove it.",
    ),
    warning(
        "W302",
        "a place, actor or figure that nothing refers to",
        "A record that no other record refers to stands alone in the dataset.",
        "Refer to it where the sources connect it, or remove it.",
    ),
];

/// The registry's entry for a code.
pub fn lookup(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_the_readme_s_table_of_codes() {
        let readme = include_str!("../README.md");
        let section = readme.split("## Rule codes").nth(1).expect("README has a table of codes");
        let section = section.split("\n## ").next().unwrap_or(section);
        let rows: Vec<(String, String, String)> = section
            .lines()
            .filter(|line| line.starts_with("| ") && line.as_bytes().get(2).is_some_and(u8::is_ascii_uppercase))
            .filter(|line| !line.starts_with("| code"))
            .map(|line| {
                let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
                (cells[0].to_string(), cells[1].to_string(), cells[2..].join(" | "))
            })
            .collect();
        let registry: Vec<(String, String, String)> =
            CODES.iter().map(|c| (c.code.to_string(), c.severity.as_str().to_string(), c.title.to_string())).collect();
        assert_eq!(rows, registry, "README.md's table of codes and src/codes.rs differ");
    }

    #[test]
    fn every_rule_and_every_stage_code_is_registered_once_with_its_severity() {
        let mut seen = std::collections::HashSet::new();
        for code in CODES {
            assert!(seen.insert(code.code), "{} twice", code.code);
            let prefix = code.code.as_bytes()[0];
            let expected = if prefix == b'W' { Severity::Warning } else { Severity::Error };
            assert_eq!(code.severity, expected, "{}", code.code);
        }
        for rule in crate::rules::RULES {
            assert!(lookup(rule.code).is_some(), "rule {} is not in the registry", rule.code);
        }
        for code in [crate::walk::LINK_OUTSIDE_CODE, crate::release::NOT_RELEASABLE_CODE] {
            assert!(lookup(code).is_some(), "{code} is not in the registry");
        }
    }
}
