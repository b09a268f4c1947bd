//! Algorithm benchmark: builds a synthetic graph in a temporary in-memory database through
//! the library's typed writes, then times PageRank, weakly and strongly connected
//! components, 100 unweighted shortest paths between random pairs, 10 weighted ones, and
//! PageRank end to end through Cypher.
//!
//! `cargo bench --bench algo` (1,000,000 nodes, 5,000,000 relationships; set
//! KIZUNA_BENCH_NODES / KIZUNA_BENCH_RELS for other sizes).

use std::time::Instant;

use kizuna::algo::{self, PageRankOptions, PathOptions};
use kizuna::Database;

mod common;

use common::{env_count, Endpoints, Rng};

fn build(nodes: u64, rels: u64) -> Database {
    common::in_memory(nodes, rels, Endpoints::Uniform)
}

fn timed<T>(what: &str, body: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = body();
    println!("{what}: {:.3} s", started.elapsed().as_secs_f64());
    out
}

fn main() {
    let nodes = env_count("KIZUNA_BENCH_NODES", 1_000_000).max(2);
    let rels = env_count("KIZUNA_BENCH_RELS", 5_000_000);
    println!("kizuna algorithm benchmark: {nodes} nodes, {rels} relationships");
    let mut db = timed("build (typed writes, in memory)", || build(nodes, rels));
    let graph = db.graph();
    let check = &algo::no_check;

    let ranks = timed("algo.pageRank (function)", || {
        algo::page_rank(graph, &PageRankOptions::default(), check).expect("pageRank")
    });
    let total: f64 = ranks.iter().map(|r| r.1).sum();
    println!("  {} scores, sum {total:.9}", ranks.len());

    let wcc = timed("algo.components (function)", || {
        algo::weakly_connected_components(graph, None, check).expect("components")
    });
    let mut names: Vec<u64> = wcc.iter().map(|p| p.1).collect();
    names.sort_unstable();
    names.dedup();
    println!("  {} weakly connected components", names.len());

    let scc = timed("algo.scc (function)", || {
        algo::strongly_connected_components(graph, None, check).expect("scc")
    });
    let mut names: Vec<u64> = scc.iter().map(|p| p.1).collect();
    names.sort_unstable();
    names.dedup();
    println!("  {} strongly connected components", names.len());

    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let pairs: Vec<(u64, u64)> = (0..100)
        .map(|_| (rng.next() % nodes, rng.next() % nodes))
        .collect();
    let hops = timed("100 × algo.shortestPath, unweighted (function)", || {
        let options = PathOptions::default();
        pairs
            .iter()
            .map(|&(a, b)| {
                algo::shortest_path(graph, a, b, &options, check)
                    .expect("shortestPath")
                    .map_or(0, |p| p.length())
            })
            .collect::<Vec<_>>()
    });
    let found: Vec<usize> = hops.iter().copied().filter(|&h| h > 0).collect();
    println!(
        "  {} paths found, mean length {:.2}",
        found.len(),
        found.iter().sum::<usize>() as f64 / found.len().max(1) as f64
    );

    timed(
        "10 × algo.shortestPath, weighted by amount, FUNDED only (function)",
        || {
            let options = PathOptions {
                traversal: algo::Traversal {
                    rel_types: Some(vec!["FUNDED".into()]),
                    ..algo::Traversal::default()
                },
                weight: Some("amount".into()),
                default_weight: None,
            };
            for &(a, b) in pairs.iter().take(10) {
                algo::shortest_path(graph, a, b, &options, check).expect("weighted shortestPath");
            }
        },
    );

    let result = timed(
        "CALL algo.pageRank() … RETURN count(*) (Cypher, end to end)",
        || {
            db.execute("CALL algo.pageRank() YIELD node, score RETURN count(*) AS n")
                .expect("Cypher pageRank")
        },
    );
    println!("  {:?}", result.rows);
}
