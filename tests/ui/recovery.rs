//! The real app through egui_kittest with autosave on: the offer to restore
//! unsaved work (restore, discard, a damaged or stale recovery file), autosave
//! writing and removing its file, the prompt when the file changed on disk
//! (overwrite, save as, cancel), and saves that fail (missing folder, read-only
//! folder) keeping the work.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::autosave::local_hh_mm;
use opmt::app::{OpmtApp, Which};
use opmt::recovery::{Entry, Fingerprint, RECOVERY_FORMAT, Record};

use crate::common;

use common::{Answers, current, press};

const SIZE: egui::Vec2 = egui::vec2(1440.0, 900.0);

/// A folder with a model file `derm.ron` and a `recovery` folder.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy("models/current-paper.ron", dir.path().join("derm.ron")).unwrap();
        std::fs::create_dir(dir.path().join("recovery")).unwrap();
        Self { dir }
    }

    fn model(&self) -> PathBuf {
        self.dir.path().join("derm.ron")
    }

    fn recovery(&self) -> PathBuf {
        self.dir.path().join("recovery")
    }

    fn recovery_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.recovery())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_none_or(|e| e != "lock"))
            .collect();
        files.sort();
        files
    }

    /// A recovery file as a crashed app leaves it: the model renamed and unsaved.
    fn leave_work(&self, written_unix_secs: u64) -> PathBuf {
        let mut pathway = opmt::load_path(&self.model()).unwrap().pathway;
        pathway.name = "Dermatology, after the workshop".into();
        let record = Record {
            format: RECOVERY_FORMAT,
            written_unix_secs,
            current: Entry {
                pathway,
                path: Some(self.model()),
                disk: Some(Fingerprint::of_file(&self.model()).unwrap()),
                unsaved: true,
            },
            comparison: Entry {
                pathway: opmt::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway,
                path: None,
                disk: None,
                unsaved: false,
            },
            more_options: Vec::new(),
            viewed: Default::default(),
        };
        let path = self.recovery().join("recovery-999999-1.ron");
        std::fs::write(&path, record.to_ron().unwrap()).unwrap();
        path
    }

    fn app(&self, file: Option<PathBuf>, answers: &Answers) -> Harness<'static, OpmtApp> {
        common::app_with_recovery(file, SIZE, answers, Some(self.recovery()))
    }
}

/// Seconds since 1970, now.
fn now_secs() -> u64 {
    opmt::recovery::unix_secs(std::time::SystemTime::now())
}

/// Runs frames until `done` holds (the recovery file is written on another thread).
fn run_until(
    harness: &mut Harness<'_, OpmtApp>,
    what: &str,
    mut done: impl FnMut(&Harness<'_, OpmtApp>) -> bool,
) {
    let start = Instant::now();
    while !done(harness) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
        harness.run();
    }
}

fn read_record(path: &Path) -> Option<Record> {
    Record::from_ron(&std::fs::read_to_string(path).ok()?, path).ok()
}

#[test]
fn restoring_brings_the_work_back_unsaved_without_writing_the_file() {
    let place = Place::new();
    let before = std::fs::read(place.model()).unwrap();
    let written = now_secs() + 60;
    let left = place.leave_work(written);
    let mut harness = place.app(None, &Answers::default());
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Restore unsaved work?")
    );
    let steps = opmt::load_path(&place.model()).unwrap().pathway.steps.len();
    harness.get_by_label_contains(&format!(
        "Current process: “Dermatology, after the workshop”, {steps} steps, {}, unsaved changes",
        place.model().display()
    ));
    harness
        .get_by_label(&format!(
            "Restore unsaved work from {}",
            local_hh_mm(written)
        ))
        .click();
    harness.run();
    assert_eq!(harness.state().modal_title(), None);
    assert_eq!(current(&harness).name, "Dermatology, after the workshop");
    let doc = harness.state().workspace.doc(Which::Current);
    assert!(doc.is_dirty());
    assert_eq!(doc.path(), Some(place.model().as_path()));
    assert!(
        harness
            .state()
            .workspace
            .window_title()
            .starts_with("* Dermatology, after the workshop — derm.ron")
    );
    assert!(!left.exists(), "the old recovery file is now this app's");
    let own = harness.state().recovery_file().unwrap().to_path_buf();
    run_until(&mut harness, "autosave of the restored work", |_| {
        read_record(&own).is_some_and(|r| r.current.pathway.name.ends_with("workshop"))
    });
    assert_eq!(std::fs::read(place.model()).unwrap(), before);
}

