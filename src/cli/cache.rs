//! `baogao cache`: where the browser's cache of parsed reports is and what
//! it holds, or remove it.

use super::{report_error, FAILED, OK};

/// `baogao cache`: where the cache is and what it holds, or remove it.
pub(super) fn cache_cmd(clear: bool) -> i32 {
    use baogao::corpus::cache;
    let Some(dir) = cache::default_dir() else {
        eprintln!("baogao: no cache folder: neither $BAOGAO_CACHE_DIR nor a home folder is set");
        return FAILED;
    };
    let file = dir.join(cache::FILE_NAME);
    if clear {
        return match cache::clear(&dir) {
            Ok(true) => {
                println!("removed {}", file.display());
                OK
            }
            Ok(false) => {
                println!("no cache at {}", file.display());
                OK
            }
            Err(e) => {
                report_error(&file, &e.to_string());
                FAILED
            }
        };
    }
    if !file.exists() {
        println!("{}: no cache yet (the browser makes it)", file.display());
        return OK;
    }
    match cache::Cache::open(&dir).and_then(|(c, note)| Ok((c.stats()?, note))) {
        Ok(((rows, bytes), note)) => {
            if let Some(n) = note {
                eprintln!("baogao: {n}");
            }
            println!(
                "{}: {rows} reports, {:.1} MB (rows unused for {} days dropped, at most {})",
                file.display(),
                bytes as f64 / 1e6,
                cache::MAX_AGE_DAYS,
                cache::MAX_ROWS
            );
            OK
        }
        Err(e) => {
            report_error(&file, &e);
            FAILED
        }
    }
}
