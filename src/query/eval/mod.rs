//! Expression evaluation: computes the [`Value`] of an [`Expr`] in one row, with Cypher's
//! null logic, type rules and errors. It knows nothing of clauses: the executor supplies
//! the row, the graph (read-only), the parameters and the already computed aggregates.
//!
//! Submodules: [`compare`] (equality, ordering, equivalence), `functions` (scalar
//! functions), `temporal` (temporal functions, accessors and arithmetic) and
//! [`aggregate`] (the accumulators behind `count`, `sum`, …).

pub mod aggregate;
pub mod bound;
pub mod compare;
mod functions;
mod temporal;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use regex::Regex;

use crate::graph::{NodeRef, RelRef};
use crate::query::ast::{BinaryOp, Expr, ExprKind, QuantifierKind, Span, UnaryOp};
use crate::query::budget::{self, Budget};
use crate::query::catalog::Function;
use crate::query::{Bindings, EntityLookup, ErrorKind, Params, QueryError};
use crate::value::{java_float_text, NodeId, RelId, Value};

pub use aggregate::{Accumulator, IntegerRun};
pub use compare::{
    compare_for_order, compare_sort_keys, compare_values, cypher_equals, equivalent,
    equivalent_values, hash_stored, hash_str, hash_value, hash_values, GroupKey,
};
pub use temporal::is_temporal_accessor;

/// What an expression may read besides its row.
pub struct EvalContext<'a> {
    pub graph: &'a dyn EntityLookup,
    pub params: &'a Params,
    /// The values of the aggregate calls of the projection being evaluated, keyed by the
    /// span of the call (`count(*)` included).
    pub aggregates: Option<&'a HashMap<Span, Value>>,
    /// The statement's limits: loops over lists and strings report their work here, and
    /// values being built their size.
    pub budget: &'a Budget,
    /// What runs the queries inside expressions (pattern predicates and comprehensions,
    /// `EXISTS`, `COUNT`, `COLLECT`); `None` where there is no graph to match.
    pub subqueries: Option<&'a dyn Subqueries>,
}

/// Runs a query inside an expression for one row: the executor does, since it matches
/// patterns; the evaluator only asks.
pub trait Subqueries {
    /// The value of `subquery` (an [`ExprKind::Subquery`]) in `row`.
    fn value(&self, subquery: &Expr, row: &dyn Bindings) -> Result<Value, QueryError>;
}

/// Evaluates `expr` in `row`. What the evaluation built is the caller's to keep: the
/// budget forgets it, and the caller charges what it keeps.
pub fn eval(expr: &Expr, row: &dyn Bindings, ctx: &EvalContext) -> Result<Value, QueryError> {
    let mark = ctx.budget.mark();
    let value = evaluate(expr, row, ctx);
    ctx.budget.restore(mark);
    value
}

