//! The `kizuna._kizuna` extension module: the library's `Database` and `QueryResult` as
//! Python classes. Everything a query does happens in the library; this crate converts
//! values, maps errors to the exception classes of `kizuna.errors`, and runs statements
//! off the interpreter lock so that Ctrl-C can cancel them.

mod convert;
mod errors;
mod running;
mod temporal;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use kizuna::dot::{self, DotOptions, Drawing, EdgeLabels, Layout};
use kizuna::export::ExportFormat;
use kizuna::{Database, ExecOptions, Node, NodeId, OpenOptions, QueryResult, Value};
use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use errors::{ErrorClass, Failure};

/// A result whose values refer to at most this many nodes and relationships gets a
/// diagram for notebooks (`_repr_svg_`); a larger one would not be readable.
const DIAGRAM_MAX_ENTITIES: usize = 200;

/// An open kizuna database. Create one with `kizuna.open()`.
#[pyclass(module = "kizuna", name = "Database", frozen)]
struct PyDatabase {
    /// `None` once closed. The lock serialises statements from several Python threads.
    inner: Arc<Mutex<Option<Database>>>,
    /// Runs the statements.
    worker: running::Worker,
    /// Set by `close`, so that asking needs no lock (a statement may hold it for long).
    closed: AtomicBool,
    path: Option<PathBuf>,
    read_only: bool,
}

/// The database, waited for while another thread's statement runs. Never called with the
/// interpreter lock held, and nothing holding it asks for the interpreter lock.
fn lock(shared: &Mutex<Option<Database>>) -> Result<MutexGuard<'_, Option<Database>>, Failure> {
    shared.lock().map_err(|_| {
        ErrorClass::Base.failure("the database is unusable after an internal error; reopen it")
    })
}

impl PyDatabase {
    /// Runs `work` on the open database without the interpreter lock.
    fn with_db<T: Send>(
        &self,
        py: Python<'_>,
        work: impl FnOnce(&mut Database) -> Result<T, Failure> + Send,
    ) -> PyResult<T> {
        let outcome = py.detach(|| {
            let mut guard = lock(&self.inner)?;
            let db = guard.as_mut().ok_or_else(closed)?;
            work(db)
        });
        Ok(outcome?)
    }

    /// Runs one statement on the worker thread, watching for Ctrl-C meanwhile. The result
    /// keeps a drawing when it refers to at most `drawing_limit` entities.
    fn run_statement(
        &self,
        py: Python<'_>,
        query: &str,
        params: kizuna::Params,
        mut options: ExecOptions,
        drawing_limit: usize,
    ) -> PyResult<ExecutedResult> {
        let cancel = running::CancelFlag::default();
        options.cancel = Some(cancel.flag());
        let (shared, text, cancelled) = (self.inner.clone(), query.to_owned(), cancel.clone());
        let outcome = running::interruptible(py, &cancel, &self.worker, move || {
            // Ctrl-C while the statement waited for another thread's: it never starts.
            if cancelled.is_raised() {
                return Err(ErrorClass::Base.failure("the statement was cancelled"));
            }
            let mut guard = lock(&shared)?;
            let db = guard.as_mut().ok_or_else(closed)?;
            let result = db.execute_with(&text, &params, &options)?;
            Ok(ExecutedResult::new(result, db, drawing_limit))
        })?;
        outcome.map_err(|failure: Failure| failure.into_py_err(py, Some(query)))
    }

    fn check_writable(&self, what: &str) -> PyResult<()> {
        if self.read_only {
            return Err(ErrorClass::ReadOnly
                .failure(format!(
                    "the database is open read-only; {what} writes, so nothing was changed"
                ))
                .into());
        }
        Ok(())
    }
}

fn closed() -> Failure {
    ErrorClass::Closed.failure("the database is closed")
}

#[pymethods]
impl PyDatabase {
    #[new]
    #[pyo3(signature = (path=None, read_only=false))]
    fn new(py: Python<'_>, path: Option<PathBuf>, read_only: bool) -> PyResult<Self> {
        let db = match &path {
            None if read_only => {
                return Err(PyValueError::new_err(
                    "an in-memory database cannot be read-only: it starts empty",
                ))
            }
            None => Database::open_temporary(),
            Some(path) => py.detach(|| {
                Database::open(
                    path,
                    OpenOptions {
                        read_only,
                        create_if_missing: true,
                    },
                )
            }),
        }
        .map_err(Failure::Library)?;
        Ok(PyDatabase {
            inner: Arc::new(Mutex::new(Some(db))),
            worker: running::Worker::start()?,
            closed: AtomicBool::new(false),
            path,
            read_only,
        })
    }

