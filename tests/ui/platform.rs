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

/// What a [`Downloads`] dialog was given to download.
type Downloaded = Vec<(FileKind, String, Vec<u8>)>;

/// A platform whose saves are downloads, as a browser's: Save as… says
/// "download it as NAME", and the bytes handed over are kept for the test.
#[derive(Clone, Default)]
struct Downloads {
    later: Later,
    downloaded: Rc<RefCell<Downloaded>>,
}

impl FileDialogs for Downloads {
    fn pick_open(&mut self, kind: FileKind) -> Picked {
        self.later.pick_open(kind)
    }
    fn pick_save(&mut self, _kind: FileKind, file_name: &str) -> Picked {
        Picked::Download(file_name.into())
    }
    fn poll(&mut self) -> Option<Picked> {
        self.later.poll()
    }
    fn download(&mut self, kind: FileKind, file_name: &str, bytes: &[u8]) -> Result<(), String> {
        self.downloaded
            .borrow_mut()
            .push((kind, file_name.into(), bytes.to_vec()));
        Ok(())
    }
}

fn menu(harness: &mut Harness<'_, OpmtApp>, path: &[&str]) {
    for label in path {
        harness.get_by_label(label).click();
        harness.run();
    }
}

#[test]
fn save_as_downloads_the_model_and_it_then_needs_no_saving() {
    let dialogs = Downloads::default();
    let mut harness = start(test::with_dialogs(Box::new(dialogs.clone())));
    harness.get_by_label("Add step").click();
    harness.run();
    assert!(
        harness
            .state()
            .workspace
            .needs_saving(opmt::app::Which::Current)
    );
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    let downloaded = dialogs.downloaded.borrow().clone();
    assert_eq!(downloaded.len(), 1);
    let (kind, name, bytes) = &downloaded[0];
    assert_eq!(*kind, FileKind::Model);
    assert!(name.ends_with(".ron"), "{name}");
    let saved = opmt::format::load_bytes(bytes).unwrap().pathway;
    assert_eq!(saved.steps, current(&harness).steps);
    let ws = &harness.state().workspace;
    assert!(!ws.needs_saving(opmt::app::Which::Current));
    assert_eq!(
        ws.doc(opmt::app::Which::Current).path(),
        None,
        "the next save asks again"
    );
    assert!(
        ws.status.starts_with(&format!("Downloaded {name}")),
        "{}",
        ws.status
    );
}

#[test]
fn exports_download_the_workbook_and_the_steps_csv() {
    let dialogs = Downloads::default();
    let mut harness = start(test::with_dialogs(Box::new(dialogs.clone())));
    menu(
        &mut harness,
        &["File", "Export", "Benefits workbook (Excel)…"],
    );
    menu(&mut harness, &["File", "Export", "Steps as CSV…"]);
    let downloaded = dialogs.downloaded.borrow().clone();
    let kinds: Vec<FileKind> = downloaded.iter().map(|(k, ..)| *k).collect();
    assert_eq!(kinds, [FileKind::Workbook, FileKind::Csv]);
    assert!(
        downloaded[0].1.ends_with("-benefits.xlsx"),
        "{}",
        downloaded[0].1
    );
    assert_eq!(&downloaded[0].2[..2], b"PK", "an xlsx is a zip archive");
    let csv = String::from_utf8(downloaded[1].2.clone()).unwrap();
    assert!(csv.starts_with("Id,Name,Stage,Role,"));
    assert_eq!(csv.lines().count(), current(&harness).steps.len() + 1);
}

#[test]
fn a_spreadsheet_given_as_bytes_imports_its_steps() {
    let later = Later::default();
    let mut harness = start(test::with_dialogs(Box::new(later.clone())));
    menu(
        &mut harness,
        &["File", "Import steps", "From a spreadsheet…"],
    );
    assert_eq!(*later.asked.borrow(), [FileKind::Spreadsheet]);
    let template = include_str!("../../assets/steps-template.csv");
    let rows = template.lines().filter(|l| !l.trim().is_empty()).count() - 1;
    *later.answer.borrow_mut() = Some(opened("steps.csv", template.as_bytes().to_vec()));
    harness.run();
    assert_eq!(current(&harness).steps.len(), rows);
    let status = &harness.state().workspace.status;
    assert!(
        status.starts_with(&format!("Imported {rows} steps from steps.csv.")),
        "{status}"
    );
}

