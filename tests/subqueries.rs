//! Patterns as expressions and subqueries through the real binary on a seeded database:
//! pattern predicates, pattern comprehensions, `EXISTS`, `COUNT`, `COLLECT` and
//! `CALL { … }` each give what the same question asked with plain MATCH gives; a unit
//! `CALL { … }` writes durably and keeps its rows; EXPLAIN shows their operators.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value as Json;

mod common;

use common::seeded::{kizuna, rows, seeded};

/// The values of column `column`, as a set of their JSON texts.
fn column(db: &Path, statement: &str, column: &str) -> BTreeSet<String> {
    rows(db, statement)
        .iter()
        .map(|row| row[column].to_string())
        .collect()
}

/// Each row as `key -> value` of two columns.
fn pairs(db: &Path, statement: &str) -> Vec<(String, Json)> {
    let mut out: Vec<(String, Json)> = rows(db, statement)
        .into_iter()
        .map(|row| (row["k"].to_string(), row["v"].clone()))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A list value with its elements sorted (subqueries promise no order).
fn sorted(list: &Json) -> Vec<String> {
    let mut items: Vec<String> = list
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(Json::to_string)
        .collect();
    items.sort();
    items
}

#[test]
fn pattern_predicates_agree_with_matching() {
    let (_dir, db) = seeded();
    let with_predicate = column(
        &db,
        "MATCH (h:Hospital) WHERE (h)-[:EXCHANGED_WITH]-(:University) RETURN h.name AS name",
        "name",
    );
    let matched = column(
        &db,
        "MATCH (h:Hospital)-[:EXCHANGED_WITH]-(:University) RETURN DISTINCT h.name AS name",
        "name",
    );
    assert!(!matched.is_empty());
    assert_eq!(with_predicate, matched);
    let negated = column(
        &db,
        "MATCH (h:Hospital) WHERE NOT (h)-[:EXCHANGED_WITH]-(:University) RETURN h.name AS name",
        "name",
    );
    let all = column(&db, "MATCH (h:Hospital) RETURN h.name AS name", "name");
    assert!(negated.is_disjoint(&matched));
    assert_eq!(negated.len() + matched.len(), all.len());
    // In a disjunction, and bound at both ends.
    let either = column(
        &db,
        "MATCH (a:Government), (h:Hospital) WHERE (a)-[:FUNDED]->(h) OR (h)-[:EXCHANGED_WITH]-(:University) RETURN h.name AS name",
        "name",
    );
    let funded = column(
        &db,
        "MATCH (:Government)-[:FUNDED]->(h:Hospital) RETURN h.name AS name",
        "name",
    );
    assert_eq!(either, funded.union(&matched).cloned().collect());
}

#[test]
fn comprehensions_count_and_collect_agree_with_aggregation() {
    let (_dir, db) = seeded();
    let comprehension = pairs(
        &db,
        "MATCH (g:Government) RETURN g.name AS k, [(g)-[:FUNDED]->(h:Hospital) | h.name] AS v",
    );
    let collected = pairs(
        &db,
        "MATCH (g:Government) OPTIONAL MATCH (g)-[:FUNDED]->(h:Hospital) RETURN g.name AS k, collect(h.name) AS v",
    );
    assert_eq!(comprehension.len(), collected.len());
    for ((k1, v1), (k2, v2)) in comprehension.iter().zip(&collected) {
        assert_eq!(k1, k2);
        assert_eq!(sorted(v1), sorted(v2), "{k1}");
    }
    assert!(comprehension.iter().any(|(_, v)| sorted(v).len() == 4));

    let collect_subquery = pairs(
        &db,
        "MATCH (g:Government) RETURN g.name AS k, COLLECT { MATCH (g)-[:FUNDED]->(h:Hospital) RETURN h.name } AS v",
    );
    for ((k1, v1), (_, v2)) in collect_subquery.iter().zip(&collected) {
        assert_eq!(sorted(v1), sorted(v2), "{k1}");
    }

    let counted = pairs(
        &db,
        "MATCH (u:University) RETURN u.name AS k, COUNT { (u)-[:PARTNERED_WITH|EXCHANGED_WITH]-() } AS v",
    );
    let by_match = pairs(
        &db,
        "MATCH (u:University) OPTIONAL MATCH (u)-[r:PARTNERED_WITH|EXCHANGED_WITH]-() RETURN u.name AS k, count(r) AS v",
    );
    assert_eq!(counted, by_match);
    assert!(counted.iter().any(|(_, v)| v.as_i64() > Some(1)));
    // The size of a comprehension is the same count.
    let sizes = pairs(
        &db,
        "MATCH (u:University) RETURN u.name AS k, size([(u)-[:PARTNERED_WITH|EXCHANGED_WITH]-() | 1]) AS v",
    );
    assert_eq!(sizes, by_match);
}

#[test]
fn exists_sees_outer_variables_and_nests() {
    let (_dir, db) = seeded();
    let organizers = column(
        &db,
        "MATCH (o) WHERE EXISTS { MATCH (o)-[:ORGANIZED]->(p:Program) WHERE p.name STARTS WITH 'Global' } RETURN o.name AS name",
        "name",
    );
    let matched = column(
        &db,
        "MATCH (o)-[:ORGANIZED]->(p:Program) WHERE p.name STARTS WITH 'Global' RETURN DISTINCT o.name AS name",
        "name",
    );
    assert_eq!(organizers.len(), 2);
    assert_eq!(organizers, matched);
    let nested = column(
        &db,
        "MATCH (o) WHERE EXISTS { MATCH (p:Program) WHERE EXISTS { (o)-[:ORGANIZED]->(p) WHERE p.name STARTS WITH 'Global' } RETURN p } RETURN o.name AS name",
        "name",
    );
    assert_eq!(nested, matched);
}

#[test]
fn call_subqueries_join_rows_and_unit_ones_write_once_per_row() {
    let (_dir, db) = seeded();
    let joined = pairs(
        &db,
        "MATCH (g:Government) CALL { WITH g MATCH (g)-[:FUNDED]->(h) RETURN count(h) AS funded } RETURN g.name AS k, funded AS v",
    );
    let counted = pairs(
        &db,
        "MATCH (g:Government) OPTIONAL MATCH (g)-[:FUNDED]->(h) RETURN g.name AS k, count(h) AS v",
    );
    assert_eq!(joined, counted);
    let unioned = column(
        &db,
        "CALL { MATCH (u:University) RETURN u.name AS name UNION MATCH (h:Hospital) RETURN h.name AS name } RETURN name",
        "name",
    );
    let universities = column(&db, "MATCH (u:University) RETURN u.name AS name", "name");
    let hospitals = column(&db, "MATCH (h:Hospital) RETURN h.name AS name", "name");
    assert_eq!(unioned, universities.union(&hospitals).cloned().collect());

    // A unit subquery: the hospitals pass through unchanged, each marked once.
    let marked = rows(
        &db,
        "MATCH (h:Hospital) CALL { WITH h SET h.reviewed = coalesce(h.reviewed, 0) + 1 } RETURN count(*) AS n",
    );
    assert_eq!(marked[0]["n"], Json::from(hospitals.len()));
    let after = rows(
        &db,
        "MATCH (h:Hospital) RETURN min(h.reviewed) AS low, max(h.reviewed) AS high",
    );
    assert_eq!(
        (&after[0]["low"], &after[0]["high"]),
        (&Json::from(1), &Json::from(1))
    );
    kizuna(&db)
        .args([
            "--read-only",
            "-e",
            "MATCH (h:Hospital) CALL { WITH h SET h.x = 1 } RETURN h",
        ])
        .assert()
        .failure();
}

#[test]
fn explain_shows_the_subquery_operators() {
    let (_dir, db) = seeded();
    let output = kizuna(&db)
        .args([
            "--format",
            "json",
            "-e",
            "EXPLAIN MATCH (h:Hospital) WHERE NOT (h)-[:FUNDED]->() AND EXISTS { (h)--(:University) } \
             CALL { WITH h RETURN 1 AS one } \
             RETURN h.name, [(h)-[r]-(x) | type(r)] AS types, COUNT { (h)--() } AS degree",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    for operator in [
        "AntiSemiApply",
        "SemiApply",
        "Apply",
        "RollUpApply",
        "Argument",
    ] {
        assert!(
            text.contains(&format!("\"operator\":\"{operator}\"")),
            "{operator} missing from {text}"
        );
    }
    // PROFILE runs it and counts rows.
    let profiled = kizuna(&db)
        .args([
            "-e",
            "PROFILE MATCH (h:Hospital) WHERE (h)-[:EXCHANGED_WITH]-() RETURN h.name",
        ])
        .output()
        .unwrap();
    assert!(profiled.status.success(), "{profiled:?}");
    // With CSV the plan goes to standard error.
    let plan = String::from_utf8_lossy(&profiled.stderr);
    assert!(plan.contains("+SemiApply"), "{plan}");
    assert!(plan.contains("rows"), "{plan}");
}

#[test]
fn misplaced_patterns_and_writing_subqueries_are_refused_before_running() {
    let (_dir, db) = seeded();
    for (statement, says) in [
        ("MATCH (n) RETURN (n)-->()", "can only stand as a predicate"),
        (
            "MATCH (n) WHERE (n)-[:FUNDED]->(x) RETURN n",
            "`x` is not defined",
        ),
        (
            "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) SET m.x = 1 } RETURN n",
            "can only read",
        ),
        (
            "MATCH (n) RETURN COLLECT { MATCH (n)-->(m) RETURN m, n } AS l",
            "exactly one column",
        ),
        (
            "MATCH (n) CALL { WITH n MATCH (n)-->(m) RETURN m AS n } RETURN n",
            "cannot return a variable of the same name",
        ),
    ] {
        let output = kizuna(&db).args(["-e", statement]).output().unwrap();
        assert!(!output.status.success(), "{statement} ran");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains(says), "{statement}: {message}");
    }
    // Nothing was written by the refused statement.
    let untouched = rows(&db, "MATCH (m) WHERE m.x IS NOT NULL RETURN count(*) AS n");
    assert_eq!(untouched[0]["n"], Json::from(0));
}
