//! What a new user tripped over while building a pathway from File > New: saving
//! where no system file dialog exists, cards piling up, ids instead of names,
//! branching, what is compared, the steps table and the results tables. Each test
//! drives the real app through egui_kittest by labels and keys.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::path::PathBuf;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::{FileKind, OpmtApp, Which};
use opmt::layout::overlaps;
use opmt::model::CanvasPos;

use crate::common;

use common::{Answers, current, press, type_into};

fn app_with(file: Option<PathBuf>, answers: &Answers) -> Harness<'static, OpmtApp> {
    common::app(file, egui::vec2(1440.0, 900.0), answers)
}

/// The app for tests that open its own file dialog (see [`common::app_unchecked`]).
fn app_with_file_dialog(answers: &Answers) -> Harness<'static, OpmtApp> {
    common::app_unchecked(None, egui::vec2(1440.0, 900.0), answers)
}

/// Answers that say no system dialog exists, with the app's own starting in `dir`.
fn no_system_dialogs(dir: &std::path::Path) -> Answers {
    let answers = Answers::default();
    answers.unavailable.set(true);
    *answers.start.borrow_mut() = Some(dir.to_path_buf());
    answers
}

fn menu(harness: &mut Harness<'_, OpmtApp>, menu: &str, item: &str) {
    harness.get_by_label(menu).click();
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, item)
        .click();
    harness.run();
}

fn new_pathway(harness: &mut Harness<'_, OpmtApp>) {
    press(harness, Modifiers::COMMAND, Key::N);
    assert_eq!(current(harness).name, "New pathway");
}

fn positions(harness: &Harness<'_, OpmtApp>) -> Vec<CanvasPos> {
    current(harness)
        .steps
        .iter()
        .map(|s| s.pos.expect("every new step has a place"))
        .collect()
}

#[test]
fn save_as_without_a_system_dialog_uses_the_app_s_own_and_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let answers = no_system_dialogs(dir.path());
    let mut harness = app_with_file_dialog(&answers);
    new_pathway(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert_eq!(
        harness.state().in_app_dialog(),
        Some(FileKind::Model),
        "Ctrl+S on an unsaved pathway opens the app's own dialog"
    );
    harness.get_by_label_contains("opmt's own file dialog");
    harness.get_by_label("Save").click();
    harness.run();
    let saved = dir.path().join("new-pathway.ron");
    assert!(
        saved.is_file(),
        "the suggested name was written in the folder"
    );
    assert_eq!(harness.state().in_app_dialog(), None);
    let doc = harness.state().workspace.doc(Which::Current);
    assert_eq!(doc.path(), Some(saved.as_path()));
    assert!(!doc.is_dirty());
    let reread = opmt::load_path(&saved).unwrap().pathway;
    assert_eq!(&reread, current(&harness));
}

/// A key pressed (and released), as a real keyboard gives it.
fn key_events(key: Key, modifiers: Modifiers) -> Vec<egui::Event> {
    [true, false]
        .map(|pressed| egui::Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        })
        .to_vec()
}

#[test]
fn the_app_s_own_save_dialog_takes_the_keyboard_so_a_path_typed_at_once_saves_there() {
    let dir = tempfile::tempdir().unwrap();
    let answers = no_system_dialogs(dir.path());
    let mut harness = app_with_file_dialog(&answers);
    // File > New leaves the keyboard on the first step's name.
    new_pathway(&mut harness);
    let name = current(&harness).steps[0].name.clone();
    // Ctrl+S, the path and Enter, a frame each with no frame between, as a slow
    // machine gets them: the path comes in the dialog's very first frame, before
    // its File field is drawn.
    let path = dir.path().join("typed").with_extension("ron");
    let frames = [
        key_events(Key::S, Modifiers::COMMAND),
        vec![egui::Event::Text(path.display().to_string())],
        key_events(Key::Enter, Modifiers::NONE),
    ];
    for events in frames {
        harness.input_mut().events.extend(events);
        harness.step();
    }
    harness.run();
    assert!(path.is_file(), "saved where typed");
    assert_eq!(harness.state().in_app_dialog(), None, "the dialog closed");
    assert_eq!(
        current(&harness).steps[0].name,
        name,
        "nothing typed for the dialog went into the step behind it"
    );
    assert_eq!(
        harness.state().workspace.doc(Which::Current).path(),
        Some(path.as_path())
    );
}

