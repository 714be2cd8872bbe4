//! Finds where each role and step starts in a RON model file, so that validation
//! problems can name a line and column.
//!
//! A small scanner that understands RON's strings, comments and brackets well
//! enough to find the items of the top-level `roles` and `steps` lists. It never
//! fails: on text it cannot follow it finds fewer positions.

use super::Position;

/// Positions of the items in the top-level `roles` and `steps` lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceMap {
    /// Where each role starts, in file order.
    pub roles: Vec<Position>,
    /// Where each step starts, in file order.
    pub steps: Vec<Position>,
}

#[derive(Clone, Copy, PartialEq)]
enum List {
    Roles,
    Steps,
}

struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    pos: Position,
}

impl Cursor<'_> {
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.pos.line += 1;
            self.pos.col = 1;
        } else {
            self.pos.col += 1;
        }
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.chars.peek() == Some(&c) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn skip_string(&mut self) {
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return,
                _ => {}
            }
        }
    }

    fn skip_raw_string(&mut self) {
        let mut hashes = 0;
        while self.eat('#') {
            hashes += 1;
        }
        if !self.eat('"') {
            return;
        }
        while let Some(c) = self.bump() {
            if c == '"' {
                let mut closing = 0;
                while closing < hashes && self.eat('#') {
                    closing += 1;
                }
                if closing == hashes {
                    return;
                }
            }
        }
    }

    fn skip_block_comment(&mut self) {
        let mut depth = 1;
        while let Some(c) = self.bump() {
            if c == '/' && self.eat('*') {
                depth += 1;
            } else if c == '*' && self.eat('/') {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
        }
    }
}

impl SourceMap {
    /// Scans RON text for the start of every role and step.
    pub fn scan(text: &str) -> Self {
        let mut map = SourceMap::default();
        let mut cur = Cursor {
            chars: text.chars().peekable(),
            pos: Position { line: 1, col: 1 },
        };
        let mut depth = 0usize;
        let mut last_ident = String::new();
        let mut pending_key: Option<String> = None;
        let mut list: Option<List> = None;
        while let Some(&c) = cur.chars.peek() {
            let start = cur.pos;
            match c {
                '"' => {
                    cur.bump();
                    cur.skip_string();
                }
                'r' => {
                    cur.bump();
                    if matches!(cur.chars.peek(), Some('#') | Some('"')) {
                        cur.skip_raw_string();
                    } else {
                        last_ident = read_ident(&mut cur, 'r');
                    }
                }
                '/' => {
                    cur.bump();
                    if cur.eat('/') {
                        while let Some(c) = cur.bump() {
                            if c == '\n' {
                                break;
                            }
                        }
                    } else if cur.eat('*') {
                        cur.skip_block_comment();
                    }
                }
                '\'' => {
                    cur.bump();
                    // A character literal: one character, or an escape of two.
                    cur.eat('\\');
                    cur.bump();
                    cur.eat('\'');
                }
                ':' => {
                    cur.bump();
                    if depth == 1 {
                        pending_key = Some(std::mem::take(&mut last_ident));
                    }
                }
                '(' | '[' | '{' => {
                    cur.bump();
                    if depth == 1 && c == '[' {
                        list = match pending_key.as_deref() {
                            Some("roles") => Some(List::Roles),
                            Some("steps") => Some(List::Steps),
                            _ => None,
                        };
                    } else if depth == 2 && c != '[' {
                        match list {
                            Some(List::Roles) => map.roles.push(start),
                            Some(List::Steps) => map.steps.push(start),
                            None => {}
                        }
                    }
                    depth += 1;
                }
                ')' | ']' | '}' => {
                    cur.bump();
                    depth = depth.saturating_sub(1);
                    if depth <= 1 {
                        list = None;
                        pending_key = None;
                    }
                }
                c if c.is_alphabetic() || c == '_' => {
                    cur.bump();
                    last_ident = read_ident(&mut cur, c);
                }
                _ => {
                    cur.bump();
                }
            }
        }
        map
    }
}

fn read_ident(cur: &mut Cursor<'_>, first: char) -> String {
    let mut ident = String::from(first);
    while let Some(&c) = cur.chars.peek() {
        if c.is_alphanumeric() || c == '_' {
            ident.push(c);
            cur.bump();
        } else {
            break;
        }
    }
    ident
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roles_and_steps_past_strings_and_comments() {
        let text = "(\n  name: \"a ( [ \\\" steps\",\n  // steps: [(x)]\n  roles: [(id: \"gp\")],\n  steps: [\n    (id: \"a\", next: [(to: \"b\", share: 1.0)]),\n    /* ( */ (id: \"b\"),\n  ],\n)";
        let map = SourceMap::scan(text);
        assert_eq!(map.roles, vec![Position { line: 4, col: 11 }]);
        assert_eq!(
            map.steps,
            vec![Position { line: 6, col: 5 }, Position { line: 7, col: 13 }]
        );
    }

    #[test]
    fn never_fails_on_garbage() {
        let map = SourceMap::scan(")))]]]((( steps: [ ( \" unterminated");
        assert!(map.roles.is_empty());
        assert_eq!(map.steps.len(), 0);
    }
}
