//! Foundation benchmark: builds a synthetic graph through the library's typed writes and
//! reports write throughput, open time, bytes on disk and resident memory per relationship.
//!
//! `cargo bench --bench foundation` (1,000,000 nodes, 5,000,000 relationships; set
//! KIZUNA_BENCH_NODES / KIZUNA_BENCH_RELS for other sizes, KIZUNA_BENCH_DIR to keep the
//! database somewhere other than a temporary directory; a directory that already holds a
//! database is only measured, not rebuilt).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use kizuna::{Database, OpenOptions};

mod common;

use common::{env_count, Endpoints};

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--open-only") {
        open_only(Path::new(&args[i + 1]));
        return;
    }
    let nodes = env_count("KIZUNA_BENCH_NODES", 1_000_000);
    let rels = env_count("KIZUNA_BENCH_RELS", 5_000_000);
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
