//! Rows of cells from a workbook held in memory (.xlsx, .xls, .ods), read with
//! calamine within bounds: the archive passes [`super::archive::check`] first, the
//! cells of the sheet are placed one by one into at most [`MAX_ROWS`] by
//! [`MAX_COLUMNS`] (never a grid as large as the farthest cell a file names), and a
//! panic inside the reader becomes a message.
//!
//! The sheet read is the visible one called "Steps" or "Current steps", else the first
//! visible worksheet. Dates and times keep their kind ([`Raw::Date`]) and a formula
//! with no saved value stays a formula ([`Raw::Formula`]), so that the import can
//! refuse them where it wants a number, instead of reading a date as a count of days or
//! a formula as 0.

use std::cell::Cell;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use calamine::{Data, Reader, SheetType, SheetVisible};

use super::archive::{self, Zipped};
use super::{CellProblem, MAX_COLUMNS, MAX_ROWS, Raw, column_letter};
use crate::numbers::grouped;

/// Which kind of workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Book {
    /// .xlsx or .xlsm.
    Xlsx,
    /// .xls, Excel 97-2003.
    Xls,
    /// .ods.
    Ods,
}

/// A sheet's cells, row by row from row 1, and what is worth saying about the choice of
/// sheet.
pub(crate) struct Read {
    /// Rows from the sheet's first row; trailing empty cells left out.
    pub rows: Vec<Vec<Raw>>,
    /// Warnings (hidden sheets left out).
    pub warnings: Vec<CellProblem>,
}

thread_local! {
    /// Whether this thread is inside [`contained`], whose panics are told as messages.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `work`, catching a panic in it. The panic hook stays quiet for a panic caught
/// here (it becomes the reader's message, not a "thread panicked" line on the
/// terminal) and runs as before for every other panic, on any thread.
fn contained<T>(work: impl FnOnce() -> T) -> Result<T, Box<dyn std::any::Any + Send>> {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    CONTAINING.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    CONTAINING.with(|c| c.set(false));
    result
}

/// Reads the sheet of steps from the workbook in `bytes`. A panic in the reader is
/// caught and told as a message.
pub(crate) fn read(bytes: &[u8], book: Book) -> Result<Read, String> {
    match contained(|| read_unguarded(bytes, book)) {
        Ok(result) => result,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no reason given".into());
            Err(format!(
                "the spreadsheet could not be read: the reader failed ({why}); is the file damaged?"
            ))
        }
    }
}

fn read_unguarded(bytes: &[u8], book: Book) -> Result<Read, String> {
    match book {
        Book::Xlsx => {
            archive::check(bytes, Zipped::Xlsx)?;
            read_xlsx(bytes)
        }
        Book::Ods => {
            archive::check(bytes, Zipped::Ods)?;
            let mut ods = calamine::Ods::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
            read_dense(&mut ods)
        }
        Book::Xls => {
            super::xls::check(bytes)?;
            let mut xls = calamine::Xls::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
            read_dense(&mut xls)
        }
    }
}

/// The name of the sheet to read from the workbook's sheets, with a warning for each
/// hidden worksheet left out.
fn choose(sheets: &[calamine::Sheet]) -> Result<(String, Vec<CellProblem>), String> {
    let shown =
        |s: &&calamine::Sheet| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet;
    let chosen = ["steps", "current steps"]
        .iter()
        .find_map(|want| {
            sheets
                .iter()
                .filter(shown)
                .find(|s| s.name.trim().to_lowercase() == *want)
        })
        .or_else(|| sheets.iter().find(shown))
        .ok_or_else(|| {
            if sheets.is_empty() {
                "the workbook has no sheets".to_owned()
            } else {
                "the workbook has no visible sheet of cells: unhide the sheet of steps and import again".to_owned()
            }
        })?;
    let warnings = sheets
        .iter()
        .filter(|s| s.visible != SheetVisible::Visible && s.typ == SheetType::WorkSheet)
        .map(|s| CellProblem {
            row: None,
            column: None,
            message: format!(
                "the hidden sheet \"{}\" was not read; the steps come from the sheet \"{}\"",
                s.name, chosen.name
            ),
        })
        .collect();
    Ok((chosen.name.clone(), warnings))
}

/// Rows under construction: cells placed one by one, refused beyond the bounds.
struct Grid<'a> {
    sheet: &'a str,
    rows: Vec<Vec<Raw>>,
}

impl Grid<'_> {
    fn put(&mut self, (row, column): (u32, u32), raw: Raw) -> Result<(), String> {
        if raw == Raw::Empty {
            return Ok(());
        }
        let (row, column) = (row as usize, column as usize);
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(format!(
                "the sheet \"{}\" has a cell at {}{}, beyond the {} rows and {} columns (A to {}) opmt reads: no pathway has so many steps; is it the right sheet?",
                self.sheet,
                column_letter(column),
                row.saturating_add(1),
                grouped(MAX_ROWS as f64, 0),
                MAX_COLUMNS,
                column_letter(MAX_COLUMNS - 1)
            ));
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, Raw::Empty);
        }
        cells[column] = raw;
        Ok(())
    }
}

