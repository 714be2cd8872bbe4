//! The capacity of the first-appointment service: slots published a week, the
//! waiting list, how far ahead slots are published, and where in the pathway a slot
//! is sought and where a referral goes when none is found. The figures worked from it
//! are [`crate::capacity`]'s.

use serde::{Deserialize, Serialize};

/// Week-to-week variability when a file does not say: a coefficient of variation of
/// 1, as for Poisson arrivals (NHS-R community, NHSRwaitinglist).
pub const DEFAULT_CV: f64 = 1.0;

/// The waiting-time target when a file does not say: 18 weeks (the RTT standard).
pub const DEFAULT_TARGET_WEEKS: f64 = 18.0;

/// The factor when a file does not say: the mean wait aimed for is a quarter of the
/// target (NHS-R community, NHSRwaitinglist, after Fong et al.).
pub const DEFAULT_FACTOR: f64 = 4.0;

/// The first-appointment service's capacity, stored in a model file as
/// `capacity: (...)`. When a pathway has it, the share of referrals finding no slot
/// and the wait for the first appointment follow from it (see [`crate::capacity`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// First-appointment slots published a week.
    pub slots_per_week: f64,
    /// People already waiting for a first appointment (at the start of week 1).
    pub waiting_list: f64,
    /// How far ahead slots are published to e-RS, in weeks.
    pub horizon_weeks: f64,
    /// Week-to-week variability of demand, as a coefficient of variation (0: none).
    #[serde(default = "default_cv")]
    pub cv_demand: f64,
    /// Week-to-week variability of the slots, as a coefficient of variation (0: none).
    #[serde(default = "default_cv")]
    pub cv_capacity: f64,
    /// The waiting-time target, in weeks.
    #[serde(default = "default_target_weeks")]
    pub target_weeks: f64,
    /// The mean wait aimed for is `target_weeks / factor`.
    #[serde(default = "default_factor")]
    pub factor: f64,
    /// The id of the step where a slot is sought.
    pub books_at: String,
    /// The id of the step a referral goes to when no slot is found.
    pub slot_issue: String,
    /// The id of the step that holds the wait for the first appointment, whose wait
    /// becomes the projected wait; `None` (left out of the file): `books_at` itself.
    /// Name the step where the pathway already waits for the clinic date (such as
    /// *Wait for the clinic date*), so the wait is not counted twice.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::plain_some"
    )]
    pub waits_at: Option<String>,
}

fn default_cv() -> f64 {
    DEFAULT_CV
}

fn default_target_weeks() -> f64 {
    DEFAULT_TARGET_WEEKS
}

fn default_factor() -> f64 {
    DEFAULT_FACTOR
}

impl Capacity {
    /// A capacity section with the default variability, target and factor.
    pub fn new(
        books_at: impl Into<String>,
        slot_issue: impl Into<String>,
        slots_per_week: f64,
        waiting_list: f64,
        horizon_weeks: f64,
    ) -> Self {
        Self {
            slots_per_week,
            waiting_list,
            horizon_weeks,
            cv_demand: DEFAULT_CV,
            cv_capacity: DEFAULT_CV,
            target_weeks: DEFAULT_TARGET_WEEKS,
            factor: DEFAULT_FACTOR,
            books_at: books_at.into(),
            slot_issue: slot_issue.into(),
            waits_at: None,
        }
    }

    /// True when neither demand nor slots vary from week to week, so the projection
    /// is one deterministic run.
    pub fn is_deterministic(&self) -> bool {
        self.cv_demand == 0.0 && self.cv_capacity == 0.0
    }

    /// The id of the step whose wait is the projected wait: `waits_at`, or
    /// `books_at` when the file does not say.
    pub fn wait_step(&self) -> &str {
        self.waits_at.as_deref().unwrap_or(&self.books_at)
    }

