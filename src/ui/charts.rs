//! The results charts (egui_plot). Each draws series computed by [`crate::series`]
//! and computes nothing itself; clicking a stage highlights its steps on the map.

use crate::numbers::{grouped, pounds};
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, GridMark, Legend, Plot, PlotPoint, PlotResponse, Text};

use crate::app::context::{Selection, stage_colour};
use crate::model::Stage;
use crate::series::{ElapsedSegment, RoleHours, StageCost, WaterfallBar, WaterfallKind};

/// Height of one chart in points.
pub const CHART_HEIGHT: f32 = 250.0;
/// Colour standing for the current pathway where a chart is not by stage.
pub const CURRENT_COLOUR: Color32 = crate::app::context::rgb(crate::series::CURRENT_RGB);
/// Colour standing for the proposed pathway where a chart is not by stage.
pub const PROPOSED_COLOUR: Color32 = crate::app::context::rgb(crate::series::PROPOSED_RGB);
/// Colour of totals in the waterfall.
const TOTAL_COLOUR: Color32 = Color32::from_rgb(0x42, 0x55, 0x63);

/// A lighter version of a colour, for the proposed pathway's bars.
fn lighter(colour: Color32) -> Color32 {
    colour.gamma_multiply(0.45)
}

/// Short money labels for axes: £950, £12k, £1.2m.
pub fn short_pounds(value: f64) -> String {
    let a = value.abs();
    let sign = if value < 0.0 { "-" } else { "" };
    if a >= 1_000_000.0 {
        format!("{sign}£{:.1}m", a / 1_000_000.0)
    } else if a >= 10_000.0 {
        format!("{sign}£{:.0}k", a / 1_000.0)
    } else if a >= 1_000.0 {
        format!("{sign}£{:.1}k", a / 1_000.0)
    } else {
        format!("{sign}£{a:.0}")
    }
}

/// A stage name short enough for a chart axis.
pub fn axis_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Communication => "Comms",
        other => other.name(),
    }
}

/// A clickable key of stage colours: clicking a stage highlights its steps on the map.
pub fn stage_key_ui(ui: &mut egui::Ui, stages: &[Stage], selection: &mut Selection) {
    ui.horizontal_wrapped(|ui| {
        for &stage in stages {
            let selected = selection.highlight_stage == Some(stage);
            let text = RichText::new(format!("  {}", stage.name()));
            let response = ui.selectable_label(selected, text);
            let dot = response.rect.left_center() + egui::vec2(8.0, 0.0);
            ui.painter().circle_filled(dot, 5.0, stage_colour(stage));
            if response
                .on_hover_text(crate::app::context::stage_description(stage))
                .clicked()
            {
                selection.highlight_stage = (!selected).then_some(stage);
            }
        }
    });
}

fn stage_at(index: f64, stages: &[Stage]) -> Option<Stage> {
    let i = index.round();
    (i >= 0.0 && (i as usize) < stages.len() && (index - i).abs() < 0.5).then(|| stages[i as usize])
}

/// Toggles the highlighted stage when the plot was clicked over a stage.
fn click_to_highlight<R>(
    plot: &PlotResponse<R>,
    stages: &[Stage],
    horizontal: bool,
    selection: &mut Selection,
) {
    if !plot.response.clicked() {
        return;
    }
    let Some(pos) = plot.response.interact_pointer_pos() else {
        return;
    };
    let value = plot.transform.value_from_position(pos);
    let coordinate = if horizontal { value.y } else { value.x };
    if let Some(stage) = stage_at(coordinate, stages) {
        selection.highlight_stage = if selection.highlight_stage == Some(stage) {
            None
        } else {
            Some(stage)
        };
    }
}

/// Gives a plot an accessible name (for screen readers and tests).
pub(crate) fn label_plot<R>(plot: &PlotResponse<R>, name: &str) {
    let name = name.to_owned();
    plot.response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Figure, true, &name));
}

/// A fixed (no zoom or drag) plot of the house style.
pub(crate) fn base_plot(id: &str) -> Plot<'static> {
    Plot::new(id)
        .height(CHART_HEIGHT)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([false, true])
}

