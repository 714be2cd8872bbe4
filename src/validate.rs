//! Validation of a pathway: every problem at once, each naming what it concerns.
//!
//! Errors make a pathway unusable for analysis; warnings (an unreachable step, an
//! outcome on a step that has links) are worth a look but do not stop it.

use std::collections::HashSet;

use crate::model::{Estimate, Pathway};

/// Shares must sum to 1 within this tolerance.
pub const SHARE_TOLERANCE: f64 = 1e-6;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The pathway cannot be analysed until this is fixed.
    Error,
    /// Worth a look; the pathway can still be analysed.
    Warning,
}

/// What a problem is about, so that a file position or a canvas card can be found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    /// The pathway as a whole (its settings).
    Pathway,
    /// The role at this index.
    Role(usize),
    /// The step at this index.
    Step(usize),
}

/// One problem found in a pathway.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// What it concerns.
    pub subject: Subject,
    /// What is wrong and how to fix it, in plain words.
    pub message: String,
}

impl Problem {
    fn error(subject: Subject, message: String) -> Self {
        Self {
            severity: Severity::Error,
            subject,
            message,
        }
    }

    fn warning(subject: Subject, message: String) -> Self {
        Self {
            severity: Severity::Warning,
            subject,
            message,
        }
    }
}

/// True when any problem is an error.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

/// Checks a pathway and returns every problem found, errors and warnings, in file order.
pub fn validate(pathway: &Pathway) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_settings(pathway, &mut problems);
    check_roles(pathway, &mut problems);
    check_steps(pathway, &mut problems);
    check_flow(pathway, &mut problems);
    problems
}

fn check_settings(pathway: &Pathway, problems: &mut Vec<Problem>) {
    if !pathway.annual_referrals.is_finite() || pathway.annual_referrals < 0.0 {
        problems.push(Problem::error(
            Subject::Pathway,
            format!(
                "annual_referrals is {}; it must be a number of referrals, 0 or more",
                pathway.annual_referrals
            ),
        ));
    }
    if !pathway.wte_hours.is_finite() || pathway.wte_hours <= 0.0 {
        problems.push(Problem::error(
            Subject::Pathway,
            format!(
                "wte_hours is {}; it must be the working hours in one whole-time equivalent a year, more than 0 (typically 1545)",
                pathway.wte_hours
            ),
        ));
    }
    if pathway.steps.is_empty() {
        problems.push(Problem::error(
            Subject::Pathway,
            "the pathway has no steps; add at least one step (the first step is where referrals start)".into(),
        ));
    }
}

fn check_roles(pathway: &Pathway, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for (i, role) in pathway.roles.iter().enumerate() {
        let subject = Subject::Role(i);
        if role.id.trim().is_empty() {
            problems.push(Problem::error(subject, "a role has an empty id".into()));
        } else if !seen.insert(role.id.as_str()) {
            problems.push(Problem::error(
                subject,
                format!("duplicate role id \"{}\"; role ids must be unique", role.id),
            ));
        }
        if !role.hourly_cost.is_finite() || role.hourly_cost < 0.0 {
            problems.push(Problem::error(
                subject,
                format!(
                    "role \"{}\": hourly_cost is {}; it must be 0 or more",
                    role.id, role.hourly_cost
                ),
            ));
        }
        check_direct_cost(role, subject, problems);
    }
}

/// A direct hourly cost must be a number of 0 or more; above the fully loaded cost it
/// is capped at it (a warning), as direct pay cannot exceed pay plus overheads.
fn check_direct_cost(role: &crate::model::Role, subject: Subject, problems: &mut Vec<Problem>) {
    let Some(direct) = role.direct_hourly_cost else {
        return;
    };
    if !direct.is_finite() || direct < 0.0 {
        problems.push(Problem::error(
            subject,
            format!(
                "role \"{}\": direct_hourly_cost is {direct}; it must be 0 or more",
                role.id
            ),
        ));
    } else if direct > role.hourly_cost {
        problems.push(Problem::warning(
            subject,
            format!(
                "role \"{}\": direct_hourly_cost {direct} is more than hourly_cost {}; the results use {} (direct pay is part of the fully loaded cost)",
                role.id, role.hourly_cost, role.hourly_cost
            ),
        ));
    }
}

