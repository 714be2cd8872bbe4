//! Background jobs: the simulation of both pathways, run by a [`Spawn`]er (threads
//! on the desktop, something else on the web or in a test), with progress, cancel
//! and the result picked up by polling.

use crate::platform::clock::{Duration, Instant};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::model::Pathway;
use crate::platform::spawn::{Slice, Task};
use crate::simulate::{
    EIGHTEEN_WEEKS_DAYS, Progress, SimulationError, SimulationOptions, SimulationResult, Stepped,
    simulate,
};

use super::Version;

pub use crate::platform::native::Threads;
pub use crate::platform::spawn::Spawn;

/// What the worker sends back: both results (or why not) and the time taken.
type Output = (Result<[SimulationResult; 2], SimulationError>, Duration);

/// A simulation on its way.
#[derive(Debug)]
struct Running {
    progress: Arc<Progress>,
    total: u64,
    started: Instant,
    key: (Version, Version),
    receiver: Receiver<Output>,
}

impl Drop for Running {
    /// A job nobody waits for any more (the app closing) stops at its next chunk.
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

/// A finished simulation of both pathways.
#[derive(Clone, Debug)]
pub struct SimulationRun {
    /// Current then proposed.
    pub results: [SimulationResult; 2],
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// The versions of the pathways it ran on.
    pub key: (Version, Version),
}

/// How the last simulation ended.
#[derive(Clone, Debug, PartialEq)]
pub enum JobEnd {
    /// Both pathways were simulated.
    Finished,
    /// The user cancelled it.
    Cancelled,
    /// It could not run; the message says why.
    Failed(String),
}

/// The simulation job: the one running, the last run, and how the last one ended.
#[derive(Debug, Default)]
pub struct SimulationJob {
    running: Option<Running>,
    run: Option<SimulationRun>,
    ended: Option<JobEnd>,
}

impl SimulationJob {
    /// True while a simulation runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Referrals done and to do across both pathways, while a simulation runs.
    pub fn progress(&self) -> Option<(u64, u64)> {
        self.running.as_ref().map(|r| (r.progress.done(), r.total))
    }

    /// True once a cancel was asked for and the running job has not stopped yet.
    pub fn is_cancelling(&self) -> bool {
        self.running
            .as_ref()
            .is_some_and(|r| r.progress.is_cancelled())
    }

    /// How long the running simulation has been going.
    pub fn running_for(&self) -> Option<Duration> {
        self.running.as_ref().map(|r| r.started.elapsed())
    }

    /// The last simulation that finished.
    pub fn last_run(&self) -> Option<&SimulationRun> {
        self.run.as_ref()
    }

    /// How the last simulation ended, if one has.
    pub fn ended(&self) -> Option<&JobEnd> {
        self.ended.as_ref()
    }

    pub(super) fn start(
        &mut self,
        pathways: [Pathway; 2],
        key: (Version, Version),
        referrals: u64,
        seed: u64,
        spawn: &dyn Spawn,
        notify: Box<dyn Fn() + Send>,
    ) {
        self.cancel();
        let options = SimulationOptions {
            referrals,
            seed,
            threads: spawn.threads(),
            target_days: EIGHTEEN_WEEKS_DAYS,
        };
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = mpsc::channel();
        let worker_progress = Arc::clone(&progress);
        // With threads to spare, the referrals are shared between them; with one
        // (the web, a test), the run goes a chunk a slice, so a platform without
        // threads runs it across frames. Both give the same result.
        let started = if spawn.threads() > 1 {
            let work = Box::new(move || {
                let started = Instant::now();
                let result = simulate_both(&pathways, &options, &worker_progress);
                // Nobody listens when the app has closed meanwhile.
                if sender.send((result, started.elapsed())).is_ok() {
                    notify();
                }
            });
            spawn.spawn("opmt-simulation", work)
        } else {
            let task = SimulationTask {
                pathways,
                options,
                progress: worker_progress,
                sender,
                notify,
                started: None,
                running: None,
                results: Vec::new(),
            };
            spawn.spawn_task("opmt-simulation", Box::new(task))
        };
        match started {
            Ok(()) => {
                self.ended = None;
                self.running = Some(Running {
                    progress,
                    total: referrals.saturating_mul(2),
                    started: Instant::now(),
                    key,
                    receiver,
                });
            }
            Err(e) => {
                self.running = None;
                self.ended = Some(JobEnd::Failed(format!(
                    "could not start the simulation: {e}"
                )));
            }
        }
    }

    pub(super) fn cancel(&self) {
        if let Some(running) = &self.running {
            running.progress.cancel();
        }
    }

    /// Picks up a finished job; true while one is still running.
    pub(super) fn poll(&mut self) -> bool {
        let Some(running) = &self.running else {
            return false;
        };
        let key = running.key;
        match running.receiver.try_recv() {
            Err(TryRecvError::Empty) => return true,
            Ok((result, elapsed)) => {
                self.ended = Some(match result {
                    Ok(results) => {
                        self.run = Some(SimulationRun {
                            results,
                            elapsed,
                            key,
                        });
                        JobEnd::Finished
                    }
                    Err(SimulationError::Cancelled) => JobEnd::Cancelled,
                    Err(e) => JobEnd::Failed(e.to_string()),
                });
            }
            Err(TryRecvError::Disconnected) => {
                self.ended = Some(JobEnd::Failed("the simulation stopped unexpectedly".into()));
            }
        }
        self.running = None;
        false
    }
}

/// Simulates the current pathway, then the proposed, sharing one progress count.
/// Both simulations a chunk of referrals a slice (see [`Stepped`]).
struct SimulationTask {
    pathways: [Pathway; 2],
    options: SimulationOptions,
    progress: Arc<Progress>,
    sender: mpsc::Sender<Output>,
    notify: Box<dyn Fn() + Send>,
    /// When the first slice ran.
    started: Option<Instant>,
    /// The pathway being simulated.
    running: Option<Stepped>,
    /// The results so far, current first.
    results: Vec<SimulationResult>,
}

impl SimulationTask {
    fn send(&self, result: Result<[SimulationResult; 2], SimulationError>) -> Slice {
        let elapsed = self.started.map_or(Duration::ZERO, |t| t.elapsed());
        // Nobody listens when the app has closed meanwhile.
        if self.sender.send((result, elapsed)).is_ok() {
            (self.notify)();
        }
        Slice::Done
    }
}

impl Task for SimulationTask {
    fn run_slice(&mut self) -> Slice {
        self.started.get_or_insert_with(Instant::now);
        let mut stepped = match self.running.take() {
            Some(stepped) => stepped,
            None => match Stepped::new(&self.pathways[self.results.len()], &self.options) {
                Ok(stepped) => stepped,
                Err(e) => return self.send(Err(e)),
            },
        };
        if stepped.advance(&self.progress) {
            self.running = Some(stepped);
            return Slice::More;
        }
        match stepped.finish(&self.progress) {
            Ok(result) => self.results.push(result),
            Err(e) => return self.send(Err(e)),
        }
        if self.results.len() < 2 {
            return Slice::More;
        }
        let proposed = self.results.pop();
        let current = self.results.pop();
        match (current, proposed) {
            (Some(current), Some(proposed)) => self.send(Ok([current, proposed])),
            _ => Slice::Done,
        }
    }
}

fn simulate_both(
    pathways: &[Pathway; 2],
    options: &SimulationOptions,
    progress: &Arc<Progress>,
) -> Result<[SimulationResult; 2], SimulationError> {
    let current = simulate(&pathways[0], options, progress)?;
    let proposed = simulate(&pathways[1], options, progress)?;
    Ok([current, proposed])
}
