//! Workshop mode, driven through the real app with egui_kittest: a pathway typed
//! at the speed of talk without touching the mouse.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::path::PathBuf;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::{OpmtApp, Which};

use crate::common;

use common::{Answers, current, press};

fn app() -> Harness<'static, OpmtApp> {
    common::app(None, egui::vec2(1440.0, 900.0), &Answers::default())
}

fn key(harness: &mut Harness<'_, OpmtApp>, key: Key) {
    press(harness, Modifiers::NONE, key);
}

/// Types `text` into whatever has the keyboard.
fn type_text(harness: &mut Harness<'_, OpmtApp>, text: &str) {
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run();
}

/// Replaces the text of the focused field by `text`.
fn retype(harness: &mut Harness<'_, OpmtApp>, text: &str) {
    press(harness, Modifiers::COMMAND, Key::A);
    type_text(harness, text);
}

fn focused(harness: &Harness<'_, OpmtApp>, label: &str) -> bool {
    harness
        .get_all_by_label(label)
        .any(|node| node.is_focused())
}

/// Presses Tab until the widget labelled `label` has the keyboard.
fn tab_to(harness: &mut Harness<'_, OpmtApp>, label: &str) {
    for _ in 0..30 {
        if focused(harness, label) {
            return;
        }
        key(harness, Key::Tab);
    }
    panic!("Tab never reached \"{label}\"");
}

/// Tabs to the picker `label`, opens it with Enter, types `option` to filter the
/// list to it and chooses it with Enter; the picker closes and keeps the keyboard.
fn choose(harness: &mut Harness<'_, OpmtApp>, label: &str, option: &str) {
    tab_to(harness, label);
    key(harness, Key::Enter);
    assert!(
        focused(harness, "Type to filter"),
        "{label} opens to type in"
    );
    type_text(harness, option);
    key(harness, Key::Enter);
    assert!(
        harness.query_by_label("Type to filter").is_none(),
        "{label} closes on Enter"
    );
    assert!(focused(harness, label), "{label} keeps the keyboard");
}

/// A new role for the selected step, named and costed in the inspector.
fn new_role(harness: &mut Harness<'_, OpmtApp>, name: &str, hourly_cost: &str) {
    tab_to(harness, "New role");
    key(harness, Key::Enter);
    assert!(
        focused(harness, "Role name"),
        "the new role's name takes the keyboard"
    );
    type_text(harness, name);
    tab_to(harness, "Hourly cost");
    retype(harness, hourly_cost);
}

/// Tabs to the number field `label`, types `value` and commits it with Tab (Enter
/// would commit too, but leaves no widget with the keyboard, so the next Tab
/// starts again from the menu bar).
fn number(harness: &mut Harness<'_, OpmtApp>, label: &str, value: &str) {
    tab_to(harness, label);
    retype(harness, value);
    key(harness, Key::Tab);
}

/// Leaves the field (Escape), then Enter on the selected step: a step after it,
/// whose name is typed at once.
fn step_after(harness: &mut Harness<'_, OpmtApp>, name: &str) {
    key(harness, Key::Escape);
    key(harness, Key::Enter);
    assert!(
        focused(harness, "Step name"),
        "the new step's name takes the keyboard"
    );
    type_text(harness, name);
}

fn fixture() -> opmt::model::Pathway {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workshop-capture.ron");
    opmt::load_path(&path).unwrap().pathway
}

