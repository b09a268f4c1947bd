//! Bulk import and export through the real binary: round trips (CSV and Cypher) on a
//! graph with every value type and hostile strings, GraphML read back by an XML parser,
//! every kind of bad input reported with file, line and column, atomicity of a failing
//! import, recovery from a crash in the middle of one, and a larger import in many batches.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;
use kizuna::{Database, OpenOptions, Properties, Value};

fn kizuna(db: &Path) -> Command {
    let mut command = Command::new(cargo_bin("kizuna"));
    command.arg("--db").arg(db);
    command.env_remove("KIZUNA_IMPORT_BATCH_SIZE");
    command.env_remove(kizuna::import::CRASH_AFTER_BATCHES_ENV);
    command
}

/// Runs a command, returning (status code, stdout, stderr).
fn run(command: &mut Command) -> (Option<i32>, String, String) {
    let output = command.output().expect("kizuna runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn ok(command: &mut Command) -> String {
    let (code, out, err) = run(command);
    assert_eq!(code, Some(0), "command failed: {err}");
    out
}

fn open(path: &Path) -> Database {
    Database::open(
        path,
        OpenOptions {
            create_if_missing: true,
            ..Default::default()
        },
    )
    .expect("database opens")
}

fn props(entries: Vec<(&str, Value)>) -> Properties {
    entries
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}

fn strings(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| Value::from(*s)).collect())
}

/// A graph with every storable value type, hostile strings, several labels, parallel
/// relationships, a self-loop, and a key whose type differs between nodes.
fn build_rich_graph(path: &Path) {
    let mut db = open(path);
    db.write(|tx| {
        let kameda = tx.create_node(
            vec!["Hospital".into(), "Private".into()],
            props(vec![
                ("name", "Kameda Medical Center".into()),
                ("name_ja", "亀田総合病院".into()),
                ("aliases", strings(&["亀田", "Kameda, Inc.", "say \"hi\""])),
                ("founded", Value::Int(1954)),
                ("beds", Value::Int(i64::MAX)),
                ("debt", Value::Int(i64::MIN)),
                ("rating", Value::Float(4.25)),
                ("ratio", Value::Float(2.0)),
                ("tiny", Value::Float(1e-7)),
                ("huge", Value::Float(-1.5e300)),
                ("active", Value::Bool(true)),
                (
                    "floors",
                    Value::List(vec![Value::Int(-1), Value::Int(0), Value::Int(12)]),
                ),
                (
                    "weights",
                    Value::List(vec![Value::Float(0.5), Value::Float(3.0)]),
                ),
                (
                    "flags",
                    Value::List(vec![Value::Bool(true), Value::Bool(false)]),
                ),
                ("code", Value::Int(42)),
            ]),
        )?;
        let ministry = tx.create_node(
            vec!["Ministry".into()],
            props(vec![
                ("name", "Ministry of Health, Labour and Welfare".into()),
                (
                    "note",
                    "line one\nline two, with a comma\r\nand \"quotes\"".into(),
                ),
                ("padded", "  spaces kept  ".into()),
                ("escapes", "back\\slash 'single' \t tab".into()),
                ("code", "MHLW-01".into()),
                ("nan", Value::Float(f64::NAN)),
                ("inf", Value::Float(f64::INFINITY)),
                ("active", Value::Bool(false)),
            ]),
        )?;
        let astana = tx.create_node(
            vec!["University".into()],
            props(vec![
                ("name", "Astana Medical University".into()),
                ("name_kk", "Астана медицина университеті".into()),
                ("name_zh", "阿斯塔纳医科大学".into()),
            ]),
        )?;
        let bare = tx.create_node(vec![], props(vec![("name", "no label".into())]))?;
        tx.create_relationship(
            "FUNDED",
            ministry,
            kameda,
            props(vec![
                ("amount", Value::Int(12_500_000)),
                ("currency", "JPY".into()),
                ("date", "2020-03".into()),
                ("evidence", "「医療の国際展開」, \"quoted\"".into()),
            ]),
        )?;
        tx.create_relationship(
            "EXCHANGED_WITH",
            kameda,
            astana,
            props(vec![("date", "2019".into()), ("share", Value::Float(0.1))]),
        )?;
        tx.create_relationship(
            "EXCHANGED_WITH",
            kameda,
            astana,
            props(vec![
                ("date", "2021-06-01".into()),
                ("share", Value::Int(1)),
            ]),
        )?;
        tx.create_relationship("PART_OF", kameda, kameda, Properties::new())?;
        tx.create_relationship("PARTNERED_WITH", astana, bare, Properties::new())?;
        Ok(())
    })
    .expect("graph written");
    // Every temporal type, alone and in lists, on a node and on a relationship.
    db.execute(
        "MATCH (u:University) SET u.opened = date('1964-09-01'), \
           u.lectures = localtime('08:30'), u.office = time('09:00:00.5+06:00'), \
           u.accredited = localdatetime('2019-05-20T10:15:30'), \
           u.signed = datetime('2020-03-24T14:30+06:00[Asia/Almaty]'), \
           u.signed_utc = datetime('2020-03-24T08:30:00.123456789Z'), \
           u.term = duration('P4Y2M10DT3H'), \
           u.holidays = [date('2020-01-01'), date('2020-03-22')], \
           u.terms = [duration('P1M'), duration('PT90M')] \
         WITH u MATCH (:Hospital)-[r:EXCHANGED_WITH {date: '2019'}]->(u) \
         SET r.started = date('2019-01-01'), r.lasted = duration('P3W')",
    )
    .expect("temporal values set");
}

