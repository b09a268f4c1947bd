"""kizuna (絆): an embedded graph database of institutional relationships, queried in
openCypher.

>>> import kizuna
>>> with kizuna.open() as db:           # in memory; kizuna.open("my.db") for a directory
...     _ = db.seed()
...     db.execute("MATCH (h:Hospital {country: $c}) RETURN count(h) AS n", {"c": "JP"}).fetchall()
[(8,)]

The Rust library does every query; this package converts values in and out. Rows come
back as tuples of Python values; nodes, relationships and paths are dicts shaped as the
command line's JSON output shapes them (``{"id", "labels", "properties"}``,
``{"id", "type", "start", "end", "properties"}``, ``{"nodes", "relationships"}``).
"""

from __future__ import annotations

import os
from typing import Optional, Union

from ._kizuna import CheckReport, Database, Result, __version__
from . import errors
from .errors import (
    CorruptDatabaseError,
    DatabaseClosedError,
    DatabaseError,
    DatabaseInUseError,
    DataError,
    Error,
    LimitExceededError,
    OutputError,
    QueryError,
    ReadOnlyError,
)

__all__ = [
    "open",
    "Database",
    "Result",
    "CheckReport",
    "__version__",
] + errors.__all__


def open(path: Optional[Union[str, "os.PathLike[str]"]] = None, read_only: bool = False) -> Database:
    """Opens the database in the directory ``path``, creating it when missing.

    Without ``path``, the database lives in memory only and is gone once closed. A
    database is held by one process at a time: opening one that another process (or
    another open ``Database`` here) holds raises :class:`DatabaseInUseError`.
    ``read_only=True`` refuses every write with :class:`ReadOnlyError`. Use it as a
    context manager, or call ``close()``.
    """
    return Database(path, read_only)
