//! What an option costs to put in and to run, over how many years, and the range of
//! an hourly rate: the inputs of an appraisal (see [`crate::appraisal`]).

use serde::{Deserialize, Serialize};

use super::{Estimate, Organisation, plain_some};

/// The Green Book discount rate: 3.5% a year, real.
pub const GREEN_BOOK_RATE: f64 = 0.035;

/// The appraisal period when a file does not say: five years.
pub const DEFAULT_YEARS: u32 = 5;

/// The most years an appraisal covers.
pub const MOST_YEARS: u32 = 60;

/// What an option costs to put in place and to keep running, and how its benefits
/// arrive over the years. Stored in the option's model file as `investment: (...)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Investment {
    /// One-off costs, all in year 0 (integration, set-up, training and backfill).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_off: Vec<CostItem>,
    /// Costs in every year from 1 to [`Investment::years`] (licences, SMS and
    /// digital-letter contracts, A&G fees).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recurring: Vec<CostItem>,
    /// The share of the full benefit reached in each year from year 1; the last value
    /// holds for the remaining years. Empty means the full benefit from year 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ramp: Vec<f64>,
    /// The appraisal period in years (1 to [`MOST_YEARS`]).
    #[serde(default = "default_years")]
    pub years: u32,
    /// The real discount rate a year (0.035: the Green Book's 3.5%).
    #[serde(default = "default_rate")]
    pub discount_rate: f64,
    /// The optimism-bias uplift on costs: every cost is multiplied by 1 + this.
    #[serde(default)]
    pub optimism_bias: f64,
    /// Posts the option removes: their share of the role's direct staff saving is
    /// cash-releasing instead of staff time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub posts_released: Vec<PostsReleased>,
}

fn default_years() -> u32 {
    DEFAULT_YEARS
}

fn default_rate() -> f64 {
    GREEN_BOOK_RATE
}

impl Default for Investment {
    fn default() -> Self {
        Self {
            one_off: Vec::new(),
            recurring: Vec::new(),
            ramp: Vec::new(),
            years: DEFAULT_YEARS,
            discount_rate: GREEN_BOOK_RATE,
            optimism_bias: 0.0,
            posts_released: Vec::new(),
        }
    }
}

impl Investment {
    /// The investment in a line: "one-off £40,000 (1 cost); £3,000 a year (1 cost);
    /// ramp 50%, 100%; 5 years at 3.5%; optimism bias 20%; 1 WTE of posts removed".
    pub fn summary(&self) -> String {
        use crate::numbers::{grouped_trimmed, percent, pounds};
        let total = |items: &[CostItem]| items.iter().map(|i| i.cost.likely).sum::<f64>();
        let count = |items: &[CostItem]| match items.len() {
            1 => "1 cost".to_owned(),
            n => format!("{n} costs"),
        };
        let mut parts = vec![
            format!(
                "one-off {} ({})",
                pounds(total(&self.one_off), 0),
                count(&self.one_off)
            ),
            format!(
                "{} a year ({})",
                pounds(total(&self.recurring), 0),
                count(&self.recurring)
            ),
        ];
        if !self.ramp.is_empty() {
            let ramp: Vec<String> = self.ramp.iter().map(|r| percent(*r)).collect();
            parts.push(format!("ramp {}", ramp.join(", ")));
        }
        parts.push(format!(
            "{} years at {}",
            self.years,
            percent(self.discount_rate)
        ));
        parts.push(format!("optimism bias {}", percent(self.optimism_bias)));
        let posts: f64 = self.posts_released.iter().map(|p| p.wte).sum();
        if posts > 0.0 {
            parts.push(format!(
                "{} WTE of posts removed",
                grouped_trimmed(posts, 2)
            ));
        }
        parts.join("; ")
    }

    /// The share of the full benefit reached in `year` (1 or later): the ramp's value
    /// for the year, its last value after it ends, 1 without a ramp.
    pub fn ramp_in(&self, year: u32) -> f64 {
        let k = (year.max(1) - 1) as usize;
        self.ramp
            .get(k)
            .or(self.ramp.last())
            .copied()
            .unwrap_or(1.0)
    }
}

/// One cost of an option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostItem {
    /// What it is ("PAS integration").
    pub name: String,
    /// £ (a year for a recurring cost): a number or `(low: .., likely: .., high: ..)`;
    /// the point figures use the likely value.
    pub cost: Estimate,
    /// Who pays it.
    #[serde(default = "provider")]
    pub organisation: Organisation,
    /// Where the figure comes from.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub source: Option<String>,
}

fn provider() -> Organisation {
    Organisation::Provider
}

/// Posts of one role the option removes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostsReleased {
    /// The role's id (in the current pathway).
    pub role: String,
    /// Whole-time equivalents removed (at most the WTE the option releases in it).
    pub wte: f64,
}

/// The range of a figure whose point value is given elsewhere (an hourly rate).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// Lowest plausible value.
    pub low: f64,
    /// Highest plausible value.
    pub high: f64,
}
