//! `--format human`: rustc-style messages, drawn by annotate-snippets.
//!
//! ```text
//! error[S005]: duplicate key "id": defined twice in the same object
//!  --> data/events.json:4:3
//!   |
//! 2 |   "id": "e1",
//!   |   ---- first defined here
//! 3 |   "date": "1960-01-19",
//! 4 |   "id": "e2",
//!   |   ^^^^ defined again here
//!   |
//!   = help: JSON readers keep only the last value, silently: merge the two into one member, or rename one
//! ```
//!
//! Each snippet holds only the lines it shows, never the whole file. A related location
//! near the primary one shares its snippet; one farther away, or in another file, gets a
//! snippet of its own. A span over many lines (a whole record) is cut to its first line.
//! Lines too long to draw (a minified file) are given by position and label only.
//! The width is fixed, so the output does not depend on the terminal.

use crate::diagnostic::{Diagnostic, FileId, Location, Severity, Span};
use crate::source::{Files, SourceFile};
use crate::text::visible;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::io::Write;

/// Render as if the terminal were this wide, whatever it is.
const WIDTH: usize = 120;
/// A span over more lines than this is cut to its first line.
const MAX_SPAN_LINES: usize = 6;
/// A related location at most this many lines from a snippet joins it.
const JOIN_DISTANCE: usize = 5;
/// Lines longer than this in all are not drawn whole: drawing costs time in proportion
/// to the length of the lines, for every diagnostic. One long line (a minified file) is
/// drawn as a window around its marks; several are given by position and label only.
const MAX_REGION_BYTES: usize = 4 * 1024;
/// How much of a long line a window shows on each side of its marks, in bytes.
const WINDOW_CONTEXT: usize = 60;
/// Marks farther apart than this on one long line are given by position and label only.
const MAX_WINDOW_BYTES: usize = 1024;

pub(super) fn write(
    files: &Files,
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
    color: bool,
) -> std::io::Result<()> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() }.term_width(WIDTH);
    for diagnostic in diagnostics {
        let report = [group(files, diagnostic)];
        writeln!(out, "{}\n", renderer.render(&report))?;
    }
    Ok(())
}

/// Some lines of one file, and what to mark in them.
struct Region<'a> {
    file: FileId,
    /// Byte range of whole lines (without the last line break).
    start: usize,
    end: usize,
    first_line: usize,
    last_line: usize,
    marks: Vec<(Span, AnnotationKind, &'a str)>,
}

fn group<'a>(files: &'a Files, diagnostic: &'a Diagnostic) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut regions: Vec<Region<'a>> = Vec::new();
    let mut unplaced: Vec<&'a Location> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    if diagnostic.location.span.is_some() {
        place(files, &mut regions, &diagnostic.location, AnnotationKind::Primary, &diagnostic.label);
    } else {
        unplaced.push(&diagnostic.location);
    }
    for label in &diagnostic.related {
        if label.location.span.is_some() {
            place(files, &mut regions, &label.location, AnnotationKind::Context, &label.message);
        } else {
            notes.push(format!("{}: {}", label.message, describe(files, &label.location)));
        }
    }

    let title = level.primary_title(visible(&diagnostic.message)).id(diagnostic.code);
    let mut elements: Vec<annotate_snippets::Element<'a>> = Vec::new();
    for location in unplaced {
        elements.push(Origin::path(visible(&files.get(location.file).name)).into());
    }
    for region in regions {
        let file = files.get(region.file);
        if region.end - region.start > MAX_REGION_BYTES
            && region.first_line == region.last_line
            && let Some(window) = window(file, &region)
        {
            elements.extend(window);
            continue;
        }
        if region.end - region.start > MAX_REGION_BYTES {
            // Lines too long to draw (a minified file): the position and label only.
            for (span, _, label) in region.marks {
                let (line, column) = file.line_col(span.start);
                elements.push(Origin::path(visible(&file.name)).line(line).char_column(column).into());
                if !label.is_empty() {
                    elements.push(Level::NOTE.message(visible(label)).into());
                }
            }
            continue;
        }
        let drawn = Drawn::new(&file.text, region.start, region.end, "", "");
        let annotations = region.marks.into_iter().map(|(span, kind, label)| {
            let (from, to) = (drawn.offset(span.start), drawn.offset(span.end));
            kind.span(from..to.max(from)).label((!label.is_empty()).then(|| visible(label)))
        });
        let annotations: Vec<_> = annotations.collect();
        elements.push(
            Snippet::source(drawn.text)
                .line_start(region.first_line)
                .path(visible(&file.name))
                .annotations(annotations)
                .into(),
        );
    }
    if !diagnostic.location.pointer.is_empty() {
        elements.push(Level::NOTE.message(format!("at {}", visible(&diagnostic.location.pointer))).into());
    }
    for note in notes {
        elements.push(Level::NOTE.message(visible(&note).into_owned()).into());
    }
    if let Some(help) = &diagnostic.help {
        elements.push(Level::HELP.message(visible(help)).into());
    }
    Group::with_title(title).elements(elements)
}

