//! The simulated elapsed days: overlaid histograms, percentiles and the share
//! within 18 weeks.

use super::*;
use crate::numbers::{grouped, percent};

pub(super) fn histogram_ui(ui: &mut Ui, run: &Run) -> egui::Response {
    ui.label(RichText::new("Days from referral to the end of the pathway").strong());
    let upto_days = visible_days(&run.results);
    let legend_text = if ui.available_width() > 900.0 {
        egui::TextStyle::Body
    } else {
        egui::TextStyle::Small
    };
    let series = [
        ("Current", &run.results[0], CURRENT_COLOUR),
        ("Proposed", &run.results[1], PROPOSED_COLOUR),
    ];
    let plot = charts::base_plot("variability-histogram")
        .height(charts::CHART_HEIGHT + 50.0)
        .legend(
            Legend::default()
                .position(egui_plot::Corner::RightTop)
                .text_style(legend_text)
                .follow_insertion_order(true),
        )
        .x_axis_label("days from referral to end")
        .y_axis_label("share of referrals a week")
        .x_axis_formatter(|mark, _| grouped(mark.value, 0))
        .y_axis_formatter(|mark, _| percent_mark(mark.value, mark.step_size))
        .label_formatter(histogram_hover)
        .include_x(0.0)
        .include_x(upto_days)
        .include_y(0.0)
        .show(ui, |plot_ui| {
            for (name, result, colour) in series {
                let histogram = &result.days_histogram;
                let weeks = weekly_shares(&histogram.shares, histogram.bin_days, upto_days);
                plot_ui.bar_chart(
                    BarChart::new(name, week_bars(name, &weeks, colour))
                        .color(colour)
                        .element_formatter(Box::new(|bar: &Bar, _| bar.name.clone())),
                );
            }
            marker_lines(plot_ui, series);
        });
    charts::label_plot(&plot, "Histogram of days from referral to end");
    plot.response
}

/// The P50 and P92 of each pathway and the 18-week mark, as vertical lines named
/// with their values for the legend.
pub(super) fn marker_lines(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    series: [(&str, &SimulationResult, Color32); 2],
) {
    for (name, result, colour) in series {
        let days = &result.elapsed_days;
        for (what, value, style) in [
            ("P50", days.p50, LineStyle::dashed_loose()),
            ("P92", days.p92, LineStyle::Solid),
        ] {
            let label = format!("{name} {what}: {} days", grouped(value, 1));
            plot_ui.vline(
                VLine::new(label, value)
                    .color(colour)
                    .width(2.0)
                    .style(style),
            );
        }
    }
    plot_ui.vline(
        VLine::new("18 weeks", EIGHTEEN_WEEKS_DAYS)
            .color(EIGHTEEN_WEEKS_COLOUR)
            .width(2.0)
            .style(LineStyle::dotted_dense()),
    );
}

/// Hover text on the histogram's marker lines (bars have their own).
pub(super) fn histogram_hover(position: &HoverPosition<'_>) -> Option<String> {
    match position {
        HoverPosition::NearDataPoint { plot_name, .. } => Some((*plot_name).to_owned()),
        HoverPosition::Elsewhere { .. } => None,
    }
}

/// An axis mark for a share: "5%", or "0.5%" when the marks are closer than 1%.
pub(super) fn percent_mark(share: f64, step: f64) -> String {
    let decimals = if step < 0.01 { 1 } else { 0 };
    format!("{}%", grouped(share * 100.0, decimals))
}

/// Days the histogram shows: past where 99% of referrals of both pathways have
/// finished, and past the 18 weeks, rounded up to a whole week.
pub(super) fn visible_days(results: &[SimulationResult; 2]) -> f64 {
    let finished_99 = results
        .iter()
        .map(|r| day_reaching(&r.days_histogram.shares, r.days_histogram.bin_days, 0.99))
        .fold(0.0, f64::max);
    let days = (finished_99 * 1.1).max(EIGHTEEN_WEEKS_DAYS + 2.0 * BIN_DAYS);
    (days / BIN_DAYS).ceil() * BIN_DAYS
}

