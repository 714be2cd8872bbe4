//! What-if levers: values of a pathway pinned to be moved on a slider. A lever
//! names a step and one of its values (see [`Lever`]); this module reads and sets
//! that value and says over which range a slider moves it. The edits that pin,
//! move and reset levers are in [`crate::edit`].

use crate::model::{Estimate, Lever, LeverValue, Pathway, Step};

/// The estimate a lever moves, if it moves one.
fn estimate(step: &Step, value: &LeverValue) -> Option<Estimate> {
    match value {
        LeverValue::TouchMinutes => Some(step.touch_minutes),
        LeverValue::WaitDays => Some(step.wait_days),
        LeverValue::UnitCost => Some(step.unit_cost),
        LeverValue::Share(_) | LeverValue::SlotsPerWeek => None,
    }
}

/// The slots a week of the capacity section, for a slots lever.
fn slots(pathway: &Pathway, lever: &Lever) -> Option<f64> {
    (lever.value == LeverValue::SlotsPerWeek)
        .then(|| pathway.capacity.as_ref().map(|c| c.slots_per_week))
        .flatten()
}

/// The step and link index of a share lever.
fn link(pathway: &Pathway, lever: &Lever) -> Option<(usize, usize)> {
    let from = pathway.step_index(&lever.step)?;
    let LeverValue::Share(to) = &lever.value else {
        return None;
    };
    let link = pathway.steps[from].next.iter().position(|l| &l.to == to)?;
    Some((from, link))
}

/// The lever's value now: an estimate's most likely value, or a share (0 to 1).
/// `None` when its step (or link) is gone.
pub fn value(pathway: &Pathway, lever: &Lever) -> Option<f64> {
    let step = &pathway.steps[pathway.step_index(&lever.step)?];
    if lever.value == LeverValue::SlotsPerWeek {
        return slots(pathway, lever);
    }
    match estimate(step, &lever.value) {
        Some(e) => Some(e.likely),
        None => link(pathway, lever).map(|(from, k)| pathway.steps[from].next[k].share),
    }
}

/// The slider's range: the estimate's low to high, or 0 to 1 for a share; for a
/// single number, from 0 to twice the value it was pinned at (at least 1), or to
/// twice the value now if that was typed beyond it, so that it can be dragged
/// either way; slots a week from half to one and a half times the value pinned
/// (at least 1 slot). The range always takes in the value now, so that a drag
/// starts from the value and not from an end of the range.
pub fn range(pathway: &Pathway, lever: &Lever) -> Option<(f64, f64)> {
    let step = &pathway.steps[pathway.step_index(&lever.step)?];
    let now = value(pathway, lever)?;
    let (low, high) = match estimate(step, &lever.value) {
        None if lever.value == LeverValue::SlotsPerWeek => {
            let pinned = lever.base.max(2.0);
            ((0.5 * pinned).max(1.0), 1.5 * pinned)
        }
        Some(e) if e.low < e.high => (e.low, e.high),
        Some(_) => {
            let pinned = (2.0 * lever.base).max(1.0);
            (0.0, if now > pinned { 2.0 * now } else { pinned })
        }
        None => (0.0, 1.0),
    };
    Some((low.min(now), high.max(now)))
}

/// Sets the lever's value: an estimate's most likely value (low and high kept,
/// widened if the value falls outside them), or a share with its siblings scaled
/// to make up the rest, exact to 1e-9 (see [`crate::shares`]). Returns false when
/// the step or link is gone.
pub fn set(pathway: &mut Pathway, lever: &Lever, to: f64) -> bool {
    let Some(index) = pathway.step_index(&lever.step) else {
        return false;
    };
    let step = &mut pathway.steps[index];
    let field = match lever.value {
        LeverValue::TouchMinutes => &mut step.touch_minutes,
        LeverValue::WaitDays => &mut step.wait_days,
        LeverValue::UnitCost => &mut step.unit_cost,
        LeverValue::Share(_) => {
            let Some((from, k)) = link(pathway, lever) else {
                return false;
            };
            crate::shares::set_scaled(&mut pathway.steps[from].next, k, to);
            return true;
        }
        LeverValue::SlotsPerWeek => {
            let Some(capacity) = &mut pathway.capacity else {
                return false;
            };
            capacity.slots_per_week = to;
            return true;
        }
    };
    let e = *field;
    *field = if e.is_fixed() {
        Estimate::fixed(to)
    } else {
        Estimate::range(e.low.min(to), to, e.high.max(to))
    };
    true
}

