//! Plain-text tables for the terminal, in £, minutes and days.

use crate::numbers::{grouped, pounds};
use std::fmt::Write;

use crate::analysis::{CostSplit, Report};
use crate::compare::Comparison;

/// A report as text tables: headline, by stage, by role, outcomes, by step.
pub fn report_text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", report.name);
    let _ = writeln!(
        out,
        "{} referrals a year; {} working hours per WTE\n",
        grouped(report.annual_referrals, 0),
        grouped(report.wte_hours, 0)
    );
    let _ = writeln!(out, "{:<24} {:>14} {:>16}", "", "per referral", "per year");
    let _ = writeln!(
        out,
        "{:<24} {:>14} {:>16}",
        "Cost",
        pounds(report.cost_per_referral, 2),
        pounds(report.annual_cost, 0)
    );
    let _ = writeln!(
        out,
        "{:<24} {:>14} {:>16}",
        "  of which consumables",
        pounds(report.consumables_per_referral, 2),
        pounds(report.consumables_per_referral * report.annual_referrals, 0)
    );
    for (label, value) in [
        ("  staff, direct rates", report.cost_split.staff_direct),
        ("  staff, capacity", report.cost_split.capacity),
    ] {
        let _ = writeln!(
            out,
            "{:<24} {:>14} {:>16}",
            label,
            pounds(value, 2),
            pounds(value * report.annual_referrals, 0)
        );
    }
    let _ = writeln!(
        out,
        "{:<24} {:>14} {:>16}",
        "Staff time",
        format!("{} min", grouped(report.staff_minutes_per_referral, 1)),
        format!("{} h", grouped(report.annual_staff_hours(), 0))
    );
    let _ = writeln!(
        out,
        "{:<24} {:>14} {:>16}",
        "Elapsed time",
        format!("{} days", grouped(report.elapsed_days, 1)),
        ""
    );
    // The mean whole journey is not a waiting-time measure the NHS reports: say so,
    // and where the wait from receipt to first appointment is measured.
    let _ = writeln!(
        out,
        "  the mean whole journey, from the GP's decision to the end of the pathway; \
         `opmt simulate` measures the wait from receipt to first appointment against \
         the 18-week target"
    );

    let _ = writeln!(
        out,
        "\n{:<16} {:>12} {:>12} {:>10}",
        "By stage", "£/referral", "staff min", "days"
    );
    for s in &report.by_stage {
        let _ = writeln!(
            out,
            "{:<16} {:>12} {:>12} {:>10}",
            s.stage.name(),
            pounds(s.cost, 2),
            grouped(s.staff_minutes, 1),
            grouped(s.elapsed_days, 1)
        );
    }

    let _ = writeln!(
        out,
        "\n{:<46} {:>9} {:>12} {:>10} {:>7}",
        "By role", "min/ref", "£/referral", "hours/yr", "WTE"
    );
    for r in &report.by_role {
        let _ = writeln!(
            out,
            "{:<46} {:>9} {:>12} {:>10} {:>7}",
            clip(&r.name, 46),
            grouped(r.staff_minutes, 1),
            pounds(r.cost, 2),
            grouped(r.annual_hours, 0),
            grouped(r.wte, 2)
        );
    }

    let _ = writeln!(
        out,
        "\n{:<16} {:>12} {:>14} {:>12} {:>9} {:>7}",
        "By organisation", "cash/ref", "direct/ref", "capacity/ref", "staff min", "WTE"
    );
    for o in &report.by_organisation {
        let _ = writeln!(
            out,
            "{:<16} {:>12} {:>14} {:>12} {:>9} {:>7}",
            o.organisation.name(),
            pounds(o.cost_split.cash, 2),
            pounds(o.cost_split.staff_direct, 2),
            pounds(o.cost_split.capacity, 2),
            grouped(o.staff_minutes, 1),
            grouped(o.wte, 2)
        );
    }

    let _ = writeln!(out, "\n{:<44} {:>12}", "Outcome", "share");
    for o in &report.outcomes {
        let label = match o.outcome {
            Some(kind) => format!("{} ({})", o.name, kind.name()),
            None => o.name.clone(),
        };
        let _ = writeln!(
            out,
            "{:<44} {:>11}%",
            clip(&label, 44),
            grouped(o.probability * 100.0, 1)
        );
    }

    let _ = writeln!(
        out,
        "\n{:<40} {:>7} {:>9} {:>10} {:>8}",
        "By step", "visits", "staff min", "£/referral", "days"
    );
    for s in &report.steps {
        let _ = writeln!(
            out,
            "{:<40} {:>7} {:>9} {:>10} {:>8}",
            clip(&s.name, 40),
            grouped(s.visits, 3),
            grouped(s.staff_minutes, 1),
            pounds(s.cost(), 2),
            grouped(s.elapsed_days, 1)
        );
    }
    out
}

