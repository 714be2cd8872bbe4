//! The headline strip under every layout: the saving by kind of money (cash first,
//! the total as economic value, an organisation that spends more named), its 90%
//! range, and the figures a business case quotes beside it.

use egui::{Color32, RichText};

use crate::business::BusinessCase;
use crate::classes::{Classes, LineKind, TOTAL_CAPTION, quicker_or_slower, saved_or_more};
use crate::compare::Comparison;
use crate::numbers::{grouped, pounds};
use crate::render::business::interval;
use crate::series::Headline;

/// The headline strip: the figures a business case quotes.
pub fn headline_ui(
    ui: &mut egui::Ui,
    comparison: Option<&Comparison>,
    case: Option<&BusinessCase>,
) {
    let Some(c) = comparison else {
        ui.label("Results appear when both pathways have no errors: see Problems for what to fix.");
        return;
    };
    let h = Headline::of(c);
    let classes = case.map_or_else(|| c.classes(), |b| b.classes.clone());
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 18.0;
        classes_figure(ui, &classes, case);
        figure(
            ui,
            "Cost per referral",
            &format!(
                "{} to {}",
                pounds(h.cost_per_referral[0], 2),
                pounds(h.cost_per_referral[1], 2)
            ),
            &format!(
                "staff hours a year: {}",
                saved_or_more(h.staff_hours[0] - h.staff_hours[1], |v| grouped(v, 0))
            ),
        );
        figure(
            ui,
            "Days per referral",
            &quicker_or_slower(h.elapsed_days[0] - h.elapsed_days[1]),
            &format!(
                "{} to {} days",
                grouped(h.elapsed_days[0], 1),
                grouped(h.elapsed_days[1], 1)
            ),
        );
        figure(
            ui,
            "Letters per referral",
            &arrow(h.letters_per_referral, 2),
            "",
        );
        figure(
            ui,
            "Calls per referral",
            &arrow(h.calls_per_referral, 2),
            "",
        );
        figure(
            ui,
            "Appointments avoided a year",
            &grouped(h.appointments_avoided, 0),
            "ending in advice or return instead",
        );
        figure(
            ui,
            "DNAs per 1,000 referrals",
            &arrow(h.dnas_per_1000, 0),
            "",
        );
        figure(
            ui,
            "Failure demand per 1,000",
            &arrow(h.failure_demand_per_1000, 0),
            "chases, rejections, slot issues, rebookings, DNAs",
        );
    });
}

/// The economic value a year with its classes on short lines (cash first), any
/// organisation against the total, and the 90% range.
fn classes_figure(ui: &mut egui::Ui, classes: &Classes, case: Option<&BusinessCase>) {
    ui.vertical(|ui| {
        ui.weak(TOTAL_CAPTION)
            .on_hover_text("Cash, staff time and capacity together: not all of it is money saved");
        ui.label(
            RichText::new(pounds(classes.economic_value(), 0))
                .size(22.0)
                .strong(),
        );
        for line in classes.lines() {
            let text = format!(
                "{}: {}",
                line.label,
                saved_or_more(line.amount, |v| pounds(v, 0))
            );
            let rich = match line.kind {
                LineKind::Cash => RichText::new(text).strong(),
                LineKind::NonCash => RichText::new(text).weak(),
                LineKind::Organisation => RichText::new(text).color(ui.visuals().warn_fg_color),
            };
            ui.add(egui::Label::new(rich).extend())
                .on_hover_text(&line.note);
        }
        if let Some(u) = case
            .map(|b| &b.uncertainty)
            .filter(|u| !u.annual_saving.is_point())
        {
            ui.add(
                egui::Label::new(
                    RichText::new(format!(
                        "90% range {} a year",
                        interval(&u.annual_saving, 0)
                    ))
                    .color(Color32::GRAY),
                )
                .extend(),
            )
            .on_hover_text(format!(
                "{} draws of {} uncertain inputs; saves in {:.0}% of them",
                grouped(u.draws as f64, 0),
                u.inputs,
                u.probability_saves * 100.0
            ));
        }
    });
}

/// "a to b": a pair of figures, current then proposed.
pub(super) fn arrow(pair: [f64; 2], decimals: usize) -> String {
    format!(
        "{} to {}",
        grouped(pair[0], decimals),
        grouped(pair[1], decimals)
    )
}

fn figure(ui: &mut egui::Ui, label: &str, value: &str, note: &str) {
    ui.vertical(|ui| {
        ui.weak(label);
        ui.label(RichText::new(value).size(22.0).strong());
        if !note.is_empty() {
            ui.weak(note);
        }
    });
}
