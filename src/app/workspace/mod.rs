//! What the app shows and edits: the pathways of the [`Session`] (the current
//! process and the proposed options, with everything derived from them) and the
//! view state around them: which pathway is shown, which option it is compared
//! with, selections, canvases, the results tab and the status line. The list of
//! options (adding, moving, removing, workspace files) is in `options.rs`.

mod best_practice;
mod options;

pub use best_practice::MadeBy;

use std::path::Path;

use crate::analysis::Report;
use crate::bundled;
use crate::compare::Comparison;
use crate::document::Document;
use crate::edit::{Edit, EditError};
use crate::format::{FileError, SaveError, load_path};
use crate::layout;
use crate::model::{CanvasPos, Pathway, Stage, Step};
use crate::recovery::{Entry, Fingerprint, Record};
use crate::sensitivity::Swing;
use crate::session::{Derived, Session, SimulationJob, Spawn, Version};
use crate::validate::Severity;

use super::canvas::CanvasView;
use super::command::{Command, Layout, View, Which};
use super::context::Selection;
use super::options::OptionColumn;
use super::results::ResultsView;
use super::variability::VariabilityView;

/// View state of one pathway: its selection and canvas.
#[derive(Debug, Default)]
pub struct Pane {
    /// Selected step and highlighted stage.
    pub selection: Selection,
    /// Pan and zoom.
    pub canvas: CanvasView,
}

/// An option removed, kept aside so that it can be put back.
#[derive(Debug)]
struct Removed {
    /// Its place in the session before it was removed.
    place: usize,
    /// Its document, with its unsaved changes and undo history.
    doc: Document,
    /// Its selection and canvas.
    pane: Pane,
    /// Its colour.
    colour: usize,
}

