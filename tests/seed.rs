//! The seed dataset: it loads, loading twice changes nothing, every fact cites a document of
//! the source catalogue and quotes it exactly, statuses are the documented ones, meetings
//! counted by month agree with the documents, the per-document counts match
//! `seed/expected_counts.tsv`, and every `queries/*.cypher` file answers what its
//! `// expect:` block worked out by hand.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use std::collections::BTreeMap;

use kizuna::provenance::source_keys;
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

/// The source documents beside the repository (`../shared/seeds`), by file name. Without
/// them the checks that read them are skipped with a one-line notice, unless `CI` is set.
fn documents() -> Option<BTreeMap<String, String>> {
    let dir = repo().join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the seed documents are not at {}",
            dir.display()
        );
        eprintln!(
            "skipped: no seed documents at {}, so quotes were not checked against them",
            dir.display()
        );
        return None;
    };
    let mut documents = BTreeMap::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        documents.insert(name, std::fs::read_to_string(entry.path()).unwrap());
    }
    Some(documents)
}

fn seeded() -> Database {
    let mut db = Database::open_temporary().unwrap();
    kizuna::seed::load(&mut db).unwrap();
    db
}

fn text<'a>(properties: &'a kizuna::Properties, key: &str) -> Option<&'a str> {
    properties.get(key).and_then(Value::as_str)
}

fn strings(properties: &kizuna::Properties, key: &str) -> Vec<String> {
    source_keys(properties.get(key))
}

fn is_catalogue(node: &kizuna::Node) -> bool {
    node.labels.first().map(String::as_str) == Some("Source")
}

/// Every fact of the seed: what it is, and its properties.
fn facts(db: &Database) -> Vec<(String, kizuna::Properties)> {
    let mut facts: Vec<(String, kizuna::Properties)> = db
        .nodes()
        .filter(|n| !is_catalogue(n))
        .map(|n| {
            (
                format!("node {:?}", text(&n.properties, "name")),
                n.properties,
            )
        })
        .collect();
    facts.extend(db.relationships().map(|r| {
        (
            format!("relationship {} {}", r.id, r.rel_type),
            r.properties,
        )
    }));
    facts
}

#[test]
fn every_fact_cites_a_source_in_the_catalogue_and_the_catalogue_is_the_documents() {
    let db = seeded();
    let catalogue: BTreeMap<String, kizuna::Properties> = db
        .nodes()
        .filter(is_catalogue)
        .map(|n| (text(&n.properties, "key").unwrap().to_owned(), n.properties))
        .collect();
    assert_eq!(catalogue.len(), SEED_FILES.len(), "one Source per document");
    for (what, properties) in facts(&db) {
        assert!(
            matches!(properties.get("source"), Some(Value::List(_))),
            "{what}: `source` is not a list"
        );
        let keys = strings(&properties, "source");
        assert!(!keys.is_empty(), "{what} cites no source");
        for key in keys {
            assert!(
                catalogue.contains_key(&key),
                "{what}: {key} is not in the catalogue"
            );
        }
    }
    for (key, entry) in &catalogue {
        for field in ["title", "title_en", "publisher", "kind"] {
            assert!(text(entry, field).is_some(), "{key} has no {field}");
        }
        assert!(
            !strings(entry, "language").is_empty(),
            "{key} has no language"
        );
    }
    let Some(documents) = documents() else { return };
    assert_eq!(
        catalogue.keys().collect::<Vec<_>>(),
        documents.keys().collect::<Vec<_>>()
    );
    for (key, entry) in &catalogue {
        // Titles and addresses are the documents' own words.
        for field in ["title", "url"] {
            if let Some(value) = text(entry, field) {
                assert!(
                    documents[key].contains(value),
                    "{key}: {field} {value:?} is not in it"
                );
            }
        }
    }
}

