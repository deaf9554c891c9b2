//! PDF documents to text, from their text layer (`pdf-extract` on `lopdf`).
//!
//! Every character is taken with its position on the page; characters are
//! grouped into lines by their baseline and each line read left to right,
//! so the lines come in reading order whatever order the content stream
//! drew them in. Page furniture — running headers and footers, page numbers
//! (`— 3 —`, `第3页 共12页`), the title repeated at the top of every page —
//! is found as the lines at a page's top or bottom that repeat at the same
//! height on many pages (digits aside), and removed ([`furniture`]). A line
//! is joined to the next where the page shows it was wrapped: it reaches
//! the right margin (the next line's first word would not have fitted) and
//! the next starts at the left margin, on the same page or the next, and
//! the parser's rules let it go on ([`crate::parse::unwrap::goes_on`]: not
//! a heading, a list item or a metadata row).
//!
//! A PDF is untrusted input: a panic inside the PDF crates is caught and
//! becomes the file's error, compressed streams are refused when they
//! decompress to more than [`MAX_INFLATED`] bytes, and extraction stops
//! after [`MAX_PAGES`] pages, [`MAX_CHARS`] characters or [`TIME_LIMIT`].

use super::formats::quiet_panics;
use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};
use std::io::Read;
use std::time::{Duration, Instant};

/// Most pages read (a report has tens).
pub const MAX_PAGES: usize = 2000;
/// Most characters read from one PDF.
pub const MAX_CHARS: usize = 20_000_000;
/// Most time spent extracting one PDF.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);
/// Most bytes that a PDF's compressed streams may decompress to, together
/// (a zip bomb in a stream would otherwise fill the memory).
pub const MAX_INFLATED: u64 = 512 << 20;

/// The message for a PDF whose pages hold no text.
pub const NO_TEXT_LAYER: &str = "no text layer: scanned image; run OCR first";

/// The text of a PDF document, one line per line on the page, page
/// furniture removed; or why it cannot be read.
pub fn pdf_to_text(bytes: &[u8]) -> Result<String, String> {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_none() {
        return Err("not a PDF document (no %PDF- header)".into());
    }
    let pages = quiet_panics(|| extract_pages(bytes))
        .map_err(|msg| format!("damaged PDF: the PDF reader failed ({msg})"))??;
    let lines: Vec<Line> = furniture::remove(pages).into_iter().flatten().collect();
    let text = paragraphs(&lines).join("\n");
    if text.trim().is_empty() {
        return Err(NO_TEXT_LAYER.into());
    }
    Ok(kangxi_to_unified(text))
}

/// The lines of every page of the document, top to bottom.
fn extract_pages(bytes: &[u8]) -> Result<Vec<Vec<Line>>, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| format!("damaged PDF: {e}"))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("encrypted PDF: it needs a password; save an unprotected copy".into());
    }
    check_inflated(&doc, MAX_INFLATED)?;
    spell_out_cid_widths(&mut doc);
    let page_count = doc.get_pages().len();
    if page_count > MAX_PAGES {
        return Err(format!(
            "{page_count} pages: more than the {MAX_PAGES} read from a PDF"
        ));
    }
    let mut out = Collector::new(Instant::now() + TIME_LIMIT);
    let result = pdf_extract::output_doc(&doc, &mut out);
    if let Some(limit) = out.stopped {
        return Err(limit);
    }
    result.map_err(|e| format!("damaged PDF: {e}"))?;
    if out.pages.iter().all(Vec::is_empty) {
        let scanned = doc.objects.values().any(is_image);
        return Err(if scanned {
            NO_TEXT_LAYER.into()
        } else {
            "no text layer: the PDF's pages hold no text".into()
        });
    }
    Ok(out.pages)
}

