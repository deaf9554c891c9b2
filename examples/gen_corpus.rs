//! Write N realistic, varied reports for benchmarks and tests:
//! `cargo run --release --example gen_corpus -- N DIR`.
//!
//! Each report is one of the bundled samples moved to another region of the
//! same level (from the gazetteer), shifted to another year, its counts
//! scaled, and every other one converted to Traditional characters.

use baogao::parse::gazetteer::{Division, Gazetteer};
use baogao::Level;
use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use rayon::prelude::*;
use regex::{Captures, Regex};
use std::path::PathBuf;

/// A small deterministic generator (SplitMix64), so runs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Sample {
    text: String,
    region: baogao::Region,
    year: i32,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (
        args.next().and_then(|n| n.parse::<usize>().ok()),
        args.next(),
    ) else {
        eprintln!("usage: gen_corpus N DIR");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create the output folder");
    let samples: Vec<Sample> = baogao::corpus::SAMPLES
        .iter()
        .filter_map(|(name, text)| {
            let r = baogao::parse_report(name, text.to_string());
            Some(Sample {
                text: text.to_string(),
                region: r.region?,
                year: r.year?,
            })
        })
        .collect();
    let gaz = Gazetteer::global();
    let by_level = |l: Level| -> Vec<&Division> {
        gaz.divisions()
            .iter()
            .filter(|d| d.level == l && d.code.is_some())
            .collect()
    };
    let pools = [
        by_level(Level::Province),
        by_level(Level::City),
        by_level(Level::County),
    ];
    let s2t = OpenCC::from_config(BuiltinConfig::S2t).expect("OpenCC s2t");
    let count = Regex::new(r"([0-9]+)(件|人次|人|名|家|次|场|份|个|项|条|起)").unwrap();
    (0..n).into_par_iter().for_each(|i| {
        let mut rng = Rng(i as u64 * 7919 + 17);
        let s = &samples[i % samples.len()];
        let pool = match s.region.level {
            Level::Province => &pools[0],
            Level::City => &pools[1],
            _ => &pools[2],
        };
        let d = pool[rng.below(pool.len())];
        let mut text = s.text.clone();
        let swaps = [
            (Some(s.region.name.as_str()), Some(d.name.as_str())),
            (s.region.city.as_deref(), d.city.as_deref()),
            (s.region.province.as_deref(), Some(d.province.as_str())),
        ];
        for (from, to) in swaps {
            if let (Some(f), Some(t)) = (from, to) {
                // Both scripts: a Traditional sample names its region in Traditional.
                for (f, t) in [
                    (f.to_string(), t.to_string()),
                    (s2t.convert(f), t.to_string()),
                ] {
                    if f != t {
                        text = text.replace(&f, &t);
                        let (fs, ts) = (strip_suffix(&f), strip_suffix(&t));
                        if fs.chars().count() >= 2 && ts.chars().count() >= 2 {
                            text = text.replace(fs, ts);
                        }
                    }
                }
            }
        }
        let shift = rng.below(6) as i32 - 3;
        let year = s.year + shift;
        for (old, new) in [(s.year + 1, year + 1), (s.year, year)] {
            text = text
                .replace(&format!("{old}年"), &format!("{new}年"))
                .replace(&format!("{old}-"), &format!("{new}-"));
        }
        let factor = 0.5 + rng.below(150) as f64 / 100.0;
        text = count
            .replace_all(&text, |c: &Captures| {
                let v: f64 = c[1].parse().unwrap_or(0.0);
                format!("{}{}", (v * factor).round() as u64, &c[2])
            })
            .into_owned();
        if i % 2 == 1 {
            text = s2t.convert(&text);
        }
        let name = format!(
            "{}-{year}-{i:05}.txt",
            d.code.as_deref().unwrap_or("000000")
        );
        std::fs::write(dir.join(name), text).expect("write a report");
    });
    eprintln!("wrote {n} reports to {}", dir.display());
}

/// `邵阳市` → `邵阳`, `下陆区` → `下陆`: the form used in running text.
fn strip_suffix(name: &str) -> &str {
    let mut end = name.len();
    for suffix in [
        "自治州",
        "自治縣",
        "自治县",
        "自治區",
        "自治区",
        "地區",
        "地区",
        "省",
        "市",
        "區",
        "区",
        "縣",
        "县",
        "州",
        "盟",
        "旗",
    ] {
        if let Some(rest) = name.strip_suffix(suffix) {
            end = rest.len();
            break;
        }
    }
    &name[..end]
}
