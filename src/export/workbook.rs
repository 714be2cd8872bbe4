//! The benefits workbook (.xlsx) a finance analyst can use without opmt: a Summary
//! sheet with the headline figures and three native Excel charts, the tables by
//! stage and by role, every step of both pathways, the simulated spread when a
//! simulation has been run, and the capacity figures week by week when a capacity
//! section applies. Every sheet prints landscape, one page wide, and the
//! Summary's charts each stand on a page of their own below its table, so no page
//! break cuts one. Written to a temporary file beside the target and renamed over
//! it, so a failed write leaves no partial file.

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
    /// The headline figures worded as the app shows them (the strip's and Present's
    /// one list).
    pub const HEADLINE: &str = "Headline";
    /// The appraisal over years, as live formulas (only with a business case).
    pub const APPRAISAL: &str = super::super::appraisal_sheet::NAME;
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
    /// Slots against demand, the waiting list and the slot issues (only when a
    /// capacity section applies).
    pub const CAPACITY: &str = "Capacity";
}

/// Row (from 0) of the Summary sheet's table heading; the figures follow it.
pub const SUMMARY_TABLE_ROW: u32 = 8;

/// Row (from 0) of the Summary sheet that says which options the workbook holds.
pub const SUMMARY_OPTIONS_ROW: u32 = 7;

/// Rows of one printed landscape A4 page of the Summary at full size (15-point
/// rows in 487 points between the margins): each chart starts a page.
pub const SUMMARY_PAGE_ROWS: u32 = 32;

/// A Summary chart's size in pixels: as wide as a landscape page holds at full
/// size, and short enough to leave its page's last rows free.
const CHART_SIZE_PX: (u32, u32) = (900, 540);

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
    /// The options chosen for the workbook, each compared with the current
    /// process: with two or more, the Summary has a column of figures (and one of
    /// savings) for each and an Options sheet puts them side by side; with none or
    /// one, the Summary holds `comparison` alone.
    pub options: &'a [Comparison],
    /// When the workbook is written, in seconds since 1970 (UTC).
    pub unix_seconds: i64,
    /// The business case of the option compared (its classes and appraisal), for
    /// the Appraisal sheet; none leaves the sheet out.
    pub case: Option<&'a crate::business::BusinessCase>,
    /// The ranges of `case` (see [`crate::business::ranges`]), when they are worked
    /// out for it; without them the Appraisal sheet says they were not ready.
    pub ranges: Option<&'a crate::uncertainty::Uncertainty>,
    /// The current and proposed pathways as capacity makes them, where a section
    /// applies: the Capacity sheet (left out when neither has one).
    pub capacity: [Option<&'a crate::capacity::Made>; 2],
}

/// The workbook as the bytes of an .xlsx file.
pub fn workbook_bytes(info: &WorkbookInfo<'_>) -> Result<Vec<u8>, WorkbookError> {
    Ok(workbook(info)?.save_to_buffer()?)
}

/// The workbook, built and ready to save.
fn workbook(info: &WorkbookInfo<'_>) -> Result<Workbook, WorkbookError> {
    let mut book = Workbook::new();
    let c = info.comparison;
    let stage = table::stage_table(c);
    let role = table::role_table(c);
    summary_sheet(book.add_worksheet(), info)?;
    let classes = info
        .case
        .map_or_else(|| c.classes(), |case| case.classes.clone());
    let slot_issues = crate::capacity::slot_issue_pair(c, info.capacity);
    let figures = crate::render::figures::HeadlineFigures::new(c, &classes, slot_issues.as_ref());
    table_sheet(
        book.add_worksheet(),
        sheets::HEADLINE,
        &table::headline_table(&figures),
    )?;
    if let Some(case) = info.case {
        super::appraisal_sheet::appraisal_sheet(
            book.add_worksheet(),
            case,
            info.ranges,
            &c.proposed.name,
            &c.current.name,
        )?;
    }
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
    if info.capacity.iter().any(Option::is_some) {
        let ws = book.add_worksheet();
        let figures = table::capacity_table(info.capacity);
        table_sheet(ws, sheets::CAPACITY, &figures)?;
        write_table(
            ws,
            &table::capacity_weeks_table(info.capacity),
            figures.rows.len() as u32 + 2,
        )?;
    }
    if info.options.len() > 1 {
        table_sheet(
            book.add_worksheet(),
            sheets::OPTIONS,
            &table::options_table(info.options),
        )?;
    }
    let mut charts = summary_charts(&stage, &role)?;
    let summary = book.worksheet_from_name(sheets::SUMMARY)?;
    let tops = chart_rows(summary_figure_rows(info));
    for (chart, &top) in charts.iter_mut().zip(&tops) {
        chart.set_width(CHART_SIZE_PX.0).set_height(CHART_SIZE_PX.1);
        summary.insert_chart(top, 0, chart)?;
    }
    summary.set_page_breaks(&tops)?;
    for ws in book.worksheets_mut() {
        print_setup(ws);
    }
    Ok(book)
}

