//! kizuna: an embedded graph database of institutional relationships, queried in a subset
//! of openCypher. [`Database`] is the whole API: open a database, execute statements.

pub mod query;
pub mod result;
pub mod value;

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

pub use query::{Params, QueryError};
pub use result::{QueryResult, WriteStats};
pub use value::{Node, NodeId, Path as GraphPath, Properties, RelId, Relationship, Value};

/// Every error the library returns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("{0}")]
    Other(String),
}

/// How to open a database.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    pub read_only: bool,
    pub create_if_missing: bool,
}

/// Limits and cancellation for one execution.
#[derive(Debug, Clone, Default)]
pub struct ExecOptions {
    /// Set to true from another thread to cancel the running statement.
    pub cancel: Option<Arc<AtomicBool>>,
    pub timeout: Option<Duration>,
    pub max_rows: Option<usize>,
}

/// An open kizuna database.
pub struct Database {
    _private: (),
}

impl Database {
    pub fn open(_path: impl AsRef<Path>, _options: OpenOptions) -> Result<Database, Error> {
        Err(Error::Other("not yet".into()))
    }

    /// A database that lives in a temporary directory and is removed on drop.
    pub fn open_temporary() -> Result<Database, Error> {
        Err(Error::Other("not yet".into()))
    }

    /// Executes one statement with parameters and limits.
    pub fn execute_with(
        &mut self,
        _query: &str,
        _params: &Params,
        _options: &ExecOptions,
    ) -> Result<QueryResult, Error> {
        Err(Error::Other("not yet".into()))
    }

    /// Executes one statement without parameters or limits.
    pub fn execute(&mut self, query: &str) -> Result<QueryResult, Error> {
        self.execute_with(query, &Params::new(), &ExecOptions::default())
    }

    /// Every node, in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        std::iter::empty()
    }

    /// Every relationship, in id order.
    pub fn relationships(&self) -> impl Iterator<Item = &Relationship> {
        std::iter::empty()
    }
}
