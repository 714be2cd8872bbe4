//! The line above the headline figures that says plainly what is being compared
//! with what, offers to change it, and says when the figures are not up to date.

use egui::RichText;

use crate::app::command::Command;
use crate::app::context::Actions;
use crate::app::workspace::Comparing;
use crate::compare::{RoleMapping, RoleMatch};
use crate::edit::{Edit, RoleField};
use crate::numbers::grouped;

/// Points of height the lists of differences and of the rate card take at most.
const LIST_HEIGHT: f32 = 240.0;

/// "Comparing *Current* (12,000 referrals a year) with *Best practice*", a menu to
/// change the comparison, and a warning while the figures wait for a fix.
pub fn comparing_ui(ui: &mut egui::Ui, names: &[String; 2], c: &Comparing, actions: &mut Actions) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Comparing");
        ui.label(RichText::new(&names[0]).strong());
        ui.label(format!(
            "(current, {} referrals a year) with",
            grouped(c.annual_referrals, 0)
        ));
        ui.label(RichText::new(&names[1]).strong());
        let (option, options) = c.option;
        if options > 1 {
            ui.label(format!("(option {option} of {options})"));
        }
        ui.menu_button("Change comparison", |ui| change_menu_ui(ui, actions));
    });
    if c.current_is_new && c.follows_best_practice {
        ui.label(
            RichText::new(
                "This is a new pathway, compared with best practice applied to it: as its steps go in, each best-practice measure applies once it finds a step to change, so the saving is the process's alone. Change comparison > Best practice for this pathway… chooses the measures.",
            )
            .weak(),
        );
    } else if c.current_is_new {
        ui.label(
            RichText::new(
                "This is a new pathway: the figures compare it with the pathway named above. Once its steps are in, Change comparison > Best practice for this pathway… compares it like for like, with best practice applied to a copy of it.",
            )
            .color(ui.visuals().warn_fg_color),
        );
    }
    if let Some(error) = &c.first_error {
        let text = if c.stale {
            format!("Figures are from before your last change, until this is fixed: {error}")
        } else {
            format!("No figures until this is fixed: {error}")
        };
        ui.label(RichText::new(text).color(ui.visuals().warn_fg_color));
    }
    cautions_ui(ui, c, actions);
    rate_card_ui(ui, c, actions);
}

/// "Not like for like": how many differences and the money they put in doubt, each
/// with what to do, and the way to a fair comparison.
fn cautions_ui(ui: &mut egui::Ui, c: &Comparing, actions: &mut Actions) {
    if c.cautions.is_empty() || c.first_error.is_some() {
        return;
    }
    // The largest amount alone: the differences overlap (a role's hours include its
    // clinical time), so their sum would count some money twice.
    let largest = c
        .cautions
        .iter()
        .filter_map(|w| w.at_stake_per_year)
        .map(f64::abs)
        .fold(0.0, f64::max);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "Not like for like: {} difference{} between the pathways; the largest puts £{} a year of the saving in question.",
                c.cautions.len(),
                if c.cautions.len() == 1 { "" } else { "s" },
                grouped(largest, 0)
            ))
            .color(ui.visuals().warn_fg_color)
            .strong(),
        );
        if ui
            .button(Command::BestPracticeForThisPathway.label())
            .on_hover_text("Compare with a copy of your own process with best practice applied")
            .clicked()
        {
            actions.command(Command::BestPracticeForThisPathway);
        }
    });
    egui::CollapsingHeader::new("Why the figures are not like for like")
        .id_salt("opmt-cautions")
        .show(ui, |ui| {
            // The list scrolls rather than push the panels above it off the window.
            egui::ScrollArea::vertical()
                .id_salt("opmt-cautions-list")
                .max_height(LIST_HEIGHT)
                .show(ui, |ui| {
                    for caution in &c.cautions {
                        ui.label(format!("• {}", caution.message));
                    }
                });
        });
}

/// The proposed pathway's roles as the comparison costs them, where that is not
/// simply their own rate under their own id, each with the current role it is costed
/// as, to choose.
fn rate_card_ui(ui: &mut egui::Ui, c: &Comparing, actions: &mut Actions) {
    let notable: Vec<_> = c
        .rate_card
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_notable())
        .collect();
    if notable.is_empty() || c.first_error.is_some() {
        return;
    }
    let unmapped = notable
        .iter()
        .filter(|(_, m)| m.matched == RoleMatch::Unmapped)
        .count();
    egui::CollapsingHeader::new(format!(
        "Rate card: {} role{} of the comparison costed at the current process's rates or flagged ({unmapped} unmapped)",
        notable.len(),
        if notable.len() == 1 { "" } else { "s" },
    ))
    .id_salt("opmt-rate-card")
    .show(ui, |ui| {
        ui.weak("Each role of the compared pathway is costed as the current process's role of the same id or name; choose another, or keep its own rate (it is then flagged).");
        egui::ScrollArea::vertical()
            .id_salt("opmt-rate-card-list")
            .max_height(LIST_HEIGHT)
            .show(ui, |ui| mappings_ui(ui, &notable, c, actions));
    });
}

/// Each notable role of the rate card, with its choice; a choice made queues the edit
/// of the compared pathway's role.
fn mappings_ui(
    ui: &mut egui::Ui,
    notable: &[(usize, &RoleMapping)],
    c: &Comparing,
    actions: &mut Actions,
) {
    for &(k, m) in notable {
        if let Some(to) = mapping_ui(ui, m, &c.current_roles) {
            actions.command(Command::EditPathway {
                pathway: c.option.0,
                edit: Box::new(Edit::SetRole {
                    index: k,
                    field: RoleField::CostedAs(to),
                }),
            });
        }
    }
}

/// One role on the rate card: how it is costed, and a choice of the current role to
/// cost it as. The choice made, if any (none: by id or name).
fn mapping_ui(
    ui: &mut egui::Ui,
    m: &RoleMapping,
    current_roles: &[(String, String)],
) -> Option<Option<String>> {
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(m.describe());
        let shown = match (&m.costed_as, m.matched) {
            (Some(name), RoleMatch::Chosen) => name.clone(),
            _ => "by id or name".to_owned(),
        };
        egui::ComboBox::from_label(format!("cost {} as", m.name))
            .selected_text(shown)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(m.matched != RoleMatch::Chosen, "by id or name")
                    .clicked()
                {
                    chosen = Some(None);
                }
                for (id, name) in current_roles {
                    let on = m.matched == RoleMatch::Chosen && m.costed_as.as_ref() == Some(name);
                    if ui.selectable_label(on, name).clicked() {
                        chosen = Some(Some(id.clone()));
                    }
                }
            });
    });
    chosen
}

fn change_menu_ui(ui: &mut egui::Ui, actions: &mut Actions) {
    ui.label("Compare the current process with");
    let commands = std::iter::once(Command::BestPracticeForThisPathway)
        .chain((0..crate::bundled::ALL.len()).map(Command::CompareWithBundled))
        .chain([Command::CompareWithFile]);
    for command in commands {
        if ui.button(command.label()).clicked() {
            actions.command(command);
            ui.close();
        }
    }
    ui.separator();
    if ui.button(Command::SwapPathways.label()).clicked() {
        actions.command(Command::SwapPathways);
        ui.close();
    }
}
