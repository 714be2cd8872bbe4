//! Options appraisal in the real app, driven through egui_kittest: adding an option
//! (the view stays) by duplicating, editing it and reading its figures in the
//! Options tab; removing one (asked first, and put back by undo); the Compare menu
//! keeping its items in place; saving and opening workspace files (one naming a
//! missing pathway file); and *What changed*.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use opmt::app::{OpmtApp, Which};
use opmt::numbers::pounds;

use crate::common;

use common::{Answers, type_into};

const SIZE: egui::Vec2 = egui::vec2(1600.0, 1000.0);

fn click(harness: &mut Harness<'_, OpmtApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

/// The Options tab, results only.
fn options_tab(harness: &mut Harness<'_, OpmtApp>) {
    click(harness, "Results only");
    click(harness, "Options");
}

/// The names of the current process and every option, in order.
fn names(harness: &Harness<'_, OpmtApp>) -> Vec<String> {
    let session = harness.state().workspace.session();
    (0..session.len())
        .map(|i| session.doc(i).pathway().name.clone())
        .collect()
}

/// The saving a year of option `i`, as `opmt compare` works it out from the pathways.
fn compared_saving(harness: &Harness<'_, OpmtApp>, i: usize) -> f64 {
    let session = harness.state().workspace.session();
    common::compared(session.doc(0).pathway(), session.doc(i).pathway()).annual_saving
}

/// True when a cell of the Options table shows `value` (marked best or not).
fn shows(harness: &Harness<'_, OpmtApp>, value: &str) -> bool {
    harness.query_all_by_label(value).next().is_some()
        || harness
            .query_all_by_label(&format!("{value} ★"))
            .next()
            .is_some()
}

#[test]
fn a_duplicated_option_edited_shows_the_saving_compare_gives() {
    let mut harness = common::app(None, SIZE, &Answers::default());
    options_tab(&mut harness);
    let first = compared_saving(&harness, 1);
    assert!(shows(&harness, &pounds(first, 0)));
    // Add a copy of the option to change.
    click(&mut harness, "Add option");
    click(&mut harness, "A copy of this option");
    let ws = &harness.state().workspace;
    assert_eq!(ws.session().len(), 3);
    assert_eq!(ws.option(), 1, "the option compared stays");
    assert_eq!(ws.shown, Which::Current, "and so does the pathway edited");
    assert!(ws.status.contains("It is option 2"), "{}", ws.status);
    // View the copy, and edit it.
    click(&mut harness, "View option");
    assert_eq!(harness.state().workspace.option(), 2);
    click(&mut harness, "Compare");
    click(&mut harness, "Show and edit: Comparison");
    let ws = &harness.state().workspace;
    let copy = names(&harness)[2].clone();
    assert_eq!(copy, format!("{} (copy)", names(&harness)[1]));
    assert!(
        ws.doc(Which::Comparison).is_dirty(),
        "a copy is not saved yet"
    );
    // Both columns show the same saving before the edit.
    assert_eq!(compared_saving(&harness, 2), first);
    // Edit the copy: more minutes at a step with a role.
    click(&mut harness, "Edit only");
    click(&mut harness, "Steps table");
    let option = harness.state().workspace.doc(Which::Comparison).pathway();
    let row = option
        .steps
        .iter()
        .position(|s| s.role.is_some() && s.touch_minutes.is_fixed())
        .unwrap();
    let step = option.steps[row].name.clone();
    let minutes = option.steps[row].touch_minutes.likely + 30.0;
    type_into(
        &mut harness,
        &format!("Touch minutes of {step}"),
        &minutes.to_string(),
    );
    let edited = harness.state().workspace.doc(Which::Comparison).pathway();
    assert_eq!(edited.steps[row].touch_minutes.likely, minutes);
    assert_eq!(
        harness.state().workspace.session().doc(1).pathway().steps[row]
            .touch_minutes
            .likely,
        minutes - 30.0,
        "the option it was copied from is untouched"
    );
    // The Options tab shows the copy's new saving, as compare works it out.
    options_tab(&mut harness);
    let after = compared_saving(&harness, 2);
    assert!(after < first, "more minutes, a smaller saving");
    assert!(shows(&harness, &pounds(after, 0)), "{}", pounds(after, 0));
    assert!(shows(&harness, &pounds(first, 0)));
    // The first option is the better one now: its saving is marked best.
    harness.get_by_label(&format!("{} ★", pounds(first, 0)));
    assert!(
        harness
            .query_by_label(&format!("{} ★", pounds(after, 0)))
            .is_none()
    );
    // The headline shows the option in view: the copy.
    let headline = harness.state().workspace.comparison().unwrap();
    assert_eq!(headline.proposed.name, copy);
    assert_eq!(headline.annual_saving, after);
}

#[test]
fn options_can_be_viewed_moved_renamed_and_removed() {
    let mut harness = common::app(None, SIZE, &Answers::default());
    options_tab(&mut harness);
    click(&mut harness, "Add option");
    common::click_submenu_item(&mut harness, "e-RS with a Referral Assessment Service");
    let before = names(&harness);
    assert_eq!(before.len(), 3);
    assert_eq!(harness.state().workspace.option(), 1, "the view stays");
    // Move the second option left: the view stays on the option it was on.
    harness.get_all_by_label("More").nth(1).unwrap().click();
    harness.run();
    click(&mut harness, "Move left");
    assert_eq!(
        names(&harness),
        [before[0].clone(), before[2].clone(), before[1].clone()]
    );
    assert_eq!(harness.state().workspace.option(), 2);
    assert_eq!(common::comparison(&harness).name, before[1]);
    // Rename the first option.
    harness.get_all_by_label("More").next().unwrap().click();
    harness.run();
    click(&mut harness, "Rename…");
    type_into(&mut harness, "New name", "RAS option");
    assert_eq!(names(&harness)[1], "RAS option");
    harness.get_by_label("RAS option");
    // Remove it; then the last option cannot be removed.
    harness.get_all_by_label("More").next().unwrap().click();
    harness.run();
    click(&mut harness, "Remove option");
    // Removing asks first, and says it has unsaved changes (it was renamed).
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Remove the option “RAS option”?")
    );
    harness.get_by_label("It has changes not saved to a file.");
    assert_eq!(names(&harness).len(), 3, "nothing removed yet");
    click(&mut harness, "Remove");
    assert_eq!(names(&harness), [before[0].clone(), before[1].clone()]);
    // Undo puts it back in its place, renamed and unsaved as it was.
    click(&mut harness, "Edit");
    click(&mut harness, "Undo remove option");
    assert_eq!(names(&harness)[1], "RAS option");
    assert_eq!(names(&harness).len(), 3);
    assert!(harness.state().workspace.session().doc(1).is_dirty());
    // Removed again, for good.
    harness.get_all_by_label("More").next().unwrap().click();
    harness.run();
    click(&mut harness, "Remove option");
    click(&mut harness, "Remove");
    assert_eq!(names(&harness), [before[0].clone(), before[1].clone()]);
    harness.get_by_label("More").click();
    harness.run();
    assert!(
        harness
            .get_by_label("Remove option")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn a_workspace_is_saved_with_its_pathways_and_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let workspace = dir.path().join("ortho.ron");
    answers.save.borrow_mut().push_back(workspace.clone());
    let mut harness = common::app(None, SIZE, &answers);
    options_tab(&mut harness);
    click(&mut harness, "Add option");
    click(&mut harness, "A copy of the current process");
    let saved = names(&harness);
    click(&mut harness, "File");
    click(&mut harness, "Save workspace as…");
    assert!(
        harness
            .state()
            .workspace
            .status
            .contains("3 pathway file(s)"),
        "{}",
        harness.state().workspace.status
    );
    let text = std::fs::read_to_string(&workspace).unwrap();
    assert!(text.starts_with("OpmtWorkspace("), "{text}");
    for i in 0..3 {
        let doc = harness.state().workspace.session().doc(i);
        assert!(!doc.is_dirty(), "pathway {i} is saved");
        let file = doc.path().unwrap();
        assert_eq!(file.parent(), Some(dir.path()), "beside the workspace");
        let listed = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            text.contains(&format!("\"{listed}\"")),
            "{listed} in {text}"
        );
    }
    // Open it again in a fresh app.
    let answers = Answers::default();
    answers.open.borrow_mut().push_back(workspace.clone());
    let mut harness = common::app(None, SIZE, &answers);
    click(&mut harness, "File");
    click(&mut harness, "Open workspace…");
    assert_eq!(harness.state().modal_title(), None);
    assert_eq!(names(&harness), saved);
    // So does naming it on the command line (or opening it by a file association).
    let harness = common::app(Some(workspace.clone()), SIZE, &Answers::default());
    assert_eq!(names(&harness), saved);
    // Opening the workspace file with plain Open works too.
    let answers = Answers::default();
    answers.open.borrow_mut().push_back(workspace);
    let mut harness = common::app(None, SIZE, &answers);
    common::press(&mut harness, egui::Modifiers::COMMAND, egui::Key::O);
    assert_eq!(names(&harness), saved);
}

