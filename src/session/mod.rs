//! The pathways being worked on and everything derived from them, in one place:
//! their documents and versions, validation, analysis, the comparison (built from
//! the reports already computed) with its business case, and background jobs (the
//! simulation with progress and cancel; the sensitivity analysis; the business
//! cases' ranges; the capacity curves). No user interface here: the desktop app, a test or a benchmark
//! drive it alike.
//!
//! The pathways are a list: the first is the current process, the others are the
//! proposals compared with it. Every proposal is judged at the current process's
//! annual referrals ([`Session::at_current_volume`]: the volume rule, once).

mod background;
mod curves_job;
mod jobs;
mod ranges_job;
mod sensitivity_job;

pub use curves_job::CURVE_RUNS;
pub use jobs::{JobEnd, SimulationJob, SimulationRun, Spawn, Threads};

use crate::analysis::{Report, analyse_valid};
use crate::business::BusinessCase;
use crate::capacity::{self, Made};
use crate::compare::{Comparison, Costed, compare_reports};
use crate::document::Document;
use crate::edit::{Edit, EditError};
use crate::like_for_like::{Caution, check};
use crate::model::Pathway;
use crate::render::figures::HeadlineFigures;
use crate::sensitivity::Swing;
use crate::series::{ChartSeries, OptionsRow, options_table};
use crate::uncertainty::Uncertainty;
use crate::validate::{Problem, ProblemKind, Severity, Subject, has_errors, validate};
use curves_job::CurvesJob;
use ranges_job::RangesJob;
use sensitivity_job::SensitivityJob;

/// One version of a pathway: (generation, revision). The generation changes when the
/// document is replaced (New, Open), the revision with every edit, undo and redo.
pub type Version = (u64, u64);

/// Validation and analysis of one version of a pathway.
#[derive(Debug, Default)]
pub struct Derived {
    version: Option<Version>,
    /// The current process's version its capacity was worked out with (a proposal
    /// made by capacity is made at the current volume, and perhaps with the current
    /// process's section).
    capacity_of: Option<Version>,
    /// Every problem, errors and warnings; one that stops capacity working out the
    /// pathway is an error here too.
    pub problems: Vec<Problem>,
    /// The analysis, when it has no errors: of the pathway as capacity makes it when
    /// it has a capacity section (a proposal without one takes the current
    /// process's), at the current volume for a proposal; else of the pathway as
    /// written, at its own volume.
    pub report: Option<Report>,
    /// The pathway as capacity makes it, with the figures that made it (see
    /// [`crate::capacity::make`]), when a section applies and it has no errors.
    pub made: Option<Made>,
}

/// The comparison of one proposal with the current process, built from their
/// reports.
#[derive(Debug, Default)]
struct Compared {
    key: Option<(Version, Version)>,
    comparison: Option<Comparison>,
    /// Why `comparison` is not like for like, found with it (see
    /// [`crate::like_for_like::check`]).
    cautions: Vec<Caution>,
    /// True when `comparison` is the last good one, kept while a pathway has errors.
    stale: bool,
    /// The versions (current, proposal) `comparison` was made from.
    made_from: Option<ranges_job::Key>,
    /// The pathways as `comparison` costed them, for the ranges' run.
    costed: Option<Costed>,
    /// The exact part of the proposal's business case (classes, appraisal), made
    /// with `comparison`.
    case: Option<BusinessCase>,
    /// The last ranges of the business case worked out in the background, with the
    /// versions they are for (perhaps older than `made_from`).
    ranges: Option<(ranges_job::Key, Uncertainty)>,
    /// The headline figures of `comparison`, worded once for every screen.
    figures: Option<HeadlineFigures>,
    /// The results charts' series of `comparison`.
    series: Option<ChartSeries>,
}