    /// Where the database lives, or None for an in-memory database.
    #[getter]
    fn path(&self) -> Option<PathBuf> {
        self.path.clone()
    }

    #[getter]
    fn read_only(&self) -> bool {
        self.read_only
    }

    #[getter]
    fn closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }

    /// Runs one openCypher statement and returns its Result. `$name` in the query is
    /// `params["name"]` (None, bool, int, float, str, list or dict).
    ///
    /// `timeout` (seconds), `max_rows`, `max_depth` (how many relationships deep a
    /// variable-length pattern may go, default 100) and `max_memory` (bytes the statement
    /// may hold in rows, lists and strings) end the statement with LimitExceededError; Ctrl-C cancels it with KeyboardInterrupt. Either way nothing
    /// of the statement remains. Other threads run meanwhile; statements on one Database
    /// run one at a time.
    #[pyo3(signature = (query, params=None, *, timeout=None, max_rows=None, max_depth=None, max_memory=None))]
    // Each limit is a keyword argument of its own in Python.
    #[allow(clippy::too_many_arguments)]
    fn execute(
        &self,
        py: Python<'_>,
        query: &str,
        params: Option<&Bound<'_, PyDict>>,
        timeout: Option<f64>,
        max_rows: Option<usize>,
        max_depth: Option<usize>,
        max_memory: Option<usize>,
    ) -> PyResult<PyQueryResult> {
        let params = match params {
            Some(dict) => convert::params(dict)?,
            None => kizuna::Params::new(),
        };
        let options = ExecOptions {
            cancel: None,
            timeout: timeout.map(seconds).transpose()?,
            max_rows,
            max_depth: max_depth.map(depth).transpose()?,
            max_memory,
            ..ExecOptions::default()
        };
        let executed = self.run_statement(py, query, params, options, DIAGRAM_MAX_ENTITIES)?;
        Ok(PyQueryResult::from(executed))
    }

    /// Defines a read-only procedure answered from a table, for as long as this Database is
    /// open: `signature` is `name(arg :: TYPE, …) :: (out :: TYPE, …)`, each row lists the
    /// arguments, then the outputs, and `CALL name(args)` yields the outputs of the rows
    /// whose arguments equal the call's, in table order.
    #[pyo3(signature = (signature, rows=None))]
    fn define_procedure(
        &self,
        py: Python<'_>,
        signature: &str,
        rows: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let rows = rows.map(convert::table).transpose()?.unwrap_or_default();
        self.with_db(py, |db| {
            db.define_procedure(signature, rows)
                .map_err(|e| Failure::Library(e.into()))
        })
    }

    /// Loads the built-in seed dataset (loading it twice changes nothing).
    fn seed(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.check_writable("seed")?;
        let report = self.with_db(py, |db| {
            kizuna::seed::load(db).map_err(|e| ErrorClass::Base.failure(e.message))
        })?;
        convert::stats(py, &report.stats)
    }

    /// Imports neo4j-admin CSV files as one all-or-nothing change.
    #[pyo3(signature = (nodes, edges=Vec::new()))]
    fn import_csv(
        &self,
        py: Python<'_>,
        nodes: Vec<PathBuf>,
        edges: Vec<PathBuf>,
    ) -> PyResult<Py<PyAny>> {
        self.check_writable("an import")?;
        let summary = self.with_db(py, |db| {
            db.import(&nodes, &edges, &kizuna::import::ImportOptions::default())
                .map_err(Failure::Import)
        })?;
        let out = PyDict::new(py);
        out.set_item("nodes", summary.nodes)?;
        out.set_item("relationships", summary.relationships)?;
        Ok(out.into_any().unbind())
    }

    /// Writes the whole graph to `path` as csv (a directory), cypher, graphml or json.
    #[pyo3(signature = (path, format="json"))]
    fn export(&self, py: Python<'_>, path: PathBuf, format: &str) -> PyResult<Py<PyAny>> {
        let format = ExportFormat::parse(format).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown export format `{format}`: use csv, cypher, graphml or json"
            ))
        })?;
        let summary = self.with_db(py, |db| {
            db.export(format, &path)
                .map_err(|e| ErrorClass::Output.failure(e.to_string()))
        })?;
        let out = PyDict::new(py);
        out.set_item("nodes", summary.nodes)?;
        out.set_item("relationships", summary.relationships)?;
        out.set_item("files", summary.files)?;
        out.set_item("warnings", summary.warnings)?;
        Ok(out.into_any().unbind())
    }

    /// Reads every record from disk and reports what is wrong, as `kizuna check` does.
    fn check(&self, py: Python<'_>) -> PyResult<PyCheckReport> {
        let report = self.with_db(py, |db| db.check().map_err(|e| Failure::Library(e.into())))?;
        Ok(PyCheckReport {
            ok: report.is_clean(),
            nodes: report.nodes,
            relationships: report.relationships,
            text: report.to_string(),
            problems: report.problems,
        })
    }

    /// Closes the database, releasing its lock; closing twice is harmless.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        // Dropping the database flushes the store and releases its locks.
        py.detach(|| {
            let taken = lock(&self.inner).map(|mut guard| guard.take());
            self.closed.store(true, Ordering::Relaxed);
            taken.map(drop)
        })?;
        Ok(())
    }

    /// DOT text (Graphviz) of the whole graph, or of what `query` returns.
    #[pyo3(signature = (query=None, params=None, *, cluster_by=None, layout=None,
                        edge_labels=None, font=None, legend=true))]
    #[allow(clippy::too_many_arguments)]
    fn dot(
        &self,
        py: Python<'_>,
        query: Option<&str>,
        params: Option<&Bound<'_, PyDict>>,
        cluster_by: Option<&str>,
        layout: Option<&str>,
        edge_labels: Option<&str>,
        font: Option<String>,
        legend: bool,
    ) -> PyResult<String> {
        let options = dot_options(cluster_by, layout, edge_labels, font, legend)?;
        let drawing = match query {
            Some(query) => {
                let params = match params {
                    Some(dict) => convert::params(dict)?,
                    None => kizuna::Params::new(),
                };
                self.run_statement(py, query, params, ExecOptions::default(), usize::MAX)?
                    .drawing
            }
            None => self.with_db(py, |db| Ok(Drawing::whole(db.graph())))?,
        };
        Ok(dot::to_dot(&drawing, &options))
    }

    /// Every node and relationship as dicts, for `graph()`.
    fn _entities(&self, py: Python<'_>) -> PyResult<(Py<PyList>, Py<PyList>)> {
        let (nodes, relationships) = self.with_db(py, |db| {
            Ok((
                db.nodes().collect::<Vec<_>>(),
                db.relationships().collect::<Vec<_>>(),
            ))
        })?;
        convert::entity_lists(py, nodes.iter(), relationships.iter())
    }

    /// The whole database as a networkx MultiDiGraph.
    fn graph(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        call_python(slf.py(), "graph_to_networkx", slf.as_any())
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, py: Python<'_>, _exc: &Bound<'_, PyTuple>) -> PyResult<bool> {
        self.close(py)?;
        Ok(false)
    }

    fn __repr__(&self) -> String {
        let state = if self.closed() { " (closed)" } else { "" };
        let place = match &self.path {
            Some(path) => format!("{:?}", path.display().to_string()),
            None => "in memory".to_owned(),
        };
        format!("<kizuna.Database {place}{state}>")
    }
}

