//! The checking pipeline: files → syntax → schema → model → rules → located diagnostics.
//!
//! Each stage collects every problem it finds. A file that fails the syntax stage is not
//! schema-checked, and the semantic rules run only when every file passed syntax (a file
//! that cannot be read hides which ids exist). Records the schema refuses are withheld
//! from the model; the rules run on the rest and are told what was withheld, so that they
//! do not report references to it as dangling: one run shows the schema and the rule
//! errors together.

use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::model::{COLLECTIONS, Dataset, RecordKind};
use crate::origin::{Origin, Origins};
use crate::rules::Withheld;
use crate::schema::SchemaValidator;
use crate::source::{Files, SourceFile};
use crate::{locate, rules, syntax};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a check produced.
#[derive(Debug)]
pub struct Checked {
    pub files: Files,
    /// Each file's path below the folder given, or its name when named itself (by
    /// [`FileId`]): where a release writes it below `data/`.
    pub relative: Vec<PathBuf>,
    /// The merged dataset, when syntax and schema passed in every file.
    pub dataset: Option<Dataset>,
    pub origins: Origins,
    /// Every diagnostic, located, in file order then position.
    pub diagnostics: Vec<Diagnostic>,
    /// False when the rules were skipped because an earlier stage failed.
    pub rules_ran: bool,
    /// How many `.json` files found in folders were left out because they name another
    /// schema (a data package, a release's metadata).
    pub skipped: usize,
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

pub use crate::error::Problem;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Problem + '_ {
    move |error| Problem::Io { path: path.to_path_buf(), error }
}

/// Read and check every file the paths name, keeping every file's text.
pub fn check_paths(paths: &[PathBuf]) -> Result<Checked, Problem> {
    check_paths_keeping(paths, Texts::All)
}

/// Which file texts a check keeps in [`Checked::files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// Every file's text.
    All,
    /// Only the texts that a diagnostic points into: a file that passes syntax and schema
    /// is dropped once parsed, and read again only if a rule reports in it. Halves the
    /// memory of a large check; the other files' texts are left empty.
    Diagnosed,
}

/// Read and check every file the paths name, keeping the texts `texts` says.
pub fn check_paths_keeping(paths: &[PathBuf], texts: Texts) -> Result<Checked, Problem> {
    check_paths_in(paths, texts, Scope::Dataset)
}

/// How much of a dataset the files checked are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole dataset: every rule runs.
    Dataset,
    /// Some of its files (`diff data/events.json …`): the rules that need the whole
    /// dataset are left out (references into other files, the one metadata object, unused
    /// sources, unreferenced records), unless a file carries the `dataset` metadata
    /// object: then the files are a whole dataset (a one-file dataset, say).
    Part,
    /// The whole dataset, read so that some of its files can be checked in it
    /// (`validate data/events.json`): every rule runs but those that judge the whole
    /// dataset (unused sources, unreferenced records).
    Focus,
}

/// Read and check every file the paths name ([`walk`](crate::walk)), keeping the texts
/// `texts` says, with the rules `scope` allows.
pub fn check_paths_in(paths: &[PathBuf], texts: Texts, scope: Scope) -> Result<Checked, Problem> {
    let walked = crate::walk::walk(paths)?;
    for note in &walked.notes {
        crate::tell!("anpo: note: {note}");
    }
    let inputs = walked
        .files
        .into_iter()
        .map(|found| Input {
            name: crate::text::display_name(&found.path),
            relative: found.relative,
            named: found.named,
            content: if found.outside { Content::Outside } else { Content::Path(found.read) },
        })
        .collect();
    check_inputs(inputs, texts, scope)
}

/// Check files already in memory: `(name, bytes)` pairs, in the order given.
pub fn check_bytes(inputs: Vec<(String, Vec<u8>)>) -> Result<Checked, Problem> {
    let inputs = inputs
        .into_iter()
        .map(|(name, bytes)| Input {
            relative: PathBuf::from(&name),
            name,
            named: true,
            content: Content::Bytes(bytes),
        })
        .collect();
    check_inputs(inputs, Texts::All, Scope::Dataset)
}

/// One file to check: its display name, and its bytes or where to read them.
struct Input {
    name: String,
    /// Where the file stands below the folder given ([`crate::walk::Found::relative`]).
    relative: PathBuf,
    /// Named on the command line: data whatever schema it names.
    named: bool,
    content: Content,
}

enum Content {
    Path(PathBuf),
    Bytes(Vec<u8>),
    /// A link that leaves the folder given: never read, reported as S007.
    Outside,
}

/// What reading, parsing, schema-checking and converting one file gave.
struct FileResult {
    name: String,
    relative: PathBuf,
    text: String,
    /// Where to read the text again, and its length, when it was dropped.
    dropped: Option<(PathBuf, usize)>,
    diagnostics: Vec<Diagnostic>,
    /// The file's records, when it passed syntax: every record when it also passed the
    /// schema, else the records the schema did not refuse.
    part: Option<Part>,
    /// Found in a folder and naming another schema: not data.
    skipped: bool,
}

