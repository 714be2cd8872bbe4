//! Speed of the capacity projection: 52 weeks with 10,000 Monte Carlo runs (aim:
//! under 100 ms, so that dragging the slots lever stays in the frame), and the
//! bundled best-practice model made by capacity (the projection plus its analysis).
#![allow(missing_docs)] // criterion_group! generates undocumented public items

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use opmt::capacity::{Options, make, project};
use opmt::model::Capacity;

fn capacity(c: &mut Criterion) {
    // About 225 referrals a week for slots against 230 slots, 1,000 waiting, slots
    // published 6 weeks ahead; Poisson demand and slots (cv 1).
    let section = Capacity::new("book_direct", "slot_issue", 230.0, 1000.0, 6.0);
    let options = Options::default();
    let mut group = c.benchmark_group("capacity");
    group.sample_size(20);
    group.bench_function("52-week projection, 10,000 runs", |b| {
        b.iter(|| project(black_box(225.0), black_box(&section), &options))
    });
    if let Ok(mut pathway) = opmt::bundled::BEST_PRACTICE_ERS.load().map(|l| l.pathway) {
        pathway.capacity = Some(section.clone());
        group.bench_function("bundled best practice made by capacity, 10,000 runs", |b| {
            b.iter(|| make(black_box(&pathway), &options))
        });
    }
    group.finish();
}

criterion_group!(benches, capacity);
criterion_main!(benches);
