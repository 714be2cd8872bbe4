//! Native file dialogs, behind a trait so tests can answer them without a window.

use std::path::PathBuf;

use crate::model::Pathway;

/// Asks the user for a file to open or save.
pub trait FileDialogs {
    /// A model file to open, or `None` when cancelled.
    fn pick_open(&mut self) -> Option<PathBuf>;
    /// Where to save, suggesting `file_name`, or `None` when cancelled.
    fn pick_save(&mut self, file_name: &str) -> Option<PathBuf>;
}

/// The operating system's dialogs (through rfd).
#[derive(Debug, Default)]
pub struct NativeDialogs;

const FILTER_NAME: &str = "Pathway model (RON)";

impl FileDialogs for NativeDialogs {
    fn pick_open(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Open a pathway model")
            .add_filter(FILTER_NAME, &["ron"])
            .pick_file()
    }

    fn pick_save(&mut self, file_name: &str) -> Option<PathBuf> {
        let path = rfd::FileDialog::new()
            .set_title("Save the pathway model")
            .add_filter(FILTER_NAME, &["ron"])
            .set_file_name(file_name)
            .save_file()?;
        // Add the extension when the user typed a bare name.
        Some(if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path
        })
    }
}

/// A file name for a pathway: its name in lower case with dashes, ending `.ron`.
pub fn suggested_file_name(pathway: &Pathway) -> String {
    let mut stem = String::new();
    for c in pathway.name.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "pathway.ron".into()
    } else {
        format!("{stem}.ron")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_pathway_names() {
        let mut p = Pathway::new("Dermatology, current process");
        assert_eq!(suggested_file_name(&p), "dermatology-current-process.ron");
        p.name = " ?! ".into();
        assert_eq!(suggested_file_name(&p), "pathway.ron");
    }
}
