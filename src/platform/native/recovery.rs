//! Recovery files on the desktop: a [`RecoveryStorage`] that is a folder.
//!
//! Each running app owns one recovery file in a [`Store`] (the folder), named after
//! its process, and holds a lock on a `.lock` file beside it for as long as it runs;
//! the operating system releases the lock when the process ends however it ends
//! (`kill -9`, a power cut), so at the next start a recovery file whose lock can be
//! taken is an [`Orphan`]: work nobody is looking after, to offer back.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::platform::files::{ReadError, read_regular_text, write_atomic};
use crate::platform::native::fs::check_regular;
use crate::platform::storage::{LeftRecord, Place, RecordSlot, RecoveryStorage, StorageError};

/// The largest recovery file read: a record holds a few pathways, each at most the
/// 64 MiB a model file may be, and more than two of them large is unheard of.
const MAX_RECORD_BYTES: u64 = 2 * 64 * 1024 * 1024;

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
    pub fn open(dir: &Path, instance: &str) -> Result<Self, StorageError> {
        std::fs::create_dir_all(dir).map_err(StorageError::at(dir))?;
        let own = dir.join(format!("{PREFIX}{instance}.ron"));
        let lock_path = own.with_extension("lock");
        let lock = File::create(&lock_path).map_err(StorageError::at(&lock_path))?;
        lock.try_lock()
            .map_err(|e| StorageError::at(&lock_path)(e.into()))?;
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
                if let Ok(meta) = check_regular(&path) {
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
    pub fn write(path: &Path, text: &str) -> Result<(), StorageError> {
        write_atomic(path, text.as_bytes()).map_err(StorageError::at(path))
    }

    /// Removes this app's recovery file (nothing is unsaved); missing is fine.
    pub fn remove(path: &Path) -> Result<(), StorageError> {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StorageError::at(path)(e)),
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
        // Unlock before deleting: Windows does not delete a file that is open. (On
        // wasm a `File` has nothing to close, and clippy says so.)
        #[cfg_attr(target_arch = "wasm32", allow(clippy::drop_non_drop))]
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
    /// Its text; `None` inside `Ok` when it is not text.
    pub fn read_text(&self) -> Result<Option<String>, ReadError> {
        read_regular_text(&self.path, MAX_RECORD_BYTES)
    }

    /// Makes it `store`'s own recovery file (the restored work is now that app's).
    pub fn adopt(self, store: &Store) -> Result<(), StorageError> {
        self.adopt_at(&store.own)
    }

    fn adopt_at(mut self, own: &Path) -> Result<(), StorageError> {
        std::fs::rename(&self.path, own).map_err(StorageError::at(&self.path))?;
        self.release();
        Ok(())
    }

    /// Deletes it: the user chose not to restore the work.
    pub fn discard(mut self) -> Result<(), StorageError> {
        std::fs::remove_file(&self.path).map_err(StorageError::at(&self.path))?;
        self.release();
        Ok(())
    }

    /// Renames it to `….ron.<reason>` so it is never offered again but is still
    /// there to look at; returns the new name.
    pub fn set_aside(mut self, reason: &str) -> Result<PathBuf, StorageError> {
        let mut name = self.path.clone().into_os_string();
        name.push(format!(".{reason}"));
        let aside = PathBuf::from(name);
        std::fs::rename(&self.path, &aside).map_err(StorageError::at(&self.path))?;
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

/// This app's recovery file, written from the autosave thread.
#[derive(Debug)]
struct FileSlot(PathBuf);

impl RecordSlot for FileSlot {
    fn write(&self, text: &str) -> Result<(), StorageError> {
        Store::write(&self.0, text)
    }

    fn remove(&self) -> Result<(), StorageError> {
        Store::remove(&self.0)
    }
}

impl RecoveryStorage for Store {
    fn place(&self) -> Place {
        Place::File(self.own.clone())
    }

    fn path(&self) -> Option<&Path> {
        Some(&self.own)
    }

    fn slot(&self) -> Arc<dyn RecordSlot> {
        Arc::new(FileSlot(self.own.clone()))
    }

    fn left(&self) -> Vec<Box<dyn LeftRecord>> {
        self.orphans()
            .into_iter()
            .map(|o| Box::new(o) as Box<dyn LeftRecord>)
            .collect()
    }
}

impl LeftRecord for Orphan {
    fn place(&self) -> Place {
        Place::File(self.path.clone())
    }

    fn read_text(&self) -> Result<Option<String>, ReadError> {
        Orphan::read_text(self)
    }

    fn discard(self: Box<Self>) -> Result<(), StorageError> {
        Orphan::discard(*self)
    }

    fn set_aside(self: Box<Self>, reason: &str) -> Result<Place, StorageError> {
        Orphan::set_aside(*self, reason).map(Place::File)
    }

    fn adopt_as(self: Box<Self>, own: &Place) -> Result<(), StorageError> {
        match own {
            Place::File(path) => self.adopt_at(path),
            Place::Key(_) => Err(StorageError {
                place: own.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "a recovery file cannot become a browser record",
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_may_hold_two_model_files_of_the_largest_size() {
        assert_eq!(MAX_RECORD_BYTES, 2 * crate::format::MAX_FILE_BYTES);
    }
}
