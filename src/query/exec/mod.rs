//! The executor: runs a checked statement over the in-memory graph, one clause at a time,
//! each clause turning a table of binding rows into the next.
//!
//! **Boundary:** the executor sees the [`Graph`] and its indexes, never the store; it
//! mutates the graph only inside the transaction that [`crate::Database`] opened around it.

mod pattern;
mod plan;
mod procedures;
mod project;
mod walk;
mod warnings;
mod write;

use std::cell::Cell;
use std::sync::atomic::Ordering as AtomicOrdering;
use std::time::Instant;

use crate::graph::Graph;
use crate::query::ast::{Clause, Expr, SingleQuery, Statement};
use crate::query::eval::{self, EvalContext, GroupKey};
use crate::query::{Bindings, ErrorKind, Params, QueryError};
use crate::result::{QueryResult, WriteStats};
use crate::value::Value;
use crate::ExecOptions;

pub use procedures::{procedure_names, ProcedureInfo, PROCEDURES};

/// Column names of a table and where each variable lives in a row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    names: Vec<String>,
    slots: rustc_hash::FxHashMap<String, usize>,
}

impl Scope {
    pub(crate) fn slot(&self, name: &str) -> Option<usize> {
        self.slots.get(name).copied()
    }

    /// The slot of `name`, adding it when it is new.
    pub(crate) fn add(&mut self, name: &str) -> usize {
        if let Some(slot) = self.slot(name) {
            return slot;
        }
        self.names.push(name.to_owned());
        self.slots.insert(name.to_owned(), self.names.len() - 1);
        self.names.len() - 1
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }
}

pub(crate) type Row = Vec<Value>;

/// Rows of bindings, all shaped by one scope.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub(crate) scope: Scope,
    pub(crate) rows: Vec<Row>,
}

/// A row seen through its scope, for expression evaluation.
pub(crate) struct RowBindings<'a> {
    pub(crate) scope: &'a Scope,
    pub(crate) row: &'a [Value],
}

impl Bindings for RowBindings<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.scope.slot(name).and_then(|slot| self.row.get(slot))
    }
}

/// Two rows seen as one: names in `front` hide the same names in `back`.
pub(crate) struct Overlay<'a> {
    pub(crate) front: RowBindings<'a>,
    pub(crate) back: RowBindings<'a>,
}

impl Bindings for Overlay<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.front.get(name).or_else(|| self.back.get(name))
    }
}

/// Time limit, row limit and cancellation, checked inside every expansion loop.
pub(crate) struct Guard {
    started: Instant,
    options: ExecOptions,
    ticks: Cell<u32>,
}

impl Guard {
    fn new(options: &ExecOptions) -> Guard {
        Guard {
            started: Instant::now(),
            options: options.clone(),
            ticks: Cell::new(0),
        }
    }

    /// Cheap enough to call per expanded relationship: looks at the clock every 1024 calls.
    pub(crate) fn tick(&self) -> Result<(), QueryError> {
        let ticks = self.ticks.get().wrapping_add(1);
        self.ticks.set(ticks);
        if ticks % 1024 != 0 {
            return Ok(());
        }
        if let Some(progress) = &self.options.progress {
            progress.advance(1024);
        }
        self.check()
    }

