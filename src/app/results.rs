//! Headline results: the current process against the comparison, per referral and
//! per year. (The full results with charts build on this place.)

use crate::compare::Comparison;
use crate::render::{pounds, thousands};

/// A headline row: label, current value, proposed value, and how to format them.
type HeadlineRow = (&'static str, f64, f64, fn(f64) -> String);

/// Draws the headline comparison, or why there is none.
pub fn results_ui(ui: &mut egui::Ui, names: &[String; 2], comparison: Option<&Comparison>) {
    ui.horizontal(|ui| {
        ui.heading("Results");
        if let Some(c) = comparison {
            ui.label(format!(
                "both analysed at {} referrals a year (the current process's)",
                thousands(c.current.annual_referrals, 0)
            ));
        }
    });
    let Some(c) = comparison else {
        ui.label("Results appear when both pathways have no errors: see Problems for what to fix.");
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("results-scroll")
        .show(ui, |ui| {
            egui::Grid::new("headline")
                .num_columns(4)
                .striped(true)
                .spacing([24.0, 4.0])
                .show(ui, |ui| {
                    ui.strong("");
                    ui.strong(&names[0]);
                    ui.strong(&names[1]);
                    ui.strong("Saving");
                    ui.end_row();
                    let rows: [HeadlineRow; 5] = [
                        (
                            "Cost per referral",
                            c.current.cost_per_referral,
                            c.proposed.cost_per_referral,
                            |v| pounds(v, 2),
                        ),
                        (
                            "Cost a year",
                            c.current.annual_cost,
                            c.proposed.annual_cost,
                            |v| pounds(v, 0),
                        ),
                        (
                            "Staff hours a year",
                            c.current.annual_staff_hours(),
                            c.proposed.annual_staff_hours(),
                            |v| thousands(v, 0),
                        ),
                        (
                            "Whole-time equivalents",
                            c.current.total_wte(),
                            c.proposed.total_wte(),
                            |v| thousands(v, 2),
                        ),
                        (
                            "Elapsed days per referral",
                            c.current.elapsed_days,
                            c.proposed.elapsed_days,
                            |v| thousands(v, 1),
                        ),
                    ];
                    for (label, current, proposed, format) in rows {
                        ui.label(label);
                        ui.label(format(current));
                        ui.label(format(proposed));
                        ui.strong(format(current - proposed));
                        ui.end_row();
                    }
                });
        });
}
