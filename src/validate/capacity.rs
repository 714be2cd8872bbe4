//! Checks of the capacity section: its figures in range, and the steps it names
//! there with a link from the booking step to the slot-issue step.

use super::{Problem, ProblemKind, Subject, bounds, step_label};
use crate::model::{Capacity, Pathway, PathwayIndex};
use crate::numbers::grouped_trimmed;

/// Every problem with the pathway's capacity section (none without one).
pub(super) fn check(pathway: &Pathway, index: &PathwayIndex<'_>, problems: &mut Vec<Problem>) {
    let Some(capacity) = &pathway.capacity else {
        return;
    };
    let mut say = |subject: Subject, message: String| {
        problems.push(Problem::error(
            ProblemKind::Capacity,
            subject,
            format!("capacity: {message}"),
        ));
    };
    for message in figure_problems(capacity) {
        say(Subject::Pathway, message);
    }
    let books_at = index.step(&capacity.books_at);
    let slot_issue = index.step(&capacity.slot_issue);
    if books_at.is_none() {
        say(
            Subject::Pathway,
            format!(
                "books_at names the step \"{}\", which does not exist; give the id of the step where a slot is sought",
                capacity.books_at
            ),
        );
    }
    if slot_issue.is_none() {
        say(
            Subject::Pathway,
            format!(
                "slot_issue names the step \"{}\", which does not exist; give the id of the step a referral goes to when no slot is found",
                capacity.slot_issue
            ),
        );
    }
    if let Some(waits_at) = &capacity.waits_at
        && index.step(waits_at).is_none()
    {
        say(
            Subject::Pathway,
            format!(
                "waits_at names the step \"{waits_at}\", which does not exist; give the id of the step that holds the wait for the first appointment, or leave waits_at out to hold it at books_at"
            ),
        );
    }
    let (Some(from), Some(_)) = (books_at, slot_issue) else {
        return;
    };
    let step = &pathway.steps[from];
    if capacity.books_at == capacity.slot_issue {
        say(
            Subject::Step(from),
            format!(
                "books_at and slot_issue are both \"{}\"; slot_issue is the step a referral goes to from {} when no slot is found",
                capacity.books_at,
                step_label(step)
            ),
        );
        return;
    }
    if !step.next.iter().any(|l| l.to == capacity.slot_issue) {
        say(
            Subject::Step(from),
            format!(
                "step {} (books_at) has no link to \"{}\" (slot_issue); add that link, whose share the capacity then sets",
                step_label(step),
                capacity.slot_issue
            ),
        );
    } else if step.next.iter().all(|l| l.to == capacity.slot_issue) {
        say(
            Subject::Step(from),
            format!(
                "step {} (books_at) links only to \"{}\" (slot_issue); give it a link for referrals that find a slot",
                step_label(step),
                capacity.slot_issue
            ),
        );
    }
}

/// What is wrong with the section's figures, one message each, naming the field.
pub(crate) fn figure_problems(c: &Capacity) -> Vec<String> {
    let mut found = Vec::new();
    let mut range = |field: &str, value: f64, ok: bool, what: String| {
        if !(value.is_finite() && ok) {
            found.push(format!("{field} is {}; {what}", shown(value)));
        }
    };
    range(
        "slots_per_week",
        c.slots_per_week,
        c.slots_per_week > 0.0 && c.slots_per_week <= bounds::SLOTS_PER_WEEK,
        format!(
            "it must be the first-appointment slots published a week, more than 0 and at most {}",
            grouped_trimmed(bounds::SLOTS_PER_WEEK, 0)
        ),
    );
    range(
        "waiting_list",
        c.waiting_list,
        c.waiting_list >= 0.0 && c.waiting_list <= bounds::WAITING_LIST,
        format!(
            "it must be the people already waiting for a first appointment, 0 to {}",
            grouped_trimmed(bounds::WAITING_LIST, 0)
        ),
    );
    let weeks = grouped_trimmed(bounds::WEEKS, 0);
    range(
        "horizon_weeks",
        c.horizon_weeks,
        c.horizon_weeks > 0.0 && c.horizon_weeks <= bounds::WEEKS,
        format!(
            "it must be how many weeks ahead slots are published, more than 0 and at most {weeks}"
        ),
    );
    for (field, cv) in [("cv_demand", c.cv_demand), ("cv_capacity", c.cv_capacity)] {
        range(
            field,
            cv,
            (0.0..=bounds::CV).contains(&cv),
            format!(
                "write the week-to-week variability as a coefficient of variation from 0 (none) to {} (1 is Poisson)",
                grouped_trimmed(bounds::CV, 0)
            ),
        );
    }
    range(
        "target_weeks",
        c.target_weeks,
        c.target_weeks > 0.0 && c.target_weeks <= bounds::WEEKS,
        format!(
            "it must be the waiting-time target in weeks, more than 0 and at most {weeks} (18 for the RTT standard)"
        ),
    );
    range(
        "factor",
        c.factor,
        (1.0..=bounds::FACTOR).contains(&c.factor),
        format!(
            "the mean wait aimed for is target_weeks / factor, so factor must be from 1 to {} (NHS-R uses 4)",
            grouped_trimmed(bounds::FACTOR, 0)
        ),
    );
    found
}

