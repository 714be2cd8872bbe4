//! A pathway being edited: its file, undo and redo history, and whether it has
//! unsaved changes. All changes go through [`Document::apply`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::edit::{Edit, EditError, RoleField, StepField, apply, id_from_name};
use crate::model::Pathway;
use crate::recovery::Fingerprint;

/// How many undo steps are kept.
pub const UNDO_LIMIT: usize = 500;

/// A pathway with its file, history and saved state.
#[derive(Clone, Debug)]
pub struct Document {
    pathway: Pathway,
    path: Option<PathBuf>,
    undo: Vec<Pathway>,
    redo: Vec<Pathway>,
    /// Coalescing key of the last edit while its gesture is open.
    open_gesture: Option<String>,
    /// Counts changes; the saved state is remembered as a revision.
    revision: u64,
    saved_revision: Option<u64>,
    /// Revisions of the undo snapshots, parallel to `undo`.
    undo_revisions: Vec<u64>,
    redo_revisions: Vec<u64>,
    next_revision: u64,
    /// Step and role ids as last opened or saved. Steps and roles added since are
    /// new: their ids follow their names, so files read well without anyone
    /// typing an id.
    known_ids: HashSet<String>,
    /// What the file looked like when opened or last saved.
    disk: Option<Fingerprint>,
}

/// The ids of a pathway's steps and roles (roles prefixed so the two cannot clash).
fn ids_of(pathway: &Pathway) -> HashSet<String> {
    let steps = pathway.steps.iter().map(|s| s.id.clone());
    let roles = pathway.roles.iter().map(|r| format!("role:{}", r.id));
    steps.chain(roles).collect()
}

impl Document {
    /// A document for a pathway read from `path` (or not yet saved, with `None`).
    pub fn new(pathway: Pathway, path: Option<PathBuf>) -> Self {
        let saved = path.is_some().then_some(0);
        Self {
            known_ids: ids_of(&pathway),
            pathway,
            path,
            undo: Vec::new(),
            redo: Vec::new(),
            open_gesture: None,
            revision: 0,
            saved_revision: saved,
            undo_revisions: Vec::new(),
            redo_revisions: Vec::new(),
            next_revision: 1,
            disk: None,
        }
    }

    /// A bundled or generated pathway that has no file of its own: unchanged, so
    /// closing it loses nothing, but Save asks where to put it.
    pub fn unsaved_original(pathway: Pathway) -> Self {
        let mut doc = Self::new(pathway, None);
        doc.saved_revision = Some(0);
        doc
    }

    /// A new pathway from File > New: unchanged, like [`Document::unsaved_original`],
    /// but all of it is new, so its ids follow the names the user gives.
    pub fn fresh(pathway: Pathway) -> Self {
        let mut doc = Self::unsaved_original(pathway);
        doc.known_ids.clear();
        doc
    }

    /// The pathway.
    pub fn pathway(&self) -> &Pathway {
        &self.pathway
    }

    /// The file it was read from or last saved to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True for a pathway started with File > New and not saved yet.
    pub fn is_new(&self) -> bool {
        self.path.is_none() && self.known_ids.is_empty()
    }

    /// A number that changes whenever the pathway changes (for caching results).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// True when there are changes not saved to a file.
    pub fn is_dirty(&self) -> bool {
        self.saved_revision != Some(self.revision)
    }

    /// What its file looked like when it was opened or last saved, when known.
    pub fn disk(&self) -> Option<&Fingerprint> {
        self.disk.as_ref()
    }

    /// Records what its file looks like now, just after opening or saving it.
    pub fn set_disk(&mut self, disk: Option<Fingerprint>) {
        self.disk = disk;
    }

    /// A pathway brought back from a recovery file, with its file and what the file
    /// looked like then; `unsaved` when it had changes not saved to a file.
    pub fn restored(
        pathway: Pathway,
        path: Option<PathBuf>,
        disk: Option<Fingerprint>,
        unsaved: bool,
    ) -> Self {
        let mut doc = Self::new(pathway, path);
        doc.saved_revision = (!unsaved).then_some(0);
        doc.disk = disk;
        doc
    }

