use super::*;

fn load(text: &str) -> Pathway {
    crate::format::load_str(text).unwrap().pathway
}

const A: &str = r#"(format: 1, name: "t", annual_referrals: 12000.0,
    roles: [(id: "clerk", name: "Clerk", hourly_cost: 30.0)],
    steps: [
        (id: "a", name: "Letter", stage: Referral, role: "clerk", touch_minutes: 6.0, unit_cost: 1.0, next: [(to: "r", share: 1.0)]),
        (id: "r", name: "Reminder letter", stage: Communication, unit_cost: 0.5, next: [(to: "b", share: 1.0)]),
        (id: "b", name: "Book", stage: Booking, role: "clerk", touch_minutes: 10.0, next: [(to: "c", share: 0.9), (to: "d", share: 0.1)]),
        (id: "c", name: "Clinic", stage: Attendance, outcome: Appointment),
        (id: "d", name: "Advice", stage: Triage),
    ])"#;

const B: &str = r#"(format: 1, name: "B version", annual_referrals: 6000.0,
    roles: [(id: "clerk", name: "Clerk", hourly_cost: 36.0), (id: "gp", name: "GP", hourly_cost: 171.0)],
    steps: [
        (id: "a", name: "Letter", stage: Referral, role: "clerk", touch_minutes: 3.0, unit_cost: 1.0, next: [(to: "b", share: 1.0)]),
        (id: "b", name: "Book appointment", stage: Booking, role: "clerk", touch_minutes: 10.0, next: [(to: "c", share: 0.8), (to: "advice_only", share: 0.2)]),
        (id: "c", name: "Clinic", stage: Attendance, outcome: Appointment),
        (id: "advice_only", name: "Advice", stage: Triage),
        (id: "sms", name: "Text reminder", stage: Communication, unit_cost: 0.04),
    ])"#;

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn an_identical_pair_has_no_changes() {
    let a = load(A);
    assert!(diff(&a, &a).is_empty());
    assert!(diff(&load(B), &load(B)).is_empty());
}

#[test]
fn every_kind_of_change_with_its_effect_alone_worked_by_hand() {
    // A costs 6/60 x £30 + £1 + £0.50 + 10/60 x £30 = £9.50 a referral.
    let (a, b) = (load(A), load(B));
    assert!((analyse(&a).unwrap().cost_per_referral - 9.5).abs() < 1e-12);
    let changes = diff(&a, &b);
    let summary: Vec<(ChangeKind, &str, &str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c.kind.clone(),
                c.subject.as_str(),
                c.old.as_str(),
                c.new.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (ChangeKind::Setting("name"), "name", "t", "B version"),
            (
                ChangeKind::Setting("annual referrals"),
                "annual referrals",
                "12,000",
                "6,000"
            ),
            (
                ChangeKind::RoleField("hourly cost"),
                "Clerk",
                "£30.00",
                "£36.00"
            ),
            (ChangeKind::RoleAdded, "GP", "", "£171.00"),
            (
                ChangeKind::StepField("touch minutes"),
                "Letter",
                "6 min",
                "3 min"
            ),
            (
                ChangeKind::Links,
                "Letter",
                "Reminder letter 100%",
                "Book appointment 100%"
            ),
            (
                ChangeKind::StepRemoved,
                "Reminder letter",
                "Reminder letter",
                ""
            ),
            (
                ChangeKind::StepRenamed,
                "Book appointment",
                "Book",
                "Book appointment"
            ),
            (
                ChangeKind::Links,
                "Book appointment",
                "Clinic 90%, Advice 10%",
                "Clinic 80%, Advice 20%"
            ),
            (
                ChangeKind::StepRenamed,
                "Advice",
                "Advice (id d)",
                "Advice (id advice_only)"
            ),
            (ChangeKind::StepAdded, "Text reminder", "", "Text reminder"),
        ]
    );
    let effect = |i: usize| changes[i].cost_effect;
    // Settings and names cost nothing per referral.
    for i in [0, 1, 3, 7, 8, 9, 10] {
        assert!(close(effect(i), 0.0), "change {i}: {:?}", changes[i]);
    }
    // The clerk's 16 minutes at £6 more an hour: 16/60 x 6 = £1.60.
    assert!(close(effect(2), 1.6), "{:?}", effect(2));
    // 3 minutes fewer at £30 an hour: -£1.50.
    assert!(close(effect(4), -1.5), "{:?}", effect(4));
    // Letter straight to booking, skipping the £0.50 reminder: -£0.50.
    assert!(close(effect(5), -0.5), "{:?}", effect(5));
    // Removing the reminder alone leaves the letter as the end: £3 + £1 = £4, -£5.50.
    assert!(close(effect(6), -5.5), "{:?}", effect(6));
    // The step indices let the app select them.
    assert_eq!(changes[7].step_in_b, Some(1));
    assert_eq!(changes[6].step_in_a, Some(1));
    assert_eq!(changes[10].step_in_b, Some(4));
}

#[test]
fn effects_alone_equal_a_recomputation_with_analyse() {
    let (a, b) = (load(A), load(B));
    let changes = diff(&a, &b);
    let base = analyse(&a).unwrap().cost_per_referral;
    // The clerk re-costed, made by hand to A.
    let mut recosted = a.clone();
    recosted.roles[0].hourly_cost = 36.0;
    let expected = analyse(&recosted).unwrap().cost_per_referral - base;
    assert!(close(changes[2].cost_effect, expected), "{changes:?}");
    // The minutes, by hand.
    let mut quicker = a.clone();
    quicker.steps[0].touch_minutes = Estimate::fixed(3.0);
    let expected = analyse(&quicker).unwrap().cost_per_referral - base;
    assert!(close(changes[4].cost_effect, expected), "{changes:?}");
}