/// Evaluates `expr` in `row`, charging the budget for the values it builds.
fn evaluate(expr: &Expr, row: &dyn Bindings, ctx: &EvalContext) -> Result<Value, QueryError> {
    match &expr.kind {
        ExprKind::Literal(lit) => Ok(lit.value()),
        ExprKind::Parameter(name) => ctx.params.get(name).cloned().ok_or_else(|| {
            QueryError::runtime(
                ErrorKind::ParameterMissing,
                "MissingParameter",
                format!("Expected a parameter named ${name}, but none was given."),
            )
        }),
        ExprKind::Variable(name) => row.get(name).cloned().ok_or_else(|| undefined(name)),
        ExprKind::Property(base, key) => {
            // Reading a property of a variable should not clone a whole map first.
            if let ExprKind::Variable(name) = &base.kind {
                let value = row.get(name).ok_or_else(|| undefined(name))?;
                return property(value, key, ctx);
            }
            let value = evaluate(base, row, ctx)?;
            property(&value, key, ctx)
        }
        ExprKind::Index(base, index) => {
            let container = evaluate(base, row, ctx)?;
            let index = evaluate(index, row, ctx)?;
            subscript(&container, &index, ctx)
        }
        ExprKind::Slice(base, from, to) => {
            let list = evaluate(base, row, ctx)?;
            let from = from.as_ref().map(|e| evaluate(e, row, ctx)).transpose()?;
            let to = to.as_ref().map(|e| evaluate(e, row, ctx)).transpose()?;
            slice(list, from, to)
        }
        ExprKind::List(items) => {
            let list = items
                .iter()
                .map(|item| evaluate(item, row, ctx))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List)?;
            // An item may be a whole list held by a variable, copied here.
            ctx.budget.charge_value(&list)?;
            Ok(list)
        }
        ExprKind::Map(entries) => {
            let mut map = BTreeMap::new();
            for (key, value) in entries {
                map.insert(key.clone(), evaluate(value, row, ctx)?);
            }
            Ok(Value::Map(map))
        }
        ExprKind::MapProjection {
            subject,
            entries,
            all_properties,
        } => {
            let subject = evaluate(subject, row, ctx)?;
            let mut map = match (&subject, all_properties) {
                (Value::Null, _) => return Ok(Value::Null),
                (Value::Node(_) | Value::Relationship(_) | Value::Map(_), false) => BTreeMap::new(),
                (Value::Node(id), true) => lookup_node(*id, ctx)?.properties().to_map(),
                (Value::Relationship(id), true) => {
                    lookup_relationship(*id, ctx)?.properties().to_map()
                }
                (Value::Map(m), true) => m.clone(),
                (other, _) => {
                    return Err(type_error(
                        "InvalidArgumentType",
                        format!(
                            "A map projection needs a Node, Relationship or Map, but got {}.",
                            describe(other)
                        ),
                    ))
                }
            };
            for (key, value) in entries {
                map.insert(key.clone(), evaluate(value, row, ctx)?);
            }
            Ok(Value::Map(map))
        }
        ExprKind::Unary(op, operand) => {
            let value = evaluate(operand, row, ctx)?;
            unary(*op, value)
        }
        ExprKind::Binary(op, lhs, rhs) => binary(*op, lhs, rhs, row, ctx),
        ExprKind::IsNull { expr, negated } => {
            let value = evaluate(expr, row, ctx)?;
            Ok(Value::Bool(value.is_null() != *negated))
        }
        ExprKind::HasLabels(base, labels) => {
            let value = evaluate(base, row, ctx)?;
            has_labels(&value, labels, ctx)
        }
        ExprKind::FunctionCall {
            name,
            function,
            args,
            ..
        } => match function {
            Function::Aggregate(_) => aggregate_value(expr, name, ctx),
            Function::Scalar(scalar) => functions::call(*scalar, name, args, row, ctx),
            Function::Temporal(temporal) => with_values(
                args,
                |arg| evaluate(arg, row, ctx),
                |values| temporal::call(*temporal, name, values, ctx),
            ),
            Function::Unknown => unknown_function(name),
        },
        ExprKind::CountStar => aggregate_value(expr, "count(*)", ctx),
        ExprKind::Case {
            operand,
            whens,
            otherwise,
        } => {
            let subject = operand
                .as_ref()
                .map(|e| evaluate(e, row, ctx))
                .transpose()?;
            for (when, then) in whens {
                if case_takes(subject.as_ref(), &evaluate(when, row, ctx)?)? {
                    return evaluate(then, row, ctx);
                }
            }
            match otherwise {
                Some(e) => evaluate(e, row, ctx),
                None => Ok(Value::Null),
            }
        }
        ExprKind::Reduce {
            accumulator,
            init,
            variable,
            list,
            expression,
        } => {
            let mut total = evaluate(init, row, ctx)?;
            let Some(items) = list_items(list, "reduce()", row, ctx)? else {
                return Ok(Value::Null);
            };
            for item in items {
                ctx.budget.tick()?;
                let with_total = Overlay {
                    name: &accumulator.name,
                    value: total,
                    parent: row,
                };
                let scope = Overlay {
                    name: &variable.name,
                    value: item,
                    parent: &with_total,
                };
                total = evaluate(expression, &scope, ctx)?;
            }
            Ok(total)
        }
        ExprKind::ListComprehension {
            variable,
            list,
            predicate,
            projection,
        } => {
            let Some(items) = list_items(list, "a list comprehension", row, ctx)? else {
                return Ok(Value::Null);
            };
            ctx.budget.charge(items.len() * budget::VALUE_BYTES)?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                ctx.budget.tick()?;
                let scope = Overlay {
                    name: &variable.name,
                    value: item,
                    parent: row,
                };
                // What the predicate and the projection build is dropped, except for the
                // element kept, which is charged anew.
                let mark = ctx.budget.mark();
                if let Some(pred) = predicate {
                    let verdict = truthy(&evaluate(pred, &scope, ctx)?)?;
                    ctx.budget.restore(mark);
                    if verdict != Some(true) {
                        continue;
                    }
                }
                let element = match projection {
                    Some(proj) => evaluate(proj, &scope, ctx)?,
                    None => scope.value,
                };
                ctx.budget.restore(mark);
                if ctx.budget.counts_memory() {
                    ctx.budget.charge(budget::heap_bytes(&element))?;
                }
                out.push(element);
            }
            Ok(Value::List(out))
        }
        ExprKind::Subquery(_) => match ctx.subqueries {
            Some(runner) => runner.value(expr, row),
            None => Err(QueryError::semantic(
                "UnexpectedSyntax",
                "A subquery or pattern cannot be evaluated here.",
            )),
        },
        ExprKind::Quantifier {
            kind,
            variable,
            list,
            predicate,
        } => {
            let Some(items) = list_items(list, "a quantifier", row, ctx)? else {
                return Ok(Value::Null);
            };
            let (mut trues, mut nulls) = (0usize, 0usize);
            for item in items {
                ctx.budget.tick()?;
                let scope = Overlay {
                    name: &variable.name,
                    value: item,
                    parent: row,
                };
                let mark = ctx.budget.mark();
                let verdict = truthy(&evaluate(predicate, &scope, ctx)?)?;
                ctx.budget.restore(mark);
                match verdict {
                    Some(true) => trues += 1,
                    Some(false) => {
                        if *kind == QuantifierKind::All {
                            return Ok(Value::Bool(false));
                        }
                    }
                    None => nulls += 1,
                }
                match kind {
                    QuantifierKind::Any if trues > 0 => return Ok(Value::Bool(true)),
                    QuantifierKind::None if trues > 0 => return Ok(Value::Bool(false)),
                    QuantifierKind::Single if trues > 1 => return Ok(Value::Bool(false)),
                    _ => {}
                }
            }
            if nulls > 0 {
                return Ok(Value::Null);
            }
            Ok(Value::Bool(match kind {
                QuantifierKind::All => true,
                QuantifierKind::Any => false,
                QuantifierKind::None => true,
                QuantifierKind::Single => trues == 1,
            }))
        }
    }
}

