//! Capture at the speed of a room, driven through the real app with egui_kittest:
//! number fields that never lose a key however the keys fall into frames, pickers
//! worked from the keyboard, an inspector whose fields stay put, shares that
//! rebalance predictably, and levers that can be typed and finely dragged.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::OpmtApp;
use opmt::edit::{Edit, StepField};
use opmt::model::{Estimate, LeverValue};

use crate::common;

use common::{Answers, current, press};

fn app() -> Harness<'static, OpmtApp> {
    common::app(None, egui::vec2(1440.0, 900.0), &Answers::default())
}

fn key_event(key: Key, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

/// Puts `events` into one frame, as a slow machine gets keys typed fast.
fn one_frame(harness: &mut Harness<'_, OpmtApp>, events: Vec<Event>) {
    harness.input_mut().events.extend(events);
    harness.step();
}

/// Lets the app work through whatever input it still holds.
fn settle(harness: &mut Harness<'_, OpmtApp>) {
    for _ in 0..200 {
        harness.step();
        if !harness.ctx.has_requested_repaint() {
            break;
        }
    }
    harness.run();
}

fn focused(harness: &Harness<'_, OpmtApp>, label: &str) -> bool {
    harness.get_all_by_label(label).any(|n| n.is_focused())
}

/// Tab and the first character of `text` in one frame, then one character a frame,
/// then Tab alone: the way "12" was typed when it became 1.
fn tab_and_type(harness: &mut Harness<'_, OpmtApp>, text: &str) {
    let mut chars = text.chars();
    let first = chars.next().unwrap();
    one_frame(
        harness,
        vec![
            key_event(Key::Tab, Modifiers::NONE),
            Event::Text(first.to_string()),
        ],
    );
    for c in chars {
        one_frame(harness, vec![Event::Text(c.to_string())]);
    }
}

/// Puts the keyboard just before the field `label` (on it, then Shift+Tab), then
/// types `text` into it with [`tab_and_type`] and leaves it with Tab.
fn type_fast(harness: &mut Harness<'_, OpmtApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    assert!(focused(harness, label), "{label} takes the keyboard");
    press(harness, Modifiers::SHIFT, Key::Tab);
    assert!(!focused(harness, label), "Shift+Tab leaves {label}");
    tab_and_type(harness, text);
    assert!(focused(harness, label), "Tab came back to {label}");
    one_frame(harness, vec![key_event(Key::Tab, Modifiers::NONE)]);
    settle(harness);
}

/// Selects the first step of the bundled current process (Ctrl+Down) and makes its
/// touch minutes and wait days single numbers (its model gives them as ranges), so
/// that "Touch minutes" and "Wait days" each name one field: its most likely
/// minutes, and a wait of 10 days (pinned as a lever, a single number's slider
/// runs from 0 to twice the value pinned, so the 12.5 days typed there fits).
fn select_first_step_with_single_numbers(harness: &mut Harness<'_, OpmtApp>) {
    press(harness, Modifiers::COMMAND, Key::ArrowDown);
    let first = current(harness).steps[0].clone();
    for field in [
        StepField::TouchMinutes(Estimate::fixed(first.touch_minutes.likely)),
        StepField::WaitDays(Estimate::fixed(10.0)),
    ] {
        harness
            .state_mut()
            .workspace
            .apply(Edit::SetStep { index: 0, field })
            .unwrap();
    }
    harness.run();
}

fn step<'h>(harness: &'h Harness<'_, OpmtApp>, id: &str) -> &'h opmt::Step {
    let p = current(harness);
    &p.steps[p.step_index(id).unwrap()]
}

#[test]
fn every_number_field_takes_one_key_a_frame_with_tab_in_the_first_keys_frame() {
    let mut harness = app();
    // The inspector, by the keyboard alone: File > New puts the keyboard on the
    // first step's name; Tab goes stage, role, New role.
    press(&mut harness, Modifiers::COMMAND, Key::N);
    one_frame(&mut harness, vec![Event::Text("GP letter".into())]);
    for _ in 0..3 {
        one_frame(&mut harness, vec![key_event(Key::Tab, Modifiers::NONE)]);
    }
    assert!(focused(&harness, "New role"));
    // Enter, and the role's name typed in the very next frame.
    one_frame(&mut harness, vec![key_event(Key::Enter, Modifiers::NONE)]);
    one_frame(&mut harness, vec![Event::Text("GP".into())]);
    tab_and_type(&mut harness, "150"); // hourly cost
    tab_and_type(&mut harness, "12"); // touch minutes
    one_frame(&mut harness, vec![key_event(Key::Tab, Modifiers::NONE)]); // its Range box
    tab_and_type(&mut harness, "20"); // wait days
    one_frame(&mut harness, vec![key_event(Key::Tab, Modifiers::NONE)]);
    tab_and_type(&mut harness, "0,55"); // unit cost, with a comma
    one_frame(&mut harness, vec![key_event(Key::Tab, Modifiers::NONE)]);
    settle(&mut harness);
    let p = current(&harness);
    let first = &p.steps[0];
    assert_eq!(first.name, "GP letter");
    assert_eq!(first.touch_minutes, Estimate::fixed(12.0));
    assert_eq!(first.wait_days, Estimate::fixed(20.0));
    assert_eq!(first.unit_cost, Estimate::fixed(0.55));
    let role = p.role(first.role.as_deref().unwrap()).unwrap();
    assert_eq!((role.name.as_str(), role.hourly_cost), ("GP", 150.0));

    // A range, the steps table, the roles table and the settings.
    harness.get_by_label("Touch minutes as a range").click();
    harness.run();
    type_fast(&mut harness, "Touch minutes, high", "25");
    type_fast(&mut harness, "Touch minutes, low", "8");
    assert_eq!(
        current(&harness).steps[0].touch_minutes,
        Estimate::range(8.0, 12.0, 25.0)
    );
    harness.get_by_label("Steps table").click();
    harness.run();
    type_fast(&mut harness, "Wait days of GP letter", "35");
    type_fast(&mut harness, "Unit cost (£) of GP letter", "1.25");
    harness.get_by_label("Roles and settings").click();
    harness.run();
    type_fast(&mut harness, "Hourly cost of GP", "162.5");
    type_fast(&mut harness, "Annual referrals", "12,000");
    type_fast(&mut harness, "WTE hours per year", "1600");
    harness.get_by_label("Direct hourly cost of GP").click();
    harness.run();
    type_fast(&mut harness, "Direct hourly cost of GP", "99");
    let p = current(&harness);
    assert_eq!(p.steps[0].wait_days, Estimate::fixed(35.0));
    assert_eq!(p.steps[0].unit_cost, Estimate::fixed(1.25));
    assert_eq!(p.roles[0].hourly_cost, 162.5);
    assert_eq!(p.roles[0].direct_hourly_cost, Some(99.0));
    assert_eq!(p.annual_referrals, 12000.0);
    assert_eq!(p.wte_hours, 1600.0);
}

/// `text` as a real keyboard gives it through winit: each space is a Space key
/// press (and release) as well as its text, which a focused button takes as a click.
fn typed_on_a_keyboard(text: &str) -> Vec<Event> {
    let mut events = Vec::new();
    for c in text.chars() {
        if c == ' ' {
            events.push(key_event(Key::Space, Modifiers::NONE));
            events.push(Event::Key {
                key: Key::Space,
                physical_key: None,
                pressed: false,
                repeat: false,
                modifiers: Modifiers::NONE,
            });
        }
        events.push(Event::Text(c.to_string()));
    }
    events
}

#[test]
fn a_role_name_typed_with_spaces_straight_after_new_role_names_the_one_role_added() {
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    one_frame(&mut harness, typed_on_a_keyboard("GP letter"));
    settle(&mut harness);
    assert_eq!(current(&harness).steps[0].name, "GP letter");
    for _ in 0..3 {
        one_frame(&mut harness, vec![key_event(Key::Tab, Modifiers::NONE)]);
    }
    assert!(focused(&harness, "New role"));
    // Enter, and the name (with its spaces) in the very next frame, as a slow
    // frame gets it: before its field takes the keyboard, in that frame, the
    // button still has it, and must not take the Space as a second press.
    one_frame(&mut harness, vec![key_event(Key::Enter, Modifiers::NONE)]);
    one_frame(&mut harness, typed_on_a_keyboard("Medical secretary"));
    one_frame(&mut harness, vec![key_event(Key::Tab, Modifiers::NONE)]);
    settle(&mut harness);
    let p = current(&harness);
    let names: Vec<&str> = p.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["Medical secretary"],
        "one role added, named as typed"
    );
    let role = p.steps[0].role.as_deref().unwrap();
    assert_eq!(p.role(role).unwrap().name, "Medical secretary");
    assert!(
        focused(&harness, "Hourly cost"),
        "Tab went on to the hourly cost"
    );
}