/// The graph independent of ids: every node as labels and properties, every relationship
/// as type, end nodes (by their content) and properties, all sorted.
type Canonical = (Vec<String>, Vec<String>);

fn canonical(path: &Path) -> Canonical {
    let db = open(path);
    let describe = |labels: &[String], properties: &Properties| {
        format!("{labels:?} {:?}", properties.iter().collect::<Vec<_>>())
    };
    let by_id: BTreeMap<u64, String> = db
        .nodes()
        .map(|n| (n.id, describe(&n.labels, &n.properties)))
        .collect();
    let mut nodes: Vec<String> = by_id.values().cloned().collect();
    nodes.sort();
    let mut rels: Vec<String> = db
        .relationships()
        .map(|r| {
            format!(
                "{} {:?} -> {:?} {:?}",
                r.rel_type,
                by_id.get(&r.start),
                by_id.get(&r.end),
                r.properties.iter().collect::<Vec<_>>()
            )
        })
        .collect();
    rels.sort();
    (nodes, rels)
}

fn json_export(db: &Path) -> String {
    ok(kizuna(db).args(["export", "--format", "json", "-o", "-"]))
}

#[test]
fn csv_round_trip_keeps_every_type_and_string() {
    let dir = tempfile::tempdir().unwrap();
    let (original, copy, out) = (
        dir.path().join("original"),
        dir.path().join("copy"),
        dir.path().join("csv"),
    );
    build_rich_graph(&original);
    ok(kizuna(&original)
        .args(["export", "--format", "csv", "-o"])
        .arg(&out));
    // `code` is an integer on one node and a string on another: two node files.
    let mut node_files = vec![out.join("nodes.csv")];
    assert!(
        out.join("nodes-2.csv").exists(),
        "a second node file for the other type of `code`"
    );
    node_files.push(out.join("nodes-2.csv"));
    let mut rel_files = vec![out.join("relationships.csv")];
    if out.join("relationships-2.csv").exists() {
        rel_files.push(out.join("relationships-2.csv"));
    }
    let header = fs::read_to_string(out.join("nodes.csv")).unwrap();
    let header = header.lines().next().unwrap();
    assert!(header.starts_with(":ID,:LABEL,"), "{header}");
    for typed in [
        "aliases:string[]",
        "founded:long",
        "rating:double",
        "active:boolean",
        "floors:long[]",
        "weights:double[]",
        "flags:boolean[]",
        "opened:date",
        "lectures:localtime",
        "office:time",
        "accredited:localdatetime",
        "signed:datetime",
        "term:duration",
        "holidays:date[]",
        "terms:duration[]",
    ] {
        assert!(header.contains(typed), "{typed} missing from {header}");
    }
    let mut import = kizuna(&copy);
    import
        .arg("import")
        .arg("--nodes")
        .args(&node_files)
        .arg("--edges")
        .args(&rel_files);
    ok(&mut import);
    assert_eq!(canonical(&copy), canonical(&original));
}

