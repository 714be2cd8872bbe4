//! The comparison's tables: the summary, the options side by side, the cost and
//! days by stage, and the hours and WTE by role.

use super::*;

/// One line of the summary: a figure for both pathways and the saving.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    /// What the figure is.
    pub label: &'static str,
    /// The current pathway's figure.
    pub current: f64,
    /// The proposed pathway's figure.
    pub proposed: f64,
    /// Current minus proposed (positive is a saving).
    pub saving: f64,
    /// How to show it.
    pub unit: Unit,
}

/// The headline figures of a comparison, one row each: the Summary sheet and
/// *Copy* of the headline come from this one list, so a new figure is one line here.
pub fn summary_rows(c: &Comparison) -> Vec<SummaryRow> {
    let (cur, pro) = (&c.current, &c.proposed);
    let n = cur.annual_referrals;
    let h = series::Headline::of(c);
    let row = |label, current: f64, proposed: f64, saving: f64, unit| SummaryRow {
        label,
        current,
        proposed,
        saving,
        unit,
    };
    let pair = |label, [current, proposed]: series::Pair, unit| {
        row(label, current, proposed, current - proposed, unit)
    };
    let organisation = |o: crate::model::Organisation, r: &crate::analysis::Report| {
        r.organisation(o).map_or(0.0, |x| x.cost_split.total()) * n
    };
    use crate::model::Organisation::{Practice, Provider};
    vec![
        pair(
            "Cash-releasing a year (consumables)",
            [cur.cost_split.cash, pro.cost_split.cash].map(|v| v * n),
            Unit::WholePounds,
        ),
        pair(
            "Staff time a year, direct rates (non-cash)",
            [cur.cost_split.staff_direct, pro.cost_split.staff_direct].map(|v| v * n),
            Unit::WholePounds,
        ),
        pair(
            "Capacity a year: overheads, DNA slots (non-cash)",
            [cur.cost_split.capacity, pro.cost_split.capacity].map(|v| v * n),
            Unit::WholePounds,
        ),
        row(
            "Economic value a year (all of the above)",
            cur.annual_cost,
            pro.annual_cost,
            c.annual_saving,
            Unit::WholePounds,
        ),
        pair(
            "  of which the GP practice",
            [organisation(Practice, cur), organisation(Practice, pro)],
            Unit::WholePounds,
        ),
        pair(
            "  of which the provider (trust)",
            [organisation(Provider, cur), organisation(Provider, pro)],
            Unit::WholePounds,
        ),
        row(
            "Cost per referral",
            cur.cost_per_referral,
            pro.cost_per_referral,
            c.saving_per_referral,
            Unit::Pounds,
        ),
        row(
            "Staff minutes per referral",
            cur.staff_minutes_per_referral,
            pro.staff_minutes_per_referral,
            c.staff_minutes_saved_per_referral,
            Unit::Minutes,
        ),
        pair("Staff hours a year", h.staff_hours, Unit::Whole),
        row(
            "WTE",
            cur.total_wte(),
            pro.total_wte(),
            c.wte_released(),
            Unit::Wte,
        ),
        row(
            "Elapsed days per referral",
            cur.elapsed_days,
            pro.elapsed_days,
            c.days_saved,
            Unit::Days,
        ),
        pair(
            "Days before the hospital has the referral",
            h.days_before_receipt,
            Unit::Days,
        ),
        pair(
            "Consumables per referral",
            [cur.consumables_per_referral, pro.consumables_per_referral],
            Unit::Pounds,
        ),
        pair("Letters per referral", h.letters_per_referral, Unit::Count),
        pair("Calls per referral", h.calls_per_referral, Unit::Count),
        pair(
            "Share ending in an appointment",
            h.appointment_share,
            Unit::Share,
        ),
        pair("DNAs per 1,000 referrals", h.dnas_per_1000, Unit::Count),
        pair(
            "Failure demand per 1,000 referrals",
            h.failure_demand_per_1000,
            Unit::Count,
        ),
    ]
}

/// The summary as a table: figure, current, proposed, saving.
pub fn summary_table(c: &Comparison) -> Table {
    let mut table = Table::new(&["Figure", "Current", "Proposed", "Saving"]);
    for r in summary_rows(c) {
        table.rows.push(vec![
            Cell::text(r.label),
            Cell::Number(r.current, r.unit),
            Cell::Number(r.proposed, r.unit),
            Cell::Number(r.saving, r.unit),
        ]);
    }
    table
}