#[test]
fn a_workspace_naming_a_missing_file_says_so_and_opens_the_others() {
    let dir = tempfile::tempdir().unwrap();
    for (file, model) in [
        ("current.ron", opmt::bundled::CURRENT_PAPER),
        ("ers.ron", opmt::bundled::BEST_PRACTICE_ERS),
    ] {
        std::fs::write(dir.path().join(file), model.text).unwrap();
    }
    let workspace = dir.path().join("appraisal.ron");
    std::fs::write(
        &workspace,
        "OpmtWorkspace(\n    format: 1,\n    name: \"Appraisal\",\n    current: \"current.ron\",\n    options: [\"ers.ron\", \"ras.ron\"],\n)\n",
    )
    .unwrap();
    let answers = Answers::default();
    answers.open.borrow_mut().push_back(workspace);
    let mut harness = common::app(None, SIZE, &answers);
    click(&mut harness, "File");
    click(&mut harness, "Open workspace…");
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Some pathway files could not be opened")
    );
    harness.get_by_label_contains("2 of the 3 pathway files");
    harness.get_by_label_contains("ras.ron: the file is not there");
    harness.get_by_label_contains("Put the file back beside the workspace file");
    let paper = opmt::bundled::CURRENT_PAPER.load().unwrap().pathway.name;
    let ers = opmt::bundled::BEST_PRACTICE_ERS
        .load()
        .unwrap()
        .pathway
        .name;
    assert_eq!(names(&harness), [paper, ers]);
    click(&mut harness, "OK");
    assert_eq!(harness.state().modal_title(), None);
}

