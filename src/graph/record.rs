//! Compact records of the in-memory graph and the views readers get of them.
//!
//! The graph keeps no owned [`Node`] or [`Relationship`]: labels, relationship types and
//! property keys are interned in per-graph [`Dictionaries`], and a record's labels and
//! properties are one encoded blob in a shared byte [`Arena`]. A relationship record is
//! its id, its type id and the offset of its properties; its endpoints are the petgraph
//! endpoints. Readers get [`NodeView`] / [`RelView`] (cheap, `Copy`, decoding on demand)
//! or, through [`crate::graph::EntityLookup`], [`NodeRef`] / [`RelRef`], which also cover
//! owned records (a query result's snapshot, a deleted relationship's before-image).
//!
//! Blob layout (integers are LEB128 varints): a node blob is the label count and label
//! ids, then the properties; a relationship blob is the properties alone. Properties are
//! the entry count, then per entry the key id and a tagged value, in the key order of
//! [`Properties`], so decoding yields an already sorted map.

use std::collections::BTreeMap;
use std::num::NonZeroU64;

use rustc_hash::FxHashMap as HashMap;

use crate::store::Token;
use crate::value::{Node, NodeId, Path, Properties, RelId, Relationship, Value};

/// Id of a label in one graph's dictionary (stable while the graph lives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LabelId(pub(super) u32);

/// Id of a relationship type in one graph's dictionary (stable while the graph lives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelTypeId(pub(super) u32);

/// Id of a property key in one graph's dictionary (stable while the graph lives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub(super) u32);

/// Names ↔ ids. A name once interned stays, which is also what keeps a label, type or key
/// "known" for the did-you-mean warnings after its last use is gone.
///
/// Ids are dense except after a load from a snapshot, which takes the snapshot
/// dictionary's numbers as they are ([`Dictionary::define`]): labels, types and keys share
/// that numbering, so each of the three dictionaries leaves unused the numbers of the
/// other kinds' words. Decoder threads can then encode records without asking the graph.
/// (A type numbered [`WIDE_TYPE`] or more that way keeps its id in its records' blobs.)
#[derive(Default)]
pub(super) struct Dictionary {
    names: Vec<Option<Box<str>>>,
    ids: HashMap<Box<str>, u32>,
}

impl Dictionary {
    pub(super) fn id(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    pub(super) fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(Some(name.into()));
        self.ids.insert(name.into(), id);
        id
    }

    /// Gives `name` the id `id`, unless the id has a name already or the name an id.
    pub(super) fn define(&mut self, id: u32, name: &str) {
        let at = id as usize;
        if at >= self.names.len() {
            self.names.resize(at + 1, None);
        }
        if self.names[at].is_some() || self.ids.contains_key(name) {
            return;
        }
        self.names[at] = Some(name.into());
        self.ids.insert(name.into(), id);
    }

    /// The name of an id this dictionary handed out (empty for any other).
    pub(super) fn name(&self, id: u32) -> &str {
        self.names
            .get(id as usize)
            .and_then(Option::as_deref)
            .unwrap_or("")
    }

    /// Every name with its id, in id order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        self.names
            .iter()
            .enumerate()
            .filter_map(|(id, name)| Some((id as u32, name.as_deref()?)))
    }
}

/// The three dictionaries of a graph.
#[derive(Default)]
pub(super) struct Dictionaries {
    pub(super) labels: Dictionary,
    pub(super) types: Dictionary,
    pub(super) keys: Dictionary,
}

/// Where a blob starts in the arena; never zero, so that `Option` of a record costs
/// nothing (petgraph keeps its weights as `Option`s).
pub(super) type Offset = NonZeroU64;

/// What a blob holds, which says how to read (and measure) it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Blob {
    /// Label ids, then properties.
    Node,
    /// Properties.
    Relationship,
    /// The relationship's type id, then its properties: for type ids too large to pack
    /// into the record (see [`WIDE_TYPE`]).
    WideRelationship,
}

/// Type ids from this one on are kept in the blob rather than in the record.
pub(super) const WIDE_TYPE: u32 = 0xFFFF;

/// The blob of no labels and no properties, shared by every record that has neither.
pub(super) const EMPTY: Offset = match NonZeroU64::new(1) {
    Some(offset) => offset,
    None => unreachable!(),
};

/// Every record's blob, end to end in one vector: no allocation (and no allocator
/// overhead) per record. A replaced or removed blob becomes garbage, which
/// [`Arena::needs_compaction`] says is worth reclaiming.
pub(super) struct Arena {
    bytes: Vec<u8>,
    garbage: usize,
}

impl Default for Arena {
    fn default() -> Self {
        // Byte 0 keeps offsets non-zero; bytes 1 and 2 are the shared empty blob (no
        // labels, no properties), read as a node blob or a relationship blob.
        Arena {
            bytes: vec![0, 0, 0],
            garbage: 0,
        }
    }
}

impl Arena {
    const RESERVED: usize = 3;

    pub(super) fn at(&self, offset: Offset) -> &[u8] {
        self.bytes.get(offset.get() as usize..).unwrap_or(&[])
    }

    pub(super) fn len(&self) -> usize {
        self.bytes.len()
    }

