//! Every change to a pathway is an [`Edit`], applied by [`apply`]: the one path by
//! which the editor, the tables and the canvas change a model. Undo, redo and the
//! unsaved-changes flag hang off it (see [`crate::document`]).

use std::collections::HashSet;

use thiserror::Error;

use crate::layout;
use crate::model::{
    CanvasPos, Counter, Estimate, Lever, LeverValue, Link, Organisation, Outcome, Pathway, Role,
    Stage, Step,
};

/// A change to one field of a step.
#[derive(Clone, Debug, PartialEq)]
pub enum StepField {
    /// Rename the id; links to the step follow it.
    Id(String),
    /// Display name.
    Name(String),
    /// Stage.
    Stage(Stage),
    /// Role id, or none.
    Role(Option<String>),
    /// Staff minutes per pass.
    TouchMinutes(Estimate),
    /// Elapsed days.
    WaitDays(Estimate),
    /// £ of consumables per pass.
    UnitCost(Estimate),
    /// Outcome of an end step.
    Outcome(Option<Outcome>),
    /// What a pass counts as (letters, calls, DNAs...).
    CountsAs(Vec<Counter>),
    /// Source note.
    Source(Option<String>),
    /// Where referrals go next: every link with its share, replacing the old ones.
    Next(Vec<Link>),
    /// Whether the step's staff time is clinical time out of scope of a comparison.
    OutOfScope(bool),
}

/// A change to one field of a role.
#[derive(Clone, Debug, PartialEq)]
pub enum RoleField {
    /// Rename the id; steps using the role follow it.
    Id(String),
    /// Display name.
    Name(String),
    /// £ per working hour, fully loaded.
    HourlyCost(f64),
    /// Source note.
    Source(Option<String>),
    /// Who employs the role (none counts as Other).
    Organisation(Option<Organisation>),
    /// £ per working hour at direct rates (salary + on-costs); none means the whole
    /// hourly cost counts as direct.
    DirectHourlyCost(Option<f64>),
    /// How the hourly cost was built, in words.
    CostBasis(Option<String>),
    /// The range of the hourly cost, for the uncertainty run.
    RateRange(Option<crate::model::Range>),
    /// The current process's role (by id) this role is costed as when compared with
    /// it; none: the role of the same id or name, if any.
    CostedAs(Option<String>),
}

/// A change to the pathway's settings.
#[derive(Clone, Debug, PartialEq)]
pub enum PathwayField {
    /// Name.
    Name(String),
    /// Notes.
    Notes(Option<String>),
    /// Referrals a year.
    AnnualReferrals(f64),
    /// Working hours per WTE.
    WteHours(f64),
    /// The range of the factor on every role's overheads, for the uncertainty run.
    OverheadFactor(Option<Estimate>),
    /// What the pathway, as an option, costs to put in and run.
    Investment(Option<crate::model::Investment>),
    /// The first-appointment service's capacity (none turns it off).
    Capacity(Option<crate::model::Capacity>),
}

