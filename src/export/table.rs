//! Every results table as a header and rows of cells: one function per table, used
//! alike by the screen's *Copy* (tab-separated text), *Save as CSV* and the sheets
//! of the benefits workbook. Numbers stay numbers, each with the [`Unit`] that says
//! how to show it.

use crate::analysis::Report;
use crate::compare::Comparison;
use crate::model::{Counter, Estimate, Outcome, Pathway, Step};
use crate::numbers::{grouped, pounds};
use crate::sensitivity::Swing;
use crate::series;
use crate::simulate::{Distribution, SimulationResult};

/// What a number in a table measures, which decides how it is shown on screen and
/// which number format it gets in Excel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Pounds and pence: £1,234.56.
    Pounds,
    /// Whole pounds: £1,235.
    WholePounds,
    /// Staff minutes, one decimal.
    Minutes,
    /// Elapsed days, one decimal.
    Days,
    /// A whole number: hours, referrals, DNAs per 1,000.
    Whole,
    /// Whole-time equivalents, two decimals.
    Wte,
    /// A share of referrals: 92.0%.
    Share,
    /// A count per referral or per 1,000 (visits, letters), two decimals.
    Count,
    /// An input as typed (minutes, days, £ of a step), shown as it is.
    Input,
}

impl Unit {
    /// The number as shown on screen.
    pub fn display(self, value: f64) -> String {
        match self {
            Unit::Pounds => pounds(value, 2),
            Unit::WholePounds => pounds(value, 0),
            Unit::Minutes | Unit::Days => grouped(value, 1),
            Unit::Whole => grouped(value, 0),
            Unit::Wte | Unit::Count => grouped(value, 2),
            Unit::Share => format!("{:.1}%", value * 100.0),
            Unit::Input => value.to_string(),
        }
    }

    /// The Excel number format.
    pub fn excel_format(self) -> &'static str {
        match self {
            Unit::Pounds => "£#,##0.00;-£#,##0.00",
            Unit::WholePounds => "£#,##0;-£#,##0",
            Unit::Minutes => "#,##0.0\" min\"",
            Unit::Days => "#,##0.0\" days\"",
            Unit::Whole => "#,##0",
            Unit::Wte => "0.00",
            Unit::Share => "0.0%",
            Unit::Count => "#,##0.00",
            Unit::Input => "General",
        }
    }
}

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number and what it measures.
    Number(f64, Unit),
}

impl Cell {
    /// Text, or [`Cell::Empty`] for an empty string (a spreadsheet has no empty text).
    fn text(value: impl Into<String>) -> Self {
        let value = value.into();
        if value.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(value)
        }
    }

    fn optional(value: Option<&str>) -> Self {
        value.map_or(Cell::Empty, Cell::text)
    }

    /// The cell as plain text: numbers as [`plain_number`] writes them, text as it is.
    pub fn plain(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(v, _) => plain_number(*v),
        }
    }

    /// The cell as a CSV or tab-separated field that a spreadsheet shows as it is:
    /// [`Cell::plain`], with text that a spreadsheet would take for a formula
    /// [`protected`] (a number, even a negative one, stays a number).
    pub fn field(&self) -> String {
        match self {
            Cell::Text(t) => protected(t).into_owned(),
            other => other.plain(),
        }
    }

    /// The cell as shown on screen.
    pub fn display(&self) -> String {
        match self {
            Cell::Number(v, unit) => unit.display(*v),
            other => other.plain(),
        }
    }
}

/// A table: column headings and rows of cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Column headings.
    pub header: Vec<String>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(header: &[&str]) -> Self {
        Self {
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Tab-separated text with the header first, one row a line: what Excel expects
    /// on the clipboard. Tabs and line breaks inside text become spaces; text a
    /// spreadsheet would take for a formula is [`protected`].
    pub fn to_tsv(&self) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let field = |c: &Cell| match c {
            Cell::Text(t) => protected(&clean(t)).into_owned(),
            other => other.plain(),
        };
        let header: Vec<String> = self
            .header
            .iter()
            .map(|h| protected(&clean(h)).into_owned())
            .collect();
        let mut out = header.join("\t");
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(field).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
        out
    }

    /// CSV text (RFC 4180 quoting) with the header first; text a spreadsheet would
    /// take for a formula is [`protected`].
    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let mut write = || -> Result<Vec<u8>, csv::Error> {
            writer.write_record(self.header.iter().map(|h| protected(h).into_owned()))?;
            for row in &self.rows {
                writer.write_record(row.iter().map(Cell::field))?;
            }
            writer.flush()?;
            Ok(writer.get_ref().clone())
        };
        // Writing strings into memory cannot fail.
        match write() {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => unreachable!("writing CSV into memory failed: {e}"),
        }
    }

    /// The index of the column with this heading.
    pub fn column(&self, heading: &str) -> Option<usize> {
        self.header.iter().position(|h| h == heading)
    }
}

