//! JSON pointer → byte span, computed only for the diagnostics that need it.
//!
//! Checks name what they complain about by JSON pointer; this module turns those
//! pointers into byte spans after all checks have run. Clean files are never scanned.
//! A file with diagnostics is scanned once, whatever the number of its diagnostics:
//! the pointers are gathered into a trie, and one forward pass over the text descends
//! only into values that some pointer names, skipping everything else without
//! tracking it. The pass is iterative (no recursion, whatever the nesting) and keeps no
//! tree, so it stays linear in the file size and small in memory.
//!
//! How a [`Target`] becomes a span:
//! - [`Target::Offset`]: the character at that offset (an empty span at the end of a
//!   line or of the file);
//! - [`Target::Value`]: the whole value, brackets included;
//! - [`Target::Key`]: the quoted key under which the value stands; for an array element
//!   or the root, which have no key, the value;
//! - [`Target::Open`]: the opening `{` or `[`; for a scalar, the value.
//!
//! A pointer that does not resolve falls back to its deepest existing ancestor, marked
//! as [`Target::Open`] would mark it (the ancestor's opening bracket: the problem lies
//! somewhere inside it). When a key occurs twice in one object, a pointer names the
//! last occurrence, as `serde_json` keeps the last value. If not even the root value
//! can be found (a file that is not JSON), the first character of the file is used.

use crate::diagnostic::{Diagnostic, FileId, Location, Span, Target};
use crate::source::Files;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Fill in the span of every location (primary and related) that has none.
pub fn resolve(files: &Files, diagnostics: &mut [Diagnostic]) {
    // Pointer locations, grouped per file: (diagnostic index, 0 = primary / i + 1 = related[i]).
    let mut by_file: HashMap<FileId, Vec<(usize, usize)>> = HashMap::new();
    for (d, diagnostic) in diagnostics.iter_mut().enumerate() {
        let locations =
            std::iter::once(&mut diagnostic.location).chain(diagnostic.related.iter_mut().map(|l| &mut l.location));
        for (l, location) in locations.enumerate() {
            if location.span.is_some() {
                continue;
            }
            match location.target {
                Target::Offset(offset) => location.span = Some(char_span(&files.get(location.file).text, offset)),
                Target::Value | Target::Key | Target::Open => by_file.entry(location.file).or_default().push((d, l)),
            }
        }
    }
    let mut files_to_scan: Vec<_> = by_file.into_iter().collect();
    files_to_scan.sort_unstable_by_key(|(file, _)| *file);
    // One scan per file, the files on as many threads as there are cores.
    let shared: &[Diagnostic] = diagnostics;
    let found: Vec<_> = files_to_scan
        .into_par_iter()
        .map(|(file, wanted)| {
            let source = files.get(file);
            let text = &source.text;
            let mut trie = Trie::default();
            let nodes: Vec<usize> = wanted.iter().map(|&(d, l)| trie.insert(&location(shared, d, l).pointer)).collect();
            trie.scan(text);
            // Every span is shown as line:column, from the file's line index: build it
            // here, while the text is in cache and one file per core, rather than one file
            // after another where the first diagnostic is rendered.
            source.line_count();
            wanted
                .iter()
                .zip(nodes)
                .map(|(&(d, l), node)| ((d, l), trie.span(text, node, location(shared, d, l).target)))
                .collect::<Vec<_>>()
        })
        .collect();
    for ((d, l), span) in found.into_iter().flatten() {
        location_mut(diagnostics, d, l).span = Some(span);
    }
}

fn location(diagnostics: &[Diagnostic], d: usize, l: usize) -> &Location {
    let diagnostic = &diagnostics[d];
    if l == 0 { &diagnostic.location } else { &diagnostic.related[l - 1].location }
}

fn location_mut(diagnostics: &mut [Diagnostic], d: usize, l: usize) -> &mut Location {
    let diagnostic = &mut diagnostics[d];
    if l == 0 { &mut diagnostic.location } else { &mut diagnostic.related[l - 1].location }
}

