//! Hops closed by a hash join from their far end (the plan's `NodeHashJoin`): where many
//! rows reach a hop whose far node few nodes fit, the far node's candidates are scanned
//! once, kept under their own conditions (labels, a property map of constants, the WHERE's
//! conjuncts on that node alone) and walked back over the hop; each row reaching the near
//! node then takes the relationships kept for it, instead of walking all of its own.
//!
//! The table is built by the first thread to reach the hop, for every row and thread of
//! the MATCH. Each relationship it hands out is checked as a walked one would be (its
//! type and direction were, its property map, its being unused in the match, the far
//! node's labels and map), and the WHERE still decides every row.

use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashMap;

use crate::graph::Direction;
use crate::query::plan::FarJoin;
use crate::query::QueryError;
use crate::value::{NodeId, RelId, Value};

use super::join::BuiltOnce;
use super::{own_conjuncts, reverse, Matcher, Move, Row};

/// The most relationships a table keeps: past it, the hop walks as before.
const MAX_KEPT: usize = 1 << 24;

/// A hop's table, built by the first thread to reach the hop while the others wait.
type FarCell = BuiltOnce<Option<FarTable>>;

/// The relationships of a hop whose far node fits, by near node.
pub(super) struct FarTable {
    /// The node position the table's far nodes are bound at (the plan's order of moves
    /// may differ on a row that binds the other end first: it then walks).
    far: usize,
    /// Per near node, its range in `entries`.
    ranges: FxHashMap<NodeId, (u32, u32)>,
    /// `(relationship, far node)`, grouped by near node, each group in the order the far
    /// nodes were scanned.
    entries: Vec<(RelId, NodeId)>,
    /// The far nodes scanned and kept, for PROFILE.
    scanned: usize,
    kept: usize,
}

impl FarTable {
    fn of(&self, near: NodeId) -> &[(RelId, NodeId)] {
        match self.ranges.get(&near) {
            Some(&(from, to)) => &self.entries[from as usize..to as usize],
            None => &[],
        }
    }
}

/// A planned far join of one part, with its table once built.
pub(super) struct FarHop {
    pub(super) plan: FarJoin,
    pub(super) cell: FarCell,
    /// Whether PROFILE has counted the build side: by the first thread that profiles to
    /// take the table, whichever built it.
    counted: AtomicBool,
}

impl FarHop {
    pub(super) fn new(plan: FarJoin) -> FarHop {
        FarHop {
            plan,
            cell: FarCell::default(),
            counted: AtomicBool::new(false),
        }
    }
}

impl<'e> Matcher<'e, '_, '_> {
    /// The relationships move `mv` of part `index` takes from `near` when the plan closes
    /// the hop by a hash join from its far end: `None` when it does not, or cannot here
    /// (then the hop walks).
    pub(super) fn far_join(
        &mut self,
        index: usize,
        mv: &Move,
        direction: Direction,
        near: NodeId,
    ) -> Result<Option<&'e [(RelId, NodeId)]>, QueryError> {
        let far_joins: &'e [Vec<FarHop>] = self.far_joins;
        let Some(hop) = far_joins
            .get(index)
            .and_then(|hops| hops.iter().find(|h| h.plan.rel == mv.rel))
        else {
            return Ok(None);
        };
        let part = &self.parts[index];
        let far = &part.nodes[mv.to];
        let fits = part.rels[mv.rel].range.is_none()
            && direction != Direction::Both
            && (far.props.is_none() || self.constant_maps[index].nodes[mv.to].is_some());
        if !fits {
            return Ok(None);
        }
        let table = (hop.cell).get_or_build(|| self.far_table(index, mv, direction))?;
        if let (Some((profile, _, _)), Some(table)) = (self.profile, table) {
            if !hop.counted.swap(true, Ordering::Relaxed) {
                profile.rows(hop.plan.scan, table.scanned);
                if let Some(filter) = hop.plan.filter {
                    profile.rows(filter, table.kept);
                }
                profile.rows(hop.plan.walk, table.entries.len());
            }
        }
        Ok(table
            .as_ref()
            .filter(|t| t.far == mv.to)
            .map(|t| t.of(near)))
    }

    /// Scans the far node's candidates under the WHERE's hints of constants, keeps those
    /// that fit the position and pass its own conjuncts, and walks back from each over the
    /// hop. `None`, for the hop to walk, when it would keep more than [`MAX_KEPT`]
    /// relationships or pass the memory limit, or when a hint raises an error.
    fn far_table(
        &mut self,
        index: usize,
        mv: &Move,
        direction: Direction,
    ) -> Result<Option<FarTable>, QueryError> {
        let exec = self.exec;
        let part = &self.parts[index];
        let mut alone: Row = vec![Value::Null; self.scope.len()];
        let hints = std::mem::replace(&mut self.hints, self.constant_hints);
        let found = self.candidates_fitting(part, mv.to, &alone);
        self.hints = hints;
        // A hint that raises an error is left to the walk, which raises it only where a
        // row reaches it.
        let Ok((candidates, fitting)) = found else {
            return Ok(None);
        };
        let own: Vec<_> = part.nodes[mv.to]
            .slot
            .map(|slot| own_conjuncts(self.conjuncts, self.scope, slot).collect())
            .unwrap_or_default();
        let types = self.type_ids[index][mv.rel].as_deref();
        let back = reverse(direction);
        let mut found: Vec<(NodeId, RelId, NodeId)> = Vec::new();
        let mut kept = 0;
        for &id in &candidates {
            exec.guard.tick()?;
            let Some(set) = self.bind_node_at(index, mv.to, id, &mut alone, fitting)? else {
                continue;
            };
            // In the WHERE's order: an error keeps the node, for the WHERE to raise on a
            // complete row; a false or null before it drops the node.
            let mut passes = true;
            for conjunct in &own {
                match self.verdict(conjunct, &alone, None) {
                    Some(Some(true)) => {}
                    None => break,
                    Some(_) => {
                        passes = false;
                        break;
                    }
                }
            }
            self.unbind_node(index, mv.to, set, &mut alone);
            if !passes {
                continue;
            }
            kept += 1;
            for (rel, near) in exec.graph.relationships_to_at(id, back, types, |_| true) {
                found.push((near, rel.id(), id));
            }
            if found.len() > MAX_KEPT {
                return Ok(None);
            }
        }
        // Kept for the whole MATCH: within the memory limit, or the hop walks.
        let budget = &exec.guard.budget;
        let bytes = found.len() * (std::mem::size_of::<(NodeId, RelId, NodeId)>() + 8);
        if budget.charge(bytes).is_err() {
            budget.release(bytes);
            return Ok(None);
        }
        found.sort_by_key(|&(near, _, _)| near);
        let mut ranges = FxHashMap::default();
        let mut start = 0;
        for (at, entry) in found.iter().enumerate() {
            let next = found.get(at + 1).map(|e| e.0);
            if next != Some(entry.0) {
                ranges.insert(entry.0, (start as u32, at as u32 + 1));
                start = at + 1;
            }
        }
        Ok(Some(FarTable {
            far: mv.to,
            ranges,
            entries: found.into_iter().map(|(_, rel, far)| (rel, far)).collect(),
            scanned: candidates.len(),
            kept,
        }))
    }
}