#[test]
fn what_changed_lists_the_differences_marks_them_and_selects_a_step() {
    let mut harness = common::app(None, SIZE, &Answers::default());
    click(&mut harness, "Compare");
    click(&mut harness, "What changed…");
    let ws = &harness.state().workspace;
    let expected = opmt::diff::diff(
        ws.doc(Which::Current).pathway(),
        ws.doc(Which::Comparison).pathway(),
    );
    assert!(!expected.is_empty());
    assert_eq!(harness.state().what_changed(), Some(expected.as_slice()));
    // A change to a step the option has: its step is marked on the option's map.
    // (one described in full: long descriptions are cut, in full on hover)
    let change = expected
        .iter()
        .find(|c| c.step_in_b.is_some() && c.describe().chars().count() <= 160)
        .unwrap();
    let step = change.step_in_b.unwrap();
    let marked = &harness
        .state()
        .workspace
        .pane(Which::Comparison)
        .canvas
        .changed_steps;
    assert!(marked.contains(&step));
    // Clicking it shows the option with the step selected.
    harness.get_by_label(&change.describe()).scroll_to_me();
    harness.run();
    harness.get_by_label(&change.describe()).click();
    harness.run();
    let ws = &harness.state().workspace;
    assert_eq!(ws.shown, Which::Comparison);
    assert_eq!(ws.pane(Which::Comparison).selection.step, Some(step));
    // Closed, the marks go.
    click(&mut harness, "Compare");
    click(&mut harness, "What changed…");
    assert_eq!(harness.state().what_changed(), None);
    assert!(
        harness
            .state()
            .workspace
            .pane(Which::Comparison)
            .canvas
            .changed_steps
            .is_empty()
    );
}