/// The span of the character at `offset` (moved back to a character boundary), or an
/// empty span at the end of the text or of a line (a line break is not shown as a
/// character: the caret goes just past the line's last character).
pub(crate) fn char_span(text: &str, offset: usize) -> Span {
    let mut start = offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let end = match text[start..].chars().next() {
        None | Some('\n') => start,
        Some('\r') if text[start + 1..].starts_with('\n') => start,
        Some(c) => start + c.len_utf8(),
    };
    Span::new(start, end)
}

/// The unescaped reference tokens of an RFC 6901 pointer (`~1` is `/`, `~0` is `~`).
pub(crate) fn pointer_segments(pointer: &str) -> Vec<Cow<'_, str>> {
    if pointer.is_empty() {
        return Vec::new();
    }
    let body = pointer.strip_prefix('/').unwrap_or(pointer);
    body.split('/').map(crate::pointer::unescape).collect()
}

use crate::pointer::escape as escape_segment;

/// An RFC 6901 array index: `0`, or digits without a leading zero.
fn array_index(segment: &str) -> Option<usize> {
    let digits = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    if digits && (segment == "0" || !segment.starts_with('0')) { segment.parse().ok() } else { None }
}

/// One pointer prefix, and what the scan found for it.
#[derive(Debug, Default)]
struct Node {
    parent: Option<usize>,
    /// Children by object key, and the same children by array index where the token is one.
    keys: HashMap<String, usize>,
    indices: HashMap<usize, usize>,
    /// Set when the scan reached this value.
    found: bool,
    key: Option<Span>,
    /// Where the value starts, and its span once its end is known.
    start: usize,
    value: Option<Span>,
}

/// The pointers of one file's locations, sharing prefixes.
#[derive(Debug)]
struct Trie {
    nodes: Vec<Node>,
}

impl Default for Trie {
    fn default() -> Trie {
        Trie { nodes: vec![Node::default()] }
    }
}

/// A container being scanned whose node has children.
struct Frame {
    node: usize,
    start: usize,
    array: bool,
    index: usize,
}

impl Trie {
    fn insert(&mut self, pointer: &str) -> usize {
        let mut node = 0;
        for segment in pointer_segments(pointer) {
            node = match self.nodes[node].keys.get(segment.as_ref()) {
                Some(&child) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(Node { parent: Some(node), ..Node::default() });
                    if let Some(i) = array_index(&segment) {
                        self.nodes[node].indices.insert(i, child);
                    }
                    self.nodes[node].keys.insert(segment.into_owned(), child);
                    child
                }
            };
        }
        node
    }

    fn has_children(&self, node: usize) -> bool {
        !self.nodes[node].keys.is_empty()
    }

    /// One pass over the text, recording the spans of every node reached.
    fn scan(&mut self, text: &str) {
        let mut cursor = Cursor::new(text);
        cursor.skip_bom_and_ws();
        let mut stack: Vec<Frame> = Vec::new();
        if !self.enter(&mut cursor, 0, None, &mut stack) {
            return;
        }
        while let Some(frame) = stack.last_mut() {
            cursor.skip_ws();
            let Some(c) = cursor.peek() else { return };
            match c {
                b',' => cursor.pos += 1,
                b'}' | b']' => {
                    cursor.pos += 1;
                    self.nodes[frame.node].value = Some(Span::new(frame.start, cursor.pos));
                    stack.pop();
                }
                _ if frame.array => {
                    let index = frame.index;
                    frame.index += 1;
                    let child = self.nodes[frame.node].indices.get(&index).copied();
                    if !self.member(&mut cursor, child, None, &mut stack) {
                        return;
                    }
                }
                b'"' => {
                    let node = frame.node;
                    let Some(key) = cursor.string() else { return };
                    cursor.skip_ws();
                    if cursor.peek() != Some(b':') {
                        return;
                    }
                    cursor.pos += 1;
                    cursor.skip_ws();
                    let child = match decode_key(text, key) {
                        Some(name) => self.nodes[node].keys.get(name.as_ref()).copied(),
                        None => None,
                    };
                    if !self.member(&mut cursor, child, Some(key), &mut stack) {
                        return;
                    }
                }
                _ => return,
            }
        }
    }

    /// A member value: entered when a pointer names it, skipped otherwise.
    fn member(&mut self, cursor: &mut Cursor, child: Option<usize>, key: Option<Span>, stack: &mut Vec<Frame>) -> bool {
        match child {
            Some(child) => self.enter(cursor, child, key, stack),
            None => cursor.skip_value().is_some(),
        }
    }

    /// Reach the value at the cursor for `node`. Returns false when the text ends or is
    /// not JSON here.
    fn enter(&mut self, cursor: &mut Cursor, node: usize, key: Option<Span>, stack: &mut Vec<Frame>) -> bool {
        if self.nodes[node].found {
            // The key occurs again in its object: the last occurrence wins.
            self.forget_below(node);
        }
        let start = cursor.pos;
        let n = &mut self.nodes[node];
        n.found = true;
        n.key = key;
        n.start = start;
        let container = matches!(cursor.peek(), Some(b'{' | b'['));
        if container && self.has_children(node) {
            stack.push(Frame { node, start, array: cursor.peek() == Some(b'['), index: 0 });
            cursor.pos += 1;
            return true;
        }
        let Some(end) = cursor.skip_value() else {
            return false;
        };
        self.nodes[node].value = Some(Span::new(start, end));
        true
    }

    fn forget_below(&mut self, node: usize) {
        let mut pending: Vec<usize> = self.nodes[node].keys.values().copied().collect();
        while let Some(n) = pending.pop() {
            let child = &mut self.nodes[n];
            if child.found {
                child.found = false;
                child.key = None;
                child.value = None;
                pending.extend(child.keys.values().copied());
            }
        }
    }

    /// The span for a location whose pointer ends at `node`.
    fn span(&self, text: &str, node: usize, target: Target) -> Span {
        let mut n = node;
        while !self.nodes[n].found {
            match self.nodes[n].parent {
                Some(parent) => n = parent,
                None => return char_span(text, 0),
            }
        }
        let found = &self.nodes[n];
        // A value still open when the text ended: from its start to the end of the text.
        let value = found.value.unwrap_or(Span::new(found.start, text.len()));
        let target = if n == node { target } else { Target::Open };
        match target {
            Target::Value => value,
            Target::Key => found.key.unwrap_or(value),
            Target::Open | Target::Offset(_) => match text.as_bytes().get(value.start) {
                Some(b'{' | b'[') => Span::new(value.start, value.start + 1),
                _ => value,
            },
        }
    }
}

