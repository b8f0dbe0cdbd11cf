//! `manifest.json` and `SHA256SUMS`: what a release holds, for machines.
//!
//! # `manifest.json`
//!
//! One JSON object, keys in the order below, two-space indented, ending with a newline.
//! This is a stable interface: fields may be added, never renamed or removed.
//!
//! | field | type | meaning |
//! | --- | --- | --- |
//! | `format` | string | `anpo-release/1`: what this file and its folder are (with `tool`, what `--force` and `--previous` recognise) |
//! | `dataset` | string | the dataset's id (`dataset.id`) |
//! | `dataset_version` | string | the dataset's version (`dataset.version`, SemVer) |
//! | `modified` | string | the day of the data's last change (`dataset.modified`), the release's date |
//! | `schema_version` | string | the version of the JSON Schema the data conforms to |
//! | `tool` | string | `anpo` |
//! | `tool_version` | string | the version of `anpo` that made the release |
//! | `files` | array | every file of the release except `manifest.json` and `SHA256SUMS`, sorted by path |
//!
//! Each file:
//!
//! | field | type | meaning |
//! | --- | --- | --- |
//! | `path` | string | relative to the release folder, `/`-separated |
//! | `size` | integer | in bytes |
//! | `sha256` | string | SHA-256 of the bytes, 64 lower-case hex digits |
//! | `media_type` | string | IANA media type (`text/csv`, `application/akn+xml`, …) |
//!
//! # `SHA256SUMS`
//!
//! Every file of the release but itself, sorted by path (byte order): one line each,
//! `<sha256>  <path>\n`, the form `sha256sum -c` reads (paths never need its escapes).

use super::{ReleaseFile, TOOL_VERSION, media_type, sha256_hex};
use crate::model::DatasetMeta;
use serde::{Deserialize, Serialize};

/// The manifest's file name.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The checksum list's file name.
pub const SUMS_FILE: &str = "SHA256SUMS";

/// `manifest.json` (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub dataset: String,
    pub dataset_version: String,
    pub modified: String,
    pub schema_version: String,
    pub tool: String,
    pub tool_version: String,
    pub files: Vec<ManifestFile>,
}

/// One file in `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
    pub media_type: String,
}

impl ManifestFile {
    pub fn of(file: &ReleaseFile) -> ManifestFile {
        ManifestFile {
            path: file.path.clone(),
            size: file.bytes.len() as u64,
            sha256: sha256_hex(&file.bytes),
            media_type: media_type(&file.path).to_string(),
        }
    }
}

impl Manifest {
    /// The manifest of `files` (given sorted by path).
    pub fn new(meta: &DatasetMeta, schema_version: &str, files: Vec<ManifestFile>) -> Manifest {
        Manifest {
            format: super::RELEASE_FORMAT.to_string(),
            dataset: meta.id.clone(),
            dataset_version: meta.version.clone(),
            modified: meta.modified.clone(),
            schema_version: schema_version.to_string(),
            tool: "anpo".to_string(),
            tool_version: TOOL_VERSION.to_string(),
            files,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a manifest serializes");
        text.push('\n');
        text
    }
}

/// `SHA256SUMS` for the files `entries` describe (in any order), from the hashes they
/// already hold.
pub fn sha256sums<'a>(entries: impl IntoIterator<Item = &'a ManifestFile>) -> String {
    let mut lines: Vec<(&str, &str)> = entries.into_iter().map(|f| (f.path.as_str(), f.sha256.as_str())).collect();
    lines.sort_unstable();
    lines.into_iter().map(|(path, hash)| format!("{hash}  {path}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_sorted_by_path_in_sha256sum_form() {
        let file = |p: &str, b: &[u8]| ReleaseFile { path: p.to_string(), bytes: b.to_vec() };
        let files = [file("b/x", b""), file("B", b""), file("a", b"")];
        let sums = sha256sums(&files.iter().map(ManifestFile::of).collect::<Vec<_>>());
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(sums, format!("{empty}  B\n{empty}  a\n{empty}  b/x\n"));
    }
}
