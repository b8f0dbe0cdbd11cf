//! Assembling a release: every file's bytes computed by [`assemble_into`] (no clock, no
//! environment, no file system: it hands each file to a sink as soon as it is made), then
//! written beside the target by a [`Staging`] sink and moved into place in one rename.
//! [`assemble`] collects the same files in memory instead.
//!
//! # Layout
//!
//! ```text
//! CHANGELOG.md        with --previous: what changed since that release, then its own CHANGELOG
//! CITATION.cff        Citation File Format 1.2.0
//! NAME.tar.gz         with --archive: every other file, under the folder NAME/ (see `archive`)
//! LICENSE.md          the dataset's licence and every source's attribution, from the data
//! README.md           what the release holds, the number of records of each kind, the versions
//! SHA256SUMS          `sha256sum -c SHA256SUMS` checks every other file
//! akn/                the Akoma Ntoso exporter's files
//! csv/                the CSV exporter's files, with datapackage.json
//! data/               the input files in the canonical form `anpo fmt` writes
//! datacite.json       DataCite Metadata Schema 4.5 (JSON), for archives that register DOIs
//! dataset.jsonld      a schema.org Dataset whose distribution is every file above it
//! jsonld/             the JSON-LD exporter's files
//! manifest.json       every file with size, SHA-256, media type; tool, schema, dataset versions
//! ro-crate-metadata.json  RO-Crate 1.1: the folder as a Dataset, every other file with its media type, size, SHA-256
//! schema/             dataset.schema.json, which the data files name in `$schema`
//! site/               a static website of the dataset (`site/index.html`), listing every file above
//! sqlite/             the SQLite exporter's anpo.sqlite
//! ```
//!
//! A data file keeps its path below the directory named on the command line
//! (`data/events.json` from `anpo release … data/`); a file named on its own keeps its
//! name. Every path is relative, `/`-separated, and free of `.`/`..` segments, backslashes
//! and control characters (so `SHA256SUMS` needs no escapes).
//!
//! # The checksum chain
//!
//! The files that describe the others cannot describe themselves, so each is made after
//! the files it describes, and is listed by the ones made after it: `site/index.html`
//! lists every file made before it but the site's own pages (the downloads, with size and
//! SHA-256); `dataset.jsonld` lists the *payload* (every file but the metadata files named
//! here, and but the site's pages other than its index, which the descriptions name as the
//! one folder `site/`); `datacite.json`
//! gives the media types of every file the manifest lists; `ro-crate-metadata.json`
//! lists the payload, `dataset.jsonld` and `datacite.json`; `manifest.json` lists those
//! and `ro-crate-metadata.json`; `SHA256SUMS` lists every file but itself. Checking
//! `SHA256SUMS` therefore vouches for all of them.
//!
//! # Reproducibility
//!
//! The bytes of a release are a function of the data files, the options (`--base-iri`,
//! the previous release) and the tool's version. Dates come from the data's
//! `dataset.modified` (which must be a full day, `YYYY-MM-DD`); the archive's time stamp
//! from `SOURCE_DATE_EPOCH` when set, else that day at 00:00 UTC. Nothing reads the clock,
//! the time zone, the locale or the working directory, and no absolute path is written.
//!
//! # Atomicity
//!
//! See [`install`]: the release is assembled in a hidden `.anpo-release-XXXXXX` work folder
//! beside the target, with the archive (if any) inside the release folder it packs, and put
//! in place in one atomic step (an exchange with the old release when it replaces one).
//! The work folder is removed on any error; a process killed outright (Ctrl-C, `kill -9`, a
//! power cut) can leave one behind, and the next run removes it, recognising it by its name
//! and its marker file.
//!
//! # `--previous`
//!
//! See [`previous`]: an earlier release is untrusted input, checked against its own
//! manifest and `SHA256SUMS` before any of it is used.

