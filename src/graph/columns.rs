//! Property columns: the values of one property key for every node position, or for
//! every relationship of one type, decoded once from the records into a dense array.
//!
//! A read that finds a key in a record pays a random access to the record and a walk over
//! its encoded properties; a column answers it with one index into a vector that fits the
//! cache. Columns are a cache, built on demand: the graph counts the reads of each key
//! (by whoever reads it many times: scans, joins) and builds the column once those reads
//! have cost about what building it does, so a key read rarely never gets one. A write to
//! a node puts its new values into the node columns, which so stay built across writes;
//! a write to relationships drops the columns of relationships (and their counts), and
//! the next reads start counting again.
//! A key whose values are of several kinds, or strings of many distinct values, gets no
//! column: its readers keep reading the records.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use rustc_hash::FxHashMap as HashMap;

use super::record::{KeyId, PropertyRef, RelTypeId};
use super::Graph;
use crate::value::Value;

/// What a column's positions are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnOwner {
    /// Node positions (petgraph's node indices), every node whatever its labels.
    Nodes,
    /// The places in one type's list of storage slots ([`Graph::slots_of_type`]).
    Type(RelTypeId),
    /// The entries of one direction of the compact adjacency ([`super::HopAt`]): a
    /// traversal reads a node's relationships' values in a row, beside their run.
    Hops { outgoing: bool },
}

/// One key's values by position.
pub enum Column {
    Integers {
        values: Vec<i64>,
        present: Bits,
    },
    Floats {
        values: Vec<f64>,
        present: Bits,
    },
    /// Strings of few distinct values, each a number into `words` ([`ABSENT`]: none).
    Strings {
        codes: Vec<u32>,
        words: Vec<Box<str>>,
    },
    /// Strings of many distinct values (names), end to end in `text`, each a span of it
    /// (length [`ABSENT`]: none).
    Texts {
        spans: Vec<(u32, u32)>,
        text: String,
    },
}

/// A code of [`Column::Strings`] for a position without the key.
const ABSENT: u32 = u32::MAX;

/// The most words a write searches for its value's code; a column with more is dropped by
/// a write of a new value instead.
const SEARCHED_WORDS: usize = 256;

/// The most bytes of text a column of `len` positions holds.
fn max_text(len: usize) -> usize {
    (len * 32).clamp(1 << 20, u32::MAX as usize)
}

/// A set of positions, one bit each.
#[derive(Default)]
pub struct Bits(Vec<u64>);

impl Bits {
    fn with_len(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    #[inline]
    pub fn contains(&self, at: usize) -> bool {
        self.0
            .get(at / 64)
            .is_some_and(|word| word & (1 << (at % 64)) != 0)
    }

    fn insert(&mut self, at: usize) {
        if let Some(word) = self.0.get_mut(at / 64) {
            *word |= 1 << (at % 64);
        }
    }

    fn remove(&mut self, at: usize) {
        if let Some(word) = self.0.get_mut(at / 64) {
            *word &= !(1 << (at % 64));
        }
    }

    /// Makes room for `len` positions.
    fn grow(&mut self, len: usize) {
        if self.0.len() < len.div_ceil(64) {
            self.0.resize(len.div_ceil(64), 0);
        }
    }

    /// Whether any position from `first` to `last` (both included) is in the set.
    fn any_in(&self, first: usize, last: usize) -> bool {
        (first / 64..=last / 64).any(|w| {
            let word = self.0.get(w).copied().unwrap_or(0);
            let low = if w == first / 64 { first % 64 } else { 0 };
            let high = if w == last / 64 { last % 64 } else { 63 };
            let mask = (u64::MAX >> (63 - high)) & (u64::MAX << low);
            word & mask != 0
        })
    }
}

impl Column {
    /// The number a column of few distinct strings gives the string at `at`: two positions
    /// hold equal strings exactly when their numbers are equal. `None` when the position
    /// lacks the key, or the column is not of that kind.
    #[inline]
    pub fn code(&self, at: usize) -> Option<u32> {
        match self {
            Column::Strings { codes, .. } => codes.get(at).copied().filter(|&c| c != ABSENT),
            _ => None,
        }
    }

