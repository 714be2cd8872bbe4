//! One full frame of the desktop app, headless: layout of every panel plus
//! tessellation, with the bundled models and with a generated 300-step pathway.
#![allow(missing_docs)] // criterion_group! generates undocumented public items
#![allow(clippy::expect_used)] // a bench that cannot set up may stop

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use opmt::app::{FileDialogs, FileKind, OpmtApp, Picked, StartOptions};
use opmt::platform::Platform;

struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn pick_open(&mut self, _kind: FileKind) -> Picked {
        Picked::Cancelled
    }
    fn pick_save(&mut self, _kind: FileKind, _file_name: &str) -> Picked {
        Picked::Cancelled
    }
}

fn input(size: egui::Vec2) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        ..Default::default()
    }
}

/// 1,440 × 900 starts with the editor only; 1,920 × 1,080 shows the map and the
/// results with their charts side by side.
const EDITOR: egui::Vec2 = egui::vec2(1440.0, 900.0);
const SIDE_BY_SIDE: egui::Vec2 = egui::vec2(1920.0, 1080.0);

fn bench_app(c: &mut Criterion, name: &str, file: Option<PathBuf>, size: egui::Vec2) {
    let ctx = egui::Context::default();
    let mut app = OpmtApp::headless(
        &ctx,
        StartOptions {
            file,
            platform: Platform::desktop(None).with_dialogs(Box::new(NoDialogs)),
        },
    );
    // Warm up: fonts, layout caches and the first fit of the canvas.
    for _ in 0..3 {
        let mut output = ctx.run_ui(input(size), |ui| app.frame_ui(ui));
        // No renderer here: the font atlas updates are not uploaded anywhere.
        output.textures_delta.clear();
    }
    c.bench_function(name, |b| {
        b.iter(|| {
            let mut output = ctx.run_ui(input(size), |ui| app.frame_ui(ui));
            output.textures_delta.clear();
            black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
        })
    });
}

/// A lever dragged on the Variability tab: each frame moves the touch minutes of the
/// first step (so the pathway is a new version every frame), then lays out and
/// tessellates the results with the tornado. The frame must not run the
/// sensitivity analysis itself.
fn bench_lever_drag(c: &mut Criterion, name: &str, file: PathBuf) {
    use opmt::app::{Layout, ResultsTab};
    use opmt::edit::Edit;
    use opmt::model::{Lever, LeverValue};
    let ctx = egui::Context::default();
    let mut app = OpmtApp::headless(
        &ctx,
        StartOptions {
            file: Some(file),
            platform: Platform::desktop(None).with_dialogs(Box::new(NoDialogs)),
        },
    );
    let first = app.workspace.session().doc(0).pathway().steps[0].clone();
    let lever = Lever {
        step: first.id.clone(),
        value: LeverValue::TouchMinutes,
        base: first.touch_minutes.likely,
    };
    app.workspace
        .apply(Edit::PinLever(lever))
        .expect("the first step's minutes can be pinned");
    app.workspace.set_layout(Layout::Results);
    app.workspace.results.tab = ResultsTab::Variability;
    for _ in 0..3 {
        let mut output = ctx.run_ui(input(SIDE_BY_SIDE), |ui| app.frame_ui(ui));
        output.textures_delta.clear();
    }
    let mut step = 0_u32;
    c.bench_function(name, |b| {
        b.iter(|| {
            step = step.wrapping_add(1);
            let value = first.touch_minutes.likely + f64::from(step % 20) * 0.25;
            app.workspace
                .apply(Edit::SetLever { index: 0, value })
                .expect("the lever moves");
            let mut output = ctx.run_ui(input(SIDE_BY_SIDE), |ui| app.frame_ui(ui));
            output.textures_delta.clear();
            black_box(ctx.tessellate(output.shapes, output.pixels_per_point))
        })
    });
}

fn frame(c: &mut Criterion) {
    bench_app(c, "frame, bundled models, editor (1440x900)", None, EDITOR);
    bench_app(
        c,
        "frame, bundled models, map and charts (1920x1080)",
        None,
        SIDE_BY_SIDE,
    );
    let dir = std::env::temp_dir().join(format!("opmt-bench-{}", std::process::id()));
    let path = dir.join("generated-300.ron");
    let saved = std::fs::create_dir_all(&dir)
        .ok()
        .and_then(|()| opmt::save_path(&opmt::synthetic::pathway(300), &path).ok());
    if saved.is_some() {
        bench_app(
            c,
            "frame, generated 300-step pathway, editor (1440x900)",
            Some(path.clone()),
            EDITOR,
        );
        bench_lever_drag(
            c,
            "lever drag, Variability tab, generated 300-step pathway (1920x1080)",
            path,
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, frame);
criterion_main!(benches);
