"""Shared test fixtures: a throwaway database per test and a CLI runner."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))  # for tests/pgserver.py

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "idlib-2019-12-20.txt"


# Test folders whose tests run against both SQLite and PostgreSQL (issue 7's backend tests).
BOTH_BACKENDS = {"store", "resolve", "api", "export"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run `db_url` tests in the backend folders once per backend."""
    if "db_url" not in metafunc.fixturenames:
        return
    folder = Path(str(metafunc.definition.path)).parent.name
    backends = ["sqlite", "postgresql"] if folder in BOTH_BACKENDS else ["sqlite"]
    metafunc.parametrize("db_url", backends, indirect=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One throwaway PostgreSQL cluster for the whole run (skipped only outside CI if absent)."""
    import pgserver

    if pgserver.find_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing: `make test` should have installed them")
        pytest.skip("PostgreSQL binaries not installed (apt-get install postgresql)")
    server = pgserver.start()
    yield server
    server.stop()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database: a SQLite file, or a new PostgreSQL database."""
    if getattr(request, "param", "sqlite") == "postgresql":
        server = request.getfixturevalue("pg_server")
        return str(server.create_database(f"t_{uuid.uuid4().hex[:16]}"))
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def run_cli(db_url: str) -> Callable[..., object]:
    """Invoke the CLI in-process against the test database; returns the Click result."""
    from conflictwatch.cli import app

    runner = CliRunner()

    def invoke(*args: str) -> object:
        return runner.invoke(app, ["--db", db_url, *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seed is absent")
    return SEED.read_text(encoding="utf-8")
