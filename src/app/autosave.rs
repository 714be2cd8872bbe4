//! Autosave and the offer to restore: the app's side of [`crate::recovery`].
//!
//! Each frame the app shows autosave what the workspace looks like (a [`Key`]):
//! after a change, and at most every [`INTERVAL`], both pathways are copied on the
//! UI thread and a background thread turns them into text and writes them, so
//! neither a large pathway nor a slow disk holds up a frame. With nothing unsaved
//! (saved, or the changes discarded) the recovery file is removed.

use std::path::Path;
use std::rc::Rc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use crate::platform::clock::{Duration, Instant, now_unix_secs};
use crate::platform::spawn::Spawn;
use crate::platform::storage::{LeftRecord, RecordSlot, RecoveryStorage};
use crate::recovery::{Entry, RECOVERY_FORMAT, Record, RecoveryError, Viewed, read_left};

/// Autosave writes at most this often.
pub const INTERVAL: Duration = Duration::from_secs(2);

/// The environment variable naming the folder for recovery files (and
/// preferences), instead of the platform's data folder.
pub const DATA_DIR_VAR: &str = "OPMT_DATA_DIR";

/// What autosave watches: each pathway's version and whether it needs saving, and
/// what is in view (a record is written again when the option viewed changes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// Each pathway's version and whether it needs saving.
    pub pathways: Vec<((u64, u64), bool)>,
    /// The option compared and the pathway edited.
    pub viewed: Viewed,
}

/// What to do this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Nothing changed since the last write or removal.
    Nothing,
    /// Write the record now.
    Write,
    /// Nothing is unsaved: remove the recovery file.
    Remove,
    /// Changed, but written too recently: look again after this long.
    WaitFor(Duration),
}

/// Writes after each change, at most once an interval.
#[derive(Clone, Debug)]
pub struct Throttle {
    interval: Duration,
    done: Option<Key>,
    last_write: Option<Instant>,
}

impl Throttle {
    /// Writes at most once every `interval`.
    pub fn new(interval: Duration) -> Self {
        Self {
            interval,
            done: None,
            last_write: None,
        }
    }

    /// Decides what to do about the workspace looking like `key` at `now`.
    pub fn decide(&mut self, key: Key, now: Instant) -> Decision {
        if self.done.as_ref() == Some(&key) {
            return Decision::Nothing;
        }
        if !key.pathways.iter().any(|(_, unsaved)| *unsaved) {
            self.done = Some(key);
            return Decision::Remove;
        }
        if let Some(last) = self.last_write {
            let since = now.saturating_duration_since(last);
            if since < self.interval {
                return Decision::WaitFor(self.interval - since);
            }
        }
        self.done = Some(key);
        self.last_write = Some(now);
        Decision::Write
    }

    /// Forgets what was written, so the next look writes (or removes) again.
    pub fn invalidate(&mut self) {
        self.done = None;
    }
}

enum Job {
    Write(Box<Record>),
    Remove,
}

impl Job {
    fn run(self, slot: &dyn RecordSlot) -> Result<(), RecoveryError> {
        match self {
            Job::Write(record) => Ok(slot.write(&record.to_ron()?)?),
            Job::Remove => Ok(slot.remove()?),
        }
    }
}

/// The jobs waiting and running, and their failures.
#[derive(Default)]
struct State {
    /// The newest job not yet picked up: only the newest state matters.
    waiting: Option<Job>,
    /// Work started and not finished.
    running: usize,
    failures: Vec<RecoveryError>,
}

/// What the writer and the work it starts share.
#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Told when a piece of work finishes.
    finished: Condvar,
    /// Held while a job runs, so two never write at once.
    writing: Mutex<()>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs the newest job waiting, if any (one at a time).
    fn run_waiting(&self, slot: &dyn RecordSlot) {
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let job = self.state().waiting.take();
        if let Some(Err(e)) = job.map(|job| job.run(slot)) {
            self.state().failures.push(e);
        }
    }
}

