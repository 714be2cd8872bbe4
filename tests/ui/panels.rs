//! The inspector, the steps table and the roles panel, each driven on its own with
//! egui_kittest: find widgets by their accessible labels, act, and check both the
//! edits the panel queued and the pathway after applying them, as the app would.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use egui::{Key, Modifiers, Ui, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use opmt::app::command::Command;
use opmt::app::context::{Actions, PanelCtx, Selection};
use opmt::edit::{Edit, EditError, PathwayField, RoleField, StepField, apply};
use opmt::ui::inspector::inspector_ui;
use opmt::ui::roles::roles_ui;
use opmt::ui::tables::steps_table_ui;
use opmt::{Estimate, Pathway, Problem, Report, Stage, analyse, validate};

/// What a panel reads and what it asked for, frame after frame.
struct TestState {
    pathway: Pathway,
    problems: Vec<Problem>,
    report: Option<Report>,
    selection: Selection,
    /// Every edit queued, in order.
    edits: Vec<Edit>,
    /// Edits `apply` refused.
    refused: Vec<EditError>,
    /// Every command queued, in order.
    commands: Vec<Command>,
    /// Frames that ended an undo step.
    seals: usize,
}

impl TestState {
    fn new(pathway: Pathway) -> Self {
        let mut state = Self {
            pathway,
            problems: Vec::new(),
            report: None,
            selection: Selection::default(),
            edits: Vec::new(),
            refused: Vec::new(),
            commands: Vec::new(),
            seals: 0,
        };
        state.refresh();
        state
    }

    fn paper() -> Self {
        Self::new(opmt::bundled::CURRENT_PAPER.load().unwrap().pathway)
    }

    fn select(mut self, step_id: &str) -> Self {
        self.selection.step = Some(self.index(step_id));
        self
    }

    fn index(&self, step_id: &str) -> usize {
        self.pathway.step_index(step_id).unwrap()
    }

    fn step(&self, step_id: &str) -> &opmt::Step {
        &self.pathway.steps[self.index(step_id)]
    }

    fn refresh(&mut self) {
        self.problems = validate(&self.pathway);
        self.report = analyse(&self.pathway).ok();
    }

    /// Applies what the panel queued, as the app does after the panels ran.
    fn end_frame(&mut self, actions: Actions) {
        for edit in actions.edits {
            self.edits.push(edit.clone());
            if let Err(error) = apply(&mut self.pathway, edit) {
                self.refused.push(error);
            }
        }
        self.commands.extend(actions.commands);
        self.seals += usize::from(actions.seal);
        self.refresh();
    }
}

type Panel = fn(&mut Ui, &mut PanelCtx<'_>);

fn harness(state: TestState, panel: Panel, size: egui::Vec2) -> Harness<'static, TestState> {
    Harness::builder().with_size(size).build_ui_state(
        move |ui, state: &mut TestState| {
            let mut actions = Actions::default();
            let mut ctx = PanelCtx {
                pathway: &state.pathway,
                problems: &state.problems,
                report: state.report.as_ref(),
                selection: &mut state.selection,
                actions: &mut actions,
            };
            panel(ui, &mut ctx);
            state.end_frame(actions);
        },
        state,
    )
}

fn inspector(state: TestState) -> Harness<'static, TestState> {
    harness(state, inspector_ui, vec2(460.0, 900.0))
}

/// Opens the inspector's Advanced section, where the step id is.
fn open_advanced(harness: &mut Harness<'_, TestState>) {
    harness.get_by_label("Advanced").click();
    harness.run();
}

