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

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::format::{MAX_FILE_BYTES, write_atomic};
use crate::model::Pathway;

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
        crate::fsio::check_regular(path).map_err(std::io::Error::from)?;
        let mut file = File::open(path)?;
        let meta = file.metadata()?;
        let mut bytes = Vec::new();
        file.by_ref()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)?;
        Ok(Self {
            len_bytes: meta.len(),
            modified_unix_ns: meta.modified().ok().and_then(unix_ns),
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

fn unix_ns(t: SystemTime) -> Option<u64> {
    t.duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
}

/// Seconds since 1970 of a system time (0 before it).
pub fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

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
                std::fs::metadata(p)
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| unix_secs(t) > self.written_unix_secs)
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

const PREFIX: &str = "recovery-";

/// The most recovery files offered at one start, newest first.
pub const MAX_ORPHANS: usize = 20;

/// The recovery folder as seen by one running app, which owns one recovery file in it.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    own: PathBuf,
    lock_path: PathBuf,
    /// Held for the life of the app; the system lets go when the process ends.
    _lock: File,
}

impl Store {
    /// Opens (creating) the folder and takes this app's own recovery file, named
    /// after `instance` (the process id and start time keep it unique).
    pub fn open(dir: &Path, instance: &str) -> Result<Self, RecoveryError> {
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        let own = dir.join(format!("{PREFIX}{instance}.ron"));
        let lock_path = own.with_extension("lock");
        let lock = File::create(&lock_path).map_err(io_error(&lock_path))?;
        lock.try_lock().map_err(|e| RecoveryError::Io {
            path: lock_path.clone(),
            source: e.into(),
        })?;
        Ok(Self {
            dir: dir.to_path_buf(),
            own,
            lock_path,
            _lock: lock,
        })
    }

    /// An instance name for this process: its id and start time.
    pub fn instance_name() -> String {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        format!("{}-{ms}", std::process::id())
    }

    /// This app's recovery file.
    pub fn path(&self) -> &Path {
        &self.own
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Recovery files of apps no longer running, newest first (at most
    /// [`MAX_ORPHANS`] of them), each locked for this app until it is restored,
    /// discarded or set aside (or dropped). Lock files left with no recovery file
    /// beside them, by an app that ended, are removed on the way.
    pub fn orphans(&self) -> Vec<Orphan> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut candidates: Vec<(SystemTime, PathBuf)> = Vec::new();
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path == self.own || path == self.lock_path {
                continue;
            }
            if is_recovery_file(&path) {
                // Only regular files: a pipe, a device or a link to one is no record.
                if let Ok(meta) = crate::fsio::check_regular(&path) {
                    candidates.push((meta.modified().unwrap_or(UNIX_EPOCH), path));
                }
            } else if is_lock_file(&path) && !path.with_extension("ron").exists() {
                remove_stale_lock(&path);
            }
        }
        // Newest first before any lock is taken, so however many files the folder
        // holds the newest are offered, with few files open.
        candidates.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
        candidates
            .into_iter()
            .filter_map(|(modified, path)| {
                let lock_path = path.with_extension("lock");
                let lock = File::options()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&lock_path)
                    .ok()?;
                // Held by a running app: its work is in good hands.
                lock.try_lock().ok()?;
                Some(Orphan {
                    path,
                    lock_path,
                    lock: Some(lock),
                    modified,
                })
            })
            .take(MAX_ORPHANS)
            .collect()
    }

    /// Writes this app's recovery file atomically.
    pub fn write(path: &Path, text: &str) -> Result<(), RecoveryError> {
        write_atomic(path, text.as_bytes()).map_err(io_error(path))
    }

    /// Removes this app's recovery file (nothing is unsaved); missing is fine.
    pub fn remove(path: &Path) -> Result<(), RecoveryError> {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(path)(e)),
            _ => Ok(()),
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // With no recovery file left, the lock file has nothing to guard. With one
        // left (unsaved work at exit), removing the lock makes it an orphan at once.
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

/// Removes a lock file that no running app holds.
fn remove_stale_lock(path: &Path) {
    let Ok(lock) = File::options().write(true).open(path) else {
        return;
    };
    if lock.try_lock().is_ok() {
        // Unlock before deleting: Windows does not delete a file that is open.
        drop(lock);
        let _ = std::fs::remove_file(path);
    }
}

fn is_recovery_file(path: &Path) -> bool {
    is_ours(path, "ron")
}

fn is_lock_file(path: &Path) -> bool {
    is_ours(path, "lock")
}

/// A file of the recovery folder's own naming with this extension.
fn is_ours(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e == extension)
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(PREFIX))
}

/// A recovery file left by an app that is no longer running.
#[derive(Debug)]
pub struct Orphan {
    /// The recovery file.
    pub path: PathBuf,
    lock_path: PathBuf,
    lock: Option<File>,
    /// When it was last written.
    pub modified: SystemTime,
}

impl Orphan {
    /// Reads its record; a damaged file is an error naming the line and column.
    pub fn read(&self) -> Result<Record, RecoveryError> {
        let damaged = |message: String| RecoveryError::Damaged {
            line: 1,
            col: 1,
            message,
            path: self.path.clone(),
        };
        let text = match crate::fsio::read_regular_text(&self.path, 2 * MAX_FILE_BYTES) {
            Ok(Some(text)) => text,
            Ok(None) => return Err(damaged("it is not text".into())),
            Err(crate::fsio::ReadError::Io(e)) => return Err(io_error(&self.path)(e)),
            Err(e) => return Err(damaged(format!("{e}, so it cannot be a recovery file"))),
        };
        Record::from_ron(&text, &self.path)
    }

    /// Makes it `store`'s own recovery file (the restored work is now that app's).
    pub fn adopt(mut self, store: &Store) -> Result<(), RecoveryError> {
        std::fs::rename(&self.path, &store.own).map_err(io_error(&self.path))?;
        self.release();
        Ok(())
    }

    /// Deletes it: the user chose not to restore the work.
    pub fn discard(mut self) -> Result<(), RecoveryError> {
        std::fs::remove_file(&self.path).map_err(io_error(&self.path))?;
        self.release();
        Ok(())
    }

    /// Renames it to `….ron.<reason>` so it is never offered again but is still
    /// there to look at; returns the new name.
    pub fn set_aside(mut self, reason: &str) -> Result<PathBuf, RecoveryError> {
        let mut name = self.path.clone().into_os_string();
        name.push(format!(".{reason}"));
        let aside = PathBuf::from(name);
        std::fs::rename(&self.path, &aside).map_err(io_error(&self.path))?;
        self.release();
        Ok(aside)
    }

    fn release(&mut self) {
        // Unlock before deleting: Windows does not delete a file that is open.
        if self.lock.take().is_some() {
            let _ = std::fs::remove_file(&self.lock_path);
        }
    }
}

impl Drop for Orphan {
    /// An orphan left alone (offered but neither restored nor discarded) keeps its
    /// recovery file for the next start, but not the lock file this app made.
    fn drop(&mut self) {
        self.release();
    }
}

#[cfg(test)]
mod tests;
