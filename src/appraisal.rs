//! An appraisal over years, as the Green Book sets one out: an option's one-off costs
//! in year 0, its recurring costs and its benefits (ramped up) in years 1 to N, every
//! cost raised by the optimism-bias uplift, each year discounted.
//!
//! Conventions: year 0 is undiscounted; year t is divided by (1 + rate)^t; `npv` counts
//! every benefit (cash and non-cash) less costs, `npv_cash` cash less costs; the
//! payback year is the first whose cumulative discounted net (all benefits) is at or
//! above zero; a cost with a range counts at its likely value.

use crate::classes::Classes;
use crate::model::{Investment, Organisation};

/// One year of an appraisal, in £ (undiscounted unless said).
#[derive(Clone, Debug, PartialEq)]
pub struct YearRow {
    /// 0 for the one-off costs, then 1 to N.
    pub year: u32,
    /// Costs, optimism bias included.
    pub costs: f64,
    /// Cash-releasing benefit.
    pub cash_benefit: f64,
    /// Non-cash benefit: staff time and capacity.
    pub non_cash_benefit: f64,
    /// Benefits less costs.
    pub net: f64,
    /// 1 / (1 + rate)^year.
    pub discount_factor: f64,
    /// The net, discounted.
    pub discounted_net: f64,
    /// The discounted net of this year and every year before it.
    pub cumulative_discounted: f64,
}

/// Present values reaching one organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationAppraisal {
    /// The organisation.
    pub organisation: Organisation,
    /// Present value of the costs it pays.
    pub pv_costs: f64,
    /// Present value of its benefits (cash and non-cash).
    pub pv_benefits: f64,
}

impl OrganisationAppraisal {
    /// Benefits less costs, discounted.
    pub fn npv(&self) -> f64 {
        self.pv_benefits - self.pv_costs
    }
}

/// An option appraised over its period.
#[derive(Clone, Debug, PartialEq)]
pub struct Appraisal {
    /// Year 0 to N.
    pub years: Vec<YearRow>,
    /// Net present value of every benefit less costs.
    pub npv: f64,
    /// Net present value of the cash-releasing benefit less costs.
    pub npv_cash: f64,
    /// Present value of the costs.
    pub pv_costs: f64,
    /// Present value of every benefit.
    pub pv_benefits: f64,
    /// The first year whose cumulative discounted net is at or above zero; none
    /// within the period.
    pub payback_year: Option<u32>,
    /// Present value of benefits over present value of costs; none without costs.
    pub benefit_cost_ratio: Option<f64>,
    /// By organisation, every one of [`Organisation::ALL`].
    pub by_organisation: Vec<OrganisationAppraisal>,
    /// The discount rate used.
    pub discount_rate: f64,
}

/// The appraisal of an option's saving a year (its classes) with its investment, each
/// cost at its likely value.
pub fn appraise(classes: &Classes, investment: &Investment) -> Appraisal {
    let likely: Vec<f64> = investment
        .one_off
        .iter()
        .chain(&investment.recurring)
        .map(|item| item.cost.likely)
        .collect();
    appraise_with(classes, investment, &likely)
}

/// The appraisal with the cost items' £ given by `costs` (a draw, in the uncertainty
/// run), one-off items then recurring ones as the investment lists them, before the
/// optimism-bias uplift; an item without a figure costs nothing.
pub fn appraise_with(classes: &Classes, investment: &Investment, costs: &[f64]) -> Appraisal {
    let uplift = 1.0 + investment.optimism_bias;
    let rate = investment.discount_rate;
    let first_recurring = investment.one_off.len();
    let total = |recurring: bool, org: Option<Organisation>| -> f64 {
        let (items, offset) = if recurring {
            (&investment.recurring, first_recurring)
        } else {
            (&investment.one_off, 0)
        };
        items
            .iter()
            .enumerate()
            .filter(|(_, i)| org.is_none_or(|o| i.organisation == o))
            .map(|(k, _)| costs.get(offset + k).copied().unwrap_or(0.0))
            .sum::<f64>()
            * uplift
    };
    let (one_off, recurring) = (total(false, None), total(true, None));
    let (cash, non_cash) = (classes.cash, classes.non_cash());
    let mut years = Vec::with_capacity(investment.years as usize + 1);
    let mut cumulative = 0.0;
    let (mut npv_cash, mut pv_costs, mut pv_benefits) = (0.0, 0.0, 0.0);
    let mut payback_year = None;
    for year in 0..=investment.years {
        let ramp = if year == 0 {
            0.0
        } else {
            investment.ramp_in(year)
        };
        let costs = if year == 0 { one_off } else { recurring };
        let (cash_benefit, non_cash_benefit) = (cash * ramp, non_cash * ramp);
        let net = cash_benefit + non_cash_benefit - costs;
        let discount_factor = discount(rate, year);
        cumulative += net * discount_factor;
        npv_cash += (cash_benefit - costs) * discount_factor;
        pv_costs += costs * discount_factor;
        pv_benefits += (cash_benefit + non_cash_benefit) * discount_factor;
        if payback_year.is_none() && cumulative >= 0.0 {
            payback_year = Some(year);
        }
        years.push(YearRow {
            year,
            costs,
            cash_benefit,
            non_cash_benefit,
            net,
            discount_factor,
            discounted_net: net * discount_factor,
            cumulative_discounted: cumulative,
        });
    }
    let benefit_years: f64 = (1..=investment.years)
        .map(|y| investment.ramp_in(y) * discount(rate, y))
        .sum();
    let recurring_years: f64 = (1..=investment.years).map(|y| discount(rate, y)).sum();
    let by_organisation = Organisation::ALL
        .iter()
        .map(|&organisation| {
            let benefit = classes
                .by_organisation
                .iter()
                .find(|(o, _)| *o == organisation)
                .map_or(0.0, |(_, v)| *v);
            OrganisationAppraisal {
                organisation,
                pv_costs: total(false, Some(organisation))
                    + total(true, Some(organisation)) * recurring_years,
                pv_benefits: benefit * benefit_years,
            }
        })
        .collect();
    Appraisal {
        npv: cumulative,
        npv_cash,
        pv_costs,
        pv_benefits,
        payback_year,
        benefit_cost_ratio: (pv_costs > 0.0).then(|| pv_benefits / pv_costs),
        by_organisation,
        discount_rate: rate,
        years,
    }
}

/// 1 / (1 + rate)^year.
pub fn discount(rate: f64, year: u32) -> f64 {
    1.0 / (1.0 + rate).powi(year as i32)
}

#[cfg(test)]
mod tests;
