//! The tool's own errors: everything that is not a problem in the data. Each maps to exit
//! code 2 (`main`); problems in the data are diagnostics (exit 1).

use std::path::PathBuf;

/// A problem that is not in the data (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    /// The command line asks for something the tool will not do: an output folder inside
    /// an input, a folder it did not write, a base IRI that is not one, no data files.
    /// The message says what to do instead.
    #[error("{message}")]
    Usage { message: String },
    /// A path that cannot be read or written.
    #[error("{}: {error}", crate::text::display_name(path))]
    Io { path: PathBuf, error: std::io::Error },
    /// A release or export not put in place: its target exists, or is not anpo's to
    /// replace. Nothing was changed at the target.
    #[error(transparent)]
    Install(crate::release::Refused),
    /// A bug in this program: the message says which promise was broken.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Problem {
    /// A usage error with `message`.
    pub fn usage(message: impl Into<String>) -> Self {
        Problem::Usage { message: message.into() }
    }

    /// An I/O error on `path`, as a closure for `map_err`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Problem {
        let path = path.into();
        move |error| Problem::Io { path, error }
    }
}