/// Evaluates a call's arguments, in order, with `value_of`, and hands them to `apply`.
/// They stay on the stack when there are at most three (no function takes more: a longer
/// list only reaches `apply` for its arity error), and stay borrowed where `value_of`
/// lends them (a constant, a variable's value).
fn with_values<'a, A, V: std::borrow::Borrow<Value>, T>(
    args: &'a [A],
    mut value_of: impl FnMut(&'a A) -> Result<V, QueryError>,
    apply: impl FnOnce(&[&Value]) -> Result<T, QueryError>,
) -> Result<T, QueryError> {
    const NULL: &Value = &Value::Null;
    if args.len() > 3 {
        let values = args.iter().map(value_of).collect::<Result<Vec<_>, _>>()?;
        let values: Vec<&Value> = values.iter().map(std::borrow::Borrow::borrow).collect();
        return apply(&values);
    }
    let mut values: [Option<V>; 3] = [None, None, None];
    for (value, arg) in values.iter_mut().zip(args) {
        *value = Some(value_of(arg)?);
    }
    let values = values
        .each_ref()
        .map(|v| v.as_ref().map_or(NULL, std::borrow::Borrow::borrow));
    apply(&values[..args.len()])
}

/// Whether a `CASE` branch is taken: its `WHEN` value equals the subject of a simple
/// `CASE`, or is true in a searched one (anything but a boolean or null is an error).
fn case_takes(subject: Option<&Value>, candidate: &Value) -> Result<bool, QueryError> {
    Ok(match subject {
        Some(subject) => cypher_equals(subject, candidate) == Some(true),
        None => truthy(candidate)? == Some(true),
    })
}

