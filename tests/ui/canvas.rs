//! UI tests of the process map (the canvas) driven with egui_kittest: find cards by
//! their accessible names, act with the pointer, and check the edits the canvas queued.
//! The test app applies the edits after each frame, as the real app does.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use egui::{Event, Modifiers, PointerButton, Pos2, Rect, vec2};
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, HarnessBuilder};
use opmt::app::context::{Actions, PanelCtx, Selection};
use opmt::edit::{self, Edit};
use opmt::layout::{CARD_HEIGHT, CARD_WIDTH};
use opmt::ui::canvas::{CANVAS_LABEL, CanvasView, Gesture, canvas_ui};
use opmt::{CanvasPos, Pathway, Problem, Report, Stage};

/// What happened, in order: the edits the canvas queued and the gestures it sealed.
#[derive(Clone, Debug, PartialEq)]
#[expect(clippy::large_enum_variant, reason = "a short log in a test")]
enum Record {
    Edit(Edit),
    Seal,
}

struct State {
    pathway: Pathway,
    problems: Vec<Problem>,
    report: Option<Report>,
    selection: Selection,
    view: CanvasView,
    log: Vec<Record>,
}

impl State {
    fn new(pathway: Pathway) -> Self {
        let problems = opmt::validate(&pathway);
        let report = opmt::analyse(&pathway).ok();
        Self {
            pathway,
            problems,
            report,
            selection: Selection::default(),
            view: CanvasView::default(),
            log: Vec::new(),
        }
    }

    fn edits(&self) -> Vec<&Edit> {
        self.log
            .iter()
            .filter_map(|r| match r {
                Record::Edit(e) => Some(e),
                Record::Seal => None,
            })
            .collect()
    }
}

fn frame(ui: &mut egui::Ui, state: &mut State) {
    let mut actions = Actions::default();
    let mut ctx = PanelCtx {
        pathway: &state.pathway,
        problems: &state.problems,
        report: state.report.as_ref(),
        selection: &mut state.selection,
        actions: &mut actions,
    };
    canvas_ui(ui, &mut ctx, &mut state.view);
    for edit in actions.edits {
        state.log.push(Record::Edit(edit.clone()));
        edit::apply(&mut state.pathway, edit).expect("the canvas queued a valid edit");
    }
    if actions.seal {
        state.log.push(Record::Seal);
    }
}

fn builder() -> HarnessBuilder<State> {
    Harness::builder()
        .with_size(vec2(1200.0, 600.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(12)
}

/// Three steps in a row at known places, drawn at zoom 1 with the canvas origin 40
/// points in from the area's corner (no fitting), so screen positions are predictable.
const SMALL: &str = r#"(
    format: 1,
    name: "Small clinic",
    annual_referrals: 1000.0,
    roles: [(id: "clerk", name: "Booking clerk (AfC Band 3)", hourly_cost: 39.0)],
    steps: [
        (id: "receive", name: "Receive referral", stage: Receipt, role: "clerk", touch_minutes: 2.0,
         next: [(to: "book", share: 1.0)], pos: (x: 0.0, y: 0.0)),
        (id: "book", name: "Book appointment", stage: Booking, role: "clerk", touch_minutes: 13.0,
         wait_days: 2.0, next: [(to: "clinic", share: 0.9), (to: "returned", share: 0.1)],
         pos: (x: 300.0, y: 0.0)),
        (id: "clinic", name: "Clinic", stage: Attendance, outcome: Appointment, pos: (x: 600.0, y: 0.0)),
        (id: "returned", name: "Returned to GP", stage: Triage, outcome: Returned, pos: (x: 600.0, y: 150.0)),
    ],
)"#;

fn small_harness() -> Harness<'static, State> {
    let pathway = opmt::load_str(SMALL).unwrap().pathway;
    let mut state = State::new(pathway);
    state.view.fit_pending = false;
    let mut harness = builder().build_ui_state(frame, state);
    harness.run();
    harness
}