/// A number for a CSV file or the clipboard, at the precision it was entered: at most
/// 12 significant digits, no trailing zeros (`0.6` for 0.6000000000000001, `12.5`,
/// `0.333333333333` for a third), so it reads back within a part in 10^12. Figures
/// too large or small to write out in digits take an exponent (`1.5e-300`).
pub fn plain_number(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    if !value.is_finite() {
        return value.to_string();
    }
    // Rounded to 12 significant digits; the shortest text that reads back to the
    // rounded number has no more digits than that.
    let rounded: f64 = format!("{value:.11e}").parse().unwrap_or(value);
    let text = rounded.to_string();
    if text.len() > 24 {
        format!("{rounded:e}")
    } else {
        text
    }
}

/// Whether a spreadsheet opening the text as a CSV or pasted cell would take it for a
/// formula (`=`, `+`, `-`, `@`, a tab or a carriage return first), or it is such text
/// already protected with apostrophes (so that protecting stays reversible).
fn formula_like(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => true,
        Some(b'\'') => formula_like(&text[1..]),
        _ => false,
    }
}

/// Text written so that a spreadsheet shows it as text and runs nothing: a leading
/// apostrophe before formula-like text (`'=HYPERLINK("x")`). [`unprotected`] undoes it.
pub fn protected(text: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The text [`protected`] was given: one leading apostrophe dropped where what
/// follows is formula-like; any other text as it is.
pub fn unprotected(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => text,
    }
}

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

/// Headings of the steps table; [`crate::import`] reads the same headings back.
pub mod step_columns {
    /// The step's id.
    pub const ID: &str = "Id";
    /// The step's name.
    pub const NAME: &str = "Name";
    /// The stage.
    pub const STAGE: &str = "Stage";
    /// The role's name.
    pub const ROLE: &str = "Role";
    /// Touch minutes (the most likely; low and high beside it when a range).
    pub const MINUTES: &str = "Minutes";
    /// Wait days.
    pub const WAIT_DAYS: &str = "Wait days";
    /// Unit cost in £.
    pub const UNIT_COST: &str = "Unit cost";
    /// Where referrals go next, with shares.
    pub const NEXT: &str = "Next";
    /// The outcome of an end step.
    pub const OUTCOME: &str = "Outcome";
    /// What a pass counts as.
    pub const COUNTS_AS: &str = "Counts as";
    /// Where the figures come from.
    pub const SOURCE: &str = "Source";
    /// Expected passes per referral.
    pub const VISITS: &str = "Expected visits";
    /// Cost per referral at this step.
    pub const COST: &str = "Cost per referral";
    /// Written in *Next* for an end step without an outcome.
    pub const END: &str = "End";
}

