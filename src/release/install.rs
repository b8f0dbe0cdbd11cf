//! Putting an assembled release (or an export folder) in place, all or nothing, and
//! replacing only what anpo wrote.
//!
//! # What is anpo's
//!
//! A release is a folder whose `manifest.json` parses as an anpo manifest: `tool` is
//! `anpo` and `format` is [`RELEASE_FORMAT`] (a file merely named `manifest.json`, as a web
//! app or a browser extension has, is not enough). An export folder holds the marker file
//! [`EXPORT_MARKER`] (see [`export_marker`]). `--force` replaces such a folder, or an empty
//! one; anything else at the target is refused (exit 2) and left as it was.
//!
//! # Steps
//!
//! 1. Clean up what killed runs left beside the target ([`clean_leftovers`]), then refuse
//!    early: an existing target without `--force`, or one that is not anpo's.
//! 2. Make a hidden work folder beside the target (`.anpo-release-XXXXXX`, in the same
//!    parent, so every move is a rename on one file system) holding the marker file
//!    [`STAGING_MARKER`], locked for as long as the run lasts, and the new release in
//!    `new/`. Every file is written there, on every core; then every file and folder is
//!    flushed to disk. With `--archive`, the archive is made from the finished folder and
//!    written *inside* it (`new/NAME.tar.gz`), so that folder and archive are one thing,
//!    moved by one rename: no reader, and no kill, can ever see them from two runs.
//! 3. Put `new/` in place in one atomic step. A new target: `renameat2(RENAME_NOREPLACE)`
//!    on Linux (a target created meanwhile is not overwritten). A replacement:
//!    `renameat2(RENAME_EXCHANGE)` swaps the old and the new release at once, so the target
//!    always holds a whole release; the old one, now in the work folder, is deleted last.
//! 4. Delete the work folder: the old release first, then the marker, then the folder.
//!
//! Any error on the way deletes the work folder: the target is as it was.
//!
//! # Where `RENAME_EXCHANGE` is missing
//!
//! Other systems, and Linux file systems that refuse the flag (some network and FUSE file
//! systems answer `EINVAL`), fall back to two renames: the old release into the work
//! folder (`replaced/NAME`), then the new one into place (moved back should that fail). A
//! kill between the two leaves the target missing and the old release parked; the next run
//! in the same folder ([`clean_leftovers`]) puts it back before anything else. Without
//! `RENAME_NOREPLACE`, a target made by another process between the check and the rename
//! is overwritten only if it is an empty folder.
//!
//! # Leftovers of killed runs
//!
//! A process killed outright (Ctrl-C, SIGKILL, a power cut) runs no clean-up, so a work
//! folder may stay behind. Every `release` (and `export`) run removes, in the folder it
//! writes into and before anything else, each leftover that both anpo's naming pattern
//! (the prefix and six random letters or digits) and its marker identify, and that no live
//! run holds locked; an empty folder so named is removed too (a kill just after it was
//! made). Anything else is never touched, however it is named.

use super::ReleaseFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The `format` of an anpo release's `manifest.json`.
pub const RELEASE_FORMAT: &str = "anpo-release/1";
/// The marker file an export folder carries (see [`export_marker`]).
pub const EXPORT_MARKER: &str = ".anpo-export";
/// The `format` in an export folder's marker.
pub const EXPORT_FORMAT: &str = "anpo-export/1";
/// The marker file of a work folder, and its exact content.
pub const STAGING_MARKER: &str = ".anpo-staging";
const STAGING_TEXT: &str =
    "anpo: a release or export being put in place; removed by the next run when none is running\n";
/// The prefix of a release's work folder (beside the release).
pub const RELEASE_PREFIX: &str = ".anpo-release-";
/// The prefix of an export's work folder (inside the `--out` folder).
pub const EXPORT_PREFIX: &str = ".anpo-export-";
/// The largest `manifest.json` read to recognise a release.
const MANIFEST_LIMIT: u64 = 256 << 20;

/// Where a release went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    pub folder: PathBuf,
    /// The archive, inside the folder.
    pub archive: Option<PathBuf>,
    /// Whether an earlier release was replaced.
    pub replaced: bool,
}

