//! The steps table (the roles table and the settings are in [`super::roles`]).
//!
//! Both edit in place and, like every panel, only queue edits. Table cells have no
//! visible label of their own, so each input is named after its column and row,
//! e.g. "Touch minutes of Register the referral on PAS".

use crate::numbers::{pence, percent};
use egui::{Align, Layout, ScrollArea, TextEdit, Ui};
use egui_extras::{Column, TableBuilder, TableRow};

use crate::edit::{Edit, StepField};
use crate::model::{Pathway, Step};

use super::estimate_editor::{EstimateEditor, STEP_ESTIMATES};
use super::picker::{role_picker, stage_picker};
use super::widgets::{WidgetName, seal_when_finished};
use crate::app::command::Command;
use crate::app::context::PanelCtx;

/// Height of a table row, in points.
pub(crate) const ROW_HEIGHT: f32 = 28.0;
/// Height of a table header, in points.
pub(crate) const HEADER_HEIGHT: f32 = 24.0;

/// All steps in a table, editable in place.
pub fn steps_table_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    if ctx.pathway.steps.is_empty() {
        ui.label("There are no steps yet. Add one with “Add step”.");
        return;
    }
    let (pathway, report) = (ctx.pathway, ctx.report);
    super::chart_frame::table_buttons_ui(
        ui,
        "steps",
        || crate::export::table::steps_table(pathway, report),
        ctx.actions,
    );
    // Wider than a small window: scroll sideways rather than squash the columns.
    ScrollArea::horizontal()
        .id_salt("steps_table_scroll")
        .show(ui, |ui| steps_table(ui, ctx));
}

fn steps_table(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    let with_report = ctx.report.is_some();
    let mut table = TableBuilder::new(ui)
        .id_salt("steps_table")
        .striped(true)
        .resizable(true)
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::exact(36.0))
        .column(Column::initial(250.0).at_least(120.0).clip(true))
        .column(Column::initial(140.0).at_least(100.0))
        .column(Column::initial(190.0).at_least(100.0))
        .columns(Column::initial(125.0).at_least(90.0), 3);
    table = if with_report {
        table
            .column(Column::initial(200.0).at_least(80.0).clip(true))
            .column(Column::initial(60.0).at_least(50.0))
            .column(Column::remainder().at_least(100.0))
    } else {
        table.column(Column::remainder().at_least(200.0).clip(true))
    };
    table
        .header(HEADER_HEIGHT, |header| steps_header(header, with_report))
        .body(|body| {
            let count = ctx.pathway.steps.len();
            body.rows(ROW_HEIGHT, count, |mut row| {
                let index = row.index();
                row.set_selected(ctx.selection.step == Some(index));
                step_row(&mut row, ctx, index);
            });
        });
}

fn steps_header(mut header: TableRow<'_, '_>, with_report: bool) {
    let mut titles = vec![
        ("#", "Step number; click one to show the step on the map"),
        ("Step name", "What happens at this step"),
        ("Stage", "The stage of the pathway"),
        ("Role", "Who does the work"),
        (
            "Touch minutes",
            "Staff minutes each pass; ranges read low–likely–high",
        ),
        ("Wait days", "Elapsed days until the next step can start"),
        (
            "Unit cost (£)",
            "Consumables each pass (postage, printing, texts)",
        ),
        (
            "Next",
            "Where referrals go next, with the share taking each way",
        ),
    ];
    if with_report {
        titles.push(("Visits", "Expected passes per referral"));
        titles.push((
            "£ per referral",
            "Expected cost per referral (staff and consumables)",
        ));
    }
    for (title, help) in titles {
        header.col(|ui| {
            ui.strong(title).on_hover_text(help);
        });
    }
}

/// How a step is named in its row's accessible names: its name, or its id when the
/// name is empty.
fn row_name(step: &Step) -> &str {
    if step.name.trim().is_empty() {
        &step.id
    } else {
        &step.name
    }
}