/// Every step's inputs, one row a step, with its expected visits and cost per
/// referral when the pathway could be analysed. Ranges take three columns
/// (`Minutes low`, `Minutes`, `Minutes high`); a single value leaves low and high
/// empty. *Next* names the targets (ids where names repeat) with percentage shares,
/// as [`crate::import`] reads them.
pub fn steps_table(pathway: &Pathway, report: Option<&Report>) -> Table {
    use step_columns::*;
    let ranged = |name: &str| {
        [
            format!("{name} low"),
            name.to_owned(),
            format!("{name} high"),
        ]
    };
    let mut header: Vec<String> = vec![ID.into(), NAME.into(), STAGE.into(), ROLE.into()];
    for name in [MINUTES, WAIT_DAYS, UNIT_COST] {
        header.extend(ranged(name));
    }
    header.extend([NEXT, OUTCOME, COUNTS_AS, SOURCE].map(String::from));
    if report.is_some() {
        header.extend([VISITS, COST].map(String::from));
    }
    let mut table = Table {
        header,
        rows: Vec::new(),
    };
    for (i, step) in pathway.steps.iter().enumerate() {
        let role = step
            .role
            .as_deref()
            .map(|id| pathway.role(id).map_or(id, |r| r.name.as_str()));
        let mut row = vec![
            Cell::text(step.id.clone()),
            Cell::text(step.name.clone()),
            Cell::text(step.stage.name()),
            Cell::optional(role),
        ];
        for estimate in [step.touch_minutes, step.wait_days, step.unit_cost] {
            row.extend(estimate_cells(estimate));
        }
        row.push(Cell::text(next_text(pathway, step)));
        row.push(Cell::optional(step.outcome.map(Outcome::name)));
        let counts: Vec<&str> = step.counts_as.iter().map(|c| Counter::name(*c)).collect();
        row.push(Cell::text(counts.join("; ")));
        row.push(Cell::optional(step.source.as_deref()));
        if let Some(report) = report
            && let Some(result) = report.steps.get(i)
        {
            row.push(Cell::Number(result.visits, Unit::Count));
            row.push(Cell::Number(result.cost(), Unit::Pounds));
        }
        table.rows.push(row);
    }
    table
}

fn estimate_cells(e: Estimate) -> [Cell; 3] {
    let input = |v| Cell::Number(v, Unit::Input);
    if e.is_fixed() {
        [Cell::Empty, input(e.likely), Cell::Empty]
    } else {
        [input(e.low), input(e.likely), input(e.high)]
    }
}

