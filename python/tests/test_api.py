"""Every call of the API on real databases, in memory and on disk."""

import datetime
import json
import threading

import pytest

import kizuna

GUANGXI = """
MATCH (h:Hospital {country: 'JP'})-[r:EXCHANGED_WITH]-(c:Hospital {region: 'Guangxi'})
RETURN h.name AS japanese, c.name AS chinese, r.date AS date ORDER BY date, japanese, chinese
"""


def test_open_without_a_path_is_in_memory_and_starts_empty():
    with kizuna.open() as db:
        assert db.path is None
        assert db.execute("MATCH (n) RETURN count(n) AS n").fetchall() == [(0,)]
    assert db.closed


def test_open_creates_a_database_on_disk_that_keeps_its_writes(tmp_path):
    path = tmp_path / "new.db"
    with kizuna.open(str(path)) as db:
        assert db.path == path
        stats = db.execute("CREATE (:Hospital {name: 'A'})").stats
        assert stats["nodes_created"] == 1 and stats["properties_set"] == 1
    with kizuna.open(path) as again:
        assert again.execute("MATCH (h:Hospital) RETURN h.name").fetchall() == [("A",)]


def test_seed_fills_the_database_once(seeded, seed_counts):
    counts = seeded.execute("MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r")
    assert counts.fetchall() == [seed_counts]
    again = seeded.seed()
    assert again == {key: 0 for key in again}


def test_a_result_has_columns_rows_and_dicts(seeded):
    result = seeded.execute(GUANGXI)
    assert result.columns == ["japanese", "chinese", "date"]
    rows = result.fetchall()
    assert len(result) == len(rows) == 5
    assert rows[0] == ("Kameda Medical Center", "Beihai People's Hospital", datetime.date(2020, 6, 1))
    assert list(result) == rows
    assert result[0] == rows[0] and result[-1] == rows[-1]
    with pytest.raises(IndexError):
        result[5]
    assert result.to_dicts()[0] == dict(zip(result.columns, rows[0]))
    assert result.warnings == []
    assert result.stats["nodes_created"] == 0
    assert result.elapsed >= 0
    assert "5 rows" in repr(result)


def test_nodes_relationships_and_paths_are_dicts(seeded):
    row = seeded.execute(
        "MATCH p = (a:Hospital {name: 'Kameda Medical Center'})-[r:EXCHANGED_WITH]-(b) "
        "RETURN a, r, p ORDER BY r.date LIMIT 1"
    ).fetchall()[0]
    node, rel, path = row
    assert node["labels"] == ["Hospital"] and node["properties"]["name_ja"] == "亀田総合病院"
    assert rel["type"] == "EXCHANGED_WITH" and node["id"] in (rel["start"], rel["end"])
    assert path["nodes"][0] == node and path["relationships"] == [rel]


def test_a_deleted_node_comes_back_marked(seeded):
    row = seeded.execute("CREATE (n:Temp) WITH n DELETE n RETURN n").fetchall()[0]
    assert row[0]["deleted"] is True


def test_warnings_suggest_the_label_meant(seeded):
    result = seeded.execute("MATCH (h:hospital) RETURN h")
    assert len(result) == 0
    assert any("Hospital" in warning for warning in result.warnings)


def test_limits(seeded):
    with pytest.raises(kizuna.LimitExceededError):
        seeded.execute("MATCH (n) RETURN n", max_rows=3)
    with pytest.raises(ValueError):
        seeded.execute("RETURN 1", timeout=-1)
    with pytest.raises(kizuna.LimitExceededError):
        seeded.execute("MATCH p = (a)-[*]-(b) RETURN count(p)", max_depth=1)


def test_import_csv_then_export_in_every_format(tmp_path):
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("id:ID,:LABEL,name,founded:int\n1,Hospital,A,1990\n2,University,B,1880\n")
    edges = tmp_path / "edges.csv"
    edges.write_text(":START_ID,:END_ID,:TYPE,date\n1,2,PART_OF,2001\n")
    with kizuna.open(tmp_path / "db") as db:
        assert db.import_csv(nodes=[nodes], edges=[str(edges)]) == {"nodes": 2, "relationships": 1}
        row = db.execute("MATCH (a)-[r:PART_OF]->(b) RETURN a.name, a.founded, r.date, b.name").fetchall()
        assert row == [("A", 1990, "2001", "B")]
        summary = db.export(tmp_path / "out.jsonl", format="json")
        assert (summary["nodes"], summary["relationships"]) == (2, 1)
        lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
        assert len(lines) == 3
        db.export(tmp_path / "csv", format="csv")
        assert sorted(p.name for p in (tmp_path / "csv").iterdir())
        db.export(tmp_path / "out.cypher", format="cypher")
        assert "CREATE" in (tmp_path / "out.cypher").read_text()
        db.export(tmp_path / "out.graphml", format="graphml")
        assert "<graphml" in (tmp_path / "out.graphml").read_text()
        with pytest.raises(ValueError):
            db.export(tmp_path / "x", format="xml")


