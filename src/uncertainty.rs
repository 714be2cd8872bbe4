//! How sure the saving is: every uncertain input drawn within its range, many times,
//! for the spread of the saving per referral, a year and the net present value.
//!
//! The inputs are the staff minutes and unit costs of steps, the hourly rates of
//! roles that carry a `rate_range`, the current pathway's `overhead_factor` and the
//! option's investment costs. An input both pathways share (a step or role with the
//! same id) is drawn once for both, so a figure the option leaves alone adds no
//! spread. The expected visits to each step do not depend on these inputs (shares are
//! not drawn), so each draw is an exact sum over steps, without solving the pathway
//! again.

use std::collections::HashMap;

use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::SeedableRng;

use crate::analysis::CostSplit;
use crate::appraisal::appraise_with;
use crate::classes::Classes;
use crate::compare::{CompareError, Comparison, Costed, costed_comparison};
use crate::model::{Counter, Estimate, Investment, Pathway};
use crate::simulate::unit;

/// Draws the app and the command line make by default.
pub const DEFAULT_DRAWS: usize = 10_000;

/// The 5th, 50th and 95th percentiles of a figure over the draws.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Spread {
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Spread {
    /// The percentiles of `values` (sorted here), linear between order statistics.
    pub fn of(values: &mut [f64]) -> Self {
        values.sort_by(f64::total_cmp);
        let at = |p: f64| {
            let Some(last) = values.len().checked_sub(1) else {
                return 0.0;
            };
            let x = p * last as f64;
            let k = x.floor() as usize;
            let next = values[(k + 1).min(last)];
            values[k] + (next - values[k]) * (x - k as f64)
        };
        Self {
            p5: at(0.05),
            p50: at(0.5),
            p95: at(0.95),
        }
    }

    /// Each percentile multiplied by `factor`.
    pub fn scaled(&self, factor: f64) -> Self {
        Self {
            p5: self.p5 * factor,
            p50: self.p50 * factor,
            p95: self.p95 * factor,
        }
    }

    /// True when the interval has no width.
    pub fn is_point(&self) -> bool {
        (self.p95 - self.p5).abs() < 1e-9
    }
}

/// One input's effect on the saving per referral: the saving with the input at its
/// low and at its high end, every other input at its point value.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    /// What the input is ("Book by phone: minutes", "Booking clerk: hourly rate").
    pub label: String,
    /// £ saved per referral with the input at its low end.
    pub at_low: f64,
    /// £ saved per referral with the input at its high end.
    pub at_high: f64,
}

