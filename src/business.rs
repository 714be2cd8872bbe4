//! The business case of an option against the current process: its saving by kind of
//! money, its appraisal over years and how sure both are.

use crate::appraisal::{Appraisal, appraise};
use crate::classes::Classes;
use crate::compare::{Comparison, Costed};
use crate::model::Investment;
use crate::uncertainty::{self, Uncertainty};

/// The seed of the uncertainty run, so the same files give the same ranges.
pub const SEED: u64 = 2026;

/// An option's business case.
#[derive(Clone, Debug, PartialEq)]
pub struct BusinessCase {
    /// The saving a year by kind of money.
    pub classes: Classes,
    /// The investment appraised: the option's own, or none (no costs, the default
    /// period and rate) when its file has none.
    pub investment: Investment,
    /// Whether the option's file carries an investment.
    pub has_investment: bool,
    /// The appraisal over the period.
    pub appraisal: Appraisal,
    /// The spread of the saving and the NPV.
    pub uncertainty: Uncertainty,
}

impl BusinessCase {
    /// The business case of `costed`'s proposal against its current pathway, of
    /// which `comparison` is the comparison, with `draws` draws for the uncertainty
    /// run.
    pub fn new(costed: &Costed, comparison: &Comparison, draws: usize) -> Self {
        let proposed = &costed.proposed;
        let investment = proposed.investment.clone().unwrap_or_default();
        let classes = Classes::of(comparison, Some(&investment));
        debug_assert!(comparison.investment.is_none() || comparison.classes() == classes);
        let appraisal = appraise(&classes, &investment);
        let uncertainty =
            uncertainty::run_costed(costed, comparison, Some(&investment), draws, SEED);
        Self {
            classes,
            has_investment: proposed.investment.is_some(),
            investment,
            appraisal,
            uncertainty,
        }
    }
}
