//! Saving where a saved file is a download (a browser): the bytes of the model,
//! the workbook, the CSV or the picture go to the platform's
//! [`FileDialogs::download`](super::files::FileDialogs::download) under the name the
//! dialog gave, and a file dropped on the page is read from its contents.

use super::OpmtApp;
use super::command::Which;
use super::dialogs::Modal;
use super::export::PictureTarget;
use super::files::FileKind;
use super::files::FileRequest;

impl OpmtApp {
    /// Goes on with a save `request` whose file is downloaded as `name`.
    pub(crate) fn complete_download(&mut self, request: FileRequest, name: &str) {
        let kind = request.kind();
        match request {
            FileRequest::SaveModel { which, then } => {
                let text = self.workspace.model_text(which);
                if self.deliver(kind, name, text.as_bytes()) {
                    self.workspace.mark_downloaded(which, name);
                    if let Some((which, pending)) = then {
                        self.request(which, pending);
                    }
                }
            }
            FileRequest::ExportWorkbook { options } => {
                let Some(made) = self.benefits_workbook(&options) else {
                    return;
                };
                match &made.bytes {
                    Ok(bytes) => {
                        if self.deliver(kind, name, bytes) {
                            self.workspace.status = made.status(name);
                        }
                    }
                    Err(e) => self.workbook_failed(e),
                }
            }
            FileRequest::SaveCsv { csv, .. } => {
                if self.deliver(kind, name, csv.as_bytes()) {
                    self.workspace.status = format!("Downloaded {name}.");
                }
            }
            FileRequest::SavePng { rect, .. } => {
                self.picture_pending = Some((rect, PictureTarget::Download(name.to_owned())));
            }
            FileRequest::SaveWorkspace => {
                self.modal = Some(Modal::error(
                    "A workspace cannot be saved here",
                    vec![
                        "A workspace file lists its pathways by where they are on disk, and the browser gives opmt no places on disk.".into(),
                        "Save each pathway instead (File > Save as…): each is downloaded as its own file.".into(),
                    ],
                ));
            }
            // A download answers a save only.
            FileRequest::OpenModel(_)
            | FileRequest::ImportSteps(_)
            | FileRequest::AddOption
            | FileRequest::OpenWorkspace
            | FileRequest::Dropped(_) => {}
        }
    }

    /// Downloads `bytes` as `name`; true when the browser took them, else says why.
    pub(crate) fn deliver(&mut self, kind: FileKind, name: &str, bytes: &[u8]) -> bool {
        match self.dialogs.download(kind, name, bytes) {
            Ok(()) => {
                self.workspace.status = format!("Downloaded {name}.");
                true
            }
            Err(reason) => {
                self.workspace.status = format!("Not saved: {reason}");
                self.modal = Some(Modal::error(
                    &format!("Could not download {name}"),
                    vec![
                        format!("Why: {reason}."),
                        "Your work is still here, unsaved.".into(),
                    ],
                ));
                false
            }
        }
    }

    /// A file dropped on the window, with its path: opened (a model) or imported (a
    /// spreadsheet) once unsaved changes are dealt with.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn dropped(&mut self, which: Which, file: egui::DroppedFileHandle) {
        let picked = super::files::Picked::Chosen(file.path().to_path_buf());
        self.file_picked(FileRequest::Dropped(which), picked);
    }

    /// A file dropped on the page: the browser gives its name and, later, its
    /// contents; then it is opened or imported as a dropped file with a path is.
    #[cfg(target_arch = "wasm32")]
    pub(crate) fn dropped(&mut self, which: Which, file: egui::DroppedFileHandle) {
        let name = file.path().display().to_string();
        let contents = Box::pin(async move { file.bytes_async().await });
        let picked = self.dialogs.open_later(name, contents);
        self.file_picked(FileRequest::Dropped(which), picked);
    }
}
