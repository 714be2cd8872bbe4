//! The figures behind each results chart and the headline numbers, computed from a
//! comparison. Charts only draw these; they compute nothing themselves.

use crate::analysis::Report;
use crate::compare::Comparison;
use crate::model::{Counter, Outcome, Stage};

/// Colour (0xRRGGBB) standing for the current pathway where a chart is not by stage.
pub const CURRENT_RGB: u32 = 0x005EB8;
/// Colour (0xRRGGBB) standing for the proposed pathway where a chart is not by stage.
pub const PROPOSED_RGB: u32 = 0x7FB8E8;

/// The colour (0xRRGGBB) of a stage, the same everywhere: the map, the charts and
/// the exported workbook's charts.
pub const fn stage_rgb(stage: Stage) -> u32 {
    match stage {
        Stage::Referral => 0x418FDE,
        Stage::Receipt => 0x00A499,
        Stage::Triage => 0x9B59B6,
        Stage::Booking => 0xED8B00,
        Stage::Communication => 0x009639,
        Stage::Attendance => 0xDA291C,
        Stage::Other => 0x768692,
    }
}

/// Every results chart's series of one comparison, worked out once with it (by the
/// session), not by the panels each frame.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSeries {
    /// See [`cost_by_stage`].
    pub cost_by_stage: Vec<StageCost>,
    /// See [`savings_waterfall`].
    pub waterfall: Vec<WaterfallBar>,
    /// See [`elapsed_by_stage`], current then proposed.
    pub elapsed: [Vec<ElapsedSegment>; 2],
    /// See [`days_before_receipt`], current then proposed.
    pub days_before_receipt: [f64; 2],
    /// See [`staff_hours_by_role`].
    pub staff_hours: Vec<RoleHours>,
}

impl ChartSeries {
    /// The series of `c`.
    pub fn of(c: &Comparison) -> Self {
        Self {
            cost_by_stage: cost_by_stage(c),
            waterfall: savings_waterfall(c),
            elapsed: [elapsed_by_stage(&c.current), elapsed_by_stage(&c.proposed)],
            days_before_receipt: [
                days_before_receipt(&c.current),
                days_before_receipt(&c.proposed),
            ],
            staff_hours: staff_hours_by_role(c),
        }
    }
}

/// Cost per referral of one stage in both pathways (grouped bars).
#[derive(Clone, Debug, PartialEq)]
pub struct StageCost {
    /// The stage.
    pub stage: Stage,
    /// £ per referral in the current pathway.
    pub current: f64,
    /// £ per referral in the proposed pathway.
    pub proposed: f64,
}

/// Cost per referral by stage, for every stage either pathway has, in stage order.
pub fn cost_by_stage(c: &Comparison) -> Vec<StageCost> {
    c.by_stage
        .iter()
        .map(|s| StageCost {
            stage: s.stage,
            current: c.current.stage(s.stage).map_or(0.0, |r| r.cost),
            proposed: c.proposed.stage(s.stage).map_or(0.0, |r| r.cost),
        })
        .collect()
}

/// What a waterfall bar shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaterfallKind {
    /// A total (the current or the proposed cost), from zero.
    Total,
    /// A stage that costs less in the proposed pathway: the bar goes down.
    Saving,
    /// A stage that costs more in the proposed pathway: the bar goes up.
    Increase,
}

/// One bar of the savings waterfall, spanning `from` to `to` (£ a year).
#[derive(Clone, Debug, PartialEq)]
pub struct WaterfallBar {
    /// Label under the bar.
    pub label: String,
    /// The stage, for stage bars.
    pub stage: Option<Stage>,
    /// Total, saving or increase.
    pub kind: WaterfallKind,
    /// Where the bar starts (£ a year).
    pub from: f64,
    /// Where the bar ends (£ a year).
    pub to: f64,
}

impl WaterfallBar {
    /// The change the bar shows (negative for a saving).
    pub fn change(&self) -> f64 {
        self.to - self.from
    }
}