/// A long line drawn as a window around its marks (`…` on each side where it is cut),
/// after the position of its first mark: the cost of drawing is that of the window, not
/// the line. `None` when the marks are too far apart for one window.
fn window<'a>(file: &'a SourceFile, region: &Region<'a>) -> Option<Vec<annotate_snippets::Element<'a>>> {
    let text = &file.text;
    let first = region.marks.iter().map(|(span, _, _)| span.start).min()?;
    let last = region.marks.iter().map(|(span, _, _)| span.end).max()?;
    if last - first > MAX_WINDOW_BYTES {
        return None;
    }
    let start = floor_char_boundary(text, first.saturating_sub(WINDOW_CONTEXT).max(region.start));
    let end = ceil_char_boundary(text, (last + WINDOW_CONTEXT).min(region.end));
    let before = if start > region.start { "…" } else { "" };
    let after = if end < region.end { "…" } else { "" };
    let drawn = Drawn::new(text, start, end, before, after);
    let annotations = region.marks.iter().map(|(span, kind, label)| {
        let (from, to) = (drawn.offset(span.start), drawn.offset(span.end));
        (*kind).span(from..to.max(from)).label((!label.is_empty()).then(|| visible(label)))
    });
    let annotations: Vec<_> = annotations.collect();
    let (line, column) = file.line_col(first);
    Some(vec![
        Origin::path(visible(&file.name)).line(line).char_column(column).into(),
        Snippet::source(drawn.text).line_start(region.first_line).annotations(annotations).into(),
    ])
}

/// The source lines as drawn: `text[start..end]` between `before` and `after`, with every
/// character a terminal or a log must not get as it is ([`crate::text::is_unprintable`]:
/// a C1 control, U+2028, a bidirectional override…) written as its escape, as
/// [`visible`] does; line feeds, tabs and the carriage return of a CRLF stay. Offsets in
/// the file map to offsets in the drawn text with [`Drawn::offset`].
struct Drawn<'a> {
    text: std::borrow::Cow<'a, str>,
    start: usize,
    end: usize,
    /// Where an escape was written: (offset in the file just past the character, how
    /// much longer the drawn text is from there on).
    shifts: Vec<(usize, isize)>,
    lead: usize,
}

