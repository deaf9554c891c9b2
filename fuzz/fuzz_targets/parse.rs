//! Arbitrary bytes as a report file: decode (any encoding, HTML), then parse,
//! then check that every range points inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the file name, so HTML handling is reached too.
    let (name, bytes) = match data.split_first() {
        Some((b, rest)) if b % 4 == 0 => ("fuzz.html", rest),
        Some((_, rest)) => ("fuzz.txt", rest),
        None => ("fuzz.txt", data),
    };
    let Ok(text) = baogao::ingest::decode_report(Path::new(name), bytes) else {
        return;
    };
    let report = baogao::parse_report(name, text);
    for ind in &report.indicators {
        assert!(
            report.text.get(ind.span.range()).is_some(),
            "span {:?}",
            ind.span
        );
        assert!(
            report.text.get(ind.sentence.range()).is_some(),
            "sentence {:?}",
            ind.sentence
        );
    }
    for (i, s) in report.sections.iter().enumerate() {
        assert!(
            report.text.get(s.heading.range()).is_some(),
            "heading {:?}",
            s.heading
        );
        assert!(
            report.text.get(s.body.range()).is_some(),
            "body {:?}",
            s.body
        );
        assert!(s.parent_index().is_none_or(|p| p < i), "parent after child");
    }
    let _ = report.to_json().to_string();
});
