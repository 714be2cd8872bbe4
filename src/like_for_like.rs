//! Whether two compared pathways are like for like: the saving between them should
//! come from the referral-management process, not from what one pathway counts and
//! the other leaves out, from different rate cards, or from a different patient mix.
//!
//! [`check`] names each difference with the steps and roles behind it, the money at
//! stake a year (where it can be put in money) and how to fix it. It does not change
//! the figures: it says which of them a finance director should not sign.

use std::collections::HashMap;

use crate::compare::Comparison;
use crate::model::{Counter, Outcome, Pathway, Role, Stage};
use crate::numbers;

/// What kind of difference makes a comparison not like for like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CautionKind {
    /// One pathway counts clinical staff time at attended appointments, the other
    /// counts none (or much less).
    ClinicalTime,
    /// A role with staff time in one pathway has no counterpart (by id or name) in
    /// the other.
    UnmatchedRole,
    /// The same role (by id or name) has a different hourly rate or cost basis.
    RateDiffers,
    /// The share of referrals ending each way (an appointment, advice, returned, a
    /// test) differs by more than [`OUTCOME_SHARE_TOLERANCE`].
    OutcomeMix,
}

impl CautionKind {
    /// A short name for the kind, for JSON and tables.
    pub fn key(self) -> &'static str {
        match self {
            CautionKind::ClinicalTime => "clinical_time",
            CautionKind::UnmatchedRole => "unmatched_role",
            CautionKind::RateDiffers => "rate_differs",
            CautionKind::OutcomeMix => "outcome_mix",
        }
    }
}

/// One reason the comparison is not like for like.
#[derive(Clone, Debug, PartialEq)]
pub struct Caution {
    /// What kind of difference.
    pub kind: CautionKind,
    /// What differs and how to fix it, naming steps and roles.
    pub message: String,
    /// £ a year of the headline saving that comes from this difference rather than
    /// from the process, where it can be put in money.
    pub at_stake_per_year: Option<f64>,
    /// Names of the steps concerned.
    pub steps: Vec<String>,
    /// Names of the roles concerned.
    pub roles: Vec<String>,
}

/// How the source note of a step a best-practice measure added begins
/// ([`crate::measures`]); ends such steps reach are left out of the outcome mix.
pub const MEASURE_SOURCE: &str = "measure ";

/// Outcome shares may differ by this much (5 percentage points) before the patient
/// mix is said to differ: process changes such as Advice & Guidance move them a
/// little.
pub const OUTCOME_SHARE_TOLERANCE: f64 = 0.05;

/// Clinical time counts as "much less" on one side below this fraction of the other.
const CLINICAL_TIME_RATIO: f64 = 0.5;

/// Hourly rates closer than this (in £) are the same rate.
const RATE_TOLERANCE: f64 = 0.005;

/// Every reason the comparison of `current` with `proposed` is not like for like,
/// largest money at stake first (those with no amount last).
pub fn check(current: &Pathway, proposed: &Pathway, comparison: &Comparison) -> Vec<Caution> {
    let mut cautions = Vec::new();
    cautions.extend(clinical_time(current, proposed, comparison));
    cautions.extend(roles(current, proposed, comparison));
    cautions.extend(outcome_mix(current, proposed, comparison));
    cautions.sort_by(|a, b| {
        let key = |c: &Caution| c.at_stake_per_year.map_or(f64::NEG_INFINITY, f64::abs);
        key(b).total_cmp(&key(a))
    });
    cautions
}

/// Staff cost per referral at attended appointments: Attendance-stage steps with a
/// role, other than DNAs (a missed slot is the process's to save). With the names of
/// those steps.
fn clinical_cost(pathway: &Pathway, report: &crate::Report) -> (f64, Vec<String>) {
    let mut cost = 0.0;
    let mut names = Vec::new();
    // A report has one result a step, in the pathway's order.
    for (step, result) in pathway.steps.iter().zip(&report.steps) {
        let attended = step.stage == Stage::Attendance && !step.counts_as.contains(&Counter::Dna);
        if attended && step.role.is_some() && result.staff_cost > 0.0 {
            cost += result.staff_cost;
            names.push(step.name.clone());
        }
    }
    (cost, names)
}

