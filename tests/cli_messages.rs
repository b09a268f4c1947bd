//! What the commands say and how they end, through the real binary on a real database: a
//! closed pipe ends quietly, each cause of an error is said once, a failed import leaves
//! no new database behind, and a run as one transaction prints one summary line.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use assert_cmd::cargo::cargo_bin;
use assert_cmd::Command;

fn kizuna(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kizuna").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kizuna(&db).arg("seed").assert().success();
    (dir, db)
}

/// What `query` prints as CSV on `db`.
fn csv_of(db: &Path, query: &str) -> String {
    let output = kizuna(db).args(["-e", query]).output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn export_to_a_closed_pipe_ends_quietly_with_status_0() {
    let (_dir, db) = seeded();
    for format in ["json", "graphml", "cypher"] {
        let mut child = Process::new(cargo_bin("kizuna"))
            .arg("--db")
            .arg(&db)
            .args(["export", "--format", format, "-o", "-"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the first byte, as `head` does after its lines.
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
    }
}

#[test]
fn a_failed_import_says_its_cause_once_and_leaves_no_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let output = kizuna(&db)
        .current_dir(dir.path())
        .args(["import", "--nodes", "orgs.csv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.matches("No such file or directory").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("cannot read orgs.csv"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(!db.exists(), "the failed import left {}", db.display());

    // A bad value in an existing database: the database stays, unchanged.
    let (_seed_dir, seeded_db) = seeded();
    let before = csv_of(&seeded_db, "MATCH (n) RETURN count(n) AS n");
    let orgs = dir.path().join("orgs.csv");
    std::fs::write(&orgs, "id:ID,name,founded:int\n1,Kameda,19x5\n").unwrap();
    let output = kizuna(&seeded_db)
        .arg("import")
        .arg("--nodes")
        .arg(&orgs)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(seeded_db.exists());
    assert_eq!(csv_of(&seeded_db, "MATCH (n) RETURN count(n) AS n"), before);
}

#[test]
fn an_atomic_run_prints_one_summary_and_every_statement_only_when_verbose() {
    let (dir, db) = seeded();
    let script = dir.path().join("graph.cypher");
    kizuna(&db)
        .args(["export", "--format", "cypher", "-o"])
        .arg(&script)
        .assert()
        .success();

    let copy = dir.path().join("copy");
    let output = kizuna(&copy)
        .args(["--format", "table", "run", "--atomic"])
        .arg(&script)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let counts = csv_of(
        &db,
        "MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r)",
    );
    let (nodes, rels) = counts.lines().nth(1).unwrap().split_once(',').unwrap();
    assert!(
        stdout.contains(&format!(
            "statements in one transaction: Nodes created: {nodes}, Relationships created: {rels}"
        )),
        "{stdout}"
    );

    let verbose = dir.path().join("verbose");
    let output = kizuna(&verbose)
        .args(["--format", "table", "run", "--atomic", "--verbose"])
        .arg(&script)
        .output()
        .unwrap();
    assert!(output.status.success());
    let statements = String::from_utf8(output.stdout).unwrap().lines().count();
    assert!(statements > 100, "{statements} lines");
}

#[test]
fn machine_formats_give_the_row_count_on_standard_error() {
    let (_dir, db) = seeded();
    for format in ["csv", "json"] {
        let output = kizuna(&db)
            .args([
                "--format",
                format,
                "-e",
                "MATCH (h:Hospital) RETURN h.name LIMIT 3",
            ])
            .output()
            .unwrap();
        assert!(output.status.success());
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(!stdout.contains("rows"), "{stdout}");
        assert_eq!(stderr.trim(), "3 rows", "{format}");
    }
}

#[test]
fn without_a_terminal_a_long_statement_prints_no_progress() {
    let (_dir, db) = seeded();
    let output = kizuna(&db)
        .args(["--timeout", "2.5", "-e"])
        .arg("MATCH p = (a)-[*]-(b) WHERE length(p) < 0 RETURN count(*) AS n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("LimitExceeded"), "{stderr}");
    assert!(!stderr.contains("running:"), "{stderr}");
}
