//! The exporters, named in one table.
//!
//! Each exporter is a pure function from the validated model to files (relative paths
//! and bytes). None reads JSON, re-validates, touches the file system or knows another
//! exporter: the `export` and `release` commands write what they return.

pub mod akn;
pub mod csv;
pub mod jsonld;

use crate::model::Dataset;
use crate::schema::Dictionary;

/// Settings shared by the exporters. Defaults are documented in README.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Base IRI under which every record gets its stable identifier
    /// (`{base_iri}{kind}/{id}`); ends with `/`.
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

impl Default for Settings {
    fn default() -> Settings {
        Settings { base_iri: "https://w3id.org/anpo/".to_string(), akn_country: "xa".to_string() }
    }
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
}

impl Format {
    /// The folder the format's files go under, and its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Akn => "akn",
            Format::JsonLd => "jsonld",
        }
    }
}

/// An exporter: the validated model in, files out.
pub type Exporter = fn(&Input) -> Vec<OutputFile>;

/// The table of exporters.
pub const EXPORTERS: &[(Format, Exporter)] =
    &[(Format::Csv, csv::export), (Format::Akn, akn::export), (Format::JsonLd, jsonld::export)];