/// Why a release was not put in place. Nothing was changed at the target.
#[derive(Debug)]
pub enum InstallError {
    /// The target is not anpo's to replace, or names no folder.
    Refused(Refused),
    /// A simulated kill (see [`Simulate`]): the process would have died here.
    Killed(Step),
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

/// A target `release` or `export` will not replace: the user's to resolve (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The target exists, and `--force` was not given.
    #[error("{}: already exists; pass --force to replace it", crate::text::display_name(.0))]
    Exists(PathBuf),
    /// `--force` was given, but the target is not a release, so it is not deleted.
    #[error(
        "{}: is not a release (no manifest.json naming anpo and the format {RELEASE_FORMAT}) and not empty; \
         --force replaces only a release anpo made, so it is left alone",
        crate::text::display_name(.0)
    )]
    NotARelease(PathBuf),
    /// `--force` was given, but the target is not an export folder anpo wrote.
    #[error(
        "{}: is not an export folder anpo wrote (no {EXPORT_MARKER} marker) and not empty; --force replaces \
         only anpo's own, so it is left alone",
        crate::text::display_name(.0)
    )]
    NotAnExport(PathBuf),
    /// The target path names no folder (`.`, `..`, `/`).
    #[error("{}: a release folder needs a name", crate::text::display_name(.0))]
    NoName(PathBuf),
}

impl std::fmt::Display for InstallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InstallError::Refused(refused) => refused.fmt(f),
            InstallError::Killed(step) => write!(f, "simulated kill before {step:?}"),
            InstallError::Io { path, error } => write!(f, "{}: {error}", crate::text::display_name(path)),
        }
    }
}

impl std::error::Error for InstallError {}

impl From<Refused> for InstallError {
    fn from(refused: Refused) -> Self {
        InstallError::Refused(refused)
    }
}

impl From<InstallError> for crate::error::Problem {
    fn from(error: InstallError) -> Self {
        match error {
            InstallError::Io { path, error } => crate::error::Problem::Io { path, error },
            InstallError::Killed(step) => crate::error::Problem::Internal(format!("simulated kill before {step:?}")),
            InstallError::Refused(refused) => crate::error::Problem::Install(refused),
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

/// The points between the steps of putting a folder in place, where a test may simulate a
/// kill (see [`Simulate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Every file written and flushed (the archive too); nothing moved yet.
    Staged,
    /// Fallback only: the old folder moved into the work folder, the new one not yet in.
    Parked,
    /// The new folder in place; the old one not yet deleted.
    Swapped,
    /// The old folder deleted; the work folder and its marker not yet.
    Discarding,
}

/// For tests: simulate a process killed just before a step (no clean-up runs: the work
/// folder stays, its lock is released as the kernel releases a dead process's), and force
/// the fallback for file systems without `RENAME_EXCHANGE`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Simulate {
    pub kill_before: Option<Step>,
    pub no_exchange: bool,
}

/// A hidden work folder `{prefix}XXXXXX` in `parent`, marked and locked, in which a new
/// folder is made (`new/`) and then put in place at a target in the same parent.
/// Dropped unfinished (an error on the way), it is deleted with all it holds.
pub struct WorkFolder {
    folder: Option<tempfile::TempDir>,
    lock: Option<fs::File>,
    new: PathBuf,
    simulate: Simulate,
}

impl WorkFolder {
    /// Make the work folder in `parent` (which exists), its marker (locked) and `new/`.
    pub fn new(parent: &Path, prefix: &str, simulate: Simulate) -> io::Result<WorkFolder> {
        let folder = tempfile::Builder::new().prefix(prefix).tempdir_in(parent)?;
        let marker = folder.path().join(STAGING_MARKER);
        let mut lock = fs::OpenOptions::new().write(true).create_new(true).open(&marker)?;
        lock.write_all(STAGING_TEXT.as_bytes())?;
        // A file system without locks still gets its work done; a concurrent clean-up
        // then leaves this folder alone only if it cannot lock it either.
        let _ = lock.try_lock();
        let new = folder.path().join("new");
        fs::create_dir(&new)?;
        readable_folder(&new)?;
        Ok(WorkFolder { folder: Some(folder), lock: Some(lock), new, simulate })
    }

