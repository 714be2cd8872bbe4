//! Hand-worked analysis cases: every expected number below was worked out on paper.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use opmt::model::{Estimate, Link, Outcome, Pathway, Role, Stage, Step};
use opmt::{analyse, compare};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

fn role(id: &str, hourly_cost: f64) -> Role {
    Role {
        id: id.into(),
        name: id.into(),
        hourly_cost,
        source: None,
    }
}

fn step(
    id: &str,
    stage: Stage,
    role: Option<&str>,
    minutes: f64,
    days: f64,
    unit: f64,
    next: &[(&str, f64)],
) -> Step {
    let mut s = Step::new(id, id, stage);
    s.role = role.map(str::to_owned);
    s.touch_minutes = Estimate::fixed(minutes);
    s.wait_days = Estimate::fixed(days);
    s.unit_cost = Estimate::fixed(unit);
    s.next = next
        .iter()
        .map(|&(to, share)| Link {
            to: to.into(),
            share,
        })
        .collect();
    s
}

fn pathway(roles: Vec<Role>, steps: Vec<Step>) -> Pathway {
    let mut p = Pathway::new("test");
    p.annual_referrals = 1000.0;
    p.roles = roles;
    p.steps = steps;
    p
}

/// GP 2 min at £60/h + 50p, clerk 6 min at £30/h, then the end.
/// Cost = 2 + 0.5 + 3 = £5.50; minutes 8; days 1 + 2 = 3.
#[test]
fn straight_line() {
    let p = pathway(
        vec![role("gp", 60.0), role("clerk", 30.0)],
        vec![
            step(
                "a",
                Stage::Referral,
                Some("gp"),
                2.0,
                1.0,
                0.5,
                &[("b", 1.0)],
            ),
            step(
                "b",
                Stage::Booking,
                Some("clerk"),
                6.0,
                2.0,
                0.0,
                &[("c", 1.0)],
            ),
            step("c", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
        ],
    );
    let r = analyse(&p).unwrap();
    close(r.cost_per_referral, 5.5);
    close(r.staff_minutes_per_referral, 8.0);
    close(r.elapsed_days, 3.0);
    close(r.annual_cost, 5500.0);
    close(r.consumables_per_referral, 0.5);
    for s in &r.steps {
        close(s.visits, 1.0);
    }
    // Clerk: 6 min × 1000 / 60 = 100 h a year; 100 / 1545 WTE.
    let clerk = r.role("clerk").unwrap();
    close(clerk.annual_hours, 100.0);
    close(clerk.wte, 100.0 / 1545.0);
    close(clerk.cost, 3.0);
    close(r.stage(Stage::Referral).unwrap().cost, 2.5);
    close(r.stage(Stage::Booking).unwrap().elapsed_days, 2.0);
    assert!(r.stage(Stage::Triage).is_none());
    assert_eq!(r.outcomes.len(), 1);
    close(r.outcomes[0].probability, 1.0);
}

/// A triage branch: 25% to a £10 redirect, 75% to a £2 booking.
/// Cost = 1 + 0.25 × 10 + 0.75 × 2 = £5; days = 4 + 0.25 × 20 + 0.75 × 8 = 15.
#[test]
fn branch() {
    let p = pathway(
        vec![role("r", 60.0)],
        vec![
            step(
                "triage",
                Stage::Triage,
                Some("r"),
                1.0,
                4.0,
                0.0,
                &[("redirect", 0.25), ("book", 0.75)],
            ),
            step("redirect", Stage::Triage, Some("r"), 10.0, 20.0, 0.0, &[]),
            step("book", Stage::Booking, Some("r"), 2.0, 8.0, 0.0, &[]),
        ],
    );
    let r = analyse(&p).unwrap();
    close(r.cost_per_referral, 5.0);
    close(r.elapsed_days, 15.0);
    close(r.outcomes[0].probability, 0.25);
    close(r.outcomes[1].probability, 0.75);
}

/// Book (13 min at £30/h = £6.50, 20 days) then clinic; 20% must rebook and go
/// round again: visits to book = 1 + 0.2 + 0.04 + ... = 1 / (1 - 0.2) = 1.25.
#[test]
fn rebooking_loop_is_a_geometric_series() {
    let p = pathway(
        vec![role("clerk", 30.0)],
        vec![
            step(
                "book",
                Stage::Booking,
                Some("clerk"),
                13.0,
                20.0,
                0.92,
                &[("clinic", 1.0)],
            ),
            step(
                "clinic",
                Stage::Attendance,
                None,
                0.0,
                0.0,
                0.0,
                &[("seen", 0.8), ("book", 0.2)],
            ),
            step("seen", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
        ],
    );
    let r = analyse(&p).unwrap();
    let series: f64 = (0..60).map(|k| 0.2f64.powi(k)).sum();
    close(r.steps[0].visits, series);
    close(r.steps[0].visits, 1.25);
    close(r.steps[1].visits, 1.25);
    close(r.steps[2].visits, 1.0);
    close(r.cost_per_referral, 1.25 * (6.5 + 0.92));
    close(r.staff_minutes_per_referral, 1.25 * 13.0);
    close(r.elapsed_days, 25.0);
}

/// A self-loop (a step that repeats itself 10% of the time): visits 1 / 0.9.
#[test]
fn self_loop() {
    let p = pathway(
        vec![role("clerk", 60.0)],
        vec![
            step(
                "call",
                Stage::Booking,
                Some("clerk"),
                9.0,
                0.0,
                0.0,
                &[("call", 0.1), ("end", 0.9)],
            ),
            step("end", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
        ],
    );
    let r = analyse(&p).unwrap();
    close(r.steps[0].visits, 1.0 / 0.9);
    close(r.cost_per_referral, 10.0);
}

/// Advice & Guidance: 30% of referrals are answered with advice and never need an
/// appointment. Appointments 0.7 a referral; the consultant's 5 min at £120/h = £10
/// is spent on every referral, the £132 appointment... is not a pathway step here.
#[test]
fn advice_branch_avoids_appointments() {
    let mut advice_end = step("advice", Stage::Triage, None, 0.0, 0.0, 0.0, &[]);
    advice_end.outcome = Some(Outcome::Advice);
    let mut seen = step("seen", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]);
    seen.outcome = Some(Outcome::Appointment);
    let p = pathway(
        vec![role("consultant", 120.0), role("clerk", 30.0)],
        vec![
            step(
                "ag",
                Stage::Triage,
                Some("consultant"),
                5.0,
                2.0,
                0.0,
                &[("advice", 0.3), ("book", 0.7)],
            ),
            advice_end,
            step(
                "book",
                Stage::Booking,
                Some("clerk"),
                10.0,
                30.0,
                0.0,
                &[("seen", 1.0)],
            ),
            seen,
        ],
    );
    let r = analyse(&p).unwrap();
    // £10 consultant + 0.7 × £5 booking = £13.50; days 2 + 0.7 × 30 = 23.
    close(r.cost_per_referral, 13.5);
    close(r.elapsed_days, 23.0);
    let appointment = r
        .outcomes
        .iter()
        .find(|o| o.outcome == Some(Outcome::Appointment))
        .unwrap();
    close(appointment.probability, 0.7);
    let advice = r
        .outcomes
        .iter()
        .find(|o| o.outcome == Some(Outcome::Advice))
        .unwrap();
    close(advice.probability, 0.3);
}

/// Two loops nested in one component: A → B → C, C back to A (10%) and to B (20%).
/// Solving v = e + Pᵀv: vC = vB, vB = vA + 0.2 vC, vA = 1 + 0.1 vC
/// ⇒ vB = vA / 0.8, vA = 1 + 0.1 vA / 0.8 ⇒ vA = 0.8 / 0.7 = 8/7, vB = vC = 10/7.
#[test]
fn nested_loops_solve_exactly() {
    let p = pathway(
        vec![],
        vec![
            step("a", Stage::Booking, None, 0.0, 1.0, 0.0, &[("b", 1.0)]),
            step("b", Stage::Booking, None, 0.0, 1.0, 0.0, &[("c", 1.0)]),
            step(
                "c",
                Stage::Booking,
                None,
                0.0,
                1.0,
                0.0,
                &[("a", 0.1), ("b", 0.2), ("end", 0.7)],
            ),
            step("end", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
        ],
    );
    let r = analyse(&p).unwrap();
    close(r.steps[0].visits, 8.0 / 7.0);
    close(r.steps[1].visits, 10.0 / 7.0);
    close(r.steps[2].visits, 10.0 / 7.0);
    close(r.steps[3].visits, 1.0);
    close(r.elapsed_days, 28.0 / 7.0);
}

/// Triangular estimates count at their mean (low + likely + high) / 3.
#[test]
fn ranges_count_at_their_mean() {
    let mut a = step(
        "a",
        Stage::Booking,
        Some("clerk"),
        0.0,
        0.0,
        0.0,
        &[("b", 1.0)],
    );
    a.touch_minutes = Estimate::range(6.0, 12.0, 24.0); // mean 14
    a.wait_days = Estimate::range(1.0, 2.0, 6.0); // mean 3
    let p = pathway(
        vec![role("clerk", 30.0)],
        vec![a, step("b", Stage::Attendance, None, 0.0, 0.0, 0.0, &[])],
    );
    let r = analyse(&p).unwrap();
    close(r.staff_minutes_per_referral, 14.0);
    close(r.cost_per_referral, 7.0);
    close(r.elapsed_days, 3.0);
}

/// The proposed pathway is analysed at the current pathway's referrals.
#[test]
fn comparison_uses_current_annual_referrals() {
    let current = pathway(
        vec![role("clerk", 30.0)],
        vec![
            step(
                "a",
                Stage::Booking,
                Some("clerk"),
                20.0,
                10.0,
                1.0,
                &[("b", 1.0)],
            ),
            step("b", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
        ],
    );
    let mut proposed = pathway(
        vec![role("clerk", 30.0), role("gp", 120.0)],
        vec![
            step(
                "a",
                Stage::Booking,
                Some("clerk"),
                4.0,
                2.0,
                0.0,
                &[("b", 1.0)],
            ),
            step("b", Stage::Attendance, Some("gp"), 1.0, 0.0, 0.0, &[]),
        ],
    );
    proposed.annual_referrals = 5.0;
    let c = compare(&current, &proposed).unwrap();
    // Current £11, proposed £2 + £2 = £4: saving £7 a referral, £7,000 a year.
    close(c.saving_per_referral, 7.0);
    close(c.annual_saving, 7000.0);
    close(c.proposed.annual_referrals, 1000.0);
    close(c.staff_minutes_saved_per_referral, 15.0);
    close(c.days_saved, 8.0);
    let booking = c
        .by_stage
        .iter()
        .find(|s| s.stage == Stage::Booking)
        .unwrap();
    close(booking.cost_saving, 11.0 - 2.0);
    let attendance = c
        .by_stage
        .iter()
        .find(|s| s.stage == Stage::Attendance)
        .unwrap();
    close(attendance.cost_saving, -2.0);
    let clerk = c.by_role.iter().find(|r| r.id == "clerk").unwrap();
    // 16 min × 1000 / 60 h released.
    close(clerk.annual_hours_released, 16.0 * 1000.0 / 60.0);
    close(clerk.wte_released, 16.0 * 1000.0 / 60.0 / 1545.0);
    let gp = c.by_role.iter().find(|r| r.id == "gp").unwrap();
    assert!(!gp.in_current && gp.in_proposed);
    close(gp.staff_minutes_saved, -1.0);
}

#[test]
fn invalid_pathway_is_not_analysed() {
    let p = pathway(
        vec![],
        vec![step(
            "a",
            Stage::Booking,
            Some("nobody"),
            1.0,
            0.0,
            0.0,
            &[],
        )],
    );
    let err = analyse(&p).unwrap_err();
    assert!(err.to_string().contains("unknown role \"nobody\""), "{err}");
}

#[test]
fn long_generated_pathway_is_solved() {
    let p = opmt::synthetic::pathway(5_000);
    let r = analyse(&p).unwrap();
    let ends: f64 = r.outcomes.iter().map(|o| o.probability).sum();
    close(ends, 1.0);
    assert!(r.cost_per_referral > 0.0);
}
