//! WITH and RETURN: projection, grouping with aggregation, DISTINCT, ORDER BY, SKIP and
//! LIMIT, and the WHERE that may follow WITH. A [`Projector`] takes rows one at a time, so
//! a MATCH can feed it directly without building its whole result first.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHasher};

use crate::graph::{Column, ColumnOwner, Graph, KeyId, NodeView, PropertyRef, RelProperties};
use crate::query::ast::{Expr, ExprKind, Projection, Span};
use crate::query::budget;
use crate::query::catalog::{Function, Scalar};
use crate::query::eval::bound::StoredEntity;
use crate::query::eval::{
    self, equivalent, equivalent_values, hash_stored, hash_str, hash_values, Accumulator,
    EvalContext,
};
use crate::query::{ErrorKind, QueryError};
use crate::value::{NodeId, Value};

use super::walk::{
    aggregate_calls, calls_volatile, children, contains_aggregate, is_aggregate_call,
};
use super::{BoundExpr, Executor, Overlay, Row, RowBindings, Scope, Table};
use crate::query::walk::same;

/// A projected row with the keys it sorts by.
struct Projected {
    values: Row,
    /// The values of the `ORDER BY` keys that are not output columns
    /// ([`SortSource::Computed`]).
    sort_keys: Vec<Value>,
    /// The verdict of `WITH … WHERE`, which may read the variables before the projection.
    keep: bool,
}

impl Projected {
    fn sort_key(&self, key: &SortKey) -> &Value {
        match key.source {
            SortSource::Column(at) => &self.values[at],
            SortSource::Computed(at) => &self.sort_keys[at],
        }
    }
}

/// One `ORDER BY` key, and where a projected row has its value.
#[derive(Debug, Clone, Copy)]
struct SortKey {
    source: SortSource,
    descending: bool,
}

#[derive(Debug, Clone, Copy)]
enum SortSource {
    /// An output column, by its index (`ORDER BY total` after `… AS total`): compared
    /// where it is, neither evaluated nor copied.
    Column(usize),
    /// Evaluated for each row, by its index in [`Projected::sort_keys`].
    Computed(usize),
}

/// Where each `ORDER BY` key of `projection` is found, with `output` the projection's
/// columns (which hide the input's variables of the same names).
fn sort_keys_of(projection: &Projection, output: &Scope) -> Vec<SortKey> {
    let mut computed = 0;
    let source = |expr: &Expr| match &expr.kind {
        ExprKind::Variable(name) => output.slot(name).map(SortSource::Column),
        _ => None,
    };
    let keys = projection.order_by.iter().map(|item| SortKey {
        source: source(&item.expr).unwrap_or_else(|| {
            computed += 1;
            SortSource::Computed(computed - 1)
        }),
        descending: item.descending,
    });
    keys.collect()
}

struct Group {
    /// The input row it was created from, when something evaluated after grouping reads
    /// the input's variables ([`Grouping::keeps_representatives`]); empty otherwise.
    representative: Row,
    key_values: OneOrMore<Value>,
    accumulators: OneOrMore<Accumulator>,
}

/// Items of which there is most often one (a group's key, its aggregates): one is kept in
/// place, so that a grouping of many small groups allocates nothing per group.
enum OneOrMore<T> {
    One([T; 1]),
    More(Vec<T>),
}

impl<T> std::ops::Deref for OneOrMore<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            OneOrMore::One(one) => one,
            OneOrMore::More(more) => more,
        }
    }
}

impl<T> std::ops::DerefMut for OneOrMore<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            OneOrMore::One(one) => one,
            OneOrMore::More(more) => more,
        }
    }
}

impl<T> FromIterator<T> for OneOrMore<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut items = items.into_iter();
        match (items.next(), items.next()) {
            (Some(first), None) => OneOrMore::One([first]),
            (first, second) => {
                OneOrMore::More(first.into_iter().chain(second).chain(items).collect())
            }
        }
    }
}

impl<T> IntoIterator for OneOrMore<T> {
    type Item = T;
    type IntoIter = std::iter::Chain<std::option::IntoIter<T>, std::vec::IntoIter<T>>;

    fn into_iter(self) -> Self::IntoIter {
        match self {
            OneOrMore::One([one]) => Some(one).into_iter().chain(Vec::new()),
            OneOrMore::More(more) => None.into_iter().chain(more),
        }
    }
}

impl<'a, T> IntoIterator for &'a OneOrMore<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut OneOrMore<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

/// Entries kept in a vector (groups, distinct rows) found by the hash of their values: a
/// head per hash, and from each entry a link to the one before it with the same hash. The
/// values stay in the entries, and a key can be looked for without being built (a stored
/// value, borrowed).
#[derive(Default)]
pub(crate) struct HashChains {
    heads: FxHashMap<u64, usize>,
    /// Per entry, the previous entry with the same hash ([`HashChains::END`] for none).
    previous: Vec<usize>,
}

impl HashChains {
    const END: usize = usize::MAX;

    fn with_capacity(entries: usize) -> HashChains {
        HashChains {
            heads: FxHashMap::with_capacity_and_hasher(entries, Default::default()),
            previous: Vec::with_capacity(entries),
        }
    }

    /// The entry of hash `hash` that `same` accepts.
    pub(crate) fn find(&self, hash: u64, same: impl Fn(usize) -> bool) -> Option<usize> {
        let mut at = *self.heads.get(&hash)?;
        while at != Self::END {
            if same(at) {
                return Some(at);
            }
            at = self.previous[at];
        }
        None
    }

    /// Indexes the entry just added, the last.
    pub(crate) fn add(&mut self, hash: u64) {
        let entry = self.previous.len();
        let previous = self.heads.insert(hash, entry).unwrap_or(Self::END);
        self.previous.push(previous);
    }
}

/// The hash of a tuple of values, by Cypher equivalence.
fn key_hash<'v>(values: impl ExactSizeIterator<Item = &'v Value>) -> u64 {
    let mut hasher = FxHasher::default();
    hash_values(values, &mut hasher);
    hasher.finish()
}

/// [`key_hash`] of the one key value a stored property would give (`None`: absent, null).
fn stored_key_hash(stored: Option<&PropertyRef<'_>>) -> u64 {
    let mut hasher = FxHasher::default();
    1usize.hash(&mut hasher);
    hash_stored(stored, &mut hasher);
    hasher.finish()
}

/// [`key_hash`] of the one key value `labels(n)` gives for a node with `labels`.
fn labels_key_hash<'l>(labels: impl ExactSizeIterator<Item = &'l str>) -> u64 {
    let mut hasher = FxHasher::default();
    1usize.hash(&mut hasher);
    // As `hash_value` hashes a list.
    hasher.write_u8(6);
    labels.len().hash(&mut hasher);
    for label in labels {
        hash_str(label, &mut hasher);
    }
    hasher.finish()
}

/// Whether a group's key values are the one list of `labels`.
fn same_labels<'l>(group: &[Value], mut labels: impl ExactSizeIterator<Item = &'l str>) -> bool {
    match group {
        [Value::List(items)] => {
            items.len() == labels.len()
                && items.iter().all(
                    |item| matches!((item, labels.next()), (Value::String(k), Some(l)) if k == l),
                )
        }
        _ => false,
    }
}

/// Whether a group's key values are the one value a stored property would give.
fn same_stored(group: &[Value], stored: Option<&PropertyRef<'_>>) -> bool {
    match (stored, group) {
        (None, [Value::Null]) => true,
        (Some(PropertyRef::Str(s)), [Value::String(k)]) => k == s,
        (Some(PropertyRef::Value(v)), [k]) => equivalent(v, k),
        _ => false,
    }
}

