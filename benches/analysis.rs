//! Speed of the exact analysis, which the app re-runs on every keystroke.
#![allow(missing_docs)] // criterion_group! generates undocumented public items

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn analysis(c: &mut Criterion) {
    let bundled = opmt::bundled::CURRENT_PAPER.load().map(|l| l.pathway);
    if let Ok(p) = bundled {
        c.bench_function("analyse current-paper.ron", |b| {
            b.iter(|| opmt::analyse(black_box(&p)))
        });
    }
    for steps in [300, 1_000, 5_000] {
        let p = opmt::synthetic::pathway(steps);
        c.bench_function(
            &format!("analyse generated {steps} steps with loops"),
            |b| b.iter(|| opmt::analyse(black_box(&p))),
        );
    }
    let text = opmt::bundled::CURRENT_PAPER.text;
    c.bench_function("load current-paper.ron", |b| {
        b.iter(|| opmt::load_str(black_box(text)))
    });
}

criterion_group!(benches, analysis);
criterion_main!(benches);
