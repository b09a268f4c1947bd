"""Conversions of results into other libraries' types, built only on what the extension
returns (rows, entity dicts, DOT text). pandas, networkx and Graphviz are looked up when
first needed, so none of them is required to use kizuna."""

from __future__ import annotations

import html
import importlib
import shutil
import subprocess
from typing import Any, Iterable, Optional

# Rows shown in a notebook's table of a result.
HTML_ROWS = 50


def _require(module: str, purpose: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as missing:
        raise ImportError(f"{purpose} needs {module}: pip install {module}") from missing


def result_to_pandas(result: Any) -> Any:
    pandas = _require("pandas", "Result.to_pandas()")
    return pandas.DataFrame(result._column_lists(), columns=result.columns)


def _networkx(nodes: Iterable[dict], relationships: Iterable[dict], purpose: str) -> Any:
    networkx = _require("networkx", purpose)
    graph = networkx.MultiDiGraph()
    for node in nodes:
        graph.add_node(node["id"], **node["properties"], labels=node["labels"])
    for rel in relationships:
        graph.add_edge(rel["start"], rel["end"], key=rel["id"], **rel["properties"], type=rel["type"])
    return graph


def result_to_networkx(result: Any) -> Any:
    nodes, relationships = result._entities()
    return _networkx(nodes, relationships, "Result.to_networkx()")


def graph_to_networkx(database: Any) -> Any:
    nodes, relationships = database._entities()
    return _networkx(nodes, relationships, "Database.graph()")


def result_svg(result: Any) -> Optional[str]:
    """The result's diagram, rendered by Graphviz; None without anything to draw or
    without Graphviz."""
    dot = result._dot()
    if dot is None or shutil.which("dot") is None:
        return None
    rendered = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True)
    if rendered.returncode != 0:
        return None
    return rendered.stdout.decode()


def result_html(result: Any) -> Optional[str]:
    """A table of the first rows; None when the result has a diagram to show instead."""
    if result._dot() is not None and shutil.which("dot") is not None:
        return None
    head = "".join(f"<th>{html.escape(column)}</th>" for column in result.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
        for row in result._display_rows(HTML_ROWS)
    )
    rows = len(result)
    more = f"<p>… and {rows - HTML_ROWS} more rows</p>" if rows > HTML_ROWS else ""
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"
        f"<p>{rows} row{'' if rows == 1 else 's'}</p>"
    )
