//! Hardening through the real binary: resource limits, `kizuna check`, read-only refusals,
//! and databases damaged on disk (a clear error or a successful open, never a panic).

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use kizuna::store::{Changes, Store};
use kizuna::{Node, Relationship};

fn kizuna(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kizuna").unwrap();
    cmd.arg("--db").arg(db).env_remove("KIZUNA_DB");
    cmd
}

fn run(db: &Path, args: &[&str]) -> Output {
    kizuna(db).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A database holding a chain of `n` nodes joined by NEXT relationships.
fn chain(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (nodes, edges) = (dir.path().join("n.csv"), dir.path().join("e.csv"));
    let mut csv = String::from("id:ID,:LABEL,i:int\n");
    for i in 0..n {
        csv.push_str(&format!("c{i},C,{i}\n"));
    }
    std::fs::write(&nodes, csv).unwrap();
    let mut csv = String::from(":START_ID,:END_ID,:TYPE\n");
    for i in 1..n {
        csv.push_str(&format!("c{},c{i},NEXT\n", i - 1));
    }
    std::fs::write(&edges, csv).unwrap();
    let out = kizuna(&db)
        .arg("import")
        .arg("--nodes")
        .arg(&nodes)
        .arg("--edges")
        .arg(&edges)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, db)
}

