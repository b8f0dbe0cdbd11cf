//! `anpo release` end to end: the release is reproducible (byte for byte across folders,
//! time zones, locales and working directories, archive included), its checksums pass
//! `sha256sum -c`, its manifest, schema.org description and RO-Crate list every file with
//! the right size and hash, its DataCite metadata is the data's, it is all or nothing
//! (invalid data, an existing release, a write that fails), and `--previous` gives a
//! changelog. README.md, CITATION.cff, datacite.json and ro-crate-metadata.json of the
//! canonical data are snapshotted.

use anpo::check::check_paths;
use anpo::export::Settings;
use anpo::release::{self, DataFile, Manifest, Previous, ReleaseFile, Request};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::Path;

mod common;
use common::{anpo, copy_data, edit_json, root, tree};

/// The names in `dir` that a release's temporary files would have.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("readable folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".anpo-release"))
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    release::sha256_hex(bytes)
}
/// Release the canonical data into `out` (run from `cwd`, with `data` named relative to it).
fn release_from(cwd: &Path, data: &Path, out: &Path, extra: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = anpo();
    cmd.current_dir(cwd).arg("release").arg("--out").arg(out).args(extra).arg(data);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("run")
}

fn success(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn releases_are_byte_identical_across_folders_time_zones_locales_and_working_directories() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    // From the repository, data named relatively, in Tokyo, in Japanese.
    let first = release_from(
        &root(),
        Path::new("data"),
        &a.path().join("1.0.0"),
        &["--archive"],
        &[("TZ", "Asia/Tokyo"), ("LC_ALL", "ja_JP.UTF-8"), ("LANG", "ja_JP.UTF-8")],
    );
    success(&first);
    // From an unrelated folder, data named absolutely, in Honolulu, in the C locale.
    let second = release_from(
        elsewhere.path(),
        &root().join("data"),
        &b.path().join("1.0.0"),
        &["--archive"],
        &[("TZ", "Pacific/Honolulu"), ("LC_ALL", "C"), ("LANG", "C")],
    );
    success(&second);
    assert!(first.stderr.is_empty(), "no progress bar off a terminal: {}", String::from_utf8_lossy(&first.stderr));

    let one = tree(&a.path().join("1.0.0"));
    let two = tree(&b.path().join("1.0.0"));
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(bytes == &two[path], "{path} differs between the two releases");
    }
    let archive_one = std::fs::read(a.path().join("1.0.0/1.0.0.tar.gz")).unwrap();
    let archive_two = std::fs::read(b.path().join("1.0.0/1.0.0.tar.gz")).unwrap();
    assert!(archive_one == archive_two, "the archives differ");

    // No file names where it was made.
    for (path, bytes) in &one {
        let text = String::from_utf8_lossy(bytes);
        for dir in [a.path(), b.path(), elsewhere.path(), root().as_path()] {
            assert!(!text.contains(&*dir.to_string_lossy()), "{path} holds the absolute path {}", dir.display());
        }
    }
}

#[test]
fn the_archive_holds_the_release_under_its_folder_name_with_fixed_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("anpo-1.0.0");
    success(&release_from(&root(), Path::new("data"), &out, &["--archive"], &[]));
    let mut folder = tree(&out);
    // The archive lives inside the folder it packs, and packs everything else.
    let gz = folder.remove("anpo-1.0.0.tar.gz").expect("the archive, inside the folder");
    assert_eq!(&gz[3..10], &[0, 0, 0, 0, 0, 0, 255], "gzip: no file name, mtime 0, OS unknown");

    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice()).read_to_end(&mut tar).unwrap();
    let mut archive = tar::Archive::new(tar.as_slice());
    let mut files = BTreeMap::new();
    let mut paths = Vec::new();
    let day = 20_785 * 86_400; // 2026-11-28, dataset.modified, at 00:00 UTC
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().into_owned();
        let header = entry.header();
        assert_eq!(header.mtime().unwrap(), day, "{path}");
        assert_eq!((header.uid().unwrap(), header.gid().unwrap()), (0, 0), "{path}");
        assert_eq!((header.username().unwrap(), header.groupname().unwrap()), (Some(""), Some("")), "{path}");
        let dir = header.entry_type().is_dir();
        assert_eq!(header.mode().unwrap(), if dir { 0o755 } else { 0o644 }, "{path}");
        paths.push(path.clone());
        if !dir {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            files.insert(path.strip_prefix("anpo-1.0.0/").expect("under the top folder").to_string(), bytes);
        }
    }
    assert_eq!(paths[0], "anpo-1.0.0/");
    let mut sorted = paths.clone();
    sorted.sort_by(|a, b| a.trim_end_matches('/').split('/').cmp(b.trim_end_matches('/').split('/')));
    assert_eq!(paths, sorted, "entries are sorted");
    assert!(files == folder, "the archive holds exactly the release folder");
}

#[test]
fn source_date_epoch_sets_the_archive_time_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("a/r");
    let stamped = dir.path().join("b/r");
    success(&release_from(&root(), Path::new("data"), &plain, &["--archive"], &[]));
    success(&release_from(&root(), Path::new("data"), &stamped, &["--archive"], &[("SOURCE_DATE_EPOCH", "86400")]));
    let without_archive = |dir: &Path| {
        let mut files = tree(dir);
        files.remove("r.tar.gz").expect("the archive");
        files
    };
    assert!(without_archive(&plain) == without_archive(&stamped), "the folder does not depend on SOURCE_DATE_EPOCH");
    let gz = std::fs::read(dir.path().join("b/r/r.tar.gz")).unwrap();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(gz.as_slice()));
    for entry in archive.entries().unwrap() {
        assert_eq!(entry.unwrap().header().mtime().unwrap(), 86_400);
    }

    let bad = release_from(
        &root(),
        Path::new("data"),
        &dir.path().join("c/r"),
        &["--archive"],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("SOURCE_DATE_EPOCH"));
    assert!(!dir.path().join("c/r").exists());
}