#[test]
fn every_quote_and_every_alias_from_the_documents_is_in_them() {
    let db = seeded();
    let Some(documents) = documents() else { return };
    for (what, properties) in facts(&db) {
        let cited: String = strings(&properties, "source")
            .iter()
            .map(|key| documents[key].as_str())
            .collect();
        if let Some(quote) = text(&properties, "evidence") {
            let first = &strings(&properties, "source")[0];
            assert!(
                documents[first].contains(quote),
                "{what}: the quote {quote:?} is not in {first}"
            );
            assert!(
                quote.chars().count() <= 120,
                "{what}: a quote over 120 characters"
            );
        }
        // Names taken from the documents are in them; the rest is marked as general knowledge.
        let mut from_documents = strings(&properties, "aliases");
        from_documents.extend(
            ["name_ja", "name_zh"]
                .iter()
                .filter_map(|k| text(&properties, k).map(str::to_owned)),
        );
        for name in from_documents {
            assert!(
                cited.contains(&name),
                "{what}: {name:?} is in none of its documents"
            );
        }
        for alias in strings(&properties, "aliases_external") {
            assert!(
                !cited.contains(&alias),
                "{what}: {alias:?} is in its documents after all"
            );
        }
        for key in strings(&properties, "external") {
            assert!(
                properties.get(&key).is_some(),
                "{what}: external {key} is not set"
            );
        }
    }
    for (what, properties) in facts(&db) {
        if text(&properties, "evidence").is_none() {
            assert!(!what.starts_with("relationship"), "{what} has no evidence");
        }
    }
}

/// The `status` values `seed/README.md` documents, each in backquotes there.
const STATUSES: &[&str] = &[
    "draft",
    "proposed",
    "planned",
    "under discussion",
    "under consideration",
    "in formation",
    "started",
    "suggested",
    "inferred",
];

#[test]
fn status_values_are_the_documented_ones() {
    let readme = std::fs::read_to_string(repo().join("seed/README.md")).unwrap();
    for status in STATUSES {
        assert!(
            readme.contains(&format!("`{status}`")),
            "README lacks `{status}`"
        );
    }
    let db = seeded();
    let mut seen = BTreeMap::new();
    for (what, properties) in facts(&db) {
        if let Some(status) = properties.get("status") {
            let status = status.as_str().unwrap_or_default().to_owned();
            assert!(
                STATUSES.contains(&status.as_str()),
                "{what}: status {status:?}"
            );
            *seen.entry(status).or_insert(0) += 1;
        }
    }
    // The 2013 paper's roles are a draft, and the two ties no document states say so.
    assert!(seen.get("draft").copied().unwrap_or(0) >= 15, "{seen:?}");
    assert!(
        seen.contains_key("inferred") && seen.contains_key("suggested"),
        "{seen:?}"
    );
}

/// Meetings per month as the documents give them: one dated meeting each in 000 and 001,
/// and the numbered items of 004 (`1 6月, …` to `9 11月、…`), whose total it states (9次).
fn meetings_per_month_in_the_documents(
    documents: &BTreeMap<String, String>,
) -> BTreeMap<String, usize> {
    let mut months = BTreeMap::new();
    assert!(documents["000_ae4fe6d9fdf8dcb5.txt"].contains("2020年3月24日"));
    *months.entry("2020-03".to_owned()).or_insert(0) += 1;
    assert!(documents["001_114f3af2ba6b8384.txt"].contains("5月29日"));
    *months.entry("2020-05".to_owned()).or_insert(0) += 1;
    let newsletter = &documents["004_c2fb2b48e16b2881.txt"];
    let mut items = 0;
    for line in newsletter.lines() {
        // An item: its number, a space, then its month (`6 10月、…`).
        let Some((number, rest)) = line.split_once(' ') else {
            continue;
        };
        let Some((month, _)) = rest.split_once('月') else {
            continue;
        };
        let (Ok(_), Ok(month)) = (number.parse::<u32>(), month.parse::<u32>()) else {
            continue;
        };
        items += 1;
        *months.entry(format!("2020-{month:02}")).or_insert(0) += 1;
    }
    assert_eq!(items, 9);
    assert!(newsletter.contains("实施了9次线上形式"));
    months
}

