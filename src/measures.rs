//! Best practice applied to a copy of the user's own pathway.
//!
//! A [`Measure`] is one best-practice change to a referral-management process (refer
//! through e-RS, book directly, triage on the worklist, Advice & Guidance, digital
//! letters, SMS reminders). It finds the steps it applies to by what the pathway
//! already says (stage, role, what a pass counts as, outcome), says which steps it will
//! change and how before anything is changed, and is made of ordinary [`Edit`]s, so
//! undo, *What changed*, levers and the diff work on the result. Its effects are
//! [`Parameter`]s with a source and a low, likely and high value.
//!
//! The user's roles, rates, clinical steps, annual referrals and patient mix are never
//! touched: the option differs from the pathway only by the process changes, so the
//! comparison is like for like. [`apply`] takes measures in turn and records the cost
//! after each, so the saving splits by measure and adds up to the total.

use crate::analysis::analyse;
use crate::edit::{self, Edit, EditError, StepField, unique_step_id};
use crate::graph::{search, successors};
use crate::model::{Counter, Estimate, Link, Outcome, Pathway, Stage, Step};

/// What a parameter's number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A share of referrals, 0 to 1.
    Share,
    /// Staff minutes.
    Minutes,
    /// Elapsed days.
    Days,
    /// Pounds.
    Pounds,
}

/// One sourced effect of a measure, with its range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Parameter {
    /// Short name, as on the command line (`--set MEASURE.NAME=VALUE`).
    pub id: &'static str,
    /// What it is, in words.
    pub label: &'static str,
    /// What the numbers are.
    pub unit: Unit,
    /// Low, likely (the default) and high values.
    pub range: Estimate,
    /// Where the figures come from.
    pub source: &'static str,
}

/// Which best-practice change a measure makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Refer electronically through e-RS.
    ErsReferral,
    /// Direct booking at the point of referral or online.
    DirectBooking,
    /// Clinician triage on the e-RS worklist.
    WorklistTriage,
    /// Advice & Guidance before referral.
    AdviceAndGuidance,
    /// Digital letters.
    DigitalLetters,
    /// Two-way SMS reminders.
    SmsReminders,
}

/// A best-practice measure of the library.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measure {
    /// Short name, as on the command line.
    pub id: &'static str,
    /// Its name on screen.
    pub name: &'static str,
    /// A short name, for a chart's axis.
    pub short: &'static str,
    /// What it changes, in a sentence.
    pub what: &'static str,
    /// Which steps it looks for.
    pub finds: &'static str,
    /// Its sourced effects.
    pub parameters: &'static [Parameter],
    /// Which change it makes.
    pub kind: Kind,
}

const fn range(low: f64, likely: f64, high: f64) -> Estimate {
    Estimate { low, likely, high }
}

/// The share of letters read digitally (low, likely, high): 40-80% (Barnsley 40% fewer
/// letters; Calderdale and Huddersfield 72%; Nottingham about 80%), the central 60% most
/// likely. The digital-letters measure defaults to it and the bundled best-practice
/// models' digital letter costs are worked from it (a test checks they agree).
pub const DIGITAL_LETTER_SHARE: Estimate = range(0.4, 0.6, 0.8);

