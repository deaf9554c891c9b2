//! Metadata of the five sample reports against their gold files.

use baogao::parse_report;
use serde_json::Value;
use std::path::Path;

/// Remove spaces and punctuation, as `score.py`'s `norm` does.
fn norm(s: Option<&str>) -> String {
    const PUNCT: &str = ",，。.．、:：;；!！?？“”\"'‘’()（）《》〈〉【】[]<>—-…·\u{3000}";
    s.unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace() && !PUNCT.contains(*c))
        .collect()
}

#[test]
fn seed_metadata_matches_gold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let mut seen = 0;
    let mut paths: Vec<_> = std::fs::read_dir(root.join("assets/reports"))
        .expect("assets/reports")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("tests/gold").join(format!("{stem}.json")))
                .expect("gold file"),
        )
        .expect("gold json");
        let text = std::fs::read_to_string(&path).expect("report text");
        let got = parse_report(&path.to_string_lossy(), text).to_json();
        seen += 1;
        let mut check = |field: &str, g: &Value, p: &Value, loose: bool| {
            let same = if loose {
                norm(g.as_str()) == norm(p.as_str())
            } else {
                g == p
            };
            if !same {
                failures.push(format!("{stem}: {field}: gold {g}, got {p}"));
            }
        };
        check("title", &gold["title"], &got["title"], true);
        check("issuer", &gold["issuer"], &got["issuer"], true);
        for f in ["year", "published", "script"] {
            check(f, &gold[f], &got[f], false);
        }
        for f in ["name", "province", "city", "level", "code"] {
            check(
                &format!("region.{f}"),
                &gold["region"][f],
                &got["region"][f],
                false,
            );
        }
    }
    assert_eq!(seen, 5, "five sample reports");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
