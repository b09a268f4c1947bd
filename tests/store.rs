//! The store and the in-memory graph through the library API: persistence, atomicity of
//! failed writes, and the errors of opening what cannot be opened.

use std::collections::BTreeMap;
use std::path::Path;

use kizuna::store::StoreError;
use kizuna::{Database, Error, OpenOptions, Properties, Value, WriteError};

fn create() -> OpenOptions {
    OpenOptions {
        create_if_missing: true,
        ..OpenOptions::default()
    }
}

/// Properties exercising every storable value type, varied by `i`.
fn properties(i: u64) -> Properties {
    let mut p = Properties::new();
    p.insert(
        "name".into(),
        Value::String(format!("Institution {i} 病院")),
    );
    p.insert("seq".into(), Value::Int(i as i64 - 5_000));
    p.insert("weight".into(), Value::Float(i as f64 / 7.0));
    p.insert("active".into(), Value::Bool(i % 2 == 0));
    p.insert(
        "aliases".into(),
        Value::List(vec![
            Value::String(format!("I{i}")),
            Value::String("別名".into()),
        ]),
    );
    p.insert(
        "scores".into(),
        Value::List(vec![Value::Int(1), Value::Float(2.5)]),
    );
    if i % 3 == 0 {
        p.insert("empty".into(), Value::List(Vec::new()));
    }
    p
}

type Snapshot = (Vec<kizuna::Node>, Vec<kizuna::Relationship>);

fn snapshot(db: &Database) -> Snapshot {
    (db.nodes().collect(), db.relationships().collect())
}

#[test]
fn a_large_graph_survives_close_and_reopen_identically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let before = {
        let mut db = Database::open(&path, create()).unwrap();
        db.write(|tx| {
            let ids: Vec<u64> = (0..10_000)
                .map(|i| {
                    let labels =
                        vec![["Hospital", "University", "Ministry"][i as usize % 3].to_string()];
                    tx.create_node(labels, properties(i))
                })
                .collect::<Result<_, _>>()?;
            for j in 0..50_000u64 {
                let start = ids[(j * 7919 % 10_000) as usize];
                let end = ids[(j * 104_729 % 10_000) as usize];
                let mut p = Properties::new();
                p.insert("amount".into(), Value::Float(j as f64 * 1.5));
                p.insert(
                    "date".into(),
                    Value::String(format!("2020-{:02}", j % 12 + 1)),
                );
                p.insert("year".into(), Value::Int(2000 + (j % 25) as i64));
                tx.create_relationship(
                    ["FUNDED", "PARTNERED_WITH"][j as usize % 2],
                    start,
                    end,
                    p,
                )?;
            }
            Ok(())
        })
        .unwrap();
        snapshot(&db)
    };
    assert_eq!(before.0.len(), 10_000);
    assert_eq!(before.1.len(), 50_000);
    let db = Database::open(&path, create()).unwrap();
    assert_eq!(snapshot(&db), before);
    assert_eq!(db.graph().label_count("Hospital"), 3_334);
    assert_eq!(db.graph().type_count("FUNDED"), 25_000);
    assert_eq!(db.graph().nodes_named("i42").count(), 1);
    drop(db);
    // 60,000 delta records exceed the threshold: the write ended with a snapshot, which
    // the reopen read back in many chunks.
    let report = kizuna::check::check(&path).unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!((report.snapshot, report.deltas), (Some(1), 0), "{report}");
}

#[test]
fn a_failed_write_leaves_no_trace_on_disk_or_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut db = Database::open(&path, create()).unwrap();
    let kept = db
        .write(|tx| tx.create_node(vec!["Hospital".into()], properties(1)))
        .unwrap();
    let before = snapshot(&db);

    let outcome = db.write(|tx| {
        let a = tx.create_node(vec!["Agency".into()], properties(2))?;
        tx.set_node_property(kept, "name", Value::from("renamed"))?;
        tx.create_relationship("FUNDED", a, kept, Properties::new())?;
        tx.create_relationship("FUNDED", a, 9_999, Properties::new())
    });
    assert!(matches!(
        outcome,
        Err(Error::Write(WriteError::NoSuchNode(9_999)))
    ));
    assert_eq!(snapshot(&db), before, "memory changed after a failed write");
    assert_eq!(db.graph().nodes_named("renamed").count(), 0);
    assert_eq!(db.graph().label_count("Agency"), 0);
    drop(db);

    let db = Database::open(&path, create()).unwrap();
    assert_eq!(snapshot(&db), before, "disk changed after a failed write");
    // Ids of the failed write are free again; a later write does not collide.
    let mut db = db;
    let next = db
        .write(|tx| tx.create_node(vec![], Properties::new()))
        .unwrap();
    assert!(next > kept);
}