fn canvas_rect(harness: &Harness<'_, State>) -> Rect {
    harness.get_by_label(CANVAS_LABEL).rect()
}

/// The screen point of a canvas point in the small harness (zoom 1, pan 40, 40).
fn screen(harness: &Harness<'_, State>, x: f32, y: f32) -> Pos2 {
    canvas_rect(harness).min + vec2(40.0 + x, 40.0 + y)
}

fn card_centre(harness: &Harness<'_, State>, name: &str) -> Pos2 {
    harness.get_by_label(name).rect().center()
}

/// Presses at `from`, moves in a few steps to `to` and releases there.
fn drag(harness: &mut Harness<'_, State>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.drag_at(from);
    harness.run();
    for t in [0.25, 0.5, 0.75, 1.0] {
        harness.hover_at(from + (to - from) * t);
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
}

fn click_at(harness: &mut Harness<'_, State>, pos: Pos2, button: PointerButton) {
    harness.hover_at(pos);
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

#[test]
fn cards_and_handles_are_named_and_drawn_where_the_model_puts_them() {
    let harness = small_harness();
    let card = harness.get_by_label("Book appointment").rect();
    let expected = Rect::from_min_size(
        screen(&harness, 300.0, 0.0),
        vec2(CARD_WIDTH as f32, CARD_HEIGHT as f32),
    );
    assert!(
        (card.min - expected.min).length() < 0.5,
        "{card:?} vs {expected:?}"
    );
    assert!((card.size() - expected.size()).length() < 0.5);
    let handle = harness.get_by_label("Link from Book appointment").rect();
    assert!((handle.center() - card.right_center()).length() < 0.5);
    // Every card has a name; the harness also checks no input widget lacks one.
    for name in ["Receive referral", "Clinic", "Returned to GP"] {
        harness.get_by_label(name);
    }
}

#[test]
fn clicking_a_card_selects_it_and_clicking_empty_canvas_clears_the_selection() {
    let mut harness = small_harness();
    harness.get_by_label("Book appointment").click();
    harness.run();
    assert_eq!(harness.state().selection.step, Some(1));
    let empty = screen(&harness, 100.0, 350.0);
    click_at(&mut harness, empty, PointerButton::Primary);
    assert_eq!(harness.state().selection.step, None);
    assert!(harness.state().log.is_empty(), "selecting is not an edit");
}

#[test]
fn dragging_a_card_moves_it_as_one_gesture() {
    let mut harness = small_harness();
    let from = card_centre(&harness, "Book appointment");
    drag(&mut harness, from, from + vec2(60.0, 40.0));
    let state = harness.state();
    let moves: Vec<_> = state
        .edits()
        .into_iter()
        .map(|e| match e {
            Edit::MoveSteps(moves) => moves.clone(),
            other => panic!("unexpected edit {other:?}"),
        })
        .collect();
    assert!(moves.len() >= 2, "a move each frame of the drag: {moves:?}");
    assert!(moves.iter().all(|m| m.len() == 1 && m[0].0 == 1));
    assert_eq!(moves.last().unwrap()[0].1, CanvasPos { x: 360.0, y: 40.0 });
    assert_eq!(
        state.pathway.steps[1].pos,
        Some(CanvasPos { x: 360.0, y: 40.0 })
    );
    assert_eq!(
        state.log.last(),
        Some(&Record::Seal),
        "released: the gesture is sealed"
    );
    assert_eq!(state.log.iter().filter(|r| **r == Record::Seal).count(), 1);
    assert_eq!(
        state.selection.step,
        Some(1),
        "the dragged card is selected"
    );
    assert_eq!(state.view.gesture, Gesture::Idle);
    // The card is drawn where it was dropped.
    let card = harness.get_by_label("Book appointment").rect();
    assert!((card.min - screen(&harness, 360.0, 40.0)).length() < 0.5);
}

#[test]
fn dragging_the_background_pans_without_editing() {
    let mut harness = small_harness();
    let from = screen(&harness, 100.0, 350.0);
    drag(&mut harness, from, from + vec2(-80.0, 30.0));
    let state = harness.state();
    assert!(state.log.is_empty());
    assert!(
        (state.view.pan - vec2(40.0 - 80.0, 40.0 + 30.0)).length() < 0.5,
        "{:?}",
        state.view.pan
    );
    let card = harness.get_by_label("Receive referral").rect();
    assert!((card.min - (canvas_rect(&harness).min + vec2(-40.0, 70.0))).length() < 0.5);
}

#[test]
fn dropping_a_link_handle_on_a_card_links_the_steps() {
    let mut harness = small_harness();
    let from = harness.get_by_label("Link from Clinic").rect().center();
    let to = card_centre(&harness, "Receive referral");
    drag(&mut harness, from, to);
    let state = harness.state();
    assert_eq!(state.edits(), vec![&Edit::AddLink { from: 2, to: 0 }]);
    assert_eq!(state.log.last(), Some(&Record::Seal));
    assert_eq!(state.pathway.steps[2].next[0].to, "receive");
    assert_eq!(state.view.gesture, Gesture::Idle);
}

#[test]
fn dropping_a_link_on_empty_canvas_adds_nothing() {
    let mut harness = small_harness();
    let from = harness.get_by_label("Link from Clinic").rect().center();
    let to = screen(&harness, 400.0, 400.0);
    drag(&mut harness, from, to);
    assert!(harness.state().edits().is_empty());
    assert_eq!(harness.state().view.gesture, Gesture::Idle);
}

#[test]
fn double_clicking_empty_canvas_adds_a_step_centred_there_in_the_column_stage() {
    let mut harness = small_harness();
    // Below "Book appointment": the Booking column.
    let at = screen(&harness, 405.0, 339.0);
    click_at(&mut harness, at, PointerButton::Primary);
    click_at(&mut harness, at, PointerButton::Primary);
    let edits = harness.state().edits();
    let [Edit::AddStep(step)] = edits.as_slice() else {
        panic!("expected one AddStep, got {edits:?}");
    };
    assert_eq!(step.name, "New step");
    assert_eq!(step.id, "new_step");
    assert_eq!(step.stage, Stage::Booking);
    assert_eq!(step.pos, Some(CanvasPos { x: 300.0, y: 300.0 }));
}

#[test]
fn the_background_menu_adds_a_step_where_it_was_opened() {
    let mut harness = small_harness();
    let at = screen(&harness, 1000.0, 400.0);
    click_at(&mut harness, at, PointerButton::Secondary);
    harness.get_by_label("Add step here").click();
    harness.run();
    let edits = harness.state().edits();
    let [Edit::AddStep(step)] = edits.as_slice() else {
        panic!("expected one AddStep, got {edits:?}");
    };
    assert_eq!(step.stage, Stage::Other, "no column there");
    assert_eq!(step.pos, Some(CanvasPos { x: 895.0, y: 361.0 }));
    assert!(
        harness.query_by_label("Add step here").is_none(),
        "the menu closed"
    );
}

#[test]
fn the_card_menu_deletes_the_step() {
    let mut harness = small_harness();
    harness.get_by_label("Clinic").click_secondary();
    harness.run();
    assert_eq!(harness.state().selection.step, Some(2));
    harness.get_by_label("Delete step").click();
    harness.run();
    assert_eq!(harness.state().edits(), vec![&Edit::RemoveSteps(vec![2])]);
    assert_eq!(harness.state().pathway.steps.len(), 3);
}

#[test]
fn the_card_menu_removes_a_link_duplicates_and_makes_first() {
    for (item, expected) in [
        (
            "Remove link to Returned to GP",
            Edit::RemoveLink { from: 1, link: 1 },
        ),
        ("Duplicate step", Edit::DuplicateSteps(vec![1])),
        ("Make this the first step", Edit::MakeFirst(1)),
    ] {
        let mut harness = small_harness();
        harness.get_by_label("Book appointment").click_secondary();
        harness.run();
        harness.get_by_label(item).click();
        harness.run();
        assert_eq!(harness.state().edits(), vec![&expected], "{item}");
    }
}

/// The small pathway with the booking step's shares adding up to 120%.
fn unbalanced() -> Pathway {
    let mut pathway = opmt::load_str(SMALL).unwrap().pathway;
    pathway.steps[1].next[1].share = 0.3;
    pathway
}

#[test]
fn balancing_shares_is_offered_only_when_they_do_not_add_up() {
    let mut state = State::new(unbalanced());
    state.view.fit_pending = false;
    assert!(
        !state.problems.is_empty(),
        "shares adding up to 120% are a problem"
    );
    let mut harness = builder().build_ui_state(frame, state);
    harness.run();
    harness.get_by_label("Book appointment").click_secondary();
    harness.run();
    harness.get_by_label("Make shares add up to 100%").click();
    harness.run();
    assert_eq!(harness.state().edits(), vec![&Edit::BalanceShares(1)]);

    // Balanced now: the item is there but does nothing.
    harness.get_by_label("Book appointment").click_secondary();
    harness.run();
    harness.get_by_label("Make shares add up to 100%").click();
    harness.run();
    assert_eq!(harness.state().edits().len(), 1);
}

#[test]
fn a_problem_marker_explains_itself_on_hover() {
    let mut state = State::new(unbalanced());
    state.view.fit_pending = false;
    let message = state
        .problems
        .iter()
        .find(|p| p.subject == opmt::validate::Subject::Step(1))
        .map(|p| p.message.clone())
        .expect("a problem on the booking step");
    let mut harness = builder().build_ui_state(frame, state);
    harness.run();
    let card = harness.get_by_label("Book appointment").rect();
    harness.hover_at(card.right_top() + vec2(-3.0, 3.0));
    harness.run_steps(60);
    assert!(
        harness.query_by_label(&message).is_some(),
        "the marker's tooltip shows \"{message}\""
    );
}

#[test]
fn ctrl_scroll_or_pinch_zooms_about_the_pointer_and_scroll_pans() {
    let mut harness = small_harness();
    let anchor = card_centre(&harness, "Book appointment");
    harness.hover_at(anchor);
    harness.run();
    harness.event(Event::Zoom(2.0));
    harness.run();
    let state = harness.state();
    assert!(
        (state.view.zoom - 2.0).abs() < 1e-4,
        "zoom {}",
        state.view.zoom
    );
    // The card stays under the pointer.
    assert!((card_centre(&harness, "Book appointment") - anchor).length() < 0.5);

    let pan = harness.state().view.pan;
    harness.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, -120.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(40);
    let moved = harness.state().view.pan - pan;
    assert!(
        moved.y < -100.0 && moved.x.abs() < 0.5,
        "scrolled by {moved:?}"
    );
    assert!(
        (harness.state().view.zoom - 2.0).abs() < 1e-4,
        "a plain scroll does not zoom"
    );

    harness.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(0.0, 100.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::COMMAND,
    });
    harness.run_steps(40);
    assert!(harness.state().view.zoom > 2.0, "Ctrl+scroll zooms in");
}

#[test]
fn focus_centres_a_step_and_the_visible_centre_follows_the_view() {
    let mut harness = small_harness();
    harness.state_mut().view.focus = Some(3);
    harness.run();
    let area = canvas_rect(&harness);
    assert!((card_centre(&harness, "Returned to GP") - area.center()).length() < 0.5);
    let state = harness.state();
    assert_eq!(state.view.focus, None);
    let centre = state.view.visible_centre;
    assert!(
        (centre.x - 705.0).abs() < 1.0 && (centre.y - 189.0).abs() < 1.0,
        "{centre:?}"
    );
}

fn current_paper() -> State {
    State::new(opmt::bundled::CURRENT_PAPER.load().unwrap().pathway)
}

#[test]
fn fitting_shows_every_card_of_the_bundled_model_without_overlap() {
    let mut harness = builder().build_ui_state(frame, current_paper());
    harness.run();
    let area = canvas_rect(&harness);
    let state = harness.state();
    assert!(!state.view.fit_pending);
    let rects = card_rects(&harness);
    for (i, a) in rects.iter().enumerate() {
        assert!(area.contains_rect(*a), "card {i} {a:?} outside {area:?}");
        for b in &rects[i + 1..] {
            assert!(!a.intersects(*b), "cards overlap: {a:?} {b:?}");
        }
    }
    assert!(
        state.log.is_empty(),
        "steps without positions are drawn tidily, not moved"
    );
}

fn card_rects(harness: &Harness<'_, State>) -> Vec<Rect> {
    let state = harness.state();
    state
        .pathway
        .steps
        .iter()
        .map(|s| harness.get_by_label(&s.name).rect())
        .collect()
}

#[test]
fn the_fit_follows_the_area_until_the_user_pans() {
    let mut harness = builder().build_ui_state(frame, current_paper());
    harness.run();
    let wide_zoom = harness.state().view.zoom;
    harness.set_size(vec2(700.0, 600.0));
    harness.run();
    assert!(
        harness.state().view.zoom < wide_zoom,
        "fitted again to the narrower area"
    );
    let area = canvas_rect(&harness);
    assert!(card_rects(&harness).iter().all(|r| area.contains_rect(*r)));

    let empty = area.left_bottom() + vec2(20.0, -20.0);
    drag(&mut harness, empty, empty + vec2(30.0, -10.0));
    let (pan, zoom) = (harness.state().view.pan, harness.state().view.zoom);
    harness.set_size(vec2(1200.0, 600.0));
    harness.run();
    assert_eq!(
        harness.state().view.pan,
        pan,
        "once panned, the view stays put"
    );
    assert_eq!(harness.state().view.zoom, zoom);
}

#[test]
fn dragging_a_step_without_a_position_gives_it_one() {
    let mut harness = builder().build_ui_state(frame, current_paper());
    harness.run();
    assert!(harness.state().pathway.steps[0].pos.is_none());
    let from = card_centre(&harness, "Clinic day");
    drag(&mut harness, from, from + vec2(0.0, 60.0));
    let state = harness.state();
    let clinic = state.pathway.step_index("clinic").unwrap();
    assert!(matches!(state.edits().last(), Some(Edit::MoveSteps(m)) if m[0].0 == clinic));
    assert!(state.pathway.steps[clinic].pos.is_some());
    assert_eq!(state.log.last(), Some(&Record::Seal));
}

#[test]
fn snapshot_of_the_current_paper_process() {
    let mut harness = Harness::builder()
        .with_size(vec2(1400.0, 620.0))
        .with_theme(egui::Theme::Light)
        .build_ui_state(frame, current_paper());
    harness.run();
    harness.snapshot("canvas_current_paper");
}

#[test]
fn snapshot_of_the_loops_close_up_in_the_dark_theme() {
    let mut state = current_paper();
    state.view.fit_pending = false;
    state.view.zoom = 1.0;
    state.selection.step = state.pathway.step_index("wait_for_clinic");
    let mut harness = Harness::builder()
        .with_size(vec2(1000.0, 560.0))
        .with_theme(egui::Theme::Dark)
        .build_ui_state(frame, state);
    harness.run();
    // Show the booking, rebooking and DNA loops: the Booking, Communication and
    // Attendance columns (the fourth to sixth stage columns of the tidy layout), from
    // the second row of steps down.
    harness.state_mut().view.pan = vec2(-3.0 * 300.0 + 40.0, -180.0);
    harness.run();
    harness.snapshot("canvas_current_paper_loops_dark");
}
