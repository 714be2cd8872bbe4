//! One piece of derived work off the frame, the shape the business cases' ranges
//! and the capacity curves share: a pure function of its inputs, run one at a time
//! in one slice (a browser runs it within one frame), its result given back with
//! the key it was worked out for. When no worker can be started, or one stops
//! without an answer, the work is done on this thread instead: slower, but the
//! figures are the same.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

use crate::platform::spawn::{Slice, Spawn, Task};

/// A run on its way.
#[derive(Debug)]
struct Running<K, I, T> {
    key: K,
    /// Kept here too, to do the work on this thread should the worker stop.
    inputs: Arc<I>,
    receiver: Receiver<T>,
}

/// The work, and the run going on, if any.
#[derive(Debug)]
pub(super) struct Background<K, I, T> {
    /// The worker's name, for the spawner.
    name: &'static str,
    work: fn(&I) -> T,
    running: Option<Running<K, I, T>>,
}

impl<K: Copy, I: Send + Sync + 'static, T: Send + 'static> Background<K, I, T> {
    /// Nothing running yet; `name` is the worker's, `work` what it does.
    pub(super) fn new(name: &'static str, work: fn(&I) -> T) -> Self {
        Self {
            name,
            work,
            running: None,
        }
    }

    /// True while a run goes on.
    pub(super) fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts the work on `inputs` for `key` with `spawn`; `notify` is called from
    /// the worker when it has finished. When no worker can be started, the work is
    /// done here and given back at once.
    pub(super) fn start(
        &mut self,
        key: K,
        inputs: I,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) -> Option<(K, T)> {
        let inputs = Arc::new(inputs);
        let (sender, receiver) = mpsc::channel();
        let task = OneSlice {
            inputs: Some(Arc::clone(&inputs)),
            work: self.work,
            sender,
            notify,
        };
        match spawn.spawn_task(self.name, Box::new(task)) {
            Ok(()) => {
                self.running = Some(Running {
                    key,
                    inputs,
                    receiver,
                });
                None
            }
            // A platform out of threads still shows its figures.
            Err(_) => Some((key, (self.work)(&inputs))),
        }
    }

    /// Picks up a finished run: `None` while it goes on or when none runs.
    pub(super) fn poll(&mut self) -> Option<(K, T)> {
        let running = self.running.as_ref()?;
        let result = match running.receiver.try_recv() {
            Err(TryRecvError::Empty) => return None,
            Ok(result) => result,
            // The worker stopped without an answer: the same figures, worked out here.
            Err(TryRecvError::Disconnected) => (self.work)(&running.inputs),
        };
        let key = running.key;
        self.running = None;
        Some((key, result))
    }
}

/// The whole work in one slice.
struct OneSlice<I, T> {
    inputs: Option<Arc<I>>,
    work: fn(&I) -> T,
    sender: Sender<T>,
    notify: Box<dyn Fn() + Send>,
}

impl<I: Send + Sync, T: Send> Task for OneSlice<I, T> {
    fn run_slice(&mut self) -> Slice {
        if let Some(inputs) = self.inputs.take() {
            // Nobody listens when the app has closed meanwhile.
            if self.sender.send((self.work)(&inputs)).is_ok() {
                (self.notify)();
            }
        }
        Slice::Done
    }
}