/// The options appraisal: one row per figure of [`crate::series::options_table`],
/// the current process's value where the row has one, each option's, and the best
/// option's name (several when they show the same value; none when all do).
pub fn options_table<C: std::borrow::Borrow<Comparison>>(comparisons: &[C]) -> Table {
    use crate::series::RowUnit;
    let comparisons: Vec<&Comparison> = comparisons.iter().map(|c| c.borrow()).collect();
    let mut header = vec!["Figure".to_owned()];
    if let Some(first) = comparisons.first() {
        header.push(format!("Current: {}", first.current.name));
    }
    for (i, c) in comparisons.iter().enumerate() {
        header.push(format!("Option {}: {}", i + 1, c.proposed.name));
    }
    header.push("Best".into());
    let mut table = Table {
        header,
        rows: Vec::new(),
    };
    for row in crate::series::options_table(&comparisons) {
        let unit = match row.unit {
            RowUnit::Pence => Unit::Pounds,
            RowUnit::Pounds => Unit::WholePounds,
            RowUnit::Wte => Unit::Wte,
            RowUnit::Days => Unit::Days,
            RowUnit::PerReferral => Unit::Count,
            RowUnit::PerThousand => Unit::Whole,
        };
        let best: Vec<&str> = row
            .marked()
            .iter()
            .zip(&comparisons)
            .filter(|(marked, _)| **marked)
            .map(|(_, c)| c.proposed.name.as_str())
            .collect();
        let mut cells = vec![
            Cell::text(row.label.trim()),
            row.current.map_or(Cell::Empty, |v| Cell::Number(v, unit)),
        ];
        cells.extend(row.options.iter().map(|&v| Cell::Number(v, unit)));
        cells.push(Cell::text(best.join("; ")));
        table.rows.push(cells);
    }
    table
}

/// Headings of the table by stage; the workbook's charts refer to them by name.
pub mod stage_columns {
    /// Cost per referral in the current pathway.
    pub const CURRENT_COST: &str = "Current £/ref";
    /// Cost per referral in the proposed pathway.
    pub const PROPOSED_COST: &str = "Proposed £/ref";
    /// Elapsed days in the current pathway.
    pub const CURRENT_DAYS: &str = "Current days";
    /// Elapsed days in the proposed pathway.
    pub const PROPOSED_DAYS: &str = "Proposed days";
}

/// The results by stage, as on the results screen.
pub fn stage_table(c: &Comparison) -> Table {
    use stage_columns::*;
    let n = c.current.annual_referrals;
    let mut table = Table::new(&[
        "Stage",
        CURRENT_COST,
        PROPOSED_COST,
        "Saving £/ref",
        "Saving £/year",
        "Minutes saved/ref",
        CURRENT_DAYS,
        PROPOSED_DAYS,
        "Days saved",
    ]);
    for s in &c.by_stage {
        let cur = c.current.stage(s.stage);
        let pro = c.proposed.stage(s.stage);
        let cost = |r: Option<&crate::analysis::StageResult>| r.map_or(0.0, |r| r.cost);
        let days = |r: Option<&crate::analysis::StageResult>| r.map_or(0.0, |r| r.elapsed_days);
        table.rows.push(vec![
            Cell::text(s.stage.name()),
            Cell::Number(cost(cur), Unit::Pounds),
            Cell::Number(cost(pro), Unit::Pounds),
            Cell::Number(s.cost_saving, Unit::Pounds),
            Cell::Number(s.cost_saving * n, Unit::WholePounds),
            Cell::Number(s.staff_minutes_saved, Unit::Minutes),
            Cell::Number(days(cur), Unit::Days),
            Cell::Number(days(pro), Unit::Days),
            Cell::Number(s.days_saved, Unit::Days),
        ]);
    }
    table
}

/// Headings of the table by role that the workbook's charts refer to.
pub mod role_columns {
    /// Staff hours a year in the current pathway.
    pub const CURRENT_HOURS: &str = "Current h/year";
    /// Staff hours a year in the proposed pathway.
    pub const PROPOSED_HOURS: &str = "Proposed h/year";
}

/// The results by role, as on the results screen.
pub fn role_table(c: &Comparison) -> Table {
    use role_columns::*;
    let mut table = Table::new(&[
        "Role",
        CURRENT_HOURS,
        PROPOSED_HOURS,
        "Hours released",
        "Current WTE",
        "Proposed WTE",
        "WTE released",
        "Saving £/year",
    ]);
    for r in &c.by_role {
        let hours = |rep: &Report| rep.role(&r.id).map_or(0.0, |x| x.annual_hours);
        let wte = |rep: &Report| rep.role(&r.id).map_or(0.0, |x| x.wte);
        table.rows.push(vec![
            Cell::text(r.name.clone()),
            Cell::Number(hours(&c.current), Unit::Whole),
            Cell::Number(hours(&c.proposed), Unit::Whole),
            Cell::Number(r.annual_hours_released, Unit::Whole),
            Cell::Number(wte(&c.current), Unit::Wte),
            Cell::Number(wte(&c.proposed), Unit::Wte),
            Cell::Number(r.wte_released, Unit::Wte),
            Cell::Number(
                r.cost_saving * c.current.annual_referrals,
                Unit::WholePounds,
            ),
        ]);
    }
    table
}

/// The headline figures as every screen words them, one row each (caption, value,
/// note): the workbook's Headline sheet holds the very list the headline strip and
/// Present draw.
pub fn headline_table(figures: &crate::render::figures::HeadlineFigures) -> Table {
    let mut t = Table::new(&["Figure", "Value", "Note"]);
    for f in figures.money.iter().chain(&figures.others) {
        t.rows.push(vec![
            Cell::text(f.caption.clone()),
            Cell::text(f.value.clone()),
            Cell::text(f.note.clone()),
        ]);
    }
    t
}