/// The parts of the workspace one frame's panels borrow.
pub struct Split<'a> {
    /// The shown pathway's document.
    pub doc: &'a Document,
    /// Its validation and analysis.
    pub derived: &'a Derived,
    /// Its selection and canvas.
    pub pane: &'a mut Pane,
    /// The comparison of the current process with the option in view: the latest,
    /// or the last good one while a pathway has errors (see
    /// [`Workspace::comparison_is_stale`]).
    pub comparison: Option<&'a Comparison>,
    /// Its business case: the saving by kind of money and the appraisal.
    pub case: Option<&'a crate::business::BusinessCase>,
    /// The ranges of its business case as last worked out in the background.
    pub ranges: Option<crate::session::Ranges<'a>>,
    /// Results view state.
    pub results: &'a mut ResultsView,
    /// The current process and the option in view.
    pub pathways: [&'a Pathway; 2],
    /// Their analyses, when they have no errors.
    pub reports: [Option<&'a Report>; 2],
    /// The simulation job and whether its last run is of the pathways as they are.
    pub simulation: (&'a SimulationJob, bool),
    /// The sensitivity of the pathway the tornado shows, when the Variability tab
    /// is open.
    pub swings: Option<&'a Result<Vec<Swing>, String>>,
    /// The Variability tab's settings.
    pub variability: &'a mut VariabilityView,
    /// What is compared with what, for the line above the headline.
    pub comparing: Comparing,
    /// Every option, for the Options tab.
    pub options: Vec<OptionColumn<'a>>,
    /// The option in view.
    pub viewed: usize,
    /// The savings waterfall by measure, when the option in view is best practice
    /// applied to the current process as it is now.
    pub by_measure: Option<Vec<crate::series::WaterfallBar>>,
    /// The current process and the option in view as capacity makes them, where a
    /// section applies.
    pub made: [Option<&'a crate::capacity::Made>; 2],
    /// Their slot-issue cost against the slots a week, when the Capacity tab is open.
    pub curves: [Option<&'a [crate::capacity::CurvePoint]>; 2],
    /// Slot issues on both sides, for the headline, when a section applies.
    pub slot_issues: Option<crate::capacity::SlotIssuePair>,
}

/// How best practice applied to a pathway split its saving by measure: kept with the
/// two pathways it holds for, so it is shown only while neither has changed.
#[derive(Clone, Debug)]
pub struct MeasureBreakdown {
    /// The current process the measures were applied to.
    pub base: Pathway,
    /// The option they made.
    pub option: Pathway,
    /// £ a referral of the current process.
    pub cost_before: f64,
    /// Each measure's short name and saving a referral in pence.
    pub savings: Vec<(String, i64)>,
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
    /// The option in view and how many there are.
    pub option: (usize, usize),
    /// Why the comparison is not like for like, largest money at stake first.
    pub cautions: Vec<crate::like_for_like::Caution>,
    /// How the option's roles are costed (see [`crate::compare::rate_card`]), one for
    /// each of its roles, in order.
    pub rate_card: Vec<crate::compare::RoleMapping>,
    /// The current process's roles (id, name), to cost the option's roles as.
    pub current_roles: Vec<(String, String)>,
}

/// The session and everything the app shows about it.
pub struct Workspace {
    session: Session,
    /// Best practice applied to the current process, by measure (see
    /// [`MeasureBreakdown`]).
    breakdowns: Vec<MeasureBreakdown>,
    /// The by-measure waterfall as last worked out, with the versions of the current
    /// process and the option it was worked out for: worked out again only when one of
    /// them changes, not every frame.
    by_measure: Option<([Version; 2], Option<Vec<crate::series::WaterfallBar>>)>,
    /// The version of the option last made by default for a pathway opened (see
    /// [`Workspace::compare_with_own_best_practice`]), to replace it while untouched.
    default_best_practice: Option<best_practice::Following>,
    /// View state of each pathway, in the session's order.
    panes: Vec<Pane>,
    /// Unsaved changes the user chose to discard, pending the action that replaces
    /// them, in the session's order.
    discarded: Vec<bool>,
    /// The proposal compared with the current process (its place in the session).
    option: usize,
    /// The workspace file this set of pathways was opened from or saved to.
    workspace_file: Option<std::path::PathBuf>,
    /// Each pathway's colour in the Options view (an index into its palette), kept
    /// while options are added, moved and removed.
    colours: Vec<usize>,
    /// The option removed last, until it is put back or another is removed.
    removed: Option<Removed>,
    /// Which pathway is shown and edited.
    pub shown: Which,
    /// Which view of it.
    pub view: View,
    /// Editing and results side by side, or one of them.
    pub layout: Layout,
    /// Results tab and table sorting.
    pub results: ResultsView,
    /// The Variability tab's settings and tornado view.
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
        Self {
            session: Session::new(current, comparison),
            breakdowns: Vec::new(),
            by_measure: None,
            default_best_practice: None,
            panes: vec![Pane::default(), Pane::default()],
            discarded: vec![false; 2],
            option: 1,
            colours: vec![0, 0],
            removed: None,
            workspace_file: None,
            shown: Which::Current,
            view: View::Map,
            layout: Layout::SideBySide,
            results: ResultsView::default(),
            variability: VariabilityView::default(),
            status: "Opened the bundled models. Edit the current process and compare it with best practice.".into(),
        }
    }

    /// The pathways and everything derived from them.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Marks steps on the maps of the current process and the option in view (the
    /// steps *What changed* lists), or clears every mark.
    pub fn mark_changed_steps(&mut self, marks: Option<[Vec<usize>; 2]>) {
        let [current, option] = marks.unwrap_or_default();
        for (i, pane) in self.panes.iter_mut().enumerate() {
            pane.canvas.changed_steps = match i {
                0 => current.clone(),
                i if i == self.option => option.clone(),
                _ => Vec::new(),
            };
        }
    }

    /// The place in the session of `which`: the current process, or the option in view.
    pub fn entry(&self, which: Which) -> usize {
        match which {
            Which::Current => 0,
            Which::Comparison => self.option,
        }
    }

    /// The document of a pathway.
    pub fn doc(&self, which: Which) -> &Document {
        self.session.doc(self.entry(which))
    }

    /// Validation and analysis of a pathway (as of the last [`Workspace::refresh`]).
    pub fn derived(&self, which: Which) -> &Derived {
        self.session.derived(self.entry(which))
    }

    /// Selection and canvas of a pathway.
    pub fn pane(&self, which: Which) -> &Pane {
        &self.panes[self.entry(which)]
    }

    /// What the panels of one frame borrow, split so they can be lent together.
    pub fn split(&mut self, which: Which) -> Split<'_> {
        let i = self.entry(which);
        let comparing = self.comparing();
        let tornado = self.entry(self.variability.tornado_of);
        let wants_swings = self.shows_tornado();
        let wants_curves = self.shows_results(super::results::ResultsTab::Capacity);
        if wants_curves {
            for k in [0, self.option] {
                self.session.capacity_curve(k);
            }
        }
        let slot_issues = self.slot_issues();
        let simulation_current = self.session.simulation_is_current(self.option);
        let by_measure = self.by_measure();
        Split {
            doc: self.session.doc(i),
            derived: self.session.derived(i),
            pane: &mut self.panes[i],
            comparison: self.session.comparison(self.option),
            case: self.session.business_case(self.option),
            ranges: self.session.ranges(self.option),
            results: &mut self.results,
            pathways: [
                self.session.doc(0).pathway(),
                self.session.doc(self.option).pathway(),
            ],
            reports: [0, self.option].map(|k| self.session.derived(k).report.as_ref()),
            simulation: (self.session.simulation(), simulation_current),
            // The last analysis of the pathway shown, while a newer one is worked
            // out in the background (see `Workspace::request_jobs`).
            swings: wants_swings
                .then(|| self.session.last_sensitivity(tornado))
                .flatten()
                .map(|(swings, _)| swings),
            variability: &mut self.variability,
            comparing,
            by_measure,
            options: self
                .session
                .options()
                .map(|k| OptionColumn {
                    entry: k,
                    name: &self.session.doc(k).pathway().name,
                    colour: self.colours[k],
                    comparison: self.session.comparison(k),
                    stale: self.session.comparison_is_stale(k),
                    unsaved: self.session.doc(k).is_dirty(),
                    within_18_weeks: self
                        .session
                        .simulation()
                        .last_run()
                        .filter(|_| self.session.simulation_is_current(k))
                        .map(|run| run.results.each_ref().map(|r| r.within_126_days)),
                })
                .collect(),
            viewed: self.option,
            made: [0, self.option].map(|k| self.session.derived(k).made.as_ref()),
            curves: [0, self.option].map(|k| {
                wants_curves
                    .then(|| self.session.cached_capacity_curve(k))
                    .flatten()
            }),
            slot_issues,
        }
    }

    /// Slot issues on both sides of the comparison in view, when a capacity section
    /// applies to either.
    pub fn slot_issues(&self) -> Option<crate::capacity::SlotIssuePair> {
        let made = [0, self.option].map(|k| self.session.derived(k).made.as_ref());
        crate::capacity::slot_issue_pair(self.comparison()?, made)
    }

    /// What is compared with what, and whether the figures are up to date.
    pub fn comparing(&self) -> Comparing {
        let first_error = Which::BOTH.iter().find_map(|w| {
            self.derived(*w)
                .problems
                .iter()
                .find(|p| p.severity == Severity::Error)
                .map(|p| format!("{}: {}", w.label(), p.message))
        });
        Comparing {
            annual_referrals: self.doc(Which::Current).pathway().annual_referrals,
            current_is_new: self.doc(Which::Current).is_new(),
            stale: self.comparison_is_stale(),
            first_error,
            option: (self.option, self.session.len() - 1),
            cautions: self.session.cautions(self.option).to_vec(),
            rate_card: self
                .session
                .comparison(self.option)
                .map(|c| c.role_map.clone())
                .unwrap_or_default(),
            current_roles: self
                .doc(Which::Current)
                .pathway()
                .roles
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect(),
        }
    }

    /// The version of a pathway: (generation, revision), which changes whenever the
    /// pathway is edited or replaced, for keying results computed from it.
    pub fn version(&self, which: Which) -> Version {
        self.session.version(self.entry(which))
    }

    /// The comparison of the current process with the option in view: up to date
    /// when both are valid, otherwise the last good one (see
    /// [`Workspace::comparison_is_stale`]).
    pub fn comparison(&self) -> Option<&Comparison> {
        self.session.comparison(self.option)
    }

    /// The business case of the option in view (see [`Session::business_case`]).
    pub fn business_case(&self) -> Option<&crate::business::BusinessCase> {
        self.session.business_case(self.option)
    }

    /// True when the figures are from before the latest edits, because a pathway has
    /// errors now (shares that do not add up while the user is still typing them).
    pub fn comparison_is_stale(&self) -> bool {
        self.session.comparison_is_stale(self.option)
    }

    /// The names of the current process and the option in view.
    pub fn names(&self) -> [String; 2] {
        Which::BOTH.map(|w| self.doc(w).pathway().name.clone())
    }

    /// True when `which` has changes that would be lost (and were not discarded).
    pub fn needs_saving(&self, which: Which) -> bool {
        self.entry_needs_saving(self.entry(which))
    }

    fn entry_needs_saving(&self, i: usize) -> bool {
        self.session.doc(i).is_dirty() && !self.discarded[i]
    }

    /// Recomputes validation, analysis and the comparisons of what changed.
    pub fn refresh(&mut self) {
        self.follow_current();
        self.session.refresh();
    }

    /// The simulation job: running, its progress, the last run and how it ended.
    pub fn simulation(&self) -> &SimulationJob {
        self.session.simulation()
    }

    /// True when the last simulation ran on the pathways in view as they are now.
    pub fn simulation_is_current(&self) -> bool {
        self.session.simulation_is_current(self.option)
    }

    /// Starts simulating the current process and the option in view in the
    /// background; `notify` is called when it has finished.
    pub fn simulate(
        &mut self,
        referrals: u64,
        seed: u64,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) {
        self.session
            .start_simulation(self.option, referrals, seed, spawn, notify);
    }

    /// Asks the running simulation to stop at its next chunk.
    pub fn cancel_simulation(&self) {
        self.session.cancel_simulation();
    }

    /// True when the results show `tab`, in a layout with results.
    fn shows_results(&self, tab: super::results::ResultsTab) -> bool {
        self.results.tab == tab && self.layout != Layout::Editing
    }

    /// True when the results show the tornado (the Variability tab).
    fn shows_tornado(&self) -> bool {
        self.shows_results(super::results::ResultsTab::Variability)
    }

    /// Starts the background work the frame's results need: the ranges of a
    /// business case that is not up to date (the option in view's first), and the
    /// sensitivity of the pathway the tornado shows, when it does and the last one is
    /// not for the pathway as it is. Each job gets a `notify()`, which it calls from
    /// its worker when it has finished.
    pub fn request_jobs(&mut self, spawn: &dyn Spawn, notify: &dyn Fn() -> Box<dyn Fn() + Send>) {
        self.session.request_ranges(self.option, spawn, notify());
        if self.shows_tornado() {
            let tornado = self.entry(self.variability.tornado_of);
            self.session.request_sensitivity(tornado, spawn, notify());
        }
    }

    /// The ranges of the business case of the option in view (see
    /// [`Session::ranges`]).
    pub fn ranges(&self) -> Option<crate::session::Ranges<'_>> {
        self.session.ranges(self.option)
    }

    /// True when every option's business case has its ranges for the pathways as
    /// they are (false while the background run catches up with an edit).
    pub fn ranges_are_current(&self) -> bool {
        self.session.ranges_are_current()
    }

    /// True when the tornado shows the sensitivity of its pathway as it is now
    /// (false while the background analysis catches up with an edit, or when the
    /// tornado is not shown).
    pub fn tornado_is_current(&self) -> bool {
        let tornado = self.entry(self.variability.tornado_of);
        self.shows_tornado()
            && self
                .session
                .last_sensitivity(tornado)
                .is_some_and(|(_, current)| current)
    }

    /// Picks up a finished background job; true while one still runs.
    pub fn poll_jobs(&mut self) -> bool {
        self.session.poll()
    }

    /// Applies an edit to the shown pathway.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let i = self.entry(self.shown);
        let adds_step = matches!(
            edit,
            Edit::AddStep(_) | Edit::AddStepAfter { .. } | Edit::DuplicateSteps(_)
        );
        let adds_role = matches!(edit, Edit::AddRole(_));
        let removes = matches!(edit, Edit::RemoveSteps(_) | Edit::MakeFirst(_));
        self.session.apply(i, edit)?;
        let steps = self.session.doc(i).pathway().steps.len();
        let pane = &mut self.panes[i];
        if adds_step {
            pane.selection.step = steps.checked_sub(1);
            pane.selection.focus_name = true;
            if let Some(s) = pane.selection.step {
                pane.canvas.focus = Some(s);
            }
        } else if adds_role {
            pane.selection.focus_role_name = true;
        } else if removes {
            pane.selection.step = None;
        }
        Ok(())
    }

    /// Ends the current gesture of the shown pathway.
    pub fn seal(&mut self) {
        self.session.seal(self.entry(self.shown));
    }

    /// Runs a command that concerns only the workspace.
    pub fn run(&mut self, command: Command) {
        let i = self.entry(self.shown);
        let result = match command {
            Command::Undo => {
                self.session.undo(i);
                self.clamp_selection();
                Ok(())
            }
            Command::Redo => {
                self.session.redo(i);
                self.clamp_selection();
                Ok(())
            }
            Command::AddStep => self.run_add_step(),
            Command::AddStepAfter => {
                // After the selected step, or the last one when none is selected.
                let pathway = self.session.doc(i).pathway();
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
                let moves = layout::tidy(self.session.doc(i).pathway())
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
            Command::SelectPreviousStep | Command::SelectNextStep => {
                let steps = self.session.doc(i).pathway().steps.len();
                let forward = command == Command::SelectNextStep;
                if let Some(step) = neighbour(self.panes[i].selection.step, steps, forward) {
                    self.panes[i].selection.step = Some(step);
                    self.panes[i].canvas.focus = Some(step);
                }
                Ok(())
            }
            Command::CancelSimulation => {
                self.cancel_simulation();
                Ok(())
            }
            Command::ViewOption(option) => {
                self.view_option(option);
                self.status = format!(
                    "Now comparing \"{}\" with the option \"{}\".",
                    self.doc(Which::Current).pathway().name,
                    self.doc(Which::Comparison).pathway().name
                );
                Ok(())
            }
            Command::DuplicateAsOption(from) => {
                self.duplicate_as_option(from);
                Ok(())
            }
            Command::AddBundledOption(index) => self.add_bundled_option(index),
            Command::UndoRemoveOption => {
                self.undo_remove_option();
                Ok(())
            }
            Command::MoveOption { from, to } => {
                self.move_option(from, to);
                Ok(())
            }
            Command::RenameOption { option, name } => {
                self.rename(option, name);
                Ok(())
            }
            Command::EditPathway { pathway, edit } => self.edit_pathway(pathway, *edit),
            // The shell's commands: `OpmtApp::run_command` runs them and never passes
            // them here. Named one by one, so a new command must be placed.
            Command::New
            | Command::Open
            | Command::OpenBundled(_)
            | Command::OpenPath(_)
            | Command::CompareWithBundled(_)
            | Command::CompareWithFile
            | Command::BestPracticeForThisPathway
            | Command::Save
            | Command::SaveAs
            | Command::Quit
            | Command::ExportWorkbook
            | Command::ExportStepsCsv
            | Command::ImportSteps
            | Command::SaveStepsTemplate
            | Command::SaveCsv { .. }
            | Command::SavePicture { .. }
            | Command::CopyPicture(_)
            | Command::Present
            | Command::Help(_)
            | Command::AddOptionFile
            | Command::RemoveOption(_)
            | Command::OpenWorkspace
            | Command::SaveWorkspaceAs
            | Command::WhatChanged
            | Command::Simulate { .. }
            | Command::ToggleTheme => Ok(()),
        };
        if let Err(e) = result {
            self.status = format!("Not changed: {e}");
        }
    }

    fn run_add_step(&mut self) -> Result<(), EditError> {
        let i = self.entry(self.shown);
        let pathway = self.session.doc(i).pathway();
        let selected = self.panes[i].selection.step;
        let mut step = new_step(pathway, selected);
        step.pos = Some(layout::position_after(pathway, selected));
        self.apply(Edit::AddStep(step))
    }

    fn clamp_selection(&mut self) {
        let i = self.entry(self.shown);
        let steps = self.session.doc(i).pathway().steps.len();
        let selection = &mut self.panes[i].selection;
        if selection.step.is_some_and(|s| s >= steps) {
            selection.step = None;
        }
    }

    fn replace(&mut self, which: Which, doc: Document) {
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
    pub fn autosave_key(&self) -> super::autosave::Key {
        super::autosave::Key {
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

/// The step before (or after, `forward`) `selected` among `steps`, staying at the
/// ends; the last (or first) step when none is selected.
fn neighbour(selected: Option<usize>, steps: usize, forward: bool) -> Option<usize> {
    let last = steps.checked_sub(1)?;
    Some(match (selected.filter(|&s| s <= last), forward) {
        (None, true) => 0,
        (None, false) => last,
        (Some(s), true) => (s + 1).min(last),
        (Some(s), false) => s.saturating_sub(1),
    })
}

/// A new step with the stage and role of the step it follows, if any.
fn new_step(pathway: &Pathway, after: Option<usize>) -> Step {
    let previous = after.and_then(|i| pathway.steps.get(i));
    let stage = previous.map_or(Stage::Other, |p| p.stage);
    let mut step = Step::new("new_step", "New step", stage);
    step.role = previous.and_then(|p| p.role.clone());
    step
}

impl Workspace {
    /// Keeps how best practice split its saving, for the by-measure waterfall.
    pub fn keep_breakdown(&mut self, breakdown: MeasureBreakdown) {
        self.breakdowns.push(breakdown);
        self.by_measure = None;
    }

    /// The by-measure waterfall of the option in view, while it and the current
    /// process are as the measures left them (worked out once for each version of
    /// the two).
    fn by_measure(&mut self) -> Option<Vec<crate::series::WaterfallBar>> {
        let versions = [self.session.version(0), self.session.version(self.option)];
        if let Some((of, bars)) = &self.by_measure
            && *of == versions
        {
            return bars.clone();
        }
        let (base, option) = (
            self.session.doc(0).pathway(),
            self.session.doc(self.option).pathway(),
        );
        let bars = self
            .breakdowns
            .iter()
            .rev()
            .find(|b| b.base == *base && b.option == *option)
            .map(|b| {
                crate::series::measures_waterfall(b.cost_before, &b.savings, base.annual_referrals)
            });
        self.by_measure = Some((versions, bars.clone()));
        bars
    }
}
