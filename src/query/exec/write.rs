//! The writing clauses: CREATE, MERGE, SET, REMOVE, DELETE, and the read-only check.

use crate::query::ast::{
    Clause, Create, Delete, Expr, ExprKind, Merge, RemoveItem, SetItem, Statement,
};
use crate::query::{ErrorKind, QueryError};
use crate::value::{NodeId, Path, Properties, Value};

use super::pattern::{compile, PartSpec, Pattern};
use super::{Executor, Row, RowBindings, Scope, Table};
use crate::graph::Direction;

/// Fails when `statement` would write: a read-only database runs only reading queries.
pub(crate) fn refuse_writes(statement: &Statement, source: &str) -> Result<(), QueryError> {
    let queries = std::iter::once(&statement.first).chain(statement.unions.iter().map(|(_, q)| q));
    for query in queries {
        for clause in &query.clauses {
            let span = match clause {
                Clause::CallSubquery(c) => {
                    refuse_writes(&c.body, source)?;
                    continue;
                }
                Clause::Schema(command, span) if command.writes() => *span,
                Clause::Create(c) => c.span,
                Clause::Merge(m) => m.span,
                Clause::Set(_, span) | Clause::Remove(_, span) => *span,
                Clause::Delete(d) => d.span,
                Clause::Call(c)
                    if super::procedures::find(&c.procedure).is_some_and(|p| p.writes) =>
                {
                    c.span
                }
                _ => continue,
            };
            return Err(QueryError::runtime(
                ErrorKind::Database,
                "ReadOnly",
                "the database is open read-only (--read-only); this statement writes",
            )
            .at_offset(source, span.start));
        }
    }
    Ok(())
}

fn type_error(code: &'static str, message: String) -> QueryError {
    QueryError::runtime(ErrorKind::TypeError, code, message)
}

