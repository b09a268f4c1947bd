//! Paths between institutions: shortest paths (bidirectional breadth-first search by hops,
//! Dijkstra by a numeric relationship property), every shortest path, every simple path up
//! to a bound, the k-hop neighbourhood and the partners two institutions share.

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};

use rustc_hash::FxHashMap;

use crate::graph::{Direction, Graph, RelTypeId, RelView};
use crate::value::{NodeId, Path, RelId, Value};

use super::{error, AlgoError, Check, Traversal};

/// How a shortest path is measured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathOptions {
    pub traversal: Traversal,
    /// The relationship property holding a non-negative cost; `None` counts hops.
    pub weight: Option<String>,
    /// The cost of a relationship whose weight property is missing or not a number;
    /// `None` leaves such relationships out of the search.
    pub default_weight: Option<f64>,
}

/// A path with its cost (its length when counting hops).
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPath {
    pub path: Path,
    pub cost: f64,
}

impl FoundPath {
    /// Number of relationships on the path.
    pub fn length(&self) -> usize {
        self.path.relationships.len()
    }

    fn hops(path: Path) -> FoundPath {
        let cost = path.relationships.len() as f64;
        FoundPath { path, cost }
    }
}

fn trivial(a: NodeId) -> Path {
    Path {
        nodes: vec![a],
        relationships: Vec::new(),
    }
}

/// One shortest path from `a` to `b`, or `None` when `b` cannot be reached.
pub fn shortest_path(
    graph: &Graph,
    a: NodeId,
    b: NodeId,
    options: &PathOptions,
    check: Check<'_>,
) -> Result<Option<FoundPath>, AlgoError> {
    if graph.node(a).is_none() || graph.node(b).is_none() {
        return Ok(None);
    }
    if a == b {
        return Ok(Some(FoundPath::hops(trivial(a))));
    }
    match &options.weight {
        None => {
            let Some(search) = Bidirectional::run(graph, &options.traversal, a, b, false, check)?
            else {
                return Ok(None);
            };
            Ok(search.first_path(graph).map(FoundPath::hops))
        }
        Some(key) => bidirectional_dijkstra(graph, a, b, options, key, check),
    }
}

/// Every shortest path from `a` to `b` (parallel relationships make distinct paths),
/// in a deterministic order.
pub fn all_shortest_paths(
    graph: &Graph,
    a: NodeId,
    b: NodeId,
    options: &PathOptions,
    check: Check<'_>,
) -> Result<Vec<FoundPath>, AlgoError> {
    if graph.node(a).is_none() || graph.node(b).is_none() {
        return Ok(Vec::new());
    }
    if a == b {
        return Ok(vec![FoundPath::hops(trivial(a))]);
    }
    let mut found = match &options.weight {
        None => match Bidirectional::run(graph, &options.traversal, a, b, true, check)? {
            None => Vec::new(),
            Some(search) => search
                .all_paths(graph, check)?
                .into_iter()
                .map(FoundPath::hops)
                .collect(),
        },
        Some(key) => dijkstra_all(graph, a, b, options, key, check)?,
    };
    found.sort_by(|x, y| {
        (&x.path.nodes, &x.path.relationships).cmp(&(&y.path.nodes, &y.path.relationships))
    });
    Ok(found)
}

/// A walk from a node: the nodes after it and the relationships between, in order.
type Walk = (Vec<NodeId>, Vec<RelId>);

/// What one side of a bidirectional search has seen, by node position (see
/// [`Graph::neighbours`]): each node's depth and the step that first reached it (from the
/// node nearer the side's origin, by edge number). No relationship record is read until a
/// path is put together.
struct Side {
    seen: FxHashMap<u32, (u32, Option<(u32, u32)>)>,
    frontier: Vec<u32>,
    depth: u32,
    /// The backward side walks relationships against the traversal's direction.
    reverse: bool,
}

/// A traversal resolved against one graph: its direction and type ids.
struct Resolved {
    direction: Direction,
    types: Option<Vec<RelTypeId>>,
}

impl Resolved {
    fn new(graph: &Graph, traversal: &Traversal) -> Resolved {
        Resolved {
            direction: traversal.direction,
            types: traversal.rel_types.as_ref().map(|t| graph.type_ids(t)),
        }
    }

