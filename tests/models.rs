//! Fixture tests over every file in `models/`: each loads without warnings, reads
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic
//! back identically after writing, is embedded in the binary, and gives realistic
//! results for a trust with about 12,000 referrals a year.

use std::path::PathBuf;

use opmt::format::{load_path, load_str, to_ron_string};
use opmt::model::Stage;

fn model_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "models/ holds the bundled models");
    files
}

#[test]
fn every_model_loads_cleanly_and_round_trips() {
    for path in model_files() {
        let loaded = load_path(&path).unwrap_or_else(|e| panic!("{}", e.lines().join("\n")));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.warnings
        );
        let text = to_ron_string(&loaded.pathway);
        let again = load_str(&text).unwrap().pathway;
        assert_eq!(again, loaded.pathway, "{}", path.display());
        assert_eq!(to_ron_string(&again), text, "writing is stable");
    }
}

#[test]
fn every_role_and_working_step_has_a_source() {
    for path in model_files() {
        let p = load_path(&path).unwrap().pathway;
        for r in &p.roles {
            assert!(
                r.source.as_deref().is_some_and(|s| !s.is_empty()),
                "{}: role {}",
                path.display(),
                r.id
            );
        }
        for s in &p.steps {
            let has_figures = !s.touch_minutes.is_zero()
                || !s.wait_days.is_zero()
                || !s.unit_cost.is_zero()
                || s.next.len() > 1;
            if has_figures {
                assert!(
                    s.source.as_deref().is_some_and(|t| !t.is_empty()),
                    "{}: step {}",
                    path.display(),
                    s.id
                );
            }
        }
    }
}

#[test]
fn every_role_has_an_organisation_and_a_direct_rate() {
    for path in model_files() {
        let p = load_path(&path).unwrap().pathway;
        for r in &p.roles {
            let at = format!("{}: role {}", path.display(), r.id);
            assert!(r.organisation.is_some(), "{at}: organisation");
            let direct = r
                .direct_hourly_cost
                .unwrap_or_else(|| panic!("{at}: direct rate"));
            assert!(direct > 0.0 && direct < r.hourly_cost, "{at}: {direct}");
            assert!(
                r.cost_basis.as_deref().is_some_and(|b| !b.is_empty()),
                "{at}"
            );
            // The source says where the direct rate comes from too.
            assert!(
                r.source.as_deref().unwrap_or("").contains("on-costs"),
                "{at}"
            );
        }
    }
}

#[test]
fn bundled_models_match_the_files() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models");
    for model in opmt::bundled::ALL {
        let on_disk = std::fs::read_to_string(dir.join(model.file_name)).unwrap();
        assert_eq!(model.text, on_disk);
        model.load().unwrap();
    }
}

#[test]
fn bundled_pair_gives_realistic_savings() {
    let current = opmt::bundled::CURRENT_PAPER.load().unwrap().pathway;
    let proposed = opmt::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
    let c = opmt::compare(&current, &proposed).unwrap();
    // The three saving lines add up to the saving; post and print are cash.
    assert!((c.saving_split.total() - c.saving_per_referral).abs() < 1e-9);
    assert!(c.saving_split.cash > 0.5, "{:?}", c.saving_split);
    assert!(c.saving_split.staff_direct > 0.0 && c.saving_split.capacity > 0.0);
    assert_eq!(current.annual_referrals, 12_000.0);
    // A paper referral costs tens of pounds in staff time and post; e-RS saves a
    // substantial part of it (NAO 2014: about £50.5m a year nationally).
    assert!(
        (30.0..150.0).contains(&c.current.cost_per_referral),
        "{}",
        c.current.cost_per_referral
    );
    assert!(c.saving_per_referral > 5.0, "{}", c.saving_per_referral);
    assert!(c.proposed.cost_per_referral < c.current.cost_per_referral);
    assert!(c.days_saved > 5.0, "{}", c.days_saved);
    assert!(c.wte_released() > 0.5, "{}", c.wte_released());
    // The paper route's days before the provider has the referral are hidden from RTT.
    let hidden = c.current.stage(Stage::Referral).unwrap().elapsed_days;
    assert!(hidden > 5.0, "{hidden}");
    // e-RS: the same day, plus the 0-3 days the practice takes to attach the letter.
    assert!(c.proposed.stage(Stage::Referral).unwrap().elapsed_days < 2.0);
    for report in [&c.current, &c.proposed] {
        let ends: f64 = report.outcomes.iter().map(|o| o.probability).sum();
        assert!((ends - 1.0).abs() < 1e-9);
        assert!(
            (60.0..200.0).contains(&report.elapsed_days),
            "{}",
            report.elapsed_days
        );
    }
}

#[test]
fn default_current_process_is_the_ers_as_implemented() {
    let current = opmt::bundled::CURRENT_ERS_AS_IMPLEMENTED
        .load()
        .unwrap()
        .pathway;
    let proposed = opmt::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
    let c = opmt::compare(&current, &proposed).unwrap();
    // An e-RS referral with paper-like steps behind it costs less than paper, and
    // best practice still saves on it, less than against paper.
    let paper = opmt::bundled::CURRENT_PAPER.load().unwrap().pathway;
    let against_paper = opmt::compare(&paper, &proposed).unwrap();
    assert!(c.current.cost_per_referral < against_paper.current.cost_per_referral);
    assert!(c.saving_per_referral > 1.0, "{}", c.saving_per_referral);
    assert!(c.saving_per_referral < against_paper.saving_per_referral);
    assert!((c.saving_split.total() - c.saving_per_referral).abs() < 1e-9);
    // Both refer electronically, so the referral reaches the provider within days.
    assert!(c.current.stage(Stage::Referral).unwrap().elapsed_days < 5.0);
    assert!(current.steps.iter().any(|s| s.id == "print_referral"));
}
