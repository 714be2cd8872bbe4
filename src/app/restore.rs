//! The app's use of autosave: starting it, offering back work left by a run that
//! did not close properly, restoring or discarding it, and the look each frame.

use std::path::Path;

use crate::platform::Recovery;
use crate::platform::clock::Instant;
use crate::platform::native::recovery::Store;
use crate::platform::storage::RecoveryStorage;

use super::OpmtApp;
use super::autosave::{Autosave, Found, local_hh_mm};
use super::command::Which;
use super::dialogs::Modal;
use crate::recovery::Entry;

impl OpmtApp {
    /// Starts autosave in `recovery` and offers back what an earlier run left there.
    pub(crate) fn start_autosave(&mut self, recovery: Recovery) {
        let store: Box<dyn RecoveryStorage> = match recovery {
            Recovery::Off => return,
            Recovery::Storage(store) => store,
            Recovery::Folder(dir) => match Store::open(&dir, &Store::instance_name()) {
                Ok(store) => Box::new(store),
                Err(e) => {
                    eprintln!("opmt: autosave is off: {e}");
                    self.workspace.status = format!("Autosave is off: {e}");
                    return;
                }
            },
        };
        let (autosave, found) = Autosave::start(store, std::rc::Rc::clone(&self.spawn));
        self.autosave = Some(autosave);
        self.offer_recovered(&found);
    }

    fn offer_recovered(&mut self, found: &Found) {
        for note in &found.stale {
            eprintln!("opmt: not offering old unsaved work: {note}");
        }
        let offer = self.autosave.as_ref().and_then(Autosave::offer);
        let Some(offer) = offer else {
            if !found.damaged.is_empty() {
                self.modal = Some(Modal::error(
                    "A recovery file could not be read",
                    found.damaged.clone(),
                ));
            }
            return;
        };
        let time = local_hh_mm(offer.record.written_unix_secs);
        let summaries: Vec<String> = offer
            .record
            .entries()
            .enumerate()
            .map(|(i, entry)| summary(i, entry))
            .collect();
        eprintln!(
            "opmt: offering to restore unsaved work from {time} ({}) ({})",
            summaries.join("; "),
            offer.orphan.place()
        );
        let mut lines = vec![format!(
            "opmt did not close properly at {time} (it may have stopped, or the computer lost power). It kept:"
        )];
        lines.extend(summaries.iter().map(|s| format!("• {s}")));
        lines.push(
            "Restoring puts them back unsaved; nothing is written to your files until you save."
                .into(),
        );
        lines.extend(found.damaged.iter().cloned());
        self.modal = Some(Modal::Restore { time, lines });
    }

    /// Restores the work offered back: unsaved, with the files it belongs to.
    pub(crate) fn restore_recovered(&mut self) {
        let Some(result) = self.autosave.as_mut().and_then(Autosave::restore) else {
            return;
        };
        let (record, problem) = match result {
            Ok(record) => (record, None),
            Err((record, e)) => (record, Some(e)),
        };
        let time = local_hh_mm(record.written_unix_secs);
        eprintln!("opmt: restored unsaved work from {time}");
        self.workspace.restore(record);
        self.workspace.status = match problem {
            None => format!("Restored your unsaved work from {time}. Save it to keep it."),
            Some(e) => format!(
                "Restored your unsaved work from {time}. Save it to keep it. (The old recovery file stays: {e})"
            ),
        };
    }

    /// Deletes the work offered back, at the user's word.
    pub(crate) fn discard_recovered(&mut self) {
        let Some(result) = self.autosave.as_mut().and_then(Autosave::discard) else {
            return;
        };
        self.workspace.status = match result {
            Ok(record) => format!(
                "Discarded the unsaved work from {}.",
                local_hh_mm(record.written_unix_secs)
            ),
            Err(e) => format!("Could not delete the recovery file: {e}"),
        };
    }

    /// Once a frame: writes the recovery file after changes (at most every two
    /// seconds), removes it when nothing is unsaved, and reports a failure once.
    pub(crate) fn autosave_ui(&mut self, ctx: &egui::Context) {
        let Some(autosave) = &mut self.autosave else {
            return;
        };
        let key = self.workspace.autosave_key();
        let workspace = &self.workspace;
        if let Some(wait) = autosave.tick(key, Instant::now(), || workspace.recovery_entries()) {
            ctx.request_repaint_after(wait);
        }
        if let Some(failure) = autosave.failure() {
            eprintln!("opmt: {failure}");
            self.workspace.status = failure;
        }
    }

    /// This app's recovery file, when autosave is on (for tests).
    pub fn recovery_file(&self) -> Option<&Path> {
        self.autosave.as_ref().and_then(Autosave::path)
    }
}

/// One pathway of a record (`i`: 0 is the current process, then the options) in a
/// line: which, its name, size, file and state.
fn summary(i: usize, entry: &Entry) -> String {
    let file = entry.path.as_ref().map_or_else(
        || "not saved to a file".to_owned(),
        |p| p.display().to_string(),
    );
    let state = if entry.unsaved {
        "unsaved changes"
    } else {
        "no unsaved changes"
    };
    format!(
        "{}: “{}”, {} steps, {file}, {state}",
        match i {
            0 => Which::Current.label().to_owned(),
            1 => Which::Comparison.label().to_owned(),
            i => format!("Option {i}"),
        },
        entry.pathway.name,
        entry.pathway.steps.len()
    )
}
