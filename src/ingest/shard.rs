//! Splitting a corpus between machines: `--shard I/N` takes every N-th
//! report file, starting from the I-th (1-based: `1/4` … `4/4`), of the
//! file list sorted by path, so that N runs over the same paths cover every
//! file exactly once.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// One part of a corpus split N ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, 1-based (`1 ≤ index ≤ count`).
    pub index: usize,
    /// How many parts.
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    /// `I/N` with `1 ≤ I ≤ N`.
    fn from_str(s: &str) -> Result<Shard, String> {
        let usage =
            || format!("'{s}' is not I/N (e.g. 1/4: the first of four parts; I counts from 1)");
        let (i, n) = s.split_once('/').ok_or_else(usage)?;
        let index: usize = i.trim().parse().map_err(|_| usage())?;
        let count: usize = n.trim().parse().map_err(|_| usage())?;
        if count == 0 {
            return Err(format!("'{s}': N must be at least 1"));
        }
        if index == 0 || index > count {
            return Err(format!(
                "'{s}': I must be between 1 and {count} (shards count from 1)"
            ));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The files of this shard: position `index - 1`, `index - 1 + count`, …
    /// of `files` sorted by path (duplicates already removed, as
    /// [`super::collect_files`] does), kept in the order they were given.
    pub fn select(&self, files: Vec<PathBuf>) -> Vec<PathBuf> {
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_by(|&a, &b| files[a].cmp(&files[b]).then(a.cmp(&b)));
        let mut keep = vec![false; files.len()];
        for &at in order.iter().skip(self.index - 1).step_by(self.count) {
            keep[at] = true;
        }
        files
            .into_iter()
            .zip(keep)
            .filter_map(|(f, k)| k.then_some(f))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_file_once() {
        let files: Vec<PathBuf> = [
            "b/2.txt", "a/1.txt", "c.txt", "a/0.txt", "b/1.txt", "z.txt", "d.txt",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        for n in 1..=9 {
            let mut all: Vec<PathBuf> = Vec::new();
            for i in 1..=n {
                let part = Shard { index: i, count: n }.select(files.clone());
                // In the given order.
                let pos: Vec<usize> = part
                    .iter()
                    .map(|p| files.iter().position(|f| f == p).unwrap())
                    .collect();
                assert!(pos.windows(2).all(|w| w[0] < w[1]), "{i}/{n}: {part:?}");
                all.extend(part);
            }
            all.sort();
            let mut want = files.clone();
            want.sort();
            assert_eq!(all, want, "n = {n}");
        }
    }

    #[test]
    fn parses_one_based_parts() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        assert_eq!("1/1".parse(), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/4", "5/4", "1/0", "4", "a/b", "-1/4", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
