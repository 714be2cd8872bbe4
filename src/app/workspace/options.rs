//! The options of the workspace: the list of proposals compared with the current
//! process (added, copied, viewed, moved, renamed, removed and put back), their
//! colours, and the workspace file that lists them.
//!
//! Adding an option keeps what is on screen: the pathway being edited and the option
//! compared stay, and the status line says how to view the new one. Removing one
//! keeps it aside until the next removal, so *Undo remove option* puts it back in
//! its place.

use std::path::Path;

use super::{Pane, Workspace};
use crate::bundled;
use crate::compare::Comparison;
use crate::document::Document;
use crate::edit::{Edit, EditError};
use crate::format::{FileError, SaveError, load_path, save_path};
use crate::recovery::Fingerprint;

use super::super::command::Which;

impl Workspace {
    /// The place in the session of the option in view (compared with the current
    /// process).
    pub fn option(&self) -> usize {
        self.option
    }

    /// Compares the current process with option `i` (its place in the session).
    pub fn view_option(&mut self, i: usize) {
        if self.session.options().contains(&i) {
            self.option = i;
        }
    }

    /// Adds a proposed option at the end; the view stays as it is (the pathway
    /// edited and the option compared). Returns its place.
    pub fn add_option(&mut self, doc: Document) -> usize {
        let i = self.session.add(doc);
        self.panes.push(Pane::default());
        self.discarded.push(false);
        // The first colour no other option has, so each keeps its own.
        let colour = (0..).find(|c| !self.colours[1..].contains(c)).unwrap_or(0);
        self.colours.push(colour);
        i
    }

    /// Adds `pathway` as a new option, not yet saved to a file, and compares the
    /// current process with it.
    pub fn add_compared_option(&mut self, mut pathway: crate::model::Pathway) -> usize {
        pathway.name = self.unique_option_name(&pathway.name);
        let i = self.add_option(Document::new(pathway, None));
        self.view_option(i);
        i
    }

    /// How to see option `i`, just added, for the status line.
    fn to_view_it(i: usize) -> String {
        format!(
            "It is option {i}: Compare > Option {i} (or View option in Results > Options) compares it."
        )
    }

    /// Adds a copy of pathway `from` (0 is the current process) as a new option, not
    /// yet saved to a file.
    pub fn duplicate_as_option(&mut self, from: usize) {
        let Some(source) = (from < self.session.len()).then(|| self.session.doc(from)) else {
            return;
        };
        let mut pathway = source.pathway().clone();
        pathway.name = self.unique_option_name(&format!("{} (copy)", pathway.name));
        let name = pathway.name.clone();
        let i = self.add_option(Document::new(pathway, None));
        self.status = format!(
            "Added the option \"{name}\", a copy to change. {} Save it to keep it (File > Save).",
            Self::to_view_it(i)
        );
    }

    pub(super) fn unique_option_name(&self, wanted: &str) -> String {
        self.unique_option_name_but(wanted, usize::MAX)
    }

    /// A name no pathway has but the one at `except` (about to be replaced).
    pub(super) fn unique_option_name_but(&self, wanted: &str, except: usize) -> String {
        let taken = |name: &str| {
            (0..self.session.len())
                .any(|i| i != except && self.session.doc(i).pathway().name == name)
        };
        (1..)
            .map(|n| match n {
                1 => wanted.to_owned(),
                n => format!("{wanted} {n}"),
            })
            .find(|name| !taken(name))
            .unwrap_or_else(|| wanted.to_owned())
    }

    /// Adds a bundled model as an option.
    pub fn add_bundled_option(&mut self, index: usize) -> Result<(), EditError> {
        let Some(model) = bundled::ALL.get(index) else {
            return Ok(());
        };
        match model.load() {
            Ok(loaded) => {
                let i = self.add_option(Document::unsaved_original(loaded.pathway));
                self.status = format!(
                    "Added the bundled model \"{}\" as an option. {}",
                    model.title,
                    Self::to_view_it(i)
                );
            }
            Err(e) => self.status = format!("Not added: {e}"),
        }
        Ok(())
    }

    /// Adds a model file as an option; on failure nothing changes.
    pub fn add_option_path(&mut self, path: &Path) -> Result<(), FileError> {
        let loaded = load_path(path)?;
        let i = self.add_option(super::opened_document(loaded.pathway, path));
        self.status = format!(
            "Added {} as an option. {}",
            path.display(),
            Self::to_view_it(i)
        );
        Ok(())
    }

    /// The first pathway with changes that would be lost, if any (0 is the current
    /// process).
    pub fn first_unsaved(&self) -> Option<usize> {
        (0..self.session.len()).find(|&i| self.entry_needs_saving(i))
    }

    /// Removes every option but the first, and views it (nothing to undo: the
    /// options are being replaced).
    pub(super) fn truncate_options(&mut self) {
        while self.session.len() > 2 {
            self.option = self.session.len() - 1;
            self.remove_option();
        }
        self.option = 1;
        self.removed = None;
    }

