//! The JSON output of `opmt report --json` and `opmt compare --json`. Keys are a
//! contract with scripts that read them; numbers are unrounded.

use serde_json::{Map, Value, json};

use crate::analysis::{CostSplit, Report};
use crate::compare::Comparison;

/// The parts of a cost: `cash`, `staff_cost`, `staff_cost_direct`, `staff_cost_capacity`.
fn split_json(split: &CostSplit) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("cash".into(), json!(split.cash));
    map.insert("staff_cost".into(), json!(split.staff()));
    map.insert("staff_cost_direct".into(), json!(split.staff_direct));
    map.insert("staff_cost_capacity".into(), json!(split.capacity));
    map
}

/// The parts of a saving: `cash_saving`, `staff_cost_saving`,
/// `staff_cost_direct_saving`, `capacity_saving`, each with `suffix` appended.
fn saving_split_json(split: &CostSplit, suffix: &str) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert(format!("cash_saving{suffix}"), json!(split.cash));
    map.insert(format!("staff_cost_saving{suffix}"), json!(split.staff()));
    map.insert(
        format!("staff_cost_direct_saving{suffix}"),
        json!(split.staff_direct),
    );
    map.insert(format!("capacity_saving{suffix}"), json!(split.capacity));
    map
}

/// Adds every entry of `extra` to the object `value`.
fn extend(value: &mut Value, extra: Map<String, Value>) {
    if let Value::Object(map) = value {
        map.extend(extra);
    }
}

/// One report object: `name`, `annual_referrals`, `cost_per_referral`,
/// `staff_minutes_per_referral`, `elapsed_days`, `annual_cost`, `visits`,
/// `outcomes`, `by_stage`, `by_role`; and, splitting the cost, `cash_per_referral`,
/// `cash_annual`, `staff_cost_per_referral`, `staff_cost_annual`,
/// `staff_cost_direct_per_referral`, `staff_cost_capacity_per_referral` and
/// `by_organisation`.
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
            let mut value = json!({
                "cost": s.cost,
                "staff_minutes": s.staff_minutes,
                "elapsed_days": s.elapsed_days,
            });
            extend(&mut value, split_json(&s.cost_split));
            (s.stage.name().to_owned(), value)
        })
        .collect();
    let by_role: Map<String, Value> = report
        .by_role
        .iter()
        .map(|r| {
            let mut value = json!({
                "staff_minutes": r.staff_minutes,
                "cost": r.cost,
                "annual_hours": r.annual_hours,
                "wte": r.wte,
                "organisation": r.organisation.name(),
                "cost_basis": r.cost_basis,
            });
            extend(&mut value, split_json(&r.cost_split));
            (r.id.clone(), value)
        })
        .collect();
    let by_organisation: Map<String, Value> = report
        .by_organisation
        .iter()
        .map(|o| {
            let mut value = json!({ "staff_minutes": o.staff_minutes, "wte": o.wte });
            extend(&mut value, split_json(&o.cost_split));
            (o.organisation.name().to_owned(), value)
        })
        .collect();
    let split = &report.cost_split;
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
        "cash_per_referral": split.cash,
        "cash_annual": split.cash * report.annual_referrals,
        "staff_cost_per_referral": split.staff(),
        "staff_cost_annual": split.staff() * report.annual_referrals,
        "staff_cost_direct_per_referral": split.staff_direct,
        "staff_cost_capacity_per_referral": split.capacity,
        "by_organisation": by_organisation,
    })
}

