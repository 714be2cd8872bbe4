use super::*;

fn sample() -> Pathway {
    crate::format::load_str(
        r#"(format: 1, name: "t", annual_referrals: 100.0,
        roles: [(id: "clerk", name: "Clerk", hourly_cost: 30.0)],
        steps: [
            (id: "a", name: "A", stage: Booking, role: "clerk", touch_minutes: 5.0, next: [(to: "b", share: 0.6), (to: "c", share: 0.4)]),
            (id: "b", name: "B", stage: Booking, next: [(to: "c", share: 1.0)]),
            (id: "c", name: "C", stage: Attendance),
        ])"#,
    )
    .unwrap()
    .pathway
}

#[test]
fn renaming_a_step_id_updates_links() {
    let mut p = sample();
    apply(
        &mut p,
        Edit::SetStep {
            index: 2,
            field: StepField::Id("seen".into()),
        },
    )
    .unwrap();
    assert_eq!(p.steps[0].next[1].to, "seen");
    assert_eq!(p.steps[1].next[0].to, "seen");
    let err = apply(
        &mut p,
        Edit::SetStep {
            index: 0,
            field: StepField::Id("b".into()),
        },
    );
    assert_eq!(err, Err(EditError::IdTaken("b".into())));
}

#[test]
fn removing_a_step_removes_links_and_rescales_shares() {
    let mut p = sample();
    apply(&mut p, Edit::RemoveSteps(vec![1])).unwrap();
    assert_eq!(p.steps.len(), 2);
    assert_eq!(
        p.steps[0].next,
        vec![Link {
            to: "c".into(),
            share: 1.0
        }]
    );
    assert!(crate::validate(&p).is_empty());
}

#[test]
fn new_link_takes_the_share_left_over() {
    let mut p = sample();
    apply(
        &mut p,
        Edit::SetShare {
            from: 0,
            link: 0,
            share: 0.5,
        },
    )
    .unwrap();
    apply(&mut p, Edit::RemoveLink { from: 0, link: 1 }).unwrap();
    apply(&mut p, Edit::AddLink { from: 0, to: 2 }).unwrap();
    assert_eq!(p.steps[0].next[1].share, 0.5);
    assert!(matches!(
        apply(&mut p, Edit::AddLink { from: 0, to: 2 }),
        Err(EditError::LinkExists { .. })
    ));
}

#[test]
fn balancing_makes_shares_sum_to_exactly_one() {
    let mut p = sample();
    apply(
        &mut p,
        Edit::SetShare {
            from: 0,
            link: 0,
            share: 0.3,
        },
    )
    .unwrap();
    apply(
        &mut p,
        Edit::SetShare {
            from: 0,
            link: 1,
            share: 0.3,
        },
    )
    .unwrap();
    apply(&mut p, Edit::BalanceShares(0)).unwrap();
    let sum: f64 = p.steps[0].next.iter().map(|l| l.share).sum();
    assert_eq!(sum, 1.0);
    assert!((p.steps[0].next[0].share - 0.5).abs() < 1e-9);
}

#[test]
fn a_role_in_use_cannot_be_removed_and_renames_follow() {
    let mut p = sample();
    assert!(matches!(
        apply(&mut p, Edit::RemoveRole(0)),
        Err(EditError::RoleInUse { steps: 1, .. })
    ));
    apply(
        &mut p,
        Edit::SetRole {
            index: 0,
            field: RoleField::Id("band3".into()),
        },
    )
    .unwrap();
    assert_eq!(p.steps[0].role.as_deref(), Some("band3"));
}

#[test]
fn added_and_duplicated_steps_get_unique_ids() {
    let mut p = sample();
    apply(
        &mut p,
        Edit::AddStep(Step::new("a", "Another A", Stage::Other)),
    )
    .unwrap();
    assert_eq!(p.steps[3].id, "a_2");
    apply(&mut p, Edit::DuplicateSteps(vec![0])).unwrap();
    assert_eq!(p.steps[4].id, "a_copy");
    assert_eq!(p.steps[4].next, p.steps[0].next);
}

