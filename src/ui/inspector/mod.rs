//! The inspector: every detail of the selected step, editable, with the step's
//! problems and what it costs per referral. With nothing selected it shows a hint
//! and the pathway's problems.
//!
//! Its rows keep their places: labels have one width (long ones cut, in full on
//! hover), the role's name and hourly cost always have their rows, and the step's
//! problems come after its fields, so a field never moves under the mouse while
//! the step is edited.
//!
//! Like every panel it only reads the pathway; changes are queued as edits.

use crate::numbers::{pence, trimmed};
use egui::{Align, Grid, Label, Layout, RichText, ScrollArea, Sense, TextEdit, Ui};

use crate::edit::{Edit, StepField};
use crate::model::{Counter, Outcome, Pathway};
use crate::validate::{Problem, ProblemKind, Subject};

use super::estimate_editor::{EstimateEditor, STEP_ESTIMATES, Unit};
use super::picker::{Choice, Picker};
use super::widgets::{WidgetName, problem_list_ui, seal_when_finished};
use crate::app::command::Command;
use crate::app::context::{PanelCtx, stage_colour};

mod identity;
mod links;

use identity::{id_row, name_row, role_detail_rows, role_row, stage_row};
use links::{inbound_share_rows, links_ui};

/// Width of the label column in the details grid, in points.
const LABEL_WIDTH: f32 = 104.0;
/// Width of a text field in the details grid, in points.
const FIELD_WIDTH: f32 = 200.0;
/// Width of a picker in the details grid, in points.
const PICKER_WIDTH: f32 = 150.0;

/// Draws the inspector for the selected step (or a hint when none is selected).
pub fn inspector_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    let selected = ctx
        .selection
        .step
        .filter(|&index| index < ctx.pathway.steps.len());
    ScrollArea::vertical()
        .id_salt("inspector_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| match selected {
            Some(index) => step_ui(ui, ctx, index),
            None => nothing_selected_ui(ui, ctx),
        });
}

/// The hint shown with no step selected, the pathway's problems and the steps that
/// have problems (each a link to the step).
fn nothing_selected_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    ui.heading("No step selected");
    ui.label("Click a step on the map to edit it. Double-click empty space to add one.");
    let pathway_problems: Vec<&Problem> = ctx
        .problems
        .iter()
        .filter(|p| p.subject == Subject::Pathway)
        .collect();
    if !pathway_problems.is_empty() {
        ui.add_space(8.0);
        ui.strong("Pathway problems");
        problem_list_ui(ui, pathway_problems, None);
    }
    steps_with_problems_ui(ui, ctx);
}

/// Steps that have problems, each a button that shows the step.
fn steps_with_problems_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    let mut indices: Vec<usize> = ctx
        .problems
        .iter()
        .filter_map(|p| match p.subject {
            Subject::Step(i) if i < ctx.pathway.steps.len() => Some(i),
            _ => None,
        })
        .collect();
    indices.dedup();
    if indices.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong("Steps with problems");
    ui.weak("Click one to show it.");
    for index in indices {
        let name = &ctx.pathway.steps[index].name;
        if ui
            .link(name.as_str())
            .on_hover_text("Show this step")
            .clicked()
        {
            ctx.selection.step = Some(index);
            ctx.actions.command(Command::Focus(index));
        }
    }
}

/// Everything about one step.
fn step_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let step = &ctx.pathway.steps[index];
    header_ui(ui, ctx.pathway, index);
    per_referral_ui(ui, ctx, index);
    let (link_problems, other_problems): (Vec<&Problem>, Vec<&Problem>) = ctx
        .problems
        .iter()
        .filter(|p| p.subject == Subject::Step(index))
        .partition(|p| p.kind.is_about_links());
    ui.add_space(6.0);
    details_ui(ui, ctx, index);
    // After the fields, so that a problem coming or going never moves them.
    problem_list_ui(ui, other_problems, Some(&step.id));
    ui.separator();
    links_ui(ui, ctx, index);
    let link_problems = link_problems
        .into_iter()
        .filter(|p| p.kind != ProblemKind::SharesTotal);
    problem_list_ui(ui, link_problems, Some(&step.id));
    ui.separator();
    counts_ui(ui, ctx, index);
    scope_ui(ui, ctx, index);
    ui.separator();
    source_ui(ui, ctx, index);
    egui::CollapsingHeader::new("Advanced")
        .id_salt("inspector_advanced")
        .show(ui, |ui| {
            Grid::new("inspector_advanced_grid")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| id_row(ui, ctx, index));
        });
}