/// The library of measures, in the order they are applied.
pub const LIBRARY: [Measure; 6] = [
    Measure {
        id: "ers-referral",
        name: "Refer electronically through e-RS",
        short: "e-RS referral",
        what: "the referral letter is attached in e-RS: printing, envelopes, post and the \
               patient's chasing of a lost letter go, and the referral arrives the same day",
        finds: "Referral-stage steps that post a letter (count as Letter) or print \
                (consumables), Referral-stage chasing (count as Chase), and Receipt-stage \
                steps that open the post (\"post\" in the name)",
        parameters: &[Parameter {
            id: "print-minutes",
            label: "staff minutes a referral no longer spent printing, signing and enveloping",
            unit: Unit::Minutes,
            range: range(1.0, 2.0, 3.0),
            source: "assumed: 7 minutes to type, check, sign, print and envelope a referral \
                     letter (Patterson 2010, BMJ Qual Saf 19:e51) against about 5 to write \
                     and attach it in e-RS",
        }],
        kind: Kind::ErsReferral,
    },
    Measure {
        id: "direct-booking",
        name: "Direct booking",
        short: "Direct booking",
        what: "a share of referrals books at the point of referral or online (e-RS, NHS \
               App) instead of a phone call from the hospital; the rest are Appointment \
               Slot Issues booked from the e-RS worklist by the same staff in the same time",
        finds: "Booking-stage steps with a role that count as a Call (a phone booking), in \
                a pathway with no Appointment Slot Issue route yet",
        parameters: &[
            Parameter {
                id: "share",
                label: "share of referrals booked directly",
                unit: Unit::Share,
                range: range(0.25, 0.38, 0.6),
                source: "e-RS open data Oct 2019-Feb 2023 (NHS Digital, [MI] NHS e-Referral \
                         Service Open Data): 21.0m bookings for 55.1m referrals, about 38%; \
                         range assumed",
            },
            Parameter {
                id: "asi-days",
                label: "days an Appointment Slot Issue waits on the worklist",
                unit: Unit::Days,
                range: range(7.0, 14.0, 28.0),
                source: "assumed; e-RS guidance: an ASI can wait weeks",
            },
        ],
        kind: Kind::DirectBooking,
    },
    Measure {
        id: "worklist-triage",
        name: "Clinician triage on the e-RS worklist",
        short: "Worklist triage",
        what: "the clinician reviews referrals on the e-RS Referrals for Review worklist \
               instead of printed grading: the vetting queue shortens, printing goes, and \
               a rejected referral is returned in e-RS instead of by letter",
        finds: "Triage-stage steps with a role (grading, vetting) and Triage-stage steps \
                that count as Rejected",
        parameters: &[Parameter {
            id: "review-days",
            label: "days a referral waits for review on the worklist",
            unit: Unit::Days,
            range: range(1.0, 3.0, 7.0),
            source: "assumed (the bundled best-practice model); a step that already waits \
                     less keeps its own wait",
        }],
        kind: Kind::WorklistTriage,
    },
    Measure {
        id: "advice-and-guidance",
        name: "Advice & Guidance before referral",
        short: "Advice & Guidance",
        what: "a share of the GP's referrals starts as an Advice & Guidance request: the \
               GP asks, the practice is paid the fee, a consultant replies, and a share \
               ends with advice instead of a referral",
        finds: "the first step, at the GP in the Referral stage, when no advice is reached \
                before the hospital receives the referral",
        parameters: &[
            Parameter {
                id: "request-share",
                label: "share of referrals that start as a request",
                unit: Unit::Share,
                range: range(0.08, 0.16, 0.25),
                source: "NHS England target: 16 requests per 100 first attendances \
                         (2022/23 planning guidance); range assumed",
            },
            Parameter {
                id: "advice-share",
                label: "share of requests that end with advice (no referral)",
                unit: Unit::Share,
                range: range(0.2, 0.32, 0.5),
                source: "Northumbria: 1,000 of 3,100 requests (32%); about half (Nuffield \
                         Trust, 2026); 86% of A&G patients were referred within 4 months in \
                         CPRD 2015-23 (preprint), so the low end is lower",
            },
            Parameter {
                id: "gp-minutes",
                label: "GP's minutes to ask and act on the reply",
                unit: Unit::Minutes,
                range: range(3.0, 5.0, 8.0),
                source: "assumed (domain brief: GP and consultant about 5 minutes each)",
            },
            Parameter {
                id: "reply-minutes",
                label: "consultant's minutes to reply",
                unit: Unit::Minutes,
                range: range(3.0, 5.0, 8.0),
                source: "assumed (NHS England A&G guidance: about 5 minutes)",
            },
            Parameter {
                id: "fee",
                label: "fee paid to the practice a request",
                unit: Unit::Pounds,
                range: range(20.0, 20.0, 20.0),
                source: "2025/26 GP contract: £20 a request, paid by the commissioner (a \
                         step of its own with no role, so the fee is on Other, as in the \
                         bundled best-practice model)",
            },
        ],
        kind: Kind::AdviceAndGuidance,
    },
    Measure {
        id: "digital-letters",
        name: "Digital letters",
        short: "Digital letters",
        what: "letters to patients go digitally (NHS App, e-mail), paper only if unopened: \
               the digital share costs the digital price and needs no printing, \
               enveloping or post days",
        finds: "steps after the Referral stage that count as a Letter and cost at least \
                50p a letter (posted)",
        parameters: &[
            Parameter {
                id: "share",
                label: "share of letters read digitally",
                unit: Unit::Share,
                range: DIGITAL_LETTER_SHARE,
                source: "40-80% of letters digital (Barnsley 40% fewer letters; Calderdale \
                         and Huddersfield 72% digital; Nottingham about 80%): the central \
                         60%, as in the bundled best-practice models",
            },
            Parameter {
                id: "price",
                label: "£ a digital letter",
                unit: Unit::Pounds,
                range: range(0.0, 0.05, 0.1),
                source: "assumed: NHS App messages are free; a typical two-fragment text \
                         is about 5.3p",
            },
        ],
        kind: Kind::DigitalLetters,
    },
    Measure {
        id: "sms-reminders",
        name: "Two-way SMS reminders",
        short: "SMS reminders",
        what: "every patient gets a two-way text before the clinic: fewer do not attend, \
               and each text costs its price",
        finds: "steps that lead to a step counting as a DNA (the clinic), when no step \
                counting as a Text leads to them yet",
        parameters: &[
            Parameter {
                id: "dna-cut",
                label: "share of DNAs avoided",
                unit: Unit::Share,
                range: range(0.24, 0.3, 0.375),
                source: "Barts RCT: 11.1% to 8.4% (24% fewer) with the cost stated; Leeds \
                         two-way SMS: 12% to 7.5% (37.5% fewer)",
            },
            Parameter {
                id: "price",
                label: "£ a text",
                unit: Unit::Pounds,
                range: range(0.0264, 0.053, 0.08),
                source: "about 2.64p a fragment, about 5.3p a typical two-fragment text",
            },
        ],
        kind: Kind::SmsReminders,
    },
];

