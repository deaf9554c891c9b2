//! Bytes to text: the one entry point for every format ([`decode_report`]);
//! for text, byte-order marks, UTF-8, UTF-16, GB18030/GBK and other legacy
//! encodings, an HTML `<meta charset>`, and clear refusals.

use super::formats::Format;
use super::{docx, html, pdf, IngestError};
use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_8};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// Largest share of undecodable characters repaired with U+FFFD rather than
/// refused (mixed encodings, a few damaged bytes).
const MAX_DAMAGE: f64 = 0.005;

/// Largest share of control bytes (other than tab, line feed, form feed and
/// carriage return) in a text file.
const MAX_CONTROL: f64 = 0.02;

/// Text with at least one in this many of its non-ASCII lines in UTF-8 (but
/// too much damage to be UTF-8) is taken as a mix of encodings ...
const MIXED_UTF8_SHARE: usize = 10;
/// ... when at least this many lines are UTF-8.
const MIXED_MIN_LINES: usize = 3;

/// How many bytes at the start are searched for an HTML `<meta charset>` or
/// an HTML signature.
const SNIFF_LEN: usize = 4096;

/// Decode the bytes of a report file by its format ([`Format::of`] its
/// path): a PDF from its text layer ([`pdf::pdf_to_text`]), a Word document
/// from its XML ([`docx::docx_to_text`]), `.doc`, `.wps` and `.ofd` refused
/// with what to do ([`Format::unsupported`]), anything else as text. The
/// path names the file in errors and tells HTML by its extension (`.html`,
/// `.htm`), which is also recognised by its content (`<!DOCTYPE html`,
/// `<html`). HTML comes back as plain text. Control and invisible
/// characters are removed from the text of every format.
///
/// Text fails with `empty file`, `binary file, not text` or `invalid
/// encoding: …`; the other formats with their own reasons (`no text layer:
/// scanned image; run OCR first`, `damaged PDF: …`).
pub fn decode_report(path: &Path, bytes: &[u8]) -> Result<String, IngestError> {
    let err = |reason: String| IngestError::new(path, reason);
    let format = Format::of(path);
    if let Some(why) = format.unsupported() {
        return Err(err(why.into()));
    }
    let text = match format {
        Format::Pdf => pdf::pdf_to_text(bytes),
        Format::Docx => docx::docx_to_text(bytes),
        _ => return decode_text(path, bytes),
    };
    text.map(|t| strip_controls(normalize_newlines(t)))
        .map_err(err)
}

/// Decode a text file (or saved web page).
fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, IngestError> {
    let err = |reason: String| IngestError::new(path, reason);
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) => (Some(enc), &bytes[bom_len..]),
        None => (unmarked_utf16(bytes), bytes),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(err("empty file".into()));
    }
    // UTF-16 text is full of NUL bytes; everything else must not be.
    let is_utf16 = encoding.is_some_and(|e| e != UTF_8);
    if !is_utf16 {
        if let Some(kind) = binary_kind(body) {
            return Err(err(format!("binary file, not text{kind}")));
        }
    }
    let html_by_name = path
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
    let declared = if html_by_name || looks_like_html(body) {
        meta_charset(body)
    } else {
        None
    };
    let text = match encoding {
        Some(enc) => decode_with(enc, body).map_err(err)?,
        None => decode_unmarked(body, declared).map_err(err)?,
    };
    let text = normalize_newlines(text);
    if html_by_name || looks_like_html(text.as_bytes()) {
        // Controls are stripped from the page's text, after the parser has
        // decoded character references (`&#27;` is an ESC).
        let text = strip_controls(html::html_to_text(&text));
        if text.trim().is_empty() {
            return Err(err("empty file (the HTML page holds no text)".into()));
        }
        return Ok(text);
    }
    Ok(strip_controls(text))
}

/// How many bytes at the start are looked at for UTF-16 without a mark.
const UTF16_SNIFF_LEN: usize = 1024;

/// Least NUL bytes at the start of UTF-16 text without a mark: its ASCII
/// (digits, line ends) has one in every character, on one side.
const UTF16_MIN_NULS: usize = 8;

/// UTF-16 without a byte-order mark, told by where its NUL bytes are: in
/// the first KiB nearly all on odd offsets (little-endian) or on even ones
/// (big-endian), as the high or low byte of ASCII characters; a CJK
/// character puts one on the other side only now and then (U+4E00 is
/// `00 4E` in little-endian), random binary on both alike. The whole file
/// must then decode as that UTF-16 and read as text.
fn unmarked_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(UTF16_SNIFF_LEN) & !1];
    if bytes.len() & 1 != 0 || memchr::memchr(0, head).is_none() {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let one_sided = |many: usize, few: usize| many >= UTF16_MIN_NULS && few * 8 <= many;
    let enc = if one_sided(odd, even) {
        encoding_rs::UTF_16LE
    } else if one_sided(even, odd) {
        encoding_rs::UTF_16BE
    } else {
        return None;
    };
    let (text, _) = enc.decode_without_bom_handling(&bytes[..bytes.len().min(SNIFF_LEN * 2)]);
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'))
        .count();
    let damaged = text.chars().filter(|&c| c == '\u{FFFD}').count();
    let total = text.chars().count().max(1) as f64;
    let is_text = !text.contains('\0')
        && controls as f64 <= MAX_CONTROL * total
        && damaged as f64 <= MAX_DAMAGE * total;
    is_text.then_some(enc)
}

