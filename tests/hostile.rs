//! Hostile inputs through the real binary (issue 21): an output onto an
//! input, baogao's own exports in a folder, escape sequences and entities,
//! declared charsets, FIFOs and devices, closed pipes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The longest any one run may take: a run that blocks fails instead.
const LIMIT: Duration = Duration::from_secs(60);

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/reports/{name}.txt"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Run baogao with a time limit: killed and failed when it blocks.
fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run baogao");
    // Drain the pipes on threads so a large output cannot block the child.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "baogao {:?} still running after {LIMIT:?}",
                args.iter()
                    .map(|a| a.as_ref().to_owned())
                    .collect::<Vec<_>>()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary folder holding one copy of a sample report as `a.txt`.
fn with_report() -> (tempfile::TempDir, PathBuf, String) {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a.txt");
    let text = sample("xialu-2021");
    fs::write(&a, &text).unwrap();
    (d, a, text)
}

#[test]
fn an_output_onto_an_input_is_refused_and_nothing_is_written() {
    let (d, a, text) = with_report();
    let b = d.path().join("b.txt");
    fs::write(&b, sample("dongli-2021")).unwrap();
    let link = d.path().join("link.txt");
    std::os::unix::fs::symlink(&a, &link).unwrap();
    let hard = d.path().join("hard.txt");
    fs::hard_link(&a, &hard).unwrap();
    let a_s = a.to_str().unwrap();
    let b_s = b.to_str().unwrap();
    let dir = d.path().to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["indicators", "-o", a_s, a_s],
        vec!["indicators", "--format", "md", "-o", a_s, a_s],
        vec!["indicators", "-o", link.to_str().unwrap(), a_s],
        vec!["indicators", "-o", hard.to_str().unwrap(), a_s],
        // Inside a folder that is an input.
        vec!["indicators", "-o", a_s, dir],
        vec!["export", "--sqlite", a_s, a_s],
        vec!["export", "--sqlite", link.to_str().unwrap(), dir],
        vec!["compare", "-o", b_s, a_s, b_s],
        vec![
            "compare",
            "--format",
            "csv",
            "-o",
            hard.to_str().unwrap(),
            a_s,
            b_s,
        ],
        vec!["rank", "legal_aid.cases", "-o", a_s, a_s, b_s],
        vec!["rank", "legal_aid.cases", "-o", link.to_str().unwrap(), dir],
    ];
    for args in cases {
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        let out = args[args
            .iter()
            .position(|a| *a == "-o" || *a == "--sqlite")
            .unwrap()
            + 1];
        assert!(
            err.contains(&format!("baogao: {out}: ")) && err.contains("refusing to write over"),
            "{args:?}: {err}"
        );
        assert_eq!(
            fs::read_to_string(&a).unwrap(),
            text,
            "{args:?} wrote over a"
        );
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            fs::read_to_string(&b).unwrap(),
            sample("dongli-2021"),
            "{args:?} wrote over b"
        );
        let names: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names.len(),
            4,
            "{args:?}: nothing new in the folder: {names:?}"
        );
    }
    // Another name in the folder is fine.
    let c = d.path().join("c.csv");
    let o = run(&["indicators", "-o", c.to_str().unwrap(), dir]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(fs::metadata(&c).unwrap().len() > 0);
}

/// The indicator count in a `parse` summary.
fn indicator_count(summary: &str) -> usize {
    summary
        .lines()
        .find(|l| l.trim_end().ends_with(" indicators"))
        .and_then(|l| l.split_whitespace().nth(2))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no indicator count in:\n{summary}"))
}

