//! The Options results tab: every proposed option against the current process, one
//! column each, the best value in each row marked, a chart with one colour per
//! option, and the buttons that add, view, copy, rename, reorder and remove options.

use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Plot};

use super::charts::{CURRENT_COLOUR, base_plot, label_plot};
use crate::app::command::Command;
use crate::app::context::{Actions, rgb};
use crate::compare::Comparison;
use crate::numbers::{grouped, percent, pounds};
use crate::series::OptionsRow;

/// Colour-blind-safe colours (Okabe and Ito) for the options, each option keeping
/// its own as others are added, moved and removed.
pub const OPTION_COLOURS: [Color32; 7] = [
    rgb(0x0072B2),
    rgb(0xE69F00),
    rgb(0x009E73),
    rgb(0xCC79A7),
    rgb(0xD55E00),
    rgb(0x56B4E9),
    rgb(0x8C6D00),
];

/// The colour of palette entry `index`.
pub fn option_colour(index: usize) -> Color32 {
    OPTION_COLOURS[index % OPTION_COLOURS.len()]
}

/// One option as the tab shows it.
#[derive(Clone, Debug)]
pub struct OptionColumn<'a> {
    /// Its place in the session (1 is the first option).
    pub entry: usize,
    /// The option's name.
    pub name: &'a str,
    /// Its palette entry.
    pub colour: usize,
    /// Its comparison with the current process: the latest, or the last good one.
    pub comparison: Option<&'a Comparison>,
    /// The comparison is from before the latest edits (the option has errors now).
    pub stale: bool,
    /// It has changes not saved to a file.
    pub unsaved: bool,
    /// The shares within 18 weeks of the current process and this option, when the
    /// last simulation ran on both as they are now.
    pub within_18_weeks: Option<[f64; 2]>,
}

/// View state of the Options tab: the option being renamed, with the name typed.
#[derive(Clone, Debug, Default)]
pub struct OptionsView {
    renaming: Option<(usize, String)>,
    /// The rename field was just opened: it takes the keyboard.
    focus_rename: bool,
}

/// What the Options tab reads and changes.
pub struct OptionsCtx<'a> {
    /// The current process's name.
    pub current_name: &'a str,
    /// The options, in order.
    pub columns: Vec<OptionColumn<'a>>,
    /// The table's rows, of the options with a comparison, worked out by the session.
    pub rows: &'a [OptionsRow],
    /// The option compared in the other tabs and the headline.
    pub viewed: usize,
    /// Renaming state.
    pub view: &'a mut OptionsView,
    /// Where the tab queues its commands.
    pub actions: &'a mut Actions,
}

/// The Options tab.
pub fn options_ui(ui: &mut egui::Ui, mut cx: OptionsCtx<'_>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "Each option against the current process, \"{}\". ",
            cx.current_name
        ));
        ui.menu_button("Add option", |ui| add_menu_ui(ui, cx.viewed, cx.actions));
    });
    ui.weak(
        "The best value in each row is marked ★ (equals share it). View an option to see its charts, \
         tables and headline figures, and to edit it.",
    );
    ui.add_space(6.0);
    let valid: Vec<(usize, &Comparison)> = cx
        .columns
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.comparison.map(|cmp| (k, cmp)))
        .collect();
    let comparisons: Vec<&Comparison> = valid.iter().map(|&(_, c)| c).collect();
    let rows = cx.rows;
    super::chart_frame::table_buttons_ui(
        ui,
        "options-appraisal",
        || crate::export::table::options_table(&comparisons),
        cx.actions,
    );
    egui::Grid::new("options-table")
        .striped(true)
        .spacing([18.0, 6.0])
        .show(ui, |ui| {
            header_ui(ui, &mut cx);
            for row in rows {
                row_ui(ui, row, &cx.columns, &valid);
            }
            if !valid.is_empty() {
                simulated_row_ui(ui, &cx.columns, cx.viewed);
            }
        });
    if let Some(first) = comparisons.first() {
        ui.add_space(8.0);
        ui.weak(format!(
            "All at {} referrals a year, the current process's.",
            grouped(first.current.annual_referrals, 0)
        ));
        ui.add_space(8.0);
        let bars: Vec<(String, f64, Color32)> = valid
            .iter()
            .map(|&(k, c)| {
                let column = &cx.columns[k];
                (
                    column.name.to_owned(),
                    c.annual_saving,
                    option_colour(column.colour),
                )
            })
            .collect();
        super::chart_frame::chart_ui(ui, "options-saving", cx.actions, |ui| {
            saving_chart_ui(ui, &bars)
        });
        let costs: Vec<(String, f64, Color32)> = std::iter::once((
            format!("Current: {}", cx.current_name),
            first.current.cost_per_referral,
            CURRENT_COLOUR,
        ))
        .chain(valid.iter().map(|&(k, c)| {
            let column = &cx.columns[k];
            (
                column.name.to_owned(),
                c.proposed.cost_per_referral,
                option_colour(column.colour),
            )
        }))
        .collect();
        super::chart_frame::chart_ui(ui, "options-cost", cx.actions, |ui| {
            cost_chart_ui(ui, &costs)
        });
    }
}

