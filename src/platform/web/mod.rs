//! The browser's side of the platform (built for `wasm32` only): recovery records
//! in local storage and file dialogs that answer later with the file's bytes.
//! Work runs in slices across frames ([`super::spawn::FrameRunner`]); a browser
//! has no threads to start.

#[cfg(feature = "ui")]
pub mod dialogs;
pub mod storage;

#[cfg(feature = "ui")]
use std::rc::Rc;

#[cfg(feature = "ui")]
use super::clock::Duration;
#[cfg(feature = "ui")]
use super::{Platform, Recovery, spawn::FrameRunner};

/// Of each frame, the time work may take (a frame at 60 Hz is about 16 ms).
#[cfg(feature = "ui")]
const FRAME_BUDGET: Duration = Duration::from_millis(8);

#[cfg(feature = "ui")]
impl Platform {
    /// The web: the browser's file dialogs, work in slices across frames, and
    /// recovery records in local storage (autosave off where the browser keeps no
    /// storage, as in some private windows).
    pub fn web() -> Self {
        let frames = FrameRunner::new(FRAME_BUDGET);
        let recovery = match storage::LocalStorage::open() {
            Ok(store) => Recovery::Storage(Box::new(store)),
            Err(_) => Recovery::Off,
        };
        Self {
            dialogs: Box::new(dialogs::WebDialogs::default()),
            spawn: Rc::new(frames.clone()),
            recovery,
            frames: Some(frames),
        }
    }
}
