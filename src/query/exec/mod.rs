//! The executor: runs a checked statement over the in-memory graph, one clause at a time,
//! each clause turning a table of binding rows into the next.
//!
//! **Boundary:** the executor sees the [`Graph`] and its indexes, never the store; it
//! mutates the graph only inside the transaction that [`crate::Database`] opened around it.

mod algo_args;
mod parallel;
mod pattern;
mod procedures;
mod project;
mod schema;
mod shortcuts;
mod subquery;
use crate::query::walk;
mod warnings;
mod write;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::graph::{Graph, KeyId, LabelId};
use crate::query::ast::{Clause, Expr, Mode, Span, Statement};
use crate::query::budget::{self, Budget};
use crate::query::eval::bound::{Binder, Bound, StoredEntity};
use crate::query::eval::{self, EvalContext, GroupKey};
use crate::query::plan::{self, Measured, OpId, QueryPlan, StatementPlan, Step, SubPlan};
use crate::query::procedure::TableProcedure;
use crate::query::{Bindings, ErrorKind, Params, QueryError};
use crate::result::{QueryResult, WriteStats};
use crate::value::Value;
use crate::ExecOptions;

pub use algo_args::resolve_node;
pub use procedures::{procedure_names, ProcedureInfo, PROCEDURES};
pub(crate) use schema::SHOW_INDEXES_COLUMNS;

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

impl Table {
    /// One empty row: the input of a query's first clause.
    pub(crate) fn unit() -> Table {
        Table {
            scope: Scope::default(),
            rows: vec![Vec::new()],
        }
    }
}

/// Whether a step only reads, so that it can run inside an expression.
fn reads_only(step: &Step<'_>) -> bool {
    matches!(
        step.clause,
        Clause::Match(_) | Clause::Unwind(_) | Clause::With(_) | Clause::Return(_)
    )
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

/// An expression bound to a scope's slots and the graph's property keys, evaluated on
/// many rows ([`Executor::value_of`]).
pub(crate) struct BoundExpr {
    bound: Bound,
    /// Where the expression starts in the statement, for its errors.
    at: usize,
}

struct ScopeBinder<'a> {
    scope: &'a Scope,
    graph: &'a Graph,
}

