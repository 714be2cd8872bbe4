//! Comparison of a current pathway with a proposed one (for example the bundled
//! best-practice e-Referral Service model), both at the current annual referrals.

use crate::analysis::{AnalysisError, CostSplit, Report, analyse};
use crate::model::{Organisation, Pathway, Role, Stage};
use crate::numbers::pounds;

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
    /// £ saved per referral split into cash, direct staff cost and capacity.
    pub saving_split: CostSplit,
}

/// Savings reaching one organisation, per referral.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationSaving {
    /// The organisation.
    pub organisation: Organisation,
    /// £ saved per referral split into cash, direct staff cost and capacity.
    pub saving_split: CostSplit,
    /// Whole-time equivalents released.
    pub wte_released: f64,
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
    /// Who employs the role (from the current pathway where it has the role).
    pub organisation: Organisation,
    /// £ saved per referral split into cash, direct staff cost and capacity.
    pub saving_split: CostSplit,
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
    /// £ saved per referral split into cash, staff time at direct rates and capacity.
    pub saving_split: CostSplit,
    /// The split saving by organisation, every one of [`Organisation::ALL`] in order.
    pub by_organisation: Vec<OrganisationSaving>,
    /// How each of the proposed pathway's roles was costed (see [`rate_card`]); empty
    /// when the comparison was made from reports alone ([`compare_reports`]).
    pub role_map: Vec<RoleMapping>,
    /// £ a referral of clinical time marked out of scope and left out of each side
    /// (current, proposed); none from [`compare_reports`] alone.
    pub clinical_left_out: [f64; 2],
    /// The proposed pathway's investment (what it costs, the posts it removes);
    /// none from [`compare_reports`] alone.
    pub investment: Option<crate::model::Investment>,
}

/// How a role of the proposed pathway is matched to the current pathway's roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleMatch {
    /// The same id.
    Id,
    /// The same name (ignoring case and spaces).
    Name,
    /// The current role the user chose ([`Role::costed_as`]).
    Chosen,
    /// No counterpart: the role keeps its own rate.
    Unmapped,
}

/// One role of the proposed pathway on the rate card.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleMapping {
    /// The proposed role's name.
    pub name: String,
    /// The current role it is costed as (its name), if any.
    pub costed_as: Option<String>,
    /// How it was matched.
    pub matched: RoleMatch,
    /// £ an hour in the proposed pathway's own file.
    pub own_rate: f64,
    /// £ an hour it is costed at.
    pub rate: f64,
}

impl RoleMapping {
    /// Whether the role is costed other than under its own id at its own rate: worth
    /// showing beside a comparison.
    pub fn is_notable(&self) -> bool {
        self.matched != RoleMatch::Id || (self.own_rate - self.rate).abs() >= 0.005
    }

    /// How the role is costed, in a sentence: "Booking clerk is costed as Clerk (the
    /// same name): £30.00 an hour, its own £25.00".
    pub fn describe(&self) -> String {
        let (rate, own) = (pounds(self.rate, 2), pounds(self.own_rate, 2));
        match (&self.costed_as, self.matched) {
            (Some(twin), RoleMatch::Name) => format!(
                "{} is costed as {twin} (the same name): {rate} an hour, its own {own}",
                self.name
            ),
            (Some(twin), RoleMatch::Chosen) => format!(
                "{} is costed as {twin} (chosen): {rate} an hour, its own {own}",
                self.name
            ),
            (Some(twin), _) => {
                format!(
                    "{} is costed as {twin}: {rate} an hour, its own {own}",
                    self.name
                )
            }
            (None, _) => format!(
                "{} has no role of that id or name in the current process: its own {own} an hour",
                self.name
            ),
        }
    }
}

/// The current role `role` of a proposed pathway is costed as, among `current`: the
/// one the user chose ([`Role::costed_as`]), else its [`counterpart`].
pub fn costed_as<'a>(role: &Role, current: &'a [Role]) -> Option<&'a Role> {
    role.costed_as
        .as_deref()
        .and_then(|id| current.iter().find(|r| r.id == id))
        .or_else(|| counterpart(role, current))
}

