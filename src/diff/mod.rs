//! What changed between two versions of a pathway: steps added, removed and
//! renamed (matched by id, then by name), each changed field with its old and new
//! value, links compared as edges, roles added, removed and re-costed, and settings;
//! each change with its effect on the cost per referral when applied alone to the
//! first version.

use std::collections::HashMap;

use crate::analysis::analyse;
use crate::model::{Estimate, Pathway, Role, Step};
use crate::numbers::{grouped_trimmed, pence, percent_exact};

/// What a change is about.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeKind {
    /// A step only the second version has.
    StepAdded,
    /// A step only the first version has.
    StepRemoved,
    /// A step's name (matched by id) or id (matched by name) changed.
    StepRenamed,
    /// One field of a step.
    StepField(&'static str),
    /// Where a step's referrals go: links added or removed, or shares changed.
    Links,
    /// A role only the second version has.
    RoleAdded,
    /// A role only the first version has.
    RoleRemoved,
    /// One field of a role (its name, costs, organisation).
    RoleField(&'static str),
    /// A pathway setting (name, annual referrals, WTE hours, notes).
    Setting(&'static str),
}

/// One difference between the two versions.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// What kind of change.
    pub kind: ChangeKind,
    /// The step, role or setting it concerns, by name.
    pub subject: String,
    /// The value in the first version ("" when there is none).
    pub old: String,
    /// The value in the second version ("" when there is none).
    pub new: String,
    /// The step in the second version it concerns (to select it), if any.
    pub step_in_b: Option<usize>,
    /// The step in the first version it concerns, if any.
    pub step_in_a: Option<usize>,
    /// Change in the first version's cost per referral (£) when this change alone is
    /// made to it; `None` when it cannot be made alone (it leaves an invalid pathway).
    pub cost_effect: Option<f64>,
}

impl Change {
    /// One line for people: "Booking: touch minutes 13 min -> 5 min (-£4.25 a referral)".
    pub fn describe(&self) -> String {
        let what = match &self.kind {
            ChangeKind::StepAdded => format!("step added: {}", self.subject),
            ChangeKind::StepRemoved => format!("step removed: {}", self.subject),
            ChangeKind::StepRenamed => {
                format!("step renamed: {} -> {}", self.old, self.new)
            }
            ChangeKind::StepField(field) | ChangeKind::RoleField(field) => {
                format!("{}: {field} {} -> {}", self.subject, self.old, self.new)
            }
            ChangeKind::Links => format!(
                "{}: where referrals go {} -> {}",
                self.subject, self.old, self.new
            ),
            ChangeKind::RoleAdded => format!("role added: {}", self.subject),
            ChangeKind::RoleRemoved => format!("role removed: {}", self.subject),
            ChangeKind::Setting(field) => format!("{field}: {} -> {}", self.old, self.new),
        };
        match self.cost_effect {
            Some(e) if e.abs() >= 0.005 => format!("{what} ({} a referral)", signed_pence(e)),
            Some(_) => what,
            None => format!("{what} (not valid on its own)"),
        }
    }
}

fn signed_pence(value: f64) -> String {
    if value > 0.0 {
        format!("+{}", pence(value))
    } else {
        pence(value)
    }
}

/// Every difference between `a` and `b`, in the order of `a`'s settings, roles and
/// steps, then what only `b` has.
pub fn diff(a: &Pathway, b: &Pathway) -> Vec<Change> {
    let base_cost = analyse(a).ok().map(|r| r.cost_per_referral);
    let effect = |changed: &Pathway| -> Option<f64> {
        let base = base_cost?;
        analyse(changed).ok().map(|r| r.cost_per_referral - base)
    };
    let mut changes = Vec::new();
    settings(a, b, &mut changes, &effect);
    roles(a, b, &mut changes, &effect);
    steps(a, b, &mut changes, &effect);
    changes
}

type Effect<'a> = dyn Fn(&Pathway) -> Option<f64> + 'a;

fn change(kind: ChangeKind, subject: &str, old: String, new: String) -> Change {
    Change {
        kind,
        subject: subject.to_owned(),
        old,
        new,
        step_in_b: None,
        step_in_a: None,
        cost_effect: Some(0.0),
    }
}

fn settings(a: &Pathway, b: &Pathway, out: &mut Vec<Change>, effect: &Effect<'_>) {
    let mut push = |field: &'static str, old: String, new: String, apply: &dyn Fn(&mut Pathway)| {
        if old != new {
            let mut changed = a.clone();
            apply(&mut changed);
            let mut c = change(ChangeKind::Setting(field), field, old, new);
            c.cost_effect = effect(&changed);
            out.push(c);
        }
    };
    push("name", a.name.clone(), b.name.clone(), &|p| {
        p.name.clone_from(&b.name)
    });
    push(
        "annual referrals",
        grouped_trimmed(a.annual_referrals, 2),
        grouped_trimmed(b.annual_referrals, 2),
        &|p| p.annual_referrals = b.annual_referrals,
    );
    push(
        "WTE hours",
        grouped_trimmed(a.wte_hours, 2),
        grouped_trimmed(b.wte_hours, 2),
        &|p| p.wte_hours = b.wte_hours,
    );
    push(
        "notes",
        a.notes.clone().unwrap_or_default(),
        b.notes.clone().unwrap_or_default(),
        &|p| p.notes.clone_from(&b.notes),
    );
}

