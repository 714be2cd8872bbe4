//! Will there be a slot? The first-appointment service's capacity against its
//! demand: the NHS-R community's waiting-list figures (NHSRwaitinglist, after Fong
//! et al., "Understanding waiting list pressures"), a week-by-week projection of the
//! waiting list, the share of referrals finding no slot (appointment slot issues,
//! ASIs) and the pathway as capacity makes it, so that the cost per referral and the
//! days follow the slots.
//!
//! The figures, with D the demand a week and S the slots a week:
//! - D = annual referrals × expected visits to `books_at` / 52 (rebookings need slots
//!   too);
//! - load = D / S; target queue size = D × target_weeks / factor;
//! - target capacity (Kingman) = D + (cv_demand² + cv_capacity²) / 2 × factor /
//!   target_weeks;
//! - relief capacity (to reach the target queue size in N weeks, default 26) = D +
//!   (waiting_list − target queue size) / N;
//! - waiting-list pressure = 2 × mean wait / target_weeks.
//!
//! The projection: L(1) = waiting_list; L(t + 1) = max(0, L(t) + arrivals(t) −
//! slots(t)); the wait for a referral joining in week t is L(t) / S weeks; the week's
//! ASI share is clamp((L(t) + arrivals(t) − S × horizon_weeks) / arrivals(t), 0, 1),
//! the share of the week's arrivals with at least S × horizon_weeks people ahead of
//! them. Each week's figures are those at its start. With no variability it is one
//! deterministic run (arrivals D, slots S); otherwise a seeded Monte Carlo of weekly
//! arrivals and slots with means D and S and variances mean × cv² (see
//! [`draw`]), whose plain figures are means over the runs, with P10, P50 and P90 of
//! the waiting list.
//!
//! The link to cost ([`make`]): the share from `books_at` to `slot_issue` becomes the
//! projection's mean ASI share (the other links of `books_at` keep their proportions)
//! and the wait at `books_at` (or at `waits_at`, the step holding the wait for the
//! clinic date, when the section names one) the projection's mean wait. When demand at `books_at`
//! depends on that share (the step is on a loop, such as a slot-issue route back to
//! it), the share is the fixed point `p = mean ASI share(D(p))`.

mod draw;

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;
use thiserror::Error;

use crate::analysis::{AnalysisError, Report, analyse, expected_visits};
use crate::graph::{Loops, transitions};
use crate::model::{Capacity, Estimate, Pathway};
use crate::validate::{MOST_VISITS, Problem, Severity, has_errors, validate};

/// Weeks projected when not told: a year.
pub const DEFAULT_WEEKS: u32 = 52;
/// The most weeks projected: ten years.
pub const MOST_WEEKS: u32 = 520;
/// Weeks to reach the target queue size for the relief capacity when not told.
pub const DEFAULT_RELIEF_WEEKS: f64 = 26.0;
/// Monte Carlo runs when not told.
pub const DEFAULT_RUNS: u32 = 10_000;
/// The most Monte Carlo runs.
pub const MOST_RUNS: u32 = 1_000_000;
/// Weeks in a year, for the demand a week.
pub const WEEKS_A_YEAR: f64 = 52.0;
/// Days in a week, for the wait in days.
pub const DAYS_A_WEEK: f64 = 7.0;

/// How far and how often to project.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Weeks projected, 1 to [`MOST_WEEKS`].
    pub weeks: u32,
    /// Seed of the random numbers (a stochastic projection only).
    pub seed: u64,
    /// Monte Carlo runs (a stochastic projection only), 1 to [`MOST_RUNS`].
    pub runs: u32,
    /// Weeks to reach the target queue size, for the relief capacity (more than 0).
    pub relief_weeks: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            weeks: DEFAULT_WEEKS,
            seed: 1,
            runs: DEFAULT_RUNS,
            relief_weeks: DEFAULT_RELIEF_WEEKS,
        }
    }
}

