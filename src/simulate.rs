//! Monte Carlo simulation of referrals walking a pathway.
//!
//! Each referral starts at the first step; at every visit it draws touch minutes,
//! wait days and unit cost from their estimates (triangular for a range, fixed for a
//! plain number) and picks the next step by the shares, so a loop costs and waits
//! again each time round.
//!
//! Referrals are simulated in chunks of [`CHUNK`], each with its own random stream
//! seeded from the seed and the chunk's number, so the same seed gives the same
//! result whatever the thread count. Percentiles come from fixed-width histograms
//! (0.05 day and 0.5p wide), so memory stays flat however many referrals are run.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use thiserror::Error;

use crate::model::{Estimate, Pathway};
use crate::validate::{Problem, has_errors, validate};

/// Referrals simulated with one random stream.
pub const CHUNK: u64 = 1 << 16;
/// The 18-week referral-to-treatment standard, in days.
pub const EIGHTEEN_WEEKS_DAYS: f64 = 126.0;
/// Histogram bin width for elapsed days.
pub const DAYS_BIN: f64 = 0.05;
/// Elapsed days beyond this fall in the overflow bin.
pub const DAYS_MAX: f64 = 3650.0;
/// Histogram bin width for cost per referral (£).
pub const COST_BIN: f64 = 0.005;
/// Costs beyond this (£) fall in the overflow bin.
pub const COST_MAX: f64 = 5000.0;
/// A referral still going round after this many visits is stopped there. No real
/// pathway passes a referral through the same hands a thousand times; only a loop
/// that almost never lets go (a share typed as 0.999 for 0.001) gets near it. It also
/// bounds the work: 1,000 referrals of any model take at most a million visits,
/// well under a second (caps of 100,000 and 10,000 let one model take seconds under
/// fuzzing: see fuzz/README.md).
pub const MAX_VISITS: u32 = 1_000;

/// What to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationOptions {
    /// How many referrals.
    pub referrals: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// Worker threads (at least 1).
    pub threads: usize,
    /// A waiting-time target in days, besides the 18 weeks.
    pub target_days: f64,
}

/// Progress of a running simulation, shared with the thread that shows it; setting
/// cancel stops the simulation at the next chunk.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// Referrals simulated so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Asks the simulation to stop.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// True once cancel was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// Why a simulation gave no result.
#[derive(Debug, Error)]
pub enum SimulationError {
    /// The pathway has validation errors.
    #[error("the pathway has errors; fix them first (the first: {})", .0.first().map_or("", |p| p.message.as_str()))]
    Invalid(Vec<Problem>),
    /// Cancelled by the user.
    #[error("the simulation was cancelled")]
    Cancelled,
    /// Nothing to simulate.
    #[error("the number of referrals must be at least 1")]
    NoReferrals,
}

/// Mean and percentiles of a quantity across referrals.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Distribution {
    /// Sample mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 92nd percentile (the 18-week standard is 92%).
    pub p92: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Sample standard deviation.
    pub std_dev: f64,
}

/// Elapsed days in bins, for charts: `shares[i]` is the share of referrals whose
/// pathway took from `i * bin_days` to `(i + 1) * bin_days` days.
#[derive(Clone, Debug, PartialEq)]
pub struct DaysHistogram {
    /// Width of a bin in days.
    pub bin_days: f64,
    /// Share of referrals in each bin.
    pub shares: Vec<f64>,
}

/// What a simulation found.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationResult {
    /// Referrals simulated.
    pub referrals: u64,
    /// Seed used.
    pub seed: u64,
    /// Elapsed days from the first step to the end.
    pub elapsed_days: Distribution,
    /// Cost per referral in £.
    pub cost_per_referral: Distribution,
    /// Share of referrals whose pathway ends within 126 days (18 weeks).
    pub within_126_days: f64,
    /// The target asked for.
    pub target_days: f64,
    /// Share of referrals whose pathway ends within the target.
    pub within_target_days: f64,
    /// Share ending at each end step (step id, share), in pathway order.
    pub outcomes: Vec<(String, f64)>,
    /// Mean staff minutes per referral by role (role id, minutes), in role order.
    pub staff_minutes_by_role: Vec<(String, f64)>,
    /// Elapsed days for charts (1-day bins).
    pub days_histogram: DaysHistogram,
    /// The wait from receipt to the first appointment, as the NHS measures waits.
    pub first_appointment: FirstAppointmentWait,
}

