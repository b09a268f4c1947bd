//! The in-memory graph: a petgraph `StableDiGraph` built at open, with the indexes that
//! queries use (id ↔ index, label, relationship type, normalized name), and the undo log
//! that makes a statement all-or-nothing in memory as the store makes it on disk.
//!
//! **Invariant:** between statements the graph equals what the store holds. A transaction
//! mutates the graph under `&mut` (no reader can look), records the first before-image of
//! everything it touches, and either hands its final states to the store
//! ([`Graph::take_changes`]) or restores the before-images ([`Graph::rollback`]).

use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock, PoisonError};

use rustc_hash::FxHashMap as HashMap;

use petgraph::stable_graph::{EdgeIndex, Edges, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeIndexable, EdgeRef, IntoEdgeReferences, NodeIndexable};
use petgraph::{Directed, Direction as PgDirection};
use unicode_normalization::UnicodeNormalization;

use crate::store::{Changes, Contents, LoadInfo};
use crate::value::{Node, NodeId, Properties, RelId, Relationship, Value};

mod adjacency;
mod columns;
mod labels;
mod load;
mod names;
pub mod property_index;
mod record;
mod stats;

use adjacency::{Adjacency, Entry, IndexSet};
pub use columns::{Bits as ColumnBits, Column, ColumnOwner, Truths};

use crate::schema::IndexDef;
use labels::LabelSet;
use names::NameIndex;
use property_index::PropertyIndex;
use record::{Arena, Blob, Dictionaries, Offset, WIDE_TYPE};
pub use record::{
    HopAt, KeyId, LabelId, Labels, LoadChunk, NodeRef, NodeView, PropertyRef, RelProperties,
    RelRef, RelTypeId, RelView,
};

/// Read access to entities, which is all that expression evaluation needs of a graph.
pub trait EntityLookup {
    fn node(&self, id: NodeId) -> Option<NodeRef<'_>>;
    fn relationship(&self, id: RelId) -> Option<RelRef<'_>>;

    /// A relationship deleted earlier in the running statement, if the graph still
    /// remembers it: `type()` of a deleted relationship keeps working, as in Neo4j, while
    /// its properties are gone.
    fn deleted_relationship(&self, _id: RelId) -> Option<RelRef<'_>> {
        None
    }

    /// Relationship `id`'s property of `key` (`name` as the graph numbers it), `None`
    /// when the relationship is not there.
    fn relationship_property(&self, id: RelId, key: KeyId, name: &str) -> Option<Option<Value>> {
        self.relationship(id).map(|r| r.property_keyed(key, name))
    }

    /// Whether node `id` carries the label `name` (`label` as the graph numbers it, if it
    /// does), `None` when the node is not there.
    fn node_has_label(&self, id: NodeId, label: Option<LabelId>, name: &str) -> Option<bool> {
        self.node(id).map(|n| n.has_label_keyed(label, name))
    }
}

/// Relationships inserted together when the graph is built (see
/// [`Graph::insert_relationships`]).
const LOAD_BATCH: usize = 64;

/// Which relationships to follow from a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Outgoing,
    Incoming,
    Both,
}

/// Petgraph indices by kizuna id. Ids are dense (handed out in order, never reused), so a
/// vector indexed by id beats a hash map in time and space; a deleted id leaves a hole.
#[derive(Default)]
struct Slots {
    slots: Vec<u32>,
    len: usize,
}

impl Slots {
    const EMPTY: u32 = u32::MAX;

    fn get(&self, id: u64) -> Option<u32> {
        let slot = *self.slots.get(usize::try_from(id).ok()?)?;
        (slot != Self::EMPTY).then_some(slot)
    }

    fn insert(&mut self, id: u64, index: u32) {
        let Ok(at) = usize::try_from(id) else { return };
        if at >= self.slots.len() {
            self.slots.resize(at + 1, Self::EMPTY);
        }
        if self.slots[at] == Self::EMPTY {
            self.len += 1;
        }
        self.slots[at] = index;
    }

    /// Makes room for ids below `ids` without reallocating.
    fn reserve(&mut self, ids: usize) {
        self.slots.reserve(ids.saturating_sub(self.slots.len()));
    }

    fn remove(&mut self, id: u64) -> Option<u32> {
        let at = usize::try_from(id).ok()?;
        let slot = self.slots.get_mut(at)?;
        if *slot == Self::EMPTY {
            return None;
        }
        self.len -= 1;
        Some(std::mem::replace(slot, Self::EMPTY))
    }

    /// Every id present, in increasing order.
    fn ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, s)| **s != Self::EMPTY)
            .map(|(id, _)| id as u64)
    }
}

/// A node as petgraph keeps it; its labels and properties are a blob in the arena, whose
/// offset is in [`Graph::node_data`].
struct NodeRecord {
    id: NodeId,
}

/// A relationship as the graph keeps it: 16 bytes, its endpoints being the petgraph
/// edge's. The type id and the blob offset share one word: the type in the top 16 bits
/// (or [`WIDE_TYPE`], the type then starting the blob), the offset below (an arena of
/// 2⁴⁸ bytes is beyond any machine). The compact adjacency keeps a copy of the word.
#[derive(Clone, Copy)]
struct RelRecord {
    id: RelId,
    packed: Offset,
}

impl RelRecord {
    const TYPE_SHIFT: u32 = 48;

    fn new(id: RelId, rel_type: u32, blob: Offset) -> RelRecord {
        let tag = u64::from(rel_type.min(WIDE_TYPE)) << Self::TYPE_SHIFT;
        RelRecord {
            id,
            packed: blob | tag,
        }
    }

    fn blob(&self) -> Offset {
        Self::blob_of(self.packed)
    }

    /// The blob offset that a record's word holds.
    fn blob_of(packed: Offset) -> Offset {
        Offset::new(packed.get() & ((1 << Self::TYPE_SHIFT) - 1)).unwrap_or(record::EMPTY)
    }

    fn kind(&self) -> Blob {
        if self.tag() == WIDE_TYPE {
            Blob::WideRelationship
        } else {
            Blob::Relationship
        }
    }

    fn tag(&self) -> u32 {
        Self::tag_of(self.packed.get())
    }

    /// The type tag that a record's word holds.
    fn tag_of(packed: u64) -> u32 {
        (packed >> Self::TYPE_SHIFT) as u32
    }
}

#[derive(Default)]
struct UndoLog {
    /// Where each node's blob was before the transaction (`None`: the node did not
    /// exist). The arena keeps those blobs live until the transaction ends, even once no
    /// node points at them (see [`Graph::release_node_blob`]), and a compaction moves
    /// them with the rest.
    nodes: HashMap<NodeId, Option<Offset>>,
    relationships: HashMap<RelId, Option<Relationship>>,
    next_node_id: NodeId,
    next_rel_id: RelId,
    /// The index definitions before the transaction changed them, if it did.
    index_defs: Option<Vec<IndexDef>>,
}

/// How far ids are indices: below `below`, the entity with id `i` (if live) sits at index
/// `i`, and the one at index `i` has id `i`. An entity placed at an index other than its
/// id lowers it to the smaller of the two, so one hole (a deletion before a snapshot, an
/// index petgraph reuses) costs only the entities above it.
#[derive(Debug, Clone, Copy)]
struct IdsAreIndices {
    below: u64,
}

impl Default for IdsAreIndices {
    fn default() -> Self {
        IdsAreIndices { below: u64::MAX }
    }
}

impl IdsAreIndices {
    /// Records that the entity with `id` sits at `index`.
    fn placed(&mut self, index: usize, id: u64) {
        let index = index as u64;
        if index != id {
            self.below = self.below.min(index).min(id);
        }
    }

    /// Whether id (or index) `n` is its own index (or id).
    fn hold_for(&self, n: u64) -> bool {
        n < self.below
    }
}

/// The graph every query reads.
///
/// Records are compact (see [`NodeView`]): names are interned, labels and properties
/// encoded in one arena. Readers get views; writers hand in owned records.
#[derive(Default)]
pub struct Graph {
    inner: StableDiGraph<NodeRecord, RelRecord>,
    /// Each live node's blob by petgraph position (`None` where no node is): apart from
    /// petgraph's nodes so that reaching a node's labels and properties reads one dense
    /// array of 8-byte slots, which also says which positions hold a node, and whose slot
    /// addresses a traversal can prefetch without reading anything.
    node_data: Vec<Option<Offset>>,
    /// Each live relationship's word (type tag and blob offset) by petgraph edge index, as
    /// its record holds it: a read of its properties by id goes through this dense array
    /// instead of petgraph's edges, and a traversal can prefetch a slot by its address.
    rel_words: Vec<Option<Offset>>,
    node_index: Slots,
    rel_index: Slots,
    dicts: Dictionaries,
    arena: Arena,
    /// Nodes per label id, in id order. Every label ever seen since open is in the label
    /// dictionary, which is what keeps it known once its last node is gone.
    by_label: Vec<LabelSet>,
    /// Relationships per type id; a type once seen keeps its entry (at zero) so that it
    /// stays known.
    type_counts: Vec<usize>,
    /// Per type id, a relationship of that type seen last when inserting: a hint for
    /// [`Graph::example_of_type`], checked on use because deletions do not clear it.
    type_examples: Vec<RelId>,
    /// Normalized name → the nodes it names.
    by_name: NameIndex,
    next_node_id: NodeId,
    next_rel_id: RelId,
    undo: Option<UndoLog>,
    /// Where node ids stop being petgraph indices. Below it (a graph built from ids
    /// without holes, no index reused since), going from one to the other reads neither
    /// the id slots nor the node array.
    node_ids: IdsAreIndices,
    /// The same for relationships: below it, a traversal of the compact adjacency learns
    /// a relationship's id from its edge index without reading the record.
    rel_ids: IdsAreIndices,
    /// Scratch space for normalizing names.
    name_buffer: String,
    /// Live nodes whose `name` is a string (the others have none, or another kind of
    /// value), for bounds on grouping by name.
    string_names: usize,
    /// The compact adjacency, built by the first traversal that wants it and dropped by
    /// writes once too much of it is dirty (see [`adjacency`]).
    adjacency: OnceLock<Adjacency>,
    /// Node indices whose petgraph lists may not be in descending edge index (an edge
    /// took a reused index), which the adjacency's build copies from the lists.
    irregular: IndexSet,
    /// One past the highest edge index ever handed out.
    edge_high: usize,
    /// The property indexes the user created (`CREATE INDEX`), kept true by every write.
    property_indexes: Vec<PropertyIndex>,
    /// Per type id, the storage slots of the relationships of that type, in order: built
    /// by the first scan of a type that wants it and dropped by any write that adds or
    /// removes a relationship, so that a scan of one type reads its relationships alone.
    type_slots: OnceLock<Vec<Vec<u32>>>,
    /// Relationships per (start label, type, end label), built by the first plan that
    /// asks and kept exact by writes (see [`stats`]).
    triples: OnceLock<stats::Triples>,
    /// Degree biases measured so far (see [`Graph::degree_bias`]), with the graph's size
    /// when they were.
    degree_biases: Mutex<HashMap<stats::BiasKey, stats::Measured>>,
    /// Property columns built for readers that read a key many times, and the counts of
    /// those reads (see [`columns`]); writes drop what they cover.
    column_cache: columns::Columns,
}

/// The places in a type's sorted list of storage slots (see [`Graph::slots_of_type`]) of
/// the slots in `slots`.
pub fn places_in(list: &[u32], slots: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let from = list.partition_point(|&slot| (slot as usize) < slots.start);
    let to = list.partition_point(|&slot| (slot as usize) < slots.end);
    from..to.max(from)
}

/// The relationships of some types in a range of storage slots, in storage order (see
/// [`Graph::relationships_of_types_in`]): a scan's inner loop, so its step is inlined into
/// the caller and the view it yields stays out of memory.
pub struct TypedRelationships<'g> {
    graph: &'g Graph,
    slots: ScannedSlots<'g>,
}

/// Where a [`TypedRelationships`] finds its slots.
enum ScannedSlots<'g> {
    /// One type's list of slots.
    Listed(std::slice::Iter<'g, u32>),
    /// Every slot, keeping the relationships of these types (`None`: of any type).
    Every {
        slots: std::ops::Range<usize>,
        types: Option<Vec<RelTypeId>>,
    },
}

impl<'g> Iterator for TypedRelationships<'g> {
    type Item = RelView<'g>;

    #[inline]
    fn next(&mut self) -> Option<RelView<'g>> {
        let graph = self.graph;
        loop {
            let slot = match &mut self.slots {
                ScannedSlots::Listed(slots) => *slots.next()? as usize,
                ScannedSlots::Every { slots, .. } => slots.next()?,
            };
            let ix = EdgeIndex::new(slot);
            let (Some(record), Some((source, target))) =
                (graph.inner.edge_weight(ix), graph.inner.edge_endpoints(ix))
            else {
                continue;
            };
            let view = graph.rel_view(record, (graph.id_at(source), graph.id_at(target)));
            if let ScannedSlots::Every {
                types: Some(types), ..
            } = &self.slots
            {
                if !types.contains(&view.type_id()) {
                    continue;
                }
            }
            return Some(view);
        }
    }
}

/// One relationship met at a node, by index: its edge, the node at its other end, whether
/// it leaves the node, and where its record's word is.
#[derive(Clone, Copy)]
struct Step<'g> {
    edge: EdgeIndex,
    other: NodeIndex,
    outgoing: bool,
    word: Word<'g>,
}

