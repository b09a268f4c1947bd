//! Procedures callable with `CALL name(args) YIELD …`: the schema, name search, the graph
//! algorithms (`algo.*`, thin adapters over `crate::algo`) and the procedure list itself.
//! Every procedure reads the graph; none writes.

use std::collections::{BTreeMap, BTreeSet};

use crate::graph::normalize_name;
use crate::provenance::{Catalogue, Fact};
use crate::query::ast::{Call, Clause, Expr, ExprKind, Statement};
use crate::query::procedure::{FieldType, Signature, TableProcedure};
use crate::query::{ErrorKind, Phase, QueryError};
use crate::value::Value;

use super::{Executor, RowBindings, Scope, Table};

type Rows = Vec<Vec<Value>>;

/// A procedure: its name, what it takes and yields, and its body.
pub struct ProcedureInfo {
    pub name: &'static str,
    pub signature: &'static str,
    pub description: &'static str,
    pub outputs: &'static [&'static str],
    /// Whether calling it changes the database (refused on a read-only database).
    pub writes: bool,
    arity: std::ops::RangeInclusive<usize>,
    run: fn(&Executor<'_>, &[Value]) -> Result<Rows, QueryError>,
}

/// Every procedure kizuna has.
pub static PROCEDURES: &[ProcedureInfo] = &[
    ProcedureInfo {
        name: "db.labels",
        signature: "db.labels() :: (label :: STRING)",
        description: "Every node label in the database.",
        outputs: &["label"],
        writes: false,
        arity: 0..=0,
        run: labels,
    },
    ProcedureInfo {
        name: "db.relationshipTypes",
        signature: "db.relationshipTypes() :: (relationshipType :: STRING)",
        description: "Every relationship type in the database.",
        outputs: &["relationshipType"],
        writes: false,
        arity: 0..=0,
        run: relationship_types,
    },
    ProcedureInfo {
        name: "db.propertyKeys",
        signature: "db.propertyKeys() :: (propertyKey :: STRING)",
        description: "Every property key in the database.",
        outputs: &["propertyKey"],
        writes: false,
        arity: 0..=0,
        run: property_keys,
    },
    ProcedureInfo {
        name: "db.schema",
        signature: "db.schema() :: (element :: STRING, name :: STRING, count :: INTEGER, properties :: LIST<STRING>, connects :: LIST<STRING>)",
        description: "Each label and relationship type with its count, its property keys and what it connects (for a label: `-TYPE->Label` and `<-TYPE-Label`; for a type: `Start->End` label pairs).",
        outputs: &["element", "name", "count", "properties", "connects"],
        writes: false,
        arity: 0..=0,
        run: schema,
    },
    ProcedureInfo {
        name: "db.search",
        signature: "db.search(text :: STRING) :: (node :: NODE, name :: STRING, score :: FLOAT)",
        description: "Institutions whose name, translated name or alias matches the text (any script, any case), best first.",
        outputs: &["node", "name", "score"],
        writes: false,
        arity: 1..=1,
        run: search,
    },
    ProcedureInfo {
        name: "db.provenance",
        signature: "db.provenance(entity :: NODE | RELATIONSHIP | INTEGER | STRING) :: (source :: STRING, title :: STRING, title_en :: STRING, publisher :: STRING, published :: STRING, url :: STRING, evidence :: STRING)",
        description: "Where a fact comes from: one row per source document its `source` names, with the catalogue's title, publisher, date and address, and the evidence quote (on the first source's row). Takes a node, a relationship, a relationship id or an institution's name.",
        outputs: &["source", "title", "title_en", "publisher", "published", "url", "evidence"],
        writes: false,
        arity: 1..=1,
        run: provenance,
    },
    ProcedureInfo {
        name: "db.indexes",
        signature: "db.indexes() :: (id :: INTEGER, name :: STRING, state :: STRING, populationPercent :: FLOAT, type :: STRING, entityType :: STRING, labelsOrTypes :: LIST<STRING>, properties :: LIST<STRING>, indexProvider :: STRING)",
        description: "Every property index, as SHOW INDEXES lists them (which `SHOW INDEXES YIELD …` and `SHOW INDEXES WHERE …` call).",
        outputs: super::schema::SHOW_INDEXES_COLUMNS,
        writes: false,
        arity: 0..=0,
        run: indexes,
    },
    ProcedureInfo {
        name: "db.functions",
        signature: "db.functions() :: (name :: STRING, category :: STRING, aggregating :: BOOLEAN)",
        description: "Every function kizuna has, with its category: scalar, temporal or aggregating (which SHOW FUNCTIONS calls).",
        outputs: &["name", "category", "aggregating"],
        writes: false,
        arity: 0..=0,
        run: functions,
    },
    ProcedureInfo {
        name: "db.procedures",
        signature: "db.procedures() :: (name :: STRING, signature :: STRING, description :: STRING)",
        description: "Every procedure with its signature.",
        outputs: &["name", "signature", "description"],
        writes: false,
        arity: 0..=0,
        run: procedures,
    },
    ProcedureInfo {
        name: "algo.shortestPath",
        signature: "algo.shortestPath(a :: NODE | STRING, b :: NODE | STRING, options = {} :: MAP) :: (path :: PATH, length :: INTEGER, cost :: FLOAT)",
        description: "One shortest path from a to b: fewest relationships, or least total of a numeric relationship property with {weight: 'amount'}. Options: relTypes, direction ('OUTGOING', 'INCOMING', 'BOTH'), weight, defaultWeight.",
        outputs: &["path", "length", "cost"],
        writes: false,
        arity: 2..=3,
        run: algo_shortest_path,
    },
    ProcedureInfo {
        name: "algo.allShortestPaths",
        signature: "algo.allShortestPaths(a :: NODE | STRING, b :: NODE | STRING, options = {} :: MAP) :: (path :: PATH, length :: INTEGER, cost :: FLOAT)",
        description: "Every shortest path from a to b, one row each; same options as algo.shortestPath.",
        outputs: &["path", "length", "cost"],
        writes: false,
        arity: 2..=3,
        run: algo_all_shortest_paths,
    },
    ProcedureInfo {
        name: "algo.paths",
        signature: "algo.paths(a :: NODE | STRING, b :: NODE | STRING, options = {} :: MAP) :: (path :: PATH)",
        description: "Every path from a to b that visits no institution twice, up to maxHops relationships (default 4), shortest first. Options: maxHops, relTypes, direction.",
        outputs: &["path"],
        writes: false,
        arity: 2..=3,
        run: algo_paths,
    },
    ProcedureInfo {
        name: "algo.neighborhood",
        signature: "algo.neighborhood(a :: NODE | STRING, options = {} :: MAP) :: (node :: NODE, distance :: INTEGER)",
        description: "The institutions within hops relationships of a (default 1), a itself at distance 0, nearest first. Options: hops, relTypes, direction.",
        outputs: &["node", "distance"],
        writes: false,
        arity: 1..=2,
        run: algo_neighborhood,
    },
    ProcedureInfo {
        name: "algo.commonPartners",
        signature: "algo.commonPartners(a :: NODE | STRING, b :: NODE | STRING, options = {} :: MAP) :: (node :: NODE)",
        description: "Institutions directly connected to both a and b (any type and direction unless relTypes or direction say otherwise).",
        outputs: &["node"],
        writes: false,
        arity: 2..=3,
        run: algo_common_partners,
    },
    ProcedureInfo {
        name: "algo.components",
        signature: "algo.components(options = {} :: MAP) :: (node :: NODE, component :: INTEGER)",
        description: "Weakly connected components: each node with the smallest node id of its component. Options: relTypes.",
        outputs: &["node", "component"],
        writes: false,
        arity: 0..=1,
        run: algo_components,
    },
    ProcedureInfo {
        name: "algo.scc",
        signature: "algo.scc(options = {} :: MAP) :: (node :: NODE, component :: INTEGER)",
        description: "Strongly connected components (following relationship direction): each node with the smallest node id of its component. Options: relTypes.",
        outputs: &["node", "component"],
        writes: false,
        arity: 0..=1,
        run: algo_scc,
    },
    ProcedureInfo {
        name: "algo.degree",
        signature: "algo.degree(options = {} :: MAP) :: (node :: NODE, degree :: INTEGER)",
        description: "Each node's number of relationships. Options: direction (default 'BOTH'), relTypes.",
        outputs: &["node", "degree"],
        writes: false,
        arity: 0..=1,
        run: algo_degree,
    },
    ProcedureInfo {
        name: "algo.pageRank",
        signature: "algo.pageRank(options = {} :: MAP) :: (node :: NODE, score :: FLOAT)",
        description: "PageRank as networkx computes it (scores sum to 1; parallel relationships count each). Options: iterations (most, default 100), damping (0.85), tolerance (1e-6), relTypes.",
        outputs: &["node", "score"],
        writes: false,
        arity: 0..=1,
        run: algo_page_rank,
    },
    ProcedureInfo {
        name: "algo.betweenness",
        signature: "algo.betweenness(options = {} :: MAP) :: (node :: NODE, score :: FLOAT)",
        description: "Betweenness centrality on the undirected view, normalized like networkx by default. Options: normalized, relTypes.",
        outputs: &["node", "score"],
        writes: false,
        arity: 0..=1,
        run: algo_betweenness,
    },
];

