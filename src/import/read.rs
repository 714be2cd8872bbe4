//! The first stage of an import: a file's bytes to rows of raw cells, from .csv (the
//! csv crate, its separator and decimal commas checked) or a workbook (calamine,
//! checked before it opens it), within [`MAX_ROWS`] rows by [`MAX_COLUMNS`] columns.

use super::*;

/// One cell as read from the sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    /// Nothing in the cell.
    Empty,
    /// Text (trimmed, never empty).
    Text(String),
    /// A number stored as a number (spreadsheets only).
    Number(f64),
    /// A date, time or duration (spreadsheets only), as text a person reads
    /// (`2024-01-05`): text where text is wanted, an error where a number is.
    Date(String),
    /// A formula whose value the file does not hold (it was never calculated), as
    /// written (`=B2*2`): an error wherever the import reads it.
    Formula(String),
}

/// Most rows of a sheet the import reads (headings and blank rows included): far more
/// than any pathway has steps.
pub const MAX_ROWS: usize = 10_000;

/// Most columns of a sheet the import reads (A to GR).
pub const MAX_COLUMNS: usize = 200;

impl Raw {
    /// A cell from text: blank text is empty.
    pub fn text(text: &str) -> Self {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            Raw::Empty
        } else {
            Raw::Text(trimmed.to_owned())
        }
    }

    pub(super) fn as_text(&self) -> Option<String> {
        match self {
            Raw::Empty | Raw::Formula(_) => None,
            Raw::Text(t) | Raw::Date(t) => Some(t.clone()),
            Raw::Number(v) => Some(v.to_string()),
        }
    }
}

/// Reads the sheet of steps in `path`: a .csv file, or the first visible sheet of a
/// workbook (the visible sheet called "Steps" or "Current steps" if there is one).
/// Only a regular file of at most [`crate::format::MAX_FILE_BYTES`] is read.
pub fn read_sheet(path: &Path) -> Result<Vec<Vec<Raw>>, ImportError> {
    let bytes = read_file(path)?;
    sheet_of_bytes(&bytes, path).map(|(rows, _)| rows)
}

pub(super) fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    crate::platform::files::read_regular(path, crate::format::MAX_FILE_BYTES).map_err(|source| {
        ImportError::Read {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// The rows of the sheet in `bytes`, of the kind `path`'s extension names, with
/// warnings about the choice of sheet.
pub(super) fn sheet_of_bytes(
    bytes: &[u8],
    path: &Path,
) -> Result<(Vec<Vec<Raw>>, Vec<CellProblem>), ImportError> {
    use workbook::Book;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let book = match extension.as_str() {
        "csv" | "txt" => None,
        "xlsx" | "xlsm" => Some(Book::Xlsx),
        "xls" => Some(Book::Xls),
        "ods" => Some(Book::Ods),
        _ => {
            return Err(ImportError::Kind {
                path: path.to_path_buf(),
            });
        }
    };
    let read = match book {
        None => csv_rows(bytes).map(|rows| (rows, Vec::new())),
        Some(book) => workbook::read(bytes, book).map(|r| (r.rows, r.warnings)),
    };
    read.map_err(|message| ImportError::Sheet {
        path: path.to_path_buf(),
        message,
    })
}

/// Rows of CSV text (headings included), every cell as text, trailing empty cells
/// left out; a byte-order mark is skipped. The separator is whichever of comma,
/// semicolon (Excel in some locales) or tab (text copied from a spreadsheet) the
/// heading line has most of. A text cell that opmt's export protected from being
/// read as a formula (`'=SUM(A1)`) loses its apostrophe again. More than
/// [`MAX_ROWS`] rows or [`MAX_COLUMNS`] columns of cells are refused.
pub fn csv_rows(bytes: &[u8]) -> Result<Vec<Vec<Raw>>, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |sep: u8| first_line.iter().filter(|b| **b == sep).count();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|sep| (count(*sep), *sep == b','))
        .unwrap_or(b',');
    check_separators(bytes, delimiter)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(match e.position() {
                    Some(p) => format!("line {}: {e}", p.line()),
                    None => e.to_string(),
                });
            }
        }
        let row_number = rows.len() + 1;
        let used = (0..record.len())
            .rev()
            .find(|&i| record.get(i).is_some_and(|cell| !cell.trim().is_empty()))
            .map_or(0, |last| last + 1);
        if used > MAX_COLUMNS {
            return Err(beyond_the_sheet(row_number, used - 1));
        }
        if used == 0 {
            // Blank rows past the last row read matter to nobody.
            if rows.len() < MAX_ROWS {
                rows.push(Vec::new());
            }
            continue;
        }
        if row_number > MAX_ROWS {
            return Err(beyond_the_sheet(row_number, 0));
        }
        rows.push(
            record
                .iter()
                .take(used)
                .map(|cell| match delimiter {
                    // Where semicolons separate cells, a comma is the decimal point.
                    b';' if is_decimal_comma(cell) => Raw::text(&cell.replace(',', ".")),
                    _ => Raw::text(crate::export::table::unprotected(cell.trim())),
                })
                .collect(),
        );
    }
    Ok(rows)
}

/// A cell beyond [`MAX_ROWS`] or [`MAX_COLUMNS`], refused by name.
pub(super) fn beyond_the_sheet(row_number: usize, column: usize) -> String {
    format!(
        "there is a cell at {}{row_number}, beyond the {} rows and {MAX_COLUMNS} columns (A to {}) opmt reads: no pathway has so many steps; is it the right file?",
        column_letter(column),
        crate::numbers::grouped(MAX_ROWS as f64, 0),
        column_letter(MAX_COLUMNS - 1)
    )
}

/// Refuses a line with more separators than a sheet of [`MAX_COLUMNS`] columns could
/// need with every cell full of them (the CSV reader would hold a place for each).
pub(super) fn check_separators(bytes: &[u8], delimiter: u8) -> Result<(), String> {
    pub(super) const MOST: usize = 64 * MAX_COLUMNS;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().filter(|b| **b == delimiter).count() > MOST {
            return Err(format!(
                "line {}: more than {} separators in one line; is it a sheet of steps?",
                i + 1,
                crate::numbers::grouped(MOST as f64, 0)
            ));
        }
    }
    Ok(())
}

/// `2,5` or `£0,87`: a number written with a decimal comma.
pub(super) fn is_decimal_comma(cell: &str) -> bool {
    let digits = cell.trim().trim_start_matches('£');
    match digits.split_once(',') {
        Some((whole, fraction)) => {
            !whole.is_empty()
                && !fraction.is_empty()
                && whole.chars().all(|c| c.is_ascii_digit())
                && fraction.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}
