//! The real app driven through egui_kittest by labels, keys and the file dialog
//! stand-in: files, unsaved-changes prompts, undo and redo.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::path::PathBuf;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::{OpmtApp, Which};

use crate::common;

use common::{Answers, current, press, type_into};

fn app_with(file: Option<PathBuf>, answers: &Answers) -> Harness<'static, OpmtApp> {
    common::app(file, egui::vec2(1440.0, 900.0), answers)
}

/// The app on the bundled paper process, for tests that depend on its steps.
fn app_on_paper(answers: &Answers) -> Harness<'static, OpmtApp> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/current-paper.ron");
    app_with(Some(path), answers)
}

/// The name of the default current process.
const DEFAULT_CURRENT: &str = "Current e-RS process as implemented";

#[test]
fn starts_with_the_bundled_pair_and_shows_results() {
    let harness = app_with(None, &Answers::default());
    assert_eq!(current(&harness).name, DEFAULT_CURRENT);
    let ws = &harness.state().workspace;
    assert_eq!(
        ws.doc(Which::Comparison).pathway().name,
        "Best-practice e-Referral Service"
    );
    assert!(ws.comparison().is_some());
    harness.get_by_label("Cost per referral");
    assert!(harness.get_all_by_label("Process map").count() >= 1);
    assert!(
        !ws.doc(Which::Current).is_dirty(),
        "nothing to save at start"
    );
}

#[test]
fn add_delete_undo_and_redo_through_the_toolbar_and_keys() {
    let mut harness = app_with(None, &Answers::default());
    let before = current(&harness).steps.len();
    harness.get_by_label("Add step").click();
    harness.run();
    assert_eq!(current(&harness).steps.len(), before + 1);
    assert_eq!(current(&harness).steps[before].name, "New step");
    assert!(harness.state().workspace.doc(Which::Current).is_dirty());
    assert_eq!(
        harness
            .state()
            .workspace
            .pane(Which::Current)
            .selection
            .step,
        Some(before)
    );
    // The new step's name field has the keyboard; Escape leaves it for the map.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::NONE, Key::Delete);
    assert_eq!(
        current(&harness).steps.len(),
        before,
        "Delete removes the selected step"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        current(&harness).steps.len(),
        before + 1,
        "Ctrl+Z undoes the delete"
    );
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(
        current(&harness).steps.len(),
        before,
        "Ctrl+Shift+Z redoes it"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        current(&harness).steps.len(),
        before,
        "undo back to the start"
    );
    assert!(!harness.state().workspace.doc(Which::Current).is_dirty());
    press(&mut harness, Modifiers::COMMAND, Key::Y);
    assert_eq!(current(&harness).steps.len(), before + 1, "Ctrl+Y redoes");
}

#[test]
fn a_malformed_file_shows_where_and_keeps_the_pathway() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(\n    format: 1,\n    name: \"Broken\"\n    annual_referrals: 5.0,\n)\n",
    )
    .unwrap();
    let answers = Answers::default();
    answers.open.borrow_mut().push_back(bad.clone());
    let mut harness = app_with(None, &answers);
    let before = current(&harness).clone();
    press(&mut harness, Modifiers::COMMAND, Key::O);
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Could not open bad.ron")
    );
    harness.get_by_label_contains("line 4, column 5");
    harness.get_by_label_contains(&bad.display().to_string());
    assert_eq!(
        current(&harness),
        &before,
        "the pathway on screen stays as it was"
    );
    harness.get_by_label("OK").click();
    harness.run();
    assert_eq!(harness.state().modal_title(), None);
}

#[test]
fn a_bad_file_on_the_command_line_keeps_the_bundled_model() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("typo.ron");
    let text = opmt::bundled::CURRENT_PAPER
        .text
        .replace("touch_minutes: 2.0", "tuch_minutes: 2.0");
    std::fs::write(&bad, text).unwrap();
    let harness = app_with(Some(bad), &Answers::default());
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Could not open typo.ron")
    );
    harness.get_by_label_contains("tuch_minutes");
    assert_eq!(current(&harness).name, DEFAULT_CURRENT);
}