#[test]
fn sha256sum_checks_the_release() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    success(&release_from(&root(), Path::new("data"), &out, &[], &[]));
    let output =
        match std::process::Command::new("sha256sum").args(["-c", "--strict", "SHA256SUMS"]).current_dir(&out).output()
        {
            Ok(output) => output,
            Err(error) => {
                eprintln!("skipped: sha256sum is not installed ({error})");
                return;
            }
        };
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "sha256sum -c failed:\n{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let files = tree(&out);
    assert_eq!(stdout.lines().count(), files.len() - 1, "every file but SHA256SUMS is checked:\n{stdout}");
    assert!(stdout.lines().all(|l| l.ends_with(": OK")), "{stdout}");
}

#[test]
fn manifest_and_description_list_every_file_with_its_size_and_hash() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    success(&release_from(&root(), Path::new("data"), &out, &[], &[]));
    let files = tree(&out);

    let manifest: Manifest = serde_json::from_slice(&files["manifest.json"]).expect("manifest.json decodes");
    assert_eq!(manifest.dataset, "anpo");
    assert_eq!(manifest.dataset_version, "1.0.0");
    assert_eq!(manifest.tool_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest.schema_version, anpo::schema::Dictionary::new().version());
    let listed: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    let expected: Vec<&str> =
        files.keys().map(String::as_str).filter(|p| !matches!(*p, "manifest.json" | "SHA256SUMS")).collect();
    assert_eq!(listed, expected, "manifest.json lists every other file but SHA256SUMS, sorted");
    for entry in &manifest.files {
        let bytes = &files[&entry.path];
        assert_eq!(entry.size, bytes.len() as u64, "{}", entry.path);
        assert_eq!(entry.sha256, sha256(bytes), "{}", entry.path);
        assert!(!entry.media_type.is_empty());
    }

    let description: Value = serde_json::from_slice(&files["dataset.jsonld"]).expect("dataset.jsonld is JSON");
    assert_eq!(description["@type"], "Dataset");
    assert_eq!(description["version"], "1.0.0");
    let context = description["@context"].as_object().expect("an inline context");
    assert!(!context.contains_key("@vocab"), "every term is defined");
    let downloads = description["distribution"].as_array().expect("a distribution");
    let listed: Vec<&str> = downloads.iter().map(|d| d["contentUrl"].as_str().expect("contentUrl")).collect();
    // The payload: every file but the metadata files made after it, and the site's pages
    // but its index (the manifest lists those).
    let expected: Vec<&str> = expected
        .into_iter()
        .filter(|p| !matches!(*p, "dataset.jsonld" | "datacite.json" | "ro-crate-metadata.json"))
        .filter(|p| !p.starts_with("site/") || *p == "site/index.html")
        .collect();
    assert!(expected.contains(&"site/index.html") && expected.contains(&"sqlite/anpo.sqlite"));
    assert_eq!(listed, expected, "dataset.jsonld lists the payload");
    for download in downloads {
        assert_eq!(download["@type"], "DataDownload");
        for key in download.as_object().unwrap().keys() {
            assert!(key.starts_with('@') || context.contains_key(key), "{key} is not a term of the context");
        }
        let bytes = &files[download["contentUrl"].as_str().unwrap()];
        assert_eq!(download["contentSize"], bytes.len() as u64);
        assert_eq!(download["sha256"], sha256(bytes));
        assert!(download["encodingFormat"].as_str().is_some_and(|t| t.contains('/')));
    }
    for key in description.as_object().unwrap().keys() {
        assert!(key.starts_with('@') || context.contains_key(key), "{key} is not a term of the context");
    }
}

/// The RO-Crate's entities by `@id`, and its root data entity, found as RO-Crate 1.1 says:
/// the entity the descriptor whose `conformsTo` starts with `https://w3id.org/ro/crate/`
/// is `about`.
fn ro_crate_entities(crate_: &Value) -> (BTreeMap<&str, &Value>, &str) {
    let graph = crate_["@graph"].as_array().expect("a @graph");
    let mut entities = BTreeMap::new();
    for entity in graph {
        let id = entity["@id"].as_str().expect("every entity has an @id");
        assert!(entities.insert(id, entity).is_none(), "{id} is described twice");
    }
    let descriptor = graph
        .iter()
        .find(|e| e["conformsTo"]["@id"].as_str().is_some_and(|c| c.starts_with("https://w3id.org/ro/crate/")))
        .expect("a metadata descriptor");
    (entities, descriptor["about"]["@id"].as_str().expect("about the root"))
}

