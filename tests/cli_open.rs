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

    let output = kizuna().arg("--db").arg(&db).arg("stats").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("in use by another kizuna process"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("pid {}", holder.id())), "{stderr}");
    assert!(stderr.contains("one process that may write"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        stderr.trim().lines().count(),
        1,
        "one sentence expected: {stderr}"
    );

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

#[test]
fn stats_counts_labels_and_types() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let mut database = kizuna::Database::open(
            &db,
            kizuna::OpenOptions {
                create_if_missing: true,
                ..Default::default()
            },
        )
        .unwrap();
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
