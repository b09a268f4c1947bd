//! Property indexes: the schema commands through the real binary, definitions that
//! survive reopening and roll back with a failed statement, indexes kept true by every
//! kind of write, and seeks that find exactly what a scan finds on random graphs.

use std::path::Path;

use assert_cmd::Command;
use kizuna::{Database, OpenOptions, Params, Value};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn kizuna(db: &Path) -> Command {
    let mut command = Command::cargo_bin("kizuna").unwrap();
    command.arg("--db").arg(db).args(["--format", "csv"]);
    command
}

#[test]
fn indexes_are_created_listed_dropped_and_kept_across_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kizuna(&db).arg("seed").assert().success();
    kizuna(&db)
        .args(["-e", "CREATE INDEX FOR (h:Hospital) ON (h.name)"])
        .assert()
        .success()
        .stderr(contains("Indexes added: 1"));
    kizuna(&db)
        .args([
            "-e",
            "CREATE INDEX grants IF NOT EXISTS FOR ()-[f:FUNDED]-() ON (f.amount)",
        ])
        .assert()
        .success();
    // The same schema again, under the old syntax: refused, unless IF NOT EXISTS.
    kizuna(&db)
        .args(["-e", "CREATE INDEX ON :Hospital(name)"])
        .assert()
        .code(1)
        .stderr(contains("exists already"));
    kizuna(&db)
        .args([
            "-e",
            "CREATE INDEX other IF NOT EXISTS FOR (h:Hospital) ON (h.name)",
        ])
        .assert()
        .success()
        .stderr(contains("Indexes added").not());
    kizuna(&db)
        .args(["-e", "SHOW INDEXES"])
        .assert()
        .success()
        .stdout(contains(
            "1,index_hospital_name,ONLINE,100.0,RANGE,NODE,\"[\"\"Hospital\"\"]\",\"[\"\"name\"\"]\"",
        ))
        .stdout(contains("2,grants,ONLINE,100.0,RANGE,RELATIONSHIP"));
    kizuna(&db)
        .args(["--read-only", "-e", "DROP INDEX grants"])
        .assert()
        .code(1)
        .stderr(contains("read-only"));
    kizuna(&db)
        .args(["-e", "DROP INDEX grants"])
        .assert()
        .success()
        .stderr(contains("Indexes removed: 1"));
    kizuna(&db)
        .args(["-e", "DROP INDEX grants"])
        .assert()
        .code(1)
        .stderr(contains("no index named `grants`"));
    kizuna(&db)
        .args(["-e", "DROP INDEX grants IF EXISTS"])
        .assert()
        .success();
    // YIELD and WHERE make it a procedure call that other clauses can follow.
    kizuna(&db)
        .args([
            "-e",
            "SHOW INDEXES YIELD name, entityType AS kind WHERE kind = 'NODE' \
             RETURN name, kind ORDER BY name",
        ])
        .assert()
        .success()
        .stdout("name,kind\nindex_hospital_name,NODE\n");
    kizuna(&db)
        .args(["-e", "SHOW INDEXES WHERE entityType = 'RELATIONSHIP'"])
        .assert()
        .success()
        .stdout(contains("id,name,state").and(contains("index_hospital_name").not()));
    kizuna(&db)
        .args(["-e", "SHOW INDEXES YIELD nope"])
        .assert()
        .code(1)
        .stderr(contains("db.indexes yields no `nope`"));
    kizuna(&db)
        .args(["-e", "SHOW INDEXES"])
        .assert()
        .success()
        .stdout(contains("index_hospital_name").and(contains("grants").not()));
    kizuna(&db)
        .args([
            "-e",
            "MATCH (h:Hospital) WHERE h.name = 'Kameda Medical Center' RETURN h.city",
        ])
        .assert()
        .success()
        .stdout("h.city\nKamogawa\n");
    kizuna(&db).arg("check").assert().success();
}

#[test]
fn index_commands_stand_alone() {
    let mut db = Database::open_temporary().unwrap();
    let err = db
        .execute("MATCH (n) CREATE INDEX FOR (h:Hospital) ON (h.name)")
        .unwrap_err();
    assert!(err.to_string().contains("statement of its own"), "{err}");
    let err = db
        .execute("CREATE INDEX FOR (h:Hospital) ON (x.name)")
        .unwrap_err();
    assert!(
        err.to_string().contains("variable of the FOR pattern"),
        "{err}"
    );
}

