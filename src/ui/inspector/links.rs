//! The inspector's rows about the flow: the shares that reach a step (typed as a
//! percent and kept once the other branches can take the rest), its links out with
//! their shares and their total, and *Add link to…*.

use crate::numbers::percent;
use egui::{Button, Grid, Id, Label, RichText, Sense, Ui};

use crate::edit::Edit;
use crate::model::{LeverValue, Pathway};
use crate::validate::SHARE_TOLERANCE;

use crate::app::context::PanelCtx;
use crate::ui::number_field::NumberField;
use crate::ui::picker::{Choice, Picker};
use crate::ui::widgets::{WidgetName, clipped};

use super::*;

/// For a step that one of several branches leads to: the share of referrals that
/// come this way, typed here; the branches not typed yet take up the rest (see
/// [`commit_share`]).
pub(super) fn inbound_share_rows(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let pathway = ctx.pathway;
    let id = pathway.steps[index].id.as_str();
    for (from, step) in pathway.steps.iter().enumerate() {
        if from == index || step.next.len() < 2 {
            continue;
        }
        let Some(link) = step.next.iter().position(|l| l.to == id) else {
            continue;
        };
        let title = format!("Share from {}", step.name);
        let hover = format!(
            "Share of referrals leaving \"{}\" that come here; right-click to pin it as a lever",
            step.name
        );
        let label = row_label(ui, &title, &hover, Sense::CLICK);
        let value = LeverValue::Share(id.to_owned());
        label.context_menu(|ui| {
            crate::ui::levers::pin_menu_ui(ui, pathway, from, value.clone(), ctx.actions);
        });
        ui.horizontal(|ui| {
            let share = step.next[link].share;
            let field = share_field(
                ui,
                (&step.id, id, "inbound"),
                share,
                WidgetName::Text(&title),
            );
            field.response.context_menu(|ui| {
                crate::ui::levers::pin_menu_ui(ui, pathway, from, value.clone(), ctx.actions);
            });
            if let Some(percent) = field.committed {
                commit_share(ui, ctx, from, link, percent);
            }
            if let Some(note) = takers_note(ui, pathway, from) {
                ui.add(Label::new(RichText::new(clipped(&note, 22, "…")).weak()))
                    .on_hover_text(note);
            }
        });
        ui.end_row();
    }
}

/// A share field, in percent.
pub(super) fn share_field(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    share: f64,
    name: WidgetName<'_>,
) -> crate::ui::number_field::NumberOutput {
    NumberField::new(id_salt, share * 100.0, name)
        .decimals(2)
        .range(0.0, 100.0)
        .suffix("%")
        .width(56.0)
        .hover("Share of referrals leaving the step that go this way; right-click to pin it as a lever")
        .show(ui)
}

/// The links of step `from` the user has typed a share for, by target id, most
/// recent last: view state for this run of the app, not saved.
pub(super) fn typed_key(from_id: &str) -> Id {
    Id::unique(("opmt_typed_shares", from_id))
}

/// The targets that took up the difference when a share of `from` was last typed.
pub(super) fn takers_key(from_id: &str) -> Id {
    Id::unique(("opmt_share_takers", from_id))
}

/// Sets link `link` of step `from` to `percent`: the links not typed yet in this
/// session take up the difference (or the one most recently added, when every
/// other one has been typed), one undo step; the takers are remembered to show.
pub(super) fn commit_share(
    ui: &Ui,
    ctx: &mut PanelCtx<'_>,
    from: usize,
    link: usize,
    percent: f64,
) {
    let step = &ctx.pathway.steps[from];
    let mut typed: Vec<String> = ui
        .data(|d| d.get_temp(typed_key(&step.id)))
        .unwrap_or_default();
    let typed_links: Vec<usize> = typed
        .iter()
        .filter_map(|to| step.next.iter().position(|l| &l.to == to))
        .collect();
    let takers = crate::shares::takers(step.next.len(), link, &typed_links);
    let taker_ids: Vec<String> = takers.iter().map(|&k| step.next[k].to.clone()).collect();
    let to = step.next[link].to.clone();
    typed.retain(|t| *t != to);
    typed.push(to);
    ui.data_mut(|d| {
        d.insert_temp(typed_key(&step.id), typed);
        d.insert_temp(takers_key(&step.id), taker_ids);
    });
    ctx.actions.edit(Edit::SetShareTakenFrom {
        from,
        link,
        share: percent / 100.0,
        takers,
    });
    ctx.actions.seal = true;
}

/// "Booking took up the rest", naming the links that took up the difference when
/// a share of step `from` was last typed.
pub(super) fn takers_note(ui: &Ui, pathway: &Pathway, from: usize) -> Option<String> {
    let step = &pathway.steps[from];
    let takers: Vec<String> = ui.data(|d| d.get_temp(takers_key(&step.id)))?;
    let names: Vec<String> = takers
        .iter()
        .filter(|to| step.next.iter().any(|l| &l.to == *to))
        .map(|to| target_label(pathway, to))
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("{one} took up the rest")),
        [rest @ .., last] => Some(format!("{} and {last} took up the rest", rest.join(", "))),
    }
}

