//! One file per subcommand. Each returns an [`Outcome`] that `main` maps to an exit code.

pub mod diff;
pub mod export;
pub mod fmt;
pub mod release;
pub mod validate;

use crate::check::{Checked, Problem, Texts};
use crate::cli::{ColorChoice, DiagnosticFormat, InputArgs};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the data is invalid.
    Invalid,
}

/// Read, check and print diagnostics: the first step of every command that reads data.
/// Returns the check, and whether it passed.
pub fn check_and_report(input: &InputArgs, format: DiagnosticFormat) -> Result<(Checked, bool), Problem> {
    check_and_report_with(input, format, Texts::All, |_| Ok(Found::default()))
}

/// [`check_and_report`], keeping only the file texts `texts` says (see [`Texts`]).
pub fn check_and_report_keeping(
    input: &InputArgs,
    format: DiagnosticFormat,
    texts: Texts,
) -> Result<(Checked, bool), Problem> {
    check_and_report_with(input, format, texts, |_| Ok(Found::default()))
}

/// What a command finds in a dataset that passed the check, beyond the check itself,
/// reported with the check's own diagnostics, in the same format.
#[derive(Default)]
pub struct Found {
    /// Diagnostics located in the files checked (a release's own demands on the data).
    pub diagnostics: Vec<Diagnostic>,
    /// Another check whose files and diagnostics are reported with these (an earlier
    /// release's invalid data, for `release --previous`).
    pub other: Option<Checked>,
    /// A line said after the summary (on standard error in JSON): what the findings mean.
    pub note: Option<String>,
}

/// [`check_and_report_keeping`], with what `more` finds in a dataset that passed the
/// check ([`Found`]), printed with the check's diagnostics, in the same format: standard
/// output holds one document whatever is found, and every diagnostic goes through the
/// format chosen. An error from `more` is returned after the document (`[]` in JSON).
///
/// With `--deny-warnings`, warnings are errors, in every format (their severity is
/// `error` in JSON and GitHub output) and the summary says how many were denied.
pub fn check_and_report_with(
    input: &InputArgs,
    format: DiagnosticFormat,
    texts: Texts,
    more: impl FnOnce(&Checked) -> Result<Found, Problem>,
) -> Result<(Checked, bool), Problem> {
    let read = match &input.in_dataset {
        Some((folder, files)) => {
            // The folder, and the files given (those inside it are read once).
            let paths: Vec<_> = std::iter::once(folder.clone()).chain(files.iter().cloned()).collect();
            crate::check::check_paths_in(&paths, texts, crate::check::Scope::Focus)
        }
        None => crate::check::check_paths_keeping(&input.paths, texts),
    };
    let mut checked = match read {
        Ok(checked) => checked,
        Err(problem) => return refused(format, problem),
    };
    if let Some((folder, files)) = &input.in_dataset {
        keep_only(&mut checked, folder, files);
    }
    let mut note = None;
    if checked.valid_dataset(input.deny_warnings).is_some() {
        let found = match more(&checked) {
            Ok(found) => found,
            Err(problem) => return refused(format, problem),
        };
        let mut diagnostics = found.diagnostics;
        crate::locate::resolve(&checked.files, &mut diagnostics);
        checked.diagnostics.extend(diagnostics);
        if let Some(other) = found.other {
            report_with(&mut checked, other);
        }
        note = found.note;
    }
    let mut denied = 0;
    if input.deny_warnings {
        for d in &mut checked.diagnostics {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
                denied += 1;
            }
        }
    }
    let mut out = stdout();
    let color = use_color(input.color);
    let errors = checked.count(Severity::Error);
    let warnings = checked.count(Severity::Warning);
    let shown = input.max_errors.unwrap_or(usize::MAX).min(checked.diagnostics.len());
    let records = records(&checked);
    render::render_with_records(format, &checked.files, &checked.diagnostics[..shown], &records, &mut out, color)
        .map_err(stdout_problem)?;
    if !format.is_document() {
        let counted = input.in_dataset.as_ref().map_or(checked.files.len(), |(_, files)| files.len());
        let mut line = render::summary(counted, errors, warnings);
        if let Some((folder, _)) = &input.in_dataset {
            let read = render::plural(checked.files.len(), "file");
            line.push_str(&format!(" (in the dataset in {}: {read} read)", crate::text::display_name(folder)));
        }
        if denied > 0 {
            line.push_str(&format!(" ({} denied by --deny-warnings)", render::plural(denied, "warning")));
        }
        if shown < checked.diagnostics.len() {
            line.push_str(&format!(" ({} not shown: --max-errors {shown})", checked.diagnostics.len() - shown));
        }
        if !checked.rules_ran {
            line.push_str(" (semantic rules not run: fix the errors above first)");
        }
        if checked.skipped > 0 {
            let files = render::plural(checked.skipped, "file");
            line.push_str(&format!("; {files} skipped: they name another schema than the dataset's in `$schema`"));
        }
        writeln!(out, "{line}").map_err(stdout_problem)?;
        if let Some(note) = &note {
            writeln!(out, "{note}").map_err(stdout_problem)?;
        }
    } else if let Some(note) = &note {
        crate::tell!("anpo: {note}");
    }
    out.flush().map_err(stdout_problem)?;
    let passed = errors == 0;
    Ok((checked, passed))
}

