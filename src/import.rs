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
//! `FILE:ROW:COLUMN: message`, and nothing is imported while any remains.

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
}

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
            Raw::Empty => None,
            Raw::Text(t) => Some(t.clone()),
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
    /// The file could not be read.
    #[error("cannot read the file: {source} ({})", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is too large to be a sheet of steps.
    #[error("the file is {bytes} bytes, too large for a sheet of steps ({})", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
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

/// Reads the sheet of steps in `path`: a .csv file, or the first sheet of a
/// workbook (the sheet called "Steps" or "Current steps" if there is one).
pub fn read_sheet(path: &Path) -> Result<Vec<Vec<Raw>>, ImportError> {
    let size = std::fs::metadata(path)
        .map_err(|source| ImportError::Io {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    if size > crate::format::MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            bytes: size,
        });
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" => read_csv(path),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path),
        _ => Err(ImportError::Kind {
            path: path.to_path_buf(),
        }),
    }
}

fn read_csv(path: &Path) -> Result<Vec<Vec<Raw>>, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    csv_rows(bytes).map_err(|message| ImportError::Sheet {
        path: path.to_path_buf(),
        message,
    })
}

/// Rows of CSV text (headings included), every cell as text. The separator is
/// whichever of comma, semicolon (Excel in some locales) or tab (text copied from a
/// spreadsheet) the heading line has most of.
pub fn csv_rows(bytes: &[u8]) -> Result<Vec<Vec<Raw>>, String> {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |sep: u8| first_line.iter().filter(|b| **b == sep).count();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|sep| (count(*sep), *sep == b','))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("line {}: {e}", p.line()),
            None => e.to_string(),
        })?;
        rows.push(
            record
                .iter()
                .map(|cell| match delimiter {
                    // Where semicolons separate cells, a comma is the decimal point.
                    b';' if is_decimal_comma(cell) => Raw::text(&cell.replace(',', ".")),
                    _ => Raw::text(cell),
                })
                .collect(),
        );
    }
    Ok(rows)
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

fn read_workbook(path: &Path) -> Result<Vec<Vec<Raw>>, ImportError> {
    use calamine::{Data, Reader};
    let sheet_error = |message: String| ImportError::Sheet {
        path: path.to_path_buf(),
        message,
    };
    let mut book = calamine::open_workbook_auto(path).map_err(|e| sheet_error(e.to_string()))?;
    let names = book.sheet_names();
    let preferred = ["steps", "current steps"]
        .iter()
        .find_map(|want| names.iter().find(|n| n.trim().to_lowercase() == *want))
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| sheet_error("the workbook has no sheets".into()))?;
    let range = book
        .worksheet_range(&preferred)
        .map_err(|e| sheet_error(e.to_string()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<Raw>> = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![Raw::Empty; left as usize];
        cells.extend(row.iter().map(|cell| match cell {
            Data::Empty => Raw::Empty,
            Data::Int(i) => Raw::Number(*i as f64),
            Data::Float(f) => Raw::Number(*f),
            Data::String(s) => Raw::text(s),
            other => Raw::text(&other.to_string()),
        }));
        rows.push(cells);
    }
    Ok(rows)
}

/// Imports the steps in `path` into a copy of `base` (its name, settings and roles),
/// or into a new pathway named after the file.
pub fn import_path(path: &Path, base: Option<&Pathway>) -> Result<Imported, ImportError> {
    let rows = read_sheet(path)?;
    let name = path.file_stem().map_or_else(
        || "Imported steps".into(),
        |s| s.to_string_lossy().into_owned(),
    );
    import_rows(&rows, base, &name).map_err(|problems| ImportError::Cells {
        path: path.to_path_buf(),
        problems,
    })
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

    fn cell<'r>(&self, row: &'r [Raw], field: Field) -> Option<(usize, &'r Raw)> {
        let col = self.col(field)?;
        match row.get(col) {
            None | Some(Raw::Empty) => None,
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
        match parse_number(raw) {
            Ok(v) if v >= 0.0 => Some(v),
            Ok(v) => {
                self.problem(
                    row_number,
                    col,
                    format!("{what} is {v}; it must be 0 or more"),
                );
                None
            }
            Err(text) => {
                self.problem(
                    row_number,
                    col,
                    format!("\"{text}\" is not a number of {what}"),
                );
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

    fn role(&mut self, row_number: usize, row: &[Raw]) -> Option<String> {
        let (col, text) = self.text(row, Field::Role)?;
        let wanted = text.trim().to_lowercase();
        if let Some(role) = self
            .roles
            .iter()
            .find(|r| r.id.to_lowercase() == wanted || r.name.trim().to_lowercase() == wanted)
        {
            return Some(role.id.clone());
        }
        let taken: Vec<&str> = self.roles.iter().map(|r| r.id.as_str()).collect();
        let id = unique_id(&slug(&text, "role"), &taken);
        self.roles.push(Role::new(id.clone(), text.clone(), 0.0));
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

fn parse_number(raw: &Raw) -> Result<f64, String> {
    match raw {
        Raw::Number(v) if v.is_finite() => Ok(*v),
        Raw::Number(v) => Err(v.to_string()),
        Raw::Empty => Ok(0.0),
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
                .ok_or_else(|| text.clone())
        }
    }
}

/// An id from a name: lower case letters and digits joined by dashes.
fn slug(name: &str, fallback: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        fallback.to_owned()
    } else {
        id.to_owned()
    }
}

fn unique_id(wanted: &str, taken: &[&str]) -> String {
    if !taken.contains(&wanted) {
        return wanted.to_owned();
    }
    (2..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|id| !taken.contains(&id.as_str()))
        .unwrap_or_else(|| wanted.to_owned())
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
    let mut sheet = Sheet {
        columns: HashMap::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
        roles: base.map(|b| b.roles.clone()).unwrap_or_default(),
    };
    for (col, raw) in rows[header_index].iter().enumerate() {
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

    let mut read: Vec<RowStep> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(header_index + 1) {
        if is_blank(row) {
            continue;
        }
        let step = read_row(&mut sheet, i + 1, row, &read);
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

fn read_row(sheet: &mut Sheet, row_number: usize, row: &[Raw], before: &[RowStep]) -> RowStep {
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
            if before.iter().any(|r| r.step.id == id) {
                sheet.problem(
                    row_number,
                    col,
                    format!("the id \"{id}\" is already used by another step"),
                );
            }
            id
        }
        None => {
            let taken: Vec<&str> = before.iter().map(|r| r.step.id.as_str()).collect();
            unique_id(&slug(&name, "step"), &taken)
        }
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
    let names: Vec<String> = rows
        .iter()
        .map(|r| r.step.name.trim().to_lowercase())
        .collect();
    let find = |text: &str| -> Result<Option<usize>, String> {
        if let Some(i) = ids.iter().position(|id| id == text) {
            return Ok(Some(i));
        }
        let wanted = text.trim().to_lowercase();
        let matches: Vec<usize> = (0..names.len()).filter(|&i| names[i] == wanted).collect();
        match matches.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            _ => Err(format!(
                "{} steps are called \"{text}\": give them ids in an Id column and name the id here",
                matches.len()
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
