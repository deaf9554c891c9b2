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
