#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use super::*;
use crate::model::{Counter, Link, Outcome, Role, Stage, Step};

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

fn link(to: &str, share: f64) -> Link {
    Link {
        to: to.into(),
        share,
    }
}

/// A small clinic with hand-workable figures: 5,200 referrals a year (100 a week),
/// one booking attempt each; booking is 6 minutes of a £30-an-hour clerk (£3), a slot
/// issue 12 minutes (£6), the letter £1 of post. A slot issue goes on to the letter,
/// as a booked referral does, so the cost per referral is £4 + £6 × the ASI share.
fn clinic() -> Pathway {
    let mut p = Pathway::new("Clinic");
    p.annual_referrals = 5200.0;
    p.roles.push(Role::new("gp", "GP", 150.0));
    p.roles.push(Role::new("clerk", "Booking clerk", 30.0));
    let mut refer = Step::new("refer", "GP refers", Stage::Referral);
    refer.next = vec![link("book", 1.0)];
    let mut book = Step::new("book", "Book a slot", Stage::Booking);
    book.role = Some("clerk".into());
    book.touch_minutes = Estimate::fixed(6.0);
    book.wait_days = Estimate::fixed(10.0);
    book.next = vec![link("letter", 0.9), link("asi", 0.1)];
    let mut asi = Step::new("asi", "Slot issue worklist", Stage::Booking);
    asi.role = Some("clerk".into());
    asi.touch_minutes = Estimate::fixed(12.0);
    asi.wait_days = Estimate::fixed(14.0);
    asi.counts_as = vec![Counter::SlotIssue];
    asi.next = vec![link("letter", 1.0)];
    let mut letter = Step::new("letter", "Appointment letter", Stage::Communication);
    letter.unit_cost = Estimate::fixed(1.0);
    letter.next = vec![link("seen", 1.0)];
    let mut seen = Step::new("seen", "Seen", Stage::Attendance);
    seen.outcome = Some(Outcome::Appointment);
    p.steps = vec![refer, book, asi, letter, seen];
    p
}

/// A section for the clinic with no variability.
fn steady(slots_per_week: f64, waiting_list: f64, horizon_weeks: f64) -> Capacity {
    let mut c = Capacity::new("book", "asi", slots_per_week, waiting_list, horizon_weeks);
    c.cv_demand = 0.0;
    c.cv_capacity = 0.0;
    c
}

fn weeks(n: u32) -> Options {
    Options {
        weeks: n,
        ..Options::default()
    }
}

#[test]
fn the_nhs_r_worked_examples_by_hand() {
    // NHSRwaitinglist's calc_relief_capacity example: demand 30 a week, a queue of
    // 1,200 and a target queue of 390 in 26 weeks: 30 + (1,200 - 390) / 26 = 30 +
    // 31.1538 = 61.15 a week.
    let relief = relief_capacity(30.0, 1200.0, 390.0, 26.0);
    assert!(close(relief, 61.15, 0.005), "{relief}");
    assert_eq!(relief, 30.0 + 810.0 / 26.0);
    // Its calc_target_queue_size example: 30 a week, a 52-week target, factor 4:
    // 30 × 52 / 4 = 390.
    assert_eq!(target_queue_size(30.0, 52.0, 4.0), 390.0);
    // calc_queue_load: 30 added and 27 removed a week: 30 / 27 = 1.11.
    assert!(close(load(30.0, 27.0), 1.111_111, 1e-6));
    // calc_target_capacity: 4 a week, a 52-week target, cv 1 and 1, factor 4:
    // 4 + (1 + 1) / 2 × 4 / 52 = 4 + 0.076923 = 4.076923.
    assert!(close(
        target_capacity(4.0, 52.0, 4.0, 1.0, 1.0),
        4.076_923,
        1e-6
    ));
    // Other variability: 30 a week, 18 weeks, cv 0.5 and 1.5: 30 + (0.25 + 2.25) / 2 ×
    // 4 / 18 = 30 + 1.25 × 0.2222 = 30.2778.
    assert!(close(
        target_capacity(30.0, 18.0, 4.0, 0.5, 1.5),
        30.277_778,
        1e-6
    ));
    // calc_waiting_list_pressure example: a mean wait of 63 against 52: 2 × 63 / 52 =
    // 2.4231.
    assert!(close(waiting_list_pressure(63.0, 52.0), 2.423_077, 1e-6));
    // 12,000 referrals a year with 1.3 visits each to booking: 15,600 / 52 = 300.
    assert_eq!(demand_per_week(12_000.0, 1.3), 300.0);
}

