//! The desktop's side of the platform: the file system, recovery files, threads
//! and (with the app) the system's file dialogs. This is the one place (with the
//! clock, the command line and `main`) where opmt touches `std::fs`, `std::thread`,
//! `std::process` and `std::env`.

#[cfg(all(feature = "ui", not(target_arch = "wasm32")))]
pub mod dialogs;
pub mod fs;
pub mod recovery;
pub mod threads;

pub use threads::Threads;
