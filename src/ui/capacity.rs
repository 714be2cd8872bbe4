//! The Capacity results: for each pathway whose capacity section applies, the
//! demand for slots against the slots published (load, target and relief
//! capacity, the slots a week the target needs beside today's), the waiting list
//! over the weeks with its P10-P90 band, the wait against the target, the share of
//! referrals finding no slot by week, and what slot issues cost a year against the
//! slots a week. The figures are [`crate::capacity`]'s; the last chart's curve is
//! worked out in the background (see [`crate::session::Session::capacity_curve`]),
//! and said to be updating while it catches up with an edit.

use egui::{Grid, Ui};
use egui_plot::{FilledArea, HLine, Line, PlotPoints, VLine};

use super::chart_frame;
use super::charts;
use crate::app::context::Actions;
use crate::capacity::{Made, SectionFrom};
use crate::numbers::{grouped, pounds};
use crate::session::Curve;

/// Height of each capacity chart, in points.
const CHART_HEIGHT: f32 = 170.0;

/// What the Capacity tab reads.
pub struct CapacityCtx<'a> {
    /// Names of the current process and the option in view.
    pub names: &'a [String; 2],
    /// Each as capacity makes it, where a section applies.
    pub made: [Option<&'a Made>; 2],
    /// Each one's slot-issue cost against the slots a week, as last worked out.
    pub curves: [Option<Curve<'a>>; 2],
    /// Where *Save as PNG…* queues its command.
    pub actions: &'a mut Actions,
}

/// The tab: each pathway with a section, current process first.
pub fn capacity_ui(ui: &mut Ui, ctx: CapacityCtx<'_>) {
    if ctx.made.iter().all(Option::is_none) {
        ui.label(
            "Neither pathway has a capacity section, so the share of referrals finding no \
             slot and the wait for the first appointment are the figures typed on the \
             steps. Add one in Roles and settings (Capacity) to work them out from the \
             slots published a week.",
        );
        return;
    }
    for (k, side) in ["Current process", "Option"].into_iter().enumerate() {
        let Some(made) = ctx.made[k] else { continue };
        ui.heading(format!("{side}: {}", ctx.names[k]));
        if made.section_from == SectionFrom::Current {
            ui.weak("No capacity section of its own: the current process's (the same clinic).");
        }
        figures_ui(ui, k, made);
        ui.add_space(6.0);
        charts_ui(ui, k, made, ctx.curves[k], ctx.actions);
        ui.add_space(14.0);
    }
}

/// The figures in a grid: demand against slots, the target, the slot issues.
fn figures_ui(ui: &mut Ui, k: usize, made: &Made) {
    let f = &made.figures;
    let c = &made.capacity;
    let rows: [(&str, String, &str); 9] = [
        (
            "Demand for slots",
            format!("{} a week", grouped(f.demand_per_week, 1)),
            "Referrals a year × visits to the booking step per referral / 52",
        ),
        (
            "Slots published",
            format!("{} a week", grouped(f.slots_per_week, 1)),
            "The capacity section's slots a week",
        ),
        (
            "Load",
            format!("{:.2}", f.load),
            "Demand / slots: above 1 the waiting list grows",
        ),
        (
            "Slots a week needed for the target",
            format!(
                "{} (today {})",
                grouped(f.target_capacity_per_week, 1),
                grouped(f.slots_per_week, 1)
            ),
            "Target capacity (Kingman): demand + (CV demand² + CV slots²) / 2 × factor / target weeks",
        ),
        (
            "Relief capacity",
            format!(
                "{} a week for {} weeks",
                grouped(f.relief_capacity_per_week, 1),
                grouped(f.relief_weeks, 0)
            ),
            "The slots a week that bring the waiting list to the target queue size in that time",
        ),
        (
            "Target queue size",
            grouped(f.target_queue_size, 0),
            "Demand × target weeks / factor: the list at the mean wait aimed for",
        ),
        (
            "Mean wait for a first appointment",
            format!(
                "{} weeks (target {} weeks, mean aimed for {})",
                grouped(f.mean_wait_weeks, 1),
                grouped(c.target_weeks, 0),
                grouped(c.target_weeks / c.factor, 1)
            ),
            "Waiting list / slots a week, averaged over the weeks projected",
        ),
        (
            "Waiting-list pressure",
            format!("{:.2}", f.waiting_list_pressure),
            "2 × mean wait / target: above 1 the list is likely to miss its target",
        ),
        (
            "Slot issues",
            format!(
                "{:.1}% of tries; {} a year costing {}",
                f.asi_share * 100.0,
                grouped(made.slot_issues_per_year, 0),
                pounds(made.slot_issue_cost_per_year, 0)
            ),
            "The mean share of referrals that find no slot, which sets the link to the slot-issue step",
        ),
    ];
    Grid::new(("capacity_figures", k))
        .striped(true)
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (label, value, hover) in rows {
                ui.label(label).on_hover_text(hover);
                ui.strong(value).on_hover_text(hover);
                ui.end_row();
            }
        });
    let p = &made.figures.projection;
    ui.weak(if p.is_stochastic() {
        format!(
            "{} weeks, {} seeded runs: the lines are means, the band P10 to P90.",
            p.weeks.len(),
            grouped(f64::from(p.runs), 0)
        )
    } else {
        format!("{} weeks, no variability: one run.", p.weeks.len())
    });
}