    /// The value at `at`, as a record read would give it (`None`: the key is absent).
    #[inline]
    pub fn get(&self, at: usize) -> Option<PropertyRef<'_>> {
        match self {
            Column::Integers { values, present } => present
                .contains(at)
                .then(|| PropertyRef::Value(Value::Int(values[at]))),
            Column::Floats { values, present } => present
                .contains(at)
                .then(|| PropertyRef::Value(Value::Float(values[at]))),
            Column::Strings { codes, words } => match codes.get(at) {
                Some(&code) if code != ABSENT => Some(PropertyRef::Str(&words[code as usize])),
                _ => None,
            },
            Column::Texts { spans, text } => match spans.get(at) {
                Some(&(start, len)) if len != ABSENT => {
                    let (start, len) = (start as usize, len as usize);
                    text.get(start..start + len).map(PropertyRef::Str)
                }
                _ => None,
            },
        }
    }

    /// Puts `value` at `at`, growing the column to reach it, as a write to the record there
    /// did. False when the column cannot take it: a value of another kind, a new word
    /// among more words than are worth searching, text past its bound.
    fn set(&mut self, at: usize, value: Option<PropertyRef<'_>>) -> bool {
        if at < self.len() && self.get(at) == value {
            return true;
        }
        self.grow(at + 1);
        match (self, value) {
            (Column::Integers { present, .. } | Column::Floats { present, .. }, None) => {
                present.remove(at)
            }
            (Column::Integers { values, present }, Some(PropertyRef::Value(Value::Int(v)))) => {
                values[at] = v;
                present.insert(at);
            }
            (Column::Floats { values, present }, Some(PropertyRef::Value(Value::Float(v)))) => {
                values[at] = v;
                present.insert(at);
            }
            (Column::Strings { codes, .. }, None) => codes[at] = ABSENT,
            (Column::Strings { codes, words }, Some(PropertyRef::Str(s))) => {
                if words.len() > SEARCHED_WORDS {
                    return false;
                }
                let code = match words.iter().position(|w| **w == *s) {
                    Some(code) => code,
                    None => {
                        words.push(s.into());
                        words.len() - 1
                    }
                };
                codes[at] = code as u32;
            }
            (Column::Texts { spans, .. }, None) => spans[at] = (0, ABSENT),
            (Column::Texts { spans, text }, Some(PropertyRef::Str(s))) => {
                if text.len() + s.len() > max_text(spans.len()) {
                    return false;
                }
                spans[at] = (text.len() as u32, s.len() as u32);
                text.push_str(s);
            }
            _ => return false,
        }
        true
    }

    /// Makes room for `len` positions, absent.
    fn grow(&mut self, len: usize) {
        if len <= self.len() {
            return;
        }
        match self {
            Column::Integers { values, present } => {
                values.resize(len, 0);
                present.grow(len);
            }
            Column::Floats { values, present } => {
                values.resize(len, 0.0);
                present.grow(len);
            }
            Column::Strings { codes, .. } => codes.resize(len, ABSENT),
            Column::Texts { spans, .. } => spans.resize(len, (0, ABSENT)),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Column::Integers { values, present } => values.len() * 8 + present.0.len() * 8,
            Column::Floats { values, present } => values.len() * 8 + present.0.len() * 8,
            Column::Strings { codes, words } => {
                codes.len() * 4 + words.iter().map(|w| w.len() + 16).sum::<usize>()
            }
            Column::Texts { spans, text } => spans.len() * 8 + text.len(),
        }
    }
}

/// A test's answer at every position of a column: true, false or null (the value is
/// absent, or the test cannot compare it). Two bits a position where the column keeps
/// bytes, so a test asked of positions at random (the far end of every expansion) reads
/// a table that stays in the cache where the values would not.
pub struct Truths {
    holds: Bits,
    null: Bits,
}

impl Truths {
    /// The answer at `at` (`None`: null).
    #[inline]
    pub fn get(&self, at: usize) -> Option<bool> {
        (!self.null.contains(at)).then(|| self.holds.contains(at))
    }
}

