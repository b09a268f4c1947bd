//! The seed dataset: it loads, loading twice changes nothing, every fact names an existing
//! source document, the per-document counts match `seed/expected_counts.tsv`, and every
//! `queries/*.cypher` file answers what its `// expect:` block worked out by hand.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kizuna::seed::{load_files, SEED_FILES};
use kizuna::{Database, Value};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeded_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seed.db");
    Command::cargo_bin("kizuna")
        .unwrap()
        .arg("--db")
        .arg(&db)
        .arg("seed")
        .assert()
        .success();
    (dir, db)
}

#[test]
fn loading_twice_changes_nothing() {
    let mut db = Database::open_temporary().unwrap();
    let first = kizuna::seed::load(&mut db).unwrap();
    assert!(first.stats.nodes_created > 0);
    let nodes: Vec<_> = db.nodes().collect();
    let rels: Vec<_> = db.relationships().collect();
    let second = kizuna::seed::load(&mut db).unwrap();
    assert!(
        second.stats.is_empty(),
        "second load changed: {:?}",
        second.stats
    );
    assert_eq!(db.nodes().collect::<Vec<_>>(), nodes);
    assert_eq!(db.relationships().collect::<Vec<_>>(), rels);
}

#[test]
fn per_document_counts_match_the_readme_table() {
    let expected = std::fs::read_to_string(repo().join("seed/expected_counts.tsv")).unwrap();
    let mut db = Database::open_temporary().unwrap();
    assert_eq!(expected.lines().count(), SEED_FILES.len());
    for (line, file) in expected.lines().zip(SEED_FILES) {
        let fields: Vec<&str> = line.split('\t').collect();
        let report = load_files(&mut db, std::slice::from_ref(file)).unwrap();
        assert!(
            file.0.starts_with(&fields[0][..3]),
            "{} vs {}",
            file.0,
            fields[0]
        );
        assert_eq!(
            report.stats.nodes_created.to_string(),
            fields[1],
            "nodes of {}",
            file.0
        );
        assert_eq!(
            report.stats.relationships_created.to_string(),
            fields[2],
            "relationships of {}",
            file.0
        );
    }
}

/// Source documents named by a `source` property (a file name or a list of them).
fn sources(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::List(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn every_fact_names_an_existing_source_document() {
    let documents = repo().join("../shared/seeds");
    let mut db = Database::open_temporary().unwrap();
    kizuna::seed::load(&mut db).unwrap();
    let known: Vec<String> = match std::fs::read_dir(&documents) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        // Without the documents beside the repository, check the names' shape only.
        Err(_) => Vec::new(),
    };
    let check = |what: String, names: Vec<String>| {
        assert!(!names.is_empty(), "{what} has no source");
        for name in names {
            assert!(name.ends_with(".txt"), "{what}: odd source {name}");
            if !known.is_empty() {
                assert!(
                    known.contains(&name),
                    "{what}: no document {name} in {}",
                    documents.display()
                );
            }
        }
    };
    for node in db.nodes() {
        check(
            format!("node {:?}", node.properties.get("name")),
            sources(node.properties.get("source")),
        );
    }
    for rel in db.relationships() {
        check(
            format!("relationship {} {}", rel.id, rel.rel_type),
            sources(rel.properties.get("source")),
        );
        assert!(
            rel.properties.get("evidence").is_some() || rel.rel_type == "PART_OF",
            "relationship {} has no evidence",
            rel.id
        );
    }
}

#[test]
fn multilingual_search_finds_the_same_hospital() {
    let mut db = Database::open_temporary().unwrap();
    kizuna::seed::load(&mut db).unwrap();
    let top = |db: &mut Database, text: &str| -> String {
        let result = db
            .execute(&format!(
                "CALL db.search('{text}') YIELD node RETURN node.name AS name LIMIT 1"
            ))
            .unwrap();
        match result.rows.first().and_then(|r| r.first()) {
            Some(Value::String(name)) => name.clone(),
            other => panic!("no hit for {text}: {other:?}"),
        }
    };
    let expected = top(&mut db, "亀田");
    assert_eq!(expected, "Kameda Medical Center");
    assert_eq!(top(&mut db, "Kameda"), expected);
    assert_eq!(top(&mut db, "kameda medical"), expected);
}

/// The parameters a query file is run with: its `// param: name=value` lines.
fn file_params(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("// param: "))
        .map(|p| format!("--param={}", p.trim()))
        .collect()
}

/// The `// expect:` block of a query file: CSV lines, without the `(N rows)` note.
fn expected_output(text: &str) -> Vec<String> {
    let Some(start) = text.find("// expect:") else {
        return Vec::new();
    };
    text[start..]
        .lines()
        .skip(1)
        .filter_map(|l| l.strip_prefix("//"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l).to_owned())
        .filter(|l| !(l.starts_with('(') && l.ends_with(')') && l.contains("row")))
        .collect()
}

#[test]
fn every_query_file_answers_as_worked_out_by_hand() {
    let (_dir, db) = seeded_database();
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("queries"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "cypher"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "only {} query files", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("//"),
            "{} does not say what it answers",
            file.display()
        );
        let expected = expected_output(&text);
        assert!(
            !expected.is_empty(),
            "{} has no expect block",
            file.display()
        );
        let output = Command::cargo_bin("kizuna")
            .unwrap()
            .arg("--db")
            .arg(&db)
            .arg("--read-only")
            .arg("run")
            .arg(&file)
            .args(file_params(&text))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let got: Vec<String> = String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(got, expected, "{}", name(&file));
    }
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
