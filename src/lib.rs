//! kizuna: an embedded graph database of institutional relationships, queried in a subset
//! of openCypher. [`Database`] is the whole API: open a database, execute statements.

pub mod algo;
pub mod check;
pub mod dot;
pub mod export;
pub mod graph;
pub mod import;
pub mod progress;
pub mod provenance;
pub mod query;
pub mod render;
pub mod repl;
pub mod result;
pub mod schema;
pub mod seed;
pub mod shell;
pub mod stats;
pub mod store;
pub mod temporal;
pub mod txn;
pub mod value;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use graph::Graph;
pub use query::{ErrorKind, Params, Phase, Position, QueryError};
pub use result::{QueryResult, WriteStats};
pub use store::StoreError;
pub use value::{Node, NodeId, Path as GraphPath, Properties, RelId, Relationship, Value};

use store::Store;
pub use txn::{Transaction, WriteError};

/// Every error the library returns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A query failed: syntax, semantics, types, limits. Nothing it did remains.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The database could not be opened or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A typed write (see [`Database::write`]) was refused. Nothing it did remains.
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl Error {
    /// The query error inside, if this is one.
    pub fn as_query(&self) -> Option<&QueryError> {
        match self {
            Error::Query(e) => Some(e),
            _ => None,
        }
    }
}

/// How to open a database.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    /// Refuse every write.
    pub read_only: bool,
    /// Create the database when the path does not hold one yet.
    pub create_if_missing: bool,
}

/// Limits and cancellation for one execution.
#[derive(Debug, Clone, Default)]
pub struct ExecOptions {
    /// Set to true from another thread to cancel the running statement.
    pub cancel: Option<Arc<AtomicBool>>,
    /// The statement fails with a LimitExceeded error once it has run this long.
    pub timeout: Option<Duration>,
    /// The statement fails with a LimitExceeded error once it would return more rows.
    pub max_rows: Option<usize>,
    /// How many relationships deep a variable-length pattern may go (`None`:
    /// [`DEFAULT_MAX_DEPTH`]); going deeper fails with a LimitExceeded error.
    pub max_depth: Option<usize>,
    /// The statement fails with a LimitExceeded error once the rows and values it keeps
    /// (sorts, groups, `collect`, DISTINCT, lists and strings being built) would take more
    /// bytes than this, by estimate.
    pub max_memory: Option<usize>,
    /// Advanced as the statement expands relationships and reads rows, for a display.
    pub progress: Option<Arc<progress::Progress>>,
    /// Plan without the statistics and rewrites: every pattern part starts at its first
    /// node, every row is matched, properties are read from the records and expressions
    /// find their variables and keys by name. Slow; for checking that the planner's
    /// choices change no answer.
    pub naive_plan: bool,
    /// How many threads a large read may be divided among (`None`: one per core the
    /// machine offers; 1: the statement's own thread only).
    pub threads: Option<usize>,
    /// How many rows a MATCH must be estimated to look at before it is divided among
    /// threads (`None`: [`PARALLEL_FROM_ROWS`]; 0 divides every MATCH that can be, which
    /// tests use to check that dividing changes no answer).
    pub parallel_from: Option<usize>,
    /// How many reads of one property key make the graph build a column of it (`None`:
    /// about what building one costs; 0 builds one at the first read, which tests use to
    /// check that columns change no answer).
    pub columns_from: Option<usize>,
    /// How many relationships a hop must be estimated to walk before the planner may
    /// replace the walk with a hash join: one from the hop's far end, or a table of the
    /// near node's two-hop neighbours for a hop whose next closes into a bound node
    /// (`None`: about a million; 0 joins every hop that can be, whatever it costs, which
    /// tests use to check that the joins change no answer).
    pub hash_joins_from: Option<usize>,
}

/// The estimated rows from which a MATCH is divided among threads by default: below it,
/// starting a thread costs about as much as it saves.
pub const PARALLEL_FROM_ROWS: usize = 20_000;

/// The default depth limit of variable-length patterns (`--max-depth`).
pub const DEFAULT_MAX_DEPTH: u64 = 100;
/// The highest depth limit accepted: the expansion recurses once per hop, and this keeps
/// it well inside the stack of the main thread.
pub const MAX_DEPTH_CEILING: usize = 10_000;

/// An open kizuna database: the durable store (absent for a temporary database) and the
/// in-memory graph every query reads.
pub struct Database {
    store: Option<Store>,
    graph: Graph,
    read_only: bool,
    /// Procedures defined with [`Database::define_procedure`], for as long as it is open.
    procedures: Vec<query::procedure::TableProcedure>,
}