#[test]
fn cypher_round_trip_through_kizuna_run() {
    let dir = tempfile::tempdir().unwrap();
    let (original, copy, script) = (
        dir.path().join("original"),
        dir.path().join("copy"),
        dir.path().join("graph.cypher"),
    );
    build_rich_graph(&original);
    // Cypher carries what CSV cannot: empty strings and lists, maps are not properties.
    open(&original)
        .write(|tx| {
            tx.create_node(
                vec!["Odd Label".into()],
                props(vec![
                    ("empty", "".into()),
                    ("none", Value::List(vec![])),
                    ("odd key", "`backquoted`".into()),
                    ("mixed", Value::List(vec![Value::Int(1), "two".into()])),
                ]),
            )
        })
        .unwrap();
    ok(kizuna(&original)
        .args(["export", "--format", "cypher", "-o"])
        .arg(&script));
    let text = fs::read_to_string(&script).unwrap();
    assert!(text.contains("CREATE ("), "{text}");
    ok(kizuna(&copy).args(["run", "--atomic"]).arg(&script));
    assert_eq!(canonical(&copy), canonical(&original));
    // The temporary label and property are gone.
    let leftovers = ok(kizuna(&copy).args([
        "--format",
        "csv",
        "-e",
        "MATCH (n) WHERE n:KizunaExport OR n.name_kizuna_export IS NOT NULL RETURN count(n)",
    ]));
    assert_eq!(leftovers.lines().nth(1), Some("0"), "{leftovers}");
}

#[test]
fn graphml_is_read_back_by_an_xml_parser() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = (dir.path().join("db"), dir.path().join("graph.graphml"));
    build_rich_graph(&db);
    ok(kizuna(&db)
        .args(["export", "--format", "graphml", "-o"])
        .arg(&file));
    let text = fs::read_to_string(&file).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    let count = |name: &str| {
        doc.descendants()
            .filter(|n| n.tag_name().name() == name)
            .count()
    };
    assert_eq!(count("node"), 4);
    assert_eq!(count("edge"), 5);
    let key = |domain: &str, name: &str| {
        doc.descendants()
            .find(|n| {
                n.tag_name().name() == "key"
                    && n.attribute("for") == Some(domain)
                    && n.attribute("attr.name") == Some(name)
            })
            .unwrap_or_else(|| panic!("no {domain} key {name}"))
    };
    assert_eq!(key("node", "founded").attribute("attr.type"), Some("long"));
    assert_eq!(key("node", "rating").attribute("attr.type"), Some("double"));
    assert_eq!(
        key("node", "active").attribute("attr.type"),
        Some("boolean")
    );
    assert_eq!(
        key("node", "aliases").attribute("attr.type"),
        Some("string")
    );
    assert_eq!(
        key("node", "code").attribute("attr.type"),
        Some("string"),
        "mixed types"
    );
    assert_eq!(key("edge", "amount").attribute("attr.type"), Some("long"));
    let data = |node: roxmltree::Node, key_id: &str| {
        node.children()
            .find(|d| d.attribute("key") == Some(key_id))
            .and_then(|d| d.text())
            .map(str::to_owned)
    };
    let name_key = key("node", "name").attribute("id").unwrap().to_owned();
    let aliases_key = key("node", "aliases").attribute("id").unwrap().to_owned();
    let note_key = key("node", "note").attribute("id").unwrap().to_owned();
    let kameda = doc
        .descendants()
        .find(|n| {
            n.tag_name().name() == "node"
                && data(*n, &name_key).as_deref() == Some("Kameda Medical Center")
        })
        .expect("Kameda's node");
    assert_eq!(data(kameda, "labels").as_deref(), Some(":Hospital:Private"));
    let aliases: Vec<String> = serde_json::from_str(&data(kameda, &aliases_key).unwrap()).unwrap();
    assert_eq!(aliases, ["亀田", "Kameda, Inc.", "say \"hi\""]);
    let ministry = doc
        .descendants()
        .find(|n| n.tag_name().name() == "node" && data(*n, &note_key).is_some())
        .unwrap();
    assert_eq!(
        data(ministry, &note_key).as_deref(),
        Some("line one\nline two, with a comma\r\nand \"quotes\"")
    );
    let funded = doc
        .descendants()
        .find(|n| n.tag_name().name() == "edge" && data(*n, "label").as_deref() == Some("FUNDED"))
        .unwrap();
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "node")
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert!(ids.contains(&funded.attribute("source").unwrap()));
    assert!(ids.contains(&funded.attribute("target").unwrap()));
}