    pub(crate) fn check(&self) -> Result<(), QueryError> {
        if let Some(cancel) = &self.options.cancel {
            if cancel.load(AtomicOrdering::Relaxed) {
                return Err(QueryError::runtime(
                    ErrorKind::Cancelled,
                    "Cancelled",
                    "the query was cancelled",
                ));
            }
        }
        if let Some(limit) = self.options.timeout {
            if self.started.elapsed() > limit {
                return Err(QueryError::runtime(
                    ErrorKind::LimitExceeded,
                    "TimeLimit",
                    format!(
                        "the query ran longer than the time limit of {:.1} s; raise it with --timeout SECONDS",
                        limit.as_secs_f64()
                    ),
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn max_rows(&self) -> Option<usize> {
        self.options.max_rows
    }

    /// How deep a variable-length expansion may go.
    pub(crate) fn max_depth(&self) -> u64 {
        self.options
            .max_depth
            .map_or(crate::DEFAULT_MAX_DEPTH, |d| d as u64)
    }

    /// A variable-length expansion would go deeper than the depth limit.
    pub(crate) fn depth_exceeded(&self) -> QueryError {
        QueryError::runtime(
            ErrorKind::LimitExceeded,
            "DepthLimit",
            format!(
                "a variable-length relationship would be followed deeper than the depth limit of {} hops; give the pattern an upper bound (`*..N`) or raise the limit with --max-depth N",
                self.max_depth()
            ),
        )
    }

    pub(crate) fn check_rows(&self, rows: usize) -> Result<(), QueryError> {
        match self.options.max_rows {
            Some(max) if rows > max => Err(QueryError::runtime(
                ErrorKind::LimitExceeded,
                "RowLimit",
                format!(
                    "the query returns more than the row limit of {max} rows; add LIMIT or raise it with --max-rows N"
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// The state of one statement's execution.
pub(crate) struct Executor<'a> {
    pub(crate) graph: &'a mut Graph,
    pub(crate) params: &'a Params,
    pub(crate) source: &'a str,
    pub(crate) guard: Guard,
    pub(crate) stats: WriteStats,
    pub(crate) warnings: Vec<String>,
}

impl Executor<'_> {
    pub(crate) fn ctx(&self) -> EvalContext<'_> {
        EvalContext {
            graph: &*self.graph,
            params: self.params,
            aggregates: None,
        }
    }

    /// Evaluates `expr` in `row`, putting the expression's position on errors.
    pub(crate) fn eval(&self, expr: &Expr, bindings: &dyn Bindings) -> Result<Value, QueryError> {
        eval::eval(expr, bindings, &self.ctx())
            .map_err(|e| e.at_offset(self.source, expr.span.start))
    }

    /// Evaluates a predicate: only `true` keeps a row.
    pub(crate) fn holds(&self, expr: &Expr, bindings: &dyn Bindings) -> Result<bool, QueryError> {
        let value = self.eval(expr, bindings)?;
        Ok(eval::truthy(&value)
            .map_err(|e| e.at_offset(self.source, expr.span.start))?
            .unwrap_or(false))
    }

    fn run_single(&mut self, query: &SingleQuery) -> Result<(Table, bool), QueryError> {
        // One empty row: the input of the first clause.
        let mut table = Table {
            scope: Scope::default(),
            rows: vec![Vec::new()],
        };
        let mut returned = false;
        let mut clauses = query.clauses.iter().peekable();
        while let Some(clause) = clauses.next() {
            self.guard.check()?;
            let next = clauses.peek().copied();
            table = match (clause, next) {
                (Clause::Match(m), Some(next @ (Clause::With(p) | Clause::Return(p)))) => {
                    returned |= matches!(next, Clause::Return(_));
                    clauses.next();
                    self.match_then_project(table, m, p, next)?
                }
                (Clause::Unwind(u), Some(next @ (Clause::With(p) | Clause::Return(p)))) => {
                    returned |= matches!(next, Clause::Return(_));
                    clauses.next();
                    self.unwind_then_project(table, u, p, next)?
                }
                (clause, _) => {
                    self.run_clause(table, clause, next, query.clauses.len(), &mut returned)?
                }
            };
        }
        Ok((table, returned))
    }

    fn run_clause(
        &mut self,
        table: Table,
        clause: &Clause,
        next: Option<&Clause>,
        clause_count: usize,
        returned: &mut bool,
    ) -> Result<Table, QueryError> {
        match clause {
            Clause::Match(m) => self.match_clause(table, m, next),
            Clause::Unwind(u) => self.unwind(table, u),
            Clause::With(p) => self.project(table, p, false),
            Clause::Return(p) => {
                *returned = true;
                self.project(table, p, true)
            }
            Clause::Create(c) => self.create(table, c),
            Clause::Merge(m) => self.merge(table, m),
            Clause::Set(items, _) => self.set(table, items),
            Clause::Remove(items, _) => self.remove(table, items),
            Clause::Delete(d) => self.delete(table, d),
            Clause::Call(c) => {
                let standalone = clause_count == 1;
                *returned |= standalone;
                self.call(table, c, standalone)
            }
        }
    }

    fn unwind(
        &mut self,
        table: Table,
        unwind: &crate::query::ast::Unwind,
    ) -> Result<Table, QueryError> {
        let mut scope = table.scope.clone();
        scope.add(&unwind.variable.name);
        let mut rows = Vec::new();
        self.unwind_each(&table, &scope, unwind, &mut |row| {
            rows.push(row.to_vec());
            Ok(())
        })?;
        Ok(Table { scope, rows })
    }

    /// UNWIND followed by WITH or RETURN: each unwound row goes straight into the
    /// projection, so that a huge list is never held as rows and the row limit stops it.
    fn unwind_then_project(
        &mut self,
        table: Table,
        unwind: &crate::query::ast::Unwind,
        projection: &crate::query::ast::Projection,
        next: &Clause,
    ) -> Result<Table, QueryError> {
        let mut scope = table.scope.clone();
        scope.add(&unwind.variable.name);
        let mut projector = project::Projector::new(projection, &scope);
        if matches!(next, Clause::Return(_)) {
            projector = projector.returns(self.guard.max_rows());
        }
        let exec: &Executor<'_> = self;
        exec.unwind_each(&table, &scope, unwind, &mut |row| projector.push(exec, row))?;
        projector.finish(exec)
    }

    /// Hands every row of `table` extended by each element of the unwound list to `emit`.
    fn unwind_each(
        &self,
        table: &Table,
        scope: &Scope,
        unwind: &crate::query::ast::Unwind,
        emit: &mut dyn FnMut(&[Value]) -> Result<(), QueryError>,
    ) -> Result<(), QueryError> {
        let Some(slot) = scope.slot(&unwind.variable.name) else {
            return Ok(());
        };
        for row in &table.rows {
            let value = self.eval(
                &unwind.expr,
                &RowBindings {
                    scope: &table.scope,
                    row,
                },
            )?;
            let items = match value {
                Value::List(items) => items,
                Value::Null => Vec::new(),
                other => vec![other],
            };
            let mut next = row.clone();
            next.resize(scope.len(), Value::Null);
            for item in items {
                self.guard.tick()?;
                if let Some(place) = next.get_mut(slot) {
                    *place = item;
                }
                emit(&next)?;
            }
        }
        Ok(())
    }
}

/// Executes a parsed and checked statement.
pub fn execute(
    graph: &mut Graph,
    statement: &Statement,
    source: &str,
    params: &Params,
    options: &ExecOptions,
    read_only: bool,
) -> Result<QueryResult, QueryError> {
    if read_only {
        write::refuse_writes(statement, source)?;
    }
    let mut exec = Executor {
        graph,
        params,
        source,
        guard: Guard::new(options),
        stats: WriteStats::default(),
        warnings: Vec::new(),
    };
    exec.warnings = warnings::unknown_names(exec.graph, statement);
    let (mut table, returned) = exec.run_single(&statement.first)?;
    let mut distinct = false;
    for (all, query) in &statement.unions {
        let (next, _) = exec.run_single(query)?;
        table.rows.extend(next.rows);
        distinct |= !all;
    }
    if distinct {
        let mut seen = std::collections::HashSet::new();
        table.rows.retain(|row| seen.insert(GroupKey(row.clone())));
    }
    if !returned {
        table = Table::default();
    }
    exec.guard.check_rows(table.rows.len())?;
    let mut result = QueryResult {
        columns: table.scope.names().to_vec(),
        stats: exec.stats,
        warnings: exec.warnings,
        ..QueryResult::default()
    };
    for row in &table.rows {
        for value in row {
            snapshot_entities(exec.graph, value, &mut result);
        }
    }
    result.rows = table.rows;
    Ok(result)
}

/// Copies every node and relationship `value` refers to into the result.
fn snapshot_entities(graph: &Graph, value: &Value, result: &mut QueryResult) {
    match value {
        Value::Node(id) => {
            if let Some(node) = graph.node(*id) {
                result.nodes.entry(*id).or_insert_with(|| node.to_node());
            }
        }
        Value::Relationship(id) => {
            if let Some(rel) = graph.relationship(*id) {
                result
                    .relationships
                    .entry(*id)
                    .or_insert_with(|| rel.to_relationship());
                for end in [rel.start(), rel.end()] {
                    snapshot_entities(graph, &Value::Node(end), result);
                }
            }
        }
        Value::Path(path) => {
            for id in &path.nodes {
                snapshot_entities(graph, &Value::Node(*id), result);
            }
            for id in &path.relationships {
                snapshot_entities(graph, &Value::Relationship(*id), result);
            }
        }
        Value::List(items) => items
            .iter()
            .for_each(|v| snapshot_entities(graph, v, result)),
        Value::Map(map) => map
            .values()
            .for_each(|v| snapshot_entities(graph, v, result)),
        _ => {}
    }
}
