//! Durability under SIGKILL: a child process runs acknowledged writes in a loop and is
//! killed at a random moment, again and again on the same database (in half the rounds
//! with snapshots written every few statements, so that kills land in them too). After
//! every reopen, every acknowledged write is there and nothing half-written is. Imports
//! and `--atomic` scripts killed at random moments (or crashing through the snapshot's
//! hook) leave all of themselves or nothing, and `kizuna check` finds the database sound.

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
        let seq = |n: kizuna::graph::NodeView<'_>| match n.property("seq") {
            Some(Value::Int(s)) => s,
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
        let mut command = Command::new(cargo_bin("kizuna"));
        if round % 2 == 1 {
            // A snapshot every few statements: the kills land in some of them.
            command.env(kizuna::store::SNAPSHOT_MIN_DELTAS_ENV, "8");
        }
        let mut child = command
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
        drop(db);
        assert_sound(&path, round);
        acknowledged_total += acknowledged.len();
    }
    assert!(acknowledged_total >= 20);
}

/// Runs `kizuna --db path ARGS…` and SIGKILLs it after `delay` (or lets it finish when
/// `delay` is `None`); returns whether it ran to the end and how long it ran.
fn run_and_kill(
    path: &std::path::Path,
    args: &[&str],
    env: Option<(&str, String)>,
    delay: Option<Duration>,
) -> (bool, Duration) {
    let mut command = Command::new(cargo_bin("kizuna"));
    command
        .arg("--db")
        .arg(path)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some((key, value)) = env {
        command.env(key, value);
    }
    let started = Instant::now();
    let mut child = command.spawn().unwrap();
    let Some(delay) = delay else {
        let status = child.wait().unwrap();
        return (status.success(), started.elapsed());
    };
    while started.elapsed() < delay {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.success(), started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    (false, started.elapsed())
}

/// Nodes with `label` and relationships of `rel_type`.
fn counts(path: &std::path::Path, label: &str, rel_type: &str) -> (usize, usize) {
    let db = open(path);
    let graph = db.graph();
    (graph.label_count(label), graph.type_count(rel_type))
}

/// After a crash the database opens and `kizuna check` finds it sound.
fn assert_sound(path: &std::path::Path, round: usize) {
    drop(open(path));
    let report = kizuna::check::check(path).expect("check runs");
    assert!(report.is_clean(), "round {round}: {report}");
}

#[test]
fn imports_killed_at_any_moment_leave_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut random = 0x1234_5678_9ABC_DEF1_u64 ^ u64::from(std::process::id());
    let (nodes_per_round, rels_per_round) = (3_000, 3_000);
    let mut full_time = Duration::from_millis(500);
    let mut outcomes = (0, 0);
    for round in 0..8 {
        let (label, rel_type) = (format!("R{round}"), format!("T{round}"));
        let nodes = dir.path().join(format!("nodes{round}.csv"));
        let edges = dir.path().join(format!("edges{round}.csv"));
        let mut text = String::from("id:ID,:LABEL,seq:int\n");
        for i in 0..nodes_per_round {
            text.push_str(&format!("n{i},{label},{i}\n"));
        }
        std::fs::write(&nodes, text).unwrap();
        let mut text = String::from(":START_ID,:END_ID,:TYPE\n");
        for i in 0..rels_per_round {
            text.push_str(&format!(
                "n{i},n{},{rel_type}\n",
                (i * 7 + 1) % nodes_per_round
            ));
        }
        std::fs::write(&edges, text).unwrap();
        let args = [
            "import",
            "--batch-size",
            "250",
            "--nodes",
            nodes.to_str().unwrap(),
            "--edges",
            edges.to_str().unwrap(),
        ];
        // Round 0 runs to the end and times the import; odd rounds crash through the
        // import's own hook after a random batch; the others are killed from outside at a
        // random moment within that time.
        let (env, delay) = match round {
            0 => (None, None),
            r if r % 2 == 1 => (
                Some((
                    kizuna::import::CRASH_AFTER_BATCHES_ENV,
                    (1 + next_random(&mut random) % 10).to_string(),
                )),
                None,
            ),
            _ => {
                let micros = full_time.as_micros() as u64 * 6 / 5;
                (
                    None,
                    Some(Duration::from_micros(
                        next_random(&mut random) % micros.max(1),
                    )),
                )
            }
        };
        let (finished, took) = run_and_kill(&path, &args, env, delay);
        if round == 0 {
            assert!(finished, "the uninterrupted import failed");
            full_time = took;
        }
        let (n, r) = counts(&path, &label, &rel_type);
        // A kill after the commit's flush (while the process rebuilds its graph or exits)
        // leaves the whole import; any earlier one leaves none of it.
        match (n, r) {
            (0, 0) if !finished => outcomes.1 += 1,
            (n, r) if (n, r) == (nodes_per_round, rels_per_round) => outcomes.0 += 1,
            other => panic!("round {round}: finished {finished}, the import left {other:?}"),
        }
        assert_sound(&path, round);
    }
    assert!(
        outcomes.1 >= 4,
        "too few imports were cut short: {outcomes:?}"
    );
}