#[test]
fn json_lines_have_the_result_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    build_rich_graph(&db);
    let text = json_export(&db);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 9);
    assert_eq!(
        lines[0]["labels"],
        serde_json::json!(["Hospital", "Private"])
    );
    assert_eq!(lines[0]["properties"]["founded"], 1954);
    assert!(lines[4]["type"].is_string() && lines[4]["start"].is_u64() && lines[4]["end"].is_u64());
}

/// Writes `text` to `dir/name` and returns the path.
fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn import_reads_the_neo4j_admin_convention() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    // A byte-order mark, CRLF line ends, a quoted field over two lines, id spaces, and
    // every column type.
    let orgs = file(
        dir.path(),
        "orgs.csv",
        "\u{feff}orgId:ID(Org),:LABEL,name,founded:int,budget:float,public:boolean,aliases:string[],years:int[],shares:double[],flags:boolean[],skip:IGNORE\r\n\
         o1,Hospital;University,\"Kameda, \"\"the\"\" hospital\",1954,1.5e3,true,亀田;かめだ,1990;2000,0.5;1,true;false,x\r\n\
         o2,Ministry,\"two\nlines\",,,,,,,,y\r\n",
    );
    let people = file(
        dir.path(),
        "people.csv",
        ":ID(Person),:LABEL,name\np1,Person,Sato\n",
    );
    let edges = file(
        dir.path(),
        "edges.csv",
        ":START_ID(Org),:END_ID(Org),:TYPE,amount:long,date\no2,o1,FUNDED,100,2020-01\no1,o1,PART_OF,,\n",
    );
    let works = file(
        dir.path(),
        "works.csv",
        ":START_ID(Person),:END_ID(Org),:TYPE\np1,o1,WORKS_AT\n",
    );
    ok(kizuna(&db)
        .arg("import")
        .arg("--nodes")
        .args([&orgs, &people])
        .arg("--edges")
        .args([&edges, &works]));
    let db = open(&db);
    let graph = db.graph();
    let kameda = db
        .nodes()
        .find(|n| n.properties.get("orgId") == Some(&Value::from("o1")))
        .expect("o1, its id stored as orgId");
    assert_eq!(kameda.labels, ["Hospital", "University"]);
    let p = &kameda.properties;
    assert_eq!(
        p.get("name"),
        Some(&Value::from("Kameda, \"the\" hospital"))
    );
    assert_eq!(p.get("founded"), Some(&Value::Int(1954)));
    assert_eq!(p.get("budget"), Some(&Value::Float(1500.0)));
    assert_eq!(p.get("public"), Some(&Value::Bool(true)));
    assert_eq!(p.get("aliases"), Some(&strings(&["亀田", "かめだ"])));
    assert_eq!(
        p.get("years"),
        Some(&Value::List(vec![Value::Int(1990), Value::Int(2000)]))
    );
    assert_eq!(
        p.get("shares"),
        Some(&Value::List(vec![Value::Float(0.5), Value::Float(1.0)]))
    );
    assert_eq!(
        p.get("flags"),
        Some(&Value::List(vec![Value::Bool(true), Value::Bool(false)]))
    );
    assert!(p.get("skip").is_none());
    let ministry = db.nodes().find(|n| n.labels == ["Ministry"]).unwrap();
    assert_eq!(
        ministry.properties.get("name"),
        Some(&Value::from("two\nlines"))
    );
    assert!(
        ministry.properties.get("founded").is_none(),
        "an empty field is no property"
    );
    let person = db.nodes().find(|n| n.labels == ["Person"]).unwrap();
    assert!(
        person.properties.get("id").is_none(),
        "an unnamed :ID is not stored"
    );
    assert_eq!(graph.relationship_count(), 3);
    let funded = db.relationships().find(|r| r.rel_type == "FUNDED").unwrap();
    assert_eq!((funded.start, funded.end), (ministry.id, kameda.id));
    assert_eq!(funded.properties.get("amount"), Some(&Value::Int(100)));
    let works = db
        .relationships()
        .find(|r| r.rel_type == "WORKS_AT")
        .unwrap();
    assert_eq!((works.start, works.end), (person.id, kameda.id));
}

