//! Validation of a pathway: every problem at once, each naming what it concerns.
//!
//! Errors make a pathway unusable for analysis; warnings (an unreachable step, an
//! outcome on a step that has links) are worth a look but do not stop it.
//!
//! The last check solves the expected visits (the analysis's own equations): a loop
//! referrals go round more than [`MOST_VISITS`] times, or never leave, is an error,
//! so that what validates is what the analysis and the simulation can work out.

mod appraisal;
mod capacity;

use crate::numbers::percent_exact;
use std::collections::HashSet;

use crate::graph::{search, solve_visits, transitions};
use crate::model::{Estimate, Pathway, PathwayIndex, Role, Step};

/// Expected passes through one step per referral above this are taken for a slip in
/// the shares of a loop: no referral goes round a rebooking loop a million times, and
/// beyond it the figures lose their precision.
pub const MOST_VISITS: f64 = 1e6;

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

/// What kind of problem it is, so a user interface can group and place problems
/// without reading their words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// Annual referrals is not a number of referrals.
    AnnualReferrals,
    /// WTE hours is not a positive number.
    WteHours,
    /// The pathway has no steps.
    NoSteps,
    /// An empty id (step or role).
    EmptyId,
    /// Two steps or two roles share an id.
    DuplicateId,
    /// A role's hourly cost is negative or not a number.
    HourlyCost,
    /// A step names a role that does not exist.
    UnknownRole,
    /// A step has staff minutes but no role to cost them.
    MinutesWithoutRole,
    /// Minutes, days or a unit cost that is negative, not a number or out of order.
    Estimate,
    /// A link to a step that does not exist.
    UnknownTarget,
    /// A share outside (0%, 100%].
    Share,
    /// A step's shares do not add up to 100%.
    SharesTotal,
    /// An outcome on a step that has links.
    OutcomeIgnored,
    /// A step from which no referral can ever reach an end.
    NoWayOut,
    /// A step no referral reaches.
    Unreachable,
    /// A figure beyond what any pathway could have (a million-minute step, a
    /// billion referrals): a typing or unit slip that would print nonsense.
    OutOfBounds,
    /// A card position that is not a number.
    Position,
    /// A lever that names a step or link that does not exist.
    Lever,
    /// A loop referrals go round more than [`MOST_VISITS`] times, or never leave.
    EndlessLoop,
    /// An option's investment, a rate's range or the overhead factor is not usable.
    Appraisal,
    /// The capacity section has a figure out of range or names a step (or link)
    /// that does not exist.
    Capacity,
}

impl ProblemKind {
    /// True for problems with a step's links and shares (shown with the links).
    pub fn is_about_links(self) -> bool {
        matches!(
            self,
            ProblemKind::UnknownTarget | ProblemKind::Share | ProblemKind::SharesTotal
        )
    }
}

/// One problem found in a pathway.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// What it concerns.
    pub subject: Subject,
    /// What is wrong and how to fix it, in plain words, naming steps and roles by
    /// their names.
    pub message: String,
}

impl Problem {
    fn error(kind: ProblemKind, subject: Subject, message: String) -> Self {
        Self {
            severity: Severity::Error,
            kind,
            subject,
            message,
        }
    }

    fn warning(kind: ProblemKind, subject: Subject, message: String) -> Self {
        Self {
            severity: Severity::Warning,
            kind,
            subject,
            message,
        }
    }
}

/// How a message names a step: its name in quotes, or its id when it has no name.
fn step_label(step: &crate::model::Step) -> String {
    if step.name.trim().is_empty() {
        format!("\"{}\"", step.id)
    } else {
        format!("\"{}\"", step.name)
    }
}

/// How a message names a role: its name, or its id when it has no name.
fn role_label(role: &crate::model::Role) -> String {
    if role.name.trim().is_empty() {
        format!("\"{}\"", role.id)
    } else {
        format!("\"{}\"", role.name)
    }
}

/// True when any problem is an error.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

/// Checks a pathway and returns every problem found, errors and warnings, in file order.
pub fn validate(pathway: &Pathway) -> Vec<Problem> {
    validated(pathway).0
}