/// The grouping state of an aggregating projection.
struct Grouping {
    /// Indexes of the items that are grouping keys.
    key_items: Vec<usize>,
    /// Every aggregate call in the items and in ORDER BY.
    calls: Vec<Expr>,
    /// For each call whose argument is a plain variable, that variable's input slot: the
    /// value is read from the row without a lookup by name.
    arg_slots: Vec<Option<usize>>,
    /// For each call whose argument is a property of a variable (`sum(r.amount)`), the
    /// variable's slot and the key: read from the graph without the evaluator.
    arg_properties: Vec<Option<(usize, String)>>,
    /// The keys of `arg_properties` as the graph numbers them, found at the first row
    /// (`None` inside: a key the graph has never seen).
    arg_keys: Option<Vec<Option<SlotKey>>>,
    /// Each call's first argument bound to the input, at the first row.
    bound_args: Vec<Option<BoundExpr>>,
    /// For each call whose argument an earlier call has too (`min(r.x), max(r.x)`), that
    /// call: the argument is evaluated once per row.
    same_argument: Vec<Option<usize>>,
    /// Whether a later call reuses a call's argument, by call.
    reused_later: Vec<bool>,
    /// The row's argument values that a later call reuses, by call.
    reused: Vec<Value>,
    groups: Vec<Group>,
    index: HashChains,
    /// When the one grouping key is a property of a variable (`n.country`): its slot and
    /// key, and the key as the graph numbers it (found at the first row), so that a row's
    /// group is found from the stored value without building its key.
    stored_key: Option<(usize, String)>,
    stored_key_id: Option<Option<KeyId>>,
    /// When the one grouping key is `labels(n)` of a variable: its slot, so that a row's
    /// group is found from the node's labels without building their list.
    labels_key: Option<usize>,
    /// The stored key's column over node positions, once the graph has one.
    stored_column: StoredColumn,
    /// When there are several grouping keys and each is a property of a variable.
    coded_keys: Option<CodedKeys>,
    /// Whether groups keep the row they were created from: something evaluated after
    /// grouping reads the input's variables.
    keeps_representatives: bool,
    /// When the grouping keys read no variable but the one at this slot, and call nothing
    /// volatile: rows with the same node or relationship there fall in the same group.
    /// An expansion hands on a node's rows one after another, so the last row's entity
    /// and group are kept (`last_entity`), and the next row with that entity takes its
    /// group without its keys being evaluated or hashed.
    key_entity_slot: Option<usize>,
    last_entity: Option<(Value, usize)>,
}

impl Grouping {
    /// The grouping of `items`: by those without aggregates, over the aggregate calls in
    /// them and in the ORDER BY.
    fn new(items: &[(String, Expr)], projection: &Projection, input: &Scope) -> Grouping {
        let mut calls: Vec<&Expr> = Vec::new();
        for (_, expr) in items {
            aggregate_calls(expr, &mut calls);
        }
        for sort in &projection.order_by {
            aggregate_calls(&sort.expr, &mut calls);
        }
        let same_argument = same_arguments(&calls);
        let key_items: Vec<usize> = (0..items.len())
            .filter(|&i| !contains_aggregate(&items[i].1))
            .collect();
        let stored_key = match key_items.as_slice() {
            [only] => property_of_variable(&items[*only].1, input),
            _ => None,
        };
        let labels_key = match key_items.as_slice() {
            [only] => labels_of_variable(&items[*only].1, input),
            _ => None,
        };
        let coded_keys = CodedKeys::of(&key_items, items, input);
        let keeps_representatives = reads_input_after_grouping(items, projection, input);
        let keys = key_items.iter().map(|&i| &items[i].1);
        let key_entity_slot = only_slot_read(keys, input);
        Grouping {
            key_entity_slot,
            last_entity: None,
            key_items,
            stored_key,
            stored_key_id: None,
            labels_key,
            stored_column: StoredColumn::default(),
            coded_keys,
            keeps_representatives,
            arg_slots: calls
                .iter()
                .map(|call| match &call.kind {
                    ExprKind::FunctionCall { args, .. } => match args.first() {
                        Some(Expr {
                            kind: ExprKind::Variable(name),
                            ..
                        }) => input.slot(name),
                        _ => None,
                    },
                    _ => None,
                })
                .collect(),
            arg_keys: None,
            bound_args: Vec::new(),
            arg_properties: calls
                .iter()
                .map(|call| match &call.kind {
                    ExprKind::FunctionCall { args, .. } => args
                        .first()
                        .and_then(|arg| property_of_variable(arg, input)),
                    _ => None,
                })
                .collect(),
            reused_later: reused_later(&same_argument),
            same_argument,
            reused: vec![Value::Null; calls.len()],
            calls: calls.into_iter().cloned().collect(),
            groups: Vec::new(),
            index: HashChains::default(),
        }
    }
}

/// The one slot of `input` that `keys` read, when they read exactly one variable between
/// them and call nothing volatile.
fn only_slot_read<'k>(keys: impl Iterator<Item = &'k Expr>, input: &Scope) -> Option<usize> {
    let mut slot = None;
    for key in keys {
        if crate::query::walk::calls_volatile(key) {
            return None;
        }
        for variable in crate::query::plan::read_variables(key) {
            let read = input.slot(variable)?;
            if slot.is_some_and(|s| s != read) {
                return None;
            }
            slot = Some(read);
        }
    }
    slot
}

/// For each aggregate call, the first earlier call with the same single argument.
fn same_arguments(calls: &[&Expr]) -> Vec<Option<usize>> {
    let argument = |call: &Expr| match &call.kind {
        ExprKind::FunctionCall { args, .. } if args.len() == 1 => args.first().cloned(),
        _ => None,
    };
    let arguments: Vec<Option<Expr>> = calls.iter().map(|c| argument(c)).collect();
    arguments
        .iter()
        .enumerate()
        .map(|(i, arg)| {
            let arg = arg.as_ref()?;
            arguments[..i]
                .iter()
                .position(|earlier| earlier.as_ref().is_some_and(|e| same(e, arg)))
        })
        .collect()
}

/// Whether a later call takes each call's argument, from [`same_arguments`].
fn reused_later(same_argument: &[Option<usize>]) -> Vec<bool> {
    let mut reused = vec![false; same_argument.len()];
    for &first in same_argument.iter().flatten() {
        reused[first] = true;
    }
    reused
}

impl Grouping {
    /// Finds `arg_keys` and `bound_args` at the first row.
    fn bind_arguments(&mut self, exec: &Executor<'_>, input: &Scope) {
        if self.arg_keys.is_none() {
            self.bound_args = (self.calls.iter())
                .map(|call| match &call.kind {
                    ExprKind::FunctionCall { args, .. } => {
                        args.first().map(|arg| exec.bind(arg, input))
                    }
                    _ => None,
                })
                .collect();
            let keys = self.arg_properties.iter().map(|p| {
                p.as_ref()
                    .map(|(slot, key)| (*slot, exec.graph.key_id(key)))
            });
            self.arg_keys = Some(keys.collect());
        }
    }

    /// The group `row` falls in by the values of the grouping keys, created on first sight
    /// with `row` as its representative.
    fn group_of(
        &mut self,
        exec: &Executor<'_>,
        items: &[BoundExpr],
        input: &Scope,
        row: &[Value],
    ) -> Result<usize, QueryError> {
        let entity = self.key_entity_slot.and_then(|slot| row.get(slot));
        let entity = entity.filter(|v| matches!(v, Value::Node(_) | Value::Relationship(_)));
        if let (Some(entity), Some((last, group))) = (entity, &self.last_entity) {
            if entity == last {
                return Ok(*group);
            }
        }
        let group = self.group_by_keys(exec, items, input, row)?;
        if let Some(entity) = entity {
            self.last_entity = Some((entity.clone(), group));
        }
        Ok(group)
    }

    /// [`Grouping::group_of`] from the keys' values.
    fn group_by_keys(
        &mut self,
        exec: &Executor<'_>,
        items: &[BoundExpr],
        input: &Scope,
        row: &[Value],
    ) -> Result<usize, QueryError> {
        // Without grouping keys there is one group, which needs no lookup once it exists.
        if self.key_items.is_empty() && !self.groups.is_empty() {
            return Ok(0);
        }
        if let Some(group) = self.group_by_stored(exec, row)? {
            return Ok(group);
        }
        if let Some(node) = self.labels_key.and_then(|slot| row.get(slot)) {
            if let Some(group) = self.group_by_labels(exec, node, &|| row.to_vec())? {
                return Ok(group);
            }
        }
        let representative = || row.to_vec();
        if let [only] = self.key_items[..] {
            let key = [exec.value_of(&items[only], row, input)?];
            return self.group_by_key(exec, key, &representative);
        }
        let codes = self.coded_keys.as_mut().and_then(|c| c.codes(exec, row));
        if let Some(&group) = codes.and_then(|codes| self.coded_keys.as_ref()?.groups.get(&codes)) {
            return Ok(group);
        }
        let mut key_values = Vec::with_capacity(self.key_items.len());
        for &i in &self.key_items {
            key_values.push(exec.value_of(&items[i], row, input)?);
        }
        let group = self.group_by_key(exec, key_values, &representative)?;
        if let (Some(codes), Some(coded)) = (codes, &mut self.coded_keys) {
            coded.groups.insert(codes, group);
        }
        Ok(group)
    }

