//! The pathway as a directed graph: which step leads to which, with what share,
//! which steps can reach which, and its strongly connected components (the loops).
//! Analysis, validation, layout and simulation all read the graph from here, and the
//! expected visits are solved on it here ([`solve_visits`]); this module depends on
//! the model alone.

mod visits;

pub use visits::{SMALLEST_PIVOT, Trapped, solve_visits};

use std::collections::HashMap;

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

/// The links turned round: for each step, the steps leading to it with their shares.
/// Solving visits on it with each step's own cost entering there gives the cost still
/// to come from each step (`(I - P) g = c`).
pub fn reversed(edges: &[Vec<(usize, f64)>]) -> Vec<Vec<(usize, f64)>> {
    let mut backwards = vec![Vec::new(); edges.len()];
    for (i, next) in edges.iter().enumerate() {
        for &(j, share) in next {
            backwards[j].push((i, share));
        }
    }
    backwards
}

/// The loops of a chain: its strongly connected components and each step's one.
#[derive(Clone, Debug)]
pub struct Loops {
    /// The components in reverse topological order, so a link never leads from a
    /// component to a later one.
    pub components: Vec<Vec<usize>>,
    /// The component of each step.
    pub component_of: Vec<usize>,
}

impl Loops {
    /// The loops of the chain with these links.
    pub fn new(edges: &[Vec<(usize, f64)>]) -> Self {
        let components = strongly_connected(edges);
        let mut component_of = vec![0; edges.len()];
        for (c, members) in components.iter().enumerate() {
            for &i in members {
                component_of[i] = c;
            }
        }
        Self {
            components,
            component_of,
        }
    }

    /// Whether step `from` might lead (in one or more links) to step `to`. `false` is
    /// certain: `from` comes after `to` in topological order.
    pub fn may_lead(&self, from: usize, to: usize) -> bool {
        self.component_of[from] >= self.component_of[to]
    }

    /// Whether step `i` is on a loop of `edges` (a component of several steps, or a
    /// link to itself).
    pub fn on_loop(&self, edges: &[Vec<(usize, f64)>], i: usize) -> bool {
        self.components[self.component_of[i]].len() > 1 || edges[i].iter().any(|&(j, _)| j == i)
    }

    /// Expected visits back to step `i` from each of `targets`, on the chain `edges`
    /// these loops were found in: none from a step off `i`'s loop, else solved on the
    /// loop alone (backwards, from `i`), as no way back to `i` leaves it. All zero when
    /// the loop cannot be left (nothing could then be solved).
    pub fn returns(&self, edges: &[Vec<(usize, f64)>], i: usize, targets: &[usize]) -> Vec<f64> {
        if !self.on_loop(edges, i) {
            return vec![0.0; targets.len()];
        }
        let members = &self.components[self.component_of[i]];
        let local: HashMap<usize, usize> =
            members.iter().enumerate().map(|(k, &m)| (m, k)).collect();
        let mut backwards = vec![Vec::new(); members.len()];
        for (k, &m) in members.iter().enumerate() {
            for &(j, share) in &edges[m] {
                if let Some(&l) = local.get(&j) {
                    backwards[l].push((k, share));
                }
            }
        }
        let mut at_i = vec![0.0; members.len()];
        at_i[local[&i]] = 1.0;
        let x = solve_visits(&backwards, &at_i).unwrap_or_default();
        targets
            .iter()
            .map(|j| local.get(j).and_then(|&l| x.get(l)).copied().unwrap_or(0.0))
            .collect()
    }

    /// Whether every step on `i`'s loop can still end (reach a step with no links, or
    /// leave the loop) once `i`'s links are `new`; links out of the loop must lead to
    /// steps that can end, as every step of a sound chain can.
    pub fn loop_can_end(
        &self,
        edges: &[Vec<(usize, f64)>],
        i: usize,
        new: &[(usize, f64)],
    ) -> bool {
        let c = self.component_of[i];
        let members = &self.components[c];
        let links = |m: usize| if m == i { new } else { &edges[m][..] };
        let local: HashMap<usize, usize> =
            members.iter().enumerate().map(|(k, &m)| (m, k)).collect();
        let mut backwards = vec![Vec::new(); members.len()];
        let mut ends = Vec::new();
        for (k, &m) in members.iter().enumerate() {
            let out = links(m);
            if out.is_empty() || out.iter().any(|(j, _)| !local.contains_key(j)) {
                ends.push(k);
            }
            for (j, _) in out {
                if let Some(&l) = local.get(j) {
                    backwards[l].push(k);
                }
            }
        }
        search(&backwards, ends).into_iter().all(|reached| reached)
    }
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
