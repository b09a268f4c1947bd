//! Property indexes (`CREATE INDEX … FOR (n:Label) ON (n.key)`): for one label or
//! relationship type and one or more property keys, the entities by their values, in
//! value order, so that equality, `IN`, ranges and `STARTS WITH` find their entities
//! without reading the others.
//!
//! Only scalar values are indexed (booleans, numbers, strings, and dates and times); an
//! entity whose value for a key is missing, null, NaN, a duration, a list or a map is not
//! in the index, and a seek is only made for values that are. Integers and floats share
//! one order, so `n.year = 2020.0` finds the node whose year is `2020`; times and
//! datetimes are ordered by instant, as `<` orders them.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Bound;

use crate::schema::IndexDef;
use crate::temporal::Temporal;
use crate::value::Value;

/// An indexable value, ordered as Cypher orders values of one kind: booleans, then
/// numbers (integers and floats compared exactly), then strings, then each temporal kind.
#[derive(Debug, Clone)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Box<str>),
    Temporal(TemporalKey),
}

/// A date or time in an index: its kind and the instant `<` orders it by, then the value
/// itself, which tells apart equal instants at different offsets or zones (they are not
/// `=`). A range bound stands at the edge of its instant instead, since `<` and `>=`
/// see only the instant.
#[derive(Debug, Clone)]
pub struct TemporalKey {
    kind: u8,
    instant: i128,
    tie: Tie,
}

/// Where a key stands among the values of its instant.
#[derive(Debug, Clone)]
enum Tie {
    BeforeAll,
    Value(Box<Temporal>),
    AfterAll,
}

impl TemporalKey {
    fn of(value: Temporal) -> TemporalKey {
        let (kind, instant) = value.order_key();
        TemporalKey {
            kind,
            instant,
            tie: Tie::Value(Box::new(value)),
        }
    }

    /// Before every value of the kind.
    fn least(kind: u8) -> TemporalKey {
        TemporalKey {
            kind,
            instant: i128::MIN,
            tie: Tie::BeforeAll,
        }
    }

    fn at_edge(&self, tie: Tie) -> TemporalKey {
        TemporalKey {
            tie,
            ..self.clone()
        }
    }
}

impl Ord for TemporalKey {
    fn cmp(&self, other: &TemporalKey) -> Ordering {
        let tie_rank = |t: &Tie| match t {
            Tie::BeforeAll => 0,
            Tie::Value(_) => 1,
            Tie::AfterAll => 2,
        };
        (self.kind, self.instant)
            .cmp(&(other.kind, other.instant))
            .then_with(|| match (&self.tie, &other.tie) {
                (Tie::Value(a), Tie::Value(b)) => a.compare(b).unwrap_or(Ordering::Equal),
                (a, b) => tie_rank(a).cmp(&tie_rank(b)),
            })
    }
}

