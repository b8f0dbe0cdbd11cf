//! `ro-crate-metadata.json`: the release folder as an RO-Crate 1.1
//! (<https://w3id.org/ro/crate/1.1>), for archives that ingest research objects.
//!
//! # Format
//!
//! One JSON-LD document in RO-Crate's flattened, compacted form: `@context`, then `@graph`,
//! an array of entities in a fixed order (the metadata descriptor, the root, the licence,
//! the publisher, then one entity per file sorted by path); in each entity the keys are
//! sorted; two-space indented, ending with a newline.
//!
//! - The **metadata descriptor** `ro-crate-metadata.json` (`CreativeWork`) with
//!   `conformsTo` `https://w3id.org/ro/crate/1.1` and `about` the root, `./`.
//! - The **root data entity** `./` (`Dataset`): `name` (`dataset.title`), `description`,
//!   `datePublished` (the release day, `dataset.modified`, as `CITATION.cff`'s
//!   `date-released` and the manifest's `modified`), `version`, `identifier`
//!   (`dataset.id`, as in `dataset.jsonld`), `keywords`, `license`, `publisher` and
//!   `author`, `creditText` (the credit line of `LICENSE.md`), and `hasPart`: every file
//!   the manifest lists but this one. The data names no DOI and no publication about the
//!   dataset, so there is no `cite-as` and no `citation`.
//! - The **licence** (`CreativeWork`), identified by `dataset.license_url`, named and
//!   identified by the SPDX id `dataset.license`.
//! - The **publisher** (`Organization`, `#publisher`, named `dataset.publisher`): the one
//!   entity the data names, so it is also the `author` (as in `CITATION.cff`).
//! - One **`File`** per file: `@id` its path (a relative URI reference: characters an IRI
//!   path cannot hold percent-encoded, every other character as it is, as RO-Crate asks),
//!   `encodingFormat` (its media type, the manifest's), `contentSize` (bytes, a string as
//!   in RO-Crate's examples) and `sha256` (64 lower-case hex digits). Folders are not
//!   entities of their own: RO-Crate lets the root list files anywhere in the tree.
//! - But for the website, `site/`: one **directory** entity (`Dataset`, `@id` `site/`, with
//!   `name`, `description` giving its number of files and bytes, and `mainEntity` its
//!   `index.html`, which is listed as a `File`), last in the root's `hasPart`. Its other
//!   pages (at a million records, nearly a million files) are not listed one by one, as
//!   RO-Crate allows ("the RO-Crate Metadata File is not an exhaustive manifest");
//!   `manifest.json` and `SHA256SUMS` list each.
//!
//! # Checksums
//!
//! RO-Crate 1.1 defines no checksum property: its context is made from schema.org 10.0,
//! which has no `sha256`, and its text leaves file fixity to manifests such as BagIt's
//! ("the RO-Crate Metadata File is not an exhaustive manifest … designed to be compatible
//! with … full inventories / manifest and integrity checks, e.g. by using checksums",
//! section *Self-describing and self-contained*). Schema.org has since added
//! `sha256` (on `MediaObject`, which RO-Crate's `File` is) and `creditText`, and RO-Crate
//! 1.2's context maps both to those IRIs. Following 1.1's *Extending RO-Crate* ("the terms
//! used SHOULD be added as keys to the `@context` … the `@context: []` array form SHOULD be
//! used"), the context is the 1.1 context by reference and the two terms:
//! `["https://w3id.org/ro/crate/1.1/context", {"creditText": "http://schema.org/creditText",
//! "sha256": "http://schema.org/sha256"}]`.
//!
//! The file cannot list its own size and hash; `manifest.json` and `SHA256SUMS`, made
//! after it, list it.

use super::{Context, ManifestFile};
use serde_json::{Value, json};

pub const FILE: &str = "ro-crate-metadata.json";

/// The specification this file conforms to.
pub const CONFORMS_TO: &str = "https://w3id.org/ro/crate/1.1";

/// RO-Crate 1.1's JSON-LD context.
pub const CONTEXT: &str = "https://w3id.org/ro/crate/1.1/context";

/// The terms added to the 1.1 context (see the module documentation): schema.org's, with
/// the IRIs (`http://schema.org/…`, as every term of the 1.1 context) RO-Crate 1.2 gives them.
pub const TERMS: &[(&str, &str)] =
    &[("creditText", "http://schema.org/creditText"), ("sha256", "http://schema.org/sha256")];

/// The root data entity's `@id`: the folder that holds this file.
const ROOT: &str = "./";

/// The publisher's local `@id`.
const PUBLISHER: &str = "#publisher";

/// A folder described as one entity: its path (ending in `/`), number of files and bytes.
pub(super) struct Folder<'a> {
    pub path: &'a str,
    pub files: usize,
    pub size: u64,
}

