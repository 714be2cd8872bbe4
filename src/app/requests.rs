//! Running commands that reach beyond the workspace: files, dialogs and the window.
//! Every file the user chooses goes through [`OpmtApp::ask_file`], which asks the
//! system's dialog and falls back to the app's own where none can open, so nothing
//! that needs a file ever fails silently.

use std::path::PathBuf;

use super::OpmtApp;
use super::command::Which;
use super::dialogs::{Choice, Modal, Pending};
use super::file_dialog::InAppDialog;
use super::files::{self, FileKind, FileRequest, Picked};

impl OpmtApp {
    /// Does `pending` to pathway `which`, first asking to save unsaved changes it would
    /// lose. Quitting and opening a workspace put every pathway at risk: an option
    /// with unsaved changes is brought into view to be asked about.
    pub(crate) fn request(&mut self, which: Which, pending: Pending) {
        let pending = match pending {
            Pending::OpenPath(path) if super::workspace_files::is_workspace_file(&path) => {
                Pending::OpenWorkspace(Some(path))
            }
            other => other,
        };
        let dirty = match pending {
            Pending::Quit | Pending::OpenWorkspace(_) => {
                self.workspace.first_unsaved().map(|i| match i {
                    0 => Which::Current,
                    i => {
                        self.workspace.view_option(i);
                        Which::Comparison
                    }
                })
            }
            _ => Some(which).filter(|w| self.workspace.needs_saving(*w)),
        };
        match dirty {
            Some(dirty) => {
                let name = &self.workspace.doc(dirty).pathway().name;
                self.modal = Some(Modal::unsaved(dirty, name, which, pending));
            }
            None => self.perform(which, pending),
        }
    }

    fn perform(&mut self, which: Which, pending: Pending) {
        match pending {
            Pending::New => self.workspace.new_pathway(which),
            Pending::Open => self.ask_file(FileRequest::OpenModel(which)),
            Pending::OpenBundled(i) => {
                if let Err(message) = self.workspace.open_bundled(which, i) {
                    self.modal = Some(Modal::error(
                        "Could not open the bundled model",
                        vec![message],
                    ));
                }
            }
            // `request` sent workspace files to `OpenWorkspace`.
            Pending::OpenPath(path) if FileKind::Spreadsheet.accepts(&path) => {
                self.import_steps_from(which, &path, None);
            }
            Pending::OpenPath(path) => self.open_model(which, path),
            Pending::OpenDropped(file) => {
                let request = if FileKind::Spreadsheet.accepts(std::path::Path::new(&file.name)) {
                    FileRequest::ImportSteps(which)
                } else {
                    FileRequest::OpenModel(which)
                };
                self.complete_opened(request, file);
            }
            Pending::ImportSteps => self.ask_file(FileRequest::ImportSteps(which)),
            Pending::OpenWorkspace(None) => self.ask_file(FileRequest::OpenWorkspace),
            Pending::OpenWorkspace(Some(path)) => self.open_workspace(&path),
            Pending::Quit => {
                self.allow_close = true;
                return;
            }
        }
        self.workspace.clear_discarded();
    }

    /// Asks for a file for `request`: the system's dialog, or the app's own when the
    /// system has none (it answers in a later frame).
    pub(crate) fn ask_file(&mut self, request: FileRequest) {
        let kind = request.kind();
        let save_name = self.save_name(&request);
        let picked = match &save_name {
            Some(name) => self.dialogs.pick_save(kind, name),
            None => self.dialogs.pick_open(kind),
        };
        match picked {
            Picked::Unavailable(reason) => {
                let start = self.start_dir(&request);
                let dialog = match save_name {
                    Some(name) => InAppDialog::save(kind, &name, start, reason),
                    None => InAppDialog::open(kind, start, reason),
                };
                self.workspace.status = format!(
                    "Choose the file in opmt's own file dialog: {}.",
                    dialog.reason
                );
                self.file_dialog = Some((dialog, request));
            }
            other => self.file_picked(request, other),
        }
    }

    /// The suggested file name when `request` saves a file; `None` when it opens one.
    fn save_name(&self, request: &FileRequest) -> Option<String> {
        match request {
            FileRequest::OpenModel(_)
            | FileRequest::ImportSteps(_)
            | FileRequest::AddOption
            | FileRequest::OpenWorkspace
            | FileRequest::Dropped(_) => None,
            FileRequest::SaveWorkspace => Some(self.workspace.workspace_file_name()),
            FileRequest::SaveModel { which, .. } => Some(files::suggested_file_name(
                self.workspace.doc(*which).pathway(),
            )),
            FileRequest::ExportWorkbook { .. } => Some(super::export::workbook_file_name(
                self.workspace.doc(Which::Current).pathway(),
            )),
            FileRequest::SaveCsv { file_name, .. } | FileRequest::SavePng { file_name, .. } => {
                Some(file_name.clone())
            }
        }
    }