def test_import_into_memory(tmp_path):
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("id:ID,:LABEL,name\n1,Hospital,A\n")
    with kizuna.open() as db:
        assert db.import_csv(nodes=[nodes]) == {"nodes": 1, "relationships": 0}


def test_check_on_disk_and_in_memory(seeded, seeded_path, seed_counts):
    with kizuna.open(seeded_path) as db:
        report = db.check()
        assert report.ok and report.problems == []
        assert (report.nodes, report.relationships) == seed_counts
        assert "no problems found" in str(report)
    report = seeded.check()
    assert report.ok and report.nodes == seed_counts[0]


def test_dot_of_the_whole_graph_and_of_a_query(seeded):
    whole = seeded.dot()
    assert whole.startswith("digraph") and whole.count("->") > 100
    part = seeded.dot(
        "MATCH (a)-[r:FUNDED]->(b) WHERE b.country = $c RETURN a, r, b",
        {"c": "KZ"},
        cluster_by="country",
        edge_labels="amount",
        legend=False,
    )
    assert "cluster" in part and len(part) < len(whole)
    everything = seeded.dot("MATCH (a)-[r]->(b) RETURN a, r, b")
    assert everything.count("->") == whole.count("->")
    with pytest.raises(ValueError):
        seeded.dot(layout="spiral")


def test_graph_is_the_whole_database(seeded, seed_counts):
    graph = seeded.graph()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == seed_counts
    kameda = next(n for n, a in graph.nodes(data=True) if a.get("name") == "Kameda Medical Center")
    assert graph.nodes[kameda]["labels"] == ["Hospital"]
    types = {data["type"] for _, _, data in graph.edges(data=True)}
    assert "EXCHANGED_WITH" in types and "FUNDED" in types


def test_notebook_representations(seeded):
    table = seeded.execute(GUANGXI)
    html = table._repr_html_()
    assert "<table>" in html and "Kameda Medical Center" in html and "5 rows" in html
    assert table._repr_svg_() is None
    drawn = seeded.execute("MATCH (a)-[r:FUNDED]->(b) RETURN a, r, b")
    assert "digraph" in drawn._dot()
    svg = drawn._repr_svg_()
    if svg is not None:  # Graphviz installed: the diagram instead of the table
        assert "<svg" in svg and drawn._repr_html_() is None


def test_read_only_refuses_writes(seeded_path, seed_counts):
    with kizuna.open(seeded_path, read_only=True) as db:
        assert db.read_only
        assert db.execute("MATCH (n) RETURN count(n)").fetchall() == [(seed_counts[0],)]
        with pytest.raises(kizuna.ReadOnlyError):
            db.execute("CREATE (:Hospital)")
        with pytest.raises(kizuna.ReadOnlyError):
            db.seed()
    with pytest.raises(ValueError):
        kizuna.open(read_only=True)


def test_closed_database_refuses_use():
    db = kizuna.open()
    db.close()
    db.close()
    assert "closed" in repr(db)
    with pytest.raises(kizuna.DatabaseClosedError):
        db.execute("RETURN 1")


def test_several_threads_share_one_database(tmp_path):
    with kizuna.open(tmp_path / "db") as db:
        def write(worker):
            for i in range(25):
                db.execute("CREATE (:Item {worker: $w, i: $i})", {"w": worker, "i": i})

        threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert db.execute("MATCH (i:Item) RETURN count(DISTINCT [i.worker, i.i])").fetchall() == [(100,)]
        assert db.check().ok


def test_a_procedure_defined_by_a_table_answers_calls():
    with kizuna.open() as db:
        db.define_procedure(
            "lookup.country(code :: STRING) :: (name :: STRING, members :: INTEGER)",
            [["JP", "Japan", 2], ["KZ", "Kazakhstan", 1], ["JP", "Nippon", 0]],
        )
        standalone = db.execute("CALL lookup.country('JP')")
        assert standalone.columns == ["name", "members"]
        assert standalone.fetchall() == [("Japan", 2), ("Nippon", 0)]
        in_query = db.execute(
            "UNWIND ['KZ', 'CN'] AS c CALL lookup.country(c) YIELD name RETURN c, name"
        )
        assert in_query.fetchall() == [("KZ", "Kazakhstan")]
        with pytest.raises(kizuna.errors.QueryError):
            db.define_procedure("lookup.country(code :: STRING) :: (name :: STRING)", [["JP"]])
        with pytest.raises(kizuna.errors.QueryError):
            db.execute("CALL lookup.country(1)")
