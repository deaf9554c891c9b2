//! Numerals: Arabic (`302`, `1.42`) and Chinese (`两`, `十二`, `三百零五`),
//! with 万/亿 scaling (`1.2万` → 12 000, `27.4亿` → 2 740 000 000).

/// Value of one Chinese digit character (`两` is 2, `〇`/`零` are 0).
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of a Chinese small-unit character (`十` 10, `百` 100, `千` 1000).
pub fn chinese_small_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Value of a large scale character: `万` 10⁴, `亿` 10⁸.
pub fn scale_of(c: char) -> Option<f64> {
    match c {
        '万' | '萬' => Some(1e4),
        '亿' | '億' => Some(1e8),
        _ => None,
    }
}

/// Whether a character can be part of a Chinese numeral.
pub fn is_chinese_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_small_unit(c).is_some()
}

/// Parse a Chinese numeral made of digits and 十/百/千 (no 万/亿):
/// `十二` → 12, `二十` → 20, `三百零五` → 305, `两` → 2, `一二三` → 123.
/// Returns `None` for an empty or malformed string.
pub fn parse_chinese_small(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| chinese_digit(c).is_some()) {
        // Digit by digit, as in 一二三 (rare, but unambiguous).
        if s.chars().nth(1).is_some() && s.contains(['两', '兩']) {
            return None;
        }
        let mut v = 0f64;
        for c in s.chars() {
            v = v * 10.0 + f64::from(chinese_digit(c)?);
        }
        return Some(v);
    }
    let mut total = 0u64;
    let mut digit: Option<u64> = None;
    let mut last_unit = u64::MAX;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some() && d != 0 {
                return None;
            }
            digit = if d == 0 { None } else { Some(u64::from(d)) };
        } else if let Some(u) = chinese_small_unit(c) {
            let u = u64::from(u);
            if u >= last_unit {
                return None;
            }
            last_unit = u;
            total += digit.unwrap_or(1) * u;
            digit = None;
        } else {
            return None;
        }
    }
    Some((total + digit.unwrap_or(0)) as f64)
}

/// Parse an Arabic number: digits with an optional decimal part (`1.42`).
pub fn parse_arabic(s: &str) -> Option<f64> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parse any numeral with optional scales: `1.2万` 12000, `一万` 10000,
/// `三千五百万` 35 000 000, `27.4亿` 2.74e9, `十二` 12.
pub fn parse_numeral(s: &str) -> Option<f64> {
    if let Some(v) = parse_decimal_fast(s.as_bytes()) {
        return Some(v);
    }
    let s = s.trim();
    let mut total = 0f64;
    let mut rest = s;
    let mut seen_part = false;
    // Split on the largest scales first: 亿 then 万.
    for scale in ['亿', '万'] {
        let alt = if scale == '亿' { '億' } else { '萬' };
        if let Some(pos) = rest.find([scale, alt]) {
            let head = &rest[..pos];
            let value = parse_plain(head)?;
            total += value * scale_of(scale)?;
            rest = &rest[pos + scale.len_utf8()..];
            seen_part = true;
        }
    }
    if rest.is_empty() {
        return seen_part.then_some(total);
    }
    let tail = parse_plain(rest.trim_start_matches(['零', '〇']))?;
    Some(total + tail)
}

/// Digits with an optional decimal part (`302`, `98.6`), at most 15 digits
/// and nothing else: the integer of all the digits divided by a power of
/// ten. Both are exact in an `f64`, so the one rounding of the division
/// gives the correctly rounded value, as `str::parse` does (Clinger's fast
/// path); everything else is left to the general parser.
fn parse_decimal_fast(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let (mut m, mut point) = (0u64, None);
    for (i, &x) in b.iter().enumerate() {
        match x {
            b'0'..=b'9' => m = m * 10 + u64::from(x - b'0'),
            b'.' if point.is_none() && i > 0 && i + 1 < b.len() => point = Some(i),
            _ => return None,
        }
    }
    let digits = b.len() - usize::from(point.is_some());
    if digits > 15 {
        return None;
    }
    let frac = point.map_or(0, |p| b.len() - p - 1);
    Some(m as f64 / POW10[frac])
}

fn parse_plain(s: &str) -> Option<f64> {
    if s.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        parse_arabic(s)
    } else {
        parse_chinese_small(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_numeral("两"), Some(2.0));
        assert_eq!(parse_numeral("十二"), Some(12.0));
        assert_eq!(parse_numeral("二十"), Some(20.0));
        assert_eq!(parse_numeral("三百零五"), Some(305.0));
        assert_eq!(parse_numeral("一千二百三十四"), Some(1234.0));
        assert_eq!(parse_numeral("一万"), Some(10000.0));
        assert_eq!(parse_numeral("三千五百万"), Some(35_000_000.0));
        assert_eq!(parse_numeral("十一万"), Some(110_000.0));
        assert_eq!(parse_numeral("兩"), Some(2.0));
    }

    #[test]
    fn arabic_and_scaled() {
        assert_eq!(parse_numeral("302"), Some(302.0));
        assert_eq!(parse_numeral("98.6"), Some(98.6));
        assert_eq!(parse_numeral("1.2万"), Some(12000.0));
        assert_eq!(parse_numeral("27.4亿"), Some(2_740_000_000.0));
        assert_eq!(parse_numeral("1亿2000万"), Some(120_000_000.0));
    }

    #[test]
    fn fast_decimals_equal_the_general_parser() {
        for s in [
            "0",
            "7",
            "302",
            "98.6",
            "0.1",
            "1.42",
            "99.99",
            "123456789012345",
            "12345678901234.5",
            "0.00000000000001",
            "3.3",
            "2.675",
            "1234567.891",
        ] {
            assert_eq!(
                parse_decimal_fast(s.as_bytes()),
                s.parse::<f64>().ok(),
                "{s}"
            );
            assert_eq!(parse_numeral(s), s.parse::<f64>().ok(), "{s}");
        }
        for s in [
            "",
            ".5",
            "5.",
            "1.2.3",
            "1234567890123456",
            " 5",
            "5万",
            "1,000",
        ] {
            assert_eq!(parse_decimal_fast(s.as_bytes()), None, "{s}");
        }
        // Too many digits for the fast path: the general parser reads them,
        // and a number too large for an `f64` is no value, not infinity.
        for s in ["1234567890123456", "0.000000000000001"] {
            assert_eq!(parse_numeral(s), s.parse::<f64>().ok(), "{s}");
        }
        assert_eq!(parse_numeral(&"8".repeat(311)), None);
    }

    #[test]
    fn malformed_is_none() {
        assert_eq!(parse_numeral(""), None);
        assert_eq!(parse_numeral("十十"), None);
        assert_eq!(parse_numeral("1.2.3"), None);
        assert_eq!(parse_numeral("万"), None);
    }
}