    /// The admitted steps at the node at `position`, as (other position, edge number).
    fn steps<'g>(
        &'g self,
        graph: &'g Graph,
        position: u32,
        reverse: bool,
    ) -> impl Iterator<Item = (u32, u32)> + 'g {
        let direction = match (self.direction, reverse) {
            (Direction::Outgoing, true) => Direction::Incoming,
            (Direction::Incoming, true) => Direction::Outgoing,
            (d, _) => d,
        };
        graph.neighbours(position, direction, self.types.as_deref())
    }
}

fn rel_id(graph: &Graph, edge: u32) -> RelId {
    graph.relationship_at_edge(edge).unwrap_or(RelId::MAX)
}

impl Side {
    fn new(origin: u32, reverse: bool) -> Side {
        let mut seen = FxHashMap::default();
        seen.insert(origin, (0, None));
        Side {
            seen,
            frontier: vec![origin],
            depth: 0,
            reverse,
        }
    }

    /// Expands the whole next layer; records in `meets` the newly reached nodes that the
    /// other side has seen, stopping at the first one when `first_only`.
    fn expand(
        &mut self,
        graph: &Graph,
        traversal: &Resolved,
        other: &Side,
        first_only: bool,
        meets: &mut Vec<u32>,
        check: Check<'_>,
    ) -> Result<(), AlgoError> {
        let depth = self.depth + 1;
        let mut next = Vec::new();
        for v in std::mem::take(&mut self.frontier) {
            for (w, edge) in traversal.steps(graph, v, self.reverse) {
                check()?;
                if self.seen.contains_key(&w) {
                    continue;
                }
                self.seen.insert(w, (depth, Some((v, edge))));
                next.push(w);
                if other.seen.contains_key(&w) {
                    meets.push(w);
                    if first_only {
                        self.frontier = next;
                        self.depth = depth;
                        return Ok(());
                    }
                }
            }
        }
        self.frontier = next;
        self.depth = depth;
        Ok(())
    }

    /// Walks first-reached steps from `node` back to the origin: the nodes after `node`
    /// and the relationships between, in walking order.
    fn walk_back(&self, graph: &Graph, node: u32, nodes: &mut Vec<NodeId>, rels: &mut Vec<RelId>) {
        let mut at = node;
        while let Some(&(_, Some((prev, edge)))) = self.seen.get(&at) {
            rels.push(rel_id(graph, edge));
            nodes.push(graph.id_at_position(prev));
            at = prev;
        }
    }

    /// Every shortest walk from `node` back to the origin, each as (nodes after `node`,
    /// relationships), using the layer depths: a step back must lower the depth by one.
    fn all_walks_back(
        &self,
        graph: &Graph,
        traversal: &Resolved,
        node: u32,
        check: Check<'_>,
    ) -> Result<Vec<Walk>, AlgoError> {
        let mut out = Vec::new();
        let mut nodes = Vec::new();
        let mut rels = Vec::new();
        // Frames: the candidates for the step after the walk so far, and the next one to try.
        let mut stack: Vec<(Vec<(u32, u32)>, usize)> =
            vec![(self.steps_back(graph, traversal, node, check)?, 0)];
        while let Some((candidates, pos)) = stack.last_mut() {
            check()?;
            let Some(&(edge, prev)) = candidates.get(*pos) else {
                stack.pop();
                nodes.pop();
                rels.pop();
                continue;
            };
            *pos += 1;
            nodes.push(graph.id_at_position(prev));
            rels.push(rel_id(graph, edge));
            if self.seen.get(&prev).is_some_and(|&(d, _)| d == 0) {
                out.push((nodes.clone(), rels.clone()));
                nodes.pop();
                rels.pop();
            } else {
                let next = self.steps_back(graph, traversal, prev, check)?;
                stack.push((next, 0));
            }
        }
        Ok(out)
    }

    /// The steps one layer back from `node`, as (edge number, previous position).
    fn steps_back(
        &self,
        graph: &Graph,
        traversal: &Resolved,
        node: u32,
        check: Check<'_>,
    ) -> Result<Vec<(u32, u32)>, AlgoError> {
        let Some(&(depth, _)) = self.seen.get(&node) else {
            return Ok(Vec::new());
        };
        let mut steps = Vec::new();
        for (prev, edge) in traversal.steps(graph, node, !self.reverse) {
            check()?;
            if depth > 0 && self.seen.get(&prev).is_some_and(|&(d, _)| d + 1 == depth) {
                steps.push((edge, prev));
            }
        }
        Ok(steps)
    }
}

