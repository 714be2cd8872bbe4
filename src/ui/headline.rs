//! The headline strip under every layout: the saving by kind of money (cash first,
//! the total as economic value, an organisation that spends more named), its 90%
//! range (worked out in the background: marked while it catches up with an edit),
//! and the figures a business case quotes beside it.

use egui::{Color32, RichText};

use crate::business::BusinessCase;
use crate::classes::{Classes, LineKind, TOTAL_CAPTION, saved_or_more};
use crate::numbers::{grouped, pounds};
use crate::render::business::interval;
use crate::render::figures::{Figure, HeadlineFigures};
use crate::session::Ranges;

/// What stands for the range while the background run catches up with an edit.
pub(crate) const RANGE_UPDATING: &str = "range updating…";

/// The headline strip: the figures a business case quotes.
/// `figures` are the session's, worded once with the comparison.
pub fn headline_ui(
    ui: &mut egui::Ui,
    figures: Option<&HeadlineFigures>,
    case: Option<&BusinessCase>,
    ranges: Option<Ranges<'_>>,
) {
    let (Some(figures), Some(case)) = (figures, case) else {
        ui.label("Results appear when both pathways have no errors: see Problems for what to fix.");
        return;
    };
    // The kinds of money on the left; the other figures to its right, wrapping into a
    // second row on a narrow window rather than squeezing their words.
    ui.horizontal_top(|ui| {
        ui.spacing_mut().item_spacing.x = 14.0;
        classes_figure(ui, &case.classes, ranges);
        other_figures_ui(ui, &figures.others);
    });
}

/// Width the seven figures beside the kinds of money need on one row.
const ONE_ROW_WIDTH: f32 = 1180.0;

/// Cost, days, letters, calls, appointments avoided, DNAs and failure demand, and
/// slot issues when a capacity section applies: on one row when there is room, else
/// on two, never with their words squeezed.
fn other_figures_ui(ui: &mut egui::Ui, figures: &[Figure]) {
    let show = |ui: &mut egui::Ui, row: &[Figure]| {
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = 18.0;
            for f in row {
                let response = figure(ui, &f.caption, &f.value, &f.note);
                if !f.tip.is_empty() {
                    response.on_hover_text(&f.tip);
                }
            }
        });
    };
    if ui.available_width() >= ONE_ROW_WIDTH / 7.0 * figures.len() as f32 {
        show(ui, figures);
    } else {
        let half = figures.len().div_ceil(2);
        ui.vertical(|ui| {
            show(ui, &figures[..half]);
            show(ui, &figures[half..]);
        });
    }
}

/// The economic value a year with its classes on short lines (cash first), any
/// organisation against the total, and the 90% range: the last one worked out for
/// these pathways, marked while a newer one is on its way (none before the first).
fn classes_figure(ui: &mut egui::Ui, classes: &Classes, ranges: Option<Ranges<'_>>) {
    ui.vertical(|ui| {
        ui.weak(TOTAL_CAPTION)
            .on_hover_text("Cash, staff time and capacity together: not all of it is money saved");
        // The total with its 90% range beside it, so the strip stays six lines high.
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(pounds(classes.economic_value(), 0))
                    .size(22.0)
                    .strong(),
            );
            if let Some(u) = ranges
                .map(|r| r.uncertainty)
                .filter(|u| !u.annual_saving.is_point())
            {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!(
                            "90%: {}–{}",
                            pounds(u.annual_saving.p5, 0),
                            pounds(u.annual_saving.p95, 0)
                        ))
                        .color(Color32::GRAY),
                    )
                    .extend(),
                )
                .on_hover_text(format!(
                    "The 90% range of the economic value a year, {}: {} draws of {} uncertain inputs; saves in {:.0}% of them",
                    interval(&u.annual_saving, 0),
                    grouped(u.draws as f64, 0),
                    u.inputs,
                    u.probability_saves * 100.0
                ));
            }
            if ranges.is_none_or(|r| !r.is_current) {
                ui.add(egui::Label::new(RichText::new(RANGE_UPDATING).weak().italics()).extend())
                    .on_hover_text(
                        "The 90% range is being worked out again for the pathways as they are now",
                    );
            }
        });
        let lines = classes.lines();
        for line in lines.iter().filter(|l| l.kind != LineKind::Organisation) {
            let text = format!(
                "{}: {}",
                line.label,
                saved_or_more(line.amount, |v| pounds(v, 0))
            );
            let rich = if line.kind == LineKind::Cash {
                RichText::new(text).strong()
            } else {
                RichText::new(text).weak()
            };
            ui.add(egui::Label::new(rich).extend())
                .on_hover_text(&line.note);
        }
        // Every organisation against the total on one line.
        ui.horizontal(|ui| {
            for line in lines.iter().filter(|l| l.kind == LineKind::Organisation) {
                let text = format!(
                    "{}: {}",
                    line.label,
                    saved_or_more(line.amount, |v| pounds(v, 0))
                );
                ui.add(
                    egui::Label::new(RichText::new(text).color(ui.visuals().warn_fg_color))
                        .extend(),
                )
                .on_hover_text(&line.note);
            }
        });
    });
}

/// One figure: its caption, its value large, and a note, never wrapped (the strip
/// wraps whole figures instead).
fn figure(ui: &mut egui::Ui, label: &str, value: &str, note: &str) -> egui::Response {
    ui.vertical(|ui| {
        ui.add(egui::Label::new(RichText::new(label).weak()).extend());
        ui.add(egui::Label::new(RichText::new(value).size(22.0).strong()).extend());
        if !note.is_empty() {
            ui.add(egui::Label::new(RichText::new(note).weak()).extend());
        }
    })
    .response
}