    /// Applies an edit as one undo step, or merges it into the open gesture when it
    /// continues it (same coalescing key). A refused edit changes nothing.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let key = edit.coalesce_key();
        let continues = key.is_some() && key == self.open_gesture;
        let before = (!continues).then(|| self.pathway.clone());
        let follow = self.id_to_follow(&edit);
        apply(&mut self.pathway, edit)?;
        if let Some(rename) = follow.and_then(|f| self.renamed_id(f)) {
            // Cannot fail: the id is checked free; the name edit stands regardless.
            let _ = apply(&mut self.pathway, rename);
        }
        if let Some(before) = before {
            self.undo.push(before);
            self.undo_revisions.push(self.revision);
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
                self.undo_revisions.remove(0);
            }
        }
        self.redo.clear();
        self.redo_revisions.clear();
        self.open_gesture = key;
        self.revision = self.next_revision;
        self.next_revision += 1;
        Ok(())
    }

    /// A name edit of a new step or role, whose id should follow the name.
    fn id_to_follow(&self, edit: &Edit) -> Option<Follow> {
        match edit {
            Edit::SetStep {
                index,
                field: StepField::Name(_),
            } => self
                .pathway
                .steps
                .get(*index)
                .filter(|s| !self.known_ids.contains(&s.id))
                .map(|_| Follow::Step(*index)),
            Edit::SetRole {
                index,
                field: RoleField::Name(_),
            } => self
                .pathway
                .roles
                .get(*index)
                .filter(|r| !self.known_ids.contains(&format!("role:{}", r.id)))
                .map(|_| Follow::Role(*index)),
            _ => None,
        }
    }

    /// The id edit that makes a new step's or role's id follow its (new) name.
    fn renamed_id(&self, follow: Follow) -> Option<Edit> {
        let p = &self.pathway;
        match follow {
            Follow::Step(index) => {
                let step = p.steps.get(index)?;
                let base = id_from_name(&step.name, "step");
                let id =
                    crate::edit::unique_id(&base, |id| id != step.id && p.step_index(id).is_some());
                (id != step.id).then_some(Edit::SetStep {
                    index,
                    field: StepField::Id(id),
                })
            }
            Follow::Role(index) => {
                let role = p.roles.get(index)?;
                let base = id_from_name(&role.name, "role");
                let id = crate::edit::unique_id(&base, |id| id != role.id && p.role(id).is_some());
                (id != role.id).then_some(Edit::SetRole {
                    index,
                    field: RoleField::Id(id),
                })
            }
        }
    }

    /// Ends the current gesture (a drag released, a field left): the next edit is a
    /// new undo step even if it changes the same thing.
    pub fn seal(&mut self) {
        self.open_gesture = None;
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last undo step. Returns false when there is none.
    pub fn undo(&mut self) -> bool {
        let (Some(previous), Some(rev)) = (self.undo.pop(), self.undo_revisions.pop()) else {
            return false;
        };
        self.redo
            .push(std::mem::replace(&mut self.pathway, previous));
        self.redo_revisions.push(self.revision);
        self.revision = rev;
        self.open_gesture = None;
        true
    }

    /// Redoes the last undone step. Returns false when there is none.
    pub fn redo(&mut self) -> bool {
        let (Some(next), Some(rev)) = (self.redo.pop(), self.redo_revisions.pop()) else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.pathway, next));
        self.undo_revisions.push(self.revision);
        self.revision = rev;
        self.open_gesture = None;
        true
    }

    /// Records that the pathway as it is now was saved to `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.mark_written();
    }

    /// Records that the pathway as it is now was written out where it keeps no
    /// path (a browser's download): it no longer needs saving, and the next Save
    /// asks again.
    pub fn mark_written(&mut self) {
        self.known_ids = ids_of(&self.pathway);
        self.saved_revision = Some(self.revision);
        self.open_gesture = None;
    }
}

/// Which new item's id follows its name.
#[derive(Clone, Copy, Debug)]
enum Follow {
    Step(usize),
    Role(usize),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{PathwayField, StepField};
    use crate::model::{CanvasPos, Stage, Step};

    fn doc() -> Document {
        let mut p = Pathway::new("t");
        p.steps.push(Step::new("a", "A", Stage::Booking));
        Document::new(p, Some(PathBuf::from("t.ron")))
    }

    fn name(index: usize, text: &str) -> Edit {
        Edit::SetStep {
            index,
            field: StepField::Name(text.into()),
        }
    }

    #[test]
    fn typing_is_one_undo_step_until_sealed() {
        let mut d = doc();
        d.apply(name(0, "B")).unwrap();
        d.apply(name(0, "Bo")).unwrap();
        d.apply(name(0, "Boo")).unwrap();
        d.seal();
        d.apply(name(0, "Book")).unwrap();
        assert!(d.undo());
        assert_eq!(d.pathway().steps[0].name, "Boo");
        assert!(d.undo());
        assert_eq!(d.pathway().steps[0].name, "A");
        assert!(!d.undo());
        assert!(d.redo());
        assert_eq!(d.pathway().steps[0].name, "Boo");
    }

