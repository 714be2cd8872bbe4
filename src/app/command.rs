//! App commands as data: each knows its label, its keyboard shortcut, when it can
//! run and whether it yields its keys to a text field. Menus, the toolbar, keyboard
//! handling and the Help window's list of shortcuts are all generated from
//! [`Command`]; `OpmtApp::run_command` is the one place that carries them out.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Which pathway an action concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Which {
    /// The working (current) pathway.
    Current,
    /// The comparison (proposed) pathway.
    Comparison,
}

impl Which {
    /// Both, current first.
    pub const BOTH: [Which; 2] = [Which::Current, Which::Comparison];

    /// Index into per-pathway arrays.
    pub fn index(self) -> usize {
        match self {
            Which::Current => 0,
            Which::Comparison => 1,
        }
    }

    /// Label in the switcher.
    pub fn label(self) -> &'static str {
        match self {
            Which::Current => "Current process",
            Which::Comparison => "Comparison",
        }
    }
}

/// The main views of the editing area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum View {
    /// The process map (canvas).
    #[default]
    Map,
    /// The table of steps.
    Steps,
    /// Roles and pathway settings.
    Roles,
}

impl View {
    /// Every view in tab order.
    pub const ALL: [View; 3] = [View::Map, View::Steps, View::Roles];

    /// Tab label.
    pub fn label(self) -> &'static str {
        match self {
            View::Map => "Process map",
            View::Steps => "Steps table",
            View::Roles => "Roles and settings",
        }
    }
}

/// How editing and results share the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Layout {
    /// Editing and results side by side (a wide screen).
    #[default]
    SideBySide,
    /// Editing only (a narrow screen).
    Editing,
    /// Results only (a projector).
    Results,
}

impl Layout {
    /// Every layout, in toolbar order.
    pub const ALL: [Layout; 3] = [Layout::Editing, Layout::SideBySide, Layout::Results];

    /// Toolbar label.
    pub fn label(self) -> &'static str {
        match self {
            Layout::SideBySide => "Both",
            Layout::Editing => "Edit only",
            Layout::Results => "Results only",
        }
    }
}

/// The pages of the Help window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpPage {
    /// How to capture, compare, present and read the results.
    Guide,
    /// Every keyboard shortcut.
    Shortcuts,
    /// Version and licence.
    About,
}

impl HelpPage {
    /// Every page, in menu order.
    pub const ALL: [HelpPage; 3] = [HelpPage::Guide, HelpPage::Shortcuts, HelpPage::About];

    /// The menu label and window title.
    pub fn label(self) -> &'static str {
        match self {
            HelpPage::Guide => "Guide",
            HelpPage::Shortcuts => "Keyboard shortcuts",
            HelpPage::About => "About opmt",
        }
    }
}

