#!/usr/bin/env python3
"""Runs the general benchmark suite's queries in Kùzu, for `benches/general.rs`.

Reads one JSON request on standard input:

    {"data": DIR, "db": DIR, "bench_dir": DIR, "runs": N, "budget_s": S, "timeout_s": T,
     "queries": [{"name": ..., "text": ..., "params": {...}, "undo": TEXT or null}, ...]}

loads `data` (gen.py's CSV files) into a Kùzu database under `db` when it is not there yet,
with the schema and COPY statements of the shared harness (`bench_dir/peers.py`), then for
each query runs one warm-up and up to `runs` timed runs (fewer when they would pass
`budget_s`), each cut at `timeout_s`. A query with an `undo` text writes: the undo runs
before the warm-up and after every run, untimed, so each run starts from the same graph.

Writes JSON lines on standard output: first `{"kuzu": VERSION, "load_s": S or null}` (or
`{"skipped": REASON}` when Kùzu cannot be used), then one line per query with its median
milliseconds, the number of timed runs, its rows, or its error.
"""
import decimal
import json
import os
import statistics
import sys
import time

# A property the write queries set; Kùzu needs it in the schema before a SET can name it.
EXTRA_COLUMNS = ["ALTER TABLE Institution ADD rating INT64"]


def emit(record):
    print(json.dumps(record), flush=True)


def plain(value):
    """A Kùzu result value as JSON (sums of integers come back as Decimal)."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def open_database(kuzu, request):
    """Opens the database, loading it first when absent; returns (db, seconds spent loading)."""
    root = request["db"]
    ready = os.path.join(root, "loaded")
    load_s = None
    if not os.path.exists(ready):
        sys.path.insert(0, request["bench_dir"])
        import peers  # the shared harness: same schema and COPY statements as its figures

        if os.path.exists(root):
            import shutil

            shutil.rmtree(root)
        os.makedirs(root)
        print(f"loading {request['data']} into Kùzu at {root} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        peers.KuzuPeer("kuzu").load(request["data"], root)
        db = kuzu.Database(os.path.join(root, "graph.kz"))
        conn = kuzu.Connection(db)
        for statement in EXTRA_COLUMNS:
            conn.execute(statement)
        conn.close()
        db.close()
        load_s = time.perf_counter() - started
        open(ready, "w").close()
    return kuzu.Database(os.path.join(root, "graph.kz")), load_s


def open_or_reload(kuzu, request):
    """A database left unreadable (a crash inside a write can leave a log Kùzu cannot
    replay) is loaded again from the CSV files."""
    try:
        return open_database(kuzu, request)
    except RuntimeError as e:
        print(f"cannot open the Kùzu database ({e}); loading it again", file=sys.stderr)
        os.remove(os.path.join(request["db"], "loaded"))
        return open_database(kuzu, request)


def run_once(conn, query):
    started = time.perf_counter()
    rows = conn.execute(query["text"], query["params"]).get_all()
    elapsed = time.perf_counter() - started
    if query.get("undo"):
        conn.execute(query["undo"])
    return elapsed, [[plain(v) for v in row] for row in rows]


def measure(conn, query, runs, budget_s):
    if query.get("undo"):
        conn.execute(query["undo"])
    warm, rows = run_once(conn, query)
    samples = []
    spent = warm
    while len(samples) < runs and (not samples or spent + warm <= budget_s):
        elapsed, rows = run_once(conn, query)
        samples.append(elapsed)
        spent += elapsed
    return {"ms": statistics.median(samples) * 1e3, "runs": len(samples), "rows": rows}


def main():
    request = json.load(sys.stdin)
    try:
        import kuzu
    except ImportError as e:
        emit({"skipped": f"the kuzu package cannot be imported ({e})"})
        return
    db, load_s = open_or_reload(kuzu, request)
    conn = kuzu.Connection(db)
    conn.set_query_timeout(int(request["timeout_s"] * 1000))
    emit({"kuzu": str(kuzu.__version__), "load_s": load_s})
    for query in request["queries"]:
        try:
            result = measure(conn, query, request["runs"], request["budget_s"])
        except Exception as e:  # a Kùzu error or timeout is reported, not fatal
            message = str(e)
            result = {"error": "timeout" if "interrupted" in message.lower() else message}
        result["name"] = query["name"]
        emit(result)
        print(f"    kuzu {query['name']:40s} {result.get('ms', 0):10.2f} ms "
              f"{result.get('error', '')}", file=sys.stderr, flush=True)
    conn.close()
    db.close()


if __name__ == "__main__":
    main()
