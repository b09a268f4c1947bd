//! Subqueries and patterns as expressions: where a pattern may stand as a predicate, what
//! its variables may be, the bodies of `EXISTS`, `COUNT` and `COLLECT`, and `CALL { … }`
//! (its imports and the columns it adds).

use crate::query::ast::{CallSubquery, Clause, Expr, ExprKind, Subquery, SubqueryKind};
use crate::query::walk::pattern_variables;
use crate::query::QueryError;

use super::expr::{Agg, Cx};
use super::types::{Scope, Ty};
use super::{Body, Checker};

impl Checker<'_> {
    /// Checks an expression whose value is used as a truth value (a WHERE, an operand of
    /// `NOT`, `AND`, `OR`, `XOR`): the one place a pattern may stand as a predicate.
    pub(crate) fn predicate(&self, e: &Expr, scope: &Scope, cx: Cx<'_>) -> Result<Ty, QueryError> {
        match &e.kind {
            ExprKind::Subquery(subquery) if subquery.kind == SubqueryKind::Pattern => {
                self.pattern_predicate(subquery, scope)?;
                Ok(Ty::Bool)
            }
            _ => self.expr(e, scope, cx),
        }
    }

    /// Checks the predicate of a WHERE: statically a boolean (or unknown).
    pub(crate) fn where_predicate(
        &self,
        e: &Expr,
        scope: &Scope,
        cx: Cx<'_>,
    ) -> Result<Ty, QueryError> {
        let ty = self.predicate(e, scope, cx)?;
        if !ty.boolish() {
            return Err(self.error(
                "InvalidArgumentType",
                format!("WHERE needs a boolean, but this is {}", ty.name()),
                e.span,
            ));
        }
        Ok(ty)
    }

    /// A subquery in expression position (a pattern predicate only reaches here where it
    /// does not stand as a predicate).
    pub(crate) fn subquery(
        &self,
        e: &Expr,
        subquery: &Subquery,
        scope: &Scope,
    ) -> Result<Ty, QueryError> {
        match subquery.kind {
            SubqueryKind::Pattern => Err(self.error(
                "UnexpectedSyntax",
                "a pattern can only stand as a predicate here: use EXISTS { … } for its \
                 existence, COUNT { … } for its matches or a pattern comprehension for values"
                    .to_owned(),
                e.span,
            )),
            SubqueryKind::Comprehension => {
                self.comprehension(subquery, scope)?;
                Ok(Ty::List)
            }
            SubqueryKind::Exists | SubqueryKind::Count | SubqueryKind::Collect => {
                let columns = self.statement(&subquery.body, scope, Body::Expression)?;
                if subquery.kind == SubqueryKind::Collect && columns.is_none_or(|c| c.len() != 1) {
                    return Err(self.error(
                        "InvalidClauseComposition",
                        "COLLECT { … } must end with a RETURN of exactly one column".to_owned(),
                        e.span,
                    ));
                }
                Ok(match subquery.kind {
                    SubqueryKind::Exists => Ty::Bool,
                    SubqueryKind::Count => Ty::Int,
                    _ => Ty::List,
                })
            }
        }
    }

    /// A pattern as a predicate introduces no variable: every name in it is bound already.
    fn pattern_predicate(&self, subquery: &Subquery, scope: &Scope) -> Result<(), QueryError> {
        let Some(Clause::Match(m)) = subquery.body.first.clauses.first() else {
            return Ok(());
        };
        for v in m.pattern.iter().flat_map(pattern_variables) {
            self.defined(v, scope)?;
        }
        self.match_clause(m, &mut scope.clone())
    }

    /// `[p = pattern WHERE … | projection]`: the pattern may bind new variables, seen by
    /// the WHERE and the projection only.
    fn comprehension(&self, subquery: &Subquery, scope: &Scope) -> Result<(), QueryError> {
        let clauses = &subquery.body.first.clauses;
        let mut inner = scope.clone();
        if let Some(Clause::Match(m)) = clauses.first() {
            self.match_clause(m, &mut inner)?;
        }
        if let Some(Clause::Return(p)) = clauses.get(1) {
            for item in &p.items {
                let cx = Cx::new(Agg::Forbidden("in a pattern comprehension"));
                self.expr(&item.expr, &inner, cx)?;
            }
        }
        Ok(())
    }

    /// `CALL { … }`: a body that starts with `WITH` imports from `scope` (the WITH keeps
    /// what it names); the columns it returns join the scope and may not shadow it.
    pub(crate) fn call_subquery(
        &self,
        c: &CallSubquery,
        scope: &mut Scope,
    ) -> Result<(), QueryError> {
        let outer = if c.imports() {
            scope.clone()
        } else {
            Scope::default()
        };
        let columns = self.statement(&c.body, &outer, Body::CallSubquery)?;
        match columns {
            Some(columns) => {
                for column in columns {
                    if scope.contains(&column) {
                        return Err(self.error(
                            "VariableAlreadyBound",
                            format!(
                                "`{column}` is bound already: a CALL subquery cannot return a variable of the same name"
                            ),
                            c.span,
                        ));
                    }
                    scope.insert(&column, Ty::Any);
                }
            }
            None if c.returns() => scope.open = true,
            None => {}
        }
        Ok(())
    }
}
