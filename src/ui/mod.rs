//! The panels of the app: each draws what it is given (a pathway, its analysis, the
//! figures the session worked out, view state) and pushes what the user asked for
//! as edits and commands ([`crate::app::context::Actions`]); none changes a pathway
//! or opens a file itself. The shell in [`crate::app`] lays them out and carries out
//! what they ask.

pub mod animation;
pub mod appraisal;
pub mod breakdown;
pub mod canvas;
pub mod capacity;
pub mod capacity_settings;
pub mod chart_frame;
pub mod charts;
pub mod comparing;
pub mod estimate_editor;
pub mod headline;
pub mod help;
pub mod inspector;
pub mod investment;
pub mod levers;
pub mod menu;
pub mod number_field;
pub mod options;
pub mod picker;
pub mod present;
pub mod problems;
pub mod results;
pub mod roles;
pub mod tables;
pub mod variability;
pub mod what_changed;
pub mod widgets;
