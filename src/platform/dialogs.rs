//! File dialogs, as the app asks for them: which kind of file, and what came back.
//! The desktop's dialogs answer at once with a path
//! ([`super::native::dialogs::NativeDialogs`]); a browser's answer later, with the
//! file's bytes and name (`super::web::dialogs`), and save a file by downloading
//! its bytes; a test answers from a list (`tests/common`).

use std::path::{Path, PathBuf};

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

    /// The file's media type, for a download.
    pub fn mime_type(self) -> &'static str {
        match self {
            FileKind::Model | FileKind::Workspace => "text/plain;charset=utf-8",
            FileKind::Workbook => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            FileKind::Csv | FileKind::Spreadsheet => "text/csv;charset=utf-8",
            FileKind::Png => "image/png",
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

/// A file the user chose to open where the platform gives its contents rather
/// than a path (a browser): the bytes and a name to show, with the path where
/// there is one.
#[derive(Clone, PartialEq, Eq)]
pub struct OpenedFile {
    /// The file's name, for messages and the window title.
    pub name: String,
    /// Where it is, on a platform with paths.
    pub path: Option<PathBuf>,
    /// Its contents.
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for OpenedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedFile")
            .field("name", &self.name)
            .field("path", &self.path)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// What a file dialog gave back.
#[derive(Clone, Debug, PartialEq)]
pub enum Picked {
    /// The user chose this file.
    Chosen(PathBuf),
    /// The user chose a file to open, given as its contents (the web).
    Opened(OpenedFile),
    /// The answer comes later, from [`FileDialogs::poll`] (an asynchronous dialog).
    Waiting,
    /// The file is saved by handing its bytes to [`FileDialogs::download`] under this
    /// name (a browser, which puts it in the user's downloads).
    Download(String),
    /// The user closed the dialog without choosing.
    Cancelled,
    /// No dialog could be shown (the reason, in plain words); the app shows its own.
    Unavailable(String),
}

/// The contents of a file on their way (a browser reads a dropped file
/// asynchronously), or why they could not be read.
pub type PendingBytes =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<u8>, String>>>>;

/// Asks the user for a file to open or save.
pub trait FileDialogs {
    /// A file of `kind` to open.
    fn pick_open(&mut self, kind: FileKind) -> Picked;
    /// Where to save a file of `kind`, suggesting `file_name`.
    fn pick_save(&mut self, kind: FileKind, file_name: &str) -> Picked;
    /// The folder the app's own dialog starts in, when it has to show one (none:
    /// the dialog's own choice).
    fn start_dir(&self) -> Option<PathBuf> {
        None
    }
    /// The answer of a dialog that said [`Picked::Waiting`], once the user has
    /// given it; `None` while there is none (always, for a dialog that answers at
    /// once).
    fn poll(&mut self) -> Option<Picked> {
        None
    }
    /// Waits for the `contents` of a file named `name` that came with no path (one
    /// dropped on a browser's page): [`Picked::Waiting`], then [`Picked::Opened`]
    /// through [`FileDialogs::poll`]. A platform whose files have paths has no use
    /// for it.
    fn open_later(&mut self, name: String, contents: PendingBytes) -> Picked {
        drop(contents);
        Picked::Unavailable(format!("{name} came without its place on disk"))
    }
    /// Gives the user `bytes` as a file named `file_name`, for a save that said
    /// [`Picked::Download`]; the reason in plain words when it cannot.
    fn download(&mut self, kind: FileKind, file_name: &str, bytes: &[u8]) -> Result<(), String> {
        let _ = (kind, bytes);
        Err(format!(
            "{file_name} cannot be downloaded here: this platform saves to files"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn an_opened_file_shows_its_size_not_its_bytes() {
        let file = OpenedFile {
            name: "derm.ron".into(),
            path: None,
            bytes: vec![0; 2048],
        };
        assert_eq!(
            format!("{file:?}"),
            "OpenedFile { name: \"derm.ron\", path: None, bytes: 2048 }"
        );
    }
}
