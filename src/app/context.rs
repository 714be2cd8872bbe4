//! What a panel receives: the pathway and its problems to read, the selection to
//! change, and a queue for the edits and commands it asks for. Panels never change
//! the pathway themselves; the app applies the queued edits after the panels ran.

use egui::Color32;

use crate::analysis::Report;
use crate::edit::Edit;
use crate::model::{Pathway, Stage};
use crate::validate::Problem;

use super::command::Command;

/// What is selected on the canvas and in the tables.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// The selected step, by index.
    pub step: Option<usize>,
    /// A stage whose steps are highlighted (from a chart or the legend).
    pub highlight_stage: Option<Stage>,
    /// The selected step was just added: its name field takes the keyboard, with
    /// the placeholder name selected, so typing names it.
    pub focus_name: bool,
    /// The name was typed before its field could take the keyboard (in a new
    /// grid's invisible sizing pass, which egui discards with its input): the
    /// field then takes the keyboard with the cursor after what was typed.
    pub name_typed_early: bool,
    /// The last role was just added: its name field takes the keyboard.
    pub focus_role_name: bool,
    /// A role added from the inspector (by index): its name and hourly cost are
    /// edited there, under the step's role, while a step that has it is selected.
    pub inline_role: Option<usize>,
    /// That role was just added: its name field in the inspector takes the keyboard.
    pub focus_inline_role: bool,
}

/// Edits and commands that panels ask for during a frame.
#[derive(Debug, Default)]
pub struct Actions {
    /// Edits to the pathway being shown, in order.
    pub edits: Vec<Edit>,
    /// App commands (save, undo, fit view...).
    pub commands: Vec<Command>,
    /// End the current gesture after this frame's edits (a drag released, a field left).
    pub seal: bool,
}

impl Actions {
    /// Queues an edit.
    pub fn edit(&mut self, edit: Edit) {
        self.edits.push(edit);
    }

    /// Queues a command.
    pub fn command(&mut self, command: Command) {
        self.commands.push(command);
    }
}

/// What a panel receives.
pub struct PanelCtx<'a> {
    /// The pathway shown (working or comparison).
    pub pathway: &'a Pathway,
    /// Its validation problems.
    pub problems: &'a [Problem],
    /// Its analysis, when it has no errors.
    pub report: Option<&'a Report>,
    /// The selection (view state: panels change it directly).
    pub selection: &'a mut Selection,
    /// Where panels queue edits and commands.
    pub actions: &'a mut Actions,
}

/// The colour of a stage, the same everywhere in the app (canvas and charts).
pub fn stage_colour(stage: Stage) -> Color32 {
    rgb(crate::series::stage_rgb(stage))
}

/// A colour from 0xRRGGBB.
pub const fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// A plain-English description of a stage, for tooltips and legends.
pub fn stage_description(stage: Stage) -> &'static str {
    match stage {
        Stage::Referral => "At the GP practice, before the hospital has the referral",
        Stage::Receipt => "The hospital receives and registers the referral",
        Stage::Triage => "A clinician grades, triages or advises",
        Stage::Booking => "An appointment is booked or rebooked",
        Stage::Communication => "Letters, reminders and messages to the patient",
        Stage::Attendance => "The appointment: attended or missed (DNA)",
        Stage::Other => "Anything else",
    }
}