#[test]
fn a_whole_steps_fields_typed_in_one_frame_all_arrive() {
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    let tab = || key_event(Key::Tab, Modifiers::NONE);
    let text = |t: &str| Event::Text(t.to_owned());
    one_frame(
        &mut harness,
        vec![
            text("Triage"),
            tab(),
            tab(),
            tab(),
            key_event(Key::Enter, Modifiers::NONE),
            text("Consultant"),
            tab(),
            text("120"),
            tab(),
            text("3"),
            tab(),
            tab(),
            text("20"),
            tab(),
            tab(),
            text("1.5"),
            tab(),
        ],
    );
    settle(&mut harness);
    let p = current(&harness);
    let first = &p.steps[0];
    assert_eq!(first.name, "Triage");
    assert_eq!(first.touch_minutes, Estimate::fixed(3.0));
    assert_eq!(first.wait_days, Estimate::fixed(20.0));
    assert_eq!(first.unit_cost, Estimate::fixed(1.5));
    let role = p.role(first.role.as_deref().unwrap()).unwrap();
    assert_eq!(
        (role.name.as_str(), role.hourly_cost),
        ("Consultant", 120.0)
    );
}

#[test]
fn a_number_that_does_not_parse_is_shown_and_never_stored_and_escape_reverts() {
    let mut harness = app();
    select_first_step_with_single_numbers(&mut harness);
    let before = current(&harness).steps[0].touch_minutes;
    let field = || ("Touch minutes", Role::TextInput);
    let (label, role) = field();
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    harness.get_by_role_and_label(role, label).type_text("12x");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(current(&harness).steps[0].touch_minutes, before);
    // Still showing what was typed, in the error colour, with the reason on hover.
    assert_eq!(
        harness
            .get_by_role_and_label(role, label)
            .value()
            .as_deref(),
        Some("12x")
    );
    // Escape puts the value back.
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Escape);
    let shown = harness.get_by_role_and_label(role, label).value().unwrap();
    assert_eq!(shown, opmt::numbers::trimmed(before.likely, 2));
    // Typed and escaped: nothing stored either.
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    harness.get_by_role_and_label(role, label).type_text("99");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(current(&harness).steps[0].touch_minutes, before);
    // Out of range is refused too.
    harness.get_by_role_and_label(role, label).focus();
    harness.run();
    harness.get_by_role_and_label(role, label).type_text("-4");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(current(&harness).steps[0].touch_minutes, before);
}

