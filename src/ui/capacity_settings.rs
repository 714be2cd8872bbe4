//! The capacity section in *Roles and settings*: the first-appointment slots a
//! week, the waiting list, how far ahead slots are published, their variability,
//! the target, and the steps where a slot is sought and where a referral goes when
//! none is found, with the section's problems under it. Like every panel it only
//! queues edits ([`PathwayField::Capacity`]).

use egui::{ComboBox, Grid, Ui};

use crate::capacity::demand_per_week;
use crate::edit::{Edit, PathwayField};
use crate::model::{Capacity, Counter, Lever, LeverValue, Pathway};
use crate::validate::ProblemKind;

use super::number_field::NumberField;
use super::widgets::{WidgetName, problem_list_ui};
use crate::app::context::PanelCtx;

/// Weeks of demand already waiting in a new section: the mean wait the default
/// target aims for (18 weeks / 4).
const NEW_WAITING_WEEKS: f64 = 4.5;
/// Weeks ahead slots are published in a new section (assumed).
const NEW_HORIZON_WEEKS: f64 = 6.0;
/// Slots a week in a new section, as a multiple of demand.
const NEW_SLOTS_PER_DEMAND: f64 = 1.05;

/// One figure of the section: its label, unit, help, decimals and field.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    usize,
    fn(&mut Capacity) -> &mut f64,
);

/// The capacity section: off with a button to add one, or its fields.
pub fn capacity_settings_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    ui.heading("Capacity");
    let Some(capacity) = ctx.pathway.capacity.clone() else {
        ui.label(
            "Off: the share of referrals finding no slot and the wait for the first \
             appointment are the figures typed on the steps. Add a capacity section to \
             work them out from the slots published a week instead.",
        );
        if ui
            .button("Add a capacity section")
            .on_hover_text("Starts from the demand at the step that books, with slots 5% above it")
            .clicked()
        {
            set(ctx, Some(new_section(ctx)));
        }
        return;
    };
    ui.label(
        "On: the share from the booking step to the slot-issue step, and the wait for \
         the first appointment (at the step under Wait held at), follow the slots \
         published a week (see the Capacity results tab).",
    );
    let mut changed = capacity.clone();
    Grid::new("capacity_settings")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let rows: [Row; 7] = [
                (
                    "Slots a week",
                    "a week",
                    "First-appointment slots published a week",
                    0,
                    |c| &mut c.slots_per_week,
                ),
                (
                    "Waiting list",
                    "people",
                    "People already waiting for a first appointment",
                    0,
                    |c| &mut c.waiting_list,
                ),
                (
                    "Published ahead",
                    "weeks",
                    "How far ahead slots are published to e-RS: a referral with this many weeks of slots booked ahead of it finds none",
                    1,
                    |c| &mut c.horizon_weeks,
                ),
                (
                    "Variability of demand",
                    "CV",
                    "Week-to-week variability of referrals as a coefficient of variation: 0 none, 1 as for Poisson arrivals",
                    2,
                    |c| &mut c.cv_demand,
                ),
                (
                    "Variability of slots",
                    "CV",
                    "Week-to-week variability of the slots as a coefficient of variation: 0 none, 1 as for Poisson",
                    2,
                    |c| &mut c.cv_capacity,
                ),
                (
                    "Target",
                    "weeks",
                    "The waiting-time target, in weeks (18: the RTT standard)",
                    1,
                    |c| &mut c.target_weeks,
                ),
                (
                    "Factor",
                    "×",
                    "The mean wait aimed for is the target divided by this (4: NHS-R, after Fong et al.)",
                    1,
                    |c| &mut c.factor,
                ),
            ];
            for (label, suffix, hover, decimals, field) in rows {
                let name = ui.label(label);
                let value = *field(&mut changed);
                let typed = NumberField::new(("capacity", label), value, WidgetName::LabelledBy(name.id))
                    .decimals(decimals)
                    .suffix(suffix)
                    .width(90.0)
                    .hover(hover)
                    .show(ui)
                    .committed;
                if let Some(v) = typed {
                    *field(&mut changed) = v;
                }
                ui.end_row();
            }
            let pathway = ctx.pathway;
            step_row(ui, pathway, "Slot sought at", &mut changed.books_at, |_| true);
            let books_at = pathway.step_index(&changed.books_at);
            step_row(ui, pathway, "No slot: goes to", &mut changed.slot_issue, |id| {
                books_at.is_none_or(|b| pathway.steps[b].next.iter().any(|l| l.to == id))
            });
            wait_row(ui, pathway, &mut changed.waits_at);
        });
    if changed != capacity {
        set(ctx, Some(changed));
    }
    ui.horizontal(|ui| {
        let lever = Lever {
            step: capacity.books_at.clone(),
            value: LeverValue::SlotsPerWeek,
            base: capacity.slots_per_week,
        };
        let pinned = ctx
            .pathway
            .levers
            .iter()
            .any(|l| l.value == LeverValue::SlotsPerWeek);
        let pin = ui
            .add_enabled(!pinned, egui::Button::new("Pin slots a week as a lever"))
            .on_hover_text("Move the slots on a slider and watch the queue, the slot issues and the saving follow");
        if pin.clicked() {
            ctx.actions.edit(Edit::PinLever(lever));
            ctx.actions.seal = true;
        }
        if ui.button("Remove the capacity section").clicked() {
            set(ctx, None);
        }
    });
    let problems = ctx
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Capacity);
    problem_list_ui(ui, problems, None);
}