/// £ a referral, in pence: "£3.20".
fn per_referral(value: f64) -> String {
    numbers::pence(value)
}

/// £ a year, whole pounds: "£12,345".
fn per_year(value: f64) -> String {
    numbers::pounds(value, 0)
}

fn clinical_time(current: &Pathway, proposed: &Pathway, c: &Comparison) -> Option<Caution> {
    let (current_cost, current_steps) = clinical_cost(current, &c.current);
    let (proposed_cost, proposed_steps) = clinical_cost(proposed, &c.proposed);
    let (more, less) = if current_cost >= proposed_cost {
        (
            (current, current_cost, current_steps),
            (proposed, proposed_cost),
        )
    } else {
        (
            (proposed, proposed_cost, proposed_steps),
            (current, current_cost),
        )
    };
    if more.1 <= 0.0 || less.1 >= CLINICAL_TIME_RATIO * more.1 {
        return None;
    }
    let at_stake = (current_cost - proposed_cost) * c.current.annual_referrals;
    let counted = if less.1 > 0.0 {
        format!("only {} a referral", per_referral(less.1))
    } else {
        "none".to_owned()
    };
    Some(Caution {
        kind: CautionKind::ClinicalTime,
        message: format!(
            "\u{201c}{}\u{201d} counts {} a referral of clinical time at attended appointments ({}); \u{201c}{}\u{201d} counts {counted}. {} a year of the saving is clinical time one side leaves out, not a process change. Compare with a copy of your own pathway with best practice applied (opmt best-practice), give both sides the same appointment steps, or mark the appointments' clinical time out of scope.",
            more.0.name,
            per_referral(more.1),
            more.2.join(", "),
            less.0.name,
            per_year(at_stake.abs())
        ),
        at_stake_per_year: Some(at_stake),
        steps: more.2,
        roles: Vec::new(),
    })
}

use crate::compare::costed_as;

/// The role of `other` that `role` (of `side`) is costed against: for a proposed role,
/// the current role it is costed as; for a current role, the proposed role costed as
/// it.
fn twin<'a>(
    role: &Role,
    side: &'a Pathway,
    other: &'a Pathway,
    is_current: bool,
) -> Option<&'a Role> {
    if is_current {
        other
            .roles
            .iter()
            .find(|p| costed_as(p, &side.roles).is_some_and(|t| t.id == role.id))
    } else {
        costed_as(role, &other.roles)
    }
}

fn roles(current: &Pathway, proposed: &Pathway, c: &Comparison) -> Vec<Caution> {
    let mut cautions = Vec::new();
    let hours = |report: &crate::Report| -> HashMap<String, f64> {
        report
            .by_role
            .iter()
            .map(|r| (r.id.clone(), r.annual_hours))
            .collect()
    };
    let current_hours = hours(&c.current);
    let proposed_hours = hours(&c.proposed);
    for (side, other, side_hours, sign) in [
        (current, proposed, &current_hours, 1.0),
        (proposed, current, &proposed_hours, -1.0),
    ] {
        for role in &side.roles {
            let role_hours = side_hours.get(&role.id).copied().unwrap_or(0.0);
            if role_hours <= 0.0 {
                continue;
            }
            match twin(role, side, other, sign > 0.0) {
                None => {
                    let at_stake = sign * role_hours * role.hourly_cost;
                    cautions.push(Caution {
                        kind: CautionKind::UnmatchedRole,
                        message: format!(
                            "The role \u{201c}{}\u{201d} ({} hours a year, {} a year) is in \u{201c}{}\u{201d} only; \u{201c}{}\u{201d} has no role of that id or name. If the other process does that work with another role, map one onto the other on the rate card (a role\u{2019}s costed_as) or give them the same id or name, so both are costed alike; if the other process removes the work, this part of the saving is real.",
                            role.name,
                            numbers::grouped(role_hours, 0),
                            per_year(role_hours * role.hourly_cost),
                            side.name,
                            other.name
                        ),
                        at_stake_per_year: Some(at_stake),
                        steps: Vec::new(),
                        roles: vec![role.name.clone()],
                    });
                }
                // Each pair once: from the current side.
                Some(twin) if sign > 0.0 => {
                    if let Some(caution) = rate_differs(role, twin, c, &proposed_hours) {
                        cautions.push(caution);
                    }
                }
                Some(_) => {}
            }
        }
    }
    cautions
}