#[test]
fn save_then_reopen_gives_the_same_pathway() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.ron");
    let answers = Answers::default();
    answers.save.borrow_mut().push_back(path.clone());
    let mut harness = app_with(None, &answers);
    harness.get_by_label("Add step").click();
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let saved = current(&harness).clone();
    let doc = harness.state().workspace.doc(Which::Current);
    assert!(!doc.is_dirty());
    assert_eq!(doc.path(), Some(path.as_path()));
    assert_eq!(opmt::load_path(&path).unwrap().pathway, saved);
    assert!(
        harness
            .state()
            .workspace
            .window_title()
            .contains("saved.ron")
    );

    // Change it, then reopen the saved file: the app asks first.
    harness.get_by_label("Add step").click();
    harness.run();
    assert!(harness.state().workspace.window_title().starts_with("* "));
    answers.open.borrow_mut().push_back(path.clone());
    press(&mut harness, Modifiers::COMMAND, Key::O);
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Save changes to the current process?")
    );
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(current(&harness), &saved);
    assert!(!harness.state().workspace.doc(Which::Current).is_dirty());
}

#[test]
fn new_with_unsaved_changes_asks_and_cancel_keeps_the_work() {
    let mut harness = app_with(None, &Answers::default());
    harness.get_by_label("Add step").click();
    harness.run();
    let edited = current(&harness).clone();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Save changes to the current process?")
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(current(&harness), &edited);
    press(&mut harness, Modifiers::COMMAND, Key::N);
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(current(&harness).name, "New pathway");
    assert_eq!(current(&harness).steps.len(), 1);
    // The new step's name takes the keyboard, as after New with nothing to save.
    harness.event(egui::Event::Text("GP writes the referral".into()));
    harness.run();
    assert_eq!(current(&harness).steps[0].name, "GP writes the referral");
}

#[test]
fn save_from_the_prompt_saves_before_going_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.ron");
    let answers = Answers::default();
    answers.save.borrow_mut().push_back(path.clone());
    let mut harness = app_with(None, &answers);
    harness.get_by_label("Add step").click();
    harness.run();
    let edited = current(&harness).clone();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(opmt::load_path(&path).unwrap().pathway, edited);
    assert_eq!(current(&harness).name, "New pathway");
}

#[test]
fn the_comparison_can_be_switched_and_edited() {
    let mut harness = app_with(None, &Answers::default());
    harness.get_by_label("Comparison").click();
    harness.run();
    assert_eq!(harness.state().workspace.shown, Which::Comparison);
    let before = harness
        .state()
        .workspace
        .doc(Which::Comparison)
        .pathway()
        .steps
        .len();
    harness.get_by_label("Add step").click();
    harness.run();
    let ws = &harness.state().workspace;
    assert_eq!(ws.doc(Which::Comparison).pathway().steps.len(), before + 1);
    assert!(
        !ws.doc(Which::Current).is_dirty(),
        "the current process is untouched"
    );
}

#[test]
fn add_a_step_then_give_it_a_role_and_minutes_and_see_the_cost() {
    let mut harness = app_with(None, &Answers::default());
    let cost_before = harness
        .state()
        .workspace
        .comparison()
        .unwrap()
        .current
        .cost_per_referral;
    harness.get_by_label("Add step").click();
    harness.run();
    let new = current(&harness).steps.len() - 1;
    type_into(&mut harness, "Step name", "Scan paper referral");
    harness.get_by_label("Role").click();
    harness.run();
    harness
        .get_all_by_label("Booking clerk (AfC Band 3)")
        .last()
        .unwrap()
        .click();
    harness.run();
    type_into(&mut harness, "Touch minutes", "20");
    let step = &current(&harness).steps[new];
    assert_eq!(step.name, "Scan paper referral");
    assert_eq!(step.role.as_deref(), Some("band3"));
    assert_eq!(step.touch_minutes, opmt::Estimate::fixed(20.0));
    // The new step is not linked from the pathway yet: unreachable, a warning only,
    // so it costs nothing per referral until it is linked in.
    let ws = &harness.state().workspace;
    assert!(
        ws.derived(Which::Current)
            .problems
            .iter()
            .any(|p| p.message.contains("unreachable"))
    );
    assert_eq!(
        ws.comparison().unwrap().current.cost_per_referral,
        cost_before
    );
    // One undo step per field: undoing three times removes the minutes, role and name.
    for _ in 0..3 {
        press(&mut harness, Modifiers::COMMAND, Key::Z);
    }
    assert_eq!(current(&harness).steps[new].name, "New step");
}

#[test]
fn main_window_snapshot() {
    let mut harness = app_with(None, &Answers::default());
    assert_eq!(
        harness.state().workspace.layout,
        opmt::app::Layout::Editing,
        "1,440 points wide starts with the editor"
    );
    // The headline's range as worked out for the pathways as they are.
    common::wait_for_the_business_case(&mut harness);
    harness.snapshot("main_window");
}

