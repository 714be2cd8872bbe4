//! Each measure on a small hand-worked paper pathway, and on the bundled best-practice
//! model, where every measure finds nothing to change.

use super::*;
use crate::model::PathwayIndex;

/// A paper pathway of one referral each way: no step is visited twice except the
/// booking and the clinic (a tenth of patients do not attend; 60% of those are
/// rebooked).
fn paper() -> Pathway {
    crate::format::load_str(
        r#"(format: 1, name: "Paper", annual_referrals: 1000.0,
        roles: [
            (id: "gp", name: "GP", hourly_cost: 145.0),
            (id: "sec", name: "Practice secretary", hourly_cost: 39.0),
            (id: "recep", name: "Receptionist", hourly_cost: 36.0),
            (id: "band2", name: "Admin assistant", hourly_cost: 36.0),
            (id: "consultant", name: "Consultant", hourly_cost: 140.0),
            (id: "clerk", name: "Booking clerk", hourly_cost: 39.0),
        ],
        steps: [
            (id: "gp", name: "GP decides to refer", stage: Referral, role: "gp", touch_minutes: 2.0, next: [(to: "print", share: 1.0)]),
            (id: "print", name: "Type and print the letter", stage: Referral, role: "sec", touch_minutes: 7.0, wait_days: 3.0, unit_cost: 0.05, next: [(to: "post", share: 1.0)]),
            (id: "post", name: "Post it", stage: Referral, wait_days: 3.0, unit_cost: 0.87, next: [(to: "receive", share: 0.85), (to: "chase", share: 0.15)], counts_as: [Letter]),
            (id: "chase", name: "Patient chases", stage: Referral, role: "recep", touch_minutes: 5.0, next: [(to: "receive", share: 1.0)], counts_as: [Chase, Call]),
            (id: "receive", name: "Open the post", stage: Receipt, role: "band2", touch_minutes: 1.5, wait_days: 1.0, next: [(to: "grade", share: 1.0)]),
            (id: "grade", name: "Consultant grades", stage: Triage, role: "consultant", touch_minutes: 3.0, wait_days: 7.0, next: [(to: "book", share: 0.9), (to: "reject", share: 0.1)]),
            (id: "reject", name: "Letter back to the GP", stage: Triage, role: "clerk", touch_minutes: 10.0, unit_cost: 0.92, next: [(to: "returned", share: 1.0)], counts_as: [Rejected, Letter]),
            (id: "returned", name: "Returned", stage: Triage, outcome: Returned),
            (id: "book", name: "Phone the patient to book", stage: Booking, role: "clerk", touch_minutes: 13.0, wait_days: 2.0, next: [(to: "letter", share: 1.0)], counts_as: [Call]),
            (id: "letter", name: "Appointment letter", stage: Communication, role: "band2", touch_minutes: 2.5, wait_days: 3.0, unit_cost: 0.92, next: [(to: "clinic", share: 1.0)], counts_as: [Letter]),
            (id: "clinic", name: "Clinic day", stage: Attendance, next: [(to: "seen", share: 0.9), (to: "dna", share: 0.1)]),
            (id: "seen", name: "Seen", stage: Attendance, outcome: Appointment),
            (id: "dna", name: "Did not attend", stage: Attendance, role: "consultant", touch_minutes: 30.0, next: [(to: "dna_admin", share: 1.0)], counts_as: [Dna]),
            (id: "dna_admin", name: "Rebook or discharge", stage: Booking, role: "clerk", touch_minutes: 10.0, next: [(to: "book", share: 0.6), (to: "discharged", share: 0.4)]),
            (id: "discharged", name: "Discharged", stage: Attendance, outcome: Returned),
        ])"#,
    )
    .unwrap()
    .pathway
}

fn measure(id: &str) -> &'static Measure {
    find(id).unwrap()
}

fn applied(p: &Pathway, id: &str) -> Applied {
    apply(p, &[Choice::default_for(measure(id))]).unwrap()
}

fn step<'a>(p: &'a Pathway, id: &str) -> &'a Step {
    &p.steps[p.step_index(id).unwrap_or_else(|| panic!("no step {id}"))]
}

