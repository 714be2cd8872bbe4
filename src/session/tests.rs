use super::*;
use crate::edit::{PathwayField, StepField};
use crate::model::Estimate;

use crate::platform::test::{Inline, NoThreads as Broken};

fn bundled_session() -> Session {
    let load =
        |m: crate::bundled::BundledModel| Document::unsaved_original(m.load().unwrap().pathway);
    Session::new(
        load(crate::bundled::CURRENT_PAPER),
        load(crate::bundled::BEST_PRACTICE_ERS),
    )
}

#[test]
fn the_comparison_from_the_reports_equals_compare() {
    let mut s = bundled_session();
    // The proposal at another volume: the comparison judges it at the current one.
    s.apply(1, Edit::SetPathway(PathwayField::AnnualReferrals(5_000.0)))
        .unwrap();
    s.refresh();
    let expected = crate::compare(s.doc(0).pathway(), s.doc(1).pathway()).unwrap();
    assert_eq!(s.comparison(1), Some(&expected));
    assert_eq!(
        s.comparison(1).unwrap().proposed.annual_referrals,
        s.doc(0).pathway().annual_referrals
    );
}

#[test]
fn only_what_changed_is_derived_again() {
    let mut s = bundled_session();
    let before = s.derived(1).report.clone();
    let versions = s.versions();
    s.apply(
        0,
        Edit::SetStep {
            index: 0,
            field: StepField::TouchMinutes(Estimate::fixed(9.0)),
        },
    )
    .unwrap();
    s.refresh();
    assert_ne!(s.version(0), versions[0]);
    assert_eq!(s.version(1), versions[1]);
    assert_eq!(s.derived(1).report, before);
    let report = s.derived(0).report.as_ref().unwrap();
    assert_eq!(report, &crate::analyse(s.doc(0).pathway()).unwrap());
}

#[test]
fn an_error_keeps_the_last_good_comparison_marked_stale() {
    let mut s = bundled_session();
    let good = s.comparison(1).cloned().unwrap();
    s.apply(
        0,
        Edit::SetShare {
            from: 0,
            link: 0,
            share: 0.01,
        },
    )
    .unwrap();
    s.refresh();
    assert!(!s.derived(0).problems.is_empty());
    assert!(s.comparison_is_stale(1));
    assert_eq!(s.comparison(1), Some(&good));
    s.undo(0);
    s.refresh();
    assert!(!s.comparison_is_stale(1));
    // Replacing a pathway drops the figures of the one that is gone.
    s.apply(
        0,
        Edit::SetShare {
            from: 0,
            link: 0,
            share: 0.01,
        },
    )
    .unwrap();
    s.replace(0, Document::unsaved_original(Pathway::new("empty")));
    assert_eq!(s.comparison(1), None);
}

#[test]
fn the_sensitivity_is_cached_by_version_and_volume() {
    let mut s = bundled_session();
    let first = s.sensitivity(1).clone().unwrap();
    let expected = sensitivity(&s.at_current_volume(1)).unwrap();
    assert_eq!(first, expected);
    // The current volume changes the proposal's figures too.
    s.apply(0, Edit::SetPathway(PathwayField::AnnualReferrals(3_000.0)))
        .unwrap();
    let again = s.sensitivity(1).clone().unwrap();
    assert_eq!(again, sensitivity(&s.at_current_volume(1)).unwrap());
}

#[test]
fn a_simulation_runs_through_the_spawner_and_is_picked_up_by_polling() {
    let mut s = bundled_session();
    s.start_simulation(1, 2_000, 7, &Inline, Box::new(|| {}));
    assert!(s.simulation().is_running(), "until polled");
    assert!(!s.poll());
    assert_eq!(s.simulation().ended(), Some(&JobEnd::Finished));
    let run = s.simulation().last_run().unwrap();
    assert_eq!(run.results[0].referrals, 2_000);
    assert!(s.simulation_is_current(1));
    // The same seed gives the same result as simulating directly.
    let options = crate::simulate::SimulationOptions {
        referrals: 2_000,
        seed: 7,
        threads: 1,
        target_days: crate::simulate::EIGHTEEN_WEEKS_DAYS,
    };
    let direct = crate::simulate::simulate(
        &s.at_current_volume(1),
        &options,
        &std::sync::Arc::new(crate::simulate::Progress::default()),
    )
    .unwrap();
    assert_eq!(
        s.simulation().last_run().unwrap().results[1]
            .elapsed_days
            .mean,
        direct.elapsed_days.mean
    );
    s.apply(0, Edit::SetPathway(PathwayField::Name("x".into())))
        .unwrap();
    assert!(!s.simulation_is_current(1), "an edit makes the run stale");
}