/// `timeout=`: positive, finite seconds.
fn seconds(value: f64) -> PyResult<Duration> {
    if value.is_finite() && value > 0.0 && value < 1e9 {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(PyValueError::new_err(format!(
            "timeout must be a positive number of seconds below 1e9, not {value}"
        )))
    }
}

/// `max_depth=`: between 1 and the library's ceiling.
fn depth(value: usize) -> PyResult<usize> {
    if (1..=kizuna::MAX_DEPTH_CEILING).contains(&value) {
        Ok(value)
    } else {
        Err(PyValueError::new_err(format!(
            "max_depth must be between 1 and {}, not {value}",
            kizuna::MAX_DEPTH_CEILING
        )))
    }
}

fn dot_options(
    cluster_by: Option<&str>,
    layout: Option<&str>,
    edge_labels: Option<&str>,
    font: Option<String>,
    legend: bool,
) -> PyResult<DotOptions> {
    let cluster_by_country = match cluster_by {
        None => false,
        Some("country") => true,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "cluster_by can only be \"country\", not {other:?}"
            )))
        }
    };
    let layout = layout
        .map(|name| {
            Layout::parse(name).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "unknown layout {name:?}: use dot, fdp, neato, sfdp, circo or twopi"
                ))
            })
        })
        .transpose()?;
    Ok(DotOptions {
        cluster_by_country,
        layout,
        edge_labels: edge_labels.map_or(EdgeLabels::Default, EdgeLabels::parse),
        font: font.unwrap_or_else(|| dot::DEFAULT_FONT.to_owned()),
        legend,
    })
}

