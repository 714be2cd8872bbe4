//! Preferences kept between runs in eframe's storage: theme, recent files, the
//! file to open again at the next start and the layout the user chose. Pathways
//! themselves are only ever saved to files the user chose.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Storage key.
pub const KEY: &str = "opmt-prefs";

/// How many recent files are remembered.
pub const RECENT_LIMIT: usize = 8;

/// What is remembered between runs.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Dark theme instead of light.
    pub dark: bool,
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// The file (a model or a workspace file) open when the app last closed, to
    /// open again at the next start; `None`: the bundled models (nothing was open
    /// from a file, or preferences from before this was kept).
    pub reopen: Option<PathBuf>,
    /// The layout the user last chose (Edit only, Both, Results only); `None` until
    /// they choose one, when the window's width decides.
    pub layout: Option<super::command::Layout>,
}

impl Prefs {
    /// Puts a file at the top of the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = crate::platform::files::canonical(path);
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }

    /// Sets egui's theme from the preference.
    pub fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(if self.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
    }
}
