//! The kinds of money in a saving, as an NHS business case states them:
//! **cash-releasing** (consumables, and the direct pay of posts the option removes),
//! **non-cash-releasing staff time** (hours at direct rates: cash only if posts are
//! removed) and **capacity** (overheads and clinic slots freed). Their sum is the
//! economic value, not money saved.

use crate::compare::Comparison;
use crate::model::{Investment, Organisation};

/// A saving a year in £ by kind of money.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Classes {
    /// Cash-releasing: consumables plus the posts removed.
    pub cash: f64,
    /// Of the cash, the direct pay of the posts the option removes.
    pub posts: f64,
    /// Non-cash-releasing staff time at direct rates (less the posts removed).
    pub staff_time: f64,
    /// Non-cash capacity: overheads on the staff time and clinic slots freed.
    pub capacity: f64,
    /// Whole-time equivalents released.
    pub wte: f64,
    /// Staff hours released a year.
    pub hours: f64,
    /// Economic value a year by organisation, every one of [`Organisation::ALL`].
    pub by_organisation: Vec<(Organisation, f64)>,
}

impl Comparison {
    /// The saving a year by kind of money, with the posts the proposed pathway's
    /// investment removes counted as cash.
    pub fn classes(&self) -> Classes {
        Classes::of(self, self.investment.as_ref())
    }
}

impl Classes {
    /// The classes of a comparison's saving a year, with the posts the option (its
    /// `investment`) says it removes counted as cash.
    pub fn of(c: &Comparison, investment: Option<&Investment>) -> Self {
        let n = c.current.annual_referrals;
        let split = c.annual_saving_split();
        let posts = investment.map_or(0.0, |inv| {
            inv.posts_released
                .iter()
                .filter_map(|p| {
                    let role = c.by_role.iter().find(|r| r.id == p.role)?;
                    let staff = role.saving_split.staff_direct * n;
                    (role.wte_released > 0.0 && staff > 0.0)
                        .then(|| staff * (p.wte / role.wte_released).clamp(0.0, 1.0))
                })
                .sum()
        });
        Self {
            cash: split.cash + posts,
            posts,
            staff_time: split.staff_direct - posts,
            capacity: split.capacity,
            wte: c.wte_released(),
            hours: c.current.annual_staff_hours() - c.proposed.annual_staff_hours(),
            by_organisation: c
                .by_organisation
                .iter()
                .map(|o| (o.organisation, o.saving_split.total() * n))
                .collect(),
        }
    }

    /// The non-cash part: staff time and capacity.
    pub fn non_cash(&self) -> f64 {
        self.staff_time + self.capacity
    }

    /// The economic value: every kind together.
    pub fn economic_value(&self) -> f64 {
        self.cash + self.non_cash()
    }

    /// The organisations whose figure runs against the total (a practice that spends
    /// more while the option saves overall), by at least half a pound.
    pub fn against_total(&self) -> Vec<(Organisation, f64)> {
        let total = self.economic_value();
        self.by_organisation
            .iter()
            .copied()
            .filter(|&(_, v)| v.abs() >= 0.5 && v.signum() != total.signum())
            .collect()
    }
}

/// What a line of the classes is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Cash-releasing.
    Cash,
    /// Staff time or capacity: not cash.
    NonCash,
    /// An organisation whose figure runs against the total.
    Organisation,
}

/// One line of the classes as every screen and file words it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassLine {
    /// What the line is.
    pub kind: LineKind,
    /// "Cash-releasing", "Staff time (non-cash)", "Capacity (non-cash)", or an
    /// organisation's name.
    pub label: String,
    /// £ a year (a cost is negative).
    pub amount: f64,
    /// What it is, in a few words.
    pub note: String,
}

/// The caption of the total: what it is, so that nobody reads it as money saved.
pub const TOTAL_CAPTION: &str = "Economic value a year";

impl Classes {
    /// The three classes, then each organisation against the total, as every
    /// headline words them.
    pub fn lines(&self) -> Vec<ClassLine> {
        let cash_note = if self.posts.abs() >= 0.5 {
            format!(
                "consumables, and {} of posts removed",
                crate::numbers::pounds(self.posts, 0)
            )
        } else {
            "consumables (post, print, texts)".to_owned()
        };
        let mut lines = vec![
            ClassLine {
                kind: LineKind::Cash,
                label: "Cash-releasing".into(),
                amount: self.cash,
                note: cash_note,
            },
            ClassLine {
                kind: LineKind::NonCash,
                label: "Staff time (non-cash)".into(),
                amount: self.staff_time,
                note: format!(
                    "{} WTE at direct rates; cash only if posts are removed",
                    crate::numbers::grouped(self.wte, 2)
                ),
            },
            ClassLine {
                kind: LineKind::NonCash,
                label: "Capacity (non-cash)".into(),
                amount: self.capacity,
                note: "overheads and clinic slots freed".into(),
            },
        ];
        lines.extend(self.against_total().into_iter().map(|(o, v)| ClassLine {
            kind: LineKind::Organisation,
            label: organisation_label(o).into(),
            amount: v,
            note: if v < 0.0 {
                "spends more while the option saves overall".into()
            } else {
                "saves while the option costs overall".into()
            },
        }));
        lines
    }
}

/// An organisation as a headline names it.
pub fn organisation_label(o: Organisation) -> &'static str {
    match o {
        Organisation::Practice => "GP practice",
        Organisation::Provider => "Provider (trust)",
        Organisation::Other => "Others",
    }
}

/// A saving (positive) or a cost (negative) in words: "£1,234 saved" or "£1,234
/// more", with the figure always positive so no reader meets a minus sign.
pub fn saved_or_more(value: f64, text: impl Fn(f64) -> String) -> String {
    if value < 0.0 {
        format!("{} more", text(-value))
    } else {
        format!("{} saved", text(value))
    }
}

/// A change in days in words: "30.5 days quicker" or "slower by 30.5 days".
pub fn quicker_or_slower(days_saved: f64) -> String {
    use crate::numbers::days;
    if days_saved.abs() < 0.05 {
        "no change".to_owned()
    } else if days_saved < 0.0 {
        format!("slower by {}", days(-days_saved))
    } else {
        format!("{} quicker", days(days_saved))
    }
}

#[cfg(test)]
mod tests;
