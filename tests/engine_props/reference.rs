//! The reference evaluator: the query model run by brute force over the graph read back
//! from the library, sharing nothing with kizuna's planner or executor. A MATCH tries
//! every assignment of nodes and relationships (no relationship twice within one MATCH,
//! variable-length hops as trails), WHERE keeps the rows whose condition is true under
//! three-valued logic, and projections group, deduplicate, sort and page plainly.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::graph::{StoredGraph, StoredRel};
use super::query::{
    Agg, Clause, Dir, Expr, Hop, Item, NodePat, Op, OrderKey, Part, Pred, Projection, Query,
};
use super::Val;

/// A row of bindings by variable name.
type Row = BTreeMap<String, Val>;

/// The evaluation would try more assignments than a test case should cost.
#[derive(Debug)]
pub struct TooLarge;

/// Assignments tried before a case is given up as too large (and another drawn).
const WORK_LIMIT: u64 = 100_000;
/// Rows a clause may produce before a case is given up as too large.
const ROW_LIMIT: usize = 3_000;

pub struct Reference<'g> {
    graph: &'g StoredGraph,
    work: u64,
}

/// The rows of `query` on `graph`, in the order its RETURN sorts them (if it does).
pub fn evaluate(graph: &StoredGraph, query: &Query) -> Result<Vec<Vec<Val>>, TooLarge> {
    let mut reference = Reference { graph, work: 0 };
    let mut rows = vec![Row::new()];
    for clause in &query.clauses {
        rows = match clause {
            Clause::Match {
                optional,
                parts,
                filter,
            } => reference.match_clause(&rows, *optional, parts, filter.as_ref())?,
            Clause::With(projection) => reference.with(&rows, projection),
        };
        if rows.len() > ROW_LIMIT {
            return Err(TooLarge);
        }
    }
    Ok(reference.project(&rows, &query.ret))
}

