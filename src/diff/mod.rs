//! What changed between two versions of a pathway: steps added, removed and
//! renamed (matched by id, then by name), each changed field with its old and new
//! value, links compared as edges, roles added, removed and re-costed, and settings;
//! each change with its effect on the cost per referral when applied alone to the
//! first version.
//!
//! The first version is analysed once; each change's effect is then worked out from
//! its expected visits (a change of minutes, costs or roles moves the cost by the
//! visits times the change per pass) and only a change of links is solved again,
//! on the links alone, so a diff of thousands of changes takes about as long as a few
//! analyses.

use std::collections::HashMap;

use crate::analysis::analyse;
use crate::graph::{Loops, reversed, solve_visits, transitions};
use crate::model::{Estimate, Pathway, PathwayIndex, Role, Step};
use crate::numbers::{grouped_trimmed, pence, percent_exact};
use crate::validate::{has_errors, role_problems, setting_problems, sound_visits, step_problems};

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
    let base = Base::new(a);
    let base = base.as_ref();
    let mut changes = Vec::new();
    settings(a, b, &mut changes, base);
    roles(a, b, &mut changes, base);
    steps(a, b, &mut changes, base);
    changes
}

/// The first version, analysed once: what every change's effect alone is worked out
/// from. None of it exists when the first version is not valid (no change then has
/// an effect).
struct Base<'a> {
    a: &'a Pathway,
    index: PathwayIndex<'a>,
    edges: Vec<Vec<(usize, f64)>>,
    loops: Loops,
    /// Expected visits to each step per referral.
    visits: Vec<f64>,
    /// £ per pass through each step (staff time at the role's rate plus consumables).
    pass_cost: Vec<f64>,
    /// Expected £ still to come from each step on, its own pass included; none when it
    /// could not be solved (every links change is then solved in full).
    cost_to_go: Option<Vec<f64>>,
    /// Cost per referral in £.
    cost: f64,
}

impl<'a> Base<'a> {
    fn new(a: &'a Pathway) -> Option<Self> {
        let report = analyse(a).ok()?;
        let index = PathwayIndex::new(a);
        let pass_cost: Vec<f64> = a.steps.iter().map(|s| pass_cost(a, &index, s)).collect();
        let edges = transitions(a);
        Some(Self {
            a,
            loops: Loops::new(&edges),
            cost_to_go: solve_visits(&reversed(&edges), &pass_cost).ok(),
            edges,
            index,
            visits: report.steps.iter().map(|s| s.visits).collect(),
            pass_cost,
            cost: report.cost_per_referral,
        })
    }

    /// A setting changed alone: the cost per referral stays; valid or not.
    fn setting(&self, annual_referrals: f64, wte_hours: f64) -> Option<f64> {
        (!has_errors(&setting_problems(annual_referrals, wte_hours))).then_some(0.0)
    }

    /// Role `i` of the first version replaced by `role` alone.
    fn role(&self, i: usize, role: &Role) -> Option<f64> {
        if has_errors(&role_problems(i, role)) {
            return None;
        }
        let old = &self.a.roles[i];
        if self.index.role(&old.id) != Some(i) {
            return Some(0.0); // a later role of the same id costs no step
        }
        let rate_change = role.hourly_cost - old.hourly_cost;
        Some(
            self.a
                .steps
                .iter()
                .zip(&self.visits)
                .filter(|(s, _)| s.role.as_deref() == Some(old.id.as_str()))
                .map(|(s, v)| v * s.touch_minutes.mean() / 60.0 * rate_change)
                .sum(),
        )
    }

    /// A role only the second version has, added alone: no step uses it yet.
    fn role_added(&self, role: &Role) -> Option<f64> {
        let clash = self.index.role(&role.id).is_some();
        (!clash && !has_errors(&role_problems(self.a.roles.len(), role))).then_some(0.0)
    }