/// The measure with this id.
pub fn find(id: &str) -> Option<&'static Measure> {
    LIBRARY.iter().find(|m| m.id == id)
}

/// One change a measure will make, for the user to see before it is applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    /// The step changed, by id (a new step's id once added).
    pub step: String,
    /// What happens to it.
    pub what: String,
}

/// What a measure will do to a pathway: the changes in words and the edits that make
/// them, applied in order. No change: the measure found nothing to do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// The changes, step by step.
    pub changes: Vec<Planned>,
    /// The edits, in order.
    pub edits: Vec<Edit>,
}

impl Plan {
    /// Whether the measure found nothing to change.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    fn note(&mut self, step: &str, what: impl Into<String>) {
        self.changes.push(Planned {
            step: step.to_owned(),
            what: what.into(),
        });
    }
}

impl Measure {
    /// The likely value of each parameter, in order.
    pub fn defaults(&self) -> Vec<f64> {
        self.parameters.iter().map(|p| p.range.likely).collect()
    }

    /// The steps (by index) this measure applies to by default: those its one
    /// predicate ([`Measure::finds`]) picks out.
    pub fn targets(&self, p: &Pathway) -> Vec<usize> {
        (0..p.steps.len()).filter(|&i| self.finds(p, i)).collect()
    }

    /// Whether this measure, left to itself, changes step `i` of `p`: the one test by
    /// which it finds its steps, from what the pathway already says.
    pub fn finds(&self, p: &Pathway, i: usize) -> bool {
        let Some(s) = p.steps.get(i) else {
            return false;
        };
        let finds = match self.kind {
            Kind::ErsReferral => posts_the_referral,
            Kind::DirectBooking => books_by_phone,
            Kind::WorklistTriage => grades_on_paper,
            Kind::AdviceAndGuidance => refers_without_advice,
            Kind::DigitalLetters => posts_a_letter,
            Kind::SmsReminders => leads_to_a_dna_untexted,
        };
        finds(p, i, s)
    }

    /// What this measure would do to `p` at the steps `targets` (indices), with these
    /// parameter values (in the order of [`Measure::parameters`]; a missing value
    /// takes the default). Steps it cannot change are left out with a note.
    pub fn plan(&self, p: &Pathway, targets: &[usize], values: &[f64]) -> Plan {
        let value = |k: usize| {
            values
                .get(k)
                .copied()
                .unwrap_or(self.parameters[k].range.likely)
        };
        let mut plan = Plan {
            changes: Vec::new(),
            edits: Vec::new(),
        };
        let targets: Vec<usize> = targets
            .iter()
            .copied()
            .filter(|&i| i < p.steps.len())
            .collect();
        match self.kind {
            Kind::ErsReferral => ers_referral(p, &targets, value(0), &mut plan),
            Kind::DirectBooking => direct_booking(p, &targets, value(0), value(1), &mut plan),
            Kind::WorklistTriage => worklist_triage(p, &targets, value(0), &mut plan),
            Kind::AdviceAndGuidance => advice_and_guidance(
                p,
                &targets,
                [value(0), value(1), value(2), value(3), value(4)],
                &mut plan,
            ),
            Kind::DigitalLetters => digital_letters(p, &targets, value(0), value(1), &mut plan),
            Kind::SmsReminders => sms_reminders(p, &targets, value(0), value(1), &mut plan),
        }
        plan
    }
}

fn counts(s: &Step, c: Counter) -> bool {
    s.counts_as.contains(&c)
}

/// The e-RS referral's steps: in the Referral stage, a step that posts the letter
/// (counts as Letter), chases it (Chase) or prints (has consumables); in the Receipt
/// stage, opening the post ("post" in the name). Not the first step, nor an end.
fn posts_the_referral(_: &Pathway, i: usize, s: &Step) -> bool {
    let referral = s.stage == Stage::Referral
        && (counts(s, Counter::Letter) || counts(s, Counter::Chase) || s.unit_cost.likely > 0.0);
    let opens_post = s.stage == Stage::Receipt && s.name.to_lowercase().contains("post");
    i > 0 && !s.next.is_empty() && (referral || opens_post)
}

/// Direct booking's steps: a phone booking (a Booking-stage step with a role that
/// counts as a Call, not a Rebooking), in a pathway with no Appointment Slot Issue
/// route yet.
fn books_by_phone(p: &Pathway, i: usize, s: &Step) -> bool {
    i > 0
        && s.stage == Stage::Booking
        && s.role.is_some()
        && counts(s, Counter::Call)
        && !counts(s, Counter::Rebooking)
        && !s.next.is_empty()
        && !p.steps.iter().any(|s| counts(s, Counter::SlotIssue))
}