    /// The group of `key`, created on first sight with the row `representative` gives. A
    /// key borrowed (constants, the row's own values) is copied only for a new group.
    fn group_by_key<'k, K>(
        &mut self,
        exec: &Executor<'_>,
        key: K,
        representative: &dyn Fn() -> Row,
    ) -> Result<usize, QueryError>
    where
        K: AsRef<[Cow<'k, Value>]> + IntoIterator<Item = Cow<'k, Value>>,
    {
        let values = key.as_ref();
        let hash = key_hash(values.iter().map(|v| &**v));
        let groups = &self.groups;
        let same = |at: usize| {
            let group = &groups[at].key_values;
            group.len() == values.len() && group.iter().zip(values).all(|(g, k)| equivalent(g, k))
        };
        match self.index.find(hash, same) {
            Some(group) => Ok(group),
            None => {
                let key = key.into_iter().map(Cow::into_owned).collect();
                self.add_group(exec, hash, key, representative)
            }
        }
    }

    /// The group of the one grouping key's stored value (`None`: absent), created on first
    /// sight with the row `representative` gives: found without building the key.
    fn group_of_stored(
        &mut self,
        exec: &Executor<'_>,
        stored: Option<&PropertyRef<'_>>,
        representative: &dyn Fn() -> Row,
    ) -> Result<usize, QueryError> {
        let hash = stored_key_hash(stored);
        let groups = &self.groups;
        match (self.index).find(hash, |at| same_stored(&groups[at].key_values, stored)) {
            Some(group) => Ok(group),
            None => {
                let key = stored.map_or(Value::Null, |value| value.clone().into_value());
                self.add_group(exec, hash, OneOrMore::One([key]), representative)
            }
        }
    }

    fn add_group(
        &mut self,
        exec: &Executor<'_>,
        hash: u64,
        key: OneOrMore<Value>,
        representative: &dyn Fn() -> Row,
    ) -> Result<usize, QueryError> {
        let representative = if self.keeps_representatives {
            representative()
        } else {
            Vec::new()
        };
        let budget = &exec.guard.budget;
        if budget.counts_memory() {
            budget.charge(
                budget::row_bytes(&representative)
                    + budget::row_bytes(&key)
                    + self.calls.len() * std::mem::size_of::<Accumulator>(),
            )?;
        }
        self.groups.push(Group {
            representative,
            key_values: key,
            accumulators: new_accumulators(&self.calls)?,
        });
        self.index.add(hash);
        Ok(self.groups.len() - 1)
    }

    /// The group of a row by the labels of `node`, the value at the slot of `labels_key`,
    /// created on first sight with the row `representative` gives; `None` when that is
    /// not a live node.
    fn group_by_labels(
        &mut self,
        exec: &Executor<'_>,
        node: &Value,
        representative: &dyn Fn() -> Row,
    ) -> Result<Option<usize>, QueryError> {
        let Value::Node(id) = node else {
            return Ok(None);
        };
        let Some(node) = exec.graph.node(*id) else {
            return Ok(None);
        };
        let hash = labels_key_hash(node.labels());
        let groups = &self.groups;
        let same = |at: usize| same_labels(&groups[at].key_values, node.labels());
        if let Some(group) = self.index.find(hash, same) {
            return Ok(Some(group));
        }
        let key = Value::List(node.labels().map(Value::from).collect());
        self.add_group(exec, hash, OneOrMore::One([key]), representative)
            .map(Some)
    }

    /// The group of `row` by the stored value of the one grouping key (see `stored_key`);
    /// `None` when the row holds no entity at its slot, or one no longer in the graph.
    fn group_by_stored(
        &mut self,
        exec: &Executor<'_>,
        row: &[Value],
    ) -> Result<Option<usize>, QueryError> {
        let Some((slot, key)) = self.stored_key.as_ref() else {
            return Ok(None);
        };
        let graph = &*exec.graph;
        let key_id = *self.stored_key_id.get_or_insert_with(|| graph.key_id(key));
        // A null entity (an OPTIONAL MATCH that found nothing) has null properties.
        let stored = match row.get(*slot) {
            Some(Value::Node(id)) => {
                if let Some(key) = key_id {
                    if let Some(column) = self.stored_column.column.take() {
                        let group = self.group_by_column(exec, &column, *id, row);
                        self.stored_column.column = Some(column);
                        return group;
                    }
                    self.stored_column.count_read(exec, key);
                }
                match graph.node(*id) {
                    Some(node) => key_id.and_then(|key| node.property_ref(key)),
                    None => return Ok(None),
                }
            }
            Some(Value::Relationship(id)) => match graph.relationship_properties(*id) {
                Some(properties) => key_id.and_then(|key| properties.get(key)),
                None => return Ok(None),
            },
            Some(Value::Null) => None,
            _ => return Ok(None),
        };
        self.group_of_stored(exec, stored.as_ref(), &|| row.to_vec())
            .map(Some)
    }
}

/// The column of a grouping key read from nodes, taken from the graph once the reads
/// counted toward it pay for it, and the groups of its codes when its values are strings
/// of few distinct values.
#[derive(Default)]
struct StoredColumn {
    column: Option<Arc<Column>>,
    /// Reads counted since the graph was last asked for the column.
    reads: u32,
    /// Per code of the column, its group ([`StoredColumn::NO_GROUP`] until one is met).
    groups_by_code: Vec<usize>,
}

impl StoredColumn {
    const BATCH: u32 = 256;
    const NO_GROUP: usize = usize::MAX;

    /// Counts a read of `key` from a record, asking the graph for its column every
    /// [`StoredColumn::BATCH`] reads.
    fn count_read(&mut self, exec: &Executor<'_>, key: KeyId) {
        let from = exec.guard.options.columns_from;
        // A threshold below a batch (tests' small graphs) asks that much sooner.
        let batch = from.map_or(Self::BATCH, |from| {
            from.clamp(1, Self::BATCH as usize) as u32
        });
        self.reads += 1;
        if self.reads < batch || exec.guard.options.naive_plan {
            return;
        }
        let graph = &*exec.graph;
        let reads = std::mem::take(&mut self.reads) as usize;
        self.column = graph
            .columns(ColumnOwner::Nodes, &[key], reads, from)
            .pop()
            .flatten();
    }
}

/// Several grouping keys that are properties of variables (`a.country, b.country`): once
/// the graph has a column of strings of few values for each key, a row whose variables
/// are nodes with values of them finds its group from their codes, packed in one word,
/// without reading the nodes' records.
struct CodedKeys {
    /// Each key's variable slot and key.
    keys: Vec<(usize, String)>,
    /// The keys as the graph numbers them, found at the first row.
    ids: Option<Vec<Option<KeyId>>>,
    columns: Vec<StoredColumn>,
    groups: FxHashMap<u64, usize>,
}

impl CodedKeys {
    /// For two to four grouping keys that are each a property of a variable.
    fn of(key_items: &[usize], items: &[(String, Expr)], input: &Scope) -> Option<CodedKeys> {
        if !(2..=4).contains(&key_items.len()) {
            return None;
        }
        let keys = (key_items.iter())
            .map(|&i| property_of_variable(&items[i].1, input))
            .collect::<Option<Vec<_>>>()?;
        Some(CodedKeys {
            columns: keys.iter().map(|_| StoredColumn::default()).collect(),
            keys,
            ids: None,
            groups: FxHashMap::default(),
        })
    }

    /// The codes of `row`'s values of the keys, packed; `None` where a variable is not a
    /// node, a value is absent or not a string of its key's column, or a column is not
    /// built yet (the reads that build it are counted here).
    fn codes(&mut self, exec: &Executor<'_>, row: &[Value]) -> Option<u64> {
        let graph = &*exec.graph;
        // Reads of a relationship's property count toward no node column.
        let mut nodes = [NodeId::default(); 4];
        for ((slot, _), node) in self.keys.iter().zip(&mut nodes) {
            let Some(Value::Node(id)) = row.get(*slot) else {
                return None;
            };
            *node = *id;
        }
        let ids = (self.ids)
            .get_or_insert_with(|| self.keys.iter().map(|(_, key)| graph.key_id(key)).collect());
        let mut columns_ready = true;
        for (column, id) in self.columns.iter_mut().zip(ids.iter()) {
            if column.column.is_none() {
                column.count_read(exec, (*id)?);
                columns_ready &= column.column.is_some();
            }
        }
        if !columns_ready {
            return None;
        }
        let bits = 64 / self.keys.len() as u32;
        let mut packed = 0u64;
        for (&id, column) in nodes.iter().zip(&self.columns) {
            let code = graph.node_code(column.column.as_deref()?, id)?;
            if u64::from(code) >> bits != 0 {
                return None;
            }
            packed = packed << bits | u64::from(code);
        }
        Some(packed)
    }
}

impl Grouping {
    /// The group of node `id` by its value in `column`, the stored key's: by the value's
    /// code where the column numbers its strings, without hashing. `None` when the node is
    /// not live.
    fn group_by_column(
        &mut self,
        exec: &Executor<'_>,
        column: &Column,
        id: NodeId,
        row: &[Value],
    ) -> Result<Option<usize>, QueryError> {
        let graph = &*exec.graph;
        let code = graph.node_code(column, id).map(|c| c as usize);
        let known = code.and_then(|c| self.stored_column.groups_by_code.get(c));
        if let Some(&group) = known.filter(|&&g| g != StoredColumn::NO_GROUP) {
            return Ok(Some(group));
        }
        let Some(stored) = graph.node_value(column, id) else {
            return Ok(None);
        };
        let group = self.group_of_stored(exec, stored.as_ref(), &|| row.to_vec())?;
        if let Some(code) = code {
            let by_code = &mut self.stored_column.groups_by_code;
            if by_code.len() <= code {
                by_code.resize(code + 1, StoredColumn::NO_GROUP);
            }
            by_code[code] = group;
        }
        Ok(Some(group))
    }

