//! Small widgets shared by the inspector and the tables: the estimate editor (one
//! number or a low / likely / high range, typed in [`NumberField`]s), the keyboard
//! [`Picker`] behind the stage, role, outcome and link lists, problem lists and the
//! number formats used on screen.
//!
//! Every input widget here gets an accessible name, either from a visible label
//! ([`WidgetName::LabelledBy`]) or from a text ([`WidgetName::Text`]) where nothing
//! visible names it (a table cell).

use egui::{
    AsIdSalt, Atom, Color32, EventFilter, FocusDirection, Id, Key, Popup, PopupCloseBehavior,
    Response, RichText, ScrollArea, Sense, TextEdit, Ui, Vec2, containers::SetOpenCommand,
};

use crate::edit::StepField;
use crate::model::{Estimate, Pathway, Stage, Step};
use crate::numbers::{pence, trimmed};
use crate::validate::{Problem, Severity};

use super::number_field::NumberField;
use crate::app::context::{Actions, stage_colour, stage_description};

pub use super::number_field::WidgetName;

/// Ends the current undo step when the user has finished with a widget: a text field
/// left or a drag released. Until then, edits of the same field are one undo step.
pub fn seal_when_finished(actions: &mut Actions, response: &Response) {
    if response.lost_focus() || response.drag_stopped() {
        actions.seal = true;
    }
}

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

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A small square in a stage's colour, as an atom to put before a stage's name.
pub fn stage_swatch(stage: Stage) -> Atom<'static> {
    swatch(stage_colour(stage))
}

/// A small square in `colour`, as an atom to put before a name.
fn swatch(colour: Color32) -> Atom<'static> {
    Atom::paint(Vec2::splat(12.0), move |ui, args| {
        let rect = egui::Rect::from_center_size(args.rect.center(), Vec2::splat(12.0));
        ui.painter().rect_filled(rect, 2.0, colour);
    })
}

/// One entry of a [`Picker`].
#[derive(Clone, Debug)]
pub struct Choice<T> {
    /// What choosing it gives.
    pub value: T,
    /// Its name in the list (and what typing filters on).
    pub text: String,
    /// More about it, on hover.
    pub hover: Option<String>,
    /// A colour swatch before its name.
    pub colour: Option<Color32>,
}

impl<T> Choice<T> {
    /// An entry `text` giving `value`.
    pub fn new(value: T, text: impl Into<String>) -> Self {
        Self {
            value,
            text: text.into(),
            hover: None,
            colour: None,
        }
    }

    /// With a hover text.
    pub fn hover(mut self, hover: impl Into<String>) -> Self {
        self.hover = Some(hover.into());
        self
    }

    /// With a colour swatch.
    pub fn colour(mut self, colour: Color32) -> Self {
        self.colour = Some(colour);
        self
    }
}

/// A picker's list while it is open: the filter typed and the highlighted entry
/// (a position among the entries that match).
#[derive(Clone, Debug, Default)]
struct PickerState {
    filter: String,
    highlight: usize,
    /// The filter field is still to take the keyboard: a new popup's first frame
    /// is an invisible sizing pass, where a field cannot hold the focus, so the
    /// button keeps it until the list is drawn.
    focus_pending: bool,
}

/// What a picker did this frame.
pub struct PickerOutput<T> {
    /// The picker's button.
    pub response: Response,
    /// The entry chosen, if one was.
    pub picked: Option<T>,
}

/// A drop-down list that works from the keyboard as well as the mouse: Enter,
/// Space or a click opens it (or typing a letter while it has the keyboard); typing
/// filters it, the arrow keys move, Return chooses and closes, Tab chooses what was
/// filtered to and moves on, Escape closes. Closing leaves the keyboard on the
/// picker, so the next Tab goes to the next field.
#[derive(Clone, Debug)]
pub struct Picker<'a> {
    id_salt: Id,
    name: WidgetName<'a>,
    shown: &'a str,
    colour: Option<Color32>,
    current: Option<usize>,
    width: f32,
}

impl<'a> Picker<'a> {
    /// A picker named `name`, showing `shown` when closed.
    pub fn new(id_salt: impl egui::AsIdSalt, name: WidgetName<'a>, shown: &'a str) -> Self {
        Self {
            id_salt: Id::unique(id_salt),
            name,
            shown,
            colour: None,
            current: None,
            width: 180.0,
        }
    }

    /// A swatch before the shown text.
    pub fn colour(mut self, colour: Color32) -> Self {
        self.colour = Some(colour);
        self
    }

    /// The entry chosen now, highlighted when the list opens.
    pub fn current(mut self, current: Option<usize>) -> Self {
        self.current = current;
        self
    }

    /// The closed picker's width, in points.
    pub fn width(mut self, width: f32) -> Self {
        self.width = width;
        self
    }