/// The counterpart of `role` among `others`: the same id, else the same name
/// (ignoring case and spaces).
pub fn counterpart<'a>(role: &Role, others: &'a [Role]) -> Option<&'a Role> {
    let squash = |s: &str| s.to_lowercase().split_whitespace().collect::<String>();
    others.iter().find(|r| r.id == role.id).or_else(|| {
        others
            .iter()
            .find(|r| squash(&r.name) == squash(&role.name))
    })
}

/// The proposed pathway costed at the current pathway's rate card, so that a saving
/// comes from the process and not from rates: each proposed role with a counterpart
/// among the current roles (the one the user chose, else by id, then by name) takes its
/// id, rates, cost basis and
/// organisation; a role with none keeps its own rate (and is flagged by
/// [`crate::like_for_like`]). The pathway comes back unchanged when nothing differs.
pub fn rate_card(current: &Pathway, proposed: &Pathway) -> (Pathway, Vec<RoleMapping>) {
    let mut costed = proposed.clone();
    let mut map = Vec::new();
    for (k, role) in proposed.roles.iter().enumerate() {
        let twin = costed_as(role, &current.roles);
        let chosen = role
            .costed_as
            .as_deref()
            .is_some_and(|id| twin.is_some_and(|t| t.id == id));
        let matched = match twin {
            Some(t) if t.id == role.id => RoleMatch::Id,
            Some(_) if chosen => RoleMatch::Chosen,
            Some(_) => RoleMatch::Name,
            None => RoleMatch::Unmapped,
        };
        if let Some(twin) = twin {
            // A role matched by name (or chosen) takes the current id, unless another
            // proposed role already has it (or took it before this one).
            let clash = costed
                .roles
                .iter()
                .enumerate()
                .any(|(j, r)| j != k && r.id == twin.id);
            let to = &mut costed.roles[k];
            if matches!(matched, RoleMatch::Name | RoleMatch::Chosen) && !clash {
                to.id.clone_from(&twin.id);
                for s in &mut costed.steps {
                    if s.role.as_deref() == Some(role.id.as_str()) {
                        s.role = Some(twin.id.clone());
                    }
                }
            }
            to.hourly_cost = twin.hourly_cost;
            to.direct_hourly_cost = twin.direct_hourly_cost;
            to.cost_basis.clone_from(&twin.cost_basis);
            to.organisation = twin.organisation;
            to.rate_range = twin.rate_range;
        }
        costed.roles[k].costed_as = None;
        map.push(RoleMapping {
            name: role.name.clone(),
            costed_as: twin.map(|t| t.name.clone()),
            matched,
            own_rate: role.hourly_cost,
            rate: costed.roles[k].hourly_cost,
        });
    }
    (costed, map)
}

impl Comparison {
    /// Whole-time equivalents released across all roles.
    pub fn wte_released(&self) -> f64 {
        self.current.total_wte() - self.proposed.total_wte()
    }

    /// £ saved a year split into cash, staff time at direct rates and capacity.
    pub fn annual_saving_split(&self) -> CostSplit {
        self.saving_split.scaled(self.current.annual_referrals)
    }

    /// The saving reaching one organisation.
    pub fn organisation(&self, organisation: Organisation) -> Option<&OrganisationSaving> {
        self.by_organisation
            .iter()
            .find(|o| o.organisation == organisation)
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

/// The two pathways as a comparison costs them: the proposed one at the current
/// pathway's rate card ([`rate_card`]), and on both sides the staff time of steps
/// marked [`crate::model::Step::out_of_scope`] left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Costed {
    /// The current pathway as costed.
    pub current: Pathway,
    /// The proposed pathway as costed (at its own annual referrals).
    pub proposed: Pathway,
    /// How the proposed roles were costed.
    pub role_map: Vec<RoleMapping>,
    /// Staff minutes per pass left out, by step index, on each side.
    left_out: [Vec<(usize, f64)>; 2],
}

impl Costed {
    /// Both pathways prepared for a comparison.
    pub fn new(current: &Pathway, proposed: &Pathway) -> Self {
        let (proposed, role_map) = rate_card(current, proposed);
        let (current, current_out) = in_scope(current.clone());
        let (proposed, proposed_out) = in_scope(proposed);
        Self {
            current,
            proposed,
            role_map,
            left_out: [current_out, proposed_out],
        }
    }

