"""Type stubs of the extension module; ``kizuna`` re-exports its classes."""

import datetime
import os
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

PathLike = Union[str, "os.PathLike[str]"]
#: A value a parameter may take, and a value a row may hold.
Value = Union[
    None,
    bool,
    int,
    float,
    str,
    List[Any],
    Dict[str, Any],
    datetime.date,
    datetime.time,
    datetime.datetime,
    datetime.timedelta,
]

__version__: str

class Database:
    """An open kizuna database. Create one with ``kizuna.open()``."""

    def __init__(self, path: Optional[PathLike] = None, read_only: bool = False) -> None: ...
    @property
    def path(self) -> Optional[os.PathLike[str]]:
        """Where the database lives, or None for an in-memory database."""
    @property
    def read_only(self) -> bool: ...
    @property
    def closed(self) -> bool: ...
    def execute(
        self,
        query: str,
        params: Optional[Dict[str, Value]] = None,
        *,
        timeout: Optional[float] = None,
        max_rows: Optional[int] = None,
        max_depth: Optional[int] = None,
        max_memory: Optional[int] = None,
    ) -> Result:
        """Runs one openCypher statement. ``$name`` in the query is ``params["name"]``.

        ``timeout`` (seconds), ``max_rows``, ``max_depth`` (relationships deep in a
        variable-length pattern, default 100) and ``max_memory`` (bytes held in rows,
        lists and strings) end the statement with LimitExceededError.
        Ctrl-C cancels it with KeyboardInterrupt. Either way nothing of it remains.
        """
    def define_procedure(
        self, signature: str, rows: Optional[Sequence[Sequence[Value]]] = None
    ) -> None:
        """Defines a read-only procedure answered from a table while this Database is open.

        ``signature`` is ``name(arg :: TYPE, ...) :: (out :: TYPE, ...)``; each row lists the
        arguments, then the outputs; ``CALL name(args)`` yields the outputs of the rows
        whose arguments equal the call's, in table order.
        """
    def seed(self) -> Dict[str, int]:
        """Loads the built-in seed dataset; returns what it wrote (nothing the second time)."""
    def import_csv(
        self, nodes: Sequence[PathLike], edges: Sequence[PathLike] = ...
    ) -> Dict[str, int]:
        """Imports neo4j-admin CSV files, all or nothing; returns the counts imported."""
    def export(self, path: PathLike, format: str = "json") -> Dict[str, Any]:
        """Writes the whole graph as csv (a directory), cypher, graphml or json."""
    def check(self) -> CheckReport:
        """Reads every record and reports what is wrong, as ``kizuna check`` does."""
    def close(self) -> None:
        """Closes the database and releases it; closing twice is harmless."""
    def dot(
        self,
        query: Optional[str] = None,
        params: Optional[Dict[str, Value]] = None,
        *,
        cluster_by: Optional[str] = None,
        layout: Optional[str] = None,
        edge_labels: Optional[str] = None,
        font: Optional[str] = None,
        legend: bool = True,
    ) -> str:
        """DOT text of the whole graph, or of what ``query`` returns, as ``kizuna dot``
        writes it. ``cluster_by="country"`` boxes institutions by country; ``layout`` is a
        Graphviz engine; ``edge_labels`` is ``"date,topic"``-style keys or ``"none"``."""
    def graph(self) -> Any:
        """The whole database as a networkx MultiDiGraph."""
    def _entities(self) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]: ...
    def __enter__(self) -> Database: ...
    def __exit__(self, *exc: object) -> bool: ...

class Result:
    """What a statement returned. Iterating gives rows as tuples."""

    @property
    def columns(self) -> List[str]: ...
    @property
    def stats(self) -> Dict[str, int]:
        """nodes_created, nodes_deleted, relationships_created, relationships_deleted,
        properties_set, labels_added, labels_removed."""
    @property
    def warnings(self) -> List[str]: ...
    @property
    def elapsed(self) -> float:
        """Seconds the statement took."""
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> Tuple[Value, ...]: ...
    def __iter__(self) -> Iterator[Tuple[Value, ...]]: ...
    def fetchall(self) -> List[Tuple[Value, ...]]: ...
    def to_dicts(self) -> List[Dict[str, Value]]: ...
    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, one column per result column."""
    def to_networkx(self) -> Any:
        """The nodes and relationships the rows refer to as a networkx MultiDiGraph."""
    def _column_lists(self) -> Dict[str, List[Value]]: ...
    def _entities(self) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]: ...
    def _display_rows(self, limit: int) -> List[List[str]]: ...
    def _dot(self) -> Optional[str]: ...
    def _repr_html_(self) -> Optional[str]: ...
    def _repr_svg_(self) -> Optional[str]: ...

class CheckReport:
    """What ``Database.check()`` found; ``str()`` gives the text of ``kizuna check``."""

    ok: bool
    nodes: int
    relationships: int
    problems: List[str]
    text: str