/// The ranges of an option's business case, as last worked out for its pathways.
#[derive(Clone, Copy, Debug)]
pub struct Ranges<'a> {
    /// The spread of the saving and of the NPV, with the tornado of the saving.
    pub uncertainty: &'a Uncertainty,
    /// True when they are of the comparison as it is; false while the background
    /// run catches up with an edit (they are then of the same pathways before it).
    pub is_current: bool,
}

/// A pathway being worked on.
#[derive(Debug)]
struct Entry {
    doc: Document,
    generation: u64,
    derived: Derived,
    /// For a proposal: its comparison with the current process.
    compared: Compared,
}

/// The slot-issue cost curve of a pathway, as last worked out for it.
#[derive(Clone, Copy, Debug)]
pub struct Curve<'a> {
    /// What slot issues cost a year at each number of slots a week.
    pub points: &'a [capacity::CurvePoint],
    /// True when it is of the pathway as it is; false while the background job
    /// catches up with an edit (it is then of the same pathway before it).
    pub is_current: bool,
}

/// Why a pathway cannot be added, removed or moved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    /// There is no pathway at that place in the list.
    #[error("there is no option number {0}")]
    NoSuchEntry(usize),
    /// The current process stays first; it is not removed or moved as an option.
    #[error("the current process is not an option: it stays first")]
    Current,
    /// A session keeps at least one proposal to compare with.
    #[error("the last option cannot be removed: there would be nothing to compare with")]
    LastOption,
}

/// The pathways, their derived results and background jobs.
#[derive(Debug)]
pub struct Session {
    entries: Vec<Entry>,
    next_generation: u64,
    sensitivity: SensitivityJob,
    ranges: RangesJob,
    curves: CurvesJob,
    simulation: SimulationJob,
    /// The rows of the Options tab, with the comparisons (by key) they were made
    /// from: made again only when one of them changes.
    options_rows: (Vec<Option<(Version, Version)>>, Vec<OptionsRow>),
}

impl Session {
    /// A session of the current process and one proposal.
    pub fn new(current: Document, proposed: Document) -> Self {
        let mut session = Self {
            entries: Vec::new(),
            next_generation: 0,
            sensitivity: SensitivityJob::default(),
            ranges: ranges_job::job(),
            curves: CurvesJob::default(),
            simulation: SimulationJob::default(),
            options_rows: (Vec::new(), Vec::new()),
        };
        for doc in [current, proposed] {
            session.push(doc);
        }
        session.refresh();
        session
    }

    fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    fn push(&mut self, doc: Document) -> usize {
        let generation = self.generation();
        self.entries.push(Entry {
            doc,
            generation,
            derived: Derived::default(),
            compared: Compared::default(),
        });
        self.entries.len() - 1
    }

    /// How many pathways: the current process and the proposals.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Always false: a session has the current process at least.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The proposals' places in the list: 1 to `len() - 1`.
    pub fn options(&self) -> std::ops::Range<usize> {
        1..self.len()
    }

    /// The document of pathway `i` (0 is the current process).
    pub fn doc(&self, i: usize) -> &Document {
        &self.entries[i].doc
    }

    /// The version of pathway `i`, for keying anything computed from it.
    pub fn version(&self, i: usize) -> Version {
        let e = &self.entries[i];
        (e.generation, e.doc.revision())
    }

    /// The versions of every pathway, current first.
    pub fn versions(&self) -> Vec<Version> {
        (0..self.len()).map(|i| self.version(i)).collect()
    }

    /// Validation and analysis of pathway `i` (as of the last [`Session::refresh`]).
    pub fn derived(&self, i: usize) -> &Derived {
        &self.entries[i].derived
    }

    /// Applies an edit to pathway `i` (one undo step, or part of the open gesture).
    pub fn apply(&mut self, i: usize, edit: Edit) -> Result<(), EditError> {
        self.entries[i].doc.apply(edit)
    }

    /// Ends the open gesture of pathway `i`.
    pub fn seal(&mut self, i: usize) {
        self.entries[i].doc.seal();
    }

