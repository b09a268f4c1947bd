//! The in-memory graph: a petgraph `StableDiGraph` built at open, with the indexes that
//! queries use (id ↔ index, label, relationship type, normalized name), and the undo log
//! that makes a statement all-or-nothing in memory as the store makes it on disk.
//!
//! **Invariant:** between statements the graph equals what the store holds. A transaction
//! mutates the graph under `&mut` (no reader can look), records the first before-image of
//! everything it touches, and either hands its final states to the store
//! ([`Graph::take_changes`]) or restores the before-images ([`Graph::rollback`]).

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use petgraph::Direction as PgDirection;
use unicode_normalization::UnicodeNormalization;

use crate::query::EntityLookup;
use crate::store::{Changes, Contents, LoadInfo};
use crate::value::{Node, NodeId, Properties, RelId, Relationship, Value};

/// Which relationships to follow from a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Default)]
struct UndoLog {
    nodes: HashMap<NodeId, Option<Node>>,
    relationships: HashMap<RelId, Option<Relationship>>,
    next_node_id: NodeId,
    next_rel_id: RelId,
}

/// The graph every query reads.
#[derive(Default)]
pub struct Graph {
    inner: StableDiGraph<Node, Relationship>,
    node_index: Slots,
    rel_index: Slots,
    by_label: HashMap<String, BTreeSet<NodeId>>,
    /// Relationships per type; a type once seen keeps its entry (at zero) so that it
    /// stays known.
    type_counts: HashMap<String, usize>,
    /// Normalized name → the nodes it names, sorted; almost every name names one node,
    /// so a vector (not a set) per name.
    by_name: HashMap<Box<str>, Vec<NodeId>>,
    property_keys: HashSet<String>,
    next_node_id: NodeId,
    next_rel_id: RelId,
    undo: Option<UndoLog>,
}

