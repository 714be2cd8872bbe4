//! Small widgets shared by the inspector and the tables: the estimate editor (one
//! number or a low / likely / high range), the stage and role pickers, problem lists
//! and the number formats used on screen.
//!
//! Every input widget here gets an accessible name, either from a visible label
//! ([`WidgetName::LabelledBy`]) or from a text ([`WidgetName::Text`]) where nothing
//! visible names it (a table cell).

use egui::{
    AsIdSalt, Atom, Color32, ComboBox, DragValue, Id, Popup, PopupCloseBehavior, Response,
    RichText, Ui, Vec2, containers::SetOpenCommand,
};

use crate::edit::StepField;
use crate::model::{Estimate, Pathway, Stage, Step};
use crate::numbers::{grouped_trimmed, parse_number, pence, trimmed};
use crate::validate::{Problem, Severity};

use super::context::{Actions, stage_colour, stage_description};

/// How an input widget is named for screen readers and tests.
#[derive(Clone, Copy, Debug)]
pub enum WidgetName<'a> {
    /// Named by a visible label next to it (the label's id).
    LabelledBy(Id),
    /// Named by this text, where no visible label names it (a table cell).
    Text(&'a str),
}

impl WidgetName<'_> {
    /// Names `response`'s widget and returns the response.
    pub fn apply(self, response: Response) -> Response {
        match self {
            WidgetName::LabelledBy(label) => response.labelled_by(label),
            WidgetName::Text(text) => response.accessible_name(text),
        }
    }
}

/// Ends the current undo step when the user has finished with a widget: a text field
/// left or a drag released. Until then, edits of the same field are one undo step.
pub fn seal_when_finished(actions: &mut Actions, response: &Response) {
    if response.lost_focus() || response.drag_stopped() {
        actions.seal = true;
    }
}

/// What an estimate measures, which sets how it is shown and dragged.
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
    /// Change per point dragged.
    fn speed(self) -> f64 {
        match self {
            Unit::Minutes | Unit::Days => 0.1,
            Unit::Pounds => 0.01,
        }
    }

    /// Decimals shown and kept.
    fn max_decimals(self) -> usize {
        match self {
            Unit::Minutes | Unit::Days => 1,
            Unit::Pounds => 2,
        }
    }

    /// The unit written after a number, if it goes after it.
    fn word(self) -> Option<&'static str> {
        match self {
            Unit::Minutes => Some("min"),
            Unit::Days => Some("days"),
            Unit::Pounds => None,
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

    /// A drag value for one number in this unit.
    fn drag_value(self, value: &mut f64) -> DragValue<'_> {
        let drag = match self {
            Unit::Minutes | Unit::Days => number_drag(value, self.max_decimals()),
            Unit::Pounds => DragValue::new(value)
                .custom_formatter(|v, _| format!("{v:.2}"))
                .custom_parser(parse_number)
                .max_decimals(2)
                .prefix("£"),
        };
        drag.range(0.0..=f64::INFINITY).speed(self.speed())
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

/// A drag value that writes its number with [`grouped_trimmed`] and reads it back
/// with [`parse_number`], keeping at most `max_decimals` decimals.
pub fn number_drag(value: &mut f64, max_decimals: usize) -> DragValue<'_> {
    DragValue::new(value)
        .custom_formatter(move |v, _| grouped_trimmed(v, max_decimals))
        .custom_parser(parse_number)
        .max_decimals(max_decimals)
}

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
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EstimateOutput {
    /// The new estimate, when it changed.
    pub estimate: Option<Estimate>,
    /// The user finished an edit (left a field, released a drag, toggled the range):
    /// end the undo step.
    pub finished: bool,
}

