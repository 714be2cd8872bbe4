//! One-way sensitivity: which uncertain inputs move the answer most.
//!
//! Every estimate with a range is set to its low and then its high end, and every
//! branch share is moved 10 percentage points down and up (its siblings rebalanced
//! in proportion), with everything else at its expected value. The swings are
//! sorted, largest first, for a tornado chart.
//!
//! The pathway is analysed once. An estimate moves the cost or the days by the step's
//! visits times its change. A step's shares move them by the Sherman–Morrison
//! formula: with `g` the cost still to come from each step (solved once, backwards)
//! and `x` the visits to the step from each of its targets (solved once per step on a
//! loop), changing the step's shares by `d` changes the cost by
//! `visits × (d·g) / (1 − d·x)`. Each swing is then a few sums, so a step with ten
//! thousand links is as quick as ten thousand steps of two.

use std::cmp::Reverse;
use std::collections::HashMap;

use crate::analysis::{AnalysisError, Report, analyse};
use crate::graph::{SMALLEST_PIVOT, solve_visits, strongly_connected, transitions};
use crate::model::{Estimate, Pathway, PathwayIndex};

/// How far a branch share is moved each way.
pub const SHARE_SWING: f64 = 0.10;

/// What a swing moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parameter {
    /// Staff minutes per pass.
    TouchMinutes,
    /// Elapsed days.
    WaitDays,
    /// £ of consumables per pass.
    UnitCost,
    /// The share of the link to this step id.
    Share(String),
}

impl Parameter {
    /// The name used in JSON and tables: `touch_minutes`, `wait_days`, `unit_cost`,
    /// or `share to STEP`.
    pub fn name(&self) -> String {
        match self {
            Parameter::TouchMinutes => "touch_minutes".into(),
            Parameter::WaitDays => "wait_days".into(),
            Parameter::UnitCost => "unit_cost".into(),
            Parameter::Share(to) => format!("share to {to}"),
        }
    }
}

/// The cost and days at each end of one input's swing.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    /// Index of the step.
    pub step_index: usize,
    /// Id of the step.
    pub step: String,
    /// What moves.
    pub parameter: Parameter,
    /// The input at the low end.
    pub low: f64,
    /// The input at the high end.
    pub high: f64,
    /// Cost per referral (£) with the input at its low end.
    pub cost_low: f64,
    /// Cost per referral (£) with the input at its high end.
    pub cost_high: f64,
    /// Elapsed days with the input at its low end.
    pub days_low: f64,
    /// Elapsed days with the input at its high end.
    pub days_high: f64,
}

impl Swing {
    /// How far the cost moves across the swing (£ per referral).
    pub fn cost_swing(&self) -> f64 {
        (self.cost_high - self.cost_low).abs()
    }

    /// How far the elapsed days move across the swing.
    pub fn days_swing(&self) -> f64 {
        (self.days_high - self.days_low).abs()
    }
}