#[test]
fn the_options_tab_shows_the_simulated_share_within_18_weeks() {
    let mut harness = common::app(None, SIZE, &Answers::default());
    options_tab(&mut harness);
    click(&mut harness, "Add option");
    common::click_submenu_item(&mut harness, "e-RS with a Referral Assessment Service");
    harness.get_by_label("(option 1 of 2)");
    harness.get_by_label("Variability").click();
    common::wait_for_the_tornado(&mut harness);
    type_into(&mut harness, "Referrals to simulate", "2000");
    click(&mut harness, "Simulate");
    common::wait_for_the_simulation(&mut harness);
    click(&mut harness, "Options");
    let run = harness.state().workspace.simulation().last_run().unwrap();
    let [current, option] = run.results.each_ref().map(|r| r.within_126_days);
    harness.get_by_label("Within 18 weeks (simulated)");
    harness.get_by_label(&opmt::numbers::percent(current));
    harness.get_by_label(&opmt::numbers::percent(option));
    // The other option was not simulated as it is.
    harness.get_by_label("view it and simulate (Variability)");
}

#[test]
fn options_tab_snapshot() {
    let mut harness = common::app(None, egui::vec2(1440.0, 900.0), &Answers::default());
    options_tab(&mut harness);
    click(&mut harness, "Add option");
    common::click_submenu_item(&mut harness, "e-RS with a Referral Assessment Service");
    click(&mut harness, "View option");
    // The headline's range as worked out for the pathways as they are.
    common::wait_for_the_business_case(&mut harness);
    harness.snapshot("results_options");
}

/// Opens the Compare menu and gives where each of `items` starts in it (the menu
/// may widen for a longer option name; what must not move is where an item is).
fn compare_menu_rects(harness: &mut Harness<'_, OpmtApp>, items: &[&str]) -> Vec<egui::Pos2> {
    click(harness, "Compare");
    let rects = items
        .iter()
        .map(|item| harness.get_by_label(item).rect().left_top())
        .collect();
    click(harness, "Compare");
    rects
}

#[test]
fn adding_an_option_keeps_the_view_and_the_compare_menu_in_place() {
    let mut harness = common::app(None, SIZE, &Answers::default());
    click(&mut harness, "Compare");
    click(&mut harness, "Show and edit: Comparison");
    let items = [
        "Add option",
        "Remove option",
        "Undo remove option",
        "What changed…",
    ];
    let before = compare_menu_rects(&mut harness, &items);
    let viewed = harness
        .state()
        .workspace
        .doc(Which::Comparison)
        .pathway()
        .name
        .clone();
    click(&mut harness, "Compare");
    click(&mut harness, "Add option");
    common::click_submenu_item(&mut harness, "e-RS with a Referral Assessment Service");
    let ws = &harness.state().workspace;
    assert_eq!(ws.session().len(), 3);
    assert_eq!(
        ws.shown,
        Which::Comparison,
        "still editing the option it was"
    );
    assert_eq!(ws.option(), 1, "still comparing the option it was");
    assert_eq!(ws.doc(Which::Comparison).pathway().name, viewed);
    assert_eq!(
        compare_menu_rects(&mut harness, &items),
        before,
        "no item of the Compare menu moved"
    );
    // The new option is listed last, to view when wanted.
    click(&mut harness, "Compare");
    let name = names(&harness)[2].clone();
    click(&mut harness, &format!("Option 2: {name}"));
    assert_eq!(harness.state().workspace.option(), 2);
}