/// Whether the step's staff time is clinical time left out of comparisons. Shown for
/// every step, so the panel never moves; a DNA stays in scope.
fn scope_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let step = &ctx.pathway.steps[index];
    let dna = step.counts_as.contains(&Counter::Dna);
    let mut out = step.out_of_scope && !dna;
    let response = ui
        .add_enabled(
            !dna,
            egui::Checkbox::new(&mut out, "Clinical time: out of scope of comparisons"),
        )
        .on_hover_text(
            "The staff time here is clinical time at an attended appointment, not part of the referral process: it stays in this pathway's figures but is left out of both sides of a comparison, so it is never a saving",
        )
        .on_disabled_hover_text("A DNA's lost slot stays in scope: the process can save it");
    if response.changed() {
        set_step(ctx, index, StepField::OutOfScope(out));
    }
}

/// What a pass through the step counts as (letters, calls, failure demand), as
/// toggles; a counter the step has more than once shows how many times.
fn counts_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    ui.strong("Each pass counts as")
        .on_hover_text("Counted in the results: letters and calls per referral, DNAs and failure demand per 1,000 referrals");
    let counts = &ctx.pathway.steps[index].counts_as;
    ui.horizontal_wrapped(|ui| {
        for counter in Counter::ALL {
            let times = counts.iter().filter(|&&c| c == counter).count();
            let text = match times {
                0 | 1 => counter.label().to_owned(),
                n => format!("{} x{n}", counter.label()),
            };
            if ui.selectable_label(times > 0, text).clicked() {
                let mut next: Vec<Counter> =
                    counts.iter().copied().filter(|&c| c != counter).collect();
                if times == 0 {
                    next.push(counter);
                    next.sort();
                }
                set_step(ctx, index, StepField::CountsAs(next));
            }
        }
    });
}

/// The step's name as a heading under a bar in its stage's colour, on one line
/// (cut, in full on hover).
fn header_ui(ui: &mut Ui, pathway: &Pathway, index: usize) {
    let step = &pathway.steps[index];
    let (bar, _) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), 4.0), egui::Sense::hover());
    ui.painter().rect_filled(bar, 2.0, stage_colour(step.stage));
    let title = if step.name.trim().is_empty() {
        "Unnamed step"
    } else {
        step.name.as_str()
    };
    ui.add(Label::new(RichText::new(title).heading()).truncate())
        .on_hover_text(title);
    let place = if index == 0 {
        format!(
            "Step 1 of {}: every referral starts here",
            pathway.steps.len()
        )
    } else {
        format!("Step {} of {}", index + 1, pathway.steps.len())
    };
    ui.weak(place);
}

/// "Per referral: 1.25 visits, 16.3 min, £10.60, 25 days", when there is a report.
fn per_referral_ui(ui: &mut Ui, ctx: &PanelCtx<'_>, index: usize) {
    let Some(result) = ctx.report.and_then(|r| r.steps.get(index)) else {
        ui.weak("Per referral: fix the problems to see figures.");
        return;
    };
    let text = format!(
        "Per referral: {} visits, {} min, {}, {} days",
        trimmed(result.visits, 2),
        trimmed(result.staff_minutes, 1),
        pence(result.cost()),
        trimmed(result.elapsed_days, 1),
    );
    ui.add(Label::new(text).truncate()).on_hover_text(
        "Expected passes through this step, staff minutes, cost (staff and consumables) \
         and elapsed days for each referral entering the pathway",
    );
}

/// A label in the details grid's label column: always the same width, cut with
/// "…" when longer (the full text and `hover` show on hover).
fn row_label(ui: &mut Ui, text: &str, hover: &str, sense: Sense) -> egui::Response {
    let height = ui.spacing().interact_size.y;
    let colour = ui.visuals().text_color();
    let layout = Layout::left_to_right(Align::Center);
    let response = ui
        .allocate_ui_with_layout(egui::vec2(LABEL_WIDTH, height), layout, |ui| {
            ui.set_min_width(LABEL_WIDTH);
            ui.set_max_width(LABEL_WIDTH);
            ui.add(
                Label::new(RichText::new(text).color(colour))
                    .truncate()
                    .sense(sense),
            )
        })
        .inner;
    response.on_hover_text(if hover.is_empty() { text } else { hover })
}

