//! EXPLAIN and PROFILE through the real binary on a seeded database: the plan's operators
//! and estimates, nothing run or changed by EXPLAIN, rows counted per operator by PROFILE,
//! and the planner's choice of start (label scan, name index, property index) visible.

use std::path::Path;

use serde_json::Value as Json;

mod common;

use common::seeded::{kizuna, seeded};

/// The JSON lines a statement prints with `--format json`: its rows, then its plan.
fn json_lines(db: &Path, statement: &str) -> (Vec<Json>, Json) {
    let output = kizuna(db)
        .args(["--format", "json", "-e", statement])
        .output()
        .unwrap();
    assert!(output.status.success(), "{statement}: {output:?}");
    let mut lines: Vec<Json> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let plan = lines.pop().expect("a plan line")["plan"].clone();
    assert!(plan.is_object(), "{statement}: no plan in the last line");
    (lines, plan)
}

/// Every operator of a plan, depth first from the root.
fn operators(plan: &Json) -> Vec<&Json> {
    let mut out = vec![plan];
    for child in plan["children"].as_array().into_iter().flatten() {
        out.extend(operators(child));
    }
    out
}

fn named<'p>(plan: &'p Json, name: &str) -> Option<&'p Json> {
    operators(plan)
        .into_iter()
        .find(|op| op["operator"] == name)
}

fn count(db: &Path, statement: &str) -> i64 {
    let output = kizuna(db)
        .args(["--format", "csv", "-e", statement])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines().nth(1).unwrap().trim().parse().unwrap()
}

#[test]
fn explain_shows_the_plan_and_runs_nothing() {
    let (_dir, db) = seeded();
    let hospitals = count(&db, "MATCH (h:Hospital) RETURN count(h)");
    let (rows, plan) = json_lines(
        &db,
        "EXPLAIN MATCH (h:Hospital)--(o) RETURN o.name, count(*) AS n ORDER BY n DESC LIMIT 3",
    );
    assert!(rows.is_empty(), "EXPLAIN returned rows: {rows:?}");
    assert_eq!(plan["operator"], "ProduceResults");
    let scan = named(&plan, "NodeByLabelScan").expect("a label scan");
    assert_eq!(scan["details"], "(h:Hospital)");
    assert_eq!(scan["estimated_rows"].as_f64(), Some(hospitals as f64));
    assert!(named(&plan, "Expand(All)").is_some());
    assert!(named(&plan, "Aggregation").is_some());
    assert!(named(&plan, "Top").is_some());
    assert!(operators(&plan).iter().all(|op| op.get("rows").is_none()));

    // A write under EXPLAIN writes nothing.
    let before = count(&db, "MATCH (n) RETURN count(n)");
    let (_, plan) = json_lines(&db, "EXPLAIN CREATE (:Hospital {name: 'Nowhere'})");
    assert!(named(&plan, "Create").is_some());
    assert_eq!(count(&db, "MATCH (n) RETURN count(n)"), before);
}

