//! Data written into Markdown (a release's README.md, LICENSE.md and CHANGELOG.md, and
//! `diff --format markdown`), escaped by CommonMark's and GitHub's rules so that it stays
//! text: no markup, no raw HTML, no table cell split, no line broken. The one place where
//! Markdown is escaped.
//!
//! Every function first shows control, line-separating and bidirectional characters as
//! escapes ([`crate::text::visible`]), so that a value is always one line.

use crate::text::visible;

/// Characters that could start or end markup inline, a table cell or an HTML tag or
/// entity: each is written after a backslash (CommonMark escapes any ASCII punctuation).
const MARKUP: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '&', '~', '!', '(', ')', '"', '#'];

/// Inline text: markup characters escaped, except inside a web address (a word that
/// starts with `http://` or `https://` and holds none of them but `_`), which stays as
/// written so that it is a link; and what would make a heading, a list, a thematic break
/// or a setext underline of a line that starts with the text. Spaces at either end are
/// written as `&#32;`, which Markdown would otherwise drop (or read as an indented code
/// block). Safe in a table cell: `|` is escaped.
pub fn text(text: &str) -> String {
    let text = visible(text);
    let body = text.trim_matches(' ');
    let lead = text.len() - text.trim_start_matches(' ').len();
    let trail = if body.is_empty() { 0 } else { text.len() - text.trim_end_matches(' ').len() };
    let mut out = String::with_capacity(text.len());
    out.push_str(&"&#32;".repeat(lead));
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    // A list marker, or a run of `-` or `=` (a thematic break or a setext underline).
    let marker_ends = |at: usize| {
        let mut rest = body[at..].chars();
        let first = rest.next();
        rest.next().is_none_or(|c| c.is_whitespace() || Some(c) == first)
    };
    let body = if lead > 0 {
        body
    } else if body.starts_with(['-', '+', '=']) && marker_ends(0) {
        out.push('\\');
        body
    } else if digits > 0 && body[digits..].starts_with('.') && marker_ends(digits) {
        // (`)`, the other marker, is escaped wherever it is.)
        out.push_str(&body[..digits]);
        out.push('\\');
        &body[digits..]
    } else {
        body
    };
    let mut rest = body;
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word_end =
            if word_end == 0 { rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len()) } else { word_end };
        let (word, tail) = rest.split_at(word_end);
        if is_plain_address(word) {
            out.push_str(word);
        } else {
            for c in word.chars() {
                if MARKUP.contains(&c) {
                    out.push('\\');
                }
                out.push(c);
            }
        }
        rest = tail;
    }
    out.push_str(&"&#32;".repeat(trail));
    out
}

/// A web address that can stand in Markdown as written: `http(s)://` and no markup
/// character but `_` (inside a word, `_` starts no emphasis) and `#` (only a `#` after a
/// space can close a heading).
fn is_plain_address(word: &str) -> bool {
    (word.starts_with("http://") || word.starts_with("https://"))
        && !word.contains(|c: char| !matches!(c, '_' | '#') && MARKUP.contains(&c))
}

/// An address as a Markdown autolink (`<…>`), or as [`text`] where it cannot be one
/// safely: no `http://` or `https://` (`<word>` would be an HTML tag), white space, `<`,
/// `>` or `|` (which splits a table cell even inside `<…>`), or anything [`visible`]
/// would escape.
pub fn link(url: &str) -> String {
    let unsafe_char = |c: char| c.is_whitespace() || crate::text::is_unprintable(c) || matches!(c, '<' | '>' | '|');
    let web = url.starts_with("http://") || url.starts_with("https://");
    if web && !url.contains(unsafe_char) { format!("<{url}>") } else { text(url) }
}

/// `text` as a CommonMark code span: fenced with one backtick more than its longest run
/// of backticks, padded with a space where a backtick or a space would touch the fence;
/// `*empty*` for the empty string. Not for a table cell: use [`table_code`].
pub fn code(text: &str) -> String {
    code_span(text, false)
}

/// [`code`] for a table cell: a `|` is escaped too (GitHub's tables end a cell at a `|`
/// even inside code, and read `\|` there as `|`; elsewhere `\|` in code stays as written).
pub fn table_code(text: &str) -> String {
    code_span(text, true)
}

