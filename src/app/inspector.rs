//! The inspector: every detail of the selected step, editable.

use super::context::PanelCtx;

/// Draws the inspector for the selected step (or a hint when none is selected).
pub fn inspector_ui(ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
    let _ = ctx;
    ui.label("Select a step to edit it.");
}