/// `Some(detail)` when the bytes are not text: NUL bytes or many control
/// characters; the detail names a recognised format.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", " (a PDF document: named .pdf it is read)"),
        (
            b"PK\x03\x04",
            " (a ZIP archive or an Office document: a Word document named .docx is read)",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            " (an old Office document: convert it to .docx)",
        ),
        (b"\x89PNG", " (a PNG image)"),
        (b"\xFF\xD8\xFF", " (a JPEG image)"),
    ];
    let head = &bytes[..bytes.len().min(SNIFF_LEN * 2)];
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
        .count();
    let binary = bytes.contains(&0) || control as f64 > MAX_CONTROL * head.len() as f64;
    let magic = MAGIC.iter().find(|(m, _)| bytes.starts_with(m));
    match (binary, magic) {
        (_, Some((_, kind))) => Some(kind),
        (true, None) => Some(""),
        (false, None) => None,
    }
}

/// Whether bytes start like an HTML document.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    // Every signature starts with `<`: plain text rarely has one.
    if !head.contains(&b'<') {
        return false;
    }
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    start.starts_with("<!doctype html") || start.starts_with("<html") || head.contains("<html")
}

/// The encoding named by `<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">` near the start.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.split("<meta").skip(1).find_map(|tag| {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let value = &tag[tag.find("charset")? + "charset".len()..];
        let value = value.trim_start().strip_prefix('=')?;
        let value = value.trim_start().trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
            .unwrap_or(value.len());
        Encoding::for_label(&value.as_bytes()[..end])
    })
}

/// Decode text without a byte-order mark: valid UTF-8 first (whatever a
/// page declares), then the declared encoding when it decodes with no more
/// damage than UTF-8 and within the limit, then UTF-8 with a little damage,
/// then the detector's guess. Text that is partly UTF-8 and partly
/// something else is refused rather than turned into mojibake.
fn decode_unmarked(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<String, String> {
    // Validated a block at a time with SIMD: the standard check costs
    // about ten instructions a byte of Chinese text.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let lossy = String::from_utf8_lossy(bytes);
    // The bytes are not UTF-8: a page that says what it is wins over
    // UTF-8 with "a little damage" (a mostly-ASCII GBK page is that).
    if let Some(enc) = declared.filter(|&e| e != UTF_8) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok(text.into_owned());
        }
        let damage = |t: &str| t.chars().filter(|&c| c == '\u{FFFD}').count();
        let (own, utf8) = (damage(&text), damage(&lossy));
        let total = text.chars().count().max(1);
        if own <= utf8 && own as f64 <= MAX_DAMAGE * total as f64 {
            return Ok(text.into_owned());
        }
    }
    let total = lossy.chars().count();
    let damaged = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
    if damaged as f64 <= MAX_DAMAGE * total as f64 {
        return Ok(lossy.into_owned());
    }
    // Whole lines of non-ASCII UTF-8 do not happen by chance in legacy
    // double-byte text: many of them beside undecodable lines is a mix.
    let (utf8_lines, other_lines) =
        bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_ascii())
            .fold((0, 0), |(u, o), l| match std::str::from_utf8(l) {
                Ok(_) => (u + 1, o),
                Err(_) => (u, o + 1),
            });
    if utf8_lines >= MIXED_MIN_LINES && utf8_lines * MIXED_UTF8_SHARE >= utf8_lines + other_lines {
        return Err(format!(
            "invalid encoding: mixed encodings ({utf8_lines} lines in UTF-8, \
             {other_lines} lines in another encoding)"
        ));
    }
    let mut detector = EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, false);
    decode_with(guess, bytes)
}

/// Decode with one encoding, repairing a little damage and refusing more.
fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> Result<String, String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(text.into_owned());
    }
    let total = text.chars().count().max(1);
    let damaged = text.chars().filter(|&c| c == '\u{FFFD}').count();
    if damaged as f64 <= MAX_DAMAGE * total as f64 {
        Ok(text.into_owned())
    } else {
        Err(format!(
            "invalid encoding: {damaged} of {total} characters cannot be decoded as {} \
             (mixed or unknown encoding)",
            enc.name()
        ))
    }
}

/// CRLF and lone CR line ends become LF.
fn normalize_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Longest body (in characters) of an escape string (OSC, DCS, SOS, PM,
/// APC) removed with it; an unterminated or longer one removes only its
/// introducer, so a stray `ESC ]` cannot swallow the text after it.
const MAX_ESCAPE_BODY: usize = 256;

/// Terminal escape sequences: CSI (`ESC [ … m`, also as the one C1
/// character U+009B), escape strings (OSC `ESC ] … BEL` or `… ESC \`, which
/// can set the clipboard or the window title; DCS `ESC P`, SOS `ESC X`, PM
/// `ESC ^`, APC `ESC _`) ended by BEL or ST within [`MAX_ESCAPE_BODY`]
/// characters of one line, and two-character escapes (which also take an
/// unterminated string's introducer).
static ESCAPES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:\x1b\[|\x{{9b}})[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][^\x07\x1b\n]{{0,{MAX_ESCAPE_BODY}}}(?:\x07|\x1b\\)|\x1b[@-Z\\-_]"
    ))
    .expect("the escape pattern compiles")
});

