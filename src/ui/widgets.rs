//! Small helpers shared by the panels: ending an undo step when a widget is left,
//! problem lists, the text typed this frame, focusing a field with its text
//! selected, and clipped labels. The estimate editor is in
//! [`super::estimate_editor`], the keyboard picker in [`super::picker`].
//!
//! Every input widget gets an accessible name, either from a visible label
//! ([`WidgetName::LabelledBy`]) or from a text ([`WidgetName::Text`]) where nothing
//! visible names it (a table cell).

use egui::{Color32, Id, Response, RichText, Ui};

use crate::validate::{Problem, Severity};

use crate::app::context::Actions;

pub use super::number_field::WidgetName;

/// Ends the current undo step when the user has finished with a widget: a text field
/// left or a drag released. Until then, edits of the same field are one undo step.
pub fn seal_when_finished(actions: &mut Actions, response: &Response) {
    if response.lost_focus() || response.drag_stopped() {
        actions.seal = true;
    }
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

/// Takes a field's pending request for the keyboard (`asked`, cleared here) when
/// the field can have it now: not while a dialog closed in the last frame still
/// holds the keyboard in this one (egui keeps the top modal layer for a frame), where
/// the request would be lost; the request then waits for the next frame.
pub fn take_focus_request(ui: &Ui, asked: &mut bool) -> bool {
    if !*asked {
        return false;
    }
    if !ui.ctx().memory(|m| m.allows_interaction(ui.layer_id())) {
        ui.ctx().request_repaint();
        return false;
    }
    *asked = false;
    true
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

/// `text` with its first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
