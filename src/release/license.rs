//! `LICENSE.md`: the dataset's licence and the attribution its sources require, all read
//! from the data (`dataset` metadata and the `sources` records); nothing is typed here but
//! the sentences around them.

use super::Context;
use crate::markdown::{code, link, table_code, text as markdown_text};
use crate::model::{DatasetMeta, Source};
use std::collections::BTreeMap;
use std::fmt::Write;

pub const FILE: &str = "LICENSE.md";

/// The dataset's own credit line: `"{title}, version {version}, {publisher}, {license}"`
/// (the first `creditText` of the JSON-LD export).
pub fn credit(meta: &DatasetMeta) -> String {
    format!("{}, version {}, {}, {}", meta.title, meta.version, meta.publisher, meta.license)
}

pub(super) fn license(cx: &Context) -> String {
    let meta = cx.meta;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# Licence\n");
    let _ = writeln!(
        w,
        "{}, version {}, is published by {} under the licence {} ({}).\n",
        markdown_text(&meta.title),
        markdown_text(&meta.version),
        markdown_text(&meta.publisher),
        code(&meta.license),
        link(&meta.license_url),
    );
    let _ = writeln!(w, "Credit it as:\n");
    let _ = writeln!(w, "> {}\n", markdown_text(&credit(meta)));

    let mut sources: Vec<&Source> = cx.dataset.sources.iter().collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    if sources.is_empty() {
        return out;
    }
    let _ = writeln!(w, "## Sources\n");
    let _ = writeln!(
        w,
        "The records are drawn from the sources below. Whoever reuses the data must also give each \
         source's attribution, as written here.\n"
    );
    let mut licences: BTreeMap<Option<(&str, Option<&str>)>, usize> = BTreeMap::new();
    for source in &sources {
        *licences.entry(source.license.as_deref().map(|l| (l, source.license_url.as_deref()))).or_default() += 1;
    }
    let _ = writeln!(w, "| licence of the source | sources |\n| --- | ---: |");
    // Stated licences first, then the sources that state none.
    for (licence, count) in licences.iter().filter(|(l, _)| l.is_some()).chain(licences.get_key_value(&None)) {
        let _ = writeln!(w, "| {} | {count} |", licence_text(*licence, table_code));
    }
    let _ = writeln!(w);
    for source in sources {
        let licence = source.license.as_deref().map(|l| (l, source.license_url.as_deref()));
        let _ = writeln!(w, "- {}", markdown_text(&source.attribution));
        let _ = writeln!(w, "  — licence: {}; record {}.", licence_text(licence, code), code(&source.id));
    }
    out
}

/// A licence and its address; `code` is [`code`] or, in a table cell, [`table_code`].
fn licence_text(licence: Option<(&str, Option<&str>)>, code: fn(&str) -> String) -> String {
    match licence {
        Some((id, Some(url))) => format!("{} ({})", code(id), link(url)),
        Some((id, None)) => code(id),
        None => "not stated in the source record".to_string(),
    }
}
