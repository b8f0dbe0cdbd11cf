//! Writes the edge dataset (see `dataset.rs`): `cargo run --example edges -- DIR`.
//!
//! `DIR/data/*.json` holds the records and `DIR/schema/dataset.schema.json` the schema
//! they name. tests/conformance/run.sh exports it and runs the reference validators on it.

mod dataset;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out] = args.as_slice() else {
        eprintln!("usage: edges DIR");
        return ExitCode::from(2);
    };
    match write(Path::new(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("edges: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn write(out: &Path) -> Result<(), String> {
    let data = out.join("data");
    let schema = out.join("schema");
    for dir in [&data, &schema] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let path = schema.join(anpo::schema::SCHEMA_FILE);
    std::fs::write(&path, anpo::schema::SCHEMA_TEXT).map_err(|e| format!("{}: {e}", path.display()))?;
    for (name, text) in dataset::files() {
        let path = data.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    eprintln!("edges: {} date forms, written under {}", dataset::edtf_forms().len(), data.display());
    Ok(())
}
