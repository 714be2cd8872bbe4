//! Steps from a spreadsheet: one step a row under headed columns, read from .csv
//! (the csv crate) or .xlsx, .xls and .ods (calamine).
//!
//! Headings match loosely (case, spaces and punctuation ignored; "Touch minutes" or
//! "Minutes"): name and stage are needed, the rest optional: id, role, minutes,
//! wait days and unit cost (each optionally with `… low` and `… high` beside it),
//! next (`Book appointment 92%; Rebook 8%`, or `End`), outcome, counts as and
//! source. A row with an outcome ends the pathway; a row with neither a next nor an
//! outcome runs on to the following row. Unknown roles become new roles with an
//! hourly cost of 0 and a warning. Every bad cell is reported at once as
//! `FILE:ROW:COLUMN: message`, and nothing is imported while any remains: a date or
//! time where a number belongs, and a formula with no saved value, are bad cells too.
//!
//! Every file is read within bounds, whatever it declares: at most
//! [`crate::format::MAX_FILE_BYTES`] read from a regular file, [`MAX_ROWS`] rows by
//! [`MAX_COLUMNS`] columns of cells, and a workbook checked before calamine opens it
//! (`archive`, `xls`) and read with any panic caught (`workbook`). Work is linear
//! in the cells: ids, names and roles are found through maps.

mod archive;
mod headings;
mod links;
mod read;
mod rows;
mod workbook;
mod xls;

use headings::*;
use links::*;
use read::*;
pub use read::{MAX_COLUMNS, MAX_ROWS, Raw, csv_rows, read_sheet};
pub use rows::import_rows;
use rows::*;

use crate::ids::{Ids, id_from_name};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::export::table::step_columns;
use crate::model::{Counter, Estimate, Link, Outcome, Pathway, Role, Stage, Step};
use crate::validate::{Severity, Subject, validate};

/// A problem with one cell (or row, or the sheet), located as the spreadsheet shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CellProblem {
    /// Sheet row counted from 1 (the heading row is usually 1), if it concerns a row.
    pub row: Option<usize>,
    /// Column counted from 0 (A is 0), if it concerns a cell.
    pub column: Option<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl CellProblem {
    fn at(row: usize, column: usize, message: String) -> Self {
        Self {
            row: Some(row),
            column: Some(column),
            message,
        }
    }

    /// `FILE:ROW:COLUMN: message`, with the column as a spreadsheet letter (A, B, … AA).
    pub fn with_file(&self, file: &str) -> String {
        format!("{}{}", self.place(file), self.message)
    }

    /// `FILE:ROW:COLUMN: warning: message`.
    pub fn warning_with_file(&self, file: &str) -> String {
        format!("{}warning: {}", self.place(file), self.message)
    }

    fn place(&self, file: &str) -> String {
        match (self.row, self.column) {
            (Some(r), Some(c)) => format!("{file}:{r}:{}: ", column_letter(c)),
            (Some(r), None) => format!("{file}:{r}: "),
            _ => format!("{file}: "),
        }
    }
}

/// The spreadsheet letter of a column counted from 0: A, B, … Z, AA, AB.
pub fn column_letter(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// A pathway read from a sheet, with warnings worth showing (new roles with no cost,
/// ignored columns, validation warnings).
#[derive(Clone, Debug)]
pub struct Imported {
    /// The pathway: the base pathway's name, settings and roles with the sheet's steps.
    pub pathway: Pathway,
    /// Warnings, located like errors.
    pub warnings: Vec<CellProblem>,
}

/// Why a sheet could not be imported.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The file could not be read: not a regular file, too large, or a system error.
    #[error("{source} ({})", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: crate::platform::files::ReadError,
    },
    /// The spreadsheet could not be read.
    #[error("cannot read the spreadsheet: {message} ({})", path.display())]
    Sheet {
        /// The file.
        path: PathBuf,
        /// What the reader said.
        message: String,
    },
    /// The file is not a kind of spreadsheet this version reads.
    #[error("only .csv, .xlsx, .xls and .ods files can be imported ({})", path.display())]
    Kind {
        /// The file.
        path: PathBuf,
    },
    /// Cells with problems; nothing was imported.
    #[error("{} problem(s) in the sheet, nothing imported; the first: {} ({})", problems.len(), problems.first().map_or("", |p| p.message.as_str()), path.display())]
    Cells {
        /// The file.
        path: PathBuf,
        /// Every problem.
        problems: Vec<CellProblem>,
    },
}

impl ImportError {
    /// Every message, one a line: `FILE:ROW:COLUMN: message` for bad cells.
    pub fn lines(&self) -> Vec<String> {
        match self {
            ImportError::Cells { path, problems } => {
                let file = path.display().to_string();
                problems.iter().map(|p| p.with_file(&file)).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

/// Imports the steps in `path` into a copy of `base` (its name, settings and roles),
/// or into a new pathway named after the file.
pub fn import_path(path: &Path, base: Option<&Pathway>) -> Result<Imported, ImportError> {
    let bytes = read_file(path)?;
    import_bytes(&bytes, path, base)
}

/// Imports the steps in `bytes`, a file's contents already read, as [`import_path`]
/// does: `path` names the file in messages, says by its extension what kind of sheet
/// it is, and by its stem names a new pathway.
pub fn import_bytes(
    bytes: &[u8],
    path: &Path,
    base: Option<&Pathway>,
) -> Result<Imported, ImportError> {
    let (rows, sheet_warnings) = sheet_of_bytes(bytes, path)?;
    let name = path.file_stem().map_or_else(
        || "Imported steps".into(),
        |s| s.to_string_lossy().into_owned(),
    );
    let mut imported = import_rows(&rows, base, &name).map_err(|problems| ImportError::Cells {
        path: path.to_path_buf(),
        problems,
    })?;
    imported.warnings.splice(0..0, sheet_warnings);
    Ok(imported)
}

#[cfg(test)]
mod tests;
