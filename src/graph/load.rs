//! Building the graph at open from the store's snapshot chunks, already in the graph's
//! encoding ([`LoadChunk`]), then applying the delta log over them.
//!
//! The decoder threads do the per-record work that needs no graph (transcoding
//! properties, normalizing names); this thread appends each chunk's blobs to the arena in
//! one copy and links and indexes its records. The dictionaries take the snapshot
//! dictionary's numbers as ids (see [`record::Dictionary::define`]), so no record is
//! re-encoded here.

use std::collections::BTreeMap;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::Direction as PgDirection;

use super::record::{self, LoadChunk, LoadedRel, Offset, USED_AS_KEY, USED_AS_LABEL, USED_AS_TYPE};
use super::{names, Blob, Graph, LabelSet, NodeRecord, RelRecord, LOAD_BATCH};
use crate::store::{LoadInfo, Loaded};
use crate::value::{Node, NodeId, RelId, Relationship};

impl Graph {
    /// Builds the graph from what [`crate::store::Store::load_chunks`] hands over: the
    /// snapshot's chunks decoded into [`LoadChunk`]s, then the delta log.
    pub fn from_chunks(info: LoadInfo, loaded: Loaded<'_, LoadChunk>) -> Graph {
        let mut graph = Graph {
            next_node_id: info.next_node_id,
            next_rel_id: info.next_rel_id,
            ..Graph::default()
        };
        graph.inner.reserve_nodes(info.nodes_hint);
        graph.inner.reserve_edges(info.relationships_hint);
        // Ids are mostly dense: about as many slots as records.
        graph.node_index.reserve(info.nodes_hint);
        graph.rel_index.reserve(info.relationships_hint);
        graph.rel_words.reserve_exact(info.relationships_hint);
        graph.by_name.reserve(info.nodes_hint);
        for chunk in loaded.node_chunks {
            graph.add_node_chunk(loaded.words, &chunk);
        }
        for chunk in loaded.relationship_chunks {
            graph.add_relationship_chunk(loaded.words, &chunk);
        }
        graph.apply_deltas(loaded.node_deltas, loaded.relationship_deltas);
        graph.arena.shrink_to_fit();
        graph.by_name.shrink_to_fit();
        graph
    }

    /// Names the dictionary words the chunk uses for the first time, under their numbers.
    fn define_words(&mut self, words: &[String], chunk: &LoadChunk) {
        for &(word, how) in &chunk.first_uses {
            let Some(name) = words.get(word as usize) else {
                continue;
            };
            if how & USED_AS_LABEL != 0 {
                self.dicts.labels.define(word, name);
            }
            if how & USED_AS_TYPE != 0 {
                self.dicts.types.define(word, name);
                if word as usize >= self.type_counts.len() {
                    self.type_counts.resize(word as usize + 1, 0);
                }
            }
            if how & USED_AS_KEY != 0 {
                self.dicts.keys.define(word, name);
            }
        }
    }

    /// Where a chunk's blob lands in the arena once the chunk's bytes start at `base`.
    fn loaded_offset(base: u64, blob: record::ChunkBlob) -> Offset {
        blob.and_then(|at| Offset::new(base + at as u64))
            .unwrap_or(record::EMPTY)
    }

    fn add_node_chunk(&mut self, words: &[String], chunk: &LoadChunk) {
        self.define_words(words, chunk);
        let base = self.arena.append(&chunk.bytes);
        let name_key = self.dicts.keys.id("name");
        for node in &chunk.nodes {
            let data = Self::loaded_offset(base, node.blob);
            let (labels, props) = record::node_labels(self.arena.at(data));
            if name_key.is_some_and(|key| record::is_string(props, key)) {
                self.string_names += 1;
            }
            for label in labels {
                let at = label as usize;
                if at >= self.by_label.len() {
                    self.by_label.resize_with(at + 1, LabelSet::default);
                }
                self.by_label[at].insert(node.id);
            }
            let ix = self.inner.add_node(NodeRecord { id: node.id });
            self.set_data_at(ix, Some(data));
            self.node_index.insert(node.id, ix.index() as u32);
            self.node_ids.placed(ix.index(), node.id);
        }
        // Names land all over the index's table: as with relationships, the home slots of
        // a batch are read first so that their cache misses overlap.
        for batch in chunk.names.chunks(LOAD_BATCH) {
            let mut hashes = [0u64; LOAD_BATCH];
            let mut touched = 0;
            for (hash, name) in hashes.iter_mut().zip(batch) {
                *hash = names::hash(chunk.name_text.get(name.text.clone()).unwrap_or(""));
                touched ^= self.by_name.home_slot(*hash);
            }
            std::hint::black_box(touched);
            for (&hash, name) in hashes.iter().zip(batch) {
                if let Some(text) = chunk.name_text.get(name.text.clone()) {
                    self.by_name.insert_hashed(text, hash, name.id);
                }
            }
        }
    }