#[test]
fn each_committed_number_is_one_undo_step() {
    let mut harness = app();
    select_first_step_with_single_numbers(&mut harness);
    let before = current(&harness).steps[0].touch_minutes;
    type_fast(&mut harness, "Wait days", "9");
    type_fast(&mut harness, "Touch minutes", "44");
    assert_eq!(
        current(&harness).steps[0].touch_minutes,
        Estimate::fixed(44.0)
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(current(&harness).steps[0].touch_minutes, before);
    assert_eq!(current(&harness).steps[0].wait_days, Estimate::fixed(9.0));
}

/// The stage picker of the selected step, by keyboard.
#[test]
fn pickers_filter_move_choose_and_close_from_the_keyboard() {
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::ArrowDown);
    let stage = current(&harness).steps[0].stage;
    assert_ne!(stage, opmt::Stage::Booking);
    harness.get_by_label("Stage").focus();
    harness.run();
    // Return opens; typing filters; Return chooses and closes; the picker keeps
    // the keyboard.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(
        focused(&harness, "Type to filter"),
        "the list opens to type in"
    );
    one_frame(&mut harness, vec![Event::Text("boo".into())]);
    settle(&mut harness);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(current(&harness).steps[0].stage, opmt::Stage::Booking);
    assert!(harness.query_by_label("Type to filter").is_none(), "closed");
    assert!(focused(&harness, "Stage"));

    // The arrows move; Escape closes without a choice and keeps the keyboard, so
    // Tab goes on to the role, not to the menu bar.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.query_by_label("Type to filter").is_none());
    assert_eq!(current(&harness).steps[0].stage, opmt::Stage::Booking);
    assert!(focused(&harness, "Stage"));
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert!(focused(&harness, "Role"));

    // Typing on a closed picker opens it filtered; the arrows pick among what
    // matches; Return chooses.
    let roles = current(&harness).roles.clone();
    one_frame(&mut harness, vec![Event::Text("c".into())]);
    settle(&mut harness);
    assert!(focused(&harness, "Type to filter"));
    let matching: Vec<_> = std::iter::once("No role")
        .chain(roles.iter().map(|r| r.name.as_str()))
        .filter(|n| n.to_lowercase().contains('c'))
        .collect();
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let chosen = current(&harness).steps[0].role.clone();
    let name = opmt::ui::picker::role_label(current(&harness), chosen.as_deref());
    assert_eq!(name, matching[1]);
    assert!(focused(&harness, "Role"));

    // Tab on a filtered list chooses and moves on.
    harness.get_by_label("Stage").focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    one_frame(&mut harness, vec![Event::Text("tria".into())]);
    press(&mut harness, Modifiers::NONE, Key::Tab);
    settle(&mut harness);
    assert_eq!(current(&harness).steps[0].stage, opmt::Stage::Triage);
    assert!(focused(&harness, "Role"), "Tab chose and moved on");
}

