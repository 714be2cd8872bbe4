//! The tables of the runs: the simulation's percentiles and 18-week shares, the
//! capacity projection by week, and the one-way sensitivity.

use super::*;

/// The simulated spread of both pathways: mean and percentiles of days and cost,
/// and the share within 18 weeks.
pub fn percentile_table(results: &[SimulationResult; 2]) -> Table {
    let mut table = Table::new(&["Figure", "Mean", "P50", "P90", "P92", "P95"]);
    let [current, proposed] = results;
    let row = |name: &str, d: Distribution, unit| {
        let mut row = vec![Cell::text(name)];
        row.extend([d.mean, d.p50, d.p90, d.p92, d.p95].map(|v| Cell::Number(v, unit)));
        row
    };
    table.rows = vec![
        row("Current: days", current.elapsed_days, Unit::Days),
        row("Proposed: days", proposed.elapsed_days, Unit::Days),
        row(
            "Current: £ per referral",
            current.cost_per_referral,
            Unit::Pounds,
        ),
        row(
            "Proposed: £ per referral",
            proposed.cost_per_referral,
            Unit::Pounds,
        ),
    ];
    table
}

/// The capacity figures of each side a section applies to (current, proposed):
/// one row a figure, a column a side (empty where no section applies).
pub fn capacity_table(made: [Option<&crate::capacity::Made>; 2]) -> Table {
    let mut table = Table::new(&["Figure", "Current", "Proposed"]);
    type Figure = fn(&crate::capacity::Made) -> f64;
    let rows: [(&str, Unit, Figure); 13] = [
        ("Demand for slots a week", Unit::Count, |m| {
            m.figures.demand_per_week
        }),
        ("Slots published a week", Unit::Count, |m| {
            m.figures.slots_per_week
        }),
        ("Load (demand / slots)", Unit::Count, |m| m.figures.load),
        ("Waiting list at the start", Unit::Whole, |m| {
            m.capacity.waiting_list
        }),
        ("Slots published ahead, weeks", Unit::Count, |m| {
            m.capacity.horizon_weeks
        }),
        ("Target, weeks", Unit::Count, |m| m.capacity.target_weeks),
        ("Target queue size", Unit::Whole, |m| {
            m.figures.target_queue_size
        }),
        (
            "Slots a week needed for the target (Kingman)",
            Unit::Count,
            |m| m.figures.target_capacity_per_week,
        ),
        (
            "Relief capacity a week (target queue in 26 weeks)",
            Unit::Count,
            |m| m.figures.relief_capacity_per_week,
        ),
        (
            "Mean wait for a first appointment, weeks",
            Unit::Count,
            |m| m.figures.mean_wait_weeks,
        ),
        ("Share of referrals finding no slot", Unit::Share, |m| {
            m.figures.asi_share
        }),
        ("Slot issues a year", Unit::Whole, |m| {
            m.slot_issues_per_year
        }),
        ("Slot issues, £ a year", Unit::WholePounds, |m| {
            m.slot_issue_cost_per_year
        }),
    ];
    table.rows = rows
        .iter()
        .map(|(name, unit, f)| {
            let mut row = vec![Cell::text(*name)];
            row.extend(made.map(|m| m.map_or(Cell::Empty, |m| Cell::Number(f(m), *unit))));
            row
        })
        .collect();
    table
}

/// Each week of each side's projection: the waiting list (with P10 and P90 when
/// stochastic), the wait and the share finding no slot.
pub fn capacity_weeks_table(made: [Option<&crate::capacity::Made>; 2]) -> Table {
    let mut table = Table::new(&[
        "Week",
        "Current: waiting list",
        "Current: P10",
        "Current: P90",
        "Current: wait, weeks",
        "Current: no slot",
        "Proposed: waiting list",
        "Proposed: P10",
        "Proposed: P90",
        "Proposed: wait, weeks",
        "Proposed: no slot",
    ]);
    let weeks = made
        .iter()
        .flatten()
        .map(|m| m.figures.projection.weeks.len())
        .max()
        .unwrap_or(0);
    for k in 0..weeks {
        let mut row = vec![Cell::Number((k + 1) as f64, Unit::Whole)];
        for side in made {
            let week = side.and_then(|m| m.figures.projection.weeks.get(k));
            let band = week.and_then(|w| w.band);
            let cells = [
                week.map(|w| (w.waiting_list, Unit::Whole)),
                band.map(|b| (b.p10, Unit::Whole)),
                band.map(|b| (b.p90, Unit::Whole)),
                week.map(|w| (w.wait_weeks, Unit::Count)),
                week.map(|w| (w.asi_share, Unit::Share)),
            ];
            row.extend(cells.map(|c| c.map_or(Cell::Empty, |(v, unit)| Cell::Number(v, unit))));
        }
        table.rows.push(row);
    }
    table
}

/// The share of each pathway's referrals finished within 18 weeks (126 days) and
/// within the target, with the referrals simulated.
pub fn within_table(results: &[SimulationResult; 2]) -> Table {
    let mut table = Table::new(&[
        "Pathway",
        "Referrals simulated",
        "Within 18 weeks",
        "Target days",
        "Within target",
    ]);
    for (name, r) in ["Current", "Proposed"].iter().zip(results) {
        table.rows.push(vec![
            Cell::text(*name),
            Cell::Number(r.referrals as f64, Unit::Whole),
            Cell::Number(r.within_126_days, Unit::Share),
            Cell::Number(r.target_days, Unit::Days),
            Cell::Number(r.within_target_days, Unit::Share),
        ]);
    }
    table
}

/// The one-way sensitivity analysis, largest swing first.
pub fn sensitivity_table(pathway: &Pathway, swings: &[Swing]) -> Table {
    let mut table = Table::new(&[
        "Step",
        "Input",
        "Low",
        "High",
        "£/ref at low",
        "£/ref at high",
        "Days at low",
        "Days at high",
    ]);
    for s in swings {
        let name = pathway
            .steps
            .get(s.step_index)
            .map_or(s.step.as_str(), |st| st.name.as_str());
        table.rows.push(vec![
            Cell::text(name),
            Cell::text(s.parameter.name()),
            Cell::Number(s.low, Unit::Input),
            Cell::Number(s.high, Unit::Input),
            Cell::Number(s.cost_low, Unit::Pounds),
            Cell::Number(s.cost_high, Unit::Pounds),
            Cell::Number(s.days_low, Unit::Days),
            Cell::Number(s.days_high, Unit::Days),
        ]);
    }
    table
}