mod archive;
mod citation;
mod datacite;
mod install;
mod license;
mod linked_data;
mod manifest;
mod previous;
mod readme;
mod rocrate;

pub use archive::{MAX_MTIME, archive, archive_from, archive_mtime};
pub use datacite::FILE as DATACITE_FILE;
pub use install::{
    ArchiveMaker, EXPORT_MARKER, EXPORT_PREFIX, InstallError, Installed, RELEASE_FORMAT, RELEASE_PREFIX, Refused,
    STAGING_MARKER, Simulate, Staging, Step, WorkFolder, Writer, check_replaceable, clean_leftovers, export_marker,
    flush, install, install_simulating, is_export, is_release, write_file,
};
pub use manifest::{MANIFEST_FILE, Manifest, ManifestFile, SUMS_FILE, sha256sums};
pub use previous::{Earlier, Refusal, read_earlier};
pub use rocrate::{FILE as RO_CRATE_FILE, iri_path};

use crate::edtf::{Edtf, Precision, Qualifier};
use crate::export::{EXPORTERS, ExportError, Format, Input, OutputFile, Settings, site};
use crate::model::{Dataset, DatasetMeta};
use crate::schema::{Dictionary, SCHEMA_TEXT};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fmt;
use std::sync::Mutex;

/// The name of the schema.org description of the release.
pub const DESCRIPTION_FILE: &str = "dataset.jsonld";

/// The tool's version, as written into `manifest.json` and `README.md`.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One file of a release: a relative, `/`-separated path and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One input data file: its path below `data/` and its text (as checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile<'a> {
    pub path: String,
    pub text: &'a str,
}

/// An earlier release to compare with.
#[derive(Debug, Clone, Copy)]
pub struct Previous<'a> {
    /// The dataset read from its `data/`.
    pub dataset: &'a Dataset,
    /// Its `CHANGELOG.md`, if it has one: carried on below the new section.
    pub changelog: Option<&'a str>,
}

/// Everything a release is made from.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The validated dataset (every data file merged).
    pub dataset: &'a Dataset,
    /// The data files it was read from, in the order read.
    pub data_files: &'a [DataFile<'a>],
    pub settings: &'a Settings,
    pub previous: Option<Previous<'a>>,
}

