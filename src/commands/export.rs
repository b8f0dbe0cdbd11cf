//! `anpo export`: validate, then write the chosen formats, each folder replaced atomically.

use super::{Outcome, check_and_report_keeping};
use crate::check::{Problem, Texts};
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::{EXPORTERS, Format, Input, OutputFile, Settings};
use crate::schema::Dictionary;
use std::path::Path;

pub fn run(args: &ExportArgs) -> Result<Outcome, Problem> {
    super::refuse_output_inside_inputs(&args.out, &args.input.paths)?;
    let (checked, passed) = check_and_report_keeping(&args.input, args.diagnostics, Texts::Diagnosed)?;
    let Some(dataset) = checked.dataset.as_ref().filter(|_| passed) else {
        return Ok(Outcome::Invalid);
    };
    let mut settings = Settings::default();
    if let Some(iri) = &args.base_iri {
        settings.base_iri = iri.clone();
    }
    let dictionary = Dictionary::new();
    let input = Input { dataset, dictionary: &dictionary, settings: &settings };
    for (format, exporter) in EXPORTERS {
        if selected(args.format, *format) {
            write_folder(&args.out, format.name(), &exporter(&input))?;
        }
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
    )
}

/// Write `files` into `out/name/`, replacing what was there in one rename: the files are
/// written into a temporary folder beside it first, so a failure leaves the old folder.
pub fn write_folder(out: &Path, name: &str, files: &[OutputFile]) -> Result<(), Problem> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| Problem::Io { path, error }
    };
    std::fs::create_dir_all(out).map_err(io(out))?;
    let staging = tempfile::Builder::new().prefix(&format!(".{name}.")).tempdir_in(out).map_err(io(out))?;
    for file in files {
        let path = staging.path().join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, &file.bytes).map_err(io(&path))?;
    }
    let target = out.join(name);
    if target.exists() {
        // Move the old folder aside first, so the new one lands in a single rename.
        let old = tempfile::Builder::new().prefix(&format!(".{name}.old.")).tempdir_in(out).map_err(io(out))?;
        let aside = old.path().join(name);
        std::fs::rename(&target, &aside).map_err(io(&target))?;
        std::fs::rename(staging.keep(), &target).map_err(io(&target))?;
        drop(old);
    } else {
        std::fs::rename(staging.keep(), &target).map_err(io(&target))?;
    }
    Ok(())
}