#[test]
fn discarding_deletes_the_recovery_file_and_keeps_the_start() {
    let place = Place::new();
    let left = place.leave_work(now_secs() + 60);
    let mut harness = place.app(Some(place.model()), &Answers::default());
    harness.get_by_label("Discard").click();
    harness.run();
    assert_eq!(harness.state().modal_title(), None);
    assert_eq!(current(&harness).name, "Typical current paper process");
    assert!(!harness.state().workspace.doc(Which::Current).is_dirty());
    assert!(!left.exists());
    harness.run();
    assert_eq!(place.recovery_files(), Vec::<PathBuf>::new());
}

#[test]
fn a_damaged_recovery_file_is_reported_and_set_aside() {
    let place = Place::new();
    let left = place.recovery().join("recovery-999999-1.ron");
    std::fs::write(&left, "(format: 1, written_unix_secs: oops)").unwrap();
    let harness = place.app(None, &Answers::default());
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("A recovery file could not be read")
    );
    harness.get_by_label_contains(
        "the recovery file is damaged at line 1, column 31: Expected integer",
    );
    assert_eq!(
        place.recovery_files(),
        vec![place.recovery().join("recovery-999999-1.ron.damaged")]
    );
}

#[test]
fn work_older_than_its_file_is_not_offered() {
    let place = Place::new();
    place.leave_work(1_000); // 1970: the file is newer
    let harness = place.app(None, &Answers::default());
    assert_eq!(harness.state().modal_title(), None);
    assert_eq!(
        place.recovery_files(),
        vec![place.recovery().join("recovery-999999-1.ron.stale")]
    );
}

#[test]
fn autosave_keeps_an_edit_until_it_is_saved() {
    let place = Place::new();
    let mut harness = place.app(Some(place.model()), &Answers::default());
    let steps = current(&harness).steps.len();
    let own = harness.state().recovery_file().unwrap().to_path_buf();
    harness.run();
    assert!(!own.exists(), "nothing unsaved, no recovery file");
    harness.get_by_label("Add step").click();
    harness.run();
    run_until(&mut harness, "the recovery file with the new step", |_| {
        read_record(&own).is_some_and(|r| r.current.pathway.steps.len() == steps + 1)
    });
    let record = read_record(&own).unwrap();
    assert!(record.current.unsaved);
    assert!(!record.comparison.unsaved);
    assert_eq!(record.current.path, Some(place.model()));
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!harness.state().workspace.doc(Which::Current).is_dirty());
    run_until(&mut harness, "the recovery file to go", |_| !own.exists());
}

/// The app on `derm.ron` with one step added, and the file then changed by
/// somebody else; Ctrl+S asks.
fn changed_under_our_feet(place: &Place, answers: &Answers) -> Harness<'static, OpmtApp> {
    let mut harness = place.app(Some(place.model()), answers);
    harness.get_by_label("Add step").click();
    harness.run();
    let mut text = std::fs::read_to_string(place.model()).unwrap();
    text.push_str("// a colleague's note\n");
    std::fs::write(place.model(), text).unwrap();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("derm.ron changed on disk")
    );
    harness
}

fn their_note_is_there(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .unwrap()
        .contains("a colleague's note")
}

