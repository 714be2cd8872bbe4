//! Storage for recovery: where a running app keeps the record of its unsaved work,
//! and where it finds the records of apps that ended without saving (a crash, a
//! power cut) to offer back. Files in a folder on the desktop
//! ([`super::native::recovery`]), the browser's local storage on the web
//! (`super::web::storage`), a stand-in that always fails in tests
//! ([`super::test::Broken`]).
//!
//! Preferences (recent files, theme, layout) go through eframe's storage, which
//! is a file on the desktop and local storage on the web already.
//!
//! Storage moves text: what the text means (a recovery record) is
//! [`crate::recovery`]'s business.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

use super::files::ReadError;

/// Where a record is kept: a file, or a key in the browser's storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A file on disk.
    File(PathBuf),
    /// A key in the browser's local storage.
    Key(String),
}

impl Place {
    /// The place as a path, for messages and errors that name a file (a key is a
    /// path of one part).
    pub fn to_path_buf(&self) -> PathBuf {
        match self {
            Place::File(path) => path.clone(),
            Place::Key(key) => PathBuf::from(key),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File(path) => write!(f, "{}", path.display()),
            Place::Key(key) => write!(f, "browser storage {key}"),
        }
    }
}

/// Storage failed: reading, writing, locking or renaming.
#[derive(Debug, Error)]
#[error("{source} ({place})")]
pub struct StorageError {
    /// The file, folder or key.
    pub place: Place,
    /// What the system said.
    pub source: std::io::Error,
}

impl StorageError {
    /// A failure at the file or folder `path`.
    pub fn at(path: &Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self {
            place: Place::File(path.to_path_buf()),
            source,
        }
    }
}

/// Writes and removes one app's own record; shared with the thread that writes.
pub trait RecordSlot: Send + Sync {
    /// Replaces the record with `text` (whole, never half-written).
    fn write(&self, text: &str) -> Result<(), StorageError>;
    /// Removes the record (nothing is unsaved); a record already gone is fine.
    fn remove(&self) -> Result<(), StorageError>;
}

/// A record left by an app that is no longer running, held for this app while it
/// decides what to do with it.
pub trait LeftRecord: fmt::Debug + Send {
    /// Where it is.
    fn place(&self) -> Place;
    /// Its text; `None` inside `Ok` when it is not text at all.
    fn read_text(&self) -> Result<Option<String>, ReadError>;
    /// Deletes it: the user chose not to restore the work.
    fn discard(self: Box<Self>) -> Result<(), StorageError>;
    /// Keeps it under another name, never offered again but there to look at;
    /// returns where it went.
    fn set_aside(self: Box<Self>, reason: &str) -> Result<Place, StorageError>;
    /// Makes it the record at `own` (the restored work is now that app's).
    fn adopt_as(self: Box<Self>, own: &Place) -> Result<(), StorageError>;
}

/// One running app's recovery storage.
pub trait RecoveryStorage: Send {
    /// Where this app's own record is.
    fn place(&self) -> Place;
    /// This app's record's file, where records are files.
    fn path(&self) -> Option<&Path>;
    /// The writer of this app's own record.
    fn slot(&self) -> Arc<dyn RecordSlot>;
    /// Records of apps no longer running, newest first.
    fn left(&self) -> Vec<Box<dyn LeftRecord>>;
}
