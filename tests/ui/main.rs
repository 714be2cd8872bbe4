//! The tests that drive the real app: egui_kittest harnesses found by label, PNG
//! snapshots, and the app run as a process for recovery. One test binary, so the
//! app and its dependencies are linked once (see README, "Tests").

#[path = "../common/mod.rs"]
mod common;

mod app;
mod appraisal;
mod canvas;
mod capacity;
mod capture;
mod export;
mod first_use;
mod hostile;
mod options;
mod panels;
mod platform;
mod present;
mod recovery;
mod recovery_process;
mod variability;
mod workshop;
