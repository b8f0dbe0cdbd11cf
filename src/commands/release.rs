//! `anpo release`: being written (issue 4).

use super::Outcome;
use crate::check::Problem;
use crate::cli::ReleaseArgs;

pub fn run(_args: &ReleaseArgs) -> Result<Outcome, Problem> {
    Err(Problem::Internal("`release` is not implemented yet".to_string()))
}