/// The grid of the step's own fields.
fn details_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    Grid::new("inspector_details")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            name_row(ui, ctx, index);
            inbound_share_rows(ui, ctx, index);
            stage_row(ui, ctx, index);
            role_row(ui, ctx, index);
            role_detail_rows(ui, ctx, index);
            estimate_rows(ui, ctx, index);
            outcome_row(ui, ctx, index);
        });
}

fn set_step(ctx: &mut PanelCtx<'_>, index: usize, field: StepField) {
    ctx.actions.edit(Edit::SetStep { index, field });
}

/// Gives the text field `id` the keyboard with the cursor after its `chars`
/// characters.
fn focus_at_end(ui: &Ui, id: egui::Id, chars: usize) {
    ui.memory_mut(|m| m.request_focus(id));
    let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
    let end = egui::text::CCursorRange::one(egui::text::CCursor::new(chars));
    state.cursor.set_char_range(Some(end));
    state.store(ui.ctx(), id);
}

/// Touch minutes, wait days and unit cost, each a number or a range; the label
/// and the numbers pin it as a lever from their context menus.
fn estimate_rows(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let step = &ctx.pathway.steps[index];
    for estimate in STEP_ESTIMATES {
        let hover = format!(
            "{}; right-click to pin it as a lever",
            estimate_help(estimate.unit)
        );
        let label = row_label(ui, estimate.title, &hover, Sense::CLICK);
        let value = (estimate.lever)();
        label.context_menu(|ui| {
            super::levers::pin_menu_ui(ui, ctx.pathway, index, value.clone(), ctx.actions);
        });
        let output = EstimateEditor::new(estimate.title, estimate.unit, (&step.id, estimate.key))
            .labelled_by(label.id)
            .show(ui, (estimate.read)(step));
        if let Some(fields) = &output.fields {
            fields.context_menu(|ui| {
                super::levers::pin_menu_ui(ui, ctx.pathway, index, value.clone(), ctx.actions);
            });
        }
        if let Some(value) = output.estimate {
            set_step(ctx, index, (estimate.field)(value));
        }
        ctx.actions.seal |= output.finished;
        ui.end_row();
    }
}

fn estimate_help(unit: Unit) -> &'static str {
    match unit {
        Unit::Minutes => "Staff minutes each time a referral passes through this step",
        Unit::Days => "Elapsed days from this step starting until the next one can start",
        Unit::Pounds => "Consumables each time (postage, printing, text messages), in pounds",
    }
}

/// The outcome, for end steps (and for a step with links that still has one, so
/// that it can be cleared).
fn outcome_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let step = &ctx.pathway.steps[index];
    if !step.is_end() && step.outcome.is_none() {
        return;
    }
    let label = row_label(
        ui,
        "Outcome",
        "How a referral ends at this step",
        Sense::hover(),
    );
    let current = step.outcome;
    let mut choices = vec![Choice::new(None, "None")];
    choices.extend(Outcome::ALL.map(|o| Choice::new(Some(o), o.name())));
    let position = choices.iter().position(|c| c.value == current);
    let output = Picker::new(
        "inspector_outcome",
        WidgetName::LabelledBy(label.id),
        current.map_or("None", Outcome::name),
    )
    .current(position)
    .width(PICKER_WIDTH)
    .show(ui, &choices);
    if let Some(outcome) = output.picked.filter(|p| *p != current) {
        set_step(ctx, index, StepField::Outcome(outcome));
        ctx.actions.seal = true;
    }
    ui.end_row();
}

/// The free-text note of where the step's figures come from.
fn source_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let label = ui.strong("Source");
    let mut source = ctx.pathway.steps[index].source.clone().unwrap_or_default();
    let response = ui
        .add(
            TextEdit::multiline(&mut source)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text("Where do these figures come from? (a study, a timed walk-through, an assumption)"),
        )
        .labelled_by(label.id);
    if response.changed() {
        let source = (!source.trim().is_empty()).then_some(source);
        set_step(ctx, index, StepField::Source(source));
    }
    seal_when_finished(ctx.actions, &response);
}
