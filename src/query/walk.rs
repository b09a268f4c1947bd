//! The one walker over expression trees: sub-expressions and the aggregate calls among
//! them, for the semantic checks, the planner, the executor and the warnings; and over the
//! expressions and variables of clauses (what a subquery reads from the row it runs in).

use crate::query::ast::{
    Clause, Expr, ExprKind, PatternPart, Projection, RemoveItem, SetItem, Span, Statement, Variable,
};

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
        ExprKind::Reduce {
            init,
            list,
            expression,
            ..
        } => out.extend([&**init, &**list, &**expression]),
        // The body is a query of its own: what it reads from outside are its names.
        ExprKind::Subquery(subquery) => out.extend(subquery.names.iter()),
    }
    out
}

/// An expression that binds variables of its own: a list comprehension, a quantifier or
/// `reduce`.
pub(crate) struct LocalScope<'e> {
    /// The children evaluated outside the new variables.
    pub outer: Vec<&'e Expr>,
    pub names: Vec<&'e str>,
    /// The children that see them.
    pub inner: Vec<&'e Expr>,
}

/// The scope `e` opens, if it binds variables of its own.
pub(crate) fn local_scope(e: &Expr) -> Option<LocalScope<'_>> {
    Some(match &e.kind {
        ExprKind::ListComprehension {
            variable,
            list,
            predicate,
            projection,
        } => LocalScope {
            outer: vec![list],
            names: vec![&variable.name],
            inner: predicate
                .iter()
                .chain(projection.iter())
                .map(|e| &**e)
                .collect(),
        },
        ExprKind::Quantifier {
            variable,
            list,
            predicate,
            ..
        } => LocalScope {
            outer: vec![list],
            names: vec![&variable.name],
            inner: vec![predicate],
        },
        ExprKind::Reduce {
            accumulator,
            init,
            variable,
            list,
            expression,
        } => LocalScope {
            outer: vec![init, list],
            names: vec![&accumulator.name, &variable.name],
            inner: vec![expression],
        },
        _ => return None,
    })
}

/// What a search with [`find_with_locals`] does at one expression.
pub(crate) enum Step<T> {
    Found(T),
    /// Not below this expression.
    Skip,
    Descend,
}

/// Searches `e` and its sub-expressions, parents first, for what `pick` finds, which also
/// sees the variables bound inside `e` around the expression it is shown.
pub(crate) fn find_with_locals<'e, T>(
    e: &'e Expr,
    pick: &mut dyn FnMut(&'e Expr, &[&'e str]) -> Step<T>,
) -> Option<T> {
    fn search<'e, T>(
        e: &'e Expr,
        locals: &mut Vec<&'e str>,
        pick: &mut dyn FnMut(&'e Expr, &[&'e str]) -> Step<T>,
    ) -> Option<T> {
        match pick(e, locals) {
            Step::Found(found) => return Some(found),
            Step::Skip => return None,
            Step::Descend => {}
        }
        let Some(scope) = local_scope(e) else {
            for child in children(e) {
                if let Some(found) = search(child, locals, pick) {
                    return Some(found);
                }
            }
            return None;
        };
        for child in scope.outer {
            if let Some(found) = search(child, locals, pick) {
                return Some(found);
            }
        }
        let depth = locals.len();
        locals.extend(scope.names);
        let mut found = None;
        for child in scope.inner {
            found = search(child, locals, pick);
            if found.is_some() {
                break;
            }
        }
        locals.truncate(depth);
        found
    }
    search(e, &mut Vec::new(), pick)
}

/// Calls `f` on `expr` and every sub-expression, parents first.
pub(crate) fn visit<'e>(expr: &'e Expr, f: &mut dyn FnMut(&'e Expr)) {
    f(expr);
    for child in children(expr) {
        visit(child, f);
    }
}

/// Whether `expr` calls a function whose value differs between calls (`rand()`).
pub(crate) fn calls_volatile(expr: &Expr) -> bool {
    let mut found = false;
    visit(expr, &mut |e| {
        if let ExprKind::FunctionCall { function, .. } = &e.kind {
            found |= function.is_volatile();
        }
    });
    found
}