#[test]
fn the_ro_crate_lists_every_other_file_of_the_manifest_with_its_media_type_size_and_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    success(&release_from(&root(), Path::new("data"), &out, &[], &[]));
    let files = tree(&out);
    let crate_: Value = serde_json::from_slice(&files["ro-crate-metadata.json"]).expect("JSON");
    assert_eq!(
        crate_["@context"],
        serde_json::json!([
            "https://w3id.org/ro/crate/1.1/context",
            { "creditText": "http://schema.org/creditText", "sha256": "http://schema.org/sha256" }
        ])
    );
    let (entities, root_id) = ro_crate_entities(&crate_);
    let descriptor = entities["ro-crate-metadata.json"];
    assert_eq!(descriptor["@type"], "CreativeWork");
    assert_eq!(descriptor["conformsTo"], serde_json::json!({ "@id": "https://w3id.org/ro/crate/1.1" }));
    assert_eq!(root_id, "./");

    // The root data entity: what RO-Crate 1.1 requires, from the data.
    let root_entity = entities[root_id];
    let meta: Value = serde_json::from_slice(&std::fs::read(root().join("data/dataset.json")).unwrap()).unwrap();
    let meta = &meta["dataset"];
    assert_eq!(root_entity["@type"], "Dataset");
    assert_eq!(root_entity["name"], meta["title"]);
    assert_eq!(root_entity["description"], meta["description"]);
    assert_eq!(root_entity["datePublished"], "2026-11-28", "the release day, as CITATION.cff's date-released");
    assert_eq!(root_entity["version"], meta["version"]);
    assert_eq!(root_entity["keywords"], meta["keywords"]);
    let licence = &entities[root_entity["license"]["@id"].as_str().expect("a licence entity")];
    assert_eq!(licence["@id"], meta["license_url"]);
    assert_eq!(licence["@type"], "CreativeWork");
    assert_eq!(licence["name"], meta["license"]);
    assert!(licence["description"].as_str().is_some_and(|d| !d.is_empty()));
    for property in ["publisher", "author"] {
        let entity = &entities[root_entity[property]["@id"].as_str().expect(property)];
        assert_eq!(entity["@type"], "Organization");
        assert_eq!(entity["name"], meta["publisher"]);
    }

    // hasPart: every file the manifest lists but the crate itself, each a File with the
    // manifest's media type, size and hash, which are the file's.
    let manifest: Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let crate_entry = manifest.files.iter().find(|f| f.path == "ro-crate-metadata.json").expect("in the manifest");
    assert_eq!(crate_entry.media_type, "application/ld+json");
    let parts: Vec<&str> =
        root_entity["hasPart"].as_array().unwrap().iter().map(|p| p["@id"].as_str().unwrap()).collect();
    // The site's pages but its index are one folder entity, `site/`, last.
    let in_site = |path: &str| path.starts_with("site/") && path != "site/index.html";
    let listed = || manifest.files.iter().filter(|f| f.path != "ro-crate-metadata.json" && !in_site(&f.path));
    let mut expected: Vec<String> = listed().map(|f| release::iri_path(&f.path)).collect();
    expected.push("site/".to_string());
    assert_eq!(parts, expected);
    assert!(parts.contains(&"datacite.json") && parts.contains(&"dataset.jsonld") && parts.contains(&"README.md"));
    let site = entities["site/"];
    assert_eq!(site["@type"], "Dataset");
    assert_eq!(site["mainEntity"]["@id"], "site/index.html");
    let (count, bytes) =
        files.iter().filter(|(p, _)| p.starts_with("site/")).fold((0, 0), |(n, b), f| (n + 1, b + f.1.len()));
    let description = site["description"].as_str().unwrap();
    assert!(description.contains(&format!(": {count} files, {bytes} bytes,")), "{description}");
    for entry in listed() {
        let entity = entities[release::iri_path(&entry.path).as_str()];
        let bytes = &files[&entry.path];
        assert_eq!(entity["@type"], "File", "{}", entry.path);
        assert_eq!(entity["encodingFormat"], entry.media_type.as_str(), "{}", entry.path);
        assert_eq!(entity["contentSize"], bytes.len().to_string(), "{}", entry.path);
        assert_eq!(entity["sha256"], sha256(bytes), "{}", entry.path);
    }
    // Nothing but the descriptor, the root, the licence, the publisher and the files.
    assert_eq!(entities.len(), 4 + parts.len());
}

#[test]
fn the_archive_metadata_is_the_same_bytes_in_two_releases_and_lists_odd_file_names_as_iris() {
    let one = canonical_request_files();
    let two = canonical_request_files();
    for name in ["ro-crate-metadata.json", "datacite.json"] {
        let bytes = |files: &[ReleaseFile]| files.iter().find(|f| f.path == name).expect(name).bytes.clone();
        assert!(bytes(&one) == bytes(&two), "{name} differs between two releases");
    }

    // A data file whose name holds a space, `#`, `%` and Japanese.
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    std::fs::rename(data.join("places.json"), data.join("安保 #1 100%.json")).unwrap();
    let out = dir.path().join("r");
    success(&release_from(dir.path(), &data, &out, &[], &[]));
    let crate_: Value = serde_json::from_slice(&std::fs::read(out.join("ro-crate-metadata.json")).unwrap()).unwrap();
    let (entities, root_id) = ro_crate_entities(&crate_);
    let file = entities["data/安保%20%231%20100%25.json"];
    let bytes = std::fs::read(out.join("data/安保 #1 100%.json")).unwrap();
    assert_eq!(file["sha256"], sha256(&bytes));
    let parts = entities[root_id]["hasPart"].as_array().unwrap();
    assert!(parts.iter().any(|p| p["@id"] == "data/安保%20%231%20100%25.json"));
}

