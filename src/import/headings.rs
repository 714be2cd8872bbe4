//! The second stage: what each column holds, from its heading matched loosely
//! (case, spaces and punctuation ignored), with the low and high columns of an
//! estimate beside its likely one.

use super::*;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
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
pub(super) enum Quantity {
    Minutes,
    WaitDays,
    UnitCost,
}

impl Quantity {
    pub(super) const ALL: [Quantity; 3] =
        [Quantity::Minutes, Quantity::WaitDays, Quantity::UnitCost];

    pub(super) fn heading(self) -> &'static str {
        match self {
            Quantity::Minutes => step_columns::MINUTES,
            Quantity::WaitDays => step_columns::WAIT_DAYS,
            Quantity::UnitCost => step_columns::UNIT_COST,
        }
    }

    pub(super) fn aliases(self) -> &'static [&'static str] {
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
pub(super) enum Part {
    Low,
    Likely,
    High,
}

/// Lower case letters and digits only: "Touch minutes (low)" is "touchminuteslow".
pub(super) fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) fn field_of(heading: &str) -> Option<Field> {
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

pub(super) fn key(field: Field) -> FieldKey {
    match field {
        Field::Estimate(q, p) => (1, q as u8, p as u8),
        other => (0, simple_index(other), 0),
    }
}

pub(super) fn simple_index(field: Field) -> u8 {
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