#[test]
fn atomic_scripts_killed_at_any_moment_leave_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut random = 0x0F1E_2D3C_4B5A_6978_u64 ^ u64::from(std::process::id());
    let statements = 400;
    // The database exists before the first timed run, so that the time of its creation
    // (slow on a busy disk) does not widen the window the kills are drawn from.
    drop(open(&path));
    let mut full_time = None::<Duration>;
    let (mut complete, mut empty) = (0, 0);
    let mut round = 0;
    // Rounds go on until enough scripts were cut short, because how long a run takes
    // varies with the machine's load: the window shrinks to the fastest complete run.
    while round < 10 || (empty < 3 && round < 40) {
        let label = format!("S{round}");
        let script = dir.path().join(format!("script{round}.cypher"));
        let mut text = format!("CREATE (:{label} {{seq: 0}});\n");
        for seq in 1..statements {
            text.push_str(&format!(
                "MATCH (p:{label} {{seq: {}}}) CREATE (p)-[:NEXT_{round}]->(:{label} {{seq: {seq}}});\n",
                seq - 1
            ));
        }
        std::fs::write(&script, text).unwrap();
        let args = ["run", "--atomic", script.to_str().unwrap()];
        let delay = full_time.map(|window| {
            Duration::from_micros(next_random(&mut random) % (window.as_micros() as u64).max(1))
        });
        let (finished, took) = run_and_kill(&path, &args, None, delay);
        if delay.is_none() {
            assert!(finished, "the uninterrupted script failed");
        }
        if finished {
            full_time = Some(full_time.map_or(took, |window| window.min(took)));
        }
        let (n, r) = counts(&path, &label, &format!("NEXT_{round}"));
        // A kill right after the commit's flush but before exit also leaves everything.
        match (n, r) {
            (0, 0) => empty += 1,
            (n, r) if n == statements && r == statements - 1 => complete += 1,
            other => panic!("round {round}: a killed --atomic script left {other:?}"),
        }
        assert_sound(&path, round);
        round += 1;
    }
    assert!(
        empty >= 3,
        "too few scripts were cut short: {complete} complete, {empty} empty"
    );
}

/// A crash in the middle of a snapshot that ordinary writes triggered: the writes were
/// durable before the snapshot began, so all of them remain; the unfinished snapshot is
/// reported by `check` and discarded by the next open.
#[test]
fn a_crash_during_a_delta_triggered_snapshot_loses_no_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut script = String::from("CREATE (:Item {seq: 0});\n");
    for seq in 1..40 {
        script.push_str(&format!(
            "MATCH (p:Item {{seq: {}}}) CREATE (p)-[:NEXT {{seq: {seq}}}]->(:Item {{seq: {seq}}});\n",
            seq - 1
        ));
    }
    let file = dir.path().join("script.cypher");
    std::fs::write(&file, script).unwrap();
    let args = ["run", file.to_str().unwrap()];
    for crash_after in 1..=3 {
        let _ = std::fs::remove_dir_all(&path);
        // Nine delta records (the first item, then four items with their relationship)
        // exceed the threshold: the snapshot after the fifth statement crashes.
        let mut command = Command::new(cargo_bin("kizuna"));
        command
            .env(kizuna::store::SNAPSHOT_MIN_DELTAS_ENV, "8")
            .env(
                kizuna::store::CRASH_AFTER_CHUNKS_ENV,
                crash_after.to_string(),
            )
            .arg("--db")
            .arg(&path)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        assert!(
            !command.status().unwrap().success(),
            "the snapshot was meant to crash"
        );
        let report = kizuna::check::check(&path).expect("check runs");
        // What a crash left is a note (the next writable open clears it), not damage.
        assert!(
            report.is_clean() && report.notes.iter().any(|p| p.contains("left unfinished")),
            "after {crash_after} chunks: {report}"
        );
        {
            let db = open(&path);
            assert_eq!(check_chain(&db), Some(4), "after {crash_after} chunks");
        }
        assert_sound(&path, crash_after);
        // The same writes go on from there and snapshot as they should.
        let (finished, _) = run_and_kill(
            &path,
            &[
                "-e",
                "MATCH (p:Item {seq: 4}) CREATE (p)-[:NEXT {seq: 5}]->(:Item {seq: 5})",
            ],
            Some((kizuna::store::SNAPSHOT_MIN_DELTAS_ENV, "8".into())),
            None,
        );
        assert!(finished);
        let report = kizuna::check::check(&path).expect("check runs");
        assert!(report.is_clean(), "{report}");
        assert_eq!(report.snapshot, Some(1), "{report}");
        assert_eq!(check_chain(&open(&path)), Some(5));
    }
}
