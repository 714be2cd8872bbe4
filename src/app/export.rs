//! Results that leave the app: *Copy* and *Save as CSV…* beside every table, *Save
//! as PNG…* and *Copy image* on every chart, the benefits workbook, steps as CSV and
//! steps imported from a spreadsheet. The tables and the workbook come from the pure
//! [`crate::export`]; pictures are cropped from a screenshot of the window.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::OpmtApp;
use super::command::Which;
use super::dialogs::Modal;
use super::files::FileRequest;
use crate::export::{self, WorkbookInfo};
use crate::model::Pathway;

/// The template offered by *Import steps*: the headings and a worked example.
pub const STEPS_TEMPLATE: &str = include_str!("../../assets/steps-template.csv");

/// A benefits workbook made for export, with the options it holds and those left out.
pub(crate) struct MadeWorkbook {
    /// Its bytes, or why it could not be made.
    pub bytes: Result<Vec<u8>, export::workbook::WorkbookError>,
    /// The options it holds (places in the session).
    pub ready: Vec<usize>,
    /// The options left out, having errors.
    pub left_out: Vec<usize>,
}

impl MadeWorkbook {
    /// The status line once it is written as `name`.
    pub fn status(&self, name: &str) -> String {
        let mut status = format!("Exported {name} with {}.", option_list(&self.ready));
        if !self.left_out.is_empty() {
            status.push_str(&format!(
                " Left out {}: it has errors (see Problems).",
                option_list(&self.left_out)
            ));
        }
        status
    }
}

/// Where a picture goes once the screenshot arrives.
#[derive(Clone, Debug, PartialEq)]
pub enum PictureTarget {
    /// A PNG file.
    File(PathBuf),
    /// A download of this name (a browser).
    Download(String),
    /// The clipboard.
    Clipboard,
}

/// A picture taken, or why not.
#[derive(Debug)]
pub enum PictureDone {
    /// Saved to this file.
    Saved(PathBuf),
    /// Ready to download as this name, as PNG bytes.
    Download(String, Vec<u8>),
    /// Ready for the clipboard.
    Copied(egui::ColorImage),
    /// It failed; the message says why.
    Failed(String),
}

/// Pictures taken by the screenshot callback, waiting for the next frame.
pub type Pictures = Arc<Mutex<Vec<PictureDone>>>;

/// The part of `image` inside `rect` (in points, `pixels_per_point` pixels each).
pub fn crop(image: &egui::ColorImage, rect: egui::Rect, pixels_per_point: f32) -> egui::ColorImage {
    let [width, height] = image.size;
    let px = |v: f32, max: usize| ((v * pixels_per_point).round().max(0.0) as usize).min(max);
    let (x0, x1) = (px(rect.min.x, width), px(rect.max.x, width));
    let (y0, y1) = (px(rect.min.y, height), px(rect.max.y, height));
    let mut pixels = Vec::with_capacity((x1 - x0) * (y1 - y0));
    for y in y0..y1 {
        pixels.extend_from_slice(&image.pixels[y * width + x0..y * width + x1]);
    }
    egui::ColorImage::new([x1 - x0, y1 - y0], pixels)
}

/// The image as PNG bytes.
pub fn png_bytes(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [w, h] = image.size;
    let rgba: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|c| c.to_srgba_unmultiplied())
        .collect();
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, rgba)
        .ok_or_else(|| "the picture has no pixels".to_owned())?;
    let mut bytes = std::io::Cursor::new(Vec::new());
    buffer
        .write_to(&mut bytes, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}

fn save_png(image: &egui::ColorImage, path: &Path) -> PictureDone {
    let result = png_bytes(image)
        .and_then(|bytes| crate::format::write_atomic(path, &bytes).map_err(|e| e.to_string()));
    match result {
        Ok(()) => PictureDone::Saved(path.to_path_buf()),
        Err(e) => PictureDone::Failed(format!("cannot save the picture: {e} ({})", path.display())),
    }
}

/// "option 2", "options 1 and 3", "options 1, 2 and 3".
pub fn option_list(places: &[usize]) -> String {
    let numbers: Vec<String> = places.iter().map(usize::to_string).collect();
    match numbers.as_slice() {
        [] => "no option".into(),
        [one] => format!("option {one}"),
        [rest @ .., last] => format!("options {} and {last}", rest.join(", ")),
    }
}

