//! The desktop app (eframe/egui): the shell around the pure core. It lays out the
//! panels, then turns the edits and commands they queued into changes, and owns
//! files, dialogs, preferences and autosave. In a browser, [`web`] (built for
//! `wasm32` only) starts it on the page.

pub mod autosave;
pub(crate) mod best_practice;
pub mod command;
pub mod context;
pub(crate) mod dialogs;
pub(crate) mod dispatch;
pub(crate) mod downloads;
pub(crate) mod export;
pub(crate) mod file_dialog;
pub mod files;
pub(crate) mod prefs;
pub(crate) mod requests;
pub(crate) mod restore;
#[cfg(target_arch = "wasm32")]
pub mod web;
pub(crate) mod workspace;
pub(crate) mod workspace_files;

use std::path::PathBuf;

use crate::ui::{
    canvas, comparing, headline, help, inspector, levers, menu, present, problems, results, roles,
    tables, variability, what_changed,
};

pub use command::{Command, Layout, View, Which};
#[cfg(not(target_arch = "wasm32"))]
pub use files::NativeDialogs;
pub use files::{FileDialogs, FileKind, Picked};
pub use results::{ResultsTab, ResultsView};
pub use workspace::Workspace;

use context::{Actions, PanelCtx};
use dialogs::{Modal, Pending};
use file_dialog::InAppDialog;
use files::FileRequest;

/// Narrower windows start with the editor only (results a click away), so the map
/// is readable at once, until the user chooses a layout (which is then kept).
pub const SIDE_BY_SIDE_MIN_WIDTH: f32 = 1700.0;

/// The inspector's width beside the results (layout Both) while no step is
/// selected: the hint and any problems, leaving the map most of the width.
pub const EMPTY_INSPECTOR_WIDTH: f32 = 220.0;

/// How the app starts.
pub struct StartOptions {
    /// A model file to open as the current pathway (as a file association would).
    pub file: Option<PathBuf>,
    /// The platform: file dialogs, where background work runs, and where unsaved
    /// work is kept for recovery (autosave is on unless that is
    /// [`Recovery::Off`](crate::platform::Recovery::Off); unsaved work left there by
    /// a run that did not close properly is offered back).
    pub platform: crate::platform::Platform,
}

/// The opmt desktop app.
pub struct OpmtApp {
    /// Both pathways, their documents, views and derived results.
    pub workspace: Workspace,
    prefs: prefs::Prefs,
    dialogs: Box<dyn FileDialogs>,
    /// The app's own file dialog, open where the system's could not be, with what
    /// to do with the file once chosen.
    file_dialog: Option<(InAppDialog, FileRequest)>,
    /// The request whose platform dialog answers later (the web's), while it waits.
    waiting_file: Option<FileRequest>,
    /// A chart picture to take in the next frame, and where it goes.
    picture_pending: Option<(egui::Rect, export::PictureTarget)>,
    /// Pictures the screenshot callback has taken.
    pictures: export::Pictures,
    modal: Option<Modal>,
    /// The dialog asking which options the benefits workbook holds, while open.
    export_choice: Option<export::ExportChoice>,
    /// The dialog of *Best practice for this pathway…*, while open.
    best_practice: Option<best_practice::BestPracticeChoice>,
    /// Autosave, when it is on.
    autosave: Option<autosave::Autosave>,
    /// The window may close: unsaved work was saved or discarded.
    allow_close: bool,
    /// The starting layout has been chosen: by the user (kept in the preferences)
    /// or, the first time, for the window's width.
    layout_chosen: bool,
    /// Where the menu bar and toolbar end (points from the top), so windows open
    /// below them.
    chrome_bottom: f32,
    title: String,
    /// Present mode (F5), while on.
    present: Option<present::PresentView>,
    /// The Help window's page, while it is open.
    help: Option<help::HelpPage>,
    /// Show the one-line hint pointing to the guide (the very first start).
    pub first_start_hint: bool,
    /// The *What changed* window, while open.
    what_changed: Option<what_changed::WhatChanged>,
    /// Where background jobs run (threads on the desktop).
    spawn: std::rc::Rc<dyn crate::session::Spawn>,
    /// The runner of sliced work, on a platform without threads (the web).
    frames: Option<crate::platform::spawn::FrameRunner>,
}