/// One change to a pathway.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Change a setting.
    SetPathway(PathwayField),
    /// Add a step at the end; its id is made unique if taken.
    AddStep(Step),
    /// Add a step after another and link to it (the link takes the share left
    /// over, or an equal share); the new card goes to the right of `from`.
    AddStepAfter {
        /// The step the new one follows.
        from: usize,
        /// The new step.
        step: Step,
    },
    /// Change one field of a step.
    SetStep {
        /// Step index.
        index: usize,
        /// The new value.
        field: StepField,
    },
    /// Remove steps and every link to them; the remaining shares of a step that
    /// lost a link are scaled up so they still add up as before.
    RemoveSteps(Vec<usize>),
    /// Take steps out of the flow: each is removed and what reached it goes straight on
    /// to where it sent referrals (a link of share `a` into the step and one of share
    /// `b` out of it become one of share `a × b`; a link from the step to itself is
    /// spread over the others). End steps and the first step cannot be bypassed.
    BypassSteps(Vec<usize>),
    /// Copy steps (with their outgoing links) under new ids, offset on the canvas.
    DuplicateSteps(Vec<usize>),
    /// Move steps on the canvas.
    MoveSteps(Vec<(usize, CanvasPos)>),
    /// Make a step the first one, where referrals start.
    MakeFirst(usize),
    /// Link two steps; the new link takes the share left over, or, when nothing is
    /// left over, an equal share taken from the largest link.
    AddLink {
        /// From step index.
        from: usize,
        /// To step index.
        to: usize,
    },
    /// Remove a link.
    RemoveLink {
        /// From step index.
        from: usize,
        /// Link index within the step's `next`.
        link: usize,
    },
    /// Set a link's share.
    SetShare {
        /// From step index.
        from: usize,
        /// Link index within the step's `next`.
        link: usize,
        /// The share, 0 to 1.
        share: f64,
    },
    /// Set a link's share and scale its siblings so the shares still add up to 1
    /// (as the sensitivity analysis moves a share).
    SetShareRebalanced {
        /// From step index.
        from: usize,
        /// Link index within the step's `next`.
        link: usize,
        /// The share, 0 to 1.
        share: f64,
    },
    /// Set a link's share as the user typed it; the links `takers` (indices within
    /// the step's `next`, see [`crate::shares::takers`]) take up the difference in
    /// proportion to their shares, the other links only where they cannot. Shares
    /// stay exact to 1e-9 and add up to exactly 1 (see [`crate::shares::set`]).
    SetShareTakenFrom {
        /// From step index.
        from: usize,
        /// Link index within the step's `next`.
        link: usize,
        /// The share, 0 to 1.
        share: f64,
        /// The sibling links that take up the difference.
        takers: Vec<usize>,
    },
    /// Point a link at another step.
    SetLinkTarget {
        /// From step index.
        from: usize,
        /// Link index within the step's `next`.
        link: usize,
        /// Target step id.
        to: String,
    },
    /// Scale a step's link shares so they add up to exactly 1 (equal shares if all are 0).
    BalanceShares(usize),
    /// Add a role; its id is made unique if taken.
    AddRole(Role),
    /// Change one field of a role.
    SetRole {
        /// Role index.
        index: usize,
        /// The new value.
        field: RoleField,
    },
    /// Remove a role no step uses.
    RemoveRole(usize),
    /// Pin a value as a what-if lever (nothing happens if it is pinned already).
    PinLever(Lever),
    /// Unpin a lever, by index; the value stays as it is.
    UnpinLever(usize),
    /// Move a lever: set its value (see [`crate::levers::set`]).
    SetLever {
        /// Lever index.
        index: usize,
        /// The new value: most likely minutes, days or pounds, or a share (0 to 1).
        value: f64,
    },
    /// Put every lever's value back to what it was when pinned.
    ResetLevers,
}

/// Why an edit was refused. The pathway is unchanged.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum EditError {
    /// A step that cannot be taken out of the flow: the first step, an end step, or a
    /// step that only leads back to itself.
    #[error(
        "step \"{0}\" cannot be bypassed: it is the first step or an end, or nothing leaves it"
    )]
    CannotBypass(String),
    /// A step index out of range.
    #[error("there is no step number {0}")]
    NoStep(usize),
    /// A link index out of range.
    #[error("step \"{step}\" has no link number {link}")]
    NoLink {
        /// Step id.
        step: String,
        /// Link index.
        link: usize,
    },
    /// A role index out of range.
    #[error("there is no role number {0}")]
    NoRole(usize),
    /// An id already used by another step or role.
    #[error("the id \"{0}\" is already used; choose another")]
    IdTaken(String),
    /// An empty id.
    #[error("an id cannot be empty")]
    EmptyId,
    /// A role still used by steps.
    #[error("role \"{role}\" is used by {steps} step(s); give them another role first")]
    RoleInUse {
        /// Role id.
        role: String,
        /// How many steps use it.
        steps: usize,
    },
    /// A link that already exists.
    #[error("\"{from}\" already links to \"{to}\"")]
    LinkExists {
        /// From step id.
        from: String,
        /// To step id.
        to: String,
    },
    /// A lever index out of range, or a lever whose step or link is gone.
    #[error("there is no lever number {0} (or its step is gone)")]
    NoLever(usize),
}

