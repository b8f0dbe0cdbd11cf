//! `README.md`: what the release is, what it holds, how many records of each kind, and
//! the versions of the dataset, the schema and the tool.

use super::{CHANGELOG_FILE, Context, DESCRIPTION_FILE, MANIFEST_FILE, SUMS_FILE, TOOL_VERSION, markdown_text};
use crate::markdown::code;
use crate::model::COLLECTIONS;
use std::fmt::Write;

pub const FILE: &str = "README.md";

/// What a top-level folder holds, by name.
fn folder_description(name: &str) -> &'static str {
    match name {
        "data" => "the data files, in the canonical form that `anpo fmt` writes",
        "schema" => "the JSON Schema that the data files name in `$schema`",
        "csv" => "CSV tables with a Frictionless data package (`csv/datapackage.json`)",
        "akn" => "Akoma Ntoso 3.0 XML, one document per instrument",
        "jsonld" => "the whole dataset as one JSON-LD graph, and its context",
        "sqlite" => {
            "the CSV's tables as one SQLite database (`sqlite/anpo.sqlite`), with keys, full-text search and views"
        }
        _ => "",
    }
}

pub(super) fn readme(cx: &Context, folders: &[(String, usize)]) -> String {
    let meta = cx.meta;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# {}\n", markdown_text(&meta.title));
    let _ = writeln!(
        w,
        "Release {} of the dataset {}, with the data as of {}. Published by {} under {} (see `LICENSE.md`).\n",
        markdown_text(&meta.version),
        code(&meta.id),
        markdown_text(&meta.modified),
        markdown_text(&meta.publisher),
        code(&meta.license),
    );
    let _ = writeln!(w, "{}\n", markdown_text(&meta.description));

    let _ = writeln!(w, "## Records\n");
    let _ = writeln!(w, "| kind | records |\n| --- | ---: |");
    let mut total = 0;
    for kind in COLLECTIONS {
        let n = cx.dataset.count(kind);
        total += n;
        let _ = writeln!(w, "| {} | {n} |", kind.collection());
    }
    let _ = writeln!(w, "| total | {total} |\n");

    let _ = writeln!(w, "## Contents\n");
    let _ = writeln!(w, "| path | what it holds |\n| --- | --- |");
    // The site's index is made after this file (it lists it), so the site has a row of its own, below, with no count.
    for (name, files) in folders.iter().filter(|(name, _)| name != "site") {
        let plural = if *files == 1 { "file" } else { "files" };
        let what = folder_description(name);
        let sep = if what.is_empty() { "" } else { ": " };
        let _ = writeln!(w, "| `{name}/` | {files} {plural}{sep}{what} |");
    }
    let mut row = |path: &str, what: &str| {
        let _ = writeln!(w, "| `{path}` | {what} |");
    };
    row(
        "site/",
        "a website of the dataset that works from this folder, with no server or network: open `site/index.html`; \
         it lists every file above with its size and SHA-256",
    );
    row(super::readme::FILE, "this file");
    row(super::license::FILE, "the licence, and the attribution that each source requires");
    row(super::citation::FILE, "how to cite this release (Citation File Format 1.2.0)");
    if cx.has_changelog {
        row(CHANGELOG_FILE, "what changed since the previous release");
    }
    row(DESCRIPTION_FILE, "this release as a schema.org `Dataset` in JSON-LD, listing every file above");
    let datacite = format!(
        "this release in the DataCite Metadata Schema {} (JSON), for archives that register DOIs",
        super::datacite::SCHEMA_VERSION
    );
    row(super::datacite::FILE, &datacite);
    row(
        super::rocrate::FILE,
        "this release as an RO-Crate 1.1: every file above with its media type, size and SHA-256",
    );
    row(MANIFEST_FILE, "every file with its size, SHA-256 and media type, and the versions below");
    row(SUMS_FILE, "the SHA-256 of every other file");
    let _ = writeln!(w);

    let _ = writeln!(w, "## Versions\n");
    let _ = writeln!(w, "- dataset: {}", markdown_text(&meta.version));
    let _ = writeln!(w, "- schema: {}", markdown_text(cx.dictionary.version()));
    let _ = writeln!(w, "- made with: anpo {TOOL_VERSION}\n");

    let _ = writeln!(w, "## Checking the files\n");
    let _ = writeln!(w, "```sh\nsha256sum -c {SUMS_FILE}\n```");
    out
}