/// The dialog of *Export > Benefits workbook* with two or more options: a tick box
/// for each (all ticked at first), Export… and Cancel.
#[derive(Clone, Debug)]
pub struct ExportChoice {
    /// Each option's place in the session, its name and whether it goes in.
    options: Vec<(usize, String, bool)>,
}

impl ExportChoice {
    /// The places of the options ticked.
    pub fn chosen(&self) -> Vec<usize> {
        self.options
            .iter()
            .filter(|(_, _, ticked)| *ticked)
            .map(|(k, ..)| *k)
            .collect()
    }

    /// Shows the dialog; `Some(None)` when cancelled, `Some(Some(options))` when
    /// the user chose.
    fn show(&mut self, ctx: &egui::Context) -> Option<Option<Vec<usize>>> {
        let mut answer = None;
        let response = egui::Modal::new(egui::Id::unique("opmt-export-choice")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading("Export the benefits workbook");
            ui.add_space(6.0);
            ui.label(
                "Which options should it hold? The Summary has a column of figures and one of savings for each, and says which it holds.",
            );
            ui.add_space(6.0);
            for (k, name, ticked) in &mut self.options {
                ui.checkbox(ticked, format!("Option {k}: {name}"));
            }
            ui.add_space(8.0);
            let chosen = self.chosen();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!chosen.is_empty(), egui::Button::new("Export…"))
                    .on_disabled_hover_text("Tick at least one option")
                    .clicked()
                {
                    answer = Some(Some(chosen));
                } else if ui.button("Cancel").clicked() {
                    answer = Some(None);
                }
            });
        });
        if answer.is_none() && response.should_close() {
            answer = Some(None);
        }
        answer
    }
}

/// The suggested name of the benefits workbook: the current pathway's name.
pub fn workbook_file_name(current: &Pathway) -> String {
    super::files::suggested_file_name(current).replace(".ron", "-benefits.xlsx")
}

impl OpmtApp {
    /// The request to save the shown pathway's steps as CSV.
    pub(crate) fn steps_csv_request(&self) -> FileRequest {
        let shown = self.workspace.shown;
        let pathway = self.workspace.doc(shown).pathway();
        let report = crate::analysis::analyse(pathway).ok();
        FileRequest::SaveCsv {
            file_name: super::files::suggested_file_name(pathway).replace(".ron", "-steps.csv"),
            csv: export::table::steps_table(pathway, report.as_ref()).to_csv(),
        }
    }

    /// Does an export or import `request` with the file chosen for it.
    pub(crate) fn complete_export(&mut self, request: FileRequest, path: PathBuf) {
        match request {
            FileRequest::ExportWorkbook { options } => self.export_workbook(&path, &options),
            FileRequest::SaveCsv { csv, .. } => {
                match crate::format::write_atomic(&path, csv.as_bytes()) {
                    Ok(()) => self.workspace.status = format!("Saved {}", path.display()),
                    Err(e) => {
                        self.modal = Some(Modal::error(
                            "Could not save the CSV file",
                            vec![format!("{e} ({})", path.display())],
                        ));
                    }
                }
            }
            FileRequest::ImportSteps(which) => self.import_steps_from(which, &path, None),
            FileRequest::SavePng { rect, .. } => {
                self.picture_pending = Some((rect, super::export::PictureTarget::File(path)));
            }
            FileRequest::OpenModel(_)
            | FileRequest::SaveModel { .. }
            | FileRequest::AddOption
            | FileRequest::OpenWorkspace
            | FileRequest::SaveWorkspace
            | FileRequest::Dropped(_) => {}
        }
    }

    /// *Export > Benefits workbook*: with two or more options, asks which go in
    /// (every one to begin with); with one, asks for the file at once.
    pub(crate) fn start_export(&mut self) {
        let options: Vec<usize> = self.workspace.session().options().collect();
        if options.len() > 1 {
            let session = self.workspace.session();
            self.export_choice = Some(ExportChoice {
                options: options
                    .iter()
                    .map(|&k| (k, session.doc(k).pathway().name.clone(), true))
                    .collect(),
            });
        } else {
            self.ask_file(FileRequest::ExportWorkbook { options });
        }
    }

