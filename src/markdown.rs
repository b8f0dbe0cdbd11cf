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
const MARKUP: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '&', '~', '!', '(', ')', '"'];

/// Inline text: markup characters escaped, except inside a web address (a word that
/// starts with `http://` or `https://` and holds none of them but `_`), which stays as
/// written so that it is a link; and what would make a heading, a list or a quotation of
/// a line that starts with the text.
pub fn text(text: &str) -> String {
    let text = visible(text);
    let text = text.as_ref();
    let mut out = String::with_capacity(text.len());
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker_ends = |at: usize| text[at..].chars().nth(1).is_none_or(char::is_whitespace);
    let text = if text.starts_with('#') || (text.starts_with(['-', '+', '=']) && marker_ends(0)) {
        out.push('\\');
        text
    } else if digits > 0 && text[digits..].starts_with(['.', ')']) && marker_ends(digits) {
        out.push_str(&text[..digits]);
        out.push('\\');
        &text[digits..]
    } else {
        text
    };
    let mut rest = text;
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
    out
}

/// A web address that can stand in Markdown as written: `http(s)://` and no markup
/// character but `_` (inside a word, `_` starts no emphasis).
fn is_plain_address(word: &str) -> bool {
    (word.starts_with("http://") || word.starts_with("https://"))
        && !word.contains(|c: char| c != '_' && MARKUP.contains(&c))
}

/// An address as a Markdown autolink (`<…>`), or as [`text`] where it cannot be one
/// safely: white space, `<`, `>` or `|` (which splits a table cell even inside `<…>`),
/// or anything [`visible`] would escape.
pub fn link(url: &str) -> String {
    let unsafe_char = |c: char| c.is_whitespace() || crate::text::is_unprintable(c) || matches!(c, '<' | '>' | '|');
    if url.starts_with("http") && !url.contains(unsafe_char) { format!("<{url}>") } else { text(url) }
}

/// `text` as a CommonMark code span: fenced with one backtick more than its longest run
/// of backticks, padded with a space where a backtick or a space would touch the fence;
/// `*empty*` for the empty string. A `|` is escaped (a table cell ends at one even inside
/// code), as GitHub's tables require.
pub fn code(text: &str) -> String {
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
    let pad = text.starts_with('`') || text.ends_with('`') || (text.starts_with(' ') && text.ends_with(' '));
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{}{space}{fence}", text.replace('|', "\\|"))
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
        assert_eq!(text("  two  spaces "), "  two  spaces ");
        assert_eq!(text("日米安保条約"), "日米安保条約");
        assert_eq!(text("# not a heading, 1960. not a list"), "\\# not a heading, 1960. not a list");
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
        assert_eq!(text("a\n# b"), "a\\\\n# b");
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
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code(""), "*empty*");
    }
}