/// Worklist triage's steps: a Triage-stage step with a role (grading, vetting) or
/// that counts as Rejected, not an end.
fn grades_on_paper(_: &Pathway, _: usize, s: &Step) -> bool {
    s.stage == Stage::Triage
        && !s.next.is_empty()
        && (s.role.is_some() || counts(s, Counter::Rejected))
}

/// Advice & Guidance's step: the first, at the GP in the Referral stage, when no
/// advice is reached before the hospital receives the referral.
fn refers_without_advice(p: &Pathway, i: usize, s: &Step) -> bool {
    i == 0 && s.stage == Stage::Referral && !s.next.is_empty() && !advice_before_receipt(p)
}

/// Digital letters' steps: after the Referral stage, a step that counts as a Letter
/// and costs at least 50p a letter (posted).
fn posts_a_letter(_: &Pathway, _: usize, s: &Step) -> bool {
    let letters = s
        .counts_as
        .iter()
        .filter(|&&c| c == Counter::Letter)
        .count();
    s.stage != Stage::Referral && letters > 0 && s.unit_cost.likely / letters as f64 >= 0.5
}

/// SMS reminders' steps: a step that leads to one counting as a DNA (the clinic),
/// when no step counting as a Text leads to it yet.
fn leads_to_a_dna_untexted(p: &Pathway, _: usize, s: &Step) -> bool {
    let index = crate::model::PathwayIndex::new(p);
    let leads_to_dna = s.next.iter().any(|l| {
        index
            .step(&l.to)
            .is_some_and(|j| counts(&p.steps[j], Counter::Dna))
    });
    let texted = p
        .steps
        .iter()
        .any(|t| counts(t, Counter::Text) && t.next.iter().any(|l| l.to == s.id));
    leads_to_dna && !texted
}

/// Whether an Advice end is reached from the first step before any Receipt step (the
/// pathway already has Advice & Guidance before referral).
fn advice_before_receipt(p: &Pathway) -> bool {
    let next = successors(p);
    let pruned: Vec<Vec<usize>> = next
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if p.steps[i].stage == Stage::Receipt {
                Vec::new()
            } else {
                n.clone()
            }
        })
        .collect();
    let reached = search(&pruned, [0]);
    p.steps
        .iter()
        .zip(reached)
        .any(|(s, r)| r && s.outcome == Some(Outcome::Advice))
}

fn set(plan: &mut Plan, index: usize, field: StepField) {
    plan.edits.push(Edit::SetStep { index, field });
}

fn scaled(e: Estimate, by: f64) -> Estimate {
    Estimate {
        low: e.low * by,
        likely: e.likely * by,
        high: e.high * by,
    }
}

fn less(e: Estimate, minutes: f64) -> Estimate {
    Estimate {
        low: (e.low - minutes).max(0.0),
        likely: (e.likely - minutes).max(0.0),
        high: (e.high - minutes).max(0.0),
    }
}

fn link(to: &str, share: f64) -> Link {
    Link {
        to: to.to_owned(),
        share,
    }
}

fn ers_referral(p: &Pathway, targets: &[usize], print_minutes: f64, plan: &mut Plan) {
    let mut bypass = Vec::new();
    for &i in targets {
        let s = &p.steps[i];
        let posts = s.counts_as.contains(&Counter::Letter) && s.stage == Stage::Referral;
        let chases = s.counts_as.contains(&Counter::Chase);
        let opens_post = s.stage == Stage::Receipt;
        if (posts || chases || opens_post) && i > 0 && !s.next.is_empty() {
            bypass.push(i);
            let why = if posts {
                "goes: the letter is attached in e-RS, nothing is posted"
            } else if chases {
                "goes: the referral arrives the same day, so nobody chases a letter in the post"
            } else {
                "goes: there is no post to open; the referral arrives in the e-RS worklist"
            };
            plan.note(&s.id, why);
        } else if s.unit_cost.likely > 0.0 {
            set(plan, i, StepField::UnitCost(Estimate::fixed(0.0)));
            set(
                plan,
                i,
                StepField::TouchMinutes(less(s.touch_minutes, print_minutes)),
            );
            plan.note(
                &s.id,
                format!(
                    "no printing: consumables £0 (were £{:.2}); {print_minutes} staff minutes \
                     less for signing and enveloping",
                    s.unit_cost.likely
                ),
            );
        }
    }
    if !bypass.is_empty() {
        plan.edits.push(Edit::BypassSteps(bypass));
    }
}

