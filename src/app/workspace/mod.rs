//! What the app shows and edits: the pathways of the [`Session`] (the current
//! process and the proposed options, with everything derived from them) and the
//! view state around them: which pathway is shown, which option it is compared
//! with, selections, canvases, the results tab and the status line. The list of
//! options (adding, moving, removing, workspace files) is in `options.rs`; opening,
//! saving and recovering the pathways in `documents.rs`; each command's part in
//! `commands.rs`.

mod best_practice;
mod commands;
mod documents;
mod options;

pub(crate) use documents::opened_document;

pub use best_practice::MadeBy;

use crate::analysis::Report;
use crate::bundled;
use crate::compare::Comparison;
use crate::document::Document;
use crate::edit::{Edit, EditError};
use crate::model::Pathway;
use crate::sensitivity::Swing;
use crate::session::{Derived, Session, SimulationJob, Spawn, Version};
use crate::validate::Severity;

use super::command::{Layout, View, Which};
use super::context::Selection;
use crate::ui::canvas::CanvasView;
use crate::ui::options::OptionColumn;
use crate::ui::results::ResultsView;
use crate::ui::variability::VariabilityView;

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
    /// Their slot-issue cost against the slots a week as last worked out in the
    /// background, when the Capacity tab is open.
    pub curves: [Option<crate::session::Curve<'a>>; 2],
    /// The headline figures of the comparison in view, worded once by the session.
    pub figures: Option<&'a crate::render::figures::HeadlineFigures>,
    /// The results charts' series of the comparison in view, from the session.
    pub series: Option<&'a crate::series::ChartSeries>,
    /// The Options tab's rows, from the session.
    pub options_rows: &'a [crate::series::OptionsRow],
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
    /// Each measure's short name and the cost a referral after it, in order.
    pub costs_after: Vec<(String, f64)>,
}

/// What is being compared, said plainly above the headline figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparing {
    /// Annual referrals of the current process (both are analysed at it).
    pub annual_referrals: f64,
    /// The current process was just started with File > New (nothing saved yet).
    pub current_is_new: bool,
    /// The option in view is best practice made by default for the current process,
    /// following its edits (see `workspace/best_practice.rs`).
    pub follows_best_practice: bool,
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
        let wants_curves = self.shows_capacity();
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
            // The last curves of these pathways, while newer ones are worked out in
            // the background (see `Workspace::request_jobs`).
            curves: [0, self.option].map(|k| {
                wants_curves
                    .then(|| self.session.capacity_curve(k))
                    .flatten()
            }),
            figures: self.session.figures(self.option),
            series: self.session.series(self.option),
            options_rows: self.session.options_rows(),
        }
    }

    /// The results charts' series of the comparison in view (see [`Session::series`]).
    pub fn series(&self) -> Option<&crate::series::ChartSeries> {
        self.session.series(self.option)
    }

    /// The headline figures of the comparison in view (see [`Session::figures`]).
    pub fn figures(&self) -> Option<&crate::render::figures::HeadlineFigures> {
        self.session.figures(self.option)
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
            follows_best_practice: self.default_option() == Some(self.option),
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
    fn shows_results(&self, tab: crate::ui::results::ResultsTab) -> bool {
        self.results.tab == tab && self.layout != Layout::Editing
    }

    /// True when the results show the tornado (the Variability tab).
    fn shows_tornado(&self) -> bool {
        self.shows_results(crate::ui::results::ResultsTab::Variability)
    }

    /// True when the results show the capacity curves (the Capacity tab).
    fn shows_capacity(&self) -> bool {
        self.shows_results(crate::ui::results::ResultsTab::Capacity)
    }

    /// Starts the background work the frame's results need: the ranges of a
    /// business case that is not up to date (the option in view's first); the
    /// sensitivity of the pathway the tornado shows, when it does and the last one is
    /// not for the pathway as it is; and the capacity curves of the current process
    /// and the option in view, when the Capacity tab shows and one is not for its
    /// pathway as it is. Each job gets a `notify()`, which it calls from
    /// its worker when it has finished.
    pub fn request_jobs(&mut self, spawn: &dyn Spawn, notify: &dyn Fn() -> Box<dyn Fn() + Send>) {
        self.session.request_ranges(self.option, spawn, notify());
        if self.shows_tornado() {
            let tornado = self.entry(self.variability.tornado_of);
            self.session.request_sensitivity(tornado, spawn, notify());
        }
        if self.shows_capacity() {
            self.session
                .request_capacity_curves(self.option, spawn, notify());
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

    /// True when the Capacity tab shows and the curves of the current process and
    /// the option in view are of them as they are now (false while the background
    /// job catches up with an edit).
    pub fn capacity_curves_are_current(&self) -> bool {
        self.shows_capacity() && self.session.capacity_curves_are_current(self.option)
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
        let made_by_default = self.default_best_practice.as_ref().map(|f| &f.breakdown);
        let bars = made_by_default
            .into_iter()
            .chain(self.breakdowns.iter().rev())
            .find(|b| b.base == *base && b.option == *option)
            .map(|b| {
                crate::series::measures_waterfall(
                    b.cost_before,
                    &b.costs_after,
                    base.annual_referrals,
                )
            });
        self.by_measure = Some((versions, bars.clone()));
        bars
    }
}
