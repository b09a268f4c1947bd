//! The Cypher a Neo4j user writes, through the real binary on a seeded database: `rand()`,
//! floats turned into strings as Neo4j writes them, map projections, keywords used as
//! names, and features outside the language refused by name with a caret.

use std::path::Path;

use serde_json::Value as Json;

mod common;

use common::seeded::{kizuna, rows, seeded};

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

#[test]
fn map_projections_select_properties_entries_and_variables() {
    let (_dir, db) = seeded();
    let hospital = single(
        &db,
        "MATCH (h:Hospital {name: 'Kameda Medical Center'}) \
         RETURN h {.name, .city, .missing, kind: 'hospital'} AS h",
    );
    assert_eq!(
        hospital,
        serde_json::json!({"name": "Kameda Medical Center", "city": "Kamogawa",
                           "missing": null, "kind": "hospital"})
    );
    // `.*` takes every property; an explicit entry replaces one of them.
    let every = single(
        &db,
        "MATCH (h:Hospital {name: 'Kameda Medical Center'}) WITH h, 2 AS n \
         RETURN h {.*, n, name: toUpper(h.name)} AS h",
    );
    let every = every.as_object().unwrap();
    assert_eq!(every["name"], "KAMEDA MEDICAL CENTER");
    assert_eq!(every["n"], 2);
    assert_eq!(every["country"], "JP");
    assert!(every.contains_key("source"), "{every:?}");
    // Grouped values beside the entity's properties, as reports want them.
    let funders = rows(
        &db,
        "MATCH (f)-[r:FUNDED]->() WITH f, count(r) AS grants \
         RETURN f {.name, grants} AS f ORDER BY f.grants DESC, f.name LIMIT 3",
    );
    assert_eq!(funders.len(), 3);
    for row in &funders {
        let keys: Vec<&String> = row["f"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["grants", "name"], "{row}");
    }
    // On maps and on null.
    assert_eq!(
        single(&db, "WITH {a: 1, b: 2} AS m RETURN m {.b, c: 3} AS p"),
        serde_json::json!({"b": 2, "c": 3})
    );
    assert_eq!(
        single(&db, "OPTIONAL MATCH (n:Nowhere) RETURN n {.name} AS p"),
        Json::Null
    );
    let error = refused(&db, "WITH 1 AS x RETURN x {.a}");
    assert!(
        error.contains("map projection needs a node, relationship or map"),
        "{error}"
    );
    assert!(error.contains("1:20"), "{error}");
}

#[test]
fn keywords_name_columns_and_variables() {
    let (_dir, db) = seeded();
    let row = rows(
        &db,
        "RETURN 1 AS end, 2 AS all, 3 AS contains, 4 AS `order`",
    );
    assert_eq!(
        row,
        [serde_json::json!({"end": 1, "all": 2, "contains": 3, "order": 4})]
    );
    assert_eq!(
        single(
            &db,
            "MATCH (end:Hospital)-[all:EXCHANGED_WITH]-(in) \
             WHERE end.country = 'JP' RETURN count(DISTINCT in) > 0 AS found"
        ),
        Json::Bool(true)
    );
    assert_eq!(
        single(
            &db,
            "WITH 2 AS end UNWIND [end, end * 2] AS x RETURN sum(x) AS s"
        ),
        serde_json::json!(6)
    );
    // A clause keyword still cannot be a bare variable: the error points at it.
    let error = refused(&db, "MATCH (match) RETURN match");
    assert!(error.contains("1:8"), "{error}");
}

#[test]
fn what_kizuna_lacks_is_named_with_a_caret_on_it() {
    let (_dir, db) = seeded();
    for (statement, feature, column) in [
        (
            "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
            "LOAD CSV",
            1,
        ),
        ("USE neo4j MATCH (n) RETURN n", "USE", 1),
        (
            "CREATE CONSTRAINT FOR (n:Hospital) REQUIRE n.name IS UNIQUE",
            "constraints",
            1,
        ),
        ("SHOW CONSTRAINTS", "this SHOW command", 1),
        ("SHOW ALL CONSTRAINTS", "this SHOW command", 1),
        ("START DATABASE other", "administration commands", 1),
        ("CREATE DATABASE other", "administration commands", 1),
        (
            "MATCH (n) CALL { WITH n SET n.x = 1 } IN TRANSACTIONS",
            "CALL { … } IN TRANSACTIONS",
            39,
        ),
        (
            "MATCH (a)-->{1,3}(b) RETURN count(*)",
            "quantified relationships",
            13,
        ),
        (
            "MATCH ((a)-->(b)){2} RETURN count(*)",
            "quantified path patterns",
            8,
        ),
        (
            "MATCH p = SHORTEST 1 (a)--(b) RETURN p",
            "path selectors",
            11,
        ),
        (
            "MATCH (n) SET n:Hospital|University",
            "label expressions",
            25,
        ),
        ("MATCH (n) SET n:$($label)", "dynamic labels", 17),
        ("RETURN 1 IS :: INTEGER", "type predicates", 13),
        ("RETURN 1 AS x NEXT RETURN x", "NEXT", 15),
    ] {
        let error = refused(&db, statement);
        assert!(
            error.contains(&format!("at 1:{column}: kizuna does not support"))
                && error.contains(feature),
            "{statement}: {error}"
        );
        let caret_line = error.lines().nth(2).unwrap_or_default();
        assert_eq!(
            caret_line.find('^'),
            Some(column + 1),
            "{statement}: {error}"
        );
    }
    // Where a pattern is only tried inside an expression, the words it refuses are read
    // as the expression they are.
    assert_eq!(
        single(
            &db,
            "WITH 1 AS x RETURN [x = any(y IN [1] WHERE y = 1)] AS l"
        ),
        serde_json::json!([false])
    );
    assert_eq!(
        single(&db, "WITH 1 AS a, 2 AS b RETURN (a)--+(b) AS d"),
        serde_json::json!(3)
    );
}