/// Remove terminal escape sequences, the control characters left (all
/// but tab and line feed) and invisible characters ([`is_invisible`]) from
/// decoded text: they are never report text,
/// and passed on they could recolour or retitle the user's terminal or
/// split a word the parser looks for.
fn strip_controls(text: String) -> String {
    let b = text.as_bytes();
    // C0 and DEL tested a block at a time without branches (vectorised);
    // C1 controls are U+0080–U+009F, encoded C2 80 … C2 9F.
    let c0 = |x: u8| (x < 0x20 && x != b'\t' && x != b'\n') || x == 0x7f;
    // Invisible characters: C2 AD, E2 80 xx / E2 81 xx, EF BB BF.
    let has_control = b
        .chunks(64)
        .any(|block| block.iter().fold(false, |any, &x| any | c0(x)))
        || memchr::memchr_iter(0xc2, b).any(|i| {
            b.get(i + 1)
                .is_some_and(|&y| (0x80..0xa0).contains(&y) || y == 0xad)
        })
        || memchr::memchr_iter(0xe2, b).any(|i| match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(&y)) => matches!(y, 0x8b | 0x8e | 0x8f | 0xaa..=0xae),
            (Some(0x81), Some(&y)) => matches!(y, 0xa0..=0xa4 | 0xa6..=0xa9),
            _ => false,
        })
        || memchr::memmem::find(b, "\u{FEFF}".as_bytes()).is_some();
    if !has_control {
        return text;
    }
    ESCAPES
        .replace_all(&text, "")
        .chars()
        .filter(|&c| (!c.is_control() || c == '\t' || c == '\n') && !is_invisible(c))
        .collect()
}

/// Invisible characters that are never report text and hide in names and
/// words (scraped pages carry them): the soft hyphen, the zero-width space,
/// the left-to-right and right-to-left marks, the bidirectional embeddings,
/// overrides and isolates (U+202E shows text backwards), the word joiner
/// and invisible operators, and a byte-order mark inside the text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        let gbk = Encoding::for_label(b"gbk").unwrap();
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"gbk\">"),
            Some(gbk)
        );
        assert_eq!(
            meta_charset(b"<META http-equiv=Content-Type content='text/html; charset=GB2312'>"),
            Some(gbk)
        );
        assert_eq!(meta_charset(b"<meta name=x content=y>"), None);
    }

    #[test]
    fn escape_sequences_and_controls_are_removed() {
        let t = "\u{1b}[31m红\u{1b}[0m色\u{7}\u{1b}]52;c;aGk=\u{7}案件\u{1b}]0;title\u{1b}\\3\u{9b}2J件\u{8}\u{85}\tx\n";
        assert_eq!(strip_controls(t.to_string()), "红色案件3件\tx\n");
        let plain = "普通文本\t302件\n".to_string();
        assert_eq!(strip_controls(plain.clone()), plain);
    }

    #[test]
    fn invisible_characters_are_removed() {
        let t = "某\u{200B}区\u{00AD}\u{202E}司法局\u{FEFF}\u{2066}“报告”\u{2069}\u{200F}\n";
        assert_eq!(strip_controls(t.to_string()), "某区司法局“报告”\n");
        let kept = "“引号”——省略…①\u{200D}\u{2065}\n".to_string();
        assert_eq!(strip_controls(kept.clone()), kept);
    }

    #[test]
    fn an_unterminated_escape_string_removes_only_itself() {
        let rest = "全年办理法律援助案件302件。\n调解成功率98.6%。\n";
        for intro in ["\u{1b}]", "\u{1b}P", "\u{1b}_", "\u{1b}^", "\u{1b}X"] {
            let t = format!("开头{intro}{rest}");
            assert_eq!(strip_controls(t), format!("开头{rest}"), "{intro:?}");
        }
        // A terminator past the bound does not reach back over the text.
        let long = "字".repeat(MAX_ESCAPE_BODY + 1);
        let t = format!("\u{1b}]{long}\u{7}尾");
        assert_eq!(strip_controls(t), format!("{long}尾"));
        // Within the bound and on one line, the whole string goes.
        let t = format!("\u{1b}]0;{}\u{7}尾", "x".repeat(MAX_ESCAPE_BODY - 2));
        assert_eq!(strip_controls(t), "尾");
    }

    #[test]
    fn control_characters_are_binary() {
        assert_eq!(binary_kind(b"plain text\n"), None);
        assert_eq!(binary_kind(b"a\x01\x02\x03\x04b"), Some(""));
        assert!(binary_kind(b"%PDF-1.4 ...").is_some());
    }
}