    /// Takes in the groups of `other`, fed the rows that come after this one's: a group
    /// both have merges its accumulators, a new one joins at the end, as it would have
    /// been created.
    fn absorb(&mut self, other: Grouping) -> Result<(), QueryError> {
        for group in other.groups {
            let hash = key_hash(group.key_values.iter());
            let groups = &self.groups;
            let same = |at: usize| equivalent_values(&groups[at].key_values, &group.key_values);
            match self.index.find(hash, same) {
                Some(at) => {
                    let mine = &mut self.groups[at].accumulators;
                    for (acc, theirs) in mine.iter_mut().zip(group.accumulators) {
                        acc.merge(theirs)?;
                    }
                }
                None => {
                    self.groups.push(group);
                    self.index.add(hash);
                }
            }
        }
        Ok(())
    }
}

/// One WITH or RETURN, fed row by row.
pub(crate) struct Projector<'p> {
    projection: &'p Projection,
    input: Scope,
    items: Vec<(String, Expr)>,
    /// Per item, when it reads one property of an input variable (`n.name`), that
    /// variable's slot and the key: for the paths that read stored values without a row
    /// (`push_stored`, columnar aggregation, the first sort key's bar).
    property_items: Vec<Option<(usize, String)>>,
    /// The items bound to the input's slots and the graph's keys, at the first row.
    bound_items: Option<Vec<BoundExpr>>,
    /// The computed `ORDER BY` keys and the `WHERE`, bound to the output's slots (the
    /// input's variables they read stay by name), at the first output row.
    bound_after: OnceLock<(Vec<BoundExpr>, Option<BoundExpr>)>,
    output: Scope,
    /// The `ORDER BY` keys.
    order: Vec<SortKey>,
    grouping: Option<Grouping>,
    projected: Vec<Projected>,
    /// The row limit, checked as rows arrive when every projected row will be returned.
    row_limit: Option<usize>,
    /// How [`Projector::push_stored`] reads the grouping keys and the aggregates'
    /// arguments of a stored entity, found by [`Projector::stored_keys`].
    stored_reads: Option<StoredReads>,
    /// The first `ORDER BY` key when it is a property of an input variable (`c.founded`, or
    /// an item `c.founded AS founded` by its name): its slot and key.
    first_sort_property: Option<(usize, String)>,
    /// Else, the first `ORDER BY` key when it names an item computed otherwise (`r.amount
    /// % 10 AS score`, by `score`): the item's place. Computed before the other items, a
    /// row whose first key cannot reach the rows kept is dropped without them.
    first_sort_item: Option<usize>,
    /// Under `ORDER BY … LIMIT` without aggregation, once the rows kept were cut back to
    /// those wanted: the first sort key of the last of them. A row whose first key sorts
    /// after it can never be among the first rows.
    bar: Option<Value>,
    /// Under `ORDER BY … LIMIT` without aggregation or DISTINCT: how many rows can reach
    /// the output (`SKIP + LIMIT`), once known; the rows kept are cut back to those as
    /// they arrive. `Some(None)` when there is no such bound.
    top: Option<Option<usize>>,
    /// Once the groups were finished where they were fed ([`Projector::close_share`]):
    /// whether the grouping had no aggregate calls.
    closed_groups: Option<bool>,
}

/// How a grouping key or an aggregate's argument is read of an entity a scan found
/// stored.
#[derive(Debug, Clone, Copy)]
enum StoredRead {
    /// A plain property (`None`: a key the graph does not know, null for every entity).
    Property(Option<KeyId>),
    /// An expression over the entity's properties: its bound item or argument.
    Computed,
}

/// The stored entity's slot, and how each grouping key and each aggregate's argument
/// (unread for `count(*)`) is read of it.
struct StoredReads {
    slot: usize,
    keys: Vec<StoredRead>,
    arguments: Vec<StoredRead>,
}

/// What [`Projector::columnar_aggregation`] found: the grouping key's property key, and per
/// aggregate call its argument's property key (`None` for `count(*)`) and whether the
/// call only counts (so that an argument of any kind will do).
pub(crate) struct ColumnarAggregation {
    pub key: Option<KeyId>,
    /// The grouping key is an expression of that one property (`r.year / 10`), computed
    /// once per value of it ([`Projector::computed_key`]).
    pub computed_key: bool,
    pub arguments: Vec<Option<(KeyId, bool)>>,
}

fn new_accumulators(calls: &[Expr]) -> Result<OneOrMore<Accumulator>, QueryError> {
    calls
        .iter()
        .map(|call| match &call.kind {
            ExprKind::CountStar => Ok(Accumulator::count_star()),
            ExprKind::FunctionCall {
                function: Function::Aggregate(function),
                distinct,
                ..
            } => Ok(Accumulator::new(*function, *distinct)),
            ExprKind::FunctionCall { name, .. } => Err(QueryError::semantic(
                "UnknownFunction",
                format!("Unknown aggregating function '{name}'."),
            )),
            _ => Err(QueryError::runtime(
                ErrorKind::SemanticError,
                "InvalidAggregation",
                "not an aggregate",
            )),
        })
        .collect()
}

impl<'p> Projector<'p> {
    pub(crate) fn new(projection: &'p Projection, input: &Scope) -> Projector<'p> {
        let mut items: Vec<(String, Expr)> = Vec::new();
        if projection.star {
            // `*` projects every variable in scope, sorted by name.
            let mut names = input.names().to_vec();
            names.sort();
            for name in names {
                let expr = Expr::new(ExprKind::Variable(name.clone()), Span::default());
                items.push((name, expr));
            }
        }
        for item in &projection.items {
            items.push((item.column_name().to_owned(), item.expr.clone()));
        }
        let mut output = Scope::default();
        for (name, _) in &items {
            output.add(name);
        }
        let aggregates = items.iter().any(|(_, e)| contains_aggregate(e));
        let grouping = aggregates.then(|| Grouping::new(&items, projection, input));
        let property_items = items
            .iter()
            .map(|(_, expr)| property_of_variable(expr, input))
            .collect();
        Projector {
            projection,
            input: input.clone(),
            items,
            property_items,
            bound_items: None,
            bound_after: OnceLock::new(),
            order: sort_keys_of(projection, &output),
            output,
            grouping,
            projected: Vec::new(),
            row_limit: None,
            stored_reads: None,
            first_sort_property: None,
            first_sort_item: None,
            bar: None,
            top: None,
            closed_groups: None,
        }
        .with_first_sort_property()
    }

    /// Finds `first_sort_property` from the first `ORDER BY` key.
    fn with_first_sort_property(mut self) -> Projector<'p> {
        let Some(first) = self.projection.order_by.first() else {
            return self;
        };
        let column = |name: &str| self.items.iter().position(|(column, _)| column == name);
        self.first_sort_property = match &first.expr.kind {
            ExprKind::Variable(name) => column(name).and_then(|i| self.property_items[i].clone()),
            ExprKind::Property(target, _) => match &target.kind {
                // A name the projection gives anew is not the input's variable.
                ExprKind::Variable(name) if column(name).is_none() => {
                    property_of_variable(&first.expr, &self.input)
                }
                _ => None,
            },
            _ => None,
        };
        if let (ExprKind::Variable(name), None) = (&first.expr.kind, &self.first_sort_property) {
            // An item whose value differs between calls would be sorted by another value.
            self.first_sort_item = column(name).filter(|&i| !calls_volatile(&self.items[i].1));
        }
        self
    }