fn direct_booking(p: &Pathway, targets: &[usize], share: f64, asi_days: f64, plan: &mut Plan) {
    let next = successors(p);
    let mut remove = Vec::new();
    // A working copy: the new ids are taken in it, and a step that leads to two
    // bookings keeps both changes to its links.
    let mut taken = p.clone();
    let mut relinked = Vec::new();
    for &t in targets {
        let booking = &p.steps[t];
        if booking.next.is_empty() || t == 0 {
            continue;
        }
        let direct_id = unique_step_id(&taken, "book_direct");
        taken
            .steps
            .push(Step::new(direct_id.clone(), "", Stage::Booking));
        let asi_id = unique_step_id(&taken, "slot_issue");
        taken
            .steps
            .push(Step::new(asi_id.clone(), "", Stage::Booking));
        // Referrals that come back to the booking (after a DNA, a rebooking) are
        // rebooked by the hospital as before; only first bookings change.
        let after = search(&next, [t]);
        let mut first_time = 0;
        for (i, s) in p.steps.iter().enumerate() {
            if after[i] || !s.next.iter().any(|l| l.to == booking.id) {
                continue;
            }
            first_time += 1;
            let links = taken.steps[i]
                .next
                .iter()
                .flat_map(|l| {
                    if l.to == booking.id {
                        vec![
                            link(&direct_id, l.share * share),
                            link(&asi_id, l.share * (1.0 - share)),
                        ]
                    } else {
                        vec![l.clone()]
                    }
                })
                .collect();
            taken.steps[i].next = links;
            if !relinked.contains(&i) {
                relinked.push(i);
            }
        }
        if first_time == 0 {
            continue;
        }
        let mut direct = Step::new(
            direct_id.clone(),
            "Books directly in e-RS: at referral or in the NHS App",
            Stage::Booking,
        );
        direct.wait_days = range(0.0, 2.0, 7.0);
        direct.next.clone_from(&booking.next);
        direct.source = Some(format!(
            "measure {}: {:.0}% of first bookings; no hospital staff time (the patient or \
             the practice books); 0 to 7 days (assumed)",
            LIBRARY[1].id,
            share * 100.0
        ));
        let mut asi = Step::new(
            asi_id.clone(),
            "Appointment Slot Issue: booked from the e-RS worklist",
            Stage::Booking,
        );
        asi.role.clone_from(&booking.role);
        asi.touch_minutes = booking.touch_minutes;
        asi.wait_days = range(asi_days / 2.0, asi_days, asi_days * 2.0);
        asi.next.clone_from(&booking.next);
        asi.counts_as = vec![Counter::SlotIssue, Counter::Call];
        asi.source = Some(format!(
            "measure {}: the rest of the first bookings, by the same staff in the same time \
             as \"{}\"",
            LIBRARY[1].id, booking.name
        ));
        plan.edits.push(Edit::AddStep(direct));
        plan.edits.push(Edit::AddStep(asi));
        plan.note(
            &direct_id,
            format!(
                "new: {:.0}% of first bookings are made directly",
                share * 100.0
            ),
        );
        plan.note(
            &asi_id,
            format!(
                "new: the other {:.0}% are Appointment Slot Issues booked from the worklist",
                (1.0 - share) * 100.0
            ),
        );
        let rework = p
            .steps
            .iter()
            .enumerate()
            .any(|(i, s)| after[i] && s.next.iter().any(|l| l.to == booking.id));
        if rework {
            plan.note(
                &booking.id,
                "stays for rebookings (after a DNA or a cancellation)",
            );
        } else {
            remove.push(t);
            plan.note(
                &booking.id,
                "goes: every first booking is now direct or from the worklist",
            );
        }
    }
    for i in relinked {
        set(plan, i, StepField::Next(taken.steps[i].next.clone()));
    }
    if !remove.is_empty() {
        plan.edits.push(Edit::RemoveSteps(remove));
    }
}

fn worklist_triage(p: &Pathway, targets: &[usize], review_days: f64, plan: &mut Plan) {
    for &i in targets {
        let s = &p.steps[i];
        let mut said = Vec::new();
        if s.counts_as.contains(&Counter::Rejected) {
            let letters = s
                .counts_as
                .iter()
                .filter(|&&c| c == Counter::Letter)
                .count();
            if letters > 0 || s.unit_cost.likely > 0.0 {
                let kept: Vec<Counter> = s
                    .counts_as
                    .iter()
                    .copied()
                    .filter(|&c| c != Counter::Letter)
                    .collect();
                set(plan, i, StepField::CountsAs(kept));
                set(plan, i, StepField::UnitCost(Estimate::fixed(0.0)));
                said.push("returned to the GP in e-RS: no letter, consumables £0".to_owned());
            }
        } else if s.role.is_some() {
            if s.wait_days.likely > review_days {
                let wait = range(review_days / 2.0, review_days, review_days * 7.0 / 3.0);
                set(plan, i, StepField::WaitDays(wait));
                said.push(format!(
                    "reviewed on the e-RS worklist: waits {review_days} days (was {})",
                    s.wait_days.likely
                ));
            }
            if s.unit_cost.likely > 0.0 {
                set(plan, i, StepField::UnitCost(Estimate::fixed(0.0)));
                said.push("nothing printed: consumables £0".to_owned());
            }
        }
        if !said.is_empty() {
            plan.note(&s.id, said.join("; "));
        }
    }
}

