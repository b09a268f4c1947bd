//! The one walker over expression trees: sub-expressions and the aggregate calls among
//! them, for the semantic checks, the planner, the executor and the warnings.

use crate::query::ast::{Expr, ExprKind};
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
