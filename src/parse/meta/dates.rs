//! Dates: the publication date and the year of work.

use super::*;

pub(super) static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"((?:19|20)[0-9]{2})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})(?:[^0-9]|$)")
});
pub(super) static CN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"([〇○零O0一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日",
    )
});
pub(super) static YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^0-9])((?:19|20)[0-9]{2})\s*年"));
pub(super) static CN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"([〇○零O0一二三四五六七八九]{4})\s*年"));
pub(super) static INLINE_DATE_FIELD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:发布日期|发布时间|发文日期|更新时间|时间|日期)\s*:\s*(.{8,24})"));
pub(super) static REPORT_AS_FOLLOWS: LazyLock<Regex> =
    LazyLock::new(|| re(r"现将.{0,40}?((?:19|20)[0-9]{2})\s*年"));
pub(super) static OPENING_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^[\s在]*((?:19|20)[0-9]{2})\s*年(?:度|以来)?(?:[,是里中来初]|\s|全|我|以|,)")
});

/// An ISO date from the first date in a string.
pub(super) fn parse_date(s: &str) -> Option<String> {
    let iso = |y: i32, m: u32, d: u32| {
        ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let digits = DATE
        .captures(s)
        .and_then(|c| iso(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?));
    let cn = CN_DATE.captures(s).and_then(|c| {
        iso(
            cn_digits(&c[1])? as i32,
            cn_number(&c[2])?,
            cn_number(&c[3])?,
        )
    });
    match (DATE.find(s), CN_DATE.find(s)) {
        (Some(a), Some(b)) if b.start() < a.start() => cn.or(digits),
        _ => digits.or(cn),
    }
}

/// `二〇二五` → 2025 (digit by digit).
pub(super) fn cn_digits(s: &str) -> Option<u32> {
    s.chars().try_fold(0, |acc, c| {
        let d = match c {
            '〇' | '○' | '零' | 'O' | '0' => 0,
            _ => cn_number(&c.to_string())?,
        };
        Some(acc * 10 + d)
    })
}

/// `十六` → 16, `二十` → 20, `九` → 9 (up to 99).
pub(super) fn cn_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32 + 1)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// The date of a delivery line (`——2024年5月28日在…人民代表大会常务委员会
/// 第十次会议上`, `(2024年6月20日在县十八届人大常委会第十二次会议上)`).
pub(super) fn delivery(n: &str) -> Option<String> {
    // Settled by the byte length and one search for most lines.
    if n.len() > 80 * 3 || !n.contains("会议") || longer_than(n, 80) {
        return None;
    }
    if !(n.contains("人大") || n.contains("人民代表大会")) {
        return None;
    }
    let at = n.find('在')?;
    let date = n[..at].trim_start_matches(|c: char| !c.is_alphanumeric());
    parse_date(date.trim())
}

pub(super) fn find_published(doc: &Doc) -> Option<String> {
    const KEYS: &[&str] = &[
        "发布日期",
        "发布时间",
        "发文日期",
        "时间",
        "更新时间",
        "日期",
        "成文日期",
    ];
    for k in KEYS {
        for f in doc.cleaned.fields.iter().filter(|f| f.key == *k) {
            if let Some(d) = parse_date(&f.value) {
                return Some(d);
            }
        }
    }
    for k in KEYS {
        let mut head = doc.head_fields.iter().filter(|(hk, _)| hk == k);
        if let Some(d) = head.find_map(|(_, v)| parse_date(v)) {
            return Some(d);
        }
    }
    // A report delivered to the people's congress: the delivery line.
    if let Some(d) = doc.head_lines().find_map(|i| delivery(doc.norm(i))) {
        return Some(d);
    }
    // A publication field inside a line the cleaner left in the body or
    // took for page furniture (`【字体:大 中 小】 发布时间:…`).
    for (i, l) in doc.cleaned.lines.iter().enumerate() {
        let furniture = matches!(l.kind, LineKind::Body | LineKind::Noise);
        // The field needs its colon: most lines are settled by a byte search.
        if !furniture
            || longer_than(&l.norm, 100)
            || memchr::memchr(b':', l.norm.as_bytes()).is_none()
            || l.norm.contains("星期")
        {
            continue;
        }
        if let Some(d) = INLINE_DATE_FIELD
            .captures(doc.norm(i))
            .and_then(|c| parse_date(&c[1]))
        {
            return Some(d);
        }
    }
    // The signature date: a short line near the end that ends with a date.
    for i in doc.tail(6) {
        let n = doc.norm(i).trim();
        if longer_than(n, 40) || n.contains("星期") || n.contains("今天") {
            continue;
        }
        let end_ok = n.ends_with('日') || n.ends_with(|c: char| c.is_ascii_digit());
        if end_ok {
            if let Some(d) = parse_date(n) {
                return Some(d);
            }
        }
    }
    None
}

pub(super) fn find_year(
    doc: &Doc,
    title: Option<&str>,
    title_line: Option<usize>,
    published: Option<&str>,
    warnings: &mut Vec<String>,
) -> Option<i32> {
    let first_year = |s: &str| {
        let digits = YEAR.captures(s).and_then(|c| c[1].parse::<i32>().ok());
        digits.or_else(|| {
            CN_YEAR
                .captures(s)
                .and_then(|c| cn_digits(&c[1]))
                .map(|y| y as i32)
        })
    };
    if let Some(y) = title.and_then(first_year) {
        return Some(y);
    }
    let start = title_line.map_or(0, |t| t + 1);
    let opening: Vec<usize> = doc
        .body
        .iter()
        .copied()
        .filter(|&i| i >= start)
        // The delivery line and the salutation to the congress say nothing
        // of the year of work.
        .filter(|&i| {
            let n = doc.norm(i).trim();
            let salutation = n.ends_with(':') && !longer_than(n, 30);
            delivery(n).is_none() && !salutation
        })
        .take(4)
        .collect();
    for &i in &opening {
        if let Some(c) = REPORT_AS_FOLLOWS.captures(doc.norm(i)) {
            return c[1].parse().ok();
        }
    }
    for &i in &opening {
        let n = doc.norm(i);
        if let Some(c) = OPENING_YEAR.captures(n) {
            let rest = &n[c.get(1).map_or(0, |m| m.end())..];
            if !PLANS.is_match(&rest.chars().take(8).collect::<String>()) {
                return c[1].parse().ok();
            }
        }
    }
    let pub_year: Option<i32> = published
        .and_then(|p| p.get(..4))
        .and_then(|y| y.parse().ok());
    if !doc.reportish {
        return None;
    }
    // The year the body speaks of most, outside plans sections.
    let mut counts: FxHashMap<i32, usize> = FxHashMap::default();
    let mut in_plans = false;
    for &i in &doc.body {
        let n = doc.norm(i);
        if is_heading(n) {
            in_plans = PLANS.is_match(n);
        }
        if in_plans {
            continue;
        }
        for c in YEAR.captures_iter(n) {
            let Ok(y) = c[1].parse::<i32>() else { continue };
            let after = &n[c.get(0).map_or(0, |m| m.end())..];
            if after.starts_with(['-', '至', '—']) || pub_year.is_some_and(|p| y > p) {
                continue;
            }
            *counts.entry(y).or_default() += 1;
        }
    }
    let mode = counts
        .into_iter()
        .filter(|(_, c)| *c >= 2)
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    if let Some((y, _)) = mode {
        warnings.push(format!("year {y} guessed from the years the text mentions"));
        return Some(y);
    }
    let y = pub_year? - 1;
    warnings.push(format!("year {y} guessed from the publication date"));
    Some(y)
}