    /// Step `i` replaced by `step` with the same links.
    fn step(&self, i: usize, step: &Step) -> Option<f64> {
        if has_errors(&step_problems(self.a, &self.index, i, step)) {
            return None;
        }
        let change = pass_cost(self.a, &self.index, step) - self.pass_cost[i];
        Some(self.visits[i] * change)
    }

    /// Step `i` with `step`'s links (in the first version's ids) instead of its own:
    /// the visits are solved again on the changed links.
    fn links(&self, i: usize, step: &Step) -> Option<f64> {
        if has_errors(&step_problems(self.a, &self.index, i, step)) {
            return None;
        }
        let new: Vec<(usize, f64)> = step
            .next
            .iter()
            .map(|l| self.index.step(&l.to).map(|j| (j, l.share)))
            .collect::<Option<_>>()?;
        if let Some(effect) = self.links_by_rank_one(i, &new) {
            return effect;
        }
        let mut edges = self.edges.clone();
        edges[i] = new;
        let visits = sound_visits(&edges)?;
        Some(
            visits
                .iter()
                .zip(&self.visits)
                .zip(&self.pass_cost)
                .map(|((new, old), cost)| (new - old) * cost)
                .sum(),
        )
    }

    /// A step only the second version has, added alone (links to the first
    /// version's steps): nothing leads to it, so it costs nothing when valid.
    /// The effect of step `i`'s links becoming `new`, by the Sherman–Morrison formula
    /// from the one analysis of the first version (as in sensitivity): with `g` the cost
    /// still to come from each step, `h` the visits back to `i` from each step and `d`
    /// the change in `i`'s shares, the cost changes by `visits[i] × (d·g) / (1 − d·h)`.
    /// `None` when the formula cannot be trusted to agree with solving again: a new
    /// link that might lead back to `i` from outside its loop (a new loop), a target
    /// never reached before (its loops were never solved), or a loop left so rarely
    /// that the division is ill-conditioned. `Some(None)` when the loop could no
    /// longer be left.
    fn links_by_rank_one(&self, i: usize, new: &[(usize, f64)]) -> Option<Option<f64>> {
        let g = self.cost_to_go.as_ref()?;
        let loops = &self.loops;
        let same_loop = |j: usize| loops.component_of[j] == loops.component_of[i];
        let outside_ok =
            |j: usize| !loops.may_lead(j, i) && (self.visits[j] > 0.0 || self.visits[i] == 0.0);
        if !new.iter().all(|&(j, _)| same_loop(j) || outside_ok(j)) {
            return None;
        }
        if !loops.loop_can_end(&self.edges, i, new) {
            return Some(None);
        }
        let old = &self.edges[i];
        let targets: Vec<usize> = old.iter().chain(new).map(|&(j, _)| j).collect();
        let h = loops.returns(&self.edges, i, &targets);
        let (h_old, h_new) = h.split_at(old.len());
        let dot = |links: &[(usize, f64)], h: &[f64]| -> (f64, f64) {
            links
                .iter()
                .zip(h)
                .fold((0.0, 0.0), |(dg, dh), (&(j, p), h)| {
                    (dg + p * g[j], dh + p * h)
                })
        };
        let ((g_new, h_new), (g_old, h_old)) = (dot(new, h_new), dot(old, h_old));
        let keep = 1.0 - (h_new - h_old);
        if keep.is_nan() || keep <= 1e-9 {
            return None;
        }
        Some(Some(self.visits[i] * (g_new - g_old) / keep))
    }

    fn step_added(&self, step: &Step) -> Option<f64> {
        let clash = step.id.trim().is_empty() || self.index.step(&step.id).is_some();
        let problems = step_problems(self.a, &self.index, self.a.steps.len(), step);
        (!clash && !has_errors(&problems)).then_some(0.0)
    }