/// Every swing of a valid pathway, largest cost swing first (then largest days swing).
pub fn sensitivity(pathway: &Pathway) -> Result<Vec<Swing>, AnalysisError> {
    let report = analyse(pathway)?;
    let model = Linear::new(pathway, &report)?;
    let mut swings = Vec::new();
    for (i, step) in pathway.steps.iter().enumerate() {
        let rate = model.rate[i];
        let estimates = [
            (
                Parameter::TouchMinutes,
                step.touch_minutes,
                rate / 60.0,
                0.0,
            ),
            (Parameter::WaitDays, step.wait_days, 0.0, 1.0),
            (Parameter::UnitCost, step.unit_cost, 1.0, 0.0),
        ];
        for (parameter, estimate, pounds, days) in estimates {
            if estimate.is_fixed() {
                continue;
            }
            // At one end the estimate is that value, fixed: its mean moves by the
            // difference, once a visit.
            let ends = [estimate.low, estimate.high].map(|v| {
                let change = model.visits[i] * (Estimate::fixed(v).mean() - estimate.mean());
                Some((change * pounds, change * days))
            });
            let swing = model.swing(i, parameter, estimate.low, estimate.high, ends);
            swings.extend(swing);
        }
        if step.next.len() < 2 {
            continue;
        }
        let shares = model.shares(i);
        for (k, link) in step.next.iter().enumerate() {
            let low = (link.share - SHARE_SWING).max(0.0);
            let high = (link.share + SHARE_SWING).min(1.0);
            let ends = [low, high].map(|share| shares.moved(k, share));
            let parameter = Parameter::Share(link.to.clone());
            swings.extend(model.swing(i, parameter, low, high, ends));
        }
    }
    // Swings equal to a millionth (the two links of a two-way branch) keep one
    // order whatever the rounding: the smaller branch first (the DNAs, not those seen).
    let shares: HashMap<(usize, &str), f64> = pathway
        .steps
        .iter()
        .enumerate()
        .flat_map(|(i, step)| step.next.iter().map(move |l| ((i, l.to.as_str()), l.share)))
        .collect();
    let share = |s: &Swing| match &s.parameter {
        Parameter::Share(to) => shares.get(&(s.step_index, to.as_str())).copied(),
        _ => None,
    };
    // Whole millionths, and a share's bits (shares are 0 or more, so their bits sort
    // as the numbers do): each key is worked out once, not at every comparison.
    let micro = |x: f64| (x * 1e6).round() as i64;
    swings.sort_by_cached_key(|s| {
        (
            Reverse(micro(s.cost_swing())),
            Reverse(micro(s.days_swing())),
            share(s).unwrap_or(0.0).to_bits(),
        )
    });
    Ok(swings)
}

/// The pathway analysed once, for working out each swing from it.
struct Linear<'a> {
    pathway: &'a Pathway,
    edges: Vec<Vec<(usize, f64)>>,
    component_of: Vec<usize>,
    components: Vec<Vec<usize>>,
    /// Expected visits to each step per referral.
    visits: Vec<f64>,
    /// £ an hour of each step's role (0 without one).
    rate: Vec<f64>,
    /// Expected £ still to come from each step on (its own pass included).
    cost_to_go: Vec<f64>,
    /// Expected days still to come from each step on.
    days_to_go: Vec<f64>,
    cost: f64,
    days: f64,
}

impl<'a> Linear<'a> {
    fn new(pathway: &'a Pathway, report: &Report) -> Result<Self, AnalysisError> {
        let index = PathwayIndex::new(pathway);
        let rate: Vec<f64> = pathway
            .steps
            .iter()
            .map(|s| {
                s.role
                    .as_deref()
                    .and_then(|r| index.role(r))
                    .map_or(0.0, |r| pathway.roles[r].hourly_cost)
            })
            .collect();
        let pass_cost: Vec<f64> = pathway
            .steps
            .iter()
            .zip(&rate)
            .map(|(s, rate)| s.touch_minutes.mean() / 60.0 * rate + s.unit_cost.mean())
            .collect();
        let pass_days: Vec<f64> = pathway.steps.iter().map(|s| s.wait_days.mean()).collect();
        let edges = transitions(pathway);
        let backwards = reversed(&edges);
        let trapped =
            |t: crate::graph::Trapped| AnalysisError::Singular(pathway.steps[t.step].id.clone());
        let cost_to_go = solve_visits(&backwards, &pass_cost).map_err(trapped)?;
        let days_to_go = solve_visits(&backwards, &pass_days).map_err(trapped)?;
        let components = strongly_connected(&edges);
        let mut component_of = vec![0; edges.len()];
        for (c, members) in components.iter().enumerate() {
            for &i in members {
                component_of[i] = c;
            }
        }
        Ok(Self {
            pathway,
            visits: report.steps.iter().map(|s| s.visits).collect(),
            edges,
            component_of,
            components,
            rate,
            cost_to_go,
            days_to_go,
            cost: report.cost_per_referral,
            days: report.elapsed_days,
        })
    }