fn with_legend(plot: Plot<'static>) -> Plot<'static> {
    plot.legend(Legend::default().position(egui_plot::Corner::RightTop))
}

/// An axis formatter that names category `i` at the whole number `i` (and writes
/// nothing between), for bar charts whose bars stand at 0, 1, 2...
pub(crate) fn category_labels(
    names: Vec<String>,
) -> impl Fn(GridMark, &std::ops::RangeInclusive<f64>) -> String {
    move |mark, _| {
        let i = mark.value.round();
        if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
            names.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    }
}

/// One axis mark per category, at 0, 1, ... n-1, so every category is labelled.
pub(crate) fn category_marks(n: usize) -> impl Fn(egui_plot::GridInput) -> Vec<GridMark> {
    move |_| {
        (0..n)
            .map(|i| GridMark {
                value: i as f64,
                step_size: 1.0,
            })
            .collect()
    }
}

fn outline(selection: &Selection, stage: Stage) -> egui::Stroke {
    if selection.highlight_stage == Some(stage) {
        egui::Stroke::new(3.0, Color32::BLACK)
    } else {
        egui::Stroke::NONE
    }
}

/// Cost per referral by stage, current against proposed (grouped bars).
pub fn cost_by_stage_ui(
    ui: &mut egui::Ui,
    data: &[StageCost],
    selection: &mut Selection,
) -> egui::Response {
    ui.label(RichText::new("Cost per referral by stage").strong());
    let stages: Vec<Stage> = data.iter().map(|d| d.stage).collect();
    let bars = |proposed: bool| -> Vec<Bar> {
        data.iter()
            .enumerate()
            .map(|(i, d)| {
                let (offset, value, fill) = if proposed {
                    (0.2, d.proposed, lighter(stage_colour(d.stage)))
                } else {
                    (-0.2, d.current, stage_colour(d.stage))
                };
                Bar::new(i as f64 + offset, value)
                    .width(0.38)
                    .fill(fill)
                    .stroke(outline(selection, d.stage))
                    .name(d.stage.name())
            })
            .collect()
    };
    let format = |which: &'static str| {
        move |bar: &Bar, _: &BarChart| {
            format!(
                "{}, {which}: {} per referral",
                bar.name,
                pounds(bar.value, 2)
            )
        }
    };
    let names = stages.clone();
    let plot = with_legend(base_plot("chart-cost-by-stage"))
        .x_grid_spacer(category_marks(stages.len()))
        .y_axis_label("£ per referral")
        .y_axis_formatter(|mark, _| format!("£{:.0}", mark.value))
        .x_axis_formatter(move |mark, _| {
            stage_at(mark.value, &names).map_or(String::new(), |s| axis_name(s).into())
        })
        .include_y(0.0)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("Current", bars(false))
                    .color(Color32::DARK_GRAY)
                    .element_formatter(Box::new(format("current"))),
            );
            plot_ui.bar_chart(
                BarChart::new("Proposed", bars(true))
                    .color(Color32::LIGHT_GRAY)
                    .element_formatter(Box::new(format("proposed"))),
            );
        });
    label_plot(&plot, "Cost per referral by stage chart");
    click_to_highlight(&plot, &stages, false, selection);
    plot.response
}

/// How large the waterfall is drawn, and whether each bar has its value on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaterfallLook {
    /// Height of the plot in points.
    pub height: f32,
    /// Each bar's value written above it (for a projector).
    pub values: bool,
    /// Its title, above it.
    pub title: &'static str,
    /// The plot's id (two waterfalls on one screen need two).
    pub id: &'static str,
}

impl Default for WaterfallLook {
    fn default() -> Self {
        Self {
            height: CHART_HEIGHT,
            values: false,
            title: "Where the saving comes from (£ a year)",
            id: "chart-waterfall",
        }
    }
}

/// The value written on a waterfall bar: a total as it is, a change with its
/// sign ("−£40k" saved, "+£3.1k" more).
pub fn waterfall_value(bar: &WaterfallBar) -> String {
    match bar.kind {
        WaterfallKind::Total => short_pounds(bar.to),
        WaterfallKind::Saving => format!("−{}", short_pounds(-bar.change())),
        WaterfallKind::Increase => format!("+{}", short_pounds(bar.change())),
    }
}

/// The savings waterfall in £ a year, from the current total to the proposed total.
pub fn waterfall_ui(
    ui: &mut egui::Ui,
    data: &[WaterfallBar],
    selection: &mut Selection,
) -> egui::Response {
    waterfall_chart_ui(ui, data, selection, WaterfallLook::default())
}