#[test]
fn the_release_holds_every_export_and_the_data_in_canonical_form() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    anpo().arg("export").arg("--out").arg(&export).arg(root().join("data")).assert().success();
    let out = dir.path().join("1.0.0");
    success(&release_from(&root(), Path::new("data"), &out, &[], &[]));
    let files = tree(&out);
    for (path, bytes) in tree(&export) {
        if path.ends_with(anpo::release::EXPORT_MARKER) {
            continue; // the marker of an export folder, which a release does not need
        }
        if path == "site/index.html" {
            continue; // a release's index lists its downloads (tests/export_site.rs)
        }
        assert!(files.get(&path) == Some(&bytes), "{path} is not in the release as `export` writes it");
    }
    let data = tree(&root().join("data"));
    for (name, original) in &data {
        let shipped = &files[&format!("data/{name}")];
        let text = std::str::from_utf8(shipped).unwrap();
        assert_eq!(anpo::format::canonical(text).unwrap(), text, "data/{name} is in canonical form");
        let a: Value = serde_json::from_slice(original).unwrap();
        let b: Value = serde_json::from_slice(shipped).unwrap();
        assert_eq!(a.as_object().map(|o| o.len()), b.as_object().map(|o| o.len()), "data/{name} keeps its members");
    }
    assert_eq!(files["schema/dataset.schema.json"], anpo::schema::SCHEMA_TEXT.as_bytes());
}

#[test]
fn citation_cff_has_the_required_keys() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    success(&release_from(&root(), Path::new("data"), &out, &[], &[]));
    let text = std::fs::read_to_string(out.join("CITATION.cff")).unwrap();
    let value = |key: &str| -> String {
        let line = text.lines().find(|l| l.starts_with(&format!("{key}:"))).unwrap_or_else(|| panic!("no `{key}`"));
        let raw = line[key.len() + 1..].trim();
        serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.to_string())
    };
    assert_eq!(value("cff-version"), "1.2.0");
    assert!(!value("message").is_empty());
    assert_eq!(value("type"), "dataset");
    assert!(value("title").starts_with("Anpo"));
    assert_eq!(value("version"), "1.0.0");
    assert_eq!(value("date-released"), "2026-11-28");
    assert_eq!(value("license"), "CC-BY-SA-4.0");
    assert!(text.contains("authors:\n  - name: \"The Anpo dataset contributors\"\n"), "{text}");
}

#[test]
fn datacite_json_gives_the_data_s_metadata_and_the_media_types_of_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    success(&release_from(&root(), Path::new("data"), &out, &[], &[]));
    let files = tree(&out);
    let datacite: Value = serde_json::from_slice(&files["datacite.json"]).expect("datacite.json is JSON");
    let meta: Value = serde_json::from_slice(&std::fs::read(root().join("data/dataset.json")).unwrap()).unwrap();
    let meta = &meta["dataset"];
    assert_eq!(datacite["schemaVersion"], "http://datacite.org/schema/kernel-4");
    assert_eq!(datacite["types"]["resourceTypeGeneral"], "Dataset");
    assert_eq!(datacite["titles"][0]["title"], meta["title"]);
    assert_eq!(datacite["creators"][0]["name"], meta["publisher"]);
    assert_eq!(datacite["publisher"]["name"], meta["publisher"]);
    assert_eq!(datacite["publicationYear"], "2026");
    assert_eq!(datacite["dates"], serde_json::json!([{ "date": "2026-11-28", "dateType": "Issued" }]));
    assert_eq!(datacite["version"], meta["version"]);
    assert_eq!(datacite["rightsList"][0]["rightsIdentifier"], meta["license"]);
    assert_eq!(datacite["rightsList"][0]["rightsUri"], meta["license_url"]);
    assert_eq!(datacite["descriptions"][0]["description"], meta["description"]);
    let subjects: Vec<&Value> = datacite["subjects"].as_array().unwrap().iter().map(|s| &s["subject"]).collect();
    assert_eq!(subjects, meta["keywords"].as_array().unwrap().iter().collect::<Vec<_>>());
    assert!(datacite.get("doi").is_none() && datacite.get("identifiers").is_none(), "no identifier is invented");

    let manifest: Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert!(manifest.files.iter().any(|f| f.path == "datacite.json"), "the manifest lists datacite.json");
    let types: std::collections::BTreeSet<&str> = manifest.files.iter().map(|f| f.media_type.as_str()).collect();
    let formats: Vec<&str> = datacite["formats"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(formats, types.into_iter().collect::<Vec<_>>(), "every media type of the manifest, once, sorted");
}