/// Demand for slots a week: annual referrals × expected visits to the booking step
/// per referral / 52.
pub fn demand_per_week(annual_referrals: f64, visits_to_booking: f64) -> f64 {
    annual_referrals * visits_to_booking / WEEKS_A_YEAR
}

/// The load: demand / slots (above 1 the waiting list grows).
pub fn load(demand_per_week: f64, slots_per_week: f64) -> f64 {
    demand_per_week / slots_per_week
}

/// The target queue size (Little's law at the mean wait aimed for): demand ×
/// target_weeks / factor.
pub fn target_queue_size(demand_per_week: f64, target_weeks: f64, factor: f64) -> f64 {
    demand_per_week * target_weeks / factor
}

/// The slots a week needed for the mean wait to be target_weeks / factor
/// (Kingman): demand + (cv_demand² + cv_capacity²) / 2 × factor / target_weeks.
pub fn target_capacity(
    demand_per_week: f64,
    target_weeks: f64,
    factor: f64,
    cv_demand: f64,
    cv_capacity: f64,
) -> f64 {
    demand_per_week
        + (cv_demand * cv_demand + cv_capacity * cv_capacity) / 2.0 * factor / target_weeks
}

/// The slots a week that bring the waiting list to the target queue size in
/// `weeks`: demand + (waiting list − target queue size) / weeks.
pub fn relief_capacity(
    demand_per_week: f64,
    waiting_list: f64,
    target_queue_size: f64,
    weeks: f64,
) -> f64 {
    demand_per_week + (waiting_list - target_queue_size) / weeks
}

/// The waiting-list pressure: 2 × mean wait / target (above 1 the list is likely to
/// miss its target).
pub fn waiting_list_pressure(mean_wait_weeks: f64, target_weeks: f64) -> f64 {
    2.0 * mean_wait_weeks / target_weeks
}

/// The share of a week's arrivals that find no slot: those with at least the slots
/// published over the horizon (slots a week × horizon weeks) already waiting ahead
/// of them, clamp((waiting + arrivals − slots × horizon) / arrivals, 0, 1); none in
/// a week with no arrivals.
pub fn asi_share(waiting: f64, arrivals: f64, slots_per_week: f64, horizon_weeks: f64) -> f64 {
    if arrivals <= 0.0 {
        return 0.0;
    }
    ((waiting + arrivals - slots_per_week * horizon_weeks) / arrivals).clamp(0.0, 1.0)
}

/// The waiting list's 10th, 50th and 90th percentiles across the runs in one week.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// One week of a projection, as at its start (means over the runs when stochastic).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Week {
    /// The week, from 1.
    pub week: u32,
    /// People waiting for a first appointment.
    pub waiting_list: f64,
    /// The wait for a referral joining this week: waiting list / slots a week.
    pub wait_weeks: f64,
    /// The share of this week's arrivals finding no slot.
    pub asi_share: f64,
    /// The waiting list's spread across runs (a stochastic projection only).
    pub band: Option<Band>,
}

/// A week-by-week projection of the waiting list.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    /// Each week, from week 1.
    pub weeks: Vec<Week>,
    /// Monte Carlo runs (1 for a deterministic projection).
    pub runs: u32,
    /// The seed (none for a deterministic projection).
    pub seed: Option<u64>,
}

impl Projection {
    /// True when the projection is a Monte Carlo of several runs.
    pub fn is_stochastic(&self) -> bool {
        self.seed.is_some()
    }

    /// The mean over the weeks of each week's ASI share.
    pub fn mean_asi_share(&self) -> f64 {
        self.mean_of(|w| w.asi_share)
    }

    /// The mean over the weeks of each week's wait, in weeks.
    pub fn mean_wait_weeks(&self) -> f64 {
        self.mean_of(|w| w.wait_weeks)
    }

    fn mean_of(&self, f: impl Fn(&Week) -> f64) -> f64 {
        if self.weeks.is_empty() {
            return 0.0;
        }
        self.weeks.iter().map(f).sum::<f64>() / self.weeks.len() as f64
    }
}

