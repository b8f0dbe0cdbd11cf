//! `anpo fmt`: the canonical form on the real data and on scrambled copies of it, and the
//! command end to end (`--check`, atomic writes, invalid files, exit codes).

use anpo::format::canonical;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn anpo() -> Command {
    let mut cmd = Command::cargo_bin("anpo").expect("binary");
    cmd.env_remove("NO_COLOR");
    cmd
}

fn data_files() -> Vec<PathBuf> {
    let files = anpo::walk::files(Path::new("data")).expect("data/");
    assert!(files.len() > 3, "data/ has files");
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

/// Equal as data: equal JSON values, each top-level array compared as a multiset of
/// records (its order is the formatter's business).
fn assert_same_data(before: &str, after: &str, what: &str) {
    fn normalize(text: &str) -> Value {
        let mut value: Value = serde_json::from_str(text).expect("JSON");
        for (_, member) in value.as_object_mut().expect("object").iter_mut() {
            if let Some(records) = member.as_array_mut() {
                records.sort_by_key(|r| r.to_string());
            }
        }
        value
    }
    assert!(normalize(before) == normalize(after), "{what}: the value changed");
}

/// A deterministic pseudo-random sequence (a 64-bit LCG): the scramble is the same on
/// every run and every machine.
struct Lcg(u64);

impl Lcg {
    fn new(seed: &str) -> Lcg {
        Lcg(seed.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)))
    }
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// How a scrambled copy is laid out.
#[derive(Debug, Clone, Copy)]
enum Layout {
    Minified,
    Tabs,
    FourSpacesCrlf,
    Ragged,
}

const LAYOUTS: [Layout; 4] = [Layout::Minified, Layout::Tabs, Layout::FourSpacesCrlf, Layout::Ragged];

/// The same data as `text`, written differently: every object's keys shuffled, every
/// collection's records shuffled (nested arrays keep their order: it is data), another
/// layout, and non-ASCII characters of every other string written as `\u` escapes.
fn scramble(text: &str, seed: &str, layout: Layout) -> String {
    let value: Value = serde_json::from_str(text).expect("JSON");
    let mut rng = Lcg::new(seed);
    let mut out = String::new();
    write_scrambled(&value, 0, true, layout, &mut rng, &mut out);
    if matches!(layout, Layout::FourSpacesCrlf) {
        out = out.replace('\n', "\r\n");
    }
    out
}

fn write_scrambled(value: &Value, depth: usize, root: bool, layout: Layout, rng: &mut Lcg, out: &mut String) {
    let newline = |out: &mut String, depth: usize, rng: &mut Lcg| match layout {
        Layout::Minified => {}
        Layout::Tabs => {
            out.push('\n');
            out.push_str(&"\t".repeat(depth));
        }
        Layout::FourSpacesCrlf => {
            out.push('\n');
            out.push_str(&"    ".repeat(depth));
        }
        Layout::Ragged => out.push_str(["", " ", "\n", "\n   ", "\t "][rng.below(5)]),
    };
    match value {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            rng.shuffle(&mut members);
            out.push('{');
            for (i, (key, member)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1, rng);
                write_string(key, rng, out);
                out.push_str(if matches!(layout, Layout::Minified) { ":" } else { " : " });
                let collection = root && member.is_array();
                match (member, collection) {
                    (Value::Array(records), true) => {
                        let mut records: Vec<&Value> = records.iter().collect();
                        records.reverse();
                        rng.shuffle(&mut records);
                        let shuffled = Value::Array(records.into_iter().cloned().collect());
                        write_scrambled(&shuffled, depth + 1, false, layout, rng, out);
                    }
                    _ => write_scrambled(member, depth + 1, false, layout, rng, out),
                }
            }
            newline(out, depth, rng);
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1, rng);
                write_scrambled(item, depth + 1, false, layout, rng, out);
            }
            newline(out, depth, rng);
            out.push(']');
        }
        Value::String(s) => write_string(s, rng, out),
        other => out.push_str(&other.to_string()),
    }
}

/// A string, with its non-ASCII characters escaped half of the time.
fn write_string(s: &str, rng: &mut Lcg, out: &mut String) {
    let plain = serde_json::to_string(s).expect("string");
    if rng.below(2) == 0 {
        out.push_str(&plain);
        return;
    }
    for c in plain.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04X}"));
            }
        }
    }
}

fn copy_to(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn the_data_is_canonical() {
    for path in data_files() {
        let text = read(&path);
        let formatted = canonical(&text).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()));
        assert!(formatted == text, "{} is not in canonical form", path.display());
    }
    let output = anpo().args(["fmt", "--check", "data/"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout_of(&output));
    assert_eq!(stdout_of(&output), "");
    assert!(output.stderr.is_empty());
}