/// A finished bidirectional breadth-first search: both sides and the nodes where they met
/// (in id order).
struct Bidirectional {
    forward: Side,
    backward: Side,
    meets: Vec<u32>,
    traversal: Resolved,
}

impl Bidirectional {
    /// Searches from both ends, always expanding the side with the smaller frontier, until
    /// they meet. Every node first reached by a layer and already seen by the other side
    /// lies on a shortest path, at the same distance from each end (the layer before met
    /// nothing), so the first meeting gives a shortest path and a whole layer's meetings
    /// give all of them.
    fn run(
        graph: &Graph,
        traversal: &Traversal,
        a: NodeId,
        b: NodeId,
        all: bool,
        check: Check<'_>,
    ) -> Result<Option<Bidirectional>, AlgoError> {
        let (Some(a), Some(b)) = (graph.position_of(a), graph.position_of(b)) else {
            return Ok(None);
        };
        let traversal = Resolved::new(graph, traversal);
        let mut forward = Side::new(a, false);
        let mut backward = Side::new(b, true);
        let mut meets = Vec::new();
        while meets.is_empty() {
            check()?;
            if forward.frontier.is_empty() || backward.frontier.is_empty() {
                return Ok(None);
            }
            if forward.frontier.len() <= backward.frontier.len() {
                forward.expand(graph, &traversal, &backward, !all, &mut meets, check)?;
            } else {
                backward.expand(graph, &traversal, &forward, !all, &mut meets, check)?;
            }
        }
        meets.sort_unstable_by_key(|&m| graph.id_at_position(m));
        Ok(Some(Bidirectional {
            forward,
            backward,
            meets,
            traversal,
        }))
    }

    fn first_path(&self, graph: &Graph) -> Option<Path> {
        let &meet = self.meets.first()?;
        let (mut nodes, mut rels) = (Vec::new(), Vec::new());
        self.forward.walk_back(graph, meet, &mut nodes, &mut rels);
        nodes.reverse();
        rels.reverse();
        nodes.push(graph.id_at_position(meet));
        self.backward.walk_back(graph, meet, &mut nodes, &mut rels);
        Some(Path {
            nodes,
            relationships: rels,
        })
    }

    fn all_paths(&self, graph: &Graph, check: Check<'_>) -> Result<Vec<Path>, AlgoError> {
        let traversal = &self.traversal;
        let mut paths = Vec::new();
        for &meet in &self.meets {
            let heads = self.forward.all_walks_back(graph, traversal, meet, check)?;
            let tails = self
                .backward
                .all_walks_back(graph, traversal, meet, check)?;
            for (head_nodes, head_rels) in &heads {
                for (tail_nodes, tail_rels) in &tails {
                    check()?;
                    let mut nodes: Vec<NodeId> = head_nodes.iter().rev().copied().collect();
                    nodes.push(graph.id_at_position(meet));
                    nodes.extend_from_slice(tail_nodes);
                    let mut relationships: Vec<RelId> = head_rels.iter().rev().copied().collect();
                    relationships.extend_from_slice(tail_rels);
                    paths.push(Path {
                        nodes,
                        relationships,
                    });
                }
            }
        }
        Ok(paths)
    }
}

/// Costs are sums of floats taken in different orders; two sums this close are equal.
fn same_cost(x: f64, y: f64) -> bool {
    (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
}

/// A heap entry ordered so that `BinaryHeap` pops the cheapest first.
struct Queued {
    cost: f64,
    node: NodeId,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .cost
            .total_cmp(&self.cost)
            .then_with(|| other.node.cmp(&self.node))
    }
}

fn weight_of(rel: &RelView<'_>, key: &str, default: Option<f64>) -> Result<Option<f64>, AlgoError> {
    let w = match rel.property(key) {
        Some(Value::Int(i)) => i as f64,
        Some(Value::Float(f)) => f,
        _ => return Ok(default),
    };
    if w.is_nan() || w < 0.0 {
        return Err(error(
            "NegativeWeight",
            format!(
                "relationship {} has {key} = {w}; weighted shortest paths need weights that are zero or more",
                rel.id()
            ),
        ));
    }
    Ok(Some(w))
}

