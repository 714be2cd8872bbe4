//! Running work off the frame: the [`Spawn`] seam. On the desktop work runs on
//! threads ([`super::native::Threads`]); a browser has none (a thread started there
//! fails), so work is cut into [`Slice`]s that a [`FrameRunner`] runs a few at a
//! time, each frame; a test runs it at once ([`super::test::Inline`]).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use super::clock::{Duration, Instant};

pub use super::native::threads::run_workers;

/// What one slice of a [`Task`] left to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slice {
    /// More slices remain: run the task again.
    More,
    /// The task is finished.
    Done,
}

/// Work cut into slices, each short enough to run inside one frame.
pub trait Task: Send {
    /// Does the next slice of the work.
    fn run_slice(&mut self) -> Slice;
}

/// A one-off piece of work is a task of one slice.
struct Once(Option<Box<dyn FnOnce() + Send>>);

impl Task for Once {
    fn run_slice(&mut self) -> Slice {
        if let Some(work) = self.0.take() {
            work();
        }
        Slice::Done
    }
}

/// Runs every slice of `task`, one after another, on this thread.
pub fn run_slices(task: &mut dyn Task) {
    while task.run_slice() == Slice::More {}
}

/// Runs work in the background: the platform seam for threads.
pub trait Spawn {
    /// Starts `work`; an error when it cannot be started.
    fn spawn(&self, name: &str, work: Box<dyn FnOnce() + Send>) -> std::io::Result<()>;
    /// Worker threads a simulation may use.
    fn threads(&self) -> usize;
    /// Starts a sliced task: by default all its slices in one piece of work
    /// ([`Spawn::spawn`]); a [`FrameRunner`] runs them a few each frame.
    fn spawn_task(&self, name: &str, mut task: Box<dyn Task>) -> std::io::Result<()> {
        self.spawn(name, Box::new(move || run_slices(task.as_mut())))
    }
}

/// Starts `task` through `spawn` (see [`Spawn::spawn_task`]).
pub fn spawn_task(spawn: &dyn Spawn, name: &str, task: Box<dyn Task>) -> std::io::Result<()> {
    spawn.spawn_task(name, task)
}

type Queue = Arc<Mutex<VecDeque<Box<dyn Task>>>>;

/// What asks for a frame (the app's `request_repaint`).
type Wake = Arc<Mutex<Option<Box<dyn Fn() + Send + Sync>>>>;

/// Runs tasks across frames, for a platform without threads (the web): each call to
/// [`FrameRunner::run_frame`] runs slices, oldest task first, until the frame's time
/// budget is spent. Clones share one queue, so the app keeps one to run and hands
/// others out as its [`Spawn`]. A task started asks for a frame (see
/// [`FrameRunner::wake_with`]), so work started late in a frame, after the runner
/// ran, does not wait for the next input to run.
#[derive(Clone)]
pub struct FrameRunner {
    queue: Queue,
    budget: Duration,
    wake: Wake,
}

impl std::fmt::Debug for FrameRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameRunner")
            .field("waiting", &self.waiting())
            .field("budget", &self.budget)
            .finish()
    }
}

impl FrameRunner {
    /// A runner spending up to `budget` of each frame on tasks.
    pub fn new(budget: Duration) -> Self {
        Self {
            queue: Arc::default(),
            budget,
            wake: Arc::default(),
        }
    }

    /// Calls `wake` whenever a task is started, here or in a clone: it asks for the
    /// frame that runs it (without it, a frame comes only when something else asks).
    pub fn wake_with(&self, wake: Box<dyn Fn() + Send + Sync>) {
        *self.wake.lock().unwrap_or_else(PoisonError::into_inner) = Some(wake);
    }

