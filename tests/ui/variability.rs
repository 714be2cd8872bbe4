//! The Variability tab of the real app, driven through egui_kittest: a simulation of
//! both pathways on a background thread, cancelling one, and the tornado chart.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::{OpmtApp, Which};
use opmt::ui::variability::JobEnd;

use crate::common;

use common::{Answers, current, type_into, wait_for_the_simulation};

fn app_with(size: egui::Vec2, answers: &Answers) -> Harness<'static, OpmtApp> {
    common::app(None, size, answers)
}

/// The app with results only, on the Variability tab.
fn variability_tab(size: egui::Vec2) -> Harness<'static, OpmtApp> {
    let mut harness = app_with(size, &Answers::default());
    harness.get_by_label("Results only").click();
    harness.run();
    harness.get_by_label("Variability").click();
    common::wait_for_the_tornado(&mut harness);
    harness
}

fn simulate(harness: &mut Harness<'_, OpmtApp>, referrals: &str) {
    type_into(harness, "Referrals to simulate", referrals);
    harness.get_by_label("Simulate").click();
    harness.run();
    assert!(harness.state().workspace.simulation().is_running());
    wait_for_the_simulation(harness);
}

#[test]
fn simulating_both_pathways_shows_their_spread() {
    let mut harness = variability_tab(egui::vec2(1440.0, 900.0));
    harness.get_by_label_contains("Press Simulate");
    simulate(&mut harness, "20000");
    let view = harness.state().workspace.simulation();
    assert_eq!(view.ended(), Some(&JobEnd::Finished));
    let run = view.last_run().unwrap();
    assert_eq!(run.results[0].referrals, 20_000);
    assert_eq!(run.results[1].referrals, 20_000);
    assert_eq!(run.results[0].seed, 1);
    let exact = opmt::analyse(current(&harness)).unwrap().elapsed_days;
    let mean = run.results[0].elapsed_days.mean;
    assert!(
        (mean - exact).abs() / exact < 0.02,
        "simulated mean {mean} days against the exact {exact}"
    );
    harness.get_by_label_contains("Within 18 weeks: ");
    harness.get_by_label_contains("20,000 referrals simulated");
    harness.get_by_label("Histogram of days from referral to end");
    // An edit makes the run stale.
    harness.state_mut().workspace.add_step().unwrap();
    harness.run();
    harness.get_by_label_contains("The pathways changed since this run");
}

#[test]
fn a_national_run_can_be_cancelled() {
    let mut harness = variability_tab(egui::vec2(1440.0, 900.0));
    harness.get_by_label("A national year (25,550,000)").click();
    harness.run();
    assert_eq!(
        harness.state().workspace.variability.referrals,
        Some(25_550_000)
    );
    harness.get_by_label("Simulate").click();
    harness.run();
    harness.step();
    harness.step();
    let (done, total) = harness.state().workspace.simulation().progress().unwrap();
    assert_eq!(total, 2 * 25_550_000);
    assert!(done < total);
    harness.get_by_label("Cancel").click();
    harness.run();
    wait_for_the_simulation(&mut harness);
    let view = harness.state().workspace.simulation();
    assert_eq!(view.ended(), Some(&JobEnd::Cancelled));
    assert!(view.last_run().is_none());
    harness.get_by_label("The simulation was cancelled.");
    harness.get_by_label("Simulate");
}

/// Clicks the plot at a share of its width and height from the top left.
fn click_plot(harness: &mut Harness<'_, OpmtApp>, label: &str, x: f32, y: f32) {
    let rect = harness.get_by_label(label).rect();
    let pos = rect.left_top() + egui::vec2(rect.width() * x, rect.height() * y);
    harness.event(egui::Event::PointerMoved(pos));
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

#[test]
fn clicking_a_tornado_bar_selects_its_step() {
    let mut harness = variability_tab(egui::vec2(1440.0, 900.0));
    let selected =
        |h: &Harness<'_, OpmtApp>| h.state().workspace.pane(Which::Current).selection.step;
    assert_eq!(selected(&harness), None);
    let swings = opmt::sensitivity::sensitivity(current(&harness)).unwrap();
    // Twelve rows fill the plot's height; the top row is the largest swing.
    click_plot(&mut harness, "Tornado chart", 0.5, 0.5 / 12.0);
    assert_eq!(selected(&harness), Some(swings[0].step_index));
    // The tornado of the proposed process marks a bar but selects nothing here.
    harness.get_by_label("proposed process").click();
    common::wait_for_the_tornado(&mut harness);
    click_plot(&mut harness, "Tornado chart", 0.5, 5.5 / 12.0);
    assert_eq!(selected(&harness), Some(swings[0].step_index));
    assert_eq!(harness.state().workspace.shown, Which::Current);
}

#[test]
fn the_tornado_follows_edits() {
    let mut harness = variability_tab(egui::vec2(1440.0, 900.0));
    harness.get_by_label("elapsed days").click();
    harness.run();
    let expected = |h: &Harness<'_, OpmtApp>| {
        let days = opmt::analyse(current(h)).unwrap().elapsed_days;
        format!(
            "The line is the expected {} days",
            opmt::numbers::grouped(days, 1)
        )
    };
    harness.get_by_label_contains(&expected(&harness));
    let days_before = opmt::analyse(current(&harness)).unwrap().elapsed_days;
    // A week more at the first step moves every referral's days, and the tornado.
    let wait = current(&harness).steps[0].wait_days;
    let edit = opmt::edit::Edit::SetStep {
        index: 0,
        field: opmt::edit::StepField::WaitDays(opmt::Estimate::fixed(wait.high + 7.0)),
    };
    harness.state_mut().workspace.apply(edit).unwrap();
    common::wait_for_the_tornado(&mut harness);
    let after = expected(&harness);
    // The first step waited 0-1 days (1/3 on average) and now 8, on each of its
    // 1 / (1 - 0.5 × 0.052 × 0.968) passes (half the 5.2% returned at grading come
    // back to it; 96.8% reach grading, the rest end with Advice & Guidance).
    let days_after = opmt::analyse(current(&harness)).unwrap().elapsed_days;
    let passes = 1.0 / (1.0 - 0.5 * 0.052 * 0.968);
    assert!((days_after - days_before - (8.0 - 1.0 / 3.0) * passes).abs() < 1e-9);
    assert!(!after.contains(&opmt::numbers::grouped(days_before, 1)));
    harness.get_by_label_contains(&after);
}

#[test]
fn results_variability_snapshot() {
    let mut harness = variability_tab(egui::vec2(1440.0, 1500.0));
    simulate(&mut harness, "20000");
    // The headline's range as worked out for the pathways as they are.
    common::wait_for_the_business_case(&mut harness);
    harness.snapshot("results_variability");
}
