//! The command line: JSON keys, text output and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::path::PathBuf;
use std::process::{Command, Output};

fn opmt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opmt"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn keys(v: &serde_json::Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

const CURRENT: &str = "models/current-paper.ron";
const PROPOSED: &str = "models/best-practice-ers.ron";

#[test]
fn report_json_has_exactly_the_contract_keys() {
    let out = opmt(&["report", CURRENT, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "a clean model prints nothing on stderr"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        keys(&v),
        [
            "annual_cost",
            "annual_referrals",
            "by_role",
            "by_stage",
            "cost_per_referral",
            "elapsed_days",
            "name",
            "outcomes",
            "staff_minutes_per_referral",
            "visits"
        ]
    );
    assert_eq!(
        keys(&v["by_stage"]["Booking"]),
        ["cost", "elapsed_days", "staff_minutes"]
    );
    assert_eq!(
        keys(&v["by_role"]["band3"]),
        ["annual_hours", "cost", "staff_minutes", "wte"]
    );
    assert!(
        v["visits"]["gp_letter"].as_f64().unwrap() > 1.0,
        "returned referrals come back to the GP"
    );
    let outcomes: f64 = v["outcomes"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_f64().unwrap())
        .sum();
    assert!((outcomes - 1.0).abs() < 1e-9);
    // The same figures as the library computes.
    let p = opmt::bundled::CURRENT_PAPER.load().unwrap().pathway;
    let r = opmt::analyse(&p).unwrap();
    assert_eq!(
        v["cost_per_referral"].as_f64().unwrap(),
        r.cost_per_referral
    );
    assert_eq!(v["annual_cost"].as_f64().unwrap(), r.annual_cost);
}

#[test]
fn compare_json_has_the_contract_keys() {
    let out = opmt(&["compare", CURRENT, PROPOSED, "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        keys(&v),
        [
            "annual_saving",
            "by_stage",
            "current",
            "days_saved",
            "proposed",
            "saving_per_referral",
            "staff_minutes_saved_per_referral"
        ]
    );
    assert_eq!(
        keys(&v["by_stage"]["Referral"]),
        ["cost_saving", "days_saved", "staff_minutes_saved"]
    );
    assert_eq!(
        v["proposed"]["annual_referrals"],
        v["current"]["annual_referrals"]
    );
    let saving = v["saving_per_referral"].as_f64().unwrap();
    let diff = v["current"]["cost_per_referral"].as_f64().unwrap()
        - v["proposed"]["cost_per_referral"].as_f64().unwrap();
    assert!((saving - diff).abs() < 1e-12);
}

#[test]
fn text_report_is_a_readable_table() {
    let out = opmt(&["report", CURRENT]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Typical current paper process"));
    assert!(text.contains("12,000 referrals a year"));
    assert!(text.contains("By stage") && text.contains("By role") && text.contains("Outcome"));
    let out = opmt(&["compare", CURRENT, PROPOSED]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Saving by stage") && text.contains("Released by role"),
        "{text}"
    );
}

#[test]
fn validate_reports_positions_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(\n    format: 1,\n    name: \"x\",\n    annual_referrals: 10.0,\n    steps: [\n        (id: \"a\", name: \"A\", stage: Booking, role: \"nobody\"),\n    ],\n)\n").unwrap();
    let bad_str = bad.to_str().unwrap();
    let out = opmt(&["validate", CURRENT, bad_str]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{bad_str}:6:9: error: step \"a\": unknown role \"nobody\""
        )),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("current-paper.ron: ok"), "{stdout}");

    let syntax = dir.path().join("syntax.ron");
    std::fs::write(
        &syntax,
        "(\n  format: 1,\n  name: \"x\"\n  annual_referrals: 1.0,\n)",
    )
    .unwrap();
    let out = opmt(&["report", syntax.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("{}:4:", syntax.display())),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn warnings_go_to_stderr_and_the_report_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("warn.ron");
    let text =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CURRENT)).unwrap();
    let text = text.replacen(
        "    ],\n)",
        "        (id: \"orphan\", name: \"Orphan\", stage: Other),\n    ],\n)",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let out = opmt(&["report", path.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: step \"orphan\" is unreachable"),
        "{stderr}"
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap();
}

#[test]
fn bad_usage_exits_2_and_missing_files_exit_1() {
    assert_eq!(opmt(&["report"]).status.code(), Some(2));
    assert_eq!(opmt(&["compare", CURRENT]).status.code(), Some(2));
    assert_eq!(opmt(&["report", CURRENT, "--xml"]).status.code(), Some(2));
    assert_eq!(opmt(&["validate"]).status.code(), Some(2));
    let out = opmt(&["report", "no-such-file.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("no-such-file.ron: error: cannot read")
    );
}