    pub(super) fn garbage(&self) -> usize {
        self.garbage
    }

    pub(super) fn reserved() -> usize {
        Self::RESERVED
    }

    fn next_offset(&self) -> Offset {
        NonZeroU64::new(self.bytes.len() as u64).unwrap_or(EMPTY)
    }

    /// Encodes a node's labels and properties; records with neither share [`EMPTY`].
    pub(super) fn put_node(
        &mut self,
        dicts: &mut Dictionaries,
        labels: &[String],
        properties: &Properties,
    ) -> Offset {
        if labels.is_empty() && properties.is_empty() {
            return EMPTY;
        }
        let offset = self.next_offset();
        put_varint(&mut self.bytes, labels.len() as u64);
        for label in labels {
            let id = dicts.labels.intern(label);
            put_varint(&mut self.bytes, u64::from(id));
        }
        put_properties(&mut self.bytes, &mut dicts.keys, properties);
        offset
    }

    /// Encodes a relationship's properties (after its type id when that is
    /// [`WIDE_TYPE`] or more); no properties share [`EMPTY`].
    pub(super) fn put_relationship(
        &mut self,
        keys: &mut Dictionary,
        rel_type: u32,
        properties: &Properties,
    ) -> Offset {
        let wide = rel_type >= WIDE_TYPE;
        if properties.is_empty() && !wide {
            return EMPTY;
        }
        let offset = self.next_offset();
        if wide {
            put_varint(&mut self.bytes, u64::from(rel_type));
        }
        put_properties(&mut self.bytes, keys, properties);
        offset
    }

    /// Marks a blob no record uses any more.
    pub(super) fn release(&mut self, offset: Offset, kind: Blob) {
        if offset != EMPTY {
            self.garbage += blob_len(self.at(offset), kind);
        }
    }

    /// Whether garbage is over half the arena (and big enough to bother).
    pub(super) fn needs_compaction(&self) -> bool {
        self.garbage > 1 << 16 && self.garbage * 2 > self.bytes.len()
    }

    /// Starts a compaction: the live blobs are copied, in whatever order the caller
    /// visits them, into a fresh arena with [`Arena::keep`].
    pub(super) fn fresh(&self) -> Arena {
        let mut bytes = Vec::with_capacity(self.bytes.len() - self.garbage);
        bytes.extend_from_slice(&[0, 0, 0]);
        Arena { bytes, garbage: 0 }
    }

    /// Copies the blob at `offset` of `old` into this arena and returns its new offset.
    pub(super) fn keep(&mut self, old: &Arena, offset: Offset, kind: Blob) -> Offset {
        if offset == EMPTY {
            return EMPTY;
        }
        let blob = old.at(offset);
        let len = blob_len(blob, kind);
        let new = self.next_offset();
        self.bytes.extend_from_slice(&blob[..len.min(blob.len())]);
        new
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }

    /// Appends blobs encoded elsewhere (a [`LoadChunk`]'s); returns where they start.
    pub(super) fn append(&mut self, blobs: &[u8]) -> u64 {
        let at = self.bytes.len() as u64;
        self.bytes.extend_from_slice(blobs);
        at
    }
}

/// The length of the blob that starts `data`.
pub(super) fn blob_len(data: &[u8], kind: Blob) -> usize {
    let mut r = Reader::new(data);
    match kind {
        Blob::Node => r.skip_labels(),
        Blob::Relationship => {}
        Blob::WideRelationship => {
            r.varint();
        }
    }
    let count = r.varint();
    for _ in 0..count {
        r.varint();
        r.skip_value();
    }
    r.at
}

// ---- encoding ---------------------------------------------------------------------------

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
const STRING: u8 = 5;
const LIST: u8 = 6;
const MAP: u8 = 7;
const NODE: u8 = 8;
const RELATIONSHIP: u8 = 9;
const PATH: u8 = 10;
/// A temporal value or duration: a length, then its bytes as `value::temporal_bytes` writes them.
const TEMPORAL: u8 = 11;

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_properties(out: &mut Vec<u8>, keys: &mut Dictionary, properties: &Properties) {
    put_varint(out, properties.len() as u64);
    for (key, value) in properties {
        put_varint(out, u64::from(keys.intern(key)));
        put_value(out, value);
    }
}

/// Any value round-trips, not only the storable ones, so that a record always decodes to
/// exactly what was inserted.
fn put_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.push(NULL),
        Value::Bool(false) => out.push(FALSE),
        Value::Bool(true) => out.push(TRUE),
        Value::Int(i) => {
            out.push(INT);
            put_varint(out, ((*i << 1) ^ (*i >> 63)) as u64);
        }
        Value::Float(x) => {
            out.push(FLOAT);
            out.extend_from_slice(&x.to_bits().to_le_bytes());
        }
        Value::String(s) => {
            out.push(STRING);
            put_str(out, s);
        }
        Value::List(items) => {
            out.push(LIST);
            put_varint(out, items.len() as u64);
            for item in items {
                put_value(out, item);
            }
        }
        Value::Map(map) => {
            out.push(MAP);
            put_varint(out, map.len() as u64);
            for (key, item) in map {
                put_str(out, key);
                put_value(out, item);
            }
        }
        Value::Node(id) => {
            out.push(NODE);
            put_varint(out, *id);
        }
        Value::Relationship(id) => {
            out.push(RELATIONSHIP);
            put_varint(out, *id);
        }
        Value::Path(path) => {
            out.push(PATH);
            put_varint(out, path.nodes.len() as u64);
            for id in &path.nodes {
                put_varint(out, *id);
            }
            put_varint(out, path.relationships.len() as u64);
            for id in &path.relationships {
                put_varint(out, *id);
            }
        }
        temporal => put_temporal(out, &crate::value::temporal_bytes(temporal)),
    }
}