    /// Where the app's own dialog starts: the folder of the pathway's file, else the
    /// folder the dialogs suggest.
    fn start_dir(&self, request: &FileRequest) -> Option<PathBuf> {
        let which = match request {
            FileRequest::OpenModel(w)
            | FileRequest::SaveModel { which: w, .. }
            | FileRequest::ImportSteps(w)
            | FileRequest::Dropped(w) => *w,
            _ => self.workspace.shown,
        };
        self.workspace
            .doc(which)
            .path()
            .and_then(|p| p.parent())
            .filter(|p| p.is_dir())
            .map(|p| p.to_path_buf())
            .or_else(|| self.dialogs.start_dir())
    }

    /// Goes on with `request` once a dialog has answered.
    pub(crate) fn file_picked(&mut self, request: FileRequest, picked: Picked) {
        match picked {
            Picked::Chosen(path) => self.complete(request, path),
            Picked::Cancelled => {
                self.workspace.status = match request {
                    FileRequest::OpenModel(_) | FileRequest::OpenWorkspace => {
                        "Nothing opened: no file was chosen.".into()
                    }
                    FileRequest::AddOption => "No option added: no file was chosen.".into(),
                    FileRequest::ImportSteps(_) => "Nothing imported: no file was chosen.".into(),
                    _ => "Not saved: no file was chosen.".into(),
                };
                self.workspace.clear_discarded();
            }
            Picked::Unavailable(reason) => {
                self.modal = Some(Modal::error(
                    "No file dialog could open",
                    vec![format!("{reason}."), "Nothing was opened or saved.".into()],
                ));
            }
            Picked::Opened(file) => self.complete_opened(request, file),
            Picked::Waiting => self.waiting_file = Some(request),
            Picked::Download(name) => self.complete_download(request, &name),
        }
    }

    /// Once a frame: goes on with the request whose dialog answers later, when it has.
    pub(crate) fn poll_file_dialog(&mut self) {
        if self.waiting_file.is_some()
            && let Some(picked) = self.dialogs.poll()
            && let Some(request) = self.waiting_file.take()
        {
            self.file_picked(request, picked);
        }
    }

    /// Goes on with `request` given a file's contents rather than its path (a
    /// browser's dialog): a model opens; what needs a file on disk says so.
    fn complete_opened(&mut self, request: FileRequest, file: files::OpenedFile) {
        if let Some(path) = file.path {
            return self.complete(request, path);
        }
        match request {
            FileRequest::OpenModel(which) => {
                match self.workspace.open_bytes(which, &file.name, &file.bytes) {
                    Ok(()) => self.workspace.clear_discarded(),
                    Err(e) => self.modal = Some(Modal::load_error(&e)),
                }
            }
            FileRequest::ImportSteps(which) => {
                let name = std::path::Path::new(&file.name);
                self.import_steps_from(which, name, Some(&file.bytes));
                self.workspace.clear_discarded();
            }
            FileRequest::Dropped(which) => self.request(which, Pending::OpenDropped(file)),
            _ => {
                self.modal = Some(Modal::error(
                    &format!("{} cannot be used here", file.name),
                    vec![
                        "This needs a file on disk, and the file came without one.".into(),
                        "Nothing was opened or saved.".into(),
                    ],
                ));
            }
        }
    }

    fn complete(&mut self, request: FileRequest, path: PathBuf) {
        match request {
            FileRequest::OpenModel(which) if super::workspace_files::is_workspace_file(&path) => {
                self.request(which, Pending::OpenWorkspace(Some(path)));
            }
            FileRequest::OpenModel(which) => {
                self.open_model(which, path);
                self.workspace.clear_discarded();
            }
            FileRequest::AddOption => match self.workspace.add_option_path(&path) {
                Ok(()) => self.prefs.remember(&path),
                Err(e) => self.modal = Some(Modal::load_error(&e)),
            },
            FileRequest::OpenWorkspace => {
                self.open_workspace(&path);
                self.workspace.clear_discarded();
            }
            FileRequest::Dropped(which) => self.request(which, Pending::OpenPath(path)),
            FileRequest::SaveWorkspace => self.save_workspace(&path),
            FileRequest::SaveModel { which, then } => {
                if self.save_to(which, path)
                    && let Some((which, pending)) = then
                {
                    self.request(which, pending);
                }
            }
            other => self.complete_export(other, path),
        }
    }

