//! How the executor carries out the plan's count rewrites of a MATCH whose projection only
//! counts (`query::plan::shapes::CountShape`): answers from the graph's counters and
//! degrees instead of one row per match.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::hash::Hasher;

use crate::graph::Direction;
use crate::graph::{normalize_name, LabelId, PropertyRef, RelView};
use crate::query::ast::{Expr, ExprKind, Match, Projection};
use crate::query::catalog::{Aggregate, Function};
use crate::query::plan::shapes::CountShape;
use crate::query::QueryError;
use crate::value::{NodeId, Value};

use super::parallel::Share;
use super::pattern::{PartSpec, Pattern};
use super::project::Projector;
use super::walk::{contains_aggregate, visit};
use super::{Executor, Row, RowBindings, Table};
use crate::query::eval::{compare_for_order, equivalent, hash_value};
use crate::query::plan::Step;

/// One row standing for `times` identical-looking matched rows: `(slot, value)` bindings
/// of the pattern's named variables (a node, a relationship and the other end at most),
/// held inline since there is one per node of a label.
struct Repeated {
    bindings: [Option<(usize, Value)>; 3],
    times: u64,
}

impl Repeated {
    /// `bindings` of the slots that are named.
    fn new(bindings: [(Option<usize>, Value); 3], times: u64) -> Repeated {
        Repeated {
            bindings: bindings.map(|(slot, value)| slot.map(|s| (s, value))),
            times,
        }
    }
}

/// The rows a counted MATCH stands for, per input row.
enum Counted {
    /// A few groups (per label, per type).
    Groups(Vec<Repeated>),
    /// One group per node with its degree as the count: the node at slot `node`, and the
    /// relationship and the other end, only counted, at `counted`'s.
    Degrees {
        node: usize,
        counted: [Option<usize>; 2],
        degrees: Vec<(NodeId, u64)>,
    },
}

impl Counted {
    /// Hands the groups to `projector` for each of `rows`, widened to `width`.
    fn push_rows<'p>(
        &self,
        exec: &Executor<'_>,
        (rows, width): (&[Row], usize),
        mut projector: Projector<'p>,
    ) -> Result<Projector<'p>, QueryError> {
        for input in rows {
            let mut row = input.clone();
            row.resize(width, Value::Null);
            self.push_into(exec, &mut projector, &mut row)?;
        }
        Ok(projector)
    }

    /// Hands each group to `projector`, bound into `row` (an input row, widened).
    fn push_into(
        &self,
        exec: &Executor<'_>,
        projector: &mut Projector<'_>,
        row: &mut [Value],
    ) -> Result<(), QueryError> {
        match self {
            Counted::Groups(groups) => {
                for group in groups {
                    for (slot, value) in group.bindings.iter().flatten() {
                        row[*slot] = value.clone();
                    }
                    projector.push_repeated(exec, row, group.times)?;
                }
            }
            Counted::Degrees {
                node,
                counted,
                degrees,
            } => {
                // Stand-ins that are not null for what is only counted.
                for slot in counted.iter().flatten() {
                    row[*slot] = Value::Bool(true);
                }
                for &(id, times) in degrees {
                    row[*node] = Value::Node(id);
                    projector.push_repeated(exec, row, times)?;
                }
            }
        }
        Ok(())
    }
}

