//! The release as one reproducible `.tar.gz`.
//!
//! Entries are sorted by path, every folder before what it holds, all under one top
//! folder. Every entry has the same time stamp, uid and gid 0, empty user and group
//! names, mode 0644 (files) or 0755 (folders); the headers are GNU tar's (a path over 100
//! bytes takes a `././@LongLink` entry). The gzip header has time stamp 0, no file name
//! and operating system 255 ("unknown"); compression is flate2's pure-Rust backend at its
//! default level, so the bytes are the same on every machine.

use super::{Error, ReleaseFile, release_day};
use std::collections::BTreeSet;

/// A `.tar.gz` of `files` under the folder `top`, every entry stamped `mtime` (seconds
/// since 1970-01-01 UTC). `files` are in any order; their paths are already checked.
pub fn archive(top: &str, files: &[ReleaseFile], mtime: u64) -> std::io::Result<Vec<u8>> {
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let by_path: std::collections::HashMap<&str, &[u8]> =
        files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())).collect();
    let read = |path: &str| Ok(by_path.get(path).map(|bytes| bytes.to_vec()).unwrap_or_default());
    archive_from(top, &paths, &read, mtime)
}

/// [`archive`] of the files at `paths`, each read by `read` when its turn comes (so that
/// only one file's bytes and the compressed archive are held at once).
pub fn archive_from(
    top: &str,
    paths: &[&str],
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    mtime: u64,
) -> std::io::Result<Vec<u8>> {
    let mut folders = BTreeSet::new();
    folders.insert(top.to_string());
    for &file in paths {
        let mut path = file;
        while let Some((parent, _)) = path.rsplit_once('/') {
            folders.insert(format!("{top}/{parent}"));
            path = parent;
        }
    }
    // Sorted by path as a list of segments, so that a folder comes right before what it
    // holds (a plain string sort would put `csv-x` between `csv` and `csv/a`).
    let mut entries: Vec<(String, Option<&str>)> = folders.into_iter().map(|f| (f, None)).collect();
    entries.extend(paths.iter().map(|&p| (format!("{top}/{p}"), Some(p))));
    entries.sort_by(|a, b| a.0.split('/').cmp(b.0.split('/')));

    let gz = flate2::GzBuilder::new().mtime(0).operating_system(255).write(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for (path, file) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(mtime);
        header.set_username("")?;
        header.set_groupname("")?;
        match file {
            None => {
                header.set_entry_type(tar::EntryType::Directory);
                header.set_mode(0o755);
                header.set_size(0);
                tar.append_data(&mut header, format!("{path}/"), std::io::empty())?;
            }
            Some(file) => {
                let bytes = read(file)?;
                header.set_entry_type(tar::EntryType::Regular);
                header.set_mode(0o644);
                header.set_size(bytes.len() as u64);
                tar.append_data(&mut header, &path, bytes.as_slice())?;
            }
        }
    }
    tar.into_inner()?.finish()
}

/// The latest time stamp an archive may carry: 8589934591 s (2242-03-16T12:56:31Z), the
/// largest number the 11 octal digits of a POSIX ustar header hold. Every tar reader
/// accepts it, and it is far inside what 64-bit `time_t` and `xs:dateTime` hold; a larger
/// one needs GNU tar's base-256 extension, and `u64::MAX` is out of `time_t` range, which
/// GNU tar and Python's `tarfile` refuse to extract.
pub const MAX_MTIME: u64 = 0o777_7777_7777;

