//! The tornado chart of the one-way sensitivity analysis.

use super::*;
use crate::numbers::{grouped, percent, pounds, trimmed};

/// One bar of the tornado: a swing with the words to show it.
#[derive(Clone, Debug)]
pub(super) struct TornadoRow {
    pub(super) swing: Swing,
    pub(super) stage: Stage,
    /// "Step name: parameter".
    pub(super) label: String,
    /// The input at its low and high ends, with units: "8 min", "20%".
    pub(super) inputs: [String; 2],
}

impl TornadoRow {
    pub(super) fn ends(&self, measure: Measure) -> [f64; 2] {
        match measure {
            Measure::Cost => [self.swing.cost_low, self.swing.cost_high],
            Measure::Days => [self.swing.days_low, self.swing.days_high],
        }
    }

    /// "Grade: touch minutes\nat 2 min: £50.43; at 5 min: £57.61".
    pub(super) fn hover(&self, measure: Measure) -> String {
        let [low, high] = self.ends(measure).map(|v| measure_text(measure, v));
        let [at_low, at_high] = &self.inputs;
        format!(
            "{}\nat {at_low}: {low}; at {high_input}: {high}",
            self.label,
            high_input = at_high
        )
    }
}

/// The tornado of one pathway: its swings in words, and its expected values.
#[derive(Clone, Debug)]
pub(super) struct Tornado {
    pub(super) rows: Vec<TornadoRow>,
    pub(super) base_cost: f64,
    pub(super) base_days: f64,
}

impl Tornado {
    /// The largest swings of `measure`, largest first.
    pub(super) fn top(&self, measure: Measure) -> Vec<TornadoRow> {
        let mut rows = self.rows.clone();
        if measure == Measure::Days {
            rows.sort_by(|a, b| b.swing.days_swing().total_cmp(&a.swing.days_swing()));
        }
        rows.truncate(TORNADO_BARS);
        rows
    }

    pub(super) fn base(&self, measure: Measure) -> f64 {
        match measure {
            Measure::Cost => self.base_cost,
            Measure::Days => self.base_days,
        }
    }
}

/// The tornado computed for one version of one pathway.
#[derive(Debug)]
pub(super) struct TornadoCache {
    pub(super) key: (Which, (u64, u64)),
    pub(super) tornado: Result<Tornado, String>,
}
pub(super) fn tornado_ui(
    ui: &mut Ui,
    cx: &mut VariabilityCtx<'_>,
    selection: &mut Selection,
    actions: &mut Actions,
) {
    let measure = cx.view.measure;
    ui.label(
        RichText::new(match measure {
            Measure::Cost => "What moves the cost per referral most",
            Measure::Days => "What moves the elapsed days most",
        })
        .strong(),
    );
    tornado_controls_ui(ui, cx.view);
    let which = cx.view.tornado_of;
    let (rows, base, swings) = match cx.view.tornado(which, cx.pathways, cx.keys) {
        Ok(t) => (
            t.top(measure),
            t.base(measure),
            t.rows.iter().map(|r| r.swing.clone()).collect::<Vec<_>>(),
        ),
        Err(message) => {
            ui.label(format!("No tornado: {message}"));
            return;
        }
    };
    if rows.is_empty() {
        ui.label("Nothing to swing: every estimate is a single number and no step branches.");
        return;
    }
    let pathway = cx.pathways[which.index()];
    crate::app::export::table_buttons_ui(
        ui,
        "sensitivity",
        || crate::export::table::sensitivity_table(pathway, &swings),
        actions,
    );
    ui.weak(format!(
        "Each bar moves one input from the low to the high end of its range (a branch \
         share by 10 points), everything else at its most likely value. The line is the \
         expected {}; bars take the colour of their step's stage. Click a bar to select \
         its step.",
        measure_text(measure, base)
    ));
    let marked = |step: usize| {
        if which == cx.shown {
            selection.step == Some(step)
        } else {
            cx.view.highlight == Some((which, step))
        }
    };
    let marks: Vec<bool> = rows.iter().map(|r| marked(r.swing.step_index)).collect();
    let mut clicked = None;
    crate::app::export::chart_ui(ui, "sensitivity-tornado", actions, |ui| {
        let (row, response) = tornado_plot_ui(ui, &rows, &marks, measure, base);
        clicked = row;
        response
    });
    if let Some(row) = clicked {
        let step = rows[row].swing.step_index;
        if which == cx.shown {
            selection.step = Some(step);
            cx.view.highlight = None;
        } else {
            cx.view.highlight = Some((which, step));
        }
    }
}