/// Imports and expects a data error whose message contains every one of `expected`.
fn import_fails(db: &Path, nodes: &[&Path], edges: &[&Path], expected: &[&str]) {
    let mut command = kizuna(db);
    command.arg("import").arg("--nodes").args(nodes);
    if !edges.is_empty() {
        command.arg("--edges").args(edges);
    }
    let (code, _, err) = run(&mut command);
    assert_eq!(code, Some(1), "a data error exits with 1: {err}");
    for part in expected {
        assert!(err.contains(part), "`{part}` not in: {err}");
    }
    assert!(err.contains("nothing was imported"), "{err}");
}

#[test]
fn bad_input_is_reported_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("db");
    let good = file(d, "good.csv", "id:ID,name\na,A\nb,B\n");
    let good_s = good.display().to_string();

    let bad_type = file(d, "bad_type.csv", "id:ID,when:instant\na,2020\n");
    import_fails(
        &db,
        &[&bad_type],
        &[],
        &[
            &format!("{}:1: column 2 (when:instant)", bad_type.display()),
            "unknown column type `instant`",
        ],
    );

    let bad_date = file(
        d,
        "bad_date.csv",
        "id:ID,when:date[]\na,2020-03-24;24/03/2020\n",
    );
    import_fails(
        &db,
        &[&bad_date],
        &[],
        &[
            &format!("{}:2: column 2 (when:date[])", bad_date.display()),
            "`24/03/2020` is not a date",
        ],
    );

    // The second record spans lines 2-3, so the bad one starts on line 4.
    let bad_int = file(
        d,
        "bad_int.csv",
        "id:ID,name,founded:int\na,\"x\ny\",1\nb,B,19x5\n",
    );
    import_fails(
        &db,
        &[&bad_int],
        &[],
        &[
            &format!("{}:4: column 3 (founded:int)", bad_int.display()),
            "`19x5` is not an integer",
        ],
    );

    let bad_float = file(d, "bad_float.csv", "id:ID,f:float[]\na,1.5;x\n");
    import_fails(
        &db,
        &[&bad_float],
        &[],
        &[
            ":2: column 2 (f:float[])",
            "element 2 of the array",
            "`x` is not a float",
        ],
    );

    let bad_bool = file(d, "bad_bool.csv", "id:ID,ok:boolean\na,yes\n");
    import_fails(
        &db,
        &[&bad_bool],
        &[],
        &[":2: column 2 (ok:boolean)", "`yes` is not a boolean"],
    );

    let missing = file(d, "missing.csv", "id:ID,name,x\na,A,1\nb,B\n");
    import_fails(
        &db,
        &[&missing],
        &[],
        &[
            &format!("{}:3", missing.display()),
            "2 fields where the header has 3: missing columns",
        ],
    );

    let extra = file(d, "extra.csv", "id:ID,name\na,A,1\n");
    import_fails(
        &db,
        &[&extra],
        &[],
        &[":2", "3 fields where the header has 2: extra columns"],
    );

    let duplicate = file(d, "dup.csv", "id:ID,name\na,A\nb,B\na,again\n");
    import_fails(
        &db,
        &[&duplicate],
        &[],
        &[
            &format!("{}:4: column 1 (id:ID)", duplicate.display()),
            "duplicate id `a`",
        ],
    );

    let no_id = file(d, "no_id.csv", "name,:LABEL\nA,X\n");
    import_fails(
        &db,
        &[&no_id],
        &[],
        &[
            &format!("{}:1", no_id.display()),
            "a node file needs an id:ID column",
        ],
    );

    let dangling_start = file(
        d,
        "dangling_start.csv",
        ":START_ID,:END_ID,:TYPE\na,b,T\nzz,b,T\n",
    );
    import_fails(
        &db,
        &[&good],
        &[&dangling_start],
        &[":3: column 1 (:START_ID)", "no node has the id `zz`"],
    );

    let dangling_end = file(d, "dangling_end.csv", ":TYPE,:START_ID,:END_ID\nT,a,nope\n");
    import_fails(
        &db,
        &[&good],
        &[&dangling_end],
        &[":2: column 3 (:END_ID)", "no node has the id `nope`"],
    );

    for (name, header, missing) in [
        ("no_start.csv", ":END_ID,:TYPE\nb,T\n", ":START_ID"),
        ("no_end.csv", ":START_ID,:TYPE\na,T\n", ":END_ID"),
        ("no_type.csv", ":START_ID,:END_ID\na,b\n", ":TYPE"),
    ] {
        let edges = file(d, name, header);
        import_fails(
            &db,
            &[&good],
            &[&edges],
            &[
                &format!("{}:1", edges.display()),
                &format!(
                    "a relationship file needs a{} {missing} column",
                    if missing == ":END_ID" { "n" } else { "" }
                ),
            ],
        );
    }

    let wrong_space = file(d, "space.csv", ":START_ID(Org),:END_ID,:TYPE\na,b,T\n");
    import_fails(
        &db,
        &[&good],
        &[&wrong_space],
        &[":2: column 1 (:START_ID(Org))", "in the id space Org"],
    );

    let empty_type = file(d, "empty_type.csv", ":START_ID,:END_ID,:TYPE\na,b,\n");
    import_fails(
        &db,
        &[&good],
        &[&empty_type],
        &[":2: column 3 (:TYPE)", "no type"],
    );

    // An unterminated quote swallows the rest of the file into one field: a short record.
    let quote = file(d, "quote.csv", "id:ID,name,x\na,\"unterminated,1\nb,B,2\n");
    import_fails(
        &db,
        &[&quote],
        &[],
        &[":2", "2 fields where the header has 3"],
    );

    let absent = d.join("absent.csv");
    let (code, _, err) = run(kizuna(&db).args(["import", "--nodes"]).arg(&absent));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("absent.csv"), "{err}");

    // After all that, the database is still empty and a good import works.
    assert_eq!(json_export(&db), "");
    ok(kizuna(&db).args(["import", "--nodes", &good_s]));
    assert_eq!(open(&db).graph().node_count(), 2);
}

