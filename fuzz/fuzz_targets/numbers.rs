//! Arbitrary strings as numerals, and as one short line of report text
//! through cleaning and indicator extraction.
#![no_main]

use baogao::parse::{clean, indicators, numbers, taxonomy::Taxonomy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    if let Some(v) = numbers::parse_numeral(s) {
        assert!(!v.is_nan(), "NaN from {s:?}");
    }
    // Plain decimals (a fast path) read exactly as the standard parser
    // reads them.
    let plain = s.split('.').count() <= 2
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if plain {
        // (A number too large for an `f64` is no value, not infinity.)
        let expected = s.parse::<f64>().ok().filter(|v| v.is_finite());
        assert_eq!(numbers::parse_numeral(s), expected, "{s:?}");
    }
    let line: String = s.chars().take(200).collect();
    let cleaned = clean::clean(&line);
    for ind in indicators::extract(&cleaned, &[], Taxonomy::global()) {
        let raw = line.get(ind.span.range()).expect("span inside the line");
        assert!(!raw.is_empty(), "empty raw");
    }
});
