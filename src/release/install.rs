//! Putting an assembled release in place, all or nothing.
//!
//! 1. Refuse early: an existing target without `--force`; with `--force`, anything at the
//!    target that is not a release (a folder holding `manifest.json`) or an empty folder.
//! 2. Write every file into a hidden temporary folder beside the target
//!    (`.anpo-release-XXXXXX` in the same parent, so the move is a rename on one file
//!    system), on every core; then flush each file and folder to disk; the archive
//!    likewise into a hidden temporary file.
//! 3. Move the folder into place in one rename. With `--force`, the old release is first
//!    renamed aside (`.anpo-release-old-XXXXXX/`), the new one renamed in, and the old one
//!    deleted last. Then the archive is renamed into place; should that fail, the folder
//!    swap is undone.
//!
//! Any error on the way drops the temporary folder and file, which deletes them: the
//! target is as it was. A process killed outright (Ctrl-C, SIGKILL, a power cut) runs no
//! clean-up, so a hidden `.anpo-release-*` may stay in the parent folder; the target itself
//! is never half written, and the leftover is safe to delete.
//!
//! Between the check for an existing target and the rename, another process could create
//! one; on Linux the rename then fails unless what it created is an empty folder, which it
//! replaces.

use super::ReleaseFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Where a release went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    pub folder: PathBuf,
    pub archive: Option<PathBuf>,
    /// Whether an earlier release was replaced.
    pub replaced: bool,
}

/// Why a release was not put in place. Nothing was changed at the target.
#[derive(Debug)]
pub enum InstallError {
    /// The target (folder or archive) exists, and `--force` was not given.
    Exists(PathBuf),
    /// `--force` was given, but the target is not a release, so it is not deleted.
    NotARelease(PathBuf),
    /// The target path names no folder (`.`, `..`, `/`).
    NoName(PathBuf),
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl std::fmt::Display for InstallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InstallError::Exists(path) => {
                write!(f, "{}: already exists; pass --force to replace it", path.display())
            }
            InstallError::NotARelease(path) => write!(
                f,
                "{}: is not a release (no manifest.json) and not empty; --force replaces only a release, \
                 so it is left alone",
                path.display()
            ),
            InstallError::NoName(path) => write!(f, "{}: a release folder needs a name", path.display()),
            InstallError::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for InstallError {}

impl From<InstallError> for crate::error::Problem {
    fn from(error: InstallError) -> Self {
        match error {
            InstallError::Io { path, error } => crate::error::Problem::Io { path, error },
            other => crate::error::Problem::usage(other.to_string()),
        }
    }
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> InstallError + '_ {
    move |error| InstallError::Io { path: path.to_path_buf(), error }
}

/// Write a file: the writer [`Staging`] is given outside tests. [`Staging::finish`]
/// flushes every file to disk once all are written (one flush per file as it is written
/// would wait for the disk thousands of times over; flushed together, the writes are
/// already under way).
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)
}

/// How a [`Staging`] writes a file's bytes: called from several threads at once.
pub type Writer<'a> = &'a (dyn Fn(&Path, &[u8]) -> io::Result<()> + Sync);

/// Makes the archive's bytes from the finished folder (given its path), just before the
/// release is put in place.
pub type ArchiveMaker<'a> = &'a dyn Fn(&Path) -> io::Result<Vec<u8>>;

/// A release being written: a hidden folder beside the target that [`Staging::put`] fills,
/// from any thread, as the files are made, and that [`Staging::finish`] puts in place.
/// Dropped unfinished (an error on the way), it is deleted with all it holds.
pub struct Staging<'w> {
    out: PathBuf,
    parent: PathBuf,
    name: std::ffi::OsString,
    force: bool,
    /// Whether an earlier release is at the target (and will be replaced).
    existing: bool,
    archive_path: Option<PathBuf>,
    folder: tempfile::TempDir,
    write: Writer<'w>,
    /// The folders made so far (relative, `/`-separated), and the files written.
    made: Mutex<(BTreeSet<String>, Vec<PathBuf>)>,
}