#[test]
fn counting_meetings_by_month_gives_the_documents_figures() {
    let mut db = seeded();
    let rows =
        |db: &mut Database, query: &str| -> Vec<Vec<Value>> { db.execute(query).unwrap().rows };
    let by_month: BTreeMap<String, usize> = rows(
        &mut db,
        "MATCH (e:Event) RETURN left(toString(e.date), 7) AS month, count(*) AS meetings",
    )
    .into_iter()
    .map(|r| match (&r[0], &r[1]) {
        (Value::String(month), Value::Int(n)) => (month.clone(), *n as usize),
        other => panic!("{other:?}"),
    })
    .collect();
    let stated: BTreeMap<String, usize> = [
        ("2020-03", 1),
        ("2020-05", 1),
        ("2020-06", 1),
        ("2020-07", 1),
        ("2020-08", 2),
        ("2020-09", 1),
        ("2020-10", 2),
        ("2020-11", 2),
    ]
    .into_iter()
    .map(|(m, n)| (m.to_owned(), n))
    .collect();
    assert_eq!(by_month, stated);
    // Exchanges counted by their meeting, not by pair of institutions.
    let counted = rows(
        &mut db,
        "MATCH ()-[r:EXCHANGED_WITH]->() WHERE r.date.year = 2020 \
         RETURN count(DISTINCT r.event) AS meetings, count(r) AS pairs",
    );
    assert_eq!(counted, vec![vec![Value::Int(11), Value::Int(18)]]);
    // Every such exchange names a meeting both of its institutions took part in.
    let strays = rows(
        &mut db,
        "MATCH (a)-[r:EXCHANGED_WITH]->(b) WHERE r.event IS NOT NULL \
         OPTIONAL MATCH (a)-[:PARTICIPATED_IN]->(e:Event {key: r.event})<-[:PARTICIPATED_IN]-(b) \
         WITH r, e WHERE e IS NULL RETURN count(r)",
    );
    assert_eq!(strays, vec![vec![Value::Int(0)]]);
    if let Some(documents) = documents() {
        assert_eq!(meetings_per_month_in_the_documents(&documents), stated);
    }
}