/// A MATCH whose rows the projection only counts (the plan's [`CountShape`]), answered
/// from the graph's counters and degrees instead of one row per match:
///
/// - `MATCH (n) / (n:L)`: one group of `node_count` / `label_count` rows;
/// - `MATCH ()-[r:T]->()`, grouped by nothing or by `type(r)`: the relationship counts
///   per type;
/// - `MATCH (n:L)-[r:T]-()` with `n` grouped on and the other end anonymous: one group
///   per node with its degree as the count.
pub(crate) fn answer_by_counts<'p>(
    exec: &Executor<'_>,
    table: &Table,
    (m, step): (&Match, &Step<'_>),
    projection: &'p Projection,
    returns: bool,
    shape: CountShape,
) -> Result<Table, QueryError> {
    let pattern = Pattern::new(&m.pattern, &table.scope, &[]);
    let projector_for = |exec: &Executor<'_>| {
        let projector = Projector::new(projection, &pattern.scope);
        match returns {
            true => projector.returns(exec.guard.max_rows()),
            false => projector,
        }
    };
    let Some(part) = pattern.parts.first() else {
        return projector_for(exec).finish(exec);
    };
    let counted = |exec: &Executor<'_>, share: Option<Share>| {
        counted(exec, (&pattern, part), projection, shape, share)
    };
    let width = pattern.scope.len();
    let push_rows = |exec: &Executor<'_>, counted: &Counted, projector: Projector<'p>| {
        counted.push_rows(exec, (&table.rows, width), projector)
    };
    match (shape, part.nodes.as_slice(), part.rels.as_slice()) {
        (
            CountShape::ByDegree {
                grouped,
                bound: true,
            },
            [_, _],
            [_],
        ) => degrees_of_rows(
            exec,
            table,
            (&pattern, part),
            (grouped, m.optional),
            projector_for(exec),
        ),
        // One group per node: the nodes are divided between threads, each grouping its
        // share's, when there is one input row (the degrees do not depend on it).
        (CountShape::ByDegree { grouped, .. }, [_, _], [_]) if table.rows.len() == 1 => {
            let (mut projector, others) = exec.divided(table, m, step, &|exec, _, share| {
                let mut projector = push_rows(exec, &counted(exec, share)?, projector_for(exec))?;
                if share.is_some() {
                    projector.close_share(exec, part.nodes[grouped].slot)?;
                }
                Ok(projector)
            })?;
            for later in others {
                projector.absorb(later)?;
            }
            projector.finish(exec)
        }
        _ => push_rows(exec, &counted(exec, None)?, projector_for(exec))?.finish(exec),
    }
}

/// The groups of a counted MATCH's one part, per input row; `share`: only the degrees of
/// that share of the nodes.
fn counted(
    exec: &Executor<'_>,
    (pattern, part): (&Pattern<'_>, &PartSpec<'_>),
    projection: &Projection,
    shape: CountShape,
    share: Option<Share>,
) -> Result<Counted, QueryError> {
    let graph = &*exec.graph;
    Ok(match (shape, part.nodes.as_slice(), part.rels.as_slice()) {
        (CountShape::Nodes, [node], _) => {
            let (count, first) = match node.labels.first() {
                Some(label) => (
                    graph.label_count(label),
                    graph.nodes_with_label(label).next(),
                ),
                None => (
                    graph.node_count(),
                    graph.nodes_in_storage_order().next().map(|n| n.id()),
                ),
            };
            Counted::Groups(match first {
                Some(id) if count > 0 => vec![Repeated {
                    bindings: [node.slot.map(|s| (s, Value::Node(id))), None, None],
                    times: count as u64,
                }],
                _ => Vec::new(),
            })
        }
        (CountShape::ByType { per_type }, [_, _], [_]) => {
            Counted::Groups(by_type(exec, part, per_type)?)
        }
        (CountShape::ByDegree { grouped, .. }, [_, _], [rel]) => {
            let other = part.nodes[1 - grouped].slot;
            let Some(slot) = part.nodes[grouped].slot else {
                return Ok(Counted::Groups(Vec::new()));
            };
            let degrees = by_degree(exec, part, grouped, share)?;
            let degrees = match top_groups(exec, pattern, projection, slot, &degrees)? {
                Some(top) => top,
                None => degrees,
            };
            Counted::Degrees {
                node: slot,
                counted: [rel.slot, other],
                degrees,
            }
        }
        _ => Counted::Groups(Vec::new()),
    })
}

/// The direction of the one relationship of `part` seen from node position `grouped`,
/// and the ids of its types.
fn degree_of(
    exec: &Executor<'_>,
    part: &PartSpec<'_>,
    grouped: usize,
) -> (Direction, Vec<crate::graph::RelTypeId>) {
    let spec = &part.rels[0];
    let direction = match (grouped, spec.direction) {
        (0, d) | (_, d @ Direction::Both) => d,
        (_, Direction::Outgoing) => Direction::Incoming,
        (_, Direction::Incoming) => Direction::Outgoing,
    };
    (direction, exec.graph.type_ids(spec.types))
}

