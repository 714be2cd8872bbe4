//! The capacity tab's slot-issue cost curves (what slot issues cost a year against
//! the slots a week, [`CURVE_RUNS`] runs a point) as a background job, so that no
//! frame works one out inline: one curve at a time (the job is [`Background`]'s,
//! shared with the business cases' ranges), each kept with the versions it was
//! worked out for. A request for newer versions waits for the running job, so a
//! drag has at most one curve behind it rather than one a frame.

use crate::capacity::{self, CurvePoint, Made};
use crate::platform::spawn::Spawn;

use super::Version;
use super::background::Background;

/// Monte Carlo runs at each point of a slot-issue cost curve: fewer than the
/// figures' own, as the curve makes the pathway again at every point.
pub const CURVE_RUNS: u32 = 1_000;

/// Curves kept at most: one for each pathway shown at a time (the current process
/// and an option), and a few more for options looked at before.
const KEPT: usize = 4;

/// What a curve is for: the pathway's version, and for a proposal made by capacity
/// the current process's version it was made with.
pub(super) type Key = (Version, Option<Version>);

/// The slot-issue cost curve of `made`, on this thread.
pub(super) fn curve(made: &Made) -> Vec<CurvePoint> {
    let options = capacity::Options {
        runs: CURVE_RUNS,
        ..capacity::Options::default()
    };
    let slots = capacity::curve_slots(made, capacity::CURVE_POINTS);
    capacity::cost_curve(made, &slots, &options)
}

/// True when `a` and `b` are of the same documents (perhaps other revisions of
/// them): a curve kept for `a` may stand for `b`, marked as not current.
fn same_pathways(a: Key, b: Key) -> bool {
    a.0.0 == b.0.0 && a.1.map(|v| v.0) == b.1.map(|v| v.0)
}

/// The running job and the curves last worked out, newest last.
#[derive(Debug)]
pub(super) struct CurvesJob {
    job: Background<Key, Made, Vec<CurvePoint>>,
    kept: Vec<(Key, Vec<CurvePoint>)>,
}

impl Default for CurvesJob {
    fn default() -> Self {
        Self {
            job: Background::new("opmt-curves", curve),
            kept: Vec::new(),
        }
    }
}

impl CurvesJob {
    /// True while a curve is worked out.
    pub(super) fn is_running(&self) -> bool {
        self.job.is_running()
    }

    /// True when a curve for `key` is kept.
    pub(super) fn has(&self, key: Key) -> bool {
        self.kept.iter().any(|(k, _)| *k == key)
    }

    /// The curve last worked out for the pathways `key` is of, and whether it is
    /// for `key` itself (false while a newer one is on its way).
    pub(super) fn last(&self, key: Key) -> Option<(&[CurvePoint], bool)> {
        self.kept
            .iter()
            .rev()
            .find(|(k, _)| same_pathways(*k, key))
            .map(|(k, points)| (points.as_slice(), *k == key))
    }

    /// Starts working out the curve of `made` for `key` with `spawn`; `notify` is
    /// called from the worker when it has finished.
    pub(super) fn start(
        &mut self,
        key: Key,
        made: Made,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) {
        if let Some(done) = self.job.start(key, made, spawn, notify) {
            self.keep(done);
        }
    }

    /// Picks up a finished curve; true when one came in (so that the next frame,
    /// asking for the other pathway's, comes) or one is still running.
    pub(super) fn poll(&mut self) -> bool {
        match self.job.poll() {
            Some(done) => {
                self.keep(done);
                true
            }
            None => self.job.is_running(),
        }
    }

    /// Keeps a curve in place of any older one of the same pathways.
    fn keep(&mut self, (key, points): (Key, Vec<CurvePoint>)) {
        self.kept.retain(|(k, _)| !same_pathways(*k, key));
        if self.kept.len() >= KEPT {
            self.kept.remove(0);
        }
        self.kept.push((key, points));
    }
}