/// Projects the waiting list week by week at `demand_per_week` against the section's
/// slots: one deterministic run when neither varies, else `options.runs` seeded runs.
pub fn project(demand_per_week: f64, capacity: &Capacity, options: &Options) -> Projection {
    let weeks = options.weeks.clamp(1, MOST_WEEKS);
    if capacity.is_deterministic() {
        deterministic(demand_per_week, capacity, weeks)
    } else {
        stochastic(demand_per_week, capacity, weeks, options)
    }
}

fn deterministic(demand: f64, c: &Capacity, weeks: u32) -> Projection {
    let s = c.slots_per_week;
    let mut waiting = c.waiting_list;
    let weeks = (1..=weeks)
        .map(|week| {
            let w = Week {
                week,
                waiting_list: waiting,
                wait_weeks: waiting / s,
                asi_share: asi_share(waiting, demand, s, c.horizon_weeks),
                band: None,
            };
            waiting = (waiting + demand - s).max(0.0);
            w
        })
        .collect();
    Projection {
        weeks,
        runs: 1,
        seed: None,
    }
}

/// The random stream of run `run`: the same seed gives the same runs.
fn run_rng(seed: u64, run: u32) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ u64::from(run).wrapping_mul(0xA24B_AED4_963E_E407))
}

fn stochastic(demand: f64, c: &Capacity, weeks: u32, options: &Options) -> Projection {
    let runs = options.runs.clamp(1, MOST_RUNS);
    let (n, r) = (weeks as usize, runs as usize);
    let s = c.slots_per_week;
    let published = s * c.horizon_weeks;
    // Week-major, so each week's runs are together for its percentiles.
    let mut lists = vec![0.0; n * r];
    let mut shares = vec![0.0; n];
    for run in 0..r {
        let mut rng = run_rng(options.seed, run as u32);
        let mut waiting = c.waiting_list;
        for (week, share) in shares.iter_mut().enumerate() {
            let arrivals = draw::weekly(demand, c.cv_demand, &mut rng);
            let slots = draw::weekly(s, c.cv_capacity, &mut rng);
            lists[week * r + run] = waiting;
            if arrivals > 0.0 {
                *share += ((waiting + arrivals - published) / arrivals).clamp(0.0, 1.0);
            }
            waiting = (waiting + arrivals - slots).max(0.0);
        }
    }
    let weeks = lists
        .chunks_exact_mut(r)
        .zip(&shares)
        .enumerate()
        .map(|(k, (list, share))| {
            let mean = list.iter().sum::<f64>() / r as f64;
            let band = Band {
                p10: quantile(list, 0.1),
                p50: quantile(list, 0.5),
                p90: quantile(list, 0.9),
            };
            Week {
                week: k as u32 + 1,
                waiting_list: mean,
                wait_weeks: mean / s,
                asi_share: share / r as f64,
                band: Some(band),
            }
        })
        .collect();
    Projection {
        weeks,
        runs,
        seed: Some(options.seed),
    }
}

/// The `p` quantile of `values` (reordered), interpolating between order statistics
/// as R's default (type 7) does.
fn quantile(values: &mut [f64], p: f64) -> f64 {
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let (_, at, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    let low = *at;
    let next = above.iter().copied().fold(f64::INFINITY, f64::min);
    if next.is_finite() {
        low + (h - lo as f64) * (next - low)
    } else {
        low
    }
}

/// The figures of a capacity section at a demand, with its projection.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Demand for slots a week (D).
    pub demand_per_week: f64,
    /// Slots published a week (S).
    pub slots_per_week: f64,
    /// D / S.
    pub load: f64,
    /// The waiting-time target in weeks.
    pub target_weeks: f64,
    /// D × target_weeks / factor.
    pub target_queue_size: f64,
    /// The slots a week needed for the target (Kingman).
    pub target_capacity_per_week: f64,
    /// Weeks to reach the target queue size, for the relief capacity.
    pub relief_weeks: f64,
    /// The slots a week that reach the target queue size in `relief_weeks`.
    pub relief_capacity_per_week: f64,
    /// The projection's mean wait, in weeks.
    pub mean_wait_weeks: f64,
    /// 2 × mean wait / target_weeks.
    pub waiting_list_pressure: f64,
    /// The projection's mean ASI share.
    pub asi_share: f64,
    /// The week-by-week projection.
    pub projection: Projection,
}