#[test]
fn removing_an_option_asks_first_and_undo_puts_it_back() {
    let mut harness = common::app(None, SIZE, &Answers::default());
    click(&mut harness, "Compare");
    click(&mut harness, "Add option");
    common::click_submenu_item(&mut harness, "e-RS with a Referral Assessment Service");
    let before = names(&harness);
    click(&mut harness, "Compare");
    click(&mut harness, &format!("Option 1: {}", before[1]));
    click(&mut harness, "Compare");
    click(&mut harness, "Remove option");
    assert_eq!(
        harness.state().modal_title(),
        Some(format!("Remove the option “{}”?", before[1]))
    );
    click(&mut harness, "Cancel");
    assert_eq!(harness.state().modal_title(), None);
    assert_eq!(names(&harness), before, "cancelled: nothing removed");
    click(&mut harness, "Compare");
    click(&mut harness, "Remove option");
    click(&mut harness, "Remove");
    assert_eq!(names(&harness), [before[0].clone(), before[2].clone()]);
    assert!(
        harness
            .state()
            .workspace
            .status
            .contains("Undo remove option"),
        "{}",
        harness.state().workspace.status
    );
    click(&mut harness, "Edit");
    click(&mut harness, "Undo remove option");
    assert_eq!(names(&harness), before, "back in its place");
    assert_eq!(harness.state().workspace.option(), 1, "and in view");
    // Nothing more to put back.
    click(&mut harness, "Edit");
    assert!(
        harness
            .get_by_label("Undo remove option")
            .accesskit_node()
            .is_disabled()
    );
}

/// The user's own MSK pathway, with clinical time and roles the bundled models lack.
fn msk_fixture() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/msk-user-pathway.ron")
}

/// The app with the MSK pathway put in as the current process as new, unsaved work
/// (`Workspace::replace_imported`), not opened from a file; the comparison stays the
/// bundled best-practice model.
fn app_with_typed_msk_pathway() -> Harness<'static, OpmtApp> {
    let typed = opmt::load_path(&msk_fixture()).unwrap().pathway;
    let mut harness = common::app(None, SIZE, &Answers::default());
    harness
        .state_mut()
        .workspace
        .replace_imported(Which::Current, typed);
    harness.run();
    harness
}

