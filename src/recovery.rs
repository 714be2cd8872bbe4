//! Recovery of unsaved work after a crash, and fingerprints of model files.
//!
//! While a pathway has unsaved changes the app keeps a recovery file: a RON
//! [`Record`] of both pathways as they are on screen, the file each belongs to and
//! what that file looked like when it was opened or last saved ([`Fingerprint`]).
//! Each running app owns one recovery file in a [`Store`] (a folder), named after
//! its process, and holds a lock on a `.lock` file beside it for as long as it runs;
//! the operating system releases the lock when the process ends however it ends
//! (`kill -9`, a power cut), so at the next start a recovery file whose lock can be
//! taken is an [`Orphan`]: work nobody is looking after, to offer back.
//!
//! Nothing here knows about the user interface or threads: the app decides when
//! to write, and on which thread.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::format::MAX_FILE_BYTES;
use crate::model::Pathway;
use crate::platform::files::ReadError;
use crate::platform::storage::{LeftRecord, StorageError};

/// The recovery record format this build writes and reads.
pub const RECOVERY_FORMAT: u32 = 1;

/// What a file looked like: enough to tell whether somebody changed it since.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Length in bytes.
    pub len_bytes: u64,
    /// Last modification, in nanoseconds since 1970 (when the system tells).
    pub modified_unix_ns: Option<u64>,
    /// 64-bit FNV-1a hash of the contents.
    pub fnv1a64: u64,
}

impl Fingerprint {
    /// The fingerprint of a file as it is now.
    pub fn of_file(path: &Path) -> std::io::Result<Self> {
        // Only a regular file: opening a pipe would wait for a writer for ever.
        let (bytes, facts) = crate::platform::files::read_start(path, MAX_FILE_BYTES + 1)
            .map_err(std::io::Error::from)?;
        Ok(Self {
            len_bytes: facts.len_bytes,
            modified_unix_ns: facts.modified_unix_ns,
            fnv1a64: fnv1a64(&bytes),
        })
    }

    /// True when `now` shows different contents: another length or another hash.
    /// The time alone does not count, so a file touched but not changed is the
    /// same, and a change that kept the time (a copy that preserves it, a coarse
    /// clock) is still seen.
    pub fn differs_from(&self, now: &Fingerprint) -> bool {
        self.len_bytes != now.len_bytes || self.fnv1a64 != now.fnv1a64
    }
}

/// The 64-bit FNV-1a hash: simple, fast enough for model files and the same in
/// every run and on every platform.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME))
}

pub use crate::platform::clock::unix_secs;

/// One pathway as it was on screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The pathway, as edited (it may have validation errors).
    pub pathway: Pathway,
    /// The file it belongs to, if any.
    pub path: Option<PathBuf>,
    /// That file as it was when opened or last saved.
    pub disk: Option<Fingerprint>,
    /// True when it had changes not saved to its file.
    pub unsaved: bool,
}

/// Both pathways of one app at one moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// [`RECOVERY_FORMAT`].
    pub format: u32,
    /// When it was written, in seconds since 1970.
    pub written_unix_secs: u64,
    /// The current process.
    pub current: Entry,
    /// The comparison pathway (the first proposed option).
    pub comparison: Entry,
    /// Further proposed options, in order (absent in records of two pathways).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_options: Vec<Entry>,
    /// What was in view (absent in records written before it was kept: the first
    /// option, the current process edited).
    #[serde(default)]
    pub viewed: Viewed,
}

/// What was on screen when a record was written, to put back with the work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Viewed {
    /// The place of the option compared with the current process (1 is the first
    /// option; 0, as in older records, means the first).
    pub option: usize,
    /// The option compared was the pathway being edited (else the current process).
    pub editing_option: bool,
}

