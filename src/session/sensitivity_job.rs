//! The sensitivity analysis as a background job, so that a frame in which a lever
//! moves never runs it inline: one job at a time, its result kept with the version
//! it was worked out for; a request for a newer version waits for the running job,
//! so a drag has at most one analysis behind it rather than one a frame.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use crate::model::Pathway;
use crate::platform::spawn::{Slice, Spawn, Task};
use crate::sensitivity::{Swing, sensitivity};

use super::Version;

/// What a sensitivity result is for: the pathway's version and the current volume.
pub(super) type Key = (Version, f64);

/// The swings, or why there are none.
pub(super) type Swings = Result<Vec<Swing>, String>;

/// A sensitivity result with the version it is for.
#[derive(Debug)]
pub(super) struct Cached {
    pub(super) key: Key,
    pub(super) swings: Swings,
}

/// The running analysis, and the last result.
#[derive(Debug, Default)]
pub(super) struct SensitivityJob {
    running: Option<(Key, Receiver<Swings>)>,
    pub(super) last: Option<Cached>,
}

impl SensitivityJob {
    /// True while an analysis runs.
    pub(super) fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// True when an analysis for `key` should start now: the last result is for
    /// another version and no job runs (a running one is asked again once it is in).
    pub(super) fn wants(&self, key: Key) -> bool {
        self.running.is_none() && self.last.as_ref().is_none_or(|c| c.key != key)
    }

    /// Starts the analysis of `pathway` for `key`.
    pub(super) fn start(
        &mut self,
        key: Key,
        pathway: Pathway,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) {
        let (sender, receiver) = mpsc::channel();
        let task = SensitivityTask {
            pathway: Some(pathway),
            sender,
            notify,
        };
        match spawn.spawn_task("opmt-sensitivity", Box::new(task)) {
            Ok(()) => self.running = Some((key, receiver)),
            Err(e) => {
                self.last = Some(Cached {
                    key,
                    swings: Err(format!("could not start the sensitivity analysis: {e}")),
                });
            }
        }
    }

    /// Picks up a finished analysis; true while one still runs.
    pub(super) fn poll(&mut self) -> bool {
        let Some((key, receiver)) = &self.running else {
            return false;
        };
        let swings = match receiver.try_recv() {
            Err(TryRecvError::Empty) => return true,
            Ok(swings) => swings,
            Err(TryRecvError::Disconnected) => {
                Err("the sensitivity analysis stopped unexpectedly".into())
            }
        };
        self.last = Some(Cached { key: *key, swings });
        self.running = None;
        false
    }
}

/// The whole analysis in one slice (a browser runs it within one frame).
struct SensitivityTask {
    pathway: Option<Pathway>,
    sender: Sender<Swings>,
    notify: Box<dyn Fn() + Send>,
}

impl Task for SensitivityTask {
    fn run_slice(&mut self) -> Slice {
        if let Some(pathway) = self.pathway.take() {
            let swings = sensitivity(&pathway).map_err(|e| e.to_string());
            // Nobody listens when the app has closed meanwhile.
            if self.sender.send(swings).is_ok() {
                (self.notify)();
            }
        }
        Slice::Done
    }
}
