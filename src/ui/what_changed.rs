//! The *What changed* window: every difference between the current process and the
//! option in view (a colleague's version of the model, say), each with its effect on
//! the cost per referral when made alone. The steps it lists are marked on both
//! maps while it is open, and clicking a change selects its step.

use egui::RichText;

use crate::app::command::{Command, Which};
use crate::app::context::Actions;
use crate::diff::{Change, ChangeKind, diff};
use crate::model::Pathway;
use crate::session::Version;

/// Changes described in more characters than this are cut, in full on hover.
const LONG_CHARS: usize = 160;

/// The window's state: the differences, worked out again only when either pathway
/// changes.
#[derive(Debug, Default)]
pub struct WhatChanged {
    key: Option<(Version, Version)>,
    changes: Vec<Change>,
}

impl WhatChanged {
    /// The differences from `a` to `b`, computed again when their versions change;
    /// true when they were.
    pub fn update(&mut self, key: (Version, Version), a: &Pathway, b: &Pathway) -> bool {
        if self.key == Some(key) {
            return false;
        }
        self.key = Some(key);
        self.changes = diff(a, b);
        true
    }

    /// The differences, in the order of the first pathway.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The steps to mark on each map: the current process's, then the option's.
    pub fn changed_steps(&self) -> [Vec<usize>; 2] {
        [
            self.changes.iter().filter_map(|c| c.step_in_a).collect(),
            self.changes.iter().filter_map(|c| c.step_in_b).collect(),
        ]
    }
}

/// The step a change is about, on the map where it can be seen: the option's when
/// it has the step, otherwise the current process's (a removed step).
pub fn step_of(change: &Change) -> Option<(Which, usize)> {
    change
        .step_in_b
        .map(|s| (Which::Comparison, s))
        .or(change.step_in_a.map(|s| (Which::Current, s)))
}

/// The window, while open; false once the user closes it.
pub fn what_changed_ui(
    ctx: &egui::Context,
    state: &WhatChanged,
    names: &[String; 2],
    actions: &mut Actions,
) -> bool {
    let mut open = true;
    egui::Window::new("What changed")
        .open(&mut open)
        .default_width(520.0)
        .default_height(420.0)
        .show(ctx, |ui| body_ui(ui, state, names, actions));
    open
}

fn body_ui(ui: &mut egui::Ui, state: &WhatChanged, names: &[String; 2], actions: &mut Actions) {
    ui.horizontal_wrapped(|ui| {
        ui.label("From");
        ui.label(RichText::new(&names[0]).strong());
        ui.label("(current process) to");
        ui.label(RichText::new(&names[1]).strong());
    });
    let changes = state.changes();
    if changes.is_empty() {
        ui.label("No differences: the two pathways are the same.");
        return;
    }
    ui.weak(format!(
        "{} difference{}. Each figure is the change in the current process's cost per \
         referral if that change alone were made to it. Click a change to select its step; \
         changed steps are marked on the maps while this window is open.",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    ));
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (heading, group) in groups(changes) {
                ui.label(RichText::new(heading).strong());
                for change in group {
                    change_ui(ui, change, actions);
                }
                ui.add_space(6.0);
            }
        });
}

/// One change: a button when it has a step to show, a line otherwise.
fn change_ui(ui: &mut egui::Ui, change: &Change, actions: &mut Actions) {
    let full = change.describe();
    // Long notes would fill the window: cut, with the whole text on hover.
    let text = super::widgets::clipped(&full, LONG_CHARS, "…");
    match step_of(change) {
        Some((which, step)) => {
            let map = match which {
                Which::Current => "the current process",
                Which::Comparison => "the option",
            };
            if ui
                .selectable_label(false, &text)
                .on_hover_text(format!("Select this step on the map of {map}"))
                .clicked()
            {
                actions.command(Command::Show(which));
                actions.command(Command::Focus(step));
            }
        }
        None if text != full => {
            ui.label(text).on_hover_text(full);
        }
        None => {
            ui.label(text);
        }
    }
}

/// The changes grouped under headings: settings, roles, steps.
fn groups(changes: &[Change]) -> Vec<(&'static str, Vec<&Change>)> {
    let mut settings = Vec::new();
    let mut roles = Vec::new();
    let mut steps = Vec::new();
    for change in changes {
        match change.kind {
            ChangeKind::Setting(_) => settings.push(change),
            ChangeKind::RoleAdded | ChangeKind::RoleRemoved | ChangeKind::RoleField(_) => {
                roles.push(change);
            }
            _ => steps.push(change),
        }
    }
    [("Settings", settings), ("Roles", roles), ("Steps", steps)]
        .into_iter()
        .filter(|(_, g)| !g.is_empty())
        .collect()
}