/// The savings waterfall in £ a year: the current total, then each stage's change in
/// stage order (down for a saving, up for an increase), then the proposed total.
pub fn savings_waterfall(c: &Comparison) -> Vec<WaterfallBar> {
    let n = c.current.annual_referrals;
    let mut bars = vec![WaterfallBar {
        label: "Current".into(),
        stage: None,
        kind: WaterfallKind::Total,
        from: 0.0,
        to: c.current.annual_cost,
    }];
    let mut level = c.current.annual_cost;
    for s in &c.by_stage {
        let change = -s.cost_saving * n;
        bars.push(WaterfallBar {
            label: s.stage.name().into(),
            stage: Some(s.stage),
            kind: if change <= 0.0 {
                WaterfallKind::Saving
            } else {
                WaterfallKind::Increase
            },
            from: level,
            to: level + change,
        });
        level += change;
    }
    bars.push(WaterfallBar {
        label: "Proposed".into(),
        stage: None,
        kind: WaterfallKind::Total,
        from: 0.0,
        to: c.proposed.annual_cost,
    });
    bars
}

/// The savings waterfall by best-practice measure, £ a year: from the current
/// process's cost, each measure in turn (from the cost a referral before it to the
/// cost after it, `costs_after` in order), to the cost with best practice. The bars
/// are of the exact costs, so they add up to the headline's saving a year.
pub fn measures_waterfall(
    cost_before_per_referral: f64,
    costs_after: &[(String, f64)],
    annual_referrals: f64,
) -> Vec<WaterfallBar> {
    let a_year = |per_referral: f64| per_referral * annual_referrals;
    let mut bars = vec![WaterfallBar {
        label: "Current".into(),
        stage: None,
        kind: WaterfallKind::Total,
        from: 0.0,
        to: a_year(cost_before_per_referral),
    }];
    let mut level = cost_before_per_referral;
    for (name, after) in costs_after {
        bars.push(WaterfallBar {
            label: name.clone(),
            stage: None,
            kind: if *after <= level {
                WaterfallKind::Saving
            } else {
                WaterfallKind::Increase
            },
            from: a_year(level),
            to: a_year(*after),
        });
        level = *after;
    }
    bars.push(WaterfallBar {
        label: "With best practice".into(),
        stage: None,
        kind: WaterfallKind::Total,
        from: 0.0,
        to: a_year(level),
    });
    bars
}

/// Staff hours a year of one role in both pathways.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleHours {
    /// Role id.
    pub id: String,
    /// Role name.
    pub name: String,
    /// Hours a year in the current pathway.
    pub current: f64,
    /// Hours a year in the proposed pathway.
    pub proposed: f64,
}

/// Staff hours a year by role, current roles first, then roles only the proposed has.
pub fn staff_hours_by_role(c: &Comparison) -> Vec<RoleHours> {
    c.by_role
        .iter()
        .map(|r| RoleHours {
            id: r.id.clone(),
            name: r.name.clone(),
            current: c.current.role(&r.id).map_or(0.0, |x| x.annual_hours),
            proposed: c.proposed.role(&r.id).map_or(0.0, |x| x.annual_hours),
        })
        .collect()
}

/// One stage's part of the elapsed time of a pathway (stacked bar).
#[derive(Clone, Debug, PartialEq)]
pub struct ElapsedSegment {
    /// The stage.
    pub stage: Stage,
    /// Days before this segment starts (the stages before it).
    pub start_days: f64,
    /// Expected days in this stage per referral.
    pub days: f64,
}

/// Elapsed days per referral by stage, stacked in stage order (stages with no time left out).
pub fn elapsed_by_stage(report: &Report) -> Vec<ElapsedSegment> {
    let mut start = 0.0;
    report
        .by_stage
        .iter()
        .filter(|s| s.elapsed_days > 0.0)
        .map(|s| {
            let segment = ElapsedSegment {
                stage: s.stage,
                start_days: start,
                days: s.elapsed_days,
            };
            start += s.elapsed_days;
            segment
        })
        .collect()
}

