"""`python -m bot migrate-store` moves a SQLite store into PostgreSQL whole, and can run again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.settings import PACKAGE_ROOT
from bot.store import Store
from bot.store.transfer import MoveRefused, move


async def filled_sqlite(path: Path) -> tuple[int, int]:
    async with await Store.open(path) as store:
        await store.add_channel(1, 10)
        await store.add_channel(2, 20)
        asked = await store.log_question(
            guild_id=1, channel_id=10, user_id=5, question="who chairs?", intent="bureau.chair",
            confidence=0.9, answered=True, mode="ask", question_id=store.new_question_id(),
        )  # fmt: skip
        await store.log_question(
            guild_id=1, channel_id=10, user_id=6, question="capital of Estonia?", intent=None,
            confidence=0.1, answered=False, mode="channel", ts=time.time() - 60,
        )  # fmt: skip
        await store.add_feedback(asked, 7, -1, None)
        return asked, int(store.hash_user(5), 16)


def migrate(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "migrate-store", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=PACKAGE_ROOT,
        timeout=120,
    )


async def test_migrate_store_copies_everything_and_is_safe_to_repeat(tmp_path: Path, pg_url: str) -> None:
    source = tmp_path / "bot.sqlite3"
    asked, user_hash = await filled_sqlite(source)
    env = {"DATABASE_PATH": str(source), "DATABASE_URL": pg_url}

    first = migrate([], env)
    assert first.returncode == 0, first.stderr
    assert "2 of 2 FAQ channel(s), 2 of 2 question(s), 1 of 1 vote(s) copied" in first.stdout
    again = migrate(["--from", str(source), "--to", pg_url], {})
    assert again.returncode == 0, again.stderr
    assert "0 of 2 FAQ channel(s), 0 of 2 question(s), 0 of 1 vote(s) copied" in again.stdout

    async with await Store.open(source) as old, await Store.open(pg_url) as new:
        assert await new.channels(1) == [10] and await new.channels(2) == [20]
        assert await new.stats() == await old.stats()
        assert await new.unanswered() == await old.unanswered()
        assert await new.downvoted() == await old.downvoted()
        assert int(new.hash_user(5), 16) == user_hash  # one user, one hash, before and after
        later = await new.log_question(
            guild_id=1, channel_id=10, user_id=5, question="q", intent=None, confidence=0.1, answered=False,
            mode="ask",
        )  # fmt: skip
        assert later != asked and (await new.stats()).asked == 3


async def test_a_target_with_questions_of_its_own_is_refused(tmp_path: Path, pg_url: str) -> None:
    await filled_sqlite(tmp_path / "bot.sqlite3")
    async with await Store.open(pg_url) as target:
        await target.log_question(
            guild_id=1, channel_id=2, user_id=3, question="q", intent=None, confidence=0.1, answered=False, mode="ask"
        )
        async with await Store.open(tmp_path / "bot.sqlite3") as source:
            with pytest.raises(MoveRefused):
                await move(source, target)
        assert (await target.stats()).asked == 1


def test_migrate_store_needs_a_target(tmp_path: Path) -> None:
    proc = migrate([], {"DATABASE_PATH": str(tmp_path / "none.sqlite3"), "DATABASE_URL": ""})
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: say where to: --to postgresql://… or DATABASE_URL"


def test_an_unreachable_database_is_one_line_without_the_password(tmp_path: Path) -> None:
    source = tmp_path / "bot.sqlite3"
    source.write_bytes(b"")
    url = f"postgresql://faq:hunter2@/nowhere?host={tmp_path}&port=1"
    proc = migrate(["--from", str(source), "--to", url], {})
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: cannot connect to postgresql://faq:***@/nowhere")
    assert "hunter2" not in proc.stderr and "Traceback" not in proc.stderr
