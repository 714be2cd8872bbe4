//! The one dispatcher: every [`Command`] is carried out here, each named in one
//! `match` with no catch-all arm, so a new command does not compile until it is
//! given its place. Edits that cannot be made are reported once, in the status line.

use super::OpmtApp;
use super::command::{Command, Which};
use super::dialogs::Pending;
use super::files::FileRequest;
use crate::edit::EditError;

impl OpmtApp {
    /// Carries out `command`.
    pub(crate) fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        let which = self.workspace.shown;
        let mut edited = Ok(());
        match command {
            // Files, asking first about unsaved work they would replace.
            Command::New => self.request(which, Pending::New),
            Command::Open => self.request(which, Pending::Open),
            Command::OpenBundled(i) => self.request(which, Pending::OpenBundled(i)),
            Command::OpenPath(path) => self.request(which, Pending::OpenPath(path)),
            Command::OpenWorkspace => self.request(which, Pending::OpenWorkspace(None)),
            Command::ImportSteps => self.request(which, Pending::ImportSteps),
            Command::Save => self.save(which, false, None),
            Command::SaveAs => self.save(which, true, None),
            Command::SaveWorkspaceAs => self.ask_file(FileRequest::SaveWorkspace),
            Command::ExportWorkbook => self.start_export(),
            Command::ExportStepsCsv => {
                let request = self.steps_csv_request();
                self.ask_file(request);
            }
            Command::SaveStepsTemplate => self.ask_file(FileRequest::SaveCsv {
                file_name: "steps-template.csv".into(),
                csv: super::export::STEPS_TEMPLATE.into(),
            }),
            Command::SaveCsv { file_name, csv } => {
                self.ask_file(FileRequest::SaveCsv { file_name, csv });
            }
            Command::SavePicture { file_name, rect } => {
                self.ask_file(FileRequest::SavePng { file_name, rect });
            }
            Command::CopyPicture(rect) => {
                self.picture_pending = Some((rect, super::export::PictureTarget::Clipboard));
            }
            // What is compared.
            Command::CompareWithBundled(i) => {
                self.request(Which::Comparison, Pending::OpenBundled(i));
            }
            Command::CompareWithFile => self.request(Which::Comparison, Pending::Open),
            Command::BestPracticeForThisPathway => self.start_best_practice(),
            Command::SwapPathways => self.workspace.swap(),
            Command::ViewOption(option) => self.workspace.compare_with_option(option),
            Command::DuplicateAsOption(from) => self.workspace.duplicate_as_option(from),
            Command::AddBundledOption(index) => edited = self.workspace.add_bundled_option(index),
            Command::AddOptionFile => self.ask_file(FileRequest::AddOption),
            Command::RemoveOption(i) => self.ask_to_remove(i),
            Command::UndoRemoveOption => self.workspace.undo_remove_option(),
            Command::MoveOption { from, to } => self.workspace.move_option(from, to),
            Command::RenameOption { option, name } => self.workspace.rename(option, name),
            // Edits.
            Command::EditPathway { pathway, edit } => {
                edited = self.workspace.edit_pathway(pathway, *edit);
            }
            Command::Undo => self.workspace.undo(),
            Command::Redo => self.workspace.redo(),
            Command::AddStep => edited = self.workspace.add_step(),
            Command::AddStepAfter => edited = self.workspace.add_step_after(),
            Command::DeleteSelected => edited = self.workspace.delete_selected(),
            Command::DuplicateSelected => edited = self.workspace.duplicate_selected(),
            Command::TidyLayout => edited = self.workspace.tidy_layout(),
            // Vieself.workspace.
            Command::FitView => self.workspace.fit_view(),
            Command::Show(which) => self.workspace.show(which),
            Command::SetView(view) => self.workspace.set_view(view),
            Command::SetLayout(layout) => self.workspace.set_layout(layout),
            Command::Focus(step) => self.workspace.focus(step),
            Command::SelectPreviousStep => self.workspace.select_neighbour(false),
            Command::SelectNextStep => self.workspace.select_neighbour(true),
            Command::WhatChanged => self.toggle_what_changed(),
            Command::Present => self.toggle_present(ctx),
            Command::Help(page) => self.help = Some(page),
            Command::ToggleTheme => {
                self.prefs.dark = !self.prefs.dark;
                self.prefs.apply_theme(ctx);
            }
            // Jobs and the window.
            Command::Simulate { referrals, seed } => {
                let ctx = ctx.clone();
                let notify = Box::new(move || ctx.request_repaint());
                self.workspace
                    .simulate(referrals, seed, self.spawn.as_ref(), notify);
            }
            Command::CancelSimulation => self.workspace.cancel_simulation(),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
        self.report(edited);
    }

    /// Says in the status line why an edit was not made.
    pub(crate) fn report(&mut self, result: Result<(), EditError>) {
        if let Err(e) = result {
            self.workspace.status = format!("Not changed: {e}");
        }
    }
}