impl PartialOrd for TemporalKey {
    fn partial_cmp(&self, other: &TemporalKey) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for TemporalKey {
    fn eq(&self, other: &TemporalKey) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for TemporalKey {}

/// The kinds of [`Scalar`], in their order; the temporal kinds follow strings.
const TEMPORAL_RANKS: u8 = 3;
const KINDS: u8 = TEMPORAL_RANKS + 5;

impl Scalar {
    /// The indexable form of `value`, if it has one.
    pub fn of(value: &Value) -> Option<Scalar> {
        match value {
            Value::Bool(b) => Some(Scalar::Bool(*b)),
            Value::Int(i) => Some(Scalar::Int(*i)),
            Value::Float(f) if !f.is_nan() => Some(Scalar::Float(*f)),
            Value::String(s) => Some(Scalar::Str(s.as_str().into())),
            other => other
                .as_temporal()
                .map(|t| Scalar::Temporal(TemporalKey::of(t))),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Scalar::Bool(_) => 0,
            Scalar::Int(_) | Scalar::Float(_) => 1,
            Scalar::Str(_) => 2,
            Scalar::Temporal(key) => TEMPORAL_RANKS + key.kind,
        }
    }

    /// Where the values of kind `rank` start: before the least of them, if anything
    /// comes before it.
    fn start_of_rank(rank: u8) -> Bound<Scalar> {
        match rank {
            0 => Bound::Unbounded,
            1 => Bound::Included(Scalar::Float(f64::NEG_INFINITY)),
            2 => Bound::Included(Scalar::Str("".into())),
            r if r < KINDS => {
                Bound::Included(Scalar::Temporal(TemporalKey::least(r - TEMPORAL_RANKS)))
            }
            _ => Bound::Unbounded,
        }
    }

    /// Where a range over this kind ends: before the least value of the next kind.
    fn end_of_kind(&self) -> Bound<Scalar> {
        match Scalar::start_of_rank(self.rank() + 1) {
            Bound::Included(next) => Bound::Excluded(next),
            other => other,
        }
    }

    /// Where a range over this kind starts.
    fn start_of_kind(&self) -> Bound<Scalar> {
        Scalar::start_of_rank(self.rank())
    }

    /// The bound itself, or for a date or time the edge of its instant on the side that
    /// keeps every value `<` ranks with it: `>= t` starts before every value at t's
    /// instant, `> t` after all of them.
    fn instant_edge(bound: Bound<Scalar>, lower: bool) -> Bound<Scalar> {
        let edge = |key: &TemporalKey, before: bool| {
            let tie = if before {
                Tie::BeforeAll
            } else {
                Tie::AfterAll
            };
            Scalar::Temporal(key.at_edge(tie))
        };
        match bound {
            Bound::Included(Scalar::Temporal(k)) => Bound::Included(edge(&k, lower)),
            Bound::Excluded(Scalar::Temporal(k)) => Bound::Excluded(edge(&k, !lower)),
            other => other,
        }
    }
}

/// Compares an integer with a float exactly (a cast to `f64` rounds above 2^53).
fn cmp_int_float(i: i64, f: f64) -> Ordering {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if f >= TWO_63 {
        return Ordering::Less;
    }
    if f < -TWO_63 {
        return Ordering::Greater;
    }
    let whole = f.trunc();
    // In range, so the cast is exact.
    match i.cmp(&(whole as i64)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - whole)).unwrap_or(Ordering::Equal),
        other => other,
    }
}