impl Column {
    /// `test` at every position, asked once per distinct word where the column has words.
    /// A test for a substring in a column of texts should come from [`Self::containing`].
    pub fn truths(&self, test: impl Fn(Option<PropertyRef<'_>>) -> Option<bool>) -> Truths {
        let len = self.len();
        let mut truths = Truths {
            holds: Bits::with_len(len),
            null: Bits::with_len(len),
        };
        let mut put = |at: usize, answer: Option<bool>| match answer {
            Some(true) => truths.holds.insert(at),
            Some(false) => {}
            None => truths.null.insert(at),
        };
        match self {
            Column::Strings { codes, words } => {
                let answers: Vec<Option<bool>> = words
                    .iter()
                    .map(|w| test(Some(PropertyRef::Str(w))))
                    .collect();
                let absent = test(None);
                for (at, &code) in codes.iter().enumerate() {
                    put(at, answers.get(code as usize).copied().unwrap_or(absent));
                }
            }
            _ => (0..len).for_each(|at| put(at, test(self.get(at)))),
        }
        truths
    }

    /// Whether each position's string contains `needle` (null where the value is absent
    /// or no string). For texts, one search of the whole text marks where the needle
    /// occurs, and each position asks whether a mark falls inside its span: several
    /// times faster than a search per value.
    pub fn containing(&self, needle: &str) -> Truths {
        let Column::Texts { spans, text } = self else {
            return self.truths(|value| match value? {
                PropertyRef::Str(s) => {
                    Some(memchr::memmem::find(s.as_bytes(), needle.as_bytes()).is_some())
                }
                PropertyRef::Value(_) => None,
            });
        };
        let mut found = Bits::with_len(text.len() + 1);
        for at in memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes()) {
            found.insert(at);
        }
        let mut truths = Truths {
            holds: Bits::with_len(spans.len()),
            null: Bits::with_len(spans.len()),
        };
        for (at, &(start, len)) in spans.iter().enumerate() {
            if len == ABSENT {
                truths.null.insert(at);
            } else if let Some(last) = (len as usize).checked_sub(needle.len()) {
                let first = start as usize;
                if found.any_in(first, first + last) {
                    truths.holds.insert(at);
                }
            }
        }
        truths
    }

    /// Whether the column covers no position.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many positions the column has.
    pub fn len(&self) -> usize {
        match self {
            Column::Integers { values, .. } => values.len(),
            Column::Floats { values, .. } => values.len(),
            Column::Strings { codes, .. } => codes.len(),
            Column::Texts { spans, .. } => spans.len(),
        }
    }
}

/// A column being filled position by position; it gives up at a value that does not fit.
struct Builder {
    len: usize,
    /// Most distinct strings a column may hold as words; past them it keeps texts.
    max_words: usize,
    /// Most bytes of text a column may hold.
    max_text: usize,
    state: Building,
}

enum Building {
    /// Only absent positions so far.
    Undecided,
    Integers(Vec<i64>, Bits),
    Floats(Vec<f64>, Bits),
    Strings(Vec<u32>, Vec<Box<str>>, HashMap<Box<str>, u32>),
    Texts(Vec<(u32, u32)>, String),
    Unsuitable,
}

impl Builder {
    fn new(len: usize) -> Builder {
        Builder {
            len,
            max_words: (len / 8).max(1024),
            max_text: max_text(len),
            state: Building::Undecided,
        }
    }