    /// Removes the option in view (the last one stays) and views its neighbour; it
    /// is kept aside for [`Workspace::undo_remove_option`].
    pub fn remove_option(&mut self) {
        let i = self.option;
        match self.session.remove(i) {
            Ok(doc) => {
                let name = doc.pathway().name.clone();
                self.removed = Some(super::Removed {
                    place: i,
                    doc,
                    pane: self.panes.remove(i),
                    colour: self.colours.remove(i),
                });
                self.discarded.remove(i);
                self.option = i.min(self.session.len() - 1);
                self.status = format!(
                    "Removed the option \"{name}\". Edit > Undo remove option puts it back."
                );
            }
            Err(e) => self.status = format!("Not removed: {e}."),
        }
    }

    /// The name of the option removed last, while it can be put back.
    pub fn removed_option(&self) -> Option<&str> {
        self.removed.as_ref().map(|r| r.doc.pathway().name.as_str())
    }

    /// Puts the option removed last back in its place, as it was (unsaved changes
    /// and undo history too), and views it.
    pub fn undo_remove_option(&mut self) {
        let Some(super::Removed {
            place,
            doc,
            pane,
            colour,
        }) = self.removed.take()
        else {
            return;
        };
        let name = doc.pathway().name.clone();
        let last = self.session.add(doc);
        self.panes.push(pane);
        self.discarded.push(false);
        self.colours.push(colour);
        let place = place.min(last);
        self.move_option(last, place);
        self.option = place;
        self.status = format!("Put back the option \"{name}\" as option {place}.");
    }

    /// Moves option `from` to place `to`; the view follows the option it was on.
    pub fn move_option(&mut self, from: usize, to: usize) {
        if let Err(e) = self.session.move_option(from, to) {
            self.status = format!("Not moved: {e}.");
            return;
        }
        let discarded = self.discarded.remove(from);
        self.discarded.insert(to, discarded);
        let pane = self.panes.remove(from);
        self.panes.insert(to, pane);
        let colour = self.colours.remove(from);
        self.colours.insert(to, colour);
        if self.option == from {
            self.option = to;
        } else if from < self.option && self.option <= to {
            self.option -= 1;
        } else if to <= self.option && self.option < from {
            self.option += 1;
        }
    }

    /// Applies `edit` to pathway `i` as one step of its undo history.
    pub fn edit_pathway(&mut self, i: usize, edit: Edit) -> Result<(), crate::edit::EditError> {
        if i >= self.session.len() {
            return Ok(());
        }
        self.session.apply(i, edit)?;
        self.session.seal(i);
        Ok(())
    }

    /// Renames pathway `i` (an edit of its name, undone like any other).
    pub fn rename(&mut self, i: usize, name: String) {
        if i >= self.session.len() || self.session.doc(i).pathway().name == name {
            return;
        }
        let edit = Edit::SetPathway(crate::edit::PathwayField::Name(name));
        if let Err(e) = self.session.apply(i, edit) {
            self.status = format!("Not renamed: {e}");
        }
        self.session.seal(i);
    }

    /// Replaces the pathways with those of a workspace file: the current process
    /// when it could be read (else the one on screen stays), and the options when
    /// any could be read (else those on screen stay).
    pub fn open_workspace(
        &mut self,
        path: &Path,
        name: &str,
        current: Option<Document>,
        options: Vec<Document>,
    ) {
        if let Some(current) = current {
            self.replace(Which::Current, current);
        }
        let mut options = options.into_iter();
        if let Some(first) = options.next() {
            self.truncate_options();
            self.replace(Which::Comparison, first);
            for doc in options {
                self.add_option(doc);
            }
        }
        self.option = 1;
        self.shown = Which::Current;
        self.workspace_file = Some(path.to_path_buf());
        let count = self.session.len() - 1;
        self.status = format!(
            "Opened the workspace \"{name}\": \"{}\" and {count} option(s). See them side by side in Results > Options.",
            self.doc(Which::Current).pathway().name
        );
    }

    /// Saves pathway `i` to `path` atomically and records it as saved there.
    pub fn save_entry(&mut self, i: usize, path: &Path) -> Result<(), SaveError> {
        save_path(self.session.doc(i).pathway(), path)?;
        self.session
            .mark_saved(i, path.to_path_buf(), Fingerprint::of_file(path).ok());
        Ok(())
    }

    /// The file to open again at the next start: the workspace file the pathways
    /// came from or were saved to, else the current process's file (`None`: not
    /// from a file).
    pub fn reopen_file(&self) -> Option<std::path::PathBuf> {
        self.workspace_file
            .clone()
            .or_else(|| self.doc(Which::Current).path().map(Path::to_path_buf))
            .map(|p| std::path::absolute(&p).unwrap_or(p))
    }

    /// Records the workspace file the pathways were saved to.
    pub fn set_workspace_file(&mut self, path: &Path) {
        self.workspace_file = Some(path.to_path_buf());
    }

    /// The file name to suggest when saving the workspace: its file's, or one from
    /// the current process's name.
    pub fn workspace_file_name(&self) -> String {
        self.workspace_file
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| {
                let title = format!(
                    "{} options workspace",
                    self.doc(Which::Current).pathway().name
                );
                super::super::files::suggested_name(
                    &title,
                    super::super::files::FileKind::Workspace,
                )
            })
    }

    /// The comparison of every option that is up to date (no errors since), in order.
    pub fn up_to_date_comparisons(&self) -> Vec<Comparison> {
        self.session
            .options()
            .filter(|&k| !self.session.comparison_is_stale(k))
            .filter_map(|k| self.session.comparison(k).cloned())
            .collect()
    }
}