/// The text of `ro-crate-metadata.json`, listing `files` (every file the manifest lists
/// but this one and those in `site`, sorted by path) and `site` as one folder (when it
/// holds any file).
pub(super) fn ro_crate(cx: &Context, files: &[ManifestFile], site: &Folder) -> String {
    let meta = cx.meta;
    let reference = |id: &str| json!({ "@id": id });
    let terms: serde_json::Map<String, Value> = TERMS.iter().map(|(term, iri)| ((*term).into(), json!(iri))).collect();

    let descriptor = json!({
        "@id": FILE,
        "@type": "CreativeWork",
        "about": reference(ROOT),
        "conformsTo": reference(CONFORMS_TO),
    });
    let site_id = (site.files > 0).then(|| iri_path(site.path));
    let mut root = json!({
        "@id": ROOT,
        "@type": "Dataset",
        "name": meta.title,
        "description": meta.description,
        "datePublished": meta.modified,
        "version": meta.version,
        "identifier": meta.id,
        "license": reference(&meta.license_url),
        "publisher": reference(PUBLISHER),
        "author": reference(PUBLISHER),
        "creditText": super::license::credit(meta),
        "hasPart": files.iter().map(|f| iri_path(&f.path)).chain(site_id.clone()).map(|id| reference(&id)).collect::<Vec<_>>(),
    });
    let site = site_id.map(|id| {
        json!({
            "@id": id,
            "@type": "Dataset",
            "name": "Website of the dataset",
            "description": format!(
                "Web pages of every record, a timeline and the downloads, which work opened from this folder: {} files, {} bytes, each listed with its size and SHA-256 in manifest.json and SHA256SUMS.",
                site.files, site.size
            ),
            "mainEntity": reference(&iri_path(&format!("{}index.html", site.path))),
        })
    });
    // RO-Crate asks for a single value rather than an array of one.
    match meta.keywords.as_slice() {
        [] => {}
        [one] => root["keywords"] = json!(one),
        many => root["keywords"] = json!(many),
    }
    let licence = json!({
        "@id": meta.license_url,
        "@type": "CreativeWork",
        "name": meta.license,
        "identifier": meta.license,
        "description": format!(
            "The licence of the dataset, by its SPDX identifier {}. LICENSE.md in this release gives the attribution that each source requires.",
            meta.license
        ),
    });
    let publisher = json!({ "@id": PUBLISHER, "@type": "Organization", "name": meta.publisher });

    let mut graph = vec![descriptor, root, licence, publisher];
    graph.extend(site);
    graph.extend(files.iter().map(|f| {
        json!({
            "@id": iri_path(&f.path),
            "@type": "File",
            "encodingFormat": f.media_type,
            "contentSize": f.size.to_string(),
            "sha256": f.sha256,
        })
    }));
    super::json_document(json!({
        "@context": [CONTEXT, terms],
        "@graph": graph,
    }))
}

/// A release path as a relative IRI reference (RFC 3987 `ipath-rootless`): ASCII letters,
/// digits, `-._~`, the sub-delimiters, `:`, `@` and `/` as they are, and every character
/// that is neither one of those nor a `ucschar` percent-encoded as UTF-8 (`%`, a space,
/// `#`, `?`, …). Non-ASCII letters stay as they are, as RO-Crate prefers ("`面试.mp4`"
/// over "`%E9%9D%A2…`"), but for the bidirectional formatting characters, which an IRI
/// must not hold (RFC 3987, section 4.1), and white space and the byte-order mark, which
/// the schema's `iri` refuses too. No release path starts with a segment holding `:`
/// (every data file is below `data/`), so none reads as a scheme.
pub fn iri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        let keep = match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' => true,
            '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '=' | ':' | '@' => true,
            c if c.is_ascii() => false,
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' => false,
            c if c.is_whitespace() => false,
            c => is_ucschar(c),
        };
        if keep {
            out.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// RFC 3987's `ucschar`: the non-ASCII characters an IRI may hold as they are.
fn is_ucschar(c: char) -> bool {
    let c = u32::from(c);
    matches!(c, 0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF)
        || (0x10000..=0xEFFFD).contains(&c) && (c & 0xFFFF) <= 0xFFFD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_iri_references() {
        assert_eq!(iri_path("csv/events.csv"), "csv/events.csv");
        assert_eq!(iri_path("data/安保 1.json"), "data/安保%201.json");
        assert_eq!(iri_path("data/a#b?c%d.json"), "data/a%23b%3Fc%25d.json");
        assert_eq!(iri_path("data/a\"<>[]{}|^`.json"), "data/a%22%3C%3E%5B%5D%7B%7D%7C%5E%60.json");
        assert_eq!(iri_path("data/x:y@z(1)+,;=!$&'*~.json"), "data/x:y@z(1)+,;=!$&'*~.json");
        // Bidirectional formatting, a non-character, private use, white space, a BOM.
        assert_eq!(
            iri_path("data/\u{202E}\u{FFFE}\u{E000}\u{2028}\u{A0}\u{FEFF}é"),
            "data/%E2%80%AE%EF%BF%BE%EE%80%80%E2%80%A8%C2%A0%EF%BB%BFé"
        );
        assert_eq!(iri_path("data/\u{1F600}\u{1FFFE}"), "data/\u{1F600}%F0%9F%BF%BE");
    }
}