impl Ord for Scalar {
    fn cmp(&self, other: &Scalar) -> Ordering {
        use Scalar::*;
        match (self, other) {
            (Bool(a), Bool(b)) => a.cmp(b),
            (Int(a), Int(b)) => a.cmp(b),
            (Float(a), Float(b)) => a.total_cmp(b),
            (Int(a), Float(b)) => cmp_int_float(*a, *b),
            (Float(a), Int(b)) => cmp_int_float(*b, *a).reverse(),
            (Str(a), Str(b)) => a.cmp(b),
            (Temporal(a), Temporal(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for Scalar {
    fn partial_cmp(&self, other: &Scalar) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Scalar {
    fn eq(&self, other: &Scalar) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Scalar {}

/// The entities holding one key: most keys name one entity, so one id is kept inline.
#[derive(Debug, Clone)]
enum Posting {
    One(u64),
    Many(Vec<u64>),
}

impl Posting {
    fn ids(&self) -> &[u64] {
        match self {
            Posting::One(id) => std::slice::from_ref(id),
            Posting::Many(ids) => ids,
        }
    }

    fn insert(&mut self, id: u64) {
        match self {
            Posting::One(first) if *first == id => {}
            Posting::One(first) => {
                let mut ids = vec![*first, id];
                ids.sort_unstable();
                *self = Posting::Many(ids);
            }
            Posting::Many(ids) => {
                if let Err(at) = ids.binary_search(&id) {
                    ids.insert(at, id);
                }
            }
        }
    }

    /// Removes `id`; returns whether the posting is now empty.
    fn remove(&mut self, id: u64) -> bool {
        match self {
            Posting::One(first) => *first == id,
            Posting::Many(ids) => {
                if let Ok(at) = ids.binary_search(&id) {
                    ids.remove(at);
                }
                if ids.len() == 1 {
                    *self = Posting::One(ids[0]);
                }
                false
            }
        }
    }
}

/// What a seek asks of an index's first key.
#[derive(Debug, Clone)]
pub enum Seek {
    /// Values equal to one of these (one value for `=`, several for `IN`), one per key.
    Equal(Vec<Vec<Scalar>>),
    /// Values between bounds of one kind (the kind of whichever bound is given).
    Range(Bound<Scalar>, Bound<Scalar>),
    /// Strings starting with this prefix.
    Prefix(String),
}

/// One index: its definition and its entries.
#[derive(Debug, Clone)]
pub struct PropertyIndex {
    pub def: IndexDef,
    entries: BTreeMap<Box<[Scalar]>, Posting>,
    len: usize,
}

impl PropertyIndex {
    pub fn new(def: IndexDef) -> PropertyIndex {
        PropertyIndex {
            def,
            entries: BTreeMap::new(),
            len: 0,
        }
    }

    /// The key of an entity whose values for the index's keys are `values`, when every one
    /// is indexable.
    pub fn key_of(values: impl Iterator<Item = Option<Value>>) -> Option<Box<[Scalar]>> {
        values
            .map(|v| v.as_ref().and_then(Scalar::of))
            .collect::<Option<Vec<_>>>()
            .map(Vec::into_boxed_slice)
    }

    pub fn insert(&mut self, key: Box<[Scalar]>, id: u64) {
        match self.entries.get_mut(&key) {
            Some(posting) => {
                let before = posting.ids().len();
                posting.insert(id);
                self.len += posting.ids().len() - before;
            }
            None => {
                self.entries.insert(key, Posting::One(id));
                self.len += 1;
            }
        }
    }

    /// Adds `ids` (ascending, without repeats) under `key`: in one piece when the key is
    /// new.
    fn insert_all(&mut self, key: Box<[Scalar]>, ids: Vec<u64>) {
        if self.entries.contains_key(&key) {
            for id in ids {
                self.insert(key.clone(), id);
            }
            return;
        }
        self.len += ids.len();
        let posting = match ids.as_slice() {
            [] => return,
            [only] => Posting::One(*only),
            _ => Posting::Many(ids),
        };
        self.entries.insert(key, posting);
    }

    pub fn remove(&mut self, key: &[Scalar], id: u64) {
        let Some(posting) = self.entries.get_mut(key) else {
            return;
        };
        let before = posting.ids().len();
        if posting.remove(id) {
            self.entries.remove(key);
            self.len -= 1;
        } else {
            self.len -= before - posting.ids().len();
        }
    }

    /// Indexed entities.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Distinct keys.
    pub fn distinct_keys(&self) -> usize {
        self.entries.len()
    }

    /// The entities a seek finds, in key order then id order.
    pub fn seek(&self, seek: &Seek) -> Vec<u64> {
        let mut found = Vec::new();
        match seek {
            Seek::Equal(keys) => {
                for key in keys {
                    if let Some(posting) = self.entries.get(key.as_slice()) {
                        found.extend_from_slice(posting.ids());
                    }
                }
                if keys.len() > 1 {
                    found.sort_unstable();
                    found.dedup();
                }
            }
            Seek::Range(lower, upper) => {
                let (lower, upper) = bounded_to_kind(lower, upper);
                let lower = Scalar::instant_edge(lower, true);
                let upper = Scalar::instant_edge(upper, false);
                if self.def.keys.len() == 1 && !empty_range(&lower, &upper) {
                    let from = map_bound(lower, |s| vec![s].into_boxed_slice());
                    let to = map_bound(upper, |s| vec![s].into_boxed_slice());
                    for posting in self.entries.range((from, to)).map(|(_, p)| p) {
                        found.extend_from_slice(posting.ids());
                    }
                }
            }
            Seek::Prefix(prefix) => {
                let from: Box<[Scalar]> = vec![Scalar::Str(prefix.as_str().into())].into();
                for (key, posting) in self.entries.range(from..) {
                    match key.first() {
                        Some(Scalar::Str(s)) if s.starts_with(prefix.as_str()) => {
                            found.extend_from_slice(posting.ids());
                        }
                        _ => break,
                    }
                }
            }
        }
        found
    }

    /// About how many entities a seek finds, without collecting them: exact for
    /// equality, the index's average per key for the rest times a guess of the share.
    pub fn estimate(&self, seek: &Seek) -> usize {
        match seek {
            Seek::Equal(keys) => keys
                .iter()
                .map(|k| self.entries.get(k.as_slice()).map_or(0, |p| p.ids().len()))
                .sum(),
            // A third of the entries for a range, a tenth for a prefix: Neo4j's and
            // System R's customary guesses when no histogram says better.
            Seek::Range(..) => self.len / 3 + 1,
            Seek::Prefix(_) => self.len / 10 + 1,
        }
    }

    /// Every (key, id) pair, for comparing with a rebuilt index.
    pub fn pairs(&self) -> impl Iterator<Item = (&[Scalar], u64)> + '_ {
        self.entries
            .iter()
            .flat_map(|(k, p)| p.ids().iter().map(move |&id| (&**k, id)))
    }
}

/// Closes an open side of a range at the end of the given side's kind, so that
/// `n.x > 5` finds numbers only.
fn bounded_to_kind(lower: &Bound<Scalar>, upper: &Bound<Scalar>) -> (Bound<Scalar>, Bound<Scalar>) {
    let kind_of = |b: &Bound<Scalar>| match b {
        Bound::Included(s) | Bound::Excluded(s) => Some(s.clone()),
        Bound::Unbounded => None,
    };
    match (kind_of(lower), kind_of(upper)) {
        (Some(l), Some(u)) if l.rank() != u.rank() => {
            // Values of two kinds: nothing lies between them in Cypher.
            (Bound::Excluded(l.clone()), Bound::Excluded(l))
        }
        (Some(l), None) => (lower.clone(), l.end_of_kind()),
        (None, Some(u)) => (u.start_of_kind(), upper.clone()),
        _ => (lower.clone(), upper.clone()),
    }
}

fn empty_range(lower: &Bound<Scalar>, upper: &Bound<Scalar>) -> bool {
    match (lower, upper) {
        (Bound::Included(l), Bound::Included(u)) => l > u,
        (Bound::Included(l), Bound::Excluded(u))
        | (Bound::Excluded(l), Bound::Included(u))
        | (Bound::Excluded(l), Bound::Excluded(u)) => l >= u,
        _ => false,
    }
}

fn map_bound<T, U>(bound: Bound<T>, f: impl FnOnce(T) -> U) -> Bound<U> {
    match bound {
        Bound::Included(t) => Bound::Included(f(t)),
        Bound::Excluded(t) => Bound::Excluded(f(t)),
        Bound::Unbounded => Bound::Unbounded,
    }
}

// ---- the graph's indexes ------------------------------------------------------------

use super::{Graph, LabelId, NodeView, Offset, PropertyRef};
use crate::schema::IndexTarget;
use crate::value::{NodeId, RelId};
use rustc_hash::FxHashMap;

/// Why an index could not be created or dropped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    #[error("an index named `{0}` exists already")]
    NameTaken(String),
    #[error("the index `{existing}` covers the same {what} already")]
    SameSchema { existing: String, what: String },
    #[error("there is no index named `{0}`")]
    NoSuchIndex(String),
}

impl Graph {
    /// The definitions of every property index, in creation order.
    pub fn index_defs(&self) -> Vec<IndexDef> {
        self.property_indexes
            .iter()
            .map(|i| i.def.clone())
            .collect()
    }

    pub fn property_indexes(&self) -> &[PropertyIndex] {
        &self.property_indexes
    }

    /// The index on `label_or_type`'s entities (nodes when `nodes`) whose keys are exactly
    /// `keys`, in order.
    pub fn property_index(
        &self,
        nodes: bool,
        label_or_type: &str,
        keys: &[&str],
    ) -> Option<&PropertyIndex> {
        self.property_indexes.iter().find(|i| {
            i.def.is_for_nodes() == nodes
                && i.def.label_or_type() == label_or_type
                && i.def
                    .keys
                    .iter()
                    .map(String::as_str)
                    .eq(keys.iter().copied())
        })
    }

    /// Creates an index and fills it (inside a transaction, undone by a rollback).
    pub fn create_index(&mut self, def: IndexDef) -> Result<(), IndexError> {
        if let Some(existing) = self
            .property_indexes
            .iter()
            .find(|i| i.def.name == def.name)
        {
            return Err(IndexError::NameTaken(existing.def.name.clone()));
        }
        if let Some(existing) = self
            .property_indexes
            .iter()
            .find(|i| i.def.same_schema(&def))
        {
            return Err(IndexError::SameSchema {
                existing: existing.def.name.clone(),
                what: schema_text(&def),
            });
        }
        self.log_index_defs();
        let index = self.build_index(def);
        self.property_indexes.push(index);
        Ok(())
    }

    /// Drops the index named `name` (inside a transaction, undone by a rollback).
    pub fn drop_index(&mut self, name: &str) -> Result<IndexDef, IndexError> {
        let at = self
            .property_indexes
            .iter()
            .position(|i| i.def.name == name)
            .ok_or_else(|| IndexError::NoSuchIndex(name.to_owned()))?;
        self.log_index_defs();
        Ok(self.property_indexes.remove(at).def)
    }

    /// Builds the indexes `defs` from the graph, replacing the present ones (at open,
    /// and when a rollback restores the definitions).
    pub fn restore_indexes(&mut self, defs: Vec<IndexDef>) {
        self.property_indexes = defs.into_iter().map(|d| self.build_index(d)).collect();
    }

    fn log_index_defs(&mut self) {
        let defs = self.index_defs();
        if let Some(undo) = &mut self.undo {
            undo.index_defs.get_or_insert(defs);
        }
    }

    /// An index of `def` filled from the graph as it is now, kept by the caller.
    pub fn build_index(&self, def: IndexDef) -> PropertyIndex {
        let mut index = PropertyIndex::new(def);
        match index.def.target.clone() {
            IndexTarget::Nodes { label } => {
                // A key no node has ever had leaves the index empty.
                let Some(keys) = index
                    .def
                    .keys
                    .iter()
                    .map(|k| self.key_id(k))
                    .collect::<Option<Vec<_>>>()
                else {
                    return index;
                };
                // Strings of a one-key index are gathered by the stored text first: a key
                // is built once per distinct string, not once per node.
                let mut by_text: FxHashMap<&str, Vec<u64>> = FxHashMap::default();
                for id in self.nodes_with_label(&label) {
                    let Some(node) = self.node(id) else {
                        continue;
                    };
                    if let [key] = keys.as_slice() {
                        if let Some(PropertyRef::Str(text)) = node.property_ref(*key) {
                            by_text.entry(text).or_default().push(id);
                            continue;
                        }
                    }
                    let values = keys.iter().map(|&k| node.property_by_id(k));
                    if let Some(key) = PropertyIndex::key_of(values) {
                        index.insert(key, id);
                    }
                }
                for (text, ids) in by_text {
                    index.insert_all(Box::new([Scalar::Str(text.into())]), ids);
                }
            }
            IndexTarget::Relationships { rel_type } => {
                let Some(type_id) = self.type_id(&rel_type) else {
                    return index;
                };
                for id in self.rel_index.ids() {
                    let Some(rel) = self.relationship(id) else {
                        continue;
                    };
                    if rel.type_id() == type_id {
                        let values = index.def.keys.iter().map(|k| rel.property(k));
                        if let Some(key) = PropertyIndex::key_of(values) {
                            index.insert(key, id);
                        }
                    }
                }
            }
        }
        index
    }

    /// Adds (or, with `add` false, takes out) the node whose blob is at `data` to the
    /// node indexes of its labels.
    pub(super) fn index_node_properties(&mut self, id: NodeId, data: Offset, add: bool) {
        if self.property_indexes.is_empty() {
            return;
        }
        let view = NodeView::new(id, self.arena.at(data), &self.dicts);
        let mut keys = Vec::new();
        for (at, index) in self.property_indexes.iter().enumerate() {
            let IndexTarget::Nodes { label } = &index.def.target else {
                continue;
            };
            let carries = self
                .dicts
                .labels
                .id(label)
                .is_some_and(|l| view.has_label_id(LabelId(l)));
            if let Some(key) = carries.then(|| node_key(&index.def, &view)).flatten() {
                keys.push((at, key));
            }
        }
        for (at, key) in keys {
            if add {
                self.property_indexes[at].insert(key, id);
            } else {
                self.property_indexes[at].remove(&key, id);
            }
        }
    }

    /// Adds (or takes out) relationship `id`, as it is now, to the indexes of its type.
    pub(super) fn index_rel_properties(&mut self, id: RelId, add: bool) {
        if self.property_indexes.is_empty() {
            return;
        }
        let Some(rel) = self.relationship(id) else {
            return;
        };
        let mut keys = Vec::new();
        for (at, index) in self.property_indexes.iter().enumerate() {
            match &index.def.target {
                IndexTarget::Relationships { rel_type } if rel_type == rel.rel_type() => {
                    let values = index.def.keys.iter().map(|k| rel.property(k));
                    if let Some(key) = PropertyIndex::key_of(values) {
                        keys.push((at, key));
                    }
                }
                _ => {}
            }
        }
        for (at, key) in keys {
            if add {
                self.property_indexes[at].insert(key, id);
            } else {
                self.property_indexes[at].remove(&key, id);
            }
        }
    }

    /// What differs between each property index and one rebuilt from the entities.
    pub fn property_index_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for index in &self.property_indexes {
            let rebuilt = self.build_index(index.def.clone());
            let (kept, fresh): (Vec<_>, Vec<_>) =
                (index.pairs().collect(), rebuilt.pairs().collect());
            if kept != fresh {
                problems.push(format!(
                    "the index `{}` holds {} entries, but the entities give {}{}",
                    index.def.name,
                    kept.len(),
                    fresh.len(),
                    if kept.len() == fresh.len() {
                        " that differ"
                    } else {
                        ""
                    }
                ));
            }
        }
        problems
    }
}

fn node_key(def: &IndexDef, node: &NodeView<'_>) -> Option<Box<[Scalar]>> {
    PropertyIndex::key_of(def.keys.iter().map(|k| node.property(k)))
}

/// `(:Label {key})` or `()-[:TYPE {key}]-()`, for messages.
pub fn schema_text(def: &IndexDef) -> String {
    let keys = def.keys.join(", ");
    match &def.target {
        IndexTarget::Nodes { label } => format!("(:{label} {{{keys}}})"),
        IndexTarget::Relationships { rel_type } => format!("()-[:{rel_type} {{{keys}}}]-()"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(values: &[Value]) -> PropertyIndex {
        let mut index = PropertyIndex::new(IndexDef {
            name: "i".into(),
            target: IndexTarget::Nodes { label: "L".into() },
            keys: vec!["k".into()],
        });
        for (id, v) in values.iter().enumerate() {
            if let Some(key) = PropertyIndex::key_of(std::iter::once(Some(v.clone()))) {
                index.insert(key, id as u64);
            }
        }
        index
    }

    fn one(v: Value) -> Vec<Scalar> {
        vec![Scalar::of(&v).unwrap()]
    }

    #[test]
    fn integers_and_floats_meet_and_kinds_stay_apart() {
        let values = [
            Value::Int(2020),
            Value::Float(2020.0),
            Value::Float(2020.5),
            Value::String("2020".into()),
            Value::Bool(true),
            Value::Float(f64::NAN),
            Value::List(vec![Value::Int(2020)]),
            Value::Int(i64::MAX),
        ];
        let index = index(&values);
        assert_eq!(index.len(), 6);
        assert_eq!(
            index.seek(&Seek::Equal(vec![one(Value::Int(2020))])),
            [0, 1]
        );
        assert_eq!(
            index.seek(&Seek::Range(
                Bound::Excluded(Scalar::Int(2020)),
                Bound::Unbounded
            )),
            [2, 7]
        );
        assert_eq!(
            index.seek(&Seek::Range(
                Bound::Unbounded,
                Bound::Included(Scalar::Float(2020.0))
            )),
            [0, 1]
        );
        assert_eq!(index.seek(&Seek::Prefix("20".into())), [3]);
        assert!(cmp_int_float(i64::MAX, i64::MAX as f64).is_lt());
        // A cast to f64 would call these equal.
        assert!(cmp_int_float((1 << 53) + 1, (1u64 << 53) as f64).is_gt());
    }

    fn temporal(kind: crate::temporal::Kind, text: &str) -> Value {
        Value::from(crate::temporal::parse(kind, text).expect("valid temporal text"))
    }

    #[test]
    fn dates_and_times_seek_as_equality_and_order_say() {
        use crate::temporal::Kind;
        let values = [
            temporal(Kind::Date, "2020-03-24"),
            temporal(Kind::Date, "2021-01-01"),
            // One instant at two offsets: never `=`, but each `>=` the other.
            temporal(Kind::DateTime, "2020-01-01T12:00+01:00"),
            temporal(Kind::DateTime, "2020-01-01T11:00Z"),
            temporal(Kind::DateTime, "2020-01-01T13:00Z"),
            Value::from("2020-03-24"),
            temporal(Kind::LocalDateTime, "2020-03-24T00:00"),
            Value::from(crate::temporal::parse_duration("P1D").unwrap()),
        ];
        let index = index(&values);
        assert_eq!(index.len(), 7, "durations are not indexed");
        let date = |t| one(temporal(Kind::Date, t));
        assert_eq!(index.seek(&Seek::Equal(vec![date("2020-03-24")])), [0]);
        let utc_eleven = one(temporal(Kind::DateTime, "2020-01-01T11:00Z"));
        assert_eq!(index.seek(&Seek::Equal(vec![utc_eleven.clone()])), [3]);
        let from = |bound: fn(Scalar) -> Bound<Scalar>| {
            let mut found =
                index.seek(&Seek::Range(bound(utc_eleven[0].clone()), Bound::Unbounded));
            found.sort_unstable();
            found
        };
        assert_eq!(from(Bound::Included), [2, 3, 4]);
        assert_eq!(from(Bound::Excluded), [4]);
        let until = index.seek(&Seek::Range(
            Bound::Unbounded,
            Bound::Included(utc_eleven[0].clone()),
        ));
        assert_eq!(until.len(), 2, "{until:?}");
        // A range of dates finds neither strings nor local datetimes.
        assert_eq!(
            index.seek(&Seek::Range(
                Bound::Included(date("2020-01-01").remove(0)),
                Bound::Unbounded
            )),
            [0, 1]
        );
    }

    #[test]
    fn removals_keep_counts_and_postings() {
        let mut index = index(&[Value::Int(1), Value::Int(1), Value::Int(2)]);
        index.remove(&one(Value::Int(1)), 0);
        assert_eq!(index.len(), 2);
        assert_eq!(index.seek(&Seek::Equal(vec![one(Value::Int(1))])), [1]);
        index.remove(&one(Value::Int(1)), 1);
        assert_eq!(index.distinct_keys(), 1);
        index.remove(&one(Value::Int(9)), 1);
        assert_eq!(index.len(), 1);
    }
}
