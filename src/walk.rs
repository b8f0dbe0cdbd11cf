//! Which files are the dataset: the paths given, walked as ripgrep, ruff and taplo walk.
//!
//! - A file named on the command line is always read, if it is a regular file (a FIFO, a
//!   device or a folder-less socket named there is a usage error: reading it could hang).
//! - A folder is walked with the `ignore` crate: `.gitignore`, `.ignore` and
//!   `.git/info/exclude` are respected (in a git checkout or not; the user's global git
//!   ignores are not, so that a run gives the same files on every machine), hidden files
//!   and folders are skipped, and only `.json` files are taken.
//! - Only regular files are read. Anything else with a `.json` name (a FIFO, a socket, a
//!   device) is skipped with a note: opening a FIFO blocks forever.
//! - A symbolic link is followed only when its target stays inside the folder given; a
//!   link that leaves it (`ln -s /proc/self/environ zz.json`, a linked folder elsewhere)
//!   is reported as [`S007`](LINK_OUTSIDE_CODE) and nothing is read through it. A link to
//!   a folder inside is not walked twice: that folder is walked where it is.
//! - Each file is read once, however often it is named (`validate data data`), by its
//!   canonical path.
//! - A release folder (an anpo `manifest.json`) is read through its `data/`, whether it is
//!   given or found in a walk; an export folder (its `.anpo-export` marker) is skipped.
//!
//! Whether a walked `.json` file is data is decided once it is parsed
//! ([`names_another_schema`]): a file whose `$schema` names another schema than the
//! dataset's is skipped and counted.

use crate::error::Problem;
use crate::release::{EXPORT_MARKER, is_release};
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The code of a link that leaves the folder given.
pub const LINK_OUTSIDE_CODE: &str = "S007";

/// The last segment of the dataset schema's file name and `$id`.
pub const SCHEMA_FILE: &str = "dataset.schema.json";

/// A file a walk found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path as the user would name it (below the path given).
    pub path: PathBuf,
    /// What to read: the path itself, or a link's target inside the folder.
    pub read: PathBuf,
    /// The path below the folder given (its `data/` for a release), or the file's own
    /// name when it was named: where a release puts it below `data/`.
    pub relative: PathBuf,
    /// Named on the command line (always data) rather than found in a folder (data when
    /// it names no other schema).
    pub named: bool,
    /// Inside a release: `fmt` never rewrites it (the release's checksums would fail).
    pub in_release: bool,
    /// A symbolic link whose target leaves the folder given: reported, never read.
    pub outside: bool,
}

/// What the paths name.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<Found>,
    /// Why an entry was left out (not a regular file), one line each, for stderr.
    pub notes: Vec<String>,
}

/// Walk every path, in the order given; each folder's files in sorted order. No file at
/// all is a usage error (exit 2): an empty folder, or one with no `.json` files.
pub fn walk(paths: &[PathBuf]) -> Result<Walk, Problem> {
    let mut walk = Walk::default();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(Problem::io(path))?;
        if meta.is_dir() {
            walk_folder(path, &mut walk, &mut seen)?;
        } else if meta.is_file() {
            let read = std::fs::canonicalize(path).map_err(Problem::io(path))?;
            if seen.insert(read.clone()) {
                let in_release = in_release(&read);
                let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
                walk.files.push(Found { path: path.clone(), read, relative, named: true, in_release, outside: false });
            }
        } else {
            return Err(Problem::usage(format!(
                "{}: is not a regular file or a folder (a FIFO, a socket or a device): nothing read from it",
                crate::text::display_name(path)
            )));
        }
    }
    if walk.files.is_empty() && !paths.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| crate::text::display_name(p)).collect();
        return Err(Problem::usage(format!(
            "no data files found in {}: anpo reads the `.json` files of a dataset (see README.md, \"The data model\")",
            names.join(", ")
        )));
    }
    Ok(walk)
}

/// The files a path names, as [`walk`] finds them (links leaving it left out), for tools
/// that read the data themselves (the parse floor, tests).
pub fn files(path: &Path) -> Result<Vec<PathBuf>, Problem> {
    let walked = walk(std::slice::from_ref(&path.to_path_buf()))?;
    Ok(walked.files.into_iter().filter(|f| !f.outside).map(|f| f.path).collect())
}