/// The truth of a predicate's value (WHERE, CASE WHEN, list comprehension filters):
/// `None` for null, which filters a row out as false does; anything but a boolean or
/// null is a type error.
pub fn truthy(value: &Value) -> Result<Option<bool>, QueryError> {
    match value {
        Value::Bool(b) => Ok(Some(*b)),
        Value::Null => Ok(None),
        other => Err(type_error(
            "InvalidArgumentType",
            format!("Expected a Boolean, but got {}.", describe(other)),
        )),
    }
}

/// A row with one more variable bound, for the scope of a list comprehension or a
/// quantifier.
struct Overlay<'a> {
    name: &'a str,
    value: Value,
    parent: &'a dyn Bindings,
}

impl Bindings for Overlay<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        if name == self.name {
            Some(&self.value)
        } else {
            self.parent.get(name)
        }
    }
}

fn aggregate_value(expr: &Expr, name: &str, ctx: &EvalContext) -> Result<Value, QueryError> {
    ctx.aggregates
        .and_then(|values| values.get(&expr.span))
        .cloned()
        .ok_or_else(|| {
            QueryError::semantic(
                "InvalidAggregation",
                format!("The aggregating function {name} is not allowed here."),
            )
        })
}

// ---------------------------------------------------------------------------------------
// Errors

pub(crate) fn type_error(code: &'static str, message: impl Into<String>) -> QueryError {
    QueryError::runtime(ErrorKind::TypeError, code, message)
}

pub(crate) fn argument_error(code: &'static str, message: impl Into<String>) -> QueryError {
    QueryError::runtime(ErrorKind::ArgumentError, code, message)
}

fn arithmetic_error(code: &'static str, message: impl Into<String>) -> QueryError {
    QueryError::runtime(ErrorKind::ArithmeticError, code, message)
}

fn unknown_function<T>(name: &str) -> Result<T, QueryError> {
    Err(QueryError::semantic(
        "UnknownFunction",
        format!("Unknown function '{name}'."),
    ))
}

fn undefined(name: &str) -> QueryError {
    QueryError::semantic(
        "UndefinedVariable",
        format!("Variable `{name}` not defined."),
    )
}

/// The elements of the list `list` evaluates to, for `what`; `None` when it is null.
fn list_items(
    list: &Expr,
    what: &str,
    row: &dyn Bindings,
    ctx: &EvalContext,
) -> Result<Option<Vec<Value>>, QueryError> {
    match evaluate(list, row, ctx)? {
        Value::Null => Ok(None),
        Value::List(items) => Ok(Some(items)),
        other => Err(not_a_list(what, &other)),
    }
}

fn not_a_list(what: &str, value: &Value) -> QueryError {
    type_error(
        "InvalidArgumentType",
        format!("{what} needs a List, but got {}.", describe(value)),
    )
}

/// A value's type, with the value itself when it is short, for error messages.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
            format!("{} {value}", value.type_name())
        }
        Value::String(s) if s.chars().count() <= 40 => format!("String {value}"),
        other => other.type_name().to_owned(),
    }
}

// ---------------------------------------------------------------------------------------
// Graph access

pub(crate) fn lookup_node<'g>(
    id: NodeId,
    ctx: &EvalContext<'g>,
) -> Result<NodeRef<'g>, QueryError> {
    ctx.graph.node(id).ok_or_else(|| {
        QueryError::runtime(
            ErrorKind::EntityNotFound,
            "DeletedEntityAccess",
            format!("Node {id} has been deleted."),
        )
    })
}