pub(super) fn tornado_controls_ui(ui: &mut Ui, view: &mut VariabilityView) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Pathway:");
        ui.selectable_value(&mut view.tornado_of, Which::Current, "current process");
        ui.selectable_value(&mut view.tornado_of, Which::Comparison, "proposed process");
        ui.add_space(16.0);
        ui.label("Measure:");
        ui.selectable_value(&mut view.measure, Measure::Cost, "cost per referral");
        ui.selectable_value(&mut view.measure, Measure::Days, "elapsed days");
    });
}

/// Draws the tornado; returns the row clicked (0 = the top, largest swing) and the
/// plot's response (for its context menu).
pub(super) fn tornado_plot_ui(
    ui: &mut Ui,
    rows: &[TornadoRow],
    marks: &[bool],
    measure: Measure,
    base: f64,
) -> (Option<usize>, egui::Response) {
    let n = rows.len();
    let bars = tornado_bars(rows, marks, measure);
    let base_colour = ui.visuals().text_color();
    let axis_width = (ui.available_width() * 0.45).clamp(180.0, 420.0);
    let chars = (axis_width / LABEL_CHAR_WIDTH) as usize;
    let labels: Vec<String> = rows
        .iter()
        .rev()
        .map(|r| shorten(&r.label, chars))
        .collect();
    let plot = charts::base_plot("variability-tornado")
        .height(26.0 * n as f32 + 40.0)
        .show_grid([true, false])
        .set_margin_fraction(egui::vec2(0.05, 0.0))
        .y_grid_spacer(charts::category_marks(n))
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_min_width(axis_width)
        .x_axis_label(match measure {
            Measure::Cost => "£ per referral",
            Measure::Days => "days from referral to end",
        })
        .x_axis_formatter(move |mark, _| {
            let decimals = if mark.step_size < 1.0 { 1 } else { 0 };
            match measure {
                Measure::Cost => pounds(mark.value, decimals),
                Measure::Days => grouped(mark.value, decimals),
            }
        })
        .include_y(-0.5)
        .include_y(n as f64 - 0.5)
        .include_x(base)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("Swings", bars)
                    .color(Color32::GRAY)
                    .element_formatter(Box::new(|bar: &Bar, _| bar.name.clone())),
            );
            plot_ui.vline(
                VLine::new(format!("Expected: {}", measure_text(measure, base)), base)
                    .color(base_colour)
                    .width(1.5),
            );
        });
    charts::label_plot(&plot, "Tornado chart");
    let clicked = plot
        .response
        .clicked()
        .then(|| plot.response.interact_pointer_pos())
        .flatten()
        .and_then(|pos| {
            let y = plot.transform.value_from_position(pos).y.round();
            (y >= 0.0 && y < n as f64).then(|| n - 1 - y as usize)
        });
    (clicked, plot.response)
}