/// Expected days before the provider has the referral: invisible in waiting-time
/// (RTT) figures, because the clock starts when the referral is received.
pub fn days_before_receipt(report: &Report) -> f64 {
    report
        .by_stage
        .iter()
        .filter(|s| s.stage.is_before_receipt())
        .map(|s| s.elapsed_days)
        .sum()
}

/// A pair of figures: current and proposed.
pub type Pair = [f64; 2];

/// The headline numbers of a comparison, always on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    /// £ per referral.
    pub cost_per_referral: Pair,
    /// £ a year.
    pub annual_cost: Pair,
    /// £ saved a year.
    pub annual_saving: f64,
    /// Staff hours a year.
    pub staff_hours: Pair,
    /// Whole-time equivalents.
    pub wte: Pair,
    /// Whole-time equivalents released, by role name (roles with any change).
    pub wte_released_by_role: Vec<(String, f64)>,
    /// Elapsed days per referral.
    pub elapsed_days: Pair,
    /// Days per referral before the provider has it (hidden from RTT figures).
    pub days_before_receipt: Pair,
    /// Letters per referral.
    pub letters_per_referral: Pair,
    /// Phone calls per referral.
    pub calls_per_referral: Pair,
    /// Share of referrals ending in an appointment.
    pub appointment_share: Pair,
    /// Appointments avoided a year (ending in advice, return or a test instead).
    pub appointments_avoided: f64,
    /// DNAs per 1,000 referrals.
    pub dnas_per_1000: Pair,
    /// Failure demand per 1,000 referrals (chases, rejections, slot issues,
    /// rebookings, DNAs).
    pub failure_demand_per_1000: Pair,
}

impl Headline {
    /// The headline numbers of a comparison.
    pub fn of(c: &Comparison) -> Self {
        let both = |f: &dyn Fn(&Report) -> f64| [f(&c.current), f(&c.proposed)];
        let appointment_share = both(&|r| r.outcome_probability(Outcome::Appointment));
        Self {
            cost_per_referral: both(&|r| r.cost_per_referral),
            annual_cost: both(&|r| r.annual_cost),
            annual_saving: c.annual_saving,
            staff_hours: both(&|r| r.annual_staff_hours()),
            wte: both(&|r| r.total_wte()),
            wte_released_by_role: c
                .by_role
                .iter()
                .filter(|r| r.wte_released.abs() > 1e-9)
                .map(|r| (r.name.clone(), r.wte_released))
                .collect(),
            elapsed_days: both(&|r| r.elapsed_days),
            days_before_receipt: both(&days_before_receipt),
            letters_per_referral: both(&|r| r.count(Counter::Letter)),
            calls_per_referral: both(&|r| r.count(Counter::Call)),
            appointment_share,
            appointments_avoided: (appointment_share[0] - appointment_share[1])
                * c.current.annual_referrals,
            dnas_per_1000: both(&|r| 1000.0 * r.count(Counter::Dna)),
            failure_demand_per_1000: both(&|r| {
                1000.0
                    * Counter::ALL
                        .iter()
                        .filter(|k| k.is_failure_demand())
                        .map(|&k| r.count(k))
                        .sum::<f64>()
            }),
        }
    }
}

/// Which way a row of the options table is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    /// A higher value is better (a saving).
    Higher,
    /// A lower value is better (a cost, days, letters).
    Lower,
}

/// How a row's numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowUnit {
    /// Pounds and pence.
    Pence,
    /// Whole pounds.
    Pounds,
    /// Whole-time equivalents (two decimals).
    Wte,
    /// Days (one decimal).
    Days,
    /// A count per referral (two decimals).
    PerReferral,
    /// A count per 1,000 referrals (whole).
    PerThousand,
}

impl RowUnit {
    /// `value` written in this unit: "£12.34", "£180,362", "2.87", "4.5", "86".
    pub fn write(self, value: f64) -> String {
        use crate::numbers::{grouped, pence, pounds};
        match self {
            RowUnit::Pence => pence(value),
            RowUnit::Pounds => pounds(value, 0),
            RowUnit::Wte | RowUnit::PerReferral => grouped(value, 2),
            RowUnit::Days => grouped(value, 1),
            RowUnit::PerThousand => grouped(value, 0),
        }
    }
}