/// Replaces the text of the field with this label by `text` and presses Enter.
fn type_into(harness: &mut Harness<'_, TestState>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

#[test]
fn typing_touch_minutes_sets_the_step() {
    let mut harness = inspector(TestState::paper().select("type_letter"));
    type_into(&mut harness, "Touch minutes", "20");
    let state = harness.state();
    assert_eq!(
        state.step("type_letter").touch_minutes,
        Estimate::fixed(20.0)
    );
    assert!(state.refused.is_empty(), "{:?}", state.refused);
    assert!(state.edits.iter().all(|e| matches!(
        e,
        Edit::SetStep {
            field: StepField::TouchMinutes(_),
            ..
        }
    )));
    assert!(state.seals >= 1, "leaving the field ends the undo step");
}

#[test]
fn typing_a_name_is_one_undo_step_until_the_field_is_left() {
    let mut harness = inspector(TestState::paper().select("register"));
    harness.get_by_label("Step name").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Step name")
        .type_text("Book appointment");
    harness.run();
    {
        let state = harness.state();
        assert_eq!(state.step("register").name, "Book appointment");
        assert!(!state.edits.is_empty());
        let key = state.edits[0].coalesce_key();
        assert!(state.edits.iter().all(|e| e.coalesce_key() == key));
        assert_eq!(state.seals, 0, "still typing");
    }
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness.state().seals >= 1,
        "leaving the field ends the undo step"
    );
}

#[test]
fn range_switch_edits_low_likely_and_high() {
    let mut harness = inspector(TestState::paper().select("type_letter"));
    assert!(harness.query_by_label("Touch minutes, high").is_none());
    harness.get_by_label("Touch minutes as a range").click();
    harness.run();
    // Switching alone changes nothing: 7 is the range 7–7–7.
    assert_eq!(
        harness.state().step("type_letter").touch_minutes,
        Estimate::fixed(7.0)
    );
    type_into(&mut harness, "Touch minutes, high", "12");
    assert_eq!(
        harness.state().step("type_letter").touch_minutes,
        Estimate::range(7.0, 7.0, 12.0)
    );
    type_into(&mut harness, "Touch minutes, low", "5");
    assert_eq!(
        harness.state().step("type_letter").touch_minutes,
        Estimate::range(5.0, 7.0, 12.0)
    );
    // Back to one number: the most likely value.
    harness.get_by_label("Touch minutes as a range").click();
    harness.run();
    assert_eq!(
        harness.state().step("type_letter").touch_minutes,
        Estimate::fixed(7.0)
    );
    assert!(harness.query_by_label("Touch minutes, high").is_none());
}

#[test]
fn shares_that_do_not_add_up_can_be_balanced() {
    // Typing a share rebalances the others, so shares that do not add up come from
    // a file; here the first is set to 80% directly.
    let harness = inspector(TestState::paper().select("post_referral"));
    assert!(
        harness
            .query_by_label("Make these add up to 100%")
            .is_none()
    );
    let mut state = TestState::paper().select("post_referral");
    let from = state.index("post_referral");
    state.pathway.steps[from].next[0].share = 0.8;
    state.refresh();
    let mut harness = inspector(state);
    harness.get_by_label("These add up to 95%, not 100%.");
    harness.get_by_label("Make these add up to 100%").click();
    harness.run();
    let state = harness.state();
    assert!(state.edits.contains(&Edit::BalanceShares(from)));
    let total: f64 = state.pathway.steps[from].next.iter().map(|l| l.share).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    assert!(
        harness
            .query_by_label("Make these add up to 100%")
            .is_none()
    );
}

#[test]
fn typing_a_share_rebalances_the_links_not_typed() {
    let mut harness = inspector(TestState::paper().select("post_referral"));
    type_into(
        &mut harness,
        "Share to Open post and date-stamp (RTT clock starts)",
        "80",
    );
    let from = harness.state().index("post_referral");
    let next = &harness.state().pathway.steps[from].next;
    assert_eq!(next[0].share, 0.8);
    let total: f64 = next.iter().map(|l| l.share).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    assert!(
        harness
            .query_by_label("Make these add up to 100%")
            .is_none()
    );
}

#[test]
fn links_can_be_added_and_removed() {
    let mut harness = inspector(TestState::paper().select("gp_letter"));
    harness.get_by_label("Add link to…").click();
    harness.run();
    harness
        .get_by_label("Patient phones the practice to chase the referral")
        .click();
    harness.run();
    let from = harness.state().index("gp_letter");
    let to = harness.state().index("patient_chases");
    assert!(harness.state().edits.contains(&Edit::AddLink { from, to }));
    assert_eq!(harness.state().pathway.steps[from].next.len(), 2);
    harness
        .get_by_label("Remove link to Patient phones the practice to chase the referral")
        .click();
    harness.run();
    let next = &harness.state().pathway.steps[from].next;
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].to, "type_letter");
}

