//! The inspector's rows that say what a step is and who does it: its name, its id
//! (typed as a draft and checked before it is kept), its stage, and its role with
//! the role's name and hourly cost.

use egui::{Key, Sense, TextEdit, Ui};

use crate::edit::{Edit, RoleField, StepField};
use crate::model::{Pathway, Role};

use crate::app::context::PanelCtx;
use crate::ui::number_field::NumberField;
use crate::ui::picker::{role_picker, stage_picker};
use crate::ui::widgets::{
    WidgetName, focus_selecting_all, seal_when_finished, take_focus_request, typed_text,
};

use super::*;

pub(super) fn name_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let label = row_label(ui, "Step name", "", Sense::hover());
    let mut name = ctx.pathway.steps[index].name.clone();
    let id = ui.make_persistent_id(("inspector_step_name", index));
    if ctx.selection.focus_name && !ui.is_visible() {
        // A new grid's first, invisible sizing pass: the field cannot take the
        // keyboard here, and egui draws the frame again without this input, so
        // what was typed is kept as the name (typing replaces the placeholder).
        let typed = typed_text(ui);
        if !typed.is_empty() {
            let so_far = if ctx.selection.name_typed_early {
                name.clone() + &typed
            } else {
                typed
            };
            set_step(ctx, index, StepField::Name(so_far));
            ctx.selection.name_typed_early = true;
        }
    } else if take_focus_request(ui, &mut ctx.selection.focus_name) {
        if std::mem::take(&mut ctx.selection.name_typed_early) {
            // Typed already: go on typing after it.
            focus_at_end(ui, id, name.chars().count());
        } else {
            // A step just added: type its name at once, over the placeholder.
            focus_selecting_all(ui, id, name.chars().count());
        }
    }
    let response = ui
        .add(
            TextEdit::singleline(&mut name)
                .id(id)
                .desired_width(FIELD_WIDTH),
        )
        .labelled_by(label.id);
    if response.changed() {
        set_step(ctx, index, StepField::Name(name));
    }
    seal_when_finished(ctx.actions, &response);
    ui.end_row();
}

/// A step id being typed: which step it is for, and the text so far.
#[derive(Clone, Debug)]
pub(super) struct IdDraft {
    index: usize,
    text: String,
}

/// The id is edited as a draft and applied on Enter or leaving the field, since
/// renaming it renames every link to the step. Escape cancels. A draft left behind
/// when another step was selected mid-typing is applied to its own step.
pub(super) fn id_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let label = ui.label("Step id").on_hover_text(
        "A short unique name used by links and in the model file, made from the name for new steps; renaming it updates the links",
    );
    let step_id = ctx.pathway.steps[index].id.clone();
    let draft_key = ui.make_persistent_id("step_id_draft");
    let mut text = match ui.data(|d| d.get_temp::<IdDraft>(draft_key)) {
        Some(draft) if draft.index == index => draft.text,
        Some(draft) => {
            commit_id(ctx, draft.index, &draft.text);
            ui.data_mut(|d| d.remove::<IdDraft>(draft_key));
            step_id.clone()
        }
        None => step_id.clone(),
    };
    ui.vertical(|ui| {
        let response = ui
            .add(
                TextEdit::singleline(&mut text)
                    .id(ui.make_persistent_id(("step_id_field", index)))
                    .desired_width(FIELD_WIDTH),
            )
            .labelled_by(label.id);
        if response.lost_focus() {
            ui.data_mut(|d| d.remove::<IdDraft>(draft_key));
            if !ui.input(|i| i.key_pressed(Key::Escape)) {
                commit_id(ctx, index, &text);
            }
        } else if response.has_focus() {
            if let Some(problem) = id_problem(ctx.pathway, index, &text) {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            ui.data_mut(|d| d.insert_temp(draft_key, IdDraft { index, text }));
        } else {
            ui.data_mut(|d| d.remove::<IdDraft>(draft_key));
        }
    });
    ui.end_row();
}

/// Renames step `index` to `text` when that is a new, valid id.
pub(super) fn commit_id(ctx: &mut PanelCtx<'_>, index: usize, text: &str) {
    let Some(step) = ctx.pathway.steps.get(index) else {
        return;
    };
    let new_id = text.trim();
    if new_id != step.id && id_problem(ctx.pathway, index, new_id).is_none() {
        set_step(ctx, index, StepField::Id(new_id.to_owned()));
        ctx.actions.seal = true;
    }
}

