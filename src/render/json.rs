//! The JSON output of `opmt report --json` and `opmt compare --json`. Keys are a
//! contract with scripts that read them; numbers are unrounded.

use serde_json::{Map, Value, json};

use crate::analysis::Report;
use crate::compare::Comparison;

/// One report object: `name`, `annual_referrals`, `cost_per_referral`,
/// `staff_minutes_per_referral`, `elapsed_days`, `annual_cost`, `visits`,
/// `outcomes`, `by_stage`, `by_role`.
pub fn report_json(report: &Report) -> Value {
    let visits: Map<String, Value> = report
        .steps
        .iter()
        .map(|s| (s.id.clone(), json!(s.visits)))
        .collect();
    let outcomes: Map<String, Value> = report
        .outcomes
        .iter()
        .map(|o| (o.step.clone(), json!(o.probability)))
        .collect();
    let by_stage: Map<String, Value> = report
        .by_stage
        .iter()
        .map(|s| {
            (
                s.stage.name().to_owned(),
                json!({
                    "cost": s.cost,
                    "staff_minutes": s.staff_minutes,
                    "elapsed_days": s.elapsed_days,
                }),
            )
        })
        .collect();
    let by_role: Map<String, Value> = report
        .by_role
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                json!({
                    "staff_minutes": r.staff_minutes,
                    "cost": r.cost,
                    "annual_hours": r.annual_hours,
                    "wte": r.wte,
                }),
            )
        })
        .collect();
    json!({
        "name": report.name,
        "annual_referrals": report.annual_referrals,
        "cost_per_referral": report.cost_per_referral,
        "staff_minutes_per_referral": report.staff_minutes_per_referral,
        "elapsed_days": report.elapsed_days,
        "annual_cost": report.annual_cost,
        "visits": visits,
        "outcomes": outcomes,
        "by_stage": by_stage,
        "by_role": by_role,
    })
}

/// One comparison object: `current`, `proposed`, `saving_per_referral`,
/// `annual_saving`, `staff_minutes_saved_per_referral`, `days_saved`, `by_stage`.
pub fn comparison_json(comparison: &Comparison) -> Value {
    let by_stage: Map<String, Value> = comparison
        .by_stage
        .iter()
        .map(|s| {
            (
                s.stage.name().to_owned(),
                json!({
                    "cost_saving": s.cost_saving,
                    "staff_minutes_saved": s.staff_minutes_saved,
                    "days_saved": s.days_saved,
                }),
            )
        })
        .collect();
    json!({
        "current": report_json(&comparison.current),
        "proposed": report_json(&comparison.proposed),
        "saving_per_referral": comparison.saving_per_referral,
        "annual_saving": comparison.annual_saving,
        "staff_minutes_saved_per_referral": comparison.staff_minutes_saved_per_referral,
        "days_saved": comparison.days_saved,
        "by_stage": by_stage,
    })
}

fn distribution_json(d: &crate::simulate::Distribution) -> Value {
    json!({ "mean": d.mean, "p50": d.p50, "p90": d.p90, "p92": d.p92, "p95": d.p95 })
}

/// `opmt simulate --json`: `referrals`, `seed`, `elapsed_days`, `cost_per_referral`
/// (each `mean`, `p50`, `p90`, `p92`, `p95`), `within_126_days`, `within_target_days`,
/// `outcomes` (end step id -> share), `staff_minutes_by_role` (role id -> mean minutes).
pub fn simulation_json(r: &crate::simulate::SimulationResult) -> Value {
    let outcomes: Map<String, Value> = r
        .outcomes
        .iter()
        .map(|(id, share)| (id.clone(), json!(share)))
        .collect();
    let roles: Map<String, Value> = r
        .staff_minutes_by_role
        .iter()
        .map(|(id, minutes)| (id.clone(), json!(minutes)))
        .collect();
    json!({
        "referrals": r.referrals,
        "seed": r.seed,
        "elapsed_days": distribution_json(&r.elapsed_days),
        "cost_per_referral": distribution_json(&r.cost_per_referral),
        "within_126_days": r.within_126_days,
        "within_target_days": r.within_target_days,
        "outcomes": outcomes,
        "staff_minutes_by_role": roles,
    })
}

/// `opmt sensitivity --json`: a list of objects with `step`, `parameter`, `low`,
/// `high`, `cost_low`, `cost_high`, `days_low`, `days_high`, largest swing first.
pub fn sensitivity_json(swings: &[crate::sensitivity::Swing]) -> Value {
    Value::Array(
        swings
            .iter()
            .map(|s| {
                json!({
                    "step": s.step,
                    "parameter": s.parameter.name(),
                    "low": s.low,
                    "high": s.high,
                    "cost_low": s.cost_low,
                    "cost_high": s.cost_high,
                    "days_low": s.days_low,
                    "days_high": s.days_high,
                })
            })
            .collect(),
    )
}
