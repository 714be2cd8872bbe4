//! The results: headline figures (always visible), the charts, and sortable tables
//! by stage and by role, for the current process against the comparison.

use crate::numbers::{grouped, pounds};
use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::chart_frame;
use super::charts;
use super::variability::{self, VariabilityCtx};
use crate::app::context::{Actions, Selection};
use crate::compare::Comparison;
use crate::export::table;

/// Which part of the results is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResultsTab {
    /// The four charts.
    #[default]
    Charts,
    /// The table by stage.
    Stages,
    /// The table by role.
    Roles,
    /// The simulation's spread and the tornado of what moves the answer.
    Variability,
    /// The saving as cash, staff time at direct rates and capacity, by organisation.
    Breakdown,
    /// Every option against the current process, side by side.
    Options,
    /// The option's appraisal over years and the ranges on its saving.
    Appraisal,
    /// Slots against demand: the waiting list, the wait and the slot issues.
    Capacity,
}

/// View state of the results: the tab and each table's sort order.
#[derive(Clone, Debug, Default)]
pub struct ResultsView {
    /// The tab shown.
    pub tab: ResultsTab,
    /// Sort column and direction (true = ascending) of the stage table.
    pub stage_sort: Option<(usize, bool)>,
    /// Sort column and direction of the role table.
    pub role_sort: Option<(usize, bool)>,
    /// The Options tab's state.
    pub options: super::options::OptionsView,
}

