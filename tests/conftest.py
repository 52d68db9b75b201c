"""Shared fixtures: the bundled engine (built once), writable copies of the bundled YAML, and the
frozen fixture knowledge (tests/fixtures/) that tests of code use so that they never pin live facts."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.kb.loader import Knowledge
from bot.pgtemp import NoServer, TempPostgres
from bot.settings import PACKAGE_ROOT

KNOWLEDGE = PACKAGE_ROOT / "knowledge"
INTENTS = PACKAGE_ROOT / "intents"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_KNOWLEDGE = FIXTURES / "knowledge"
FIXTURE_INTENTS = FIXTURES / "intents"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.from_dirs(KNOWLEDGE, INTENTS)


@pytest.fixture(scope="session")
def kb(engine: Engine) -> Knowledge:
    return engine.kb


@pytest.fixture
def data_copy(tmp_path: Path) -> tuple[Path, Path]:
    """Writable copies of knowledge/ and intents/ for seeding faults."""
    k = tmp_path / "knowledge"
    i = tmp_path / "intents"
    shutil.copytree(KNOWLEDGE, k)
    shutil.copytree(INTENTS, i)
    return k, i


@pytest.fixture(scope="session")
def fixture_engine() -> Engine:
    """An engine over the frozen fixture knowledge: its facts never change."""
    return Engine.from_dirs(FIXTURE_KNOWLEDGE, FIXTURE_INTENTS)


@pytest.fixture
def fixture_copy(tmp_path: Path) -> tuple[Path, Path]:
    """Writable copies of the frozen fixture knowledge and intents, for seeding faults."""
    k = tmp_path / "knowledge"
    i = tmp_path / "intents"
    shutil.copytree(FIXTURE_KNOWLEDGE, k)
    shutil.copytree(FIXTURE_INTENTS, i)
    return k, i


_databases = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TempPostgres]:
    """One throwaway PostgreSQL server for the whole run (skipped where the server is not installed)."""
    try:
        server = TempPostgres()
    except NoServer as exc:
        pytest.skip(str(exc))
    with server:
        yield server


@pytest.fixture
def pg_url(pg_server: TempPostgres) -> str:
    """A fresh, empty database on the test server."""
    return pg_server.create(f"test_{next(_databases)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store opens: a SQLite file, or a fresh PostgreSQL database; tests run on both."""
    if request.param == "sqlite":
        return str(tmp_path / "s.sqlite3")
    url: str = request.getfixturevalue("pg_url")
    return url
