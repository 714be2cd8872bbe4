//! Capacity in the app: a section added to the option in *Roles and settings*, its
//! slots a week pinned as a lever and dragged, and the slot issues, the saving and
//! the headline following in the same frame; the Capacity results tab.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::{OpmtApp, Which};
use opmt::model::LeverValue;

use crate::common;

use common::Answers;

const WIDE: egui::Vec2 = egui::vec2(1800.0, 1000.0);

fn option<'h>(harness: &'h Harness<'_, OpmtApp>) -> &'h opmt::Pathway {
    harness.state().workspace.doc(Which::Comparison).pathway()
}

/// Shows the option (the bundled best practice) and its *Roles and settings*.
fn option_settings(harness: &mut Harness<'_, OpmtApp>) {
    harness.state_mut().workspace.shown = Which::Comparison;
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Roles and settings")
        .click();
    harness.run();
}

/// Shows the Capacity results tab, once its curves are worked out.
fn capacity_tab(harness: &mut Harness<'_, OpmtApp>) {
    harness
        .get_by_role_and_label(Role::Button, "Capacity")
        .click();
    harness.run();
    common::wait_for_the_capacity_curves(harness);
}

/// Replaces the option's section (best practice's own, with its sourced defaults)
/// with a new one, as a user adding a section to a pathway without one would.
fn new_section(harness: &mut Harness<'_, OpmtApp>) {
    assert!(
        option(harness).capacity.is_some(),
        "best practice has a section"
    );
    harness.get_by_label("Remove the capacity section").click();
    harness.run();
    assert_eq!(option(harness).capacity, None);
    harness.get_by_label("Add a capacity section").click();
    harness.run();
}

/// Drags the slider named `name` from its middle by `dx` points.
fn drag(harness: &mut Harness<'_, OpmtApp>, name: &str, dx: f32) {
    let x = common::slider_rail(harness, name).center().x;
    common::drag_slider(harness, name, x, x + dx);
}

