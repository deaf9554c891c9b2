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
    for key in [
        "path",
        "title",
        "region",
        "issuer",
        "year",
        "published",
        "script",
        "sections",
        "indicators",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    let ind = v["indicators"].as_array().unwrap();
    let aid = ind
        .iter()
        .find(|i| i["raw"] == "302件")
        .expect("302件 found");
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
    let out = baogao(&[
        "parse",
        "--json",
        "assets/reports/xialu-2021.txt",
        "no/such/file.txt",
        "assets/reports/dongli-2021.txt",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no/such/file.txt"),
        "stderr names the file: {err}"
    );
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

#[test]
fn the_summary_says_where_the_region_came_from_and_what_it_may_be() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("body-only.txt");
    std::fs::write(
        &f,
        "2023年，鼓楼区坚持依法行政，扎实推进法治政府建设。\n一、主要工作\n受理行政复议申请56件。\n",
    )
    .unwrap();
    let out = baogao(&["parse", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("region:    鼓楼区 (county)"), "{s}");
    assert!(s.contains("found in:  body"), "{s}");
    assert!(
        s.contains("江苏省南京市鼓楼区") && s.contains("福建省福州市鼓楼区"),
        "{s}"
    );
}

#[test]
fn compare_lists_legal_aid_with_the_values_parse_finds() {
    let out = baogao(&[
        "compare",
        "--format",
        "json",
        "assets/reports/xialu-2021.txt",
        "assets/reports/dongli-2021.txt",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "baogao/compare@1");
    let row = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["canonical"] == "legal_aid.cases")
        .unwrap();
    assert_eq!(
        (row["a"].as_f64(), row["b"].as_f64()),
        (Some(302.0), Some(650.0))
    );
    // Every compared value is one that `parse` finds in that report.
    for (side, file) in [
        ("a", "assets/reports/xialu-2021.txt"),
        ("b", "assets/reports/dongli-2021.txt"),
    ] {
        let parsed: serde_json::Value =
            serde_json::from_slice(&baogao(&["parse", "--json", file]).stdout).unwrap();
        let values: Vec<(String, f64)> = parsed["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| Some((i["canonical"].as_str()?.to_string(), i["value"].as_f64()?)))
            .collect();
        for r in v["indicators"].as_array().unwrap() {
            if let Some(x) = r[side].as_f64() {
                let key = r["canonical"].as_str().unwrap().to_string();
                assert!(
                    values.contains(&(key.clone(), x)),
                    "{side} {key} {x} not in parse output"
                );
            }
        }
    }
    let problems = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["topic"] == "problems")
        .unwrap();
    assert!(
        !problems["a"].as_array().unwrap().is_empty()
            && !problems["b"].as_array().unwrap().is_empty()
    );
}

#[test]
fn rank_orders_reports_and_rejects_unknown_keys() {
    let out = baogao(&[
        "rank",
        "legal_aid.cases",
        "--format",
        "csv",
        "assets/reports",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let values: Vec<f64> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap().parse().unwrap())
        .collect();
    assert!(
        values.len() >= 4 && values.windows(2).all(|w| w[0] >= w[1]),
        "{text}"
    );
    assert_eq!(
        baogao(&["rank", "no.such_key", "assets/reports"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_user_taxonomy_adds_keys_and_a_broken_one_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let tax = dir.path().join("tax.toml");
    std::fs::write(&tax, "[[indicators]]\nkey = \"mine.meetings\"\nlabel = \"警示教育大会\"\nunits = [\"场\"]\nname = [\"警示教育大会\"]\n").unwrap();
    let out = baogao(&[
        "parse",
        "--json",
        "--taxonomy",
        tax.to_str().unwrap(),
        "assets/reports/xialu-2021.txt",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["canonical"] == "mine.meetings"));
    std::fs::write(&tax, "[[indicators]\nbroken").unwrap();
    let out = baogao(&[
        "parse",
        "--taxonomy",
        tax.to_str().unwrap(),
        "assets/reports/xialu-2021.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tax.toml"));
}