    /// Shows the picker with these entries.
    pub fn show<T: Clone>(self, ui: &mut Ui, choices: &[Choice<T>]) -> PickerOutput<T> {
        let id = ui.make_persistent_id(self.id_salt);
        let popup_id = id.with("popup");
        let filter_id = id.with("filter");
        let advance_id = id.with("advance");
        let mut state: Option<PickerState> = ui.data(|d| d.get_temp(popup_id));
        let was_open = state.is_some();
        let button = self.button_ui(ui, id);
        let mut picked = None;
        let advance = ui.data_mut(|d| d.remove_temp::<bool>(advance_id));
        if advance.unwrap_or(false) && button.has_focus() {
            // Tab chose: the keyboard goes on to the next field.
            ui.memory_mut(|m| {
                m.surrender_focus(button.id);
                m.move_focus(FocusDirection::Next);
            });
        }
        let typed: String = if button.has_focus() && !was_open {
            typed_text(ui)
        } else {
            String::new()
        };
        // The list just opened and its filter has not had the keyboard yet (the
        // list's first frame is a sizing pass): the button still has it, so Enter
        // or Space typed for the list reaches the button first. They are the
        // list's, not a press that closes it.
        let filter_pending = was_open && state.as_ref().is_some_and(|s| s.focus_pending);
        if (button.clicked() && !filter_pending) || !typed.trim().is_empty() {
            if was_open {
                state = None;
            } else {
                let highlight = if typed.is_empty() {
                    self.current.unwrap_or(0)
                } else {
                    0
                };
                state = Some(PickerState {
                    filter: typed.trim().to_owned(),
                    highlight,
                    focus_pending: true,
                });
            }
        } else if let Some(open) = state.as_mut().filter(|_| was_open) {
            let shown = Popup::from_response(&button)
                .id(popup_id)
                .open(true)
                .width(self.width.max(200.0))
                .show(|ui| list_ui(ui, filter_id, open, choices));
            match shown.map(|s| (s.inner, s.response)) {
                Some((ListEnd::Picked(i, advance), _)) => {
                    picked = choices.get(i).map(|c| c.value.clone());
                    state = None;
                    ui.memory_mut(|m| m.request_focus(button.id));
                    if advance {
                        ui.data_mut(|d| d.insert_temp(advance_id, true));
                    }
                }
                Some((ListEnd::Closed, _)) => {
                    state = None;
                    ui.memory_mut(|m| m.request_focus(button.id));
                }
                Some((ListEnd::Open, area)) if area.clicked_elsewhere() => state = None,
                _ => {}
            }
        }
        match state {
            Some(state) => ui.data_mut(|d| {
                d.insert_temp(popup_id, state);
            }),
            None => ui.data_mut(|d| d.remove::<PickerState>(popup_id)),
        }
        PickerOutput {
            response: button,
            picked,
        }
    }

    fn button_ui(&self, ui: &mut Ui, id: Id) -> Response {
        let height = ui.spacing().interact_size.y;
        let shown = self.shown.to_owned();
        let inner = ui.allocate_ui(egui::vec2(self.width, height), |ui| {
            ui.set_max_width(self.width);
            let mut atoms = egui::Atoms::default();
            if let Some(colour) = self.colour {
                atoms.push_right(swatch(colour));
            }
            atoms.push_right(shown.clone());
            atoms.push_right(Atom::grow());
            atoms.push_right("⏷");
            // An explicit scope id, so the button's id (and the keyboard on it)
            // survives rows appearing above it (a link just added).
            ui.scope_builder(egui::UiBuilder::new().scope_id(id.with("button")), |ui| {
                ui.add(
                    egui::Button::new(atoms)
                        .truncate()
                        .min_size(egui::vec2(self.width, height)),
                )
            })
            .inner
        });
        let response = self.name.apply(inner.inner);
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_role(egui::accesskit::Role::ComboBox);
            node.set_value(shown.clone());
        });
        if shown.chars().count() > 20 {
            response.on_hover_text(shown)
        } else {
            response
        }
    }
}

/// How the open list ended this frame.
enum ListEnd {
    /// Still open.
    Open,
    /// Closed without a choice.
    Closed,
    /// This entry was chosen; `true` when by Tab (the keyboard moves on).
    Picked(usize, bool),
}