/// Refuse a document whose compressed streams decompress to more than
/// `limit` bytes together (measured by decompressing them into nothing, a
/// bounded amount at most).
fn check_inflated(doc: &Document, limit: u64) -> Result<(), String> {
    let mut total = 0u64;
    for obj in doc.objects.values() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        let flate = match stream.dict.get(b"Filter") {
            Ok(Object::Name(n)) => n == b"FlateDecode",
            Ok(Object::Array(a)) => a
                .iter()
                .any(|f| matches!(f, Object::Name(n) if n == b"FlateDecode")),
            _ => false,
        };
        if !flate {
            continue;
        }
        let left = limit - total;
        let mut decoder = flate2::read::ZlibDecoder::new(stream.content.as_slice()).take(left + 1);
        let n = std::io::copy(&mut decoder, &mut std::io::sink()).unwrap_or(0);
        total += n;
        if total > limit {
            return Err(format!(
                "refused: its compressed streams hold more than {} MiB (a decompression bomb?)",
                limit >> 20
            ));
        }
    }
    Ok(())
}

/// Most widths one font's `/W` array is spelled out to.
const MAX_SPELLED_WIDTHS: i64 = 1 << 16;

/// Rewrite the range entries of CID fonts' `/W` arrays (`first last
/// width`) as lists (`first [width width …]`). pdf-extract 0.12 reads the
/// list form only: it gives every character of a range the default width
/// (1000, a full em), so after each digit or Latin letter the rest of the
/// line drifts right, and a line's width says nothing about where it was
/// wrapped. Office suites and PDF libraries write ranges all the time.
fn spell_out_cid_widths(doc: &mut Document) {
    let fonts: Vec<_> = doc
        .objects
        .iter()
        .filter_map(|(id, obj)| {
            let d = obj.as_dict().ok()?;
            let cid = matches!(d.get(b"Subtype"), Ok(Object::Name(n))
                if n == b"CIDFontType2" || n == b"CIDFontType0");
            cid.then_some(*id)
        })
        .collect();
    for id in fonts {
        let w = match doc.get_dictionary(id).and_then(|d| d.get(b"W")) {
            Ok(Object::Array(a)) => a.clone(),
            Ok(Object::Reference(r)) => match doc.get_object(*r) {
                Ok(Object::Array(a)) => a.clone(),
                _ => continue,
            },
            _ => continue,
        };
        let Some(spelled) = spell_out(&w) else {
            continue;
        };
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(id) {
            d.set("W", Object::Array(spelled));
        }
    }
}

/// A `/W` array in the list form only; `None` when it is malformed or
/// would be too long.
fn spell_out(w: &[Object]) -> Option<Vec<Object>> {
    let num = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    };
    let mut out = Vec::new();
    let mut spelled = 0i64;
    let mut i = 0;
    while i < w.len() {
        let first = w[i].as_i64().ok()?;
        match w.get(i + 1)? {
            Object::Array(list) => {
                out.push(Object::Integer(first));
                out.push(Object::Array(list.clone()));
                i += 2;
            }
            last => {
                let last = last.as_i64().ok()?;
                let width = num(w.get(i + 2)?)?;
                spelled += last - first + 1;
                if last < first || spelled > MAX_SPELLED_WIDTHS {
                    return None;
                }
                out.push(Object::Integer(first));
                out.push(Object::Array(
                    (first..=last).map(|_| Object::Real(width as f32)).collect(),
                ));
                i += 3;
            }
        }
    }
    Some(out)
}

/// Whether a PDF object is an image (`/Subtype /Image` stream).
fn is_image(obj: &Object) -> bool {
    matches!(obj, Object::Stream(s)
        if matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Image"))
}

/// Kangxi radicals (U+2F00–U+2FD5) and CJK radical supplements
/// (U+2E80–U+2EF3) as the ideographs they stand for: PDFs written by
/// office suites often map common characters (行, 人, 工) to the radicals,
/// which look the same and which no search or rule would match.
fn kangxi_to_unified(text: String) -> String {
    use unicode_normalization::UnicodeNormalization;
    let radical = |c: char| matches!(c, '\u{2E80}'..='\u{2EF3}' | '\u{2F00}'..='\u{2FD5}');
    if !text.chars().any(radical) {
        return text;
    }
    text.chars()
        .flat_map(|c| {
            let folded: smallvec::SmallVec<[char; 2]> = if radical(c) {
                std::iter::once(c).nfkc().collect()
            } else {
                smallvec::smallvec![c]
            };
            folded
        })
        .collect()
}

/// A line on a page: its text and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline, in points from the top of the page.
    pub y: f64,
    /// Where its first visible character starts, in points from the left.
    pub left: f64,
    /// Where its last visible character ends.
    pub right: f64,
    /// The width of its first word (a CJK character, or a run of Latin
    /// letters and digits) with the marks that stick to it.
    pub first_word: f64,
    /// Its largest font size, in points.
    pub size: f64,
    /// The characters left to right, spaces where the page leaves a gap;
    /// no blanks at either end.
    pub text: String,
}

