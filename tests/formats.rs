//! PDF and Word documents made from the bundled samples
//! (`scripts/make_format_fixtures.py`, committed in
//! `tests/fixtures/formats`) parse like the samples' text; scans, `.doc`,
//! `.wps`, `.ofd` and damaged files get their own per-file message, and the
//! rest of a folder still loads.

use baogao::ingest::read_report_file;
use baogao::parse_report;
use baogao::Report;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    let p = root().join("tests/fixtures/formats").join(name);
    assert!(p.is_file(), "missing fixture {}", p.display());
    p
}

fn sample_text(name: &str) -> String {
    std::fs::read_to_string(root().join(format!("assets/reports/{name}.txt"))).unwrap()
}

/// The fixture's report (and the time its text took to extract).
fn parsed(file: &str) -> (Report, f64) {
    let p = fixture(file);
    let start = Instant::now();
    let text = read_report_file(&p).unwrap_or_else(|e| panic!("{e}"));
    let secs = start.elapsed().as_secs_f64();
    (parse_report(file, text), secs)
}

fn headings(r: &Report) -> Vec<(u8, String)> {
    r.sections
        .iter()
        .map(|s| (s.level, format!("{}{}", s.marker, s.title)))
        .collect()
}

/// Indicators by (value, unit, name), counted.
fn indicators(r: &Report) -> HashMap<(String, String, String), usize> {
    let mut m = HashMap::new();
    for i in &r.indicators {
        *m.entry((i.value.to_string(), i.unit.to_string(), i.name.to_string()))
            .or_insert(0) += 1;
    }
    m
}

/// Least share of the sample's indicators a PDF or Word copy keeps.
const MIN_KEPT: f64 = 0.99;

/// The copy `file` of sample `name` gives the same region, year, headings
/// (levels and titles) and at least [`MIN_KEPT`] of the same indicators,
/// and no indicator the sample does not have (none from a page number or a
/// running header).
fn same_as_sample(file: &str, name: &str) {
    let want = parse_report(&format!("{name}.txt"), sample_text(name));
    let (got, secs) = parsed(file);
    let region = |r: &Report| r.region.as_ref().map(|g| g.name.clone());
    assert_eq!(region(&got), region(&want), "{file}: region");
    assert!(region(&want).is_some(), "{name}: the sample has a region");
    assert_eq!(got.year, want.year, "{file}: year");
    assert_eq!(headings(&got), headings(&want), "{file}: headings");
    let (g, w) = (indicators(&got), indicators(&want));
    let total: usize = w.values().sum();
    let kept: usize = w
        .iter()
        .map(|(k, n)| (*n).min(g.get(k).copied().unwrap_or(0)))
        .sum();
    let extra: Vec<_> = g
        .iter()
        .filter(|(k, n)| **n > w.get(*k).copied().unwrap_or(0))
        .collect();
    let missing: Vec<_> = w
        .iter()
        .filter(|(k, n)| **n > g.get(*k).copied().unwrap_or(0))
        .collect();
    println!(
        "{file}: {kept} of {total} indicators kept, {} extra; text extracted in {secs:.3} s",
        extra.len()
    );
    assert!(total >= 20, "{name}: a sample with indicators");
    assert!(
        kept as f64 >= MIN_KEPT * total as f64,
        "{file}: {kept} of {total} indicators kept; missing {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "{file}: indicators the sample has not: {extra:?}"
    );
}

#[test]
fn pdf_of_a_sample_parses_like_its_text() {
    same_as_sample("xialu-2021.pdf", "xialu-2021");
}

#[test]
fn libreoffice_pdf_of_a_sample_parses_like_its_text() {
    same_as_sample("xialu-2021-lo.pdf", "xialu-2021");
}

#[test]
fn traditional_pdf_parses_like_its_text() {
    same_as_sample("panjin-2021.pdf", "panjin-2021");
    same_as_sample("panjin-2021-lo.pdf", "panjin-2021");
}

#[test]
fn docx_of_a_sample_parses_like_its_text() {
    same_as_sample("xialu-2021.docx", "xialu-2021");
    same_as_sample("panjin-2021.docx", "panjin-2021");
}