#[test]
fn stage_and_role_are_chosen_from_lists() {
    let mut harness = inspector(TestState::paper().select("register"));
    harness.get_by_label("Stage").click();
    harness.run();
    harness.get_by_label("Booking").click();
    harness.run();
    assert_eq!(harness.state().step("register").stage, Stage::Booking);

    harness.get_by_label("Role").click();
    harness.run();
    harness
        .get_by_label("Medical secretary (AfC Band 4)")
        .click();
    harness.run();
    assert_eq!(
        harness.state().step("register").role.as_deref(),
        Some("band4")
    );
}

#[test]
fn renaming_the_id_applies_on_enter_and_updates_links() {
    let mut harness = inspector(TestState::paper().select("register"));
    open_advanced(&mut harness);
    harness.get_by_label("Step id").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Step id").type_text("pas");
    harness.run();
    assert!(harness.state().edits.is_empty(), "nothing until Enter");
    harness.key_press(Key::Enter);
    harness.run();
    let state = harness.state();
    assert_eq!(
        state.edits,
        vec![Edit::SetStep {
            index: state.index("pas"),
            field: StepField::Id("pas".into())
        }]
    );
    assert_eq!(state.step("receive_post").next[0].to, "pas");
}

#[test]
fn a_taken_id_is_refused_before_it_is_applied() {
    let mut harness = inspector(TestState::paper().select("register"));
    open_advanced(&mut harness);
    harness.get_by_label("Step id").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Step id").type_text("grade");
    harness.run();
    harness.get_by_label_contains("“grade” is already used");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.state().edits.is_empty());
    assert!(harness.state().pathway.step_index("register").is_some());
}

#[test]
fn an_id_typed_before_selecting_another_step_is_kept() {
    let mut harness = inspector(TestState::paper().select("register"));
    open_advanced(&mut harness);
    harness.get_by_label("Step id").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Step id").type_text("pas");
    harness.run();
    // Another step is selected (on the map) while the id is being typed.
    let grade = harness.state().index("grade");
    harness.state_mut().selection.step = Some(grade);
    harness.run();
    assert!(harness.state().pathway.step_index("pas").is_some());
    assert_eq!(harness.state().selection.step, Some(grade));
    assert_eq!(
        harness.get_by_label("Step id").value().as_deref(),
        Some("grade")
    );
}

#[test]
fn end_steps_have_an_outcome() {
    let mut harness = inspector(TestState::paper().select("returned"));
    harness.get_by_label("Outcome").click();
    harness.run();
    harness.get_by_label("Advice").click();
    harness.run();
    assert_eq!(
        harness.state().step("returned").outcome,
        Some(opmt::Outcome::Advice)
    );
    let harness = inspector(TestState::paper().select("grade"));
    assert!(
        harness.query_by_label("Outcome").is_none(),
        "not an end step"
    );
}

#[test]
fn inspector_shows_figures_per_referral_and_the_steps_problems() {
    let mut state = TestState::paper().select("grade");
    let grade = state.index("grade");
    state.pathway.steps[grade].role = Some("nobody".into());
    state.refresh();
    let harness = inspector(state);
    harness.get_by_value("Unknown role “nobody”");
    harness.get_by_label_contains("unknown role \"nobody\"");
    harness.get_by_label("Per referral: fix the problems to see figures.");

    let harness = inspector(TestState::paper().select("grade"));
    let report = harness.state().report.clone().unwrap();
    let result = &report.steps[harness.state().index("grade")];
    let text = format!(
        "Per referral: {} visits",
        opmt::numbers::trimmed(result.visits, 2)
    );
    harness.get_by_label_contains(&text);
}