/// Names of every procedure, for completion.
pub fn procedure_names() -> impl Iterator<Item = &'static str> {
    PROCEDURES.iter().map(|p| p.name)
}

fn strings(items: impl IntoIterator<Item = impl Into<String>>) -> Rows {
    items
        .into_iter()
        .map(|s| vec![Value::String(s.into())])
        .collect()
}

fn functions(_: &Executor<'_>, _: &[Value]) -> Result<Rows, QueryError> {
    let catalogue = crate::query::catalog::Function::catalogue();
    Ok(catalogue
        .into_iter()
        .map(|(name, category)| {
            let aggregating = category == "aggregating";
            vec![
                Value::String(name),
                Value::from(category),
                Value::Bool(aggregating),
            ]
        })
        .collect())
}

fn indexes(exec: &Executor<'_>, _: &[Value]) -> Result<Rows, QueryError> {
    Ok(exec.index_rows())
}

fn labels(exec: &Executor<'_>, _: &[Value]) -> Result<Rows, QueryError> {
    Ok(strings(exec.graph.labels()))
}

fn relationship_types(exec: &Executor<'_>, _: &[Value]) -> Result<Rows, QueryError> {
    Ok(strings(exec.graph.relationship_types()))
}

fn property_keys(exec: &Executor<'_>, _: &[Value]) -> Result<Rows, QueryError> {
    Ok(strings(exec.graph.property_keys()))
}

