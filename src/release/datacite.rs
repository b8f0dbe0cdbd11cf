//! `datacite.json`: the release described in the DataCite Metadata Schema 4.5, in its JSON
//! form (the form of DataCite's REST API, and of the `datacite-v4.5.json` JSON Schema that
//! the `datacite` Python package ships), for archives and repositories that register DOIs.
//!
//! # Format
//!
//! One JSON object, keys sorted, two-space indented, ending with a newline. Every value
//! comes from the data's `dataset` metadata and the release; nothing is invented, so the
//! properties the data has no value for are left out: there is no `doi` (the data names
//! none, and the schema does not require one: an archive that mints a DOI adds it), no
//! `url`, no `contributors`.
//!
//! | property | from |
//! | --- | --- |
//! | `schemaVersion` | `http://datacite.org/schema/kernel-4` (the value the schema requires) |
//! | `types` | `resourceTypeGeneral` `Dataset` |
//! | `titles` | `dataset.title` |
//! | `creators` | `dataset.publisher`, `nameType` `Organizational` (the one entity the data names, as in `CITATION.cff` and `dataset.jsonld`) |
//! | `publisher` | `dataset.publisher` (`name`) |
//! | `publicationYear` | the year of the release day, `dataset.modified` |
//! | `dates` | the release day, `dataset.modified`, as `Issued` |
//! | `version` | `dataset.version` |
//! | `language` | `en`: the language of the dataset's own text (every name in the data has its English form, and the JSON-LD export tags the dataset's title `en`) |
//! | `subjects` | `dataset.keywords`, each a `subject` (left out when there are none) |
//! | `rightsList` | one entry: `rights` and `rightsIdentifier` `dataset.license` (`rightsIdentifierScheme` `SPDX`, `schemeUri` `https://spdx.org/licenses/`, as the schema's `license` says it is an SPDX identifier), `rightsUri` `dataset.license_url` |
//! | `descriptions` | `dataset.description`, as the `Abstract` |
//! | `sizes` | the number of records (`"1234 records"`) |
//! | `formats` | the media type of every file the manifest lists, once each, sorted |

use super::{Context, ManifestFile, release_day};
use crate::model::COLLECTIONS;
use serde_json::{Value, json};
use std::collections::BTreeSet;

pub const FILE: &str = "datacite.json";

/// The version of the DataCite Metadata Schema this file follows.
pub const SCHEMA_VERSION: &str = "4.5";

/// The value the schema requires of `schemaVersion` (every 4.x).
const KERNEL: &str = "http://datacite.org/schema/kernel-4";

/// The language of the dataset's own text (see the module documentation).
const LANGUAGE: &str = "en";

/// The text of `datacite.json`. `formats` are the media types of the files it describes
/// (every file of the manifest, this one included).
pub(super) fn datacite<'f>(cx: &Context, formats: impl IntoIterator<Item = &'f str>) -> String {
    let meta = cx.meta;
    // The release day was checked before any file was made.
    let year = release_day(&meta.modified).map(|(year, _, _)| format!("{year:04}")).unwrap_or_default();
    let records: usize = COLLECTIONS.iter().map(|&kind| cx.dataset.count(kind)).sum();
    let formats: BTreeSet<&str> = formats.into_iter().collect();

    let mut node = json!({
        "schemaVersion": KERNEL,
        "types": { "resourceTypeGeneral": "Dataset" },
        "titles": [{ "title": meta.title }],
        "creators": [{ "name": meta.publisher, "nameType": "Organizational" }],
        "publisher": { "name": meta.publisher },
        "publicationYear": year,
        "dates": [{ "date": meta.modified, "dateType": "Issued" }],
        "version": meta.version,
        "language": LANGUAGE,
        "rightsList": [{
            "rights": meta.license,
            "rightsUri": meta.license_url,
            "rightsIdentifier": meta.license,
            "rightsIdentifierScheme": "SPDX",
            "schemeUri": "https://spdx.org/licenses/",
        }],
        "descriptions": [{ "description": meta.description, "descriptionType": "Abstract" }],
        "sizes": [format!("{records} records")],
        "formats": formats,
    });
    if !meta.keywords.is_empty() {
        let subjects: Vec<Value> = meta.keywords.iter().map(|k| json!({ "subject": k })).collect();
        node["subjects"] = json!(subjects);
    }
    super::json_document(node)
}

/// The media types of `files` and of the metadata files still to be made that the
/// manifest will list (`names`).
pub(super) fn formats<'a>(files: impl Iterator<Item = &'a ManifestFile>, names: &[&str]) -> Vec<&'a str> {
    let mut formats: Vec<&'a str> = files.map(|f| f.media_type.as_str()).collect();
    formats.extend(names.iter().map(|name| super::media_type(name)));
    formats
}