fn put_temporal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(TEMPORAL);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

// ---- decoding ---------------------------------------------------------------------------

/// A cursor over a blob. The arena only holds what the encoder wrote, so running off the
/// end cannot happen; should it, reads yield zeros and empty strings rather than panic.
#[derive(Clone)]
pub(super) struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        Reader { data, at: 0 }
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    pub(super) fn varint(&mut self) -> u64 {
        let mut n = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte();
            if shift < 64 {
                n |= u64::from(b & 0x7f) << shift;
            }
            if b & 0x80 == 0 {
                return n;
            }
            shift += 7;
        }
    }

    fn id(&mut self) -> u32 {
        self.varint() as u32
    }

    fn bytes(&mut self, len: usize) -> &'a [u8] {
        let start = self.at.min(self.data.len());
        let end = self.at.saturating_add(len).min(self.data.len());
        self.at = self.at.saturating_add(len);
        &self.data[start..end]
    }

    fn str(&mut self) -> &'a str {
        let len = self.varint() as usize;
        std::str::from_utf8(self.bytes(len)).unwrap_or("")
    }

    fn skip_labels(&mut self) {
        let count = self.varint();
        for _ in 0..count {
            self.varint();
        }
    }

    fn skip_value(&mut self) {
        match self.byte() {
            INT | NODE | RELATIONSHIP => {
                self.varint();
            }
            FLOAT => self.at += 8,
            STRING | TEMPORAL => {
                let len = self.varint() as usize;
                self.at = self.at.saturating_add(len);
            }
            LIST => {
                for _ in 0..self.varint() {
                    self.skip_value();
                }
            }
            MAP => {
                for _ in 0..self.varint() {
                    let len = self.varint() as usize;
                    self.at = self.at.saturating_add(len);
                    self.skip_value();
                }
            }
            PATH => {
                for _ in 0..2 {
                    for _ in 0..self.varint() {
                        self.varint();
                    }
                }
            }
            _ => {}
        }
    }

    fn value(&mut self) -> Value {
        match self.byte() {
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            INT => {
                let z = self.varint();
                Value::Int(((z >> 1) as i64) ^ -((z & 1) as i64))
            }
            FLOAT => {
                let mut raw = [0u8; 8];
                let bytes = self.bytes(8);
                raw[..bytes.len()].copy_from_slice(bytes);
                Value::Float(f64::from_bits(u64::from_le_bytes(raw)))
            }
            STRING => Value::String(self.str().to_owned()),
            LIST => {
                let count = self.varint() as usize;
                let mut items = Vec::with_capacity(count.min(1024));
                for _ in 0..count {
                    items.push(self.value());
                }
                Value::List(items)
            }
            MAP => {
                let mut map = BTreeMap::new();
                for _ in 0..self.varint() {
                    let key = self.str().to_owned();
                    map.insert(key, self.value());
                }
                Value::Map(map)
            }
            NODE => Value::Node(self.varint()),
            RELATIONSHIP => Value::Relationship(self.varint()),
            PATH => {
                let nodes = (0..self.varint()).map(|_| self.varint()).collect();
                let relationships = (0..self.varint()).map(|_| self.varint()).collect();
                Value::Path(Box::new(Path {
                    nodes,
                    relationships,
                }))
            }
            TEMPORAL => {
                let len = self.varint() as usize;
                crate::value::temporal_from_bytes(self.bytes(len))
            }
            _ => Value::Null,
        }
    }

    /// The string a value holds, without copying, when it is one (else skips it).
    fn value_str(&mut self) -> Option<&'a str> {
        if self.data.get(self.at) == Some(&STRING) {
            self.at += 1;
            Some(self.str())
        } else {
            self.skip_value();
            None
        }
    }
}

/// The type id at the start of a [`Blob::WideRelationship`], and the properties after it.
pub(super) fn wide_type(data: &[u8]) -> (u32, &[u8]) {
    let mut r = Reader::new(data);
    let rel_type = r.id();
    (rel_type, data.get(r.at..).unwrap_or(&[]))
}

/// Properties of a blob positioned at its property count.
fn find_property(mut r: Reader<'_>, key: u32) -> Option<Value> {
    let count = r.varint();
    for _ in 0..count {
        if r.id() == key {
            return Some(r.value());
        }
        r.skip_value();
    }
    None
}

