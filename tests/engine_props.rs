//! Random graphs and random queries: the rows the engine returns, through the planner's
//! choices and through the naive plan, must be the rows a brute-force reference evaluator
//! written here finds (`engine_props/reference.rs`), as multisets, or as sequences when
//! the query orders every column. Graphs have 10 to 60 nodes with a few labels, types and
//! small properties, self-loops, parallel relationships and sometimes property indexes;
//! queries are drawn from a structured model (`engine_props/query.rs`): MATCH patterns of
//! one to three parts and up to three hops each, labels, typed and untyped relationships
//! in every direction, property maps, variable-length hops, shared variables, WHERE
//! conditions, OPTIONAL MATCH, WITH, DISTINCT, aggregates, ORDER BY with SKIP and LIMIT.
//!
//! A failure prints the seed, the graph shrunk to what still fails (as a Cypher script)
//! and the query. `KIZUNA_PROPTEST_SEED=N` runs seed N alone; `KIZUNA_PROPTEST_GRAPHS=N`
//! runs N graphs per test instead of the default.

use std::fmt;

use kizuna::{Database, ExecOptions, Params, Value};

mod common;
#[path = "engine_props/graph.rs"]
mod graph;
#[path = "engine_props/query.rs"]
mod query;
#[path = "engine_props/reference.rs"]
mod reference;

use common::Rng;
use graph::{GraphSpec, StoredGraph};
use query::{Features, Query};

/// A value in a row, as the reference evaluator computes it and as engine rows are read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Val {
    Null,
    Int(i64),
    Str(String),
    Node(u64),
    Rel(u64),
    /// Anything the fragment never produces (kept for the failure message).
    Other(String),
}

impl Val {
    pub fn from_value(value: &Value) -> Val {
        match value {
            Value::Null => Val::Null,
            Value::Int(i) => Val::Int(*i),
            Value::String(s) => Val::Str(s.clone()),
            Value::Node(id) => Val::Node(*id),
            Value::Relationship(id) => Val::Rel(*id),
            other => Val::Other(format!("{other:?}")),
        }
    }
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Null => f.write_str("null"),
            Val::Int(i) => write!(f, "{i}"),
            Val::Str(s) => write!(f, "'{s}'"),
            Val::Node(id) => write!(f, "node {id}"),
            Val::Rel(id) => write!(f, "relationship {id}"),
            Val::Other(text) => f.write_str(text),
        }
    }
}

/// Queries drawn per graph.
const QUERIES_PER_GRAPH: usize = 12;

/// What one query on one graph came to.
enum Verdict {
    Agrees,
    /// The reference evaluator gave up: too many assignments for a test case.
    TooLarge,
    Differs(String),
}

/// Runs `query` through the reference and through both plans of the engine.
fn verdict(db: &mut Database, stored: &StoredGraph, query: &Query) -> Verdict {
    let Ok(mut want) = reference::evaluate(stored, query) else {
        return Verdict::TooLarge;
    };
    let ordered = !query.ret.order.is_empty();
    if !ordered {
        want.sort();
    }
    let cypher = query.to_string();
    for naive_plan in [false, true] {
        let options = ExecOptions {
            naive_plan,
            ..ExecOptions::default()
        };
        let mut got: Vec<Vec<Val>> = match db.execute_with(&cypher, &Params::new(), &options) {
            Ok(result) => result
                .rows
                .iter()
                .map(|row| row.iter().map(Val::from_value).collect())
                .collect(),
            Err(e) => return Verdict::Differs(format!("naive plan {naive_plan}: error: {e}")),
        };
        if !ordered {
            got.sort();
        }
        if got != want {
            return Verdict::Differs(format!(
                "naive plan {naive_plan}:\n  expected {}\n  got      {}",
                rows_text(&want),
                rows_text(&got)
            ));
        }
    }
    Verdict::Agrees
}

fn rows_text(rows: &[Vec<Val>]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|row| {
            let values: Vec<String> = row.iter().map(|v| v.to_string()).collect();
            format!("[{}]", values.join(", "))
        })
        .collect();
    format!("{} rows: {}", rows.len(), rows.join(" "))
}