#[test]
fn results_only_snapshot() {
    let mut harness = app_with(None, &Answers::default());
    harness.get_by_label("Results only").click();
    harness.run();
    assert_eq!(harness.state().workspace.layout, opmt::app::Layout::Results);
    // The headline's range as worked out for the pathways as they are.
    common::wait_for_the_business_case(&mut harness);
    harness.snapshot("results_only");
}

fn annual_saving(harness: &Harness<'_, OpmtApp>) -> f64 {
    harness
        .state()
        .workspace
        .comparison()
        .unwrap()
        .annual_saving
}

/// The Steps table's touch minutes of the paper process's first step, the GP's.
const GP_MINUTES: &str = "Touch minutes of GP decides and dictates the referral letter";

/// Compares with the bundled best-practice model, chosen in the Compare menu.
fn compare_with_bundled_best_practice(harness: &mut Harness<'_, OpmtApp>) {
    harness.get_by_label("Compare").click();
    harness.run();
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::Button,
            "Best-practice e-Referral Service",
        )
        .click();
    harness.run();
}

#[test]
fn changing_minutes_moves_the_annual_saving_by_what_the_engine_says() {
    let mut harness = app_on_paper(&Answers::default());
    compare_with_bundled_best_practice(&mut harness);
    let before = annual_saving(&harness);
    harness.get_by_label("Steps table").click();
    harness.run();
    type_into(&mut harness, GP_MINUTES, "5");
    let current_now = current(&harness).clone();
    assert_eq!(
        current_now.steps[0].touch_minutes,
        opmt::Estimate::fixed(5.0)
    );
    let comparison = harness
        .state()
        .workspace
        .doc(Which::Comparison)
        .pathway()
        .clone();
    assert_eq!(comparison.name, "Best-practice e-Referral Service");
    let engine = common::compared(&current_now, &comparison);
    let after = annual_saving(&harness);
    assert!((after - engine.annual_saving).abs() < 1e-9);
    // By hand: 3 more GP minutes at £145/h on each of 1/0.974 passes, 12,000 referrals.
    let by_hand = 3.0 / 60.0 * 145.0 / 0.974 * 12_000.0;
    assert!(
        (after - before - by_hand).abs() < 1e-6,
        "{} vs {by_hand}",
        after - before
    );
    harness.get_by_label_contains(&opmt::numbers::pounds(after, 0));
}

#[test]
fn best_practice_made_by_default_follows_an_edit_of_the_current_process() {
    let mut harness = app_on_paper(&Answers::default());
    let option =
        |h: &Harness<'_, OpmtApp>| h.state().workspace.doc(Which::Comparison).pathway().clone();
    assert_eq!(
        option(&harness).name,
        "Typical current paper process with best practice"
    );
    harness.get_by_label("Steps table").click();
    harness.run();
    type_into(&mut harness, GP_MINUTES, "5");
    // Made again from the edited process: the GP's 5 minutes are on both sides, so
    // the saving stays the process's alone, and equals best practice applied anew.
    let current_now = current(&harness).clone();
    let followed = option(&harness);
    assert_eq!(
        followed.name,
        "Typical current paper process with best practice"
    );
    let gp = followed.step_index("gp_letter").expect("the GP's step");
    assert_eq!(followed.steps[gp].touch_minutes, opmt::Estimate::fixed(5.0));
    let choices = opmt::measures::changing(&current_now);
    let anew = opmt::measures::apply(&current_now, &choices).unwrap();
    assert_eq!(followed.steps, anew.option.steps);
    let engine = common::compared(&current_now, &anew.option);
    assert!((annual_saving(&harness) - engine.annual_saving).abs() < 1e-9);
    // An edit of the option itself stops it following: it is the user's own now.
    let ws = &mut harness.state_mut().workspace;
    ws.shown = Which::Comparison;
    ws.apply(opmt::edit::Edit::SetStep {
        index: 1,
        field: opmt::edit::StepField::TouchMinutes(opmt::Estimate::fixed(9.0)),
    })
    .unwrap();
    ws.shown = Which::Current;
    harness.run();
    type_into(&mut harness, GP_MINUTES, "7");
    let kept = option(&harness);
    assert_eq!(kept.steps[gp].touch_minutes, opmt::Estimate::fixed(5.0));
    assert_eq!(kept.steps[1].touch_minutes, opmt::Estimate::fixed(9.0));
}