/// One hop between labelled nodes is estimated from the relationships the graph counts
/// per (start label, type, end label): from a whole label, the estimate is the count, in
/// either direction, and it follows a write.
#[test]
fn a_hop_between_labels_is_estimated_from_the_counts_per_label_and_type() {
    let (_dir, db) = seeded();
    let expand_estimate = |statement: &str| {
        let (_, plan) = json_lines(&db, statement);
        let expand = named(&plan, "Expand(All)").expect("an expansion");
        expand["estimated_rows"].as_f64().unwrap()
    };
    // Untyped, so that no scan of one type starts them: each starts at a label.
    for (pattern, start) in [
        ("(h:Hospital)-->(e:Event)", "h"),
        ("(e:Event)<--(a:Association)", "e"),
        ("(h:Hospital)--(u:University)", "h"),
        ("(h:Hospital)--(o:Hospital)", "h"),
    ] {
        let rows = count(&db, &format!("MATCH {pattern} RETURN count(*)"));
        assert!(rows > 0, "{pattern}: the seed has none");
        let estimate = expand_estimate(&format!(
            "EXPLAIN MATCH {pattern} RETURN {start}.name AS name, count(*) AS n"
        ));
        assert_eq!(estimate, rows as f64, "{pattern}");
    }
    // In one process, the counts built for the first plan follow the write after it.
    let explain =
        "EXPLAIN MATCH (m:Ministry)-->(g:Government) RETURN m.name AS name, count(*) AS n";
    let before = count(&db, "MATCH (m:Ministry)-->(g:Government) RETURN count(*)");
    let script = db.with_extension("cypher");
    std::fs::write(
        &script,
        format!(
            "{explain};\n\
             MATCH (m:Ministry) WITH m LIMIT 1 MATCH (g:Government) CREATE (m)-[:ADVISES]->(g);\n\
             {explain};\n"
        ),
    )
    .unwrap();
    let output = kizuna(&db)
        .args(["--format", "json", "run"])
        .arg(&script)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let estimates: Vec<f64> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Json>(l).ok())
        .filter_map(|line| {
            let expand = named(&line["plan"], "Expand(All)")?;
            expand["estimated_rows"].as_f64()
        })
        .collect();
    let after = count(&db, "MATCH (m:Ministry)-->(g:Government) RETURN count(*)");
    assert!(after > before);
    assert_eq!(estimates, vec![before as f64, after as f64]);
}

#[test]
fn profile_counts_the_rows_of_each_operator() {
    let (_dir, db) = seeded();
    let hospitals = count(&db, "MATCH (h:Hospital) RETURN count(h)");
    let exchanges = count(&db, "MATCH (h:Hospital)--(o) RETURN count(*)");
    let (rows, plan) = json_lines(&db, "PROFILE MATCH (h:Hospital)--(o) RETURN h.name, o.name");
    assert_eq!(rows.len() as i64, exchanges);
    assert_eq!(plan["rows"].as_i64(), Some(exchanges));
    assert_eq!(
        named(&plan, "NodeByLabelScan").unwrap()["rows"].as_i64(),
        Some(hospitals)
    );
    assert_eq!(
        named(&plan, "Expand(All)").unwrap()["rows"].as_i64(),
        Some(exchanges)
    );
    let projection = named(&plan, "Projection").unwrap();
    assert_eq!(projection["rows"].as_i64(), Some(exchanges));
    assert!(projection["time_ms"].as_f64().is_some());
}

#[test]
fn the_plan_starts_where_the_statistics_say() {
    let (_dir, db) = seeded();
    // The smaller label is the start, whichever side it is written on.
    let ministries = count(&db, "MATCH (m:Ministry) RETURN count(m)");
    let hospitals = count(&db, "MATCH (h:Hospital) RETURN count(h)");
    assert!(ministries < hospitals);
    let (_, plan) = json_lines(
        &db,
        "EXPLAIN MATCH (h:Hospital)--(m:Ministry) RETURN h.name, m.name",
    );
    assert_eq!(
        named(&plan, "NodeByLabelScan").unwrap()["details"],
        "(m:Ministry)"
    );
    assert_eq!(
        named(&plan, "Expand(All)").unwrap()["details"],
        "(m:Ministry)-[]-(h:Hospital)"
    );
    // A relationship type with no labelled end to start from is scanned.
    let (_, plan) = json_lines(
        &db,
        "EXPLAIN MATCH ()-[r:FUNDED]->(h) RETURN h.name, r.amount",
    );
    assert_eq!(
        named(&plan, "DirectedRelationshipTypeScan").unwrap()["details"],
        "()-[r:FUNDED]->(h)"
    );
    // A name is found through the name index.
    let (_, plan) = json_lines(
        &db,
        "EXPLAIN MATCH (h:Hospital)-[:EXCHANGED_WITH]->(o) WHERE o.name = 'Kameda Medical Center' RETURN h.name",
    );
    assert_eq!(named(&plan, "NodeByNameSeek").unwrap()["details"], "(o)");
    // Also when the name comes from a variable bound before the match, in MATCH and MERGE.
    for statement in [
        "EXPLAIN UNWIND ['Kameda Medical Center'] AS wanted MATCH (n {name: wanted}) RETURN n",
        "EXPLAIN UNWIND ['Kameda Medical Center'] AS wanted MATCH (n) WHERE n.name = wanted RETURN n",
    ] {
        let (_, plan) = json_lines(&db, statement);
        assert!(named(&plan, "NodeByNameSeek").is_some(), "{statement}");
    }
    let found = count(
        &db,
        "UNWIND ['Kameda Medical Center', 'kameda medical center'] AS wanted MATCH (n {name: wanted}) RETURN count(n)",
    );
    assert_eq!(found, 1, "the map compares names exactly");
    // A property index is used once it exists.
    let statement = "EXPLAIN MATCH (h:Hospital) WHERE h.country = 'JP' RETURN h.name";
    let (_, plan) = json_lines(&db, statement);
    assert!(named(&plan, "NodeIndexSeek").is_none());
    kizuna(&db)
        .args([
            "-e",
            "CREATE INDEX by_country FOR (h:Hospital) ON (h.country)",
        ])
        .assert()
        .success();
    let (_, plan) = json_lines(&db, statement);
    let seek = named(&plan, "NodeIndexSeek").expect("an index seek");
    assert_eq!(seek["details"], "(h:Hospital) by index by_country");
}

