//! A pathway's steps as a table, one row a step with its estimates, next steps and
//! shares in words: the sheet *Import steps* reads back.

use super::*;

/// Headings of the steps table; [`crate::import`] reads the same headings back.
pub mod step_columns {
    /// The step's id.
    pub const ID: &str = "Id";
    /// The step's name.
    pub const NAME: &str = "Name";
    /// The stage.
    pub const STAGE: &str = "Stage";
    /// The role's name.
    pub const ROLE: &str = "Role";
    /// Touch minutes (the most likely; low and high beside it when a range).
    pub const MINUTES: &str = "Minutes";
    /// Wait days.
    pub const WAIT_DAYS: &str = "Wait days";
    /// Unit cost in £.
    pub const UNIT_COST: &str = "Unit cost";
    /// Where referrals go next, with shares.
    pub const NEXT: &str = "Next";
    /// The outcome of an end step.
    pub const OUTCOME: &str = "Outcome";
    /// What a pass counts as.
    pub const COUNTS_AS: &str = "Counts as";
    /// Where the figures come from.
    pub const SOURCE: &str = "Source";
    /// Expected passes per referral.
    pub const VISITS: &str = "Expected visits";
    /// Cost per referral at this step.
    pub const COST: &str = "Cost per referral";
    /// Written in *Next* for an end step without an outcome.
    pub const END: &str = "End";
}

/// Every step's inputs, one row a step, with its expected visits and cost per
/// referral when the pathway could be analysed. Ranges take three columns
/// (`Minutes low`, `Minutes`, `Minutes high`); a single value leaves low and high
/// empty. *Next* names the targets (ids where names repeat) with percentage shares,
/// as [`crate::import`] reads them.
pub fn steps_table(pathway: &Pathway, report: Option<&Report>) -> Table {
    use step_columns::*;
    let ranged = |name: &str| {
        [
            format!("{name} low"),
            name.to_owned(),
            format!("{name} high"),
        ]
    };
    let mut header: Vec<String> = vec![ID.into(), NAME.into(), STAGE.into(), ROLE.into()];
    for name in [MINUTES, WAIT_DAYS, UNIT_COST] {
        header.extend(ranged(name));
    }
    header.extend([NEXT, OUTCOME, COUNTS_AS, SOURCE].map(String::from));
    if report.is_some() {
        header.extend([VISITS, COST].map(String::from));
    }
    let mut table = Table {
        header,
        rows: Vec::new(),
    };
    for (i, step) in pathway.steps.iter().enumerate() {
        let role = step
            .role
            .as_deref()
            .map(|id| pathway.role(id).map_or(id, |r| r.name.as_str()));
        let mut row = vec![
            Cell::text(step.id.clone()),
            Cell::text(step.name.clone()),
            Cell::text(step.stage.name()),
            Cell::optional(role),
        ];
        for estimate in [step.touch_minutes, step.wait_days, step.unit_cost] {
            row.extend(estimate_cells(estimate));
        }
        row.push(Cell::text(next_text(pathway, step)));
        row.push(Cell::optional(step.outcome.map(Outcome::name)));
        let counts: Vec<&str> = step.counts_as.iter().map(|c| Counter::name(*c)).collect();
        row.push(Cell::text(counts.join("; ")));
        row.push(Cell::optional(step.source.as_deref()));
        if let Some(report) = report
            && let Some(result) = report.steps.get(i)
        {
            row.push(Cell::Number(result.visits, Unit::Count));
            row.push(Cell::Number(result.cost(), Unit::Pounds));
        }
        table.rows.push(row);
    }
    table
}

pub(super) fn estimate_cells(e: Estimate) -> [Cell; 3] {
    let input = |v| Cell::Number(v, Unit::Input);
    if e.is_fixed() {
        [Cell::Empty, input(e.likely), Cell::Empty]
    } else {
        [input(e.low), input(e.likely), input(e.high)]
    }
}

/// *Next* as written in a sheet: `Book appointment 92%; Rebook 8%`, a single target
/// without a share, or `End` for an end step without an outcome.
pub fn next_text(pathway: &Pathway, step: &Step) -> String {
    if step.next.is_empty() {
        return if step.outcome.is_some() {
            String::new()
        } else {
            step_columns::END.into()
        };
    }
    let target = |id: &str| -> String {
        let named = pathway.steps.iter().find(|s| s.id == id);
        match named {
            Some(s)
                if !s.name.contains([';', '\n', '%'])
                    && pathway.steps.iter().filter(|t| t.name == s.name).count() == 1 =>
            {
                s.name.clone()
            }
            _ => id.to_owned(),
        }
    };
    if let [only] = step.next.as_slice()
        && only.share == 1.0
    {
        return target(&only.to);
    }
    step.next
        .iter()
        .map(|l| format!("{} {}%", target(&l.to), percent_text(l.share)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A share as a percentage that reads back through [`share_of_percent`] to exactly
/// the same share: `0.92` as `92`, `0.052` as `5.2`.
pub fn percent_text(share: f64) -> String {
    let percent = share * 100.0;
    for decimals in 0..=17 {
        let text = format!("{percent:.decimals$}");
        if share_of_percent(&text) == Some(share) {
            return text;
        }
    }
    percent.to_string()
}

/// The share a percentage stands for, `"5.2"` as `0.052`, rounded once from the
/// decimal (dividing the parsed 5.2 by 100 would give 0.052000000000000005).
pub fn share_of_percent(text: &str) -> Option<f64> {
    let text = text.trim();
    format!("{text}e-2")
        .parse::<f64>()
        .ok()
        .or_else(|| text.parse::<f64>().ok().map(|p| p / 100.0))
}