#[test]
fn invalid_data_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("releases/1.0.0");
    let bad = root().join("tests/fixtures/invalid/r202-dangling-reference.json");
    let output = release_from(&root(), &bad, &out, &["--archive"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("R202"));
    assert!(!dir.path().join("releases").exists(), "no folder at all is created");

    // An existing release stays as it was, even with --force.
    let good = dir.path().join("1.0.0");
    success(&release_from(&root(), Path::new("data"), &good, &[], &[]));
    let before = tree(&good);
    let output = release_from(&root(), &bad, &good, &["--force", "--archive"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(tree(&good) == before);
    assert!(leftovers(dir.path()).is_empty());
    assert!(!dir.path().join("1.0.0.tar.gz").exists());
}

#[test]
fn a_release_needs_a_modified_day() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    edit_json(&data.join("dataset.json"), |v| v["dataset"]["modified"] = "2026-11".into());
    let out = dir.path().join("r");
    let output = release_from(dir.path(), &data, &out, &[], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("`dataset.modified` is `2026-11`"));
    assert!(!out.exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn an_existing_release_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    success(&release_from(&root(), Path::new("data"), &out, &["--archive"], &[]));
    std::fs::write(out.join("marker"), "old").unwrap();
    let before = tree(&out);
    let archive_before = std::fs::read(out.join("1.0.0.tar.gz")).unwrap();

    let output = release_from(&root(), Path::new("data"), &out, &[], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("already exists") && stderr.contains("--force"), "{stderr}");
    assert!(tree(&out) == before, "untouched");

    // The archive goes inside the release: a file beside it with its name is not touched.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let archived = other.join("1.0.0");
    std::fs::write(other.join("1.0.0.tar.gz"), "not ours").unwrap();
    success(&release_from(&root(), Path::new("data"), &archived, &["--archive"], &[]));
    assert_eq!(std::fs::read(other.join("1.0.0.tar.gz")).unwrap(), b"not ours");
    assert_eq!(std::fs::read(archived.join("1.0.0.tar.gz")).unwrap(), archive_before);

    let output = release_from(&root(), Path::new("data"), &out, &["--force", "--archive"], &[]);
    success(&output);
    assert!(String::from_utf8_lossy(&output.stdout).contains("replaced release 1.0.0"));
    let after = tree(&out);
    assert!(!after.contains_key("marker"), "the old release is gone");
    assert_eq!(after.len(), before.len() - 1);
    assert_eq!(std::fs::read(out.join("1.0.0.tar.gz")).unwrap(), archive_before);
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn force_never_deletes_a_folder_that_is_not_a_release() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("precious");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.tex"), "years of work").unwrap();
    let output = release_from(&root(), Path::new("data"), &out, &["--force"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a release"));
    assert_eq!(std::fs::read(out.join("thesis.tex")).unwrap(), b"years of work");

    // An empty folder holds nothing to lose.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    success(&release_from(&root(), Path::new("data"), &empty, &["--force"], &[]));
    assert!(empty.join("manifest.json").is_file());
}

/// Files for the write-failure tests: a few folders deep, like a release, with a manifest
/// that names anpo (so that `--force` may replace them).
fn some_files() -> Vec<ReleaseFile> {
    let mut files: Vec<ReleaseFile> = ["README.md", "csv/a.csv", "csv/b.csv", "data/x.json"]
        .iter()
        .map(|p| ReleaseFile { path: p.to_string(), bytes: format!("new {p}").into_bytes() })
        .collect();
    let manifest = format!(r#"{{"format": "{}", "tool": "anpo"}}"#, release::RELEASE_FORMAT);
    files.push(ReleaseFile { path: "manifest.json".into(), bytes: manifest.into_bytes() });
    files
}

/// A writer that fails like a full disk on its `n`-th file.
fn failing_after(n: usize) -> impl Fn(&Path, &[u8]) -> io::Result<()> + Sync {
    let written = std::sync::atomic::AtomicUsize::new(0);
    move |path, bytes| {
        if written.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= n {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "no space left (simulated)"));
        }
        release::write_file(path, bytes)
    }
}

#[test]
fn a_failed_write_leaves_no_release_and_no_temporary_folder() {
    for n in 0..some_files().len() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("1.0.0");
        let error =
            release::install(&out, &some_files(), Some(b"archive"), false, &failing_after(n)).expect_err("fails");
        assert!(error.to_string().contains("no space left"), "{error}");
        assert!(!out.exists(), "no partial release after {n} files");
        assert!(!dir.path().join("1.0.0.tar.gz").exists());
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    }
    // Failing on the archive, after every file of the folder.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    let n = some_files().len();
    assert!(release::install(&out, &some_files(), Some(b"archive"), false, &failing_after(n)).is_err());
    assert!(!out.exists());
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_failed_write_leaves_an_existing_release_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    let old: Vec<ReleaseFile> = some_files()
        .into_iter()
        .map(|f| {
            if f.path == "manifest.json" {
                f
            } else {
                ReleaseFile { bytes: format!("old {}", f.path).into_bytes(), ..f }
            }
        })
        .collect();
    release::install(&out, &old, Some(b"old archive"), false, &release::write_file).expect("first release");
    let before = tree(&out);
    for n in 0..=some_files().len() {
        let error = release::install(&out, &some_files(), Some(b"new archive"), true, &failing_after(n));
        assert!(error.is_err());
        assert!(tree(&out) == before, "the old release is untouched after {n} files");
        assert_eq!(std::fs::read(out.join("1.0.0.tar.gz")).unwrap(), b"old archive");
        assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    }
    let installed = release::install(&out, &some_files(), Some(b"new archive"), true, &release::write_file);
    assert!(installed.expect("replaced").replaced);
    assert_eq!(std::fs::read(out.join("csv/a.csv")).unwrap(), b"new csv/a.csv");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn previous_gives_a_changelog_naming_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    // The earlier release: version 0.9.0, with a place since removed and an event title
    // since corrected.
    let old = dir.path().join("old");
    let old_data = copy_data(&old);
    edit_json(&old_data.join("dataset.json"), |v| v["dataset"]["version"] = "0.9.0".into());
    let mut first_event = String::new();
    edit_json(&old_data.join("events.json"), |v| {
        let event = &mut v["events"][0];
        first_event = event["id"].as_str().unwrap().to_string();
        event["title"] = "A title since corrected".into();
    });
    let mut place = Value::Null;
    edit_json(&old_data.join("places.json"), |v| {
        place = v["places"][0].clone();
        let mut planted = place.clone();
        planted["id"] = "planted-removed-place".into();
        planted.as_object_mut().unwrap().remove("within");
        v["places"].as_array_mut().unwrap().push(planted);
    });
    let first = old.join("0.9.0");
    success(&release_from(&old, &old_data, &first, &[], &[]));
    assert!(!first.join("CHANGELOG.md").exists());

    // Now: the canonical data plus a new place.
    let new = dir.path().join("new");
    let new_data = copy_data(&new);
    edit_json(&new_data.join("places.json"), |v| {
        let mut planted = place.clone();
        planted["id"] = "planted-added-place".into();
        planted.as_object_mut().unwrap().remove("within");
        v["places"].as_array_mut().unwrap().push(planted);
    });
    let second = dir.path().join("1.0.0");
    let output = release_from(&new, &new_data, &second, &["--previous", first.to_str().unwrap()], &[]);
    success(&output);
    let changelog = std::fs::read_to_string(second.join("CHANGELOG.md")).expect("a changelog");
    assert!(changelog.starts_with("# Changelog\n\n## 1.0.0 (2026-11-28)\n\n### Changes since 0.9.0\n"), "{changelog}");
    assert!(changelog.contains("place `planted-added-place`"), "{changelog}");
    assert!(changelog.contains("place `planted-removed-place`"), "{changelog}");
    assert!(changelog.contains(&format!("event `{first_event}`")), "{changelog}");
    assert!(changelog.contains("A title since corrected"), "{changelog}");
    assert!(changelog.contains("`0.9.0` → `1.0.0`"), "{changelog}");
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(second.join("manifest.json")).unwrap()).unwrap();
    assert!(manifest.files.iter().any(|f| f.path == "CHANGELOG.md"));

    // The next release carries the section on.
    edit_json(&new_data.join("dataset.json"), |v| v["dataset"]["version"] = "1.0.1".into());
    let third = dir.path().join("1.0.1");
    success(&release_from(&new, &new_data, &third, &["--previous", second.to_str().unwrap()], &[]));
    let next = std::fs::read_to_string(third.join("CHANGELOG.md")).unwrap();
    assert!(next.contains("### Changes since 1.0.0\n"), "{next}");
    assert!(next.contains("`1.0.0` → `1.0.1`"), "{next}");
    assert!(next.ends_with(changelog.strip_prefix("# Changelog\n\n").unwrap()), "{next}");
}

#[test]
fn previous_must_be_readable_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let output = release_from(&root(), Path::new("data"), &out, &["--previous", "no/such/release"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists());

    // Not a release at all: refused as such.
    let broken = dir.path().join("broken");
    std::fs::create_dir_all(broken.join("data")).unwrap();
    std::fs::copy(root().join("tests/fixtures/invalid/r202-dangling-reference.json"), broken.join("data/x.json"))
        .unwrap();
    let output = release_from(&root(), Path::new("data"), &out, &["--previous", broken.to_str().unwrap()], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not an anpo release"));
    assert!(!out.exists());

    // A release whose checksums vouch for invalid data: its data is checked, exit 1.
    let work = dir.path().join("work");
    let data = copy_data(&work);
    edit_json(&data.join("dataset.json"), |v| v["dataset"]["version"] = "0.9.0".into());
    let forged = dir.path().join("forged");
    success(&release_from(&work, &data, &forged, &[], &[]));
    let invalid = std::fs::read(root().join("tests/fixtures/invalid/r202-dangling-reference.json")).unwrap();
    std::fs::write(forged.join("data/x.json"), &invalid).unwrap();
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(forged.join("manifest.json")).unwrap()).unwrap();
    let entry = serde_json::json!({"path": "data/x.json", "size": invalid.len(), "sha256": sha256(&invalid), "media_type": "application/json"});
    manifest["files"].as_array_mut().unwrap().push(entry);
    let manifest = serde_json::to_string_pretty(&manifest).unwrap();
    std::fs::write(forged.join("manifest.json"), &manifest).unwrap();
    let mut sums = std::fs::read_to_string(forged.join("SHA256SUMS")).unwrap();
    sums = sums.lines().filter(|l| !l.ends_with("  manifest.json")).map(|l| format!("{l}\n")).collect();
    sums.push_str(&format!("{}  data/x.json\n{}  manifest.json\n", sha256(&invalid), sha256(manifest.as_bytes())));
    std::fs::write(forged.join("SHA256SUMS"), sums).unwrap();
    let output = release_from(&root(), Path::new("data"), &out, &["--previous", forged.to_str().unwrap()], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("previous release"));
    assert!(!out.exists());
}

/// Each checked file as a release's data file, by its name.
fn release_data_files(checked: &anpo::check::Checked) -> Vec<DataFile<'_>> {
    checked
        .files
        .iter()
        .map(|(_, f)| DataFile { path: f.name.rsplit('/').next().unwrap().to_string(), text: &f.text })
        .collect()
}

