//! Expression checks: undefined variables, operands of a statically wrong type, unknown
//! functions, aggregates where none may be, and the static type of each expression.

use crate::query::ast::{BinaryOp, Expr, ExprKind, Literal, Span, UnaryOp};
use crate::query::catalog::Function;
use crate::query::walk::{find_with_locals, same, visit, Step};
use crate::query::QueryError;

use super::functions;
use super::types::{Scope, Ty};
use super::Checker;

/// Whether aggregating functions may appear where an expression is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Agg {
    /// Not here; the string names the place, for the message ("in WHERE").
    Forbidden(&'static str),
    Allowed,
    /// Inside the argument of an aggregate.
    Inside,
}

/// How to check one expression.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'a> {
    pub(crate) agg: Agg,
    /// Expressions of the projection the expression follows (`ORDER BY` after `DISTINCT`
    /// or aggregation): a sub-expression written the same way stands for that column, so
    /// its variables need not be in scope.
    pub(crate) projected: &'a [(&'a Expr, Ty)],
}

impl<'a> Cx<'a> {
    pub(crate) fn new(agg: Agg) -> Self {
        Cx {
            agg,
            projected: &[],
        }
    }
}

impl Checker<'_> {
    /// Checks `e` in `scope` and returns its static type.
    pub(crate) fn expr(&self, e: &Expr, scope: &Scope, cx: Cx<'_>) -> Result<Ty, QueryError> {
        if let Some((_, ty)) = cx.projected.iter().find(|(p, _)| same(p, e)) {
            return Ok(*ty);
        }
        Ok(match &e.kind {
            ExprKind::Literal(lit) => match lit {
                Literal::Null => Ty::Null,
                Literal::Bool(_) => Ty::Bool,
                Literal::Integer(_) => Ty::Int,
                Literal::Float(_) => Ty::Float,
                Literal::String(_) => Ty::Str,
            },
            ExprKind::Parameter(_) => Ty::Any,
            ExprKind::Variable(name) => match scope.get(name) {
                Some(ty) => ty,
                None if scope.open => Ty::Any,
                None => {
                    return Err(self.error(
                        "UndefinedVariable",
                        format!("variable `{name}` is not defined"),
                        e.span,
                    ))
                }
            },
            ExprKind::Property(base, key) => {
                let ty = self.expr(base, scope, cx)?;
                if !ty.has_properties() {
                    return Err(self.error(
                        "InvalidArgumentType",
                        format!(
                            "cannot read property `{key}` of {}: only nodes, relationships and maps have properties",
                            ty.name()
                        ),
                        e.span,
                    ));
                }
                Ty::Any
            }
            ExprKind::Index(base, index) => {
                self.expr(base, scope, cx)?;
                self.expr(index, scope, cx)?;
                Ty::Any
            }
            ExprKind::Slice(base, from, to) => {
                let ty = self.expr(base, scope, cx)?;
                for bound in [from, to].into_iter().flatten() {
                    self.expr(bound, scope, cx)?;
                }
                if ty == Ty::List {
                    Ty::List
                } else {
                    Ty::Any
                }
            }
            ExprKind::List(items) => {
                for item in items {
                    self.expr(item, scope, cx)?;
                }
                Ty::List
            }
            ExprKind::Map(entries) => {
                for (_, value) in entries {
                    self.expr(value, scope, cx)?;
                }
                Ty::Map
            }
            ExprKind::MapProjection {
                subject, entries, ..
            } => {
                let ty = self.expr(subject, scope, cx)?;
                if !ty.fits(&[Ty::Node, Ty::Rel, Ty::Map]) {
                    return Err(self.error(
                        "InvalidArgumentType",
                        format!(
                            "a map projection needs a node, relationship or map, but got {}",
                            ty.name()
                        ),
                        subject.span,
                    ));
                }
                for (_, value) in entries {
                    self.expr(value, scope, cx)?;
                }
                Ty::Map
            }
            ExprKind::Unary(op, operand) => {
                let ty = if *op == UnaryOp::Not {
                    self.predicate(operand, scope, cx)?
                } else {
                    self.expr(operand, scope, cx)?
                };
                match op {
                    UnaryOp::Not => {
                        if !ty.boolish() {
                            return Err(self.error(
                                "InvalidArgumentType",
                                format!("NOT expects a boolean, but its operand is {}", ty.name()),
                                operand.span,
                            ));
                        }
                        Ty::Bool
                    }
                    UnaryOp::Minus | UnaryOp::Plus => match ty {
                        Ty::Int | Ty::Float => ty,
                        _ => Ty::Any,
                    },
                }
            }
            ExprKind::Binary(op @ (BinaryOp::And | BinaryOp::Or | BinaryOp::Xor), left, right) => {
                let lt = self.predicate(left, scope, cx)?;
                let rt = self.predicate(right, scope, cx)?;
                self.binary(*op, (left, lt), (right, rt))?
            }
            ExprKind::Binary(op, left, right) => {
                let lt = self.expr(left, scope, cx)?;
                let rt = self.expr(right, scope, cx)?;
                self.binary(*op, (left, lt), (right, rt))?
            }
            ExprKind::IsNull { expr, .. } => {
                self.expr(expr, scope, cx)?;
                Ty::Bool
            }
            ExprKind::HasLabels(base, _) => {
                self.expr(base, scope, cx)?;
                Ty::Bool
            }
            ExprKind::FunctionCall {
                name,
                function,
                args,
                ..
            } => self.call(e, (name, *function), args, scope, cx)?,
            ExprKind::Subquery(subquery) => self.subquery(e, subquery, scope)?,
            ExprKind::CountStar => {
                self.aggregate_allowed(cx, "count(*)", e.span)?;
                Ty::Int
            }
            ExprKind::Case {
                operand,
                whens,
                otherwise,
            } => {
                if let Some(operand) = operand {
                    self.expr(operand, scope, cx)?;
                }
                for (when, then) in whens {
                    self.expr(when, scope, cx)?;
                    self.expr(then, scope, cx)?;
                }
                if let Some(otherwise) = otherwise {
                    self.expr(otherwise, scope, cx)?;
                }
                Ty::Any
            }
            ExprKind::Reduce {
                accumulator,
                init,
                variable,
                list,
                expression,
            } => {
                let start = self.expr(init, scope, cx)?;
                let element = self.element_type(list, scope, cx)?;
                if accumulator.name == variable.name {
                    return Err(self.error(
                        "VariableAlreadyBound",
                        format!(
                            "reduce() names both its accumulator and its element `{}`",
                            variable.name
                        ),
                        variable.span,
                    ));
                }
                let mut inner = scope.clone();
                inner.insert(
                    &accumulator.name,
                    if start == Ty::Null { Ty::Any } else { start },
                );
                inner.insert(&variable.name, element);
                let per_element = Cx {
                    agg: Agg::Forbidden("in reduce()"),
                    ..cx
                };
                self.expr(expression, &inner, per_element)?;
                Ty::Any
            }
            ExprKind::ListComprehension {
                variable,
                list,
                predicate,
                projection,
            } => {
                let element = self.element_type(list, scope, cx)?;
                let mut inner = scope.clone();
                inner.insert(&variable.name, element);
                // An aggregate cannot run per element: the comprehension is one value.
                let per_element = Cx {
                    agg: Agg::Forbidden("in a list comprehension"),
                    ..cx
                };
                if let Some(predicate) = predicate {
                    self.predicate(predicate, &inner, per_element)?;
                }
                if let Some(projection) = projection {
                    self.expr(projection, &inner, per_element)?;
                }
                Ty::List
            }
            ExprKind::Quantifier {
                variable,
                list,
                predicate,
                ..
            } => {
                let element = self.element_type(list, scope, cx)?;
                let mut inner = scope.clone();
                inner.insert(&variable.name, element);
                self.predicate(predicate, &inner, cx)?;
                Ty::Bool
            }
        })
    }

    /// Checks `list` and returns the static type of its elements: known for a list
    /// literal whose non-null items all have one type (`['a', 'b']`), else `Any`.
    fn element_type(&self, list: &Expr, scope: &Scope, cx: Cx<'_>) -> Result<Ty, QueryError> {
        let ExprKind::List(items) = &list.kind else {
            self.expr(list, scope, cx)?;
            return Ok(Ty::Any);
        };
        let mut element = None;
        for item in items {
            let ty = self.expr(item, scope, cx)?;
            element = match (element, ty) {
                (_, Ty::Null) => element,
                (None, ty) => Some(ty),
                (Some(seen), ty) if seen == ty => Some(seen),
                _ => Some(Ty::Any),
            };
        }
        Ok(element.unwrap_or(Ty::Any))
    }

    /// Refuses an arithmetic operand whose static type is certainly not a number
    /// (`x % 2` where `x` ranges over strings).
    fn numeric_operand(&self, op: BinaryOp, operand: (&Expr, Ty)) -> Result<(), QueryError> {
        let (expr, ty) = operand;
        if ty.fits(&[Ty::Int, Ty::Float]) {
            return Ok(());
        }
        Err(self.error(
            "InvalidArgumentType",
            format!(
                "{} cannot take {}: it computes with numbers, temporal values and durations",
                crate::query::display::binary_op(op),
                ty.name()
            ),
            expr.span,
        ))
    }

    fn binary(
        &self,
        op: BinaryOp,
        left: (&Expr, Ty),
        right: (&Expr, Ty),
    ) -> Result<Ty, QueryError> {
        let (lt, rt) = (left.1, right.1);
        Ok(match op {
            BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => {
                let word = match op {
                    BinaryOp::And => "AND",
                    BinaryOp::Or => "OR",
                    _ => "XOR",
                };
                for (operand, ty) in [left, right] {
                    if !ty.boolish() {
                        return Err(self.error(
                            "InvalidArgumentType",
                            format!("{word} expects booleans, but an operand is {}", ty.name()),
                            operand.span,
                        ));
                    }
                }
                Ty::Bool
            }
            BinaryOp::In => {
                if !rt.fits(&[Ty::List, Ty::RelList]) {
                    return Err(self.error(
                        "InvalidArgumentType",
                        format!("IN expects a list on its right, but got {}", rt.name()),
                        right.0.span,
                    ));
                }
                Ty::Bool
            }
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::StartsWith
            | BinaryOp::EndsWith
            | BinaryOp::Contains
            | BinaryOp::Regex => Ty::Bool,
            BinaryOp::Add => match (lt, rt) {
                (Ty::Int, Ty::Int) => Ty::Int,
                (Ty::Int | Ty::Float, Ty::Int | Ty::Float) => Ty::Float,
                (Ty::Str, Ty::Str) => Ty::Str,
                (Ty::List, Ty::Null) | (Ty::Null, Ty::List) => Ty::Any,
                (Ty::List, _) | (_, Ty::List) => Ty::List,
                _ => Ty::Any,
            },
            BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                self.numeric_operand(op, left)?;
                self.numeric_operand(op, right)?;
                match (lt, rt) {
                    (Ty::Int, Ty::Int) => Ty::Int,
                    (Ty::Int | Ty::Float, Ty::Int | Ty::Float) => Ty::Float,
                    _ => Ty::Any,
                }
            }
            BinaryOp::Pow => match (lt, rt) {
                (Ty::Int | Ty::Float, Ty::Int | Ty::Float) => Ty::Float,
                _ => Ty::Any,
            },
        })
    }

    fn call(
        &self,
        e: &Expr,
        (name, function): (&str, Function),
        args: &[Expr],
        scope: &Scope,
        cx: Cx<'_>,
    ) -> Result<Ty, QueryError> {
        if function.is_aggregate() {
            self.aggregate_allowed(cx, name, e.span)?;
            let inner = Cx {
                agg: Agg::Inside,
                ..cx
            };
            for arg in args {
                if let Some(span) = find_volatile_call(arg) {
                    return Err(self.error(
                        "NonConstantExpression",
                        format!("the argument of {name}() cannot use rand(): aggregation needs a deterministic argument"),
                        span,
                    ));
                }
                self.expr(arg, scope, inner)?;
            }
            return Ok(functions::result_type(function));
        }
        if !functions::is_known(function, name) {
            return Err(self.error(
                "UnknownFunction",
                format!("unknown function `{name}`"),
                e.span,
            ));
        }
        let mut first = None;
        for arg in args {
            let ty = self.expr(arg, scope, cx)?;
            first.get_or_insert((arg, ty));
        }
        if let (Some(allowed), Some((arg, ty))) = (functions::first_arg_types(function), first) {
            if !ty.fits(allowed) {
                return Err(self.error(
                    "InvalidArgumentType",
                    format!("{name}() cannot take {} as its argument", ty.name()),
                    arg.span,
                ));
            }
        }
        Ok(functions::result_type(function))
    }

    fn aggregate_allowed(&self, cx: Cx<'_>, name: &str, span: Span) -> Result<(), QueryError> {
        match cx.agg {
            Agg::Allowed => Ok(()),
            Agg::Forbidden(place) => Err(self.error(
                "InvalidAggregation",
                format!("aggregating function {name} is not allowed {place}"),
                span,
            )),
            Agg::Inside => Err(self.error(
                "NestedAggregation",
                format!("aggregating function {name} cannot be used inside another aggregate"),
                span,
            )),
        }
    }
}

/// The span of the first call inside `e` whose value differs between calls (`rand()`).
fn find_volatile_call(e: &Expr) -> Option<Span> {
    let mut found = None;
    visit(e, &mut |sub| {
        if let ExprKind::FunctionCall { function, .. } = &sub.kind {
            if found.is_none() && function.is_volatile() {
                found = Some(sub.span);
            }
        }
    });
    found
}

/// The first variable `e` reads that is not bound inside `e` itself (by a list
/// comprehension, a quantifier or `reduce`).
pub(crate) fn free_variable(e: &Expr) -> Option<(&str, Span)> {
    find_with_locals(e, &mut |e, locals| match &e.kind {
        ExprKind::Variable(name) if !locals.contains(&name.as_str()) => {
            Step::Found((name.as_str(), e.span))
        }
        _ => Step::Descend,
    })
}
