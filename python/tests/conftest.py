"""Fixtures: seeded databases in memory and on disk, and the command-line binary built
from the same repository (for comparisons with its JSON output)."""

import os
import pathlib
import subprocess

import pytest

import kizuna

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def seeded():
    with kizuna.open() as db:
        db.seed()
        yield db


@pytest.fixture
def seeded_path(tmp_path):
    """A seeded database on disk, closed again."""
    path = tmp_path / "seeded.db"
    with kizuna.open(path) as db:
        db.seed()
    return path


@pytest.fixture(scope="module")
def cli():
    """The `kizuna` binary: $KIZUNA_BIN, else target/debug/kizuna, built when missing."""
    given = os.environ.get("KIZUNA_BIN")
    if given:
        return pathlib.Path(given)
    binary = REPO / "target" / "debug" / "kizuna"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--bin", "kizuna"], cwd=REPO, check=True)
    return binary


@pytest.fixture(scope="module")
def seed_counts(cli, tmp_path_factory):
    """(nodes, relationships) of the seed dataset, as `kizuna seed` loads it."""
    path = tmp_path_factory.mktemp("cli") / "seed.db"
    subprocess.run([cli, "--db", path, "seed"], check=True, capture_output=True)
    counts = subprocess.run(
        [cli, "--db", path, "--format", "csv", "-e",
         "MATCH (n) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r)"],
        check=True, capture_output=True, text=True,
    ).stdout
    nodes, relationships = counts.splitlines()[1].split(",")
    return int(nodes), int(relationships)
