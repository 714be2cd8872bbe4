//! The keyboard [`Picker`] behind the stage, role, outcome and link lists: a button
//! that opens a list to filter by typing and choose with the arrows and Enter, and
//! the stage and role pickers built on it.

use egui::{
    Atom, Color32, EventFilter, FocusDirection, Id, Key, Popup, Response, ScrollArea, Sense,
    TextEdit, Ui, Vec2,
};

use crate::model::{Pathway, Stage};
use crate::numbers::pence;

use super::number_field::WidgetName;
use super::widgets::typed_text;
use crate::app::context::{stage_colour, stage_description};

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
