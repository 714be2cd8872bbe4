//! *Compare > Best practice for this pathway…*: the dialog that lists the
//! best-practice measures with what each would change in the current process, a tick
//! box for each (ticked when it finds something to change), and builds the option
//! "NAME with best practice" from those ticked: the like-for-like comparison.

use super::OpmtApp;
use crate::measures::{self, Choice, LIBRARY, Plan};
use crate::model::Pathway;
use crate::numbers::pence;

/// Points of height for the list of measures.
const LIST_HEIGHT: f32 = 420.0;

/// The dialog while it is open: each measure of the library with its plan for the
/// current process and whether it is ticked.
#[derive(Clone, Debug)]
pub struct BestPracticeChoice {
    current: Pathway,
    measures: Vec<(&'static measures::Measure, Plan, bool)>,
}

impl BestPracticeChoice {
    /// Every measure's plan for `current`, ticked where it finds something to change.
    pub fn new(current: &Pathway) -> Self {
        let mut choice = Self {
            current: current.clone(),
            measures: LIBRARY.iter().map(|m| (m, Plan::default(), true)).collect(),
        };
        choice.replan();
        for (_, plan, ticked) in &mut choice.measures {
            *ticked = !plan.is_empty();
        }
        choice
    }

    /// Each measure's plan on the pathway as the ticked measures before it leave it,
    /// as they are applied in turn.
    fn replan(&mut self) {
        let mut pathway = self.current.clone();
        for (m, plan, ticked) in &mut self.measures {
            *plan = m.plan(&pathway, &m.targets(&pathway), &m.defaults());
            if *ticked {
                for edit in plan.edits.clone() {
                    // An edit refused here is refused again when the option is built,
                    // which says so.
                    let _ = crate::edit::apply(&mut pathway, edit);
                }
            }
        }
    }

    /// The ids of the measures ticked.
    pub fn ticked(&self) -> Vec<&'static str> {
        self.measures
            .iter()
            .filter(|(.., t)| *t)
            .map(|(m, ..)| m.id)
            .collect()
    }

    /// Shows the dialog; `Some(None)` when cancelled, `Some(Some(ids))` when the user
    /// chose the measures to apply.
    fn show(&mut self, ctx: &egui::Context) -> Option<Option<Vec<&'static str>>> {
        let mut answer = None;
        let response = egui::Modal::new(egui::Id::unique("opmt-best-practice")).show(ctx, |ui| {
            ui.set_max_width(640.0);
            ui.heading("Best practice for this pathway");
            ui.add_space(4.0);
            ui.label(
                "Each measure changes a copy of your current process: your roles, rates, clinical steps, referrals and patient mix stay as they are, so the comparison shows what the process change alone saves.",
            );
            ui.add_space(6.0);
            // A list of fixed height: the dialog keeps its size (and its buttons their
            // place) whatever the scroll bar or the wrapping of a line does.
            egui::ScrollArea::vertical()
                .id_salt("opmt-best-practice-list")
                .max_height(LIST_HEIGHT)
                .min_scrolled_height(LIST_HEIGHT)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                let mut toggled = false;
                for (m, plan, ticked) in &mut self.measures {
                    ui.add_enabled_ui(!plan.is_empty() || *ticked, |ui| {
                        toggled |= ui.checkbox(ticked, m.name).changed();
                    });
                    ui.indent(m.id, |ui| {
                        if plan.is_empty() {
                            ui.weak(format!("Finds nothing to change: it looks for {}.", m.finds));
                        }
                        for change in &plan.changes {
                            ui.label(format!("{}: {}", change.step, change.what));
                        }
                    });
                    ui.add_space(4.0);
                }
                if toggled {
                    self.replan();
                }
            });
            ui.add_space(8.0);
            let ticked = self.ticked();
            ui.horizontal(|ui| {
                let add = ui
                    .push_id("opmt-best-practice-add", |ui| {
                        ui.add_enabled(!ticked.is_empty(), egui::Button::new("Add the option"))
                    })
                    .inner
                    .on_disabled_hover_text("Tick at least one measure");
                if add.clicked() {
                    answer = Some(Some(ticked));
                } else if ui.button("Cancel").clicked() {
                    answer = Some(None);
                }
            });
        });
        if answer.is_none() && response.should_close() {
            answer = Some(None);
        }
        answer
    }
}

impl OpmtApp {
    /// Opens the dialog on the current process.
    pub(super) fn start_best_practice(&mut self) {
        let current = self.workspace.session().doc(0).pathway();
        self.best_practice = Some(BestPracticeChoice::new(current));
    }

    /// The dialog, while open; on *Add the option*, the option is built, added and
    /// compared.
    pub(super) fn best_practice_ui(&mut self, ctx: &egui::Context) {
        let Some(choice) = &mut self.best_practice else {
            return;
        };
        let Some(answer) = choice.show(ctx) else {
            return;
        };
        self.best_practice = None;
        let Some(ids) = answer else {
            return;
        };
        let choices: Vec<Choice> = ids
            .iter()
            .filter_map(|id| measures::find(id))
            .map(Choice::default_for)
            .collect();
        let current = self.workspace.session().doc(0).pathway().clone();
        match measures::apply(&current, &choices) {
            Ok(applied) => {
                let savings = applied.savings_pence();
                let total: i64 = savings.iter().map(|(_, s)| s).sum();
                let by_measure: Vec<String> = savings
                    .iter()
                    .filter(|(_, s)| *s != 0)
                    .map(|(m, s)| format!("{} {}", m.name, pence(*s as f64 / 100.0)))
                    .collect();
                let i = self.workspace.add_compared_option(applied.option);
                let option = self.workspace.session().doc(i).pathway().clone();
                let name = option.name.clone();
                self.workspace
                    .keep_breakdown(super::workspace::MeasureBreakdown {
                        base: current,
                        option,
                        cost_before: applied.cost_before,
                        savings: savings
                            .iter()
                            .map(|(m, s)| (m.name.to_owned(), *s))
                            .collect(),
                    });
                self.workspace.status = format!(
                    "Comparing with \"{name}\": {} a referral by the process alone ({}).",
                    pence(total as f64 / 100.0),
                    by_measure.join(", ")
                );
            }
            Err(e) => {
                self.modal = Some(super::dialogs::Modal::error(
                    "Best practice could not be applied",
                    vec![e.to_string()],
                ));
            }
        }
    }

    /// The measures ticked in the best-practice dialog, while it is open (for tests).
    pub fn best_practice_choice(&self) -> Option<Vec<&'static str>> {
        self.best_practice.as_ref().map(BestPracticeChoice::ticked)
    }
}