/// Nodes `0..nodes` and relationships `i -> (i * 7 + 3) % nodes`, as import files.
fn generated(dir: &Path, nodes: usize, rels: usize, bad_last_edge: bool) -> (PathBuf, PathBuf) {
    let mut n = String::from("id:ID,:LABEL,name,rank:int\n");
    for i in 0..nodes {
        n.push_str(&format!(
            "k{i},{},\"Institution {i}, Ltd\",{i}\n",
            if i % 3 == 0 {
                "Hospital"
            } else {
                "University;Public"
            }
        ));
    }
    let mut e = String::from(":START_ID,:END_ID,:TYPE,year:int\n");
    for i in 0..rels {
        let end = if bad_last_edge && i + 1 == rels {
            "missing".to_owned()
        } else {
            format!("k{}", (i * 7 + 3) % nodes)
        };
        e.push_str(&format!("k{},{end},FUNDED,{}\n", i % nodes, 2000 + i % 25));
    }
    (
        file(dir, "gen_nodes.csv", &n),
        file(dir, "gen_edges.csv", &e),
    )
}

#[test]
fn a_failing_import_leaves_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    build_rich_graph(&db);
    let before = json_export(&db);
    let (nodes, edges) = generated(dir.path(), 500, 2000, true);
    // Batches of 100: many reach the store before the last line turns out bad.
    let (code, _, err) = run(kizuna(&db)
        .args(["import", "--batch-size", "100", "--nodes"])
        .arg(&nodes)
        .arg("--edges")
        .arg(&edges));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(":2001: column 2 (:END_ID)"), "{err}");
    assert_eq!(json_export(&db), before);
    // Ids continue after the existing ones, as if the failed import never happened.
    let (nodes, edges) = generated(dir.path(), 5, 5, false);
    ok(kizuna(&db)
        .args(["import", "--nodes"])
        .arg(&nodes)
        .arg("--edges")
        .arg(&edges));
    let db = open(&db);
    assert_eq!(db.graph().node_count(), 9);
    assert_eq!(db.nodes().map(|n| n.id).max(), Some(8));
    assert_eq!(db.relationships().map(|r| r.id).max(), Some(9));
}

