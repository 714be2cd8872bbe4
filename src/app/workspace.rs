//! The two pathways being worked on (current and comparison): their documents,
//! view state, and results derived from them, recomputed only when they change.

use std::path::Path;

use crate::analysis::{Report, analyse_valid};
use crate::bundled;
use crate::compare::{Comparison, compare};
use crate::document::Document;
use crate::edit::{Edit, EditError};
use crate::format::{FileError, SaveError, load_path, save_path};
use crate::layout;
use crate::model::{CanvasPos, Pathway, Stage, Step};
use crate::recovery::{Entry, Fingerprint, Record};
use crate::validate::{Problem, has_errors, validate};

use super::canvas::CanvasView;
use super::command::{Command, Layout, View, Which};
use super::context::Selection;
use super::results::ResultsView;
use super::variability::{PathwaysKey, VariabilityView};

/// Validation and analysis of one pathway, for one revision of it.
#[derive(Debug, Default)]
pub struct Derived {
    key: Option<(u64, u64)>,
    /// Every problem, errors and warnings.
    pub problems: Vec<Problem>,
    /// The analysis, when there are no errors.
    pub report: Option<Report>,
}

/// View state of one pathway: its selection and canvas.
#[derive(Debug, Default)]
pub struct Pane {
    /// Selected step and highlighted stage.
    pub selection: Selection,
    /// Pan and zoom.
    pub canvas: CanvasView,
}

/// The parts of the workspace one frame's panels borrow.
pub struct Split<'a> {
    /// The shown pathway's document.
    pub doc: &'a Document,
    /// Its validation and analysis.
    pub derived: &'a Derived,
    /// Its selection and canvas.
    pub pane: &'a mut Pane,
    /// The comparison of both pathways: the latest, or the last good one while a
    /// pathway has errors (see [`Workspace::comparison_is_stale`]).
    pub comparison: Option<&'a Comparison>,
    /// Results view state.
    pub results: &'a mut ResultsView,
    /// Both pathways, current first.
    pub pathways: [&'a Pathway; 2],
    /// Their versions (see [`Workspace::version`]).
    pub keys: PathwaysKey,
    /// The Variability tab's state and simulation.
    pub variability: &'a mut VariabilityView,
    /// What is compared with what, for the line above the headline.
    pub comparing: Comparing,
}

/// What is being compared, said plainly above the headline figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparing {
    /// Annual referrals of the current process (both are analysed at it).
    pub annual_referrals: f64,
    /// The current process was just started with File > New (nothing saved yet).
    pub current_is_new: bool,
    /// The figures are from before the latest edits (a pathway has errors now).
    pub stale: bool,
    /// The first error that stops the figures, in plain words.
    pub first_error: Option<String>,
}

/// Both pathways and everything the app shows about them.
pub struct Workspace {
    docs: [Document; 2],
    /// Bumped whenever a document is replaced, so caches keyed on revisions stay right.
    generations: [u64; 2],
    next_generation: u64,
    derived: [Derived; 2],
    panes: [Pane; 2],
    comparison: Option<Comparison>,
    comparison_key: Option<[(u64, u64); 2]>,
    /// True when `comparison` is the last good one, kept while a pathway has errors.
    comparison_stale: bool,
    /// Unsaved changes the user chose to discard, pending the action that replaces them.
    discarded: [bool; 2],
    /// Which pathway is shown and edited.
    pub shown: Which,
    /// Which view of it.
    pub view: View,
    /// Editing and results side by side, or one of them.
    pub layout: Layout,
    /// Results tab and table sorting.
    pub results: ResultsView,
    /// The Variability tab: simulation settings, the running job and its results.
    pub variability: VariabilityView,
    /// The last thing that happened, for the status bar.
    pub status: String,
}

