use super::*;
use crate::bundled;
use crate::compare::compare;
use crate::model::PostsReleased;

fn bundled_pair() -> Comparison {
    let current = bundled::CURRENT_ERS_AS_IMPLEMENTED.load().unwrap().pathway;
    let proposed = bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
    compare(&current, &proposed).unwrap()
}

#[test]
fn the_classes_add_up_to_the_saving() {
    let c = bundled_pair();
    let k = Classes::of(&c, None);
    assert!((k.economic_value() - c.annual_saving).abs() < 1e-6);
    let split = c.annual_saving_split();
    assert_eq!(k.cash, split.cash);
    assert_eq!(k.staff_time, split.staff_direct);
    assert_eq!(k.posts, 0.0);
    let orgs: f64 = k.by_organisation.iter().map(|(_, v)| v).sum();
    assert!((orgs - c.annual_saving).abs() < 1e-6);
}

#[test]
fn posts_removed_move_staff_time_to_cash() {
    let c = bundled_pair();
    let role = c
        .by_role
        .iter()
        .filter(|r| r.wte_released > 0.2)
        .max_by(|a, b| a.wte_released.total_cmp(&b.wte_released))
        .expect("a role with time released");
    let n = c.current.annual_referrals;
    let half = Investment {
        posts_released: vec![PostsReleased {
            role: role.id.clone(),
            wte: role.wte_released / 2.0,
        }],
        ..Investment::default()
    };
    let before = Classes::of(&c, None);
    let after = Classes::of(&c, Some(&half));
    // Half the role's WTE removed: half its direct staff saving becomes cash.
    let expected = role.saving_split.staff_direct * n / 2.0;
    assert!((after.posts - expected).abs() < 1e-6);
    assert!((after.cash - before.cash - expected).abs() < 1e-6);
    assert!((after.staff_time - before.staff_time + expected).abs() < 1e-6);
    assert!((after.economic_value() - before.economic_value()).abs() < 1e-6);
    // More posts than the time released count only what is released.
    let all = Investment {
        posts_released: vec![PostsReleased {
            role: role.id.clone(),
            wte: role.wte_released * 10.0,
        }],
        ..Investment::default()
    };
    let capped = Classes::of(&c, Some(&all));
    assert!((capped.posts - 2.0 * expected).abs() < 1e-6);
}

#[test]
fn a_line_against_the_total_is_named() {
    let k = Classes {
        cash: 1_000.0,
        staff_time: 5_000.0,
        by_organisation: vec![
            (Organisation::Practice, -9_242.0),
            (Organisation::Provider, 15_242.0),
            (Organisation::Other, 0.2),
        ],
        ..Classes::default()
    };
    assert_eq!(k.against_total(), vec![(Organisation::Practice, -9_242.0)]);
}

#[test]
fn costs_and_delays_read_as_such() {
    let money = |v: f64| crate::numbers::pounds(v, 0);
    assert_eq!(saved_or_more(-9_242.0, money), "£9,242 more");
    assert_eq!(saved_or_more(1_234.0, money), "£1,234 saved");
    assert_eq!(quicker_or_slower(-30.5), "slower by 30.5 days");
    assert_eq!(quicker_or_slower(2.0), "2 days quicker");
    assert_eq!(quicker_or_slower(0.01), "no change");
}

#[test]
fn lines_lead_with_cash_and_name_the_practice_spending_more() {
    let k = Classes {
        cash: 21_738.0,
        staff_time: 86_822.0,
        capacity: 71_802.0,
        wte: 4.12,
        by_organisation: vec![
            (Organisation::Practice, -9_242.0),
            (Organisation::Provider, 189_604.0),
            (Organisation::Other, 0.0),
        ],
        ..Classes::default()
    };
    let lines = k.lines();
    let labels: Vec<&str> = lines.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Cash-releasing",
            "Staff time (non-cash)",
            "Capacity (non-cash)",
            "GP practice"
        ]
    );
    assert_eq!(lines[3].amount, -9_242.0);
    assert!(lines[1].note.starts_with("4.12 WTE"));
}
