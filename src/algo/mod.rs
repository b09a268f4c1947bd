//! Graph algorithms on the in-memory [`Graph`]: paths, neighbourhoods, components and
//! centralities. Every function is pure (it reads the graph and returns values) and takes a
//! [`Check`] that it calls inside every loop whose length grows with the graph, so that the
//! executor's cancellation flag and time limit stop an algorithm as they stop a MATCH.
//!
//! Nothing here knows Cypher: the `CALL algo.*` procedures are thin adapters over these
//! functions in the query layer (`query::exec::algo_args`).

mod centrality;
mod components;
mod paths;

use std::collections::HashMap;

use crate::graph::{Direction, Graph, RelView};
use crate::value::NodeId;

pub use centrality::{betweenness, degrees, page_rank, PageRankOptions};
pub use components::{strongly_connected_components, weakly_connected_components};
pub use paths::{
    all_shortest_paths, common_partners, neighborhood, shortest_path, simple_paths, FoundPath,
    PathOptions,
};

/// Why an algorithm ended without an answer.
#[derive(Debug, thiserror::Error)]
pub enum AlgoError {
    /// Its input cannot be used (a bad weight, no convergence); `code` names the reason.
    #[error("{message}")]
    Failed { code: &'static str, message: String },
    /// The caller's [`Check`] stopped it (a time limit, a cancellation), for the caller's
    /// reason.
    #[error("{0}")]
    Stopped(Box<dyn std::error::Error + Send + Sync>),
}

impl AlgoError {
    /// The caller's reason for stopping an algorithm, as its [`Check`] returns it.
    pub fn stopped(reason: impl std::error::Error + Send + Sync + 'static) -> AlgoError {
        AlgoError::Stopped(Box::new(reason))
    }

    /// What went wrong, in one word (`NegativeWeight`, `NoConvergence`, `Stopped`).
    pub fn code(&self) -> &'static str {
        match self {
            AlgoError::Failed { code, .. } => code,
            AlgoError::Stopped(_) => "Stopped",
        }
    }
}

/// The cancellation check an algorithm calls in its loops; an `Err` ends the algorithm
/// with that error.
pub type Check<'a> = &'a dyn Fn() -> Result<(), AlgoError>;

/// A check that never stops anything, for callers without limits.
pub fn no_check() -> Result<(), AlgoError> {
    Ok(())
}

/// An algorithm's failure on its input (a bad weight, no convergence).
pub(crate) fn error(code: &'static str, message: impl Into<String>) -> AlgoError {
    AlgoError::Failed {
        code,
        message: message.into(),
    }
}

/// Which relationships a traversal follows: a set of types (all when `None`) and a
/// direction relative to the node being expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traversal {
    pub rel_types: Option<Vec<String>>,
    pub direction: Direction,
}

impl Default for Traversal {
    fn default() -> Self {
        Traversal {
            rel_types: None,
            direction: Direction::Both,
        }
    }
}

impl Traversal {
    pub(crate) fn admits(&self, rel: &RelView<'_>) -> bool {
        self.rel_types
            .as_ref()
            .is_none_or(|types| types.iter().any(|t| t == rel.rel_type()))
    }

    /// The admitted relationships at `node`, each with the node at its other end. With
    /// `reverse`, the direction is flipped (for searching backwards from a target).
    pub(crate) fn steps<'g>(
        &'g self,
        graph: &'g Graph,
        node: NodeId,
        reverse: bool,
    ) -> impl Iterator<Item = (RelView<'g>, NodeId)> + 'g {
        let direction = match (self.direction, reverse) {
            (Direction::Outgoing, true) => Direction::Incoming,
            (Direction::Incoming, true) => Direction::Outgoing,
            (d, _) => d,
        };
        graph
            .relationships_at(node, direction)
            .filter(move |(rel, _)| self.admits(rel))
    }
}

/// The nodes the whole-graph algorithms measure: all but the source catalogue's, which
/// describe documents rather than institutions (and have no relationships, so they would
/// only add singleton components, zero degrees and a share of every normalisation).
pub(crate) fn measured_nodes(graph: &Graph) -> Vec<NodeId> {
    let ids = graph.node_ids();
    match graph.label_id(crate::provenance::SOURCE_LABEL) {
        None => ids,
        Some(label) => ids
            .into_iter()
            .filter(|&id| !graph.node_has_label(id, label))
            .collect(),
    }
}

/// Maps node ids to dense indices `0..n` that follow id order, so that the smallest
/// index of a set is its smallest id.
pub(crate) enum DenseIndex {
    /// Ids are close to dense (the usual case): a direct table.
    Table(Vec<u32>),
    Map(HashMap<NodeId, u32>),
}

const ABSENT: u32 = u32::MAX;

impl DenseIndex {
    fn new(ids: &[NodeId]) -> DenseIndex {
        let max = ids.last().copied().unwrap_or(0);
        if max < (ids.len() as u64).saturating_mul(4).saturating_add(1024) {
            let mut table = vec![ABSENT; max as usize + 1];
            for (i, &id) in ids.iter().enumerate() {
                if let Some(slot) = table.get_mut(id as usize) {
                    *slot = i as u32;
                }
            }
            DenseIndex::Table(table)
        } else {
            DenseIndex::Map(
                ids.iter()
                    .enumerate()
                    .map(|(i, &id)| (id, i as u32))
                    .collect(),
            )
        }
    }

