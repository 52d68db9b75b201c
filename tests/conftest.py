"""Shared fixtures: the bundled engine (built once) and writable copies of the bundled YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.kb.loader import Knowledge
from bot.settings import PACKAGE_ROOT

KNOWLEDGE = PACKAGE_ROOT / "knowledge"
INTENTS = PACKAGE_ROOT / "intents"


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