/// Names, then each option's buttons.
fn header_ui(ui: &mut egui::Ui, cx: &mut OptionsCtx<'_>) {
    ui.label("");
    ui.label(RichText::new("Current process").strong());
    let count = cx.columns.len();
    for (k, column) in cx.columns.iter().enumerate() {
        ui.vertical(|ui| {
            name_ui(ui, column, cx.viewed, cx.view, cx.actions);
            ui.horizontal(|ui| {
                if column.entry == cx.viewed {
                    ui.weak("viewing");
                } else if ui
                    .button("View option")
                    .on_hover_text(format!("Compare the current process with {}", column.name))
                    .clicked()
                {
                    cx.actions.command(Command::ViewOption(column.entry));
                }
                ui.menu_button("More", |ui| {
                    option_menu_ui(ui, column, k, count, cx.view, cx.actions);
                });
            });
        });
    }
    ui.end_row();
}

/// The option's colour and name, or the field renaming it.
fn name_ui(
    ui: &mut egui::Ui,
    column: &OptionColumn<'_>,
    viewed: usize,
    view: &mut OptionsView,
    actions: &mut Actions,
) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, 2.0, option_colour(column.colour));
        match &mut view.renaming {
            Some((entry, name)) if *entry == column.entry => {
                let label = ui.label("New name");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(name)
                            .desired_width(160.0)
                            .hint_text("Option name"),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut view.focus_rename) {
                    field.request_focus();
                } else if field.lost_focus() {
                    let (option, name) = (*entry, name.trim().to_owned());
                    if ui.input(|i| !i.key_pressed(egui::Key::Escape)) && !name.is_empty() {
                        actions.command(Command::RenameOption { option, name });
                    }
                    view.renaming = None;
                }
            }
            _ => {
                let mut text = RichText::new(column.name);
                if column.entry == viewed {
                    text = text.strong();
                }
                let unsaved = if column.unsaved { " *" } else { "" };
                ui.label(text)
                    .on_hover_text(format!("Option {}{unsaved}", column.entry));
            }
        }
    });
}

/// Copy, rename, move and remove one option.
fn option_menu_ui(
    ui: &mut egui::Ui,
    column: &OptionColumn<'_>,
    k: usize,
    count: usize,
    view: &mut OptionsView,
    actions: &mut Actions,
) {
    let entry = column.entry;
    let mut commands = vec![Command::DuplicateAsOption(entry)];
    if k > 0 {
        commands.push(Command::MoveOption {
            from: entry,
            to: entry - 1,
        });
    }
    if k + 1 < count {
        commands.push(Command::MoveOption {
            from: entry,
            to: entry + 1,
        });
    }
    for command in commands {
        if ui.button(command.label()).clicked() {
            actions.command(command);
            ui.close();
        }
    }
    if ui.button("Rename…").clicked() {
        view.renaming = Some((entry, column.name.to_owned()));
        view.focus_rename = true;
        ui.close();
    }
    ui.separator();
    let remove = ui
        .add_enabled(count > 1, egui::Button::new("Remove option"))
        .on_disabled_hover_text("The last option stays: there would be nothing to compare with.");
    if remove.clicked() {
        actions.command(Command::RemoveOption(entry));
        ui.close();
    }
}

/// What can be added as an option.
fn add_menu_ui(ui: &mut egui::Ui, viewed: usize, actions: &mut Actions) {
    ui.label("Add as a new option");
    let commands = [
        Command::DuplicateAsOption(0),
        Command::DuplicateAsOption(viewed),
    ]
    .into_iter()
    .chain((0..crate::bundled::ALL.len()).map(Command::AddBundledOption))
    .chain([Command::AddOptionFile]);
    for command in commands {
        if ui.button(command.label()).clicked() {
            actions.command(command);
            ui.close();
        }
    }
}

