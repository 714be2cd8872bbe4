//! Modal dialogs: unsaved changes (save, discard, cancel) and error messages.

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
}

/// An open modal dialog.
#[derive(Debug)]
pub enum Modal {
    /// Unsaved changes would be lost.
    Unsaved {
        /// The pathway with unsaved changes.
        dirty: Which,
        /// The pathway the action is for.
        which: Which,
        /// The action.
        pending: Pending,
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
    pub fn unsaved(dirty: Which, which: Which, pending: Pending) -> Self {
        Modal::Unsaved {
            dirty,
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
            match self {
                Modal::Unsaved {
                    dirty,
                    which,
                    pending,
                } => {
                    ui.label("Your changes will be lost if you don't save them.");
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            choice = Some(Choice::Save {
                                dirty: *dirty,
                                which: *which,
                                pending: pending.clone(),
                            });
                        }
                        if ui.button("Don't save").clicked() {
                            choice = Some(Choice::Discard {
                                dirty: *dirty,
                                which: *which,
                                pending: pending.clone(),
                            });
                        }
                        if ui.button("Cancel").clicked() {
                            choice = Some(Choice::Close);
                        }
                    });
                }
                Modal::Error { lines, .. } => {
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            for line in lines {
                                ui.label(line);
                            }
                        });
                    ui.add_space(8.0);
                    if ui.button("OK").clicked() {
                        choice = Some(Choice::Close);
                    }
                }
            }
        });
        if choice.is_none() && response.should_close() {
            choice = Some(Choice::Close);
        }
        choice
    }
}

fn dirty_label(which: Which) -> &'static str {
    match which {
        Which::Current => "current process",
        Which::Comparison => "comparison pathway",
    }
}