fn rate_differs(
    current: &Role,
    proposed: &Role,
    c: &Comparison,
    proposed_hours: &HashMap<String, f64>,
) -> Option<Caution> {
    let rate_gap = current.hourly_cost - proposed.hourly_cost;
    let basis_differs = current.cost_basis.as_deref().map(str::trim)
        != proposed.cost_basis.as_deref().map(str::trim);
    if rate_gap.abs() < RATE_TOLERANCE && !basis_differs {
        return None;
    }
    // The proposed pathway's hours in this role, costed at the two rates.
    // Under the rate card a role matched by name carries the current role's id.
    let hours = proposed_hours
        .get(&proposed.id)
        .or_else(|| proposed_hours.get(&current.id))
        .copied()
        .unwrap_or(0.0);
    let at_stake = rate_gap * hours;
    let mut what = Vec::new();
    if rate_gap.abs() >= RATE_TOLERANCE {
        what.push(format!(
            "{} an hour in \u{201c}{}\u{201d} against {} in \u{201c}{}\u{201d}",
            per_referral(current.hourly_cost),
            c.current.name,
            per_referral(proposed.hourly_cost),
            c.proposed.name
        ));
    }
    if basis_differs {
        what.push(format!(
            "costed as \u{201c}{}\u{201d} against \u{201c}{}\u{201d}",
            current.cost_basis.as_deref().unwrap_or("not stated"),
            proposed.cost_basis.as_deref().unwrap_or("not stated")
        ));
    }
    Some(Caution {
        kind: CautionKind::RateDiffers,
        message: format!(
            "The role \u{201c}{}\u{201d} is {}: both pathways are costed at the current pathway's rate card, so these {} a year are left out of the saving. If they are different jobs, give them different names and ids.",
            current.name,
            what.join(", and "),
            per_year(at_stake.abs())
        ),
        at_stake_per_year: Some(at_stake),
        steps: Vec::new(),
        roles: vec![current.name.clone()],
    })
}

/// The share of referrals ending each way, leaving out the ends a best-practice
/// measure added (such as advice after an Advice & Guidance request): those are the
/// process's doing, so the mix is of the referrals that still end as before.
fn mix_before_measures(p: &Pathway, report: &crate::analysis::Report, outcome: Outcome) -> f64 {
    let added = |s: &crate::model::Step| {
        s.next.is_empty()
            && s.source
                .as_deref()
                .is_some_and(|t| t.starts_with(MEASURE_SOURCE))
    };
    let ended = |want: Option<Outcome>| -> f64 {
        p.steps
            .iter()
            .zip(&report.steps)
            .filter(|(s, _)| added(s) && want.is_none_or(|o| s.outcome == Some(o)))
            .map(|(_, r)| r.visits)
            .sum()
    };
    let rest = 1.0 - ended(None);
    if rest <= 0.0 {
        return report.outcome_probability(outcome);
    }
    (report.outcome_probability(outcome) - ended(Some(outcome))) / rest
}

fn outcome_mix(current: &Pathway, proposed: &Pathway, c: &Comparison) -> Vec<Caution> {
    [
        (Outcome::Appointment, "an appointment"),
        (Outcome::Advice, "advice to the GP"),
        (Outcome::Returned, "returned to the GP"),
        (Outcome::Test, "a test"),
    ]
    .into_iter()
    .filter_map(|(outcome, words)| {
        let a = mix_before_measures(current, &c.current, outcome);
        let b = mix_before_measures(proposed, &c.proposed, outcome);
        ((a - b).abs() > OUTCOME_SHARE_TOLERANCE).then(|| Caution {
            kind: CautionKind::OutcomeMix,
            message: format!(
                "{} of referrals end in {words} in \u{201c}{}\u{201d} against {} in \u{201c}{}\u{201d}: more than a process change explains, so part of the difference is the patients or the service. Check the shares that lead to those ends.",
                numbers::percent(a),
                current.name,
                numbers::percent(b),
                proposed.name
            ),
            at_stake_per_year: None,
            steps: Vec::new(),
            roles: Vec::new(),
        })
    })
    .collect()
}

#[cfg(test)]
mod tests;
