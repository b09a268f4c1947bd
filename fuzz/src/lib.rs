//! The checks behind the fuzz targets, one function per target, shared with the main
//! crate's `tests/fuzz_regressions.rs` so that a minimized crasher is replayed through
//! exactly the code that found it. Every function accepts arbitrary bytes: an error from
//! kizuna is an acceptable outcome, a panic (or a broken invariant, reported as a panic
//! here) is a finding.

use std::cell::RefCell;
use std::path::PathBuf;
use std::time::Duration;

use kizuna::import::ImportOptions;
use kizuna::query::display::same_ast;
use kizuna::query::parser::{is_statement_complete, parse_statement, split_statements};
use kizuna::query::semantic;
use kizuna::{Database, ExecOptions, Params, Value};

/// Parses the input as one statement and as a script; a statement that parses must print
/// as canonical text that parses back to the same tree.
pub fn check_parse(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    let source = source.as_ref();

    for piece in split_statements(source) {
        let at = source.get(piece.offset..piece.offset + piece.text.len());
        assert_eq!(at, Some(piece.text), "split_statements offset is wrong");
    }
    is_statement_complete(source);

    match parse_statement(source) {
        Ok(statement) => {
            let canonical = statement.to_string();
            let again = match parse_statement(&canonical) {
                Ok(again) => again,
                Err(e) => panic!(
                    "canonical text does not parse:\n{canonical}\n{}",
                    e.render(&canonical, None)
                ),
            };
            assert!(
                same_ast(&statement, &again),
                "canonical text parses to another tree:\n{canonical}\n{again}"
            );
            if let Err(e) = semantic::check(&statement, source) {
                e.render(source, None);
            }
        }
        Err(e) => {
            e.render(source, None);
        }
    }
}

/// The limits every fuzzed statement runs under.
pub fn exec_options() -> ExecOptions {
    ExecOptions {
        cancel: None,
        timeout: Some(Duration::from_millis(200)),
        max_rows: Some(1000),
        max_memory: Some(256 << 20),
        ..ExecOptions::default()
    }
}

/// Parameters a fuzzed statement may refer to.
pub fn exec_params() -> Params {
    let mut params = Params::new();
    params.insert("name".into(), Value::from("Kameda Medical Center"));
    params.insert("n".into(), Value::Int(2));
    params.insert("f".into(), Value::Float(0.5));
    params.insert("b".into(), Value::Bool(true));
    params.insert("null".into(), Value::Null);
    params.insert(
        "list".into(),
        Value::List(vec![Value::Int(1), Value::from("two"), Value::Null]),
    );
    params
}

/// A statement that always fails at run time, so that running it after the fuzzed one
/// in the same atomic batch rolls the fuzzed statement's writes back.
const ALWAYS_FAILS: &str = "RETURN 1 / 0";

struct Seeded {
    db: Database,
    nodes: usize,
    relationships: usize,
}

thread_local! {
    static SEEDED: RefCell<Option<Seeded>> = const { RefCell::new(None) };
}

/// Runs the input as a statement against the seed database, then rolls its writes back,
/// so that every input starts from the same graph.
pub fn check_execute(data: &[u8]) {
    let query = String::from_utf8_lossy(data);
    SEEDED.with(|cell| {
        let mut slot = cell.borrow_mut();
        let seeded = slot.get_or_insert_with(|| {
            let mut db = Database::open_temporary().expect("temporary database");
            kizuna::seed::load(&mut db).expect("seed loads");
            let nodes = db.nodes().count();
            let relationships = db.relationships().count();
            Seeded {
                db,
                nodes,
                relationships,
            }
        });
        let outcome = seeded.db.execute_atomic(
            &[query.as_ref(), ALWAYS_FAILS],
            &exec_params(),
            &exec_options(),
        );
        // Only the fuzzed statement's errors have positions in the fuzzed text.
        if let Err((0, kizuna::Error::Query(e))) = &outcome {
            e.render(&query, None);
        }
        assert!(outcome.is_err(), "the failing statement succeeded");
        assert_eq!(
            seeded.db.nodes().count(),
            seeded.nodes,
            "rollback left nodes behind"
        );
        assert_eq!(
            seeded.db.relationships().count(),
            seeded.relationships,
            "rollback left relationships behind"
        );
    });
}

thread_local! {
    static IMPORT_DIR: RefCell<Option<tempfile::TempDir>> = const { RefCell::new(None) };
}

/// Imports the input into a new temporary database: the bytes before the first NUL are
/// a nodes file, those after it (if there is a NUL) a relationships file.
pub fn check_import(data: &[u8]) {
    let (nodes, edges) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    IMPORT_DIR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let dir = slot.get_or_insert_with(|| tempfile::tempdir().expect("temporary directory"));
        let nodes_path = dir.path().join("nodes.csv");
        std::fs::write(&nodes_path, nodes).expect("write nodes file");
        let mut edge_paths: Vec<PathBuf> = Vec::new();
        if let Some(edges) = edges {
            let path = dir.path().join("edges.csv");
            std::fs::write(&path, edges).expect("write edges file");
            edge_paths.push(path);
        }

        let mut db = Database::open_temporary().expect("temporary database");
        // A tiny batch size exercises the batching on small inputs.
        let options = ImportOptions {
            batch_size: 2,
            array_delimiter: ';',
            progress: false,
        };
        match db.import(&[nodes_path], &edge_paths, &options) {
            Ok(summary) => {
                assert_eq!(db.nodes().count() as u64, summary.nodes, "node count");
                assert_eq!(
                    db.relationships().count() as u64,
                    summary.relationships,
                    "relationship count"
                );
                let result = db
                    .execute("MATCH (a)-[r]->(b) RETURN count(r) AS n")
                    .expect("count query runs");
                let counted = result.rows.first().and_then(|row| row.first()).cloned();
                assert_eq!(
                    counted,
                    Some(Value::Int(summary.relationships as i64)),
                    "graph adjacency disagrees with the import"
                );
            }
            Err(e) => {
                let _ = e.to_string();
                assert_eq!(db.nodes().count(), 0, "a failed import left nodes");
                assert_eq!(
                    db.relationships().count(),
                    0,
                    "a failed import left relationships"
                );
            }
        }
    });
}