/// Where a step finds its relationship's word: a reference, so that a traversal that never
/// asks (one after neighbours only) never loads it.
#[derive(Clone, Copy)]
enum Word<'g> {
    /// The compact adjacency's copy.
    Copied(&'g u64),
    /// The record itself, met in petgraph's lists.
    Record(&'g RelRecord),
}

impl Step<'_> {
    /// The type tag: a type id, or [`WIDE_TYPE`] (then the type is in the blob).
    fn tag(&self) -> u32 {
        match self.word {
            Word::Copied(&word) => RelRecord::tag_of(word),
            Word::Record(record) => record.tag(),
        }
    }
}

/// The (other end's position, edge number) pairs of [`Graph::neighbours`].
enum Positions<'g> {
    /// Straight from the compact adjacency's runs, when no type filter needs the words;
    /// a self-loop is met once (in the outgoing run) when both directions are read.
    Runs {
        out: std::slice::Iter<'g, Entry>,
        into: std::slice::Iter<'g, Entry>,
        skip_loops_at: Option<u32>,
    },
    Steps {
        steps: std::iter::Chain<Half<'g>, Half<'g>>,
        filter: TypeFilter<'g>,
        graph: &'g Graph,
    },
}

impl Iterator for Positions<'_> {
    type Item = (u32, u32);

    #[inline]
    fn next(&mut self) -> Option<(u32, u32)> {
        match self {
            Positions::Runs {
                out,
                into,
                skip_loops_at,
            } => {
                if let Some(entry) = out.next() {
                    return Some((entry.node, entry.edge));
                }
                into.find(|e| Some(e.node) != *skip_loops_at)
                    .map(|e| (e.node, e.edge))
            }
            Positions::Steps {
                steps,
                filter,
                graph,
            } => steps
                .find(|step| graph.admits(filter, step))
                .map(|step| (step.other.index() as u32, step.edge.index() as u32)),
        }
    }
}

/// Which relationship types a traversal admits, by type id.
enum TypeFilter<'t> {
    All,
    One(u32),
    Ids(&'t [RelTypeId]),
    Many(Vec<u32>),
}

impl<'t> TypeFilter<'t> {
    fn of(types: Option<&'t [RelTypeId]>) -> TypeFilter<'t> {
        match types {
            None => TypeFilter::All,
            Some([one]) => TypeFilter::One(one.0),
            Some(many) => TypeFilter::Ids(many),
        }
    }

    /// The range of type tags a relationship it admits may carry (`None`: any), which
    /// narrows a compact run, grouped by tag, before the filter is asked.
    fn tag_span(&self) -> Option<(u32, u32)> {
        let tags = |ids: &mut dyn Iterator<Item = u32>| {
            ids.map(|t| t.min(WIDE_TYPE))
                .fold(None, |span: Option<(u32, u32)>, t| match span {
                    None => Some((t, t)),
                    Some((lo, hi)) => Some((lo.min(t), hi.max(t))),
                })
        };
        match self {
            TypeFilter::All => None,
            TypeFilter::One(t) => tags(&mut std::iter::once(*t)),
            TypeFilter::Ids(ts) => tags(&mut ts.iter().map(|t| t.0)),
            TypeFilter::Many(ts) => tags(&mut ts.iter().copied()),
        }
    }
}

/// The relationships at a node in one direction, from the compact adjacency or, for a
/// node that changed since it was built, from petgraph's list (the same order either way:
/// a list read where the walk may meet several types is grouped by type first).
enum Half<'g> {
    Compact {
        entries: std::slice::Iter<'g, Entry>,
        words: std::slice::Iter<'g, u64>,
        at: u32,
        outgoing: bool,
        skip_loops: bool,
    },
    Linked {
        edges: Edges<'g, RelRecord, Directed>,
        outgoing: bool,
        skip_loops: bool,
    },
    /// A list's steps put in the compact runs' order.
    Grouped(std::vec::IntoIter<Step<'g>>),
    Empty,
}

impl<'g> Iterator for Half<'g> {
    type Item = Step<'g>;

    #[inline]
    fn next(&mut self) -> Option<Step<'g>> {
        match self {
            Half::Compact {
                entries,
                words,
                at,
                outgoing,
                skip_loops,
            } => loop {
                let (entry, word) = (entries.next()?, words.next()?);
                if *skip_loops && entry.node == *at {
                    continue;
                }
                return Some(Step {
                    edge: adjacency::edge_index(*entry),
                    other: NodeIndex::new(entry.node as usize),
                    outgoing: *outgoing,
                    word: Word::Copied(word),
                });
            },
            Half::Linked {
                edges,
                outgoing,
                skip_loops,
            } => loop {
                let e = edges.next()?;
                if *skip_loops && e.source() == e.target() {
                    continue;
                }
                let other = if *outgoing { e.target() } else { e.source() };
                return Some(Step {
                    edge: e.id(),
                    other,
                    outgoing: *outgoing,
                    word: Word::Record(e.weight()),
                });
            },
            Half::Grouped(steps) => steps.next(),
            Half::Empty => None,
        }
    }
}

/// The normalized form names are indexed under: Unicode NFKC, case-folded, whitespace
/// collapsed to single spaces and trimmed.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    normalize_into(name, &mut out);
    out
}

/// [`normalize_name`] into a buffer (cleared first), which the graph reuses for every
/// name it indexes.
fn normalize_into(name: &str, out: &mut String) {
    out.clear();
    if name.is_ascii() {
        // NFKC leaves ASCII as it is, and its lower case is the ASCII one: one pass, for
        // the names of almost every institution at open.
        for word in name.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        }
        return;
    }
    let folded: String = name.nfkc().flat_map(char::to_lowercase).collect();
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Whether property `key` holds a name that the name index covers: names, translated
/// names, aliases from the documents and from general knowledge, and the general-knowledge
/// spellings of an institution's region (so that the usual spelling of a place finds the
/// institutions there when the documents use another).
pub fn is_name_key(key: &str) -> bool {
    matches!(
        key,
        "name" | "aliases" | "aliases_external" | "region_aliases_external"
    ) || key.starts_with("name_")
}

impl Graph {
    /// Builds the graph from everything the store read.
    pub fn from_contents(contents: Contents) -> Graph {
        let info = LoadInfo {
            next_node_id: contents.next_node_id,
            next_rel_id: contents.next_rel_id,
            nodes_hint: contents.nodes.len(),
            relationships_hint: contents.relationships.len(),
        };
        Graph::from_records(
            info,
            &mut contents.nodes.into_iter(),
            &mut contents.relationships.into_iter(),
        )
    }

    /// Builds the graph from records streamed by the store (every node, then every
    /// relationship), without holding them all at once.
    pub fn from_records(
        info: LoadInfo,
        nodes: &mut dyn Iterator<Item = Node>,
        relationships: &mut dyn Iterator<Item = Relationship>,
    ) -> Graph {
        let mut graph = Graph {
            next_node_id: info.next_node_id,
            next_rel_id: info.next_rel_id,
            ..Graph::default()
        };
        graph.inner.reserve_nodes(info.nodes_hint);
        graph.by_name.reserve(info.nodes_hint);
        for node in nodes {
            graph.insert_node(&node);
        }
        graph.inner.reserve_edges(info.relationships_hint);
        graph.rel_words.reserve_exact(info.relationships_hint);
        let mut batch = Vec::with_capacity(LOAD_BATCH);
        for rel in relationships {
            batch.push(rel);
            if batch.len() == LOAD_BATCH {
                graph.insert_relationships(&mut batch);
            }
        }
        graph.insert_relationships(&mut batch);
        graph.arena.shrink_to_fit();
        graph.by_name.shrink_to_fit();
        graph
    }

    /// Inserts (and drains) a batch of relationships. Their endpoints are all over memory:
    /// looking them up and touching them for the whole batch first lets the processor
    /// overlap those cache misses, instead of waiting for each in turn while linking.
    fn insert_relationships(&mut self, batch: &mut Vec<Relationship>) {
        let ends: Vec<(Option<NodeIndex>, Option<NodeIndex>)> = batch
            .iter()
            .map(|r| (self.index_of(r.start), self.index_of(r.end)))
            .collect();
        let mut touched = 0;
        for &(a, b) in &ends {
            for ix in [a, b].into_iter().flatten() {
                touched ^= self.inner.node_weight(ix).map_or(0, |n| n.id);
            }
        }
        std::hint::black_box(touched);
        for rel in batch.drain(..) {
            self.insert_relationship(&rel);
        }
    }

    /// Removes every node from `first_node` and every relationship from `first_rel` on
    /// and resets the id counters there: undoes a failed import, which runs outside a
    /// transaction (an undo log of millions of records would cost more than the graph).
    pub fn discard_from(&mut self, first_node: NodeId, first_rel: RelId) {
        let rels: Vec<RelId> = self.rel_index.ids().filter(|&id| id >= first_rel).collect();
        for id in rels.into_iter().rev() {
            self.remove_relationship_raw(id);
        }
        let nodes: Vec<NodeId> = self
            .node_index
            .ids()
            .filter(|&id| id >= first_node)
            .collect();
        for id in nodes.into_iter().rev() {
            self.remove_node_raw(id);
        }
        self.next_node_id = first_node;
        self.next_rel_id = first_rel;
        self.compact_if_worth_it();
    }

    // ---- reads -------------------------------------------------------------------------

    pub fn node_count(&self) -> usize {
        self.node_index.len
    }

    pub fn relationship_count(&self) -> usize {
        self.rel_index.len
    }