#[test]
fn a_tab_typed_as_the_app_s_own_dialog_opens_moves_on_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let answers = no_system_dialogs(dir.path());
    let mut harness = app_with_file_dialog(&answers);
    new_pathway(&mut harness);
    for events in [
        key_events(Key::S, Modifiers::COMMAND),
        key_events(Key::Tab, Modifiers::NONE),
    ] {
        harness.input_mut().events.extend(events);
        harness.step();
    }
    // The held Tab is given back once the File field has the keyboard.
    for _ in 0..10 {
        harness.step();
    }
    harness.run();
    assert!(
        harness
            .get_all_by_label("Show Hidden")
            .any(|n| n.is_focused()),
        "Tab went from the File field to the next thing in the dialog"
    );
}

#[test]
fn open_and_compare_without_a_system_dialog_use_the_app_s_own() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("derm.ron");
    let mut pathway = opmt::bundled::ALL[0].load().unwrap().pathway;
    pathway.name = "Dermatology from a colleague".into();
    opmt::save_path(&pathway, &model).unwrap();
    let answers = no_system_dialogs(dir.path());
    let mut harness = app_with_file_dialog(&answers);

    // Compare > A model file…: the comparison changes, the view stays on the current.
    menu(&mut harness, "Compare", "A model file…");
    assert_eq!(harness.state().in_app_dialog(), Some(FileKind::Model));
    harness.get_by_label_contains("derm.ron").click();
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    let ws = &harness.state().workspace;
    assert_eq!(
        ws.doc(Which::Comparison).pathway().name,
        "Dermatology from a colleague"
    );
    assert_eq!(ws.shown, Which::Current, "the view stays on your pathway");
    assert!(ws.status.starts_with("Now comparing"), "{}", ws.status);

    // Cancelling the app's own dialog says so.
    press(&mut harness, Modifiers::COMMAND, Key::O);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().in_app_dialog(), None);
    assert_eq!(
        harness.state().workspace.status,
        "Nothing opened: no file was chosen."
    );
}

#[test]
fn save_on_the_quit_prompt_without_a_system_dialog_saves_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let answers = no_system_dialogs(dir.path());
    let mut harness = app_with_file_dialog(&answers);
    new_pathway(&mut harness);
    harness.get_by_label("Add step").click();
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Save changes to the current process?")
    );
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(harness.state().in_app_dialog(), Some(FileKind::Model));
    harness.get_by_label("Save").click();
    harness.run();
    assert!(dir.path().join("new-pathway.ron").is_file());
    // Saved, so New went ahead: a fresh pathway of one step.
    assert_eq!(current(&harness).steps.len(), 1);
}

#[test]
fn new_steps_go_next_to_the_selected_one_and_never_pile_up() {
    let mut harness = app_with(None, &Answers::default());
    new_pathway(&mut harness);
    for _ in 0..4 {
        harness.get_by_label("Add step").click();
        harness.run();
    }
    // Select the first step again and add two more: both go right of it, free.
    harness.state_mut().workspace.focus(0);
    harness.run();
    for _ in 0..2 {
        harness.get_by_label("Add step").click();
        harness.run();
        harness.state_mut().workspace.focus(0);
        harness.run();
    }
    let pos = positions(&harness);
    assert_eq!(pos.len(), 7);
    for (i, a) in pos.iter().enumerate() {
        for b in &pos[i + 1..] {
            assert!(!overlaps(*a, *b), "cards at {a:?} and {b:?} overlap");
        }
    }
    assert!(pos[5].x > pos[0].x && pos[6].x > pos[0].x);
    // A double-click on the map goes through the same placement.
    let saved = opmt::to_ron_string(current(&harness));
    assert_eq!(saved.matches("x: 0.0, y: 0.0").count(), 1, "{saved}");
}

