//! The Appraisal results: the option's net present value over its period (overall
//! and for cash alone), discounted payback and benefit-cost ratio, the year-by-year
//! table and cumulative discounted cash flow, the 90% ranges from the uncertainty run
//! and the tornado of what moves the saving (both worked out in the background: the
//! last ones for these pathways, marked while newer ones are on their way).

use egui::{Color32, Grid, RichText, Ui};
use egui_plot::{Bar, BarChart, Line, PlotPoints, VLine};

use super::charts;
use super::headline::RANGE_UPDATING;
use crate::business::BusinessCase;
use crate::numbers::{grouped, percent, pounds};
use crate::render::business::{interval, payback_words};
use crate::session::Ranges;
use crate::uncertainty::{Spread, Swing};

/// How many inputs the tornado of the saving shows.
const TORNADO_ROWS: usize = 12;

/// The Appraisal tab: `case`'s exact figures, and `ranges`, its ranges as last worked
/// out.
pub fn appraisal_ui(ui: &mut Ui, case: &BusinessCase, ranges: Option<Ranges<'_>>) {
    points_ui(ui, case, ranges);
    ui.add_space(10.0);
    ui.strong("Year by year (£; cumulative is discounted)");
    years_ui(ui, case);
    ui.add_space(10.0);
    cash_flow_ui(ui, case);
    ui.add_space(12.0);
    ranges_ui(ui, ranges);
    if let Some(r) = ranges {
        ui.add_space(12.0);
        tornado_ui(
            ui,
            &r.uncertainty.tornado,
            r.uncertainty.saving_per_referral.p50,
        );
    }
}

fn points_ui(ui: &mut Ui, case: &BusinessCase, ranges: Option<Ranges<'_>>) {
    let (a, inv) = (&case.appraisal, &case.investment);
    ui.label(format!(
        "Over {} years at {} real (Green Book), optimism bias {} on costs. Year 0 is \
         undiscounted; year t is divided by (1 + rate)^t; benefits ramp in from year 1.",
        inv.years,
        percent(inv.discount_rate),
        percent(inv.optimism_bias)
    ));
    if !case.has_investment {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "This option's file has no investment, so no costs are counted: add \
             investment: (one_off: [...], recurring: [...]) to the option's file (see the \
             README) for an appraisal a finance director can sign.",
        );
    }
    let mut npv_range = ranges
        .and_then(|r| r.uncertainty.npv)
        .filter(|s| !s.is_point())
        .map(|s| format!("90% range {}", interval(&s, 0)))
        .unwrap_or_default();
    if ranges.is_none_or(|r| !r.is_current) {
        npv_range = [npv_range.as_str(), RANGE_UPDATING]
            .iter()
            .filter(|t| !t.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
    }
    Grid::new("appraisal_points").num_columns(3).show(ui, |ui| {
        let mut row = |label: &str, value: String, note: String| {
            ui.label(label);
            ui.label(RichText::new(value).size(18.0).strong());
            ui.weak(note);
            ui.end_row();
        };
        row("Net present value", pounds(a.npv, 0), npv_range);
        row(
            "NPV of cash alone",
            pounds(a.npv_cash, 0),
            "cash-releasing benefit less every cost".into(),
        );
        row("Discounted payback", payback_words(a), String::new());
        row(
            "Benefit-cost ratio",
            a.benefit_cost_ratio
                .map_or("no costs".into(), |r| grouped(r, 2)),
            format!(
                "benefits {} against costs {}, discounted",
                pounds(a.pv_benefits, 0),
                pounds(a.pv_costs, 0)
            ),
        );
    });
}

fn years_ui(ui: &mut Ui, case: &BusinessCase) {
    Grid::new("appraisal_years")
        .striped(true)
        .num_columns(7)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Year");
            for title in [
                "Costs",
                "Cash",
                "Non-cash",
                "Net",
                "Discount factor",
                "Cumulative",
            ] {
                title_cell(ui, title);
            }
            ui.end_row();
            for y in &case.appraisal.years {
                ui.label(y.year.to_string());
                for v in [y.costs, y.cash_benefit, y.non_cash_benefit, y.net] {
                    cell(ui, &pounds(v, 0));
                }
                cell(ui, &format!("{:.4}", y.discount_factor));
                cell(ui, &pounds(y.cumulative_discounted, 0));
                ui.end_row();
            }
        });
}

/// A figure right-aligned in a column of fixed width (a grid's last column would
/// otherwise take the rest of the panel).
fn cell(ui: &mut Ui, text: &str) {
    right_aligned(ui, RichText::new(text).monospace());
}

/// A column's title, right-aligned over its figures.
fn title_cell(ui: &mut Ui, title: &str) {
    right_aligned(ui, RichText::new(title).strong());
}

fn right_aligned(ui: &mut Ui, text: RichText) {
    let size = egui::vec2(CELL_WIDTH, ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(
        size,
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            ui.set_min_width(CELL_WIDTH);
            ui.label(text);
        },
    );
}

/// The width of a figure's column in the tables.
const CELL_WIDTH: f32 = 96.0;