    /// Makes this the statement's final RETURN: when each input row becomes one returned
    /// row (no aggregation, DISTINCT, SKIP or LIMIT), the row limit stops the query as soon
    /// as it is passed instead of after the whole result is built.
    pub(crate) fn returns(mut self, max_rows: Option<usize>) -> Projector<'p> {
        let p = self.projection;
        let one_to_one =
            self.grouping.is_none() && !p.distinct && p.skip.is_none() && p.limit.is_none();
        self.row_limit = max_rows.filter(|_| one_to_one);
        self
    }

    /// Under `ORDER BY … LIMIT`, cuts the rows kept back to the first `SKIP + LIMIT` once
    /// they are twice as many (and at least a thousand more), so that memory stays in
    /// proportion to the rows wanted and the time linear in the rows seen.
    fn keep_top(&mut self, exec: &Executor<'_>) -> Result<(), QueryError> {
        let wanted = match self.top {
            Some(wanted) => wanted,
            None => *self.top.insert(self.rows_wanted(exec)),
        };
        let Some(wanted) = wanted else {
            return Ok(());
        };
        if self.projected.len() < wanted.saturating_mul(2).saturating_add(1024) {
            return Ok(());
        }
        let all = std::mem::take(&mut self.projected);
        let budget = &exec.guard.budget;
        let before: usize = if budget.counts_memory() {
            all.iter().map(projected_bytes).sum()
        } else {
            0
        };
        self.projected = sorted(all, &self.order, Some(wanted), exec)?;
        if self.projected.len() == wanted {
            let first = self.order.first();
            let last = self.projected.last();
            self.bar = last.zip(first).map(|(p, key)| p.sort_key(key).clone());
        }
        if budget.counts_memory() {
            let after: usize = self.projected.iter().map(projected_bytes).sum();
            budget.release(before.saturating_sub(after));
        }
        Ok(())
    }

    /// Under `ORDER BY … LIMIT` without DISTINCT: how many rows can reach the output
    /// (`SKIP + LIMIT`). A SKIP or LIMIT that cannot be evaluated is `None` here and fails
    /// when the projection finishes.
    fn rows_wanted(&self, exec: &Executor<'_>) -> Option<usize> {
        let p = self.projection;
        if p.order_by.is_empty() || p.distinct || p.limit.is_none() {
            return None;
        }
        let skip = exec.row_count(p.skip.as_ref(), "SKIP").ok()?.unwrap_or(0);
        let limit = exec.row_count(p.limit.as_ref(), "LIMIT").ok()??;
        Some(limit.saturating_add(skip))
    }

    /// Whether `row` sorts after [`Projector::bar`] by the first sort key, read from the
    /// graph when it is a property of a variable: then it cannot reach the rows kept.
    fn below_bar(&self, exec: &Executor<'_>, row: &[Value]) -> bool {
        let Some(bar) = &self.bar else {
            return false;
        };
        let value = match (&self.first_sort_property, self.first_sort_item) {
            (Some((slot, key)), _) => row.get(*slot).and_then(|v| stored_property(exec, v, key)),
            // An error is left to the items, in their order.
            (None, Some(item)) => (self.bound_items.as_ref())
                .and_then(|bound| exec.value_of(&bound[item], row, &self.input).ok())
                .map(Cow::into_owned),
            (None, None) => None,
        };
        let Some(value) = value else {
            return false;
        };
        let order = eval::compare_for_order(&value, bar);
        let descending = self
            .projection
            .order_by
            .first()
            .is_some_and(|s| s.descending);
        order
            == if descending {
                Ordering::Less
            } else {
                Ordering::Greater
            }
    }

    /// Takes one input row.
    pub(crate) fn push(&mut self, exec: &Executor<'_>, row: &[Value]) -> Result<(), QueryError> {
        exec.guard.tick()?;
        let bindings = RowBindings {
            scope: &self.input,
            row,
        };
        if self.below_bar(exec, row) {
            return Ok(());
        }
        let bound = bind_items(&mut self.bound_items, &self.items, &self.input, exec);
        let Some(grouping) = &mut self.grouping else {
            let mut values = Vec::with_capacity(bound.len());
            for item in bound.iter() {
                values.push(exec.value_of(item, row, &self.input)?.into_owned());
            }
            let projected = self.finish_row(exec, values, row, None)?;
            let budget = &exec.guard.budget;
            if budget.counts_memory() {
                budget.charge(projected_bytes(&projected))?;
            }
            self.projected.push(projected);
            if self.row_limit.is_some() {
                exec.guard.check_rows(self.projected.len())?;
            }
            return self.keep_top(exec);
        };
        let group = grouping.group_of(exec, bound, &self.input, row)?;
        grouping.bind_arguments(exec, &self.input);
        let arg_keys = grouping.arg_keys.as_deref().unwrap_or_default();
        let accumulators = &mut grouping.groups[group].accumulators;
        let reused = &mut grouping.reused;
        let bound_args = &grouping.bound_args;
        // The arguments mostly read one entity: it is looked up once for the row.
        let mut entity = EntityOfRow::default();
        for (call_index, (((call, acc), slot), property)) in grouping
            .calls
            .iter()
            .zip(accumulators.iter_mut())
            .zip(&grouping.arg_slots)
            .zip(arg_keys.iter())
            .enumerate()
        {
            if acc.count_row() {
                continue;
            }
            let args = match &call.kind {
                ExprKind::FunctionCall { args, .. } => args.as_slice(),
                _ => &[],
            };
            // An argument an earlier call read is borrowed from it; one a later call
            // reads is kept for it.
            let earlier = grouping.same_argument[call_index];
            let fresh;
            let value: &Value = match earlier {
                Some(first) => &reused[first],
                None => {
                    let quick =
                        property.and_then(|(slot, key)| entity.property(exec, row, slot, key));
                    let bound = bound_args.get(call_index).and_then(Option::as_ref);
                    let value = match (slot.and_then(|s| row.get(s)), quick, bound) {
                        (Some(value), _, _) => value.clone(),
                        (None, Some(value), _) => value,
                        (None, None, Some(arg)) => {
                            exec.value_of(arg, row, &self.input)?.into_owned()
                        }
                        (None, None, None) => Value::Null,
                    };
                    if grouping.reused_later[call_index] {
                        reused[call_index] = value;
                        &reused[call_index]
                    } else {
                        fresh = value;
                        &fresh
                    }
                }
            };
            match args.get(1) {
                Some(extra) => {
                    let extra = exec.eval(extra, &bindings)?;
                    charge_retained(exec, acc, value)?;
                    acc.update_with_arg(value.clone(), &extra)
                        .map_err(|e| e.at_offset(exec.source, call.span.start))?;
                }
                None => feed(exec, call, acc, value)?,
            }
        }
        Ok(())
    }

    /// When every grouping key and every aggregate argument of this projection reads
    /// nothing of the row but properties of the node or relationship at `slot`, plainly
    /// (`n.country`) or in an expression (`n.founded / 10`, a `CASE` over `r.amount`), each
    /// aggregate taking one argument (or being `count(*)`): the property keys they read, as
    /// the graph numbers them. [`Projector::push_stored`] can then take the entity alone.
    pub(crate) fn stored_keys(&mut self, exec: &Executor<'_>, slot: usize) -> Option<Vec<KeyId>> {
        // DISTINCT without aggregates, fed stored entities, groups by every item as they
        // arrive: each group is a distinct row, first seen where DISTINCT keeps it.
        let distinct = self.projection.distinct && !self.items.is_empty();
        if self.grouping.is_some() || !distinct || !self.projected.is_empty() {
            return self.stored_reads_of(exec, slot);
        }
        self.grouping = Some(Grouping::new(&self.items, self.projection, &self.input));
        let keys = self.stored_reads_of(exec, slot);
        if keys.is_none() {
            self.grouping = None;
        }
        keys
    }

    /// [`Projector::stored_keys`] of a grouping projection.
    fn stored_reads_of(&mut self, exec: &Executor<'_>, slot: usize) -> Option<Vec<KeyId>> {
        let graph = &*exec.graph;
        let grouping = self.grouping.as_mut()?;
        let bound = bind_items(&mut self.bound_items, &self.items, &self.input, exec);
        grouping.bind_arguments(exec, &self.input);
        let mut keys = Vec::new();
        let mut read = |property: &Option<(usize, String)>, bound: &BoundExpr| match property {
            Some((at, key)) if *at == slot => {
                let id = graph.key_id(key);
                keys.extend(id);
                Some(StoredRead::Property(id))
            }
            _ => bound
                .bound
                .stored_keys(slot, &mut keys)
                .then_some(StoredRead::Computed),
        };
        let mut key_reads = Vec::with_capacity(grouping.key_items.len());
        for &item in &grouping.key_items {
            key_reads.push(read(self.property_items.get(item)?, bound.get(item)?)?);
        }
        let mut argument_reads = Vec::with_capacity(grouping.calls.len());
        for (at, call) in grouping.calls.iter().enumerate() {
            argument_reads.push(match &call.kind {
                ExprKind::CountStar => StoredRead::Property(None),
                ExprKind::FunctionCall { args, .. } if args.len() == 1 => {
                    let bound = grouping.bound_args.get(at)?.as_ref()?;
                    read(grouping.arg_properties.get(at)?, bound)?
                }
                _ => return None,
            });
        }
        self.stored_reads = Some(StoredReads {
            slot,
            keys: key_reads,
            arguments: argument_reads,
        });
        Some(keys)
    }

    /// How this projection, fed by a scan of one entity's stored properties, can instead
    /// take runs of them aggregated from columns ([`Projector::absorb_runs`]): when it
    /// has taken nothing yet, has at most one grouping key, and every aggregate is
    /// `count(*)` or one that [`Accumulator::absorbs_integers`] of a property.
    pub(crate) fn columnar_aggregation(&self, graph: &Graph) -> Option<ColumnarAggregation> {
        let grouping = self.grouping.as_ref()?;
        if !grouping.groups.is_empty() || !self.projected.is_empty() {
            return None;
        }
        let key_of = |property: &(usize, String)| graph.key_id(&property.1);
        let (key, computed_key) = match grouping.key_items.as_slice() {
            [] => (None, false),
            [item] => match self.property_items.get(*item)? {
                Some(property) => (Some(key_of(property)?), false),
                None => {
                    let slot = self.stored_reads.as_ref()?.slot;
                    let bound = self.bound_items.as_ref()?.get(*item)?;
                    (Some(bound.bound.function_of_one_key(slot)?), true)
                }
            },
            _ => return None,
        };
        let accumulators = new_accumulators(&grouping.calls).ok()?;
        let calls = grouping.calls.iter().zip(&accumulators);
        let mut arguments = Vec::new();
        for ((call, acc), property) in calls.zip(&grouping.arg_properties) {
            arguments.push(match &call.kind {
                ExprKind::CountStar => None,
                ExprKind::FunctionCall { args, .. }
                    if args.len() == 1 && acc.absorbs_integers() =>
                {
                    Some((key_of(property.as_ref()?)?, acc.only_counts()))
                }
                _ => return None,
            });
        }
        Some(ColumnarAggregation {
            key,
            computed_key,
            arguments,
        })
    }

    /// The grouping key of a [`ColumnarAggregation`] whose key is computed, for the stored
    /// entity whose properties `properties` gives.
    pub(crate) fn computed_key<'g>(
        &self,
        exec: &Executor<'_>,
        properties: &dyn Fn(KeyId) -> Option<PropertyRef<'g>>,
        entity: &dyn Fn() -> Value,
    ) -> Result<Value, QueryError> {
        let (Some(grouping), Some(reads)) = (&self.grouping, &self.stored_reads) else {
            return Err(not_repeatable());
        };
        let bound_items = self.bound_items.as_deref().unwrap_or_default();
        let item = grouping.key_items.first().and_then(|&i| bound_items.get(i));
        let entity = StoredEntity {
            slot: reads.slot,
            read: properties,
            value: entity,
        };
        Ok(stored_value(exec, StoredRead::Computed, item, &entity)?.into_owned())
    }

    /// Takes the rows of one group gathered from columns: `rows` of them, whose grouping
    /// key is `key` (none without a grouping key), with `runs` the integer arguments of
    /// each aggregate (ignored for `count(*)`). `representative` gives the group's first
    /// row.
    pub(crate) fn absorb_runs(
        &mut self,
        exec: &Executor<'_>,
        key: Option<Value>,
        representative: &dyn Fn() -> Row,
        rows: u64,
        runs: &[eval::IntegerRun],
    ) -> Result<(), QueryError> {
        let Some(grouping) = &mut self.grouping else {
            return Err(not_repeatable());
        };
        let key: Vec<Cow<Value>> = key.into_iter().map(Cow::Owned).collect();
        let group = grouping.group_by_key(exec, key, representative)?;
        let accumulators = &mut grouping.groups[group].accumulators;
        for ((call, acc), run) in grouping.calls.iter().zip(accumulators).zip(runs) {
            match &call.kind {
                ExprKind::CountStar => {
                    acc.update_repeated(&Value::Null, rows)?;
                }
                _ => acc
                    .absorb_integers(run)
                    .map_err(|e| e.at_offset(exec.source, call.span.start))?,
            }
        }
        Ok(())
    }

    /// Takes the row of a match that binds one entity at the slot
    /// [`Projector::stored_keys`] accepted, `entity` giving its value and `properties` its
    /// stored properties: its grouping keys and arguments are read from the graph, without
    /// a row. `representative` gives the row, for a group the entity is the first of.
    pub(crate) fn push_stored<'g>(
        &mut self,
        exec: &Executor<'_>,
        properties: &dyn Fn(KeyId) -> Option<PropertyRef<'g>>,
        entity: &dyn Fn() -> Value,
        representative: &dyn Fn() -> Row,
    ) -> Result<(), QueryError> {
        exec.guard.tick()?;
        let read = |key: Option<KeyId>| key.and_then(properties);
        let (Some(grouping), Some(reads)) = (&mut self.grouping, &self.stored_reads) else {
            return Err(not_repeatable());
        };
        let entity = StoredEntity {
            slot: reads.slot,
            read: properties,
            value: entity,
        };
        let bound_items = self.bound_items.as_deref().unwrap_or_default();
        let group = match (grouping.groups.is_empty(), reads.keys.as_slice()) {
            (false, []) => 0,
            (_, [StoredRead::Property(key)]) => {
                grouping.group_of_stored(exec, read(*key).as_ref(), representative)?
            }
            (_, &[how]) => {
                let labelled = match grouping.labels_key {
                    Some(slot) if slot == reads.slot => {
                        grouping.group_by_labels(exec, &(entity.value)(), representative)?
                    }
                    _ => None,
                };
                match labelled {
                    Some(group) => group,
                    None => {
                        let item = grouping.key_items.first().and_then(|&i| bound_items.get(i));
                        let key = [stored_value(exec, how, item, &entity)?];
                        grouping.group_by_key(exec, key, representative)?
                    }
                }
            }
            (_, keys) => {
                let mut values = Vec::with_capacity(keys.len());
                for (&how, &item) in keys.iter().zip(&grouping.key_items) {
                    values.push(stored_value(exec, how, bound_items.get(item), &entity)?);
                }
                grouping.group_by_key(exec, values, representative)?
            }
        };
        let accumulators = &mut grouping.groups[group].accumulators;
        let reused = &mut grouping.reused;
        for (call_index, (call, acc)) in grouping.calls.iter().zip(accumulators).enumerate() {
            if acc.count_row() {
                continue;
            }
            let at = match grouping.same_argument[call_index] {
                Some(first) => first,
                None => {
                    let how = reads.arguments[call_index];
                    let bound = grouping.bound_args.get(call_index).and_then(Option::as_ref);
                    reused[call_index] = stored_value(exec, how, bound, &entity)?.into_owned();
                    call_index
                }
            };
            feed(exec, call, acc, &reused[at])?;
        }
        Ok(())
    }

    /// Takes in what `other`, a projector of the same projection, was fed: rows that come
    /// after this one's. Finishing then gives what one projector fed both would.
    pub(crate) fn absorb(&mut self, other: Projector<'_>) -> Result<(), QueryError> {
        if let (Some(mine), Some(theirs)) = (&mut self.grouping, other.grouping) {
            mine.absorb(theirs)?;
        }
        self.projected.extend(other.projected);
        Ok(())
    }

    /// Ends a share of a divided MATCH whose shares' rows differ in the value at
    /// `partitioned` (their starts): when a grouping key is that variable itself, no group
    /// spans two shares, so each share's groups are finished here, in its own thread (and
    /// cut to the rows an `ORDER BY … LIMIT` can keep); [`Projector::absorb`] then
    /// appends them. Every share of a MATCH must be ended alike.
    pub(crate) fn close_share(
        &mut self,
        exec: &Executor<'_>,
        partitioned: Option<usize>,
    ) -> Result<(), QueryError> {
        let keyed = |&i: &usize| match &self.items[i].1.kind {
            ExprKind::Variable(name) => {
                partitioned.is_some() && self.input.slot(name) == partitioned
            }
            _ => false,
        };
        let keyed_by_partition =
            (self.grouping.as_ref()).is_some_and(|grouping| grouping.key_items.iter().any(keyed));
        let Some(grouping) = self.grouping.take_if(|_| keyed_by_partition) else {
            return Ok(());
        };
        self.closed_groups = Some(grouping.calls.is_empty());
        let projected = self.finish_groups(exec, grouping)?;
        self.projected = match self.rows_wanted(exec) {
            Some(wanted) => sorted(projected, &self.order, Some(wanted), exec)?,
            None => projected,
        };
        Ok(())
    }

    /// Takes `times` copies of one input row at once. Only for projections that
    /// [`Projector::counts_only`] accepts.
    pub(crate) fn push_repeated(
        &mut self,
        exec: &Executor<'_>,
        row: &[Value],
        times: u64,
    ) -> Result<(), QueryError> {
        exec.guard.tick()?;
        let bound = bind_items(&mut self.bound_items, &self.items, &self.input, exec);
        let Some(grouping) = &mut self.grouping else {
            return Err(not_repeatable());
        };
        let group = grouping.group_of(exec, bound, &self.input, row)?;
        grouping.bind_arguments(exec, &self.input);
        let accumulators = &mut grouping.groups[group].accumulators;
        let calls = grouping.calls.iter().zip(&grouping.bound_args);
        for ((call, bound), acc) in calls.zip(accumulators.iter_mut()) {
            let value = match (&call.kind, bound) {
                (ExprKind::FunctionCall { args, .. }, Some(arg)) if args.len() == 1 => {
                    exec.value_of(arg, row, &self.input)?
                }
                (ExprKind::FunctionCall { .. }, _) => return Err(not_repeatable()),
                _ => Cow::Owned(Value::Null),
            };
            let repeated = acc.update_repeated(&value, times);
            let repeated = repeated.map_err(|e| e.at_offset(exec.source, call.span.start))?;
            if !repeated {
                return Err(not_repeatable());
            }
        }
        Ok(())
    }

    /// Groups, sorts, skips and limits: the projection's output table.
    pub(crate) fn finish(mut self, exec: &Executor<'_>) -> Result<Table, QueryError> {
        // Groups without aggregates are distinct rows already.
        let mut distinct = self.projection.distinct;
        if let Some(grouping) = self.grouping.take() {
            distinct &= !grouping.calls.is_empty();
            self.projected = self.finish_groups(exec, grouping)?;
        }
        if let Some(without_calls) = self.closed_groups {
            distinct &= !without_calls;
        }
        let projection = self.projection;
        let mut projected = self.projected;
        if distinct {
            projected = first_of_each(projected, exec)?;
        }
        let skip = exec
            .row_count(projection.skip.as_ref(), "SKIP")?
            .unwrap_or(0);
        let limit = exec.row_count(projection.limit.as_ref(), "LIMIT")?;
        if !self.order.is_empty() {
            let wanted = limit.map(|limit| limit.saturating_add(skip));
            projected = sorted(projected, &self.order, wanted, exec)?;
        }
        let rows: Vec<Row> = projected
            .into_iter()
            .skip(skip)
            .take(limit.unwrap_or(usize::MAX))
            .filter(|p| p.keep)
            .map(|p| p.values)
            .collect();
        Ok(Table {
            scope: self.output,
            rows,
        })
    }

    fn finish_groups(
        &self,
        exec: &Executor<'_>,
        mut grouping: Grouping,
    ) -> Result<Vec<Projected>, QueryError> {
        if grouping.groups.is_empty() && grouping.key_items.is_empty() {
            // Aggregating nothing still gives one row: count(*) = 0, collect() = [].
            grouping.groups.push(Group {
                representative: vec![Value::Null; self.input.len()],
                key_values: OneOrMore::More(Vec::new()),
                accumulators: new_accumulators(&grouping.calls)?,
            });
        }
        // Items that are one aggregate call each take its result as it is; only when some
        // expression computes with results are they looked up by the call's span.
        let bare: Vec<Option<usize>> = self
            .items
            .iter()
            .map(|(_, expr)| {
                let calls = &grouping.calls;
                calls
                    .iter()
                    .position(|c| c.span == expr.span && same(c, expr))
            })
            .collect();
        let projection = self.projection;
        let needs_results = self
            .items
            .iter()
            .zip(&bare)
            .any(|((_, expr), bare)| bare.is_none() && contains_aggregate(expr))
            || projection
                .order_by
                .iter()
                .any(|s| contains_aggregate(&s.expr))
            || projection
                .where_clause
                .as_ref()
                .is_some_and(contains_aggregate);
        if !needs_results {
            return self.finish_bare_groups(exec, grouping, &bare);
        }
        let mut out = Vec::with_capacity(grouping.groups.len());
        for group in grouping.groups {
            let results: HashMap<Span, Value> = grouping
                .calls
                .iter()
                .map(|c| c.span)
                .zip(group.accumulators.into_iter().map(Accumulator::finish))
                .collect();
            let ctx = EvalContext {
                graph: &*exec.graph,
                params: exec.params,
                aggregates: Some(&results),
                budget: &exec.guard.budget,
                subqueries: Some(exec),
            };
            let old = RowBindings {
                scope: &self.input,
                row: &group.representative,
            };
            let mut keys = group.key_values.into_iter();
            let mut values = Vec::with_capacity(self.items.len());
            for (_, expr) in &self.items {
                let value = if contains_aggregate(expr) {
                    eval::eval(expr, &old, &ctx)
                        .map_err(|e| e.at_offset(exec.source, expr.span.start))?
                } else {
                    keys.next().unwrap_or(Value::Null)
                };
                values.push(value);
            }
            out.push(self.finish_row(exec, values, &group.representative, Some(&results))?);
        }
        Ok(out)
    }

    /// Evaluates the computed `ORDER BY` keys and the `WHERE` verdict of one output row,
    /// `values` its items: projected names first, then the variables of the input row
    /// (`results`: the aggregates' values by call, for expressions that read them).
    fn finish_row(
        &self,
        exec: &Executor<'_>,
        values: Row,
        input_row: &[Value],
        results: Option<&HashMap<Span, Value>>,
    ) -> Result<Projected, QueryError> {
        let projection = self.projection;
        let computed = (self.order.iter())
            .zip(&projection.order_by)
            .filter(|(key, _)| matches!(key.source, SortSource::Computed(_)))
            .map(|(_, item)| &item.expr);
        if computed.clone().next().is_none() && projection.where_clause.is_none() {
            return Ok(Projected {
                values,
                sort_keys: Vec::new(),
                keep: true,
            });
        }
        let bindings = Overlay {
            front: RowBindings {
                scope: &self.output,
                row: &values,
            },
            back: RowBindings {
                scope: &self.input,
                row: input_row,
            },
        };
        let ctx = EvalContext {
            graph: &*exec.graph,
            params: exec.params,
            aggregates: results,
            budget: &exec.guard.budget,
            subqueries: Some(exec),
        };
        let (keys, predicate) = self.bound_after.get_or_init(|| {
            let bind = |expr: &Expr| exec.bind(expr, &self.output);
            let keys = computed.map(bind).collect();
            (keys, projection.where_clause.as_ref().map(bind))
        });
        let value = |expr| exec.value_in(expr, &values, &bindings, &ctx);
        let sort_keys = (keys.iter())
            .map(|key| value(key).map(Cow::into_owned))
            .collect::<Result<Vec<_>, _>>()?;
        let keep = match (predicate, &projection.where_clause) {
            (Some(bound), Some(predicate)) => eval::truthy(&*value(bound)?)
                .map_err(|e| e.at_offset(exec.source, predicate.span.start))?
                .unwrap_or(false),
            _ => true,
        };
        Ok(Projected {
            values,
            sort_keys,
            keep,
        })
    }

    /// [`Projector::finish_groups`] when every aggregate in the items is an item of its
    /// own (`bare`: its call, by item) and nothing else reads their results.
    fn finish_bare_groups(
        &self,
        exec: &Executor<'_>,
        grouping: Grouping,
        bare: &[Option<usize>],
    ) -> Result<Vec<Projected>, QueryError> {
        let mut out = Vec::with_capacity(grouping.groups.len());
        for group in grouping.groups {
            let mut results: Vec<Option<Value>> = group
                .accumulators
                .into_iter()
                .map(|acc| Some(acc.finish()))
                .collect();
            let mut keys = group.key_values.into_iter();
            let values = bare
                .iter()
                .map(|call| match call {
                    Some(call) => results.get_mut(*call).and_then(Option::take),
                    None => keys.next(),
                })
                .map(|value| value.unwrap_or(Value::Null))
                .collect();
            out.push(self.finish_row(exec, values, &group.representative, None)?);
        }
        Ok(out)
    }
}

