//! The estimate editor: one number or a low / likely / high range, typed in
//! [`NumberField`]s, for a step's minutes, days and unit cost, in the inspector and
//! the steps table. Each field is named for screen readers and tests.

use egui::{AsIdSalt, Id, Popup, PopupCloseBehavior, Response, Ui, containers::SetOpenCommand};

use crate::edit::StepField;
use crate::model::{Estimate, Step};
use crate::numbers::{pence, trimmed};

use super::number_field::{NumberField, WidgetName};

/// What an estimate measures, which sets how it is shown and typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Staff minutes.
    Minutes,
    /// Elapsed days.
    Days,
    /// Pounds sterling.
    Pounds,
}

impl Unit {
    /// The unit written after a number, if it goes after it.
    fn word(self) -> Option<&'static str> {
        match self {
            Unit::Minutes => Some("min"),
            Unit::Days => Some("days"),
            Unit::Pounds => None,
        }
    }

    /// The smallest step a lever moves this unit by.
    pub fn fine_step(self) -> f64 {
        match self {
            Unit::Minutes | Unit::Days => 0.1,
            Unit::Pounds => 0.01,
        }
    }

    /// A value written with its unit, e.g. "7 min", "2.5 days", "£0.87".
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Minutes => format!("{} min", trimmed(value, 1)),
            Unit::Days => format!("{} days", trimmed(value, 1)),
            Unit::Pounds => pence(value),
        }
    }

    /// An estimate written with its unit: "7 min", or "1–2–6 days" for a range.
    pub fn format_estimate(self, estimate: Estimate) -> String {
        if estimate.is_fixed() {
            return self.format(estimate.likely);
        }
        let [low, likely, high] = estimate.values().map(|v| match self {
            Unit::Minutes | Unit::Days => trimmed(v, 1),
            Unit::Pounds => format!("{v:.2}"),
        });
        match self {
            Unit::Minutes => format!("{low}–{likely}–{high} min"),
            Unit::Days => format!("{low}–{likely}–{high} days"),
            Unit::Pounds => format!("£{low}–{likely}–{high}"),
        }
    }

    /// A field for one number in this unit, with its unit around it when `units`.
    pub fn field<'a>(
        self,
        id_salt: impl egui::AsIdSalt,
        value: f64,
        name: WidgetName<'a>,
        units: bool,
    ) -> NumberField<'a> {
        let field = NumberField::new(id_salt, value, name);
        let field = match self {
            Unit::Minutes | Unit::Days => field.decimals(2),
            Unit::Pounds => field.pence(),
        };
        match (units, self.word()) {
            (false, _) => field,
            (true, Some(word)) => field.suffix(word),
            (true, None) => field.prefix("£"),
        }
    }
}

/// One of a step's three estimates, with what a panel needs to show and edit it.
#[derive(Clone, Copy, Debug)]
pub struct StepEstimate {
    /// Its label: "Touch minutes", "Wait days", "Unit cost (£)".
    pub title: &'static str,
    /// Its unit.
    pub unit: Unit,
    /// The model field's name, to key the editor's state.
    pub key: &'static str,
    /// Reads it from a step.
    pub read: fn(&Step) -> Estimate,
    /// The edit that sets it.
    pub field: fn(Estimate) -> StepField,
    /// Which value a lever pinned from it moves.
    pub lever: fn() -> crate::model::LeverValue,
}

/// A step's estimates, in the order shown.
pub const STEP_ESTIMATES: [StepEstimate; 3] = [
    StepEstimate {
        title: "Touch minutes",
        unit: Unit::Minutes,
        key: "touch_minutes",
        read: |step| step.touch_minutes,
        field: StepField::TouchMinutes,
        lever: || crate::model::LeverValue::TouchMinutes,
    },
    StepEstimate {
        title: "Wait days",
        unit: Unit::Days,
        key: "wait_days",
        read: |step| step.wait_days,
        field: StepField::WaitDays,
        lever: || crate::model::LeverValue::WaitDays,
    },
    StepEstimate {
        title: "Unit cost (£)",
        unit: Unit::Pounds,
        key: "unit_cost",
        read: |step| step.unit_cost,
        field: StepField::UnitCost,
        lever: || crate::model::LeverValue::UnitCost,
    },
];

/// Which of the three points of a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    /// The lowest plausible value.
    Low,
    /// The most likely value.
    Likely,
    /// The highest plausible value.
    High,
}

impl Point {
    /// All three, in order.
    pub const ALL: [Point; 3] = [Point::Low, Point::Likely, Point::High];

