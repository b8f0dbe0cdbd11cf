//! `anpo validate`: check data, print every diagnostic, exit 0 or 1.

use super::{Outcome, check_and_report};
use crate::check::Problem;
use crate::cli::ValidateArgs;

pub fn run(args: &ValidateArgs) -> Result<Outcome, Problem> {
    let (_, passed) = check_and_report(&args.input, args.format)?;
    Ok(if passed { Outcome::Success } else { Outcome::Invalid })
}
