//! Exact expected-value analysis of a pathway as an absorbing Markov chain.
//!
//! Expected visits `v` to each step solve `v = e_first + Pᵀ v`. The chain is split
//! into strongly connected components (loops such as rebooking or DNA) which are
//! solved one at a time in topological order: a component without a loop is a
//! single division, a loop is a sparse elimination (see [`crate::graph::solve_visits`]).
//! A pathway of a hundred thousand steps, or one loop of thousands, is solved in time
//! close to linear in its links.

use std::collections::HashMap;

use thiserror::Error;

use crate::graph::{solve_visits, transitions};
use crate::model::{Counter, Organisation, Outcome, Pathway, Stage};
use crate::validate::{Problem, Severity, has_errors, validated};

/// Why a pathway could not be analysed.
#[derive(Debug, Error)]
pub enum AnalysisError {
    /// The pathway has validation errors.
    #[error("the pathway has {} error(s); the first: {}", .0.iter().filter(|p| p.severity == Severity::Error).count(), .0.iter().find(|p| p.severity == Severity::Error).map_or("", |p| p.message.as_str()))]
    Invalid(Vec<Problem>),
    /// A loop's equations could not be solved (referrals never leave it).
    #[error("the loop through step \"{0}\" has no way out")]
    Singular(String),
}

/// A cost in £ split by what it is: cash (consumables), staff time at direct rates,
/// and capacity (the rest of the fully loaded staff cost).
///
/// The rules: `cash` is the consumables (`unit_cost`); staff cost is minutes ×
/// `hourly_cost` (fully loaded), of which `staff_direct` is minutes × the role's
/// `direct_hourly_cost` (the whole `hourly_cost` when the role has none) and
/// `capacity` the rest. At a step that counts as a DNA the whole staff cost is
/// capacity: a missed slot frees clinic time, not money. `cash + staff_direct +
/// capacity` is the total cost.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CostSplit {
    /// Consumables (post, print, SMS, digital-letter contracts) in £.
    pub cash: f64,
    /// Staff cost at direct rates (salary + on-costs) in £.
    pub staff_direct: f64,
    /// The rest of the fully loaded staff cost (overheads, and DNA slots) in £.
    pub capacity: f64,
}

impl CostSplit {
    /// Fully loaded staff cost in £: direct plus capacity.
    pub fn staff(&self) -> f64 {
        self.staff_direct + self.capacity
    }

    /// Total cost in £: cash plus staff.
    pub fn total(&self) -> f64 {
        self.cash + self.staff()
    }

    /// Each part multiplied by `factor` (per referral to per year, for example).
    pub fn scaled(&self, factor: f64) -> Self {
        Self {
            cash: self.cash * factor,
            staff_direct: self.staff_direct * factor,
            capacity: self.capacity * factor,
        }
    }
}

impl std::ops::Add for CostSplit {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self {
            cash: self.cash + other.cash,
            staff_direct: self.staff_direct + other.staff_direct,
            capacity: self.capacity + other.capacity,
        }
    }
}

impl std::ops::Sub for CostSplit {
    type Output = Self;
    fn sub(self, other: Self) -> Self {
        Self {
            cash: self.cash - other.cash,
            staff_direct: self.staff_direct - other.staff_direct,
            capacity: self.capacity - other.capacity,
        }
    }
}

impl std::iter::Sum for CostSplit {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::default(), |a, b| a + b)
    }
}

/// What one step contributes per referral.
#[derive(Clone, Debug, PartialEq)]
pub struct StepResult {
    /// Step id.
    pub id: String,
    /// Step name.
    pub name: String,
    /// Stage of the step.
    pub stage: Stage,
    /// Role id, if the step has staff time.
    pub role: Option<String>,
    /// Expected passes through this step per referral.
    pub visits: f64,
    /// Expected staff minutes per referral at this step (visits × touch minutes).
    pub staff_minutes: f64,
    /// Expected staff cost per referral at this step in £.
    pub staff_cost: f64,
    /// Expected consumables per referral at this step in £.
    pub consumables: f64,
    /// Expected elapsed days per referral spent at this step.
    pub elapsed_days: f64,
    /// The organisation of the step's role (Other without a role); its consumables
    /// count there too.
    pub organisation: Organisation,
    /// The step's cost per referral split into cash, direct staff cost and capacity.
    pub cost_split: CostSplit,
}