impl Database {
    /// Opens the database at `path`, reading every record into memory. A writable open
    /// whose delta log has grown large writes a fresh snapshot (see [`store`]).
    pub fn open(path: impl AsRef<Path>, options: OpenOptions) -> Result<Database, Error> {
        let access = if options.read_only {
            store::Access::Read
        } else {
            store::Access::Write {
                create: options.create_if_missing,
            }
        };
        let store = Store::open(path.as_ref(), access)?;
        let mut graph = store.load_chunks(graph::LoadChunk::new, Graph::from_chunks)?;
        graph.restore_indexes(store.index_defs()?);
        if !options.read_only && store.snapshot_due() {
            // An optimization only: on failure the delta log still says everything.
            let _ = write_snapshot(&store, &graph, usize::MAX, |_| {});
        }
        Ok(Database {
            store: Some(store),
            graph,
            read_only: options.read_only,
            procedures: Vec::new(),
        })
    }

    /// A database that lives only in memory and is gone when dropped (for tests and
    /// throwaway work).
    pub fn open_temporary() -> Result<Database, Error> {
        Ok(Database {
            store: None,
            graph: Graph::default(),
            read_only: false,
            procedures: Vec::new(),
        })
    }

    /// Closes the database for a process about to exit: the store is closed as a drop
    /// closes it (flushed, its locks released), but the in-memory graph is left to the
    /// end of the process instead of being freed piece by piece, which for a large graph
    /// only delays the exit of a one-shot command (the system reclaims the memory at
    /// once). Nothing is lost: every write was durable when it returned.
    pub fn close_for_exit(self) {
        let Database { store, graph, .. } = self;
        drop(store);
        std::mem::forget(graph);
    }

    /// Where the database lives on disk, if it does.
    pub fn path(&self) -> Option<&Path> {
        self.store.as_ref().map(Store::path)
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The in-memory graph, for read-only inspection.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Bytes on disk, or 0 for a temporary database.
    pub fn size_on_disk(&self) -> u64 {
        self.store.as_ref().map_or(0, Store::size_on_disk)
    }

    /// Defines a read-only procedure answered from a table, for as long as this handle is
    /// open: `signature` is `name(arg :: TYPE, …) :: (out :: TYPE, …)` and each row holds
    /// the arguments, then the outputs. `CALL name(args)` yields, in table order, the
    /// outputs of the rows whose arguments equal the call's. A lookup table, or a stand-in
    /// for a procedure under test. Redefining a name replaces it; kizuna's own procedures
    /// cannot be redefined.
    pub fn define_procedure(
        &mut self,
        signature: &str,
        rows: Vec<Vec<Value>>,
    ) -> Result<(), QueryError> {
        let invalid = |message: String| QueryError::semantic("InvalidProcedure", message);
        let signature = query::procedure::Signature::parse(signature).map_err(invalid)?;
        if query::exec::procedure_names().any(|n| n.eq_ignore_ascii_case(&signature.name)) {
            return Err(invalid(format!(
                "`{}` is one of kizuna's own procedures",
                signature.name
            )));
        }
        let procedure = query::procedure::TableProcedure::new(signature, rows).map_err(invalid)?;
        self.procedures.retain(|p| {
            !p.signature
                .name
                .eq_ignore_ascii_case(&procedure.signature.name)
        });
        self.procedures.push(procedure);
        Ok(())
    }

    /// Executes one statement without parameters or limits.
    pub fn execute(&mut self, query: &str) -> Result<QueryResult, Error> {
        self.execute_with(query, &Params::new(), &ExecOptions::default())
    }

    /// Executes one statement with parameters and limits. A write is durable when this
    /// returns `Ok`; on `Err` nothing the statement did remains, on disk or in memory.
    pub fn execute_with(
        &mut self,
        query: &str,
        params: &Params,
        options: &ExecOptions,
    ) -> Result<QueryResult, Error> {
        self.transaction(|db| db.run_statement(query, params, options))
    }

    /// Runs typed writes as one transaction: when `body` returns `Ok`, every change is
    /// durable; when it (or the flush) fails, none remains, on disk or in memory.
    pub fn write<T>(
        &mut self,
        body: impl FnOnce(&mut Transaction<'_>) -> Result<T, WriteError>,
    ) -> Result<T, Error> {
        if self.read_only {
            return Err(WriteError::ReadOnly.into());
        }
        self.transaction(|db| {
            let mut txn = Transaction {
                graph: &mut db.graph,
            };
            Ok(body(&mut txn)?)
        })
    }

    /// Executes several statements as one transaction: all of them take effect, or none.
    /// On failure, returns the index of the failing statement with its error.
    pub fn execute_atomic(
        &mut self,
        statements: &[&str],
        params: &Params,
        options: &ExecOptions,
    ) -> Result<Vec<QueryResult>, (usize, Error)> {
        let mut failed_at = 0;
        let outcome = self.transaction(|db| {
            let mut results = Vec::with_capacity(statements.len());
            for (i, statement) in statements.iter().enumerate() {
                failed_at = i;
                results.push(db.run_statement(statement, params, options)?);
            }
            failed_at = statements.len();
            Ok(results)
        });
        outcome.map_err(|e| (failed_at, e))
    }

    fn run_statement(
        &mut self,
        query: &str,
        params: &Params,
        options: &ExecOptions,
    ) -> Result<QueryResult, Error> {
        let started = Instant::now();
        let statement = query::parser::parse_statement(query)?;
        query::semantic::check(&statement, query)?;
        let mut result = query::exec::execute(
            &mut self.graph,
            &statement,
            query,
            params,
            options,
            self.read_only,
            &self.procedures,
        )?;
        result.elapsed = started.elapsed();
        Ok(result)
    }

    /// Runs `body` with the graph recording an undo log, then makes its changes durable
    /// (one atomic, flushed batch) or, on any error, restores memory as it was.
    fn transaction<T>(
        &mut self,
        body: impl FnOnce(&mut Database) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.graph.begin();
        let mut committed = false;
        let outcome = body(self).and_then(|value| {
            let changes = self.graph.take_changes();
            if !changes.is_empty() {
                if let Some(store) = &self.store {
                    store.commit(&changes)?;
                    committed = true;
                }
            }
            Ok(value)
        });
        match outcome {
            Ok(value) => {
                self.graph.finish();
                let store = self
                    .store
                    .as_ref()
                    .filter(|s| committed && s.snapshot_due());
                if let Some(store) = store {
                    // The write is durable already; a failed snapshot leaves the delta
                    // log as it was, and the next write tries again.
                    let _ = write_snapshot(store, &self.graph, usize::MAX, |_| {});
                }
                Ok(value)
            }
            Err(e) => {
                self.graph.rollback();
                Err(e)
            }
        }
    }

    /// Writes the whole graph as a fresh snapshot and empties the delta log, so that the
    /// next open reads only compact chunks. Imports and large delta logs do this on their
    /// own (see [`store`]); a temporary database has nothing to write.
    pub fn write_snapshot(&mut self) -> Result<(), Error> {
        if self.read_only {
            return Err(WriteError::ReadOnly.into());
        }
        if let Some(store) = &self.store {
            write_snapshot(store, &self.graph, usize::MAX, |_| {})?;
        }
        Ok(())
    }

    /// Imports neo4j-admin CSV files (node files, then relationship files) as one
    /// all-or-nothing change; see [`import`].
    pub fn import(
        &mut self,
        nodes: &[PathBuf],
        edges: &[PathBuf],
        options: &import::ImportOptions,
    ) -> Result<import::ImportSummary, import::ImportError> {
        import::import(self, nodes, edges, options)
    }

    /// Writes the whole graph to `path` in `format`; see [`export`].
    pub fn export(
        &self,
        format: export::ExportFormat,
        path: &Path,
    ) -> Result<export::ExportSummary, export::ExportError> {
        export::export(&self.graph, format, path)
    }

    /// Checks the open database as `kizuna check` does, reading every record from disk
    /// (a temporary database: its indexes against its entities). It changes nothing.
    pub fn check(&self) -> Result<check::CheckReport, StoreError> {
        match &self.store {
            Some(store) => check::check_store(store),
            None => Ok(check::check_graph(&self.graph)),
        }
    }

    /// Every node, in id order, as owned records decoded one at a time.
    pub fn nodes(&self) -> impl Iterator<Item = Node> + '_ {
        self.graph
            .node_ids()
            .into_iter()
            .filter_map(|id| self.graph.node(id).map(|n| n.to_node()))
    }

    /// Every relationship, in id order, as owned records decoded one at a time.
    pub fn relationships(&self) -> impl Iterator<Item = Relationship> + '_ {
        self.graph
            .relationship_ids()
            .into_iter()
            .filter_map(|id| self.graph.relationship(id).map(|r| r.to_relationship()))
    }
}