#[test]
fn a_picker_opened_filtered_and_chosen_in_three_frames_in_a_row_chooses() {
    // Enter, the filter and Enter again, one frame each and no frame between, as
    // a slow machine gets them: the filter is typed in the list's first frame (a
    // sizing pass, before its field can take the keyboard), so the picker's button
    // still has the keyboard when the second Enter comes, and must not take it as
    // a press that closes the list.
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::ArrowDown);
    assert_ne!(current(&harness).steps[0].stage, opmt::Stage::Attendance);
    harness.get_by_label("Stage").focus();
    harness.run();
    let enter = || key_event(Key::Enter, Modifiers::NONE);
    one_frame(&mut harness, vec![enter()]);
    one_frame(&mut harness, typed_on_a_keyboard("atten"));
    one_frame(&mut harness, vec![enter()]);
    settle(&mut harness);
    assert_eq!(current(&harness).steps[0].stage, opmt::Stage::Attendance);
    assert!(harness.query_by_label("Type to filter").is_none(), "closed");
    assert!(focused(&harness, "Stage"), "the picker keeps the keyboard");
}

#[test]
fn the_touch_minutes_field_stays_put_when_the_role_or_name_changes() {
    let mut harness = app();
    select_first_step_with_single_numbers(&mut harness);
    let rect = |h: &Harness<'_, OpmtApp>| {
        h.get_by_role_and_label(Role::TextInput, "Touch minutes")
            .rect()
    };
    let panel_right = |h: &Harness<'_, OpmtApp>| h.get_by_label("Step name").rect().left();
    let at_first = rect(&harness);
    let right = panel_right(&harness);
    // No role, then another role, then a new one.
    let index = 0;
    for role in [None, Some(current(&harness).roles[1].id.clone())] {
        harness
            .state_mut()
            .workspace
            .apply(Edit::SetStep {
                index,
                field: StepField::Role(role),
            })
            .unwrap();
        harness.run();
        assert_eq!(rect(&harness), at_first);
    }
    harness.get_by_label("New role").click();
    harness.run();
    assert_eq!(rect(&harness), at_first);
    // A long name typed: the heading is cut, not wrapped; the panel keeps its width.
    harness.get_by_label("Step name").focus();
    harness.run();
    harness
        .get_by_label("Step name")
        .type_text(" and then a great deal more about what happens at this step");
    harness.run();
    assert_eq!(rect(&harness), at_first);
    assert_eq!(panel_right(&harness), right);
    // The labels are whole.
    harness.get_by_label("Hourly cost");
}

