//! The floor for `anpo validate`: read every `.json` file below the given paths and parse
//! it into a `serde_json::Value`, nothing else (no positions, no schema, no rules). The
//! whole-process benchmark (`scripts/bench.sh`) compares `validate` with this.
//!
//! `cargo run --release --example parse_floor -- DIR...`

fn main() -> std::process::ExitCode {
    let mut values = 0usize;
    let mut bytes = 0usize;
    for arg in std::env::args_os().skip(1) {
        let files = match anpo::walk::files(std::path::Path::new(&arg)) {
            Ok(files) => files,
            Err(problem) => {
                eprintln!("parse_floor: {problem}");
                return std::process::ExitCode::from(2);
            }
        };
        for file in files {
            let data = match std::fs::read(&file) {
                Ok(data) => data,
                Err(e) => {
                    eprintln!("parse_floor: {}: {e}", file.display());
                    return std::process::ExitCode::from(2);
                }
            };
            bytes += data.len();
            match serde_json::from_slice::<serde_json::Value>(&data) {
                Ok(value) => values += usize::from(value.is_object()),
                Err(e) => {
                    eprintln!("parse_floor: {}: {e}", file.display());
                    return std::process::ExitCode::from(1);
                }
            }
        }
    }
    println!("parsed {values} files, {bytes} bytes");
    std::process::ExitCode::SUCCESS
}