/// The records of one clean file, in the model, and where they stand in it.
struct Part {
    dataset: Dataset,
    /// How many `dataset` metadata objects the file has (0 or 1).
    meta: bool,
    /// Where each kept record stood in its collection, when the schema refused some (so
    /// the kept ones are no longer at their own index); `None` when every record was kept.
    positions: Option<BTreeMap<RecordKind, Vec<usize>>>,
    /// What the schema refused in this file.
    withheld: Withheld,
}

/// The files are checked in parallel, each by one thread from start to end (read,
/// parse, schema, conversion into the model), so that at most one file per thread is
/// held as a `serde_json::Value` at any time. The results are merged in the order given.
fn check_inputs(inputs: Vec<Input>, texts: Texts, scope: Scope) -> Result<Checked, Problem> {
    let validator = validator();
    let results: Vec<_> =
        inputs.into_par_iter().enumerate().map(|(id, input)| check_file(validator, id, input, texts)).collect();

    let mut files = Files::default();
    let mut dropped = Vec::new();
    let mut diagnostics = Vec::new();
    let mut parts = Vec::new();
    let mut parsed = true;
    let mut withheld = Withheld::default();
    let mut skipped = 0;
    let mut relative = Vec::new();
    for result in results {
        let FileResult { name, relative: below, text, dropped: path, diagnostics: mut found, part, skipped: skip } =
            result?;
        if skip {
            skipped += 1;
            continue;
        }
        let id = files.add(SourceFile::new(name, text));
        relative.push(below);
        // A file skipped before this one moved it up: its diagnostics follow.
        for d in &mut found {
            d.location.file = id;
            for label in &mut d.related {
                label.location.file = id;
            }
        }
        dropped.push(path);
        diagnostics.extend(found);
        match part {
            Some(mut part) => {
                let refused = std::mem::take(&mut part.withheld);
                withheld.ids.extend(refused.ids);
                withheld.any |= refused.any;
                withheld.dataset |= refused.dataset;
                parts.push((id, part));
            }
            None => parsed = false,
        }
    }
    if files.is_empty() {
        return Err(Problem::usage(format!(
            "no data files found: the {skipped} `.json` files found name another schema than the dataset's in \
             `$schema`; name a data file on the command line to check it anyway"
        )));
    }
    // A file with the `dataset` metadata object is a whole dataset, even given alone.
    withheld.part = scope == Scope::Part && !parts.iter().any(|(_, part): &(FileId, Part)| part.meta);
    withheld.focus = scope == Scope::Focus;
    let mut dataset = None;
    let mut origins = Origins::default();
    let mut rules_ran = false;
    // The rules need every file read; records the schema refused are left out, and the
    // rules are told which, so that one run still shows every problem.
    if parsed {
        let merged = merge(parts, &mut origins);
        diagnostics.extend(rules::run_partial(&merged, &origins, &withheld));
        if !withheld.any {
            dataset = Some(merged);
        }
        rules_ran = true;
    }
    reread(&mut files, &dropped, &diagnostics)?;
    locate::resolve(&files, &mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.location.file, a.location.span.map(|s| s.start), a.code).cmp(&(
            b.location.file,
            b.location.span.map(|s| s.start),
            b.code,
        ))
    });
    Ok(Checked { files, relative, dataset, origins, diagnostics, rules_ran, skipped })
}

fn check_file(validator: &SchemaValidator, id: FileId, input: Input, texts: Texts) -> Result<FileResult, Problem> {
    let (bytes, path) = match input.content {
        Content::Bytes(bytes) => (bytes, None),
        Content::Path(path) => (std::fs::read(&path).map_err(io(&path))?, Some(path)),
        Content::Outside => {
            let diagnostic = Diagnostic::error(
                crate::walk::LINK_OUTSIDE_CODE,
                crate::diagnostic::Location::open(id, ""),
                "this symbolic link leads outside the folder being checked, so it was not read",
            )
            .with_help(
                "anpo reads only the dataset: replace the link with the file itself, or name the file on the \
                 command line to check it",
            );
            let (text, dropped, part, skipped) = (String::new(), None, None, false);
            return Ok(FileResult {
                name: input.name,
                relative: input.relative,
                text,
                dropped,
                diagnostics: vec![diagnostic],
                part,
                skipped,
            });
        }
    };
    let parsed = syntax::parse_owned(id, bytes);
    if !input.named && parsed.value.as_ref().is_some_and(crate::walk::names_another_schema) {
        let (text, dropped, diagnostics, part) = (String::new(), None, Vec::new(), None);
        return Ok(FileResult {
            name: input.name,
            relative: input.relative,
            text,
            dropped,
            diagnostics,
            part,
            skipped: true,
        });
    }
    let mut text = parsed.text;
    let mut diagnostics = parsed.diagnostics;
    let mut part = None;
    let mut dropped = None;
    if let Some(mut value) = parsed.value {
        diagnostics = validator.check(id, &value);
        if diagnostics.is_empty() {
            if let (Texts::Diagnosed, Some(path)) = (texts, path) {
                dropped = Some((path, text.len()));
                text = String::new();
            }
            part = Some(convert(value)?);
        } else {
            let (positions, withheld) = withhold(&mut value, &diagnostics);
            let mut kept = convert(value)?;
            kept.positions = Some(positions);
            kept.withheld = withheld;
            part = Some(kept);
        }
    }
    Ok(FileResult { name: input.name, relative: input.relative, text, dropped, diagnostics, part, skipped: false })
}

