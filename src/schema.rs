//! The schema a user declares: property index definitions, kept by the store and
//! maintained by the graph.

use serde::{Deserialize, Serialize};

/// What an index covers, as the user declared it (and as the store keeps it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexDef {
    pub name: String,
    pub target: IndexTarget,
    pub keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexTarget {
    Nodes { label: String },
    Relationships { rel_type: String },
}

impl IndexDef {
    /// The name of an index created without one: `index_<label or type>_<keys>`.
    pub fn default_name(target: &IndexTarget, keys: &[String]) -> String {
        let of = match target {
            IndexTarget::Nodes { label } => label,
            IndexTarget::Relationships { rel_type } => rel_type,
        };
        format!("index_{}_{}", of, keys.join("_")).to_lowercase()
    }

    pub fn label_or_type(&self) -> &str {
        match &self.target {
            IndexTarget::Nodes { label } => label,
            IndexTarget::Relationships { rel_type } => rel_type,
        }
    }

    pub fn is_for_nodes(&self) -> bool {
        matches!(self.target, IndexTarget::Nodes { .. })
    }

    /// Whether `other` covers the same entities and keys (a second such index is refused).
    pub fn same_schema(&self, other: &IndexDef) -> bool {
        self.target == other.target && self.keys == other.keys
    }
}
