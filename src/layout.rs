//! Automatic layout of a pathway on the canvas: a column for each stage, in pathway
//! order, like swimlanes on a whiteboard; within a column, steps go down in the order
//! referrals reach them (longest path from the first step, loops ignored). A stage
//! with many steps wraps into further columns. Positions are canvas units; the
//! canvas maps them to the screen.

use crate::model::{CanvasPos, Pathway};

/// Width of a step card in canvas units.
pub const CARD_WIDTH: f64 = 210.0;
/// Height of a step card in canvas units.
pub const CARD_HEIGHT: f64 = 78.0;
/// Distance between the left edges of two columns.
pub const COLUMN_PITCH: f64 = CARD_WIDTH + 90.0;
/// Distance between the top edges of two rows.
pub const ROW_PITCH: f64 = CARD_HEIGHT + 46.0;
/// Most steps in one column before a stage wraps into another column.
pub const MAX_ROWS: usize = 6;

/// A tidy position for every step.
pub fn tidy(pathway: &Pathway) -> Vec<CanvasPos> {
    let n = pathway.steps.len();
    if n == 0 {
        return Vec::new();
    }
    let edges = crate::analysis::successors(pathway);
    let depth = depths(&edges);
    let mut by_stage: Vec<Vec<usize>> = vec![Vec::new(); crate::model::Stage::ALL.len()];
    for (i, step) in pathway.steps.iter().enumerate() {
        by_stage[step.stage as usize].push(i);
    }
    let mut positions = vec![CanvasPos::default(); n];
    let mut column = 0usize;
    for mut steps in by_stage.into_iter().filter(|s| !s.is_empty()) {
        steps.sort_by_key(|&i| (depth[i], i));
        for chunk in steps.chunks(MAX_ROWS) {
            for (row, &i) in chunk.iter().enumerate() {
                positions[i] = CanvasPos {
                    x: column as f64 * COLUMN_PITCH,
                    y: row as f64 * ROW_PITCH,
                };
            }
            column += 1;
        }
    }
    positions
}

/// Longest-path depth of each step from the first, over forward edges only (an
/// edge back to a step on the current search path is a loop and is ignored).
/// Steps not reached from the first step go in a column after the deepest.
fn depths(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
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
    let mut stack = vec![(0usize, 0usize)];
    mark[0] = Mark::Open;
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
                Mark::Open => {} // a loop back
            }
        } else {
            mark[v] = Mark::Done;
            order.push(v);
            stack.pop();
        }
    }
    let mut depth = vec![0usize; n];
    for &v in order.iter().rev() {
        for &w in &forward[v] {
            depth[w] = depth[w].max(depth[v] + 1);
        }
    }
    let deepest = order.iter().map(|&v| depth[v]).max().unwrap_or(0);
    for (v, m) in mark.iter().enumerate() {
        if *m == Mark::New {
            depth[v] = deepest + 1;
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_stages_and_rows_follow_the_flow() {
        let p = crate::format::load_str(
            r#"(format: 1, name: "t", annual_referrals: 1.0, steps: [
                (id: "a", name: "A", stage: Referral, next: [(to: "b", share: 0.5), (to: "c", share: 0.5)]),
                (id: "b", name: "B", stage: Booking, next: [(to: "c", share: 1.0)]),
                (id: "c", name: "C", stage: Booking, next: [(to: "d", share: 0.9), (to: "a", share: 0.1)]),
                (id: "d", name: "D", stage: Attendance),
                (id: "x", name: "X", stage: Other),
            ])"#,
        )
        .unwrap()
        .pathway;
        let pos = tidy(&p);
        let cols: Vec<f64> = pos.iter().map(|p| p.x / COLUMN_PITCH).collect();
        // Referral, Booking (b then c), Attendance, Other.
        assert_eq!(cols, vec![0.0, 1.0, 1.0, 2.0, 3.0]);
        let rows: Vec<f64> = pos.iter().map(|p| p.y / ROW_PITCH).collect();
        assert_eq!(rows, vec![0.0, 0.0, 1.0, 0.0, 0.0]);
    }

    #[test]
    fn a_crowded_stage_wraps_into_more_columns() {
        let mut p = crate::model::Pathway::new("t");
        for i in 0..(MAX_ROWS + 2) {
            p.steps.push(crate::model::Step::new(
                format!("s{i}"),
                "S",
                crate::model::Stage::Booking,
            ));
        }
        let pos = tidy(&p);
        assert_eq!(pos[MAX_ROWS].x, COLUMN_PITCH);
        assert_eq!(pos[MAX_ROWS].y, 0.0);
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