#[test]
fn on_a_platform_without_threads_a_simulation_runs_a_slice_a_frame() {
    let mut s = bundled_session();
    let frames = crate::platform::spawn::FrameRunner::new(std::time::Duration::ZERO);
    // 2,000 referrals are one chunk a pathway: one slice for each of the two.
    s.start_simulation(1, 2_000, 7, &frames, Box::new(|| {}));
    assert!(s.poll(), "nothing runs until a frame");
    assert!(frames.run_frame(), "the proposed pathway is still to run");
    assert!(s.poll());
    assert!(!frames.run_frame());
    assert!(!s.poll());
    assert_eq!(s.simulation().ended(), Some(&JobEnd::Finished));
    // The same as on threads (the referrals shared between them where the machine
    // has more than one).
    let mut threads = bundled_session();
    let spawn = crate::platform::native::Threads;
    threads.start_simulation(1, 2_000, 7, &spawn, Box::new(|| {}));
    let started = std::time::Instant::now();
    while threads.poll() {
        assert!(
            started.elapsed().as_secs() < 30,
            "the simulation took over 30 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let (a, b) = (s.simulation().last_run(), threads.simulation().last_run());
    assert_eq!(a.map(|r| &r.results), b.map(|r| &r.results));
}

#[test]
fn a_job_that_cannot_start_says_why() {
    let mut s = bundled_session();
    s.start_simulation(1, 10, 1, &Broken, Box::new(|| {}));
    assert!(!s.simulation().is_running());
    assert_eq!(
        s.simulation().ended(),
        Some(&JobEnd::Failed(
            "could not start the simulation: no threads here".into()
        ))
    );
}

#[test]
fn every_option_is_compared_with_the_current_process() {
    let mut s = bundled_session();
    let load = |m: crate::bundled::BundledModel| m.load().unwrap().pathway;
    let ras = s.add(Document::unsaved_original(load(
        crate::bundled::BEST_PRACTICE_ERS_RAS,
    )));
    assert_eq!(ras, 2);
    assert_eq!(s.options(), 1..3);
    for option in s.options() {
        let expected = crate::compare(s.doc(0).pathway(), s.doc(option).pathway()).unwrap();
        assert_eq!(s.comparison(option), Some(&expected));
    }
    // An edit to the current process changes every comparison.
    s.apply(0, Edit::SetPathway(PathwayField::AnnualReferrals(6_000.0)))
        .unwrap();
    s.refresh();
    for option in s.options() {
        assert_eq!(
            s.comparison(option).unwrap().current.annual_referrals,
            6_000.0
        );
        assert_eq!(
            s.comparison(option).unwrap().proposed.annual_referrals,
            6_000.0
        );
    }
    // Moving keeps each comparison with its own option.
    let second = s.comparison(2).cloned();
    s.move_option(2, 1).unwrap();
    assert_eq!(s.comparison(1).cloned(), second);
    assert_eq!(
        s.doc(1).pathway().name,
        load(crate::bundled::BEST_PRACTICE_ERS_RAS).name
    );
    // Removing gives the document back; the last option stays.
    let removed = s.remove(1).unwrap();
    assert_eq!(
        removed.pathway().name,
        load(crate::bundled::BEST_PRACTICE_ERS_RAS).name
    );
    assert_eq!(s.remove(1).unwrap_err(), ListError::LastOption);
    assert_eq!(s.remove(0).unwrap_err(), ListError::Current);
    assert_eq!(s.move_option(1, 5).unwrap_err(), ListError::NoSuchEntry(5));
    assert_eq!(s.comparison(7), None);
}

#[test]
fn a_simulation_of_another_option_is_not_current_for_the_first() {
    let mut s = bundled_session();
    let copy = s.doc(1).pathway().clone();
    let two = s.add(Document::unsaved_original(copy));
    s.start_simulation(two, 500, 3, &Inline, Box::new(|| {}));
    s.poll();
    assert!(s.simulation_is_current(two));
    assert!(
        !s.simulation_is_current(1),
        "the run was of the other option"
    );
    assert!(!s.simulation_is_current(9));
}

#[test]
fn the_comparison_keeps_the_rate_card_and_clinical_time_out_of_scope_as_compare_does() {
    let mut s = bundled_session();
    // The proposal's booking clerk at another rate, and the current DNA step's slot and
    // a clinical step marked out of scope (the DNA stays in scope).
    let band3 = s
        .doc(1)
        .pathway()
        .roles
        .iter()
        .position(|r| r.id == "band3")
        .unwrap();
    s.apply(
        1,
        Edit::SetRole {
            index: band3,
            field: crate::edit::RoleField::HourlyCost(20.0),
        },
    )
    .unwrap();
    let dna = s.doc(0).pathway().step_index("dna").unwrap();
    s.apply(
        0,
        Edit::SetStep {
            index: dna,
            field: StepField::OutOfScope(true),
        },
    )
    .unwrap();
    let book = s.doc(0).pathway().step_index("book_call").unwrap();
    s.apply(
        0,
        Edit::SetStep {
            index: book,
            field: StepField::OutOfScope(true),
        },
    )
    .unwrap();
    s.refresh();
    let expected = crate::compare(s.doc(0).pathway(), s.doc(1).pathway()).unwrap();
    let got = s.comparison(1).unwrap();
    assert_eq!(got.current, expected.current, "current");
    assert_eq!(got.proposed, expected.proposed, "proposed");
    assert_eq!(got.role_map, expected.role_map, "role map");
    assert_eq!(got.investment, expected.investment, "investment");
    assert_eq!(
        got.clinical_left_out, expected.clinical_left_out,
        "left out"
    );
    assert_eq!(s.comparison(1), Some(&expected));
    let c = s.comparison(1).unwrap();
    assert!(c.clinical_left_out[0] > 0.0);
    let clerk = c
        .role_map
        .iter()
        .find(|m| m.name.starts_with("Booking clerk"))
        .unwrap();
    assert_eq!((clerk.own_rate, clerk.rate), (20.0, 39.0));
}