/// The canonical data, read as the CLI reads it, handed to `f` as a release request.
fn with_canonical_request<T>(f: impl FnOnce(&Request) -> T) -> T {
    let data = root().join("data");
    let checked = check_paths(std::slice::from_ref(&data)).expect("readable data");
    let dataset = checked.valid_dataset(false).expect("the canonical data is valid").clone();
    let data_files = release_data_files(&checked);
    let settings = Settings::default();
    let previous: Option<Previous> = None;
    f(&Request { dataset: &dataset, data_files: &data_files, settings: &settings, previous })
}

fn canonical_request_files() -> Vec<ReleaseFile> {
    with_canonical_request(|request| release::assemble(request).expect("assembles"))
}

#[test]
fn files_handed_over_as_they_are_made_are_the_release_and_its_manifest() {
    let put = std::sync::Mutex::new(Vec::new());
    let entries = with_canonical_request(|request| {
        release::assemble_into(request, &|file: ReleaseFile| -> Result<(), ()> {
            put.lock().unwrap().push(file);
            Ok(())
        })
        .expect("assembles")
    });
    let mut put = put.into_inner().unwrap();
    put.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(put, canonical_request_files());
    assert_eq!(entries.len(), put.len());
    for (entry, file) in entries.iter().zip(&put) {
        assert_eq!(
            (entry.path.as_str(), entry.size, entry.sha256.as_str()),
            (file.path.as_str(), file.bytes.len() as u64, sha256(&file.bytes).as_str())
        );
    }
}