impl Workspace {
    /// The bundled current process, compared with the bundled best practice.
    pub fn bundled() -> Self {
        let load = |m: bundled::BundledModel| {
            m.load()
                .map(|l| l.pathway)
                .unwrap_or_else(|_| Pathway::new(m.title))
        };
        let current = Document::unsaved_original(load(bundled::CURRENT_ERS_AS_IMPLEMENTED));
        let comparison = Document::unsaved_original(load(bundled::BEST_PRACTICE_ERS));
        let mut ws = Self {
            docs: [current, comparison],
            generations: [0, 1],
            next_generation: 2,
            derived: Default::default(),
            panes: Default::default(),
            comparison: None,
            comparison_key: None,
            comparison_stale: false,
            discarded: [false; 2],
            shown: Which::Current,
            view: View::Map,
            layout: Layout::SideBySide,
            results: ResultsView::default(),
            variability: VariabilityView::default(),
            status: "Opened the bundled models. Edit the current process and compare it with best practice.".into(),
        };
        ws.refresh();
        ws
    }

    /// The document of a pathway.
    pub fn doc(&self, which: Which) -> &Document {
        &self.docs[which.index()]
    }

    /// Validation and analysis of a pathway (as of the last [`Workspace::refresh`]).
    pub fn derived(&self, which: Which) -> &Derived {
        &self.derived[which.index()]
    }

    /// Selection and canvas of a pathway.
    pub fn pane(&self, which: Which) -> &Pane {
        &self.panes[which.index()]
    }