    /// The dialog asking which options the workbook holds, while open.
    pub(crate) fn export_choice_ui(&mut self, ctx: &egui::Context) {
        let Some(choice) = &mut self.export_choice else {
            return;
        };
        match choice.show(ctx) {
            None => {}
            Some(None) => self.export_choice = None,
            Some(Some(options)) => {
                self.export_choice = None;
                self.ask_file(FileRequest::ExportWorkbook { options });
            }
        }
    }

    /// Writes the benefits workbook of `options` (places in the session) to
    /// `path` (see [`OpmtApp::benefits_workbook`]).
    fn export_workbook(&mut self, path: &Path, options: &[usize]) {
        let Some(made) = self.benefits_workbook(options) else {
            return;
        };
        let status = made.status(&path.display().to_string());
        let written = made.bytes.and_then(|bytes| {
            crate::format::write_atomic(path, &bytes).map_err(|source| {
                export::workbook::WorkbookError::Write {
                    path: path.to_path_buf(),
                    source,
                }
            })
        });
        match written {
            Ok(()) => self.workspace.status = status,
            Err(e) => self.workbook_failed(&e),
        }
    }

    /// Says why the workbook could not be made or written.
    pub(crate) fn workbook_failed(&mut self, e: &export::workbook::WorkbookError) {
        self.modal = Some(Modal::error(
            "Could not export the workbook",
            vec![e.to_string()],
        ));
    }

    /// The benefits workbook of `options` (places in the session). Its detail sheets
    /// are of the option in view when it is one of them, else of the first; an
    /// option with errors is left out, and the status line says so. `None`, with a
    /// message shown, when no option is ready.
    pub(crate) fn benefits_workbook(&mut self, options: &[usize]) -> Option<MadeWorkbook> {
        let session = self.workspace.session();
        let (ready, left_out): (Vec<usize>, Vec<usize>) = options
            .iter()
            .partition(|&&k| session.comparison(k).is_some() && !session.comparison_is_stale(k));
        let viewed = self.workspace.option();
        let Some(detail) = ready
            .iter()
            .copied()
            .find(|&k| k == viewed)
            .or(ready.first().copied())
        else {
            self.modal = Some(Modal::error(
                "Nothing to export",
                vec!["The results appear when the pathways have no errors: see Problems.".into()],
            ));
            return None;
        };
        let comparisons: Vec<crate::compare::Comparison> = ready
            .iter()
            .filter_map(|&k| session.comparison(k).cloned())
            .collect();
        let comparison = session.comparison(detail)?;
        let simulation = self
            .workspace
            .simulation()
            .last_run()
            .filter(|_| detail == viewed && self.workspace.simulation_is_current())
            .map(|run| &run.results);
        // The steps as they were analysed: as capacity makes them, where it applies.
        let pathways = [0, detail].map(|k| session.analysed(k));
        let info = WorkbookInfo {
            comparison,
            pathways: [&pathways[0], &pathways[1]],
            simulation,
            options: &comparisons,
            unix_seconds: export::workbook::now_unix_seconds(),
            case: session.business_case(detail),
            // The ranges only when worked out for the figures written beside them.
            ranges: session
                .ranges(detail)
                .filter(|r| r.is_current)
                .map(|r| r.uncertainty),
            capacity: [0, detail].map(|k| session.derived(k).made.as_ref()),
        };
        Some(MadeWorkbook {
            bytes: export::workbook::workbook_bytes(&info),
            ready,
            left_out,
        })
    }

