//! The Roles and settings panel: the pathway's settings (name, notes, referrals a
//! year, working hours per WTE, the overhead factor's range), its capacity section
//! (see [`super::capacity_settings`]) and the roles table
//! (name, employer, fully loaded and direct hourly costs, the rate's range).
//!
//! Like every panel it only queues edits. Table cells have no visible label of their
//! own, so each input is named after its column and row, e.g. "Hourly cost of GP".

use egui::{Align, Button, ComboBox, Grid, Key, Layout, ScrollArea, TextEdit, Ui};
use egui_extras::{Column, TableBuilder, TableRow};

use crate::edit::{Edit, PathwayField, RoleField};
use crate::model::{DEFAULT_WTE_HOURS, Estimate, Organisation, Pathway, Range, Role};
use crate::validate::{Problem, ProblemKind, Subject};

use super::number_field::NumberField;
use super::tables::{HEADER_HEIGHT, ROW_HEIGHT};
use super::widgets::{
    WidgetName, focus_selecting_all, problem_list_ui, seal_when_finished, take_focus_request,
};
use crate::app::context::PanelCtx;

/// The pathway settings and the roles table.
pub fn roles_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    ScrollArea::both()
        .id_salt("roles_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading("Pathway settings");
            settings_ui(ui, ctx);
            let problems: Vec<&Problem> = ctx
                .problems
                .iter()
                .filter(|p| p.subject == Subject::Pathway && p.kind != ProblemKind::Capacity)
                .collect();
            problem_list_ui(ui, problems, None);
            ui.add_space(16.0);
            super::capacity_settings::capacity_settings_ui(ui, ctx);
            ui.add_space(16.0);
            ui.heading("Roles");
            ui.label(
                "Who does the work, who employs them, and what an hour of their time costs: \
                 fully loaded (pay, on-costs, overheads) and direct (pay and on-costs only, \
                 the part that becomes cash if posts go; blank counts the whole hourly cost).",
            );
            let show_ids_key = egui::Id::unique("roles_show_ids");
            let mut show_ids =
                ui.data_mut(|d| *d.get_persisted_mut_or_default::<bool>(show_ids_key));
            if ui
                .checkbox(&mut show_ids, "Show ids")
                .on_hover_text("The short names steps use for their roles in the model file")
                .changed()
            {
                ui.data_mut(|d| d.insert_persisted(show_ids_key, show_ids));
            }
            roles_table_ui(ui, ctx, show_ids);
            if ui.button("Add role").clicked() {
                ctx.actions.edit(Edit::AddRole(new_role()));
                ctx.actions.seal = true;
            }
            role_problems_ui(ui, ctx);
        });
}

fn new_role() -> Role {
    Role::new("role", "New role", 0.0)
}

fn set_pathway(ctx: &mut PanelCtx<'_>, field: PathwayField) {
    ctx.actions.edit(Edit::SetPathway(field));
}

/// Name, notes, referrals a year and working hours per WTE.
fn settings_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    Grid::new("pathway_settings")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            pathway_name_row(ui, ctx);
            notes_row(ui, ctx);
            annual_referrals_row(ui, ctx);
            wte_hours_row(ui, ctx);
            overhead_factor_row(ui, ctx);
        });
}

