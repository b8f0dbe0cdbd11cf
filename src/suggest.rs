//! "Did you mean": the candidate closest to a misspelt id, property or value, for the
//! help of R202, J102 and J104. Kept apart from [`crate::diagnostic`], which holds a
//! diagnostic as plain data.

use rayon::prelude::*;

/// "did you mean": the candidate closest to `wanted`, if any is close enough to help.
///
/// Closeness is `strsim::jaro_winkler`; between ASCII strings (every id, every property
/// name) it is computed by [`jaro_winkler_ascii`], the same arithmetic on bit sets, many
/// times faster for a search over a million ids. For many searches among the same
/// candidates (R202 with thousands of dangling ids), [`Candidates`] answers the same
/// without scoring every candidate each time.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if wanted.len() > SUGGESTIBLE_BYTES {
        return None;
    }
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    scan(wanted, &candidates).map(|(_, c)| c)
}

/// The closest candidate of all and its score, every candidate looked at. Many candidates
/// (a million ids): split among the cores. The best of the bests is the same candidate
/// whatever the split: highest score, then first in string order.
fn scan<'a>(wanted: &str, candidates: &[&'a str]) -> Option<(f64, &'a str)> {
    if candidates.len() < PARALLEL_CANDIDATES {
        return best_of(wanted, candidates);
    }
    candidates.par_chunks(PARALLEL_CANDIDATES).map(|part| best_of(wanted, part)).reduce(|| None, pick)
}

/// The longest text (in bytes) that gets a "did you mean": no id, property name or allowed
/// value is anywhere near as long, and scoring a huge value against every candidate would
/// take seconds (Jaro-Winkler's match window grows with the longer text).
const SUGGESTIBLE_BYTES: usize = 1024;

/// At least this many candidates before [`closest`] uses more than one thread, and the
/// candidates each thread takes at a time.
const PARALLEL_CANDIDATES: usize = 8_192;

/// The lowest score that can be suggested.
const ENOUGH: f64 = 0.8;

/// Slack for comparing an upper bound with a score: the bound and the score are computed
/// by different sums, so equal in arithmetic may differ in the last bits.
const SLACK: f64 = 1e-9;

/// Whether `(score, candidate)` beats `best`: a higher score, or the same score and first
/// in string order.
fn better(score: f64, candidate: &str, best: Option<(f64, &str)>) -> bool {
    match best {
        None => true,
        Some((top, name)) => score.total_cmp(&top).then_with(|| name.cmp(candidate)).is_gt(),
    }
}

/// The better of two answers, by [`better`].
fn pick<'a>(a: Option<(f64, &'a str)>, b: Option<(f64, &'a str)>) -> Option<(f64, &'a str)> {
    match b {
        Some((score, candidate)) if better(score, candidate, a) => b,
        _ => a,
    }
}

/// The closest candidate close enough to help, and its score.
fn best_of<'a>(wanted: &str, candidates: &[&'a str]) -> Option<(f64, &'a str)> {
    let mut search = Search::new(wanted);
    for &candidate in candidates {
        search.offer(candidate);
    }
    search.best
}

/// One search for the candidate closest to `wanted`: the best so far, and what scoring
/// against `wanted` reuses.
struct Search<'w, 'a> {
    wanted: &'w str,
    /// Whether `wanted` is scored by [`jaro_winkler_ascii`] and bounded by [`Bound`].
    ascii: bool,
    bound: Bound<'w>,
    scratch: Scratch,
    best: Option<(f64, &'a str)>,
}

impl<'w, 'a> Search<'w, 'a> {
    fn new(wanted: &'w str) -> Search<'w, 'a> {
        let ascii = wanted.is_ascii() && wanted.len() <= 128;
        Search { wanted, ascii, bound: Bound::new(wanted.as_bytes()), scratch: Scratch::new(), best: None }
    }

    /// The score a candidate must reach to change the answer (ties are settled by name).
    fn floor(&self) -> f64 {
        self.best.map_or(ENOUGH, |(score, _)| score.max(ENOUGH))
    }