/// Every figure of `capacity` at `demand_per_week`.
pub fn figures(demand_per_week: f64, capacity: &Capacity, options: &Options) -> Figures {
    let c = capacity;
    let projection = project(demand_per_week, c, options);
    let target_queue = target_queue_size(demand_per_week, c.target_weeks, c.factor);
    let mean_wait_weeks = projection.mean_wait_weeks();
    Figures {
        demand_per_week,
        slots_per_week: c.slots_per_week,
        load: load(demand_per_week, c.slots_per_week),
        target_weeks: c.target_weeks,
        target_queue_size: target_queue,
        target_capacity_per_week: target_capacity(
            demand_per_week,
            c.target_weeks,
            c.factor,
            c.cv_demand,
            c.cv_capacity,
        ),
        relief_weeks: options.relief_weeks,
        relief_capacity_per_week: relief_capacity(
            demand_per_week,
            c.waiting_list,
            target_queue,
            options.relief_weeks,
        ),
        mean_wait_weeks,
        waiting_list_pressure: waiting_list_pressure(mean_wait_weeks, c.target_weeks),
        asi_share: projection.mean_asi_share(),
        projection,
    }
}

/// Why the pathway as capacity makes it could not be worked out.
#[derive(Debug, Error)]
pub enum CapacityError {
    /// The pathway (or its capacity section) has validation errors.
    #[error("the pathway has {} error(s); the first: {}", .0.iter().filter(|p| p.severity == Severity::Error).count(), .0.iter().find(|p| p.severity == Severity::Error).map_or("", |p| p.message.as_str()))]
    Invalid(Vec<Problem>),
    /// The pathway has no capacity section.
    #[error(
        "the pathway has no capacity section; add capacity: (slots_per_week: .., waiting_list: .., horizon_weeks: .., books_at: \"..\", slot_issue: \"..\") to its file"
    )]
    NoSection,
    /// A proposal without its own section cannot use the current pathway's.
    #[error(
        "the proposal has no capacity section of its own, and the current pathway's does not fit it: {0}; give the proposal its own capacity section"
    )]
    DoesNotFit(String),
    /// The slot-issue share has no fixed point below 99.99%: nearly every referral
    /// would go round without a slot.
    #[error(
        "with {slots_per_week} slots a week, the referrals coming back to \"{books_at}\" after a slot issue push its demand so high that nearly every referral would find no slot; add slots, or give the slot-issue route another way out"
    )]
    NoFixedPoint {
        /// The booking step's id.
        books_at: String,
        /// Slots a week.
        slots_per_week: f64,
    },
    /// The pathway as capacity makes it could not be analysed.
    #[error("the pathway as capacity makes it: {0}")]
    Analysis(AnalysisError),
}

/// Whose capacity section a pathway was made with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionFrom {
    /// The pathway's own.
    Own,
    /// The current pathway's (a proposal without its own: the same clinic).
    Current,
}

/// A pathway as capacity makes it, with the figures that made it.
#[derive(Clone, Debug, PartialEq)]
pub struct Made {
    /// The pathway with the share from `books_at` to `slot_issue` at the mean ASI
    /// share and the wait held for the first appointment at the mean wait (its typed
    /// range scaled to that mean, so one referral's wait still varies as typed), and
    /// no capacity section (it has been applied; see [`Made::capacity`]).
    pub pathway: Pathway,
    /// Whose section it was made with.
    pub section_from: SectionFrom,
    /// The section it was made with.
    pub capacity: Capacity,
    /// The pathway as given, with that section and at the volume it was made at:
    /// make it again with other slots for [`cost_curve`].
    pub given: Pathway,
    /// The capacity figures at the demand they settle at.
    pub figures: Figures,
    /// The analysis of the pathway as made.
    pub report: Report,
    /// Passes through the slot-issue step a year.
    pub slot_issues_per_year: f64,
    /// £ a year at the slot-issue step (staff and consumables).
    pub slot_issue_cost_per_year: f64,
}