/// [`waterfall_ui`] in the size and with the labels of `look`.
pub fn waterfall_chart_ui(
    ui: &mut egui::Ui,
    data: &[WaterfallBar],
    selection: &mut Selection,
    look: WaterfallLook,
) -> egui::Response {
    ui.label(RichText::new(look.title).strong());
    let stages: Vec<Stage> = data.iter().filter_map(|b| b.stage).collect();
    // Positions: totals at 0 and n+1, stages at 1..=n; clicks map back by position - 1.
    let bars: Vec<Bar> = data
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let fill = b.stage.map_or(TOTAL_COLOUR, stage_colour);
            let what = match b.kind {
                WaterfallKind::Total => format!("{}: {} a year", b.label, pounds(b.to, 0)),
                WaterfallKind::Saving => {
                    format!("{}: saves {} a year", b.label, pounds(-b.change(), 0))
                }
                WaterfallKind::Increase => {
                    format!("{}: costs {} a year more", b.label, pounds(b.change(), 0))
                }
            };
            let stroke = match (b.kind, b.stage) {
                (_, Some(stage)) if selection.highlight_stage == Some(stage) => {
                    egui::Stroke::new(3.0, Color32::BLACK)
                }
                (WaterfallKind::Increase, _) => {
                    egui::Stroke::new(2.0, Color32::from_rgb(0xD0, 0x21, 0x1C))
                }
                _ => egui::Stroke::NONE,
            };
            Bar::new(i as f64, b.change())
                .base_offset(b.from)
                .width(0.7)
                .fill(fill)
                .stroke(stroke)
                .name(what)
        })
        .collect();
    let labels: Vec<String> = data
        .iter()
        .map(|b| {
            b.stage
                .map_or_else(|| b.label.clone(), |s| axis_name(s).into())
        })
        .collect();
    let tops: Vec<(f64, f64, String)> = data
        .iter()
        .enumerate()
        .map(|(i, b)| (i as f64, b.from.max(b.to), waterfall_value(b)))
        .collect();
    let highest = tops.iter().map(|t| t.1).fold(0.0, f64::max);
    let text_size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let plot = base_plot(look.id)
        .height(look.height)
        // Room above the tallest bar for its value.
        .include_y(if look.values { highest * 1.08 } else { 0.0 })
        .x_grid_spacer(category_marks(data.len()))
        .y_axis_label("£ a year")
        .y_axis_formatter(|mark, _| short_pounds(mark.value))
        .x_axis_formatter(category_labels(labels))
        .include_y(0.0)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("Change by stage", bars)
                    .color(TOTAL_COLOUR)
                    .element_formatter(Box::new(|bar: &Bar, _| bar.name.clone())),
            );
            if look.values {
                for (x, top, value) in tops {
                    plot_ui.text(
                        Text::new(
                            format!("value-{x}"),
                            PlotPoint::new(x, top),
                            RichText::new(value).size(text_size).strong(),
                        )
                        .anchor(egui::Align2::CENTER_BOTTOM)
                        .allow_hover(false),
                    );
                }
            }
        });
    label_plot(&plot, "Savings waterfall chart");
    if plot.response.clicked()
        && let Some(pos) = plot.response.interact_pointer_pos()
    {
        let x = plot.transform.value_from_position(pos).x - 1.0;
        if let Some(stage) = stage_at(x, &stages) {
            selection.highlight_stage = (selection.highlight_stage != Some(stage)).then_some(stage);
        }
    }
    plot.response
}

/// Staff hours a year by role, current against proposed (horizontal grouped bars).
pub fn staff_hours_ui(ui: &mut egui::Ui, data: &[RoleHours]) -> egui::Response {
    ui.label(RichText::new("Staff hours a year by role").strong());
    let n = data.len();
    let bars = |proposed: bool| -> Vec<Bar> {
        data.iter()
            .enumerate()
            .map(|(i, r)| {
                let y = (n - 1 - i) as f64; // first role at the top
                let (offset, value, fill) = if proposed {
                    (-0.2, r.proposed, PROPOSED_COLOUR)
                } else {
                    (0.2, r.current, CURRENT_COLOUR)
                };
                Bar::new(y + offset, value)
                    .width(0.38)
                    .fill(fill)
                    .name(&r.name)
                    .horizontal()
            })
            .collect()
    };
    let format = |which: &'static str| {
        move |bar: &Bar, _: &BarChart| {
            format!(
                "{}, {which}: {} hours a year",
                bar.name,
                grouped(bar.value, 0)
            )
        }
    };
    let names: Vec<String> = data.iter().rev().map(|r| r.name.clone()).collect();
    let plot = with_legend(base_plot("chart-staff-hours"))
        .height(CHART_HEIGHT.max(34.0 * n as f32 + 60.0))
        .y_grid_spacer(category_marks(n))
        .show_grid([true, false])
        .x_axis_label("hours a year")
        .x_axis_formatter(|mark, _| grouped(mark.value, 0))
        .y_axis_formatter(category_labels(names))
        .y_axis_min_width(200.0)
        .include_x(0.0)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("Current", bars(false))
                    .color(CURRENT_COLOUR)
                    .element_formatter(Box::new(format("current"))),
            );
            plot_ui.bar_chart(
                BarChart::new("Proposed", bars(true))
                    .color(PROPOSED_COLOUR)
                    .element_formatter(Box::new(format("proposed"))),
            );
        });
    label_plot(&plot, "Staff hours by role chart");
    plot.response
}

