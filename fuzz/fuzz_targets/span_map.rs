//! The span map: every pointer into an arbitrary JSON value, written compact or pretty,
//! resolves to the span that holds exactly that value, and to its key.
#![no_main]

#[path = "../../tests/hardening/checks.rs"]
mod checks;

use arbitrary::{Arbitrary, Unstructured};
use serde_json::Value;

/// An arbitrary JSON value, at most `depth` deep.
fn value(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    let choice = if depth == 0 { u.int_in_range(0..=4)? } else { u.int_in_range(0..=6)? };
    Ok(match choice {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => Value::from(i64::arbitrary(u)?),
        // Not finite: `Value::from` gives null, as serde_json writes it.
        3 => Value::from(f64::arbitrary(u)?),
        4 => Value::String(String::arbitrary(u)?),
        5 => {
            let n = u.int_in_range(0..=5)?;
            Value::Array((0..n).map(|_| value(u, depth - 1)).collect::<arbitrary::Result<_>>()?)
        }
        _ => {
            let n = u.int_in_range(0..=5)?;
            let mut members = serde_json::Map::new();
            for _ in 0..n {
                members.insert(String::arbitrary(u)?, value(u, depth - 1)?);
            }
            Value::Object(members)
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(pretty) = bool::arbitrary(&mut u) else { return };
    let Ok(root) = value(&mut u, 6) else { return };
    checks::span_map(&root, pretty);
});
