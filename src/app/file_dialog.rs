//! The app's own file dialog (the `egui_file` crate), shown where the system's cannot
//! open, so that Open, Save as and every export still work and never fail silently.
//!
//! It takes the keyboard as a system dialog does: from the moment it opens nothing
//! behind it gets what is typed (that once went into the step name being edited),
//! Tab stays in it, and its File field has the keyboard, the suggested name
//! selected, so that typing a name (or a whole path) and Enter saves. What is typed
//! before that field is first drawn is held and given to it then, in order.

use std::path::PathBuf;

use egui::{Event, Id, LayerId, Order, Sense};

use super::files::{FileKind, Picked};
use crate::ui::number_field::InputPacing;

/// The dialog window's id (and so its layer's).
const DIALOG_ID: &str = "opmt-in-app-file-dialog";

/// An open in-app file dialog.
pub struct InAppDialog {
    dialog: egui_file::FileDialog,
    kind: FileKind,
    /// Why the system dialog was not used, shown in the status line once.
    pub reason: String,
    /// The name suggested in the File field (empty when opening).
    file_name: String,
    /// The File field has been given the keyboard.
    handed_over: bool,
    /// Keys typed for the dialog that it has not yet given to its File field.
    held: Vec<Event>,
}

impl std::fmt::Debug for InAppDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InAppDialog")
            .field("kind", &self.kind)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

impl InAppDialog {
    /// A dialog to open a file of `kind`, starting in `start`.
    pub fn open(kind: FileKind, start: Option<PathBuf>, reason: String) -> Self {
        let dialog = egui_file::FileDialog::open_file();
        Self::build(dialog, kind, start, (kind.open_title(), ""), reason)
    }

    /// A dialog to save a file of `kind`, suggesting `file_name`, starting in `start`.
    pub fn save(kind: FileKind, file_name: &str, start: Option<PathBuf>, reason: String) -> Self {
        let dialog = egui_file::FileDialog::save_file().default_filename(file_name);
        Self::build(dialog, kind, start, (kind.save_title(), file_name), reason)
    }

    fn build(
        dialog: egui_file::FileDialog,
        kind: FileKind,
        start: Option<PathBuf>,
        (title, file_name): (&str, &str),
        reason: String,
    ) -> Self {
        let mut dialog = dialog
            .title(title)
            .id(Id::unique(DIALOG_ID))
            .show_files_filter(Box::new(move |path: &std::path::Path| kind.accepts(path)))
            .show_rename(false)
            .default_size([640.0, 480.0])
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .keep_on_top(true);
        if let Some(start) = start {
            dialog = dialog.initial_path(start);
        }
        dialog.open();
        Self {
            dialog,
            kind,
            reason,
            file_name: file_name.to_owned(),
            handed_over: false,
            held: Vec::new(),
        }
    }

    /// Takes the keyboard from whatever had it behind the dialog: called at the
    /// end of the frame that opened it.
    pub fn take_keyboard(ctx: &egui::Context) {
        ctx.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
    }

    /// Takes this frame's keys for the dialog, before the panels behind it are
    /// drawn: until the File field has the keyboard and every key held so far has
    /// gone to it, the keys typed are held back for it.
    pub fn hold_keys(&mut self, ctx: &egui::Context) {
        if self.handed_over && self.held.is_empty() {
            return;
        }
        let keys = ctx.input_mut(|i| {
            let (keys, rest): (Vec<Event>, Vec<Event>) = i.events.drain(..).partition(is_typing);
            i.events = rest;
            keys
        });
        if !keys.is_empty() {
            // egui has already read a Tab or an arrow among them as a move of the
            // keyboard: it moves when the key is given back instead.
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            self.held.extend(keys);
        }
    }

    /// Gives the File field what was held for it, a frame at a time as the input
    /// pacing gives keys (a key that moves the keyboard in a frame of its own),
    /// once it has the keyboard.
    fn give_held_keys(&mut self, ctx: &egui::Context) {
        if self.handed_over && !self.held.is_empty() {
            let rest = InputPacing::split(&mut self.held);
            let now = std::mem::replace(&mut self.held, rest);
            // egui reads Tab at the start of a frame; given back later, it is
            // moved on here.
            let tab = now.iter().find_map(|e| match e {
                Event::Key {
                    key: egui::Key::Tab,
                    pressed: true,
                    modifiers,
                    ..
                } => Some(modifiers.shift),
                _ => None,
            });
            if let Some(back) = tab {
                let direction = if back {
                    egui::FocusDirection::Previous
                } else {
                    egui::FocusDirection::Next
                };
                ctx.memory_mut(|m| m.move_focus(direction));
            }
            ctx.input_mut(|i| {
                i.events.splice(0..0, now);
            });
            ctx.request_repaint();
        }
    }

    /// Once the File field has been drawn (not in the dialog's first frame, a
    /// sizing pass), gives it the keyboard, its text selected.
    fn give_keyboard(&mut self, ctx: &egui::Context, layer: LayerId) {
        if self.handed_over {
            return;
        }
        let Some(field) = file_field(ctx, layer) else {
            return;
        };
        ctx.memory_mut(|m| m.request_focus(field));
        let mut state = egui::text_edit::TextEditState::load(ctx, field).unwrap_or_default();
        let all = egui::text::CCursorRange::two(
            egui::text::CCursor::new(0),
            egui::text::CCursor::new(self.file_name.chars().count()),
        );
        state.cursor.set_char_range(Some(all));
        state.store(ctx, field);
        self.handed_over = true;
        if !self.held.is_empty() {
            ctx.request_repaint();
        }
    }

    /// What the dialog is for.
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// Shows the dialog; returns the answer once the user has given one.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Picked> {
        let layer = LayerId::new(Order::Middle, Id::unique(DIALOG_ID));
        ctx.memory_mut(|m| m.set_modal_layer(layer));
        self.give_held_keys(ctx);
        let state = self.dialog.show(ctx).state();
        self.give_keyboard(ctx, layer);
        match state {
            egui_file::State::Open => None,
            egui_file::State::Selected => Some(match self.dialog.path() {
                Some(path) => Picked::Chosen(self.finish(path.to_path_buf())),
                None => Picked::Cancelled,
            }),
            egui_file::State::Cancelled | egui_file::State::Closed => Some(Picked::Cancelled),
        }
    }

    fn finish(&self, path: PathBuf) -> PathBuf {
        match self.dialog.dialog_type() {
            egui_file::DialogType::SaveFile => self.kind.with_extension(path),
            _ => path,
        }
    }
}

/// A key press or typed text (not the pointer, not the window).
fn is_typing(event: &Event) -> bool {
    matches!(
        event,
        Event::Key { .. } | Event::Text(_) | Event::Paste(_) | Event::Copy | Event::Cut
    )
}

/// The dialog's File field, as drawn this frame: the lowest of its text fields
/// (the folder's is at the top). `egui_file` gives it no id of its own.
fn file_field(ctx: &egui::Context, layer: LayerId) -> Option<Id> {
    ctx.viewport(|v| {
        v.this_pass
            .widgets
            .get_layer(layer)
            .filter(|w| {
                w.enabled
                    && w.sense == Sense::click_and_drag()
                    && w.rect.width() > 120.0
                    && w.rect.height() < 40.0
            })
            .max_by(|a, b| a.rect.center().y.total_cmp(&b.rect.center().y))
            .map(|w| w.id)
    })
}