impl OpmtApp {
    /// Creates the app with preferences from eframe storage: the file from the
    /// command line if one was given, else the file open when the app last closed,
    /// else the bundled models.
    pub fn new(cc: &eframe::CreationContext<'_>, options: StartOptions) -> Self {
        Self::with_storage(&cc.egui_ctx, options, cc.storage)
    }

    /// [`OpmtApp::new`] with the preferences of `storage` (eframe's, or a test's
    /// stand-in); `None`: no storage, default preferences.
    pub fn with_storage(
        ctx: &egui::Context,
        options: StartOptions,
        storage: Option<&dyn eframe::Storage>,
    ) -> Self {
        let saved = storage.and_then(|s| eframe::get_value::<prefs::Prefs>(s, prefs::KEY));
        // The very first start: storage works, but nothing was ever saved in it.
        let first_start = storage.is_some() && saved.is_none();
        let mut app = Self::with_prefs(ctx, options, saved.unwrap_or_default());
        app.first_start_hint = first_start;
        app
    }

    /// Writes the preferences to `storage` (as eframe does on closing, and now and
    /// then): the file to open again next time and the layout chosen among them.
    pub fn save_prefs(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.reopen = self.workspace.reopen_file();
        eframe::set_value(storage, prefs::KEY, &self.prefs);
    }

    /// Creates the app without eframe (default preferences), for benchmarks and
    /// headless use; drive it with [`OpmtApp::frame_ui`].
    pub fn headless(ctx: &egui::Context, options: StartOptions) -> Self {
        Self::with_prefs(ctx, options, prefs::Prefs::default())
    }

    fn with_prefs(ctx: &egui::Context, options: StartOptions, prefs: prefs::Prefs) -> Self {
        prefs.apply_theme(ctx);
        crate::ui::number_field::InputPacing::install(ctx);
        let layout = prefs.layout;
        let reopen = prefs.reopen.clone();
        let mut app = Self {
            workspace: Workspace::bundled(),
            prefs,
            dialogs: options.platform.dialogs,
            file_dialog: None,
            waiting_file: None,
            picture_pending: None,
            pictures: export::Pictures::default(),
            modal: None,
            export_choice: None,
            best_practice: None,
            autosave: None,
            allow_close: false,
            layout_chosen: layout.is_some(),
            chrome_bottom: 0.0,
            title: String::new(),
            present: None,
            help: None,
            first_start_hint: false,
            what_changed: None,
            spawn: options.platform.spawn,
            frames: options.platform.frames,
        };
        if let Some(layout) = layout {
            app.workspace.layout = layout;
        }
        match (options.file, reopen) {
            (Some(path), _) => app.open_path(Which::Current, path),
            (None, Some(path)) => app.reopen(&path),
            (None, None) => {}
        }
        app.start_autosave(options.platform.recovery);
        app
    }

    /// The modal dialog's heading, if one is open (for tests and screenshots).
    pub fn modal_title(&self) -> Option<String> {
        self.modal.as_ref().map(Modal::title)
    }

    /// The options ticked in the export dialog, while it is open (for tests).
    pub fn export_choice(&self) -> Option<Vec<usize>> {
        self.export_choice
            .as_ref()
            .map(export::ExportChoice::chosen)
    }

    /// Opens or closes the *What changed* window.
    pub(crate) fn toggle_what_changed(&mut self) {
        match self.what_changed {
            Some(_) => self.close_what_changed(),
            None => self.what_changed = Some(what_changed::WhatChanged::default()),
        }
    }

