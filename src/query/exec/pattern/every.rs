//! Conditions a WHERE puts on every relationship of a path, checked as each relationship
//! is taken: `all(r IN relationships(p) WHERE r.amount >= 1000000)`, `none(…)`, or the
//! same over a variable-length relationship's list (`all(r IN rs WHERE …)`). A
//! relationship that fails the condition makes the quantifier false on every row whose
//! path holds it, so a variable-length expansion stops there instead of enumerating every
//! longer path through it only for the WHERE to drop them.
//!
//! Only where that is sure: the quantifier's predicate reads its own variable alone and
//! cannot raise an error (so the quantifier is false whatever the order it meets the
//! relationships in), and no conjunct before it in the WHERE can raise an error (which
//! the WHERE would raise before finding this one false). The WHERE still decides every
//! row.

use crate::query::ast::{Expr, ExprKind, QuantifierKind};
use crate::query::catalog::{Function, Scalar};
use crate::query::plan::read_variables;
use crate::value::Value;

use super::super::Executor;
use super::{truth_of, Conjunct, Matcher, PartSpec, RelView, Scope};

/// A condition on each relationship of a part (or of one position of it).
pub(super) struct EveryRelationship<'e> {
    part: usize,
    /// The relationship position it concerns; `None`: every position of the part (the
    /// relationships of its path).
    position: Option<usize>,
    /// The quantifier's predicate, bound to a scope of its variable alone (slot 0).
    predicate: Conjunct<'e>,
    scope: Scope,
    /// The predicate's value on a relationship that makes the quantifier false.
    failing: bool,
}

/// The WHERE's conditions on every relationship of a part, from its conjuncts.
pub(super) fn every_relationship<'e>(
    exec: &Executor<'_>,
    parts: &[PartSpec<'_>],
    scope: &Scope,
    input_len: usize,
    conjuncts: &[Conjunct<'e>],
) -> Vec<EveryRelationship<'e>> {
    let mut found = Vec::new();
    for conjunct in conjuncts {
        if let Some(every) = quantified(exec, parts, scope, input_len, conjunct.expr) {
            found.push(every);
        }
        if !conjunct.infallible {
            break;
        }
    }
    found
}

/// `all(x IN list WHERE predicate)` or `none(…)` over the relationships of a part's path
/// or of one of its variable-length positions, with a predicate of `x` alone that cannot
/// raise an error.
fn quantified<'e>(
    exec: &Executor<'_>,
    parts: &[PartSpec<'_>],
    scope: &Scope,
    input_len: usize,
    expr: &'e Expr,
) -> Option<EveryRelationship<'e>> {
    let ExprKind::Quantifier {
        kind,
        variable,
        list,
        predicate,
    } = &expr.kind
    else {
        return None;
    };
    let failing = match kind {
        QuantifierKind::All => false,
        QuantifierKind::None => true,
        QuantifierKind::Any | QuantifierKind::Single => return None,
    };
    let own = read_variables(predicate);
    if own.iter().any(|v| *v != variable.name) {
        return None;
    }
    let new_slot = |name: &str| scope.slot(name).filter(|&slot| slot >= input_len);
    let (part, position) = match &list.kind {
        ExprKind::FunctionCall {
            function: Function::Scalar(Scalar::Relationships),
            args,
            ..
        } => {
            let [path] = args.as_slice() else { return None };
            let ExprKind::Variable(path) = &path.kind else {
                return None;
            };
            let slot = new_slot(path)?;
            let part = parts.iter().position(|p| p.path_slot == Some(slot))?;
            (part, None)
        }
        ExprKind::Variable(rels) => {
            let slot = new_slot(rels)?;
            parts.iter().enumerate().find_map(|(index, part)| {
                let position =
                    (part.rels.iter()).position(|r| r.slot == Some(slot) && r.range.is_some())?;
                Some((index, Some(position)))
            })?
        }
        _ => return None,
    };
    let mut own_scope = Scope::default();
    own_scope.add(&variable.name);
    let predicate = Conjunct::new(exec, predicate, vec![0], &own_scope, &[0]);
    predicate.infallible.then_some(EveryRelationship {
        part,
        position,
        predicate,
        scope: own_scope,
        failing,
    })
}

impl Matcher<'_, '_, '_> {
    /// Whether relationship `rel`, taken at position `position` of part `index`, makes
    /// one of the WHERE's conditions on every relationship false.
    pub(super) fn fails_every(&mut self, index: usize, position: usize, rel: &RelView<'_>) -> bool {
        let every = self.every;
        let mut checks = (every.iter())
            .filter(|e| e.part == index && e.position.is_none_or(|p| p == position))
            .peekable();
        if checks.peek().is_none() {
            return false;
        }
        self.every_row[0] = Value::Relationship(rel.id());
        let row = &self.every_row;
        checks.any(|check| {
            let predicate = &check.predicate;
            let value = match (predicate.in_place.as_ref())
                .and_then(|p| self.in_place(p, row, Some((0, rel))))
            {
                Some(value) => Some(value),
                None => (self.exec.value_of(&predicate.bound, row, &check.scope))
                    .ok()
                    .map(|v| v.into_owned()),
            };
            value.as_ref().and_then(truth_of) == Some(Some(check.failing))
        })
    }
}
