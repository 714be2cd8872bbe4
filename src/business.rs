//! The business case of an option against the current process: its saving by kind of
//! money and its appraisal over years (exact, and cheap), and how sure both are (the
//! ranges of the uncertainty run: many draws, worked out apart, see [`ranges`]).

use crate::appraisal::{Appraisal, appraise};
use crate::classes::Classes;
use crate::compare::{Comparison, Costed};
use crate::model::Investment;
use crate::uncertainty::{self, Uncertainty};

/// The seed of the uncertainty run, so the same files give the same ranges.
pub const SEED: u64 = 2026;

/// An option's business case: the exact figures, without the ranges (see [`ranges`]).
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
}

impl BusinessCase {
    /// The business case of `costed`'s proposal against its current pathway, of
    /// which `comparison` is the comparison.
    pub fn new(costed: &Costed, comparison: &Comparison) -> Self {
        let proposed = &costed.proposed;
        let investment = appraised_investment(costed);
        let classes = Classes::of(comparison, Some(&investment));
        debug_assert!(comparison.investment.is_none() || comparison.classes() == classes);
        let appraisal = appraise(&classes, &investment);
        Self {
            classes,
            has_investment: proposed.investment.is_some(),
            investment,
            appraisal,
        }
    }
}

/// The investment a business case appraises: the option's own, or none.
fn appraised_investment(costed: &Costed) -> Investment {
    costed.proposed.investment.clone().unwrap_or_default()
}

/// The ranges of the business case of `costed`'s proposal (of which `comparison` is
/// the comparison): the spread of the saving and of the NPV over `draws` draws from
/// [`SEED`]. The one way they are worked out, by the command line at once and by the
/// app's session in the background.
pub fn ranges(costed: &Costed, comparison: &Comparison, draws: usize) -> Uncertainty {
    let investment = appraised_investment(costed);
    uncertainty::run_costed(costed, comparison, Some(&investment), draws, SEED)
}