#[test]
fn a_pathway_with_a_branch_and_a_loop_is_typed_without_the_mouse() {
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    // File > New: the first step's name has the keyboard.
    assert!(focused(&harness, "Step name"));
    type_text(&mut harness, "GP letter");
    new_role(&mut harness, "GP", "150");
    number(&mut harness, "Touch minutes", "6");

    step_after(&mut harness, "Triage");
    choose(&mut harness, "Stage", "Triage");
    new_role(&mut harness, "Consultant", "120");
    number(&mut harness, "Touch minutes", "3");

    step_after(&mut harness, "Booking clerk books");
    choose(&mut harness, "Stage", "Booking");
    new_role(&mut harness, "Booking clerk", "30");
    number(&mut harness, "Touch minutes", "12");
    number(&mut harness, "Wait days", "20");

    step_after(&mut harness, "Clinic");
    choose(&mut harness, "Stage", "Attendance");
    choose(&mut harness, "Outcome", "Appointment");

    // Back to booking (Ctrl+Up): its second branch, the DNA, takes 10%.
    key(&mut harness, Key::Escape);
    press(&mut harness, Modifiers::COMMAND, Key::ArrowUp);
    step_after(&mut harness, "DNA");
    number(&mut harness, "Share from Booking clerk books", "10");
    choose(&mut harness, "Stage", "Attendance");

    // The rebooking call goes back round to booking.
    step_after(&mut harness, "DNA rebooking call");
    choose(&mut harness, "Stage", "Booking");
    number(&mut harness, "Touch minutes", "6");
    choose(&mut harness, "Add link to…", "Booking clerk books");

    // Back to triage: 15% get advice only.
    key(&mut harness, Key::Escape);
    for _ in 0..4 {
        press(&mut harness, Modifiers::COMMAND, Key::ArrowUp);
    }
    step_after(&mut harness, "Advice");
    number(&mut harness, "Share from Triage", "15");
    choose(&mut harness, "Outcome", "Advice");
    key(&mut harness, Key::Escape);

    let mut typed = current(&harness).clone();
    for step in &mut typed.steps {
        step.pos = None;
    }
    assert_eq!(typed, fixture());
    let expected = opmt::analyse(&fixture()).unwrap();
    let report = harness
        .state()
        .workspace
        .derived(opmt::app::Which::Current)
        .report
        .clone()
        .unwrap();
    assert_eq!(report.cost_per_referral, expected.cost_per_referral);
    // By hand: GP 6 min at £150/h = £15; triage 3 min at £120/h = £6; booking is
    // visited 0.85 / 0.9 times at 12 min and £30/h (£6 a visit); the call 0.85 / 9
    // times at £3: £15 + £6 + £5.6667 + £0.2833 = £26.95.
    assert!((expected.cost_per_referral - 26.95).abs() < 1e-9);
    let shown = format!(
        "{} to",
        opmt::numbers::pounds(expected.cost_per_referral, 2)
    );
    assert!(
        harness.get_all_by_label_contains(&shown).count() >= 1,
        "the headline shows {shown}"
    );
}

#[test]
fn tab_goes_name_stage_role_minutes_wait_cost() {
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    let fields = [
        "Step name",
        "Stage",
        "Role",
        "Touch minutes",
        "Wait days",
        "Unit cost (£)",
    ];
    let mut visited: Vec<&str> = Vec::new();
    for _ in 0..12 {
        if let Some(field) = fields.iter().find(|f| focused(&harness, f))
            && visited.last() != Some(field)
        {
            visited.push(field);
        }
        key(&mut harness, Key::Tab);
    }
    assert_eq!(visited, fields);
}

fn presenting(harness: &Harness<'_, OpmtApp>) -> bool {
    harness.state().presenting().is_some()
}

fn saving_shown(harness: &Harness<'_, OpmtApp>) -> String {
    let c = harness.state().workspace.comparison().unwrap();
    opmt::numbers::pounds(c.annual_saving, 0)
}

#[test]
fn present_mode_shows_maps_and_figures_large_and_esc_leaves() {
    let mut harness = common::app(None, egui::vec2(1600.0, 1000.0), &Answers::default());
    key(&mut harness, Key::F5);
    assert!(presenting(&harness));
    assert!(
        harness.query_by_label("Add step after").is_none(),
        "no editing chrome"
    );
    harness.get_by_label("Economic value a year");
    harness.get_by_label("Cash-releasing a year");
    harness.get_by_label(&saving_shown(&harness));
    assert_eq!(
        harness.get_all_by_label("Process map").count(),
        2,
        "both maps"
    );
    // The headline's range as worked out for the pathways as they are.
    common::wait_for_the_business_case(&mut harness);
    harness.snapshot("present");
    // The waterfall is a key away, and back.
    key(&mut harness, Key::W);
    assert!(harness.state().presenting().unwrap().waterfall);
    key(&mut harness, Key::W);
    key(&mut harness, Key::Escape);
    assert!(!presenting(&harness));
    harness.get_by_label("Add step after");

    // An edit made after leaving shows at once on coming back.
    let before = saving_shown(&harness);
    let step = current(&harness).step_index("register").unwrap_or(1);
    harness
        .state_mut()
        .workspace
        .apply(opmt::edit::Edit::SetStep {
            index: step,
            field: opmt::edit::StepField::TouchMinutes(opmt::Estimate::fixed(60.0)),
        })
        .unwrap();
    key(&mut harness, Key::F5);
    let after = saving_shown(&harness);
    assert_ne!(before, after);
    harness.get_by_label(&after);
}

