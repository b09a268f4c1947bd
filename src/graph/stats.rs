//! Statistics for the planner beyond the counters the graph keeps anyway: how many
//! relationships of each type run from nodes of one label to nodes of another, how
//! degrees go together along a path, and what share of a label's nodes hold a value.
//!
//! The triples are built by the first plan that asks (a pass over every relationship, both
//! cores), then kept exact by every relationship written or removed; a change of a node's
//! labels drops them, to be built again when next asked. The degree biases are sampled
//! when asked and measured again once the graph has grown or shrunk by a sixteenth.

use rustc_hash::FxHashMap as HashMap;

use petgraph::stable_graph::{EdgeIndex, StableDiGraph};
use petgraph::visit::EdgeIndexable;

use super::{NodeRecord, RelRecord};

/// Stands for "any node" on either side of a triple.
pub(super) const ANY: u32 = u32::MAX;

/// Relationships per (start label, type, end label), with [`ANY`] for either label: a
/// relationship counts once under each label of its start (and under `ANY`) with each label
/// of its end (and `ANY`). `(ANY, type, ANY)` is left to the type counts.
#[derive(Debug, Default, Clone)]
pub(super) struct Triples {
    counts: HashMap<(u32, u32, u32), u64>,
}

impl Triples {
    /// Counts a relationship of `rel_type` between nodes with the `start` and `end` labels
    /// in (`added`) or out.
    pub(super) fn count(&mut self, start: &[u32], rel_type: u32, end: &[u32], added: bool) {
        if added {
            self.add(start, rel_type, end, 1);
        } else {
            self.each_key(start, rel_type, end, |n| *n = n.saturating_sub(1));
        }
    }

    fn add(&mut self, start: &[u32], rel_type: u32, end: &[u32], count: u64) {
        self.each_key(start, rel_type, end, |n| *n += count);
    }

    /// `change` on the count of every triple a relationship of `rel_type` between nodes
    /// with the `start` and `end` labels counts under.
    fn each_key(&mut self, start: &[u32], rel_type: u32, end: &[u32], change: impl Fn(&mut u64)) {
        for &a in start.iter().chain(&[ANY]) {
            for &b in end.iter().chain(&[ANY]) {
                if a != ANY || b != ANY {
                    change(self.counts.entry((a, rel_type, b)).or_default());
                }
            }
        }
    }

    /// Relationships of `rel_type` from nodes labelled `start` to nodes labelled `end`
    /// (either [`ANY`], not both).
    pub(super) fn get(&self, start: u32, rel_type: u32, end: u32) -> u64 {
        self.counts
            .get(&(start, rel_type, end))
            .copied()
            .unwrap_or(0)
    }

    /// Every count, zeros included (for tests that compare two of them).
    #[cfg(test)]
    pub(super) fn entries(&self) -> impl Iterator<Item = (&(u32, u32, u32), u64)> + '_ {
        self.counts.iter().map(|(k, n)| (k, *n))
    }

    /// Counts every relationship of `inner`, whose nodes' labels `labels_at` hands out by
    /// position and whose relationships' types `type_of` reads from their records.
    pub(super) fn build<L: Iterator<Item = u32>>(
        inner: &StableDiGraph<NodeRecord, RelRecord>,
        labels_at: impl Fn(usize) -> L,
        type_of: impl Fn(&RelRecord) -> u32 + Sync,
    ) -> Triples {
        // Relationships are first counted per (start's label set, type, end's label set):
        // a graph has few distinct sets, so that is one increment of a small table per
        // relationship; each set then spreads its count over its labels.
        let positions = inner
            .node_indices()
            .map(|ix| ix.index() + 1)
            .max()
            .unwrap_or(0);
        let mut sets: HashMap<Vec<u32>, u32> = HashMap::default();
        let set_at: Vec<u32> = (0..positions)
            .map(|at| {
                let labels: Vec<u32> = labels_at(at).collect();
                let next = sets.len() as u32;
                *sets.entry(labels).or_insert(next)
            })
            .collect();
        let per_set = |edges: std::ops::Range<usize>| {
            let mut counts: HashMap<(u32, u32, u32), u64> = HashMap::default();
            let mut last = None;
            for at in edges {
                let ix = EdgeIndex::new(at);
                let (Some((from, to)), Some(record)) =
                    (inner.edge_endpoints(ix), inner.edge_weight(ix))
                else {
                    continue;
                };
                let (Some(&a), Some(&b)) = (set_at.get(from.index()), set_at.get(to.index()))
                else {
                    continue;
                };
                let key = (a, type_of(record), b);
                // Runs of one key are common (a node's relationships sit together).
                match &mut last {
                    Some((k, n)) if *k == key => *n += 1,
                    _ => {
                        if let Some((k, n)) = last.replace((key, 1)) {
                            *counts.entry(k).or_default() += n;
                        }
                    }
                }
            }
            if let Some((k, n)) = last {
                *counts.entry(k).or_default() += n;
            }
            counts
        };
        let bound = inner.edge_bound();
        let (first, second) = std::thread::scope(|scope| {
            let first = scope.spawn(|| per_set(0..bound / 2));
            let second = per_set(bound / 2..bound);
            // Counting cannot panic; were it to, the estimates would be off, not wrong.
            (first.join().unwrap_or_default(), second)
        });
        let mut labels_of_set = vec![Vec::new(); sets.len()];
        for (labels, id) in sets {
            labels_of_set[id as usize] = labels;
        }
        let mut triples = Triples::default();
        for ((a, rel_type, b), n) in first.into_iter().chain(second) {
            triples.add(
                &labels_of_set[a as usize],
                rel_type,
                &labels_of_set[b as usize],
                n,
            );
        }
        triples
    }
}

