//! The checking pipeline: files → syntax → schema → model → rules → located diagnostics.
//!
//! Each stage collects every problem it finds. A file that fails the syntax stage is not
//! schema-checked; the semantic rules run only when every file passed syntax and schema,
//! because a rule run over a partial dataset would report references into the broken
//! files as dangling.

use crate::diagnostic::{Diagnostic, FileId, Severity};
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
            inputs.push(Input { name: display_name(&file), content: Content::Path(file) });
        }
    }
    check_inputs(inputs)
}

fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Check files already in memory: `(name, bytes)` pairs, in the order given.
pub fn check_bytes(inputs: Vec<(String, Vec<u8>)>) -> Result<Checked, Problem> {
    check_inputs(inputs.into_iter().map(|(name, bytes)| Input { name, content: Content::Bytes(bytes) }).collect())
}

/// One file to check: its display name, and its bytes or where to read them.
struct Input {
    name: String,
    content: Content,
}

enum Content {
    Path(PathBuf),
    Bytes(Vec<u8>),
}

/// What reading, parsing, schema-checking and converting one file gave.
struct FileResult {
    name: String,
    text: String,
    diagnostics: Vec<Diagnostic>,
    /// The file's records, when it passed syntax and schema.
    part: Option<Part>,
}

/// The records of one clean file, in the model, and where they stand in it.
struct Part {
    dataset: Dataset,
    /// How many `dataset` metadata objects the file has (0 or 1).
    meta: bool,
}

/// The files are checked in parallel, each by one thread from start to end (read,
/// parse, schema, conversion into the model), so that at most one file per thread is
/// held as a `serde_json::Value` at any time. The results are merged in the order given.
fn check_inputs(inputs: Vec<Input>) -> Result<Checked, Problem> {
    let validator = SchemaValidator::new();
    let results = parallel_map(inputs, |id, input| check_file(&validator, id, input));

    let mut files = Files::default();
    let mut diagnostics = Vec::new();
    let mut parts = Vec::new();
    let mut clean = true;
    for result in results {
        let FileResult { name, text, diagnostics: found, part } = result?;
        let id = files.add(SourceFile::new(name, text));
        clean &= found.is_empty() && part.is_some();
        diagnostics.extend(found);
        if let Some(part) = part {
            parts.push((id, part));
        }
    }
    let mut dataset = None;
    let mut origins = Origins::default();
    let mut rules_ran = false;
    rss("parsed");
    if clean {
        let merged = merge(parts, &mut origins);
        rss("merged");
        diagnostics.extend(rules::run(&merged, &origins));
        rss("rules");
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

fn check_file(validator: &SchemaValidator, id: FileId, input: Input) -> Result<FileResult, Problem> {
    let bytes = match input.content {
        Content::Bytes(bytes) => bytes,
        Content::Path(path) => std::fs::read(&path).map_err(io(&path))?,
    };
    let parsed = syntax::parse_owned(id, bytes);
    let mut diagnostics = parsed.diagnostics;
    let mut part = None;
    if let Some(value) = parsed.value {
        diagnostics = validator.check(id, &value);
        if diagnostics.is_empty() {
            part = Some(convert(value)?);
        }
    }
    Ok(FileResult { name: input.name, text: parsed.text, diagnostics, part })
}

/// `f` applied to every item, on as many threads as there are cores (at most one per
/// item); the results in the order of the items.
fn parallel_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(FileId, T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.into_iter().enumerate().map(|(i, item)| f(i, item)).collect();
    }
    let count = items.len();
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        // The lock is held only to take the next item.
                        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some((i, item)) = next else { break };
                        done.push((i, f(i, item)));
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    debug_assert_eq!(results.len(), count);
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// One schema-valid file value in the model, taken apart without copying its strings.
fn convert(mut value: Value) -> Result<Part, Problem> {
    let mut dataset = Dataset::default();
    let Some(object) = value.as_object_mut() else {
        return Ok(Part { dataset, meta: false });
    };
    let meta = object.remove("dataset");
    let has_meta = meta.is_some();
    if let Some(meta) = meta {
        dataset.dataset = Some(from_value(meta)?);
    }
    for kind in COLLECTIONS {
        let Some(Value::Array(records)) = object.remove(kind.collection()) else {
            continue;
        };
        for record in records {
            push_record(&mut dataset, kind, record)?;
        }
    }
    Ok(Part { dataset, meta: has_meta })
}

/// Merge the clean files' records into one dataset, in file order, recording each
/// record's origin.
fn merge(parts: Vec<(FileId, Part)>, origins: &mut Origins) -> Dataset {
    let mut dataset = Dataset::default();
    for (file, part) in parts {
        let Part { dataset: mut piece, meta } = part;
        if meta {
            origins.dataset.push(Origin { file, pointer: "/dataset".to_string() });
            if dataset.dataset.is_none() {
                dataset.dataset = piece.dataset.take();
            }
        }
        for kind in COLLECTIONS {
            let count = match kind {
                RecordKind::Instrument => append(&mut dataset.instruments, &mut piece.instruments),
                RecordKind::Article => append(&mut dataset.articles, &mut piece.articles),
                RecordKind::Event => append(&mut dataset.events, &mut piece.events),
                RecordKind::Actor => append(&mut dataset.actors, &mut piece.actors),
                RecordKind::Place => append(&mut dataset.places, &mut piece.places),
                RecordKind::Figure => append(&mut dataset.figures, &mut piece.figures),
                RecordKind::Position => append(&mut dataset.positions, &mut piece.positions),
                RecordKind::Source => append(&mut dataset.sources, &mut piece.sources),
            };
            for i in 0..count {
                origins.push(kind, Origin { file, pointer: format!("/{}/{i}", kind.collection()) });
            }
        }
    }
    dataset
}

/// Move `from` onto the end of `to`; returns how many moved.
fn append<T>(to: &mut Vec<T>, from: &mut Vec<T>) -> usize {
    let count = from.len();
    if to.is_empty() {
        std::mem::swap(to, from);
    } else {
        to.append(from);
    }
    count
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

fn rss(what: &str) {
    if std::env::var_os("ANPO_RSS").is_some() {
        let statm = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let line =
            statm.lines().filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM")).collect::<Vec<_>>().join(" ");
        eprintln!(
            "{what}: {line} at {:?}",
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() % 100000
        );
    }
}
