//! Preferences kept between runs in eframe's storage: theme and recent files.
//! Pathways themselves are only ever saved to files the user chose.

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
}

impl Prefs {
    /// Puts a file at the top of the recent files.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
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