#[test]
fn unstorable_values_are_refused() {
    let mut db = Database::open_temporary().unwrap();
    let mut p = Properties::new();
    p.insert("nested".into(), Value::Map(BTreeMap::new()));
    let outcome = db.write(|tx| tx.create_node(vec![], p));
    assert!(matches!(
        outcome,
        Err(Error::Write(WriteError::InvalidPropertyValue { .. }))
    ));
    assert_eq!(db.nodes().count(), 0);
}

#[test]
fn deleting_a_connected_node_needs_detach() {
    let mut db = Database::open_temporary().unwrap();
    let (a, b) = db
        .write(|tx| {
            let a = tx.create_node(vec![], Properties::new())?;
            let b = tx.create_node(vec![], Properties::new())?;
            tx.create_relationship("PART_OF", a, b, Properties::new())?;
            Ok((a, b))
        })
        .unwrap();
    assert!(matches!(
        db.write(|tx| tx.delete_node(a, false)),
        Err(Error::Write(WriteError::NodeHasRelationships(_)))
    ));
    db.write(|tx| tx.delete_node(a, true)).unwrap();
    assert_eq!(db.relationships().count(), 0);
    assert!(db.graph().node(b).is_some());
}

#[test]
fn a_directory_of_other_files_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let err = Database::open(dir.path(), create()).err().unwrap();
    assert!(
        matches!(err, Error::Store(StoreError::NotADatabase { .. })),
        "{err}"
    );
    assert!(
        err.to_string().contains("is not a kizuna database"),
        "{err}"
    );
}

#[test]
fn a_file_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    let err = Database::open(&file, create()).err().unwrap();
    assert!(err.to_string().contains("is a file"), "{err}");
}

#[test]
fn a_newer_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    drop(Database::open(&path, create()).unwrap());
    {
        let raw = raw_sled(&path);
        raw.insert(b"m/format", &99u32.to_be_bytes()).unwrap();
        raw.flush().unwrap();
    }
    let err = Database::open(&path, create()).err().unwrap();
    assert!(
        matches!(err, Error::Store(StoreError::NewerFormat { found: 99, .. })),
        "{err}"
    );
    assert!(err.to_string().contains("format version 99"), "{err}");
}

#[test]
fn a_missing_database_is_not_created_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let err = Database::open(dir.path().join("absent"), OpenOptions::default())
        .err()
        .unwrap();
    assert!(
        matches!(err, Error::Store(StoreError::Missing { .. })),
        "{err}"
    );
    assert!(!dir.path().join("absent").exists());
}

#[test]
fn read_only_refuses_typed_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    drop(Database::open(&path, create()).unwrap());
    let mut db = Database::open(
        &path,
        OpenOptions {
            read_only: true,
            create_if_missing: false,
        },
    )
    .unwrap();
    let outcome = db.write(|tx| tx.create_node(vec![], Properties::new()));
    assert!(matches!(outcome, Err(Error::Write(WriteError::ReadOnly))));
}