fn roles(a: &Pathway, b: &Pathway, out: &mut Vec<Change>, effect: &Effect<'_>) {
    for role in &a.roles {
        let Some(other) = b.role(&role.id) else {
            let mut c = change(
                ChangeKind::RoleRemoved,
                &role.name,
                role.name.clone(),
                String::new(),
            );
            // A role still used cannot go alone.
            let used = a
                .steps
                .iter()
                .any(|s| s.role.as_deref() == Some(role.id.as_str()));
            c.cost_effect = if used { None } else { Some(0.0) };
            out.push(c);
            continue;
        };
        let fields: [(&'static str, RoleRead); 6] = [
            ("name", |r| r.name.clone()),
            ("hourly cost", |r| pence(r.hourly_cost)),
            ("direct hourly cost", |r| {
                r.direct_hourly_cost.map(pence).unwrap_or_default()
            }),
            ("organisation", |r| {
                r.organisation.map(|o| format!("{o:?}")).unwrap_or_default()
            }),
            ("cost basis", |r| r.cost_basis.clone().unwrap_or_default()),
            ("source", |r| r.source.clone().unwrap_or_default()),
        ];
        for (field, read) in fields {
            let (old, new) = (read(role), read(other));
            if old != new {
                let mut changed = a.clone();
                if let Some(r) = changed.roles.iter_mut().find(|r| r.id == role.id) {
                    copy_role_field(r, other, field);
                }
                let mut c = change(ChangeKind::RoleField(field), &role.name, old, new);
                c.cost_effect = effect(&changed);
                out.push(c);
            }
        }
    }
    for role in b.roles.iter().filter(|r| a.role(&r.id).is_none()) {
        let mut changed = a.clone();
        changed.roles.push(role.clone());
        let mut c = change(
            ChangeKind::RoleAdded,
            &role.name,
            String::new(),
            pence(role.hourly_cost),
        );
        c.cost_effect = effect(&changed);
        out.push(c);
    }
}

type RoleRead = fn(&Role) -> String;

fn copy_role_field(to: &mut Role, from: &Role, field: &str) {
    match field {
        "name" => to.name.clone_from(&from.name),
        "hourly cost" => to.hourly_cost = from.hourly_cost,
        "direct hourly cost" => to.direct_hourly_cost = from.direct_hourly_cost,
        "organisation" => to.organisation = from.organisation,
        "cost basis" => to.cost_basis.clone_from(&from.cost_basis),
        _ => to.source.clone_from(&from.source),
    }
}

/// Which step of `b` each step of `a` is: by id, then, among the rest, by name.
fn match_steps(a: &Pathway, b: &Pathway) -> Vec<Option<usize>> {
    let mut matched: Vec<Option<usize>> = a.steps.iter().map(|s| b.step_index(&s.id)).collect();
    let mut taken: Vec<bool> = vec![false; b.steps.len()];
    for j in matched.iter().flatten() {
        taken[*j] = true;
    }
    let key = |s: &Step| s.name.trim().to_lowercase();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, s) in b.steps.iter().enumerate() {
        if !taken[j] {
            by_name.entry(key(s)).or_default().push(j);
        }
    }
    for (i, m) in matched.iter_mut().enumerate() {
        if m.is_none()
            && let Some(candidates) = by_name.get_mut(&key(&a.steps[i]))
            && !candidates.is_empty()
        {
            *m = Some(candidates.remove(0));
        }
    }
    matched
}