/// A user's own pathway against the bundled best-practice model: the headline says it
/// is not like for like, with the money in question; *Best practice for this
/// pathway…* lists the measures (all of them find something here), and *Add the
/// option* compares with the copy of the user's own process with best practice
/// applied, which is like for like and saves what the measures alone save.
#[test]
fn not_like_for_like_is_said_above_the_headline_and_best_practice_for_this_pathway_fixes_it() {
    // Typed in, not opened from a file: the snapshot below shows no file path.
    let mut harness = app_with_typed_msk_pathway();
    let comparing = harness.state().workspace.comparing();
    let clinical: Vec<f64> = comparing
        .cautions
        .iter()
        .filter(|c| c.kind == opmt::like_for_like::CautionKind::ClinicalTime)
        .filter_map(|c| c.at_stake_per_year)
        .collect();
    assert_eq!(clinical.len(), 1, "{:?}", comparing.cautions);
    assert!((clinical[0] - 245_394.0).abs() < 1.0, "{}", clinical[0]);
    assert!(
        harness
            .query_all_by_label_contains("Not like for like:")
            .next()
            .is_some()
    );

    // The reasons, with the rate card: the bundled model's GP costed at this
    // pathway's £150 an hour, not its own £145.
    harness.get_by_label_contains("Rate card:").click();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("GP is costed as GP: £150.00 an hour, its own £145.00")
            .next()
            .is_some()
    );
    harness.get_by_label_contains("Rate card:").click();
    harness.run();

    click(&mut harness, "Best practice for this pathway…");
    let ticked = harness.state().best_practice_choice().unwrap();
    assert_eq!(ticked.len(), 6, "{ticked:?}");
    assert!(
        harness
            .query_all_by_label_contains("post: goes")
            .next()
            .is_some()
    );
    // How sure: the effects the saving rests on most, as opmt best-practice works them
    // out, each line on screen.
    let rests_on = harness.state().best_practice_rests_on().unwrap();
    let pathway = harness
        .state()
        .workspace
        .doc(Which::Current)
        .pathway()
        .clone();
    let choices = opmt::measures::changing(&pathway);
    let widest = &opmt::measures::effect_swings(&pathway, &choices).unwrap()[0];
    assert_eq!(rests_on.len(), 3);
    assert!(
        rests_on[0].starts_with(widest.measure.short),
        "{rests_on:?}"
    );
    assert!(
        rests_on[0].ends_with(&format!(
            "{} to {} a referral",
            opmt::numbers::pence(widest.at_low),
            opmt::numbers::pence(widest.at_high)
        )),
        "{rests_on:?}"
    );
    for line in &rests_on {
        harness.get_by_label(line);
    }
    click(&mut harness, "Add the option");
    harness.run();

    assert!(harness.state().best_practice_choice().is_none());
    let all = names(&harness);
    assert_eq!(all.last().unwrap(), "MSK referrals with best practice");
    let option = all.len() - 1;
    assert_eq!(harness.state().workspace.option(), option);
    assert!(harness.state().workspace.comparing().cautions.is_empty());
    let session = harness.state().workspace.session();
    let expected = opmt::compare(session.doc(0).pathway(), session.doc(option).pathway()).unwrap();
    // £81.65 to £71.73 a referral: the measures' own saving.
    assert!(
        (expected.saving_per_referral - 9.92).abs() < 0.005,
        "{}",
        expected.saving_per_referral
    );
    assert_eq!(session.comparison(option), Some(&expected));
    assert!(
        harness
            .state()
            .workspace
            .status
            .contains("by the process alone")
    );

    // The headline's range as worked out for the pathways as they are, before the
    // snapshot below (no edit comes between).
    common::wait_for_the_business_case(&mut harness);

    // Results > Charts adds the waterfall by measure: from the current cost a year to
    // the option's, of the exact costs, so it ends at the headline's saving.
    click(&mut harness, "Results only");
    click(&mut harness, "Charts");
    assert!(
        harness
            .query_all_by_label_contains("Saving by best-practice measure")
            .next()
            .is_some()
    );
    harness
        .get_by_label_contains("Saving by best-practice measure")
        .scroll_to_me();
    harness.run();
    harness.snapshot("results_by_measure");
    let bars = harness
        .state_mut()
        .workspace
        .split(Which::Current)
        .by_measure
        .unwrap();
    assert_eq!(bars.len(), 8, "current, six measures, with best practice");
    let changes: f64 = bars[1..7].iter().map(|b| b.change()).sum();
    let (first, last) = (bars[0].to, bars[7].to);
    assert!((first + changes - last).abs() < 1e-6);
    // £9.92 a referral at 6,000 referrals a year: the headline's saving exactly.
    assert!(
        (first - last - expected.annual_saving).abs() < 1e-6,
        "{} against {}",
        first - last,
        expected.annual_saving
    );
    // Once the option changes, the split by measure no longer holds and goes.
    harness.state_mut().workspace.compare_with_option(option);
    let comparison_shown = harness.state().workspace.entry(Which::Comparison);
    assert_eq!(comparison_shown, option);
    harness.state_mut().workspace.shown = Which::Comparison;
    harness
        .state_mut()
        .workspace
        .apply(opmt::edit::Edit::SetPathway(
            opmt::edit::PathwayField::WteHours(1_600.0),
        ))
        .unwrap();
    assert!(
        harness
            .state_mut()
            .workspace
            .split(Which::Current)
            .by_measure
            .is_none()
    );
}