#[test]
fn a_database_whose_data_file_vanished_is_not_taken_for_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let mut db = Database::open(&path, create()).unwrap();
        db.write(|tx| tx.create_node(vec!["Hospital".into()], properties(7)))
            .unwrap();
    }
    for entry in std::fs::read_dir(&path).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "db" || name.starts_with("snap.") {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    let err = Database::open(&path, create())
        .err()
        .expect("an emptied database must not open as empty");
    assert!(
        matches!(err, Error::Store(StoreError::Corrupt { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("`db` is missing"), "{err}");
}

#[test]
fn a_database_reopens_at_once_after_closing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    for round in 0..50 {
        let mut db =
            Database::open(&path, create()).unwrap_or_else(|e| panic!("round {round}: {e}"));
        db.write(|tx| tx.create_node(vec![], Properties::new()))
            .unwrap();
    }
    assert_eq!(Database::open(&path, create()).unwrap().nodes().count(), 50);
}

/// Writes on top of a snapshot (updates, deletions of records the snapshot holds, new
/// records, deletions of those) survive reopening, and a new snapshot absorbs them.
#[test]
fn writes_after_a_snapshot_override_it_and_the_next_snapshot_absorbs_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut db = Database::open(&path, create()).unwrap();
    let (nodes, rels) = db
        .write(|tx| {
            let nodes: Vec<u64> = (0..300)
                .map(|i| tx.create_node(vec![format!("K{}", i % 4)], properties(i)))
                .collect::<Result<_, _>>()?;
            let rels: Vec<u64> = (0..600u64)
                .map(|j| {
                    let mut p = Properties::new();
                    p.insert("n".into(), Value::Int(j as i64));
                    tx.create_relationship(
                        ["A", "B"][j as usize % 2],
                        nodes[(j * 7 % 300) as usize],
                        nodes[(j * 13 % 300) as usize],
                        p,
                    )
                })
                .collect::<Result<_, _>>()?;
            Ok((nodes, rels))
        })
        .unwrap();
    db.write_snapshot().unwrap();
    let report = |path: &std::path::Path| kizuna::check::check(path).unwrap();
    db.write(|tx| {
        tx.set_node_property(nodes[3], "name", Value::from("renamed"))?;
        tx.add_label(nodes[4], "Extra")?;
        tx.delete_relationship(rels[10])?;
        tx.delete_node(nodes[5], true)?;
        tx.set_relationship_property(rels[11], "n", Value::from("changed"))?;
        let fresh = tx.create_node(vec!["New".into()], properties(1_000))?;
        let gone = tx.create_node(vec!["Gone".into()], Properties::new())?;
        tx.create_relationship("C", fresh, nodes[0], Properties::new())?;
        tx.delete_node(gone, false)
    })
    .unwrap();
    let expected = snapshot(&db);
    drop(db);
    let check = report(&path);
    assert!(check.is_clean(), "{check}");
    assert_eq!(check.snapshot, Some(1));
    assert!(check.deltas > 0, "{check}");

    let mut db = Database::open(&path, create()).unwrap();
    assert_eq!(snapshot(&db), expected);
    assert_eq!(db.graph().nodes_named("renamed").count(), 1);
    assert_eq!(db.graph().label_count("Gone"), 0);
    db.write_snapshot().unwrap();
    drop(db);
    let check = report(&path);
    assert!(check.is_clean(), "{check}");
    assert_eq!((check.snapshot, check.deltas), (Some(2), 0), "{check}");
    let db = Database::open(&path, create()).unwrap();
    assert_eq!(snapshot(&db), expected);
    // Ids go on after the highest ever handed out, deleted ones included.
    drop(db);
    let mut db = Database::open(&path, create()).unwrap();
    let next = db
        .write(|tx| tx.create_node(vec![], Properties::new()))
        .unwrap();
    assert_eq!(next, 302);
}

/// A database written before snapshots existed (format 1, a record per key) opens as it
/// is; a writable open with a large enough log turns it into a snapshot.
#[test]
fn a_format_1_database_opens_and_is_snapshotted_when_its_log_is_large() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let expected = {
        let mut db = Database::open(&path, create()).unwrap();
        db.write(|tx| {
            for i in 0..50 {
                let a = tx.create_node(vec!["Old".into()], properties(i))?;
                tx.create_relationship("R", a, a, Properties::new())?;
            }
            Ok(())
        })
        .unwrap();
        snapshot(&db)
    };
    {
        let raw = raw_sled(&path);
        raw.insert(b"m/format", &1u32.to_be_bytes()).unwrap();
        raw.flush().unwrap();
    }
    let check = kizuna::check::check(&path).unwrap();
    assert!(check.is_clean(), "{check}");
    assert_eq!(
        (check.format, check.snapshot, check.deltas),
        (Some(1), None, 100)
    );
    let read_only = OpenOptions {
        read_only: true,
        ..OpenOptions::default()
    };
    assert_eq!(
        snapshot(&Database::open(&path, read_only).unwrap()),
        expected
    );
    // Neither a read-only open nor a read writes anything.
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("kizuna"))
        .env(kizuna::store::SNAPSHOT_MIN_DELTAS_ENV, "60")
        .arg("--db")
        .arg(&path)
        .args(["--read-only", "-e", "MATCH (n) RETURN count(n)"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let check = kizuna::check::check(&path).unwrap();
    assert_eq!(
        (check.format, check.snapshot, check.deltas),
        (Some(1), None, 100)
    );
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("kizuna"))
        .env(kizuna::store::SNAPSHOT_MIN_DELTAS_ENV, "60")
        .arg("--db")
        .arg(&path)
        .args(["-e", "MATCH (n) RETURN count(n)"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let check = kizuna::check::check(&path).unwrap();
    assert!(check.is_clean(), "{check}");
    assert_eq!(
        (check.format, check.snapshot, check.deltas),
        (Some(kizuna::store::FORMAT_VERSION), Some(1), 0)
    );
    assert_eq!(
        snapshot(&Database::open(&path, create()).unwrap()),
        expected
    );
}

/// Runs `script` on the database at `path` with a snapshot due past 12 delta records, and
/// checks the database after it.
fn run_with_low_snapshot_floor(path: &Path, script: &str) -> kizuna::check::CheckReport {
    let file = path.with_extension("cypher");
    std::fs::write(&file, script).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("kizuna"))
        .env(kizuna::store::SNAPSHOT_MIN_DELTAS_ENV, "12")
        .arg("--db")
        .arg(path)
        .arg("run")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let check = kizuna::check::check(path).unwrap();
    assert!(check.is_clean(), "{check}");
    check
}

/// Writing the same records again and again counts once toward the delta log's
/// threshold; only the commit log's own growth, at four times the threshold in entries,
/// brings a snapshot forward.
#[test]
fn rewriting_the_same_records_brings_a_snapshot_only_at_four_times_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let run = |script: String| run_with_low_snapshot_floor(&path, &script);
    let rewrites = |from: usize, to: usize| -> String {
        (from..to)
            .map(|n| format!("MATCH (i:Item) SET i.n = {n};\n"))
            .collect()
    };
    let created = run("UNWIND range(1, 5) AS seq CREATE (:Item {seq: seq});\n".to_owned());
    // 5 entries for the creation and 40 for the rewrites: within 4 × 12.
    let rewritten = run(rewrites(0, 8));
    assert_eq!(rewritten.snapshot, created.snapshot, "{rewritten}");
    assert_eq!(rewritten.deltas, 5, "{rewritten}");
    let bounded = run(rewrites(8, 9));
    assert_ne!(bounded.snapshot, created.snapshot, "{bounded}");
    assert_eq!(bounded.deltas, 0, "{bounded}");
    let grown = run("UNWIND range(1, 20) AS k CREATE (:Other {k: k});\n".to_owned());
    assert_ne!(grown.snapshot, bounded.snapshot, "{grown}");
    assert_eq!(grown.deltas, 0, "{grown}");
    let mut db = Database::open(&path, create()).unwrap();
    let rows = db
        .execute("MATCH (i:Item) RETURN collect(DISTINCT i.n) AS n")
        .unwrap();
    assert_eq!(rows.rows, vec![vec![Value::List(vec![Value::Int(8)])]]);
}

