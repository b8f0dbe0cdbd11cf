//! Where each record of the merged dataset came from: a file and a JSON pointer.
//!
//! Kept beside the model, not in it, so that the model stays free of positions. The
//! vectors run parallel to the dataset's record lists: `origins.of(kind)[i]` is the
//! origin of the `i`-th record of that kind.

use crate::diagnostic::{FileId, Location};
use crate::model::RecordKind;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: FileId,
    /// Pointer to the record, such as `/events/3`.
    pub pointer: String,
}

impl Origin {
    /// A location at `suffix` below the record (`"/date"`; `""` for the record itself).
    pub fn at(&self, suffix: &str) -> Location {
        Location::value(self.file, format!("{}{}", self.pointer, suffix))
    }
    pub fn key_at(&self, suffix: &str) -> Location {
        Location::key(self.file, format!("{}{}", self.pointer, suffix))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    pub records: BTreeMap<RecordKind, Vec<Origin>>,
    /// Every `dataset` metadata object found (there must be exactly one).
    pub dataset: Vec<Origin>,
}

impl Origins {
    pub fn of(&self, kind: RecordKind) -> &[Origin] {
        self.records.get(&kind).map_or(&[], Vec::as_slice)
    }
    pub fn push(&mut self, kind: RecordKind, origin: Origin) {
        self.records.entry(kind).or_default().push(origin);
    }
}