fn step_row(row: &mut TableRow<'_, '_>, ctx: &mut PanelCtx<'_>, index: usize) {
    let pathway = ctx.pathway;
    let step = &pathway.steps[index];
    let name = row_name(step);
    row.col(|ui| select_cell(ui, ctx, index, name));
    row.col(|ui| {
        select_on_press(ui, ctx, index);
        name_cell(ui, ctx, index);
    });
    row.col(|ui| {
        select_on_press(ui, ctx, index);
        let label = format!("Stage of {name}");
        let name = WidgetName::Text(&label);
        if let Some(stage) = stage_picker(ui, ("stage", &step.id), step.stage, name) {
            set_step(ctx, index, StepField::Stage(stage));
            ctx.actions.seal = true;
        }
    });
    row.col(|ui| {
        select_on_press(ui, ctx, index);
        let label = format!("Role of {name}");
        let role = step.role.as_deref();
        let name = WidgetName::Text(&label);
        if let Some(role) = role_picker(ui, ("role", &step.id), pathway, role, name) {
            set_step(ctx, index, StepField::Role(role));
            ctx.actions.seal = true;
        }
    });
    for estimate in STEP_ESTIMATES {
        row.col(|ui| {
            select_on_press(ui, ctx, index);
            let label = format!("{} of {name}", estimate.title);
            let output = EstimateEditor::new(&label, estimate.unit, (&step.id, estimate.key))
                .compact()
                .show(ui, (estimate.read)(step));
            if let Some(fields) = &output.fields {
                fields.context_menu(|ui| {
                    let value = (estimate.lever)();
                    super::levers::pin_menu_ui(ui, ctx.pathway, index, value, ctx.actions);
                });
            }
            if let Some(value) = output.estimate {
                set_step(ctx, index, (estimate.field)(value));
            }
            ctx.actions.seal |= output.finished;
        });
    }
    row.col(|ui| {
        select_on_press(ui, ctx, index);
        next_cell(ui, pathway, step);
    });
    if let Some(result) = ctx.report.and_then(|r| r.steps.get(index)) {
        row.col(|ui| {
            ui.label(format!("{:.2}", result.visits));
        });
        row.col(|ui| {
            ui.label(pence(result.cost()));
        });
    }
}

/// Editing a cell selects its row, so the inspector and the map follow.
fn set_step(ctx: &mut PanelCtx<'_>, index: usize, field: StepField) {
    ctx.selection.step = Some(index);
    ctx.actions.edit(Edit::SetStep { index, field });
}

/// Pressing anywhere in a cell (a field, a list, the space around them) selects its row.
fn select_on_press(ui: &Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let cell = ui.max_rect();
    let pressed = ui.input(|i| {
        i.pointer.any_pressed() && i.pointer.interact_pos().is_some_and(|p| cell.contains(p))
    });
    if pressed && ui.is_rect_visible(cell) {
        ctx.selection.step = Some(index);
    }
}

/// The step number; clicking it selects the step and shows it on the map.
fn select_cell(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize, name: &str) {
    let selected = ctx.selection.step == Some(index);
    let response = ui
        .selectable_label(selected, (index + 1).to_string())
        .accessible_name(format!("Show {name}"))
        .on_hover_text(
            "Select this step and show it on the map; right-click to pin its values as levers",
        );
    if response.clicked() {
        ctx.selection.step = Some(index);
        ctx.actions.command(Command::Focus(index));
    }
    response.context_menu(|ui| {
        super::levers::pin_step_menu_ui(ui, ctx.pathway, index, ctx.actions);
    });
}

fn name_cell(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let step = &ctx.pathway.steps[index];
    let mut name = step.name.clone();
    let response = ui
        .add(TextEdit::singleline(&mut name).desired_width(f32::INFINITY))
        .accessible_name(format!("Name of step {}", step.id));
    if response.changed() {
        set_step(ctx, index, StepField::Name(name));
    }
    seal_when_finished(ctx.actions, &response);
}

/// "Book appointment 92%, Rebook 8%", or the outcome of an end step.
fn next_summary(pathway: &Pathway, step: &Step) -> String {
    if step.next.is_empty() {
        return step
            .outcome
            .map_or_else(|| "End".to_owned(), |o| format!("End: {}", o.name()));
    }
    step.next
        .iter()
        .map(|l| {
            let target = pathway
                .step_index(&l.to)
                .map_or(l.to.as_str(), |i| row_name(&pathway.steps[i]));
            format!("{target} {}", percent(l.share))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The next-steps summary, with the targets' full names on hover.
fn next_cell(ui: &mut Ui, pathway: &Pathway, step: &Step) {
    let details: Vec<String> = step
        .next
        .iter()
        .map(|l| {
            let name = pathway
                .step_index(&l.to)
                .map_or(l.to.as_str(), |i| pathway.steps[i].name.as_str());
            format!("{} to {name}", percent(l.share))
        })
        .collect();
    let response = ui.add(egui::Label::new(next_summary(pathway, step)).truncate());
    if !details.is_empty() {
        response.on_hover_text(details.join("\n"));
    }
}
