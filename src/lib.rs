//! opmt: the Outpatient Pathway Modelling Tool.
//!
//! The library is the pure core of the tool: the pathway [`model`], its RON file
//! [`format`], [`validate`]ion, the exact expected-value [`analysis`], the
//! [`compare`]ison of two pathways, the [`capacity`] of the first-appointment
//! service against its demand, the [`bundled`] models and the text and JSON
//! [`render`]ing of reports. None of it depends on a user interface; the desktop app
//! and the command line are thin shells over it (the app's shell in `app`, its
//! panels in `ui`), and so is the same app in a browser (`app::web`, the page's
//! entry point, built for `wasm32` only).

pub mod analysis;
pub mod animate;
#[cfg(feature = "ui")]
pub mod app;
pub mod appraisal;
pub mod bundled;
pub mod business;
pub mod capacity;
pub mod classes;
pub mod compare;
pub mod diff;
pub mod document;
pub mod edit;
pub mod export;
pub mod format;
pub mod graph;
pub mod ids;
pub mod import;
pub mod layout;
pub mod levers;
pub mod like_for_like;
pub mod measures;
pub mod model;
pub mod numbers;
pub mod platform;
pub mod recovery;
pub mod render;
pub mod sensitivity;
pub mod series;
pub mod session;
pub mod shares;
pub mod simulate;
pub mod synthetic;
#[cfg(feature = "ui")]
pub mod ui;
pub mod uncertainty;
pub mod validate;
/// The workspace file: the pathway files of an options appraisal, listed by path.
pub mod workspace_file;

pub use analysis::{Report, analyse};
pub use compare::{Comparison, compare};
pub use format::{LoadError, load_path, load_str, save_path, to_ron_string};
pub use model::{CanvasPos, Counter, Estimate, Link, Outcome, Pathway, Role, Stage, Step};
pub use validate::{Problem, Severity, validate};
