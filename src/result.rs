//! The outcome of a statement: columns, rows, write statistics, warnings, and a snapshot of
//! every node and relationship the rows refer to (so renderers never touch the graph).

use std::collections::BTreeMap;
use std::time::Duration;

use crate::graph::EntityLookup;
use crate::graph::{NodeRef, RelRef};
use crate::value::{Node, NodeId, RelId, Relationship, Value};

/// Counts of what a statement changed, as the openCypher TCK reports side effects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub nodes_created: u64,
    pub nodes_deleted: u64,
    pub relationships_created: u64,
    pub relationships_deleted: u64,
    pub properties_set: u64,
    pub labels_added: u64,
    pub labels_removed: u64,
    pub indexes_added: u64,
    pub indexes_removed: u64,
}

impl WriteStats {
    pub fn is_empty(&self) -> bool {
        *self == WriteStats::default()
    }

    pub fn add(&mut self, other: &WriteStats) {
        self.nodes_created += other.nodes_created;
        self.nodes_deleted += other.nodes_deleted;
        self.relationships_created += other.relationships_created;
        self.relationships_deleted += other.relationships_deleted;
        self.properties_set += other.properties_set;
        self.labels_added += other.labels_added;
        self.labels_removed += other.labels_removed;
        self.indexes_added += other.indexes_added;
        self.indexes_removed += other.indexes_removed;
    }

    /// `Nodes created: 2, Properties set: 4`, or `None` when nothing changed.
    pub fn summary(&self) -> Option<String> {
        let parts: Vec<String> = [
            ("Nodes created", self.nodes_created),
            ("Nodes deleted", self.nodes_deleted),
            ("Relationships created", self.relationships_created),
            ("Relationships deleted", self.relationships_deleted),
            ("Properties set", self.properties_set),
            ("Labels added", self.labels_added),
            ("Labels removed", self.labels_removed),
            ("Indexes added", self.indexes_added),
            ("Indexes removed", self.indexes_removed),
        ]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{what}: {n}"))
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// The result of one statement.
#[derive(Debug, Clone, Default)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub stats: WriteStats,
    /// Sentences for people (unknown labels with a did-you-mean, …).
    pub warnings: Vec<String>,
    /// Every node a row value refers to, as it was when the statement finished.
    pub nodes: BTreeMap<NodeId, Node>,
    /// Every relationship a row value refers to, as it was when the statement finished.
    pub relationships: BTreeMap<RelId, Relationship>,
    pub elapsed: Duration,
    /// The plan, under `EXPLAIN` (estimates) and `PROFILE` (with what each operator did).
    pub plan: Option<crate::query::plan::PlanOperator>,
}

impl EntityLookup for QueryResult {
    fn node(&self, id: NodeId) -> Option<NodeRef<'_>> {
        self.nodes.get(&id).map(NodeRef::Owned)
    }

    fn relationship(&self, id: RelId) -> Option<RelRef<'_>> {
        self.relationships.get(&id).map(RelRef::Owned)
    }
}