/// Everything the user can ask the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Start a new, empty pathway.
    New,
    /// Open a model file with the file dialog.
    Open,
    /// Open one of the bundled models by index into [`crate::bundled::ALL`].
    OpenBundled(usize),
    /// Open a file by path (recent files, drag and drop, tests).
    OpenPath(std::path::PathBuf),
    /// Compare the current process with a bundled model (the view stays put).
    CompareWithBundled(usize),
    /// Compare the current process with a model file chosen in a dialog.
    CompareWithFile,
    /// Build and compare "NAME with best practice": best-practice measures applied to
    /// a copy of the current process (a dialog asks which).
    BestPracticeForThisPathway,
    /// Swap the current process and the comparison.
    SwapPathways,
    /// Compare the current process with option `i` (its place in the session).
    ViewOption(usize),
    /// Add a copy of pathway `i` (0 is the current process) as a new option.
    DuplicateAsOption(usize),
    /// Add a bundled model (index into [`crate::bundled::ALL`]) as a new option.
    AddBundledOption(usize),
    /// Add a model file chosen in a dialog as a new option.
    AddOptionFile,
    /// Remove option `i`, once the user has said yes (it can be put back with
    /// [`Command::UndoRemoveOption`]).
    RemoveOption(usize),
    /// Put back the option removed last, in its place.
    UndoRemoveOption,
    /// Move option `from` to place `to`.
    MoveOption {
        /// Its place now.
        from: usize,
        /// Its place after.
        to: usize,
    },
    /// Rename pathway `i`.
    RenameOption {
        /// Its place in the session.
        option: usize,
        /// The new name.
        name: String,
    },
    /// Change pathway `pathway` of the session (not necessarily the one shown), as
    /// one step of its undo history.
    EditPathway {
        /// Its place in the session.
        pathway: usize,
        /// The change.
        edit: Box<crate::edit::Edit>,
    },
    /// Open a workspace file (the current process and its options) chosen in a dialog.
    OpenWorkspace,
    /// Save the workspace file (and every pathway in it), asking where.
    SaveWorkspaceAs,
    /// Open or close the *What changed* window.
    WhatChanged,
    /// Save to the pathway's file, or ask where.
    Save,
    /// Save to a new file.
    SaveAs,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Add a step, next to the selected (or last) step.
    AddStep,
    /// Add a step after the selected one, linked from it (Enter on a selected card).
    AddStepAfter,
    /// Delete the selected step.
    DeleteSelected,
    /// Duplicate the selected step.
    DuplicateSelected,
    /// Fit the whole pathway in the canvas.
    FitView,
    /// Lay out all steps tidily again.
    TidyLayout,
    /// Switch between light and dark.
    ToggleTheme,
    /// Show and edit this pathway.
    Show(Which),
    /// Switch the editing view.
    SetView(View),
    /// Arrange editing and results.
    SetLayout(Layout),
    /// Select a step and bring it into view.
    Focus(usize),
    /// Export the benefits workbook (.xlsx): asking which options when there are
    /// two or more, else of the one compared.
    ExportWorkbook,
    /// Save the shown pathway's steps as CSV.
    ExportStepsCsv,
    /// Replace the shown pathway's steps with those of a spreadsheet.
    ImportSteps,
    /// Save the template spreadsheet for *Import steps*.
    SaveStepsTemplate,
    /// Save a table as CSV: the suggested file name and the text.
    SaveCsv {
        /// Suggested file name.
        file_name: String,
        /// The CSV text.
        csv: String,
    },
    /// Save the part of the window in `rect` (a chart) as a PNG picture.
    SavePicture {
        /// Suggested file name.
        file_name: String,
        /// The area, in points.
        rect: egui::Rect,
    },
    /// Copy the part of the window in this rect (a chart) as a picture.
    CopyPicture(egui::Rect),
    /// Select the step before the selected one (in the order steps were added).
    SelectPreviousStep,
    /// Select the step after the selected one.
    SelectNextStep,
    /// Simulate the current process and the option in view in the background.
    Simulate {
        /// Referrals to simulate through each pathway.
        referrals: u64,
        /// Seed of the random streams (the same seed gives the same result).
        seed: u64,
    },
    /// Stop the running simulation at its next chunk.
    CancelSimulation,
    /// Close the window.
    Quit,
    /// Enter or leave Present mode (full screen, for a projector).
    Present,
    /// Open a page of the Help window.
    Help(HelpPage),
}