    /// Scores `candidate` and keeps it if it is the best so far.
    fn offer(&mut self, candidate: &'a str) {
        let score = if self.ascii && candidate.is_ascii() {
            // Skip the comparison when even its upper bound cannot beat the best so far.
            if self.bound.of(candidate.as_bytes()) + SLACK < self.floor() {
                return;
            }
            jaro_winkler_ascii(self.wanted.as_bytes(), candidate.as_bytes(), &mut self.scratch)
        } else {
            strsim::jaro_winkler(self.wanted, candidate)
        };
        if score >= ENOUGH && better(score, candidate, self.best) {
            self.best = Some((score, candidate));
        }
    }
}

/// The upper bound of a Jaro-Winkler score between strings of `a_len` and `b_len` bytes
/// with at most `common` matching bytes, the first `prefix` (at most 4) of them equal:
/// every match matches, no transposition, and the prefix boost whatever the similarity.
/// It grows with `common` and with `prefix`, so a larger count of either, true of a
/// whole group of candidates, bounds each of them (see [`Block`]).
fn ceiling(a_len: usize, b_len: usize, common: usize, prefix: usize) -> f64 {
    if common == 0 {
        return 0.0;
    }
    let m = common.min(a_len).min(b_len) as f64;
    let sim = (m / a_len as f64 + m / b_len as f64 + 1.0) / 3.0;
    sim + 0.1 * prefix as f64 * (1.0 - sim)
}

/// The match window of Jaro between strings of `a_len` and `b_len` bytes: a byte at `i`
/// in one matches an equal byte at `j` in the other only when `|i - j| <= window`.
fn window(a_len: usize, b_len: usize) -> usize {
    (a_len.max(b_len) / 2).saturating_sub(1)
}

/// The positions `at - window ..= at + window` that are below `len` (at most 128), as a
/// bit set; empty when none is.
fn around(at: usize, window: usize, len: usize) -> u128 {
    let (low, high) = (at.saturating_sub(window), len.min(at + window + 1));
    if low >= high { 0 } else { (u128::MAX >> (128 - (high - low))) << low }
}

/// An upper bound of [`jaro_winkler_ascii`] against one string `a`: a byte of the
/// candidate can match only a byte of `a` equal to it and within the match window, and
/// each byte of `a` matches at most once; so for each byte value, the matches are at most
/// the fewer of its occurrences in `a` and of its occurrences in the candidate that have
/// one in `a` within the window.
struct Bound<'a> {
    a: &'a [u8],
    /// How often each byte value occurs in `a`.
    counts: [u8; 128],
    /// Where each byte value occurs in `a`, as a bit set (for `a` of at most 128 bytes).
    positions: [u128; 128],
    /// Scratch: how many of each byte value of the candidate were counted as common.
    used: [u8; 128],
}