    pub fn node(&self, id: NodeId) -> Option<NodeView<'_>> {
        // A slot at the id's position is the node's: positions are ids, or the id index
        // gave the position of this very id.
        let data = self.data_at(self.position_unchecked(id)?)?;
        Some(NodeView::new(id, self.arena.at(data), &self.dicts))
    }

    /// The blob of the node at `ix`, if one is there.
    fn data_at(&self, ix: NodeIndex) -> Option<Offset> {
        self.node_data.get(ix.index()).copied().flatten()
    }

    pub fn relationship(&self, id: RelId) -> Option<RelView<'_>> {
        self.relationship_at_slot(self.rel_slot(id)?)
    }

    /// Relationship `id`'s properties, if it is live: fewer reads than
    /// [`Self::relationship`], which also finds its ends' ids.
    pub fn relationship_properties(&self, id: RelId) -> Option<record::RelProperties<'_>> {
        let word = (*self.rel_words.get(self.rel_slot(id)? as usize)?)?;
        Some(record::RelProperties::new(self.word_parts(word).1))
    }

    /// Where relationship `id`'s record is, if it is live; read from the index only where
    /// ids are not indices.
    fn rel_slot(&self, id: RelId) -> Option<u32> {
        if self.rel_ids.hold_for(id) {
            let slot = u32::try_from(id).ok()?;
            let live = self
                .rel_words
                .get(slot as usize)
                .is_some_and(Option::is_some);
            return live.then_some(slot);
        }
        self.rel_index.get(id)
    }

    /// Keeps `rel_words` as the record at `slot` now is (`None`: no relationship).
    fn set_rel_word(&mut self, slot: usize, word: Option<Offset>) {
        if self.rel_words.len() <= slot {
            self.rel_words.resize(slot + 1, None);
        }
        self.rel_words[slot] = word;
    }

    fn rel_view(&self, record: &RelRecord, ends: (NodeId, NodeId)) -> RelView<'_> {
        let (rel_type, props) = self.rel_parts(record);
        RelView::new(record.id, rel_type, ends, props, &self.dicts)
    }

    /// A relationship's type id and properties blob.
    fn rel_parts(&self, record: &RelRecord) -> (u32, &[u8]) {
        self.word_parts(record.packed)
    }

    /// The properties of the relationship whose record word the compact adjacency copied.
    fn word_properties(&self, word: u64) -> Option<record::RelProperties<'_>> {
        Some(record::RelProperties::new(
            self.word_parts(Offset::new(word)?).1,
        ))
    }

    /// Starts loading the properties a copied record word points at.
    fn prefetch_word(&self, word: u64) {
        if let Some(first) =
            Offset::new(word).and_then(|w| self.arena.at(RelRecord::blob_of(w)).first())
        {
            adjacency::prefetch(first);
        }
    }

    /// The type id and properties blob a relationship record's word points at.
    fn word_parts(&self, word: Offset) -> (u32, &[u8]) {
        let data = self.arena.at(RelRecord::blob_of(word));
        match RelRecord::tag_of(word.get()) {
            WIDE_TYPE => record::wide_type(data),
            rel_type => (rel_type, data),
        }
    }

    /// The id of the node at a petgraph index (every edge endpoint is a live node).
    fn id_at(&self, ix: NodeIndex) -> NodeId {
        if self.node_ids.hold_for(ix.index() as u64) {
            ix.index() as NodeId
        } else {
            self.inner.node_weight(ix).map_or(NodeId::MAX, |n| n.id)
        }
    }

    /// The petgraph index of a live node.
    fn index_of(&self, id: NodeId) -> Option<NodeIndex> {
        let ix = self.position_unchecked(id)?;
        self.data_at(ix).map(|_| ix)
    }

    /// Every node id, in id order.
    pub fn node_ids(&self) -> Vec<NodeId> {
        self.node_index.ids().collect()
    }

    /// Every relationship id, in id order.
    pub fn relationship_ids(&self) -> Vec<RelId> {
        self.rel_index.ids().collect()
    }

    /// The id of `label`, if any node ever carried it since open.
    pub fn label_id(&self, label: &str) -> Option<LabelId> {
        self.dicts.labels.id(label).map(LabelId)
    }

    /// The id of relationship type `rel_type`, if any relationship ever had it since open.
    pub fn type_id(&self, rel_type: &str) -> Option<RelTypeId> {
        self.dicts.types.id(rel_type).map(RelTypeId)
    }

    /// The id of property key `key`, if any entity ever had it since open.
    pub fn key_id(&self, key: &str) -> Option<KeyId> {
        self.dicts.keys.id(key).map(KeyId)
    }

    fn label_set(&self, label: &str) -> Option<&LabelSet> {
        self.by_label.get(self.dicts.labels.id(label)? as usize)
    }

    /// Whether the live node `id` carries `label`, asked of the label index: a probe of a
    /// small cached structure instead of a read of the node's record and blob.
    pub fn node_has_label(&self, id: NodeId, label: LabelId) -> bool {
        self.by_label
            .get(label.0 as usize)
            .is_some_and(|set| set.contains(id))
    }

    /// Ids of the nodes carrying `label`, in id order.
    pub fn nodes_with_label(&self, label: &str) -> impl Iterator<Item = NodeId> + '_ {
        self.label_set(label).into_iter().flat_map(LabelSet::iter)
    }

    pub fn label_count(&self, label: &str) -> usize {
        self.label_set(label).map_or(0, LabelSet::len)
    }

    /// Ids of the relationships of `rel_type`, in storage order (a scan of every
    /// relationship: no per-type list is kept).
    pub fn relationships_of_type(&self, rel_type: &str) -> impl Iterator<Item = RelId> + '_ {
        self.relationships_with_type(rel_type).map(|rel| rel.id())
    }

    /// The relationships of one type, in storage order, each read once: the type is
    /// tested on the record's tag, without reading its properties, where the tag holds it.
    pub fn relationships_with_type(
        &self,
        rel_type: &str,
    ) -> impl Iterator<Item = RelView<'_>> + '_ {
        self.relationships_with_type_in(rel_type, 0..self.relationship_slots())
    }

    /// How many storage slots relationships occupy: [`Self::relationships_with_type_in`]
    /// takes ranges of them, so that parts of one scan can run apart.
    pub fn relationship_slots(&self) -> usize {
        self.inner.edge_bound()
    }

    /// The relationships of `rel_type` whose storage slots lie in `slots`, in storage order.
    pub fn relationships_with_type_in(
        &self,
        rel_type: &str,
        slots: std::ops::Range<usize>,
    ) -> TypedRelationships<'_> {
        let of_type = self
            .type_id(rel_type)
            .map_or(&[][..], |t| self.slots_of_type(t));
        TypedRelationships {
            graph: self,
            slots: ScannedSlots::Listed(of_type[places_in(of_type, slots)].iter()),
        }
    }

    /// The relationships of any of `types` (of any type when there are none) whose storage
    /// slots lie in `slots`, in storage order.
    pub fn relationships_of_types_in(
        &self,
        types: &[impl AsRef<str>],
        slots: std::ops::Range<usize>,
    ) -> TypedRelationships<'_> {
        if let [rel_type] = types {
            return self.relationships_with_type_in(rel_type.as_ref(), slots);
        }
        let types = (!types.is_empty()).then(|| {
            types
                .iter()
                .filter_map(|t| self.type_id(t.as_ref()))
                .collect()
        });
        TypedRelationships {
            graph: self,
            slots: ScannedSlots::Every { slots, types },
        }
    }

    /// The storage slots of each type's relationships, built if need be by one pass over
    /// every relationship.
    fn type_slots(&self) -> &[Vec<u32>] {
        self.type_slots.get_or_init(|| {
            let mut by_type: Vec<Vec<u32>> = vec![Vec::new(); self.type_counts.len()];
            for slot in 0..self.relationship_slots() {
                let Some(record) = self.inner.edge_weight(EdgeIndex::new(slot)) else {
                    continue;
                };
                let rel_type = self.rel_parts(record).0 as usize;
                if rel_type >= by_type.len() {
                    by_type.resize(rel_type + 1, Vec::new());
                }
                by_type[rel_type].push(slot as u32);
            }
            by_type
        })
    }

    /// How many relationships of `rel_type` (of any type without one) run from nodes
    /// labelled `start` to nodes labelled `end` (any node where a label is `None`).
    pub fn relationships_between(
        &self,
        start: Option<&str>,
        rel_type: Option<&str>,
        end: Option<&str>,
    ) -> u64 {
        let types: Vec<u32> = match rel_type {
            Some(t) => self.dicts.types.id(t).into_iter().collect(),
            None => (0..self.type_counts.len() as u32).collect(),
        };
        let label = |l: Option<&str>| match l {
            None => Some(stats::ANY),
            Some(l) => self.dicts.labels.id(l),
        };
        let (Some(start), Some(end)) = (label(start), label(end)) else {
            return 0;
        };
        if start == stats::ANY && end == stats::ANY {
            let count = |t: &u32| self.type_counts.get(*t as usize).copied().unwrap_or(0);
            return types.iter().map(count).sum::<usize>() as u64;
        }
        let triples = self.triples();
        types.iter().map(|&t| triples.get(start, t, end)).sum()
    }

    fn triples(&self) -> &stats::Triples {
        self.triples.get_or_init(|| self.count_triples())
    }

    /// The triples counted afresh from every relationship.
    fn count_triples(&self) -> stats::Triples {
        let labels_at = |at: usize| self.label_ids_at(NodeIndex::new(at));
        stats::Triples::build(&self.inner, labels_at, |r| self.rel_parts(r).0)
    }

    /// The label ids of the node at position `ix` (none where no node is).
    fn label_ids_at(&self, ix: NodeIndex) -> impl Iterator<Item = u32> + '_ {
        let data = self.data_at(ix);
        data.into_iter()
            .flat_map(|data| record::node_labels(self.arena.at(data)).0)
    }

    /// How degrees go together at nodes labelled `label` (any node when `None`): the mean
    /// number of relationships of the `onward` kind at the nodes a path reaches over a
    /// relationship of the `arrived` kind (each seen from the node), relative to the mean
    /// over all such nodes. A planner multiplies its estimate of a second hop by it:
    /// where hubs link to hubs, the nodes a first hop reaches lead on to far more than
    /// the average node. Measured on a sample (see `measure_degree_bias`) and kept while
    /// the numbers of nodes and relationships stay within a sixteenth of what they were;
    /// `None` when the sample shows no such paths.
    pub fn degree_bias<S: AsRef<str>>(
        &self,
        label: Option<&str>,
        arrived: (&[S], Direction),
        onward: (&[S], Direction),
    ) -> Option<f64> {
        let label = match label {
            Some(label) => self.dicts.labels.id(label)?,
            None => stats::ANY,
        };
        let side = |(types, direction): (&[S], Direction)| {
            let ids = self.type_ids(types);
            // A type the graph lacks has no relationships: nothing to measure.
            (ids.len() == types.len()).then_some(stats::HopSide {
                types: ids,
                direction,
            })
        };
        let key = (label, side(arrived)?, side(onward)?);
        let size = (self.node_count(), self.relationship_count());
        let biases = || {
            self.degree_biases
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(measured) = biases().get(&key).filter(|m| m.holds_at(size)) {
            return measured.bias;
        }
        let bias = self.measure_degree_bias(&key);
        biases().insert(key, stats::Measured { bias, size });
        bias
    }

    /// The share of the nodes labelled `label` (of every node when `None`) whose `key`
    /// holds `value`, measured on an even sample of at most [`stats::VALUE_SAMPLE`] of
    /// them: what a planner expects an equality to keep. A value the sample never meets
    /// counts as half a node of it, so that no estimate falls to nothing. `None` when there
    /// are no such nodes or the graph knows no such key.
    pub fn equal_share(&self, label: Option<&str>, key: &str, value: &Value) -> Option<f64> {
        let key = self.key_id(key)?;
        let (ids, len): (Box<dyn Iterator<Item = NodeId> + '_>, usize) = match label {
            Some(label) => {
                let set = self.label_set(label)?;
                (Box::new(set.iter()), set.len())
            }
            None => (Box::new(self.node_index.ids()), self.node_count()),
        };
        let stride = (len / stats::VALUE_SAMPLE).max(1);
        let (mut sampled, mut equal) = (0usize, 0usize);
        for id in ids.step_by(stride) {
            let Some(node) = self.node(id) else { continue };
            sampled += 1;
            let holds = match node.property_ref(key) {
                Some(PropertyRef::Str(s)) => matches!(value, Value::String(v) if v == s),
                Some(other) => other.into_value() == *value,
                None => false,
            };
            equal += usize::from(holds);
        }
        (sampled > 0).then(|| (equal as f64).max(0.5) / sampled as f64)
    }

    /// [`Graph::degree_bias`] measured on the nodes with the label: the
    /// [`stats::BIAS_SAMPLE`] of the highest total degree (found in constant time per
    /// node) each count, since on a graph of skewed degrees a few hubs carry most paths;
    /// of the others, an even sample of as many, each standing for its share.
    fn measure_degree_bias(&self, (label, arrived, onward): &stats::BiasKey) -> Option<f64> {
        let ids: Box<dyn Iterator<Item = NodeId> + '_> = if *label == stats::ANY {
            Box::new(self.node_index.ids())
        } else {
            Box::new(self.by_label.get(*label as usize)?.iter())
        };
        // Both directions apart: each is an offset difference, where `Both` also looks
        // for self-loops.
        let total =
            |id| self.degree(id, Direction::Outgoing) + self.degree(id, Direction::Incoming);
        let mut totals: Vec<(usize, NodeId)> = ids.map(|id| (total(id), id)).collect();
        let hubs = totals.len().saturating_sub(stats::BIAS_SAMPLE);
        if hubs > 0 {
            totals.select_nth_unstable(hubs);
        }
        let (others, hubs) = totals.split_at(hubs);
        let stride = (others.len() / stats::BIAS_SAMPLE).max(1);
        let degree = |id: NodeId, side: &stats::HopSide| {
            let types = (!side.types.is_empty()).then_some(side.types.as_slice());
            self.degree_of_types(id, side.direction, types)
        };
        let weighted = |weight: usize| {
            move |&(_, id): &(usize, NodeId)| (weight, degree(id, arrived), degree(id, onward))
        };
        let sample = (hubs.iter().map(weighted(1)))
            .chain(others.iter().step_by(stride).map(weighted(stride)));
        stats::degree_bias(sample)
    }

    /// Counts a relationship in or out of the triples, when they are built.
    fn count_triple(&mut self, from: NodeIndex, rel_type: u32, to: NodeIndex, added: bool) {
        if self.triples.get().is_none() {
            return;
        }
        let start: Vec<u32> = self.label_ids_at(from).collect();
        let end: Vec<u32> = self.label_ids_at(to).collect();
        if let Some(triples) = self.triples.get_mut() {
            triples.count(&start, rel_type, &end, added);
        }
    }

    pub fn type_count(&self, rel_type: &str) -> usize {
        self.dicts
            .types
            .id(rel_type)
            .and_then(|t| self.type_counts.get(t as usize))
            .copied()
            .unwrap_or(0)
    }

    /// Nodes with a name, translated name or alias whose normalized form is `normalized`.
    pub fn nodes_named(&self, normalized: &str) -> impl Iterator<Item = NodeId> + '_ {
        self.by_name.get(normalized).into_iter().flatten().copied()
    }

    /// Every normalized name in the index with the nodes it names (for search).
    pub fn name_entries(&self) -> impl Iterator<Item = (&str, &[NodeId])> {
        self.by_name.iter()
    }

    /// Labels that exist on at least one node, sorted.
    pub fn labels(&self) -> Vec<&str> {
        let mut labels: Vec<&str> = self
            .by_label
            .iter()
            .enumerate()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(label, _)| self.dicts.labels.name(label as u32))
            .collect();
        labels.sort_unstable();
        labels
    }

    /// Relationship types that exist on at least one relationship, sorted.
    pub fn relationship_types(&self) -> Vec<&str> {
        let mut types: Vec<&str> = self
            .type_counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(t, _)| self.dicts.types.name(t as u32))
            .collect();
        types.sort_unstable();
        types
    }

    /// Every property key ever seen since open, sorted.
    pub fn property_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.dicts.keys.iter().map(|(_, key)| key).collect();
        keys.sort_unstable();
        keys
    }

    pub fn knows_label(&self, label: &str) -> bool {
        self.dicts.labels.id(label).is_some()
    }

    pub fn knows_type(&self, rel_type: &str) -> bool {
        self.dicts.types.id(rel_type).is_some()
    }

    pub fn knows_property_key(&self, key: &str) -> bool {
        self.dicts.keys.id(key).is_some()
    }

    /// The relationships at `node` in `direction`, each with the node at its other end.
    /// With `Both`, a self-loop is yielded once. The order: outgoing, then incoming; within
    /// a direction grouped by type (in the order of the types' ids), newest first within a
    /// type, whether the compact adjacency or the lists are read.
    pub fn relationships_at(
        &self,
        node: NodeId,
        direction: Direction,
    ) -> impl Iterator<Item = (RelView<'_>, NodeId)> + '_ {
        let steps = self.steps_of(node, direction, None);
        self.views(node, steps)
    }

    /// [`Graph::relationships_at`] restricted to relationships whose type is one of `types`
    /// (every type when empty): the compact adjacency's type tags skip the others without
    /// reading their records.
    pub fn relationships_of_types_at<'g, S: AsRef<str>>(
        &'g self,
        node: NodeId,
        direction: Direction,
        types: &[S],
    ) -> impl Iterator<Item = (RelView<'g>, NodeId)> + 'g {
        let filter = match types {
            [] => TypeFilter::All,
            [one] => TypeFilter::One(self.dicts.types.id(one.as_ref()).unwrap_or(u32::MAX)),
            many => TypeFilter::Many(
                many.iter()
                    .filter_map(|t| self.dicts.types.id(t.as_ref()))
                    .collect(),
            ),
        };
        self.relationships_admitted_at(node, direction, filter, |_| true)
    }

    /// [`Graph::relationships_of_types_at`] with the types already resolved to ids (`None`:
    /// every type), for expansions that resolve them once per query.
    pub fn relationships_of_type_ids_at<'g>(
        &'g self,
        node: NodeId,
        direction: Direction,
        types: Option<&'g [RelTypeId]>,
    ) -> impl Iterator<Item = (RelView<'g>, NodeId)> + 'g {
        self.relationships_to_at(node, direction, types, |_| true)
    }

    /// [`Graph::relationships_of_type_ids_at`] keeping only the relationships whose other
    /// end passes `far`, which is asked before the relationship's record is read: a cheap
    /// test of the far end there (a label, a bound node) saves a cache miss per rejection.
    pub fn relationships_to_at<'g>(
        &'g self,
        node: NodeId,
        direction: Direction,
        types: Option<&'g [RelTypeId]>,
        far: impl Fn(NodeId) -> bool + 'g,
    ) -> impl Iterator<Item = (RelView<'g>, NodeId)> + 'g {
        self.relationships_admitted_at(node, direction, TypeFilter::of(types), far)
    }

    fn relationships_admitted_at<'g>(
        &'g self,
        node: NodeId,
        direction: Direction,
        filter: TypeFilter<'g>,
        far: impl Fn(NodeId) -> bool + 'g,
    ) -> impl Iterator<Item = (RelView<'g>, NodeId)> + 'g {
        let (out, into) = self.steps_of(node, direction, filter.tag_span());
        let admitted = out
            .chain(into)
            .filter(move |step| self.admits(&filter, step) && far(self.id_at(step.other)));
        self.views_of(node, admitted)
    }

    #[inline]
    fn admits(&self, filter: &TypeFilter, step: &Step) -> bool {
        if matches!(filter, TypeFilter::All) {
            return true;
        }
        let tag = step.tag();
        let rel_type = if tag >= WIDE_TYPE {
            self.inner
                .edge_weight(step.edge)
                .map_or(u32::MAX, |r| self.rel_parts(r).0)
        } else {
            tag
        };
        match filter {
            TypeFilter::All => true,
            TypeFilter::One(t) => *t == rel_type,
            TypeFilter::Ids(ts) => ts.contains(&RelTypeId(rel_type)),
            TypeFilter::Many(ts) => ts.contains(&rel_type),
        }
    }

    fn views<'g>(
        &'g self,
        node: NodeId,
        (out, into): (Half<'g>, Half<'g>),
    ) -> impl Iterator<Item = (RelView<'g>, NodeId)> + 'g {
        self.views_of(node, out.chain(into))
    }

    fn views_of<'g>(
        &'g self,
        node: NodeId,
        steps: impl Iterator<Item = Step<'g>> + 'g,
    ) -> impl Iterator<Item = (RelView<'g>, NodeId)> + 'g {
        let adjacency = self.adjacency.get();
        steps.filter_map(move |step| {
            let hop = match (step.word, adjacency) {
                (Word::Copied(word), Some(adjacency)) => adjacency.hop_of(step.outgoing, word),
                _ => None,
            };
            let record = match step.word {
                Word::Record(record) => *record,
                // Ids are edge indices: the record need not be read.
                Word::Copied(&word) if self.rel_ids.hold_for(step.edge.index() as u64) => {
                    RelRecord {
                        id: step.edge.index() as RelId,
                        packed: Offset::new(word)?,
                    }
                }
                Word::Copied(_) => *self.inner.edge_weight(step.edge)?,
            };
            let other = self.id_at(step.other);
            let ends = if step.outgoing {
                (node, other)
            } else {
                (other, node)
            };
            Some((self.rel_view(&record, ends).at_hop(hop), other))
        })
    }

    /// The compact adjacency, built now if no traversal has since the last write that
    /// dropped it.
    fn adjacency(&self) -> &Adjacency {
        self.adjacency.get_or_init(|| {
            Adjacency::build(
                &self.inner,
                &self.irregular,
                |r: &RelRecord| r.packed.get(),
                RelRecord::tag_of,
            )
        })
    }

    /// Starts loading the adjacency runs an expansion from `id` in `direction` will read,
    /// so that a caller walking a list of start nodes can overlap the next ones' cache
    /// misses with the work on this one. Only a hint: it reads nothing that may miss
    /// but the run's bounds, and does nothing before the adjacency is built.
    pub fn prefetch_relationships(&self, id: NodeId, direction: Direction) {
        let Some(adjacency) = self.adjacency.get() else {
            return;
        };
        let Some(at) = self.position_if_clean(adjacency, id).map(NodeIndex::index) else {
            return;
        };
        if matches!(direction, Direction::Outgoing | Direction::Both) {
            adjacency.prefetch_run(at, true);
        }
        if matches!(direction, Direction::Incoming | Direction::Both) {
            adjacency.prefetch_run(at, false);
        }
    }

    /// The next step after [`Graph::prefetch_relationships`], nearer the traversal (its
    /// runs should be cached by now): finds the relationships an expansion will admit,
    /// those of `types` whose far end passes `far`, and starts loading what `loads` says
    /// the expansion reads of them. Says how many it found (none when it could not tell):
    /// an upper bound of those the expansion takes, since a wide type counts whatever it
    /// is.
    pub fn prefetch_relationship_properties(
        &self,
        id: NodeId,
        direction: Direction,
        types: Option<&[RelTypeId]>,
        far: impl Fn(NodeId) -> bool,
        loads: Preload,
    ) -> Option<usize> {
        let adjacency = self.adjacency.get()?;
        let ix = self.position_if_clean(adjacency, id)?;
        let mut found = 0;
        // A hint may take too much: a wide type (kept in the blob) passes.
        let typed =
            |tag: u32| tag >= WIDE_TYPE || types.is_none_or(|t| t.contains(&RelTypeId(tag)));
        let span = TypeFilter::of(types).tag_span();
        let (out, into) = self.steps(ix, direction, true, span);
        for step in out.chain(into) {
            if typed(step.tag()) && far(self.id_at(step.other)) {
                found += 1;
                let blob = match step.word {
                    Word::Copied(&word) if loads.properties => {
                        let slot = self.rel_words.get(step.edge.index());
                        if let Some(slot) = slot.filter(|_| loads.records) {
                            adjacency::prefetch(slot);
                        }
                        Offset::new(word).map(RelRecord::blob_of)
                    }
                    Word::Record(record) if loads.properties => Some(record.blob()),
                    _ => None,
                };
                if let Some(first) = blob.and_then(|b| self.arena.at(b).first()) {
                    adjacency::prefetch(first);
                }
                let data = (loads.far_data).then(|| self.node_data.get(step.other.index()));
                if let Some(slot) = data.flatten() {
                    adjacency::prefetch(slot);
                }
            }
        }
        Some(found)
    }

    /// The first of two steps ahead of reading the nodes `ids`: starts loading the slots
    /// that say where their labels and properties are, reading nothing that may miss.
    pub fn prefetch_node_slots(&self, ids: &[NodeId]) {
        for &id in ids {
            let slot = self
                .position_unchecked(id)
                .and_then(|ix| self.node_data.get(ix.index()));
            if let Some(slot) = slot {
                adjacency::prefetch(slot);
            }
        }
    }

    /// The second step, once the slots had time to arrive: starts loading the nodes'
    /// labels and properties. (Without the first step the slots are read here, in a
    /// tight loop whose cache misses overlap.)
    pub fn prefetch_nodes(&self, ids: &[NodeId]) {
        for &id in ids {
            let data = self.position_unchecked(id).and_then(|ix| self.data_at(ix));
            if let Some(first) = data.and_then(|d| self.arena.at(d).first()) {
                adjacency::prefetch(first);
            }
        }
    }

    /// [`Graph::steps`] of the node `id`, from the compact adjacency (built if need be).
    /// Where the adjacency is exact at the id's position, the node itself is not read: a
    /// position without a node at the build has empty runs, and one that gained or lost a
    /// node since is dirty. Elsewhere the node must be live for its lists to be read.
    fn steps_of(
        &self,
        id: NodeId,
        direction: Direction,
        tags: Option<(u32, u32)>,
    ) -> (Half<'_>, Half<'_>) {
        let Some(ix) = self.position_unchecked(id) else {
            return (Half::Empty, Half::Empty);
        };
        if self.adjacency().is_clean(ix.index()) || self.inner.contains_node(ix) {
            self.steps(ix, direction, true, tags)
        } else {
            (Half::Empty, Half::Empty)
        }
    }

    /// The position `id` would have if it is a live node, found without reading the node.
    fn position_unchecked(&self, id: NodeId) -> Option<NodeIndex> {
        let position = if self.node_ids.hold_for(id) {
            // u32::MAX is petgraph's "no node".
            u32::try_from(id).ok().filter(|&at| at != u32::MAX)
        } else {
            self.node_index.get(id)
        };
        position.map(|at| NodeIndex::new(at as usize))
    }

    /// The node's position where the compact adjacency is exact for it.
    fn position_if_clean(&self, adjacency: &Adjacency, id: NodeId) -> Option<NodeIndex> {
        self.position_unchecked(id)
            .filter(|ix| adjacency.is_clean(ix.index()))
    }

    /// The two halves of the relationships at `ix` in `direction` (outgoing, incoming),
    /// from the compact adjacency where it is exact at `ix` (`compact` asks for it, building
    /// it if need be), else from petgraph's lists.
    /// A compact run is narrowed to the relationships whose type tags lie in `tags`
    /// (inclusive), if given; the lists are not, so a caller filters by type either way.
    fn steps(
        &self,
        ix: NodeIndex,
        direction: Direction,
        compact: bool,
        tags: Option<(u32, u32)>,
    ) -> (Half<'_>, Half<'_>) {
        let outgoing = matches!(direction, Direction::Outgoing | Direction::Both);
        let incoming = matches!(direction, Direction::Incoming | Direction::Both);
        let adjacency = if compact {
            Some(self.adjacency()).filter(|a| a.is_clean(ix.index()))
        } else {
            None
        };
        let half = |wanted: bool, out: bool| -> Half<'_> {
            if !wanted {
                return Half::Empty;
            }
            let skip_loops = !out && outgoing;
            match adjacency {
                Some(a) => {
                    let (entries, words) = a.run_within(ix.index(), out, tags);
                    Half::Compact {
                        entries: entries.iter(),
                        words: words.iter(),
                        at: ix.index() as u32,
                        outgoing: out,
                        skip_loops,
                    }
                }
                None => {
                    let edges = self.inner.edges_directed(
                        ix,
                        if out {
                            PgDirection::Outgoing
                        } else {
                            PgDirection::Incoming
                        },
                    );
                    let linked = Half::Linked {
                        edges,
                        outgoing: out,
                        skip_loops,
                    };
                    // A traversal reads a changed node's list in the order a rebuilt run
                    // would hold it: grouped by type where it may meet several.
                    if compact && tags.is_none_or(|(lo, hi)| lo < hi) {
                        let mut steps: Vec<Step<'_>> = linked.collect();
                        steps.sort_by_key(Step::tag);
                        Half::Grouped(steps.into_iter())
                    } else {
                        linked
                    }
                }
            }
        };
        (half(outgoing, true), half(incoming, false))
    }

    /// Number of relationships at `node` in `direction` (a self-loop counts once for
    /// `Both`): constant time from the compact adjacency for one direction.
    pub fn degree(&self, node: NodeId, direction: Direction) -> usize {
        let Some(ix) = self.index_of(node) else {
            return 0;
        };
        let adjacency = self.adjacency();
        if !adjacency.is_clean(ix.index()) {
            let (out, into) = self.steps(ix, direction, false, None);
            return out.count() + into.count();
        }
        let at = ix.index();
        match direction {
            Direction::Outgoing => adjacency.len_at(at, true),
            Direction::Incoming => adjacency.len_at(at, false),
            Direction::Both => {
                let loops = adjacency
                    .run(at, true)
                    .0
                    .iter()
                    .filter(|e| e.node as usize == at)
                    .count();
                adjacency.len_at(at, true) + adjacency.len_at(at, false) - loops
            }
        }
    }

    /// Number of relationships at `node` in `direction` whose type is one of `types`
    /// (every type when `None`); reads no relationship record for packed types.
    pub fn degree_of_types(
        &self,
        node: NodeId,
        direction: Direction,
        types: Option<&[RelTypeId]>,
    ) -> usize {
        let Some(types) = types else {
            return self.degree(node, direction);
        };
        let Some(ix) = self.index_of(node) else {
            return 0;
        };
        let adjacency = self.adjacency();
        match types {
            // One type kept in the words: its range of each run, found by binary search.
            [one] if one.0 < WIDE_TYPE && adjacency.is_clean(ix.index()) => {
                let run = |out| {
                    adjacency
                        .run_within(ix.index(), out, Some((one.0, one.0)))
                        .0
                };
                match direction {
                    Direction::Outgoing => run(true).len(),
                    Direction::Incoming => run(false).len(),
                    Direction::Both => {
                        let out = run(true);
                        let loops = out.iter().filter(|e| e.node as usize == ix.index());
                        out.len() + run(false).len() - loops.count()
                    }
                }
            }
            _ => self
                .neighbours(ix.index() as u32, direction, Some(types))
                .count(),
        }
    }

    // ---- traversal by position -----------------------------------------------------------
    //
    // Tight loops (breadth-first searches that only need to know which nodes they reach)
    // work on node positions: dense numbers below `position_bound`, which index bitmaps
    // directly, with no id lookup or hashing per node.

    /// The position of a live node.
    pub fn position_of(&self, id: NodeId) -> Option<u32> {
        self.index_of(id).map(|ix| ix.index() as u32)
    }

    /// An upper bound (exclusive) of the positions in use.
    pub fn position_bound(&self) -> usize {
        self.inner.node_bound()
    }

    /// The id of the node at a position that [`Graph::position_of`] or
    /// [`Graph::neighbours`] gave.
    pub fn id_at_position(&self, position: u32) -> NodeId {
        self.id_at(NodeIndex::new(position as usize))
    }

    /// The relationships at the node at `position` in `direction` whose type is one of
    /// `types` (every type when `None`), as (position of the other end, edge number),
    /// in [`Graph::relationships_at`]'s order. The edge number identifies the relationship
    /// while the graph is unchanged.
    pub fn neighbours<'g>(
        &'g self,
        position: u32,
        direction: Direction,
        types: Option<&'g [RelTypeId]>,
    ) -> impl Iterator<Item = (u32, u32)> + 'g {
        let ix = NodeIndex::new(position as usize);
        let adjacency = self.adjacency();
        // Where the adjacency is exact the node need not be read (see `steps_of`).
        let clean = adjacency.is_clean(ix.index());
        if clean && types.is_none() {
            let outgoing = matches!(direction, Direction::Outgoing | Direction::Both);
            let incoming = matches!(direction, Direction::Incoming | Direction::Both);
            let run = |wanted: bool, out: bool| match wanted {
                true => adjacency.run(ix.index(), out).0.iter(),
                false => [].iter(),
            };
            return Positions::Runs {
                out: run(outgoing, true),
                into: run(incoming, false),
                skip_loops_at: (outgoing && incoming).then_some(position),
            };
        }
        let filter = TypeFilter::of(types);
        let steps = if clean || self.inner.contains_node(ix) {
            self.steps(ix, direction, true, filter.tag_span())
        } else {
            (Half::Empty, Half::Empty)
        };
        Positions::Steps {
            steps: steps.0.chain(steps.1),
            filter,
            graph: self,
        }
    }

    /// The ids of `types` that the graph knows (a type it never saw matches nothing).
    pub fn type_ids<S: AsRef<str>>(&self, types: &[S]) -> Vec<RelTypeId> {
        types
            .iter()
            .filter_map(|t| self.type_id(t.as_ref()))
            .collect()
    }

    /// The id of the relationship with an edge number [`Graph::neighbours`] gave.
    pub fn relationship_at_edge(&self, edge: u32) -> Option<RelId> {
        self.inner
            .edge_weight(EdgeIndex::new(edge as usize))
            .map(|r| r.id)
    }

    /// Rebuilds the indexes from the entities and says, one sentence each, where they
    /// disagree with the ones kept (for `kizuna check`; empty when all is well).
    pub fn index_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut labels: HashMap<u32, BTreeSet<NodeId>> = HashMap::default();
        let mut names: HashMap<String, Vec<NodeId>> = HashMap::default();
        let mut live = 0;
        let mut slots = 0;
        for ix in self.inner.node_indices() {
            let node = &self.inner[ix];
            if self.node_index.get(node.id) != Some(ix.index() as u32) {
                problems.push(format!("node {} is missing from the id index", node.id));
            }
            let index = ix.index() as NodeId;
            if (self.node_ids.hold_for(index) || self.node_ids.hold_for(node.id))
                && index != node.id
            {
                problems.push(format!(
                    "node {} sits at index {}, though ids are taken for indices",
                    node.id,
                    ix.index()
                ));
            }
            let Some(offset) = self.data_at(ix) else {
                problems.push(format!("node {} has no data slot", node.id));
                continue;
            };
            slots += 1;
            let data = self.arena.at(offset);
            if offset != record::EMPTY {
                live += record::blob_len(data, Blob::Node);
            }
            let (label_ids, props) = record::node_labels(data);
            for label in label_ids {
                labels.entry(label).or_default().insert(node.id);
            }
            record::name_strings(props, &self.dicts.keys, |name| {
                names.entry(normalize_name(name)).or_default().push(node.id)
            });
        }
        let stray = self
            .node_data
            .iter()
            .flatten()
            .count()
            .saturating_sub(slots);
        if stray > 0 {
            problems.push(format!("{stray} data slots hold no node"));
        }
        let words = self.rel_words.iter().flatten().count();
        if words != self.inner.edge_count() {
            problems.push(format!(
                "{words} relationship words for {} relationships",
                self.inner.edge_count()
            ));
        }
        for ids in names.values_mut() {
            ids.sort_unstable();
            ids.dedup();
        }
        let mut types: HashMap<u32, usize> = HashMap::default();
        for edge in (&self.inner).edge_references() {
            let rel = edge.weight();
            *types.entry(self.rel_parts(rel).0).or_default() += 1;
            if self.rel_index.get(rel.id) != Some(edge.id().index() as u32) {
                problems.push(format!(
                    "relationship {} is missing from the id index",
                    rel.id
                ));
            }
            if self.rel_words.get(edge.id().index()) != Some(&Some(rel.packed)) {
                problems.push(format!("relationship {}'s word is stale", rel.id));
            }
            if rel.blob() != record::EMPTY {
                live += record::blob_len(self.arena.at(rel.blob()), rel.kind());
            }
        }
        for (label, kept) in self.by_label.iter().enumerate() {
            if labels.get(&(label as u32)).map_or(!kept.is_empty(), |ids| {
                ids.len() != kept.len() || !ids.iter().copied().eq(kept.iter())
            }) {
                problems.push(format!(
                    "the label index of :{} disagrees with the nodes",
                    self.dicts.labels.name(label as u32)
                ));
            }
        }
        for &label in labels.keys() {
            if label as usize >= self.by_label.len() {
                problems.push(format!(
                    "the label index lacks :{}",
                    self.dicts.labels.name(label)
                ));
            }
        }
        for (name, kept) in self.by_name.iter() {
            if names.get(name).map_or(!kept.is_empty(), |ids| ids != kept) {
                problems.push(format!(
                    "the name index entry {name:?} disagrees with the nodes"
                ));
            }
        }
        for name in names.keys() {
            if !self.by_name.contains(name) {
                problems.push(format!("the name index lacks {name:?}"));
            }
        }
        for (rel_type, kept) in self.type_counts.iter().enumerate() {
            let counted = types.get(&(rel_type as u32)).copied().unwrap_or(0);
            if counted != *kept {
                problems.push(format!(
                    "the count of :{} relationships is {kept}, but there are {counted}",
                    self.dicts.types.name(rel_type as u32)
                ));
            }
        }
        for &rel_type in types.keys() {
            if rel_type as usize >= self.type_counts.len() {
                problems.push(format!(
                    "the type counts lack :{}",
                    self.dicts.types.name(rel_type)
                ));
            }
        }
        let accounted = Arena::reserved() + live + self.arena.garbage();
        if accounted != self.arena.len() {
            problems.push(format!(
                "the property store holds {} bytes, but its records and garbage account for {accounted}",
                self.arena.len()
            ));
        }
        problems.extend(self.property_index_problems());
        problems
    }

    // ---- transactions ------------------------------------------------------------------

    /// Starts recording before-images. Nested calls keep the outer transaction.
    pub fn begin(&mut self) {
        if self.undo.is_none() {
            self.undo = Some(UndoLog {
                next_node_id: self.next_node_id,
                next_rel_id: self.next_rel_id,
                ..UndoLog::default()
            });
        }
    }

    /// The final state of everything the transaction touched, for the store. The
    /// transaction stays open until [`Graph::finish`] or [`Graph::rollback`].
    pub fn take_changes(&self) -> Changes {
        let mut changes = Changes {
            next_node_id: self.next_node_id,
            next_rel_id: self.next_rel_id,
            ..Changes::default()
        };
        let Some(undo) = &self.undo else {
            return changes;
        };
        for (&id, &before) in &undo.nodes {
            match (self.current_data(id), before) {
                (Some(now), Some(before)) if self.same_node_blob(now, before) => {}
                (Some(_), _) => changes.put_nodes.extend(self.node(id).map(|n| n.to_node())),
                (None, Some(_)) => changes.deleted_nodes.push(id),
                (None, None) => {}
            }
        }
        for (&id, before) in &undo.relationships {
            match self.relationship(id).map(|r| r.to_relationship()) {
                Some(rel) if Some(&rel) != before.as_ref() => changes.put_relationships.push(rel),
                Some(_) => {}
                None if before.is_some() => changes.deleted_relationships.push(id),
                None => {}
            }
        }
        changes.put_nodes.sort_by_key(|n| n.id);
        changes.put_relationships.sort_by_key(|r| r.id);
        changes.deleted_nodes.sort_unstable();
        changes.deleted_relationships.sort_unstable();
        changes.index_defs = undo.index_defs.is_some().then(|| self.index_defs());
        changes
    }

    /// Ends the transaction, keeping its changes (they are durable now).
    pub fn finish(&mut self) {
        let Some(undo) = self.undo.take() else {
            return;
        };
        for (id, before) in undo.nodes {
            match before {
                Some(before) if self.current_data(id) != Some(before) => {
                    self.arena.release(before, Blob::Node)
                }
                _ => {}
            }
        }
        self.compact_if_worth_it();
    }

    /// Ends the transaction, restoring everything it touched.
    pub fn rollback(&mut self) {
        let Some(undo) = self.undo.take() else {
            return;
        };
        for &id in undo.relationships.keys() {
            self.remove_relationship_raw(id);
        }
        for (id, before) in undo.nodes {
            match before {
                None => self.remove_node_raw(id),
                Some(data) => self.put_node_data(id, data),
            }
        }
        for before in undo.relationships.into_values().flatten() {
            self.insert_relationship(&before);
        }
        if let Some(defs) = undo.index_defs {
            self.restore_indexes(defs);
        }
        self.next_node_id = undo.next_node_id;
        self.next_rel_id = undo.next_rel_id;
        self.compact_if_worth_it();
    }

    fn log_node(&mut self, id: NodeId) {
        if self.undo.as_ref().is_none_or(|u| u.nodes.contains_key(&id)) {
            return;
        }
        let before = self.current_data(id);
        if let Some(undo) = &mut self.undo {
            undo.nodes.insert(id, before);
        }
    }

    fn log_relationship(&mut self, id: RelId) {
        if self
            .undo
            .as_ref()
            .is_none_or(|u| u.relationships.contains_key(&id))
        {
            return;
        }
        let before = self.relationship(id).map(|r| r.to_relationship());
        if let Some(undo) = &mut self.undo {
            undo.relationships.insert(id, before);
        }
    }

    // ---- writes (callers validate; these keep the indexes true) ------------------------

    /// Creates a node and returns its new id.
    pub fn create_node(&mut self, labels: Vec<String>, properties: Properties) -> NodeId {
        let id = self.next_node_id;
        self.next_node_id += 1;
        self.log_node(id);
        self.insert_node(&Node {
            id,
            labels,
            properties,
        });
        id
    }

    /// Creates a relationship between two existing nodes and returns its new id.
    pub fn create_relationship(
        &mut self,
        rel_type: String,
        start: NodeId,
        end: NodeId,
        properties: Properties,
    ) -> Option<RelId> {
        if self.node(start).is_none() || self.node(end).is_none() {
            return None;
        }
        let id = self.next_rel_id;
        self.next_rel_id += 1;
        self.log_relationship(id);
        self.insert_relationship(&Relationship {
            id,
            rel_type,
            start,
            end,
            properties,
        });
        Some(id)
    }

    /// Deletes a relationship; returns whether it existed.
    pub fn delete_relationship(&mut self, id: RelId) -> bool {
        if self.relationship(id).is_none() {
            return false;
        }
        self.log_relationship(id);
        self.remove_relationship_raw(id);
        self.compact_if_worth_it();
        true
    }

    /// Deletes a node that has no relationships left; returns whether it existed.
    pub fn delete_node(&mut self, id: NodeId) -> bool {
        if self.node(id).is_none() {
            return false;
        }
        // The lists, not the adjacency: a write should not build it.
        let attached: Vec<RelId> = match self.index_of(id) {
            Some(ix) => self
                .views(id, self.steps(ix, Direction::Both, false, None))
                .map(|(r, _)| r.id())
                .collect(),
            None => Vec::new(),
        };
        for rel in attached {
            self.delete_relationship(rel);
        }
        self.log_node(id);
        self.remove_node_raw(id);
        self.compact_if_worth_it();
        true
    }

    /// Replaces a node's labels and properties (the id stays).
    pub fn update_node(&mut self, id: NodeId, labels: Vec<String>, properties: Properties) -> bool {
        if self.node_index.get(id).is_none() {
            return false;
        }
        self.log_node(id);
        self.restore_node(&Node {
            id,
            labels,
            properties,
        });
        self.compact_if_worth_it();
        true
    }

    /// Replaces a relationship's properties.
    pub fn update_relationship(&mut self, id: RelId, properties: Properties) -> bool {
        let Some(ix) = self.rel_index.get(id).map(|ix| EdgeIndex::new(ix as usize)) else {
            return false;
        };
        self.log_relationship(id);
        let Some(old) = self.inner.edge_weight(ix) else {
            return false;
        };
        let (rel_type, kind, old) = (self.rel_parts(old).0, old.kind(), old.blob());
        let blob = self
            .arena
            .put_relationship(&mut self.dicts.keys, rel_type, &properties);
        self.index_rel_properties(id, false);
        self.replace_rel_record(ix, RelRecord::new(id, rel_type, blob), (old, kind));
        self.index_rel_properties(id, true);
        self.compact_if_worth_it();
        true
    }

    /// Puts `record` in place of the relationship's at `ix` (same type and ends), releasing
    /// the old blob. Its ends are touched: the compact adjacency's copy of the word is stale.
    fn replace_rel_record(&mut self, ix: EdgeIndex, record: RelRecord, old: (Offset, Blob)) {
        self.column_cache.forget_relationships();
        if let Some(slot) = self.inner.edge_weight_mut(ix) {
            *slot = record;
            self.arena.release(old.0, old.1);
            self.set_rel_word(ix.index(), Some(record.packed));
        }
        if let Some((from, to)) = self.inner.edge_endpoints(ix) {
            self.touched(from);
            self.touched(to);
        }
    }

    fn insert_node(&mut self, node: &Node) {
        let data = self
            .arena
            .put_node(&mut self.dicts, &node.labels, &node.properties);
        self.insert_node_data(node.id, data);
    }

    /// Adds node `id` with the blob at `data`.
    fn insert_node_data(&mut self, id: NodeId, data: Offset) {
        self.index_node(id, data);
        let ix = self.inner.add_node(NodeRecord { id });
        self.set_data_at(ix, Some(data));
        self.node_index.insert(id, ix.index() as u32);
        self.node_ids.placed(ix.index(), id);
        // A reused index starts with empty lists.
        self.irregular.remove(ix.index());
        self.touched(ix);
    }

    /// Puts (or clears) the blob slot of position `ix`.
    fn set_data_at(&mut self, ix: NodeIndex, data: Option<Offset>) {
        let at = ix.index();
        if at >= self.node_data.len() {
            self.node_data.resize(at + 1, None);
        }
        self.node_data[at] = data;
        let node = data.map(|data| NodeView::new(0, self.arena.at(data), &self.dicts));
        (self.column_cache).patch_nodes(at, |key| node.as_ref()?.property_ref(key));
    }

    /// Records that the relationships at `ix` changed: the compact adjacency no longer
    /// speaks for it, and is dropped once it speaks for too few nodes.
    fn touched(&mut self, ix: NodeIndex) {
        if let Some(adjacency) = self.adjacency.get_mut() {
            adjacency.mark(ix.index());
            if adjacency.too_dirty() {
                self.drop_adjacency();
            }
        }
    }

    fn insert_relationship(&mut self, rel: &Relationship) {
        let (Some(from), Some(to)) = (self.index_of(rel.start), self.index_of(rel.end)) else {
            return;
        };
        let rel_type = self.dicts.types.intern(&rel.rel_type);
        let at = rel_type as usize;
        if at >= self.type_counts.len() {
            self.type_counts.resize(at + 1, 0);
        }
        self.type_counts[at] += 1;
        self.type_slots = OnceLock::new();
        self.column_cache.forget_relationships();
        self.note_example(rel_type, rel.id);
        let blob = self
            .arena
            .put_relationship(&mut self.dicts.keys, rel_type, &rel.properties);
        let record = RelRecord::new(rel.id, rel_type, blob);
        let ix = self.inner.add_edge(from, to, record);
        self.set_rel_word(ix.index(), Some(record.packed));
        self.count_triple(from, rel_type, to, true);
        // petgraph puts the new edge first in both lists; only when it fills a vacant
        // index below others can a list stop being in descending edge index.
        if ix.index() < self.edge_high {
            self.irregular.insert(from.index());
            self.irregular.insert(to.index());
        }
        self.edge_high = self.edge_high.max(ix.index() + 1);
        self.rel_index.insert(rel.id, ix.index() as u32);
        self.rel_ids.placed(ix.index(), rel.id);
        self.touched(from);
        self.touched(to);
        self.index_rel_properties(rel.id, true);
    }

    /// Puts a node back as it was, in place when it still exists so that its untouched
    /// relationships stay attached.
    fn restore_node(&mut self, node: &Node) {
        let data = self
            .arena
            .put_node(&mut self.dicts, &node.labels, &node.properties);
        self.put_node_data(node.id, data);
    }

    /// Points node `id` at the blob at `data`, inserting the node when it is gone.
    fn put_node_data(&mut self, id: NodeId, data: Offset) {
        let Some(ix) = self.index_of(id) else {
            self.insert_node_data(id, data);
            return;
        };
        let Some(old) = self.data_at(ix).filter(|&old| old != data) else {
            return;
        };
        self.set_data_at(ix, Some(data));
        if self.same_labels_and_names(old, data) {
            // Most updates change other properties: the label and name indexes stay.
            self.index_node_properties(id, old, false);
            self.index_node_properties(id, data, true);
        } else {
            let labels = |at: Offset| record::node_labels(self.arena.at(at)).0;
            if !labels(old).eq(labels(data)) {
                // Every relationship of the node would move between triples.
                self.triples = OnceLock::new();
            }
            self.unindex_node(id, old);
            self.index_node(id, data);
        }
        self.release_node_blob(id, old);
    }

    /// Where node `id`'s blob is, if the node exists.
    fn current_data(&self, id: NodeId) -> Option<Offset> {
        self.index_of(id).and_then(|ix| self.data_at(ix))
    }

    /// Marks node `id`'s blob at `offset` garbage, unless the undo log holds it as the
    /// node's before-image (the transaction's end releases it then).
    fn release_node_blob(&mut self, id: NodeId, offset: Offset) {
        let held = (self.undo.as_ref()).is_some_and(|u| u.nodes.get(&id) == Some(&Some(offset)));
        if !held {
            self.arena.release(offset, Blob::Node);
        }
    }

    /// Whether the node blobs at `a` and `b` hold the same bytes (encodings are canonical:
    /// properties in key order, so equal records encode alike).
    fn same_node_blob(&self, a: Offset, b: Offset) -> bool {
        let blob = |at: Offset| {
            let bytes = self.arena.at(at);
            &bytes[..record::blob_len(bytes, Blob::Node).min(bytes.len())]
        };
        a == b || blob(a) == blob(b)
    }

    /// Whether the node blobs at `old` and `new` have the same labels and name strings.
    fn same_labels_and_names(&self, old: Offset, new: Offset) -> bool {
        let (old_labels, old_props) = record::node_labels(self.arena.at(old));
        let (new_labels, new_props) = record::node_labels(self.arena.at(new));
        if !old_labels.eq(new_labels) {
            return false;
        }
        let mut old_names = Vec::new();
        record::name_strings(old_props, &self.dicts.keys, |name| old_names.push(name));
        let mut new_names = Vec::new();
        record::name_strings(new_props, &self.dicts.keys, |name| new_names.push(name));
        old_names == new_names
    }

    fn remove_node_raw(&mut self, id: NodeId) {
        if let Some(ix) = self.node_index.remove(id) {
            let ix = NodeIndex::new(ix as usize);
            // petgraph drops the relationships still attached (callers remove them first).
            let others: Vec<NodeIndex> = self.inner.neighbors_undirected(ix).collect();
            for other in others {
                self.touched(other);
            }
            self.touched(ix);
            let data = self.data_at(ix);
            self.set_data_at(ix, None);
            if let (Some(node), Some(data)) = (self.inner.remove_node(ix), data) {
                self.unindex_node(node.id, data);
                self.release_node_blob(node.id, data);
            }
        }
    }

    fn remove_relationship_raw(&mut self, id: RelId) {
        self.index_rel_properties(id, false);
        if let Some(ix) = self.rel_index.remove(id) {
            let ix = EdgeIndex::new(ix as usize);
            if let Some((from, to)) = self.inner.edge_endpoints(ix) {
                self.touched(from);
                self.touched(to);
                if let Some(rel) = self.inner.edge_weight(ix) {
                    let rel_type = self.rel_parts(rel).0;
                    self.count_triple(from, rel_type, to, false);
                }
            }
            if let Some(rel) = self.inner.remove_edge(ix) {
                self.set_rel_word(ix.index(), None);
                self.type_slots = OnceLock::new();
                self.column_cache.forget_relationships();
                let rel_type = self.rel_parts(&rel).0;
                if let Some(count) = self.type_counts.get_mut(rel_type as usize) {
                    *count = count.saturating_sub(1);
                }
                self.arena.release(rel.blob(), rel.kind());
            }
        }
    }

    /// Adds the node whose blob is at `data` to the label and name indexes.
    fn index_node(&mut self, id: NodeId, data: Offset) {
        self.index_node_properties(id, data, true);
        let (labels, props) = record::node_labels(self.arena.at(data));
        for label in labels {
            let at = label as usize;
            if at >= self.by_label.len() {
                self.by_label.resize_with(at + 1, LabelSet::default);
            }
            self.by_label[at].insert(id);
        }
        if self.named(props.clone()) {
            self.string_names += 1;
        }
        let (by_name, buffer) = (&mut self.by_name, &mut self.name_buffer);
        record::name_strings(props, &self.dicts.keys, |name| {
            normalize_into(name, buffer);
            by_name.insert(buffer, id);
        });
    }

    /// Whether the properties at `props` hold a string `name`.
    fn named(&self, props: record::Reader<'_>) -> bool {
        self.dicts
            .keys
            .id("name")
            .is_some_and(|key| record::is_string(props, key))
    }

    /// Takes the node whose blob is at `data` out of the label and name indexes.
    fn unindex_node(&mut self, id: NodeId, data: Offset) {
        self.index_node_properties(id, data, false);
        let (labels, props) = record::node_labels(self.arena.at(data));
        for label in labels {
            if let Some(ids) = self.by_label.get_mut(label as usize) {
                ids.remove(id);
            }
        }
        if self.named(props.clone()) {
            self.string_names = self.string_names.saturating_sub(1);
        }
        let (by_name, buffer) = (&mut self.by_name, &mut self.name_buffer);
        record::name_strings(props, &self.dicts.keys, |name| {
            normalize_into(name, buffer);
            by_name.remove(buffer, id);
        });
    }

    /// Copies the live blobs into a fresh arena once garbage is over half of it, so that
    /// a long session of updates keeps memory proportional to the data.
    fn compact_if_worth_it(&mut self) {
        if !self.arena.needs_compaction() {
            return;
        }
        let mut fresh = self.arena.fresh();
        // A before-image the undo log holds moves on its own when no node points at it
        // any more, and with its node otherwise.
        let mut undo = self.undo.take();
        let mut with_node = Vec::new();
        for (&id, before) in undo.iter_mut().flat_map(|u| u.nodes.iter_mut()) {
            match before {
                Some(data) if self.current_data(id) != Some(*data) => {
                    *data = fresh.keep(&self.arena, *data, Blob::Node);
                }
                Some(_) => with_node.push(id),
                None => {}
            }
        }
        for data in self.node_data.iter_mut().flatten() {
            *data = fresh.keep(&self.arena, *data, Blob::Node);
        }
        if let Some(undo) = &mut undo {
            for id in with_node {
                undo.nodes.insert(id, self.current_data(id));
            }
        }
        self.undo = undo;
        for (slot, word) in self.rel_words.iter_mut().enumerate() {
            let Some(rel) = self.inner.edge_weight_mut(EdgeIndex::new(slot)) else {
                continue;
            };
            let blob = fresh.keep(&self.arena, rel.blob(), rel.kind());
            rel.packed = blob | (u64::from(rel.tag()) << RelRecord::TYPE_SHIFT);
            *word = Some(rel.packed);
        }
        self.arena = fresh;
        // Every word the adjacency copied points into the old arena.
        self.drop_adjacency();
    }

    /// Drops the compact adjacency, for a rebuild by the next traversal, and the columns
    /// that follow its entries.
    fn drop_adjacency(&mut self) {
        self.adjacency = OnceLock::new();
        self.column_cache.forget_hops();
    }
}