fn export(db: &Path) -> String {
    let out = run(db, &["export", "--format", "json", "-o", "-"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

// ---- limits ------------------------------------------------------------------------------

#[test]
fn an_unbounded_star_stops_at_the_depth_limit_and_says_how_to_raise_it() {
    let (_dir, db) = chain(150);
    let query = "MATCH (a:C {i: 0})-[*]->(b) RETURN count(b)";
    let out = run(&db, &["-e", query]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("LimitExceeded"), "{stderr}");
    assert!(stderr.contains("depth limit of 100"), "{stderr}");
    assert!(stderr.contains("--max-depth"), "{stderr}");
    // Raised, the same query answers; a bounded pattern within the limit never fails.
    let out = run(&db, &["--max-depth", "200", "-e", query]);
    assert_eq!(
        text(&out.stdout),
        "count(b)\n149\n",
        "{}",
        text(&out.stderr)
    );
    let out = run(
        &db,
        &["-e", "MATCH (a:C {i: 0})-[*..60]->(b) RETURN count(b)"],
    );
    assert_eq!(text(&out.stdout), "count(b)\n60\n");
    // A short graph never reaches the limit, whatever the pattern.
    let out = run(
        &db,
        &[
            "--max-depth",
            "1",
            "-e",
            "MATCH (a:C {i: 148})-[*]->(b) RETURN b.i",
        ],
    );
    assert_eq!(text(&out.stdout), "b.i\n149\n", "{}", text(&out.stderr));
    // The ceiling is enforced by the argument parser.
    let out = run(&db, &["--max-depth", "0", "-e", "RETURN 1"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&db, &["--max-depth", "10001", "-e", "RETURN 1"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_deepest_allowed_expansion_does_not_exhaust_the_stack() {
    let (_dir, db) = chain(10_050);
    let out = run(
        &db,
        &[
            "--max-depth",
            "10000",
            "-e",
            "MATCH (a:C {i: 0})-[*]->(b) RETURN count(b)",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("depth limit of 10000"), "{stderr}");
}

#[test]
fn the_row_limit_stops_a_huge_result_while_it_is_produced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    // Without the early check this would build 10^12 rows.
    let query = "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN a, b";
    let out = run(&db, &["--max-rows", "10", "--timeout", "60", "-e", query]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("row limit of 10"), "{stderr}");
    assert!(stderr.contains("--max-rows"), "{stderr}");
    // Aggregation over many rows is not a long result.
    let query = "UNWIND range(1, 1000) AS a RETURN count(*) AS n";
    let out = run(&db, &["--max-rows", "1", "-e", query]);
    assert_eq!(text(&out.stdout), "n\n1000\n", "{}", text(&out.stderr));
}

#[test]
fn the_time_limit_stops_huge_unwinds_and_collects() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    for query in [
        "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN count(*)",
        "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN size(collect(b))",
    ] {
        let out = run(&db, &["--timeout", "0.5", "-e", query]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{query}: {stderr}");
        assert!(stderr.contains("time limit"), "{stderr}");
        assert!(stderr.contains("--timeout"), "{stderr}");
    }
    for bad in ["-1", "0", "nan", "inf", "soon"] {
        let out = run(&db, &["--timeout", bad, "-e", "RETURN 1"]);
        assert_eq!(out.status.code(), Some(2), "--timeout {bad}");
        assert!(!text(&out.stderr).contains("panicked"));
    }
}

// ---- read-only ---------------------------------------------------------------------------

#[test]
fn read_only_refuses_every_write() {
    let (dir, db) = chain(3);
    let before = export(&db);
    for query in [
        "CREATE (:X)",
        "MERGE (c:C {i: 0})",
        "MERGE (c:C {i: 99})",
        "MATCH (c:C) SET c.x = 1",
        "MATCH (c:C) REMOVE c:C",
        "MATCH (c:C) DETACH DELETE c",
        "MATCH (c:C) WITH c LIMIT 1 CREATE (c)-[:R]->(c)",
    ] {
        let out = run(&db, &["--read-only", "-e", query]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{query}: {stderr}");
        assert!(stderr.contains("read-only"), "{query}: {stderr}");
    }
    let out = run(&db, &["--read-only", "seed"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("read-only"),
        "{}",
        text(&out.stderr)
    );
    let nodes = dir.path().join("n.csv");
    std::fs::write(&nodes, "id:ID,name\na,A\n").unwrap();
    let out = kizuna(&db)
        .args(["--read-only", "import", "--nodes"])
        .arg(&nodes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("read-only"),
        "{}",
        text(&out.stderr)
    );
    let script = dir.path().join("w.cypher");
    std::fs::write(&script, "MATCH (c:C) RETURN count(c);\nCREATE (:Y);\n").unwrap();
    let out = kizuna(&db)
        .args(["--read-only", "run", "--atomic"])
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // Reads and reading procedures still work.
    let out = run(
        &db,
        &[
            "--read-only",
            "-e",
            "CALL db.labels() YIELD label RETURN label",
        ],
    );
    assert_eq!(text(&out.stdout), "label\nC\n", "{}", text(&out.stderr));
    assert_eq!(export(&db), before);
}

#[test]
fn every_procedure_declares_whether_it_writes() {
    // None writes today; the table says so, and read-only relies on it.
    assert!(kizuna::query::exec::PROCEDURES.iter().all(|p| !p.writes));
}

// ---- check -------------------------------------------------------------------------------

fn check(db: &Path) -> (Option<i32>, String) {
    let out = run(db, &["check"]);
    (out.status.code(), text(&out.stdout) + &text(&out.stderr))
}

#[test]
fn check_passes_a_sound_database() {
    let (_dir, db) = chain(20);
    let (code, report) = check(&db);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("20 nodes, 19 relationships"), "{report}");
    assert!(report.contains("no problems found"), "{report}");
    let missing = db.with_file_name("missing");
    assert_eq!(check(&missing).0, Some(3));
}

#[test]
fn check_finds_dangling_relationships_and_counters_behind() {
    let (_dir, db) = chain(2);
    {
        let store = Store::open(&db, kizuna::store::Access::Write { create: false }).unwrap();
        let mut changes = Changes {
            next_node_id: 2,
            // Behind the relationship written below.
            next_rel_id: 1,
            ..Changes::default()
        };
        for id in 5..40 {
            changes.put_relationships.push(Relationship {
                id,
                rel_type: "GHOST".into(),
                start: 0,
                end: 1000 + id,
                properties: Default::default(),
            });
        }
        changes.put_nodes.push(Node {
            id: 1,
            labels: vec!["C".into()],
            properties: Default::default(),
        });
        store.commit(&changes).unwrap();
    }
    let (code, report) = check(&db);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("relationship 5 (:GHOST) ends at node 1005, which does not exist"),
        "{report}"
    );
    assert!(report.contains("the counter m/next_rel is 1"), "{report}");
    assert!(report.contains("… and "), "{report}");
    assert!(report.contains(" more"), "{report}");
}

#[test]
fn an_open_database_checks_what_is_on_disk() {
    let (_dir, db) = chain(3);
    {
        let store = Store::open(&db, kizuna::store::Access::Write { create: false }).unwrap();
        let mut changes = Changes {
            next_node_id: 3,
            next_rel_id: 10,
            ..Changes::default()
        };
        changes.put_relationships.push(Relationship {
            id: 9,
            rel_type: "GHOST".into(),
            start: 0,
            end: 77,
            properties: Default::default(),
        });
        store.commit(&changes).unwrap();
    }
    // Opening skips the dangling relationship; the check still finds it on disk.
    let open = kizuna::Database::open(&db, kizuna::OpenOptions::default()).unwrap();
    assert_eq!(open.graph().relationship_count(), 2);
    let report = open.check().unwrap();
    assert_eq!((report.nodes, report.relationships), (3, 3));
    assert_eq!(
        report.problems,
        ["relationship 9 (:GHOST) ends at node 77, which does not exist"]
    );
    let mut temporary = kizuna::Database::open_temporary().unwrap();
    temporary.execute("CREATE (:A)-[:R]->(:B)").unwrap();
    let report = temporary.check().unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!((report.nodes, report.relationships), (2, 1));
}

#[test]
fn check_notes_an_import_left_by_a_crash_without_discarding_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let nodes = dir.path().join("n.csv");
    let mut csv = String::from("id:ID,name\n");
    for i in 0..50 {
        csv.push_str(&format!("n{i},N{i}\n"));
    }
    std::fs::write(&nodes, csv).unwrap();
    let out = kizuna(&db)
        .env("KIZUNA_IMPORT_CRASH_AFTER_BATCHES", "2")
        .args(["import", "--batch-size", "10", "--nodes"])
        .arg(&nodes)
        .output()
        .unwrap();
    assert!(!out.status.success());
    // A leftover that the next open clears is a note, not damage.
    let before = files_of(&db);
    let (code, report) = check(&db);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("note: snapshot generation"), "{report}");
    assert!(report.contains("left unfinished"), "{report}");
    // The check changed nothing; an ordinary open then discards the import.
    assert_eq!(files_of(&db), before);
    assert_eq!(export(&db), "");
    assert!(run(&db, &["-e", "RETURN 1"]).status.success());
    let (code, report) = check(&db);
    assert_eq!(code, Some(0), "{report}");
    assert!(!report.contains("note:"), "{report}");
}

// ---- damage on disk ----------------------------------------------------------------------

/// A small real database: the seed dataset.
fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let out = run(&db, &["seed"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A second write, so that the log holds more than one batch.
    let out = run(&db, &["-e", "CREATE (:Extra {name: 'after the seed'})"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, db)
}

/// Every file under `dir` with its bytes, to show that something changed none of them.
fn files_of(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                pending.push(entry.path());
            } else {
                files.insert(entry.path(), std::fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn overwrite(path: &Path, at: u64, bytes: &[u8]) {
    use std::io::{Seek, SeekFrom, Write};
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(at)).unwrap();
    file.write_all(bytes).unwrap();
}

#[test]
fn damaged_databases_open_or_fail_clearly_but_never_panic() {
    let (dir, original) = seeded();
    let size = std::fs::metadata(original.join("db")).unwrap().len();
    let mut random = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        random
    };
    type Damage = Box<dyn Fn(&Path)>;
    let mut damages: Vec<(String, Damage)> = vec![
        (
            "truncate db to nothing".into(),
            Box::new(|d| {
                std::fs::File::options()
                    .write(true)
                    .open(d.join("db"))
                    .unwrap()
                    .set_len(0)
                    .unwrap()
            }),
        ),
        (
            "delete db".into(),
            Box::new(|d| std::fs::remove_file(d.join("db")).unwrap()),
        ),
        (
            "delete conf".into(),
            Box::new(|d| std::fs::remove_file(d.join("conf")).unwrap()),
        ),
        (
            "garbage conf".into(),
            Box::new(|d| std::fs::write(d.join("conf"), [0xA5u8; 62]).unwrap()),
        ),
        (
            "empty conf".into(),
            Box::new(|d| std::fs::write(d.join("conf"), b"").unwrap()),
        ),
        (
            "garbage snapshot".into(),
            Box::new(|d| {
                std::fs::write(d.join("snap.0000000000001000"), vec![0x5Au8; 4096]).unwrap()
            }),
        ),
        (
            "empty snapshot".into(),
            Box::new(|d| std::fs::write(d.join("snap.00000000000FFFFF"), b"").unwrap()),
        ),
    ];
    for fraction in [1, 3, 5, 7] {
        let at = size * fraction / 8;
        damages.push((
            format!("truncate db at {at}"),
            Box::new(move |d| {
                std::fs::File::options()
                    .write(true)
                    .open(d.join("db"))
                    .unwrap()
                    .set_len(at)
                    .unwrap()
            }),
        ));
    }
    for _ in 0..8 {
        let at = next() % size;
        let len = (next() % 200 + 1) as usize;
        let fill = (next() & 0xFF) as u8;
        damages.push((
            format!("overwrite {len} bytes at {at}"),
            Box::new(move |d| overwrite(&d.join("db"), at, &vec![fill; len])),
        ));
    }
    for (i, (what, damage)) in damages.iter().enumerate() {
        let copy = dir.path().join(format!("copy{i}"));
        copy_dir(&original, &copy);
        damage(&copy);
        let before = files_of(&copy);
        for args in [
            &["stats"][..],
            &["check"][..],
            &["--read-only", "-e", "MATCH (n) RETURN count(n)"][..],
            &["-e", "MATCH (n) RETURN count(n)"][..],
        ] {
            let out = run(&copy, args);
            if args[0] != "-e" {
                assert_eq!(
                    files_of(&copy),
                    before,
                    "{what}, {args:?} changed the files"
                );
            }
            let stderr = text(&out.stderr);
            assert!(
                !stderr.contains("panicked") && !stderr.contains("backtrace"),
                "{what}, {args:?}: {stderr}"
            );
            let code = out.status.code();
            assert!(
                matches!(code, Some(0) | Some(3)) || (args == ["check"] && code == Some(1)),
                "{what}, {args:?}: status {code:?}: {stderr}"
            );
            if code == Some(3) {
                assert_eq!(
                    stderr.trim().lines().count(),
                    1,
                    "{what}: one sentence: {stderr}"
                );
            }
        }
        let repaired = dir.path().join(format!("repair{i}"));
        repair_leaves_a_sound_database_or_says_why(&repaired, &original, what, damage);
    }
}

/// `check --repair` of a damaged copy: a database that checks clean and opens (the
/// original kept unchanged beside it), nothing to repair, or one sentence saying why not.
fn repair_leaves_a_sound_database_or_says_why(
    db: &Path,
    original: &Path,
    what: &str,
    damage: &dyn Fn(&Path),
) {
    copy_dir(original, db);
    damage(db);
    let out = run(db, &["check", "--repair"]);
    let (report, stderr) = (text(&out.stdout), text(&out.stderr));
    match out.status.code() {
        Some(0) if report.contains("nothing to repair") => {}
        Some(0) => {
            assert!(
                report.contains("the original files are kept"),
                "{what}: {report}"
            );
            let (code, after) = check(db);
            assert_eq!(code, Some(0), "{what}: {after}");
            let write = run(db, &["-e", "CREATE (:Org {name: 'after the repair'})"]);
            assert!(write.status.success(), "{what}: {}", text(&write.stderr));
        }
        code => {
            assert_eq!(code, Some(3), "{what}: {report}{stderr}");
            assert_eq!(stderr.trim().lines().count(), 1, "{what}: {stderr}");
        }
    }
}

/// A snapshot chunk that sled reads back fine but that fails its own checksum (or is
/// missing) is found by `check` and refuses to open as the "damaged" error (exit 3).
#[test]
fn damaged_or_missing_snapshot_chunks_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("db");
    let nodes = dir.path().join("n.csv");
    let edges = dir.path().join("e.csv");
    let mut n = String::from("id:ID,:LABEL,name\n");
    let mut e = String::from(":START_ID,:END_ID,:TYPE,year:int\n");
    for i in 0..200 {
        n.push_str(&format!("{i},Org,Org {i}\n"));
        e.push_str(&format!(
            "{i},{},TIES,{}\n",
            (i * 7 + 1) % 200,
            2000 + i % 20
        ));
    }
    std::fs::write(&nodes, n).unwrap();
    std::fs::write(&edges, e).unwrap();
    let out = kizuna(&original)
        .args(["import", "--batch-size", "50", "--nodes"])
        .arg(&nodes)
        .arg("--edges")
        .arg(&edges)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let chunk = |kind: u8, index: u32| {
        let mut key = b"s/".to_vec();
        key.extend_from_slice(&1u64.to_be_bytes());
        key.push(b'/');
        key.push(kind);
        key.extend_from_slice(&index.to_be_bytes());
        key
    };
    type Damage = Box<dyn Fn(&sled::Db)>;
    let damages: Vec<(&str, &str, Damage)> = vec![
        (
            "a flipped byte",
            "checksum does not match",
            Box::new(move |raw| {
                let mut bytes = raw.get(chunk(b'e', 1)).unwrap().unwrap().to_vec();
                let last = bytes.len() - 1;
                bytes[last] ^= 0x10;
                raw.insert(chunk(b'e', 1), bytes).unwrap();
            }),
        ),
        (
            "a missing chunk",
            "is missing",
            Box::new(move |raw| {
                raw.remove(chunk(b'n', 2)).unwrap();
            }),
        ),
        (
            "a damaged dictionary",
            "dictionary",
            Box::new(move |raw| {
                raw.insert(chunk(b'd', 0), &b"\x01\x00\x00\x00\x00d"[..])
                    .unwrap();
            }),
        ),
    ];
    for (i, (what, says, damage)) in damages.into_iter().enumerate() {
        let copy = dir.path().join(format!("copy{i}"));
        copy_dir(&original, &copy);
        {
            let raw = sled::open(&copy).unwrap();
            damage(&raw);
            raw.flush().unwrap();
        }
        let (code, report) = check(&copy);
        assert_eq!(code, Some(1), "{what}: {report}");
        assert!(report.contains(says), "{what}: {report}");
        let out = run(&copy, &["-e", "MATCH (n) RETURN count(n)"]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{what}: {stderr}");
        assert!(stderr.contains("damaged"), "{what}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{what}: {stderr}");
        repair_keeps_a_backup_and_what_can_be_read(&copy, what);
    }
}

/// `check --repair` moves the damaged files aside unchanged, rebuilds the database from
/// what can be read, and says what it dropped; the result checks clean and takes writes.
fn repair_keeps_a_backup_and_what_can_be_read(db: &Path, what: &str) {
    let damaged = files_of(db);
    let out = run(db, &["check", "--repair"]);
    let report = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: {report}{}",
        text(&out.stderr)
    );
    assert!(report.contains("rebuilt with the"), "{what}: {report}");
    assert!(report.contains("dropped or corrected:"), "{what}: {report}");
    let backup = report
        .lines()
        .find_map(|l| l.strip_prefix("the original files are kept, unchanged, in "))
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{what}: no backup named: {report}"));
    // The lock file names the repairing process; every other byte stays as it was.
    let data = |files: std::collections::BTreeMap<PathBuf, Vec<u8>>, root: &Path| {
        files
            .into_iter()
            .map(|(path, bytes)| (path.strip_prefix(root).unwrap().to_owned(), bytes))
            .filter(|(path, _)| path != Path::new("kizuna.pid"))
            .collect::<Vec<_>>()
    };
    assert!(
        data(files_of(&backup), &backup) == data(damaged, db),
        "{what}: the backup is not the damaged files"
    );
    let (code, after) = check(db);
    assert_eq!(code, Some(0), "{what}: {after}");
    let out = run(db, &["-e", "CREATE (:Org {name: 'after the repair'})"]);
    assert!(out.status.success(), "{what}: {}", text(&out.stderr));
    let out = run(db, &["check", "--repair"]);
    assert!(text(&out.stdout).contains("nothing to repair"), "{what}");
}
