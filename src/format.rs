//! The canonical form of a data file: what `anpo fmt` writes, and what a release ships.
//!
//! One form for every file, so that contributors' diffs show only what they changed and
//! two pull requests rarely touch the same lines.
//!
//! # The canonical form
//!
//! - **Key order from the schema.** The members of every object are written in the order
//!   its schema definition lists its `properties` (read from the embedded schema's text,
//!   which keeps that order; `$ref`s are followed, and the `properties` of `allOf`,
//!   `anyOf` and `oneOf` branches come after the definition's own). A file's top level
//!   starts with `$schema`, then `dataset`, then the collections in the schema's order.
//!   Keys the schema does not know keep their relative order, after the known ones; so
//!   do all the keys of an object the schema does not describe.
//! - **Records by id.** The records of each collection (a top-level array the schema
//!   declares) are sorted by `id`, in byte order; records without a string `id` follow, in
//!   their order. The sort is stable. Every other array keeps its order: it is data.
//! - **Layout.** Two-space indent; one member or element per line; `"key": value`; empty
//!   objects and arrays as `{}` and `[]`; `\n` line ends; one final newline (the layout of
//!   `serde_json::to_string_pretty`).
//! - **Strings.** UTF-8, unescaped, except where JSON requires an escape: `\"`, `\\`, and
//!   control characters (`\b`, `\f`, `\n`, `\r`, `\t`, others as `\u001f`, lower-case
//!   hex). `\u00e9`, `\/` and the like are written as the characters they stand for.
//! - **Numbers** are written exactly as in the source text (`1.0`, `1e3` and `-0` stay
//!   as they are): the formatter works on the file's tokens and never converts a number.
//!
//! Formatting never changes a value: parsed as JSON, the output equals the input, with the
//! collections equal as sets of records. It is idempotent. It refuses a file that fails
//! the strict reading of [`crate::syntax`] (invalid UTF-8, a byte-order mark, a syntax
//! error, a root that is not an object, a duplicate key, nesting too deep): such a file
//! has no canonical form, and its diagnostics say why. Schema errors do not stop it: a
//! file with an unknown key or a missing one is still formatted.

use crate::diagnostic::{Diagnostic, Location};
use crate::locate;
use crate::schema::SCHEMA_TEXT;
use crate::source::{Files, SourceFile};
use crate::syntax::{self, Parsed};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// The canonical form of a data file's text.
///
/// On failure, the diagnostics of the strict reading ([`crate::syntax`] codes `S002`–`S006`),
/// for file id 0 and located (spans filled in) against `text`: to print them, put `text`
/// at id 0 of a [`Files`] and hand both to [`crate::render::render`].
///
/// ```
/// let text = "{\"events\": [{\"title\": \"安保\", \"id\": \"b\"}, {\"id\": \"a\"}], \"$schema\": \"x\"}";
/// let canonical = anpo::format::canonical(text).unwrap();
/// assert!(canonical.starts_with("{\n  \"$schema\": \"x\",\n  \"events\": [\n    {\n      \"id\": \"a\""));
/// assert_eq!(anpo::format::canonical(&canonical).unwrap(), canonical);
/// ```
pub fn canonical(text: &str) -> Result<String, Vec<Diagnostic>> {
    FORMATTER.canonical(text)
}

/// The canonical form of a file's bytes, read as file `file`; or, when the strict reading
/// fails, what it produced (the text to show and the diagnostics, not yet located: pass
/// them through [`crate::locate::resolve`] with the text at id `file`).
pub fn canonical_bytes(file: crate::diagnostic::FileId, bytes: &[u8]) -> Result<String, Parsed> {
    FORMATTER.canonical_bytes(file, bytes)
}

/// The canonical form of the text of a file that has passed the strict reading (as every
/// file of a validated dataset has): [`canonical`] without reading it twice. Errs, without
/// a located diagnostic, should the text not be JSON after all.
pub fn canonical_checked(text: &str) -> Result<String, String> {
    FORMATTER.canonical_checked(text)
}