#[test]
fn bad_indices_are_refused_without_change() {
    let mut p = sample();
    let before = p.clone();
    assert_eq!(
        apply(&mut p, Edit::RemoveSteps(vec![0, 9])),
        Err(EditError::NoStep(9))
    );
    assert_eq!(
        apply(
            &mut p,
            Edit::SetShare {
                from: 1,
                link: 3,
                share: 0.1
            }
        ),
        Err(EditError::NoLink {
            step: "b".into(),
            link: 3
        })
    );
    assert_eq!(p, before);
}

#[test]
fn coalesce_keys_group_typing_and_dragging() {
    let a = Edit::SetStep {
        index: 1,
        field: StepField::Name("x".into()),
    };
    let b = Edit::SetStep {
        index: 1,
        field: StepField::Name("xy".into()),
    };
    let c = Edit::SetStep {
        index: 1,
        field: StepField::Stage(Stage::Other),
    };
    assert_eq!(a.coalesce_key(), b.coalesce_key());
    assert_ne!(a.coalesce_key(), c.coalesce_key());
    assert_eq!(Edit::AddLink { from: 0, to: 1 }.coalesce_key(), None);
}

#[test]
fn a_second_link_from_a_full_step_splits_the_share_instead_of_taking_zero() {
    let mut p = sample();
    // b sends 100% to c; a new link from b to a takes half.
    apply(&mut p, Edit::AddLink { from: 1, to: 0 }).unwrap();
    let shares: Vec<f64> = p.steps[1].next.iter().map(|l| l.share).collect();
    assert_eq!(shares, vec![0.5, 0.5]);
    assert!(crate::validate(&p).is_empty());
}

#[test]
fn balancing_fills_links_at_zero_first() {
    let mut p = sample();
    let set = |p: &mut Pathway, link, share| {
        apply(
            p,
            Edit::SetShare {
                from: 0,
                link,
                share,
            },
        )
        .unwrap();
    };
    set(&mut p, 0, 0.43);
    set(&mut p, 1, 0.0);
    apply(&mut p, Edit::BalanceShares(0)).unwrap();
    let shares: Vec<f64> = p.steps[0].next.iter().map(|l| l.share).collect();
    assert!((shares[0] - 0.43).abs() < 1e-12, "{shares:?}");
    assert!((shares[1] - 0.57).abs() < 1e-12, "{shares:?}");
    assert_eq!(shares.iter().sum::<f64>(), 1.0);
    // Over 100% with no empty link: scaled in proportion.
    set(&mut p, 0, 0.9);
    set(&mut p, 1, 0.6);
    apply(&mut p, Edit::BalanceShares(0)).unwrap();
    assert!((p.steps[0].next[0].share - 0.6).abs() < 1e-9);
}

#[test]
fn added_and_duplicated_steps_never_cover_another_card() {
    let mut p = sample();
    for (i, pos) in crate::layout::tidy(&p).into_iter().enumerate() {
        p.steps[i].pos = Some(pos);
    }
    // Asked to go exactly on top of a: moved to a free place.
    let mut step = Step::new("new_step", "New step", Stage::Other);
    step.pos = p.steps[0].pos;
    apply(&mut p, Edit::AddStep(step)).unwrap();
    // With no position: after the last step.
    apply(
        &mut p,
        Edit::AddStep(Step::new("new_step", "Another", Stage::Other)),
    )
    .unwrap();
    apply(&mut p, Edit::DuplicateSteps(vec![0, 0])).unwrap();
    let pos: Vec<CanvasPos> = p.steps.iter().map(|s| s.pos.unwrap()).collect();
    for (i, a) in pos.iter().enumerate() {
        for b in &pos[i + 1..] {
            assert!(!crate::layout::overlaps(*a, *b), "{a:?} and {b:?} overlap");
        }
    }
}

