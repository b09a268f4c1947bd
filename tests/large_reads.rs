//! Reads on a graph large enough for what the planner and executor do only for large
//! inputs: MATCHes divided among threads (the same answers, in the same order, and the
//! same PROFILE counts with `--threads 1` as with several), and indexes built for one
//! MATCH over many input rows (the same answers as a scan per row).

mod common;

use std::path::Path;

use common::seeded::kizuna;

/// Hospitals, more than the planner's threshold for dividing a scan, exchanging in a ring
/// with a stride, and each funding one of 97 hubs; written by the binary itself.
fn large_graph(db: &Path) {
    kizuna(db)
        .args([
            "-e",
            "UNWIND range(1, 30000) AS i \
             CREATE (:Hospital {name: 'H' + i, country: ['JP', 'KZ', 'CN', 'US'][i % 4], \
                                beds: i % 500})",
        ])
        .assert()
        .success();
    kizuna(db)
        .args([
            "-e",
            "UNWIND range(1, 30000) AS i \
             MATCH (a:Hospital {name: 'H' + i}), (b:Hospital {name: 'H' + ((i * 7) % 30000 + 1)}) \
             CREATE (a)-[:EXCHANGED_WITH {year: 2000 + i % 25, topic: ['care', 'health policy'][i % 2]}]->(b)",
        ])
        .assert()
        .success();
    kizuna(db)
        .args([
            "-e",
            "UNWIND range(1, 30000) AS i \
             MATCH (a:Hospital {name: 'H' + i}), (b:Hospital {name: 'H' + (i % 97 + 1)}) \
             CREATE (a)-[:FUNDED {amount: i}]->(b)",
        ])
        .assert()
        .success();
}

/// A new database holding [`large_graph`]; it lasts as long as the directory.
fn large_database() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    large_graph(&db);
    (dir, db)
}

/// What the binary prints for `statement` with `threads` threads: the rows, then what
/// it says beside them (a PROFILE's plan).
fn printed(db: &Path, threads: &str, statement: &str) -> String {
    let output = kizuna(db)
        .args(["--read-only", "--threads", threads, "-e", statement])
        .output()
        .unwrap();
    assert!(output.status.success(), "{statement}: {output:?}");
    String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap()
}