/// The first of each set of equivalent rows, in order, compared in place: rows are
/// chained by the hash of their values instead of being copied into a set of keys.
/// Whether something a grouping projection evaluates once its groups are complete reads a
/// variable of the input (from a group's representative row): an item that computes with
/// aggregate results (outside the calls, whose arguments are read as rows arrive), an
/// `ORDER BY` key or the `WHERE`.
fn reads_input_after_grouping(
    items: &[(String, Expr)],
    projection: &Projection,
    input: &Scope,
) -> bool {
    fn reads(e: &Expr, input: &Scope) -> bool {
        if is_aggregate_call(e) {
            return false;
        }
        let variable = matches!(&e.kind, ExprKind::Variable(v) if input.slot(v).is_some());
        variable || children(e).into_iter().any(|c| reads(c, input))
    }
    let computed = items
        .iter()
        .map(|(_, e)| e)
        .filter(|e| contains_aggregate(e));
    let sort_keys = projection.order_by.iter().map(|s| &s.expr);
    computed
        .chain(sort_keys)
        .chain(projection.where_clause.as_ref())
        .any(|e| reads(e, input))
}

/// About how many bytes a projected row holds, as the memory limit counts it.
fn projected_bytes(row: &Projected) -> usize {
    std::mem::size_of::<Projected>()
        + budget::row_bytes(&row.values)
        + budget::row_bytes(&row.sort_keys)
}