/// Dijkstra from `a` until every path of `b`'s cost is known (nodes that cost as much as
/// `b` are settled too, for zero weights), then every path back along the recorded
/// predecessors.
fn dijkstra_all(
    graph: &Graph,
    a: NodeId,
    b: NodeId,
    options: &PathOptions,
    key: &str,
    check: Check<'_>,
) -> Result<Vec<FoundPath>, AlgoError> {
    let mut dist: HashMap<NodeId, f64> = HashMap::from([(a, 0.0)]);
    let mut preds: HashMap<NodeId, Vec<(NodeId, RelId)>> = HashMap::new();
    let mut settled: HashSet<NodeId> = HashSet::new();
    let mut heap = BinaryHeap::from([Queued { cost: 0.0, node: a }]);
    while let Some(Queued { cost, node }) = heap.pop() {
        check()?;
        if let Some(&target) = dist.get(&b) {
            if settled.contains(&b) && !same_cost(cost, target) {
                break;
            }
        }
        if !settled.insert(node) {
            continue;
        }
        for (rel, w) in options.traversal.steps(graph, node, false) {
            check()?;
            let Some(step) = weight_of(&rel, key, options.default_weight)? else {
                continue;
            };
            let next = cost + step;
            match dist.get(&w) {
                Some(&known) if same_cost(next, known) => {
                    preds.entry(w).or_default().push((node, rel.id()));
                }
                Some(&known) if known < next => {}
                _ => {
                    if settled.contains(&w) {
                        continue;
                    }
                    dist.insert(w, next);
                    preds.insert(w, vec![(node, rel.id())]);
                    heap.push(Queued {
                        cost: next,
                        node: w,
                    });
                }
            }
        }
    }
    let Some(&cost) = dist.get(&b) else {
        return Ok(Vec::new());
    };
    // Zero-weight relationships can make the predecessor graph cyclic: keep walks simple.
    let mut found = Vec::new();
    let mut nodes = vec![b];
    let mut rels = Vec::new();
    let mut on_walk: HashSet<NodeId> = HashSet::from([b]);
    let mut stack: Vec<(&[(NodeId, RelId)], usize)> =
        vec![(preds.get(&b).map_or(&[][..], Vec::as_slice), 0)];
    while let Some((candidates, pos)) = stack.last_mut() {
        check()?;
        let Some(&(prev, rel)) = candidates.get(*pos) else {
            stack.pop();
            if let Some(left) = nodes.pop() {
                on_walk.remove(&left);
            }
            rels.pop();
            continue;
        };
        *pos += 1;
        if on_walk.contains(&prev) {
            continue;
        }
        if prev == a {
            let mut path_nodes = nodes.clone();
            path_nodes.push(a);
            path_nodes.reverse();
            let mut path_rels = rels.clone();
            path_rels.push(rel);
            path_rels.reverse();
            found.push(FoundPath {
                path: Path {
                    nodes: path_nodes,
                    relationships: path_rels,
                },
                cost,
            });
            continue;
        }
        nodes.push(prev);
        rels.push(rel);
        on_walk.insert(prev);
        stack.push((preds.get(&prev).map_or(&[][..], Vec::as_slice), 0));
    }
    Ok(found)
}

/// One side of a bidirectional Dijkstra: tentative costs, the step that gave each, the
/// queue and what is settled.
struct Sweep {
    dist: HashMap<NodeId, f64>,
    via: HashMap<NodeId, (NodeId, RelId)>,
    heap: BinaryHeap<Queued>,
    settled: HashSet<NodeId>,
    reverse: bool,
}

impl Sweep {
    fn new(origin: NodeId, reverse: bool) -> Sweep {
        Sweep {
            dist: HashMap::from([(origin, 0.0)]),
            via: HashMap::new(),
            heap: BinaryHeap::from([Queued {
                cost: 0.0,
                node: origin,
            }]),
            settled: HashSet::new(),
            reverse,
        }
    }

    /// The least cost still queued (a lower bound for everything unsettled).
    fn floor(&self) -> f64 {
        self.heap.peek().map_or(f64::INFINITY, |q| q.cost)
    }

    /// Settles the cheapest queued node and relaxes its relationships, lowering `best`
    /// (the cheapest complete path seen, with its meeting node) when a relaxed node is
    /// also reached from the other side.
    fn step(
        &mut self,
        graph: &Graph,
        options: &PathOptions,
        key: &str,
        other: &Sweep,
        best: &mut Option<(f64, NodeId)>,
        check: Check<'_>,
    ) -> Result<(), AlgoError> {
        let Some(Queued { cost, node }) = self.heap.pop() else {
            return Ok(());
        };
        if !self.settled.insert(node) {
            return Ok(());
        }
        for (rel, w) in options.traversal.steps(graph, node, self.reverse) {
            check()?;
            let Some(step) = weight_of(&rel, key, options.default_weight)? else {
                continue;
            };
            let next = cost + step;
            if self.dist.get(&w).is_some_and(|&known| known <= next) {
                continue;
            }
            self.dist.insert(w, next);
            self.via.insert(w, (node, rel.id()));
            self.heap.push(Queued {
                cost: next,
                node: w,
            });
            if let Some(&rest) = other.dist.get(&w) {
                if best.is_none_or(|(total, _)| next + rest < total) {
                    *best = Some((next + rest, w));
                }
            }
        }
        Ok(())
    }