/// [`find_property`] that lends a string value from the blob instead of copying it.
fn find_property_ref<'a>(mut r: Reader<'a>, key: u32) -> Option<PropertyRef<'a>> {
    let count = r.varint();
    for _ in 0..count {
        if r.id() == key {
            return Some(if r.data.get(r.at) == Some(&STRING) {
                r.at += 1;
                PropertyRef::Str(r.str())
            } else {
                PropertyRef::Value(r.value())
            });
        }
        r.skip_value();
    }
    None
}

/// A property value read in place: a string is lent from the graph, anything else is
/// decoded (numbers and booleans allocate nothing).
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyRef<'g> {
    Str(&'g str),
    Value(Value),
}

impl PropertyRef<'_> {
    pub fn into_value(self) -> Value {
        match self {
            PropertyRef::Str(s) => Value::String(s.to_owned()),
            PropertyRef::Value(v) => v,
        }
    }
}

fn decode_properties(mut r: Reader<'_>, keys: &Dictionary) -> Properties {
    let count = r.varint() as usize;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let key = keys.name(r.id()).to_owned();
        entries.push((key, r.value()));
    }
    Properties::from_sorted(entries)
}

fn property_keys<'a>(mut r: Reader<'a>, keys: &'a Dictionary) -> Vec<&'a str> {
    let count = r.varint() as usize;
    let mut names = Vec::with_capacity(count);
    for _ in 0..count {
        names.push(keys.name(r.id()));
        r.skip_value();
    }
    names
}

/// The strings held by name properties (`name`, `name_*`, `aliases`) of a blob positioned
/// at its property count, as stored (not normalized).
pub(super) fn name_strings<'a>(r: Reader<'a>, keys: &Dictionary, f: impl FnMut(&'a str)) {
    name_strings_by(r, |key| super::is_name_key(keys.name(key)), f);
}

/// [`name_strings`], with the name keys told by id.
fn name_strings_by<'a>(
    mut r: Reader<'a>,
    is_name_key: impl Fn(u32) -> bool,
    mut f: impl FnMut(&'a str),
) {
    let count = r.varint();
    for _ in 0..count {
        if !is_name_key(r.id()) {
            r.skip_value();
            continue;
        }
        match r.data.get(r.at).copied() {
            Some(STRING) => {
                if let Some(s) = r.value_str() {
                    f(s);
                }
            }
            Some(LIST) => {
                r.at += 1;
                for _ in 0..r.varint() {
                    if let Some(s) = r.value_str() {
                        f(s);
                    }
                }
            }
            _ => r.skip_value(),
        }
    }
}

/// Whether the property `key` of a blob positioned at its property count is a string.
pub(super) fn is_string(mut r: Reader<'_>, key: u32) -> bool {
    let count = r.varint();
    for _ in 0..count {
        if r.id() == key {
            return r.data.get(r.at) == Some(&STRING);
        }
        r.skip_value();
    }
    false
}

// ---- loading from a snapshot ------------------------------------------------------------

/// Where a [`LoadChunk`] record's blob starts in the chunk's bytes, or `None` for the
/// shared empty blob.
pub(super) type ChunkBlob = Option<usize>;

pub(super) struct LoadedNode {
    pub(super) id: NodeId,
    pub(super) blob: ChunkBlob,
}

pub(super) struct LoadedRel {
    pub(super) id: RelId,
    pub(super) rel_type: u32,
    pub(super) start: NodeId,
    pub(super) end: NodeId,
    pub(super) blob: ChunkBlob,
}

/// A name a node of the chunk is indexed under, normalized, in [`LoadChunk::name_text`].
pub(super) struct LoadedName {
    pub(super) id: NodeId,
    pub(super) text: std::ops::Range<usize>,
}

/// How a dictionary word is used (bits of [`LoadChunk`]'s first uses).
pub(super) const USED_AS_LABEL: u8 = 1;
pub(super) const USED_AS_TYPE: u8 = 2;
pub(super) const USED_AS_KEY: u8 = 4;

/// One snapshot chunk as a decoder thread turns it into the graph's encoding: the blobs
/// of its records end to end, ready to be appended to the arena as they are, with label,
/// type and key ids that are the snapshot dictionary's numbers (see
/// [`Dictionary::define`]), and the normalized names of its nodes. The graph's thread is
/// left with linking records and indexing them.
pub struct LoadChunk {
    pub(super) bytes: Vec<u8>,
    pub(super) nodes: Vec<LoadedNode>,
    pub(super) relationships: Vec<LoadedRel>,
    /// Dictionary words used in this chunk, each once per kind of use, with the kind.
    pub(super) first_uses: Vec<(u32, u8)>,
    pub(super) names: Vec<LoadedName>,
    pub(super) name_text: String,
    /// Per dictionary word: the kinds of use seen in this chunk, and whether it is a key
    /// the name index covers.
    used: Vec<u8>,
    name_keys: Vec<bool>,
    /// The record being decoded: whether it is a node, where its blob starts, its label
    /// count, whether its type leads its blob, and whether it has a name key.
    in_node: bool,
    start: usize,
    labels: usize,
    wide: bool,
    named: bool,
    scratch: String,
}

