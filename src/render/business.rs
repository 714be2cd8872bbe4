//! The business case as text and JSON: the saving by kind of money, the appraisal
//! year by year, and the ranges from the uncertainty run.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::appraisal::Appraisal;
use crate::business::BusinessCase;
use crate::classes::{Classes, TOTAL_CAPTION, saved_or_more};
use crate::numbers::{grouped, percent, pounds};
use crate::uncertainty::{Spread, Uncertainty};

/// "£10.20 to £19.20": a 90% interval in pounds.
pub fn interval(s: &Spread, decimals: usize) -> String {
    format!("{} to {}", pounds(s.p5, decimals), pounds(s.p95, decimals))
}

/// The saving a year by kind of money, cash first, with its range.
pub fn classes_text(out: &mut String, classes: &Classes, u: Option<&Uncertainty>) {
    let _ = writeln!(
        out,
        "{TOTAL_CAPTION}: {} (not all of it is money saved)",
        pounds(classes.economic_value(), 0)
    );
    for line in classes.lines() {
        let _ = writeln!(
            out,
            "  {:<24} {:>14}  {}",
            line.label,
            saved_or_more(line.amount, |v| pounds(v, 0)),
            line.note
        );
    }
    if let Some(u) = u {
        let _ = writeln!(
            out,
            "  Range (90%): {} a referral, {} a year; cash {} a year",
            interval(&u.saving_per_referral, 2),
            interval(&u.annual_saving, 0),
            interval(&u.cash_annual, 0),
        );
        let _ = writeln!(
            out,
            "  ({} draws of {} uncertain inputs; the option saves in {} of them)",
            grouped(u.draws as f64, 0),
            u.inputs,
            percent(u.probability_saves)
        );
    }
}