/// The text of a key (a span of a quoted string), unescaped when it has escapes.
fn decode_key(text: &str, quoted: Span) -> Option<Cow<'_, str>> {
    let raw = &text[quoted.start..quoted.end];
    let inner = raw.get(1..raw.len().saturating_sub(1))?;
    if inner.contains('\\') {
        serde_json::from_str::<String>(raw).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

/// A position in JSON text with the few moves a scan needs. Lenient: it does not
/// validate, it only finds where values begin and end, and never recurses.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Cursor<'a> {
        Cursor { bytes: text.as_bytes(), pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn skip_bom_and_ws(&mut self) {
        if self.bytes.starts_with("\u{feff}".as_bytes()) {
            self.pos = 3;
        }
        self.skip_ws();
    }

    /// A string at the cursor (which is on its opening quote); its span, quotes included.
    fn string(&mut self) -> Option<Span> {
        let start = self.pos;
        let mut i = start + 1;
        loop {
            i = seek(self.bytes, i, |word| equal(word, b'"') | equal(word, b'\\'), |b| matches!(b, b'"' | b'\\'));
            match self.bytes.get(i)? {
                b'"' => break,
                _ => i += 2,
            }
        }
        self.pos = i + 1;
        Some(Span::new(start, self.pos))
    }

    /// Skip the value at the cursor; returns its end. Containers are skipped by counting
    /// brackets outside strings.
    fn skip_value(&mut self) -> Option<usize> {
        match self.peek()? {
            b'"' => self.string().map(|s| s.end),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    // Only quotes and brackets matter here: jump to the next one.
                    self.pos = seek(self.bytes, self.pos, brackets_or_quote, |b| {
                        matches!(b, b'"' | b'{' | b'[' | b'}' | b']')
                    });
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                        }
                        b'{' | b'[' => {
                            depth += 1;
                            self.pos += 1;
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            self.pos += 1;
                            if depth == 0 {
                                return Some(self.pos);
                            }
                        }
                        _ => self.pos += 1,
                    }
                }
            }
            b',' | b':' | b'}' | b']' => None,
            _ => {
                let start = self.pos;
                while let Some(c) = self.peek() {
                    if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' | b'{' | b'}' | b'[' | b']' | b'"') {
                        break;
                    }
                    self.pos += 1;
                }
                (self.pos > start).then_some(self.pos)
            }
        }
    }
}

