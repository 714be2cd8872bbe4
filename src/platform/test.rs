//! Stand-ins for tests: a spawner that runs work at once or cannot start it, and
//! recovery storage that keeps its record in memory or fails every write. The app's
//! tests pass them in [`crate::app::StartOptions`]'s platform.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use super::dialogs::FileDialogs;
use super::spawn::Spawn;
use super::storage::{LeftRecord, Place, RecordSlot, RecoveryStorage, StorageError};
use super::{Platform, Recovery};

/// A platform for a test: `dialogs` answer, work runs at once ([`Inline`]) and
/// autosave is off (add storage with [`Platform::with_recovery`]).
pub fn with_dialogs(dialogs: Box<dyn FileDialogs>) -> Platform {
    Platform {
        dialogs,
        spawn: std::rc::Rc::new(Inline),
        recovery: Recovery::Off,
        frames: None,
    }
}

/// Runs work at once on the calling thread, so a test sees its result at once.
#[derive(Clone, Copy, Debug, Default)]
pub struct Inline;

impl Spawn for Inline {
    fn spawn(&self, _name: &str, work: Box<dyn FnOnce() + Send>) -> std::io::Result<()> {
        work();
        Ok(())
    }

    fn threads(&self) -> usize {
        1
    }
}

/// A spawner that cannot start anything, as on a system out of threads.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoThreads;

impl Spawn for NoThreads {
    fn spawn(&self, _name: &str, _work: Box<dyn FnOnce() + Send>) -> std::io::Result<()> {
        Err(std::io::Error::other("no threads here"))
    }

    fn threads(&self) -> usize {
        1
    }
}

/// Recovery storage in memory: what was last written, for a test to read back.
/// Clones share the record.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    text: Arc<Mutex<Option<String>>>,
}

impl Memory {
    /// The record's text as last written; `None` when none is kept (never written,
    /// or removed because nothing is unsaved).
    pub fn text(&self) -> Option<String> {
        self.text
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl RecordSlot for Memory {
    fn write(&self, text: &str) -> Result<(), StorageError> {
        *self.text.lock().unwrap_or_else(PoisonError::into_inner) = Some(text.to_owned());
        Ok(())
    }

    fn remove(&self) -> Result<(), StorageError> {
        *self.text.lock().unwrap_or_else(PoisonError::into_inner) = None;
        Ok(())
    }
}

impl RecoveryStorage for Memory {
    fn place(&self) -> Place {
        Place::Key("memory".into())
    }

    fn path(&self) -> Option<&Path> {
        None
    }

    fn slot(&self) -> Arc<dyn RecordSlot> {
        Arc::new(self.clone())
    }

    fn left(&self) -> Vec<Box<dyn LeftRecord>> {
        Vec::new()
    }
}

/// Recovery storage that fails every write, as a full or vanished disk does.
#[derive(Clone, Copy, Debug, Default)]
pub struct Broken;

/// What [`Broken`] says when it fails.
pub const BROKEN_MESSAGE: &str = "the disk is full";

impl RecordSlot for Broken {
    fn write(&self, _text: &str) -> Result<(), StorageError> {
        Err(StorageError {
            place: self.place(),
            source: std::io::Error::other(BROKEN_MESSAGE),
        })
    }

    fn remove(&self) -> Result<(), StorageError> {
        Ok(())
    }
}

impl RecoveryStorage for Broken {
    fn place(&self) -> Place {
        Place::Key("broken".into())
    }

    fn path(&self) -> Option<&Path> {
        None
    }

    fn slot(&self) -> Arc<dyn RecordSlot> {
        Arc::new(*self)
    }

    fn left(&self) -> Vec<Box<dyn LeftRecord>> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_keeps_the_last_record_until_removed() {
        let memory = Memory::default();
        let slot = memory.slot();
        assert_eq!(memory.text(), None);
        slot.write("first").ok();
        slot.write("second").ok();
        assert_eq!(memory.text().as_deref(), Some("second"));
        slot.remove().ok();
        assert_eq!(memory.text(), None);
    }

    #[test]
    fn broken_storage_fails_every_write_and_inline_runs_at_once() {
        let error = Broken.slot().write("x").err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("the disk is full (browser storage broken)")
        );
        let ran = Arc::new(Mutex::new(false));
        let flag = Arc::clone(&ran);
        assert!(
            Inline
                .spawn(
                    "t",
                    Box::new(move || *flag.lock().unwrap_or_else(PoisonError::into_inner) = true)
                )
                .is_ok()
        );
        assert!(*ran.lock().unwrap_or_else(PoisonError::into_inner));
        assert!(NoThreads.spawn("t", Box::new(|| {})).is_err());
    }
}
