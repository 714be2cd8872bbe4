//! Speed of the Monte Carlo simulation through the bundled current process.
#![allow(missing_docs)] // criterion_group! generates undocumented public items

use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use opmt::simulate::{Progress, SimulationOptions, simulate};

fn bench(c: &mut Criterion) {
    let Ok(loaded) = opmt::bundled::CURRENT_PAPER.load() else {
        return;
    };
    let pathway = loaded.pathway;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let referrals = 2_000_000;
    let mut group = c.benchmark_group("simulate current-paper.ron");
    group.throughput(Throughput::Elements(referrals));
    group.sample_size(10);
    for t in [1, threads] {
        group.bench_function(format!("{referrals} referrals, {t} thread(s)"), |b| {
            b.iter(|| {
                let options = SimulationOptions {
                    referrals,
                    seed: 1,
                    threads: t,
                    target_days: 126.0,
                };
                simulate(&pathway, &options, &Arc::new(Progress::default()))
            })
        });
    }
    group.finish();
    c.bench_function("sensitivity current-paper.ron", |b| {
        b.iter(|| opmt::sensitivity::sensitivity(&pathway))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
