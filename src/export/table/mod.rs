//! Every results table as a header and rows of cells: one function per table, used
//! alike by the screen's *Copy* (tab-separated text), *Save as CSV* and the sheets
//! of the benefits workbook. Numbers stay numbers, each with the [`Unit`] that says
//! how to show it. This file holds the cells and the table; the tables themselves
//! are grouped by what they report: `results.rs` (the comparison: summary, options,
//! stages, roles), `steps.rs` (a pathway's steps, the sheet *Import steps* reads
//! back), `simulation.rs` (the simulation, capacity and sensitivity).

use crate::analysis::Report;
use crate::compare::Comparison;
use crate::model::{Counter, Estimate, Outcome, Pathway, Step};
use crate::numbers::{grouped, pounds};
use crate::sensitivity::Swing;
use crate::series;
use crate::simulate::{Distribution, SimulationResult};

mod results;
mod simulation;
mod steps;

pub use results::*;
pub use simulation::*;
pub use steps::*;

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