    fn add_relationship_chunk(&mut self, words: &[String], chunk: &LoadChunk) {
        self.define_words(words, chunk);
        let base = self.arena.append(&chunk.bytes);
        self.column_cache.forget_relationships();
        for batch in chunk.relationships.chunks(LOAD_BATCH) {
            self.link_batch(base, batch);
        }
    }

    /// Links a batch of loaded relationships. Their endpoints are all over memory: looking
    /// them up for the whole batch first lets the processor overlap those cache misses,
    /// instead of waiting for each in turn while linking.
    fn link_batch(&mut self, base: u64, batch: &[LoadedRel]) {
        let mut ends = [(None, None); LOAD_BATCH];
        // petgraph's node is what linking reads and writes, so that is what to touch
        // (the id's own lookup reads the node's data slot, elsewhere).
        let linkable = |id| self.index_of(id).filter(|&ix| self.inner.contains_node(ix));
        for (end, rel) in ends.iter_mut().zip(batch) {
            *end = (linkable(rel.start), linkable(rel.end));
        }
        for (&(from, to), rel) in ends.iter().zip(batch) {
            let blob = Self::loaded_offset(base, rel.blob);
            let kind = if rel.rel_type >= record::WIDE_TYPE {
                Blob::WideRelationship
            } else {
                Blob::Relationship
            };
            let (Some(from), Some(to)) = (from, to) else {
                // An endpoint the store does not hold: the relationship is left out (as
                // the build from owned records does), its blob is garbage.
                self.arena.release(blob, kind);
                continue;
            };
            if let Some(count) = self.type_counts.get_mut(rel.rel_type as usize) {
                *count += 1;
            }
            self.note_example(rel.rel_type, rel.id);
            let record = RelRecord::new(rel.id, rel.rel_type, blob);
            let ix = self.inner.add_edge(from, to, record);
            self.set_rel_word(ix.index(), Some(record.packed));
            self.rel_index.insert(rel.id, ix.index() as u32);
            self.rel_ids.placed(ix.index(), rel.id);
        }
    }

    /// Applies the delta log over what the snapshot held, in an order that keeps petgraph
    /// from reusing a slot (so that ids stay indices where they were): new and changed
    /// records first, then the deletions, relationships before their nodes.
    fn apply_deltas(
        &mut self,
        nodes: BTreeMap<NodeId, Option<Node>>,
        relationships: BTreeMap<RelId, Option<Relationship>>,
    ) {
        let mut deleted_nodes = Vec::new();
        for (id, node) in nodes {
            match node {
                // In place when the snapshot holds the node, else appended.
                Some(node) => self.restore_node(&node),
                None => deleted_nodes.push(id),
            }
        }
        let mut deleted_rels = Vec::new();
        for (id, rel) in relationships {
            match rel {
                Some(rel) => self.put_loaded_relationship(&rel),
                None => deleted_rels.push(id),
            }
        }
        for id in deleted_rels {
            self.remove_relationship_raw(id);
        }
        for id in deleted_nodes {
            // The log deletes a node's relationships with it; any left would dangle.
            if let Some(ix) = self
                .node_index
                .get(id)
                .map(|ix| NodeIndex::new(ix as usize))
            {
                let attached: Vec<RelId> = [PgDirection::Outgoing, PgDirection::Incoming]
                    .into_iter()
                    .flat_map(|d| self.inner.edges_directed(ix, d))
                    .map(|e| e.weight().id)
                    .collect();
                for rel in attached {
                    self.remove_relationship_raw(rel);
                }
            }
            self.remove_node_raw(id);
        }
        self.compact_if_worth_it();
    }

    /// A relationship of the delta log: its properties replace the snapshot's in place
    /// when type and endpoints are the same (so that it keeps its place among its nodes'
    /// relationships), else it is inserted anew.
    fn put_loaded_relationship(&mut self, rel: &Relationship) {
        let Some(ix) = self
            .rel_index
            .get(rel.id)
            .map(|ix| EdgeIndex::new(ix as usize))
        else {
            self.insert_relationship(rel);
            return;
        };
        let ends = (self.index_of(rel.start), self.index_of(rel.end));
        let same_ends = self
            .inner
            .edge_endpoints(ix)
            .is_some_and(|(a, b)| ends == (Some(a), Some(b)));
        let old = self.inner.edge_weight(ix).map(|old| {
            let (rel_type, _) = self.rel_parts(old);
            (rel_type, old.kind(), old.blob())
        });
        match old {
            Some((rel_type, kind, blob))
                if same_ends && self.dicts.types.name(rel_type) == rel.rel_type.as_str() =>
            {
                let new =
                    self.arena
                        .put_relationship(&mut self.dicts.keys, rel_type, &rel.properties);
                self.replace_rel_record(ix, RelRecord::new(rel.id, rel_type, new), (blob, kind));
            }
            _ => {
                self.remove_relationship_raw(rel.id);
                self.insert_relationship(rel);
            }
        }
    }
}