/// A commit is a few records of the commit log, and a snapshot marks where the log it
/// holds ends: commit records left below that mark (a crash between the snapshot's flip
/// and their removal) are never applied, though they hold older values, and the next
/// writable open removes them. A damaged commit record fails the open and the check.
#[test]
fn commit_records_the_snapshot_holds_are_never_applied() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let commit_records = |path: &Path| -> Vec<(sled::IVec, sled::IVec)> {
        let raw = raw_sled(path);
        raw.scan_prefix(b"c/").map(Result::unwrap).collect()
    };
    {
        let mut db = Database::open(&path, create()).unwrap();
        db.execute("UNWIND range(1, 5000) AS seq CREATE (:Item {seq: seq, n: 0})")
            .unwrap();
    }
    let first = commit_records(&path);
    // Five thousand records of about thirty bytes: one commit, in two parts.
    assert_eq!(first.len(), 2);
    {
        let mut db = Database::open(&path, create()).unwrap();
        db.execute("MATCH (i:Item) SET i.n = 1").unwrap();
        db.write_snapshot().unwrap();
        db.execute("MATCH (i:Item {seq: 1}) SET i.n = 2").unwrap();
    }
    assert_eq!(commit_records(&path).len(), 1);
    {
        let raw = raw_sled(&path);
        for (k, v) in &first {
            raw.insert(k, v).unwrap();
        }
        raw.flush().unwrap();
    }
    let unrecovered = kizuna::store::Store::open_unrecovered(&path, kizuna::store::Access::Read)
        .unwrap()
        .load()
        .unwrap();
    let zeroes = unrecovered.nodes.iter();
    let zeroes = zeroes.filter(|n| n.properties.get("n") == Some(&Value::Int(0)));
    assert_eq!(zeroes.count(), 0, "a stale commit record was applied");
    let report = kizuna::check::check(&path).unwrap();
    assert!(report.is_clean(), "{report}");
    assert!(
        report.notes.iter().any(|n| n.contains("2 commit records")),
        "{report}"
    );
    let n_values = |db: &mut Database| {
        let result = db
            .execute("MATCH (i:Item) RETURN i.n AS n, count(*) AS c ORDER BY n")
            .unwrap();
        result.rows
    };
    let expected = vec![
        vec![Value::Int(1), Value::Int(4999)],
        vec![Value::Int(2), Value::Int(1)],
    ];
    let mut db = Database::open(&path, create()).unwrap();
    assert_eq!(n_values(&mut db), expected);
    drop(db);
    let report = kizuna::check::check(&path).unwrap();
    assert!(
        !report.notes.iter().any(|n| n.contains("commit")),
        "{report}"
    );
    assert_eq!(commit_records(&path).len(), 1);

    let (k, mut v) = commit_records(&path).remove(0);
    let last = v.len() - 1;
    let mut damaged = v.to_vec();
    damaged[last] ^= 0x40;
    v = damaged.into();
    let raw = raw_sled(&path);
    raw.insert(k, v).unwrap();
    raw.flush().unwrap();
    drop(raw);
    let report = kizuna::check::check(&path).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("commit record c/") && p.contains("checksum")),
        "{report}"
    );
    match Database::open(&path, create()) {
        Err(Error::Store(StoreError::Corrupt { key, .. })) => {
            assert!(key.starts_with("c/") && !key.contains('\0'), "{key:?}");
        }
        other => panic!("opened a damaged commit record: {:?}", other.err()),
    }
}

