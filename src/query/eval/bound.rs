//! Bound expressions: an [`Expr`] with its variables resolved to the slots of a row, its
//! property keys to the graph's key ids and its literals and parameters built once, for
//! the operators that evaluate one expression on many rows (projections, grouping keys,
//! aggregate arguments, the matcher's conditions).
//!
//! A bound expression gives exactly what [`super::eval`] gives for its expression, errors
//! included: each bound operator calls the evaluator's own operator functions. What it
//! does not bind (comprehensions and quantifiers, which see local variables; subqueries;
//! aggregates; maps and lists) it hands whole to the general evaluator, which finds
//! variables by name.

use std::borrow::Cow;

use crate::graph::{KeyId, LabelId, PropertyRef};
use crate::query::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::query::catalog::{Function, Scalar};
use crate::query::{Bindings, QueryError};
use crate::value::Value;

use super::{
    binary_of, case_takes, evaluate, functions, has_labels, lookup_node, lookup_relationship,
    property, subscript, temporal, unary, unknown_function, with_values, EvalContext,
};

/// What binding needs to know: where the row keeps a variable, and how the graph numbers a
/// property key.
pub trait Binder {
    fn slot(&self, variable: &str) -> Option<usize>;
    fn key(&self, key: &str) -> Option<KeyId>;
    fn label(&self, label: &str) -> Option<LabelId>;
}

/// One node or relationship as a scan finds it stored, standing for the variable at
/// `slot` without a row: `read` gives its property of a key, `value` the entity itself
/// (asked only by what reads more of it than properties: `labels(n)`, `n:Label`, `id(n)`).
pub struct StoredEntity<'a, 'g> {
    pub slot: usize,
    pub read: &'a dyn Fn(KeyId) -> Option<PropertyRef<'g>>,
    pub value: &'a dyn Fn() -> Value,
}

/// An expression bound to a row's layout and a graph's keys.
pub enum Bound {
    /// A literal or a parameter.
    Constant(Value),
    /// A variable, read from its slot.
    Slot {
        slot: usize,
        name: String,
    },
    /// `base.key`; `id` is `None` for a key the graph did not know when the expression was
    /// bound (a write of the same statement may add it), which is then looked up by name.
    Property {
        base: Box<Bound>,
        id: Option<KeyId>,
        name: String,
    },
    /// `base:A:B`; a label the graph did not know when bound is looked up by name.
    HasLabels {
        base: Box<Bound>,
        names: Vec<String>,
        ids: Vec<Option<LabelId>>,
    },
    /// `base[index]`.
    Index(Box<Bound>, Box<Bound>),
    Unary(UnaryOp, Box<Bound>),
    Binary(BinaryOp, Box<Bound>, Box<Bound>),
    IsNull {
        operand: Box<Bound>,
        negated: bool,
    },
    Case {
        operand: Option<Box<Bound>>,
        whens: Vec<(Bound, Bound)>,
        otherwise: Option<Box<Bound>>,
    },
    /// A scalar or temporal function that takes its arguments' values.
    Call {
        function: Function,
        name: String,
        args: Vec<Bound>,
    },
    /// Anything else, for the general evaluator.
    General(Box<Expr>),
}

