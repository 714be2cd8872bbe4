//! Hand-worked analysis cases: every expected number below was worked out on paper.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use opmt::analysis::CostSplit;
use opmt::model::{Counter, Estimate, Link, Organisation, Outcome, Pathway, Role, Stage, Step};
use opmt::{analyse, compare};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

fn role(id: &str, hourly_cost: f64) -> Role {
    Role::new(id, id, hourly_cost)
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

fn close_split(a: &CostSplit, cash: f64, staff_direct: f64, capacity: f64) {
    close(a.cash, cash);
    close(a.staff_direct, staff_direct);
    close(a.capacity, capacity);
}

fn org_role(
    id: &str,
    loaded: f64,
    direct: Option<f64>,
    organisation: Option<Organisation>,
) -> Role {
    let mut r = role(id, loaded);
    r.direct_hourly_cost = direct;
    r.organisation = organisation;
    r
}

/// Issue 9: GP (practice, £60 loaded, £30 direct) 2 min + 50p post; clerk (provider,
/// £30 loaded, £20 direct) 6 min. Per referral: GP staff £2.00 = direct £1.00 +
/// capacity £1.00, cash £0.50; clerk staff £3.00 = direct £2.00 + capacity £1.00.
/// Cash £0.50, staff £5.00 (direct £3.00, capacity £2.00), total £5.50.
#[test]
fn two_steps_split_cash_from_staff_time() {
    let mut clerk = org_role("clerk", 30.0, Some(20.0), Some(Organisation::Provider));
    clerk.cost_basis = Some("salary + on-costs x 1.5".into());
    let p = pathway(
        vec![
            org_role("gp", 60.0, Some(30.0), Some(Organisation::Practice)),
            clerk,
        ],
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
    close_split(&r.cost_split, 0.5, 3.0, 2.0);
    close(r.staff_cost_per_referral(), 5.0);
    close(r.cost_split.total(), r.cost_per_referral);
    close_split(&r.stage(Stage::Referral).unwrap().cost_split, 0.5, 1.0, 1.0);
    close_split(&r.stage(Stage::Booking).unwrap().cost_split, 0.0, 2.0, 1.0);
    close_split(&r.role("gp").unwrap().cost_split, 0.5, 1.0, 1.0);
    let clerk = r.role("clerk").unwrap();
    close_split(&clerk.cost_split, 0.0, 2.0, 1.0);
    assert_eq!(clerk.organisation, Organisation::Provider);
    assert_eq!(clerk.cost_basis.as_deref(), Some("salary + on-costs x 1.5"));
    // A year at 1,000 referrals: cash £500, staff £5,000.
    close(r.cost_split.scaled(r.annual_referrals).cash, 500.0);
    close(r.cost_split.scaled(r.annual_referrals).staff(), 5000.0);
}

/// A role without a direct rate counts its whole hourly cost as direct; one without
/// an organisation counts as Other; a direct rate above the loaded one is capped.
#[test]
fn missing_direct_rate_and_organisation_fall_back() {
    let p = pathway(
        vec![
            role("porter", 24.0),
            org_role("odd", 30.0, Some(45.0), None),
        ],
        vec![
            step(
                "a",
                Stage::Receipt,
                Some("porter"),
                5.0,
                0.0,
                0.2,
                &[("b", 1.0)],
            ),
            step(
                "b",
                Stage::Receipt,
                Some("odd"),
                2.0,
                0.0,
                0.0,
                &[("c", 1.0)],
            ),
            step("c", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
        ],
    );
    let r = analyse(&p).unwrap();
    // Porter: 5 min at £24 = £2.00, all direct. Odd: 2 min at £30 = £1.00, capped direct.
    close_split(&r.cost_split, 0.2, 3.0, 0.0);
    let other = r.organisation(Organisation::Other).unwrap();
    close_split(&other.cost_split, 0.2, 3.0, 0.0);
    close(other.staff_minutes, 7.0);
    close_split(
        &r.organisation(Organisation::Practice).unwrap().cost_split,
        0.0,
        0.0,
        0.0,
    );
}

fn dna_step(id: &str, next: &str) -> Step {
    let mut s = step(
        id,
        Stage::Attendance,
        Some("consultant"),
        30.0,
        0.0,
        0.0,
        &[(next, 1.0)],
    );
    s.counts_as = vec![Counter::Dna];
    s
}

fn three_line_roles() -> Vec<Role> {
    vec![
        org_role("gp", 60.0, Some(30.0), Some(Organisation::Practice)),
        org_role("clerk", 30.0, Some(20.0), Some(Organisation::Provider)),
        org_role(
            "consultant",
            120.0,
            Some(90.0),
            Some(Organisation::Provider),
        ),
        role("porter", 24.0),
    ]
}

/// Issue 14: the three saving lines by organisation, worked by hand.
///
/// Current, per referral: GP 2 min (£1.00 direct + £1.00 capacity) and 87p post
/// (practice cash); clerk 6 min (£2.00 + £1.00); porter 5 min at £24 with no direct
/// rate and no organisation (£2.00 direct, Other); DNA 10% of a 30 min consultant
/// slot at £120 = £6.00, all capacity. Practice {cash 0.87, direct 1, capacity 1},
/// Provider {0, 2, 7}, Other {0, 2, 0}: £13.87.
///
/// Proposed: GP 3 min (£1.50 + £1.50); clerk 3 min (£1.00 + £0.50); a 5p text with
/// no role (Other cash); DNA 5% = £3.00 capacity. Practice {0, 1.5, 1.5}, Provider
/// {0, 1, 3.5}, Other {0.05, 0, 0}: £7.55.
///
/// Saving: Practice {0.87, -0.5, -0.5}, Provider {0, 1, 3.5}, Other {-0.05, 2, 0};
/// total cash £0.82, direct £2.50, capacity £3.00 = £6.32 (£820, £2,500, £3,000 a
/// year at 1,000 referrals).
#[test]
fn three_saving_lines_by_organisation() {
    let current = pathway(
        three_line_roles(),
        vec![
            step(
                "letter",
                Stage::Referral,
                Some("gp"),
                2.0,
                0.0,
                0.87,
                &[("reg", 1.0)],
            ),
            step(
                "reg",
                Stage::Receipt,
                Some("clerk"),
                6.0,
                0.0,
                0.0,
                &[("notes", 1.0)],
            ),
            step(
                "notes",
                Stage::Receipt,
                Some("porter"),
                5.0,
                0.0,
                0.0,
                &[("clinic", 1.0)],
            ),
            step(
                "clinic",
                Stage::Attendance,
                None,
                0.0,
                0.0,
                0.0,
                &[("seen", 0.9), ("dna", 0.1)],
            ),
            dna_step("dna", "seen"),
            step("seen", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
        ],
    );
    let proposed = pathway(
        three_line_roles(),
        vec![
            step(
                "refer",
                Stage::Referral,
                Some("gp"),
                3.0,
                0.0,
                0.0,
                &[("reg", 1.0)],
            ),
            step(
                "reg",
                Stage::Receipt,
                Some("clerk"),
                3.0,
                0.0,
                0.0,
                &[("sms", 1.0)],
            ),
            step(
                "sms",
                Stage::Communication,
                None,
                0.0,
                0.0,
                0.05,
                &[("clinic", 1.0)],
            ),
            step(
                "clinic",
                Stage::Attendance,
                None,
                0.0,
                0.0,
                0.0,
                &[("seen", 0.95), ("dna", 0.05)],
            ),
            dna_step("dna", "seen"),
            step("seen", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
        ],
    );
    let c = compare(&current, &proposed).unwrap();
    close(c.current.cost_per_referral, 13.87);
    close(c.proposed.cost_per_referral, 7.55);
    let of = |o| c.organisation(o).unwrap().saving_split;
    close_split(&of(Organisation::Practice), 0.87, -0.5, -0.5);
    close_split(&of(Organisation::Provider), 0.0, 1.0, 3.5);
    close_split(&of(Organisation::Other), -0.05, 2.0, 0.0);
    close_split(&c.saving_split, 0.82, 2.5, 3.0);
    close(c.saving_split.total(), c.saving_per_referral);
    close_split(&c.annual_saving_split(), 820.0, 2500.0, 3000.0);
    // A missed slot frees clinic time, not money: the consultant's saving is capacity.
    let consultant = c.by_role.iter().find(|r| r.id == "consultant").unwrap();
    close_split(&consultant.saving_split, 0.0, 0.0, 3.0);
    // Minutes: practice 2 -> 3, provider 6 + 3 -> 3 + 1.5, other 5 -> 0.
    let wte = |minutes: f64| minutes * 1000.0 / 60.0 / 1545.0;
    close(
        c.organisation(Organisation::Practice).unwrap().wte_released,
        wte(-1.0),
    );
    close(
        c.organisation(Organisation::Provider).unwrap().wte_released,
        wte(4.5),
    );
    close(
        c.organisation(Organisation::Other).unwrap().wte_released,
        wte(5.0),
    );
}

/// A cycle of `m` steps, each going on 99.9% of the time and ending 0.1%: a referral
/// makes a full round with probability q = 0.999^m, so the first step is visited
/// 1 / (1 - q) times and step k q^(k/m) times that.
#[test]
fn a_long_loop_is_a_geometric_series() {
    let m = 3_000;
    let mut steps: Vec<Step> = (0..m)
        .map(|i| {
            let on = format!("s{}", (i + 1) % m);
            step(
                &format!("s{i}"),
                Stage::Booking,
                Some("clerk"),
                1.0,
                0.0,
                0.0,
                &[(on.as_str(), 0.999), ("end", 0.001)],
            )
        })
        .collect();
    steps.push(step("end", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]));
    let r = analyse(&pathway(vec![role("clerk", 60.0)], steps)).unwrap();
    let first = 1.0 / (1.0 - 0.999f64.powi(m as i32));
    for k in [0, 1, 1_500, m - 1] {
        close(r.steps[k].visits, first * 0.999f64.powi(k as i32));
    }
    close(r.outcomes[0].probability, 1.0);
}

/// A loop left once in 10^13 rounds passes the flow check (it has a way out), but
/// no figure can be worked out from it: validation refuses it, so `validate`,
/// `report` and `simulate` agree. A loop left once in ten million rounds solves, but
/// is refused too: nobody goes round a loop ten million times.
#[test]
fn a_loop_referrals_hardly_ever_leave_is_invalid() {
    for (out, words) in [
        (1e-13, "almost never leave"),
        (1e-7, "about 10,000,000 times"),
    ] {
        let p = pathway(
            vec![role("clerk", 30.0)],
            vec![
                step(
                    "a",
                    Stage::Booking,
                    Some("clerk"),
                    5.0,
                    1.0,
                    0.0,
                    &[("b", 1.0)],
                ),
                step(
                    "b",
                    Stage::Booking,
                    Some("clerk"),
                    5.0,
                    1.0,
                    0.0,
                    &[("a", 1.0 - out), ("c", out)],
                ),
                step("c", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
            ],
        );
        let problems = opmt::validate(&p);
        let endless: Vec<_> = problems
            .iter()
            .filter(|p| p.kind == opmt::validate::ProblemKind::EndlessLoop)
            .collect();
        assert_eq!(endless.len(), 1, "{problems:?}");
        assert_eq!(endless[0].severity, opmt::Severity::Error);
        assert!(endless[0].message.contains(words), "{}", endless[0].message);
        assert!(matches!(
            analyse(&p),
            Err(opmt::analysis::AnalysisError::Invalid(_))
        ));
    }
    // Ten thousand rounds is a lot, but allowed.
    let p = pathway(
        vec![role("clerk", 30.0)],
        vec![
            step(
                "a",
                Stage::Booking,
                Some("clerk"),
                5.0,
                1.0,
                0.0,
                &[("b", 1.0)],
            ),
            step(
                "b",
                Stage::Booking,
                Some("clerk"),
                5.0,
                1.0,
                0.0,
                &[("a", 0.9999), ("c", 0.0001)],
            ),
            step("c", Stage::Attendance, None, 0.0, 0.0, 0.0, &[]),
        ],
    );
    let r = analyse(&p).unwrap();
    assert!(
        (r.steps[0].visits - 10_000.0).abs() < 1e-6,
        "{}",
        r.steps[0].visits
    );
}

#[test]
fn generated_pathways_of_every_shape_are_solved() {
    for p in [
        opmt::synthetic::pathway(20_000),
        opmt::synthetic::looping_pathway(2_000),
        opmt::synthetic::fan_out_pathway(5_000),
    ] {
        let r = analyse(&p).unwrap();
        let ends: f64 = r.outcomes.iter().map(|o| o.probability).sum();
        assert!((ends - 1.0).abs() < 1e-9, "{}: {ends}", p.name);
    }
}