#[test]
fn the_comparison_model_can_be_switched_from_the_menu() {
    let mut harness = app_with(None, &Answers::default());
    harness.get_by_label("Compare").click();
    harness.run();
    // The menu item, not the pathway's name in the line above the headline.
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, DEFAULT_CURRENT)
        .click();
    harness.run();
    let ws = &harness.state().workspace;
    assert_eq!(ws.doc(Which::Comparison).pathway().name, DEFAULT_CURRENT);
    assert_eq!(
        ws.shown,
        Which::Current,
        "the view stays on the current process after choosing a comparison"
    );
    assert!(
        annual_saving(&harness).abs() < 1e-9,
        "a pathway against itself saves nothing"
    );
}

#[test]
fn clicking_a_stage_highlights_it() {
    let mut harness = app_with(None, &Answers::default());
    let highlight = |h: &Harness<'_, OpmtApp>| {
        h.state()
            .workspace
            .pane(Which::Current)
            .selection
            .highlight_stage
    };
    harness.get_by_label("Both").click();
    harness.run();
    // The stage key above the charts.
    harness.get_by_label("  Booking").click();
    harness.run();
    assert_eq!(highlight(&harness), Some(opmt::Stage::Booking));
    harness.get_by_label("  Booking").click();
    harness.run();
    assert_eq!(highlight(&harness), None, "a second click clears it");
    // A bar in the cost-by-stage chart: six stages spread across the plot; the
    // first bar's stage sits near the left edge.
    let rect = harness
        .get_by_label("Cost per referral by stage chart")
        .rect();
    let x = rect.left() + rect.width() * 0.09;
    harness.event(egui::Event::PointerMoved(egui::pos2(x, rect.center().y)));
    harness.run();
    harness.event(egui::Event::PointerButton {
        pos: egui::pos2(x, rect.center().y),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: egui::pos2(x, rect.center().y),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    assert_eq!(highlight(&harness), Some(opmt::Stage::Referral));
}

#[test]
fn marking_a_step_as_a_letter_counts_it_in_the_results() {
    let mut harness = app_with(None, &Answers::default());
    let letters = |h: &Harness<'_, OpmtApp>| {
        h.state()
            .workspace
            .comparison()
            .unwrap()
            .current
            .count(opmt::Counter::Letter)
    };
    let before = letters(&harness);
    // "Register the referral on PAS" is visited 0.968 / 0.974832 times per referral:
    // 90% go straight on to the letter and 68% of the 10% who ask for Advice &
    // Guidance are referred after all (0.9 + 0.1 × 0.68 = 0.968), and half the 5.2%
    // returned at grading are re-referred (1 - 0.5 × 0.052 × 0.968 = 0.974832).
    let index = current(&harness).step_index("register").unwrap();
    harness.state_mut().workspace.focus(index);
    harness.run();
    harness.get_by_label("Letters").click();
    harness.run();
    assert_eq!(
        current(&harness).steps[index].counts_as,
        vec![opmt::Counter::Letter]
    );
    let register_visits = 0.968 / (1.0 - 0.5 * 0.052 * 0.968);
    assert!((letters(&harness) - before - register_visits).abs() < 1e-9);
    harness.get_by_label("Letters").click();
    harness.run();
    assert!(current(&harness).steps[index].counts_as.is_empty());
}

#[test]
fn link_two_steps_by_dragging_a_handle_on_the_map_then_undo() {
    let mut harness = app_on_paper(&Answers::default());
    let from = current(&harness).step_index("case_notes").unwrap();
    let to = current(&harness).step_index("appt_letter").unwrap();
    let links_before = current(&harness).steps[from].next.clone();
    // Select by clicking the card.
    harness.get_by_label("Find or scan the case notes").click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .workspace
            .pane(Which::Current)
            .selection
            .step,
        Some(from)
    );
    // Drag from its link handle onto another card.
    let start = harness
        .get_by_label("Link from Find or scan the case notes")
        .rect()
        .center();
    let end = harness
        .get_by_label("Appointment letter posted")
        .rect()
        .center();
    harness.hover_at(start);
    harness.drag_at(start);
    harness.run();
    for t in [0.25, 0.5, 0.75, 1.0] {
        harness.hover_at(start + (end - start) * t);
        harness.run();
    }
    harness.drop_at(end);
    harness.run();
    let next = &current(&harness).steps[from].next;
    assert_eq!(next.len(), 2);
    assert_eq!(next[1].to, "appt_letter");
    // The grade link already takes 100%, so nothing is left over: the new link
    // takes half and the pathway stays valid.
    assert_eq!(next[0].share, 0.5);
    assert_eq!(next[1].share, 0.5);
    let problems = &harness.state().workspace.derived(Which::Current).problems;
    assert!(!opmt::validate::has_errors(problems), "{problems:?}");
    assert!(current(&harness).steps[to].next.len() == 1);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        current(&harness).steps[from].next,
        links_before,
        "one undo removes the link"
    );
}