impl EstimateOutput {
    fn absorb(&mut self, response: &Response, estimate: Estimate) {
        if response.changed() {
            self.estimate = Some(estimate);
        }
        self.finished |= response.lost_focus() || response.drag_stopped();
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
                self.single_ui(ui, estimate, &mut output);
            }
            self.range_switch_ui(ui, estimate, as_range, &mut output);
        });
        output
    }

    fn single_ui(&self, ui: &mut Ui, estimate: Estimate, output: &mut EstimateOutput) {
        let mut value = estimate.likely;
        let mut drag = self.unit.drag_value(&mut value);
        if let Some(word) = self.unit.word() {
            drag = drag.suffix(format!(" {word}"));
        }
        let response = ui.add(drag);
        let name = match self.label {
            Some(label) => WidgetName::LabelledBy(label),
            None => WidgetName::Text(self.name),
        };
        let response = name.apply(response);
        output.absorb(&response, Estimate::fixed(value));
    }

    fn range_ui(&self, ui: &mut Ui, estimate: Estimate, output: &mut EstimateOutput) {
        ui.spacing_mut().item_spacing.x = 4.0;
        for point in Point::ALL {
            if point != Point::Low {
                ui.label("–");
            }
            let mut value = point.of(estimate);
            let drag = self.unit.drag_value(&mut value).update_while_editing(false);
            let response = ui
                .add(drag)
                .accessible_name(format!("{}, {}", self.name, point.word()))
                .on_hover_text(capitalised(point.word()));
            output.absorb(&response, point.set(estimate, value));
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
            } else {
                Popup::close_id(ui.ctx(), popup_id);
                self.single_ui(ui, estimate, &mut output);
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

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A small square in a stage's colour, as an atom to put before a stage's name.
pub fn stage_swatch(stage: Stage) -> Atom<'static> {
    let colour = stage_colour(stage);
    Atom::paint(Vec2::splat(12.0), move |ui, args| {
        let rect = egui::Rect::from_center_size(args.rect.center(), Vec2::splat(12.0));
        ui.painter().rect_filled(rect, 2.0, colour);
    })
}

/// A combo box of the stages, each with its colour. Returns the stage picked.
pub fn stage_combo(
    ui: &mut Ui,
    id_salt: impl AsIdSalt,
    stage: Stage,
    name: WidgetName<'_>,
) -> Option<Stage> {
    let mut picked = None;
    let inner = ComboBox::from_id_salt(id_salt)
        .selected_text((stage_swatch(stage), stage.name()))
        .show_ui(ui, |ui| {
            for option in Stage::ALL {
                let response = ui
                    .selectable_label(option == stage, (stage_swatch(option), option.name()))
                    .on_hover_text(stage_description(option));
                if response.clicked() {
                    picked = Some(option);
                }
            }
        });
    name.apply(inner.response)
        .on_hover_text(stage_description(stage));
    picked.filter(|p| *p != stage)
}

/// The name shown for a step's role: the role's name, "No role", or the unknown id.
pub fn role_label(pathway: &Pathway, role: Option<&str>) -> String {
    match role {
        None => "No role".to_owned(),
        Some(id) => pathway
            .role(id)
            .map_or_else(|| format!("Unknown role “{id}”"), |r| r.name.clone()),
    }
}

/// A combo box of the pathway's roles plus "No role". Returns the choice when it
/// changed: `Some(None)` for no role.
pub fn role_combo(
    ui: &mut Ui,
    id_salt: impl AsIdSalt,
    pathway: &Pathway,
    role: Option<&str>,
    name: WidgetName<'_>,
) -> Option<Option<String>> {
    let mut picked = None;
    let inner = ComboBox::from_id_salt(id_salt)
        .selected_text(role_label(pathway, role))
        .width(ui.spacing().combo_width.max(180.0))
        .show_ui(ui, |ui| {
            if ui.selectable_label(role.is_none(), "No role").clicked() {
                picked = Some(None);
            }
            for option in &pathway.roles {
                let response = ui
                    .selectable_label(role == Some(option.id.as_str()), option.name.as_str())
                    .on_hover_text(format!("{} an hour", pence(option.hourly_cost)));
                if response.clicked() {
                    picked = Some(Some(option.id.clone()));
                }
            }
        });
    name.apply(inner.response);
    picked.filter(|p| p.as_deref() != role)
}

/// The colour problems of this severity are written in.
pub fn severity_colour(ui: &Ui, severity: Severity) -> Color32 {
    match severity {
        Severity::Error => ui.visuals().error_fg_color,
        Severity::Warning => ui.visuals().warn_fg_color,
    }
}

/// A problem's message made readable on its own: the leading `step "id": ` (which
/// the panel already shows) dropped and the rest capitalised.
pub fn tidy_message(message: &str, subject_id: Option<&str>) -> String {
    let rest = subject_id.and_then(|id| {
        message
            .strip_prefix(&format!("step \"{id}\": "))
            .or_else(|| message.strip_prefix(&format!("role \"{id}\": ")))
    });
    rest.map_or_else(|| message.to_owned(), capitalised)
}

/// Lists problems, errors in the error colour and warnings in the warning colour.
pub fn problem_list_ui<'p>(
    ui: &mut Ui,
    problems: impl IntoIterator<Item = &'p Problem>,
    subject_id: Option<&str>,
) {
    for problem in problems {
        let (mark, colour) = (
            match problem.severity {
                Severity::Error => "Error:",
                Severity::Warning => "Warning:",
            },
            severity_colour(ui, problem.severity),
        );
        let text = format!("{mark} {}", tidy_message(&problem.message, subject_id));
        ui.add(egui::Label::new(RichText::new(text).color(colour)).wrap());
    }
}

/// Gives a text field the keyboard with all of its `chars` characters selected, so
/// typing replaces them (a new step's or role's placeholder name).
pub fn focus_selecting_all(ui: &Ui, output: &mut egui::text_edit::TextEditOutput, chars: usize) {
    output.response.request_focus();
    let all =
        egui::text::CCursorRange::two(egui::text::CCursor::new(0), egui::text::CCursor::new(chars));
    output.state.cursor.set_char_range(Some(all));
    output.state.clone().store(ui.ctx(), output.response.id);
}

/// `text` cut to at most `max_chars` characters, ending in `mark` ("…") where it was
/// cut, for labels that must keep their width (the full text goes on hover).
pub fn clipped(text: &str, max_chars: usize, mark: &str) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let keep = max_chars.saturating_sub(mark.chars().count());
    let cut: String = text.chars().take(keep).collect();
    format!("{}{mark}", cut.trim_end())
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

    #[test]
    fn messages_lose_the_subject_prefix() {
        let m = "step \"grade\": the shares of its links sum to 0.9";
        assert_eq!(
            tidy_message(m, Some("grade")),
            "The shares of its links sum to 0.9"
        );
        assert_eq!(tidy_message(m, Some("other")), m);
    }

    #[test]
    fn clipped_text_keeps_its_length_and_marks_the_cut() {
        assert_eq!(super::clipped("Booking clerk", 20, "…"), "Booking clerk");
        // 10 characters at most: 9 kept, the space before the cut trimmed, then "…".
        assert_eq!(super::clipped("Consultant grades", 10, "…"), "Consultan…");
        assert_eq!(
            super::clipped("GP refers the patient", 10, "..."),
            "GP refe..."
        );
        assert_eq!(super::clipped("GP refers the patient", 6, "..."), "GP...");
    }
}