/// With a low threshold, ordinary writes replace the snapshot again and again; nothing
/// is lost and no stale chunk stays behind.
#[test]
fn a_growing_delta_log_triggers_new_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut script = String::from("CREATE (:Item {seq: 0});\n");
    for seq in 1..60 {
        script.push_str(&format!(
            "MATCH (p:Item {{seq: {}}}) CREATE (p)-[:NEXT]->(:Item {{seq: {seq}}});\n",
            seq - 1
        ));
        if seq % 7 == 0 {
            script.push_str(&format!(
                "MATCH (p:Item {{seq: {}}}) DETACH DELETE p;\n",
                seq - 3
            ));
        }
    }
    let check = run_with_low_snapshot_floor(&path, &script);
    assert!(check.snapshot.is_some_and(|g| g >= 5), "{check}");
    assert!(check.deltas <= 13, "{check}");
    let db = Database::open(&path, create()).unwrap();
    assert_eq!(db.graph().label_count("Item"), 60 - 8);
    assert_eq!(db.graph().type_count("NEXT"), 59 - 2 * 8);
}

/// A format-1 import that crashed left its records under their ordinary keys and its
/// marker `m/import/<id>` (the first node and relationship ids it used): the next open
/// still removes them.
#[test]
fn a_format_1_import_left_by_a_crash_is_discarded_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let kept = {
        let mut db = Database::open(&path, create()).unwrap();
        db.write(|tx| {
            let a = tx.create_node(vec!["Kept".into()], properties(1))?;
            let b = tx.create_node(vec!["Kept".into()], properties(2))?;
            tx.create_relationship("R", a, b, Properties::new())
        })
        .unwrap();
        snapshot(&db)
    };
    {
        let raw = raw_sled(&path);
        raw.insert(b"m/format", &1u32.to_be_bytes()).unwrap();
        // The imported records, as format 1 wrote them: a key per record, holding the
        // record version and bincode's encoding of the record.
        let key = |prefix: &[u8], id: u64| [prefix, &id.to_be_bytes()[..]].concat();
        let imported = |seq| (vec!["Imported".to_owned()], properties(seq));
        raw.insert(key(b"n/", 2), format_1_record(&imported(3)))
            .unwrap();
        raw.insert(key(b"n/", 3), format_1_record(&imported(4)))
            .unwrap();
        let rel = ("R".to_owned(), 2u64, 0u64, Properties::new());
        raw.insert(key(b"e/", 1), format_1_record(&rel)).unwrap();
        raw.insert(b"m/next_node", &4u64.to_be_bytes()).unwrap();
        raw.insert(b"m/next_rel", &2u64.to_be_bytes()).unwrap();
        // Record version 1, then bincode's varints: first node 2, first relationship 1.
        let mut marker = b"m/import/".to_vec();
        marker.extend_from_slice(&0u64.to_be_bytes());
        raw.insert(marker, &[1u8, 2, 1][..]).unwrap();
        raw.flush().unwrap();
    }
    let report = kizuna::check::check(&path).unwrap();
    // What a crash left is a note (the next writable open clears it), not damage.
    assert!(
        report.notes.iter().any(|p| p.contains("left unfinished")),
        "{report}"
    );
    let db = Database::open(&path, create()).unwrap();
    assert_eq!(snapshot(&db), kept);
    drop(db);
    let report = kizuna::check::check(&path).unwrap();
    assert!(report.is_clean(), "{report}");
}

