//! The buttons every table and chart carries: *Copy* and *Save as CSV…* beside a
//! table, *Save as PNG…* and *Copy image* in a chart's context menu. They only ask,
//! through commands; the export of files is `export`'s.

use crate::app::command::Command;
use crate::app::context::Actions;
use crate::export::Table;

/// *Copy* (tab-separated, pastes into Excel) and *Save as CSV…* for a table.
/// `table` is only built when a button is pressed.
pub fn table_buttons_ui(
    ui: &mut egui::Ui,
    file_stem: &str,
    table: impl FnOnce() -> Table,
    actions: &mut Actions,
) {
    ui.horizontal(|ui| {
        let copy = ui
            .button("Copy")
            .on_hover_text("Copy the table; paste it into Excel or Word");
        let save = ui.button("Save as CSV…");
        if copy.clicked() {
            ui.ctx().copy_text(table().to_tsv());
        } else if save.clicked() {
            actions.command(Command::SaveCsv {
                file_name: format!("{file_stem}.csv"),
                csv: table().to_csv(),
            });
        }
    });
}

/// The context menu of a chart (right-click): save or copy the area `rect`, which
/// holds the chart with its title and legend.
pub fn picture_menu(
    response: &egui::Response,
    rect: egui::Rect,
    file_stem: &str,
    actions: &mut Actions,
) {
    response.context_menu(|ui| picture_buttons(ui, rect, file_stem, actions));
}

/// *Save as PNG…* and *Copy image* for the picture of `rect`, in a context menu.
pub fn picture_buttons(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    file_stem: &str,
    actions: &mut Actions,
) {
    if ui.button("Save as PNG…").clicked() {
        actions.command(Command::SavePicture {
            file_name: format!("{file_stem}.png"),
            rect,
        });
        ui.close();
    }
    if ui.button("Copy image").clicked() {
        actions.command(Command::CopyPicture(rect));
        ui.close();
    }
}

/// Shows `chart` and gives it the picture context menu; `chart` returns the
/// response that takes the right-click (the plot's).
pub fn chart_ui(
    ui: &mut egui::Ui,
    file_stem: &str,
    actions: &mut Actions,
    chart: impl FnOnce(&mut egui::Ui) -> egui::Response,
) {
    let shown = ui.scope(chart);
    picture_menu(&shown.inner, shown.response.rect, file_stem, actions);
}