/// The inspector's *Clinical time: out of scope* tick box marks the step, and the
/// comparison then leaves its staff time out of both sides.
#[test]
fn clinical_time_is_marked_out_of_scope_in_the_inspector() {
    let fixture = msk_fixture();
    let mut harness = common::app(Some(fixture), SIZE, &Answers::default());
    harness.run();
    let index = harness
        .state()
        .workspace
        .session()
        .doc(0)
        .pathway()
        .step_index("physio_appt")
        .unwrap();
    harness.state_mut().workspace.focus(index);
    harness.run();
    click(&mut harness, "Clinical time: out of scope of comparisons");
    let session = harness.state().workspace.session();
    assert!(session.doc(0).pathway().steps[index].out_of_scope);
    let c = session.comparison(1).unwrap();
    assert!(c.clinical_left_out[0] > 0.0, "{:?}", c.clinical_left_out);
    assert_eq!(
        c,
        &common::compared(session.doc(0).pathway(), session.doc(1).pathway())
    );
}

/// A pathway the user opens is compared by default with best practice applied to a
/// copy of it (like for like: no notice), the bundled best-practice model staying as
/// an option, a national reference; nothing new to save. Opening another pathway puts
/// its own best practice in place of the first, which was untouched.
#[test]
fn an_opened_pathway_is_compared_with_its_own_best_practice_by_default() {
    let fixture = msk_fixture();
    let mut harness = common::app(Some(fixture.clone()), SIZE, &Answers::default());
    harness.run();
    let bundled = opmt::bundled::BEST_PRACTICE_ERS
        .load()
        .unwrap()
        .pathway
        .name;
    assert_eq!(
        names(&harness),
        [
            "MSK referrals".to_owned(),
            bundled.clone(),
            "MSK referrals with best practice".to_owned()
        ]
    );
    let ws = &harness.state().workspace;
    assert_eq!(ws.option(), 2);
    assert!(
        ws.comparing().cautions.is_empty(),
        "{:?}",
        ws.comparing().cautions
    );
    assert!(!ws.needs_saving(Which::Comparison));
    assert!(ws.status.contains("by the process alone"), "{}", ws.status);
    assert!(ws.status.contains("national reference"), "{}", ws.status);
    // The same comparison as with the option built by hand.
    let c = ws.comparison().unwrap();
    let expected =
        opmt::compare(ws.session().doc(0).pathway(), ws.session().doc(2).pathway()).unwrap();
    assert_eq!(c, &expected);
    assert!(
        harness
            .query_all_by_label_contains("Not like for like:")
            .next()
            .is_none()
    );

    // Opening the paper process: its own best practice takes the first one's place.
    let paper =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/current-paper.ron");
    harness.state_mut().open_path(Which::Current, paper);
    harness.run();
    let all = names(&harness);
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[1], bundled);
    assert_eq!(all[2], format!("{} with best practice", all[0]));
    assert_eq!(harness.state().workspace.option(), 2);
}

/// A pathway that is best practice already (the bundled model, opened from a file)
/// gives no measure anything to change: no "with best practice" copy of it is made,
/// the comparison stays, and the status line says why.
#[test]
fn an_opened_pathway_with_nothing_to_change_keeps_its_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("best.ron");
    std::fs::copy("models/best-practice-ers.ron", &model).unwrap();
    let before = names(&common::app(None, SIZE, &Answers::default()));
    let mut harness = common::app(Some(model), SIZE, &Answers::default());
    harness.run();
    let all = names(&harness);
    assert_eq!(all.len(), before.len(), "{all:?}");
    assert!(
        !all.iter().any(|n| n.ends_with("with best practice")),
        "{all:?}"
    );
    let status = &harness.state().workspace.status;
    assert!(
        status.contains("No best-practice measure finds anything to change"),
        "{status}"
    );
}

