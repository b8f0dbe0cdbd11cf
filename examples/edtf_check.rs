//! What anpo makes of EDTF texts, for the differential test in the conformance script
//! (tests/conformance/edtf_differential.py), without a command of the tool for it.
//!
//! Reads one text a line on standard input and writes, for each, one line of JSON:
//! `{"text": …, "valid": true, "first": "1960-01-01", "last": "1960-12-31"}` (a day is
//! `null` for an open or unknown end), or `{"text": …, "valid": false, "error":
//! "NoSuchDay", "message": …}` with the [`EdtfError`](anpo::edtf::EdtfError)'s name and
//! message. A line is the text exactly, without its line end (`\n` or `\r\n`).
//!
//! Usage: `cargo run --example edtf_check < texts`

use std::io::{BufRead, Write};

use anpo::edtf::Edtf;
use serde_json::json;

fn main() -> std::io::Result<()> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line?;
        let text = line.strip_suffix('\r').unwrap_or(&line);
        let reading = match Edtf::parse(text) {
            Ok(value) => json!({ "text": text, "valid": true, "first": value.earliest(), "last": value.latest() }),
            Err(error) => {
                json!({ "text": text, "valid": false, "error": error.name(), "message": error.to_string() })
            }
        };
        writeln!(out, "{reading}")?;
    }
    out.flush()
}
