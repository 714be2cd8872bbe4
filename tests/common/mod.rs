//! Helpers shared by the tests that drive the real app through egui_kittest.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::rc::Rc;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::{FileDialogs, FileKind, OpmtApp, Picked, StartOptions, Which};
use opmt::model::Pathway;
use opmt::platform::Platform;

/// A file dialog the app asked for: its kind, and the suggested name when saving.
pub type Asked = (FileKind, Option<String>);

/// File dialogs that answer from queues the test fills (an empty queue answers
/// Cancelled), or say no system dialog exists, as on Linux without a portal or zenity.
#[derive(Clone, Default)]
pub struct Answers {
    /// Paths the Open dialog will return, in order.
    pub open: Rc<RefCell<VecDeque<PathBuf>>>,
    /// Paths the Save dialog will return, in order.
    pub save: Rc<RefCell<VecDeque<PathBuf>>>,
    /// The kinds and suggested names asked for, in order.
    pub asked: Rc<RefCell<Vec<Asked>>>,
    /// Answer every request with "no dialog available".
    pub unavailable: Rc<Cell<bool>>,
    /// Where the app's own dialog starts.
    pub start: Rc<RefCell<Option<PathBuf>>>,
}

impl FileDialogs for Answers {
    fn pick_open(&mut self, kind: FileKind) -> Picked {
        self.asked.borrow_mut().push((kind, None));
        if self.unavailable.get() {
            return Picked::Unavailable("no dialog in this test".into());
        }
        self.open
            .borrow_mut()
            .pop_front()
            .map_or(Picked::Cancelled, Picked::Chosen)
    }
    fn pick_save(&mut self, kind: FileKind, file_name: &str) -> Picked {
        self.asked
            .borrow_mut()
            .push((kind, Some(file_name.to_owned())));
        if self.unavailable.get() {
            return Picked::Unavailable("no dialog in this test".into());
        }
        self.save
            .borrow_mut()
            .pop_front()
            .map_or(Picked::Cancelled, Picked::Chosen)
    }
    fn start_dir(&self) -> Option<PathBuf> {
        self.start.borrow().clone()
    }
}

/// Frames [`Harness::run`] may take to settle. A background job that ends while it
/// steps (the ranges of the business case, worked out after every edit) asks for a
/// frame or two more, to pick its result up, on top of the frames an input takes.
pub const MAX_STEPS: u64 = 12;

/// The real app in a window of `size`, optionally opening `file`, run to rest.
pub fn app(
    file: Option<PathBuf>,
    size: egui::Vec2,
    answers: &Answers,
) -> Harness<'static, OpmtApp> {
    app_checked(file, size, answers, true, None)
}

/// [`app`], with the check that every input has an accessible name turned off: for
/// tests that open the app's own file dialog, whose text fields (from the
/// `egui_file` crate) have none.
pub fn app_unchecked(
    file: Option<PathBuf>,
    size: egui::Vec2,
    answers: &Answers,
) -> Harness<'static, OpmtApp> {
    app_checked(file, size, answers, false, None)
}

/// The real app with autosave on, keeping recovery files in `recovery_dir`.
pub fn app_with_recovery(
    file: Option<PathBuf>,
    size: egui::Vec2,
    answers: &Answers,
    recovery_dir: Option<PathBuf>,
) -> Harness<'static, OpmtApp> {
    app_checked(file, size, answers, true, recovery_dir)
}

fn app_checked(
    file: Option<PathBuf>,
    size: egui::Vec2,
    answers: &Answers,
    check: bool,
    recovery_dir: Option<PathBuf>,
) -> Harness<'static, OpmtApp> {
    let dialogs = answers.clone();
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(MAX_STEPS)
        .with_accessibility_check(check)
        .build_eframe(move |cc| {
            OpmtApp::new(
                cc,
                StartOptions {
                    file,
                    platform: Platform::desktop(recovery_dir).with_dialogs(Box::new(dialogs)),
                },
            )
        });
    harness.run();
    // The ranges of the business cases, worked out in the background at start.
    wait_for_the_business_case(&mut harness);
    harness
}

