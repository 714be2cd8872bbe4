//! The platform layer: everything opmt needs from the machine it runs on, behind one
//! module, so the rest of the code builds for the desktop and for the web
//! (`wasm32-unknown-unknown`) alike.
//!
//! - [`clock`]: monotonic instants and wall-clock time (`web-time`: the standard
//!   library's types on the desktop, the browser's clock on the web).
//! - [`dialogs`]: file dialogs, answering at once with a path or later with bytes.
//! - [`files`]: reading a file whole (with a limit) and replacing one atomically.
//! - [`spawn`]: work off the frame, on threads or sliced across frames.
//! - [`storage`]: where the record of unsaved work is kept for recovery.
//! - [`test`]: stand-ins for tests: work run at once, storage that always fails.
//!
//! The clipboard is egui's (`ctx.copy_text`), which eframe connects to the
//! system's clipboard on the desktop and the browser's on the web; preferences are
//! eframe's storage (a file on the desktop, local storage on the web).
//!
//! The desktop's implementations (files, recovery files, threads, dialogs) live in
//! [`native`]; the browser's in `web` (built for `wasm32` only). Nothing outside
//! `native` and `clock` (but the command line's `cli.rs` and `main.rs`) touches
//! `std::fs`, `std::thread`, `std::process`, `std::env` or the standard library's clock:
//! `tests/logic/architecture.rs` checks it.

pub mod clock;
pub mod dialogs;
pub mod files;
pub mod native;
pub mod spawn;
pub mod storage;
pub mod test;
#[cfg(target_arch = "wasm32")]
pub mod web;

use std::path::PathBuf;
use std::rc::Rc;

use dialogs::FileDialogs;
use spawn::{FrameRunner, Spawn};
use storage::RecoveryStorage;

/// Where the app keeps the record of unsaved work.
pub enum Recovery {
    /// Nowhere: autosave is off.
    Off,
    /// Files in this folder (the desktop), opened when the app starts.
    Folder(PathBuf),
    /// This storage (the web's, or a test's stand-in).
    Storage(Box<dyn RecoveryStorage>),
}

/// The platform the app runs on: its file dialogs, where background work runs and
/// where unsaved work is kept. The app takes it at start
/// (`crate::app::StartOptions`), so a test passes its stand-ins.
pub struct Platform {
    /// Where Open and Save as… ask for a file.
    pub dialogs: Box<dyn FileDialogs>,
    /// Where background work runs.
    pub spawn: Rc<dyn Spawn>,
    /// Where unsaved work is kept.
    pub recovery: Recovery,
    /// The runner to give a slice of each frame to, on a platform without threads.
    pub frames: Option<FrameRunner>,
}

impl Platform {
    /// The desktop: the system's file dialogs, threads, and recovery files in
    /// `recovery_dir` (`None`: autosave off).
    #[cfg(all(feature = "ui", not(target_arch = "wasm32")))]
    pub fn desktop(recovery_dir: Option<PathBuf>) -> Self {
        Self {
            dialogs: Box::new(native::dialogs::NativeDialogs),
            spawn: Rc::new(native::Threads),
            recovery: recovery_dir.map_or(Recovery::Off, Recovery::Folder),
            frames: None,
        }
    }

    /// These dialogs instead (a test's answers).
    pub fn with_dialogs(mut self, dialogs: Box<dyn FileDialogs>) -> Self {
        self.dialogs = dialogs;
        self
    }

    /// This spawner instead (a test's [`test::Inline`]).
    pub fn with_spawn(mut self, spawn: Rc<dyn Spawn>) -> Self {
        self.spawn = spawn;
        self
    }

    /// This recovery storage instead (a test's [`test::Memory`] or [`test::Broken`]).
    pub fn with_recovery(mut self, recovery: Recovery) -> Self {
        self.recovery = recovery;
        self
    }
}