impl EntityLookup for Graph {
    fn node(&self, id: NodeId) -> Option<NodeRef<'_>> {
        Graph::node(self, id).map(NodeRef::Graph)
    }

    fn relationship(&self, id: RelId) -> Option<RelRef<'_>> {
        Graph::relationship(self, id).map(RelRef::Graph)
    }

    /// Asked of the label index, without reading the node's record.
    fn node_has_label(&self, id: NodeId, label: Option<LabelId>, name: &str) -> Option<bool> {
        match label {
            Some(label) if Graph::node_has_label(self, id, label) => Some(true),
            Some(_) => Graph::node(self, id).map(|_| false),
            None => Graph::node(self, id).map(|n| n.has_label(name)),
        }
    }

    fn relationship_property(&self, id: RelId, key: KeyId, _: &str) -> Option<Option<Value>> {
        let properties = self.relationship_properties(id)?;
        Some(properties.get(key).map(PropertyRef::into_value))
    }

    /// A relationship deleted by the running transaction, as it was before.
    fn deleted_relationship(&self, id: RelId) -> Option<RelRef<'_>> {
        self.undo
            .as_ref()
            .and_then(|undo| undo.relationships.get(&id))
            .and_then(Option::as_ref)
            .map(RelRef::Owned)
    }
}

