//! The benefits workbook (.xlsx) a finance analyst can use without opmt: a Summary
//! sheet with the headline figures and three native Excel charts, the tables by
//! stage and by role, every step of both pathways, and the simulated spread when a
//! simulation has been run. Written to a temporary file beside the target and
//! renamed over it, so a failed write leaves no partial file.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Chart, ChartSolidFill, ChartType, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};
use thiserror::Error;

use super::table::{self, Cell, Table, Unit, role_columns, stage_columns, summary_rows};
use crate::compare::Comparison;
use crate::model::{Pathway, Stage};
use crate::series;
use crate::simulate::SimulationResult;

/// Sheet names, in workbook order.
pub mod sheets {
    /// Headline figures and the charts.
    pub const SUMMARY: &str = "Summary";
    /// The table by stage.
    pub const BY_STAGE: &str = "By stage";
    /// The table by role.
    pub const BY_ROLE: &str = "By role";
    /// The current pathway's steps.
    pub const CURRENT_STEPS: &str = "Current steps";
    /// The proposed pathway's steps.
    pub const PROPOSED_STEPS: &str = "Proposed steps";
    /// The simulated spread (only when a simulation has been run).
    pub const VARIABILITY: &str = "Variability";
    /// Every option side by side (only when there are two or more).
    pub const OPTIONS: &str = "Options";
}

/// Row (from 0) of the Summary sheet's table heading; the figures follow it.
pub const SUMMARY_TABLE_ROW: u32 = 8;