static FORMATTER: LazyLock<Formatter> = LazyLock::new(Formatter::new);

/// Writes the canonical form with the key order of one schema. [`canonical`] uses the
/// embedded schema; a `Formatter` of its own is for another schema (a fork's, a test's).
#[derive(Debug, Clone)]
pub struct Formatter {
    /// What the writer needs of each object schema, worked out once: the schema's nodes
    /// that describe values, after `$ref`s are followed.
    shapes: Vec<Shape>,
    /// The shape of a file's top level.
    root: Option<usize>,
}

/// The key order and the member schemas of one schema node (an index into
/// [`Formatter::shapes`] stands for a schema node; `None` for "unknown").
#[derive(Debug, Clone, Default)]
struct Shape {
    /// Each declared member's place in the order, and the shape of its value.
    members: HashMap<String, (usize, Option<usize>)>,
    /// The shape of the members it does not declare (`additionalProperties`).
    additional: Option<usize>,
    /// The shape of its elements, if it describes an array (`items`).
    items: Option<usize>,
}

impl Default for Formatter {
    fn default() -> Formatter {
        Formatter::new()
    }
}

impl Formatter {
    /// A formatter for the embedded schema, [`SCHEMA_TEXT`].
    pub fn new() -> Formatter {
        Formatter::compile(SCHEMA_TEXT).expect("the embedded schema is valid JSON")
    }

    /// A formatter for the schema in `schema_text` (a JSON Schema whose local `$ref`s
    /// are of the form `#/…`). Errs if the text is not JSON.
    pub fn with_schema(schema_text: &str) -> Result<Formatter, String> {
        let parsed = syntax::parse(0, schema_text.as_bytes());
        if let Some(d) = parsed.diagnostics.first() {
            return Err(format!("the schema is not valid JSON: {}", d.message));
        }
        Formatter::compile(schema_text)
    }

    /// The formatter for a schema text known to be valid JSON (the embedded one is held to
    /// that by the tests): read once, into the tree that keeps its key order.
    fn compile(schema_text: &str) -> Result<Formatter, String> {
        let schema = read_tree(schema_text)?;
        let mut compiler = Compiler { schema: &schema, ids: HashMap::new(), shapes: Vec::new() };
        let root = compiler.resolve(&schema).map(|node| compiler.shape(node));
        Ok(Formatter { shapes: compiler.shapes, root })
    }

    /// [`canonical`] with this formatter's schema.
    pub fn canonical(&self, text: &str) -> Result<String, Vec<Diagnostic>> {
        self.canonical_bytes(0, text.as_bytes()).map_err(|parsed| {
            let mut diagnostics = parsed.diagnostics;
            let mut files = Files::default();
            files.add(SourceFile::new("<input>", parsed.text));
            locate::resolve(&files, &mut diagnostics);
            diagnostics
        })
    }

    /// [`canonical_bytes`] with this formatter's schema.
    pub fn canonical_bytes(&self, file: crate::diagnostic::FileId, bytes: &[u8]) -> Result<String, Parsed> {
        let mut parsed = syntax::parse(file, bytes);
        if !parsed.diagnostics.is_empty() {
            return Err(parsed);
        }
        // The strict reading accepted the text, so the token reader does too; should it
        // not, the file is refused rather than written wrongly.
        match self.canonical_checked(&parsed.text) {
            Ok(out) => Ok(out),
            Err(message) => {
                parsed.diagnostics.push(
                    Diagnostic::error("S003", Location::offset(file, 0), format!("invalid JSON: {message}"))
                        .with_label("cannot be read")
                        .with_help("the file could not be read token by token; please report this as a bug"),
                );
                Err(parsed)
            }
        }
    }

    /// [`canonical_checked`] with this formatter's schema.
    pub fn canonical_checked(&self, text: &str) -> Result<String, String> {
        let tree = read_tree(text)?;
        let mut out = String::with_capacity(text.len() + text.len() / 4);
        self.write_root(&tree, &mut out);
        Ok(out)
    }

