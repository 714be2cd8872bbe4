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

/// A typical paper-based process, GP letter to first appointment: a historical
/// example (paper GP referrals have not been paid since October 2018).
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

/// A realistic current process (2026): an e-RS referral with local paper-like steps
/// behind it. The default current process.
pub const CURRENT_ERS_AS_IMPLEMENTED: BundledModel = BundledModel {
    file_name: "current-ers-as-implemented.ron",
    title: "Current e-RS process as implemented",
    text: include_str!("../models/current-ers-as-implemented.ron"),
};

/// An option: best-practice e-RS with a Referral Assessment Service triaging before
/// booking.
pub const BEST_PRACTICE_ERS_RAS: BundledModel = BundledModel {
    file_name: "best-practice-ers-ras.ron",
    title: "e-RS with a Referral Assessment Service",
    text: include_str!("../models/best-practice-ers-ras.ron"),
};

/// The do-minimum option: the current e-RS process as implemented with printing and
/// acknowledgement letters stopped, and no change to how e-RS is used.
pub const DO_MINIMUM: BundledModel = BundledModel {
    file_name: "do-minimum.ron",
    title: "Do minimum: stop printing and acknowledgement letters",
    text: include_str!("../models/do-minimum.ron"),
};

/// Every bundled model (new ones go last, so menu indices stay stable).
pub const ALL: [BundledModel; 5] = [
    CURRENT_PAPER,
    BEST_PRACTICE_ERS,
    CURRENT_ERS_AS_IMPLEMENTED,
    BEST_PRACTICE_ERS_RAS,
    DO_MINIMUM,
];

impl BundledModel {
    /// Loads and validates the model.
    pub fn load(&self) -> Result<crate::format::Loaded, crate::format::LoadError> {
        crate::format::load_str(self.text)
    }
}