fn string_list(items: impl IntoIterator<Item = String>) -> Value {
    Value::List(items.into_iter().map(Value::String).collect())
}

fn schema(exec: &Executor<'_>, _: &[Value]) -> Result<Rows, QueryError> {
    let graph = &exec.graph;
    let kind = |n| {
        graph
            .node(n)
            .and_then(|n| n.first_label().map(str::to_owned))
            .unwrap_or_default()
    };
    // What each label connects to, seen from its side: `-FUNDED->Hospital`, `<-PART_OF-Agency`.
    let mut label_connects: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut type_rows = Vec::new();
    for rel_type in graph.relationship_types() {
        let mut keys = BTreeSet::new();
        let mut connects = BTreeSet::new();
        for rel in graph.relationships_with_type(rel_type) {
            exec.guard.tick()?;
            keys.extend(rel.property_keys().into_iter().map(str::to_owned));
            let (start, end) = (kind(rel.start()), kind(rel.end()));
            for (node, seen) in [
                (rel.start(), format!("-{rel_type}->{end}")),
                (rel.end(), format!("<-{rel_type}-{start}")),
            ] {
                for label in graph.node(node).into_iter().flat_map(|n| n.labels()) {
                    label_connects
                        .entry(label.to_owned())
                        .or_default()
                        .insert(seen.clone());
                }
            }
            connects.insert(format!("{start}->{end}"));
        }
        type_rows.push(vec![
            Value::from("relationship"),
            Value::from(rel_type),
            Value::Int(graph.type_count(rel_type) as i64),
            string_list(keys),
            string_list(connects),
        ]);
    }
    let mut rows = Vec::new();
    for label in graph.labels() {
        let mut keys = BTreeSet::new();
        for id in graph.nodes_with_label(label) {
            exec.guard.tick()?;
            if let Some(node) = graph.node(id) {
                keys.extend(node.property_keys().into_iter().map(str::to_owned));
            }
        }
        rows.push(vec![
            Value::from("node"),
            Value::from(label),
            Value::Int(graph.label_count(label) as i64),
            string_list(keys),
            string_list(label_connects.remove(label).unwrap_or_default()),
        ]);
    }
    rows.extend(type_rows);
    Ok(rows)
}