    /// The whole file: the root object, then the final newline.
    fn write_root(&self, root: &Node, out: &mut String) {
        match root {
            Node::Object(members) => self.write_object(members, self.root, true, 0, out),
            // The strict reading refuses a root that is not an object.
            other => self.write(other, None, 0, out),
        }
        out.push('\n');
    }

    /// One value, whose schema is `shape` (`None`: unknown), at nesting `depth`.
    fn write(&self, node: &Node, shape: Option<usize>, depth: usize, out: &mut String) {
        match node {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Number(lexeme) => out.push_str(lexeme),
            Node::String(s) => write_string(s, out),
            Node::Array(items) => {
                let items_shape = shape.and_then(|s| self.shapes[s].items);
                self.write_array(items.iter().collect(), items_shape, depth, out);
            }
            Node::Object(members) => self.write_object(members, shape, false, depth, out),
        }
    }

    /// An object: known members in schema order, then the others in their order. At the
    /// root, `$schema` and `dataset` come first and each collection is sorted by id.
    fn write_object(
        &self,
        members: &[(Cow<str>, Node)],
        shape: Option<usize>,
        root: bool,
        depth: usize,
        out: &mut String,
    ) {
        if members.is_empty() {
            out.push_str("{}");
            return;
        }
        let shape = shape.map(|s| &self.shapes[s]);
        let declared = |key: &str| shape.and_then(|s| s.members.get(key));
        let rank = |key: &str| match key {
            "$schema" if root => 0,
            "dataset" if root => 1,
            _ => declared(key).map_or(usize::MAX, |&(rank, _)| rank + 2),
        };
        let mut ordered: Vec<(usize, &str, &Node)> = members.iter().map(|(k, v)| (rank(k), &**k, v)).collect();
        // Stable: the members the schema does not declare keep their order.
        ordered.sort_by_key(|(rank, _, _)| *rank);
        out.push_str("{\n");
        let last = ordered.len() - 1;
        for (i, (_, key, value)) in ordered.into_iter().enumerate() {
            indent(out, depth + 1);
            write_string(key, out);
            out.push_str(": ");
            let child = match declared(key) {
                Some(&(_, child)) => child,
                None => shape.and_then(|s| s.additional),
            };
            let records = child.and_then(|c| self.shapes[c].items);
            match value {
                // A collection: a top-level array the schema declares.
                Node::Array(items) if root && records.is_some() => {
                    let mut sorted: Vec<&Node> = items.iter().collect();
                    sorted.sort_by_key(|record| {
                        let id = record_id(record);
                        (id.is_none(), id)
                    });
                    self.write_array(sorted, records, depth + 1, out);
                }
                _ => self.write(value, child, depth + 1, out),
            }
            out.push_str(if i == last { "\n" } else { ",\n" });
        }
        indent(out, depth);
        out.push('}');
    }

    fn write_array(&self, items: Vec<&Node>, shape: Option<usize>, depth: usize, out: &mut String) {
        if items.is_empty() {
            out.push_str("[]");
            return;
        }
        out.push_str("[\n");
        let last = items.len() - 1;
        for (i, item) in items.into_iter().enumerate() {
            indent(out, depth + 1);
            self.write(item, shape, depth + 1, out);
            out.push_str(if i == last { "\n" } else { ",\n" });
        }
        indent(out, depth);
        out.push(']');
    }
}

/// Works out the [`Shape`] of every schema node a value can meet, once per formatter.
struct Compiler<'s, 't> {
    schema: &'s Node<'t>,
    /// The shape of each schema node already seen (by address: a recursive schema refers
    /// back to a node in progress).
    ids: HashMap<*const Node<'t>, usize>,
    shapes: Vec<Shape>,
}

