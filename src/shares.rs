//! Link shares moved one at a time: which sibling links take up the difference,
//! and the arithmetic that keeps every share exact to 1e-9 with the shares of a
//! step adding up to exactly 1. [`crate::edit`] and [`crate::levers`] move shares
//! through here.

use crate::model::Link;

/// Shares are worked in whole billionths, so that rebalanced shares are exact to
/// 1e-9, add up to exactly one billion billionths, and are written back as the
/// nearest `f64` to a short decimal (0.6, never 0.6000000000000001).
pub const SHARE_UNITS: i64 = 1_000_000_000;

fn share_units(share: f64) -> i64 {
    (share.clamp(0.0, 1.0) * SHARE_UNITS as f64).round() as i64
}

/// Which links take up the difference when the user types link `link`'s share:
/// the other links the user has not typed in this edit session (`typed`, link
/// indices), or, when every other link has been typed, the one most recently added
/// (the last other link).
pub fn takers(link_count: usize, link: usize, typed: &[usize]) -> Vec<usize> {
    let mut others = (0..link_count).filter(|&k| k != link);
    let untyped: Vec<usize> = others.clone().filter(|k| !typed.contains(k)).collect();
    if untyped.is_empty() {
        others.next_back().into_iter().collect()
    } else {
        untyped
    }
}

/// Sets link `link` to `share` and makes the difference up from `takers`, in
/// proportion to their shares (equally if they are all 0). Where the takers cannot
/// give enough (they reach 0), the other links give the rest, the most recently
/// added first; only when every other link is at 0 does the typed link get less
/// than typed. The shares then add up to exactly 1, each a whole number of
/// billionths.
pub fn set(links: &mut [Link], link: usize, share: f64, takers: &[usize]) {
    if link >= links.len() {
        return;
    }
    let mut units: Vec<i64> = links.iter().map(|l| share_units(l.share)).collect();
    units[link] = share_units(share);
    let mut need = SHARE_UNITS - units.iter().sum::<i64>();
    let takers: Vec<usize> = takers
        .iter()
        .copied()
        .filter(|&k| k != link && k < links.len())
        .collect();
    take_up(&mut units, &takers, &mut need);
    for k in (0..links.len()).rev() {
        if need == 0 {
            break;
        }
        if k != link && !takers.contains(&k) {
            take_up(&mut units, &[k], &mut need);
        }
    }
    units[link] += need;
    for (l, u) in links.iter_mut().zip(units) {
        l.share = u as f64 / SHARE_UNITS as f64;
    }
}

/// Gives `need` billionths to `group` (takes them when negative), in proportion to
/// what each holds (equally when they hold nothing), never below 0; what could not
/// be taken stays in `need`. Remainders go to the earliest links first.
fn take_up(units: &mut [i64], group: &[usize], need: &mut i64) {
    if group.is_empty() || *need == 0 {
        return;
    }
    let held: i64 = group.iter().map(|&k| units[k]).sum();
    let amount = if *need < 0 { (-*need).min(held) } else { *need };
    if amount == 0 {
        return;
    }
    let weights: Vec<i64> = if held > 0 {
        group.iter().map(|&k| units[k]).collect()
    } else {
        vec![1; group.len()]
    };
    let total: i64 = weights.iter().sum();
    let mut parts: Vec<i64> = weights
        .iter()
        .map(|w| (i128::from(amount) * i128::from(*w) / i128::from(total)) as i64)
        .collect();
    let mut left = amount - parts.iter().sum::<i64>();
    for (part, w) in parts.iter_mut().zip(&weights) {
        if left == 0 {
            break;
        }
        if *w > 0 || held == 0 {
            *part += 1;
            left -= 1;
        }
    }
    let sign = if *need < 0 { -1 } else { 1 };
    for (&k, part) in group.iter().zip(parts) {
        units[k] += sign * part;
    }
    *need -= sign * amount;
}

/// Sets link `link` to `share` with every other link scaling in proportion to make
/// up the rest (as a lever or the sensitivity analysis moves a share).
pub fn set_scaled(links: &mut [Link], link: usize, share: f64) {
    let others: Vec<usize> = (0..links.len()).filter(|&k| k != link).collect();
    set(links, link, share, &others);
}