/// The first-appointment target this wait is compared with: NHS England's 2025/26
/// priorities and operational planning guidance aims for 72% of patients waiting
/// no longer than 18 weeks for a first appointment by March 2026.
pub const FIRST_APPOINTMENT_TARGET_SHARE: f64 = 0.72;

/// The target's name, said plainly.
pub const FIRST_APPOINTMENT_TARGET: &str = "72% within 18 weeks for a first appointment by March 2026 (NHS England planning guidance 2025/26)";

/// The wait from receipt to the first appointment: the clock starts when the
/// provider has the referral (the first step outside the Referral stage, which for
/// an e-RS booking or an Appointment Slot Issue is the booking itself; a referral
/// sent back to the GP and referred again starts again) and stops at the end that
/// is an attended appointment. Referrals that end anywhere else (advice, returned,
/// discharged after a first-appointment DNA, which leaves RTT measurement) are not
/// measured. A DNA that is rebooked counts from receipt to the appointment attended
/// (the NHS may restart the clock at the rebooking: this is the longer wait).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FirstAppointmentWait {
    /// Share of referrals measured: those seen at a first appointment.
    pub measured: f64,
    /// Their mean wait from receipt, in days.
    pub mean_days: f64,
    /// Share of them seen within 126 days (18 weeks) of receipt.
    pub within_126_days: f64,
}

/// Quantiles per table: a ranged estimate is sampled by interpolating its inverse
/// CDF between `TABLE_SIZE` + 1 precomputed points, which is faster than the
/// square root of the exact inverse and biases the mean by far less than 0.01%.
const TABLE_SIZE: usize = 1024;

/// A triangular (or fixed) distribution ready to sample by inverting its CDF.
#[derive(Clone, Debug)]
pub(crate) enum Sampler {
    /// A plain number.
    Fixed(f64),
    /// Inverse CDF at u = k / TABLE_SIZE, k = 0..=TABLE_SIZE.
    Table(Box<[f64; TABLE_SIZE + 1]>),
}

impl Sampler {
    pub(crate) fn new(e: &Estimate) -> Self {
        if e.is_fixed() || e.high <= e.low {
            return Sampler::Fixed(e.likely);
        }
        let mut table = Box::new([0.0; TABLE_SIZE + 1]);
        for (k, q) in table.iter_mut().enumerate() {
            *q = e.quantile(k as f64 / TABLE_SIZE as f64);
        }
        Sampler::Table(table)
    }

    #[inline]
    pub(crate) fn sample(&self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        match self {
            Sampler::Fixed(v) => *v,
            Sampler::Table(table) => {
                let x = unit(rng) * TABLE_SIZE as f64;
                let k = x as usize; // < TABLE_SIZE because unit() < 1
                let (a, b) = (table[k], table[k + 1]);
                a + (b - a) * (x - k as f64)
            }
        }
    }
}

/// A uniform number in [0, 1) from the top 53 bits.
#[inline]
pub(crate) fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A step compiled for the inner loop.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) touch: Sampler,
    pub(crate) wait: Sampler,
    pub(crate) unit_cost: Sampler,
    pub(crate) pounds_per_minute: f64,
    pub(crate) role: u32,
    pub(crate) next_start: u32,
    pub(crate) next_len: u32,
    /// The provider has the referral here (the step is outside the Referral stage).
    pub(crate) at_provider: bool,
    /// The step is an attended first appointment (an end with that outcome).
    pub(crate) seen: bool,
}

pub(crate) const NO_ROLE: u32 = u32::MAX;

/// A valid pathway in flat arrays.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub(crate) nodes: Vec<Node>,
    pub(crate) targets: Vec<u32>,
    /// Cumulative shares of each step's links, the last forced to 1.
    pub(crate) cumulative: Vec<f64>,
    roles: usize,
}

impl Compiled {
    pub(crate) fn new(pathway: &Pathway) -> Self {
        let edges = crate::graph::transitions(pathway);
        let mut targets = Vec::new();
        let mut cumulative = Vec::new();
        let nodes = pathway
            .steps
            .iter()
            .zip(&edges)
            .map(|(step, next)| {
                let role = step
                    .role
                    .as_deref()
                    .and_then(|id| pathway.roles.iter().position(|r| r.id == id));
                let start = targets.len() as u32;
                let mut total = 0.0;
                for &(to, share) in next {
                    total += share;
                    targets.push(to as u32);
                    cumulative.push(total);
                }
                if let Some(last) = cumulative.last_mut()
                    && !next.is_empty()
                {
                    *last = f64::INFINITY;
                }
                Node {
                    touch: Sampler::new(&step.touch_minutes),
                    wait: Sampler::new(&step.wait_days),
                    unit_cost: Sampler::new(&step.unit_cost),
                    pounds_per_minute: role.map_or(0.0, |r| pathway.roles[r].hourly_cost / 60.0),
                    role: role.map_or(NO_ROLE, |r| r as u32),
                    next_start: start,
                    next_len: next.len() as u32,
                    at_provider: step.stage != crate::model::Stage::Referral,
                    seen: step.is_end() && step.outcome == Some(crate::model::Outcome::Appointment),
                }
            })
            .collect();
        Self {
            nodes,
            targets,
            cumulative,
            roles: pathway.roles.len(),
        }
    }
}

