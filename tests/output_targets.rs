//! What each kind of output target gets, through the real binary: nothing
//! but the regular file asked for is ever replaced or truncated. CI runs
//! these as root (a device node is made for the test; `/dev/null` is written
//! for real and must stay the device it is).

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const REPORT: &str = "assets/reports/xialu-2021.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_baogao"));
    c.current_dir(root());
    c
}

fn baogao(args: &[&str]) -> Output {
    bin().args(args).output().expect("run baogao")
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// The CSV of the sample report as written to standard output.
fn expected_csv() -> Vec<u8> {
    let out = baogao(&["indicators", REPORT]);
    assert!(out.status.success());
    assert!(out.stdout.len() > 1000);
    out.stdout
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn err_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_link_is_kept_and_the_file_it_points_to_replaced() {
    let d = tempfile::tempdir().unwrap();
    let elsewhere = d.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let real = elsewhere.join("real.csv");
    fs::write(&real, "old content that is longer than nothing\n").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let here = d.path().join("here");
    fs::create_dir(&here).unwrap();
    let link = here.join("out.csv");
    std::os::unix::fs::symlink("../elsewhere/real.csv", &link).unwrap();
    for cmd in [
        vec!["indicators", "-o", link.to_str().unwrap(), REPORT],
        vec![
            "indicators",
            "--format",
            "md",
            "-o",
            link.to_str().unwrap(),
            REPORT,
        ],
    ] {
        let out = baogao(&cmd);
        assert!(out.status.success(), "{}", err_of(&out));
        let meta = fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_symlink(), "the link is still a link");
        assert_eq!(
            fs::read_link(&link).unwrap(),
            PathBuf::from("../elsewhere/real.csv")
        );
        let content = fs::read_to_string(&real).unwrap();
        assert!(!content.contains("old content"), "old content gone");
        assert!(content.contains("法律援助"), "new content through the link");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640,
            "the replaced file keeps its mode"
        );
        assert_eq!(names_in(&here), ["out.csv"], "nothing beside the link");
        assert_eq!(names_in(&elsewhere), ["real.csv"], "no temporary left");
    }
    // Exactly the bytes standard output gets.
    baogao(&["indicators", "-o", link.to_str().unwrap(), REPORT]);
    assert_eq!(fs::read(&real).unwrap(), expected_csv());
}