#[test]
fn foreach_writes_for_each_element_and_keeps_the_rows() {
    let (_dir, db) = seeded();
    let rows = rows(
        &db,
        "MATCH (h:Hospital {country: 'JP'}) \
         FOREACH (tag IN ['a', 'b'] | CREATE (:Tag {name: tag, of: h.name})) \
         RETURN count(*) AS hospitals",
    );
    let hospitals = rows[0]["hospitals"].as_i64().unwrap();
    assert!(hospitals > 1, "{rows:?}");
    assert_eq!(
        single(&db, "MATCH (t:Tag) RETURN count(*) AS n"),
        serde_json::json!(2 * hospitals)
    );
    // Nested, over a null list (no iteration), and only with updating clauses.
    single(
        &db,
        "FOREACH (x IN [1, 2] | FOREACH (y IN [10] | CREATE (:Sum {v: x + y}))) \
         RETURN 1 AS done",
    );
    assert_eq!(
        single(&db, "MATCH (s:Sum) RETURN collect(s.v) AS v"),
        serde_json::json!([11, 12])
    );
    assert_eq!(
        single(
            &db,
            "MATCH (t:Tag) FOREACH (x IN null | DELETE t) RETURN count(t) AS n"
        ),
        serde_json::json!(2 * hospitals)
    );
    let error = refused(&db, "FOREACH (x IN [1] | MATCH (n) SET n.y = x)");
    assert!(
        error.contains("FOREACH takes only updating clauses"),
        "{error}"
    );
}

