#!/usr/bin/env python3
"""kizuna from Python on the shared institutions workload: `execute` of q1 and q2 with
every row fetched into Python, and `to_pandas()` of 100,000 rows, beside Kùzu's Python
figures from ANCHORS.md (measured by the same method: one warm-up, the median of the
timed runs, parameters bound and every row fetched).

Run it with a release build of the package (`pip install ./python`):

    python python/bench/institutions.py

Environment, as for `cargo bench --bench institutions`: KIZUNA_BENCH_SCALE (`large`, the
default, 1M nodes / 5M relationships, or `small`), KIZUNA_BENCH_DIR (gen.py, queries/,
ANCHORS.md; default ../shared/bench beside the repository), KIZUNA_BENCH_DATA (default
/tmp/benchwork/data/<scale>, generated when missing), KIZUNA_BENCH_RUNS (default 5).
The kizuna database is imported once into <data>/kizuna-python.db and reused.
"""

import hashlib
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

import kizuna

REPO = pathlib.Path(__file__).resolve().parents[2]
SCALE = os.environ.get("KIZUNA_BENCH_SCALE", "large")
BENCH = pathlib.Path(os.environ.get("KIZUNA_BENCH_DIR", REPO.parent / "shared" / "bench"))
DATA = pathlib.Path(os.environ.get("KIZUNA_BENCH_DATA", f"/tmp/benchwork/data/{SCALE}"))
RUNS = max(1, int(os.environ.get("KIZUNA_BENCH_RUNS", "5")))
SIZES = {"small": (10_000, 50_000), "large": (1_000_000, 5_000_000)}
HEADINGS = {"small": "### Small scale", "large": "### Large scale"}
PANDAS_ROWS = 100_000


def ensure_data():
    if all((DATA / f).is_file() for f in ("import_nodes.csv", "import_edges.csv", "params.json")):
        return
    nodes, edges = SIZES[SCALE]
    print(f"generating the {SCALE} graph in {DATA} …", file=sys.stderr)
    for step in (
        ["gen.py", "--nodes", str(nodes), "--edges", str(edges), "--out", str(DATA)],
        ["to_neo4j_csv.py", str(DATA)],
    ):
        subprocess.run([sys.executable, *step], cwd=BENCH, check=True)


def query_text(name):
    path = next((BENCH / "queries").glob(f"{name}_*.cypher"))
    lines = path.read_text().splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("//")).strip()


def median_ms(work):
    work()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def shown(ms):
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.3g}"


def digest_names(names):
    names = sorted(names)
    return [len(names), hashlib.sha1("\n".join(names).encode()).hexdigest()[:12]]


def anchors():
    """Kùzu's figures and the cross-checked answers of this scale, from ANCHORS.md."""
    text = (BENCH / "ANCHORS.md").read_text()
    section = text.split(HEADINGS[SCALE], 1)[1].split("\n### ", 1)[0]
    rows = [line.split("|") for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0]]
    column = next(i for i, cell in enumerate(header) if cell.startswith("kuzu"))
    figures = {row[1].strip(): row[column].strip() for row in rows[2:]}
    answers = {}
    for line in section.splitlines():
        # Only q1's and q2's answers are compared (some other lines are cut short).
        if line.startswith(("- q1:", "- q2:")):
            name, rest = line[2:].split(": ", 1)
            answers[name] = json.loads(rest.split(": ", 1)[1])
    return header[column], figures, answers


def main():
    ensure_data()
    params = json.loads((DATA / "params.json").read_text())
    kuzu, figures, answers = anchors()
    path = DATA / "kizuna-python.db"
    rows = []
    if not path.exists():
        started = time.perf_counter()
        with kizuna.open(path) as db:
            db.import_csv(nodes=[DATA / "import_nodes.csv"], edges=[DATA / "import_edges.csv"])
        rows.append(("import CSV → on disk, s (one run)", f"{time.perf_counter() - started:.2f}", ""))
    started = time.perf_counter()
    db = kizuna.open(path, read_only=True)
    opened = (time.perf_counter() - started) * 1000
    rows.append(("open, ms (page cache warm)", shown(opened), ""))

    q1, q2 = query_text("q1"), query_text("q2")
    got = [list(r) for r in db.execute(q1, {"name": params["q1_name"]})]
    check("q1", got, answers)
    got = digest_names(r[0] for r in db.execute(q2, {"name": params["hub_name"]}))
    check("q2", got, answers)
    for label, text, name in (
        ("Q1 point lookup by name, ms", q1, params["q1_name"]),
        ("Q2 1-hop out-neighbour names (hub), ms", q2, params["hub_name"]),
    ):
        ms = median_ms(lambda: db.execute(text, {"name": name}).fetchall())
        rows.append((label, shown(ms), figures.get(label, "")))

    # Both directions of every relationship: 100,000 rows at either scale.
    table = f"MATCH (a)-[r]-(b) RETURN a.name AS name, type(r) AS type, b.founded AS founded LIMIT {PANDAS_ROWS}"
    result = db.execute(table)
    assert len(result) == PANDAS_ROWS and len(result.to_pandas()) == PANDAS_ROWS
    rows.append((f"execute, {PANDAS_ROWS:,} rows × 3 columns, ms", shown(median_ms(lambda: db.execute(table))), ""))
    rows.append(("to_pandas() of those rows, ms", shown(median_ms(result.to_pandas)), ""))
    rows.append(("fetchall() of those rows, ms", shown(median_ms(result.fetchall)), ""))
    db.close()

    print(f"\n{SCALE} scale, median of {RUNS} after a warm-up; {kuzu} from ANCHORS.md\n")
    print(f"| | kizuna (Python) | {kuzu} |\n|---|---|---|")
    for label, ours, theirs in rows:
        print(f"| {label} | {ours} | {theirs} |")


def check(name, got, answers):
    expected = answers.get(name)
    if expected is not None and got != expected:
        sys.exit(f"{name}: kizuna answered {got}, the peers {expected}")


if __name__ == "__main__":
    main()