#[test]
fn a_dangling_link_a_folder_and_a_read_only_folder_are_errors() {
    let d = tempfile::tempdir().unwrap();
    let dangling = d.path().join("dangling.csv");
    std::os::unix::fs::symlink("missing/x.csv", &dangling).unwrap();
    let out = baogao(&["indicators", "-o", dangling.to_str().unwrap(), REPORT]);
    assert_eq!(out.status.code(), Some(1));
    let err = err_of(&out);
    assert!(
        err.contains(&format!("baogao: {}: ", dangling.display()))
            && err.contains("symbolic link")
            && err.contains("does not exist"),
        "{err}"
    );
    assert!(fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());

    let folder = d.path().join("folder.csv");
    fs::create_dir(&folder).unwrap();
    let out = baogao(&["indicators", "-o", folder.to_str().unwrap(), REPORT]);
    assert_eq!(out.status.code(), Some(1));
    assert!(err_of(&out).contains("is a folder"), "{}", err_of(&out));
    assert!(names_in(&folder).is_empty());

    // Read-only by its mode: refused even for root.
    let ro = d.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    let target = ro.join("out.csv");
    for args in [
        vec!["indicators", "-o", target.to_str().unwrap(), REPORT],
        vec!["export", "--sqlite", target.to_str().unwrap(), REPORT],
    ] {
        let out = baogao(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = err_of(&out);
        assert!(
            err.contains(&format!("baogao: {}: ", target.display()))
                && (err.contains("read-only") || err.contains("permission denied")),
            "{err}"
        );
        assert!(
            names_in(&ro).is_empty(),
            "nothing created: {:?}",
            names_in(&ro)
        );
    }
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(names_in(d.path()), ["dangling.csv", "folder.csv", "ro"]);
}

#[test]
fn a_fifo_is_written_through_and_its_reader_gets_the_whole_csv() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = fs::File::open(&fifo).unwrap();
            let mut got = Vec::new();
            f.read_to_end(&mut got).unwrap();
            got
        })
    };
    let out = baogao(&["indicators", "-o", fifo.to_str().unwrap(), REPORT]);
    assert!(out.status.success(), "{}", err_of(&out));
    let got = reader.join().unwrap();
    assert_eq!(got, expected_csv(), "the reader gets the whole CSV");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names_in(d.path()), ["pipe.csv"]);
    // SQLite into a pipe: a clear error, the pipe left alone.
    let out = baogao(&["export", "--sqlite", fifo.to_str().unwrap(), REPORT]);
    assert_eq!(out.status.code(), Some(1));
    let err = err_of(&out);
    assert!(
        err.contains("named pipe") && err.contains("SQLite needs a regular file"),
        "{err}"
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

/// The device number and kind of a path.
fn device(p: &Path) -> (bool, u64) {
    let m = fs::symlink_metadata(p).unwrap();
    (m.file_type().is_char_device(), m.rdev())
}

#[test]
fn devices_stay_devices() {
    let dev_null = Path::new("/dev/null");
    let before = device(dev_null);
    assert!(before.0, "/dev/null is a character device to start with");
    let mut targets = vec![dev_null.to_path_buf()];
    let d = tempfile::tempdir().unwrap();
    let node = d.path().join("null-node");
    // The same major/minor as /dev/null: writes go nowhere.
    let made = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    if is_root() {
        assert!(made.success(), "root can make a device node for the test");
        targets.push(node.clone());
    } else {
        eprintln!("not root: the device-node case needs root (CI runs as root); /dev/null is still checked");
    }
    for t in &targets {
        let was = device(t);
        for args in [
            vec![
                "indicators",
                "--format",
                "csv",
                "-o",
                t.to_str().unwrap(),
                REPORT,
            ],
            vec![
                "indicators",
                "--format",
                "xlsx",
                "-o",
                t.to_str().unwrap(),
                REPORT,
            ],
            vec![
                "rank",
                "legal_aid.cases",
                "-o",
                t.to_str().unwrap(),
                "assets/reports",
            ],
        ] {
            let out = baogao(&args);
            assert!(out.status.success(), "{args:?}: {}", err_of(&out));
            assert_eq!(device(t), was, "{} is still the same device", t.display());
        }
        let out = baogao(&["export", "--sqlite", t.to_str().unwrap(), REPORT]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            err_of(&out).contains("character device"),
            "{}",
            err_of(&out)
        );
        assert_eq!(device(t), was);
    }
    assert_eq!(device(dev_null), before);
    let tmp_left: Vec<_> = fs::read_dir("/dev")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("baogao-tmp"))
        .collect();
    assert!(tmp_left.is_empty(), "no temporary file in /dev");
}