    /// Undoes the last edit of pathway `i`.
    pub fn undo(&mut self, i: usize) -> bool {
        self.entries[i].doc.undo()
    }

    /// Redoes the last undone edit of pathway `i`.
    pub fn redo(&mut self, i: usize) -> bool {
        self.entries[i].doc.redo()
    }

    /// Records that pathway `i` was saved to `path`, with what the file looks like now.
    pub fn mark_saved(
        &mut self,
        i: usize,
        path: std::path::PathBuf,
        disk: Option<crate::recovery::Fingerprint>,
    ) {
        let doc = &mut self.entries[i].doc;
        doc.mark_saved(path);
        doc.set_disk(disk);
    }

    /// Records that pathway `i` as it is now was written out with no path to keep
    /// (a browser's download).
    pub fn mark_written(&mut self, i: usize) {
        self.entries[i].doc.mark_written();
    }

    /// Replaces pathway `i` with another document (New, Open); figures of the
    /// pathway that is gone are dropped.
    pub fn replace(&mut self, i: usize, doc: Document) {
        let generation = self.generation();
        self.entries[i] = Entry {
            doc,
            generation,
            derived: Derived::default(),
            compared: Compared::default(),
        };
        if i == 0 {
            // Every proposal was compared with the process that is gone.
            for entry in &mut self.entries {
                entry.compared = Compared::default();
            }
        }
        self.refresh();
    }

    /// Adds a proposal at the end of the list; returns its place.
    pub fn add(&mut self, doc: Document) -> usize {
        let i = self.push(doc);
        self.refresh();
        i
    }

    /// Removes proposal `i`, giving back its document. The current process and the
    /// last proposal stay.
    pub fn remove(&mut self, i: usize) -> Result<Document, ListError> {
        self.check_option(i)?;
        if self.len() <= 2 {
            return Err(ListError::LastOption);
        }
        Ok(self.entries.remove(i).doc)
    }

    /// Moves proposal `from` to place `to` among the proposals.
    pub fn move_option(&mut self, from: usize, to: usize) -> Result<(), ListError> {
        self.check_option(from)?;
        self.check_option(to)?;
        let entry = self.entries.remove(from);
        self.entries.insert(to, entry);
        Ok(())
    }

    fn check_option(&self, i: usize) -> Result<(), ListError> {
        match i {
            0 => Err(ListError::Current),
            i if i >= self.len() => Err(ListError::NoSuchEntry(i)),
            _ => Ok(()),
        }
    }

    /// Swaps two pathways (the current process and a proposal, say).
    pub fn swap(&mut self, a: usize, b: usize) {
        self.entries.swap(a, b);
        for entry in &mut self.entries {
            entry.compared = Compared::default();
        }
        self.refresh();
    }

    /// Pathway `i` as it is judged: at the current process's annual referrals.
    pub fn at_current_volume(&self, i: usize) -> Pathway {
        let mut pathway = self.entries[i].doc.pathway().clone();
        pathway.annual_referrals = self.entries[0].doc.pathway().annual_referrals;
        pathway
    }

    /// Pathway `i` as it is analysed, simulated and tested for sensitivity: as its
    /// capacity makes it (see [`Derived::made`]), else as written at the current
    /// process's annual referrals.
    pub fn analysed(&self, i: usize) -> Pathway {
        match &self.entries[i].derived.made {
            Some(made) => made.pathway.clone(),
            None => self.at_current_volume(i),
        }
    }

