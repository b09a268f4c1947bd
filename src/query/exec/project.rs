//! WITH and RETURN: projection, grouping with aggregation, DISTINCT, ORDER BY, SKIP and
//! LIMIT, and the WHERE that may follow WITH.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::query::ast::{Expr, ExprKind, Projection, Span};
use crate::query::eval::{self, Accumulator, EvalContext, GroupKey};
use crate::query::{ErrorKind, QueryError};
use crate::value::Value;

use super::walk::{aggregate_calls, contains_aggregate};
use super::{Executor, Overlay, Row, RowBindings, Scope, Table};

/// A projected row with the keys it sorts by.
struct Projected {
    values: Row,
    sort_keys: Vec<Value>,
    /// The verdict of `WITH … WHERE`, which may read the variables before the projection.
    keep: bool,
}

/// Columns a `*` projects: every named variable in scope, sorted by name.
fn star_columns(scope: &Scope) -> Vec<String> {
    let mut names: Vec<String> = scope.names().to_vec();
    names.sort();
    names
}

struct Group {
    representative: Row,
    key_values: Vec<Value>,
    accumulators: Vec<Accumulator>,
}

impl Executor<'_> {
    pub(crate) fn project(
        &mut self,
        table: Table,
        projection: &Projection,
    ) -> Result<Table, QueryError> {
        let mut items: Vec<(String, Expr)> = Vec::new();
        if projection.star {
            for name in star_columns(&table.scope) {
                let expr = Expr::new(ExprKind::Variable(name.clone()), Span::default());
                items.push((name, expr));
            }
        }
        for item in &projection.items {
            items.push((item.column_name().to_owned(), item.expr.clone()));
        }
        let mut scope = Scope::default();
        for (name, _) in &items {
            scope.add(name);
        }
        let aggregating = items.iter().any(|(_, e)| contains_aggregate(e));
        let mut projected = if aggregating {
            self.aggregate(&table, &items, projection, &scope)?
        } else {
            let mut out = Vec::with_capacity(table.rows.len());
            for row in &table.rows {
                self.guard.tick()?;
                let old = RowBindings {
                    scope: &table.scope,
                    row,
                };
                let mut values = Vec::with_capacity(items.len());
                for (_, expr) in &items {
                    values.push(self.eval(expr, &old)?);
                }
                out.push(self.finish_row(projection, &scope, values, &table.scope, row, None)?);
            }
            out
        };
        if projection.distinct {
            let mut seen = std::collections::HashSet::new();
            projected.retain(|p| seen.insert(GroupKey(p.values.clone())));
        }
        if !projection.order_by.is_empty() {
            let descending: Vec<bool> = projection.order_by.iter().map(|s| s.descending).collect();
            projected.sort_by(|a, b| {
                for (i, desc) in descending.iter().enumerate() {
                    let ord = eval::compare_for_order(&a.sort_keys[i], &b.sort_keys[i]);
                    let ord = if *desc { ord.reverse() } else { ord };
                    if ord != Ordering::Equal {
                        return ord;
                    }
                }
                Ordering::Equal
            });
        }
        let skip = self
            .row_count(projection.skip.as_ref(), "SKIP")?
            .unwrap_or(0);
        let limit = self.row_count(projection.limit.as_ref(), "LIMIT")?;
        let rows: Vec<Row> = projected
            .into_iter()
            .skip(skip)
            .take(limit.unwrap_or(usize::MAX))
            .filter(|p| p.keep)
            .map(|p| p.values)
            .collect();
        Ok(Table { scope, rows })
    }

    /// Evaluates the ORDER BY keys and the WHERE verdict of one output row: projected names
    /// first, then the variables of the input row.
    fn finish_row(
        &self,
        projection: &Projection,
        scope: &Scope,
        values: Row,
        old_scope: &Scope,
        old_row: &[Value],
        aggregates: Option<&HashMap<Span, Value>>,
    ) -> Result<Projected, QueryError> {
        let bindings = Overlay {
            front: RowBindings {
                scope,
                row: &values,
            },
            back: RowBindings {
                scope: old_scope,
                row: old_row,
            },
        };
        let ctx = EvalContext {
            graph: &*self.graph,
            params: self.params,
            aggregates,
        };
        let at = |e: QueryError, expr: &Expr| e.at_offset(self.source, expr.span.start);
        let sort_keys = projection
            .order_by
            .iter()
            .map(|s| eval::eval(&s.expr, &bindings, &ctx).map_err(|e| at(e, &s.expr)))
            .collect::<Result<Vec<_>, _>>()?;
        let keep = match &projection.where_clause {
            Some(predicate) => {
                let verdict =
                    eval::eval(predicate, &bindings, &ctx).map_err(|e| at(e, predicate))?;
                eval::truthy(&verdict)
                    .map_err(|e| at(e, predicate))?
                    .unwrap_or(false)
            }
            None => true,
        };
        Ok(Projected {
            values,
            sort_keys,
            keep,
        })
    }

    fn aggregate(
        &mut self,
        table: &Table,
        items: &[(String, Expr)],
        projection: &Projection,
        scope: &Scope,
    ) -> Result<Vec<Projected>, QueryError> {
        let key_items: Vec<usize> = (0..items.len())
            .filter(|&i| !contains_aggregate(&items[i].1))
            .collect();
        let mut calls: Vec<&Expr> = Vec::new();
        for (_, expr) in items {
            aggregate_calls(expr, &mut calls);
        }
        for sort in &projection.order_by {
            aggregate_calls(&sort.expr, &mut calls);
        }
        let new_accumulators = || -> Result<Vec<Accumulator>, QueryError> {
            calls
                .iter()
                .map(|call| match &call.kind {
                    ExprKind::CountStar => Ok(Accumulator::count_star()),
                    ExprKind::FunctionCall { name, distinct, .. } => {
                        Accumulator::new(name, *distinct)
                    }
                    _ => Err(QueryError::runtime(
                        ErrorKind::SemanticError,
                        "InvalidAggregation",
                        "not an aggregate",
                    )),
                })
                .collect()
        };
        let mut groups: Vec<Group> = Vec::new();
        let mut index: HashMap<GroupKey, usize> = HashMap::new();
        for row in &table.rows {
            self.guard.tick()?;
            let bindings = RowBindings {
                scope: &table.scope,
                row,
            };
            let mut key_values = Vec::with_capacity(key_items.len());
            for &i in &key_items {
                key_values.push(self.eval(&items[i].1, &bindings)?);
            }
            let key = GroupKey(key_values.clone());
            let group = match index.get(&key) {
                Some(&g) => g,
                None => {
                    groups.push(Group {
                        representative: row.clone(),
                        key_values,
                        accumulators: new_accumulators()?,
                    });
                    index.insert(key, groups.len() - 1);
                    groups.len() - 1
                }
            };
            for (call, acc) in calls.iter().zip(groups[group].accumulators.iter_mut()) {
                let args = match &call.kind {
                    ExprKind::FunctionCall { args, .. } => args.as_slice(),
                    _ => &[],
                };
                let value = match args.first() {
                    Some(arg) => self.eval(arg, &bindings)?,
                    None => Value::Null,
                };
                let updated = match args.get(1) {
                    Some(extra) => acc.update_with_arg(value, &self.eval(extra, &bindings)?),
                    None => acc.update(value),
                };
                updated.map_err(|e| e.at_offset(self.source, call.span.start))?;
            }
        }
        if groups.is_empty() && key_items.is_empty() {
            groups.push(Group {
                representative: vec![Value::Null; table.scope.len()],
                key_values: Vec::new(),
                accumulators: new_accumulators()?,
            });
        }
        let mut out = Vec::with_capacity(groups.len());
        for group in groups {
            let results: HashMap<Span, Value> = calls
                .iter()
                .map(|c| c.span)
                .zip(group.accumulators.into_iter().map(Accumulator::finish))
                .collect();
            let ctx = EvalContext {
                graph: &*self.graph,
                params: self.params,
                aggregates: Some(&results),
            };
            let old = RowBindings {
                scope: &table.scope,
                row: &group.representative,
            };
            let mut keys = group.key_values.into_iter();
            let mut values = Vec::with_capacity(items.len());
            for (_, expr) in items {
                let value = if contains_aggregate(expr) {
                    eval::eval(expr, &old, &ctx)
                        .map_err(|e| e.at_offset(self.source, expr.span.start))?
                } else {
                    keys.next().unwrap_or(Value::Null)
                };
                values.push(value);
            }
            out.push(self.finish_row(
                projection,
                scope,
                values,
                &table.scope,
                &group.representative,
                Some(&results),
            )?);
        }
        Ok(out)
    }

    /// The value of a SKIP or LIMIT expression: a non-negative integer.
    fn row_count(&self, expr: Option<&Expr>, clause: &str) -> Result<Option<usize>, QueryError> {
        let Some(expr) = expr else {
            return Ok(None);
        };
        let value = self.eval(
            expr,
            &RowBindings {
                scope: &Scope::default(),
                row: &[],
            },
        )?;
        match value {
            Value::Int(n) if n >= 0 => Ok(Some(n as usize)),
            Value::Int(n) => Err(QueryError::runtime(
                ErrorKind::ArgumentError,
                "NegativeIntegerArgument",
                format!("{clause} must be a non-negative integer, not {n}"),
            )
            .at_offset(self.source, expr.span.start)),
            other => Err(QueryError::runtime(
                ErrorKind::ArgumentError,
                "InvalidArgumentType",
                format!(
                    "{clause} must be a non-negative integer, not {}",
                    other.type_name()
                ),
            )
            .at_offset(self.source, expr.span.start)),
        }
    }
}