/// Elapsed days per referral by stage for both pathways (stacked horizontal bars),
/// with the days before the hospital has the referral marked.
pub fn elapsed_ui(
    ui: &mut egui::Ui,
    pathways: [(&str, &[ElapsedSegment], f64); 2],
    selection: &mut Selection,
) -> egui::Response {
    ui.label(RichText::new("Elapsed days per referral by stage").strong());
    let mut stages: Vec<Stage> = Vec::new();
    let plot = base_plot("chart-elapsed")
        .height(170.0)
        .show_grid([true, false])
        .y_grid_spacer(category_marks(2))
        .x_axis_label("days")
        .y_axis_formatter(move |mark, _| match mark.value.round() as i64 {
            1 if (mark.value - 1.0).abs() < 1e-6 => "Current".into(),
            0 if mark.value.abs() < 1e-6 => "Proposed".into(),
            _ => String::new(),
        })
        .include_x(0.0)
        .include_y(1.9)
        .include_y(-0.6)
        .show(ui, |plot_ui| {
            for (row, (name, segments, hidden_days)) in pathways.iter().enumerate() {
                let y = 1.0 - row as f64;
                for s in segments.iter() {
                    if !stages.contains(&s.stage) {
                        stages.push(s.stage);
                    }
                    let bar = Bar::new(y, s.days)
                        .base_offset(s.start_days)
                        .width(0.5)
                        .fill(stage_colour(s.stage))
                        .stroke(outline(selection, s.stage))
                        .name(format!(
                            "{name}, {}: {} days",
                            s.stage.name(),
                            grouped(s.days, 1)
                        ))
                        .horizontal();
                    plot_ui.bar_chart(
                        BarChart::new(s.stage.name(), vec![bar])
                            .color(stage_colour(s.stage))
                            .element_formatter(Box::new(|bar: &Bar, _| bar.name.clone())),
                    );
                }
                if *hidden_days > 0.05 {
                    plot_ui.text(
                        Text::new(
                            "hidden",
                            PlotPoint::new(0.0, y + 0.42),
                            format!(
                                "{} days before the hospital has it (not in RTT waits)",
                                grouped(*hidden_days, 1)
                            ),
                        )
                        .anchor(egui::Align2::LEFT_BOTTOM)
                        .color(ui_text_colour(plot_ui.ctx())),
                    );
                }
            }
        });
    label_plot(&plot, "Elapsed days by stage chart");
    if plot.response.clicked()
        && let Some(pos) = plot.response.interact_pointer_pos()
    {
        let point = plot.transform.value_from_position(pos);
        let row = if point.y > 0.5 { 0 } else { 1 };
        let segment = pathways[row]
            .1
            .iter()
            .find(|s| point.x >= s.start_days && point.x <= s.start_days + s.days);
        if let Some(s) = segment {
            selection.highlight_stage =
                (selection.highlight_stage != Some(s.stage)).then_some(s.stage);
        }
    }
    plot.response
}

fn ui_text_colour(ctx: &egui::Context) -> Color32 {
    ctx.global_style().visuals.text_color()
}

#[cfg(test)]
mod waterfall_tests {
    use super::*;

    #[test]
    fn waterfall_values_say_totals_and_changes_with_their_sign() {
        let bar = |kind, from, to| WaterfallBar {
            label: "x".into(),
            stage: None,
            kind,
            from,
            to,
        };
        assert_eq!(
            waterfall_value(&bar(WaterfallKind::Total, 0.0, 562_400.0)),
            "£562k"
        );
        assert_eq!(
            waterfall_value(&bar(WaterfallKind::Saving, 562_400.0, 522_400.0)),
            "−£40k"
        );
        assert_eq!(
            waterfall_value(&bar(WaterfallKind::Increase, 100.0, 3_200.0)),
            "+£3.1k"
        );
    }
}