#[test]
fn typing_a_third_branch_takes_from_the_branch_not_typed_and_says_so() {
    let mut harness = app();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    one_frame(&mut harness, vec![Event::Text("Triage".into())]);
    // Three steps after triage: select triage, Enter, type the name, Escape.
    for name in ["Booking", "Advice", "Urgent"] {
        press(&mut harness, Modifiers::NONE, Key::Escape);
        harness.state_mut().workspace.focus(0);
        harness.run();
        press(&mut harness, Modifiers::NONE, Key::Enter);
        one_frame(&mut harness, vec![Event::Text(name.into())]);
        settle(&mut harness);
    }
    press(&mut harness, Modifiers::NONE, Key::Escape);
    let triage = current(&harness).steps[0].clone();
    assert_eq!(triage.next.len(), 3);
    let names: Vec<String> = triage
        .next
        .iter()
        .map(|l| step(&harness, &l.to).name.clone())
        .collect();
    assert_eq!(names, ["Booking", "Advice", "Urgent"]);
    // Typed on triage's links: 75% booking, 10% advice; the third takes the rest.
    harness.state_mut().workspace.focus(0);
    harness.run();
    type_fast(&mut harness, "Share to Booking", "75");
    type_fast(&mut harness, "Share to Advice", "10");
    let shares = |h: &Harness<'_, OpmtApp>| -> Vec<f64> {
        current(h).steps[0].next.iter().map(|l| l.share).collect()
    };
    assert_eq!(shares(&harness), [0.75, 0.1, 0.15]);
    harness.get_by_label_contains("Urgent took up the rest");
    // Then 20% urgent: booking and advice were typed, so the most recently added
    // other branch (advice) gives; booking keeps its 75%.
    type_fast(&mut harness, "Share to Urgent", "20");
    assert_eq!(shares(&harness), [0.75, 0.05, 0.2]);
    harness.get_by_label_contains("Advice took up the rest");
    let total: f64 = shares(&harness).iter().sum();
    assert!((total - 1.0).abs() < 1e-9);
    // Tab goes from a share to the next link, never to Remove.
    harness.get_by_label("Share to Booking").focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert!(!focused(&harness, "Remove link to Booking"));
    assert!(focused(&harness, "Link 2 goes to"));
}