/// [`printed`] without what PROFILE says of time and threads.
fn answer(db: &Path, threads: &str, statement: &str) -> String {
    let text = printed(db, threads, statement);
    text.lines()
        .map(|line| match line.find(", ") {
            Some(at) if line.ends_with(" ms") => {
                let rows_end = line[at + 2..].find(", ").map_or(line.len(), |e| at + 2 + e);
                &line[..rows_end]
            }
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn divided_reads_answer_as_one_thread_does() {
    let (_dir, db) = large_database();
    let statements = [
        // A label scan grouped, with every kind of aggregate.
        "MATCH (h:Hospital) RETURN h.country AS country, count(*) AS n, sum(h.beds) AS beds, \
         min(h.name) AS first, max(h.beds) AS most, count(DISTINCT h.beds) AS sizes, \
         size(collect(h.name)) AS names, collect(DISTINCT h.beds)[0..5] AS some_sizes \
         ORDER BY country",
        // Groups in the order they are first met, without ORDER BY.
        "MATCH (h:Hospital) WHERE h.beds < 3 RETURN h.beds AS beds, collect(h.name)[0..4] AS names",
        // A join from a relationship scan, with a filter on both ends.
        "MATCH (a:Hospital)-[r:EXCHANGED_WITH]->(b:Hospital) WHERE a.country = b.country \
         RETURN r.year AS year, count(*) AS exchanges ORDER BY exchanges DESC, year LIMIT 5",
        // Rows kept in order, then cut by ORDER BY … LIMIT, and a plain LIMIT.
        "MATCH (h:Hospital)-[:EXCHANGED_WITH]->(x) RETURN h.name, x.name ORDER BY x.name DESC LIMIT 7",
        "MATCH (h:Hospital) RETURN h.name LIMIT 3",
        // A MATCH whose rows become a table, then one matched per input row.
        "MATCH (h:Hospital) OPTIONAL MATCH (h)<-[r:EXCHANGED_WITH]-(x) WHERE x.beds <> 3 \
         WITH h, count(r) AS incoming RETURN incoming, count(*) AS hospitals ORDER BY incoming",
        "MATCH (h:Hospital) MATCH (h)-[:EXCHANGED_WITH]->(x) WHERE x.beds > 490 \
         RETURN count(*) AS rows, count(DISTINCT x) AS ends",
        // Aggregates read from each relationship of a scanned type, in both directions.
        "MATCH ()-[r:EXCHANGED_WITH]-() WHERE r.year >= 2010 \
         RETURN r.topic AS topic, count(*) AS n, sum(r.year) AS years, collect(r.year)[0..5] AS first",
        "PROFILE MATCH ()-[r:EXCHANGED_WITH]->() WHERE r.topic STARTS WITH 'health' \
         RETURN min(r.year) AS low, max(r.year) AS high, avg(r.year) AS mean",
        // Groups by the node or relationship each thread starts from, finished by that
        // thread (funded hubs have rows on every thread): a WHERE after the grouping,
        // ties cut by SKIP and LIMIT, counts by degree, and groups by a node that is not
        // the start.
        "MATCH (h:Hospital)-[:FUNDED]-(x) WITH h, count(x) AS links, min(x.beds) AS least \
         WHERE least < 200 RETURN h.name, links, least ORDER BY least, links DESC SKIP 3 LIMIT 10",
        "MATCH (h:Hospital)<-[:FUNDED]-(x) WITH h, count(x) AS n WHERE h.beds > 10 \
         RETURN n, count(h) AS hospitals ORDER BY n",
        "MATCH (h:Hospital)<-[:FUNDED]-(x) WITH h, count(*) AS c, collect(x.beds)[0] AS b \
         RETURN c, count(*) AS n, sum(b) AS beds ORDER BY c",
        "MATCH (a)-[:FUNDED]->(b:Hospital) WITH b, count(DISTINCT a.country) AS countries \
         RETURN countries, count(*) AS n ORDER BY countries",
        "MATCH (h:Hospital)-[:FUNDED]->(x) WITH x, h.country AS c, count(*) AS n \
         RETURN c, sum(n) AS rows, count(*) AS groups ORDER BY c",
        "MATCH (h:Hospital)-[:FUNDED]->(x) WHERE h.beds < 100 \
         WITH x, h.country AS c, count(*) AS n RETURN c, sum(n) AS rows, count(*) AS groups",
        "MATCH (a)-[r:EXCHANGED_WITH]->(b) WITH r, count(*) AS c, b.country AS country \
         RETURN country, sum(c) AS n ORDER BY country",
        // A match from one named hub whose later hops find many rows: its first hop's
        // relationships are divided between threads, and no group is finished by one of
        // them, not even the start's own.
        "PROFILE MATCH (h {name: 'H5'})<-[:FUNDED]-(x)-[:EXCHANGED_WITH]-(z)-[:FUNDED]->(m)<-[f:FUNDED]-(y) \
         RETURN y.country AS c, count(*) AS n, sum(f.amount % 3) AS r, min(y.name) AS first, \
         collect(x.name)[0..2] AS xs ORDER BY c",
        "MATCH (h {name: 'H5'})<-[:FUNDED]-(x)-[:EXCHANGED_WITH]-(z)-[:FUNDED]->(m)<-[:FUNDED]-(y) \
         WITH h, x, count(*) AS n RETURN x.name, n LIMIT 5",
        "MATCH (h {name: 'H5'})<-[:FUNDED]-(x)-[:EXCHANGED_WITH]-(z)-[:FUNDED]->(m)<-[:FUNDED]-(y) \
         WITH h, count(*) AS n, collect(y.name)[0..3] AS ys RETURN h.name, n, ys",
        // Distinct rows, and PROFILE's row counts.
        "MATCH (h:Hospital)-[r]->() RETURN DISTINCT r.topic AS topic ORDER BY topic",
        "PROFILE MATCH (a:Hospital)-[:EXCHANGED_WITH]->(b) WHERE b.beds > 250 RETURN count(*)",
    ];
    let profile = statements[statements.len() - 1];
    assert!(
        printed(&db, "2", profile).contains(", 2 threads, "),
        "{}",
        printed(&db, "2", profile)
    );
    assert!(!printed(&db, "1", profile).contains("threads"));
    for statement in statements {
        let one = answer(&db, "1", statement);
        for threads in ["2", "3"] {
            assert_eq!(
                answer(&db, threads, statement),
                one,
                "{statement} on {threads} threads"
            );
        }
    }
}

#[test]
fn a_match_over_many_rows_seeks_what_it_would_scan_for_each() {
    let (_dir, db) = large_database();
    // Each pair: conditions the engine can seek with an index built for the MATCH, and
    // the same conditions in a form it cannot, which scans the label for every row.
    let pairs = [
        (
            "UNWIND ['KZ', 'JP', 'XX', 'CN'] AS c MATCH (h:Hospital {country: c}) \
             RETURN c, count(*) AS n, min(h.name) AS first",
            "UNWIND ['KZ', 'JP', 'XX', 'CN'] AS c MATCH (h:Hospital) WHERE [h.country] = [c] \
             RETURN c, count(*) AS n, min(h.name) AS first",
        ),
        (
            "UNWIND [7, 7.0, 499, -1, null] AS b MATCH (h:Hospital) WHERE h.beds = b \
             RETURN b, collect(h.name)[0..3] AS names",
            "UNWIND [7, 7.0, 499, -1, null] AS b MATCH (h:Hospital) WHERE [h.beds] = [b] \
             RETURN b, collect(h.name)[0..3] AS names",
        ),
        (
            "UNWIND range(1, 6) AS low MATCH (h:Hospital) WHERE h.beds >= low * 80 AND h.beds < low * 80 + 3 \
             RETURN low, count(*) AS n",
            "UNWIND range(1, 6) AS low MATCH (h:Hospital) WHERE h.beds + 0 >= low * 80 AND h.beds + 0 < low * 80 + 3 \
             RETURN low, count(*) AS n",
        ),
        (
            "UNWIND ['H12', 'H299', 'H3000'] AS p MATCH (h:Hospital) WHERE h.name STARTS WITH p \
             RETURN p, count(*) AS n",
            "UNWIND ['H12', 'H299', 'H3000'] AS p MATCH (h:Hospital) WHERE left(h.name, size(p)) = p \
             RETURN p, count(*) AS n",
        ),
        (
            "UNWIND [['JP', 'KZ'], ['CN']] AS cs MATCH (h:Hospital) WHERE h.country IN cs \
             RETURN cs, count(*) AS n",
            "UNWIND [['JP', 'KZ'], ['CN']] AS cs MATCH (h:Hospital) WHERE any(c IN cs WHERE c = h.country) \
             RETURN cs, count(*) AS n",
        ),
    ];
    for (seeking, scanning) in pairs {
        let sought = answer(&db, "1", seeking);
        assert_eq!(sought, answer(&db, "1", scanning), "{seeking}");
        assert_eq!(sought, answer(&db, "2", seeking), "{seeking} on 2 threads");
    }
    // The label scan hands on only the nodes the seeks find, not the label once per row.
    let profile = printed(
        &db,
        "1",
        "PROFILE UNWIND ['JP', 'KZ', 'CN'] AS c MATCH (h:Hospital {country: c}) RETURN count(*)",
    );
    assert!(
        profile.contains("(h:Hospital)  (est. 30000), rows 22500"),
        "{profile}"
    );
    // So does a range bounded by each row's values.
    let profile = printed(
        &db,
        "1",
        "PROFILE UNWIND range(1, 6) AS low MATCH (h:Hospital) \
         WHERE h.beds >= low * 80 AND h.beds < low * 80 + 3 RETURN count(*)",
    );
    assert!(
        profile.contains("(h:Hospital)  (est. 30000), rows 1080"),
        "{profile}"
    );
}

#[test]
fn a_label_expression_scans_only_its_labels() {
    let (_dir, db) = large_database();
    kizuna(&db)
        .args([
            "-e",
            "UNWIND range(1, 500) AS i CREATE (:Clinic {name: 'C' + i, beds: i})",
        ])
        .assert()
        .success();
    let statement = "MATCH (n:Clinic|Ministry) WHERE n.beds > 490 RETURN n.name ORDER BY n.name";
    let plan = printed(&db, "1", &format!("EXPLAIN {statement}"));
    assert!(
        plan.contains("UnionNodeByLabelsScan  (n:Clinic|Ministry)  (est. 500)"),
        "{plan}"
    );
    let rows = answer(&db, "1", statement);
    assert_eq!(rows, answer(&db, "1", "MATCH (n) WHERE (n:Clinic OR n:Ministry) AND n.beds + 0 > 490 RETURN n.name ORDER BY n.name"));
    let names: Vec<&str> = rows.lines().filter(|l| l.starts_with('C')).collect();
    assert_eq!(names.len(), 10, "{rows}");
    assert!(
        names.contains(&"C491") && !names.contains(&"C490"),
        "{rows}"
    );
}