/// One row of figures: the current process's, then each option's, the best marked.
fn row_ui(
    ui: &mut egui::Ui,
    row: &OptionsRow,
    columns: &[OptionColumn<'_>],
    valid: &[(usize, &Comparison)],
) {
    ui.label(row.label);
    ui.label(row.current.map_or_else(String::new, |v| row.unit.write(v)));
    let marked = row.marked();
    for (k, column) in columns.iter().enumerate() {
        let Some(at) = valid.iter().position(|&(j, _)| j == k) else {
            ui.weak("has errors: see Problems");
            continue;
        };
        let value = row.unit.write(row.options[at]);
        let stale = if column.stale {
            " (before the latest edits)"
        } else {
            ""
        };
        if marked[at] {
            ui.label(RichText::new(format!("{value} ★")).strong())
                .on_hover_text(format!("The best option for {}{stale}", row.label.trim()));
        } else if column.stale {
            ui.weak(value).on_hover_text(stale.trim());
        } else {
            ui.label(value);
        }
    }
    ui.end_row();
}

/// The share within 18 weeks, for the options simulated as they are now.
fn simulated_row_ui(ui: &mut egui::Ui, columns: &[OptionColumn<'_>], viewed: usize) {
    ui.label("Within 18 weeks (simulated)");
    let shares: Vec<Option<[f64; 2]>> = columns.iter().map(|c| c.within_18_weeks).collect();
    match shares.iter().flatten().next() {
        Some([current, _]) => ui.label(percent(*current)),
        None => ui.label(""),
    };
    let simulated = shares.iter().flatten().count();
    let best = shares
        .iter()
        .enumerate()
        .filter_map(|(k, s)| s.map(|[_, option]| (k, option)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
        .filter(|_| simulated > 1);
    for (k, share) in shares.iter().enumerate() {
        match share {
            Some([_, option]) if best == Some(k) => {
                ui.label(RichText::new(format!("{} ★", percent(*option))).strong());
            }
            Some([_, option]) => {
                ui.label(percent(*option));
            }
            None if columns[k].entry == viewed => {
                ui.weak("simulate it (Variability)");
            }
            None => {
                ui.weak("view it and simulate (Variability)");
            }
        }
    }
    ui.end_row();
}

/// Horizontal bars, one per entry, with their own colours and names.
fn bars_plot(
    ui: &mut egui::Ui,
    id: &str,
    title: &str,
    data: &[(String, f64, Color32)],
    value: fn(f64) -> String,
) -> egui::Response {
    ui.label(RichText::new(title).strong());
    let n = data.len();
    let names: Vec<String> = data.iter().rev().map(|(name, ..)| name.clone()).collect();
    let plot: Plot<'static> = base_plot(id)
        .height((40.0 * n as f32 + 60.0).max(120.0))
        .y_grid_spacer(super::charts::category_marks(n))
        .show_grid([true, false])
        .x_axis_formatter(move |mark, _| value(mark.value))
        .y_axis_formatter(super::charts::category_labels(names))
        .y_axis_min_width(180.0)
        .include_x(0.0);
    let shown = plot.show(ui, |plot_ui| {
        for (i, (name, v, colour)) in data.iter().enumerate() {
            let y = (n - 1 - i) as f64; // the first at the top
            let bar = Bar::new(y, *v)
                .width(0.6)
                .fill(*colour)
                .name(name)
                .horizontal();
            plot_ui.bar_chart(
                BarChart::new(name.clone(), vec![bar])
                    .color(*colour)
                    .element_formatter(Box::new(move |bar: &Bar, _: &BarChart| {
                        format!("{}: {}", bar.name, value(bar.value))
                    })),
            );
        }
    });
    label_plot(&shown, title);
    shown.response
}

/// The saving a year of each option.
fn saving_chart_ui(ui: &mut egui::Ui, data: &[(String, f64, Color32)]) -> egui::Response {
    bars_plot(
        ui,
        "chart-options-saving",
        "Saving a year by option",
        data,
        |v| pounds(v, 0),
    )
}

/// The cost per referral of the current process and each option.
fn cost_chart_ui(ui: &mut egui::Ui, data: &[(String, f64, Color32)]) -> egui::Response {
    bars_plot(
        ui,
        "chart-options-cost",
        "Cost per referral by option",
        data,
        |v| pounds(v, 2),
    )
}