impl Made {
    /// The mean wait at the booking step, in days.
    pub fn wait_days(&self) -> f64 {
        self.figures.mean_wait_weeks * DAYS_A_WEEK
    }
}

/// `pathway` with the share from `books_at` to `slot_issue` at `share` and the
/// other links of `books_at` keeping their proportions of the rest; at a share of 0
/// the link is left out, at 1 the other links (a share must be more than 0). Unchanged when the steps or
/// the link are missing.
pub fn with_slot_issue_share(pathway: &Pathway, capacity: &Capacity, share: f64) -> Pathway {
    let mut made = pathway.clone();
    let Some(i) = made.step_index(&capacity.books_at) else {
        return made;
    };
    let links = &mut made.steps[i].next;
    let is_asi = |to: &str| to == capacity.slot_issue;
    let to_asi: f64 = links
        .iter()
        .filter(|l| is_asi(&l.to))
        .map(|l| l.share)
        .sum();
    let others: f64 = links
        .iter()
        .filter(|l| !is_asi(&l.to))
        .map(|l| l.share)
        .sum();
    if to_asi <= 0.0 || others <= 0.0 {
        return made;
    }
    let share = share.clamp(0.0, 1.0);
    if share == 0.0 {
        links.retain(|l| !is_asi(&l.to));
    } else if share == 1.0 {
        // No referral finds a slot: the other links are left out (a share must be
        // more than 0).
        links.retain(|l| is_asi(&l.to));
    }
    for link in links.iter_mut() {
        link.share *= if is_asi(&link.to) {
            share / to_asi
        } else {
            (1.0 - share) / others
        };
    }
    made
}

/// Share of the slot-issue link at which the search for a fixed point stops: above
/// it referrals on a loop back to `books_at` would go round thousands of times.
const HIGHEST_SHARE: f64 = 1.0 - 1e-4;

/// The fixed point is found to within this share.
const SHARE_TOLERANCE: f64 = 1e-10;

/// The pathway as its own capacity section makes it; an error without one.
pub fn make(pathway: &Pathway, options: &Options) -> Result<Made, CapacityError> {
    let capacity = pathway.capacity.clone().ok_or(CapacityError::NoSection)?;
    let problems = validate(pathway);
    if has_errors(&problems) {
        return Err(CapacityError::Invalid(problems));
    }
    make_with(pathway, &capacity, SectionFrom::Own, options)
}

/// The proposal as capacity makes it for a comparison with `current`, at the current
/// pathway's annual referrals (as [`crate::compare`] analyses it): with its own
/// section, or without one with the current pathway's (the same clinic), which must
/// name steps and a link the proposal has. None when neither has a section.
pub fn make_proposal(
    current: &Pathway,
    proposed: &Pathway,
    options: &Options,
) -> Result<Option<Made>, CapacityError> {
    let mut at_current = proposed.clone();
    at_current.annual_referrals = current.annual_referrals;
    let (capacity, from) = match (&proposed.capacity, &current.capacity) {
        (Some(own), _) => (own.clone(), SectionFrom::Own),
        (None, Some(theirs)) => (theirs.clone(), SectionFrom::Current),
        (None, None) => return Ok(None),
    };
    at_current.capacity = Some(capacity.clone());
    let problems = validate(&at_current);
    if has_errors(&problems) {
        let fit = problems.iter().find(|p| {
            p.severity == Severity::Error && p.kind == crate::validate::ProblemKind::Capacity
        });
        return Err(match (from, fit) {
            (SectionFrom::Current, Some(p)) => CapacityError::DoesNotFit(p.message.clone()),
            _ => CapacityError::Invalid(problems),
        });
    }
    make_with(&at_current, &capacity, from, options).map(Some)
}