/// One comparison object: `current`, `proposed`, `saving_per_referral`,
/// `annual_saving`, `staff_minutes_saved_per_referral`, `days_saved`, `by_stage`;
/// and the three saving lines `cash_saving_*`, `staff_cost_direct_saving_*`,
/// `capacity_saving_*` (with `staff_cost_saving_*`, their staff total) each
/// `_per_referral` and `_annual`, `wte_released`, and `saving_by_organisation`.
pub fn comparison_json(comparison: &Comparison) -> Value {
    let by_stage: Map<String, Value> = comparison
        .by_stage
        .iter()
        .map(|s| {
            let mut value = json!({
                "cost_saving": s.cost_saving,
                "staff_minutes_saved": s.staff_minutes_saved,
                "days_saved": s.days_saved,
            });
            extend(&mut value, saving_split_json(&s.saving_split, ""));
            (s.stage.name().to_owned(), value)
        })
        .collect();
    let n = comparison.current.annual_referrals;
    let by_organisation: Map<String, Value> = comparison
        .by_organisation
        .iter()
        .map(|o| {
            let mut value = json!({
                "saving_per_referral": o.saving_split.total(),
                "saving_annual": o.saving_split.total() * n,
                "wte_released": o.wte_released,
            });
            extend(
                &mut value,
                saving_split_json(&o.saving_split, "_per_referral"),
            );
            extend(
                &mut value,
                saving_split_json(&o.saving_split.scaled(n), "_annual"),
            );
            (o.organisation.name().to_owned(), value)
        })
        .collect();
    let mut value = json!({
        "current": report_json(&comparison.current),
        "proposed": report_json(&comparison.proposed),
        "saving_per_referral": comparison.saving_per_referral,
        "annual_saving": comparison.annual_saving,
        "staff_minutes_saved_per_referral": comparison.staff_minutes_saved_per_referral,
        "days_saved": comparison.days_saved,
        "by_stage": by_stage,
        "wte_released": comparison.wte_released(),
        "saving_by_organisation": by_organisation,
        "rate_card": comparison.role_map.iter().map(|m| json!({
            "role": m.name,
            "costed_as": m.costed_as,
            "matched": match m.matched {
                crate::compare::RoleMatch::Id => "id",
                crate::compare::RoleMatch::Name => "name",
                crate::compare::RoleMatch::Chosen => "chosen",
                crate::compare::RoleMatch::Unmapped => "unmapped",
            },
            "own_hourly_cost": m.own_rate,
            "hourly_cost": m.rate,
        })).collect::<Vec<_>>(),
        "clinical_left_out_per_referral": {
            "current": comparison.clinical_left_out[0],
            "proposed": comparison.clinical_left_out[1],
        },
    });
    extend(
        &mut value,
        saving_split_json(&comparison.saving_split, "_per_referral"),
    );
    extend(
        &mut value,
        saving_split_json(&comparison.annual_saving_split(), "_annual"),
    );
    value
}

fn distribution_json(d: &crate::simulate::Distribution) -> Value {
    json!({ "mean": d.mean, "p50": d.p50, "p90": d.p90, "p92": d.p92, "p95": d.p95 })
}

/// `opmt simulate --json`: `referrals`, `seed`, `elapsed_days`, `cost_per_referral`
/// (each `mean`, `p50`, `p90`, `p92`, `p95`), `within_126_days` and `within_target_days`
/// (of whole journeys, from the GP's decision), `first_appointment` (the wait from
/// receipt to a first appointment: `measured`, the share seen; `mean_days`;
/// `within_126_days`, of those seen; `target_share` and `target`, the
/// first-appointment target it is compared with), `outcomes` (end step id -> share),
/// `staff_minutes_by_role` (role id -> mean minutes).
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
        "first_appointment": {
            "measured": r.first_appointment.measured,
            "mean_days": r.first_appointment.mean_days,
            "within_126_days": r.first_appointment.within_126_days,
            "target_share": crate::simulate::FIRST_APPOINTMENT_TARGET_SHARE,
            "target": crate::simulate::FIRST_APPOINTMENT_TARGET,
        },
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

/// The changes between two versions of a model: a list of objects with `kind`
/// (step_added, step_removed, step_renamed, step_field, links, role_added,
/// role_removed, role_field, setting), `field` (for field changes), `subject`, `old`,
/// `new`, `cost_effect` (£ per referral when made alone to the first version, or
/// null when it cannot be) and `step_a` / `step_b` (the step's index in each, or null).
pub fn diff_json(changes: &[crate::diff::Change]) -> Value {
    use crate::diff::ChangeKind;
    let rows: Vec<Value> = changes
        .iter()
        .map(|c| {
            let (kind, field) = match &c.kind {
                ChangeKind::StepAdded => ("step_added", None),
                ChangeKind::StepRemoved => ("step_removed", None),
                ChangeKind::StepRenamed => ("step_renamed", None),
                ChangeKind::StepField(f) => ("step_field", Some(*f)),
                ChangeKind::Links => ("links", None),
                ChangeKind::RoleAdded => ("role_added", None),
                ChangeKind::RoleRemoved => ("role_removed", None),
                ChangeKind::RoleField(f) => ("role_field", Some(*f)),
                ChangeKind::Setting(f) => ("setting", Some(*f)),
            };
            json!({
                "kind": kind,
                "field": field,
                "subject": c.subject,
                "old": c.old,
                "new": c.new,
                "cost_effect": c.cost_effect,
                "step_a": c.step_in_a,
                "step_b": c.step_in_b,
            })
        })
        .collect();
    Value::Array(rows)
}

/// The reasons a comparison is not like for like, as the `warnings` list of
/// `opmt compare --json`: each with its `kind`, `message`, `at_stake_per_year` (£, or
/// null where it cannot be put in money), `steps` and `roles`.
pub fn cautions_json(cautions: &[crate::like_for_like::Caution]) -> Value {
    Value::Array(
        cautions
            .iter()
            .map(|c| {
                json!({
                    "kind": c.kind.key(),
                    "message": c.message,
                    "at_stake_per_year": c.at_stake_per_year,
                    "steps": c.steps,
                    "roles": c.roles,
                })
            })
            .collect(),
    )
}