    /// The word used in accessible names: "low", "most likely", "high".
    pub fn word(self) -> &'static str {
        match self {
            Point::Low => "low",
            Point::Likely => "most likely",
            Point::High => "high",
        }
    }

    /// This point's value in `estimate`.
    pub fn of(self, estimate: Estimate) -> f64 {
        match self {
            Point::Low => estimate.low,
            Point::Likely => estimate.likely,
            Point::High => estimate.high,
        }
    }

    /// `estimate` with this point set to `value`, pushing the other points so that
    /// `low <= likely <= high` still holds (raising low above likely raises likely).
    pub fn set(self, estimate: Estimate, value: f64) -> Estimate {
        let Estimate { low, likely, high } = estimate;
        match self {
            Point::Low => {
                let likely = likely.max(value);
                Estimate::range(value, likely, high.max(likely))
            }
            Point::Likely => Estimate::range(low.min(value), value, high.max(value)),
            Point::High => {
                let likely = likely.min(value);
                Estimate::range(low.min(likely), likely, value)
            }
        }
    }
}

/// What the user did with an estimate editor this frame.
#[derive(Clone, Debug, Default)]
pub struct EstimateOutput {
    /// The new estimate, when it changed.
    pub estimate: Option<Estimate>,
    /// The user finished an edit (committed a number, toggled the range): end the
    /// undo step.
    pub finished: bool,
    /// The number fields shown, for their context menus.
    pub fields: Option<Response>,
}

impl EstimateOutput {
    fn absorb(&mut self, response: Response, committed: Option<Estimate>) {
        if let Some(estimate) = committed {
            self.estimate = Some(estimate);
            self.finished = true;
        }
        self.fields = Some(match self.fields.take() {
            Some(fields) => fields.union(response),
            None => response,
        });
    }
}

/// Edits an [`Estimate`] as one number, or as a low / most likely / high range behind
/// a "Range" check box. Switching to a range starts from low = likely = high = the
/// number; switching back keeps the most likely value.
///
/// The single value is named by `name` (or a visible label); the range values are
/// named "`name`, low", "`name`, most likely" and "`name`, high"; the check box is
/// "`name` as a range".
#[derive(Clone, Copy, Debug)]
pub struct EstimateEditor<'a> {
    name: &'a str,
    unit: Unit,
    id: Id,
    label: Option<Id>,
    compact: bool,
}

impl<'a> EstimateEditor<'a> {
    /// An editor named `name`. `id_salt` identifies the estimate (e.g. step id and
    /// field) so the range switch is remembered for it, in every panel.
    pub fn new(name: &'a str, unit: Unit, id_salt: impl AsIdSalt) -> Self {
        Self {
            name,
            unit,
            id: Id::unique(("opmt_estimate", id_salt)),
            label: None,
            compact: false,
        }
    }

    /// Names the single-value field by this visible label instead of by `name`.
    pub fn labelled_by(mut self, label: Id) -> Self {
        self.label = Some(label);
        self
    }

    /// A table-cell version: a number (or the range as text) with a button that
    /// opens the full editor in a popup.
    pub fn compact(mut self) -> Self {
        self.compact = true;
        self
    }

    /// Shows the editor for `estimate`.
    pub fn show(self, ui: &mut Ui, estimate: Estimate) -> EstimateOutput {
        let id = self.id;
        ui.push_id(id, |ui| {
            if self.compact {
                self.compact_ui(ui, estimate)
            } else {
                self.full_ui(ui, estimate)
            }
        })
        .inner
    }

    fn is_range(&self, ui: &Ui, estimate: Estimate) -> bool {
        !estimate.is_fixed() || ui.data(|d| d.get_temp::<bool>(self.id)).unwrap_or(false)
    }

    fn full_ui(&self, ui: &mut Ui, estimate: Estimate) -> EstimateOutput {
        let mut output = EstimateOutput::default();
        ui.horizontal(|ui| {
            let as_range = self.is_range(ui, estimate);
            if as_range {
                self.range_ui(ui, estimate, &mut output);
            } else {
                self.single_ui(ui, estimate, &mut output, 64.0);
            }
            self.range_switch_ui(ui, estimate, as_range, &mut output);
        });
        output
    }

    fn single_ui(&self, ui: &mut Ui, estimate: Estimate, output: &mut EstimateOutput, width: f32) {
        let name = match self.label {
            Some(label) => WidgetName::LabelledBy(label),
            None => WidgetName::Text(self.name),
        };
        let field = self
            .unit
            .field("single", estimate.likely, name, true)
            .width(width)
            .show(ui);
        let committed = field.committed.map(Estimate::fixed);
        output.absorb(field.response, committed);
    }

