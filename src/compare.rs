//! Comparison of a current pathway with a proposed one (for example the bundled
//! best-practice e-Referral Service model), both at the current annual referrals.

use crate::analysis::{AnalysisError, Report, analyse};
use crate::model::{Pathway, Stage};

/// Savings in one stage, per referral (positive means the proposed pathway is cheaper,
/// uses fewer minutes or is quicker).
#[derive(Clone, Debug, PartialEq)]
pub struct StageSaving {
    /// The stage.
    pub stage: Stage,
    /// £ saved per referral.
    pub cost_saving: f64,
    /// Staff minutes saved per referral.
    pub staff_minutes_saved: f64,
    /// Elapsed days saved per referral.
    pub days_saved: f64,
}

/// Staff time released in one role.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleSaving {
    /// Role id.
    pub id: String,
    /// Role name (from the current pathway where it has the role).
    pub name: String,
    /// True when the current pathway has this role.
    pub in_current: bool,
    /// True when the proposed pathway has this role.
    pub in_proposed: bool,
    /// Staff minutes saved per referral.
    pub staff_minutes_saved: f64,
    /// £ saved per referral.
    pub cost_saving: f64,
    /// Staff hours released a year.
    pub annual_hours_released: f64,
    /// Whole-time equivalents released.
    pub wte_released: f64,
}

/// Current against proposed.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Report of the current pathway.
    pub current: Report,
    /// Report of the proposed pathway, at the current pathway's annual referrals.
    pub proposed: Report,
    /// £ saved per referral.
    pub saving_per_referral: f64,
    /// £ saved a year.
    pub annual_saving: f64,
    /// Staff minutes saved per referral.
    pub staff_minutes_saved_per_referral: f64,
    /// Elapsed days saved per referral.
    pub days_saved: f64,
    /// Savings by stage, for every stage either pathway has, in stage order.
    pub by_stage: Vec<StageSaving>,
    /// Savings by role id, current roles first, then roles only the proposed has.
    pub by_role: Vec<RoleSaving>,
}

impl Comparison {
    /// Whole-time equivalents released across all roles.
    pub fn wte_released(&self) -> f64 {
        self.current.total_wte() - self.proposed.total_wte()
    }
}

/// Which pathway of a comparison failed to analyse.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// The current pathway.
    #[error("current pathway: {0}")]
    Current(AnalysisError),
    /// The proposed pathway.
    #[error("proposed pathway: {0}")]
    Proposed(AnalysisError),
}

/// Compares two pathways, analysing the proposed one at the current annual referrals.
pub fn compare(current: &Pathway, proposed: &Pathway) -> Result<Comparison, CompareError> {
    let current_report = analyse(current).map_err(CompareError::Current)?;
    let mut proposed = proposed.clone();
    proposed.annual_referrals = current.annual_referrals;
    let proposed_report = analyse(&proposed).map_err(CompareError::Proposed)?;
    Ok(compare_reports(current_report, proposed_report))
}

/// Compares two reports already computed at the same annual referrals.
pub fn compare_reports(current: Report, proposed: Report) -> Comparison {
    let by_stage = Stage::ALL
        .iter()
        .filter_map(|&stage| {
            let (c, p) = (current.stage(stage), proposed.stage(stage));
            if c.is_none() && p.is_none() {
                return None;
            }
            let get =
                |r: Option<&crate::analysis::StageResult>,
                 f: fn(&crate::analysis::StageResult) -> f64| r.map_or(0.0, f);
            Some(StageSaving {
                stage,
                cost_saving: get(c, |s| s.cost) - get(p, |s| s.cost),
                staff_minutes_saved: get(c, |s| s.staff_minutes) - get(p, |s| s.staff_minutes),
                days_saved: get(c, |s| s.elapsed_days) - get(p, |s| s.elapsed_days),
            })
        })
        .collect();

    let mut by_role: Vec<RoleSaving> = Vec::new();
    let ids = current
        .by_role
        .iter()
        .chain(&proposed.by_role)
        .map(|r| (r.id.as_str(), r.name.as_str()));
    for (id, name) in ids {
        if by_role.iter().any(|r| r.id == id) {
            continue;
        }
        let (c, p) = (current.role(id), proposed.role(id));
        let get = |r: Option<&crate::analysis::RoleResult>,
                   f: fn(&crate::analysis::RoleResult) -> f64| r.map_or(0.0, f);
        by_role.push(RoleSaving {
            id: id.to_owned(),
            name: name.to_owned(),
            in_current: c.is_some(),
            in_proposed: p.is_some(),
            staff_minutes_saved: get(c, |r| r.staff_minutes) - get(p, |r| r.staff_minutes),
            cost_saving: get(c, |r| r.cost) - get(p, |r| r.cost),
            annual_hours_released: get(c, |r| r.annual_hours) - get(p, |r| r.annual_hours),
            wte_released: get(c, |r| r.wte) - get(p, |r| r.wte),
        });
    }

    Comparison {
        saving_per_referral: current.cost_per_referral - proposed.cost_per_referral,
        annual_saving: current.annual_cost - proposed.annual_cost,
        staff_minutes_saved_per_referral: current.staff_minutes_per_referral
            - proposed.staff_minutes_per_referral,
        days_saved: current.elapsed_days - proposed.elapsed_days,
        by_stage,
        by_role,
        current,
        proposed,
    }
}
