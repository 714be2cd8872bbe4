//! Choosing files: the platform's dialogs ([`crate::platform::dialogs`]), which
//! tests answer without a window, with the app's own dialog
//! ([`super::file_dialog`]) where no system dialog can open; and file names to
//! suggest.

use super::command::Which;
use super::dialogs::Pending;
use crate::model::Pathway;

pub use crate::platform::dialogs::{FileDialogs, FileKind, OpenedFile, Picked};
#[cfg(not(target_arch = "wasm32"))]
pub use crate::platform::native::dialogs::NativeDialogs;

/// A file name for a pathway: its name in lower case with dashes, ending `.ron`.
pub fn suggested_file_name(pathway: &Pathway) -> String {
    suggested_name(&pathway.name, FileKind::Model)
}

/// A file name from a title: lower case with dashes, with the kind's extension.
pub fn suggested_name(title: &str, kind: FileKind) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    let stem = if stem.is_empty() { "pathway" } else { stem };
    format!("{stem}.{}", kind.extensions()[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_pathway_names() {
        let mut p = Pathway::new("Dermatology, current process");
        assert_eq!(suggested_file_name(&p), "dermatology-current-process.ron");
        p.name = " ?! ".into();
        assert_eq!(suggested_file_name(&p), "pathway.ron");
        assert_eq!(
            suggested_name("Benefits: paper vs e-RS", FileKind::Workbook),
            "benefits-paper-vs-e-rs.xlsx"
        );
    }
}

/// What to do with a file once the user has chosen it.
#[derive(Clone, Debug, PartialEq)]
pub enum FileRequest {
    /// Open it as this pathway.
    OpenModel(Which),
    /// Save this pathway there, then go on with the action that waited for the save
    /// (for the save offered before New, Open or quitting).
    SaveModel {
        /// The pathway to save.
        which: Which,
        /// The action to go on with once saved.
        then: Option<(Which, Pending)>,
    },
    /// Write the benefits workbook of these options (places in the session) there.
    ExportWorkbook {
        /// The options it holds.
        options: Vec<usize>,
    },
    /// Write this CSV text there.
    SaveCsv {
        /// Suggested file name.
        file_name: String,
        /// The text.
        csv: String,
    },
    /// Replace this pathway's steps with the sheet's.
    ImportSteps(Which),
    /// Add the model file as a new option.
    AddOption,
    /// Open the workspace file.
    OpenWorkspace,
    /// Save the workspace file there, and every pathway in it.
    SaveWorkspace,
    /// A file dropped on the window: open it as this pathway (a model) or import its
    /// steps (a spreadsheet), once any unsaved changes are dealt with.
    Dropped(Which),
    /// Save the window's area `rect` (a chart) there as PNG.
    SavePng {
        /// Suggested file name.
        file_name: String,
        /// The area, in points.
        rect: egui::Rect,
    },
}

impl FileRequest {
    /// The kind of file it asks for.
    pub fn kind(&self) -> FileKind {
        match self {
            FileRequest::OpenModel(_)
            | FileRequest::SaveModel { .. }
            | FileRequest::AddOption
            | FileRequest::Dropped(_) => FileKind::Model,
            FileRequest::OpenWorkspace | FileRequest::SaveWorkspace => FileKind::Workspace,
            FileRequest::ExportWorkbook { .. } => FileKind::Workbook,
            FileRequest::SaveCsv { .. } => FileKind::Csv,
            FileRequest::ImportSteps(_) => FileKind::Spreadsheet,
            FileRequest::SavePng { .. } => FileKind::Png,
        }
    }
}
