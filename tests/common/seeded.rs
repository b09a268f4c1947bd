//! The binary on a seeded database in a temporary directory, and its JSON rows.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value as Json;

/// The kizuna binary on the database at `db`.
pub fn kizuna(db: &Path) -> Command {
    let mut command = Command::cargo_bin("kizuna").unwrap();
    command.arg("--db").arg(db);
    command
}

/// A new database holding the seed dataset; it lasts as long as the directory.
pub fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kizuna(&db).arg("seed").assert().success();
    (dir, db)
}

/// The rows a statement returns, one JSON object each.
pub fn rows(db: &Path, statement: &str) -> Vec<Json> {
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