    pub(crate) fn get(&self, id: NodeId) -> Option<u32> {
        match self {
            DenseIndex::Table(table) => usize::try_from(id)
                .ok()
                .and_then(|i| table.get(i))
                .copied()
                .filter(|&i| i != ABSENT),
            DenseIndex::Map(map) => map.get(&id).copied(),
        }
    }
}

/// A compact adjacency snapshot (compressed sparse rows) of the graph, for the algorithms
/// that sweep the whole graph many times: building it costs one pass over the
/// relationships, after which each sweep touches only flat arrays.
pub(crate) struct Csr {
    /// Dense index → node id, ascending.
    pub(crate) ids: Vec<NodeId>,
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

/// How [`Csr::build`] shapes the adjacency lists.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One entry per relationship in the traversal's direction (parallel relationships and
    /// self-loops kept).
    Multi,
    /// Distinct neighbours only, without the node itself (a simple graph's view).
    Simple,
}

impl Csr {
    pub(crate) fn build(
        graph: &Graph,
        traversal: &Traversal,
        shape: Shape,
        check: Check<'_>,
    ) -> Result<Csr, AlgoError> {
        let ids = measured_nodes(graph);
        let index = DenseIndex::new(&ids);
        let mut offsets = Vec::with_capacity(ids.len() + 1);
        let mut targets: Vec<u32> = Vec::with_capacity(graph.relationship_count());
        offsets.push(0);
        let mut scratch: Vec<u32> = Vec::new();
        for (i, &id) in ids.iter().enumerate() {
            scratch.clear();
            for (_, other) in traversal.steps(graph, id, false) {
                check()?;
                if let Some(j) = index.get(other) {
                    if shape == Shape::Simple && j as usize == i {
                        continue;
                    }
                    scratch.push(j);
                }
            }
            if shape == Shape::Simple {
                scratch.sort_unstable();
                scratch.dedup();
            }
            targets.extend_from_slice(&scratch);
            offsets.push(targets.len());
        }
        Ok(Csr {
            ids,
            offsets,
            targets,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The neighbours of dense node `i`.
    pub(crate) fn neighbours(&self, i: usize) -> &[u32] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&from), Some(&to)) => self.targets.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small graphs for the unit tests of the algorithm modules.

    use crate::graph::Graph;
    use crate::value::{NodeId, Properties, Value};

    /// A graph of `n` nodes named `n0`, `n1`, … and the given typed relationships.
    pub(crate) fn graph(n: usize, rels: &[(usize, usize, &str)]) -> (Graph, Vec<NodeId>) {
        let mut g = Graph::default();
        let ids: Vec<NodeId> = (0..n)
            .map(|i| {
                let mut p = Properties::new();
                p.insert("name".into(), Value::String(format!("n{i}")));
                g.create_node(vec!["Hospital".into()], p)
            })
            .collect();
        for &(a, b, t) in rels {
            g.create_relationship(t.into(), ids[a], ids[b], Properties::new());
        }
        (g, ids)
    }

    /// Like [`graph`], with a numeric `w` property on each relationship.
    pub(crate) fn weighted(n: usize, rels: &[(usize, usize, f64)]) -> (Graph, Vec<NodeId>) {
        let (mut g, ids) = graph(n, &[]);
        for &(a, b, w) in rels {
            let mut p = Properties::new();
            p.insert("w".into(), Value::Float(w));
            g.create_relationship("T".into(), ids[a], ids[b], p);
        }
        (g, ids)
    }
}

#[cfg(test)]
mod tests {
    use super::testing::graph;
    use super::*;

    #[test]
    fn csr_simple_view_drops_loops_and_parallels() {
        let (g, _) = graph(3, &[(0, 1, "T"), (0, 1, "T"), (1, 0, "U"), (2, 2, "T")]);
        let csr = Csr::build(&g, &Traversal::default(), Shape::Simple, &no_check).unwrap();
        assert_eq!(csr.neighbours(0), &[1]);
        assert_eq!(csr.neighbours(1), &[0]);
        assert!(csr.neighbours(2).is_empty());
        let out = Traversal {
            rel_types: Some(vec!["T".into()]),
            direction: Direction::Outgoing,
        };
        let csr = Csr::build(&g, &out, Shape::Multi, &no_check).unwrap();
        assert_eq!(csr.neighbours(0), &[1, 1]);
        assert!(csr.neighbours(1).is_empty());
        assert_eq!(csr.neighbours(2), &[2]);
    }

    #[test]
    fn dense_index_handles_sparse_ids() {
        let ids = vec![3, 10_000_000, 20_000_000];
        let index = DenseIndex::new(&ids);
        assert!(matches!(index, DenseIndex::Map(_)));
        assert_eq!(index.get(10_000_000), Some(1));
        assert_eq!(index.get(4), None);
        let index = DenseIndex::new(&[0, 2, 5]);
        assert_eq!(index.get(5), Some(2));
        assert_eq!(index.get(1), None);
        assert_eq!(index.get(u64::MAX), None);
    }
}
