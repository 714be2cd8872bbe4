//! *Compare > Best practice for this pathway…*: the dialog that lists the
//! best-practice measures with what each would change in the current process, a tick
//! box for each (ticked when it finds something to change), and builds the option
//! "NAME with best practice" from those ticked: the like-for-like comparison.

use super::OpmtApp;
use super::workspace::MadeBy;
use crate::measures::{self, Choice, LIBRARY, Plan};
use crate::model::Pathway;

/// Points of height for the list of measures.
const LIST_HEIGHT: f32 = 420.0;

/// How many of the effects the saving rests on most the dialog names.
const SWINGS_SHOWN: usize = 3;

/// One measure in the dialog: its plan on the pathway as the ticked measures before it
/// leave it, whether it is ticked, and the steps the user pointed it at, if any.
#[derive(Clone, Debug)]
struct Row {
    measure: &'static measures::Measure,
    plan: Plan,
    ticked: bool,
    /// The steps chosen by hand (by id); none: those the measure finds itself.
    steps: Option<Vec<String>>,
    /// The steps it can be pointed at (id, name, whether it applies to it), as the
    /// measures before it leave the pathway.
    choosable: Vec<(String, String, bool)>,
}

/// The dialog while it is open: each measure of the library with its plan for the
/// current process, whether it is ticked, and the steps it is pointed at.
#[derive(Clone, Debug)]
pub struct BestPracticeChoice {
    current: Pathway,
    rows: Vec<Row>,
    /// How far each sourced effect of the ticked measures moves the saving, widest
    /// first, worked out again when the ticks or steps change.
    swings: Vec<measures::EffectSwing>,
}

impl BestPracticeChoice {
    /// Every measure's plan for `current`, ticked where it finds something to change.
    pub fn new(current: &Pathway) -> Self {
        let rows = LIBRARY
            .iter()
            .map(|measure| Row {
                measure,
                plan: Plan::default(),
                ticked: true,
                steps: None,
                choosable: Vec::new(),
            })
            .collect();
        let mut choice = Self {
            current: current.clone(),
            rows,
            swings: Vec::new(),
        };
        choice.replan();
        for row in &mut choice.rows {
            row.ticked = !row.plan.is_empty();
        }
        choice.reweigh();
        choice
    }

    /// How far each effect of the ticked measures moves the saving (none when they
    /// cannot be applied: *Add the option* then says why).
    fn reweigh(&mut self) {
        self.swings = measures::effect_swings(&self.current, &self.choices()).unwrap_or_default();
    }

    /// The effects the saving rests on most, in words (for tests and the dialog).
    pub fn rests_on(&self) -> Vec<String> {
        self.swings
            .iter()
            .filter(|s| s.moves_the_saving())
            .take(SWINGS_SHOWN)
            .map(|s| {
                format!(
                    "{} a referral",
                    crate::render::effect_swing_text(s, s.measure.short)
                )
            })
            .collect()
    }

    /// Each measure's plan on the pathway as the ticked measures before it leave it,
    /// as they are applied in turn.
    fn replan(&mut self) {
        let mut pathway = self.current.clone();
        for row in &mut self.rows {
            let targets: Vec<usize> = match &row.steps {
                None => row.measure.targets(&pathway),
                Some(ids) => ids.iter().filter_map(|id| pathway.step_index(id)).collect(),
            };
            row.choosable = pathway
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.clone(), s.name.clone(), targets.contains(&i)))
                .collect();
            row.plan = row
                .measure
                .plan(&pathway, &targets, &row.measure.defaults());
            if row.ticked {
                for edit in row.plan.edits.clone() {
                    // An edit refused here is refused again when the option is built,
                    // which says so.
                    let _ = crate::edit::apply(&mut pathway, edit);
                }
            }
        }
    }

    /// The ids of the measures ticked.
    pub fn ticked(&self) -> Vec<&'static str> {
        self.rows
            .iter()
            .filter(|r| r.ticked)
            .map(|r| r.measure.id)
            .collect()
    }

    /// The measures ticked, each at the steps it is pointed at.
    pub fn choices(&self) -> Vec<Choice> {
        self.rows
            .iter()
            .filter(|r| r.ticked)
            .map(|r| Choice {
                steps: r.steps.clone(),
                ..Choice::default_for(r.measure)
            })
            .collect()
    }

    /// What measure `id` will change, in words (for tests).
    pub fn changes(&self, id: &str) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| r.measure.id == id)
            .flat_map(|r| r.plan.changes.iter())
            .map(|c| format!("{}: {}", c.step, c.what))
            .collect()
    }

    /// Shows the dialog; `Some(None)` when cancelled, `Some(Some(choices))` when the
    /// user chose the measures to apply.
    fn show(&mut self, ctx: &egui::Context) -> Option<Option<Vec<Choice>>> {
        let mut answer = None;
        let response = egui::Modal::new(egui::Id::unique("opmt-best-practice")).show(ctx, |ui| {
            ui.set_max_width(640.0);
            ui.heading("Best practice for this pathway");
            ui.add_space(4.0);
            ui.label(
                "Each measure changes a copy of your current process: your roles, rates, clinical steps, referrals and patient mix stay as they are, so the comparison shows what the process change alone saves. Open a measure's Steps to point it at others.",
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
                    let changed = self.rows.iter_mut().fold(false, |changed, row| {
                        measure_ui(ui, row) | changed
                    });
                    if changed {
                        self.replan();
                        self.reweigh();
                    }
                });
            ui.add_space(6.0);
            self.rests_on_ui(ui);
            ui.add_space(8.0);
            answer = buttons_ui(ui, self.choices());
        });
        if answer.is_none() && response.should_close() {
            answer = Some(None);
        }
        answer
    }
}