impl Record {
    /// The record as RON text.
    pub fn to_ron(&self) -> Result<String, RecoveryError> {
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(4)
            .indentor(" ")
            .new_line("\n");
        ron::ser::to_string_pretty(self, config)
            .map_err(|e| RecoveryError::Serialise(e.to_string()))
    }

    /// Reads a record from RON text; `path` names the file in errors.
    pub fn from_ron(text: &str, path: &Path) -> Result<Self, RecoveryError> {
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let record: Record = options.from_str(text).map_err(|e| RecoveryError::Damaged {
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
            path: path.to_path_buf(),
        })?;
        if record.format > RECOVERY_FORMAT {
            return Err(RecoveryError::Newer {
                found: record.format,
                path: path.to_path_buf(),
            });
        }
        Ok(record.trusted())
    }

    /// The record with every file it names but did not fingerprint forgotten: opmt
    /// writes a fingerprint for every file it opened or saved, so a path without
    /// one did not come from opmt, and saving the restored work over it would
    /// replace a file nobody checked. Such a pathway comes back as unsaved work
    /// with no file (Save asks where).
    fn trusted(mut self) -> Self {
        let entries = [&mut self.current, &mut self.comparison]
            .into_iter()
            .chain(self.more_options.iter_mut());
        for entry in entries {
            if entry.disk.is_none() && entry.path.is_some() {
                entry.path = None;
                entry.unsaved = true;
            }
        }
        self
    }

    /// Every pathway it holds: the current process, then the options in order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        [&self.current, &self.comparison]
            .into_iter()
            .chain(&self.more_options)
    }

    /// The files it names that were changed after it was written (the work was
    /// probably saved some other way since).
    pub fn files_changed_since(&self) -> Vec<PathBuf> {
        self.entries()
            .filter_map(|e| e.path.as_ref())
            .filter(|p| {
                crate::platform::files::facts_of(p)
                    .ok()
                    .and_then(|f| f.modified_unix_ns)
                    .is_some_and(|ns| ns / 1_000_000_000 > self.written_unix_secs)
            })
            .cloned()
            .collect()
    }
}

/// Why recovery could not read or keep a file.
#[derive(Debug, Error)]
pub enum RecoveryError {
    /// Reading, writing, locking or renaming failed.
    #[error("{source} ({})", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not a recovery record.
    #[error("the recovery file is damaged at line {line}, column {col}: {message} ({})", path.display())]
    Damaged {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        col: usize,
        /// What is wrong.
        message: String,
        /// The file.
        path: PathBuf,
    },
    /// Written by a newer opmt.
    #[error("the recovery file is format {found}, written by a newer version of opmt ({})", path.display())]
    Newer {
        /// Its format number.
        found: u32,
        /// The file.
        path: PathBuf,
    },
    /// The record could not be written as text (a file name that is not Unicode).
    #[error("cannot write the recovery record: {0}")]
    Serialise(String),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> RecoveryError + '_ {
    move |source| RecoveryError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub use crate::platform::native::recovery::{MAX_ORPHANS, Orphan, Store};

/// Reads a record left by an app no longer running; a damaged one is an error
/// naming the line and column.
pub fn read_left(left: &dyn LeftRecord) -> Result<Record, RecoveryError> {
    let path = left.place().to_path_buf();
    let damaged = |message: String| RecoveryError::Damaged {
        line: 1,
        col: 1,
        message,
        path: path.clone(),
    };
    let text = match left.read_text() {
        Ok(Some(text)) => text,
        Ok(None) => return Err(damaged("it is not text".into())),
        Err(ReadError::Io(e)) => return Err(io_error(&path)(e)),
        Err(e) => return Err(damaged(format!("{e}, so it cannot be a recovery file"))),
    };
    Record::from_ron(&text, &path)
}

impl From<StorageError> for RecoveryError {
    fn from(e: StorageError) -> Self {
        RecoveryError::Io {
            path: e.place.to_path_buf(),
            source: e.source,
        }
    }
}

#[cfg(test)]
mod tests;