// ---- read-only passes for the executor's planner rules -------------------------------
//
// Additive helpers: whole-graph passes in storage order (sequential memory instead of one
// id lookup per entity), used by the aggregate shortcuts of `query::exec::plan`.
impl Graph {
    /// Every node, in storage order.
    pub fn nodes_in_storage_order(&self) -> impl Iterator<Item = NodeView<'_>> + '_ {
        self.inner.node_indices().filter_map(|ix| {
            let id = self.inner.node_weight(ix)?.id;
            Some(NodeView::new(
                id,
                self.arena.at(self.data_at(ix)?),
                &self.dicts,
            ))
        })
    }

    /// Every relationship, in storage order.
    pub fn relationships_in_storage_order(&self) -> impl Iterator<Item = RelView<'_>> + '_ {
        (&self.inner).edge_references().map(|e| {
            let ends = (self.id_at(e.source()), self.id_at(e.target()));
            self.rel_view(e.weight(), ends)
        })
    }

    /// The most nodes that one normalized name names: no two nodes more than this share
    /// a string `name`.
    pub fn largest_name_group(&self) -> usize {
        self.by_name.largest()
    }

    /// How many nodes have no `name`, or one that is not a string.
    pub fn nodes_without_string_name(&self) -> usize {
        self.node_count().saturating_sub(self.string_names)
    }