#[test]
fn a_crash_during_import_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    build_rich_graph(&db);
    let before = json_export(&db);
    let (nodes, edges) = generated(dir.path(), 300, 1000, false);
    let (code, _, err) = run(kizuna(&db)
        .env(kizuna::import::CRASH_AFTER_BATCHES_ENV, "4")
        .args(["import", "--batch-size", "100", "--nodes"])
        .arg(&nodes)
        .arg("--edges")
        .arg(&edges));
    assert_ne!(code, Some(0), "the process was meant to abort: {err}");
    // Opening discards the pending import: three node batches and a relationship batch.
    assert_eq!(json_export(&db), before);
    ok(kizuna(&db)
        .args(["import", "--batch-size", "100", "--nodes"])
        .arg(&nodes)
        .arg("--edges")
        .arg(&edges));
    let db = open(&db);
    assert_eq!(db.graph().node_count(), 304);
    assert_eq!(db.graph().relationship_count(), 1005);
}

#[test]
fn a_large_import_in_many_batches() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (nodes, rels) = (50_000, 200_000);
    let (node_file, edge_file) = generated(dir.path(), nodes, rels, false);
    let (code, _, err) = run(kizuna(&db)
        .env("KIZUNA_IMPORT_BATCH_SIZE", "2000")
        .arg("import")
        .arg("--nodes")
        .arg(&node_file)
        .arg("--edges")
        .arg(&edge_file));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("imported 50000 nodes and 200000 relationships"),
        "{err}"
    );
    let out = ok(kizuna(&db).args([
        "--format",
        "csv",
        "-e",
        "MATCH (a {name: 'Institution 1234, Ltd'})-[r:FUNDED]->(b) RETURN count(r), min(b.rank), min(r.year)",
    ]));
    // Node 1234 starts relationships i = 1234, 51234, 101234, 151234.
    let expected_end = (0..rels)
        .filter(|i| i % nodes == 1234)
        .map(|i| (i * 7 + 3) % nodes)
        .min()
        .unwrap();
    let expected_year = (0..rels)
        .filter(|i| i % nodes == 1234)
        .map(|i| 2000 + i % 25)
        .min()
        .unwrap();
    assert_eq!(
        out.lines().nth(1),
        Some(format!("4,{expected_end},{expected_year}").as_str()),
        "{out}"
    );
    let db = open(&db);
    assert_eq!(db.graph().node_count(), nodes);
    assert_eq!(db.graph().relationship_count(), rels);
    assert_eq!(db.graph().label_count("Hospital"), nodes.div_ceil(3));
    assert_eq!(db.graph().label_count("Public"), nodes - nodes.div_ceil(3));
}

