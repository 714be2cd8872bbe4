//! The pathway model: roles, steps, the links between steps and their estimates.
//!
//! These types are exactly what a format 1 RON file holds (see the file format module);
//! field names are the file contract. The model owns its canvas geometry as plain
//! canvas coordinates ([`CanvasPos`]).

mod capacity;
mod estimate;
mod investment;

pub use capacity::{Capacity, DEFAULT_CV, DEFAULT_FACTOR, DEFAULT_TARGET_WEEKS};
pub use estimate::Estimate;
pub use investment::{
    CostItem, DEFAULT_YEARS, GREEN_BOOK_RATE, Investment, MOST_YEARS, PostsReleased, Range,
};

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// Default working hours in one whole-time equivalent a year (PSSRU).
pub const DEFAULT_WTE_HOURS: f64 = 1545.0;

/// A referral-management process: who does what, for how long, and where referrals go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pathway {
    /// The file format version, present only while a file is read or written: the
    /// file format module checks it on reading and clears it, and stamps it on
    /// writing. A pathway in memory has `None`, so it knows nothing of versions.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub format: Option<u32>,
    /// Name shown in reports and the window title.
    pub name: String,
    /// Free-text notes (who walked the process through, when, assumptions).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub notes: Option<String>,
    /// Referrals a year through this pathway.
    pub annual_referrals: f64,
    /// Working hours in one whole-time equivalent a year.
    #[serde(default = "default_wte_hours")]
    pub wte_hours: f64,
    /// Staff roles, each with an hourly cost.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The steps; the first is where every referral starts.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Values pinned as what-if levers (optional; files without it load as before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levers: Vec<Lever>,
    /// A factor on every role's overheads (its fully loaded rate less its direct
    /// rate), as a range for the uncertainty run: `(low: 0.5, likely: 1.0, high:
    /// 1.2)`. The point figures use the likely value; none means 1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub overhead_factor: Option<Estimate>,
    /// What this pathway, as an option, costs to put in and run, for the appraisal
    /// (optional; files without it load as before).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub investment: Option<Investment>,
    /// The first-appointment service's capacity: slots, the waiting list, and where
    /// a slot is sought (optional; files without it load as before). When present,
    /// the share finding no slot and the wait for a slot follow from it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub capacity: Option<Capacity>,
}

/// A value pinned as a what-if lever: the app shows it as a slider, and *Reset
/// levers* puts back the value it had when pinned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lever {
    /// The id of the step whose value it is.
    pub step: String,
    /// Which of the step's values.
    pub value: LeverValue,
    /// The value when it was pinned: the most likely value of an estimate, or a
    /// share (0 to 1).
    pub base: f64,
}

/// Which value of a step a lever moves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeverValue {
    /// The most likely touch minutes.
    TouchMinutes,
    /// The most likely wait days.
    WaitDays,
    /// The most likely unit cost.
    UnitCost,
    /// The share of the link to this step id (its siblings rebalanced).
    Share(String),
    /// The first-appointment slots published a week, in the pathway's capacity
    /// section (its step is the section's `books_at`).
    SlotsPerWeek,
}

fn default_wte_hours() -> f64 {
    DEFAULT_WTE_HOURS
}

/// A staff role (an Agenda for Change band, a GP, a consultant) and what an hour of it costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Identifier used by steps' `role`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Fully loaded cost of one working hour in pounds (pay, on-costs and overheads).
    pub hourly_cost: f64,
    /// Where the figure comes from.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub source: Option<String>,
    /// Who employs the role: a practice's savings do not reach a trust's budget.
    /// A role without one counts as [`Organisation::Other`].
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub organisation: Option<Organisation>,
    /// Direct cost of one working hour in pounds: salary plus on-costs, without
    /// overheads. Only this part of a saving becomes cash, and only if posts go.
    /// A role without one counts its whole `hourly_cost` as direct.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub direct_hourly_cost: Option<f64>,
    /// How `hourly_cost` was built, in words ("PSSRU 2025 fully loaded",
    /// "salary + on-costs"), shown beside the figures.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub cost_basis: Option<String>,
    /// The range of `hourly_cost` for the uncertainty run (`hourly_cost` is the
    /// likely value); the direct rate moves in proportion.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub rate_range: Option<Range>,
    /// When this pathway is compared with a current process: the id of the current
    /// process's role this one is costed as (its rate card), chosen by the user,
    /// instead of the role of the same id or name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub costed_as: Option<String>,
}