/// The archive's time stamp: `SOURCE_DATE_EPOCH` when given (a decimal number of
/// seconds; anything else is an error, as reproducible-builds.org asks), else the
/// release day (`dataset.modified`) at 00:00 UTC. Either must be from 0 (1970) to
/// [`MAX_MTIME`].
pub fn archive_mtime(modified: &str, source_date_epoch: Option<&str>) -> Result<u64, String> {
    let range =
        format!("from 0 (1970-01-01) to {MAX_MTIME} (2242-03-16T12:56:31Z), the times every tar reader accepts");
    if let Some(epoch) = source_date_epoch {
        let valid = !epoch.is_empty() && epoch.bytes().all(|b| b.is_ascii_digit());
        let seconds = epoch
            .parse::<u64>()
            .ok()
            .filter(|_| valid)
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH is `{epoch}`, not a number of seconds since 1970"));
        return match seconds {
            Ok(seconds) if seconds > MAX_MTIME => Err(format!("SOURCE_DATE_EPOCH is `{epoch}`, but must be {range}")),
            // Digits too many for a u64 are out of range too.
            Err(_) if valid => Err(format!("SOURCE_DATE_EPOCH is `{epoch}`, but must be {range}")),
            other => other,
        };
    }
    let (year, month, day) = release_day(modified).map_err(|e: Error| e.to_string())?;
    let seconds = days_from_civil(year, month, day) as u64 * 86_400;
    if seconds > MAX_MTIME {
        return Err(format!("the release day `{modified}` is too late for an archive: its time stamp must be {range}"));
    }
    Ok(seconds)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn file(path: &str, bytes: &[u8]) -> ReleaseFile {
        ReleaseFile { path: path.to_string(), bytes: bytes.to_vec() }
    }

    #[test]
    fn days_from_civil_matches_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 11, 28), 20_785);
        assert_eq!(days_from_civil(1960, 1, 19), -3_635);
    }

    #[test]
    fn mtime_is_the_release_day_unless_source_date_epoch_says_otherwise() {
        assert_eq!(archive_mtime("2026-11-28", None), Ok(20_785 * 86_400));
        assert_eq!(archive_mtime("2026-11-28", Some("1234")), Ok(1234));
        assert!(archive_mtime("2026-11-28", Some("-1")).is_err());
        assert!(archive_mtime("2026-11-28", Some("12a")).is_err());
        assert!(archive_mtime("2026-11-28", Some("")).is_err());
        assert!(archive_mtime("2026-11", None).is_err());
        assert_eq!(archive_mtime("2026-11-28", Some("8589934591")), Ok(MAX_MTIME));
        for late in ["8589934592", "18446744073709551615", "18446744073709551616"] {
            assert!(archive_mtime("2026-11-28", Some(late)).unwrap_err().contains("8589934591"), "{late}");
        }
        assert!(archive_mtime("2242-03-16", None).is_ok());
        assert!(archive_mtime("2242-03-17", None).unwrap_err().contains("too late"));
    }

    #[test]
    fn entries_are_sorted_stamped_and_owned_by_nobody() {
        let files = [file("csv/b.csv", b"b"), file("csv-x", b"x"), file("README.md", b"r"), file("csv/a.csv", b"a")];
        let gz = archive("1.0.0", &files, 86_400).unwrap();
        assert_eq!(&gz[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255], "gzip header: no name, mtime 0, OS unknown");
        let mut tar = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice()).read_to_end(&mut tar).unwrap();
        let mut archive = tar::Archive::new(tar.as_slice());
        let mut seen = Vec::new();
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let header = entry.header();
            assert_eq!(header.mtime().unwrap(), 86_400);
            assert_eq!((header.uid().unwrap(), header.gid().unwrap()), (0, 0));
            assert_eq!(header.username().unwrap(), Some(""));
            assert_eq!(header.groupname().unwrap(), Some(""));
            let dir = header.entry_type().is_dir();
            assert_eq!(header.mode().unwrap(), if dir { 0o755 } else { 0o644 });
            let path = entry.path().unwrap().to_string_lossy().into_owned();
            let mut body = Vec::new();
            entry.read_to_end(&mut body).unwrap();
            seen.push((path, dir, body));
        }
        let paths: Vec<_> = seen.iter().map(|(p, d, _)| (p.as_str(), *d)).collect();
        assert_eq!(
            paths,
            [
                ("1.0.0/", true),
                ("1.0.0/README.md", false),
                ("1.0.0/csv/", true),
                ("1.0.0/csv/a.csv", false),
                ("1.0.0/csv/b.csv", false),
                ("1.0.0/csv-x", false)
            ]
        );
        assert_eq!(seen[3].2, b"a");
    }

    #[test]
    fn order_of_the_input_does_not_matter() {
        let a = [file("x/1", b"1"), file("y", b"2")];
        let b = [file("y", b"2"), file("x/1", b"1")];
        assert_eq!(archive("t", &a, 0).unwrap(), archive("t", &b, 0).unwrap());
    }

    #[test]
    fn long_paths_survive() {
        let long = format!("akn/{}.xml", "x".repeat(150));
        let gz = archive("top", &[file(&long, b"body")], 0).unwrap();
        let mut tar = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice()).read_to_end(&mut tar).unwrap();
        let mut archive = tar::Archive::new(tar.as_slice());
        let paths: Vec<String> =
            archive.entries().unwrap().map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(paths, ["top/".to_string(), "top/akn/".to_string(), format!("top/{long}")]);
    }
}