/// `rows` in the order of their sort keys, ties in the order the rows came; with `wanted`,
/// only the first `wanted` of them, found by a selection before sorting those alone
/// (Top-k: linear in the rows, not a sort of them all).
fn sorted(
    rows: Vec<Projected>,
    order: &[SortKey],
    wanted: Option<usize>,
    exec: &Executor<'_>,
) -> Result<Vec<Projected>, QueryError> {
    // A comparison cannot fail, so an ordering past the time limit finishes with every
    // comparison equal (quickly), and the limit's error is reported after it.
    let mut stopped = None;
    let mut compare = |a: &(usize, Projected), b: &(usize, Projected)| {
        if stopped.is_some() {
            return Ordering::Equal;
        }
        if let Err(e) = exec.guard.tick() {
            stopped = Some(e);
            return Ordering::Equal;
        }
        for key in order {
            let ord = eval::compare_for_order(a.1.sort_key(key), b.1.sort_key(key));
            let ord = if key.descending { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        a.0.cmp(&b.0)
    };
    let mut indexed: Vec<(usize, Projected)> = rows.into_iter().enumerate().collect();
    match wanted {
        Some(0) => indexed.clear(),
        Some(k) if k < indexed.len() => {
            indexed.select_nth_unstable_by(k - 1, &mut compare);
            indexed.truncate(k);
        }
        _ => {}
    }
    indexed.sort_unstable_by(&mut compare);
    if let Some(e) = stopped {
        return Err(e);
    }
    Ok(indexed.into_iter().map(|(_, row)| row).collect())
}

fn first_of_each(rows: Vec<Projected>, exec: &Executor<'_>) -> Result<Vec<Projected>, QueryError> {
    // The index: a head per hash and a link per kept row.
    exec.guard.budget.charge(rows.len() * 24)?;
    let mut kept: Vec<Projected> = Vec::with_capacity(rows.len());
    let mut index = HashChains::with_capacity(rows.len());
    for row in rows {
        exec.guard.tick()?;
        let hash = key_hash(row.values.iter());
        let seen = index.find(hash, |at| equivalent_values(&kept[at].values, &row.values));
        if seen.is_none() {
            index.add(hash);
            kept.push(row);
        }
    }
    Ok(kept)
}

/// A property of a node or relationship the graph holds (null for null), or `None` for
/// anything the evaluator must look at (another kind of value, an entity deleted by the
/// running statement, which is an error there).
/// A variable's slot and a property key as the graph numbers it.
type SlotKey = (usize, Option<KeyId>);

/// The entity a row holds at one slot, looked up in the graph once for all the
/// properties read of it.
#[derive(Default)]
struct EntityOfRow<'g> {
    found: Option<(usize, Entity<'g>)>,
}

enum Entity<'g> {
    Node(NodeView<'g>),
    Relationship(RelProperties<'g>),
    Null,
    /// Not an entity (or one the graph no longer has): left to the evaluator.
    Other,
}

impl<'g> EntityOfRow<'g> {
    /// The property `key` of the entity at `slot` (null when it lacks it), or `None` when
    /// the evaluator must answer.
    fn property(
        &mut self,
        exec: &'g Executor<'_>,
        row: &[Value],
        slot: usize,
        key: Option<KeyId>,
    ) -> Option<Value> {
        if self.found.as_ref().is_none_or(|(at, _)| *at != slot) {
            let graph = &*exec.graph;
            let entity = match row.get(slot)? {
                Value::Null => Entity::Null,
                Value::Node(id) => graph.node(*id).map_or(Entity::Other, Entity::Node),
                Value::Relationship(id) => graph
                    .relationship_properties(*id)
                    .map_or(Entity::Other, Entity::Relationship),
                _ => Entity::Other,
            };
            self.found = Some((slot, entity));
        }
        let stored = match &self.found.as_ref()?.1 {
            Entity::Null => return Some(Value::Null),
            Entity::Other => return None,
            Entity::Node(node) => key.and_then(|k| node.property_ref(k)),
            Entity::Relationship(rel) => key.and_then(|k| rel.get(k)),
        };
        Some(stored.map_or(Value::Null, |p| p.into_value()))
    }
}

/// Charges the memory limit for what `acc` keeps of `value`.
fn charge_retained(
    exec: &Executor<'_>,
    acc: &Accumulator,
    value: &Value,
) -> Result<(), QueryError> {
    let budget = &exec.guard.budget;
    if budget.counts_memory() {
        budget.charge(acc.retained_bytes(value))?;
    }
    Ok(())
}

/// Feeds an aggregate call's accumulator the argument of one row.
fn feed(
    exec: &Executor<'_>,
    call: &Expr,
    acc: &mut Accumulator,
    value: &Value,
) -> Result<(), QueryError> {
    charge_retained(exec, acc, value)?;
    acc.update_ref(value)
        .map_err(|e| e.at_offset(exec.source, call.span.start))
}

/// A grouping key or an aggregate's argument of an entity a scan found stored, read as
/// `how` says: a plain property, or its bound expression.
fn stored_value<'b>(
    exec: &Executor<'_>,
    how: StoredRead,
    bound: Option<&'b BoundExpr>,
    entity: &StoredEntity<'_, '_>,
) -> Result<Cow<'b, Value>, QueryError> {
    match (how, bound) {
        (StoredRead::Property(key), _) => Ok(Cow::Owned(
            key.and_then(entity.read)
                .map_or(Value::Null, PropertyRef::into_value),
        )),
        (StoredRead::Computed, Some(bound)) => exec.value_stored(bound, entity),
        (StoredRead::Computed, None) => Err(not_repeatable()),
    }
}

/// `items` bound to the rows of `input`, bound at the first row.
fn bind_items<'b>(
    bound: &'b mut Option<Vec<BoundExpr>>,
    items: &[(String, Expr)],
    input: &Scope,
    exec: &Executor<'_>,
) -> &'b [BoundExpr] {
    bound.get_or_insert_with(|| items.iter().map(|(_, e)| exec.bind(e, input)).collect())
}

