//! Rewrites the planner makes when a MATCH's consumer needs less than every matched row:
//! rows seen as a set (distinct far ends found once), and counts answered from the
//! graph's counters and degrees. Each is decided from the statement's structure and the
//! variables bound before the MATCH; the executor carries out what the step says.

use crate::query::ast::{
    Clause, Direction, Expr, ExprKind, Match, NodePattern, PatternPart, Projection, Subquery,
    SubqueryKind,
};
use crate::query::catalog::{Aggregate, Function, Scalar};
use crate::query::walk::{
    aggregate_calls, calls_volatile, children, contains_aggregate, visit, Step,
};

use super::Bound;

const COUNT: Function = Function::Aggregate(Aggregate::Count);

/// The consumer of a MATCH sees its rows as a set: which of the pattern's new variables it
/// never reads, and which it reads for nothing but their identity.
#[derive(Debug, Clone, Default)]
pub(crate) struct AsSet {
    pub(crate) unseen: Vec<String>,
    pub(crate) identity_only: Vec<String>,
}

/// A MATCH whose rows the projection only counts, answered without enumerating them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CountShape {
    /// `MATCH (n)` or `MATCH (n:L)`: one group, as many rows as nodes (of the label).
    Nodes,
    /// `MATCH ()-[r:T]->()`: the count per type (one group per type when `per_type`).
    ByType { per_type: bool },
    /// `MATCH (n)-[r:T]-(x)`: one group per node at position `grouped`, its degree the
    /// count (the other end, if named, is only counted). `bound`: the node is the input
    /// row's (`MATCH (n) OPTIONAL MATCH (n)-[r]->() WITH n, count(r)`), its degree taken
    /// per row, a node without relationships giving the OPTIONAL MATCH's row of nulls.
    ByDegree { grouped: usize, bound: bool },
}

/// Whether the consumer of a MATCH sees its rows as a set: rows that repeat change
/// nothing. True for `DISTINCT` without aggregation, and for aggregation whose every
/// aggregate is `count(DISTINCT …)` (grouping keys only see values, which repeat too).
/// Functions whose value differs between calls (`rand()`) make every row count.
pub(crate) fn rows_as_set(m: &Match, projection: &Projection, bound: &Bound) -> Option<AsSet> {
    if has_volatile(projection) {
        return None;
    }
    let (_, calls) = expressions_and_aggregates(projection);
    let as_set = if calls.is_empty() {
        projection.distinct && !projection.items.iter().any(|i| contains_aggregate(&i.expr))
    } else {
        // `collect(DISTINCT …)` keeps first-seen order and `min`/`max`/`sum` of equivalent
        // values depend on which comes first, so only counting qualifies.
        calls.iter().all(|call| match &call.kind {
            ExprKind::FunctionCall {
                function, distinct, ..
            } => *distinct && *function == COUNT,
            _ => false,
        })
    };
    as_set.then(|| AsSet {
        unseen: unseen(m, projection, bound),
        identity_only: identity_only(m, projection, bound),
    })
}

/// Every variable a pattern names, with repeats, in the order written.
fn pattern_names(pattern: &[PatternPart]) -> Vec<&str> {
    let mut named = Vec::new();
    for part in pattern {
        named.extend(part.variable.iter().map(|v| v.name.as_str()));
        let element = &part.element;
        named.extend(element.start.variable.iter().map(|v| v.name.as_str()));
        for (rel, node) in &element.chain {
            named.extend(rel.variable.iter().map(|v| v.name.as_str()));
            named.extend(node.variable.iter().map(|v| v.name.as_str()));
        }
    }
    named
}