pub(crate) fn lookup_relationship<'g>(
    id: RelId,
    ctx: &EvalContext<'g>,
) -> Result<RelRef<'g>, QueryError> {
    ctx.graph.relationship(id).ok_or_else(|| {
        QueryError::runtime(
            ErrorKind::EntityNotFound,
            "DeletedEntityAccess",
            format!("Relationship {id} has been deleted."),
        )
    })
}

/// `value.key`: on nodes, relationships and maps; null on null and for a missing key.
pub fn property(value: &Value, key: &str, ctx: &EvalContext) -> Result<Value, QueryError> {
    match value {
        Value::Null => Ok(Value::Null),
        Value::Node(id) => Ok(lookup_node(*id, ctx)?
            .property(key)
            .unwrap_or(Value::Null)),
        Value::Relationship(id) => Ok(lookup_relationship(*id, ctx)?
            .property(key)
            .unwrap_or(Value::Null)),
        Value::Map(map) => Ok(map.get(key).cloned().unwrap_or(Value::Null)),
        other if other.is_temporal() => {
            temporal::accessor(other, key).unwrap_or(Ok(Value::Null))
        }
        other => Err(type_error(
            "InvalidArgumentType",
            format!(
                "Cannot read property `{key}` of {}: only nodes, relationships and maps have properties.",
                describe(other)
            ),
        )),
    }
}

pub(super) fn has_labels(
    value: &Value,
    labels: &[String],
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    match value {
        Value::Null => Ok(Value::Null),
        Value::Node(id) => {
            let node = lookup_node(*id, ctx)?;
            Ok(Value::Bool(labels.iter().all(|l| node.has_label(l))))
        }
        Value::Relationship(id) => {
            let rel = lookup_relationship(*id, ctx)?;
            Ok(Value::Bool(labels.iter().all(|l| l == rel.rel_type())))
        }
        other => Err(type_error(
            "InvalidArgumentType",
            format!(
                "A label predicate needs a Node, but got {}.",
                describe(other)
            ),
        )),
    }
}

// ---------------------------------------------------------------------------------------
// Subscripts

/// `container[index]`: list element (negative counts from the end, out of range is null)
/// or the value under a string key of a map, node or relationship.
pub fn subscript(container: &Value, index: &Value, ctx: &EvalContext) -> Result<Value, QueryError> {
    match (container, index) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::List(items), Value::Int(i)) => {
            let len = items.len() as i64;
            let at = if *i < 0 { len + i } else { *i };
            if (0..len).contains(&at) {
                Ok(items.get(at as usize).cloned().unwrap_or(Value::Null))
            } else {
                Ok(Value::Null)
            }
        }
        (Value::List(_), other) => Err(type_error(
            "InvalidArgumentType",
            format!(
                "A list index must be an Integer, but got {}.",
                describe(other)
            ),
        )),
        (Value::Map(_) | Value::Node(_) | Value::Relationship(_), Value::String(key)) => {
            property(container, key, ctx)
        }
        (Value::Map(_) | Value::Node(_) | Value::Relationship(_), other) => Err(type_error(
            "MapElementAccessByNonString",
            format!(
                "A {} can only be indexed by a String key, but got {}.",
                container.type_name(),
                describe(other)
            ),
        )),
        (other, _) => Err(type_error(
            "InvalidArgumentType",
            format!(
                "Only lists, maps, nodes and relationships can be indexed, but got {}.",
                describe(other)
            ),
        )),
    }
}

/// `list[from..to]`, either bound optional; negative bounds count from the end and bounds
/// are clamped, so the result is never an error for an integer range.
pub fn slice(list: Value, from: Option<Value>, to: Option<Value>) -> Result<Value, QueryError> {
    let items = match list {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => {
            return Err(type_error(
                "InvalidArgumentType",
                format!("Only lists can be sliced, but got {}.", describe(&other)),
            ))
        }
    };
    let len = items.len() as i64;
    let bound = |b: Option<Value>, default: i64| -> Result<Option<i64>, QueryError> {
        match b {
            None => Ok(Some(default)),
            Some(Value::Null) => Ok(None),
            Some(Value::Int(i)) => Ok(Some(
                if i < 0 { len.saturating_add(i) } else { i }.clamp(0, len),
            )),
            Some(other) => Err(type_error(
                "InvalidArgumentType",
                format!(
                    "A list slice bound must be an Integer, but got {}.",
                    describe(&other)
                ),
            )),
        }
    };
    let (Some(start), Some(end)) = (bound(from, 0)?, bound(to, len)?) else {
        return Ok(Value::Null);
    };
    if start >= end {
        return Ok(Value::List(Vec::new()));
    }
    Ok(Value::List(
        items
            .into_iter()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect(),
    ))
}