impl Role {
    /// A role with an id, a name and a fully loaded hourly cost, and nothing else.
    pub fn new(id: impl Into<String>, name: impl Into<String>, hourly_cost: f64) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            hourly_cost,
            source: None,
            organisation: None,
            direct_hourly_cost: None,
            cost_basis: None,
            rate_range: None,
            costed_as: None,
        }
    }

    /// The organisation, [`Organisation::Other`] when none is given.
    pub fn organisation_or_other(&self) -> Organisation {
        self.organisation.unwrap_or(Organisation::Other)
    }

    /// £ per hour at direct rates: `direct_hourly_cost`, or the whole `hourly_cost`
    /// when there is none, never more than `hourly_cost`.
    pub fn direct_rate(&self) -> f64 {
        self.direct_hourly_cost
            .map_or(self.hourly_cost, |d| d.min(self.hourly_cost))
    }
}

/// Who employs a role, so that savings can be split by whose budget they reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Organisation {
    /// The GP practice.
    Practice,
    /// The provider (the hospital trust).
    Provider,
    /// Anyone else, or not said.
    Other,
}

impl Organisation {
    /// Every organisation, in display order.
    pub const ALL: [Organisation; 3] = [
        Organisation::Practice,
        Organisation::Provider,
        Organisation::Other,
    ];

    /// The name as written in a model file.
    pub fn name(self) -> &'static str {
        match self {
            Organisation::Practice => "Practice",
            Organisation::Provider => "Provider",
            Organisation::Other => "Other",
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// One step of the process: a pass through somebody's hands, or a wait, or an end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Identifier used by links' `to`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The stage of the pathway this step belongs to.
    pub stage: Stage,
    /// The role doing the work; a step without a role has no staff time.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub role: Option<String>,
    /// Staff minutes per pass.
    #[serde(default, skip_serializing_if = "Estimate::is_zero")]
    pub touch_minutes: Estimate,
    /// Elapsed days from this step starting until the next one can start.
    #[serde(default, skip_serializing_if = "Estimate::is_zero")]
    pub wait_days: Estimate,
    /// Pounds of consumables per pass (postage, print, SMS).
    #[serde(default, skip_serializing_if = "Estimate::is_zero")]
    pub unit_cost: Estimate,
    /// Where referrals go next, with the share taking each branch.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub next: Vec<Link>,
    /// For an end step: how the referral ends.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub outcome: Option<Outcome>,
    /// What a pass through this step counts as (a letter, a phone call, a DNA...),
    /// for the letters, calls and failure demand in the results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counts_as: Vec<Counter>,
    /// The staff time here is clinical time at an attended appointment, outside the
    /// referral-management process: it stays in the step's own figures but is left
    /// out of both sides of a comparison, so it is never a saving. Ignored on a step
    /// that counts as a DNA (the lost slot is the process's to save).
    #[serde(default, skip_serializing_if = "is_false")]
    pub out_of_scope: bool,
    /// Position on the canvas.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub pos: Option<CanvasPos>,
    /// Where the figures come from.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_some"
    )]
    pub source: Option<String>,
}

impl Step {
    /// A new step with no role, no time, no cost and no links.
    pub fn new(id: impl Into<String>, name: impl Into<String>, stage: Stage) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            stage,
            role: None,
            touch_minutes: Estimate::default(),
            wait_days: Estimate::default(),
            unit_cost: Estimate::default(),
            next: Vec::new(),
            outcome: None,
            counts_as: Vec::new(),
            out_of_scope: false,
            pos: None,
            source: None,
        }
    }

    /// True when the step ends the pathway (it has no outgoing links).
    pub fn is_end(&self) -> bool {
        self.next.is_empty()
    }
}

/// A branch from one step to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Id of the step referrals go to.
    pub to: String,
    /// Share of referrals taking this branch, in (0, 1].
    pub share: f64,
}

/// A position on the canvas, in canvas units (not screen pixels).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanvasPos {
    /// Horizontal canvas coordinate.
    pub x: f64,
    /// Vertical canvas coordinate.
    pub y: f64,
}

/// The stages of a referral's journey, in pathway order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    /// At the GP practice, before the provider has the referral.
    Referral,
    /// The provider receives and registers the referral.
    Receipt,
    /// A clinician grades or triages the referral.
    Triage,
    /// An appointment is booked.
    Booking,
    /// Letters, reminders and calls to the patient.
    Communication,
    /// The appointment itself (attendance or DNA).
    Attendance,
    /// Anything else.
    Other,
}

impl Stage {
    /// Every stage in pathway order.
    pub const ALL: [Stage; 7] = [
        Stage::Referral,
        Stage::Receipt,
        Stage::Triage,
        Stage::Booking,
        Stage::Communication,
        Stage::Attendance,
        Stage::Other,
    ];

    /// The name as written in a model file.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Referral => "Referral",
            Stage::Receipt => "Receipt",
            Stage::Triage => "Triage",
            Stage::Booking => "Booking",
            Stage::Communication => "Communication",
            Stage::Attendance => "Attendance",
            Stage::Other => "Other",
        }
    }

    /// True for the stage that happens before the provider has received the referral,
    /// a wait that never shows in referral-to-treatment figures.
    pub fn is_before_receipt(self) -> bool {
        self == Stage::Referral
    }
}