impl<'a> Bound<'a> {
    fn new(a: &'a [u8]) -> Bound<'a> {
        let (mut counts, mut positions) = ([0u8; 128], [0u128; 128]);
        for (i, &x) in a.iter().enumerate() {
            let k = usize::from(x & 0x7f);
            counts[k] = counts[k].saturating_add(1);
            if i < 128 {
                positions[k] |= 1 << i;
            }
        }
        Bound { a, counts, positions, used: [0; 128] }
    }

    fn of(&mut self, b: &[u8]) -> f64 {
        let (a_len, b_len) = (self.a.len(), b.len());
        if a_len == 0 || b_len == 0 || a_len > 128 || b_len > 128 {
            return 1.0;
        }
        let window = window(a_len, b_len);
        let mut common = 0usize;
        for (j, &y) in b.iter().enumerate() {
            let k = usize::from(y & 0x7f);
            if self.used[k] < self.counts[k] && self.positions[k] & around(j, window, a_len) != 0 {
                self.used[k] += 1;
                common += 1;
            }
        }
        for &y in b {
            self.used[usize::from(y & 0x7f)] = 0;
        }
        let prefix = self.a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        ceiling(a_len, b_len, common, prefix)
    }

    /// For a candidate of `len` bytes: for each byte value, the positions of the
    /// candidate where it would have an equal byte of `a` within the match window.
    fn reach(&self, len: usize) -> [u128; 128] {
        let window = window(self.a.len(), len);
        let mut reach = [0u128; 128];
        for (i, &x) in self.a.iter().enumerate() {
            reach[usize::from(x & 0x7f)] |= around(i, window, len);
        }
        reach
    }
}

/// Candidates indexed for many "did you mean" searches: the same answer as [`closest`]
/// over the same candidates, without scoring each of them every time.
///
/// The ASCII candidates of 1 to 128 bytes (every id) are grouped by length, sorted by
/// their bytes taken in order (`actor-1520` as `-0125acort`, so that anagrams stand
/// together), and cut into [`Block`]s of [`BLOCK`] neighbours, each with an envelope: for
/// each byte value, the most times it occurs in one member and the positions where it
/// occurs in some member; and which bytes stand at each of the first four positions. From
/// the envelope comes an upper bound of the score of every member ([`Block::ceiling`]); a
/// search visits the blocks best bound first and stops at the first block whose bound is
/// below the best score found, or below the score that is close enough to help.
/// Neighbours in that order have nearly the same bytes, so the envelopes stay tight: among
/// 20 000 ids `actor-N` (1 252 blocks), a search for `no-such-actor-6522` looks into 62
/// blocks and scores 102 ids, one for `actr-6522` scores 24, where a scan would bound every
/// id (sorted as strings, `actor-1000` to `actor-1015` would share an envelope with every
/// digit).
///
/// Why the answer is the same: a block is skipped only when its bound is below the best
/// score so far (or below [`ENOUGH`]), and the bound is at least the score of each of its
/// members. For a member `b` and a byte value `y`, the matches of `y` are at most `y`'s
/// count in `wanted`, its count in `b` (at most the envelope's count), and the number of
/// positions of `y` in `b` (a subset of the envelope's positions) within the match window
/// of an occurrence of `y` in `wanted` (the window depends only on the two lengths, and
/// all members have the same length); the common prefix with `wanted` is at most the run
/// of leading positions where the envelope holds `wanted`'s byte. [`ceiling`] grows with
/// both, so the block's bound is at least `b`'s [`Bound`], which is at least `b`'s score.
/// So every skipped candidate scores below the answer, which is the highest score, then
/// the first in string order, whatever the order in which candidates are visited. Other
/// candidates (non-ASCII, longer) are always scored; a non-ASCII or empty `wanted` is
/// compared with every candidate, as [`closest`] does.
#[derive(Debug)]
pub struct Candidates<'a> {
    /// The indexed candidates (by length, then by their sorted bytes), then the others.
    sorted: Vec<&'a str>,
    /// How many of `sorted` are indexed in `blocks`.
    indexed: usize,
    blocks: Vec<Block>,
    /// The envelopes of all blocks, one entry per byte value that occurs in a block: the
    /// byte and the most times it occurs in one member, ...
    letters: Vec<(u8, u8)>,
    /// ... and the positions where it occurs in some member.
    places: Vec<u128>,
}

/// Candidates per [`Block`]: fewer make tighter envelopes, more make fewer bounds to
/// compute per search.
const BLOCK: usize = 16;

/// Neighbouring indexed candidates of one length, and their envelope.
#[derive(Debug)]
struct Block {
    /// The members: `Candidates::sorted[start..end]`.
    start: usize,
    end: usize,
    /// The length of every member, in bytes (1 to 128).
    len: usize,
    /// The envelope: `Candidates::letters[envelope.0..envelope.1]`, and the same of `places`.
    envelope: (usize, usize),
    /// For each of the first four positions, the set of bytes members have there.
    heads: [u128; 4],
}

