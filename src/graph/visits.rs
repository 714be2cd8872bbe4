//! Expected visits of an absorbing Markov chain, solved exactly on its sparse links.
//!
//! Expected visits `v` to each step solve `(I - Pᵀ) v = b`, where `P` holds the
//! shares of the links and `b` the referrals entering at each step. The chain is split
//! into strongly connected components (the loops), solved one at a time in
//! topological order: a step on no loop is one division, a loop is a sparse Gaussian
//! elimination.
//!
//! `I - Pᵀ` restricted to a loop is a Z-matrix whose columns are weakly diagonally
//! dominant (each step's shares add up to at most 1), and an M-matrix when the loop can
//! be left. Gaussian elimination keeps that dominance, so it needs no row exchanges for
//! stability and may take its pivots down the diagonal in any order. The order taken
//! is least Markowitz cost first (the step whose elimination can create the least
//! fill-in), with the lower index first on a tie; that keeps a long cycle, a chain with
//! back-links and a hub that many steps return to close to linear in their links. A
//! pivot at or below [`SMALLEST_PIVOT`] means the loop has (numerically) no way out.

use std::cmp::Reverse;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::strongly_connected;

/// A pivot at or below this counts as zero: the loop cannot be left (a referral would
/// go round it on the order of a million million times).
pub const SMALLEST_PIVOT: f64 = 1e-12;

/// A loop that referrals entering it (numerically) never leave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trapped {
    /// The lowest step index in the loop.
    pub step: usize,
}

/// Solves `(I - Pᵀ) v = entering` for the expected visits `v` to each step, where
/// `edges[i]` lists `(next step, share)` and `entering[i]` is how many referrals enter
/// at step `i` from outside. Components nothing enters are left at zero visits without
/// being solved. Fails on a loop entered that cannot be left.
pub fn solve_visits(edges: &[Vec<(usize, f64)>], entering: &[f64]) -> Result<Vec<f64>, Trapped> {
    let n = edges.len();
    let components = strongly_connected(edges);
    let mut component_of = vec![0; n];
    for (c, members) in components.iter().enumerate() {
        for &i in members {
            component_of[i] = c;
        }
    }
    let mut inflow: Vec<f64> = (0..n)
        .map(|i| entering.get(i).copied().unwrap_or(0.0))
        .collect();
    let mut visits = vec![0.0; n];
    let mut local = vec![0; n];
    // Tarjan yields components in reverse topological order.
    for (c, members) in components.iter().enumerate().rev() {
        if members.iter().all(|&i| inflow[i] == 0.0) {
            continue; // never entered: zero visits
        }
        let part = Component {
            edges,
            members,
            c,
            component_of: &component_of,
        };
        part.solve(&inflow, &mut local, &mut visits)
            .map_err(|()| Trapped { step: members[0] })?;
        for &i in members {
            for &(j, share) in &edges[i] {
                if component_of[j] != c {
                    inflow[j] += visits[i] * share;
                }
            }
        }
    }
    Ok(visits)
}

/// One strongly connected component of the chain.
struct Component<'a> {
    edges: &'a [Vec<(usize, f64)>],
    members: &'a [usize],
    c: usize,
    component_of: &'a [usize],
}

impl Component<'_> {
    /// Solves `(I - P_CCᵀ) v_C = inflow_C` into `visits`; `local` is scratch of the
    /// chain's size.
    fn solve(&self, inflow: &[f64], local: &mut [usize], visits: &mut [f64]) -> Result<(), ()> {
        if let [i] = *self.members {
            let self_share: f64 = self.edges[i]
                .iter()
                .filter(|&&(j, _)| j == i)
                .map(|&(_, p)| p)
                .sum();
            let keep = 1.0 - self_share;
            if keep.is_nan() || keep <= SMALLEST_PIVOT {
                return Err(());
            }
            visits[i] = inflow[i] / keep;
            return Ok(());
        }
        for (k, &i) in self.members.iter().enumerate() {
            local[i] = k;
        }
        let mut system = Sparse::new(self.members.len());
        for (k, &i) in self.members.iter().enumerate() {
            system.rhs[k] = inflow[i];
            for &(j, share) in &self.edges[i] {
                if self.component_of[j] == self.c {
                    // Row r is the equation for member r: v_r - sum_k P[k][r] v_k = inflow_r.
                    system.add(local[j], k, -share);
                }
            }
        }
        let x = system.solve()?;
        for (k, &i) in self.members.iter().enumerate() {
            visits[i] = x[k];
        }
        Ok(())
    }
}

