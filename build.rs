//! Build script: a fingerprint of everything that decides what the parser
//! produces (the parser's and ingest's sources, the text folding, the model
//! and the embedded data), so that the browser's cache of parsed reports is
//! never read by a binary that would parse differently
//! (`BAOGAO_PARSER_FINGERPRINT`, see `src/corpus/cache.rs`).

use std::fs;
use std::path::{Path, PathBuf};

const INPUTS: &[&str] = &[
    "src/parse",
    "src/ingest",
    "src/text.rs",
    "src/model.rs",
    "assets/taxonomy.toml",
    "assets/gazetteer.tsv",
];

fn files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(p)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            files(&e, out);
        }
    } else {
        out.push(p.to_path_buf());
    }
}

fn main() {
    // FNV-1a, 64 bits: stable across builds and machines.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        let mut list = Vec::new();
        files(Path::new(input), &mut list);
        for f in list {
            feed(f.to_string_lossy().as_bytes());
            feed(&fs::read(&f).unwrap_or_default());
        }
    }
    feed(
        std::env::var("CARGO_PKG_VERSION")
            .unwrap_or_default()
            .as_bytes(),
    );
    println!("cargo:rustc-env=BAOGAO_PARSER_FINGERPRINT={h:016x}");
}
