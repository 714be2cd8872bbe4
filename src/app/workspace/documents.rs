//! The pathways as documents: a new one, one opened from the bundled models, a file
//! or bytes, saved, downloaded, checked against its file on disk, and the records
//! autosave keeps and restores.

use std::path::Path;

use super::{Pane, Workspace};
use crate::bundled;
use crate::document::Document;
use crate::format::{FileError, SaveError, load_path};
use crate::model::{CanvasPos, Pathway, Stage, Step};
use crate::recovery::{Entry, Fingerprint, Record};

use super::super::command::Which;

impl Workspace {
    /// Puts `doc` in place of `which`, with a fresh view and nothing discarded.
    pub(super) fn replace(&mut self, which: Which, doc: Document) {
        let i = self.entry(which);
        self.session.replace(i, doc);
        self.panes[i] = Pane::default();
        self.discarded[i] = false;
    }

    /// Replaces `which` with a pathway imported from a spreadsheet: new work, not yet
    /// saved to a file, so it counts as unsaved changes.
    pub fn replace_imported(&mut self, which: Which, pathway: Pathway) {
        self.replace(which, Document::new(pathway, None));
    }

    /// Replaces `which` with a new pathway of one step.
    pub fn new_pathway(&mut self, which: Which) {
        let mut pathway = Pathway::new("New pathway");
        pathway.annual_referrals = 12_000.0;
        let mut first = Step::new("gp_refers", "GP refers", Stage::Referral);
        first.pos = Some(CanvasPos { x: 0.0, y: 0.0 });
        pathway.steps.push(first);
        self.replace(which, Document::fresh(pathway));
        // The first step is selected with its name field taking the keyboard, so
        // typing names it and Enter then adds the next one straight away.
        let i = self.entry(which);
        let selection = &mut self.panes[i].selection;
        selection.step = Some(0);
        selection.focus_name = true;
        let own = which == Which::Current && self.compare_new_with_own_best_practice();
        self.status = match which {
            Which::Current if own => format!(
                "New pathway, compared with \"{}\": best practice applied to it, following each edit (a measure applies once it finds a step to change). Add steps with Add step after (Enter).",
                self.doc(Which::Comparison).pathway().name
            ),
            Which::Current => format!(
                "New pathway, compared with \"{}\" (change it in the Compare menu). Add steps with Add step after (Enter).",
                self.doc(Which::Comparison).pathway().name
            ),
            Which::Comparison => {
                "New comparison pathway. Add steps with Add step after (Enter).".into()
            }
        };
    }

    /// Swaps the current process and the option in view, with their files and views.
    pub fn swap(&mut self) {
        let (a, b) = (0, self.option);
        self.session.swap(a, b);
        self.panes.swap(a, b);
        self.discarded.swap(a, b);
        self.colours.swap(a, b);
        self.status = format!(
            "Swapped: \"{}\" is now the current process, compared with \"{}\".",
            self.doc(Which::Current).pathway().name,
            self.doc(Which::Comparison).pathway().name
        );
    }

    /// What opening a pathway as `which` means, for the status line.
    fn opened_status(&self, which: Which, what: &str) -> String {
        match which {
            Which::Current => format!("Opened {what} as the current process."),
            Which::Comparison => format!(
                "Now comparing \"{}\" with {what}.",
                self.doc(Which::Current).pathway().name
            ),
        }
    }

    /// Replaces `which` with a bundled model.
    pub fn open_bundled(&mut self, which: Which, index: usize) -> Result<(), String> {
        let model = bundled::ALL
            .get(index)
            .ok_or_else(|| format!("there is no bundled model number {index}"))?;
        let loaded = model.load().map_err(|e| e.to_string())?;
        self.replace(which, Document::unsaved_original(loaded.pathway));
        self.status = self.opened_status(which, &format!("the bundled model \"{}\"", model.title));
        Ok(())
    }

    /// Replaces `which` with a model file; on failure nothing changes.
    pub fn open_path(&mut self, which: Which, path: &Path) -> Result<(), FileError> {
        let loaded = load_path(path)?;
        let warnings = loaded.warnings.len();
        let doc = opened_document(loaded.pathway, path);
        self.replace(which, doc);
        let mut status = self.opened_status(which, &path.display().to_string());
        if warnings > 0 {
            status.push_str(&format!(" It has {warnings} warning(s): see Problems."));
        }
        self.status = status;
        Ok(())
    }