/// Calls a function of the pure-Python conversions in `kizuna._convert`.
fn call_python(py: Python<'_>, name: &str, arg: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    Ok(py
        .import("kizuna._convert")?
        .call_method1(name, (arg,))?
        .unbind())
}

/// What a statement returned, with what the Python side needs beyond the library's
/// result, gathered while the database is still locked.
struct ExecutedResult {
    result: QueryResult,
    /// Start and end nodes of the result's relationships that the rows do not name.
    endpoints: BTreeMap<NodeId, Node>,
    /// What a diagram of the result shows.
    drawing: Drawing,
}

impl ExecutedResult {
    fn new(result: QueryResult, db: &Database, drawing_limit: usize) -> ExecutedResult {
        let graph = db.graph();
        let mut endpoints = BTreeMap::new();
        for rel in result.relationships.values() {
            for id in [rel.start, rel.end] {
                if !result.nodes.contains_key(&id) {
                    if let Some(node) = graph.node(id) {
                        endpoints.insert(id, node.to_node());
                    }
                }
            }
        }
        let entities = result.nodes.len() + result.relationships.len();
        let drawing = if entities > 0 && entities <= drawing_limit {
            Drawing::of_result(&result, graph)
        } else {
            Drawing::default()
        };
        ExecutedResult {
            result,
            endpoints,
            drawing,
        }
    }
}

/// The result of `Database.execute`: columns, rows, write statistics and warnings.
#[pyclass(module = "kizuna", name = "Result", frozen, sequence)]
struct PyQueryResult {
    result: QueryResult,
    endpoints: BTreeMap<NodeId, Node>,
    drawing: Drawing,
}

impl From<ExecutedResult> for PyQueryResult {
    fn from(executed: ExecutedResult) -> Self {
        PyQueryResult {
            result: executed.result,
            endpoints: executed.endpoints,
            drawing: executed.drawing,
        }
    }
}

impl PyQueryResult {
    fn row<'py>(&self, py: Python<'py>, row: &[Value]) -> PyResult<Bound<'py, PyTuple>> {
        let values = row
            .iter()
            .map(|value| convert::value(py, value, &self.result))
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, values)
    }
}