#[test]
fn play_animates_only_while_playing() {
    let mut harness = common::app(None, egui::vec2(1600.0, 1000.0), &Answers::default());
    key(&mut harness, Key::F5);
    assert!(
        !harness.ctx.has_requested_repaint(),
        "nothing moves before Play"
    );
    harness.key_press(Key::Space);
    for _ in 0..10 {
        harness.step();
    }
    assert!(
        harness.ctx.has_requested_repaint(),
        "playing asks for frames"
    );
    let view = harness.state().presenting().unwrap();
    let day = view.playback.as_ref().unwrap().day();
    assert!(day > 0.0);
    // Paused: the clock stands still and no frame is asked for.
    harness.key_press(Key::Space);
    harness.run();
    let paused = harness.state().presenting().unwrap();
    let day = paused.playback.as_ref().unwrap().day();
    for _ in 0..3 {
        harness.step();
        assert!(!harness.ctx.has_requested_repaint(), "paused: no repaints");
    }
    let still = harness.state().presenting().unwrap();
    assert_eq!(still.playback.as_ref().unwrap().day(), day);
    // Stopped: the dots are gone, and still no repaints.
    key(&mut harness, Key::S);
    assert!(harness.state().presenting().unwrap().playback.is_none());
    harness.step();
    assert!(!harness.ctx.has_requested_repaint());
}

#[test]
fn a_pinned_lever_moves_the_saving_as_compare_does_and_a_drag_is_one_undo() {
    let mut harness = app();
    // Ctrl+Down selects the first step; pin its touch minutes from the inspector.
    press(&mut harness, Modifiers::COMMAND, Key::ArrowDown);
    let before = current(&harness).clone();
    let step = &before.steps[0];
    harness.get_by_label("Touch minutes").click_secondary();
    harness.run();
    harness.get_by_label("Pin as a lever").click();
    harness.run();
    let lever = current(&harness).levers[0].clone();
    assert_eq!(lever.step, step.id);
    assert_eq!(lever.base, step.touch_minutes.likely);
    let name = opmt::levers::label(current(&harness), &lever);

    // Drag the slider from its left end to its middle, in several frames.
    let rail = common::slider_rail(&harness, &name);
    common::drag_slider(&mut harness, &name, rail.left() + 2.0, rail.center().x);
    let moved = opmt::levers::value(current(&harness), &lever).unwrap();
    assert_ne!(moved, lever.base, "the drag moved the lever");

    // The app's saving is exactly compare's for the model with that value.
    let mut changed = before.clone();
    changed.levers.push(lever.clone());
    assert!(opmt::levers::set(&mut changed, &lever, moved));
    assert_eq!(&changed, current(&harness));
    let comparison = harness
        .state()
        .workspace
        .doc(opmt::app::Which::Comparison)
        .pathway();
    let expected = common::compared(&changed, comparison);
    let shown = harness.state().workspace.comparison().unwrap();
    assert_eq!(shown.annual_saving, expected.annual_saving);
    assert_ne!(
        shown.annual_saving,
        common::compared(&before, comparison).annual_saving
    );
    harness.get_by_label_contains(&opmt::numbers::pounds(expected.annual_saving, 0));

    // The whole drag is one undo step; the lever stays pinned.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        opmt::levers::value(current(&harness), &lever),
        Some(lever.base)
    );
    assert_eq!(current(&harness).levers.len(), 1);
    // Redo, then Reset levers puts the pinned value back.
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(opmt::levers::value(current(&harness), &lever), Some(moved));
    harness.get_by_label("Reset levers").click();
    harness.run();
    assert_eq!(
        opmt::levers::value(current(&harness), &lever),
        Some(lever.base)
    );
}