/// The day by which `share` of referrals have finished (the end of the bin that
/// reaches it), or the end of the histogram.
pub(super) fn day_reaching(shares: &[f64], bin_days: f64, share: f64) -> f64 {
    let mut running = 0.0;
    for (i, s) in shares.iter().enumerate() {
        running += s;
        if running >= share {
            return (i + 1) as f64 * bin_days;
        }
    }
    shares.len() as f64 * bin_days
}

/// The histogram's shares added up into weeks, up to `upto_days`.
pub(super) fn weekly_shares(shares: &[f64], bin_days: f64, upto_days: f64) -> Vec<f64> {
    let weeks = (upto_days / BIN_DAYS).ceil().max(1.0) as usize;
    let mut weekly = vec![0.0; weeks];
    for (i, share) in shares.iter().enumerate() {
        let week = ((i as f64 * bin_days) / BIN_DAYS).floor() as usize;
        if let Some(w) = weekly.get_mut(week) {
            *w += share;
        }
    }
    weekly
}

/// One bar a week, semi-transparent so the other pathway shows through.
pub(super) fn week_bars(name: &str, weeks: &[f64], colour: Color32) -> Vec<Bar> {
    weeks
        .iter()
        .enumerate()
        .filter(|(_, share)| **share > 0.0)
        .map(|(week, &share)| {
            let start = week as f64 * BIN_DAYS;
            Bar::new(start + BIN_DAYS / 2.0, share)
                .width(BIN_DAYS)
                .fill(colour.gamma_multiply(0.45))
                .stroke(Stroke::new(1.0, colour))
                .name(format!(
                    "{name}, days {} to {}: {} of referrals",
                    grouped(start, 0),
                    grouped(start + BIN_DAYS, 0),
                    percent_1dp(share)
                ))
        })
        .collect()
}

pub(super) fn within_ui(ui: &mut Ui, run: &Run) {
    let [current, proposed] = &run.results;
    ui.label(
        RichText::new(format!(
            "Within 18 weeks: {} current, {} proposed; standard {}",
            percent_1dp(current.within_126_days),
            percent_1dp(proposed.within_126_days),
            percent(STANDARD_SHARE)
        ))
        .size(22.0)
        .strong(),
    )
    .on_hover_text("Whole journeys, from the GP's decision to the end: not an RTT figure (RTT clocks start when the provider has the referral)");
    let (a, b) = (&current.first_appointment, &proposed.first_appointment);
    ui.label(format!(
        "Receipt to first appointment within 18 weeks: {} current, {} proposed (of those seen, after {:.1} and {:.1} days on average); target {}",
        percent_1dp(a.within_126_days),
        percent_1dp(b.within_126_days),
        a.mean_days,
        b.mean_days,
        crate::simulate::FIRST_APPOINTMENT_TARGET
    ))
    .on_hover_text("As the NHS measures waits: the clock starts when the provider has the referral (for an e-RS booking or a slot issue, the booking) and stops at the first appointment attended; referrals discharged after a first-appointment DNA leave the measure");
}

/// A share as a percentage with one decimal: "71.2%".
pub(super) fn percent_1dp(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

pub(super) fn table_ui(ui: &mut Ui, run: &Run) {
    let [current, proposed] = &run.results;
    let rows = [
        ("Current: days", current.elapsed_days, Measure::Days),
        ("Proposed: days", proposed.elapsed_days, Measure::Days),
        (
            "Current: £ per referral",
            current.cost_per_referral,
            Measure::Cost,
        ),
        (
            "Proposed: £ per referral",
            proposed.cost_per_referral,
            Measure::Cost,
        ),
    ];
    egui::Grid::new("variability-table")
        .striped(true)
        .num_columns(6)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            for title in ["", "Mean", "P50", "P90", "P92", "P95"] {
                ui.label(RichText::new(title).strong());
            }
            ui.end_row();
            for (name, d, measure) in rows {
                ui.label(name);
                for value in [d.mean, d.p50, d.p90, d.p92, d.p95] {
                    ui.label(measure_text(measure, value));
                }
                ui.end_row();
            }
        });
    ui.weak("P92: 92% of referrals finish within this; the 18-week standard asks for 126 days.");
}
