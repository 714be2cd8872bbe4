//! Help for the first hour: a short built-in guide, the keyboard shortcuts (made
//! from the commands themselves, so the list cannot drift from what the keys do),
//! About, and the one-line hint shown on the very first start.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::app::context::Actions;

pub use crate::app::command::HelpPage;

/// The guide: (heading, paragraphs).
const GUIDE: [(&str, &str); 6] = [
    (
        "Capture a process",
        "File > New starts a pathway of one step with its name ready to type. Type the \
         name, press Tab for the stage, role (New role names a role and its hourly cost \
         there and then), touch minutes, wait days and unit cost. Escape leaves a field; \
         Enter then adds the next step after the selected one, linked from it, with the \
         same stage and role. Ctrl+Up and Ctrl+Down select the previous or next step, so \
         Enter on an earlier step adds a branch: type its share in 'Share from …' and the \
         other branches make up the rest. 'Add link to…' sends referrals back round a \
         loop (a DNA rebooked, a referral returned).",
    ),
    (
        "Compare",
        "The current process is compared with a proposed one (best-practice e-RS unless \
         you choose another in the Compare menu). Both are analysed at the current \
         process's referrals a year. Editing: Current process / Comparison in the \
         toolbar chooses which one you see and edit.",
    ),
    (
        "Present to a room",
        "View > Present (F5) fills the screen with both maps and the headline figures in \
         large type. W shows the savings waterfall; 1, 2 and 3 show the current, proposed \
         or both maps; Space plays referrals as dots through both processes (S stops, + \
         and - change the days per second); Esc leaves. Right-click a value in the \
         inspector and Pin as a lever to move it on a slider while the room argues about \
         it: every figure follows at once, Ctrl+Z undoes a whole drag, Reset levers puts \
         the values back.",
    ),
    (
        "Read the results",
        "Cost per referral is the staff time (minutes times the role's hourly cost) and \
         consumables of every step, counted once for each time a referral passes through \
         it (loops count again). The saving a year is the difference times the referrals \
         a year. Staff time released is in whole-time equivalents of 1,545 hours. Days \
         per referral add up the waits; days at the GP practice never show in \
         referral-to-treatment figures. Variability simulates referrals one by one for \
         the spread, against the 18-week (126-day) standard.",
    ),
    (
        "Where the bundled figures come from",
        "Every role and step of the bundled models names its source: PSSRU Unit Costs of \
         Health and Social Care for fully loaded hourly costs, Agenda for Change pay for \
         direct rates, Royal Mail prices for postage, NHS Digital and CHE Research Paper \
         116 for DNA rates, Patterson 2010 for GP and secretary times, and NHS England \
         for Advice & Guidance. Figures that are assumptions say 'assumed'. Select a step \
         to read its source in the inspector.",
    ),
    (
        "Files",
        "Models are plain-text RON files you can email; pinned levers are saved in them. \
         Nothing is sent anywhere: opmt works offline.",
    ),
];

/// The Help window's contents for `page`.
pub fn help_ui(ui: &mut Ui, page: HelpPage) {
    match page {
        HelpPage::Guide => guide_ui(ui),
        HelpPage::Shortcuts => shortcuts_ui(ui),
        HelpPage::About => about_ui(ui),
    }
}

fn guide_ui(ui: &mut Ui) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (heading, text) in GUIDE {
            ui.label(RichText::new(heading).strong().size(16.0));
            ui.label(text);
            ui.add_space(8.0);
        }
    });
}

/// Each command with a shortcut, and its keys, from [`Command::with_shortcuts`], in
/// alphabetical order of the commands' labels.
pub fn shortcut_list(ctx: &egui::Context) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = Command::with_shortcuts()
        .iter()
        .map(|command| {
            let keys: Vec<String> = command
                .all_shortcuts()
                .iter()
                .map(|s| ctx.format_shortcut(s))
                .collect();
            (command.label(), keys.join(" or "))
        })
        .collect();
    list.sort_by_key(|(label, _)| label.to_lowercase());
    list
}

fn shortcuts_ui(ui: &mut Ui) {
    egui::Grid::new("help_shortcuts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (label, keys) in shortcut_list(ui.ctx()) {
                ui.label(label);
                ui.monospace(keys);
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.weak("In Present mode: W waterfall, 1 / 2 / 3 maps, Space play or pause, S stop, + / - speed, Esc leave.");
}

fn about_ui(ui: &mut Ui) {
    ui.label(RichText::new("opmt: Outpatient Pathway Modelling Tool").strong());
    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
    ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
    ui.label(env!("CARGO_PKG_DESCRIPTION"));
}

/// The one-line hint of the very first start. Returns true when dismissed.
pub fn first_start_hint_ui(ui: &mut Ui, actions: &mut Actions) -> bool {
    let mut dismissed = false;
    ui.horizontal(|ui| {
        ui.label(
            "New to opmt? The guide shows how to capture a process, compare it and present it.",
        );
        if ui.button("Open the guide").clicked() {
            actions.command(Command::Help(HelpPage::Guide));
            dismissed = true;
        }
        if ui.button("Dismiss").clicked() {
            dismissed = true;
        }
    });
    dismissed
}