/// The problems [`validate`] finds and, when none is an error, the expected visits to
/// each step per referral that its loop check solved (so the analysis need not).
pub(crate) fn validated(pathway: &Pathway) -> (Vec<Problem>, Option<Vec<f64>>) {
    let index = PathwayIndex::new(pathway);
    let edges = transitions(pathway);
    let mut problems = Vec::new();
    check_settings(pathway, &mut problems);
    check_roles(pathway, &mut problems);
    check_steps(pathway, &index, &mut problems);
    check_flow(pathway, &edges, &mut problems);
    check_bounds(pathway, &index, &mut problems);
    appraisal::check(pathway, &mut problems);
    capacity::check(pathway, &index, &mut problems);
    let visits = check_loops(pathway, &edges, &mut problems);
    let visits = visits.filter(|_| !has_errors(&problems));
    (problems, visits)
}

/// The checks of the settings alone (as a change to them is tried in a diff).
pub fn setting_problems(annual_referrals: f64, wte_hours: f64) -> Vec<Problem> {
    let mut problems = Vec::new();
    settings_in_range(annual_referrals, wte_hours, &mut problems);
    settings_in_bounds(annual_referrals, wte_hours, &mut problems);
    problems
}

/// The checks of one role alone, at index `i`: its id is not empty and its costs are
/// numbers in bounds (whether another role has its id is not checked).
pub fn role_problems(i: usize, role: &Role) -> Vec<Problem> {
    let mut problems = Vec::new();
    if role.id.trim().is_empty() {
        problems.push(Problem::error(
            ProblemKind::EmptyId,
            Subject::Role(i),
            format!("role {} has an empty id", role_label(role)),
        ));
    }
    role_costs(i, role, &mut problems);
    role_in_bounds(i, role, &mut problems);
    problems
}

/// The checks of one step alone, at index `i` of `pathway` (or to be added at its
/// end): its role, estimates, links, shares and bounds, with `index` (of `pathway`)
/// resolving its role and links. Not checked: whether another step has its id, and
/// where referrals can go from it.
pub fn step_problems(
    pathway: &Pathway,
    index: &PathwayIndex<'_>,
    i: usize,
    step: &Step,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let name = step_label(step);
    step_fields(pathway, index, i, step, &name, &mut problems);
    step_in_bounds(i, step, &name, &mut problems);
    problems
}

/// The flow and loop checks of [`validate`] on links alone (`edges[i]` lists step
/// `i`'s `(next step, share)`; a step with none is an end), as a change of links is
/// tried in a diff: the expected visits per referral when every step can reach an end
/// and no loop is endless.
pub fn sound_visits(edges: &[Vec<(usize, f64)>]) -> Option<Vec<f64>> {
    if edges.is_empty() {
        return None;
    }
    let ends = (0..edges.len()).filter(|&i| edges[i].is_empty());
    let can_end = search(&backward(edges), ends);
    if !can_end.iter().all(|&c| c) {
        return None;
    }
    loop_visits(edges).ok()
}

fn check_settings(pathway: &Pathway, problems: &mut Vec<Problem>) {
    settings_in_range(pathway.annual_referrals, pathway.wte_hours, problems);
    if pathway.steps.is_empty() {
        problems.push(Problem::error(
            ProblemKind::NoSteps,
            Subject::Pathway,
            "the pathway has no steps; add at least one step (the first step is where referrals start)".into(),
        ));
    }
}

fn settings_in_range(annual_referrals: f64, wte_hours: f64, problems: &mut Vec<Problem>) {
    if !annual_referrals.is_finite() || annual_referrals < 0.0 {
        problems.push(Problem::error(
            ProblemKind::AnnualReferrals,
            Subject::Pathway,
            format!(
                "annual_referrals is {annual_referrals}; it must be a number of referrals, 0 or more"
            ),
        ));
    }
    if !wte_hours.is_finite() || wte_hours <= 0.0 {
        problems.push(Problem::error(
            ProblemKind::WteHours,
            Subject::Pathway,
            format!(
                "wte_hours is {wte_hours}; it must be the working hours in one whole-time equivalent a year, more than 0 (typically 1545)"
            ),
        ));
    }
}