/// The proposed roles costed at another rate than their own, or under another role's
/// name, and those with no counterpart (they keep their own rate).
fn rate_card_text(out: &mut String, c: &Comparison) {
    let notable: Vec<_> = c.role_map.iter().filter(|m| m.is_notable()).collect();
    if notable.is_empty() {
        return;
    }
    let _ = writeln!(out, "Rate card (the proposed pathway's roles as costed):");
    for m in notable {
        let _ = writeln!(out, "  {}", m.describe());
    }
    out.push('\n');
}

/// A comparison as text: the saving by kind of money (with its range, when the
/// uncertainty run is given), then the savings by stage and by role.
pub fn comparison_text(c: &Comparison, range: Option<&crate::uncertainty::Uncertainty>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Current:  {}", c.current.name);
    let _ = writeln!(out, "Proposed: {}", c.proposed.name);
    let _ = writeln!(
        out,
        "Both at {} referrals a year and the current pathway's rate card\n",
        grouped(c.current.annual_referrals, 0)
    );
    super::business::classes_text(&mut out, &c.classes(), range);
    let _ = writeln!(
        out,
        "  Days per referral: {}\n",
        crate::classes::quicker_or_slower(c.days_saved)
    );
    let [current_out, proposed_out] = c.clinical_left_out;
    if current_out > 0.0 || proposed_out > 0.0 {
        let _ = writeln!(
            out,
            "Clinical time marked out of scope, left out of both: {} a referral current, {} proposed\n",
            pounds(current_out, 2),
            pounds(proposed_out, 2)
        );
    }
    rate_card_text(&mut out, c);
    let row = |out: &mut String, label: &str, cur: String, pro: String, saving: String| {
        let _ = writeln!(out, "{label:<26} {cur:>14} {pro:>14} {saving:>14}");
    };
    row(
        &mut out,
        "",
        "current".into(),
        "proposed".into(),
        "saving".into(),
    );
    row(
        &mut out,
        "Cost per referral",
        pounds(c.current.cost_per_referral, 2),
        pounds(c.proposed.cost_per_referral, 2),
        pounds(c.saving_per_referral, 2),
    );
    let (cur, pro, saving) = (
        &c.current.cost_split,
        &c.proposed.cost_split,
        &c.saving_split,
    );
    for (label, part) in [
        (
            "  cash (consumables)",
            (|s| s.cash) as fn(&CostSplit) -> f64,
        ),
        ("  staff, direct rates", |s| s.staff_direct),
        ("  capacity", |s| s.capacity),
    ] {
        row(
            &mut out,
            label,
            pounds(part(cur), 2),
            pounds(part(pro), 2),
            pounds(part(saving), 2),
        );
    }
    row(
        &mut out,
        "Cost a year (economic)",
        pounds(c.current.annual_cost, 0),
        pounds(c.proposed.annual_cost, 0),
        pounds(c.annual_saving, 0),
    );
    row(
        &mut out,
        "Staff minutes per referral",
        grouped(c.current.staff_minutes_per_referral, 1),
        grouped(c.proposed.staff_minutes_per_referral, 1),
        grouped(c.staff_minutes_saved_per_referral, 1),
    );
    row(
        &mut out,
        "Staff hours a year",
        grouped(c.current.annual_staff_hours(), 0),
        grouped(c.proposed.annual_staff_hours(), 0),
        grouped(
            c.current.annual_staff_hours() - c.proposed.annual_staff_hours(),
            0,
        ),
    );
    row(
        &mut out,
        "WTE",
        grouped(c.current.total_wte(), 2),
        grouped(c.proposed.total_wte(), 2),
        grouped(c.wte_released(), 2),
    );
    row(
        &mut out,
        "Elapsed days per referral",
        grouped(c.current.elapsed_days, 1),
        grouped(c.proposed.elapsed_days, 1),
        grouped(c.days_saved, 1),
    );

    saving_by_organisation_text(&mut out, c);

    let _ = writeln!(
        out,
        "\n{:<16} {:>14} {:>12} {:>10}",
        "Saving by stage", "£/referral", "staff min", "days"
    );
    for s in &c.by_stage {
        let _ = writeln!(
            out,
            "{:<16} {:>14} {:>12} {:>10}",
            s.stage.name(),
            pounds(s.cost_saving, 2),
            grouped(s.staff_minutes_saved, 1),
            grouped(s.days_saved, 1)
        );
    }

    let _ = writeln!(
        out,
        "\n{:<50} {:>9} {:>12} {:>10} {:>8}",
        "Released by role", "min/ref", "£/referral", "hours/yr", "WTE"
    );
    for r in &c.by_role {
        let name = match (r.in_current, r.in_proposed) {
            (true, false) => format!("{} (current only)", r.name),
            (false, true) => format!("{} (proposed only)", r.name),
            _ => r.name.clone(),
        };
        let _ = writeln!(
            out,
            "{:<50} {:>9} {:>12} {:>10} {:>8}",
            clip(&name, 50),
            grouped(r.staff_minutes_saved, 1),
            pounds(r.cost_saving, 2),
            grouped(r.annual_hours_released, 0),
            grouped(r.wte_released, 2)
        );
    }
    out
}