impl Bound {
    /// Binds `expr`. Parameters are taken from `params` now: a missing one stays for the
    /// evaluator, which reports it.
    pub fn new(expr: &Expr, binder: &dyn Binder, params: &crate::query::Params) -> Bound {
        let bind = |e: &Expr| Box::new(Bound::new(e, binder, params));
        match &expr.kind {
            ExprKind::Literal(literal) => Bound::Constant(literal.value()),
            ExprKind::Parameter(name) => match params.get(name) {
                Some(value) => Bound::Constant(value.clone()),
                None => Bound::General(Box::new(expr.clone())),
            },
            ExprKind::Variable(name) => match binder.slot(name) {
                Some(slot) => Bound::Slot {
                    slot,
                    name: name.clone(),
                },
                None => Bound::General(Box::new(expr.clone())),
            },
            ExprKind::Property(base, key) => Bound::Property {
                base: bind(base),
                id: binder.key(key),
                name: key.clone(),
            },
            ExprKind::HasLabels(base, labels) => Bound::HasLabels {
                base: bind(base),
                names: labels.clone(),
                ids: labels.iter().map(|l| binder.label(l)).collect(),
            },
            ExprKind::Index(base, index) => Bound::Index(bind(base), bind(index)),
            ExprKind::Unary(op, operand) => Bound::Unary(*op, bind(operand)),
            ExprKind::Binary(op, l, r) => Bound::Binary(*op, bind(l), bind(r)),
            ExprKind::IsNull { expr, negated } => Bound::IsNull {
                operand: bind(expr),
                negated: *negated,
            },
            ExprKind::Case {
                operand,
                whens,
                otherwise,
            } => Bound::Case {
                operand: operand.as_deref().map(bind),
                whens: whens
                    .iter()
                    .map(|(when, then)| {
                        (
                            Bound::new(when, binder, params),
                            Bound::new(then, binder, params),
                        )
                    })
                    .collect(),
                otherwise: otherwise.as_deref().map(bind),
            },
            ExprKind::FunctionCall {
                name,
                function,
                args,
                ..
            } if takes_values(*function) => Bound::Call {
                function: *function,
                name: name.clone(),
                args: args
                    .iter()
                    .map(|arg| Bound::new(arg, binder, params))
                    .collect(),
            },
            _ => Bound::General(Box::new(expr.clone())),
        }
    }