#[test]
fn a_step_added_after_another_is_linked_from_it_and_placed_to_its_right() {
    let mut p = sample();
    for (i, pos) in crate::layout::tidy(&p).into_iter().enumerate() {
        p.steps[i].pos = Some(pos);
    }
    // c is an end step: the new step takes 100%.
    apply(
        &mut p,
        Edit::AddStepAfter {
            from: 2,
            step: Step::new("new_step", "Discharge letter", Stage::Communication),
        },
    )
    .unwrap();
    let new = &p.steps[3];
    assert_eq!(
        p.steps[2].next,
        vec![Link {
            to: new.id.clone(),
            share: 1.0
        }]
    );
    let (from, to) = (p.steps[2].pos.unwrap(), new.pos.unwrap());
    assert_eq!(to.x, from.x + crate::layout::COLUMN_PITCH);
    assert!(matches!(
        apply(
            &mut p,
            Edit::AddStepAfter {
                from: 9,
                step: Step::new("x", "X", Stage::Other)
            }
        ),
        Err(EditError::NoStep(9))
    ));
    assert_eq!(p.steps.len(), 4, "a refused edit adds nothing");
}

#[test]
fn role_cost_fields_are_edited_and_undone() {
    let mut doc = crate::document::Document::new(sample(), None);
    let set = |field| Edit::SetRole { index: 0, field };
    doc.apply(set(RoleField::Organisation(Some(Organisation::Provider))))
        .unwrap();
    doc.seal();
    doc.apply(set(RoleField::DirectHourlyCost(Some(16.5))))
        .unwrap();
    doc.apply(set(RoleField::DirectHourlyCost(Some(17.0))))
        .unwrap();
    doc.seal();
    doc.apply(set(RoleField::CostBasis(Some("salary + on-costs".into()))))
        .unwrap();
    doc.seal();
    let role = &doc.pathway().roles[0];
    assert_eq!(role.organisation, Some(Organisation::Provider));
    assert_eq!(role.direct_hourly_cost, Some(17.0));
    assert_eq!(role.cost_basis.as_deref(), Some("salary + on-costs"));
    assert!(doc.undo());
    assert_eq!(doc.pathway().roles[0].cost_basis, None);
    assert!(doc.undo(), "typing a direct rate is one undo step");
    assert_eq!(doc.pathway().roles[0].direct_hourly_cost, None);
    assert!(doc.undo());
    assert_eq!(doc.pathway().roles[0].organisation, None);
    assert!(doc.redo());
    assert_eq!(
        doc.pathway().roles[0].organisation,
        Some(Organisation::Provider)
    );
    assert_eq!(
        apply(
            &mut doc.pathway().clone(),
            Edit::SetRole {
                index: 4,
                field: RoleField::CostBasis(None)
            }
        ),
        Err(EditError::NoRole(4))
    );
}

#[test]
fn a_rebalanced_share_scales_its_siblings() {
    // A → B 60%, C 40%. Setting C to 10% leaves 90% for B alone.
    let mut p = sample();
    apply(
        &mut p,
        Edit::SetShareRebalanced {
            from: 0,
            link: 1,
            share: 0.1,
        },
    )
    .unwrap();
    assert_eq!(p.steps[0].next[0].share, 0.9);
    assert_eq!(p.steps[0].next[1].share, 0.1);
    assert!(crate::validate(&p).is_empty());
    assert_eq!(
        apply(
            &mut p,
            Edit::SetShareRebalanced {
                from: 0,
                link: 5,
                share: 0.1
            }
        ),
        Err(EditError::NoLink {
            step: "a".into(),
            link: 5
        })
    );
}