    /// Step `i` removed alone (links to it dropped, the siblings' shares rebalanced):
    /// analysed again, the one change that is.
    fn step_removed(&self, i: usize) -> Option<f64> {
        let mut changed = self.a.clone();
        crate::edit::apply(&mut changed, crate::edit::Edit::RemoveSteps(vec![i])).ok()?;
        analyse(&changed)
            .ok()
            .map(|r| r.cost_per_referral - self.cost)
    }
}

/// £ per pass through a step of `a`: its mean minutes at its role's hourly cost plus
/// its mean consumables.
fn pass_cost(a: &Pathway, index: &PathwayIndex<'_>, step: &Step) -> f64 {
    let rate = step
        .role
        .as_deref()
        .and_then(|r| index.role(r))
        .map_or(0.0, |r| a.roles[r].hourly_cost);
    step.touch_minutes.mean() / 60.0 * rate + step.unit_cost.mean()
}

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

fn settings(a: &Pathway, b: &Pathway, out: &mut Vec<Change>, base: Option<&Base<'_>>) {
    let mut push = |field: &'static str, old: String, new: String, (annual, wte): (f64, f64)| {
        if old != new {
            let mut c = change(ChangeKind::Setting(field), field, old, new);
            c.cost_effect = base.and_then(|base| base.setting(annual, wte));
            out.push(c);
        }
    };
    let unchanged = (a.annual_referrals, a.wte_hours);
    push("name", a.name.clone(), b.name.clone(), unchanged);
    push(
        "annual referrals",
        grouped_trimmed(a.annual_referrals, 2),
        grouped_trimmed(b.annual_referrals, 2),
        (b.annual_referrals, a.wte_hours),
    );
    push(
        "WTE hours",
        grouped_trimmed(a.wte_hours, 2),
        grouped_trimmed(b.wte_hours, 2),
        (a.annual_referrals, b.wte_hours),
    );
    push(
        "notes",
        a.notes.clone().unwrap_or_default(),
        b.notes.clone().unwrap_or_default(),
        unchanged,
    );
    // Neither moves the cost per referral: the investment is the appraisal's, the
    // overhead factor's range the uncertainty run's.
    let investment = |p: &Pathway| {
        p.investment
            .as_ref()
            .map(|i| i.summary())
            .unwrap_or_default()
    };
    push("investment", investment(a), investment(b), unchanged);
    let factor = |p: &Pathway| p.overhead_factor.map(|e| e.to_string()).unwrap_or_default();
    push("overhead factor", factor(a), factor(b), unchanged);
    // The capacity moves the cost through a projection of the waiting list, which a
    // change made alone to the first version cannot say without running it.
    let capacity = |p: &Pathway| p.capacity.as_ref().map(|c| c.summary()).unwrap_or_default();
    let (old, new) = (capacity(a), capacity(b));
    if old != new {
        let mut c = change(ChangeKind::Setting("capacity"), "capacity", old, new);
        c.cost_effect = None;
        out.push(c);
    }
}

