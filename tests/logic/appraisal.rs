//! The appraisal from end to end: a hand-worked option through `opmt appraise`, and
//! the workbook's live NPV formula recalculated by LibreOffice against it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CURRENT: &str = "tests/fixtures/appraisal-current.ron";
const OPTION: &str = "tests/fixtures/appraisal-option.ron";

fn opmt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opmt"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn appraise_json() -> serde_json::Value {
    let out = opmt(&["appraise", CURRENT, OPTION, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn close(a: f64, b: f64, tolerance: f64) {
    assert!((a - b).abs() <= tolerance, "{a} is not {b}");
}

#[test]
fn a_hand_worked_appraisal_through_the_command_line() {
    let v = appraise_json();
    // The saving a year: 20 clerk minutes at £30 an hour on 1,000 referrals is
    // £10,000 (£6,666.67 at the £20 direct rate, £3,333.33 of overheads), and £1,000
    // of post is cash.
    let classes = &v["classes"];
    close(
        classes["cash_releasing_annual"].as_f64().unwrap(),
        1_000.0,
        1e-6,
    );
    close(
        classes["staff_time_annual"].as_f64().unwrap(),
        6666.6667,
        1e-4,
    );
    close(
        classes["capacity_annual"].as_f64().unwrap(),
        3333.3333,
        1e-4,
    );
    // Year 0: £5,000 x 1.2 = £6,000. Year 1: half of £11,000 less the licence at its
    // likely £500 x 1.2 = £600: £4,900, / 1.035 = £4,734.30. Years 2-5: £10,400 each,
    // / 1.035^t.
    let years = v["years"].as_array().unwrap();
    assert_eq!(years.len(), 6);
    close(years[0]["costs"].as_f64().unwrap(), 6_000.0, 1e-9);
    close(years[1]["net"].as_f64().unwrap(), 4_900.0, 1e-9);
    close(years[1]["cash_benefit"].as_f64().unwrap(), 500.0, 1e-9);
    close(
        years[1]["non_cash_benefit"].as_f64().unwrap(),
        5_000.0,
        1e-9,
    );
    close(
        years[2]["cumulative_discounted"].as_f64().unwrap(),
        8442.8108,
        1e-4,
    );
    // NPV -£6,000 + £4,734.30 + £9,708.51 + £9,380.20 + £9,063.00 + £8,756.52.
    close(v["npv"].as_f64().unwrap(), 35642.5350, 1e-4);
    close(v["npv_cash"].as_f64().unwrap(), -4677.0708, 1e-4);
    assert_eq!(v["payback_year"], 2);
    close(v["benefit_cost_ratio"].as_f64().unwrap(), 5.092_594_6, 1e-6);
    // The licence's range spreads the NPV; the operating saving has no range.
    let u = &v["uncertainty"];
    assert_eq!(u["inputs"], 1);
    let npv = &u["npv"];
    assert!(npv["p5"].as_f64().unwrap() < 35_642.0 && npv["p95"].as_f64().unwrap() < 36_500.0);
    close(
        u["saving_per_referral"]["p5"].as_f64().unwrap(),
        u["saving_per_referral"]["p95"].as_f64().unwrap(),
        1e-9,
    );
}

#[test]
fn an_option_without_an_investment_pays_back_at_once() {
    let out = opmt(&[
        "appraise",
        "models/current-ers-as-implemented.ron",
        "models/best-practice-ers.ron",
        "models/best-practice-ers-ras.ron",
        "--json",
        "--draws",
        "500",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let options = v["options"].as_array().unwrap();
    assert_eq!(options.len(), 2);
    for o in options {
        assert_eq!(o["uncertainty"]["draws"], 500);
        let classes = &o["classes"];
        let total = classes["economic_value_annual"].as_f64().unwrap();
        let parts: f64 = [
            "cash_releasing_annual",
            "staff_time_annual",
            "capacity_annual",
        ]
        .iter()
        .map(|k| classes[k].as_f64().unwrap())
        .sum();
        close(parts, total, 1e-6);
        if o["has_investment"] == false {
            assert_eq!(o["payback_year"], 0);
            assert!(o["benefit_cost_ratio"].is_null());
        }
    }
}

#[test]
fn a_broken_investment_is_named_with_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(OPTION))
        .unwrap()
        .replace("discount_rate: 0.035", "discount_rate: 3.5");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, text).unwrap();
    let out = opmt(&["appraise", CURRENT, bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("discount_rate is 3.5"), "{err}");
    assert!(err.contains("0.035 for the Green Book"), "{err}");
}

/// LibreOffice's `soffice`, when this machine has it (the test command installs it).
fn soffice() -> Option<PathBuf> {
    let found = Command::new("soffice").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("soffice"))
}

/// A LibreOffice profile that works every formula out on opening an .xlsx (its
/// default is to show the stored values).
fn recalculating_profile(dir: &Path) -> PathBuf {
    let profile = dir.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    profile
}

#[test]
fn the_workbook_npv_formula_recalculated_by_libreoffice_equals_appraise() {
    let Some(soffice) = soffice() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have LibreOffice: the test command installs libreoffice-calc-nogui"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed here");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let load = |p: &str| opmt::load_path(&root.join(p)).unwrap().pathway;
    let (current, option) = (load(CURRENT), load(OPTION));
    let (costed, comparison) = opmt::compare::costed_comparison(&current, &option).unwrap();
    let case = opmt::business::BusinessCase::new(&costed, &comparison);
    let ranges = opmt::business::ranges(&costed, &comparison, 200);
    // The workbook stores opmt's values beside its formulas. Store wrong ones (an
    // appraisal with nothing invested), so that only formulas worked out afresh can
    // give the right figures.
    let mut stale = case.clone();
    stale.appraisal = opmt::appraisal::appraise(&case.classes, &opmt::model::Investment::default());
    assert!((stale.appraisal.npv - case.appraisal.npv).abs() > 1_000.0);
    let bytes = opmt::export::workbook_bytes(&opmt::export::WorkbookInfo {
        comparison: &comparison,
        pathways: [&current, &option],
        simulation: None,
        options: &[],
        unix_seconds: 0,
        case: Some(&stale),
        ranges: Some(&ranges),
        capacity: [None, None],
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("appraisal.xlsx");
    std::fs::write(&book, bytes).unwrap();
    let recalculated = dir.path().join("out");
    let profile = recalculating_profile(dir.path());
    let run = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&recalculated)
        .arg(&book)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(recalculated.join("appraisal.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Appraisal").unwrap();
    let row = opmt::export::appraisal_sheet::npv_row(5);
    let label = sheet.get_value((row, 0)).unwrap();
    assert!(
        label.to_string().starts_with("Net present value"),
        "{label:?}"
    );
    let number = |r: u32| match sheet.get_value((r, 1)) {
        Some(Data::Float(v)) => *v,
        other => panic!("row {r} holds {other:?}"),
    };
    let expected = appraise_json();
    let (npv, npv_cash) = (number(row), number(row + 1));
    let want = expected["npv"].as_f64().unwrap();
    assert!(
        (npv - want).abs() < 0.005,
        "workbook {npv} against appraise {want}"
    );
    assert!((npv_cash - expected["npv_cash"].as_f64().unwrap()).abs() < 0.005);
    assert!((number(row + 2) - expected["benefit_cost_ratio"].as_f64().unwrap()).abs() < 1e-9);
    assert_eq!(number(row + 3), 2.0, "discounted payback in year 2");
}
