//! The what-if levers panel: each pinned value as a slider over its range (a share
//! from 0% to 100%, its sibling branches rebalanced). Moving a slider edits the
//! pathway through the one edit path, so every figure and chart follows in the same
//! frame, and a whole drag is one undo step. *Reset levers* puts back the values
//! they had when pinned.

use egui::{Slider, Ui};

use super::context::{Actions, PanelCtx};
use super::widgets::seal_when_finished;
use crate::edit::Edit;
use crate::levers;
use crate::model::{Lever, LeverValue, Pathway};

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
    for (index, lever) in pathway.levers.iter().enumerate() {
        lever_ui(ui, pathway, index, lever, ctx.actions);
    }
}

fn lever_ui(ui: &mut Ui, pathway: &Pathway, index: usize, lever: &Lever, actions: &mut Actions) {
    let name = levers::label(pathway, lever);
    let (Some(value), Some((low, high))) =
        (levers::value(pathway, lever), levers::range(pathway, lever))
    else {
        ui.weak(format!("{name}: its step or link is gone"));
        return;
    };
    let share = matches!(lever.value, LeverValue::Share(_));
    let scale = if share { 100.0 } else { 1.0 };
    let mut shown = value * scale;
    ui.horizontal(|ui| {
        let label = ui.label(name.as_str());
        let response = ui
            .add(
                Slider::new(&mut shown, low * scale..=high * scale)
                    .suffix(if share { "%" } else { "" })
                    .max_decimals(2),
            )
            .labelled_by(label.id);
        if response.changed() {
            let value = shown / scale;
            actions.edit(Edit::SetLever { index, value });
        }
        seal_when_finished(actions, &response);
        let unpin = ui
            .small_button("Unpin")
            .accessible_name(format!("Unpin {name}"));
        if unpin.clicked() {
            actions.edit(Edit::UnpinLever(index));
            actions.seal = true;
        }
    });
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
    let values = [
        LeverValue::TouchMinutes,
        LeverValue::WaitDays,
        LeverValue::UnitCost,
    ]
    .into_iter()
    .chain(shares);
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
