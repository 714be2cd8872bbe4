//! The app on the platform layer's stand-ins: recovery storage in memory or broken,
//! work run at once, and a file dialog that answers later with a file's bytes and
//! name, as a browser's does.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::{FileDialogs, FileKind, OpmtApp, Picked, StartOptions};
use opmt::platform::dialogs::OpenedFile;
use opmt::platform::test::{self, Broken, Memory};
use opmt::platform::{Platform, Recovery};
use opmt::recovery::Record;

use crate::common::{Answers, current, press};

fn start(platform: Platform) -> Harness<'static, OpmtApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        .build_eframe(move |cc| {
            OpmtApp::new(
                cc,
                StartOptions {
                    file: None,
                    platform,
                },
            )
        });
    harness.run();
    harness
}

#[test]
fn an_edit_is_kept_in_recovery_storage_in_the_same_frame() {
    let memory = Memory::default();
    let platform = test::with_dialogs(Box::new(Answers::default()))
        .with_recovery(Recovery::Storage(Box::new(memory.clone())));
    let mut harness = start(platform);
    assert_eq!(memory.text(), None, "the bundled models need no saving");
    assert_eq!(harness.state().recovery_file(), None, "no file: memory");
    let steps = current(&harness).steps.len();
    harness.get_by_label("Add step").click();
    harness.run();
    // Work runs at once (test::Inline), so the record is there without waiting.
    let text = memory.text().expect("a record after the edit");
    let record = Record::from_ron(&text, Path::new("memory")).unwrap();
    assert_eq!(record.current.pathway.steps.len(), steps + 1);
    assert!(record.current.unsaved);
    assert_eq!(record.current.pathway, *current(&harness));
}

#[test]
fn storage_that_cannot_write_says_so_in_the_status_line() {
    let platform = test::with_dialogs(Box::new(Answers::default()))
        .with_recovery(Recovery::Storage(Box::new(Broken)));
    let mut harness = start(platform);
    harness.get_by_label("Add step").click();
    harness.run();
    assert_eq!(
        harness.state().workspace.status,
        "Autosave failed: the disk is full (broken)"
    );
}

/// A dialog that answers later, as a browser's does: Open says "waiting", and the
/// test gives the answer when it likes.
#[derive(Clone, Default)]
struct Later {
    answer: Rc<RefCell<Option<Picked>>>,
    asked: Rc<RefCell<Vec<FileKind>>>,
}

impl FileDialogs for Later {
    fn pick_open(&mut self, kind: FileKind) -> Picked {
        self.asked.borrow_mut().push(kind);
        Picked::Waiting
    }
    fn pick_save(&mut self, _kind: FileKind, _file_name: &str) -> Picked {
        Picked::Cancelled
    }
    fn poll(&mut self) -> Option<Picked> {
        self.answer.borrow_mut().take()
    }
}

fn opened(name: &str, bytes: Vec<u8>) -> Picked {
    Picked::Opened(OpenedFile {
        name: name.into(),
        path: None,
        bytes,
    })
}

#[test]
fn a_model_given_as_bytes_later_opens_without_a_path() {
    let later = Later::default();
    let mut harness = start(test::with_dialogs(Box::new(later.clone())));
    let before = current(&harness).clone();
    press(&mut harness, Modifiers::COMMAND, Key::O);
    assert_eq!(*later.asked.borrow(), [FileKind::Model]);
    assert_eq!(current(&harness), &before, "nothing opens while it waits");

    let mut model = opmt::bundled::CURRENT_PAPER.load().unwrap().pathway;
    model.name = "Dermatology, from the browser".into();
    // With a byte-order mark, as some Windows editors write.
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(opmt::format::to_ron_string(&model).into_bytes());
    *later.answer.borrow_mut() = Some(opened("derm.ron", bytes));
    harness.run();
    assert_eq!(current(&harness).name, "Dermatology, from the browser");
    assert_eq!(current(&harness).steps, model.steps);
    let doc = harness.state().workspace.doc(opmt::app::Which::Current);
    assert_eq!(doc.path(), None, "saving asks where");
    assert_eq!(
        harness.state().workspace.status,
        "Opened derm.ron as the current process."
    );
}

#[test]
fn bytes_that_are_not_a_model_are_reported_and_change_nothing() {
    let later = Later::default();
    let mut harness = start(test::with_dialogs(Box::new(later.clone())));
    let before = current(&harness).clone();
    press(&mut harness, Modifiers::COMMAND, Key::O);
    *later.answer.borrow_mut() = Some(opened("notes.ron", b"\xff\xfe not text".to_vec()));
    harness.run();
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Could not open notes.ron")
    );
    assert_eq!(current(&harness), &before);
}
