//! `anpo export`: validate, then write the chosen formats, each folder put in place
//! atomically. An existing folder is replaced only with `--force`, and only when anpo wrote
//! it (its `.anpo-export` marker) or it is empty; anything else is refused (exit 2) before
//! anything is written.

use super::{Outcome, check_and_report_keeping};
use crate::check::{Problem, Texts};
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::{EXPORTERS, Format, Input, OutputFile, Settings};
use crate::release;
use crate::schema::Dictionary;
use std::path::Path;

pub fn run(args: &ExportArgs) -> Result<Outcome, Problem> {
    // Refused before anything is read: in JSON, standard output is still one document.
    let settings = Settings::with_base_iri(args.base_iri.as_deref())
        .map_err(Problem::usage)
        .or_else(|problem| super::refused(args.output_format, problem))?;
    super::refuse_output_inside_inputs(&args.out, &args.input.paths)
        .or_else(|problem| super::refused(args.output_format, problem))?;
    let (checked, passed) = check_and_report_keeping(&args.input, args.output_format, Texts::Diagnosed)?;
    let Some(dataset) = checked.dataset.as_ref().filter(|_| passed) else {
        return Ok(Outcome::Invalid);
    };
    // Every chosen folder is checked before any is written: a refusal touches nothing.
    let chosen: Vec<_> = EXPORTERS.iter().filter(|(format, _)| selected(args.format, *format)).collect();
    let mut replace = Vec::new();
    for (format, _) in &chosen {
        replace.push(replaceable(&args.out, format.name(), args.force)?);
    }
    let dictionary = Dictionary::new();
    let input = Input { dataset, dictionary: &dictionary, settings: &settings };
    for ((format, exporter), replace) in chosen.into_iter().zip(replace) {
        // An exporter fails only by a bug (see `ExportError`): nothing of its folder is written.
        let files = exporter(&input).map_err(|error| Problem::Internal(error.to_string()))?;
        write_folder(&args.out, format.name(), &files, replace)?;
    }
    Ok(Outcome::Success)
}

fn selected(choice: ExportFormat, format: Format) -> bool {
    matches!(
        (choice, format),
        (ExportFormat::All, _)
            | (ExportFormat::Csv, Format::Csv)
            | (ExportFormat::Akn, Format::Akn)
            | (ExportFormat::Jsonld, Format::JsonLd)
            | (ExportFormat::Sqlite, Format::Sqlite)
            | (ExportFormat::Site, Format::Site)
    )
}

/// Whether `out/name` exists and may be replaced: only with `force`, and only when it is
/// an export folder anpo wrote (its marker says so) or empty. Else a usage error.
fn replaceable(out: &Path, name: &str, force: bool) -> Result<bool, Problem> {
    let target = out.join(name);
    let replace =
        release::check_replaceable(&target, force, |p| release::is_export(p, name), release::Refused::NotAnExport)?;
    Ok(replace)
}

/// Write `files` into `out/name/` with the marker [`release::EXPORT_MARKER`], putting the
/// folder in place in one atomic step (an exchange with the old one when `replace`, which
/// [`replaceable`] allowed): the files are written into a hidden work folder inside `out`
/// first, so a failure leaves the old folder. Leftovers of killed runs in `out` are removed
/// first (see [`crate::release::clean_leftovers`]).
pub fn write_folder(out: &Path, name: &str, files: &[OutputFile], replace: bool) -> Result<(), Problem> {
    std::fs::create_dir_all(out).map_err(Problem::io(out))?;
    release::clean_leftovers(out, release::EXPORT_PREFIX);
    let work = release::WorkFolder::new(out, release::EXPORT_PREFIX, release::Simulate::default())
        .map_err(Problem::io(out))?;
    let staging = work.new_folder();
    let mut written = Vec::with_capacity(files.len() + 1);
    let mut made = std::collections::HashSet::new();
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent()
            && made.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent).map_err(Problem::io(parent))?;
        }
        std::fs::write(&path, &file.bytes).map_err(Problem::io(&path))?;
        written.push(path);
    }
    let marker = staging.join(release::EXPORT_MARKER);
    std::fs::write(&marker, release::export_marker(name)).map_err(Problem::io(&marker))?;
    written.push(marker);
    // On disk before the folder is put in place, so that a crash never leaves the new name
    // on files whose bytes were not yet written (as a release's `Staging::finish` does).
    release::flush(staging, &written)?;
    work.put_in_place(&out.join(name), replace)?;
    Ok(())
}