#[test]
fn tidy_layout_follows_the_flow() {
    let mut harness = app_with(None, &Answers::default());
    press(&mut harness, Modifiers::COMMAND, Key::L);
    let p = current(&harness).clone();
    let closing = opmt::layout::closing_links(&p);
    for (from, step) in p.steps.iter().enumerate() {
        for link in &step.next {
            let to = p.step_index(&link.to).unwrap();
            if !closing.contains(&(from, to)) {
                // Right of it in its band, or in a band below (read like text).
                let (a, b) = (p.steps[from].pos.unwrap(), p.steps[to].pos.unwrap());
                assert!(
                    b.x > a.x || b.y > a.y,
                    "{} comes before {}",
                    p.steps[to].name,
                    step.name
                );
            }
        }
    }
}

#[test]
fn a_new_step_is_named_by_typing_and_its_id_follows_the_name() {
    let mut harness = app_with(None, &Answers::default());
    new_pathway(&mut harness);
    harness.get_by_label("Add step after").click();
    harness.run();
    // The name field has the keyboard with the placeholder selected: just type.
    harness
        .get_by_label("Step name")
        .type_text("Book appointment");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let p = current(&harness);
    assert_eq!(p.steps[1].name, "Book appointment");
    assert_eq!(p.steps[1].id, "book_appointment");
    assert_eq!(p.steps[0].next[0].to, "book_appointment");
    // The steps table names the next step, not its id.
    harness.get_by_label("Steps table").click();
    harness.run();
    harness.get_by_label("Book appointment 100%");
    // Roles show no ids unless asked.
    harness.get_by_label("Roles and settings").click();
    harness.run();
    harness.get_by_label("Add role").click();
    harness.run();
    assert!(harness.query_by_label("Id").is_none());
    // The new role's name field has the keyboard too.
    let role_field = format!("Name of role {}", current(&harness).roles[0].id);
    harness.get_by_label(&role_field).type_text("Booking clerk");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(current(&harness).roles[0].name, "Booking clerk");
    assert_eq!(current(&harness).roles[0].id, "booking_clerk");
}

#[test]
fn a_second_link_takes_half_and_the_headline_stays_while_shares_are_fixed() {
    let paper = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/current-paper.ron");
    let mut harness = app_with(Some(paper), &Answers::default());
    let ws = &harness.state().workspace;
    let before = ws.comparison().unwrap().annual_saving;
    // Send a 100% step a second way: it becomes 50% / 50%, with no error.
    let from = current(&harness).step_index("grade").unwrap();
    let to = current(&harness).step_index("appt_letter").unwrap();
    harness
        .state_mut()
        .workspace
        .apply(opmt::edit::Edit::AddLink { from, to })
        .unwrap();
    harness.run();
    let shares: Vec<f64> = current(&harness).steps[from]
        .next
        .iter()
        .map(|l| l.share)
        .collect();
    let equal = 1.0 / shares.len() as f64;
    assert!((shares.last().unwrap() - equal).abs() < 1e-9, "{shares:?}");
    assert!(
        (shares.iter().sum::<f64>() - 1.0).abs() < 1e-9,
        "{shares:?}"
    );
    assert!(!harness.state().workspace.comparison_is_stale());
    // Shares that no longer add up: the figures stay, marked as waiting for a fix.
    harness
        .state_mut()
        .workspace
        .apply(opmt::edit::Edit::SetShare {
            from,
            link: 0,
            share: 0.1,
        })
        .unwrap();
    harness.run();
    let ws = &harness.state().workspace;
    assert!(ws.comparison_is_stale());
    assert_ne!(ws.comparison().unwrap().annual_saving, before);
    assert!(
        harness
            .get_all_by_label_contains("Economic value a year")
            .count()
            >= 1
    );
    harness.get_by_label_contains("Figures are from before your last change");
    // The warning says what is wrong in percent (as does the problems list).
    let sum: f64 = current(&harness).steps[from]
        .next
        .iter()
        .map(|l| l.share)
        .sum();
    let text = format!("add up to {}", opmt::numbers::percent_exact(sum));
    assert!(
        harness.get_all_by_label_contains(&text).count() >= 1,
        "{text}"
    );
}

