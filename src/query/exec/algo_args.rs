//! The `algo.*` procedures' side of a `CALL`: turning arguments into typed options (nodes
//! or names resolved through the name index, option maps checked key by key) and results
//! into rows in the order of each procedure's YIELD columns.

use std::collections::BTreeMap;

use crate::algo::{self as algorithms, AlgoError, Check, PageRankOptions, PathOptions, Traversal};
use crate::graph::{normalize_name, Direction, Graph};
use crate::query::{ErrorKind, QueryError};
use crate::value::{NodeId, Value};

/// Result rows, one value per YIELD column.
pub type Rows = Vec<Vec<Value>>;

/// A procedure error of an `algo.*` call (a bad argument, a failed algorithm).
fn error(code: &'static str, message: impl Into<String>) -> QueryError {
    QueryError::runtime(ErrorKind::ProcedureError, code, message)
}

impl From<AlgoError> for QueryError {
    fn from(e: AlgoError) -> QueryError {
        match e {
            AlgoError::Failed { code, message } => error(code, message),
            // The executor's own check stopped the algorithm: its error, as it was.
            AlgoError::Stopped(reason) => match reason.downcast::<QueryError>() {
                Ok(own) => *own,
                Err(other) => {
                    QueryError::runtime(ErrorKind::Database, "Stopped", other.to_string())
                }
            },
        }
    }
}

fn type_error(message: String) -> QueryError {
    error("InvalidArgumentType", message)
}

fn value_error(message: String) -> QueryError {
    error("InvalidArgumentValue", message)
}

/// The node an argument stands for: a node, or a name (an exact `name` first, then the
/// normalized index over names, translated names and aliases). `None` for null, which
/// makes a procedure yield nothing, as null arguments do in Cypher.
pub fn resolve_node(
    graph: &Graph,
    procedure: &str,
    value: &Value,
) -> Result<Option<NodeId>, QueryError> {
    match value {
        Value::Null => Ok(None),
        Value::Node(id) => match graph.node(*id) {
            Some(_) => Ok(Some(*id)),
            None => Err(error(
                "NodeNotFound",
                format!("{procedure} was given node {id}, which no longer exists"),
            )),
        },
        Value::String(name) => resolve_name(graph, procedure, name).map(Some),
        other => Err(type_error(format!(
            "{procedure} takes a node or an institution's name, not {}",
            other.type_name()
        ))),
    }
}

fn display_name(graph: &Graph, id: NodeId) -> String {
    let node = graph.node(id);
    let name = node.and_then(|n| n.property("name"));
    let name = name.as_ref().and_then(Value::as_str).unwrap_or("unnamed");
    match node.and_then(|n| n.first_label()) {
        Some(kind) => format!("{name} ({kind}, id {id})"),
        None => format!("{name} (id {id})"),
    }
}

fn resolve_name(graph: &Graph, procedure: &str, name: &str) -> Result<NodeId, QueryError> {
    let candidates: Vec<NodeId> = graph.nodes_named(&normalize_name(name)).collect();
    let exact: Vec<NodeId> = candidates
        .iter()
        .copied()
        .filter(|&id| {
            graph
                .node(id)
                .and_then(|n| n.property("name"))
                .is_some_and(|n| n.as_str() == Some(name))
        })
        .collect();
    let matches = if exact.is_empty() { candidates } else { exact };
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(error(
            "NodeNotFound",
            format!(
                "{procedure}: no institution is named '{name}'; CALL db.search('{name}') finds similar names"
            ),
        )),
        many => {
            const SHOWN: usize = 5;
            let listed: Vec<String> = many
                .iter()
                .take(SHOWN)
                .map(|&id| display_name(graph, id))
                .collect();
            let more = match many.len().saturating_sub(SHOWN) {
                0 => String::new(),
                rest => format!(" and {rest} more"),
            };
            Err(error(
                "AmbiguousName",
                format!(
                    "{procedure}: '{name}' names {} institutions: {}{more}; pass the node itself (MATCH it first) or a more specific name",
                    many.len(),
                    listed.join(", ")
                ),
            ))
        }
    }
}

/// An options map, checked against the keys a procedure knows.
struct Options<'a> {
    procedure: &'static str,
    map: Option<&'a BTreeMap<String, Value>>,
}