impl Binder for ScopeBinder<'_> {
    fn slot(&self, variable: &str) -> Option<usize> {
        self.scope.slot(variable)
    }

    fn key(&self, key: &str) -> Option<KeyId> {
        self.graph.key_id(key)
    }

    fn label(&self, label: &str) -> Option<LabelId> {
        self.graph.label_id(label)
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

/// The statement's [`Budget`] (time, cancellation, memory) with the row and depth limits.
pub(crate) struct Guard {
    pub(crate) budget: Budget,
    options: ExecOptions,
}

impl Guard {
    fn new(options: &ExecOptions) -> Guard {
        Guard {
            budget: Budget::new(options),
            options: options.clone(),
        }
    }

    /// Cheap enough to call per expanded relationship: looks at the clock every 1024 calls.
    #[inline]
    pub(crate) fn tick(&self) -> Result<(), QueryError> {
        self.budget.tick()
    }

    pub(crate) fn check(&self) -> Result<(), QueryError> {
        self.budget.check()
    }

    /// [`Guard::tick`] as a graph algorithm's check: the algorithm stops with the
    /// statement's own error, which turns back into it on the way out.
    pub(crate) fn algo_tick(&self) -> Result<(), crate::algo::AlgoError> {
        self.tick().map_err(crate::algo::AlgoError::stopped)
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

/// The graph as a statement's executor holds it: writable on the statement's own thread,
/// shared on the helper threads of a parallel read, which only read.
pub(crate) enum GraphAccess<'a> {
    Writable(&'a mut Graph),
    Shared(&'a Graph),
}

impl std::ops::Deref for GraphAccess<'_> {
    type Target = Graph;

    fn deref(&self) -> &Graph {
        match self {
            GraphAccess::Writable(graph) => graph,
            GraphAccess::Shared(graph) => graph,
        }
    }
}

impl GraphAccess<'_> {
    /// The graph for a write; a helper thread of a parallel read has none to give.
    pub(crate) fn writable(&mut self) -> Result<&mut Graph, QueryError> {
        match self {
            GraphAccess::Writable(graph) => Ok(graph),
            GraphAccess::Shared(_) => Err(QueryError::runtime(
                ErrorKind::Database,
                "ParallelWrite",
                "a write was attempted on a thread that only reads",
            )),
        }
    }
}

/// The state of one statement's execution.
pub(crate) struct Executor<'a> {
    pub(crate) graph: GraphAccess<'a>,
    pub(crate) params: &'a Params,
    pub(crate) source: &'a str,
    pub(crate) guard: Guard,
    pub(crate) stats: WriteStats,
    pub(crate) warnings: Vec<String>,
    /// Under PROFILE: what each operator of the plan did.
    pub(crate) profile: Option<Profile>,
    /// The plans of the statement's subqueries, by the span of their expression or clause.
    pub(crate) subplans: &'a HashMap<Span, SubPlan<'a>>,
    /// Procedures defined by a table on the open database.
    pub(crate) defined: &'a [TableProcedure],
}

/// Rows and time per plan operator, counted while a statement runs under PROFILE.
pub(crate) struct Profile {
    /// `None` for an operator whose rows are not counted on their own (the parts of a
    /// projection but its last).
    rows: Vec<std::cell::Cell<Option<u64>>>,
    time: Vec<std::cell::Cell<Option<std::time::Duration>>>,
    /// The threads a divided MATCH ran on, at the operator that ends it.
    threads: Vec<std::cell::Cell<Option<usize>>>,
}

impl Profile {
    fn new(plan: &StatementPlan<'_>) -> Profile {
        let counted = plan.counted_operators();
        Profile {
            rows: (0..plan.operator_count())
                .map(|op| std::cell::Cell::new(counted.contains(&op).then_some(0)))
                .collect(),
            time: (0..plan.operator_count())
                .map(|_| Default::default())
                .collect(),
            threads: (0..plan.operator_count())
                .map(|_| Default::default())
                .collect(),
        }
    }

    /// One more row out of `op`.
    #[inline]
    pub(crate) fn row(&self, op: OpId) {
        if let Some(cell) = self.rows.get(op) {
            cell.set(Some(cell.get().unwrap_or(0) + 1));
        }
    }

    pub(crate) fn rows(&self, op: OpId, rows: usize) {
        if let Some(cell) = self.rows.get(op) {
            cell.set(Some(rows as u64));
        }
    }

    fn time(&self, op: OpId, spent: std::time::Duration) {
        if let Some(cell) = self.time.get(op) {
            cell.set(Some(cell.get().unwrap_or_default() + spent));
        }
    }

    /// Counters of the same shape, at zero, for a helper thread's share of the work.
    fn for_helper(&self) -> Profile {
        let zero = |cell: &std::cell::Cell<Option<u64>>| cell.get().map(|_| 0);
        Profile {
            rows: self.rows.iter().map(|c| zero(c).into()).collect(),
            time: self.time.iter().map(|_| Default::default()).collect(),
            threads: self.threads.iter().map(|_| Default::default()).collect(),
        }
    }

    /// Adds the rows a helper thread counted.
    fn absorb(&self, helper: &Profile) {
        for (mine, theirs) in self.rows.iter().zip(&helper.rows) {
            if let (Some(mine_rows), Some(theirs)) = (mine.get(), theirs.get()) {
                mine.set(Some(mine_rows + theirs));
            }
        }
    }

    /// A MATCH ending at `op` was divided among `threads` threads.
    pub(crate) fn divided(&self, op: OpId, threads: usize) {
        if let Some(cell) = self.threads.get(op) {
            cell.set(Some(cell.get().map_or(threads, |seen| seen.max(threads))));
        }
    }

    fn measured(&self, op: OpId) -> Measured {
        Measured {
            rows: self.rows.get(op).and_then(std::cell::Cell::get),
            time: self.time.get(op).and_then(std::cell::Cell::get),
            threads: self.threads.get(op).and_then(std::cell::Cell::get),
        }
    }
}

impl Executor<'_> {
    pub(crate) fn ctx(&self) -> EvalContext<'_> {
        EvalContext {
            graph: &*self.graph,
            params: self.params,
            aggregates: None,
            budget: &self.guard.budget,
            subqueries: Some(self),
        }
    }

    /// Evaluates `expr` in `row`, putting the expression's position on errors.
    pub(crate) fn eval(&self, expr: &Expr, bindings: &dyn Bindings) -> Result<Value, QueryError> {
        eval::eval(expr, bindings, &self.ctx())
            .map_err(|e| e.at_offset(self.source, expr.span.start))
    }

    /// `expr` bound to the rows of `scope`; under the naive plan, left whole to the
    /// general evaluator, so that comparing the two plans checks binding too.
    pub(crate) fn bind(&self, expr: &Expr, scope: &Scope) -> BoundExpr {
        let bound = if self.guard.options.naive_plan {
            Bound::General(Box::new(expr.clone()))
        } else {
            let binder = ScopeBinder {
                scope,
                graph: &self.graph,
            };
            Bound::new(expr, &binder, self.params)
        };
        BoundExpr {
            bound,
            at: expr.span.start,
        }
    }

    /// The value of a bound expression in `row` (whose scope it was bound to), putting
    /// the expression's position on errors.
    pub(crate) fn value_of<'r>(
        &self,
        expr: &'r BoundExpr,
        row: &'r [Value],
        scope: &Scope,
    ) -> Result<Cow<'r, Value>, QueryError> {
        let names = RowBindings { scope, row };
        self.value_in(expr, row, &names, &self.ctx())
    }

    /// [`Executor::value_of`] where `names` finds what binding left by name (more than
    /// the row: an input row behind a projection's) and `ctx` may hold aggregate results.
    pub(crate) fn value_in<'r>(
        &self,
        expr: &'r BoundExpr,
        row: &'r [Value],
        names: &dyn Bindings,
        ctx: &EvalContext,
    ) -> Result<Cow<'r, Value>, QueryError> {
        (expr.bound)
            .value(row, names, ctx)
            .map_err(|e| e.at_offset(self.source, expr.at))
    }

    /// The value of a bound expression for an entity a scan found stored, when
    /// [`crate::query::eval::bound::Bound::stored_keys`] accepted its slot.
    pub(crate) fn value_stored<'b>(
        &self,
        expr: &'b BoundExpr,
        stored: &StoredEntity<'_, '_>,
    ) -> Result<Cow<'b, Value>, QueryError> {
        let empty = Scope::default();
        let names = RowBindings {
            scope: &empty,
            row: &[],
        };
        (expr.bound)
            .value_stored(stored, &names, &self.ctx())
            .map_err(|e| e.at_offset(self.source, expr.at))
    }

    /// Evaluates a predicate: only `true` keeps a row.
    pub(crate) fn holds(&self, expr: &Expr, bindings: &dyn Bindings) -> Result<bool, QueryError> {
        let value = self.eval(expr, bindings)?;
        Ok(eval::truthy(&value)
            .map_err(|e| e.at_offset(self.source, expr.span.start))?
            .unwrap_or(false))
    }

    fn run_single(&mut self, query: &QueryPlan<'_>) -> Result<(Table, bool), QueryError> {
        // One empty row: the input of the first clause.
        self.run_steps(&query.steps, Table::unit())
    }

    /// Runs `steps` over `table`; also says whether a clause returned rows to the caller.
    fn run_steps(
        &mut self,
        steps: &[Step<'_>],
        mut table: Table,
    ) -> Result<(Table, bool), QueryError> {
        let mut returned = false;
        for (at, step) in steps.iter().enumerate() {
            self.guard.check()?;
            let started = self.profile.is_some().then(std::time::Instant::now);
            let next = steps.get(at + 1).map(|s| s.clause);
            returned |= matches!(step.then.unwrap_or(step.clause), Clause::Return(_));
            table = if reads_only(step) {
                self.read_step(table, step, next, None)?
            } else {
                let standalone = steps.len() == 1;
                self.run_clause(table, step, step.clause, standalone, &mut returned)?
            };
            if let (Some(profile), Some(started)) = (&self.profile, started) {
                profile.rows(step.top, table.rows.len());
                profile.time(step.top, started.elapsed());
            }
        }
        Ok((table, returned))
    }

    /// Runs a step that only reads (MATCH, UNWIND, WITH, RETURN): `limit`, when given,
    /// is how many rows of a lone MATCH are wanted at most.
    pub(crate) fn read_step(
        &self,
        mut table: Table,
        step: &Step<'_>,
        next: Option<&Clause>,
        limit: Option<usize>,
    ) -> Result<Table, QueryError> {
        // What nothing reads again leaves the rows before a MATCH copies them; an UNWIND
        // drops it after evaluating its list.
        let unread = match step.clause {
            Clause::Match(_) => {
                let unread = unread_slots(&table.scope, step, Some(step.clause));
                for row in &mut table.rows {
                    forget(row, &unread);
                }
                Vec::new()
            }
            _ => unread_slots(&table.scope, step, None),
        };
        match (step.clause, step.then) {
            (Clause::Match(m), Some(then @ (Clause::With(p) | Clause::Return(p)))) => {
                match step.counts {
                    Some(shape) => {
                        let returns = matches!(then, Clause::Return(_));
                        shortcuts::answer_by_counts(self, &table, (m, step), p, returns, shape)
                    }
                    None => self.match_then_project(table, m, p, then, step),
                }
            }
            (Clause::Unwind(u), Some(then @ (Clause::With(p) | Clause::Return(p)))) => {
                self.unwind_then_project(table, (u, &unread), p, then)
            }
            (Clause::Match(m), _) => self.match_clause(table, m, next, step, limit),
            (Clause::Unwind(u), _) => self.unwind(table, (u, &unread)),
            (Clause::With(p), _) => self.project(table, p, false),
            (Clause::Return(p), _) => self.project(table, p, true),
            _ => Err(QueryError::semantic(
                "InvalidClauseComposition",
                "only reading clauses can run inside an expression",
            )),
        }
    }

    /// Runs a clause that writes, calls or administers (the reading ones are
    /// [`Self::read_step`]'s).
    fn run_clause(
        &mut self,
        table: Table,
        step: &Step<'_>,
        clause: &Clause,
        standalone: bool,
        returned: &mut bool,
    ) -> Result<Table, QueryError> {
        match clause {
            Clause::Schema(command, _) => {
                *returned = true;
                self.schema(command)
            }
            Clause::Match(_) | Clause::Unwind(_) | Clause::With(_) | Clause::Return(_) => {
                self.read_step(table, step, None, None)
            }
            Clause::CallSubquery(c) => self.call_subquery(table, c),
            Clause::Create(c) => self.create(table, c),
            Clause::Merge(m) => self.merge(table, m, &step.starts),
            Clause::Set(items, _) => self.set(table, items),
            Clause::Remove(items, _) => self.remove(table, items),
            Clause::Delete(d) => self.delete(table, d),
            Clause::Call(c) => {
                *returned |= standalone;
                self.call(table, c, standalone)
            }
        }
    }

    fn unwind(
        &self,
        table: Table,
        unwind: (&crate::query::ast::Unwind, &[usize]),
    ) -> Result<Table, QueryError> {
        let mut scope = table.scope.clone();
        scope.add(&unwind.0.variable.name);
        let mut rows = Vec::new();
        self.unwind_each(table, &scope, unwind, &mut |row| {
            self.guard.budget.charge_row(row)?;
            rows.push(row.to_vec());
            Ok(())
        })?;
        Ok(Table { scope, rows })
    }

    /// UNWIND followed by WITH or RETURN: each unwound row goes straight into the
    /// projection, so that a huge list is never held as rows and the row limit stops it.
    fn unwind_then_project(
        &self,
        table: Table,
        unwind: (&crate::query::ast::Unwind, &[usize]),
        projection: &crate::query::ast::Projection,
        next: &Clause,
    ) -> Result<Table, QueryError> {
        let mut scope = table.scope.clone();
        scope.add(&unwind.0.variable.name);
        let mut projector = project::Projector::new(projection, &scope);
        if matches!(next, Clause::Return(_)) {
            projector = projector.returns(self.guard.max_rows());
        }
        let exec: &Executor<'_> = self;
        exec.unwind_each(table, &scope, unwind, &mut |row| projector.push(exec, row))?;
        projector.finish(exec)
    }

    /// Hands every row of `table` extended by each element of the unwound list to `emit`,
    /// without the `unread` slots (the list's own among them, when nothing reads it again).
    fn unwind_each(
        &self,
        table: Table,
        scope: &Scope,
        (unwind, unread): (&crate::query::ast::Unwind, &[usize]),
        emit: &mut dyn FnMut(&[Value]) -> Result<(), QueryError>,
    ) -> Result<(), QueryError> {
        let Some(slot) = scope.slot(&unwind.variable.name) else {
            return Ok(());
        };
        let Table { scope: input, rows } = table;
        for row in rows {
            let value = self.eval(
                &unwind.expr,
                &RowBindings {
                    scope: &input,
                    row: &row,
                },
            )?;
            // The list is held while its elements are handed on.
            let budget = &self.guard.budget;
            let list_bytes = if budget.counts_memory() {
                budget::heap_bytes(&value)
            } else {
                0
            };
            budget.charge(list_bytes)?;
            let items = match value {
                Value::List(items) => items,
                Value::Null => Vec::new(),
                other => vec![other],
            };
            let mut next = row;
            forget(&mut next, unread);
            next.resize(scope.len(), Value::Null);
            for item in items {
                self.guard.tick()?;
                if let Some(place) = next.get_mut(slot) {
                    *place = item;
                }
                emit(&next)?;
            }
            budget.release(list_bytes);
        }
        Ok(())
    }
}

