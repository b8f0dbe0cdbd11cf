//! Strings from data and file names made safe for where they are printed: a terminal or
//! a CI log (here), Markdown ([`crate::markdown`]), XML and JSON (their writers escape).
//!
//! [`visible`] is the one rule for human-readable output: every control character (C0,
//! DEL, C1), every line or paragraph separator and every bidirectional formatting
//! character is shown as a Rust-style escape (`\n`, `\u{1b}`, `\u{202e}`), so that no
//! string from the data can start a line of its own (a GitHub workflow command such as
//! `::error`), move the cursor, set the terminal's title or reorder what is shown.
//! Everything else, Japanese and accented letters included, is printed as it is.

use std::borrow::Cow;
use std::path::Path;

/// Whether `c` must not reach a terminal or a log as it is.
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every unprintable character ([`is_unprintable`]) written as an escape:
/// `\n`, `\r`, `\t`, or `\u{…}`. Borrowed when there is nothing to escape.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.contains(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(&mut shown, c);
    }
    Cow::Owned(shown)
}

fn push_visible(shown: &mut String, c: char) {
    match c {
        '\n' => shown.push_str("\\n"),
        '\r' => shown.push_str("\\r"),
        '\t' => shown.push_str("\\t"),
        c if is_unprintable(c) => shown.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => shown.push(c),
    }
}

/// A path as anpo prints it: as given, without a leading `./`, with `\` shown as `\\`,
/// every unprintable character escaped as [`visible`] does and every byte that is not
/// UTF-8 as `\xFF`. Two different paths never print the same: `x\y.json` prints as
/// `x\\y.json`, never as `x/y.json`, and `a\xff.json` and `a\xfe.json` stay apart.
///
/// A relative name that starts with `:` or `#` is printed after `./` (the same file), so
/// that a line that begins with a name (`fmt`'s list) cannot begin a GitHub workflow
/// command (`::error …::`, `##[error]`).
pub fn display_name(path: &Path) -> String {
    let path = path.strip_prefix(".").unwrap_or(path);
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut shown = String::with_capacity(bytes.len() + 2);
    if bytes.starts_with(b":") || bytes.starts_with(b"#") {
        shown.push_str("./");
    }
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                shown.push_str("\\\\");
            } else {
                push_visible(&mut shown, c);
            }
        }
        for byte in chunk.invalid() {
            shown.push_str(&format!("\\x{byte:02X}"));
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn controls_separators_and_bidi_are_shown_escaped() {
        assert_eq!(visible("plain 日本語 é"), "plain 日本語 é");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(visible("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(visible("\u{1b}]0;title\u{7}"), "\\u{1b}]0;title\\u{7}");
        assert_eq!(visible("x\u{2028}y\u{85}z\u{202e}w\u{2066}"), "x\\u{2028}y\\u{85}z\\u{202e}w\\u{2066}");
        assert_eq!(visible("zz\n::stop-commands::x").lines().count(), 1);
    }

    #[test]
    fn names_are_kept_apart_and_printable() {
        assert_eq!(display_name(Path::new("./data/events.json")), "data/events.json");
        assert_eq!(display_name(Path::new("x\\y.json")), "x\\\\y.json");
        assert_ne!(display_name(Path::new("x\\y.json")), display_name(Path::new("x/y.json")));
        assert_eq!(display_name(Path::new("a\n::error::b.json")), "a\\n::error::b.json");
        assert_eq!(display_name(Path::new("::error::b.json")), "./::error::b.json");
        assert_eq!(display_name(Path::new("./##[error]b.json")), "./##[error]b.json");
        assert_eq!(display_name(Path::new("d/::b.json")), "d/::b.json");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let ff = PathBuf::from(std::ffi::OsStr::from_bytes(b"a\xff.json"));
            let fe = PathBuf::from(std::ffi::OsStr::from_bytes(b"a\xfe.json"));
            assert_eq!(display_name(&ff), "a\\xFF.json");
            assert_ne!(display_name(&ff), display_name(&fe));
            // The escapes cannot be confused with a name that holds them as text.
            assert_ne!(display_name(&ff), display_name(Path::new("a\\xFF.json")));
        }
    }
}