impl<'w> Staging<'w> {
    /// Refuse early (see the module documentation) and make the hidden folder. With
    /// `archive`, `out.tar.gz` is made too, so it may not exist either (without `force`).
    pub fn begin(out: &Path, force: bool, archive: bool, write: Writer<'w>) -> Result<Staging<'w>, InstallError> {
        let name = match out.components().next_back() {
            Some(Component::Normal(name)) => name.to_os_string(),
            _ => return Err(InstallError::NoName(out.to_path_buf())),
        };
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut archive_name = name.clone();
        archive_name.push(".tar.gz");
        // Beside the folder; named as the folder is (`1.0.0.tar.gz`, not `./1.0.0.tar.gz`).
        let archive_path = archive.then(|| out.with_file_name(&archive_name));

        let existing = check_target(out, force)?;
        if let Some(path) = &archive_path
            && fs::symlink_metadata(path).is_ok()
            && !force
        {
            return Err(InstallError::Exists(path.clone()));
        }
        fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        let folder = tempfile::Builder::new().prefix(".anpo-release-").tempdir_in(&parent).map_err(io_at(&parent))?;
        readable_folder(folder.path()).map_err(io_at(out))?;
        Ok(Staging {
            out: out.to_path_buf(),
            parent,
            name,
            force,
            existing,
            archive_path,
            folder,
            write,
            made: Mutex::new((BTreeSet::new(), Vec::new())),
        })
    }

    /// Write one file of the release (its path already checked: relative, `/`-separated,
    /// no `.` or `..`), making its folders as needed.
    pub fn put(&self, file: &ReleaseFile) -> Result<(), InstallError> {
        let relative: PathBuf = file.path.split('/').collect();
        let shown = self.out.join(&relative);
        let path = self.folder.path().join(&relative);
        if let Some((folder, _)) = file.path.rsplit_once('/') {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.0.contains(folder) {
                fs::create_dir_all(path.parent().unwrap_or(self.folder.path())).map_err(io_at(&shown))?;
                let mut folder = folder;
                // Record it and every folder above it, for the flush in `finish`.
                loop {
                    made.0.insert(folder.to_string());
                    match folder.rsplit_once('/') {
                        Some((above, _)) => folder = above,
                        None => break,
                    }
                }
            }
        }
        (self.write)(&path, &file.bytes).map_err(io_at(&shown))?;
        self.made.lock().unwrap_or_else(|e| e.into_inner()).1.push(path);
        Ok(())
    }

    /// Flush every file and folder to disk, make the archive (when `begin` was told to)
    /// with `archive` from the finished folder, and put both in place: the folder in one
    /// rename, replacing an earlier release, then the archive.
    pub fn finish(self, archive: Option<ArchiveMaker>) -> Result<Installed, InstallError> {
        let Staging { out, parent, name, force, existing, archive_path, folder, write, made } = self;
        let out = out.as_path();
        let (folders, files) = made.into_inner().unwrap_or_else(|e| e.into_inner());
        files.par_iter().try_for_each(|path| fs::File::open(path).and_then(|f| f.sync_all()).map_err(io_at(path)))?;
        for relative in folders.iter().rev() {
            sync_folder(&folder.path().join(relative.split('/').collect::<PathBuf>()));
        }
        sync_folder(folder.path());

        let archive_file = match (archive, &archive_path) {
            (Some(make), Some(path)) => {
                let bytes = make(folder.path()).map_err(io_at(path))?;
                let temp = tempfile::Builder::new()
                    .prefix(".anpo-release-")
                    .suffix(".tar.gz")
                    .tempfile_in(&parent)
                    .map_err(io_at(&parent))?;
                write(temp.path(), &bytes).and_then(|()| temp.as_file().sync_all()).map_err(io_at(path))?;
                readable_file(temp.path()).map_err(io_at(path))?;
                Some(temp)
            }
            _ => None,
        };

        // Move the new release in; the old one, if any, waits aside until the end.
        let aside = if existing {
            let aside =
                tempfile::Builder::new().prefix(".anpo-release-old-").tempdir_in(&parent).map_err(io_at(&parent))?;
            let old = aside.path().join(&name);
            fs::rename(out, &old).map_err(io_at(out))?;
            if let Err(error) = fs::rename(folder.path(), out) {
                let _ = fs::rename(&old, out);
                return Err(InstallError::Io { path: out.to_path_buf(), error });
            }
            Some((aside, old))
        } else {
            check_target(out, false)?;
            fs::rename(folder.path(), out).map_err(io_at(out))?;
            None
        };
        // The folder is in place: its temporary name no longer exists, so nothing to remove.
        let _ = folder.keep();

        if let (Some(temp), Some(path)) = (archive_file, &archive_path) {
            let placed = if force { temp.persist(path) } else { temp.persist_noclobber(path) };
            if let Err(error) = placed {
                undo(out, &parent, &name, aside.as_ref().map(|(_, old)| old.as_path()));
                let error = if error.error.kind() == io::ErrorKind::AlreadyExists {
                    InstallError::Exists(path.clone())
                } else {
                    InstallError::Io { path: path.clone(), error: error.error }
                };
                return Err(error);
            }
        }
        sync_folder(&parent);
        // Dropping the aside folder deletes the old release.
        drop(aside);
        Ok(Installed { folder: out.to_path_buf(), archive: archive_path, replaced: existing })
    }
}

/// Put `files` in place as the folder `out` and, when given, `archive` as `out.tar.gz`
/// beside it: [`Staging`] for files already in memory. Every file's bytes go through
/// `write(path, bytes)` (normally [`write_file`]; a test may inject a failure).
pub fn install(
    out: &Path,
    files: &[ReleaseFile],
    archive: Option<&[u8]>,
    force: bool,
    write: Writer,
) -> Result<Installed, InstallError> {
    let staging = Staging::begin(out, force, archive.is_some(), write)?;
    files.par_iter().try_for_each(|file| staging.put(file))?;
    let make = |_: &Path| Ok(archive.unwrap_or_default().to_vec());
    staging.finish(archive.is_some().then_some(&make as ArchiveMaker))
}

/// Whether `out` exists and may be replaced; an error if it exists and may not.
fn check_target(out: &Path, force: bool) -> Result<bool, InstallError> {
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(false);
    };
    if !force {
        return Err(InstallError::Exists(out.to_path_buf()));
    }
    let release = meta.is_dir()
        && (out.join(super::MANIFEST_FILE).is_file() || fs::read_dir(out).is_ok_and(|mut d| d.next().is_none()));
    if release { Ok(true) } else { Err(InstallError::NotARelease(out.to_path_buf())) }
}

/// Put back the folder swap after a failure: the new release leaves, the old one returns.
fn undo(out: &Path, parent: &Path, name: &std::ffi::OsStr, old: Option<&Path>) {
    if let Ok(trash) = tempfile::Builder::new().prefix(".anpo-release-").tempdir_in(parent) {
        let _ = fs::rename(out, trash.path().join(name));
    }
    if let Some(old) = old {
        let _ = fs::rename(old, out);
    }
}

/// Temporary folders and files are private (0700, 0600); a release is for everyone.
#[cfg(unix)]
fn readable_folder(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
}

#[cfg(unix)]
fn readable_file(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_folder(_: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn readable_file(_: &Path) -> io::Result<()> {
    Ok(())
}

/// Make the renames durable where the platform allows (best effort).
fn sync_folder(path: &Path) {
    if let Ok(folder) = fs::File::open(path) {
        let _ = folder.sync_all();
    }
}