#[test]
fn a_failed_statement_takes_its_index_change_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let options = OpenOptions {
        create_if_missing: true,
        ..Default::default()
    };
    {
        let mut db = Database::open(&path, options).unwrap();
        db.execute("CREATE (:L {k: 1}), (:L {k: 2})").unwrap();
        let outcome = db.execute_atomic(
            &["CREATE INDEX FOR (n:L) ON (n.k)", "RETURN 1/0"],
            &Params::new(),
            &Default::default(),
        );
        assert!(outcome.is_err());
        assert!(db.graph().property_indexes().is_empty());
        db.execute("CREATE INDEX FOR (n:L) ON (n.k)").unwrap();
        let outcome = db.execute_atomic(
            &["DROP INDEX index_l_k", "RETURN 1/0"],
            &Params::new(),
            &Default::default(),
        );
        assert!(outcome.is_err());
        assert_eq!(db.graph().property_indexes().len(), 1);
        assert_eq!(db.graph().property_indexes()[0].len(), 2);
    }
    let db = Database::open(&path, options).unwrap();
    let indexes = db.graph().property_indexes();
    assert_eq!(indexes.len(), 1);
    assert_eq!(indexes[0].len(), 2, "rebuilt at open from the nodes");
}

mod common;

use common::Rng;

impl Rng {
    /// A value of any kind an index sees, including the ones it leaves out.
    fn value(&mut self) -> String {
        match self.below(12) {
            9 => format!("date('2020-0{}-01')", 1 + self.below(3)),
            // One instant at two offsets, and another instant: equal instants are `>=`
            // each other but not `=`.
            10 => [
                "datetime('2020-01-01T12:00+01:00')",
                "datetime('2020-01-01T11:00Z')",
                "datetime('2020-01-01T11:30Z')",
            ][self.below(3) as usize]
                .into(),
            11 => format!("duration('P{}D')", self.below(2)),
            0 => "null".into(),
            1 => format!("{}", self.below(6)),
            2 => format!("{}.0", self.below(6)),
            3 => format!("{}.5", self.below(6)),
            4 => format!(
                "'{}'",
                ["a", "ab", "abc", "b", "ba", ""][self.below(6) as usize]
            ),
            5 => ["true", "false"][self.below(2) as usize].into(),
            6 => format!("[{}]", self.below(3)),
            7 => "0.0/0.0".into(),
            _ => format!("-{}", self.below(3)),
        }
    }
}

/// `$v` and `$w` of any kind an index sees, as the database evaluates their literals.
fn random_params(rng: &mut Rng, db: &mut Database) -> Params {
    let mut params = Params::new();
    for name in ["v", "w"] {
        let literal = rng.value();
        let value = db.execute(&format!("RETURN {literal} AS x")).unwrap().rows[0][0].clone();
        params.insert(name.into(), value);
    }
    params
}

fn rows(db: &mut Database, query: &str, params: &Params) -> Vec<String> {
    let result = db
        .execute_with(query, params, &Default::default())
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    let mut rows: Vec<String> = result.rows.iter().map(|r| format!("{r:?}")).collect();
    rows.sort();
    rows
}