/// A file dropped on the window from disk, as the desktop gives it.
#[derive(Debug)]
struct OnDisk(std::path::PathBuf);

impl egui::DroppedFile for OnDisk {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(harness: &mut Harness<'_, OpmtApp>, path: &Path) {
    let file: egui::DroppedFileHandle = std::sync::Arc::new(OnDisk(path.to_path_buf()));
    harness.input_mut().dropped_files.push(file);
    harness.run();
}

#[test]
fn a_dropped_spreadsheet_imports_its_steps_and_a_dropped_model_opens() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("clinic steps.csv");
    let template = include_str!("../../assets/steps-template.csv");
    std::fs::write(&sheet, template).unwrap();
    let mut harness = start(test::with_dialogs(Box::new(Later::default())));
    drop_file(&mut harness, &sheet);
    let rows = template.lines().filter(|l| !l.trim().is_empty()).count() - 1;
    assert_eq!(current(&harness).steps.len(), rows);
    assert!(
        harness.state().workspace.status.starts_with("Imported "),
        "{}",
        harness.state().workspace.status
    );

    // The imported steps are unsaved: dropping a model asks first.
    let model = dir.path().join("derm.ron");
    let mut derm = opmt::bundled::CURRENT_PAPER.load().unwrap().pathway;
    derm.name = "Dermatology, dropped".into();
    std::fs::write(&model, opmt::format::to_ron_string(&derm)).unwrap();
    drop_file(&mut harness, &model);
    assert!(
        harness.state().modal_title().is_some(),
        "unsaved changes are asked about"
    );
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(current(&harness).name, "Dermatology, dropped");
}

#[test]
fn the_headline_marks_its_range_while_the_background_run_catches_up() {
    use opmt::edit::{Edit, StepField};
    // Work waits in a runner the test runs by hand, as a browser's frames would.
    let runner = opmt::platform::spawn::FrameRunner::new(std::time::Duration::from_secs(60));
    let platform =
        test::with_dialogs(Box::new(Answers::default())).with_spawn(Rc::new(runner.clone()));
    let mut harness = start(platform);
    let range_label = |harness: &Harness<'_, OpmtApp>| {
        let ranges = harness.state().workspace.ranges().unwrap();
        let range = ranges.uncertainty.annual_saving;
        let pounds = |v: f64| opmt::numbers::pounds(v, 0);
        (
            format!("90%: {}–{}", pounds(range.p5), pounds(range.p95)),
            ranges.is_current,
        )
    };
    let economic_value = |harness: &Harness<'_, OpmtApp>| {
        let case = harness.state().workspace.business_case().unwrap();
        opmt::numbers::pounds(case.classes.economic_value(), 0)
    };
    // Nothing worked out yet: the exact figures, and no range but a mark.
    harness.get_by_label(&economic_value(&harness));
    harness.get_by_label("range updating…");
    assert!(harness.query_by_label_contains("90%: ").is_none());
    assert!(harness.state().workspace.ranges().is_none());

    assert!(!runner.run_frame(), "the run is one slice");
    harness.run();
    let (first, is_current) = range_label(&harness);
    assert!(is_current);
    harness.get_by_label(&first);
    assert!(harness.query_by_label("range updating…").is_none());

    // An edit: the exact figures follow at once; the last range stays, marked.
    let before = economic_value(&harness);
    harness
        .state_mut()
        .workspace
        .apply(Edit::SetStep {
            index: 0,
            field: StepField::TouchMinutes(opmt::Estimate::range(2.0, 6.0, 15.0)),
        })
        .unwrap();
    harness.run();
    let after = economic_value(&harness);
    assert_ne!(after, before);
    harness.get_by_label(&after);
    assert_eq!(range_label(&harness), (first.clone(), false));
    harness.get_by_label(&first);
    harness.get_by_label("range updating…");

    // Its run ends: the range of the pathways as they are, unmarked.
    assert!(!runner.run_frame());
    harness.run();
    let (second, is_current) = range_label(&harness);
    assert!(is_current);
    assert_ne!(second, first);
    harness.get_by_label(&second);
    assert!(harness.query_by_label("range updating…").is_none());
}
