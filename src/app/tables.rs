//! The steps table, and the roles table with the pathway settings.

use super::context::PanelCtx;

/// All steps in a table, editable in place.
pub fn steps_table_ui(ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
    let _ = ctx;
    ui.label("Steps");
}

/// The pathway settings and the roles table.
pub fn roles_ui(ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
    let _ = ctx;
    ui.label("Roles");
}
