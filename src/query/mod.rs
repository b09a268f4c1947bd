//! The query pipeline: text → [`parser`] → [`ast`] (functions resolved in [`catalog`]) →
//! [`semantic`] checks → [`plan`] → [`exec`] (execution over the in-memory graph) →
//! [`crate::QueryResult`].

pub mod ast;
pub mod budget;
pub mod catalog;
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

pub use crate::graph::EntityLookup;

/// A pattern's direction as the graph's traversals take it.
impl From<ast::Direction> for crate::graph::Direction {
    fn from(direction: ast::Direction) -> Self {
        match direction {
            ast::Direction::Outgoing => crate::graph::Direction::Outgoing,
            ast::Direction::Incoming => crate::graph::Direction::Incoming,
            ast::Direction::Both => crate::graph::Direction::Both,
        }
    }
}
use crate::value::Value;

pub use error::{ErrorDetail, ErrorKind, Phase, Position, QueryError};

/// Query parameters (`$name`), by name.
pub type Params = BTreeMap<String, Value>;

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
