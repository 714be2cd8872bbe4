//! The tornado chart of the one-way sensitivity analysis.

use super::*;
use crate::edit::Edit;
use crate::model::{Lever, LeverValue};
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
    let pathway = cx.pathways[which.index()];
    let (swings, report) = match (cx.swings, cx.reports[which.index()]) {
        (Some(Ok(swings)), Some(report)) => (swings, report),
        (Some(Err(message)), _) => {
            ui.label(format!("No tornado: {message}"));
            return;
        }
        _ => {
            ui.label("No tornado: the pathway has errors (see Problems).");
            return;
        }
    };
    let tornado = tornado_of(pathway, report, swings.clone());
    let (rows, base) = (tornado.top(measure), tornado.base(measure));
    if rows.is_empty() {
        ui.label("Nothing to swing: every estimate is a single number and no step branches.");
        return;
    }
    crate::ui::chart_frame::table_buttons_ui(
        ui,
        "sensitivity",
        || crate::export::table::sensitivity_table(pathway, swings),
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
    let mut pin = None;
    let shown = ui.scope(|ui| tornado_plot_ui(ui, &rows, &marks, measure, base));
    let (clicked, menu_row, response) = shown.inner;
    // One context menu: pin the bar's input as a lever, or take the chart's picture.
    response.context_menu(|ui| {
        if let Some(row) = ui.data(|d| d.get_temp::<usize>(menu_row))
            && ui
                .button(format!("Pin {} as a lever", rows[row].label))
                .clicked()
        {
            pin = Some(row);
            ui.close();
        }
        crate::ui::chart_frame::picture_buttons(
            ui,
            shown.response.rect,
            "sensitivity-tornado",
            actions,
        );
    });
    if let Some(row) = pin {
        let swing = &rows[row].swing;
        let value = match &swing.parameter {
            Parameter::TouchMinutes => LeverValue::TouchMinutes,
            Parameter::WaitDays => LeverValue::WaitDays,
            Parameter::UnitCost => LeverValue::UnitCost,
            Parameter::Share(to) => LeverValue::Share(to.clone()),
        };
        let lever = Lever {
            step: swing.step.clone(),
            value,
            base: 0.0,
        };
        if let Some(base) = crate::levers::value(cx.pathways[which.index()], &lever) {
            // An edit of the pathway the tornado shows, which need not be the one
            // on screen: one undo step of its own history.
            actions.command(Command::EditPathway {
                pathway: cx.places[which.index()],
                edit: Box::new(Edit::PinLever(Lever { base, ..lever })),
            });
        }
    }
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

/// Draws the tornado; returns the row clicked (0 = the top, largest swing), the key
/// under which a right-clicked row is kept for the context menu, and the plot's
/// response (for that menu).
pub(super) fn tornado_plot_ui(
    ui: &mut Ui,
    rows: &[TornadoRow],
    marks: &[bool],
    measure: Measure,
    base: f64,
) -> (Option<usize>, egui::Id, egui::Response) {
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
        .y_axis_formatter(charts::category_labels(labels))
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
    let row_at = |pos: egui::Pos2| {
        let y = plot.transform.value_from_position(pos).y.round();
        (y >= 0.0 && y < n as f64).then(|| n - 1 - y as usize)
    };
    // Right-click a bar to pin what it moves as a what-if lever.
    let menu_row = plot.response.id.with("menu_row");
    if plot.response.secondary_clicked()
        && let Some(row) = plot.response.interact_pointer_pos().and_then(row_at)
    {
        ui.data_mut(|d| d.insert_temp(menu_row, row));
    }
    let clicked = plot
        .response
        .clicked()
        .then(|| plot.response.interact_pointer_pos())
        .flatten()
        .and_then(row_at);
    (clicked, menu_row, plot.response)
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
    crate::ui::widgets::clipped(label, chars, "...")
}

/// The tornado of a pathway: its swings in words, one of each mirrored pair of
/// shares dropped, with the expected cost and days.
/// The tornado of `pathway` from its analysis and its swings, in words.
pub(super) fn tornado_of(pathway: &Pathway, report: &Report, swings: Vec<Swing>) -> Tornado {
    let mut rows: Vec<TornadoRow> = Vec::with_capacity(swings.len());
    for swing in swings {
        if rows.iter().any(|r| is_mirror(pathway, &r.swing, &swing)) {
            continue;
        }
        rows.push(row_of(pathway, swing));
    }
    Tornado {
        rows,
        base_cost: report.cost_per_referral,
        base_days: report.elapsed_days,
    }
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
        Parameter::WaitDays => crate::numbers::days(value),
        Parameter::UnitCost => pounds(value, 2),
        Parameter::Share(_) => percent(value),
    }
}
