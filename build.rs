//! Build script:
//! - the fold table of `src/text.rs` (`OUT_DIR/fold_table.rs`): every BMP
//!   character after NFKC folding (`src/text/fold_char.rs`, shared with
//!   the crate) and OpenCC's `t2s` of the single character, computed here
//!   once instead of at every process start (about 70 million
//!   instructions, most of a small run's time);
//! - a fingerprint of everything that decides what the parser produces
//!   (the parser's and ingest's sources, the text folding and its table,
//!   the model and the embedded data), so that the browser's cache of
//!   parsed reports is never read by a binary that would parse differently
//!   (`BAOGAO_PARSER_FINGERPRINT`, see `src/corpus/cache.rs`).

use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

include!("src/text/fold_char.rs");

/// `f` as a table entry for `c`: `c` itself when `f` is outside the BMP
/// (which a fold that never lengthens cannot produce).
fn bmp(f: char, c: char) -> u16 {
    u16::try_from(u32::from(f)).unwrap_or(c as u16)
}

/// The fold table: entry `u` is what BMP character `u` folds to.
fn fold_table() -> Vec<u16> {
    let mut table: Vec<u16> = (0u16..=u16::MAX).collect();
    for (u, slot) in table.iter_mut().enumerate().skip(0x80) {
        if let Some(c) = char::from_u32(u as u32) {
            *slot = bmp(fold_char(c), c);
        }
    }
    let cc = OpenCC::from_config(BuiltinConfig::T2s).expect("OpenCC's t2s tables load");
    let mut buf = [0u8; 4];
    for u in (0x3400u32..0xA000).chain(0xF900..0xFB00) {
        let Some(c) = char::from_u32(u) else { continue };
        let out = cc.convert(c.encode_utf8(&mut buf));
        let mut it = out.chars();
        if let (Some(f), None) = (it.next(), it.next()) {
            if f != c && f.len_utf8() <= c.len_utf8() {
                table[u as usize] = bmp(f, c);
            }
        }
    }
    table
}

const INPUTS: &[&str] = &[
    "src/parse",
    "src/ingest",
    "src/text.rs",
    "src/text",
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
    let table = fold_table();
    let mut source = String::with_capacity(table.len() * 6);
    source.push('[');
    for (i, f) in table.iter().enumerate() {
        if i % 16 == 0 {
            source.push('\n');
        }
        let _ = write!(source, "{f},");
    }
    source.push_str("\n]\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("fold_table.rs"), &source).expect("OUT_DIR is writable");
    feed(source.as_bytes());
    feed(
        std::env::var("CARGO_PKG_VERSION")
            .unwrap_or_default()
            .as_bytes(),
    );
    println!("cargo:rustc-env=BAOGAO_PARSER_FINGERPRINT={h:016x}");
}
