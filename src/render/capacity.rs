//! The capacity figures: the JSON of `opmt capacity --json` (also under `capacity`
//! in `report --json` and `compare --json`), and text for a service manager.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::capacity::{Made, SectionFrom};
use crate::numbers::{grouped, grouped_trimmed, percent, pounds};

/// The capacity object: `demand_per_week`, `slots_per_week`, `load`,
/// `target_queue_size`, `target_capacity_per_week`, `relief_capacity_per_week`,
/// `asi_share` (the mean over the weeks) and `weeks` (a list of objects with `week`,
/// `waiting_list`, `wait_weeks`, `asi_share`, and `waiting_list_p10`,
/// `waiting_list_p50`, `waiting_list_p90` when stochastic, where the plain figures
/// are means over the runs); besides them `books_at`, `slot_issue`, `waits_at` (the step holding the wait), `section` (`own`,
/// or `current` for a proposal using the current pathway's), `target_weeks`,
/// `relief_weeks`, `mean_wait_weeks`, `mean_wait_days`, `waiting_list_pressure`,
/// `slot_issues_per_year`, `slot_issue_cost_per_year`, `stochastic`, `runs` and
/// `seed` (null when deterministic).
pub fn capacity_json(made: &Made) -> Value {
    let f = &made.figures;
    let p = &f.projection;
    let weeks: Vec<Value> = p
        .weeks
        .iter()
        .map(|w| {
            let mut value = json!({
                "week": w.week,
                "waiting_list": w.waiting_list,
                "wait_weeks": w.wait_weeks,
                "asi_share": w.asi_share,
            });
            if let (Some(band), Value::Object(map)) = (w.band, &mut value) {
                map.insert("waiting_list_p10".into(), json!(band.p10));
                map.insert("waiting_list_p50".into(), json!(band.p50));
                map.insert("waiting_list_p90".into(), json!(band.p90));
            }
            value
        })
        .collect();
    json!({
        "books_at": made.capacity.books_at,
        "slot_issue": made.capacity.slot_issue,
        "waits_at": made.capacity.wait_step(),
        "section": match made.section_from {
            SectionFrom::Own => "own",
            SectionFrom::Current => "current",
        },
        "demand_per_week": f.demand_per_week,
        "slots_per_week": f.slots_per_week,
        "load": f.load,
        "target_weeks": f.target_weeks,
        "target_queue_size": f.target_queue_size,
        "target_capacity_per_week": f.target_capacity_per_week,
        "relief_weeks": f.relief_weeks,
        "relief_capacity_per_week": f.relief_capacity_per_week,
        "mean_wait_weeks": f.mean_wait_weeks,
        "mean_wait_days": made.wait_days(),
        "waiting_list_pressure": f.waiting_list_pressure,
        "asi_share": f.asi_share,
        "slot_issues_per_year": made.slot_issues_per_year,
        "slot_issue_cost_per_year": made.slot_issue_cost_per_year,
        "stochastic": p.is_stochastic(),
        "runs": p.runs,
        "seed": p.seed,
        "weeks": weeks,
    })
}

/// The name of a step for the text: its name, or its id when it has none.
fn step_name(made: &Made, id: &str) -> String {
    made.pathway
        .steps
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_owned(), |s| s.name.clone())
}

/// The headline figures in a few lines, as `report` and `compare` print them.
pub fn capacity_brief(made: &Made) -> String {
    let f = &made.figures;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<32} {} a week against {} slots (load {})",
        "Demand for slots",
        grouped(f.demand_per_week, 1),
        grouped_trimmed(f.slots_per_week, 1),
        grouped(f.load, 2)
    );
    let _ = writeln!(
        out,
        "{:<32} {} a week for the {}-week target",
        "Slots needed",
        grouped(f.target_capacity_per_week, 1),
        grouped_trimmed(f.target_weeks, 1)
    );
    let _ = writeln!(
        out,
        "{:<32} {} weeks ({} days) on average",
        "Wait for a slot",
        grouped(f.mean_wait_weeks, 1),
        grouped(made.wait_days(), 1)
    );
    let _ = writeln!(
        out,
        "{:<32} {} of bookings: {} a year costing {}",
        "Appointment slot issues",
        percent(f.asi_share),
        grouped(made.slot_issues_per_year, 0),
        pounds(made.slot_issue_cost_per_year, 0)
    );
    if made.section_from == SectionFrom::Current {
        let _ = writeln!(
            out,
            "(the proposal has no capacity section: the current pathway's is used, the same clinic)"
        );
    }
    out
}