/// Sums of one chunk, kept apart so they add up in the same order every run.
#[derive(Clone, Debug, Default)]
struct ChunkSums {
    days: f64,
    cost: f64,
    days_squared: f64,
    cost_squared: f64,
    role_minutes: Vec<f64>,
    /// Days from receipt to the first appointment, summed over those seen.
    first_appointment_days: f64,
}

/// What one worker collects: order-free counts and per-chunk sums.
struct Tally {
    days_bins: Vec<u64>,
    cost_bins: Vec<u64>,
    max_days: f64,
    max_cost: f64,
    within_126: u64,
    within_target: u64,
    seen: u64,
    seen_within_126: u64,
    ends: Vec<u64>,
    chunks: Vec<(usize, ChunkSums)>,
}

impl Tally {
    fn new(steps: usize) -> Self {
        Self {
            days_bins: vec![0; (DAYS_MAX / DAYS_BIN) as usize + 1],
            cost_bins: vec![0; (COST_MAX / COST_BIN) as usize + 1],
            max_days: 0.0,
            max_cost: 0.0,
            within_126: 0,
            within_target: 0,
            seen: 0,
            seen_within_126: 0,
            ends: vec![0; steps],
            chunks: Vec::new(),
        }
    }

    fn merge(&mut self, other: Tally) {
        for (a, b) in self.days_bins.iter_mut().zip(&other.days_bins) {
            *a += b;
        }
        for (a, b) in self.cost_bins.iter_mut().zip(&other.cost_bins) {
            *a += b;
        }
        for (a, b) in self.ends.iter_mut().zip(&other.ends) {
            *a += b;
        }
        self.max_days = self.max_days.max(other.max_days);
        self.max_cost = self.max_cost.max(other.max_cost);
        self.within_126 += other.within_126;
        self.within_target += other.within_target;
        self.seen += other.seen;
        self.seen_within_126 += other.seen_within_126;
        self.chunks.extend(other.chunks);
    }
}

fn bin(value: f64, width: f64, bins: usize) -> usize {
    ((value / width) as usize).min(bins - 1)
}

/// Simulates `count` referrals with one random stream.
fn run_chunk(
    model: &Compiled,
    rng: &mut Xoshiro256PlusPlus,
    count: u64,
    target_days: f64,
    tally: &mut Tally,
) -> ChunkSums {
    let mut sums = ChunkSums {
        role_minutes: vec![0.0; model.roles],
        ..ChunkSums::default()
    };
    let days_bins = tally.days_bins.len();
    let cost_bins = tally.cost_bins.len();
    for _ in 0..count {
        let mut i = 0usize;
        let mut days = 0.0;
        let mut cost = 0.0;
        let mut visits = 0u32;
        // When the provider had the referral, and the wait to its first appointment.
        let mut received: Option<f64> = None;
        let mut first_appointment: Option<f64> = None;
        loop {
            let node = &model.nodes[i];
            if !node.at_provider {
                received = None;
            } else if received.is_none() {
                received = Some(days);
            }
            if node.seen && first_appointment.is_none() {
                first_appointment = received.map(|r| days - r);
            }
            if node.role != NO_ROLE {
                let minutes = node.touch.sample(rng);
                sums.role_minutes[node.role as usize] += minutes;
                cost += minutes * node.pounds_per_minute;
            }
            cost += node.unit_cost.sample(rng);
            days += node.wait.sample(rng);
            visits += 1;
            let start = node.next_start as usize;
            match node.next_len {
                0 => {
                    tally.ends[i] += 1;
                    break;
                }
                1 => i = model.targets[start] as usize,
                len => {
                    let u = unit(rng);
                    let cumulative = &model.cumulative[start..start + len as usize];
                    let k = cumulative
                        .iter()
                        .position(|&c| u < c)
                        .unwrap_or(len as usize - 1);
                    i = model.targets[start + k] as usize;
                }
            }
            if visits >= MAX_VISITS {
                break;
            }
        }
        sums.days += days;
        sums.cost += cost;
        sums.days_squared += days * days;
        sums.cost_squared += cost * cost;
        tally.days_bins[bin(days, DAYS_BIN, days_bins)] += 1;
        tally.cost_bins[bin(cost, COST_BIN, cost_bins)] += 1;
        tally.max_days = tally.max_days.max(days);
        tally.max_cost = tally.max_cost.max(cost);
        tally.within_126 += u64::from(days <= EIGHTEEN_WEEKS_DAYS);
        tally.within_target += u64::from(days <= target_days);
        if let Some(wait) = first_appointment {
            sums.first_appointment_days += wait;
            tally.seen += 1;
            tally.seen_within_126 += u64::from(wait <= EIGHTEEN_WEEKS_DAYS);
        }
    }
    sums
}

