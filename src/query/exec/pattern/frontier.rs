//! Rows counted per node before a part's last hop (the plan's `RowsPerNode`): when the
//! projection only counts rows (or sees them once) and reads nothing bound before the
//! hop's near node, every row that reaches the hop at one node leads to the same rows
//! from there. So the rows are counted per near node instead of being walked on, and once
//! the part has been matched, the hop walks from each node once and hands on each row it
//! gives with that count, for the projection to take repeated.
//!
//! The WHERE reads nothing the hop binds and cannot fail (the plan says so), so it
//! decides each row where it is counted. Each thread, and each input row, counts its own
//! rows: a node two of them reach is walked by both, each with its own count.

use rustc_hash::FxHashMap;

use crate::query::plan::Step;
use crate::query::QueryError;
use crate::value::{NodeId, Value};

use super::{Matcher, Move, Row};

/// Whether `step` is a MATCH whose rows are counted per node before its last hop.
pub(crate) fn counts_rows_per_node(step: &Step<'_>) -> bool {
    matches!(step.parts.as_slice(), [part] if part.rows_per_node.is_some())
}

/// The nodes the rows reaching the last hop share, in the order first reached, with how
/// many rows reached each.
#[derive(Default)]
pub(super) struct Frontier {
    nodes: Vec<(NodeId, u64)>,
    places: FxHashMap<NodeId, usize>,
    /// The part's moves, as the walk that counted the rows took them.
    moves: Vec<Move>,
    /// The counted nodes are being walked on from.
    walking: bool,
}

impl Frontier {
    fn add(&mut self, node: NodeId) {
        match self.places.get(&node) {
            Some(&at) => self.nodes[at].1 += 1,
            None => {
                self.places.insert(node, self.nodes.len());
                self.nodes.push((node, 1));
            }
        }
    }
}

impl Matcher<'_, '_, '_> {
    /// Whether move `step` of part `index` is where the rows are counted per node: as
    /// planned, for a consumer of repeated rows, into a node the row does not bind (the
    /// order of moves is the plan's), and not while the counted nodes are walked on from.
    pub(super) fn counts_at(&self, index: usize, step: usize, moves: &[Move], row: &Row) -> bool {
        let planned = (self.plan_ops.get(index)).and_then(|ops| ops.rows_per_node);
        if planned.is_none_or(|p| p.step != step)
            || index != 0
            || self.parts.len() != 1
            || self.repeats.is_none()
            || self.frontier.walking
            || step + 1 != moves.len()
        {
            return false;
        }
        let mv = moves[step];
        let far = &self.parts[index].nodes[mv.to];
        self.states[index].nodes[mv.to].is_none()
            && far.slot.is_none_or(|slot| row[slot].is_null())
            && self.parts[index].rels[mv.rel].range.is_none()
    }

    /// Counts a row reaching the last hop at its near node, when the WHERE keeps it.
    pub(super) fn count_at_frontier(
        &mut self,
        index: usize,
        moves: &[Move],
        step: usize,
        row: &Row,
    ) -> Result<(), QueryError> {
        if let Some(w) = self.sink.where_clause {
            if !self.all_conjuncts_true() && !self.exec.holds(w, &self.bindings(row))? {
                return Ok(());
            }
        }
        let Some(near) = self.states[index].nodes[moves[step].from] else {
            return Ok(());
        };
        if self.frontier.moves.is_empty() {
            self.frontier.moves = moves.to_vec();
        }
        self.frontier.add(near);
        Ok(())
    }

    /// Walks the last hop from each counted node once, handing on each row with the
    /// node's count.
    pub(super) fn expand_frontier(&mut self, row: &mut Row) -> Result<(), QueryError> {
        let nodes = std::mem::take(&mut self.frontier.nodes);
        self.frontier.places.clear();
        let moves = std::mem::take(&mut self.frontier.moves);
        let plan = (self.plan_ops.first()).and_then(|ops| ops.rows_per_node);
        let (Some(plan), Some(repeats)) = (plan, self.repeats) else {
            return Ok(());
        };
        let Some(&mv) = moves.get(plan.step) else {
            return Ok(());
        };
        // The WHERE decided every row where it was counted.
        let where_clause = self.sink.where_clause.take();
        let conjuncts = std::mem::take(&mut self.conjuncts);
        self.frontier.walking = true;
        let slot = self.parts[0].nodes[mv.from].slot;
        let mut result = Ok(());
        for (near, times) in nodes {
            if let Some((profile, _, _)) = self.profile {
                profile.row(plan.op);
            }
            repeats.set(times);
            let newly_set = slot.filter(|&slot| row[slot].is_null());
            if let Some(slot) = newly_set {
                row[slot] = Value::Node(near);
            }
            self.states[0].nodes[mv.from] = Some(near);
            result = self.expand_step(0, &moves, plan.step, row);
            self.states[0].nodes[mv.from] = None;
            if let Some(slot) = newly_set {
                row[slot] = Value::Null;
            }
            if result.is_err() || self.done() {
                break;
            }
        }
        repeats.set(1);
        self.frontier.walking = false;
        self.conjuncts = conjuncts;
        self.sink.where_clause = where_clause;
        result
    }
}
