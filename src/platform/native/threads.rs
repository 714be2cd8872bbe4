//! Operating-system threads: the desktop's [`Spawn`], and the scoped workers a
//! simulation divides its referrals between.

use crate::platform::spawn::Spawn;

/// Operating-system threads.
#[derive(Clone, Copy, Debug, Default)]
pub struct Threads;

impl Spawn for Threads {
    fn spawn(&self, name: &str, work: Box<dyn FnOnce() + Send>) -> std::io::Result<()> {
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(work)
            .map(|_| ())
    }

    fn threads(&self) -> usize {
        available_threads()
    }
}

/// The threads this machine runs at once (1 when it cannot tell).
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `worker` on `count` threads at once (this one and `count - 1` more; just this
/// one when `count` is 0 or 1) and returns what this thread's worker gave and what
/// the others gave, in the order they were started. A panic in any worker is raised
/// again here.
pub fn run_workers<T: Send>(count: usize, worker: impl Fn() -> T + Sync) -> (T, Vec<T>) {
    if count <= 1 {
        return (worker(), Vec::new());
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..count).map(|_| scope.spawn(&worker)).collect();
        let mine = worker();
        let others = handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect();
        (mine, others)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn each_worker_runs_once() {
        let ran = AtomicUsize::new(0);
        let (mine, others) = run_workers(3, || ran.fetch_add(1, Ordering::Relaxed));
        assert_eq!(others.len(), 2);
        assert_eq!(ran.load(Ordering::Relaxed), 3);
        let mut seen = others.clone();
        seen.push(mine);
        seen.sort_unstable();
        assert_eq!(seen, vec![0, 1, 2], "each saw the count before it");
        assert_eq!(run_workers(0, || 7), (7, Vec::new()));
    }
}