#[test]
fn a_failing_sink_stops_the_release_with_its_error() {
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let outcome = with_canonical_request(|request| {
        release::assemble_into(request, &|file: ReleaseFile| {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if file.path.starts_with("csv/") { Err(file.path) } else { Ok(()) }
        })
    });
    match outcome {
        Err(release::Failure::Put(path)) => assert!(path.starts_with("csv/"), "{path}"),
        other => panic!("expected the sink's error, got {other:?}"),
    }
    // Nothing is made after the payload: no manifest, no checksums.
    assert!(calls.load(std::sync::atomic::Ordering::SeqCst) < canonical_request_files().len());
}

#[test]
fn readme_citation_datacite_and_ro_crate_of_the_canonical_data_match_their_snapshots() {
    let files = canonical_request_files();
    // The tool's version changes with every release of the tool, not of the data.
    let text = |path: &str| {
        let bytes = files.iter().find(|f| f.path == path).expect(path).bytes.clone();
        String::from_utf8(bytes).expect("UTF-8").replace(&format!("anpo {}", release::TOOL_VERSION), "anpo [version]")
    };
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("release-readme", text("README.md"));
        insta::assert_snapshot!("release-citation", text("CITATION.cff"));
        insta::assert_snapshot!("release-datacite", text("datacite.json"));
        // Every export's hash and size change with the data: they are checked above, and
        // stand here as placeholders, so that the snapshot shows the form.
        let ro_crate: String = text("ro-crate-metadata.json")
            .lines()
            .map(|line| {
                let (key, value) = line.split_once(": ").unwrap_or((line, ""));
                let (value, comma) = value.strip_suffix(',').map_or((value, ""), |v| (v, ","));
                let value = value.trim_matches('"');
                let hash = value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit());
                let size = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
                match key.trim_start() {
                    "\"sha256\"" if hash => format!("{key}: \"[sha256]\"{comma}\n"),
                    "\"contentSize\"" if size => format!("{key}: \"[size]\"{comma}\n"),
                    _ => format!("{line}\n"),
                }
            })
            .collect();
        insta::assert_snapshot!("release-ro-crate", ro_crate);
    });
}

/// The one snapshot set of the canonical data: every export file of its release (the
/// exporters' own tests snapshot fixtures, so a data fix churns only these).
#[test]
fn the_exports_in_the_canonical_release_match_their_snapshots() {
    let files = canonical_request_files();
    let exports: Vec<_> =
        files.iter().filter(|f| ["akn/", "csv/", "jsonld/"].iter().any(|p| f.path.starts_with(p))).collect();
    assert!(exports.len() > 30, "{} export files", exports.len());
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        for file in exports {
            let name = format!("release__{}", file.path.replace('/', "__"));
            // CSV records end with CRLF, tested byte by byte in tests/export_csv.rs.
            insta::assert_snapshot!(name, String::from_utf8(file.bytes.clone()).unwrap().replace("\r\n", "\n"));
        }
    });
}

#[test]
fn assembly_is_sorted_and_deterministic() {
    let one = canonical_request_files();
    let two = canonical_request_files();
    assert_eq!(one, two);
    let paths: Vec<&str> = one.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    let sums = std::str::from_utf8(&one.iter().find(|f| f.path == "SHA256SUMS").unwrap().bytes).unwrap().to_string();
    assert_eq!(sums.lines().count(), one.len() - 1);
    for (line, file) in sums.lines().zip(one.iter().filter(|f| f.path != "SHA256SUMS")) {
        assert_eq!(line, format!("{}  {}", sha256(&file.bytes), file.path));
    }
}

#[test]
fn an_output_folder_inside_the_input_folder_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(&dir.path().join("work"));
    // Named directly, through `..`, and through a link: each is inside `data`.
    std::os::unix::fs::symlink(&data, dir.path().join("link")).unwrap();
    let outs = [data.join("release"), data.join("../data/release"), dir.path().join("link/release")];
    for out in &outs {
        for command in [&["release", "--out"][..], &["export", "--format", "csv", "--out"][..]] {
            let output = anpo().args(command).arg(out).arg(&data).output().unwrap();
            assert_eq!(output.status.code(), Some(2), "{command:?} {out:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains("inside the input folder"), "{stderr}");
            assert!(output.stdout.is_empty(), "nothing checked or written");
        }
    }
    assert!(leftovers(&data).is_empty() && !data.join("release").exists());
    // Beside the data is fine.
    success(&release_from(dir.path(), &data, &dir.path().join("work/release"), &[], &[]));
}

/// Extract `gz` with Python's `tarfile` (as a reader of the archive would), into `into`.
fn python_extracts(gz: &Path, into: &Path) -> Option<std::process::Output> {
    let script =
        "import sys, tarfile\nwith tarfile.open(sys.argv[1]) as t:\n    t.extractall(sys.argv[2], filter='data')\n";
    std::process::Command::new("python3").arg("-c").arg(script).arg(gz).arg(into).output().ok()
}

