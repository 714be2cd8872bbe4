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

/// A random loop of up to 300 steps (each going on round it, or leaving for the end
/// with a share of 1% to 50%), some steps also jumping back a few steps.
fn arb_loop() -> impl Strategy<Value = Pathway> {
    prop::collection::vec((0.01f64..0.5, 0usize..4, 0.0f64..0.3), 2..300).prop_map(|params| {
        let m = params.len();
        let mut p = Pathway::new("loop");
        p.annual_referrals = 1_000.0;
        p.roles = vec![Role::new("r", "r", 40.0)];
        for (i, &(out, back, back_share)) in params.iter().enumerate() {
            let mut s = Step::new(format!("s{i}"), format!("s{i}"), Stage::Booking);
            s.role = Some("r".into());
            s.touch_minutes = Estimate::fixed(1.0 + (i % 5) as f64);
            let stay = 1.0 - out;
            let back_share = if back == 0 { 0.0 } else { stay * back_share };
            s.next = vec![
                Link {
                    to: format!("s{}", (i + 1) % m),
                    share: stay - back_share,
                },
                Link {
                    to: "end".into(),
                    share: out,
                },
            ];
            if back_share > 0.0 {
                s.next.push(Link {
                    to: format!("s{}", (i + m - back % m) % m),
                    share: back_share,
                });
            }
            p.steps.push(s);
        }
        p.steps.push(Step::new("end", "end", Stage::Attendance));
        p
    })
}

/// The visits balance the flow at every step: what arrives (the referral at the
/// first step, and each share of the visits to the steps leading to it) is what
/// passes through.
fn assert_balanced(p: &Pathway) {
    let r = analyse(p).unwrap();
    let index: std::collections::HashMap<&str, usize> = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut arriving = vec![0.0; p.steps.len()];
    arriving[0] = 1.0;
    for (i, s) in p.steps.iter().enumerate() {
        for l in &s.next {
            arriving[index[l.to.as_str()]] += r.steps[i].visits * l.share;
        }
    }
    for (s, a) in r.steps.iter().zip(&arriving) {
        assert!(
            (s.visits - a).abs() <= 1e-9 * a.max(1.0),
            "{}: {} != {a}",
            s.id,
            s.visits
        );
    }
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

proptest! {
    #[test]
    fn visits_balance_the_flow_round_long_loops(p in arb_loop()) {
        assert_balanced(&p);
    }

    #[test]
    fn visits_balance_the_flow_on_chains_with_loops(p in arb_pathway()) {
        assert_balanced(&p);
    }
}

/// `p` with step `i`'s links replaced by links to `targets` (indices taken modulo the
/// steps), their shares in proportion to the weights.
fn rewired(p: &Pathway, i: usize, targets: &[(usize, f64)]) -> Pathway {
    let mut q = p.clone();
    let n = q.steps.len();
    let total: f64 = targets.iter().map(|(_, w)| w).sum();
    q.steps[i].next = targets
        .iter()
        .map(|&(j, w)| Link {
            to: format!("s{}", j % n),
            share: w / total,
        })
        .collect();
    q
}

proptest! {
    /// diff works a change of links out from the first version's one analysis (by the
    /// Sherman–Morrison formula where it can, else by solving again); either way its
    /// effect alone is the change in cost a fresh analysis of the changed pathway gives,
    /// and it is "not valid alone" exactly when that analysis fails.
    #[test]
    fn a_change_of_links_alone_costs_what_analysing_it_again_says(
        p in arb_pathway(),
        which in 0usize..25,
        targets in prop::collection::vec((0usize..25, 0.05f64..1.0), 1..4),
    ) {
        let i = which % (p.steps.len() - 1);
        let q = rewired(&p, i, &targets);
        let changes = opmt::diff::diff(&p, &q);
        let Some(change) = changes.iter().find(|c| c.kind == opmt::diff::ChangeKind::Links) else {
            // The same links again (in another order or split differently).
            return Ok(());
        };
        let before = analyse(&p).unwrap().cost_per_referral;
        match (change.cost_effect, analyse(&q)) {
            (Some(effect), Ok(after)) => {
                let expected = after.cost_per_referral - before;
                prop_assert!(
                    (effect - expected).abs() < 1e-9 * before.max(1.0),
                    "{effect} != {expected}"
                );
            }
            (None, Err(_)) => {}
            (effect, after) => prop_assert!(false, "{effect:?} against {:?}", after.map(|r| r.cost_per_referral)),
        }
    }
}