/// The slots of `scope` whose variables neither `clause` (when given) nor anything after
/// `step` reads.
fn unread_slots(scope: &Scope, step: &Step<'_>, clause: Option<&Clause>) -> Vec<usize> {
    let Some(read_after) = &step.read_after else {
        return Vec::new();
    };
    let mut read = std::collections::HashSet::new();
    if let Some(clause) = clause {
        crate::query::walk::clause_names(clause, &mut |name, _| {
            read.insert(name.to_owned());
        });
    }
    (scope.names().iter().enumerate())
        .filter(|(_, name)| !read_after.contains(*name) && !read.contains(*name))
        .map(|(slot, _)| slot)
        .collect()
}

/// Drops the values at `slots` of `row`.
fn forget(row: &mut Row, slots: &[usize]) {
    for &slot in slots {
        if let Some(value) = row.get_mut(slot) {
            *value = Value::Null;
        }
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
    defined: &[TableProcedure],
) -> Result<QueryResult, QueryError> {
    if read_only && statement.mode != Mode::Explain {
        write::refuse_writes(statement, source)?;
    }
    let choices = plan::Choices {
        cost_based: !options.naive_plan,
        hash_joins_from: options.hash_joins_from,
    };
    let plan = plan::build(statement, (graph, params), choices);
    let mut exec = Executor {
        graph: GraphAccess::Writable(graph),
        params,
        source,
        guard: Guard::new(options),
        stats: WriteStats::default(),
        warnings: Vec::new(),
        profile: (statement.mode == Mode::Profile).then(|| Profile::new(&plan)),
        subplans: &plan.subplans,
        defined,
    };
    exec.check_calls(statement)?;
    exec.warnings = warnings::unknown_names(&exec.graph, statement);
    if statement.mode == Mode::Explain {
        return Ok(QueryResult {
            warnings: exec.warnings,
            plan: Some(plan.describe(None)),
            ..QueryResult::default()
        });
    }
    let mut result = exec.run_plan(&plan)?;
    if let Some(profile) = &exec.profile {
        profile.rows(plan.root(), result.rows.len());
        result.plan = Some(plan.describe(Some(&|op| profile.measured(op))));
    }
    Ok(result)
}

impl Executor<'_> {
    /// Runs every query of the plan (a UNION's one after the other) and gathers the rows.
    fn run_plan(&mut self, plan: &StatementPlan<'_>) -> Result<QueryResult, QueryError> {
        let exec = self;
        let (mut table, returned) = exec.run_single(&plan.queries[0])?;
        for query in &plan.queries[1..] {
            let (next, _) = exec.run_single(query)?;
            exec.add_union_rows(&mut table, next)?;
        }
        exec.union_distinct(&mut table, &plan.union_all)?;
        if !returned {
            table = Table::default();
        }
        exec.guard.check_rows(table.rows.len())?;
        let mut result = QueryResult {
            columns: table.scope.names().to_vec(),
            stats: exec.stats,
            warnings: std::mem::take(&mut exec.warnings),
            ..QueryResult::default()
        };
        for row in &table.rows {
            for value in row {
                snapshot_entities(&exec.graph, value, &mut result);
            }
        }
        result.rows = table.rows;
        Ok(result)
    }
}

impl Executor<'_> {
    /// Appends the rows of a UNION's next query.
    pub(crate) fn add_union_rows(&self, table: &mut Table, next: Table) -> Result<(), QueryError> {
        for row in &next.rows {
            self.guard.budget.charge_row(row)?;
        }
        table.rows.extend(next.rows);
        Ok(())
    }

    /// Drops repeated rows when some `UNION` (not `UNION ALL`) asks for it.
    pub(crate) fn union_distinct(&self, table: &mut Table, all: &[bool]) -> Result<(), QueryError> {
        if all.iter().all(|&all| all) {
            return Ok(());
        }
        let mut seen = std::collections::HashSet::new();
        let mut kept = Vec::with_capacity(table.rows.len());
        for row in std::mem::take(&mut table.rows) {
            self.guard.tick()?;
            self.guard.budget.charge_row(&row)?;
            if seen.insert(GroupKey(row.clone())) {
                kept.push(row);
            }
        }
        table.rows = kept;
        Ok(())
    }
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
