use super::*;
use crate::appraisal::appraise;
use crate::compare::compare;
use crate::model::{CostItem, Link, Organisation, Range, Role, Stage, Step};

/// Register (clerk, 4-6-8 min), then book (clerk, 10-13-16 min, £0.50-£1-£1.50 of
/// post), then the appointment: 1,000 referrals a year, the clerk £30 an hour (£20
/// direct).
fn pathway() -> Pathway {
    let mut p = Pathway::new("Current");
    p.annual_referrals = 1000.0;
    let mut clerk = Role::new("clerk", "Clerk", 30.0);
    clerk.direct_hourly_cost = Some(20.0);
    p.roles.push(clerk);
    let step = |id: &str, minutes: Estimate, post: Estimate, to: Option<&str>| {
        let mut s = Step::new(id, id, Stage::Booking);
        if !minutes.is_zero() {
            s.role = Some("clerk".into());
        }
        s.touch_minutes = minutes;
        s.unit_cost = post;
        s.next = to
            .map(|t| {
                vec![Link {
                    to: t.into(),
                    share: 1.0,
                }]
            })
            .unwrap_or_default();
        s
    };
    p.steps = vec![
        step(
            "register",
            Estimate::range(4.0, 6.0, 8.0),
            Estimate::fixed(0.0),
            Some("book"),
        ),
        step(
            "book",
            Estimate::range(10.0, 13.0, 16.0),
            Estimate::range(0.5, 1.0, 1.5),
            Some("seen"),
        ),
        step("seen", Estimate::fixed(0.0), Estimate::fixed(0.0), None),
    ];
    p
}

fn fixed(mut p: Pathway) -> Pathway {
    for s in &mut p.steps {
        s.touch_minutes = Estimate::fixed(s.touch_minutes.mean());
        s.unit_cost = Estimate::fixed(s.unit_cost.mean());
    }
    p
}

/// The proposal: booking online, the clerk's 13 minutes down to a fixed 5, no post.
fn proposal(current: &Pathway) -> Pathway {
    let mut p = current.clone();
    p.name = "Proposed".into();
    p.steps[1].touch_minutes = Estimate::fixed(5.0);
    p.steps[1].unit_cost = Estimate::fixed(0.0);
    p
}

#[test]
fn without_ranges_the_interval_is_the_point_figure() {
    let current = fixed(pathway());
    let proposed = proposal(&current);
    let point = compare(&current, &proposed).unwrap();
    let u = run(&current, &proposed, proposed.investment.as_ref(), 500, 7).unwrap();
    assert_eq!(u.inputs, 0);
    // 8 minutes of a £30 clerk (£4) and £1 of post saved per referral.
    assert!((point.saving_per_referral - 5.0).abs() < 1e-12);
    for s in [u.saving_per_referral, u.annual_saving.scaled(1e-3)] {
        assert!(s.is_point(), "{s:?}");
        assert!((s.p50 - 5.0).abs() < 1e-9, "{s:?}");
    }
    assert_eq!(u.probability_saves, 1.0);
    assert!(u.tornado.is_empty());
}

#[test]
fn an_input_both_pathways_share_is_drawn_once() {
    // Registration's 4-6-8 minutes are the same on both sides: drawn once, they
    // cancel. Only the proposal's own change is left, and it is fixed here.
    let mut current = pathway();
    current.steps[1] = fixed(current.clone()).steps[1].clone();
    let proposed = proposal(&current);
    let u = run(&current, &proposed, proposed.investment.as_ref(), 2_000, 3).unwrap();
    assert_eq!(u.inputs, 1, "registration's minutes, shared");
    assert!(
        u.saving_per_referral.is_point(),
        "{:?}",
        u.saving_per_referral
    );
    assert!((u.saving_per_referral.p50 - 5.0).abs() < 1e-9);
    // Drawn apart (the proposal's step under another id), they would spread.
    let mut apart = proposed.clone();
    apart.steps[0].id = "register_online".into();
    let u = run(&current, &apart, apart.investment.as_ref(), 2_000, 3).unwrap();
    assert_eq!(u.inputs, 2);
    assert!(u.saving_per_referral.p95 - u.saving_per_referral.p5 > 0.5);
}