impl Executor<'_> {
    pub(crate) fn create(&mut self, table: Table, create: &Create) -> Result<Table, QueryError> {
        let mut scope = table.scope.clone();
        let parts = compile(&create.pattern, &mut scope);
        let mut rows = Vec::with_capacity(table.rows.len());
        for mut row in table.rows {
            self.guard.tick()?;
            row.resize(scope.len(), Value::Null);
            self.create_parts(&parts, &scope, table.scope.len(), &mut row)?;
            rows.push(row);
        }
        Ok(Table { scope, rows })
    }

    /// Properties from a pattern's map: null entries are left out, unstorable values fail.
    fn properties_of(
        &self,
        expr: Option<&Expr>,
        scope: &Scope,
        row: &Row,
    ) -> Result<Properties, QueryError> {
        let Some(expr) = expr else {
            return Ok(Properties::new());
        };
        match self.eval(expr, &RowBindings { scope, row })? {
            Value::Map(map) => {
                let mut props = Properties::new();
                for (key, value) in map {
                    if value.is_null() {
                        continue;
                    }
                    check_storable(&key, &value)
                        .map_err(|e| e.at_offset(self.source, expr.span.start))?;
                    props.insert(key, value);
                }
                Ok(props)
            }
            other => Err(type_error(
                "InvalidArgumentType",
                format!(
                    "properties must be given as a map, not {}",
                    other.type_name()
                ),
            )
            .at_offset(self.source, expr.span.start)),
        }
    }

    /// Creates every unbound node and every relationship of `parts`, binding them in `row`.
    fn create_parts(
        &mut self,
        parts: &[PartSpec<'_>],
        scope: &Scope,
        input_len: usize,
        row: &mut Row,
    ) -> Result<(), QueryError> {
        for part in parts {
            let mut node_ids: Vec<NodeId> = Vec::with_capacity(part.nodes.len());
            for spec in &part.nodes {
                let bound = spec.slot.and_then(|slot| match &row[slot] {
                    Value::Null if slot >= input_len => None,
                    other => Some(other.clone()),
                });
                let id = match bound {
                    Some(Value::Node(id)) => id,
                    Some(other) => {
                        return Err(QueryError::runtime(
                            ErrorKind::SemanticError,
                            "CreateOnNull",
                            format!(
                                "cannot create a relationship to {}: a node was expected",
                                other.type_name()
                            ),
                        ))
                    }
                    None => {
                        let props = self.properties_of(spec.props, scope, row)?;
                        self.stats.nodes_created += 1;
                        self.stats.labels_added += spec.labels.len() as u64;
                        self.stats.properties_set += props.len() as u64;
                        let mut labels: Vec<String> = Vec::new();
                        for label in spec.labels {
                            if !labels.contains(label) {
                                labels.push(label.clone());
                            }
                        }
                        let id = self.graph.writable()?.create_node(labels, props);
                        if let Some(slot) = spec.slot {
                            row[slot] = Value::Node(id);
                        }
                        id
                    }
                };
                node_ids.push(id);
            }
            let mut rel_ids = Vec::with_capacity(part.rels.len());
            for (j, spec) in part.rels.iter().enumerate() {
                let (left, right) = (node_ids[j], node_ids[j + 1]);
                let (start, end) = match spec.direction {
                    Direction::Incoming => (right, left),
                    _ => (left, right),
                };
                let props = self.properties_of(spec.props, scope, row)?;
                let rel_type = spec.types.first().cloned().unwrap_or_default();
                self.stats.relationships_created += 1;
                self.stats.properties_set += props.len() as u64;
                let id = self
                    .graph
                    .writable()?
                    .create_relationship(rel_type, start, end, props)
                    .ok_or_else(|| {
                        QueryError::runtime(
                            ErrorKind::EntityNotFound,
                            "DeletedEntityAccess",
                            "cannot create a relationship to a node that was deleted",
                        )
                    })?;
                if let Some(slot) = spec.slot {
                    row[slot] = Value::Relationship(id);
                }
                rel_ids.push(id);
            }
            if let Some(slot) = part.path_slot {
                row[slot] = Value::Path(Box::new(Path {
                    nodes: node_ids,
                    relationships: rel_ids,
                }));
            }
        }
        Ok(())
    }

    pub(crate) fn merge(
        &mut self,
        table: Table,
        merge: &Merge,
        starts: &[usize],
    ) -> Result<Table, QueryError> {
        let pattern = Pattern::new(std::slice::from_ref(&merge.part), &table.scope, starts);
        let (parts, scope, input_len) = (&pattern.parts, &pattern.scope, pattern.input_len);
        let mut rows = Vec::new();
        for row in table.rows {
            self.guard.tick()?;
            self.refuse_null_merge_properties(parts, scope, &row)?;
            let mut matched = Vec::new();
            self.match_row(&pattern, row.clone(), None, None, &mut |r| {
                matched.push(r.to_vec());
                Ok(())
            })?;
            if matched.is_empty() {
                let mut row = row;
                row.resize(scope.len(), Value::Null);
                self.create_parts(parts, scope, input_len, &mut row)?;
                self.apply_set_items(&merge.on_create, scope, &row)?;
                rows.push(row);
            } else {
                for row in matched {
                    self.apply_set_items(&merge.on_match, scope, &row)?;
                    rows.push(row);
                }
            }
        }
        Ok(Table {
            scope: pattern.scope.clone(),
            rows,
        })
    }

    /// MERGE cannot match or create on a null property value.
    fn refuse_null_merge_properties(
        &self,
        parts: &[PartSpec<'_>],
        scope: &Scope,
        row: &Row,
    ) -> Result<(), QueryError> {
        let mut padded = row.clone();
        padded.resize(scope.len(), Value::Null);
        let maps = parts.iter().flat_map(|p| {
            p.nodes
                .iter()
                .map(|n| n.props)
                .chain(p.rels.iter().map(|r| r.props))
        });
        for expr in maps.flatten() {
            if let Value::Map(map) = self.eval(
                expr,
                &RowBindings {
                    scope,
                    row: &padded,
                },
            )? {
                if let Some((key, _)) = map.iter().find(|(_, v)| v.is_null()) {
                    return Err(QueryError::runtime(
                        ErrorKind::SemanticError,
                        "MergeReadOwnWrites",
                        format!("cannot merge using a null value for property `{key}`"),
                    )
                    .at_offset(self.source, expr.span.start));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn set(&mut self, table: Table, items: &[SetItem]) -> Result<Table, QueryError> {
        for row in &table.rows {
            self.guard.tick()?;
            self.apply_set_items(items, &table.scope, row)?;
        }
        Ok(table)
    }

    fn apply_set_items(
        &mut self,
        items: &[SetItem],
        scope: &Scope,
        row: &Row,
    ) -> Result<(), QueryError> {
        for item in items {
            let bindings = RowBindings { scope, row };
            match item {
                SetItem::Property { target, value } => {
                    let ExprKind::Property(base, key) = &target.kind else {
                        return Err(QueryError::semantic(
                            "InvalidSetTarget",
                            "SET needs a property to assign",
                        )
                        .at_offset(self.source, target.span.start));
                    };
                    let entity = self.eval(base, &bindings)?;
                    let value = self.eval(value, &bindings)?;
                    self.set_property(&entity, key, value)
                        .map_err(|e| e.at_offset(self.source, target.span.start))?;
                }
                SetItem::Replace { variable, value } | SetItem::Merge { variable, value } => {
                    let replace = matches!(item, SetItem::Replace { .. });
                    let entity = bindings_value(&bindings, &variable.name);
                    let value = self.eval(value, &bindings)?;
                    let map = match value {
                        Value::Map(map) => Properties::from(map),
                        Value::Node(id) => self
                            .graph
                            .node(id)
                            .map(|n| n.properties())
                            .unwrap_or_default(),
                        Value::Relationship(id) => self
                            .graph
                            .relationship(id)
                            .map(|r| r.properties())
                            .unwrap_or_default(),
                        Value::Null => Default::default(),
                        other => {
                            return Err(type_error(
                                "InvalidArgumentType",
                                format!("SET needs a map of properties, not {}", other.type_name()),
                            )
                            .at_offset(self.source, variable.span.start))
                        }
                    };
                    if replace {
                        let existing: Vec<String> = self
                            .properties(&entity)
                            .map(|p| p.keys().cloned().collect())
                            .unwrap_or_default();
                        for key in existing.into_iter().filter(|k| !map.contains_key(k)) {
                            self.set_property(&entity, &key, Value::Null)?;
                        }
                    }
                    for (key, value) in map {
                        self.set_property(&entity, &key, value)
                            .map_err(|e| e.at_offset(self.source, variable.span.start))?;
                    }
                }
                SetItem::Labels { variable, labels } => {
                    if let Value::Node(id) = bindings_value(&bindings, &variable.name) {
                        self.change_labels(id, labels, true)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn properties(&self, entity: &Value) -> Option<Properties> {
        match entity {
            Value::Node(id) => self.graph.node(*id).map(|n| n.properties()),
            Value::Relationship(id) => self.graph.relationship(*id).map(|r| r.properties()),
            _ => None,
        }
    }

    /// Sets (or with null, removes) one property of a node or relationship.
    fn set_property(&mut self, entity: &Value, key: &str, value: Value) -> Result<(), QueryError> {
        if !value.is_null() {
            check_storable(key, &value)?;
        }
        match entity {
            Value::Null => Ok(()),
            Value::Node(id) => {
                let Some(node) = self.graph.node(*id) else {
                    return Err(deleted());
                };
                let mut props = node.properties();
                if change(&mut props, key, value) {
                    self.stats.properties_set += 1;
                    let labels = node.labels().map(str::to_owned).collect();
                    self.graph.writable()?.update_node(*id, labels, props);
                }
                Ok(())
            }
            Value::Relationship(id) => {
                let Some(rel) = self.graph.relationship(*id) else {
                    return Err(deleted());
                };
                let mut props = rel.properties();
                if change(&mut props, key, value) {
                    self.stats.properties_set += 1;
                    self.graph.writable()?.update_relationship(*id, props);
                }
                Ok(())
            }
            other => Err(type_error(
                "InvalidArgumentType",
                format!("cannot set a property on {}", other.type_name()),
            )),
        }
    }

    fn change_labels(
        &mut self,
        id: NodeId,
        labels: &[String],
        add: bool,
    ) -> Result<(), QueryError> {
        let Some(node) = self.graph.node(id) else {
            return Ok(());
        };
        let mut new_labels: Vec<String> = node.labels().map(str::to_owned).collect();
        let mut changed = 0;
        for label in labels {
            let present = new_labels.contains(label);
            if add && !present {
                new_labels.push(label.clone());
                changed += 1;
            } else if !add && present {
                new_labels.retain(|l| l != label);
                changed += 1;
            }
        }
        if changed > 0 {
            if add {
                self.stats.labels_added += changed;
            } else {
                self.stats.labels_removed += changed;
            }
            let props = node.properties();
            self.graph.writable()?.update_node(id, new_labels, props);
        }
        Ok(())
    }

    pub(crate) fn remove(
        &mut self,
        table: Table,
        items: &[RemoveItem],
    ) -> Result<Table, QueryError> {
        for row in &table.rows {
            self.guard.tick()?;
            let bindings = RowBindings {
                scope: &table.scope,
                row,
            };
            for item in items {
                match item {
                    RemoveItem::Property(target) => {
                        if let ExprKind::Property(base, key) = &target.kind {
                            let entity = self.eval(base, &bindings)?;
                            self.set_property(&entity, key, Value::Null)
                                .map_err(|e| e.at_offset(self.source, target.span.start))?;
                        }
                    }
                    RemoveItem::Labels { variable, labels } => {
                        if let Value::Node(id) = bindings_value(&bindings, &variable.name) {
                            self.change_labels(id, labels, false)?;
                        }
                    }
                }
            }
        }
        Ok(table)
    }

    pub(crate) fn delete(&mut self, table: Table, delete: &Delete) -> Result<Table, QueryError> {
        let mut nodes = Vec::new();
        for row in &table.rows {
            self.guard.tick()?;
            let bindings = RowBindings {
                scope: &table.scope,
                row,
            };
            for expr in &delete.exprs {
                let value = self.eval(expr, &bindings)?;
                self.collect_deletions(value, &mut nodes)
                    .map_err(|e| e.at_offset(self.source, expr.span.start))?;
            }
        }
        for id in nodes {
            if self.graph.node(id).is_none() {
                continue;
            }
            let attached = self.graph.degree(id, Direction::Both) as u64;
            if attached > 0 && !delete.detach {
                return Err(QueryError::runtime(
                    ErrorKind::ConstraintValidationFailed,
                    "DeleteConnectedNode",
                    format!(
                        "cannot delete node {id}: it still has {attached} relationship(s); use DETACH DELETE to delete them too"
                    ),
                )
                .at_offset(self.source, delete.span.start));
            }
            self.stats.relationships_deleted += attached;
            self.graph.writable()?.delete_node(id);
            self.stats.nodes_deleted += 1;
        }
        Ok(table)
    }

    /// Deletes relationships at once and gathers nodes, which go last (so that
    /// `DELETE a, r, b` works in any order).
    fn collect_deletions(
        &mut self,
        value: Value,
        nodes: &mut Vec<NodeId>,
    ) -> Result<(), QueryError> {
        match value {
            Value::Null => Ok(()),
            Value::Node(id) => {
                nodes.push(id);
                Ok(())
            }
            Value::Relationship(id) => {
                if self.graph.writable()?.delete_relationship(id) {
                    self.stats.relationships_deleted += 1;
                }
                Ok(())
            }
            Value::Path(path) => {
                for rel in path.relationships {
                    self.collect_deletions(Value::Relationship(rel), nodes)?;
                }
                nodes.extend(path.nodes);
                Ok(())
            }
            Value::List(items) => items
                .into_iter()
                .try_for_each(|v| self.collect_deletions(v, nodes)),
            other => Err(type_error(
                "InvalidArgumentType",
                format!(
                    "DELETE needs a node, relationship or path, not {}",
                    other.type_name()
                ),
            )),
        }
    }
}

fn bindings_value(bindings: &RowBindings<'_>, name: &str) -> Value {
    use crate::query::Bindings;
    bindings.get(name).cloned().unwrap_or(Value::Null)
}

/// Applies one property change; returns whether anything changed.
fn change(props: &mut Properties, key: &str, value: Value) -> bool {
    if value.is_null() {
        return props.remove(key).is_some();
    }
    if props.get(key) == Some(&value) {
        return false;
    }
    props.insert(key.to_owned(), value);
    true
}

fn deleted() -> QueryError {
    QueryError::runtime(
        ErrorKind::EntityNotFound,
        "DeletedEntityAccess",
        "the node or relationship was deleted earlier in this statement",
    )
}

fn check_storable(key: &str, value: &Value) -> Result<(), QueryError> {
    if value.is_storable() {
        Ok(())
    } else {
        Err(type_error(
            "InvalidPropertyType",
            format!(
                "property `{key}` cannot hold {} (a property holds a boolean, number, string, temporal value, or a list of those)",
                value.type_name()
            ),
        ))
    }
}