#[test]
fn the_asi_share_counts_the_arrivals_with_the_published_slots_ahead_of_them() {
    // 20 slots a week published 5 weeks ahead: 100 slots.
    // 80 waiting and 50 arriving: the last 30 of them have 100 or more ahead: 30 / 50.
    assert_eq!(asi_share(80.0, 50.0, 20.0, 5.0), 0.6);
    // 100 waiting: every arrival has the 100 ahead of it.
    assert_eq!(asi_share(100.0, 50.0, 20.0, 5.0), 1.0);
    assert_eq!(asi_share(400.0, 50.0, 20.0, 5.0), 1.0);
    // 40 waiting and 50 arriving: 90 in all, fewer than 100: none.
    assert_eq!(asi_share(40.0, 50.0, 20.0, 5.0), 0.0);
    // No arrivals, no slot issues.
    assert_eq!(asi_share(400.0, 0.0, 20.0, 5.0), 0.0);
}

#[test]
fn a_growing_queue_by_hand() {
    // D 110, S 100, 50 waiting, 10 weeks published (1,000 slots): the list grows by
    // 10 a week from 50: 50, 60, 70, 80, 90; the wait L / S: 0.5 ... 0.9 weeks, mean
    // 0.7; L + D stays far below 1,000, so no slot issues.
    let c = steady(100.0, 50.0, 10.0);
    let p = project(110.0, &c, &weeks(5));
    let lists: Vec<f64> = p.weeks.iter().map(|w| w.waiting_list).collect();
    assert_eq!(lists, [50.0, 60.0, 70.0, 80.0, 90.0]);
    let waits: Vec<f64> = p.weeks.iter().map(|w| w.wait_weeks).collect();
    assert_eq!(waits, [0.5, 0.6, 0.7, 0.8, 0.9]);
    assert!(close(p.mean_wait_weeks(), 0.7, 1e-12));
    assert_eq!(p.mean_asi_share(), 0.0);
    assert!(!p.is_stochastic());
    assert_eq!(p.runs, 1);
    assert!(p.weeks.iter().all(|w| w.band.is_none()));
    assert_eq!(
        p.weeks.iter().map(|w| w.week).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
}

#[test]
fn a_draining_queue_by_hand() {
    // D 90, S 100, 25 waiting: 25, 15, 5, then 5 + 90 - 100 < 0 gives 0, and it stays
    // at 0.
    let c = steady(100.0, 25.0, 10.0);
    let p = project(90.0, &c, &weeks(5));
    let lists: Vec<f64> = p.weeks.iter().map(|w| w.waiting_list).collect();
    assert_eq!(lists, [25.0, 15.0, 5.0, 0.0, 0.0]);
    let waits: Vec<f64> = p.weeks.iter().map(|w| w.wait_weeks).collect();
    assert_eq!(waits, [0.25, 0.15, 0.05, 0.0, 0.0]);
}

#[test]
fn the_asi_share_switches_on_when_the_queue_passes_the_slots_published() {
    // S 100 published 2 weeks ahead (200 slots), D 150, none waiting: the list is 0,
    // 50, 100, 150, 200, 250. The share is (L + 150 - 200) / 150 clamped: 0 (-50), 0
    // (0), 1/3 (50), 2/3 (100), 1 (150), 1 (200). Mean (0 + 0 + 1/3 + 2/3 + 1 + 1) / 6
    // = 0.5.
    let c = steady(100.0, 0.0, 2.0);
    let p = project(150.0, &c, &weeks(6));
    let shares: Vec<f64> = p.weeks.iter().map(|w| w.asi_share).collect();
    let by_hand = [0.0, 0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0, 1.0];
    for (got, want) in shares.iter().zip(by_hand) {
        assert!(close(*got, want, 1e-12), "{shares:?}");
    }
    assert!(close(p.mean_asi_share(), 0.5, 1e-12));
}

#[test]
fn the_figures_of_a_section_by_hand() {
    // D 300, S 320, 1,000 waiting, an 18-week target, factor 4, cv 1 and 1:
    // load 300 / 320 = 0.9375; target queue 300 × 18 / 4 = 1,350; target capacity
    // 300 + (1 + 1) / 2 × 4 / 18 = 300.2222; relief over 26 weeks 300 + (1,000 -
    // 1,350) / 26 = 286.5385; pressure 2 × the projection's mean wait / 18.
    let c = Capacity::new("book", "asi", 320.0, 1000.0, 6.0);
    let f = figures(300.0, &c, &Options::default());
    assert_eq!(f.demand_per_week, 300.0);
    assert_eq!(f.slots_per_week, 320.0);
    assert_eq!(f.load, 0.9375);
    assert_eq!(f.target_queue_size, 1350.0);
    assert!(close(f.target_capacity_per_week, 300.222_222, 1e-6));
    assert!(close(f.relief_capacity_per_week, 286.538_462, 1e-6));
    assert_eq!(f.relief_weeks, 26.0);
    assert_eq!(
        f.waiting_list_pressure,
        2.0 * f.projection.mean_wait_weeks() / 18.0
    );
    assert_eq!(f.mean_wait_weeks, f.projection.mean_wait_weeks());
    assert_eq!(f.asi_share, f.projection.mean_asi_share());
    assert_eq!(f.projection.weeks.len(), 52);
    assert!(f.projection.is_stochastic());
    assert_eq!(f.projection.runs, DEFAULT_RUNS);
}

#[test]
fn a_seeded_projection_has_the_mean_and_spread_worked_out_independently() {
    // D 200 Poisson (cv 1), S 190 gamma-varied (cv 0.5), 2,000 waiting: the list
    // drifts up 10 a week and is never near 0 (a standard deviation of about 112
    // after a year), so max(0, ..) never bites and the list at the start of week 52,
    // after 51 weeks, is 2,000 + Σ (arrivals - slots): mean 2,000 + 51 × 10 = 2,510,
    // variance 51 × (200 × 1² + 190 × 0.5²) = 51 × 247.5 = 12,622.5 (sd 112.35). Over
    // 10,000 runs the mean's standard error is 112.35 / 100 = 1.1235.
    let mut c = Capacity::new("book", "asi", 190.0, 2000.0, 100.0);
    c.cv_capacity = 0.5;
    let options = Options {
        seed: 7,
        ..Options::default()
    };
    let p = project(200.0, &c, &options);
    let week52 = p.weeks[51];
    let sd = (51.0_f64 * 247.5).sqrt();
    let se = sd / f64::from(DEFAULT_RUNS).sqrt();
    assert!(
        (week52.waiting_list - 2510.0).abs() < 4.0 * se,
        "{} against 2,510 ± {}",
        week52.waiting_list,
        4.0 * se
    );
    // The sum of 51 weeks is close to normal: P90 - P10 = 2 × 1.2816 sd = 288.0.
    let band = week52.band.unwrap();
    let spread = (band.p90 - band.p10) / (2.0 * 1.281_55 * sd);
    assert!((0.95..1.05).contains(&spread), "{spread}");
    assert!(band.p10 < band.p50 && band.p50 < band.p90);
    assert!((band.p50 - 2510.0).abs() < 10.0, "{}", band.p50);
    assert_eq!(week52.wait_weeks, week52.waiting_list / 190.0);
    // The same seed gives the same projection; another seed another.
    assert_eq!(project(200.0, &c, &options), p);
    let other = project(200.0, &c, &Options { seed: 8, ..options });
    assert_ne!(other.weeks[51].waiting_list, week52.waiting_list);
}

#[test]
fn a_queue_that_empties_matches_an_independent_simulation() {
    // D 9.5 and S 10, both Poisson, none waiting: the list keeps hitting 0, so its
    // mean has no closed form; it is checked against a plain simulation written
    // here: Poisson by inverting the cumulative distribution, another generator.
    use rand_xoshiro::Xoshiro256StarStar;
    use rand_xoshiro::rand_core::Rng;
    let c = Capacity::new("book", "asi", 10.0, 0.0, 4.0);
    let options = Options {
        seed: 3,
        runs: 20_000,
        ..Options::default()
    };
    let p = project(9.5, &c, &options);
    let mut rng = Xoshiro256StarStar::seed_from_u64(99);
    let mut uniform = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let mut poisson = |lambda: f64| {
        let u = uniform();
        let (mut k, mut term) = (0.0, (-lambda).exp());
        let mut cumulative = term;
        while u > cumulative && k < 1000.0 {
            k += 1.0;
            term *= lambda / k;
            cumulative += term;
        }
        k
    };
    let runs = 20_000;
    let (mut sum, mut squares) = (0.0, 0.0);
    for _ in 0..runs {
        let mut waiting: f64 = 0.0;
        for _ in 0..51 {
            let arrivals = poisson(9.5);
            let slots = poisson(10.0);
            waiting = (waiting + arrivals - slots).max(0.0);
        }
        sum += waiting;
        squares += waiting * waiting;
    }
    let mean = sum / f64::from(runs);
    let variance = squares / f64::from(runs) - mean * mean;
    // Both means have about the same standard error: sd / sqrt(20,000) each.
    let se = (2.0 * variance / f64::from(runs)).sqrt();
    let week52 = p.weeks[51].waiting_list;
    assert!(
        (week52 - mean).abs() < 4.0 * se,
        "{week52} against {mean} ± {}",
        4.0 * se
    );
    assert!(mean > 5.0, "the list does build up: {mean}");
}

#[test]
fn poisson_and_gamma_draws_have_their_mean_and_variance() {
    let n = 200_000;
    let moments = |draw: &mut dyn FnMut(&mut Xoshiro256PlusPlus) -> f64| {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let (mut sum, mut squares) = (0.0, 0.0);
        for _ in 0..n {
            let x = draw(&mut rng);
            assert!(x >= 0.0);
            sum += x;
            squares += x * x;
        }
        let mean = sum / n as f64;
        (mean, squares / n as f64 - mean * mean)
    };
    // Poisson: mean and variance λ, below and above the switch to PTRS at 10.
    for lambda in [0.5, 3.0, 9.9, 10.0, 57.0, 250.0] {
        let (mean, variance) = moments(&mut |rng| draw::poisson(lambda, rng));
        let se = (lambda / n as f64).sqrt();
        assert!((mean - lambda).abs() < 4.0 * se, "λ {lambda}: mean {mean}");
        assert!(
            (variance / lambda - 1.0).abs() < 0.03,
            "λ {lambda}: variance {variance}"
        );
    }
    // Other variability: mean m and variance m × cv², with a shape m / cv² above and
    // below 1.
    for (m, cv) in [(200.0, 0.5), (5.0, 1.5), (2.0, 2.0), (40.0, 0.1)] {
        let (mean, variance) = moments(&mut |rng| draw::weekly(m, cv, rng));
        let want = m * cv * cv;
        let se = (want / n as f64).sqrt();
        assert!((mean - m).abs() < 4.0 * se, "{m} cv {cv}: mean {mean}");
        assert!(
            (variance / want - 1.0).abs() < 0.05,
            "{m} cv {cv}: variance {variance} against {want}"
        );
    }
    // No variability: the mean itself.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    assert_eq!(draw::weekly(7.5, 0.0, &mut rng), 7.5);
    // ln 10! = ln 3,628,800 = 15.104413; ln 20! = 42.335616; ln 9! = ln 362,880.
    assert!(close(draw::ln_factorial(10.0), 15.104_412_573, 1e-8));
    assert!(close(draw::ln_factorial(20.0), 42.335_616_461, 1e-8));
    assert!(close(draw::ln_factorial(9.0), 362_880.0_f64.ln(), 1e-12));
    assert_eq!(draw::ln_factorial(0.0), 0.0);
}

#[test]
fn quantiles_interpolate_as_r_does() {
    // 1..=11: P10 at (11 - 1) × 0.1 = 1, the second value, 2; P50 the sixth, 6.
    let mut values: Vec<f64> = (1..=11).rev().map(f64::from).collect();
    assert_eq!(quantile(&mut values, 0.1), 2.0);
    assert_eq!(quantile(&mut values, 0.5), 6.0);
    // 1, 2, 3, 4: P90 at 3 × 0.9 = 2.7, between 3 and 4: 3.7.
    let mut values = vec![4.0, 1.0, 3.0, 2.0];
    assert!(close(quantile(&mut values, 0.9), 3.7, 1e-12));
}

#[test]
fn slots_at_target_capacity_give_few_slot_issues_and_the_cost_of_the_link_at_that_share() {
    // 100 a week; an 18-week target: target capacity 100 + (1 + 1) / 2 × 4 / 18 =
    // 100.2222 with cv 1 and 1, and the target queue 100 × 18 / 4 = 450 waiting; 8
    // weeks published (801.8 slots). The list wanders about 450 and seldom reaches
    // 800, so under 1% of referrals find no slot.
    let target = target_capacity(100.0, 18.0, 4.0, 1.0, 1.0);
    assert!(close(target, 100.222_222, 1e-6));
    let mut p = clinic();
    p.capacity = Some(Capacity::new("book", "asi", target, 450.0, 8.0));
    let made = make(&p, &Options::default()).unwrap();
    let share = made.figures.asi_share;
    assert!(share > 0.0 && share < 0.01, "{share}");
    assert_eq!(made.figures.demand_per_week, 100.0);
    // The cost per referral is the pathway's with the ASI link at that share, set by
    // hand: £3 booking + £6 × share at the worklist + £1 letter.
    let mut by_hand = clinic();
    by_hand.steps[1].next = vec![link("letter", 1.0 - share), link("asi", share)];
    let hand = crate::analyse(&by_hand).unwrap();
    assert!(close(
        made.report.cost_per_referral,
        hand.cost_per_referral,
        1e-12
    ));
    assert!(close(
        made.report.cost_per_referral,
        4.0 + 6.0 * share,
        1e-12
    ));
    // The booking step waits the projected mean wait: about 450 / 100.2 = 4.5 weeks.
    let wait = made.pathway.steps[1].wait_days;
    assert_eq!(wait, Estimate::fixed(made.figures.mean_wait_weeks * 7.0));
    assert!(wait.likely > 20.0 && wait.likely < 40.0, "{wait}");
    // Slot issues a year: 5,200 × share; at £6 each.
    assert!(close(made.slot_issues_per_year, 5200.0 * share, 1e-9));
    assert!(close(
        made.slot_issue_cost_per_year,
        5200.0 * 6.0 * share,
        1e-6
    ));

    // With no variability, slots at demand (Kingman adds nothing) keep the list at
    // 450: 450 + 100 is below 800, so no slot issue at all and the link is left out.
    p.capacity = Some(steady(100.0, 450.0, 8.0));
    let made = make(&p, &Options::default()).unwrap();
    assert_eq!(made.figures.asi_share, 0.0);
    assert_eq!(made.figures.target_capacity_per_week, 100.0);
    assert_eq!(made.pathway.steps[1].next, vec![link("letter", 1.0)]);
    assert!(close(made.report.cost_per_referral, 4.0, 1e-12));
    assert_eq!(made.pathway.steps[1].wait_days, Estimate::fixed(4.5 * 7.0));
}

#[test]
fn slots_ten_percent_short_grow_the_list_a_tenth_of_demand_a_week_and_the_asi_cost_is_saved() {
    // 100 a week against 90 slots, none waiting, 4 weeks published (360 slots): the
    // list is 10 (t - 1) at the start of week t, 0.1 D a week. The share is
    // clamp((10 (t - 1) + 100 - 360) / 100) = clamp((10 t - 270) / 100): 0 to week
    // 27, 0.1 ... 0.9 in weeks 28 to 36 (4.5 in all), 1 in weeks 37 to 52 (16): mean
    // 20.5 / 52 = 0.394231. The mean wait: 10 × mean(t - 1) / 90 = 10 × 25.5 / 90 =
    // 2.8333 weeks, 19.8333 days.
    let mut short = clinic();
    short.capacity = Some(steady(90.0, 0.0, 4.0));
    let made = make(&short, &Options::default()).unwrap();
    let f = &made.figures;
    let lists: Vec<f64> = f.projection.weeks.iter().map(|w| w.waiting_list).collect();
    assert!(lists.windows(2).all(|w| close(w[1] - w[0], 10.0, 1e-9)));
    assert!(close(lists[51], 510.0, 1e-9));
    assert!(close(f.asi_share, 20.5 / 52.0, 1e-12), "{}", f.asi_share);
    assert!(close(f.mean_wait_weeks, 255.0 / 90.0, 1e-12));
    assert!(close(made.wait_days(), 19.833_333, 1e-6));
    assert!(close(f.load, 100.0 / 90.0, 1e-12));
    // The same clinic with 110 slots: the list stays at 0, no slot issues, no wait.
    let mut enough = clinic();
    enough.capacity = Some(steady(110.0, 0.0, 4.0));
    let more = make(&enough, &Options::default()).unwrap();
    assert_eq!(more.figures.asi_share, 0.0);
    assert_eq!(more.figures.mean_wait_weeks, 0.0);
    // Compared, the saving is the slot issues' cost: £6 × 0.394231 = £2.365385 a
    // referral, £12,300 a year; the days saved are the wait for a slot, 19.8333, and
    // the slot issues' 14 days × 0.394231 = 5.5192: 25.3526 in all.
    let c = crate::compare(&made.pathway, &more.pathway).unwrap();
    assert!(close(c.saving_per_referral, 6.0 * 20.5 / 52.0, 1e-12));
    assert!(close(c.annual_saving, 12_300.0, 1e-6));
    assert!(close(
        c.days_saved,
        255.0 / 90.0 * 7.0 + 14.0 * 20.5 / 52.0,
        1e-9
    ));
    // A proposal without a section of its own is the same clinic: nothing saved.
    let same = make_proposal(&short, &clinic(), &Options::default())
        .unwrap()
        .unwrap();
    assert_eq!(same.section_from, SectionFrom::Current);
    assert_eq!(same.figures, made.figures);
    let c = crate::compare(&made.pathway, &same.pathway).unwrap();
    assert_eq!(c.saving_per_referral, 0.0);
    // Neither side with a section: nothing to make.
    assert!(
        make_proposal(&clinic(), &clinic(), &Options::default())
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_slot_issue_route_back_to_booking_settles_at_its_fixed_point() {
    // Half the slot issues try booking again: visits to booking 1 / (1 - p / 2), so
    // demand D(p) = 100 / (1 - p / 2). 160 slots published half a week ahead (80):
    // with D below 160 nobody waits, and the share is (0 + D - 80) / D = 1 - 80 / D
    // = 1 - 0.8 (1 - p / 2) = 0.2 + 0.4 p. Its fixed point: p = 0.2 / 0.6 = 1/3, where
    // D = 100 / (5/6) = 120 (below 160, so nobody waits, as assumed).
    let mut p = clinic();
    p.steps[2].next = vec![link("book", 0.5), link("letter", 0.5)];
    p.capacity = Some(steady(160.0, 0.0, 0.5));
    let made = make(&p, &Options::default()).unwrap();
    assert!(
        close(made.figures.asi_share, 1.0 / 3.0, 1e-9),
        "{}",
        made.figures.asi_share
    );
    assert!(close(made.figures.demand_per_week, 120.0, 1e-6));
    assert_eq!(made.figures.mean_wait_weeks, 0.0);
    // Per referral: booking 1.2 visits × £3 = £3.60, slot issues 1.2 × 1/3 = 0.4 × £6 =
    // £2.40, the letter £1: £7.00. A year: 0.4 × 5,200 = 2,080 slot issues, £12,480.
    assert!(close(made.report.cost_per_referral, 7.0, 1e-8));
    assert!(close(made.report.steps[1].visits, 1.2, 1e-9));
    assert!(close(made.slot_issues_per_year, 2080.0, 1e-5));
    assert!(close(made.slot_issue_cost_per_year, 12_480.0, 1e-4));
    // Made with the share it found, the demand gives that share back.
    let again = figures(
        made.figures.demand_per_week,
        &steady(160.0, 0.0, 0.5),
        &Options::default(),
    );
    assert!(close(again.asi_share, made.figures.asi_share, 1e-9));
}

#[test]
fn a_slot_issue_loop_with_too_few_slots_has_no_fixed_point() {
    // Every slot issue tries again and only 10 slots a week are published a week
    // ahead for 100 a week: the list grows by 90 a week and the retries push demand
    // without end.
    let mut p = clinic();
    p.steps[2].next = vec![link("book", 1.0)];
    p.capacity = Some(steady(10.0, 0.0, 1.0));
    let e = make(&p, &Options::default()).unwrap_err();
    assert!(matches!(e, CapacityError::NoFixedPoint { .. }), "{e}");
    assert!(e.to_string().contains("add slots"), "{e}");
}

#[test]
fn a_pathway_without_a_section_or_with_errors_is_not_made() {
    let e = make(&clinic(), &Options::default()).unwrap_err();
    assert!(matches!(e, CapacityError::NoSection));
    let mut p = clinic();
    p.capacity = Some(steady(0.0, 0.0, 4.0));
    let e = make(&p, &Options::default()).unwrap_err();
    assert!(e.to_string().contains("slots_per_week is 0"), "{e}");
    // The current pathway's section names steps a proposal does not have.
    let mut current = clinic();
    current.capacity = Some(steady(90.0, 0.0, 4.0));
    let mut other = clinic();
    other.steps[1].id = "booking".into();
    other.steps[0].next = vec![link("booking", 1.0)];
    let e = make_proposal(&current, &other, &Options::default()).unwrap_err();
    assert!(matches!(e, CapacityError::DoesNotFit(_)), "{e}");
    assert!(
        e.to_string()
            .contains("books_at names the step \"book\", which does not exist"),
        "{e}"
    );
}

#[test]
fn the_share_is_set_with_the_other_links_in_proportion() {
    let c = steady(100.0, 0.0, 4.0);
    let mut p = clinic();
    p.steps[1].next = vec![link("letter", 0.6), link("asi", 0.1), link("seen", 0.3)];
    // 25% to the worklist: the other 75% split 0.6 : 0.3, 50% and 25%.
    let made = with_slot_issue_share(&p, &c, 0.25);
    let shares: Vec<f64> = made.steps[1].next.iter().map(|l| l.share).collect();
    assert!(close(shares[0], 0.5, 1e-15) && close(shares[1], 0.25, 1e-15));
    assert!(close(shares[2], 0.25, 1e-15));
    // At 0 the link goes (a share must be above 0) and the rest keep 2 : 1.
    let made = with_slot_issue_share(&p, &c, 0.0);
    assert_eq!(made.steps[1].next.len(), 2);
    assert!(close(made.steps[1].next[0].share, 2.0 / 3.0, 1e-15));
    assert!(
        crate::validate::validate(&made)
            .iter()
            .all(|p| p.severity != Severity::Error)
    );
    // At 1 the other links go and the worklist takes every referral.
    let made = with_slot_issue_share(&p, &c, 1.0);
    assert_eq!(made.steps[1].next, vec![link("asi", 1.0)]);
}

#[test]
fn with_far_too_few_slots_every_referral_is_a_slot_issue() {
    // 1,000 waiting against 50 slots a week published 4 weeks ahead (200): every
    // week's arrivals have more than 200 ahead of them, so the share is 1 and the
    // cost per referral £4 + £6.
    let mut p = clinic();
    p.capacity = Some(steady(50.0, 1000.0, 4.0));
    let made = make(&p, &weeks(52)).unwrap();
    assert_eq!(made.figures.asi_share, 1.0);
    assert!(close(made.report.cost_per_referral, 10.0, 1e-9));
    assert!(close(made.slot_issues_per_year, 5200.0, 1e-9));
}

#[test]
fn a_loop_both_routes_rejoin_needs_no_fixed_point() {
    // A tenth of letters come back to booking (a rebooking), after a slot issue or
    // not: visits to booking 1 / 0.9 whatever the share, demand 100 / 0.9 = 111.11 a
    // week, and the share is that demand's, in one projection. 100 slots, none
    // waiting, 4 weeks published (400): the list grows 11.11 a week from 0.
    let mut p = clinic();
    p.steps[3].next = vec![link("seen", 0.9), link("book", 0.1)];
    p.capacity = Some(steady(100.0, 0.0, 4.0));
    let made = make(&p, &Options::default()).unwrap();
    assert!(close(made.figures.demand_per_week, 100.0 / 0.9, 1e-9));
    let once = figures(100.0 / 0.9, &steady(100.0, 0.0, 4.0), &Options::default());
    assert!(close(made.figures.asi_share, once.asi_share, 1e-12));
    assert!(once.asi_share > 0.0);
}

#[test]
fn the_projected_wait_is_held_at_books_at_or_at_the_step_waits_at_names() {
    // D = S = 100 a week with 300 waiting: the list stays at 300, the wait is 300 /
    // 100 = 3 weeks (21 days) every week, and 300 + 100 stays below the 1,000 slots
    // published over 10 weeks, so no slot issues.
    let mut p = clinic();
    p.capacity = Some(steady(100.0, 300.0, 10.0));
    let made = make(&p, &weeks(52)).unwrap();
    let wait = |m: &Made, id: &str| m.pathway.steps[m.pathway.step_index(id).unwrap()].wait_days;
    assert_eq!(made.figures.mean_wait_weeks, 3.0);
    assert_eq!(wait(&made, "book"), Estimate::fixed(21.0));
    assert_eq!(wait(&made, "letter"), Estimate::fixed(0.0), "as typed");

    // Held at the letter instead (where this pathway waits for the clinic date): the
    // booking step keeps its own 10 days, so the 21 days are counted once.
    let mut section = steady(100.0, 300.0, 10.0);
    section.waits_at = Some("letter".into());
    assert_eq!(section.wait_step(), "letter");
    p.capacity = Some(section);
    let made = make(&p, &weeks(52)).unwrap();
    assert_eq!(wait(&made, "book"), Estimate::fixed(10.0), "as typed");
    assert_eq!(wait(&made, "letter"), Estimate::fixed(21.0));
    // Days per referral: 10 at booking + 21 at the letter, and no slot issues.
    assert!(
        close(made.report.elapsed_days, 31.0, 1e-9),
        "{}",
        made.report.elapsed_days
    );

    // A step that does not exist is an error that names the field.
    let mut section = steady(100.0, 300.0, 10.0);
    section.waits_at = Some("no_such_step".into());
    p.capacity = Some(section);
    let problems = crate::validate(&p);
    assert!(
        problems.iter().any(|q| q
            .message
            .contains("waits_at names the step \"no_such_step\"")),
        "{problems:?}"
    );
    assert!(make(&p, &weeks(52)).is_err());
}

#[test]
fn the_projected_wait_keeps_the_typed_spread_about_the_projected_mean() {
    // Typed 28, 42 and 70 days: a mean of (28 + 42 + 70) / 3 = 46.67 days. A
    // projected mean of 35 days scales each by 35 / 46.67 = 0.75: 21, 31.5 and 52.5.
    let typed = Estimate {
        low: 28.0,
        likely: 42.0,
        high: 70.0,
    };
    let made = projected_wait(&typed, 35.0);
    assert!(close(made.low, 21.0, 1e-12), "{made:?}");
    assert!(close(made.likely, 31.5, 1e-12), "{made:?}");
    assert!(close(made.high, 52.5, 1e-12), "{made:?}");
    assert!(close(made.mean(), 35.0, 1e-12));
    // A fixed or empty wait becomes the projected mean, fixed.
    assert_eq!(
        projected_wait(&Estimate::fixed(14.0), 35.0),
        Estimate::fixed(35.0)
    );
    assert_eq!(
        projected_wait(&Estimate::fixed(0.0), 35.0),
        Estimate::fixed(35.0)
    );
}