fn advice_and_guidance(p: &Pathway, targets: &[usize], values: [f64; 5], plan: &mut Plan) {
    let [request_share, advice_share, gp_minutes, reply_minutes, fee] = values;
    let Some(&at) = targets.iter().find(|&&i| !p.steps[i].next.is_empty()) else {
        return;
    };
    let from = &p.steps[at];
    let consultant = replying_role(p);
    // The new steps' ids, each taken before the next is chosen.
    let mut taken = p.clone();
    let mut new_id = |base: &str| {
        let id = unique_step_id(&taken, base);
        taken.steps.push(Step::new(id.clone(), "", Stage::Triage));
        id
    };
    let [request_id, fee_id, reply_id, advice_id] = [
        "advice_request",
        "advice_fee",
        "advice_reply",
        "advice_given",
    ]
    .map(&mut new_id);
    let onward = |by: f64| from.next.iter().map(move |l| link(&l.to, l.share * by));
    let source = |what: String| Some(format!("measure {}: {what}", LIBRARY[3].id));
    let mut request = Step::new(
        request_id.clone(),
        "GP asks for Advice & Guidance in e-RS and reads the reply",
        Stage::Referral,
    );
    request.role.clone_from(&from.role);
    request.touch_minutes = range(gp_minutes * 0.6, gp_minutes, gp_minutes * 1.6);
    request.next = vec![link(&fee_id, 1.0)];
    request.source = source(format!(
        "the GP's {gp_minutes} minutes to ask and act on the reply"
    ));
    let mut paid = Step::new(
        fee_id.clone(),
        "Advice & Guidance fee paid to the practice",
        Stage::Triage,
    );
    paid.unit_cost = Estimate::fixed(fee);
    paid.next = vec![link(&reply_id, 1.0)];
    paid.source = source(format!(
        "£{fee:.2} a request (2025/26 GP contract), paid by the commissioner: no role, so \
         the fee is on Other"
    ));
    let mut reply = Step::new(
        reply_id.clone(),
        "Consultant replies to the Advice & Guidance request",
        Stage::Triage,
    );
    reply.role = consultant.clone();
    reply.touch_minutes = range(reply_minutes * 0.6, reply_minutes, reply_minutes * 1.6);
    reply.wait_days = range(1.0, 2.0, 3.0);
    reply.next = std::iter::once(link(&advice_id, advice_share))
        .chain(onward(1.0 - advice_share))
        .collect();
    reply.source = source(format!(
        "consultant's reply {reply_minutes} minutes, usually within 2 working days; {:.0}% \
         end with advice",
        advice_share * 100.0
    ));
    let mut advice = Step::new(
        advice_id.clone(),
        "Managed with advice: no referral needed",
        Stage::Triage,
    );
    advice.outcome = Some(Outcome::Advice);
    advice.source = source("requests that end with advice instead of a referral".to_owned());
    let links = onward(1.0 - request_share)
        .chain(std::iter::once(link(&request_id, request_share)))
        .collect();
    plan.edits
        .extend([request, paid, reply, advice].map(Edit::AddStep));
    set(plan, at, StepField::Next(links));
    plan.note(
        &from.id,
        format!(
            "{:.0}% of referrals start as an Advice & Guidance request",
            request_share * 100.0
        ),
    );
    plan.note(
        &request_id,
        format!("new: the GP's request, {gp_minutes} minutes"),
    );
    plan.note(
        &fee_id,
        format!("new: the £{fee:.2} fee to the practice, paid by the commissioner"),
    );
    plan.note(
        &reply_id,
        match &consultant {
            Some(role) => {
                let name = p
                    .roles
                    .iter()
                    .find(|r| r.id == *role)
                    .map_or(role.as_str(), |r| r.name.as_str());
                format!("new: the reply, by {name}")
            }
            None => "new: the reply (no consultant role found: no staff time counted; \
                     set its role)"
                .to_owned(),
        },
    );
    plan.note(
        &advice_id,
        format!(
            "new: {:.0}% of requests end with advice",
            advice_share * 100.0
        ),
    );
}

/// The role that replies to Advice & Guidance: the one that grades the referrals;
/// failing that, any role called a consultant.
fn replying_role(p: &Pathway) -> Option<String> {
    p.steps
        .iter()
        .find(|s| s.stage == Stage::Triage && s.role.is_some())
        .and_then(|s| s.role.clone())
        .or_else(|| {
            p.roles
                .iter()
                .find(|r| r.name.to_lowercase().contains("consultant"))
                .map(|r| r.id.clone())
        })
}

fn digital_letters(p: &Pathway, targets: &[usize], share: f64, price: f64, plan: &mut Plan) {
    let posted = 1.0 - share;
    for &i in targets {
        let s = &p.steps[i];
        let letters = s
            .counts_as
            .iter()
            .filter(|&&c| c == Counter::Letter)
            .count() as f64;
        if letters == 0.0 {
            continue;
        }
        let cost = Estimate {
            low: s.unit_cost.low * posted + letters * share * price,
            likely: s.unit_cost.likely * posted + letters * share * price,
            high: s.unit_cost.high * posted + letters * share * price,
        };
        set(plan, i, StepField::UnitCost(cost));
        let only_letters =
            s.stage == Stage::Communication && s.counts_as.iter().all(|&c| c == Counter::Letter);
        let mut what = format!(
            "{:.0}% read digitally: consumables £{:.2} (were £{:.2})",
            share * 100.0,
            cost.likely,
            s.unit_cost.likely
        );
        if only_letters {
            set(
                plan,
                i,
                StepField::TouchMinutes(scaled(s.touch_minutes, posted)),
            );
            set(plan, i, StepField::WaitDays(scaled(s.wait_days, posted)));
            what.push_str("; printing, enveloping and post days only for the letters posted");
        }
        plan.note(&s.id, what);
    }
}