/// The pathway as `capacity` makes it (the pathway and section already valid).
fn make_with(
    pathway: &Pathway,
    capacity: &Capacity,
    section_from: SectionFrom,
    options: &Options,
) -> Result<Made, CapacityError> {
    let book = pathway
        .step_index(&capacity.books_at)
        .ok_or(CapacityError::NoSection)?;
    let slot = pathway
        .step_index(&capacity.slot_issue)
        .ok_or(CapacityError::NoSection)?;
    let edges = transitions(pathway);
    let on_loop = Loops::new(&edges).on_loop(&edges, book);
    let demand_at = |share: f64| -> Result<f64, CapacityError> {
        let trial = with_slot_issue_share(pathway, capacity, share);
        let visits = expected_visits(&trial).map_err(CapacityError::Analysis)?;
        let v = visits.get(book).copied().unwrap_or(0.0);
        if !v.is_finite() || visits.iter().any(|v| !v.is_finite() || *v > MOST_VISITS) {
            return Err(CapacityError::NoFixedPoint {
                books_at: capacity.books_at.clone(),
                slots_per_week: capacity.slots_per_week,
            });
        }
        Ok(demand_per_week(pathway.annual_referrals, v))
    };
    let typed: f64 = pathway.steps[book]
        .next
        .iter()
        .filter(|l| l.to == capacity.slot_issue)
        .map(|l| l.share)
        .sum();
    let figures_at = |share: f64| -> Result<Figures, CapacityError> {
        Ok(figures(demand_at(share)?, capacity, options))
    };
    // Visits to the booking step are e / (1 - r(p)), with r the chance of coming
    // back to it, linear in the share p: equal at two shares, they are equal at all
    // (both routes lead back alike, as in a loop that both rejoin before it).
    let depends = on_loop && {
        let (at_zero, at_half) = (demand_at(0.0)?, demand_at(0.5)?);
        (at_zero - at_half).abs() > 1e-12 * at_zero.abs().max(1.0)
    };
    let figures = if depends {
        fixed_point(capacity, &figures_at)?
    } else {
        // Demand at the booking step does not depend on its own shares.
        figures_at(typed)?
    };
    let waits = pathway
        .step_index(capacity.wait_step())
        .ok_or(CapacityError::NoSection)?;
    let mut made = with_slot_issue_share(pathway, capacity, figures.asi_share);
    made.steps[waits].wait_days = projected_wait(
        &pathway.steps[waits].wait_days,
        figures.mean_wait_weeks * DAYS_A_WEEK,
    );
    // Applied, the section is spent: the link it set may be gone (at a share of 0),
    // and making the pathway again must not apply it twice.
    made.capacity = None;
    let report = analyse(&made).map_err(CapacityError::Analysis)?;
    let at_slot = &report.steps[slot];
    let mut given = pathway.clone();
    given.capacity = Some(capacity.clone());
    Ok(Made {
        slot_issues_per_year: at_slot.visits * pathway.annual_referrals,
        slot_issue_cost_per_year: at_slot.cost() * pathway.annual_referrals,
        pathway: made,
        section_from,
        capacity: capacity.clone(),
        given,
        figures,
        report,
    })
}

/// The wait of the step holding the wait for the first appointment, with its mean at
/// the projected `mean_days`: the typed range scaled to it, so one referral's wait
/// still varies about the mean as typed (the dates patients choose, the clinics),
/// or that mean fixed where the typed wait is none.
fn projected_wait(typed: &Estimate, mean_days: f64) -> Estimate {
    let typed_mean = typed.mean();
    if typed.is_fixed() || typed_mean <= 0.0 {
        return Estimate::fixed(mean_days);
    }
    let scale = mean_days / typed_mean;
    Estimate {
        low: typed.low * scale,
        likely: typed.likely * scale,
        high: typed.high * scale,
    }
}

