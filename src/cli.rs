//! Command-line types (clap derive) and nothing else.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use crate::render::Format as DiagnosticFormat;

/// Validate and export the canonical open dataset of the 1960 Treaty of Mutual
/// Cooperation and Security between the United States and Japan.
///
/// Exit codes: 0 success; 1 the data is invalid; 2 a usage, I/O or internal error.
#[derive(Debug, Parser)]
#[command(name = "anpo", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check data files against the schema and the semantic rules.
    ///
    /// Reports every problem in one run, each with file, line, column, JSON pointer and
    /// a rule code. Exit code 0 valid, 1 invalid, 2 usage or I/O error.
    #[command(
        after_help = "Examples:\n  anpo validate\n  anpo validate data/events.json --output-format json\n  anpo validate --output-format github --deny-warnings data/"
    )]
    Validate(ValidateArgs),
    /// Validate, then write the dataset as CSV (Frictionless), Akoma Ntoso and JSON-LD.
    ///
    /// Writes nothing when the data is invalid (exit 1). Each format's folder under
    /// `--out` is replaced atomically.
    #[command(
        after_help = "Examples:\n  anpo export --format all --out build/\n  anpo export --format csv --out build/ data/"
    )]
    Export(ExportArgs),
    /// Validate, export every format and assemble a versioned, checksummed release folder.
    ///
    /// The release is built beside its target and moved into place in one rename: a
    /// failure leaves no partial release and an existing one untouched.
    #[command(
        after_help = "Examples:\n  anpo release --out releases/1.0.0\n  anpo release --out releases/1.1.0 --previous releases/1.0.0 --archive data/"
    )]
    Release(ReleaseArgs),
    /// Rewrite data files in the one canonical form (or, with --check, list those that differ).
    #[command(after_help = "Examples:\n  anpo fmt\n  anpo fmt --check data/")]
    Fmt(FmtArgs),
    /// Compare two datasets record by record: added, removed and changed records and fields.
    #[command(
        after_help = "Examples:\n  anpo diff releases/1.0.0 data/\n  anpo diff old/events.json data/events.json --format markdown"
    )]
    Diff(DiffArgs),
}

/// Options shared by every command that reads data.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Data files or directories (every `.json` file below, in sorted order).
    #[arg(default_value = "data", value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Treat warnings as errors (exit 1 if there are any).
    #[arg(long)]
    pub deny_warnings: bool,

    /// When to colour human output. `auto`: only on a terminal, and never when NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print at most N diagnostics (the first, in file order); the summary still counts
    /// them all and the exit code is the same. Default: print every one.
    #[arg(long, value_name = "N")]
    pub max_errors: Option<usize>,

    /// Set by `validate` when the files given lie in a dataset (see
    /// `commands::validate::dataset_of`): the dataset's folder, read whole, and the files
    /// whose diagnostics are reported.
    #[arg(skip)]
    pub in_dataset: Option<(PathBuf, Vec<PathBuf>)>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The folder of the dataset the files given belong to. Without it, a file given is
    /// checked in the dataset whose `dataset.json` is in its folder or an ancestor's.
    #[arg(long, value_name = "DIR")]
    pub dataset: Option<PathBuf>,

    /// How to print diagnostics (`--format` is an alias, kept for configurations that use it).
    #[arg(long = "output-format", alias = "format", value_enum, default_value_t = DiagnosticFormat::Human)]
    pub output_format: DiagnosticFormat,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Which format to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::All)]
    pub format: ExportFormat,

    /// How to print diagnostics if the data is invalid (`--diagnostics` is an alias, kept
    /// for configurations that use it).
    #[arg(long = "output-format", alias = "diagnostics", value_enum, default_value_t = DiagnosticFormat::Human)]
    pub output_format: DiagnosticFormat,

    /// The folder to write into; each format goes to its own subfolder (csv/, akn/, jsonld/,
    /// sqlite/, site/).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Replace an existing csv/, akn/, jsonld/, sqlite/ or site/ folder that anpo wrote (it holds the
    /// `.anpo-export` marker) or that is empty; any other is refused.
    #[arg(long)]
    pub force: bool,

    /// Base IRI for the records' identifiers in JSON-LD and Akoma Ntoso references.
    #[arg(long, value_name = "IRI")]
    pub base_iri: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// The release folder to create.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Replace an existing release anpo made (its `manifest.json` names anpo and the
    /// release format) or an empty folder; any other is refused. A run killed outright may
    /// leave a hidden `.anpo-release-*` folder beside the target: the next run removes it.
    #[arg(long)]
    pub force: bool,

    /// Also write one reproducible `.tar.gz` of the whole release, inside the folder as `NAME.tar.gz`.
    #[arg(long)]
    pub archive: bool,

    /// An earlier release folder: adds a CHANGELOG section made by `diff`. It must be an
    /// anpo release of the same dataset at a lower version, every file matching its
    /// SHA256SUMS; anything else is refused.
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,

    /// Base IRI for the records' identifiers in JSON-LD and Akoma Ntoso references.
    #[arg(long, value_name = "IRI")]
    pub base_iri: Option<String>,

    /// How to print diagnostics if the data is invalid (`--diagnostics` is an alias, kept
    /// for configurations that use it).
    #[arg(long = "output-format", alias = "diagnostics", value_enum, default_value_t = DiagnosticFormat::Human)]
    pub output_format: DiagnosticFormat,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Change nothing: list the files that are not in canonical form and exit 1 if any.
    #[arg(long)]
    pub check: bool,

    /// How to print diagnostics for files that cannot be formatted (not JSON).
    #[arg(long = "output-format", value_enum, default_value_t = DiagnosticFormat::Human)]
    pub output_format: DiagnosticFormat,

    /// Data files or directories (every `.json` file below).
    #[arg(default_value = "data", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old dataset: a data file, a directory, or a release folder.
    pub old: PathBuf,
    /// The new dataset: a data file, a directory, or a release folder.
    pub new: PathBuf,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// How to print diagnostics if a side is invalid: by default human, or the JSON
    /// document of `--format json`.
    #[arg(long = "output-format", value_enum)]
    pub output_format: Option<DiagnosticFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Akn,
    Jsonld,
    Sqlite,
    Site,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
