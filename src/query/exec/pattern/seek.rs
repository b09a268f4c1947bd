//! Index seeks: which property index (`CREATE INDEX`) answers the conditions on a node
//! position (from the WHERE and the pattern's property map), and the nodes it finds.
//!
//! A seek only narrows where a part starts: every condition is still checked on the
//! rows, so a seek must find every node that may satisfy its conditions, never fewer.

use std::ops::Bound;

use crate::graph::property_index::{PropertyIndex, Scalar, Seek};
use crate::query::ast::{Expr, ExprKind};
use crate::query::plan::hints::{is_indexed_name, Hints};
use crate::schema::{IndexDef, IndexTarget};
use crate::value::Value;

use super::super::Executor;
use super::{known_before_match, Condition, Direction, Matcher, PartSpec, Pattern, Row};
use crate::value::NodeId;

/// Below this many nodes a label is scanned for each input row rather than indexed for
/// the MATCH: the scan costs about what building the index would.
const TEMPORARY_INDEX_MIN_NODES: usize = 256;

/// A MATCH over fewer input rows scans for each: building an index costs about two scans.
pub(super) const TEMPORARY_INDEX_MIN_ROWS: usize = 3;

/// A seek an index answers for a node position, with about how many nodes it finds.
pub(super) struct PlannedSeek<'g> {
    index: &'g PropertyIndex,
    seek: Seek,
    pub(super) estimate: usize,
    /// For a relationship index: which ends of the relationships found are the position's.
    pub(super) ends: Option<Direction>,
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
    /// The cheapest seek that finds where node position `pos` of `part` may be: an index
    /// on one of its labels answering the conditions on its properties, or an index on
    /// the type of a relationship beside it answering the conditions on that one's (the
    /// position is then those relationships' ends on its side).
    pub(super) fn index_seek(
        &self,
        part: &PartSpec<'_>,
        pos: usize,
        row: &Row,
    ) -> Option<PlannedSeek<'_>> {
        let graph = &*self.exec.graph;
        if graph.property_indexes().is_empty() && self.temporary.is_empty() {
            return None;
        }
        let spec = &part.nodes[pos];
        // The node's own labels, then the relationship before the position (the position
        // is its right end) and the one after it (its left end), directions as written.
        let mut searches = vec![(
            self.conditions_of(spec.slot, spec.props, row),
            None,
            spec.labels,
        )];
        let beside = [
            pos.checked_sub(1).map(|r| (r, false)),
            (pos < part.rels.len()).then_some((pos, true)),
        ];
        for (at, left_end) in beside.into_iter().flatten() {
            let rel = &part.rels[at];
            if rel.types.len() != 1 || rel.range.is_some() {
                continue;
            }
            let ends = match (rel.direction, left_end) {
                (Direction::Both, _) => Direction::Both,
                (Direction::Outgoing, true) | (Direction::Incoming, false) => Direction::Outgoing,
                _ => Direction::Incoming,
            };
            searches.push((
                self.conditions_of(rel.slot, rel.props, row),
                Some(ends),
                rel.types,
            ));
        }
        let mut best: Option<PlannedSeek<'_>> = None;
        for (conditions, ends, names) in searches {
            if conditions.is_empty() {
                continue;
            }
            for index in graph.property_indexes().iter().chain(self.temporary) {
                let answers = index.def.is_for_nodes() == ends.is_none()
                    && names.iter().any(|n| n == index.def.label_or_type());
                let Some(seek) = answers
                    .then(|| self.seek_for(index, &conditions, row))
                    .flatten()
                else {
                    continue;
                };
                let estimate = index.estimate(&seek);
                if best.as_ref().is_none_or(|b| estimate < b.estimate) {
                    best = Some(PlannedSeek {
                        index,
                        seek,
                        estimate,
                        ends,
                    });
                }
            }
        }
        best
    }

    /// The nodes a planned seek finds, in id order.
    pub(super) fn seek_nodes(&self, planned: &PlannedSeek<'_>) -> Vec<NodeId> {
        let found = planned.index.seek(&planned.seek);
        let Some(ends) = planned.ends else {
            return found;
        };
        let graph = &*self.exec.graph;
        let mut nodes = Vec::with_capacity(found.len());
        for rel in found.into_iter().filter_map(|id| graph.relationship(id)) {
            // `Outgoing`: the position is where the relationships start.
            match ends {
                Direction::Outgoing => nodes.push(rel.start()),
                Direction::Incoming => nodes.push(rel.end()),
                Direction::Both => nodes.extend([rel.start(), rel.end()]),
            }
        }
        nodes.sort_unstable();
        nodes.dedup();
        nodes
    }

    /// The conditions on the properties of the entity at `slot` (from the WHERE, while the
    /// slot is not bound yet) and in its pattern map `props`.
    fn conditions_of<'s>(
        &'s self,
        slot: Option<usize>,
        props: Option<&'s Expr>,
        row: &Row,
    ) -> Vec<(&'s str, Condition<'s>)> {
        let mut found = Vec::new();
        if let Some(slot) = slot.filter(|&slot| self.is_free(slot, row)) {
            if let Some(conds) = self.hints.properties.get(&self.scope.names()[slot]) {
                found.extend(conds.iter().map(|(k, c)| (k.as_str(), *c)));
            }
        }
        if let Some(ExprKind::Map(entries)) = props.map(|p| &p.kind) {
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

impl Executor<'_> {
    /// The indexes worth building for one MATCH over several input rows (see
    /// `Prepared::temporary`): for each part that starts by scanning a label, one per key
    /// that the WHERE or the pattern's map compares with a value the row gives, unless an
    /// index, an id or the name index already answers.
    pub(super) fn temporary_indexes(
        &self,
        pattern: &Pattern<'_>,
        hints: &Hints<'_>,
    ) -> Vec<PropertyIndex> {
        let graph = &*self.graph;
        let mut built: Vec<PropertyIndex> = Vec::new();
        for (index, part) in pattern.parts.iter().enumerate() {
            let by_relationship = pattern.relationship_starts.get(index).copied().flatten();
            if part.shortest.is_some() || by_relationship.is_some() {
                continue;
            }
            let start = pattern.starts.get(index).copied().unwrap_or(0);
            let Some(spec) = part.nodes.get(start) else {
                continue;
            };
            let name = match spec.slot {
                // Bound by the input row: no scan.
                Some(slot) if slot < pattern.input_len => continue,
                Some(slot) => pattern.scope.names().get(slot),
                None => None,
            };
            if name.is_some_and(|n| hints.ids.contains_key(n)) {
                continue;
            }
            let Some(label) = spec.labels.iter().min_by_key(|l| graph.label_count(l)) else {
                continue;
            };
            if graph.label_count(label) < TEMPORARY_INDEX_MIN_NODES {
                continue;
            }
            let mut keys: Vec<&str> = Vec::new();
            if let Some(conditions) = name.and_then(|n| hints.properties.get(n)) {
                keys.extend(conditions.iter().map(|(key, _)| key.as_str()));
            }
            if let Some(ExprKind::Map(entries)) = spec.props.map(|p| &p.kind) {
                let known = entries
                    .iter()
                    .filter(|(_, v)| known_before_match(v, &pattern.scope, pattern.input_len));
                keys.extend(known.map(|(key, _)| key.as_str()));
            }
            if keys.iter().any(|key| is_indexed_name(key)) {
                continue;
            }
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                let target = IndexTarget::Nodes {
                    label: label.clone(),
                };
                // An index of this key alone answers; a composite one needs all its keys.
                let answered = graph
                    .property_indexes()
                    .iter()
                    .chain(&built)
                    .any(|i| i.def.target == target && i.def.keys.as_slice() == [key]);
                if !answered {
                    built.push(graph.build_index(IndexDef {
                        name: String::new(),
                        target,
                        keys: vec![key.to_owned()],
                    }));
                }
            }
        }
        built
    }
}