/// The normalized form names are indexed under: Unicode NFKC, case-folded, whitespace
/// collapsed to single spaces and trimmed.
pub fn normalize_name(name: &str) -> String {
    let folded: String = name.nfkc().flat_map(char::to_lowercase).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether property `key` holds a name that the name index covers.
pub fn is_name_key(key: &str) -> bool {
    key == "name" || key == "aliases" || key.starts_with("name_")
}

fn names_of(properties: &Properties) -> Vec<String> {
    let mut names = Vec::new();
    for (key, value) in properties {
        if !is_name_key(key) {
            continue;
        }
        match value {
            Value::String(s) => names.push(normalize_name(s)),
            Value::List(items) => {
                names.extend(items.iter().filter_map(Value::as_str).map(normalize_name))
            }
            _ => {}
        }
    }
    names
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
        graph.inner.reserve_edges(info.relationships_hint);
        for node in nodes {
            graph.insert_node(node);
        }
        for rel in relationships {
            graph.insert_relationship(rel);
        }
        graph
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
    }

    // ---- reads -------------------------------------------------------------------------

    pub fn node_count(&self) -> usize {
        self.node_index.len
    }

    pub fn relationship_count(&self) -> usize {
        self.rel_index.len
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.node_index
            .get(id)
            .map(|ix| &self.inner[NodeIndex::new(ix as usize)])
    }

    pub fn relationship(&self, id: RelId) -> Option<&Relationship> {
        self.rel_index
            .get(id)
            .map(|ix| &self.inner[EdgeIndex::new(ix as usize)])
    }

    /// Every node id, in id order.
    pub fn node_ids(&self) -> Vec<NodeId> {
        self.node_index.ids().collect()
    }

    /// Every relationship id, in id order.
    pub fn relationship_ids(&self) -> Vec<RelId> {
        self.rel_index.ids().collect()
    }

    /// Ids of the nodes carrying `label`, in id order.
    pub fn nodes_with_label(&self, label: &str) -> impl Iterator<Item = NodeId> + '_ {
        self.by_label.get(label).into_iter().flatten().copied()
    }

    pub fn label_count(&self, label: &str) -> usize {
        self.by_label.get(label).map_or(0, BTreeSet::len)
    }

    /// Ids of the relationships of `rel_type`, in id order (a scan: no query needs this
    /// fast, so no per-relationship index is kept for it).
    pub fn relationships_of_type<'g>(
        &'g self,
        rel_type: &'g str,
    ) -> impl Iterator<Item = RelId> + 'g {
        self.rel_index.ids().filter(move |&id| {
            self.relationship(id)
                .is_some_and(|r| r.rel_type == rel_type)
        })
    }

    pub fn type_count(&self, rel_type: &str) -> usize {
        self.type_counts.get(rel_type).copied().unwrap_or(0)
    }

    /// Nodes with a name, translated name or alias whose normalized form is `normalized`.
    pub fn nodes_named(&self, normalized: &str) -> impl Iterator<Item = NodeId> + '_ {
        self.by_name.get(normalized).into_iter().flatten().copied()
    }

    /// Every normalized name in the index with the nodes it names (for search).
    pub fn name_entries(&self) -> impl Iterator<Item = (&str, &[NodeId])> {
        self.by_name
            .iter()
            .map(|(name, ids)| (&**name, ids.as_slice()))
    }

    /// Labels that exist on at least one node, sorted.
    pub fn labels(&self) -> Vec<&str> {
        let mut labels: Vec<&str> = self
            .by_label
            .iter()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(label, _)| label.as_str())
            .collect();
        labels.sort_unstable();
        labels
    }

    /// Relationship types that exist on at least one relationship, sorted.
    pub fn relationship_types(&self) -> Vec<&str> {
        let mut types: Vec<&str> = self
            .type_counts
            .iter()
            .filter(|(_, count)| **count > 0)
            .map(|(t, _)| t.as_str())
            .collect();
        types.sort_unstable();
        types
    }

    /// Every property key ever seen since open, sorted.
    pub fn property_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.property_keys.iter().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    pub fn knows_label(&self, label: &str) -> bool {
        self.by_label.contains_key(label)
    }

    pub fn knows_type(&self, rel_type: &str) -> bool {
        self.type_counts.contains_key(rel_type)
    }

    pub fn knows_property_key(&self, key: &str) -> bool {
        self.property_keys.contains(key)
    }

    /// The relationships at `node` in `direction`, each with the node at its other end.
    /// With `Both`, a self-loop is yielded once.
    pub fn relationships_at(
        &self,
        node: NodeId,
        direction: Direction,
    ) -> impl Iterator<Item = (&Relationship, NodeId)> + '_ {
        let ix = self
            .node_index
            .get(node)
            .map(|ix| NodeIndex::new(ix as usize));
        let outgoing = matches!(direction, Direction::Outgoing | Direction::Both);
        let incoming = matches!(direction, Direction::Incoming | Direction::Both);
        let out_iter = ix
            .filter(|_| outgoing)
            .into_iter()
            .flat_map(move |ix| self.inner.edges_directed(ix, PgDirection::Outgoing))
            .map(|e| (e.weight(), e.weight().end));
        let in_iter = ix
            .filter(|_| incoming)
            .into_iter()
            .flat_map(move |ix| self.inner.edges_directed(ix, PgDirection::Incoming))
            .filter(move |e| !(outgoing && e.source() == e.target()))
            .map(|e| (e.weight(), e.weight().start));
        out_iter.chain(in_iter)
    }

    /// Number of relationships at `node` in `direction` (a self-loop counts once for `Both`).
    pub fn degree(&self, node: NodeId, direction: Direction) -> usize {
        self.relationships_at(node, direction).count()
    }

    /// Rebuilds the indexes from the entities and says, one sentence each, where they
    /// disagree with the ones kept (for `kizuna check`; empty when all is well).
    pub fn index_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut labels: HashMap<&str, BTreeSet<NodeId>> = HashMap::default();
        let mut names: HashMap<String, Vec<NodeId>> = HashMap::default();
        for ix in self.inner.node_indices() {
            let node = &self.inner[ix];
            if self.node_index.get(node.id) != Some(ix.index() as u32) {
                problems.push(format!("node {} is missing from the id index", node.id));
            }
            for label in &node.labels {
                labels.entry(label).or_default().insert(node.id);
            }
            for name in names_of(&node.properties) {
                names.entry(name).or_default().push(node.id);
            }
        }
        for ids in names.values_mut() {
            ids.sort_unstable();
            ids.dedup();
        }
        let mut types: HashMap<&str, usize> = HashMap::default();
        for edge in (&self.inner).edge_references() {
            let rel = edge.weight();
            *types.entry(&rel.rel_type).or_default() += 1;
            let (source, target) = (&self.inner[edge.source()], &self.inner[edge.target()]);
            if source.id != rel.start || target.id != rel.end {
                problems.push(format!(
                    "relationship {} is attached to nodes {} and {} but records {} and {}",
                    rel.id, source.id, target.id, rel.start, rel.end
                ));
            }
        }
        for (label, kept) in &self.by_label {
            if labels
                .get(label.as_str())
                .map_or(!kept.is_empty(), |ids| ids != kept)
            {
                problems.push(format!(
                    "the label index of :{label} disagrees with the nodes"
                ));
            }
        }
        for label in labels.keys() {
            if !self.by_label.contains_key(*label) {
                problems.push(format!("the label index lacks :{label}"));
            }
        }
        for (name, kept) in &self.by_name {
            if names
                .get(&**name)
                .map_or(!kept.is_empty(), |ids| ids != kept)
            {
                problems.push(format!(
                    "the name index entry {name:?} disagrees with the nodes"
                ));
            }
        }
        for name in names.keys() {
            if !self.by_name.contains_key(name.as_str()) {
                problems.push(format!("the name index lacks {name:?}"));
            }
        }
        for (rel_type, kept) in &self.type_counts {
            let counted = types.get(rel_type.as_str()).copied().unwrap_or(0);
            if counted != *kept {
                problems.push(format!(
                    "the count of :{rel_type} relationships is {kept}, but there are {counted}"
                ));
            }
        }
        for rel_type in types.keys() {
            if !self.type_counts.contains_key(*rel_type) {
                problems.push(format!("the type counts lack :{rel_type}"));
            }
        }
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
        for (&id, before) in &undo.nodes {
            match self.node(id) {
                Some(node) if Some(node) != before.as_ref() => changes.put_nodes.push(node.clone()),
                Some(_) => {}
                None if before.is_some() => changes.deleted_nodes.push(id),
                None => {}
            }
        }
        for (&id, before) in &undo.relationships {
            match self.relationship(id) {
                Some(rel) if Some(rel) != before.as_ref() => {
                    changes.put_relationships.push(rel.clone())
                }
                Some(_) => {}
                None if before.is_some() => changes.deleted_relationships.push(id),
                None => {}
            }
        }
        changes.put_nodes.sort_by_key(|n| n.id);
        changes.put_relationships.sort_by_key(|r| r.id);
        changes.deleted_nodes.sort_unstable();
        changes.deleted_relationships.sort_unstable();
        changes
    }

    /// Ends the transaction, keeping its changes (they are durable now).
    pub fn finish(&mut self) {
        self.undo = None;
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
                Some(node) => self.restore_node(node),
            }
        }
        for before in undo.relationships.into_values().flatten() {
            self.insert_relationship(before);
        }
        self.next_node_id = undo.next_node_id;
        self.next_rel_id = undo.next_rel_id;
    }

    fn log_node(&mut self, id: NodeId) {
        let before = self.node(id).cloned();
        if let Some(undo) = &mut self.undo {
            undo.nodes.entry(id).or_insert(before);
        }
    }

    fn log_relationship(&mut self, id: RelId) {
        let before = self.relationship(id).cloned();
        if let Some(undo) = &mut self.undo {
            undo.relationships.entry(id).or_insert(before);
        }
    }

    // ---- writes (callers validate; these keep the indexes true) ------------------------

    /// Creates a node and returns its new id.
    pub fn create_node(&mut self, labels: Vec<String>, properties: Properties) -> NodeId {
        let id = self.next_node_id;
        self.next_node_id += 1;
        self.log_node(id);
        self.insert_node(Node {
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
        self.insert_relationship(Relationship {
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
        true
    }

    /// Deletes a node that has no relationships left; returns whether it existed.
    pub fn delete_node(&mut self, id: NodeId) -> bool {
        if self.node(id).is_none() {
            return false;
        }
        let attached: Vec<RelId> = self
            .relationships_at(id, Direction::Both)
            .map(|(r, _)| r.id)
            .collect();
        for rel in attached {
            self.delete_relationship(rel);
        }
        self.log_node(id);
        self.remove_node_raw(id);
        true
    }

    /// Replaces a node's labels and properties (the id stays).
    pub fn update_node(&mut self, id: NodeId, labels: Vec<String>, properties: Properties) -> bool {
        if self.node_index.get(id).is_none() {
            return false;
        }
        self.log_node(id);
        self.restore_node(Node {
            id,
            labels,
            properties,
        });
        true
    }

    /// Replaces a relationship's properties.
    pub fn update_relationship(&mut self, id: RelId, properties: Properties) -> bool {
        let Some(ix) = self.rel_index.get(id).map(|ix| EdgeIndex::new(ix as usize)) else {
            return false;
        };
        self.log_relationship(id);
        self.learn_keys(&properties);
        self.inner[ix].properties = properties;
        true
    }

    fn insert_node(&mut self, node: Node) {
        self.index_node(&node);
        let id = node.id;
        let ix = self.inner.add_node(node);
        self.node_index.insert(id, ix.index() as u32);
    }

    fn insert_relationship(&mut self, rel: Relationship) {
        let (Some(from), Some(to)) = (self.node_index.get(rel.start), self.node_index.get(rel.end))
        else {
            return;
        };
        match self.type_counts.get_mut(&rel.rel_type) {
            Some(count) => *count += 1,
            None => {
                self.type_counts.insert(rel.rel_type.clone(), 1);
            }
        }
        self.learn_keys(&rel.properties);
        let id = rel.id;
        let ix = self.inner.add_edge(
            NodeIndex::new(from as usize),
            NodeIndex::new(to as usize),
            rel,
        );
        self.rel_index.insert(id, ix.index() as u32);
    }

    /// Puts a node back as it was, in place when it still exists so that its untouched
    /// relationships stay attached.
    fn restore_node(&mut self, node: Node) {
        match self.node_index.get(node.id) {
            Some(ix) => {
                let ix = NodeIndex::new(ix as usize);
                let old = std::mem::replace(&mut self.inner[ix], node.clone());
                self.unindex_node(&old);
                self.index_node(&node);
            }
            None => self.insert_node(node),
        }
    }

    fn remove_node_raw(&mut self, id: NodeId) {
        if let Some(ix) = self.node_index.remove(id) {
            if let Some(node) = self.inner.remove_node(NodeIndex::new(ix as usize)) {
                self.unindex_node(&node);
            }
        }
    }

    fn remove_relationship_raw(&mut self, id: RelId) {
        if let Some(ix) = self.rel_index.remove(id) {
            if let Some(rel) = self.inner.remove_edge(EdgeIndex::new(ix as usize)) {
                if let Some(count) = self.type_counts.get_mut(&rel.rel_type) {
                    *count = count.saturating_sub(1);
                }
            }
        }
    }

    fn index_node(&mut self, node: &Node) {
        for label in &node.labels {
            self.by_label
                .entry(label.clone())
                .or_default()
                .insert(node.id);
        }
        for name in names_of(&node.properties) {
            let ids = self.by_name.entry(name.into_boxed_str()).or_default();
            if let Err(at) = ids.binary_search(&node.id) {
                ids.insert(at, node.id);
            }
        }
        self.learn_keys(&node.properties);
    }

    /// Remembers property keys for the did-you-mean warnings (allocating only for new ones).
    fn learn_keys(&mut self, properties: &Properties) {
        for key in properties.keys() {
            if !self.property_keys.contains(key.as_str()) {
                self.property_keys.insert(key.clone());
            }
        }
    }

    fn unindex_node(&mut self, node: &Node) {
        for label in &node.labels {
            if let Some(ids) = self.by_label.get_mut(label) {
                ids.remove(&node.id);
            }
        }
        for name in names_of(&node.properties) {
            if let Some(ids) = self.by_name.get_mut(name.as_str()) {
                if let Ok(at) = ids.binary_search(&node.id) {
                    ids.remove(at);
                }
                if ids.is_empty() {
                    self.by_name.remove(name.as_str());
                }
            }
        }
    }
}

impl EntityLookup for Graph {
    fn node(&self, id: NodeId) -> Option<&Node> {
        Graph::node(self, id)
    }

    fn relationship(&self, id: RelId) -> Option<&Relationship> {
        Graph::relationship(self, id)
    }

    /// A relationship deleted by the running transaction, as it was before.
    fn deleted_relationship(&self, id: RelId) -> Option<&Relationship> {
        self.undo
            .as_ref()
            .and_then(|undo| undo.relationships.get(&id))
            .and_then(Option::as_ref)
    }
}

// ---- read-only passes for the executor's planner rules -------------------------------
//
// Additive helpers: whole-graph passes in storage order (sequential memory instead of one
// id lookup per entity), used by the aggregate shortcuts of `query::exec::plan`.
impl Graph {
    /// Every node, in storage order.
    pub fn nodes_in_storage_order(&self) -> impl Iterator<Item = &Node> + '_ {
        self.inner.node_weights()
    }

    /// Every relationship, in storage order.
    pub fn relationships_in_storage_order(&self) -> impl Iterator<Item = &Relationship> + '_ {
        self.inner.edge_weights()
    }

    /// An upper bound (exclusive) of the node ids in use, for dense per-node arrays.
    pub fn node_id_bound(&self) -> NodeId {
        self.next_node_id
    }

    /// Relationships per type, for every type with at least one, sorted by type.
    pub fn type_counts(&self) -> Vec<(&str, usize)> {
        let mut counts: Vec<(&str, usize)> = self
            .type_counts
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(t, n)| (t.as_str(), *n))
            .collect();
        counts.sort_unstable();
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
