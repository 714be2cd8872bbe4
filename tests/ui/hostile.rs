//! The real app, through egui_kittest, against files that are not what they claim:
//! a device, a pipe or a folder opened as a model, a recovery folder holding a pipe
//! and a link to a device, and a save over a read-only file. Each gives a message
//! naming the file, and the work on screen stays as it was.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::{OpmtApp, Which};

use crate::common;

use common::{Answers, current, press};

const SIZE: egui::Vec2 = egui::vec2(1440.0, 900.0);

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

fn open(harness: &mut Harness<'_, OpmtApp>, answers: &Answers, path: &Path) {
    answers.open.borrow_mut().push_back(path.to_path_buf());
    press(harness, Modifiers::COMMAND, Key::O);
}

#[test]
fn a_device_a_pipe_or_a_folder_opened_as_a_model_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.ron");
    mkfifo(&pipe);
    let answers = Answers::default();
    let mut harness = common::app(None, SIZE, &answers);
    let before = current(&harness).clone();
    for (path, what) in [
        (PathBuf::from("/dev/zero"), "a device"),
        (pipe.clone(), "a pipe"),
        (dir.path().to_path_buf(), "a folder"),
    ] {
        open(&mut harness, &answers, &path);
        let title = harness.state().modal_title().unwrap_or_default();
        assert!(title.starts_with("Could not open"), "{title}");
        assert!(
            harness.query_all_by_label_contains(what).count() >= 1,
            "{what}"
        );
        assert_eq!(current(&harness), &before, "the pathway stays as it was");
        harness.get_by_label("OK").click();
        harness.run();
        assert_eq!(harness.state().modal_title(), None);
    }
}

#[test]
fn a_recovery_folder_with_a_pipe_and_a_link_to_a_device_starts_and_offers_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("recovery");
    std::fs::create_dir(&recovery).unwrap();
    mkfifo(&recovery.join("recovery-1-1.ron"));
    std::os::unix::fs::symlink("/dev/zero", recovery.join("recovery-2-1.ron")).unwrap();
    // Building the harness runs the app's first frames: a pipe read there would block.
    let harness = common::app_with_recovery(None, SIZE, &Answers::default(), Some(recovery));
    assert_eq!(harness.state().modal_title(), None, "nothing to restore");
}

#[test]
fn saving_over_a_read_only_file_says_so_and_keeps_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/current-paper.ron"),
        &path,
    )
    .unwrap();
    let original = std::fs::read(&path).unwrap();
    let mut harness = common::app(Some(path.clone()), SIZE, &Answers::default());
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    harness.get_by_label("Add step").click();
    harness.run();
    let edited = current(&harness).clone();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Could not save locked.ron")
    );
    assert!(harness.query_all_by_label_contains("read-only").count() >= 1);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "the file is untouched"
    );
    assert!(std::fs::metadata(&path).unwrap().permissions().readonly());
    assert_eq!(current(&harness), &edited);
    assert!(harness.state().workspace.doc(Which::Current).is_dirty());
}
