"""to_dicts, to_pandas and to_networkx on the seed against the same queries through the
command line's JSON output."""

import datetime
import json
import subprocess

import pytest

import kizuna

QUERIES = [
    "MATCH (h:Hospital) RETURN h.name AS name, h.country AS country, h.aliases AS aliases ORDER BY name",
    "MATCH (a)-[r:FUNDED]->(b) RETURN a.name AS funder, b.name AS recipient, r.amount AS amount, "
    "r.currency AS currency ORDER BY funder, recipient, amount",
    "MATCH (n) RETURN labels(n)[0] AS kind, count(*) AS n ORDER BY kind",
    "MATCH (a:Hospital)-[r:EXCHANGED_WITH]-(b) RETURN a, r, b ORDER BY id(r), id(a)",
]


def cli_rows(cli, path, query):
    out = subprocess.run(
        [str(cli), "--db", str(path), "--format", "json", "-e", query],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


def as_json(value):
    """A Python result value as the JSON output writes it: dates in ISO form."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


@pytest.fixture
def both(cli, seeded_path):
    """Runs a query through the command line, then through Python on the same database."""

    def run(query):
        expected = cli_rows(cli, seeded_path, query)
        with kizuna.open(seeded_path, read_only=True) as db:
            return expected, db.execute(query)

    return run


@pytest.mark.parametrize("query", QUERIES)
def test_dicts_and_dataframes_match_the_json_output(both, query):
    expected, result = both(query)
    assert expected, "the query returns rows"
    assert as_json(result.to_dicts()) == expected
    frame = result.to_pandas()
    assert list(frame.columns) == result.columns
    # pandas keeps a missing value as NaN in a column of numbers or strings.
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    assert as_json(records) == expected


def test_networkx_holds_the_entities_of_the_json_output(both):
    expected, result = both(
        "MATCH (a)-[r:FUNDED]->(b) WHERE b.country = 'KZ' RETURN a, r, b"
    )
    graph = result.to_networkx()
    nodes = {row[key]["id"]: row[key] for row in expected for key in ("a", "b")}
    rels = {row["r"]["id"]: row["r"] for row in expected}
    assert set(graph.nodes) == set(nodes)
    for node_id, node in nodes.items():
        assert graph.nodes[node_id] == {**node["properties"], "labels": node["labels"]}
    assert {key for _, _, key in graph.edges(keys=True)} == set(rels)
    for start, end, key, data in graph.edges(keys=True, data=True):
        rel = rels[key]
        assert (start, end) == (rel["start"], rel["end"])
        assert data == {**rel["properties"], "type": rel["type"]}


def test_networkx_adds_the_ends_of_returned_relationships(both):
    expected, result = both("MATCH ()-[r:PART_OF]->() RETURN r")
    graph = result.to_networkx()
    ends = {row["r"][end] for row in expected for end in ("start", "end")}
    assert set(graph.nodes) == ends
    assert all(graph.nodes[n]["labels"] for n in graph.nodes)
    assert graph.number_of_edges() == len(expected)


def test_the_whole_graph_matches_the_json_export(seeded_path, tmp_path):
    with kizuna.open(seeded_path) as db:
        db.export(tmp_path / "all.jsonl", format="json")
        graph = db.graph()
    records = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text().splitlines()]
    assert graph.number_of_nodes() + graph.number_of_edges() == len(records)
