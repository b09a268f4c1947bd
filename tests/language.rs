//! The Cypher a Neo4j user writes, through the real binary on a seeded database: `rand()`,
//! floats turned into strings as Neo4j writes them, map projections, keywords used as
//! names, and features outside the language refused by name with a caret.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value as Json;

fn kizuna(db: &Path) -> Command {
    let mut command = Command::cargo_bin("kizuna").unwrap();
    command.arg("--db").arg(db);
    command
}

fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kizuna(&db).arg("seed").assert().success();
    (dir, db)
}

/// The rows a statement returns, one JSON object each.
fn rows(db: &Path, statement: &str) -> Vec<Json> {
    let output = kizuna(db)
        .args(["--format", "json", "-e", statement])
        .output()
        .unwrap();
    assert!(output.status.success(), "{statement}: {output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The one value a one-row, one-column statement returns.
fn single(db: &Path, statement: &str) -> Json {
    let rows = rows(db, statement);
    assert_eq!(rows.len(), 1, "{statement}: {rows:?}");
    let row = rows[0].as_object().unwrap();
    assert_eq!(row.len(), 1, "{statement}: {row:?}");
    row.values().next().unwrap().clone()
}

/// The error output of a statement that must fail.
fn refused(db: &Path, statement: &str) -> String {
    let output = kizuna(db).args(["-e", statement]).output().unwrap();
    assert!(!output.status.success(), "{statement} should fail");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn rand_draws_a_new_float_in_the_unit_interval_each_call() {
    let (_dir, db) = seeded();
    let draws = single(
        &db,
        "UNWIND range(1, 1000) AS i WITH rand() AS d RETURN collect(d) AS r",
    );
    let draws: Vec<f64> = draws
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_f64().unwrap())
        .collect();
    assert!(draws.iter().all(|d| (0.0..1.0).contains(d)), "{draws:?}");
    let mut distinct = draws.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    assert!(
        distinct.len() > 990,
        "rand() repeats: {} distinct",
        distinct.len()
    );
    let below_half = draws.iter().filter(|d| **d < 0.5).count();
    assert!(
        (400..600).contains(&below_half),
        "{below_half} of 1000 below 0.5"
    );
}

#[test]
fn floats_become_strings_as_neo4j_writes_them() {
    let (_dir, db) = seeded();
    let texts = single(
        &db,
        "RETURN [toString(1e20), toString(123456789.0), toString(0.5), '' + 1.0E-5] AS t",
    );
    assert_eq!(
        texts,
        serde_json::json!(["1.0E20", "1.23456789E8", "0.5", "1.0E-5"])
    );
}
