//! Reading an earlier release (`release --previous DIR`), which is untrusted input.
//!
//! What is read, and what it must be:
//!
//! 1. `manifest.json`: a regular file (a link is not followed) of at most 256 MiB that
//!    parses as a [`Manifest`] naming the tool `anpo` and the format
//!    [`super::RELEASE_FORMAT`]. Its dataset must be the new release's, and its version
//!    lower in SemVer order: both are checked before any other file is read.
//! 2. `SHA256SUMS`: a regular file that lists exactly the manifest's files and the
//!    manifest itself, each with the manifest's hash (and the manifest's own hash).
//! 3. Every file the manifest lists: a regular file inside `DIR` (no link on the way), of
//!    the size and SHA-256 the manifest gives, hashed as it is read (never more than that
//!    size is read). Files the manifest does not list are not read at all: a planted
//!    `data/x.json` or a `CHANGELOG.md` the release never had is not part of it.
//! 4. Its data (the listed `data/*.json`, the bytes just checked) must name the same
//!    dataset and version as its manifest.
//!
//! Anything else is a [`Refusal`], with a message that says which file and why.

use super::{MANIFEST_FILE, Manifest, ManifestFile, SUMS_FILE, sha256_hex};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest `manifest.json` or `SHA256SUMS` read.
const LIST_LIMIT: u64 = 256 << 20;

/// An earlier release, checked: its manifest, its data files (`data/…` path below the
/// release, bytes) and its changelog.
#[derive(Debug)]
pub struct Earlier {
    pub manifest: Manifest,
    pub data: Vec<(String, Vec<u8>)>,
    pub changelog: Option<String>,
}

/// Why an earlier release is not used: a message naming the file and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn refuse<T>(message: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal(message.into()))
}

/// Read and check the earlier release in `dir` (steps 1 to 3 of the module
/// documentation), for a new release of dataset `id` at `version`.
pub fn read_earlier(dir: &Path, id: &str, version: &str) -> Result<Earlier, Refusal> {
    if !fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
        return refuse("not a folder");
    }
    let manifest_bytes = read_listed(dir, MANIFEST_FILE, None, LIST_LIMIT, true)?
        .ok_or_else(|| Refusal("not an anpo release: no manifest.json".into()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .ok()
        .filter(|m: &Manifest| m.tool == "anpo" && m.format == super::RELEASE_FORMAT)
        .ok_or_else(|| {
            Refusal(format!(
                "not an anpo release: its manifest.json does not name the tool `anpo` and the format `{}`",
                super::RELEASE_FORMAT
            ))
        })?;
    check_succession(&manifest, id, version)?;
    check_sums(dir, &manifest, &sha256_hex(&manifest_bytes))?;

    let kept = |path: &str| path == super::CHANGELOG_FILE || (path.starts_with("data/") && path.ends_with(".json"));
    let read: Vec<(String, Option<Vec<u8>>)> = manifest
        .files
        .par_iter()
        .map(|entry| Ok((entry.path.clone(), read_listed(dir, &entry.path, Some(entry), u64::MAX, kept(&entry.path))?)))
        .collect::<Result<_, Refusal>>()?;
    let mut data = Vec::new();
    let mut changelog = None;
    for (path, bytes) in read {
        let Some(bytes) = bytes.filter(|_| kept(&path)) else { continue };
        if path == super::CHANGELOG_FILE {
            changelog = Some(String::from_utf8(bytes).or_else(|_| refuse("CHANGELOG.md: not UTF-8 text"))?);
        } else {
            data.push((path, bytes));
        }
    }
    if data.is_empty() {
        return refuse("its manifest lists no data files (data/*.json)");
    }
    Ok(Earlier { manifest, data, changelog })
}

/// The same dataset, and a lower version in SemVer order.
fn check_succession(manifest: &Manifest, id: &str, version: &str) -> Result<(), Refusal> {
    if manifest.dataset != id {
        return refuse(format!(
            "it is a release of the dataset `{}`, not of `{id}`: a changelog compares releases of one dataset",
            manifest.dataset.escape_debug()
        ));
    }
    let old = semver::Version::parse(&manifest.dataset_version).or_else(|e| {
        refuse(format!("its version `{}` is not a SemVer version: {e}", manifest.dataset_version.escape_debug()))
    })?;
    let new = semver::Version::parse(version)
        .or_else(|e| refuse(format!("the new version `{}` is not a SemVer version: {e}", version.escape_debug())))?;
    if old >= new {
        return refuse(format!(
            "its version {old} is not lower than the new release's {new}: --previous names an earlier release"
        ));
    }
    Ok(())
}

/// `SHA256SUMS` lists exactly the manifest's files and the manifest, with their hashes.
fn check_sums(dir: &Path, manifest: &Manifest, manifest_hash: &str) -> Result<(), Refusal> {
    let bytes =
        read_listed(dir, SUMS_FILE, None, LIST_LIMIT, true)?.ok_or_else(|| Refusal("SHA256SUMS: missing".into()))?;
    let text = std::str::from_utf8(&bytes).or_else(|_| refuse("SHA256SUMS: not UTF-8 text"))?;
    let mut sums = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let parsed = line.split_once("  ").filter(|(hash, path)| {
            hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) && !path.is_empty()
        });
        let Some((hash, path)) = parsed else {
            return refuse(format!("SHA256SUMS: line {} is not `<sha256>  <path>`", n + 1));
        };
        if sums.insert(path, hash).is_some() {
            return refuse(format!("SHA256SUMS: lists `{}` twice", path.escape_debug()));
        }
    }
    let mut expected: BTreeMap<&str, &str> =
        manifest.files.iter().map(|f| (f.path.as_str(), f.sha256.as_str())).collect();
    if expected.len() != manifest.files.len() {
        return refuse("manifest.json: lists a file twice");
    }
    expected.insert(MANIFEST_FILE, manifest_hash);
    for (path, hash) in &expected {
        match sums.get(path) {
            Some(listed) if listed == hash => {}
            Some(_) => return refuse(format!("{}: its SHA256SUMS and manifest.json disagree", path.escape_debug())),
            None => return refuse(format!("{}: not in SHA256SUMS", path.escape_debug())),
        }
    }
    if let Some(extra) = sums.keys().find(|p| !expected.contains_key(*p)) {
        return refuse(format!("{}: in SHA256SUMS but not in manifest.json", extra.escape_debug()));
    }
    Ok(())
}