    fn put(&mut self, at: usize, value: Option<PropertyRef<'_>>) {
        let Some(value) = value else { return };
        if matches!(self.state, Building::Undecided) {
            self.state = match &value {
                PropertyRef::Str(_) => {
                    Building::Strings(vec![ABSENT; self.len], Vec::new(), HashMap::default())
                }
                PropertyRef::Value(Value::Int(_)) => {
                    Building::Integers(vec![0; self.len], Bits::with_len(self.len))
                }
                PropertyRef::Value(Value::Float(_)) => {
                    Building::Floats(vec![0.0; self.len], Bits::with_len(self.len))
                }
                PropertyRef::Value(_) => Building::Unsuitable,
            };
        }
        let fits = match (&mut self.state, &value) {
            (Building::Integers(values, present), PropertyRef::Value(Value::Int(v))) => {
                values[at] = *v;
                present.insert(at);
                true
            }
            (Building::Floats(values, present), PropertyRef::Value(Value::Float(v))) => {
                values[at] = *v;
                present.insert(at);
                true
            }
            (Building::Strings(codes, words, ids), PropertyRef::Str(s)) => {
                let code = match ids.get(*s) {
                    Some(&code) => Some(code),
                    None if words.len() < self.max_words => {
                        let code = words.len() as u32;
                        words.push((*s).into());
                        ids.insert((*s).into(), code);
                        Some(code)
                    }
                    None => None,
                };
                code.map(|code| codes[at] = code).is_some()
            }
            (Building::Texts(spans, text), PropertyRef::Str(s)) => {
                let fits = text.len() + s.len() <= self.max_text;
                if fits {
                    spans[at] = (text.len() as u32, s.len() as u32);
                    text.push_str(s);
                }
                fits
            }
            _ => false,
        };
        if !fits {
            // Words past the most a column keeps become texts; anything else gives up.
            let state = std::mem::replace(&mut self.state, Building::Unsuitable);
            if let (Building::Strings(codes, words, _), PropertyRef::Str(_)) = (state, &value) {
                self.state = texts_of(&codes, &words);
                self.put(at, Some(value));
            }
        }
    }

    fn gave_up(&self) -> bool {
        matches!(self.state, Building::Unsuitable)
    }

    fn finish(self) -> Option<Column> {
        match self.state {
            Building::Undecided => Some(Column::Strings {
                codes: vec![ABSENT; self.len],
                words: Vec::new(),
            }),
            Building::Integers(values, present) => Some(Column::Integers { values, present }),
            Building::Floats(values, present) => Some(Column::Floats { values, present }),
            Building::Strings(codes, words, _) => Some(Column::Strings { codes, words }),
            Building::Texts(spans, text) => Some(Column::Texts { spans, text }),
            Building::Unsuitable => None,
        }
    }
}

/// The texts of a column of words that has met too many distinct ones: each word once in
/// the text, its positions spanning it.
fn texts_of(codes: &[u32], words: &[Box<str>]) -> Building {
    let mut text = String::new();
    let mut word_spans = Vec::with_capacity(words.len());
    for word in words {
        word_spans.push((text.len() as u32, word.len() as u32));
        text.push_str(word);
    }
    let span = |&code: &u32| match word_spans.get(code as usize) {
        Some(&span) => span,
        None => (0, ABSENT),
    };
    Building::Texts(codes.iter().map(span).collect(), text)
}

/// What the graph knows of one (owner, key).
#[derive(Default)]
struct Entry {
    /// Reads counted since the last write to the owner.
    reads: usize,
    /// The column, once built; `Some(None)` once found unsuitable.
    column: Option<Option<Arc<Column>>>,
}

/// The graph's columns and read counts, behind a lock: readers on several threads share
/// them, and a column is built once for all of them.
#[derive(Default)]
pub(super) struct Columns {
    entries: Mutex<HashMap<(ColumnOwner, KeyId), Entry>>,
}

