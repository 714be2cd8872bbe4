//! The what-if levers panel: each pinned value with its name (wrapped, never
//! pushing the slider off the panel), a slider as wide as the panel, and the value
//! typed in a [`NumberField`]. A share moves from 0% to 100%, its sibling branches
//! rebalanced. The slider moves by relative drag in fine steps (hold Shift for ten
//! times finer), and by the arrow keys. Moving a lever edits the pathway through
//! the one edit path, so every figure and chart follows in the same frame, and a
//! whole drag is one undo step. *Reset levers* puts back the values they had when
//! pinned.

use egui::{EventFilter, Key, Label, Response, Sense, Stroke, Ui, WidgetInfo};

use super::estimate_editor::Unit;
use super::number_field::NumberField;
use super::widgets::{WidgetName, seal_when_finished};
use crate::app::context::{Actions, PanelCtx};
use crate::edit::Edit;
use crate::levers;
use crate::model::{Lever, LeverValue, Pathway};

/// Room left beside the slider for the value and the Unpin button, in points.
const BESIDE_SLIDER: f32 = 150.0;

/// Draws the pinned levers, if any.
pub fn levers_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    let pathway = ctx.pathway;
    if pathway.levers.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        ui.strong("What-if levers");
        let reset = ui
            .button("Reset levers")
            .on_hover_text("Put every lever back to the value it had when pinned");
        if reset.clicked() {
            ctx.actions.edit(Edit::ResetLevers);
            ctx.actions.seal = true;
        }
    });
    ui.weak("Drag a slider (hold Shift for finer steps), use the arrow keys, or type the value.");
    for (index, lever) in pathway.levers.iter().enumerate() {
        lever_ui(ui, pathway, index, lever, ctx.actions);
    }
}

/// What a lever's value is: a share (shown in percent), a step's estimate in its
/// unit, or slots a week.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Share,
    Estimate(Unit),
    Slots,
}

fn kind(value: &LeverValue) -> Kind {
    match value {
        LeverValue::TouchMinutes => Kind::Estimate(Unit::Minutes),
        LeverValue::WaitDays => Kind::Estimate(Unit::Days),
        LeverValue::UnitCost => Kind::Estimate(Unit::Pounds),
        LeverValue::Share(_) => Kind::Share,
        LeverValue::SlotsPerWeek => Kind::Slots,
    }
}

fn lever_ui(ui: &mut Ui, pathway: &Pathway, index: usize, lever: &Lever, actions: &mut Actions) {
    let name = levers::label(pathway, lever);
    let (Some(value), Some((low, high))) =
        (levers::value(pathway, lever), levers::range(pathway, lever))
    else {
        ui.add(Label::new(format!("{name}: its step or link is gone")).wrap());
        return;
    };
    let kind = kind(&lever.value);
    // Shares are shown and typed in percent; slots move a whole slot at a time.
    let (scale, step) = match kind {
        Kind::Share => (100.0, 0.1),
        Kind::Estimate(unit) => (1.0, unit.fine_step()),
        Kind::Slots => (1.0, 1.0),
    };
    ui.add_space(4.0);
    ui.add(Label::new(name.as_str()).wrap());
    ui.horizontal(|ui| {
        let width = (ui.available_width() - BESIDE_SLIDER).max(120.0);
        let slider = LeverSlider {
            value: value * scale,
            low: low * scale,
            high: high * scale,
            step,
            width,
        };
        let (response, moved) = slider.show(ui, &name);
        if let Some(shown) = moved {
            actions.edit(Edit::SetLever {
                index,
                value: shown / scale,
            });
        }
        seal_when_finished(actions, &response);
        let value_name = format!("{name}, value");
        let field = NumberField::new(
            ("lever_value", index),
            value * scale,
            WidgetName::Text(&value_name),
        )
        .decimals(2)
        .width(52.0);
        let field = match kind {
            Kind::Share => field.range(0.0, 100.0).suffix("%"),
            Kind::Estimate(Unit::Pounds) => field.pence().prefix("£"),
            Kind::Estimate(Unit::Minutes) => field.suffix("min"),
            Kind::Estimate(Unit::Days) => field.suffix("days"),
            Kind::Slots => field.range(1.0, f64::INFINITY).decimals(0).suffix("a week"),
        };
        if let Some(typed) = field.show(ui).committed {
            actions.edit(Edit::SetLever {
                index,
                value: typed / scale,
            });
            actions.seal = true;
        }
        let unpin = ui
            .small_button("Unpin")
            .accessible_name(format!("Unpin {name}"));
        if unpin.clicked() {
            actions.edit(Edit::UnpinLever(index));
            actions.seal = true;
        }
    });
}

/// A slider that moves by how far it is dragged (not to where the pointer is), in
/// steps of `step` (a tenth of that with Shift held), so that a facilitator can set
/// a value to the step in front of a room.
struct LeverSlider {
    value: f64,
    low: f64,
    high: f64,
    step: f64,
    width: f32,
}

