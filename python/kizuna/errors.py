"""The exceptions kizuna raises.

Every one is a :class:`kizuna.Error`. They follow the command line's exit statuses:
errors in a query, a script or input data (status 1) are :class:`QueryError`,
:class:`ReadOnlyError`, :class:`DataError` and :class:`OutputError`; a database that
cannot be opened or written (status 3) is a :class:`DatabaseError`.
"""

from __future__ import annotations

import os
from typing import Optional

__all__ = [
    "Error",
    "QueryError",
    "LimitExceededError",
    "ReadOnlyError",
    "DataError",
    "OutputError",
    "DatabaseError",
    "DatabaseInUseError",
    "CorruptDatabaseError",
    "DatabaseClosedError",
]


class Error(Exception):
    """Base class of every kizuna exception."""


class QueryError(Error):
    """A statement failed: syntax, semantics, types, a missing parameter.

    Nothing the statement did remains. ``str(error)`` is the message followed by the
    offending line with a caret under the spot. Attributes:

    - ``message``: the sentence alone;
    - ``kind``: the openCypher class (``SyntaxError``, ``TypeError``, ``ParameterMissing``…);
    - ``code``: the detail code (``UndefinedVariable``, ``UnexpectedSyntax``…);
    - ``phase``: ``"compile"`` or ``"runtime"``;
    - ``line``, ``column``: 1-based position in the query (None when unknown);
    - ``offset``: 0-based character index of that position in the query;
    - ``query``: the statement's text; ``caret``: the line and the caret under it.
    """

    def __init__(
        self,
        text: str,
        *,
        message: Optional[str] = None,
        kind: Optional[str] = None,
        code: Optional[str] = None,
        phase: Optional[str] = None,
        query: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        offset: Optional[int] = None,
        caret: Optional[str] = None,
    ) -> None:
        super().__init__(text)
        self.message = message if message is not None else text
        self.kind = kind
        self.code = code
        self.phase = phase
        self.query = query
        self.line = line
        self.column = column
        self.offset = offset
        self.caret = caret


class LimitExceededError(QueryError):
    """A statement reached its ``timeout``, ``max_rows`` or ``max_depth``; nothing of
    it remains."""


class ReadOnlyError(Error):
    """A write (a writing statement, ``seed``, ``import_csv``) on a database opened with
    ``read_only=True``; nothing was changed."""

    def __init__(self, text: str, **_position: object) -> None:
        super().__init__(text)


class DataError(Error):
    """An import's input is wrong or unreadable; nothing was imported. ``file`` and
    ``line`` say where (a ``pathlib.Path`` and a 1-based line), when the fault is in a
    record."""

    def __init__(self, text: str, *, file: Optional["os.PathLike[str]"] = None, line: Optional[int] = None) -> None:
        super().__init__(text)
        self.file = file
        self.line = line


class OutputError(Error):
    """An export could not write its file or directory."""


class DatabaseError(Error):
    """The database could not be opened or written: missing, a newer format, no
    permission, a storage failure."""


class DatabaseInUseError(DatabaseError):
    """Another process (or another open database in this one) holds the database: one
    process per database, readers included."""


class CorruptDatabaseError(DatabaseError):
    """The path is not a kizuna database, or a record in it is damaged."""


class DatabaseClosedError(Error):
    """The database was used after ``close()``."""
