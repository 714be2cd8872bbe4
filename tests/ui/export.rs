//! Results that leave the app, driven through the real app by labels: the Export
//! menu writes the workbook and the steps CSV through the file dialogs' stand-in,
//! a chart's context menu saves a PNG, and Import steps replaces the pathway or
//! lists every bad cell without touching it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opmt::app::{FileKind, OpmtApp};

use crate::common;

use common::{Answers, current};

fn app_with(answers: &Answers) -> Harness<'static, OpmtApp> {
    common::app(None, egui::vec2(1440.0, 900.0), answers)
}

/// Opens `path` of menus and clicks the last: `["File", "Export", "Steps as CSV…"]`.
fn menu(harness: &mut Harness<'_, OpmtApp>, path: &[&str]) {
    for label in path {
        harness.get_by_label(label).click();
        harness.run();
    }
}

fn asked(answers: &Answers) -> Vec<FileKind> {
    answers.asked.borrow().iter().map(|(k, _)| *k).collect()
}

#[test]
fn export_menu_writes_the_workbook_and_the_steps_csv() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let workbook = dir.path().join("benefits.xlsx");
    let steps = dir.path().join("steps.csv");
    answers
        .save
        .borrow_mut()
        .extend([workbook.clone(), steps.clone()]);
    let mut harness = app_with(&answers);

    menu(
        &mut harness,
        &["File", "Export", "Benefits workbook (Excel)…"],
    );
    assert_eq!(asked(&answers), [FileKind::Workbook]);
    let name = answers.asked.borrow()[0].1.clone().unwrap();
    assert!(name.ends_with("-benefits.xlsx"), "{name}");
    let mut book: Xlsx<_> = open_workbook(&workbook).unwrap();
    assert_eq!(book.sheet_names()[0], "Summary");
    let summary = book.worksheet_range("Summary").unwrap();
    let expected = harness
        .state()
        .workspace
        .comparison()
        .unwrap()
        .annual_saving;
    let saving = summary
        .rows()
        .find(|r| r[0] == calamine::Data::String("Economic value a year (all of the above)".into()))
        .map(|r| r[3].clone())
        .unwrap();
    assert_eq!(saving, calamine::Data::Float(expected));
    // The Headline sheet holds the list the headline strip draws, worded the same.
    let headline = book.worksheet_range("Headline").unwrap();
    let figures = harness.state().workspace.figures().unwrap().clone();
    let drawn: Vec<&opmt::render::figures::Figure> =
        figures.money.iter().chain(&figures.others).collect();
    assert_eq!(headline.rows().count(), drawn.len() + 1);
    for (row, f) in headline.rows().skip(1).zip(drawn) {
        assert_eq!(
            (row[0].to_string(), row[1].to_string()),
            (f.caption.clone(), f.value.clone())
        );
    }

    menu(&mut harness, &["File", "Export", "Steps as CSV…"]);
    assert_eq!(asked(&answers), [FileKind::Workbook, FileKind::Csv]);
    let csv = std::fs::read_to_string(&steps).unwrap();
    assert_eq!(csv.lines().count(), current(&harness).steps.len() + 1);
    assert!(csv.starts_with("Id,Name,Stage,Role,"));
}

