//! One frame of Play with about 5,000 referrals on the map: moving every referral
//! on by a frame (5 days a second at 60 frames a second), placing each dot, building
//! the mesh and tessellating it; and drawing 5,000 dots, every one visible.
#![allow(missing_docs)] // criterion_group! generates undocumented public items

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Rect, pos2, vec2};
use opmt::animate::Animation;
use opmt::ui::animation::{dot_positions, dots_mesh};

fn frame(c: &mut Criterion) {
    let Ok(loaded) = opmt::bundled::ALL[0].load() else {
        return;
    };
    let pathway = loaded.pathway;
    let Ok(report) = opmt::analyse(&pathway) else {
        return;
    };
    // Little's law: referrals on the map = arrivals a day × days each one takes.
    let per_day = 5_000.0 / report.elapsed_days;
    let Ok(mut animation) = Animation::new(&pathway, 2026, per_day) else {
        return;
    };
    animation.advance_to(3.0 * report.elapsed_days.max(100.0));
    eprintln!("referrals on the map: {}", animation.dots().len());
    // Cards on a 1,600-point wide screen, as a fitted map lays them out.
    let cards: Vec<Rect> = (0..pathway.steps.len())
        .map(|i| {
            let (row, col) = ((i / 8) as f32, (i % 8) as f32);
            Rect::from_min_size(
                pos2(20.0 + col * 190.0, 40.0 + row * 150.0),
                vec2(150.0, 50.0),
            )
        })
        .collect();
    let ctx = egui::Context::default();
    // One pass loads the fonts that tessellation needs.
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    // No renderer here: the font atlas is not uploaded anywhere.
    output.textures_delta.clear();
    let screen = Rect::from_min_size(pos2(0.0, 0.0), vec2(1600.0, 1000.0));
    c.bench_function("animation frame, ~5,000 referrals", |b| {
        b.iter(|| {
            animation.advance(5.0 / 60.0);
            let (positions, piles) = dot_positions(&animation, &cards, 7.0);
            let mesh = dots_mesh(&positions, 7.0, egui::Color32::YELLOW);
            let shapes = vec![egui::epaint::ClippedShape::new(screen, mesh)];
            black_box((ctx.tessellate(shapes, 1.0), piles))
        })
    });
    let (positions, _) = dot_positions(&animation, &cards, 7.0);
    eprintln!(
        "referrals on the map after: {}, dots drawn: {} (the rest counted in piles)",
        animation.dots().len(),
        positions.len()
    );
    // Every one of 5,000 dots drawn: the mesh and its tessellation.
    let all: Vec<egui::Pos2> = (0..5_000)
        .map(|k| pos2((k % 100) as f32 * 16.0, (k / 100) as f32 * 16.0))
        .collect();
    c.bench_function("5,000 dots drawn: mesh and tessellation", |b| {
        b.iter(|| {
            let mesh = dots_mesh(&all, 7.0, egui::Color32::YELLOW);
            let shapes = vec![egui::epaint::ClippedShape::new(screen, mesh)];
            black_box(ctx.tessellate(shapes, 1.0))
        })
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