    /// The folder being made.
    pub fn new_folder(&self) -> &Path {
        &self.new
    }

    fn path(&self) -> &Path {
        self.folder.as_ref().map_or(Path::new(""), |f| f.path())
    }

    /// A simulated kill: keep the folder as it is, release the lock, stop.
    fn checkpoint(&mut self, step: Step) -> Result<(), InstallError> {
        if self.simulate.kill_before == Some(step) {
            drop(self.lock.take());
            if let Some(folder) = self.folder.take() {
                let _ = folder.keep();
            }
            return Err(InstallError::Killed(step));
        }
        Ok(())
    }

    /// Put `new/` in place at `target` (in the same parent): replacing what is there when
    /// `replace` (the caller has checked it is anpo's), else only where nothing is. Then
    /// delete the work folder, the replaced folder first.
    pub fn put_in_place(mut self, target: &Path, replace: bool) -> Result<(), InstallError> {
        self.checkpoint(Step::Staged)?;
        let new = self.new.clone();
        if replace {
            match exchange(&new, target, self.simulate.no_exchange) {
                Ok(()) => {}
                Err(error) if exchange_unsupported(&error) => self.replace_in_two_renames(target)?,
                Err(error) => return Err(InstallError::Io { path: target.to_path_buf(), error }),
            }
        } else {
            match rename_noreplace(&new, target) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    return Err(InstallError::Refused(Refused::Exists(target.to_path_buf())));
                }
                Err(error) => return Err(InstallError::Io { path: target.to_path_buf(), error }),
            }
        }
        sync_folder(target.parent().unwrap_or(Path::new(".")));
        self.checkpoint(Step::Swapped)?;
        // What `new/` and `replaced/` hold now is the old folder, or nothing.
        let _ = fs::remove_dir_all(&new);
        let _ = fs::remove_dir_all(self.path().join("replaced"));
        self.checkpoint(Step::Discarding)?;
        drop(self.lock.take());
        // Dropping the folder deletes the marker and the folder itself.
        drop(self.folder.take());
        Ok(())
    }

    /// The fallback: the old folder into `replaced/NAME`, the new one into place.
    fn replace_in_two_renames(&mut self, target: &Path) -> Result<(), InstallError> {
        let name = target.file_name().ok_or_else(|| InstallError::Refused(Refused::NoName(target.to_path_buf())))?;
        let replaced = self.path().join("replaced");
        fs::create_dir(&replaced).map_err(io_at(target))?;
        let parked = replaced.join(name);
        fs::rename(target, &parked).map_err(io_at(target))?;
        self.checkpoint(Step::Parked)?;
        if let Err(error) = fs::rename(&self.new, target) {
            if fs::rename(&parked, target).is_err() {
                // The old release must not be deleted with the work folder: keep it there
                // (marked), for the next run to put back.
                drop(self.lock.take());
                if let Some(folder) = self.folder.take() {
                    let _ = folder.keep();
                }
            }
            return Err(InstallError::Io { path: target.to_path_buf(), error });
        }
        Ok(())
    }
}

impl Drop for WorkFolder {
    fn drop(&mut self) {
        // Unlock before the folder (and its marker) is deleted.
        drop(self.lock.take());
    }
}

/// Swap `new` and `target` in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(new: &Path, target: &Path, refuse: bool) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    if refuse {
        return Err(io::Error::from(rustix::io::Errno::INVAL));
    }
    renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path, _: bool) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether the system or file system lacks `RENAME_EXCHANGE` (so the fallback is used).
fn exchange_unsupported(error: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        use rustix::io::Errno;
        let errno = error.raw_os_error().map(Errno::from_raw_os_error);
        if matches!(errno, Some(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP)) {
            return true;
        }
    }
    error.kind() == io::ErrorKind::Unsupported
}