#[test]
fn the_disputed_grant_is_marked_and_places_are_found_by_their_usual_names() {
    let mut db = seeded();
    let single = |db: &mut Database, query: &str| -> Value {
        db.execute(query).unwrap().rows.remove(0).remove(0)
    };
    assert_eq!(
        single(
            &mut db,
            "MATCH ()-[r:FUNDED]->() WHERE r.amount_disputed RETURN count(r)"
        ),
        Value::Int(1)
    );
    assert_eq!(
        single(
            &mut db,
            "MATCH ()-[r:FUNDED]->() WHERE r.currency = 'JPY' AND NOT coalesce(r.amount_disputed, false) \
             RETURN count(r)"
        ),
        Value::Int(0)
    );
    for (search, expected) in [
        ("Abai", "Semey City Emergency Hospital"),
        (
            "江病院",
            "Jiangbin Hospital of Guangxi Zhuang Autonomous Region",
        ),
        ("筑波大学医学医療系", "University of Tsukuba"),
        ("MHLW", "Ministry of Health, Labour and Welfare"),
    ] {
        let found = single(
            &mut db,
            &format!("CALL db.search('{search}') YIELD name RETURN collect(name)"),
        );
        assert!(
            matches!(&found, Value::List(names) if names.contains(&Value::from(expected))),
            "{search}: {found:?}"
        );
    }
    let in_kazakhstan = single(
        &mut db,
        "MATCH (n:Embassy) WHERE coalesce(n.located_in, n.country) = 'KZ' RETURN collect(n.name)",
    );
    assert_eq!(
        in_kazakhstan,
        Value::List(vec![Value::from("Embassy of Japan in Kazakhstan")])
    );
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

#[test]
fn the_catalogue_stays_out_of_paths_and_algorithms() {
    let mut db = seeded();
    let single = |db: &mut Database, query: &str| -> Value {
        db.execute(query).unwrap().rows.remove(0).remove(0)
    };
    let measured = single(&mut db, "MATCH (n) WHERE NOT n:Source RETURN count(n)");
    for query in [
        "CALL algo.components() YIELD node RETURN count(node)",
        "CALL algo.degree() YIELD node RETURN count(node)",
        "CALL algo.pageRank() YIELD node RETURN count(node)",
        "CALL algo.betweenness() YIELD node RETURN count(node)",
    ] {
        assert_eq!(single(&mut db, query), measured, "{query}");
    }
    assert_eq!(
        single(&mut db, "MATCH (s:Source)-[r]-() RETURN count(r)"),
        Value::Int(0),
        "catalogue entries have no relationships, so no path runs through one"
    );
}

/// The statements of every `queries/` file, with the parameters its `// param:` lines give.
fn query_file_statements() -> Vec<(String, String, kizuna::Params)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(repo().join("queries")).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "cypher") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let params: kizuna::Params = text
            .lines()
            .filter_map(|l| l.strip_prefix("// param: "))
            .filter_map(|p| kizuna::shell::parse_param(p.trim()))
            .collect();
        for statement in kizuna::query::parser::split_statements(&text) {
            out.push((name(&path), statement.text.to_owned(), params.clone()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_query_file_answers_the_same_through_the_naive_plan() {
    let mut db = seeded();
    let statements = query_file_statements();
    assert!(
        statements.len() >= 12,
        "only {} statements",
        statements.len()
    );
    let naive = kizuna::ExecOptions {
        naive_plan: true,
        ..kizuna::ExecOptions::default()
    };
    // The planned run divides every MATCH that can be among three threads, reads
    // property columns from the first read and closes every hop it can by a hash join from
    // its far end.
    let divided = kizuna::ExecOptions {
        threads: Some(3),
        parallel_from: Some(0),
        columns_from: Some(0),
        hash_joins_from: Some(0),
        ..kizuna::ExecOptions::default()
    };
    for (file, statement, params) in statements {
        let planned = db
            .execute_with(&statement, &params, &divided)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let plain = db
            .execute_with(&statement, &params, &naive)
            .unwrap_or_else(|e| panic!("{file}, naive plan: {e}"));
        assert_eq!(planned.columns, plain.columns, "{file}");
        // Rows compare as a multiset unless the statement orders them.
        let (mut a, mut b) = (planned.rows, plain.rows);
        if !statement.to_uppercase().contains("ORDER BY") {
            let key = |row: &Vec<Value>| format!("{row:?}");
            a.sort_by_key(key);
            b.sort_by_key(key);
        }
        assert_eq!(a, b, "{file}: the naive plan answers differently");
    }
}

/// Every dated fact holds a `Date`: the day the document gives, or the first day of the
/// month or year it gives with `date_precision` saying which, so that comparisons with
/// dates and ordering by date work on every fact.
#[test]
fn dates_are_temporal_values_with_their_precision() {
    let mut db = seeded();
    let rows = db
        .execute(
            "MATCH (x) WHERE x.date IS NOT NULL RETURN x.date AS date, x.date_precision AS precision \
             UNION ALL MATCH ()-[x]->() WHERE x.date IS NOT NULL \
             RETURN x.date AS date, x.date_precision AS precision \
             UNION ALL MATCH (x) WHERE x.founded IS NOT NULL \
             RETURN x.founded AS date, x.founded_precision AS precision",
        )
        .unwrap()
        .rows;
    assert!(rows.len() > 60, "{} dated facts", rows.len());
    for row in &rows {
        let Value::Date(date) = &row[0] else {
            panic!("a date that is not a Date: {row:?}");
        };
        let text = date.to_string();
        match &row[1] {
            Value::Null => {}
            Value::String(p) if p == "month" => assert!(text.ends_with("-01"), "{row:?}"),
            Value::String(p) if p == "year" => assert!(text.ends_with("-01-01"), "{row:?}"),
            other => panic!("precision {other:?}"),
        }
    }
    let since_june = db
        .execute(
            "MATCH ()-[r:EXCHANGED_WITH]->() WHERE r.date >= date('2020-06-01') \
             RETURN count(DISTINCT r.event) AS meetings",
        )
        .unwrap()
        .rows;
    assert_eq!(since_june, vec![vec![Value::Int(9)]]);
}
