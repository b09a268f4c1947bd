//! Hops taken toward the node their next hop closes into (the plan's `Expand(Toward)`):
//! in a square `(a)-->(b)-->(c)<--(d)<--(a)`, each row `(a, b, c)` would walk every
//! relationship of `a` to a `d` and then look for one from `d` to its `c`. Instead, the
//! two hops from `a` are walked once into a table keyed by the node they reach, kept
//! while rows share `a` (they come one after another: `a` was bound before them), and
//! each row takes only the relationships whose far node leads on to its own `c`. The
//! hop and the next still check everything a walk checks (property maps, labels, the
//! relationships' being unused, the WHERE), so the table only spares the rows that
//! could not close.

use crate::graph::Direction;
use crate::query::QueryError;
use crate::value::{NodeId, RelId, Value};

use super::{far_end_test, reverse, Matcher, Move, Row};

/// The most entries a table holds for one near node: past it, that node's rows walk.
const MAX_ENTRIES: usize = 1 << 20;

/// The two-hop neighbours of one near node, for one planned hop.
pub(super) struct TowardTable {
    part: usize,
    rel: usize,
    near: Option<NodeId>,
    /// `(node closed into, the hop's relationship's place in its walk, the relationship,
    /// the hop's far node)`, sorted: by the node closed into, then in the hop's order.
    entries: Vec<(NodeId, u32, RelId, NodeId)>,
    /// The near node has more two-hop neighbours than a table holds.
    walks: bool,
}

impl TowardTable {
    fn new(part: usize, rel: usize) -> TowardTable {
        TowardTable {
            part,
            rel,
            near: None,
            entries: Vec::new(),
            walks: false,
        }
    }

    fn toward(&self, target: NodeId) -> &[(NodeId, u32, RelId, NodeId)] {
        let from = self.entries.partition_point(|e| e.0 < target);
        let to = from + self.entries[from..].partition_point(|e| e.0 == target);
        &self.entries[from..to]
    }
}

impl Matcher<'_, '_, '_> {
    /// Takes move `step` of part `index` from `near` toward the node the next move closes
    /// into, when the plan says so and the row allows it: `None` when it does not (the
    /// hop then walks).
    pub(super) fn expand_toward(
        &mut self,
        index: usize,
        moves: &[Move],
        step: usize,
        near: NodeId,
        direction: Direction,
        row: &mut Row,
    ) -> Option<Result<(), QueryError>> {
        let mv = moves[step];
        let planned = (self.plan_ops.get(index)).is_some_and(|ops| ops.towards.contains(&mv.rel));
        let next = moves.get(step + 1).filter(|next| next.from == mv.to)?;
        let part = &self.parts[index];
        if !planned || part.rels[mv.rel].range.is_some() || part.rels[next.rel].range.is_some() {
            return None;
        }
        let target = self.states[index].nodes[next.to].or_else(|| {
            match &row[part.nodes[next.to].slot?] {
                Value::Node(id) => Some(*id),
                _ => None,
            }
        })?;
        let mut table = self.toward_table(index, mv.rel);
        if table.near != Some(near) {
            if let Err(error) = self.fill_toward(&mut table, index, (&mv, direction), next, near) {
                self.toward_tables.push(table);
                return Some(Err(error));
            }
        }
        let result = (!table.walks).then(|| {
            let graph = &self.exec.graph;
            let rels = (table.toward(target).iter())
                .filter_map(|&(_, _, rel, far)| Some((graph.relationship(rel)?, far)));
            self.expand_one_hop(index, moves, step, row, rels)
        });
        self.toward_tables.push(table);
        result
    }

    /// The table of hop `rel` of part `index`, taken out of the matcher while the rows it
    /// serves are matched (a later part's hop may need its own meanwhile).
    fn toward_table(&mut self, index: usize, rel: usize) -> TowardTable {
        let at = (self.toward_tables.iter()).position(|t| t.part == index && t.rel == rel);
        match at {
            Some(at) => self.toward_tables.swap_remove(at),
            None => TowardTable::new(index, rel),
        }
    }

    /// Walks the hop from `near` and, from each far node its labels allow, the next hop
    /// to the nodes the next position's labels allow.
    fn fill_toward(
        &self,
        table: &mut TowardTable,
        index: usize,
        (mv, direction): (&Move, Direction),
        next: &Move,
        near: NodeId,
    ) -> Result<(), QueryError> {
        let exec = self.exec;
        let graph = &*exec.graph;
        table.near = Some(near);
        table.walks = false;
        table.entries.clear();
        let onward = match next.forward {
            true => self.parts[index].rels[next.rel].direction,
            false => reverse(self.parts[index].rels[next.rel].direction),
        };
        let types = self.type_ids[index][mv.rel].as_deref();
        let next_types = self.type_ids[index][next.rel].as_deref();
        let middle_fits = far_end_test(graph, None, &self.label_ids[index][mv.to]);
        let target_labels = &self.label_ids[index][next.to];
        // Each hop's relationship once per node closed into, however many ways lead
        // there from its far node.
        let found = &mut table.entries;
        for (order, (rel, middle)) in graph
            .relationships_to_at(near, direction, types, middle_fits)
            .enumerate()
        {
            exec.guard.tick()?;
            let targets = graph.relationships_to_at(
                middle,
                onward,
                next_types,
                far_end_test(graph, None, target_labels),
            );
            found.extend(targets.map(|(_, target)| (target, order as u32, rel.id(), middle)));
            if found.len() > MAX_ENTRIES {
                table.walks = true;
                return Ok(());
            }
        }
        found.sort_unstable_by_key(|&(target, order, _, _)| (target, order));
        found.dedup_by_key(|&mut (target, order, _, _)| (target, order));
        Ok(())
    }
}
