//! The models shipped with opmt, embedded in the binary so the app works anywhere.

/// A model shipped with opmt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BundledModel {
    /// File name, as in `models/`.
    pub file_name: &'static str,
    /// Short title for menus.
    pub title: &'static str,
    /// The RON text.
    pub text: &'static str,
}

/// A typical paper-based current process, GP letter to first appointment.
pub const CURRENT_PAPER: BundledModel = BundledModel {
    file_name: "current-paper.ron",
    title: "Typical current paper process",
    text: include_str!("../models/current-paper.ron"),
};

/// The best-practice e-Referral Service process.
pub const BEST_PRACTICE_ERS: BundledModel = BundledModel {
    file_name: "best-practice-ers.ron",
    title: "Best-practice e-Referral Service",
    text: include_str!("../models/best-practice-ers.ron"),
};

/// Every bundled model.
pub const ALL: [BundledModel; 2] = [CURRENT_PAPER, BEST_PRACTICE_ERS];

impl BundledModel {
    /// Loads and validates the model.
    pub fn load(&self) -> Result<crate::format::Loaded, crate::format::LoadError> {
        crate::format::load_str(self.text)
    }
}