#[test]
fn with_nothing_selected_the_inspector_gives_a_hint_and_the_problems() {
    let mut state = TestState::paper();
    state.pathway.annual_referrals = -1.0;
    let grade = state.index("grade");
    state.pathway.steps[grade].next[0].share = 0.5;
    state.refresh();
    let mut harness = inspector(state);
    harness
        .get_by_label("Click a step on the map to edit it. Double-click empty space to add one.");
    harness.get_by_label_contains("Error: annual_referrals is -1");
    harness
        .get_by_label("Consultant grades the referral")
        .click();
    harness.run();
    assert_eq!(harness.state().commands, vec![Command::Focus(grade)]);
    assert_eq!(harness.state().selection.step, Some(grade));
}

#[test]
fn inspector_snapshot() {
    // Shares that do not add up show the problem and the button that fixes it.
    let mut state = TestState::paper().select("post_referral");
    let from = state.index("post_referral");
    state.pathway.steps[from].next[0].share = 0.8;
    state.refresh();
    let mut harness = inspector(state);
    harness.run();
    harness.snapshot("panels_inspector");
}

fn steps_table(state: TestState) -> Harness<'static, TestState> {
    harness(state, steps_table_ui, vec2(1600.0, 640.0))
}

#[test]
fn steps_table_selects_a_row_and_edits_in_place() {
    let mut harness = steps_table(TestState::paper());
    harness
        .get_by_label("Show Register the referral on PAS")
        .click();
    harness.run();
    let register = harness.state().index("register");
    assert_eq!(harness.state().commands, vec![Command::Focus(register)]);
    assert_eq!(harness.state().selection.step, Some(register));

    type_into(
        &mut harness,
        "Touch minutes of GP decides and dictates the referral letter",
        "3",
    );
    assert_eq!(
        harness.state().step("gp_letter").touch_minutes,
        Estimate::fixed(3.0)
    );
    // The next steps by name, not by id.
    let name = |id: &str| harness.state().step(id).name.clone();
    let next = format!(
        "{} 85%, {} 15%",
        name("receive_post"),
        name("patient_chases")
    );
    harness.get_by_label(&next);
}

#[test]
fn steps_table_edits_a_range_in_a_popup() {
    let mut harness = steps_table(TestState::paper());
    let label = "Wait days of Type, check, sign and print the letter";
    assert_eq!(
        harness.get_by_label(label).value().as_deref(),
        Some("1–3–7 days")
    );
    harness.get_by_label(label).click();
    harness.run();
    type_into(&mut harness, &format!("{label}, high"), "10");
    assert_eq!(
        harness.state().step("type_letter").wait_days,
        Estimate::range(1.0, 3.0, 10.0)
    );
}

#[test]
fn steps_table_turns_a_number_into_a_range() {
    let mut harness = steps_table(TestState::paper());
    let label = "Touch minutes of GP decides and dictates the referral letter";
    harness.get_by_label(&format!("{label} as a range")).click();
    harness.run();
    type_into(&mut harness, &format!("{label}, high"), "4");
    assert_eq!(
        harness.state().step("gp_letter").touch_minutes,
        Estimate::range(2.0, 2.0, 4.0)
    );
}

#[test]
fn steps_table_snapshot() {
    let mut state = TestState::paper();
    state.selection.step = Some(state.index("grade"));
    let mut harness = steps_table(state);
    harness.run();
    harness.snapshot("panels_steps_table");
}

fn roles(state: TestState) -> Harness<'static, TestState> {
    harness(state, roles_ui, vec2(1300.0, 800.0))
}

#[test]
fn hourly_cost_and_settings_are_edited() {
    let mut harness = roles(TestState::paper());
    type_into(
        &mut harness,
        "Hourly cost of Booking clerk (AfC Band 3)",
        "40",
    );
    let band3 = harness
        .state()
        .pathway
        .roles
        .iter()
        .position(|r| r.id == "band3")
        .unwrap();
    assert_eq!(harness.state().pathway.roles[band3].hourly_cost, 40.0);
    assert!(harness.state().edits.contains(&Edit::SetRole {
        index: band3,
        field: RoleField::HourlyCost(40.0)
    }));

    type_into(&mut harness, "Annual referrals", "15000");
    assert_eq!(harness.state().pathway.annual_referrals, 15000.0);
    assert!(
        harness
            .state()
            .edits
            .contains(&Edit::SetPathway(PathwayField::AnnualReferrals(15000.0)))
    );

    type_into(&mut harness, "WTE hours per year", "1600");
    assert_eq!(harness.state().pathway.wte_hours, 1600.0);
    harness.get_by_label("Use 1,545 h").click();
    harness.run();
    assert_eq!(harness.state().pathway.wte_hours, 1545.0);
}

