//! The "Cash and capacity" results: the saving split into cash, staff time at
//! direct rates and capacity, by organisation (a practice's saving never reaches
//! the trust's budget), by stage and by role, with how each role's cost was built.

use crate::numbers::{grouped, pounds};
use egui::{Grid, RichText, Ui};

use crate::analysis::CostSplit;
use crate::compare::Comparison;

/// What each line means, in words a finance director reads.
const EXPLANATION: &str = "Cash is consumables (post, print, texts, digital-letter \
contracts), net of new costs. Staff time at direct rates is pay and on-costs: it becomes \
cash only if posts are actually removed. Capacity is the rest of the fully loaded cost \
(overheads), and every missed appointment's clinic slot: it frees time, not money. A role \
without a direct hourly cost counts its whole hourly cost as direct; a role without an \
organisation counts as Other; consumables belong to the organisation of the step's role.";

/// Picks one line out of a split.
type Part = fn(&CostSplit) -> f64;

/// The breakdown of the saving by organisation and by role.
pub fn breakdown_ui(ui: &mut Ui, c: &Comparison) {
    ui.label(EXPLANATION);
    ui.add_space(8.0);
    let n = c.current.annual_referrals;
    ui.strong("Saving a year by organisation");
    organisation_grid_ui(ui, "breakdown_year", c, n, 0);
    ui.add_space(8.0);
    ui.strong("Saving per referral by organisation");
    organisation_grid_ui(ui, "breakdown_referral", c, 1.0, 2);
    ui.add_space(12.0);
    ui.strong("Saving a year by stage");
    stage_grid_ui(ui, c);
    ui.add_space(12.0);
    ui.strong("Saving a year by role");
    role_grid_ui(ui, c);
}

/// One row per stage: the three lines a year and their total.
fn stage_grid_ui(ui: &mut Ui, c: &Comparison) {
    let n = c.current.annual_referrals;
    Grid::new("breakdown_stages").striped(true).show(ui, |ui| {
        for title in ["Stage", "Cash", "Direct", "Capacity", "Total"] {
            ui.strong(title);
        }
        ui.end_row();
        for s in &c.by_stage {
            let split = s.saving_split.scaled(n);
            ui.label(s.stage.name());
            for value in [
                split.cash,
                split.staff_direct,
                split.capacity,
                split.total(),
            ] {
                figure_cell(ui, &pounds(value, 0));
            }
            ui.end_row();
        }
    });
}

/// Rows: cash, staff time at direct rates, capacity, total, WTE; columns: each
/// organisation and the total. `factor` turns per-referral figures into the shown unit.
fn organisation_grid_ui(ui: &mut Ui, id: &str, c: &Comparison, factor: f64, decimals: usize) {
    let columns: Vec<(&str, CostSplit, f64)> = c
        .by_organisation
        .iter()
        .map(|o| {
            (
                o.organisation.name(),
                o.saving_split.scaled(factor),
                o.wte_released,
            )
        })
        .chain([("Total", c.saving_split.scaled(factor), c.wte_released())])
        .collect();
    let lines: [(&str, Part); 4] = [
        ("Cash", |s| s.cash),
        ("Staff time (direct rates)", |s| s.staff_direct),
        ("Capacity", |s| s.capacity),
        ("Total saving", CostSplit::total),
    ];
    Grid::new(id).striped(true).show(ui, |ui| {
        ui.label("");
        for (name, _, _) in &columns {
            ui.strong(*name);
        }
        ui.end_row();
        for (label, part) in lines {
            ui.label(label);
            for (_, split, _) in &columns {
                figure_cell(ui, &pounds(part(split), decimals));
            }
            ui.end_row();
        }
        if factor != 1.0 {
            ui.label("WTE released");
            for (_, _, wte) in &columns {
                figure_cell(ui, &grouped(*wte, 2));
            }
            ui.end_row();
        }
    });
}

/// One row per role: organisation, cost basis, the three lines a year, WTE.
fn role_grid_ui(ui: &mut Ui, c: &Comparison) {
    let n = c.current.annual_referrals;
    Grid::new("breakdown_roles").striped(true).show(ui, |ui| {
        for title in [
            "Role",
            "Organisation",
            "Cost basis",
            "Cash",
            "Direct",
            "Capacity",
            "WTE",
        ] {
            ui.strong(title);
        }
        ui.end_row();
        for r in &c.by_role {
            let split = r.saving_split.scaled(n);
            ui.label(&r.name);
            ui.label(r.organisation.name());
            let basis = c
                .current
                .role(&r.id)
                .or_else(|| c.proposed.role(&r.id))
                .and_then(|x| x.cost_basis.as_deref())
                .unwrap_or("not given");
            ui.label(RichText::new(basis).weak());
            figure_cell(ui, &pounds(split.cash, 0));
            figure_cell(ui, &pounds(split.staff_direct, 0));
            figure_cell(ui, &pounds(split.capacity, 0));
            figure_cell(ui, &grouped(r.wte_released, 2));
            ui.end_row();
        }
    });
}

fn figure_cell(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).monospace());
}