/// Eight bytes at a time: the first position from `from` on whose byte `is` accepts, or
/// the end of `bytes`. `marks` must mark (with its high bit) the bytes of a
/// little-endian word that `is` accepts, at least the first of them, and mark no byte
/// before that first one; [`equal`] does.
///
/// Skipping a value is most of what locating does, and most of a value is text and
/// indentation that no pointer can name: this looks at them a word at a time.
fn seek(bytes: &[u8], from: usize, marks: impl Fn(u64) -> u64, is: impl Fn(u8) -> bool) -> usize {
    let mut i = from;
    while let Some(word) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
        let found = marks(u64::from_le_bytes(*word));
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !is(bytes[i]) {
        i += 1;
    }
    i
}

/// `0x0101…01`: one in every byte of a word.
const ONES: u64 = u64::from_le_bytes([1; 8]);

/// Marks the bytes of `word` equal to `byte` with their high bit. The lowest mark is
/// exact; a mark above a true one may be false (the borrow of the subtraction runs into
/// the next byte), which is why [`seek`] takes only the lowest.
fn equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}

/// The marks of [`equal`] for `"`, `{`, `[`, `}` and `]`. Setting bit 5 of every byte
/// turns `[` into `{` and `]` into `}`, and no other byte into either.
fn brackets_or_quote(word: u64) -> u64 {
    let folded = word | (ONES << 5);
    equal(word, b'"') | equal(folded, b'{') | equal(folded, b'}')
}

/// One step of a path that tells apart the occurrences of a repeated key: the
/// `occurrence`-th (from 0) member named `name` in its object, or an array element.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Step {
    Key(String, usize),
    Index(usize),
}

/// The JSON pointer of a path (occurrences dropped).
pub(crate) fn steps_pointer(steps: &[Step]) -> String {
    let mut pointer = String::new();
    for step in steps {
        pointer.push('/');
        match step {
            Step::Key(name, _) => pointer.push_str(&escape_segment(name)),
            Step::Index(i) => pointer.push_str(&i.to_string()),
        }
    }
    pointer
}