/// A figure as a message shows it: grouped, or as Rust writes NaN and infinities.
fn shown(value: f64) -> String {
    if value.is_finite() {
        grouped_trimmed(value, 4)
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

    use crate::model::{Capacity, Link};
    use crate::validate::{ProblemKind, Severity, Subject, validate};

    fn with(edit: impl FnOnce(&mut crate::model::Pathway, &mut Capacity)) -> Vec<String> {
        let mut p = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
        let mut c = Capacity::new("book_direct", "slot_issue", 230.0, 1000.0, 6.0);
        edit(&mut p, &mut c);
        p.capacity = Some(c);
        let problems = validate(&p);
        assert!(
            problems
                .iter()
                .filter(|p| p.kind == ProblemKind::Capacity)
                .all(|p| p.severity == Severity::Error)
        );
        problems
            .into_iter()
            .filter(|p| p.kind == ProblemKind::Capacity)
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn a_sound_section_has_no_problem() {
        assert_eq!(with(|_, _| {}), Vec::<String>::new());
        // The edges of each range are allowed.
        assert_eq!(
            with(|_, c| {
                c.waiting_list = 0.0;
                c.cv_demand = 0.0;
                c.cv_capacity = 10.0;
                c.factor = 1.0;
                c.horizon_weeks = 520.0;
            }),
            Vec::<String>::new()
        );
    }

    #[test]
    fn bad_figures_are_named_with_the_field_and_the_fix() {
        let found = with(|_, c| {
            c.slots_per_week = 0.0;
            c.waiting_list = -5.0;
            c.horizon_weeks = f64::NAN;
            c.cv_demand = 11.0;
            c.cv_capacity = -1.0;
            c.target_weeks = 0.0;
            c.factor = 0.5;
        });
        assert_eq!(
            found,
            [
                "capacity: slots_per_week is 0; it must be the first-appointment slots published a week, more than 0 and at most 10,000,000",
                "capacity: waiting_list is -5; it must be the people already waiting for a first appointment, 0 to 100,000,000",
                "capacity: horizon_weeks is NaN; it must be how many weeks ahead slots are published, more than 0 and at most 520",
                "capacity: cv_demand is 11; write the week-to-week variability as a coefficient of variation from 0 (none) to 10 (1 is Poisson)",
                "capacity: cv_capacity is -1; write the week-to-week variability as a coefficient of variation from 0 (none) to 10 (1 is Poisson)",
                "capacity: target_weeks is 0; it must be the waiting-time target in weeks, more than 0 and at most 520 (18 for the RTT standard)",
                "capacity: factor is 0.5; the mean wait aimed for is target_weeks / factor, so factor must be from 1 to 100 (NHS-R uses 4)",
            ]
        );
        let found = with(|_, c| c.slots_per_week = f64::INFINITY);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("capacity: slots_per_week is inf;"),
            "{found:?}"
        );
    }

    #[test]
    fn steps_and_the_link_must_exist() {
        assert_eq!(
            with(|_, c| {
                c.books_at = "book".into();
                c.slot_issue = "asi".into();
            }),
            [
                "capacity: books_at names the step \"book\", which does not exist; give the id of the step where a slot is sought",
                "capacity: slot_issue names the step \"asi\", which does not exist; give the id of the step a referral goes to when no slot is found",
            ]
        );
        assert_eq!(
            with(|_, c| c.slot_issue = "book_direct".into()),
            [
                "capacity: books_at and slot_issue are both \"book_direct\"; slot_issue is the step a referral goes to from \"Patient books: in the consultation, by phone or in the NHS App\" when no slot is found"
            ]
        );
        assert_eq!(
            with(|_, c| c.slot_issue = "review".into()),
            [
                "capacity: step \"Patient books: in the consultation, by phone or in the NHS App\" (books_at) has no link to \"review\" (slot_issue); add that link, whose share the capacity then sets"
            ]
        );
        let mut p = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
        let i = p.step_index("book_direct").unwrap();
        p.steps[i].next = vec![Link {
            to: "slot_issue".into(),
            share: 1.0,
        }];
        p.capacity = Some(Capacity::new("book_direct", "slot_issue", 230.0, 0.0, 6.0));
        let problem = validate(&p)
            .into_iter()
            .find(|p| p.kind == ProblemKind::Capacity)
            .unwrap();
        assert_eq!(problem.subject, Subject::Step(i));
        assert!(
            problem
                .message
                .ends_with("links only to \"slot_issue\" (slot_issue); give it a link for referrals that find a slot"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn renaming_a_step_renames_it_in_the_section_and_the_diff_names_a_change() {
        use crate::edit::{Edit, StepField, apply};
        let mut p = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
        p.capacity = None;
        let before = p.clone();
        p.capacity = Some(Capacity::new("book_direct", "slot_issue", 230.0, 0.0, 6.0));
        let i = p.step_index("slot_issue").unwrap();
        apply(
            &mut p,
            Edit::SetStep {
                index: i,
                field: StepField::Id("asi_worklist".into()),
            },
        )
        .unwrap();
        assert_eq!(p.capacity.as_ref().unwrap().slot_issue, "asi_worklist");
        assert!(validate(&p).iter().all(|p| p.kind != ProblemKind::Capacity));
        let changes = crate::diff::diff(&before, &p);
        let change = changes
            .iter()
            .find(|c| c.subject == "capacity")
            .expect("the section is a change");
        assert_eq!(change.old, "");
        assert!(change.new.starts_with("230 slots a week"), "{}", change.new);
        assert_eq!(change.cost_effect, None);
    }
}