/// Rows of the Summary down to the end of its table.
fn summary_figure_rows(info: &WorkbookInfo<'_>) -> u32 {
    SUMMARY_TABLE_ROW + 1 + summary_rows(info.comparison).len() as u32
}

/// The first row of each of the three Summary charts: each on a page of its own,
/// after the pages the table takes.
pub fn chart_rows(table_rows: u32) -> [u32; 3] {
    let first = table_rows.div_ceil(SUMMARY_PAGE_ROWS).max(1) * SUMMARY_PAGE_ROWS;
    [0, 1, 2].map(|i| first + i * SUMMARY_PAGE_ROWS)
}

/// How every sheet prints: landscape A4, one page wide (as many long as it takes),
/// its heading row on every page, and the sheet's name and page number in the
/// footer.
fn print_setup(ws: &mut Worksheet) {
    ws.set_landscape()
        .set_paper_size(9) // A4
        .set_print_fit_to_pages(1, 0)
        .set_footer("&L&A&RPage &P of &N");
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
    i64::try_from(crate::platform::clock::now_unix_secs()).unwrap_or(i64::MAX)
}

fn bold() -> Format {
    Format::new().set_bold()
}

/// The options the Summary shows a column for: every option chosen, or the one
/// compared.
fn summary_options<'a>(info: &WorkbookInfo<'a>) -> Vec<&'a Comparison> {
    if info.options.len() > 1 {
        info.options.iter().collect()
    } else {
        vec![info.comparison]
    }
}

/// What the workbook holds, said on the Summary: its option or options.
pub fn options_held(info: &WorkbookInfo<'_>) -> String {
    let options = summary_options(info);
    let quoted: Vec<String> = options
        .iter()
        .map(|c| format!("“{}”", c.proposed.name))
        .collect();
    match options.as_slice() {
        [_] => format!("One option: {}", quoted.join("")),
        _ => format!(
            "{} options, one column each: {}. The By stage, By role and Proposed steps sheets are of “{}”.",
            options.len(),
            quoted.join(", "),
            info.comparison.proposed.name
        ),
    }
}

