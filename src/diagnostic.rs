//! A diagnostic as plain data.
//!
//! Diagnostics carry their location as data: a file, a JSON pointer and which part of
//! the value it names (the value, or the key that holds it), or a byte offset for
//! problems found before there is any JSON value (syntax errors). The byte span and
//! line:column are filled in later by `locate` and computed for display only by the
//! renderers, so the checks never deal with text positions.

use rayon::prelude::*;
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

/// "did you mean": the candidate closest to `wanted`, if any is close enough to help.
///
/// Closeness is `strsim::jaro_winkler`; between ASCII strings (every id, every property
/// name) it is computed by [`jaro_winkler_ascii`], the same arithmetic on bit sets, many
/// times faster for a search over a million ids.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // Many candidates (a million ids): split among the cores. The best of the bests is the
    // same candidate whatever the split: highest score, then first in string order.
    if candidates.len() < PARALLEL_CANDIDATES {
        return best_of(wanted, &candidates).map(|(_, c)| c);
    }
    let pick = |a: Option<(f64, &'a str)>, b: Option<(f64, &'a str)>| match b {
        Some((score, candidate)) if better(score, candidate, a) => b,
        _ => a,
    };
    candidates.par_chunks(PARALLEL_CANDIDATES).map(|part| best_of(wanted, part)).reduce(|| None, pick).map(|(_, c)| c)
}

/// At least this many candidates before [`closest`] uses more than one thread, and the
/// candidates each thread takes at a time.
const PARALLEL_CANDIDATES: usize = 8_192;

/// Whether `(score, candidate)` beats `best`: a higher score, or the same score and first
/// in string order.
fn better(score: f64, candidate: &str, best: Option<(f64, &str)>) -> bool {
    match best {
        None => true,
        Some((top, name)) => score.total_cmp(&top).then_with(|| name.cmp(candidate)).is_gt(),
    }
}

/// The closest candidate close enough to help, and its score.
fn best_of<'a>(wanted: &str, candidates: &[&'a str]) -> Option<(f64, &'a str)> {
    const ENOUGH: f64 = 0.8;
    let mut scratch = Scratch::new();
    let ascii = wanted.is_ascii() && wanted.len() <= 128;
    let mut bound = Bound::new(wanted.as_bytes());
    let mut best: Option<(f64, &str)> = None;
    for &candidate in candidates {
        let score = if ascii && candidate.is_ascii() {
            // Skip the comparison when even its upper bound cannot beat the best so far.
            let floor = best.map_or(ENOUGH, |(score, _)| score.max(ENOUGH));
            if bound.of(candidate.as_bytes()) + 1e-9 < floor {
                continue;
            }
            jaro_winkler_ascii(wanted.as_bytes(), candidate.as_bytes(), &mut scratch)
        } else {
            strsim::jaro_winkler(wanted, candidate)
        };
        if score >= ENOUGH && better(score, candidate, best) {
            best = Some((score, candidate));
        }
    }
    best
}

/// An upper bound of [`jaro_winkler_ascii`] against one string `a`: no more bytes can
/// match than the two strings have in common, counted with repetition.
struct Bound<'a> {
    a: &'a [u8],
    /// How often each byte value occurs in `a`.
    counts: [u8; 128],
    /// Scratch: how many of each byte value of the candidate were counted as common.
    used: [u8; 128],
}