    /// Shows the app's own file dialog while it is open, and goes on once it answers.
    pub(crate) fn file_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some((dialog, _)) = &mut self.file_dialog else {
            return;
        };
        if let Some(picked) = dialog.show(ctx)
            && let Some((_, request)) = self.file_dialog.take()
        {
            self.file_picked(request, picked);
        }
    }

    /// Asks whether to remove option `i` (brought into view to be asked about).
    pub(crate) fn ask_to_remove(&mut self, i: usize) {
        if !self.workspace.session().options().contains(&i) || self.workspace.session().len() <= 2 {
            return;
        }
        self.workspace.view_option(i);
        let doc = self.workspace.doc(Which::Comparison);
        self.modal = Some(Modal::RemoveOption {
            name: doc.pathway().name.clone(),
            place: i,
            unsaved: doc.is_dirty(),
        });
    }

    /// Opens a file into `which` (or, for a workspace file, its pathways); on failure
    /// shows where and why, and keeps the pathway.
    pub fn open_path(&mut self, which: Which, path: PathBuf) {
        if super::workspace_files::is_workspace_file(&path) {
            self.open_workspace(&path);
        } else {
            self.open_model(which, path);
        }
    }

    /// Opens a pathway file (already known not to be a workspace file) into `which`;
    /// on failure shows where and why, and keeps the pathway.
    fn open_model(&mut self, which: Which, path: PathBuf) {
        match self.workspace.open_path(which, &path) {
            Ok(()) => {
                self.prefs.remember(&path);
                if which == Which::Current {
                    self.workspace.compare_with_own_best_practice();
                }
            }
            Err(e) => self.modal = Some(Modal::load_error(&e)),
        }
    }

    /// Saves `which` to its file, or asks where (always, with `ask`); then goes on
    /// with `then`, if the save happened.
    pub(crate) fn save(&mut self, which: Which, ask: bool, then: Option<(Which, Pending)>) {
        match self.workspace.doc(which).path() {
            Some(path) if !ask && self.workspace.changed_on_disk(which) => {
                self.modal = Some(Modal::ChangedOnDisk {
                    which,
                    path: path.to_path_buf(),
                    then,
                });
            }
            Some(path) if !ask => {
                let path = path.to_path_buf();
                if self.save_to(which, path)
                    && let Some((which, pending)) = then
                {
                    self.request(which, pending);
                }
            }
            _ => self.ask_file(FileRequest::SaveModel { which, then }),
        }
    }

    /// Writes `which` to `path`. Returns true when it was saved; otherwise says why.
    fn save_to(&mut self, which: Which, path: PathBuf) -> bool {
        match self.workspace.save(which, &path) {
            Ok(()) => {
                self.prefs.remember(&path);
                true
            }
            Err(e) => {
                self.save_failed(&e);
                false
            }
        }
    }

    /// Says why a pathway could not be saved: in the status line and a message
    /// naming the file, the reason, and that the work is still here.
    pub(crate) fn save_failed(&mut self, e: &crate::format::SaveError) {
        let name = e.path.file_name().map_or_else(
            || e.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let kept = if self.autosave.is_some() {
            ", and the recovery file keeps it in case opmt closes"
        } else {
            ""
        };
        self.workspace.status = format!("Not saved: {}", e.reason());
        let mut lines = vec![format!("Why: {}.", e.reason())];
        // The system's own words, when it was the system that said no.
        if e.source.raw_os_error().is_some() {
            lines.push(format!("The system said: {}.", e.source));
        }
        lines.push(format!(
            "Your work is still here, unsaved{kept}. Try Save as… to choose another folder or name."
        ));
        lines.push(format!("File: {}", e.path.display()));
        self.modal = Some(Modal::error(&format!("Could not save {name}"), lines));
    }

    pub(crate) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(modal) = &self.modal else { return };
        match modal.show(ctx) {
            None => {}
            Some(Choice::Close) => {
                self.modal = None;
                self.workspace.clear_discarded();
            }
            Some(Choice::Save {
                dirty,
                which,
                pending,
            }) => {
                self.modal = None;
                self.save(dirty, false, Some((which, pending)));
            }
            Some(Choice::Discard {
                dirty,
                which,
                pending,
            }) => {
                self.modal = None;
                self.workspace.discard_changes(dirty);
                self.request(which, pending);
            }
            Some(Choice::Overwrite { which, then }) => {
                self.modal = None;
                if let Some(path) = self.workspace.doc(which).path().map(|p| p.to_path_buf())
                    && self.save_to(which, path)
                    && let Some((which, pending)) = then
                {
                    self.request(which, pending);
                }
            }
            Some(Choice::SaveAs { which, then }) => {
                self.modal = None;
                self.ask_file(FileRequest::SaveModel { which, then });
            }
            Some(Choice::RemoveOption) => {
                self.modal = None;
                self.workspace.remove_option();
            }
            Some(Choice::Restore) => {
                self.modal = None;
                self.restore_recovered();
            }
            Some(Choice::DiscardRecovery) => {
                self.modal = None;
                self.discard_recovered();
            }
        }
    }
}