fn check_estimate(step_id: &str, field: &str, e: &Estimate, subject: Subject) -> Option<Problem> {
    let message = if e.values().iter().any(|v| !v.is_finite()) {
        format!("step \"{step_id}\": {field} is not a finite number")
    } else if e.values().iter().any(|v| *v < 0.0) {
        format!("step \"{step_id}\": {field} is negative ({e}); it must be 0 or more")
    } else if e.low > e.likely {
        format!(
            "step \"{step_id}\": {field} has low {} greater than likely {}; use low <= likely <= high",
            e.low, e.likely
        )
    } else if e.likely > e.high {
        format!(
            "step \"{step_id}\": {field} has likely {} greater than high {}; use low <= likely <= high",
            e.likely, e.high
        )
    } else {
        return None;
    };
    Some(Problem::error(subject, message))
}

fn check_steps(pathway: &Pathway, problems: &mut Vec<Problem>) {
    let role_ids: HashSet<&str> = pathway.roles.iter().map(|r| r.id.as_str()).collect();
    let step_ids: HashSet<&str> = pathway.steps.iter().map(|s| s.id.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, step) in pathway.steps.iter().enumerate() {
        let subject = Subject::Step(i);
        let id = step.id.as_str();
        if id.trim().is_empty() {
            problems.push(Problem::error(subject, "a step has an empty id".into()));
        } else if !seen.insert(id) {
            problems.push(Problem::error(
                subject,
                format!("duplicate step id \"{id}\"; step ids must be unique"),
            ));
        }
        match &step.role {
            Some(role) if !role_ids.contains(role.as_str()) => problems.push(Problem::error(
                subject,
                format!("step \"{id}\": unknown role \"{role}\"; add it to roles or pick an existing role"),
            )),
            None if step.touch_minutes.values().iter().any(|v| *v != 0.0) => {
                problems.push(Problem::error(
                    subject,
                    format!("step \"{id}\": touch_minutes without a role; give the step a role or remove the minutes"),
                ))
            }
            _ => {}
        }
        for (field, estimate) in [
            ("touch_minutes", &step.touch_minutes),
            ("wait_days", &step.wait_days),
            ("unit_cost", &step.unit_cost),
        ] {
            problems.extend(check_estimate(id, field, estimate, subject));
        }
        for link in &step.next {
            if !step_ids.contains(link.to.as_str()) {
                problems.push(Problem::error(
                    subject,
                    format!("step \"{id}\": link to unknown step \"{}\"", link.to),
                ));
            }
            if !(link.share > 0.0 && link.share <= 1.0) {
                problems.push(Problem::error(
                    subject,
                    format!(
                        "step \"{id}\": the share to \"{}\" is {}; shares must be more than 0 and at most 1",
                        link.to, link.share
                    ),
                ));
            }
        }
        if !step.next.is_empty() {
            let sum: f64 = step.next.iter().map(|l| l.share).sum();
            if sum.is_finite() && (sum - 1.0).abs() > SHARE_TOLERANCE {
                problems.push(Problem::error(
                    subject,
                    format!(
                        "step \"{id}\": the shares of its links sum to {} ({:.4}%); they must sum to 1 (100%)",
                        sum,
                        sum * 100.0
                    ),
                ));
            }
            if let Some(outcome) = step.outcome {
                problems.push(Problem::warning(
                    subject,
                    format!(
                        "step \"{id}\" has links, so its outcome {} is ignored; only end steps have outcomes",
                        outcome.name()
                    ),
                ));
            }
        }
    }
}

/// Reachability from the first step, and whether each step can reach an end.
fn check_flow(pathway: &Pathway, problems: &mut Vec<Problem>) {
    let n = pathway.steps.len();
    if n == 0 {
        return;
    }
    let forward = crate::analysis::successors(pathway);
    let mut backward: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, next) in forward.iter().enumerate() {
        for &j in next {
            backward[j].push(i);
        }
    }
    let reached = search(&forward, [0]);
    let ends = (0..n).filter(|&i| pathway.steps[i].is_end());
    let can_end = search(&backward, ends);
    for (i, step) in pathway.steps.iter().enumerate() {
        if !can_end[i] {
            problems.push(Problem::error(
                Subject::Step(i),
                format!(
                    "step \"{}\": no referral reaching it can ever reach an end (a loop with no way out); give one of the steps in the loop a link out",
                    step.id
                ),
            ));
        } else if !reached[i] {
            problems.push(Problem::warning(
                Subject::Step(i),
                format!(
                    "step \"{}\" is unreachable from the first step \"{}\"; link to it or remove it",
                    step.id, pathway.steps[0].id
                ),
            ));
        }
    }
}

/// Marks every node reachable from `starts` along `edges` (iterative, no recursion).
pub(crate) fn search(edges: &[Vec<usize>], starts: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = Vec::new();
    for s in starts {
        if !seen[s] {
            seen[s] = true;
            stack.push(s);
        }
    }
    while let Some(i) = stack.pop() {
        for &j in &edges[i] {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    seen
}
