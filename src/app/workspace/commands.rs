//! The workspace's part of each command: what Undo, Add step, Tidy layout and the
//! rest do to the pathways and their views. `OpmtApp::run_command`, the one
//! dispatcher, calls these; an edit that cannot be made comes back as an error for
//! it to report.

use super::Workspace;
use crate::edit::{Edit, EditError};
use crate::layout;
use crate::model::{Pathway, Stage, Step};

use super::super::command::{Layout, View, Which};

impl Workspace {
    /// Undoes the shown pathway's last edit.
    pub fn undo(&mut self) {
        let i = self.entry(self.shown);
        self.session.undo(i);
        self.clamp_selection();
    }

    /// Redoes the shown pathway's last undone edit.
    pub fn redo(&mut self) {
        let i = self.entry(self.shown);
        self.session.redo(i);
        self.clamp_selection();
    }

    /// Adds a step next to the selected (or last) one, not linked.
    pub fn add_step(&mut self) -> Result<(), EditError> {
        let i = self.entry(self.shown);
        let pathway = self.session.doc(i).pathway();
        let selected = self.panes[i].selection.step;
        let mut step = new_step(pathway, selected);
        step.pos = Some(layout::position_after(pathway, selected));
        self.apply(Edit::AddStep(step))
    }

    /// Adds a step after the selected one (or the last one when none is selected),
    /// linked from it.
    pub fn add_step_after(&mut self) -> Result<(), EditError> {
        let i = self.entry(self.shown);
        let pathway = self.session.doc(i).pathway();
        let from = self.panes[i]
            .selection
            .step
            .filter(|&s| s < pathway.steps.len())
            .or(pathway.steps.len().checked_sub(1));
        match from {
            Some(from) => {
                let step = new_step(pathway, Some(from));
                self.apply(Edit::AddStepAfter { from, step })
            }
            None => self.add_step(),
        }
    }

    /// Deletes the selected step, if any.
    pub fn delete_selected(&mut self) -> Result<(), EditError> {
        match self.selected_step() {
            Some(s) => self.apply(Edit::RemoveSteps(vec![s])),
            None => Ok(()),
        }
    }

    /// Duplicates the selected step, if any.
    pub fn duplicate_selected(&mut self) -> Result<(), EditError> {
        match self.selected_step() {
            Some(s) => self.apply(Edit::DuplicateSteps(vec![s])),
            None => Ok(()),
        }
    }

    /// Lays the shown pathway's steps out tidily (one undo step), then fits them in
    /// the map.
    pub fn tidy_layout(&mut self) -> Result<(), EditError> {
        let i = self.entry(self.shown);
        let moves = layout::tidy(self.session.doc(i).pathway())
            .into_iter()
            .enumerate()
            .collect();
        let result = self.apply(Edit::MoveSteps(moves));
        self.seal();
        self.panes[i].canvas.fit_pending = true;
        result
    }

    /// Fits the shown pathway in the map at the next frame.
    pub fn fit_view(&mut self) {
        let i = self.entry(self.shown);
        self.panes[i].canvas.fit_pending = true;
    }

    /// Shows and edits `which`.
    pub fn show(&mut self, which: Which) {
        self.shown = which;
    }

    /// Switches the editing view; from Results only, editing comes back beside the
    /// results.
    pub fn set_view(&mut self, view: View) {
        self.view = view;
        if self.layout == Layout::Results {
            self.layout = Layout::SideBySide;
        }
    }

    /// Arranges editing and results.
    pub fn set_layout(&mut self, layout: Layout) {
        self.layout = layout;
    }

    /// Selects step `step` of the shown pathway and brings it into view.
    pub fn focus(&mut self, step: usize) {
        let i = self.entry(self.shown);
        self.panes[i].selection.step = Some(step);
        self.panes[i].canvas.focus = Some(step);
    }

    /// Selects the step after the selected one (`forward`) or before it, staying at
    /// the ends.
    pub fn select_neighbour(&mut self, forward: bool) {
        let i = self.entry(self.shown);
        let steps = self.session.doc(i).pathway().steps.len();
        if let Some(step) = neighbour(self.panes[i].selection.step, steps, forward) {
            self.focus(step);
        }
    }

    /// Compares the current process with option `option`, and says so.
    pub fn compare_with_option(&mut self, option: usize) {
        self.view_option(option);
        self.status = format!(
            "Now comparing \"{}\" with the option \"{}\".",
            self.doc(Which::Current).pathway().name,
            self.doc(Which::Comparison).pathway().name
        );
    }

    fn selected_step(&self) -> Option<usize> {
        self.panes[self.entry(self.shown)].selection.step
    }

    /// Drops a selection that an undo or redo left beyond the last step.
    fn clamp_selection(&mut self) {
        let i = self.entry(self.shown);
        let steps = self.session.doc(i).pathway().steps.len();
        let selection = &mut self.panes[i].selection;
        if selection.step.is_some_and(|s| s >= steps) {
            selection.step = None;
        }
    }
}

/// The step before (or after, `forward`) `selected` among `steps`, staying at the
/// ends; the last (or first) step when none is selected.
fn neighbour(selected: Option<usize>, steps: usize, forward: bool) -> Option<usize> {
    let last = steps.checked_sub(1)?;
    Some(match (selected.filter(|&s| s <= last), forward) {
        (None, true) => 0,
        (None, false) => last,
        (Some(s), true) => (s + 1).min(last),
        (Some(s), false) => s.saturating_sub(1),
    })
}

/// A new step with the stage and role of the step it follows, if any.
fn new_step(pathway: &Pathway, after: Option<usize>) -> Step {
    let previous = after.and_then(|i| pathway.steps.get(i));
    let stage = previous.map_or(Stage::Other, |p| p.stage);
    let mut step = Step::new("new_step", "New step", stage);
    step.role = previous.and_then(|p| p.role.clone());
    step
}
