//! Choosing files: the operating system's dialogs behind a trait, so tests can answer
//! them without a window and the app can fall back to its own dialog
//! ([`super::file_dialog`]) where no system dialog can open.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::model::Pathway;

/// What kind of file a dialog is for: its title, filter and extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A pathway model (RON).
    Model,
    /// An Excel workbook.
    Workbook,
    /// Comma-separated values.
    Csv,
    /// A PNG picture.
    Png,
    /// A spreadsheet to import steps from (CSV, Excel or OpenDocument).
    Spreadsheet,
    /// A workspace listing several pathway files.
    Workspace,
}

impl FileKind {
    /// The filter's name, as the dialog shows it.
    pub fn filter_name(self) -> &'static str {
        match self {
            FileKind::Model => "Pathway model (RON)",
            FileKind::Workbook => "Excel workbook",
            FileKind::Csv => "CSV (comma-separated values)",
            FileKind::Png => "PNG picture",
            FileKind::Spreadsheet => "Spreadsheet (CSV, Excel, OpenDocument)",
            FileKind::Workspace => "opmt workspace (RON)",
        }
    }

    /// The extensions the filter accepts, the default first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Model | FileKind::Workspace => &["ron"],
            FileKind::Workbook => &["xlsx"],
            FileKind::Csv => &["csv"],
            FileKind::Png => &["png"],
            FileKind::Spreadsheet => &["csv", "xlsx", "xls", "ods"],
        }
    }

    /// The dialog's title when opening.
    pub fn open_title(self) -> &'static str {
        match self {
            FileKind::Model => "Open a pathway model",
            FileKind::Spreadsheet => "Import steps from a spreadsheet",
            FileKind::Workspace => "Open a workspace",
            FileKind::Workbook | FileKind::Csv | FileKind::Png => "Open a file",
        }
    }

    /// The dialog's title when saving.
    pub fn save_title(self) -> &'static str {
        match self {
            FileKind::Model => "Save the pathway model",
            FileKind::Workbook => "Export the benefits workbook",
            FileKind::Csv => "Save as CSV",
            FileKind::Png => "Save as PNG",
            FileKind::Spreadsheet => "Save the spreadsheet",
            FileKind::Workspace => "Save the workspace",
        }
    }

    /// `path` with the default extension added when the user typed a bare name.
    pub fn with_extension(self, path: PathBuf) -> PathBuf {
        if path.extension().is_some() {
            path
        } else {
            path.with_extension(self.extensions()[0])
        }
    }

    /// True when `path` has one of the filter's extensions (any case).
    pub fn accepts(self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions().iter().any(|x| x.eq_ignore_ascii_case(e)))
    }
}

/// What a file dialog gave back.
#[derive(Clone, Debug, PartialEq)]
pub enum Picked {
    /// The user chose this file.
    Chosen(PathBuf),
    /// The user closed the dialog without choosing.
    Cancelled,
    /// No dialog could be shown (the reason, in plain words); the app shows its own.
    Unavailable(String),
}

/// Asks the user for a file to open or save.
pub trait FileDialogs {
    /// A file of `kind` to open.
    fn pick_open(&mut self, kind: FileKind) -> Picked;
    /// Where to save a file of `kind`, suggesting `file_name`.
    fn pick_save(&mut self, kind: FileKind, file_name: &str) -> Picked;
    /// The folder the app's own dialog starts in, when it has to show one.
    fn start_dir(&self) -> Option<PathBuf> {
        std::env::current_dir().ok()
    }
}

/// The operating system's dialogs (through rfd). Where none can open (Linux with
/// neither a desktop portal nor zenity), says so, so the app can show its own.
#[derive(Debug, Default)]
pub struct NativeDialogs;

/// A real dialog cannot be answered faster than this: a quicker "cancel" means no
/// dialog appeared.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(250);

impl FileDialogs for NativeDialogs {
    fn pick_open(&mut self, kind: FileKind) -> Picked {
        if let Err(reason) = native_dialogs_available() {
            return Picked::Unavailable(reason);
        }
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title(kind.open_title())
            .add_filter(kind.filter_name(), kind.extensions())
            .pick_file();
        judge(picked, started.elapsed())
    }

    fn pick_save(&mut self, kind: FileKind, file_name: &str) -> Picked {
        if let Err(reason) = native_dialogs_available() {
            return Picked::Unavailable(reason);
        }
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title(kind.save_title())
            .add_filter(kind.filter_name(), kind.extensions())
            .set_file_name(file_name)
            .save_file();
        match judge(picked, started.elapsed()) {
            Picked::Chosen(path) => Picked::Chosen(kind.with_extension(path)),
            other => other,
        }
    }
}

fn judge(picked: Option<PathBuf>, took: Duration) -> Picked {
    match picked {
        Some(path) => Picked::Chosen(path),
        None if took < NO_DIALOG_WITHIN => {
            Picked::Unavailable("the system file dialog did not open".into())
        }
        None => Picked::Cancelled,
    }
}

/// Whether the system can show a file dialog. On Linux and the BSDs rfd needs the
/// desktop portal (over D-Bus) or the `zenity` program; elsewhere it always can.
fn native_dialogs_available() -> Result<(), String> {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return Ok(());
    }
    let on_path = |program: &str| {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
    };
    let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && [
            "/usr/libexec/xdg-desktop-portal",
            "/usr/lib/xdg-desktop-portal",
            "/usr/lib/x86_64-linux-gnu/xdg-desktop-portal",
            "/usr/local/libexec/xdg-desktop-portal",
        ]
        .iter()
        .any(|p| Path::new(p).is_file());
    if portal || on_path("zenity") {
        Ok(())
    } else {
        Err("this system has no desktop file dialog (neither the desktop portal nor zenity)".into())
    }
}

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

    #[test]
    fn a_bare_name_gets_the_kind_s_extension() {
        assert_eq!(
            FileKind::Model.with_extension(PathBuf::from("/tmp/a")),
            PathBuf::from("/tmp/a.ron")
        );
        assert_eq!(
            FileKind::Csv.with_extension(PathBuf::from("/tmp/a.txt")),
            PathBuf::from("/tmp/a.txt")
        );
        assert!(FileKind::Spreadsheet.accepts(Path::new("steps.XLSX")));
        assert!(!FileKind::Model.accepts(Path::new("steps.csv")));
    }

    #[test]
    fn an_instant_cancel_means_no_dialog_appeared() {
        assert!(matches!(
            judge(None, Duration::from_millis(3)),
            Picked::Unavailable(_)
        ));
        assert_eq!(judge(None, Duration::from_secs(2)), Picked::Cancelled);
        assert_eq!(
            judge(Some(PathBuf::from("x.ron")), Duration::ZERO),
            Picked::Chosen(PathBuf::from("x.ron"))
        );
    }
}