    /// Closes the *What changed* window and takes its marks off the maps.
    fn close_what_changed(&mut self) {
        self.what_changed = None;
        self.workspace.mark_changed_steps(None);
    }

    /// The differences *What changed* lists, while it is open (for tests).
    pub fn what_changed(&self) -> Option<&[crate::diff::Change]> {
        self.what_changed.as_ref().map(|w| w.changes())
    }

    /// The *What changed* window, while open; the steps it lists are marked on the
    /// maps whenever the differences are worked out again.
    fn what_changed_ui(&mut self, ctx: &egui::Context, actions: &mut Actions) {
        let Some(state) = &mut self.what_changed else {
            return;
        };
        let ws = &self.workspace;
        let key = (ws.version(Which::Current), ws.version(Which::Comparison));
        let changed = state.update(
            key,
            ws.doc(Which::Current).pathway(),
            ws.doc(Which::Comparison).pathway(),
        );
        let names = ws.names();
        let open = what_changed::what_changed_ui(ctx, state, &names, actions);
        if !open {
            self.close_what_changed();
        } else if changed {
            let marks = state.changed_steps();
            self.workspace.mark_changed_steps(Some(marks));
        }
    }

    /// The Help window's page, while it is open.
    pub fn help_page(&self) -> Option<help::HelpPage> {
        self.help
    }

    /// The Help window, while open: below the menu bar and toolbar, never over them.
    fn help_window_ui(&mut self, ctx: &egui::Context) {
        let Some(page) = self.help else {
            return;
        };
        let mut open = true;
        let screen = ctx.content_rect();
        let below = egui::Rect::from_min_max(
            egui::pos2(screen.left(), self.chrome_bottom.max(screen.top())),
            screen.max,
        );
        egui::Window::new(page.label())
            .open(&mut open)
            .default_width(520.0)
            .default_pos(below.left_top() + egui::vec2(24.0, 8.0))
            .constrain_to(below)
            .show(ctx, |ui| help::help_ui(ui, page));
        if !open {
            self.help = None;
        }
    }

    /// Present mode's state, while presenting.
    pub fn presenting(&self) -> Option<&present::PresentView> {
        self.present.as_ref()
    }

    /// Enters or leaves Present mode, full screen.
    fn toggle_present(&mut self, ctx: &egui::Context) {
        let on = self.present.is_none();
        self.present = on.then(present::PresentView::default);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
    }

    /// The kind of file the app's own file dialog is asking for, if it is open.
    pub fn in_app_dialog(&self) -> Option<FileKind> {
        self.file_dialog.as_ref().map(|(d, _)| d.kind())
    }

