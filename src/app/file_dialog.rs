//! The app's own file dialog (the `egui_file` crate), shown where the system's cannot
//! open, so that Open, Save as and every export still work and never fail silently.

use std::path::PathBuf;

use super::files::{FileKind, Picked};

/// An open in-app file dialog.
pub struct InAppDialog {
    dialog: egui_file::FileDialog,
    kind: FileKind,
    /// Why the system dialog was not used, shown in the status line once.
    pub reason: String,
}

impl std::fmt::Debug for InAppDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InAppDialog")
            .field("kind", &self.kind)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

impl InAppDialog {
    /// A dialog to open a file of `kind`, starting in `start`.
    pub fn open(kind: FileKind, start: Option<PathBuf>, reason: String) -> Self {
        let dialog = egui_file::FileDialog::open_file();
        Self::build(dialog, kind, start, kind.open_title(), reason)
    }

    /// A dialog to save a file of `kind`, suggesting `file_name`, starting in `start`.
    pub fn save(kind: FileKind, file_name: &str, start: Option<PathBuf>, reason: String) -> Self {
        let dialog = egui_file::FileDialog::save_file().default_filename(file_name);
        Self::build(dialog, kind, start, kind.save_title(), reason)
    }

    fn build(
        dialog: egui_file::FileDialog,
        kind: FileKind,
        start: Option<PathBuf>,
        title: &str,
        reason: String,
    ) -> Self {
        let mut dialog = dialog
            .title(title)
            .id(egui::Id::unique("opmt-in-app-file-dialog"))
            .show_files_filter(Box::new(move |path: &std::path::Path| kind.accepts(path)))
            .show_rename(false)
            .default_size([640.0, 480.0])
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .keep_on_top(true);
        if let Some(start) = start {
            dialog = dialog.initial_path(start);
        }
        dialog.open();
        Self {
            dialog,
            kind,
            reason,
        }
    }

    /// What the dialog is for.
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// Shows the dialog; returns the answer once the user has given one.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Picked> {
        match self.dialog.show(ctx).state() {
            egui_file::State::Open => None,
            egui_file::State::Selected => Some(match self.dialog.path() {
                Some(path) => Picked::Chosen(self.finish(path.to_path_buf())),
                None => Picked::Cancelled,
            }),
            egui_file::State::Cancelled | egui_file::State::Closed => Some(Picked::Cancelled),
        }
    }

    fn finish(&self, path: PathBuf) -> PathBuf {
        match self.dialog.dialog_type() {
            egui_file::DialogType::SaveFile => self.kind.with_extension(path),
            _ => path,
        }
    }
}