    /// Step `i`'s shares with what moving them needs.
    fn shares(&self, i: usize) -> Shares {
        let links = &self.edges[i];
        let mut s = Shares {
            shares: links.iter().map(|&(_, p)| p).collect(),
            cost: links.iter().map(|&(j, _)| self.cost_to_go[j]).collect(),
            days: links.iter().map(|&(j, _)| self.days_to_go[j]).collect(),
            returns: self.returns(i),
            visits: self.visits[i],
            totals: [0.0; 7],
        };
        s.totals = s.sums();
        s
    }

    /// Expected visits back to step `i` from each of its links' targets: none when the
    /// step is on no loop, else solved on its loop (backwards, from `i`).
    fn returns(&self, i: usize) -> Vec<f64> {
        let links = &self.edges[i];
        let members = &self.components[self.component_of[i]];
        if members.len() == 1 && links.iter().all(|&(j, _)| j != i) {
            return vec![0.0; links.len()];
        }
        let local: std::collections::HashMap<usize, usize> =
            members.iter().enumerate().map(|(k, &m)| (m, k)).collect();
        let mut backwards = vec![Vec::new(); members.len()];
        for (k, &m) in members.iter().enumerate() {
            for &(j, share) in &self.edges[m] {
                if let Some(&l) = local.get(&j) {
                    backwards[l].push((k, share));
                }
            }
        }
        let mut at_i = vec![0.0; members.len()];
        if let Some(&l) = local.get(&i) {
            at_i[l] = 1.0;
        }
        // The loop can be left (the pathway was analysed), so this solves; were it
        // not to, no return would be counted.
        let x = solve_visits(&backwards, &at_i).unwrap_or_default();
        links
            .iter()
            .map(|(j, _)| local.get(j).and_then(|&l| x.get(l)).copied().unwrap_or(0.0))
            .collect()
    }

    /// A swing from the changes in cost and days at its two ends; none when an end
    /// cannot be solved (a share of 100% round a loop would keep referrals in it for
    /// ever) or gives a figure that is not finite.
    fn swing(
        &self,
        index: usize,
        parameter: Parameter,
        low: f64,
        high: f64,
        ends: [Option<(f64, f64)>; 2],
    ) -> Option<Swing> {
        let [Some((cost_low, days_low)), Some((cost_high, days_high))] = ends else {
            return None;
        };
        let figures = [
            self.cost + cost_low,
            self.days + days_low,
            self.cost + cost_high,
            self.days + days_high,
        ];
        figures.iter().all(|f| f.is_finite()).then(|| Swing {
            step_index: index,
            step: self.pathway.steps[index].id.clone(),
            parameter,
            low,
            high,
            cost_low: figures[0],
            cost_high: figures[2],
            days_low: figures[1],
            days_high: figures[3],
        })
    }
}

/// One step's links: their shares, the cost and days still to come at each target,
/// and the visits back to the step from each target.
struct Shares {
    shares: Vec<f64>,
    cost: Vec<f64>,
    days: Vec<f64>,
    returns: Vec<f64>,
    visits: f64,
    /// Sums over the links: shares; cost, days and returns, each weighted by the share
    /// and plain.
    totals: [f64; 7],
}

impl Shares {
    fn sums(&self) -> [f64; 7] {
        let weighted = |v: &[f64]| self.shares.iter().zip(v).map(|(s, v)| s * v).sum::<f64>();
        let plain = |v: &[f64]| v.iter().sum::<f64>();
        [
            self.shares.iter().sum(),
            weighted(&self.cost),
            plain(&self.cost),
            weighted(&self.days),
            plain(&self.days),
            weighted(&self.returns),
            plain(&self.returns),
        ]
    }