impl LoadChunk {
    /// An empty chunk for records numbered by the dictionary `words`.
    pub fn new(words: &[String]) -> LoadChunk {
        LoadChunk {
            bytes: Vec::new(),
            nodes: Vec::new(),
            relationships: Vec::new(),
            first_uses: Vec::new(),
            names: Vec::new(),
            name_text: String::new(),
            used: vec![0; words.len()],
            name_keys: words.iter().map(|w| super::is_name_key(w)).collect(),
            in_node: false,
            start: 0,
            labels: 0,
            wide: false,
            named: false,
            scratch: String::new(),
        }
    }

    fn use_word(&mut self, word: u32, how: u8) {
        if let Some(used) = self.used.get_mut(word as usize) {
            if *used & how == 0 {
                *used |= how;
                self.first_uses.push((word, how));
            }
        }
    }

    /// Collects the normalized names of the node just decoded.
    fn index_names(&mut self, id: NodeId) {
        let Some(blob) = self.bytes.get(self.start..) else {
            return;
        };
        let (name_keys, names, text, scratch) = (
            &self.name_keys,
            &mut self.names,
            &mut self.name_text,
            &mut self.scratch,
        );
        let is_name_key = |key: u32| name_keys.get(key as usize).copied().unwrap_or(false);
        name_strings_by(node_labels(blob).1, is_name_key, |name| {
            super::normalize_into(name, scratch);
            let at = text.len();
            text.push_str(scratch);
            names.push(LoadedName {
                id,
                text: at..text.len(),
            });
        });
    }
}

impl crate::store::RecordSink for LoadChunk {
    fn node(&mut self, id: NodeId, labels: usize) {
        self.in_node = true;
        self.start = self.bytes.len();
        self.labels = labels;
        self.wide = false;
        self.named = false;
        put_varint(&mut self.bytes, labels as u64);
        self.nodes.push(LoadedNode {
            id,
            blob: Some(self.start),
        });
    }

    fn label(&mut self, word: u32) {
        self.use_word(word, USED_AS_LABEL);
        put_varint(&mut self.bytes, u64::from(word));
    }

    fn relationship(&mut self, id: RelId, rel_type: u32, start: NodeId, end: NodeId) {
        self.use_word(rel_type, USED_AS_TYPE);
        self.in_node = false;
        self.start = self.bytes.len();
        self.labels = 0;
        self.wide = rel_type >= WIDE_TYPE;
        self.named = false;
        if self.wide {
            put_varint(&mut self.bytes, u64::from(rel_type));
        }
        self.relationships.push(LoadedRel {
            id,
            rel_type,
            start,
            end,
            blob: Some(self.start),
        });
    }

    fn properties(&mut self, count: usize) {
        if count > 0 || self.labels > 0 || self.wide {
            put_varint(&mut self.bytes, count as u64);
            return;
        }
        // Neither labels nor properties: the shared empty blob, as `Arena::put_node` and
        // `Arena::put_relationship` do.
        self.bytes.truncate(self.start);
        let blob = if self.in_node {
            self.nodes.last_mut().map(|n| &mut n.blob)
        } else {
            self.relationships.last_mut().map(|r| &mut r.blob)
        };
        if let Some(blob) = blob {
            *blob = None;
        }
    }

    fn key(&mut self, word: u32) {
        self.use_word(word, USED_AS_KEY);
        self.named |= self.name_keys.get(word as usize).copied().unwrap_or(false);
        put_varint(&mut self.bytes, u64::from(word));
    }

    fn token(&mut self, token: Token<'_>) {
        let out = &mut self.bytes;
        match token {
            Token::Null => out.push(NULL),
            Token::Bool(false) => out.push(FALSE),
            Token::Bool(true) => out.push(TRUE),
            Token::Int(i) => {
                out.push(INT);
                put_varint(out, ((i << 1) ^ (i >> 63)) as u64);
            }
            Token::Float(x) => {
                out.push(FLOAT);
                out.extend_from_slice(&x.to_bits().to_le_bytes());
            }
            Token::String(s) => {
                out.push(STRING);
                put_str(out, s);
            }
            Token::List(n) => {
                out.push(LIST);
                put_varint(out, n as u64);
            }
            Token::Map(n) => {
                out.push(MAP);
                put_varint(out, n as u64);
            }
            Token::MapKey(key) => put_str(out, key),
            Token::Node(id) => {
                out.push(NODE);
                put_varint(out, id);
            }
            Token::Relationship(id) => {
                out.push(RELATIONSHIP);
                put_varint(out, id);
            }
            Token::Path => out.push(PATH),
            Token::Temporal(bytes) => put_temporal(out, bytes),
            Token::Ids(n) => put_varint(out, n as u64),
            Token::Id(id) => put_varint(out, id),
        }
    }

    fn end(&mut self) {
        if self.in_node && self.named {
            if let Some(id) = self.nodes.last().map(|n| n.id) {
                self.index_names(id);
            }
        }
    }
}

// ---- views ------------------------------------------------------------------------------

/// The label ids of a node blob, and a reader left at its properties.
pub(super) fn node_labels(data: &[u8]) -> (impl Iterator<Item = u32> + '_, Reader<'_>) {
    let mut r = Reader::new(data);
    let count = r.varint();
    let mut props = r.clone();
    for _ in 0..count {
        props.varint();
    }
    let ids = (0..count).map(move |_| r.id());
    (ids, props)
}

