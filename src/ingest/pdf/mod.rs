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
//! decompress to more than [`MAX_INFLATED`] bytes, a page tree or forms
//! that loop (which would overflow the stack inside pdf-extract) are
//! refused before drawing, and extraction stops after [`MAX_PAGES`] pages,
//! [`MAX_CHARS`] characters or [`TIME_LIMIT`].

pub mod furniture;
mod layout;
mod recursion;

use super::formats::quiet_panics;
use layout::{lines_of, paragraphs, Glyph, Line};
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
    if unreadable_share(&text) > MAX_UNREADABLE {
        return Err(NO_CHARACTER_MAP.into());
    }
    Ok(kangxi_to_unified(text))
}

/// Largest share of a PDF's characters that may be unreadable
/// ([`unreadable_share`]) for its text to be taken.
const MAX_UNREADABLE: f64 = 0.2;

/// The message for a PDF whose fonts do not say which characters they draw.
pub const NO_CHARACTER_MAP: &str = "text layer unreadable: the PDF's fonts have no character \
     map (ToUnicode), so its characters are unknown; run OCR first";

/// The share of a text's visible characters that stand for no known
/// character: replacement characters, private-use code points and control
/// characters, what a font without a character map gives.
fn unreadable_share(text: &str) -> f64 {
    let (mut bad, mut all) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        bad +=
            usize::from(c == '\u{FFFD}' || c.is_control() || matches!(c, '\u{E000}'..='\u{F8FF}'));
    }
    bad as f64 / all.max(1) as f64
}

/// The lines of every page of the document, top to bottom.
fn extract_pages(bytes: &[u8]) -> Result<Vec<Vec<Line>>, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| format!("damaged PDF: {e}"))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("encrypted PDF: it needs a password; save an unprotected copy".into());
    }
    check_inflated(&doc, MAX_INFLATED)?;
    spell_out_cid_widths(&mut doc);
    recursion::check(&doc)?;
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
        // Characters drawn but none known: fonts without a character map.
        return Err(if out.chars > 0 {
            NO_CHARACTER_MAP.into()
        } else if doc.objects.values().any(is_image) {
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

    /// Stop the extraction once past the deadline.
    fn check_time(&mut self) -> Result<(), OutputError> {
        if Instant::now() > self.deadline {
            return self.stop(format!(
                "took more than {} s to read: stopped",
                TIME_LIMIT.as_secs()
            ));
        }
        Ok(())
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
        self.check_time()?;
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
        if self.chars.is_multiple_of(4096) {
            self.check_time()?;
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

    // Drawings: no text, but time (a page of a million paths).
    fn stroke(
        &mut self,
        _ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        _path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.check_time()
    }

    fn fill(
        &mut self,
        _ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        _path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.check_time()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn extraction_stops_at_the_deadline() {
        let mut out = Collector::new(Instant::now());
        std::thread::sleep(Duration::from_millis(2));
        let media = MediaBox {
            llx: 0.0,
            lly: 0.0,
            urx: 595.0,
            ury: 842.0,
        };
        assert!(out.begin_page(1, &media, None).is_err());
        assert!(out.stopped.as_deref().unwrap().contains("took more than"));
        let mut out = Collector::new(Instant::now() + TIME_LIMIT);
        assert!(out.begin_page(1, &media, None).is_ok());
        assert_eq!(out.stopped, None);
    }

    #[test]
    fn text_without_a_character_map_is_unreadable() {
        assert_eq!(unreadable_share("全年办理案件302件。"), 0.0);
        assert!(unreadable_share("\u{E001}\u{E002}\u{E003}件") > MAX_UNREADABLE);
        assert!(unreadable_share("\u{1}\u{2}\u{3}\u{FFFD} ab") > MAX_UNREADABLE);
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