    /// Tasks started and not finished.
    pub fn waiting(&self) -> usize {
        self.queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Runs slices until the budget is spent or no task is left (at least one slice
    /// when any task waits, so work always moves on); true while tasks remain.
    pub fn run_frame(&self) -> bool {
        self.run_for(self.budget)
    }

    /// [`FrameRunner::run_frame`] with the budget paced to the frames: half the time
    /// since the last frame when that is more than the budget (see [`paced_budget`]),
    /// so where drawing is slow, as in a browser drawing without a GPU, the work keeps
    /// about half of the time rather than a sliver of it.
    pub fn run_frame_paced(&self, since_last_frame: Duration) -> bool {
        self.run_for(paced_budget(self.budget, since_last_frame))
    }

    fn run_for(&self, budget: Duration) -> bool {
        let started = Instant::now();
        loop {
            // The queue is not locked while a slice runs: a slice may start a task.
            let next = self
                .queue
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop_front();
            let Some(mut task) = next else {
                return false;
            };
            let more = task.run_slice() == Slice::More;
            let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            if more {
                queue.push_front(task);
            }
            if queue.is_empty() {
                return false;
            }
            if started.elapsed() >= budget {
                return true;
            }
        }
    }
}

/// The most a paced frame gives to work, so the page still answers several times a
/// second however slowly it draws.
pub const MOST_PACED_BUDGET: Duration = Duration::from_millis(100);

/// The time a frame gives to work: `budget`, or half of `since_last_frame` when that
/// is more, at most [`MOST_PACED_BUDGET`]. Frames that take longer because of the
/// work settle where the work takes as long as the drawing.
pub fn paced_budget(budget: Duration, since_last_frame: Duration) -> Duration {
    (since_last_frame / 2).clamp(budget, MOST_PACED_BUDGET.max(budget))
}

impl Spawn for FrameRunner {
    /// A one-off piece of work runs whole, in the next frame's budget.
    fn spawn(&self, _name: &str, work: Box<dyn FnOnce() + Send>) -> std::io::Result<()> {
        self.spawn_task("", Box::new(Once(Some(work))))
    }

    fn threads(&self) -> usize {
        1
    }

    fn spawn_task(&self, _name: &str, task: Box<dyn Task>) -> std::io::Result<()> {
        self.queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(task);
        if let Some(wake) = &*self.wake.lock().unwrap_or_else(PoisonError::into_inner) {
            wake();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn a_paced_frame_gives_work_half_of_a_slow_frame_and_at_most_100_ms() {
        let ms = Duration::from_millis;
        // At 60 frames a second (16 ms) the budget stands: 8 ms.
        assert_eq!(paced_budget(ms(8), ms(16)), ms(8));
        // A frame of 100 ms gives 50 ms; one of a third of a second, the cap of 100.
        assert_eq!(paced_budget(ms(8), ms(100)), ms(50));
        assert_eq!(paced_budget(ms(8), ms(333)), ms(100));
        // The first frame (no time since the last) and a budget above the cap.
        assert_eq!(paced_budget(ms(8), Duration::ZERO), ms(8));
        assert_eq!(paced_budget(ms(150), ms(1000)), ms(150));
    }

    /// Counts to `to` one a slice, adding each step to a shared tally.
    struct Count {
        at: u32,
        to: u32,
        tally: Arc<AtomicU32>,
    }

    impl Task for Count {
        fn run_slice(&mut self) -> Slice {
            self.at += 1;
            self.tally.fetch_add(1, Ordering::Relaxed);
            if self.at < self.to {
                Slice::More
            } else {
                Slice::Done
            }
        }
    }

    fn count(to: u32, tally: &Arc<AtomicU32>) -> Box<dyn Task> {
        Box::new(Count {
            at: 0,
            to,
            tally: Arc::clone(tally),
        })
    }

    #[test]
    fn run_slices_runs_a_task_to_its_end() {
        let tally = Arc::new(AtomicU32::new(0));
        run_slices(count(5, &tally).as_mut());
        assert_eq!(tally.load(Ordering::Relaxed), 5);
    }

    #[test]
    fn a_frame_with_no_budget_runs_one_slice() {
        let tally = Arc::new(AtomicU32::new(0));
        let runner = FrameRunner::new(Duration::ZERO);
        spawn_task(&runner, "count", count(3, &tally)).ok();
        assert_eq!(
            tally.load(Ordering::Relaxed),
            0,
            "nothing runs until a frame"
        );
        // Three slices, one a frame: more remains after the first two frames.
        assert!(runner.run_frame());
        assert!(runner.run_frame());
        assert_eq!(tally.load(Ordering::Relaxed), 2);
        assert!(!runner.run_frame());
        assert_eq!(tally.load(Ordering::Relaxed), 3);
        assert_eq!(runner.waiting(), 0);
        assert!(!runner.run_frame(), "an empty runner has nothing to do");
    }

    #[test]
    fn a_task_started_asks_for_a_frame_through_any_clone() {
        let woken = Arc::new(AtomicU32::new(0));
        let runner = FrameRunner::new(Duration::ZERO);
        let tally = Arc::new(AtomicU32::new(0));
        runner.spawn_task("before", count(1, &tally)).ok();
        let counter = Arc::clone(&woken);
        runner.wake_with(Box::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        }));
        assert_eq!(woken.load(Ordering::Relaxed), 0, "no wake before it is set");
        let spawner = runner.clone();
        spawner.spawn_task("count", count(2, &tally)).ok();
        spawner.spawn("once", Box::new(|| {})).ok();
        assert_eq!(woken.load(Ordering::Relaxed), 2);
        // Running the slices asks for nothing more.
        while runner.run_frame() {}
        assert_eq!(woken.load(Ordering::Relaxed), 2);
        assert_eq!(tally.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn a_frame_with_time_to_spare_finishes_every_task_in_order() {
        let tally = Arc::new(AtomicU32::new(0));
        let runner = FrameRunner::new(Duration::from_secs(60));
        let order = Arc::new(Mutex::new(Vec::new()));
        for n in 1..=2 {
            let order = Arc::clone(&order);
            runner
                .spawn(
                    "push",
                    Box::new(move || order.lock().unwrap_or_else(PoisonError::into_inner).push(n)),
                )
                .ok();
        }
        runner.spawn_task("count", count(4, &tally)).ok();
        assert_eq!(runner.waiting(), 3);
        assert!(!runner.run_frame());
        assert_eq!(tally.load(Ordering::Relaxed), 4);
        assert_eq!(
            *order.lock().unwrap_or_else(PoisonError::into_inner),
            vec![1, 2]
        );
    }
}
