//! RFC 6901 JSON pointers: escaping and unescaping one reference token, the one place
//! where `~0` and `~1` are written or read.

use std::borrow::Cow;

/// A reference token escaped for a pointer: `~` as `~0`, `/` as `~1`.
pub fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// A reference token as written in a pointer, unescaped: `~1` as `/`, then `~0` as `~`.
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') { Cow::Owned(token.replace("~1", "/").replace("~0", "~")) } else { Cow::Borrowed(token) }
}

/// The reference tokens of a pointer, unescaped (`""` has none).
pub fn tokens(pointer: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let body = pointer.strip_prefix('/').unwrap_or(pointer);
    body.split('/').filter(move |_| !pointer.is_empty()).map(unescape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_in_the_order_rfc_6901_sets() {
        for token in ["plain", "a/b", "m~n", "~1", "~0/~", ""] {
            assert_eq!(unescape(&escape(token)), token);
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        // `~01` is `~1` unescaped, not `/`.
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(tokens("/events/0/a~1b").collect::<Vec<_>>(), ["events", "0", "a/b"]);
        assert_eq!(tokens("").count(), 0);
    }
}