/// What the results panel reads and changes.
pub struct ResultsCtx<'a> {
    /// Names of the current and comparison pathways.
    pub names: &'a [String; 2],
    /// The comparison, when both pathways are valid.
    pub comparison: Option<&'a Comparison>,
    /// The Options tab's rows, worked out by the session.
    pub options_rows: &'a [crate::series::OptionsRow],
    /// Its charts' series, worked out with it by the session.
    pub series: Option<&'a crate::series::ChartSeries>,
    /// The stage highlighted on the map (charts change it).
    pub selection: &'a mut Selection,
    /// Tabs and sorting.
    pub view: &'a mut ResultsView,
    /// What the Variability tab reads and changes.
    pub variability: VariabilityCtx<'a>,
    /// Every option, for the Options tab.
    pub options: Vec<super::options::OptionColumn<'a>>,
    /// The option in view.
    pub viewed: usize,
    /// The savings waterfall by measure, when the option in view is best practice
    /// applied to the current process.
    pub by_measure: Option<&'a [crate::series::WaterfallBar]>,
    /// The business case of the option in view.
    pub case: Option<&'a crate::business::BusinessCase>,
    /// The ranges of its business case as last worked out in the background.
    pub ranges: Option<crate::session::Ranges<'a>>,
    /// The current process and the option as capacity makes them.
    pub made: [Option<&'a crate::capacity::Made>; 2],
    /// Their slot-issue cost against the slots a week, once worked out.
    pub curves: [Option<crate::session::Curve<'a>>; 2],
    /// Where *Save as CSV…* and *Save as PNG…* queue their commands.
    pub actions: &'a mut Actions,
}

/// The results panel: tabs, then charts or tables.
pub fn results_ui(ui: &mut egui::Ui, ctx: ResultsCtx<'_>) {
    ui.horizontal(|ui| {
        ui.heading("Results");
        for (tab, label) in [
            (ResultsTab::Charts, "Charts"),
            (ResultsTab::Stages, "By stage"),
            (ResultsTab::Roles, "By role"),
            (ResultsTab::Variability, "Variability"),
            (ResultsTab::Breakdown, "Cash and capacity"),
            (ResultsTab::Options, "Options"),
            (ResultsTab::Appraisal, "Appraisal"),
            (ResultsTab::Capacity, "Capacity"),
        ] {
            ui.selectable_value(&mut ctx.view.tab, tab, label);
        }
    });
    if ctx.view.tab == ResultsTab::Options {
        let cx = super::options::OptionsCtx {
            current_name: &ctx.names[0],
            columns: ctx.options,
            rows: ctx.options_rows,
            viewed: ctx.viewed,
            view: &mut ctx.view.options,
            actions: ctx.actions,
        };
        egui::ScrollArea::both()
            .id_salt("options-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| super::options::options_ui(ui, cx));
        return;
    }
    if ctx.view.tab == ResultsTab::Capacity {
        let cx = super::capacity::CapacityCtx {
            names: ctx.names,
            made: ctx.made,
            curves: ctx.curves,
            actions: ctx.actions,
        };
        egui::ScrollArea::vertical()
            .id_salt("capacity-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| super::capacity::capacity_ui(ui, cx));
        return;
    }
    let Some(c) = ctx.comparison else {
        ui.label("Results appear when both pathways have no errors: see Problems for what to fix.");
        return;
    };
    // Both ways, so a wide table scrolls instead of widening the panel: the panel
    // keeps its width whichever tab is shown.
    egui::ScrollArea::both()
        .id_salt("results-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| match ctx.view.tab {
            ResultsTab::Charts => {
                if let Some(series) = ctx.series {
                    charts_ui(ui, ctx.names, c, series, ctx.selection, ctx.actions);
                }
                if let Some(bars) = ctx.by_measure {
                    by_measure_ui(ui, bars, ctx.selection, ctx.actions);
                }
            }
            ResultsTab::Stages => {
                chart_frame::table_buttons_ui(
                    ui,
                    "results-by-stage",
                    || table::stage_table(c),
                    ctx.actions,
                );
                stage_table_ui(ui, c, &mut ctx.view.stage_sort);
            }
            ResultsTab::Roles => {
                chart_frame::table_buttons_ui(
                    ui,
                    "results-by-role",
                    || table::role_table(c),
                    ctx.actions,
                );
                role_table_ui(ui, c, &mut ctx.view.role_sort);
            }
            ResultsTab::Variability => {
                variability::variability_ui(ui, ctx.variability, ctx.selection, ctx.actions);
            }
            ResultsTab::Breakdown => super::breakdown::breakdown_ui(ui, c),
            ResultsTab::Options | ResultsTab::Capacity => {}
            ResultsTab::Appraisal => match ctx.case {
                Some(case) => {
                    let roles = c
                        .by_role
                        .iter()
                        .filter(|r| r.in_current && r.wte_released > 0.005)
                        .map(|r| (r.id.clone(), r.name.clone(), r.wte_released))
                        .collect();
                    let editor = super::investment::InvestmentCtx {
                        option: ctx.viewed,
                        investment: ctx.variability.pathways[1].investment.as_ref(),
                        roles,
                    };
                    super::investment::investment_ui(ui, editor, ctx.actions);
                    ui.add_space(8.0);
                    super::appraisal::appraisal_ui(ui, case, ctx.ranges);
                }
                None => {
                    ui.label("The appraisal appears when both pathways have no errors.");
                }
            },
        });
}

/// The saving by best-practice measure, each applied in turn, in £ a year.
fn by_measure_ui(
    ui: &mut egui::Ui,
    bars: &[crate::series::WaterfallBar],
    selection: &mut Selection,
    actions: &mut Actions,
) {
    ui.add_space(12.0);
    let look = charts::WaterfallLook {
        title: "Saving by best-practice measure, each applied in turn (£ a year)",
        id: "chart-waterfall-by-measure",
        values: true,
        ..charts::WaterfallLook::default()
    };
    chart_frame::chart_ui(ui, "savings-waterfall-by-measure", actions, |ui| {
        charts::waterfall_chart_ui(ui, bars, selection, look)
    });
}

fn charts_ui(
    ui: &mut egui::Ui,
    names: &[String; 2],
    c: &Comparison,
    series: &crate::series::ChartSeries,
    selection: &mut Selection,
    actions: &mut Actions,
) {
    ui.weak(
        "Click a stage in a chart or in this key to highlight its steps on the map; \
         right-click a chart to save or copy it as a picture.",
    );
    let stages: Vec<crate::model::Stage> = c.by_stage.iter().map(|s| s.stage).collect();
    charts::stage_key_ui(ui, &stages, selection);
    chart_frame::chart_ui(ui, "cost-per-referral-by-stage", actions, |ui| {
        charts::cost_by_stage_ui(ui, &series.cost_by_stage, selection)
    });
    ui.add_space(12.0);
    chart_frame::chart_ui(ui, "savings-waterfall", actions, |ui| {
        charts::waterfall_ui(ui, &series.waterfall, selection)
    });
    ui.add_space(12.0);
    chart_frame::chart_ui(ui, "elapsed-days-by-stage", actions, |ui| {
        charts::elapsed_ui(
            ui,
            [
                (&names[0], &series.elapsed[0], series.days_before_receipt[0]),
                (&names[1], &series.elapsed[1], series.days_before_receipt[1]),
            ],
            selection,
        )
    });
    ui.add_space(12.0);
    chart_frame::chart_ui(ui, "staff-hours-by-role", actions, |ui| {
        charts::staff_hours_ui(ui, &series.staff_hours)
    });
}

/// A sortable table of labelled rows of numbers, with a total row (every column
/// adds up).
struct NumberTable<'a> {
    id: &'a str,
    headers: &'a [&'a str],
    formats: &'a [fn(f64) -> String],
    rows: Vec<(String, Vec<f64>)>,
}

/// The sum of each column of `rows`.
fn column_totals(rows: &[(String, Vec<f64>)]) -> Vec<f64> {
    let width = rows.first().map_or(0, |(_, v)| v.len());
    (0..width)
        .map(|c| rows.iter().map(|(_, v)| v[c]).sum())
        .collect()
}