    /// Fills in what the comparison of the costed pathways needs to say: the rate
    /// card and the clinical time left out of each side.
    pub fn finish(&self, mut comparison: Comparison) -> Comparison {
        let left_out = |p: &Pathway, report: &Report, steps: &[(usize, f64)]| -> f64 {
            steps
                .iter()
                .map(|&(i, minutes)| {
                    let rate = p.steps[i]
                        .role
                        .as_deref()
                        .and_then(|r| p.roles.iter().find(|role| role.id == r))
                        .map_or(0.0, |r| r.hourly_cost);
                    report.steps.get(i).map_or(0.0, |s| s.visits) * minutes / 60.0 * rate
                })
                .sum()
        };
        comparison.clinical_left_out = [
            left_out(&self.current, &comparison.current, &self.left_out[0]),
            left_out(&self.proposed, &comparison.proposed, &self.left_out[1]),
        ];
        comparison.role_map.clone_from(&self.role_map);
        comparison.investment.clone_from(&self.proposed.investment);
        comparison
    }
}

/// The pathway with the staff time of its out-of-scope steps (other than DNAs) set to
/// none, and the minutes so left out by step.
fn in_scope(mut p: Pathway) -> (Pathway, Vec<(usize, f64)>) {
    let mut left_out = Vec::new();
    for (i, s) in p.steps.iter_mut().enumerate() {
        if s.out_of_scope && !s.counts_as.contains(&crate::model::Counter::Dna) {
            left_out.push((i, s.touch_minutes.mean()));
            s.touch_minutes = crate::model::Estimate::fixed(0.0);
        }
    }
    (p, left_out)
}

/// Compares two pathways, analysing the proposed one at the current annual referrals,
/// both as [`Costed`] costs them.
pub fn compare(current: &Pathway, proposed: &Pathway) -> Result<Comparison, CompareError> {
    costed_comparison(current, proposed).map(|(_, comparison)| comparison)
}

/// [`compare`], with the pathways as [`Costed`] costs them (the proposed one at the
/// current annual referrals), for what reads them beside the comparison (the
/// uncertainty run) without analysing them again.
pub fn costed_comparison(
    current: &Pathway,
    proposed: &Pathway,
) -> Result<(Costed, Comparison), CompareError> {
    let mut costed = Costed::new(current, proposed);
    costed.proposed.annual_referrals = current.annual_referrals;
    let current_report = analyse(&costed.current).map_err(CompareError::Current)?;
    let proposed_report = analyse(&costed.proposed).map_err(CompareError::Proposed)?;
    let comparison = costed.finish(compare_reports(current_report, proposed_report));
    Ok((costed, comparison))
}

/// Compares two reports already computed at the same annual referrals.
pub fn compare_reports(current: Report, proposed: Report) -> Comparison {
    let split = |s: Option<CostSplit>| s.unwrap_or_default();
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
                saving_split: split(c.map(|s| s.cost_split)) - split(p.map(|s| s.cost_split)),
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
            organisation: c.or(p).map_or(Organisation::Other, |r| r.organisation),
            saving_split: split(c.map(|r| r.cost_split)) - split(p.map(|r| r.cost_split)),
        });
    }
    let by_organisation = Organisation::ALL
        .iter()
        .map(|&organisation| {
            let (c, p) = (
                current.organisation(organisation),
                proposed.organisation(organisation),
            );
            OrganisationSaving {
                organisation,
                saving_split: split(c.map(|o| o.cost_split)) - split(p.map(|o| o.cost_split)),
                wte_released: c.map_or(0.0, |o| o.wte) - p.map_or(0.0, |o| o.wte),
            }
        })
        .collect();

    Comparison {
        saving_per_referral: current.cost_per_referral - proposed.cost_per_referral,
        annual_saving: current.annual_cost - proposed.annual_cost,
        staff_minutes_saved_per_referral: current.staff_minutes_per_referral
            - proposed.staff_minutes_per_referral,
        days_saved: current.elapsed_days - proposed.elapsed_days,
        by_stage,
        by_role,
        saving_split: current.cost_split - proposed.cost_split,
        by_organisation,
        role_map: Vec::new(),
        clinical_left_out: [0.0; 2],
        investment: None,
        current,
        proposed,
    }
}
