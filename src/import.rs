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
mod workbook;
mod xls;

use crate::ids::{Ids, id_from_name};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::export::table::step_columns;
use crate::model::{Counter, Estimate, Link, Outcome, Pathway, Role, Stage, Step};
use crate::validate::{Severity, Subject, validate};

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

    fn as_text(&self) -> Option<String> {
        match self {
            Raw::Empty | Raw::Formula(_) => None,
            Raw::Text(t) | Raw::Date(t) => Some(t.clone()),
            Raw::Number(v) => Some(v.to_string()),
        }
    }
}

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

/// Reads the sheet of steps in `path`: a .csv file, or the first visible sheet of a
/// workbook (the visible sheet called "Steps" or "Current steps" if there is one).
/// Only a regular file of at most [`crate::format::MAX_FILE_BYTES`] is read.
pub fn read_sheet(path: &Path) -> Result<Vec<Vec<Raw>>, ImportError> {
    let bytes = read_file(path)?;
    sheet_of_bytes(&bytes, path).map(|(rows, _)| rows)
}

fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    crate::platform::files::read_regular(path, crate::format::MAX_FILE_BYTES).map_err(|source| {
        ImportError::Read {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// The rows of the sheet in `bytes`, of the kind `path`'s extension names, with
/// warnings about the choice of sheet.
fn sheet_of_bytes(
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
fn beyond_the_sheet(row_number: usize, column: usize) -> String {
    format!(
        "there is a cell at {}{row_number}, beyond the {} rows and {MAX_COLUMNS} columns (A to {}) opmt reads: no pathway has so many steps; is it the right file?",
        column_letter(column),
        crate::numbers::grouped(MAX_ROWS as f64, 0),
        column_letter(MAX_COLUMNS - 1)
    )
}

/// Refuses a line with more separators than a sheet of [`MAX_COLUMNS`] columns could
/// need with every cell full of them (the CSV reader would hold a place for each).
fn check_separators(bytes: &[u8], delimiter: u8) -> Result<(), String> {
    const MOST: usize = 64 * MAX_COLUMNS;
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
fn is_decimal_comma(cell: &str) -> bool {
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

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Id,
    Name,
    Stage,
    Role,
    Estimate(Quantity, Part),
    Next,
    Outcome,
    Counts,
    Source,
    /// Figures opmt writes and does not read back (expected visits, cost).
    Derived,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quantity {
    Minutes,
    WaitDays,
    UnitCost,
}

impl Quantity {
    const ALL: [Quantity; 3] = [Quantity::Minutes, Quantity::WaitDays, Quantity::UnitCost];

    fn heading(self) -> &'static str {
        match self {
            Quantity::Minutes => step_columns::MINUTES,
            Quantity::WaitDays => step_columns::WAIT_DAYS,
            Quantity::UnitCost => step_columns::UNIT_COST,
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Quantity::Minutes => &[
                "minutes",
                "touchminutes",
                "mins",
                "touchtime",
                "touchtimeminutes",
                "staffminutes",
            ],
            Quantity::WaitDays => &["waitdays", "wait", "days", "elapseddays", "waitingdays"],
            Quantity::UnitCost => &["unitcost", "cost", "consumables", "consumablescost"],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Low,
    Likely,
    High,
}

/// Lower case letters and digits only: "Touch minutes (low)" is "touchminuteslow".
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn field_of(heading: &str) -> Option<Field> {
    let h = normalise(heading);
    let simple: &[(Field, &[&str])] = &[
        (Field::Id, &["id", "stepid"]),
        (
            Field::Name,
            &["name", "step", "stepname", "activity", "task"],
        ),
        (Field::Stage, &["stage"]),
        (Field::Role, &["role", "who", "staff", "staffrole"]),
        (
            Field::Next,
            &["next", "nextstep", "nextsteps", "goesto", "then", "links"],
        ),
        (Field::Outcome, &["outcome", "endoutcome"]),
        (Field::Counts, &["countsas", "counts", "counter"]),
        (Field::Source, &["source", "sources", "basis", "evidence"]),
        (
            Field::Derived,
            &["expectedvisits", "costperreferral", "visits"],
        ),
    ];
    if let Some((field, _)) = simple.iter().find(|(_, names)| names.contains(&h.as_str())) {
        return Some(*field);
    }
    for q in Quantity::ALL {
        for alias in q.aliases() {
            let Some(rest) = h.strip_prefix(alias) else {
                continue;
            };
            let part = match rest {
                "" | "likely" | "mostlikely" | "mode" => Part::Likely,
                "low" | "min" | "lowest" => Part::Low,
                "high" | "max" | "highest" => Part::High,
                _ => continue,
            };
            return Some(Field::Estimate(q, part));
        }
    }
    None
}

/// A step row as read, before its links are resolved.
struct RowStep {
    row: usize,
    step: Step,
    next: Option<(usize, String)>,
    outcome_col: Option<usize>,
}

/// The headings found, and what reading the rows has found so far.
struct Sheet {
    columns: HashMap<FieldKey, usize>,
    problems: Vec<CellProblem>,
    warnings: Vec<CellProblem>,
    roles: Vec<Role>,
    /// Each role's index by its id and its name, both in lower case (the first role
    /// with either wins, as a search in order would find).
    role_index: HashMap<String, usize>,
    role_ids: Ids,
    /// Ids of the steps read so far.
    step_ids: Ids,
}

/// [`Field`] as a map key (estimates by quantity and part).
type FieldKey = (u8, u8, u8);

fn key(field: Field) -> FieldKey {
    match field {
        Field::Estimate(q, p) => (1, q as u8, p as u8),
        other => (0, simple_index(other), 0),
    }
}

fn simple_index(field: Field) -> u8 {
    match field {
        Field::Id => 0,
        Field::Name => 1,
        Field::Stage => 2,
        Field::Role => 3,
        Field::Next => 4,
        Field::Outcome => 5,
        Field::Counts => 6,
        Field::Source => 7,
        Field::Derived | Field::Estimate(..) => 8,
    }
}

impl Sheet {
    fn col(&self, field: Field) -> Option<usize> {
        self.columns.get(&key(field)).copied()
    }

    /// The cell of `field` in `row`, unless empty. A formula without a value counts as
    /// empty here: [`import_rows`] has reported it already.
    fn cell<'r>(&self, row: &'r [Raw], field: Field) -> Option<(usize, &'r Raw)> {
        let col = self.col(field)?;
        match row.get(col) {
            None | Some(Raw::Empty | Raw::Formula(_)) => None,
            Some(raw) => Some((col, raw)),
        }
    }

    fn text(&self, row: &[Raw], field: Field) -> Option<(usize, String)> {
        self.cell(row, field)
            .and_then(|(c, raw)| raw.as_text().map(|t| (c, t)))
    }

    fn problem(&mut self, row: usize, column: usize, message: String) {
        self.problems.push(CellProblem::at(row, column, message));
    }

    fn number(&mut self, row_number: usize, row: &[Raw], field: Field, what: &str) -> Option<f64> {
        let (col, raw) = self.cell(row, field)?;
        match parse_number(raw, what) {
            Ok(v) if v >= 0.0 => Some(v),
            Ok(v) => {
                self.problem(
                    row_number,
                    col,
                    format!("{what} is {v}; it must be 0 or more"),
                );
                None
            }
            Err(message) => {
                self.problem(row_number, col, message);
                None
            }
        }
    }

    fn estimate(&mut self, row_number: usize, row: &[Raw], q: Quantity) -> Estimate {
        let what = match q {
            Quantity::Minutes => "minutes",
            Quantity::WaitDays => "days",
            Quantity::UnitCost => "pounds",
        };
        let likely = self.number(row_number, row, Field::Estimate(q, Part::Likely), what);
        let low = self.number(row_number, row, Field::Estimate(q, Part::Low), what);
        let high = self.number(row_number, row, Field::Estimate(q, Part::High), what);
        let Some(likely) = likely else {
            if let Some(col) = [Part::Low, Part::High]
                .iter()
                .find_map(|&p| self.cell(row, Field::Estimate(q, p)).map(|(c, _)| c))
                && self.cell(row, Field::Estimate(q, Part::Likely)).is_none()
            {
                self.problem(
                    row_number,
                    col,
                    format!(
                        "a low or high value needs the most likely value in \"{}\" too",
                        q.heading()
                    ),
                );
            }
            return Estimate::default();
        };
        let (low, high) = (low.unwrap_or(likely), high.unwrap_or(likely));
        if low > likely || likely > high {
            let col = self
                .col(Field::Estimate(q, Part::Likely))
                .unwrap_or_default();
            self.problem(
                row_number,
                col,
                format!(
                    "{} must be low {low} <= most likely {likely} <= high {high}",
                    q.heading()
                ),
            );
        }
        Estimate::range(low, likely, high)
    }

    fn add_role(&mut self, role: Role) {
        let i = self.roles.len();
        self.role_index.entry(role.id.to_lowercase()).or_insert(i);
        self.role_index
            .entry(role.name.trim().to_lowercase())
            .or_insert(i);
        self.role_ids.insert(&role.id);
        self.roles.push(role);
    }

    fn role(&mut self, row_number: usize, row: &[Raw]) -> Option<String> {
        let (col, text) = self.text(row, Field::Role)?;
        let wanted = text.trim().to_lowercase();
        if let Some(&i) = self.role_index.get(&wanted) {
            return Some(self.roles[i].id.clone());
        }
        let id = self.role_ids.unique(&id_from_name(&text, "role"));
        self.add_role(Role::new(id.clone(), text.clone(), 0.0));
        self.warnings.push(CellProblem::at(
            row_number,
            col,
            format!(
                "\"{text}\" is a new role with an hourly cost of £0: set its hourly cost in Roles and settings"
            ),
        ));
        Some(id)
    }
}

/// The number in a cell, or the message saying why it is not `what` (minutes, days,
/// pounds). A date or time is not a number of days, whatever the spreadsheet stores.
fn parse_number(raw: &Raw, what: &str) -> Result<f64, String> {
    match raw {
        Raw::Number(v) if v.is_finite() => Ok(*v),
        Raw::Number(v) => Err(format!("\"{v}\" is not a number of {what}")),
        Raw::Empty => Ok(0.0),
        Raw::Date(text) => Err(format!(
            "\"{text}\" is a date or time, not a number of {what}: format the cell as a number and type the {what}"
        )),
        Raw::Formula(formula) => Err(no_value(formula)),
        Raw::Text(text) => {
            let cleaned: String = text
                .trim()
                .trim_start_matches('£')
                .chars()
                .filter(|c| *c != ',' && !c.is_whitespace())
                .collect();
            cleaned
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("\"{text}\" is not a number of {what}"))
        }
    }
}

/// The message for a formula the file holds no value for.
fn no_value(formula: &str) -> String {
    format!(
        "the formula {formula} has no saved value (the program that wrote the file did not calculate it): open the file in Excel or LibreOffice, save it and import again, or type the value"
    )
}

fn parse_stage(text: &str) -> Option<Stage> {
    let t = normalise(text);
    Stage::ALL
        .into_iter()
        .find(|s| normalise(s.name()) == t)
        .or(match t.as_str() {
            "comms" | "communications" => Some(Stage::Communication),
            "attend" | "appointment" | "clinic" => Some(Stage::Attendance),
            _ => None,
        })
}

fn parse_outcome(text: &str) -> Option<Outcome> {
    let t = normalise(text);
    Outcome::ALL.into_iter().find(|o| normalise(o.name()) == t)
}

fn parse_counter(text: &str) -> Option<Counter> {
    let t = normalise(text);
    Counter::ALL.into_iter().find(|c| {
        let name = normalise(c.name());
        t == name || t == format!("{name}s") || t == normalise(c.label())
    })
}

/// Imports rows of cells (the first non-blank row holds the headings) into a copy of
/// `base`, or a new pathway called `name`. Returns every problem when any cell is bad.
pub fn import_rows(
    rows: &[Vec<Raw>],
    base: Option<&Pathway>,
    name: &str,
) -> Result<Imported, Vec<CellProblem>> {
    let is_blank = |r: &Vec<Raw>| r.iter().all(|c| *c == Raw::Empty);
    let Some(header_index) = rows.iter().position(|r| !is_blank(r)) else {
        return Err(vec![CellProblem {
            row: None,
            column: None,
            message: "the sheet is empty: put the headings (Name, Stage, Role, Minutes, …) in the first row and one step a row under them".into(),
        }]);
    };
    let header_row = header_index + 1;
    if rows.len() > MAX_ROWS && rows[MAX_ROWS..].iter().any(|r| !is_blank(r)) {
        return Err(vec![CellProblem {
            row: Some(MAX_ROWS + 1),
            column: None,
            message: format!(
                "the sheet has more than {} rows, more than opmt reads: no pathway has so many steps",
                crate::numbers::grouped(MAX_ROWS as f64, 0)
            ),
        }]);
    }
    let mut sheet = Sheet {
        columns: HashMap::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
        roles: Vec::new(),
        role_index: HashMap::new(),
        role_ids: Ids::default(),
        step_ids: Ids::default(),
    };
    for role in base.map(|b| b.roles.clone()).unwrap_or_default() {
        sheet.add_role(role);
    }
    for (col, raw) in rows[header_index].iter().enumerate() {
        if let Raw::Formula(formula) = raw {
            sheet.problem(header_row, col, no_value(formula));
        }
        let Some(heading) = raw.as_text() else {
            continue;
        };
        match field_of(&heading) {
            Some(Field::Derived) => {}
            Some(field) => {
                if sheet.columns.insert(key(field), col).is_some() {
                    sheet.problem(
                        header_row,
                        col,
                        format!("\"{heading}\" repeats a column already in the sheet"),
                    );
                }
            }
            None => sheet.warnings.push(CellProblem::at(
                header_row,
                col,
                format!("the column \"{heading}\" is not one opmt reads; it was left out"),
            )),
        }
    }
    for (field, heading) in [
        (Field::Name, step_columns::NAME),
        (Field::Stage, step_columns::STAGE),
    ] {
        if sheet.col(field).is_none() {
            sheet.problems.push(CellProblem {
                row: Some(header_row),
                column: None,
                message: format!("the sheet has no \"{heading}\" column; add it to the headings"),
            });
        }
    }
    if !sheet.problems.is_empty() {
        return Err(sheet.problems);
    }

    let read_columns: Vec<usize> = {
        let mut c: Vec<usize> = sheet.columns.values().copied().collect();
        c.sort_unstable();
        c
    };
    let mut read: Vec<RowStep> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(header_index + 1) {
        if is_blank(row) {
            continue;
        }
        for &col in &read_columns {
            if let Some(Raw::Formula(formula)) = row.get(col) {
                sheet.problem(i + 1, col, no_value(formula));
            }
        }
        let step = read_row(&mut sheet, i + 1, row);
        read.push(step);
    }
    if read.is_empty() && sheet.problems.is_empty() {
        return Err(vec![CellProblem {
            row: Some(header_row),
            column: None,
            message: "there are no steps under the headings".into(),
        }]);
    }
    link_rows(&mut sheet, &mut read);
    if !sheet.problems.is_empty() {
        sheet.problems.sort_by_key(|p| (p.row, p.column));
        return Err(sheet.problems);
    }

    let mut pathway = base.cloned().unwrap_or_else(|| Pathway::new(name));
    pathway.roles = sheet.roles.clone();
    let rows_of: Vec<usize> = read.iter().map(|r| r.row).collect();
    let next_col = sheet.col(Field::Next);
    pathway.steps = read.into_iter().map(|r| r.step).collect();
    let positions = crate::layout::tidy(&pathway);
    for (step, pos) in pathway.steps.iter_mut().zip(positions) {
        step.pos = Some(pos);
    }
    let mut warnings = sheet.warnings;
    if base.is_none() {
        warnings.push(CellProblem {
            row: None,
            column: None,
            message: "the pathway has 0 annual referrals: set them in Roles and settings".into(),
        });
    }
    let mut problems = Vec::new();
    for p in validate(&pathway) {
        let located = match p.subject {
            Subject::Step(i) => CellProblem {
                row: rows_of.get(i).copied(),
                column: next_col.filter(|_| p.message.contains("share")),
                message: p.message,
            },
            _ => CellProblem {
                row: None,
                column: None,
                message: p.message,
            },
        };
        match p.severity {
            Severity::Error => problems.push(located),
            Severity::Warning => warnings.push(located),
        }
    }
    if problems.is_empty() {
        Ok(Imported { pathway, warnings })
    } else {
        Err(problems)
    }
}

fn read_row(sheet: &mut Sheet, row_number: usize, row: &[Raw]) -> RowStep {
    let name = sheet.text(row, Field::Name);
    let name_col = sheet.col(Field::Name).unwrap_or_default();
    let stage_col = sheet.col(Field::Stage).unwrap_or_default();
    if name.is_none() {
        sheet.problem(row_number, name_col, "the step has no name".into());
    }
    let stage = match sheet.text(row, Field::Stage) {
        None => {
            sheet.problem(
                row_number,
                stage_col,
                "the step has no stage: use Referral, Receipt, Triage, Booking, Communication, Attendance or Other".into(),
            );
            None
        }
        Some((col, text)) => {
            let stage = parse_stage(&text);
            if stage.is_none() {
                sheet.problem(
                    row_number,
                    col,
                    format!("\"{text}\" is not a stage: use Referral, Receipt, Triage, Booking, Communication, Attendance or Other"),
                );
            }
            stage
        }
    };
    let role = sheet.role(row_number, row);
    let [touch, wait, cost] = Quantity::ALL.map(|q| sheet.estimate(row_number, row, q));
    let outcome = sheet.text(row, Field::Outcome).and_then(|(col, text)| {
        let outcome = parse_outcome(&text);
        if outcome.is_none() {
            sheet.problem(
                row_number,
                col,
                format!(
                    "\"{text}\" is not an outcome: use Appointment, Advice, Returned, Test or Other"
                ),
            );
        }
        outcome.map(|o| (col, o))
    });
    let mut counts_as = Vec::new();
    if let Some((col, text)) = sheet.text(row, Field::Counts) {
        for part in text
            .split([';', ','])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match parse_counter(part) {
                Some(c) => counts_as.push(c),
                None => sheet.problem(
                    row_number,
                    col,
                    format!("\"{part}\" is not something a step counts as: use Letter, Call, Text, Chase, Rejected, SlotIssue, Rebooking or Dna"),
                ),
            }
        }
    }
    // A row with a bad name or stage is still read on, so that every bad cell of
    // the sheet is reported at once (the import fails anyway).
    let name = name.map_or_else(String::new, |(_, n)| n);
    let stage = stage.unwrap_or(Stage::Other);
    let id = match sheet.text(row, Field::Id) {
        Some((col, id)) => {
            if sheet.step_ids.contains(&id) {
                sheet.problem(
                    row_number,
                    col,
                    format!("the id \"{id}\" is already used by another step"),
                );
            }
            sheet.step_ids.insert(&id);
            id
        }
        None => sheet.step_ids.unique(&id_from_name(&name, "step")),
    };
    let mut step = Step::new(id, name, stage);
    step.role = role;
    step.touch_minutes = touch;
    step.wait_days = wait;
    step.unit_cost = cost;
    step.outcome = outcome.map(|(_, o)| o);
    step.counts_as = counts_as;
    step.source = sheet.text(row, Field::Source).map(|(_, s)| s);
    RowStep {
        row: row_number,
        step,
        next: sheet.text(row, Field::Next),
        outcome_col: outcome.map(|(c, _)| c),
    }
}

/// Resolves every row's *Next* into links; a row with neither a next nor an outcome
/// runs on to the following row.
fn link_rows(sheet: &mut Sheet, rows: &mut [RowStep]) {
    let ids: Vec<String> = rows.iter().map(|r| r.step.id.clone()).collect();
    // The first row with each id; for each name (in lower case) its first row and how
    // many rows have it.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_id.entry(ids[i].as_str()).or_insert(i);
        by_name
            .entry(r.step.name.trim().to_lowercase())
            .and_modify(|(_, n)| *n += 1)
            .or_insert((i, 1));
    }
    let find = |text: &str| -> Result<Option<usize>, String> {
        if let Some(&i) = by_id.get(text) {
            return Ok(Some(i));
        }
        match by_name.get(&text.trim().to_lowercase()) {
            None => Ok(None),
            Some(&(first, 1)) => Ok(Some(first)),
            Some(&(_, count)) => Err(format!(
                "{count} steps are called \"{text}\": give them ids in an Id column and name the id here"
            )),
        }
    };
    let count = rows.len();
    for i in 0..count {
        let row_number = rows[i].row;
        let Some((col, text)) = rows[i].next.clone() else {
            if rows[i].step.outcome.is_none() && i + 1 < count {
                rows[i].step.next = vec![Link {
                    to: ids[i + 1].clone(),
                    share: 1.0,
                }];
            }
            continue;
        };
        if normalise(&text) == normalise(step_columns::END) {
            continue;
        }
        if let Some(outcome_col) = rows[i].outcome_col {
            sheet.problem(
                row_number,
                outcome_col,
                "a row with an outcome ends the pathway: clear its Next, or its Outcome".into(),
            );
            continue;
        }
        let mut links: Vec<(usize, Option<f64>)> = Vec::new();
        for part in text
            .split([';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match parse_branch(part, &find) {
                Ok(link) => links.push(link),
                Err(message) => sheet.problem(row_number, col, message),
            }
        }
        let missing = links.iter().filter(|(_, s)| s.is_none()).count();
        let given: f64 = links.iter().filter_map(|(_, s)| *s).sum();
        let fill = match (missing, links.len()) {
            (0, _) => 0.0,
            (1, 1) => 1.0,
            (1, _) if given < 1.0 => 1.0 - given,
            _ => {
                sheet.problem(
                    row_number,
                    col,
                    "give each branch its share, e.g. \"Book appointment 92%; Rebook 8%\"".into(),
                );
                continue;
            }
        };
        rows[i].step.next = links
            .into_iter()
            .map(|(to, share)| Link {
                to: ids[to].clone(),
                share: share.unwrap_or(fill),
            })
            .collect();
    }
}

/// One branch of *Next*: a step's name or id, optionally followed by its share as a
/// percentage (`92%`) or a fraction (`0.92`).
fn parse_branch(
    part: &str,
    find: &dyn Fn(&str) -> Result<Option<usize>, String>,
) -> Result<(usize, Option<f64>), String> {
    if let Some(i) = find(part)? {
        return Ok((i, None));
    }
    let unknown = || format!("there is no step called \"{part}\" (name or id)");
    let Some((head, tail)) = split_share(part) else {
        return Err(unknown());
    };
    let target =
        find(head)?.ok_or_else(|| format!("there is no step called \"{head}\" (name or id)"))?;
    let share = if let Some(percent) = tail.strip_suffix('%') {
        crate::export::table::share_of_percent(percent)
    } else {
        tail.parse::<f64>().ok()
    };
    match share {
        Some(s) if s > 0.0 && s <= 1.0 => Ok((target, Some(s))),
        _ => Err(format!(
            "the share \"{tail}\" of \"{head}\" must be a percentage above 0% and at most 100%"
        )),
    }
}

/// Splits `Name 92%` (or `Name: 92%`, `Name (92%)`, `Name 0.92`) into the name and the share.
fn split_share(part: &str) -> Option<(&str, &str)> {
    let part = part.trim();
    let (part, bracketed) = match part.strip_suffix(')') {
        Some(rest) => (rest, true),
        None => (part, false),
    };
    let split = if bracketed {
        part.rfind('(')?
    } else {
        part.rfind(|c: char| c.is_whitespace() || c == ':' || c == '=')?
    };
    let (head, tail) = part.split_at(split);
    let tail = tail.trim_start_matches(['(', ':', '=']).trim();
    let head = head.trim().trim_end_matches([':', '=', '-']).trim();
    let numeric = tail.trim_end_matches('%').trim().parse::<f64>().is_ok();
    (numeric && !head.is_empty()).then_some((head, tail))
}

#[cfg(test)]
mod tests;