/// Read again the dropped texts that a diagnostic points into. A file that changed size
/// since it was checked is an I/O problem: its diagnostics could not be placed.
fn reread(files: &mut Files, dropped: &[Option<(PathBuf, usize)>], diagnostics: &[Diagnostic]) -> Result<(), Problem> {
    let mut wanted = vec![false; files.len()];
    for d in diagnostics {
        wanted[d.location.file] = true;
        for label in &d.related {
            wanted[label.location.file] = true;
        }
    }
    let needed: Vec<(FileId, &(PathBuf, usize))> =
        dropped.iter().enumerate().filter_map(|(id, d)| d.as_ref().filter(|_| wanted[id]).map(|d| (id, d))).collect();
    let texts: Vec<_> = needed
        .into_par_iter()
        .map(|(id, (path, len))| {
            let bytes = std::fs::read(path).map_err(io(path))?;
            match String::from_utf8(bytes) {
                Ok(text) if text.len() == *len => Ok((id, text)),
                _ => {
                    let error = std::io::Error::other("the file changed while it was being checked: run again");
                    Err(Problem::Io { path: path.clone(), error })
                }
            }
        })
        .collect();
    for text in texts {
        let (id, text) = text?;
        files.set_text(id, text);
    }
    Ok(())
}

/// The schema validator, compiled once per process (a few milliseconds that a program
/// checking many small inputs, like a test suite or a fuzzer, would otherwise pay each time).
fn validator() -> &'static SchemaValidator {
    static VALIDATOR: std::sync::OnceLock<SchemaValidator> = std::sync::OnceLock::new();
    VALIDATOR.get_or_init(SchemaValidator::new)
}

/// Take out of a file's value what the schema refused: the records (and the metadata
/// object) that a schema diagnostic points into, and any collection that is not an array.
/// Returns where each kept record stood, and what was withheld.
fn withhold(value: &mut Value, diagnostics: &[Diagnostic]) -> (BTreeMap<RecordKind, Vec<usize>>, Withheld) {
    let mut refused: BTreeMap<RecordKind, BTreeSet<usize>> = BTreeMap::new();
    let mut withheld = Withheld { any: true, ..Withheld::default() };
    let Some(object) = value.as_object_mut() else { return (BTreeMap::new(), withheld) };
    for d in diagnostics {
        let mut segments = d.location.pointer.split('/').skip(1);
        let (Some(first), index) = (segments.next(), segments.next()) else { continue };
        if first == "dataset" {
            withheld.dataset = true;
            object.remove("dataset");
        } else if let Some(kind) = RecordKind::from_collection(first) {
            match index.and_then(|i| i.parse::<usize>().ok()) {
                Some(i) => {
                    refused.entry(kind).or_default().insert(i);
                }
                // The collection itself is wrong (not an array, say): withhold it whole.
                None => {
                    object.remove(first);
                }
            }
        }
    }
    let mut positions = BTreeMap::new();
    for kind in COLLECTIONS {
        let Some(Value::Array(records)) = object.get_mut(kind.collection()) else {
            object.remove(kind.collection());
            continue;
        };
        let refused = refused.remove(&kind).unwrap_or_default();
        let mut kept = Vec::with_capacity(records.len());
        let mut at = Vec::with_capacity(records.len());
        for (i, record) in std::mem::take(records).into_iter().enumerate() {
            if refused.contains(&i) {
                if let Some(id) = record.get("id").and_then(Value::as_str) {
                    withheld.ids.insert(id.to_string());
                }
            } else {
                kept.push(record);
                at.push(i);
            }
        }
        *records = kept;
        positions.insert(kind, at);
    }
    (positions, withheld)
}