    /// The section in a line: "230 slots a week, 1,200 waiting, published 6 weeks
    /// ahead; variability 1 and 1; target 18 weeks / 4; book_direct -> slot_issue"
    /// (then "; waits at wait_clinic" when the wait is held at another step).
    pub fn summary(&self) -> String {
        use crate::numbers::grouped_trimmed;
        let waits = match &self.waits_at {
            Some(id) if *id != self.books_at => format!("; waits at {id}"),
            _ => String::new(),
        };
        format!(
            "{} slots a week, {} waiting, published {} weeks ahead; variability {} and {}; target {} weeks / {}; {} -> {}{waits}",
            grouped_trimmed(self.slots_per_week, 2),
            grouped_trimmed(self.waiting_list, 2),
            grouped_trimmed(self.horizon_weeks, 2),
            grouped_trimmed(self.cv_demand, 3),
            grouped_trimmed(self.cv_capacity, 3),
            grouped_trimmed(self.target_weeks, 2),
            grouped_trimmed(self.factor, 2),
            self.books_at,
            self.slot_issue
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

    use super::*;
    use crate::format::{LoadError, load_str, to_ron_string};

    fn best_practice() -> crate::model::Pathway {
        crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway
    }

    #[test]
    fn a_capacity_section_is_written_plainly_and_reads_back_the_same() {
        let mut p = best_practice();
        let mut c = Capacity::new("book_direct", "slot_issue", 230.0, 1000.0, 6.0);
        c.cv_capacity = 0.5;
        c.waits_at = Some("wait_for_clinic".into());
        p.capacity = Some(c);
        let text = to_ron_string(&p);
        assert!(text.contains("    capacity: (\n"), "{text}");
        assert!(text.contains("waits_at: \"wait_for_clinic\""), "{text}");
        assert!(text.contains("slots_per_week: 230.0"), "{text}");
        assert!(text.contains("books_at: \"book_direct\""), "{text}");
        assert!(!text.contains("Some("), "optional values are plain: {text}");
        let back = load_str(&text).unwrap();
        assert_eq!(back.pathway, p);
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    }

    #[test]
    fn the_defaults_fill_in_and_a_file_without_a_section_loads_as_before() {
        // Of the bundled models only best practice has a section, with its sourced
        // defaults; the current processes are format 1 files without one.
        for model in crate::bundled::ALL {
            let capacity = model.load().unwrap().pathway.capacity;
            let expected =
                (model.file_name == crate::bundled::BEST_PRACTICE_ERS.file_name).then(|| {
                    let mut c = Capacity::new("book_direct", "slot_issue", 141.0, 958.0, 7.69);
                    c.waits_at = Some("wait_for_clinic".into());
                    c
                });
            assert_eq!(capacity, expected, "{}", model.file_name);
        }
        let mut without = best_practice();
        without.capacity = None;
        let text = to_ron_string(&without);
        assert!(!text.contains("capacity: ("), "no section, nothing written");
        let with = text.replacen(
            "    roles: [",
            "    capacity: (slots_per_week: 200.0, waiting_list: 0.0, horizon_weeks: 6.0, books_at: \"book_direct\", slot_issue: \"slot_issue\"),\n    roles: [",
            1,
        );
        let c = load_str(&with).unwrap().pathway.capacity.unwrap();
        assert_eq!(
            (c.cv_demand, c.cv_capacity, c.target_weeks, c.factor),
            (1.0, 1.0, 18.0, 4.0)
        );
        assert!(!c.is_deterministic());
        // A field of another name is refused, naming the fields expected.
        let typo = with.replacen("horizon_weeks", "horizon", 1);
        let Err(LoadError::Syntax(d)) = load_str(&typo) else {
            panic!("a typo loaded");
        };
        assert!(d.message.contains("horizon"), "{}", d.message);
        assert!(d.message.contains("horizon_weeks"), "{}", d.message);
        // A field it needs is missing.
        let missing = with.replacen("slots_per_week: 200.0, ", "", 1);
        let Err(LoadError::Syntax(d)) = load_str(&missing) else {
            panic!("a section without slots loaded");
        };
        assert!(d.message.contains("slots_per_week"), "{}", d.message);
    }
}