fn estimate_text(e: Estimate, unit: &str) -> String {
    if e.is_fixed() {
        format!("{}{unit}", grouped_trimmed(e.likely, 2))
    } else {
        format!(
            "{}-{}-{}{unit}",
            grouped_trimmed(e.low, 2),
            grouped_trimmed(e.likely, 2),
            grouped_trimmed(e.high, 2)
        )
    }
}

type StepRead = fn(&Step) -> String;

const STEP_FIELDS: [(&str, StepRead); 8] = [
    ("stage", |s| s.stage.name().to_owned()),
    ("role", |s| s.role.clone().unwrap_or_default()),
    ("touch minutes", |s| estimate_text(s.touch_minutes, " min")),
    ("wait days", |s| estimate_text(s.wait_days, " days")),
    ("unit cost", |s| {
        if s.unit_cost.is_fixed() {
            pence(s.unit_cost.likely)
        } else {
            format!("£{}", estimate_text(s.unit_cost, ""))
        }
    }),
    ("outcome", |s| {
        s.outcome.map(|o| o.name().to_owned()).unwrap_or_default()
    }),
    ("counts as", |s| {
        s.counts_as
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join(", ")
    }),
    ("source", |s| s.source.clone().unwrap_or_default()),
];

fn copy_step_field(to: &mut Step, from: &Step, field: &str) {
    match field {
        "stage" => to.stage = from.stage,
        "role" => to.role.clone_from(&from.role),
        "touch minutes" => to.touch_minutes = from.touch_minutes,
        "wait days" => to.wait_days = from.wait_days,
        "unit cost" => to.unit_cost = from.unit_cost,
        "outcome" => to.outcome = from.outcome,
        "counts as" => to.counts_as.clone_from(&from.counts_as),
        _ => to.source.clone_from(&from.source),
    }
}