#[test]
fn scrambled_data_formats_back_to_the_data_without_changing_a_value() {
    for path in data_files() {
        let text = read(&path);
        for layout in LAYOUTS {
            let what = format!("{} {layout:?}", path.display());
            let scrambled = scramble(&text, &what, layout);
            assert_ne!(scrambled, text, "{what}: the scramble changed the text");
            assert_same_data(&text, &scrambled, &what);
            let once = canonical(&scrambled).unwrap_or_else(|d| panic!("{what}: {d:?}"));
            assert_same_data(&scrambled, &once, &what);
            assert!(once == text, "{what}: does not format back to the data");
            assert_eq!(canonical(&once).unwrap(), once, "{what}: not idempotent");
        }
    }
}

#[test]
fn the_scramble_really_reorders_records_and_keys() {
    let text = read(Path::new("data/events.json"));
    let scrambled = scramble(&text, "probe", Layout::Minified);
    let ids = |text: &str| -> Vec<String> {
        let value: Value = serde_json::from_str(text).unwrap();
        value["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
    };
    assert_ne!(ids(&text), ids(&scrambled));
    assert!(!scrambled.starts_with("{\"$schema\""), "{}", &scrambled[..40]);
}

#[test]
fn snapshot_of_the_canonical_form_of_a_scrambled_fixture() {
    let text = read(Path::new("tests/fixtures/fmt/scrambled.json"));
    let formatted = canonical(&text).expect("valid JSON");
    assert_same_data(&text, &formatted, "fixture");
    assert_eq!(canonical(&formatted).unwrap(), formatted);
    // Numbers keep their lexeme; text is unescaped.
    for kept in ["3.30e5", "1.0", "東京", "Tōkyō", "国会議事堂", "Diet / outside", "\\\"quoted\\\"", "\\t"] {
        assert!(formatted.contains(kept), "{kept}");
    }
    assert!(!formatted.contains("\\u") && !formatted.contains("\\/"));
    insta::with_settings!({ snapshot_path => "../snapshots", omit_expression => true }, {
        insta::assert_snapshot!("canonical_form_of_scrambled_fixture", formatted);
    });
}

#[test]
fn check_lists_the_files_that_differ_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let events = read(Path::new("data/events.json"));
    let actors = read(Path::new("data/actors.json"));
    let places = read(Path::new("data/places.json"));
    copy_to(dir.path(), "events.json", &events);
    copy_to(dir.path(), "actors.json", &scramble(&actors, "a", Layout::Tabs));
    copy_to(dir.path(), "places.json", &scramble(&places, "p", Layout::Ragged));
    let before: Vec<Vec<u8>> = entries(dir.path()).iter().map(|n| std::fs::read(dir.path().join(n)).unwrap()).collect();

    let output = anpo().args(["fmt", "--check"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let listed: Vec<String> = stdout_of(&output).lines().map(str::to_string).collect();
    let expected: Vec<String> = ["actors.json", "places.json"]
        .iter()
        .map(|n| dir.path().join(n).to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(listed, expected);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2 files are not in canonical form"), "{stderr}");

    let after: Vec<Vec<u8>> = entries(dir.path()).iter().map(|n| std::fs::read(dir.path().join(n)).unwrap()).collect();
    assert!(before == after, "--check changed a file");
    assert_eq!(entries(dir.path()), ["actors.json", "events.json", "places.json"]);
}

#[test]
fn fmt_rewrites_only_the_files_that_differ_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let events = read(Path::new("data/events.json"));
    let actors = read(Path::new("data/actors.json"));
    let clean = copy_to(dir.path(), "events.json", &events);
    let messy = copy_to(dir.path(), "actors.json", &scramble(&actors, "x", Layout::FourSpacesCrlf));
    #[cfg(unix)]
    let (clean_inode, clean_mtime) = {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        std::fs::set_permissions(&messy, std::fs::Permissions::from_mode(0o640)).unwrap();
        let meta = std::fs::metadata(&clean).unwrap();
        (meta.ino(), meta.modified().unwrap())
    };

    let output = anpo().arg("fmt").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout_of(&output), format!("{}\n", messy.to_string_lossy().replace('\\', "/")));
    assert!(read(&messy) == actors, "the scrambled file is now canonical");
    assert!(read(&clean) == events);
    assert_eq!(entries(dir.path()), ["actors.json", "events.json"], "no temporary file left");
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = std::fs::metadata(&clean).unwrap();
        assert_eq!((meta.ino(), meta.modified().unwrap()), (clean_inode, clean_mtime), "canonical file untouched");
        let mode = std::fs::metadata(&messy).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "permissions kept");
    }

    anpo().args(["fmt", "--check"]).arg(dir.path()).assert().code(0).stdout("");
    anpo().arg("fmt").arg(dir.path()).assert().code(0).stdout("");
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_symbolic_link() {
    let dir = tempfile::tempdir().unwrap();
    let places = read(Path::new("data/places.json"));
    let target = copy_to(dir.path(), "target.json", &scramble(&places, "s", Layout::Minified));
    let link_dir = dir.path().join("linked");
    std::fs::create_dir(&link_dir).unwrap();
    let link = link_dir.join("places.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    anpo().arg("fmt").arg(&link).assert().code(0);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(read(&target) == places);
    assert_eq!(entries(&link_dir), ["places.json"]);
}

#[test]
fn japanese_text_stays_unescaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_to(
        dir.path(),
        "t.json",
        r#"{"instruments": [{"id": "t", "title": {"en": "Treaty", "ja": "\u65e5\u7c73\u5b89\u5168\u4fdd\u969c\u6761\u7d04", "ja-Latn": "Nichibei Anzen Hosh\u014d J\u014dyaku"}}]}"#,
    );
    anpo().arg("fmt").arg(&path).assert().code(0);
    let text = read(&path);
    assert!(text.contains("\"ja\": \"日米安全保障条約\""), "{text}");
    assert!(text.contains("Nichibei Anzen Hoshō Jōyaku"), "{text}");
    assert!(!text.contains("\\u"), "{text}");
}

