//! The option's investment, edited where its appraisal is read: one-off and recurring
//! costs (each with its range, who pays and a source), the benefit ramp, the period,
//! the discount rate, the optimism bias and the posts the option removes. Every change
//! is one edit of the option's `investment`, undone like any other.

use egui::{Grid, Ui};

use super::number_field::NumberField;
use super::widgets::WidgetName;
use crate::app::command::Command;
use crate::app::context::Actions;
use crate::edit::{Edit, PathwayField};
use crate::model::{CostItem, Estimate, Investment, MOST_YEARS, Organisation, PostsReleased};

/// What the editor reads.
pub struct InvestmentCtx<'a> {
    /// The option's place in the session.
    pub option: usize,
    /// Its investment as in its file (none: no costs yet).
    pub investment: Option<&'a Investment>,
    /// The roles the option releases time in: id, name and WTE released.
    pub roles: Vec<(String, String, f64)>,
}

/// The editor, in a collapsible section.
pub fn investment_ui(ui: &mut Ui, ctx: InvestmentCtx<'_>, actions: &mut Actions) {
    let current = ctx.investment.cloned().unwrap_or_default();
    let mut edited = current.clone();
    egui::CollapsingHeader::new("Investment: what this option costs")
        .id_salt("investment-editor")
        .default_open(ctx.investment.is_none())
        .show(ui, |ui| {
            settings_ui(ui, &mut edited);
            ui.add_space(6.0);
            costs_ui(ui, "One-off costs (year 0)", "one_off", &mut edited.one_off);
            ui.add_space(6.0);
            costs_ui(
                ui,
                "Recurring costs a year",
                "recurring",
                &mut edited.recurring,
            );
            ui.add_space(6.0);
            posts_ui(ui, &ctx.roles, &mut edited.posts_released);
        });
    if edited != current {
        actions.command(Command::EditPathway {
            pathway: ctx.option,
            edit: Box::new(Edit::SetPathway(PathwayField::Investment(Some(edited)))),
        });
    }
}

fn settings_ui(ui: &mut Ui, inv: &mut Investment) {
    Grid::new("investment-settings")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label("Appraisal period");
            if let Some(years) = NumberField::new(
                "inv-years",
                f64::from(inv.years),
                WidgetName::LabelledBy(label.id),
            )
            .range(1.0, f64::from(MOST_YEARS))
            .decimals(0)
            .suffix(" years")
            .show(ui)
            .committed
            {
                inv.years = years.round() as u32;
            }
            ui.end_row();
            let label = ui.label("Discount rate (real)");
            percent_field(ui, "inv-rate", &mut inv.discount_rate, 0.0, 99.0, label.id);
            ui.end_row();
            let label = ui.label("Optimism bias on costs");
            percent_field(
                ui,
                "inv-bias",
                &mut inv.optimism_bias,
                0.0,
                1000.0,
                label.id,
            );
            ui.end_row();
            let label = ui.label("Benefit in year 1");
            let mut first = inv.ramp_in(1);
            if percent_field(ui, "inv-ramp1", &mut first, 0.0, 100.0, label.id) {
                set_ramp(inv, 0, first);
            }
            ui.end_row();
            let label = ui.label("Benefit in year 2 and after");
            let mut second = inv.ramp_in(2);
            if percent_field(ui, "inv-ramp2", &mut second, 0.0, 100.0, label.id) {
                set_ramp(inv, 1, second);
            }
            ui.end_row();
        });
}

/// Sets the ramp's value for year `k + 1`, keeping the other year as it reads.
fn set_ramp(inv: &mut Investment, k: usize, value: f64) {
    let mut ramp = [inv.ramp_in(1), inv.ramp_in(2)];
    ramp[k] = value;
    inv.ramp = if ramp == [1.0, 1.0] {
        Vec::new()
    } else {
        ramp.to_vec()
    };
}

/// A share (0 to 1) typed as a percentage; true when it changed.
fn percent_field(
    ui: &mut Ui,
    id: &str,
    share: &mut f64,
    min: f64,
    max: f64,
    label: egui::Id,
) -> bool {
    let typed = NumberField::new(id, *share * 100.0, WidgetName::LabelledBy(label))
        .range(min, max)
        .decimals(1)
        .suffix("%")
        .show(ui)
        .committed;
    match typed {
        Some(v) if (v / 100.0 - *share).abs() > 1e-12 => {
            *share = v / 100.0;
            true
        }
        _ => false,
    }
}

