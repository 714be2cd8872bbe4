//! Arbitrary bytes as a model file, then, when it loads, what the Variability tab
//! does with it: a 1,000-referral simulation on one thread and the sensitivity
//! analysis. Checks that neither panics nor hangs, and that the simulation's
//! shares are shares.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use opmt::load_str;
use opmt::simulate::{Progress, SimulationOptions, simulate};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = load_str(text.strip_prefix('\u{feff}').unwrap_or(text)) else {
        return;
    };
    let pathway = &loaded.pathway;
    let options = SimulationOptions {
        referrals: 1_000,
        seed: 7,
        threads: 1,
        target_days: 126.0,
    };
    match simulate(pathway, &options, &Arc::new(Progress::default())) {
        Ok(result) => {
            assert_eq!(result.referrals, 1_000);
            for share in [result.within_126_days, result.within_target_days] {
                assert!((0.0..=1.0).contains(&share), "a share of {share}");
            }
        }
        Err(e) => panic!("a model that loads does not simulate: {e}"),
    }
    let _ = opmt::sensitivity::sensitivity(pathway);
});