/// The range of a factor on every role's overheads (fully loaded less direct rate),
/// for the ranges on the saving: none, or low to high around 1.
fn overhead_factor_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    let label = ui.label("Overheads range").on_hover_text(
        "How uncertain the overhead part of the hourly costs is, as a factor on it \
         (1 = as the rates say), for the ranges on the saving",
    );
    ui.horizontal(|ui| {
        let Some(factor) = ctx.pathway.overhead_factor else {
            let response = ui.button("Certain").labelled_by(label.id).on_hover_text(
                "The overheads are taken as the rates say. Click to give a range (0.8 to 1.2 to start).",
            );
            if response.clicked() {
                set_pathway(
                    ctx,
                    PathwayField::OverheadFactor(Some(Estimate::range(0.8, 1.0, 1.2))),
                );
                ctx.actions.seal = true;
            }
            return;
        };
        let field = |ui: &mut Ui, which: &str, value: f64| {
            let name = format!("Overheads range {which}");
            NumberField::new(("overhead_factor", which), value, WidgetName::Text(&name))
                .range(0.0, 10.0)
                .decimals(2)
                .suffix("×")
                .width(56.0)
                .show(ui)
                .committed
        };
        let low = field(ui, "low", factor.low);
        ui.label("to");
        let high = field(ui, "high", factor.high);
        let typed = match (low, high) {
            (Some(l), _) => Some(Estimate::range(l, factor.likely.max(l), factor.high.max(l))),
            (_, Some(h)) => Some(Estimate::range(factor.low.min(h), factor.likely.min(h), h)),
            _ => None,
        };
        if let Some(e) = typed {
            set_pathway(ctx, PathwayField::OverheadFactor(Some(e)));
            ctx.actions.seal = true;
        }
        if ui
            .small_button("×")
            .accessible_name("Clear the overheads range")
            .clicked()
        {
            set_pathway(ctx, PathwayField::OverheadFactor(None));
            ctx.actions.seal = true;
        }
    });
    ui.end_row();
}

fn pathway_name_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    let label = ui.label("Pathway name");
    let mut name = ctx.pathway.name.clone();
    let response = ui
        .add(TextEdit::singleline(&mut name).desired_width(420.0))
        .labelled_by(label.id);
    if response.changed() {
        set_pathway(ctx, PathwayField::Name(name));
    }
    seal_when_finished(ctx.actions, &response);
    ui.end_row();
}

fn notes_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    let label = ui.label("Notes");
    let mut notes = ctx.pathway.notes.clone().unwrap_or_default();
    let response = ui
        .add(
            TextEdit::multiline(&mut notes)
                .desired_width(420.0)
                .desired_rows(4)
                .hint_text("Who walked the process through, when, and what was assumed"),
        )
        .labelled_by(label.id);
    if response.changed() {
        let notes = (!notes.trim().is_empty()).then_some(notes);
        set_pathway(ctx, PathwayField::Notes(notes));
    }
    seal_when_finished(ctx.actions, &response);
    ui.end_row();
}

fn annual_referrals_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    let label = ui.label("Annual referrals");
    let referrals = ctx.pathway.annual_referrals;
    let field = NumberField::new(
        "annual_referrals",
        referrals,
        WidgetName::LabelledBy(label.id),
    )
    .decimals(0)
    .suffix("a year")
    .width(90.0)
    .hover("Referrals a year through this pathway")
    .show(ui);
    if let Some(referrals) = field.committed {
        set_pathway(ctx, PathwayField::AnnualReferrals(referrals));
        ctx.actions.seal = true;
    }
    ui.end_row();
}

fn wte_hours_row(ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
    let label = ui.label("WTE hours per year");
    let hours = ctx.pathway.wte_hours;
    ui.horizontal(|ui| {
        let field = NumberField::new("wte_hours", hours, WidgetName::LabelledBy(label.id))
            .range(1.0, f64::INFINITY)
            .decimals(1)
            .suffix("h")
            .width(70.0)
            .hover("Working hours in one whole-time equivalent a year")
            .show(ui);
        if let Some(hours) = field.committed {
            set_pathway(ctx, PathwayField::WteHours(hours));
            ctx.actions.seal = true;
        }
        ui.weak("1,545 h (PSSRU)");
        if hours != DEFAULT_WTE_HOURS && ui.small_button("Use 1,545 h").clicked() {
            set_pathway(ctx, PathwayField::WteHours(DEFAULT_WTE_HOURS));
            ctx.actions.seal = true;
        }
    });
    ui.end_row();
}

