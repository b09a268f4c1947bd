//! What the benchmarks share: a seeded generator, size settings, and the synthetic
//! institutions graph they all measure.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use kizuna::{Database, Properties, Value};

pub mod workload;

/// The allocator the `kizuna` command runs with (`src/main.rs`), so that the benchmarks
/// measure what a user of the command gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub const KINDS: [&str; 6] = [
    "Hospital",
    "University",
    "Company",
    "Agency",
    "Foundation",
    "Ministry",
];
pub const TYPES: [&str; 3] = ["PARTNERED_WITH", "FUNDED", "EXCHANGED_WITH"];
pub const COUNTRIES: [&str; 8] = ["JP", "CN", "KZ", "US", "DE", "KR", "FR", "GB"];

/// A small deterministic generator (xorshift), so every run builds the same graph.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A count from the environment, or `default`.
pub fn env_count(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The name of synthetic node `i` (unique).
pub fn name(i: u64) -> String {
    format!("{} {i}", KINDS[(i % 6) as usize])
}

/// How relationship endpoints are drawn.
#[derive(Clone, Copy)]
pub enum Endpoints {
    Uniform,
    /// Low activity ranks far more likely (a heavy degree tail, with hubs), scattered over
    /// the id space.
    Skewed,
}

fn endpoint(rng: &mut Rng, nodes: u64, endpoints: Endpoints) -> u64 {
    match endpoints {
        Endpoints::Uniform => rng.next() % nodes,
        Endpoints::Skewed => {
            let rank = ((nodes as f64) * rng.unit().powi(3)) as u64 % nodes;
            rank.wrapping_mul(2_654_435_761) % nodes
        }
    }
}

/// Writes `nodes` institutions and `rels` relationships in transactions of 100,000, and
/// returns how long the nodes and the relationships took.
pub fn populate(
    db: &mut Database,
    nodes: u64,
    rels: u64,
    endpoints: Endpoints,
) -> (Duration, Duration) {
    const CHUNK: u64 = 100_000;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    let mut next = 0;
    while next < nodes {
        let end = (next + CHUNK).min(nodes);
        db.write(|tx| {
            for i in next..end {
                let mut p = Properties::new();
                p.insert("name".into(), Value::String(name(i)));
                p.insert(
                    "country".into(),
                    Value::from(COUNTRIES[(rng.next() % 8).min(rng.next() % 8) as usize]),
                );
                p.insert("founded".into(), Value::Int(1900 + (i % 120) as i64));
                tx.create_node(vec![KINDS[(i % 6) as usize].into()], p)?;
            }
            Ok(())
        })
        .expect("write nodes");
        next = end;
    }
    let nodes_took = started.elapsed();
    let started = Instant::now();
    let mut written = 0;
    while written < rels {
        let end = (written + CHUNK).min(rels);
        db.write(|tx| {
            for j in written..end {
                let rel_type = TYPES[(j % 3) as usize];
                let (a, b) = (
                    endpoint(&mut rng, nodes, endpoints),
                    endpoint(&mut rng, nodes, endpoints),
                );
                let mut p = Properties::new();
                if rel_type == "FUNDED" {
                    p.insert(
                        "amount".into(),
                        Value::Int((rng.next() % 10_000_000) as i64),
                    );
                }
                tx.create_relationship(rel_type, a, b, p)?;
            }
            Ok(())
        })
        .expect("write relationships");
        written = end;
    }
    (nodes_took, started.elapsed())
}

/// The synthetic graph in a database that lives in memory only.
pub fn in_memory(nodes: u64, rels: u64, endpoints: Endpoints) -> Database {
    let mut db = Database::open_temporary().expect("temporary database");
    populate(&mut db, nodes, rels, endpoints);
    db
}
