//! Random graphs and random patterns: the rows the planned engine returns must be the rows
//! a brute-force reference evaluator written here finds, by trying every assignment of
//! nodes and relationships (relationship uniqueness within the MATCH, undirected hops in
//! either direction, a self-loop once), on graphs with self-loops and parallel
//! relationships, through the planner's choices and through the naive plan.
//! `KIZUNA_PROPTEST_SEED` replays one seed.

use kizuna::{Database, Properties, Value};

mod common;

use common::Rng;

const LABELS: [&str; 3] = ["A", "B", "C"];
const TYPES: [&str; 2] = ["R", "S"];

struct Node {
    id: u64,
    labels: Vec<&'static str>,
    k: Option<i64>,
}

struct Rel {
    id: u64,
    rel_type: &'static str,
    start: u64,
    end: u64,
}

/// The graph as generated, for the reference evaluator.
struct Model {
    nodes: Vec<Node>,
    rels: Vec<Rel>,
}

fn random_graph(rng: &mut Rng) -> (Database, Model) {
    let mut db = Database::open_temporary().expect("temporary database");
    let node_count = 2 + rng.below(9);
    let rel_count = rng.below(22);
    let mut plan_nodes = Vec::new();
    for _ in 0..node_count {
        let labels: Vec<&'static str> = LABELS
            .iter()
            .copied()
            .filter(|_| rng.below(3) == 0)
            .collect();
        let k = (rng.below(4) != 0).then(|| rng.below(4) as i64);
        plan_nodes.push((labels, k));
    }
    let mut plan_rels = Vec::new();
    for _ in 0..rel_count {
        let rel_type = TYPES[rng.below(2) as usize];
        let (a, b) = (rng.below(node_count), rng.below(node_count));
        plan_rels.push((rel_type, a as usize, b as usize));
    }
    let model = db
        .write(|tx| {
            let mut nodes = Vec::new();
            for (labels, k) in &plan_nodes {
                let mut props = Properties::new();
                if let Some(k) = k {
                    props.insert("k".into(), Value::Int(*k));
                }
                let owned = labels.iter().map(|l| l.to_string()).collect();
                let id = tx.create_node(owned, props)?;
                nodes.push(Node {
                    id,
                    labels: labels.clone(),
                    k: *k,
                });
            }
            let mut rels = Vec::new();
            for &(rel_type, a, b) in &plan_rels {
                let (start, end) = (nodes[a].id, nodes[b].id);
                let id = tx.create_relationship(rel_type, start, end, Properties::new())?;
                rels.push(Rel {
                    id,
                    rel_type,
                    start,
                    end,
                });
            }
            Ok(Model { nodes, rels })
        })
        .expect("write graph");
    (db, model)
}

#[derive(Clone, Copy)]
enum Dir {
    Out,
    In,
    Both,
}

/// A chain `(n0)-[h0]-(n1)-…`: each node position with an optional label and an optional
/// `k` comparison, each hop with an optional type and a direction; `closes` makes the
/// last position the first one's variable again (a cycle).
struct Query {
    labels: Vec<Option<&'static str>>,
    k_below: Vec<Option<i64>>,
    hops: Vec<(Option<&'static str>, Dir)>,
    closes: bool,
}

fn random_query(rng: &mut Rng) -> Query {
    let hops = rng.below(4) as usize;
    let positions = hops + 1;
    let labels = (0..positions)
        .map(|_| (rng.below(3) == 0).then(|| LABELS[rng.below(3) as usize]))
        .collect();
    let k_below = (0..positions)
        .map(|_| (rng.below(4) == 0).then(|| rng.below(4) as i64))
        .collect();
    let hops = (0..hops)
        .map(|_| {
            let rel_type = (rng.below(2) == 0).then(|| TYPES[rng.below(2) as usize]);
            let dir = [Dir::Out, Dir::In, Dir::Both][rng.below(3) as usize];
            (rel_type, dir)
        })
        .collect::<Vec<_>>();
    let closes = hops.len() >= 2 && rng.below(3) == 0;
    Query {
        labels,
        k_below,
        hops,
        closes,
    }
}

impl Query {
    fn variable(&self, pos: usize) -> String {
        if self.closes && pos == self.hops.len() {
            "n0".to_owned()
        } else {
            format!("n{pos}")
        }
    }