/// Why the workbook could not be written.
#[derive(Debug, Error)]
pub enum WorkbookError {
    /// The workbook could not be put together.
    #[error("cannot build the workbook: {0}")]
    Build(#[from] XlsxError),
    /// The file could not be written.
    #[error("cannot write the workbook: {source} ({})", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Everything the workbook shows.
#[derive(Clone, Copy, Debug)]
pub struct WorkbookInfo<'a> {
    /// Current against proposed.
    pub comparison: &'a Comparison,
    /// The current and proposed pathways (for their steps' inputs).
    pub pathways: [&'a Pathway; 2],
    /// The last simulation of both pathways, if one has been run.
    pub simulation: Option<&'a [SimulationResult; 2]>,
    /// Every option's comparison with the current process, for the Options sheet
    /// (written when there are two or more).
    pub options: &'a [Comparison],
    /// When the workbook is written, in seconds since 1970 (UTC).
    pub unix_seconds: i64,
}

/// The workbook as the bytes of an .xlsx file.
pub fn workbook_bytes(info: &WorkbookInfo<'_>) -> Result<Vec<u8>, WorkbookError> {
    let mut book = Workbook::new();
    let c = info.comparison;
    let stage = table::stage_table(c);
    let role = table::role_table(c);
    summary_sheet(book.add_worksheet(), info)?;
    table_sheet(book.add_worksheet(), sheets::BY_STAGE, &stage)?;
    table_sheet(book.add_worksheet(), sheets::BY_ROLE, &role)?;
    for (name, pathway, report) in [
        (sheets::CURRENT_STEPS, info.pathways[0], &c.current),
        (sheets::PROPOSED_STEPS, info.pathways[1], &c.proposed),
    ] {
        let steps = table::steps_table(pathway, Some(report));
        table_sheet(book.add_worksheet(), name, &steps)?;
    }
    if let Some(results) = info.simulation {
        let ws = book.add_worksheet();
        table_sheet(ws, sheets::VARIABILITY, &table::percentile_table(results))?;
        let within = table::within_table(results);
        write_table(
            ws,
            &within,
            table::percentile_table(results).rows.len() as u32 + 2,
        )?;
    }
    if info.options.len() > 1 {
        table_sheet(
            book.add_worksheet(),
            sheets::OPTIONS,
            &table::options_table(info.options),
        )?;
    }
    let charts = summary_charts(&stage, &role)?;
    let summary = book.worksheet_from_name(sheets::SUMMARY)?;
    for (i, chart) in charts.iter().enumerate() {
        summary.insert_chart(1 + 16 * i as u32, 6, chart)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Writes the workbook to `path` through a temporary file beside it.
pub fn write_workbook(info: &WorkbookInfo<'_>, path: &Path) -> Result<(), WorkbookError> {
    let bytes = workbook_bytes(info)?;
    crate::format::write_atomic(path, &bytes).map_err(|source| WorkbookError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Seconds since 1970 now, for [`WorkbookInfo::unix_seconds`] (0 if the clock is
/// before 1970).
pub fn now_unix_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn bold() -> Format {
    Format::new().set_bold()
}

fn summary_sheet(ws: &mut Worksheet, info: &WorkbookInfo<'_>) -> Result<(), XlsxError> {
    let c = info.comparison;
    ws.set_name(sheets::SUMMARY)?;
    ws.write_string_with_format(
        0,
        0,
        format!("Benefits of {} against {}", c.proposed.name, c.current.name),
        &bold().set_font_size(14),
    )?;
    let label_rows: [(&str, Cell); 6] = [
        ("Current pathway", Cell::Text(c.current.name.clone())),
        ("Proposed pathway", Cell::Text(c.proposed.name.clone())),
        (
            "Annual referrals (both pathways)",
            Cell::Number(c.current.annual_referrals, Unit::Whole),
        ),
        (
            "WTE hours a year",
            Cell::Number(c.current.wte_hours, Unit::Whole),
        ),
        ("Written", Cell::Empty),
        (
            "opmt version",
            Cell::Text(env!("CARGO_PKG_VERSION").to_owned()),
        ),
    ];
    for (i, (label, value)) in label_rows.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, *label)?;
        write_cell(ws, row, 1, value)?;
    }
    let date = ExcelDateTime::from_timestamp(info.unix_seconds)?;
    ws.write_datetime_with_format(
        5,
        1,
        &date,
        &Format::new().set_num_format("yyyy-mm-dd hh:mm"),
    )?;

    let header = SUMMARY_TABLE_ROW;
    for (col, title) in ["Figure", "Current", "Proposed", "Saving"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(header, col as u16, *title, &bold())?;
    }
    for (i, r) in summary_rows(c).iter().enumerate() {
        let row = header + 1 + i as u32;
        ws.write_string(row, 0, r.label)?;
        let format = Format::new().set_num_format(r.unit.excel_format());
        for (col, value) in [r.current, r.proposed, r.saving].into_iter().enumerate() {
            ws.write_number_with_format(row, 1 + col as u16, value, &format)?;
        }
    }
    ws.set_column_width(0, 42)?;
    for col in 1..=3 {
        ws.set_column_width(col, 16)?;
    }
    Ok(())
}

fn write_cell(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(t) => {
            ws.write_string(row, col, t)?;
        }
        Cell::Number(v, unit) => {
            let format = Format::new().set_num_format(unit.excel_format());
            ws.write_number_with_format(row, col, *v, &format)?;
        }
    }
    Ok(())
}

/// Writes a table with its heading row at `top`.
fn write_table(ws: &mut Worksheet, table: &Table, top: u32) -> Result<(), XlsxError> {
    for (col, title) in table.header.iter().enumerate() {
        ws.write_string_with_format(top, col as u16, title, &bold())?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            write_cell(ws, top + 1 + i as u32, col as u16, cell)?;
        }
    }
    Ok(())
}

/// A sheet holding one table, its heading row frozen and its columns wide enough.
fn table_sheet(ws: &mut Worksheet, name: &str, table: &Table) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    write_table(ws, table, 0)?;
    ws.set_freeze_panes(1, 0)?;
    for (col, title) in table.header.iter().enumerate() {
        let widest = table
            .rows
            .iter()
            .filter_map(|r| r.get(col))
            .map(|c| c.display().chars().count())
            .chain([title.chars().count()])
            .max()
            .unwrap_or(8);
        ws.set_column_width(col as u16, (widest + 2).clamp(8, 60) as f64)?;
    }
    Ok(())
}

fn column(table: &Table, heading: &str) -> Result<u16, XlsxError> {
    table
        .column(heading)
        .map(|c| c as u16)
        .ok_or_else(|| XlsxError::ParameterError(format!("no column \"{heading}\"")))
}

fn fill(rgb: u32) -> ChartSolidFill {
    let mut fill = ChartSolidFill::new();
    fill.set_color(rgb);
    fill
}

/// Cost per referral by stage (clustered columns), staff hours a year by role
/// (clustered bars) and elapsed days by stage (stacked bars), all referring to the
/// cells of the By stage and By role sheets.
fn summary_charts(stage: &Table, role: &Table) -> Result<[Chart; 3], XlsxError> {
    let last_stage = stage.rows.len() as u32;
    let last_role = role.rows.len() as u32;

    let mut cost = Chart::new(ChartType::Column);
    cost.title().set_name("Cost per referral by stage");
    for (heading, rgb) in [
        (stage_columns::CURRENT_COST, series::CURRENT_RGB),
        (stage_columns::PROPOSED_COST, series::PROPOSED_RGB),
    ] {
        let col = column(stage, heading)?;
        cost.add_series()
            .set_name((sheets::BY_STAGE, 0, col))
            .set_categories((sheets::BY_STAGE, 1, 0, last_stage, 0))
            .set_values((sheets::BY_STAGE, 1, col, last_stage, col))
            .set_format(&mut fill(rgb));
    }
    cost.y_axis().set_num_format("£#,##0");

    let mut hours = Chart::new(ChartType::Bar);
    hours.title().set_name("Staff hours a year by role");
    for (heading, rgb) in [
        (role_columns::CURRENT_HOURS, series::CURRENT_RGB),
        (role_columns::PROPOSED_HOURS, series::PROPOSED_RGB),
    ] {
        let col = column(role, heading)?;
        hours
            .add_series()
            .set_name((sheets::BY_ROLE, 0, col))
            .set_categories((sheets::BY_ROLE, 1, 0, last_role, 0))
            .set_values((sheets::BY_ROLE, 1, col, last_role, col))
            .set_format(&mut fill(rgb));
    }

    let mut days = Chart::new(ChartType::BarStacked);
    days.title().set_name("Elapsed days per referral by stage");
    let first = column(stage, stage_columns::CURRENT_DAYS)?;
    let second = column(stage, stage_columns::PROPOSED_DAYS)?;
    for (i, row) in stage.rows.iter().enumerate() {
        let r = 1 + i as u32;
        let rgb = match row.first() {
            Some(Cell::Text(name)) => Stage::ALL
                .iter()
                .find(|s| s.name() == name)
                .map_or(0x768692, |s| series::stage_rgb(*s)),
            _ => 0x768692,
        };
        days.add_series()
            .set_name((sheets::BY_STAGE, r, 0))
            .set_categories((sheets::BY_STAGE, 0, first, 0, second))
            .set_values((sheets::BY_STAGE, r, first, r, second))
            .set_format(&mut fill(rgb));
    }
    days.y_axis().set_num_format("0");
    Ok([cost, hours, days])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_names_the_file_and_leaves_nothing() {
        let current = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
        let proposed = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
        let c = crate::compare(&current, &proposed).unwrap();
        let info = WorkbookInfo {
            comparison: &c,
            pathways: [&current, &proposed],
            simulation: None,
            options: &[],
            unix_seconds: 0,
        };
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder").join("benefits.xlsx");
        let e = write_workbook(&info, &missing).unwrap_err();
        assert!(e.to_string().contains("benefits.xlsx"), "{e}");
        assert!(!missing.exists());
        let written = dir.path().join("benefits.xlsx");
        write_workbook(&info, &written).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["benefits.xlsx"], "no temporary file is left");
    }
}