fn check_roles(pathway: &Pathway, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for (i, role) in pathway.roles.iter().enumerate() {
        let subject = Subject::Role(i);
        if role.id.trim().is_empty() {
            problems.push(Problem::error(
                ProblemKind::EmptyId,
                subject,
                format!("role {} has an empty id", role_label(role)),
            ));
        } else if !seen.insert(role.id.as_str()) {
            problems.push(Problem::error(
                ProblemKind::DuplicateId,
                subject,
                format!(
                    "role {} has the id \"{}\" of another role; role ids must be unique",
                    role_label(role),
                    role.id
                ),
            ));
        }
        role_costs(i, role, problems);
    }
}

fn role_costs(i: usize, role: &Role, problems: &mut Vec<Problem>) {
    let subject = Subject::Role(i);
    if !role.hourly_cost.is_finite() || role.hourly_cost < 0.0 {
        problems.push(Problem::error(
            ProblemKind::HourlyCost,
            subject,
            format!(
                "role {}: the hourly cost is {}; it must be 0 or more",
                role_label(role),
                role.hourly_cost
            ),
        ));
    }
    check_direct_cost(role, subject, problems);
}

/// A direct hourly cost must be a number of 0 or more; above the fully loaded cost it
/// is capped at it (a warning), as direct pay cannot exceed pay plus overheads.
fn check_direct_cost(role: &crate::model::Role, subject: Subject, problems: &mut Vec<Problem>) {
    let Some(direct) = role.direct_hourly_cost else {
        return;
    };
    if !direct.is_finite() || direct < 0.0 {
        problems.push(Problem::error(
            ProblemKind::HourlyCost,
            subject,
            format!(
                "role {}: the direct hourly cost is {direct}; it must be 0 or more",
                role_label(role)
            ),
        ));
    } else if direct > role.hourly_cost {
        problems.push(Problem::warning(
            ProblemKind::HourlyCost,
            subject,
            format!(
                "role {}: the direct hourly cost {direct} is more than the hourly cost {}; the results use {} (direct pay is part of the fully loaded cost)",
                role_label(role),
                role.hourly_cost,
                role.hourly_cost
            ),
        ));
    }
}

fn check_estimate(step: &str, field: &str, e: &Estimate, subject: Subject) -> Option<Problem> {
    estimate_problem(&format!("step {step}"), field, e)
        .map(|message| Problem::error(ProblemKind::Estimate, subject, message))
}

/// What is wrong with an estimate, `owner` ("step Triage") and `field` naming it: not
/// a number, negative, or out of order.
fn estimate_problem(owner: &str, field: &str, e: &Estimate) -> Option<String> {
    Some(if e.values().iter().any(|v| !v.is_finite()) {
        format!("{owner}: {field} is not a finite number")
    } else if e.values().iter().any(|v| *v < 0.0) {
        format!("{owner}: {field} is negative ({e}); it must be 0 or more")
    } else if e.low > e.likely {
        format!(
            "{owner}: {field} has low {} greater than likely {}; use low <= likely <= high",
            e.low, e.likely
        )
    } else if e.likely > e.high {
        format!(
            "{owner}: {field} has likely {} greater than high {}; use low <= likely <= high",
            e.likely, e.high
        )
    } else {
        return None;
    })
}

fn check_steps(pathway: &Pathway, index: &PathwayIndex<'_>, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for (i, step) in pathway.steps.iter().enumerate() {
        let subject = Subject::Step(i);
        let id = step.id.as_str();
        let name = step_label(step);
        if id.trim().is_empty() {
            problems.push(Problem::error(
                ProblemKind::EmptyId,
                subject,
                format!("step {name} has an empty id"),
            ));
        } else if !seen.insert(id) {
            problems.push(Problem::error(
                ProblemKind::DuplicateId,
                subject,
                format!("step {name} has the id \"{id}\" of another step; step ids must be unique"),
            ));
        }
        step_fields(pathway, index, i, step, &name, problems);
    }
}

