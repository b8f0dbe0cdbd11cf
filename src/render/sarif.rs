//! `--output-format sarif`: SARIF 2.1.0, as GitHub code scanning and other dashboards read it.
//!
//! # Format
//!
//! One pretty-printed JSON document and a newline: a `sarifLog` with one run.
//!
//! - `tool.driver`: `name` (`anpo`), `version`, `informationUri`, and `rules`: every
//!   diagnostic code of the registry (`codes.rs`), in its order, each with its `id`, a
//!   `shortDescription` (the title of README's table of codes), a `fullDescription`, a
//!   `help` and its `defaultConfiguration.level`. A result refers to its rule by `ruleId`
//!   and `ruleIndex`.
//! - `columnKind` is `unicodeCodePoints`: anpo counts columns in characters (Unicode
//!   scalar values), as the human and JSON formats do, and says so, since SARIF's default
//!   is UTF-16 code units. Lines and columns are 1-based; `endColumn` is exclusive, as SARIF
//!   defines it.
//! - Each result: `ruleId`, `level` (`error` or `warning`; with `--deny-warnings` a
//!   denied warning is an error), `message.text` (the message, then the help), one
//!   location (the file as an artifact URI relative to the folder anpo ran in, with
//!   `uriBaseId` `%SRCROOT%`, the repository root when run from it; an absolute path as a
//!   `file` URI; the region; and the JSON pointer as a logical location), the related
//!   locations, and `partialFingerprints`.
//! - `partialFingerprints.anpoDiagnostic/v1` is the SHA-256 of the rule, the file, the
//!   JSON pointer and the message: the same across runs and across edits elsewhere in
//!   the file (lines that move do not change it), so GitHub keeps tracking an alert until
//!   it is fixed.
//!
//! Output is deterministic: no time stamps, no absolute path of the machine.

use super::positions;
use crate::codes::CODES;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::source::Files;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::io::Write;

/// The SARIF schema the output names.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where to read about the tool.
pub const INFORMATION_URI: &str = "https://w3id.org/anpo/";

pub(super) fn write(files: &Files, diagnostics: &[Diagnostic], out: &mut dyn Write) -> std::io::Result<()> {
    let rules: Vec<Value> = CODES
        .iter()
        .map(|code| {
            json!({
                "id": code.code,
                "shortDescription": { "text": code.title },
                "fullDescription": { "text": code.description },
                "help": { "text": code.help },
                "defaultConfiguration": { "level": level(code.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics.iter().map(|d| result(files, d)).collect();
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "anpo",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result(files: &Files, diagnostic: &Diagnostic) -> Value {
    let text = match &diagnostic.help {
        Some(help) => format!("{}. Help: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let mut result = json!({
        "ruleId": diagnostic.code,
        "level": level(diagnostic.severity),
        "message": { "text": text },
        "locations": [location(files, &diagnostic.location, None)],
        "partialFingerprints": { "anpoDiagnostic/v1": fingerprint(files, diagnostic) },
    });
    if let Some(index) = CODES.iter().position(|c| c.code == diagnostic.code) {
        result["ruleIndex"] = json!(index);
    }
    if !diagnostic.related.is_empty() {
        let related = diagnostic.related.iter().enumerate();
        result["relatedLocations"] =
            related.map(|(n, label)| location(files, &label.location, Some((n, &label.message)))).collect();
    }
    result
}

/// A location: the file, the region where it is known, the JSON pointer as a logical
/// location; for a related location, its id and message.
fn location(files: &Files, location: &Location, related: Option<(usize, &str)>) -> Value {
    let mut physical = json!({ "artifactLocation": artifact(&files.get(location.file).name) });
    if let Some((start, end)) = positions(files, location) {
        physical["region"] = json!({
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        });
    }
    let mut value = json!({
        "physicalLocation": physical,
        "logicalLocations": [{ "fullyQualifiedName": location.pointer, "kind": "member" }],
    });
    if let Some((n, message)) = related {
        value["id"] = json!(n);
        value["message"] = json!({ "text": message });
    }
    value
}

/// The file as an artifact location: a relative reference below `%SRCROOT%`, or a `file`
/// URI for an absolute path; percent-encoded (RFC 3986) but for unreserved characters and
/// `/`.
fn artifact(name: &str) -> Value {
    let path = name.strip_prefix("./").unwrap_or(name);
    let encoded = encode(path);
    if path.starts_with('/') {
        json!({ "uri": format!("file://{encoded}") })
    } else {
        json!({ "uri": encoded, "uriBaseId": "%SRCROOT%" })
    }
}

fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn fingerprint(files: &Files, diagnostic: &Diagnostic) -> String {
    let mut hash = Sha256::new();
    for part in [
        diagnostic.code,
        files.get(diagnostic.location.file).name.as_str(),
        &diagnostic.location.pointer,
        &diagnostic.message,
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hex::encode(hash.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_references_or_file_uris() {
        assert_eq!(artifact("data/events.json"), json!({ "uri": "data/events.json", "uriBaseId": "%SRCROOT%" }));
        assert_eq!(artifact("./data/安保 1.json")["uri"], "data/%E5%AE%89%E4%BF%9D%201.json");
        assert_eq!(artifact("/tmp/x.json"), json!({ "uri": "file:///tmp/x.json" }));
        assert_eq!(artifact("a#b?.json")["uri"], "a%23b%3F.json");
    }
}
