//! Durability under SIGKILL: a child process runs acknowledged writes in a loop and is
//! killed at a random moment, again and again on the same database. After every reopen,
//! every acknowledged write is there and nothing half-written is.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use kizuna::{Database, OpenOptions, Value};

/// A small deterministic generator for the kill delays.
fn next_random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn open(path: &std::path::Path) -> Database {
    Database::open(
        path,
        OpenOptions {
            create_if_missing: true,
            ..Default::default()
        },
    )
    .expect("database opens after a crash")
}

/// The highest `seq` of the chain, checking on the way that the database is whole: every
/// item but the first has exactly one incoming NEXT from its predecessor, and every
/// relationship joins two existing items.
fn check_chain(db: &Database) -> Option<i64> {
    let graph = db.graph();
    let mut seqs: Vec<i64> = db
        .nodes()
        .map(|n| match n.properties.get("seq") {
            Some(Value::Int(s)) => *s,
            other => panic!("item without an integer seq: {other:?}"),
        })
        .collect();
    seqs.sort_unstable();
    for (i, seq) in seqs.iter().enumerate() {
        assert_eq!(
            *seq, i as i64,
            "the chain has a gap or a duplicate: {seqs:?}"
        );
    }
    for rel in db.relationships() {
        let start = graph
            .node(rel.start)
            .expect("relationship from a missing node");
        let end = graph.node(rel.end).expect("relationship to a missing node");
        let seq = |n: &kizuna::Node| match n.properties.get("seq") {
            Some(Value::Int(s)) => *s,
            _ => -1,
        };
        assert_eq!(seq(start) + 1, seq(end), "NEXT joins the wrong items");
        assert_eq!(rel.properties.get("seq"), Some(&Value::Int(seq(end))));
    }
    assert_eq!(
        db.relationships().count(),
        seqs.len().saturating_sub(1),
        "an item was written without its relationship (a half-written statement)"
    );
    seqs.last().copied()
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut random = 0x2545_F491_4F6C_DD1D_u64 ^ u64::from(std::process::id());
    let mut acknowledged_total = 0;
    for round in 0..20 {
        let last = {
            let db = open(&path);
            check_chain(&db)
        };
        let first = last.map_or(0, |s| s + 1);
        // Each statement extends the chain by one item and one relationship, atomically.
        let mut script = String::new();
        if first == 0 {
            script.push_str("CREATE (:Item {seq: 0}) RETURN 0 AS seq;\n");
        }
        for seq in first.max(1)..first + 5_000 {
            script.push_str(&format!(
                "MATCH (p:Item {{seq: {}}}) CREATE (p)-[:NEXT {{seq: {seq}}}]->(:Item {{seq: {seq}}}) RETURN {seq} AS seq;\n",
                seq - 1
            ));
        }
        let mut child = Command::new(cargo_bin("kizuna"))
            .arg("--db")
            .arg(&path)
            .args(["--format", "csv"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.as_bytes())
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Ok(seq) = line.trim().parse::<i64>() {
                    if sender.send(seq).is_err() {
                        break;
                    }
                }
            }
        });
        // Kill after a random number of acknowledged writes (or a time limit).
        let kill_after = 1 + next_random(&mut random) % 60;
        let started = Instant::now();
        let mut acknowledged = Vec::new();
        while (acknowledged.len() as u64) < kill_after
            && started.elapsed() < Duration::from_secs(30)
        {
            if let Ok(seq) = receiver.recv_timeout(Duration::from_millis(100)) {
                acknowledged.push(seq);
            }
        }
        std::thread::sleep(Duration::from_micros(next_random(&mut random) % 5_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        acknowledged.extend(receiver.try_iter());
        assert!(
            !acknowledged.is_empty(),
            "round {round}: nothing was acknowledged"
        );

        let db = open(&path);
        let last = check_chain(&db).expect("the chain is not empty");
        let highest = *acknowledged.iter().max().unwrap();
        assert!(
            last >= highest,
            "round {round}: write {highest} was acknowledged but the database ends at {last}"
        );
        acknowledged_total += acknowledged.len();
    }
    assert!(acknowledged_total >= 20);
}
