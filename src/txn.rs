//! Typed writes for programs that use kizuna as a library: a [`Transaction`] validates each
//! change, and [`crate::Database::write`] makes all of them durable at once or none.

use crate::graph::{Direction, Graph, NodeView, RelView};
use crate::value::{NodeId, Properties, RelId, Value};

/// Why a typed write was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    #[error("there is no node {0}")]
    NoSuchNode(NodeId),
    #[error("there is no relationship {0}")]
    NoSuchRelationship(RelId),
    #[error("node {0} still has relationships; delete them first or detach")]
    NodeHasRelationships(NodeId),
    #[error("property `{key}` cannot hold {type_name} (a property holds a boolean, number, string, temporal value, or a list of those)")]
    InvalidPropertyValue {
        key: String,
        type_name: &'static str,
    },
    #[error("a relationship needs a type")]
    MissingType,
    #[error("the database is open read-only")]
    ReadOnly,
}

/// The writes of one transaction, validated one by one.
pub struct Transaction<'g> {
    pub(crate) graph: &'g mut Graph,
}

fn check_properties(properties: &Properties) -> Result<(), WriteError> {
    for (key, value) in properties {
        if !value.is_storable() {
            return Err(WriteError::InvalidPropertyValue {
                key: key.clone(),
                type_name: value.type_name(),
            });
        }
    }
    Ok(())
}

impl Transaction<'_> {
    pub fn node(&self, id: NodeId) -> Option<NodeView<'_>> {
        self.graph.node(id)
    }

    pub fn relationship(&self, id: RelId) -> Option<RelView<'_>> {
        self.graph.relationship(id)
    }

    pub fn create_node(
        &mut self,
        labels: Vec<String>,
        properties: Properties,
    ) -> Result<NodeId, WriteError> {
        check_properties(&properties)?;
        Ok(self.graph.create_node(labels, properties))
    }

    pub fn create_relationship(
        &mut self,
        rel_type: &str,
        start: NodeId,
        end: NodeId,
        properties: Properties,
    ) -> Result<RelId, WriteError> {
        if rel_type.is_empty() {
            return Err(WriteError::MissingType);
        }
        check_properties(&properties)?;
        for id in [start, end] {
            if self.graph.node(id).is_none() {
                return Err(WriteError::NoSuchNode(id));
            }
        }
        self.graph
            .create_relationship(rel_type.to_owned(), start, end, properties)
            .ok_or(WriteError::NoSuchNode(start))
    }

    /// Deletes a node; with `detach`, its relationships too.
    pub fn delete_node(&mut self, id: NodeId, detach: bool) -> Result<(), WriteError> {
        if self.graph.node(id).is_none() {
            return Err(WriteError::NoSuchNode(id));
        }
        if !detach && self.graph.degree(id, Direction::Both) > 0 {
            return Err(WriteError::NodeHasRelationships(id));
        }
        self.graph.delete_node(id);
        Ok(())
    }

    pub fn delete_relationship(&mut self, id: RelId) -> Result<(), WriteError> {
        if self.graph.delete_relationship(id) {
            Ok(())
        } else {
            Err(WriteError::NoSuchRelationship(id))
        }
    }

    /// Sets a node property; `Value::Null` removes it.
    pub fn set_node_property(
        &mut self,
        id: NodeId,
        key: &str,
        value: Value,
    ) -> Result<(), WriteError> {
        let node = self.graph.node(id).ok_or(WriteError::NoSuchNode(id))?;
        let mut properties = node.properties();
        let labels = node.labels().map(str::to_owned).collect();
        apply(&mut properties, key, value)?;
        self.graph.update_node(id, labels, properties);
        Ok(())
    }

    /// Sets a relationship property; `Value::Null` removes it.
    pub fn set_relationship_property(
        &mut self,
        id: RelId,
        key: &str,
        value: Value,
    ) -> Result<(), WriteError> {
        let rel = self
            .graph
            .relationship(id)
            .ok_or(WriteError::NoSuchRelationship(id))?;
        let mut properties = rel.properties();
        apply(&mut properties, key, value)?;
        self.graph.update_relationship(id, properties);
        Ok(())
    }

    pub fn add_label(&mut self, id: NodeId, label: &str) -> Result<(), WriteError> {
        let node = self.graph.node(id).ok_or(WriteError::NoSuchNode(id))?;
        if node.has_label(label) {
            return Ok(());
        }
        let mut labels: Vec<String> = node.labels().map(str::to_owned).collect();
        labels.push(label.to_owned());
        let properties = node.properties();
        self.graph.update_node(id, labels, properties);
        Ok(())
    }

    pub fn remove_label(&mut self, id: NodeId, label: &str) -> Result<(), WriteError> {
        let node = self.graph.node(id).ok_or(WriteError::NoSuchNode(id))?;
        let labels: Vec<String> = node
            .labels()
            .filter(|l| *l != label)
            .map(str::to_owned)
            .collect();
        let properties = node.properties();
        self.graph.update_node(id, labels, properties);
        Ok(())
    }
}

fn apply(properties: &mut Properties, key: &str, value: Value) -> Result<(), WriteError> {
    if value.is_null() {
        properties.remove(key);
        return Ok(());
    }
    if !value.is_storable() {
        return Err(WriteError::InvalidPropertyValue {
            key: key.to_owned(),
            type_name: value.type_name(),
        });
    }
    properties.insert(key.to_owned(), value);
    Ok(())
}