// ---------------------------------------------------------------------------------------
// Operators

fn unary(op: UnaryOp, value: Value) -> Result<Value, QueryError> {
    match (op, value) {
        (_, Value::Null) => Ok(Value::Null),
        (UnaryOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (UnaryOp::Minus, Value::Int(i)) => i.checked_neg().map(Value::Int).ok_or_else(|| {
            arithmetic_error(
                "IntegerOverflow",
                format!("-({i}) does not fit in a 64-bit integer."),
            )
        }),
        (UnaryOp::Minus, Value::Float(f)) => Ok(Value::Float(-f)),
        (UnaryOp::Plus, v @ (Value::Int(_) | Value::Float(_))) => Ok(v),
        (UnaryOp::Not, other) => Err(type_error(
            "InvalidArgumentType",
            format!("NOT needs a Boolean, but got {}.", describe(&other)),
        )),
        (_, other) => Err(type_error(
            "InvalidArgumentType",
            format!("A sign needs a number, but got {}.", describe(&other)),
        )),
    }
}

fn bool_operand(op: &str, value: Value) -> Result<Option<bool>, QueryError> {
    match value {
        Value::Bool(b) => Ok(Some(b)),
        Value::Null => Ok(None),
        other => Err(type_error(
            "InvalidArgumentType",
            format!("{op} needs Boolean operands, but got {}.", describe(&other)),
        )),
    }
}

fn opt_bool(b: Option<bool>) -> Value {
    b.map_or(Value::Null, Value::Bool)
}

fn binary(
    op: BinaryOp,
    lhs: &Expr,
    rhs: &Expr,
    row: &dyn Bindings,
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    let operand = |side: &Expr| evaluate(side, row, ctx).map(Cow::Owned);
    binary_of(op, || operand(lhs), || operand(rhs), ctx)
}

/// A binary operator applied to its operands' evaluations. `AND` and `OR` stop at a
/// deciding left operand, so `x <> 0 AND 1 / x > 0` is safe; comparisons read their
/// operands where they are.
pub(super) fn binary_of<'v>(
    op: BinaryOp,
    lhs: impl FnOnce() -> Result<Cow<'v, Value>, QueryError>,
    rhs: impl FnOnce() -> Result<Cow<'v, Value>, QueryError>,
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    let logical = |name: &str, side: Cow<'v, Value>| bool_operand(name, side.into_owned());
    match op {
        BinaryOp::And => {
            let l = logical("AND", lhs()?)?;
            if l == Some(false) {
                return Ok(Value::Bool(false));
            }
            Ok(match (l, logical("AND", rhs()?)?) {
                (_, Some(false)) => Value::Bool(false),
                (Some(true), Some(true)) => Value::Bool(true),
                _ => Value::Null,
            })
        }
        BinaryOp::Or => {
            let l = logical("OR", lhs()?)?;
            if l == Some(true) {
                return Ok(Value::Bool(true));
            }
            Ok(match (l, logical("OR", rhs()?)?) {
                (_, Some(true)) => Value::Bool(true),
                (Some(false), Some(false)) => Value::Bool(false),
                _ => Value::Null,
            })
        }
        BinaryOp::Xor => {
            let l = logical("XOR", lhs()?)?;
            Ok(match (l, logical("XOR", rhs()?)?) {
                (Some(a), Some(b)) => Value::Bool(a != b),
                _ => Value::Null,
            })
        }
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            let (l, r) = (lhs()?, rhs()?);
            Ok(opt_bool(match op {
                BinaryOp::Eq => cypher_equals(&l, &r),
                BinaryOp::Ne => cypher_equals(&l, &r).map(|b| !b),
                _ => compare_values(op, &l, &r),
            }))
        }
        _ => {
            let (l, r) = (lhs()?, rhs()?);
            if op == BinaryOp::Add {
                charge_concatenation(&l, &r, ctx)?;
            } else if let (BinaryOp::In, Value::List(items)) = (op, &*r) {
                ctx.budget.work(items.len())?;
            }
            binary_values(op, l.into_owned(), r.into_owned())
        }
    }
}