impl Command {
    /// The menu label, in British English.
    pub fn label(&self) -> String {
        match self {
            Command::New => "New".into(),
            Command::Open => "Open…".into(),
            Command::OpenBundled(i) => crate::bundled::ALL
                .get(*i)
                .map_or_else(|| "Bundled model".into(), |m| m.title.into()),
            Command::OpenPath(p) => p.display().to_string(),
            Command::CompareWithBundled(i) => crate::bundled::ALL
                .get(*i)
                .map_or_else(|| "Bundled model".into(), |m| m.title.into()),
            Command::CompareWithFile => "A model file…".into(),
            Command::BestPracticeForThisPathway => "Best practice for this pathway…".into(),
            Command::SwapPathways => "Swap current and comparison".into(),
            Command::ViewOption(_) => "View option".into(),
            Command::DuplicateAsOption(0) => "A copy of the current process".into(),
            Command::DuplicateAsOption(_) => "A copy of this option".into(),
            Command::AddBundledOption(i) => crate::bundled::ALL
                .get(*i)
                .map_or_else(|| "Bundled model".into(), |m| m.title.into()),
            Command::AddOptionFile => "A model file…".into(),
            Command::RemoveOption(_) => "Remove option".into(),
            Command::UndoRemoveOption => "Undo remove option".into(),
            Command::MoveOption { from, to } if to < from => "Move left".into(),
            Command::MoveOption { .. } => "Move right".into(),
            Command::RenameOption { .. } => "Rename".into(),
            Command::EditPathway { .. } => "Change".into(),
            Command::OpenWorkspace => "Open workspace…".into(),
            Command::SaveWorkspaceAs => "Save workspace as…".into(),
            Command::WhatChanged => "What changed…".into(),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save as…".into(),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::AddStep => "Add step".into(),
            Command::AddStepAfter => "Add step after".into(),
            Command::DeleteSelected => "Delete step".into(),
            Command::DuplicateSelected => "Duplicate step".into(),
            Command::FitView => "Fit to window".into(),
            Command::TidyLayout => "Tidy layout".into(),
            Command::ToggleTheme => "Dark theme".into(),
            Command::Show(which) => which.label().into(),
            Command::SetView(view) => view.label().into(),
            Command::SetLayout(layout) => layout.label().into(),
            Command::Focus(_) => "Show step".into(),
            Command::ExportWorkbook => "Benefits workbook (Excel)…".into(),
            Command::ExportStepsCsv => "Steps as CSV…".into(),
            Command::ImportSteps => "From a spreadsheet…".into(),
            Command::SaveStepsTemplate => "Save the template spreadsheet…".into(),
            Command::SaveCsv { .. } => "Save as CSV…".into(),
            Command::SavePicture { .. } => "Save as PNG…".into(),
            Command::CopyPicture(_) => "Copy image".into(),
            Command::SelectPreviousStep => "Select previous step".into(),
            Command::SelectNextStep => "Select next step".into(),
            Command::Simulate { .. } => "Simulate".into(),
            Command::CancelSimulation => "Cancel".into(),
            Command::Quit => "Quit".into(),
            Command::Present => "Present".into(),
            Command::Help(page) => page.label().into(),
        }
    }

    /// The keyboard shortcut, if it has one.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            Command::New => cmd(Key::N),
            Command::Open => cmd(Key::O),
            Command::Save => cmd(Key::S),
            Command::SaveAs => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::S,
            )),
            Command::Undo => cmd(Key::Z),
            Command::Redo => Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                Key::Z,
            )),
            Command::AddStep => cmd(Key::E),
            Command::AddStepAfter => Some(KeyboardShortcut::new(Modifiers::NONE, Key::Enter)),
            Command::DeleteSelected => Some(KeyboardShortcut::new(Modifiers::NONE, Key::Delete)),
            Command::DuplicateSelected => cmd(Key::D),
            Command::FitView => cmd(Key::Num0),
            Command::TidyLayout => cmd(Key::L),
            Command::Quit => cmd(Key::Q),
            Command::SelectPreviousStep => cmd(Key::ArrowUp),
            Command::SelectNextStep => cmd(Key::ArrowDown),
            Command::Present => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F5)),
            _ => None,
        }
    }

    /// Further shortcuts that do the same (Ctrl+Y for redo).
    pub fn extra_shortcuts(&self) -> Vec<KeyboardShortcut> {
        match self {
            Command::Redo => vec![KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)],
            _ => Vec::new(),
        }
    }

    /// Every shortcut of the command: [`Command::shortcut`], then the others.
    pub fn all_shortcuts(&self) -> Vec<KeyboardShortcut> {
        self.shortcut()
            .into_iter()
            .chain(self.extra_shortcuts())
            .collect()
    }

    /// True when a text field with the keyboard keeps the command's keys: Delete,
    /// Enter and Ctrl+arrows edit the text there, not the pathway.
    pub fn yields_to_typing(&self) -> bool {
        matches!(
            self,
            Command::DeleteSelected
                | Command::AddStepAfter
                | Command::SelectPreviousStep
                | Command::SelectNextStep
        )
    }

    /// True when the command can run in this state: menus grey it out, and its
    /// shortcut does nothing, when it cannot.
    pub fn enabled(&self, can: &Availability) -> bool {
        match self {
            Command::Undo => can.undo,
            Command::Redo => can.redo,
            Command::DeleteSelected | Command::DuplicateSelected => can.selection,
            Command::ExportWorkbook => can.comparison,
            Command::RemoveOption(_) => can.options > 1,
            Command::UndoRemoveOption => can.put_back_option,
            Command::FitView | Command::TidyLayout => {
                can.view == View::Map && can.layout != Layout::Results
            }
            _ => true,
        }
    }

    /// Every command that needs nothing more to run: the ones a menu, a button or a
    /// key can ask for as they are.
    pub const PLAIN: [Command; 30] = [
        Command::New,
        Command::Open,
        Command::CompareWithFile,
        Command::BestPracticeForThisPathway,
        Command::SwapPathways,
        Command::AddOptionFile,
        Command::UndoRemoveOption,
        Command::OpenWorkspace,
        Command::SaveWorkspaceAs,
        Command::WhatChanged,
        Command::Save,
        Command::SaveAs,
        Command::Undo,
        Command::Redo,
        Command::AddStep,
        Command::AddStepAfter,
        Command::DeleteSelected,
        Command::DuplicateSelected,
        Command::FitView,
        Command::TidyLayout,
        Command::ToggleTheme,
        Command::ExportWorkbook,
        Command::ExportStepsCsv,
        Command::ImportSteps,
        Command::SaveStepsTemplate,
        Command::SelectPreviousStep,
        Command::SelectNextStep,
        Command::CancelSimulation,
        Command::Quit,
        Command::Present,
    ];

    /// The commands that have shortcuts, in the order they are checked each frame:
    /// those with more modifiers first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
    pub fn with_shortcuts() -> Vec<Command> {
        let mut keyed: Vec<Command> = Self::PLAIN
            .into_iter()
            .filter(|c| c.shortcut().is_some())
            .collect();
        keyed.sort_by_key(|c| {
            std::cmp::Reverse(c.shortcut().map_or(0, |s| modifier_count(s.modifiers)))
        });
        keyed
    }
}

