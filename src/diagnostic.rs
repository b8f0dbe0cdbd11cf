//! A diagnostic as plain data.
//!
//! Diagnostics carry their location as data: a file, a JSON pointer and which part of
//! the value it names (the value, or the key that holds it), or a byte offset for
//! problems found before there is any JSON value (syntax errors). The byte span and
//! line:column are filled in later by `locate` and computed for display only by the
//! renderers, so the checks never deal with text positions.

use serde::Serialize;

/// How bad a problem is. Errors fail `validate`; warnings fail only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Index of a file in the [`crate::source::Files`] set read in one run.
pub type FileId = usize;

/// A half-open range of byte offsets into a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// Which part of the JSON value at a pointer a diagnostic points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The whole value (for an object or array: the whole bracketed range).
    Value,
    /// The key under which the value stands in its parent object.
    Key,
    /// The opening bracket of an object or array (the caret for "this object lacks …").
    Open,
    /// A byte offset found while reading, before any value exists.
    Offset(usize),
}

/// Where a diagnostic or label points.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: FileId,
    /// RFC 6901 JSON pointer to the value concerned; `""` for the root or when unknown.
    pub pointer: String,
    pub target: Target,
    /// Byte span in the file, filled in by [`crate::locate`]; `None` until then, or when
    /// the pointer does not resolve in the text.
    pub span: Option<Span>,
}

impl Location {
    pub fn value(file: FileId, pointer: impl Into<String>) -> Location {
        Location { file, pointer: pointer.into(), target: Target::Value, span: None }
    }
    pub fn key(file: FileId, pointer: impl Into<String>) -> Location {
        Location { file, pointer: pointer.into(), target: Target::Key, span: None }
    }
    pub fn open(file: FileId, pointer: impl Into<String>) -> Location {
        Location { file, pointer: pointer.into(), target: Target::Open, span: None }
    }
    pub fn offset(file: FileId, offset: usize) -> Location {
        Location { file, pointer: String::new(), target: Target::Offset(offset), span: None }
    }
}

/// A secondary location with its own message ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

/// One problem found in the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule code, such as `R202`; never reused for another rule.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The primary location.
    pub location: Location,
    /// Short text under the primary caret.
    pub label: String,
    /// Secondary locations.
    pub related: Vec<Label>,
    /// What would be right: the allowed names, the closest id, how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            location,
            label: String::new(),
            related: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, location, message) }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, location: Location, message: impl Into<String>) -> Diagnostic {
        self.related.push(Label { location, message: message.into() });
        self
    }
}
