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

use crate::numbers::{pence, percent, trimmed};
use egui::{
    Align, Button, Grid, Id, Key, Label, Layout, RichText, ScrollArea, Sense, TextEdit, Ui,
};

use crate::edit::{Edit, RoleField, StepField};
use crate::model::{Counter, LeverValue, Outcome, Pathway, Role};
use crate::validate::{Problem, ProblemKind, SHARE_TOLERANCE, Subject};

use super::number_field::NumberField;
use super::widgets::{
    Choice, EstimateEditor, Picker, STEP_ESTIMATES, Unit, WidgetName, clipped, focus_selecting_all,
    problem_list_ui, role_picker, seal_when_finished, stage_picker, typed_text,
};
use crate::app::command::Command;
use crate::app::context::{PanelCtx, stage_colour};

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

fn name_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
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
    } else if std::mem::take(&mut ctx.selection.focus_name) {
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
struct IdDraft {
    index: usize,
    text: String,
}

/// The id is edited as a draft and applied on Enter or leaving the field, since
/// renaming it renames every link to the step. Escape cancels. A draft left behind
/// when another step was selected mid-typing is applied to its own step.
fn id_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
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
fn commit_id(ctx: &mut PanelCtx<'_>, index: usize, text: &str) {
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
fn id_problem(pathway: &Pathway, index: usize, draft: &str) -> Option<String> {
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

fn stage_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let label = row_label(ui, "Stage", "", Sense::hover());
    let stage = ctx.pathway.steps[index].stage;
    let name = WidgetName::LabelledBy(label.id);
    if let Some(stage) = stage_picker(ui, "inspector_stage", stage, name) {
        set_step(ctx, index, StepField::Stage(stage));
        ctx.actions.seal = true;
    }
    ui.end_row();
}

fn role_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
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
fn new_role(ctx: &mut PanelCtx<'_>, index: usize) {
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
fn role_detail_rows(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
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

/// For a step that one of several branches leads to: the share of referrals that
/// come this way, typed here; the branches not typed yet take up the rest (see
/// [`commit_share`]).
fn inbound_share_rows(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
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
            super::levers::pin_menu_ui(ui, pathway, from, value.clone(), ctx.actions);
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
                super::levers::pin_menu_ui(ui, pathway, from, value.clone(), ctx.actions);
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
fn share_field(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    share: f64,
    name: WidgetName<'_>,
) -> super::number_field::NumberOutput {
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
fn typed_key(from_id: &str) -> Id {
    Id::unique(("opmt_typed_shares", from_id))
}

/// The targets that took up the difference when a share of `from` was last typed.
fn takers_key(from_id: &str) -> Id {
    Id::unique(("opmt_share_takers", from_id))
}

/// Sets link `link` of step `from` to `percent`: the links not typed yet in this
/// session take up the difference (or the one most recently added, when every
/// other one has been typed), one undo step; the takers are remembered to show.
fn commit_share(ui: &Ui, ctx: &mut PanelCtx<'_>, from: usize, link: usize, percent: f64) {
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
fn takers_note(ui: &Ui, pathway: &Pathway, from: usize) -> Option<String> {
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

/// Where referrals go next: each link's target and share, the total, and adding links.
fn links_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
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
fn target_label(pathway: &Pathway, to: &str) -> String {
    pathway.step_index(to).map_or_else(
        || format!("Unknown step “{to}”"),
        |i| pathway.steps[i].name.clone(),
    )
}

/// A link's target, its share, and a Remove button that Tab passes over (so Tab
/// goes from share to share), still a click away.
fn link_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>, from: usize, link: usize) {
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
        super::levers::pin_menu_ui(ui, ctx.pathway, from, value, ctx.actions);
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
fn share_total_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
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
fn add_link_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, from: usize) {
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