    /// Validates and analyses what changed, then compares the current process with
    /// every proposal from their reports (no second analysis). While either side has
    /// errors, the last good comparison stays, marked stale.
    pub fn refresh(&mut self) {
        let current_version = self.version(0);
        for i in 0..self.len() {
            let version = self.version(i);
            let (current, entry) = if i == 0 {
                (None, &self.entries[0])
            } else {
                (Some(self.entries[0].doc.pathway()), &self.entries[i])
            };
            let pathway = entry.doc.pathway();
            let by_capacity =
                pathway.capacity.is_some() || current.is_some_and(|c| c.capacity.is_some());
            let capacity_of = (i > 0 && by_capacity).then_some(current_version);
            if entry.derived.version == Some(version) && entry.derived.capacity_of == capacity_of {
                continue;
            }
            let derived = derive(pathway, current, by_capacity);
            self.entries[i].derived = Derived {
                version: Some(version),
                capacity_of,
                ..derived
            };
        }
        let (current, proposals) = self.entries.split_at_mut(1);
        let current = &current[0];
        for entry in proposals {
            let key = (current_version, (entry.generation, entry.doc.revision()));
            let compared = &mut entry.compared;
            if compared.key == Some(key) {
                continue;
            }
            compared.key = Some(key);
            match (&current.derived.report, &entry.derived.report) {
                (Some(current_report), Some(proposed)) => {
                    // Costed as a comparison costs them (the rate card, clinical time
                    // out of scope): a side is analysed again only when that changes it.
                    let own = entry
                        .derived
                        .made
                        .as_ref()
                        .map_or(entry.doc.pathway(), |m| &m.pathway);
                    let current_file = current.analysed();
                    let costed = Costed::new(current_file, own);
                    let current_again = (costed.current != *current_file)
                        .then(|| analyse_valid(&costed.current).ok())
                        .flatten();
                    let proposed_again = (costed.proposed != *own)
                        .then(|| analyse_valid(&costed.proposed).ok())
                        .flatten();
                    let current_report = current_again.unwrap_or_else(|| current_report.clone());
                    let proposed = proposed_again
                        .as_ref()
                        .unwrap_or(proposed)
                        .at_annual_referrals(current_report.annual_referrals);
                    let comparison = costed.finish(compare_reports(current_report, proposed));
                    compared.cautions = check(current_file, own, &comparison);
                    let case = BusinessCase::new(&costed, &comparison);
                    let made = [current.derived.made.as_ref(), entry.derived.made.as_ref()];
                    let slot_issues = crate::capacity::slot_issue_pair(&comparison, made);
                    compared.figures = Some(HeadlineFigures::new(
                        &comparison,
                        &case.classes,
                        slot_issues.as_ref(),
                    ));
                    compared.series = Some(ChartSeries::of(&comparison));
                    compared.case = Some(case);
                    compared.comparison = Some(comparison);
                    compared.costed = Some(costed);
                    compared.made_from = Some(key);
                    compared.stale = false;
                }
                _ => compared.stale = compared.comparison.is_some(),
            }
        }
        self.refresh_options_rows();
    }

    /// The Options tab's rows, of every option with a comparison in order, made again
    /// only when a comparison (or the list of options) has changed.
    fn refresh_options_rows(&mut self) {
        let keys: Vec<Option<(Version, Version)>> = self.entries[1..]
            .iter()
            .map(|e| e.compared.comparison.as_ref().and(e.compared.key))
            .collect();
        if keys == self.options_rows.0 {
            return;
        }
        let comparisons: Vec<&Comparison> = self.entries[1..]
            .iter()
            .filter_map(|e| e.compared.comparison.as_ref())
            .collect();
        self.options_rows = (keys, options_table(&comparisons));
    }

    /// The rows of the Options tab: every option with a comparison, in order (see
    /// [`crate::series::options_table`]), as of the last [`Session::refresh`].
    pub fn options_rows(&self) -> &[OptionsRow] {
        &self.options_rows.1
    }

    /// The comparison of the current process with proposal `option`: up to date when
    /// both are valid, otherwise the last good one (see
    /// [`Session::comparison_is_stale`]).
    pub fn comparison(&self, option: usize) -> Option<&Comparison> {
        self.entries.get(option)?.compared.comparison.as_ref()
    }