/// The appraisal as text: the period, the points and the year-by-year table.
/// `ranges` are the case's (see [`crate::business::ranges`]).
pub fn appraisal_text(name: &str, case: &BusinessCase, ranges: &Uncertainty) -> String {
    let a = &case.appraisal;
    let inv = &case.investment;
    let mut out = String::new();
    let _ = writeln!(out, "{name}");
    classes_text(&mut out, &case.classes, Some(ranges));
    let _ = writeln!(
        out,
        "\nAppraisal over {} years at {} real, optimism bias {} on costs{}",
        inv.years,
        percent(inv.discount_rate),
        percent(inv.optimism_bias),
        if case.has_investment {
            ""
        } else {
            " (the option's file has no investment: no costs)"
        }
    );
    let npv_range = ranges
        .npv
        .map(|s| format!(" (90%: {})", interval(&s, 0)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  Net present value       {}{npv_range}",
        pounds(a.npv, 0)
    );
    let _ = writeln!(out, "  NPV of cash alone       {}", pounds(a.npv_cash, 0));
    let _ = writeln!(out, "  Discounted payback      {}", payback_words(a));
    let _ = writeln!(
        out,
        "  Benefit-cost ratio      {}",
        a.benefit_cost_ratio
            .map_or("no costs".into(), |r| grouped(r, 2))
    );
    let _ = writeln!(
        out,
        "\n{:>4} {:>12} {:>12} {:>12} {:>12} {:>9} {:>14}",
        "Year", "costs", "cash", "non-cash", "net", "discount", "cumulative"
    );
    for y in &a.years {
        let _ = writeln!(
            out,
            "{:>4} {:>12} {:>12} {:>12} {:>12} {:>9} {:>14}",
            y.year,
            pounds(y.costs, 0),
            pounds(y.cash_benefit, 0),
            pounds(y.non_cash_benefit, 0),
            pounds(y.net, 0),
            format!("{:.4}", y.discount_factor),
            pounds(y.cumulative_discounted, 0)
        );
    }
    let _ = writeln!(out, "\nNPV by organisation");
    for o in &a.by_organisation {
        let _ = writeln!(
            out,
            "  {:<20} {:>12}  (costs {}, benefits {})",
            crate::classes::organisation_label(o.organisation),
            pounds(o.npv(), 0),
            pounds(o.pv_costs, 0),
            pounds(o.pv_benefits, 0)
        );
    }
    out
}

/// "year 2", "year 0 (nothing invested)" or "not within the period".
pub fn payback_words(a: &Appraisal) -> String {
    match a.payback_year {
        Some(0) if a.pv_costs == 0.0 => "year 0 (nothing invested)".into(),
        Some(y) => format!("year {y}"),
        None => "not within the period".into(),
    }
}

fn spread_json(s: &Spread) -> Value {
    json!({ "p5": s.p5, "p50": s.p50, "p95": s.p95 })
}

/// The classes: `cash_releasing_annual`, `posts_removed_annual`,
/// `staff_time_annual`, `capacity_annual`, `economic_value_annual`, `wte_released`
/// and `against_total` (organisation -> £ a year).
pub fn classes_json(c: &Classes) -> Value {
    let against: serde_json::Map<String, Value> = c
        .against_total()
        .into_iter()
        .map(|(o, v)| (o.name().to_owned(), json!(v)))
        .collect();
    json!({
        "cash_releasing_annual": c.cash,
        "posts_removed_annual": c.posts,
        "staff_time_annual": c.staff_time,
        "capacity_annual": c.capacity,
        "economic_value_annual": c.economic_value(),
        "wte_released": c.wte,
        "against_total": against,
    })
}

/// The uncertainty run: `draws`, `inputs`, `saving_per_referral`, `annual_saving`,
/// `cash_annual`, `npv`, `npv_cash` (each `p5`, `p50`, `p95`; the NPVs null without
/// an appraisal), `probability_saves`, `probability_cash` and `tornado` (`input`,
/// `saving_at_low`, `saving_at_high`, widest first).
pub fn uncertainty_json(u: &Uncertainty) -> Value {
    json!({
        "draws": u.draws,
        "inputs": u.inputs,
        "saving_per_referral": spread_json(&u.saving_per_referral),
        "annual_saving": spread_json(&u.annual_saving),
        "cash_annual": spread_json(&u.cash_annual),
        "npv": u.npv.as_ref().map(spread_json),
        "npv_cash": u.npv_cash.as_ref().map(spread_json),
        "probability_saves": u.probability_saves,
        "probability_cash": u.probability_cash,
        "tornado": u.tornado.iter().map(|t| json!({
            "input": t.label,
            "saving_at_low": t.at_low,
            "saving_at_high": t.at_high,
        })).collect::<Vec<_>>(),
    })
}

/// `opmt appraise --json` for one option: `npv`, `npv_cash`, `payback_year` (null
/// when none), `benefit_cost_ratio` (null without costs), `years` (objects with
/// `year`, `costs`, `cash_benefit`, `non_cash_benefit`, `net`,
/// `cumulative_discounted`), `discount_rate`, `optimism_bias`, `appraisal_years`,
/// `has_investment`, `by_organisation` (organisation -> `npv`, `pv_costs`,
/// `pv_benefits`), `classes` and `uncertainty` (of `ranges`, the case's ranges).
pub fn appraisal_json(case: &BusinessCase, ranges: &Uncertainty) -> Value {
    let a = &case.appraisal;
    let by_organisation: serde_json::Map<String, Value> = a
        .by_organisation
        .iter()
        .map(|o| {
            (
                o.organisation.name().to_owned(),
                json!({ "npv": o.npv(), "pv_costs": o.pv_costs, "pv_benefits": o.pv_benefits }),
            )
        })
        .collect();
    json!({
        "npv": a.npv,
        "npv_cash": a.npv_cash,
        "payback_year": a.payback_year,
        "benefit_cost_ratio": a.benefit_cost_ratio,
        "pv_costs": a.pv_costs,
        "pv_benefits": a.pv_benefits,
        "years": a.years.iter().map(|y| json!({
            "year": y.year,
            "costs": y.costs,
            "cash_benefit": y.cash_benefit,
            "non_cash_benefit": y.non_cash_benefit,
            "net": y.net,
            "discount_factor": y.discount_factor,
            "cumulative_discounted": y.cumulative_discounted,
        })).collect::<Vec<_>>(),
        "discount_rate": case.investment.discount_rate,
        "optimism_bias": case.investment.optimism_bias,
        "appraisal_years": case.investment.years,
        "has_investment": case.has_investment,
        "by_organisation": by_organisation,
        "classes": classes_json(&case.classes),
        "uncertainty": uncertainty_json(ranges),
    })
}