    #[test]
    fn a_drag_is_one_undo_step() {
        let mut d = doc();
        for x in 0..30 {
            let pos = CanvasPos {
                x: x as f64,
                y: 0.0,
            };
            d.apply(Edit::MoveSteps(vec![(0, pos)])).unwrap();
        }
        d.seal();
        assert!(d.undo());
        assert_eq!(d.pathway().steps[0].pos, None);
        assert!(!d.can_undo());
    }

    #[test]
    fn dirty_follows_undo_back_to_the_saved_state() {
        let mut d = doc();
        assert!(!d.is_dirty());
        d.apply(Edit::SetPathway(PathwayField::AnnualReferrals(5.0)))
            .unwrap();
        assert!(d.is_dirty());
        d.undo();
        assert!(!d.is_dirty(), "undoing to the saved state is clean");
        d.redo();
        assert!(d.is_dirty());
        d.mark_saved(PathBuf::from("u.ron"));
        assert!(!d.is_dirty());
        d.undo();
        assert!(d.is_dirty());
    }

    #[test]
    fn a_refused_edit_changes_nothing() {
        let mut d = doc();
        assert!(d.apply(name(7, "x")).is_err());
        assert!(!d.can_undo());
        assert!(!d.is_dirty());
    }

    #[test]
    fn restored_work_is_unsaved_with_its_file() {
        let disk = Fingerprint {
            len_bytes: 3,
            modified_unix_ns: None,
            fnv1a64: 7,
        };
        let path = Some(PathBuf::from("t.ron"));
        let d = Document::restored(doc().pathway().clone(), path.clone(), Some(disk), true);
        assert!(d.is_dirty());
        assert_eq!(d.path(), Some(Path::new("t.ron")));
        assert_eq!(d.disk(), Some(&disk));
        assert!(!d.can_undo());
        assert!(!Document::restored(Pathway::new("b"), path, None, false).is_dirty());
        assert!(!Document::restored(Pathway::new("b"), None, None, false).is_dirty());
        assert!(Document::restored(Pathway::new("b"), None, None, true).is_dirty());
    }

    #[test]
    fn new_steps_and_roles_take_ids_from_their_names_until_saved() {
        use crate::model::Role;
        let mut d = doc();
        d.apply(Edit::AddStep(Step::new(
            "new_step",
            "New step",
            Stage::Other,
        )))
        .unwrap();
        d.apply(Edit::AddLink { from: 0, to: 1 }).unwrap();
        d.apply(name(1, "Book the appointment")).unwrap();
        assert_eq!(d.pathway().steps[1].id, "book_the_appointment");
        assert_eq!(d.pathway().steps[0].next[0].to, "book_the_appointment");
        // A name another step's id already has gets a unique id.
        d.apply(name(1, "A")).unwrap();
        assert_eq!(d.pathway().steps[1].id, "a_2");
        // Steps that were in the file keep their ids.
        d.apply(name(0, "Referral letter")).unwrap();
        assert_eq!(d.pathway().steps[0].id, "a");
        d.apply(Edit::AddRole(Role::new("role", "New role", 0.0)))
            .unwrap();
        d.apply(Edit::SetRole {
            index: 0,
            field: RoleField::Name("Booking clerk (Band 3)".into()),
        })
        .unwrap();
        assert_eq!(d.pathway().roles[0].id, "booking_clerk_band_3");
        // Once saved, ids stay put.
        d.mark_saved(PathBuf::from("t.ron"));
        d.apply(name(1, "Rebook")).unwrap();
        assert_eq!(d.pathway().steps[1].id, "a_2");
        // Undo takes the name and the id back together.
        d.seal();
        assert!(d.undo());
        assert_eq!(d.pathway().steps[1].name, "A");
        assert!(d.undo());
        assert_eq!(d.pathway().roles[0].name, "New role");
        assert_eq!(d.pathway().roles[0].id, "role");
    }

    #[test]
    fn a_new_document_without_a_file_is_dirty() {
        let d = Document::new(Pathway::new("new"), None);
        assert!(d.is_dirty());
        assert!(!Document::unsaved_original(Pathway::new("b")).is_dirty());
    }
}
