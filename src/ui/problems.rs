//! The problems list: every validation error and warning of the shown pathway;
//! clicking one selects its step on the map.

use crate::app::command::{Command, View};
use crate::app::context::PanelCtx;
use crate::validate::{Severity, Subject};

/// Colour of errors.
pub const ERROR_COLOUR: egui::Color32 = egui::Color32::from_rgb(0xD0, 0x21, 0x1C);
/// Colour of warnings.
pub const WARNING_COLOUR: egui::Color32 = egui::Color32::from_rgb(0xC0, 0x7A, 0x00);

/// Draws the problems list.
pub fn problems_ui(ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
    let errors = ctx
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = ctx.problems.len() - errors;
    ui.horizontal(|ui| {
        ui.strong("Problems");
        if ctx.problems.is_empty() {
            ui.label("none: the pathway can be analysed");
        } else {
            ui.label(format!("{errors} error(s), {warnings} warning(s)"));
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("problems-scroll")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for problem in ctx.problems {
                let (icon, colour) = match problem.severity {
                    Severity::Error => ("Error:", ERROR_COLOUR),
                    Severity::Warning => ("Warning:", WARNING_COLOUR),
                };
                let text = egui::RichText::new(format!("{icon} {}", problem.message)).color(colour);
                match problem.subject {
                    Subject::Step(i) => {
                        let response = ui
                            .add(egui::Label::new(text).sense(egui::Sense::click()))
                            .on_hover_text("Click to show this step");
                        if response.clicked() {
                            ctx.actions.command(Command::SetView(View::Map));
                            ctx.actions.command(Command::Focus(i));
                        }
                    }
                    Subject::Role(_) => {
                        let response = ui
                            .add(egui::Label::new(text).sense(egui::Sense::click()))
                            .on_hover_text("Click to show the roles");
                        if response.clicked() {
                            ctx.actions.command(Command::SetView(View::Roles));
                        }
                    }
                    Subject::Pathway => {
                        ui.label(text);
                    }
                }
            }
        });
}