impl<'a> Options<'a> {
    fn new(
        procedure: &'static str,
        value: Option<&'a Value>,
        known: &[&str],
    ) -> Result<Options<'a>, QueryError> {
        let map = match value {
            None | Some(Value::Null) => None,
            Some(Value::Map(map)) => Some(map),
            Some(other) => {
                return Err(type_error(format!(
                    "the options of {procedure} are a map such as {{{}: …}}, not {}",
                    known.first().copied().unwrap_or("key"),
                    other.type_name()
                )))
            }
        };
        if let Some(map) = map {
            if let Some(key) = map.keys().find(|k| !known.contains(&k.as_str())) {
                return Err(value_error(format!(
                    "{procedure} has no option `{key}`; its options are {}",
                    known.join(", ")
                )));
            }
        }
        Ok(Options { procedure, map })
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(key)).filter(|v| !v.is_null())
    }

    fn wrong(&self, key: &str, wanted: &str, got: &Value) -> QueryError {
        type_error(format!(
            "option `{key}` of {} takes {wanted}, not {}",
            self.procedure,
            got.type_name()
        ))
    }

    fn rel_types(&self) -> Result<Option<Vec<String>>, QueryError> {
        match self.get("relTypes") {
            None => Ok(None),
            Some(Value::String(t)) => Ok(Some(vec![t.clone()])),
            Some(Value::List(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(t) => Ok(t.clone()),
                    other => Err(self.wrong("relTypes", "a list of type names", other)),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(other) => Err(self.wrong("relTypes", "a list of type names", other)),
        }
    }

    fn direction(&self) -> Result<Direction, QueryError> {
        match self.get("direction") {
            None => Ok(Direction::Both),
            Some(Value::String(d)) => match d.to_ascii_uppercase().as_str() {
                "OUTGOING" | "OUT" => Ok(Direction::Outgoing),
                "INCOMING" | "IN" => Ok(Direction::Incoming),
                "BOTH" => Ok(Direction::Both),
                _ => Err(value_error(format!(
                    "option `direction` of {} is 'OUTGOING', 'INCOMING' or 'BOTH', not '{d}'",
                    self.procedure
                ))),
            },
            Some(other) => Err(self.wrong("direction", "a string", other)),
        }
    }

    fn traversal(&self) -> Result<Traversal, QueryError> {
        Ok(Traversal {
            rel_types: self.rel_types()?,
            direction: self.direction()?,
        })
    }

    fn count(&self, key: &str, default: usize) -> Result<usize, QueryError> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Int(i)) => usize::try_from(*i).map_err(|_| {
                value_error(format!(
                    "option `{key}` of {} is a count, zero or more, not {i}",
                    self.procedure
                ))
            }),
            Some(other) => Err(self.wrong(key, "an integer", other)),
        }
    }

    fn number(&self, key: &str) -> Result<Option<f64>, QueryError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Int(i)) => Ok(Some(*i as f64)),
            Some(Value::Float(f)) => Ok(Some(*f)),
            Some(other) => Err(self.wrong(key, "a number", other)),
        }
    }

    fn flag(&self, key: &str, default: bool) -> Result<bool, QueryError> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(self.wrong(key, "a boolean", other)),
        }
    }

    fn text(&self, key: &str) -> Result<Option<String>, QueryError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.wrong(key, "a string", other)),
        }
    }
}

/// The two endpoints of a path procedure, or `None` when either is null.
fn endpoints(
    graph: &Graph,
    procedure: &str,
    args: &[Value],
) -> Result<Option<(NodeId, NodeId)>, QueryError> {
    let a = resolve_node(graph, procedure, args.first().unwrap_or(&Value::Null))?;
    let b = resolve_node(graph, procedure, args.get(1).unwrap_or(&Value::Null))?;
    Ok(a.zip(b))
}

fn path_options(procedure: &'static str, value: Option<&Value>) -> Result<PathOptions, QueryError> {
    let options = Options::new(
        procedure,
        value,
        &["relTypes", "direction", "weight", "defaultWeight"],
    )?;
    let default_weight = options.number("defaultWeight")?;
    if let Some(w) = default_weight {
        if w.is_nan() || w < 0.0 {
            return Err(value_error(format!(
                "option `defaultWeight` of {procedure} is a weight, zero or more, not {w}"
            )));
        }
    }
    Ok(PathOptions {
        traversal: options.traversal()?,
        weight: options.text("weight")?,
        default_weight,
    })
}

fn path_row(found: algorithms::FoundPath) -> Vec<Value> {
    let length = found.length() as i64;
    vec![
        Value::Path(Box::new(found.path)),
        Value::Int(length),
        Value::Float(found.cost),
    ]
}

/// `algo.shortestPath(a, b, {relTypes, direction, weight, defaultWeight})`
/// yields `path, length, cost`.
pub fn shortest_path(graph: &Graph, args: &[Value], check: Check<'_>) -> Result<Rows, QueryError> {
    const NAME: &str = "algo.shortestPath";
    let options = path_options(NAME, args.get(2))?;
    let Some((a, b)) = endpoints(graph, NAME, args)? else {
        return Ok(Vec::new());
    };
    Ok(algorithms::shortest_path(graph, a, b, &options, check)?
        .into_iter()
        .map(path_row)
        .collect())
}