#[test]
fn roles_in_use_cannot_be_deleted_but_new_ones_can() {
    let mut harness = roles(TestState::paper());
    assert!(
        harness
            .get_by_label("Delete Consultant")
            .accesskit_node()
            .is_disabled()
    );
    harness.get_by_label("Delete Consultant").click();
    harness.run();
    assert!(harness.state().edits.is_empty());

    let before = harness.state().pathway.roles.len();
    harness.get_by_label("Add role").click();
    harness.run();
    assert_eq!(harness.state().pathway.roles.len(), before + 1);
    harness.get_by_label("Delete New role").click();
    harness.run();
    assert_eq!(harness.state().pathway.roles.len(), before);
    assert!(harness.state().refused.is_empty());
}

#[test]
fn renaming_a_role_id_renames_it_in_its_steps() {
    let mut harness = roles(TestState::paper());
    assert!(
        harness.query_by_label("Id").is_none(),
        "ids are hidden at first"
    );
    harness.get_by_label("Show ids").click();
    harness.run();
    type_into(&mut harness, "Id of Booking clerk (AfC Band 3)", "clerk");
    let state = harness.state();
    assert!(state.pathway.role("clerk").is_some());
    assert_eq!(state.step("register").role.as_deref(), Some("clerk"));
}

/// One clerk with no organisation, no direct rate and no cost basis.
fn one_clerk() -> TestState {
    let text = r#"(format: 1, name: "t", annual_referrals: 100.0,
        roles: [(id: "clerk", name: "Clerk", hourly_cost: 30.0)],
        steps: [
            (id: "a", name: "A", stage: Booking, role: "clerk", touch_minutes: 5.0, next: [(to: "b", share: 1.0)]),
            (id: "b", name: "B", stage: Attendance),
        ])"#;
    TestState::new(opmt::load_str(text).unwrap().pathway)
}

#[test]
fn organisation_direct_rate_and_cost_basis_are_edited() {
    let mut harness = roles(one_clerk());
    let role = |h: &Harness<'_, TestState>| h.state().pathway.roles[0].clone();

    harness.get_by_label("Organisation of Clerk").click();
    harness.run();
    harness.get_by_label("Provider").click();
    harness.run();
    assert_eq!(
        role(&harness).organisation,
        Some(opmt::model::Organisation::Provider)
    );

    // Without a direct rate the whole hourly cost counts as direct; the button gives one.
    harness.get_by_label("Direct hourly cost of Clerk").click();
    harness.run();
    assert_eq!(role(&harness).direct_hourly_cost, Some(30.0));
    type_into(&mut harness, "Direct hourly cost of Clerk", "16.5");
    assert_eq!(role(&harness).direct_hourly_cost, Some(16.5));
    assert_eq!(
        harness
            .state()
            .report
            .as_ref()
            .unwrap()
            .cost_split
            .staff_direct,
        5.0 / 60.0 * 16.5
    );
    harness
        .get_by_label("Clear direct hourly cost of Clerk")
        .click();
    harness.run();
    assert_eq!(role(&harness).direct_hourly_cost, None);

    type_into(&mut harness, "Cost basis of Clerk", "salary + on-costs");
    assert_eq!(
        role(&harness).cost_basis.as_deref(),
        Some("salary + on-costs")
    );
    assert!(harness.state().edits.contains(&Edit::SetRole {
        index: 0,
        field: RoleField::CostBasis(Some("salary + on-costs".into()))
    }));
    assert!(harness.state().refused.is_empty());
}

#[test]
fn roles_table_snapshot() {
    let mut harness = roles(TestState::paper());
    harness.snapshot("panels_roles");
}