    /// Replaces the steps of `which` with the sheet's: the file at `path`, or
    /// `bytes` already read (a browser's file, `path` then only its name).
    pub(crate) fn import_steps_from(&mut self, which: Which, path: &Path, bytes: Option<&[u8]>) {
        let base = self.workspace.doc(which).pathway().clone();
        let result = match bytes {
            Some(bytes) => crate::import::import_bytes(bytes, path, Some(&base)),
            None => crate::import::import_path(path, Some(&base)),
        };
        match result {
            Ok(imported) => {
                let steps = imported.pathway.steps.len();
                self.workspace.replace_imported(which, imported.pathway);
                self.workspace.status = format!("Imported {steps} steps from {}.", path.display());
                if which == Which::Current {
                    self.workspace.compare_with_own_best_practice();
                }
                if !imported.warnings.is_empty() {
                    let file = path.display().to_string();
                    let mut lines: Vec<String> = imported
                        .warnings
                        .iter()
                        .map(|w| w.with_file(&file))
                        .collect();
                    lines.push(
                        "The steps were imported; look at these before relying on the figures."
                            .into(),
                    );
                    self.modal = Some(Modal::error("Imported, with warnings", lines));
                }
            }
            Err(e) => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let mut lines = e.lines();
                lines.push(
                    "Nothing was imported: the pathway on screen has not changed. Correct the cells named (row and column as the spreadsheet shows them) and import again."
                        .into(),
                );
                self.modal = Some(Modal::error(&format!("Could not import {name}"), lines));
            }
        }
    }

    /// Asks the window for a screenshot, to crop to `rect` and save or copy.
    fn take_picture(&mut self, ctx: &egui::Context, rect: egui::Rect, target: PictureTarget) {
        let pixels_per_point = ctx.pixels_per_point();
        let pictures = Arc::clone(&self.pictures);
        let repaint = ctx.clone();
        let callback = egui::ScreenshotCallback::new(move |image| {
            let cropped = crop(&image, rect, pixels_per_point);
            let done = match &target {
                PictureTarget::File(path) => save_png(&cropped, path),
                PictureTarget::Download(name) => match png_bytes(&cropped) {
                    Ok(bytes) => PictureDone::Download(name.clone(), bytes),
                    Err(e) => PictureDone::Failed(format!("cannot make the picture: {e}")),
                },
                PictureTarget::Clipboard => PictureDone::Copied(cropped),
            };
            if let Ok(mut list) = pictures.lock() {
                list.push(done);
            }
            repaint.request_repaint();
        });
        ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
    }

    /// Takes a picture asked for in an earlier frame, so that the menu and the file
    /// dialog are gone from it, and reports pictures taken. Runs before the panels.
    pub(crate) fn pictures_ui(&mut self, ctx: &egui::Context) {
        if self.modal.is_none()
            && self.file_dialog.is_none()
            && let Some((rect, target)) = self.picture_pending.take()
        {
            self.take_picture(ctx, rect, target);
        }
        let done: Vec<PictureDone> = match self.pictures.lock() {
            Ok(mut list) => list.drain(..).collect(),
            Err(_) => Vec::new(),
        };
        for picture in done {
            match picture {
                PictureDone::Saved(path) => {
                    self.workspace.status = format!("Saved {}", path.display());
                }
                PictureDone::Download(name, bytes) => {
                    self.deliver(super::files::FileKind::Png, &name, &bytes);
                }
                PictureDone::Copied(image) => {
                    ctx.copy_image(image);
                    self.workspace.status = "Copied the chart as a picture.".into();
                }
                PictureDone::Failed(message) => {
                    self.modal = Some(Modal::error("Could not save the picture", vec![message]));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_takes_the_rect_in_pixels() {
        // A 4 x 3 image whose pixel (x, y) has red x and green y; at 2 pixels a point,
        // the rect (0.5, 0.5)-(1.5, 1.5) points is pixels x 1..3, y 1..3.
        let pixels = (0..3)
            .flat_map(|y| (0..4).map(move |x| egui::Color32::from_rgb(x, y, 0)))
            .collect();
        let image = egui::ColorImage::new([4, 3], pixels);
        let rect = egui::Rect::from_min_max(egui::pos2(0.5, 0.5), egui::pos2(1.5, 1.5));
        let cropped = crop(&image, rect, 2.0);
        assert_eq!(cropped.size, [2, 2]);
        assert_eq!(cropped.pixels[0], egui::Color32::from_rgb(1, 1, 0));
        assert_eq!(cropped.pixels[3], egui::Color32::from_rgb(2, 2, 0));
        let png = png_bytes(&cropped).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }

    #[test]
    fn workbook_named_after_the_current_pathway() {
        let p = Pathway::new("Dermatology, current");
        assert_eq!(workbook_file_name(&p), "dermatology-current-benefits.xlsx");
    }
}
