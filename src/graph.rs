//! The pathway as a directed graph: which step leads to which, with what share,
//! which steps can reach which, and its strongly connected components (the loops).
//! Analysis, validation, layout and simulation all read the graph from here, and the
//! expected visits are solved on it here ([`solve_visits`]); this module depends on
//! the model alone.

mod visits;

pub use visits::{SMALLEST_PIVOT, Trapped, solve_visits};

use crate::model::{Pathway, PathwayIndex};

/// The transition structure of a valid pathway: for each step, `(next index, share)`
/// (links to unknown ids left out; the first step wins for a duplicate id).
pub fn transitions(pathway: &Pathway) -> Vec<Vec<(usize, f64)>> {
    let index = PathwayIndex::new(pathway);
    pathway
        .steps
        .iter()
        .map(|s| {
            s.next
                .iter()
                .filter_map(|l| index.step(&l.to).map(|j| (j, l.share)))
                .collect()
        })
        .collect()
}

/// For each step, the indices of the steps its links lead to (links to unknown ids
/// left out; the first step wins for a duplicate id).
pub fn successors(pathway: &Pathway) -> Vec<Vec<usize>> {
    transitions(pathway)
        .into_iter()
        .map(|next| next.into_iter().map(|(j, _)| j).collect())
        .collect()
}

/// Tarjan's strongly connected components, iteratively (no recursion, so long
/// pathways cannot overflow the stack). Components come out in reverse topological
/// order.
pub fn strongly_connected(edges: &[Vec<(usize, f64)>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    // Call stack of (node, next edge position).
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        calls.push((root, 0));
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            if let Some(&(w, _)) = edges[v].get(*pos) {
                *pos += 1;
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// Marks every node reachable from `starts` along `edges` (iterative, no recursion).
pub fn search(edges: &[Vec<usize>], starts: impl IntoIterator<Item = usize>) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = Vec::new();
    for s in starts {
        if !seen[s] {
            seen[s] = true;
            stack.push(s);
        }
    }
    while let Some(i) = stack.pop() {
        for &j in &edges[i] {
            if !seen[j] {
                seen[j] = true;
                stack.push(j);
            }
        }
    }
    seen
}