/// Writes the whole graph as the store's new snapshot (chunks of at most `chunk_records`
/// records); `progress` hears how many records are encoded so far.
pub(crate) fn write_snapshot(
    store: &Store,
    graph: &Graph,
    chunk_records: usize,
    progress: impl FnMut(u64),
) -> Result<store::SnapshotWritten, StoreError> {
    // Outside a transaction, the changes are just the id counters.
    let counters = graph.take_changes();
    let node_ids = graph.node_ids();
    let rel_ids = graph.relationship_ids();
    store.write_snapshot(
        counters.next_node_id,
        counters.next_rel_id,
        node_ids
            .iter()
            .filter_map(|&id| graph.node(id).map(|n| n.to_node())),
        rel_ids
            .iter()
            .filter_map(|&id| graph.relationship(id).map(|r| r.to_relationship())),
        chunk_records,
        progress,
    )
}

/// The database path: `--db`, else `$KIZUNA_DB`, else `./kizuna.db`; the flag says whether
/// it is the default (only a new database at the default path is seeded automatically).
pub fn resolve_db_path(flag: Option<PathBuf>) -> (PathBuf, bool) {
    if let Some(path) = flag {
        return (path, false);
    }
    match std::env::var_os("KIZUNA_DB") {
        Some(path) if !path.is_empty() => (PathBuf::from(path), false),
        _ => (PathBuf::from("kizuna.db"), true),
    }
}
