//! Procedures defined by a table on a database on disk: calls standalone and inside a
//! query, arguments from parameters, the checks made before anything runs, and that a
//! definition lasts only as long as the handle that made it.

use kizuna::query::{ErrorKind, Phase, QueryError};
use kizuna::{Database, Error, ExecOptions, OpenOptions, Params, Value};

const SIGNATURE: &str =
    "lookup.partner(country :: STRING?, year :: INTEGER?) :: (name :: STRING?, grants :: INTEGER?)";

fn open(dir: &tempfile::TempDir) -> Database {
    Database::open(
        dir.path().join("db"),
        OpenOptions {
            read_only: false,
            create_if_missing: true,
        },
    )
    .unwrap()
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn with_lookup(dir: &tempfile::TempDir) -> Database {
    let mut db = open(dir);
    db.define_procedure(
        SIGNATURE,
        vec![
            vec![text("JP"), Value::Int(2020), text("NCGM"), Value::Int(3)],
            vec![text("KZ"), Value::Int(2020), text("Semey"), Value::Int(1)],
            vec![text("JP"), Value::Int(2020), text("Osaka"), Value::Int(2)],
            vec![text("JP"), Value::Int(2019), text("Kyoto"), Value::Int(5)],
        ],
    )
    .unwrap();
    db
}

fn rows(db: &mut Database, query: &str) -> Vec<Vec<Value>> {
    db.execute(query).unwrap().rows
}

fn query_error(outcome: Result<kizuna::QueryResult, Error>) -> QueryError {
    match outcome {
        Err(Error::Query(e)) => e,
        other => panic!("expected a query error, got {other:?}"),
    }
}

#[test]
fn a_standalone_call_yields_the_matching_rows_in_table_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = with_lookup(&dir);
    let result = db.execute("CALL lookup.partner('JP', 2020)").unwrap();
    assert_eq!(result.columns, ["name", "grants"]);
    assert_eq!(
        result.rows,
        [
            vec![text("NCGM"), Value::Int(3)],
            vec![text("Osaka"), Value::Int(2)]
        ]
    );
    assert!(rows(&mut db, "CALL lookup.partner('CN', 2020)").is_empty());
}

#[test]
fn an_in_query_call_joins_each_row_with_its_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = with_lookup(&dir);
    db.execute("CREATE (:Country {code: 'KZ'}), (:Country {code: 'JP'})")
        .unwrap();
    let got = rows(
        &mut db,
        "MATCH (c:Country) CALL lookup.partner(c.code, 2020) YIELD name AS partner \
         WHERE partner <> 'Osaka' RETURN c.code, partner ORDER BY partner",
    );
    assert_eq!(
        got,
        [
            vec![text("JP"), text("NCGM")],
            vec![text("KZ"), text("Semey")]
        ]
    );
}

#[test]
fn a_call_without_parentheses_takes_its_arguments_from_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = with_lookup(&dir);
    let params = Params::from([
        ("country".to_owned(), text("JP")),
        ("year".to_owned(), Value::Int(2019)),
    ]);
    let result = db
        .execute_with("CALL lookup.partner", &params, &ExecOptions::default())
        .unwrap();
    assert_eq!(result.rows, [vec![text("Kyoto"), Value::Int(5)]]);
    let missing = Params::from([("country".to_owned(), text("JP"))]);
    let e = query_error(db.execute_with("CALL lookup.partner", &missing, &ExecOptions::default()));
    assert_eq!(
        (e.kind, e.code),
        (ErrorKind::ParameterMissing, "MissingParameter")
    );
    assert!(e.message.contains("$year"), "{}", e.message);
}

#[test]
fn calls_are_checked_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = with_lookup(&dir);
    let cases = [
        (
            "CREATE (:Marker) WITH 1 AS x CALL lookup.nothing() YIELD y RETURN y",
            "ProcedureNotFound",
        ),
        (
            "CREATE (:Marker) WITH 1 AS x CALL lookup.partner('JP') YIELD name RETURN name",
            "InvalidNumberOfArguments",
        ),
        (
            "CREATE (:Marker) WITH 1 AS x CALL lookup.partner('JP', true) YIELD name RETURN name",
            "InvalidArgumentType",
        ),
        (
            "CREATE (:Marker) WITH 1 AS x CALL lookup.partner YIELD name RETURN name",
            "InvalidArgumentPassingMode",
        ),
    ];
    for (query, code) in cases {
        let e = query_error(db.execute(query));
        assert_eq!((e.code, e.phase), (code, Phase::Compile), "{query}");
        let column = e.position.map(|p| p.column);
        assert!(column.is_some_and(|c| c >= 30), "{query}: {column:?}");
    }
    assert_eq!(
        rows(&mut db, "MATCH (m:Marker) RETURN count(m)"),
        [vec![Value::Int(0)]]
    );
}

#[test]
fn a_definition_lasts_as_long_as_its_handle_and_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = with_lookup(&dir);
    let listed = rows(
        &mut db,
        "CALL db.procedures() YIELD name, signature WHERE name = 'lookup.partner' RETURN signature",
    );
    assert_eq!(
        listed,
        [vec![text(
            "lookup.partner(country :: STRING, year :: INTEGER) :: (name :: STRING, grants :: INTEGER)"
        )]]
    );
    assert!(db
        .define_procedure("db.labels() :: (label :: STRING)", Vec::new())
        .is_err());
    assert!(db
        .define_procedure("lookup.partner(country :: STRING) :: ()", vec![vec![]])
        .is_err());
    drop(db);
    let mut again = open(&dir);
    let e = query_error(again.execute("CALL lookup.partner('JP', 2020)"));
    assert_eq!(
        (e.kind, e.code),
        (ErrorKind::ProcedureError, "ProcedureNotFound")
    );
}
