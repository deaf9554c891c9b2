//! Word documents (`.docx`, Office Open XML) to text: the main document
//! part read from the ZIP archive (`zip`) and its XML (`quick-xml`).
//!
//! Each paragraph (`w:p`) is a line, a line break (`w:br`, `w:cr`) inside
//! one starts another, a tab (`w:tab`) is a tab. Each table row (`w:tr`) is
//! one line of its cells' text separated by a space, as the HTML reader
//! renders a table row ([`super::html`]); the paragraphs inside a cell are
//! joined by a space, and a table inside a cell joins its rows to that
//! cell. Deleted text of tracked changes (`w:delText`), field codes
//! (`w:instrText`) and the fallback copy of text boxes (`mc:Fallback`) are
//! not text; page headers, footers and footnotes are other parts and not
//! read. Automatic list numbers (`一、` `（一）` drawn by Word, not typed)
//! are put before their paragraphs from `word/numbering.xml`
//! ([`super::numbering`]).

use super::numbering::Numbering;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::Read;

/// Largest main document part read, decompressed (a few MiB for the
/// longest reports; a ZIP bomb is refused at this size, however small the
/// archive).
pub const MAX_DOCUMENT_XML: u64 = 64 << 20;

/// The text of a Word document, a line per paragraph and per table row; or
/// why it cannot be read.
pub fn docx_to_text(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("damaged Word document (.docx): not a readable ZIP archive ({e})"))?;
    let name = main_part(&mut archive)?;
    let entry = archive
        .by_name(&name)
        .map_err(|e| format!("damaged Word document (.docx): {name}: {e}"))?;
    if entry.size() > MAX_DOCUMENT_XML {
        return Err(too_large());
    }
    let mut xml = Vec::with_capacity(entry.size() as usize);
    entry
        .take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("damaged Word document (.docx): {name}: {e}"))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(too_large());
    }
    let xml = xml_text(&xml)?;
    let numbering = numbering(&mut archive);
    let text = document_text(&xml, numbering)
        .map_err(|e| format!("damaged Word document (.docx): {name}: invalid XML ({e})"))?;
    if text.trim().is_empty() {
        return Err("empty file (the Word document holds no text)".into());
    }
    Ok(text)
}

/// Largest list definitions part read (`word/numbering.xml`: tens of KiB).
const MAX_NUMBERING_XML: u64 = 8 << 20;

/// The document's list definitions, if it has readable ones.
fn numbering<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>) -> Numbering {
    let Ok(entry) = archive.by_name("word/numbering.xml") else {
        return Numbering::default();
    };
    let mut xml = Vec::new();
    let read = entry.take(MAX_NUMBERING_XML + 1).read_to_end(&mut xml);
    match (read, xml_text(&xml)) {
        (Ok(n), Ok(text)) if n as u64 <= MAX_NUMBERING_XML => Numbering::from_xml(&text),
        _ => Numbering::default(),
    }
}

fn too_large() -> String {
    format!(
        "refused: the Word document's text part decompresses to more than {} MiB",
        MAX_DOCUMENT_XML >> 20
    )
}

/// The name of the main document part: `word/document.xml`, or the part
/// that `_rels/.rels` names as the office document.
fn main_part<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>) -> Result<String, String> {
    const DEFAULT: &str = "word/document.xml";
    if archive.index_for_name(DEFAULT).is_some() {
        return Ok(DEFAULT.into());
    }
    let rels = archive.by_name("_rels/.rels").ok().and_then(|e| {
        let mut s = String::new();
        e.take(1 << 20).read_to_string(&mut s).ok().map(|_| s)
    });
    let target = rels.as_deref().and_then(office_document_target);
    match target {
        Some(t) if archive.index_for_name(&t).is_some() => Ok(t),
        _ => Err(if archive.index_for_name("OFD.xml").is_some() {
            "an OFD document, not a Word document: convert it to PDF and read the PDF".into()
        } else {
            "not a Word document (.docx): the archive has no word/document.xml".into()
        }),
    }
}