impl Edit {
    /// Edits with the same key that follow each other are one undo step (typing in a
    /// field, dragging a card), until the editor seals the gesture.
    pub fn coalesce_key(&self) -> Option<String> {
        match self {
            Edit::SetPathway(f) => Some(format!("pathway:{}", discriminant_name(f))),
            Edit::SetStep { index, field } => {
                Some(format!("step:{index}:{}", discriminant_name(field)))
            }
            Edit::SetRole { index, field } => {
                Some(format!("role:{index}:{}", discriminant_name(field)))
            }
            Edit::SetShare { from, link, .. } => Some(format!("share:{from}:{link}")),
            Edit::SetLever { index, .. } => Some(format!("lever:{index}")),
            Edit::SetShareRebalanced { from, link, .. } => {
                Some(format!("rebalanced share:{from}:{link}"))
            }
            Edit::MoveSteps(moves) => {
                let ids: Vec<String> = moves.iter().map(|(i, _)| i.to_string()).collect();
                Some(format!("move:{}", ids.join(",")))
            }
            _ => None,
        }
    }
}

fn discriminant_name<T: std::fmt::Debug>(value: &T) -> String {
    let text = format!("{value:?}");
    text.split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Applies an edit, or refuses it and leaves the pathway unchanged.
pub fn apply(pathway: &mut Pathway, edit: Edit) -> Result<(), EditError> {
    match edit {
        Edit::SetPathway(field) => {
            match field {
                PathwayField::Name(v) => pathway.name = v,
                PathwayField::Notes(v) => pathway.notes = v,
                PathwayField::AnnualReferrals(v) => pathway.annual_referrals = v,
                PathwayField::WteHours(v) => pathway.wte_hours = v,
                PathwayField::OverheadFactor(v) => pathway.overhead_factor = v,
                PathwayField::Investment(v) => pathway.investment = v,
                PathwayField::Capacity(v) => pathway.capacity = v,
            }
            Ok(())
        }
        Edit::AddStep(mut step) => {
            step.id = unique_step_id(pathway, &step.id);
            // A new card never covers another: it goes where asked if that is free,
            // else the nearest free place; with no place asked, after the last step.
            let pos = match step.pos {
                Some(wanted) => layout::free_position(&layout::positions(pathway), wanted),
                None => layout::position_after(pathway, None),
            };
            step.pos = Some(pos);
            pathway.steps.push(step);
            Ok(())
        }
        Edit::AddStepAfter { from, mut step } => {
            check_steps(pathway, [from])?;
            step.pos = Some(layout::position_after(pathway, Some(from)));
            apply(pathway, Edit::AddStep(step))?;
            let to = pathway.steps.len() - 1;
            apply(pathway, Edit::AddLink { from, to })
        }
        Edit::SetStep { index, field } => set_step(pathway, index, field),
        Edit::RemoveSteps(indices) => remove_steps(pathway, &indices),
        Edit::BypassSteps(indices) => bypass_steps(pathway, &indices),
        Edit::DuplicateSteps(indices) => duplicate_steps(pathway, &indices),
        Edit::MoveSteps(moves) => {
            check_steps(pathway, moves.iter().map(|(i, _)| *i))?;
            for (i, pos) in moves {
                pathway.steps[i].pos = Some(pos);
            }
            Ok(())
        }
        Edit::MakeFirst(index) => {
            check_steps(pathway, [index])?;
            let step = pathway.steps.remove(index);
            pathway.steps.insert(0, step);
            Ok(())
        }
        Edit::AddLink { from, to } => {
            check_steps(pathway, [from, to])?;
            let to_id = pathway.steps[to].id.clone();
            let step = &mut pathway.steps[from];
            if step.next.iter().any(|l| l.to == to_id) {
                return Err(EditError::LinkExists {
                    from: step.id.clone(),
                    to: to_id,
                });
            }
            let used: f64 = step.next.iter().map(|l| l.share).sum();
            let left = 1.0 - used;
            let share = if left > 1e-9 {
                left
            } else {
                // Nothing left over: the new link takes an equal share from the largest
                // link alone, so the smaller branches (often typed with care) keep
                // theirs: 100% becomes 50% / 50%, 80% / 20% becomes 46.7% / 20% / 33.3%.
                let equal = round_share(1.0 / (step.next.len() as f64 + 1.0));
                let largest = (0..step.next.len())
                    .rev()
                    .max_by(|&a, &b| step.next[a].share.total_cmp(&step.next[b].share));
                if let Some(k) = largest {
                    step.next[k].share = round_share(step.next[k].share - equal);
                }
                equal
            };
            step.next.push(Link {
                to: to_id,
                share: round_share(share),
            });
            Ok(())
        }
        Edit::RemoveLink { from, link } => {
            link_mut(pathway, from, link)?;
            pathway.steps[from].next.remove(link);
            Ok(())
        }
        Edit::SetShare { from, link, share } => {
            link_mut(pathway, from, link)?.share = share;
            Ok(())
        }
        Edit::SetShareRebalanced { from, link, share } => {
            link_mut(pathway, from, link)?;
            crate::shares::set_scaled(&mut pathway.steps[from].next, link, share);
            Ok(())
        }
        Edit::SetShareTakenFrom {
            from,
            link,
            share,
            takers,
        } => {
            link_mut(pathway, from, link)?;
            crate::shares::set(&mut pathway.steps[from].next, link, share, &takers);
            Ok(())
        }
        Edit::SetLinkTarget { from, link, to } => {
            if pathway.step_index(&to).is_none() {
                return Err(EditError::NoStep(usize::MAX));
            }
            link_mut(pathway, from, link)?.to = to;
            Ok(())
        }
        Edit::BalanceShares(index) => {
            check_steps(pathway, [index])?;
            balance(&mut pathway.steps[index].next);
            Ok(())
        }
        Edit::AddRole(mut role) => {
            role.id = unique_id(&role.id, |id| pathway.role(id).is_some());
            pathway.roles.push(role);
            Ok(())
        }
        Edit::SetRole { index, field } => set_role(pathway, index, field),
        Edit::RemoveRole(index) => {
            let role = pathway.roles.get(index).ok_or(EditError::NoRole(index))?;
            let users = pathway
                .steps
                .iter()
                .filter(|s| s.role.as_deref() == Some(role.id.as_str()))
                .count();
            if users > 0 {
                return Err(EditError::RoleInUse {
                    role: role.id.clone(),
                    steps: users,
                });
            }
            pathway.roles.remove(index);
            Ok(())
        }
        Edit::PinLever(lever) => {
            let pinned = pathway
                .levers
                .iter()
                .any(|l| l.step == lever.step && l.value == lever.value);
            if !pinned {
                pathway.levers.push(lever);
            }
            Ok(())
        }
        Edit::UnpinLever(index) => {
            if index >= pathway.levers.len() {
                return Err(EditError::NoLever(index));
            }
            pathway.levers.remove(index);
            Ok(())
        }
        Edit::SetLever { index, value } => {
            let lever = pathway
                .levers
                .get(index)
                .cloned()
                .ok_or(EditError::NoLever(index))?;
            if crate::levers::set(pathway, &lever, value) {
                Ok(())
            } else {
                Err(EditError::NoLever(index))
            }
        }
        Edit::ResetLevers => {
            for lever in pathway.levers.clone() {
                crate::levers::set(pathway, &lever, lever.base);
            }
            Ok(())
        }
    }
}

/// Shares are kept to 10 decimal places so sums of edited shares stay exact enough.
fn round_share(share: f64) -> f64 {
    (share * 1e10).round() / 1e10
}

fn check_steps(
    pathway: &Pathway,
    indices: impl IntoIterator<Item = usize>,
) -> Result<(), EditError> {
    for i in indices {
        if i >= pathway.steps.len() {
            return Err(EditError::NoStep(i));
        }
    }
    Ok(())
}

fn link_mut(pathway: &mut Pathway, from: usize, link: usize) -> Result<&mut Link, EditError> {
    let step = pathway.steps.get_mut(from).ok_or(EditError::NoStep(from))?;
    let id = step.id.clone();
    step.next
        .get_mut(link)
        .ok_or(EditError::NoLink { step: id, link })
}

/// Makes shares sum to 1. Links at 0% take what is left over, equally (43% / 0%
/// becomes 43% / 57%); otherwise shares are scaled in proportion; equal shares when
/// they sum to nothing.
fn balance(links: &mut [Link]) {
    if links.is_empty() {
        return;
    }
    let sum: f64 = links.iter().map(|l| l.share.max(0.0)).sum();
    let empty = links.iter().filter(|l| l.share <= 0.0).count();
    if empty > 0 && sum > 0.0 && sum < 1.0 {
        let each = (1.0 - sum) / empty as f64;
        for l in links.iter_mut() {
            l.share = if l.share <= 0.0 {
                round_share(each)
            } else {
                l.share
            };
        }
    } else if sum > 0.0 && sum.is_finite() {
        for l in links.iter_mut() {
            l.share = round_share(l.share.max(0.0) / sum);
        }
    } else {
        let equal = 1.0 / links.len() as f64;
        for l in links.iter_mut() {
            l.share = round_share(equal);
        }
    }
    // Put any rounding remainder on the largest share so the sum is exact.
    let total: f64 = links.iter().map(|l| l.share).sum();
    if let Some(largest) = links.iter_mut().max_by(|a, b| a.share.total_cmp(&b.share)) {
        largest.share += 1.0 - total;
    }
}

pub use crate::ids::{id_from_name, unique_id};

/// An id like `base` that no step has yet.
pub fn unique_step_id(pathway: &Pathway, base: &str) -> String {
    unique_id(base, |id| pathway.step_index(id).is_some())
}

fn set_step(pathway: &mut Pathway, index: usize, field: StepField) -> Result<(), EditError> {
    check_steps(pathway, [index])?;
    match field {
        StepField::Id(new_id) => {
            let new_id = new_id.trim().to_owned();
            if new_id.is_empty() {
                return Err(EditError::EmptyId);
            }
            let old_id = pathway.steps[index].id.clone();
            if new_id == old_id {
                return Ok(());
            }
            if pathway.step_index(&new_id).is_some() {
                return Err(EditError::IdTaken(new_id));
            }
            for step in &mut pathway.steps {
                for link in &mut step.next {
                    if link.to == old_id {
                        link.to.clone_from(&new_id);
                    }
                }
            }
            for lever in &mut pathway.levers {
                if lever.step == old_id {
                    lever.step.clone_from(&new_id);
                }
                if let LeverValue::Share(to) = &mut lever.value
                    && *to == old_id
                {
                    to.clone_from(&new_id);
                }
            }
            if let Some(capacity) = &mut pathway.capacity {
                for id in [&mut capacity.books_at, &mut capacity.slot_issue] {
                    if *id == old_id {
                        id.clone_from(&new_id);
                    }
                }
                if capacity.waits_at.as_ref() == Some(&old_id) {
                    capacity.waits_at = Some(new_id.clone());
                }
            }
            pathway.steps[index].id = new_id;
        }
        StepField::Name(v) => pathway.steps[index].name = v,
        StepField::Stage(v) => pathway.steps[index].stage = v,
        StepField::Role(v) => pathway.steps[index].role = v,
        StepField::TouchMinutes(v) => pathway.steps[index].touch_minutes = v,
        StepField::WaitDays(v) => pathway.steps[index].wait_days = v,
        StepField::UnitCost(v) => pathway.steps[index].unit_cost = v,
        StepField::Outcome(v) => pathway.steps[index].outcome = v,
        StepField::CountsAs(v) => pathway.steps[index].counts_as = v,
        StepField::Source(v) => pathway.steps[index].source = v,
        StepField::Next(v) => pathway.steps[index].next = v,
        StepField::OutOfScope(v) => pathway.steps[index].out_of_scope = v,
    }
    Ok(())
}

fn set_role(pathway: &mut Pathway, index: usize, field: RoleField) -> Result<(), EditError> {
    if index >= pathway.roles.len() {
        return Err(EditError::NoRole(index));
    }
    match field {
        RoleField::Id(new_id) => {
            let new_id = new_id.trim().to_owned();
            if new_id.is_empty() {
                return Err(EditError::EmptyId);
            }
            let old_id = pathway.roles[index].id.clone();
            if new_id == old_id {
                return Ok(());
            }
            if pathway.role(&new_id).is_some() {
                return Err(EditError::IdTaken(new_id));
            }
            for step in &mut pathway.steps {
                if step.role.as_deref() == Some(old_id.as_str()) {
                    step.role = Some(new_id.clone());
                }
            }
            pathway.roles[index].id = new_id;
        }
        RoleField::Name(v) => pathway.roles[index].name = v,
        RoleField::HourlyCost(v) => pathway.roles[index].hourly_cost = v,
        RoleField::Source(v) => pathway.roles[index].source = v,
        RoleField::Organisation(v) => pathway.roles[index].organisation = v,
        RoleField::DirectHourlyCost(v) => pathway.roles[index].direct_hourly_cost = v,
        RoleField::CostBasis(v) => pathway.roles[index].cost_basis = v,
        RoleField::RateRange(v) => pathway.roles[index].rate_range = v,
        RoleField::CostedAs(v) => pathway.roles[index].costed_as = v,
    }
    Ok(())
}

fn remove_steps(pathway: &mut Pathway, indices: &[usize]) -> Result<(), EditError> {
    check_steps(pathway, indices.iter().copied())?;
    let removed: HashSet<String> = indices
        .iter()
        .map(|&i| pathway.steps[i].id.clone())
        .collect();
    let mut i = 0;
    pathway.steps.retain(|_| {
        let keep = !indices.contains(&i);
        i += 1;
        keep
    });
    for step in &mut pathway.steps {
        let before: f64 = step.next.iter().map(|l| l.share).sum();
        let had = step.next.len();
        step.next.retain(|l| !removed.contains(&l.to));
        if step.next.len() != had && !step.next.is_empty() {
            let after: f64 = step.next.iter().map(|l| l.share).sum();
            if after > 0.0 {
                for l in &mut step.next {
                    l.share = round_share(l.share * before / after);
                }
            }
        }
    }
    Ok(())
}

fn bypass_steps(pathway: &mut Pathway, indices: &[usize]) -> Result<(), EditError> {
    check_steps(pathway, indices.iter().copied())?;
    if let Some(&i) = indices
        .iter()
        .find(|&&i| i == 0 || pathway.steps[i].next.is_empty())
    {
        return Err(EditError::CannotBypass(pathway.steps[i].id.clone()));
    }
    let mut changed = pathway.clone();
    let mut ids: Vec<String> = indices
        .iter()
        .map(|&i| pathway.steps[i].id.clone())
        .collect();
    ids.dedup();
    for id in &ids {
        let at = changed
            .step_index(id)
            .ok_or_else(|| EditError::CannotBypass(id.clone()))?;
        let gone = changed.steps.remove(at);
        let own: f64 = gone
            .next
            .iter()
            .filter(|l| l.to == *id)
            .map(|l| l.share)
            .sum();
        let onward: Vec<&Link> = gone.next.iter().filter(|l| l.to != *id).collect();
        if onward.is_empty() || own >= 1.0 {
            return Err(EditError::CannotBypass(id.clone()));
        }
        for step in &mut changed.steps {
            if !step.next.iter().any(|l| l.to == *id) {
                continue;
            }
            let mut next: Vec<Link> = Vec::new();
            for link in std::mem::take(&mut step.next) {
                if link.to != *id {
                    merge_link(&mut next, link.to, link.share);
                    continue;
                }
                for out in &onward {
                    merge_link(
                        &mut next,
                        out.to.clone(),
                        link.share * out.share / (1.0 - own),
                    );
                }
            }
            for l in &mut next {
                l.share = round_share(l.share);
            }
            step.next = next;
        }
        changed
            .levers
            .retain(|l| l.step != *id && !matches!(&l.value, LeverValue::Share(to) if to == id));
    }
    *pathway = changed;
    Ok(())
}

/// Adds `share` to the link to `to`, or a new link.
fn merge_link(next: &mut Vec<Link>, to: String, share: f64) {
    match next.iter_mut().find(|l| l.to == to) {
        Some(l) => l.share += share,
        None => next.push(Link { to, share }),
    }
}

/// Copies go in the first free place below their originals.
fn duplicate_steps(pathway: &mut Pathway, indices: &[usize]) -> Result<(), EditError> {
    check_steps(pathway, indices.iter().copied())?;
    for &i in indices {
        let taken = layout::positions(pathway);
        let mut copy = pathway.steps[i].clone();
        copy.id = unique_step_id(pathway, &format!("{}_copy", copy.id));
        copy.name = format!("{} (copy)", copy.name);
        let below = CanvasPos {
            x: taken[i].x,
            y: taken[i].y + layout::ROW_PITCH,
        };
        copy.pos = Some(layout::free_position(&taken, below));
        pathway.steps.push(copy);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