/// `algo.allShortestPaths(a, b, {…})` yields `path, length, cost`, one row per path.
pub fn all_shortest_paths(
    graph: &Graph,
    args: &[Value],
    check: Check<'_>,
) -> Result<Rows, QueryError> {
    const NAME: &str = "algo.allShortestPaths";
    let options = path_options(NAME, args.get(2))?;
    let Some((a, b)) = endpoints(graph, NAME, args)? else {
        return Ok(Vec::new());
    };
    Ok(
        algorithms::all_shortest_paths(graph, a, b, &options, check)?
            .into_iter()
            .map(path_row)
            .collect(),
    )
}

/// `algo.paths(a, b, {maxHops, relTypes, direction})` yields `path`.
pub fn paths(graph: &Graph, args: &[Value], check: Check<'_>) -> Result<Rows, QueryError> {
    const NAME: &str = "algo.paths";
    let options = Options::new(NAME, args.get(2), &["maxHops", "relTypes", "direction"])?;
    let max_hops = options.count("maxHops", 4)?;
    let traversal = options.traversal()?;
    let Some((a, b)) = endpoints(graph, NAME, args)? else {
        return Ok(Vec::new());
    };
    Ok(
        algorithms::simple_paths(graph, a, b, max_hops, &traversal, check)?
            .into_iter()
            .map(|p| vec![Value::Path(Box::new(p))])
            .collect(),
    )
}

/// `algo.neighborhood(a, {hops, relTypes, direction})` yields `node, distance`.
pub fn neighborhood(graph: &Graph, args: &[Value], check: Check<'_>) -> Result<Rows, QueryError> {
    const NAME: &str = "algo.neighborhood";
    let options = Options::new(NAME, args.get(1), &["hops", "relTypes", "direction"])?;
    let hops = options.count("hops", 1)?;
    let traversal = options.traversal()?;
    let Some(a) = resolve_node(graph, NAME, args.first().unwrap_or(&Value::Null))? else {
        return Ok(Vec::new());
    };
    Ok(algorithms::neighborhood(graph, a, hops, &traversal, check)?
        .into_iter()
        .map(|(id, d)| vec![Value::Node(id), Value::Int(d as i64)])
        .collect())
}

/// `algo.commonPartners(a, b, {relTypes, direction})` yields `node`.
pub fn common_partners(
    graph: &Graph,
    args: &[Value],
    check: Check<'_>,
) -> Result<Rows, QueryError> {
    const NAME: &str = "algo.commonPartners";
    let options = Options::new(NAME, args.get(2), &["relTypes", "direction"])?;
    let traversal = options.traversal()?;
    let Some((a, b)) = endpoints(graph, NAME, args)? else {
        return Ok(Vec::new());
    };
    Ok(algorithms::common_partners(graph, a, b, &traversal, check)?
        .into_iter()
        .map(|id| vec![Value::Node(id)])
        .collect())
}

fn component_rows(pairs: Vec<(NodeId, NodeId)>) -> Rows {
    pairs
        .into_iter()
        .map(|(id, c)| vec![Value::Node(id), Value::Int(c as i64)])
        .collect()
}

/// `algo.components({relTypes})` yields `node, component`.
pub fn components(graph: &Graph, args: &[Value], check: Check<'_>) -> Result<Rows, QueryError> {
    let options = Options::new("algo.components", args.first(), &["relTypes"])?;
    let pairs = algorithms::weakly_connected_components(graph, options.rel_types()?, check)?;
    Ok(component_rows(pairs))
}

/// `algo.scc({relTypes})` yields `node, component`.
pub fn scc(graph: &Graph, args: &[Value], check: Check<'_>) -> Result<Rows, QueryError> {
    let options = Options::new("algo.scc", args.first(), &["relTypes"])?;
    let pairs = algorithms::strongly_connected_components(graph, options.rel_types()?, check)?;
    Ok(component_rows(pairs))
}

/// `algo.degree({direction, relTypes})` yields `node, degree`.
pub fn degree(graph: &Graph, args: &[Value], check: Check<'_>) -> Result<Rows, QueryError> {
    let options = Options::new("algo.degree", args.first(), &["direction", "relTypes"])?;
    Ok(algorithms::degrees(graph, &options.traversal()?, check)?
        .into_iter()
        .map(|(id, d)| vec![Value::Node(id), Value::Int(d as i64)])
        .collect())
}

fn score_rows(pairs: Vec<(NodeId, f64)>) -> Rows {
    pairs
        .into_iter()
        .map(|(id, s)| vec![Value::Node(id), Value::Float(s)])
        .collect()
}