impl<'a> Bound<'a> {
    fn new(a: &'a [u8]) -> Bound<'a> {
        let mut counts = [0u8; 128];
        for &x in a {
            let slot = &mut counts[usize::from(x & 0x7f)];
            *slot = slot.saturating_add(1);
        }
        Bound { a, counts, used: [0; 128] }
    }

    fn of(&mut self, b: &[u8]) -> f64 {
        let (a_len, b_len) = (self.a.len(), b.len());
        if a_len == 0 || b_len == 0 || a_len > 128 || b_len > 128 {
            return 1.0;
        }
        let mut common = 0usize;
        for &y in b {
            let k = usize::from(y & 0x7f);
            if self.used[k] < self.counts[k] {
                self.used[k] += 1;
                common += 1;
            }
        }
        for &y in b {
            self.used[usize::from(y & 0x7f)] = 0;
        }
        if common == 0 {
            return 0.0;
        }
        let m = common as f64;
        let sim = (m / a_len as f64 + m / b_len as f64 + 1.0) / 3.0;
        let prefix = self.a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    }
}

/// Reused between comparisons: for each ASCII byte, the positions where it occurs in the
/// second string.
struct Scratch {
    positions: [u128; 128],
}

impl Scratch {
    fn new() -> Scratch {
        Scratch { positions: [0; 128] }
    }
}

/// `strsim::jaro_winkler` of two ASCII strings: the same matches, transpositions and
/// arithmetic (so the same `f64`, bit for bit), with the match window searched as bit
/// sets when both strings fit in 128 bytes.
fn jaro_winkler_ascii(a: &[u8], b: &[u8], scratch: &mut Scratch) -> f64 {
    let (a_len, b_len) = (a.len(), b.len());
    let sim = if a_len == 0 && b_len == 0 {
        1.0
    } else if a_len == 0 || b_len == 0 {
        0.0
    } else if a_len > 128 || b_len > 128 {
        strsim::jaro(std::str::from_utf8(a).unwrap_or_default(), std::str::from_utf8(b).unwrap_or_default())
    } else {
        let range = (a_len.max(b_len) / 2).saturating_sub(1);
        for (j, &y) in b.iter().enumerate() {
            scratch.positions[usize::from(y & 0x7f)] |= 1 << j;
        }
        // For each byte of `a` in turn, the first unmatched equal byte of `b` in its window.
        let (mut a_matched, mut b_matched, mut matches) = (0u128, 0u128, 0usize);
        for (i, &x) in a.iter().enumerate() {
            let low = i.saturating_sub(range);
            let high = b_len.min(i + range + 1);
            if low >= high {
                continue;
            }
            let window = (u128::MAX >> (128 - (high - low))) << low;
            let free = scratch.positions[usize::from(x & 0x7f)] & window & !b_matched;
            if free != 0 {
                b_matched |= free & free.wrapping_neg();
                a_matched |= 1 << i;
                matches += 1;
            }
        }
        for &y in b {
            scratch.positions[usize::from(y & 0x7f)] = 0;
        }
        if matches == 0 {
            0.0
        } else {
            let mut transpositions = 0usize;
            let (mut left, mut right) = (a_matched, b_matched);
            while left != 0 {
                let (i, j) = (left.trailing_zeros() as usize, right.trailing_zeros() as usize);
                transpositions += usize::from(a[i] != b[j]);
                left &= left - 1;
                right &= right - 1;
            }
            transpositions /= 2;
            ((matches as f64 / a_len as f64)
                + (matches as f64 / b_len as f64)
                + ((matches - transpositions) as f64 / matches as f64))
                / 3.0
        }
    };
    if sim > 0.7 {
        let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_ascii_score_is_strsims_to_the_bit(a in "[a-z0-9-]{0,24}|[ -~]{0,140}", b in "[a-z0-9-]{0,24}|[ -~]{0,140}") {
            let fast = jaro_winkler_ascii(a.as_bytes(), b.as_bytes(), &mut Scratch::new());
            proptest::prop_assert_eq!(fast.to_bits(), strsim::jaro_winkler(&a, &b).to_bits());
        }

        #[test]
        fn close_strings_score_as_strsim_does(a in "[a-e]{1,12}", edits in proptest::collection::vec((0usize..12, "[a-f]"), 0..3)) {
            let mut b = a.clone().into_bytes();
            for (at, c) in edits {
                let at = at.min(b.len() - 1);
                b[at] = c.as_bytes()[0];
            }
            let b = String::from_utf8(b).expect("ASCII");
            let fast = jaro_winkler_ascii(a.as_bytes(), b.as_bytes(), &mut Scratch::new());
            proptest::prop_assert_eq!(fast.to_bits(), strsim::jaro_winkler(&a, &b).to_bits());
        }
    }

    proptest::proptest! {
        #[test]
        fn closest_is_the_best_strsim_score_then_the_first_name(
            wanted in "[a-f-]{1,10}",
            candidates in proptest::collection::vec("[a-f-]{1,10}|[a-z0-9]{1,12}|日本[a-c]{0,3}", 0..40),
        ) {
            // What the search returned before it skipped candidates by their upper bound.
            let plain = candidates
                .iter()
                .map(|c| (strsim::jaro_winkler(&wanted, c), c.as_str()))
                .filter(|(score, _)| *score >= 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
                .map(|(_, c)| c);
            proptest::prop_assert_eq!(closest(&wanted, candidates.iter().map(String::as_str)), plain);
        }

        #[test]
        fn the_bound_is_never_below_the_score(a in "[a-f0-9-]{1,20}", b in "[a-f0-9-]{1,20}") {
            let score = jaro_winkler_ascii(a.as_bytes(), b.as_bytes(), &mut Scratch::new());
            proptest::prop_assert!(Bound::new(a.as_bytes()).of(b.as_bytes()) + 1e-9 >= score);
        }
    }

    #[test]
    fn many_candidates_give_the_same_answer_on_several_threads() {
        let ids: Vec<String> = (0..40_000).map(|i| format!("actor-{i}")).collect();
        for wanted in ["actor-1234x", "no-such-actor-39999", "actor-2", "zzz"] {
            let one = best_of(wanted, &ids.iter().map(String::as_str).collect::<Vec<_>>()).map(|(_, c)| c);
            assert_eq!(closest(wanted, ids.iter().map(String::as_str)), one, "{wanted}");
        }
    }

    #[test]
    fn closest_finds_the_misspelt_id() {
        let ids = ["tokyo", "kyoto", "osaka", "naha"];
        assert_eq!(closest("tokio", ids), Some("tokyo"));
        assert_eq!(closest("kyotoo", ids), Some("kyoto"));
        assert_eq!(closest("washington", ids), None);
        assert_eq!(closest("東京", ["東京都", "tokyo"]), Some("東京都"));
    }
}
