//! The one walker over expression trees: sub-expressions and the aggregate calls among
//! them, for the semantic checks, the planner, the executor and the warnings; and over the
//! expressions and variables of clauses (what a subquery reads from the row it runs in).

use crate::query::ast::{
    Clause, Expr, ExprKind, PatternPart, Projection, RemoveItem, SetItem, Statement, Variable,
};
use crate::query::eval;

/// The direct sub-expressions of `expr`.
pub(crate) fn children(expr: &Expr) -> Vec<&Expr> {
    let mut out = Vec::new();
    match &expr.kind {
        ExprKind::Literal(_)
        | ExprKind::Parameter(_)
        | ExprKind::Variable(_)
        | ExprKind::CountStar => {}
        ExprKind::Property(e, _) | ExprKind::Unary(_, e) | ExprKind::HasLabels(e, _) => {
            out.push(&**e)
        }
        ExprKind::IsNull { expr, .. } => out.push(&**expr),
        ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
            out.push(&**a);
            out.push(&**b);
        }
        ExprKind::Slice(a, b, c) => {
            out.push(&**a);
            out.extend([b, c].into_iter().flatten().map(|e| &**e));
        }
        ExprKind::List(items) => out.extend(items.iter()),
        ExprKind::Map(entries) => out.extend(entries.iter().map(|(_, e)| e)),
        ExprKind::MapProjection {
            subject, entries, ..
        } => {
            out.push(&**subject);
            out.extend(entries.iter().map(|(_, e)| e));
        }
        ExprKind::FunctionCall { args, .. } => out.extend(args.iter()),
        ExprKind::Case {
            operand,
            whens,
            otherwise,
        } => {
            out.extend(operand.iter().map(|e| &**e));
            for (w, t) in whens {
                out.push(w);
                out.push(t);
            }
            out.extend(otherwise.iter().map(|e| &**e));
        }
        ExprKind::ListComprehension {
            list,
            predicate,
            projection,
            ..
        } => {
            out.push(&**list);
            out.extend(predicate.iter().chain(projection.iter()).map(|e| &**e));
        }
        ExprKind::Quantifier {
            list, predicate, ..
        } => {
            out.push(&**list);
            out.push(&**predicate);
        }
        // The body is a query of its own: what it reads from outside are its names.
        ExprKind::Subquery(subquery) => out.extend(subquery.names.iter()),
    }
    out
}

/// Calls `f` on `expr` and every sub-expression, parents first.
pub(crate) fn visit<'e>(expr: &'e Expr, f: &mut dyn FnMut(&'e Expr)) {
    f(expr);
    for child in children(expr) {
        visit(child, f);
    }
}

pub(crate) fn is_aggregate_call(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::CountStar => true,
        ExprKind::FunctionCall { name, .. } => eval::is_aggregate_function(name),
        _ => false,
    }
}

/// Whether an aggregate function call occurs in `expr`.
pub(crate) fn contains_aggregate(expr: &Expr) -> bool {
    is_aggregate_call(expr) || children(expr).into_iter().any(contains_aggregate)
}

/// The outermost aggregate calls inside `expr`, in source order.
pub(crate) fn aggregate_calls<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    if is_aggregate_call(expr) {
        out.push(expr);
        return;
    }
    for child in children(expr) {
        aggregate_calls(child, out);
    }
}

/// Every variable a pattern part names: its path, nodes and relationships.
pub(crate) fn pattern_variables(part: &PatternPart) -> impl Iterator<Item = &Variable> {
    let element = &part.element;
    part.variable
        .iter()
        .chain(element.start.variable.iter())
        .chain(
            element
                .chain
                .iter()
                .flat_map(|(r, n)| r.variable.iter().chain(n.variable.iter())),
        )
}

/// The property maps of a pattern part's nodes and relationships.
fn pattern_maps(part: &PatternPart) -> impl Iterator<Item = &Expr> {
    let element = &part.element;
    element.start.properties.iter().chain(
        element
            .chain
            .iter()
            .flat_map(|(r, n)| r.properties.iter().chain(n.properties.iter())),
    )
}

