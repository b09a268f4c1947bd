//! Temporal values through the real binary: stored as properties in a database on disk,
//! read back after reopening (from the write log and from a snapshot), compared, sorted,
//! printed in ISO form as JSON and tables, and exported as constructor calls.

use std::path::Path;

use assert_cmd::Command;
use kizuna::{Database, OpenOptions};
use predicates::str::contains;

fn kizuna(db: &Path) -> Command {
    let mut command = Command::cargo_bin("kizuna").unwrap();
    command.arg("--db").arg(db);
    command
}

/// The rows a statement prints with `--format json`, one JSON object a line.
fn json_rows(db: &Path, query: &str) -> Vec<serde_json::Value> {
    let output = kizuna(db)
        .args(["--format", "json", "-e", query])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

const GRANTS: &str =
    "CREATE (:Grant {name: 'winter', began: date('2020-01-15'), length: duration('P6M')}),
    (:Grant {name: 'summer', began: date('2020-07-01'), length: duration({days: 45})}),
    (:Grant {name: 'autumn', began: date('2020-06-01'),
             signed: datetime('2020-06-01T09:30[Europe/Stockholm]'), length: duration('PT36H')}),
    (:Grant {name: 'undated'})";

const SINCE_JUNE: &str = "MATCH (g:Grant) WHERE g.began >= date('2020-06-01')
    RETURN g.name AS name, g.began AS began, g.began + g.length AS finish, g.began.month AS month
    ORDER BY g.began DESC";

fn check_since_june(db: &Path) {
    let rows = json_rows(db, SINCE_JUNE);
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["summer", "autumn"]);
    assert_eq!(rows[0]["began"], "2020-07-01");
    assert_eq!(rows[0]["finish"], "2020-08-15");
    // Adding 36 hours to a date adds the one whole day in them.
    assert_eq!(rows[1]["finish"], "2020-06-02");
    assert_eq!(rows[1]["month"], 6);
}

#[test]
fn dates_are_stored_compared_sorted_and_printed_in_iso_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kizuna(&db)
        .args(["-e", GRANTS])
        .assert()
        .success()
        .stderr(contains("Nodes created: 4"));

    // A new process reads the records from the write log.
    check_since_june(&db);

    // Nulls sort last; a zoned date time keeps its zone.
    let rows = json_rows(
        &db,
        "MATCH (g:Grant) RETURN g.name AS name, g.signed AS signed ORDER BY g.began",
    );
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["winter", "autumn", "summer", "undated"]);
    assert_eq!(
        rows[1]["signed"],
        "2020-06-01T09:30+02:00[Europe/Stockholm]"
    );

    // The same answers once the records live in a snapshot.
    let mut database = Database::open(&db, OpenOptions::default()).unwrap();
    database.write_snapshot().unwrap();
    drop(database);
    check_since_june(&db);

    kizuna(&db)
        .args([
            "--format",
            "table",
            "-e",
            "MATCH (g:Grant {name: 'winter'}) RETURN g.began AS began, g.length AS length",
        ])
        .assert()
        .success()
        .stdout(contains("│ 2020-01-15 │ P6M    │"));
}

#[test]
fn the_cypher_export_writes_constructor_calls_that_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kizuna(&db).args(["-e", GRANTS]).assert().success();
    let script = dir.path().join("grants.cypher");
    kizuna(&db)
        .args(["--format", "cypher", "export", "-o"])
        .arg(&script)
        .assert()
        .success();
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.contains("date('2020-07-01')"), "{text}");
    assert!(text.contains("duration('P45D')"), "{text}");
    assert!(
        text.contains("datetime('2020-06-01T09:30+02:00[Europe/Stockholm]')"),
        "{text}"
    );

    let copy = dir.path().join("copy");
    kizuna(&copy).arg("run").arg(&script).assert().success();
    check_since_june(&copy);
}

#[test]
fn temporal_type_errors_name_the_types() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kizuna(&db)
        .args(["-e", "RETURN date('2020-02-30') AS d"])
        .assert()
        .code(1)
        .stderr(contains("cannot be parsed to a Date"));
    kizuna(&db)
        .args(["-e", "RETURN date('2020-01-01') + 1 AS d"])
        .assert()
        .code(1)
        .stderr(contains("Date"));
}
