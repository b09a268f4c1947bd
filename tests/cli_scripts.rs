//! Scripts, standard input, `-e`, output formats, parameters, exit statuses and error
//! positions, through the real binary on a real database.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn kizuna(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("kizuna").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

fn database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    (dir, db)
}

fn count(db: &Path) -> String {
    let out = kizuna(db)
        .args(["-e", "MATCH (n) RETURN count(n) AS n"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_script_error_names_file_line_and_column_with_a_caret() {
    let (dir, db) = database();
    let file = dir.path().join("bad.cypher");
    std::fs::write(
        &file,
        "CREATE (:Hospital {name: '亀田総合病院'});\n// a comment; with a semicolon\nMATCH (n:Hospital {name: '亀田'}) RETURN n.name +;\n",
    )
    .unwrap();
    let output = kizuna(&db).arg("run").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let expected_head = format!("{}:3:48: SyntaxError", file.display());
    let at = stderr
        .find(&expected_head)
        .unwrap_or_else(|| panic!("{stderr}"));
    let lines: Vec<&str> = stderr[at..].lines().collect();
    assert_eq!(
        lines[1],
        "  MATCH (n:Hospital {name: '亀田'}) RETURN n.name +;"
    );
    // The caret sits under the `;`, two columns per Japanese character to its left.
    assert_eq!(lines[2], format!("  {}^", " ".repeat(49)));
    // Without --atomic the first statement stayed done.
    assert_eq!(count(&db), "n\n1\n");
}

#[test]
fn atomic_scripts_change_nothing_when_a_statement_fails() {
    let (dir, db) = database();
    let file = dir.path().join("all.cypher");
    std::fs::write(
        &file,
        "CREATE (:A);\nCREATE (:B);\nMATCH (a:A) DELETE a, nope;\n",
    )
    .unwrap();
    kizuna(&db)
        .args(["run", "--atomic"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(contains("all.cypher:3:").and(contains("nothing was changed")));
    assert_eq!(count(&db), "n\n0\n");
    std::fs::write(&file, "CREATE (:A);\nCREATE (:B);\n").unwrap();
    kizuna(&db)
        .args(["run", "--atomic"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(count(&db), "n\n2\n");
}

#[test]
fn continue_on_error_runs_the_rest_and_still_fails() {
    let (dir, db) = database();
    let file = dir.path().join("mixed.cypher");
    std::fs::write(&file, "CREATE (:A);\nRETURN nope;\nCREATE (:B);\n").unwrap();
    kizuna(&db)
        .args(["run", "--continue-on-error"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(contains("UndefinedVariable").or(contains("nope")))
        .stderr(contains("1 of 3 statements failed"));
    assert_eq!(count(&db), "n\n2\n");
}

#[test]
fn standard_input_is_a_script() {
    let (_dir, db) = database();
    kizuna(&db)
        .write_stdin(
            "CREATE (:A {x: 1}); CREATE (:A {x: 2});\nMATCH (a:A) RETURN sum(a.x) AS total;",
        )
        .assert()
        .success()
        .stdout("total\n3\n");
}

#[test]
fn output_formats_for_machines_and_people() {
    let (_dir, db) = database();
    kizuna(&db)
        .args(["-e", "CREATE (h:Hospital {name: 'Kameda, \"KMC\"'}) RETURN h, h.name AS name, null AS nothing, [1, 2] AS list"])
        .assert()
        .success()
        .stdout(contains("h,name,nothing,list\n"))
        .stdout(contains(r#"Kameda, ""KMC"""#))
        .stdout(contains(",,\"[1,2]\""))
        .stderr(contains("Nodes created: 1"));
    kizuna(&db)
        .args(["--format", "json", "-e", "MATCH (h:Hospital) RETURN h, h.name AS name"])
        .assert()
        .success()
        .stdout(contains(r#"{"h":{"id":0,"labels":["Hospital"],"properties":{"name":"Kameda, \"KMC\""}},"name":"Kameda, \"KMC\""}"#));
    kizuna(&db)
        .args([
            "--format",
            "table",
            "-e",
            "MATCH (h:Hospital) RETURN h.name AS name, 1.5 AS x",
        ])
        .assert()
        .success()
        .stdout(contains("│ Kameda, \"KMC\" │ 1.5 │"))
        .stdout(contains("1 row"));
}

#[test]
fn parameters_are_literals_or_strings() {
    let (_dir, db) = database();
    kizuna(&db)
        .args([
            "--param",
            "who=Kameda",
            "--param",
            "n=5",
            "--param",
            "xs=[1, 'a']",
            "--param",
            "q='quoted'",
        ])
        .args([
            "-e",
            "RETURN $who AS who, $n + 1 AS n, size($xs) AS xs, $q AS q",
        ])
        .assert()
        .success()
        .stdout("who,n,xs,q\nKameda,6,2,quoted\n");
    kizuna(&db)
        .args(["--param", "novalue", "-e", "RETURN 1"])
        .assert()
        .code(2);
    kizuna(&db)
        .args(["-e", "RETURN $missing"])
        .assert()
        .code(1)
        .stderr(contains("missing"));
}

#[test]
fn read_only_refuses_writes_and_allows_reads() {
    let (_dir, db) = database();
    kizuna(&db).args(["-e", "CREATE (:A)"]).assert().success();
    kizuna(&db)
        .args(["--read-only", "-e", "MERGE (a:A) SET a.x = 1"])
        .assert()
        .code(1)
        .stderr(contains("read-only"));
    kizuna(&db)
        .args(["--read-only", "-e", "MATCH (a:A) RETURN count(a) AS n"])
        .assert()
        .success()
        .stdout("n\n1\n");
}

#[test]
fn unknown_labels_warn_with_a_suggestion() {
    let (_dir, db) = database();
    kizuna(&db)
        .args(["-e", "CREATE (:Hospital {name: 'A'})"])
        .assert()
        .success();
    kizuna(&db)
        .args(["-e", "MATCH (h:hospital) RETURN h"])
        .assert()
        .success()
        .stdout("h\n")
        .stderr(
            contains("label `hospital` does not exist").and(contains("did you mean `Hospital`?")),
        );
}

#[test]
fn the_default_database_is_seeded_on_first_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("kizuna").unwrap();
    cmd.current_dir(dir.path())
        .env_remove("KIZUNA_DB")
        .args(["-e", "MATCH (n) RETURN count(n) > 50 AS seeded"])
        .assert()
        .success()
        .stdout("seeded\ntrue\n");
    assert!(dir.path().join("kizuna.db").is_dir());
    // A database named explicitly starts empty.
    let named = dir.path().join("named.db");
    kizuna(&named)
        .args(["-e", "MATCH (n) RETURN count(n) AS n"])
        .assert()
        .success()
        .stdout("n\n0\n");
}
