//! The referral animation against the exact analysis: counters at end steps
//! converge to the outcome probabilities.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use opmt::animate::Animation;

#[test]
fn end_counters_converge_to_the_outcome_probabilities() {
    let n = 20_000u64;
    for model in opmt::bundled::ALL {
        let pathway = model.load().unwrap().pathway;
        let report = opmt::analyse(&pathway).unwrap();
        let mut animation = Animation::new(&pathway, 2026, 500.0).unwrap().with_limit(n);
        animation.advance_to(1e9);
        assert_eq!(
            animation.finished(),
            n,
            "{}: every referral ended",
            model.title
        );
        for outcome in &report.outcomes {
            let step = pathway.step_index(&outcome.step).unwrap();
            let share = animation.ended()[step] as f64 / n as f64;
            let p = outcome.probability;
            let standard_error = (p * (1.0 - p) / n as f64).sqrt();
            assert!(
                (share - p).abs() <= 4.0 * standard_error,
                "{}: {} ended {share}, expected {p} ± 4 × {standard_error}",
                model.title,
                outcome.name
            );
        }
    }
}
