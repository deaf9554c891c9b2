//! Reading report files: encodings, saved HTML pages, bad inputs, folders.

use baogao::ingest::{collect_files, decode_report, read_report_file};
use encoding_rs::{GB18030, GBK};
use std::fs;
use std::path::{Path, PathBuf};

const SEEDS: [&str; 5] = [
    "dongli-2021",
    "hanyang-2021",
    "panjin-2021",
    "shaoyang-2024",
    "xialu-2021",
];

fn seed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/reports/{name}.txt"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Lines with whitespace collapsed, blank lines dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

fn assert_same_lines(name: &str, how: &str, got: &str, want: &str) {
    let (got, want) = (lines(got), lines(want));
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "{name} {how}: line {} differs", i + 1);
    }
    assert_eq!(got.len(), want.len(), "{name} {how}: line count differs");
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A saved page around the seed: scripts, styles, navigation, a header and
/// footer, form controls, one `<p>` per line.
fn html_page(text: &str, charset: &str, container: Option<&str>) -> String {
    let mut body = String::new();
    for (i, l) in text.lines().enumerate() {
        body.push_str(&format!("<p>\u{3000}\u{3000}{}</p>\n", escape(l)));
        if i == 3 {
            body.push_str(
                "<script>document.write('<p>DROP</p>');</script><style>.DROP{}</style>\n",
            );
        }
    }
    if let Some(class) = container {
        body = format!(
            "<div class=\"menu\">DROP 网站首页 政务公开 互动交流 办事服务</div>\n\
             <div class=\"{class}\">\n{body}</div>\n<div class=\"links\">DROP 相关链接</div>"
        );
    }
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"{charset}\"><title>DROP title</title>\
         <style>body {{ font: 14px }} /* DROP */</style><script>var a = \"<p>DROP</p>\";</script></head>\n<body>\
         <header><a href=/>DROP header</a></header><nav><ul><li>DROP nav</li><li>DROP</li></ul></nav>\n\
         <form><input name=q value=DROP><select><option>DROP option</option></select><button>DROP</button></form>\n\
         {body}\n<noscript>DROP noscript</noscript><footer>DROP footer</footer>\
         <iframe src=x>DROP frame</iframe><template><p>DROP template</p></template></body></html>\n"
    )
}