/// Writes recovery records in the background: each job is started through the
/// platform's [`Spawn`] seam (a thread on the desktop, the next frame on the web),
/// and the work runs the newest job waiting, so a slow disk never holds up a frame
/// and a burst of edits writes once. Where work cannot be started, the job runs on
/// the caller's thread.
struct Writer {
    slot: Arc<dyn RecordSlot>,
    shared: Arc<Shared>,
}

impl Writer {
    fn new(slot: Arc<dyn RecordSlot>) -> Self {
        Self {
            slot,
            shared: Arc::default(),
        }
    }

    fn send(&mut self, job: Job, spawner: &dyn Spawn) {
        {
            let mut state = self.shared.state();
            state.waiting = Some(job);
            state.running += 1;
        }
        let shared = Arc::clone(&self.shared);
        let slot = Arc::clone(&self.slot);
        let work = move || {
            shared.run_waiting(slot.as_ref());
            shared.state().running -= 1;
            shared.finished.notify_all();
        };
        // When it cannot start, the work was dropped unrun: the job runs here.
        if spawner.spawn("opmt-autosave", Box::new(work)).is_err() {
            self.shared.state().running -= 1;
            self.shared.run_waiting(self.slot.as_ref());
        }
    }

    fn failures(&mut self) -> Vec<RecoveryError> {
        std::mem::take(&mut self.shared.state().failures)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Finish the last write or removal before the app goes: one not picked up
        // yet (its work may never run, on the web) runs here; one being written is
        // waited for (but never for long on a disk that does not answer).
        self.shared.run_waiting(self.slot.as_ref());
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut state = self.shared.state();
        while state.running > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = match self.shared.finished.wait_timeout(state, left) {
                Ok((state, _)) => state,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }
}

/// A recovery file offered back to the user.
#[derive(Debug)]
pub struct Offer {
    /// The record, held for this app while the offer is open (a recovery file
    /// is locked).
    pub orphan: Box<dyn LeftRecord>,
    /// What it holds.
    pub record: Record,
}

/// Autosave for one running app: its recovery storage, the writer, the throttle,
/// and the record found at start that is offered back.
pub struct Autosave {
    writer: Writer,
    throttle: Throttle,
    /// Where jobs run.
    spawner: Rc<dyn Spawn>,
    /// Declared after the writer, so the writer finishes before the lock goes.
    store: Box<dyn RecoveryStorage>,
    offer: Option<Offer>,
    last_failure: Option<String>,
}

/// What the start found in the recovery folder.
#[derive(Debug, Default)]
pub struct Found {
    /// Recovery files that could not be read, each renamed aside: one message each.
    pub damaged: Vec<String>,
    /// Recovery files older than a file they name, each renamed aside.
    pub stale: Vec<String>,
}

impl Autosave {
    /// Keeps this app's record in `store` and looks for work left by apps that
    /// are no longer running: the newest readable one becomes [`Autosave::offer`].
    /// Writes run through `spawner`.
    pub fn start(store: Box<dyn RecoveryStorage>, spawner: Rc<dyn Spawn>) -> (Self, Found) {
        let mut found = Found::default();
        let mut offer = None;
        for orphan in store.left() {
            if offer.is_some() {
                break; // The older ones wait for another start.
            }
            match read_left(orphan.as_ref()) {
                Ok(record) => {
                    let newer_files = record.files_changed_since();
                    if newer_files.is_empty() {
                        offer = Some(Offer { orphan, record });
                        continue;
                    }
                    let names: Vec<String> = newer_files
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect();
                    let aside = orphan
                        .set_aside("stale")
                        .map_or_else(|e| e.to_string(), |p| p.to_string());
                    found.stale.push(format!(
                        "{} changed after the recovery file was written; set aside as {aside}",
                        names.join(", ")
                    ));
                }
                Err(e) => {
                    let note = match orphan.set_aside("damaged") {
                        Ok(p) => format!("renamed to {p}"),
                        Err(e) => format!("could not be renamed: {e}"),
                    };
                    found.damaged.push(format!("{e}; {note}"));
                }
            }
        }
        let autosave = Self {
            writer: Writer::new(store.slot()),
            throttle: Throttle::new(INTERVAL),
            spawner,
            store,
            offer,
            last_failure: None,
        };
        (autosave, found)
    }