/// The graph built at open straight from the snapshot's chunks (with the delta log
/// applied over them) is the one built from owned records merged with the log: same
/// records, same indexes, same known labels, types and keys.
#[test]
fn the_graph_built_from_chunks_equals_the_one_built_from_owned_records() {
    use kizuna::graph::{normalize_name, LoadChunk};
    use kizuna::store::Store;
    use kizuna::Graph;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut db = Database::open(&path, create()).unwrap();
    let (nodes, rels) = db
        .write(|tx| {
            let mut nodes = Vec::new();
            for i in 0..400u64 {
                // Words used as a label, a type and a key at once; nodes without labels
                // or properties; names of every kind.
                let labels = match i % 5 {
                    0 => vec![],
                    1 => vec!["name".to_string()],
                    2 => vec!["T".to_string(), format!("K{}", i % 3)],
                    _ => vec![format!("K{}", i % 3)],
                };
                let mut p = if i % 7 == 0 {
                    Properties::new()
                } else {
                    properties(i)
                };
                if i % 4 == 1 {
                    p.insert("name_ja".into(), Value::from(format!("  病院　{i} ")));
                    p.insert("T".into(), Value::Int(i as i64));
                }
                if i % 6 == 2 {
                    p.insert("name".into(), Value::Int(i as i64));
                }
                nodes.push(tx.create_node(labels, p)?);
            }
            let mut rels = Vec::new();
            for j in 0..1_200u64 {
                let mut p = Properties::new();
                if j % 3 != 0 {
                    p.insert("name".into(), Value::from(format!("r{}", j % 50)));
                    p.insert("w".into(), Value::Float(j as f64 / 3.0));
                }
                let rel_type = ["T", "name", "K1", "U"][j as usize % 4];
                rels.push(tx.create_relationship(
                    rel_type,
                    nodes[(j * 7 % 400) as usize],
                    nodes[(j * 13 % 400) as usize],
                    p,
                )?);
            }
            Ok((nodes, rels))
        })
        .unwrap();
    db.write_snapshot().unwrap();
    db.write(|tx| {
        tx.set_node_property(nodes[3], "name", Value::from("Renamed  One"))?;
        tx.add_label(nodes[4], "Extra")?;
        tx.remove_label(nodes[8], "K2")?;
        tx.delete_relationship(rels[10])?;
        tx.delete_node(nodes[5], true)?;
        tx.set_relationship_property(rels[11], "w", Value::from("changed"))?;
        tx.set_relationship_property(rels[12], "fresh_key", Value::Int(1))?;
        let fresh = tx.create_node(vec!["New".into(), "U".into()], properties(1_000))?;
        let gone = tx.create_node(vec!["Gone".into()], Properties::new())?;
        tx.create_relationship("NewType", fresh, nodes[0], Properties::new())?;
        tx.create_relationship("T", nodes[1], fresh, properties(3))?;
        tx.delete_node(gone, false)
    })
    .unwrap();
    drop(db);

    let store = Store::open(&path, kizuna::store::Access::Write { create: false }).unwrap();
    let owned = store.load_with(Graph::from_records).unwrap();
    let chunked = store
        .load_chunks(LoadChunk::new, Graph::from_chunks)
        .unwrap();
    drop(store);
    assert_eq!(chunked.index_problems(), Vec::<String>::new());
    assert_eq!(owned.index_problems(), Vec::<String>::new());
    let records = |g: &Graph| {
        let nodes: Vec<_> = g
            .node_ids()
            .into_iter()
            .filter_map(|id| g.node(id).map(|n| n.to_node()))
            .collect();
        let rels: Vec<_> = g
            .relationship_ids()
            .into_iter()
            .filter_map(|id| g.relationship(id).map(|r| r.to_relationship()))
            .collect();
        (nodes, rels)
    };
    let (chunked_records, owned_records) = (records(&chunked), records(&owned));
    assert_eq!(chunked_records.0.len(), 400 + 1 - 1);
    assert_eq!(chunked_records, owned_records);
    assert_eq!(chunked.labels(), owned.labels());
    assert_eq!(chunked.relationship_types(), owned.relationship_types());
    assert_eq!(chunked.property_keys(), owned.property_keys());
    assert_eq!(chunked.type_counts(), owned.type_counts());
    for word in [
        "name", "T", "K1", "K2", "U", "Gone", "New", "NewType", "w", "zzz",
    ] {
        assert_eq!(chunked.knows_label(word), owned.knows_label(word), "{word}");
        assert_eq!(chunked.knows_type(word), owned.knows_type(word), "{word}");
        assert_eq!(
            chunked.knows_property_key(word),
            owned.knows_property_key(word),
            "{word}"
        );
        assert_eq!(chunked.label_count(word), owned.label_count(word), "{word}");
        assert_eq!(chunked.type_count(word), owned.type_count(word), "{word}");
    }
    let mut names: Vec<_> = chunked
        .name_entries()
        .map(|(n, ids)| (n.to_string(), ids.to_vec()))
        .collect();
    let mut owned_names: Vec<_> = owned
        .name_entries()
        .map(|(n, ids)| (n.to_string(), ids.to_vec()))
        .collect();
    names.sort();
    owned_names.sort();
    assert_eq!(names, owned_names);
    assert_eq!(
        chunked.nodes_named(&normalize_name("Renamed One")).count(),
        1
    );
    assert_eq!(
        chunked
            .nodes_named(&normalize_name("病院 9"))
            .collect::<Vec<_>>(),
        vec![9]
    );
    // Relationships keep their place among their nodes' relationships.
    for id in chunked.node_ids() {
        let at = |g: &Graph| -> Vec<u64> {
            g.relationships_at(id, kizuna::graph::Direction::Both)
                .map(|(r, _)| r.id())
                .collect()
        };
        assert_eq!(at(&chunked), at(&owned), "node {id}");
    }
    // Writes after the load intern new words past the snapshot's numbers.
    let mut chunked = chunked;
    chunked.begin();
    let a = chunked.create_node(vec!["Brand".into(), "name".into()], properties(5));
    chunked.create_relationship("Novel".into(), a, 1, properties(6));
    chunked.finish();
    assert_eq!(chunked.index_problems(), Vec::<String>::new());
    assert_eq!(chunked.label_count("Brand"), 1);
    assert_eq!(chunked.label_count("name"), owned.label_count("name") + 1);
    assert_eq!(chunked.type_count("Novel"), 1);
}