/// The saving a year in its three lines (cash, staff time at direct rates, capacity),
/// by organisation and in total.
fn saving_by_organisation_text(out: &mut String, c: &Comparison) {
    let n = c.current.annual_referrals;
    let _ = writeln!(
        out,
        "\n{:<18} {:>12} {:>14} {:>12} {:>12} {:>7}",
        "Saving a year", "cash", "staff direct", "capacity", "total", "WTE"
    );
    let line = |out: &mut String, label: &str, split: CostSplit, wte: f64| {
        let _ = writeln!(
            out,
            "{:<18} {:>12} {:>14} {:>12} {:>12} {:>7}",
            label,
            pounds(split.cash, 0),
            pounds(split.staff_direct, 0),
            pounds(split.capacity, 0),
            pounds(split.total(), 0),
            grouped(wte, 2)
        );
    };
    for o in &c.by_organisation {
        line(
            out,
            o.organisation.name(),
            o.saving_split.scaled(n),
            o.wte_released,
        );
    }
    line(out, "Total", c.annual_saving_split(), c.wte_released());
}

/// Cuts a label to `width` characters, marking the cut with an ellipsis.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// A simulation as text: distributions of days and cost, the 18-week share, outcomes.
pub fn simulation_text(name: &str, r: &crate::simulate::SimulationResult, seconds: f64) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{name}");
    let _ = writeln!(
        out,
        "{} referrals simulated (seed {}) in {:.2} s, {} referrals a second\n",
        grouped(r.referrals as f64, 0),
        r.seed,
        seconds,
        grouped(r.referrals as f64 / seconds.max(1e-9), 0)
    );
    let _ = writeln!(
        out,
        "{:<22} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "", "mean", "P50", "P90", "P92", "P95"
    );
    distribution_row(&mut out, "Elapsed days", &r.elapsed_days, |v| grouped(v, 1));
    distribution_row(&mut out, "Cost per referral", &r.cost_per_referral, |v| {
        pounds(v, 2)
    });
    let _ = writeln!(
        out,
        "\nWithin 18 weeks (126 days): {}% of whole journeys, from the GP's decision to the end (not an RTT figure: RTT clocks start at receipt)",
        grouped(r.within_126_days * 100.0, 1)
    );
    let f = &r.first_appointment;
    let _ = writeln!(
        out,
        "Receipt to first appointment: {}% of referrals seen, after {} days on average; {}% of them within 18 weeks (target: {})",
        grouped(f.measured * 100.0, 1),
        grouped(f.mean_days, 1),
        grouped(f.within_126_days * 100.0, 1),
        crate::simulate::FIRST_APPOINTMENT_TARGET
    );
    let _ = writeln!(
        out,
        "Within the target of {} days: {}%",
        grouped(r.target_days, 0),
        grouped(r.within_target_days * 100.0, 1)
    );
    let _ = writeln!(out, "\n{:<44} {:>10}", "Outcome", "share");
    for (id, share) in &r.outcomes {
        let _ = writeln!(
            out,
            "{:<44} {:>9}%",
            clip(id, 44),
            grouped(share * 100.0, 2)
        );
    }
    let _ = writeln!(
        out,
        "\n{:<44} {:>10}",
        "Staff minutes per referral by role", "mean"
    );
    for (id, minutes) in &r.staff_minutes_by_role {
        let _ = writeln!(out, "{:<44} {:>10}", clip(id, 44), grouped(*minutes, 2));
    }
    out
}

