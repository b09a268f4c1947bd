//! Semantic analysis between the parser and the executor: variable scoping and typing
//! across clauses, projection and aggregation rules, write-pattern rules and statically
//! visible type errors. It sees only the AST and the query text, never the graph.
//!
//! Every error is a compile-time `SyntaxError` with the openCypher TCK's detail code.
//! The checker is deliberately lenient where the static picture is incomplete: rejecting
//! a correct query is worse than leaving an error to the executor.

mod expr;
mod functions;
mod pattern;
mod projection;
mod subquery;
mod types;

#[cfg(test)]
mod tests;

use crate::query::ast::{Clause, RemoveItem, SchemaCommand, SetItem, SingleQuery, Span, Statement};
use crate::query::QueryError;

use expr::{Agg, Cx};
use types::{Scope, Ty};

/// Checks `statement` (parsed from `source`) and returns the first error found, in
/// source order as far as the walk allows.
pub fn check(statement: &Statement, source: &str) -> Result<(), QueryError> {
    Checker { source }
        .statement(statement, &Scope::default(), Body::Statement)
        .map(|_| ())
}

/// Where a query stands, which decides how it may end and what it may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body {
    /// A statement of its own.
    Statement,
    /// The body of `EXISTS`, `COUNT` or `COLLECT` (or a pattern's MATCH): it only reads,
    /// and may end with a MATCH.
    Expression,
    /// The body of `CALL { … }`.
    CallSubquery,
}

pub(crate) struct Checker<'s> {
    source: &'s str,
}