#[test]
fn bypassing_a_step_sends_its_referrals_straight_on() {
    // a -> b (0.6) and c (0.4); b -> c (0.5), b itself (a quarter), d (0.25).
    let mut p = Pathway::new("bypass");
    p.steps = vec![
        Step::new("a", "a", Stage::Referral),
        Step::new("b", "b", Stage::Referral),
        Step::new("c", "c", Stage::Receipt),
        Step::new("d", "d", Stage::Receipt),
    ];
    p.steps[0].next = vec![to_link("b", 0.6), to_link("c", 0.4)];
    p.steps[1].next = vec![to_link("c", 0.5), to_link("b", 0.25), to_link("d", 0.25)];
    p.steps[2].next = vec![to_link("d", 1.0)];
    apply(&mut p, Edit::BypassSteps(vec![1])).unwrap();
    let ids: Vec<&str> = p.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "d"]);
    // Leaving b: 0.5 / 0.75 to c and 0.25 / 0.75 to d. So a sends 0.4 + 0.6 × 2/3 = 0.8
    // to c and 0.6 × 1/3 = 0.2 to d.
    let next: Vec<(&str, f64)> = p.steps[0]
        .next
        .iter()
        .map(|l| (l.to.as_str(), l.share))
        .collect();
    assert_eq!(next.len(), 2);
    assert_eq!(next[0].0, "c");
    assert!((next[0].1 - 0.8).abs() < 1e-9, "{next:?}");
    assert_eq!(next[1].0, "d");
    assert!((next[1].1 - 0.2).abs() < 1e-9, "{next:?}");
}

#[test]
fn the_first_step_and_end_steps_cannot_be_bypassed() {
    let mut p = Pathway::new("bypass");
    p.steps = vec![
        Step::new("a", "a", Stage::Referral),
        Step::new("b", "b", Stage::Other),
    ];
    p.steps[0].next = vec![to_link("b", 1.0)];
    let before = p.clone();
    assert!(
        matches!(apply(&mut p, Edit::BypassSteps(vec![0])), Err(EditError::CannotBypass(id)) if id == "a")
    );
    assert!(
        matches!(apply(&mut p, Edit::BypassSteps(vec![1])), Err(EditError::CannotBypass(id)) if id == "b")
    );
    assert_eq!(p, before);
}

fn to_link(to: &str, share: f64) -> Link {
    Link {
        to: to.into(),
        share,
    }
}

/// A step with three links: 50% / 30% / 20%.
fn three_way() -> Pathway {
    crate::format::load_str(
        r#"(format: 1, name: "t", annual_referrals: 100.0,
        steps: [
            (id: "a", name: "A", stage: Triage, next: [(to: "b", share: 0.5), (to: "c", share: 0.3), (to: "d", share: 0.2)]),
            (id: "b", name: "B", stage: Booking),
            (id: "c", name: "C", stage: Booking),
            (id: "d", name: "D", stage: Booking),
        ])"#,
    )
    .unwrap()
    .pathway
}

fn shares(p: &Pathway) -> Vec<f64> {
    p.steps[0].next.iter().map(|l| l.share).collect()
}

fn typed(p: &mut Pathway, link: usize, share: f64, typed_before: &[usize]) {
    let takers = crate::shares::takers(p.steps[0].next.len(), link, typed_before);
    apply(
        p,
        Edit::SetShareTakenFrom {
            from: 0,
            link,
            share,
            takers,
        },
    )
    .unwrap();
}

#[test]
fn a_typed_share_is_taken_up_by_the_links_not_typed_yet() {
    // Nothing typed yet: C and D give 10 points between them, in proportion to
    // their 30 and 20: 6 and 4. B is 60.
    let mut p = three_way();
    typed(&mut p, 0, 0.6, &[]);
    assert_eq!(shares(&p), [0.6, 0.24, 0.16]);
    // B typed; now C at 25%: only D (not typed) takes up the difference: 15%.
    typed(&mut p, 1, 0.25, &[0]);
    assert_eq!(shares(&p), [0.6, 0.25, 0.15]);
    // B and C typed; D at 20%: every other link was typed, so the one most
    // recently added among them, C, gives the 5 points; B keeps its 60%.
    typed(&mut p, 2, 0.2, &[0, 1]);
    assert_eq!(shares(&p), [0.6, 0.2, 0.2]);
    let sum: f64 = shares(&p).iter().sum();
    assert!((sum - 1.0).abs() < 1e-9);
}