impl Columns {
    fn lock(&self) -> MutexGuard<'_, HashMap<(ColumnOwner, KeyId), Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps the node columns true after a write left node position `at` with the values
    /// `read` gives: each built column takes its key's new value where no reader holds
    /// it; one that cannot (a reader holds it, or the value does not fit) is dropped with
    /// its count, and so is a key found unsuitable before, which the write may have
    /// changed. Counts of keys without a column stay.
    pub(super) fn patch_nodes<'v>(
        &mut self,
        at: usize,
        read: impl Fn(KeyId) -> Option<PropertyRef<'v>>,
    ) {
        let entries = self
            .entries
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if entries.is_empty() {
            return;
        }
        entries.retain(|&(owner, key), entry| match &mut entry.column {
            _ if owner != ColumnOwner::Nodes => true,
            None => true,
            Some(None) => false,
            Some(Some(column)) => Arc::get_mut(column).is_some_and(|c| c.set(at, read(key))),
        });
    }

    /// Drops what covers relationships: a relationship was added, removed or changed,
    /// which moves places in the lists of storage slots or changes a value.
    pub(super) fn forget_relationships(&mut self) {
        self.forget(|owner| owner != ColumnOwner::Nodes);
    }

    /// Drops the hop columns: the compact adjacency whose entries they follow is gone.
    pub(super) fn forget_hops(&mut self) {
        self.forget(|owner| matches!(owner, ColumnOwner::Hops { .. }));
    }

    /// Drops the columns and counts of the owners `covered` says a write touched (this
    /// runs on every write, so an empty cache costs one test).
    fn forget(&mut self, covered: impl Fn(ColumnOwner) -> bool) {
        let entries = self
            .entries
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if !entries.is_empty() {
            entries.retain(|(owner, _), _| !covered(*owner));
        }
    }

    /// The bytes held by the built columns of the owners `counted` picks.
    fn bytes(
        entries: &HashMap<(ColumnOwner, KeyId), Entry>,
        counted: impl Fn(ColumnOwner) -> bool,
    ) -> usize {
        let built = (entries.iter())
            .filter(|((owner, _), _)| counted(*owner))
            .filter_map(|(_, e)| e.column.as_ref()?.as_ref());
        built.map(|column| column.bytes()).sum()
    }
}

