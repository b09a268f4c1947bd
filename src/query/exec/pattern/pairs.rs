//! Moves into a bound node closed from a table of pairs (the plan's `Expand(IntoPairs)`):
//! where about as many rows reach a move into a bound node (a cycle closed, as in mutual
//! funding) as there are relationships of its types, each row's walk (the degrees of both
//! ends, then a search of the shorter list, each a miss) costs more than one table of
//! every relationship of those types by its two ends, built once for the MATCH, and a
//! probe per row.
//!
//! The table is built by the first thread to reach the move, for every row and thread of
//! the MATCH. Each relationship it hands out is checked as a walked one would be (its
//! type and direction are the table's), and the WHERE still decides every row.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::graph::{Direction, RelTypeId};
use crate::query::QueryError;
use crate::value::{NodeId, RelId};

use super::join::BuiltOnce;
use super::{Executor, Matcher, Move};

/// The most relationships a table keeps: past it, the move walks as before.
const MAX_KEPT: usize = 1 << 24;

/// A planned move closed from a table of pairs, with the table once built.
pub(super) struct PairsHop {
    /// The move's relationship position in its part.
    rel: usize,
    cell: BuiltOnce<Option<PairsTable>>,
}

impl PairsHop {
    pub(super) fn new(rel: usize) -> PairsHop {
        PairsHop {
            rel,
            cell: BuiltOnce::default(),
        }
    }
}

/// The relationships of some types by their (start, end) nodes.
pub(super) struct PairsTable {
    /// The relationship of each pair, the newest where there are several.
    first: FxHashMap<(NodeId, NodeId), RelId>,
    /// The others of the pairs that have several, newest first.
    more: FxHashMap<(NodeId, NodeId), Vec<RelId>>,
}

impl PairsTable {
    /// The table of the relationships of `types`; `None` past [`MAX_KEPT`] of them.
    fn build(exec: &Executor<'_>, types: &[RelTypeId]) -> Result<Option<PairsTable>, QueryError> {
        let graph = &exec.graph;
        let total: usize = types.iter().map(|&t| graph.slots_of_type(t).len()).sum();
        if total > MAX_KEPT {
            return Ok(None);
        }
        let mut first = FxHashMap::default();
        first.reserve(total);
        let mut more: FxHashMap<(NodeId, NodeId), Vec<RelId>> = FxHashMap::default();
        for &rel_type in types {
            // Slots ascend; a node's relationships are walked newest first.
            for &slot in graph.slots_of_type(rel_type).iter().rev() {
                exec.guard.tick()?;
                let Some(rel) = graph.relationship_at_slot(slot) else {
                    continue;
                };
                let pair = (rel.start(), rel.end());
                match first.entry(pair) {
                    Entry::Vacant(place) => {
                        place.insert(rel.id());
                    }
                    Entry::Occupied(_) => more.entry(pair).or_default().push(rel.id()),
                }
            }
        }
        Ok(Some(PairsTable { first, more }))
    }

    /// The relationships running from `start` to `end`.
    fn running(&self, start: NodeId, end: NodeId) -> impl Iterator<Item = RelId> + '_ {
        let pair = (start, end);
        let first = self.first.get(&pair).copied();
        let more = first
            .filter(|_| !self.more.is_empty())
            .and_then(|_| self.more.get(&pair));
        first.into_iter().chain(more.into_iter().flatten().copied())
    }

    /// The relationships between `near` and `far` in `direction`, seen from `near`.
    fn between(
        &self,
        near: NodeId,
        far: NodeId,
        direction: Direction,
    ) -> impl Iterator<Item = RelId> + '_ {
        let outgoing = direction != Direction::Incoming;
        let incoming = direction != Direction::Outgoing && (near != far || !outgoing);
        let out = outgoing.then(|| self.running(near, far));
        let into = incoming.then(|| self.running(far, near));
        out.into_iter().flatten().chain(into.into_iter().flatten())
    }

    fn bytes(&self) -> usize {
        let entry = std::mem::size_of::<((NodeId, NodeId), RelId)>() + 1;
        self.first.capacity() * entry
            + (self.more.values())
                .map(|v| 48 + v.len() * 8)
                .sum::<usize>()
    }
}

impl<'e> Matcher<'e, '_, '_> {
    /// The relationships move `mv` of part `index` takes from `near` into the bound node
    /// `far` when the plan closes it from a table of pairs: `None` when it does not, or
    /// cannot (then the move walks).
    pub(super) fn pairs_between(
        &self,
        index: usize,
        mv: &Move,
        (near, far): (NodeId, NodeId),
        direction: Direction,
    ) -> Result<Option<impl Iterator<Item = RelId> + 'e>, QueryError> {
        let hops: &'e [Vec<PairsHop>] = self.pairs;
        let Some(hop) = hops
            .get(index)
            .and_then(|hops| hops.iter().find(|h| h.rel == mv.rel))
        else {
            return Ok(None);
        };
        let Some(types) = self.type_ids[index][mv.rel].as_deref() else {
            return Ok(None);
        };
        let exec = self.exec;
        let table = hop.cell.get_or_build(|| {
            let Some(table) = PairsTable::build(exec, types)? else {
                return Ok::<_, QueryError>(None);
            };
            // Kept for the whole MATCH: within the memory limit, or the move walks.
            let budget = &exec.guard.budget;
            let bytes = table.bytes();
            if budget.charge(bytes).is_err() {
                budget.release(bytes);
                return Ok(None);
            }
            Ok(Some(table))
        })?;
        Ok(table.as_ref().map(|t| t.between(near, far, direction)))
    }
}
