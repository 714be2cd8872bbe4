//! Ids for steps and roles, made from their names: the one id maker for the editor
//! (a new or renamed step's id follows its name) and the importer (a spreadsheet's
//! rows), so "Book appointment" is `book_appointment` whichever made it.

use std::collections::{HashMap, HashSet};

/// An id made from a name: lower case letters and digits joined by `_`
/// ("Book appointment (Band 3)" becomes `book_appointment_band_3`), or `fallback`
/// when the name has neither.
pub fn id_from_name(name: &str, fallback: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_');
    if id.is_empty() {
        fallback.to_owned()
    } else {
        id.to_owned()
    }
}

/// The `n`th id wanting `base`: `base_2`, `base_3`...
pub fn numbered(base: &str, n: usize) -> String {
    format!("{base}_{n}")
}

/// `base`, or `base_2`, `base_3`... whichever is not `taken`.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if base.trim().is_empty() { "step" } else { base };
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| numbered(base, n))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_owned())
}

/// Ids taken so far, and for each wanted id the next number to try after it, so that
/// finding a free id (`book`, `book_2`, `book_3`) takes constant time however many
/// rows want the same one.
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// True when `id` is taken.
    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// Takes `id` (one given in the file, say).
    pub fn insert(&mut self, id: &str) {
        self.taken.insert(id.to_owned());
    }

    /// `wanted` if it is free, else `wanted_2`, `wanted_3`, … the first free one;
    /// taken.
    pub fn unique(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let n = self.next.entry(wanted.to_owned()).or_insert(2);
        loop {
            let id = numbered(wanted, *n);
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_and_the_importer_make_the_same_id_from_a_name() {
        assert_eq!(id_from_name("Book appointment", "step"), "book_appointment");
        assert_eq!(
            id_from_name("Book appointment (Band 3)", "step"),
            "book_appointment_band_3"
        );
        assert_eq!(id_from_name(" ?! ", "role"), "role");
        let mut ids = Ids::default();
        assert_eq!(ids.unique(&id_from_name("GP refers", "step")), "gp_refers");
        assert_eq!(ids.unique("gp_refers"), "gp_refers_2");
        assert_eq!(unique_id("gp_refers", |id| ids.contains(id)), "gp_refers_3");
    }

    #[test]
    fn ids_stay_unique_in_constant_time_whatever_is_taken() {
        let mut ids = Ids::default();
        ids.insert("book_3");
        let got: Vec<String> = (0..4).map(|_| ids.unique("book")).collect();
        assert_eq!(got, ["book", "book_2", "book_4", "book_5"]);
        assert_eq!(ids.unique("seen"), "seen");
    }
}