/// A step's role, estimates, links and shares; `name` is its [`step_label`].
fn step_fields(
    pathway: &Pathway,
    index: &PathwayIndex<'_>,
    i: usize,
    step: &Step,
    name: &str,
    problems: &mut Vec<Problem>,
) {
    let subject = Subject::Step(i);
    match &step.role {
        Some(role) if index.role(role).is_none() => problems.push(Problem::error(
            ProblemKind::UnknownRole,
            subject,
            format!("step {name}: unknown role \"{role}\"; add it to the roles or pick an existing role"),
        )),
        None if step.touch_minutes.values().iter().any(|v| *v != 0.0) => {
            problems.push(Problem::error(
                ProblemKind::MinutesWithoutRole,
                subject,
                format!("step {name}: staff minutes without a role; give the step a role or remove the minutes"),
            ))
        }
        _ => {}
    }
    for (field, estimate) in [
        ("touch_minutes", &step.touch_minutes),
        ("wait_days", &step.wait_days),
        ("unit_cost", &step.unit_cost),
    ] {
        problems.extend(check_estimate(name, field, estimate, subject));
    }
    for link in &step.next {
        let target = index.step(&link.to).map(|t| &pathway.steps[t]);
        let Some(target) = target else {
            problems.push(Problem::error(
                ProblemKind::UnknownTarget,
                subject,
                format!(
                    "step {name}: link to unknown step \"{}\"; point it at a step that exists or remove it",
                    link.to
                ),
            ));
            continue;
        };
        if !(link.share > 0.0 && link.share <= 1.0) {
            problems.push(Problem::error(
                ProblemKind::Share,
                subject,
                format!(
                    "step {name}: the share to {} is {}; a share must be more than 0% and at most 100%",
                    step_label(target),
                    percent_exact(link.share)
                ),
            ));
        }
    }
    if !step.next.is_empty() {
        let sum: f64 = step.next.iter().map(|l| l.share).sum();
        if sum.is_finite() && (sum - 1.0).abs() > SHARE_TOLERANCE {
            problems.push(Problem::error(
                ProblemKind::SharesTotal,
                subject,
                format!(
                    "step {name}: the shares of its links add up to {}; they must add up to 100%",
                    percent_exact(sum)
                ),
            ));
        }
        if let Some(outcome) = step.outcome {
            problems.push(Problem::warning(
                ProblemKind::OutcomeIgnored,
                subject,
                format!(
                    "step {name} has links, so its outcome {} is ignored; only end steps have outcomes",
                    outcome.name()
                ),
            ));
        }
    }
}

/// Reachability from the first step, and whether each step can reach an end.
fn check_flow(pathway: &Pathway, edges: &[Vec<(usize, f64)>], problems: &mut Vec<Problem>) {
    let n = pathway.steps.len();
    if n == 0 {
        return;
    }
    let forward: Vec<Vec<usize>> = edges
        .iter()
        .map(|next| next.iter().map(|&(j, _)| j).collect())
        .collect();
    let reached = search(&forward, [0]);
    let ends = (0..n).filter(|&i| pathway.steps[i].is_end());
    let can_end = search(&backward(edges), ends);
    for (i, step) in pathway.steps.iter().enumerate() {
        if !can_end[i] {
            problems.push(Problem::error(
                ProblemKind::NoWayOut,
                Subject::Step(i),
                format!(
                    "step {}: no referral reaching it can ever reach an end (a loop with no way out); give one of the steps in the loop a link out",
                    step_label(step)
                ),
            ));
        } else if !reached[i] {
            problems.push(Problem::warning(
                ProblemKind::Unreachable,
                Subject::Step(i),
                format!(
                    "step {} is unreachable from the first step {}; link to it or remove it",
                    step_label(step),
                    step_label(&pathway.steps[0])
                ),
            ));
        }
    }
}