fn summary_sheet(ws: &mut Worksheet, info: &WorkbookInfo<'_>) -> Result<(), XlsxError> {
    let c = info.comparison;
    let options = summary_options(info);
    ws.set_name(sheets::SUMMARY)?;
    let title = match options.as_slice() {
        [only] => format!(
            "Benefits of {} against {}",
            only.proposed.name, c.current.name
        ),
        many => format!(
            "Benefits of {} options against {}",
            many.len(),
            c.current.name
        ),
    };
    ws.write_string_with_format(0, 0, title, &bold().set_font_size(14))?;
    let proposed = options
        .iter()
        .map(|o| o.proposed.name.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let label_rows: [(&str, Cell); 7] = [
        ("Current pathway", Cell::Text(c.current.name.clone())),
        (
            if options.len() > 1 {
                "Proposed pathways"
            } else {
                "Proposed pathway"
            },
            Cell::Text(proposed),
        ),
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
        ("Options in this workbook", Cell::Text(options_held(info))),
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
    let mut titles = vec!["Figure".to_owned(), "Current".to_owned()];
    match options.as_slice() {
        [_] => titles.extend(["Proposed".to_owned(), "Saving".to_owned()]),
        many => {
            for o in many {
                titles.push(o.proposed.name.clone());
                titles.push(format!("Saving: {}", o.proposed.name));
            }
        }
    }
    let wrap = bold().set_text_wrap();
    for (col, title) in titles.iter().enumerate() {
        ws.write_string_with_format(header, col as u16, title, &wrap)?;
    }
    let rows: Vec<Vec<table::SummaryRow>> = options.iter().map(|o| summary_rows(o)).collect();
    for (i, r) in summary_rows(c).iter().enumerate() {
        let row = header + 1 + i as u32;
        ws.write_string(row, 0, r.label)?;
        let format = Format::new().set_num_format(r.unit.excel_format());
        ws.write_number_with_format(row, 1, r.current, &format)?;
        for (k, option_rows) in rows.iter().enumerate() {
            // The same figures in the same order for every option.
            let Some(o) = option_rows.get(i) else {
                continue;
            };
            let col = 2 + 2 * k as u16;
            ws.write_number_with_format(row, col, o.proposed, &format)?;
            ws.write_number_with_format(row, col + 1, o.saving, &format)?;
        }
    }
    ws.set_column_width(0, 42)?;
    let width = if options.len() > 2 { 12 } else { 16 };
    for col in 1..titles.len() as u16 {
        ws.set_column_width(col, width)?;
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
    ws.set_repeat_rows(0, 0)?;
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

    fn bundled_info<'a>(
        current: &'a Pathway,
        proposed: &'a Pathway,
        c: &'a Comparison,
    ) -> WorkbookInfo<'a> {
        WorkbookInfo {
            comparison: c,
            pathways: [current, proposed],
            simulation: None,
            options: &[],
            unix_seconds: 0,
            case: None,
            ranges: None,
            capacity: [None, None],
        }
    }

    /// The text of every part of the workbook, unzipped, so it can be searched.
    /// (rust_xlsxwriter always deflates: it ignores a compression level of 0.)
    fn xml_of(info: &WorkbookInfo<'_>) -> String {
        use std::io::Read as _;
        let bytes = workbook(info).unwrap().save_to_buffer().unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = Vec::new();
        for i in 0..archive.len() {
            archive.by_index(i).unwrap().read_to_end(&mut xml).unwrap();
        }
        String::from_utf8_lossy(&xml).into_owned()
    }

    #[test]
    fn a_capacity_section_adds_a_capacity_sheet_of_figures_and_weeks() {
        let current = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
        let mut proposed = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
        let mut section =
            crate::model::Capacity::new("book_direct", "slot_issue", 150.0, 600.0, 6.0);
        section.cv_demand = 0.0;
        section.cv_capacity = 0.0;
        proposed.capacity = Some(section);
        let made = crate::capacity::make_proposal(
            &current,
            &proposed,
            &crate::capacity::Options::default(),
        )
        .unwrap()
        .unwrap();
        let c = crate::compare(&current, &made.pathway).unwrap();
        let mut info = bundled_info(&current, &made.pathway, &c);
        info.capacity = [None, Some(&made)];
        let xml = xml_of(&info);
        assert_eq!(xml.matches("<worksheet ").count(), 7);
        assert!(xml.contains("name=\"Capacity\""), "the sheet is named");
        for heading in [
            "Slots a week needed for the target (Kingman)",
            "Proposed: waiting list",
        ] {
            assert!(xml.contains(heading), "{heading}");
        }
        // 13 figures, a blank row, the week table's heading and 52 weeks.
        let figures = table::capacity_table(info.capacity);
        assert_eq!(figures.rows.len(), 13);
        let weeks = table::capacity_weeks_table(info.capacity);
        assert_eq!(weeks.rows.len(), 52);
        // No band without variability, and nothing for a side without a section.
        assert_eq!(weeks.rows[0][7], Cell::Empty);
        assert_eq!(weeks.rows[0][1], Cell::Empty);
        assert_eq!(weeks.rows[0][6], Cell::Number(600.0, Unit::Whole));
    }

    #[test]
    fn every_sheet_prints_landscape_one_page_wide_and_charts_start_pages() {
        let current = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
        let proposed = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
        let c = crate::compare(&current, &proposed).unwrap();
        let info = bundled_info(&current, &proposed, &c);
        let xml = xml_of(&info);
        let sheets = xml.matches("<worksheet ").count();
        assert_eq!(sheets, 6);
        assert_eq!(
            xml.matches("<pageSetUpPr fitToPage=\"1\"/>").count(),
            sheets,
            "every sheet fits to the page"
        );
        assert_eq!(
            xml.matches("orientation=\"landscape\"").count(),
            sheets,
            "every sheet is landscape"
        );
        assert_eq!(
            xml.matches("fitToHeight=\"0\"").count(),
            sheets,
            "one page wide, as many long as it takes"
        );
        // The Summary's three charts each start a page of their own, below the
        // table, in the first column.
        let rows = chart_rows(summary_figure_rows(&info));
        assert!(rows[0] >= summary_figure_rows(&info));
        let breaks: Vec<String> = rows
            .iter()
            .map(|r| format!("<brk id=\"{r}\" max=\"16383\" man=\"1\"/>"))
            .collect();
        for b in &breaks {
            assert!(xml.contains(b.as_str()), "no page break {b}");
        }
        for r in rows {
            assert!(
                xml.contains(&format!(
                    "<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{r}</xdr:row>"
                )),
                "a chart at row {r}"
            );
        }
        // A chart fits in its page: fewer rows than a page holds.
        let chart_rows_tall = CHART_SIZE_PX.1.div_ceil(20);
        assert!(chart_rows_tall < SUMMARY_PAGE_ROWS);
    }

    #[test]
    fn charts_go_below_a_table_of_any_length() {
        assert_eq!(chart_rows(20), [32, 64, 96]);
        assert_eq!(chart_rows(32), [32, 64, 96]);
        assert_eq!(chart_rows(33), [64, 96, 128]);
    }

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
            case: None,
            ranges: None,
            capacity: [None, None],
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