#[test]
fn seeds_in_gb18030_gbk_utf16_and_bom_read_like_utf8() {
    for name in SEEDS {
        let text = seed(name);
        let path = PathBuf::from(format!("{name}.txt"));
        let mut cases: Vec<(&str, Vec<u8>)> = vec![
            ("gb18030", GB18030.encode(&text).0.into_owned()),
            (
                "utf-8 bom",
                [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            ),
            (
                "utf-16le",
                [0xFF, 0xFE]
                    .into_iter()
                    .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                    .collect(),
            ),
            (
                "utf-16be",
                [0xFE, 0xFF]
                    .into_iter()
                    .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                    .collect(),
            ),
            ("crlf", text.replace('\n', "\r\n").into_bytes()),
        ];
        let (gbk, _, unmappable) = GBK.encode(&text);
        if !unmappable {
            cases.push(("gbk", gbk.into_owned()));
        }
        for (how, bytes) in cases {
            let got = decode_report(&path, &bytes).unwrap_or_else(|e| panic!("{name} {how}: {e}"));
            assert!(
                !got.contains('\u{FFFD}'),
                "{name} {how}: replacement characters"
            );
            assert!(
                !got.contains('\r') && !got.starts_with('\u{FEFF}'),
                "{name} {how}"
            );
            assert_same_lines(name, how, &got, &text);
        }
    }
}

#[test]
fn seeds_in_saved_html_pages_read_like_utf8() {
    for name in SEEDS {
        let text = seed(name);
        let utf8 = html_page(&text, "utf-8", None);
        let got = decode_report(Path::new("page.html"), utf8.as_bytes()).unwrap();
        assert_same_lines(name, "html", &got, &text);
        assert!(!got.contains("DROP"), "{name}: dropped content kept");

        // Declared GBK, no .html extension: sniffed, then decoded by <meta>.
        let gbk = GBK.encode(&html_page(&text, "gbk", None)).0.into_owned();
        let got = decode_report(Path::new("page.txt"), &gbk).unwrap();
        assert_same_lines(name, "gbk html", &got, &text);

        // An article container: its text, without the menu around it.
        let page = html_page(&text, "utf-8", Some("TRS_Editor"));
        let got = decode_report(Path::new("page.htm"), page.as_bytes()).unwrap();
        assert_same_lines(name, "html article", &got, &text);
        assert!(
            !got.contains("DROP"),
            "{name}: text outside the article kept"
        );
    }
}

#[test]
fn metadata_outside_the_article_is_kept_above_it() {
    let body = "<p>一、主要工作</p><p>全年办理法律援助案件302件。</p>".repeat(20);
    let page = format!(
        "<html><body><div class=nav2>首页 > 政务公开 > 法治政府</div>\
         <h1>下陆区2021年法治政府建设工作报告</h1><div class=meta><span>发布日期:2022-03-29</span>\n\
         <span>来源:下陆区司法局</span></div><div id=zoom>{body}</div>\
         <div class=bottom>文章来源:下陆区司法局</div></body></html>"
    );
    let got = decode_report(Path::new("a.html"), page.as_bytes()).unwrap();
    let got: Vec<&str> = got.lines().collect();
    assert_eq!(
        got[..4],
        [
            "下陆区2021年法治政府建设工作报告",
            "发布日期:2022-03-29 来源:下陆区司法局",
            "文章来源:下陆区司法局",
            "一、主要工作"
        ]
    );
    assert!(!got.iter().any(|l| l.contains("政务公开")));
}

#[test]
fn empty_binary_and_undecodable_files_are_refused() {
    let p = Path::new("bad.txt");
    for empty in [&b""[..], b"  \n\r\n\t", b"\xEF\xBB\xBF"] {
        let e = decode_report(p, empty).unwrap_err();
        assert_eq!(e.path, p);
        assert!(e.reason.contains("empty file"), "{e}");
    }
    let e = decode_report(
        Path::new("blank.html"),
        b"<html><body><script>x()</script></body></html>",
    )
    .unwrap_err();
    assert!(e.reason.contains("empty file"), "{e}");
    for binary in [
        &b"abc\0def\0"[..],
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        b"text\x01\x02\x03\x04\x05\x06\x07\x08",
    ] {
        let e = decode_report(p, binary).unwrap_err();
        assert!(e.reason.contains("binary file, not text"), "{e}");
    }
    // Half UTF-8, half GBK: too much damage to repair.
    let text = seed("xialu-2021");
    let (a, b) = text.split_at(text.char_indices().nth(text.chars().count() / 2).unwrap().0);
    let mixed = [a.as_bytes(), &GBK.encode(b).0].concat();
    let e = decode_report(p, &mixed).unwrap_err();
    assert!(e.reason.starts_with("invalid encoding: "), "{e}");
}

#[test]
fn a_little_damage_is_repaired() {
    let text = seed("panjin-2021");
    let cut = text.char_indices().nth(200).unwrap().0;
    let damaged = [
        &text.as_bytes()[..cut],
        &GBK.encode("法治").0,
        &text.as_bytes()[cut..],
    ]
    .concat();
    let got = decode_report(Path::new("x.txt"), &damaged).unwrap();
    assert!(got.contains('\u{FFFD}'));
    assert!(got.ends_with(&text[cut..]));
}

/// Whether this process reads files whatever their mode (root): chmod cannot
/// make a file unreadable then.
fn reads_anything(dir: &Path) -> bool {
    let probe = dir.join("probe");
    fs::write(&probe, "x").unwrap();
    set_mode(&probe, 0o000);
    let privileged = fs::read(&probe).is_ok();
    set_mode(&probe, 0o644);
    privileged
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn unreadable_files_and_folders_are_reported_and_the_rest_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let privileged = reads_anything(root);
    fs::create_dir(root.join("closed")).unwrap();
    fs::write(root.join("closed/inner.txt"), "法治政府建设报告").unwrap();
    fs::write(root.join("a.txt"), "法治政府建设报告").unwrap();
    fs::write(root.join("locked.txt"), "法治政府建设报告").unwrap();
    set_mode(&root.join("closed"), 0o000);
    set_mode(&root.join("locked.txt"), 0o000);

    let (files, errors) = collect_files(&[root.to_path_buf(), root.join("missing.txt")]);
    let read: Vec<_> = files.iter().map(|f| read_report_file(f)).collect();
    set_mode(&root.join("closed"), 0o755);

    assert!(errors
        .iter()
        .any(|e| e.path == root.join("missing.txt") && e.reason.contains("no such file")));
    assert!(files.contains(&root.join("a.txt")));
    let locked = files
        .iter()
        .position(|f| f.ends_with("locked.txt"))
        .expect("locked.txt listed");
    if privileged {
        // Running as root: permissions do not block reading, so everything is read.
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(files.contains(&root.join("closed/inner.txt")));
        assert!(read.iter().all(Result::is_ok), "{read:?}");
    } else {
        let closed = errors
            .iter()
            .find(|e| e.path == root.join("closed"))
            .expect("closed folder reported");
        assert!(closed.reason.contains("permission denied"), "{closed}");
        let e = read[locked].as_ref().unwrap_err();
        assert_eq!(e.path, root.join("locked.txt"));
        assert!(e.reason.contains("permission denied"), "{e}");
        assert!(read.iter().filter(|r| r.is_ok()).count() >= 1);
    }
}

#[test]
fn folders_are_walked_sorted_and_symlink_loops_end() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("b/deeper")).unwrap();
    for f in [
        "b/deeper/z.htm",
        "b/a.TXT",
        "c.md",
        "a.text",
        "r.PDF",
        "w.docx",
        "old.wps",
        "skip.png",
        "notes",
    ] {
        fs::write(root.join(f), "报告").unwrap();
    }
    std::os::unix::fs::symlink(root, root.join("b/deeper/loop")).unwrap();
    std::os::unix::fs::symlink("..", root.join("b/up")).unwrap();
    std::os::unix::fs::symlink(root.join("gone.txt"), root.join("dangling.txt")).unwrap();

    let (files, errors) = collect_files(&[root.to_path_buf()]);
    let names: Vec<_> = files
        .iter()
        .map(|f| f.strip_prefix(root).unwrap().to_path_buf())
        .collect();
    let want: Vec<PathBuf> = [
        "a.text",
        "b/a.TXT",
        "b/deeper/z.htm",
        "c.md",
        "old.wps",
        "r.PDF",
        "w.docx",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(names, want);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, root.join("dangling.txt"));
    assert!(errors[0].reason.contains("broken symbolic link"));

    // A file named directly is taken whatever its extension.
    let (files, errors) = collect_files(&[root.join("notes")]);
    assert_eq!((files.len(), errors.len()), (1, 0));
}

/// Folders only (a file's identity read from its folder's listing) or a
/// file named too (read from `stat`): a file reached twice is taken once.
#[test]
fn a_file_reached_twice_is_taken_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("a")).unwrap();
    fs::create_dir_all(root.join("b")).unwrap();
    fs::write(root.join("a/r.txt"), "报告").unwrap();
    fs::hard_link(root.join("a/r.txt"), root.join("b/hard.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("a/r.txt"), root.join("b/soft.txt")).unwrap();
    fs::write(root.join("b/other.txt"), "报告").unwrap();
    let rel = |files: Vec<PathBuf>| -> Vec<String> {
        files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().display().to_string())
            .collect()
    };
    let (files, errors) = collect_files(&[root.to_path_buf(), root.join("a")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rel(files), ["a/r.txt", "b/other.txt"]);
    let (files, errors) = collect_files(&[root.join("b"), root.join("a/r.txt")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(rel(files), ["b/hard.txt", "b/other.txt"]);
}
