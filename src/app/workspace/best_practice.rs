//! Best practice applied to the current process, as an option: "NAME with best
//! practice", made from the measures chosen in *Compare > Best practice for this
//! pathway…* or, for a pathway the user opens, from every measure that finds something
//! to change (the default comparison; the bundled best-practice model stays as a
//! national reference example among the options).
//!
//! The option made by default follows the current process: while the user has not
//! touched it, each change to the current process (an edit, a lever, undo) makes it
//! again, so the comparison stays like for like and its saving stays the process's
//! alone.

use super::{MeasureBreakdown, Workspace};
use crate::document::Document;
use crate::measures::{self, Applied, ApplyError, Choice};
use crate::model::Pathway;
use crate::numbers::pence;
use crate::session::Version;

/// How an option of best practice came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MadeBy {
    /// The user chose the measures: new work, to be saved like any other.
    User,
    /// Made by default for a pathway just opened: nothing to save (it is made again
    /// from the pathway), and replaced when another pathway is opened, until edited.
    Default,
}

/// The option made by default, while the user has not touched it.
#[derive(Clone, Debug)]
pub(super) struct Following {
    /// The option's version as made (another version means the user changed it).
    pub option: Version,
    /// The version of the current process it was made from.
    pub of: Version,
    /// How it split its saving: the one breakdown of the option made by default,
    /// replaced each time it is made again (never piled up as it follows).
    pub breakdown: MeasureBreakdown,
}

impl Workspace {
    /// Applies `choices` to a copy of the current process, adds it as an option and
    /// compares with it; the status line gives the saving by measure. Returns the
    /// option's place.
    pub fn add_best_practice(
        &mut self,
        choices: &[Choice],
        made_by: MadeBy,
    ) -> Result<usize, ApplyError> {
        let current = self.session.doc(0).pathway().clone();
        let applied = measures::apply(&current, choices)?;
        let i = match made_by {
            MadeBy::User => self.add_compared_option(applied.option.clone()),
            MadeBy::Default => self.put_default(applied.option.clone()),
        };
        self.status = status(&self.session.doc(i).pathway().name, &applied, made_by);
        self.keep_made(i, current, &applied, made_by);
        Ok(i)
    }

    /// Keeps how option `i` split its saving, and, for the option made by default,
    /// what it follows.
    fn keep_made(&mut self, i: usize, base: Pathway, applied: &Applied, made_by: MadeBy) {
        let breakdown = MeasureBreakdown {
            base,
            option: self.session.doc(i).pathway().clone(),
            cost_before: applied.cost_before,
            costs_after: applied
                .measures
                .iter()
                .map(|m| (m.measure.short.to_owned(), m.cost_after))
                .collect(),
        };
        match made_by {
            MadeBy::User => self.keep_breakdown(breakdown),
            MadeBy::Default => {
                self.default_best_practice = Some(Following {
                    option: self.session.version(i),
                    of: self.session.version(0),
                    breakdown,
                });
                self.by_measure = None;
            }
        }
    }

    /// Where the option made by default is, while the user has not touched it.
    pub(super) fn default_option(&self) -> Option<usize> {
        let made = self.default_best_practice.as_ref()?.option;
        self.session
            .options()
            .find(|&k| self.session.version(k) == made)
    }

    /// Compares a new pathway with its own best practice: a copy at first (no
    /// measure has a step to change yet), which then follows the pathway as steps
    /// are added, each measure applying once it finds something to change. False,
    /// with the comparison left as it was, if best practice cannot be applied.
    pub fn compare_new_with_own_best_practice(&mut self) -> bool {
        let current = self.session.doc(0).pathway().clone();
        match measures::apply(&current, &measures::changing(&current)) {
            Ok(applied) => {
                let i = self.put_default(applied.option.clone());
                self.keep_made(i, current, &applied, MadeBy::Default);
                true
            }
            Err(_) => false,
        }
    }

    /// Makes the option made by default again when the current process has changed
    /// since, while the user has not touched the option: the same pathway with every
    /// measure that now finds something to change. Quiet: the view and the status
    /// line stay as they are. A current process that cannot be analysed (half
    /// typed) leaves the option as it was until the next change.
    pub(super) fn follow_current(&mut self) {
        let now = self.session.version(0);
        if self
            .default_best_practice
            .as_ref()
            .is_none_or(|made| made.of == now)
        {
            return;
        }
        let Some(k) = self.default_option() else {
            self.default_best_practice = None;
            return;
        };
        let current = self.session.doc(0).pathway().clone();
        let Ok(applied) = measures::apply(&current, &measures::changing(&current)) else {
            if let Some(made) = &mut self.default_best_practice {
                made.of = now;
            }
            return;
        };
        let mut pathway = applied.option.clone();
        pathway.name = self.unique_option_name_but(&pathway.name, k);
        self.session.replace(k, Document::unsaved_original(pathway));
        self.keep_made(k, current, &applied, MadeBy::Default);
    }

    /// Compares a pathway just opened as the current process with best practice
    /// applied to it: every measure that finds something to change. When none does,
    /// the comparison stays and the status line says so.
    pub fn compare_with_own_best_practice(&mut self) {
        let opened = std::mem::take(&mut self.status);
        let choices = measures::changing(self.session.doc(0).pathway());
        if choices.is_empty() {
            self.status = format!(
                "{opened} No best-practice measure finds anything to change in it, so it is compared with \"{}\".",
                self.doc(super::Which::Comparison).pathway().name
            );
            return;
        }
        match self.add_best_practice(&choices, MadeBy::Default) {
            Ok(_) => self.status = format!("{opened} {}", self.status),
            Err(e) => {
                self.status = format!("{opened} Best practice could not be applied to it: {e}");
            }
        }
    }

    /// Puts the default option in place of the last one made by default, while that
    /// is as it was made; otherwise adds it. Compares with it.
    fn put_default(&mut self, mut pathway: Pathway) -> usize {
        match self.default_option() {
            Some(k) => {
                pathway.name = self.unique_option_name_but(&pathway.name, k);
                self.view_option(k);
                self.replace(
                    super::Which::Comparison,
                    Document::unsaved_original(pathway),
                );
                k
            }
            None => {
                pathway.name = self.unique_option_name(&pathway.name);
                let i = self.add_option(Document::unsaved_original(pathway));
                self.view_option(i);
                i
            }
        }
    }
}

/// "Comparing with "X with best practice": £12.28 a referral by the process alone
/// (Refer electronically through e-RS £7.60, …)."
fn status(name: &str, applied: &Applied, made_by: MadeBy) -> String {
    let savings = applied.savings_pence();
    let total: i64 = savings.iter().map(|(_, s)| s).sum();
    let by_measure: Vec<String> = savings
        .iter()
        .filter(|(_, s)| *s != 0)
        .map(|(m, s)| format!("{} {}", m.name, pence(*s as f64 / 100.0)))
        .collect();
    let reference = match made_by {
        MadeBy::User => "",
        MadeBy::Default => {
            " The bundled best-practice model stays among the options as a national reference."
        }
    };
    format!(
        "Comparing with \"{name}\": {} a referral by the process alone ({}).{reference}",
        pence(total as f64 / 100.0),
        by_measure.join(", ")
    )
}