/// The key spans of members named by occurrence paths (each ending in [`Step::Key`]),
/// found in one pass that descends only along the paths. Used for duplicate keys,
/// where a pointer alone cannot tell the occurrences apart.
pub(crate) fn key_spans(text: &str, paths: &[Vec<Step>]) -> HashMap<Vec<Step>, Span> {
    let wanted: HashSet<&[Step]> = paths.iter().map(Vec::as_slice).collect();
    let prefixes: HashSet<&[Step]> = paths.iter().flat_map(|p| (0..p.len()).map(move |n| &p[..n])).collect();
    let mut found = HashMap::new();
    let mut cursor = Cursor::new(text);
    cursor.skip_bom_and_ws();
    if !matches!(cursor.peek(), Some(b'{' | b'[')) || !prefixes.contains(&[][..]) {
        return found;
    }
    struct Open<'t> {
        array: bool,
        index: usize,
        counts: HashMap<Cow<'t, str>, usize>,
    }
    let mut path: Vec<Step> = Vec::new();
    let mut stack = vec![Open { array: cursor.peek() == Some(b'['), index: 0, counts: HashMap::new() }];
    cursor.pos += 1;
    while let Some(frame) = stack.last_mut() {
        cursor.skip_ws();
        let Some(c) = cursor.peek() else { break };
        let (step, key) = match c {
            b',' => {
                cursor.pos += 1;
                continue;
            }
            b'}' | b']' => {
                cursor.pos += 1;
                stack.pop();
                path.pop();
                continue;
            }
            _ if frame.array => {
                frame.index += 1;
                (Step::Index(frame.index - 1), None)
            }
            b'"' => {
                let Some(key) = cursor.string() else { break };
                cursor.skip_ws();
                if cursor.peek() != Some(b':') {
                    break;
                }
                cursor.pos += 1;
                cursor.skip_ws();
                let Some(name) = decode_key(text, key) else {
                    break;
                };
                let count = frame.counts.entry(name.clone()).or_insert(0);
                *count += 1;
                (Step::Key(name.into_owned(), *count - 1), Some(key))
            }
            _ => break,
        };
        path.push(step);
        if let Some(key) = key
            && wanted.contains(path.as_slice())
        {
            found.insert(path.clone(), key);
        }
        let open = cursor.peek();
        if matches!(open, Some(b'{' | b'[')) && prefixes.contains(path.as_slice()) {
            stack.push(Open { array: open == Some(b'['), index: 0, counts: HashMap::new() });
            cursor.pos += 1;
        } else {
            path.pop();
            if cursor.skip_value().is_none() {
                break;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn located(text: &str, locations: Vec<Location>) -> Vec<String> {
        let mut files = Files::default();
        files.add(SourceFile::new("t.json", text));
        let mut diagnostics: Vec<Diagnostic> =
            locations.into_iter().map(|l| Diagnostic::error("T001", l, "test")).collect();
        resolve(&files, &mut diagnostics);
        diagnostics
            .iter()
            .map(|d| {
                let span = d.location.span.expect("every location gets a span");
                text[span.start..span.end].to_string()
            })
            .collect()
    }

    const DOC: &str = r#"{
  "title": {"en": "Treaty", "ja": "日米安全保障条約"},
  "articles": [
    {"n": 1, "text": "…"},
    {"n": 2, "tags": ["a", "b"]}
  ],
  "a/b": 1,
  "m~n": {"x": true},
  "": 0
}"#;

    proptest::proptest! {
        #[test]
        fn seek_finds_the_first_byte_as_a_plain_loop_does(text in "[ -~é日\n]{0,40}", from in 0usize..48) {
            let bytes = text.as_bytes();
            let plain = |is: fn(u8) -> bool| (from..bytes.len()).find(|&i| is(bytes[i])).unwrap_or(bytes.len().max(from));
            let quote_or_escape: fn(u8) -> bool = |b| matches!(b, b'"' | b'\\');
            let fast = seek(bytes, from, |word| equal(word, b'"') | equal(word, b'\\'), quote_or_escape);
            proptest::prop_assert_eq!(fast, plain(quote_or_escape));
            let structural: fn(u8) -> bool = |b| matches!(b, b'"' | b'{' | b'[' | b'}' | b']');
            proptest::prop_assert_eq!(seek(bytes, from, brackets_or_quote, structural), plain(structural));
        }
    }

    #[test]
    fn keys_values_and_open_brackets() {
        let found = located(
            DOC,
            vec![
                Location::value(0, "/title"),
                Location::key(0, "/title"),
                Location::open(0, "/title"),
                Location::value(0, "/title/ja"),
                Location::key(0, "/title/ja"),
                Location::open(0, "/articles"),
                Location::value(0, "/articles/1/tags/1"),
                Location::key(0, "/articles/0"),
                Location::open(0, "/articles/0/n"),
                Location::key(0, ""),
            ],
        );
        assert_eq!(
            found,
            [
                r#"{"en": "Treaty", "ja": "日米安全保障条約"}"#,
                r#""title""#,
                "{",
                r#""日米安全保障条約""#,
                r#""ja""#,
                "[",
                r#""b""#,
                r#"{"n": 1, "text": "…"}"#,
                "1",
                DOC,
            ]
        );
    }

    #[test]
    fn escaped_pointer_segments() {
        let found = located(
            DOC,
            vec![
                Location::value(0, "/a~1b"),
                Location::key(0, "/m~0n/x"),
                Location::value(0, "/m~0n/x"),
                Location::key(0, "/"),
            ],
        );
        assert_eq!(found, ["1", r#""x""#, "true", r#""""#]);
    }

    #[test]
    fn escaped_keys_in_the_text_match() {
        let text = r#"{"\u0074itle": {"ja": "安保"}}"#;
        assert_eq!(located(text, vec![Location::key(0, "/title")]), [r#""\u0074itle""#]);
    }

    #[test]
    fn missing_pointer_falls_back_to_the_deepest_ancestor() {
        let found = located(
            DOC,
            vec![
                Location::value(0, "/title/fr"),
                Location::key(0, "/articles/7/n"),
                Location::value(0, "/articles/01"),
                Location::value(0, "/articles/-"),
                Location::value(0, "/title/en/deeper"),
                Location::value(0, "/nothing/here"),
            ],
        );
        assert_eq!(found, ["{", "[", "[", "[", r#""Treaty""#, "{"]);
    }

    #[test]
    fn offsets_are_one_character_or_empty_at_the_end() {
        let text = "{\"ja\": \"安\",\r\n\"x\": 1}";
        let at = text.find('安').unwrap();
        let found = located(
            text,
            vec![
                Location::offset(0, at),
                Location::offset(0, at + 1),
                Location::offset(0, text.find('\r').unwrap()),
                Location::offset(0, text.len()),
            ],
        );
        assert_eq!(found, ["安", "安", "", ""]);
    }

    #[test]
    fn related_locations_and_several_files() {
        let mut files = Files::default();
        files.add(SourceFile::new("a.json", r#"{"id": "x"}"#));
        files.add(SourceFile::new("b.json", r#"{"ref": "x"}"#));
        let mut diagnostics = vec![
            Diagnostic::error("T001", Location::value(1, "/ref"), "dangling")
                .with_related(Location::key(0, "/id"), "here"),
        ];
        resolve(&files, &mut diagnostics);
        assert_eq!(diagnostics[0].location.span, Some(Span::new(8, 11)));
        assert_eq!(diagnostics[0].related[0].location.span, Some(Span::new(1, 5)));
    }

    #[test]
    fn a_repeated_key_resolves_to_its_last_occurrence() {
        let text = r#"{"a": {"x": 1}, "a": {"y": 2}}"#;
        let found = located(text, vec![Location::key(0, "/a"), Location::value(0, "/a/x"), Location::value(0, "/a/y")]);
        assert_eq!(found, [r#""a""#, "{", "2"]);
    }

    #[test]
    fn text_that_is_not_json_still_gets_a_span() {
        assert_eq!(located("", vec![Location::value(0, "/a")]), [""]);
        assert_eq!(located("nonsense", vec![Location::value(0, "/a")]), ["nonsense"]);
        assert_eq!(located("{\"a\": [1, 2", vec![Location::value(0, "/a/1")]), ["2"]);
        assert_eq!(located("{\"a\": [1, 2", vec![Location::value(0, "/a/5")]), ["["]);
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let depth = 200_000;
        let text = format!("{{\"deep\": {}{}, \"after\": 1}}", "[".repeat(depth), "]".repeat(depth));
        let found = located(&text, vec![Location::value(0, "/after"), Location::open(0, "/deep/0/0/0")]);
        assert_eq!(found, ["1", "["]);
    }

    #[test]
    fn many_pointers_into_a_large_file_are_answered_in_one_pass() {
        let records: Vec<String> = (0..50_000).map(|i| format!("{{\"id\": \"r{i}\", \"n\": {i}}}")).collect();
        let text = format!("{{\"records\": [\n{}\n]}}", records.join(",\n"));
        let locations: Vec<Location> =
            (0..50_000).step_by(5).map(|i| Location::value(0, format!("/records/{i}/n"))).collect();
        let found = located(&text, locations);
        assert_eq!(found.len(), 10_000);
        assert_eq!(found[3], "15");
        assert_eq!(found[9_999], "49995");
    }

    #[test]
    fn key_spans_tell_occurrences_apart() {
        let text = r#"{"a": {"x": 1}, "a": {"x": 2, "x": 3}}"#;
        let a1 = vec![Step::Key("a".into(), 1)];
        let x1 = vec![Step::Key("a".into(), 1), Step::Key("x".into(), 1)];
        let x0 = vec![Step::Key("a".into(), 1), Step::Key("x".into(), 0)];
        let spans = key_spans(text, &[a1.clone(), x1.clone(), x0.clone()]);
        let at = |p: &Vec<Step>| spans[p].start;
        assert_eq!(at(&a1), 16);
        assert_eq!(at(&x0), text.find(r#""x": 2"#).unwrap());
        assert_eq!(at(&x1), text.find(r#""x": 3"#).unwrap());
        assert_eq!(steps_pointer(&x1), "/a/x");
    }
}