#[test]
fn dash_and_dev_stdout_are_standard_output() {
    let want = expected_csv();
    let out = baogao(&["indicators", "-o", "-", REPORT]);
    assert!(out.status.success());
    assert_eq!(out.stdout, want);
    // /dev/stdout redirected to a file: the file the shell opened gets the
    // CSV (it is written through the descriptor, not replaced).
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("redirected.csv");
    let f = fs::File::create(&file).unwrap();
    let ino = fs::metadata(&file).unwrap().ino();
    let status = bin()
        .args(["indicators", "-o", "/dev/stdout", REPORT])
        .stdout(Stdio::from(f))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(fs::read(&file).unwrap(), want);
    assert_eq!(
        fs::metadata(&file).unwrap().ino(),
        ino,
        "same file, not replaced"
    );
    assert_eq!(names_in(d.path()), ["redirected.csv"]);
    // A table format to -o - into a pipe.
    let out = baogao(&[
        "rank",
        "legal_aid.cases",
        "--format",
        "json",
        "-o",
        "-",
        "assets/reports",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("baogao/"));
}

#[test]
fn formulas_in_report_text_never_run_in_excel() {
    let d = tempfile::tempdir().unwrap();
    let report = d.path().join("evil.txt");
    let cell = "=HYPERLINK(\"http://x\",\"y\")";
    fs::write(
        &report,
        format!("某某区2021年法治政府建设报告\n一、主要工作\n{cell}办理法律援助案件302件。\n"),
    )
    .unwrap();
    let sentence_of = |csv_path: &Path, encoding: &str| -> String {
        let script = format!(
            "import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1],newline='',encoding='{encoding}')))\nprint(rows[0]['sentence'])"
        );
        let out = Command::new("python3")
            .args(["-c", &script])
            .arg(csv_path)
            .output()
            .expect("python3 (scripts/test-deps.sh installs it)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .trim_end()
            .to_string()
    };
    let excel = d.path().join("excel.csv");
    let plain = d.path().join("plain.csv");
    let xlsx = d.path().join("book.xlsx");
    for (args, _) in [
        (
            vec!["indicators", "--bom", "-o", excel.to_str().unwrap()],
            0,
        ),
        (vec!["indicators", "-o", plain.to_str().unwrap()], 0),
        (vec!["indicators", "-o", xlsx.to_str().unwrap()], 0),
    ] {
        let mut args = args;
        args.push(report.to_str().unwrap());
        let out = baogao(&args);
        assert!(out.status.success(), "{}", err_of(&out));
    }
    let s = sentence_of(&excel, "utf-8-sig");
    assert!(s.starts_with(&format!("'{cell}")), "Excel-ready CSV: {s}");
    let s = sentence_of(&plain, "utf-8");
    assert!(s.starts_with(cell), "plain CSV stays exact: {s}");
    // XLSX: the cell is a string, not a formula.
    let script = "import openpyxl,sys\nws=openpyxl.load_workbook(sys.argv[1]).active\nhead=[c.value for c in ws[1]]\nc=ws.cell(row=2,column=head.index('sentence')+1)\nprint(c.data_type, c.value)";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = String::from_utf8(out.stdout).unwrap();
    assert!(
        got.starts_with(&format!("s {cell}")),
        "a string cell: {got}"
    );
}

/// Many copies of the sample reports: an export that takes a while.
fn big_corpus(dir: &Path) {
    let text = fs::read_to_string(root().join(REPORT)).unwrap();
    for i in 0..600 {
        fs::write(dir.join(format!("r{i:04}.txt")), &text).unwrap();
    }
}

fn wait_for_temp(dir: &Path, name: &str, deadline: Duration) -> Option<PathBuf> {
    let start = Instant::now();
    while start.elapsed() < deadline {
        if let Some(p) = fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!(".{name}.baogao-tmp-"))
            })
        {
            return Some(p);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    None
}

#[test]
fn a_killed_export_leaves_no_target_and_its_temporary_goes_next_time() {
    let d = tempfile::tempdir().unwrap();
    let corpus = d.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    big_corpus(&corpus);
    let out_dir = d.path().join("out");
    fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("big.csv");
    for (signal, removed_at_once) in [("KILL", false), ("TERM", true), ("INT", true)] {
        let mut child = bin()
            .args([
                "indicators",
                "-o",
                target.to_str().unwrap(),
                corpus.to_str().unwrap(),
            ])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let tmp = wait_for_temp(&out_dir, "big.csv", Duration::from_secs(30))
            .expect("the export's temporary file appears");
        assert_eq!(
            tmp.file_name().unwrap().to_string_lossy(),
            format!(".big.csv.baogao-tmp-{}", child.id())
        );
        Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "{signal}: killed");
        assert!(
            !target.exists(),
            "{signal}: no file under the target's name"
        );
        if removed_at_once {
            use std::os::unix::process::ExitStatusExt;
            assert!(
                !tmp.exists(),
                "{signal}: the temporary removed on the way out"
            );
            assert!(
                status.code().is_some_and(|c| c > 128),
                "{signal}: {status:?} {:?}",
                status.signal()
            );
        } else {
            assert!(
                tmp.exists(),
                "SIGKILL cannot be caught: the temporary stays"
            );
            // The next write to the same target removes it.
            let out = baogao(&["indicators", "-o", target.to_str().unwrap(), REPORT]);
            assert!(out.status.success());
            assert!(!tmp.exists(), "the next run removed the stale temporary");
            assert_eq!(names_in(&out_dir), ["big.csv"]);
            fs::remove_file(&target).unwrap();
        }
        assert!(
            names_in(&out_dir).is_empty(),
            "{signal}: {:?}",
            names_in(&out_dir)
        );
    }
}