/// Applies a non-logical binary operator to two evaluated operands.
pub fn binary_values(op: BinaryOp, l: Value, r: Value) -> Result<Value, QueryError> {
    match op {
        BinaryOp::Eq => Ok(opt_bool(cypher_equals(&l, &r))),
        BinaryOp::Ne => Ok(opt_bool(cypher_equals(&l, &r).map(|b| !b))),
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            Ok(opt_bool(compare_values(op, &l, &r)))
        }
        BinaryOp::Add => add(l, r),
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod | BinaryOp::Pow => {
            arithmetic(op, l, r)
        }
        BinaryOp::In => in_list(&l, r),
        BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Contains => Ok(match (&l, &r) {
            (Value::String(s), Value::String(p)) => Value::Bool(match op {
                BinaryOp::StartsWith => s.starts_with(p.as_str()),
                BinaryOp::EndsWith => s.ends_with(p.as_str()),
                _ => s.contains(p.as_str()),
            }),
            _ => Value::Null,
        }),
        BinaryOp::Regex => match (&l, &r) {
            (Value::String(s), Value::String(pattern)) => regex_match(s, pattern).map(Value::Bool),
            _ => Ok(Value::Null),
        },
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => {
            let l = bool_operand("a logical operator", l)?;
            let r = bool_operand("a logical operator", r)?;
            Ok(match (op, l, r) {
                (BinaryOp::And, Some(false), _) | (BinaryOp::And, _, Some(false)) => {
                    Value::Bool(false)
                }
                (BinaryOp::Or, Some(true), _) | (BinaryOp::Or, _, Some(true)) => Value::Bool(true),
                (_, Some(a), Some(b)) => Value::Bool(match op {
                    BinaryOp::And => a && b,
                    BinaryOp::Or => a || b,
                    _ => a != b,
                }),
                _ => Value::Null,
            })
        }
    }
}

fn in_list(needle: &Value, list: Value) -> Result<Value, QueryError> {
    let items = match list {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => return Err(not_a_list("IN", &other)),
    };
    let mut unknown = false;
    for item in &items {
        match cypher_equals(needle, item) {
            Some(true) => return Ok(Value::Bool(true)),
            None => unknown = true,
            Some(false) => {}
        }
    }
    Ok(if unknown {
        Value::Null
    } else {
        Value::Bool(false)
    })
}

fn add(l: Value, r: Value) -> Result<Value, QueryError> {
    match (l, r) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::List(mut a), Value::List(b)) => {
            a.extend(b);
            Ok(Value::List(a))
        }
        (Value::List(mut a), b) => {
            a.push(b);
            Ok(Value::List(a))
        }
        (a, Value::List(b)) => {
            let mut out = Vec::with_capacity(b.len() + 1);
            out.push(a);
            out.extend(b);
            Ok(Value::List(out))
        }
        (Value::String(a), Value::String(b)) => Ok(Value::String(a + &b)),
        (Value::String(a), b @ (Value::Int(_) | Value::Float(_))) => {
            Ok(Value::String(a + &number_text(&b)))
        }
        (a @ (Value::Int(_) | Value::Float(_)), Value::String(b)) => {
            Ok(Value::String(number_text(&a) + &b))
        }
        (l, r) => arithmetic(BinaryOp::Add, l, r),
    }
}