#[test]
fn export_refuses_a_missing_format_and_a_file_as_csv_directory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    build_rich_graph(&db);
    let (code, _, err) = run(kizuna(&db).args(["export", "-o", "x"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("--format csv, cypher, graphml or json"),
        "{err}"
    );
    let (code, _, err) = run(kizuna(&db).args(["export", "--format", "xml", "-o", "x"]));
    assert_eq!(code, Some(2), "{err}");
    let plain = file(dir.path(), "plain", "");
    let (code, _, err) = run(kizuna(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(&plain));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is a file"), "{err}");
}

#[test]
fn csv_export_warns_about_what_it_cannot_carry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    open(&db)
        .write(|tx| {
            tx.create_node(
                vec!["X".into()],
                props(vec![("empty", "".into()), ("none", Value::List(vec![]))]),
            )
        })
        .unwrap();
    let (code, _, err) = run(kizuna(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(dir.path().join("out")));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("warning: property `empty`: an empty string"),
        "{err}"
    );
    assert!(
        err.contains("warning: property `none`: an empty list"),
        "{err}"
    );
}

/// Every file of a CSV export directory whose name starts with `prefix`, sorted.
fn csv_files(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".csv"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_source_catalogue_travels_with_every_export_format() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("original");
    ok(kizuna(&original).arg("seed"));
    let sources = 5;

    let out = dir.path().join("csv");
    ok(kizuna(&original)
        .args(["export", "--format", "csv", "-o"])
        .arg(&out));
    let from_csv = dir.path().join("from-csv");
    let (_, _, stderr) = run(kizuna(&from_csv)
        .arg("import")
        .arg("--nodes")
        .args(csv_files(&out, "nodes"))
        .arg("--edges")
        .args(csv_files(&out, "relationships")));
    assert!(!stderr.contains("warning"), "{stderr}");
    // CSV cannot carry the seed's empty alias lists; the catalogue it carries whole.
    let catalogue = |path: &Path| {
        let (nodes, rels) = canonical(path);
        let sources: Vec<String> = nodes
            .iter()
            .filter(|n| n.starts_with("[\"Source\"]"))
            .cloned()
            .collect();
        (sources, nodes.len(), rels.len())
    };
    assert_eq!(
        catalogue(&original).0.len(),
        sources,
        "one per seed document"
    );
    assert_eq!(catalogue(&from_csv), catalogue(&original));

    let script = dir.path().join("seed.cypher");
    ok(kizuna(&original)
        .args(["export", "--format", "cypher", "-o"])
        .arg(&script));
    let from_cypher = dir.path().join("from-cypher");
    ok(kizuna(&from_cypher).args(["run", "--atomic"]).arg(&script));
    assert_eq!(canonical(&from_cypher), canonical(&original));

    let graphml = dir.path().join("seed.graphml");
    ok(kizuna(&original)
        .args(["export", "--format", "graphml", "-o"])
        .arg(&graphml));
    let text = fs::read_to_string(&graphml).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let catalogue_nodes = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "node")
        .filter(|n| {
            n.children()
                .any(|d| d.attribute("key") == Some("labels") && d.text() == Some(":Source"))
        })
        .count();
    assert_eq!(catalogue_nodes, sources);

    let catalogue_lines: Vec<serde_json::Value> = json_export(&original)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["labels"] == serde_json::json!(["Source"]))
        .collect();
    assert_eq!(catalogue_lines.len(), sources);
    assert!(catalogue_lines
        .iter()
        .all(|v| v["properties"]["key"].is_string() && v["properties"]["title"].is_string()));
}

#[test]
fn an_import_citing_a_source_missing_from_the_catalogue_warns() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = file(
        dir.path(),
        "nodes.csv",
        "id:ID,:LABEL,name,source:string[]\n\
         h1,Hospital,Clinic A,002_bf046e2dbe4ea04c.txt\n\
         h2,Hospital,Clinic B,lost-letter.txt;002_bf046e2dbe4ea04c.txt\n",
    );
    let edges = file(
        dir.path(),
        "edges.csv",
        ":START_ID,:END_ID,:TYPE,source:string[]\nh1,h2,PARTNERED_WITH,lost-letter.txt\n",
    );
    let import = |db: &Path| {
        run(kizuna(db)
            .arg("import")
            .arg("--nodes")
            .arg(&nodes)
            .arg("--edges")
            .arg(&edges))
    };
    // With the seed's catalogue, the unknown key is named with how many records cite it.
    let seeded = dir.path().join("seeded");
    ok(kizuna(&seeded).arg("seed"));
    let (code, _, stderr) = import(&seeded);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "warning: 2 imported record(s) cite sources that are not in the source catalogue"
        ) && stderr.contains("lost-letter.txt (2)")
            && !stderr.contains("002_bf046e2dbe4ea04c.txt ("),
        "{stderr}"
    );
    // A database without a catalogue does not hold its data to one.
    let (code, _, stderr) = import(&dir.path().join("plain"));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
