//! Query benchmark: parse time of typical statements, and execution time of the benchmark
//! query texts (`../shared/bench/queries/q*.cypher`) on a synthetic institutions graph.
//!
//! `cargo bench --bench query` (1,000,000 nodes and 5,000,000 relationships, built in
//! memory; KIZUNA_BENCH_NODES / KIZUNA_BENCH_RELS for other sizes, KIZUNA_BENCH_RUNS for
//! fewer timed runs, KIZUNA_BENCH_TIMEOUT=SECONDS to stop a slow query, KIZUNA_BENCH_QUERIES
//! for another query directory, KIZUNA_BENCH_ONLY=q3,q6b for some of them). Each query runs once to warm up, then 5 times; the median is
//! printed with the query's answer.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use kizuna::{Database, ExecOptions, Params, Value};

mod common;

use common::{env_count, name, Endpoints, Rng};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn run(db: &mut Database, text: &str, params: &Params) -> (Duration, String) {
    let options = ExecOptions {
        timeout: std::env::var("KIZUNA_BENCH_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .map(Duration::from_secs_f64),
        ..ExecOptions::default()
    };
    let started = Instant::now();
    let result = db.execute_with(text, params, &options);
    let elapsed = started.elapsed();
    let answer = match result {
        Ok(r) if r.rows.len() == 1 => r.rows[0]
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Ok(r) => format!("{} rows", r.rows.len()),
        Err(e) => format!("error: {e}"),
    };
    (elapsed, answer)
}

fn params(pairs: &[(&str, Value)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn main() {
    let nodes = env_count("KIZUNA_BENCH_NODES", 1_000_000);
    let rels = env_count("KIZUNA_BENCH_RELS", 5_000_000);
    let runs = env_count("KIZUNA_BENCH_RUNS", 5).max(1) as usize;
    let dir = std::env::var_os("KIZUNA_BENCH_QUERIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/queries")
        });

    println!("parse time (median of 2,000 parses):");
    let typical = [
        "MATCH (n:Hospital {name: $name}) RETURN n.name, n.country",
        "MATCH (h:Hospital)-[r:EXCHANGED_WITH]-(o:Hospital) WHERE o.region = 'Guangxi' RETURN h.name, collect(DISTINCT r.topic) AS topics ORDER BY h.name",
        "MATCH p = shortestPath((a {name: $a})-[*..30]-(b {name: $b})) RETURN length(p) AS hops",
        "MERGE (n:Hospital {name: 'Kameda Medical Center'}) ON CREATE SET n.name_ja = '亀田総合病院', n.country = 'JP', n.aliases = ['Kameda']",
    ];
    for text in typical {
        let samples: Vec<Duration> = (0..2_000)
            .map(|_| {
                let started = Instant::now();
                let parsed = kizuna::query::parser::parse_statement(text);
                let elapsed = started.elapsed();
                assert!(parsed.is_ok(), "{text}");
                elapsed
            })
            .collect();
        println!(
            "  {:>8.1} µs  {}",
            median(samples).as_secs_f64() * 1e6,
            &text[..text.len().min(70)]
        );
    }

    let started = Instant::now();
    let mut db = common::in_memory(nodes, rels, Endpoints::Skewed);
    println!(
        "graph: {nodes} nodes, {rels} relationships built in memory in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Parameters as the peers' generator picks them: a random node, the max out-degree hub,
    // a node at the 90th percentile of out-degree, 100 random pairs.
    let graph = db.graph();
    let mut by_out: Vec<(usize, u64)> = graph
        .node_ids()
        .into_iter()
        .map(|id| (graph.degree(id, kizuna::graph::Direction::Outgoing), id))
        .collect();
    by_out.sort_unstable();
    let hub = name(by_out.last().map_or(0, |x| x.1));
    let mid = name(by_out[by_out.len() * 9 / 10].1);
    let mut rng = Rng(7);
    let q1 = name(rng.next() % nodes);
    let pairs: Vec<(String, String)> = (0..100)
        .map(|_| (name(rng.next() % nodes), name(rng.next() % nodes)))
        .collect();

    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "cypher") && !p.to_string_lossy().contains(".kuzu.")
    });
    if let Ok(only) = std::env::var("KIZUNA_BENCH_ONLY") {
        let wanted: Vec<&str> = only.split(',').map(str::trim).collect();
        files.retain(|p| {
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
            stem.is_some_and(|s| wanted.iter().any(|w| s.split('_').next() == Some(w)))
        });
    }
    files.sort();
    index_seeks(&mut db, runs);
    if files.is_empty() {
        println!("no query texts in {}", dir.display());
        return;
    }
    println!("execution (median of {runs} after a warm-up):");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("query text");
        let label = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let p = match &label[..2] {
            "q1" => params(&[("name", Value::String(q1.clone()))]),
            "q2" | "q3" => params(&[("name", Value::String(hub.clone()))]),
            "q7" => params(&[("name", Value::String(mid.clone()))]),
            "q4" => params(&[
                ("country", Value::from("JP")),
                ("min_amount", Value::Int(1_000_000)),
            ]),
            _ => Params::new(),
        };
        if label.starts_with("q5") {
            let mut samples = Vec::new();
            let mut answer = String::new();
            for _ in 0..runs.min(2) {
                let started = Instant::now();
                let mut lengths = Vec::new();
                for (a, b) in &pairs {
                    let p = params(&[
                        ("a", Value::String(a.clone())),
                        ("b", Value::String(b.clone())),
                    ]);
                    lengths.push(run(&mut db, &text, &p).1);
                }
                samples.push(started.elapsed());
                answer = format!("first lengths {}", lengths[..5].join(" | "));
            }
            println!(
                "  {label:<22} {:>10.1} ms for 100 pairs  ({answer})",
                median(samples).as_secs_f64() * 1e3
            );
            continue;
        }
        let (_, answer) = run(&mut db, &text, &p);
        let samples: Vec<Duration> = (0..runs).map(|_| run(&mut db, &text, &p).0).collect();
        println!(
            "  {label:<22} {:>10.3} ms  ({answer})",
            median(samples).as_secs_f64() * 1e3
        );
    }
}