    /// The headline figures of the comparison with proposal `option`, worded once
    /// when the comparison was made; as up to date as [`Session::comparison`].
    pub fn figures(&self, option: usize) -> Option<&HeadlineFigures> {
        self.entries.get(option)?.compared.figures.as_ref()
    }

    /// The results charts' series of the comparison with proposal `option`, worked out
    /// once when the comparison was made; as up to date as [`Session::comparison`].
    pub fn series(&self, option: usize) -> Option<&ChartSeries> {
        self.entries.get(option)?.compared.series.as_ref()
    }

    /// The business case of proposal `option`: its saving by kind of money and its
    /// appraisal; as up to date as [`Session::comparison`]. Its ranges are worked
    /// out in the background: see [`Session::ranges`].
    pub fn business_case(&self, option: usize) -> Option<&BusinessCase> {
        self.entries.get(option)?.compared.case.as_ref()
    }

    /// The ranges of the business case of proposal `option` as last worked out in
    /// the background for these pathways (perhaps before their latest edits, while a
    /// newer run is on its way: see [`Ranges::is_current`]); none before the first
    /// run ends. The only place the app reads ranges from.
    pub fn ranges(&self, option: usize) -> Option<Ranges<'_>> {
        let compared = &self.entries.get(option)?.compared;
        let (key, uncertainty) = compared.ranges.as_ref()?;
        Some(Ranges {
            uncertainty,
            is_current: compared.made_from == Some(*key),
        })
    }

    /// True when every proposal with a comparison has its ranges for it.
    pub fn ranges_are_current(&self) -> bool {
        self.options().all(|k| self.ranges_due(k).is_none())
    }

    /// The versions proposal `k`'s ranges should be worked out for, when they are not
    /// yet: those its comparison was made from.
    fn ranges_due(&self, k: usize) -> Option<ranges_job::Key> {
        let compared = &self.entries[k].compared;
        let made_from = compared.made_from?;
        let done = compared
            .ranges
            .as_ref()
            .is_some_and(|(key, _)| *key == made_from);
        (!done).then_some(made_from)
    }

    /// Starts working out in the background, with `spawn`, the ranges of one
    /// business case that is not up to date: proposal `first`'s (the option in
    /// view) before the others. Nothing starts while a run goes on (asked again when
    /// it is in, so a lever dragged has at most one run behind it). `notify` is
    /// called from the worker when it has finished; [`Session::poll`] picks the
    /// result up.
    pub fn request_ranges(
        &mut self,
        first: usize,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) {
        if self.ranges.is_running() {
            return;
        }
        let order = std::iter::once(first)
            .filter(|k| self.options().contains(k))
            .chain(self.options().filter(|&k| k != first));
        let Some((k, key)) = order
            .filter_map(|k| self.ranges_due(k).map(|key| (k, key)))
            .next()
        else {
            return;
        };
        let compared = &self.entries[k].compared;
        let (Some(costed), Some(comparison)) = (&compared.costed, &compared.comparison) else {
            return;
        };
        let inputs = ranges_job::Inputs {
            costed: costed.clone(),
            comparison: comparison.clone(),
        };
        if let Some(done) = self.ranges.start(key, inputs, spawn, notify) {
            self.keep_ranges(done);
        }
    }

    /// True while the ranges of a business case are worked out in the background.
    pub fn ranges_are_running(&self) -> bool {
        self.ranges.is_running()
    }

    /// Keeps ranges worked out for `key` with the proposal they are of, when it and
    /// the current process are still the pathways they were worked out for (not
    /// replaced, removed or swapped meanwhile).
    fn keep_ranges(&mut self, (key, uncertainty): (ranges_job::Key, Uncertainty)) {
        let ((current, _), (option, _)) = key;
        if self.entries[0].generation != current {
            return;
        }
        let found = self.entries[1..].iter_mut().find(|e| {
            e.generation == option && e.compared.made_from.is_some_and(|m| m.0.0 == current)
        });
        if let Some(entry) = found {
            entry.compared.ranges = Some((key, uncertainty));
        }
    }

    /// Why the comparison with proposal `option` is not like for like, largest money at
    /// stake first; found with the comparison, so as up to date as it is.
    pub fn cautions(&self, option: usize) -> &[Caution] {
        self.entries
            .get(option)
            .map_or(&[], |e| e.compared.cautions.as_slice())
    }

    /// True when the comparison with proposal `option` is from before the latest
    /// edits, because a pathway has errors now.
    pub fn comparison_is_stale(&self, option: usize) -> bool {
        self.entries.get(option).is_some_and(|e| e.compared.stale)
    }

    /// Starts the sensitivity analysis of pathway `i` at the current volume in the
    /// background with `spawn`, unless the last one is for the pathway as it is or
    /// one is running (asked again when it is in, so a lever dragged on the
    /// Variability tab has at most one analysis behind it). `notify` is called from
    /// the worker when it has finished; [`Session::poll`] picks the result up.
    pub fn request_sensitivity(
        &mut self,
        i: usize,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) {
        let key = self.sensitivity_key(i);
        if self.sensitivity.wants(key) {
            let pathway = self.analysed(i);
            self.sensitivity.start(key, pathway, spawn, notify);
        }
    }

    /// The last sensitivity worked out for pathway `i` (the same document, perhaps
    /// before its latest edits, while a newer one is worked out), and whether it is
    /// for the pathway as it is now.
    pub fn last_sensitivity(&self, i: usize) -> Option<(&Result<Vec<Swing>, String>, bool)> {
        let key = self.sensitivity_key(i);
        self.sensitivity
            .last
            .as_ref()
            .filter(|c| c.key.0.0 == key.0.0)
            .map(|c| (&c.swings, c.key == key))
    }

    fn sensitivity_key(&self, i: usize) -> sensitivity_job::Key {
        (
            self.version(i),
            self.entries[0].doc.pathway().annual_referrals,
        )
    }

    fn curve_key(&self, i: usize) -> curves_job::Key {
        (self.version(i), self.entries[i].derived.capacity_of)
    }

    /// True when pathway `i` is made by capacity and has no curve for it as it is.
    fn curve_is_due(&self, i: usize) -> bool {
        self.entries[i].derived.made.is_some() && !self.curves.has(self.curve_key(i))
    }

    /// Starts working out in the background, with `spawn`, the slot-issue cost
    /// curve (see [`crate::capacity::cost_curve`], [`CURVE_RUNS`] runs a point) of
    /// the current process or of proposal `option`, the first of them made by
    /// capacity whose curve is not for it as it is. Nothing starts while a curve is
    /// worked out (asked again when it is in, so a lever dragged has at most one
    /// curve behind it). `notify` is called from the worker when it has finished;
    /// [`Session::poll`] picks the curve up.
    pub fn request_capacity_curves(
        &mut self,
        option: usize,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) {
        if self.curves.is_running() {
            return;
        }
        let Some(i) = [0, option]
            .into_iter()
            .filter(|&k| k < self.len())
            .find(|&k| self.curve_is_due(k))
        else {
            return;
        };
        let key = self.curve_key(i);
        if let Some(made) = self.entries[i].derived.made.clone() {
            self.curves.start(key, made, spawn, notify);
        }
    }

    /// The slot-issue cost curve of pathway `i` as last worked out in the
    /// background for it (perhaps before its latest edits, while a newer one is on
    /// its way: see [`Curve::is_current`]); none before the first curve of it ends,
    /// or when it is not made by capacity.
    pub fn capacity_curve(&self, i: usize) -> Option<Curve<'_>> {
        self.entries.get(i)?.derived.made.as_ref()?;
        let (points, is_current) = self.curves.last(self.curve_key(i))?;
        Some(Curve { points, is_current })
    }

    /// True when the current process and proposal `option` each have their curve
    /// for them as they are, where made by capacity.
    pub fn capacity_curves_are_current(&self, option: usize) -> bool {
        [0, option]
            .into_iter()
            .filter(|&k| k < self.len())
            .all(|k| !self.curve_is_due(k))
    }

    /// True while a capacity curve is worked out in the background.
    pub fn capacity_curves_are_running(&self) -> bool {
        self.curves.is_running()
    }

    /// The simulation job: running, its progress, the last run and how it ended.
    pub fn simulation(&self) -> &SimulationJob {
        &self.simulation
    }

    /// Starts simulating the current process and proposal `option` (at the current
    /// volume) in the background with `spawn`; `notify` is called from the worker
    /// when it has finished. A run already going is cancelled first.
    pub fn start_simulation(
        &mut self,
        option: usize,
        referrals: u64,
        seed: u64,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) {
        let pathways = [self.analysed(0), self.analysed(option)];
        let key = (self.version(0), self.version(option));
        self.simulation
            .start(pathways, key, referrals, seed, spawn, notify);
    }

    /// Asks the running simulation to stop at its next chunk.
    pub fn cancel_simulation(&self) {
        self.simulation.cancel();
    }

    /// Picks up finished jobs (the simulation, the sensitivity analysis, the ranges
    /// of a business case, a capacity curve). Returns true while one is still
    /// running, when ranges just came in and another business case waits for its
    /// own, or when a curve just came in (so that the next frame, asking for them,
    /// comes).
    pub fn poll(&mut self) -> bool {
        let simulating = self.simulation.poll();
        let analysing = self.sensitivity.poll();
        let ranging = match self.ranges.poll() {
            Some(done) => {
                self.keep_ranges(done);
                !self.ranges_are_current()
            }
            None => self.ranges.is_running(),
        };
        let curving = self.curves.poll();
        simulating || analysing || ranging || curving
    }

    /// True while the sensitivity analysis runs in the background.
    pub fn sensitivity_is_running(&self) -> bool {
        self.sensitivity.is_running()
    }

    /// True when the last simulation ran on the current process and proposal
    /// `option` as they are now.
    pub fn simulation_is_current(&self, option: usize) -> bool {
        option < self.len()
            && self
                .simulation
                .last_run()
                .is_some_and(|run| run.key == (self.version(0), self.version(option)))
    }
}

