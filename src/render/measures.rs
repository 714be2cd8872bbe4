//! The best-practice measures as text and JSON: the library, and what applying them
//! to a pathway did.

use serde_json::{Value, json};

use crate::measures::{Applied, EffectSwing, LIBRARY, Unit};
use crate::numbers::{grouped_trimmed, pence, percent, pounds};

/// A measure's effect value in words: a share as a percent, minutes, days, pence or pounds.
fn value_text(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Share => percent(value),
        Unit::Minutes => format!("{} min", grouped_trimmed(value, 2)),
        Unit::Days => format!("{} days", grouped_trimmed(value, 2)),
        Unit::Pounds if value < 1.0 => format!("{}p", grouped_trimmed(value * 100.0, 2)),
        Unit::Pounds => pence(value),
    }
}

/// The library: each measure with what it changes, the steps it looks for, and each
/// effect's low, likely and high value with its source.
pub fn measures_text() -> String {
    let mut out = String::new();
    for m in &LIBRARY {
        out.push_str(&format!("{} ({})\n", m.name, m.id));
        out.push_str(&format!("  changes: {}\n", m.what));
        out.push_str(&format!("  looks for: {}\n", m.finds));
        for p in m.parameters {
            let r = p.range;
            out.push_str(&format!(
                "  {}.{}: {} {} (low {}, high {})\n    source: {}\n",
                m.id,
                p.id,
                p.label,
                value_text(p.unit, r.likely),
                value_text(p.unit, r.low),
                value_text(p.unit, r.high),
                p.source
            ));
        }
        out.push('\n');
    }
    out
}

/// What each measure changed and saved, in turn, and the total, per referral and a
/// year at `annual_referrals`.
pub fn applied_text(applied: &Applied, annual_referrals: f64) -> String {
    let mut out = String::new();
    let savings = applied.savings_pence();
    for (m, (_, saving)) in applied.measures.iter().zip(&savings) {
        let saving = *saving as f64 / 100.0;
        if m.changes.is_empty() {
            out.push_str(&format!(
                "{}: found nothing to change (it looks for {})\n",
                m.measure.name, m.measure.finds
            ));
            continue;
        }
        out.push_str(&format!(
            "{}: {} a referral\n",
            m.measure.name,
            signed_saving(saving, 2)
        ));
        for c in &m.changes {
            out.push_str(&format!("  {}: {}\n", c.step, c.what));
        }
    }
    let total: i64 = savings.iter().map(|(_, s)| s).sum();
    let total = total as f64 / 100.0;
    let after = applied
        .measures
        .last()
        .map_or(applied.cost_before, |m| m.cost_after);
    out.push_str(&format!(
        "\nCost a referral {} -> {}: {} a referral, {} a year at {} referrals\n",
        pence(applied.cost_before),
        pence(after),
        signed_saving(total, 2),
        // Of the exact costs, as `opmt compare` gives it (the pence above are rounded).
        signed_saving((applied.cost_before - after) * annual_referrals, 0),
        grouped_trimmed(annual_referrals, 0)
    ));
    out
}

/// "saves £3.57" or "costs £0.79 more", with `decimals` decimals.
fn signed_saving(pounds_saved: f64, decimals: usize) -> String {
    if pounds_saved >= 0.0 {
        format!("saves {}", pounds(pounds_saved, decimals))
    } else {
        format!("costs {} more", pounds(-pounds_saved, decimals))
    }
}

/// Best practice's own uncertainty in words: how far the saving a referral moves as
/// each sourced effect goes from the low to the high end of its range, one at a time,
/// widest first (those that move it by less than half a penny left out).
pub fn effect_swings_text(swings: &[EffectSwing]) -> String {
    let shown: Vec<&EffectSwing> = swings.iter().filter(|s| s.moves_the_saving()).collect();
    if shown.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\nHow sure: the saving a referral as each sourced effect moves across its range, one at a time:\n",
    );
    for s in shown {
        out.push_str(&format!("  {}\n", effect_swing_text(s, s.measure.name)));
    }
    out
}

/// One swing in words, the measure called `measure`: "Direct booking, share of
/// referrals booked directly 25% to 60%: £5.45 to £8.02".
pub fn effect_swing_text(s: &EffectSwing, measure: &str) -> String {
    let (low, high) = (s.parameter.range.low, s.parameter.range.high);
    format!(
        "{measure}, {} {} to {}: {} to {}",
        s.parameter.label,
        value_text(s.parameter.unit, low),
        value_text(s.parameter.unit, high),
        pence(s.at_low),
        pence(s.at_high)
    )
}

/// [`effect_swings_text`] as JSON.
pub fn effect_swings_json(swings: &[EffectSwing]) -> Value {
    Value::Array(
        swings
            .iter()
            .map(|s| {
                json!({
                    "measure": s.measure.id,
                    "effect": s.parameter.id,
                    "low": s.parameter.range.low,
                    "high": s.parameter.range.high,
                    "saving_per_referral_at_low": s.at_low,
                    "saving_per_referral_at_high": s.at_high,
                })
            })
            .collect(),
    )
}

/// The library as JSON.
pub fn measures_json() -> Value {
    Value::Array(
        LIBRARY
            .iter()
            .map(|m| {
                json!({
                    "id": m.id,
                    "name": m.name,
                    "changes": m.what,
                    "looks_for": m.finds,
                    "parameters": m.parameters.iter().map(|p| json!({
                        "id": p.id,
                        "label": p.label,
                        "unit": format!("{:?}", p.unit).to_lowercase(),
                        "low": p.range.low,
                        "likely": p.range.likely,
                        "high": p.range.high,
                        "source": p.source,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// What applying the measures did, as JSON: each measure's changes and saving per
/// referral (in pence, adding up to the total), and the costs before and after.
pub fn applied_json(applied: &Applied) -> Value {
    let savings = applied.savings_pence();
    json!({
        "option": applied.option.name,
        "cost_per_referral_before": applied.cost_before,
        "cost_per_referral_after": applied.measures.last().map_or(applied.cost_before, |m| m.cost_after),
        "saving_per_referral_pence": savings.iter().map(|(_, s)| s).sum::<i64>(),
        "measures": applied.measures.iter().zip(&savings).map(|(m, (_, s))| json!({
            "id": m.measure.id,
            "name": m.measure.name,
            "saving_per_referral_pence": s,
            "changes": m.changes.iter().map(|c| json!({"step": c.step, "what": c.what})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
