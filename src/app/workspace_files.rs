//! Opening and saving workspace files: the current process and its options as one
//! small file listing the pathway files beside it.

use std::path::{Path, PathBuf};

use super::OpmtApp;
use super::dialogs::Modal;
use super::files::{self, FileKind};
use crate::document::Document;
use crate::workspace_file::{WorkspaceMember, load_workspace, save_workspace};

impl OpmtApp {
    /// Opens a workspace file: every pathway file that can be read opens; each one
    /// that cannot is named with the reason and the fix, and the pathway on screen
    /// in its place stays.
    pub(crate) fn open_workspace(&mut self, path: &Path) {
        // Messages name files in full, wherever opmt was started.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let path = absolute.as_path();
        let loaded = match load_workspace(path) {
            Ok(loaded) => loaded,
            Err(e) => {
                self.modal = Some(Modal::error(
                    "Could not open the workspace",
                    vec![e.to_string(), "Nothing was changed.".into()],
                ));
                return;
            }
        };
        let document = |member: &WorkspaceMember| {
            member
                .loaded
                .as_ref()
                .ok()
                .map(|l| super::workspace::opened_document(l.pathway.clone(), &member.path))
        };
        let current = document(&loaded.current);
        let options: Vec<Document> = loaded.options.iter().filter_map(document).collect();
        let opened = usize::from(current.is_some()) + options.len();
        self.workspace
            .open_workspace(path, &loaded.name, current, options);
        self.prefs.remember(path);
        let problems = loaded.problem_lines();
        if problems.is_empty() {
            return;
        }
        let total = loaded.members().count();
        let mut lines = vec![format!(
            "{opened} of the {total} pathway files of {} opened. These could not:",
            path.display()
        )];
        lines.extend(problems.iter().map(|p| format!("• {p}")));
        if loaded.current.loaded.is_err() {
            lines.push("The current process on screen stays in its place.".into());
        }
        if !loaded.options.is_empty() && loaded.options.iter().all(|m| m.loaded.is_err()) {
            lines.push(
                "The options on screen stay, as none of the workspace's options opened.".into(),
            );
        }
        self.workspace.status = format!(
            "Opened the workspace {} with {} problem(s): see the message.",
            path.display(),
            problems.len()
        );
        self.modal = Some(Modal::error(
            "Some pathway files could not be opened",
            lines,
        ));
    }

    /// Saves every pathway (each to its own file; one never saved goes beside the
    /// workspace file, named after it), then the workspace file listing them.
    pub(crate) fn save_workspace(&mut self, path: &Path) {
        let folder = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        let mut written = 0;
        let mut files = Vec::new();
        for i in 0..self.workspace.session().len() {
            let doc = self.workspace.session().doc(i);
            let file = match doc.path() {
                Some(file) => file.to_path_buf(),
                None => free_file_name(&folder, &files::suggested_file_name(doc.pathway()), &files),
            };
            if doc.is_dirty() || doc.path().is_none() {
                if let Err(e) = self.workspace.save_entry(i, &file) {
                    self.save_failed(&e);
                    self.workspace
                        .status
                        .push_str(" (the workspace file was not written)");
                    return;
                }
                written += 1;
            }
            files.push(file);
        }
        let name = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let name = name.strip_suffix(".workspace").unwrap_or(&name).to_owned();
        let Some((current, options)) = files.split_first() else {
            return;
        };
        match save_workspace(path, &name, current, options) {
            Ok(()) => {
                self.prefs.remember(path);
                self.workspace.set_workspace_file(path);
                self.workspace.status = match written {
                    0 => format!("Saved the workspace {}.", path.display()),
                    n => format!(
                        "Saved the workspace {} and {n} pathway file(s) beside it.",
                        path.display()
                    ),
                };
            }
            Err(e) => {
                self.modal = Some(Modal::error(
                    "Could not save the workspace file",
                    vec![
                        format!("Why: {}.", e.reason()),
                        format!("File: {}", path.display()),
                    ],
                ));
            }
        }
    }
}

/// True when `path` holds a workspace file rather than a pathway (both are `.ron`),
/// judged from its first few kilobytes; false when it cannot be read.
pub(crate) fn is_workspace_file(path: &Path) -> bool {
    // Only a regular file is opened: a pipe would wait for a writer for ever.
    crate::platform::files::read_start(path, 4096).is_ok_and(|(start, _)| {
        crate::workspace_file::looks_like_workspace(&String::from_utf8_lossy(&start))
    })
}

/// `folder/name`, or `folder/name-2` and so on when that file exists or another
/// pathway of the workspace takes it, so saving never overwrites somebody's file.
fn free_file_name(folder: &Path, name: &str, taken: &[PathBuf]) -> PathBuf {
    let extension = FileKind::Model.extensions()[0];
    let stem = name.strip_suffix(&format!(".{extension}")).unwrap_or(name);
    (1..)
        .map(|n| match n {
            1 => folder.join(format!("{stem}.{extension}")),
            n => folder.join(format!("{stem}-{n}.{extension}")),
        })
        .find(|p| !crate::platform::files::exists(p) && !taken.contains(p))
        .unwrap_or_else(|| folder.join(name))
}