/// One row of a simulation table: the mean and percentiles of a distribution.
fn distribution_row(
    out: &mut String,
    label: &str,
    d: &crate::simulate::Distribution,
    format: impl Fn(f64) -> String,
) {
    let _ = writeln!(
        out,
        "{:<22} {:>10} {:>10} {:>10} {:>10} {:>10}",
        label,
        format(d.mean),
        format(d.p50),
        format(d.p90),
        format(d.p92),
        format(d.p95)
    );
}

/// Sensitivity swings as a table, largest first.
pub fn sensitivity_text(swings: &[crate::sensitivity::Swing]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<18} {:<24} {:>9} {:>9} {:>11} {:>11} {:>9} {:>9}",
        "Step", "Input", "low", "high", "£ at low", "£ at high", "days lo", "days hi"
    );
    for s in swings {
        let _ = writeln!(
            out,
            "{:<18} {:<24} {:>9} {:>9} {:>11} {:>11} {:>9} {:>9}",
            clip(&s.step, 18),
            clip(&s.parameter.name(), 24),
            grouped(s.low, 3),
            grouped(s.high, 3),
            pounds(s.cost_low, 2),
            pounds(s.cost_high, 2),
            grouped(s.days_low, 1),
            grouped(s.days_high, 1)
        );
    }
    out
}

/// The options appraisal as a table: the current process, then one column per
/// option, the best option in each row marked with `*`.
pub fn options_text(comparisons: &[Comparison]) -> String {
    use crate::numbers::grouped;
    use crate::series::options_table;
    let mut out = String::new();
    let Some(first) = comparisons.first() else {
        return out;
    };
    let _ = writeln!(out, "Current: {}", first.current.name);
    for (i, c) in comparisons.iter().enumerate() {
        let _ = writeln!(out, "Option {}: {}", i + 1, c.proposed.name);
    }
    let _ = writeln!(
        out,
        "All at {} referrals a year (the current process's); * marks the best option\n",
        grouped(first.current.annual_referrals, 0)
    );
    let _ = write!(out, "{:<28}{:>14}", "", "current");
    for i in 0..comparisons.len() {
        let _ = write!(out, "{:>15}", format!("option {}", i + 1));
    }
    out.push('\n');
    for row in options_table(comparisons) {
        let current = row.current.map_or_else(String::new, |v| row.unit.write(v));
        let _ = write!(out, "{:<28}{current:>14}", row.label);
        let marked = row.marked();
        for (i, &v) in row.options.iter().enumerate() {
            let mark = if marked[i] { "*" } else { " " };
            let _ = write!(out, "{:>14}{mark}", row.unit.write(v));
        }
        out.push('\n');
    }
    out
}