/// A node of the graph, read in place. Cheap to copy; decoding happens per call.
#[derive(Clone, Copy)]
pub struct NodeView<'g> {
    id: NodeId,
    data: &'g [u8],
    dicts: &'g Dictionaries,
}

impl<'g> NodeView<'g> {
    pub(super) fn new(id: NodeId, data: &'g [u8], dicts: &'g Dictionaries) -> Self {
        NodeView { id, data, dicts }
    }

    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The labels in order; the first is the node's kind.
    pub fn labels(&self) -> Labels<'g> {
        let mut r = Reader::new(self.data);
        let left = r.varint() as usize;
        Labels(LabelsInner::Graph {
            reader: r,
            left,
            labels: &self.dicts.labels,
        })
    }

    pub fn label_ids(&self) -> impl Iterator<Item = LabelId> + 'g {
        node_labels(self.data).0.map(LabelId)
    }

    /// The first label (the node's kind), if any.
    pub fn first_label(&self) -> Option<&'g str> {
        self.labels().next()
    }

    pub fn has_label(&self, label: &str) -> bool {
        self.labels().any(|l| l == label)
    }

    pub fn has_label_id(&self, label: LabelId) -> bool {
        node_labels(self.data).0.any(|id| id == label.0)
    }

    fn props(&self) -> Reader<'g> {
        node_labels(self.data).1
    }

    /// The value of property `key`, decoded.
    pub fn property(&self, key: &str) -> Option<Value> {
        let key = self.dicts.keys.id(key)?;
        find_property(self.props(), key)
    }

    pub fn property_by_id(&self, key: KeyId) -> Option<Value> {
        find_property(self.props(), key.0)
    }

    /// [`Self::property_by_id`] without copying a string.
    pub fn property_ref(&self, key: KeyId) -> Option<PropertyRef<'g>> {
        find_property_ref(self.props(), key.0)
    }

    /// Property keys, in key order.
    pub fn property_keys(&self) -> Vec<&'g str> {
        property_keys(self.props(), &self.dicts.keys)
    }

    pub fn properties(&self) -> Properties {
        decode_properties(self.props(), &self.dicts.keys)
    }

    /// An owned copy of the whole record.
    pub fn to_node(&self) -> Node {
        Node {
            id: self.id,
            labels: self.labels().map(str::to_owned).collect(),
            properties: self.properties(),
        }
    }
}

/// A relationship's stored properties alone, read without its ends.
#[derive(Clone, Copy)]
pub struct RelProperties<'g> {
    data: &'g [u8],
}

impl<'g> RelProperties<'g> {
    pub(super) fn new(data: &'g [u8]) -> RelProperties<'g> {
        RelProperties { data }
    }

    /// The property of `key`, without copying a string.
    pub fn get(&self, key: KeyId) -> Option<PropertyRef<'g>> {
        find_property_ref(Reader::new(self.data), key.0)
    }
}

/// A relationship of the graph, read in place. Cheap to copy; decoding happens per call.
#[derive(Clone, Copy)]
pub struct RelView<'g> {
    id: RelId,
    start: NodeId,
    end: NodeId,
    rel_type: u32,
    /// Where a traversal met it in the compact adjacency, when it did there.
    hop: Option<HopAt>,
    data: &'g [u8],
    dicts: &'g Dictionaries,
}

/// An entry of the compact adjacency: the direction of its runs and its place among that
/// direction's entries, the positions of the hop columns ([`super::ColumnOwner::Hops`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HopAt {
    pub outgoing: bool,
    pub position: u32,
}

impl<'g> RelView<'g> {
    pub(super) fn new(
        id: RelId,
        rel_type: u32,
        (start, end): (NodeId, NodeId),
        data: &'g [u8],
        dicts: &'g Dictionaries,
    ) -> Self {
        RelView {
            id,
            start,
            end,
            rel_type,
            hop: None,
            data,
            dicts,
        }
    }

    /// The same relationship, met at `hop` of the compact adjacency.
    pub(super) fn at_hop(self, hop: Option<HopAt>) -> Self {
        RelView { hop, ..self }
    }

    /// Where a traversal met it in the compact adjacency (`None` elsewhere).
    pub fn hop(&self) -> Option<HopAt> {
        self.hop
    }

    pub fn id(&self) -> RelId {
        self.id
    }

    pub fn start(&self) -> NodeId {
        self.start
    }

    pub fn end(&self) -> NodeId {
        self.end
    }

    pub fn rel_type(&self) -> &'g str {
        self.dicts.types.name(self.rel_type)
    }

    pub fn type_id(&self) -> RelTypeId {
        RelTypeId(self.rel_type)
    }

    /// The value of property `key`, decoded.
    pub fn property(&self, key: &str) -> Option<Value> {
        if self.data.first() == Some(&0) {
            return None;
        }
        let key = self.dicts.keys.id(key)?;
        find_property(Reader::new(self.data), key)
    }

    pub fn property_by_id(&self, key: KeyId) -> Option<Value> {
        find_property(Reader::new(self.data), key.0)
    }

    /// [`Self::property_by_id`] without copying a string.
    pub fn property_ref(&self, key: KeyId) -> Option<PropertyRef<'g>> {
        find_property_ref(Reader::new(self.data), key.0)
    }

    /// Property keys, in key order.
    pub fn property_keys(&self) -> Vec<&'g str> {
        property_keys(Reader::new(self.data), &self.dicts.keys)
    }

    pub fn properties(&self) -> Properties {
        decode_properties(Reader::new(self.data), &self.dicts.keys)
    }

    /// An owned copy of the whole record.
    pub fn to_relationship(&self) -> Relationship {
        Relationship {
            id: self.id,
            rel_type: self.rel_type().to_owned(),
            start: self.start,
            end: self.end,
            properties: self.properties(),
        }
    }
}