/// One horizontal bar a row, the top row first, from the value at the input's low
/// end to the value at its high end; marked rows outlined.
pub(super) fn tornado_bars(rows: &[TornadoRow], marks: &[bool], measure: Measure) -> Vec<Bar> {
    let n = rows.len();
    rows.iter()
        .zip(marks)
        .enumerate()
        .map(|(i, (row, &marked))| {
            let [low, high] = row.ends(measure);
            let stroke = if marked {
                Stroke::new(3.0, Color32::BLACK)
            } else {
                Stroke::NONE
            };
            Bar::new((n - 1 - i) as f64, high - low)
                .base_offset(low)
                .width(0.6)
                .fill(stage_colour(row.stage))
                .stroke(stroke)
                .name(row.hover(measure))
                .horizontal()
        })
        .collect()
}

/// A value of the measure with its unit: "£52.10", "93.5 days".
pub(super) fn measure_text(measure: Measure, value: f64) -> String {
    match measure {
        Measure::Cost => pounds(value, 2),
        Measure::Days => format!("{} days", grouped(value, 1)),
    }
}

/// A label cut to at most `chars` characters, with "..." where it was cut.
pub(super) fn shorten(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        return label.to_owned();
    }
    let cut: String = label.chars().take(chars.saturating_sub(3)).collect();
    format!("{}...", cut.trim_end())
}

/// The tornado of a pathway: its swings in words, one of each mirrored pair of
/// shares dropped, with the expected cost and days.
pub(super) fn tornado_of(pathway: &Pathway) -> Result<Tornado, String> {
    let report = analyse(pathway).map_err(|e| e.to_string())?;
    let swings = sensitivity(pathway).map_err(|e| e.to_string())?;
    let mut rows: Vec<TornadoRow> = Vec::with_capacity(swings.len());
    for swing in swings {
        if rows.iter().any(|r| is_mirror(pathway, &r.swing, &swing)) {
            continue;
        }
        rows.push(row_of(pathway, swing));
    }
    Ok(Tornado {
        rows,
        base_cost: report.cost_per_referral,
        base_days: report.elapsed_days,
    })
}

/// True when `b` is `a` seen from the other link of a two-way branch: moving one
/// share up moves the other down by as much, so the two bars would be the same.
pub(super) fn is_mirror(pathway: &Pathway, a: &Swing, b: &Swing) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(1.0);
    a.step_index == b.step_index
        && pathway.steps[a.step_index].next.len() == 2
        && matches!(a.parameter, Parameter::Share(_))
        && matches!(b.parameter, Parameter::Share(_))
        && a.parameter != b.parameter
        && close(a.cost_low, b.cost_high)
        && close(a.cost_high, b.cost_low)
        && close(a.days_low, b.days_high)
        && close(a.days_high, b.days_low)
}

pub(super) fn row_of(pathway: &Pathway, swing: Swing) -> TornadoRow {
    let step = &pathway.steps[swing.step_index];
    let label = format!(
        "{}: {}",
        step.name,
        parameter_words(pathway, &swing.parameter)
    );
    let inputs = [swing.low, swing.high].map(|v| input_text(&swing.parameter, v));
    TornadoRow {
        stage: step.stage,
        label,
        inputs,
        swing,
    }
}

/// A parameter in plain English, naming the step a share goes to.
pub(super) fn parameter_words(pathway: &Pathway, parameter: &Parameter) -> String {
    match parameter {
        Parameter::TouchMinutes => "touch minutes".into(),
        Parameter::WaitDays => "wait days".into(),
        Parameter::UnitCost => "unit cost".into(),
        Parameter::Share(to) => {
            let name = pathway
                .step_index(to)
                .map_or(to.as_str(), |i| pathway.steps[i].name.as_str());
            format!("share to {name}")
        }
    }
}

/// An input value with its unit: "8 min", "14 days", "£1.20", "20%".
pub(super) fn input_text(parameter: &Parameter, value: f64) -> String {
    match parameter {
        Parameter::TouchMinutes => format!("{} min", trimmed(value, 1)),
        Parameter::WaitDays => format!("{} days", trimmed(value, 1)),
        Parameter::UnitCost => pounds(value, 2),
        Parameter::Share(_) => percent(value),
    }
}