/// The expressions a clause holds itself (a `CALL { … }` holds none: its body is a query).
pub(crate) fn clause_expressions(clause: &Clause) -> Vec<&Expr> {
    let mut out = Vec::new();
    match clause {
        Clause::Schema(..) | Clause::CallSubquery(_) => {}
        Clause::Match(m) => {
            out.extend(m.pattern.iter().flat_map(pattern_maps));
            out.extend(m.where_clause.iter());
        }
        Clause::Unwind(u) => out.push(&u.expr),
        Clause::With(p) | Clause::Return(p) => out = projection_expressions(p),
        Clause::Create(c) => out.extend(c.pattern.iter().flat_map(pattern_maps)),
        Clause::Merge(m) => {
            out.extend(pattern_maps(&m.part));
            out.extend(
                m.on_create
                    .iter()
                    .chain(&m.on_match)
                    .flat_map(set_item_expressions),
            );
        }
        Clause::Set(items, _) => out.extend(items.iter().flat_map(set_item_expressions)),
        Clause::Remove(items, _) => out.extend(items.iter().filter_map(|item| match item {
            RemoveItem::Property(e) => Some(e),
            RemoveItem::Labels { .. } => None,
        })),
        Clause::Delete(d) => out.extend(d.exprs.iter()),
        Clause::Call(c) => {
            out.extend(c.args.iter().flatten());
            out.extend(c.where_clause.iter());
        }
    }
    out
}

/// The expressions of a WITH or RETURN: items, sort keys, WHERE, SKIP and LIMIT.
pub(crate) fn projection_expressions(p: &Projection) -> Vec<&Expr> {
    let mut out: Vec<&Expr> = p.items.iter().map(|i| &i.expr).collect();
    out.extend(p.order_by.iter().map(|s| &s.expr));
    out.extend(
        p.where_clause
            .iter()
            .chain(p.skip.iter())
            .chain(p.limit.iter()),
    );
    out
}

fn set_item_expressions(item: &SetItem) -> Vec<&Expr> {
    match item {
        SetItem::Property { target, value } => vec![target, value],
        SetItem::Replace { value, .. } | SetItem::Merge { value, .. } => vec![value],
        SetItem::Labels { .. } => Vec::new(),
    }
}

/// Every variable a query names (in patterns, expressions, aliases, nested subqueries), once
/// each, as variable expressions.
pub(crate) fn query_names(body: &Statement) -> Vec<Expr> {
    let mut out: Vec<Expr> = Vec::new();
    let mut add = |name: &str, span| {
        if !out
            .iter()
            .any(|e| matches!(&e.kind, ExprKind::Variable(n) if n == name))
        {
            out.push(Expr::new(ExprKind::Variable(name.to_owned()), span));
        }
    };
    let queries = std::iter::once(&body.first).chain(body.unions.iter().map(|(_, q)| q));
    for clause in queries.flat_map(|q| &q.clauses) {
        let parts: Vec<&PatternPart> = match clause {
            Clause::Match(m) => m.pattern.iter().collect(),
            Clause::Create(c) => c.pattern.iter().collect(),
            Clause::Merge(m) => vec![&m.part],
            _ => Vec::new(),
        };
        for v in parts.into_iter().flat_map(pattern_variables) {
            add(&v.name, v.span);
        }
        match clause {
            Clause::Unwind(u) => add(&u.variable.name, u.variable.span),
            Clause::With(p) | Clause::Return(p) => {
                for alias in p.items.iter().filter_map(|i| i.alias.as_ref()) {
                    add(&alias.name, alias.span);
                }
            }
            Clause::CallSubquery(c) => {
                for e in query_names(&c.body) {
                    if let ExprKind::Variable(name) = &e.kind {
                        add(name, e.span);
                    }
                }
            }
            _ => {}
        }
        for expr in clause_expressions(clause) {
            visit(expr, &mut |e| {
                if let ExprKind::Variable(name) = &e.kind {
                    add(name, e.span);
                }
            });
        }
    }
    out
}