/// The target of the `officeDocument` relationship in `_rels/.rels`.
fn office_document_target(rels: &str) -> Option<String> {
    let mut reader = Reader::from_str(rels);
    loop {
        match reader.read_event().ok()? {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                };
                if attr("Type").is_some_and(|t| t.ends_with("/officeDocument")) {
                    return attr("Target").map(|t| t.trim_start_matches('/').to_string());
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The XML part as text: UTF-8 (with or without a byte-order mark) or
/// UTF-16 with one.
fn xml_text(bytes: &[u8]) -> Result<String, String> {
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, len)) => Ok(enc
            .decode_without_bom_handling(&bytes[len..])
            .0
            .into_owned()),
        None => String::from_utf8(bytes.to_vec())
            .map_err(|_| "damaged Word document (.docx): its XML is not UTF-8".to_string()),
    }
}

/// The lines being built: the current paragraph, and the open tables'
/// rows and cells.
#[derive(Default)]
struct Lines {
    out: String,
    /// The text of the paragraph being read.
    para: String,
    /// For each open table (outermost first): the cells of its current row.
    rows: Vec<Vec<String>>,
    /// Inside `w:t` (document text).
    in_text: bool,
    /// How many `mc:Fallback` elements are open: the same content again,
    /// for readers that do not know the `mc:Choice` (text boxes).
    fallback: usize,
    /// The list definitions and counters.
    numbering: Numbering,
    /// Inside a paragraph's `w:numPr`.
    in_num: bool,
    /// The list (`w:numId`) and level (`w:ilvl`) of the paragraph being
    /// read, if it is numbered.
    num: Option<(String, usize)>,
}

impl Lines {
    /// End a paragraph (or a line inside one): outside tables it is a line;
    /// in a cell it is added to the cell's text.
    fn end_paragraph(&mut self) {
        let mut para = std::mem::take(&mut self.para);
        // A numbered paragraph's number, counted even when it is empty (as
        // Word counts it), before its first line.
        if let Some((num, level)) = self.num.take() {
            if let Some(label) = self.numbering.next_label(&num, level) {
                if !para.trim().is_empty() {
                    para = format!("{label}{}", para.trim_start());
                }
            }
        }
        let para = para.trim();
        if para.is_empty() {
            return;
        }
        match self.rows.last_mut().and_then(|cells| cells.last_mut()) {
            Some(cell) => {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(para);
            }
            None => {
                self.out.push_str(para);
                self.out.push('\n');
            }
        }
    }

    /// End a table row: its non-empty cells, separated by a space, become a
    /// line (or the text of the cell the table is in).
    fn end_row(&mut self) {
        self.end_paragraph();
        let Some(cells) = self.rows.last_mut() else {
            return;
        };
        let row = std::mem::take(cells)
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if row.is_empty() {
            return;
        }
        // A nested table's row goes to the enclosing table's cell.
        let depth = self.rows.len();
        match depth
            .checked_sub(2)
            .and_then(|outer| self.rows[outer].last_mut())
        {
            Some(cell) => {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&row);
            }
            None => {
                self.out.push_str(&row);
                self.out.push('\n');
            }
        }
    }
}