    /// The value in `row`, whose variables `names` also finds by name (for what is not
    /// bound). Borrowed when it is a constant or a variable's value.
    pub fn value<'r>(
        &'r self,
        row: &'r [Value],
        names: &dyn Bindings,
        ctx: &EvalContext,
    ) -> Result<Cow<'r, Value>, QueryError> {
        self.evaluate_within(&Input { row, stored: None }, names, ctx)
    }

    /// The value for `stored`, an entity a scan found, when [`Bound::stored_keys`]
    /// accepted its slot: its properties are read as stored, with no row.
    pub fn value_stored(
        &self,
        stored: &StoredEntity<'_, '_>,
        names: &dyn Bindings,
        ctx: &EvalContext,
    ) -> Result<Cow<'_, Value>, QueryError> {
        let input = Input {
            row: &[],
            stored: Some(stored),
        };
        self.evaluate_within(&input, names, ctx)
    }

    /// [`Bound::evaluate`], whatever it charged to the memory limit given back after.
    fn evaluate_within<'r>(
        &'r self,
        input: &Input<'r, '_, '_>,
        names: &dyn Bindings,
        ctx: &EvalContext,
    ) -> Result<Cow<'r, Value>, QueryError> {
        let mark = ctx.budget.mark();
        let value = self.evaluate(input, names, ctx);
        ctx.budget.restore(mark);
        value
    }

    /// When the expression reads nothing of the row but the variable at `slot`: the keys
    /// of its properties it reads where the graph knows them (`n.founded / 10`, a `CASE`
    /// over `r.amount`), added to `keys`. False when it reads anything else of the row.
    pub fn stored_keys(&self, slot: usize, keys: &mut Vec<KeyId>) -> bool {
        self.reads_of(slot, keys, true)
    }

    /// The one property key of the entity at `slot` the expression reads, when it reads
    /// nothing else: not the entity itself (`id(n)`, `n:L`), no other variable, nothing
    /// volatile. Entities equal in that property then give it equal values.
    pub fn function_of_one_key(&self, slot: usize) -> Option<KeyId> {
        let mut keys = Vec::new();
        if !self.reads_of(slot, &mut keys, false) {
            return None;
        }
        keys.sort_unstable();
        keys.dedup();
        match keys.as_slice() {
            [key] => Some(*key),
            _ => None,
        }
    }

    /// [`Bound::stored_keys`]; `whole`: the entity itself may be read, and volatile
    /// functions called.
    fn reads_of(&self, slot: usize, keys: &mut Vec<KeyId>, whole: bool) -> bool {
        let mut all = |bounds: &mut dyn Iterator<Item = &Bound>| {
            for bound in bounds {
                if !bound.reads_of(slot, keys, whole) {
                    return false;
                }
            }
            true
        };
        match self {
            Bound::Constant(_) => true,
            Bound::Slot { slot: read, .. } => whole && *read == slot,
            Bound::Property { base, id, .. } => match (&**base, id) {
                (Bound::Slot { slot: read, .. }, Some(id)) if *read == slot => {
                    keys.push(*id);
                    true
                }
                _ => base.reads_of(slot, keys, whole),
            },
            Bound::HasLabels { base, .. } => whole && base.reads_of(slot, keys, whole),
            Bound::Unary(_, operand) | Bound::IsNull { operand, .. } => {
                operand.reads_of(slot, keys, whole)
            }
            Bound::Binary(_, l, r) | Bound::Index(l, r) => all(&mut [&**l, &**r].into_iter()),
            Bound::Case {
                operand,
                whens,
                otherwise,
            } => {
                let whens = whens.iter().flat_map(|(when, then)| [when, then]);
                let ends = operand.iter().chain(otherwise).map(|b| &**b);
                all(&mut whens.chain(ends))
            }
            Bound::Call { function, args, .. } => {
                (whole || !function.is_volatile()) && all(&mut args.iter())
            }
            Bound::General(expr) => {
                !reads_any_variable(expr) && (whole || !crate::query::walk::calls_volatile(expr))
            }
        }
    }

    fn evaluate<'r>(
        &'r self,
        input: &Input<'r, '_, '_>,
        names: &dyn Bindings,
        ctx: &EvalContext,
    ) -> Result<Cow<'r, Value>, QueryError> {
        let owned = |value: Value| Ok(Cow::Owned(value));
        match self {
            Bound::Constant(value) => Ok(Cow::Borrowed(value)),
            Bound::Slot { slot, name } => match (input.row.get(*slot), input.stored) {
                (Some(value), _) => Ok(Cow::Borrowed(value)),
                (None, Some(stored)) if stored.slot == *slot => owned((stored.value)()),
                (None, _) => owned(evaluate_name(name, names)?),
            },
            Bound::Property { base, id, name } => {
                if let Some(value) = input.stored_property(base, *id) {
                    return owned(value);
                }
                let base = base.evaluate(input, names, ctx)?;
                owned(keyed_property(&base, *id, name, ctx)?)
            }
            Bound::HasLabels {
                base,
                names: labels,
                ids,
            } => {
                let value = base.evaluate(input, names, ctx)?;
                let Value::Node(node) = *value else {
                    return owned(has_labels(&value, labels, ctx)?);
                };
                for (&label, name) in ids.iter().zip(labels) {
                    match ctx.graph.node_has_label(node, label, name) {
                        Some(true) => {}
                        Some(false) => return owned(Value::Bool(false)),
                        None => return owned(has_labels(&value, labels, ctx)?),
                    }
                }
                owned(Value::Bool(true))
            }
            Bound::Index(base, index) => {
                let container = base.evaluate(input, names, ctx)?;
                let index = index.evaluate(input, names, ctx)?;
                owned(subscript(&container, &index, ctx)?)
            }
            Bound::Unary(op, operand) => owned(unary(
                *op,
                operand.evaluate(input, names, ctx)?.into_owned(),
            )?),
            Bound::Binary(op, l, r) => owned(binary_of(
                *op,
                || l.evaluate(input, names, ctx),
                || r.evaluate(input, names, ctx),
                ctx,
            )?),
            Bound::IsNull { operand, negated } => {
                let value = operand.evaluate(input, names, ctx)?;
                owned(Value::Bool(value.is_null() != *negated))
            }
            Bound::Case {
                operand,
                whens,
                otherwise,
            } => {
                let subject = match operand {
                    Some(operand) => Some(operand.evaluate(input, names, ctx)?),
                    None => None,
                };
                for (when, then) in whens {
                    let candidate = when.evaluate(input, names, ctx)?;
                    if case_takes(subject.as_deref(), &candidate)? {
                        return then.evaluate(input, names, ctx);
                    }
                }
                match otherwise {
                    Some(otherwise) => otherwise.evaluate(input, names, ctx),
                    None => owned(Value::Null),
                }
            }
            Bound::Call {
                function,
                name,
                args,
            } => owned(call(*function, name, args, input, names, ctx)?),
            Bound::General(expr) => owned(evaluate(expr, names, ctx)?),
        }
    }
}

