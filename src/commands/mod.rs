//! One file per subcommand. Each returns an [`Outcome`] that `main` maps to an exit code.

pub mod diff;
pub mod export;
pub mod fmt;
pub mod release;
pub mod validate;

use crate::check::{Checked, Problem, Texts};
use crate::cli::{ColorChoice, DiagnosticFormat, InputArgs};
use crate::render;
use std::io::{IsTerminal, Write};

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the data is invalid.
    Invalid,
}

/// Read, check and print diagnostics: the first step of every command that reads data.
/// Returns the check, and whether it passed.
pub fn check_and_report(input: &InputArgs, format: DiagnosticFormat) -> Result<(Checked, bool), Problem> {
    check_and_report_keeping(input, format, Texts::All)
}

/// [`check_and_report`], keeping only the file texts `texts` says (see [`Texts`]).
pub fn check_and_report_keeping(
    input: &InputArgs,
    format: DiagnosticFormat,
    texts: Texts,
) -> Result<(Checked, bool), Problem> {
    let checked = crate::check::check_paths_keeping(&input.paths, texts)?;
    let color = use_color(input.color);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let errors = checked.count(crate::diagnostic::Severity::Error);
    let warnings = checked.count(crate::diagnostic::Severity::Warning);
    let shown = input.max_errors.unwrap_or(usize::MAX).min(checked.diagnostics.len());
    render::render(format, &checked.files, &checked.diagnostics[..shown], &mut out, color).map_err(stdout_problem)?;
    if format == DiagnosticFormat::Human {
        let mut line = render::summary(checked.files.len(), errors, warnings);
        if shown < checked.diagnostics.len() {
            line.push_str(&format!(" ({} not shown: --max-errors {shown})", checked.diagnostics.len() - shown));
        }
        if !checked.rules_ran {
            line.push_str(" (semantic rules not run: fix the errors above first)");
        }
        writeln!(out, "{line}").map_err(stdout_problem)?;
    }
    let passed = errors == 0 && (!input.deny_warnings || warnings == 0);
    Ok((checked, passed))
}

pub fn stdout_problem(error: std::io::Error) -> Problem {
    Problem::Io { path: "<stdout>".into(), error }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