#[test]
fn source_date_epoch_outside_what_tar_readers_accept_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for epoch in ["18446744073709551615", "8589934592", "99999999999"] {
        let out = dir.path().join(format!("r{epoch}"));
        let output = release_from(&root(), Path::new("data"), &out, &["--archive"], &[("SOURCE_DATE_EPOCH", epoch)]);
        assert_eq!(output.status.code(), Some(2), "{epoch}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("SOURCE_DATE_EPOCH") && stderr.contains("8589934591"), "{stderr}");
        assert!(!out.exists());
    }
    // The edges are accepted, and Python's tarfile and GNU tar extract them.
    for epoch in ["0", "8589934591"] {
        let out = dir.path().join(format!("e{epoch}"));
        success(&release_from(&root(), Path::new("data"), &out, &["--archive"], &[("SOURCE_DATE_EPOCH", epoch)]));
        let gz = out.join(format!("e{epoch}.tar.gz"));
        let into = dir.path().join(format!("x{epoch}"));
        std::fs::create_dir(&into).unwrap();
        match python_extracts(&gz, &into) {
            Some(output) => assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr)),
            None => eprintln!("skipped: python3 is not installed"),
        }
        let mtime = std::fs::metadata(into.join(format!("e{epoch}/README.md"))).unwrap().modified().unwrap();
        let seconds = mtime.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(seconds.to_string(), epoch);
        let gnu = dir.path().join(format!("g{epoch}"));
        std::fs::create_dir(&gnu).unwrap();
        if let Ok(output) = std::process::Command::new("tar").arg("-xzf").arg(&gz).arg("-C").arg(&gnu).output() {
            assert!(output.status.success(), "GNU tar: {}", String::from_utf8_lossy(&output.stderr));
        }
    }
}

/// Every Markdown document a release writes, from data a hostile hand wrote past the
/// schema: no raw HTML, no link that is not the data's own web address, every table row
/// as wide as its header, every value one line.
#[test]
fn markdown_files_keep_hostile_data_as_text() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let data = root().join("data");
    let checked = check_paths(std::slice::from_ref(&data)).expect("readable data");
    let old = checked.valid_dataset(false).expect("valid").clone();
    let mut dataset = old.clone();
    let hostile = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) | cell\n# heading &amp; *b* `c` ~~d~~";
    let meta = dataset.dataset.as_mut().unwrap();
    meta.title = hostile.to_string();
    meta.publisher = hostile.to_string();
    meta.license_url = "https://example.org/l|x<b>bold</b>".to_string();
    // At the start of a line: an indented heading, a thematic break.
    let indented = "  # not a heading #";
    meta.description = indented.to_string();
    for source in &mut dataset.sources {
        source.attribution = hostile.to_string();
        source.license_url = Some("https://example.org/l|x<b>bold</b>".to_string());
        source.license = Some("a|b`c".to_string());
    }
    dataset.sources[0].attribution = "---".to_string();
    dataset.events[0].title = hostile.to_string();
    let data_files = release_data_files(&checked);
    let settings = Settings::default();
    let previous = Some(Previous { dataset: &old, changelog: None });
    let mut request = Request { dataset: &dataset, data_files: &data_files, settings: &settings, previous };
    // A newer version, so that the changelog is made.
    let mut newer = dataset.clone();
    newer.dataset.as_mut().unwrap().version = "9.9.9".to_string();
    request.dataset = &newer;
    let files = release::assemble(&request).expect("assembles");
    let mut checked_files = 0;
    for file in files.iter().filter(|f| f.path.ends_with(".md")) {
        checked_files += 1;
        let text = std::str::from_utf8(&file.bytes).unwrap();
        let mut header_cells = None;
        let mut cells = 0;
        let mut in_head = false;
        // The text shown, each block on its own line.
        let mut shown = String::new();
        for event in Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
            match &event {
                Event::Text(t) | Event::Code(t) => shown.push_str(t),
                Event::SoftBreak | Event::End(_) => shown.push('\n'),
                _ => {}
            }
            match event {
                Event::Html(html) | Event::InlineHtml(html) => panic!("{}: HTML {html:?}", file.path),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    assert!(dest_url.starts_with("https://") && !dest_url.contains('<'), "{}: {dest_url}", file.path)
                }
                Event::Start(Tag::Strikethrough) => panic!("{}: strikethrough from the data", file.path),
                Event::Start(Tag::TableHead) => (in_head, cells) = (true, 0),
                Event::End(TagEnd::TableHead) => (in_head, header_cells) = (false, Some(cells)),
                Event::Start(Tag::TableRow) => cells = 0,
                Event::End(TagEnd::TableRow) => assert_eq!(Some(cells), header_cells, "{}", file.path),
                Event::Start(Tag::TableCell) => cells += 1,
                _ => {}
            }
            let _ = in_head;
        }
        assert!(!text.lines().any(|l| l.starts_with("# heading")), "{}: a line break from the data", file.path);
        // Whole values come back as written (line breaks shown as `\n`).
        let lines: Vec<&str> = shown.lines().collect();
        let visible = hostile.replace('\n', "\\n");
        let expected: &[&str] = match file.path.as_str() {
            "README.md" => &[&visible, indented],
            "LICENSE.md" => &[&visible, "---", "a|b`c (https://example.org/l|x<b>bold</b>)"],
            _ => &[],
        };
        for value in expected {
            assert!(lines.contains(value), "{}: {value:?} not shown as written in {lines:#?}", file.path);
        }
    }
    assert!(checked_files >= 3, "README.md, LICENSE.md and CHANGELOG.md");
}