/// "Book appointment: touch minutes", "Triage: share to Advice".
pub fn label(pathway: &Pathway, lever: &Lever) -> String {
    let step = pathway
        .step_index(&lever.step)
        .map_or(lever.step.as_str(), |i| pathway.steps[i].name.as_str());
    let what = match &lever.value {
        LeverValue::TouchMinutes => "touch minutes".to_owned(),
        LeverValue::WaitDays => "wait days".to_owned(),
        LeverValue::UnitCost => "unit cost (£)".to_owned(),
        LeverValue::SlotsPerWeek => "first-appointment slots a week".to_owned(),
        LeverValue::Share(to) => {
            let name = pathway
                .step_index(to)
                .map_or(to.as_str(), |i| pathway.steps[i].name.as_str());
            format!("share to {name}")
        }
    };
    format!("{step}: {what}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Pathway {
        crate::format::load_str(
            r#"(format: 1, name: "t", annual_referrals: 100.0,
            roles: [(id: "clerk", name: "Clerk", hourly_cost: 30.0)],
            steps: [
                (id: "a", name: "A", stage: Booking, role: "clerk", touch_minutes: (low: 2.0, likely: 4.0, high: 9.0),
                 wait_days: 3.0, next: [(to: "b", share: 0.6), (to: "c", share: 0.4)]),
                (id: "b", name: "B", stage: Attendance),
                (id: "c", name: "C", stage: Attendance),
            ])"#,
        )
        .unwrap()
        .pathway
    }

    fn lever(value: LeverValue) -> Lever {
        Lever {
            step: "a".into(),
            value,
            base: 0.0,
        }
    }

    #[test]
    fn levers_read_range_and_set_their_value() {
        let mut p = sample();
        let minutes = lever(LeverValue::TouchMinutes);
        assert_eq!(value(&p, &minutes), Some(4.0));
        assert_eq!(range(&p, &minutes), Some((2.0, 9.0)));
        assert!(set(&mut p, &minutes, 7.0));
        assert_eq!(p.steps[0].touch_minutes, Estimate::range(2.0, 7.0, 9.0));
        // A single number slides from 0 to twice itself.
        let wait = Lever {
            base: 3.0,
            ..lever(LeverValue::WaitDays)
        };
        assert_eq!(range(&p, &wait), Some((0.0, 6.0)));
        assert!(set(&mut p, &wait, 5.0));
        assert_eq!(p.steps[0].wait_days, Estimate::fixed(5.0));
        // A value typed beyond that range: the slider runs to twice it.
        assert!(set(&mut p, &wait, 9.5));
        assert_eq!(range(&p, &wait), Some((0.0, 19.0)));
        // A value below 0 (as a file may hold) is taken in too.
        assert!(set(&mut p, &wait, -1.0));
        assert_eq!(range(&p, &wait), Some((-1.0, 6.0)));
        // A share: its sibling takes the rest.
        let share = lever(LeverValue::Share("c".into()));
        assert_eq!(value(&p, &share), Some(0.4));
        assert!(set(&mut p, &share, 0.25));
        assert_eq!(p.steps[0].next[0].share, 0.75);
        assert_eq!(label(&p, &share), "A: share to C");
        let gone = Lever {
            step: "zz".into(),
            ..minutes
        };
        assert_eq!(value(&p, &gone), None);
        assert!(!set(&mut p, &gone, 1.0));
    }

    #[test]
    fn a_slots_lever_reads_ranges_and_sets_the_capacity_section() {
        let mut p = sample();
        let slots = Lever {
            base: 40.0,
            ..lever(LeverValue::SlotsPerWeek)
        };
        // No section: nothing to move.
        assert_eq!(value(&p, &slots), None);
        assert!(!set(&mut p, &slots, 30.0));
        p.capacity = Some(crate::model::Capacity::new("a", "c", 40.0, 100.0, 4.0));
        assert_eq!(value(&p, &slots), Some(40.0));
        // Half to one and a half times the value pinned.
        assert_eq!(range(&p, &slots), Some((20.0, 60.0)));
        assert!(set(&mut p, &slots, 70.0));
        assert_eq!(p.capacity.as_ref().map(|c| c.slots_per_week), Some(70.0));
        // The range takes in a value typed beyond it.
        assert_eq!(range(&p, &slots), Some((20.0, 70.0)));
        assert_eq!(label(&p, &slots), "A: first-appointment slots a week");
        // The link shares are untouched.
        assert_eq!(p.steps[0].next[0].share, 0.6);
    }

    #[test]
    fn levers_are_kept_in_the_model_file_and_files_without_them_load() {
        let mut p = sample();
        assert!(p.levers.is_empty());
        assert!(!crate::format::to_ron_string(&p).contains("levers"));
        p.levers.push(Lever {
            step: "a".into(),
            value: LeverValue::Share("c".into()),
            base: 0.4,
        });
        let text = crate::format::to_ron_string(&p);
        assert!(text.contains("levers"), "{text}");
        assert_eq!(crate::format::load_str(&text).unwrap().pathway, p);
    }
}
