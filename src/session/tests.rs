use super::*;
use crate::edit::{PathwayField, StepField};
use crate::model::Estimate;

use crate::platform::test::{Inline, NoThreads as Broken};
use crate::sensitivity::sensitivity;

/// The bundled pair, without best practice's capacity section: these tests are of
/// what the session derives and caches, compared with plain [`crate::compare`]
/// (the capacity tests are below, from
/// `the_bundled_best_practice_is_analysed_as_its_capacity_section_makes_it`).
fn bundled_session() -> Session {
    let load = |m: crate::bundled::BundledModel| {
        let mut pathway = m.load().unwrap().pathway;
        pathway.capacity = None;
        Document::unsaved_original(pathway)
    };
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
fn the_headline_figures_are_worded_with_the_comparison_and_follow_an_edit() {
    let mut s = bundled_session();
    s.refresh();
    let words = |s: &Session| {
        let c = s.comparison(1).unwrap();
        HeadlineFigures::new(c, &s.business_case(1).unwrap().classes, None)
    };
    assert_eq!(s.figures(1), Some(&words(&s)));
    let cost = |s: &Session| s.figures(1).unwrap().others[0].value.clone();
    let before = cost(&s);
    s.apply(
        0,
        Edit::SetStep {
            index: 0,
            field: StepField::TouchMinutes(Estimate::fixed(30.0)),
        },
    )
    .unwrap();
    s.refresh();
    assert_ne!(cost(&s), before, "worded again with the new comparison");
    assert_eq!(s.figures(1), Some(&words(&s)));
    // The charts' series and the Options tab's rows likewise.
    let series = crate::series::ChartSeries::of(s.comparison(1).unwrap());
    assert_eq!(s.series(1), Some(&series));
    let rows = crate::series::options_table(&[s.comparison(1).unwrap()]);
    assert_eq!(s.options_rows(), rows.as_slice());
    // A second option joins the rows at the next refresh.
    s.add(Document::unsaved_original(s.doc(1).pathway().clone()));
    s.refresh();
    let both = [s.comparison(1).unwrap(), s.comparison(2).unwrap()];
    assert_eq!(
        s.options_rows(),
        crate::series::options_table(&both).as_slice()
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
    let worked_out = |s: &mut Session| {
        s.request_sensitivity(1, &Inline, Box::new(|| {}));
        assert!(!s.poll());
        let (swings, current) = s.last_sensitivity(1).unwrap();
        assert!(current);
        swings.clone().unwrap()
    };
    let first = worked_out(&mut s);
    let expected = sensitivity(&s.at_current_volume(1)).unwrap();
    assert_eq!(first, expected);
    // The current volume changes the proposal's figures too.
    s.apply(0, Edit::SetPathway(PathwayField::AnnualReferrals(3_000.0)))
        .unwrap();
    assert!(
        !s.last_sensitivity(1).unwrap().1,
        "another volume, another key"
    );
    let again = worked_out(&mut s);
    assert_eq!(again, sensitivity(&s.at_current_volume(1)).unwrap());
}

#[test]
fn the_sensitivity_runs_as_a_job_one_at_a_time_and_the_last_result_stays_shown() {
    let mut s = bundled_session();
    let frames = crate::platform::spawn::FrameRunner::new(std::time::Duration::ZERO);
    let notified = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let notify = || {
        let n = std::sync::Arc::clone(&notified);
        Box::new(move || {
            n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }) as Box<dyn Fn() + Send>
    };
    s.request_sensitivity(1, &frames, notify());
    assert!(s.sensitivity_is_running());
    assert_eq!(s.last_sensitivity(1), None, "nothing worked out yet");
    // An edit while it runs: no second job, the running one finishes first.
    s.apply(1, Edit::SetPathway(PathwayField::Name("moved".into())))
        .unwrap();
    s.request_sensitivity(1, &frames, notify());
    assert_eq!(frames.waiting(), 1, "one job at a time");
    assert!(!frames.run_frame(), "the whole analysis is one slice");
    assert_eq!(notified.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(!s.poll());
    // The result is for the pathway before the edit: shown, marked not current.
    let (swings, current) = s.last_sensitivity(1).unwrap();
    assert!(!current);
    assert!(!swings.as_ref().unwrap().is_empty());
    // Asked again, it works out the pathway as it is now.
    s.request_sensitivity(1, &frames, notify());
    assert!(!frames.run_frame());
    assert!(!s.poll());
    let (swings, current) = s.last_sensitivity(1).unwrap();
    assert!(current);
    assert_eq!(swings, &Ok(sensitivity(&s.analysed(1)).unwrap()));
    // Up to date: no job starts; and the result is not the other pathway's.
    s.request_sensitivity(1, &frames, notify());
    assert_eq!(frames.waiting(), 0);
    assert_eq!(s.last_sensitivity(0), None);
}

/// The exact business case and the ranges of pathway `k` against the current
/// process, worked out directly (the bundled pair has no capacity section here).
fn business_case_of(s: &Session, k: usize) -> (BusinessCase, Uncertainty) {
    let (costed, comparison) =
        crate::compare::costed_comparison(s.doc(0).pathway(), s.doc(k).pathway()).unwrap();
    (
        BusinessCase::new(&costed, &comparison),
        crate::business::ranges(&costed, &comparison, crate::uncertainty::DEFAULT_DRAWS),
    )
}

/// A notification that counts the times it is called.
fn counting(calls: &std::sync::Arc<std::sync::atomic::AtomicUsize>) -> Box<dyn Fn() + Send> {
    let calls = std::sync::Arc::clone(calls);
    Box::new(move || {
        calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    })
}

#[test]
fn the_ranges_arrive_after_their_job_keyed_to_the_versions_they_are_for() {
    let mut s = bundled_session();
    let frames = crate::platform::spawn::FrameRunner::new(std::time::Duration::ZERO);
    let notified = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (case, first) = business_case_of(&s, 1);
    // The exact figures are there from the refresh; the ranges are not yet.
    assert_eq!(s.business_case(1), Some(&case));
    assert!(s.ranges(1).is_none());
    assert!(!s.ranges_are_current());
    s.request_ranges(1, &frames, counting(&notified));
    assert!(s.ranges_are_running());
    assert!(s.poll(), "running until a frame runs it");
    assert!(s.ranges(1).is_none(), "nothing worked out before the job");

    // An edit while it runs: the exact figures follow at once; no second job.
    s.apply(
        0,
        Edit::SetStep {
            index: 0,
            field: StepField::TouchMinutes(Estimate::range(2.0, 6.0, 15.0)),
        },
    )
    .unwrap();
    s.refresh();
    let (edited_case, edited) = business_case_of(&s, 1);
    assert_ne!(edited_case, case, "the edit changes the saving");
    assert_eq!(s.business_case(1), Some(&edited_case));
    s.request_ranges(1, &frames, counting(&notified));
    assert_eq!(frames.waiting(), 1, "one job at a time");

    // The job ends: its ranges are of the pathways before the edit, marked so, and
    // the next frame is asked for, to start the job for the edit.
    assert!(!frames.run_frame(), "the whole run is one slice");
    assert_eq!(notified.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(s.poll(), "another job is due");
    let ranges = s.ranges(1).unwrap();
    assert!(!ranges.is_current);
    assert_eq!(ranges.uncertainty, &first);
    assert_ne!(first, edited, "the edit moves the ranges too");

    // Asked again, the job works out the pathways as they are now.
    s.request_ranges(1, &frames, counting(&notified));
    assert!(!frames.run_frame());
    assert!(!s.poll(), "nothing more to do");
    let ranges = s.ranges(1).unwrap();
    assert!(ranges.is_current);
    assert_eq!(ranges.uncertainty, &edited);
    assert!(s.ranges_are_current());
    s.request_ranges(1, &frames, counting(&notified));
    assert_eq!(frames.waiting(), 0, "up to date: no job starts");

    // An edit of the option makes them stale again, the same figures shown meanwhile.
    s.apply(1, Edit::SetPathway(PathwayField::Name("moved".into())))
        .unwrap();
    s.refresh();
    let ranges = s.ranges(1).unwrap();
    assert!(!ranges.is_current);
    assert_eq!(ranges.uncertainty, &edited);
    // Another pathway in its place: no range of the one that is gone.
    s.replace(1, s.doc(0).clone());
    assert!(s.ranges(1).is_none());
}

#[test]
fn ranges_worked_out_for_pathways_since_swapped_or_replaced_are_dropped() {
    let mut s = bundled_session();
    let frames = crate::platform::spawn::FrameRunner::new(std::time::Duration::ZERO);
    s.request_ranges(1, &frames, Box::new(|| {}));
    s.swap(0, 1);
    assert!(!frames.run_frame());
    assert!(s.poll(), "the swapped pair still waits for its ranges");
    assert!(
        s.ranges(1).is_none(),
        "the ranges were of the pair before the swap"
    );
    s.request_ranges(1, &frames, Box::new(|| {}));
    s.replace(0, s.doc(1).clone());
    assert!(!frames.run_frame());
    s.poll();
    assert!(s.ranges(1).is_none(), "the current process was replaced");
    // The pair as it is now gets its own.
    s.request_ranges(1, &Inline, Box::new(|| {}));
    assert!(!s.poll());
    assert_eq!(s.ranges(1).unwrap().uncertainty, &business_case_of(&s, 1).1);
}

#[test]
fn the_option_in_view_gets_its_ranges_first_then_the_others() {
    let mut s = bundled_session();
    let load = |m: crate::bundled::BundledModel| m.load().unwrap().pathway;
    let ras = s.add(Document::unsaved_original(load(
        crate::bundled::BEST_PRACTICE_ERS_RAS,
    )));
    let frames = crate::platform::spawn::FrameRunner::new(std::time::Duration::ZERO);
    s.request_ranges(ras, &frames, Box::new(|| {}));
    assert!(!frames.run_frame());
    assert!(s.poll(), "the other option waits");
    assert!(s.ranges(ras).unwrap().is_current);
    assert!(s.ranges(1).is_none());
    s.request_ranges(ras, &frames, Box::new(|| {}));
    assert!(!frames.run_frame());
    assert!(!s.poll());
    for k in s.options() {
        assert_eq!(s.ranges(k).unwrap().uncertainty, &business_case_of(&s, k).1);
    }
}

#[test]
fn without_threads_the_ranges_are_worked_out_at_once() {
    let mut s = bundled_session();
    s.request_ranges(1, &Broken, Box::new(|| {}));
    assert!(!s.ranges_are_running());
    let ranges = s.ranges(1).unwrap();
    assert!(ranges.is_current);
    assert_eq!(ranges.uncertainty, &business_case_of(&s, 1).1);
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

/// A clinic of 5,200 referrals a year (100 a week), each booking once: booking
/// costs £3 of clerk time, a slot issue £6 more, the letter £1; a slot issue goes
/// on to the letter. With `slots` a week, none waiting and slots published 6 weeks
/// ahead, without variability.
fn clinic(slots: Option<f64>) -> Document {
    use crate::model::{Capacity, Counter, Link, Outcome, Role, Stage, Step};
    let link = |to: &str, share| Link {
        to: to.into(),
        share,
    };
    let mut p = Pathway::new("Clinic");
    p.annual_referrals = 5200.0;
    p.roles.push(Role::new("clerk", "Booking clerk", 30.0));
    let mut refer = Step::new("refer", "GP refers", crate::model::Stage::Referral);
    refer.next = vec![link("book", 1.0)];
    let mut book = Step::new("book", "Book a slot", Stage::Booking);
    book.role = Some("clerk".into());
    book.touch_minutes = Estimate::fixed(6.0);
    book.next = vec![link("letter", 0.9), link("asi", 0.1)];
    let mut asi = Step::new("asi", "Slot issue worklist", Stage::Booking);
    asi.role = Some("clerk".into());
    asi.touch_minutes = Estimate::fixed(12.0);
    asi.counts_as = vec![Counter::SlotIssue];
    asi.next = vec![link("letter", 1.0)];
    let mut letter = Step::new("letter", "Appointment letter", Stage::Communication);
    letter.unit_cost = Estimate::fixed(1.0);
    letter.next = vec![link("seen", 1.0)];
    let mut seen = Step::new("seen", "Seen", Stage::Attendance);
    seen.outcome = Some(Outcome::Appointment);
    p.steps = vec![refer, book, asi, letter, seen];
    p.capacity = slots.map(|s| {
        let mut c = Capacity::new("book", "asi", s, 0.0, 6.0);
        c.cv_demand = 0.0;
        c.cv_capacity = 0.0;
        c
    });
    Document::unsaved_original(p)
}

#[test]
fn the_bundled_best_practice_is_analysed_as_its_capacity_section_makes_it() {
    let load = |m: crate::bundled::BundledModel| m.load().unwrap().pathway;
    let (paper, best) = (
        load(crate::bundled::CURRENT_PAPER),
        load(crate::bundled::BEST_PRACTICE_ERS),
    );
    let mut s = Session::new(
        Document::unsaved_original(paper.clone()),
        Document::unsaved_original(best.clone()),
    );
    s.refresh();
    assert_eq!(s.derived(0).made, None, "the paper process has no section");
    let expected =
        crate::capacity::make_proposal(&paper, &best, &crate::capacity::Options::default())
            .unwrap()
            .unwrap();
    let made = s.derived(1).made.as_ref().unwrap();
    assert_eq!(made, &expected);
    assert_eq!(made.section_from, crate::capacity::SectionFrom::Own);
    // Its sourced defaults give back the typed 20% of tries and the mean of the
    // typed wait for the clinic date, (28 + 42 + 70) / 3 days: the section alone
    // changes the cost and the days of a referral by next to nothing.
    let share = made.figures.asi_share;
    assert!((share - 0.2).abs() < 0.002, "{share}");
    let wait = made.wait_days();
    assert!((wait - 140.0 / 3.0).abs() < 0.1, "{wait}");
    let plain = crate::analyse(&best).unwrap();
    assert!((made.report.cost_per_referral - plain.cost_per_referral).abs() < 0.005);
    assert!((made.report.elapsed_days - plain.elapsed_days).abs() < 0.05);
    assert_eq!(s.analysed(1), made.pathway);
    assert_eq!(
        s.comparison(1).unwrap().proposed.cost_per_referral,
        crate::compare(&paper, &made.pathway)
            .unwrap()
            .proposed
            .cost_per_referral
    );
}

#[test]
fn the_session_analyses_pathways_as_capacity_makes_them() {
    // 90 slots for 100 a week: the list grows by 10 a week from none, and a
    // referral finds no slot once more than 90 × 6 - 100 = 440 wait, from week 46:
    // shares 0.1, 0.2, ... 0.7 in weeks 46 to 52, a mean of 2.8 / 52.
    let mut s = Session::new(clinic(Some(90.0)), clinic(None));
    let made =
        crate::capacity::make(s.doc(0).pathway(), &crate::capacity::Options::default()).unwrap();
    assert!((made.figures.asi_share - 2.8 / 52.0).abs() < 1e-12);
    assert_eq!(s.derived(0).made.as_ref(), Some(&made));
    assert_eq!(s.derived(0).report.as_ref(), Some(&made.report));
    // £4 + £6 × the share, not the typed 10%.
    let cost = 4.0 + 6.0 * 2.8 / 52.0;
    assert!((made.report.cost_per_referral - cost).abs() < 1e-9);
    // The proposal has no section: the current process's applies (the same clinic).
    let option = s.derived(1).made.as_ref().unwrap();
    assert_eq!(option.section_from, crate::capacity::SectionFrom::Current);
    assert_eq!(s.comparison(1).unwrap().annual_saving, 0.0);
    // What is simulated and tested for sensitivity is the pathway as made.
    assert_eq!(s.analysed(0), made.pathway);
    // Slots on a lever: 110 a week for 100 clears every slot issue, in the current
    // process and in the proposal that takes its section, in the same refresh.
    s.apply(
        0,
        Edit::PinLever(crate::model::Lever {
            step: "book".into(),
            value: crate::model::LeverValue::SlotsPerWeek,
            base: 90.0,
        }),
    )
    .unwrap();
    s.apply(
        0,
        Edit::SetLever {
            index: 0,
            value: 110.0,
        },
    )
    .unwrap();
    s.refresh();
    for k in [0, 1] {
        let made = s.derived(k).made.as_ref().unwrap();
        assert_eq!(made.figures.asi_share, 0.0);
        assert!((made.report.cost_per_referral - 4.0).abs() < 1e-9);
    }
    // A proposal with its own, ample section against the short one: the slot
    // issues' cost is the saving, 5,200 × £6 × 2.8 / 52 = £1,680 a year.
    let mut s = Session::new(clinic(Some(90.0)), clinic(Some(110.0)));
    s.refresh();
    let saving = s.comparison(1).unwrap().annual_saving;
    assert!((saving - 1680.0).abs() < 1e-6, "{saving}");
    let pair = crate::capacity::slot_issue_pair(
        s.comparison(1).unwrap(),
        [0, 1].map(|k| s.derived(k).made.as_ref()),
    )
    .unwrap();
    assert!((pair.per_year[0] - 5200.0 * 2.8 / 52.0).abs() < 1e-9);
    assert_eq!(pair.per_year[1], 0.0);
    assert!((pair.cost_per_year[0] - 1680.0).abs() < 1e-6);
}

#[test]
fn a_section_that_cannot_be_worked_out_is_an_error_and_its_curve_is_kept() {
    let mut s = Session::new(clinic(Some(90.0)), clinic(None));
    // The curve runs from 85% of demand to 115% of the target capacity, and costs
    // nothing once the slots reach demand with none waiting.
    s.request_capacity_curves(1, &Inline, Box::new(|| {}));
    assert!(
        s.poll(),
        "a curve came in: the next frame asks for the other"
    );
    let curve = s.capacity_curve(0).unwrap().points.to_vec();
    assert_eq!(curve.len(), crate::capacity::CURVE_POINTS);
    assert!((curve[0].slots_per_week - 85.0).abs() < 1e-9);
    assert!((curve.last().unwrap().slots_per_week - 115.0).abs() < 1e-9);
    assert!(curve[0].slot_issue_cost_per_year > 0.0);
    assert!(
        curve
            .iter()
            .filter(|p| p.slots_per_week >= 100.0)
            .all(|p| p.slot_issue_cost_per_year == 0.0)
    );
    assert!(s.capacity_curve(0).unwrap().is_current);
    // A proposal whose steps do not fit the current process's section: an error
    // among its problems, and no figures.
    let mut other = clinic(None);
    other
        .apply(Edit::SetStep {
            index: 2,
            field: StepField::Id("worklist".into()),
        })
        .unwrap();
    s.replace(1, other);
    let problems = &s.derived(1).problems;
    assert!(
        problems
            .iter()
            .any(|p| p.kind == ProblemKind::Capacity && p.severity == Severity::Error),
        "{problems:?}"
    );
    assert!(s.derived(1).report.is_none());
}

#[test]
fn the_capacity_curves_arrive_after_their_job_keyed_to_the_versions_they_are_for() {
    // The proposal has no section: it is made with the current process's.
    let mut s = Session::new(clinic(Some(90.0)), clinic(None));
    let frames = crate::platform::spawn::FrameRunner::new(std::time::Duration::ZERO);
    let notified = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let curve_of = |s: &Session, k: usize| curves_job::curve(s.derived(k).made.as_ref().unwrap());
    let first = curve_of(&s, 0);
    assert!(s.capacity_curve(0).is_none(), "no curve before its job");
    assert!(!s.capacity_curves_are_current(1));
    s.request_capacity_curves(1, &frames, counting(&notified));
    assert!(s.capacity_curves_are_running());
    assert!(s.poll(), "running until a frame runs it");
    assert!(
        s.capacity_curve(0).is_none(),
        "nothing worked out before the job"
    );

    // An edit while it runs (120 referrals a week, not 100): no second job.
    s.apply(0, Edit::SetPathway(PathwayField::AnnualReferrals(6240.0)))
        .unwrap();
    s.refresh();
    let edited = curve_of(&s, 0);
    assert_ne!(first, edited, "the edit moves the curve");
    s.request_capacity_curves(1, &frames, counting(&notified));
    assert_eq!(frames.waiting(), 1, "one job at a time");

    // The job ends: its curve is of the current process before the edit, marked
    // so; the proposal has none yet (none of another pathway stands for it).
    assert!(!frames.run_frame(), "the whole curve is one slice");
    assert_eq!(notified.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(s.poll(), "a curve came in: the next frame asks for more");
    let curve = s.capacity_curve(0).unwrap();
    assert!(!curve.is_current);
    assert_eq!(curve.points, first.as_slice());
    assert!(s.capacity_curve(1).is_none());

    // Asked again, the current process's curve as it is now, then the proposal's.
    s.request_capacity_curves(1, &frames, counting(&notified));
    assert!(!frames.run_frame());
    assert!(s.poll());
    let curve = s.capacity_curve(0).unwrap();
    assert!(curve.is_current);
    assert_eq!(curve.points, edited.as_slice());
    assert!(!s.capacity_curves_are_current(1), "the proposal waits");
    s.request_capacity_curves(1, &frames, counting(&notified));
    assert!(!frames.run_frame());
    assert!(s.poll());
    assert!(!s.poll(), "nothing more to do");
    let curve = s.capacity_curve(1).unwrap();
    assert!(curve.is_current);
    assert_eq!(curve.points, curve_of(&s, 1).as_slice());
    assert!(s.capacity_curves_are_current(1));
    s.request_capacity_curves(1, &frames, counting(&notified));
    assert_eq!(frames.waiting(), 0, "up to date: no job starts");

    // An edit of the current process makes the proposal's curve stale too (it is
    // made with the current process's section), the same curve shown meanwhile.
    s.undo(0);
    s.refresh();
    assert!(!s.capacity_curves_are_current(1));
    let curve = s.capacity_curve(1).unwrap();
    assert!(!curve.is_current);
    // Another pathway in its place: no curve of the one that is gone.
    s.replace(1, clinic(None));
    assert!(s.capacity_curve(1).is_none());
    // Without threads the curves are worked out at once.
    s.request_capacity_curves(1, &Broken, Box::new(|| {}));
    assert!(!s.capacity_curves_are_running());
    let curve = s.capacity_curve(0).unwrap();
    assert!(curve.is_current);
    assert_eq!(curve.points, first.as_slice());
}