fn code_span(text: &str, in_table: bool) -> String {
    if text.is_empty() {
        return "*empty*".to_string();
    }
    let text = visible(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space at each end when both are there, unless the span is
    // only spaces.
    let spaced = text.starts_with(' ') && text.ends_with(' ') && !text.trim_start_matches(' ').is_empty();
    let pad = text.starts_with('`') || text.ends_with('`') || spaced;
    let space = if pad { " " } else { "" };
    let text = if in_table { text.replace('|', "\\|") } else { text.into_owned() };
    format!("{fence}{space}{text}{space}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_but_not_plain_addresses() {
        assert_eq!(text("a *b* [c]"), "a \\*b\\* \\[c\\]");
        assert_eq!(
            text("see https://en.wikipedia.org/wiki/U.S._and_Japan now_here"),
            "see https://en.wikipedia.org/wiki/U.S._and_Japan now\\_here"
        );
        assert_eq!(text("  two  spaces "), "&#32;&#32;two  spaces&#32;");
        assert_eq!(text("日米安保条約"), "日米安保条約");
        assert_eq!(text("# not a heading, 1960. not a list"), "\\# not a heading, 1960. not a list");
        assert_eq!(text("a # b #"), "a \\# b \\#");
        assert_eq!(text("---"), "\\---");
        assert_eq!(text("=="), "\\==");
        assert_eq!(text("  # x "), "&#32;&#32;\\# x&#32;");
        assert_eq!(text("1960. not a list"), "1960\\. not a list");
        assert_eq!(text("- not a list"), "\\- not a list");
        assert_eq!(text("1.0.0"), "1.0.0");
        assert_eq!(text("-1"), "-1");
    }

    #[test]
    fn addresses_with_markup_are_escaped_as_text() {
        let hostile = "https://example.org/l|x<b>bold</b>";
        assert_eq!(text(hostile), "https://example.org/l\\|x\\<b\\>bold\\</b\\>");
        assert_eq!(link(hostile), text(hostile));
        assert_eq!(link("https://example.org/a_b"), "<https://example.org/a_b>");
        assert_eq!(link("not a url"), "not a url");
        assert_eq!(text("AT&amp;T"), "AT\\&amp;T");
    }

    #[test]
    fn line_breaks_and_controls_stay_on_one_line() {
        assert_eq!(text("a\n# b"), "a\\\\n\\# b");
        assert!(!code("a\nb").contains('\n'));
        assert!(!link("https://x.org/\u{2028}").contains('\u{2028}'));
    }

    #[test]
    fn code_spans_survive_backticks_and_table_bars() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a `b` c"), "``a `b` c``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code("x`"), "`` x` ``");
        assert_eq!(code("<b>*not*</b>"), "`<b>*not*</b>`");
        assert_eq!(code("a|b"), "`a|b`");
        assert_eq!(table_code("a|b"), "`a\\|b`");
        assert_eq!(code(""), "*empty*");
    }

    /// A corpus of values that try every way out of text, a code span, a link or a
    /// table cell.
    const HOSTILE: &[&str] = &[
        "<img src=x onerror=alert(1)>",
        "<!-- c -->",
        "<?php x ?>",
        "[x](javascript:alert(1))",
        "![i](https://x.org/i.png)",
        "[a]: https://x.org",
        "a|b",
        "\\|",
        "line\nbreak",
        "line\r\n# heading",
        "# h",
        "  # h",
        "    indented code",
        "---",
        "- - -",
        "===",
        "- item",
        "+ item",
        "* item",
        "1. item",
        "2) item",
        "1.",
        "> quote",
        "~~d~~",
        "&amp; &#60; &lt;",
        "*b* _i_ **s** __u__",
        "`c`",
        "``",
        "` `",
        " ",
        "   ",
        " x ",
        "a #",
        "a # b ##",
        "x\\",
        "\\",
        "\t\ttab",
        "-",
        "=",
        "#",
        "*",
        "_a_",
        "https://example.org/l|x<b>bold</b>",
        "https://x.org/a_b#frag",
        "https://x.org/a*b*",
        "https://x.org/`x`",
        "<https://x.org>",
        "http://",
        "httpx",
        "\u{1b}]0;title\u{7}",
        "a\u{2028}b\u{202e}c",
        "日米安保条約 ",
        "",
    ];

    /// The document's events: no HTML, and the text it shows (text, code, and a link's
    /// text), concatenated.
    fn shown(markdown: &str) -> (String, Vec<pulldown_cmark::Event<'_>>) {
        use pulldown_cmark::{Event, Options, Parser};
        let events: Vec<Event> =
            Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).collect();
        let mut text = String::new();
        for event in &events {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => panic!("HTML {h:?} in {markdown:?}"),
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => panic!("a line break in {markdown:?}"),
                _ => {}
            }
        }
        (text, events)
    }

    fn count(events: &[pulldown_cmark::Event], tag: fn(&pulldown_cmark::Tag) -> bool) -> usize {
        events.iter().filter(|e| matches!(e, pulldown_cmark::Event::Start(t) if tag(t))).count()
    }

    #[test]
    fn hostile_text_round_trips_as_text_in_every_context() {
        use pulldown_cmark::Tag;
        for value in HOSTILE {
            let want = visible(value);
            let escaped = text(value);
            for (context, markdown, block) in [
                ("paragraph", format!("{escaped}\n"), (|t: &Tag| matches!(t, Tag::Paragraph)) as fn(&Tag) -> bool),
                ("heading", format!("intro\n\n# {escaped}\n"), |t| matches!(t, Tag::Heading { .. })),
                ("list item", format!("- {escaped}\n"), |t| matches!(t, Tag::Item)),
                ("quotation", format!("> {escaped}\n"), |t| matches!(t, Tag::BlockQuote(_))),
                ("table cell", format!("| a | b |\n| --- | --- |\n| {escaped} | z |\n"), |t| {
                    matches!(t, Tag::TableCell)
                }),
            ] {
                let (shown, events) = shown(&markdown);
                let shown = match context {
                    "heading" => shown.strip_prefix("intro"),
                    "table cell" => shown.strip_prefix("ab").and_then(|s| s.strip_suffix('z')),
                    _ => Some(shown.as_str()),
                };
                let shown = shown.unwrap_or_else(|| panic!("{context}: {value:?} as {markdown:?}"));
                assert_eq!(shown, want, "{context}: {value:?} as {markdown:?}");
                let markup = count(&events, |t| {
                    !matches!(
                        t,
                        Tag::Paragraph
                            | Tag::Heading { .. }
                            | Tag::Item
                            | Tag::BlockQuote(_)
                            | Tag::Table(_)
                            | Tag::TableHead
                            | Tag::TableRow
                            | Tag::TableCell
                    ) || matches!(t, Tag::List(_))
                });
                let lists = if context == "list item" { 1 } else { 0 };
                assert_eq!(markup, lists, "{context}: {value:?} made markup: {events:?}");
                if context == "table cell" {
                    assert_eq!(count(&events, |t| matches!(t, Tag::TableCell)), 4, "{value:?} split a cell");
                } else if !value.trim().is_empty() || context != "paragraph" {
                    assert!(count(&events, block) >= 1, "{context}: {value:?} left its block: {events:?}");
                }
            }
        }
    }

    #[test]
    fn hostile_code_and_links_round_trip() {
        use pulldown_cmark::{Event, Tag};
        for value in HOSTILE.iter().filter(|v| !v.is_empty()) {
            let want = visible(value);
            let coded = code(value);
            let (shown_code, events) = shown(&coded);
            assert_eq!(shown_code, want, "code {value:?} as {coded:?}");
            assert_eq!(events.iter().filter(|e| matches!(e, Event::Code(_))).count(), 1, "{value:?}");
            let cell = format!("| a | b |\n| --- | --- |\n| {} | z |\n", table_code(value));
            let (shown_cell, events) = shown(&cell);
            assert_eq!(shown_cell.trim_end_matches('z'), format!("ab{want}"), "table code {value:?} as {cell:?}");
            assert_eq!(count(&events, |t| matches!(t, Tag::TableCell)), 4, "{value:?} split a cell");

            let linked = link(value);
            let (shown_link, events) = shown(&linked);
            assert_eq!(shown_link, want, "link {value:?} as {linked:?}");
            for event in &events {
                if let Event::Start(Tag::Link { dest_url, .. }) = event {
                    assert_eq!(dest_url.as_ref(), *value, "{linked:?}");
                }
            }
        }
        assert_eq!(link("https://x.org/a_b#f"), "<https://x.org/a_b#f>");
    }
}