/// The working (current) pathway.
pub fn current<'h>(harness: &'h Harness<'_, OpmtApp>) -> &'h Pathway {
    harness.state().workspace.doc(Which::Current).pathway()
}

/// The pathway the current one is compared with (the option in view).
pub fn comparison<'h>(harness: &'h Harness<'_, OpmtApp>) -> &'h Pathway {
    harness.state().workspace.doc(Which::Comparison).pathway()
}

/// The comparison `opmt compare` makes of two pathways: each side as its capacity
/// section makes it (an option without one takes the current pathway's), then
/// [`opmt::compare`]. Without a section on either side it is plain `compare`.
#[allow(clippy::unwrap_used)] // a failing test may panic
pub fn compared(current: &Pathway, proposed: &Pathway) -> opmt::Comparison {
    let options = opmt::capacity::Options::default();
    let current_made = current
        .capacity
        .is_some()
        .then(|| opmt::capacity::make(current, &options).unwrap());
    let proposed_made = opmt::capacity::make_proposal(current, proposed, &options).unwrap();
    opmt::compare(
        current_made.as_ref().map_or(current, |m| &m.pathway),
        proposed_made.as_ref().map_or(proposed, |m| &m.pathway),
    )
    .unwrap()
}

/// Presses a key with modifiers and lets the app settle.
pub fn press(harness: &mut Harness<'_, OpmtApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Where the slider named `name` is drawn.
pub fn slider_rail(harness: &Harness<'_, OpmtApp>, name: &str) -> egui::Rect {
    harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, name)
        .rect()
}

/// Drags the slider named `name` along its rail from `from_x` to `to_x`, in five
/// moves over as many frames, as a hand would.
pub fn drag_slider(harness: &mut Harness<'_, OpmtApp>, name: &str, from_x: f32, to_x: f32) {
    let y = slider_rail(harness, name).center().y;
    harness.drag_at(egui::pos2(from_x, y));
    harness.run();
    for k in 1..=5 {
        harness.hover_at(egui::pos2(from_x + (to_x - from_x) * k as f32 / 5.0, y));
        harness.run();
    }
    harness.drop_at(egui::pos2(to_x, y));
    harness.run();
}

/// Replaces the text of the field with this label by `text` and presses Enter.
pub fn type_into(harness: &mut Harness<'_, OpmtApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

/// Steps the app, as its window would, until the tornado shows the sensitivity of
/// its pathway as it is (worked out in the background).
pub fn wait_for_the_tornado(harness: &mut Harness<'_, OpmtApp>) {
    let started = std::time::Instant::now();
    harness.step();
    while !harness.state().workspace.tornado_is_current() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the sensitivity analysis did not finish in a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run();
}

/// Steps the app, as its window would, until the Capacity tab shows the curves of
/// the current process and the option in view as they are (worked out in the
/// background).
pub fn wait_for_the_capacity_curves(harness: &mut Harness<'_, OpmtApp>) {
    let started = std::time::Instant::now();
    harness.step();
    while !harness.state().workspace.capacity_curves_are_current() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the capacity curves were not worked out in a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run();
}

/// Steps the app, as its window would, until every option's business case has its
/// ranges for the pathways as they are (worked out in the background).
pub fn wait_for_the_business_case(harness: &mut Harness<'_, OpmtApp>) {
    let started = std::time::Instant::now();
    harness.step();
    while !harness.state().workspace.ranges_are_current() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the business case's ranges were not worked out in a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run();
}

/// Steps the app, as its window would, until the simulation has ended.
pub fn wait_for_the_simulation(harness: &mut Harness<'_, OpmtApp>) {
    let started = std::time::Instant::now();
    while harness.state().workspace.simulation().is_running() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the simulation took more than 30 s"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
}

/// Clicks the bundled model `title` in the open *Add option* submenu. The Compare
/// menu beside it lists the same titles under "Compare the current process with",
/// so the submenu's item is told apart as the one furthest right.
pub fn click_submenu_item(harness: &mut Harness<'_, OpmtApp>, title: &str) {
    let node = harness
        .query_all_by_label(title)
        .max_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap_or_else(|| panic!("no item {title:?}"));
    node.click();
    harness.run();
}
