//! `CITATION.cff`: how to cite the release, in Citation File Format 1.2.0, from the
//! dataset's metadata.
//!
//! Keys: `cff-version`, `message`, `type: dataset`, `title`, `version`, `date-released`
//! (`dataset.modified`), `license` (`dataset.license`, an SPDX id), `authors` (one entity,
//! the publisher), `abstract` (the description) and `keywords`. Every string is written as
//! a YAML double-quoted scalar, so no text in the data can change the file's structure;
//! `date-released` is quoted too, as the CFF schema wants a string.

use crate::model::DatasetMeta;
use std::fmt::Write;

pub const FILE: &str = "CITATION.cff";

pub(super) fn citation(meta: &DatasetMeta) -> String {
    let q = quote;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "cff-version: 1.2.0");
    let _ = writeln!(w, "message: {}", q("If you use this dataset, please cite it as below."));
    let _ = writeln!(w, "type: dataset");
    let _ = writeln!(w, "title: {}", q(&meta.title));
    let _ = writeln!(w, "version: {}", q(&meta.version));
    let _ = writeln!(w, "date-released: {}", q(&meta.modified));
    let _ = writeln!(w, "license: {}", q(&meta.license));
    let _ = writeln!(w, "authors:\n  - name: {}", q(&meta.publisher));
    let _ = writeln!(w, "abstract: {}", q(&meta.description));
    if !meta.keywords.is_empty() {
        let _ = writeln!(w, "keywords:");
        for keyword in &meta.keywords {
            let _ = writeln!(w, "  - {}", q(keyword));
        }
    }
    out
}

/// A YAML double-quoted scalar: `"` and `\\` escaped, and every character YAML would not
/// take as it stands (control characters, which include NEL; the line and paragraph
/// separators, which YAML 1.1 reads as line breaks; the byte-order mark) written as an
/// escape.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_yaml_structure() {
        assert_eq!(quote("a: b # c"), r#""a: b # c""#);
        assert_eq!(quote("line\nbreak \"quoted\" \\"), r#""line\nbreak \"quoted\" \\""#);
        assert_eq!(quote("日米安保"), "\"日米安保\"");
        assert_eq!(quote("a\u{85}b\u{2028}c\u{7f}"), r#""a\u0085b\u2028c\u007f""#);
    }
}