impl<'a> Drawn<'a> {
    fn new(text: &'a str, start: usize, end: usize, before: &str, after: &str) -> Drawn<'a> {
        let source = &text[start..end];
        let unsafe_char = |(i, c): (usize, char)| {
            crate::text::is_unprintable(c)
                && c != '\n'
                && c != '\t'
                && !(c == '\r' && source.as_bytes().get(i + 1) == Some(&b'\n'))
        };
        let mut shifts = Vec::new();
        let text = if !source.char_indices().any(unsafe_char) && before.is_empty() && after.is_empty() {
            std::borrow::Cow::Borrowed(source)
        } else {
            let mut drawn = String::with_capacity(source.len() + before.len() + after.len());
            drawn.push_str(before);
            let mut growth = 0isize;
            for (i, c) in source.char_indices() {
                if unsafe_char((i, c)) {
                    let shown = visible(&source[i..i + c.len_utf8()]);
                    growth += shown.len() as isize - c.len_utf8() as isize;
                    drawn.push_str(&shown);
                    shifts.push((start + i + c.len_utf8(), growth));
                } else {
                    drawn.push(c);
                }
            }
            drawn.push_str(after);
            std::borrow::Cow::Owned(drawn)
        };
        Drawn { text, start, end, shifts, lead: before.len() }
    }

    /// Where a file offset falls in the drawn text.
    fn offset(&self, offset: usize) -> usize {
        let offset = offset.clamp(self.start, self.end);
        let at = self.shifts.partition_point(|&(past, _)| past <= offset);
        let growth = if at == 0 { 0 } else { self.shifts[at - 1].1 };
        (offset - self.start + self.lead).saturating_add_signed(growth)
    }
}

fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Add a location's mark to a nearby region of the same file, or to a new region.
fn place<'a>(
    files: &'a Files,
    regions: &mut Vec<Region<'a>>,
    location: &Location,
    kind: AnnotationKind,
    label: &'a str,
) {
    let Some(span) = location.span else { return };
    let text = &files.get(location.file).text;
    let span = clip(text, span);
    let file = files.get(location.file);
    let (start, end) = line_bounds(file, span);
    let first_line = file.line_col(start).0;
    let last_line = file.line_col(end).0;
    let near = regions.iter_mut().find(|r| {
        r.file == location.file
            && first_line <= r.last_line + JOIN_DISTANCE
            && r.first_line <= last_line + JOIN_DISTANCE
    });
    match near {
        Some(region) => {
            if start < region.start {
                (region.start, region.first_line) = (start, first_line);
            }
            if end > region.end {
                (region.end, region.last_line) = (end, last_line);
            }
            region.marks.push((span, kind, label));
        }
        None => regions.push(Region {
            file: location.file,
            start,
            end,
            first_line,
            last_line,
            marks: vec![(span, kind, label)],
        }),
    }
}

/// A span over more than [`MAX_SPAN_LINES`] lines, cut to the end of its first line;
/// also brought inside the text and onto character boundaries.
fn clip(text: &str, span: Span) -> Span {
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end.max(start));
    let body = &text.as_bytes()[start..end];
    if body.iter().filter(|&&b| b == b'\n').count() < MAX_SPAN_LINES {
        return Span::new(start, end);
    }
    let first_line_end = body.iter().position(|&b| b == b'\n').map_or(end, |i| start + i);
    Span::new(start, first_line_end.max(start + 1).min(end))
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The whole lines a span touches: from the start of its first line to the end of its
/// last one, without the final line break (or the `\r` before it). From the file's line
/// index, so that a diagnostic on a long line costs no scan of the line.
fn line_bounds(file: &SourceFile, span: Span) -> (usize, usize) {
    let (start, _) = file.line_range(span.start);
    // A span that ends just after a line break does not reach into the next line.
    let last = if span.end > span.start { span.end - 1 } else { span.end };
    let (_, end) = file.line_range(last);
    (start, end.max(start))
}