/// Right-click the cost chart, *Save as PNG…*: the picture has the chart's size
/// (with its title) and is not blank.
#[test]
fn chart_context_menu_saves_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let png = dir.path().join("chart.png");
    answers.save.borrow_mut().push_back(png.clone());
    let mut harness = app_with(&answers);
    harness.get_by_label("Results only").click();
    harness.run();
    let chart = harness.get_by_label("Cost per referral by stage chart");
    let plot_rect = chart.rect();
    chart.click_secondary();
    harness.run();
    harness.get_by_label("Save as PNG…").click();
    harness.run();
    assert_eq!(asked(&answers), [FileKind::Png]);
    assert_eq!(
        answers.asked.borrow()[0].1.as_deref(),
        Some("cost-per-referral-by-stage.png")
    );
    assert!(png.exists(), "the picture was written");
    let image = image::open(&png).unwrap().to_rgba8();
    let ppp = harness.ctx.pixels_per_point();
    let (w, h) = (image.width() as f32 / ppp, image.height() as f32 / ppp);
    assert!(
        w >= plot_rect.width() && w <= plot_rect.width() + 100.0,
        "the plot and its axis: {w} against {}",
        plot_rect.width()
    );
    assert!(
        h > plot_rect.height() + 10.0,
        "the plot and its title above it: {h} against {}",
        plot_rect.height()
    );
    let mut colours: Vec<[u8; 4]> = image.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 20, "only {} colours: blank", colours.len());
    assert_eq!(
        harness.state().workspace.status,
        format!("Saved {}", png.display())
    );
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn import_steps_replaces_the_pathway_or_lists_every_bad_cell() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let bad = write(
        dir.path(),
        "bad.csv",
        "Name,Stage,Minutes\nBook,Bookng,ten\nSeen,Attendance,\n",
    );
    let good = write(
        dir.path(),
        "good.csv",
        "Name,Stage,Role,Minutes,Outcome\nBook,Booking,band3,13,\nSeen,Attendance,,,Appointment\n",
    );
    answers.open.borrow_mut().extend([bad, good]);
    let mut harness = app_with(&answers);
    let before = current(&harness).clone();

    menu(
        &mut harness,
        &["File", "Import steps", "From a spreadsheet…"],
    );
    assert_eq!(asked(&answers), [FileKind::Spreadsheet]);
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Could not import bad.csv")
    );
    let both = harness.query_all_by_label_contains("bad.csv:2:").count();
    assert_eq!(both, 2, "the stage and the minutes, at once");
    assert_eq!(
        current(&harness),
        &before,
        "the pathway on screen is unchanged"
    );
    harness.get_by_label("OK").click();
    harness.run();

    menu(
        &mut harness,
        &["File", "Import steps", "From a spreadsheet…"],
    );
    assert_eq!(harness.state().modal_title(), None);
    let p = current(&harness);
    assert_eq!(p.name, before.name, "the pathway keeps its name and roles");
    assert_eq!(p.roles, before.roles);
    let names: Vec<&str> = p.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Book", "Seen"]);
    assert!(
        harness
            .state()
            .workspace
            .needs_saving(opmt::app::Which::Current)
    );
}

#[test]
fn import_offers_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let template = dir.path().join("template.csv");
    answers.save.borrow_mut().push_back(template.clone());
    let mut harness = app_with(&answers);
    menu(
        &mut harness,
        &["File", "Import steps", "Save the template spreadsheet…"],
    );
    assert_eq!(
        answers.asked.borrow().as_slice(),
        [(FileKind::Csv, Some("steps-template.csv".to_owned()))]
    );
    let text = std::fs::read_to_string(&template).unwrap();
    assert!(text.starts_with("Name,Stage,Role,"));
}

/// Right-click the map's background, *Save the map as PNG…*: the picture is the map
/// area at its size on screen, with the cards drawn on it.
#[test]
fn map_background_menu_saves_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let png = dir.path().join("map.png");
    answers.save.borrow_mut().push_back(png.clone());
    let mut harness = app_with(&answers);
    let canvas = harness
        .get_by_role_and_label(egui::accesskit::Role::Canvas, "Process map")
        .rect();
    let at = canvas.max - egui::vec2(20.0, 20.0);
    harness.hover_at(at);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    harness.run();
    harness.get_by_label("Save the map as PNG…").click();
    harness.run();
    let name = answers.asked.borrow()[0].1.clone().unwrap();
    assert!(name.ends_with("-map.png"), "{name}");
    let image = image::open(&png).unwrap().to_rgba8();
    let ppp = harness.ctx.pixels_per_point();
    assert!((image.width() as f32 / ppp - canvas.width()).abs() <= 1.0);
    assert!((image.height() as f32 / ppp - canvas.height()).abs() <= 1.0);
    let mut colours: Vec<[u8; 4]> = image.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 20, "only {} colours: blank", colours.len());
}

/// Import replaces the pathway like Open does: unsaved changes are asked about first.
#[test]
fn import_asks_about_unsaved_changes_first() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let good = write(
        dir.path(),
        "good.csv",
        "Name,Stage,Outcome\nBook,Booking,\nSeen,Attendance,Appointment\n",
    );
    answers.open.borrow_mut().push_back(good);
    let mut harness = app_with(&answers);
    common::press(&mut harness, egui::Modifiers::COMMAND, egui::Key::E);
    assert!(
        harness
            .state()
            .workspace
            .needs_saving(opmt::app::Which::Current)
    );
    menu(
        &mut harness,
        &["File", "Import steps", "From a spreadsheet…"],
    );
    assert_eq!(
        harness.state().modal_title().as_deref(),
        Some("Save changes to the current process?")
    );
    assert!(asked(&answers).is_empty(), "no file asked for yet");
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(asked(&answers), [FileKind::Spreadsheet]);
    let names: Vec<&str> = current(&harness)
        .steps
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Book", "Seen"]);
    // Imported as the current process, it would be compared with its own best
    // practice; no measure finds anything to change in two steps, and the status says so.
    let status = &harness.state().workspace.status;
    assert!(
        status.contains("No best-practice measure finds anything to change in it"),
        "{status}"
    );
}