pub(crate) fn is_aggregate_call(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::CountStar => true,
        ExprKind::FunctionCall { function, .. } => function.is_aggregate(),
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
    let queries = std::iter::once(&body.first).chain(body.unions.iter().map(|(_, q)| q));
    for clause in queries.flat_map(|q| &q.clauses) {
        clause_names(clause, &mut |name, span| {
            if !out
                .iter()
                .any(|e| matches!(&e.kind, ExprKind::Variable(n) if n == name))
            {
                out.push(Expr::new(ExprKind::Variable(name.to_owned()), span));
            }
        });
    }
    out
}

/// Calls `add` with every variable `clause` names (in its patterns, expressions, aliases
/// and nested subqueries), repeats included.
pub(crate) fn clause_names(clause: &Clause, add: &mut dyn FnMut(&str, Span)) {
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

/// Structural equality that ignores spans (and the case of function names): whether two
/// expressions are written the same way.
pub(crate) fn same(a: &Expr, b: &Expr) -> bool {
    use ExprKind as K;
    fn opt(a: &Option<Box<Expr>>, b: &Option<Box<Expr>>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => same(a, b),
            (None, None) => true,
            _ => false,
        }
    }
    fn all(a: &[Expr], b: &[Expr]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
    }
    match (&a.kind, &b.kind) {
        (K::Literal(x), K::Literal(y)) => x == y,
        (K::Parameter(x), K::Parameter(y)) | (K::Variable(x), K::Variable(y)) => x == y,
        (K::Property(x, k), K::Property(y, l)) => k == l && same(x, y),
        (K::Index(x1, x2), K::Index(y1, y2)) => same(x1, y1) && same(x2, y2),
        (K::Slice(x, xf, xt), K::Slice(y, yf, yt)) => same(x, y) && opt(xf, yf) && opt(xt, yt),
        (K::List(x), K::List(y)) => all(x, y),
        (K::Map(x), K::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, v), (l, w))| k == l && same(v, w))
        }
        (K::Unary(o, x), K::Unary(p, y)) => o == p && same(x, y),
        (K::Binary(o, x1, x2), K::Binary(p, y1, y2)) => o == p && same(x1, y1) && same(x2, y2),
        (
            K::IsNull {
                expr: x,
                negated: n,
            },
            K::IsNull {
                expr: y,
                negated: m,
            },
        ) => n == m && same(x, y),
        (K::HasLabels(x, l), K::HasLabels(y, m)) => l == m && same(x, y),
        (
            K::FunctionCall {
                name: n,
                distinct: d,
                args: x,
                ..
            },
            K::FunctionCall {
                name: m,
                distinct: e,
                args: y,
                ..
            },
        ) => n.eq_ignore_ascii_case(m) && d == e && all(x, y),
        (K::CountStar, K::CountStar) => true,
        (
            K::Case {
                operand: xo,
                whens: xw,
                otherwise: xe,
            },
            K::Case {
                operand: yo,
                whens: yw,
                otherwise: ye,
            },
        ) => {
            opt(xo, yo)
                && opt(xe, ye)
                && xw.len() == yw.len()
                && xw
                    .iter()
                    .zip(yw)
                    .all(|((a1, a2), (b1, b2))| same(a1, b1) && same(a2, b2))
        }
        (
            K::ListComprehension {
                variable: xv,
                list: xl,
                predicate: xp,
                projection: xr,
            },
            K::ListComprehension {
                variable: yv,
                list: yl,
                predicate: yp,
                projection: yr,
            },
        ) => xv.name == yv.name && same(xl, yl) && opt(xp, yp) && opt(xr, yr),
        (
            K::Quantifier {
                kind: xk,
                variable: xv,
                list: xl,
                predicate: xp,
            },
            K::Quantifier {
                kind: yk,
                variable: yv,
                list: yl,
                predicate: yp,
            },
        ) => xk == yk && xv.name == yv.name && same(xl, yl) && same(xp, yp),
        (K::Subquery(x), K::Subquery(y)) => {
            x.kind == y.kind && x.body.to_string() == y.body.to_string()
        }
        _ => false,
    }
}
