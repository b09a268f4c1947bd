//! Index seeks: which property index (`CREATE INDEX`) answers the conditions on a node
//! position (from the WHERE and the pattern's property map), and the nodes it finds.
//!
//! A seek only narrows where a part starts: every condition is still checked on the
//! rows, so a seek must find every node that may satisfy its conditions, never fewer.

use std::ops::Bound;

use crate::graph::property_index::{PropertyIndex, Scalar, Seek};
use crate::query::ast::{Expr, ExprKind};
use crate::value::Value;

use super::{known_before_match, Condition, Matcher, NodeSpec, Row};

/// A seek an index answers for a node position, with about how many nodes it finds.
pub(super) struct PlannedSeek<'g> {
    pub(super) index: &'g PropertyIndex,
    pub(super) seek: Seek,
    pub(super) estimate: usize,
}

/// What the value of a condition allows an index to do.
enum Usable<T> {
    /// Look these up.
    Keys(T),
    /// No node satisfies the condition (`= null`, `> NaN`).
    Nothing,
    /// The index cannot answer it (a list or map value, an error): leave it to the rows.
    No,
}

impl<T> Usable<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Usable<U> {
        match self {
            Usable::Keys(t) => Usable::Keys(f(t)),
            Usable::Nothing => Usable::Nothing,
            Usable::No => Usable::No,
        }
    }
}

impl Matcher<'_, '_, '_> {
    /// The cheapest seek of an index on one of `spec`'s labels, if any answers its
    /// conditions.
    pub(super) fn index_seek(&self, spec: &NodeSpec<'_>, row: &Row) -> Option<PlannedSeek<'_>> {
        let graph = &*self.exec.graph;
        if graph.property_indexes().is_empty() {
            return None;
        }
        let conditions = self.conditions_of(spec, row);
        if conditions.is_empty() {
            return None;
        }
        let mut best: Option<PlannedSeek<'_>> = None;
        for index in graph.property_indexes() {
            if !index.def.is_for_nodes()
                || !spec.labels.iter().any(|l| l == index.def.label_or_type())
            {
                continue;
            }
            let Some(seek) = self.seek_for(index, &conditions, row) else {
                continue;
            };
            let estimate = index.estimate(&seek);
            if best.as_ref().is_none_or(|b| estimate < b.estimate) {
                best = Some(PlannedSeek {
                    index,
                    seek,
                    estimate,
                });
            }
        }
        best
    }

    /// The conditions on `spec`'s properties: the WHERE's on its (not yet bound) variable
    /// and its property map's entries.
    fn conditions_of<'s>(
        &'s self,
        spec: &NodeSpec<'s>,
        row: &Row,
    ) -> Vec<(&'s str, Condition<'s>)> {
        let mut found = Vec::new();
        if let Some(slot) = spec.slot.filter(|&slot| self.is_free(slot, row)) {
            if let Some(conds) = self.hints.properties.get(&self.scope.names()[slot]) {
                found.extend(conds.iter().map(|(k, c)| (k.as_str(), *c)));
            }
        }
        if let Some(ExprKind::Map(entries)) = spec.props.map(|p| &p.kind) {
            for (key, value) in entries {
                if known_before_match(value, self.scope, self.input_len) {
                    found.push((key.as_str(), Condition::Equal(value)));
                }
            }
        }
        found
    }

    /// The seek of `index` for `conditions`: equality (or `IN`) on every key, or, for an
    /// index of one key, a range or a prefix.
    fn seek_for(
        &self,
        index: &PropertyIndex,
        conditions: &[(&str, Condition<'_>)],
        row: &Row,
    ) -> Option<Seek> {
        let on = |key: &str| -> Vec<Condition<'_>> {
            conditions
                .iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, c)| *c)
                .collect()
        };
        let mut tuples: Vec<Vec<Scalar>> = vec![Vec::new()];
        for key in &index.def.keys {
            let values = on(key).into_iter().find_map(|c| match c {
                Condition::Equal(e) => {
                    Some(self.value(e, row).map(|v| equal_key(v).map(|k| vec![k])))
                }
                Condition::In(e) => Some(self.value(e, row).map(in_keys)),
                _ => None,
            });
            match values {
                Some(Some(Usable::Keys(keys))) => {
                    tuples = tuples
                        .into_iter()
                        .flat_map(|t| {
                            keys.iter().map(move |k| {
                                let mut t = t.clone();
                                t.push(k.clone());
                                t
                            })
                        })
                        .collect();
                }
                Some(Some(Usable::Nothing)) => return Some(Seek::Equal(Vec::new())),
                _ if index.def.keys.len() == 1 => {
                    return self.range_or_prefix(on(key).into_iter(), row)
                }
                _ => return None,
            }
        }
        Some(Seek::Equal(tuples))
    }

    fn range_or_prefix<'c>(
        &self,
        conditions: impl Iterator<Item = Condition<'c>>,
        row: &Row,
    ) -> Option<Seek> {
        let (mut lower, mut upper) = (Bound::Unbounded, Bound::Unbounded);
        for condition in conditions {
            let (expr, above, inclusive) = match condition {
                Condition::Above(e, inclusive) => (e, true, inclusive),
                Condition::Below(e, inclusive) => (e, false, inclusive),
                Condition::Prefix(e) => {
                    return match self.value(e, row)? {
                        Value::String(prefix) => Some(Seek::Prefix(prefix)),
                        _ => Some(Seek::Equal(Vec::new())),
                    }
                }
                _ => continue,
            };
            let side = if above { &mut lower } else { &mut upper };
            if matches!(side, Bound::Unbounded) {
                *side = match equal_key(self.value(expr, row)?) {
                    Usable::Keys(s) if inclusive => Bound::Included(s),
                    Usable::Keys(s) => Bound::Excluded(s),
                    Usable::Nothing => return Some(Seek::Equal(Vec::new())),
                    Usable::No => return None,
                };
            }
        }
        let any = !matches!((&lower, &upper), (Bound::Unbounded, Bound::Unbounded));
        any.then_some(Seek::Range(lower, upper))
    }

    /// The value of a condition's expression in `row`; `None` when it fails (the rows'
    /// own check will say why, if any row gets that far).
    fn value(&self, expr: &Expr, row: &Row) -> Option<Value> {
        self.exec.eval(expr, &self.bindings(row)).ok()
    }
}

fn equal_key(value: Value) -> Usable<Scalar> {
    match value {
        Value::Null => Usable::Nothing,
        Value::Float(f) if f.is_nan() => Usable::Nothing,
        other => Scalar::of(&other).map_or(Usable::No, Usable::Keys),
    }
}

fn in_keys(value: Value) -> Usable<Vec<Scalar>> {
    let Value::List(items) = value else {
        return if value == Value::Null {
            Usable::Nothing
        } else {
            Usable::No
        };
    };
    let mut keys = Vec::with_capacity(items.len());
    for item in items {
        match equal_key(item) {
            Usable::Keys(key) => keys.push(key),
            Usable::Nothing => {}
            Usable::No => return Usable::No,
        }
    }
    Usable::Keys(keys)
}