fn sms_reminders(p: &Pathway, targets: &[usize], dna_cut: f64, price: f64, plan: &mut Plan) {
    let index = crate::model::PathwayIndex::new(p);
    let mut taken = p.clone();
    for &c in targets {
        let clinic = &p.steps[c];
        let is_dna = |l: &Link| {
            index
                .step(&l.to)
                .is_some_and(|j| p.steps[j].counts_as.contains(&Counter::Dna))
        };
        let dna: f64 = clinic
            .next
            .iter()
            .filter(|l| is_dna(l))
            .map(|l| l.share)
            .sum();
        let others: f64 = clinic
            .next
            .iter()
            .filter(|l| !is_dna(l))
            .map(|l| l.share)
            .sum();
        if dna <= 0.0 || others <= 0.0 {
            continue;
        }
        let new_dna = dna * (1.0 - dna_cut);
        let grow = (others + dna - new_dna) / others;
        let links = clinic
            .next
            .iter()
            .map(|l| {
                let by = if is_dna(l) { 1.0 - dna_cut } else { grow };
                link(&l.to, l.share * by)
            })
            .collect();
        taken.steps[c].next = links;
        let sms_id = unique_step_id(&taken, "sms_reminder");
        taken
            .steps
            .push(Step::new(sms_id.clone(), "", Stage::Communication));
        for s in &mut taken.steps[..p.steps.len()] {
            for l in &mut s.next {
                if l.to == clinic.id {
                    l.to.clone_from(&sms_id);
                }
            }
        }
        let mut sms = Step::new(sms_id.clone(), "Two-way SMS reminder", Stage::Communication);
        sms.unit_cost = Estimate::fixed(price);
        sms.counts_as = vec![Counter::Text];
        sms.next = vec![link(&clinic.id, 1.0)];
        sms.source = Some(format!(
            "measure {}: £{price:.3} a text; DNAs {:.1}% fewer",
            LIBRARY[5].id,
            dna_cut * 100.0
        ));
        plan.edits.push(Edit::AddStep(sms));
        plan.note(
            &clinic.id,
            format!(
                "did not attend: {:.1}% of visits (was {:.1}%)",
                new_dna * 100.0,
                dna * 100.0
            ),
        );
        plan.note(
            &sms_id,
            format!("new: a text before every clinic visit, £{price:.3} each"),
        );
    }
    for (i, (before, after)) in p.steps.iter().zip(&taken.steps).enumerate() {
        if before.next != after.next {
            set(plan, i, StepField::Next(after.next.clone()));
        }
    }
}

/// A measure to apply: which, at which steps (by id; none: its own [`Measure::targets`])
/// and with which parameter values (none: the defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// The measure.
    pub measure: &'static Measure,
    /// The steps to point it at, by id, instead of those it finds itself.
    pub steps: Option<Vec<String>>,
    /// Parameter values, in order; missing ones take the default.
    pub values: Vec<f64>,
}

impl Choice {
    /// The measure where it finds its steps, with its default values.
    pub fn default_for(measure: &'static Measure) -> Self {
        Self {
            measure,
            steps: None,
            values: measure.defaults(),
        }
    }
}

/// One measure as applied in turn.
#[derive(Clone, Debug, PartialEq)]
pub struct AppliedMeasure {
    /// The measure.
    pub measure: &'static Measure,
    /// What it changed (empty: it found nothing to change).
    pub changes: Vec<Planned>,
    /// £ per referral once it (and the measures before it) are applied.
    pub cost_after: f64,
}

/// Measures applied in turn to a copy of a pathway.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// The option: the pathway with the measures applied.
    pub option: Pathway,
    /// £ per referral of the pathway before any measure.
    pub cost_before: f64,
    /// Each measure, in the order applied.
    pub measures: Vec<AppliedMeasure>,
}

impl Applied {
    /// Each measure's saving per referral (£, positive when it saves), in pence so they
    /// add up exactly to the total saving in pence: the cost is rounded to the penny
    /// after each measure and the savings are the differences.
    pub fn savings_pence(&self) -> Vec<(&'static Measure, i64)> {
        let pence = |pounds: f64| (pounds * 100.0).round() as i64;
        let mut before = pence(self.cost_before);
        self.measures
            .iter()
            .map(|m| {
                let after = pence(m.cost_after);
                let saving = before - after;
                before = after;
                (m.measure, saving)
            })
            .collect()
    }
}

