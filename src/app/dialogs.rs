//! Modal dialogs: unsaved changes (save, discard, cancel), a file changed on disk
//! (overwrite, save as, cancel), removing an option (remove, cancel), the offer to
//! restore unsaved work after a crash (restore, discard) and error messages.

use std::path::PathBuf;

use crate::format::FileError;

use super::command::Which;

/// An action that may lose unsaved changes, waiting for the user's word.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    /// Start a new pathway.
    New,
    /// Open a file chosen in the dialog.
    Open,
    /// Open a bundled model.
    OpenBundled(usize),
    /// Open this file.
    OpenPath(PathBuf),
    /// Import steps from a spreadsheet chosen in the dialog.
    ImportSteps,
    /// Open a model or import a spreadsheet that came as its contents, with no path
    /// (dropped on a browser's page).
    OpenDropped(crate::platform::dialogs::OpenedFile),
    /// Open a workspace file: this one, or one chosen in the dialog.
    OpenWorkspace(Option<PathBuf>),
    /// Close the window.
    Quit,
}

/// What the user chose in a modal.
#[derive(Debug)]
pub enum Choice {
    /// Dismissed (OK, Cancel, Escape).
    Close,
    /// Save the dirty pathway, then go on.
    Save {
        /// The pathway with unsaved changes.
        dirty: Which,
        /// The pathway the action is for.
        which: Which,
        /// The action.
        pending: Pending,
    },
    /// Lose the changes and go on.
    Discard {
        /// The pathway with unsaved changes.
        dirty: Which,
        /// The pathway the action is for.
        which: Which,
        /// The action.
        pending: Pending,
    },
    /// Save over a file that changed on disk.
    Overwrite {
        /// The pathway to save.
        which: Which,
        /// The action to go on with once saved.
        then: Option<(Which, Pending)>,
    },
    /// Save to another file instead.
    SaveAs {
        /// The pathway to save.
        which: Which,
        /// The action to go on with once saved.
        then: Option<(Which, Pending)>,
    },
    /// Remove the option in view.
    RemoveOption,
    /// Restore the work offered back.
    Restore,
    /// Delete the recovery file offered back.
    DiscardRecovery,
}

/// An open modal dialog.
#[derive(Debug)]
pub enum Modal {
    /// Unsaved changes would be lost.
    Unsaved {
        /// The pathway with unsaved changes.
        dirty: Which,
        /// Its name.
        name: String,
        /// The pathway the action is for.
        which: Which,
        /// The action.
        pending: Pending,
    },
    /// The file changed on disk since it was opened or last saved.
    ChangedOnDisk {
        /// The pathway being saved.
        which: Which,
        /// Its file.
        path: PathBuf,
        /// The action to go on with once saved.
        then: Option<(Which, Pending)>,
    },
    /// Remove the option in view?
    RemoveOption {
        /// Its name.
        name: String,
        /// Its place in the session.
        place: usize,
        /// It has changes not saved to a file.
        unsaved: bool,
    },
    /// Unsaved work from a run that did not close properly.
    Restore {
        /// When it was written, HH:MM local time.
        time: String,
        /// What it holds, one line a pathway, and any notes.
        lines: Vec<String>,
    },
    /// Something went wrong.
    Error {
        /// Heading.
        title: String,
        /// Lines of detail.
        lines: Vec<String>,
    },
}

impl Modal {
    /// Asks about unsaved changes to `dirty` before `pending` is done to `which`.
    pub fn unsaved(dirty: Which, name: &str, which: Which, pending: Pending) -> Self {
        Modal::Unsaved {
            dirty,
            name: name.to_owned(),
            which,
            pending,
        }
    }

    /// An error message.
    pub fn error(title: &str, lines: Vec<String>) -> Self {
        Modal::Error {
            title: title.to_owned(),
            lines,
        }
    }