    /// Replaces `which` with a model given as the bytes of a file named `name` (a
    /// browser's file dialog gives no path: saving asks where); on failure nothing
    /// changes.
    pub fn open_bytes(&mut self, which: Which, name: &str, bytes: &[u8]) -> Result<(), FileError> {
        let loaded = crate::format::load_bytes(bytes).map_err(|error| FileError {
            path: std::path::PathBuf::from(name),
            error,
        })?;
        let warnings = loaded.warnings.len();
        self.replace(which, Document::unsaved_original(loaded.pathway));
        let mut status = self.opened_status(which, name);
        if warnings > 0 {
            status.push_str(&format!(" It has {warnings} warning(s): see Problems."));
        }
        self.status = status;
        Ok(())
    }

    /// Saves `which` to `path` atomically and records it as saved there.
    pub fn save(&mut self, which: Which, path: &Path) -> Result<(), SaveError> {
        self.save_entry(self.entry(which), path)?;
        self.status = format!("Saved {}", path.display());
        Ok(())
    }

    /// The model file of `which` as it would be saved, for a download.
    pub fn model_text(&self, which: Which) -> String {
        crate::format::to_ron_string(self.doc(which).pathway())
    }

    /// Records that `which` was downloaded as `name` (a browser's save).
    pub fn mark_downloaded(&mut self, which: Which, name: &str) {
        self.session.mark_written(self.entry(which));
        self.status = format!("Downloaded {name}: the browser keeps it with your downloads.");
    }

    /// True when the file of `which` was changed on disk since it was opened or last
    /// saved (a file that is gone, or cannot be read, does not count: saving will
    /// recreate it, or say why it cannot).
    pub fn changed_on_disk(&self, which: Which) -> bool {
        let doc = self.doc(which);
        match (doc.path(), doc.disk()) {
            (Some(path), Some(then)) => {
                Fingerprint::of_file(path).is_ok_and(|now| then.differs_from(&now))
            }
            _ => false,
        }
    }

    /// What autosave watches: each pathway's version and whether it needs saving,
    /// and what is in view.
    pub fn autosave_key(&self) -> super::super::autosave::Key {
        super::super::autosave::Key {
            pathways: (0..self.session.len())
                .map(|i| (self.session.version(i), self.entry_needs_saving(i)))
                .collect(),
            viewed: self.recovery_view(),
        }
    }

    /// Every pathway as it is, with its file, for a recovery record: the current
    /// process, then the options in order.
    pub fn recovery_entries(&self) -> Vec<Entry> {
        (0..self.session.len())
            .map(|i| {
                let doc = self.session.doc(i);
                Entry {
                    pathway: doc.pathway().clone(),
                    // The next run may start in another folder.
                    path: doc
                        .path()
                        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())),
                    disk: doc.disk().copied(),
                    unsaved: self.entry_needs_saving(i),
                }
            })
            .collect()
    }

    /// Puts back every pathway of a recovery record: those that had unsaved changes
    /// are unsaved again, with their files; nothing is written. The option that was
    /// compared, and the pathway that was being edited, are in view again.
    pub fn restore(&mut self, record: Record) {
        let Record {
            current,
            comparison,
            more_options,
            viewed,
            ..
        } = record;
        self.truncate_options();
        let doc = |e: Entry| Document::restored(e.pathway, e.path, e.disk, e.unsaved);
        self.replace(Which::Current, doc(current));
        self.replace(Which::Comparison, doc(comparison));
        for entry in more_options {
            self.add_option(doc(entry));
        }
        self.option = 1;
        self.view_option(viewed.option);
        self.shown = if viewed.editing_option {
            Which::Comparison
        } else {
            Which::Current
        };
    }

    /// What is in view, for a recovery record: the option compared and whether it
    /// is the pathway being edited.
    pub fn recovery_view(&self) -> crate::recovery::Viewed {
        crate::recovery::Viewed {
            option: self.option,
            editing_option: self.shown == Which::Comparison,
        }
    }

    /// The user chose to lose the unsaved changes of `which` (for the action that follows).
    pub fn discard_changes(&mut self, which: Which) {
        let i = self.entry(which);
        self.discarded[i] = true;
    }

    /// Forgets discard choices once the action they were for is done or abandoned.
    pub fn clear_discarded(&mut self) {
        self.discarded.fill(false);
    }

    /// The window title: pathway name, file, and a mark for unsaved changes.
    pub fn window_title(&self) -> String {
        let doc = self.doc(Which::Current);
        let file = doc.path().and_then(|p| p.file_name()).map_or_else(
            || "not saved".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let dirty = if doc.is_dirty() { "* " } else { "" };
        format!("{dirty}{} — {file} — opmt", doc.pathway().name)
    }
}

/// The document of a pathway just read from `path`, with what the file looks like
/// now, so that a later save can tell whether somebody changed it meanwhile.
pub(crate) fn opened_document(pathway: Pathway, path: &Path) -> Document {
    let mut doc = Document::new(pathway, Some(path.to_path_buf()));
    doc.set_disk(Fingerprint::of_file(path).ok());
    doc
}