/// The largest figures a pathway may hold: far beyond any real service, small enough
/// that every result stays a finite number a person can read.
pub mod bounds {
    /// Referrals a year (England makes about 20 million outpatient referrals a year).
    pub const ANNUAL_REFERRALS: f64 = 1e8;
    /// Working hours in one WTE a year (a leap year has 8,784 hours).
    pub const WTE_HOURS: f64 = 8_784.0;
    /// A role's hourly cost in £.
    pub const HOURLY_COST: f64 = 10_000.0;
    /// Staff minutes at one step (about 70 days of work).
    pub const TOUCH_MINUTES: f64 = 100_000.0;
    /// Days waited at one step (a hundred years).
    pub const WAIT_DAYS: f64 = 36_500.0;
    /// Consumables at one step in £.
    pub const UNIT_COST: f64 = 1_000_000.0;
    /// First-appointment slots a week (about 2 million a week would be every
    /// referral in England).
    pub const SLOTS_PER_WEEK: f64 = 10_000_000.0;
    /// People on one waiting list (England's whole list is about 7.6 million).
    pub const WAITING_LIST: f64 = 100_000_000.0;
    /// Weeks of a publishing horizon or a waiting-time target (ten years).
    pub const WEEKS: f64 = 520.0;
    /// A coefficient of variation of weekly demand or slots.
    pub const CV: f64 = 10.0;
    /// The factor dividing the target into the mean wait aimed for.
    pub const FACTOR: f64 = 100.0;
}

/// Figures beyond [`bounds`], card positions that are not numbers, and levers that
/// name nothing: checked once here, so every command and the app agree.
fn check_bounds(pathway: &Pathway, index: &PathwayIndex<'_>, problems: &mut Vec<Problem>) {
    settings_in_bounds(pathway.annual_referrals, pathway.wte_hours, problems);
    for (i, role) in pathway.roles.iter().enumerate() {
        role_in_bounds(i, role, problems);
    }
    for (i, step) in pathway.steps.iter().enumerate() {
        step_in_bounds(i, step, &step_label(step), problems);
    }
    for lever in &pathway.levers {
        let Some(from) = index.step(&lever.step) else {
            problems.push(Problem::warning(
                ProblemKind::Lever,
                Subject::Pathway,
                format!(
                    "a lever names the step \"{}\", which does not exist; it is ignored (unpin it)",
                    lever.step
                ),
            ));
            continue;
        };
        let step = &pathway.steps[from];
        if let crate::model::LeverValue::Share(to) = &lever.value
            && !step.next.iter().any(|l| &l.to == to)
        {
            problems.push(Problem::warning(
                ProblemKind::Lever,
                Subject::Step(from),
                format!(
                    "a lever on step {} names its link to \"{to}\", which it does not have; it is ignored (unpin it)",
                    step_label(step)
                ),
            ));
        }
        if lever.value == crate::model::LeverValue::SlotsPerWeek && pathway.capacity.is_none() {
            problems.push(Problem::warning(
                ProblemKind::Lever,
                Subject::Step(from),
                format!(
                    "a lever on step {} moves the slots a week, but the pathway has no capacity section; it is ignored (unpin it)",
                    step_label(step)
                ),
            ));
        }
        if !lever.base.is_finite() || lever.base.abs() > 1e12 {
            problems.push(Problem::error(
                ProblemKind::Lever,
                Subject::Step(from),
                format!(
                    "a lever on step {}: the value it was pinned at is not a usable number; unpin it and pin it again",
                    step_label(step)
                ),
            ));
        }
    }
}

/// A figure over its bound, as an error about `subject`.
fn too_big(subject: Subject, what: String, value: f64, max: f64) -> Problem {
    Problem::error(
        ProblemKind::OutOfBounds,
        subject,
        format!(
            "{what} is {}, more than the {} opmt allows; check the figure and its units",
            crate::numbers::grouped_trimmed(value, 2),
            crate::numbers::grouped_trimmed(max, 0)
        ),
    )
}