/// "Clinic 90%, DNA 10%" with `names` of the targets.
fn links_text(step: &Step, name_of: &dyn Fn(&str) -> String) -> String {
    if step.next.is_empty() {
        return "end".into();
    }
    step.next
        .iter()
        .map(|l| format!("{} {}", name_of(&l.to), percent_exact(l.share)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn steps(a: &Pathway, b: &Pathway, out: &mut Vec<Change>, effect: &Effect<'_>) {
    let matched = match_steps(a, b);
    // Ids of b's steps in a's terms, so b's links can be put into a.
    let mut a_id_of_b: HashMap<&str, &str> = HashMap::new();
    for (i, m) in matched.iter().enumerate() {
        if let Some(j) = m {
            a_id_of_b.insert(b.steps[*j].id.as_str(), a.steps[i].id.as_str());
        }
    }
    let name_in = |p: &Pathway, id: &str| {
        p.step_index(id)
            .map_or_else(|| id.to_owned(), |k| p.steps[k].name.clone())
    };
    for (i, step) in a.steps.iter().enumerate() {
        let Some(j) = matched[i] else {
            let mut changed = a.clone();
            let removed = crate::edit::apply(&mut changed, crate::edit::Edit::RemoveSteps(vec![i]));
            let mut c = change(
                ChangeKind::StepRemoved,
                &step.name,
                step.name.clone(),
                String::new(),
            );
            c.step_in_a = Some(i);
            c.cost_effect = removed.ok().and_then(|()| effect(&changed));
            out.push(c);
            continue;
        };
        let other = &b.steps[j];
        let with_ids = |c: Change| Change {
            step_in_a: Some(i),
            step_in_b: Some(j),
            ..c
        };
        if step.name != other.name || step.id != other.id {
            let (old, new) = if step.name != other.name {
                (step.name.clone(), other.name.clone())
            } else {
                (
                    format!("{} (id {})", step.name, step.id),
                    format!("{} (id {})", other.name, other.id),
                )
            };
            out.push(with_ids(change(
                ChangeKind::StepRenamed,
                &other.name,
                old,
                new,
            )));
        }
        for (field, read) in STEP_FIELDS {
            let (old, new) = (read(step), read(other));
            if old != new {
                let mut changed = a.clone();
                copy_step_field(&mut changed.steps[i], other, field);
                let mut c = change(ChangeKind::StepField(field), &other.name, old, new);
                c.cost_effect = effect(&changed);
                out.push(with_ids(c));
            }
        }
        // Links as edges, in a's ids: the same targets with the same shares?
        let b_links: Vec<(String, f64)> = other
            .next
            .iter()
            .map(|l| {
                let to = a_id_of_b.get(l.to.as_str()).map_or(l.to.as_str(), |id| id);
                (to.to_owned(), l.share)
            })
            .collect();
        let mut a_edges: Vec<(String, f64)> =
            step.next.iter().map(|l| (l.to.clone(), l.share)).collect();
        let mut b_edges = b_links.clone();
        a_edges.sort_by(|x, y| x.0.cmp(&y.0));
        b_edges.sort_by(|x, y| x.0.cmp(&y.0));
        let same = a_edges.len() == b_edges.len()
            && a_edges
                .iter()
                .zip(&b_edges)
                .all(|(x, y)| x.0 == y.0 && (x.1 - y.1).abs() < 1e-9);
        if !same {
            let mut changed = a.clone();
            // Links to steps only b has cannot be put into a alone.
            let complete = b_links.iter().all(|(to, _)| a.step_index(to).is_some());
            changed.steps[i].next = b_links
                .iter()
                .map(|(to, share)| crate::model::Link {
                    to: to.clone(),
                    share: *share,
                })
                .collect();
            let mut c = change(
                ChangeKind::Links,
                &other.name,
                links_text(step, &|id| name_in(a, id)),
                links_text(other, &|id| name_in(b, id)),
            );
            c.cost_effect = if complete { effect(&changed) } else { None };
            out.push(with_ids(c));
        }
    }
    let taken: Vec<usize> = matched.iter().flatten().copied().collect();
    for (j, step) in b
        .steps
        .iter()
        .enumerate()
        .filter(|(j, _)| !taken.contains(j))
    {
        // Added alone, nothing leads to it yet: no effect on the cost.
        let mut changed = a.clone();
        let mut copy = step.clone();
        copy.next.retain(|l| a_id_of_b.contains_key(l.to.as_str()));
        let valid = copy.next.len() == step.next.len();
        copy.next.iter_mut().for_each(|l| {
            if let Some(id) = a_id_of_b.get(l.to.as_str()) {
                l.to = (*id).to_owned();
            }
        });
        changed.steps.push(copy);
        let mut c = change(
            ChangeKind::StepAdded,
            &step.name,
            String::new(),
            step.name.clone(),
        );
        c.step_in_b = Some(j);
        c.cost_effect = if valid { effect(&changed) } else { Some(0.0) };
        out.push(c);
    }
}

#[cfg(test)]
mod tests;
