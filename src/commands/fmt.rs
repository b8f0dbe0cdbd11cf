//! `anpo fmt`: being written (issue 4).

use super::Outcome;
use crate::check::Problem;
use crate::cli::FmtArgs;

pub fn run(_args: &FmtArgs) -> Result<Outcome, Problem> {
    Err(Problem::Internal("`fmt` is not implemented yet".to_string()))
}