#[test]
fn levers_are_pinned_from_a_value_typed_and_dragged_finely() {
    let mut harness = app();
    select_first_step_with_single_numbers(&mut harness);
    // Right-click the minutes value itself (not its label).
    harness
        .get_by_role_and_label(Role::TextInput, "Wait days")
        .click_secondary();
    harness.run();
    harness.get_by_label("Pin as a lever").click();
    harness.run();
    let lever = current(&harness).levers[0].clone();
    assert_eq!(lever.value, LeverValue::WaitDays);
    let name = opmt::levers::label(current(&harness), &lever);
    // Typed.
    type_fast(&mut harness, &format!("{name}, value"), "12.5");
    assert_eq!(opmt::levers::value(current(&harness), &lever), Some(12.5));
    // Dragged 50 points: a fine change, a tenth of it with Shift.
    let rail = harness.get_by_role_and_label(Role::Slider, &name).rect();
    let range = opmt::levers::range(current(&harness), &lever).unwrap();
    let drag = |h: &mut Harness<'_, OpmtApp>, shift: bool| {
        let y = rail.center().y;
        let x = rail.center().x;
        if shift {
            h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
        }
        h.drag_at(egui::pos2(x, y));
        h.run();
        for k in 1..=5 {
            h.hover_at(egui::pos2(x + 10.0 * k as f32, y));
            h.run();
        }
        h.drop_at(egui::pos2(x + 50.0, y));
        h.run();
        h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
        opmt::levers::value(current(h), &lever).unwrap()
    };
    let before = 12.5;
    let after = drag(&mut harness, false);
    let per_point = (range.1 - range.0) / f64::from(rail.width());
    assert!(after > before, "{after}");
    assert!(after - before <= 50.0 * per_point + 0.1, "{after}");
    let fine = drag(&mut harness, true) - after;
    assert!(fine > 0.0 && fine <= 5.0 * per_point + 0.02, "{fine}");
}

#[test]
fn a_lever_typed_beyond_its_slider_drags_from_the_value_typed() {
    let mut harness = app();
    select_first_step_with_single_numbers(&mut harness);
    harness
        .get_by_role_and_label(Role::TextInput, "Wait days")
        .click_secondary();
    harness.run();
    harness.get_by_label("Pin as a lever").click();
    harness.run();
    let lever = current(&harness).levers[0].clone();
    let name = opmt::levers::label(current(&harness), &lever);
    // Pinned at 10 days, the slider runs from 0 to 20; 30 is typed beyond its end.
    assert_eq!(
        opmt::levers::range(current(&harness), &lever),
        Some((0.0, 20.0))
    );
    type_fast(&mut harness, &format!("{name}, value"), "30");
    assert_eq!(opmt::levers::value(current(&harness), &lever), Some(30.0));
    let (low, high) = opmt::levers::range(current(&harness), &lever).unwrap();
    // A small drag to the left, in several frames, from the slider's middle.
    let rail = harness.get_by_role_and_label(Role::Slider, &name).rect();
    let (y, x) = (rail.center().y, rail.center().x);
    harness.drag_at(egui::pos2(x, y));
    harness.run();
    for k in 1..=4 {
        harness.hover_at(egui::pos2(x - 5.0 * k as f32, y));
        harness.run();
    }
    harness.drop_at(egui::pos2(x - 20.0, y));
    harness.run();
    let after = opmt::levers::value(current(&harness), &lever).unwrap();
    // It moved down a little from 30, by what 20 points of the slider are worth:
    // not to the old end of its range (20), nor near it.
    let per_point = (high - low) / f64::from(rail.width());
    assert!(after < 30.0, "the drag moved the lever down: {after}");
    assert!(
        30.0 - after <= 20.0 * per_point + 0.1,
        "a 20-point drag moved the lever from 30 to {after} days (slider {} points wide)",
        rail.width()
    );
    // The slider had taken in the 30 typed, with room to go either way.
    assert!(
        low < 30.0 && 30.0 < high,
        "the slider takes in 30: {low}..{high}"
    );
    // And a small drag to the right from there moves it back up a little.
    let before = after;
    harness.drag_at(egui::pos2(x, y));
    harness.run();
    for k in 1..=2 {
        harness.hover_at(egui::pos2(x + 5.0 * k as f32, y));
        harness.run();
    }
    harness.drop_at(egui::pos2(x + 10.0, y));
    harness.run();
    let after = opmt::levers::value(current(&harness), &lever).unwrap();
    assert!(after > before, "{before} -> {after}");
    assert!(
        after - before <= 10.0 * per_point + 0.1,
        "{before} -> {after}"
    );
}