/// Why `draft` cannot be the id of step `index`, if it cannot.
pub(super) fn id_problem(pathway: &Pathway, index: usize, draft: &str) -> Option<String> {
    let draft = draft.trim();
    if draft.is_empty() {
        return Some("An id cannot be empty".to_owned());
    }
    match pathway.step_index(draft) {
        Some(other) if other != index => Some(format!(
            "“{draft}” is already used by “{}”",
            pathway.steps[other].name
        )),
        _ => None,
    }
}

pub(super) fn stage_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let label = row_label(ui, "Stage", "", Sense::hover());
    let stage = ctx.pathway.steps[index].stage;
    let name = WidgetName::LabelledBy(label.id);
    if let Some(stage) = stage_picker(ui, "inspector_stage", stage, name) {
        set_step(ctx, index, StepField::Stage(stage));
        ctx.actions.seal = true;
    }
    ui.end_row();
}

pub(super) fn role_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let label = row_label(ui, "Role", "Who does the work", Sense::hover());
    let role = ctx.pathway.steps[index].role.as_deref();
    let name = WidgetName::LabelledBy(label.id);
    ui.horizontal(|ui| {
        if let Some(role) = role_picker(ui, "inspector_role", ctx.pathway, role, name) {
            set_step(ctx, index, StepField::Role(role));
            ctx.actions.seal = true;
        }
        let add = ui
            .button("New role")
            .on_hover_text("Add a role for this step and name it here");
        if add.clicked() {
            new_role(ctx, index);
        }
    });
    ui.end_row();
}

/// Adds a role, gives it to step `index`, and puts the keyboard on its name here.
pub(super) fn new_role(ctx: &mut PanelCtx<'_>, index: usize) {
    let id = crate::edit::unique_id("new_role", |id| ctx.pathway.role(id).is_some());
    ctx.actions
        .edit(Edit::AddRole(Role::new(id.as_str(), "New role", 0.0)));
    set_step(ctx, index, StepField::Role(Some(id)));
    ctx.actions.seal = true;
    ctx.selection.inline_role = Some(ctx.pathway.roles.len());
    ctx.selection.focus_inline_role = true;
}

/// The name and hourly cost of the step's role, always in these two rows (empty
/// with no role), so a role is set up without leaving the step and the rows below
/// never move when the role changes.
pub(super) fn role_detail_rows(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let role_index = ctx.pathway.steps[index]
        .role
        .as_deref()
        .and_then(|id| ctx.pathway.roles.iter().position(|r| r.id == id));
    let label = row_label(
        ui,
        "Role name",
        "The role's name, for every step with this role",
        Sense::hover(),
    );
    match role_index {
        Some(r) => {
            let mut name = ctx.pathway.roles[r].name.clone();
            let id = ui.make_persistent_id(("inspector_role_name", r));
            // Only the role just added: in the frame New role is pressed the step
            // still shows its old role, whose field would take the keyboard (and
            // lose it at once to the Enter that pressed the button).
            if ui.is_visible()
                && ctx.selection.inline_role == Some(r)
                && std::mem::take(&mut ctx.selection.focus_inline_role)
            {
                // Named here, not in the roles table.
                ctx.selection.focus_role_name = false;
                focus_selecting_all(ui, id, name.chars().count());
            }
            let response = ui
                .add(
                    TextEdit::singleline(&mut name)
                        .id(id)
                        .desired_width(FIELD_WIDTH),
                )
                .labelled_by(label.id);
            if response.changed() {
                let field = RoleField::Name(name);
                ctx.actions.edit(Edit::SetRole { index: r, field });
            }
            seal_when_finished(ctx.actions, &response);
        }
        None => {
            let mut none = String::new();
            ui.add_enabled(
                false,
                TextEdit::singleline(&mut none)
                    .hint_text("No role")
                    .desired_width(FIELD_WIDTH),
            )
            .labelled_by(label.id);
        }
    }
    ui.end_row();
    let label = row_label(
        ui,
        "Hourly cost",
        "Fully loaded cost of an hour of the role's time, for every step with this role",
        Sense::hover(),
    );
    let name = WidgetName::LabelledBy(label.id);
    match role_index {
        Some(r) => {
            let role = &ctx.pathway.roles[r];
            let field =
                NumberField::new(("inspector_hourly_cost", &role.id), role.hourly_cost, name)
                    .pence()
                    .prefix("£")
                    .suffix("an hour")
                    .show(ui);
            if let Some(cost) = field.committed {
                let field = RoleField::HourlyCost(cost);
                ctx.actions.edit(Edit::SetRole { index: r, field });
                ctx.actions.seal = true;
            }
        }
        None => {
            ui.add_enabled_ui(false, |ui| {
                NumberField::new("inspector_no_role_cost", 0.0, name)
                    .pence()
                    .prefix("£")
                    .suffix("an hour")
                    .show(ui);
            });
        }
    }
    ui.end_row();
}
