use super::*;
use crate::compare::compare;
use crate::model::{Estimate, Link, Step};

/// Book (clerk, 10 min at £30/h), then the appointment (consultant, 20 min at
/// £120/h): £5 + £40 a referral, 1,000 referrals a year.
fn with_clinic() -> Pathway {
    let mut p = Pathway::new("Our MSK pathway");
    p.annual_referrals = 1_000.0;
    p.roles.push(Role::new("clerk", "Booking clerk", 30.0));
    p.roles.push(Role::new("consultant", "Consultant", 120.0));
    let mut book = Step::new("book", "Book", Stage::Booking);
    book.role = Some("clerk".into());
    book.touch_minutes = Estimate::fixed(10.0);
    book.next.push(Link {
        to: "appt".into(),
        share: 1.0,
    });
    let mut appt = Step::new("appt", "First appointment", Stage::Attendance);
    appt.role = Some("consultant".into());
    appt.touch_minutes = Estimate::fixed(20.0);
    appt.outcome = Some(Outcome::Appointment);
    p.steps = vec![book, appt];
    p
}

/// The same process counting no clinical time, with the clerk only, 5 minutes.
fn without_clinic() -> Pathway {
    let mut p = with_clinic();
    p.name = "Generic best practice".into();
    p.roles.truncate(1);
    p.steps[0].touch_minutes = Estimate::fixed(5.0);
    p.steps[1].role = None;
    p.steps[1].touch_minutes = Estimate::fixed(0.0);
    p
}

fn cautions(current: &Pathway, proposed: &Pathway) -> Vec<Caution> {
    check(current, proposed, &compare(current, proposed).unwrap())
}

#[test]
fn a_pathway_against_itself_is_like_for_like() {
    assert!(cautions(&with_clinic(), &with_clinic()).is_empty());
    let bundled = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
    assert!(cautions(&bundled, &bundled).is_empty());
}

#[test]
fn clinical_time_on_one_side_only_is_named_with_its_money() {
    let found = cautions(&with_clinic(), &without_clinic());
    let clinical = found
        .iter()
        .find(|c| c.kind == CautionKind::ClinicalTime)
        .unwrap();
    // 20 min at £120/h = £40 a referral, 1,000 a year.
    let at_stake = clinical.at_stake_per_year.unwrap();
    assert!((at_stake - 40_000.0).abs() < 1e-6, "{at_stake}");
    assert_eq!(clinical.steps, ["First appointment"]);
    assert!(
        clinical.message.contains("£40.00 a referral") && clinical.message.contains("£40,000"),
        "{}",
        clinical.message
    );
    // The consultant has no counterpart: 1,000 × 20 / 60 = 333.3 hours at £120.
    let role = found
        .iter()
        .find(|c| c.kind == CautionKind::UnmatchedRole)
        .unwrap();
    assert_eq!(role.roles, ["Consultant"]);
    assert!((role.at_stake_per_year.unwrap() - 40_000.0).abs() < 1e-6);
    assert!(role.message.contains("333 hours"), "{}", role.message);
}

#[test]
fn the_same_role_at_another_rate_is_named_with_the_rate_cards_share_of_the_saving() {
    let mut proposed = with_clinic();
    proposed.roles[0].hourly_cost = 25.0;
    proposed.steps[0].touch_minutes = Estimate::fixed(5.0);
    let found = cautions(&with_clinic(), &proposed);
    assert_eq!(found.len(), 1, "{found:?}");
    let rate = &found[0];
    assert_eq!(rate.kind, CautionKind::RateDiffers);
    // £5 an hour less on the proposed side's 1,000 × 5 / 60 = 83.33 hours: £416.67.
    assert!((rate.at_stake_per_year.unwrap() - 416.666_666_666).abs() < 1e-6);
    assert!(rate.message.contains("£30.00 an hour"), "{}", rate.message);
    // A role matched by name under another id is the same role.
    let mut renamed = with_clinic();
    renamed.roles[0].id = "booking_clerk".into();
    renamed.steps[0].role = Some("booking_clerk".into());
    assert!(cautions(&with_clinic(), &renamed).is_empty());
}

#[test]
fn a_different_patient_mix_is_named_without_an_amount() {
    let mut proposed = with_clinic();
    let mut returned = Step::new("back", "Returned to the GP", Stage::Triage);
    returned.outcome = Some(Outcome::Returned);
    proposed.steps.push(returned);
    proposed.steps[0].next = vec![
        Link {
            to: "appt".into(),
            share: 0.8,
        },
        Link {
            to: "back".into(),
            share: 0.2,
        },
    ];
    let found = cautions(&with_clinic(), &proposed);
    let kinds: Vec<_> = found.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [CautionKind::OutcomeMix, CautionKind::OutcomeMix]);
    assert!(found.iter().all(|c| c.at_stake_per_year.is_none()));
    assert!(found[0].message.contains("100%") && found[0].message.contains("80%"));
    // Within 5 points is what a process change does.
    proposed.steps[0].next[0].share = 0.96;
    proposed.steps[0].next[1].share = 0.04;
    assert!(cautions(&with_clinic(), &proposed).is_empty());
}