/// Rename `new` to `target` unless something is there (Linux `RENAME_NOREPLACE`; elsewhere
/// a check, then a rename).
fn rename_noreplace(new: &Path, target: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, target, RenameFlags::NOREPLACE).map_err(io::Error::from) {
            Err(error) if exchange_unsupported(&error) => {}
            other => return other,
        }
    }
    if fs::symlink_metadata(target).is_ok() {
        return Err(io::Error::from(io::ErrorKind::AlreadyExists));
    }
    fs::rename(new, target)
}

/// Remove what killed runs left in `parent`: every folder named `{prefix}` and six
/// letters or digits that holds anpo's work-folder marker and is not locked by a live run
/// (or is empty). A replaced folder parked there by the fallback goes back to its place if
/// that is still empty. Best effort: what cannot be removed stays for the next run.
pub fn clean_leftovers(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else { continue };
        if rest.len() != 6 || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let folder = entry.path();
        if !fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        if fs::remove_dir(&folder).is_ok() {
            continue; // empty: a run killed just after making it
        }
        let Some(lock) = open_marker(&folder) else { continue };
        if lock.try_lock().is_err() {
            continue; // a live run's, or a file system without locks: left alone
        }
        restore_parked(parent, &folder);
        // Everything but the marker first, so that a kill meanwhile leaves it marked.
        if !remove_all_but_marker(&folder) {
            continue;
        }
        drop(lock);
        let _ = fs::remove_file(folder.join(STAGING_MARKER));
        let _ = fs::remove_dir(&folder);
    }
}

/// Remove what `folder` holds but its marker; whether all of it went.
fn remove_all_but_marker(folder: &Path) -> bool {
    let Ok(entries) = fs::read_dir(folder) else { return false };
    let mut all = true;
    for entry in entries.flatten() {
        if entry.file_name() == STAGING_MARKER {
            continue;
        }
        let path = entry.path();
        let removed = match entry.file_type() {
            Ok(kind) if kind.is_dir() => fs::remove_dir_all(&path),
            _ => fs::remove_file(&path),
        };
        all &= removed.is_ok();
    }
    all
}

/// The work folder's marker, opened, if it is a regular file with exactly the marker text.
fn open_marker(folder: &Path) -> Option<fs::File> {
    let path = folder.join(STAGING_MARKER);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let file = fs::OpenOptions::new().read(true).write(true).open(&path).ok()?;
    let mut text = String::new();
    (&file).take(STAGING_TEXT.len() as u64 + 1).read_to_string(&mut text).ok()?;
    (text == STAGING_TEXT).then_some(file)
}

/// The fallback's kill between its two renames left `replaced/NAME` and no `NAME`: move it
/// back.
fn restore_parked(parent: &Path, folder: &Path) {
    let Ok(mut parked) = fs::read_dir(folder.join("replaced")) else { return };
    let (Some(Ok(only)), None) = (parked.next(), parked.next()) else { return };
    let target = parent.join(only.file_name());
    if fs::symlink_metadata(&target).is_err() {
        let _ = fs::rename(only.path(), &target);
    }
}

/// A release's `manifest.json`, as far as recognising one needs.
#[derive(serde::Deserialize)]
struct Mark {
    tool: String,
    format: String,
}

/// Whether `folder` is a release anpo made: a folder (not a link) whose `manifest.json`
/// is a regular file that parses as an anpo manifest of [`RELEASE_FORMAT`].
pub fn is_release(folder: &Path) -> bool {
    let Some(bytes) = read_regular(&folder.join(super::MANIFEST_FILE), MANIFEST_LIMIT) else { return false };
    fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir())
        && serde_json::from_slice::<Mark>(&bytes).is_ok_and(|m| m.tool == "anpo" && m.format == RELEASE_FORMAT)
}

/// The marker an export folder carries as [`EXPORT_MARKER`]: one line of JSON naming the
/// tool, the format of the marker and the export (`csv`, `akn`, `jsonld`).
pub fn export_marker(export: &str) -> String {
    let marker = serde_json::json!({ "tool": "anpo", "format": EXPORT_FORMAT, "export": export });
    format!("{marker}\n")
}