impl Swing {
    /// How far the saving moves across the input's range.
    pub fn width(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// The spread of a comparison's saving.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertainty {
    /// Draws made.
    pub draws: usize,
    /// Uncertain inputs drawn (an input shared by both pathways counts once).
    pub inputs: usize,
    /// £ saved per referral (economic value).
    pub saving_per_referral: Spread,
    /// £ saved a year (economic value).
    pub annual_saving: Spread,
    /// Cash-releasing £ a year.
    pub cash_annual: Spread,
    /// Net present value, when the option carries an investment.
    pub npv: Option<Spread>,
    /// Net present value of cash alone, when the option carries an investment.
    pub npv_cash: Option<Spread>,
    /// The share of draws in which the option saves at all (economic value above 0).
    pub probability_saves: f64,
    /// The share of draws in which it releases cash (cash above 0).
    pub probability_cash: f64,
    /// The inputs that move the saving, widest swing first (none that do not).
    pub tornado: Vec<Swing>,
}

/// What one input is, so that both pathways' copies of it are drawn together.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Minutes(String),
    UnitCost(String),
    Rate(String),
    Overhead,
    Cost(&'static str, String),
}

/// One uncertain input: its label and the range a draw's quantile is read from on
/// each side where it appears (the sides may differ, as a proposal changes minutes).
struct Input {
    label: String,
    /// The value at a quantile u, on side 0 (current) or 1 (proposed).
    range: [Option<Estimate>; 2],
    /// The point value on each side: the mean of a step's estimate, the likely
    /// value of a rate or a cost.
    point: [f64; 2],
}

/// One step's part of a side's cost: its expected visits, minutes and unit cost
/// (inputs), its role's rates (an input, and the overhead factor).
struct Term {
    visits: f64,
    minutes: Value,
    unit_cost: Value,
    role: Option<RoleTerm>,
    dna: bool,
}

struct RoleTerm {
    /// The role's rate input (or a fixed rate).
    rate: Value,
    /// The role's fully loaded and direct rates at the point.
    hourly: f64,
    direct: f64,
    /// Which post group (a role whose posts the option removes), if any.
    posts: Option<usize>,
}

/// A value: fixed, or input k.
#[derive(Clone, Copy)]
enum Value {
    Fixed(f64),
    Input(usize),
}

/// Both pathways as sums over their steps.
struct Model {
    inputs: Vec<Input>,
    terms: [Vec<Term>; 2],
    overhead: Option<usize>,
    annual_referrals: f64,
    /// Per post group: the share of the role's direct saving that is cash.
    post_shares: Vec<f64>,
    investment: Option<Investment>,
    /// The input of each investment cost item, one-off items then recurring.
    cost_inputs: Vec<usize>,
}

/// One draw's figures.
struct Outcome {
    split: CostSplit,
    posts: f64,
}

/// The inputs found so far, by key.
#[derive(Default)]
struct Inputs {
    list: Vec<Input>,
    keys: HashMap<Key, usize>,
}

impl Inputs {
    /// The value of `e` on `side`: fixed, or the input of `key` (made on first sight).
    fn value(&mut self, key: Key, label: String, side: usize, e: Estimate, point: f64) -> Value {
        if e.is_fixed() || e.high <= e.low {
            return Value::Fixed(point);
        }
        let k = self.index(key, label, point);
        self.list[k].range[side] = Some(e);
        self.list[k].point[side] = point;
        Value::Input(k)
    }