#[test]
fn invalid_json_is_left_untouched_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let mut invalid = Vec::new();
    for (name, code) in [
        ("s001-invalid-utf8.json", "S001"),
        ("s002-byte-order-mark.json", "S002"),
        ("s003-syntax-error.json", "S003"),
        ("s004-root-not-object.json", "S004"),
        ("s005-duplicate-key.json", "S005"),
    ] {
        let bytes = std::fs::read(Path::new("tests/fixtures/invalid").join(name)).unwrap();
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        invalid.push((name, code, bytes));
    }
    let sources = read(Path::new("data/sources.json"));
    let valid = copy_to(dir.path(), "valid.json", &scramble(&sources, "v", Layout::Tabs));

    for check in [true, false] {
        let mut cmd = anpo();
        cmd.arg("fmt");
        if check {
            cmd.arg("--check");
        }
        let output = cmd.arg(dir.path()).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "check: {check}");
        let stdout = stdout_of(&output);
        for (name, code, bytes) in &invalid {
            assert!(stdout.contains(&format!("error[{code}]")), "{code} in {stdout}");
            assert!(stdout.contains(name), "{name} in {stdout}");
            assert!(std::fs::read(dir.path().join(name)).unwrap() == *bytes, "{name} untouched");
        }
        assert!(stdout.contains("5 files are not valid JSON and left unchanged"), "{stdout}");
        assert!(stdout.starts_with(&valid.to_string_lossy().replace('\\', "/")), "{stdout}");
    }
    // The valid file beside them was formatted (by the run without --check).
    assert!(read(&valid) == sources);
    assert_eq!(entries(dir.path()).len(), 6, "no temporary file left");
}

#[test]
fn a_missing_path_is_an_io_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let messy = scramble(&read(Path::new("data/places.json")), "m", Layout::Minified);
    let path = copy_to(dir.path(), "places.json", &messy);
    let output = anpo().arg("fmt").arg(&path).arg(dir.path().join("no/such/dir")).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/dir"));
    assert!(output.stdout.is_empty());
    assert!(read(&path) == messy, "nothing written when a path is missing");
}

#[test]
fn a_file_named_twice_is_handled_once() {
    let dir = tempfile::tempdir().unwrap();
    let messy = scramble(&read(Path::new("data/places.json")), "d", Layout::Tabs);
    let path = copy_to(dir.path(), "places.json", &messy);
    let output = anpo().args(["fmt", "--check"]).arg(&path).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout_of(&output).lines().count(), 1);
}

#[test]
fn fmt_has_help_with_an_example() {
    let output = anpo().args(["fmt", "--help"]).output().unwrap();
    assert!(output.status.success());
    assert!(stdout_of(&output).contains("anpo fmt --check data/"));
}

/// A scrambled (not canonical) copy of a data file in `dir`.
fn scrambled_file(dir: &Path) -> PathBuf {
    let path = dir.join("dataset.json");
    let text = read(Path::new("data/dataset.json"));
    let value: Value = serde_json::from_str(&text).unwrap();
    std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
    path
}

#[test]
fn fmt_keeps_the_owner_group_and_mode_of_a_rewritten_file() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let path = scrambled_file(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Only root may give a file away; elsewhere the owner is the runner already.
    let owner = if std::os::unix::fs::chown(&path, Some(4321), Some(8765)).is_ok() {
        (4321, 8765)
    } else {
        let meta = std::fs::metadata(&path).unwrap();
        (meta.uid(), meta.gid())
    };
    let output = anpo().arg("fmt").arg(&path).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), owner, "owner and group kept");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640, "mode kept");
    assert_eq!(read(&path), canonical(&read(Path::new("data/dataset.json"))).unwrap());
}

#[test]
fn fmt_never_breaks_a_hard_link_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = scrambled_file(dir.path());
    let link = dir.path().join("elsewhere.json.bak");
    std::fs::hard_link(&path, &link).unwrap();
    let before = std::fs::read(&path).unwrap();
    let output = anpo().arg("fmt").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("hard link"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "left unchanged");
    // Still one file under two names.
    std::fs::write(&link, b"{}").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"{}");
}
