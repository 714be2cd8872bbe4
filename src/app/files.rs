//! Choosing files: the platform's dialogs ([`crate::platform::dialogs`]), which
//! tests answer without a window, with the app's own dialog
//! ([`super::file_dialog`]) where no system dialog can open; and file names to
//! suggest.

use crate::model::Pathway;

pub use crate::platform::dialogs::{FileDialogs, FileKind, OpenedFile, Picked};
#[cfg(not(target_arch = "wasm32"))]
pub use crate::platform::native::dialogs::NativeDialogs;

/// A file name for a pathway: its name in lower case with dashes, ending `.ron`.
pub fn suggested_file_name(pathway: &Pathway) -> String {
    suggested_name(&pathway.name, FileKind::Model)
}

/// A file name from a title: lower case with dashes, with the kind's extension.
pub fn suggested_name(title: &str, kind: FileKind) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    let stem = if stem.is_empty() { "pathway" } else { stem };
    format!("{stem}.{}", kind.extensions()[0])
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
        assert_eq!(
            suggested_name("Benefits: paper vs e-RS", FileKind::Workbook),
            "benefits-paper-vs-e-rs.xlsx"
        );
    }
}
