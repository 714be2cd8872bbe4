//! One-way sensitivity: which uncertain inputs move the answer most.
//!
//! Every estimate with a range is set to its low and then its high end, and every
//! branch share is moved 10 percentage points down and up (its siblings rebalanced
//! in proportion), with everything else at its expected value. The swings are
//! sorted, largest first, for a tornado chart.

use crate::analysis::{AnalysisError, Report, analyse, analyse_valid};
use crate::model::{Estimate, Pathway};

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
    analyse(pathway)?;
    let mut swings = Vec::new();
    for (i, step) in pathway.steps.iter().enumerate() {
        let estimates = [
            (Parameter::TouchMinutes, step.touch_minutes),
            (Parameter::WaitDays, step.wait_days),
            (Parameter::UnitCost, step.unit_cost),
        ];
        for (parameter, estimate) in estimates {
            if estimate.is_fixed() {
                continue;
            }
            let ends = [estimate.low, estimate.high].map(|v| {
                let mut p = pathway.clone();
                set_estimate(&mut p, i, &parameter, Estimate::fixed(v));
                analyse_valid(&p)
            });
            if let Some(swing) = swing(pathway, i, parameter, estimate.low, estimate.high, ends) {
                swings.push(swing);
            }
        }
        if step.next.len() < 2 {
            continue;
        }
        for (k, link) in step.next.iter().enumerate() {
            let low = (link.share - SHARE_SWING).max(0.0);
            let high = (link.share + SHARE_SWING).min(1.0);
            let ends = [low, high].map(|share| {
                let mut p = pathway.clone();
                set_share(&mut p, i, k, share);
                analyse_valid(&p)
            });
            let parameter = Parameter::Share(link.to.clone());
            if let Some(swing) = swing(pathway, i, parameter, low, high, ends) {
                swings.push(swing);
            }
        }
    }
    swings.sort_by(|a, b| {
        b.cost_swing()
            .total_cmp(&a.cost_swing())
            .then(b.days_swing().total_cmp(&a.days_swing()))
    });
    Ok(swings)
}

/// A swing from the two ends' reports; none when an end cannot be solved (a share
/// of 100% round a loop would keep referrals in it for ever).
fn swing(
    pathway: &Pathway,
    index: usize,
    parameter: Parameter,
    low: f64,
    high: f64,
    ends: [Result<Report, AnalysisError>; 2],
) -> Option<Swing> {
    let [Ok(at_low), Ok(at_high)] = ends else {
        return None;
    };
    let finite = |r: &Report| r.cost_per_referral.is_finite() && r.elapsed_days.is_finite();
    (finite(&at_low) && finite(&at_high)).then(|| Swing {
        step_index: index,
        step: pathway.steps[index].id.clone(),
        parameter,
        low,
        high,
        cost_low: at_low.cost_per_referral,
        cost_high: at_high.cost_per_referral,
        days_low: at_low.elapsed_days,
        days_high: at_high.elapsed_days,
    })
}

fn set_estimate(p: &mut Pathway, index: usize, parameter: &Parameter, value: Estimate) {
    let step = &mut p.steps[index];
    match parameter {
        Parameter::TouchMinutes => step.touch_minutes = value,
        Parameter::WaitDays => step.wait_days = value,
        Parameter::UnitCost => step.unit_cost = value,
        Parameter::Share(_) => {}
    }
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
                    .all(|w| w[0].cost_swing() >= w[1].cost_swing())
            );
        }
    }
}