impl<'s, 't> Compiler<'s, 't> {
    /// The shape of a schema node (with its `$ref`s already followed).
    fn shape(&mut self, node: &'s Node<'t>) -> usize {
        if let Some(&id) = self.ids.get(&(node as *const Node)) {
            return id;
        }
        let id = self.shapes.len();
        self.ids.insert(node, id);
        self.shapes.push(Shape::default());
        let mut members = HashMap::new();
        for (rank, (name, sub)) in self.properties(node).into_iter().enumerate() {
            let child = self.resolve(sub).map(|sub| self.shape(sub));
            members.insert(name.to_string(), (rank, child));
        }
        let mut sub_shape = |key: &str| match node.get(key) {
            Some(sub @ Node::Object(_)) => self.resolve(sub).map(|sub| self.shape(sub)),
            _ => None,
        };
        let additional = sub_shape("additionalProperties");
        let items = sub_shape("items");
        self.shapes[id] = Shape { members, additional, items };
        id
    }

    /// Follow `$ref`s with the schema's one resolver ([`crate::schema::resolve`]).
    fn resolve(&self, node: &'s Node<'t>) -> Option<&'s Node<'t>> {
        crate::schema::resolve(self.schema, node)
    }

    /// The properties a schema node declares, in order: its own, then those of its
    /// `allOf`, `anyOf` and `oneOf` branches (each name once, with its first schema).
    fn properties(&self, schema: &'s Node<'t>) -> Vec<(&'s str, &'s Node<'t>)> {
        let mut found = Vec::new();
        self.collect_properties(schema, 0, &mut found);
        found
    }

