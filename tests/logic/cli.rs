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
            "by_organisation",
            "by_role",
            "by_stage",
            "cash_annual",
            "cash_per_referral",
            "cost_per_referral",
            "elapsed_days",
            "name",
            "outcomes",
            "staff_cost_annual",
            "staff_cost_capacity_per_referral",
            "staff_cost_direct_per_referral",
            "staff_cost_per_referral",
            "staff_minutes_per_referral",
            "visits"
        ]
    );
    let split = [
        "cash",
        "staff_cost",
        "staff_cost_capacity",
        "staff_cost_direct",
    ];
    let with_split = |extra: &[&str]| {
        let mut k: Vec<String> = extra.iter().chain(&split).map(|s| s.to_string()).collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&v["by_stage"]["Booking"]),
        with_split(&["cost", "elapsed_days", "staff_minutes"])
    );
    assert_eq!(
        keys(&v["by_role"]["band3"]),
        with_split(&[
            "annual_hours",
            "cost",
            "cost_basis",
            "organisation",
            "staff_minutes",
            "wte"
        ])
    );
    assert_eq!(v["by_role"]["band3"]["organisation"], "Provider");
    assert_eq!(v["by_role"]["gp"]["organisation"], "Practice");
    assert_eq!(
        keys(&v["by_organisation"]),
        ["Other", "Practice", "Provider"]
    );
    assert_eq!(
        keys(&v["by_organisation"]["Practice"]),
        with_split(&["staff_minutes", "wte"])
    );
    // Cash and staff cost add up to the cost, per referral and a year.
    let f = |key: &str| v[key].as_f64().unwrap();
    assert!(
        (f("cash_per_referral") + f("staff_cost_per_referral") - f("cost_per_referral")).abs()
            < 1e-9
    );
    assert!((f("cash_annual") + f("staff_cost_annual") - f("annual_cost")).abs() < 1e-6);
    assert!(
        (f("staff_cost_direct_per_referral") + f("staff_cost_capacity_per_referral")
            - f("staff_cost_per_referral"))
        .abs()
            < 1e-9
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
            "capacity",
            "capacity_saving_annual",
            "capacity_saving_per_referral",
            "cash_saving_annual",
            "cash_saving_per_referral",
            "classes",
            "clinical_left_out_per_referral",
            "current",
            "days_saved",
            "proposed",
            "rate_card",
            "saving_by_organisation",
            "saving_per_referral",
            "staff_cost_direct_saving_annual",
            "staff_cost_direct_saving_per_referral",
            "staff_cost_saving_annual",
            "staff_cost_saving_per_referral",
            "staff_minutes_saved_per_referral",
            "uncertainty",
            "warnings",
            "wte_released"
        ]
    );
    assert_eq!(
        keys(&v["classes"]),
        [
            "against_total",
            "capacity_annual",
            "cash_releasing_annual",
            "economic_value_annual",
            "posts_removed_annual",
            "staff_time_annual",
            "wte_released"
        ]
    );
    // The classes add up to the saving, whose key keeps its meaning.
    let classes = &v["classes"];
    let parts: f64 = [
        "cash_releasing_annual",
        "staff_time_annual",
        "capacity_annual",
    ]
    .iter()
    .map(|k| classes[k].as_f64().unwrap())
    .sum();
    assert!((parts - v["annual_saving"].as_f64().unwrap()).abs() < 1e-6);
    assert_eq!(classes["cash_releasing_annual"], v["cash_saving_annual"]);
    assert_eq!(
        keys(&v["uncertainty"]),
        [
            "annual_saving",
            "cash_annual",
            "draws",
            "inputs",
            "npv",
            "npv_cash",
            "probability_cash",
            "probability_saves",
            "saving_per_referral",
            "tornado"
        ]
    );
    let spread = &v["uncertainty"]["saving_per_referral"];
    let (p5, p95) = (
        spread["p5"].as_f64().unwrap(),
        spread["p95"].as_f64().unwrap(),
    );
    let point = v["saving_per_referral"].as_f64().unwrap();
    assert!(p5 < point && point < p95, "{p5} {point} {p95}");
    assert_eq!(
        keys(&v["by_stage"]["Referral"]),
        [
            "capacity_saving",
            "cash_saving",
            "cost_saving",
            "days_saved",
            "staff_cost_direct_saving",
            "staff_cost_saving",
            "staff_minutes_saved"
        ]
    );
    assert_eq!(
        keys(&v["saving_by_organisation"]["Provider"]),
        [
            "capacity_saving_annual",
            "capacity_saving_per_referral",
            "cash_saving_annual",
            "cash_saving_per_referral",
            "saving_annual",
            "saving_per_referral",
            "staff_cost_direct_saving_annual",
            "staff_cost_direct_saving_per_referral",
            "staff_cost_saving_annual",
            "staff_cost_saving_per_referral",
            "wte_released"
        ]
    );
    // The three lines add up to the saving, and the organisations to the lines.
    let f = |key: &str| v[key].as_f64().unwrap();
    let lines = f("cash_saving_annual")
        + f("staff_cost_direct_saving_annual")
        + f("capacity_saving_annual");
    assert!((lines - f("annual_saving")).abs() < 1e-6);
    let by_org: f64 = ["Practice", "Provider", "Other"]
        .iter()
        .map(|o| {
            v["saving_by_organisation"][o]["saving_annual"]
                .as_f64()
                .unwrap()
        })
        .sum();
    assert!((by_org - f("annual_saving")).abs() < 1e-6);
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
    for line in [
        "  cash (consumables)",
        "  staff, direct rates",
        "  capacity",
        "Saving a year",
        "Practice",
        "Provider",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
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
            "{bad_str}:6:9: error: step \"A\": unknown role \"nobody\""
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
    // A step no link reaches, added at the end of the steps.
    let mut text = text;
    let end_of_steps = text.rfind("\n    ],\n").unwrap();
    text.insert_str(
        end_of_steps,
        "\n        (id: \"orphan\", name: \"Orphan\", stage: Other),",
    );
    std::fs::write(&path, text).unwrap();
    let out = opmt(&["report", path.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: step \"Orphan\" is unreachable"),
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

#[test]
fn simulate_json_has_the_contract_keys_and_seeds_reproduce() {
    let run = |threads: &str| {
        let out = opmt(&[
            "simulate",
            CURRENT,
            "--referrals",
            "50000",
            "--seed",
            "9",
            "--threads",
            threads,
            "--target-days",
            "90",
            "--json",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let v = run("1");
    assert_eq!(
        keys(&v),
        [
            "cost_per_referral",
            "elapsed_days",
            "first_appointment",
            "outcomes",
            "referrals",
            "seed",
            "staff_minutes_by_role",
            "within_126_days",
            "within_target_days"
        ]
    );
    assert_eq!(
        keys(&v["elapsed_days"]),
        ["mean", "p50", "p90", "p92", "p95"]
    );
    assert_eq!(
        keys(&v["cost_per_referral"]),
        ["mean", "p50", "p90", "p92", "p95"]
    );
    assert_eq!(v["referrals"], 50000);
    assert_eq!(v["seed"], 9);
    assert_eq!(
        keys(&v["first_appointment"]),
        [
            "mean_days",
            "measured",
            "target",
            "target_share",
            "within_126_days"
        ]
    );
    assert_eq!(v["first_appointment"]["target_share"], 0.72);
    // The wait from receipt is shorter than the whole journey, which starts earlier
    // and goes on after the appointment for some.
    assert!(
        v["first_appointment"]["mean_days"].as_f64().unwrap()
            < v["elapsed_days"]["mean"].as_f64().unwrap()
    );
    assert!(v["within_target_days"].as_f64().unwrap() < v["within_126_days"].as_f64().unwrap());
    // 5.5% discharged with advice at grading, 2.6% returned, some discharged after a DNA.
    assert!(v["outcomes"]["seen"].as_f64().unwrap() > 0.85);
    assert!(v["staff_minutes_by_role"]["band3"].as_f64().unwrap() > 20.0);
    assert_eq!(
        v,
        run("2"),
        "the same seed gives the same result with 1 or 2 threads"
    );
}

#[test]
fn simulate_defaults_to_the_annual_referrals_and_prints_a_table() {
    let out = opmt(&["simulate", PROPOSED]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("12,000 referrals simulated (seed 1)"),
        "{text}"
    );
    assert!(text.contains("Within 18 weeks (126 days):"), "{text}");
    // No referrals to simulate is bad usage, caught with the arguments.
    assert_eq!(
        opmt(&["simulate", CURRENT, "--referrals", "0"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        opmt(&["simulate", CURRENT, "--referrals", "many"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn sensitivity_json_is_a_sorted_list() {
    let out = opmt(&["sensitivity", CURRENT, "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert!(list.len() > 10);
    assert_eq!(
        keys(&list[0]),
        [
            "cost_high",
            "cost_low",
            "days_high",
            "days_low",
            "high",
            "low",
            "parameter",
            "step"
        ]
    );
    let swing = |x: &serde_json::Value| {
        (x["cost_high"].as_f64().unwrap() - x["cost_low"].as_f64().unwrap()).abs()
    };
    assert!(list.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
    // The DNA share swing moves a 30-minute consultant slot and the admin after it.
    assert_eq!(list[0]["step"], "clinic");
    assert_eq!(list[0]["parameter"], "share to dna");
    let out = opmt(&["sensitivity", CURRENT]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("share to dna")
    );
}

#[test]
fn export_writes_a_workbook_and_a_failed_write_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("benefits.xlsx");
    let out = opmt(&["export", CURRENT, PROPOSED, "-o", target.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&target).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an .xlsx is a zip file");

    let missing = dir.path().join("no-such-folder").join("benefits.xlsx");
    let out = opmt(&["export", CURRENT, PROPOSED, "-o", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("benefits.xlsx"), "{stderr}");
    assert!(!missing.exists());
}

#[test]
fn export_records_the_time_in_source_date_epoch_when_it_is_set() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let written = |name: &str| -> f64 {
        let target = dir.path().join(name);
        let out = Command::new(env!("CARGO_BIN_EXE_opmt"))
            .args(["export", CURRENT, PROPOSED, "-o", target.to_str().unwrap()])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            // 2 January 1970, 12:00: Excel counts that day as 25,570 (1 January 1970 is
            // 25,569), and noon is half a day.
            .env("SOURCE_DATE_EPOCH", "129600")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut book: Xlsx<_> = open_workbook(&target).unwrap();
        let summary = book.worksheet_range("Summary").unwrap();
        let row = summary
            .rows()
            .find(|r| r.first() == Some(&Data::String("Written".into())))
            .expect("a Written row");
        match &row[1] {
            Data::DateTime(d) => d.as_f64(),
            other => panic!("Written is not a date and time: {other:?}"),
        }
    };
    assert_eq!(written("a.xlsx"), 25_570.5);
    assert_eq!(
        written("b.xlsx"),
        25_570.5,
        "the same time in a second export"
    );
}

#[test]
fn import_writes_a_model_that_reports() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("imported.ron");
    let out = opmt(&[
        "import",
        "assets/steps-template.csv",
        "-o",
        model.to_str().unwrap(),
        "--into",
        CURRENT,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = opmt(&["report", model.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["visits"].as_object().unwrap().len(), 7);
    assert_eq!(v["annual_referrals"].as_f64().unwrap(), 12_000.0);
}

#[test]
fn import_lists_every_bad_cell_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("bad.csv");
    std::fs::write(
        &sheet,
        "Name,Stage,Role,Minutes\nBook,Bookng,Clerk,ten\n,Attendance,,\n",
    )
    .unwrap();
    let model = dir.path().join("out.ron");
    let out = opmt(&[
        "import",
        sheet.to_str().unwrap(),
        "-o",
        model.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let file = sheet.display().to_string();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "{file}:2:B: \"Bookng\" is not a stage: use Referral, Receipt, Triage, Booking, Communication, Attendance or Other"
            ),
            format!("{file}:2:D: \"ten\" is not a number of minutes"),
            format!("{file}:3:A: the step has no name"),
        ]
    );
    assert!(!model.exists());
}

#[test]
fn diff_lists_the_changes_and_exits_by_whether_the_files_differ() {
    let same = opmt(&["diff", CURRENT, CURRENT]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(String::from_utf8(same.stdout).unwrap(), "No differences.\n");

    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("edited.ron");
    let mut pathway = opmt::load_path(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(CURRENT))
        .unwrap()
        .pathway;
    pathway.roles[0].hourly_cost += 10.0;
    let role = pathway.roles[0].name.clone();
    opmt::save_path(&pathway, &edited).unwrap();
    let out = opmt(&["diff", CURRENT, edited.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["kind"], "role_field");
    assert_eq!(list[0]["field"], "hourly cost");
    assert_eq!(list[0]["subject"], role.as_str());
    assert!(list[0]["cost_effect"].as_f64().unwrap() > 0.0);

    let text = opmt(&["diff", CURRENT, edited.to_str().unwrap()]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with(&format!("{role}: hourly cost ")), "{text}");

    let missing = opmt(&["diff", CURRENT, "no-such-file.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    let usage = opmt(&["diff", CURRENT]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn compare_with_several_options_prints_a_column_each_and_a_json_list() {
    let options = [
        "models/best-practice-ers.ron",
        "models/current-ers-as-implemented.ron",
    ];
    let out = opmt(&["compare", CURRENT, options[0], options[1]]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("option 1") && text.contains("option 2"),
        "{text}"
    );
    assert!(text.contains("Economic value a year"), "{text}");
    assert!(text.contains("Cash-releasing a year"), "{text}");
    assert!(text.contains('*'), "the best option is marked: {text}");

    let out = opmt(&["compare", CURRENT, options[0], options[1], "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = v["options"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    // Each is the same object `compare` gives for that option alone.
    for (item, option) in list.iter().zip(options) {
        let single = opmt(&["compare", CURRENT, option, "--json"]);
        let single: serde_json::Value = serde_json::from_slice(&single.stdout).unwrap();
        assert_eq!(item, &single);
    }
}

const USER_PATHWAY: &str = "tests/fixtures/msk-user-pathway.ron";

#[test]
fn best_practice_applied_to_a_users_pathway_is_like_for_like_and_adds_up_by_measure() {
    let dir = tempfile::tempdir().unwrap();
    let option = dir.path().join("msk-best-practice.ron");
    let out = opmt(&[
        "best-practice",
        USER_PATHWAY,
        "-o",
        option.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["option"], "MSK referrals with best practice");
    let measures = v["measures"].as_array().unwrap();
    assert_eq!(measures.len(), 6);
    let by_measure: i64 = measures
        .iter()
        .map(|m| m["saving_per_referral_pence"].as_i64().unwrap())
        .sum();
    let total = v["saving_per_referral_pence"].as_i64().unwrap();
    assert_eq!(by_measure, total);
    let before = v["cost_per_referral_before"].as_f64().unwrap();
    let after = v["cost_per_referral_after"].as_f64().unwrap();
    assert_eq!(
        total,
        (before * 100.0).round() as i64 - (after * 100.0).round() as i64
    );
    assert!(
        total > 0,
        "best practice should save on a paper MSK pathway: {total}p"
    );
    // How sure: each sourced effect at either end of its range, the widest first,
    // each bracketing the saving with every effect at its likely value.
    let saving = before - after;
    let swings = v["effect_swings"].as_array().unwrap();
    assert!(swings.len() >= 10, "{}", swings.len());
    let width = |s: &serde_json::Value| {
        (s["saving_per_referral_at_high"].as_f64().unwrap()
            - s["saving_per_referral_at_low"].as_f64().unwrap())
        .abs()
    };
    assert!(swings.windows(2).all(|w| width(&w[0]) >= width(&w[1])));
    for s in swings {
        let (a, b) = (
            s["saving_per_referral_at_low"].as_f64().unwrap(),
            s["saving_per_referral_at_high"].as_f64().unwrap(),
        );
        assert!(
            a.min(b) <= saving + 1e-9 && saving <= a.max(b) + 1e-9,
            "{s}"
        );
    }

    // The option keeps the user's roles, rates, referrals and clinical steps.
    let user = opmt::load_path(std::path::Path::new(USER_PATHWAY))
        .unwrap()
        .pathway;
    let made = opmt::load_path(&option).unwrap().pathway;
    assert_eq!(made.roles, user.roles);
    assert_eq!(made.annual_referrals, user.annual_referrals);
    for id in ["physio_appt", "surgeon_appt", "physio_dna", "surgeon_dna"] {
        let a = &user.steps[user.step_index(id).unwrap()];
        let b = &made.steps[made.step_index(id).unwrap()];
        assert_eq!(
            (&a.role, a.touch_minutes, a.wait_days),
            (&b.role, b.touch_minutes, b.wait_days),
            "{id}"
        );
    }

    // Compared with it, there is nothing that is not like for like ...
    let out = opmt(&["compare", USER_PATHWAY, option.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["warnings"], serde_json::json!([]), "{}", v["warnings"]);
    // ... while against the bundled model, clinical time and roles are flagged with
    // the money at stake.
    let out = opmt(&["compare", USER_PATHWAY, PROPOSED, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = v["warnings"].as_array().unwrap();
    let at_stake = |kind: &str| {
        warnings
            .iter()
            .filter(|w| w["kind"] == kind)
            .map(|w| w["at_stake_per_year"].as_f64().unwrap())
            .collect::<Vec<_>>()
    };
    let clinical = at_stake("clinical_time");
    assert_eq!(clinical.len(), 1);
    // Physio 45 min at £55/h and consultant 20 min at £150/h, on their visits, at
    // 6,000 referrals a year: about £245k.
    assert!((clinical[0] - 245_394.0).abs() < 1.0, "{}", clinical[0]);
    assert!(at_stake("unmatched_role").len() >= 5);
}

#[test]
fn measures_lists_the_library_and_best_practice_refuses_bad_settings() {
    let out = opmt(&["measures", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "ers-referral",
            "direct-booking",
            "worklist-triage",
            "advice-and-guidance",
            "digital-letters",
            "sms-reminders"
        ]
    );
    assert!(v.as_array().unwrap().iter().all(|m| {
        m["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| !p["source"].as_str().unwrap().is_empty())
    }));
    let dir = tempfile::tempdir().unwrap();
    let option = dir.path().join("o.ron");
    let o = option.to_str().unwrap();
    for bad in [
        vec!["--measure", "nope"],
        vec!["--set", "direct-booking.share=1.5"],
        vec!["--set", "direct-booking.nope=1"],
        vec!["--set", "sms-reminders"],
    ] {
        let mut args = vec!["best-practice", CURRENT, "-o", o];
        args.extend(bad.iter().copied());
        let out = opmt(&args);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("error"),
            "{bad:?}"
        );
        assert!(!option.exists(), "{bad:?} wrote a file");
    }
    // One measure with an effect set: only it is applied.
    let out = opmt(&[
        "best-practice",
        CURRENT,
        "-o",
        o,
        "--measure",
        "direct-booking",
        "--set",
        "direct-booking.share=0.5",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Direct booking: saves"), "{text}");
    assert!(text.contains("50% of first bookings"), "{text}");
    assert!(!text.contains("Two-way SMS"), "{text}");
}

#[test]
fn compare_json_shows_the_rate_card() {
    let out = opmt(&["compare", CURRENT, PROPOSED, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let card = v["rate_card"].as_array().unwrap();
    // Every role of the bundled best-practice model, each as costed.
    let gp = card.iter().find(|m| m["role"] == "GP").unwrap();
    assert_eq!(gp["matched"], "id");
    assert_eq!(gp["hourly_cost"], gp["own_hourly_cost"]);
    let practice_admin = card
        .iter()
        .find(|m| m["role"].as_str().unwrap().starts_with("Practice admin"))
        .unwrap();
    assert_eq!(practice_admin["matched"], "unmapped");
    assert_eq!(practice_admin["costed_as"], serde_json::Value::Null);
    assert_eq!(v["clinical_left_out_per_referral"]["current"], 0.0);
}

/// The bundled best-practice model with a capacity section (slots are sought at
/// direct booking; none free goes to the slot-issue worklist), edited by `edit`,
/// written to `dir`.
fn capacity_model(
    dir: &std::path::Path,
    name: &str,
    edit: impl FnOnce(&mut opmt::model::Capacity),
) -> PathBuf {
    let mut pathway = opmt::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
    let mut section = opmt::model::Capacity::new("book_direct", "slot_issue", 230.0, 1000.0, 6.0);
    edit(&mut section);
    pathway.capacity = Some(section);
    let path = dir.join(name);
    opmt::save_path(&pathway, &path).unwrap();
    path
}

/// The bundled best-practice model without its capacity section, as a file in `dir`.
fn plain_best_practice(dir: &std::path::Path) -> PathBuf {
    let mut pathway = opmt::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
    pathway.capacity = None;
    let path = dir.join("plain.ron");
    opmt::save_path(&pathway, &path).unwrap();
    path
}

fn json_of(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn capacity_json_has_the_contract_keys_and_seeds_reproduce() {
    let dir = tempfile::tempdir().unwrap();
    let model = capacity_model(dir.path(), "capacity.ron", |_| {});
    let file = model.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["capacity", file, "--json"];
        args.extend(extra);
        json_of(&opmt(&args))
    };
    let v = run(&["--seed", "5"]);
    assert_eq!(
        keys(&v),
        [
            "asi_share",
            "books_at",
            "demand_per_week",
            "load",
            "mean_wait_days",
            "mean_wait_weeks",
            "relief_capacity_per_week",
            "relief_weeks",
            "runs",
            "section",
            "seed",
            "slot_issue",
            "slot_issue_cost_per_year",
            "slot_issues_per_year",
            "slots_per_week",
            "stochastic",
            "target_capacity_per_week",
            "target_queue_size",
            "target_weeks",
            "waiting_list_pressure",
            "waits_at",
            "weeks"
        ]
    );
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 52);
    assert_eq!(
        keys(&weeks[0]),
        [
            "asi_share",
            "wait_weeks",
            "waiting_list",
            "waiting_list_p10",
            "waiting_list_p50",
            "waiting_list_p90",
            "week"
        ]
    );
    // Week 1 starts with the section's waiting list in every run.
    assert_eq!(weeks[0]["week"], 1);
    for key in ["waiting_list", "waiting_list_p10", "waiting_list_p90"] {
        assert_eq!(weeks[0][key], 1000.0, "{key}");
    }
    assert_eq!(v["seed"], 5);
    assert_eq!(v["runs"], 10_000);
    assert_eq!(v["stochastic"], true);
    assert_eq!(v["section"], "own");
    // The same figures as the library works out.
    let pathway = opmt::load_path(&model).unwrap().pathway;
    let options = opmt::capacity::Options {
        seed: 5,
        ..Default::default()
    };
    let made = opmt::capacity::make(&pathway, &options).unwrap();
    assert_eq!(v["asi_share"].as_f64().unwrap(), made.figures.asi_share);
    assert_eq!(
        v["demand_per_week"].as_f64().unwrap(),
        made.figures.demand_per_week
    );
    let f = |key: &str| v[key].as_f64().unwrap();
    assert_eq!(f("load"), f("demand_per_week") / 230.0);
    // Demand: 12,000 a year × the visits to direct booking / 52.
    let visits =
        opmt::analyse(&pathway).unwrap().steps[pathway.step_index("book_direct").unwrap()].visits;
    assert!((f("demand_per_week") - 12_000.0 * visits / 52.0).abs() < 1e-9);
    // Seeds reproduce; another seed differs; --weeks sets the length.
    assert_eq!(run(&["--seed", "5"]), v);
    assert_ne!(run(&["--seed", "6"])["weeks"], v["weeks"]);
    assert_eq!(
        run(&["--weeks", "10"])["weeks"].as_array().unwrap().len(),
        10
    );
    // With no variability: one run, no seed, no percentiles.
    let steady = capacity_model(dir.path(), "steady.ron", |c| {
        c.cv_demand = 0.0;
        c.cv_capacity = 0.0;
    });
    let v = json_of(&opmt(&["capacity", steady.to_str().unwrap(), "--json"]));
    assert_eq!(v["runs"], 1);
    assert_eq!(v["seed"], serde_json::Value::Null);
    assert_eq!(v["stochastic"], false);
    assert_eq!(
        keys(&v["weeks"][0]),
        ["asi_share", "wait_weeks", "waiting_list", "week"]
    );
}

#[test]
fn simulate_sensitivity_and_export_follow_capacity() {
    let dir = tempfile::tempdir().unwrap();
    // About 140 a week seek a slot against 145 published 10 weeks ahead: the 1,000
    // waiting make a wait of about 7 weeks at booking, not the 2 days typed there.
    let model = capacity_model(dir.path(), "capacity.ron", |c| {
        c.slots_per_week = 145.0;
        c.horizon_weeks = 10.0;
    });
    let file = model.to_str().unwrap();
    let plain_file = plain_best_practice(dir.path());
    let plain_file = plain_file.to_str().unwrap();
    let simulate = |f: &str| json_of(&opmt(&["simulate", f, "--referrals", "40000", "--json"]));
    let (made, plain) = (simulate(file), simulate(plain_file));
    let report = json_of(&opmt(&["report", file, "--json"]));
    // The days simulated are those of the pathway as capacity makes it (its wait for
    // a slot at booking), within 2% of the report's, not the file's as written.
    let days = made["elapsed_days"]["mean"].as_f64().unwrap();
    let expected = report["elapsed_days"].as_f64().unwrap();
    assert!(
        (days - expected).abs() < 0.02 * expected,
        "{days} {expected}"
    );
    assert!((plain["elapsed_days"]["mean"].as_f64().unwrap() - expected).abs() > 0.05 * expected);
    let sensitivity = |f: &str| json_of(&opmt(&["sensitivity", f, "--json"]));
    assert_ne!(sensitivity(file), sensitivity(plain_file));
    let out = dir.path().join("capacity.xlsx");
    let written = opmt(&["export", CURRENT, file, "--output", out.to_str().unwrap()]);
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    assert!(out.exists());
}

#[test]
fn report_and_compare_gain_capacity_when_the_section_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let model = capacity_model(dir.path(), "capacity.ron", |c| c.slots_per_week = 215.0);
    let file = model.to_str().unwrap();
    let plain_file = plain_best_practice(dir.path());
    let plain_file = plain_file.to_str().unwrap();
    let capacity = json_of(&opmt(&["capacity", file, "--json"]));
    let report = json_of(&opmt(&["report", file, "--json"]));
    let plain = json_of(&opmt(&["report", plain_file, "--json"]));
    let mut with = keys(&plain);
    with.push("capacity".into());
    with.sort();
    assert_eq!(keys(&report), with, "the keys as before, and capacity");
    assert_eq!(report["capacity"], capacity);
    // The report follows capacity: the slot-issue share is the projection's.
    let visits = &report["visits"];
    let to_issue = visits["slot_issue"].as_f64().unwrap() / visits["book_direct"].as_f64().unwrap();
    assert!(
        (to_issue - capacity["asi_share"].as_f64().unwrap()).abs() < 1e-12,
        "{to_issue}"
    );
    assert_ne!(report["cost_per_referral"], plain["cost_per_referral"]);

    // Compared with the paper process (no section): the proposal's own section.
    let compared = json_of(&opmt(&["compare", CURRENT, file, "--json"]));
    let before = json_of(&opmt(&["compare", CURRENT, plain_file, "--json"]));
    let mut with = keys(&before);
    with.push("capacity".into());
    with.sort();
    assert_eq!(keys(&compared), with);
    assert_eq!(keys(&compared["capacity"]), ["current", "proposed"]);
    assert_eq!(compared["capacity"]["current"], serde_json::Value::Null);
    assert_eq!(compared["capacity"]["proposed"], capacity);
    assert_eq!(compared["proposed"]["visits"], report["visits"]);
    assert!(
        before.get("capacity").is_none(),
        "no section, no capacity key"
    );
    // The other way round, the paper process has no step the section names, so it
    // cannot borrow it: the command says so and exits 1.
    let out = opmt(&["compare", file, CURRENT]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("give the proposal its own capacity section"),
        "{stderr}"
    );
}

#[test]
fn capacity_text_is_readable_and_bad_sections_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = capacity_model(dir.path(), "capacity.ron", |_| {});
    let file = model.to_str().unwrap();
    let out = opmt(&["capacity", file, "--weeks", "12"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "Best-practice e-Referral Service: will there be a slot?",
        "A slot is sought at \"Patient books: in the consultation, by phone or in the NHS App\"",
        "Demand for slots",
        "Load",
        "Slots needed for the target",
        "Relief capacity",
        "Appointment slot issues",
        "Projected over 12 weeks, 10,000 runs (seed 1)",
        "Week   Waiting list",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    let rows = text
        .lines()
        .filter(|l| {
            l.trim_start()
                .split(' ')
                .next()
                .is_some_and(|w| w.parse::<u32>().is_ok())
        })
        .count();
    assert_eq!(rows, 12, "{text}");
    let out = opmt(&["report", file]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Capacity (the figures above follow it)"),
        "{text}"
    );

    // No section: exit 1 saying what to add; bad weeks: bad usage.
    let out = opmt(&["capacity", CURRENT]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("has no capacity section; add capacity: ("),
        "{stderr}"
    );
    for weeks in ["0", "521", "many"] {
        assert_eq!(
            opmt(&["capacity", file, "--weeks", weeks]).status.code(),
            Some(2),
            "{weeks}"
        );
    }
    // A bad figure or a missing step is an error that names the field.
    let bad = capacity_model(dir.path(), "bad.ron", |c| {
        c.slots_per_week = 0.0;
        c.books_at = "nowhere".into();
    });
    let out = opmt(&["validate", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "error: capacity: slots_per_week is 0; it must be the first-appointment slots published a week"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("capacity: books_at names the step \"nowhere\", which does not exist"),
        "{stderr}"
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    // `opmt compare ... | head`: the pipe is closed before opmt writes to it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_opmt"))
        .args(["compare", CURRENT, PROPOSED])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?} {stderr}", out.status);
}

#[test]
fn best_practice_at_points_a_measure_at_the_steps_named() {
    let dir = tempfile::tempdir().unwrap();
    let option = dir.path().join("o.ron");
    let o = option.to_str().unwrap();
    let run = |at: &str| {
        opmt(&[
            "best-practice",
            USER_PATHWAY,
            "-o",
            o,
            "--measure",
            "digital-letters",
            "--at",
            at,
        ])
    };
    // The consultant's letter alone: 60% read digitally, 92p to 40p.
    let out = run("digital-letters=surgeon_letter");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("surgeon_letter: 60% read digitally"),
        "{text}"
    );
    assert!(!text.contains("physio_letter"), "{text}");
    let made = opmt::load_path(&option).unwrap().pathway;
    let cost = |id: &str| made.steps[made.step_index(id).unwrap()].unit_cost.likely;
    assert_eq!(cost("physio_letter"), 0.92);
    assert!((cost("surgeon_letter") - (0.92 * 0.4 + 0.6 * 0.05)).abs() < 1e-9);
    // Steps it can do nothing with: it says so.
    let out = run("digital-letters=gp_refers");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Digital letters: found nothing to change"),
        "{text}"
    );
    // A step the pathway does not have, or a measure not applied, is refused.
    assert_eq!(run("digital-letters=nowhere").status.code(), Some(1));
    assert_eq!(run("sms-reminders=clinic").status.code(), Some(2));
}