/// Whether `folder` is the export `export` anpo wrote: a folder (not a link) whose
/// [`EXPORT_MARKER`] is a regular file that parses as its marker.
pub fn is_export(folder: &Path, export: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct ExportMark {
        tool: String,
        format: String,
        export: String,
    }
    let Some(bytes) = read_regular(&folder.join(EXPORT_MARKER), 4096) else { return false };
    fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir())
        && serde_json::from_slice::<ExportMark>(&bytes)
            .is_ok_and(|m| m.tool == "anpo" && m.format == EXPORT_FORMAT && m.export == export)
}

/// The bytes of `path` if it is a regular file (a link is not followed) of at most
/// `limit` bytes.
fn read_regular(path: &Path, limit: u64) -> Option<Vec<u8>> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > limit {
        return None;
    }
    let mut bytes = Vec::new();
    fs::File::open(path).ok()?.take(limit + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= limit).then_some(bytes)
}

fn is_empty_folder(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) && fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

/// Whether `target` exists and may be replaced; an error if it exists and may not:
/// without `force`, or when `ours` (or being empty) does not prove it is anpo's.
pub fn check_replaceable(
    target: &Path,
    force: bool,
    ours: impl Fn(&Path) -> bool,
    not_ours: impl Fn(PathBuf) -> Refused,
) -> Result<bool, InstallError> {
    match fs::symlink_metadata(target) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(InstallError::Io { path: target.to_path_buf(), error }),
        Ok(_) if !force => Err(InstallError::Refused(Refused::Exists(target.to_path_buf()))),
        Ok(_) if ours(target) || is_empty_folder(target) => Ok(true),
        Ok(_) => Err(not_ours(target.to_path_buf()).into()),
    }
}

/// A release being written: a work folder beside the target that [`Staging::put`] fills,
/// from any thread, as the files are made, and that [`Staging::finish`] puts in place.
/// Dropped unfinished (an error on the way), it is deleted with all it holds.
pub struct Staging<'w> {
    out: PathBuf,
    /// The archive's name inside the release (`NAME.tar.gz`), when one is made.
    archive_name: Option<OsString>,
    /// Whether an earlier release is at the target (and will be replaced).
    existing: bool,
    work: WorkFolder,
    write: Writer<'w>,
    /// The folders made so far (relative, `/`-separated), and the files written.
    made: Mutex<(BTreeSet<String>, Vec<PathBuf>)>,
}

impl<'w> Staging<'w> {
    /// Clean up leftovers, refuse early (see the module documentation) and make the work
    /// folder. With `archive`, the release will hold `NAME.tar.gz`.
    pub fn begin(out: &Path, force: bool, archive: bool, write: Writer<'w>) -> Result<Staging<'w>, InstallError> {
        Staging::begin_simulating(out, force, archive, write, Simulate::default())
    }

    /// [`Staging::begin`], with a simulated kill or fallback (for tests).
    pub fn begin_simulating(
        out: &Path,
        force: bool,
        archive: bool,
        write: Writer<'w>,
        simulate: Simulate,
    ) -> Result<Staging<'w>, InstallError> {
        let name = match out.components().next_back() {
            Some(Component::Normal(name)) => name.to_os_string(),
            _ => return Err(InstallError::Refused(Refused::NoName(out.to_path_buf()))),
        };
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let archive_name = archive.then(|| {
            let mut archive_name = name.clone();
            archive_name.push(".tar.gz");
            archive_name
        });
        clean_leftovers(&parent, RELEASE_PREFIX);
        let existing = check_replaceable(out, force, is_release, Refused::NotARelease)?;
        fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        let work = WorkFolder::new(&parent, RELEASE_PREFIX, simulate).map_err(io_at(&parent))?;
        Ok(Staging {
            out: out.to_path_buf(),
            archive_name,
            existing,
            work,
            write,
            made: Mutex::new((BTreeSet::new(), Vec::new())),
        })
    }