/// Passes a year through the step `slot_issue` and their £ a year, from an
/// analysis (none when it has no such step).
pub fn slot_issues_a_year(report: &Report, slot_issue: &str) -> Option<(f64, f64)> {
    let step = report.steps.iter().find(|s| s.id == slot_issue)?;
    let n = report.annual_referrals;
    Some((step.visits * n, step.cost() * n))
}

/// Slot issues on both sides of a comparison (current, proposed), for the
/// headline when a capacity section applies to either.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SlotIssuePair {
    /// Slot issues a year.
    pub per_year: [f64; 2],
    /// Their £ a year.
    pub cost_per_year: [f64; 2],
    /// The projected mean wait for a first appointment, in weeks, where a section
    /// applies.
    pub mean_wait_weeks: [Option<f64>; 2],
}

/// The slot issues a year of each side of `comparison` (from its costed reports,
/// at the step each side's section names, or the other side's when it has none);
/// none when no section applies to either.
pub fn slot_issue_pair(
    comparison: &crate::compare::Comparison,
    made: [Option<&Made>; 2],
) -> Option<SlotIssuePair> {
    let named = made.map(|m| m.map(|m| m.capacity.slot_issue.as_str()));
    let fallback = named[0].or(named[1])?;
    let reports = [&comparison.current, &comparison.proposed];
    let mut pair = SlotIssuePair {
        per_year: [0.0; 2],
        cost_per_year: [0.0; 2],
        mean_wait_weeks: made.map(|m| m.map(|m| m.figures.mean_wait_weeks)),
    };
    for k in 0..2 {
        let (n, cost) =
            slot_issues_a_year(reports[k], named[k].unwrap_or(fallback)).unwrap_or((0.0, 0.0));
        pair.per_year[k] = n;
        pair.cost_per_year[k] = cost;
    }
    Some(pair)
}

/// One point of [`cost_curve`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// Slots published a week.
    pub slots_per_week: f64,
    /// The mean ASI share at those slots.
    pub asi_share: f64,
    /// Slot issues a year.
    pub slot_issues_per_year: f64,
    /// £ a year at the slot-issue step.
    pub slot_issue_cost_per_year: f64,
    /// £ a year of the whole pathway.
    pub annual_cost: f64,
}

/// Points of [`cost_curve`] when not told.
pub const CURVE_POINTS: usize = 17;

/// The slots a [`cost_curve`] runs over for `made`: from 85% of demand to 115% of
/// the larger of the target capacity and the slots now, in `points` even steps.
pub fn curve_slots(made: &Made, points: usize) -> Vec<f64> {
    let f = &made.figures;
    let low = 0.85 * f.demand_per_week;
    let high = 1.15 * f.target_capacity_per_week.max(f.slots_per_week);
    let points = points.max(2);
    (0..points)
        .map(|k| low + (high - low) * k as f64 / (points - 1) as f64)
        .collect()
}

/// The pathway `made` made again at each of `slots` a week: what slot issues cost a
/// year against the slots published. Slots at which it cannot be made (no fixed
/// point) are left out.
pub fn cost_curve(made: &Made, slots: &[f64], options: &Options) -> Vec<CurvePoint> {
    slots
        .iter()
        .filter_map(|&s| {
            let mut capacity = made.capacity.clone();
            capacity.slots_per_week = s;
            let again = make_with(&made.given, &capacity, made.section_from, options).ok()?;
            Some(CurvePoint {
                slots_per_week: s,
                asi_share: again.figures.asi_share,
                slot_issues_per_year: again.slot_issues_per_year,
                slot_issue_cost_per_year: again.slot_issue_cost_per_year,
                annual_cost: again.report.annual_cost,
            })
        })
        .collect()
}

/// Kleene steps tried before the search falls back on a bracket over every share.
const MOST_STEPS: usize = 50;

