//! Where cards go on the canvas. [`tidy`] lays a pathway out in flow order, like a
//! process map on a whiteboard: a column for each step's depth along the flow (the
//! longest path from the first step, loops ignored), so within a band a step is
//! never left of a step that leads to it; within a column, steps are ordered by
//! stage, then by their order in the file. A long flow wraps into bands below, read
//! like lines of text. [`free_position`] and [`position_after`] place a new
//! card without covering another. [`closing_links`] tells which links close a
//! cycle (rebooking, DNAs), for the map to draw as loops. Positions are canvas
//! units; the canvas maps them to the screen.

use std::collections::HashSet;

use crate::model::{CanvasPos, Pathway};

/// Width of a step card in canvas units.
pub const CARD_WIDTH: f64 = 210.0;
/// Height of a step card in canvas units.
pub const CARD_HEIGHT: f64 = 78.0;
/// Distance between the left edges of two columns.
pub const COLUMN_PITCH: f64 = CARD_WIDTH + 90.0;
/// Distance between the top edges of two rows.
pub const ROW_PITCH: f64 = CARD_HEIGHT + 46.0;
/// Space kept clear around a card when placing a new one.
pub const CARD_MARGIN: f64 = 16.0;
/// Columns in one band of the tidy layout; a longer flow goes on in a band below,
/// like lines of text, so the whole map stays readable on one screen.
pub const BAND_COLUMNS: usize = 6;
/// Space between two bands, on top of a row's pitch.
pub const BAND_GAP: f64 = 60.0;

/// A tidy position for every step.
pub fn tidy(pathway: &Pathway) -> Vec<CanvasPos> {
    let n = pathway.steps.len();
    if n == 0 {
        return Vec::new();
    }
    let edges = crate::graph::successors(pathway);
    let (depth, _) = depths(&edges);
    let columns = depth.iter().max().map_or(0, |d| d + 1);
    let mut by_column: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for (i, &d) in depth.iter().enumerate() {
        by_column[d].push(i);
    }
    let mut positions = vec![CanvasPos::default(); n];
    let mut band_top = 0.0;
    for band in by_column.chunks_mut(BAND_COLUMNS) {
        let mut rows = 0;
        for (column, steps) in band.iter_mut().enumerate() {
            steps.sort_by_key(|&i| (pathway.steps[i].stage as usize, i));
            rows = rows.max(steps.len());
            for (row, &i) in steps.iter().enumerate() {
                positions[i] = CanvasPos {
                    x: column as f64 * COLUMN_PITCH,
                    y: band_top + row as f64 * ROW_PITCH,
                };
            }
        }
        band_top += rows as f64 * ROW_PITCH + BAND_GAP;
    }
    positions
}

/// Every step's position: its own, or its tidy one when it has none.
pub fn positions(pathway: &Pathway) -> Vec<CanvasPos> {
    let tidy = if pathway.steps.iter().any(|s| s.pos.is_none()) {
        tidy(pathway)
    } else {
        Vec::new()
    };
    pathway
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| s.pos.or_else(|| tidy.get(i).copied()).unwrap_or_default())
        .collect()
}

/// True when cards at `a` and `b` (top-left corners) would touch or overlap.
pub fn overlaps(a: CanvasPos, b: CanvasPos) -> bool {
    (a.x - b.x).abs() < CARD_WIDTH + CARD_MARGIN && (a.y - b.y).abs() < CARD_HEIGHT + CARD_MARGIN
}

/// The free place nearest `wanted` for a new card among cards at `taken`: `wanted`
/// itself if free, else the first free row below it, else further columns right.
pub fn free_position(taken: &[CanvasPos], wanted: CanvasPos) -> CanvasPos {
    let free = |p: CanvasPos| !taken.iter().any(|t| overlaps(*t, p));
    // Every card blocks at most a couple of rows of one column, so this many tries
    // always finds a free place in the first column tried.
    let rows = 2 * taken.len() + 2;
    for column in 0..=taken.len() {
        for row in 0..=rows {
            let p = CanvasPos {
                x: wanted.x + column as f64 * COLUMN_PITCH,
                y: wanted.y + row as f64 * ROW_PITCH,
            };
            if free(p) {
                return p;
            }
        }
    }
    wanted
}