    fn collect_properties(&self, schema: &'s Node<'t>, depth: usize, found: &mut Vec<(&'s str, &'s Node<'t>)>) {
        let Some(schema) = self.resolve(schema) else { return };
        if depth > crate::schema::MAX_REF_HOPS {
            return;
        }
        if let Some(Node::Object(properties)) = schema.get("properties") {
            for (name, sub) in properties {
                if !found.iter().any(|(n, _)| n == name) {
                    found.push((name, sub));
                }
            }
        }
        for combinator in ["allOf", "anyOf", "oneOf"] {
            if let Some(Node::Array(branches)) = schema.get(combinator) {
                for branch in branches {
                    self.collect_properties(branch, depth + 1, found);
                }
            }
        }
    }
}

/// A record's `id`, when it is an object with a string `id`.
fn record_id<'n>(node: &'n Node) -> Option<&'n str> {
    match node.get("id") {
        Some(Node::String(id)) => Some(id),
        _ => None,
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// A string as JSON, escaping only what JSON requires (as `serde_json` writes it).
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    let mut start = 0;
    // Every byte that needs an escape is ASCII, so each is a character boundary.
    for (i, &byte) in s.as_bytes().iter().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// A JSON value as written: objects keep their members' order, numbers their lexeme;
/// strings are decoded (borrowed from the text where they hold no escape).
#[derive(Debug, Clone, PartialEq)]
enum Node<'t> {
    Null,
    Bool(bool),
    Number(&'t str),
    String(Cow<'t, str>),
    Array(Vec<Node<'t>>),
    Object(Vec<(Cow<'t, str>, Node<'t>)>),
}

impl crate::schema::SchemaTree for Node<'_> {
    fn reference(&self) -> Option<&str> {
        match self.get("$ref") {
            Some(Node::String(reference)) => Some(reference),
            _ => None,
        }
    }
    fn at(&self, pointer: &str) -> Option<&Self> {
        self.pointer(pointer)
    }
}

impl<'t> Node<'t> {
    /// The member `key` of an object (the last, should there be two).
    fn get(&self, key: &str) -> Option<&Node<'t>> {
        match self {
            Node::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// RFC 6901 pointer (without its leading `#`).
    fn pointer(&self, pointer: &str) -> Option<&Node<'t>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut node = self;
        for token in pointer.strip_prefix('/')?.split('/') {
            let token = crate::pointer::unescape(token);
            node = match node {
                Node::Object(_) => node.get(&token)?,
                Node::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// Read a text already accepted by the strict reading into a [`Node`] tree.
fn read_tree(text: &str) -> Result<Node<'_>, String> {
    let mut reader = Reader { text, pos: 0 };
    let node = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos != text.len() {
        return Err(reader.error("trailing characters"));
    }
    Ok(node)
}

/// A recursive-descent reader over tokens. Its input has passed [`syntax::parse`], which
/// bounds the nesting (so the recursion) and guarantees well-formed tokens; it still
/// errs, never panics, on anything else.
struct Reader<'t> {
    text: &'t str,
    pos: usize,
}

/// Deeper than the strict reading admits: a bug guard against unbounded recursion.
const MAX_DEPTH: usize = 128;

impl<'t> Reader<'t> {
    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.pos)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        self.skip_whitespace();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", byte as char)))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node<'t>, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                let mut members = Vec::new();
                self.skip_whitespace();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Ok(Node::Object(members));
                }
                loop {
                    self.skip_whitespace();
                    let key = self.string()?;
                    self.expect(b':')?;
                    members.push((key, self.value(depth + 1)?));
                    self.skip_whitespace();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Node::Object(members));
                        }
                        _ => return Err(self.error("expected `,` or `}`")),
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                self.skip_whitespace();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok(Node::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_whitespace();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Node::Array(items));
                        }
                        _ => return Err(self.error("expected `,` or `]`")),
                    }
                }
            }
            Some(b'"') => Ok(Node::String(self.string()?)),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                while matches!(self.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
                    self.pos += 1;
                }
                Ok(Node::Number(&self.text[start..self.pos]))
            }
            _ => {
                for (word, node) in [("true", Node::Bool(true)), ("false", Node::Bool(false)), ("null", Node::Null)] {
                    if self.text[self.pos..].starts_with(word) {
                        self.pos += word.len();
                        return Ok(node);
                    }
                }
                Err(self.error("expected a value"))
            }
        }
    }

    /// A string token, decoded. Escapes are decoded by `serde_json`, as the strict
    /// reading decoded them.
    fn string(&mut self) -> Result<Cow<'t, str>, String> {
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        let mut escaped = false;
        // Multi-byte UTF-8 sequences contain no byte below 0x80, so scanning bytes for
        // `"` and `\` is safe.
        while i < bytes.len() && bytes[i] != b'"' {
            if bytes[i] == b'\\' {
                escaped = true;
                i += 1;
            }
            i += 1;
        }
        if i >= bytes.len() {
            return Err(self.error("unterminated string"));
        }
        self.pos = i + 1;
        let token = &self.text[start..self.pos];
        if escaped {
            serde_json::from_str::<String>(token)
                .map(Cow::Owned)
                .map_err(|e| format!("{e} in the string at byte {start}"))
        } else {
            Ok(Cow::Borrowed(&token[1..token.len() - 1]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn fmt(text: &str) -> String {
        canonical(text).unwrap_or_else(|d| panic!("refused: {d:?}"))
    }

    #[test]
    fn root_order_is_schema_then_dataset_then_collections_then_unknown() {
        let text =
            r#"{"zzz": 1, "sources": [], "events": [], "dataset": {}, "aaa": 2, "instruments": [], "$schema": "s"}"#;
        assert_eq!(
            fmt(text),
            "{\n  \"$schema\": \"s\",\n  \"dataset\": {},\n  \"instruments\": [],\n  \"events\": [],\n  \"sources\": [],\n  \"zzz\": 1,\n  \"aaa\": 2\n}\n"
        );
    }

    #[test]
    fn the_embedded_schema_starts_the_top_level_with_schema_and_dataset() {
        let formatter = Formatter::new();
        let root = &formatter.shapes[formatter.root.expect("the schema describes the top level")];
        let mut names: Vec<(usize, &str)> =
            root.members.iter().map(|(name, (rank, _))| (*rank, name.as_str())).collect();
        names.sort_unstable();
        let names: Vec<&str> = names.into_iter().map(|(_, name)| name).collect();
        assert_eq!(&names[..2], ["$schema", "dataset"]);
        assert!(names.contains(&"events") && names.contains(&"sources"));
    }

    #[test]
    fn record_keys_follow_the_definition_and_nested_objects_theirs() {
        let text = r#"{"events": [{"sources": ["s"], "participants": [{"role": "r", "actor": "a"}], "zz": 0, "title": "t", "id": "e", "yy": 1}]}"#;
        let out = fmt(text);
        let keys: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("\": "))
            .filter_map(|l| l.trim().strip_prefix('"')?.split('"').next())
            .collect();
        assert_eq!(keys, ["events", "id", "title", "participants", "actor", "role", "sources", "zz", "yy"]);
    }

    #[test]
    fn records_are_sorted_by_id_in_byte_order_and_those_without_an_id_follow() {
        let text = r#"{"events": [{"id": "b"}, {"x": 1}, {"id": "B"}, 7, {"id": "a-2"}, {"id": "a"}, {"x": 2}]}"#;
        let value: Value = serde_json::from_str(&fmt(text)).unwrap();
        assert_eq!(
            value["events"],
            serde_json::json!([{"id": "B"}, {"id": "a"}, {"id": "a-2"}, {"id": "b"}, {"x": 1}, 7, {"x": 2}])
        );
    }

    #[test]
    fn nested_arrays_and_unknown_arrays_keep_their_order() {
        let text = r#"{"unknown": [{"id": "b"}, {"id": "a"}], "events": [{"id": "e", "sources": ["z", "a"], "participants": [{"actor": "z"}, {"actor": "a"}]}]}"#;
        let value: Value = serde_json::from_str(&fmt(text)).unwrap();
        assert_eq!(value["unknown"], serde_json::json!([{"id": "b"}, {"id": "a"}]));
        assert_eq!(value["events"][0]["sources"], serde_json::json!(["z", "a"]));
        assert_eq!(value["events"][0]["participants"][0]["actor"], "z");
    }

    #[test]
    fn numbers_keep_their_lexeme() {
        let lexemes = ["1.0", "1e3", "1E+3", "-0", "0.10", "2.5e-7", "123456789012345678901234567890", "73.4", "0"];
        let text = format!("{{\"figures\": [{{\"id\": \"f\", \"value\": [{}]}}]}}", lexemes.join(", "));
        let out = fmt(&text);
        for lexeme in lexemes {
            assert!(out.contains(&format!("\n        {lexeme}")), "{lexeme} in {out}");
        }
        assert_eq!(fmt(&out), out);
    }

    #[test]
    fn strings_are_unescaped_except_where_json_requires_it() {
        let text = r#"{"a": "\u5b89\u4fdd \u00e9 \/ \ud83d\ude00 \" \\ \n\t\r\b\f \u0001\u001f \u007f 安保"}"#;
        assert_eq!(fmt(text), "{\n  \"a\": \"安保 é / 😀 \\\" \\\\ \\n\\t\\r\\b\\f \\u0001\\u001f \u{7f} 安保\"\n}\n");
    }

    #[test]
    fn keys_are_escaped_like_values() {
        assert_eq!(fmt(r#"{"\u00e9\"": 1}"#), "{\n  \"é\\\"\": 1\n}\n");
    }

    #[test]
    fn crlf_tabs_and_minified_input_give_the_same_form() {
        let pretty = "{\n  \"$schema\": \"s\",\n  \"events\": [\n    {\n      \"id\": \"a\",\n      \"sources\": []\n    }\n  ]\n}\n";
        for variant in [
            pretty.replace('\n', "\r\n"),
            pretty.replace("  ", "\t"),
            r#"{"events":[{"sources":[],"id":"a"}],"$schema":"s"}"#.to_string(),
            format!("\n\n  {pretty}\n\n"),
        ] {
            assert_eq!(fmt(&variant), pretty, "{variant:?}");
        }
    }

    #[test]
    fn invalid_json_is_refused_with_located_diagnostics() {
        for (text, code) in [
            ("{\"a\": 1,}", "S003"),
            ("\u{feff}{}", "S002"),
            ("[1]", "S004"),
            ("{\"a\": 1, \"a\": 2}", "S005"),
            ("", "S003"),
        ] {
            let diagnostics = canonical(text).unwrap_err();
            assert_eq!(diagnostics[0].code, code, "{text:?}");
            assert!(diagnostics.iter().all(|d| d.location.span.is_some()));
        }
        assert_eq!(canonical_bytes(3, b"{\"a\": \"\xff\"}").unwrap_err().diagnostics[0].code, "S001");
    }

    #[test]
    fn schema_refs_combinators_and_additional_properties_are_followed() {
        let schema = r##"{
            "properties": {"m": {"$ref": "#/$defs/map"}, "c": {"type": "array", "items": {"$ref": "#/$defs/r"}}},
            "$defs": {
                "map": {"type": "object", "additionalProperties": {"$ref": "#/$defs/r"}},
                "r": {"properties": {"id": {}, "b": {}}, "allOf": [{"properties": {"a": {}, "id": {}}}],
                      "oneOf": [{"$ref": "#/$defs/loop"}]},
                "loop": {"$ref": "#/$defs/loop"}
            }
        }"##;
        let formatter = Formatter::with_schema(schema).unwrap();
        let text =
            r#"{"c": [{"a": 1, "z": 0, "b": 2, "id": "y"}, {"id": "x"}], "m": {"k2": {"a": 1, "id": "i"}, "k1": {}}}"#;
        let out = formatter.canonical(text).unwrap();
        let compact: String = out.split_whitespace().collect();
        assert_eq!(compact, r#"{"m":{"k2":{"id":"i","a":1},"k1":{}},"c":[{"id":"x"},{"id":"y","b":2,"a":1,"z":0}]}"#);
        assert!(Formatter::with_schema("{").is_err());
    }

    #[test]
    fn the_reader_reads_what_the_strict_reading_accepts_as_serde_json_does() {
        let text = r#"{"a": [1, -2.5e+3, true, false, null, {}, [], "x\"y", {"b": [[{}]]}], "": ""}"#;
        let tree = read_tree(text).unwrap();
        assert_eq!(tree.pointer("/a/1"), Some(&Node::Number("-2.5e+3")));
        assert_eq!(tree.pointer("/a/7"), Some(&Node::String("x\"y".into())));
        assert_eq!(tree.pointer("/"), Some(&Node::String(Cow::Borrowed(""))));
        assert!(read_tree("{\"a\": 1} x").is_err());
        assert!(read_tree(&"[".repeat(500)).is_err());
    }

    /// Compare as data: equal JSON values, the top-level arrays as multisets.
    fn same_data(a: &str, b: &str) -> bool {
        let normalize = |text: &str| {
            let mut value: Value = serde_json::from_str(text).unwrap();
            if let Some(object) = value.as_object_mut() {
                for (_, member) in object.iter_mut() {
                    if let Some(items) = member.as_array_mut() {
                        items.sort_by_key(|v| v.to_string());
                    }
                }
            }
            value
        };
        normalize(a) == normalize(b)
    }

    proptest::proptest! {
        #[test]
        fn any_object_is_formatted_idempotently_without_changing_its_value(value in data_file(), pretty: bool) {
            let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
            let once = fmt(&text);
            proptest::prop_assert!(same_data(&text, &once), "{} vs {}", text, once);
            proptest::prop_assert_eq!(fmt(&once), once.clone());
            proptest::prop_assert!(once.ends_with("}\n") && !once.contains('\r'), "layout of {}", once);
        }
    }

    fn data_file() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
            "[a-z日本é\u{1}\n\"\\\\/ ]{0,6}".prop_map(Value::String),
        ];
        let tree = leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(
                    prop_oneof![
                        Just("id".to_string()),
                        Just("title".to_string()),
                        "[a-z~/]{0,3}".prop_map(String::from)
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        });
        let key = prop_oneof![
            Just("$schema".to_string()),
            Just("dataset".to_string()),
            Just("events".to_string()),
            Just("actors".to_string()),
            Just("instruments".to_string()),
            "[a-z]{1,3}".prop_map(String::from),
        ];
        proptest::collection::btree_map(key, tree, 0..5).prop_map(|m| Value::Object(m.into_iter().collect()))
    }
}