/// Why a release cannot be assembled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The dataset has no `dataset` metadata (valid data always has).
    NoMetadata,
    /// `dataset.modified` is not one exact day, so the release has no date.
    NotADay(String),
    /// A data file has no canonical form (valid data always has).
    Format { path: String, message: String },
    /// A file's path cannot be written into a release.
    BadPath { path: String, reason: &'static str },
    /// Two files would have the same path.
    Clash(String),
    /// An exporter failed: a bug in anpo, not a problem in the data.
    Export(crate::export::ExportError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoMetadata => write!(f, "the dataset has no `dataset` metadata, so a release has no version"),
            Error::NotADay(modified) => write!(
                f,
                "`dataset.modified` is `{modified}`, but a release takes its date from it and needs one exact day \
                 (`YYYY-MM-DD`, from 1970 on)"
            ),
            Error::Format { path, message } => write!(f, "{path}: cannot be put in canonical form: {message}"),
            Error::BadPath { path, reason } => write!(f, "{path:?}: cannot be a path in a release: {reason}"),
            Error::Clash(path) => write!(f, "two files would both be `{path}` in the release"),
            Error::Export(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {}

/// Why [`assemble_into`] stopped: the request cannot make a release, or the sink failed.
#[derive(Debug)]
pub enum Failure<E> {
    Release(Error),
    Put(E),
}

impl<E> From<ExportError> for Failure<E> {
    fn from(error: ExportError) -> Failure<E> {
        Failure::Release(Error::Export(error))
    }
}

impl<E> From<Error> for Failure<E> {
    fn from(error: Error) -> Failure<E> {
        Failure::Release(error)
    }
}

/// Whether the request can make a release at all (it has metadata with a release day):
/// the checks [`assemble_into`] makes before it makes any file.
/// The code of a dataset that is valid but cannot be released: its `modified` is not one
/// exact day from 1970 on (`anpo release` only; `validate` accepts any date there).
pub const NOT_RELEASABLE_CODE: &str = "R208";

pub fn preflight(request: &Request) -> Result<(), Error> {
    let meta = request.dataset.dataset.as_ref().ok_or(Error::NoMetadata)?;
    release_day(&meta.modified).map(|_| ())
}

/// Every file of the release, sorted by path: [`assemble_into`] collected in memory.
pub fn assemble(request: &Request) -> Result<Vec<ReleaseFile>, Error> {
    let files = Mutex::new(Vec::new());
    let put = |file: ReleaseFile| -> Result<(), std::convert::Infallible> {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    };
    match assemble_into(request, &put) {
        Ok(_) => {}
        Err(Failure::Release(error)) => return Err(error),
        Err(Failure::Put(never)) => match never {},
    }
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Makes every file of the release and hands each to `put` as soon as it is made (from
/// any thread, in no fixed order), so that writing overlaps making and no more than the
/// files of one exporter are held at once. Returns every file's manifest entry, sorted by
/// path. The bytes of each file do not depend on the order.
///
/// Runs every exporter (in parallel: they are independent) beside the data files in
/// canonical form, then writes the metadata files, then the checksum chain (see the
/// module documentation). Each file is hashed once, by the thread that made it.
pub fn assemble_into<E: Send>(
    request: &Request,
    put: &(dyn Fn(ReleaseFile) -> Result<(), E> + Sync),
) -> Result<Vec<ManifestFile>, Failure<E>> {
    preflight(request)?;
    let meta = request.dataset.dataset.as_ref().ok_or(Error::NoMetadata)?;
    let dictionary = Dictionary::new();
    let input = Input { dataset: request.dataset, dictionary: &dictionary, settings: request.settings };
    // Check, hash and hand over one file; its manifest entry.
    let deliver = |file: ReleaseFile| -> Result<ManifestFile, Failure<E>> {
        check_path(&file.path)?;
        let entry = ManifestFile::of(&file);
        put(file).map_err(Failure::Put)?;
        Ok(entry)
    };
    // The payload: every file but the metadata files that describe the others.
    let entries = Mutex::new(Vec::new());
    let emit = |file: ReleaseFile| -> Result<(), Failure<E>> {
        let entry = deliver(file)?;
        entries.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
        Ok(())
    };

    // The exporters and the canonical data files are independent: all on every core. The
    // database, which takes longest and builds on one core, starts first, so that it never
    // waits for a free core while the others finish (at 1M records: 58 s when it started
    // last, BENCHMARKS.md).
    // The site lists the other files with their hashes, so it is made after them (below).
    let mut exporters: Vec<_> = EXPORTERS.iter().filter(|(format, _)| *format != Format::Site).collect();
    exporters.sort_by_key(|(format, _)| *format != Format::Sqlite);
    let (exported, data) = rayon::join(
        || {
            let (exported, pages) = rayon::join(
                || {
                    exporters.par_iter().try_for_each(|(format, exporter)| {
                        let files = exporter(&input).map_err(Error::Export)?;
                        files.into_par_iter().try_for_each(|f| emit(in_folder(*format, f)))
                    })
                },
                // The site's pages, all but the index (below), handed over one by one.
                || site::write_pages(&input, &|f| emit(in_folder(Format::Site, f))),
            );
            exported.and(pages)
        },
        || {
            request.data_files.par_iter().try_for_each(|file| {
                // The text passed the strict reading when it was checked.
                let canonical = crate::format::canonical_checked(file.text)
                    .map_err(|message| Error::Format { path: file.path.clone(), message })?;
                emit(ReleaseFile { path: format!("data/{}", file.path), bytes: canonical.into_bytes() })
            })
        },
    );
    exported?;
    data?;
    emit(ReleaseFile { path: format!("schema/{}", crate::schema::SCHEMA_FILE), bytes: SCHEMA_TEXT.into() })?;

    let changelog = request.previous.map(|previous| changelog(meta, request.dataset, previous));
    let context =
        Context { meta, dataset: request.dataset, dictionary: &dictionary, has_changelog: changelog.is_some() };
    let folders = folders(entries.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|e| e.path.as_str()));
    emit(text_file(readme::FILE, readme::readme(&context, &folders)))?;
    emit(text_file(license::FILE, license::license(&context)))?;
    emit(text_file(citation::FILE, citation::citation(meta)))?;
    if let Some(changelog) = changelog {
        emit(text_file(CHANGELOG_FILE, changelog))?;
    }

    // The site's index: every file so far but the site's own pages is a download it lists,
    // with its size and SHA-256.
    let mut payload = std::mem::take(&mut *entries.lock().unwrap_or_else(|e| e.into_inner()));
    payload.sort_by(|a, b| a.path.cmp(&b.path));
    let site_folder = format!("{}/", Format::Site.name());
    let cff = citation::citation(meta);
    let release = site::Release {
        downloads: payload
            .iter()
            .filter(|e| !e.path.starts_with(&site_folder))
            .map(|e| site::Download { path: &e.path, size: e.size, sha256: &e.sha256, media_type: &e.media_type })
            .collect(),
        citation: Some((citation::FILE, &cff)),
    };
    let front = site::front(&input, Some(&release)).map_err(Error::Export)?;
    drop(release);
    for file in front {
        payload.push(deliver(in_folder(Format::Site, file))?);
    }
    payload.sort_by(|a, b| a.path.cmp(&b.path));
    check_clashes(&payload)?;
    // The site's pages are a part of the release of their own: the descriptions list the
    // other files one by one (the site's index too) and the site as one folder (at scale it
    // holds most files), the manifest and SHA256SUMS every file.
    let site_index = format!("{site_folder}index.html");
    let (site_pages, mut listed): (Vec<ManifestFile>, Vec<ManifestFile>) =
        payload.into_iter().partition(|e| e.path.starts_with(&site_folder) && e.path != site_index);
    let in_site = || site_pages.iter().chain(listed.iter().filter(|e| e.path == site_index));
    let site = rocrate::Folder { path: &site_folder, files: in_site().count(), size: in_site().map(|e| e.size).sum() };
    let description = linked_data::describe(&context, request.settings, &listed);
    let description = ReleaseFile { path: DESCRIPTION_FILE.to_string(), bytes: description.into_bytes() };
    listed.push(deliver(description)?);
    let datacite = datacite::datacite(
        &context,
        datacite::formats(listed.iter().chain(&site_pages), &[datacite::FILE, rocrate::FILE]),
    );
    listed.push(deliver(text_file(datacite::FILE, datacite))?);
    listed.sort_by(|a, b| a.path.cmp(&b.path));
    let ro_crate = rocrate::ro_crate(&context, &listed, &site);
    listed.extend(site_pages);
    listed.push(deliver(text_file(rocrate::FILE, ro_crate))?);
    listed.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest::new(meta, dictionary.version(), listed);
    let manifest_file = ReleaseFile { path: MANIFEST_FILE.to_string(), bytes: manifest.to_json().into_bytes() };
    let mut all = manifest.files;
    all.push(deliver(manifest_file)?);
    // Every file is hashed once: the manifest's entries give SHA256SUMS its lines.
    let sums = ReleaseFile { path: SUMS_FILE.to_string(), bytes: sha256sums(&all).into_bytes() };
    all.push(deliver(sums)?);
    all.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(all)
}

/// The name of the changelog, written with `--previous`.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// What the metadata writers read.
struct Context<'a> {
    meta: &'a DatasetMeta,
    dataset: &'a Dataset,
    dictionary: &'a Dictionary,
    has_changelog: bool,
}

/// `CHANGELOG.md`: a section for this release (`## {version} ({modified})`) holding
/// `diff::markdown`'s section one level down, then the earlier release's sections.
fn changelog(meta: &DatasetMeta, dataset: &Dataset, previous: Previous) -> String {
    let changes = crate::diff::diff(previous.dataset, dataset);
    let mut out = String::from("# Changelog\n\n");
    out.push_str(&format!("## {} ({})\n\n", markdown_text(&meta.version), markdown_text(&meta.modified)));
    // Every line of the section that starts with `#` is a heading: it shows all text
    // from the data in code spans.
    for line in crate::diff::markdown(&changes).trim().lines() {
        if line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    if let Some(earlier) = previous.changelog {
        let earlier = earlier.trim_start();
        let earlier = earlier.strip_prefix("# Changelog").unwrap_or(earlier).trim();
        if !earlier.is_empty() {
            out.push('\n');
            out.push_str(earlier);
            out.push('\n');
        }
    }
    out
}

/// An exporter's file at its place in the release: under the format's folder.
fn in_folder(format: Format, file: OutputFile) -> ReleaseFile {
    ReleaseFile { path: format!("{}/{}", format.name(), file.path), bytes: file.bytes }
}

fn text_file(path: &str, text: String) -> ReleaseFile {
    ReleaseFile { path: path.to_string(), bytes: text.into_bytes() }
}

/// The top-level folders of the payload with their number of files, by name.
fn folders<'p>(paths: impl Iterator<Item = &'p str>) -> Vec<(String, usize)> {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for path in paths {
        if let Some((folder, _)) = path.split_once('/') {
            *counts.entry(folder.to_string()).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// Refuse a path that a release (or `SHA256SUMS`) cannot hold: checked before the file is
/// written, so that no path leads out of the release's folder.
fn check_path(path: &str) -> Result<(), Error> {
    let bad = |reason| Err(Error::BadPath { path: path.to_string(), reason });
    if path.chars().any(|c| c.is_control()) {
        return bad("it holds a control character");
    }
    if path.contains('\\') {
        return bad("it holds a backslash");
    }
    if path.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return bad("it has an empty, `.` or `..` segment");
    }
    Ok(())
}

/// Refuse two files at one path, and a file that is also a folder (`data/x` and
/// `data/x/y`). `entries` are sorted by path.
fn check_clashes(entries: &[ManifestFile]) -> Result<(), Error> {
    let seen: BTreeSet<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    if seen.len() != entries.len() {
        let twice = entries.windows(2).find(|w| w[0].path == w[1].path).map(|w| w[0].path.clone());
        return Err(Error::Clash(twice.unwrap_or_default()));
    }
    for entry in entries {
        let folder = format!("{}/", entry.path);
        if seen.range(folder.as_str()..).next().is_some_and(|p| p.starts_with(&folder)) {
            return Err(Error::Clash(entry.path.clone()));
        }
    }
    Ok(())
}

/// The release day from `dataset.modified`: one exact day, from 1970 on.
pub fn release_day(modified: &str) -> Result<(i32, u8, u8), Error> {
    let not_a_day = || Error::NotADay(modified.to_string());
    match Edtf::parse(modified) {
        Ok(Edtf::Date(date))
            if date.precision() == Precision::Day && date.qualifier == Qualifier::Exact && date.year >= 1970 =>
        {
            Ok((date.year, date.month.ok_or_else(not_a_day)?, date.day.ok_or_else(not_a_day)?))
        }
        _ => Err(not_a_day()),
    }
}

/// The text of a JSON document that the release writes itself (`dataset.jsonld`,
/// `datacite.json`, `ro-crate-metadata.json`): every object's keys sorted, whatever map
/// serde_json was built with, two-space indented, ending with a newline.
fn json_document(value: serde_json::Value) -> String {
    fn sorted(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(String, Value)> = map.into_iter().collect();
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
            }
            Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
            other => other,
        }
    }
    let mut text = serde_json::to_string_pretty(&sorted(value)).expect("JSON serializes");
    text.push('\n');
    text
}

/// The SHA-256 of `bytes`, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The media type of a release file, by its name.
pub fn media_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == SUMS_FILE {
        return "text/plain";
    }
    if path == rocrate::FILE {
        // JSON-LD, which RO-Crate 1.1 names as its media type (appendix "RO-Crate JSON-LD").
        return "application/ld+json";
    }
    if name.ends_with(".schema.json") {
        return "application/schema+json";
    }
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("json") => "application/json",
        Some("jsonld") => "application/ld+json",
        Some("csv") => "text/csv",
        Some("xml") if path.starts_with("akn/") => "application/akn+xml",
        Some("xml") => "application/xml",
        Some("md") => "text/markdown",
        Some("cff") => "application/yaml",
        Some("txt") => "text/plain",
        Some("sqlite") => "application/vnd.sqlite3",
        Some("html") => "text/html",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    }
}

use crate::markdown::text as markdown_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_follow_the_name() {
        assert_eq!(media_type("csv/events.csv"), "text/csv");
        assert_eq!(media_type("csv/datapackage.json"), "application/json");
        assert_eq!(media_type("akn/treaty-1960.xml"), "application/akn+xml");
        assert_eq!(media_type("jsonld/anpo.jsonld"), "application/ld+json");
        assert_eq!(media_type("sqlite/anpo.sqlite"), "application/vnd.sqlite3");
        assert_eq!(media_type("schema/dataset.schema.json"), "application/schema+json");
        assert_eq!(media_type("CITATION.cff"), "application/yaml");
        assert_eq!(media_type("SHA256SUMS"), "text/plain");
        assert_eq!(media_type("ro-crate-metadata.json"), "application/ld+json");
        assert_eq!(media_type("data/ro-crate-metadata.json"), "application/json");
        assert_eq!(media_type("datacite.json"), "application/json");
        assert_eq!(media_type("README.md"), "text/markdown");
        assert_eq!(media_type("site/index.html"), "text/html");
        assert_eq!(media_type("site/style.css"), "text/css");
        assert_eq!(media_type("blob"), "application/octet-stream");
    }

    #[test]
    fn sha256_of_nothing_is_the_known_value() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn release_day_needs_one_exact_day() {
        assert_eq!(release_day("2026-11-28"), Ok((2026, 11, 28)));
        for bad in ["2026-11", "2026", "2026-11-28~", "2026-11-01/2026-11-28", "1969-12-31", "2026-02-30", ""] {
            assert_eq!(release_day(bad), Err(Error::NotADay(bad.to_string())), "{bad}");
        }
    }

    #[test]
    fn paths_that_sha256sum_would_escape_are_refused() {
        for bad in ["data/a\nb.json", "data/a\\b.json", "data//a.json", "data/../a.json", "./a", "/a", "a/"] {
            assert!(matches!(check_path(bad), Err(Error::BadPath { .. })), "{bad:?}");
        }
    }

    #[test]
    fn two_files_at_one_path_clash() {
        let check = |paths: &[&str]| {
            let mut entries: Vec<ManifestFile> =
                paths.iter().map(|p| ManifestFile::of(&ReleaseFile { path: p.to_string(), bytes: vec![] })).collect();
            entries.sort_by(|a, b| a.path.cmp(&b.path));
            check_clashes(&entries)
        };
        assert_eq!(check(&["data/a.json", "data/a.json"]), Err(Error::Clash("data/a.json".into())));
        assert_eq!(check(&["data/a", "data/a/b.json"]), Err(Error::Clash("data/a".into())));
        assert_eq!(check(&["data/a", "data/a.json", "data/a-b/c"]), Ok(()));
    }
}
