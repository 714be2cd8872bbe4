//! Best practice applied to the current process, as an option: "NAME with best
//! practice", made from the measures chosen in *Compare > Best practice for this
//! pathway…* or, for a pathway the user opens, from every measure that finds something
//! to change (the default comparison; the bundled best-practice model stays as a
//! national reference example among the options).

use super::{MeasureBreakdown, Workspace};
use crate::document::Document;
use crate::measures::{self, Applied, ApplyError, Choice};
use crate::numbers::pence;

/// How an option of best practice came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MadeBy {
    /// The user chose the measures: new work, to be saved like any other.
    User,
    /// Made by default for a pathway just opened: nothing to save (it is made again
    /// from the pathway), and replaced when another pathway is opened, until edited.
    Default,
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
        let savings = applied.savings_pence();
        let i = match made_by {
            MadeBy::User => self.add_compared_option(applied.option.clone()),
            MadeBy::Default => self.put_default(applied.option.clone()),
        };
        let option = self.session.doc(i).pathway().clone();
        self.status = status(&option.name, &applied, made_by);
        self.keep_breakdown(MeasureBreakdown {
            base: current,
            option,
            cost_before: applied.cost_before,
            savings: savings
                .iter()
                .map(|(m, s)| (m.short.to_owned(), *s))
                .collect(),
        });
        if made_by == MadeBy::Default {
            self.default_best_practice = Some(self.session.version(i));
        }
        Ok(i)
    }

    /// Compares a pathway just opened as the current process with best practice
    /// applied to it: every measure that finds something to change. When none does,
    /// the comparison stays and the status line says so.
    pub fn compare_with_own_best_practice(&mut self) {
        let opened = std::mem::take(&mut self.status);
        let current = self.session.doc(0).pathway();
        // By what each would change, as the dialog ticks them: a measure can find
        // steps (the best-practice model's own) and have nothing to change in them.
        let choices: Vec<Choice> = measures::all()
            .into_iter()
            .filter(|c| {
                !c.measure
                    .plan(current, &c.measure.targets(current), &c.values)
                    .is_empty()
            })
            .collect();
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
    fn put_default(&mut self, mut pathway: crate::model::Pathway) -> usize {
        let previous = self.default_best_practice.and_then(|v| {
            self.session
                .options()
                .find(|&k| self.session.version(k) == v)
        });
        match previous {
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