/// The pattern's new variables (not bound before the MATCH), each once.
fn new_names<'m>(m: &'m Match, bound: &Bound) -> Vec<&'m str> {
    let mut names: Vec<&str> = Vec::new();
    for name in pattern_names(&m.pattern) {
        if !bound.contains(name) && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The pattern's new variables that neither the MATCH's WHERE nor the projection reads:
/// with rows as a set, matching need not bind them. None with `*`, which reads every
/// variable.
fn unseen(m: &Match, projection: &Projection, bound: &Bound) -> Vec<String> {
    if projection.star {
        return Vec::new();
    }
    let mut read: Vec<&str> = Vec::new();
    for expr in reading_exprs(m, projection) {
        visit(expr, &mut |e| {
            if let ExprKind::Variable(v) = &e.kind {
                read.push(v);
            }
        });
    }
    // A variable named twice in the pattern ties its places together: it counts as read.
    let named = pattern_names(&m.pattern);
    new_names(m, bound)
        .into_iter()
        .filter(|name| !read.contains(name) && named.iter().filter(|n| *n == name).count() == 1)
        .map(str::to_owned)
        .collect()
}

/// The pattern's new variables whose entity nothing reads beyond its identity: every
/// mention is the whole argument of `count` or `id` (or there is none). Loading such a
/// node's record ahead of time would be wasted.
fn identity_only(m: &Match, projection: &Projection, bound: &Bound) -> Vec<String> {
    if projection.star {
        return Vec::new();
    }
    let mut mentions: Vec<&str> = Vec::new();
    let mut identities: Vec<&str> = Vec::new();
    for expr in reading_exprs(m, projection) {
        visit(expr, &mut |e| match &e.kind {
            ExprKind::Variable(v) => mentions.push(v),
            ExprKind::FunctionCall { function, args, .. }
                if *function == COUNT || *function == Function::Scalar(Scalar::Id) =>
            {
                if let [Expr {
                    kind: ExprKind::Variable(v),
                    ..
                }] = args.as_slice()
                {
                    identities.push(v);
                }
            }
            _ => {}
        });
    }
    let count = |names: &[&str], name: &str| names.iter().filter(|n| **n == name).count();
    new_names(m, bound)
        .into_iter()
        .filter(|name| count(&mentions, name) == count(&identities, name))
        .map(str::to_owned)
        .collect()
}

/// The expressions that may read a MATCH's variables: the projection's items, order and
/// WHERE, the MATCH's WHERE, and the property maps of its pattern.
fn reading_exprs<'m>(m: &'m Match, projection: &'m Projection) -> impl Iterator<Item = &'m Expr> {
    let pattern_maps = m.pattern.iter().flat_map(|part| {
        let element = &part.element;
        let nodes = std::iter::once(&element.start).chain(element.chain.iter().map(|(_, n)| n));
        let rels = element.chain.iter().map(|(r, _)| r);
        nodes
            .filter_map(|n| n.properties.as_ref())
            .chain(rels.filter_map(|r| r.properties.as_ref()))
    });
    projection
        .items
        .iter()
        .map(|i| &i.expr)
        .chain(projection.order_by.iter().map(|s| &s.expr))
        .chain(projection.where_clause.iter())
        .chain(m.where_clause.iter())
        .chain(pattern_maps)
}

/// Whether the projection calls a function whose value differs between calls.
pub(crate) fn has_volatile(projection: &Projection) -> bool {
    let mut exprs = projection
        .items
        .iter()
        .map(|i| &i.expr)
        .chain(projection.order_by.iter().map(|s| &s.expr))
        .chain(projection.where_clause.iter());
    exprs.any(calls_volatile)
}

/// How the projection after a MATCH refers to one pattern variable outside the arguments of
/// its counts.
#[derive(Default, Clone, Copy)]
struct Refs {
    /// Anywhere except directly as the argument of `type(…)`.
    plain: bool,
    /// As the argument of `type(…)`.
    typed: bool,
}

/// Records in `refs` (indexed like `vars`) where `expr` mentions each variable, skipping
/// aggregate calls. A variable a comprehension rebinds counts as mentioned: that only
/// errs on the side of the general path.
fn note_refs(expr: &Expr, vars: &[&str], refs: &mut [Refs]) {
    match &expr.kind {
        ExprKind::Variable(v) => {
            if let Some(i) = vars.iter().position(|n| n == v) {
                refs[i].plain = true;
            }
        }
        ExprKind::CountStar => {}
        ExprKind::FunctionCall { function, .. } if function.is_aggregate() => {}
        ExprKind::FunctionCall {
            function: Function::Scalar(Scalar::Type),
            args,
            ..
        } => match args.as_slice() {
            [Expr {
                kind: ExprKind::Variable(v),
                ..
            }] if vars.contains(&v.as_str()) => {
                if let Some(i) = vars.iter().position(|n| n == v) {
                    refs[i].typed = true;
                }
            }
            _ => args.iter().for_each(|a| note_refs(a, vars, refs)),
        },
        _ => {
            for child in children(expr) {
                note_refs(child, vars, refs);
            }
        }
    }
}

/// Whether every aggregate of the projection is `count(*)` or a plain `count(x)` (and
/// there is one), so that one row may stand for many.
fn counts_only(projection: &Projection) -> bool {
    let items = projection.items.iter().map(|i| &i.expr);
    if !items.clone().any(contains_aggregate) {
        return false;
    }
    let mut calls = Vec::new();
    for expr in items.chain(projection.order_by.iter().map(|s| &s.expr)) {
        aggregate_calls(expr, &mut calls);
    }
    calls.iter().all(|call| match &call.kind {
        ExprKind::CountStar => true,
        ExprKind::FunctionCall {
            function,
            distinct,
            args,
            ..
        } => !distinct && args.len() == 1 && *function == COUNT,
        _ => false,
    })
}

/// The count shape of a MATCH and its projection, if it has one: every aggregate is
/// `count(*)` or a plain `count(x)`, there is no WHERE, and no pattern variable is bound
/// before or named twice.
pub(crate) fn count_shape(m: &Match, projection: &Projection, bound: &Bound) -> Option<CountShape> {
    // `*` makes every variable a grouping key, which the checks below do not see.
    if m.where_clause.is_some() || projection.star || !counts_only(projection) {
        return None;
    }
    let [part] = m.pattern.as_slice() else {
        return None;
    };
    if part.variable.is_some() || part.shortest.is_some() {
        return None;
    }
    let vars = pattern_names(&m.pattern);
    let distinct = vars.iter().enumerate().all(|(i, v)| !vars[..i].contains(v));
    if !distinct {
        return None;
    }
    // Only a grouped node may come bound (then per row); an OPTIONAL MATCH only then.
    let is_bound =
        |v: Option<&crate::query::ast::Variable>| v.is_some_and(|v| bound.contains(&v.name));
    let bound_vars = vars.iter().filter(|v| bound.contains(**v)).count();
    let unbound = bound_vars == 0 && !m.optional;
    // Where the projection looks at the pattern's variables, outside plain counts of them.
    let mut refs = vec![Refs::default(); vars.len()];
    let mut exprs: Vec<&Expr> = projection.items.iter().map(|i| &i.expr).collect();
    exprs.extend(projection.order_by.iter().map(|s| &s.expr));
    exprs.extend(projection.where_clause.iter());
    for expr in &exprs {
        note_refs(expr, &vars, &mut refs);
        let mut calls = Vec::new();
        aggregate_calls(expr, &mut calls);
        for call in calls {
            if let ExprKind::FunctionCall { args, .. } = &call.kind {
                for arg in args {
                    if !matches!(&arg.kind, ExprKind::Variable(v) if vars.contains(&v.as_str())) {
                        note_refs(arg, &vars, &mut refs);
                    }
                }
            }
        }
    }
    let refs_of = |v: Option<&crate::query::ast::Variable>| -> Refs {
        v.and_then(|v| vars.iter().position(|n| *n == v.name))
            .map_or(Refs::default(), |i| refs[i])
    };
    let unseen = |v: Option<&crate::query::ast::Variable>| {
        let r = refs_of(v);
        !r.plain && !r.typed
    };
    let element = &part.element;
    let plain = |n: &crate::query::ast::NodePattern| n.properties.is_none() && n.labels.is_empty();
    match element.chain.as_slice() {
        [] => {
            let node = &element.start;
            let fits = unbound
                && node.properties.is_none()
                && node.labels.len() <= 1
                && unseen(node.variable.as_ref());
            fits.then_some(CountShape::Nodes)
        }
        [(rel, b)] if rel.length.is_none() && rel.properties.is_none() => {
            let a = &element.start;
            let (va, vb) = (a.variable.as_ref(), b.variable.as_ref());
            let r = refs_of(rel.variable.as_ref());
            let neither_seen = plain(a) && plain(b) && unseen(va) && unseen(vb) && !r.plain;
            if neither_seen && bound_vars == 0 {
                (unbound && rel.direction != crate::query::ast::Direction::Both)
                    .then_some(CountShape::ByType { per_type: r.typed })
            } else if !r.plain && !r.typed && (plain(a) || plain(b)) {
                // The grouped end is the one that is looked at, has labels, or is bound;
                // the other end is at most counted (`count(x)`).
                let other_unseen = [plain(b) && unseen(vb), plain(a) && unseen(va)];
                let grouped = match other_unseen {
                    [true, true] if is_bound(vb) => 1,
                    [true, _] => 0,
                    [false, true] => 1,
                    [false, false] => return None,
                };
                let node = if grouped == 0 { a } else { b };
                let bound_node = is_bound(node.variable.as_ref());
                let fits = node.variable.is_some()
                    && node.properties.is_none()
                    && (unbound || (bound_node && bound_vars == 1));
                fits.then_some(CountShape::ByDegree {
                    grouped,
                    bound: bound_node,
                })
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A projection's items, sort keys and WHERE, and the aggregate calls among them.
fn expressions_and_aggregates(projection: &Projection) -> (Vec<&Expr>, Vec<&Expr>) {
    let mut exprs: Vec<&Expr> = projection.items.iter().map(|i| &i.expr).collect();
    exprs.extend(projection.order_by.iter().map(|s| &s.expr));
    exprs.extend(projection.where_clause.iter());
    let mut calls = Vec::new();
    for expr in &exprs {
        aggregate_calls(expr, &mut calls);
    }
    (exprs, calls)
}

/// The variable an aggregating projection groups by as it is (`WITH b, count(*)`), when
/// its grouping keys read that variable alone and call nothing volatile: the grouping
/// then takes a row holding the same entity as the row before into that row's group
/// without a lookup (`Grouping::last_entity`).
pub(crate) fn grouping_variable(projection: &Projection) -> Option<String> {
    let (_, calls) = expressions_and_aggregates(projection);
    if projection.star || calls.is_empty() {
        return None;
    }
    let keys: Vec<&Expr> = (projection.items.iter())
        .map(|item| &item.expr)
        .filter(|e| !contains_aggregate(e))
        .collect();
    let variable = keys.iter().find_map(|key| match &key.kind {
        ExprKind::Variable(name) => Some(name.as_str()),
        _ => None,
    })?;
    let alone = |key: &&Expr| {
        !calls_volatile(key) && super::read_variables(key).iter().all(|&v| v == variable)
    };
    keys.iter().all(alone).then(|| variable.to_owned())
}

/// What a projection reads of each variable, when it may take a row repeated many times
/// at once (a MATCH's rows counted per node before the last hop): it aggregates, and every
/// aggregate is `count(*)`, `count(x)`, `min`, `max` or `DISTINCT` (but `collect`), which
/// repeats change in no other way than counting them. `None` otherwise, and after a `*`
/// or with a call whose value differs between calls.
pub(crate) fn repeatable_reads(projection: &Projection) -> Option<Vec<VariableRead>> {
    if projection.star || has_volatile(projection) {
        return None;
    }
    let (exprs, calls) = expressions_and_aggregates(projection);
    let repeatable = |call: &&Expr| match &call.kind {
        ExprKind::CountStar => true,
        ExprKind::FunctionCall {
            function: Function::Aggregate(aggregate),
            distinct,
            ..
        } => match aggregate {
            Aggregate::Count | Aggregate::Min | Aggregate::Max => true,
            Aggregate::Collect => false,
            _ => *distinct,
        },
        _ => false,
    };
    if calls.is_empty() || !calls.iter().all(repeatable) {
        return None;
    }
    let mut read = Vec::new();
    for expr in exprs {
        reads_by_key(expr, &mut read);
    }
    Some(read)
}

/// The one variable an aggregating projection reads, when it reads nothing of it but its
/// properties (`r.year`, `sum(r.amount)`, beside `count(*)`) and calls nothing volatile:
/// a scan of that variable's entities can aggregate their stored values without rows.
pub(crate) fn aggregates_properties_of(projection: &Projection) -> Option<String> {
    if projection.star || has_volatile(projection) {
        return None;
    }
    let (exprs, calls) = expressions_and_aggregates(projection);
    if calls.is_empty() {
        return None;
    }
    let mut read = Vec::new();
    for expr in exprs {
        reads_by_key(expr, &mut read);
    }
    // ORDER BY and the WHERE after it may name the projection's own columns.
    let column = |r: &VariableRead| projection.items.iter().any(|i| i.column_name() == r.name);
    read.retain(|r| !column(r));
    match read.as_slice() {
        [only] if only.keys.is_some() => Some(only.name.clone()),
        _ => None,
    }
}

/// A variable an expression reads, and the property keys it reads of it when it reads
/// nothing else of it (`v.key`, `v.other`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VariableRead {
    pub(crate) name: String,
    /// `None`: the variable is read as a whole somewhere (its identity, a function of it).
    pub(crate) keys: Option<Vec<String>>,
}

/// Adds to `read` the variables `expr` reads (not those it binds itself), each with the
/// keys it reads of it where it reads only keys.
pub(crate) fn reads_by_key(expr: &Expr, read: &mut Vec<VariableRead>) {
    let mut note = |name: &str, key: Option<&str>| {
        let at = match read.iter().position(|r| r.name == name) {
            Some(at) => at,
            None => {
                read.push(VariableRead {
                    name: name.to_owned(),
                    keys: Some(Vec::new()),
                });
                read.len() - 1
            }
        };
        match (&mut read[at].keys, key) {
            (Some(keys), Some(key)) if !keys.iter().any(|k| k == key) => keys.push(key.to_owned()),
            (keys, None) => *keys = None,
            _ => {}
        }
    };
    let outer = |name: &str, locals: &[&str]| !locals.contains(&name);
    crate::query::walk::find_with_locals(expr, &mut |e, locals| match &e.kind {
        ExprKind::Property(base, key) => match &base.kind {
            ExprKind::Variable(name) if outer(name, locals) => {
                note(name, Some(key));
                Step::<()>::Skip
            }
            _ => Step::Descend,
        },
        ExprKind::Variable(name) if outer(name, locals) => {
            note(name, None);
            Step::Descend
        }
        _ => Step::Descend,
    });
}

/// A subquery that only asks how many relationships of some types (and in one direction)
/// a node of the row has, reaching any node or one of some labels: `(n)-[:T]->()`,
/// `EXISTS { MATCH (n)<-[:T]-(:L) }`, `COUNT { (n)-[:T]-() }`. It is answered from the
/// node's adjacency (`GetDegree`) instead of running its body for every row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DegreeProbe {
    /// The variable of the row's node.
    pub(crate) node: String,
    /// The labels the pattern asks of the row's node.
    pub(crate) node_labels: Vec<String>,
    /// The relationships' direction seen from the row's node.
    pub(crate) direction: Direction,
    pub(crate) types: Vec<String>,
    /// The labels the pattern asks of the far end.
    pub(crate) far_labels: Vec<String>,
    /// The pattern as written, for the plan's text.
    pub(crate) pattern: String,
}

/// The [`DegreeProbe`] that answers `subquery` where the variables in `bound` are bound:
/// its body is one MATCH of one relationship between a bound node and a new one, with no
/// WHERE, properties, length or path, and no variable named twice.
pub(crate) fn degree_probe(subquery: &Subquery, bound: &Bound) -> Option<DegreeProbe> {
    let body = &subquery.body;
    let counted = subquery.kind.is_existence() || subquery.kind == SubqueryKind::Count;
    if !counted || !body.unions.is_empty() {
        return None;
    }
    let [Clause::Match(m)] = body.first.clauses.as_slice() else {
        return None;
    };
    let [part] = m.pattern.as_slice() else {
        return None;
    };
    let [(rel, b)] = part.element.chain.as_slice() else {
        return None;
    };
    let a = &part.element.start;
    let simple = !m.optional
        && m.where_clause.is_none()
        && part.variable.is_none()
        && part.shortest.is_none()
        && rel.length.is_none()
        && rel.properties.is_none()
        && a.properties.is_none()
        && b.properties.is_none();
    let names = pattern_names(&m.pattern);
    let distinct = names
        .iter()
        .enumerate()
        .all(|(i, v)| !names[..i].contains(v));
    if !simple || !distinct {
        return None;
    }
    let is_bound = |node: &NodePattern| {
        node.variable
            .as_ref()
            .is_some_and(|v| bound.contains(&v.name))
    };
    let rel_bound = rel
        .variable
        .as_ref()
        .is_some_and(|v| bound.contains(&v.name));
    let (node, far, direction) = match (is_bound(a), is_bound(b)) {
        _ if rel_bound => return None,
        (true, false) => (a, b, rel.direction),
        (false, true) => (b, a, rel.direction.reversed()),
        _ => return None,
    };
    Some(DegreeProbe {
        node: node.variable.as_ref()?.name.clone(),
        node_labels: node.labels.clone(),
        direction,
        types: rel.types.clone(),
        far_labels: far.labels.clone(),
        pattern: part.to_string(),
    })
}
