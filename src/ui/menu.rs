//! The menu bar, the toolbar, the view tabs and keyboard shortcuts, all generated
//! from [`Command`]s.

use std::path::PathBuf;

use crate::app::command::{Availability, Command, Layout, View, Which};
use crate::app::context::Actions;
use crate::app::prefs::Prefs;
use crate::app::workspace::Workspace;

/// What menus need to know to show labels and enabled states.
#[derive(Clone, Debug)]
pub struct MenuState {
    /// The pathway shown.
    pub shown: Which,
    /// What decides which commands can run, with the view and layout shown.
    pub can: Availability,
    /// Dark theme on.
    pub dark: bool,
    /// Recent files, newest first.
    pub recent: Vec<PathBuf>,
    /// The shown pathway's file name and unsaved mark.
    pub file_label: String,
    /// The status line.
    pub status: String,
    /// The options' names, in order (the first is the session's place 1).
    pub options: Vec<String>,
    /// The option in view (its place in the session).
    pub option: usize,
}

impl MenuState {
    /// Reads the state from the workspace and preferences.
    pub fn of(ws: &Workspace, prefs: &Prefs) -> Self {
        let doc = ws.doc(ws.shown);
        let file = doc.path().map_or_else(
            || "not saved to a file".to_owned(),
            |p| p.display().to_string(),
        );
        let dirty = if doc.is_dirty() {
            " (unsaved changes)"
        } else {
            ""
        };
        Self {
            shown: ws.shown,
            can: availability(ws),
            dark: prefs.dark,
            recent: prefs.recent.clone(),
            file_label: format!("{}{dirty}", file),
            status: ws.status.clone(),
            options: ws
                .session()
                .options()
                .map(|i| ws.session().doc(i).pathway().name.clone())
                .collect(),
            option: ws.option(),
        }
    }
}

/// What decides which commands can run, read from the workspace.
pub fn availability(ws: &Workspace) -> Availability {
    let doc = ws.doc(ws.shown);
    Availability {
        undo: doc.can_undo(),
        redo: doc.can_redo(),
        selection: ws.pane(ws.shown).selection.step.is_some(),
        comparison: ws.comparison().is_some(),
        options: ws.session().options().count(),
        put_back_option: ws.removed_option().is_some(),
        view: ws.view,
        layout: ws.layout,
    }
}

/// A menu entry for a command, with its shortcut; queues the command when clicked.
fn item(ui: &mut egui::Ui, state: &MenuState, actions: &mut Actions, command: Command) {
    let mut button = egui::Button::new(command.label());
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui
        .add_enabled(command.enabled(&state.can), button)
        .clicked()
    {
        actions.command(command);
        ui.close();
    }
}

/// The menu bar: File, Edit, View, Compare.
pub fn menu_bar_ui(ui: &mut egui::Ui, state: &MenuState, actions: &mut Actions) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu_ui(ui, state, actions));
        ui.menu_button("Edit", |ui| {
            for command in [Command::Undo, Command::Redo] {
                item(ui, state, actions, command);
            }
            item(ui, state, actions, Command::UndoRemoveOption);
            ui.separator();
            for command in [
                Command::AddStep,
                Command::AddStepAfter,
                Command::DuplicateSelected,
                Command::DeleteSelected,
            ] {
                item(ui, state, actions, command);
            }
            ui.separator();
            item(ui, state, actions, Command::SelectPreviousStep);
            item(ui, state, actions, Command::SelectNextStep);
        });
        ui.menu_button("View", |ui| view_menu_ui(ui, state, actions));
        ui.menu_button("Compare", |ui| comparison_menu_ui(ui, state, actions));
        ui.menu_button("Help", |ui| {
            for page in super::help::HelpPage::ALL {
                item(ui, state, actions, Command::Help(page));
            }
        });
    });
}

fn file_menu_ui(ui: &mut egui::Ui, state: &MenuState, actions: &mut Actions) {
    item(ui, state, actions, Command::New);
    item(ui, state, actions, Command::Open);
    item(ui, state, actions, Command::OpenWorkspace);
    item(ui, state, actions, Command::SaveWorkspaceAs);
    ui.menu_button("Open bundled model", |ui| {
        for i in 0..crate::bundled::ALL.len() {
            item(ui, state, actions, Command::OpenBundled(i));
        }
    });
    ui.menu_button("Open recent", |ui| {
        if state.recent.is_empty() {
            ui.weak("No recent files");
        }
        for path in &state.recent {
            item(ui, state, actions, Command::OpenPath(path.clone()));
        }
    });
    ui.separator();
    item(ui, state, actions, Command::Save);
    item(ui, state, actions, Command::SaveAs);
    ui.separator();
    ui.menu_button("Export", |ui| {
        item(ui, state, actions, Command::ExportWorkbook);
        item(ui, state, actions, Command::ExportStepsCsv);
    });
    ui.menu_button("Import steps", |ui| {
        item(ui, state, actions, Command::ImportSteps);
        item(ui, state, actions, Command::SaveStepsTemplate);
    });
    ui.separator();
    item(ui, state, actions, Command::Quit);
}