    /// This app's recovery file, where records are files.
    pub fn path(&self) -> Option<&Path> {
        self.store.path()
    }

    /// The work offered back, if any.
    pub fn offer(&self) -> Option<&Offer> {
        self.offer.as_ref()
    }

    /// Accepts the offer: its file becomes this app's recovery file. Returns the record.
    pub fn restore(&mut self) -> Option<Result<Record, (Record, RecoveryError)>> {
        let Offer { orphan, record } = self.offer.take()?;
        self.throttle.invalidate();
        Some(match orphan.adopt_as(&self.store.place()) {
            Ok(()) => Ok(record),
            Err(e) => Err((record, e.into())),
        })
    }

    /// Declines the offer: its file is deleted.
    pub fn discard(&mut self) -> Option<Result<Record, RecoveryError>> {
        let Offer { orphan, record } = self.offer.take()?;
        Some(
            orphan
                .discard()
                .map(|()| record)
                .map_err(RecoveryError::from),
        )
    }

    /// Looks at the workspace (`key`, and `record` to build the record when it
    /// must be written); returns when to look again if a write is waiting.
    pub fn tick(
        &mut self,
        key: Key,
        now: Instant,
        record: impl FnOnce() -> Vec<Entry>,
    ) -> Option<Duration> {
        let viewed = key.viewed;
        match self.throttle.decide(key, now) {
            Decision::Nothing => None,
            Decision::WaitFor(wait) => Some(wait),
            Decision::Remove => {
                self.writer.send(Job::Remove, self.spawner.as_ref());
                None
            }
            Decision::Write => {
                let mut entries = record().into_iter();
                let (Some(current), Some(comparison)) = (entries.next(), entries.next()) else {
                    return None;
                };
                let record = Record {
                    format: RECOVERY_FORMAT,
                    written_unix_secs: now_unix_secs(),
                    current,
                    comparison,
                    more_options: entries.collect(),
                    viewed,
                };
                self.writer
                    .send(Job::Write(Box::new(record)), self.spawner.as_ref());
                None
            }
        }
    }

