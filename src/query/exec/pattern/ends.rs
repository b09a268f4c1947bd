//! Distinct far ends of an expansion (the plan's `Expand(Distinct)` and
//! `VarLengthExpand(Pruning)`), found by searches over node positions that read no
//! relationship record, instead of enumerating every trail.

use crate::graph::{Direction, Graph, RelTypeId};
use crate::query::QueryError;
use crate::value::NodeId;

use super::super::Guard;

/// The distinct ends of the trails from `from` along directed relationships of `types`
/// (any type when empty), with a length in `min..=max`, or `None` for bounds this does not
/// handle exactly. The search runs over node positions (see [`Graph::neighbours`]), with a
/// visited bitmap, reading no relationship record.
///
/// With `min <= 1`, a node other than `from` ends such a trail exactly when a walk of at
/// most `max` reaches it (the shortest walk repeats no node, so no relationship), which a
/// breadth-first search over levels finds. `from` itself ends one when `min` is 0, or when
/// a relationship leads back to it from a node within `max - 1` (a shortest closed walk
/// is a cycle). With `min == max == 2`, a walk `from -e1-> u -e2-> v` is a trail unless
/// `e1 == e2`, which only a self-loop at `from` taken twice can be.
pub(crate) fn trail_ends(
    graph: &Graph,
    guard: &Guard,
    from: NodeId,
    direction: Direction,
    (min, max): (u64, u64),
    types: &[String],
) -> Result<Option<Vec<NodeId>>, QueryError> {
    if direction == Direction::Both && min > 1 {
        return Ok(None);
    }
    let type_ids = graph.type_ids(types);
    let types = (!types.is_empty()).then_some(type_ids.as_slice());
    let Some(start) = graph.position_of(from) else {
        return Ok(Some(Vec::new()));
    };
    if direction == Direction::Both {
        let ends = undirected_trail_ends(graph, guard, start, min, max, types)?;
        return Ok(Some(ids(graph, ends)));
    }
    let mut seen = PositionSet::new(graph);
    let mut ends = Vec::new();
    if min <= 1 {
        seen.insert(start);
        let mut back_to_start = min == 0;
        if min == 0 {
            ends.push(start);
        }
        let mut frontier = vec![start];
        for _ in 0..max {
            let mut next = Vec::new();
            for &node in &frontier {
                for (other, _) in graph.neighbours(node, direction, types) {
                    guard.tick()?;
                    if other == start && !back_to_start {
                        back_to_start = true;
                        ends.push(start);
                    }
                    if seen.insert(other) {
                        next.push(other);
                        ends.push(other);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        return Ok(Some(ids(graph, ends)));
    }
    if (min, max) != (2, 2) {
        return Ok(None);
    }
    let mut first = PositionSet::new(graph);
    let mut middles = Vec::new();
    let mut loops = Vec::new();
    for (other, edge) in graph.neighbours(start, direction, types) {
        guard.tick()?;
        if other == start {
            loops.push(edge);
        }
        if first.insert(other) {
            middles.push(other);
        }
    }
    // Through `from` itself (reached by a self-loop), a second step may not take that same
    // loop again unless another loop could have been the first step.
    let forbidden = match loops.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
    for middle in middles {
        for (other, edge) in graph.neighbours(middle, direction, types) {
            guard.tick()?;
            if middle == start && forbidden == Some(edge) {
                continue;
            }
            if seen.insert(other) {
                ends.push(other);
            }
        }
    }
    Ok(Some(ids(graph, ends)))
}

/// [`trail_ends`] for an undirected pattern with `min <= 1`. A node other than `from` ends
/// such a trail exactly when it lies within `max` hops (a shortest walk is a path). `from`
/// itself ends one when `min` is 0, or when a cycle through it has at most `max`
/// relationships: a self-loop, or a relationship between two nodes whose shortest paths
/// from `from` leave it by different relationships (the breadth-first tree's branches),
/// which closes a cycle of their two depths plus one (two parallel relationships to one
/// neighbour are the shortest such, of two).
/// Works on positions: `start` is `from`'s, and so are the ends returned.
fn undirected_trail_ends(
    graph: &Graph,
    guard: &Guard,
    start: u32,
    min: u64,
    max: u64,
    types: Option<&[RelTypeId]>,
) -> Result<Vec<u32>, QueryError> {
    // Per position reached: its depth and the relationship by which its branch leaves
    // `from`; `from` itself has none.
    let mut reached: rustc_hash::FxHashMap<u32, (u64, Option<u32>)> = Default::default();
    reached.insert(start, (0, None));
    let mut ends = Vec::new();
    let mut start_ends = min == 0;
    let mut frontier = vec![start];
    for depth in 0..max {
        let mut next = Vec::new();
        for &node in &frontier {
            let (_, branch) = reached[&node];
            for (other, edge) in graph.neighbours(node, Direction::Both, types) {
                guard.tick()?;
                let reach = (depth + 1, branch.or(Some(edge)));
                match reached.get(&other) {
                    None => {
                        reached.insert(other, reach);
                        next.push(other);
                        ends.push(other);
                    }
                    Some(&(seen_depth, seen_branch)) => {
                        let closes = if other == start {
                            // A self-loop at `from`, or a second relationship back to it.
                            node == start || branch != Some(edge)
                        } else {
                            seen_branch != reach.1
                        };
                        start_ends |= closes && depth + 1 + seen_depth <= max;
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    if start_ends {
        ends.push(start);
    }
    Ok(ends)
}

/// The distinct nodes one relationship of `types` (any type when empty) away from `from`
/// in `direction`, in the order [`Graph::relationships_at`] meets them.
pub(crate) fn distinct_neighbours(
    graph: &Graph,
    guard: &Guard,
    from: NodeId,
    direction: Direction,
    types: &[String],
) -> Result<Vec<NodeId>, QueryError> {
    let type_ids = graph.type_ids(types);
    let types = (!types.is_empty()).then_some(type_ids.as_slice());
    let Some(start) = graph.position_of(from) else {
        return Ok(Vec::new());
    };
    let mut seen = PositionSet::new(graph);
    let mut ends = Vec::new();
    for (other, _) in graph.neighbours(start, direction, types) {
        guard.tick()?;
        if seen.insert(other) {
            ends.push(other);
        }
    }
    Ok(ids(graph, ends))
}

fn ids(graph: &Graph, positions: Vec<u32>) -> Vec<NodeId> {
    positions
        .into_iter()
        .map(|p| graph.id_at_position(p))
        .collect()
}

/// A set of node positions: a short list while it is small, as most neighbourhoods are, then
/// a bitmap over every position, so that a search run from each of many start nodes does
/// not clear a graph-sized bitmap every time.
struct PositionSet {
    small: Vec<u32>,
    words: Vec<u64>,
    bound: usize,
}

impl PositionSet {
    /// Past this many members the list becomes a bitmap.
    const SMALL: usize = 32;

    fn new(graph: &Graph) -> PositionSet {
        PositionSet {
            small: Vec::new(),
            words: Vec::new(),
            bound: graph.position_bound(),
        }
    }

    /// Adds `position`; false when it was there already.
    #[inline]
    fn insert(&mut self, position: u32) -> bool {
        if self.words.is_empty() {
            return self.insert_small(position);
        }
        self.set(position)
    }

    #[inline(never)]
    fn insert_small(&mut self, position: u32) -> bool {
        if self.small.contains(&position) {
            return false;
        }
        if self.small.len() < Self::SMALL {
            self.small.push(position);
            return true;
        }
        self.words = vec![0; self.bound.div_ceil(64).max(1)];
        for member in std::mem::take(&mut self.small) {
            self.set(member);
        }
        self.set(position)
    }

    #[inline]
    fn set(&mut self, position: u32) -> bool {
        let (word, bit) = ((position / 64) as usize, 1u64 << (position % 64));
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        let fresh = self.words[word] & bit == 0;
        self.words[word] |= bit;
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Properties;

    /// Members inserted in any order, repeated, past the list's size and beyond the
    /// bound the set was made with, are each reported fresh exactly once.
    #[test]
    fn position_set_reports_each_member_once_across_both_forms() {
        let mut graph = Graph::default();
        for _ in 0..200 {
            graph.create_node(Vec::new(), Properties::new());
        }
        for members in [5u32, 32, 33, 150] {
            let mut set = PositionSet::new(&graph);
            let mut expected = std::collections::BTreeSet::new();
            for round in 0..3 {
                for i in 0..members {
                    let position = (i * 37 + round) % (members + 1) + (i % 2) * 400;
                    assert_eq!(
                        set.insert(position),
                        expected.insert(position),
                        "{position}"
                    );
                }
            }
        }
    }
}