    /// The change in cost and days with link `k` at `share` and its siblings rebalanced
    /// as [`set_share`] does; none when referrals would no longer leave the step's loop.
    fn moved(&self, k: usize, share: f64) -> Option<(f64, f64)> {
        let [total, cost_w, cost, days_w, days, returns_w, returns] = self.totals;
        let s = self.shares[k];
        let others = total - s;
        let rest = 1.0 - share;
        let count = (self.shares.len() - 1) as f64;
        // d·v over the links, where d is the change in each share.
        let dot = |at_k: f64, weighted: f64, plain: f64| {
            let own = (share - s) * at_k;
            if others > 0.0 {
                own + (rest / others - 1.0) * (weighted - s * at_k)
            } else {
                own + rest / count * (plain - at_k)
            }
        };
        if self.visits == 0.0 {
            return Some((0.0, 0.0)); // nothing reaches the step
        }
        let keep = 1.0 - dot(self.returns[k], returns_w, returns);
        if keep.is_nan() || keep <= SMALLEST_PIVOT {
            return None;
        }
        let scale = self.visits / keep;
        Some((
            scale * dot(self.cost[k], cost_w, cost),
            scale * dot(self.days[k], days_w, days),
        ))
    }
}

/// The links turned round: for each step, the steps leading to it with their shares.
fn reversed(edges: &[Vec<(usize, f64)>]) -> Vec<Vec<(usize, f64)>> {
    let mut backwards = vec![Vec::new(); edges.len()];
    for (i, next) in edges.iter().enumerate() {
        for &(j, share) in next {
            backwards[j].push((i, share));
        }
    }
    backwards
}