/// Every kind of predicate an index answers, on random nodes, with the index and without:
/// the same rows. Between rounds, writes of every kind change the indexed nodes, and the
/// index must stay equal to one rebuilt from the nodes.
#[test]
fn seeks_find_what_scans_find_and_writes_keep_indexes_true() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let predicates = [
        "n.k = $v",
        "$v = n.k",
        "n.k IN [$v, $w]",
        "n.k > $v",
        "n.k >= $v AND n.k < $w",
        "$v <= n.k",
        "n.k STARTS WITH $v",
        "n.k = $v AND n.j = $w",
        "n.k = m.k",
        "n.j IN $list",
    ];
    for round in 0..6 {
        let mut indexed = Database::open_temporary().unwrap();
        let mut plain = Database::open_temporary().unwrap();
        indexed.execute("CREATE INDEX FOR (n:L) ON (n.k)").unwrap();
        indexed
            .execute("CREATE INDEX pair FOR (n:L) ON (n.k, n.j)")
            .unwrap();
        indexed.execute("CREATE INDEX FOR (n:L) ON (n.j)").unwrap();
        let mut writes = Vec::new();
        for i in 0..30 {
            let labels = ["L", "L:M", "M"][rng.below(3) as usize];
            writes.push(format!(
                "CREATE (:{labels} {{i: {i}, k: {}, j: {}}})",
                rng.value(),
                rng.value()
            ));
        }
        for _ in 0..12 {
            let i = rng.below(30);
            writes.push(match rng.below(6) {
                0 => format!("MATCH (n {{i: {i}}}) SET n.k = {}", rng.value()),
                1 => format!("MATCH (n {{i: {i}}}) REMOVE n.k"),
                2 => format!("MATCH (n {{i: {i}}}) SET n:L"),
                3 => format!("MATCH (n {{i: {i}}}) REMOVE n:L"),
                4 => format!("MATCH (n {{i: {i}}}) DETACH DELETE n"),
                _ => format!(
                    "MATCH (n {{i: {i}}}) SET n = {{i: {i}, j: {}}}",
                    rng.value()
                ),
            });
        }
        for write in &writes {
            let a = indexed.execute(write);
            let b = plain.execute(write);
            assert_eq!(a.is_ok(), b.is_ok(), "{write}");
            assert_eq!(
                indexed.graph().property_index_problems(),
                Vec::<String>::new(),
                "after {write}"
            );
        }
        // An index built over the data as it stands holds exactly what it should too.
        indexed
            .execute("CREATE INDEX late FOR (n:M) ON (n.k)")
            .unwrap();
        assert_eq!(
            indexed.graph().property_index_problems(),
            Vec::<String>::new(),
            "built over round {round}'s data"
        );
        for _ in 0..40 {
            let predicate = predicates[rng.below(predicates.len() as u64) as usize];
            let mut params = random_params(&mut rng, &mut plain);
            params.insert(
                "list".into(),
                Value::List(vec![Value::Int(1), Value::Null, Value::String("a".into())]),
            );
            let query = if predicate.contains("m.") {
                format!("MATCH (m:M) MATCH (n:L) WHERE {predicate} RETURN m.i, n.i")
            } else {
                format!("MATCH (n:L) WHERE {predicate} RETURN n.i")
            };
            assert_eq!(
                rows(&mut indexed, &query, &params),
                rows(&mut plain, &query, &params),
                "round {round}: {query} with {params:?}"
            );
        }
    }
}

/// A relationship index lets a part start at the ends of the relationships it finds, on
/// either side and in every direction: the rows are those of the plain scan.
#[test]
fn relationship_seeks_start_at_the_right_ends() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let patterns = [
        "MATCH (a)-[r:T]->(b) WHERE r.w = $v RETURN a.i, b.i, r.i",
        "MATCH (a)<-[r:T]-(b) WHERE r.w > $v RETURN a.i, b.i, r.i",
        "MATCH (a)-[r:T]-(b) WHERE r.w IN [$v, $w] RETURN a.i, b.i, r.i",
        "MATCH (a:L)-[r:T {w: $v}]->(b:L) RETURN a.i, b.i, r.i",
        "MATCH (a)-[:U]->(b)-[r:T]->(c) WHERE r.w <= $v RETURN a.i, b.i, c.i",
        "MATCH (a)-[r:T|U]->(b) WHERE r.w = $v RETURN a.i, b.i, r.i",
        "MATCH (a)-[r:T*1..2]->(b) WHERE all(x IN r WHERE x.w = $v) RETURN a.i, b.i",
    ];
    for round in 0..4 {
        let mut indexed = Database::open_temporary().unwrap();
        let mut plain = Database::open_temporary().unwrap();
        indexed
            .execute("CREATE INDEX FOR ()-[r:T]-() ON (r.w)")
            .unwrap();
        let mut writes = vec!["UNWIND range(0, 11) AS i CREATE (:L {i: i})".to_owned()];
        for i in 0..30 {
            let (a, b) = (rng.below(12), rng.below(12));
            let rel_type = ["T", "T", "U"][rng.below(3) as usize];
            writes.push(format!(
                "MATCH (a {{i: {a}}}), (b {{i: {b}}}) CREATE (a)-[:{rel_type} {{i: {i}, w: {}}}]->(b)",
                rng.value()
            ));
        }
        for _ in 0..6 {
            writes.push(match rng.below(3) {
                0 => format!(
                    "MATCH ()-[r {{i: {}}}]->() SET r.w = {}",
                    rng.below(30),
                    rng.value()
                ),
                1 => format!("MATCH ()-[r {{i: {}}}]->() DELETE r", rng.below(30)),
                _ => format!("MATCH ()-[r {{i: {}}}]->() REMOVE r.w", rng.below(30)),
            });
        }
        for write in &writes {
            indexed.execute(write).unwrap();
            plain.execute(write).unwrap();
        }
        assert!(indexed.graph().property_index_problems().is_empty());
        for _ in 0..30 {
            let query = patterns[rng.below(patterns.len() as u64) as usize];
            let params = random_params(&mut rng, &mut plain);
            assert_eq!(
                rows(&mut indexed, query, &params),
                rows(&mut plain, query, &params),
                "round {round}: {query} with {params:?}"
            );
        }
    }
}