impl BestPracticeChoice {
    /// "How sure": the effects the saving rests on most, each from the low to the high
    /// end of its sourced range; always as many lines, so the buttons keep their place.
    fn rests_on_ui(&self, ui: &mut egui::Ui) {
        ui.label(egui::RichText::new("How sure: the saving a referral as each sourced effect moves across its range").strong())
            .on_hover_text("One effect at a time, the others at their likely values: opmt best-practice lists them all");
        let lines = self.rests_on();
        for k in 0..SWINGS_SHOWN {
            match lines.get(k) {
                Some(line) => ui.label(line),
                None if k == 0 => ui.weak("No effect with a range moves it."),
                None => ui.label(""),
            };
        }
    }
}

/// *Add the option* (once a measure is ticked) and *Cancel*.
fn buttons_ui(ui: &mut egui::Ui, choices: Vec<Choice>) -> Option<Option<Vec<Choice>>> {
    ui.horizontal(|ui| {
        let add = ui
            .push_id("opmt-best-practice-add", |ui| {
                ui.add_enabled(!choices.is_empty(), egui::Button::new("Add the option"))
            })
            .inner
            .on_disabled_hover_text("Tick at least one measure");
        if add.clicked() {
            Some(Some(choices))
        } else if ui.button("Cancel").clicked() {
            Some(None)
        } else {
            None
        }
    })
    .inner
}

/// One measure: its tick box, what it will change (or that it finds nothing), and the
/// steps it is pointed at. True when the user changed something.
fn measure_ui(ui: &mut egui::Ui, row: &mut Row) -> bool {
    let m = row.measure;
    let mut changed = false;
    ui.add_enabled_ui(!row.plan.is_empty() || row.ticked, |ui| {
        changed |= ui.checkbox(&mut row.ticked, m.name).changed();
    });
    ui.indent(m.id, |ui| {
        if row.plan.is_empty() {
            ui.weak(match row.steps {
                None => format!("Finds nothing to change: it looks for {}.", m.finds),
                Some(_) => "Nothing to change at the steps chosen.".to_owned(),
            });
        }
        for change in &row.plan.changes {
            ui.label(format!("{}: {}", change.step, change.what));
        }
        changed |= steps_ui(ui, row);
    });
    ui.add_space(4.0);
    changed
}

/// The steps a measure can be pointed at, ticked where it applies, with a way back
/// to the steps it finds itself. True when the user changed them.
fn steps_ui(ui: &mut egui::Ui, row: &mut Row) -> bool {
    let pointed = row.choosable.iter().filter(|(.., on)| *on).count();
    let mut reset = false;
    let mut toggled = false;
    egui::CollapsingHeader::new(format!("Steps: {pointed} of {}", row.choosable.len()))
        .id_salt(("opmt-best-practice-steps", row.measure.id))
        .show(ui, |ui| {
            if row.steps.is_some() {
                reset = ui.button("Back to the steps it finds itself").clicked();
            }
            for (id, name, on) in &mut row.choosable {
                toggled |= ui.checkbox(on, format!("{name} ({id})")).changed();
            }
        });
    if reset {
        row.steps = None;
    } else if toggled {
        row.steps = Some(
            row.choosable
                .iter()
                .filter(|(.., on)| *on)
                .map(|(id, ..)| id.clone())
                .collect(),
        );
    }
    reset || toggled
}

impl OpmtApp {
    /// Opens the dialog on the current process.
    pub(crate) fn start_best_practice(&mut self) {
        let current = self.workspace.session().doc(0).pathway();
        self.best_practice = Some(BestPracticeChoice::new(current));
    }

    /// The dialog, while open; on *Add the option*, the option is built, added and
    /// compared.
    pub(crate) fn best_practice_ui(&mut self, ctx: &egui::Context) {
        let Some(choice) = &mut self.best_practice else {
            return;
        };
        let Some(answer) = choice.show(ctx) else {
            return;
        };
        self.best_practice = None;
        let Some(choices) = answer else {
            return;
        };
        if let Err(e) = self.workspace.add_best_practice(&choices, MadeBy::User) {
            self.modal = Some(super::dialogs::Modal::error(
                "Best practice could not be applied",
                vec![e.to_string()],
            ));
        }
    }

    /// The measures ticked in the best-practice dialog, while it is open (for tests).
    pub fn best_practice_choice(&self) -> Option<Vec<&'static str>> {
        self.best_practice.as_ref().map(BestPracticeChoice::ticked)
    }

    /// The effects the dialog says the saving rests on most, while it is open (for
    /// tests).
    pub fn best_practice_rests_on(&self) -> Option<Vec<String>> {
        self.best_practice
            .as_ref()
            .map(BestPracticeChoice::rests_on)
    }
}

impl OpmtApp {
    /// What measure `id` will change, in words, while the best-practice dialog is open
    /// (for tests).
    pub fn best_practice_changes(&self, id: &str) -> Option<Vec<String>> {
        self.best_practice.as_ref().map(|c| c.changes(id))
    }
}