    fn walk_back(&self, node: NodeId, nodes: &mut Vec<NodeId>, rels: &mut Vec<RelId>) {
        let mut at = node;
        while let Some(&(prev, rel)) = self.via.get(&at) {
            rels.push(rel);
            nodes.push(prev);
            at = prev;
        }
    }
}

/// Dijkstra from both ends at once, settling on the side with the smaller queue, until
/// the cheapest queued costs of the two sides add up to at least the best complete path:
/// no unsettled route can be cheaper then (weights are never negative).
fn bidirectional_dijkstra(
    graph: &Graph,
    a: NodeId,
    b: NodeId,
    options: &PathOptions,
    key: &str,
    check: Check<'_>,
) -> Result<Option<FoundPath>, AlgoError> {
    let mut forward = Sweep::new(a, false);
    let mut backward = Sweep::new(b, true);
    let mut best: Option<(f64, NodeId)> = None;
    loop {
        check()?;
        if forward.heap.is_empty() || backward.heap.is_empty() {
            // One side has nothing left to reach: what is known is all there is.
            if best.is_none() {
                return Ok(None);
            }
            break;
        }
        if best.is_some_and(|(total, _)| forward.floor() + backward.floor() >= total) {
            break;
        }
        if forward.heap.len() <= backward.heap.len() {
            forward.step(graph, options, key, &backward, &mut best, check)?;
        } else {
            backward.step(graph, options, key, &forward, &mut best, check)?;
        }
    }
    let Some((cost, meet)) = best else {
        return Ok(None);
    };
    let (mut nodes, mut rels) = (Vec::new(), Vec::new());
    forward.walk_back(meet, &mut nodes, &mut rels);
    nodes.reverse();
    rels.reverse();
    nodes.push(meet);
    backward.walk_back(meet, &mut nodes, &mut rels);
    Ok(Some(FoundPath {
        path: Path {
            nodes,
            relationships: rels,
        },
        cost,
    }))
}

