//! Pattern clauses (MATCH, CREATE, MERGE) and the other non-projecting clauses (DELETE,
//! CALL): which variables they bind, with which type, and the rules of write patterns.

use crate::query::ast::{
    Call, Create, Delete, Direction, Expr, ExprKind, Match, Merge, NodePattern, PatternPart,
    RelPattern, Variable,
};
use crate::query::QueryError;

use super::expr::{Agg, Cx};
use super::types::{Scope, Ty};
use super::Checker;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Match,
    Create,
    Merge,
}

impl Mode {
    fn clause(self) -> &'static str {
        match self {
            Mode::Match => "MATCH",
            Mode::Create => "CREATE",
            Mode::Merge => "MERGE",
        }
    }
}

impl Checker<'_> {
    pub(crate) fn match_clause(&self, m: &Match, scope: &mut Scope) -> Result<(), QueryError> {
        let mut clause_rels = Vec::new();
        for part in &m.pattern {
            self.bind_part(part, scope, Mode::Match, &mut clause_rels)?;
        }
        for part in &m.pattern {
            self.pattern_properties(part, scope, Mode::Match)?;
        }
        if let Some(predicate) = &m.where_clause {
            self.where_predicate(predicate, scope, Cx::new(Agg::Forbidden("in WHERE")))?;
        }
        Ok(())
    }

    pub(crate) fn create_clause(&self, c: &Create, scope: &mut Scope) -> Result<(), QueryError> {
        let mut clause_rels = Vec::new();
        for part in &c.pattern {
            self.bind_part(part, scope, Mode::Create, &mut clause_rels)?;
        }
        for part in &c.pattern {
            self.pattern_properties(part, scope, Mode::Create)?;
        }
        Ok(())
    }

    pub(crate) fn merge_clause(&self, m: &Merge, scope: &mut Scope) -> Result<(), QueryError> {
        self.bind_part(&m.part, scope, Mode::Merge, &mut Vec::new())?;
        self.pattern_properties(&m.part, scope, Mode::Merge)?;
        self.set_items(&m.on_create, scope, "in ON CREATE SET")?;
        self.set_items(&m.on_match, scope, "in ON MATCH SET")
    }

    pub(crate) fn delete_clause(&self, d: &Delete, scope: &Scope) -> Result<(), QueryError> {
        for e in &d.exprs {
            if let ExprKind::HasLabels(..) = e.kind {
                return Err(self.error(
                    "InvalidDelete",
                    "DELETE takes nodes, relationships or paths, not a label expression: use REMOVE to remove labels".to_owned(),
                    e.span,
                ));
            }
            let ty = self.expr(e, scope, Cx::new(Agg::Forbidden("in DELETE")))?;
            if !ty.fits(&[Ty::Node, Ty::Rel, Ty::Path, Ty::List, Ty::RelList]) {
                return Err(self.error(
                    "InvalidArgumentType",
                    format!(
                        "DELETE takes nodes, relationships or paths, not {}",
                        ty.name()
                    ),
                    e.span,
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn call_clause(&self, c: &Call, scope: &mut Scope) -> Result<(), QueryError> {
        for arg in c.args.iter().flatten() {
            self.expr(
                arg,
                scope,
                Cx::new(Agg::Forbidden("in procedure arguments")),
            )?;
        }
        if c.yield_all {
            scope.open = true;
        } else if let Some(items) = &c.yields {
            for item in items {
                let variable = match &item.alias {
                    Some(alias) => alias.clone(),
                    None => Variable {
                        name: item.field.clone(),
                        span: c.span,
                    },
                };
                self.bind_fresh(&variable, Ty::Any, scope, "YIELD")?;
            }
        }
        if let Some(predicate) = &c.where_clause {
            self.where_predicate(predicate, scope, Cx::new(Agg::Forbidden("in WHERE")))?;
        }
        Ok(())
    }

    fn bind_part(
        &self,
        part: &PatternPart,
        scope: &mut Scope,
        mode: Mode,
        clause_rels: &mut Vec<String>,
    ) -> Result<(), QueryError> {
        let lone = part.element.chain.is_empty();
        self.bind_node(&part.element.start, scope, mode, lone)?;
        for (rel, node) in &part.element.chain {
            self.bind_rel(rel, scope, mode, clause_rels)?;
            self.bind_node(node, scope, mode, false)?;
        }
        if let Some(path) = &part.variable {
            if let Some(ty) = scope.get(&path.name) {
                return Err(self.error(
                    "VariableAlreadyBound",
                    format!(
                        "`{}` is already bound (as {}) and cannot name a path",
                        path.name,
                        ty.name()
                    ),
                    path.span,
                ));
            }
            scope.insert(&path.name, Ty::Path);
        }
        Ok(())
    }

    fn bind_node(
        &self,
        node: &NodePattern,
        scope: &mut Scope,
        mode: Mode,
        lone: bool,
    ) -> Result<(), QueryError> {
        let Some(var) = &node.variable else {
            return Ok(());
        };
        match scope.get(&var.name) {
            Some(ty) => {
                if !ty.fits(&[Ty::Node]) {
                    return Err(self.error(
                        "VariableTypeConflict",
                        format!(
                            "`{}` is {} and cannot be used as a node",
                            var.name,
                            ty.name()
                        ),
                        var.span,
                    ));
                }
                if mode != Mode::Match {
                    let why = if !node.labels.is_empty() || node.properties.is_some() {
                        Some("with labels or properties")
                    } else if lone {
                        Some("on its own")
                    } else {
                        None
                    };
                    if let Some(why) = why {
                        return Err(self.error(
                            "VariableAlreadyBound",
                            format!(
                                "node `{}` is already bound, so {} cannot create it again {why}",
                                var.name,
                                mode.clause()
                            ),
                            var.span,
                        ));
                    }
                }
            }
            None => scope.insert(&var.name, Ty::Node),
        }
        Ok(())
    }

    fn bind_rel(
        &self,
        rel: &RelPattern,
        scope: &mut Scope,
        mode: Mode,
        clause_rels: &mut Vec<String>,
    ) -> Result<(), QueryError> {
        let var_length = rel.length.is_some();
        if let Some(var) = &rel.variable {
            match scope.get(&var.name) {
                Some(ty) if mode != Mode::Match => {
                    return Err(self.error(
                        "VariableAlreadyBound",
                        format!(
                            "`{}` is already bound (as {}); {} needs a new relationship variable",
                            var.name,
                            ty.name(),
                            mode.clause()
                        ),
                        var.span,
                    ));
                }
                Some(ty) => {
                    let allowed: &[Ty] = if var_length {
                        &[Ty::RelList, Ty::List]
                    } else {
                        &[Ty::Rel]
                    };
                    if !ty.fits(allowed) {
                        return Err(self.error(
                            "VariableTypeConflict",
                            format!(
                                "`{}` is {} and cannot be used as {}",
                                var.name,
                                ty.name(),
                                if var_length {
                                    "a variable-length relationship"
                                } else {
                                    "a relationship"
                                }
                            ),
                            var.span,
                        ));
                    }
                    if clause_rels.contains(&var.name) {
                        return Err(self.error(
                            "RelationshipUniquenessViolation",
                            format!(
                                "relationship `{}` occurs twice in one pattern, but a pattern never uses a relationship twice",
                                var.name
                            ),
                            var.span,
                        ));
                    }
                }
                None => {
                    scope.insert(&var.name, if var_length { Ty::RelList } else { Ty::Rel });
                    clause_rels.push(var.name.clone());
                }
            }
        }
        if mode != Mode::Match {
            if rel.types.len() != 1 {
                return Err(self.error(
                    "NoSingleRelationshipType",
                    format!(
                        "{} needs exactly one relationship type, as in -[:TYPE]->",
                        mode.clause()
                    ),
                    rel.span,
                ));
            }
            if mode == Mode::Create && rel.direction == Direction::Both {
                return Err(self.error(
                    "RequiresDirectedRelationship",
                    "CREATE needs a direction for each relationship: -[:TYPE]-> or <-[:TYPE]-"
                        .to_owned(),
                    rel.span,
                ));
            }
            if var_length {
                return Err(self.error(
                    "CreatingVarLength",
                    format!(
                        "{} cannot create a variable-length relationship",
                        mode.clause()
                    ),
                    rel.span,
                ));
            }
        }
        Ok(())
    }

    /// Checks the property maps of a pattern, once all its variables are bound.
    fn pattern_properties(
        &self,
        part: &PatternPart,
        scope: &Scope,
        mode: Mode,
    ) -> Result<(), QueryError> {
        let mut maps: Vec<&Expr> = Vec::new();
        maps.extend(part.element.start.properties.as_ref());
        for (rel, node) in &part.element.chain {
            maps.extend(rel.properties.as_ref());
            maps.extend(node.properties.as_ref());
        }
        let place = match mode {
            Mode::Match => "in a MATCH pattern",
            Mode::Create => "in a CREATE pattern",
            Mode::Merge => "in a MERGE pattern",
        };
        for map in maps {
            if mode != Mode::Create {
                if let ExprKind::Parameter(name) = &map.kind {
                    return Err(self.error(
                        "InvalidParameterUse",
                        format!(
                            "a parameter cannot stand for the whole property map {place}: write {{key: ${name}.key, …}} instead"
                        ),
                        map.span,
                    ));
                }
            }
            self.expr(map, scope, Cx::new(Agg::Forbidden(place)))?;
        }
        Ok(())
    }
}