/// Equality, `IN` and ranges on a property, first by label scan, then through a property
/// index created on it (and the time the creation took).
fn index_seeks(db: &mut Database, runs: usize) {
    let queries = [
        (
            "equality",
            "MATCH (n:Hospital) WHERE n.founded = $year RETURN n.name LIMIT 1",
        ),
        (
            "equality, count",
            "MATCH (n:Hospital) WHERE n.founded = $year RETURN count(n)",
        ),
        (
            "IN",
            "MATCH (n:Hospital) WHERE n.founded IN [$year, 1901] RETURN count(n)",
        ),
        (
            "range",
            "MATCH (n:Hospital) WHERE n.founded >= $year AND n.founded < 1990 RETURN count(n)",
        ),
        (
            "value from a variable",
            "UNWIND [1950, 1960, 1970] AS y MATCH (n:Hospital) WHERE n.founded = y RETURN count(n)",
        ),
    ];
    let p = params(&[("year", Value::Int(1987))]);
    let time = |db: &mut Database, text: &str| {
        let (_, answer) = run(db, text, &p);
        let samples: Vec<Duration> = (0..runs.max(20)).map(|_| run(db, text, &p).0).collect();
        (median(samples), answer)
    };
    let scans: Vec<(Duration, String)> = queries.iter().map(|(_, q)| time(db, q)).collect();
    let started = Instant::now();
    db.execute("CREATE INDEX FOR (n:Hospital) ON (n.founded)")
        .expect("create index");
    println!(
        "index seeks (CREATE INDEX on Hospital.founded took {:.0} ms; median of {} runs):",
        started.elapsed().as_secs_f64() * 1e3,
        runs.max(20)
    );
    for ((label, text), (scan, scan_answer)) in queries.iter().zip(scans) {
        let (seek, answer) = time(db, text);
        assert_eq!(answer, scan_answer, "{text}");
        println!(
            "  {label:<22} {:>10.3} ms by index, {:>10.3} ms by label scan  ({answer})",
            seek.as_secs_f64() * 1e3,
            scan.as_secs_f64() * 1e3
        );
    }
    db.execute("DROP INDEX index_hospital_founded")
        .expect("drop index");
}