#[test]
fn changed_on_disk_overwrite_saves_over_it() {
    let place = Place::new();
    let mut harness = changed_under_our_feet(&place, &Answers::default());
    harness.get_by_label("Overwrite").click();
    harness.run();
    assert_eq!(harness.state().modal_title(), None);
    assert!(!their_note_is_there(&place.model()));
    assert_eq!(
        opmt::load_path(&place.model()).unwrap().pathway,
        *current(&harness)
    );
    assert!(!harness.state().workspace.doc(Which::Current).is_dirty());
    // Saved now: the next Save needs no question.
    harness.get_by_label("Add step").click();
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert_eq!(harness.state().modal_title(), None);
}

#[test]
fn changed_on_disk_save_as_keeps_both() {
    let place = Place::new();
    let answers = Answers::default();
    let other = place.dir.path().join("derm-mine.ron");
    answers.save.borrow_mut().push_back(other.clone());
    let mut harness = changed_under_our_feet(&place, &answers);
    harness.get_by_label("Save as…").click();
    harness.run();
    assert!(their_note_is_there(&place.model()), "their file is kept");
    assert_eq!(opmt::load_path(&other).unwrap().pathway, *current(&harness));
    let doc = harness.state().workspace.doc(Which::Current);
    assert_eq!(doc.path(), Some(other.as_path()));
    assert!(!doc.is_dirty());
}

#[test]
fn changed_on_disk_cancel_writes_nothing() {
    let place = Place::new();
    let mut harness = changed_under_our_feet(&place, &Answers::default());
    let theirs = std::fs::read(place.model()).unwrap();
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().modal_title(), None);
    assert_eq!(std::fs::read(place.model()).unwrap(), theirs);
    assert!(harness.state().workspace.doc(Which::Current).is_dirty());
}

/// Saves with Save as… into `target`, which fails: the message names the file and
/// the reason, and the work stays unsaved and in the recovery file.
fn save_as_fails(target: PathBuf, reason: &str) {
    let place = Place::new();
    let answers = Answers::default();
    answers.save.borrow_mut().push_back(target.clone());
    let mut harness = place.app(Some(place.model()), &answers);
    let steps = current(&harness).steps.len();
    harness.get_by_label("Add step").click();
    harness.run();
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    let name = target.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        harness.state().modal_title(),
        Some(format!("Could not save {name}"))
    );
    harness.get_by_label_contains(&format!("Why: {reason}"));
    harness.get_by_label(&format!("File: {}", target.display()));
    harness
        .get_by_label_contains("Your work is still here, unsaved, and the recovery file keeps it");
    assert!(!target.exists());
    let doc = harness.state().workspace.doc(Which::Current);
    assert!(doc.is_dirty());
    assert_eq!(doc.path(), Some(place.model().as_path()));
    let own = harness.state().recovery_file().unwrap().to_path_buf();
    run_until(&mut harness, "the recovery file", |_| {
        read_record(&own).is_some_and(|r| r.current.pathway.steps.len() == steps + 1)
    });
}

#[test]
fn saving_into_a_missing_folder_says_so_and_keeps_the_work() {
    let missing = std::env::temp_dir()
        .join(format!("opmt-no-such-folder-{}", std::process::id()))
        .join("derm.ron");
    save_as_fails(missing, "the folder does not exist");
}

/// A folder nobody can write to, undone when dropped. Root ignores permission
/// bits, so as root the folder is made immutable (`chattr +i`) instead.
#[cfg(unix)]
struct ReadOnlyFolder {
    path: PathBuf,
    immutable: bool,
}

#[cfg(unix)]
impl ReadOnlyFolder {
    /// Makes the folder `path` read-only until dropped.
    fn make(path: &Path) -> Self {
        use std::os::unix::fs::PermissionsExt;
        let root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
        if root {
            let status = std::process::Command::new("chattr")
                .arg("+i")
                .arg(path)
                .status();
            assert!(
                status.is_ok_and(|s| s.success()),
                "running as root, the test needs chattr +i to make a read-only folder"
            );
        } else {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
        // Check it really is read-only before relying on it.
        assert!(std::fs::write(path.join("probe"), "x").is_err());
        Self {
            path: path.to_path_buf(),
            immutable: root,
        }
    }
}

#[cfg(unix)]
impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.path)
                .status();
        } else {
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

#[cfg(unix)]
#[test]
fn saving_into_a_read_only_folder_says_so_and_keeps_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let _read_only = ReadOnlyFolder::make(dir.path());
    save_as_fails(
        dir.path().join("derm.ron"),
        "the folder or the file is read-only",
    );
}

