//! Schema commands: creating, dropping and listing property indexes. The graph keeps the
//! indexes (and undoes their changes on rollback); the store keeps their definitions.

use crate::graph::property_index::{schema_text, IndexError};
use crate::query::ast::SchemaCommand;
use crate::query::{ErrorKind, QueryError};
use crate::schema::{IndexDef, IndexTarget};
use crate::value::Value;

use super::{Executor, Scope, Table};

/// The columns of `SHOW INDEXES`, Neo4j 5's first ones.
pub(crate) const SHOW_INDEXES_COLUMNS: &[&str] = &[
    "id",
    "name",
    "state",
    "populationPercent",
    "type",
    "entityType",
    "labelsOrTypes",
    "properties",
    "indexProvider",
];

fn schema_error(code: &'static str, error: IndexError) -> QueryError {
    QueryError::runtime(ErrorKind::Database, code, error.to_string())
}

impl Executor<'_> {
    pub(crate) fn schema(&mut self, command: &SchemaCommand) -> Result<Table, QueryError> {
        match command {
            SchemaCommand::CreateIndex {
                name,
                if_not_exists,
                target,
                keys,
            } => {
                let def = IndexDef {
                    name: name
                        .clone()
                        .unwrap_or_else(|| IndexDef::default_name(target, keys)),
                    target: target.clone(),
                    keys: keys.clone(),
                };
                match self.graph.writable()?.create_index(def) {
                    Ok(()) => self.stats.indexes_added += 1,
                    Err(IndexError::NameTaken(_) | IndexError::SameSchema { .. })
                        if *if_not_exists => {}
                    Err(e @ IndexError::NameTaken(_)) => {
                        return Err(schema_error("IndexWithNameAlreadyExists", e))
                    }
                    Err(e) => return Err(schema_error("EquivalentSchemaRuleAlreadyExists", e)),
                }
            }
            SchemaCommand::DropIndex {
                name,
                if_exists,
                schema,
            } => {
                let name = match (name, schema) {
                    (Some(name), _) => Some(name.clone()),
                    (None, Some((target, keys))) => self.index_named_by_schema(target, keys),
                    (None, None) => None,
                };
                let dropped = match &name {
                    Some(name) => self.graph.writable()?.drop_index(name),
                    None => Err(IndexError::NoSuchIndex(schema_description(schema))),
                };
                match dropped {
                    Ok(_) => self.stats.indexes_removed += 1,
                    Err(_) if *if_exists => {}
                    Err(e) => return Err(schema_error("IndexDropFailed", e)),
                }
            }
            SchemaCommand::ShowIndexes => return Ok(self.show_indexes()),
        }
        Ok(Table::default())
    }

    fn index_named_by_schema(&self, target: &IndexTarget, keys: &[String]) -> Option<String> {
        self.graph
            .property_indexes()
            .iter()
            .find(|i| i.def.target == *target && i.def.keys == keys)
            .map(|i| i.def.name.clone())
    }

    fn show_indexes(&self) -> Table {
        let mut scope = Scope::default();
        for column in SHOW_INDEXES_COLUMNS {
            scope.add(column);
        }
        Table {
            scope,
            rows: self.index_rows(),
        }
    }

    /// One row per index, in the columns of [`SHOW_INDEXES_COLUMNS`].
    pub(crate) fn index_rows(&self) -> Vec<Vec<Value>> {
        let strings =
            |items: &[String]| Value::List(items.iter().cloned().map(Value::String).collect());
        self.graph
            .property_indexes()
            .iter()
            .enumerate()
            .map(|(at, index)| {
                let def = &index.def;
                vec![
                    Value::Int(at as i64 + 1),
                    Value::String(def.name.clone()),
                    Value::String("ONLINE".into()),
                    Value::Float(100.0),
                    Value::String("RANGE".into()),
                    Value::String(
                        if def.is_for_nodes() {
                            "NODE"
                        } else {
                            "RELATIONSHIP"
                        }
                        .into(),
                    ),
                    strings(std::slice::from_ref(&def.label_or_type().to_owned())),
                    strings(&def.keys),
                    Value::String("kizuna-btree-1.0".into()),
                ]
            })
            .collect()
    }
}

fn schema_description(schema: &Option<(IndexTarget, Vec<String>)>) -> String {
    match schema {
        Some((target, keys)) => schema_text(&IndexDef {
            name: String::new(),
            target: target.clone(),
            keys: keys.clone(),
        }),
        None => String::new(),
    }
}