    /// What the panels of one frame borrow, split so they can be lent together.
    pub fn split(&mut self, which: Which) -> Split<'_> {
        let i = which.index();
        let keys = Which::BOTH.map(|w| self.version(w));
        let comparing = self.comparing();
        Split {
            doc: &self.docs[i],
            derived: &self.derived[i],
            pane: &mut self.panes[i],
            comparison: self.comparison.as_ref(),
            results: &mut self.results,
            pathways: [0, 1].map(|k| self.docs[k].pathway()),
            keys,
            variability: &mut self.variability,
            comparing,
        }
    }

    /// What is compared with what, and whether the figures are up to date.
    pub fn comparing(&self) -> Comparing {
        let first_error = Which::BOTH.iter().find_map(|w| {
            self.derived(*w)
                .problems
                .iter()
                .find(|p| p.severity == crate::validate::Severity::Error)
                .map(|p| format!("{}: {}", w.label(), p.message))
        });
        Comparing {
            annual_referrals: self.doc(Which::Current).pathway().annual_referrals,
            current_is_new: self.doc(Which::Current).is_new(),
            stale: self.comparison_stale,
            first_error,
        }
    }

    /// The version of a pathway: (generation, revision), which changes whenever the
    /// pathway is edited or replaced, for keying results computed from it.
    pub fn version(&self, which: Which) -> (u64, u64) {
        let i = which.index();
        (self.generations[i], self.docs[i].revision())
    }

    /// The comparison of current with proposed: up to date when both are valid,
    /// otherwise the last good one (see [`Workspace::comparison_is_stale`]).
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// True when the figures are from before the latest edits, because a pathway has
    /// errors now (shares that do not add up while the user is still typing them).
    pub fn comparison_is_stale(&self) -> bool {
        self.comparison_stale
    }

    /// The names of both pathways, current first.
    pub fn names(&self) -> [String; 2] {
        Which::BOTH.map(|w| self.doc(w).pathway().name.clone())
    }

    /// True when `which` has changes that would be lost (and were not discarded).
    pub fn needs_saving(&self, which: Which) -> bool {
        self.doc(which).is_dirty() && !self.discarded[which.index()]
    }

    /// Recomputes validation, analysis and the comparison of what changed.
    pub fn refresh(&mut self) {
        for which in Which::BOTH {
            let i = which.index();
            let key = (self.generations[i], self.docs[i].revision());
            if self.derived[i].key == Some(key) {
                continue;
            }
            let pathway = self.docs[i].pathway();
            let problems = validate(pathway);
            let report = if has_errors(&problems) {
                None
            } else {
                analyse_valid(pathway).ok()
            };
            self.derived[i] = Derived {
                key: Some(key),
                problems,
                report,
            };
        }
        let key = [0, 1].map(|i| (self.generations[i], self.docs[i].revision()));
        if self.comparison_key != Some(key) {
            self.comparison_key = Some(key);
            match compare(self.docs[0].pathway(), self.docs[1].pathway()) {
                Ok(c) => {
                    self.comparison = Some(c);
                    self.comparison_stale = false;
                }
                Err(_) => self.comparison_stale = self.comparison.is_some(),
            }
        }
    }

    /// Applies an edit to the shown pathway.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let i = self.shown.index();
        let adds_step = matches!(
            edit,
            Edit::AddStep(_) | Edit::AddStepAfter { .. } | Edit::DuplicateSteps(_)
        );
        let adds_role = matches!(edit, Edit::AddRole(_));
        let removes = matches!(edit, Edit::RemoveSteps(_) | Edit::MakeFirst(_));
        self.docs[i].apply(edit)?;
        let steps = self.docs[i].pathway().steps.len();
        let selection = &mut self.panes[i].selection;
        if adds_step {
            selection.step = steps.checked_sub(1);
            selection.focus_name = true;
            if let Some(s) = selection.step {
                self.panes[i].canvas.focus = Some(s);
            }
        } else if adds_role {
            selection.focus_role_name = true;
        } else if removes {
            selection.step = None;
        }
        Ok(())
    }

    /// Ends the current gesture of the shown pathway.
    pub fn seal(&mut self) {
        self.docs[self.shown.index()].seal();
    }

    /// Runs a command that concerns only the workspace.
    pub fn run(&mut self, command: Command) {
        let i = self.shown.index();
        let result = match command {
            Command::Undo => {
                self.docs[i].undo();
                self.clamp_selection();
                Ok(())
            }
            Command::Redo => {
                self.docs[i].redo();
                self.clamp_selection();
                Ok(())
            }
            Command::AddStep => {
                let pathway = self.docs[i].pathway();
                let selected = self.panes[i].selection.step;
                let mut step = new_step(pathway, selected);
                step.pos = Some(layout::position_after(pathway, selected));
                self.apply(Edit::AddStep(step))
            }
            Command::AddStepAfter => {
                // After the selected step, or the last one when none is selected.
                let pathway = self.docs[i].pathway();
                let from = self.panes[i]
                    .selection
                    .step
                    .filter(|&s| s < pathway.steps.len())
                    .or(pathway.steps.len().checked_sub(1));
                match from {
                    Some(from) => {
                        let step = new_step(pathway, Some(from));
                        self.apply(Edit::AddStepAfter { from, step })
                    }
                    None => self.run_add_step(),
                }
            }
            Command::DeleteSelected => match self.panes[i].selection.step {
                Some(s) => self.apply(Edit::RemoveSteps(vec![s])),
                None => Ok(()),
            },
            Command::DuplicateSelected => match self.panes[i].selection.step {
                Some(s) => self.apply(Edit::DuplicateSteps(vec![s])),
                None => Ok(()),
            },
            Command::TidyLayout => {
                let moves = layout::tidy(self.docs[i].pathway())
                    .into_iter()
                    .enumerate()
                    .collect();
                let result = self.apply(Edit::MoveSteps(moves));
                self.seal();
                self.panes[i].canvas.fit_pending = true;
                result
            }
            Command::FitView => {
                self.panes[i].canvas.fit_pending = true;
                Ok(())
            }
            Command::Show(which) => {
                self.shown = which;
                Ok(())
            }
            Command::SwapPathways => {
                self.swap();
                Ok(())
            }
            Command::SetView(view) => {
                self.view = view;
                if self.layout == Layout::Results {
                    self.layout = Layout::SideBySide;
                }
                Ok(())
            }
            Command::SetLayout(layout) => {
                self.layout = layout;
                Ok(())
            }
            Command::Focus(step) => {
                self.panes[i].selection.step = Some(step);
                self.panes[i].canvas.focus = Some(step);
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.status = format!("Not changed: {e}");
        }
    }

    fn run_add_step(&mut self) -> Result<(), EditError> {
        let i = self.shown.index();
        let pathway = self.docs[i].pathway();
        let mut step = new_step(pathway, None);
        step.pos = Some(layout::position_after(pathway, None));
        self.apply(Edit::AddStep(step))
    }

    fn clamp_selection(&mut self) {
        let i = self.shown.index();
        let steps = self.docs[i].pathway().steps.len();
        let selection = &mut self.panes[i].selection;
        if selection.step.is_some_and(|s| s >= steps) {
            selection.step = None;
        }
    }

    fn replace(&mut self, which: Which, doc: Document) {
        let i = which.index();
        self.docs[i] = doc;
        self.generations[i] = self.next_generation;
        self.next_generation += 1;
        self.panes[i] = Pane::default();
        self.discarded[i] = false;
        // Figures of a pathway that is gone would mislead.
        self.comparison = None;
        self.comparison_stale = false;
        self.refresh();
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
        // The first step is selected, so Enter adds the next one straight away.
        self.panes[which.index()].selection.step = Some(0);
        self.status = match which {
            Which::Current => format!(
                "New pathway, compared with \"{}\" (change it in the Compare menu). Add steps with Add step after (Enter).",
                self.doc(Which::Comparison).pathway().name
            ),
            Which::Comparison => {
                "New comparison pathway. Add steps with Add step after (Enter).".into()
            }
        };
    }

    /// Swaps the current process and the comparison, with their files and views.
    pub fn swap(&mut self) {
        self.docs.swap(0, 1);
        self.generations.swap(0, 1);
        self.derived.swap(0, 1);
        self.panes.swap(0, 1);
        self.discarded.swap(0, 1);
        self.comparison = None;
        self.comparison_stale = false;
        self.refresh();
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
        let mut doc = Document::new(loaded.pathway, Some(path.to_path_buf()));
        doc.set_disk(Fingerprint::of_file(path).ok());
        self.replace(which, doc);
        let mut status = self.opened_status(which, &path.display().to_string());
        if warnings > 0 {
            status.push_str(&format!(" It has {warnings} warning(s): see Problems."));
        }
        self.status = status;
        Ok(())
    }

    /// Saves `which` to `path` atomically and records it as saved there.
    pub fn save(&mut self, which: Which, path: &Path) -> Result<(), SaveError> {
        let i = which.index();
        save_path(self.docs[i].pathway(), path)?;
        self.docs[i].mark_saved(path.to_path_buf());
        self.docs[i].set_disk(Fingerprint::of_file(path).ok());
        self.status = format!("Saved {}", path.display());
        Ok(())
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

    /// What autosave watches: each pathway's version and whether it needs saving.
    pub fn autosave_key(&self) -> [((u64, u64), bool); 2] {
        Which::BOTH.map(|w| (self.version(w), self.needs_saving(w)))
    }

    /// Both pathways as they are, with their files, for a recovery record.
    pub fn recovery_entries(&self) -> [Entry; 2] {
        Which::BOTH.map(|w| {
            let doc = self.doc(w);
            Entry {
                pathway: doc.pathway().clone(),
                // The next run may start in another folder.
                path: doc
                    .path()
                    .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())),
                disk: doc.disk().copied(),
                unsaved: self.needs_saving(w),
            }
        })
    }

    /// Puts back both pathways from a recovery record: those that had unsaved
    /// changes are unsaved again, with their files; nothing is written.
    pub fn restore(&mut self, record: Record) {
        for (which, entry) in Which::BOTH
            .into_iter()
            .zip([record.current, record.comparison])
        {
            let doc = Document::restored(entry.pathway, entry.path, entry.disk, entry.unsaved);
            self.replace(which, doc);
        }
        self.shown = Which::Current;
    }

    /// The user chose to lose the unsaved changes of `which` (for the action that follows).
    pub fn discard_changes(&mut self, which: Which) {
        self.discarded[which.index()] = true;
    }

    /// Forgets discard choices once the action they were for is done or abandoned.
    pub fn clear_discarded(&mut self) {
        self.discarded = [false; 2];
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

/// A new step with the stage and role of the step it follows, if any.
fn new_step(pathway: &Pathway, after: Option<usize>) -> Step {
    let previous = after.and_then(|i| pathway.steps.get(i));
    let stage = previous.map_or(Stage::Other, |p| p.stage);
    let mut step = Step::new("new_step", "New step", stage);
    step.role = previous.and_then(|p| p.role.clone());
    step
}
