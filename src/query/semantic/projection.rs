//! WITH and RETURN: the scope they project, column names, aliases, grouping keys versus
//! aggregates, and what ORDER BY, SKIP, LIMIT and WITH … WHERE may see.

use crate::query::ast::{Expr, ExprKind, Literal, Projection, UnaryOp};
use crate::query::QueryError;

use super::expr::{free_variable, Agg, Cx};
use super::types::{Scope, Ty};
use super::Checker;
use crate::query::walk::{contains_aggregate, find_with_locals, is_aggregate_call, same, Step};

impl Checker<'_> {
    /// Checks a projection over `scope`; returns the scope it leaves and, for a RETURN
    /// without `*`, its column names.
    pub(crate) fn projection(
        &self,
        p: &Projection,
        scope: &Scope,
        is_with: bool,
    ) -> Result<(Scope, Option<Vec<String>>), QueryError> {
        let clause = if is_with { "WITH" } else { "RETURN" };
        // `WITH *` over nothing is harmless (`MATCH () CREATE () WITH * CREATE ()`); a
        // `RETURN *` without columns is not.
        if p.star && !is_with && scope.is_empty() {
            return Err(self.error(
                "NoVariablesInScope",
                format!("{clause} * needs at least one variable in scope"),
                p.span,
            ));
        }
        let mut types = Vec::with_capacity(p.items.len());
        for item in &p.items {
            let ty = self.expr(&item.expr, scope, Cx::new(Agg::Allowed))?;
            if is_with && item.alias.is_none() && !matches!(item.expr.kind, ExprKind::Variable(_)) {
                return Err(self.error(
                    "NoExpressionAlias",
                    format!(
                        "the expression `{}` in WITH needs a name: add AS name",
                        item.text
                    ),
                    item.expr.span,
                ));
            }
            types.push(ty);
        }
        let mut names: Vec<&str> = Vec::with_capacity(p.items.len());
        for item in &p.items {
            let name = item.column_name();
            if names.contains(&name) {
                let span = item.alias.as_ref().map_or(item.expr.span, |a| a.span);
                return Err(self.error(
                    "ColumnNameConflict",
                    format!("{clause} has two columns named `{name}`"),
                    span,
                ));
            }
            names.push(name);
        }

        let aggregating = p.items.iter().any(|item| contains_aggregate(&item.expr));
        let keys: Vec<&Expr> = p
            .items
            .iter()
            .filter(|item| !contains_aggregate(&item.expr))
            .map(|item| &item.expr)
            .collect();
        if aggregating {
            for item in p.items.iter().filter(|item| contains_aggregate(&item.expr)) {
                self.ambiguity(&item.expr, &keys)?;
            }
        }

        let mut next = if p.star {
            scope.clone()
        } else {
            Scope::default()
        };
        for (item, ty) in p.items.iter().zip(&types) {
            let names_variable =
                is_with || item.alias.is_some() || matches!(item.expr.kind, ExprKind::Variable(_));
            if names_variable {
                next.insert(item.column_name(), *ty);
            }
        }

        // After DISTINCT or aggregation only the projected columns exist; otherwise the
        // rows still carry the variables they had before.
        let restricted = p.distinct || aggregating;
        let projected: Vec<(&Expr, Ty)> = if restricted {
            p.items
                .iter()
                .map(|item| &item.expr)
                .zip(types.iter().copied())
                .collect()
        } else {
            Vec::new()
        };
        let after = if restricted {
            next.clone()
        } else {
            let mut both = scope.clone();
            both.vars
                .extend(next.vars.iter().map(|(k, v)| (k.clone(), *v)));
            both.open |= next.open;
            both
        };
        let order_agg = if aggregating {
            Agg::Allowed
        } else {
            Agg::Forbidden("in ORDER BY when the projection does not aggregate")
        };
        // ORDER BY may also read the grouping columns by their names.
        let column_refs: Vec<Expr> = p
            .items
            .iter()
            .filter(|item| !contains_aggregate(&item.expr))
            .map(|item| {
                Expr::new(
                    ExprKind::Variable(item.column_name().to_owned()),
                    item.expr.span,
                )
            })
            .collect();
        let order_keys: Vec<&Expr> = keys.iter().copied().chain(column_refs.iter()).collect();
        for sort in &p.order_by {
            self.expr(
                &sort.expr,
                &after,
                Cx {
                    agg: order_agg,
                    projected: &projected,
                },
            )?;
            if aggregating && contains_aggregate(&sort.expr) {
                self.ambiguity(&sort.expr, &order_keys)?;
            }
        }
        if let Some(skip) = &p.skip {
            self.count_argument(skip, "SKIP")?;
        }
        if let Some(limit) = &p.limit {
            self.count_argument(limit, "LIMIT")?;
        }
        if let Some(predicate) = &p.where_clause {
            self.where_predicate(
                predicate,
                &after,
                Cx {
                    agg: Agg::Forbidden("in WHERE"),
                    projected: &projected,
                },
            )?;
        }

        let columns = if p.star {
            None
        } else {
            Some(names.iter().map(|n| (*n).to_owned()).collect())
        };
        Ok((next, columns))
    }

    /// An expression that aggregates may, outside its aggregates, only read grouping
    /// keys that are variables or property reads (`RETURN n.x, n.x + count(*)`), literals
    /// and parameters; anything else would group implicitly.
    fn ambiguity(&self, e: &Expr, keys: &[&Expr]) -> Result<(), QueryError> {
        let ungrouped = find_with_locals(e, &mut |e, locals| {
            let is_key = || keys.iter().any(|k| same(k, e));
            match &e.kind {
                _ if is_aggregate_call(e) => Step::Skip,
                ExprKind::Variable(name) if locals.contains(&name.as_str()) || is_key() => {
                    Step::Skip
                }
                ExprKind::Variable(_) => Step::Found(e),
                ExprKind::Property(..) if is_key() => Step::Skip,
                _ => Step::Descend,
            }
        });
        match ungrouped {
            None => Ok(()),
            Some(found) => Err(self.error(
                "AmbiguousAggregationExpression",
                format!(
                    "an expression with an aggregate reads `{}`, which is not a grouping key: project it as its own column or move it inside the aggregate",
                    self.text(found)
                ),
                found.span,
            )),
        }
    }

    /// SKIP and LIMIT take a constant non-negative integer.
    fn count_argument(&self, e: &Expr, word: &str) -> Result<(), QueryError> {
        if let Some((name, span)) = free_variable(e) {
            return Err(self.error(
                "NonConstantExpression",
                format!("{word} needs a constant (a literal or a parameter), but reads the variable `{name}`"),
                span,
            ));
        }
        let literal = match &e.kind {
            ExprKind::Literal(lit) => Some((false, lit)),
            ExprKind::Unary(UnaryOp::Minus, inner) => match &inner.kind {
                ExprKind::Literal(lit) => Some((true, lit)),
                _ => None,
            },
            _ => None,
        };
        match literal {
            Some((negated, Literal::Integer(i)))
                if (if negated {
                    -i128::from(*i)
                } else {
                    i128::from(*i)
                }) < 0 =>
            {
                return Err(self.error(
                    "NegativeIntegerArgument",
                    format!("{word} cannot be negative"),
                    e.span,
                ));
            }
            Some((_, Literal::Float(_))) => {
                return Err(self.error(
                    "InvalidArgumentType",
                    format!("{word} takes an integer, not a float"),
                    e.span,
                ));
            }
            _ => {}
        }
        let ty = self.expr(
            e,
            &Scope::default(),
            Cx::new(Agg::Forbidden("in SKIP or LIMIT")),
        )?;
        if !ty.fits(&[Ty::Int]) {
            return Err(self.error(
                "InvalidArgumentType",
                format!("{word} takes an integer, not {}", ty.name()),
                e.span,
            ));
        }
        Ok(())
    }

    fn text(&self, e: &Expr) -> &str {
        self.source.get(e.span.start..e.span.end).unwrap_or("?")
    }
}