#[test]
fn the_median_is_the_point_figure_for_a_linear_model() {
    // Symmetric ranges, fixed rates: the saving is a sum of symmetric triangular
    // draws (the booking's 10-13-16 minutes and its £0.50-£1.50 post), so its median
    // is its mean, the point figure.
    let current = pathway();
    let proposed = proposal(&current);
    let point = compare(&current, &proposed).unwrap().saving_per_referral;
    let u = run(
        &current,
        &proposed,
        proposed.investment.as_ref(),
        20_000,
        11,
    )
    .unwrap();
    let s = u.saving_per_referral;
    // The spread: 13 +- 3 minutes at 50p a minute and £1 +- 50p, so P5 to P95 of about
    // £2.9 to £7.1.
    assert!(s.p5 < point && point < s.p95, "{s:?}");
    assert!(s.p5 > 2.0 && s.p95 < 8.0, "{s:?}");
    // Sampling error of a median: 1.25 sd / sqrt(n), sd about (P95 - P5) / 3.29.
    let sd = (s.p95 - s.p5) / 3.29;
    let error = 1.2533 * sd / (20_000f64).sqrt();
    assert!(
        (s.p50 - point).abs() < 4.0 * error,
        "{} against {point}",
        s.p50
    );
    // The booking's minutes move the saving most: 10 to 16 minutes at 50p a minute.
    assert_eq!(u.tornado[0].label, "book: minutes");
    assert!((u.tornado[0].width() - 3.0).abs() < 1e-9);
    assert_eq!(u.tornado.len(), 2, "registration, shared, moves nothing");
}

#[test]
fn rates_and_overheads_are_drawn_and_shared() {
    let mut current = fixed(pathway());
    current.roles[0].rate_range = Some(Range {
        low: 24.0,
        high: 36.0,
    });
    current.overhead_factor = Some(Estimate::range(0.5, 1.0, 1.5));
    let proposed = proposal(&current);
    let u = run(&current, &proposed, proposed.investment.as_ref(), 5_000, 5).unwrap();
    assert_eq!(u.inputs, 2);
    // 8 minutes saved at £24-£36 an hour: £3.20 to £4.80 of the £4 staff saving, plus
    // £1 of post; the factor moves the £10 overhead share of the rate by half.
    let s = u.saving_per_referral;
    assert!(s.p5 > 3.9 && s.p95 < 6.1 && s.p95 - s.p5 > 0.5, "{s:?}");
    let rate = u
        .tornado
        .iter()
        .find(|t| t.label == "Clerk: hourly rate")
        .unwrap();
    assert!((rate.at_low - 4.2).abs() < 1e-9 && (rate.at_high - 5.8).abs() < 1e-9);
    let overhead = u
        .tornado
        .iter()
        .find(|t| t.label.starts_with("Overheads"))
        .unwrap();
    // 8 minutes x £10 overhead an hour x 0.5 = 67p either way.
    assert!((overhead.width() - 2.0 * 8.0 / 60.0 * 10.0 * 0.5).abs() < 1e-9);
}

#[test]
fn the_npv_spreads_with_the_costs() {
    let current = fixed(pathway());
    let mut proposed = proposal(&current);
    let mut inv = Investment {
        one_off: vec![CostItem {
            name: "Online booking".into(),
            cost: Estimate::fixed(8_000.0),
            organisation: Organisation::Provider,
            source: None,
        }],
        ..Investment::default()
    };
    proposed.investment = Some(inv.clone());
    // Fixed costs: the NPV interval is the point NPV.
    let c = compare(&current, &proposed).unwrap();
    let point = appraise(&Classes::of(&c, Some(&inv)), &inv).npv;
    let u = run(&current, &proposed, proposed.investment.as_ref(), 300, 1).unwrap();
    let npv = u.npv.unwrap();
    assert!(
        npv.is_point() && (npv.p50 - point).abs() < 1e-6,
        "{npv:?} against {point}"
    );
    // A range on the cost: the NPV spreads by it, undiscounted in year 0.
    inv.one_off[0].cost = Estimate::range(6_000.0, 8_000.0, 10_000.0);
    proposed.investment = Some(inv);
    let u = run(&current, &proposed, proposed.investment.as_ref(), 5_000, 1).unwrap();
    let npv = u.npv.unwrap();
    assert!(
        npv.p95 - npv.p5 > 2_000.0 && npv.p95 - npv.p5 < 4_000.0,
        "{npv:?}"
    );
    assert!(u.annual_saving.is_point());
}

#[test]
fn a_rate_typed_beyond_its_range_widens_the_range_with_a_warning() {
    let mut current = fixed(pathway());
    current.roles[0].rate_range = Some(Range {
        low: 24.0,
        high: 28.0,
    });
    let problems = crate::validate(&current);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].severity, crate::Severity::Warning);
    assert!(
        problems[0]
            .message
            .contains("outside its rate range 24 to 28")
    );
    // The range is taken as £24 to £30: the saving (8 minutes, £1 of post) runs from
    // £4.20 at £24 to £5 at the £30 typed.
    let proposed = proposal(&current);
    let u = run(&current, &proposed, None, 2_000, 9).unwrap();
    let rate = &u.tornado[0];
    assert!((rate.at_low - 4.2).abs() < 1e-9 && (rate.at_high - 5.0).abs() < 1e-9);
    // An inverted range is an error.
    current.roles[0].rate_range = Some(Range {
        low: 40.0,
        high: 20.0,
    });
    assert!(crate::validate::has_errors(&crate::validate(&current)));
}