#[test]
fn the_saving_is_split_into_cash_staff_time_and_capacity() {
    let mut harness = common::app(None, egui::vec2(1440.0, 1000.0), &Answers::default());
    let c = harness.state().workspace.comparison().unwrap().clone();
    let split = c.annual_saving_split();
    let pounds = |v: f64| opmt::numbers::pounds(v, 0);
    // The headline leads with the kinds of money, cash first, and names the GP
    // practice, which spends more while the option saves overall.
    harness.get_by_label("Economic value a year");
    harness.get_by_label(&pounds(c.annual_saving));
    harness.get_by_label(&format!("Cash-releasing: {} saved", pounds(split.cash)));
    harness.get_by_label(&format!(
        "Staff time (non-cash): {} saved",
        pounds(split.staff_direct)
    ));
    harness.get_by_label(&format!(
        "Capacity (non-cash): {} saved",
        pounds(split.capacity)
    ));
    let practice = c
        .organisation(opmt::model::Organisation::Practice)
        .unwrap()
        .saving_split
        .total()
        * c.current.annual_referrals;
    assert!(practice < -0.5, "the practice spends more: {practice}");
    harness.get_by_label(&format!("GP practice: {} more", pounds(-practice)));
    // Its 90% range, from the uncertainty run in the background (at start: see
    // `common::app`), as the command line works it out.
    let ranges = harness.state().workspace.ranges().unwrap();
    assert!(ranges.is_current);
    let range = &ranges.uncertainty.annual_saving;
    harness.get_by_label(&format!("90%: {}–{}", pounds(range.p5), pounds(range.p95)));
    assert!(harness.query_by_label("range updating…").is_none());
    let ws = &harness.state().workspace;
    let [current, option] = [0, 1].map(|k| ws.session().analysed(k));
    let (costed, comparison) = opmt::compare::costed_comparison(&current, &option).unwrap();
    assert_eq!(
        ranges.uncertainty,
        &opmt::business::ranges(&costed, &comparison, opmt::uncertainty::DEFAULT_DRAWS)
    );
    assert!((split.total() - c.annual_saving).abs() < 1e-6);

    harness.get_by_label("Results only").click();
    harness.run();
    harness.get_by_label("Cash and capacity").click();
    harness.run();
    harness.get_by_label("Saving a year by organisation");
    harness.get_by_label("Saving a year by stage");
    // The provider's total saving a year is in the table, and each role's cost basis.
    let provider = c
        .organisation(opmt::model::Organisation::Provider)
        .unwrap()
        .saving_split
        .scaled(c.current.annual_referrals);
    assert!(harness.get_all_by_label(&pounds(provider.total())).count() >= 1);
    assert!(
        harness
            .get_all_by_label(
                "fully loaded, excluding qualifications (PSSRU 2025); direct rate 2025/26"
            )
            .count()
            >= 1
    );
    // The headline's range as worked out for the pathways as they are.
    common::wait_for_the_business_case(&mut harness);
    harness.snapshot("results_cash_and_capacity");
}

/// The headline's classes, the practice line and the range stay on screen at the
/// sizes of a laptop and of a projector.
#[test]
fn the_headline_fits_at_1440_by_900_and_1920_by_1080() {
    for size in [egui::vec2(1440.0, 900.0), egui::vec2(1920.0, 1080.0)] {
        let harness = common::app(None, size, &Answers::default());
        let lines = [
            "Economic value a year",
            "Cash-releasing: ",
            "Staff time (non-cash): ",
            "Capacity (non-cash): ",
            "GP practice: ",
            "90%: ",
        ];
        for text in lines {
            let rect = harness.get_by_label_contains(text).rect();
            assert!(
                rect.bottom() <= size.y && rect.right() <= size.x && rect.top() >= 0.0,
                "{text} at {rect:?} is off the {size:?} window"
            );
        }
    }
}
