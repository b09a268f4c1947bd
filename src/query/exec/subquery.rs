//! Subqueries: the queries inside expressions (pattern predicates and comprehensions,
//! `EXISTS`, `COUNT`, `COLLECT`), run for each row from the variables of that row they
//! name, and `CALL { … }`, whose body runs for each row and may write.

use crate::query::ast::{CallSubquery, Expr, ExprKind, Span, SubqueryKind};
use crate::query::eval::Subqueries;
use crate::query::plan::shapes::DegreeProbe;
use crate::query::plan::SubPlan;
use crate::query::{Bindings, QueryError};
use crate::value::Value;

use super::{Executor, Scope, Table};

impl Subqueries for Executor<'_> {
    fn value(&self, expr: &Expr, row: &dyn Bindings) -> Result<Value, QueryError> {
        let ExprKind::Subquery(subquery) = &expr.kind else {
            return Ok(Value::Null);
        };
        let plan = self.subplan(expr.span)?;
        let existence = subquery.kind.is_existence();
        let degree = plan.degree.as_ref();
        if let Some(count) = degree.and_then(|probe| self.degree(probe, existence, row)) {
            return Ok(match existence {
                true => Value::Bool(count > 0),
                false => Value::Int(count as i64),
            });
        }
        let input = imported(&subquery.names, row);
        // Whether a row exists is known at the first.
        let limit = existence.then_some(1);
        let table = self.run_reading(plan, input, limit)?;
        Ok(match subquery.kind {
            SubqueryKind::Exists | SubqueryKind::Pattern => Value::Bool(!table.rows.is_empty()),
            SubqueryKind::Count => Value::Int(table.rows.len() as i64),
            SubqueryKind::Collect | SubqueryKind::Comprehension => Value::List(
                table
                    .rows
                    .into_iter()
                    .map(|row| row.into_iter().next().unwrap_or(Value::Null))
                    .collect(),
            ),
        })
    }
}

impl Executor<'_> {
    /// How many relationships [`DegreeProbe`] asks about at the node `row` binds (0 for
    /// null; for existence, 1 once one is found), or `None` where the row binds something
    /// else there (the body then runs, to give the error the match would).
    fn degree(&self, probe: &DegreeProbe, existence: bool, row: &dyn Bindings) -> Option<u64> {
        let graph = &*self.graph;
        let id = match row.get(&probe.node)? {
            Value::Node(id) if graph.position_of(*id).is_some() => *id,
            Value::Null => return Some(0),
            _ => return None,
        };
        let has_labels = |node, labels: &[String]| {
            labels.iter().all(|label| {
                graph
                    .label_id(label)
                    .is_some_and(|l| graph.node_has_label(node, l))
            })
        };
        if !has_labels(id, &probe.node_labels) {
            return Some(0);
        }
        let direction = probe.direction.into();
        if probe.far_labels.is_empty() {
            let type_ids = graph.type_ids(&probe.types);
            let types = (!probe.types.is_empty()).then_some(type_ids.as_slice());
            return Some(graph.degree_of_types(id, direction, types) as u64);
        }
        let mut reached = graph
            .relationships_of_types_at(id, direction, &probe.types)
            .filter(|(_, far)| has_labels(*far, &probe.far_labels));
        Some(match existence {
            true => reached.next().is_some() as u64,
            false => reached.count() as u64,
        })
    }
}

/// One row of the variables among `names` that `row` binds: what a subquery sees of it.
fn imported(names: &[Expr], row: &dyn Bindings) -> Table {
    let mut scope = Scope::default();
    let mut values = Vec::new();
    for expr in names {
        if let ExprKind::Variable(name) = &expr.kind {
            if let (Some(value), None) = (row.get(name), scope.slot(name)) {
                scope.add(name);
                values.push(value.clone());
            }
        }
    }
    Table {
        scope,
        rows: vec![values],
    }
}

impl<'a> Executor<'a> {
    /// The plan of the subquery at `span`.
    fn subplan(&self, span: Span) -> Result<&'a SubPlan<'a>, QueryError> {
        let subplans: &'a _ = self.subplans;
        subplans.get(&span).ok_or_else(|| {
            QueryError::semantic(
                "UnexpectedSyntax",
                "this subquery has no plan: it cannot run here",
            )
        })
    }

    /// Runs a subquery that only reads over `input`; `limit` bounds the rows of a body
    /// that is one MATCH.
    fn run_reading(
        &self,
        plan: &SubPlan<'_>,
        input: Table,
        limit: Option<usize>,
    ) -> Result<Table, QueryError> {
        let one_query = plan.queries.len() == 1;
        let mut tables = Vec::with_capacity(plan.queries.len());
        for query in &plan.queries {
            let mut table = input.clone();
            let steps = &query.steps;
            for (at, step) in steps.iter().enumerate() {
                self.guard.check()?;
                let next = steps.get(at + 1).map(|s| s.clause);
                let last = at + 1 == steps.len();
                let wanted = limit.filter(|_| last && one_query);
                table = self.read_step(table, step, next, wanted)?;
            }
            tables.push(table);
        }
        self.union_of(tables, &plan.union_all)
    }

    /// The rows of a UNION's queries, together.
    fn union_of(&self, tables: Vec<Table>, all: &[bool]) -> Result<Table, QueryError> {
        let mut tables = tables.into_iter();
        let mut table = tables.next().unwrap_or_default();
        for next in tables {
            self.add_union_rows(&mut table, next)?;
        }
        self.union_distinct(&mut table, all)?;
        Ok(table)
    }

    /// `CALL { … }` for each row of `table`: each row joined to the rows the body
    /// returns for it, or, for a body without RETURN, each row once after the body ran.
    pub(crate) fn call_subquery(
        &mut self,
        table: Table,
        call: &CallSubquery,
    ) -> Result<Table, QueryError> {
        let plan = self.subplan(call.span)?;
        let mut scope = table.scope.clone();
        let mut rows = Vec::new();
        for row in &table.rows {
            let input = if call.imports() {
                Table {
                    scope: table.scope.clone(),
                    rows: vec![row.clone()],
                }
            } else {
                Table::unit()
            };
            let mut tables = Vec::with_capacity(plan.queries.len());
            for query in &plan.queries {
                tables.push(self.run_steps(&query.steps, input.clone())?.0);
            }
            let returned = self.union_of(tables, &plan.union_all)?;
            if !call.returns() {
                rows.push(row.clone());
                continue;
            }
            let slots: Vec<usize> = returned
                .scope
                .names()
                .iter()
                .map(|n| scope.add(n))
                .collect();
            for values in returned.rows {
                let mut joined = row.clone();
                joined.resize(scope.len(), Value::Null);
                for (slot, value) in slots.iter().zip(values) {
                    if let Some(place) = joined.get_mut(*slot) {
                        *place = value;
                    }
                }
                self.guard.budget.charge_row(&joined)?;
                rows.push(joined);
            }
        }
        // Rows joined before a column was first seen are shorter than the scope.
        for row in &mut rows {
            row.resize(scope.len(), Value::Null);
        }
        Ok(Table { scope, rows })
    }
}