impl NumberTable<'_> {
    fn ui(mut self, ui: &mut egui::Ui, sort: &mut Option<(usize, bool)>) {
        let totals = column_totals(&self.rows);
        if let Some((col, ascending)) = *sort {
            self.rows.sort_by(|a, b| {
                let order = if col == 0 {
                    a.0.cmp(&b.0)
                } else {
                    a.1[col - 1].total_cmp(&b.1[col - 1])
                };
                if ascending { order } else { order.reverse() }
            });
        }
        ui.push_id(self.id, |ui| {
            let mut table = TableBuilder::new(ui)
                .striped(true)
                .column(Column::auto().at_least(150.0).resizable(true));
            for _ in 1..self.headers.len() {
                table = table.column(Column::auto().at_least(70.0));
            }
            table
                .header(22.0, |mut header| {
                    for (i, title) in self.headers.iter().enumerate() {
                        header.col(|ui| {
                            let marker = match *sort {
                                Some((c, true)) if c == i => " ^",
                                Some((c, false)) if c == i => " v",
                                _ => "",
                            };
                            let clicked = ui
                                .button(RichText::new(format!("{title}{marker}")).strong())
                                .on_hover_text("Click to sort")
                                .clicked();
                            if clicked {
                                *sort = match *sort {
                                    Some((c, ascending)) if c == i => Some((i, !ascending)),
                                    _ => Some((i, i == 0)),
                                };
                            }
                        });
                    }
                })
                .body(|mut body| {
                    for (label, values) in &self.rows {
                        body.row(20.0, |mut row| {
                            row.col(|ui| {
                                ui.label(label);
                            });
                            for (value, format) in values.iter().zip(self.formats) {
                                row.col(|ui| {
                                    ui.with_layout(
                                        egui::Layout::right_to_left(egui::Align::Center),
                                        |ui| {
                                            ui.label(format(*value));
                                        },
                                    );
                                });
                            }
                        });
                    }
                    body.row(22.0, |mut row| {
                        row.col(|ui| {
                            ui.strong("Total");
                        });
                        for (value, format) in totals.iter().zip(self.formats) {
                            row.col(|ui| {
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| {
                                        ui.strong(format(*value));
                                    },
                                );
                            });
                        }
                    });
                });
        });
    }
}

fn money2(v: f64) -> String {
    pounds(v, 2)
}
fn money0(v: f64) -> String {
    pounds(v, 0)
}
fn one(v: f64) -> String {
    grouped(v, 1)
}
fn whole(v: f64) -> String {
    grouped(v, 0)
}
fn two(v: f64) -> String {
    grouped(v, 2)
}

fn stage_table_ui(ui: &mut egui::Ui, c: &Comparison, sort: &mut Option<(usize, bool)>) {
    let n = c.current.annual_referrals;
    let rows = c
        .by_stage
        .iter()
        .map(|s| {
            let cur = c.current.stage(s.stage);
            let pro = c.proposed.stage(s.stage);
            let cost = |r: Option<&crate::analysis::StageResult>| r.map_or(0.0, |r| r.cost);
            let days = |r: Option<&crate::analysis::StageResult>| r.map_or(0.0, |r| r.elapsed_days);
            (
                s.stage.name().to_owned(),
                vec![
                    cost(cur),
                    cost(pro),
                    s.cost_saving,
                    s.cost_saving * n,
                    s.staff_minutes_saved,
                    days(cur),
                    days(pro),
                    s.days_saved,
                ],
            )
        })
        .collect();
    NumberTable {
        id: "stage-table",
        headers: &[
            "Stage",
            "Current £/ref",
            "Proposed £/ref",
            "Saving £/ref",
            "Saving £/year",
            "Minutes saved/ref",
            "Current days",
            "Proposed days",
            "Days saved",
        ],
        formats: &[money2, money2, money2, money0, one, one, one, one],
        rows,
    }
    .ui(ui, sort);
}

fn role_table_ui(ui: &mut egui::Ui, c: &Comparison, sort: &mut Option<(usize, bool)>) {
    let rows = c
        .by_role
        .iter()
        .map(|r| {
            let hours =
                |rep: &crate::analysis::Report| rep.role(&r.id).map_or(0.0, |x| x.annual_hours);
            let wte = |rep: &crate::analysis::Report| rep.role(&r.id).map_or(0.0, |x| x.wte);
            (
                r.name.clone(),
                vec![
                    hours(&c.current),
                    hours(&c.proposed),
                    r.annual_hours_released,
                    wte(&c.current),
                    wte(&c.proposed),
                    r.wte_released,
                    r.cost_saving * c.current.annual_referrals,
                ],
            )
        })
        .collect();
    NumberTable {
        id: "role-table",
        headers: &[
            "Role",
            "Current h/year",
            "Proposed h/year",
            "Hours released",
            "Current WTE",
            "Proposed WTE",
            "WTE released",
            "Saving £/year",
        ],
        formats: &[whole, whole, whole, two, two, two, money0],
        rows,
    }
    .ui(ui, sort);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_add_up_each_column() {
        let rows = vec![
            ("a".to_owned(), vec![1.5, 10.0]),
            ("b".to_owned(), vec![2.25, -4.0]),
        ];
        assert_eq!(column_totals(&rows), vec![3.75, 6.0]);
        assert!(column_totals(&[]).is_empty());
    }
}
