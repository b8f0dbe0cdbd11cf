//! The checking pipeline: files → syntax → schema → model → rules → located diagnostics.
//!
//! Each stage collects every problem it finds. A file that fails the syntax stage is not
//! schema-checked; the semantic rules run only when every file passed syntax and schema,
//! because a rule run over a partial dataset would report references into the broken
//! files as dangling.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{COLLECTIONS, Dataset, RecordKind};
use crate::origin::{Origin, Origins};
use crate::schema::SchemaValidator;
use crate::source::{Files, SourceFile};
use crate::{locate, rules, syntax};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What a check produced.
#[derive(Debug)]
pub struct Checked {
    pub files: Files,
    /// The merged dataset, when syntax and schema passed in every file.
    pub dataset: Option<Dataset>,
    pub origins: Origins,
    /// Every diagnostic, located, in file order then position.
    pub diagnostics: Vec<Diagnostic>,
    /// False when the rules were skipped because an earlier stage failed.
    pub rules_ran: bool,
}

impl Checked {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// The dataset, if nothing fails (errors, or warnings when they are denied).
    pub fn valid_dataset(&self, deny_warnings: bool) -> Option<&Dataset> {
        let failing = self.count(Severity::Error) + if deny_warnings { self.count(Severity::Warning) } else { 0 };
        if failing == 0 { self.dataset.as_ref() } else { None }
    }
}

/// A problem that is not in the data (exit code 2): a path that cannot be read, or a
/// bug in this program.
#[derive(Debug)]
pub enum Problem {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Schema-valid data that the model cannot hold: the schema and the model disagree.
    Internal(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Problem::Internal(message) => write!(f, "internal error: {message}"),
        }
    }
}

impl std::error::Error for Problem {}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Problem + '_ {
    move |error| Problem::Io { path: path.to_path_buf(), error }
}

/// The `.json` files a path names: the file itself, or every `.json` file below a
/// directory, in sorted order.
pub fn discover(path: &Path) -> Result<Vec<PathBuf>, Problem> {
    let meta = std::fs::metadata(path).map_err(io(path))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let entry = entry.map_err(io(&dir))?;
            let p = entry.path();
            let kind = entry.file_type().map_err(io(&p))?;
            if kind.is_dir() {
                pending.push(p);
            } else if p.extension().is_some_and(|e| e == "json") {
                found.push(p);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Read and check every file the paths name.
pub fn check_paths(paths: &[PathBuf]) -> Result<Checked, Problem> {
    let mut inputs = Vec::new();
    for path in paths {
        for file in discover(path)? {
            let bytes = std::fs::read(&file).map_err(io(&file))?;
            inputs.push((display_name(&file), bytes));
        }
    }
    check_bytes(inputs)
}

fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Check files already in memory: `(name, bytes)` pairs, in the order given.
pub fn check_bytes(inputs: Vec<(String, Vec<u8>)>) -> Result<Checked, Problem> {
    let validator = SchemaValidator::new();
    let mut files = Files::default();
    let mut diagnostics = Vec::new();
    let mut values = Vec::new();
    let mut clean = true;
    for (name, bytes) in inputs {
        let id = files.len();
        let parsed = syntax::parse(id, &bytes);
        drop(bytes);
        files.add(SourceFile::new(name, parsed.text));
        if !parsed.diagnostics.is_empty() {
            clean = false;
        }
        diagnostics.extend(parsed.diagnostics);
        if let Some(value) = parsed.value {
            let errors = validator.check(id, &value);
            if errors.is_empty() {
                values.push((id, value));
            } else {
                clean = false;
                diagnostics.extend(errors);
            }
        }
    }
    let mut dataset = None;
    let mut origins = Origins::default();
    let mut rules_ran = false;
    if clean {
        let merged = merge(values, &mut origins)?;
        diagnostics.extend(rules::run(&merged, &origins));
        dataset = Some(merged);
        rules_ran = true;
    }
    locate::resolve(&files, &mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.location.file, a.location.span.map(|s| s.start), a.code).cmp(&(
            b.location.file,
            b.location.span.map(|s| s.start),
            b.code,
        ))
    });
    Ok(Checked { files, dataset, origins, diagnostics, rules_ran })
}

/// Merge schema-valid file values into one dataset, recording each record's origin.
fn merge(values: Vec<(usize, Value)>, origins: &mut Origins) -> Result<Dataset, Problem> {
    let mut dataset = Dataset::default();
    for (file, mut value) in values {
        let Some(object) = value.as_object_mut() else {
            continue;
        };
        if let Some(meta) = object.remove("dataset") {
            origins.dataset.push(Origin { file, pointer: "/dataset".to_string() });
            if dataset.dataset.is_none() {
                dataset.dataset = Some(from_value(meta)?);
            }
        }
        for kind in COLLECTIONS {
            let Some(Value::Array(records)) = object.remove(kind.collection()) else {
                continue;
            };
            for (i, record) in records.into_iter().enumerate() {
                origins.push(kind, Origin { file, pointer: format!("/{}/{i}", kind.collection()) });
                push_record(&mut dataset, kind, record)?;
            }
        }
    }
    Ok(dataset)
}

fn push_record(dataset: &mut Dataset, kind: RecordKind, record: Value) -> Result<(), Problem> {
    match kind {
        RecordKind::Instrument => dataset.instruments.push(from_value(record)?),
        RecordKind::Article => dataset.articles.push(from_value(record)?),
        RecordKind::Event => dataset.events.push(from_value(record)?),
        RecordKind::Actor => dataset.actors.push(from_value(record)?),
        RecordKind::Place => dataset.places.push(from_value(record)?),
        RecordKind::Figure => dataset.figures.push(from_value(record)?),
        RecordKind::Position => dataset.positions.push(from_value(record)?),
        RecordKind::Source => dataset.sources.push(from_value(record)?),
    }
    Ok(())
}

/// Schema-valid JSON always deserializes into the model: the schema and the model are
/// kept in step, and a test proves it on every data file. A failure here is a bug.
fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Problem> {
    serde_json::from_value(value).map_err(|e| Problem::Internal(format!("the model disagrees with the schema: {e}")))
}