    fn panels(&mut self, ui: &mut egui::Ui, actions: &mut Actions) {
        let state = menu::MenuState::of(&self.workspace, &self.prefs);
        egui::Panel::top("menu").show(ui, |ui| menu::menu_bar_ui(ui, &state, actions));
        let toolbar =
            egui::Panel::top("toolbar").show(ui, |ui| menu::toolbar_ui(ui, &state, actions));
        self.chrome_bottom = toolbar.response.rect.bottom();
        if self.first_start_hint {
            egui::Panel::top("first_start_hint").show(ui, |ui| {
                if help::first_start_hint_ui(ui, actions) {
                    self.first_start_hint = false;
                }
            });
        }
        let names = self.workspace.names();
        let layout = self.workspace.layout;
        let shown = self.workspace.shown;
        let split = self.workspace.split(shown);
        egui::Panel::bottom("headline").show(ui, |ui| {
            comparing::comparing_ui(ui, &names, &split.comparing, actions);
            headline::headline_ui(ui, split.figures, split.case, split.ranges);
        });
        let results_ui = |ui: &mut egui::Ui| {
            results::results_ui(
                ui,
                results::ResultsCtx {
                    names: &names,
                    comparison: split.comparison,
                    series: split.series,
                    options_rows: split.options_rows,
                    selection: &mut split.pane.selection,
                    view: &mut *split.results,
                    variability: variability::VariabilityCtx {
                        pathways: split.pathways,
                        places: [0, split.viewed],
                        reports: split.reports,
                        simulation: split.simulation.0,
                        simulation_is_current: split.simulation.1,
                        swings: split.swings,
                        shown,
                        view: &mut *split.variability,
                    },
                    options: split.options.clone(),
                    viewed: split.viewed,
                    by_measure: split.by_measure.as_deref(),
                    case: split.case,
                    ranges: split.ranges,
                    made: split.made,
                    curves: split.curves,
                    actions: &mut *actions,
                },
            );
        };
        match layout {
            Layout::Results => {
                egui::CentralPanel::default().show(ui, results_ui);
                return;
            }
            Layout::SideBySide => {
                let width = ui.available_width() * 0.42;
                egui::Panel::right("results")
                    .resizable(true)
                    .default_size(width)
                    .show(ui, results_ui);
            }
            Layout::Editing => {}
        }
        let mut ctx = PanelCtx {
            pathway: split.doc.pathway(),
            problems: &split.derived.problems,
            report: split.derived.report.as_ref(),
            selection: &mut split.pane.selection,
            actions,
        };
        // Beside the results with nothing selected, the inspector holds only a hint
        // (and any problems): narrow, so the map keeps most of the width.
        let empty = layout == Layout::SideBySide
            && ctx.selection.step.is_none()
            && ctx.pathway.levers.is_empty();
        let inspector = if empty {
            egui::Panel::right("inspector_empty")
                .resizable(false)
                .exact_size(EMPTY_INSPECTOR_WIDTH)
        } else {
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(330.0)
        };
        inspector.show(ui, |ui| {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(150.0)
                .show(ui, |ui| problems::problems_ui(ui, &mut ctx));
            if !ctx.pathway.levers.is_empty() {
                egui::Panel::bottom("levers")
                    .resizable(true)
                    .show(ui, |ui| levers::levers_ui(ui, &mut ctx));
            }
            inspector::inspector_ui(ui, &mut ctx);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            menu::view_tabs_ui(ui, state.can.view, ctx.actions);
            match state.can.view {
                View::Map => canvas::canvas_ui(ui, &mut ctx, &mut split.pane.canvas),
                View::Steps => tables::steps_table_ui(ui, &mut ctx),
                View::Roles => roles::roles_ui(ui, &mut ctx),
            }
        });
    }

    /// Applies what the panels asked for, in order: edits to the shown pathway, then commands.
    fn run(&mut self, ctx: &egui::Context, actions: Actions) {
        let Actions {
            edits,
            commands,
            seal,
        } = actions;
        for edit in edits {
            let result = self.workspace.apply(edit);
            self.report(result);
        }
        if seal {
            self.workspace.seal();
        }
        for command in commands {
            let chooses_layout = matches!(command, Command::SetLayout(_) | Command::SetView(_));
            self.run_command(ctx, command);
            if chooses_layout {
                // The user's choice, kept for the next start.
                self.prefs.layout = Some(self.workspace.layout);
                self.layout_chosen = true;
            }
        }
    }

    /// At start, opens again the file open when the app last closed; one that is
    /// gone or cannot be read leaves the bundled models, with a word in the status
    /// line (no message box: the user did not ask for this file just now).
    fn reopen(&mut self, path: &std::path::Path) {
        let name = path.display();
        if crate::platform::files::check_regular(path).is_err() {
            self.workspace.status = format!(
                "Opened the bundled models: the file open last time is no longer there ({name})."
            );
            return;
        }
        if workspace_files::is_workspace_file(path) {
            self.open_workspace(path);
            return;
        }
        match self.workspace.open_path(Which::Current, path) {
            Ok(()) => {
                self.prefs.remember(path);
                self.workspace.status = format!("Opened {name} again, as when opmt last closed.");
                // As when it was opened by hand: compared with its own best practice.
                self.workspace.compare_with_own_best_practice();
            }
            Err(e) => {
                self.workspace.status = format!(
                    "Opened the bundled models: the file open last time could not be opened ({e})."
                );
            }
        }
    }