/// A choice of step by id, among those `offered` allows.
fn step_row(
    ui: &mut Ui,
    pathway: &Pathway,
    label: &str,
    id: &mut String,
    offered: impl Fn(&str) -> bool,
) {
    // With no entry for "no step", the choice is always a step.
    let mut chosen = Some(std::mem::take(id));
    step_choice_row(ui, pathway, label, &mut chosen, None, offered, None);
    *id = chosen.unwrap_or_default();
}

/// The step that holds the wait for the first appointment: the booking step itself
/// (`None`), or a later step where the pathway waits for the clinic date.
fn wait_row(ui: &mut Ui, pathway: &Pathway, waits_at: &mut Option<String>) {
    step_choice_row(
        ui,
        pathway,
        "Wait held at",
        waits_at,
        Some("The step where a slot is sought"),
        |_| true,
        Some(
            "The projected wait for a first appointment replaces this step's wait. Choose the step where the pathway already waits for the clinic date, so the wait is not counted twice.",
        ),
    );
}

/// A row choosing one of the steps `offered` allows, by id; `none`, when given, is
/// a first entry meaning no step (`None`), and `hover` explains the choice.
fn step_choice_row(
    ui: &mut Ui,
    pathway: &Pathway,
    label: &str,
    chosen: &mut Option<String>,
    none: Option<&str>,
    offered: impl Fn(&str) -> bool,
    hover: Option<&str>,
) {
    let name = ui.label(label);
    let shown = match chosen.as_deref() {
        None => none.unwrap_or_default().to_owned(),
        Some(id) => pathway.step_index(id).map_or_else(
            || format!("\"{id}\" (no such step)"),
            |i| pathway.steps[i].name.clone(),
        ),
    };
    let response = ComboBox::from_id_salt(("capacity_step", label))
        .selected_text(shown)
        .width(320.0)
        .show_ui(ui, |ui| {
            if let Some(none) = none
                && ui.selectable_label(chosen.is_none(), none).clicked()
            {
                *chosen = None;
            }
            for step in pathway.steps.iter().filter(|s| offered(&s.id)) {
                let is_chosen = chosen.as_deref() == Some(step.id.as_str());
                if ui.selectable_label(is_chosen, &step.name).clicked() {
                    *chosen = Some(step.id.clone());
                }
            }
        })
        .response;
    let response = match hover {
        Some(text) => response.on_hover_text(text),
        None => response,
    };
    response.labelled_by(name.id);
    ui.end_row();
}

fn set(ctx: &mut PanelCtx<'_>, capacity: Option<Capacity>) {
    ctx.actions
        .edit(Edit::SetPathway(PathwayField::Capacity(capacity)));
    ctx.actions.seal = true;
}

/// A new section: books at the first step linking to a step that counts as a slot
/// issue (else the first step), slots 5% above its demand, 4.5 weeks of demand
/// waiting, published 6 weeks ahead, the default variability and target.
fn new_section(ctx: &PanelCtx<'_>) -> Capacity {
    let p = ctx.pathway;
    let is_slot_issue = |id: &str| {
        p.step_index(id)
            .is_some_and(|i| p.steps[i].counts_as.contains(&Counter::SlotIssue))
    };
    let found = p.steps.iter().enumerate().find_map(|(i, s)| {
        s.next
            .iter()
            .find(|l| is_slot_issue(&l.to))
            .map(|l| (i, l.to.clone()))
    });
    let (book, slot_issue) = found.unwrap_or((0, String::new()));
    let visits = ctx
        .report
        .and_then(|r| r.steps.get(book))
        .map_or(1.0, |s| s.visits);
    let demand = demand_per_week(p.annual_referrals, visits);
    let books_at = p.steps.get(book).map_or_else(String::new, |s| s.id.clone());
    Capacity::new(
        books_at,
        slot_issue,
        (demand * NEW_SLOTS_PER_DEMAND).ceil().max(1.0),
        (demand * NEW_WAITING_WEEKS).round(),
        NEW_HORIZON_WEEKS,
    )
}