/// Where referrals go next: each link's target and share, the total, and adding links.
pub(super) fn links_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    ui.strong("Where referrals go next");
    let step = &ctx.pathway.steps[index];
    if step.next.is_empty() {
        ui.weak("Nowhere: this is an end step.");
    } else {
        Grid::new("inspector_links")
            .num_columns(3)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                for link in 0..step.next.len() {
                    link_row(ui, ctx, index, link);
                    ui.end_row();
                }
            });
        if let Some(note) = takers_note(ui, ctx.pathway, index) {
            ui.add(
                Label::new(RichText::new(format!("{note} when a share was last typed.")).weak())
                    .wrap(),
            );
        }
        share_total_ui(ui, ctx, index);
    }
    add_link_ui(ui, ctx, index);
}

/// The name of the step a link goes to, or its id when there is no such step.
pub(super) fn target_label(pathway: &Pathway, to: &str) -> String {
    pathway.step_index(to).map_or_else(
        || format!("Unknown step “{to}”"),
        |i| pathway.steps[i].name.clone(),
    )
}

/// A link's target, its share, and a Remove button that Tab passes over (so Tab
/// goes from share to share), still a click away.
pub(super) fn link_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, from: usize, link: usize) {
    let pathway = ctx.pathway;
    let current = &pathway.steps[from].next[link];
    let target = target_label(pathway, &current.to);
    let choices: Vec<Choice<String>> = pathway
        .steps
        .iter()
        .map(|s| Choice::new(s.id.clone(), s.name.as_str()))
        .collect();
    let position = choices.iter().position(|c| c.value == current.to);
    let name = format!("Link {} goes to", link + 1);
    let output = Picker::new(
        ("inspector_link_target", link),
        WidgetName::Text(&name),
        &target,
    )
    .current(position)
    .width(PICKER_WIDTH)
    .show(ui, &choices);
    if let Some(to) = output.picked.filter(|to| *to != current.to) {
        ctx.actions.edit(Edit::SetLinkTarget { from, link, to });
        ctx.actions.seal = true;
    }
    let share_name = format!("Share to {target}");
    let field = share_field(
        ui,
        (&pathway.steps[from].id, &current.to, "outbound"),
        current.share,
        WidgetName::Text(&share_name),
    );
    field.response.context_menu(|ui| {
        let value = LeverValue::Share(current.to.clone());
        crate::ui::levers::pin_menu_ui(ui, ctx.pathway, from, value, ctx.actions);
    });
    if let Some(percent) = field.committed {
        commit_share(ui, ctx, from, link, percent);
    }
    let remove = ui
        .add(Button::new("Remove").small().sense(Sense::CLICK))
        .accessible_name(format!("Remove link to {target}"))
        .on_hover_text("Remove this link");
    if remove.clicked() {
        ctx.actions.edit(Edit::RemoveLink { from, link });
        ctx.actions.seal = true;
    }
}

/// The total of the shares, and a button to make them add up when they do not.
pub(super) fn share_total_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let total: f64 = ctx.pathway.steps[index].next.iter().map(|l| l.share).sum();
    if (total - 1.0).abs() <= SHARE_TOLERANCE {
        ui.weak("Total 100%");
        return;
    }
    let message = format!("These add up to {}, not 100%.", percent(total));
    ui.colored_label(ui.visuals().error_fg_color, RichText::new(message).strong());
    let button = Button::new(RichText::new("Make these add up to 100%").strong())
        .fill(ui.visuals().selection.bg_fill);
    let response = ui.add(button).on_hover_text(
        "Scale the shares in proportion so that they add up to exactly 100% \
         (equal shares if they are all 0)",
    );
    if response.clicked() {
        ctx.actions.edit(Edit::BalanceShares(index));
        ctx.actions.seal = true;
    }
}

/// A picker of the steps this one does not link to yet.
pub(super) fn add_link_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, from: usize) {
    let pathway = ctx.pathway;
    let step = &pathway.steps[from];
    let choices: Vec<Choice<usize>> = (0..pathway.steps.len())
        .filter(|&j| j != from && !step.next.iter().any(|l| l.to == pathway.steps[j].id))
        .map(|j| Choice::new(j, pathway.steps[j].name.as_str()))
        .collect();
    if choices.is_empty() {
        return;
    }
    let output = Picker::new(
        "inspector_add_link",
        WidgetName::Text("Add link to…"),
        "Add link to…",
    )
    .width(FIELD_WIDTH)
    .show(ui, &choices);
    output
        .response
        .on_hover_text("Send some referrals from this step to another step");
    if let Some(to) = output.picked {
        ctx.actions.edit(Edit::AddLink { from, to });
        ctx.actions.seal = true;
    }
}