#[test]
fn tables_show_the_plan_under_the_rows() {
    let (_dir, db) = seeded();
    let output = kizuna(&db)
        .args([
            "--format",
            "table",
            "-e",
            "PROFILE MATCH (m:Ministry) RETURN m.name LIMIT 2",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    for heading in ["Operator", "Details", "Estimated rows", "Rows", "Time (ms)"] {
        assert!(text.contains(heading), "{heading} missing from\n{text}");
    }
    assert!(text.contains("+ProduceResults"), "{text}");
    assert!(
        text.contains("| +Limit") || text.contains("+Limit"),
        "{text}"
    );
    assert!(text.contains("(m:Ministry)"), "{text}");
}

#[test]
fn rewrites_are_operators_of_the_plan() {
    let (_dir, db) = seeded();
    let (_, plan) = json_lines(&db, "EXPLAIN MATCH (h:Hospital) RETURN count(*)");
    assert_eq!(
        named(&plan, "NodeCountFromCountStore").unwrap()["details"],
        "(h:Hospital)"
    );
    assert!(named(&plan, "NodeByLabelScan").is_none());
    // A WHERE makes every row count: the plan scans.
    let (_, plan) = json_lines(&db, "EXPLAIN MATCH (h:Hospital) WHERE true RETURN count(*)");
    assert!(named(&plan, "NodeCountFromCountStore").is_none());
    assert!(named(&plan, "NodeByLabelScan").is_some());
    assert_eq!(
        count(&db, "MATCH (h:Hospital) RETURN count(*)"),
        count(&db, "MATCH (h:Hospital) WHERE true RETURN count(*)")
    );

    let (_, plan) = json_lines(&db, "EXPLAIN MATCH ()-[r]->() RETURN type(r), count(*)");
    assert!(named(&plan, "RelationshipCountFromCountStore").is_some());
    let (_, plan) = json_lines(
        &db,
        "EXPLAIN MATCH (h:Hospital)-[r]-() RETURN h.name, count(r) AS d ORDER BY d DESC LIMIT 3",
    );
    assert!(named(&plan, "GetDegree").is_some());

    // Distinct far ends are searched for, not enumerated trail by trail.
    let distinct = "MATCH (h:Hospital)-[:EXCHANGED_WITH*1..3]-(o) RETURN count(DISTINCT o)";
    let (_, plan) = json_lines(&db, &format!("EXPLAIN {distinct}"));
    assert!(named(&plan, "VarLengthExpand(Pruning)").is_some());
    let (_, plan) = json_lines(
        &db,
        "EXPLAIN MATCH p = (h:Hospital)-[:EXCHANGED_WITH*1..3]-(o) RETURN count(DISTINCT o), count(p)",
    );
    assert!(named(&plan, "VarLengthExpand(All)").is_some());
    assert_eq!(
        count(&db, distinct),
        count(
            &db,
            "MATCH (h:Hospital)-[:EXCHANGED_WITH*1..3]-(o) WITH o, count(*) AS trails RETURN count(o)"
        )
    );
}
