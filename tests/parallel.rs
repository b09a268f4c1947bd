//! Reads divided among threads: on a graph large enough for the planner to divide its
//! MATCHes, the binary gives the same answers, in the same order, and PROFILE counts the
//! same rows, with `--threads 1` as with several threads.

mod common;

use std::path::Path;

use common::seeded::kizuna;

/// Hospitals, more than the planner's threshold for dividing a scan, exchanging in a ring
/// with a stride; written by the binary itself.
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
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    large_graph(&db);
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
