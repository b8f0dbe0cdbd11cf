//! Anpo: the canonical open dataset of the 1960 Treaty of Mutual Cooperation and
//! Security between the United States and Japan, and the toolkit that guards it.
//!
//! Data flows one way: read (`syntax`, with positions) → check (`schema`, `rules`) →
//! model (`model`) → write (`export`, `release`). See ARCHITECTURE.md.

#![forbid(unsafe_code)]

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
