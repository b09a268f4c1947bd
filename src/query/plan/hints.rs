//! What a WHERE tells the planner about where a pattern may start: conditions on a
//! variable's properties or id whose value is known before the match, which an index (the
//! name index, a property index, the id) can answer.

use std::collections::HashMap;

use crate::query::ast::{BinaryOp, Expr, ExprKind};
use crate::query::catalog::{Function, Scalar};

/// A condition of the WHERE on a variable's property that an index can answer, with the
/// expression that gives its value (known before the match: see [`collect_hints`]).
#[derive(Clone, Copy)]
pub(crate) enum Condition<'e> {
    Equal(&'e Expr),
    In(&'e Expr),
    /// Greater than (or equal to, when `true`) the value.
    Above(&'e Expr, bool),
    /// Less than (or equal to, when `true`) the value.
    Below(&'e Expr, bool),
    Prefix(&'e Expr),
}

/// Conditions from WHERE that let a part start at an index.
#[derive(Default)]
pub(crate) struct Hints<'e> {
    /// variable → (property key, condition)
    pub(crate) properties: HashMap<String, Vec<(String, Condition<'e>)>>,
    /// variable → id expression
    pub(crate) ids: HashMap<String, &'e Expr>,
    /// variable → labels one of which every node it matches carries (from `n:A OR n:B`,
    /// what a label expression `(n:A|B)` becomes)
    pub(crate) label_unions: HashMap<String, Vec<&'e str>>,
}

/// Collects the conditions among the `AND`ed operands of `expr` that compare a variable's
/// property (or id) with a value `known` before the match: literals, parameters, and
/// expressions of the variables the input row binds.
pub(crate) fn collect_hints<'e>(
    expr: &'e Expr,
    known: &dyn Fn(&Expr) -> bool,
    hints: &mut Hints<'e>,
) {
    let ExprKind::Binary(op, l, r) = &expr.kind else {
        return;
    };
    if *op == BinaryOp::And {
        collect_hints(l, known, hints);
        collect_hints(r, known, hints);
        return;
    }
    if *op == BinaryOp::Or {
        if let Some((variable, labels)) = label_union(expr) {
            hints.label_unions.insert(variable.to_owned(), labels);
        }
        return;
    }
    // The property on the left, then (for the symmetric and mirrored ones) on the right.
    let sides: &[(&'e Expr, &'e Expr, Option<Condition<'e>>)] = &[
        (l, r, condition(*op, r, false)),
        (r, l, condition(*op, l, true)),
    ];
    for &(subject, value, cond) in sides {
        let Some(cond) = cond.filter(|_| known(value)) else {
            continue;
        };
        match &subject.kind {
            ExprKind::Property(base, key) => {
                if let ExprKind::Variable(v) = &base.kind {
                    hints
                        .properties
                        .entry(v.clone())
                        .or_default()
                        .push((key.clone(), cond));
                }
            }
            ExprKind::FunctionCall {
                function: Function::Scalar(Scalar::Id),
                args,
                ..
            } if *op == BinaryOp::Eq && args.len() == 1 => {
                if let ExprKind::Variable(v) = &args[0].kind {
                    hints.ids.insert(v.clone(), value);
                }
            }
            _ => {}
        }
    }
}

/// `v:A OR v:B …` (each operand a label test of one variable, `v:A:C` among them): the
/// variable, and for each operand a label that every node satisfying it carries.
fn label_union(expr: &Expr) -> Option<(&str, Vec<&str>)> {
    match &expr.kind {
        ExprKind::Binary(BinaryOp::Or, l, r) => {
            let (left, mut labels) = label_union(l)?;
            let (right, more) = label_union(r)?;
            (left == right).then(|| {
                labels.extend(more);
                (left, labels)
            })
        }
        ExprKind::HasLabels(subject, labels) => match (&subject.kind, labels.first()) {
            (ExprKind::Variable(v), Some(label)) => Some((v.as_str(), vec![label.as_str()])),
            _ => None,
        },
        _ => None,
    }
}

/// The condition `subject op value` puts on the subject (`mirrored`: `value op subject`).
fn condition(op: BinaryOp, value: &Expr, mirrored: bool) -> Option<Condition<'_>> {
    Some(match (op, mirrored) {
        (BinaryOp::Eq, _) => Condition::Equal(value),
        (BinaryOp::Gt, false) | (BinaryOp::Lt, true) => Condition::Above(value, false),
        (BinaryOp::Ge, false) | (BinaryOp::Le, true) => Condition::Above(value, true),
        (BinaryOp::Lt, false) | (BinaryOp::Gt, true) => Condition::Below(value, false),
        (BinaryOp::Le, false) | (BinaryOp::Ge, true) => Condition::Below(value, true),
        (BinaryOp::In, false) => Condition::In(value),
        (BinaryOp::StartsWith, false) => Condition::Prefix(value),
        _ => return None,
    })
}

/// The value expression of a name key in a map literal pattern, if there is one whose
/// value is `known` before the match (a literal, a parameter, an expression of variables
/// bound before it).
pub(crate) fn name_in_map<'e>(props: &'e Expr, known: &dyn Fn(&Expr) -> bool) -> Option<&'e Expr> {
    match &props.kind {
        ExprKind::Map(entries) => entries
            .iter()
            .find(|(k, v)| is_indexed_name(k) && known(v))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// Keys whose string value the name index covers one to one (`aliases` is a list).
pub(crate) fn is_indexed_name(key: &str) -> bool {
    crate::graph::is_name_key(key) && key != "aliases"
}
