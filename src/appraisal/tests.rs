use super::*;
use crate::model::{CostItem, Estimate, Investment, Organisation};

fn close(a: f64, b: f64, tolerance: f64) {
    assert!((a - b).abs() <= tolerance, "{a} is not {b}");
}

/// £10,000 cash a year, £20,000 staff time and £10,000 capacity at full benefit.
fn classes() -> Classes {
    Classes {
        cash: 10_000.0,
        posts: 0.0,
        staff_time: 20_000.0,
        capacity: 10_000.0,
        wte: 1.0,
        hours: 1545.0,
        by_organisation: vec![
            (Organisation::Practice, -2_000.0),
            (Organisation::Provider, 42_000.0),
            (Organisation::Other, 0.0),
        ],
    }
}

/// PAS integration £40,000 once; an SMS contract £2,000-£3,000-£5,000 a year; half the
/// benefit in year 1; 5 years at 3.5%; 20% optimism bias.
fn investment() -> Investment {
    Investment {
        one_off: vec![CostItem {
            name: "PAS integration".into(),
            cost: Estimate::fixed(40_000.0),
            organisation: Organisation::Provider,
            source: None,
        }],
        recurring: vec![CostItem {
            name: "SMS contract".into(),
            cost: Estimate::range(2_000.0, 3_000.0, 5_000.0),
            organisation: Organisation::Provider,
            source: None,
        }],
        ramp: vec![0.5, 1.0],
        years: 5,
        discount_rate: 0.035,
        optimism_bias: 0.2,
        posts_released: Vec::new(),
    }
}

#[test]
fn five_years_at_three_and_a_half_percent_worked_by_hand() {
    let a = appraise(&classes(), &investment());
    assert_eq!(a.years.len(), 6);
    // Year 0: £40,000 x 1.2 = £48,000 of costs, undiscounted, no benefit.
    let y0 = &a.years[0];
    assert_eq!(
        (y0.costs, y0.net, y0.discount_factor),
        (48_000.0, -48_000.0, 1.0)
    );
    // Year 1: half the benefit, £5,000 cash + £15,000 non-cash, less the contract at
    // its likely £3,000 x 1.2 = £3,600: £16,400, / 1.035 = £15,845.41.
    let y1 = &a.years[1];
    assert_eq!((y1.cash_benefit, y1.non_cash_benefit), (5_000.0, 15_000.0));
    close(y1.costs, 3_600.0, 1e-9);
    close(y1.net, 16_400.0, 1e-9);
    close(y1.discounted_net, 15845.4106, 1e-4);
    close(y1.cumulative_discounted, -32154.5894, 1e-4);
    // Year 2: the full £40,000 less £3,600 = £36,400, / 1.035^2 = £33,979.79; the
    // cumulative turns positive (£1,825.20): payback in year 2.
    close(a.years[2].discounted_net, 33979.7895, 1e-4);
    close(a.years[2].cumulative_discounted, 1825.2001, 1e-4);
    assert_eq!(a.payback_year, Some(2));
    // Years 3 to 5: £36,400 / 1.035^3, ^4, ^5 = £32,830.71, £31,720.50, £30,647.82.
    close(a.years[5].discount_factor, 1.0 / 1.035f64.powi(5), 1e-12);
    close(a.npv, 97024.2350, 1e-4);
    // Cash alone: -£48,000 + (£5,000 - £3,600) / 1.035 + £6,400 x (1/1.035^2 + ... +
    // 1/1.035^5) = -£23,934.58.
    close(a.npv_cash, -23934.5827, 1e-4);
    // Present values: costs £48,000 + £3,600 x 4.5151 = £64,254.19; benefits
    // £161,278.42; ratio 2.51.
    close(a.pv_costs, 64254.1886, 1e-4);
    close(a.pv_benefits, 161278.4235, 1e-4);
    close(a.benefit_cost_ratio.unwrap(), 2.510_006_4, 1e-6);
}

#[test]
fn organisations_add_up_to_the_whole() {
    let a = appraise(&classes(), &investment());
    let npv: f64 = a.by_organisation.iter().map(|o| o.npv()).sum();
    close(npv, a.npv, 1e-6);
    // The practice spends £2,000 a year more at full benefit and pays no costs.
    let practice = &a.by_organisation[0];
    assert_eq!(practice.pv_costs, 0.0);
    assert!(practice.npv() < 0.0);
}

#[test]
fn without_costs_payback_is_year_zero_and_no_ratio() {
    let mut inv = investment();
    inv.one_off.clear();
    inv.recurring.clear();
    let a = appraise(&classes(), &inv);
    assert_eq!(a.payback_year, Some(0));
    assert_eq!(a.benefit_cost_ratio, None);
    assert_eq!(a.pv_costs, 0.0);
}

#[test]
fn a_loss_never_pays_back() {
    let mut c = classes();
    c.cash = -50_000.0;
    let a = appraise(&c, &investment());
    assert_eq!(a.payback_year, None);
    assert!(a.npv < 0.0);
}

#[test]
fn the_ramp_holds_its_last_value() {
    let inv = Investment {
        ramp: vec![0.25, 0.75],
        ..Investment::default()
    };
    assert_eq!(
        (1..=4).map(|y| inv.ramp_in(y)).collect::<Vec<_>>(),
        [0.25, 0.75, 0.75, 0.75]
    );
    assert_eq!(Investment::default().ramp_in(3), 1.0);
}