/// Reports the copy `l + r` makes of strings and lists, before it is made.
fn charge_concatenation(l: &Value, r: &Value, ctx: &EvalContext) -> Result<(), QueryError> {
    let bytes = match (l, r) {
        (Value::String(a), Value::String(b)) => a.len() + b.len(),
        (Value::List(a), Value::List(b)) => (a.len() + b.len()) * budget::VALUE_BYTES,
        (Value::List(a), _) | (_, Value::List(a)) => (a.len() + 1) * budget::VALUE_BYTES,
        _ => return Ok(()),
    };
    ctx.budget.work_bytes(bytes)?;
    ctx.budget.charge(bytes)
}

/// A number as `toString` and string concatenation write it.
pub(crate) fn number_text(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => java_float_text(*f),
        other => other.to_string(),
    }
}

fn arithmetic(op: BinaryOp, l: Value, r: Value) -> Result<Value, QueryError> {
    let overflow = |a: i64, b: i64| {
        arithmetic_error(
            "IntegerOverflow",
            format!(
                "{a} {} {b} does not fit in a 64-bit integer.",
                crate::query::display::binary_op(op)
            ),
        )
    };
    match (l, r) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::Int(a), Value::Int(b)) => match op {
            BinaryOp::Add => a
                .checked_add(b)
                .map(Value::Int)
                .ok_or_else(|| overflow(a, b)),
            BinaryOp::Sub => a
                .checked_sub(b)
                .map(Value::Int)
                .ok_or_else(|| overflow(a, b)),
            BinaryOp::Mul => a
                .checked_mul(b)
                .map(Value::Int)
                .ok_or_else(|| overflow(a, b)),
            BinaryOp::Div if b == 0 => Err(arithmetic_error("DivisionByZero", "/ by zero")),
            BinaryOp::Div => a
                .checked_div(b)
                .map(Value::Int)
                .ok_or_else(|| overflow(a, b)),
            BinaryOp::Mod if b == 0 => Err(arithmetic_error("DivisionByZero", "% by zero")),
            // i64::MIN % -1 overflows in Rust; mathematically it is 0.
            BinaryOp::Mod => Ok(Value::Int(a.checked_rem(b).unwrap_or(0))),
            _ => Ok(Value::Float((a as f64).powf(b as f64))),
        },
        (a @ (Value::Int(_) | Value::Float(_)), b @ (Value::Int(_) | Value::Float(_))) => {
            let (x, y) = (as_f64(&a), as_f64(&b));
            Ok(Value::Float(match op {
                BinaryOp::Add => x + y,
                BinaryOp::Sub => x - y,
                BinaryOp::Mul => x * y,
                BinaryOp::Div => x / y,
                BinaryOp::Mod => x % y,
                _ => x.powf(y),
            }))
        }
        (a, b) if a.is_temporal() || b.is_temporal() => {
            temporal::arithmetic(op, &a, &b).unwrap_or_else(|| Err(cannot_compute(op, &a, &b)))
        }
        (a, b) => Err(cannot_compute(op, &a, &b)),
    }
}

fn cannot_compute(op: BinaryOp, a: &Value, b: &Value) -> QueryError {
    type_error(
        "InvalidArgumentType",
        format!(
            "Cannot compute {} {} {}.",
            describe(a),
            crate::query::display::binary_op(op),
            describe(b)
        ),
    )
}

fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

/// Compiled patterns of `=~`, so that a predicate over many rows compiles its pattern
/// once. Bounded: the cache is cleared when full.
const REGEX_CACHE_LIMIT: usize = 64;

thread_local! {
    static REGEX_CACHE: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

fn regex_match(text: &str, pattern: &str) -> Result<bool, QueryError> {
    REGEX_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(re) = cache.get(pattern) {
            return Ok(re.is_match(text));
        }
        // `=~` matches the whole string, as Java's `String.matches` does.
        let re = Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
            argument_error(
                "InvalidArgumentValue",
                format!("Invalid regular expression {}: {e}", Value::from(pattern)),
            )
        })?;
        let matched = re.is_match(text);
        if cache.len() >= REGEX_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(pattern.to_owned(), re);
        Ok(matched)
    })
}