/// Labels of a node, whichever form it is in.
pub struct Labels<'a>(LabelsInner<'a>);

enum LabelsInner<'a> {
    Owned(std::slice::Iter<'a, String>),
    Graph {
        reader: Reader<'a>,
        left: usize,
        labels: &'a Dictionary,
    },
}

impl<'a> Iterator for Labels<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match &mut self.0 {
            LabelsInner::Owned(iter) => iter.next().map(String::as_str),
            LabelsInner::Graph {
                reader,
                left,
                labels,
            } => {
                if *left == 0 {
                    return None;
                }
                *left -= 1;
                Some(labels.name(reader.id()))
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match &self.0 {
            LabelsInner::Owned(iter) => iter.len(),
            LabelsInner::Graph { left, .. } => *left,
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for Labels<'_> {}

/// A node as expression evaluation and rendering see it: in the graph, or an owned
/// record (a query result's snapshot).
#[derive(Clone, Copy)]
pub enum NodeRef<'a> {
    Owned(&'a Node),
    Graph(NodeView<'a>),
}

impl<'a> NodeRef<'a> {
    pub fn id(&self) -> NodeId {
        match self {
            NodeRef::Owned(node) => node.id,
            NodeRef::Graph(view) => view.id(),
        }
    }

    pub fn labels(&self) -> Labels<'a> {
        match self {
            NodeRef::Owned(node) => Labels(LabelsInner::Owned(node.labels.iter())),
            NodeRef::Graph(view) => view.labels(),
        }
    }

    pub fn first_label(&self) -> Option<&'a str> {
        self.labels().next()
    }

    pub fn has_label(&self, label: &str) -> bool {
        self.labels().any(|l| l == label)
    }

    /// Whether the node carries the label `name`, which the graph numbers `label`: found
    /// by number in the graph, by name in an owned record or when the graph had no number.
    pub fn has_label_keyed(&self, label: Option<LabelId>, name: &str) -> bool {
        match (self, label) {
            (NodeRef::Graph(view), Some(label)) => view.has_label_id(label),
            _ => self.has_label(name),
        }
    }

    pub fn property(&self, key: &str) -> Option<Value> {
        match self {
            NodeRef::Owned(node) => node.properties.get(key).cloned(),
            NodeRef::Graph(view) => view.property(key),
        }
    }

    /// The property `name`, which the graph numbers `key`: found by number in the graph,
    /// by name in an owned record.
    pub fn property_keyed(&self, key: KeyId, name: &str) -> Option<Value> {
        match self {
            NodeRef::Owned(node) => node.properties.get(name).cloned(),
            NodeRef::Graph(view) => view.property_by_id(key),
        }
    }

    pub fn property_keys(&self) -> Vec<&'a str> {
        match self {
            NodeRef::Owned(node) => node.properties.keys().map(String::as_str).collect(),
            NodeRef::Graph(view) => view.property_keys(),
        }
    }

    pub fn properties(&self) -> Properties {
        match self {
            NodeRef::Owned(node) => node.properties.clone(),
            NodeRef::Graph(view) => view.properties(),
        }
    }

    pub fn to_node(&self) -> Node {
        match self {
            NodeRef::Owned(node) => (*node).clone(),
            NodeRef::Graph(view) => view.to_node(),
        }
    }
}

impl<'a> From<NodeView<'a>> for NodeRef<'a> {
    fn from(view: NodeView<'a>) -> Self {
        NodeRef::Graph(view)
    }
}

impl<'a> From<&'a Node> for NodeRef<'a> {
    fn from(node: &'a Node) -> Self {
        NodeRef::Owned(node)
    }
}