/// An .xlsx sheet read cell by cell: no grid is made to the farthest cell, and shared
/// formulas are not expanded.
fn read_xlsx(bytes: &[u8]) -> Result<Read, String> {
    use calamine::XlsxFormulaMetadata as F;
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let (name, warnings) = choose(book.sheets_metadata())?;
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|e| e.to_string())?;
    let mut grid = Grid {
        sheet: &name,
        rows: Vec::new(),
    };
    while let Some(cell) = cells
        .next_cell_with_formula_metadata()
        .map_err(|e| e.to_string())?
    {
        let value = Data::from(cell.value);
        let raw = match (value, cell.formula) {
            (Data::Empty, Some(F::Normal { formula } | F::Shared { formula, .. })) => {
                Raw::Formula(format!("={formula}"))
            }
            (Data::Empty, Some(_)) => Raw::Formula("a shared formula".into()),
            (value, _) => raw_of(value),
        };
        grid.put(cell.pos, raw)?;
    }
    Ok(Read {
        rows: grid.rows,
        warnings,
    })
}

/// A sheet of an .ods or .xls workbook, which calamine reads whole (bounded by the
/// checks before), with its formulas.
fn read_dense<RS, R>(book: &mut R) -> Result<Read, String>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let (name, warnings) = choose(book.sheets_metadata())?;
    let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
    let formulas = book.worksheet_formula(&name).map_err(|e| e.to_string())?;
    let mut grid = Grid {
        sheet: &name,
        rows: Vec::new(),
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    for (row, column, value) in range.used_cells() {
        let at = (
            top.saturating_add(row as u32),
            left.saturating_add(column as u32),
        );
        grid.put(at, raw_of(value.clone()))?;
    }
    let (top, left) = formulas.start().unwrap_or((0, 0));
    for (row, column, formula) in formulas.used_cells() {
        let at = (
            top.saturating_add(row as u32),
            left.saturating_add(column as u32),
        );
        let valued = range
            .get_value(at)
            .is_some_and(|v| !matches!(v, Data::Empty));
        if !valued && !formula.trim().is_empty() {
            let formula = formula.trim_start_matches("of:").trim_start_matches('=');
            grid.put(at, Raw::Formula(format!("={formula}")))?;
        }
    }
    Ok(Read {
        rows: grid.rows,
        warnings,
    })
}

/// A cell as the import reads it.
fn raw_of(value: Data) -> Raw {
    match value {
        Data::Empty => Raw::Empty,
        Data::Int(i) => Raw::Number(i as f64),
        Data::Float(f) => Raw::Number(f),
        Data::String(s) => Raw::text(&s),
        Data::Bool(b) => Raw::Text(if b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(d) => Raw::Date(date_text(&d)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Date(s),
        Data::Error(e) => Raw::Text(e.to_string()),
    }
}

/// A date or time as a person reads it: `2024-01-05`, `09:30`, `2024-01-05 09:30`, or a
/// duration `36:00` (hours and minutes).
fn date_text(d: &calamine::ExcelDateTime) -> String {
    if d.is_duration() {
        let minutes = (d.as_f64() * 24.0 * 60.0).round();
        return format!("{}:{:02}", (minutes / 60.0).trunc(), (minutes % 60.0).abs());
    }
    let (year, month, day, hour, minute, _, _) = d.to_ymd_hms_milli();
    let whole_day = d.as_f64().fract() == 0.0;
    if d.as_f64() < 1.0 && !whole_day {
        format!("{hour:02}:{minute:02}")
    } else if whole_day {
        format!("{year}-{month:02}-{day:02}")
    } else {
        format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn dates_and_times_read_as_people_write_them() {
        let at = |v, t| date_text(&ExcelDateTime::new(v, t, false));
        // 45,296 days after 1899-12-30 is 2024-01-05.
        assert_eq!(at(45_296.0, ExcelDateTimeType::DateTime), "2024-01-05");
        assert_eq!(at(0.5, ExcelDateTimeType::DateTime), "12:00");
        assert_eq!(
            at(45_296.25, ExcelDateTimeType::DateTime),
            "2024-01-05 06:00"
        );
        assert_eq!(at(1.5, ExcelDateTimeType::TimeDelta), "36:00");
    }

    fn sheet(name: &str, visible: SheetVisible) -> calamine::Sheet {
        calamine::Sheet {
            name: name.into(),
            typ: SheetType::WorkSheet,
            visible,
        }
    }

    #[test]
    fn the_first_visible_sheet_is_read_unless_a_visible_one_is_called_steps() {
        use SheetVisible::{Hidden, Visible};
        let (name, warnings) = choose(&[sheet("Old", Hidden), sheet("New", Visible)]).unwrap();
        assert_eq!(name, "New");
        assert_eq!(
            warnings[0].message,
            "the hidden sheet \"Old\" was not read; the steps come from the sheet \"New\""
        );
        let (name, _) = choose(&[
            sheet("Notes", Visible),
            sheet("Steps", Hidden),
            sheet("Current steps", Visible),
        ])
        .unwrap();
        assert_eq!(name, "Current steps");
        assert!(choose(&[sheet("Old", Hidden)]).is_err());
    }

    #[test]
    fn cells_beyond_the_bounds_are_refused_by_name() {
        let mut grid = Grid {
            sheet: "Steps",
            rows: Vec::new(),
        };
        grid.put((2, 1), Raw::Number(1.0)).unwrap();
        grid.put((1_048_575, 16_383), Raw::Empty).unwrap();
        let message = grid.put((1_048_575, 16_383), Raw::Number(1.0)).unwrap_err();
        assert!(message.contains("at XFD1048576"), "{message}");
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(grid.rows[2], [Raw::Empty, Raw::Number(1.0)]);
    }
}
