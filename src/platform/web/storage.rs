//! Recovery records in the browser's local storage: one key a tab, named after the
//! time the tab started (`opmt-recovery-<ms>`). A browser cannot tell whether
//! another tab is still open, so at start every other tab's record is offered
//! back; a record set aside gets a suffix (`….stale`) and is never offered again.

use std::path::Path;
use std::sync::Arc;

use crate::platform::clock::now_unix_millis;
use crate::platform::files::ReadError;
use crate::platform::storage::{LeftRecord, Place, RecordSlot, RecoveryStorage, StorageError};

const PREFIX: &str = "opmt-recovery-";

/// The most records offered at one start, newest first.
const MAX_LEFT: usize = 20;

fn failed(key: &str, what: &str) -> StorageError {
    StorageError {
        place: Place::Key(key.to_owned()),
        source: std::io::Error::other(format!("the browser's storage could not {what}")),
    }
}

fn local_storage(key: &str) -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| failed(key, "be opened"))
}

/// The keys of records kept, other than `own`, with the time each tab started.
fn left_keys(own: &str) -> Vec<(u128, String)> {
    let Ok(storage) = local_storage(own) else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    let mut keys: Vec<(u128, String)> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k != own)
        .filter_map(|k| {
            let ms = k.strip_prefix(PREFIX)?.parse::<u128>().ok()?;
            Some((ms, k))
        })
        .collect();
    keys.sort_by(|a, b| b.cmp(a));
    keys.truncate(MAX_LEFT);
    keys
}

/// This tab's record in local storage.
#[derive(Debug)]
pub struct LocalStorage {
    own: String,
}

impl LocalStorage {
    /// This tab's record, when the browser keeps local storage.
    pub fn open() -> Result<Self, StorageError> {
        let own = format!("{PREFIX}{}", now_unix_millis());
        local_storage(&own)?;
        Ok(Self { own })
    }
}

/// Writes one key.
#[derive(Debug)]
struct KeySlot(String);

impl RecordSlot for KeySlot {
    fn write(&self, text: &str) -> Result<(), StorageError> {
        local_storage(&self.0)?
            .set_item(&self.0, text)
            .map_err(|_| failed(&self.0, "keep the record (it may be full)"))
    }

    fn remove(&self) -> Result<(), StorageError> {
        local_storage(&self.0)?
            .remove_item(&self.0)
            .map_err(|_| failed(&self.0, "remove the record"))
    }
}

impl RecoveryStorage for LocalStorage {
    fn place(&self) -> Place {
        Place::Key(self.own.clone())
    }

    fn path(&self) -> Option<&Path> {
        None
    }

    fn slot(&self) -> Arc<dyn RecordSlot> {
        Arc::new(KeySlot(self.own.clone()))
    }

    fn left(&self) -> Vec<Box<dyn LeftRecord>> {
        left_keys(&self.own)
            .into_iter()
            .map(|(_, key)| Box::new(LeftKey(key)) as Box<dyn LeftRecord>)
            .collect()
    }
}

/// Another tab's record.
#[derive(Debug)]
struct LeftKey(String);

impl LeftKey {
    fn take(&self) -> Result<String, StorageError> {
        let storage = local_storage(&self.0)?;
        let text = storage
            .get_item(&self.0)
            .ok()
            .flatten()
            .ok_or_else(|| failed(&self.0, "read the record"))?;
        storage
            .remove_item(&self.0)
            .map_err(|_| failed(&self.0, "remove the record"))?;
        Ok(text)
    }

    fn move_to(&self, key: &str) -> Result<(), StorageError> {
        let text = self.take()?;
        KeySlot(key.to_owned()).write(&text)
    }
}

impl LeftRecord for LeftKey {
    fn place(&self) -> Place {
        Place::Key(self.0.clone())
    }

    fn read_text(&self) -> Result<Option<String>, ReadError> {
        let storage = local_storage(&self.0).map_err(|e| ReadError::Io(e.source))?;
        Ok(storage.get_item(&self.0).ok().flatten())
    }

    fn discard(self: Box<Self>) -> Result<(), StorageError> {
        KeySlot(self.0.clone()).remove()
    }

    fn set_aside(self: Box<Self>, reason: &str) -> Result<Place, StorageError> {
        let aside = format!("{}.{reason}", self.0);
        self.move_to(&aside)?;
        Ok(Place::Key(aside))
    }

    fn adopt_as(self: Box<Self>, own: &Place) -> Result<(), StorageError> {
        match own {
            Place::Key(key) => self.move_to(key),
            Place::File(_) => Err(failed(&self.0, "move a record into a file")),
        }
    }
}
