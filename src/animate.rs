//! Referrals as dots moving through a pathway, for the app's Play: each dot is one
//! simulated referral, drawn with the same sampling as [`crate::simulate`] (touch
//! minutes, unit cost, wait and branch at every visit, in that order), waiting at a
//! step for its sampled wait, then travelling the link to the next step.
//!
//! Referrals arrive evenly at `referrals_per_day`. Referral `k` has its own random
//! stream, seeded from the seed and `k`, so a replay is identical however the time
//! is cut into frames. An end step counts the referral and it leaves the map.

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;

use crate::model::Pathway;
use crate::simulate::{Compiled, NO_ROLE, SimulationError, unit};
use crate::validate::{has_errors, validate};

/// The last part of a wait, at most this many days, is shown as the dot travelling
/// the link to the next step.
pub const TRANSIT_DAYS: f64 = 1.0;

const END: u32 = u32::MAX;

/// One referral on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    rng: Xoshiro256PlusPlus,
    /// The step it is at (or leaving), by index.
    pub step: u32,
    /// The step it goes to next, by index.
    pub next: u32,
    /// When it reached the step, in days since Play.
    pub entered_days: f64,
    /// When it reaches the next step.
    pub leaves_days: f64,
}

/// Where a dot is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Place {
    /// Waiting at a step.
    At(usize),
    /// Travelling a link, `progress` from 0 (leaving `from`) to 1 (at `to`).
    Along {
        /// The step left.
        from: usize,
        /// The step reached.
        to: usize,
        /// How far along, 0 to 1.
        progress: f32,
    },
}

/// Referrals flowing through one pathway, advanced frame by frame.
#[derive(Clone, Debug)]
pub struct Animation {
    model: Compiled,
    seed: u64,
    referrals_per_day: f64,
    limit: Option<u64>,
    started: u64,
    now_days: f64,
    dots: Vec<Dot>,
    ended: Vec<u64>,
    cost_pounds: f64,
}

impl Animation {
    /// Referrals arriving at `referrals_per_day` (at least a tiny rate) into a valid
    /// pathway, from day 0.
    pub fn new(
        pathway: &Pathway,
        seed: u64,
        referrals_per_day: f64,
    ) -> Result<Self, SimulationError> {
        let problems = validate(pathway);
        if has_errors(&problems) {
            return Err(SimulationError::Invalid(problems));
        }
        Ok(Self {
            model: Compiled::new(pathway),
            seed,
            referrals_per_day: referrals_per_day.max(1e-6),
            limit: None,
            started: 0,
            now_days: 0.0,
            dots: Vec::new(),
            ended: vec![0; pathway.steps.len()],
            cost_pounds: 0.0,
        })
    }

    /// Stops new referrals arriving after the first `referrals`.
    pub fn with_limit(mut self, referrals: u64) -> Self {
        self.limit = Some(referrals);
        self
    }

    /// Days since Play.
    pub fn now_days(&self) -> f64 {
        self.now_days
    }

    /// Referrals that have arrived so far.
    pub fn started(&self) -> u64 {
        self.started
    }

    /// Referrals that have reached an end step.
    pub fn finished(&self) -> u64 {
        self.ended.iter().sum()
    }

    /// How many referrals ended at each step (0 for steps that are not ends).
    pub fn ended(&self) -> &[u64] {
        &self.ended
    }

    /// Staff time and consumables of every visit so far, in pounds.
    pub fn cost_so_far_pounds(&self) -> f64 {
        self.cost_pounds
    }

    /// The referrals on the map.
    pub fn dots(&self) -> &[Dot] {
        &self.dots
    }

    /// Referrals waiting at each step (not yet travelling on).
    pub fn waiting(&self) -> Vec<u32> {
        let mut counts = vec![0; self.ended.len()];
        for dot in &self.dots {
            if let Place::At(step) = self.place(dot) {
                counts[step] += 1;
            }
        }
        counts
    }

    /// Where `dot` is drawn now.
    pub fn place(&self, dot: &Dot) -> Place {
        let transit = TRANSIT_DAYS.min(dot.leaves_days - dot.entered_days);
        let departs = dot.leaves_days - transit;
        if self.now_days < departs || transit <= 0.0 {
            return Place::At(dot.step as usize);
        }
        Place::Along {
            from: dot.step as usize,
            to: dot.next as usize,
            progress: ((self.now_days - departs) / transit).clamp(0.0, 1.0) as f32,
        }
    }

    /// Moves time on by `days`.
    pub fn advance(&mut self, days: f64) {
        self.advance_to(self.now_days + days.max(0.0));
    }

