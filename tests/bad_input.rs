//! The bad-input corpus (`tests/bad-input/manifest.tsv`): every malformed query file, query
//! and CSV file there runs through the real binary and must fail with its documented exit
//! status and a message that names the position, leaving the database as it was.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

fn kizuna(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kizuna").unwrap();
    cmd.current_dir(corpus())
        .arg("--db")
        .arg(db)
        .env_remove("KIZUNA_DB");
    cmd
}

fn export(db: &Path) -> String {
    let out = kizuna(db)
        .args(["export", "--format", "json", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Splits a manifest's arguments: at spaces, except that everything after `-e` is one.
fn arguments(text: &str) -> Vec<String> {
    match text.split_once("-e ") {
        Some((before, query)) => before
            .split_whitespace()
            .map(str::to_owned)
            .chain(["-e".to_owned(), query.to_owned()])
            .collect(),
        None => text.split_whitespace().map(str::to_owned).collect(),
    }
}

#[test]
fn every_bad_input_fails_clearly_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let setup = "CREATE (:Org {name: 'A', n: 1})-[:FUNDED {amount: 5}]->(:Org {name: 'B'})";
    assert!(kizuna(&db)
        .args(["-e", setup])
        .output()
        .unwrap()
        .status
        .success());
    let before = export(&db);
    assert!(before.contains("FUNDED"));
    let manifest = std::fs::read_to_string(corpus().join("manifest.tsv")).unwrap();
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in manifest.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [args, code, expected] = fields[..] else {
            panic!("a manifest line needs three tab-separated fields: {line}");
        };
        cases += 1;
        let out = kizuna(&db).args(arguments(args)).output().unwrap();
        let output = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let code: i32 = code.parse().unwrap();
        if out.status.code() != Some(code) {
            failures.push(format!(
                "{args}: status {:?}, expected {code}: {output}",
                out.status.code()
            ));
        } else if !output.contains(expected) {
            failures.push(format!("{args}: expected `{expected}` in: {output}"));
        } else if output.contains("panicked") {
            failures.push(format!("{args}: panicked: {output}"));
        } else if export(&db) != before {
            failures.push(format!("{args}: the database changed"));
        }
    }
    assert!(cases > 40, "the manifest lost its cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
