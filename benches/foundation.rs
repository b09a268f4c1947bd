//! Foundation benchmark: builds a synthetic graph through the library's typed writes and
//! reports write throughput, open time, bytes on disk and resident memory per relationship.
//!
//! `cargo bench --bench foundation` (1,000,000 nodes, 5,000,000 relationships; set
//! KIZUNA_BENCH_NODES / KIZUNA_BENCH_RELS for other sizes, KIZUNA_BENCH_DIR to keep the
//! database somewhere other than a temporary directory; a directory that already holds a
//! database is only measured, not rebuilt). `cargo bench --bench foundation -- --graph-only`
//! measures only the in-memory graph, built straight from generated records.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use kizuna::{Database, Graph, Node, OpenOptions, Properties, Relationship, Value};

mod common;

use common::{env_count, Endpoints, Rng, COUNTRIES, KINDS, TYPES};

fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| {
            let meta = entry.metadata().ok();
            match meta {
                Some(m) if m.is_dir() => dir_size(&entry.path()),
                Some(m) => m.len(),
                None => 0,
            }
        })
        .sum()
}

fn build(path: &Path, nodes: u64, rels: u64) {
    let mut db = Database::open(
        path,
        OpenOptions {
            create_if_missing: true,
            ..Default::default()
        },
    )
    .expect("open");
    let (nodes_took, rels_took) = common::populate(&mut db, nodes, rels, Endpoints::Uniform);
    println!(
        "write: {nodes} nodes in {:.1} s ({:.0} nodes/s); {rels} relationships in {:.1} s ({:.0} relationships/s)",
        nodes_took.as_secs_f64(),
        nodes as f64 / nodes_took.as_secs_f64(),
        rels_took.as_secs_f64(),
        rels as f64 / rels_took.as_secs_f64()
    );
}

/// Run in a fresh process: open, count, report open time and resident memory.
fn open_only(path: &Path) {
    let before = resident_bytes();
    let started = Instant::now();
    let db = Database::open(path, OpenOptions::default()).expect("open");
    let opened = started.elapsed();
    let rels = db.graph().relationship_count() as u64;
    let after = resident_bytes();
    println!(
        "open: {:.2} s to open {} nodes and {rels} relationships; resident memory {:.0} MiB ({:.0} bytes per relationship)",
        opened.as_secs_f64(),
        db.graph().node_count(),
        after as f64 / 1048576.0,
        (after - before.min(after)) as f64 / rels.max(1) as f64
    );
}

/// CPU time of this process, which other processes on the machine disturb less than the
/// wall clock.
fn cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } == 0;
    if ok {
        t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
    } else {
        0.0
    }
}

/// The synthetic data as owned records, drawn as `populate` draws it: two numbers per
/// node, then two per relationship (and one more for an amount).
fn records(
    nodes: u64,
    rels: u64,
) -> (
    impl Iterator<Item = Node>,
    impl Iterator<Item = Relationship>,
) {
    let mut node_rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut rel_rng = Rng(node_rng.0);
    for _ in 0..2 * nodes {
        rel_rng.next();
    }
    let node_records = (0..nodes).map(move |i| {
        let mut p = Properties::new();
        p.insert("name".into(), Value::String(common::name(i)));
        let country = (node_rng.next() % 8).min(node_rng.next() % 8) as usize;
        p.insert("country".into(), Value::from(COUNTRIES[country]));
        p.insert("founded".into(), Value::Int(1900 + (i % 120) as i64));
        Node {
            id: i,
            labels: vec![KINDS[(i % 6) as usize].into()],
            properties: p,
        }
    });
    let rel_records = (0..rels).map(move |j| {
        let rel_type = TYPES[(j % 3) as usize];
        let (start, end) = (rel_rng.next() % nodes, rel_rng.next() % nodes);
        let mut p = Properties::new();
        if rel_type == "FUNDED" {
            p.insert(
                "amount".into(),
                Value::Int((rel_rng.next() % 10_000_000) as i64),
            );
        }
        Relationship {
            id: j,
            rel_type: rel_type.into(),
            start,
            end,
            properties: p,
        }
    });
    (node_records, rel_records)
}

/// Run in a fresh process: builds the in-memory graph of the same synthetic data straight
/// from owned records streamed to it (no store), and reports the build time (less the
/// time to make the records, measured first) and the resident memory, which are the
/// graph's own share of an open.
fn graph_only(nodes: u64, rels: u64) {
    let (cpu, started) = (cpu_seconds(), Instant::now());
    let (n, r) = records(nodes, rels);
    let made = n.count() + r.count();
    let (making_cpu, making) = (cpu_seconds() - cpu, started.elapsed().as_secs_f64());

    let before = resident_bytes();
    let (cpu, started) = (cpu_seconds(), Instant::now());
    let (mut n, mut r) = records(nodes, rels);
    let info = kizuna::store::LoadInfo {
        next_node_id: nodes,
        next_rel_id: rels,
        nodes_hint: nodes as usize,
        relationships_hint: rels as usize,
    };
    let graph = Graph::from_records(info, &mut n, &mut r);
    let (built_cpu, built) = (cpu_seconds() - cpu, started.elapsed().as_secs_f64());
    let after = resident_bytes();
    assert_eq!(graph.node_count() + graph.relationship_count(), made);
    println!(
        "graph: {:.2} s ({:.2} s of CPU) to build {} nodes and {} relationships from owned records, less {:.2} s ({:.2} s of CPU) to make the records; resident memory {:.0} MiB more ({:.0} bytes per relationship)",
        built - making,
        built_cpu - making_cpu,
        graph.node_count(),
        graph.relationship_count(),
        making,
        making_cpu,
        (after - before.min(after)) as f64 / 1048576.0,
        (after - before.min(after)) as f64 / rels.max(1) as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--open-only") {
        open_only(Path::new(&args[i + 1]));
        return;
    }
    let nodes = env_count("KIZUNA_BENCH_NODES", 1_000_000);
    let rels = env_count("KIZUNA_BENCH_RELS", 5_000_000);
    if args.iter().any(|a| a == "--graph-only") {
        graph_only(nodes, rels);
        return;
    }
    let temp = tempfile::tempdir().expect("temporary directory");
    let path: PathBuf = std::env::var_os("KIZUNA_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().join("bench.db"));
    println!(
        "kizuna foundation benchmark: {nodes} nodes, {rels} relationships at {}",
        path.display()
    );
    build(&path, nodes, rels);
    let disk = dir_size(&path);
    println!(
        "disk: {:.0} MiB ({:.0} bytes per relationship)",
        disk as f64 / 1048576.0,
        disk as f64 / rels.max(1) as f64
    );
    let exe = std::env::current_exe().expect("own path");
    let status = Command::new(exe)
        .arg("--open-only")
        .arg(&path)
        .status()
        .expect("child");
    assert!(status.success());
}