/// Each year's discounted net as a bar, the cumulative as a line.
fn cash_flow_ui(ui: &mut Ui, case: &BusinessCase) {
    let years = &case.appraisal.years;
    let bars: Vec<Bar> = years
        .iter()
        .map(|y| {
            let fill = if y.discounted_net < 0.0 {
                Color32::from_rgb(200, 90, 80)
            } else {
                Color32::from_rgb(70, 140, 90)
            };
            Bar::new(y.year as f64, y.discounted_net)
                .width(0.6)
                .fill(fill)
                .name(format!("Year {}: {}", y.year, pounds(y.discounted_net, 0)))
        })
        .collect();
    let line: PlotPoints = years
        .iter()
        .map(|y| [y.year as f64, y.cumulative_discounted])
        .collect();
    let plot = charts::base_plot("appraisal-cash-flow")
        .height(220.0)
        .x_axis_label("year")
        .y_axis_formatter(|mark, _| charts::short_pounds(mark.value))
        .include_y(0.0)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("Discounted net", bars)
                    .element_formatter(Box::new(|bar: &Bar, _| bar.name.clone())),
            );
            plot_ui.line(Line::new("Cumulative discounted", line).width(2.5));
        });
    charts::label_plot(&plot, "Cumulative discounted cash flow");
}

fn ranges_ui(ui: &mut Ui, ranges: Option<Ranges<'_>>) {
    const TITLE: &str = "How sure: 90% ranges";
    if ranges.is_some_and(|r| r.is_current) {
        ui.strong(TITLE);
    } else {
        ui.horizontal(|ui| {
            ui.strong(TITLE);
            ui.label(RichText::new(RANGE_UPDATING).weak().italics());
        });
    }
    let Some(u) = ranges.map(|r| r.uncertainty) else {
        return;
    };
    if u.inputs == 0 {
        ui.weak(
            "No input has a range, so the figures have no spread: give minutes, unit \
             costs, rates (rate_range), the overhead factor or costs a low and high value.",
        );
        return;
    }
    ui.weak(format!(
        "{} draws of {} uncertain inputs; an input both pathways share is drawn once for \
         both. The option saves in {} of draws and releases cash in {}.",
        grouped(u.draws as f64, 0),
        u.inputs,
        percent(u.probability_saves),
        percent(u.probability_cash)
    ));
    Grid::new("appraisal_ranges")
        .striped(true)
        .num_columns(4)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label("");
            for title in ["P5", "P50", "P95"] {
                title_cell(ui, title);
            }
            ui.end_row();
            let mut row = |label: &str, s: Option<Spread>, decimals: usize| {
                if let Some(s) = s {
                    ui.label(label);
                    for v in [s.p5, s.p50, s.p95] {
                        cell(ui, &pounds(v, decimals));
                    }
                    ui.end_row();
                }
            };
            row("Saving per referral", Some(u.saving_per_referral), 2);
            row("Economic value a year", Some(u.annual_saving), 0);
            row("Cash-releasing a year", Some(u.cash_annual), 0);
            row("Net present value", u.npv, 0);
            row("NPV of cash alone", u.npv_cash, 0);
        });
}

/// The inputs that move the saving per referral most, each across its range.
fn tornado_ui(ui: &mut Ui, swings: &[Swing], median: f64) {
    if swings.is_empty() {
        return;
    }
    ui.strong("What moves the saving per referral most");
    let rows: Vec<&Swing> = swings.iter().take(TORNADO_ROWS).collect();
    let n = rows.len();
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (low, high) = (s.at_low.min(s.at_high), s.at_low.max(s.at_high));
            Bar::new((n - 1 - i) as f64, high - low)
                .base_offset(low)
                .width(0.6)
                .fill(Color32::from_rgb(90, 120, 180))
                .name(format!(
                    "{}: {} at its low end, {} at its high end",
                    s.label,
                    pounds(s.at_low, 2),
                    pounds(s.at_high, 2)
                ))
                .horizontal()
        })
        .collect();
    let axis_width = (ui.available_width() * 0.4).clamp(160.0, 380.0);
    let chars = (axis_width / 7.0) as usize;
    let labels: Vec<String> = rows
        .iter()
        .rev()
        .map(|s| crate::ui::widgets::clipped(&s.label, chars, "…"))
        .collect();
    let plot = charts::base_plot("appraisal-tornado")
        .height(26.0 * n as f32 + 40.0)
        .show_grid([true, false])
        .y_grid_spacer(charts::category_marks(n))
        .y_axis_formatter(charts::category_labels(labels))
        .y_axis_min_width(axis_width)
        .x_axis_label("£ saved per referral")
        .x_axis_formatter(|mark, _| pounds(mark.value, if mark.step_size < 1.0 { 2 } else { 0 }))
        .include_y(-0.5)
        .include_y(n as f64 - 0.5)
        .include_x(median)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("Swings of the saving", bars)
                    .element_formatter(Box::new(|bar: &Bar, _| bar.name.clone())),
            );
            plot_ui.vline(VLine::new(format!("Median {}", pounds(median, 2)), median).width(1.5));
        });
    charts::label_plot(&plot, "Tornado of the saving");
}
