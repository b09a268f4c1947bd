//! The query pipeline: text → [`parser`] → [`ast`] → [`semantic`] checks → [`exec`]
//! (planning and execution over the in-memory graph) → [`crate::QueryResult`].

pub mod ast;
pub mod budget;
pub mod display;
pub mod error;
pub mod eval;
pub mod exec;
pub mod parser;
pub mod plan;
pub mod procedure;
pub mod semantic;
pub(crate) mod walk;

use std::collections::BTreeMap;

use crate::graph::{NodeRef, RelRef};
use crate::value::{NodeId, RelId, Value};

pub use error::{ErrorKind, Phase, Position, QueryError};

/// Query parameters (`$name`), by name.
pub type Params = BTreeMap<String, Value>;

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
}

/// Variable bindings of the row an expression is evaluated in.
pub trait Bindings {
    fn get(&self, name: &str) -> Option<&Value>;
}

impl Bindings for BTreeMap<String, Value> {
    fn get(&self, name: &str) -> Option<&Value> {
        BTreeMap::get(self, name)
    }
}

impl Bindings for std::collections::HashMap<String, Value> {
    fn get(&self, name: &str) -> Option<&Value> {
        std::collections::HashMap::get(self, name)
    }
}
