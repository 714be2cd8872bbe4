//! Typing numbers without losing a key: the one [`NumberField`] used wherever a
//! number is typed (the inspector, the tables, the settings, the levers), and the
//! [`InputPacing`] that hands the app its keys in order, one focus-moving key per
//! frame, however fast they come and however slow the frame.
//!
//! A field is a single-line text field. While it has the keyboard its text lives in
//! egui memory (by the field's id), so every key typed after it gained focus
//! arrives; Tab, Enter or leaving the field commits the number, Escape puts the old
//! value back. Text that is not a number in range is shown as an error in the field
//! (a red frame, the reason on hover) and never stored.

use egui::{
    Event, Id, Key, RawInput, Response, Stroke, StrokeKind, TextEdit, Ui,
    text::{CCursor, CCursorRange},
};

use crate::numbers::{grouped, grouped_trimmed};

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

/// A number typed into a field: its value, once the user has finished typing it.
pub struct NumberOutput {
    /// The text field's response.
    pub response: Response,
    /// The number typed, when the user finished with the field (Tab, Enter, a click
    /// elsewhere) having changed it to a valid number.
    pub committed: Option<f64>,
}

/// What the field holds while it is being typed in, or when it was left with text
/// that is not a valid number.
#[derive(Clone, Debug)]
struct Draft {
    /// The text typed so far.
    text: String,
    /// The text the field showed when it gained the keyboard.
    start: String,
    /// The value the field showed then; a draft left behind is dropped when the
    /// value changes under it (undo, another panel).
    base: f64,
}

/// One number typed in a text field. Build it with [`NumberField::new`], set its
/// range, decimals and units, and [`NumberField::show`] it.
#[derive(Clone, Debug)]
pub struct NumberField<'a> {
    id_salt: Id,
    value: f64,
    name: WidgetName<'a>,
    min: f64,
    max: f64,
    decimals: usize,
    fixed_decimals: bool,
    prefix: &'a str,
    suffix: &'a str,
    width: f32,
    hover: Option<&'a str>,
}

impl<'a> NumberField<'a> {
    /// A field showing `value`, named `name` for screen readers and tests; `id_salt`
    /// must say which value it is (e.g. the step id and the field), so that text
    /// being typed never moves to another value.
    pub fn new(id_salt: impl egui::AsIdSalt, value: f64, name: WidgetName<'a>) -> Self {
        Self {
            id_salt: Id::unique(id_salt),
            value,
            name,
            min: 0.0,
            max: f64::INFINITY,
            decimals: 1,
            fixed_decimals: false,
            prefix: "",
            suffix: "",
            width: 64.0,
            hover: None,
        }
    }

    /// The values allowed (0 or more unless set).
    pub fn range(mut self, min: f64, max: f64) -> Self {
        self.min = min;
        self.max = max;
        self
    }

    /// Decimals shown when the field is not being typed in (no trailing zeros).
    pub fn decimals(mut self, decimals: usize) -> Self {
        self.decimals = decimals;
        self
    }

    /// Pounds and pence: always two decimals.
    pub fn pence(mut self) -> Self {
        self.decimals = 2;
        self.fixed_decimals = true;
        self
    }

    /// A unit written before the number ("£").
    pub fn prefix(mut self, prefix: &'a str) -> Self {
        self.prefix = prefix;
        self
    }

    /// A unit written after the number ("min", "days", "%").
    pub fn suffix(mut self, suffix: &'a str) -> Self {
        self.suffix = suffix;
        self
    }

    /// The text field's width, in points.
    pub fn width(mut self, width: f32) -> Self {
        self.width = width;
        self
    }

    /// What the field is, on hover.
    pub fn hover(mut self, hover: &'a str) -> Self {
        self.hover = Some(hover);
        self
    }

    /// The number written as the field shows it.
    fn format(&self, value: f64) -> String {
        if self.fixed_decimals {
            grouped(value, self.decimals)
        } else {
            grouped_trimmed(value, self.decimals)
        }
    }

    /// The number in `text`, or why it is not one in range.
    fn read(&self, text: &str) -> Result<f64, String> {
        let value = parse_typed(text, &[self.prefix, self.suffix])
            .ok_or_else(|| format!("“{}” is not a number", text.trim()))?;
        if value < self.min || value > self.max {
            let (min, max) = (self.format(self.min), self.format(self.max));
            return Err(if self.max.is_finite() {
                format!("Give a number from {min} to {max}")
            } else {
                format!("Give a number of {min} or more")
            });
        }
        Ok(value)
    }