impl Checker<'_> {
    pub(crate) fn error(&self, code: &'static str, message: String, span: Span) -> QueryError {
        QueryError::semantic(code, message).at_offset(self.source, span.start)
    }

    /// Checks a statement (or a subquery's body, whose queries start from `outer`) and
    /// returns the columns of its first query when they are known statically.
    pub(crate) fn statement(
        &self,
        statement: &Statement,
        outer: &Scope,
        body: Body,
    ) -> Result<Option<Vec<String>>, QueryError> {
        let mut parts = vec![&statement.first];
        if let Some((first_all, _)) = statement.unions.first() {
            for (all, part) in &statement.unions {
                if all != first_all {
                    return Err(self.error(
                        "InvalidClauseComposition",
                        "UNION and UNION ALL cannot be mixed in one query".to_owned(),
                        first_span(part).unwrap_or(statement.span),
                    ));
                }
            }
        }
        parts.extend(statement.unions.iter().map(|(_, part)| part));
        let mut first_columns: Option<Vec<String>> = None;
        for (index, part) in parts.iter().enumerate() {
            let columns = self.single_query(part, outer.clone(), body)?;
            if index == 0 {
                first_columns = columns;
            } else if let (Some(expected), Some(got)) = (&first_columns, &columns) {
                if expected != got {
                    return Err(self.error(
                        "DifferentColumnsInUnion",
                        format!(
                            "all parts of a UNION must return the same columns: ({}) and ({})",
                            expected.join(", "),
                            got.join(", ")
                        ),
                        first_span(part).unwrap_or(statement.span),
                    ));
                }
            }
        }
        Ok(first_columns)
    }

    /// Checks one query of a (possible) union; returns its column names when they are
    /// known statically.
    fn single_query(
        &self,
        query: &SingleQuery,
        mut scope: Scope,
        body: Body,
    ) -> Result<Option<Vec<String>>, QueryError> {
        let mut columns = None;
        let count = query.clauses.len();
        for (index, clause) in query.clauses.iter().enumerate() {
            let last = index + 1 == count;
            if body == Body::Expression && updates(clause) {
                return Err(self.error(
                    "InvalidClauseComposition",
                    "a subquery in an expression can only read: it cannot update the graph"
                        .to_owned(),
                    clause_span(clause),
                ));
            }
            match clause {
                Clause::Schema(_, span) => {
                    if count > 1 {
                        return Err(self.error(
                            "InvalidClauseComposition",
                            "an index command is a statement of its own".to_owned(),
                            *span,
                        ));
                    }
                    if let Clause::Schema(SchemaCommand::ShowIndexes, _) = clause {
                        columns = Some(
                            crate::query::exec::SHOW_INDEXES_COLUMNS
                                .iter()
                                .map(|c| c.to_string())
                                .collect(),
                        );
                    }
                }
                Clause::Match(m) => self.match_clause(m, &mut scope)?,
                Clause::Unwind(u) => {
                    self.expr(&u.expr, &scope, Cx::new(Agg::Forbidden("in UNWIND")))?;
                    self.bind_fresh(&u.variable, Ty::Any, &mut scope, "UNWIND")?;
                }
                Clause::With(p) => {
                    scope = self.projection(p, &scope, true)?.0;
                }
                Clause::Return(p) => {
                    if !last {
                        return Err(self.error(
                            "InvalidClauseComposition",
                            "RETURN can only be the last clause of a query".to_owned(),
                            p.span,
                        ));
                    }
                    let (next, cols) = self.projection(p, &scope, false)?;
                    scope = next;
                    columns = cols;
                }
                Clause::Create(c) => self.create_clause(c, &mut scope)?,
                Clause::Merge(m) => self.merge_clause(m, &mut scope)?,
                Clause::Set(items, _) => self.set_items(items, &scope, "in SET")?,
                Clause::Remove(items, _) => {
                    for item in items {
                        match item {
                            RemoveItem::Property(target) => {
                                self.expr(target, &scope, Cx::new(Agg::Forbidden("in REMOVE")))?;
                            }
                            RemoveItem::Labels { variable, .. } => {
                                self.defined(variable, &scope)?;
                            }
                        }
                    }
                }
                Clause::Delete(d) => self.delete_clause(d, &scope)?,
                Clause::Call(c) => self.call_clause(c, &mut scope)?,
                Clause::CallSubquery(c) => self.call_subquery(c, &mut scope)?,
            }
            if last {
                let ends_badly = match clause {
                    Clause::Match(_) | Clause::Unwind(_) | Clause::With(_) => {
                        body != Body::Expression
                    }
                    // A procedure call stands alone, or hands its YIELDed rows on.
                    Clause::Call(c) => count > 1 && (c.yields.is_some() || c.yield_all),
                    _ => false,
                };
                if ends_badly {
                    return Err(self.error(
                        "InvalidClauseComposition",
                        "a query cannot end with a reading clause: add a RETURN".to_owned(),
                        clause_span(clause),
                    ));
                }
            }
        }
        Ok(columns)
    }

    pub(crate) fn set_items(
        &self,
        items: &[SetItem],
        scope: &Scope,
        place: &'static str,
    ) -> Result<(), QueryError> {
        let cx = Cx::new(Agg::Forbidden(place));
        for item in items {
            match item {
                SetItem::Property { target, value } => {
                    self.expr(target, scope, cx)?;
                    self.expr(value, scope, cx)?;
                }
                SetItem::Replace { variable, value } | SetItem::Merge { variable, value } => {
                    let ty = self.defined(variable, scope)?;
                    if !ty.fits(&[Ty::Node, Ty::Rel]) {
                        return Err(self.error(
                            "InvalidArgumentType",
                            format!(
                                "cannot set the properties of `{}`, which is {}",
                                variable.name,
                                ty.name()
                            ),
                            variable.span,
                        ));
                    }
                    self.expr(value, scope, cx)?;
                }
                SetItem::Labels { variable, .. } => {
                    let ty = self.defined(variable, scope)?;
                    if !ty.fits(&[Ty::Node]) {
                        return Err(self.error(
                            "InvalidArgumentType",
                            format!(
                                "cannot set labels on `{}`, which is {}",
                                variable.name,
                                ty.name()
                            ),
                            variable.span,
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The type of a variable that must already be in scope.
    pub(crate) fn defined(
        &self,
        variable: &crate::query::ast::Variable,
        scope: &Scope,
    ) -> Result<Ty, QueryError> {
        match scope.get(&variable.name) {
            Some(ty) => Ok(ty),
            None if scope.open => Ok(Ty::Any),
            None => Err(self.error(
                "UndefinedVariable",
                format!("variable `{}` is not defined", variable.name),
                variable.span,
            )),
        }
    }

    /// Binds a variable that must not be bound yet (`UNWIND … AS x`, `YIELD x`).
    pub(crate) fn bind_fresh(
        &self,
        variable: &crate::query::ast::Variable,
        ty: Ty,
        scope: &mut Scope,
        clause: &str,
    ) -> Result<(), QueryError> {
        if scope.contains(&variable.name) {
            return Err(self.error(
                "VariableAlreadyBound",
                format!(
                    "variable `{}` is already bound and cannot be bound again by {clause}",
                    variable.name
                ),
                variable.span,
            ));
        }
        scope.insert(&variable.name, ty);
        Ok(())
    }
}

fn first_span(query: &SingleQuery) -> Option<Span> {
    query.clauses.first().map(clause_span)
}

fn clause_span(clause: &Clause) -> Span {
    match clause {
        Clause::Schema(_, span) => *span,
        Clause::Match(m) => m.span,
        Clause::Unwind(u) => u.span,
        Clause::With(p) | Clause::Return(p) => p.span,
        Clause::Create(c) => c.span,
        Clause::Merge(m) => m.span,
        Clause::Set(_, span) | Clause::Remove(_, span) => *span,
        Clause::Delete(d) => d.span,
        Clause::Call(c) => c.span,
        Clause::CallSubquery(c) => c.span,
    }
}

/// Whether a clause writes to the graph (a `CALL { … }` whose body does included).
fn updates(clause: &Clause) -> bool {
    match clause {
        Clause::Create(_)
        | Clause::Merge(_)
        | Clause::Set(..)
        | Clause::Remove(..)
        | Clause::Delete(_) => true,
        Clause::CallSubquery(c) => std::iter::once(&c.body.first)
            .chain(c.body.unions.iter().map(|(_, q)| q))
            .any(|q| q.clauses.iter().any(updates)),
        _ => false,
    }
}
