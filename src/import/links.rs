//! The last stage: the steps linked, from each row's *next* column
//! (`Book appointment 92%; Rebook 8%`, or `End`) or, where it has neither a next nor
//! an outcome, on to the following row.

use super::*;

/// Resolves every row's *Next* into links; a row with neither a next nor an outcome
/// runs on to the following row.
pub(super) fn link_rows(sheet: &mut Sheet, rows: &mut [RowStep]) {
    let ids: Vec<String> = rows.iter().map(|r| r.step.id.clone()).collect();
    // The first row with each id; for each name (in lower case) its first row and how
    // many rows have it.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_name: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_id.entry(ids[i].as_str()).or_insert(i);
        by_name
            .entry(r.step.name.trim().to_lowercase())
            .and_modify(|(_, n)| *n += 1)
            .or_insert((i, 1));
    }
    let find = |text: &str| -> Result<Option<usize>, String> {
        if let Some(&i) = by_id.get(text) {
            return Ok(Some(i));
        }
        match by_name.get(&text.trim().to_lowercase()) {
            None => Ok(None),
            Some(&(first, 1)) => Ok(Some(first)),
            Some(&(_, count)) => Err(format!(
                "{count} steps are called \"{text}\": give them ids in an Id column and name the id here"
            )),
        }
    };
    let count = rows.len();
    for i in 0..count {
        let row_number = rows[i].row;
        let Some((col, text)) = rows[i].next.clone() else {
            if rows[i].step.outcome.is_none() && i + 1 < count {
                rows[i].step.next = vec![Link {
                    to: ids[i + 1].clone(),
                    share: 1.0,
                }];
            }
            continue;
        };
        if normalise(&text) == normalise(step_columns::END) {
            continue;
        }
        if let Some(outcome_col) = rows[i].outcome_col {
            sheet.problem(
                row_number,
                outcome_col,
                "a row with an outcome ends the pathway: clear its Next, or its Outcome".into(),
            );
            continue;
        }
        let mut links: Vec<(usize, Option<f64>)> = Vec::new();
        for part in text
            .split([';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match parse_branch(part, &find) {
                Ok(link) => links.push(link),
                Err(message) => sheet.problem(row_number, col, message),
            }
        }
        let missing = links.iter().filter(|(_, s)| s.is_none()).count();
        let given: f64 = links.iter().filter_map(|(_, s)| *s).sum();
        let fill = match (missing, links.len()) {
            (0, _) => 0.0,
            (1, 1) => 1.0,
            (1, _) if given < 1.0 => 1.0 - given,
            _ => {
                sheet.problem(
                    row_number,
                    col,
                    "give each branch its share, e.g. \"Book appointment 92%; Rebook 8%\"".into(),
                );
                continue;
            }
        };
        rows[i].step.next = links
            .into_iter()
            .map(|(to, share)| Link {
                to: ids[to].clone(),
                share: share.unwrap_or(fill),
            })
            .collect();
    }
}

/// One branch of *Next*: a step's name or id, optionally followed by its share as a
/// percentage (`92%`) or a fraction (`0.92`).
pub(super) fn parse_branch(
    part: &str,
    find: &dyn Fn(&str) -> Result<Option<usize>, String>,
) -> Result<(usize, Option<f64>), String> {
    if let Some(i) = find(part)? {
        return Ok((i, None));
    }
    let unknown = || format!("there is no step called \"{part}\" (name or id)");
    let Some((head, tail)) = split_share(part) else {
        return Err(unknown());
    };
    let target =
        find(head)?.ok_or_else(|| format!("there is no step called \"{head}\" (name or id)"))?;
    let share = if let Some(percent) = tail.strip_suffix('%') {
        crate::export::table::share_of_percent(percent)
    } else {
        tail.parse::<f64>().ok()
    };
    match share {
        Some(s) if s > 0.0 && s <= 1.0 => Ok((target, Some(s))),
        _ => Err(format!(
            "the share \"{tail}\" of \"{head}\" must be a percentage above 0% and at most 100%"
        )),
    }
}

/// Splits `Name 92%` (or `Name: 92%`, `Name (92%)`, `Name 0.92`) into the name and the share.
pub(super) fn split_share(part: &str) -> Option<(&str, &str)> {
    let part = part.trim();
    let (part, bracketed) = match part.strip_suffix(')') {
        Some(rest) => (rest, true),
        None => (part, false),
    };
    let split = if bracketed {
        part.rfind('(')?
    } else {
        part.rfind(|c: char| c.is_whitespace() || c == ':' || c == '=')?
    };
    let (head, tail) = part.split_at(split);
    let tail = tail.trim_start_matches(['(', ':', '=']).trim();
    let head = head.trim().trim_end_matches([':', '=', '-']).trim();
    let numeric = tail.trim_end_matches('%').trim().parse::<f64>().is_ok();
    (numeric && !head.is_empty()).then_some((head, tail))
}