    /// The input of `key`, made with `point` on both sides on first sight.
    fn index(&mut self, key: Key, label: String, point: f64) -> usize {
        let list = &mut self.list;
        *self.keys.entry(key).or_insert_with(|| {
            list.push(Input {
                label,
                range: [None, None],
                point: [point; 2],
            });
            list.len() - 1
        })
    }
}

impl Model {
    fn new(costed: &Costed, comparison: &Comparison, investment: Option<&Investment>) -> Self {
        let mut inputs = Inputs::default();
        let posts: Vec<(String, f64)> = investment
            .map(|inv| {
                inv.posts_released
                    .iter()
                    .filter_map(|p| {
                        let role = comparison.by_role.iter().find(|r| r.id == p.role)?;
                        (role.wte_released > 0.0)
                            .then(|| (p.role.clone(), (p.wte / role.wte_released).clamp(0.0, 1.0)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let overhead = costed
            .current
            .overhead_factor
            .map(|e| inputs.value(Key::Overhead, "Overheads (factor)".into(), 0, e, e.likely));
        let overhead = overhead.and_then(|v| match v {
            Value::Input(k) => Some(k),
            Value::Fixed(_) => None,
        });
        let mut terms: [Vec<Term>; 2] = [Vec::new(), Vec::new()];
        let sides = [
            (&costed.current, &comparison.current),
            (&costed.proposed, &comparison.proposed),
        ];
        for (side, (pathway, report)) in sides.into_iter().enumerate() {
            for (step, result) in pathway.steps.iter().zip(&report.steps) {
                let role = step.role.as_deref().and_then(|r| pathway.role(r));
                let minutes = inputs.value(
                    Key::Minutes(step.id.clone()),
                    format!("{}: minutes", step.name),
                    side,
                    step.touch_minutes,
                    step.touch_minutes.mean(),
                );
                let unit_cost = inputs.value(
                    Key::UnitCost(step.id.clone()),
                    format!("{}: unit cost", step.name),
                    side,
                    step.unit_cost,
                    step.unit_cost.mean(),
                );
                let role = role.map(|r| RoleTerm {
                    rate: match r.rate_range {
                        Some(range) => inputs.value(
                            Key::Rate(r.id.clone()),
                            format!("{}: hourly rate", r.name),
                            side,
                            Estimate::range(
                                range.low.min(r.hourly_cost),
                                r.hourly_cost,
                                range.high.max(r.hourly_cost),
                            ),
                            r.hourly_cost,
                        ),
                        None => Value::Fixed(r.hourly_cost),
                    },
                    hourly: r.hourly_cost,
                    direct: r.direct_rate(),
                    posts: posts.iter().position(|(id, _)| *id == r.id),
                });
                terms[side].push(Term {
                    visits: result.visits,
                    minutes,
                    unit_cost,
                    role,
                    dna: step.counts_as.contains(&Counter::Dna),
                });
            }
        }
        let mut cost_inputs = Vec::new();
        if let Some(inv) = investment {
            let items = inv
                .one_off
                .iter()
                .map(|i| ("one-off", i))
                .chain(inv.recurring.iter().map(|i| ("a year", i)));
            for (kind, item) in items {
                let label = format!("{} ({kind})", item.name);
                let key = Key::Cost(kind, item.name.clone());
                // A fixed cost is an input too, so that a draw reads every cost.
                let k = match inputs.value(
                    key.clone(),
                    label.clone(),
                    1,
                    item.cost,
                    item.cost.likely,
                ) {
                    Value::Input(k) => k,
                    Value::Fixed(v) => inputs.index(key, label, v),
                };
                cost_inputs.push(k);
            }
        }
        Self {
            inputs: inputs.list,
            terms,
            overhead,
            annual_referrals: comparison.current.annual_referrals,
            post_shares: posts.iter().map(|(_, share)| *share).collect(),
            investment: investment.cloned(),
            cost_inputs,
        }
    }

    /// The saving with each input's value on each side given by `value`.
    fn evaluate(&self, value: &dyn Fn(usize, usize) -> f64) -> Outcome {
        let read = |v: Value, side: usize| match v {
            Value::Fixed(x) => x,
            Value::Input(k) => value(k, side),
        };
        let factor = self.overhead.map_or(1.0, |k| value(k, 0));
        let mut direct_by_post = vec![0.0; self.post_shares.len()];
        let mut split = CostSplit::default();
        for (side, terms) in self.terms.iter().enumerate() {
            let sign = if side == 0 { 1.0 } else { -1.0 };
            for t in terms {
                let hours = t.visits * read(t.minutes, side) / 60.0;
                let mut part = CostSplit {
                    cash: t.visits * read(t.unit_cost, side),
                    ..CostSplit::default()
                };
                if let Some(r) = &t.role {
                    let scale = if r.hourly > 0.0 {
                        read(r.rate, side) / r.hourly
                    } else {
                        1.0
                    };
                    let direct = r.direct * scale;
                    let loaded = (r.direct + (r.hourly - r.direct) * factor) * scale;
                    let direct_part = if t.dna { 0.0 } else { hours * direct };
                    part.staff_direct = direct_part;
                    part.capacity = hours * loaded - direct_part;
                    if let Some(g) = r.posts {
                        direct_by_post[g] += sign * direct_part;
                    }
                }
                split = split + part.scaled(sign);
            }
        }
        let posts = direct_by_post
            .iter()
            .zip(&self.post_shares)
            .map(|(saving, share)| saving.max(0.0) * share)
            .sum::<f64>()
            * self.annual_referrals;
        Outcome { split, posts }
    }

    fn classes(&self, o: &Outcome) -> Classes {
        let annual = o.split.scaled(self.annual_referrals);
        Classes {
            cash: annual.cash + o.posts,
            posts: o.posts,
            staff_time: annual.staff_direct - o.posts,
            capacity: annual.capacity,
            ..Classes::default()
        }
    }
}

/// The spread of the saving of `proposed` against `current`, costed as
/// [`crate::compare::compare`] costs them, and of the NPV with `investment` (the
/// option's), over `draws` draws from `seed`.
pub fn run(
    current: &Pathway,
    proposed: &Pathway,
    investment: Option<&Investment>,
    draws: usize,
    seed: u64,
) -> Result<Uncertainty, CompareError> {
    let (costed, comparison) = costed_comparison(current, proposed)?;
    Ok(run_costed(&costed, &comparison, investment, draws, seed))
}

/// [`run`] on pathways already costed and compared (the comparison of `costed`'s
/// pathways), without analysing them again.
pub fn run_costed(
    costed: &Costed,
    comparison: &Comparison,
    investment: Option<&Investment>,
    draws: usize,
    seed: u64,
) -> Uncertainty {
    let model = Model::new(costed, comparison, investment);
    spread(&model, draws.max(1), seed)
}

fn spread(model: &Model, draws: usize, seed: u64) -> Uncertainty {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let n = model.annual_referrals;
    let mut u = vec![0.0; model.inputs.len()];
    let (mut per_referral, mut annual, mut cash) = (
        Vec::with_capacity(draws),
        Vec::with_capacity(draws),
        Vec::with_capacity(draws),
    );
    let (mut npv, mut npv_cash, mut costs) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..draws {
        for x in &mut u {
            *x = unit(&mut rng);
        }
        let value = |k: usize, side: usize| {
            let input = &model.inputs[k];
            input.range[side].map_or(input.point[side], |e| e.quantile(u[k]))
        };
        let outcome = model.evaluate(&value);
        let classes = model.classes(&outcome);
        per_referral.push(outcome.split.total());
        annual.push(outcome.split.total() * n);
        cash.push(classes.cash);
        if let Some(inv) = &model.investment {
            costs.clear();
            costs.extend(model.cost_inputs.iter().map(|&k| value(k, 1)));
            let a = appraise_with(&classes, inv, &costs);
            npv.push(a.npv);
            npv_cash.push(a.npv_cash);
        }
    }
    let share_above =
        |values: &[f64]| values.iter().filter(|v| **v > 0.0).count() as f64 / values.len() as f64;
    let probability_saves = share_above(&annual);
    let probability_cash = share_above(&cash);
    let has_investment = model.investment.is_some();
    Uncertainty {
        draws,
        inputs: model
            .inputs
            .iter()
            .filter(|i| i.range.iter().any(Option::is_some))
            .count(),
        saving_per_referral: Spread::of(&mut per_referral),
        annual_saving: Spread::of(&mut annual),
        cash_annual: Spread::of(&mut cash),
        npv: has_investment.then(|| Spread::of(&mut npv)),
        npv_cash: has_investment.then(|| Spread::of(&mut npv_cash)),
        probability_saves,
        probability_cash,
        tornado: tornado(model),
    }
}

/// Each input at its low and high end, the others at their point values.
fn tornado(model: &Model) -> Vec<Swing> {
    let at = |k: usize, end: fn(&Estimate) -> f64| {
        model
            .evaluate(&|j, side| {
                let input = &model.inputs[j];
                match input.range[side] {
                    Some(e) if j == k => end(&e),
                    _ => input.point[side],
                }
            })
            .split
            .total()
    };
    let mut swings: Vec<Swing> = model
        .inputs
        .iter()
        .enumerate()
        .filter(|(_, i)| i.range.iter().any(Option::is_some))
        .map(|(k, input)| Swing {
            label: input.label.clone(),
            at_low: at(k, |e| e.low),
            at_high: at(k, |e| e.high),
        })
        .filter(|s| s.width() > 1e-9)
        .collect();
    swings.sort_by(|a, b| b.width().total_cmp(&a.width()));
    swings
}

#[cfg(test)]
mod tests;
