//! Reports as text tables for people and JSON for programs. Numbers are written by
//! [`crate::numbers`], as in the app.

pub mod business;
pub mod capacity;
pub mod figures;
pub mod json;
mod measures;
mod text;

pub use measures::{
    applied_json, applied_text, effect_swing_text, effect_swings_json, effect_swings_text,
    measures_json, measures_text,
};
pub use text::{comparison_text, options_text, report_text, sensitivity_text, simulation_text};

/// Text made safe to print on a terminal: control characters other than line breaks
/// and tabs (escape sequences, NUL, carriage returns, bidirectional overrides) are
/// written as `\u{..}` escapes, so a name or cell in a file from somebody else cannot
/// move the cursor, recolour the screen or hide what follows.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            safe.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            safe.push(c);
        }
    }
    std::borrow::Cow::Owned(safe)
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn escape_sequences_and_nul_are_written_as_escapes_and_lines_stay() {
        assert_eq!(terminal_safe("Triage\tstep\n"), "Triage\tstep\n");
        assert_eq!(
            terminal_safe("Book\u{1b}[2Jing\0 \r\u{202e}x"),
            "Book\\u{1b}[2Jing\\u{0} \\u{d}\\u{202e}x"
        );
        assert!(matches!(
            terminal_safe("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
    }
}