/// Every measure that would change something in `pathway`, with its default values,
/// as the dialog ticks them and best practice by default applies them: by what each
/// would change, not by the steps it finds (a measure can find the best-practice
/// model's own steps and change nothing).
pub fn changing(pathway: &Pathway) -> Vec<Choice> {
    all()
        .into_iter()
        .filter(|c| {
            !c.measure
                .plan(pathway, &c.measure.targets(pathway), &c.values)
                .is_empty()
        })
        .collect()
}

/// How far one sourced effect of a measure moves best practice's saving: the saving a
/// referral (£) with the effect at the low and at the high end of its range, every
/// other effect as chosen. One effect at a time, so it says which figures the saving
/// rests on most, not a joint range.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectSwing {
    /// The measure.
    pub measure: &'static Measure,
    /// Its effect.
    pub parameter: &'static Parameter,
    /// The saving a referral with the effect at its low value.
    pub at_low: f64,
    /// The saving a referral with the effect at its high value.
    pub at_high: f64,
}

impl EffectSwing {
    /// How far the saving moves across the effect's range.
    pub fn width(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }

    /// True when the effect moves the saving by half a penny a referral or more: the
    /// swings worth listing.
    pub fn moves_the_saving(&self) -> bool {
        self.width() >= 0.005
    }
}

/// The saving a referral of measures applied in turn (£, positive when it saves).
pub fn saving_per_referral(applied: &Applied) -> f64 {
    applied.cost_before
        - applied
            .measures
            .last()
            .map_or(applied.cost_before, |m| m.cost_after)
}

/// Best practice's own uncertainty, one effect at a time: for every effect with a
/// range of the measures chosen, the saving a referral with it at its low and at its
/// high value (the measures applied again to `pathway` each time), widest first.
pub fn effect_swings(
    pathway: &Pathway,
    choices: &[Choice],
) -> Result<Vec<EffectSwing>, ApplyError> {
    let mut swings = Vec::new();
    for (k, choice) in choices.iter().enumerate() {
        for (j, parameter) in choice.measure.parameters.iter().enumerate() {
            let Estimate { low, high, .. } = parameter.range;
            if high <= low {
                continue;
            }
            let saving_at = |value: f64| -> Result<f64, ApplyError> {
                let mut changed = choices.to_vec();
                let values = &mut changed[k].values;
                let defaults = choice.measure.defaults();
                values.extend(defaults.iter().skip(values.len()));
                values[j] = value;
                apply(pathway, &changed).map(|a| saving_per_referral(&a))
            };
            swings.push(EffectSwing {
                measure: choice.measure,
                parameter,
                at_low: saving_at(low)?,
                at_high: saving_at(high)?,
            });
        }
    }
    swings.sort_by(|a, b| b.width().total_cmp(&a.width()));
    Ok(swings)
}

/// Why measures could not be applied.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApplyError {
    /// The pathway (or the option after a measure) could not be analysed.
    #[error("{measure}: the pathway cannot be analysed: {message}")]
    Invalid {
        /// The measure after which it failed ("the pathway" before any).
        measure: String,
        /// Why.
        message: String,
    },
    /// A measure's edit was refused.
    #[error("{measure}: {error}")]
    Edit {
        /// The measure.
        measure: String,
        /// The refusal.
        error: EditError,
    },
    /// A step a measure was pointed at does not exist.
    #[error("{measure}: there is no step \"{step}\"")]
    NoStep {
        /// The measure.
        measure: String,
        /// The step id.
        step: String,
    },
}

/// Applies the measures in turn to a copy of `pathway`, named "NAME with best practice".
pub fn apply(pathway: &Pathway, choices: &[Choice]) -> Result<Applied, ApplyError> {
    let cost = |p: &Pathway, measure: &str| {
        analyse(p)
            .map(|r| r.cost_per_referral)
            .map_err(|e| ApplyError::Invalid {
                measure: measure.to_owned(),
                message: e.to_string(),
            })
    };
    let mut option = pathway.clone();
    let cost_before = cost(&option, "the pathway")?;
    let mut measures = Vec::new();
    for choice in choices {
        let m = choice.measure;
        let targets = match &choice.steps {
            None => m.targets(&option),
            Some(ids) => ids
                .iter()
                .map(|id| {
                    option.step_index(id).ok_or_else(|| ApplyError::NoStep {
                        measure: m.name.to_owned(),
                        step: id.clone(),
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        let plan = m.plan(&option, &targets, &choice.values);
        let mut changed = option.clone();
        for e in plan.edits {
            edit::apply(&mut changed, e).map_err(|error| ApplyError::Edit {
                measure: m.name.to_owned(),
                error,
            })?;
        }
        let cost_after = cost(&changed, m.name)?;
        option = changed;
        measures.push(AppliedMeasure {
            measure: m,
            changes: plan.changes,
            cost_after,
        });
    }
    option.name = format!("{} with best practice", pathway.name);
    Ok(Applied {
        option,
        cost_before,
        measures,
    })
}

/// Every measure of the library, where each finds its steps, with its defaults.
pub fn all() -> Vec<Choice> {
    LIBRARY.iter().map(Choice::default_for).collect()
}

#[cfg(test)]
mod tests;
