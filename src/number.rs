//! Numbers exactly as written: the value of a JSON number's text, without `f64`.
//!
//! The data's numbers reach the model as `serde_json::Number`s that keep their text
//! (`serde_json`'s `arbitrary_precision`): `1.0`, `12345678901234567890123` and `1e-400`
//! are held as written, every digit kept (an exponent's marker is written back as `e` with
//! its sign: `1E2` as `1e+2`, the same value). This module reads that text as an exact decimal, so that
//! a count written `1.1e1` loads as 11, `diff` sees that `1.0` and `1` are one value and
//! that `…67890123` and `…67000000` are two, and JSON-LD can type each number by the form
//! it was written in. Work is linear in the text, whatever the exponent.

/// A JSON number's exact value: `digits × 10^exponent`, with `digits` free of leading and
/// trailing zeros, and zero as no digits, not negative (so `-0`, `0.0` and `0e7` are equal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    digits: String,
    exponent: i64,
}

/// The parts of a JSON number's text: sign, integer digits, fraction digits, exponent.
struct Parts<'a> {
    negative: bool,
    integer: &'a str,
    fraction: &'a str,
    exponent: Option<&'a str>,
}

/// Split a JSON number's text (RFC 8259 grammar: `-?int(.frac)?([eE][+-]?digits)?`);
/// `None` for anything else.
fn parts(text: &str) -> Option<Parts<'_>> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    let fraction_ok = !mantissa.contains('.') || digits(fraction);
    let integer_ok = digits(integer) && (integer == "0" || !integer.starts_with('0'));
    (integer_ok && fraction_ok && exponent_ok).then_some(Parts { negative, integer, fraction, exponent })
}

/// The written exponent, saturating at `i64`'s range: a number written past `1e9223372036854775807`
/// is beyond anything the schema or an exporter can tell apart (the validator saturates too).
fn exponent(text: Option<&str>) -> i64 {
    let Some(text) = text else { return 0 };
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = digits.bytes().fold(0i64, |n, b| n.saturating_mul(10).saturating_add(i64::from(b - b'0')));
    if negative { -magnitude } else { magnitude }
}

impl Decimal {
    /// The exact value of a JSON number's text; `None` if the text is not a JSON number.
    pub fn parse(text: &str) -> Option<Decimal> {
        let p = parts(text)?;
        let all = format!("{}{}", p.integer, p.fraction);
        let significant = all.trim_start_matches('0');
        let trailing = significant.len() - significant.trim_end_matches('0').len();
        let digits = significant.trim_end_matches('0').to_string();
        if digits.is_empty() {
            return Some(Decimal { negative: false, digits, exponent: 0 });
        }
        let shift = trailing as i64 - p.fraction.len() as i64;
        Some(Decimal { negative: p.negative, digits, exponent: exponent(p.exponent).saturating_add(shift) })
    }

    /// The value as a `u32`, when it is a whole number in `u32`'s range (`11`, `11.0`,
    /// `1.1e1`, `110E-1`); `None` otherwise.
    pub fn to_u32(&self) -> Option<u32> {
        if self.digits.is_empty() {
            return Some(0);
        }
        if self.negative || self.exponent < 0 || (self.digits.len() as i64).saturating_add(self.exponent) > 10 {
            return None;
        }
        let zeros = "0".repeat(self.exponent as usize);
        format!("{}{zeros}", self.digits).parse().ok()
    }
}

/// Whether two JSON numbers' texts have the same value (`1.0` and `1`, `1E2` and `100`).
/// Texts that are not JSON numbers are equal only when identical.
pub fn same_value(a: &str, b: &str) -> bool {
    match (Decimal::parse(a), Decimal::parse(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// How a number is written as an RDF literal: its exact text, typed by the XSD datatype
/// whose lexical space holds that text. Without an exponent, JSON's form is an
/// `xsd:decimal` (exact at any length); with one, it is an `xsd:double` (the only XSD
/// numeric type with exponents). The text is never rewritten, so no literal is longer than
/// what the data holds and no value is rounded on the way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexical {
    Decimal,
    Double,
}

/// The XSD datatype for a JSON number's text (see [`Lexical`]).
pub fn lexical(text: &str) -> Lexical {
    if text.contains(['e', 'E']) { Lexical::Double } else { Lexical::Decimal }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).expect(text)
    }

    #[test]
    fn equal_values_in_every_form_are_equal() {
        for group in [
            &["11", "11.0", "1.1e1", "1.1E+1", "110E-1", "0.11e2", "11.000e0"][..],
            &["0", "-0", "0.0", "0e5", "-0.000E-9"],
            &["1", "1.0", "1e0", "10e-1", "0.1e1"],
            &["100", "1E2", "1e+2", "100.00"],
            &["-2.5", "-25e-1", "-0.25E1"],
        ] {
            for a in group {
                for b in group {
                    assert!(same_value(a, b), "{a} = {b}");
                }
            }
        }
    }

    #[test]
    fn values_that_differ_past_f64_precision_are_different() {
        assert!(!same_value("12345678901234567890123", "12345678901234567000000"));
        assert!(!same_value("1e-400", "0"));
        assert!(!same_value("1e-400", "2e-400"));
        assert!(!same_value("1.00000000000000001", "1"));
        assert!(!same_value("-1", "1"));
    }

    #[test]
    fn counts_load_from_any_form_of_a_whole_number_in_range() {
        for (text, n) in [("11", 11), ("11.0", 11), ("1.1e1", 11), ("110E-1", 11), ("1e0", 1), ("-0", 0)] {
            assert_eq!(d(text).to_u32(), Some(n), "{text}");
        }
        assert_eq!(d("4294967295").to_u32(), Some(u32::MAX));
        assert_eq!(d("4.294967295e9").to_u32(), Some(u32::MAX));
        for text in ["4294967296", "1.5", "-1", "1e10", "1.00000000000000001", "1e-400", "1e99999999999999999999"] {
            assert_eq!(d(text).to_u32(), None, "{text}");
        }
    }

    #[test]
    fn huge_exponents_cost_nothing() {
        assert!(!same_value("1e-999999999999", "0"));
        assert!(!same_value("1e-999999999999", "1e-999999999998"));
        assert_eq!(d("1e999999999999").to_u32(), None);
        assert_eq!(lexical("1e-999999999999"), Lexical::Double);
        assert_eq!(lexical("12345678901234567890123"), Lexical::Decimal);
    }

    #[test]
    fn texts_that_are_not_json_numbers_are_refused() {
        for text in ["", "-", "+1", "01", "1.", ".5", "1e", "1e+", "0x10", "NaN", "1 ", "1.2.3"] {
            assert_eq!(Decimal::parse(text), None, "{text:?}");
        }
    }
}