fn differs(spec: &GraphSpec, query: &Query) -> Option<String> {
    let mut db = spec.build();
    let stored = StoredGraph::read(&db);
    match verdict(&mut db, &stored, query) {
        Verdict::Differs(text) => Some(text),
        Verdict::Agrees | Verdict::TooLarge => None,
    }
}

/// A graph without one of its index statements, relationships or nodes.
type Without = fn(&GraphSpec, usize) -> GraphSpec;

/// The smallest graph found by dropping index statements, relationships and nodes one at
/// a time while the query still gives different rows; with the last difference.
fn shrink(spec: &GraphSpec, query: &Query, difference: String) -> (GraphSpec, String) {
    let (mut spec, mut difference) = (spec.clone(), difference);
    let reductions: [Without; 3] = [
        GraphSpec::without_index,
        GraphSpec::without_rel,
        GraphSpec::without_node,
    ];
    for (step, without) in reductions.into_iter().enumerate() {
        let count = [spec.indexes.len(), spec.rels.len(), spec.nodes.len()][step];
        for i in (0..count).rev() {
            let smaller = without(&spec, i);
            if let Some(text) = differs(&smaller, query) {
                (spec, difference) = (smaller, text);
            }
        }
    }
    (spec, difference)
}

/// The seeds of one test: the one in `KIZUNA_PROPTEST_SEED`, or a fixed series per test.
fn seeds(test_salt: u64) -> Vec<u64> {
    if let Ok(seed) = std::env::var("KIZUNA_PROPTEST_SEED") {
        return vec![seed
            .trim()
            .parse()
            .expect("KIZUNA_PROPTEST_SEED is a number")];
    }
    let graphs = std::env::var("KIZUNA_PROPTEST_GRAPHS")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(25u64);
    (1..=graphs)
        .map(|i| (i ^ test_salt).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
        .collect()
}

/// Draws graphs and queries with `features` and fails with a reproducer at the first
/// difference; returns how many cases agreed.
fn run(test_salt: u64, features: Features) -> usize {
    let (mut agreed, mut too_large) = (0, 0);
    for seed in seeds(test_salt) {
        let mut rng = Rng(seed);
        let spec = graph::random_graph(&mut rng);
        let mut db = spec.build();
        let stored = StoredGraph::read(&db);
        let node_ids: Vec<u64> = stored.nodes.iter().map(|n| n.id).collect();
        for _ in 0..QUERIES_PER_GRAPH {
            let query = query::random_query(&mut rng, &node_ids, features);
            match verdict(&mut db, &stored, &query) {
                Verdict::Agrees => agreed += 1,
                Verdict::TooLarge => too_large += 1,
                Verdict::Differs(difference) => {
                    let (small, difference) = shrink(&spec, &query, difference);
                    panic!(
                        "seed {seed}: the engine and the reference disagree\n\
                         query: {query}\n{difference}\n\
                         graph (shrunk from {} nodes and {} relationships):\n{}",
                        spec.nodes.len(),
                        spec.rels.len(),
                        small.cypher()
                    );
                }
            }
        }
    }
    assert!(
        too_large * 5 <= agreed + too_large,
        "{too_large} cases were too large for the reference against {agreed} compared"
    );
    agreed
}

const EVERYTHING: Features = Features {
    var_length: true,
    optional_match: true,
    with_stage: true,
    aggregates: true,
    order_and_paging: true,
};

#[test]
fn random_patterns_and_conditions_match_the_reference() {
    let features = Features {
        optional_match: false,
        with_stage: false,
        aggregates: false,
        order_and_paging: false,
        ..EVERYTHING
    };
    let agreed = run(0x5eed_0001, features);
    assert!(agreed >= 100, "only {agreed} cases compared");
}

#[test]
fn random_pipelines_and_aggregates_match_the_reference() {
    let agreed = run(0x5eed_0002, EVERYTHING);
    assert!(agreed >= 100, "only {agreed} cases compared");
}