/// Where a card for a step added after step `from` goes: one column to its right,
/// in its row or the first free row below. With no `from` (or an empty pathway),
/// after the last step.
pub fn position_after(pathway: &Pathway, from: Option<usize>) -> CanvasPos {
    let taken = positions(pathway);
    let Some(anchor) = from
        .or(taken.len().checked_sub(1))
        .and_then(|i| taken.get(i))
    else {
        return CanvasPos::default();
    };
    let wanted = CanvasPos {
        x: anchor.x + COLUMN_PITCH,
        y: anchor.y,
    };
    free_position(&taken, wanted)
}

/// The links that close a cycle (a link back to a step that leads to its source,
/// such as rebooking or a DNA), as (from, to) step indices: the back edges of a
/// depth-first search from the first step, unreached steps searched after.
pub fn closing_links(pathway: &Pathway) -> HashSet<(usize, usize)> {
    let edges = crate::graph::successors(pathway);
    depths(&edges).1
}

/// Longest-path depth of each step from the first, over forward edges only (an
/// edge back to a step on the current search path is a loop and is ignored), and
/// those loop edges. Steps not reached from the first step are searched from in
/// file order afterwards and go in columns after the deepest.
fn depths(edges: &[Vec<usize>]) -> (Vec<usize>, HashSet<(usize, usize)>) {
    let n = edges.len();
    let mut back = HashSet::new();
    if n == 0 {
        return (Vec::new(), back);
    }
    // Iterative depth-first search to find back edges and a topological order.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut order = Vec::with_capacity(n);
    let mut forward: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut reached_from_first = 0;
    for root in 0..n {
        if mark[root] != Mark::New {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        mark[root] = Mark::Open;
        while let Some(&mut (v, ref mut pos)) = stack.last_mut() {
            if let Some(&w) = edges[v].get(*pos) {
                *pos += 1;
                match mark[w] {
                    Mark::New => {
                        forward[v].push(w);
                        mark[w] = Mark::Open;
                        stack.push((w, 0));
                    }
                    Mark::Done => forward[v].push(w),
                    Mark::Open => {
                        back.insert((v, w));
                    }
                }
            } else {
                mark[v] = Mark::Done;
                order.push(v);
                stack.pop();
            }
        }
        if root == 0 {
            reached_from_first = order.len();
        }
    }
    // Depths over the forward edges, in topological order (reverse post-order).
    let mut depth = vec![0usize; n];
    let (first, rest) = order.split_at(reached_from_first);
    for &v in first.iter().rev() {
        for &w in &forward[v] {
            depth[w] = depth[w].max(depth[v] + 1);
        }
    }
    let deepest = first.iter().map(|&v| depth[v]).max().unwrap_or(0);
    let mut unreached = vec![false; n];
    for &v in rest {
        depth[v] = deepest + 1;
        unreached[v] = true;
    }
    for &v in rest.iter().rev() {
        for &w in &forward[v] {
            if unreached[w] {
                depth[w] = depth[w].max(depth[v] + 1);
            }
        }
    }
    (depth, back)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pathway(ron: &str) -> Pathway {
        crate::format::load_str(ron).unwrap().pathway
    }

    const FLOW: &str = r#"(format: 1, name: "t", annual_referrals: 1.0, steps: [
        (id: "a", name: "A", stage: Referral, next: [(to: "b", share: 0.5), (to: "c", share: 0.5)]),
        (id: "b", name: "B", stage: Booking, next: [(to: "c", share: 1.0)]),
        (id: "c", name: "C", stage: Triage, next: [(to: "d", share: 0.9), (to: "a", share: 0.1)]),
        (id: "d", name: "D", stage: Attendance),
        (id: "x", name: "X", stage: Other),
    ])"#;

    #[test]
    fn columns_follow_the_flow_so_no_step_is_left_of_one_leading_to_it() {
        let p = pathway(FLOW);
        let pos = tidy(&p);
        let cols: Vec<f64> = pos.iter().map(|p| p.x / COLUMN_PITCH).collect();
        // c is a Triage step after a Booking step: it still goes right of b.
        // The unreachable x goes after the deepest.
        assert_eq!(cols, vec![0.0, 1.0, 2.0, 3.0, 4.0]);
        let rows: Vec<f64> = pos.iter().map(|p| p.y / ROW_PITCH).collect();
        assert_eq!(rows, vec![0.0; 5]);
        let back = closing_links(&p);
        for (from, step) in p.steps.iter().enumerate() {
            for link in &step.next {
                let to = p.step_index(&link.to).unwrap();
                if !back.contains(&(from, to)) {
                    assert!(pos[to].x > pos[from].x, "{} -> {}", step.id, link.to);
                }
            }
        }
    }

    #[test]
    fn a_long_flow_wraps_into_a_band_below() {
        let mut p = Pathway::new("chain");
        let n = BAND_COLUMNS + 2;
        for i in 0..n {
            let mut s = crate::model::Step::new(format!("s{i}"), "S", crate::model::Stage::Booking);
            if i + 1 < n {
                s.next.push(crate::model::Link {
                    to: format!("s{}", i + 1),
                    share: 1.0,
                });
            }
            p.steps.push(s);
        }
        let pos = tidy(&p);
        assert_eq!(
            pos[BAND_COLUMNS - 1].x,
            (BAND_COLUMNS - 1) as f64 * COLUMN_PITCH
        );
        assert_eq!(pos[BAND_COLUMNS].x, 0.0);
        assert_eq!(pos[BAND_COLUMNS].y, ROW_PITCH + BAND_GAP);
        assert_eq!(pos[BAND_COLUMNS + 1].x, COLUMN_PITCH);
    }

    #[test]
    fn only_the_link_that_closes_a_cycle_is_a_loop() {
        let p = pathway(FLOW);
        let back: Vec<_> = closing_links(&p).into_iter().collect();
        assert_eq!(back, vec![(2, 0)]);
    }

    #[test]
    fn steps_in_one_column_are_ordered_by_stage() {
        let p = pathway(
            r#"(format: 1, name: "t", annual_referrals: 1.0, steps: [
            (id: "a", name: "A", stage: Referral, next: [(to: "b", share: 0.5), (to: "c", share: 0.5)]),
            (id: "b", name: "B", stage: Attendance),
            (id: "c", name: "C", stage: Booking),
        ])"#,
        );
        let pos = tidy(&p);
        assert_eq!(pos[1].x, pos[2].x);
        assert!(pos[2].y < pos[1].y, "Booking above Attendance");
    }

    #[test]
    fn a_new_card_never_covers_another() {
        let taken = [
            CanvasPos { x: 0.0, y: 0.0 },
            CanvasPos {
                x: COLUMN_PITCH,
                y: 0.0,
            },
            CanvasPos {
                x: COLUMN_PITCH,
                y: ROW_PITCH,
            },
        ];
        let p = free_position(
            &taken,
            CanvasPos {
                x: COLUMN_PITCH,
                y: 0.0,
            },
        );
        assert_eq!(
            p,
            CanvasPos {
                x: COLUMN_PITCH,
                y: 2.0 * ROW_PITCH
            }
        );
        assert!(taken.iter().all(|t| !overlaps(*t, p)));
        let q = free_position(&taken, CanvasPos { x: 5.0, y: 5.0 });
        assert!(taken.iter().all(|t| !overlaps(*t, q)), "{q:?}");
    }

    #[test]
    fn a_step_after_another_goes_to_its_right() {
        let mut p = pathway(FLOW);
        for (i, pos) in tidy(&p).into_iter().enumerate() {
            p.steps[i].pos = Some(pos);
        }
        // Right of a (column 0) is b, so the first free row below it.
        let after_a = position_after(&p, Some(0));
        assert_eq!(after_a.x, COLUMN_PITCH);
        assert_eq!(after_a.y, ROW_PITCH);
        // Without a selection: after the last step.
        let after_last = position_after(&p, None);
        assert_eq!(after_last.x, 5.0 * COLUMN_PITCH);
        assert_eq!(
            position_after(&Pathway::new("e"), None),
            CanvasPos::default()
        );
    }

    #[test]
    fn bundled_models_lay_out_without_overlap() {
        for model in crate::bundled::ALL {
            let p = model.load().unwrap().pathway;
            let pos = tidy(&p);
            for (i, a) in pos.iter().enumerate() {
                for b in &pos[i + 1..] {
                    assert!(a != b, "{}: two cards at {a:?}", model.file_name);
                }
            }
        }
    }
}
