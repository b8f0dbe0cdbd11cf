//! `anpo diff`: being written (issue 4).

use super::Outcome;
use crate::check::Problem;
use crate::cli::DiffArgs;

pub fn run(_args: &DiffArgs) -> Result<Outcome, Problem> {
    Err(Problem::Internal("`diff` is not implemented yet".to_string()))
}