/// `var.key` of a variable of the input scope: its slot and the key.
fn property_of_variable(expr: &Expr, input: &Scope) -> Option<(usize, String)> {
    match &expr.kind {
        ExprKind::Property(target, key) => match &target.kind {
            ExprKind::Variable(name) => Some((input.slot(name)?, key.clone())),
            _ => None,
        },
        _ => None,
    }
}

/// The slot of `n` when `expr` is `labels(n)`.
fn labels_of_variable(expr: &Expr, input: &Scope) -> Option<usize> {
    match &expr.kind {
        ExprKind::FunctionCall {
            function: Function::Scalar(Scalar::Labels),
            args,
            ..
        } => match args.as_slice() {
            [Expr {
                kind: ExprKind::Variable(name),
                ..
            }] => input.slot(name),
            _ => None,
        },
        _ => None,
    }
}

fn stored_property(exec: &Executor<'_>, value: &Value, key: &str) -> Option<Value> {
    match value {
        Value::Null => Some(Value::Null),
        Value::Node(id) => Some(exec.graph.node(*id)?.property(key).unwrap_or(Value::Null)),
        Value::Relationship(id) => {
            let properties = exec.graph.relationship_properties(*id)?;
            let stored = exec.graph.key_id(key).and_then(|key| properties.get(key));
            Some(stored.map_or(Value::Null, PropertyRef::into_value))
        }
        _ => None,
    }
}

fn not_repeatable() -> QueryError {
    QueryError::runtime(
        ErrorKind::SemanticError,
        "InvalidAggregation",
        "repeated rows reached an aggregate that must see each row",
    )
}

impl Executor<'_> {
    pub(crate) fn project(
        &self,
        table: Table,
        projection: &Projection,
        is_return: bool,
    ) -> Result<Table, QueryError> {
        let mut projector = Projector::new(projection, &table.scope);
        if is_return {
            projector = projector.returns(self.guard.max_rows());
        }
        for row in &table.rows {
            projector.push(self, row)?;
        }
        projector.finish(self)
    }

    /// The value of a SKIP or LIMIT expression: a non-negative integer.
    pub(crate) fn row_count(
        &self,
        expr: Option<&Expr>,
        clause: &str,
    ) -> Result<Option<usize>, QueryError> {
        let Some(expr) = expr else {
            return Ok(None);
        };
        let value = self.eval(
            expr,
            &RowBindings {
                scope: &Scope::default(),
                row: &[],
            },
        )?;
        match value {
            Value::Int(n) if n >= 0 => Ok(Some(n as usize)),
            Value::Int(n) => Err(QueryError::runtime(
                ErrorKind::ArgumentError,
                "NegativeIntegerArgument",
                format!("{clause} must be a non-negative integer, not {n}"),
            )
            .at_offset(self.source, expr.span.start)),
            other => Err(QueryError::runtime(
                ErrorKind::ArgumentError,
                "InvalidArgumentType",
                format!(
                    "{clause} must be a non-negative integer, not {}",
                    other.type_name()
                ),
            )
            .at_offset(self.source, expr.span.start)),
        }
    }
}