/// Sets one link's share and scales its siblings so the shares still sum to 1.
pub fn set_share(p: &mut Pathway, index: usize, link: usize, share: f64) {
    let next = &mut p.steps[index].next;
    let others: f64 = next
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != link)
        .map(|(_, l)| l.share)
        .sum();
    let rest = 1.0 - share;
    let count = next.len() - 1;
    for (k, l) in next.iter_mut().enumerate() {
        if k == link {
            l.share = share;
        } else if others > 0.0 {
            l.share *= rest / others;
        } else {
            l.share = rest / count as f64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Role, Stage, Step};

    /// A → (B 30%, C 70%); A has 6–12–24 minutes at £60/h (mean 14 → £14),
    /// B costs £10 a pass, C £0.
    fn sample() -> Pathway {
        let mut p = Pathway::new("t");
        p.annual_referrals = 100.0;
        p.roles.push(Role::new("r", "r", 60.0));
        let mut a = Step::new("a", "A", Stage::Booking);
        a.role = Some("r".into());
        a.touch_minutes = Estimate::range(6.0, 12.0, 24.0);
        a.next = vec![
            Link {
                to: "b".into(),
                share: 0.3,
            },
            Link {
                to: "c".into(),
                share: 0.7,
            },
        ];
        let mut b = Step::new("b", "B", Stage::Triage);
        b.unit_cost = Estimate::fixed(10.0);
        p.steps = vec![a, b, Step::new("c", "C", Stage::Attendance)];
        p
    }

    #[test]
    fn swings_by_hand() {
        let swings = sensitivity(&sample()).unwrap();
        // Minutes 6 → £6 + £3; 24 → £24 + £3: a £18 swing, the largest.
        let touch = &swings[0];
        assert_eq!(touch.parameter, Parameter::TouchMinutes);
        assert!((touch.cost_low - 9.0).abs() < 1e-9 && (touch.cost_high - 27.0).abs() < 1e-9);
        // Share to B 20% → £14 + £2; 40% → £14 + £4.
        let to_b = swings
            .iter()
            .find(|s| s.parameter == Parameter::Share("b".into()))
            .unwrap();
        assert!((to_b.low - 0.2).abs() < 1e-12 && (to_b.high - 0.4).abs() < 1e-12);
        assert!((to_b.cost_low - 16.0).abs() < 1e-9 && (to_b.cost_high - 18.0).abs() < 1e-9);
        // Share to C moves B the other way.
        let to_c = swings
            .iter()
            .find(|s| s.parameter == Parameter::Share("c".into()))
            .unwrap();
        assert!((to_c.cost_low - 18.0).abs() < 1e-9 && (to_c.cost_high - 16.0).abs() < 1e-9);
        assert_eq!(swings.len(), 3);
        assert!(
            swings
                .windows(2)
                .all(|w| w[0].cost_swing() >= w[1].cost_swing())
        );
    }

    #[test]
    fn rebalancing_keeps_shares_summing_to_one() {
        let mut p = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
        let i = p.step_index("grade").unwrap();
        set_share(&mut p, i, 1, 0.152);
        let sum: f64 = p.steps[i].next.iter().map(|l| l.share).sum();
        assert!((sum - 1.0).abs() < 1e-12);
        // The other two (0.893 and 0.052) share the 0.848 left in proportion.
        assert!((p.steps[i].next[0].share - 0.848 * 0.893 / 0.945).abs() < 1e-12);
    }

    #[test]
    fn bundled_models_have_sorted_swings() {
        for model in crate::bundled::ALL {
            let swings = sensitivity(&model.load().unwrap().pathway).unwrap();
            assert!(swings.len() > 10, "{}", model.file_name);
            assert!(
                swings
                    .windows(2)
                    // Sorted to the millionth of a pound.
                    .all(|w| w[0].cost_swing() >= w[1].cost_swing() - 1e-6)
            );
        }
    }

    /// Each swing as the sensitivity used to work it out: the pathway changed at that
    /// end and analysed again.
    fn analysed_again(p: &Pathway, swing: &Swing) -> [Option<(f64, f64)>; 2] {
        let i = swing.step_index;
        [swing.low, swing.high].map(|value| {
            let mut q = p.clone();
            let step = &mut q.steps[i];
            match &swing.parameter {
                Parameter::TouchMinutes => step.touch_minutes = Estimate::fixed(value),
                Parameter::WaitDays => step.wait_days = Estimate::fixed(value),
                Parameter::UnitCost => step.unit_cost = Estimate::fixed(value),
                Parameter::Share(to) => {
                    let k = step.next.iter().position(|l| &l.to == to).unwrap();
                    set_share(&mut q, i, k, value);
                }
            }
            crate::analysis::analyse_valid(&q)
                .ok()
                .map(|r| (r.cost_per_referral, r.elapsed_days))
        })
    }

    #[test]
    fn swings_equal_analysing_each_end_again() {
        let mut pathways: Vec<Pathway> = crate::bundled::ALL
            .iter()
            .map(|m| m.load().unwrap().pathway)
            .collect();
        // Loops of four steps every five, one long loop and a fan of links.
        pathways.push(crate::synthetic::pathway(60));
        pathways.push(crate::synthetic::looping_pathway(40));
        pathways.push(crate::synthetic::fan_out_pathway(30));
        for p in &pathways {
            let swings = sensitivity(p).unwrap();
            assert!(!swings.is_empty(), "{}", p.name);
            for s in &swings {
                let [Some(low), Some(high)] = analysed_again(p, s) else {
                    panic!("{}: {s:?} has an end that does not solve", p.name);
                };
                let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
                assert!(
                    close(s.cost_low, low.0)
                        && close(s.days_low, low.1)
                        && close(s.cost_high, high.0)
                        && close(s.days_high, high.1),
                    "{}: {s:?} against {low:?} {high:?}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn a_share_that_would_close_a_loop_gives_no_swing() {
        // A goes on to B, which goes back to A 95% of the time: at 100% back (its high
        // end, and the low end of the share out) nobody would leave, so neither share
        // swings.
        let mut p = sample();
        p.steps[0].next = vec![Link {
            to: "b".into(),
            share: 1.0,
        }];
        p.steps[1].next = vec![
            Link {
                to: "a".into(),
                share: 0.95,
            },
            Link {
                to: "c".into(),
                share: 0.05,
            },
        ];
        let swings = sensitivity(&p).unwrap();
        let shares_of_b =
            |s: &&Swing| s.step_index == 1 && matches!(s.parameter, Parameter::Share(_));
        assert_eq!(swings.iter().filter(shares_of_b).count(), 0);
        // A's minutes still swing.
        assert_eq!(swings.iter().filter(|s| s.step_index == 0).count(), 1);
    }
}