#[test]
fn with_two_options_export_asks_which_and_holds_every_one_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let workbook = dir.path().join("benefits.xlsx");
    answers.save.borrow_mut().push_back(workbook.clone());
    let mut harness = app_with(&answers);
    menu(&mut harness, &["Compare", "Add option"]);
    common::click_submenu_item(&mut harness, "e-RS with a Referral Assessment Service");
    menu(
        &mut harness,
        &["File", "Export", "Benefits workbook (Excel)…"],
    );
    assert!(asked(&answers).is_empty(), "it asks which options first");
    assert_eq!(
        harness.state().export_choice(),
        Some(vec![1, 2]),
        "every option, to begin with"
    );
    let session = harness.state().workspace.session();
    let names: Vec<String> = (1..3)
        .map(|k| session.doc(k).pathway().name.clone())
        .collect();
    let savings: Vec<f64> = (1..3)
        .map(|k| session.comparison(k).unwrap().annual_saving)
        .collect();
    harness.get_by_label(&format!("Option 2: {}", names[1]));
    harness.get_by_label("Export…").click();
    harness.run();
    assert_eq!(harness.state().export_choice(), None);
    assert_eq!(asked(&answers), [FileKind::Workbook]);
    let mut book: Xlsx<_> = open_workbook(&workbook).unwrap();
    let summary: Vec<Vec<calamine::Data>> = book
        .worksheet_range("Summary")
        .unwrap()
        .rows()
        .map(<[calamine::Data]>::to_vec)
        .collect();
    let text = |cell: &calamine::Data| cell.to_string();
    // It says which options it holds...
    let held = text(&summary[opmt::export::workbook::SUMMARY_OPTIONS_ROW as usize][1]);
    assert!(held.starts_with("2 options, one column each"), "{held}");
    for name in &names {
        assert!(held.contains(name.as_str()), "{held}");
    }
    // ...and has a column of figures and one of savings for each.
    let header = &summary[opmt::export::workbook::SUMMARY_TABLE_ROW as usize];
    assert_eq!(text(&header[2]), names[0]);
    assert_eq!(text(&header[4]), names[1]);
    let cost_a_year = summary
        .iter()
        .find(|r| text(&r[0]) == "Economic value a year (all of the above)")
        .unwrap();
    for (k, saving) in savings.iter().enumerate() {
        assert_eq!(cost_a_year[3 + 2 * k], calamine::Data::Float(*saving));
    }
    assert!(book.sheet_names().iter().any(|n| n == "Options"));
}

#[test]
fn the_export_dialog_can_leave_an_option_out_or_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let answers = Answers::default();
    let workbook = dir.path().join("benefits.xlsx");
    answers.save.borrow_mut().push_back(workbook.clone());
    let mut harness = app_with(&answers);
    menu(&mut harness, &["Compare", "Add option"]);
    common::click_submenu_item(&mut harness, "e-RS with a Referral Assessment Service");
    menu(
        &mut harness,
        &["File", "Export", "Benefits workbook (Excel)…"],
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().export_choice(), None);
    assert!(asked(&answers).is_empty(), "cancelled: no file asked for");
    menu(
        &mut harness,
        &["File", "Export", "Benefits workbook (Excel)…"],
    );
    let first = harness
        .state()
        .workspace
        .session()
        .doc(1)
        .pathway()
        .name
        .clone();
    let second = harness
        .state()
        .workspace
        .session()
        .doc(2)
        .pathway()
        .name
        .clone();
    harness.get_by_label(&format!("Option 1: {first}")).click();
    harness.run();
    assert_eq!(harness.state().export_choice(), Some(vec![2]));
    harness.get_by_label("Export…").click();
    harness.run();
    let mut book: Xlsx<_> = open_workbook(&workbook).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let held = summary
        .get_value((opmt::export::workbook::SUMMARY_OPTIONS_ROW, 1))
        .unwrap()
        .to_string();
    assert_eq!(held, format!("One option: “{second}”"));
    assert!(
        harness.state().workspace.status.contains("with option 2."),
        "{}",
        harness.state().workspace.status
    );
}