/// One side of a hop at a node: the relationship types followed (empty: any) and the
/// direction, seen from the node.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HopSide {
    pub types: Vec<super::RelTypeId>,
    pub direction: super::Direction,
}

/// The node label (or [`ANY`]) and the two sides a bias is asked for.
pub(super) type BiasKey = (u32, HopSide, HopSide);

/// How many hubs a bias is measured on, and how many other nodes at most.
pub(super) const BIAS_SAMPLE: usize = 4096;

/// How many nodes an equality's share is measured on at most.
pub(super) const VALUE_SAMPLE: usize = 512;

/// A degree bias with the graph's (nodes, relationships) when it was measured.
pub(super) struct Measured {
    pub(super) bias: Option<f64>,
    pub(super) size: (usize, usize),
}

impl Measured {
    /// Whether it still stands for a graph of `size`: neither count moved by more than a
    /// sixteenth (writes change an estimate's inputs little until they change the graph
    /// much, and measuring again costs a pass over the label's nodes).
    pub(super) fn holds_at(&self, size: (usize, usize)) -> bool {
        let near = |then: usize, now: usize| then.abs_diff(now) <= then / 16;
        near(self.size.0, size.0) && near(self.size.1, size.1)
    }
}

/// The degree bias of a sample of nodes, from each node's `(weight, arrived, onward)`:
/// how many nodes it stands for and its degrees. It is the mean onward degree of the nodes
/// a path arrives at (each weighted by the ways to arrive at it, its `arrived` degree) over
/// the plain mean onward degree: above 1 when the nodes many paths reach also lead on to
/// many (hubs), below 1 when they lead on to few. `None` when no path arrives or none
/// leads on in the sample.
pub(super) fn degree_bias(sample: impl Iterator<Item = (usize, usize, usize)>) -> Option<f64> {
    let (mut nodes, mut arrivals, mut onward, mut weighted) = (0f64, 0f64, 0f64, 0f64);
    for (weight, arrived, leaving) in sample {
        let (weight, arrived, leaving) = (weight as f64, arrived as f64, leaving as f64);
        nodes += weight;
        arrivals += weight * arrived;
        onward += weight * leaving;
        weighted += weight * arrived * leaving;
    }
    if arrivals == 0.0 || onward == 0.0 {
        return None;
    }
    Some((weighted / arrivals) / (onward / nodes))
}

#[cfg(test)]
mod tests {
    use super::degree_bias;

    #[test]
    fn degree_bias_weighs_nodes_by_the_paths_that_reach_them() {
        // Degrees that do not go together: no bias.
        let even = [(1, 2, 3), (1, 2, 3), (1, 2, 3)];
        assert_eq!(degree_bias(even.into_iter()), Some(1.0));
        // One node reached 10 times leads on to 9; nine reached once lead on to 1 each.
        // Paths reach a node leading on to (10 × 9 + 9 × 1) / 19 on average, where the
        // average node leads on to 18 / 10.
        let hub = std::iter::once((1, 10, 9)).chain(std::iter::repeat_n((1, 1, 1), 9));
        let bias = degree_bias(hub).expect("a bias");
        assert!((bias - (99.0 / 19.0) / 1.8).abs() < 1e-9, "{bias}");
        // A node standing for three counts three times.
        let weighted = [(3, 1, 1), (1, 2, 4)];
        let spelled = [(1, 1, 1), (1, 1, 1), (1, 1, 1), (1, 2, 4)];
        assert_eq!(
            degree_bias(weighted.into_iter()),
            degree_bias(spelled.into_iter())
        );
        // Nothing arrives, or nothing leads on.
        assert_eq!(degree_bias([(1, 0, 5)].into_iter()), None);
        assert_eq!(degree_bias([(1, 5, 0)].into_iter()), None);
    }
}