fn settings_in_bounds(annual_referrals: f64, wte_hours: f64, problems: &mut Vec<Problem>) {
    if annual_referrals > bounds::ANNUAL_REFERRALS {
        problems.push(too_big(
            Subject::Pathway,
            "annual_referrals".into(),
            annual_referrals,
            bounds::ANNUAL_REFERRALS,
        ));
    }
    if wte_hours > bounds::WTE_HOURS {
        problems.push(too_big(
            Subject::Pathway,
            "wte_hours".into(),
            wte_hours,
            bounds::WTE_HOURS,
        ));
    }
}

fn role_in_bounds(i: usize, role: &Role, problems: &mut Vec<Problem>) {
    let costs = [Some(role.hourly_cost), role.direct_hourly_cost];
    if let Some(cost) = costs
        .into_iter()
        .flatten()
        .find(|c| *c > bounds::HOURLY_COST)
    {
        problems.push(too_big(
            Subject::Role(i),
            format!("role {}: the hourly cost (£)", role_label(role)),
            cost,
            bounds::HOURLY_COST,
        ));
    }
}

/// A step's figures within [`bounds`] and its position a number; `name` is its
/// [`step_label`].
fn step_in_bounds(i: usize, step: &Step, name: &str, problems: &mut Vec<Problem>) {
    for (field, estimate, max) in [
        ("touch_minutes", &step.touch_minutes, bounds::TOUCH_MINUTES),
        ("wait_days", &step.wait_days, bounds::WAIT_DAYS),
        ("unit_cost (£)", &step.unit_cost, bounds::UNIT_COST),
    ] {
        if estimate.high > max {
            problems.push(too_big(
                Subject::Step(i),
                format!("step {name}: {field}"),
                estimate.high,
                max,
            ));
        }
    }
    if let Some(pos) = step.pos
        && !(pos.x.is_finite() && pos.y.is_finite())
    {
        problems.push(Problem::error(
            ProblemKind::Position,
            Subject::Step(i),
            format!("step {name}: its position on the map is not a number; delete its pos line (Tidy layout places it)"),
        ));
    }
}

/// For each step, the steps with links to it.
fn backward(edges: &[Vec<(usize, f64)>]) -> Vec<Vec<usize>> {
    let mut backward: Vec<Vec<usize>> = vec![Vec::new(); edges.len()];
    for (i, next) in edges.iter().enumerate() {
        for &(j, _) in next {
            backward[j].push(i);
        }
    }
    backward
}

/// A loop referrals go round too often for its figures to mean anything.
enum Endless {
    /// Referrals entering the loop through this step (numerically) never leave it.
    Trapped(usize),
    /// This step is passed through this many times per referral, more than
    /// [`MOST_VISITS`].
    Visits(usize, f64),
}

/// The expected visits per referral entering at the first step, unless a loop is
/// endless.
fn loop_visits(edges: &[Vec<(usize, f64)>]) -> Result<Vec<f64>, Endless> {
    let mut entering = vec![0.0; edges.len()];
    entering[0] = 1.0;
    let visits = solve_visits(edges, &entering).map_err(|t| Endless::Trapped(t.step))?;
    let most = visits
        .iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match most {
        Some((i, v)) if v.is_nan() || v > MOST_VISITS => Err(Endless::Visits(i, v)),
        _ => Ok(visits),
    }
}