#[test]
fn both_pathways_are_costed_at_the_current_rate_card() {
    // The proposal books in 5 minutes instead of 10, with its clerk at £25 an hour
    // under another id: at the current rate card (£30/h) the saving is the 5 minutes
    // alone, £2.50 a referral, and the clerk is one role.
    let mut proposed = with_clinic();
    proposed.roles[0].id = "booking_clerk".into();
    proposed.roles[0].hourly_cost = 25.0;
    proposed.steps[0].role = Some("booking_clerk".into());
    proposed.steps[0].touch_minutes = Estimate::fixed(5.0);
    let c = compare(&with_clinic(), &proposed).unwrap();
    assert!(
        (c.saving_per_referral - 2.5).abs() < 1e-9,
        "{}",
        c.saving_per_referral
    );
    let clerk = &c.role_map[0];
    assert_eq!(clerk.matched, crate::compare::RoleMatch::Name);
    assert_eq!(clerk.costed_as.as_deref(), Some("Booking clerk"));
    assert_eq!((clerk.own_rate, clerk.rate), (25.0, 30.0));
    assert_eq!(
        c.by_role
            .iter()
            .filter(|r| r.name == "Booking clerk")
            .count(),
        1
    );
    // A role with no counterpart keeps its own rate.
    proposed.roles[0].name = "Hub coordinator".into();
    let c = compare(&with_clinic(), &proposed).unwrap();
    assert_eq!(c.role_map[0].matched, crate::compare::RoleMatch::Unmapped);
    assert_eq!(c.role_map[0].rate, 25.0);
}

#[test]
fn clinical_time_marked_out_of_scope_is_left_out_of_both_sides() {
    // Marked out of scope, the consultant's 20 minutes (£40 a referral) are no longer
    // "saved" against a pathway that counts none: the saving is the clerk's 5 minutes
    // at £30/h, £2.50, and nothing is not like for like.
    let mut current = with_clinic();
    current.steps[1].out_of_scope = true;
    let c = compare(&current, &without_clinic()).unwrap();
    assert!(
        (c.saving_per_referral - 2.5).abs() < 1e-9,
        "{}",
        c.saving_per_referral
    );
    assert!(
        (c.clinical_left_out[0] - 40.0).abs() < 1e-9,
        "{:?}",
        c.clinical_left_out
    );
    assert_eq!(c.clinical_left_out[1], 0.0);
    assert!(check(&current, &without_clinic(), &c).is_empty());
    // The step's own figures keep it.
    assert!((crate::analyse(&current).unwrap().cost_per_referral - 45.0).abs() < 1e-9);
    // A DNA's lost slot stays in scope even when marked.
    let mut dna = with_clinic();
    dna.steps[1].out_of_scope = true;
    dna.steps[1].counts_as = vec![Counter::Dna];
    let c = compare(&dna, &without_clinic()).unwrap();
    assert!(
        (c.saving_per_referral - 42.5).abs() < 1e-9,
        "{}",
        c.saving_per_referral
    );
}

#[test]
fn a_role_mapped_by_hand_is_costed_as_the_current_role_chosen_and_not_flagged() {
    // The proposal books in 5 minutes with a "Hub coordinator" at £25 an hour, a role
    // of no id or name the current process has: it keeps its own rate and is flagged.
    let mut proposed = with_clinic();
    proposed.roles[0].id = "hub".into();
    proposed.roles[0].name = "Hub coordinator".into();
    proposed.roles[0].hourly_cost = 25.0;
    proposed.steps[0].role = Some("hub".into());
    proposed.steps[0].touch_minutes = Estimate::fixed(5.0);
    let unmatched = |p: &Pathway| {
        cautions(&with_clinic(), p)
            .iter()
            .filter(|c| c.kind == CautionKind::UnmatchedRole)
            .flat_map(|c| c.roles.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(unmatched(&proposed), ["Booking clerk", "Hub coordinator"]);
    // 10 minutes at £30/h against 5 at £25/h: £5 - £2.08 a referral.
    let saving = |p: &Pathway| compare(&with_clinic(), p).unwrap().saving_per_referral;
    assert!((saving(&proposed) - (5.0 - 25.0 / 12.0)).abs() < 1e-9);

    // Mapped onto the booking clerk, it is costed at £30 an hour as that role: the
    // saving is the 5 minutes alone, and neither role is flagged.
    proposed.roles[0].costed_as = Some("clerk".into());
    let c = compare(&with_clinic(), &proposed).unwrap();
    let hub = &c.role_map[0];
    assert_eq!(hub.matched, crate::compare::RoleMatch::Chosen);
    assert_eq!(hub.costed_as.as_deref(), Some("Booking clerk"));
    assert_eq!((hub.own_rate, hub.rate), (25.0, 30.0));
    assert_eq!(
        hub.describe(),
        "Hub coordinator is costed as Booking clerk (chosen): £30.00 an hour, its own £25.00"
    );
    assert!((c.saving_per_referral - 2.5).abs() < 1e-9);
    assert_eq!(unmatched(&proposed), Vec::<String>::new());
    // A choice of a role the current process does not have falls back to id or name.
    proposed.roles[0].costed_as = Some("nobody".into());
    let c = compare(&with_clinic(), &proposed).unwrap();
    assert_eq!(c.role_map[0].matched, crate::compare::RoleMatch::Unmapped);
}