#[test]
fn takers_are_the_untyped_links_or_the_last_other_one() {
    use crate::shares::takers;
    assert_eq!(takers(3, 0, &[]), [1, 2]);
    assert_eq!(takers(3, 1, &[0]), [2]);
    assert_eq!(takers(3, 2, &[0, 1]), [1]);
    assert_eq!(takers(3, 1, &[0, 2]), [2]);
    assert_eq!(takers(2, 1, &[0]), [0]);
    assert_eq!(takers(1, 0, &[]), Vec::<usize>::new());
}

#[test]
fn when_the_takers_run_out_the_others_give_the_rest_newest_first() {
    // B at 95%: D (the only taker) gives its 20 and reaches 0; the other 5
    // points come from C (the most recently added of the rest).
    let mut p = three_way();
    apply(
        &mut p,
        Edit::SetShareTakenFrom {
            from: 0,
            link: 0,
            share: 0.95,
            takers: vec![2],
        },
    )
    .unwrap();
    assert_eq!(shares(&p), [0.95, 0.05, 0.0]);
    // Lowered again to 40%: the 55 points go to D, the taker.
    apply(
        &mut p,
        Edit::SetShareTakenFrom {
            from: 0,
            link: 0,
            share: 0.4,
            takers: vec![2],
        },
    )
    .unwrap();
    assert_eq!(shares(&p), [0.4, 0.05, 0.55]);
}

#[test]
fn rebalanced_shares_stay_exact_to_a_billionth() {
    // 0.1 + 0.2 is 0.30000000000000004 in floating point; typed shares are kept to
    // whole billionths, so every share is the nearest f64 to a short decimal and
    // the sum is 1 within 1e-9.
    let mut p = three_way();
    typed(&mut p, 0, 0.1, &[]);
    typed(&mut p, 1, 0.2, &[0]);
    assert_eq!(shares(&p), [0.1, 0.2, 0.7]);
    assert_eq!(format!("{}", p.steps[0].next[2].share), "0.7");
    // A third that cannot be exact: the remainder billionth goes to one link.
    apply(
        &mut p,
        Edit::SetShareRebalanced {
            from: 0,
            link: 0,
            share: 1.0 / 3.0,
        },
    )
    .unwrap();
    let units: Vec<f64> = shares(&p).iter().map(|s| s * 1e9).collect();
    for u in &units {
        assert!((u - u.round()).abs() < 1e-6, "{u}");
    }
    let sum: f64 = units.iter().map(|u| u.round()).sum();
    assert_eq!(sum, 1e9);
    assert_eq!(p.steps[0].next[0].share, 0.333333333);
}

#[test]
fn a_third_link_from_a_full_step_takes_its_share_from_the_largest_link() {
    // 80% / 20%: the new link takes a third from the 80%, and the 20% typed for
    // the second branch stays: 46.7% / 20% / 33.3%.
    let mut p = sample();
    apply(
        &mut p,
        Edit::SetShare {
            from: 0,
            link: 0,
            share: 0.8,
        },
    )
    .unwrap();
    apply(
        &mut p,
        Edit::SetShare {
            from: 0,
            link: 1,
            share: 0.2,
        },
    )
    .unwrap();
    let mut extra = Step::new("d", "D", Stage::Booking);
    extra.next.clear();
    apply(
        &mut p,
        Edit::AddStepAfter {
            from: 0,
            step: extra,
        },
    )
    .unwrap();
    let shares: Vec<f64> = p.steps[0].next.iter().map(|l| l.share).collect();
    assert_eq!(shares, vec![0.4666666667, 0.2, 0.3333333333]);
    let sum: f64 = shares.iter().sum();
    assert!((sum - 1.0).abs() < 1e-9);
}