fn walk_folder(given: &Path, walk: &mut Walk, seen: &mut HashSet<PathBuf>) -> Result<(), Problem> {
    let release = is_release(given);
    let root = if release { given.join("data") } else { given.to_path_buf() };
    let canonical_root = std::fs::canonicalize(&root).map_err(Problem::io(&root))?;
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(&root)
        .standard_filters(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(keep)
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| walk_problem(&root, e))?;
        let Some(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            continue;
        }
        let path = entry.path();
        let is_json = path.extension().is_some_and(|e| e == "json");
        if kind.is_symlink() {
            match std::fs::canonicalize(path) {
                Ok(target) if target.starts_with(&canonical_root) => {
                    // A linked folder inside is walked where it is; a linked file is read
                    // from its target, once.
                    if is_json && target.is_file() {
                        found.push((path.to_path_buf(), target, false));
                    }
                }
                // Outside the folder, or dangling: reported, never read.
                Ok(target) if is_json || target.is_dir() => found.push((path.to_path_buf(), target, true)),
                Ok(_) => {}
                Err(_) if is_json => found.push((path.to_path_buf(), path.to_path_buf(), true)),
                Err(_) => {}
            }
        } else if !is_json {
        } else if kind.is_file() {
            let read = canonical_root.join(path.strip_prefix(&root).unwrap_or(path));
            found.push((path.to_path_buf(), read, false));
        } else if seen.insert(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())) {
            walk.notes.push(format!(
                "{}: skipped: not a regular file (a FIFO, a socket or a device), so it is not read",
                crate::text::display_name(path)
            ));
        }
    }
    found.sort();
    for (path, read, outside) in found {
        // A link leaving the folder is known by its own place, a file by its target.
        let key = if outside { std::path::absolute(&path).unwrap_or_else(|_| path.clone()) } else { read.clone() };
        if seen.insert(key) {
            let in_release = release || in_release(&read);
            let relative = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
            walk.files.push(Found { path, read, relative, named: false, in_release, outside });
        }
    }
    Ok(())
}

/// Whether a walk goes into `entry`: not into an export folder, and in a release folder
/// found on the way only into its `data/`.
fn keep(entry: &ignore::DirEntry) -> bool {
    if entry.depth() == 0 {
        return true;
    }
    let path = entry.path();
    if entry.file_type().is_some_and(|t| t.is_dir()) && path.join(EXPORT_MARKER).is_file() {
        return false;
    }
    match path.parent() {
        Some(parent) if is_release(parent) => entry.file_name() == "data",
        _ => true,
    }
}

/// Whether a file lies in a release's `data/` folder.
fn in_release(file: &Path) -> bool {
    file.ancestors()
        .skip(1)
        .any(|folder| folder.file_name().is_some_and(|n| n == "data") && folder.parent().is_some_and(is_release))
}

fn walk_problem(root: &Path, error: ignore::Error) -> Problem {
    let message = error.to_string();
    match error.into_io_error() {
        Some(error) => Problem::Io { path: root.to_path_buf(), error },
        None => Problem::usage(format!("{}: {message}", crate::text::display_name(root))),
    }
}

/// Whether a parsed file names a schema other than the dataset's in `$schema` (a release's
/// data package, a `package.json` with one): such a file, found in a folder, is not data.
/// A file that names none, or names `dataset.schema.json` by any path or IRI, is data.
pub fn names_another_schema(value: &Value) -> bool {
    match value.get("$schema") {
        Some(Value::String(schema)) => schema.rsplit('/').next().is_none_or(|last| last != SCHEMA_FILE),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_file_is_data_unless_it_names_another_schema() {
        assert!(!names_another_schema(&json!({"events": []})));
        assert!(!names_another_schema(&json!({"$schema": "../schema/dataset.schema.json"})));
        assert!(!names_another_schema(&json!({"$schema": "https://w3id.org/anpo/schema/1/dataset.schema.json"})));
        assert!(!names_another_schema(&json!({"$schema": 3})), "a wrong type is the schema's to report");
        assert!(names_another_schema(&json!({"$schema": "https://datapackage.org/profiles/2.0/datapackage.json"})));
        assert!(names_another_schema(&json!({"$schema": "https://json.schemastore.org/package.json"})));
    }
}
