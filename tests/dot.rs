//! `kizuna dot` through the real binary: what it draws, that Graphviz accepts it (hostile
//! names included), that it is byte-for-byte deterministic, and what it says when Graphviz
//! is missing. Graphviz's `dot` must be installed (`apt-get install graphviz`).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use assert_cmd::Command as AssertCommand;
use kizuna::{Database, OpenOptions, Properties, Value};
use predicates::str::contains;

fn kizuna(db: &Path) -> AssertCommand {
    let mut cmd = AssertCommand::cargo_bin("kizuna").unwrap();
    cmd.arg("--db").arg(db);
    cmd
}

fn props(pairs: &[(&str, Value)]) -> Properties {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

type NodeSpec<'a> = (&'a str, Vec<(&'a str, Value)>);
type RelSpec<'a> = (usize, usize, &'a str, Vec<(&'a str, Value)>);

/// A database at `dir/db` holding these nodes and relationships (ends are indexes into
/// `nodes`); closed again, so the binary can open it.
fn build(dir: &Path, nodes: &[NodeSpec<'_>], rels: &[RelSpec<'_>]) -> std::path::PathBuf {
    let path = dir.join("db");
    let mut db = Database::open(
        &path,
        OpenOptions {
            create_if_missing: true,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    db.write(|tx| {
        let mut ids = Vec::new();
        for (label, p) in nodes {
            ids.push(tx.create_node(vec![(*label).to_owned()], props(p))?);
        }
        for (start, end, rel_type, p) in rels {
            tx.create_relationship(rel_type, ids[*start], ids[*end], props(p))?;
        }
        Ok(())
    })
    .unwrap();
    path
}

/// Three institutions in two countries, funded and exchanging.
fn small(dir: &Path) -> std::path::PathBuf {
    build(
        dir,
        &[
            (
                "Ministry",
                vec![
                    ("name", "Ministry of Health".into()),
                    ("name_ja", "厚生労働省".into()),
                    ("country", "JP".into()),
                ],
            ),
            (
                "Hospital",
                vec![
                    ("name", "Kameda Medical Center".into()),
                    ("name_ja", "亀田総合病院".into()),
                    ("country", "JP".into()),
                ],
            ),
            (
                "University",
                vec![
                    ("name", "Semey Medical University".into()),
                    ("name_ru", "Медицинский университет Семей".into()),
                    ("country", "KZ".into()),
                ],
            ),
        ],
        &[
            (
                0,
                1,
                "FUNDED",
                vec![
                    ("amount", Value::Int(12_500_000)),
                    ("currency", "JPY".into()),
                ],
            ),
            (1, 2, "EXCHANGED_WITH", vec![("date", "2020-03-24".into())]),
            (1, 0, "PART_OF", vec![]),
        ],
    )
}

fn export(db: &Path, args: &[&str]) -> String {
    let output = kizuna(db).arg("dot").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "kizuna dot failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs Graphviz over `text` and returns the SVG; fails the test when Graphviz refuses.
fn graphviz_svg(text: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz's `dot` is needed by these tests: apt-get install graphviz");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "dot refused the text: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_dot_text_of_a_small_graph_is_exactly_this() {
    let dir = tempfile::tempdir().unwrap();
    let db = small(dir.path());
    let expected = r##"digraph kizuna {
  graph [layout=dot, charset="UTF-8", rankdir=LR, newrank=true, nodesep=0.3, ranksep=0.7, overlap=false, splines=true, sep="+10", pad=0.3, fontname="Noto Sans CJK JP", fontsize=14];
  node [fontname="Noto Sans CJK JP", fontsize=11, margin="0.12,0.06", penwidth=0.8];
  edge [fontname="Noto Sans CJK JP", fontsize=9, penwidth=1.2, arrowsize=0.7];
  n0 [id="n0", label="Ministry of Health\n厚生労働省", tooltip="Ministry #0", shape=box, style="filled,bold", fillcolor="#F4B6B6"];
  n1 [id="n1", label="Kameda Medical Center\n亀田総合病院", tooltip="Hospital #1", shape=box, style="filled,rounded", fillcolor="#BFD9F2"];
  n2 [id="n2", label="Semey Medical University\nМедицинский университет Семей", tooltip="University #2", shape=tab, style="filled", fillcolor="#CDE8C4"];
  n0 -> n1 [id="r0", color="#B8860B", label="12,500,000 JPY", fontcolor="#B8860B", style=bold, tooltip="FUNDED #0"];
  n1 -> n2 [id="r1", color="#2F6EB5", label="2020-03-24", fontcolor="#2F6EB5", dir=none, tooltip="EXCHANGED_WITH #1"];
  n1 -> n0 [id="r2", color="#777777", style=dotted, tooltip="PART_OF #2"];
  subgraph cluster_legend {
    graph [label="Legend", style="rounded", color="#B0B0A8", fontsize=12, labeljust=l];
    node [fontsize=10, width=0, height=0];
    "legend_Ministry" [label="Ministry", shape=box, style="filled,bold", fillcolor="#F4B6B6", pos="0,0.00!"];
    "legend_Hospital" [label="Hospital", shape=box, style="filled,rounded", fillcolor="#BFD9F2", pos="0,-0.70!"];
    "legend_University" [label="University", shape=tab, style="filled", fillcolor="#CDE8C4", pos="0,-1.40!"];
    "legend_EXCHANGED_WITH_caption" [label="exchanged with (date)", shape=plaintext, fontcolor="#2F6EB5", pos="2.6,0.00!"];
    "legend_EXCHANGED_WITH_end" [label="", shape=point, width=0.05, color="#2F6EB5", pos="4.2,0.00!"];
    "legend_EXCHANGED_WITH_caption" -> "legend_EXCHANGED_WITH_end" [len=1.2, color="#2F6EB5", dir=none];
    "legend_FUNDED_caption" [label="funded (amount)", shape=plaintext, fontcolor="#B8860B", pos="2.6,-0.60!"];
    "legend_FUNDED_end" [label="", shape=point, width=0.05, color="#B8860B", pos="4.2,-0.60!"];
    "legend_FUNDED_caption" -> "legend_FUNDED_end" [len=1.2, color="#B8860B", style=bold];
    "legend_PART_OF_caption" [label="part of", shape=plaintext, fontcolor="#777777", pos="2.6,-1.20!"];
    "legend_PART_OF_end" [label="", shape=point, width=0.05, color="#777777", pos="4.2,-1.20!"];
    "legend_PART_OF_caption" -> "legend_PART_OF_end" [len=1.2, color="#777777", style=dotted];
  }
}
"##;
    assert_eq!(export(&db, &[]), expected);
}

#[test]
fn graphviz_accepts_the_whole_graph_and_the_image_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = small(dir.path());
    let svg = graphviz_svg(&export(&db, &[]));
    assert!(svg.contains("亀田総合病院"));
    assert!(svg.contains("12,500,000 JPY"));

    for format in ["svg", "png"] {
        let out = dir.path().join(format!("graph.{format}"));
        kizuna(&db)
            .args(["dot", "--cluster-by", "country", "--render", format, "-o"])
            .arg(&out)
            .assert()
            .success();
        let bytes = std::fs::read(&out).unwrap();
        match format {
            "svg" => assert!(String::from_utf8_lossy(&bytes).contains("<svg")),
            _ => assert!(bytes.starts_with(b"\x89PNG")),
        }
    }
}

#[test]
fn clusters_are_countries_by_english_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = build(
        dir.path(),
        &[
            (
                "Hospital",
                vec![("name", "A".into()), ("country", "JP".into())],
            ),
            (
                "Hospital",
                vec![("name", "B".into()), ("country", "kz".into())],
            ),
            (
                "Hospital",
                vec![("name", "C".into()), ("country", "XQ".into())],
            ),
            ("Hospital", vec![("name", "D".into())]),
        ],
        &[(0, 1, "PARTNERED_WITH", vec![])],
    );
    let text = export(&db, &["--cluster-by", "country"]);
    assert!(text.contains("layout=fdp"));
    assert!(text.contains("subgraph \"cluster_JP\" {"));
    assert!(text.contains("label=\"Japan\""));
    assert!(text.contains("subgraph \"cluster_KZ\" {"));
    assert!(text.contains("label=\"Kazakhstan\""));
    assert!(text.contains("label=\"XQ\""));
    assert!(text.contains(
        "n0 -> n1 [id=\"r0\", color=\"#3C8D3C\", dir=none, tooltip=\"PARTNERED_WITH #0\"];"
    ));
    graphviz_svg(&text);
    // The engine can be chosen.
    assert!(export(&db, &["--cluster-by", "country", "--layout", "dot"]).contains("layout=dot"));
}

#[test]
fn hostile_names_survive_graphviz() {
    let names = [
        "Quote \" inside",
        "Back\\slash \\N \\G \\\\",
        "New\nline\r\nand\ttab",
        "<b>html</b> {a|b}",
        "&lt; &amp; & x",
        "日本医療研究開発機構",
        "中国医学科学院",
        "Минздрав РК",
        "Қазақстан 🏥🇯🇵 emoji",
        "\"",
        "\\",
        "",
    ];
    let dir = tempfile::tempdir().unwrap();
    let nodes: Vec<NodeSpec<'_>> = names
        .iter()
        .map(|n| {
            (
                "Weird \"Kind\" {x}",
                vec![("name", (*n).into()), ("country", "J\"P\\".into())],
            )
        })
        .collect();
    let rels: Vec<RelSpec<'_>> = (1..names.len())
        .map(|i| {
            (
                i - 1,
                i,
                "ODD \"TYPE\" <x>",
                vec![("topic", names[i].into()), ("date", "2020\\01".into())],
            )
        })
        .collect();
    let db = build(dir.path(), &nodes, &rels);
    for args in [
        &[][..],
        &["--cluster-by", "country"][..],
        &["--edge-labels", "topic,date"][..],
    ] {
        let text = export(&db, args);
        let svg = graphviz_svg(&text);
        assert!(svg.contains("Минздрав РК"));
        assert!(svg.contains("🏥"));
        assert!(svg.contains("Back\\slash \\N \\G \\\\"), "{svg}");
        assert!(svg.contains("Quote &quot; inside"), "{svg}");
        // Shown as typed, not decoded as an entity or taken for markup.
        assert!(svg.contains("&amp;lt; &amp;amp; &amp; x"), "{svg}");
        assert!(svg.contains("&lt;b&gt;html&lt;/b&gt; {a|b}"), "{svg}");
    }
}

#[test]
fn a_query_draws_what_it_returns() {
    let dir = tempfile::tempdir().unwrap();
    let db = small(dir.path());

    // Relationships bring their end nodes, and nothing else.
    let text = export(
        &db,
        &[
            "--query",
            "MATCH (h:Hospital)-[r:EXCHANGED_WITH]-(u) RETURN r",
        ],
    );
    assert!(text.contains("n1 [") && text.contains("n2 ["));
    assert!(!text.contains("n0 ["));
    assert!(text.contains("n1 -> n2 [id=\"r1\""));
    assert!(!text.contains("id=\"r0\""));
    graphviz_svg(&text);

    // Only nodes: the relationships among them come along.
    let text = export(
        &db,
        &[
            "--query",
            "MATCH (n) WHERE n.country = 'JP' RETURN collect(n) AS ns",
        ],
    );
    assert!(text.contains("n0 [") && text.contains("n1 [") && !text.contains("n2 ["));
    assert!(text.contains("id=\"r0\"") && text.contains("id=\"r2\""));
    assert!(!text.contains("id=\"r1\""));
    graphviz_svg(&text);

    // Paths, nested in a map.
    let text = export(
        &db,
        &[
            "--query",
            "MATCH p = (:Ministry)-[:FUNDED]->()-[:EXCHANGED_WITH]-() RETURN {path: p} AS m",
        ],
    );
    for part in ["n0 [", "n1 [", "n2 [", "id=\"r0\"", "id=\"r1\""] {
        assert!(text.contains(part), "{part} missing from\n{text}");
    }
    assert!(!text.contains("id=\"r2\""));
    graphviz_svg(&text);

    // From a file, with a parameter.
    let file = dir.path().join("q.cypher");
    std::fs::write(
        &file,
        "// hospitals\nMATCH (h:Hospital {name: $who}) RETURN h;\n",
    )
    .unwrap();
    let text = export(
        &db,
        &[
            "--param",
            "who=Kameda Medical Center",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(text.contains("n1 [") && !text.contains("n0 ["));
}

#[test]
fn export_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let db = small(dir.path());
    for args in [&[][..], &["--cluster-by", "country"][..]] {
        let first = export(&db, args);
        let second = export(&db, args);
        assert_eq!(first, second);
    }
    let out_a = dir.path().join("a.dot");
    let out_b = dir.path().join("b.dot");
    for out in [&out_a, &out_b] {
        kizuna(&db).args(["dot", "-o"]).arg(out).assert().success();
    }
    assert_eq!(
        std::fs::read(&out_a).unwrap(),
        std::fs::read(&out_b).unwrap()
    );
}

#[test]
fn a_missing_graphviz_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = small(dir.path());
    let empty = tempfile::tempdir().unwrap();
    kizuna(&db)
        .env("PATH", empty.path())
        .args(["dot", "--render", "png", "-o"])
        .arg(dir.path().join("x.png"))
        .assert()
        .code(1)
        .stderr(contains("apt-get install graphviz"))
        .stderr(contains("brew install graphviz"));
}

#[test]
fn usage_and_query_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = small(dir.path());
    // --render needs -o.
    kizuna(&db)
        .args(["dot", "--render", "svg"])
        .assert()
        .code(2);
    kizuna(&db)
        .args(["dot", "--render", "gif", "-o", "x"])
        .assert()
        .code(2);
    kizuna(&db)
        .args(["dot", "--query", "MATCH (n) RETURN m"])
        .assert()
        .code(1)
        .stderr(contains("^"));
    let file = dir.path().join("two.cypher");
    std::fs::write(&file, "MATCH (n) RETURN n;\nMATCH (m) RETURN m;\n").unwrap();
    kizuna(&db)
        .args(["dot", "--file"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(contains("2 statements"));
}

#[test]
fn the_seed_diagram_is_accepted_by_graphviz() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kizuna(&db).arg("seed").assert().success();
    for args in [&[][..], &["--cluster-by", "country"][..]] {
        let text = export(&db, args);
        assert_eq!(text, export(&db, args));
        let svg = graphviz_svg(&text);
        assert!(svg.contains("Medical Excellence JAPAN"));
    }
}

#[test]
fn every_node_and_edge_of_the_seed_cites_its_sources_in_a_tooltip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    kizuna(&db).arg("seed").assert().success();
    let text = export(&db, &[]);
    let drawn: Vec<&str> = text
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('n') && (l.contains(" [id=") || l.contains(" -> ")))
        .collect();
    assert!(drawn.len() > 100, "{} nodes and edges drawn", drawn.len());
    for line in &drawn {
        assert!(line.contains("tooltip=\""), "no tooltip: {line}");
        assert!(
            line.contains("source: "),
            "no source in the tooltip: {line}"
        );
    }
    // The catalogue is cited, not drawn.
    assert!(!text.contains("Source #"), "a catalogue node was drawn");
    let grant = drawn
        .iter()
        .find(|l| l.contains("108.7 million yen"))
        .expect("the Semey grant's quote is in a tooltip");
    assert!(grant.contains("Japan Provides 7 Million USD Grant Aid to Kazakhstan"));
    // Quotes inside a quote are escaped, and Graphviz turns tooltips into SVG titles.
    assert!(text.contains("through the \\\"Grassroots\\\" program"));
    let svg = graphviz_svg(&text);
    assert!(svg.contains("xlink:title=\"FUNDED #",));
    assert!(svg.contains("the Japanese government will provide 108.7 million yen"));
}