/// Type numbers past what a relationship record packs (a dictionary of more than 65,535
/// words) keep their type in the blob, whichever way the graph is built.
#[test]
fn types_past_the_packed_range_load_from_chunks() {
    use kizuna::graph::LoadChunk;
    use kizuna::store::Store;
    use kizuna::Graph;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut db = Database::open(&path, create()).unwrap();
    let count = 65_540u64;
    db.write(|tx| {
        let a = tx.create_node(vec!["A".into()], Properties::new())?;
        let b = tx.create_node(vec![], properties(1))?;
        for t in 0..count {
            let mut p = Properties::new();
            if t % 2 == 1 {
                p.insert("k".into(), Value::Int(t as i64));
            }
            tx.create_relationship(&format!("T{t}"), a, b, p)?;
        }
        Ok(())
    })
    .unwrap();
    db.write_snapshot().unwrap();
    drop(db);
    let store = Store::open(&path, kizuna::store::Access::Write { create: false }).unwrap();
    let owned = store.load_with(Graph::from_records).unwrap();
    let chunked = store
        .load_chunks(LoadChunk::new, Graph::from_chunks)
        .unwrap();
    drop(store);
    assert_eq!(chunked.index_problems(), Vec::<String>::new());
    for id in [0, 1, 65_533, 65_534, 65_535, 65_536, count - 1] {
        let rel = chunked.relationship(id).map(|r| r.to_relationship());
        assert_eq!(rel, owned.relationship(id).map(|r| r.to_relationship()));
        assert_eq!(
            rel.map(|r| r.rel_type),
            Some(format!("T{id}")),
            "relationship {id}"
        );
    }
    assert_eq!(chunked.type_count("T65539"), 1);
    assert_eq!(chunked.relationships_of_type("T65537").count(), 1);
}

