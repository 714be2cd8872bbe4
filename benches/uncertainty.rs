//! Speed of the business case: the uncertainty run's 10,000 draws of every uncertain
//! input for the bundled pair (aim: under a second), and the appraisal alone.
#![allow(missing_docs)] // criterion_group! generates undocumented public items

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn uncertainty(c: &mut Criterion) {
    let load = |m: opmt::bundled::BundledModel| m.load().map(|l| l.pathway);
    let (Ok(current), Ok(option)) = (
        load(opmt::bundled::CURRENT_ERS_AS_IMPLEMENTED),
        load(opmt::bundled::BEST_PRACTICE_ERS),
    ) else {
        return;
    };
    let mut group = c.benchmark_group("business case");
    group.sample_size(20);
    group.bench_function("uncertainty run, 10,000 draws, bundled pair", |b| {
        b.iter(|| {
            opmt::uncertainty::run(
                black_box(&current),
                black_box(&option),
                option.investment.as_ref(),
                10_000,
                1,
            )
        })
    });
    if let Ok((costed, comparison)) = opmt::compare::costed_comparison(&current, &option) {
        group.bench_function("business case with 10,000 draws, bundled pair", |b| {
            b.iter(|| {
                (
                    opmt::business::BusinessCase::new(black_box(&costed), &comparison),
                    opmt::business::ranges(black_box(&costed), &comparison, 10_000),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, uncertainty);
criterion_main!(benches);