#[cfg(unix)]
#[test]
fn an_autosave_that_cannot_write_says_so_in_the_status_line() {
    let place = Place::new();
    let mut harness = place.app(Some(place.model()), &Answers::default());
    let read_only = ReadOnlyFolder::make(&place.recovery());
    harness.get_by_label("Add step").click();
    harness.run();
    run_until(&mut harness, "the failure in the status line", |h| {
        harness_status(h).starts_with("Autosave failed: ")
    });
    let status = harness_status(&harness);
    assert!(
        status.contains(&place.recovery().display().to_string()),
        "{status}"
    );
    drop(read_only);
    // Once the folder can be written again, the work is kept without another edit.
    let own = harness.state().recovery_file().unwrap().to_path_buf();
    let steps = current(&harness).steps.len();
    run_until(&mut harness, "the recovery file", |_| {
        read_record(&own).is_some_and(|r| r.current.pathway.steps.len() == steps)
    });
}

#[cfg(unix)] // used by the unix-only test above
fn harness_status(harness: &Harness<'_, OpmtApp>) -> String {
    harness.state().workspace.status.clone()
}

#[test]
fn two_windows_keep_their_own_recovery_files() {
    let place = Place::new();
    let mut first = place.app(Some(place.model()), &Answers::default());
    first.get_by_label("Add step").click();
    first.run();
    let first_file = first.state().recovery_file().unwrap().to_path_buf();
    run_until(&mut first, "the first window's recovery file", |_| {
        first_file.exists()
    });

    // A second window in the same data folder: the first's work is not offered,
    // since the first is still running.
    let mut second = place.app(None, &Answers::default());
    assert_eq!(second.state().modal_title(), None);
    second.get_by_label("Add step").click();
    second.run();
    let second_file = second.state().recovery_file().unwrap().to_path_buf();
    assert_ne!(first_file, second_file);
    run_until(&mut second, "the second window's recovery file", |_| {
        read_record(&second_file).is_some_and(|r| r.current.path.is_none())
    });
    let first_record = read_record(&first_file).unwrap();
    assert_eq!(first_record.current.path, Some(place.model()));
    assert_eq!(place.recovery_files(), {
        let mut both = vec![first_file, second_file];
        both.sort();
        both
    });
}

#[test]
fn restoring_puts_back_the_option_that_was_in_view() {
    let place = Place::new();
    let mut harness = place.app(Some(place.model()), &Answers::default());
    // Three options: the bundled best practice, the model's own best practice (made
    // when it was opened) and a copy, unsaved, in view and being edited.
    for label in ["Compare", "Add option", "A copy of the current process"] {
        harness.get_by_label(label).click();
        harness.run();
    }
    let session = harness.state().workspace.session();
    assert_eq!(session.len(), 4);
    let copy = session.doc(3).pathway().name.clone();
    for label in ["Compare", &format!("Option 3: {copy}")] {
        harness.get_by_label(label).click();
        harness.run();
    }
    for label in ["Compare", "Show and edit: Comparison"] {
        harness.get_by_label(label).click();
        harness.run();
    }
    assert_eq!(harness.state().workspace.option(), 3);
    let own = harness.state().recovery_file().unwrap().to_path_buf();
    run_until(&mut harness, "autosave of the view", |_| {
        read_record(&own).is_some_and(|r| r.viewed.option == 3 && r.viewed.editing_option)
    });
    // The app stops without closing properly; the next start offers the work back.
    drop(harness);
    let mut harness = place.app(None, &Answers::default());
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Restore unsaved work?")
    );
    harness
        .get_by_label_contains("Restore unsaved work from")
        .click();
    harness.run();
    let ws = &harness.state().workspace;
    assert_eq!(ws.session().len(), 4);
    assert_eq!(ws.option(), 3, "the option in view is in view again");
    assert_eq!(ws.shown, Which::Comparison, "and edited");
    assert_eq!(ws.doc(Which::Comparison).pathway().name, copy);
}

