//! Property tests of the analysis over random pathways with loops.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use opmt::analyse;
use opmt::model::{Estimate, Link, Pathway, Role, Stage, Step};
use proptest::prelude::*;

/// A random valid pathway: step i links forward to i+1 (and maybe i+2), and may loop
/// back to an earlier step; the last step is the end. Every step can reach the end
/// because forward links always exist.
fn arb_pathway() -> impl Strategy<Value = Pathway> {
    (2usize..25)
        .prop_flat_map(|n| {
            (
                Just(n),
                prop::collection::vec(
                    (
                        0.0f64..30.0,
                        0.0f64..20.0,
                        0.0f64..2.0,
                        0.0f64..0.6,
                        0usize..100,
                        0.05f64..0.95,
                    ),
                    n,
                ),
            )
        })
        .prop_map(|(n, params)| {
            let mut p = Pathway::new("random");
            p.annual_referrals = 12_000.0;
            p.roles = vec![Role::new("r", "r", 40.0)];
            for (i, &(minutes, days, unit, back_share, back_to, split)) in params.iter().enumerate()
            {
                let mut s = Step::new(format!("s{i}"), format!("s{i}"), Stage::ALL[i % 7]);
                if i + 1 < n {
                    s.role = Some("r".into());
                    s.touch_minutes = Estimate::fixed(minutes);
                    s.wait_days = Estimate::fixed(days);
                    s.unit_cost = Estimate::fixed(unit);
                    let forward = 1.0 - back_share;
                    let mut next = Vec::new();
                    if i + 2 < n {
                        next.push(Link {
                            to: format!("s{}", i + 1),
                            share: forward * split,
                        });
                        next.push(Link {
                            to: format!("s{}", i + 2),
                            share: forward * (1.0 - split),
                        });
                    } else {
                        next.push(Link {
                            to: format!("s{}", i + 1),
                            share: forward,
                        });
                    }
                    if back_share > 0.0 {
                        next.push(Link {
                            to: format!("s{}", back_to % (i + 1)),
                            share: back_share,
                        });
                    }
                    s.next = next;
                }
                p.steps.push(s);
            }
            p
        })
}

proptest! {
    #[test]
    fn visits_to_end_steps_sum_to_one(p in arb_pathway()) {
        let r = analyse(&p).unwrap();
        let ends: f64 = r.outcomes.iter().map(|o| o.probability).sum();
        prop_assert!((ends - 1.0).abs() < 1e-9, "{ends}");
        prop_assert!(r.steps.iter().all(|s| s.visits >= 0.0));
        prop_assert!(r.steps[0].visits >= 1.0 - 1e-12);
    }

    #[test]
    fn cost_grows_when_any_minutes_grow(p in arb_pathway(), which in 0usize..25, extra in 0.5f64..30.0) {
        let before = analyse(&p).unwrap();
        let mut q = p.clone();
        let i = which % (q.steps.len() - 1); // not the end step, which has no role
        let t = q.steps[i].touch_minutes.likely + extra;
        q.steps[i].touch_minutes = Estimate::fixed(t);
        let after = analyse(&q).unwrap();
        prop_assert!(after.cost_per_referral > before.cost_per_referral);
        prop_assert!(after.staff_minutes_per_referral > before.staff_minutes_per_referral);
        // Exactly by visits × extra minutes at £40/h.
        let expected = before.cost_per_referral + before.steps[i].visits * extra / 60.0 * 40.0;
        prop_assert!((after.cost_per_referral - expected).abs() < 1e-6 * expected.max(1.0));
    }

    #[test]
    fn totals_are_sums_of_stages_and_steps(p in arb_pathway()) {
        let r = analyse(&p).unwrap();
        let by_stage: f64 = r.by_stage.iter().map(|s| s.cost).sum();
        prop_assert!((by_stage - r.cost_per_referral).abs() < 1e-9 * r.cost_per_referral.max(1.0));
        let days: f64 = r.by_stage.iter().map(|s| s.elapsed_days).sum();
        prop_assert!((days - r.elapsed_days).abs() < 1e-9 * r.elapsed_days.max(1.0));
    }

    #[test]
    fn written_files_read_back_identically(p in arb_pathway()) {
        let text = opmt::to_ron_string(&p);
        let again = opmt::load_str(&text).unwrap().pathway;
        prop_assert_eq!(again, p);
    }

    #[test]
    fn any_text_loads_or_fails_without_panicking(text in ".{0,200}") {
        let _ = opmt::load_str(&text);
    }
}