/// Hop distances to `target` of the nodes within `limit` hops of it (walking the
/// traversal backwards).
fn distances_to(
    graph: &Graph,
    traversal: &Traversal,
    target: NodeId,
    limit: usize,
    check: Check<'_>,
) -> Result<HashMap<NodeId, usize>, AlgoError> {
    let mut dist = HashMap::from([(target, 0)]);
    let mut frontier = vec![target];
    for depth in 1..=limit {
        let mut next = Vec::new();
        for v in frontier {
            for (_, w) in traversal.steps(graph, v, true) {
                check()?;
                if let std::collections::hash_map::Entry::Vacant(slot) = dist.entry(w) {
                    slot.insert(depth);
                    next.push(w);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Ok(dist)
}

/// Every simple path (no node twice) from `a` to `b` of at most `max_hops` relationships,
/// shortest first. Branches that cannot reach `b` within the hops left are never entered.
pub fn simple_paths(
    graph: &Graph,
    a: NodeId,
    b: NodeId,
    max_hops: usize,
    traversal: &Traversal,
    check: Check<'_>,
) -> Result<Vec<Path>, AlgoError> {
    if graph.node(a).is_none() || graph.node(b).is_none() {
        return Ok(Vec::new());
    }
    if a == b {
        return Ok(vec![trivial(a)]);
    }
    let to_b = distances_to(graph, traversal, b, max_hops, check)?;
    if !to_b.contains_key(&a) {
        return Ok(Vec::new());
    }
    let candidates = |v: NodeId, hops_left: usize, on_path: &HashSet<NodeId>| {
        let mut out = Vec::new();
        for (rel, w) in traversal.steps(graph, v, false) {
            check()?;
            if !on_path.contains(&w) && to_b.get(&w).is_some_and(|&d| d < hops_left) {
                out.push((rel.id(), w));
            }
        }
        Ok::<_, AlgoError>(out)
    };
    let mut found = Vec::new();
    let mut nodes = vec![a];
    let mut rels: Vec<RelId> = Vec::new();
    let mut on_path = HashSet::from([a]);
    let mut stack = vec![(candidates(a, max_hops, &on_path)?, 0usize)];
    while let Some((steps, pos)) = stack.last_mut() {
        check()?;
        let Some(&(rel, w)) = steps.get(*pos) else {
            stack.pop();
            if let Some(left) = nodes.pop() {
                on_path.remove(&left);
            }
            rels.pop();
            continue;
        };
        *pos += 1;
        if w == b {
            let mut path_nodes = nodes.clone();
            path_nodes.push(b);
            let mut path_rels = rels.clone();
            path_rels.push(rel);
            found.push(Path {
                nodes: path_nodes,
                relationships: path_rels,
            });
            continue;
        }
        nodes.push(w);
        rels.push(rel);
        on_path.insert(w);
        let next = candidates(w, max_hops - rels.len(), &on_path)?;
        stack.push((next, 0));
    }
    found.sort_by(|x, y| {
        (x.relationships.len(), &x.nodes, &x.relationships).cmp(&(
            y.relationships.len(),
            &y.nodes,
            &y.relationships,
        ))
    });
    Ok(found)
}

/// The nodes within `hops` of `a` with their hop distance (`a` itself at 0), nearest
/// first, then by id.
pub fn neighborhood(
    graph: &Graph,
    a: NodeId,
    hops: usize,
    traversal: &Traversal,
    check: Check<'_>,
) -> Result<Vec<(NodeId, usize)>, AlgoError> {
    if graph.node(a).is_none() {
        return Ok(Vec::new());
    }
    let mut out = vec![(a, 0)];
    let mut seen = HashSet::from([a]);
    let mut frontier = vec![a];
    for depth in 1..=hops {
        let mut next = Vec::new();
        for v in frontier {
            for (_, w) in traversal.steps(graph, v, false) {
                check()?;
                if seen.insert(w) {
                    next.push(w);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        next.sort_unstable();
        out.extend(next.iter().map(|&w| (w, depth)));
        frontier = next;
    }
    Ok(out)
}

/// The nodes directly connected to both `a` and `b` (other than `a` and `b`), in id order.
pub fn common_partners(
    graph: &Graph,
    a: NodeId,
    b: NodeId,
    traversal: &Traversal,
    check: Check<'_>,
) -> Result<Vec<NodeId>, AlgoError> {
    let partners = |x: NodeId| {
        let mut set = BTreeSet::new();
        for (_, w) in traversal.steps(graph, x, false) {
            check()?;
            if w != a && w != b {
                set.insert(w);
            }
        }
        Ok::<_, AlgoError>(set)
    };
    let of_a = partners(a)?;
    let of_b = partners(b)?;
    Ok(of_a.intersection(&of_b).copied().collect())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{graph, weighted};
    use super::super::{no_check, Traversal};
    use super::*;
    use crate::graph::Direction;

    fn opts() -> PathOptions {
        PathOptions::default()
    }

    #[test]
    fn shortest_on_a_line() {
        let (g, n) = graph(5, &[(0, 1, "T"), (1, 2, "T"), (2, 3, "T"), (3, 4, "T")]);
        let p = shortest_path(&g, n[0], n[4], &opts(), &no_check)
            .unwrap()
            .unwrap();
        assert_eq!(p.path.nodes, n);
        assert_eq!(p.length(), 4);
        assert_eq!(p.cost, 4.0);
        // Backwards along an undirected view, and refused when only incoming is allowed.
        let back = shortest_path(&g, n[4], n[0], &opts(), &no_check)
            .unwrap()
            .unwrap();
        assert_eq!(back.path.nodes, n.iter().rev().copied().collect::<Vec<_>>());
        let outgoing = PathOptions {
            traversal: Traversal {
                rel_types: None,
                direction: Direction::Outgoing,
            },
            ..opts()
        };
        assert!(shortest_path(&g, n[4], n[0], &outgoing, &no_check)
            .unwrap()
            .is_none());
        assert!(shortest_path(&g, n[0], n[4], &outgoing, &no_check)
            .unwrap()
            .is_some());
        let same = shortest_path(&g, n[2], n[2], &opts(), &no_check)
            .unwrap()
            .unwrap();
        assert_eq!(same.path.nodes, vec![n[2]]);
    }

    #[test]
    fn relationship_types_filter() {
        let (g, n) = graph(3, &[(0, 1, "A"), (1, 2, "B"), (0, 2, "C")]);
        let only = |types: &[&str]| PathOptions {
            traversal: Traversal {
                rel_types: Some(types.iter().map(|t| t.to_string()).collect()),
                direction: Direction::Both,
            },
            ..opts()
        };
        let p = shortest_path(&g, n[0], n[2], &only(&["A", "B"]), &no_check)
            .unwrap()
            .unwrap();
        assert_eq!(p.length(), 2);
        let p = shortest_path(&g, n[0], n[2], &opts(), &no_check)
            .unwrap()
            .unwrap();
        assert_eq!(p.length(), 1);
        assert!(shortest_path(&g, n[0], n[2], &only(&["A"]), &no_check)
            .unwrap()
            .is_none());
    }

    #[test]
    fn all_shortest_on_a_diamond_with_a_parallel_relationship() {
        // 0 - 1 - 3 and 0 - 2 - 3, with 1 - 3 doubled: three shortest paths of length 2.
        let (g, n) = graph(
            5,
            &[
                (0, 1, "T"),
                (0, 2, "T"),
                (1, 3, "T"),
                (2, 3, "T"),
                (3, 1, "T"),
                (3, 4, "T"),
            ],
        );
        let all = all_shortest_paths(&g, n[0], n[3], &opts(), &no_check).unwrap();
        assert_eq!(all.len(), 3);
        assert!(all.iter().all(|p| p.length() == 2));
        let middles: Vec<NodeId> = all.iter().map(|p| p.path.nodes[1]).collect();
        assert_eq!(middles, vec![n[1], n[1], n[2]]);
        let all = all_shortest_paths(&g, n[0], n[4], &opts(), &no_check).unwrap();
        assert_eq!(all.len(), 3);
        assert!(all.iter().all(|p| p.path.nodes.last() == Some(&n[4])));
    }

    #[test]
    fn dijkstra_prefers_cheap_detours() {
        let (g, n) = weighted(4, &[(0, 3, 10.0), (0, 1, 1.0), (1, 2, 1.5), (2, 3, 2.5)]);
        let by_w = PathOptions {
            weight: Some("w".into()),
            ..opts()
        };
        let p = shortest_path(&g, n[0], n[3], &by_w, &no_check)
            .unwrap()
            .unwrap();
        assert_eq!(p.path.nodes, n);
        assert_eq!(p.cost, 5.0);
        let hops = shortest_path(&g, n[0], n[3], &opts(), &no_check)
            .unwrap()
            .unwrap();
        assert_eq!(hops.length(), 1);
    }

    #[test]
    fn dijkstra_all_paths_with_ties_and_zero_weights() {
        let (g, n) = weighted(
            4,
            &[
                (0, 1, 1.0),
                (0, 2, 2.0),
                (1, 3, 2.0),
                (2, 3, 1.0),
                (1, 2, 1.0),
            ],
        );
        let by_w = PathOptions {
            weight: Some("w".into()),
            ..opts()
        };
        let all = all_shortest_paths(&g, n[0], n[3], &by_w, &no_check).unwrap();
        assert_eq!(all.len(), 3, "{all:?}");
        assert!(all.iter().all(|p| p.cost == 3.0));
        let (g, n) = weighted(3, &[(0, 1, 0.0), (1, 0, 0.0), (1, 2, 1.0)]);
        let all = all_shortest_paths(&g, n[0], n[2], &by_w, &no_check).unwrap();
        assert!(all.iter().all(|p| p.cost == 1.0));
        assert!(all
            .iter()
            .all(|p| p.path.nodes.len() == p.path.relationships.len() + 1));
    }

    #[test]
    fn weighted_searches_agree_with_bellman_ford() {
        let mut state = 0x1234_5678_9ABC_DEF1u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let n = 200;
        let rels: Vec<(usize, usize, f64)> = (0..500)
            .map(|_| {
                let (a, b) = (next() as usize % n, next() as usize % n);
                (a, b, (next() % 5) as f64)
            })
            .collect();
        let (g, ids) = weighted(n, &rels);
        for direction in [Direction::Both, Direction::Outgoing] {
            let by_w = PathOptions {
                traversal: Traversal {
                    rel_types: None,
                    direction,
                },
                weight: Some("w".into()),
                default_weight: None,
            };
            for source in [0, 17, 99] {
                let mut dist = vec![f64::INFINITY; n];
                dist[source] = 0.0;
                for _ in 0..n {
                    for &(a, b, w) in &rels {
                        dist[b] = dist[b].min(dist[a] + w);
                        if direction == Direction::Both {
                            dist[a] = dist[a].min(dist[b] + w);
                        }
                    }
                }
                for target in (0..n).step_by(7) {
                    let one =
                        shortest_path(&g, ids[source], ids[target], &by_w, &no_check).unwrap();
                    let all =
                        all_shortest_paths(&g, ids[source], ids[target], &by_w, &no_check).unwrap();
                    match one {
                        None => {
                            assert!(dist[target].is_infinite());
                            assert!(all.is_empty());
                        }
                        Some(p) => {
                            assert_eq!(p.cost, dist[target], "{source} → {target}");
                            assert!(!all.is_empty() && all.iter().all(|q| q.cost == p.cost));
                            assert!(all.iter().any(|q| q.path == p.path));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn negative_weights_are_refused_and_missing_ones_skipped() {
        let (g, n) = weighted(2, &[(0, 1, -1.0)]);
        let by_w = PathOptions {
            weight: Some("w".into()),
            ..opts()
        };
        let e = shortest_path(&g, n[0], n[1], &by_w, &no_check).unwrap_err();
        assert_eq!(e.code(), "NegativeWeight");
        let (mut g2, m) = weighted(3, &[(0, 1, 1.0)]);
        g2.create_relationship("T".into(), m[1], m[2], Default::default());
        assert!(shortest_path(&g2, m[0], m[2], &by_w, &no_check)
            .unwrap()
            .is_none());
        let with_default = PathOptions {
            default_weight: Some(7.0),
            ..by_w
        };
        let p = shortest_path(&g2, m[0], m[2], &with_default, &no_check)
            .unwrap()
            .unwrap();
        assert_eq!(p.cost, 8.0);
    }

    #[test]
    fn simple_paths_up_to_a_bound() {
        // A square 0-1-2-3-0 with the diagonal 0-2.
        let (g, n) = graph(
            4,
            &[
                (0, 1, "T"),
                (1, 2, "T"),
                (2, 3, "T"),
                (3, 0, "T"),
                (0, 2, "T"),
            ],
        );
        let t = Traversal::default();
        let paths = simple_paths(&g, n[0], n[2], 4, &t, &no_check).unwrap();
        let lengths: Vec<usize> = paths.iter().map(|p| p.relationships.len()).collect();
        assert_eq!(lengths, vec![1, 2, 2]);
        assert_eq!(
            simple_paths(&g, n[0], n[2], 1, &t, &no_check)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            simple_paths(&g, n[0], n[2], 0, &t, &no_check)
                .unwrap()
                .len(),
            0
        );
        let (g, n) = graph(3, &[(0, 1, "T")]);
        assert!(simple_paths(&g, n[0], n[2], 4, &t, &no_check)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn neighborhood_of_a_star_centre_and_leaf() {
        let (g, n) = graph(5, &[(0, 1, "T"), (0, 2, "T"), (0, 3, "T"), (3, 4, "T")]);
        let t = Traversal::default();
        let around = neighborhood(&g, n[0], 1, &t, &no_check).unwrap();
        assert_eq!(around, vec![(n[0], 0), (n[1], 1), (n[2], 1), (n[3], 1)]);
        let around = neighborhood(&g, n[1], 2, &t, &no_check).unwrap();
        assert_eq!(around, vec![(n[1], 0), (n[0], 1), (n[2], 2), (n[3], 2)]);
        let out = Traversal {
            rel_types: None,
            direction: Direction::Outgoing,
        };
        assert_eq!(
            neighborhood(&g, n[1], 3, &out, &no_check).unwrap(),
            vec![(n[1], 0)]
        );
    }

    #[test]
    fn common_partners_of_two_leaves() {
        let (g, n) = graph(
            5,
            &[
                (0, 2, "A"),
                (3, 1, "B"),
                (2, 1, "B"),
                (0, 3, "A"),
                (0, 1, "C"),
            ],
        );
        let t = Traversal::default();
        assert_eq!(
            common_partners(&g, n[0], n[1], &t, &no_check).unwrap(),
            vec![n[2], n[3]]
        );
        assert!(common_partners(&g, n[0], n[4], &t, &no_check)
            .unwrap()
            .is_empty());
    }
}
