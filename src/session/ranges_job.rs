//! The ranges of the business cases (the uncertainty run, [`DEFAULT_DRAWS`] draws)
//! as a background job, so that a frame in which a lever moves never runs them
//! inline: one job at a time, for one option; its result is kept with the versions
//! of the comparison it was worked out for. A request for newer versions waits for
//! the running job, so a drag has at most one run behind it rather than one a
//! frame. The exact parts of a business case (classes, appraisal) stay in
//! [`super::Session::refresh`].

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use crate::business;
use crate::compare::{Comparison, Costed};
use crate::platform::spawn::{Slice, Spawn, Task};
use crate::uncertainty::{DEFAULT_DRAWS, Uncertainty};

use super::Version;

/// What ranges are for: the versions of the current process and of the option that
/// the comparison was made from.
pub(super) type Key = (Version, Version);

/// What a run needs: the pathways as costed and their comparison.
#[derive(Debug)]
pub(super) struct Inputs {
    pub(super) costed: Costed,
    pub(super) comparison: Comparison,
}

impl Inputs {
    /// The ranges of these inputs' business case, on this thread.
    fn ranges(&self) -> Uncertainty {
        business::ranges(&self.costed, &self.comparison, DEFAULT_DRAWS)
    }
}

/// A run on its way.
#[derive(Debug)]
struct Running {
    key: Key,
    /// Kept here too, to work the ranges out on this thread should the worker stop.
    inputs: Arc<Inputs>,
    receiver: Receiver<Uncertainty>,
}

/// The running job, if any.
#[derive(Debug, Default)]
pub(super) struct RangesJob {
    running: Option<Running>,
}

impl RangesJob {
    /// True while a run goes on.
    pub(super) fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts the run of `inputs` for `key` with `spawn`; `notify` is called from the
    /// worker when it has finished. When no worker can be started, the ranges are
    /// worked out here and given back at once.
    pub(super) fn start(
        &mut self,
        key: Key,
        inputs: Inputs,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) -> Option<(Key, Uncertainty)> {
        let inputs = Arc::new(inputs);
        let (sender, receiver) = mpsc::channel();
        let task = RangesTask {
            inputs: Some(Arc::clone(&inputs)),
            sender,
            notify,
        };
        match spawn.spawn_task("opmt-ranges", Box::new(task)) {
            Ok(()) => {
                self.running = Some(Running {
                    key,
                    inputs,
                    receiver,
                });
                None
            }
            // Slower, but the figures are the same: a platform out of threads still
            // shows its ranges.
            Err(_) => Some((key, inputs.ranges())),
        }
    }

    /// Picks up a finished run: `None` while it goes on or when none runs.
    pub(super) fn poll(&mut self) -> Option<(Key, Uncertainty)> {
        let running = self.running.as_ref()?;
        let ranges = match running.receiver.try_recv() {
            Err(TryRecvError::Empty) => return None,
            Ok(ranges) => ranges,
            // The worker stopped without an answer: the same figures, worked out here.
            Err(TryRecvError::Disconnected) => running.inputs.ranges(),
        };
        let key = running.key;
        self.running = None;
        Some((key, ranges))
    }
}

/// The whole run in one slice (a browser runs it within one frame).
struct RangesTask {
    inputs: Option<Arc<Inputs>>,
    sender: Sender<Uncertainty>,
    notify: Box<dyn Fn() + Send>,
}

impl Task for RangesTask {
    fn run_slice(&mut self) -> Slice {
        if let Some(inputs) = self.inputs.take() {
            // Nobody listens when the app has closed meanwhile.
            if self.sender.send(inputs.ranges()).is_ok() {
                (self.notify)();
            }
        }
        Slice::Done
    }
}
