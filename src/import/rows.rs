//! The third stage: each row's cells to a step (its name, stage, role, estimates,
//! outcome, counters and source), every bad cell kept as a [`CellProblem`] with its
//! place, so all of them are reported at once.

use super::*;

/// A step row as read, before its links are resolved.
pub(super) struct RowStep {
    pub(super) row: usize,
    pub(super) step: Step,
    pub(super) next: Option<(usize, String)>,
    pub(super) outcome_col: Option<usize>,
}

/// The headings found, and what reading the rows has found so far.
pub(super) struct Sheet {
    pub(super) columns: HashMap<FieldKey, usize>,
    pub(super) problems: Vec<CellProblem>,
    pub(super) warnings: Vec<CellProblem>,
    pub(super) roles: Vec<Role>,
    /// Each role's index by its id and its name, both in lower case (the first role
    /// with either wins, as a search in order would find).
    pub(super) role_index: HashMap<String, usize>,
    pub(super) role_ids: Ids,
    /// Ids of the steps read so far.
    pub(super) step_ids: Ids,
}

/// [`Field`] as a map key (estimates by quantity and part).
pub(super) type FieldKey = (u8, u8, u8);

impl Sheet {
    pub(super) fn col(&self, field: Field) -> Option<usize> {
        self.columns.get(&key(field)).copied()
    }

    /// The cell of `field` in `row`, unless empty. A formula without a value counts as
    /// empty here: [`import_rows`] has reported it already.
    pub(super) fn cell<'r>(&self, row: &'r [Raw], field: Field) -> Option<(usize, &'r Raw)> {
        let col = self.col(field)?;
        match row.get(col) {
            None | Some(Raw::Empty | Raw::Formula(_)) => None,
            Some(raw) => Some((col, raw)),
        }
    }

    pub(super) fn text(&self, row: &[Raw], field: Field) -> Option<(usize, String)> {
        self.cell(row, field)
            .and_then(|(c, raw)| raw.as_text().map(|t| (c, t)))
    }

    pub(super) fn problem(&mut self, row: usize, column: usize, message: String) {
        self.problems.push(CellProblem::at(row, column, message));
    }

    pub(super) fn number(
        &mut self,
        row_number: usize,
        row: &[Raw],
        field: Field,
        what: &str,
    ) -> Option<f64> {
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

    pub(super) fn estimate(&mut self, row_number: usize, row: &[Raw], q: Quantity) -> Estimate {
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

    pub(super) fn add_role(&mut self, role: Role) {
        let i = self.roles.len();
        self.role_index.entry(role.id.to_lowercase()).or_insert(i);
        self.role_index
            .entry(role.name.trim().to_lowercase())
            .or_insert(i);
        self.role_ids.insert(&role.id);
        self.roles.push(role);
    }

    pub(super) fn role(&mut self, row_number: usize, row: &[Raw]) -> Option<String> {
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
pub(super) fn parse_number(raw: &Raw, what: &str) -> Result<f64, String> {
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
pub(super) fn no_value(formula: &str) -> String {
    format!(
        "the formula {formula} has no saved value (the program that wrote the file did not calculate it): open the file in Excel or LibreOffice, save it and import again, or type the value"
    )
}

pub(super) fn parse_stage(text: &str) -> Option<Stage> {
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

pub(super) fn parse_outcome(text: &str) -> Option<Outcome> {
    let t = normalise(text);
    Outcome::ALL.into_iter().find(|o| normalise(o.name()) == t)
}

pub(super) fn parse_counter(text: &str) -> Option<Counter> {
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

pub(super) fn read_row(sheet: &mut Sheet, row_number: usize, row: &[Raw]) -> RowStep {
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