#[test]
fn offset_is_skip() {
    let (_dir, db) = seeded();
    let names = |statement: &str| {
        rows(&db, statement)
            .into_iter()
            .map(|r| r["name"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names("MATCH (h:Hospital) RETURN h.name AS name ORDER BY name OFFSET 3 LIMIT 2"),
        names("MATCH (h:Hospital) RETURN h.name AS name ORDER BY name SKIP 3 LIMIT 2")
    );
}

#[test]
fn reduce_folds_a_list() {
    let (_dir, db) = seeded();
    assert_eq!(
        single(&db, "RETURN reduce(s = 0, x IN [1, 2, 3] | s + x * x) AS r"),
        serde_json::json!(14)
    );
    assert_eq!(
        single(&db, "RETURN reduce(s = 0, x IN null | s + x) AS r"),
        Json::Null
    );
    // The total granted along each chain of grants, against the same sum by UNWIND.
    let folded = rows(
        &db,
        "MATCH p = (:Government)-[:FUNDED*1..2]->() \
         RETURN reduce(t = 0, r IN relationships(p) | t + coalesce(r.amount, 0)) AS total \
         ORDER BY total",
    );
    let unwound = rows(
        &db,
        "MATCH p = (:Government)-[:FUNDED*1..2]->() \
         CALL { WITH p UNWIND relationships(p) AS r RETURN sum(coalesce(r.amount, 0)) AS total } \
         RETURN total ORDER BY total",
    );
    assert!(!folded.is_empty());
    assert_eq!(folded, unwound);
    let error = refused(&db, "RETURN reduce(s = 0, x IN [1] | s + count(x))");
    assert!(error.contains("not allowed in reduce()"), "{error}");
}

#[test]
fn element_ids_find_what_they_name() {
    let (_dir, db) = seeded();
    assert_eq!(
        single(
            &db,
            "MATCH (h:Hospital {name: 'Kameda Medical Center'}) WITH elementId(h) AS e \
             MATCH (n) WHERE elementId(n) = e RETURN n.name AS name"
        ),
        "Kameda Medical Center"
    );
}

#[test]
fn where_inside_patterns_filters_as_the_match_where_does() {
    let (_dir, db) = seeded();
    let inline = single(
        &db,
        "MATCH (a:Hospital WHERE a.country = 'JP')-[r:EXCHANGED_WITH WHERE r.date.year = 2020]-\
         (b WHERE b.country = 'CN') RETURN count(*) AS n",
    );
    let outside = single(
        &db,
        "MATCH (a:Hospital)-[r:EXCHANGED_WITH]-(b) \
         WHERE a.country = 'JP' AND r.date.year = 2020 AND b.country = 'CN' RETURN count(*) AS n",
    );
    assert!(outside.as_i64().unwrap() > 0);
    assert_eq!(inline, outside);
    assert_eq!(
        single(
            &db,
            "MATCH (h:Hospital) WHERE EXISTS { (h)-[:EXCHANGED_WITH]-(o WHERE o.country = 'CN') } \
             RETURN count(h) AS n"
        ),
        single(
            &db,
            "MATCH (h:Hospital) WHERE EXISTS { (h)-[:EXCHANGED_WITH]-(o) WHERE o.country = 'CN' } \
             RETURN count(h) AS n"
        )
    );
    let error = refused(&db, "CREATE (n:X WHERE n.a = 1)");
    assert!(
        error.contains("only allowed where the pattern is matched"),
        "{error}"
    );
}

#[test]
fn aggregates_over_one_argument_each_see_every_value() {
    let (_dir, db) = seeded();
    let row = &rows(
        &db,
        "UNWIND [3, 1, null, 3, 2] AS x \
         RETURN min(x) AS lo, max(x) AS hi, avg(x) AS mean, count(DISTINCT x) AS kinds, \
                sum(x) AS total, collect(x) AS all, percentileDisc(x, 0.5) AS median",
    )[0];
    assert_eq!(
        row,
        &serde_json::json!({"lo": 1, "hi": 3, "mean": 2.25, "kinds": 3, "total": 9,
                            "all": [3, 1, 3, 2], "median": 2})
    );
}

#[test]
fn show_procedures_lists_what_call_runs() {
    let (_dir, db) = seeded();
    let all = rows(&db, "SHOW PROCEDURES");
    assert!(all.len() > 8, "{all:?}");
    assert!(all.iter().all(|p| p["signature"].is_string()), "{all:?}");
    let names = single(
        &db,
        "SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'db.' RETURN collect(name) AS n",
    );
    assert!(
        names
            .as_array()
            .unwrap()
            .contains(&Json::from("db.indexes")),
        "{names}"
    );
    assert_eq!(
        rows(&db, "SHOW PROCEDURE WHERE name = 'db.labels'").len(),
        1
    );
}

#[test]
fn show_functions_lists_every_function_as_neo4j_names_it() {
    let (_dir, db) = seeded();
    let all = rows(&db, "SHOW FUNCTIONS");
    let named = |name: &str| all.iter().find(|f| f["name"] == name).cloned();
    assert_eq!(
        named("toString"),
        Some(serde_json::json!({"name": "toString", "category": "scalar", "aggregating": false}))
    );
    assert_eq!(named("percentileCont").unwrap()["aggregating"], true);
    assert_eq!(named("date.truncate").unwrap()["category"], "temporal");
    // Every function listed is one a statement can call (in any case).
    for function in &all {
        let name = function["name"].as_str().unwrap();
        let statement = format!("EXPLAIN RETURN {}(1) AS x", name.to_uppercase());
        let output = kizuna(&db).args(["-e", &statement]).output().unwrap();
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(!error.contains("unknown function"), "{name}: {error}");
    }
    let aggregating = rows(&db, "SHOW FUNCTIONS WHERE aggregating");
    assert!(aggregating.iter().all(|f| f["category"] == "aggregating"));
    assert_eq!(aggregating.len(), 10);
}

#[test]
fn label_expressions_test_nodes_as_where_does() {
    let (_dir, db) = seeded();
    let count = |statement: &str| single(&db, statement).as_i64().unwrap();
    let either = count("MATCH (n:Hospital|University) RETURN count(n) AS n");
    assert!(either > 0);
    assert_eq!(
        either,
        count("MATCH (n) WHERE n:Hospital OR n:University RETURN count(n) AS n")
    );
    assert_eq!(
        either,
        count("MATCH (n) WHERE n:Hospital|University RETURN count(n) AS n")
    );
    let all = count("MATCH (n) RETURN count(n) AS n");
    let hospitals = count("MATCH (n:Hospital) RETURN count(n) AS n");
    assert_eq!(
        count("MATCH (n:!Hospital) RETURN count(n) AS n"),
        all - hospitals
    );
    assert_eq!(count("MATCH (n:%) RETURN count(n) AS n"), all);
    assert_eq!(
        count("MATCH (n:(Hospital|University)&!Hospital) RETURN count(n) AS n"),
        either - hospitals
    );
    assert_eq!(
        count(
            "MATCH (h:Hospital) WHERE EXISTS { (h)--(o:University|Ministry) } \
             RETURN count(h) AS n"
        ),
        count(
            "MATCH (h:Hospital) WHERE EXISTS { (h)--(o) WHERE o:University OR o:Ministry } \
             RETURN count(h) AS n"
        )
    );
    let error = refused(&db, "MATCH (:Hospital|University) RETURN count(*)");
    assert!(
        error.contains("needs the variable it tests, as in (n:A|B)"),
        "{error}"
    );
    let error = refused(&db, "CREATE (n:A|B)");
    assert!(error.contains("CREATE and MERGE take labels"), "{error}");
}
