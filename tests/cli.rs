//! The real binary's command line: exit codes, JSON contract, errors.

use std::process::Command;

fn baogao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_baogao"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run baogao")
}

#[test]
fn parse_json_follows_the_contract() {
    let out = baogao(&["parse", "--json", "assets/reports/xialu-2021.txt"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(v["schema"], "baogao/report@1");
    for key in ["path", "title", "region", "issuer", "year", "published", "script", "sections", "indicators", "warnings"] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    let ind = v["indicators"].as_array().unwrap();
    let aid = ind.iter().find(|i| i["raw"] == "302件").expect("302件 found");
    assert_eq!(aid["value"], 302);
    assert_eq!(aid["unit"], "件");
    assert_eq!(aid["canonical"], "legal_aid.cases");
    assert!(aid["sentence"].as_str().unwrap().contains("302件"));
    let first = &v["sections"][0];
    assert_eq!(first["id"], "1");
    assert_eq!(first["marker"], "一、");
}

#[test]
fn one_line_per_input_and_exit_1_on_a_missing_file() {
    let out = baogao(&["parse", "--json", "assets/reports/xialu-2021.txt", "no/such/file.txt", "assets/reports/dongli-2021.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/file.txt"), "stderr names the file: {err}");
}

#[test]
fn usage_error_exits_2() {
    let out = baogao(&["parse", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn human_summary_names_each_report() {
    let out = baogao(&["parse", "assets/reports/panjin-2021.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("panjin-2021"));
}