    /// Write one file of the release (its path already checked: relative, `/`-separated,
    /// no `.` or `..`), making its folders as needed.
    pub fn put(&self, file: &ReleaseFile) -> Result<(), InstallError> {
        let relative: PathBuf = file.path.split('/').collect();
        let shown = self.out.join(&relative);
        let root = self.work.new_folder();
        let path = root.join(&relative);
        if let Some((folder, _)) = file.path.rsplit_once('/') {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.0.contains(folder) {
                fs::create_dir_all(path.parent().unwrap_or(root)).map_err(io_at(&shown))?;
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
    /// with `archive` from the finished folder and write it into the folder, and put the
    /// folder in place in one atomic step, replacing an earlier release.
    pub fn finish(self, archive: Option<ArchiveMaker>) -> Result<Installed, InstallError> {
        let Staging { out, archive_name, existing, work, write, made } = self;
        let out = out.as_path();
        let root = work.new_folder().to_path_buf();
        let (folders, files) = made.into_inner().unwrap_or_else(|e| e.into_inner());
        flush(&root, &files)?;

        let archive_path = archive_name.as_ref().map(|name| out.join(name));
        if let (Some(make), Some(name), Some(shown)) = (archive, &archive_name, &archive_path) {
            let bytes = make(&root).map_err(io_at(shown))?;
            let path = root.join(name);
            write(&path, &bytes).and_then(|()| fs::File::open(&path)?.sync_all()).map_err(io_at(shown))?;
        }
        if !cfg!(target_os = "linux") {
            for relative in folders.iter().rev() {
                sync_folder(&root.join(relative.split('/').collect::<PathBuf>()));
            }
            sync_folder(&root);
        }

        // Checked again just before: what is there now must still be anpo's.
        if existing && !is_release(out) && !is_empty_folder(out) {
            return Err(InstallError::Refused(Refused::NotARelease(out.to_path_buf())));
        }
        work.put_in_place(out, existing)?;
        Ok(Installed { folder: out.to_path_buf(), archive: archive_path, replaced: existing })
    }
}

/// Flush every file written into `root`, and the folders that hold them, to disk. On Linux
/// one `syncfs` on the file system that holds the folder does it (and reports a write that
/// failed since it was opened, Linux 5.8 on): a release's site has one file per record, and
/// a million `fsync`s, each waiting for its own journal commit, took longer than making the
/// files. Elsewhere, each file (and, in `finish`, each folder) is synced on its own.
pub fn flush(root: &Path, files: &[PathBuf]) -> Result<(), InstallError> {
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        let folder = fs::File::open(root).map_err(io_at(root))?;
        rustix::fs::syncfs(&folder).map_err(|e| InstallError::Io { path: root.to_path_buf(), error: e.into() })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = root;
        files.par_iter().try_for_each(|path| fs::File::open(path).and_then(|f| f.sync_all()).map_err(io_at(path)))
    }
}

/// Put `files` in place as the folder `out`, with `archive` inside it as `NAME.tar.gz`
/// when given: [`Staging`] for files already in memory. Every file's bytes go through
/// `write(path, bytes)` (normally [`write_file`]; a test may inject a failure).
pub fn install(
    out: &Path,
    files: &[ReleaseFile],
    archive: Option<&[u8]>,
    force: bool,
    write: Writer,
) -> Result<Installed, InstallError> {
    install_simulating(out, files, archive, force, write, Simulate::default())
}

/// [`install`], with a simulated kill or fallback (for tests).
pub fn install_simulating(
    out: &Path,
    files: &[ReleaseFile],
    archive: Option<&[u8]>,
    force: bool,
    write: Writer,
    simulate: Simulate,
) -> Result<Installed, InstallError> {
    let staging = Staging::begin_simulating(out, force, archive.is_some(), write, simulate)?;
    files.par_iter().try_for_each(|file| staging.put(file))?;
    let make = |_: &Path| Ok(archive.unwrap_or_default().to_vec());
    staging.finish(archive.is_some().then_some(&make as ArchiveMaker))
}

/// Temporary folders are private (0700); a release is for everyone.
#[cfg(unix)]
fn readable_folder(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn readable_folder(_: &Path) -> io::Result<()> {
    Ok(())
}

/// Make the renames durable where the platform allows (best effort).
fn sync_folder(path: &Path) {
    if let Ok(folder) = fs::File::open(path) {
        let _ = folder.sync_all();
    }
}