#[test]
fn a_stray_escape_string_introducer_removes_only_itself() {
    let (d, a, text) = with_report();
    let clean = run(&["parse".as_ref(), a.as_os_str()]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    let want = indicator_count(&String::from_utf8_lossy(&clean.stdout));
    let cut = text.find('\n').unwrap() + 1;
    for intro in ["\x1b]", "\x1bP", "\x1b_"] {
        let f = d.path().join("stray.txt");
        fs::write(&f, format!("{}{intro}{}", &text[..cut], &text[cut..])).unwrap();
        let o = run(&["parse".as_ref(), f.as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let got = indicator_count(&String::from_utf8_lossy(&o.stdout));
        assert_eq!(got, want, "{intro:?} after the first line");
    }
}

#[test]
fn character_references_to_controls_never_reach_the_output() {
    let d = tempfile::tempdir().unwrap();
    let page = d.path().join("page.html");
    fs::write(
        &page,
        "<html><body><h1>某区2021年法治政府建设年度报告</h1>\
         <p>全年办理法律援助案件&#27;]52;c;aGk=&#7;302件，&#27;[31m调解成功率98.6%&#x1b;[0m。</p>\
         <p>行政复议案件&#155;2J&#x7;&#0;45件。</p></body></html>",
    )
    .unwrap();
    for args in [
        vec!["parse".as_ref(), page.as_os_str()],
        vec!["parse".as_ref(), "--json".as_ref(), page.as_os_str()],
        vec!["indicators".as_ref(), page.as_os_str()],
        vec![
            "indicators".as_ref(),
            "--format".as_ref(),
            "md".as_ref(),
            page.as_os_str(),
        ],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(
            !out.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t'),
            "{args:?}: a control character in {out:?}"
        );
        assert!(!out.contains("52;c;"), "{args:?}: OSC body kept: {out}");
        if args[0] == "indicators" {
            assert!(out.contains("302"), "{args:?}: {out}");
        }
    }
}

#[test]
fn file_names_with_controls_are_escaped_on_the_terminal() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("x\x1b]0;pwned\x07.txt");
    fs::write(&bad, b"").unwrap();
    let good = d.path().join("y\x1b[31m.txt");
    fs::write(&good, sample("xialu-2021")).unwrap();
    let o = run(&["parse".as_ref(), d.path().as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    for (what, s) in [("stderr", &*err), ("stdout", &*out)] {
        assert!(!s.contains('\x1b') && !s.contains('\x07'), "{what}: {s:?}");
    }
    assert!(err.contains("x\\x1b]0;pwned\\x07.txt: empty file"), "{err}");
    assert!(out.contains("y\\x1b[31m.txt"), "{out}");
    // An export error names its target escaped too.
    let target = d.path().join("no\x1bdir/out.csv");
    let o = run(&[
        "indicators".as_ref(),
        "-o".as_ref(),
        target.as_os_str(),
        good.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        !err.contains('\x1b') && err.contains("no\\x1bdir"),
        "{err:?}"
    );
}

#[test]
fn own_exports_in_a_folder_are_not_read_as_reports() {
    let (d, a, _) = with_report();
    let dir = d.path();
    let b = dir.join("b.txt");
    fs::write(&b, sample("dongli-2021")).unwrap();
    let exports: Vec<Vec<String>> = [
        "indicators -o {d}/x.md {d}",
        "indicators --format csv -o {d}/x-csv.txt {d}",
        "indicators --bom --format csv -o {d}/x-bom.txt {d}",
        "indicators --format json -o {d}/x-json.txt {d}",
        "compare -o {d}/c.txt {a} {b}",
        "compare --format md -o {d}/c.md {a} {b}",
        "compare --format json -o {d}/c-json.txt {a} {b}",
        "rank legal_aid.cases --format md -o {d}/r.md {a} {b}",
        "rank legal_aid.cases -o {d}/r.txt {a} {b}",
        "rank legal_aid.cases --format csv -o {d}/r-csv.text {a} {b}",
    ]
    .iter()
    .map(|c| {
        c.replace("{d}", dir.to_str().unwrap())
            .replace("{a}", a.to_str().unwrap())
            .replace("{b}", b.to_str().unwrap())
            .split(' ')
            .map(String::from)
            .collect()
    })
    .collect();
    for args in &exports {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    let o = run(&["parse", "--json", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let paths: Vec<String> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["path"].to_string())
        .collect();
    assert_eq!(paths.len(), 2, "only the two reports: {paths:?}");
    // The browser's loader tells them as it reads the files (not before
    // its first report is listed): the same two, and the load completes.
    let corpus = baogao::corpus::Corpus::load_blocking(baogao::corpus::Source::Paths(vec![
        dir.to_path_buf()
    ]));
    let mut listed: Vec<String> = corpus
        .entries
        .iter()
        .map(|e| e.report.path.clone())
        .collect();
    listed.sort();
    assert_eq!(listed, [a.display().to_string(), b.display().to_string()]);
    assert_eq!(
        corpus.progress(),
        (exports.len() + 2, Some(exports.len() + 2))
    );
    assert!(corpus.failures.is_empty(), "{:?}", corpus.failures);
    // A file named on the command line is read whatever it holds.
    let x = dir.join("x.md");
    let o = run(&["parse".as_ref(), x.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("x.md"));
}

#[test]
fn a_declared_charset_wins_over_damaged_utf8() {
    use encoding_rs::GBK;
    let d = tempfile::tempdir().unwrap();
    // Mostly ASCII: a page of markup and scripts with a short GBK text.
    let filler = "<script>var x = 1;</script>\n".repeat(400);
    let body = "某区2021年法治政府建设年度报告。全年办理法律援助案件302件。";
    for (name, meta) in [
        ("charset.html", r#"<meta charset="gbk">"#),
        (
            "http-equiv.htm",
            r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#,
        ),
    ] {
        let page = format!("<html><head>{meta}</head><body>{filler}<p>{body}</p></body></html>");
        let f = d.path().join(name);
        fs::write(&f, GBK.encode(&page).0).unwrap();
        let o = run(&["indicators".as_ref(), f.as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(
            out.contains("法律援助案件") && !out.contains('\u{FFFD}'),
            "{name}: {out}"
        );
    }
    // Valid UTF-8 stays UTF-8 whatever the page declares.
    let page = format!("<html><head><meta charset=gbk></head><body><p>{body}</p></body></html>");
    let f = d.path().join("utf8.html");
    fs::write(&f, &page).unwrap();
    let o = run(&["indicators".as_ref(), f.as_os_str()]);
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("法律援助案件"));
}

#[test]
fn pipes_devices_and_huge_files_are_refused_without_blocking() {
    let (d, a, _) = with_report();
    let dir = d.path().join("folder");
    fs::create_dir(&dir).unwrap();
    fs::copy(&a, dir.join("report.txt")).unwrap();
    let fifo = dir.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.txt")).unwrap();
    let big = dir.join("big.txt");
    let f = fs::File::create(&big).unwrap();
    f.set_len(baogao::ingest::MAX_FILE_SIZE + 1).unwrap();
    drop(f);
    let o = run(&["parse".as_ref(), dir.as_os_str()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let line = |p: &Path, reason: &str| format!("baogao: {}: {reason}", p.display());
    assert!(
        err.contains(&line(&fifo, "not a regular file: named pipe")),
        "{err}"
    );
    assert!(
        err.contains(&line(
            &dir.join("zero.txt"),
            "not a regular file: character device"
        )),
        "{err}"
    );
    assert!(err.contains(&line(&big, "larger than 64 MiB")), "{err}");
    assert_eq!(err.lines().count(), 3, "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("report.txt"));
    // Named directly, as files.
    for p in [&fifo, &dir.join("zero.txt")] {
        let o = run(&["indicators".as_ref(), p.as_os_str(), a.as_os_str()]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
        assert!(String::from_utf8_lossy(&o.stdout).lines().count() > 100);
    }
}

/// Run baogao, read one line of its output and close the pipe (as `| head
/// -1` does); the exit code and stderr.
fn closed_after_one_line(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_baogao"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(!line.is_empty(), "{args:?}: no output");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("{args:?}: still running with its output closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_standard_output_is_not_an_error() {
    let d = tempfile::tempdir().unwrap();
    // Enough output to fill a pipe many times over.
    for name in [
        "xialu-2021",
        "dongli-2021",
        "hanyang-2021",
        "panjin-2021",
        "shaoyang-2024",
    ] {
        for n in 0..4 {
            fs::write(d.path().join(format!("{name}-{n}.txt")), sample(name)).unwrap();
        }
    }
    let a = d.path().join("xialu-2021-0.txt");
    let b = d.path().join("dongli-2021-0.txt");
    let dir = d.path().as_os_str();
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["indicators".as_ref(), dir],
        vec![
            "indicators".as_ref(),
            "--format".as_ref(),
            "md".as_ref(),
            dir,
        ],
        vec![
            "indicators".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            dir,
        ],
        vec!["indicators".as_ref(), "-o".as_ref(), "-".as_ref(), dir],
        vec!["parse".as_ref(), "--json".as_ref(), dir],
        vec!["compare".as_ref(), a.as_os_str(), b.as_os_str()],
        vec![
            "compare".as_ref(),
            "--format".as_ref(),
            "csv".as_ref(),
            a.as_os_str(),
            b.as_os_str(),
        ],
        vec!["rank".as_ref(), "legal_aid.cases".as_ref(), dir],
        vec![
            "rank".as_ref(),
            "legal_aid.cases".as_ref(),
            "--format".as_ref(),
            "md".as_ref(),
            dir,
        ],
    ];
    for args in cases {
        let (code, err) = closed_after_one_line(&args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert!(
            !err.to_lowercase().contains("broken pipe"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_file_reached_twice_is_read_once() {
    let (d, a, _) = with_report();
    let sub = d.path().join("sub");
    fs::create_dir(&sub).unwrap();
    std::os::unix::fs::symlink(&a, sub.join("link.txt")).unwrap();
    let o = run(&[
        "parse".as_ref(),
        "--json".as_ref(),
        d.path().as_os_str(),
        a.as_os_str(),
        a.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = String::from_utf8(o.stdout).unwrap().lines().count();
    assert_eq!(lines, 1, "one report for one file");
}

#[test]
fn invisible_characters_never_reach_names_and_issuers() {
    let (d, a, text) = with_report();
    let invisible = [
        '\u{200B}', '\u{00AD}', '\u{202E}', '\u{FEFF}', '\u{2066}', '\u{200F}',
    ];
    let mut dirty = String::new();
    for (i, c) in text.chars().enumerate() {
        dirty.push(c);
        if !c.is_ascii() {
            dirty.push(invisible[i % invisible.len()]);
        }
    }
    let f = d.path().join("dirty.txt");
    fs::write(&f, dirty).unwrap();
    let json = |p: &Path| -> serde_json::Value {
        let o = run(&["parse".as_ref(), "--json".as_ref(), p.as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let (clean, got) = (json(&a), json(&f));
    assert!(clean["region"].is_object() && clean["issuer"].is_string());
    for key in ["region", "issuer", "year", "title"] {
        assert_eq!(got[key], clean[key], "{key}");
    }
    assert_eq!(
        got["indicators"].as_array().unwrap().len(),
        clean["indicators"].as_array().unwrap().len()
    );
    let o = run(&["indicators".as_ref(), f.as_os_str()]);
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(
        !csv.chars().any(|c| invisible.contains(&c)),
        "an invisible character in the CSV"
    );
}

#[test]
fn utf16_without_a_byte_order_mark_is_text() {
    let (d, a, text) = with_report();
    let clean = run(&["parse".as_ref(), a.as_os_str()]);
    let want = indicator_count(&String::from_utf8_lossy(&clean.stdout));
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        let f = d.path().join(name);
        fs::write(&f, bytes).unwrap();
        let o = run(&["parse".as_ref(), f.as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert_eq!(
            indicator_count(&String::from_utf8_lossy(&o.stdout)),
            want,
            "{name}"
        );
    }
}

#[test]
fn a_deep_tree_of_folders_is_walked_in_linear_time() {
    const DEPTH: usize = 1800;
    let (d, a, _) = with_report();
    let mut dir = d.path().join("deep");
    fs::create_dir(&dir).unwrap();
    for _ in 0..DEPTH {
        dir.push("d");
        fs::create_dir(&dir).unwrap();
    }
    fs::copy(&a, dir.join("r.txt")).unwrap();
    let start = Instant::now();
    let o = run(&["parse".as_ref(), d.path().join("deep").as_os_str()]);
    let took = start.elapsed();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("155 indicators"));
    // A few hundred milliseconds here; a walk whose cost grows with the
    // square of the depth per folder takes minutes.
    assert!(
        took < Duration::from_secs(20),
        "{DEPTH} nested folders took {took:?}"
    );
}