#[test]
fn help_has_a_guide_shortcuts_from_the_commands_and_about() {
    let mut harness = app();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts").click();
    harness.run();
    let list = opmt::ui::help::shortcut_list(&harness.ctx);
    assert_eq!(list.len(), opmt::app::Command::with_shortcuts().len());
    for (label, keys) in &list {
        assert!(!keys.is_empty(), "{label} has keys");
        harness.get_by_label(keys);
    }
    assert!(
        list.iter()
            .any(|(l, k)| l == "Add step after" && k == "Enter")
    );
    assert!(list.iter().any(|(l, k)| l == "Present" && k == "F5"));
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("About opmt").click();
    harness.run();
    harness.get_by_label(&format!("Version {}", env!("CARGO_PKG_VERSION")));
    harness.get_by_label_contains("Licence: MIT OR Apache-2.0");
}

#[test]
fn the_first_start_hint_points_to_the_guide_and_can_be_dismissed() {
    let mut harness = app();
    assert!(
        harness.query_by_label("Dismiss").is_none(),
        "no hint without a first start"
    );
    harness.state_mut().first_start_hint = true;
    harness.run();
    harness.get_by_label("Open the guide").click();
    harness.run();
    assert_eq!(
        harness.state().help_page(),
        Some(opmt::ui::help::HelpPage::Guide)
    );
    harness.get_by_label("Capture a process");
    assert!(harness.query_by_label("Dismiss").is_none());
    harness.state_mut().first_start_hint = true;
    harness.run();
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(!harness.state().first_start_hint);
}

#[test]
fn values_are_pinned_from_the_steps_table_too() {
    let mut harness = app();
    harness.get_by_label("Steps table").click();
    harness.run();
    let p = current(&harness).clone();
    let (index, step) = p
        .steps
        .iter()
        .enumerate()
        .find(|(_, s)| s.next.len() > 1)
        .unwrap();
    harness
        .get_by_label(&format!("Show {}", step.name))
        .click_secondary();
    harness.run();
    let to = &p.steps[p.step_index(&step.next[1].to).unwrap()].name;
    let entry = format!("Pin {}: share to {to} as a lever", step.name);
    harness.get_by_label(&entry).click();
    harness.run();
    let levers = &current(&harness).levers;
    assert_eq!(levers.len(), 1);
    assert_eq!(levers[0].step, p.steps[index].id);
    assert_eq!(levers[0].base, step.next[1].share);
    // The levers panel shows it as a slider from 0% to 100%.
    let name = opmt::levers::label(current(&harness), &levers[0].clone());
    harness.get_by_role_and_label(egui::accesskit::Role::Slider, &name);
}

#[test]
fn a_tornado_bar_is_pinned_as_a_lever_by_right_click() {
    let mut harness = common::app(None, egui::vec2(1800.0, 1000.0), &Answers::default());
    harness.get_by_label("Variability").click();
    common::wait_for_the_tornado(&mut harness);
    // Right-click the middle of the chart: a bar's row.
    harness.get_by_label("Tornado chart").click_secondary();
    harness.run();
    harness.get_by_label_contains("as a lever").click();
    harness.run();
    let levers = &current(&harness).levers;
    assert_eq!(levers.len(), 1, "the bar's value is pinned");
    let value = opmt::levers::value(current(&harness), &levers[0]);
    assert_eq!(value, Some(levers[0].base));
}

#[test]
fn the_comparison_s_tornado_pins_on_the_comparison_as_one_undo_step() {
    let mut harness = common::app(None, egui::vec2(1800.0, 1000.0), &Answers::default());
    // Chosen before the tab opens, so no frame runs while another tornado's job does.
    harness.state_mut().workspace.variability.tornado_of = Which::Comparison;
    harness.get_by_label("Variability").click();
    common::wait_for_the_tornado(&mut harness);
    harness.get_by_label("Tornado chart").click_secondary();
    harness.run();
    harness.get_by_label_contains("as a lever").click();
    harness.run();
    let ws = &harness.state().workspace;
    assert_eq!(
        ws.shown,
        Which::Current,
        "the view stays on the current process"
    );
    assert!(current(&harness).levers.is_empty());
    let comparison = ws.doc(Which::Comparison).pathway();
    assert_eq!(
        comparison.levers.len(),
        1,
        "pinned on the pathway the tornado shows"
    );
    let value = opmt::levers::value(comparison, &comparison.levers[0]);
    assert_eq!(value, Some(comparison.levers[0].base));
    // One step of the comparison's own undo history.
    harness.state_mut().workspace.show(Which::Comparison);
    harness.state_mut().workspace.undo();
    harness.run();
    let ws = &harness.state().workspace;
    assert!(ws.doc(Which::Comparison).pathway().levers.is_empty());
}
