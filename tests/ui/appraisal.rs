//! The Appraisal tab: a hand-worked option's NPV, payback and ratio on screen, its
//! costs edited in the app as one undoable edit of the option, and a snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use crate::common;

use common::{Answers, press, type_into};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use opmt::app::Which;

const SIZE: egui::Vec2 = egui::vec2(1440.0, 900.0);

fn fixture(name: &str) -> opmt::model::Pathway {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    opmt::load_path(&path).unwrap().pathway
}

fn click(harness: &mut egui_kittest::Harness<'_, opmt::app::OpmtApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

#[test]
fn the_appraisal_tab_shows_the_hand_worked_figures_and_edits_the_costs() {
    let mut harness = common::app(None, SIZE, &Answers::default());
    // Typed in, not opened from files: the snapshot shows no file path.
    let ws = &mut harness.state_mut().workspace;
    ws.replace_imported(Which::Current, fixture("appraisal-current.ron"));
    ws.replace_imported(Which::Comparison, fixture("appraisal-option.ron"));
    harness.run();
    click(&mut harness, "Results only");
    click(&mut harness, "Appraisal");
    // tests/logic/appraisal.rs works these out: NPV £35,643, cash alone -£4,677, payback in
    // year 2, ratio 5.09.
    let shown = |harness: &egui_kittest::Harness<'_, opmt::app::OpmtApp>, text: &str| {
        harness.query_all_by_label(text).count() > 0
    };
    assert!(shown(&harness, "£35,643"), "the NPV");
    harness.get_by_label("-£4,677");
    harness.get_by_label("year 2");
    harness.get_by_label("5.09");
    harness.get_by_label("Cumulative discounted cash flow");
    // The headline's range as worked out for the pathways as they are.
    common::wait_for_the_business_case(&mut harness);
    harness.snapshot("results_appraisal");

    // The integration costs £8,000, not £5,000: £3,000 x 1.2 more in year 0,
    // undiscounted, so the NPV falls by exactly £3,600.
    let before = harness
        .state()
        .workspace
        .business_case()
        .unwrap()
        .appraisal
        .npv;
    click(&mut harness, "Investment: what this option costs");
    type_into(&mut harness, "Booking integration: likely £", "8000");
    let option = harness.state().workspace.doc(Which::Comparison).pathway();
    let investment = option.investment.as_ref().unwrap();
    assert_eq!(investment.one_off[0].cost, opmt::Estimate::fixed(8000.0));
    let after = harness
        .state()
        .workspace
        .business_case()
        .unwrap()
        .appraisal
        .npv;
    assert!(
        (before - after - 3_600.0).abs() < 1e-6,
        "{before} -> {after}"
    );
    assert!(shown(&harness, "£32,043"), "the NPV after the change");

    // One edit of the option, undone like any other.
    click(&mut harness, "Comparison");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let option = harness.state().workspace.doc(Which::Comparison).pathway();
    assert_eq!(
        option.investment.as_ref().unwrap().one_off[0].cost,
        opmt::Estimate::fixed(5000.0)
    );
    assert!(shown(&harness, "£35,643"), "the NPV undone");
}

#[test]
fn an_option_without_costs_says_so_and_a_first_cost_can_be_added() {
    let mut harness = common::app(None, SIZE, &Answers::default());
    let mut option = fixture("appraisal-option.ron");
    option.investment = None;
    let ws = &mut harness.state_mut().workspace;
    ws.replace_imported(Which::Current, fixture("appraisal-current.ron"));
    ws.replace_imported(Which::Comparison, option);
    harness.run();
    click(&mut harness, "Results only");
    click(&mut harness, "Appraisal");
    harness.get_by_label_contains("This option's file has no investment");
    harness.get_by_label("year 0 (nothing invested)");
    click(&mut harness, "Add one-off cost");
    let option = harness.state().workspace.doc(Which::Comparison).pathway();
    let investment = option.investment.as_ref().expect("an investment made");
    assert_eq!(investment.one_off.len(), 1);
    type_into(&mut harness, "Cost 1: likely £", "40000");
    let case = harness.state().workspace.business_case().unwrap();
    assert!(case.has_investment);
    assert_eq!(case.appraisal.years[0].costs, 40_000.0);
    assert!(
        harness
            .query_by_label_contains("This option's file has no investment")
            .is_none()
    );
}

#[test]
fn rate_ranges_and_the_overheads_range_are_typed_in_roles_and_settings() {
    // Tall enough for every role's row to show above the headline.
    let mut harness = common::app(None, egui::vec2(1440.0, 1300.0), &Answers::default());
    click(&mut harness, "Roles and settings");
    let clerk = "Booking clerk (AfC Band 3)";
    // How far the clerk's rate moves the saving, on the tornado of the saving.
    let spread = |harness: &mut egui_kittest::Harness<'_, opmt::app::OpmtApp>| {
        common::wait_for_the_business_case(harness);
        let u = harness.state().workspace.ranges().unwrap().uncertainty;
        let label = format!("{clerk}: hourly rate");
        u.tornado.iter().find(|t| t.label == label).unwrap().width()
    };
    let before = spread(&mut harness);
    // The bundled clerk's £37-£41 widened to £30-£41, as a new pay scale might.
    type_into(&mut harness, &format!("Lowest rate of {clerk}"), "30");
    let pathway = common::current(&harness);
    let role = pathway.roles.iter().find(|r| r.name == clerk).unwrap();
    assert_eq!(
        role.rate_range,
        Some(opmt::model::Range {
            low: 30.0,
            high: 41.0
        })
    );
    let after = spread(&mut harness);
    // From £4 of range to £11: the swing grows in proportion.
    assert!(
        (after / before - 11.0 / 4.0).abs() < 1e-6,
        "a wider rate widens its swing: {before} -> {after}"
    );
    // The overheads range, from half to 1.3 times, widened down to a fifth.
    type_into(&mut harness, "Overheads range low", "0.2");
    assert_eq!(
        common::current(&harness).overhead_factor,
        Some(opmt::Estimate::range(0.2, 1.0, 1.3))
    );
    // Cleared, the rate is fixed: no range in the file.
    let clear = format!("Clear rate range of {clerk}");
    click(&mut harness, &clear);
    let pathway = common::current(&harness);
    assert!(
        pathway
            .roles
            .iter()
            .find(|r| r.name == clerk)
            .unwrap()
            .rate_range
            .is_none()
    );
    harness.get_by_label(&format!("Rate range of {clerk}"));
}