/// Runs the binary on `path` with `args`; its standard output, after checking it succeeded.
fn kizuna_output(path: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("kizuna"))
        .arg("--db")
        .arg(path)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// `tests/fixtures/format-2.tgz` is a database written by the build before format 3 (a
/// snapshot, delta records over it, a property index). It reads as it is, a read-only
/// open leaves it format 2, and the first writable open upgrades it in place with every
/// record and the index kept.
#[test]
fn a_format_2_database_opens_and_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format-2.tgz");
    let untar = std::process::Command::new("tar")
        .arg("xzf")
        .arg(&fixture)
        .arg("-C")
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(untar.success());
    let path = dir.path().join("format-2");
    let before = kizuna::check::check(&path).unwrap();
    assert!(before.is_clean(), "{before}");
    assert_eq!((before.format, before.snapshot.is_some()), (Some(2), true));

    let query = "MATCH (n) OPTIONAL MATCH (n)-[r:FUNDED]->(m) \
                 RETURN n.name, n.founded, n.checked, r.amount, r.date, m.name ORDER BY n.name";
    let expected = "n.name,n.founded,n.checked,r.amount,r.date,m.name\n\
                    JICA,1974,,,,\n\
                    KazNMU,,true,,,\n\
                    NCGM,1868,,1.5,2020-06,KazNMU\n";
    assert_eq!(
        kizuna_output(&path, &["--read-only", "--format", "csv", "-e", query]),
        expected
    );
    let read = kizuna::check::check(&path).unwrap();
    assert_eq!(read.format, Some(2), "a read-only open writes nothing");

    assert_eq!(
        kizuna_output(&path, &["--format", "csv", "-e", query]),
        expected
    );
    let after = kizuna::check::check(&path).unwrap();
    assert!(after.is_clean(), "{after}");
    assert_eq!(after.format, Some(kizuna::store::FORMAT_VERSION));
    let indexes = kizuna_output(&path, &["--format", "csv", "-e", "SHOW INDEXES"]);
    assert!(
        indexes.contains("Hospital") && indexes.contains("founded"),
        "{indexes}"
    );

    // What format 3 is for: temporal values, in the log and in a snapshot.
    let write = "MATCH (n:Hospital) SET n.since = date('1868-07-01'), n.term = duration('P2Y')";
    kizuna_output(&path, &["-e", write]);
    let read_back = "MATCH (n:Hospital) RETURN n.since, n.since.year, n.term";
    let expected = "n.since,n.since.year,n.term\n1868-07-01,1868,P2Y\n";
    assert_eq!(
        kizuna_output(&path, &["--format", "csv", "-e", read_back]),
        expected
    );
    let mut db = Database::open(&path, create()).unwrap();
    db.write_snapshot().unwrap();
    drop(db);
    assert_eq!(
        kizuna_output(&path, &["--format", "csv", "-e", read_back]),
        expected
    );
}

/// The database's sled tree opened directly, waiting (as kizuna's own open does) for the
/// lock that sled's background flusher may hold a moment after a database closed.
fn raw_sled(path: &std::path::Path) -> sled::Db {
    let started = std::time::Instant::now();
    loop {
        match sled::open(path) {
            Ok(db) => return db,
            Err(e) if started.elapsed() > std::time::Duration::from_secs(10) => {
                panic!("cannot open {}: {e}", path.display())
            }
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
}

/// A record as the per-record keys of formats 1 to 3 hold it: the record version, then
/// bincode's encoding.
fn format_1_record<T: serde::Serialize>(record: &T) -> Vec<u8> {
    let mut bytes = vec![1u8];
    bytes.extend(bincode::serde::encode_to_vec(record, bincode::config::standard()).unwrap());
    bytes
}