/// One schema-valid file value in the model, taken apart without copying its strings.
fn convert(mut value: Value) -> Result<Part, Problem> {
    let mut dataset = Dataset::default();
    let Some(object) = value.as_object_mut() else {
        return Ok(Part { dataset, meta: false, positions: None, withheld: Withheld::default() });
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
    Ok(Part { dataset, meta: has_meta, positions: None, withheld: Withheld::default() })
}

/// Merge the clean files' records into one dataset, in file order, recording each
/// record's origin.
fn merge(parts: Vec<(FileId, Part)>, origins: &mut Origins) -> Dataset {
    let mut dataset = Dataset::default();
    for kind in COLLECTIONS {
        dataset.reserve(kind, parts.iter().map(|(_, p)| p.dataset.count(kind)).sum());
    }
    for (file, part) in parts {
        let Part { dataset: mut piece, meta, positions, .. } = part;
        if meta {
            origins.dataset.push(Origin { file, pointer: "/dataset".to_string() });
            if dataset.dataset.is_none() {
                dataset.dataset = piece.dataset.take();
            }
        }
        for kind in COLLECTIONS {
            let count = dataset.append_kind(kind, &mut piece);
            if count > 0 {
                let list = origins.records.entry(kind).or_default();
                list.reserve(count);
                let at = |i: usize| positions.as_ref().and_then(|p| p.get(&kind)).map_or(i, |p| p[i]);
                list.extend((0..count).map(|i| Origin { file, pointer: format!("/{}/{}", kind.collection(), at(i)) }));
            }
        }
    }
    dataset
}

fn push_record(dataset: &mut Dataset, kind: RecordKind, record: Value) -> Result<(), Problem> {
    dataset.push_value(kind, record).map_err(disagreement)
}

/// Schema-valid JSON always deserializes into the model: the schema and the model are
/// kept in step, and a test proves it on every data file. A failure here is a bug.
fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Problem> {
    serde_json::from_value(value).map_err(disagreement)
}

fn disagreement(error: serde_json::Error) -> Problem {
    Problem::Internal(format!("the model disagrees with the schema: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a diagnostic and its labels are: (code, file, span, label spans).
    type Placed = (&'static str, FileId, Option<crate::diagnostic::Span>, Vec<Option<crate::diagnostic::Span>>);

    fn spans(checked: &Checked) -> Vec<Placed> {
        checked
            .diagnostics
            .iter()
            .map(|d| (d.code, d.location.file, d.location.span, d.related.iter().map(|l| l.location.span).collect()))
            .collect()
    }

    #[test]
    fn dropped_texts_are_read_again_where_a_rule_reports() {
        let paths = [PathBuf::from("tests/fixtures/invalid/r201-across-files")];
        let all = check_paths(&paths).expect("readable");
        let lean = check_paths_keeping(&paths, Texts::Diagnosed).expect("readable");
        assert!(all.diagnostics.iter().any(|d| d.code == "R201" && !d.related.is_empty()));
        assert_eq!(spans(&lean), spans(&all));
        for (id, file) in lean.files.iter() {
            assert_eq!(file.text, all.files.get(id).text, "{} is needed by a diagnostic", file.name);
        }
    }

    #[test]
    fn clean_texts_are_dropped_when_asked() {
        let lean = check_paths_keeping(&[PathBuf::from("data")], Texts::Diagnosed).expect("readable");
        assert!(lean.diagnostics.is_empty());
        assert!(lean.dataset.is_some());
        assert!(lean.files.iter().all(|(_, f)| f.text.is_empty()));
        let all = check_paths(&[PathBuf::from("data")]).expect("readable");
        assert!(all.files.iter().all(|(_, f)| !f.text.is_empty()));
        assert_eq!(lean.dataset, all.dataset);
        assert_eq!(lean.origins, all.origins);
    }

    #[test]
    fn results_keep_the_order_of_the_files_whatever_the_threads() {
        let inputs: Vec<(String, Vec<u8>)> =
            (0..40).map(|i| (format!("f{i}.json"), format!("{{\"events\": [], \"x{i}\": 1}}").into_bytes())).collect();
        let checked = check_bytes(inputs).expect("in memory");
        let names: Vec<_> = checked.files.iter().map(|(_, f)| f.name.clone()).collect();
        assert_eq!(names, (0..40).map(|i| format!("f{i}.json")).collect::<Vec<_>>());
        let pointers: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == "J102")
            .map(|d| (d.location.file, d.location.pointer.clone()))
            .collect();
        assert_eq!(pointers, (0..40).map(|i| (i, format!("/x{i}"))).collect::<Vec<_>>());
    }

    #[test]
    fn a_file_that_cannot_be_read_is_a_problem_not_a_diagnostic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let inputs = vec![Input {
            name: "x".into(),
            relative: "x".into(),
            named: true,
            content: Content::Path(dir.path().join("missing.json")),
        }];
        assert!(matches!(check_inputs(inputs, Texts::All, Scope::Dataset), Err(Problem::Io { .. })));
    }
}