    fn cypher(&self) -> String {
        let node = |pos: usize| {
            let label = self.labels[pos].map_or(String::new(), |l| format!(":{l}"));
            format!("({}{label})", self.variable(pos))
        };
        let mut text = format!("MATCH {}", node(0));
        for (j, (rel_type, dir)) in self.hops.iter().enumerate() {
            let inner = format!(
                "r{j}{}",
                rel_type.map_or(String::new(), |t| format!(":{t}"))
            );
            let hop = match dir {
                Dir::Out => format!("-[{inner}]->"),
                Dir::In => format!("<-[{inner}]-"),
                Dir::Both => format!("-[{inner}]-"),
            };
            text.push_str(&hop);
            text.push_str(&node(j + 1));
        }
        let conditions: Vec<String> = self
            .k_below
            .iter()
            .enumerate()
            .filter_map(|(pos, k)| k.map(|k| format!("{}.k < {k}", self.variable(pos))))
            .collect();
        if !conditions.is_empty() {
            text.push_str(&format!(" WHERE {}", conditions.join(" AND ")));
        }
        let columns: Vec<String> = (0..self.hops.len())
            .map(|j| format!("id(r{j})"))
            .chain((0..=self.hops.len()).map(|pos| format!("id({})", self.variable(pos))))
            .enumerate()
            .map(|(i, column)| format!("{column} AS c{i}"))
            .collect();
        text.push_str(&format!(" RETURN {}", columns.join(", ")));
        text
    }
}

/// Every row of the query, by trying every assignment.
fn reference(model: &Model, query: &Query) -> Vec<Vec<i64>> {
    let fits = |node: &Node, pos: usize| {
        query.labels[pos].is_none_or(|l| node.labels.contains(&l))
            && query.k_below[pos].is_none_or(|below| node.k.is_some_and(|k| k < below))
    };
    let mut rows = Vec::new();
    for first in model.nodes.iter().filter(|n| fits(n, 0)) {
        extend(model, query, &fits, vec![first.id], Vec::new(), &mut rows);
    }
    rows
}

fn extend(
    model: &Model,
    query: &Query,
    fits: &dyn Fn(&Node, usize) -> bool,
    nodes: Vec<u64>,
    rels: Vec<u64>,
    rows: &mut Vec<Vec<i64>>,
) {
    let at = rels.len();
    let Some(&(rel_type, dir)) = query.hops.get(at) else {
        let row = rels.iter().chain(&nodes).map(|&id| id as i64).collect();
        rows.push(row);
        return;
    };
    let from = nodes[at];
    for rel in &model.rels {
        if rels.contains(&rel.id) || rel_type.is_some_and(|t| t != rel.rel_type) {
            continue;
        }
        let mut ends = Vec::new();
        if matches!(dir, Dir::Out | Dir::Both) && rel.start == from {
            ends.push(rel.end);
        }
        if matches!(dir, Dir::In | Dir::Both)
            && rel.end == from
            && !(rel.start == rel.end && matches!(dir, Dir::Both))
        {
            ends.push(rel.start);
        }
        for to in ends {
            let Some(node) = model.nodes.iter().find(|n| n.id == to) else {
                continue;
            };
            let last = at + 1 == query.hops.len();
            if (query.closes && last && to != nodes[0]) || !fits(node, at + 1) {
                continue;
            }
            let mut nodes = nodes.clone();
            nodes.push(to);
            let mut rels = rels.clone();
            rels.push(rel.id);
            extend(model, query, fits, nodes, rels, rows);
        }
    }
}

/// The engine's rows, through the planner's choices or the naive plan.
fn engine_rows(db: &mut Database, cypher: &str, naive_plan: bool) -> Vec<Vec<i64>> {
    let options = kizuna::ExecOptions {
        naive_plan,
        ..kizuna::ExecOptions::default()
    };
    let result = db
        .execute_with(cypher, &kizuna::Params::new(), &options)
        .unwrap_or_else(|e| panic!("{cypher}: {e}"));
    result
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| match v {
                    Value::Int(i) => *i,
                    other => panic!("{cypher}: an id that is not an integer: {other:?}"),
                })
                .collect()
        })
        .collect()
}

#[test]
fn random_patterns_match_the_reference_evaluator() {
    let seeds: Vec<u64> = match std::env::var("KIZUNA_PROPTEST_SEED") {
        Ok(seed) => vec![seed.parse().expect("a number")],
        Err(_) => (1..=200u64)
            .map(|s| s.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect(),
    };
    let mut cases = 0;
    for seed in seeds {
        let mut rng = Rng(seed | 1);
        let (mut db, model) = random_graph(&mut rng);
        for _ in 0..12 {
            let query = random_query(&mut rng);
            let cypher = query.cypher();
            let mut want = reference(&model, &query);
            want.sort();
            for naive_plan in [false, true] {
                let mut got = engine_rows(&mut db, &cypher, naive_plan);
                got.sort();
                assert_eq!(
                    got, want,
                    "seed {seed} (naive plan: {naive_plan}): {cypher}"
                );
            }
            cases += 1;
        }
    }
    assert!(cases >= 12, "only {cases} cases ran");
}