fn links(p: &Pathway, id: &str) -> Vec<(String, f64)> {
    step(p, id)
        .next
        .iter()
        .map(|l| (l.to.clone(), l.share))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn saving(a: &Applied) -> f64 {
    a.cost_before - a.measures.last().unwrap().cost_after
}

#[test]
fn e_rs_referral_takes_out_printing_post_chasing_and_opening_the_post() {
    let p = paper();
    let targets: Vec<&str> = measure("ers-referral")
        .targets(&p)
        .iter()
        .map(|&i| p.steps[i].id.as_str())
        .collect();
    assert_eq!(targets, ["print", "post", "chase", "receive"]);
    let a = applied(&p, "ers-referral");
    let o = &a.option;
    for gone in ["post", "chase", "receive"] {
        assert!(o.step_index(gone).is_none(), "{gone} is still there");
    }
    assert_eq!(links(o, "print"), [("grade".to_owned(), 1.0)]);
    assert_eq!(step(o, "print").unit_cost, Estimate::fixed(0.0));
    assert_eq!(step(o, "print").touch_minutes, Estimate::fixed(5.0));
    // 2 minutes of the secretary at £39/h (£1.30), printing 5p, the stamp 87p, 15% of
    // patients chasing for 5 minutes at £36/h (45p), 1.5 minutes opening post at £36/h (90p).
    assert!(
        close(saving(&a), 1.30 + 0.05 + 0.87 + 0.45 + 0.90),
        "{}",
        saving(&a)
    );
    assert_eq!(a.option.name, "Paper with best practice");
}

#[test]
fn direct_booking_splits_first_bookings_and_keeps_the_phone_for_rebookings() {
    let p = paper();
    let a = applied(&p, "direct-booking");
    let o = &a.option;
    let grade = links(o, "grade");
    assert_eq!(grade[0].0, "book_direct");
    assert!(close(grade[0].1, 0.9 * 0.38));
    assert_eq!(grade[1].0, "slot_issue");
    assert!(close(grade[1].1, 0.9 * 0.62));
    // Rebookings after a DNA still go to the phone booking.
    assert_eq!(links(o, "dna_admin")[0], ("book".to_owned(), 0.6));
    let asi = step(o, "slot_issue");
    assert_eq!(asi.role.as_deref(), Some("clerk"));
    assert_eq!(asi.touch_minutes, Estimate::fixed(13.0));
    assert_eq!(asi.counts_as, [Counter::SlotIssue, Counter::Call]);
    assert_eq!(step(o, "book_direct").role, None);
    // 34.2% of referrals no longer need 13 minutes of the clerk at £39/h (£8.45).
    assert!(close(saving(&a), 0.342 * 8.45), "{}", saving(&a));
}

#[test]
fn direct_booking_removes_the_phone_booking_when_nothing_comes_back_to_it() {
    let mut p = paper();
    let admin = p.step_index("dna_admin").unwrap();
    p.steps[admin].next = vec![link("discharged", 1.0)];
    let o = applied(&p, "direct-booking").option;
    assert!(o.step_index("book").is_none());
    assert_eq!(links(&o, "book_direct"), [("letter".to_owned(), 1.0)]);
}

#[test]
fn worklist_triage_shortens_the_vetting_wait_and_returns_without_a_letter() {
    let p = paper();
    let a = applied(&p, "worklist-triage");
    let o = &a.option;
    assert_eq!(step(o, "grade").wait_days, range(1.5, 3.0, 7.0));
    assert_eq!(step(o, "reject").counts_as, [Counter::Rejected]);
    assert_eq!(step(o, "reject").unit_cost, Estimate::fixed(0.0));
    // A tenth of referrals no longer get a 92p letter; grading waits 7 days less the
    // mean of 1.5, 3 and 7 (a triangular range: 3.83 days), 3.17 days less.
    assert!(close(saving(&a), 0.092), "{}", saving(&a));
    let days = |p: &Pathway| analyse(p).unwrap().elapsed_days;
    let fewer = 7.0 - (1.5 + 3.0 + 7.0) / 3.0;
    assert!(close(days(&p) - days(o), fewer), "{}", days(&p) - days(o));
}

#[test]
fn advice_and_guidance_adds_the_request_the_fee_and_the_reply() {
    let p = paper();
    let a = applied(&p, "advice-and-guidance");
    let o = &a.option;
    assert_eq!(
        links(o, "gp"),
        [
            ("print".to_owned(), 0.84),
            ("advice_request".to_owned(), 0.16)
        ]
    );
    let request = step(o, "advice_request");
    assert_eq!(request.role.as_deref(), Some("gp"));
    assert_eq!(request.touch_minutes, range(3.0, 5.0, 8.0));
    assert_eq!(links(o, "advice_request"), [("advice_fee".to_owned(), 1.0)]);
    // The fee is the commissioner's: a step with no role, so it is on Other.
    let fee = step(o, "advice_fee");
    assert_eq!(
        (fee.role.as_deref(), fee.unit_cost),
        (None, Estimate::fixed(20.0))
    );
    assert_eq!(links(o, "advice_fee"), [("advice_reply".to_owned(), 1.0)]);
    let reply = step(o, "advice_reply");
    assert_eq!(reply.role.as_deref(), Some("consultant"));
    assert_eq!(reply.unit_cost, Estimate::fixed(0.0));
    assert_eq!(
        links(o, "advice_reply")[0],
        ("advice_given".to_owned(), 0.32)
    );
    assert!(close(links(o, "advice_reply")[1].1, 0.68));
    assert_eq!(step(o, "advice_given").outcome, Some(Outcome::Advice));
    // 16% of referrals cost the GP's request and the consultant's reply (each 3 to 8
    // minutes, most likely 5: a mean of 5.33) at £145/h and £140/h, plus the £20 fee;
    // 32% of those (5.12%) then skip everything after the GP's decision.
    let after_gp = a.cost_before - 2.0 / 60.0 * 145.0;
    let minutes = (3.0 + 5.0 + 8.0) / 3.0;
    let added = 0.16 * (minutes / 60.0 * (145.0 + 140.0) + 20.0) - 0.0512 * after_gp;
    assert!(close(-saving(&a), added), "{} against {added}", -saving(&a));
    // The fee is the commissioner's (Other), not the consultant's employer: with the
    // consultant at the provider, 16% of referrals cost the provider the reply alone.
    let mut at_provider = p.clone();
    at_provider.roles[4].organisation = Some(crate::model::Organisation::Provider);
    let o = applied(&at_provider, "advice-and-guidance").option;
    let report = analyse(&o).unwrap();
    let result = |id: &str| &report.steps[o.step_index(id).unwrap()];
    let fee = result("advice_fee");
    assert_eq!(fee.organisation, crate::model::Organisation::Other);
    assert!(close(fee.consumables, 0.16 * 20.0), "{}", fee.consumables);
    let reply = result("advice_reply");
    assert_eq!(reply.organisation, crate::model::Organisation::Provider);
    assert_eq!(reply.consumables, 0.0);
}

#[test]
fn digital_letters_cost_the_digital_price_for_the_share_read_digitally() {
    let p = paper();
    let targets: Vec<&str> = measure("digital-letters")
        .targets(&p)
        .iter()
        .map(|&i| p.steps[i].id.as_str())
        .collect();
    // The referral's own post is the e-RS measure's; the letter back to the GP and the
    // appointment letter are posted at 92p.
    assert_eq!(targets, ["reject", "letter"]);
    let o = applied(&p, "digital-letters").option;
    let letter = step(&o, "letter");
    assert!(close(letter.unit_cost.likely, 0.92 * 0.4 + 0.6 * 0.05));
    assert!(close(letter.touch_minutes.likely, 2.5 * 0.4));
    assert!(close(letter.wait_days.likely, 3.0 * 0.4));
    // The letter back to the GP is not a Communication step: its minutes stay.
    assert_eq!(step(&o, "reject").touch_minutes, Estimate::fixed(10.0));
}

#[test]
fn sms_reminders_text_before_the_clinic_and_cut_the_dnas() {
    let p = paper();
    let o = applied(&p, "sms-reminders").option;
    assert_eq!(links(&o, "letter"), [("sms_reminder".to_owned(), 1.0)]);
    assert_eq!(links(&o, "sms_reminder"), [("clinic".to_owned(), 1.0)]);
    let clinic = links(&o, "clinic");
    assert!(
        close(clinic[0].1, 0.93) && close(clinic[1].1, 0.07),
        "{clinic:?}"
    );
    assert_eq!(step(&o, "sms_reminder").unit_cost, Estimate::fixed(0.053));
}

#[test]
fn on_the_bundled_best_practice_model_every_measure_finds_nothing_to_change() {
    let p = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
    for m in &LIBRARY {
        let plan = m.plan(&p, &m.targets(&p), &m.defaults());
        assert!(plan.is_empty(), "{}: {:?}", m.id, plan.changes);
    }
}

#[test]
fn measures_in_turn_split_the_saving_to_the_penny_and_keep_roles_and_rates() {
    let p = paper();
    let a = apply(&p, &all()).unwrap();
    let pence = |pounds: f64| (pounds * 100.0).round() as i64;
    let total: i64 = a.savings_pence().iter().map(|(_, s)| s).sum();
    assert_eq!(
        total,
        pence(a.cost_before) - pence(a.measures.last().unwrap().cost_after)
    );
    assert_eq!(a.option.roles, p.roles);
    assert_eq!(a.option.annual_referrals, p.annual_referrals);
    // The clinical steps are untouched: the clinic, the DNA's lost slot and the ends.
    let index = PathwayIndex::new(&a.option);
    for id in ["dna", "seen", "discharged"] {
        assert_eq!(
            a.option.steps[index.step(id).unwrap()],
            *step(&p, id),
            "{id}"
        );
    }
    assert!(
        crate::validate::validate(&a.option)
            .iter()
            .all(|d| d.severity != crate::Severity::Error)
    );
}

/// Applied a second time to what it made, each measure finds nothing to change (so the
/// dialog says "Finds nothing to change" and the option is the same).
#[test]
fn each_measure_finds_nothing_to_change_once_it_is_applied() {
    let p = paper();
    for m in &LIBRARY {
        assert!(!m.targets(&p).is_empty(), "{} finds its steps", m.id);
        let once = applied(&p, m.id).option;
        let plan = m.plan(&once, &m.targets(&once), &m.defaults());
        assert!(
            plan.is_empty() && plan.changes.is_empty(),
            "{}: {:?}",
            m.id,
            plan.changes
        );
        let twice = apply(&once, &[Choice::default_for(m)]).unwrap();
        assert_eq!(twice.measures[0].changes, []);
        assert!(close(twice.cost_before, twice.measures[0].cost_after));
    }
}

#[test]
fn an_effect_s_range_moves_the_saving_by_hand() {
    // Digital letters on the paper pathway: a share s of the appointment letter
    // (0.9 / 0.94 visits a referral: the bookings, with the DNAs rebooked) saves
    // 87p of post and 2.5 minutes at £36 an hour (£1.50) each, and of the letter back
    // to the GP (0.1 visits, not a letter-only step) 87p: the saving is linear in s.
    let p = paper();
    let choices = [Choice::default_for(measure("digital-letters"))];
    let swings = effect_swings(&p, &choices).unwrap();
    let share = swings
        .iter()
        .find(|s| s.parameter.range == DIGITAL_LETTER_SHARE)
        .unwrap();
    let per_share = 2.37 * 0.9 / 0.94 + 0.087;
    assert!(close(share.at_low, 0.4 * per_share), "{}", share.at_low);
    assert!(close(share.at_high, 0.8 * per_share), "{}", share.at_high);
    let likely = saving(&apply(&p, &choices).unwrap());
    assert!(close(likely, 0.6 * per_share));
    // Each swing brackets the saving with every effect at its likely value.
    for s in &swings {
        let (lo, hi) = (s.at_low.min(s.at_high), s.at_low.max(s.at_high));
        assert!(lo <= likely + 1e-12 && likely <= hi + 1e-12, "{s:?}");
    }
    // Widest first.
    assert!(swings.windows(2).all(|w| w[0].width() >= w[1].width()));
}

#[test]
fn a_measure_that_finds_nothing_has_effects_that_move_nothing() {
    let p = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
    let choices: Vec<Choice> = LIBRARY.iter().map(Choice::default_for).collect();
    for s in effect_swings(&p, &choices).unwrap() {
        assert!(s.at_low.abs() < 1e-9 && s.at_high.abs() < 1e-9, "{s:?}");
    }
}