impl StepResult {
    /// Total cost per referral at this step in £ (staff plus consumables).
    pub fn cost(&self) -> f64 {
        self.staff_cost + self.consumables
    }
}

/// Figures for one stage, per referral.
#[derive(Clone, Debug, PartialEq)]
pub struct StageResult {
    /// The stage.
    pub stage: Stage,
    /// Cost per referral in £.
    pub cost: f64,
    /// Staff minutes per referral.
    pub staff_minutes: f64,
    /// Elapsed days per referral.
    pub elapsed_days: f64,
    /// Cost per referral split into cash, direct staff cost and capacity.
    pub cost_split: CostSplit,
}

/// Figures for one organisation, per referral.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationResult {
    /// The organisation.
    pub organisation: Organisation,
    /// Cost per referral split into cash, direct staff cost and capacity.
    pub cost_split: CostSplit,
    /// Staff minutes per referral.
    pub staff_minutes: f64,
    /// Whole-time equivalents.
    pub wte: f64,
}

/// Figures for one role.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleResult {
    /// Role id.
    pub id: String,
    /// Role name.
    pub name: String,
    /// Staff minutes per referral.
    pub staff_minutes: f64,
    /// Staff cost per referral in £.
    pub cost: f64,
    /// Staff hours a year: minutes × annual referrals / 60.
    pub annual_hours: f64,
    /// Whole-time equivalents: annual hours / WTE hours.
    pub wte: f64,
    /// Who employs the role (Other when the model does not say).
    pub organisation: Organisation,
    /// How the role's hourly cost was built, as the model says.
    pub cost_basis: Option<String>,
    /// Cost per referral at this role's steps, split into cash, direct staff cost
    /// and capacity.
    pub cost_split: CostSplit,
}

/// An end step and the probability that a referral ends there.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeResult {
    /// End step id.
    pub step: String,
    /// End step name.
    pub name: String,
    /// Outcome written on the step, if any.
    pub outcome: Option<Outcome>,
    /// Probability that a referral ends at this step.
    pub probability: f64,
}

/// The expected-value report of one pathway.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Pathway name.
    pub name: String,
    /// Referrals a year the annual figures are computed for.
    pub annual_referrals: f64,
    /// Working hours in one WTE a year.
    pub wte_hours: f64,
    /// Cost per referral in £ (staff plus consumables).
    pub cost_per_referral: f64,
    /// Staff minutes per referral.
    pub staff_minutes_per_referral: f64,
    /// Consumables per referral in £.
    pub consumables_per_referral: f64,
    /// Expected elapsed days per referral.
    pub elapsed_days: f64,
    /// Cost a year in £.
    pub annual_cost: f64,
    /// Per step, in pathway order.
    pub steps: Vec<StepResult>,
    /// Per stage present in the pathway, in stage order.
    pub by_stage: Vec<StageResult>,
    /// Per role, in the order of the pathway's roles.
    pub by_role: Vec<RoleResult>,
    /// Cost per referral split into cash, direct staff cost and capacity.
    pub cost_split: CostSplit,
    /// Per organisation, every one of [`Organisation::ALL`] in that order.
    pub by_organisation: Vec<OrganisationResult>,
    /// Per end step, in pathway order.
    pub outcomes: Vec<OutcomeResult>,
    /// Expected letters, calls, DNAs... per referral, for every counter (zero when no
    /// step counts as it), in [`Counter::ALL`] order.
    pub counts: Vec<(Counter, f64)>,
}

impl Report {
    /// The figures of one stage, if the pathway has steps in it.
    pub fn stage(&self, stage: Stage) -> Option<&StageResult> {
        self.by_stage.iter().find(|s| s.stage == stage)
    }

    /// The figures of one role by id.
    pub fn role(&self, id: &str) -> Option<&RoleResult> {
        self.by_role.iter().find(|r| r.id == id)
    }

