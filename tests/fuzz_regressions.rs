//! Replays the minimized inputs that made a fuzz target fail (stored under
//! `tests/fuzz-regressions/<target>/`) through the targets' own checks, and runs a short
//! property test of each entry point, so that the normal test suite guards what fuzzing
//! found without needing a nightly toolchain.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use proptest::prelude::*;

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod harness;

/// Runs every stored input of `target` through `check`, naming each one that panics.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let failed: Vec<String> = files
        .iter()
        .filter(|path| path.is_file())
        .filter(|path| {
            let data = std::fs::read(path).unwrap_or_default();
            catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "inputs that still fail: {failed:?}");
}

#[test]
fn parse_regressions() {
    replay("parse", harness::check_parse);
}

#[test]
fn execute_regressions() {
    replay("execute", harness::check_execute);
}

#[test]
fn import_regressions() {
    replay("import", harness::check_import);
}

/// Pieces of Cypher, so that generated statements get past the first token often.
const CYPHER: &[&str] = &[
    "MATCH",
    "OPTIONAL MATCH",
    "WHERE",
    "WITH",
    "RETURN",
    "UNWIND",
    "CREATE",
    "MERGE",
    "SET",
    "REMOVE",
    "DELETE",
    "DETACH DELETE",
    "UNION",
    "ALL",
    "DISTINCT",
    "ORDER BY",
    "DESC",
    "SKIP",
    "LIMIT",
    "AS",
    "CALL",
    "YIELD",
    "AND",
    "OR",
    "NOT",
    "IN",
    "IS NULL",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "(n)",
    "(m:Institution)",
    "(n {name: $name})",
    "-->",
    "<--",
    "-[r]->",
    "-[*1..3]-",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ".",
    "=",
    "<>",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "n",
    "m",
    "r",
    "x",
    "n.name",
    "count(*)",
    "collect(n)",
    "size",
    "range(1, 5)",
    "1",
    "0",
    "-1",
    "2.5",
    "'a'",
    "\"b\"",
    "true",
    "null",
    "$n",
    "$list",
    "[1, 2]",
    "{a: 1}",
    "x IN [1, 2]",
    "shortestPath((a)-[*]-(b))",
    "AS x",
    "db.labels()",
    "algo.pageRank()",
    ";",
    "//",
    "/*",
    "*/",
    "`q`",
];

/// Pieces of neo4j-admin CSV.
const CSV: &[&str] = &[
    "id:ID",
    ":ID",
    ":ID(Org)",
    ":LABEL",
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "name",
    "n:int",
    "f:float",
    "b:boolean",
    "a:string[]",
    "i:int[]",
    "x:IGNORE",
    ",",
    ",",
    "\n",
    "\r\n",
    "\"",
    ";",
    "a",
    "b",
    "Org",
    "T",
    "1",
    "-2",
    "3.5",
    "true",
    "",
    "\u{feff}",
];

fn joined(pieces: &'static [&'static str], sep: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(pieces), 0..24)
        .prop_map(move |words| words.join(sep))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics(text in prop_oneof![joined(CYPHER, " "), any::<String>()]) {
        harness::check_parse(text.as_bytes());
    }

    #[test]
    fn execute_never_panics(text in joined(CYPHER, " ")) {
        harness::check_execute(text.as_bytes());
    }

    #[test]
    fn import_never_panics(
        nodes in joined(CSV, ""),
        edges in proptest::option::of(joined(CSV, "")),
    ) {
        let mut data = nodes.into_bytes();
        if let Some(edges) = edges {
            data.push(0);
            data.extend_from_slice(edges.as_bytes());
        }
        harness::check_import(&data);
    }
}
