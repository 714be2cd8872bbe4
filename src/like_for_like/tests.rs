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
