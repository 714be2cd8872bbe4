//! Checks of what an appraisal and the uncertainty run read: an option's investment,
//! the ranges of hourly rates and the overhead factor.

use super::{Problem, ProblemKind, Subject, estimate_problem, role_label};
use crate::model::{CostItem, Investment, MOST_YEARS, Pathway};

/// Every problem with the pathway's appraisal inputs.
pub(super) fn check(pathway: &Pathway, problems: &mut Vec<Problem>) {
    let error = |subject, message| Problem::error(ProblemKind::Appraisal, subject, message);
    for (i, role) in pathway.roles.iter().enumerate() {
        let Some(range) = role.rate_range else {
            continue;
        };
        if !(range.low.is_finite() && range.high.is_finite())
            || range.low < 0.0
            || range.low > range.high
        {
            problems.push(error(
                Subject::Role(i),
                format!(
                    "role {}: the rate range {} to {} is not a range of hourly costs; write (low: a, high: b) with 0 <= a <= b",
                    role_label(role),
                    range.low,
                    range.high
                ),
            ));
        } else if role.hourly_cost < range.low || role.hourly_cost > range.high {
            // A rate typed beyond its range (a new pay scale) widens the range rather than
            // stopping the analysis.
            problems.push(Problem::warning(
                ProblemKind::Appraisal,
                Subject::Role(i),
                format!(
                    "role {}: the hourly cost {} is outside its rate range {} to {}; the uncertainty run widens the range to take it in (change rate_range to say otherwise)",
                    role_label(role),
                    role.hourly_cost,
                    range.low,
                    range.high
                ),
            ));
        }
    }
    if let Some(factor) = &pathway.overhead_factor
        && let Some(message) = estimate_problem("the pathway", "overhead_factor", factor)
    {
        problems.push(error(Subject::Pathway, message));
    }
    if let Some(investment) = &pathway.investment {
        check_investment(investment, problems);
    }
}

fn check_investment(inv: &Investment, problems: &mut Vec<Problem>) {
    let mut say = |message: String| {
        problems.push(Problem::error(
            ProblemKind::Appraisal,
            Subject::Pathway,
            format!("investment: {message}"),
        ));
    };
    if inv.years == 0 || inv.years > MOST_YEARS {
        say(format!(
            "years is {}; the appraisal period must be 1 to {MOST_YEARS} years (the Green Book's usual is 5 or 10)",
            inv.years
        ));
    }
    if !inv.discount_rate.is_finite() || !(0.0..1.0).contains(&inv.discount_rate) {
        say(format!(
            "discount_rate is {}; write it as a fraction from 0 to below 1 (0.035 for the Green Book's 3.5%)",
            inv.discount_rate
        ));
    }
    if !inv.optimism_bias.is_finite() || !(0.0..=10.0).contains(&inv.optimism_bias) {
        say(format!(
            "optimism_bias is {}; write the uplift on costs as a fraction from 0 to 10 (0.2 for 20%)",
            inv.optimism_bias
        ));
    }
    if let Some(v) = inv
        .ramp
        .iter()
        .find(|v| !v.is_finite() || !(0.0..=1.0).contains(*v))
    {
        say(format!(
            "the ramp holds {v}; each year's share of the full benefit is from 0 to 1 (0.5 for half)"
        ));
    }
    let items = |list: &'static str, items: &[CostItem]| {
        items
            .iter()
            .filter_map(move |item| {
                estimate_problem(
                    &format!("{list} cost \"{}\"", item.name),
                    "cost",
                    &item.cost,
                )
            })
            .collect::<Vec<_>>()
    };
    for message in items("one-off", &inv.one_off)
        .into_iter()
        .chain(items("recurring", &inv.recurring))
    {
        say(message);
    }
    for post in &inv.posts_released {
        if !post.wte.is_finite() || post.wte < 0.0 {
            say(format!(
                "posts_released for \"{}\" is {} WTE; it must be 0 or more",
                post.role, post.wte
            ));
        }
    }
}