/// `algo.pageRank({iterations, damping, tolerance, relTypes})` yields `node, score`.
pub fn page_rank(graph: &Graph, args: &[Value], check: Check<'_>) -> Result<Rows, QueryError> {
    const NAME: &str = "algo.pageRank";
    let options = Options::new(
        NAME,
        args.first(),
        &["iterations", "damping", "tolerance", "relTypes"],
    )?;
    let defaults = PageRankOptions::default();
    let damping = options.number("damping")?.unwrap_or(defaults.damping);
    if !(0.0..=1.0).contains(&damping) {
        return Err(value_error(format!(
            "option `damping` of {NAME} is between 0 and 1, not {damping}"
        )));
    }
    let tolerance = options.number("tolerance")?.unwrap_or(defaults.tolerance);
    if tolerance.is_nan() || tolerance <= 0.0 {
        return Err(value_error(format!(
            "option `tolerance` of {NAME} is a positive number, not {tolerance}"
        )));
    }
    let max_iterations = options.count("iterations", defaults.max_iterations)?;
    if max_iterations == 0 {
        return Err(value_error(format!(
            "option `iterations` of {NAME} is at least 1"
        )));
    }
    let settings = PageRankOptions {
        damping,
        max_iterations,
        tolerance,
        rel_types: options.rel_types()?,
    };
    Ok(score_rows(algorithms::page_rank(graph, &settings, check)?))
}

/// `algo.betweenness({normalized, relTypes})` yields `node, score`.
pub fn betweenness(graph: &Graph, args: &[Value], check: Check<'_>) -> Result<Rows, QueryError> {
    let options = Options::new(
        "algo.betweenness",
        args.first(),
        &["normalized", "relTypes"],
    )?;
    let normalized = options.flag("normalized", true)?;
    Ok(score_rows(algorithms::betweenness(
        graph,
        normalized,
        options.rel_types()?,
        check,
    )?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::no_check;
    use crate::algo::testing::graph;
    use crate::value::Properties;

    #[test]
    fn names_resolve_exactly_then_normalized() {
        let (mut g, n) = graph(2, &[]);
        let mut p = Properties::new();
        p.insert("name".into(), Value::from("N0"));
        let upper = g.create_node(vec!["University".into()], p);
        assert_eq!(
            resolve_node(&g, "t", &Value::from("n0")).unwrap(),
            Some(n[0])
        );
        assert_eq!(
            resolve_node(&g, "t", &Value::from("N0")).unwrap(),
            Some(upper)
        );
        let e = resolve_node(&g, "t", &Value::from(" n0 ")).unwrap_err();
        assert_eq!(e.code, "AmbiguousName");
        assert!(e.message.contains("2 institutions"), "{}", e.message);
        let e = resolve_node(&g, "t", &Value::from("nobody")).unwrap_err();
        assert_eq!(e.code, "NodeNotFound");
        assert_eq!(resolve_node(&g, "t", &Value::Null).unwrap(), None);
        assert_eq!(
            resolve_node(&g, "t", &Value::Int(1)).unwrap_err().code,
            "InvalidArgumentType"
        );
        assert_eq!(
            resolve_node(&g, "t", &Value::Node(999)).unwrap_err().code,
            "NodeNotFound"
        );
    }

    #[test]
    fn options_are_checked() {
        let (g, _) = graph(3, &[(0, 1, "T"), (1, 2, "T")]);
        let map = |pairs: &[(&str, Value)]| {
            Value::Map(
                pairs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            )
        };
        let e = page_rank(&g, &[map(&[("dampin", Value::Float(0.5))])], &no_check).unwrap_err();
        assert!(e.message.contains("no option `dampin`"), "{}", e.message);
        let e = page_rank(&g, &[map(&[("damping", Value::Float(1.5))])], &no_check).unwrap_err();
        assert_eq!(e.code, "InvalidArgumentValue");
        let e = degree(&g, &[map(&[("direction", Value::from("UP"))])], &no_check).unwrap_err();
        assert!(e.message.contains("'OUTGOING'"));
        let e = degree(&g, &[Value::Int(3)], &no_check).unwrap_err();
        assert_eq!(e.code, "InvalidArgumentType");
        let rows = shortest_path(
            &g,
            &[
                Value::from("n0"),
                Value::from("n2"),
                map(&[("relTypes", Value::from("T"))]),
            ],
            &no_check,
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][1], Value::Int(2));
        assert_eq!(rows[0][2], Value::Float(2.0));
        let rows = shortest_path(&g, &[Value::Null, Value::from("n2")], &no_check).unwrap();
        assert!(rows.is_empty());
        let e = paths(
            &g,
            &[
                Value::from("n0"),
                Value::from("n2"),
                map(&[("maxHops", Value::Int(-1))]),
            ],
            &no_check,
        )
        .unwrap_err();
        assert_eq!(e.code, "InvalidArgumentValue");
    }
}