/// [`CountShape::ByDegree`] of a node the input rows bind: each row with its node's
/// degree as the count, and a row whose node has no such relationship (or is null) given
/// on with nulls under OPTIONAL MATCH, dropped otherwise.
fn degrees_of_rows(
    exec: &Executor<'_>,
    table: &Table,
    (pattern, part): (&Pattern<'_>, &PartSpec<'_>),
    (grouped, optional): (usize, bool),
    mut projector: Projector<'_>,
) -> Result<Table, QueryError> {
    let graph = &*exec.graph;
    let node = &part.nodes[grouped];
    let spec = &part.rels[0];
    let (direction, type_ids) = degree_of(exec, part, grouped);
    let types = (!spec.types.is_empty()).then_some(type_ids.as_slice());
    let labels: Option<Vec<LabelId>> = node.labels.iter().map(|l| graph.label_id(l)).collect();
    let Some(slot) = node.slot else {
        return projector.finish(exec);
    };
    let other = part.nodes[1 - grouped].slot;
    for input in &table.rows {
        exec.guard.tick()?;
        let mut row = input.clone();
        row.resize(pattern.scope.len(), Value::Null);
        let degree = match (&row[slot], &labels) {
            (Value::Node(id), Some(labels))
                if labels.iter().all(|&l| graph.node_has_label(*id, l)) =>
            {
                graph.degree_of_types(*id, direction, types) as u64
            }
            _ => 0,
        };
        if degree > 0 {
            // The relationship and the other end are only counted: stand-ins that are not
            // null.
            for stand_in in [spec.slot, other].into_iter().flatten() {
                row[stand_in] = Value::Bool(true);
            }
            projector.push_repeated(exec, &row, degree)?;
        } else if optional {
            projector.push_repeated(exec, &row, 1)?;
        }
    }
    projector.finish(exec)
}

/// `()-[r]->()`: the relationships of each type (one group per type when the projection
/// looks at `type(r)`, else one group), each bound to a relationship of its type.
fn by_type(
    exec: &Executor<'_>,
    part: &PartSpec<'_>,
    per_type: bool,
) -> Result<Vec<Repeated>, QueryError> {
    let graph = &*exec.graph;
    let spec = &part.rels[0];
    let counts: Vec<(&str, usize)> = graph
        .type_counts()
        .into_iter()
        .filter(|(t, _)| spec.types.is_empty() || spec.types.iter().any(|s| s == t))
        .collect();
    // A relationship of each counted type, to stand for its group.
    let mut examples: Vec<Option<RelView<'_>>> = Vec::with_capacity(counts.len());
    for (rel_type, _) in &counts {
        exec.guard.tick()?;
        examples.push(graph.example_of_type(rel_type));
    }
    let repeated = |rel: &RelView<'_>, times: usize| {
        let bindings = [
            (part.nodes[0].slot, Value::Node(rel.start())),
            (spec.slot, Value::Relationship(rel.id())),
            (part.nodes[1].slot, Value::Node(rel.end())),
        ];
        Repeated::new(bindings, times as u64)
    };
    if !per_type {
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        return Ok(match examples.iter().flatten().next() {
            Some(rel) if total > 0 => vec![repeated(rel, total)],
            _ => Vec::new(),
        });
    }
    Ok(counts
        .iter()
        .zip(&examples)
        .filter_map(|((_, n), rel)| rel.map(|rel| repeated(&rel, *n)))
        .collect())
}

/// `(n)-[r]-()`: every node `n` that has a fitting relationship, with its degree, in id
/// order (the order the general path meets them). The relationship variable is only
/// counted, so the caller binds it to a stand-in that is not null.
fn by_degree(
    exec: &Executor<'_>,
    part: &PartSpec<'_>,
    grouped: usize,
    share: Option<Share>,
) -> Result<Vec<(NodeId, u64)>, QueryError> {
    let graph = &*exec.graph;
    let spec = &part.rels[0];
    let node = &part.nodes[grouped];
    // Degrees come from the compact adjacency: constant time per node without a type,
    // one scan of the node's type tags with one.
    let (direction, type_ids) = degree_of(exec, part, grouped);
    let types = (!spec.types.is_empty()).then_some(type_ids.as_slice());
    let mut degrees: Vec<(NodeId, u64)> = Vec::new();
    let mut add = |id: NodeId| {
        let degree = graph.degree_of_types(id, direction, types);
        if degree > 0 {
            degrees.push((id, degree as u64));
        }
    };
    if let Some(label) = node.labels.iter().min_by_key(|l| graph.label_count(l)) {
        // The nodes of the smallest label, checked for the others by the label index.
        let others: Option<Vec<LabelId>> = (node.labels.iter())
            .filter(|l| *l != label)
            .map(|l| graph.label_id(l))
            .collect();
        let Some(others) = others else {
            return Ok(degrees);
        };
        let shared = share.map_or(0..usize::MAX, |s| s.of_len(graph.label_count(label)));
        let nodes = graph.nodes_with_label(label).skip(shared.start);
        for id in nodes.take(shared.len()) {
            exec.guard.tick()?;
            if others.iter().all(|&l| graph.node_has_label(id, l)) {
                add(id);
            }
        }
    } else {
        let nodes = graph.node_ids();
        let shared = share.map_or(0..nodes.len(), |s| s.of_len(nodes.len()));
        for &id in &nodes[shared] {
            exec.guard.tick()?;
            add(id);
        }
    }
    Ok(degrees)
}