/// Present is one more layout of the one frame: autosave, dialogs and the window's
/// requests run in it as in any other.
mod presenting {
    use super::*;
    use opmt::model::{Lever, LeverValue};

    /// The app on `derm.ron` with the first step's touch minutes pinned as a lever and
    /// saved, so nothing is unsaved; then in Present.
    fn presenting_with_a_lever(place: &Place) -> (Harness<'static, OpmtApp>, Lever) {
        let mut harness = place.app(Some(place.model()), &Answers::default());
        let step = current(&harness).steps[0].clone();
        let lever = Lever {
            step: step.id.clone(),
            value: LeverValue::TouchMinutes,
            base: step.touch_minutes.likely,
        };
        harness
            .state_mut()
            .workspace
            .apply(opmt::edit::Edit::PinLever(lever.clone()))
            .unwrap();
        harness.run();
        press(&mut harness, Modifiers::COMMAND, Key::S);
        assert!(!harness.state().workspace.doc(Which::Current).is_dirty());
        press(&mut harness, Modifiers::NONE, Key::F5);
        assert!(harness.state().presenting().is_some());
        (harness, lever)
    }

    #[test]
    fn a_lever_moved_in_present_is_autosaved_without_leaving_present() {
        let place = Place::new();
        let (mut harness, lever) = presenting_with_a_lever(&place);
        let own = harness.state().recovery_file().unwrap().to_path_buf();
        run_until(&mut harness, "no recovery file once saved", |_| {
            !own.exists()
        });

        // Drag the lever's slider from its left end to its middle.
        let name = opmt::levers::label(current(&harness), &lever);
        let rail = common::slider_rail(&harness, &name);
        common::drag_slider(&mut harness, &name, rail.left() + 2.0, rail.center().x);
        let moved = opmt::levers::value(current(&harness), &lever).unwrap();
        assert_ne!(moved, lever.base, "the drag moved the lever");

        // Still presenting, the recovery record comes to hold the moved value.
        run_until(
            &mut harness,
            "the recovery record with the lever moved",
            |h| {
                read_record(&own).is_some_and(|r| {
                    opmt::levers::value(&r.current.pathway, &lever) == Some(moved)
                        && h.state().presenting().is_some()
                })
            },
        );
        assert!(read_record(&own).unwrap().current.unsaved);
    }

    #[test]
    fn closing_the_window_in_present_with_unsaved_work_asks_at_once() {
        let place = Place::new();
        let (mut harness, lever) = presenting_with_a_lever(&place);
        let mut moved = current(&harness).clone();
        assert!(opmt::levers::set(&mut moved, &lever, lever.base + 5.0));
        harness
            .state_mut()
            .workspace
            .apply(opmt::edit::Edit::SetLever {
                index: 0,
                value: lever.base + 5.0,
            })
            .unwrap();
        harness.run();
        assert_eq!(current(&harness), &moved);

        harness
            .input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        harness.run();
        let title = harness.state().modal_title().expect("the save prompt");
        assert!(title.starts_with("Save changes to the"), "{title}");
        assert!(harness.state().presenting().is_some(), "still presenting");
        // The prompt is drawn over Present, with its buttons, and Esc there answers
        // the prompt rather than leaving Present.
        harness.get_by_label(&title);
        press(&mut harness, Modifiers::NONE, Key::Escape);
        assert_eq!(harness.state().modal_title(), None);
        assert!(
            harness.state().presenting().is_some(),
            "Esc closed the prompt only"
        );
        assert_eq!(current(&harness), &moved, "the work is kept");
    }
}