/// A square sparse system `A x = rhs` with a unit diagonal to start with, its rows as
/// ordered maps and, for each column, the rows with an entry in it.
struct Sparse {
    rows: Vec<BTreeMap<usize, f64>>,
    columns: Vec<BTreeSet<usize>>,
    rhs: Vec<f64>,
}

/// One eliminated pivot for back substitution: its index, the pivot, and the rest of
/// its row as (column, value).
type PivotRow = (usize, f64, Vec<(usize, f64)>);

impl Sparse {
    fn new(m: usize) -> Self {
        Self {
            rows: (0..m).map(|r| BTreeMap::from([(r, 1.0)])).collect(),
            columns: (0..m).map(|r| BTreeSet::from([r])).collect(),
            rhs: vec![0.0; m],
        }
    }

    fn add(&mut self, row: usize, column: usize, value: f64) {
        *self.rows[row].entry(column).or_insert(0.0) += value;
        self.columns[column].insert(row);
    }

    /// The Markowitz cost of pivoting on the diagonal entry `k`: the fill-in it can
    /// create at most.
    fn cost(&self, k: usize) -> usize {
        self.rows[k].len().saturating_sub(1) * self.columns[k].len().saturating_sub(1)
    }

    /// Eliminates down the diagonal, least Markowitz cost first, then substitutes back.
    fn solve(mut self) -> Result<Vec<f64>, ()> {
        let m = self.rows.len();
        let mut queue: BinaryHeap<Reverse<(usize, usize)>> =
            (0..m).map(|k| Reverse((self.cost(k), k))).collect();
        let mut done = vec![false; m];
        // Each pivot's row, for back substitution.
        let mut eliminated: Vec<PivotRow> = Vec::with_capacity(m);
        while let Some(Reverse((cost, k))) = queue.pop() {
            if done[k] || cost != self.cost(k) {
                continue; // a stale entry: the step was eliminated or its cost changed
            }
            done[k] = true;
            let mut row = std::mem::take(&mut self.rows[k]);
            let pivot = row.remove(&k).unwrap_or(0.0);
            if pivot.is_nan() || pivot <= SMALLEST_PIVOT {
                return Err(());
            }
            let column = std::mem::take(&mut self.columns[k]);
            for &j in row.keys() {
                self.columns[j].remove(&k);
            }
            for &i in column.iter().filter(|&&i| i != k) {
                let factor = self.rows[i].remove(&k).unwrap_or(0.0) / pivot;
                for (&j, &value) in &row {
                    match self.rows[i].entry(j) {
                        Entry::Vacant(e) => {
                            e.insert(-factor * value);
                            self.columns[j].insert(i);
                        }
                        Entry::Occupied(mut e) => *e.get_mut() -= factor * value,
                    }
                }
                self.rhs[i] -= factor * self.rhs[k];
                queue.push(Reverse((self.cost(i), i)));
            }
            for &j in row.keys() {
                queue.push(Reverse((self.cost(j), j)));
            }
            eliminated.push((k, pivot, row.into_iter().collect()));
        }
        let mut x = vec![0.0; m];
        for (k, pivot, row) in eliminated.iter().rev() {
            let known: f64 = row.iter().map(|&(j, a)| a * x[j]).sum();
            x[*k] = (self.rhs[*k] - known) / pivot;
        }
        Ok(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The dense solver this module replaced, kept as the oracle: each component as an
    /// `m × m` system, Gaussian elimination with partial pivoting.
    fn dense_visits(edges: &[Vec<(usize, f64)>], entering: &[f64]) -> Result<Vec<f64>, Trapped> {
        let n = edges.len();
        let components = strongly_connected(edges);
        let mut visits = vec![0.0; n];
        let mut inflow = entering.to_vec();
        let mut component_of = vec![usize::MAX; n];
        for (c, members) in components.iter().enumerate() {
            for &i in members {
                component_of[i] = c;
            }
        }
        for (c, members) in components.iter().enumerate().rev() {
            if members.iter().all(|&i| inflow[i] == 0.0) {
                continue;
            }
            dense_component(edges, members, c, &component_of, &inflow, &mut visits)
                .map_err(|()| Trapped { step: members[0] })?;
            for &i in members {
                for &(j, share) in &edges[i] {
                    if component_of[j] != c {
                        inflow[j] += visits[i] * share;
                    }
                }
            }
        }
        Ok(visits)
    }

    fn dense_component(
        edges: &[Vec<(usize, f64)>],
        members: &[usize],
        c: usize,
        component_of: &[usize],
        inflow: &[f64],
        visits: &mut [f64],
    ) -> Result<(), ()> {
        if let [i] = *members {
            let self_share: f64 = edges[i]
                .iter()
                .filter(|&&(j, _)| j == i)
                .map(|&(_, p)| p)
                .sum();
            let keep = 1.0 - self_share;
            if keep <= 1e-12 {
                return Err(());
            }
            visits[i] = inflow[i] / keep;
            return Ok(());
        }
        let m = members.len();
        let local: std::collections::HashMap<usize, usize> =
            members.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let width = m + 1;
        let mut a = vec![0.0; m * width];
        for (r, &i) in members.iter().enumerate() {
            a[r * width + r] = 1.0;
            a[r * width + m] = inflow[i];
        }
        for (k, &i) in members.iter().enumerate() {
            for &(j, share) in &edges[i] {
                if component_of[j] == c {
                    a[local[&j] * width + k] -= share;
                }
            }
        }
        for col in 0..m {
            let pivot = (col..m)
                .max_by(|&x, &y| {
                    a[x * width + col]
                        .abs()
                        .total_cmp(&a[y * width + col].abs())
                })
                .ok_or(())?;
            if a[pivot * width + col].abs() < 1e-12 {
                return Err(());
            }
            if pivot != col {
                for k in 0..width {
                    a.swap(pivot * width + k, col * width + k);
                }
            }
            let p = a[col * width + col];
            for row in 0..m {
                if row == col {
                    continue;
                }
                let factor = a[row * width + col] / p;
                if factor == 0.0 {
                    continue;
                }
                for k in col..width {
                    a[row * width + k] -= factor * a[col * width + k];
                }
            }
        }
        for (r, &i) in members.iter().enumerate() {
            visits[i] = a[r * width + m] / a[r * width + r];
        }
        Ok(())
    }

    fn start(n: usize) -> Vec<f64> {
        let mut b = vec![0.0; n];
        b[0] = 1.0;
        b
    }

    fn assert_close(sparse: &[f64], dense: &[f64]) {
        for (i, (s, d)) in sparse.iter().zip(dense).enumerate() {
            assert!(
                (s - d).abs() <= 1e-9 * d.abs().max(1.0),
                "step {i}: sparse {s} != dense {d}"
            );
        }
    }

    /// A cycle of `m` steps, each going on with `1 - exit` and leaving with `exit`.
    fn cycle(m: usize, exit: f64) -> Vec<Vec<(usize, f64)>> {
        (0..m).map(|i| vec![((i + 1) % m, 1.0 - exit)]).collect()
    }

    #[test]
    fn a_cycle_is_a_geometric_series() {
        // Round a cycle of 5 with 10% leaving at each step: the first step is visited
        // 1 / (1 - 0.9^5) times, the others 0.9^k times that.
        let v = solve_visits(&cycle(5, 0.1), &start(5)).unwrap();
        let first = 1.0 / (1.0 - 0.9f64.powi(5));
        for (k, vk) in v.iter().enumerate() {
            assert!(
                (vk - first * 0.9f64.powi(k as i32)).abs() < 1e-12,
                "{k}: {vk}"
            );
        }
    }

    #[test]
    fn a_loop_with_no_way_out_is_trapped_at_its_lowest_step() {
        let mut edges = vec![vec![(1, 1.0)], vec![(2, 1.0)], vec![(1, 1.0)]];
        assert_eq!(solve_visits(&edges, &start(3)), Err(Trapped { step: 1 }));
        // The same loop left once in 10^13 rounds: still trapped, as before.
        edges[2] = vec![(1, 1.0 - 1e-13)];
        assert_eq!(solve_visits(&edges, &start(3)), Err(Trapped { step: 1 }));
        assert_eq!(dense_visits(&edges, &start(3)), Err(Trapped { step: 1 }));
        // A loop nothing enters is not solved.
        assert_eq!(solve_visits(&edges, &[0.0; 3]), Ok(vec![0.0; 3]));
    }

    #[test]
    fn a_hub_that_every_step_returns_to_is_solved() {
        // Step 0 sends referrals to each of 200 steps, each returning 30% to the hub.
        let m = 200;
        let mut edges = vec![(1..=m).map(|j| (j, 1.0 / m as f64)).collect::<Vec<_>>()];
        edges.extend((1..=m).map(|_| vec![(0, 0.3)]));
        let v = solve_visits(&edges, &start(m + 1)).unwrap();
        assert!((v[0] - 1.0 / 0.7).abs() < 1e-12, "{}", v[0]);
        assert_close(&v, &dense_visits(&edges, &start(m + 1)).unwrap());
    }

    #[test]
    fn the_bundled_and_generated_pathways_solve_as_the_dense_solver_did() {
        let mut pathways: Vec<crate::model::Pathway> = crate::bundled::ALL
            .iter()
            .map(|m| m.load().unwrap().pathway)
            .collect();
        pathways.extend([7, 50, 400].map(crate::synthetic::pathway));
        pathways.push(crate::synthetic::looping_pathway(300));
        for p in &pathways {
            let edges = crate::graph::transitions(p);
            let b = start(edges.len());
            assert_close(
                &solve_visits(&edges, &b).unwrap(),
                &dense_visits(&edges, &b).unwrap(),
            );
        }
    }

    /// Random chains of up to 30 steps: each step has up to four links anywhere (loops
    /// of every shape) and may leave the chain with a share of 5% or more, or not at
    /// all; some loops are then closed.
    fn arb_chain() -> impl Strategy<Value = (Vec<Vec<(usize, f64)>>, Vec<f64>)> {
        (1usize..30).prop_flat_map(|n| {
            let step = (
                prop::collection::vec((0..n, 0.05f64..1.0), 0..5),
                prop_oneof![Just(0.0), 0.05f64..1.0],
            );
            (
                prop::collection::vec(step, n),
                prop::collection::vec(prop_oneof![3 => Just(0.0), 1 => 0.0f64..3.0], n),
            )
                .prop_map(|(steps, mut entering)| {
                    entering[0] = 1.0;
                    let edges = steps
                        .into_iter()
                        .map(|(links, exit)| {
                            let total: f64 = links.iter().map(|(_, w)| w).sum();
                            let exit = if links.is_empty() { 1.0 } else { exit };
                            links
                                .into_iter()
                                .map(|(j, w)| (j, w / total * (1.0 - exit)))
                                .collect()
                        })
                        .collect();
                    (edges, entering)
                })
        })
    }

    proptest! {
        #[test]
        fn sparse_elimination_agrees_with_the_dense_solver((edges, entering) in arb_chain()) {
            let sparse = solve_visits(&edges, &entering);
            let dense = dense_visits(&edges, &entering);
            match (&sparse, &dense) {
                (Ok(s), Ok(d)) => assert_close(s, d),
                _ => prop_assert_eq!(sparse.is_err(), dense.is_err(), "{:?} {:?}", sparse, dense),
            }
        }
    }
}