    /// A file that could not be opened: which file, where in it, what is wrong.
    pub fn load_error(e: &FileError) -> Self {
        let name = e.path.file_name().map_or_else(
            || e.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut lines = vec![format!("File: {}", e.path.display())];
        lines.extend(e.error.diagnostics().iter().map(|d| d.to_string()));
        lines.push(
            "The pathway on screen has not changed. Correct the file in a text editor at the line and column shown, or open another file."
                .into(),
        );
        Modal::error(&format!("Could not open {name}"), lines)
    }

    /// The heading.
    pub fn title(&self) -> String {
        match self {
            Modal::Unsaved { dirty, .. } => format!("Save changes to the {}?", dirty_label(*dirty)),
            Modal::ChangedOnDisk { path, .. } => format!("{} changed on disk", file_name(path)),
            Modal::RemoveOption { name, .. } => format!("Remove the option “{name}”?"),
            Modal::Restore { .. } => "Restore unsaved work?".into(),
            Modal::Error { title, .. } => title.clone(),
        }
    }

    /// Shows the dialog; returns the user's choice once made.
    pub fn show(&self, ctx: &egui::Context) -> Option<Choice> {
        let mut choice = None;
        let response = egui::Modal::new(egui::Id::unique("opmt-modal")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading(self.title());
            ui.add_space(8.0);
            choice = match self {
                Modal::Unsaved {
                    dirty,
                    name,
                    which,
                    pending,
                } => unsaved_ui(ui, *dirty, name, *which, pending),
                Modal::ChangedOnDisk { which, path, then } => changed_ui(ui, *which, path, then),
                Modal::RemoveOption { place, unsaved, .. } => remove_ui(ui, *place, *unsaved),
                Modal::Restore { time, lines } => restore_ui(ui, time, lines),
                Modal::Error { lines, .. } => error_ui(ui, lines),
            };
        });
        if choice.is_none() && response.should_close() {
            choice = Some(Choice::Close);
        }
        choice
    }
}

fn unsaved_ui(
    ui: &mut egui::Ui,
    dirty: Which,
    name: &str,
    which: Which,
    pending: &Pending,
) -> Option<Choice> {
    ui.label(format!(
        "Your changes to “{name}” will be lost if you don't save them."
    ));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let pending = pending.clone();
        if ui.button("Save").clicked() {
            Some(Choice::Save {
                dirty,
                which,
                pending,
            })
        } else if ui.button("Don't save").clicked() {
            Some(Choice::Discard {
                dirty,
                which,
                pending,
            })
        } else if ui.button("Cancel").clicked() {
            Some(Choice::Close)
        } else {
            None
        }
    })
    .inner
}

fn changed_ui(
    ui: &mut egui::Ui,
    which: Which,
    path: &std::path::Path,
    then: &Option<(Which, Pending)>,
) -> Option<Choice> {
    ui.label(
        "Somebody or something changed this file after you opened or last saved it. \
         Saving over it loses their changes; Save as… keeps both.",
    );
    ui.label(format!("File: {}", path.display()));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let then = then.clone();
        if ui.button("Overwrite").clicked() {
            Some(Choice::Overwrite { which, then })
        } else if ui.button("Save as…").clicked() {
            Some(Choice::SaveAs { which, then })
        } else if ui.button("Cancel").clicked() {
            Some(Choice::Close)
        } else {
            None
        }
    })
    .inner
}

fn remove_ui(ui: &mut egui::Ui, place: usize, unsaved: bool) -> Option<Choice> {
    ui.label(format!(
        "Option {place} goes from the comparison, the Options tab and the Compare menu."
    ));
    if unsaved {
        ui.label("It has changes not saved to a file.");
    }
    ui.label("Edit > Undo remove option puts it back, as it was, until you close opmt.");
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Remove").clicked() {
            Some(Choice::RemoveOption)
        } else if ui.button("Cancel").clicked() {
            Some(Choice::Close)
        } else {
            None
        }
    })
    .inner
}

fn restore_ui(ui: &mut egui::Ui, time: &str, lines: &[String]) -> Option<Choice> {
    for line in lines {
        ui.label(line);
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let restore = ui.button(format!("Restore unsaved work from {time}"));
        // Enter restores: the default, since nothing is lost by it.
        if ui.memory(|m| m.focused().is_none()) {
            restore.request_focus();
        }
        if restore.clicked() {
            Some(Choice::Restore)
        } else if ui.button("Discard").clicked() {
            Some(Choice::DiscardRecovery)
        } else {
            None
        }
    })
    .inner
}

fn error_ui(ui: &mut egui::Ui, lines: &[String]) -> Option<Choice> {
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .show(ui, |ui| {
            for line in lines {
                ui.label(line);
            }
        });
    ui.add_space(8.0);
    ui.button("OK").clicked().then_some(Choice::Close)
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn dirty_label(which: Which) -> &'static str {
    match which {
        Which::Current => "current process",
        Which::Comparison => "comparison pathway",
    }
}