#[test]
fn a_change_that_cannot_stand_alone_says_so() {
    let a = load(A);
    let mut b = a.clone();
    // b links the letter to a new step only b has.
    b.steps.push(crate::model::Step::new(
        "new",
        "New check",
        crate::model::Stage::Triage,
    ));
    b.steps[0].next[0].to = "new".into();
    b.steps[5].next.push(crate::model::Link {
        to: "r".into(),
        share: 1.0,
    });
    let changes = diff(&a, &b);
    let links = changes
        .iter()
        .find(|c| c.kind == ChangeKind::Links)
        .unwrap();
    assert_eq!(links.cost_effect, None);
    assert!(
        links.describe().ends_with("(not valid on its own)"),
        "{}",
        links.describe()
    );
}

#[test]
fn descriptions_read_as_sentences() {
    let changes = diff(&load(A), &load(B));
    assert_eq!(
        changes[4].describe(),
        "Letter: touch minutes 6 min -> 3 min (-£1.50 a referral)"
    );
    assert_eq!(
        changes[7].describe(),
        "step renamed: Book -> Book appointment"
    );
    assert_eq!(
        changes[2].describe(),
        "Clerk: hourly cost £30.00 -> £36.00 (+£1.60 a referral)"
    );
}

/// What a change's effect alone was before the first version was analysed once: the
/// change made to a copy of `a` and the copy analysed again.
fn analysed_again(a: &Pathway, b: &Pathway, change: &Change) -> Option<f64> {
    let base = analyse(a).ok()?.cost_per_referral;
    let mut changed = a.clone();
    let (i, j) = (change.step_in_a?, change.step_in_b?);
    match &change.kind {
        ChangeKind::StepField(field) => copy_step_field(&mut changed.steps[i], &b.steps[j], field),
        ChangeKind::Links => {
            // The generated pair keeps ids, so b's links are a's.
            changed.steps[i].next.clone_from(&b.steps[j].next);
        }
        _ => return Some(0.0),
    }
    analyse(&changed).ok().map(|r| r.cost_per_referral - base)
}

#[test]
fn effects_alone_on_a_generated_pair_equal_analysing_each_change_again() {
    let a = crate::synthetic::pathway(200);
    let b = crate::synthetic::revised(&a);
    let changes = diff(&a, &b);
    let links = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Links)
        .count();
    let fields = changes
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::StepField(_)))
        .count();
    // Every tenth step's shares; every step with a role re-estimated.
    assert_eq!((links, fields), (20, 199));
    let of_steps = |c: &&Change| matches!(c.kind, ChangeKind::StepField(_) | ChangeKind::Links);
    for c in changes.iter().filter(of_steps) {
        let again = analysed_again(&a, &b, c);
        match (c.cost_effect, again) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{c:?}: {x} != {y}"),
            (x, y) => assert_eq!(x, y, "{c:?}"),
        }
    }
}

#[test]
fn a_change_that_makes_a_loop_endless_is_not_valid_alone() {
    let a = load(A);
    let mut b = a.clone();
    // The reminder goes back to the letter almost always: a loop left once in 10^13.
    b.steps[1].next = vec![
        crate::model::Link {
            to: "a".into(),
            share: 1.0 - 1e-13,
        },
        crate::model::Link {
            to: "b".into(),
            share: 1e-13,
        },
    ];
    let changes = diff(&a, &b);
    let links = changes
        .iter()
        .find(|c| c.kind == ChangeKind::Links)
        .unwrap();
    assert_eq!(links.cost_effect, None);
    // Round it 100 times on average: valid, and dearer.
    b.steps[1].next[0].share = 0.99;
    b.steps[1].next[1].share = 0.01;
    let changes = diff(&a, &b);
    let links = changes
        .iter()
        .find(|c| c.kind == ChangeKind::Links)
        .unwrap();
    assert!(links.cost_effect.unwrap() > 100.0, "{links:?}");
}

#[test]
fn an_investment_added_is_a_setting_that_leaves_the_cost_alone() {
    let a = crate::load_str(A).unwrap().pathway;
    let mut b = a.clone();
    b.investment = Some(crate::model::Investment {
        one_off: vec![crate::model::CostItem {
            name: "PAS integration".into(),
            cost: crate::Estimate::fixed(40_000.0),
            organisation: crate::model::Organisation::Provider,
            source: None,
        }],
        ramp: vec![0.5, 1.0],
        optimism_bias: 0.2,
        ..crate::model::Investment::default()
    });
    let changes = diff(&a, &b);
    assert_eq!(changes.len(), 1, "{changes:?}");
    let c = &changes[0];
    assert_eq!(c.kind, ChangeKind::Setting("investment"));
    assert_eq!(c.old, "");
    assert_eq!(
        c.new,
        "one-off £40,000 (1 cost); £0 a year (0 costs); ramp 50%, 100%; 5 years at 3.5%; optimism bias 20%"
    );
    assert_eq!(c.cost_effect, Some(0.0));
}