    /// Total WTE across roles.
    pub fn total_wte(&self) -> f64 {
        self.by_role.iter().map(|r| r.wte).sum()
    }

    /// Expected passes per referral through steps that count as `counter`.
    pub fn count(&self, counter: Counter) -> f64 {
        self.counts
            .iter()
            .find(|(c, _)| *c == counter)
            .map_or(0.0, |(_, n)| *n)
    }

    /// Probability that a referral ends at a step with this outcome.
    pub fn outcome_probability(&self, outcome: Outcome) -> f64 {
        self.outcomes
            .iter()
            .filter(|o| o.outcome == Some(outcome))
            .map(|o| o.probability)
            .sum()
    }

    /// The figures of one organisation.
    pub fn organisation(&self, organisation: Organisation) -> Option<&OrganisationResult> {
        self.by_organisation
            .iter()
            .find(|o| o.organisation == organisation)
    }

    /// Fully loaded staff cost per referral in £.
    pub fn staff_cost_per_referral(&self) -> f64 {
        self.cost_split.staff()
    }

    /// The same report with its annual figures for `annual_referrals` a year: what
    /// analysing the pathway at that volume gives, without analysing it again.
    pub fn at_annual_referrals(&self, annual_referrals: f64) -> Report {
        let mut report = self.clone();
        report.annual_referrals = annual_referrals;
        report.annual_cost = report.cost_per_referral * annual_referrals;
        for role in &mut report.by_role {
            role.annual_hours = role.staff_minutes * annual_referrals / 60.0;
            role.wte = role.annual_hours / report.wte_hours;
        }
        for org in &mut report.by_organisation {
            org.wte = org.staff_minutes * annual_referrals / 60.0 / report.wte_hours;
        }
        report
    }

    /// Staff hours a year across roles.
    pub fn annual_staff_hours(&self) -> f64 {
        self.staff_minutes_per_referral * self.annual_referrals / 60.0
    }
}

/// Analyses a pathway. Fails when it has validation errors.
pub fn analyse(pathway: &Pathway) -> Result<Report, AnalysisError> {
    // Validation solves the visits for its loop check; they are used, not solved again.
    let (problems, visits) = validated(pathway);
    if has_errors(&problems) {
        return Err(AnalysisError::Invalid(problems));
    }
    match visits {
        Some(visits) => Ok(build_report(pathway, &visits)),
        None => analyse_valid(pathway),
    }
}

/// Analyses a pathway already known to be valid (see [`validate`]); skips validation.
pub fn analyse_valid(pathway: &Pathway) -> Result<Report, AnalysisError> {
    let visits = expected_visits(pathway)?;
    Ok(build_report(pathway, &visits))
}

