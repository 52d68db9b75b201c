"""A bad YAML file on disk at start-up: the bot starts on the last version that passed validation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.client import create_bot
from bot.kb.loader import KnowledgeError
from bot.lastgood import FOLDER
from bot.settings import PACKAGE_ROOT
from bot.testing import MANAGE_GUILD, Harness
from tests.conftest import FIXTURE_INTENTS, FIXTURE_KNOWLEDGE
from tests.discord.conftest import make_settings

BROKEN = "sessions:\n  - id: session-9\n    start: not a date\n"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    k, i = tmp_path / "knowledge", tmp_path / "intents"
    shutil.copytree(FIXTURE_KNOWLEDGE, k)
    shutil.copytree(FIXTURE_INTENTS, i)
    return k, i


def settings_for(tmp_path: Path, k: Path, i: Path):  # type: ignore[no-untyped-def]
    return make_settings(tmp_path, KNOWLEDGE_DIR=k, INTENTS_DIR=i)


async def test_a_bad_file_at_start_up_serves_the_last_good_version_and_says_why(
    tmp_path: Path, folders: tuple[Path, Path]
) -> None:
    k, i = folders
    good = create_bot(settings_for(tmp_path, k, i), sharded=False)
    version = good.engine.version
    assert (tmp_path / FOLDER / "knowledge" / "sessions.yaml").exists()  # kept next to the database

    (k / "sessions.yaml").write_text(BROKEN, encoding="utf-8")
    bot = create_bot(settings_for(tmp_path, k, i), sharded=False)
    assert bot.engine.version == version
    assert bot.engines.problems_on_disk and "sessions.yaml" in bot.engines.problems_on_disk[0]
    assert bot.engine.ask("where was the fourth session held").answered

    async with bot:
        await bot.setup_hook()
        (call,) = await Harness(bot).command("faqadmin", sub="stats", permissions=MANAGE_GUILD)
    fields = {f["name"]: f["value"] for f in call.data["embeds"][0]["fields"]}
    assert "sessions.yaml" in fields["Serving an older version"]


def test_without_any_good_version_the_bad_file_stops_the_start(tmp_path: Path, folders: tuple[Path, Path]) -> None:
    k, i = folders
    (k / "sessions.yaml").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(KnowledgeError):
        create_bot(settings_for(tmp_path, k, i), sharded=False)


def test_run_exits_non_zero_only_when_no_good_version_was_ever_seen(tmp_path: Path, folders: tuple[Path, Path]) -> None:
    k, i = folders
    (k / "sessions.yaml").write_text(BROKEN, encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DISCORD_TOKEN": "x" * 59,
        "KNOWLEDGE_DIR": str(k),
        "INTENTS_DIR": str(i),
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env, cwd=PACKAGE_ROOT, timeout=120
    )
    assert proc.returncode == 1
    assert "sessions.yaml" in proc.stderr and "Traceback" not in proc.stderr