    /// Moves time on to `days`: referrals arrive, and each moves on through every
    /// step whose wait is over by then.
    pub fn advance_to(&mut self, days: f64) {
        self.now_days = days.max(self.now_days);
        loop {
            if self.limit.is_some_and(|l| self.started >= l) {
                break;
            }
            let arrives = self.started as f64 / self.referrals_per_day;
            if arrives > self.now_days {
                break;
            }
            let mut dot = Dot {
                rng: referral_rng(self.seed, self.started),
                step: 0,
                next: END,
                entered_days: arrives,
                leaves_days: arrives,
            };
            self.started += 1;
            if self.enter(&mut dot, 0, arrives) {
                self.dots.push(dot);
            }
        }
        let mut i = 0;
        while i < self.dots.len() {
            let mut dot = self.dots[i].clone();
            let mut staying = true;
            while staying && dot.leaves_days <= self.now_days {
                let (to, at) = (dot.next as usize, dot.leaves_days);
                staying = self.enter(&mut dot, to, at);
            }
            if staying {
                self.dots[i] = dot;
                i += 1;
            } else {
                self.dots.swap_remove(i);
            }
        }
    }

    /// A visit to `step` at `days`: its cost, its wait and where it goes next.
    /// Returns false when the step ends the pathway (the referral is counted there).
    fn enter(&mut self, dot: &mut Dot, step: usize, days: f64) -> bool {
        let node = &self.model.nodes[step];
        let rng = &mut dot.rng;
        if node.role != NO_ROLE {
            self.cost_pounds += node.touch.sample(rng) * node.pounds_per_minute;
        }
        self.cost_pounds += node.unit_cost.sample(rng);
        let wait = node.wait.sample(rng);
        let start = node.next_start as usize;
        let next = match node.next_len {
            0 => {
                self.ended[step] += 1;
                return false;
            }
            1 => self.model.targets[start],
            len => {
                let u = unit(rng);
                let cumulative = &self.model.cumulative[start..start + len as usize];
                let k = cumulative
                    .iter()
                    .position(|&c| u < c)
                    .unwrap_or(len as usize - 1);
                self.model.targets[start + k]
            }
        };
        dot.step = step as u32;
        dot.next = next;
        dot.entered_days = days;
        dot.leaves_days = days + wait;
        true
    }
}

/// The random stream of referral `k`.
fn referral_rng(seed: u64, k: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(seed ^ k.wrapping_mul(0xD1B5_4A32_D192_ED03))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A (2 days) → B 30% (ends), C 70% (5 days) → A; A costs £1 a visit.
    fn sample() -> Pathway {
        crate::format::load_str(
            r#"(format: 1, name: "t", annual_referrals: 100.0, roles: [],
            steps: [
                (id: "a", name: "A", stage: Booking, wait_days: 2.0, unit_cost: 1.0,
                 next: [(to: "b", share: 0.3), (to: "c", share: 0.7)]),
                (id: "b", name: "B", stage: Attendance),
                (id: "c", name: "C", stage: Booking, wait_days: 5.0, next: [(to: "a", share: 1.0)]),
            ])"#,
        )
        .unwrap()
        .pathway
    }

    #[test]
    fn referrals_wait_travel_and_end() {
        // One referral a day from day 0: on day 0.5 one has arrived and waits at A.
        let mut a = Animation::new(&sample(), 7, 1.0).unwrap().with_limit(1);
        a.advance_to(0.5);
        assert_eq!(a.started(), 1);
        assert_eq!(a.waiting(), vec![1, 0, 0]);
        assert_eq!(a.cost_so_far_pounds(), 1.0);
        // Day 1.5: in the last day of A's two-day wait it travels on.
        a.advance_to(1.5);
        assert!(
            matches!(a.place(&a.dots()[0]), Place::Along { from: 0, progress, .. } if progress == 0.5)
        );
        // Long after, it has ended at B, having paid £1 per visit to A.
        a.advance_to(10_000.0);
        assert!(a.dots().is_empty());
        assert_eq!(a.ended(), &[0, 1, 0]);
        assert_eq!(a.cost_so_far_pounds().fract(), 0.0);
    }

    #[test]
    fn a_replay_is_identical_however_time_is_cut() {
        let p = sample();
        let mut one = Animation::new(&p, 42, 10.0).unwrap();
        let mut other = Animation::new(&p, 42, 10.0).unwrap();
        // Between arrivals (every 0.1 day), so rounding in the sum of steps cannot
        // decide whether one more referral has arrived.
        one.advance_to(30.05);
        for _ in 0..300 {
            other.advance(0.1);
        }
        other.advance_to(30.05);
        assert_eq!(one.ended(), other.ended());
        assert_eq!(one.cost_so_far_pounds(), other.cost_so_far_pounds());
        let sorted = |a: &Animation| {
            let mut dots: Vec<String> = a.dots().iter().map(|d| format!("{d:?}")).collect();
            dots.sort();
            dots
        };
        assert!(
            sorted(&one) == sorted(&other),
            "the same referrals, in the same places"
        );
        let mut third = Animation::new(&p, 43, 10.0).unwrap();
        third.advance_to(30.0);
        assert_ne!(one.ended(), third.ended(), "another seed, other referrals");
    }

    #[test]
    fn invalid_pathways_are_refused() {
        let mut p = sample();
        p.steps[0].next[0].share = 0.9;
        assert!(Animation::new(&p, 1, 1.0).is_err());
    }
}