impl Entry {
    /// The pathway as capacity makes it, or as written.
    fn analysed(&self) -> &Pathway {
        self.derived
            .made
            .as_ref()
            .map_or(self.doc.pathway(), |m| &m.pathway)
    }
}

/// Validates and analyses `pathway`, as capacity makes it when `by_capacity` (its own
/// section, or for a proposal, with `current` given, the current process's); a
/// section that cannot be worked out is an error among the problems.
fn derive(pathway: &Pathway, current: Option<&Pathway>, by_capacity: bool) -> Derived {
    let mut problems = validate(pathway);
    if has_errors(&problems) {
        return Derived {
            problems,
            ..Derived::default()
        };
    }
    if !by_capacity {
        return Derived {
            report: analyse_valid(pathway).ok(),
            problems,
            ..Derived::default()
        };
    }
    let options = capacity::Options::default();
    let made = match current {
        None => capacity::make(pathway, &options).map(Some),
        Some(current) => capacity::make_proposal(current, pathway, &options),
    };
    match made {
        Ok(made) => Derived {
            report: made.as_ref().map(|m| m.report.clone()),
            made,
            problems,
            ..Derived::default()
        },
        Err(e) => {
            problems.push(Problem {
                severity: Severity::Error,
                kind: ProblemKind::Capacity,
                subject: Subject::Pathway,
                message: format!("Capacity: {e}"),
            });
            Derived {
                problems,
                ..Derived::default()
            }
        }
    }
}

#[cfg(test)]
mod tests;
