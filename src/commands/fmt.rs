//! `anpo fmt [--check] [PATH...]`: rewrite data files in the canonical form of
//! [`crate::format`].
//!
//! - Without `--check`, each file whose bytes differ from its canonical form is replaced
//!   atomically (a temporary file in the same directory, written, given the original's
//!   owner, group and mode, synced, renamed over the original; a symbolic link is written
//!   through). Files already canonical are not touched. The rewritten files are listed on
//!   stdout, one path per line.
//! - A file the rename would change in a way the user cannot see is left unchanged, with a
//!   note on stderr, and the run ends with exit 2 once every other file is done: a file
//!   with more than one hard link (the rename would give this name a new file and leave
//!   the other names on the old one), and a file whose owner and group cannot be given to
//!   the new file (not running as root or as its owner). Rewriting in place instead would
//!   not be atomic: a crash could leave the file half written under every name.
//! - With `--check`, nothing is written: the files that differ are listed on stdout, one
//!   path per line, and a one-line hint goes to stderr.
//! - A file that is not valid JSON (invalid UTF-8, byte-order mark, syntax error, root not
//!   an object, duplicate key) is left untouched; its diagnostics are printed on stdout by
//!   the human renderer, after the list.
//!
//! Exit code: 0 every file is (now) canonical; 1 a file is invalid, or with `--check` a
//! file differs; 2 a path that cannot be read or written, or a file left unchanged for
//! one of the reasons above.

use super::{Outcome, stdout_problem};
use crate::check::Problem;
use crate::cli::FmtArgs;
use crate::diagnostic::Diagnostic;
use crate::source::{Files, SourceFile};
use crate::{format, locate, render};
use std::io::Write;
use std::path::Path;

pub fn run(args: &FmtArgs) -> Result<Outcome, Problem> {
    // Every path is resolved before any file is touched: a missing one changes nothing.
    // The same walk as `validate` (crate::walk): one read per file, links leaving the
    // folder and files that are not regular never read, a release through its data/.
    let walked = crate::walk::walk(&args.paths)?;
    for note in &walked.notes {
        crate::tell!("anpo fmt: note: {note}");
    }

    let mut out = super::stdout();
    let mut invalid = Files::default();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut differing = 0;
    let mut refused = 0;
    let mut skipped = 0;
    for found in &walked.files {
        let path = &found.path;
        if found.outside {
            refused += 1;
            crate::tell!(
                "anpo fmt: {}: left unchanged: a symbolic link that leads outside the folder given is not read",
                display_name(path)
            );
            continue;
        }
        let bytes = std::fs::read(&found.read).map_err(io(path))?;
        if !found.named
            && serde_json::from_slice::<serde_json::Value>(&bytes)
                .is_ok_and(|value| crate::walk::names_another_schema(&value))
        {
            skipped += 1;
            continue;
        }
        match format::canonical_bytes(invalid.len(), &bytes) {
            Err(parsed) => {
                invalid.add(SourceFile::new(display_name(path), parsed.text));
                diagnostics.extend(parsed.diagnostics);
            }
            Ok(canonical) if canonical.as_bytes() == bytes => {}
            Ok(canonical) => {
                differing += 1;
                if !args.check && found.in_release {
                    refused += 1;
                    crate::tell!(
                        "anpo fmt: {}: left unchanged: it belongs to a release, whose SHA256SUMS would no longer \
                         match; make a new release instead",
                        display_name(path)
                    );
                    continue;
                }
                if !args.check
                    && let Err(reason) = write_atomically(path, canonical.as_bytes())?
                {
                    refused += 1;
                    crate::tell!("anpo fmt: {}: left unchanged: {reason}", display_name(path));
                    continue;
                }
                writeln!(out, "{}", display_name(path)).map_err(stdout_problem)?;
            }
        }
    }

    if !diagnostics.is_empty() {
        locate::resolve(&invalid, &mut diagnostics);
        render::render(
            args.output_format,
            &invalid,
            &diagnostics,
            &mut out,
            super::use_color(crate::cli::ColorChoice::Auto),
        )
        .map_err(stdout_problem)?;
        let n = invalid.len();
        let files = if n == 1 { "1 file is".to_string() } else { format!("{n} files are") };
        writeln!(out, "{files} not valid JSON and left unchanged: fix the errors above").map_err(stdout_problem)?;
    }
    out.flush().map_err(stdout_problem)?;
    if skipped > 0 {
        let files = if skipped == 1 { "1 file".to_string() } else { format!("{skipped} files") };
        crate::tell!("anpo fmt: {files} skipped: they name another schema than the dataset's in `$schema`");
    }
    if args.check && differing > 0 {
        let files = if differing == 1 { "1 file is".to_string() } else { format!("{differing} files are") };
        crate::tell!("anpo fmt: {files} not in canonical form; run `anpo fmt` on the paths listed to rewrite them");
    }

    if refused > 0 {
        let files = if refused == 1 { "1 file was".to_string() } else { format!("{refused} files were") };
        return Err(Problem::usage(format!("{files} left unchanged, for the reasons given above")));
    }
    let failed = !invalid.is_empty() || (args.check && differing > 0);
    Ok(if failed { Outcome::Invalid } else { Outcome::Success })
}

/// Replace `path`'s contents with `bytes` in one rename: a reader sees the old file or
/// the new one, never a mix, and a failure leaves the old file as it was. The new file
/// gets the old one's owner, group and mode. `Ok(Err(reason))` when the file is left
/// unchanged because the rename would break a hard link or lose its owner.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<Result<(), String>, Problem> {
    // Write through a symbolic link, not over it.
    let target = std::fs::canonicalize(path).map_err(io(path))?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let meta = std::fs::metadata(&target).map_err(io(path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Ok(Err(format!(
                "it has {} hard links, and replacing it would leave the others on the old text; \
                 format a copy, or remove the other links first",
                meta.nlink()
            )));
        }
    }
    let mut temp = tempfile::Builder::new().prefix(".anpo-fmt-").suffix(".tmp").tempfile_in(dir).map_err(io(dir))?;
    temp.write_all(bytes).map_err(io(temp.path()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Before the mode: changing the owner may clear the set-user-id bits.
        if let Err(error) = std::os::unix::fs::fchown(temp.as_file(), Some(meta.uid()), Some(meta.gid())) {
            return Ok(Err(format!(
                "the rewritten file could not be given its owner and group ({}:{}): {error}; \
                 run as its owner or as root",
                meta.uid(),
                meta.gid()
            )));
        }
    }
    temp.as_file().set_permissions(meta.permissions()).map_err(io(temp.path()))?;
    temp.as_file().sync_all().map_err(io(temp.path()))?;
    temp.persist(&target).map_err(|e| Problem::Io { path: path.to_path_buf(), error: e.error })?;
    sync_dir(dir);
    Ok(Ok(()))
}

/// Make the rename durable. Best effort: some file systems cannot sync a directory, and
/// the file itself is already complete either way.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Problem + '_ {
    move |error| Problem::Io { path: path.to_path_buf(), error }
}

use crate::text::display_name;