/// The text of a `word/document.xml`.
fn document_text(xml: &str, numbering: Numbering) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut l = Lines {
        numbering,
        ..Lines::default()
    };
    loop {
        match reader.read_event()? {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => l.in_text = l.fallback == 0,
                "Fallback" => l.fallback += 1,
                "numPr" => l.in_num = true,
                "tbl" => {
                    l.end_paragraph();
                    l.rows.push(Vec::new());
                }
                "tc" => {
                    if let Some(cells) = l.rows.last_mut() {
                        cells.push(String::new());
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "ilvl" | "numId" if l.in_num => {
                    let v = super::numbering::val(&e);
                    let (num, level) = l.num.get_or_insert_with(|| (String::new(), 0));
                    match (e.local_name().as_ref(), v) {
                        ("ilvl", Some(v)) => *level = v.parse().unwrap_or(0),
                        (_, Some(v)) => *num = v,
                        _ => {}
                    }
                }
                "br" | "cr" => l.end_paragraph(),
                "tab" => l.para.push('\t'),
                "tc" => {
                    if let Some(cells) = l.rows.last_mut() {
                        cells.push(String::new());
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => l.in_text = false,
                "Fallback" => l.fallback = l.fallback.saturating_sub(1),
                "numPr" => l.in_num = false,
                "p" => l.end_paragraph(),
                "tc" => l.end_paragraph(),
                "tr" => l.end_row(),
                "tbl" => {
                    l.end_paragraph();
                    l.rows.pop();
                }
                _ => {}
            },
            Event::Text(t) if l.in_text => l
                .para
                .push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0)),
            Event::CData(t) if l.in_text => l.para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if l.in_text => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "apos" => Some('\''),
                        "quot" => Some('"'),
                        _ => None,
                    },
                };
                l.para.extend(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    l.end_paragraph();
    Ok(l.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    #[test]
    fn paragraphs_breaks_and_tables() {
        let xml = format!(
            "<w:document {W}><w:body>\
             <w:p><w:r><w:t>一、总体</w:t></w:r><w:r><w:t xml:space=\"preserve\">情况 &amp; 成效</w:t></w:r></w:p>\
             <w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>\
             <w:p><w:r><w:delText>删除</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>\
             <w:tbl><w:tr><w:tc><w:p><w:r><w:t>名 称:</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc>\
             <w:tc><w:p><w:r><w:t>某区</w:t></w:r></w:p><w:p><w:r><w:t>报告</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc>\
             <w:tc><w:p><w:r><w:t>表</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc>\
             <w:tc><w:p><w:r><w:t>302件</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:r><mc:AlternateContent><mc:Choice><w:t>框</w:t></mc:Choice>\
             <mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent><w:t>&#x6587;尾</w:t></w:r></w:p>\
             </w:body></w:document>"
        );
        assert_eq!(
            document_text(&xml, Numbering::default()).unwrap(),
            "一、总体情况 & 成效\n第一行\n第二行\n名 称: 某区 报告\n内 表 302件\n框文尾\n"
        );
    }

    /// A ZIP archive of one part.
    fn zip_of(name: &str, body: &[u8]) -> Vec<u8> {
        zip_parts(&[(name, body)])
    }

    /// A ZIP archive of these parts.
    fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_level(Some(1))
            .large_file(true);
        for (name, body) in parts {
            w.start_file(*name, options).unwrap();
            std::io::Write::write_all(&mut w, body).unwrap();
        }
        w.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn automatic_numbers_are_drawn_before_their_paragraphs() {
        let numbering = format!(
            "<w:numbering {W}><w:abstractNum w:abstractNumId=\"3\">\
             <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl>\
             <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl>\
             </w:abstractNum><w:num w:numId=\"5\"><w:abstractNumId w:val=\"3\"/></w:num></w:numbering>"
        );
        let p = |level: Option<u8>, text: &str| {
            match level {
            Some(l) => format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{l}\"/><w:numId w:val=\"5\"/></w:numPr></w:pPr>\
                 <w:r><w:t>{text}</w:t></w:r></w:p>"
            ),
            None => format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"),
        }
        };
        let body = [
            p(Some(0), "主要工作"),
            p(Some(1), "深化改革"),
            p(None, "全年办理案件302件。"),
            p(Some(1), "化解纠纷"),
            p(Some(0), "存在的问题"),
            p(Some(1), "宣传不够"),
        ]
        .concat();
        let document = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
        let bytes = zip_parts(&[
            ("word/document.xml", document.as_bytes()),
            ("word/numbering.xml", numbering.as_bytes()),
        ]);
        assert_eq!(
            docx_to_text(&bytes).unwrap(),
            "一、主要工作\n（一）深化改革\n全年办理案件302件。\n（二）化解纠纷\n二、存在的问题\n（一）宣传不够\n"
        );
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        let mut xml = format!("<w:document {W}><w:body><w:p><w:r><w:t>").into_bytes();
        xml.resize(MAX_DOCUMENT_XML as usize + 10, b' ');
        let bytes = zip_of("word/document.xml", &xml);
        assert!(bytes.len() < 1 << 20, "{} bytes", bytes.len());
        let e = docx_to_text(&bytes).unwrap_err();
        assert!(e.contains("decompresses to more than 64 MiB"), "{e}");
    }

    #[test]
    fn not_a_zip_or_not_word() {
        let e = docx_to_text(b"PK\x03\x04 truncated").unwrap_err();
        assert!(e.contains("damaged Word document"), "{e}");
        let e = docx_to_text(&zip_of("OFD.xml", b"<ofd:OFD/>")).unwrap_err();
        assert!(e.contains("OFD"), "{e}");
        let e = docx_to_text(&zip_of("other.xml", b"<x/>")).unwrap_err();
        assert!(e.contains("no word/document.xml"), "{e}");
    }
}