#[test]
fn after_new_the_app_says_what_is_compared_and_can_swap() {
    let mut harness = app_with(None, &Answers::default());
    new_pathway(&mut harness);
    harness.get_by_label_contains("This is a new pathway");
    assert_eq!(
        harness
            .state()
            .workspace
            .doc(Which::Comparison)
            .pathway()
            .name,
        "New pathway with best practice"
    );
    let comparison = harness
        .state()
        .workspace
        .doc(Which::Comparison)
        .pathway()
        .name
        .clone();
    assert!(harness.state().workspace.status.contains(&comparison));
    menu(&mut harness, "Compare", "Swap current and comparison");
    let ws = &harness.state().workspace;
    assert_eq!(ws.doc(Which::Current).pathway().name, comparison);
    assert_eq!(ws.doc(Which::Comparison).pathway().name, "New pathway");
    assert!(
        harness
            .query_by_label_contains("This is a new pathway")
            .is_none()
    );
}

#[test]
fn choosing_a_comparison_keeps_the_view_on_the_user_s_pathway() {
    let mut harness = app_with(None, &Answers::default());
    new_pathway(&mut harness);
    let title = opmt::bundled::ALL[0].title;
    menu(&mut harness, "Compare", title);
    let ws = &harness.state().workspace;
    assert_eq!(ws.shown, Which::Current);
    assert_eq!(current(&harness).name, "New pathway");
    assert_eq!(ws.doc(Which::Comparison).pathway().name, title);
    assert_eq!(
        ws.status,
        format!("Now comparing \"New pathway\" with the bundled model \"{title}\".")
    );
}

#[test]
fn clicking_or_editing_a_cell_of_the_steps_table_selects_its_row() {
    let mut harness = app_with(None, &Answers::default());
    harness.get_by_label("Steps table").click();
    harness.run();
    let name = current(&harness).steps[3].name.clone();
    let id = current(&harness).steps[3].id.clone();
    harness.get_by_label(&format!("Name of step {id}")).click();
    harness.run();
    let selected =
        |h: &Harness<'_, OpmtApp>| h.state().workspace.pane(Which::Current).selection.step;
    assert_eq!(selected(&harness), Some(3));
    // A step whose minutes are a single value, typed straight into the cell.
    let p = current(&harness);
    let row = (4..p.steps.len())
        .find(|&i| {
            let e = p.steps[i].touch_minutes;
            p.steps[i].role.is_some() && e.low == e.high
        })
        .unwrap();
    let other = p.steps[row].name.clone();
    type_into(&mut harness, &format!("Touch minutes of {other}"), "9");
    assert_eq!(current(&harness).steps[row].touch_minutes.likely, 9.0);
    assert_eq!(selected(&harness), Some(row), "editing selects the row");
    assert_ne!(name, other);
}

#[test]
fn result_tables_have_totals_that_match_the_comparison() {
    let mut harness = app_with(None, &Answers::default());
    harness.get_by_label("Both").click();
    harness.run();
    let width = |h: &Harness<'_, OpmtApp>| h.get_by_label("Results").rect().min.x;
    let before = width(&harness);
    harness.get_by_label("By stage").click();
    harness.run();
    assert_eq!(harness.get_all_by_label("Total").count(), 1);
    let c = harness.state().workspace.comparison().unwrap();
    let total = opmt::numbers::pounds(c.saving_per_referral, 2);
    assert!(
        harness.get_all_by_label(&total).count() >= 1,
        "the total saving per referral {total} is shown"
    );
    harness.get_by_label("By role").click();
    harness.run();
    assert_eq!(harness.get_all_by_label("Total").count(), 1);
    harness.get_by_label("Variability").click();
    common::wait_for_the_tornado(&mut harness);
    assert_eq!(width(&harness), before, "the results panel keeps its width");
}