/// Solves the visits once the links and shares are sound, and refuses an endless
/// loop: what the analysis and the simulation could not work out is not valid.
/// Returns the visits when there is no such loop.
fn check_loops(
    pathway: &Pathway,
    edges: &[Vec<(usize, f64)>],
    problems: &mut Vec<Problem>,
) -> Option<Vec<f64>> {
    let unsound = problems.iter().any(|p| {
        p.severity == Severity::Error
            && matches!(
                p.kind,
                ProblemKind::NoSteps
                    | ProblemKind::UnknownTarget
                    | ProblemKind::Share
                    | ProblemKind::SharesTotal
                    | ProblemKind::NoWayOut
            )
    });
    if unsound || edges.is_empty() {
        return None;
    }
    let most = crate::numbers::grouped_trimmed(MOST_VISITS, 0);
    let (i, message) = match loop_visits(edges) {
        Ok(visits) => return Some(visits),
        Err(Endless::Trapped(i)) => (
            i,
            format!(
                "step {}: referrals in the loop through it almost never leave it (they would go round it more than {most} times on average); check the shares of the loop's links",
                step_label(&pathway.steps[i])
            ),
        ),
        Err(Endless::Visits(i, visits)) => (
            i,
            format!(
                "step {}: referrals go round the loop through it about {} times on average, more than the {most} opmt allows; check the shares of the loop's links",
                step_label(&pathway.steps[i]),
                crate::numbers::grouped_trimmed(visits, 0)
            ),
        ),
    };
    problems.push(Problem::error(
        ProblemKind::EndlessLoop,
        Subject::Step(i),
        message,
    ));
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_stated_as_percentages() {
        assert_eq!(percent_exact(0.9), "90%");
        assert_eq!(percent_exact(0.948), "94.8%");
        assert_eq!(percent_exact(1.0 / 3.0), "33.3333%");
        assert_eq!(percent_exact(0.0), "0%");
    }

    #[test]
    fn problems_name_steps_by_name_and_say_shares_in_percent() {
        use crate::model::{Link, Stage, Step};
        let mut p = Pathway::new("t");
        let mut triage = Step::new("new_step_1", "Triage", Stage::Triage);
        triage.next = vec![
            Link {
                to: "a".into(),
                share: 0.6,
            },
            Link {
                to: "b".into(),
                share: 0.3,
            },
        ];
        p.steps.push(triage);
        p.steps.push(Step::new("a", "Clinic", Stage::Attendance));
        p.steps.push(Step::new("b", "Advice only", Stage::Triage));
        p.steps
            .push(Step::new("orphan", "Lost letter", Stage::Other));
        let problems = validate(&p);
        let total = problems
            .iter()
            .find(|p| p.kind == ProblemKind::SharesTotal)
            .unwrap();
        assert_eq!(
            total.message,
            "step \"Triage\": the shares of its links add up to 90%; they must add up to 100%"
        );
        assert!(total.kind.is_about_links());
        let unreachable = problems
            .iter()
            .find(|p| p.kind == ProblemKind::Unreachable)
            .unwrap();
        assert_eq!(
            unreachable.message,
            "step \"Lost letter\" is unreachable from the first step \"Triage\"; link to it or remove it"
        );
        assert!(problems.iter().all(|p| !p.message.contains("new_step_1")));
    }

    #[test]
    fn figures_beyond_any_service_nan_positions_and_levers_on_nothing_are_named() {
        use crate::model::{CanvasPos, Lever, LeverValue};
        let mut p = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
        assert!(
            validate(&p)
                .iter()
                .all(|p| p.kind != ProblemKind::OutOfBounds)
        );
        p.steps[1].wait_days = Estimate::range(0.0, 1.0, 1e308);
        p.steps[2].pos = Some(CanvasPos {
            x: f64::NAN,
            y: 3.0,
        });
        p.annual_referrals = 2e8;
        p.levers.push(Lever {
            step: "no_such_step".into(),
            value: LeverValue::WaitDays,
            base: 3.0,
        });
        let problems = validate(&p);
        let of = |kind| problems.iter().filter(move |p| p.kind == kind);
        let bounds: Vec<_> = of(ProblemKind::OutOfBounds).collect();
        assert_eq!(bounds.len(), 2, "{bounds:?}");
        assert!(bounds.iter().all(|b| b.severity == Severity::Error));
        assert!(
            bounds.iter().any(
                |b| b.subject == Subject::Step(1) && b.message.contains("more than the 36,500")
            ),
            "{bounds:?}"
        );
        assert_eq!(
            of(ProblemKind::Position).next().unwrap().subject,
            Subject::Step(2)
        );
        let lever = of(ProblemKind::Lever).next().unwrap();
        assert_eq!(lever.severity, Severity::Warning);
        assert!(lever.message.contains("no_such_step"), "{}", lever.message);
    }
}
