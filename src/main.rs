//! The `anpo` binary: parse the command line, run a command, map the outcome to an exit
//! code: 0 success, 1 invalid data, 2 usage, I/O or internal error.

use anpo::cli::{Cli, Command};
use anpo::commands::{self, Outcome};
use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: reading builds and frees millions of small
/// values, and glibc's malloc spends a third of `validate`'s time on them (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Validate(args) => commands::validate::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Release(args) => commands::release::run(args),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Diff(args) => commands::diff::run(args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Invalid) => ExitCode::from(1),
        Err(problem) => {
            anpo::tell!("anpo: error: {problem}");
            ExitCode::from(2)
        }
    }
}