/// What an ORDER BY key of an aggregating projection sorts by.
#[derive(Clone, Copy)]
enum SortBy {
    /// The grouping key at this position.
    Key(usize),
    /// The group's count.
    Count,
}

/// `ORDER BY … LIMIT k` over groups of nodes with counts: groups the nodes by the key
/// values, borrowing them from the graph where a key is a property of `n`, and keeps only
/// the groups the first `SKIP + LIMIT` rows can come from, as `(first node, count)` in the
/// order the groups first appear. Sorting in the projector then gives the same rows as the
/// full grouping: ties are broken by first appearance here as the stable sort does there.
///
/// Applies when every item is a grouping key that reads only `n`, or a `count(*)` / a
/// plain count of a pattern variable, every ORDER BY key names an item by its column, and
/// there is no DISTINCT or WHERE; `None` otherwise.
fn top_groups(
    exec: &Executor<'_>,
    pattern: &Pattern<'_>,
    projection: &Projection,
    slot: usize,
    degrees: &[(NodeId, u64)],
) -> Result<Option<Vec<(NodeId, u64)>>, QueryError> {
    if projection.distinct
        || projection.star
        || projection.where_clause.is_some()
        || projection.order_by.is_empty()
        || projection.limit.is_none()
        || crate::query::plan::shapes::has_volatile(projection)
    {
        return Ok(None);
    }
    let node_name = pattern.scope.names()[slot].as_str();
    let mut keys: Vec<&Expr> = Vec::new();
    let mut columns: Vec<(&str, SortBy)> = Vec::new();
    for item in &projection.items {
        let expr = &item.expr;
        if contains_aggregate(expr) {
            let counted = match &expr.kind {
                ExprKind::CountStar => true,
                ExprKind::FunctionCall {
                    function: Function::Aggregate(Aggregate::Count),
                    distinct: false,
                    args,
                    ..
                } => matches!(
                    args.as_slice(),
                    [Expr { kind: ExprKind::Variable(v), .. }]
                        if pattern.scope.slot(v).is_some_and(|s| s >= pattern.input_len)
                ),
                _ => false,
            };
            if !counted {
                return Ok(None);
            }
            columns.push((item.column_name(), SortBy::Count));
        } else {
            let mut only_node = true;
            visit(expr, &mut |e| {
                if let ExprKind::Variable(v) = &e.kind {
                    only_node &= v == node_name;
                }
            });
            if !only_node {
                return Ok(None);
            }
            columns.push((item.column_name(), SortBy::Key(keys.len())));
            keys.push(expr);
        }
    }
    let mut order = Vec::new();
    for sort in &projection.order_by {
        let ExprKind::Variable(v) = &sort.expr.kind else {
            return Ok(None);
        };
        let Some((_, by)) = columns.iter().find(|(c, _)| c == v) else {
            return Ok(None);
        };
        order.push((*by, sort.descending));
    }
    let skip = exec
        .row_count(projection.skip.as_ref(), "SKIP")?
        .unwrap_or(0);
    let limit = exec
        .row_count(projection.limit.as_ref(), "LIMIT")?
        .unwrap_or(0);
    let wanted = skip.saturating_add(limit);
    if let Some(top) = top_by_name_bounded(exec, node_name, &keys, &order, wanted, degrees)? {
        return Ok(Some(top));
    }

    let graph = &*exec.graph;
    let mut row = vec![Value::Null; pattern.scope.len()];
    // Groups by the hash of their key values, with a chain per hash for the rare
    // collision; the key values of group `g` are `values[g * width..][..width]`, borrowed
    // from the graph where they can be, so grouping a node allocates nothing.
    let width = keys.len();
    let mut by_hash: rustc_hash::FxHashMap<u64, usize> = Default::default();
    let mut chain: Vec<usize> = Vec::new();
    let mut values: Vec<Cow<'_, Value>> = Vec::new();
    // Per group: its first node and its count, in order of appearance.
    let mut groups: Vec<(usize, NodeId, u64)> = Vec::new();
    for &(id, degree) in degrees {
        exec.guard.tick()?;
        let at = values.len();
        for key in &keys {
            let borrowed = match &key.kind {
                ExprKind::Property(base, property) if matches!(&base.kind, ExprKind::Variable(v) if v == node_name) => {
                    graph
                        .node(id)
                        .map(|n| Cow::Owned(n.property(property).unwrap_or(Value::Null)))
                }
                _ => None,
            };
            let value = match borrowed {
                Some(value) => value,
                None => {
                    row[slot] = Value::Node(id);
                    let bindings = RowBindings {
                        scope: &pattern.scope,
                        row: &row,
                    };
                    Cow::Owned(exec.eval(key, &bindings)?)
                }
            };
            values.push(value);
        }
        let mut hasher = rustc_hash::FxHasher::default();
        for value in &values[at..] {
            hash_value(value, &mut hasher);
        }
        let hash = hasher.finish();
        let mut found = by_hash.get(&hash).copied();
        while let Some(g) = found {
            let same = (0..width).all(|i| equivalent(&values[g * width + i], &values[at + i]));
            if same {
                break;
            }
            found = chain.get(g).copied().filter(|&next| next != usize::MAX);
        }
        match found {
            Some(g) => {
                groups[g].2 += degree;
                values.truncate(at);
            }
            None => {
                let g = groups.len();
                chain.push(by_hash.insert(hash, g).unwrap_or(usize::MAX));
                groups.push((g, id, degree));
            }
        }
    }
    drop(by_hash);
    if wanted == 0 {
        return Ok(Some(Vec::new()));
    }
    let compare = |a: &(usize, NodeId, u64), b: &(usize, NodeId, u64)| -> Ordering {
        for &(by, descending) in &order {
            let ord = match by {
                SortBy::Count => a.2.cmp(&b.2),
                SortBy::Key(i) => {
                    compare_for_order(&values[a.0 * width + i], &values[b.0 * width + i])
                }
            };
            let ord = if descending { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        a.0.cmp(&b.0)
    };
    if wanted < groups.len() {
        groups.select_nth_unstable_by(wanted - 1, compare);
        groups.truncate(wanted);
    }
    groups.sort_unstable_by_key(|g| g.0);
    Ok(Some(groups.into_iter().map(|(_, id, n)| (id, n)).collect()))
}

/// A group of [`top_by_name_bounded`]: its first node, the count of its nodes seen so
/// far, and whether its name is a string.
struct NameGroup {
    first: NodeId,
    count: u64,
    string: bool,
}

/// [`top_groups`] for groups by `n.name` ordered by count descending first, without
/// reading every node's name: nodes are taken in descending degree, and once no group can
/// still reach the `wanted`-th count, the groups that may are completed exactly through
/// the name index and the rest is never read.
///
/// A group not seen yet has all its nodes at or below the next degree `d`, so its count
/// is at most `d` times its size, which is at most the largest group of the name index
/// for a string name (the index is keyed by normalized names: equal names share an
/// entry) and at most the number of nodes without a string name otherwise. A group seen
/// already gains at most as much. `None` when the shape does not apply or the bound never
/// prunes before every node has been read (the caller's full pass then answers).
fn top_by_name_bounded(
    exec: &Executor<'_>,
    node_name: &str,
    keys: &[&Expr],
    order: &[(SortBy, bool)],
    wanted: usize,
    degrees: &[(NodeId, u64)],
) -> Result<Option<Vec<(NodeId, u64)>>, QueryError> {
    let by_name = matches!(keys, [Expr { kind: ExprKind::Property(base, key), .. }]
        if key == "name" && matches!(&base.kind, ExprKind::Variable(v) if v == node_name));
    if !by_name || wanted == 0 || !matches!(order.first(), Some((SortBy::Count, true))) {
        return Ok(None);
    }
    let graph = &*exec.graph;
    let Some(name_key) = graph.key_id("name") else {
        return Ok(None);
    };
    let others = graph.nodes_without_string_name() as u64;
    let largest = (graph.largest_name_group() as u64).max(others).max(1);
    let Some(max_degree) = degrees.iter().map(|&(_, d)| d).max() else {
        return Ok(None);
    };
    // Nodes per degree, to cut the descending order into bands without sorting it all.
    if max_degree > 1 << 22 {
        return Ok(None);
    }
    let mut per_degree = vec![0u32; max_degree as usize + 1];
    for &(_, d) in degrees {
        per_degree[d as usize] += 1;
    }
    let mut strings: rustc_hash::FxHashMap<&str, usize> = Default::default();
    let mut values: rustc_hash::FxHashMap<crate::query::eval::compare::ValueKey, usize> =
        Default::default();
    let mut groups: Vec<NameGroup> = Vec::new();
    // Bands of degrees `low..high`, each about twice as many nodes as the one before.
    let mut high = max_degree + 1;
    let mut band = (wanted as u64).saturating_mul(4).max(64);
    let mut band_nodes: Vec<(u64, NodeId)> = Vec::new();
    while high > 1 {
        let mut low = high;
        let mut taken = 0u64;
        while low > 1 && taken < band {
            low -= 1;
            taken += u64::from(per_degree[low as usize]);
        }
        band_nodes.clear();
        for &(id, d) in degrees {
            if d >= low && d < high {
                band_nodes.push((d, id));
            }
        }
        exec.guard.check()?;
        band_nodes.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(d, id) in &band_nodes {
            exec.guard.tick()?;
            let name = graph.node(id).and_then(|n| n.property_ref(name_key));
            let (g, string) = match name {
                Some(PropertyRef::Str(s)) => (strings.get(s).copied(), Some(s)),
                other => {
                    let key = crate::query::eval::compare::ValueKey(
                        other.map_or(Value::Null, PropertyRef::into_value),
                    );
                    let g = values.get(&key).copied();
                    if g.is_none() {
                        values.insert(key, groups.len());
                    }
                    (g, None)
                }
            };
            match g {
                Some(g) => {
                    groups[g].count += d;
                    groups[g].first = groups[g].first.min(id);
                }
                None => {
                    if let Some(s) = string {
                        strings.insert(s, groups.len());
                    }
                    groups.push(NameGroup {
                        first: id,
                        count: d,
                        string: string.is_some(),
                    });
                }
            }
        }
        high = low;
        band = band.saturating_mul(2);
        // Every node left has a degree below `low`: at most `next`.
        let next = (1..low)
            .rev()
            .find(|&d| per_degree[d as usize] > 0)
            .unwrap_or(0);
        if next == 0 || groups.len() < wanted {
            continue;
        }
        let mut counts: Vec<u64> = groups.iter().map(|g| g.count).collect();
        let at = counts.len() - wanted;
        let (_, kth, _) = counts.select_nth_unstable(at);
        let kth = *kth;
        let reach = |size: u64| next.saturating_mul(size);
        // Strictly below: a group that ties may still win on its name.
        if reach(largest) >= kth
            || groups
                .iter()
                .any(|g| !g.string && g.count.saturating_add(reach(others)) >= kth)
        {
            continue;
        }
        // Complete the string groups that may still reach the cut.
        let degree_of = |id: NodeId| {
            degrees
                .binary_search_by_key(&id, |&(n, _)| n)
                .ok()
                .map(|i| degrees[i].1)
        };
        let mut top = Vec::new();
        for (name, &g) in &strings {
            let group = &groups[g];
            if group.count.saturating_add(reach(largest)) < kth {
                continue;
            }
            exec.guard.tick()?;
            let (mut first, mut count) = (NodeId::MAX, 0u64);
            for id in graph.nodes_named(&normalize_name(name)) {
                let same = graph
                    .node(id)
                    .and_then(|n| n.property_ref(name_key))
                    .is_some_and(|p| p == PropertyRef::Str(name));
                if let (true, Some(d)) = (same, degree_of(id)) {
                    first = first.min(id);
                    count += d;
                }
            }
            top.push((first, count, *name));
        }
        // Count descending, then the name as ordered, then first appearance.
        top.sort_unstable_by(|a, b| {
            for &(by, descending) in order {
                let ord = match by {
                    SortBy::Count => a.1.cmp(&b.1),
                    SortBy::Key(_) => a.2.cmp(b.2),
                };
                let ord = if descending { ord.reverse() } else { ord };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            a.0.cmp(&b.0)
        });
        top.truncate(wanted);
        top.sort_unstable_by_key(|g| g.0);
        return Ok(Some(top.into_iter().map(|(id, n, _)| (id, n)).collect()));
    }
    Ok(None)
}