    fn range_ui(&self, ui: &mut Ui, estimate: Estimate, output: &mut EstimateOutput) {
        ui.spacing_mut().item_spacing.x = 4.0;
        if self.unit == Unit::Pounds {
            ui.label("£");
        }
        for point in Point::ALL {
            if point != Point::Low {
                ui.label("–");
            }
            let name = format!("{}, {}", self.name, point.word());
            let field = self
                .unit
                .field(
                    point.word(),
                    point.of(estimate),
                    WidgetName::Text(&name),
                    false,
                )
                .width(44.0)
                .hover(point_hover(point))
                .show(ui);
            let committed = field.committed.map(|v| point.set(estimate, v));
            output.absorb(field.response, committed);
        }
        if let Some(word) = self.unit.word() {
            ui.label(word);
        }
    }

    fn range_switch_ui(
        &self,
        ui: &mut Ui,
        estimate: Estimate,
        as_range: bool,
        output: &mut EstimateOutput,
    ) {
        let mut checked = as_range;
        let response = ui
            .checkbox(&mut checked, "Range")
            .accessible_name(format!("{} as a range", self.name))
            .on_hover_text("Give a low, most likely and high value instead of one number");
        if !response.changed() {
            return;
        }
        output.finished = true;
        if checked {
            ui.data_mut(|d| d.insert_temp(self.id, true));
        } else {
            ui.data_mut(|d| d.remove::<bool>(self.id));
            if !estimate.is_fixed() {
                output.estimate = Some(Estimate::fixed(estimate.likely));
            }
        }
    }

    fn compact_ui(&self, ui: &mut Ui, estimate: Estimate) -> EstimateOutput {
        let popup_id = self.id.with("popup");
        let mut output = EstimateOutput::default();
        ui.horizontal(|ui| {
            if self.is_range(ui, estimate) {
                let text = self.unit.format_estimate(estimate);
                let button = ui
                    .button(text.as_str())
                    .accessible_name(self.name)
                    .on_hover_text("Click to edit the range");
                ui.ctx()
                    .accesskit_node_builder(button.id, |node| node.set_value(text));
                let editor = Self {
                    compact: false,
                    ..*self
                };
                Popup::from_response(&button)
                    .id(popup_id)
                    .open_memory(button.clicked().then_some(SetOpenCommand::Toggle))
                    .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
                    .show(|ui| output = editor.full_ui(ui, estimate));
                // The popup's fields are on another layer, which Response::union
                // refuses: the context menu is the button's, as the table shows it.
                output.fields = Some(button);
            } else {
                Popup::close_id(ui.ctx(), popup_id);
                self.single_ui(ui, estimate, &mut output, 52.0);
                let button = ui
                    .small_button("±")
                    .accessible_name(format!("{} as a range", self.name))
                    .on_hover_text("Give a low, most likely and high value instead");
                if button.clicked() {
                    ui.data_mut(|d| d.insert_temp(self.id, true));
                    Popup::open_id(ui.ctx(), popup_id);
                }
            }
        });
        output
    }
}

fn point_hover(point: Point) -> &'static str {
    match point {
        Point::Low => "Low",
        Point::Likely => "Most likely",
        Point::High => "High",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn estimates_show_as_number_or_range() {
        assert_eq!(Unit::Minutes.format_estimate(Estimate::fixed(7.0)), "7 min");
        assert_eq!(
            Unit::Days.format_estimate(Estimate::range(1.0, 2.0, 6.0)),
            "1–2–6 days"
        );
        assert_eq!(
            Unit::Pounds.format_estimate(Estimate::range(0.5, 0.87, 1.0)),
            "£0.50–0.87–1.00"
        );
    }

    #[test]
    fn setting_a_point_keeps_the_range_in_order() {
        let e = Estimate::fixed(7.0);
        assert_eq!(Point::High.set(e, 12.0), Estimate::range(7.0, 7.0, 12.0));
        assert_eq!(Point::Low.set(e, 9.0), Estimate::range(9.0, 9.0, 9.0));
        assert_eq!(Point::High.set(e, 3.0), Estimate::range(3.0, 3.0, 3.0));
        let r = Estimate::range(1.0, 2.0, 6.0);
        assert_eq!(Point::Likely.set(r, 8.0), Estimate::range(1.0, 8.0, 8.0));
        assert_eq!(Point::Likely.set(r, 0.5), Estimate::range(0.5, 0.5, 6.0));
    }
}