/// What a bound expression reads its variables from: the row, and in place of one of
/// them an entity as a scan found it stored.
struct Input<'r, 'a, 'g> {
    row: &'r [Value],
    stored: Option<&'a StoredEntity<'a, 'g>>,
}

impl Input<'_, '_, '_> {
    /// `base.key` read as stored, when `base` is the stored entity's slot and the graph
    /// knows the key.
    fn stored_property(&self, base: &Bound, id: Option<KeyId>) -> Option<Value> {
        let stored = self.stored?;
        match (base, id) {
            (Bound::Slot { slot, .. }, Some(id)) if *slot == stored.slot => {
                Some((stored.read)(id).map_or(Value::Null, PropertyRef::into_value))
            }
            _ => None,
        }
    }
}

/// Whether `expr` reads a variable anywhere (its own local ones included).
fn reads_any_variable(expr: &Expr) -> bool {
    let mut found = false;
    crate::query::walk::visit(expr, &mut |e| {
        found |= matches!(e.kind, ExprKind::Variable(_));
    });
    found
}

/// Whether a call of `function` only needs its arguments' values, all of them, in order.
fn takes_values(function: Function) -> bool {
    match function {
        // `coalesce` stops at its first non-null argument and `exists` reads a pattern.
        Function::Scalar(Scalar::Coalesce | Scalar::Exists) => false,
        Function::Scalar(_) | Function::Temporal(_) => true,
        Function::Aggregate(_) | Function::Unknown => false,
    }
}

fn call<'r>(
    function: Function,
    name: &str,
    args: &'r [Bound],
    input: &Input<'r, '_, '_>,
    names: &dyn Bindings,
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    let value_of = |arg: &'r Bound| arg.evaluate(input, names, ctx);
    with_values(args, value_of, |values| match function {
        Function::Scalar(scalar) => functions::apply(scalar, name, values, ctx),
        Function::Temporal(temporal) => temporal::call(temporal, name, values, ctx),
        // Never bound as calls (see `takes_values`): the evaluator says why.
        Function::Aggregate(_) | Function::Unknown => unknown_function(name),
    })
}

fn evaluate_name(name: &str, names: &dyn Bindings) -> Result<Value, QueryError> {
    names
        .get(name)
        .cloned()
        .ok_or_else(|| super::undefined(name))
}

/// `base.key` with the key as the graph numbers it, when it does.
fn keyed_property(
    base: &Value,
    id: Option<KeyId>,
    name: &str,
    ctx: &EvalContext,
) -> Result<Value, QueryError> {
    let Some(id) = id else {
        return property(base, name, ctx);
    };
    match base {
        Value::Node(node) => Ok(lookup_node(*node, ctx)?
            .property_keyed(id, name)
            .unwrap_or(Value::Null)),
        Value::Relationship(rel) => match ctx.graph.relationship_property(*rel, id, name) {
            Some(value) => Ok(value.unwrap_or(Value::Null)),
            None => Ok(lookup_relationship(*rel, ctx)?
                .property_keyed(id, name)
                .unwrap_or(Value::Null)),
        },
        other => property(other, name, ctx),
    }
}