    /// Shows the field, with its units, in a row of its own.
    pub fn show(self, ui: &mut Ui) -> NumberOutput {
        // `horizontal`, not `with_layout`: a centred row given the whole height
        // left (a grid cell) would take all of it, pushing everything below away.
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 3.0;
            if !self.prefix.is_empty() {
                ui.label(self.prefix);
            }
            let output = self.field_ui(ui);
            if !self.suffix.is_empty() {
                ui.label(self.suffix);
            }
            output
        })
        .inner
    }

    fn field_ui(&self, ui: &mut Ui) -> NumberOutput {
        let id = ui.make_persistent_id(self.id_salt);
        let draft_id = id.with("draft");
        let had_focus = ui.memory(|m| m.has_focus(id));
        let shown = self.format(self.value);
        let mut draft = ui
            .data(|d| d.get_temp::<Draft>(draft_id))
            .filter(|d| had_focus || d.base == self.value);
        let mut text = draft
            .as_ref()
            .map_or_else(|| shown.clone(), |d| d.text.clone());
        let problem = draft
            .as_ref()
            .filter(|d| d.text != d.start)
            .and_then(|d| self.read(&d.text).err());
        let mut edit = TextEdit::singleline(&mut text)
            .id(id)
            .desired_width(self.width)
            .align(egui::Align2::RIGHT_CENTER);
        if problem.is_some() {
            edit = edit.text_color(ui.visuals().error_fg_color);
        }
        let mut output = edit.show(ui);
        let response = self.name.apply(output.response.response.clone());
        if problem.is_some() {
            ui.painter().rect_stroke(
                response.rect,
                ui.visuals().widgets.inactive.corner_radius,
                Stroke::new(1.5, ui.visuals().error_fg_color),
                StrokeKind::Outside,
            );
        }
        if response.gained_focus() {
            // Typing replaces the number: select it all.
            let all = CCursorRange::two(CCursor::new(0), CCursor::new(text.chars().count()));
            output.state.cursor.set_char_range(Some(all));
            output.state.clone().store(ui.ctx(), id);
            if draft.is_none() {
                draft = Some(Draft {
                    text: text.clone(),
                    start: shown.clone(),
                    base: self.value,
                });
            }
        }
        let mut committed = None;
        if response.lost_focus() {
            let escaped = ui.input(|i| i.key_pressed(Key::Escape));
            match draft.take() {
                Some(_) if escaped => {}
                Some(d) if text != d.start => match self.read(&text) {
                    Ok(value) => committed = Some(value).filter(|v| *v != self.value),
                    // Kept, in red, so the mistake shows; nothing is stored.
                    Err(_) => draft = Some(Draft { text, ..d }),
                },
                _ => {}
            }
        } else if response.has_focus() {
            let d = draft.get_or_insert_with(|| Draft {
                text: String::new(),
                start: shown.clone(),
                base: self.value,
            });
            d.text = text;
        }
        match draft {
            Some(d) => ui.data_mut(|m| {
                m.insert_temp(draft_id, d);
            }),
            None => ui.data_mut(|m| m.remove::<Draft>(draft_id)),
        }
        let response = match (problem, self.hover) {
            (Some(problem), _) => response.on_hover_text(format!("{problem}; not stored")),
            (None, Some(hover)) => response.on_hover_text(hover),
            (None, None) => response,
        };
        NumberOutput {
            response,
            committed,
        }
    }
}

/// Reads a number as people type it: "12", "2.5", "2,5" (a comma before other than
/// three digits is a decimal point), "12,000", "£39.50", "85%", "7 min", "−3".
/// `units` are words that may be typed around it and are ignored.
pub fn parse_typed(text: &str, units: &[&str]) -> Option<f64> {
    let mut rest = text.trim().to_owned();
    for unit in units.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
        if let Some(stripped) = rest.strip_suffix(unit) {
            rest = stripped.trim_end().to_owned();
        }
        if let Some(stripped) = rest.strip_prefix(unit) {
            rest = stripped.trim_start().to_owned();
        }
    }
    let cleaned: String = rest
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '£' | '%'))
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    let number = if cleaned.contains('.') {
        cleaned.replace(',', "")
    } else {
        let groups: Vec<&str> = cleaned.split(',').collect();
        let (head, tail) = groups.split_first()?;
        let digits = head.trim_start_matches('-');
        let thousands = !tail.is_empty()
            && !digits.is_empty()
            && digits != "0"
            && tail
                .iter()
                .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        match tail {
            _ if thousands || tail.is_empty() => cleaned.replace(',', ""),
            [fraction] => format!("{head}.{fraction}"),
            _ => return None,
        }
    };
    number.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Hands the app its input in order, however much arrives between two frames:
/// a key that moves the keyboard or acts on what has it (Tab, Enter, Space, Escape,
/// the up and down arrows, a shortcut) gets a frame of its own, with what was typed
/// before it in the frame before and what was typed after it in the frame after,
/// so "Tab 1 2 Tab 3" types 12 into one field and 3 into the next. Space is one of
/// them because it presses a focused button as Enter does: a name typed just
/// after Enter on *New role* arrives in the frame its field takes the keyboard,
/// while the button still has it, and a space in it would press the button
/// again. Held-back input asks for the next frame at once.
#[derive(Debug, Default)]
pub struct InputPacing {
    held: Vec<Event>,
}

impl InputPacing {
    /// Installs the pacing on `ctx` (once; later calls do nothing).
    pub fn install(ctx: &egui::Context) {
        ctx.add_plugin(Self::default());
    }

    /// Splits `events` (held-back ones first): what goes in this frame stays,
    /// the rest is returned to go later.
    pub(crate) fn split(events: &mut Vec<Event>) -> Vec<Event> {
        let cut = match events.iter().position(moves_focus) {
            None => return Vec::new(),
            Some(0) => 1,
            Some(k) => k,
        };
        events.split_off(cut)
    }
}

/// A key press that moves the keyboard or acts on the focused widget.
fn moves_focus(event: &Event) -> bool {
    let Event::Key {
        key,
        pressed: true,
        modifiers,
        ..
    } = event
    else {
        return false;
    };
    modifiers.command
        || modifiers.ctrl
        || modifiers.alt
        || matches!(
            key,
            Key::Tab
                | Key::Enter
                | Key::Space
                | Key::Escape
                | Key::ArrowUp
                | Key::ArrowDown
                | Key::PageUp
                | Key::PageDown
        )
}

impl egui::Plugin for InputPacing {
    fn debug_name(&self) -> &'static str {
        "opmt input pacing"
    }

    fn input_hook(&mut self, _ctx: &egui::Context, input: &mut RawInput) {
        if !self.held.is_empty() {
            let mut events = std::mem::take(&mut self.held);
            events.append(&mut input.events);
            input.events = events;
        }
        self.held = Self::split(&mut input.events);
    }

    fn on_end_pass(&mut self, ui: &mut Ui) {
        if !self.held.is_empty() {
            ui.ctx().request_repaint();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_people_type_them() {
        let none: [&str; 0] = [];
        assert_eq!(parse_typed("12", &none), Some(12.0));
        assert_eq!(parse_typed(" 2.5 ", &none), Some(2.5));
        assert_eq!(parse_typed("2,5", &none), Some(2.5));
        assert_eq!(parse_typed("0,125", &none), Some(0.125));
        assert_eq!(parse_typed("12,000", &none), Some(12000.0));
        assert_eq!(parse_typed("1,545.5", &none), Some(1545.5));
        assert_eq!(parse_typed("£39.50", &none), Some(39.5));
        assert_eq!(parse_typed("85%", &none), Some(85.0));
        assert_eq!(parse_typed("7 min", &["", "min"]), Some(7.0));
        assert_eq!(parse_typed("−3", &none), Some(-3.0));
        assert_eq!(parse_typed("", &none), None);
        assert_eq!(parse_typed("1,2,3", &none), None);
        assert_eq!(parse_typed("abc", &none), None);
        assert_eq!(parse_typed("inf", &none), None);
    }

    fn key(key: Key) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    }

    fn text(t: &str) -> Event {
        Event::Text(t.to_owned())
    }

    #[test]
    fn a_focus_key_gets_a_frame_of_its_own() {
        let mut events = vec![text("5"), key(Key::Tab), text("1"), text("2")];
        let rest = InputPacing::split(&mut events);
        assert_eq!(events, vec![text("5")]);
        let mut events = rest;
        let rest = InputPacing::split(&mut events);
        assert_eq!(events, vec![key(Key::Tab)]);
        let mut events = rest;
        assert!(InputPacing::split(&mut events).is_empty());
        assert_eq!(events, vec![text("1"), text("2")]);
        // A space typed is a Space key (which presses a focused button) and its
        // text: the key has a frame of its own, the text goes on after it.
        let mut events = vec![text("a"), key(Key::Space), text(" "), text("b")];
        let rest = InputPacing::split(&mut events);
        assert_eq!(events, vec![text("a")]);
        let mut events = rest;
        let rest = InputPacing::split(&mut events);
        assert_eq!(events, vec![key(Key::Space)]);
        assert_eq!(rest, vec![text(" "), text("b")]);
    }
}