/// How a referral ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// The patient is seen at an outpatient appointment.
    Appointment,
    /// The GP is advised (Advice & Guidance) and no appointment is needed.
    Advice,
    /// The referral is returned to the GP or the patient discharged.
    Returned,
    /// Straight to a test instead of an appointment.
    Test,
    /// Any other end.
    Other,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 5] = [
        Outcome::Appointment,
        Outcome::Advice,
        Outcome::Returned,
        Outcome::Test,
        Outcome::Other,
    ];

    /// The name as written in a model file.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Appointment => "Appointment",
            Outcome::Advice => "Advice",
            Outcome::Returned => "Returned",
            Outcome::Test => "Test",
            Outcome::Other => "Other",
        }
    }
}

/// What a pass through a step counts as, for counting letters, calls and failure
/// demand (work caused by something going wrong earlier) per referral.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Counter {
    /// A letter to the patient or the GP.
    Letter,
    /// A phone call (made or taken).
    Call,
    /// A text message.
    Text,
    /// A patient chasing their referral.
    Chase,
    /// A referral rejected or redirected.
    Rejected,
    /// An appointment slot issue (no slot could be booked).
    SlotIssue,
    /// A rebooking or cancellation.
    Rebooking,
    /// A patient did not attend.
    Dna,
}

impl Counter {
    /// Every counter.
    pub const ALL: [Counter; 8] = [
        Counter::Letter,
        Counter::Call,
        Counter::Text,
        Counter::Chase,
        Counter::Rejected,
        Counter::SlotIssue,
        Counter::Rebooking,
        Counter::Dna,
    ];

    /// The name as written in a model file.
    pub fn name(self) -> &'static str {
        match self {
            Counter::Letter => "Letter",
            Counter::Call => "Call",
            Counter::Text => "Text",
            Counter::Chase => "Chase",
            Counter::Rejected => "Rejected",
            Counter::SlotIssue => "SlotIssue",
            Counter::Rebooking => "Rebooking",
            Counter::Dna => "Dna",
        }
    }

    /// A plain-English plural label, e.g. "Letters".
    pub fn label(self) -> &'static str {
        match self {
            Counter::Letter => "Letters",
            Counter::Call => "Phone calls",
            Counter::Text => "Text messages",
            Counter::Chase => "Chasing calls",
            Counter::Rejected => "Rejected referrals",
            Counter::SlotIssue => "Appointment slot issues",
            Counter::Rebooking => "Rebookings",
            Counter::Dna => "DNAs",
        }
    }

    /// True for failure demand: work caused by something going wrong earlier.
    pub fn is_failure_demand(self) -> bool {
        matches!(
            self,
            Counter::Chase
                | Counter::Rejected
                | Counter::SlotIssue
                | Counter::Rebooking
                | Counter::Dna
        )
    }
}

impl Pathway {
    /// An empty pathway with default settings.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            format: None,
            name: name.into(),
            notes: None,
            annual_referrals: 0.0,
            wte_hours: DEFAULT_WTE_HOURS,
            roles: Vec::new(),
            steps: Vec::new(),
            levers: Vec::new(),
            overhead_factor: None,
            investment: None,
            capacity: None,
        }
    }

    /// Index of the step with this id (a search: for many look-ups, build a
    /// [`PathwayIndex`] once).
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// The role with this id.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }
}

/// Steps and roles by id, built once for many look-ups (a pathway's `step_index` and
/// `role` search the lists). The first step or role wins for a duplicate id, as
/// [`Pathway::step_index`] and [`Pathway::role`] find it.
#[derive(Clone, Debug, Default)]
pub struct PathwayIndex<'a> {
    steps: HashMap<&'a str, usize>,
    roles: HashMap<&'a str, usize>,
}

impl<'a> PathwayIndex<'a> {
    /// The index of a pathway's steps and roles.
    pub fn new(pathway: &'a Pathway) -> Self {
        let mut steps = HashMap::with_capacity(pathway.steps.len());
        for (i, s) in pathway.steps.iter().enumerate() {
            steps.entry(s.id.as_str()).or_insert(i);
        }
        let mut roles = HashMap::with_capacity(pathway.roles.len());
        for (i, r) in pathway.roles.iter().enumerate() {
            roles.entry(r.id.as_str()).or_insert(i);
        }
        Self { steps, roles }
    }

    /// Index of the step with this id.
    pub fn step(&self, id: &str) -> Option<usize> {
        self.steps.get(id).copied()
    }

    /// Index of the role with this id.
    pub fn role(&self, id: &str) -> Option<usize> {
        self.roles.get(id).copied()
    }
}

/// Serialises `Some(x)` as plain `x`, as the file format writes optional values.
fn plain_some<T: Serialize, S: serde::Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => v.serialize(serializer),
        None => serializer.serialize_none(),
    }
}