    /// An upper bound (exclusive) of the node ids in use, for dense per-node arrays.
    pub fn node_id_bound(&self) -> NodeId {
        self.next_node_id
    }

    /// Relationships per type, for every type with at least one, sorted by type.
    /// A relationship of type `rel_type`, if there is one: the hint kept at insertion when
    /// it still holds, else the first in storage order. Lets a count per type bind a
    /// stand-in for its group without a pass over every relationship.
    pub fn example_of_type(&self, rel_type: &str) -> Option<RelView<'_>> {
        let wanted = self.type_id(rel_type)?;
        let hinted = self
            .type_examples
            .get(wanted.0 as usize)
            .and_then(|&id| self.relationship(id))
            .filter(|rel| rel.type_id() == wanted);
        hinted.or_else(|| {
            self.relationships_in_storage_order()
                .find(|rel| rel.type_id() == wanted)
        })
    }

    fn note_example(&mut self, rel_type: u32, id: RelId) {
        let at = rel_type as usize;
        if at >= self.type_examples.len() {
            self.type_examples.resize(at + 1, RelId::MAX);
        }
        self.type_examples[at] = id;
    }

    pub fn type_counts(&self) -> Vec<(&str, usize)> {
        let mut counts: Vec<(&str, usize)> = self
            .type_counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(t, n)| (self.dicts.types.name(t as u32), *n))
            .collect();
        counts.sort_unstable();
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn props(pairs: &[(&str, Value)]) -> Properties {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn names_are_normalized() {
        assert_eq!(
            normalize_name("  Kameda   Medical\tCenter "),
            "kameda medical center"
        );
        assert_eq!(normalize_name("ＫＡＭＥＤＡ"), "kameda");
        assert_eq!(normalize_name("亀田"), "亀田");
    }

    #[test]
    fn an_example_of_each_type_survives_deletions() {
        let mut g = Graph::default();
        let a = g.create_node(vec![], props(&[]));
        let b = g.create_node(vec![], props(&[]));
        let first = g.create_relationship("FUNDED".into(), a, b, props(&[]));
        let second = g.create_relationship("FUNDED".into(), b, a, props(&[]));
        g.create_relationship("PART_OF".into(), a, b, props(&[]));
        let example = |g: &Graph, t: &str| g.example_of_type(t).map(|r| r.id());
        assert_eq!(example(&g, "FUNDED"), second);
        // The hint names a deleted relationship now: another of the type stands in.
        g.delete_relationship(second.unwrap_or_default());
        assert_eq!(example(&g, "FUNDED"), first);
        g.delete_relationship(first.unwrap_or_default());
        assert_eq!(example(&g, "FUNDED"), None);
        assert!(example(&g, "PART_OF").is_some());
        assert_eq!(example(&g, "UNKNOWN"), None);
    }

    #[test]
    fn rollback_restores_everything() {
        let mut g = Graph::default();
        g.begin();
        let a = g.create_node(vec!["Hospital".into()], props(&[("name", "A".into())]));
        let b = g.create_node(vec!["University".into()], props(&[]));
        g.create_relationship("PART_OF".into(), a, b, props(&[]));
        g.finish();

        g.begin();
        g.delete_node(a);
        g.update_node(b, vec!["X".into()], props(&[("name", "B".into())]));
        let c = g.create_node(vec![], props(&[]));
        assert_eq!(g.node_count(), 2);
        g.rollback();

        assert_eq!(g.node_count(), 2);
        assert_eq!(g.relationship_count(), 1);
        assert!(g.node(c).is_none());
        assert_eq!(g.nodes_named("a").collect::<Vec<_>>(), vec![a]);
        assert_eq!(g.nodes_named("b").count(), 0);
        assert_eq!(
            g.nodes_with_label("University").collect::<Vec<_>>(),
            vec![b]
        );
        assert_eq!(g.degree(a, Direction::Outgoing), 1);
    }

    /// The undo log keeps before-images where they are in the arena; a compaction in the
    /// middle of a transaction moves them too, so rolling back restores every record and
    /// committing reports exactly the changed ones, with the arena's accounting exact.
    #[test]
    fn before_images_survive_compactions_inside_a_transaction() {
        let mut g = Graph::default();
        let filler = "x".repeat(300);
        let ids: Vec<NodeId> = (0..400)
            .map(|i| {
                let name = format!("Hospital {i}");
                g.create_node(
                    vec!["Hospital".into()],
                    props(&[("name", name.into()), ("note", filler.clone().into())]),
                )
            })
            .collect();
        let records = |g: &Graph| -> Vec<Node> {
            let nodes = (0..g.node_id_bound()).filter_map(|id| g.node(id));
            nodes.map(|n| n.to_node()).collect()
        };
        let original = records(&g);
        let rewrite = |g: &mut Graph| {
            for round in 0..6 {
                for &id in &ids[..300] {
                    let note = format!("{filler} {round}");
                    let name = format!("Renamed {id} {round}");
                    let changed = props(&[("name", name.into()), ("note", note.into())]);
                    g.update_node(id, vec!["Clinic".into()], changed);
                }
            }
            g.delete_node(ids[0]);
            g.delete_node(ids[350]);
            g.create_node(vec!["New".into()], props(&[("name", "New".into())]))
        };
        let length_before = g.arena.len();
        g.begin();
        rewrite(&mut g);
        // Six rounds of 300 blobs of over 300 bytes, had nothing been compacted.
        assert!(
            g.arena.len() < length_before + 6 * 300 * 300,
            "no compaction happened"
        );
        g.rollback();
        assert_eq!(records(&g), original);
        assert_eq!(g.index_problems(), Vec::<String>::new());

        g.begin();
        let created = rewrite(&mut g);
        let expected = records(&g);
        let changes = g.take_changes();
        let put: Vec<NodeId> = changes.put_nodes.iter().map(|n| n.id).collect();
        let mut changed: Vec<NodeId> = ids[1..300].to_vec();
        changed.push(created);
        assert_eq!(put, changed);
        assert_eq!(changes.deleted_nodes, vec![ids[0], ids[350]]);
        g.finish();
        assert_eq!(records(&g), expected);
        assert_eq!(g.index_problems(), Vec::<String>::new());
        assert_eq!(g.nodes_named("renamed 5 5").count(), 1);
        assert_eq!(g.nodes_named("hospital 5").count(), 0);
    }

    #[test]
    fn updates_reclaim_their_garbage_and_keep_the_indexes_true() {
        let mut g = Graph::default();
        let ids: Vec<NodeId> = (0..200)
            .map(|i| {
                g.create_node(
                    vec!["Hospital".into()],
                    props(&[
                        ("name", format!("Hospital {i}").into()),
                        (
                            "aliases",
                            Value::List(vec!["H".into(), format!("h{i}").into()]),
                        ),
                    ]),
                )
            })
            .collect();
        let rel = g
            .create_relationship(
                "FUNDED".into(),
                ids[0],
                ids[1],
                props(&[("amount", 5.into())]),
            )
            .unwrap_or_default();
        for round in 0..40 {
            g.begin();
            for &id in &ids {
                let text = format!("{round} {}", "x".repeat(100));
                g.update_node(
                    id,
                    vec!["Hospital".into(), "Teaching".into()],
                    props(&[
                        ("name", format!("Renamed {id}").into()),
                        ("note", text.into()),
                    ]),
                );
            }
            g.update_relationship(rel, props(&[("amount", Value::Int(round))]));
            if round % 2 == 0 {
                g.rollback();
            } else {
                g.finish();
            }
            assert_eq!(g.index_problems(), Vec::<String>::new(), "round {round}");
        }
        // Forty rounds rewrote every node's 100-byte note: without compaction the arena
        // would hold them all.
        assert!(
            g.arena.len() < 200 * 150 * 4,
            "arena of {} bytes",
            g.arena.len()
        );
        assert_eq!(g.nodes_named("renamed 5").collect::<Vec<_>>(), vec![5]);
        assert_eq!(g.nodes_named("h").count(), 0);
        assert_eq!(g.label_count("Teaching"), 200);
        let r = g.relationship(rel).map(|r| r.to_relationship());
        assert_eq!(
            r.map(|r| r.properties),
            Some(props(&[("amount", Value::Int(39))]))
        );

        g.begin();
        assert!(g.delete_node(ids[0]));
        assert_eq!(g.relationship_count(), 0);
        g.rollback();
        assert_eq!(g.relationship_count(), 1);
        assert_eq!(g.index_problems(), Vec::<String>::new());
        assert_eq!(g.type_count("FUNDED"), 1);
        assert!(g.knows_label("Teaching") && g.knows_property_key("note"));
    }

    #[test]
    fn types_beyond_the_packed_range_keep_working() {
        let mut g = Graph::default();
        let a = g.create_node(vec![], props(&[]));
        let count = WIDE_TYPE + 3;
        let mut last = None;
        for t in 0..count {
            let p = if t % 2 == 0 {
                props(&[])
            } else {
                props(&[("k", Value::Int(t.into()))])
            };
            last = g.create_relationship(format!("T{t}"), a, a, p);
        }
        let last = last.unwrap_or_default();
        let rel = g.relationship(last).map(|r| r.to_relationship());
        assert_eq!(rel.as_ref().map(|r| r.rel_type.as_str()), Some("T65537"));
        assert_eq!(
            rel.map(|r| r.properties),
            Some(props(&[("k", Value::Int(65537))]))
        );
        assert_eq!(g.type_count("T65537"), 1);
        assert_eq!(g.relationships_of_type("T65536").count(), 1);
        assert!(g.update_relationship(last, props(&[("k", "v".into())])));
        assert_eq!(
            g.relationship(last).and_then(|r| r.property("k")),
            Some("v".into())
        );
        assert_eq!(g.relationship(last).map(|r| r.rel_type()), Some("T65537"));
        assert!(g.delete_relationship(last));
        assert_eq!(g.type_count("T65537"), 0);
        assert_eq!(g.index_problems(), Vec::<String>::new());
        assert_eq!(g.relationship_count(), count as usize - 1);
    }

    #[test]
    fn ids_and_indices_part_ways_when_they_must() {
        let node = |id| Node {
            id,
            labels: vec!["L".into()],
            properties: props(&[("name", format!("n{id}").into())]),
        };
        let rel = |id, start, end| Relationship {
            id,
            rel_type: "T".into(),
            start,
            end,
            properties: props(&[]),
        };
        // Dense ids: indices are ids until a deletion lets petgraph reuse an index.
        let mut g = Graph::from_contents(Contents {
            nodes: vec![node(0), node(1), node(2)],
            relationships: vec![rel(0, 0, 2)],
            next_node_id: 3,
            next_rel_id: 1,
        });
        assert!(g.node_ids.hold_for(2));
        assert!(g.delete_node(1));
        assert!(g.node(1).is_none() && g.node_ids.hold_for(2));
        let d = g.create_node(vec![], props(&[]));
        // Node 3 took index 1: ids are indices below 1 only.
        assert!(g.node_ids.hold_for(0) && !g.node_ids.hold_for(1));
        assert_eq!(g.node(d).map(|n| n.id()), Some(3));
        assert!(g.node(1).is_none());
        let ends: Vec<_> = g
            .relationships_at(2, Direction::Incoming)
            .map(|(r, o)| (r.start(), o))
            .collect();
        assert_eq!(ends, vec![(0, 0)]);
        assert_eq!(g.index_problems(), Vec::<String>::new());

        // A hole in the ids.
        let g = Graph::from_contents(Contents {
            nodes: vec![node(0), node(5)],
            relationships: vec![rel(0, 5, 0)],
            next_node_id: 6,
            next_rel_id: 1,
        });
        // Node 5 sits at index 1: ids are indices below 1 only.
        assert!(g.node_ids.hold_for(0) && !g.node_ids.hold_for(1));
        assert_eq!(g.node(5).map(|n| n.id()), Some(5));
        assert!(g.node(1).is_none() && g.node(u64::MAX).is_none());
        assert_eq!(
            g.relationship(0).map(|r| (r.start(), r.end())),
            Some((5, 0))
        );
        assert_eq!(g.index_problems(), Vec::<String>::new());

        // Relationships likewise, read whole or by their properties alone.
        let weighted = |id: RelId| Relationship {
            properties: props(&[("w", Value::Int(id as i64))]),
            ..rel(id, 0, 2)
        };
        let mut g = Graph::from_contents(Contents {
            nodes: vec![node(0), node(1), node(2)],
            relationships: (0..3).map(weighted).collect(),
            next_node_id: 3,
            next_rel_id: 3,
        });
        let w = g.key_id("w").expect("key w");
        let weight = |g: &Graph, id| {
            let found = g.relationship_properties(id)?;
            Some(found.get(w).map(PropertyRef::into_value))
        };
        assert!(g.rel_ids.hold_for(2));
        assert!(g.delete_relationship(1));
        let made = g.create_relationship("T".into(), 1, 0, props(&[("w", Value::Int(30))]));
        // Relationship 3 took index 1: ids are indices below 1 only.
        assert!(g.rel_ids.hold_for(0) && !g.rel_ids.hold_for(1));
        assert_eq!(made, Some(3));
        assert!(g.relationship(1).is_none() && weight(&g, 1).is_none());
        assert_eq!(
            g.relationship(3).map(|r| (r.start(), r.end())),
            Some((1, 0))
        );
        assert_eq!(weight(&g, 3), Some(Some(Value::Int(30))));
        assert_eq!(weight(&g, 2), Some(Some(Value::Int(2))));
        assert!(g.delete_relationship(0));
        assert!(g.relationship(0).is_none() && weight(&g, 0).is_none());
        assert!(weight(&g, u64::MAX).is_none());
        assert_eq!(g.index_problems(), Vec::<String>::new());
    }

    /// What petgraph's lists say is at `id`: (relationship, start, end, other end).
    fn linked_at(
        g: &Graph,
        id: NodeId,
        direction: Direction,
    ) -> Vec<(RelId, NodeId, NodeId, NodeId, Properties)> {
        let Some(ix) = g.index_of(id) else {
            return Vec::new();
        };
        let (out, into) = g.steps(ix, direction, false, None);
        let grouped = |half| {
            let mut read: Vec<_> = g
                .views_of(id, half)
                .map(|(r, o)| (r.type_id(), (r.id(), r.start(), r.end(), o, r.properties())))
                .collect();
            read.sort_by_key(|(t, _)| *t);
            read.into_iter().map(|(_, found)| found)
        };
        grouped(out).chain(grouped(into)).collect()
    }

    /// Every traversal read agrees with petgraph's lists (each direction's grouped by
    /// type, keeping their order within a type), at every node and a few ids that are
    /// not nodes.
    fn assert_adjacency_agrees(g: &Graph, context: &str) {
        let types: Vec<RelTypeId> = ["A", "B", "C"]
            .iter()
            .filter_map(|t| g.type_id(t))
            .collect();
        let mut ids = g.node_ids();
        ids.extend([g.node_id_bound(), g.node_id_bound() + 7, u64::MAX]);
        for &id in &ids {
            for direction in [Direction::Outgoing, Direction::Incoming, Direction::Both] {
                let linked = linked_at(g, id, direction);
                let read: Vec<_> = g
                    .relationships_at(id, direction)
                    .map(|(r, o)| (r.id(), r.start(), r.end(), o, r.properties()))
                    .collect();
                assert_eq!(read, linked, "{context}: node {id} {direction:?}");
                assert_eq!(
                    g.degree(id, direction),
                    linked.len(),
                    "{context}: degree of {id}"
                );
                let Some(position) = g.position_of(id) else {
                    assert!(linked.is_empty());
                    continue;
                };
                let by_position: Vec<(NodeId, Option<RelId>)> = g
                    .neighbours(position, direction, None)
                    .map(|(p, e)| (g.id_at_position(p), g.relationship_at_edge(e)))
                    .collect();
                let expected: Vec<(NodeId, Option<RelId>)> =
                    linked.iter().map(|&(r, _, _, o, _)| (o, Some(r))).collect();
                assert_eq!(by_position, expected, "{context}: neighbours of {id}");
                for t in 0..=types.len() {
                    let wanted = &types[t.min(types.len())..(t + 1).min(types.len())];
                    let typed = linked
                        .iter()
                        .filter(|(r, ..)| {
                            g.relationship(*r)
                                .is_some_and(|r| wanted.contains(&r.type_id()))
                        })
                        .count();
                    assert_eq!(
                        g.degree_of_types(id, direction, Some(wanted)),
                        typed,
                        "{context}: typed degree of {id}"
                    );
                    let names: Vec<&str> = wanted.iter().map(|t| g.dicts.types.name(t.0)).collect();
                    let read: Vec<RelId> = g
                        .relationships_of_types_at(id, direction, &names)
                        .map(|(r, _)| r.id())
                        .collect();
                    let expected: Vec<RelId> = linked
                        .iter()
                        .map(|(r, ..)| *r)
                        .filter(|r| {
                            names.is_empty()
                                || g.relationship(*r)
                                    .is_some_and(|r| names.contains(&r.rel_type()))
                        })
                        .collect();
                    assert_eq!(read, expected, "{context}: typed relationships of {id}");
                }
            }
        }
    }

    /// Applies one random operation; `op` picks it, `a` and `b` its arguments.
    fn random_op(g: &mut Graph, op: u8, a: u32, b: u32) {
        let ids = g.node_ids();
        let pick = |n: u32| ids.get(n as usize % ids.len().max(1)).copied().unwrap_or(0);
        let rels = g.relationship_ids();
        let pick_rel = |n: u32| {
            rels.get(n as usize % rels.len().max(1))
                .copied()
                .unwrap_or(0)
        };
        match op % 13 {
            0 | 1 => {
                g.create_node(vec![], Properties::new());
            }
            2..=4 => {
                let t = ["A", "B", "C"][(a % 3) as usize].to_string();
                g.create_relationship(t, pick(a / 3), pick(b), Properties::new());
            }
            5 => {
                // A self-loop, or a parallel copy of an existing relationship.
                if let Some(r) = g.relationship(pick_rel(a)).map(|r| r.to_relationship()) {
                    let end = if b % 2 == 0 { r.start } else { r.end };
                    g.create_relationship(r.rel_type, r.start, end, Properties::new());
                }
            }
            6 => {
                g.delete_relationship(pick_rel(a));
            }
            7 => {
                g.delete_node(pick(a));
            }
            8 => {
                g.finish();
                g.begin();
            }
            9 => {
                g.rollback();
                g.begin();
            }
            12 => {
                // New property bytes: the adjacency's copy of the record must not be read.
                let properties = [("w".to_string(), Value::Int(i64::from(b)))]
                    .into_iter()
                    .collect();
                g.update_relationship(pick_rel(a), properties);
            }
            10 => {
                // A traversal, which builds the adjacency if no one has since it was dropped.
                let _ = g.relationships_at(pick(a), Direction::Both).count();
            }
            _ => {
                if b % 4 == 0 {
                    g.finish();
                    let (nodes, rels) = (g.node_id_bound(), g.next_rel_id);
                    for _ in 0..=a % 3 {
                        let n = g.create_node(vec![], Properties::new());
                        g.create_relationship("A".into(), pick(a), n, Properties::new());
                        g.create_relationship("B".into(), n, n, Properties::new());
                    }
                    g.discard_from(nodes, rels);
                    g.begin();
                } else {
                    g.update_relationship(pick_rel(a), props(&[("w", Value::Int(b.into()))]));
                }
            }
        }
    }

    /// The triples as a fresh count of the graph would make them, and as the graph keeps
    /// them, without the entries writes brought down to zero.
    fn triples_kept_and_counted(g: &Graph) -> Option<(Vec<String>, Vec<String>)> {
        let kept = g.triples.get()?;
        let counted = g.count_triples();
        let listed = |t: &stats::Triples| {
            let mut entries: Vec<String> = (t.entries())
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| format!("{k:?} {n}"))
                .collect();
            entries.sort();
            entries
        };
        Some((listed(kept), listed(&counted)))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]

        /// The relationships counted per (start label, type, end label) stay what a fresh
        /// count says through writes, relabelling, commits and rollbacks.
        #[test]
        fn triples_follow_every_write(
            ops in proptest::collection::vec((0u8..9, 0u32..1000, 0u32..1000), 1..150),
        ) {
            let labels = |n: u32| -> Vec<String> {
                [("X", 1), ("Y", 2)].iter().filter(|(_, bit)| n & bit != 0)
                    .map(|(l, _)| l.to_string()).collect()
            };
            let mut g = Graph::default();
            for n in 0..6 {
                g.create_node(labels(n), Properties::new());
            }
            g.begin();
            for (step, &(op, a, b)) in ops.iter().enumerate() {
                let ids = g.node_ids();
                let pick = |n: u32| ids.get(n as usize % ids.len().max(1)).copied().unwrap_or(0);
                let rels = g.relationship_ids();
                let pick_rel = |n: u32| rels.get(n as usize % rels.len().max(1)).copied().unwrap_or(0);
                match op {
                    0 => {
                        g.create_node(labels(a), Properties::new());
                    }
                    1 | 2 => {
                        let t = ["A", "B"][(a % 2) as usize].to_string();
                        g.create_relationship(t, pick(a / 2), pick(b), Properties::new());
                    }
                    3 => {
                        g.delete_relationship(pick_rel(a));
                    }
                    4 => {
                        g.delete_node(pick(a));
                    }
                    5 => {
                        g.update_node(pick(a), labels(b), Properties::new());
                    }
                    6 => {
                        g.finish();
                        g.begin();
                    }
                    7 => {
                        g.rollback();
                        g.begin();
                    }
                    _ => {
                        let _ = g.relationships_between(Some("X"), None, None);
                    }
                }
                if let Some((kept, counted)) = triples_kept_and_counted(&g) {
                    proptest::prop_assert_eq!(kept, counted, "after step {}", step);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Random interleavings of writes, rollbacks, imports undone and traversals: the
        /// compact adjacency (with its dirty nodes) reads exactly what petgraph's lists
        /// hold, and so does one rebuilt from scratch (which checks the order it keeps).
        #[test]
        fn adjacency_follows_every_write(
            seed in proptest::collection::vec(0u32..6, 0..12),
            ops in proptest::collection::vec((0u8..13, 0u32..1000, 0u32..1000), 1..120),
        ) {
            let mut g = Graph::default();
            for i in 0..4 + seed.len() {
                g.create_node(vec![], Properties::new());
                let n = g.node_id_bound();
                if i > 0 {
                    let to = u64::from(seed.get(i).copied().unwrap_or(0)) % n;
                    g.create_relationship("A".into(), n - 1, to, Properties::new());
                }
            }
            g.begin();
            for (step, &(op, a, b)) in ops.iter().enumerate() {
                random_op(&mut g, op, a, b);
                if step % 7 == 0 {
                    assert_adjacency_agrees(&g, &format!("step {step}"));
                }
            }
            g.rollback();
            assert_adjacency_agrees(&g, "after the last rollback");
            g.adjacency = OnceLock::new();
            assert_adjacency_agrees(&g, "rebuilt");
            proptest::prop_assert_eq!(g.index_problems(), Vec::<String>::new());
        }
    }

    /// The adjacency copies each relationship's word (where its properties are); a
    /// compaction of the arena moves every blob, including those of untouched nodes.
    #[test]
    fn adjacency_reads_moved_properties_after_arena_compaction() {
        let one = |key: &str, value: Value| -> Properties {
            [(key.to_string(), value)].into_iter().collect()
        };
        let mut g = Graph::default();
        let [a, b, c, d] = [(); 4].map(|_| g.create_node(vec![], Properties::new()));
        // Created first, so that their blobs, grown by the updates, come first after the
        // compaction too and push the others' to new offsets.
        let churned: Vec<RelId> = (0..8)
            .filter_map(|_| g.create_relationship("B".into(), c, d, one("pad", Value::Null)))
            .collect();
        for i in 0..8 {
            g.create_relationship("A".into(), a, b, one("w", Value::Int(i)));
        }
        let expected: Vec<Properties> = g
            .relationships_at(a, Direction::Outgoing)
            .map(|(r, _)| r.properties())
            .collect();
        let arena_before = g.arena.len();
        for round in 0..200 {
            for &r in &churned {
                g.update_relationship(r, one("pad", Value::String("x".repeat(100 + round))));
            }
        }
        assert!(
            g.arena.len() < arena_before + 8 * 200 * 100,
            "the arena was compacted"
        );
        let read: Vec<Properties> = g
            .relationships_at(a, Direction::Outgoing)
            .map(|(r, _)| r.properties())
            .collect();
        assert_eq!(read, expected);
        assert_adjacency_agrees(&g, "after compaction");
    }

    #[test]
    fn adjacency_is_rebuilt_once_too_dirty_and_keeps_its_order() {
        let mut g = Graph::default();
        let ids: Vec<NodeId> = (0..100)
            .map(|_| g.create_node(vec![], Properties::new()))
            .collect();
        for i in 0..300 {
            g.create_relationship(
                "A".into(),
                ids[i % 100],
                ids[(i * 7) % 100],
                Properties::new(),
            );
        }
        assert_eq!(g.degree(ids[0], Direction::Outgoing), 3);
        assert!(g.adjacency.get().is_some());
        // Vacated edge indices reused: lists out of edge index order.
        for r in [3, 50, 120, 121] {
            g.delete_relationship(r);
        }
        for i in 0..4 {
            g.create_relationship("B".into(), ids[i], ids[0], Properties::new());
        }
        assert!(g.adjacency.get().is_some(), "a few dirty nodes keep it");
        assert_adjacency_agrees(&g, "dirty");
        g.adjacency = OnceLock::new();
        assert_adjacency_agrees(&g, "rebuilt with irregular nodes");
        let before = g.adjacency.get().map(|a| a.bytes());
        assert!(before.is_some());
        for i in 0..40 {
            g.create_relationship("C".into(), ids[i], ids[i + 1], Properties::new());
        }
        assert!(
            g.adjacency.get().is_none(),
            "too dirty: dropped for a rebuild"
        );
        assert_adjacency_agrees(&g, "after the drop");
    }

    #[test]
    fn self_loop_counts_once_undirected() {
        let mut g = Graph::default();
        let a = g.create_node(vec![], props(&[]));
        g.create_relationship("T".into(), a, a, props(&[]));
        assert_eq!(g.degree(a, Direction::Both), 1);
        assert_eq!(g.degree(a, Direction::Outgoing), 1);
        assert_eq!(g.degree(a, Direction::Incoming), 1);
    }
}

/// What an expansion reads of the relationships it takes, for
/// [`Graph::prefetch_relationship_properties`] to start loading.
#[derive(Debug, Clone, Copy)]
pub struct Preload {
    /// The relationships' properties.
    pub properties: bool,
    /// The relationships' words in `rel_words`, which a later read by id goes through.
    pub records: bool,
    /// The far ends' records.
    pub far_data: bool,
}
