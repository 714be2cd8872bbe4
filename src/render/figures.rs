//! The headline figures, worded once for every screen: the strip under every layout
//! and Present draw this one list (Present the figures marked for a room), so a
//! figure cannot read one way in the strip and another on the projector.

use crate::capacity::SlotIssuePair;
use crate::classes::{Classes, quicker_or_slower, saved_or_more};
use crate::compare::Comparison;
use crate::numbers::{grouped, pounds};
use crate::series::Headline;

/// One headline figure as the screens word it.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What it is: "Cost per referral".
    pub caption: String,
    /// The value, large: "£51.13 to £40.47".
    pub value: String,
    /// A line under the value (empty for none).
    pub note: String,
    /// What it counts, on hover (empty for none).
    pub tip: String,
    /// Shown in Present too, where the room reads a few figures large.
    pub in_present: bool,
}

impl Figure {
    fn new(caption: &str, value: String) -> Self {
        Self {
            caption: caption.to_owned(),
            value,
            note: String::new(),
            tip: String::new(),
            in_present: false,
        }
    }

    fn note(self, note: String) -> Self {
        Self { note, ..self }
    }

    fn tip(self, tip: &str) -> Self {
        Self {
            tip: tip.to_owned(),
            ..self
        }
    }

    fn in_present(self) -> Self {
        Self {
            in_present: true,
            ..self
        }
    }
}

/// Every headline figure of a comparison, worked out once when the comparison is
/// (by the session): the kinds of money, then the other figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeadlineFigures {
    /// See [`money_figures`].
    pub money: Vec<Figure>,
    /// See [`other_figures`].
    pub others: Vec<Figure>,
}

impl HeadlineFigures {
    /// The figures of `c`, its saving by kind of money `classes` and its slot issues.
    pub fn new(c: &Comparison, classes: &Classes, slot_issues: Option<&SlotIssuePair>) -> Self {
        Self {
            money: money_figures(classes),
            others: other_figures(c, slot_issues),
        }
    }

    /// The figures Present shows, in order.
    pub fn in_present(&self) -> impl Iterator<Item = &Figure> {
        self.money
            .iter()
            .chain(&self.others)
            .filter(|f| f.in_present)
    }
}

/// "a to b": a pair of figures, current then proposed.
pub fn arrow(pair: [f64; 2], decimals: usize) -> String {
    format!(
        "{} to {}",
        grouped(pair[0], decimals),
        grouped(pair[1], decimals)
    )
}

/// The kinds of money as Present shows them large: cash, the staff time released in
/// whole-time equivalents, and the total as economic value (the strip shows the
/// same classes as lines under the total).
pub fn money_figures(classes: &Classes) -> Vec<Figure> {
    vec![
        Figure::new(
            "Cash-releasing a year",
            saved_or_more(classes.cash, |v| pounds(v, 0)),
        )
        .in_present(),
        Figure::new(
            "Staff time released (non-cash)",
            format!("{} WTE", grouped(classes.wte, 2)),
        )
        .in_present(),
        Figure::new(
            crate::classes::TOTAL_CAPTION,
            pounds(classes.economic_value(), 0),
        )
        .in_present(),
    ]
}

/// The figures beside the kinds of money: cost and days per referral, letters,
/// calls, appointments avoided, DNAs, failure demand, and slot issues with the wait
/// for a first appointment where a capacity section applies.
pub fn other_figures(c: &Comparison, slot_issues: Option<&SlotIssuePair>) -> Vec<Figure> {
    let h = Headline::of(c);
    let mut figures = vec![
        Figure::new(
            "Cost per referral",
            format!(
                "{} to {}",
                pounds(h.cost_per_referral[0], 2),
                pounds(h.cost_per_referral[1], 2)
            ),
        )
        .note(format!(
            "staff hours a year: {}",
            saved_or_more(h.staff_hours[0] - h.staff_hours[1], |v| grouped(v, 0))
        ))
        .in_present(),
        Figure::new(
            "Days per referral",
            quicker_or_slower(h.elapsed_days[0] - h.elapsed_days[1]),
        )
        .note(format!("{} days", arrow(h.elapsed_days, 1)))
        .in_present(),
        Figure::new("Letters per referral", arrow(h.letters_per_referral, 2)),
        Figure::new("Calls per referral", arrow(h.calls_per_referral, 2)),
        Figure::new(
            "Appointments avoided a year",
            grouped(h.appointments_avoided, 0),
        )
        .note("ending in advice or return instead".into()),
        Figure::new("DNAs per 1,000 referrals", arrow(h.dnas_per_1000, 0)),
        Figure::new(
            "Failure demand per 1,000",
            arrow(h.failure_demand_per_1000, 0),
        )
        .tip("Chases, rejections, slot issues, rebookings and DNAs"),
    ];
    if let Some(pair) = slot_issues {
        figures.push(
            Figure::new("Slot issues a year", arrow(pair.per_year, 0))
                .note(format!(
                    "costing {} to {} a year",
                    pounds(pair.cost_per_year[0], 0),
                    pounds(pair.cost_per_year[1], 0)
                ))
                .tip("Referrals finding no slot, from the capacity section: the share follows the slots published a week (see the Capacity tab)")
                .in_present(),
        );
        if let [Some(a), Some(b)] = pair.mean_wait_weeks {
            figures.push(
                Figure::new(
                    "Wait for a first appointment",
                    format!("{} weeks", arrow([a, b], 1)),
                )
                .tip("The projected mean wait, from the capacity section")
                .in_present(),
            );
        }
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_pair_is_worded_once_with_present_s_figures_marked() {
        let current = crate::bundled::CURRENT_PAPER.load().unwrap().pathway;
        let proposed = crate::bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
        let c = crate::compare::compare(&current, &proposed).unwrap();
        let figures = other_figures(&c, None);
        let cost = &figures[0];
        assert_eq!(cost.caption, "Cost per referral");
        let h = Headline::of(&c);
        assert_eq!(
            cost.value,
            format!(
                "{} to {}",
                pounds(h.cost_per_referral[0], 2),
                pounds(h.cost_per_referral[1], 2)
            )
        );
        let shown: Vec<&str> = figures
            .iter()
            .filter(|f| f.in_present)
            .map(|f| f.caption.as_str())
            .collect();
        assert_eq!(shown, ["Cost per referral", "Days per referral"]);
        // Slot issues and the wait join where a section applies.
        let pair = SlotIssuePair {
            per_year: [1460.0, 120.0],
            cost_per_year: [11_863.0, 975.5],
            mean_wait_weeks: [Some(6.67), Some(3.0)],
        };
        let with = other_figures(&c, Some(&pair));
        assert_eq!(with.len(), figures.len() + 2);
        assert_eq!(with[with.len() - 2].value, "1,460 to 120");
        assert_eq!(with[with.len() - 2].note, "costing £11,863 to £976 a year");
        assert_eq!(with[with.len() - 1].value, "6.7 to 3.0 weeks");
    }

    #[test]
    fn the_money_figures_say_what_kind_of_money_each_is() {
        let classes = Classes {
            cash: -120.0,
            wte: 2.466,
            ..Classes::default()
        };
        let figures = money_figures(&classes);
        assert_eq!(figures[0].value, "£120 more");
        assert_eq!(figures[1].value, "2.47 WTE");
        assert_eq!(figures[2].caption, crate::classes::TOTAL_CAPTION);
        assert!(figures.iter().all(|f| f.in_present));
    }
}
