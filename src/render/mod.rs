//! Reports as text tables for people and JSON for programs. Numbers are written by
//! [`crate::numbers`], as in the app.

pub mod json;
mod text;

pub use text::{comparison_text, options_text, report_text, sensitivity_text, simulation_text};