/// Read the release file at `path` (relative, `/`-separated): it must be a regular file
/// inside `dir`, reached through no link. With `entry`, its size and hash must be the
/// entry's (`Ok(None)` is then never returned); without, a missing file is `Ok(None)` and
/// at most `limit` bytes are read. The bytes are returned only when `keep`.
fn read_listed(
    dir: &Path,
    path: &str,
    entry: Option<&ManifestFile>,
    limit: u64,
    keep: bool,
) -> Result<Option<Vec<u8>>, Refusal> {
    let shown = path.escape_debug().to_string();
    let bad = |why: &str| Refusal(format!("{shown}: {why}"));
    if super::check_path(path).is_err() {
        return Err(bad("not a plain relative path inside the release"));
    }
    let full: PathBuf = path.split('/').fold(dir.to_path_buf(), |p, part| p.join(part));
    // Every folder on the way must be a folder, not a link to one.
    let mut folder = dir.to_path_buf();
    for part in path.split('/').take(path.split('/').count() - 1) {
        folder.push(part);
        match fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(bad("a folder on its way is a link or not a folder")),
            Err(_) if entry.is_none() => return Ok(None),
            Err(_) => return Err(bad("listed in its manifest, but missing")),
        }
    }
    let meta = match fs::symlink_metadata(&full) {
        Ok(meta) => meta,
        Err(_) if entry.is_none() => return Ok(None),
        Err(_) => return Err(bad("listed in its manifest, but missing")),
    };
    if !meta.is_file() {
        return Err(bad("not a regular file (a link, a folder or a device): it is not read"));
    }
    let file = fs::File::open(&full).map_err(|e| bad(&e.to_string()))?;
    if !same_file(&meta, &file) {
        return Err(bad("changed while it was read"));
    }
    let limit = entry.map_or(limit, |e| e.size);
    if meta.len() > limit {
        let why = if entry.is_some() { "larger than its manifest says" } else { "too large" };
        return Err(bad(why));
    }
    let mut hasher = Sha256::new();
    let mut kept = Vec::with_capacity(if keep { meta.len() as usize } else { 0 });
    // Sized to the file (up to 1 MiB): a release may hold a hundred thousand small files.
    let mut buffer = vec![0; meta.len().min(1 << 20) as usize + 1];
    let mut reader = file.take(limit.saturating_add(1));
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buffer).map_err(|e| bad(&e.to_string()))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buffer[..n]);
        if keep {
            kept.extend_from_slice(&buffer[..n]);
        }
    }
    if let Some(entry) = entry
        && (total != entry.size || hex::encode(hasher.finalize()) != entry.sha256)
    {
        return Err(bad("does not match its SHA-256 in the release's manifest.json and SHA256SUMS: it was changed"));
    }
    if total > limit {
        return Err(bad("too large"));
    }
    Ok(Some(kept))
}

/// Whether the opened file is the one `meta` describes (no swap between the two).
#[cfg(unix)]
fn same_file(meta: &fs::Metadata, file: &fs::File) -> bool {
    use std::os::unix::fs::MetadataExt;
    file.metadata().is_ok_and(|m| m.is_file() && m.dev() == meta.dev() && m.ino() == meta.ino())
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, file: &fs::File) -> bool {
    file.metadata().is_ok_and(|m| m.is_file())
}