impl Graph {
    /// The storage slots of the relationships of `rel_type`, in order: the positions of
    /// that type's columns.
    pub fn slots_of_type(&self, rel_type: RelTypeId) -> &[u32] {
        self.type_slots()
            .get(rel_type.0 as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// The relationship at a storage slot.
    pub fn relationship_at_slot(&self, slot: u32) -> Option<super::RelView<'_>> {
        let ix = EdgeIndex::new(slot as usize);
        let record = self.inner.edge_weight(ix)?;
        let (source, target) = self.inner.edge_endpoints(ix)?;
        Some(self.rel_view(record, (self.id_at(source), self.id_at(target))))
    }

    /// Node `id`'s value in `column`, a column over node positions (`None` when the node
    /// is not live). A value at the position the id maps to is that node's: while ids are
    /// positions, a position another node took makes them differ, and the id index knows
    /// no deleted id; only an absent value needs the liveness check.
    #[inline]
    pub fn node_value<'c>(
        &self,
        column: &'c Column,
        id: crate::value::NodeId,
    ) -> Option<Option<PropertyRef<'c>>> {
        match column.get(self.position_unchecked(id)?.index()) {
            Some(value) => Some(Some(value)),
            None => self.index_of(id).map(|_| None),
        }
    }

    /// Node `id`'s string number in `column` ([`Column::code`]); `None` when it has none,
    /// or is not live (a present value at the position an id maps to is that node's, as
    /// for [`Self::node_value`]).
    #[inline]
    pub fn node_code(&self, column: &Column, id: crate::value::NodeId) -> Option<u32> {
        column.code(self.position_unchecked(id)?.index())
    }

    /// Node `id`'s answer in `truths`, a table over node positions (`None` when the node
    /// is not live), with the liveness check only where the answer is null, as for
    /// [`Self::node_value`].
    #[inline]
    pub fn node_truth(&self, truths: &Truths, id: crate::value::NodeId) -> Option<Option<bool>> {
        match truths.get(self.position_unchecked(id)?.index()) {
            Some(answer) => Some(Some(answer)),
            None => self.index_of(id).map(|_| None),
        }
    }

    /// The node position of a live node: where node columns keep its values.
    pub fn node_position(&self, id: crate::value::NodeId) -> Option<usize> {
        self.index_of(id).map(NodeIndex::index)
    }

    /// The columns of `keys` over `owner`'s positions, after counting `reads` more reads of
    /// each: a key gets its column once its reads reach `from` (by default about what
    /// building it costs); `None` until then, and for a key whose values fit no column or
    /// that would take the columns past their memory budget.
    pub fn columns(
        &self,
        owner: ColumnOwner,
        keys: &[KeyId],
        reads: usize,
        from: Option<usize>,
    ) -> Vec<Option<Arc<Column>>> {
        let mut entries = self.column_cache.lock();
        let len = self.column_len(owner);
        let mut wanted = Vec::new();
        for &key in keys {
            let entry = entries.entry((owner, key)).or_default();
            entry.reads = entry.reads.saturating_add(reads);
            let from = from.unwrap_or_else(|| self.build_cost(owner, len));
            if entry.column.is_none() && entry.reads >= from {
                wanted.push(key);
            }
        }
        // Hop columns repeat values the other columns hold, in the adjacency's order, and
        // have a budget of their own, so that they never crowd out a node column.
        let hops = |o: ColumnOwner| matches!(o, ColumnOwner::Hops { .. });
        let same_budget = |o: ColumnOwner| hops(o) == hops(owner);
        let budget = self
            .column_budget(hops(owner))
            .saturating_sub(Columns::bytes(&entries, same_budget));
        if !wanted.is_empty() && wanted.len() * len * 8 <= budget {
            let built = self.build_columns(owner, &wanted, len);
            for (key, column) in wanted.into_iter().zip(built) {
                entries.entry((owner, key)).or_default().column = Some(column.map(Arc::new));
            }
        }
        let column = |key| entries.get(&(owner, key))?.column.clone()?;
        keys.iter().map(|&key| column(key)).collect()
    }

    fn column_len(&self, owner: ColumnOwner) -> usize {
        match owner {
            ColumnOwner::Nodes => self.node_data.len(),
            ColumnOwner::Type(rel_type) => self.slots_of_type(rel_type).len(),
            ColumnOwner::Hops { outgoing } => self.adjacency().entries_len(outgoing),
        }
    }

    /// Reads of a key after which its column pays: a build reads every position in
    /// storage order, several times faster than reads one record at a time, and node
    /// columns cover every label.
    fn build_cost(&self, owner: ColumnOwner, len: usize) -> usize {
        match owner {
            ColumnOwner::Nodes => len / 4,
            ColumnOwner::Type(_) | ColumnOwner::Hops { .. } => len / 2,
        }
        .max(1024)
    }

    /// Columns may take as much memory as the records' encoded bytes; hop columns, as
    /// much as the adjacency whose entries they follow.
    fn column_budget(&self, hops: bool) -> usize {
        match hops {
            true => self.adjacency().bytes(),
            false => self.arena.len(),
        }
        .max(1 << 24)
    }

    fn build_columns<'g>(
        &'g self,
        owner: ColumnOwner,
        keys: &[KeyId],
        len: usize,
    ) -> Vec<Option<Column>> {
        let mut builders: Vec<Builder> = keys.iter().map(|_| Builder::new(len)).collect();
        let mut fill = |at: usize, read: &dyn Fn(KeyId) -> Option<PropertyRef<'g>>| {
            for (builder, &key) in builders.iter_mut().zip(keys) {
                if !builder.gave_up() {
                    builder.put(at, read(key));
                }
            }
        };
        match owner {
            ColumnOwner::Nodes => {
                for at in 0..len {
                    if let Some(data) = self.data_at(NodeIndex::new(at)) {
                        let node = super::NodeView::new(0, self.arena.at(data), &self.dicts);
                        fill(at, &|key| node.property_ref(key));
                    }
                }
            }
            ColumnOwner::Type(rel_type) => {
                for (at, &slot) in self.slots_of_type(rel_type).iter().enumerate() {
                    if let Some(rel) = self.relationship_at_slot(slot) {
                        fill(at, &|key| rel.property_ref(key));
                    }
                }
            }
            ColumnOwner::Hops { outgoing } => {
                // Runs go by node, records by storage slot: each read is a miss, started
                // a few entries ahead so that they overlap.
                const AHEAD: usize = 8;
                for (first, words) in self.adjacency().clean_runs(outgoing) {
                    for (k, &word) in words.iter().enumerate() {
                        if let Some(&ahead) = words.get(k + AHEAD) {
                            self.prefetch_word(ahead);
                        }
                        let properties = self.word_properties(word);
                        fill(first + k, &|key| properties.as_ref()?.get(key));
                    }
                }
            }
        }
        builders.into_iter().map(Builder::finish).collect()
    }
}
