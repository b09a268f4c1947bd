"""Errors as exceptions: the hierarchy, positions with carets, and the database errors."""

import os
import subprocess
import sys
import textwrap

import pytest

import kizuna


def test_the_hierarchy():
    assert issubclass(kizuna.QueryError, kizuna.Error)
    assert issubclass(kizuna.LimitExceededError, kizuna.QueryError)
    for database_error in (kizuna.DatabaseInUseError, kizuna.CorruptDatabaseError):
        assert issubclass(database_error, kizuna.DatabaseError)
    for other in (kizuna.ReadOnlyError, kizuna.DataError, kizuna.OutputError, kizuna.DatabaseError):
        assert issubclass(other, kizuna.Error) and not issubclass(other, kizuna.QueryError)


def test_a_syntax_error_says_where_with_a_caret():
    query = "MATCH (n RETURN n"
    with kizuna.open() as db:
        with pytest.raises(kizuna.QueryError) as caught:
            db.execute(query)
    error = caught.value
    assert (error.line, error.column, error.offset) == (1, 10, 9)
    assert (error.kind, error.code, error.phase) == ("SyntaxError", "UnexpectedSyntax", "compile")
    assert error.query == query and "expected" in error.message
    assert error.caret == "  MATCH (n RETURN n\n           ^"
    assert str(error).startswith("SyntaxError at 1:10: ") and str(error).endswith(error.caret)


def test_positions_count_characters_on_later_lines():
    query = "MATCH (h {name: '亀田総合病院'})\nRETURN h.name +"
    with kizuna.open() as db:
        with pytest.raises(kizuna.QueryError) as caught:
            db.execute(query)
    error = caught.value
    assert error.line == 2
    assert query[error.offset:].startswith(query.splitlines()[1][error.column - 1:])


def test_a_semantic_error_names_the_variable():
    with kizuna.open() as db:
        with pytest.raises(kizuna.QueryError) as caught:
            db.execute("MATCH (a) RETURN b")
    error = caught.value
    assert error.code == "UndefinedVariable" and (error.line, error.column) == (1, 18)


def test_a_runtime_error_leaves_nothing(seeded):
    with pytest.raises(kizuna.QueryError) as caught:
        seeded.execute("CREATE (:Probe) WITH 1 AS one RETURN 1 / 0")
    assert caught.value.phase == "runtime"
    assert seeded.execute("MATCH (p:Probe) RETURN count(p)").fetchall() == [(0,)]


def test_a_timeout(seeded):
    with pytest.raises(kizuna.LimitExceededError) as caught:
        seeded.execute("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)", timeout=0.2)
    assert caught.value.kind == "LimitExceeded"


def test_a_second_open_in_this_process_is_in_use(tmp_path):
    with kizuna.open(tmp_path / "db"):
        with pytest.raises(kizuna.DatabaseInUseError, match="already open in this process"):
            kizuna.open(tmp_path / "db")


def test_a_database_held_by_another_process_is_in_use(tmp_path):
    path = tmp_path / "db"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, kizuna
            db = kizuna.open({str(path)!r})
            print("open", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(kizuna.DatabaseInUseError, match=f"pid {holder.pid}"):
            kizuna.open(path)
    finally:
        holder.stdin.close()
        holder.wait()
    with kizuna.open(path):
        pass


def test_a_directory_that_is_not_a_database(tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("not a database")
    with pytest.raises(kizuna.CorruptDatabaseError):
        kizuna.open(tmp_path / "junk")


def test_a_damaged_database(seeded_path):
    data = seeded_path / "db"
    size = os.path.getsize(data)
    with open(data, "r+b") as file:
        file.write(b"\xff" * min(size, 4096))
    try:
        with kizuna.open(seeded_path) as db:
            # sled recovered whole batches: whatever opened is consistent.
            assert db.check().ok
    except kizuna.DatabaseError as error:
        assert str(error)


def test_bad_import_data_names_file_and_line(tmp_path):
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("id:ID,:LABEL,founded:int\n1,Hospital,1990\n2,Hospital,soon\n")
    with kizuna.open() as db:
        with pytest.raises(kizuna.DataError) as caught:
            db.import_csv(nodes=[nodes])
        assert caught.value.line == 3 and caught.value.file == nodes
        assert db.execute("MATCH (n) RETURN count(n)").fetchall() == [(0,)]
        with pytest.raises(kizuna.DataError):
            db.import_csv(nodes=[tmp_path / "missing.csv"])


def test_an_export_that_cannot_write(seeded, tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(kizuna.OutputError):
        seeded.export(tmp_path / "file", format="csv")