/// The filter field and the entries that match it.
fn list_ui<T>(
    ui: &mut Ui,
    filter_id: Id,
    state: &mut PickerState,
    choices: &[Choice<T>],
) -> ListEnd {
    let pending = state.focus_pending;
    if pending {
        if ui.is_visible() {
            ui.memory_mut(|m| m.request_focus(filter_id));
            state.focus_pending = false;
        } else {
            // Typed while the list is being sized: kept for the filter.
            let typed: String = ui.input(|i| {
                i.events
                    .iter()
                    .filter_map(|e| match e {
                        egui::Event::Text(t) => Some(t.as_str()),
                        _ => None,
                    })
                    .collect()
            });
            state.filter.push_str(&typed);
        }
    }
    let before = state.filter.clone();
    let filter = ui
        .add(
            TextEdit::singleline(&mut state.filter)
                .id(filter_id)
                .hint_text("Type to filter")
                .desired_width(f32::INFINITY)
                .event_filter(EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    tab: true,
                    escape: true,
                }),
        )
        .accessible_name("Type to filter");
    let needle = state.filter.trim().to_lowercase();
    let matches: Vec<usize> = (0..choices.len())
        .filter(|&i| choices[i].text.to_lowercase().contains(&needle))
        .collect();
    if state.filter != before {
        state.highlight = 0;
    }
    let mut end = ListEnd::Open;
    let keyboard = filter.has_focus() || filter.lost_focus() || pending;
    let mut moved = false;
    if keyboard {
        let (down, up, enter, tab, escape) = ui.input(|i| {
            (
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Tab),
                i.key_pressed(Key::Escape),
            )
        });
        if down && state.highlight + 1 < matches.len() {
            state.highlight += 1;
            moved = true;
        }
        if up && state.highlight > 0 {
            state.highlight -= 1;
            moved = true;
        }
        state.highlight = state.highlight.min(matches.len().saturating_sub(1));
        if escape {
            end = ListEnd::Closed;
        } else if enter || tab {
            end = match matches.get(state.highlight) {
                Some(&i) if enter || !needle.is_empty() => ListEnd::Picked(i, tab),
                _ => ListEnd::Closed,
            };
        }
    }
    ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
        if matches.is_empty() {
            ui.weak("Nothing matches");
        }
        for (position, &i) in matches.iter().enumerate() {
            let choice = &choices[i];
            let mut atoms = egui::Atoms::default();
            if let Some(colour) = choice.colour {
                atoms.push_right(swatch(colour));
            }
            atoms.push_right(choice.text.as_str());
            let highlighted = position == state.highlight;
            let item = egui::Button::selectable(highlighted, atoms).sense(Sense::CLICK);
            let mut response = ui.add(item);
            if highlighted && moved {
                response.scroll_to_me(None);
            }
            if let Some(hover) = &choice.hover {
                response = response.on_hover_text(hover);
            }
            if response.clicked() {
                end = ListEnd::Picked(i, false);
            }
        }
    });
    end
}

/// A picker of the stages, each with its colour. Returns the stage picked.
pub fn stage_picker(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    stage: Stage,
    name: WidgetName<'_>,
) -> Option<Stage> {
    let choices: Vec<Choice<Stage>> = Stage::ALL
        .iter()
        .map(|&s| {
            Choice::new(s, s.name())
                .hover(stage_description(s))
                .colour(stage_colour(s))
        })
        .collect();
    let current = Stage::ALL.iter().position(|&s| s == stage);
    let output = Picker::new(id_salt, name, stage.name())
        .colour(stage_colour(stage))
        .current(current)
        .width(150.0)
        .show(ui, &choices);
    output.response.on_hover_text(stage_description(stage));
    output.picked.filter(|p| *p != stage)
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

/// A picker of the pathway's roles plus "No role". Returns the choice when it
/// changed: `Some(None)` for no role.
pub fn role_picker(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    pathway: &Pathway,
    role: Option<&str>,
    name: WidgetName<'_>,
) -> Option<Option<String>> {
    let mut choices = vec![Choice::new(None, "No role")];
    choices.extend(pathway.roles.iter().map(|r| {
        Choice::new(Some(r.id.clone()), r.name.as_str())
            .hover(format!("{} an hour", pence(r.hourly_cost)))
    }));
    let current = choices.iter().position(|c| c.value.as_deref() == role);
    let shown = role_label(pathway, role);
    let output = Picker::new(id_salt, name, &shown)
        .current(current)
        .width(180.0)
        .show(ui, &choices);
    output.picked.filter(|p| p.as_deref() != role)
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

/// The text typed this frame.
pub fn typed_text(ui: &Ui) -> String {
    ui.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    })
}

/// Gives the text field `id` the keyboard with all of its `chars` characters
/// selected, so typing replaces them (a new step's or role's placeholder name).
/// Call it before the field is shown, so that keys typed in this very frame go
/// into the field, and only where the field is drawn (`ui.is_visible()`): in a
/// new grid's invisible sizing pass the field is disabled and drops the focus.
pub fn focus_selecting_all(ui: &Ui, id: Id, chars: usize) {
    ui.memory_mut(|m| m.request_focus(id));
    let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
    let all =
        egui::text::CCursorRange::two(egui::text::CCursor::new(0), egui::text::CCursor::new(chars));
    state.cursor.set_char_range(Some(all));
    state.store(ui.ctx(), id);
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