fn build_report(pathway: &Pathway, visits: &[f64]) -> Report {
    let roles: HashMap<&str, &crate::model::Role> =
        pathway.roles.iter().map(|r| (r.id.as_str(), r)).collect();
    let steps: Vec<StepResult> = pathway
        .steps
        .iter()
        .zip(visits)
        .map(|(s, &v)| {
            let touch = s.touch_minutes.mean();
            let role = s.role.as_deref().and_then(|r| roles.get(r));
            let rate = role.map_or(0.0, |r| r.hourly_cost);
            let direct_rate = if s.counts_as.contains(&Counter::Dna) {
                0.0 // a missed slot frees clinic time, not money
            } else {
                role.map_or(0.0, |r| r.direct_rate())
            };
            let staff_cost = v * touch / 60.0 * rate;
            let staff_direct = v * touch / 60.0 * direct_rate;
            let consumables = v * s.unit_cost.mean();
            StepResult {
                id: s.id.clone(),
                name: s.name.clone(),
                stage: s.stage,
                role: s.role.clone(),
                visits: v,
                staff_minutes: v * touch,
                staff_cost,
                consumables,
                elapsed_days: v * s.wait_days.mean(),
                organisation: role.map_or(Organisation::Other, |r| r.organisation_or_other()),
                cost_split: CostSplit {
                    cash: consumables,
                    staff_direct,
                    capacity: staff_cost - staff_direct,
                },
            }
        })
        .collect();

    let by_stage = Stage::ALL
        .iter()
        .filter(|&&stage| steps.iter().any(|s| s.stage == stage))
        .map(|&stage| {
            let in_stage = || steps.iter().filter(move |s| s.stage == stage);
            StageResult {
                stage,
                cost: in_stage().map(StepResult::cost).sum(),
                staff_minutes: in_stage().map(|s| s.staff_minutes).sum(),
                elapsed_days: in_stage().map(|s| s.elapsed_days).sum(),
                cost_split: in_stage().map(|s| s.cost_split).sum(),
            }
        })
        .collect();

    // Each role's steps, found in one pass (a role id may repeat: each role of the
    // id counts the id's steps, as the report always has).
    let mut steps_of_role: HashMap<&str, Vec<&StepResult>> = HashMap::new();
    for s in &steps {
        if let Some(role) = s.role.as_deref() {
            steps_of_role.entry(role).or_default().push(s);
        }
    }
    let by_role = pathway
        .roles
        .iter()
        .map(|role| {
            let of_role = || {
                steps_of_role
                    .get(role.id.as_str())
                    .into_iter()
                    .flatten()
                    .copied()
            };
            let minutes: f64 = of_role().map(|s| s.staff_minutes).sum();
            let annual_hours = minutes * pathway.annual_referrals / 60.0;
            RoleResult {
                id: role.id.clone(),
                name: role.name.clone(),
                staff_minutes: minutes,
                cost: of_role().map(|s| s.staff_cost).sum(),
                annual_hours,
                wte: annual_hours / pathway.wte_hours,
                organisation: role.organisation_or_other(),
                cost_basis: role.cost_basis.clone(),
                cost_split: of_role().map(|s| s.cost_split).sum(),
            }
        })
        .collect();
    let by_organisation = Organisation::ALL
        .iter()
        .map(|&organisation| {
            let of_org = || steps.iter().filter(move |s| s.organisation == organisation);
            let minutes: f64 = of_org().map(|s| s.staff_minutes).sum();
            OrganisationResult {
                organisation,
                cost_split: of_org().map(|s| s.cost_split).sum(),
                staff_minutes: minutes,
                wte: minutes * pathway.annual_referrals / 60.0 / pathway.wte_hours,
            }
        })
        .collect();

    let outcomes = pathway
        .steps
        .iter()
        .zip(visits)
        .filter(|(s, _)| s.is_end())
        .map(|(s, &v)| OutcomeResult {
            step: s.id.clone(),
            name: s.name.clone(),
            outcome: s.outcome,
            probability: v,
        })
        .collect();

    let counts = Counter::ALL
        .iter()
        .map(|&counter| {
            let n: f64 = pathway
                .steps
                .iter()
                .zip(visits)
                .map(|(s, &v)| v * s.counts_as.iter().filter(|&&c| c == counter).count() as f64)
                .sum();
            (counter, n)
        })
        .collect();
    let cost_per_referral: f64 = steps.iter().map(StepResult::cost).sum();
    let cost_split = steps.iter().map(|s| s.cost_split).sum();
    Report {
        name: pathway.name.clone(),
        annual_referrals: pathway.annual_referrals,
        wte_hours: pathway.wte_hours,
        cost_per_referral,
        staff_minutes_per_referral: steps.iter().map(|s| s.staff_minutes).sum(),
        consumables_per_referral: steps.iter().map(|s| s.consumables).sum(),
        elapsed_days: steps.iter().map(|s| s.elapsed_days).sum(),
        annual_cost: cost_per_referral * pathway.annual_referrals,
        steps,
        by_stage,
        by_role,
        cost_split,
        by_organisation,
        outcomes,
        counts,
    }
}

/// Expected visits to each step per referral entering at the first step.
pub fn expected_visits(pathway: &Pathway) -> Result<Vec<f64>, AnalysisError> {
    let n = pathway.steps.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut entering = vec![0.0; n];
    entering[0] = 1.0;
    solve_visits(&transitions(pathway), &entering)
        .map_err(|t| AnalysisError::Singular(pathway.steps[t.step].id.clone()))
}