/// In *Best practice for this pathway…* a measure can be pointed at other steps: its
/// list of what it will change follows before anything is applied, it says plainly
/// when the steps chosen give it nothing to change, and the option is made from the
/// steps chosen.
#[test]
fn a_measure_can_be_pointed_at_other_steps_before_it_is_applied() {
    let mut harness = app_with_typed_msk_pathway();
    click(&mut harness, "Best practice for this pathway…");
    let changes = |h: &Harness<'_, OpmtApp>| {
        let all = h.state().best_practice_changes("digital-letters").unwrap();
        all.iter()
            .map(|c| c.split(':').next().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    // Worklist triage, before it, already returns referrals without a letter.
    assert_eq!(changes(&harness), ["physio_letter", "surgeon_letter"]);
    // The fifth measure's steps: digital letters.
    harness
        .get_all_by_label_contains("Steps: ")
        .nth(4)
        .unwrap()
        .scroll_to_me();
    harness.run();
    harness
        .get_all_by_label_contains("Steps: ")
        .nth(4)
        .unwrap()
        .click();
    harness.run();
    // A step below the list's fold is scrolled to before it is clicked.
    let tick = |harness: &mut Harness<'_, OpmtApp>, label: &str| {
        harness.get_by_label(label).scroll_to_me();
        harness.run();
        click(harness, label);
    };
    for step in [
        "Consultant appointment letter (surgeon_letter)",
        "Physio appointment letter (physio_letter)",
    ] {
        tick(&mut harness, step);
    }
    assert_eq!(changes(&harness), Vec::<String>::new());
    assert!(
        harness
            .query_all_by_label_contains("Nothing to change at the steps chosen.")
            .next()
            .is_some()
    );
    tick(&mut harness, "Physio appointment letter (physio_letter)");
    assert_eq!(changes(&harness), ["physio_letter"]);
    click(&mut harness, "Add the option");
    let session = harness.state().workspace.session();
    let option = session.doc(session.len() - 1).pathway();
    let cost = |id: &str| {
        option.steps[option.step_index(id).unwrap()]
            .unit_cost
            .likely
    };
    assert!((cost("physio_letter") - (0.92 * 0.4 + 0.6 * 0.05)).abs() < 1e-9);
    assert_eq!(cost("surgeon_letter"), 0.92);
}

/// The rate card is shown and can be changed: a role of the compared pathway with no
/// counterpart keeps its own rate and is flagged, until it is mapped onto a current
/// role (an edit of the option, undone like any other).
#[test]
fn a_role_of_the_comparison_is_mapped_onto_a_current_role_on_the_rate_card() {
    let mut harness = app_with_typed_msk_pathway();
    let flagged = |h: &Harness<'_, OpmtApp>| {
        h.state()
            .workspace
            .comparing()
            .cautions
            .iter()
            .filter(|c| c.kind == opmt::like_for_like::CautionKind::UnmatchedRole)
            .flat_map(|c| c.roles.clone())
            .collect::<Vec<_>>()
    };
    let clerk = "Booking clerk (AfC Band 3)";
    assert!(flagged(&harness).iter().any(|r| r == clerk));
    assert!(flagged(&harness).iter().any(|r| r == "MSK booking clerk"));
    harness.get_by_label_contains("Rate card:").click();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains(&format!(
                "{clerk} has no role of that id or name in the current process: its own £39.00 an hour"
            ))
            .next()
            .is_some()
    );
    harness.get_by_label(&format!("cost {clerk} as")).click();
    harness.run();
    harness
        .get_all_by_label("MSK booking clerk")
        .last()
        .unwrap()
        .click();
    harness.run();
    let ws = &harness.state().workspace;
    let option = ws.doc(Which::Comparison).pathway();
    let k = option.roles.iter().position(|r| r.name == clerk).unwrap();
    assert_eq!(option.roles[k].costed_as.as_deref(), Some("booking"));
    let c = ws.comparison().unwrap();
    assert_eq!(c.role_map[k].matched, opmt::compare::RoleMatch::Chosen);
    assert_eq!(c.role_map[k].rate, 37.0);
    assert!(
        !flagged(&harness)
            .iter()
            .any(|r| r == clerk || r == "MSK booking clerk")
    );
    assert!(
        harness
            .query_all_by_label_contains(&format!(
                "{clerk} is costed as MSK booking clerk (chosen): £37.00 an hour"
            ))
            .next()
            .is_some()
    );
}