/// One row per role: name, organisation, hourly cost, direct hourly cost, cost
/// basis, source, how many steps use it, delete; the id first when asked for.
fn roles_table_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, show_ids: bool) {
    if ctx.pathway.roles.is_empty() {
        ui.weak("No roles yet.");
        return;
    }
    let mut table = TableBuilder::new(ui)
        .id_salt(("roles_table", show_ids))
        .striped(true)
        .resizable(true)
        .vscroll(false)
        .cell_layout(Layout::left_to_right(Align::Center));
    if show_ids {
        table = table.column(Column::initial(110.0).at_least(80.0));
    }
    table
        .column(Column::initial(200.0).at_least(120.0))
        .column(Column::initial(110.0).at_least(90.0))
        .column(Column::initial(120.0).at_least(90.0))
        .column(Column::initial(150.0).at_least(110.0))
        .column(Column::initial(210.0).at_least(190.0))
        .column(Column::initial(150.0).at_least(100.0).clip(true))
        .column(Column::initial(180.0).at_least(120.0).clip(true))
        .column(Column::initial(50.0).at_least(50.0))
        .column(Column::remainder().at_least(80.0))
        .header(HEADER_HEIGHT, |header| roles_header(header, show_ids))
        .body(|mut body| {
            for index in 0..ctx.pathway.roles.len() {
                body.row(ROW_HEIGHT, |mut row| {
                    role_row(&mut row, ctx, index, show_ids)
                });
            }
        });
}

fn roles_header(mut header: TableRow<'_, '_>, show_ids: bool) {
    let titles = [
        ("Id", "Used by steps and in the model file"),
        ("Name", "The role as people know it"),
        (
            "Organisation",
            "Who employs the role: a practice's savings do not reach the trust's budget",
        ),
        (
            "Hourly cost",
            "Fully loaded cost of an hour (pay, on-costs, overheads)",
        ),
        (
            "Direct hourly cost",
            "Pay and on-costs only: the part of a saving that is cash if posts go",
        ),
        (
            "Rate range",
            "The lowest and highest plausible hourly cost, for the ranges on the saving \
             (the direct cost moves in proportion)",
        ),
        ("Cost basis", "How the hourly cost was built"),
        ("Source", "Where the figure comes from"),
        ("Steps", "How many steps this role does"),
        ("", ""),
    ];
    let skip = usize::from(!show_ids);
    for (title, help) in titles.into_iter().skip(skip) {
        header.col(|ui| {
            if !title.is_empty() {
                ui.strong(title).on_hover_text(help);
            }
        });
    }
}

/// How a role is named in its row's accessible names.
fn role_row_name(role: &Role) -> &str {
    if role.name.trim().is_empty() {
        &role.id
    } else {
        &role.name
    }
}

fn role_row(row: &mut TableRow<'_, '_>, ctx: &mut PanelCtx<'_>, index: usize, show_ids: bool) {
    let pathway = ctx.pathway;
    let role = &pathway.roles[index];
    let name = role_row_name(role);
    if show_ids {
        row.col(|ui| role_id_cell(ui, ctx, index));
    }
    row.col(|ui| {
        let mut text = role.name.clone();
        let id = ui.make_persistent_id(("role_name", &role.id));
        let last = index + 1 == pathway.roles.len();
        if last && ui.is_visible() && take_focus_request(ui, &mut ctx.selection.focus_role_name) {
            // A role just added: type its name at once, over the placeholder.
            focus_selecting_all(ui, id, text.chars().count());
        }
        let response = ui
            .add(
                TextEdit::singleline(&mut text)
                    .id(id)
                    .desired_width(f32::INFINITY),
            )
            .accessible_name(format!("Name of role {}", role.id));
        if response.changed() {
            set_role(ctx, index, RoleField::Name(text));
        }
        seal_when_finished(ctx.actions, &response);
    });
    row.col(|ui| organisation_cell(ui, ctx, index, name));
    row.col(|ui| hourly_cost_cell(ui, ctx, index, name));
    row.col(|ui| direct_hourly_cost_cell(ui, ctx, index, name));
    row.col(|ui| rate_range_cell(ui, ctx, index, name));
    row.col(|ui| {
        let mut text = role.cost_basis.clone().unwrap_or_default();
        let response = ui
            .add(
                TextEdit::singleline(&mut text)
                    .desired_width(f32::INFINITY)
                    .hint_text("e.g. PSSRU fully loaded"),
            )
            .accessible_name(format!("Cost basis of {name}"));
        if response.changed() {
            let basis = (!text.trim().is_empty()).then_some(text);
            set_role(ctx, index, RoleField::CostBasis(basis));
        }
        seal_when_finished(ctx.actions, &response);
    });
    row.col(|ui| {
        let mut text = role.source.clone().unwrap_or_default();
        let response = ui
            .add(TextEdit::singleline(&mut text).desired_width(f32::INFINITY))
            .accessible_name(format!("Source of {name}"));
        if response.changed() {
            let source = (!text.trim().is_empty()).then_some(text);
            set_role(ctx, index, RoleField::Source(source));
        }
        seal_when_finished(ctx.actions, &response);
    });
    let users = role_users(pathway, &role.id);
    row.col(|ui| {
        ui.label(users.to_string());
    });
    row.col(|ui| delete_role_cell(ui, ctx, index, name, users));
}

