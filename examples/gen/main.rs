//! Writes a synthetic Anpo dataset of any size: `cargo run --release --example gen --
//! --records N --out DIR [--faults K] [--only schema|rules] [--seed S] [--chunk C]`.
//!
//! `DIR/data/*.json` holds the records (one kind per file, at most `--chunk` records per
//! file), `DIR/schema/dataset.schema.json` the schema they name, and with `--faults`,
//! `DIR/faults.json` lists every planted fault as the diagnostic `anpo validate DIR/data`
//! must give (code, file, JSON pointer). See `generate.rs` for what is planted.

mod generate;

use clap::{Parser, ValueEnum};
use generate::{Config, Faults};
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// Number of records (at least 30).
    #[arg(long)]
    records: usize,
    /// The directory to write (created; existing files of the same names are replaced).
    #[arg(long)]
    out: PathBuf,
    /// Faults to plant of every kind (see `generate.rs`); 0 for a valid dataset.
    #[arg(long, default_value_t = 0)]
    faults: usize,
    /// Plant only the faults of one stage.
    #[arg(long, value_enum)]
    only: Option<Only>,
    #[arg(long, default_value_t = 1960)]
    seed: u64,
    /// Records per file.
    #[arg(long, default_value_t = 10_000)]
    chunk: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum Only {
    Schema,
    Rules,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let stages = match args.only {
        None => Faults::All,
        Some(Only::Schema) => Faults::Schema,
        Some(Only::Rules) => Faults::Rules,
    };
    let config =
        Config { records: args.records, seed: args.seed, faults: args.faults, stages, chunk: args.chunk.max(1) };
    match run(&config, &args.out) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen: error: {message}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run(config: &Config, out: &std::path::Path) -> Result<(), String> {
    let written = generate::write_dir(config, out)?;
    eprintln!(
        "gen: {} records in {} files ({:.1} MB) under {}",
        config.records,
        written.files,
        written.bytes as f64 / 1e6,
        out.join("data").display()
    );
    if !written.planted.is_empty() {
        let mut by_code = std::collections::BTreeMap::new();
        for p in &written.planted {
            *by_code.entry(p.code).or_insert(0usize) += 1;
        }
        let list: Vec<String> = by_code.iter().map(|(code, n)| format!("{n} {code}")).collect();
        eprintln!(
            "gen: planted {} faults ({}); listed in {}",
            written.planted.len(),
            list.join(", "),
            out.join("faults.json").display()
        );
    }
    Ok(())
}