/// How well a normalized name matches normalized search text, if at all.
fn match_score(name: &str, text: &str) -> Option<f64> {
    if name == text {
        Some(1.0)
    } else if name.starts_with(text) {
        Some(0.8)
    } else if name.contains(text) {
        Some(0.6)
    } else if text.split(' ').all(|word| name.contains(word)) {
        Some(0.4)
    } else {
        None
    }
}

fn search(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    let text = match args.first() {
        Some(Value::String(s)) => normalize_name(s),
        Some(Value::Null) => return Ok(Vec::new()),
        other => {
            return Err(QueryError::runtime(
                ErrorKind::ProcedureError,
                "InvalidArgumentType",
                format!(
                    "db.search takes a string, not {}",
                    other.map_or("nothing", Value::type_name)
                ),
            ))
        }
    };
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let mut best: BTreeMap<u64, f64> = BTreeMap::new();
    for (name, ids) in exec.graph.name_entries() {
        exec.guard.tick()?;
        if let Some(score) = match_score(name, &text) {
            for &id in ids {
                let entry = best.entry(id).or_insert(score);
                *entry = entry.max(score);
            }
        }
    }
    let mut hits: Vec<(f64, String, u64)> = best
        .into_iter()
        .map(|(id, score)| {
            let name = exec
                .graph
                .node(id)
                .and_then(|n| n.property("name"))
                .and_then(|name| match name {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .unwrap_or_default();
            (score, name, id)
        })
        .collect();
    hits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(hits
        .into_iter()
        .map(|(score, name, id)| vec![Value::Node(id), Value::String(name), Value::Float(score)])
        .collect())
}

/// The fact a `db.provenance` argument stands for; `None` for null.
fn fact_of(exec: &Executor<'_>, value: &Value) -> Result<Option<Fact>, QueryError> {
    let missing = |what: String| {
        QueryError::runtime(
            ErrorKind::ProcedureError,
            "EntityNotFound",
            format!("db.provenance: there is no {what}"),
        )
    };
    match value {
        Value::Relationship(id) => Ok(Some(Fact::Relationship(*id))),
        Value::Int(id) => {
            let id = u64::try_from(*id).map_err(|_| missing(format!("relationship {id}")))?;
            match exec.graph.relationship(id) {
                Some(_) => Ok(Some(Fact::Relationship(id))),
                None => Err(missing(format!(
                    "relationship {id} (an integer names a relationship; pass a node itself or its name)"
                ))),
            }
        }
        Value::Null | Value::Node(_) | Value::String(_) => {
            Ok(super::algo_args::resolve_node(&exec.graph, "db.provenance", value)?.map(Fact::Node))
        }
        other => Err(QueryError::runtime(
            ErrorKind::ProcedureError,
            "InvalidArgumentType",
            format!(
                "db.provenance takes a node, a relationship, a relationship id or an institution's name, not {}",
                other.type_name()
            ),
        )),
    }
}

fn provenance(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    let Some(fact) = fact_of(exec, args.first().unwrap_or(&Value::Null))? else {
        return Ok(Vec::new());
    };
    let Some(properties) = fact.properties(&exec.graph) else {
        return Ok(Vec::new());
    };
    let optional = |text: Option<&String>| text.map_or(Value::Null, |t| Value::from(t.as_str()));
    Ok(Catalogue::of(&exec.graph)
        .cite(&properties)
        .into_iter()
        .map(|citation| {
            let entry = citation.entry.unwrap_or_default();
            vec![
                Value::from(citation.key.as_str()),
                optional(entry.title.as_ref()),
                optional(entry.title_en.as_ref()),
                optional(entry.publisher.as_ref()),
                optional(entry.published.as_ref()),
                optional(entry.url.as_ref()),
                optional(citation.evidence.as_ref()),
            ]
        })
        .collect())
}

fn procedures(exec: &Executor<'_>, _: &[Value]) -> Result<Rows, QueryError> {
    let builtin = PROCEDURES.iter().map(|p| {
        vec![
            Value::from(p.name),
            Value::from(p.signature),
            Value::from(p.description),
        ]
    });
    let defined = exec.defined.iter().map(|t| {
        vec![
            Value::from(t.signature.name.as_str()),
            Value::from(describe_signature(&t.signature)),
            Value::from("Defined by a table on this database."),
        ]
    });
    Ok(builtin.chain(defined).collect())
}

// ---- algo.*: adapters over crate::algo, ticking the guard in every loop ------------------

fn algo_shortest_path(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::shortest_path(&exec.graph, args, &|| exec.guard.algo_tick())
}

fn algo_all_shortest_paths(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::all_shortest_paths(&exec.graph, args, &|| exec.guard.algo_tick())
}

fn algo_paths(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::paths(&exec.graph, args, &|| exec.guard.algo_tick())
}

fn algo_neighborhood(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::neighborhood(&exec.graph, args, &|| exec.guard.algo_tick())
}

fn algo_common_partners(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::common_partners(&exec.graph, args, &|| exec.guard.algo_tick())
}

fn algo_components(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::components(&exec.graph, args, &|| exec.guard.algo_tick())
}

fn algo_scc(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::scc(&exec.graph, args, &|| exec.guard.algo_tick())
}

fn algo_degree(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::degree(&exec.graph, args, &|| exec.guard.algo_tick())
}

fn algo_page_rank(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::page_rank(&exec.graph, args, &|| exec.guard.algo_tick())
}

fn algo_betweenness(exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
    super::algo_args::betweenness(&exec.graph, args, &|| exec.guard.algo_tick())
}

/// The argument names of a signature: `db.search(text :: STRING) :: (…)` gives `text`.
fn parameter_names(signature: &str) -> impl Iterator<Item = &str> {
    let inside = signature
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map_or("", |(args, _)| args);
    inside
        .split(',')
        .filter_map(|arg| arg.split([' ', '=', ':']).find(|word| !word.is_empty()))
}

pub(crate) fn find(name: &str) -> Option<&'static ProcedureInfo> {
    PROCEDURES
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
}

/// A procedure a CALL can name: one of kizuna's, or one defined by a table on the open
/// database.
#[derive(Clone, Copy)]
pub(crate) enum Procedure<'a> {
    Builtin(&'static ProcedureInfo),
    Table(&'a TableProcedure),
}

impl Procedure<'_> {
    fn name(&self) -> &str {
        match self {
            Procedure::Builtin(p) => p.name,
            Procedure::Table(t) => &t.signature.name,
        }
    }

    fn outputs(&self) -> Vec<&str> {
        match self {
            Procedure::Builtin(p) => p.outputs.to_vec(),
            Procedure::Table(t) => t
                .signature
                .outputs
                .iter()
                .map(|f| f.name.as_str())
                .collect(),
        }
    }

    fn input_names(&self) -> Vec<&str> {
        match self {
            Procedure::Builtin(p) => parameter_names(p.signature).collect(),
            Procedure::Table(t) => t.signature.inputs.iter().map(|f| f.name.as_str()).collect(),
        }
    }

    fn input_type(&self, index: usize) -> FieldType {
        match self {
            Procedure::Builtin(_) => FieldType::Any,
            Procedure::Table(t) => t
                .signature
                .inputs
                .get(index)
                .map_or(FieldType::Any, |f| f.ty),
        }
    }

    fn arity(&self) -> std::ops::RangeInclusive<usize> {
        match self {
            Procedure::Builtin(p) => p.arity.clone(),
            Procedure::Table(t) => t.signature.inputs.len()..=t.signature.inputs.len(),
        }
    }

    fn signature(&self) -> String {
        match self {
            Procedure::Builtin(p) => p.signature.to_owned(),
            Procedure::Table(t) => describe_signature(&t.signature),
        }
    }

    fn run(&self, exec: &Executor<'_>, args: &[Value]) -> Result<Rows, QueryError> {
        match self {
            Procedure::Builtin(p) => (p.run)(exec, args),
            Procedure::Table(t) => Ok(t.answer(args)),
        }
    }
}

fn describe_signature(signature: &Signature) -> String {
    let fields = |fields: &[crate::query::procedure::Field]| {
        fields
            .iter()
            .map(|f| format!("{} :: {}", f.name, f.ty))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{}({}) :: ({})",
        signature.name,
        fields(&signature.inputs),
        fields(&signature.outputs)
    )
}

impl<'a> Executor<'a> {
    /// The procedure `name` names, kizuna's own first.
    fn procedure(&self, name: &str) -> Option<Procedure<'a>> {
        find(name).map(Procedure::Builtin).or_else(|| {
            self.defined
                .iter()
                .find(|t| t.signature.name.eq_ignore_ascii_case(name))
                .map(Procedure::Table)
        })
    }

    /// Checks every CALL of the statement against the procedure it names before anything
    /// runs: that it exists, how its arguments are passed, their number and, for
    /// literals, their types.
    pub(crate) fn check_calls(&self, statement: &Statement) -> Result<(), QueryError> {
        let queries =
            std::iter::once(&statement.first).chain(statement.unions.iter().map(|(_, q)| q));
        for query in queries {
            let standalone = query.clauses.len() == 1;
            for clause in &query.clauses {
                if let Clause::Call(call) = clause {
                    self.check_call(call, standalone)
                        .map_err(|e| e.at_offset(self.source, call.span.start))?;
                }
            }
        }
        Ok(())
    }

    fn check_call(&self, call: &Call, standalone: bool) -> Result<(), QueryError> {
        let Some(procedure) = self.procedure(&call.procedure) else {
            return Err(QueryError::new(
                ErrorKind::ProcedureError,
                Phase::Compile,
                "ProcedureNotFound",
                format!(
                    "there is no procedure `{}`; CALL db.procedures() lists them",
                    call.procedure
                ),
            ));
        };
        let arity = procedure.arity();
        let Some(args) = &call.args else {
            if !standalone && *arity.start() > 0 {
                return Err(QueryError::semantic(
                    "InvalidArgumentPassingMode",
                    format!(
                        "inside a query, {} takes its arguments in parentheses: {}",
                        procedure.name(),
                        procedure.signature()
                    ),
                ));
            }
            let names = procedure.input_names();
            if let Some(missing) = names[..*arity.start()]
                .iter()
                .find(|name| !self.params.contains_key(**name))
            {
                return Err(QueryError::new(
                    ErrorKind::ParameterMissing,
                    Phase::Compile,
                    "MissingParameter",
                    format!(
                        "CALL {} without parentheses takes its arguments from parameters, \
                         and ${missing} is not given",
                        procedure.name()
                    ),
                ));
            }
            return Ok(());
        };
        if !arity.contains(&args.len()) {
            return Err(QueryError::semantic(
                "InvalidNumberOfArguments",
                format!(
                    "{} takes {}, not {} argument(s)",
                    procedure.name(),
                    procedure.signature(),
                    args.len()
                ),
            ));
        }
        for (i, arg) in args.iter().enumerate() {
            let Some(value) = literal_value(arg) else {
                continue;
            };
            let ty = procedure.input_type(i);
            if ty.admit(value).is_none() {
                return Err(QueryError::semantic(
                    "InvalidArgumentType",
                    format!("argument {} of {} must be {ty}", i + 1, procedure.name()),
                )
                .at_offset(self.source, arg.span.start));
            }
        }
        if !standalone && call.yields.is_none() && !call.yield_all {
            let outputs = procedure.outputs();
            if !outputs.is_empty() {
                return Err(QueryError::semantic(
                    "MissingYield",
                    format!(
                        "CALL {} inside a query needs YIELD (it yields {})",
                        procedure.name(),
                        outputs.join(", ")
                    ),
                ));
            }
        }
        if call.yield_all && !standalone {
            return Err(QueryError::semantic(
                "UnexpectedSyntax",
                format!(
                    "YIELD * is only allowed when CALL {} stands alone; name the outputs",
                    procedure.name()
                ),
            ));
        }
        Ok(())
    }

    pub(crate) fn call(
        &mut self,
        table: Table,
        call: &Call,
        standalone: bool,
    ) -> Result<Table, QueryError> {
        let at = |e: QueryError| e.at_offset(self.source, call.span.start);
        let Some(procedure) = self.procedure(&call.procedure) else {
            return Err(at(QueryError::new(
                ErrorKind::ProcedureError,
                Phase::Compile,
                "ProcedureNotFound",
                format!("there is no procedure `{}`", call.procedure),
            )));
        };
        let all_outputs = procedure.outputs();
        let outputs: Vec<(usize, String)> = match &call.yields {
            Some(items) => {
                let mut chosen = Vec::new();
                for item in items {
                    let Some(column) = all_outputs.iter().position(|o| *o == item.field) else {
                        return Err(at(QueryError::semantic(
                            "UndefinedVariable",
                            format!(
                                "{} yields no `{}`; it yields {}",
                                procedure.name(),
                                item.field,
                                all_outputs.join(", ")
                            ),
                        )));
                    };
                    let name = item.alias.as_ref().map_or(&item.field, |a| &a.name);
                    chosen.push((column, name.clone()));
                }
                chosen
            }
            None => all_outputs
                .iter()
                .enumerate()
                .map(|(i, o)| (i, o.to_string()))
                .collect(),
        };
        let mut scope = table.scope.clone();
        let slots: Vec<(usize, usize)> = outputs
            .iter()
            .map(|(col, name)| (*col, scope.add(name)))
            .collect();
        let mut rows = Vec::new();
        for row in &table.rows {
            let bindings = RowBindings {
                scope: &table.scope,
                row,
            };
            let args = self.procedure_args(call, procedure, &bindings)?;
            let results = procedure.run(self, &args).map_err(at)?;
            if all_outputs.is_empty() {
                // A procedure that yields nothing leaves each row as it was.
                rows.push(row.clone());
                continue;
            }
            for result in results {
                let mut next = row.clone();
                next.resize(scope.len(), Value::Null);
                for &(column, slot) in &slots {
                    next[slot] = result.get(column).cloned().unwrap_or(Value::Null);
                }
                if let Some(predicate) = &call.where_clause {
                    if !self.holds(
                        predicate,
                        &RowBindings {
                            scope: &scope,
                            row: &next,
                        },
                    )? {
                        continue;
                    }
                }
                rows.push(next);
            }
        }
        if standalone {
            // A standalone CALL returns exactly the yielded columns.
            let mut only = Scope::default();
            for (_, name) in &outputs {
                only.add(name);
            }
            let rows = if all_outputs.is_empty() {
                Vec::new()
            } else {
                rows.into_iter()
                    .map(|r| slots.iter().map(|&(_, slot)| r[slot].clone()).collect())
                    .collect()
            };
            return Ok(Table { scope: only, rows });
        }
        Ok(Table { scope, rows })
    }

    fn procedure_args(
        &self,
        call: &Call,
        procedure: Procedure<'_>,
        bindings: &RowBindings<'_>,
    ) -> Result<Vec<Value>, QueryError> {
        let args: Vec<Value> = match &call.args {
            Some(exprs) => exprs
                .iter()
                .map(|e| self.eval(e, bindings))
                .collect::<Result<_, _>>()?,
            // Without parentheses, arguments come from the parameters named as the
            // procedure's arguments are, up to the first one not given.
            None => procedure
                .input_names()
                .into_iter()
                .map_while(|name| self.params.get(name).cloned())
                .collect(),
        };
        args.into_iter()
            .enumerate()
            .map(|(i, value)| {
                let ty = procedure.input_type(i);
                ty.admit(value).ok_or_else(|| {
                    QueryError::runtime(
                        ErrorKind::TypeError,
                        "InvalidArgumentType",
                        format!("argument {} of {} must be {ty}", i + 1, procedure.name()),
                    )
                    .at_offset(self.source, call.span.start)
                })
            })
            .collect()
    }
}

/// The value of a literal argument (a constant written in the query), which can be
/// checked against the procedure's types before anything runs.
fn literal_value(expr: &Expr) -> Option<Value> {
    match &expr.kind {
        ExprKind::Literal(literal) => Some(literal.value()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_names_come_from_the_signature() {
        let names = |s| parameter_names(s).collect::<Vec<_>>();
        assert_eq!(
            names("db.search(text :: STRING) :: (node :: NODE)"),
            vec!["text"]
        );
        assert_eq!(
            names("db.labels() :: (label :: STRING)"),
            Vec::<&str>::new()
        );
        assert_eq!(
            names("algo.paths(a :: NODE | STRING, b :: NODE | STRING, options = {} :: MAP) :: (path :: PATH)"),
            vec!["a", "b", "options"]
        );
    }
}