fn describe(files: &Files, location: &Location) -> String {
    // Made visible by the caller, with the rest of the note.
    let name = &files.get(location.file).name;
    if location.pointer.is_empty() { name.clone() } else { format!("{name} at {}", location.pointer) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn render(files: &Files, diagnostics: &[Diagnostic], color: bool) -> String {
        let mut out = Vec::new();
        write(files, diagnostics, &mut out, color).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn key(text: &str, nth: usize, needle: &str) -> Location {
        let at = text.match_indices(needle).nth(nth).unwrap().0;
        let mut location = Location::key(0, "/id");
        location.span = Some(Span::new(at, at + needle.len()));
        location
    }

    #[test]
    fn rustc_style_with_related_label_and_help() {
        let text = "{\n  \"id\": \"e1\",\n  \"date\": \"1960-01-19\",\n  \"id\": \"e2\"\n}\n";
        let mut files = Files::default();
        files.add(SourceFile::new("data/events.json", text));
        let diagnostic = Diagnostic::error("S005", key(text, 1, "\"id\""), "duplicate key \"id\"")
            .with_label("defined again here")
            .with_related(key(text, 0, "\"id\""), "first defined here")
            .with_help("merge them");
        let out = render(&files, &[diagnostic], false);
        let expected = r#"error[S005]: duplicate key "id"
 --> data/events.json:4:3
  |
2 |   "id": "e1",
  |   ---- first defined here
3 |   "date": "1960-01-19",
4 |   "id": "e2"
  |   ^^^^ defined again here
  |
  = note: at /id
  = help: merge them

"#;
        assert_eq!(out, expected);
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"ja\": \"日米安全保障条約\", \"x\": 1}";
        let mut files = Files::default();
        files.add(SourceFile::new("t.json", text));
        let at = text.find("\"x\"").unwrap();
        let mut location = Location::key(0, "/x");
        location.span = Some(Span::new(at, at + 3));
        let out = render(&files, &[Diagnostic::warning("R001", location, "unknown")], false);
        assert_eq!(files.get(0).line_col(at), (1, 20));
        assert!(out.starts_with("warning[R001]: unknown\n --> t.json:1:20\n"), "{out}");
    }

    #[test]
    fn far_related_locations_and_other_files_get_their_own_snippet() {
        let mut text = String::from("{\n  \"id\": 1,\n");
        for i in 0..20 {
            text.push_str(&format!("  \"k{i}\": {i},\n"));
        }
        text.push_str("  \"id\": 2\n}\n");
        let mut files = Files::default();
        files.add(SourceFile::new("a.json", text.clone()));
        files.add(SourceFile::new("b.json", "{\"ref\": 1}"));
        let mut elsewhere = Location::value(1, "/ref");
        elsewhere.span = Some(Span::new(8, 9));
        let diagnostic = Diagnostic::error("S005", key(&text, 1, "\"id\""), "duplicate")
            .with_related(key(&text, 0, "\"id\""), "first defined here")
            .with_related(elsewhere, "used here");
        let out = render(&files, &[diagnostic], false);
        assert!(out.contains(" --> a.json:23:3\n"), "{out}");
        assert!(out.contains("::: a.json:2:3\n"), "{out}");
        assert!(out.contains("::: b.json:1:9\n"), "{out}");
        assert!(!out.contains("k10"), "only the lines shown are in the snippet: {out}");
    }

    #[test]
    fn long_spans_are_cut_and_end_of_file_is_shown() {
        let text = format!("{{\n{}}}", "  \"a\": 1,\n".repeat(100));
        let mut files = Files::default();
        files.add(SourceFile::new("t.json", text.clone()));
        let mut whole = Location::value(0, "");
        whole.span = Some(Span::new(0, text.len()));
        let mut eof = Location::offset(0, text.len());
        eof.span = Some(Span::new(text.len(), text.len()));
        let out = render(
            &files,
            &[Diagnostic::error("S004", whole, "whole"), Diagnostic::error("S003", eof, "eof").with_label("ends here")],
            false,
        );
        assert!(out.lines().count() < 20, "{out}");
        assert!(out.contains(" --> t.json:102:2\n"), "{out}");
    }

    #[test]
    fn a_huge_line_is_drawn_as_a_window_around_its_mark() {
        let text = format!("{{\"a\": \"{}\", \"id\": 1}}", "日".repeat(100_000));
        let mut files = Files::default();
        files.add(SourceFile::new("t.json", text.clone()));
        let at = text.rfind("\"id\"").unwrap();
        let mut location = Location::key(0, "/id");
        location.span = Some(Span::new(at, at + 4));
        let out = render(&files, &[Diagnostic::error("S005", location, "dup").with_label("again")], false);
        assert!(out.starts_with("error[S005]: dup\n --> t.json:1:100011\n"), "{out}");
        assert!(out.contains("1 | …日日") && out.contains("\"id\": 1}"), "{out}");
        assert!(out.contains("^^^^ again") && out.contains("= note: at /id"), "{out}");
        // The window, not the line: its cost does not grow with the line.
        assert!(out.len() < 600, "{} bytes: {out}", out.len());
    }

    #[test]
    fn unlocated_diagnostics_and_colour_on_request() {
        let mut files = Files::default();
        files.add(SourceFile::new("t.json", "{}"));
        let diagnostic = Diagnostic::error("R001", Location::value(0, "/x"), "somewhere");
        let plain = render(&files, std::slice::from_ref(&diagnostic), false);
        assert!(plain.contains("--> t.json"), "{plain}");
        assert!(!plain.contains('\x1b'));
        let coloured = render(&files, &[diagnostic], true);
        assert!(coloured.contains('\x1b'));
    }
}
