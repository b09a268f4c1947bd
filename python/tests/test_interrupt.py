"""Ctrl-C while a statement runs: KeyboardInterrupt, and nothing of the statement
remains."""

import _thread
import os
import signal
import threading
import time

import pytest

import kizuna

# Ten billion rows to count: far longer than any test waits.
ENDLESS = (
    "CREATE (:Marker) WITH 1 AS one "
    "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)"
)


def interrupted(db, interrupt):
    timer = threading.Timer(0.3, interrupt)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            db.execute(ENDLESS)
    finally:
        timer.cancel()
    return time.monotonic() - started


@pytest.mark.parametrize(
    "interrupt",
    [_thread.interrupt_main, lambda: os.kill(os.getpid(), signal.SIGINT)],
    ids=["interrupt_main", "SIGINT"],
)
def test_ctrl_c_cancels_a_running_statement(tmp_path, interrupt):
    with kizuna.open(tmp_path / "db") as db:
        took = interrupted(db, interrupt)
        assert took < 30
        assert db.execute("MATCH (m:Marker) RETURN count(m)").fetchall() == [(0,)]
        assert db.execute("RETURN 1").fetchall() == [(1,)]
    with kizuna.open(tmp_path / "db") as reopened:
        assert reopened.execute("MATCH (m:Marker) RETURN count(m)").fetchall() == [(0,)]


def test_other_threads_run_while_a_statement_waits(seeded):
    """The interpreter lock is released while a statement runs."""
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.01)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        with pytest.raises(kizuna.LimitExceededError):
            seeded.execute(ENDLESS, timeout=0.5)
    finally:
        stop.set()
        ticker.join()
    assert len(ticks) >= 10