    /// Window close, dropped files and the title: what the window itself asks.
    fn window_ui(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            if self.allow_close {
                return;
            }
            if Which::BOTH.iter().any(|w| self.workspace.needs_saving(*w)) {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.request(self.workspace.shown, Pending::Quit);
            }
        }
        if self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let dropped = ctx.input(|i| i.raw.dropped_files.first().cloned());
        if let Some(file) = dropped {
            self.dropped(self.workspace.shown, file);
        }
        let title = self.workspace.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl OpmtApp {
    /// One whole frame of the app: panels, dialogs, then the queued edits and
    /// commands. A frame that handled input, or that moved the keyboard, is drawn
    /// once more at once, so the screen is never a key behind what was typed.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let focus_before = ctx.memory(|m| m.focused());
        let handled_input = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| !matches!(e, egui::Event::PointerMoved(_) | egui::Event::MouseMoved(_)))
        });
        self.whole_frame_ui(ui);
        if handled_input || ctx.memory(|m| m.focused()) != focus_before {
            ctx.request_repaint();
        }
    }

    fn whole_frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.layout_chosen {
            self.layout_chosen = true;
            if ui.available_width() < SIDE_BY_SIDE_MIN_WIDTH {
                self.workspace.layout = Layout::Editing;
            }
        }
        self.workspace.refresh();
        let notify = || {
            let ctx = ctx.clone();
            Box::new(move || ctx.request_repaint()) as Box<dyn Fn() + Send>
        };
        self.workspace.request_jobs(self.spawn.as_ref(), &notify);
        if self.workspace.poll_jobs() {
            // Redraw the progress while a job runs, and only then.
            ctx.request_repaint_after(variability::POLL);
        }
        self.pictures_ui(&ctx);
        let mut actions = Actions::default();
        let dialog_open = self.modal.is_some()
            || self.file_dialog.is_some()
            || self.export_choice.is_some()
            || self.best_practice.is_some();
        if let Some((dialog, _)) = &mut self.file_dialog {
            // Before the panels, so that nothing behind the dialog gets its keys.
            dialog.hold_keys(&ctx);
        }
        // The panels of the layout: Present is one more layout. The dialogs, the
        // commands, the window's requests and autosave below run in every layout.
        if let Some(view) = &mut self.present {
            present::present_ui(ui, &self.workspace, view, !dialog_open, &mut actions);
        } else {
            if !dialog_open {
                let can = menu::availability(&self.workspace);
                menu::shortcuts(&ctx, &can, &mut actions);
            }
            self.what_changed_ui(&ctx, &mut actions);
            self.panels(ui, &mut actions);
            self.help_window_ui(&ctx);
        }
        self.modal_ui(&ctx);
        self.export_choice_ui(&ctx);
        self.best_practice_ui(&ctx);
        self.file_dialog_ui(&ctx);
        let had_file_dialog = self.file_dialog.is_some();
        self.run(&ctx, actions);
        if !had_file_dialog && self.file_dialog.is_some() {
            InAppDialog::take_keyboard(&ctx);
        }
        self.window_ui(&ctx);
        if self.picture_pending.is_some() {
            ctx.request_repaint();
        }
        self.poll_file_dialog();
        if self.waiting_file.is_some() {
            ctx.request_repaint_after(crate::platform::clock::Duration::from_millis(100));
        }
        if let Some(frames) = &self.frames
            && frames.run_frame_paced(crate::platform::clock::Duration::from_secs_f32(
                ctx.input(|i| i.unstable_dt.max(0.0)),
            ))
        {
            ctx.request_repaint();
        }
        self.autosave_ui(&ctx);
    }
}

impl eframe::App for OpmtApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.save_prefs(storage);
    }
}