/// The waiting list with its band, the wait against the target, the slot-issue
/// share by week, and the slot-issue cost against the slots a week.
fn charts_ui(ui: &mut Ui, k: usize, made: &Made, curve: Option<Curve<'_>>, actions: &mut Actions) {
    let weeks = &made.figures.projection.weeks;
    let xs: Vec<f64> = weeks.iter().map(|w| f64::from(w.week)).collect();
    let series = |f: fn(&crate::capacity::Week) -> f64| -> PlotPoints<'static> {
        weeks.iter().map(|w| [f64::from(w.week), f(w)]).collect()
    };
    let target_queue = made.figures.target_queue_size;
    ui.strong("Waiting list for a first appointment, by week");
    chart_frame::chart_ui(ui, &format!("capacity-waiting-list-{k}"), actions, |ui| {
        let plot = charts::base_plot(&format!("capacity-waiting-list-{k}"))
            .height(CHART_HEIGHT)
            .x_axis_label("week")
            .y_axis_formatter(|mark, _| grouped(mark.value, 0))
            .include_y(0.0)
            .show(ui, |plot_ui| {
                if weeks.iter().all(|w| w.band.is_some()) {
                    let band = |f: fn(&crate::capacity::Band) -> f64| -> Vec<f64> {
                        weeks
                            .iter()
                            .filter_map(|w| w.band.as_ref().map(f))
                            .collect()
                    };
                    plot_ui.add(
                        FilledArea::new("P10 to P90", &xs, &band(|b| b.p10), &band(|b| b.p90))
                            .fill_color(egui::Color32::from_rgba_unmultiplied(70, 130, 200, 70)),
                    );
                }
                plot_ui.line(Line::new("Waiting list", series(|w| w.waiting_list)).width(2.0));
                plot_ui.hline(HLine::new("Target queue size", target_queue));
            });
        charts::label_plot(&plot, "Waiting list for a first appointment, by week");
        plot.response
    });
    let target = made.capacity.target_weeks;
    ui.strong("Wait in weeks for a referral joining, by week, against the target");
    chart_frame::chart_ui(ui, &format!("capacity-wait-{k}"), actions, |ui| {
        let plot = charts::base_plot(&format!("capacity-wait-{k}"))
            .height(CHART_HEIGHT)
            .x_axis_label("week")
            .y_axis_label("weeks")
            .include_y(0.0)
            .show(ui, |plot_ui| {
                plot_ui.line(
                    Line::new("Wait for a first appointment", series(|w| w.wait_weeks)).width(2.0),
                );
                plot_ui.hline(HLine::new(
                    format!("Target {} weeks", grouped(target, 0)),
                    target,
                ));
            });
        charts::label_plot(
            &plot,
            "Wait in weeks for a referral joining, by week, against the target",
        );
        plot.response
    });
    ui.strong("Share of referrals finding no slot, by week");
    chart_frame::chart_ui(ui, &format!("capacity-asi-share-{k}"), actions, |ui| {
        let plot = charts::base_plot(&format!("capacity-asi-share-{k}"))
            .height(CHART_HEIGHT)
            .x_axis_label("week")
            .y_axis_label("% finding no slot")
            .include_y(0.0)
            .show(ui, |plot_ui| {
                plot_ui.line(Line::new("Slot issues", series(|w| w.asi_share * 100.0)).width(2.0));
            });
        charts::label_plot(&plot, "Share of referrals finding no slot, by week");
        plot.response
    });
    let Some(curve) = curve.filter(|c| !c.points.is_empty()) else {
        ui.weak("Working out the slot-issue cost against the slots a week…");
        return;
    };
    let now = made.figures.slots_per_week;
    let needed = made.figures.target_capacity_per_week;
    ui.horizontal(|ui| {
        ui.strong("What slot issues cost a year against the slots a week");
        if !curve.is_current {
            ui.weak("updating…")
                .on_hover_text("The curve of this pathway before its latest edits");
        }
    });
    chart_frame::chart_ui(ui, &format!("capacity-asi-cost-{k}"), actions, |ui| {
        let points: PlotPoints<'_> = curve
            .points
            .iter()
            .map(|p| [p.slots_per_week, p.slot_issue_cost_per_year])
            .collect();
        let plot = charts::base_plot(&format!("capacity-asi-cost-{k}"))
            .height(CHART_HEIGHT)
            .x_axis_label("slots a week")
            .y_axis_formatter(|mark, _| charts::short_pounds(mark.value))
            .include_y(0.0)
            .show(ui, |plot_ui| {
                plot_ui.line(Line::new("Slot issues, £ a year", points).width(2.0));
                plot_ui.vline(VLine::new(format!("Today {}", grouped(now, 0)), now));
                plot_ui.vline(VLine::new(
                    format!("Needed for the target {}", grouped(needed, 0)),
                    needed,
                ));
            });
        charts::label_plot(
            &plot,
            "What slot issues cost a year against the slots a week",
        );
        plot.response
    });
}