    /// A failure to report (the status bar shows it), if there was one not reported
    /// yet. After a failure the write is tried again an interval later.
    pub fn failure(&mut self) -> Option<String> {
        let newest = self.writer.failures().pop()?;
        self.throttle.invalidate();
        let message = format!("Autosave failed: {newest}");
        if self.last_failure.as_ref() == Some(&message) {
            return None;
        }
        self.last_failure = Some(message.clone());
        Some(message)
    }
}

/// Local time of day as HH:MM, of a time in seconds since 1970.
pub fn local_hh_mm(unix_secs: u64) -> String {
    hh_mm_in(unix_secs, &jiff::tz::TimeZone::system())
}

fn hh_mm_in(unix_secs: u64, zone: &jiff::tz::TimeZone) -> String {
    match i64::try_from(unix_secs)
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
    {
        Some(t) => t.to_zoned(zone.clone()).strftime("%H:%M").to_string(),
        None => "an unknown time".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(revision: u64, unsaved: bool) -> Key {
        Key {
            pathways: vec![((0, revision), unsaved), ((1, 0), false)],
            viewed: Viewed::default(),
        }
    }

    #[test]
    fn writes_at_once_then_at_most_every_interval() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let mut t = Throttle::new(ms(2000));
        assert_eq!(
            t.decide(key(0, false), t0),
            Decision::Remove,
            "nothing unsaved"
        );
        assert_eq!(t.decide(key(0, false), t0), Decision::Nothing);
        assert_eq!(t.decide(key(1, true), t0 + ms(100)), Decision::Write);
        assert_eq!(t.decide(key(1, true), t0 + ms(200)), Decision::Nothing);
        // Edits 0.5 s and 1.7 s after the write wait for the 2 s to pass.
        assert_eq!(
            t.decide(key(2, true), t0 + ms(600)),
            Decision::WaitFor(ms(1500))
        );
        assert_eq!(
            t.decide(key(3, true), t0 + ms(1800)),
            Decision::WaitFor(ms(300))
        );
        assert_eq!(t.decide(key(3, true), t0 + ms(2100)), Decision::Write);
        // Saved: removed at once, however recent the last write.
        assert_eq!(t.decide(key(3, false), t0 + ms(2200)), Decision::Remove);
        t.invalidate();
        assert_eq!(t.decide(key(3, false), t0 + ms(2300)), Decision::Remove);
    }

    fn a_record(written_unix_secs: u64) -> Box<Record> {
        let pathway = crate::bundled::CURRENT_PAPER
            .load()
            .map(|l| l.pathway)
            .unwrap_or_else(|_| crate::model::Pathway::new("p"));
        let entry = Entry {
            pathway,
            path: None,
            disk: None,
            unsaved: true,
        };
        Box::new(Record {
            format: RECOVERY_FORMAT,
            written_unix_secs,
            current: entry.clone(),
            comparison: entry,
            more_options: Vec::new(),
            viewed: Viewed::default(),
        })
    }

    fn written(memory: &crate::platform::test::Memory) -> Option<u64> {
        let text = memory.text()?;
        Record::from_ron(&text, Path::new("memory"))
            .ok()
            .map(|r| r.written_unix_secs)
    }

    #[test]
    fn on_the_web_the_newest_record_is_written_in_the_next_frame_or_at_the_end() {
        use crate::platform::spawn::FrameRunner;
        use crate::platform::test::Memory;
        let memory = Memory::default();
        let frames = FrameRunner::new(Duration::ZERO);
        let mut writer = Writer::new(memory.slot());
        writer.send(Job::Write(a_record(1)), &frames);
        writer.send(Job::Write(a_record(2)), &frames);
        assert_eq!(
            written(&memory),
            None,
            "nothing is written inside the frame"
        );
        // Two pieces of work wait; the first writes the newest record, the second
        // finds nothing left to do.
        assert_eq!(frames.waiting(), 2);
        assert!(frames.run_frame());
        assert_eq!(written(&memory), Some(2));
        assert!(!frames.run_frame());
        writer.send(Job::Write(a_record(3)), &frames);
        // The app closes before the next frame: the record is written on the way out.
        drop(writer);
        assert_eq!(written(&memory), Some(3));
        assert!(nothing_is_left(&frames));
    }

    /// True when the runner has no work left: the work the last job started ran
    /// when the writer went, and finds nothing more to do.
    fn nothing_is_left(frames: &crate::platform::spawn::FrameRunner) -> bool {
        !frames.run_frame() && frames.waiting() == 0
    }

    #[test]
    fn where_no_work_can_start_the_record_is_written_at_once_and_failures_kept() {
        use crate::platform::test::{Broken, Memory, NoThreads};
        let memory = Memory::default();
        let mut writer = Writer::new(memory.slot());
        writer.send(Job::Write(a_record(7)), &NoThreads);
        assert_eq!(written(&memory), Some(7));
        writer.send(Job::Remove, &NoThreads);
        assert_eq!(memory.text(), None);
        assert!(writer.failures().is_empty());
        let mut broken = Writer::new(Broken.slot());
        broken.send(Job::Write(a_record(8)), &crate::platform::test::Inline);
        let failures: Vec<String> = broken.failures().iter().map(|e| e.to_string()).collect();
        assert_eq!(failures, ["the disk is full (broken)"]);
        assert!(broken.failures().is_empty(), "each failure is told once");
    }

    #[test]
    fn time_of_day_is_hours_and_minutes_in_the_zone() {
        use jiff::tz::{Offset, TimeZone};
        // 1,764,497,100 s = 20,422 days and 36,300 s: 10:05:00 UTC.
        assert_eq!(hh_mm_in(1_764_497_100, &TimeZone::UTC), "10:05");
        let bst = TimeZone::fixed(Offset::from_hours(1).unwrap());
        assert_eq!(hh_mm_in(1_764_497_100, &bst), "11:05");
        assert_eq!(hh_mm_in(u64::MAX, &TimeZone::UTC), "an unknown time");
    }
}