/// One row of the options table: the current process's value (for rows that are
/// about a pathway rather than a saving) and each option's.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionsRow {
    /// What the row shows.
    pub label: &'static str,
    /// The current process's value, where the row has one.
    pub current: Option<f64>,
    /// Each option's value, in option order.
    pub options: Vec<f64>,
    /// Which way is better.
    pub better: Better,
    /// How to write the numbers.
    pub unit: RowUnit,
}

impl OptionsRow {
    /// The index of the best option (the first of equals), if there are options.
    pub fn best(&self) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for (i, &v) in self.options.iter().enumerate() {
            let wins = match (best, self.better) {
                (None, _) => true,
                (Some((_, b)), Better::Higher) => v > b + 1e-9,
                (Some((_, b)), Better::Lower) => v < b - 1e-9,
            };
            if wins {
                best = Some((i, v));
            }
        }
        best.map(|(i, _)| i)
    }

    /// Which options to mark best: those showing the best value as written (so
    /// equals share the mark), and none when every option shows the same (there
    /// is nothing to choose between them) or there is only one.
    pub fn marked(&self) -> Vec<bool> {
        let written: Vec<String> = self.options.iter().map(|&v| self.unit.write(v)).collect();
        let best = self.best().map(|b| &written[b]);
        let all_equal = written.iter().all(|w| Some(w) == best);
        written
            .iter()
            .map(|w| !all_equal && Some(w) == best)
            .collect()
    }
}