impl Reference<'_> {
    fn tick(&mut self) -> Result<(), TooLarge> {
        self.work += 1;
        if self.work > WORK_LIMIT {
            Err(TooLarge)
        } else {
            Ok(())
        }
    }

    fn match_clause(
        &mut self,
        rows: &[Row],
        optional: bool,
        parts: &[Part],
        filter: Option<&Pred>,
    ) -> Result<Vec<Row>, TooLarge> {
        let mut out = Vec::new();
        for row in rows {
            let before = out.len();
            self.parts(parts, row.clone(), &[], filter, &mut out)?;
            if optional && out.len() == before {
                let mut padded = row.clone();
                for var in pattern_variables(parts) {
                    padded.entry(var).or_insert(Val::Null);
                }
                out.push(padded);
            }
        }
        Ok(out)
    }

    /// Every assignment of the remaining `parts` extending `row`, with `used` the
    /// relationships the MATCH has bound so far.
    fn parts(
        &mut self,
        parts: &[Part],
        row: Row,
        used: &[u64],
        filter: Option<&Pred>,
        out: &mut Vec<Row>,
    ) -> Result<(), TooLarge> {
        let Some((part, rest)) = parts.split_first() else {
            if filter.is_none_or(|f| self.truth(f, &row) == Some(true)) {
                out.push(row);
            }
            return Ok(());
        };
        let starts: Vec<u64> = match part.start.var.as_ref().and_then(|v| row.get(v)) {
            Some(Val::Node(id)) => vec![*id],
            Some(_) => Vec::new(),
            None => self.graph.nodes.iter().map(|n| n.id).collect(),
        };
        for start in starts {
            self.tick()?;
            let mut row = row.clone();
            if self.bind_node(&part.start, start, &mut row) {
                self.hops(part, 0, start, row, used, rest, filter, out)?;
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn hops(
        &mut self,
        part: &Part,
        at: usize,
        node: u64,
        row: Row,
        used: &[u64],
        rest: &[Part],
        filter: Option<&Pred>,
        out: &mut Vec<Row>,
    ) -> Result<(), TooLarge> {
        let Some((hop, next)) = part.hops.get(at) else {
            return self.parts(rest, row, used, filter, out);
        };
        let bound = hop.var.as_ref().and_then(|v| row.get(v)).cloned();
        for (end, trail) in self.trails(hop, node, used)? {
            // A relationship bound by an earlier clause is the only one the hop may take.
            if bound.as_ref().is_some_and(|b| *b != Val::Rel(trail[0])) {
                continue;
            }
            let mut row = row.clone();
            if let Some(var) = &hop.var {
                row.insert(var.clone(), Val::Rel(trail[0]));
            }
            if !self.bind_node(next, end, &mut row) {
                continue;
            }
            let used: Vec<u64> = used.iter().chain(&trail).copied().collect();
            self.hops(part, at + 1, end, row, &used, rest, filter, out)?;
        }
        Ok(())
    }

    /// Every trail `hop` allows from `from` (relationships in `used` excluded), with the
    /// node it ends at.
    fn trails(
        &mut self,
        hop: &Hop,
        from: u64,
        used: &[u64],
    ) -> Result<Vec<(u64, Vec<u64>)>, TooLarge> {
        let (min, max) = hop.length.map_or((1, 1), |l| (l.min, l.max));
        let mut out = Vec::new();
        self.walk(hop, from, (min, max), used, &mut Vec::new(), &mut out)?;
        Ok(out)
    }

    fn walk(
        &mut self,
        hop: &Hop,
        node: u64,
        (min, max): (usize, usize),
        used: &[u64],
        trail: &mut Vec<u64>,
        out: &mut Vec<(u64, Vec<u64>)>,
    ) -> Result<(), TooLarge> {
        self.tick()?;
        if trail.len() >= min {
            out.push((node, trail.clone()));
        }
        if trail.len() == max {
            return Ok(());
        }
        let graph = self.graph;
        for rel in graph.incident(node) {
            if used.contains(&rel.id) || trail.contains(&rel.id) || !admits(hop, rel) {
                continue;
            }
            let Some(far) = far_end(rel, node, hop.dir) else {
                continue;
            };
            trail.push(rel.id);
            self.walk(hop, far, (min, max), used, trail, out)?;
            trail.pop();
        }
        Ok(())
    }

    /// Binds `pattern`'s variable to `id` in `row` (or checks that it is bound to it),
    /// if the node has the pattern's label and properties.
    fn bind_node(&self, pattern: &NodePat, id: u64, row: &mut Row) -> bool {
        let node = self.graph.node(id);
        let fits = pattern
            .label
            .is_none_or(|l| node.labels.iter().any(|x| x == l))
            && pattern
                .props
                .iter()
                .all(|(key, value)| node.props.get(*key) == Some(value));
        if !fits {
            return false;
        }
        match &pattern.var {
            None => true,
            Some(var) => match row.get(var) {
                Some(bound) => *bound == Val::Node(id),
                None => {
                    row.insert(var.clone(), Val::Node(id));
                    true
                }
            },
        }
    }

    fn value(&self, expr: &Expr, row: &Row) -> Val {
        let bound = |var: &String| {
            row.get(var)
                .unwrap_or_else(|| panic!("the generator used {var} out of scope"))
        };
        match expr {
            Expr::Lit(value) | Expr::Param(_, value) => value.clone(),
            Expr::Type(var) => match bound(var) {
                Val::Rel(id) => Val::Str(self.graph.rel(*id).rel_type.clone()),
                _ => Val::Null,
            },
            Expr::Var(var) => bound(var).clone(),
            Expr::Id(var) => match bound(var) {
                Val::Node(id) | Val::Rel(id) => Val::Int(*id as i64),
                _ => Val::Null,
            },
            Expr::Prop(var, key) => {
                let props = match bound(var) {
                    Val::Node(id) => &self.graph.node(*id).props,
                    Val::Rel(id) => &self.graph.rel(*id).props,
                    _ => return Val::Null,
                };
                props.get(*key).cloned().unwrap_or(Val::Null)
            }
        }
    }

    /// The condition under three-valued logic: `None` is null.
    fn truth(&self, pred: &Pred, row: &Row) -> Option<bool> {
        match pred {
            Pred::Cmp(left, op, right) => {
                compare(&self.value(left, row), *op, &self.value(right, row))
            }
            Pred::In(value, list) => member(&self.value(value, row), list),
            Pred::StartsWith(value, prefix) => match (self.value(value, row), prefix) {
                (Val::Str(s), Val::Str(p)) => Some(s.starts_with(p.as_str())),
                _ => None,
            },
            Pred::IsNull(value, is_null) => Some((self.value(value, row) == Val::Null) == *is_null),
            Pred::And(a, b) => match (self.truth(a, row), self.truth(b, row)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
            Pred::Or(a, b) => match (self.truth(a, row), self.truth(b, row)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
            Pred::Not(a) => self.truth(a, row).map(|t| !t),
            Pred::Pattern {
                node,
                rel_type,
                dir,
                label,
            } => {
                // A null node matches nothing.
                let Some(Val::Node(id)) = row.get(node) else {
                    return Some(false);
                };
                Some(self.graph.incident(*id).any(|rel| {
                    let far = match dir {
                        Dir::Out if rel.start == *id => Some(rel.end),
                        Dir::In if rel.end == *id => Some(rel.start),
                        Dir::Both if rel.start == *id => Some(rel.end),
                        Dir::Both => Some(rel.start),
                        _ => None,
                    };
                    far.is_some_and(|far| {
                        rel_type.is_none_or(|t| rel.rel_type == t)
                            && label
                                .is_none_or(|l| self.graph.node(far).labels.iter().any(|x| x == l))
                    })
                }))
            }
        }
    }

    fn with(&mut self, rows: &[Row], projection: &Projection) -> Vec<Row> {
        self.project(rows, projection)
            .into_iter()
            .map(|values| {
                projection
                    .items
                    .iter()
                    .map(|(_, alias)| alias.clone())
                    .zip(values)
                    .collect::<Row>()
            })
            .filter(|row| {
                projection
                    .filter
                    .as_ref()
                    .is_none_or(|f| self.truth(f, row) == Some(true))
            })
            .collect()
    }

    /// The projection's rows: grouped when it aggregates, deduplicated under DISTINCT,
    /// then sorted and paged.
    fn project(&self, rows: &[Row], projection: &Projection) -> Vec<Vec<Val>> {
        let aggregates = projection
            .items
            .iter()
            .any(|(i, _)| matches!(i, Item::Agg(_)));
        let mut table = if aggregates {
            self.aggregate(rows, projection)
        } else {
            rows.iter()
                .map(|row| {
                    projection
                        .items
                        .iter()
                        .map(|(item, _)| match item {
                            Item::Plain(e) => self.value(e, row),
                            Item::Agg(_) => unreachable!("checked above"),
                        })
                        .collect()
                })
                .collect()
        };
        if projection.distinct {
            table.sort();
            table.dedup();
        }
        table.sort_by(|a, b| {
            projection
                .order
                .iter()
                .map(|key| {
                    let ordering = order(&key_value(key, a), &key_value(key, b));
                    if key.descending {
                        ordering.reverse()
                    } else {
                        ordering
                    }
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
        let skip = projection.skip.unwrap_or(0) as usize;
        let limit = projection.limit.map_or(usize::MAX, |l| l as usize);
        table.into_iter().skip(skip).take(limit).collect()
    }

    fn aggregate(&self, rows: &[Row], projection: &Projection) -> Vec<Vec<Val>> {
        let keys: Vec<&Expr> = projection
            .items
            .iter()
            .filter_map(|(item, _)| match item {
                Item::Plain(e) => Some(e),
                Item::Agg(_) => None,
            })
            .collect();
        let mut groups: BTreeMap<Vec<Val>, Vec<&Row>> = BTreeMap::new();
        for row in rows {
            let key = keys.iter().map(|e| self.value(e, row)).collect();
            groups.entry(key).or_default().push(row);
        }
        if keys.is_empty() && groups.is_empty() {
            groups.insert(Vec::new(), Vec::new());
        }
        groups
            .into_iter()
            .map(|(key, members)| {
                let mut key = key.into_iter();
                projection
                    .items
                    .iter()
                    .map(|(item, _)| match item {
                        Item::Plain(_) => key.next().unwrap_or(Val::Null),
                        Item::Agg(agg) => self.fold(agg, &members),
                    })
                    .collect()
            })
            .collect()
    }

    fn fold(&self, agg: &Agg, rows: &[&Row]) -> Val {
        let values = |e: &Expr| -> Vec<Val> {
            rows.iter()
                .map(|row| self.value(e, row))
                .filter(|v| *v != Val::Null)
                .collect()
        };
        match agg {
            Agg::CountStar => Val::Int(rows.len() as i64),
            Agg::Count(distinct, e) => {
                let mut found = values(e);
                if *distinct {
                    found.sort();
                    found.dedup();
                }
                Val::Int(found.len() as i64)
            }
            Agg::Sum(e) => Val::Int(
                values(e)
                    .iter()
                    .map(|v| match v {
                        Val::Int(i) => *i,
                        other => panic!("the generator summed {other:?}"),
                    })
                    .sum(),
            ),
            Agg::Min(e) => values(e).into_iter().min_by(order).unwrap_or(Val::Null),
            Agg::Max(e) => values(e).into_iter().max_by(order).unwrap_or(Val::Null),
        }
    }
}

/// Where a relationship leads from `node` when followed in `dir` (a self-loop once).
fn far_end(rel: &StoredRel, node: u64, dir: Dir) -> Option<u64> {
    match dir {
        Dir::Out => (rel.start == node).then_some(rel.end),
        Dir::In => (rel.end == node).then_some(rel.start),
        Dir::Both if rel.start == node => Some(rel.end),
        Dir::Both => (rel.end == node).then_some(rel.start),
    }
}

fn admits(hop: &Hop, rel: &StoredRel) -> bool {
    hop.rel_type.is_none_or(|t| rel.rel_type == t)
        && hop
            .props
            .iter()
            .all(|(key, value)| rel.props.get(*key) == Some(value))
}

fn pattern_variables(parts: &[Part]) -> Vec<String> {
    let mut vars = Vec::new();
    for part in parts {
        vars.extend(part.start.var.clone());
        for (hop, node) in &part.hops {
            vars.extend(hop.var.clone());
            vars.extend(node.var.clone());
        }
    }
    vars
}

/// A comparison of two values: null when either is null or they cannot be ordered.
fn compare(left: &Val, op: Op, right: &Val) -> Option<bool> {
    if *left == Val::Null || *right == Val::Null {
        return None;
    }
    let comparable = matches!(
        (left, right),
        (Val::Int(_), Val::Int(_)) | (Val::Str(_), Val::Str(_))
    );
    match op {
        Op::Eq => Some(left == right),
        Op::Ne => Some(left != right),
        Op::Lt if comparable => Some(left < right),
        Op::Ge if comparable => Some(left >= right),
        Op::Lt | Op::Ge => None,
    }
}

/// `value IN list`: true when an element equals it, else null when the value or an
/// element is null, else false.
fn member(value: &Val, list: &[Val]) -> Option<bool> {
    if list.is_empty() {
        return Some(false);
    }
    let mut unknown = *value == Val::Null;
    for element in list {
        match compare(value, Op::Eq, element) {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

/// The value a row is ordered by for `key`.
fn key_value(key: &OrderKey, row: &[Val]) -> Val {
    match &row[key.column] {
        Val::Node(id) | Val::Rel(id) if key.by_id => Val::Int(*id as i64),
        value => value.clone(),
    }
}

/// ORDER BY's order within one column: numbers, strings, then null last.
fn order(a: &Val, b: &Val) -> Ordering {
    match (a, b) {
        (Val::Null, Val::Null) => Ordering::Equal,
        (Val::Null, _) => Ordering::Greater,
        (_, Val::Null) => Ordering::Less,
        _ => a.cmp(b),
    }
}
