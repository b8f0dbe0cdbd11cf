//! `anpo release`: validate, export every format, and put a versioned, checksummed release
//! folder in place in one rename (see [`crate::release`] for what it holds and how).
//!
//! Exit codes: 0 the release is in place; 1 the data (or, with `--previous`, the earlier
//! release's data) is invalid, and nothing was written; 2 a usage or I/O error, including
//! an existing target without `--force` (or one anpo did not make), and a `--previous`
//! that is not a sound anpo release of this dataset at a lower version; nothing was
//! changed at the target.
//!
//! A progress bar goes to standard error when it is a terminal, and nowhere otherwise.

use super::{Outcome, check_and_report_with, stdout_problem};
use crate::check::{self, Checked, Problem};
use crate::cli::ReleaseArgs;
use crate::diagnostic::Diagnostic;
use crate::export::Settings;
use crate::model::{Dataset, DatasetMeta};
use crate::release::{self, DataFile, Previous, Request};
use crate::render;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal, Write};
use std::path::{Component, Path, PathBuf};

pub fn run(args: &ReleaseArgs) -> Result<Outcome, Problem> {
    // Refused before anything is read: in JSON, standard output is still one document.
    let settings = Settings::with_base_iri(args.base_iri.as_deref())
        .map_err(Problem::usage)
        .or_else(|problem| super::refused(args.output_format, problem))?;
    super::refuse_output_inside_inputs(&args.out, &args.input.paths)
        .or_else(|problem| super::refused(args.output_format, problem))?;
    // What a release asks of the data beyond validity (one exact `modified` day) is a
    // diagnostic like any other, printed in the format chosen; so are those of an earlier
    // release's data that is invalid.
    let mut previous = None;
    let (checked, passed) = check_and_report_with(&args.input, args.output_format, check::Texts::All, |checked| {
        let diagnostics = releasable(checked);
        let meta = checked.dataset.as_ref().and_then(|d| d.dataset.as_ref());
        let (Some(dir), Some(meta), true) = (&args.previous, meta, diagnostics.is_empty()) else {
            return Ok(super::Found { diagnostics, ..Default::default() });
        };
        match read_previous(dir, meta)? {
            Ok(found) => {
                previous = Some(found);
                Ok(super::Found::default())
            }
            Err(invalid) => Ok(invalid),
        }
    })?;
    let Some(dataset) = checked.dataset.as_ref().filter(|_| passed) else {
        return Ok(Outcome::Invalid);
    };
    let data_files = data_files(&checked)?;
    let mut request = Request { dataset, data_files: &data_files, settings: &settings, previous: None };
    release::preflight(&request).map_err(|error| Problem::Internal(format!("preflight after R208: {error}")))?;
    request.previous =
        previous.as_ref().map(|(dataset, changelog)| Previous { dataset, changelog: changelog.as_deref() });

    let archive_settings = if args.archive { Some(archive_settings(&args.out, dataset)?) } else { None };
    let progress = Progress(progress_bar());
    let write = |path: &Path, bytes: &[u8]| {
        release::write_file(path, bytes)?;
        progress.0.inc(1);
        Ok(())
    };
    let installing = Problem::from;
    // Each file is written as soon as it is made (see `release::assemble_into`).
    let staging = release::Staging::begin(&args.out, args.force, args.archive, &write).map_err(installing)?;
    let entries = match release::assemble_into(&request, &|file| staging.put(&file)) {
        Ok(entries) => entries,
        Err(release::Failure::Put(error)) => return Err(installing(error)),
        Err(release::Failure::Release(release::Error::Export(error))) => {
            return Err(Problem::Internal(error.to_string()));
        }
        Err(release::Failure::Release(error)) => {
            return Err(Problem::usage(format!("{}: {error}", crate::text::display_name(&args.out))));
        }
    };
    progress.0.set_message("flushing");
    // The archive reads the written files back, one at a time.
    let make_archive = |folder: &Path| -> io::Result<Vec<u8>> {
        let (top, mtime) = archive_settings.as_ref().expect("settings for an archive");
        let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        let read = |path: &str| std::fs::read(folder.join(path.split('/').collect::<PathBuf>()));
        release::archive_from(top, &paths, &read, *mtime)
    };
    let installed = staging.finish(archive_settings.is_some().then_some(&make_archive as release::ArchiveMaker));
    drop(progress);
    let installed = installed.map_err(installing)?;

    let meta = dataset.dataset.as_ref().expect("assemble checked the metadata");
    // Standard output holds the diagnostics' one document in JSON or GitHub format; what
    // was written is then said on standard error.
    let mut out: Box<dyn Write> =
        if args.output_format == render::Format::Human { Box::new(super::stdout()) } else { Box::new(super::stderr()) };
    let verb = if installed.replaced { "replaced" } else { "wrote" };
    writeln!(
        out,
        "{verb} release {} of {}: {} files in {}",
        meta.version,
        meta.id,
        entries.len(),
        crate::text::display_name(&installed.folder)
    )
    .map_err(stdout_problem)?;
    if let Some(path) = &installed.archive {
        writeln!(out, "wrote {}", crate::text::display_name(path)).map_err(stdout_problem)?;
    }
    Ok(Outcome::Success)
}