impl Block {
    /// An upper bound of the score of every member against `wanted` (ASCII, 1 to 128
    /// bytes), given `reach`, its [`Bound::reach`] for the members' length.
    fn ceiling(&self, index: &Candidates, wanted: &Bound, reach: &[u128; 128]) -> f64 {
        let (from, to) = self.envelope;
        let mut common = 0;
        for (&(byte, most), &places) in index.letters[from..to].iter().zip(&index.places[from..to]) {
            let k = usize::from(byte);
            let near = (places & reach[k]).count_ones() as usize;
            common += usize::from(wanted.counts[k].min(most)).min(near);
        }
        let prefix =
            self.heads.iter().zip(wanted.a).take(self.len).take_while(|&(head, x)| head & 1 << (x & 0x7f) != 0);
        ceiling(wanted.a.len(), self.len, common, prefix.count())
    }
}

/// Whether a candidate or a wanted string can be bounded through a [`Block`].
fn indexable(s: &str) -> bool {
    s.is_ascii() && (1..=128).contains(&s.len())
}

impl<'a> Candidates<'a> {
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Candidates<'a> {
        let (mut sorted, others): (Vec<&'a str>, Vec<&'a str>) = candidates.into_iter().partition(|c| indexable(c));
        // The key is the length and the first 24 sorted bytes: enough to keep like ids
        // together, and a fixed size, with no allocation per candidate.
        sorted.par_sort_by_cached_key(|c| {
            let mut bytes = [0u8; 128];
            let bytes = &mut bytes[..c.len()];
            bytes.copy_from_slice(c.as_bytes());
            bytes.sort_unstable();
            let mut key = [0u8; 24];
            for (slot, &byte) in key.iter_mut().zip(bytes.iter()) {
                *slot = byte;
            }
            (c.len(), key)
        });
        let mut index =
            Candidates { sorted: Vec::new(), indexed: 0, blocks: Vec::new(), letters: Vec::new(), places: Vec::new() };
        let mut start = 0;
        for group in sorted.chunk_by(|a, b| a.len() == b.len()) {
            for members in group.chunks(BLOCK) {
                index.add_block(members, start);
                start += members.len();
            }
        }
        index.indexed = sorted.len();
        sorted.extend(others);
        index.sorted = sorted;
        index
    }

    fn add_block(&mut self, members: &[&str], start: usize) {
        let (mut most, mut places, mut heads) = ([0u8; 128], [0u128; 128], [0u128; 4]);
        let mut own = [0u8; 128];
        for member in members {
            let bytes = member.as_bytes();
            for (j, &x) in bytes.iter().enumerate() {
                let k = usize::from(x & 0x7f);
                own[k] += 1;
                places[k] |= 1 << j;
            }
            for &x in bytes {
                let k = usize::from(x & 0x7f);
                most[k] = most[k].max(own[k]);
                own[k] = 0;
            }
            for (head, &x) in heads.iter_mut().zip(bytes) {
                *head |= 1 << (x & 0x7f);
            }
        }
        let from = self.letters.len();
        for (byte, (&most, &places)) in (0u8..).zip(most.iter().zip(&places)) {
            if most > 0 {
                self.letters.push((byte, most));
                self.places.push(places);
            }
        }
        let len = members.first().map_or(0, |m| m.len());
        let envelope = (from, self.letters.len());
        self.blocks.push(Block { start, end: start + members.len(), len, envelope, heads });
    }

    /// The candidate closest to `wanted`, if any is close enough to help: the same as
    /// [`closest`] over the same candidates.
    pub fn closest(&self, wanted: &str) -> Option<&'a str> {
        if wanted.len() > SUGGESTIBLE_BYTES {
            return None;
        }
        if !indexable(wanted) {
            return scan(wanted, &self.sorted).map(|(_, c)| c);
        }
        let mut search = Search::new(wanted);
        for &other in &self.sorted[self.indexed..] {
            search.offer(other);
        }
        let mut hopeful: Vec<(f64, &Block)> = Vec::new();
        for group in self.blocks.chunk_by(|a, b| a.len == b.len) {
            let reach = search.bound.reach(group[0].len);
            for block in group {
                let bound = block.ceiling(self, &search.bound, &reach);
                if bound + SLACK >= ENOUGH {
                    hopeful.push((bound, block));
                }
            }
        }
        // Best bound first, so that the floor rises early and the rest are cut off.
        hopeful.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.start.cmp(&b.1.start)));
        for (bound, block) in hopeful {
            if bound + SLACK < search.floor() {
                break;
            }
            for &candidate in &self.sorted[block.start..block.end] {
                search.offer(candidate);
            }
        }
        search.best.map(|(_, c)| c)
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
        let range = window(a_len, b_len);
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

    #[test]
    fn a_huge_value_gets_no_suggestion_and_costs_nothing() {
        let huge = format!("protest{}", "x".repeat(SUGGESTIBLE_BYTES));
        assert_eq!(closest(&huge, ["protest", "protests"]), None);
        assert_eq!(Candidates::new(["protest", "protests"]).closest(&huge), None);
        let long = "x".repeat(SUGGESTIBLE_BYTES - 1);
        let near = format!("{long}y");
        assert_eq!(closest(&near, [long.as_str(), "other"]), Some(long.as_str()));
    }

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

    /// What the search returned before it skipped candidates: every score computed by
    /// strsim, the highest at least 0.8, then the first in string order.
    fn plain<'a>(wanted: &str, candidates: &[&'a str]) -> Option<&'a str> {
        candidates
            .iter()
            .map(|&c| (strsim::jaro_winkler(wanted, c), c))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
            .map(|(_, c)| c)
    }

    proptest::proptest! {
        #[test]
        fn the_index_finds_what_the_plain_search_finds(
            wanted in "[a-d-]{0,9}|[a-d]{1,4}日|[ -~]{120,130}",
            candidates in proptest::collection::vec("[a-d-]{1,9}|[a-d]{1,3}日|[a-z]{1,3}|[a-d]{129,130}|", 0..400),
        ) {
            let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
            let index = Candidates::new(candidates.iter().copied());
            proptest::prop_assert_eq!(index.closest(&wanted), plain(&wanted, &candidates));
        }

        #[test]
        fn a_block_bound_is_never_below_a_members_bound_or_score(
            wanted in "[a-e-]{1,12}",
            candidates in proptest::collection::vec("[a-e-]{1,12}", 1..200),
        ) {
            let index = Candidates::new(candidates.iter().map(String::as_str));
            let mut bound = Bound::new(wanted.as_bytes());
            for block in &index.blocks {
                let ceiling = block.ceiling(&index, &bound, &bound.reach(block.len));
                for member in &index.sorted[block.start..block.end] {
                    let own = bound.of(member.as_bytes());
                    proptest::prop_assert!(ceiling >= own, "{ceiling} < {own} for {member}");
                    let score = strsim::jaro_winkler(&wanted, member);
                    proptest::prop_assert!(ceiling + SLACK >= score, "{ceiling} < {score} for {member}");
                }
            }
        }
    }

    #[test]
    fn the_index_answers_as_the_plain_search_among_many_ids() {
        let ids: Vec<String> = (0..40_000)
            .map(|i| format!("actor-{i}"))
            .chain((0..3_000).map(|i| format!("place-{i}-tokyo")))
            .chain(["東京都".to_string(), "x".repeat(200)])
            .collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let index = Candidates::new(ids.iter().copied());
        for wanted in
            ["actor-1234x", "no-such-actor-39999", "actor-2", "zzz", "place-12-tokio", "actr-77", "東京", "", "actor-"]
        {
            assert_eq!(index.closest(wanted), best_of(wanted, &ids).map(|(_, c)| c), "{wanted}");
        }
        assert_eq!(index.closest("actor-1234x"), Some("actor-1234"));
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
