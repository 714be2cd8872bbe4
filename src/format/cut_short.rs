//! Telling a model file that was cut short (copied in part, a save that did not
//! finish) from one with a mistake in it: when RON stops at the end of the text with
//! a text in quotes or a bracket still open, the message says the file looks cut
//! short and where the part left open began, instead of RON's "Expected end of
//! string".

use super::Position;

/// Something opened in the text and not yet closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Open {
    /// `"`, `(`, `[` or `{`.
    mark: char,
    /// Where it opened.
    at: Position,
}

impl Open {
    /// What it is, in plain words.
    fn what(self) -> &'static str {
        match self.mark {
            '"' => "a text in quotes",
            '[' => "a list in square brackets [ ]",
            '{' => "a section in curly brackets { }",
            _ => "a section in round brackets ( )",
        }
    }
}

/// What is still open at the end of `text` (the innermost), and where the text ends.
fn open_at_end(text: &str) -> (Option<Open>, Position) {
    let mut stack: Vec<Open> = Vec::new();
    let mut string: Option<Open> = None;
    let (mut line, mut col) = (1, 1);
    let mut chars = text.chars().peekable();
    let mut escaped = false;
    let mut line_comment = false;
    let mut block_comment = 0usize;
    while let Some(c) = chars.next() {
        let at = Position { line, col };
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
        if line_comment {
            line_comment = c != '\n';
            continue;
        }
        if block_comment > 0 {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                col += 1;
                block_comment -= 1;
            } else if c == '/' && chars.peek() == Some(&'*') {
                chars.next();
                col += 1;
                block_comment += 1;
            }
            continue;
        }
        if string.is_some() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                string = None;
            }
            continue;
        }
        match c {
            '"' => string = Some(Open { mark: '"', at }),
            '/' if chars.peek() == Some(&'/') => line_comment = true,
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                col += 1;
                block_comment = 1;
            }
            '(' | '[' | '{' => stack.push(Open { mark: c, at }),
            ')' | ']' | '}' => {
                stack.pop();
            }
            _ => {}
        }
    }
    (string.or(stack.last().copied()), Position { line, col })
}

/// When the RON error at `error_at` means the file stops part-way (RON ran out of
/// text, or stopped at its very end, with something still open): where the file
/// ends and the message to show.
pub(super) fn cut_short(
    text: &str,
    error_at: Position,
    ran_out: bool,
) -> Option<(Position, String)> {
    let (open, end) = open_at_end(text);
    let open = open?;
    let at_end = ran_out || {
        // Nothing but white space after the place RON stopped.
        let offset = byte_offset(text, error_at);
        text.get(offset..).is_none_or(|rest| rest.trim().is_empty())
    };
    if !at_end {
        return None;
    }
    Some((
        end,
        format!(
            "the file ends in the middle of {} (opened at line {}, column {}) — it looks cut short (was it copied or saved in full?)",
            open.what(),
            open.at.line,
            open.at.col
        ),
    ))
}

/// The byte offset in `text` of a line and column (columns in characters).
fn byte_offset(text: &str, at: Position) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == at.line {
            return offset
                + line
                    .char_indices()
                    .nth(at.col.saturating_sub(1))
                    .map_or(line.len(), |(b, _)| b);
        }
        offset += line.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::super::{LoadError, load_str};
    use super::*;

    fn message(text: &str) -> (Position, String) {
        match load_str(text) {
            Err(LoadError::Syntax(d)) => (d.position.unwrap(), d.message),
            other => panic!("not a syntax error: {other:?}"),
        }
    }

    #[test]
    fn a_file_cut_in_a_text_says_it_looks_cut_short() {
        let text = crate::bundled::CURRENT_PAPER.text;
        // Cut inside the first step's name.
        let cut = text.find("name: \"").unwrap() + 9;
        let (at, said) = message(&text[..cut]);
        assert!(
            said.contains("the file ends in the middle of a text in quotes"),
            "{said}"
        );
        assert!(
            said.contains("it looks cut short (was it copied or saved in full?)"),
            "{said}"
        );
        let (_, end) = open_at_end(&text[..cut]);
        assert_eq!(at, end, "located where the file ends");
        let opened = text[..cut].rfind('"').unwrap();
        let line = text[..opened].matches('\n').count() + 1;
        assert!(said.contains(&format!("opened at line {line}, ")), "{said}");
    }

    #[test]
    fn a_file_cut_between_values_says_which_bracket_is_open() {
        let text = crate::bundled::CURRENT_PAPER.text;
        let cut = text.len() * 2 / 3;
        let cut = text[..cut].rfind(",\n").unwrap() + 2;
        let (_, said) = message(&text[..cut]);
        assert!(said.contains("it looks cut short"), "{said}");
        assert!(said.contains("brackets"), "{said}");
    }

    #[test]
    fn a_mistake_in_the_middle_is_not_called_cut_short() {
        let text = crate::bundled::CURRENT_PAPER
            .text
            .replacen("name:", "name ", 1);
        let (_, said) = message(&text);
        assert!(!said.contains("cut short"), "{said}");
    }

    #[test]
    fn strings_and_comments_do_not_count_as_brackets() {
        let (open, end) =
            open_at_end("( // a ( in a comment\n name: \"a ( and a \\\" \", /* ( */ )");
        assert_eq!(open, None);
        assert_eq!(end.line, 2);
        let (open, _) = open_at_end("(\n  steps: [\n    (name: \"x\"),\n");
        assert_eq!(
            open,
            Some(Open {
                mark: '[',
                at: Position { line: 2, col: 10 }
            })
        );
    }
}