/// The options appraisal: one column per option against the current process. Every
/// comparison must have the same current process. Takes comparisons or references
/// to them, so a caller that holds them elsewhere need not copy them.
pub fn options_table<C: std::borrow::Borrow<Comparison>>(comparisons: &[C]) -> Vec<OptionsRow> {
    let comparisons: Vec<&Comparison> = comparisons.iter().map(|c| c.borrow()).collect();
    let heads: Vec<Headline> = comparisons.iter().map(|c| Headline::of(c)).collect();
    let current = comparisons.first().map(|c| &c.current);
    let row =
        |label, current: Option<f64>, value: &dyn Fn(usize) -> f64, better, unit| OptionsRow {
            label,
            current,
            options: (0..comparisons.len()).map(value).collect(),
            better,
            unit,
        };
    let h = &heads;
    let c = &comparisons;
    let classes: Vec<crate::classes::Classes> = comparisons.iter().map(|c| c.classes()).collect();
    let k = &classes;
    vec![
        row(
            "Cost per referral",
            current.map(|r| r.cost_per_referral),
            &|i| c[i].proposed.cost_per_referral,
            Better::Lower,
            RowUnit::Pence,
        ),
        row(
            "Cash-releasing a year",
            None,
            &|i| k[i].cash,
            Better::Higher,
            RowUnit::Pounds,
        ),
        row(
            "Staff time a year (non-cash)",
            None,
            &|i| k[i].staff_time,
            Better::Higher,
            RowUnit::Pounds,
        ),
        row(
            "Capacity a year (non-cash)",
            None,
            &|i| k[i].capacity,
            Better::Higher,
            RowUnit::Pounds,
        ),
        row(
            "Economic value a year",
            None,
            &|i| c[i].annual_saving,
            Better::Higher,
            RowUnit::Pounds,
        ),
        row(
            "WTE released",
            None,
            &|i| h[i].wte[0] - h[i].wte[1],
            Better::Higher,
            RowUnit::Wte,
        ),
        row(
            "Days saved per referral",
            None,
            &|i| h[i].elapsed_days[0] - h[i].elapsed_days[1],
            Better::Higher,
            RowUnit::Days,
        ),
        row(
            "Letters per referral",
            current.map(|_| h[0].letters_per_referral[0]),
            &|i| h[i].letters_per_referral[1],
            Better::Lower,
            RowUnit::PerReferral,
        ),
        row(
            "Calls per referral",
            current.map(|_| h[0].calls_per_referral[0]),
            &|i| h[i].calls_per_referral[1],
            Better::Lower,
            RowUnit::PerReferral,
        ),
        row(
            "DNAs per 1,000 referrals",
            current.map(|_| h[0].dnas_per_1000[0]),
            &|i| h[i].dnas_per_1000[1],
            Better::Lower,
            RowUnit::PerThousand,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled_pair() -> Comparison {
        let current = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
        let proposed = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
        crate::compare(&current, &proposed).unwrap()
    }

    fn close(a: f64, b: f64, tolerance: f64) {
        assert!((a - b).abs() < tolerance, "{a} != {b}");
    }

    /// The GP reading advice or a returned referral and acting on it: 2-5 min, likely
    /// 3, so 10/3 min on average at £145/h = £8.0556 a pass.
    const GP_READS: f64 = 10.0 / 3.0 / 60.0 * 145.0;

    /// Paper Referral stage per referral, worked by hand: the GP letter step is
    /// visited 1/(1 - 0.5 × 0.052) = 1/0.974 times (half of the 5.2% returned are
    /// re-referred); every Referral step but the chase follows it once. Per pass: GP
    /// 2 min at £145/h = £4.8333; typing 7 min at £39/h = £4.55 + 5p; post 87p; a
    /// chase 15% × 5 min at £36/h = 45p; and the GP reads the advice (5.5%) or the
    /// returned referral (5.2%) that grading sends back: 0.107 × £8.0556 = £0.8619.
    /// Total £11.6153 / 0.974 = £11.9253.
    const PAPER_REFERRAL: f64 =
        (2.0 / 60.0 * 145.0 + 4.55 + 0.05 + 0.87 + 0.45 + 0.107 * GP_READS) / 0.974;

    /// e-RS Referral stage: referring 10/3 min at £145/h = £8.0556 a pass; 16% ask
    /// for Advice & Guidance first, 16/3 min of the GP's time at £145/h = £12.8889;
    /// the practice attaches the letter (5 min at £39/h = £3.25) on 0.9488 of those
    /// passes (0.84 + 0.16 × 0.68 not diverted by Advice & Guidance), and the same
    /// 0.9488 reach review (booked directly or reviewed before booking), where 5.5%
    /// come back with advice and 5.2% are returned, each read by the GP (£8.0556),
    /// and half the returned are re-referred: 1/(1 - 0.026 × 0.9488) passes.
    /// (8.0556 + 0.16 × 12.8889 + 0.9488 × 3.25 + 0.107 × 0.9488 × 8.0556) / 0.97533
    /// = £14.3738.
    const ERS_REFERRAL: f64 =
        (GP_READS + 0.16 * 16.0 / 3.0 / 60.0 * 145.0 + 0.9488 * 3.25 + 0.107 * 0.9488 * GP_READS)
            / (1.0 - 0.5 * 0.052 * 0.9488);

    #[test]
    fn referral_stage_cost_by_hand() {
        let c = bundled_pair();
        let bars = cost_by_stage(&c);
        let referral = bars.iter().find(|b| b.stage == Stage::Referral).unwrap();
        close(referral.current, PAPER_REFERRAL, 1e-9);
        close(referral.proposed, ERS_REFERRAL, 1e-9);
        let total: f64 = bars.iter().map(|b| b.current).sum();
        close(total, c.current.cost_per_referral, 1e-9);
    }

    #[test]
    fn waterfall_steps_from_current_to_proposed() {
        let c = bundled_pair();
        let bars = savings_waterfall(&c);
        assert_eq!(bars.first().unwrap().label, "Current");
        assert_eq!(bars.last().unwrap().label, "Proposed");
        close(bars[0].to, c.current.annual_cost, 1e-6);
        // Each stage bar starts where the last ended, and the last stage ends at the
        // proposed total.
        for pair in bars[1..bars.len() - 1].windows(2) {
            close(pair[1].from, pair[0].to, 1e-6);
        }
        close(bars[bars.len() - 2].to, c.proposed.annual_cost, 1e-6);
        // Referral: e-RS costs (14.3738 - 11.9253) × 12,000 a year more (the GP takes
        // longer, asks for advice and the practice still writes a letter), drawn
        // upwards.
        let referral = bars
            .iter()
            .find(|b| b.stage == Some(Stage::Referral))
            .unwrap();
        assert_eq!(referral.kind, WaterfallKind::Increase);
        let by_hand = (ERS_REFERRAL - PAPER_REFERRAL) * 12_000.0;
        close(referral.change(), by_hand, 1e-6);
        // Receipt: opening post, registering and finding notes against accepting in
        // e-RS: a saving, drawn downwards.
        let receipt = bars
            .iter()
            .find(|b| b.stage == Some(Stage::Receipt))
            .unwrap();
        assert_eq!(receipt.kind, WaterfallKind::Saving);
        // Triage costs more with Advice & Guidance: an increase, drawn upwards.
        let triage = bars
            .iter()
            .find(|b| b.stage == Some(Stage::Triage))
            .unwrap();
        assert_eq!(triage.kind, WaterfallKind::Increase);
    }

    #[test]
    fn staff_hours_and_elapsed_segments_add_up() {
        let c = bundled_pair();
        let hours = staff_hours_by_role(&c);
        let current: f64 = hours.iter().map(|h| h.current).sum();
        close(current, c.current.annual_staff_hours(), 1e-6);
        // The GP: 2 min a pass and 10/3 min reading the advice or the return on 10.7%
        // of passes, 1/0.974 passes, 12,000 referrals = 483.92 h a year.
        let gp = hours.iter().find(|h| h.id == "gp").unwrap();
        close(
            gp.current,
            (2.0 + 0.107 * 10.0 / 3.0) / 0.974 * 12_000.0 / 60.0,
            1e-6,
        );
        let segments = elapsed_by_stage(&c.current);
        let last = segments.last().unwrap();
        close(last.start_days + last.days, c.current.elapsed_days, 1e-9);
        assert_eq!(segments[0].stage, Stage::Referral);
        // Paper: typing 11/3 days + post 10/3 days, per GP letter pass (1/0.974).
        close(
            days_before_receipt(&c.current),
            (11.0 / 3.0 + 10.0 / 3.0) / 0.974,
            1e-9,
        );
    }

    #[test]
    fn headline_counts_letters_calls_and_dnas() {
        let c = bundled_pair();
        let h = Headline::of(&c);
        // Paper DNAs: 8.6% of clinic days, each clinic day reached 1 + 0.086 × 0.6 × ...
        // times by the 94.8% who are booked; e-RS cuts the rate by 15.8% and Advice &
        // Guidance diverts some referrals, so at least 15.8% fewer per 1,000.
        assert!(
            h.dnas_per_1000[0] > 80.0 && h.dnas_per_1000[0] < 90.0,
            "{:?}",
            h.dnas_per_1000
        );
        assert!(h.dnas_per_1000[1] < h.dnas_per_1000[0] * (1.0 - 0.158));
        assert!(
            h.letters_per_referral[0] > 3.0,
            "{:?}",
            h.letters_per_referral
        );
        // Paper: chases (15%), the booking call and rebooking calls; e-RS phones only
        // to book the 37.5% reviewed before booking that are not sent back (89.3%),
        // on 0.9488 of 1/0.97533 passes: 0.375 × 0.893 × 0.9488 / 0.97533 = 0.3258.
        close(
            h.calls_per_referral[1],
            0.375 * 0.893 * 0.9488 / (1.0 - 0.5 * 0.052 * 0.9488),
            1e-9,
        );
        assert!(h.calls_per_referral[0] > 1.0, "{:?}", h.calls_per_referral);
        assert!(h.appointments_avoided > 0.0);
        assert!(h.failure_demand_per_1000[0] > h.failure_demand_per_1000[1]);
        close(h.annual_saving, c.annual_saving, 1e-9);
        let released: f64 = h.wte_released_by_role.iter().map(|(_, w)| w).sum();
        close(released, c.wte_released(), 1e-9);
    }
}
