//! `anpo validate`: check data, print every diagnostic, exit 0 or 1.

use super::{Outcome, check_and_report_keeping};
use crate::check::Problem;
use crate::check::Texts;
use crate::cli::ValidateArgs;
use std::path::{Path, PathBuf};

pub fn run(args: &ValidateArgs) -> Result<Outcome, Problem> {
    let mut input = args.input.clone();
    input.in_dataset = dataset_of(&input.paths, args.dataset.as_deref())?;
    let (checked, passed) = check_and_report_keeping(&input, args.output_format, Texts::Diagnosed)?;
    // The process ends here: freeing a million records one by one would take longer
    // than the operating system takes to reclaim them all at once.
    std::mem::forget(checked);
    Ok(if passed { Outcome::Success } else { Outcome::Invalid })
}

/// The dataset the paths given belong to, when they are files in one: the folder named by
/// `--dataset`, or else the nearest folder, from the first file's up, that holds a
/// `dataset.json`; with the files themselves, whose diagnostics are reported. `None` when a
/// folder is given (it is checked as a whole) or no dataset is found (the files are then
/// checked on their own, as before).
pub fn dataset_of(paths: &[PathBuf], dataset: Option<&Path>) -> Result<Option<(PathBuf, Vec<PathBuf>)>, Problem> {
    if paths.is_empty() || !paths.iter().all(|p| p.is_file()) {
        if let Some(dir) = dataset {
            return Err(Problem::usage(format!(
                "--dataset {} names the dataset of the files given, but a folder was given: name data files, or \
                 drop --dataset to check the folder as a whole",
                crate::text::display_name(dir)
            )));
        }
        return Ok(None);
    }
    let folder = match dataset {
        Some(dir) if dir.is_dir() => dir.to_path_buf(),
        Some(dir) => {
            return Err(Problem::usage(format!(
                "--dataset {}: not a folder; name the folder that holds the dataset's files",
                crate::text::display_name(dir)
            )));
        }
        None => {
            // Up from the file as it was named, so that the files read are named as the
            // user names them (`data/events.json`, not an absolute path); past the folder
            // anpo runs in, up the file's real path.
            let named =
                paths[0].ancestors().skip(1).map(|dir| if dir.as_os_str().is_empty() { Path::new(".") } else { dir });
            let real = std::fs::canonicalize(&paths[0]).map_err(Problem::io(&paths[0]))?;
            let real: Vec<PathBuf> = real.ancestors().skip(1).map(Path::to_path_buf).collect();
            let mut candidates = named.map(Path::to_path_buf).chain(real);
            match candidates.find(|dir| dir.join("dataset.json").is_file()) {
                Some(dir) => dir,
                None => return Ok(None),
            }
        }
    };
    Ok(Some((folder, paths.to_vec())))
}