/// Every bundled sample, as a PDF and as a DOCX, parses like its text.
#[test]
fn every_sample_as_pdf_and_docx_parses_like_its_text() {
    let samples: Vec<String> = std::fs::read_dir(root().join("assets/reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.file_stem().unwrap().to_str().unwrap().to_string())
        .collect();
    assert!(samples.len() >= 5);
    for name in &samples {
        same_as_sample(&format!("{name}.pdf"), name);
        same_as_sample(&format!("{name}.docx"), name);
    }
}

/// Lines of `text` equal to `line`.
fn count_lines(text: &str, line: &str) -> usize {
    text.lines().filter(|l| l.trim() == line).count()
}

#[test]
fn page_furniture_is_gone() {
    for (file, name) in [
        ("xialu-2021.pdf", "xialu-2021"),
        ("xialu-2021-lo.pdf", "xialu-2021"),
        ("panjin-2021.pdf", "panjin-2021"),
        ("panjin-2021-lo.pdf", "panjin-2021"),
    ] {
        let text = read_report_file(&fixture(file)).unwrap();
        let sample = sample_text(name);
        // The running header is the title, on every page (several pages).
        let title = parse_report(name, sample.clone()).title.unwrap();
        assert_eq!(
            count_lines(&text, &title),
            count_lines(&sample, &title),
            "{file}: the title as often as in the sample"
        );
        for l in text.lines() {
            assert!(
                !baogao::ingest::pdf::furniture::is_page_number(l),
                "{file}: page number line {l:?} kept"
            );
            assert!(!l.contains("页 共"), "{file}: {l:?}");
        }
        // The fixture does have furniture: several pages, each with the
        // title and its page number in the text layer.
        let raw =
            pdf_extract::extract_text_from_mem_by_pages(&std::fs::read(fixture(file)).unwrap())
                .unwrap();
        assert!(raw.len() >= 4, "{file}: {} pages", raw.len());
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        for (i, page) in raw.iter().enumerate() {
            let (n, page) = (i + 1, squeeze(page));
            assert!(
                page.contains(&title),
                "{file}: page {n} has no running header"
            );
            let number = [format!("—{n}—"), format!("第{n}页共{}页", raw.len())];
            assert!(
                number.iter().any(|f| page.contains(f.as_str())),
                "{file}: page {n} has no page number"
            );
        }
    }
}

/// Run the binary.
fn baogao(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_scan_is_named_and_the_folder_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["scan.pdf", "xialu-2021.pdf", "panjin-2021.docx"] {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("dongli-2021.txt"),
        sample_text("dongli-2021"),
    )
    .unwrap();
    let out = baogao(&["parse".as_ref(), "--json".as_ref(), dir.path().as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("scan.pdf: no text layer: scanned image; run OCR first"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let regions: Vec<String> = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["region"]["name"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(regions, ["东丽区", "盘锦市", "下陆区"]);
}

#[test]
fn fonts_without_a_character_map_are_named() {
    // The Traditional fixture with its font's ToUnicode entry blanked out
    // (same length: the cross-reference offsets stay right).
    let mut bytes = std::fs::read(fixture("panjin-2021.pdf")).unwrap();
    let at = memchr::memmem::find(&bytes, b"/ToUnicode ").expect("a ToUnicode map");
    let end = at + bytes[at..].iter().position(|&b| b == b'R').unwrap() + 1;
    bytes[at..end].fill(b' ');
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("no-map.pdf");
    std::fs::write(&p, &bytes).unwrap();
    let e = read_report_file(&p).unwrap_err();
    assert!(e.reason.starts_with("text layer unreadable"), "{e}");
}

#[test]
fn doc_wps_and_ofd_are_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["legacy.doc", "legacy.wps", "legacy.ofd"] {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(dir.path().join("xialu-2021.txt"), sample_text("xialu-2021")).unwrap();
    let out = baogao(&["parse".as_ref(), dir.path().as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for want in [
        "legacy.doc: Word 97-2003 document (.doc): not read; convert it with LibreOffice: \
         soffice --headless --convert-to docx FILE",
        "legacy.wps: WPS Office document (.wps): not read;",
        "legacy.ofd: OFD document (.ofd): not read; convert it to PDF",
    ] {
        assert!(stderr.contains(want), "{want}\n{stderr}");
    }
    assert!(String::from_utf8_lossy(&out.stdout).contains("下陆区"));
}

#[test]
fn truncated_pdf_and_docx_are_per_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for f in ["xialu-2021.pdf", "xialu-2021-lo.pdf", "xialu-2021.docx"] {
        let bytes = std::fs::read(fixture(f)).unwrap();
        for (i, cut) in [bytes.len() / 2, bytes.len() - 200, 40]
            .into_iter()
            .enumerate()
        {
            let name = format!("cut{i}-{f}");
            std::fs::write(dir.path().join(&name), &bytes[..cut]).unwrap();
            names.push(name);
        }
    }
    // Damaged bytes in the middle of the streams.
    let mut bytes = std::fs::read(fixture("panjin-2021.pdf")).unwrap();
    for i in (bytes.len() / 3..bytes.len() * 2 / 3).step_by(97) {
        bytes[i] ^= 0x5A;
    }
    std::fs::write(dir.path().join("garbled.pdf"), &bytes).unwrap();
    std::fs::write(
        dir.path().join("hanyang-2021.txt"),
        sample_text("hanyang-2021"),
    )
    .unwrap();
    let start = Instant::now();
    let out = baogao(&["parse".as_ref(), dir.path().as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stderr}");
    assert!(start.elapsed().as_secs() < 60, "bounded work");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("汉阳区"));
    // Each file gave a report or its own error line; none ended the run.
    for name in &names {
        let reported = String::from_utf8_lossy(&out.stdout).contains(name.as_str());
        let failed = stderr.lines().any(|l| l.contains(name.as_str()));
        assert!(reported != failed, "{name}: {stderr}");
    }
    // A PDF cut in half has lost its cross-reference table and pages.
    for f in [
        "cut0-xialu-2021.pdf",
        "cut2-xialu-2021.pdf",
        "cut2-xialu-2021.docx",
    ] {
        let line = stderr.lines().find(|l| l.contains(f));
        assert!(
            line.is_some_and(|l| l.contains("damaged") || l.contains("no text layer")),
            "{f}: {stderr}"
        );
    }
}

#[test]
fn pdf_and_docx_load_in_the_browser_loader() {
    use baogao::corpus::{Corpus, Source};
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "xialu-2021.pdf",
        "panjin-2021.docx",
        "scan.pdf",
        "legacy.doc",
    ] {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    let corpus = Corpus::load_blocking(Source::Paths(vec![dir.path().to_path_buf()]));
    let mut names: Vec<String> = corpus.entries.iter().map(|e| e.name()).collect();
    names.sort();
    assert_eq!(names, ["下陆区", "盘锦市"]);
    let mut failed: Vec<String> = corpus.failures.iter().map(|e| e.reason.clone()).collect();
    failed.sort();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(
        failed[0].starts_with("Word 97-2003 document (.doc)"),
        "{failed:?}"
    );
    assert_eq!(failed[1], "no text layer: scanned image; run OCR first");
}

/// A one-page PDF drawing `text` in a standard font; `media_box` or not.
fn tiny_pdf(text: &str, media_box: bool) -> Vec<u8> {
    save(tiny_doc(text, media_box))
}

fn save(mut doc: pdf_extract::Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// The document of [`tiny_pdf`].
fn tiny_doc(text: &str, media_box: bool) -> pdf_extract::Document {
    use pdf_extract::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let contents = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let mut page = dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => contents,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    };
    if media_box {
        page.set("MediaBox", vec![0.into(), 0.into(), 595.into(), 842.into()]);
    }
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

#[test]
fn pdfs_that_would_recurse_forever_are_refused() {
    use pdf_extract::{dictionary, Object, Stream};
    // A form that draws itself, drawn by the page: pdf-extract would
    // recurse until the stack overflows (an abort, not a panic).
    let mut doc = tiny_doc("Annual report", true);
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "X1" => form_id } },
        },
        b"/X1 Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let page_id = *doc.get_pages().values().next().unwrap();
    let contents = doc.add_object(Stream::new(dictionary! {}, b"/X1 Do".to_vec()));
    let page = doc.get_dictionary_mut(page_id).unwrap();
    page.set("Contents", contents);
    page.set(
        "Resources",
        dictionary! { "XObject" => dictionary! { "X1" => form_id } },
    );
    let looping_form = save(doc);
    // A page whose parent is the page itself, with no resources of its own.
    let mut doc = tiny_doc("Annual report", true);
    let page_id = *doc.get_pages().values().next().unwrap();
    let page = doc.get_dictionary_mut(page_id).unwrap();
    page.remove(b"Resources");
    page.set("Parent", page_id);
    let looping_parent = save(doc);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("form.pdf"), &looping_form).unwrap();
    std::fs::write(dir.path().join("parent.pdf"), &looping_parent).unwrap();
    std::fs::write(dir.path().join("xialu-2021.txt"), sample_text("xialu-2021")).unwrap();
    let e = read_report_file(&dir.path().join("form.pdf")).unwrap_err();
    assert!(e.reason.contains("draws itself"), "{e}");
    let out = baogao(&["parse".as_ref(), dir.path().as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("form.pdf: damaged PDF"), "{stderr}");
    assert!(stderr.contains("parent.pdf: "), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("下陆区"));
}

#[test]
fn a_panic_in_the_pdf_reader_is_a_per_file_error() {
    let dir = tempfile::tempdir().unwrap();
    // pdf-extract expects every page to have a MediaBox (it panics).
    std::fs::write(
        dir.path().join("no-box.pdf"),
        tiny_pdf("Annual report", false),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ok.pdf"),
        tiny_pdf("Annual report 2021", true),
    )
    .unwrap();
    std::fs::write(dir.path().join("xialu-2021.txt"), sample_text("xialu-2021")).unwrap();
    let direct = read_report_file(&dir.path().join("no-box.pdf")).unwrap_err();
    assert!(
        direct
            .reason
            .starts_with("damaged PDF: the PDF reader failed"),
        "{direct}"
    );
    assert_eq!(
        read_report_file(&dir.path().join("ok.pdf")).unwrap(),
        "Annual report 2021"
    );
    let out = baogao(&["parse".as_ref(), dir.path().as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "only the file's error: {stderr}");
    assert!(stderr.contains("no-box.pdf: damaged PDF"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("ok.pdf") && stdout.contains("下陆区"),
        "{stdout}"
    );
}
