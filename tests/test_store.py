"""SQLite state: WAL, idempotent migrations, salted user hashes, privacy switch, purge, crash safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import aiosqlite

from bot.settings import PACKAGE_ROOT
from bot.store import MIGRATIONS, Store, migrate


async def test_wal_mode_and_busy_timeout(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "s.sqlite3") as store:
        async with store._db.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"  # type: ignore[index]
        async with store._db.execute("PRAGMA busy_timeout") as cur:
            assert (await cur.fetchone())[0] >= 1000  # type: ignore[index]


async def test_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    async with await Store.open(path) as store:
        await store.add_channel(1, 2)
    async with aiosqlite.connect(path, isolation_level=None) as db:
        assert await migrate(db) == len(MIGRATIONS)
        assert await migrate(db) == len(MIGRATIONS)
        async with db.execute("PRAGMA user_version") as cur:
            assert (await cur.fetchone())[0] == len(MIGRATIONS)  # type: ignore[index]
    async with await Store.open(path) as store:
        assert await store.channels(1) == [2]


async def test_user_ids_are_salted_hashes(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "a.sqlite3") as a, await Store.open(tmp_path / "b.sqlite3") as b:
        await a.log_question(
            guild_id=1,
            channel_id=2,
            user_id=123456789,
            question="q",
            intent=None,
            confidence=0.1,
            answered=False,
            mode="ask",
        )
        assert a.hash_user(123456789) != b.hash_user(123456789)
        assert "123456789" not in a.hash_user(123456789)
    raw = sqlite3.connect(tmp_path / "a.sqlite3").execute("SELECT user_hash FROM questions").fetchall()
    assert raw and all("123456789" not in str(row) for row in raw)


async def test_log_questions_false_stores_no_text(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "s.sqlite3", log_questions=False) as store:
        await store.log_question(
            guild_id=1,
            channel_id=2,
            user_id=3,
            question="secret question",
            intent="x",
            confidence=0.9,
            answered=True,
            mode="ask",
        )
        stats = await store.stats()
        assert (stats.asked, stats.answered) == (1, 1)
    dump = "\n".join(sqlite3.connect(tmp_path / "s.sqlite3").iterdump())
    assert "secret question" not in dump


async def test_feedback_counts_once_per_user_and_purge_removes_old_rows(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "s.sqlite3") as store:
        old = await store.log_question(
            guild_id=1,
            channel_id=2,
            user_id=3,
            question="old",
            intent=None,
            confidence=0.1,
            answered=False,
            mode="ask",
            ts=time.time() - 40 * 86400,
        )
        new = await store.log_question(
            guild_id=1, channel_id=2, user_id=3, question="new", intent="i", confidence=0.9, answered=True, mode="ask"
        )
        await store.add_feedback(new, 7, 1, None)
        await store.add_feedback(new, 7, -1, None)  # changed their mind: one vote
        stats = await store.stats(1)
        assert (stats.thumbs_up, stats.thumbs_down) == (0, 1)
        assert [q.question for q in await store.downvoted()] == ["new"]
        assert await store.purge(30) == 1
        assert [q.id for q in await store.unanswered()] == []
        assert old != new


def test_purge_cli(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_PATH": str(tmp_path / "s.sqlite3")}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "purge", "--older-than", "30"],
        capture_output=True,
        text=True,
        env=env,
        cwd=PACKAGE_ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "deleted 0 row(s)" in proc.stdout


WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from bot.store import Store

    async def main():
        store = await Store.open(sys.argv[1])
        i = 0
        while True:
            qid = await store.log_question(guild_id=1, channel_id=2, user_id=i, question=f"q{i}" * 50,
                                           intent=None, confidence=0.5, answered=False, mode="ask")
            print(qid, flush=True)  # printed only after COMMIT returned
            i += 1

    asyncio.run(main())
    """
)


def test_sigkill_during_writes_keeps_every_committed_row(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True, cwd=PACKAGE_ROOT
    )
    committed: list[int] = []
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while len(committed) < 300 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip():
            committed.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(committed) >= 300
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {row[0] for row in con.execute("SELECT id FROM questions")}
    assert set(committed) <= ids


async def test_concurrent_writes_do_not_interleave_transactions(tmp_path: Path) -> None:
    import asyncio

    async with await Store.open(tmp_path / "s.sqlite3") as store:
        await asyncio.gather(
            *[
                store.log_question(
                    guild_id=1,
                    channel_id=2,
                    user_id=n,
                    question=f"q{n}",
                    intent=None,
                    confidence=0.1,
                    answered=False,
                    mode="ask",
                    question_id=store.new_question_id(),
                )
                for n in range(200)
            ]
        )
        assert (await store.stats()).asked == 200


async def test_faq_channel_cache_follows_add_and_remove(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "s.sqlite3") as store:
        assert await store.channels(1) == []
        assert await store.add_channel(1, 5)
        assert not await store.add_channel(1, 5)
        assert await store.channels(1) == [5]
        assert await store.remove_channel(1, 5)
        assert await store.channels(1) == []