impl LeverSlider {
    /// Shows the slider; returns its response and the value it was moved to.
    fn show(&self, ui: &mut Ui, name: &str) -> (Response, Option<f64>) {
        let height = ui.spacing().interact_size.y;
        let (rect, response) =
            ui.allocate_exact_size(egui::vec2(self.width, height), Sense::click_and_drag());
        let fine = ui.input(|i| i.modifiers.shift);
        let step = if fine { self.step / 10.0 } else { self.step };
        let mut moved = None;
        // Where the drag has got to, unrounded, so slow drags add up, and the range
        // the drag started in, kept for the whole drag: the range takes in the
        // value (see `levers::range`), so it changes as a value beyond the pinned
        // range moves, and the drag must not speed up or the thumb stand still.
        let drag_id = response.id.with("drag");
        let (mut low, mut high) = (self.low, self.high);
        if response.dragged() {
            let (start, from, to): (f64, f64, f64) = ui
                .data(|d| d.get_temp(drag_id))
                .unwrap_or((self.value, self.low, self.high));
            (low, high) = (from, to);
            let span = (high - low).max(f64::EPSILON);
            let per_point = span / f64::from(rect.width()) / if fine { 10.0 } else { 1.0 };
            let at = (start + f64::from(response.drag_delta().x) * per_point).clamp(low, high);
            ui.data_mut(|d| d.insert_temp(drag_id, (at, low, high)));
            moved = Some(round_to(at, step));
        } else {
            ui.data_mut(|d| d.remove::<(f64, f64, f64)>(drag_id));
        }
        if response.has_focus() {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    response.id,
                    EventFilter {
                        horizontal_arrows: true,
                        ..Default::default()
                    },
                );
            });
            let (left, right) = ui.input(|i| {
                (
                    i.num_presses(Key::ArrowLeft) as f64,
                    i.num_presses(Key::ArrowRight) as f64,
                )
            });
            if left + right > 0.0 {
                moved = Some(round_to(self.value + (right - left) * step, step));
            }
        }
        let moved = moved
            .map(|v| v.clamp(low, high))
            .filter(|v| *v != self.value);
        let shown = moved.unwrap_or(self.value);
        response.widget_info(|| WidgetInfo::slider(true, shown, name));
        paint(ui, rect, &response, (low, high), shown);
        (response, moved)
    }
}

/// Draws a lever's rail, filled up to `value`, and its thumb, over `low..high`.
fn paint(ui: &Ui, rect: egui::Rect, response: &Response, (low, high): (f64, f64), value: f64) {
    let visuals = ui.style().interact(response);
    let rail = egui::Rect::from_center_size(rect.center(), egui::vec2(rect.width() - 12.0, 4.0));
    let t = ((value - low) / (high - low).max(f64::EPSILON)).clamp(0.0, 1.0);
    let x = rail.left() + rail.width() * t as f32;
    let painter = ui.painter();
    painter.rect_filled(rail, 2.0, ui.visuals().widgets.inactive.bg_fill);
    let filled = egui::Rect::from_min_max(rail.min, egui::pos2(x, rail.max.y));
    painter.rect_filled(filled, 2.0, ui.visuals().selection.bg_fill);
    painter.circle(
        egui::pos2(x, rect.center().y),
        7.0,
        visuals.bg_fill,
        Stroke::new(1.0, visuals.fg_stroke.color),
    );
}

/// `value` to the nearest multiple of `step`, written back as the nearest `f64` to
/// that short decimal (0.3, not 0.30000000000000004).
fn round_to(value: f64, step: f64) -> f64 {
    let steps = (value / step).round();
    let decimals = (-step.log10()).ceil().max(0.0) as i32;
    let scale = 10f64.powi(decimals);
    (steps * step * scale).round() / scale
}

/// A context-menu entry pinning `value` of step `step` as a lever.
pub fn pin_menu_ui(
    ui: &mut Ui,
    pathway: &Pathway,
    step: usize,
    value: LeverValue,
    actions: &mut Actions,
) {
    let lever = Lever {
        step: pathway.steps[step].id.clone(),
        value,
        base: 0.0,
    };
    let Some(base) = levers::value(pathway, &lever) else {
        return;
    };
    let pinned = pathway
        .levers
        .iter()
        .any(|l| l.step == lever.step && l.value == lever.value);
    if pinned {
        ui.weak("Pinned as a lever");
        return;
    }
    if ui.button("Pin as a lever").clicked() {
        actions.edit(Edit::PinLever(Lever { base, ..lever }));
        actions.seal = true;
        ui.close();
    }
}

/// Context-menu entries pinning any of step `step`'s values as a lever: its
/// estimates and the share of each of its links.
pub fn pin_step_menu_ui(ui: &mut Ui, pathway: &Pathway, step: usize, actions: &mut Actions) {
    let shares = pathway.steps[step]
        .next
        .iter()
        .map(|l| LeverValue::Share(l.to.clone()));
    let books_here = pathway
        .capacity
        .as_ref()
        .is_some_and(|c| c.books_at == pathway.steps[step].id);
    let values = [
        LeverValue::TouchMinutes,
        LeverValue::WaitDays,
        LeverValue::UnitCost,
    ]
    .into_iter()
    .chain(shares)
    .chain(books_here.then_some(LeverValue::SlotsPerWeek));
    for value in values {
        let lever = Lever {
            step: pathway.steps[step].id.clone(),
            value,
            base: 0.0,
        };
        let Some(base) = levers::value(pathway, &lever) else {
            continue;
        };
        let text = format!("Pin {} as a lever", levers::label(pathway, &lever));
        if ui.button(text).clicked() {
            actions.edit(Edit::PinLever(Lever { base, ..lever }));
            actions.seal = true;
            ui.close();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::round_to;

    #[test]
    fn lever_steps_are_short_decimals() {
        assert_eq!(round_to(0.30000000000000004, 0.1), 0.3);
        assert_eq!(round_to(8.04, 0.1), 8.0);
        assert_eq!(round_to(8.06, 0.01), 8.06);
        assert_eq!(round_to(64.96, 0.1), 65.0);
    }
}
