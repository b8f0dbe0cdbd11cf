//! The exporters, named in one table.
//!
//! Each exporter is a pure function from the validated model to files (relative paths
//! and bytes). None reads JSON, re-validates, touches the file system or knows another
//! exporter: the `export` and `release` commands write what they return.
//!
//! An exporter returns a `Result`: the text formats cannot fail, but the SQLite exporter
//! drives a database engine, whose every call can. Its failure on valid data is a bug in
//! anpo, never a problem in the data: [`ExportError`] says which exporter failed and why,
//! and the commands report it as an internal error (exit 2) instead of writing a partial
//! export.

pub mod akn;
pub mod csv;
pub mod jsonld;
pub mod site;
pub mod sqlite;
pub mod tables;

use crate::model::Dataset;
use crate::schema::Dictionary;

/// Settings shared by the exporters. Defaults are documented in README.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Base IRI under which every record gets its stable identifier
    /// (`{base_iri}{kind}/{id}`): an absolute IRI that ends with `/` ([`check_base_iri`]).
    pub base_iri: String,
    /// The country segment of Akoma Ntoso FRBR IRIs (`/akn/{akn_country}/act/…`) and the
    /// value of `FRBRcountry`, for every document of the dataset. Default `xa`.
    ///
    /// The naming convention wants an ISO 3166-1 alpha-2 code, and a bilateral treaty has
    /// none. `us` or `jp` would file it under one party. `us-jp` reads well but is the
    /// convention's `{country}-{locality}` form, so AKN tools (cobalt's `FrbrUri`, for
    /// one) read it as a locality `jp` inside the United States. `xa` is from the ranges
    /// ISO 3166-1 leaves to users (AA, QM–QZ, XA–XZ, ZZ), so it is well-formed and never
    /// names a real country; here it stands for "the Anpo dataset's own jurisdiction".
    /// The same code serves instruments of a single state (a constitution), so that every
    /// document of the dataset sits under one root.
    pub akn_country: String,
}

/// A record's stable identifier, `{base}{kind}/{id}` (`https://w3id.org/anpo/event/…`):
/// the one place it is built, for every exporter and the release's description.
pub fn record_iri(base: &str, kind: crate::model::RecordKind, id: &str) -> String {
    format!("{base}{}/{id}", kind.name())
}

/// The default base IRI of the records' identifiers.
pub const DEFAULT_BASE_IRI: &str = "https://w3id.org/anpo/";

/// The namespace of anpo's own vocabulary (the JSON-LD terms no other vocabulary has). It
/// is fixed: a `--base-iri` moves the records, never the properties that describe them.
pub const VOCABULARY: &str = "https://w3id.org/anpo/ns#";

impl Default for Settings {
    fn default() -> Settings {
        Settings { base_iri: DEFAULT_BASE_IRI.to_string(), akn_country: "xa".to_string() }
    }
}

impl Settings {
    /// The default settings with `base_iri` as the base IRI, when it is one (see
    /// [`check_base_iri`]); the message says why not.
    pub fn with_base_iri(base_iri: Option<&str>) -> Result<Settings, String> {
        let mut settings = Settings::default();
        if let Some(iri) = base_iri {
            check_base_iri(iri)?;
            settings.base_iri = iri.to_string();
        }
        Ok(settings)
    }
}

/// Whether `iri` can be the base of the records' identifiers, `{base}{kind}/{id}`: an
/// absolute IRI (RFC 3987, as oxiri reads it: a scheme, no space, no `"<>{}|\^` or
/// backtick, `%` only before two hexadecimal digits), with no query or fragment, ending in
/// `/`. A relative base gives relative identifiers; one that does not end in `/` runs into
/// the kind (`…/anpoevent/…`); one with a query or fragment puts every record in it.
pub fn check_base_iri(iri: &str) -> Result<(), String> {
    let shown = format!("{iri:?}");
    let example = format!("such as `{DEFAULT_BASE_IRI}` (the default)");
    let parsed = oxiri::Iri::parse(iri).map_err(|error| {
        // oxiri's message may quote a character of the input: control characters escaped.
        let reason: String = error
            .to_string()
            .chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect();
        format!("--base-iri {shown} is not an absolute IRI ({reason}): give one that ends in `/`, {example}")
    })?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!(
            "--base-iri {shown} has a query or fragment, which every identifier would fall into: give an IRI \
             without `?` or `#` that ends in `/`, {example}"
        ));
    }
    if !iri.ends_with('/') {
        return Err(format!(
            "--base-iri {shown} does not end in `/`, so the kind would run into it (`{}event/…`): write {:?}",
            iri.escape_debug(),
            format!("{iri}/")
        ));
    }
    Ok(())
}

/// What every exporter receives.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub dataset: &'a Dataset,
    pub dictionary: &'a Dictionary,
    pub settings: &'a Settings,
}

/// One output file: a `/`-separated path relative to the format's folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Csv,
    Akn,
    JsonLd,
    Sqlite,
    Site,
}

impl Format {
    /// The folder the format's files go under, and its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Akn => "akn",
            Format::JsonLd => "jsonld",
            Format::Sqlite => "sqlite",
            Format::Site => "site",
        }
    }
}

/// Why an exporter made no files: a bug in anpo (the exporters are given valid data), such
/// as an SQL statement the database refused. Reported as an internal error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {} exporter failed: {message}", format.name())]
pub struct ExportError {
    pub format: Format,
    pub message: String,
}

/// An exporter: the validated model in, files out.
pub type Exporter = fn(&Input) -> Result<Vec<OutputFile>, ExportError>;

/// The table of exporters. The text exporters cannot fail.
pub const EXPORTERS: &[(Format, Exporter)] = &[
    (Format::Csv, |input| Ok(csv::export(input))),
    (Format::Akn, |input| Ok(akn::export(input))),
    (Format::JsonLd, |input| Ok(jsonld::export(input))),
    (Format::Sqlite, sqlite::export),
    (Format::Site, site::export),
];