fn modifier_count(m: Modifiers) -> u32 {
    [m.alt, m.ctrl || m.command || m.mac_cmd, m.shift]
        .into_iter()
        .map(u32::from)
        .sum()
}

/// What decides whether a command can run (see [`Command::enabled`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Availability {
    /// The shown pathway has an edit to undo.
    pub undo: bool,
    /// The shown pathway has an edit to redo.
    pub redo: bool,
    /// A step is selected.
    pub selection: bool,
    /// Both pathways have figures to compare and export.
    pub comparison: bool,
    /// How many options there are.
    pub options: usize,
    /// An option was removed and can be put back.
    pub put_back_option: bool,
    /// The editing view shown.
    pub view: View,
    /// How editing and results share the window.
    pub layout: Layout,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_with_more_modifiers_are_checked_first_and_none_is_taken_twice() {
        let keyed = Command::with_shortcuts();
        assert_eq!(keyed.len(), 16);
        let save_as = keyed.iter().position(|c| *c == Command::SaveAs).unwrap();
        let save = keyed.iter().position(|c| *c == Command::Save).unwrap();
        let redo = keyed.iter().position(|c| *c == Command::Redo).unwrap();
        let undo = keyed.iter().position(|c| *c == Command::Undo).unwrap();
        assert!(save_as < save && redo < undo);
        let mut seen = Vec::new();
        for shortcut in keyed.iter().flat_map(Command::all_shortcuts) {
            assert!(!seen.contains(&shortcut), "{shortcut:?} twice");
            seen.push(shortcut);
        }
    }

    #[test]
    fn a_command_is_enabled_by_what_it_needs() {
        let none = Availability::default();
        assert!(!Command::Undo.enabled(&none));
        assert!(!Command::DeleteSelected.enabled(&none));
        assert!(!Command::RemoveOption(1).enabled(&Availability {
            options: 1,
            ..none.clone()
        }));
        assert!(Command::RemoveOption(1).enabled(&Availability {
            options: 2,
            ..none.clone()
        }));
        let map = Availability {
            view: View::Map,
            layout: Layout::SideBySide,
            ..none.clone()
        };
        assert!(Command::TidyLayout.enabled(&map));
        assert!(!Command::TidyLayout.enabled(&Availability {
            layout: Layout::Results,
            ..map.clone()
        }));
        assert!(!Command::TidyLayout.enabled(&Availability {
            view: View::Steps,
            ..map
        }));
        assert!(Command::Save.enabled(&none));
    }
}
