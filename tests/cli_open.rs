//! Opening databases through the real binary: the lock held by another process, paths
//! that cannot be databases, exit statuses.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use assert_cmd::Command as AssertCommand;
use predicates::str::contains;

fn kizuna() -> AssertCommand {
    AssertCommand::cargo_bin("kizuna").unwrap()
}

#[test]
fn a_second_process_is_told_who_holds_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    // The first process opens the database and then waits on its standard input.
    let mut holder = Command::new(cargo_bin("kizuna"))
        .arg("--db")
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid_file = db.join("kizuna.pid");
    let started = Instant::now();
    while std::fs::read_to_string(&pid_file).map_or(true, |s| s.trim() != holder.id().to_string()) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "holder never opened the database"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // A second writer is told who holds the database.
    let output = kizuna()
        .arg("--db")
        .arg(&db)
        .args(["-e", "CREATE (:Late)"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("in use by another kizuna process"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("pid {}", holder.id())), "{stderr}");
    assert!(stderr.contains("--read-only"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "one sentence expected: {stderr}"
    );
    // Readers are served beside it.
    kizuna()
        .arg("--db")
        .arg(&db)
        .arg("stats")
        .assert()
        .success()
        .stdout(contains("nodes: 0"));

    // Once the holder is gone, the database opens.
    holder.stdin.take().unwrap().write_all(b"").unwrap();
    holder.wait().unwrap();
    kizuna()
        .arg("--db")
        .arg(&db)
        .arg("stats")
        .assert()
        .success()
        .stdout(contains("nodes: 0"));
}

#[test]
fn an_unusable_path_is_a_plain_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "not a directory").unwrap();
    // A database under a regular file cannot be created, even by root.
    kizuna()
        .arg("--db")
        .arg(file.join("db"))
        .arg("stats")
        .assert()
        .code(3)
        .stderr(contains("cannot use").and(contains("panicked").not()));
    kizuna()
        .arg("--db")
        .arg(&file)
        .arg("stats")
        .assert()
        .code(3)
        .stderr(contains("is not a kizuna database"));
}

/// A new database at `db`, open for writing in this process.
fn create_new(db: &std::path::Path) -> kizuna::Database {
    let options = kizuna::OpenOptions {
        create_if_missing: true,
        ..Default::default()
    };
    kizuna::Database::open(db, options).unwrap()
}

#[test]
fn stats_counts_labels_and_types() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let mut database = create_new(&db);
        database
            .write(|tx| {
                let a = tx.create_node(vec!["Hospital".into()], Default::default())?;
                let b = tx.create_node(vec!["University".into()], Default::default())?;
                tx.create_node(vec!["Hospital".into()], Default::default())?;
                tx.create_relationship("PART_OF", a, b, Default::default())?;
                Ok(())
            })
            .unwrap();
    }
    kizuna()
        .arg("stats")
        .arg("--db")
        .arg(&db)
        .assert()
        .success()
        .stdout(contains("nodes: 3"))
        .stdout(predicates::str::is_match(r"Hospital\s+2").unwrap())
        .stdout(predicates::str::is_match(r"PART_OF\s+1").unwrap());
}

#[test]
fn usage_errors_exit_2() {
    kizuna().arg("--no-such-flag").assert().code(2);
    kizuna()
        .args(["--format", "yaml", "-e", "RETURN 1"])
        .assert()
        .code(2)
        .stderr(contains("unknown format"));
}

use predicates::prelude::PredicateBooleanExt;

/// A process that holds a database and writes to it, and other processes that read it
/// meanwhile: each reader sees every write completed before it opened, and nothing later.
#[test]
fn readers_see_every_write_completed_before_they_opened_while_a_writer_holds_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let mut writer = create_new(&db);
    let count = |args: &[&str]| -> String {
        let out = kizuna().arg("--db").arg(&db).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for written in 1..=5 {
        writer
            .execute(&format!("CREATE (:Step {{n: {written}}})"))
            .unwrap();
        let read = count(&[
            "--read-only",
            "--format",
            "csv",
            "-e",
            "MATCH (s:Step) RETURN count(s), max(s.n)",
        ]);
        assert_eq!(read, format!("count(s),max(s.n)\n{written},{written}\n"));
        assert!(count(&["stats"]).contains(&format!("nodes: {written}")));
        assert!(count(&["check"]).contains("no problems found"));
        let exported = dir.path().join(format!("export{written}.json"));
        count(&[
            "export",
            "--format",
            "json",
            "-o",
            exported.to_str().unwrap(),
        ]);
        let lines = std::fs::read_to_string(&exported).unwrap();
        assert_eq!(lines.lines().count(), written, "{lines}");
    }
    // A reader that opened before a write keeps what it saw; the writer is not blocked by it.
    let mut reader = kizuna::Database::open(
        &db,
        kizuna::OpenOptions {
            read_only: true,
            ..Default::default()
        },
    )
    .unwrap();
    writer.execute("CREATE (:Step {n: 6})").unwrap();
    let seen = reader.execute("MATCH (s:Step) RETURN count(s)").unwrap();
    assert_eq!(seen.rows[0][0], kizuna::Value::Int(5));
    drop(writer);
    let after = kizuna::Database::open(&db, kizuna::OpenOptions::default()).unwrap();
    assert_eq!(after.graph().node_count(), 6);
}

/// Readers opened while another thread writes without pause: every one opens, and sees
/// at least every write acknowledged before it started and at most those acknowledged
/// by the time it ended.
#[test]
fn readers_open_consistently_during_a_stream_of_writes() {
    use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let mut writer = create_new(&db);
    let acknowledged = Arc::new(AtomicI64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writing = {
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let statement = format!("CREATE (:Tick {{n: {n}, pad: '{}'}})", "x".repeat(300));
                writer.execute(&statement).unwrap();
                acknowledged.store(n, Ordering::SeqCst);
            }
        })
    };
    for _ in 0..15 {
        let before = acknowledged.load(Ordering::SeqCst);
        let out = kizuna()
            .arg("--db")
            .arg(&db)
            .args([
                "--read-only",
                "--format",
                "csv",
                "-e",
                "MATCH (t:Tick) RETURN count(t)",
            ])
            .output()
            .unwrap();
        let after = acknowledged.load(Ordering::SeqCst);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen: i64 = stdout.lines().nth(1).unwrap().parse().unwrap();
        assert!(
            before <= seen && seen <= after,
            "{before} <= {seen} <= {after}"
        );
    }
    stop.store(true, Ordering::Relaxed);
    writing.join().unwrap();
}