fn set_role(ctx: &mut PanelCtx<'_>, index: usize, field: RoleField) {
    ctx.actions.edit(Edit::SetRole { index, field });
}

/// How many steps a role does.
fn role_users(pathway: &Pathway, role_id: &str) -> usize {
    pathway
        .steps
        .iter()
        .filter(|s| s.role.as_deref() == Some(role_id))
        .count()
}

/// The role's id, edited as a draft and applied on Enter or leaving the field
/// (renaming it renames it in every step). Escape cancels.
fn role_id_cell(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize) {
    let role = &ctx.pathway.roles[index];
    let field_id = ui.make_persistent_id(("role_id_field", index));
    let draft_id = field_id.with("draft");
    let mut draft = ui
        .data(|d| d.get_temp::<String>(draft_id))
        .unwrap_or_else(|| role.id.clone());
    let taken = {
        let draft = draft.trim();
        draft.is_empty()
            || ctx
                .pathway
                .roles
                .iter()
                .enumerate()
                .any(|(i, r)| i != index && r.id == draft)
    };
    let mut edit = TextEdit::singleline(&mut draft)
        .id(field_id)
        .desired_width(f32::INFINITY);
    if taken {
        edit = edit.text_color(ui.visuals().error_fg_color);
    }
    let response = ui
        .add(edit)
        .accessible_name(format!("Id of {}", role_row_name(role)));
    if response.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(draft_id));
        let cancelled = ui.input(|i| i.key_pressed(Key::Escape));
        if !cancelled && !taken && draft.trim() != role.id {
            set_role(ctx, index, RoleField::Id(draft.trim().to_owned()));
            ctx.actions.seal = true;
        }
    } else if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(draft_id, draft));
    } else {
        ui.data_mut(|d| d.remove::<String>(draft_id));
    }
}

/// A field for an hourly rate in pounds and pence, 0 or more.
fn hourly_field<'a>(id_salt: impl egui::AsIdSalt, cost: f64, name: &'a str) -> NumberField<'a> {
    NumberField::new(id_salt, cost, WidgetName::Text(name))
        .pence()
        .prefix("£")
        .width(60.0)
}

fn hourly_cost_cell(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize, name: &str) {
    let role = &ctx.pathway.roles[index];
    let label = format!("Hourly cost of {name}");
    let field = hourly_field(("role_hourly_cost", &role.id), role.hourly_cost, &label)
        .suffix("an hour")
        .show(ui);
    if let Some(cost) = field.committed {
        set_role(ctx, index, RoleField::HourlyCost(cost));
        ctx.actions.seal = true;
    }
}

/// Practice, Provider, Other, or not set (which counts as Other).
fn organisation_cell(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize, name: &str) {
    let current = ctx.pathway.roles[index].organisation;
    let mut picked = None;
    let inner = ComboBox::from_id_salt(("role_organisation", index))
        .selected_text(current.map_or("Not set", Organisation::name))
        .width(90.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(current.is_none(), "Not set")
                .on_hover_text("Counts as Other")
                .clicked()
            {
                picked = Some(None);
            }
            for option in Organisation::ALL {
                if ui
                    .selectable_label(current == Some(option), option.name())
                    .clicked()
                {
                    picked = Some(Some(option));
                }
            }
        });
    inner
        .response
        .accessible_name(format!("Organisation of {name}"));
    if let Some(choice) = picked.filter(|c| *c != current) {
        set_role(ctx, index, RoleField::Organisation(choice));
        ctx.actions.seal = true;
    }
}