#[test]
fn the_slots_lever_moves_the_slot_issues_and_the_saving_in_the_same_frame() {
    let mut harness = common::app(None, WIDE, &Answers::default());
    option_settings(&mut harness);
    // Best practice books at "Patient books", and a slot issue goes to the ASI
    // worklist: a new section names them.
    new_section(&mut harness);
    let section = option(&harness).capacity.clone().unwrap();
    assert_eq!(
        (section.books_at.as_str(), section.slot_issue.as_str()),
        ("book_direct", "slot_issue")
    );
    let made = harness.state().workspace.session().derived(1).made.clone();
    let made = made.expect("the option is made by its capacity section");
    // 5% more slots than demand: slots = ceil(1.05 × demand).
    assert_eq!(
        section.slots_per_week,
        (made.figures.demand_per_week * 1.05).ceil()
    );
    harness.get_by_label("Pin slots a week as a lever").click();
    harness.run();
    let lever = option(&harness).levers[0].clone();
    assert_eq!(lever.value, LeverValue::SlotsPerWeek);
    let name = opmt::levers::label(option(&harness), &lever);
    let before = harness.state().workspace.slot_issues().unwrap();
    let saving_before = harness
        .state()
        .workspace
        .comparison()
        .unwrap()
        .annual_saving;
    // With slots above demand almost no referral misses a slot.
    assert!(before.per_year[1] < 0.01 * 12_000.0, "{before:?}");
    // Drag the slots down by about a third of the slider: fewer slots than demand.
    drag(&mut harness, &name, -120.0);
    let slots = opmt::levers::value(option(&harness), &lever).unwrap();
    assert!(slots < section.slots_per_week, "{slots}");
    assert_eq!(slots, slots.round(), "whole slots");
    let problems = &harness.state().workspace.session().derived(1).problems;
    let errors: Vec<_> = problems
        .iter()
        .filter(|p| p.severity == opmt::validate::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{slots} slots: {errors:?}");
    let after = harness.state().workspace.slot_issues().unwrap();
    let saving_after = harness
        .state()
        .workspace
        .comparison()
        .unwrap()
        .annual_saving;
    assert!(
        after.per_year[1] > before.per_year[1] + 100.0,
        "{before:?} {after:?}"
    );
    assert!(after.cost_per_year[1] > before.cost_per_year[1]);
    // The slot issues' extra cost comes off the saving (the current process has no
    // slot issues to change).
    assert_eq!(after.per_year[0], before.per_year[0]);
    assert!(
        saving_after < saving_before,
        "{saving_before} {saving_after}"
    );
    // The headline shows the figure as it is now.
    let shown = format!(
        "{} to {}",
        opmt::numbers::grouped(after.per_year[0], 0),
        opmt::numbers::grouped(after.per_year[1], 0)
    );
    harness.get_by_label(&shown);
    harness.get_by_label("Slot issues a year");
}

#[test]
fn the_capacity_tab_shows_the_figures_and_the_charts() {
    let mut harness = common::app(None, WIDE, &Answers::default());
    // The bundled best practice has a section: the tab shows the option's figures.
    capacity_tab(&mut harness);
    harness.get_by_label_contains("Option: ");
    // Without a section the tab says how to add one.
    option_settings(&mut harness);
    harness.get_by_label("Remove the capacity section").click();
    harness.run();
    capacity_tab(&mut harness);
    harness.get_by_label_contains("Neither pathway has a capacity section");
    option_settings(&mut harness);
    harness.get_by_label("Add a capacity section").click();
    harness.run();
    capacity_tab(&mut harness);
    harness.get_by_label_contains("Option: ");
    harness.get_by_label("Slots a week needed for the target");
    for chart in [
        "Waiting list for a first appointment, by week",
        "Wait in weeks for a referral joining, by week, against the target",
        "Share of referrals finding no slot, by week",
        "What slot issues cost a year against the slots a week",
    ] {
        harness.get_by_role_and_label(Role::Figure, chart);
    }
}

#[test]
fn the_wait_can_be_held_at_the_step_that_waits_for_the_clinic_date() {
    let mut harness = common::app(None, WIDE, &Answers::default());
    option_settings(&mut harness);
    new_section(&mut harness);
    assert_eq!(option(&harness).capacity.as_ref().unwrap().waits_at, None);
    // Held at the booking step by default; choose "Wait for the clinic date".
    harness.get_by_label("Wait held at").click();
    harness.run();
    // The list of steps is long: scroll the choice into view, then click it.
    harness
        .get_all_by_label("Wait for the clinic date")
        .last()
        .unwrap()
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label("Wait for the clinic date")
        .last()
        .unwrap()
        .click();
    harness.run();
    let section = option(&harness).capacity.clone().unwrap();
    assert_eq!(section.waits_at.as_deref(), Some("wait_for_clinic"));
    // The projected wait is that step's wait; the booking step keeps its own.
    let made = harness.state().workspace.session().derived(1).made.clone();
    let made = made.expect("the option is made by its capacity section");
    let wait = |id: &str| {
        let p = &made.pathway;
        p.steps[p.step_index(id).unwrap()].wait_days
    };
    // Its typed range, scaled to the projected mean.
    let projected = wait("wait_for_clinic");
    assert!((projected.mean() - made.figures.mean_wait_weeks * 7.0).abs() < 1e-9);
    assert!(
        projected.high > projected.low,
        "the spread stays: {projected:?}"
    );
    let typed = |id: &str| {
        let p = option(&harness);
        p.steps[p.step_index(id).unwrap()].wait_days
    };
    assert_eq!(wait("book_direct"), typed("book_direct"));
    // One undo takes the choice back.
    harness.state_mut().workspace.undo();
    harness.run();
    assert_eq!(option(&harness).capacity.as_ref().unwrap().waits_at, None);
}

#[test]
fn the_cost_curve_is_worked_out_off_the_frame_and_marked_while_it_catches_up() {
    use opmt::edit::{Edit, PathwayField};
    // Work waits in a runner the test runs by hand, as a browser's frames would.
    let runner = opmt::platform::spawn::FrameRunner::new(std::time::Duration::from_secs(60));
    let platform = opmt::platform::test::with_dialogs(Box::new(Answers::default()))
        .with_spawn(std::rc::Rc::new(runner.clone()));
    let mut harness = Harness::builder().with_size(WIDE).build_eframe(move |cc| {
        OpmtApp::new(
            cc,
            opmt::app::StartOptions {
                file: None,
                platform,
            },
        )
    });
    harness.run();
    let run_the_jobs = |harness: &mut Harness<'_, OpmtApp>| {
        while runner.run_frame() {}
        harness.run();
    };
    // The business case's ranges, asked for at start.
    run_the_jobs(&mut harness);
    const CHART: &str = "What slot issues cost a year against the slots a week";
    const WORKING: &str = "Working out the slot-issue cost against the slots a week…";
    harness
        .get_by_role_and_label(Role::Button, "Capacity")
        .click();
    harness.run();
    // The tab's first frame works no curve out: it says one is on its way.
    assert_eq!(runner.waiting(), 1, "the option's curve waits for its job");
    harness.get_by_label(WORKING);
    assert!(
        harness
            .query_by_role_and_label(Role::Figure, CHART)
            .is_none()
    );
    run_the_jobs(&mut harness);
    assert!(harness.state().workspace.capacity_curves_are_current());
    harness.get_by_role_and_label(Role::Figure, CHART);
    assert!(harness.query_by_label(WORKING).is_none());
    assert!(harness.query_by_label("updating…").is_none());
    // An edit of the current process (the option is made at its volume): the last
    // curve stays, marked, until its job ends.
    let referrals = common::current(&harness).annual_referrals;
    harness
        .state_mut()
        .workspace
        .apply(Edit::SetPathway(PathwayField::AnnualReferrals(
            referrals * 1.2,
        )))
        .unwrap();
    harness.run();
    assert!(!harness.state().workspace.capacity_curves_are_current());
    harness.get_by_role_and_label(Role::Figure, CHART);
    harness.get_by_label("updating…");
    run_the_jobs(&mut harness);
    assert!(harness.state().workspace.capacity_curves_are_current());
    harness.get_by_role_and_label(Role::Figure, CHART);
    assert!(harness.query_by_label("updating…").is_none());
}