/// A relationship as expression evaluation and rendering see it: in the graph, or an
/// owned record (a query result's snapshot, a deleted relationship's before-image).
#[derive(Clone, Copy)]
pub enum RelRef<'a> {
    Owned(&'a Relationship),
    Graph(RelView<'a>),
}

impl<'a> RelRef<'a> {
    pub fn id(&self) -> RelId {
        match self {
            RelRef::Owned(rel) => rel.id,
            RelRef::Graph(view) => view.id(),
        }
    }

    pub fn start(&self) -> NodeId {
        match self {
            RelRef::Owned(rel) => rel.start,
            RelRef::Graph(view) => view.start(),
        }
    }

    pub fn end(&self) -> NodeId {
        match self {
            RelRef::Owned(rel) => rel.end,
            RelRef::Graph(view) => view.end(),
        }
    }

    pub fn rel_type(&self) -> &'a str {
        match self {
            RelRef::Owned(rel) => &rel.rel_type,
            RelRef::Graph(view) => view.rel_type(),
        }
    }

    pub fn property(&self, key: &str) -> Option<Value> {
        match self {
            RelRef::Owned(rel) => rel.properties.get(key).cloned(),
            RelRef::Graph(view) => view.property(key),
        }
    }

    /// The property `name`, which the graph numbers `key` (see [`NodeRef::property_keyed`]).
    pub fn property_keyed(&self, key: KeyId, name: &str) -> Option<Value> {
        match self {
            RelRef::Owned(rel) => rel.properties.get(name).cloned(),
            RelRef::Graph(view) => view.property_by_id(key),
        }
    }

    pub fn property_keys(&self) -> Vec<&'a str> {
        match self {
            RelRef::Owned(rel) => rel.properties.keys().map(String::as_str).collect(),
            RelRef::Graph(view) => view.property_keys(),
        }
    }

    pub fn properties(&self) -> Properties {
        match self {
            RelRef::Owned(rel) => rel.properties.clone(),
            RelRef::Graph(view) => view.properties(),
        }
    }

    pub fn to_relationship(&self) -> Relationship {
        match self {
            RelRef::Owned(rel) => (*rel).clone(),
            RelRef::Graph(view) => view.to_relationship(),
        }
    }
}

impl<'a> From<RelView<'a>> for RelRef<'a> {
    fn from(view: RelView<'a>) -> Self {
        RelRef::Graph(view)
    }
}

impl<'a> From<&'a Relationship> for RelRef<'a> {
    fn from(rel: &'a Relationship) -> Self {
        RelRef::Owned(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Properties {
        let mut map = BTreeMap::new();
        map.insert("k".to_string(), Value::List(vec![Value::Null]));
        [
            ("a", Value::Int(-5)),
            ("b", Value::Int(i64::MIN)),
            ("c", Value::Int(i64::MAX)),
            ("d", Value::Float(f64::NAN)),
            ("e", Value::Float(-0.0)),
            ("f", Value::from("亀田 hospital")),
            ("g", Value::List(vec![Value::from("x"), Value::Bool(true)])),
            ("h", Value::Map(map)),
            ("i", Value::Node(7)),
            ("j", Value::Relationship(u64::MAX)),
            (
                "k",
                Value::Path(Box::new(Path {
                    nodes: vec![1, 2],
                    relationships: vec![3],
                })),
            ),
            ("l", Value::Bool(false)),
            ("m", Value::Null),
            ("n", Value::from("")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    #[test]
    fn records_round_trip() {
        let mut dicts = Dictionaries::default();
        let mut arena = Arena::default();
        let props = sample();
        let labels = vec!["Hospital".to_string(), "University".to_string()];
        let offset = arena.put_node(&mut dicts, &labels, &props);
        let node = NodeView::new(9, arena.at(offset), &dicts);
        assert_eq!(
            node.to_node(),
            Node {
                id: 9,
                labels: labels.clone(),
                properties: props.clone()
            }
        );
        assert_eq!(node.property("c"), Some(Value::Int(i64::MAX)));
        assert_eq!(node.property("zz"), None);
        assert!(node.has_label("University") && !node.has_label("Ministry"));
        assert_eq!(node.first_label(), Some("Hospital"));
        assert_eq!(
            blob_len(arena.at(offset), Blob::Node),
            arena.len() - offset.get() as usize
        );

        let offset = arena.put_relationship(&mut dicts.keys, 0, &props);
        let rel = RelView::new(3, dicts.types.intern("T"), (1, 2), arena.at(offset), &dicts);
        assert_eq!(rel.properties(), props);
        assert_eq!(rel.rel_type(), "T");
        assert_eq!(rel.property_keys().len(), props.len());
        assert_eq!(
            blob_len(arena.at(offset), Blob::Relationship),
            arena.len() - offset.get() as usize
        );
        let offset = arena.put_relationship(&mut dicts.keys, 70_000, &props);
        let (rel_type, data) = wide_type(arena.at(offset));
        assert_eq!(rel_type, 70_000);
        assert_eq!(
            RelView::new(3, rel_type, (1, 2), data, &dicts).properties(),
            props
        );
        assert_eq!(
            blob_len(arena.at(offset), Blob::WideRelationship),
            arena.len() - offset.get() as usize
        );

        let empty = NodeView::new(1, arena.at(EMPTY), &dicts);
        assert_eq!(empty.labels().count(), 0);
        assert!(empty.properties().is_empty());
    }

    #[test]
    fn name_strings_are_found_in_place() {
        let mut dicts = Dictionaries::default();
        let mut arena = Arena::default();
        let props: Properties = [
            ("name", Value::from("A")),
            (
                "aliases",
                Value::List(vec![Value::from("B"), Value::Int(1)]),
            ),
            ("name_ja", Value::Int(3)),
            ("city", Value::from("C")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let offset = arena.put_node(&mut dicts, &[], &props);
        let mut found = Vec::new();
        name_strings(node_labels(arena.at(offset)).1, &dicts.keys, |s| {
            found.push(s)
        });
        found.sort_unstable();
        assert_eq!(found, ["A", "B"]);
    }
}
