//! The options appraisal worked by hand: a current process and three proposals.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use opmt::series::{Better, options_table};
use opmt::{Pathway, compare, load_str};

/// A current process costing 6/60 x £30 + £1 + £0.50 + 10/60 x £30 = £9.50 a referral.
const CURRENT: &str = r#"(format: 1, name: "Current", annual_referrals: 12000.0,
    roles: [(id: "clerk", name: "Clerk", hourly_cost: 30.0)],
    steps: [
        (id: "a", name: "Letter", stage: Referral, role: "clerk", touch_minutes: 6.0, unit_cost: 1.0, next: [(to: "r", share: 1.0)]),
        (id: "r", name: "Reminder letter", stage: Communication, unit_cost: 0.5, counts_as: [Letter], next: [(to: "b", share: 1.0)]),
        (id: "b", name: "Book", stage: Booking, role: "clerk", touch_minutes: 10.0, next: [(to: "c", share: 0.9), (to: "d", share: 0.1)]),
        (id: "c", name: "Clinic", stage: Attendance, outcome: Appointment),
        (id: "d", name: "Did not attend", stage: Attendance, counts_as: [Dna], outcome: Other),
    ])"#;

fn current() -> Pathway {
    load_str(CURRENT).unwrap().pathway
}

/// Option 1: 3 minutes for the letter (£8.00); option 2: no reminder postage
/// (£9.00, all cash); option 3: the work moves to a Band 2 clerk at £20 an hour
/// (16/60 x 20 + 1.50 = £6.83). A new role, not the same clerk at another rate: a
/// comparison costs roles the current pathway has at its rate card.
fn options() -> [Pathway; 3] {
    let mut quicker = current();
    quicker.steps[0].touch_minutes = opmt::Estimate::fixed(3.0);
    let mut no_postage = current();
    no_postage.steps[1].unit_cost = opmt::Estimate::fixed(0.0);
    let mut cheaper = current();
    cheaper.roles = vec![opmt::Role::new("clerk_band2", "Band 2 clerk", 20.0)];
    for step in &mut cheaper.steps {
        if step.role.is_some() {
            step.role = Some("clerk_band2".into());
        }
    }
    [quicker, no_postage, cheaper]
}

#[test]
fn three_options_against_the_current_process() {
    let base = current();
    let comparisons: Vec<_> = options()
        .iter()
        .map(|o| compare(&base, o).unwrap())
        .collect();
    let rows = options_table(&comparisons);
    let row = |label: &str| rows.iter().find(|r| r.label == label).unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6;

    let cost = row("Cost per referral");
    assert!(close(cost.current.unwrap(), 9.5));
    let expected = [8.0, 9.0, 16.0 / 60.0 * 20.0 + 1.5];
    for (got, want) in cost.options.iter().zip(expected) {
        assert!(close(*got, want), "{got} vs {want}");
    }
    assert_eq!(cost.better, Better::Lower);
    assert_eq!(cost.best(), Some(2));

    let saving = row("Economic value a year");
    for (got, want) in saving.options.iter().zip([18_000.0, 6_000.0, 32_000.0]) {
        assert!(close(*got, want), "{got} vs {want}");
    }
    assert_eq!(saving.best(), Some(2));

    // Only the postage is cash: £0.50 x 12,000.
    let cash = row("Cash-releasing a year");
    for (got, want) in cash.options.iter().zip([0.0, 6_000.0, 0.0]) {
        assert!(close(*got, want), "{got} vs {want}");
    }
    assert_eq!(cash.best(), Some(1));

    // Letters: the reminder is one letter a referral in every option.
    let letters = row("Letters per referral");
    assert_eq!(letters.current, Some(1.0));
    assert_eq!(letters.options, vec![1.0, 1.0, 1.0]);
    assert_eq!(letters.best(), Some(0), "the first of equals");
    assert_eq!(letters.marked(), [false; 3], "all equal: nothing to mark");
    assert_eq!(cash.marked(), [false, true, false]);

    let dnas = row("DNAs per 1,000 referrals");
    assert!(close(dnas.current.unwrap(), 100.0));

    // WTE released by option 1: 3 minutes x 12,000 / 60 / 1,545 h.
    let wte = row("WTE released");
    assert!(close(wte.options[0], 3.0 * 12_000.0 / 60.0 / 1545.0));
}