/// *Next* as written in a sheet: `Book appointment 92%; Rebook 8%`, a single target
/// without a share, or `End` for an end step without an outcome.
pub fn next_text(pathway: &Pathway, step: &Step) -> String {
    if step.next.is_empty() {
        return if step.outcome.is_some() {
            String::new()
        } else {
            step_columns::END.into()
        };
    }
    let target = |id: &str| -> String {
        let named = pathway.steps.iter().find(|s| s.id == id);
        match named {
            Some(s)
                if !s.name.contains([';', '\n', '%'])
                    && pathway.steps.iter().filter(|t| t.name == s.name).count() == 1 =>
            {
                s.name.clone()
            }
            _ => id.to_owned(),
        }
    };
    if let [only] = step.next.as_slice()
        && only.share == 1.0
    {
        return target(&only.to);
    }
    step.next
        .iter()
        .map(|l| format!("{} {}%", target(&l.to), percent_text(l.share)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A share as a percentage that reads back through [`share_of_percent`] to exactly
/// the same share: `0.92` as `92`, `0.052` as `5.2`.
pub fn percent_text(share: f64) -> String {
    let percent = share * 100.0;
    for decimals in 0..=17 {
        let text = format!("{percent:.decimals$}");
        if share_of_percent(&text) == Some(share) {
            return text;
        }
    }
    percent.to_string()
}

/// The share a percentage stands for, `"5.2"` as `0.052`, rounded once from the
/// decimal (dividing the parsed 5.2 by 100 would give 0.052000000000000005).
pub fn share_of_percent(text: &str) -> Option<f64> {
    let text = text.trim();
    format!("{text}e-2")
        .parse::<f64>()
        .ok()
        .or_else(|| text.parse::<f64>().ok().map(|p| p / 100.0))
}

/// The simulated spread of both pathways: mean and percentiles of days and cost,
/// and the share within 18 weeks.
pub fn percentile_table(results: &[SimulationResult; 2]) -> Table {
    let mut table = Table::new(&["Figure", "Mean", "P50", "P90", "P92", "P95"]);
    let [current, proposed] = results;
    let row = |name: &str, d: Distribution, unit| {
        let mut row = vec![Cell::text(name)];
        row.extend([d.mean, d.p50, d.p90, d.p92, d.p95].map(|v| Cell::Number(v, unit)));
        row
    };
    table.rows = vec![
        row("Current: days", current.elapsed_days, Unit::Days),
        row("Proposed: days", proposed.elapsed_days, Unit::Days),
        row(
            "Current: £ per referral",
            current.cost_per_referral,
            Unit::Pounds,
        ),
        row(
            "Proposed: £ per referral",
            proposed.cost_per_referral,
            Unit::Pounds,
        ),
    ];
    table
}

/// The capacity figures of each side a section applies to (current, proposed):
/// one row a figure, a column a side (empty where no section applies).
pub fn capacity_table(made: [Option<&crate::capacity::Made>; 2]) -> Table {
    let mut table = Table::new(&["Figure", "Current", "Proposed"]);
    type Figure = fn(&crate::capacity::Made) -> f64;
    let rows: [(&str, Unit, Figure); 13] = [
        ("Demand for slots a week", Unit::Count, |m| {
            m.figures.demand_per_week
        }),
        ("Slots published a week", Unit::Count, |m| {
            m.figures.slots_per_week
        }),
        ("Load (demand / slots)", Unit::Count, |m| m.figures.load),
        ("Waiting list at the start", Unit::Whole, |m| {
            m.capacity.waiting_list
        }),
        ("Slots published ahead, weeks", Unit::Count, |m| {
            m.capacity.horizon_weeks
        }),
        ("Target, weeks", Unit::Count, |m| m.capacity.target_weeks),
        ("Target queue size", Unit::Whole, |m| {
            m.figures.target_queue_size
        }),
        (
            "Slots a week needed for the target (Kingman)",
            Unit::Count,
            |m| m.figures.target_capacity_per_week,
        ),
        (
            "Relief capacity a week (target queue in 26 weeks)",
            Unit::Count,
            |m| m.figures.relief_capacity_per_week,
        ),
        (
            "Mean wait for a first appointment, weeks",
            Unit::Count,
            |m| m.figures.mean_wait_weeks,
        ),
        ("Share of referrals finding no slot", Unit::Share, |m| {
            m.figures.asi_share
        }),
        ("Slot issues a year", Unit::Whole, |m| {
            m.slot_issues_per_year
        }),
        ("Slot issues, £ a year", Unit::WholePounds, |m| {
            m.slot_issue_cost_per_year
        }),
    ];
    table.rows = rows
        .iter()
        .map(|(name, unit, f)| {
            let mut row = vec![Cell::text(*name)];
            row.extend(made.map(|m| m.map_or(Cell::Empty, |m| Cell::Number(f(m), *unit))));
            row
        })
        .collect();
    table
}

/// Each week of each side's projection: the waiting list (with P10 and P90 when
/// stochastic), the wait and the share finding no slot.
pub fn capacity_weeks_table(made: [Option<&crate::capacity::Made>; 2]) -> Table {
    let mut table = Table::new(&[
        "Week",
        "Current: waiting list",
        "Current: P10",
        "Current: P90",
        "Current: wait, weeks",
        "Current: no slot",
        "Proposed: waiting list",
        "Proposed: P10",
        "Proposed: P90",
        "Proposed: wait, weeks",
        "Proposed: no slot",
    ]);
    let weeks = made
        .iter()
        .flatten()
        .map(|m| m.figures.projection.weeks.len())
        .max()
        .unwrap_or(0);
    for k in 0..weeks {
        let mut row = vec![Cell::Number((k + 1) as f64, Unit::Whole)];
        for side in made {
            let week = side.and_then(|m| m.figures.projection.weeks.get(k));
            let band = week.and_then(|w| w.band);
            let cells = [
                week.map(|w| (w.waiting_list, Unit::Whole)),
                band.map(|b| (b.p10, Unit::Whole)),
                band.map(|b| (b.p90, Unit::Whole)),
                week.map(|w| (w.wait_weeks, Unit::Count)),
                week.map(|w| (w.asi_share, Unit::Share)),
            ];
            row.extend(cells.map(|c| c.map_or(Cell::Empty, |(v, unit)| Cell::Number(v, unit))));
        }
        table.rows.push(row);
    }
    table
}

/// The share of each pathway's referrals finished within 18 weeks (126 days) and
/// within the target, with the referrals simulated.
pub fn within_table(results: &[SimulationResult; 2]) -> Table {
    let mut table = Table::new(&[
        "Pathway",
        "Referrals simulated",
        "Within 18 weeks",
        "Target days",
        "Within target",
    ]);
    for (name, r) in ["Current", "Proposed"].iter().zip(results) {
        table.rows.push(vec![
            Cell::text(*name),
            Cell::Number(r.referrals as f64, Unit::Whole),
            Cell::Number(r.within_126_days, Unit::Share),
            Cell::Number(r.target_days, Unit::Days),
            Cell::Number(r.within_target_days, Unit::Share),
        ]);
    }
    table
}

/// The one-way sensitivity analysis, largest swing first.
pub fn sensitivity_table(pathway: &Pathway, swings: &[Swing]) -> Table {
    let mut table = Table::new(&[
        "Step",
        "Input",
        "Low",
        "High",
        "£/ref at low",
        "£/ref at high",
        "Days at low",
        "Days at high",
    ]);
    for s in swings {
        let name = pathway
            .steps
            .get(s.step_index)
            .map_or(s.step.as_str(), |st| st.name.as_str());
        table.rows.push(vec![
            Cell::text(name),
            Cell::text(s.parameter.name()),
            Cell::Number(s.low, Unit::Input),
            Cell::Number(s.high, Unit::Input),
            Cell::Number(s.cost_low, Unit::Pounds),
            Cell::Number(s.cost_high, Unit::Pounds),
            Cell::Number(s.days_low, Unit::Days),
            Cell::Number(s.days_high, Unit::Days),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Role, Stage};

    fn two_steps() -> Pathway {
        let mut p = Pathway::new("Two steps");
        p.annual_referrals = 1000.0;
        p.roles.push(Role::new("b3", "Band 3", 30.0));
        let mut book = Step::new("book", "Book, then \"check\"", Stage::Booking);
        book.role = Some("b3".into());
        book.touch_minutes = Estimate::range(4.0, 6.0, 8.0);
        book.unit_cost = Estimate::fixed(0.5);
        book.next = vec![
            Link {
                to: "seen".into(),
                share: 0.92,
            },
            Link {
                to: "book".into(),
                share: 0.08,
            },
        ];
        let mut seen = Step::new("seen", "Seen", Stage::Attendance);
        seen.outcome = Some(Outcome::Appointment);
        p.steps = vec![book, seen];
        p
    }

    #[test]
    fn steps_table_holds_inputs_visits_and_cost() {
        let p = two_steps();
        let report = crate::analyse(&p).unwrap();
        let t = steps_table(&p, Some(&report));
        let col = |h: &str| t.column(h).unwrap();
        let book = &t.rows[0];
        assert_eq!(book[col("Role")], Cell::text("Band 3"));
        assert_eq!(book[col("Minutes low")], Cell::Number(4.0, Unit::Input));
        assert_eq!(book[col("Minutes")], Cell::Number(6.0, Unit::Input));
        assert_eq!(book[col("Unit cost low")], Cell::Empty);
        // A name with a semicolon would split the list: the id stands in for it.
        assert_eq!(
            book[col("Next")],
            Cell::text("Seen 92%; Book, then \"check\" 8%")
        );
        let mut semicolon = p.clone();
        semicolon.steps[0].name = "Book; check".into();
        let t2 = steps_table(&semicolon, None);
        assert_eq!(t2.rows[0][col("Next")], Cell::text("Seen 92%; book 8%"));
        // Visits 1 / 0.92; cost per pass 6 min at £30/h = £3 + 50p = £3.50.
        let Cell::Number(visits, _) = book[col("Expected visits")] else {
            panic!()
        };
        assert!((visits - 1.0 / 0.92).abs() < 1e-12);
        let Cell::Number(cost, _) = book[col("Cost per referral")] else {
            panic!()
        };
        assert!((cost - 3.5 / 0.92).abs() < 1e-12);
        assert_eq!(t.rows[1][col("Outcome")], Cell::text("Appointment"));
        assert_eq!(t.rows[1][col("Next")], Cell::Empty);
    }

    #[test]
    fn tsv_and_csv_quote_and_keep_numbers_whole() {
        let p = two_steps();
        let t = steps_table(&p, None);
        let tsv = t.to_tsv();
        let first: Vec<&str> = tsv.lines().nth(1).unwrap().split('\t').collect();
        assert_eq!(first.len(), t.header.len());
        assert_eq!(first[1], "Book, then \"check\"");
        let csv = t.to_csv();
        assert!(csv.contains("\"Book, then \"\"check\"\"\""), "{csv}");
        assert!(csv.starts_with("Id,Name,Stage,Role,Minutes low,Minutes,"));
    }

    /// Numbers at the precision they were entered, by hand.
    #[test]
    fn numbers_are_written_at_the_precision_they_were_entered() {
        assert_eq!(plain_number(0.1 * 6.0), "0.6"); // 0.6000000000000001
        assert_eq!(plain_number(0.1 + 0.2), "0.3"); // 0.30000000000000004
        assert_eq!(plain_number(12.5), "12.5");
        assert_eq!(plain_number(1.0 / 3.0), "0.333333333333");
        assert_eq!(plain_number(2.0 / 3.0), "0.666666666667");
        assert_eq!(plain_number(-3.5), "-3.5");
        assert_eq!(plain_number(-0.0), "0");
        assert_eq!(plain_number(1545.0), "1545");
        assert_eq!(plain_number(123_456_789_012_345.0), "123456789012000");
        assert_eq!(plain_number(1.5e-300), "1.5e-300");
        assert_eq!(plain_number(0.000_001_25), "0.00000125");
        for v in [0.92, 1.0 / 3.0, 0.1 * 6.0, 12_000.0, 0.87, 1e-7, 4.0 / 7.0] {
            let back: f64 = plain_number(v).parse().unwrap();
            assert!((back - v).abs() <= 1e-12 * v.abs(), "{v}: {back}");
        }
        let cell = Cell::Number(0.1 * 6.0, Unit::Input);
        assert_eq!(cell.plain(), "0.6");
    }

    #[test]
    fn formula_like_text_is_protected_and_numbers_are_not() {
        for (text, written) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("'ok", "'ok"),
            ("Book appointment", "Book appointment"),
            ("", ""),
        ] {
            assert_eq!(protected(text), written, "{text:?}");
            assert_eq!(unprotected(&protected(text)), text, "{text:?}");
        }
        assert_eq!(Cell::text("=1+1").field(), "'=1+1");
        assert_eq!(Cell::Number(-3.5, Unit::Input).field(), "-3.5");
        let mut t = Table::new(&["Name", "Minutes"]);
        t.rows
            .push(vec![Cell::text("=1+1"), Cell::Number(-2.0, Unit::Input)]);
        t.rows.push(vec![Cell::text("\t=2"), Cell::Empty]);
        assert_eq!(t.to_csv(), "Name,Minutes\r\n'=1+1,-2\r\n'\t=2,\r\n");
        // On the clipboard the tab becomes a space first, and a space is harmless.
        assert_eq!(t.to_tsv(), "Name\tMinutes\n'=1+1\t-2\n =2\t\n");
    }

    #[test]
    fn percentages_read_back_exactly() {
        for share in [0.92, 0.08, 0.052, 1.0 / 3.0, 0.1 + 0.2, 0.8776, 1e-9] {
            let text = percent_text(share);
            assert_eq!(share_of_percent(&text), Some(share), "{text}");
        }
        assert_eq!(percent_text(0.92), "92");
        assert_eq!(percent_text(0.052), "5.2");
    }

    #[test]
    fn summary_rows_match_the_comparison() {
        let current = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
        let proposed = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
        let c = crate::compare(&current, &proposed).unwrap();
        let rows = summary_rows(&c);
        // Cash first, then the non-cash classes, then their total as economic value.
        assert!(rows[0].label.starts_with("Cash-releasing"));
        let split = c.annual_saving_split();
        assert!((rows[0].saving - split.cash).abs() < 1e-6);
        assert_eq!(rows[3].label, "Economic value a year (all of the above)");
        assert_eq!(rows[3].saving, c.annual_saving);
        let classes: f64 = rows[..3].iter().map(|r| r.saving).sum();
        assert!((classes - c.annual_saving).abs() < 1e-6, "{classes}");
        let organisations: f64 = rows[4..6].iter().map(|r| r.saving).sum();
        let other = c
            .organisation(crate::model::Organisation::Other)
            .map_or(0.0, |o| o.saving_split.total())
            * c.current.annual_referrals;
        assert!((organisations + other - c.annual_saving).abs() < 1e-6);
        assert_eq!(rows[6].label, "Cost per referral");
        assert_eq!(rows[6].saving, c.saving_per_referral);
        for r in &rows {
            assert!(
                (r.current - r.proposed - r.saving).abs() < 1e-6,
                "{}",
                r.label
            );
        }
        let stage = stage_table(&c);
        let total: f64 = stage
            .rows
            .iter()
            .map(|r| match r[1] {
                Cell::Number(v, _) => v,
                _ => 0.0,
            })
            .sum();
        assert!((total - c.current.cost_per_referral).abs() < 1e-9);
    }
}
