//! The ranges of the business cases (the uncertainty run, [`DEFAULT_DRAWS`] draws)
//! as a background job, so that a frame in which a lever moves never runs them
//! inline: one job at a time, for one option; its result is kept with the versions
//! of the comparison it was worked out for. A request for newer versions waits for
//! the running job, so a drag has at most one run behind it rather than one a
//! frame (the job itself is [`Background`]'s, shared with the capacity curves).
//! The exact parts of a business case (classes, appraisal) stay in
//! [`super::Session::refresh`].

use crate::business;
use crate::compare::{Comparison, Costed};
use crate::uncertainty::{DEFAULT_DRAWS, Uncertainty};

use super::Version;
use super::background::Background;

/// What ranges are for: the versions of the current process and of the option that
/// the comparison was made from.
pub(super) type Key = (Version, Version);

/// What a run needs: the pathways as costed and their comparison.
#[derive(Debug)]
pub(super) struct Inputs {
    pub(super) costed: Costed,
    pub(super) comparison: Comparison,
}

impl Inputs {
    /// The ranges of these inputs' business case, on this thread.
    fn ranges(&self) -> Uncertainty {
        business::ranges(&self.costed, &self.comparison, DEFAULT_DRAWS)
    }
}

/// The ranges' job: one run at a time (see [`Background`]).
pub(super) type RangesJob = Background<Key, Inputs, Uncertainty>;

/// No run yet.
pub(super) fn job() -> RangesJob {
    Background::new("opmt-ranges", Inputs::ranges)
}