fn view_menu_ui(ui: &mut egui::Ui, state: &MenuState, actions: &mut Actions) {
    item(ui, state, actions, Command::Present);
    ui.separator();
    for view in View::ALL {
        if ui.radio(state.can.view == view, view.label()).clicked() {
            actions.command(Command::SetView(view));
            ui.close();
        }
    }
    ui.separator();
    for layout in Layout::ALL {
        if ui
            .radio(
                state.can.layout == layout,
                format!("Layout: {}", layout.label()),
            )
            .clicked()
        {
            actions.command(Command::SetLayout(layout));
            ui.close();
        }
    }
    ui.separator();
    item(ui, state, actions, Command::FitView);
    item(ui, state, actions, Command::TidyLayout);
    ui.separator();
    if ui.checkbox(&mut state.dark.clone(), "Dark theme").clicked() {
        actions.command(Command::ToggleTheme);
        ui.close();
    }
    ui.separator();
    ui.label("Text size (for projectors)");
    egui::gui_zoom::zoom_menu_buttons(ui);
}

fn comparison_menu_ui(ui: &mut egui::Ui, state: &MenuState, actions: &mut Actions) {
    for which in Which::BOTH {
        if ui
            .radio(
                state.shown == which,
                format!("Show and edit: {}", which.label()),
            )
            .clicked()
        {
            actions.command(Command::Show(which));
            ui.close();
        }
    }
    ui.separator();
    ui.label("Compare the current process with");
    item(ui, state, actions, Command::BestPracticeForThisPathway);
    for i in 0..crate::bundled::ALL.len() {
        item(ui, state, actions, Command::CompareWithBundled(i));
    }
    item(ui, state, actions, Command::CompareWithFile);
    ui.separator();
    item(ui, state, actions, Command::SwapPathways);
    ui.separator();
    options_menu_ui(ui, state, actions);
}

/// The options: adding and removing, what changed, and which is in view. The
/// commands come first and the list of options last, so that no item moves as
/// options are added or removed.
fn options_menu_ui(ui: &mut egui::Ui, state: &MenuState, actions: &mut Actions) {
    ui.menu_button("Add option", |ui| {
        for command in [
            Command::DuplicateAsOption(0),
            Command::DuplicateAsOption(state.option),
        ]
        .into_iter()
        .chain((0..crate::bundled::ALL.len()).map(Command::AddBundledOption))
        .chain([Command::AddOptionFile])
        {
            item(ui, state, actions, command);
        }
    });
    item(ui, state, actions, Command::RemoveOption(state.option));
    item(ui, state, actions, Command::UndoRemoveOption);
    item(ui, state, actions, Command::WhatChanged);
    ui.separator();
    ui.label("Options (see them side by side in Results > Options)");
    for (k, name) in state.options.iter().enumerate() {
        let entry = k + 1;
        if ui
            .radio(state.option == entry, format!("Option {entry}: {name}"))
            .clicked()
        {
            actions.command(Command::ViewOption(entry));
            ui.close();
        }
    }
}

/// The toolbar: which pathway is shown, its file, and the common commands.
pub fn toolbar_ui(ui: &mut egui::Ui, state: &MenuState, actions: &mut Actions) {
    ui.horizontal(|ui| {
        ui.label("Editing:");
        for which in Which::BOTH {
            if ui
                .selectable_label(state.shown == which, which.label())
                .clicked()
            {
                actions.command(Command::Show(which));
            }
        }
        ui.separator();
        for command in [
            Command::AddStep,
            Command::AddStepAfter,
            Command::DeleteSelected,
            Command::Undo,
            Command::Redo,
            Command::FitView,
            Command::TidyLayout,
        ] {
            let tip = match command.shortcut() {
                Some(sc) => format!("{} ({})", command.label(), ui.ctx().format_shortcut(&sc)),
                None => command.label(),
            };
            if ui
                .add_enabled(
                    command.enabled(&state.can),
                    egui::Button::new(command.label()),
                )
                .on_hover_text(tip)
                .clicked()
            {
                actions.command(command);
            }
        }
        ui.separator();
        ui.label("Layout:");
        for layout in Layout::ALL {
            if ui
                .selectable_label(state.can.layout == layout, layout.label())
                .clicked()
            {
                actions.command(Command::SetLayout(layout));
            }
        }
        ui.separator();
        ui.weak(&state.file_label);
    });
    if !state.status.is_empty() {
        ui.weak(&state.status);
    }
}

/// Tabs choosing the editing view.
pub fn view_tabs_ui(ui: &mut egui::Ui, current: View, actions: &mut Actions) {
    ui.horizontal(|ui| {
        for view in View::ALL {
            if ui.selectable_label(current == view, view.label()).clicked() {
                actions.command(Command::SetView(view));
            }
        }
    });
    ui.separator();
}

/// Turns pressed shortcuts into commands that can run. A command that yields to
/// typing leaves its keys to the text field that has the keyboard.
pub fn shortcuts(ctx: &egui::Context, can: &Availability, actions: &mut Actions) {
    let typing = ctx.egui_wants_keyboard_input();
    for command in Command::with_shortcuts() {
        if (typing && command.yields_to_typing()) || !command.enabled(can) {
            continue;
        }
        let mut pressed = false;
        for shortcut in command.all_shortcuts() {
            pressed |= ctx.input_mut(|i| i.consume_shortcut(&shortcut));
        }
        if pressed {
            actions.command(command);
        }
    }
}