/// The random stream of one chunk: independent of which thread runs it.
fn chunk_rng(seed: u64, chunk: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ chunk.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Simulates referrals through a pathway, reporting progress and stopping when
/// cancelled.
pub fn simulate(
    pathway: &Pathway,
    options: &SimulationOptions,
    progress: &Arc<Progress>,
) -> Result<SimulationResult, SimulationError> {
    let model = checked(pathway, options)?;
    let chunks = options.referrals.div_ceil(CHUNK) as usize;
    let next_chunk = AtomicUsize::new(0);
    let threads = options.threads.clamp(1, chunks.max(1));
    let worker = || {
        let mut tally = Tally::new(model.nodes.len());
        loop {
            if progress.is_cancelled() {
                break;
            }
            let c = next_chunk.fetch_add(1, Ordering::Relaxed);
            if c >= chunks {
                break;
            }
            run_numbered_chunk(&model, options, c, &mut tally, progress);
        }
        tally
    };
    let (mut total, others) = crate::platform::spawn::run_workers(threads, worker);
    for tally in others {
        total.merge(tally);
    }
    if progress.is_cancelled() {
        return Err(SimulationError::Cancelled);
    }
    total.chunks.sort_by_key(|(c, _)| *c);
    Ok(summarise(pathway, options, &total))
}

/// The pathway compiled for simulation, once it has no errors and there are
/// referrals to simulate.
fn checked(pathway: &Pathway, options: &SimulationOptions) -> Result<Compiled, SimulationError> {
    let problems = validate(pathway);
    if has_errors(&problems) {
        return Err(SimulationError::Invalid(problems));
    }
    if options.referrals == 0 {
        return Err(SimulationError::NoReferrals);
    }
    Ok(Compiled::new(pathway))
}

/// Simulates chunk `c` (its referrals, with its own seed) into `tally`, and counts
/// them as done.
fn run_numbered_chunk(
    model: &Compiled,
    options: &SimulationOptions,
    c: usize,
    tally: &mut Tally,
    progress: &Progress,
) {
    let start = c as u64 * CHUNK;
    let count = CHUNK.min(options.referrals - start);
    let mut rng = chunk_rng(options.seed, c as u64);
    let sums = run_chunk(model, &mut rng, count, options.target_days, tally);
    tally.chunks.push((c, sums));
    progress.done.fetch_add(count, Ordering::Relaxed);
}

/// A simulation of one pathway run a chunk at a time, for a platform without
/// threads (the web), where the work must be cut into pieces that fit in a frame:
/// the same chunks, in the same order and with the same seeds, as [`simulate`] on one
/// thread, so the same result.
pub struct Stepped {
    pathway: Pathway,
    options: SimulationOptions,
    model: Compiled,
    tally: Tally,
    next_chunk: usize,
    chunks: usize,
}

impl Stepped {
    /// Checks the pathway and readies its simulation; the errors of [`simulate`].
    pub fn new(pathway: &Pathway, options: &SimulationOptions) -> Result<Self, SimulationError> {
        let model = checked(pathway, options)?;
        let tally = Tally::new(model.nodes.len());
        Ok(Self {
            pathway: pathway.clone(),
            options: options.clone(),
            model,
            tally,
            next_chunk: 0,
            chunks: options.referrals.div_ceil(CHUNK) as usize,
        })
    }

    /// Simulates the next chunk of referrals (at most [`CHUNK`]); true while
    /// chunks remain. Stops (false) once `progress` is cancelled.
    pub fn advance(&mut self, progress: &Progress) -> bool {
        if progress.is_cancelled() || self.next_chunk >= self.chunks {
            return false;
        }
        let c = self.next_chunk;
        self.next_chunk += 1;
        run_numbered_chunk(&self.model, &self.options, c, &mut self.tally, progress);
        self.next_chunk < self.chunks
    }

    /// The result once every chunk has run; cancelled when `progress` was.
    pub fn finish(self, progress: &Progress) -> Result<SimulationResult, SimulationError> {
        if progress.is_cancelled() || self.next_chunk < self.chunks {
            return Err(SimulationError::Cancelled);
        }
        Ok(summarise(&self.pathway, &self.options, &self.tally))
    }
}

fn summarise(pathway: &Pathway, options: &SimulationOptions, total: &Tally) -> SimulationResult {
    let n = options.referrals as f64;
    let mut days_sum = 0.0;
    let mut cost_sum = 0.0;
    let mut days_squared = 0.0;
    let mut cost_squared = 0.0;
    let mut role_minutes = vec![0.0; pathway.roles.len()];
    let mut first_appointment_days = 0.0;
    for (_, sums) in &total.chunks {
        first_appointment_days += sums.first_appointment_days;
        days_sum += sums.days;
        cost_sum += sums.cost;
        days_squared += sums.days_squared;
        cost_squared += sums.cost_squared;
        for (a, b) in role_minutes.iter_mut().zip(&sums.role_minutes) {
            *a += b;
        }
    }
    let std_dev = |sum: f64, squares: f64| {
        let mean = sum / n;
        (((squares / n) - mean * mean).max(0.0) * n / (n - 1.0).max(1.0)).sqrt()
    };
    let distribution = |bins: &[u64], width: f64, max: f64, mean: f64, std_dev: f64| Distribution {
        mean,
        std_dev,
        p50: percentile(bins, width, max, 0.50),
        p90: percentile(bins, width, max, 0.90),
        p92: percentile(bins, width, max, 0.92),
        p95: percentile(bins, width, max, 0.95),
    };
    SimulationResult {
        referrals: options.referrals,
        seed: options.seed,
        elapsed_days: distribution(
            &total.days_bins,
            DAYS_BIN,
            total.max_days,
            days_sum / n,
            std_dev(days_sum, days_squared),
        ),
        cost_per_referral: distribution(
            &total.cost_bins,
            COST_BIN,
            total.max_cost,
            cost_sum / n,
            std_dev(cost_sum, cost_squared),
        ),
        within_126_days: total.within_126 as f64 / n,
        target_days: options.target_days,
        within_target_days: total.within_target as f64 / n,
        outcomes: pathway
            .steps
            .iter()
            .zip(&total.ends)
            .filter(|(s, _)| s.is_end())
            .map(|(s, &count)| (s.id.clone(), count as f64 / n))
            .collect(),
        staff_minutes_by_role: pathway
            .roles
            .iter()
            .zip(role_minutes)
            .map(|(r, minutes)| (r.id.clone(), minutes / n))
            .collect(),
        days_histogram: coarse_days(&total.days_bins, n),
        first_appointment: FirstAppointmentWait {
            measured: total.seen as f64 / n,
            mean_days: first_appointment_days / (total.seen as f64).max(1.0),
            within_126_days: total.seen_within_126 as f64 / (total.seen as f64).max(1.0),
        },
    }
}

/// The value below which a share `q` of the counts lie: the middle of the bin where
/// the running count reaches it (at most half a bin out), or the largest value seen
/// when that is the overflow bin.
fn percentile(bins: &[u64], width: f64, max: f64, q: f64) -> f64 {
    let total: u64 = bins.iter().sum();
    let rank = (q * total as f64).ceil().max(1.0) as u64;
    let mut running = 0;
    for (i, &count) in bins.iter().enumerate() {
        running += count;
        if running >= rank {
            return if i == bins.len() - 1 {
                max
            } else {
                ((i as f64 + 0.5) * width).min(max)
            };
        }
    }
    max
}

/// 1-day bins up to the last referral (at most two years), for charts.
fn coarse_days(bins: &[u64], n: f64) -> DaysHistogram {
    let per_day = (1.0 / DAYS_BIN).round() as usize;
    let last = bins.iter().rposition(|&c| c > 0).unwrap_or(0);
    let days = (last / per_day + 1).min(730);
    let shares = (0..days)
        .map(|d| {
            bins[d * per_day..((d + 1) * per_day).min(bins.len())]
                .iter()
                .sum::<u64>() as f64
                / n
        })
        .collect();
    DaysHistogram {
        bin_days: 1.0,
        shares,
    }
}

#[cfg(test)]
mod tests;