fn costs_ui(ui: &mut Ui, title: &str, id: &str, items: &mut Vec<CostItem>) {
    ui.strong(title);
    let mut remove = None;
    Grid::new(("investment-costs", id))
        .num_columns(7)
        .striped(true)
        .show(ui, |ui| {
            for heading in [
                "What",
                "Low £",
                "Likely £",
                "High £",
                "Paid by",
                "Source",
                "",
            ] {
                ui.weak(heading);
            }
            ui.end_row();
            for (k, item) in items.iter_mut().enumerate() {
                cost_row_ui(ui, (id, k), item);
                if ui.small_button("Remove").clicked() {
                    remove = Some(k);
                }
                ui.end_row();
            }
        });
    if let Some(k) = remove {
        items.remove(k);
    }
    if ui
        .button(format!(
            "Add {}",
            title
                .to_lowercase()
                .trim_end_matches(" (year 0)")
                .trim_end_matches('s')
        ))
        .clicked()
    {
        items.push(CostItem {
            name: format!("Cost {}", items.len() + 1),
            cost: Estimate::fixed(0.0),
            organisation: Organisation::Provider,
            source: None,
        });
    }
}

/// A text typed as a draft (kept while the field has the keyboard) and handed back
/// when the field is left with other text; Escape drops it.
fn text_cell(ui: &mut Ui, id: egui::Id, value: &str, name: &str, width: f32) -> Option<String> {
    let mut text = ui
        .data(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| value.to_owned());
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id(id.with("field"))
            .desired_width(width),
    );
    let response = WidgetName::Text(name).apply(response);
    if response.lost_focus() {
        ui.data_mut(|d| d.remove::<String>(id));
        let escaped = ui.input(|i| i.key_pressed(egui::Key::Escape));
        let text = text.trim().to_owned();
        return (!escaped && text != value).then_some(text);
    }
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
    }
    None
}

fn cost_row_ui(ui: &mut Ui, id: (&str, usize), item: &mut CostItem) {
    let key = ui.make_persistent_id(id);
    if let Some(name) =
        text_cell(ui, key.with("name"), &item.name, "What", 160.0).filter(|n| !n.is_empty())
    {
        item.name = name;
    }
    let [low, likely, high] = item.cost.values();
    let field = |ui: &mut Ui, which: &str, value: f64| {
        let name = format!("{}: {which} £", item.name);
        NumberField::new((id, which), value, WidgetName::Text(&name))
            .pence()
            .prefix("£")
            .width(80.0)
            .show(ui)
            .committed
    };
    let typed = [
        field(ui, "low", low),
        field(ui, "likely", likely),
        field(ui, "high", high),
    ];
    let e = &mut item.cost;
    if let Some(v) = typed[0] {
        *e = Estimate::range(v, likely.max(v), high.max(v));
    }
    if let Some(v) = typed[1] {
        // A single figure typed as likely moves a plain cost as a whole.
        *e = if low == likely && likely == high {
            Estimate::fixed(v)
        } else {
            Estimate::range(low.min(v), v, high.max(v))
        };
    }
    if let Some(v) = typed[2] {
        *e = Estimate::range(low.min(v), likely.min(v), v);
    }
    let paid_by = format!("{}: paid by", item.name);
    let combo = egui::ComboBox::from_id_salt((id, "paid-by"))
        .selected_text(crate::classes::organisation_label(item.organisation))
        .show_ui(ui, |ui| {
            for o in Organisation::ALL {
                ui.selectable_value(
                    &mut item.organisation,
                    o,
                    crate::classes::organisation_label(o),
                );
            }
        });
    WidgetName::Text(&paid_by).apply(combo.response);
    let source = item.source.clone().unwrap_or_default();
    if let Some(typed) = text_cell(ui, key.with("source"), &source, "Source", 180.0) {
        item.source = Some(typed).filter(|s| !s.is_empty());
    }
}

fn posts_ui(ui: &mut Ui, roles: &[(String, String, f64)], posts: &mut Vec<PostsReleased>) {
    ui.strong("Posts removed (their direct pay becomes cash-releasing)");
    if roles.is_empty() {
        ui.weak("The option releases no staff time in any role.");
        return;
    }
    Grid::new("investment-posts").num_columns(3).show(ui, |ui| {
        for (id, name, released) in roles {
            let held = posts.iter().position(|p| &p.role == id);
            let wte = held.map_or(0.0, |k| posts[k].wte);
            let label = ui.label(name);
            let typed = NumberField::new(
                ("posts", id.as_str()),
                wte,
                WidgetName::LabelledBy(label.id),
            )
            .range(0.0, released.max(0.0))
            .decimals(2)
            .suffix(" WTE")
            .show(ui)
            .committed;
            ui.weak(format!(
                "of {} WTE released",
                crate::numbers::grouped(*released, 2)
            ));
            ui.end_row();
            match (typed, held) {
                (Some(v), Some(k)) if v <= 0.0 => {
                    posts.remove(k);
                }
                (Some(v), Some(k)) => posts[k].wte = v,
                (Some(v), None) if v > 0.0 => posts.push(PostsReleased {
                    role: id.clone(),
                    wte: v,
                }),
                _ => {}
            }
        }
    });
}