/// A character drawn on a page.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    /// Its advance (width), in points.
    width: f64,
    /// Font size, in points.
    size: f64,
    text: String,
}

/// The [`OutputDev`] that keeps each page's characters with their positions
/// and turns them into lines at the page's end.
struct Collector {
    pages: Vec<Vec<Line>>,
    glyphs: Vec<Glyph>,
    /// The page's height: y from the top is this less y from the bottom.
    height: f64,
    chars: usize,
    deadline: Instant,
    /// Why extraction was stopped (a limit), if it was.
    stopped: Option<String>,
}

impl Collector {
    fn new(deadline: Instant) -> Collector {
        Collector {
            pages: Vec::new(),
            glyphs: Vec::new(),
            height: 0.0,
            chars: 0,
            deadline,
            stopped: None,
        }
    }

    /// Stop the extraction for a limit reached.
    fn stop(&mut self, why: String) -> Result<(), OutputError> {
        self.stopped = Some(why);
        Err(OutputError::FormatError(std::fmt::Error))
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        if Instant::now() > self.deadline {
            return self.stop(format!(
                "took more than {} s to read: stopped",
                TIME_LIMIT.as_secs()
            ));
        }
        self.height = media_box.ury - media_box.lly;
        self.glyphs.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        let glyphs = std::mem::take(&mut self.glyphs);
        self.pages.push(lines_of(glyphs));
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.chars += 1;
        if self.chars > MAX_CHARS {
            return self.stop(format!(
                "more than {MAX_CHARS} characters: not read further"
            ));
        }
        if self.chars.is_multiple_of(4096) && Instant::now() > self.deadline {
            return self.stop(format!(
                "took more than {} s to read: stopped",
                TIME_LIMIT.as_secs()
            ));
        }
        // The font size's square through the text matrix, as the side of a
        // square of the same area (as pdf-extract's own text output does).
        let (vx, vy) = (
            font_size * (trm.m11 + trm.m21),
            font_size * (trm.m12 + trm.m22),
        );
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (trm.m31, self.height - trm.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite()) {
            return Ok(());
        }
        self.glyphs.push(Glyph {
            x,
            y,
            width: width * size,
            size,
            text: text.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Share of the font size by which two baselines may differ in one line.
const SAME_LINE: f64 = 0.4;
/// A gap wider than this share of the font size between two characters
/// that are not CJK is a space ...
const SPACE_GAP: f64 = 0.2;
/// ... and between a CJK character and another one, wider than this (a
/// table's columns; office suites leave a narrower gap between CJK and
/// Latin text that is no space in the text).
const CJK_SPACE_GAP: f64 = 0.9;

/// A page's characters as lines, top to bottom, each read left to right.
fn lines_of(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(line) if (g.y - line[0].y).abs() <= SAME_LINE * g.size.max(line[0].size) => {
                line.push(g)
            }
            _ => lines.push(vec![g]),
        }
    }
    lines
        .into_iter()
        .filter_map(|mut line| {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let visible = |g: &&Glyph| !g.text.trim().is_empty();
            let first = line.iter().position(|g| visible(&g))?;
            let last = line.iter().rposition(|g| visible(&g))?;
            let line = &line[first..=last];
            Some(Line {
                y: line[0].y,
                left: line[0].x,
                right: line[line.len() - 1].x + line[line.len() - 1].width,
                first_word: first_word(line),
                size: line.iter().map(|g| g.size).fold(0.0, f64::max),
                text: join_glyphs(line),
            })
        })
        .collect()
}

/// The width of a line's first word: a CJK character or a run of other
/// characters up to a blank, with the punctuation after it that a line
/// may not start with (`，` `。` `）` `”`).
fn first_word(line: &[Glyph]) -> f64 {
    let first_cjk = line[0].text.chars().any(is_cjk);
    let mut end = line[0].x + line[0].width;
    for g in &line[1..] {
        let c = g.text.chars().next().unwrap_or(' ');
        let sticks = "，。、；：！？）》」』】”’,.;:!?)".contains(c);
        let same_word = !first_cjk && !c.is_whitespace() && !is_cjk(c);
        if !(sticks || same_word) {
            break;
        }
        end = g.x + g.width;
    }
    end - line[0].x
}

/// Share of the lines' right ends that the right margin is taken at (the
/// widest lines may overrun it: a long number, a table).
const MARGIN_QUANTILE: f64 = 0.9;
/// Lines shorter than this many characters are not counted for the margins.
const MARGIN_MIN_CHARS: usize = 8;
/// A line whose end is within its next line's first word and this share of
/// the font size of the right margin was wrapped (a line breaker moves a
/// word on only when it does not fit).
const WRAP_SLACK: f64 = 1.0;
/// A line starting more than this share of the font size right of the left
/// margin is indented (a paragraph's first line).
const INDENT: f64 = 0.8;

/// The lines of a document as paragraphs: a line is joined to the next
/// where the page shows that it was wrapped there.
fn paragraphs(lines: &[Line]) -> Vec<String> {
    let counted: Vec<&Line> = lines
        .iter()
        .filter(|l| l.text.chars().count() >= MARGIN_MIN_CHARS)
        .collect();
    let quantile = |mut v: Vec<f64>, q: f64| {
        v.sort_by(f64::total_cmp);
        v.get(((v.len() as f64 - 1.0) * q).round() as usize)
            .copied()
    };
    let right = quantile(counted.iter().map(|l| l.right).collect(), MARGIN_QUANTILE);
    let left = quantile(
        counted.iter().map(|l| l.left).collect(),
        1.0 - MARGIN_QUANTILE,
    );
    let (Some(right), Some(left)) = (right, left) else {
        return lines.iter().map(|l| l.text.clone()).collect();
    };
    let full = |l: &Line, next: &Line| l.right + next.first_word + WRAP_SLACK * l.size > right;
    let indented = |l: &Line| l.left > left + INDENT * l.size;
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for (i, line) in lines.iter().enumerate() {
        let next_full = lines.get(i + 1).is_some_and(|n| full(line, n));
        let joined = prev.is_some_and(|p| {
            full(p, line)
                && !indented(line)
                && crate::parse::unwrap::goes_on(&p.text, &line.text, next_full)
        });
        match out.last_mut() {
            Some(para) if joined => {
                let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
                if latin(para.chars().next_back()) && latin(line.text.chars().next()) {
                    para.push(' ');
                }
                para.push_str(&line.text);
            }
            _ => out.push(line.text.clone()),
        }
        prev = Some(line);
    }
    out
}

/// The characters of one line, with a space where the gap between two is
/// wide enough to be one.
fn join_glyphs(line: &[Glyph]) -> String {
    let mut text = String::new();
    let mut prev: Option<&Glyph> = None;
    for g in line {
        if let Some(p) = prev {
            let gap = g.x - (p.x + p.width);
            let spaced =
                p.text.ends_with(char::is_whitespace) || g.text.starts_with(char::is_whitespace);
            let cjk = p.text.chars().any(is_cjk) || g.text.chars().any(is_cjk);
            let min = if cjk { CJK_SPACE_GAP } else { SPACE_GAP } * g.size.max(p.size);
            if !spaced && gap > min {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        prev = Some(g);
    }
    text
}

/// CJK ideographs, kana, Hangul and full-width punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

pub mod furniture {
    //! Page furniture: the lines at the top and bottom of pages that are not
    //! the document's text.

    use super::Line;
    use std::collections::HashMap;

    /// How many lines at the top and at the bottom of a page are looked at.
    const EDGE_LINES: usize = 3;
    /// Points by which a repeated line's height may vary from page to page.
    const SAME_HEIGHT: f64 = 3.0;
    /// Least share of the pages a line repeats on to be furniture (a
    /// header on odd pages only repeats on half of them).
    const MIN_SHARE: f64 = 0.4;

    /// A line as compared across pages: digits as `#` (page numbers
    /// differ), spaces dropped.
    fn shape(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            if c.is_ascii_digit() {
                if !out.ends_with('#') {
                    out.push('#');
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// A page number alone: `3`, `— 3 —`, `- 3 -`, `第3页`, `第3页 共12页`,
    /// `3/12`, `Page 3 of 12`.
    pub fn is_page_number(text: &str) -> bool {
        let s = shape(text);
        let s = s.trim_matches(|c: char| "-—–_－·•|()（）[]".contains(c));
        matches!(
            s,
            "#" | "第#页" | "第#页共#页" | "第#页,共#页" | "第#页，共#页" | "#/#" | "共#页第#页"
        ) || s.eq_ignore_ascii_case("page#")
            || s.eq_ignore_ascii_case("page#of#")
    }

    /// The pages' lines without their furniture: lines among the first or
    /// last [`EDGE_LINES`] of a page that repeat (digits aside) at about
    /// the same height on at least [`MIN_SHARE`] of the pages (and on two
    /// at least), and page numbers alone at a page's top or bottom.
    pub fn remove(pages: Vec<Vec<Line>>) -> Vec<Vec<Line>> {
        let is_edge = |li: usize, n: usize| li < EDGE_LINES || li + EDGE_LINES >= n;
        // Every edge line's place, by its shape.
        let mut places: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
        for (pi, page) in pages.iter().enumerate() {
            for (li, l) in page.iter().enumerate() {
                if is_edge(li, page.len()) {
                    places.entry(shape(&l.text)).or_default().push((pi, l.y));
                }
            }
        }
        let needed = ((pages.len() as f64 * MIN_SHARE).ceil() as usize).max(2);
        let repeats = |l: &Line| {
            let Some(at) = places.get(&shape(&l.text)) else {
                return false;
            };
            let mut on: Vec<usize> = at
                .iter()
                .filter(|(_, y)| (y - l.y).abs() <= SAME_HEIGHT)
                .map(|&(p, _)| p)
                .collect();
            on.dedup();
            on.len() >= needed
        };
        pages
            .iter()
            .map(|page| {
                let n = page.len();
                page.iter()
                    .enumerate()
                    .filter(|&(li, l)| {
                        let outer = li == 0 || li + 1 == n;
                        !(is_edge(li, n) && (repeats(l) || (outer && is_page_number(&l.text))))
                    })
                    .map(|(_, l)| l.clone())
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::furniture::{is_page_number, remove};
    use super::*;

    fn line(y: f64, text: &str) -> Line {
        Line {
            y,
            left: 0.0,
            right: 10.0 * text.chars().count() as f64,
            first_word: 10.0,
            size: 10.0,
            text: text.to_string(),
        }
    }

    fn page(lines: &[(f64, &str)]) -> Vec<Line> {
        lines.iter().map(|&(y, t)| line(y, t)).collect()
    }

    fn texts(pages: Vec<Vec<Line>>) -> Vec<Vec<String>> {
        pages
            .into_iter()
            .map(|p| p.into_iter().map(|l| l.text).collect())
            .collect()
    }

    #[test]
    fn page_numbers() {
        for t in [
            "3",
            "— 3 —",
            "- 12 -",
            "第3页",
            "第 3 页 共 12 页",
            "3/12",
            "Page 3 of 9",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["302件", "一、总体情况", "2021年", "第三页"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn repeated_headers_and_footers_go_the_body_stays() {
        let title = "某区2021年法治政府建设情况报告";
        let body = |n: usize| {
            let cn = ["一", "二", "三", "四"][n - 1];
            [format!("{cn}、正文"), format!("全年办理{cn}类案件302件。")]
        };
        let pages: Vec<Vec<Line>> = (1..=4)
            .map(|n| {
                let mut p = vec![line(40.0, title)];
                if n == 1 {
                    p.push(line(80.0, title));
                }
                let [a, b] = body(n);
                p.extend([line(100.0, &a), line(120.0, &b)]);
                p.push(line(800.0, &format!("第{n}页 共4页")));
                p
            })
            .collect();
        let kept = texts(remove(pages));
        let [a, b] = body(1);
        assert_eq!(kept[0], [title.to_string(), a, b]);
        for (i, k) in kept.iter().enumerate().skip(1) {
            assert_eq!(k, &body(i + 1));
        }
    }

    #[test]
    fn a_single_page_loses_only_its_page_number() {
        let pages = vec![page(&[
            (40.0, "标题"),
            (100.0, "正文302件"),
            (800.0, "- 1 -"),
        ])];
        assert_eq!(texts(remove(pages)), [vec!["标题", "正文302件"]]);
    }

    #[test]
    fn glyphs_become_lines_in_reading_order() {
        let g = |x: f64, y: f64, t: &str| Glyph {
            x,
            y,
            width: 10.0,
            size: 10.0,
            text: t.into(),
        };
        // Drawn out of order; the second line's baseline wobbles a little.
        let lines = lines_of(vec![
            g(20.0, 30.0, "二"),
            g(10.0, 10.0, "一"),
            g(10.0, 30.5, "第"),
            g(20.0, 10.0, "行"),
            g(50.0, 10.0, "表"),
        ]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["一行 表", "第二"]);
    }

    #[test]
    fn wrapped_lines_are_joined_by_the_margins() {
        let at = |left: f64, text: &str| Line {
            left,
            right: left + 10.0 * text.chars().count() as f64,
            ..line(0.0, text)
        };
        let lines = vec![
            at(0.0, "一、主要工作"),
            at(20.0, "全年办理法律援助案件3"),
            at(0.0, "02件,调解成功率98.6%"),
            at(0.0, "。"),
            at(20.0, "（一）深化改革"),
            at(20.0, "新的段落开头写满一整行。"),
            at(0.0, "二、存在的问题写满一行"),
        ];
        assert_eq!(
            paragraphs(&lines),
            [
                "一、主要工作",
                "全年办理法律援助案件302件,调解成功率98.6%。",
                "（一）深化改革",
                "新的段落开头写满一整行。",
                "二、存在的问题写满一行",
            ]
        );
    }

    #[test]
    fn streams_that_inflate_too_far_are_refused() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&vec![0u8; 3 << 20]).unwrap();
        let mut doc = Document::with_version("1.5");
        let mut dict = pdf_extract::Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        doc.add_object(pdf_extract::Stream::new(dict, z.finish().unwrap()));
        assert_eq!(check_inflated(&doc, 4 << 20), Ok(()));
        let e = check_inflated(&doc, 2 << 20).unwrap_err();
        assert!(e.contains("more than 2 MiB"), "{e}");
    }

    #[test]
    fn cid_width_ranges_are_spelled_out() {
        let w = vec![
            Object::Integer(4),
            Object::Integer(6),
            Object::Integer(551),
            Object::Integer(9),
            Object::Array(vec![Object::Integer(300), Object::Integer(400)]),
        ];
        let got = spell_out(&w).unwrap();
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], Object::Integer(4));
        assert_eq!(got[1], Object::Array(vec![Object::Real(551.0); 3]));
        assert_eq!(got[3], w[4]);
        let bomb = [
            Object::Integer(0),
            Object::Integer(1 << 30),
            Object::Integer(1),
        ];
        assert_eq!(spell_out(&bomb), None);
    }

    #[test]
    fn radicals_become_ideographs() {
        assert_eq!(kangxi_to_unified("⾏政⼈员".into()), "行政人员");
    }

    #[test]
    fn not_a_pdf() {
        assert!(pdf_to_text(b"hello").unwrap_err().contains("not a PDF"));
        let e = pdf_to_text(b"%PDF-1.4\n1 0 obj\n<<").unwrap_err();
        assert!(e.contains("damaged PDF"), "{e}");
    }
}