fn roles(a: &Pathway, b: &Pathway, out: &mut Vec<Change>, base: Option<&Base<'_>>) {
    let (a_index, b_index) = (PathwayIndex::new(a), PathwayIndex::new(b));
    for (i, role) in a.roles.iter().enumerate() {
        let Some(other) = b_index.role(&role.id).map(|j| &b.roles[j]) else {
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
        let fields: [(&'static str, RoleRead); 7] = [
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
            ("costed as", |r| r.costed_as.clone().unwrap_or_default()),
        ];
        for (field, read) in fields {
            let (old, new) = (read(role), read(other));
            if old != new {
                // The first role of the id is the one changed, as before.
                let first = a_index.role(&role.id).unwrap_or(i);
                let mut changed = a.roles[first].clone();
                copy_role_field(&mut changed, other, field);
                let mut c = change(ChangeKind::RoleField(field), &role.name, old, new);
                c.cost_effect = base.and_then(|base| base.role(first, &changed));
                out.push(c);
            }
        }
    }
    for role in b.roles.iter().filter(|r| a_index.role(&r.id).is_none()) {
        let mut c = change(
            ChangeKind::RoleAdded,
            &role.name,
            String::new(),
            pence(role.hourly_cost),
        );
        c.cost_effect = base.and_then(|base| base.role_added(role));
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
        "costed as" => to.costed_as.clone_from(&from.costed_as),
        _ => to.source.clone_from(&from.source),
    }
}

/// Which step of `b` each step of `a` is: by id, then, among the rest, by name.
fn match_steps(a: &Pathway, b: &Pathway) -> Vec<Option<usize>> {
    let b_index = PathwayIndex::new(b);
    let mut matched: Vec<Option<usize>> = a.steps.iter().map(|s| b_index.step(&s.id)).collect();
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

fn steps(a: &Pathway, b: &Pathway, out: &mut Vec<Change>, base: Option<&Base<'_>>) {
    let matched = match_steps(a, b);
    let (a_index, b_index) = (PathwayIndex::new(a), PathwayIndex::new(b));
    // Ids of b's steps in a's terms, so b's links can be put into a.
    let mut a_id_of_b: HashMap<&str, &str> = HashMap::new();
    for (i, m) in matched.iter().enumerate() {
        if let Some(j) = m {
            a_id_of_b.insert(b.steps[*j].id.as_str(), a.steps[i].id.as_str());
        }
    }
    let name_in = |p: &Pathway, index: &PathwayIndex<'_>, id: &str| {
        index
            .step(id)
            .map_or_else(|| id.to_owned(), |k| p.steps[k].name.clone())
    };
    for (i, step) in a.steps.iter().enumerate() {
        let Some(j) = matched[i] else {
            let mut c = change(
                ChangeKind::StepRemoved,
                &step.name,
                step.name.clone(),
                String::new(),
            );
            c.step_in_a = Some(i);
            c.cost_effect = base.and_then(|base| base.step_removed(i));
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
                let mut changed = step.clone();
                copy_step_field(&mut changed, other, field);
                let mut c = change(ChangeKind::StepField(field), &other.name, old, new);
                c.cost_effect = base.and_then(|base| base.step(i, &changed));
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
            // Links to steps only b has cannot be put into a alone.
            let complete = b_links.iter().all(|(to, _)| a_index.step(to).is_some());
            let mut changed = step.clone();
            changed.next = b_links
                .iter()
                .map(|(to, share)| crate::model::Link {
                    to: to.clone(),
                    share: *share,
                })
                .collect();
            let mut c = change(
                ChangeKind::Links,
                &other.name,
                links_text(step, &|id| name_in(a, &a_index, id)),
                links_text(other, &|id| name_in(b, &b_index, id)),
            );
            c.cost_effect = if complete {
                base.and_then(|base| base.links(i, &changed))
            } else {
                None
            };
            out.push(with_ids(c));
        }
    }
    let mut taken = vec![false; b.steps.len()];
    for &j in matched.iter().flatten() {
        taken[j] = true;
    }
    for (j, step) in b.steps.iter().enumerate().filter(|&(j, _)| !taken[j]) {
        // Added alone, nothing leads to it yet: no effect on the cost.
        let mut copy = step.clone();
        copy.next.retain(|l| a_id_of_b.contains_key(l.to.as_str()));
        let valid = copy.next.len() == step.next.len();
        copy.next.iter_mut().for_each(|l| {
            if let Some(id) = a_id_of_b.get(l.to.as_str()) {
                l.to = (*id).to_owned();
            }
        });
        let mut c = change(
            ChangeKind::StepAdded,
            &step.name,
            String::new(),
            step.name.clone(),
        );
        c.step_in_b = Some(j);
        c.cost_effect = if valid {
            base.and_then(|base| base.step_added(&copy))
        } else {
            Some(0.0)
        };
        out.push(c);
    }
}

#[cfg(test)]
mod tests;