/// The least share p with p = mean ASI share at the demand p gives: where the
/// slot issues settle, starting from none, as each round of them adds demand at
/// `books_at`. With g(p) the mean ASI share at p, the steps p ← g(p) from 0 rise to
/// it when g rises with p (a slot-issue route back to `books_at`); each step is
/// hastened by Aitken's extrapolation, kept only once it is shown to be at or past
/// the fixed point (g(x) <= x), and the last stretch is closed by regula falsi with
/// the Illinois step. When g does not rise with p, or the steps are slow, the
/// bracket is [last share with g(p) >= p, [`HIGHEST_SHARE`]].
fn fixed_point(
    capacity: &Capacity,
    g: &dyn Fn(f64) -> Result<Figures, CapacityError>,
) -> Result<Figures, CapacityError> {
    let at_zero = g(0.0)?;
    if at_zero.asi_share <= SHARE_TOLERANCE {
        return Ok(at_zero);
    }
    // Points (p, h = g(p) - p) with h > 0, the latest last.
    let mut lo = (0.0, at_zero.asi_share);
    let mut previous = (0.0, at_zero.asi_share); // (p, g(p))
    let mut p = at_zero.asi_share.min(HIGHEST_SHARE);
    for _ in 0..MOST_STEPS {
        let at = g(p)?;
        let h = at.asi_share - p;
        if h.abs() <= SHARE_TOLERANCE {
            return Ok(at);
        }
        if h < 0.0 {
            return illinois(g, lo, (p, h), at);
        }
        if at.asi_share < previous.1 {
            break; // g fell as p rose: no rising steps to follow
        }
        lo = (p, h);
        // Aitken's Δ² on p_k, p_k+1 = p, p_k+2 = g(p).
        let (x0, x1, x2) = (previous.0, p, at.asi_share);
        let bend = x2 - 2.0 * x1 + x0;
        if bend < 0.0 {
            let x = x0 - (x1 - x0) * (x1 - x0) / bend;
            if x > x2 && x < HIGHEST_SHARE {
                let ahead = g(x)?;
                let h_ahead = ahead.asi_share - x;
                if h_ahead.abs() <= SHARE_TOLERANCE {
                    return Ok(ahead);
                }
                if h_ahead < 0.0 {
                    return illinois(g, lo, (x, h_ahead), ahead);
                }
            }
        }
        if p >= HIGHEST_SHARE {
            break; // the steps reached the top: see whether a fixed point is below it
        }
        previous = (p, at.asi_share);
        p = at.asi_share.min(HIGHEST_SHARE);
    }
    let at_top = g(HIGHEST_SHARE)?;
    let h_top = at_top.asi_share - HIGHEST_SHARE;
    if h_top >= 0.0 {
        return Err(CapacityError::NoFixedPoint {
            books_at: capacity.books_at.clone(),
            slots_per_week: capacity.slots_per_week,
        });
    }
    illinois(g, lo, (HIGHEST_SHARE, h_top), at_top)
}

/// Regula falsi with the Illinois step for h(p) = g(p) - p = 0 between `lo` (h > 0)
/// and `hi` (h < 0), given as (p, h); `at_hi` is g's figures at `hi`.
fn illinois(
    g: &dyn Fn(f64) -> Result<Figures, CapacityError>,
    mut lo: (f64, f64),
    mut hi: (f64, f64),
    at_hi: Figures,
) -> Result<Figures, CapacityError> {
    let mut best = at_hi;
    let mut side = 0;
    for _ in 0..100 {
        if hi.0 - lo.0 <= SHARE_TOLERANCE {
            break;
        }
        let p = (lo.0 * hi.1 - hi.0 * lo.1) / (hi.1 - lo.1);
        let at = g(p)?;
        let h = at.asi_share - p;
        best = at;
        if h.abs() <= SHARE_TOLERANCE {
            break;
        }
        if h < 0.0 {
            hi = (p, h);
            if side == -1 {
                lo.1 /= 2.0;
            }
            side = -1;
        } else {
            lo = (p, h);
            if side == 1 {
                hi.1 /= 2.0;
            }
            side = 1;
        }
    }
    Ok(best)
}

#[cfg(test)]
mod tests;