/// The capacity figures and the projection week by week, for `opmt capacity`.
pub fn capacity_text(made: &Made) -> String {
    let f = &made.figures;
    let c = &made.capacity;
    let p = &f.projection;
    let mut out = String::new();
    let _ = writeln!(out, "{}: will there be a slot?", made.pathway.name);
    let _ = writeln!(
        out,
        "A slot is sought at \"{}\"; a referral that finds none goes to \"{}\".",
        step_name(made, &c.books_at),
        step_name(made, &c.slot_issue)
    );
    if c.wait_step() != c.books_at {
        let _ = writeln!(
            out,
            "The wait for the first appointment is held at \"{}\".",
            step_name(made, c.wait_step())
        );
    }
    if p.is_stochastic() {
        let _ = writeln!(
            out,
            "Projected over {} weeks, {} runs (seed {}); variability (CV) of demand {}, of slots {}.\n",
            p.weeks.len(),
            grouped(f64::from(p.runs), 0),
            p.seed.unwrap_or_default(),
            grouped_trimmed(c.cv_demand, 2),
            grouped_trimmed(c.cv_capacity, 2)
        );
    } else {
        let _ = writeln!(
            out,
            "Projected over {} weeks with no week-to-week variability (one run).\n",
            p.weeks.len()
        );
    }
    let row = |out: &mut String, label: &str, value: String, note: String| {
        let _ = writeln!(out, "{label:<30} {value:>14}   {note}");
    };
    row(
        &mut out,
        "Demand for slots",
        format!("{} a week", grouped(f.demand_per_week, 1)),
        "referrals a year x visits to the booking step / 52".into(),
    );
    row(
        &mut out,
        "Slots published",
        format!("{} a week", grouped_trimmed(f.slots_per_week, 1)),
        format!(
            "{} weeks ahead: {} slots",
            grouped_trimmed(c.horizon_weeks, 1),
            grouped(c.slots_per_week * c.horizon_weeks, 0)
        ),
    );
    row(
        &mut out,
        "Load",
        grouped(f.load, 2),
        "demand / slots; above 1 the waiting list grows".into(),
    );
    row(
        &mut out,
        "Slots needed for the target",
        format!("{} a week", grouped(f.target_capacity_per_week, 1)),
        format!(
            "mean wait {} weeks: the {}-week target / {} (Kingman)",
            grouped_trimmed(f.target_weeks / c.factor, 2),
            grouped_trimmed(f.target_weeks, 1),
            grouped_trimmed(c.factor, 2)
        ),
    );
    row(
        &mut out,
        "Target queue size",
        grouped(f.target_queue_size, 0),
        "people waiting at that mean wait".into(),
    );
    row(
        &mut out,
        "Relief capacity",
        format!("{} a week", grouped(f.relief_capacity_per_week, 1)),
        format!(
            "to bring the {} waiting to the target queue in {} weeks",
            grouped(c.waiting_list, 0),
            grouped_trimmed(f.relief_weeks, 1)
        ),
    );
    row(
        &mut out,
        "Wait for a slot",
        format!("{} weeks", grouped(f.mean_wait_weeks, 1)),
        format!(
            "{} days on average over the weeks projected",
            grouped(made.wait_days(), 1)
        ),
    );
    row(
        &mut out,
        "Waiting-list pressure",
        grouped(f.waiting_list_pressure, 2),
        "2 x mean wait / target; above 1 the target is likely to be missed".into(),
    );
    row(
        &mut out,
        "Appointment slot issues",
        percent(f.asi_share),
        format!(
            "of bookings: {} a year, {} a year at the slot-issue step",
            grouped(made.slot_issues_per_year, 0),
            pounds(made.slot_issue_cost_per_year, 0)
        ),
    );
    let _ = writeln!(
        out,
        "\nCost per referral with these slots: {}",
        pounds(made.report.cost_per_referral, 2)
    );
    let _ = write!(
        out,
        "\n{:>4} {:>14} {:>12} {:>9}",
        "Week", "Waiting list", "Wait (wks)", "No slot"
    );
    if p.is_stochastic() {
        let _ = write!(out, " {:>10} {:>10} {:>10}", "P10", "P50", "P90");
    }
    let _ = writeln!(out);
    for w in &p.weeks {
        let _ = write!(
            out,
            "{:>4} {:>14} {:>12} {:>9}",
            w.week,
            grouped(w.waiting_list, 0),
            grouped(w.wait_weeks, 1),
            percent(w.asi_share)
        );
        if let Some(band) = w.band {
            let _ = write!(
                out,
                " {:>10} {:>10} {:>10}",
                grouped(band.p10, 0),
                grouped(band.p50, 0),
                grouped(band.p90, 0)
            );
        }
        let _ = writeln!(out);
    }
    if p.is_stochastic() {
        let _ = writeln!(
            out,
            "\nThe waiting list, wait and share with no slot are means over the runs; P10, P50 and P90 are of the waiting list."
        );
    }
    out
}