/// R208: what a release needs of data that is valid: the `dataset` metadata's `modified`
/// must be one exact day (the release's date and the archive's time come from it).
fn releasable(checked: &Checked) -> Vec<Diagnostic> {
    let (Some(dataset), Some(origin)) = (checked.dataset.as_ref(), checked.origins.dataset.first()) else {
        return Vec::new();
    };
    let Some(meta) = dataset.dataset.as_ref() else { return Vec::new() };
    match release::release_day(&meta.modified) {
        Ok(_) => Vec::new(),
        Err(error) => vec![
            Diagnostic::error(release::NOT_RELEASABLE_CODE, origin.at("/modified"), error.to_string())
                .with_label("not one exact day")
                .with_help(
                    "write the day the data was last changed, such as `2026-11-28`; `validate` accepts any date",
                ),
        ],
    }
}

/// Each checked file with its path below `data/` in the release: its path below the
/// directory named on the command line, or its own name when named itself. The texts are
/// those that were checked (files are not read again).
fn data_files(checked: &Checked) -> Result<Vec<DataFile<'_>>, Problem> {
    checked
        .relative
        .iter()
        .zip(checked.files.iter())
        .map(|(relative, (_, file))| {
            let path = slash_path(relative).ok_or_else(|| {
                Problem::usage(format!(
                    "{}: a file in a release needs a UTF-8 name",
                    crate::text::display_name(relative)
                ))
            })?;
            Ok(DataFile { path, text: &file.text })
        })
        .collect()
}

/// A relative path as `/`-separated UTF-8, or `None`.
fn slash_path(path: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = path
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    parts.filter(|p| !p.is_empty()).map(|p| p.join("/"))
}

/// The earlier release's dataset (from its `data/`) and its `CHANGELOG.md`, read as
/// untrusted input (see [`release::read_earlier`]): anything that is not a sound anpo
/// release of this dataset at a lower version is a usage error (exit 2); when its data
/// (checked against its checksums) is invalid, its check, to be reported with this
/// run's diagnostics (exit 1).
fn read_previous(dir: &Path, meta: &DatasetMeta) -> Result<Result<(Dataset, Option<String>), super::Found>, Problem> {
    let refused = |why: &dyn std::fmt::Display| {
        Problem::usage(format!("{}: --previous: {why}; nothing was written", crate::text::display_name(dir)))
    };
    let earlier = release::read_earlier(dir, &meta.id, &meta.version).map_err(|r| refused(&r))?;
    let data = dir.join("data");
    let files = earlier
        .data
        .into_iter()
        .map(|(path, bytes)| {
            let name = path.split('/').fold(dir.to_path_buf(), |p, part| p.join(part));
            (crate::text::display_name(&name), bytes)
        })
        .collect();
    let checked = check::check_bytes(files)?;
    let Some(dataset) = checked.valid_dataset(false) else {
        let note = format!(
            "the previous release's data ({}) is invalid: no changelog can be made; nothing was written",
            crate::text::display_name(&data)
        );
        return Ok(Err(super::Found { other: Some(checked), note: Some(note), ..Default::default() }));
    };
    let agrees = dataset
        .dataset
        .as_ref()
        .is_some_and(|m| m.id == earlier.manifest.dataset && m.version == earlier.manifest.dataset_version);
    if !agrees {
        return Err(refused(&"its data and its manifest.json name different datasets or versions"));
    }
    Ok(Ok((dataset.clone(), earlier.changelog)))
}

/// The archive's top folder (the release folder's name) and time stamp, checked before
/// anything is written.
fn archive_settings(out: &Path, dataset: &Dataset) -> Result<(String, u64), Problem> {
    let invalid = |message: String| Problem::usage(format!("{}: {message}", crate::text::display_name(out)));
    let top = match out.components().next_back() {
        Some(Component::Normal(name)) => {
            name.to_str().ok_or_else(|| invalid("an archived release needs a UTF-8 folder name".into()))?
        }
        _ => return Err(invalid("a release folder needs a name".into())),
    };
    let modified = dataset.dataset.as_ref().map_or("", |m| m.modified.as_str());
    let epoch = std::env::var_os("SOURCE_DATE_EPOCH");
    let epoch = match epoch.as_ref().map(|e| e.to_str()) {
        None => None,
        Some(Some("")) => None,
        Some(Some(text)) => Some(text),
        Some(None) => return Err(invalid("SOURCE_DATE_EPOCH is not a number of seconds since 1970".into())),
    };
    let mtime = release::archive_mtime(modified, epoch).map_err(invalid)?;
    Ok((top.to_string(), mtime))
}

/// The progress display, cleared from the terminal however the command ends.
struct Progress(ProgressBar);

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

/// A counter on standard error when it is a terminal; a hidden one (drawing nothing)
/// otherwise. It counts the files as they are written, then says when they are flushed to
/// disk. (How many files a release has is known only once it is made.)
fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {pos} files ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message("writing");
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