/// Every record read, with its file, pointer and id (for JUnit's test cases); none when
/// the dataset was not read whole.
fn records(checked: &Checked) -> Vec<render::Record> {
    let Some(dataset) = &checked.dataset else { return Vec::new() };
    let mut records = Vec::new();
    for kind in crate::model::COLLECTIONS {
        for (index, origin) in checked.origins.of(kind).iter().enumerate() {
            let id = dataset.id_of(kind, index).to_string();
            records.push(render::Record { file: origin.file, pointer: origin.pointer.clone(), id });
        }
    }
    records
}

/// Keeps the diagnostics located in `files` (each found below `folder`): the rest of the
/// dataset was read so that references resolve, not to be judged. What was left out is
/// said in a note on standard error.
fn keep_only(checked: &mut Checked, folder: &std::path::Path, files: &[std::path::PathBuf]) {
    let canonical = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let wanted: Vec<_> = files.iter().map(|f| canonical(f)).collect();
    // A file below the folder is known by its path below it; one named outside it, by its name.
    let given: Vec<bool> = checked
        .relative
        .iter()
        .map(|relative| wanted.contains(&canonical(&folder.join(relative))) || wanted.contains(&canonical(relative)))
        .collect();
    let before = checked.diagnostics.len();
    checked.diagnostics.retain(|d| given.get(d.location.file).copied().unwrap_or(false));
    let elsewhere = before - checked.diagnostics.len();
    if elsewhere > 0 {
        crate::tell!(
            "anpo: note: {} in other files of the dataset in {} not shown: check the whole dataset to see them",
            render::plural(elsewhere, "diagnostic"),
            crate::text::display_name(folder)
        );
    }
}

/// `problem`, refused before any diagnostic was printed: standard output in JSON is
/// always one JSON document, so `[]` is printed first (the reason goes to standard error).
pub fn refused<T>(format: DiagnosticFormat, problem: Problem) -> Result<T, Problem> {
    if format.is_document() {
        // The document with nothing in it: `[]` in JSON, a run with no results in SARIF.
        let mut out = stdout();
        render::render(format, &crate::source::Files::default(), &[], &mut out, false)
            .and_then(|()| out.flush())
            .map_err(stdout_problem)?;
    }
    Err(problem)
}

/// `other`'s files added to `checked`'s, and its diagnostics (pointing into them) to
/// `checked`'s, so that both are reported as one.
fn report_with(checked: &mut Checked, other: Checked) {
    let offset = checked.files.len();
    for (_, file) in other.files.iter() {
        checked.files.add(crate::source::SourceFile::new(file.name.clone(), file.text.clone()));
    }
    for mut diagnostic in other.diagnostics {
        diagnostic.location.file += offset;
        for label in &mut diagnostic.related {
            label.location.file += offset;
        }
        checked.diagnostics.push(diagnostic);
    }
}

/// Standard output that outlives its reader: once the reader has gone (`anpo validate |
/// head -1`), what is written is dropped, and the command goes on to the end and exits
/// with the code its data deserves, not one a closed pipe chose.
pub type Stdout = Survive<std::io::StdoutLock<'static>>;

/// Standard output, locked, as a [`Stdout`].
pub fn stdout() -> Stdout {
    Survive { inner: std::io::stdout().lock(), closed: false }
}

/// Standard error as a [`Survive`]: a reader that has gone changes nothing.
pub fn stderr() -> Survive<std::io::Stderr> {
    Survive { inner: std::io::stderr(), closed: false }
}

/// A writer to a pipe that may close early: after a broken pipe, every write succeeds
/// and is dropped. Any other error is returned.
pub struct Survive<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> Survive<W> {
    fn survive(&mut self, result: std::io::Result<usize>, len: usize) -> std::io::Result<usize> {
        match result {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(len)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Survive<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.survive(result, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush().map(|()| 0);
        self.survive(result, 0).map(|_| ())
    }
}

/// Refuse an output folder inside an input folder: `validate`, `export` and `release`
/// read every `.json` file below their inputs, so the next run would read the output
/// (`data/*.json` of a release, `datapackage.json`) as data. Checked before anything is
/// read or written.
pub fn refuse_output_inside_inputs(out: &Path, inputs: &[PathBuf]) -> Result<(), Problem> {
    let out_abs = absolute_through_existing(out);
    for input in inputs {
        let Ok(input_abs) = std::fs::canonicalize(input) else { continue };
        // A file's folder is guarded as a folder given would be: `release --out d2/rel
        // d2/*.json` would make the next `validate d2` read the release.
        let folder = if input_abs.is_dir() { Some(input_abs.as_path()) } else { input_abs.parent() };
        if let Some(folder) = folder
            && out_abs.starts_with(folder)
        {
            let message = format!(
                "the output folder is inside the input folder {}: the next run would read what is written \
                 there as data; choose a folder outside it",
                crate::text::display_name(folder)
            );
            return Err(Problem::usage(format!("{}: {message}", crate::text::display_name(out))));
        }
    }
    Ok(())
}

/// `path` made absolute with its longest existing ancestor resolved (links, `..`), and the
/// rest (not yet created) appended as given.
fn absolute_through_existing(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(resolved, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

pub fn stdout_problem(error: std::io::Error) -> Problem {
    Problem::Io { path: "<stdout>".into(), error }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