#[pymethods]
impl PyQueryResult {
    /// The column names, in order.
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.result.columns.clone()
    }

    /// What the statement wrote: nodes_created, nodes_deleted, relationships_created,
    /// relationships_deleted, properties_set, labels_added, labels_removed.
    #[getter]
    fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        convert::stats(py, &self.result.stats)
    }

    /// Sentences about the statement (an unknown label with a did-you-mean, …).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.result.warnings.clone()
    }

    /// How long the statement took, in seconds.
    #[getter]
    fn elapsed(&self) -> f64 {
        self.result.elapsed.as_secs_f64()
    }

    fn __len__(&self) -> usize {
        self.result.rows.len()
    }

    fn __getitem__<'py>(&self, py: Python<'py>, index: isize) -> PyResult<Bound<'py, PyTuple>> {
        let len = self.result.rows.len() as isize;
        let at = if index < 0 { index + len } else { index };
        match usize::try_from(at)
            .ok()
            .and_then(|i| self.result.rows.get(i))
        {
            Some(row) => self.row(py, row),
            None => Err(PyIndexError::new_err("result row index out of range")),
        }
    }

    fn __iter__(slf: Py<Self>) -> RowIterator {
        RowIterator {
            result: slf,
            next: 0,
        }
    }

    /// Every row as a tuple.
    fn fetchall<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyTuple>>> {
        self.result
            .rows
            .iter()
            .map(|row| self.row(py, row))
            .collect()
    }

    /// Every row as a dict keyed by column name.
    fn to_dicts<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.result
            .rows
            .iter()
            .map(|row| {
                let dict = PyDict::new(py);
                for (column, value) in self.result.columns.iter().zip(row) {
                    dict.set_item(column, convert::value(py, value, &self.result)?)?;
                }
                Ok(dict)
            })
            .collect()
    }

    /// The rows as a pandas DataFrame (pandas is imported only now).
    fn to_pandas(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        call_python(slf.py(), "result_to_pandas", slf.as_any())
    }

    /// The nodes and relationships the rows refer to as a networkx MultiDiGraph.
    fn to_networkx(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        call_python(slf.py(), "result_to_networkx", slf.as_any())
    }

    /// One list of values per column, for DataFrames.
    fn _column_lists<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (i, column) in self.result.columns.iter().enumerate() {
            let values = self
                .result
                .rows
                .iter()
                .map(|row| match row.get(i) {
                    Some(value) => convert::value(py, value, &self.result),
                    None => Ok(py.None().into_bound(py)),
                })
                .collect::<PyResult<Vec<_>>>()?;
            out.set_item(column, PyList::new(py, values)?)?;
        }
        Ok(out)
    }

    /// The nodes (with the end nodes of every relationship) and relationships the rows
    /// refer to, as dicts.
    fn _entities(&self, py: Python<'_>) -> PyResult<(Py<PyList>, Py<PyList>)> {
        let mut nodes: BTreeMap<NodeId, &Node> =
            self.result.nodes.iter().map(|(&id, n)| (id, n)).collect();
        nodes.extend(self.endpoints.iter().map(|(&id, n)| (id, n)));
        convert::entity_lists(py, nodes.into_values(), self.result.relationships.values())
    }

    /// The first `limit` rows as display text, as the shell's table shows values.
    fn _display_rows(&self, limit: usize) -> Vec<Vec<String>> {
        self.result
            .rows
            .iter()
            .take(limit)
            .map(|row| {
                row.iter()
                    .map(|value| kizuna::render::display_value(value, &self.result))
                    .collect()
            })
            .collect()
    }

    /// DOT text of what the result refers to, or None when it refers to no node or
    /// relationship or to too many to draw.
    fn _dot(&self) -> Option<String> {
        (!self.drawing.is_empty()).then(|| dot::to_dot(&self.drawing, &DotOptions::default()))
    }

    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        call_python(slf.py(), "result_html", slf.as_any())
    }

    fn _repr_svg_(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        call_python(slf.py(), "result_svg", slf.as_any())
    }

    fn __repr__(&self) -> String {
        let rows = self.result.rows.len();
        format!(
            "<kizuna.Result: {rows} row{}, columns {:?}>",
            if rows == 1 { "" } else { "s" },
            self.result.columns
        )
    }
}

/// Iterates over a Result's rows as tuples.
#[pyclass(module = "kizuna")]
struct RowIterator {
    result: Py<PyQueryResult>,
    next: usize,
}

#[pymethods]
impl RowIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        let result = self.result.get();
        let Some(row) = result.result.rows.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        result.row(py, row).map(Some)
    }
}

/// What `Database.check()` found.
#[pyclass(module = "kizuna", name = "CheckReport", frozen, get_all)]
struct PyCheckReport {
    /// True when no problem was found.
    ok: bool,
    nodes: usize,
    relationships: usize,
    /// One sentence per problem.
    problems: Vec<String>,
    text: String,
}

#[pymethods]
impl PyCheckReport {
    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "<kizuna.CheckReport ok={} nodes={} relationships={} problems={}>",
            if self.ok { "True" } else { "False" },
            self.nodes,
            self.relationships,
            self.problems.len()
        )
    }
}

#[pymodule]
#[pyo3(name = "_kizuna")]
fn kizuna_module(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<PyDatabase>()?;
    module.add_class::<PyQueryResult>()?;
    module.add_class::<PyCheckReport>()?;
    module.add_class::<RowIterator>()?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
