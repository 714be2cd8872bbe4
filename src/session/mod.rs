//! The pathways being worked on and everything derived from them, in one place:
//! their documents and versions, validation, analysis, the comparison (built from
//! the reports already computed), the sensitivity analysis, and background jobs
//! (the simulation) with progress and cancel. No user interface here: the desktop
//! app, a test or a benchmark drive it alike.
//!
//! The pathways are a list: the first is the current process, the others are the
//! proposals compared with it. Every proposal is judged at the current process's
//! annual referrals ([`Session::at_current_volume`]: the volume rule, once).

mod jobs;

pub use jobs::{JobEnd, SimulationJob, SimulationRun, Spawn, Threads};

use crate::analysis::{Report, analyse_valid};
use crate::compare::{Comparison, compare_reports};
use crate::document::Document;
use crate::edit::{Edit, EditError};
use crate::model::Pathway;
use crate::sensitivity::{Swing, sensitivity};
use crate::validate::{Problem, has_errors, validate};

/// One version of a pathway: (generation, revision). The generation changes when the
/// document is replaced (New, Open), the revision with every edit, undo and redo.
pub type Version = (u64, u64);

/// Validation and analysis of one version of a pathway.
#[derive(Debug, Default)]
pub struct Derived {
    version: Option<Version>,
    /// Every problem, errors and warnings.
    pub problems: Vec<Problem>,
    /// The analysis at the pathway's own volume, when it has no errors.
    pub report: Option<Report>,
}

/// A pathway being worked on.
#[derive(Debug)]
struct Entry {
    doc: Document,
    generation: u64,
    derived: Derived,
}

/// The sensitivity analysis of one version of one pathway, at the current volume.
#[derive(Debug)]
struct SensitivityCache {
    key: (usize, Version, f64),
    swings: Result<Vec<Swing>, String>,
}

/// The pathways, their derived results and background jobs.
#[derive(Debug)]
pub struct Session {
    entries: Vec<Entry>,
    next_generation: u64,
    comparison: Option<Comparison>,
    comparison_key: Option<(Version, Version)>,
    comparison_stale: bool,
    sensitivity: Option<SensitivityCache>,
    simulation: SimulationJob,
}

impl Session {
    /// A session of the current process and one proposal.
    pub fn new(current: Document, proposed: Document) -> Self {
        let mut session = Self {
            entries: Vec::new(),
            next_generation: 0,
            comparison: None,
            comparison_key: None,
            comparison_stale: false,
            sensitivity: None,
            simulation: SimulationJob::default(),
        };
        for doc in [current, proposed] {
            let generation = session.generation();
            session.entries.push(Entry {
                doc,
                generation,
                derived: Derived::default(),
            });
        }
        session.refresh();
        session
    }

    fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    /// How many pathways: the current process and the proposals.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Always false: a session has the current process at least.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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

    /// Records that pathway `i` was saved to `path`.
    pub fn mark_saved(&mut self, i: usize, path: std::path::PathBuf) {
        self.entries[i].doc.mark_saved(path);
    }

    /// Replaces pathway `i` with another document (New, Open); figures of the
    /// pathway that is gone are dropped.
    pub fn replace(&mut self, i: usize, doc: Document) {
        let generation = self.generation();
        self.entries[i] = Entry {
            doc,
            generation,
            derived: Derived::default(),
        };
        self.comparison = None;
        self.comparison_stale = false;
        self.refresh();
    }

    /// Swaps two pathways (the current process and a proposal, say).
    pub fn swap(&mut self, a: usize, b: usize) {
        self.entries.swap(a, b);
        self.comparison = None;
        self.comparison_stale = false;
        self.refresh();
    }

    /// Pathway `i` as it is judged: at the current process's annual referrals.
    pub fn at_current_volume(&self, i: usize) -> Pathway {
        let mut pathway = self.entries[i].doc.pathway().clone();
        pathway.annual_referrals = self.entries[0].doc.pathway().annual_referrals;
        pathway
    }

    /// Validates and analyses what changed, then compares the current process with
    /// the first proposal from their reports (no second analysis). While either has
    /// errors, the last good comparison stays, marked stale.
    pub fn refresh(&mut self) {
        for i in 0..self.len() {
            let version = self.version(i);
            let entry = &mut self.entries[i];
            if entry.derived.version == Some(version) {
                continue;
            }
            let pathway = entry.doc.pathway();
            let problems = validate(pathway);
            let report = if has_errors(&problems) {
                None
            } else {
                analyse_valid(pathway).ok()
            };
            entry.derived = Derived {
                version: Some(version),
                problems,
                report,
            };
        }
        if self.len() < 2 {
            return;
        }
        let key = (self.version(0), self.version(1));
        if self.comparison_key == Some(key) {
            return;
        }
        self.comparison_key = Some(key);
        let reports = (
            &self.entries[0].derived.report,
            &self.entries[1].derived.report,
        );
        match reports {
            (Some(current), Some(proposed)) => {
                let proposed = proposed.at_annual_referrals(current.annual_referrals);
                self.comparison = Some(compare_reports(current.clone(), proposed));
                self.comparison_stale = false;
            }
            _ => self.comparison_stale = self.comparison.is_some(),
        }
    }

    /// The comparison of the current process with the first proposal: up to date
    /// when both are valid, otherwise the last good one (see
    /// [`Session::comparison_is_stale`]).
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// True when the comparison is from before the latest edits, because a pathway
    /// has errors now.
    pub fn comparison_is_stale(&self) -> bool {
        self.comparison_stale
    }

    /// The sensitivity analysis of pathway `i` at the current volume, computed again
    /// only when that pathway (or the current volume) changed.
    pub fn sensitivity(&mut self, i: usize) -> &Result<Vec<Swing>, String> {
        let volume = self.entries[0].doc.pathway().annual_referrals;
        let key = (i, self.version(i), volume);
        if self.sensitivity.as_ref().is_some_and(|c| c.key != key) {
            self.sensitivity = None;
        }
        if self.sensitivity.is_none() {
            let swings = sensitivity(&self.at_current_volume(i)).map_err(|e| e.to_string());
            self.sensitivity = Some(SensitivityCache { key, swings });
        }
        match &self.sensitivity {
            Some(cache) => &cache.swings,
            None => unreachable!("the cache was just filled"),
        }
    }

    /// The simulation job: running, its progress, the last run and how it ended.
    pub fn simulation(&self) -> &SimulationJob {
        &self.simulation
    }

    /// Starts simulating the current process and the first proposal (at the current
    /// volume) in the background with `spawn`; `notify` is called from the worker
    /// when it has finished. A run already going is cancelled first.
    pub fn start_simulation(
        &mut self,
        referrals: u64,
        seed: u64,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) {
        let pathways = [self.at_current_volume(0), self.at_current_volume(1)];
        let key = (self.version(0), self.version(1));
        self.simulation
            .start(pathways, key, referrals, seed, spawn, notify);
    }

    /// Asks the running simulation to stop at its next chunk.
    pub fn cancel_simulation(&self) {
        self.simulation.cancel();
    }

    /// Picks up a finished job. Returns true while one is still running.
    pub fn poll(&mut self) -> bool {
        self.simulation.poll()
    }

    /// True when the last simulation ran on the pathways as they are now.
    pub fn simulation_is_current(&self) -> bool {
        self.simulation
            .last_run()
            .is_some_and(|run| self.len() > 1 && run.key == (self.version(0), self.version(1)))
    }
}

#[cfg(test)]
mod tests;