/// The direct hourly cost, or a button to give one (until then the whole hourly cost
/// counts as direct).
fn direct_hourly_cost_cell(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize, name: &str) {
    let role = &ctx.pathway.roles[index];
    let Some(cost) = role.direct_hourly_cost else {
        let response = ui
            .button("Same as hourly")
            .accessible_name(format!("Direct hourly cost of {name}"))
            .on_hover_text(
                "No direct cost given: the whole hourly cost counts as direct. Click to give one.",
            );
        if response.clicked() {
            let start = role.hourly_cost;
            set_role(ctx, index, RoleField::DirectHourlyCost(Some(start)));
            ctx.actions.seal = true;
        }
        return;
    };
    let label = format!("Direct hourly cost of {name}");
    let field = hourly_field(("role_direct_cost", &role.id), cost, &label).show(ui);
    if let Some(cost) = field.committed {
        set_role(ctx, index, RoleField::DirectHourlyCost(Some(cost)));
        ctx.actions.seal = true;
    }
    let clear = ui
        .small_button("×")
        .accessible_name(format!("Clear direct hourly cost of {name}"))
        .on_hover_text("Count the whole hourly cost as direct");
    if clear.clicked() {
        set_role(ctx, index, RoleField::DirectHourlyCost(None));
        ctx.actions.seal = true;
    }
}

/// The range of the hourly cost: none (a fixed rate), or low and high.
fn rate_range_cell(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize, name: &str) {
    let role = &ctx.pathway.roles[index];
    let Some(range) = role.rate_range else {
        let response = ui
            .button("Fixed")
            .accessible_name(format!("Rate range of {name}"))
            .on_hover_text("No range: the rate is certain. Click to give a range (±10% to start).");
        if response.clicked() {
            let h = role.hourly_cost;
            let range = Range {
                low: (h * 0.9 * 100.0).round() / 100.0,
                high: (h * 1.1 * 100.0).round() / 100.0,
            };
            set_role(ctx, index, RoleField::RateRange(Some(range)));
            ctx.actions.seal = true;
        }
        return;
    };
    let (low_name, high_name) = (
        format!("Lowest rate of {name}"),
        format!("Highest rate of {name}"),
    );
    let low = hourly_field(("role_rate_low", &role.id), range.low, &low_name)
        .width(56.0)
        .show(ui)
        .committed;
    ui.label("to");
    let high = hourly_field(("role_rate_high", &role.id), range.high, &high_name)
        .width(56.0)
        .show(ui)
        .committed;
    let typed = match (low, high) {
        (Some(l), _) => Some(Range {
            low: l,
            high: range.high.max(l),
        }),
        (_, Some(h)) => Some(Range {
            low: range.low.min(h),
            high: h,
        }),
        _ => None,
    };
    if let Some(range) = typed {
        set_role(ctx, index, RoleField::RateRange(Some(range)));
        ctx.actions.seal = true;
    }
    let clear = ui
        .small_button("×")
        .accessible_name(format!("Clear rate range of {name}"))
        .on_hover_text("A fixed rate, with no range");
    if clear.clicked() {
        set_role(ctx, index, RoleField::RateRange(None));
        ctx.actions.seal = true;
    }
}

fn delete_role_cell(ui: &mut Ui, ctx: &mut PanelCtx<'_>, index: usize, name: &str, users: usize) {
    let response = ui
        .add_enabled(users == 0, Button::new("Delete"))
        .accessible_name(format!("Delete {name}"))
        .on_disabled_hover_text(format!(
            "Used by {users} step{}; give {} another role first",
            if users == 1 { "" } else { "s" },
            if users == 1 { "it" } else { "them" },
        ));
    if response.clicked() {
        ctx.actions.edit(Edit::RemoveRole(index));
        ctx.actions.seal = true;
    }
}

/// Problems with roles, each naming its role.
fn role_problems_ui(ui: &mut Ui, ctx: &PanelCtx<'_>) {
    let problems: Vec<&Problem> = ctx
        .problems
        .iter()
        .filter(|p| matches!(p.subject, Subject::Role(_)))
        .collect();
    if !problems.is_empty() {
        ui.add_space(8.0);
        problem_list_ui(ui, problems, None);
    }
}
