//! Anpo: the canonical open dataset of the 1960 Treaty of Mutual Cooperation and
//! Security between the United States and Japan, and the toolkit that guards it.
//!
//! Data flows one way: read (`syntax`, with positions) → check (`schema`, `rules`) →
//! model (`model`) → write (`export`, `release`). See ARCHITECTURE.md.

#![forbid(unsafe_code)]

/// A line on standard error, as `eprintln!` writes it, but never a panic: when standard
/// error is a pipe whose reader has gone (`anpo fmt data 2>&1 | head -1`), the line is
/// dropped and the command goes on to the end (`eprintln!` would panic, exit 101).
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod check;
pub mod cli;
pub mod codes;
pub mod commands;
pub mod diagnostic;
pub mod diff;
pub mod edtf;
pub mod error;
pub mod export;
pub mod format;
pub mod locate;
pub mod markdown;
pub mod model;
pub mod number;
pub mod origin;
pub mod pointer;
pub mod release;
pub mod render;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod text;
pub mod walk;
