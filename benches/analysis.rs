//! Speed of the exact analysis, which the app re-runs on every keystroke, and the
//! scaling aims on generated pathways: a 100,000-step chain validated and analysed,
//! an 8,000-step loop analysed, a 4,000-step diff, and sensitivity on a step with
//! 10,000 links (each under a second).
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

fn scale(c: &mut Criterion) {
    use opmt::synthetic;
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    let chain = synthetic::pathway(100_000);
    group.bench_function("validate 100,000-step chain", |b| {
        b.iter(|| opmt::validate(black_box(&chain)))
    });
    group.bench_function("analyse 100,000-step chain", |b| {
        b.iter(|| opmt::analyse(black_box(&chain)))
    });
    let ring = synthetic::looping_pathway(8_000);
    group.bench_function("analyse 8,000-step loop", |b| {
        b.iter(|| opmt::analyse(black_box(&ring)))
    });
    let a = synthetic::pathway(4_000);
    let revised = synthetic::revised(&a);
    group.bench_function("diff 4,000-step pair", |b| {
        b.iter(|| opmt::diff::diff(black_box(&a), black_box(&revised)))
    });
    let fan = synthetic::fan_out_pathway(10_000);
    group.bench_function("sensitivity on a step with 10,000 links", |b| {
        b.iter(|| opmt::sensitivity::sensitivity(black_box(&fan)))
    });
    group.finish();
}

criterion_group!(benches, analysis, scale);
criterion_main!(benches);
