"""The store, on SQLite and on a real PostgreSQL server: the same behaviour from the same tests.

Migrations are idempotent, user ids are salted hashes, the privacy switch stores no text, votes
count once, purge removes old rows, concurrent writes all land, and the FAQ channel cache follows
writes, including writes made through another connection (another process).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import aiosqlite
import asyncpg
import pytest
from pydantic import ValidationError

from bot.settings import PACKAGE_ROOT, Settings
from bot.store import Store, database_name, open_store, postgres, sqlite
from bot.store.sql import POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS


async def log(store: Store, question: str = "q", *, user_id: int = 3, answered: bool = False, **kw: object) -> int:
    return await store.log_question(
        guild_id=kw.pop("guild_id", 1),  # type: ignore[arg-type]
        channel_id=2,
        user_id=user_id,
        question=question,
        intent="i" if answered else None,
        confidence=0.9 if answered else 0.1,
        answered=answered,
        mode="ask",
        **kw,  # type: ignore[arg-type]
    )


async def raw_rows(target: str, query: str) -> list[tuple[object, ...]]:
    """Rows read around the store, as an operator with a SQL shell would see them."""
    if target.startswith("postgresql://"):
        con = await asyncpg.connect(target)
        try:
            return [tuple(r) for r in await con.fetch(query)]
        finally:
            await con.close()
    async with aiosqlite.connect(target) as db, db.execute(query) as cur:
        return [tuple(r) for r in await cur.fetchall()]


def test_both_backends_have_the_same_migrations() -> None:
    assert len(SQLITE_MIGRATIONS) == len(POSTGRES_MIGRATIONS) >= 2


async def test_the_backend_follows_the_target(store_target: str) -> None:
    async with await Store.open(store_target) as store:
        assert store.backend == ("postgresql" if store_target.startswith("postgresql://") else "sqlite")


async def test_migrations_are_idempotent(store_target: str) -> None:
    async with await Store.open(store_target) as store:
        await store.add_channel(1, 2)
    if store_target.startswith("postgresql://"):
        con = await asyncpg.connect(store_target)
        try:
            assert await postgres.migrate(con) == len(POSTGRES_MIGRATIONS)
            assert await postgres.migrate(con) == len(POSTGRES_MIGRATIONS)
            assert await postgres.schema_version(con) == len(POSTGRES_MIGRATIONS)
        finally:
            await con.close()
    else:
        async with aiosqlite.connect(store_target, isolation_level=None) as db:
            assert await sqlite.migrate(db) == len(SQLITE_MIGRATIONS)
            assert await sqlite.migrate(db) == len(SQLITE_MIGRATIONS)
            assert await sqlite.schema_version(db) == len(SQLITE_MIGRATIONS)
    async with await Store.open(store_target) as store:
        assert await store.channels(1) == [2]


async def test_processes_starting_together_migrate_once(pg_url: str) -> None:
    stores = await asyncio.gather(*[Store.open(pg_url) for _ in range(4)])
    try:
        assert len({s.salt for s in stores}) == 1  # one salt, so every process hashes a user alike
    finally:
        for s in stores:
            await s.close()
    assert await raw_rows(pg_url, "SELECT version FROM schema_version ORDER BY version") == [(1,), (2,)]


async def test_user_ids_are_salted_hashes(store_target: str, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    async with await Store.open(store_target) as a, await Store.open(other) as b:
        await log(a, user_id=123456789)
        assert a.hash_user(123456789) != b.hash_user(123456789)
        assert "123456789" not in a.hash_user(123456789)
    rows = await raw_rows(store_target, "SELECT user_hash FROM questions")
    assert rows and all("123456789" not in str(row) for row in rows)


async def test_log_questions_false_stores_no_text(store_target: str) -> None:
    async with await Store.open(store_target, log_questions=False) as store:
        await log(store, "secret question", answered=True)
        stats = await store.stats()
        assert (stats.asked, stats.answered) == (1, 1)
    assert await raw_rows(store_target, "SELECT question FROM questions") == [(None,)]


async def test_feedback_counts_once_per_user_and_purge_removes_old_rows(store_target: str) -> None:
    async with await Store.open(store_target) as store:
        old = await log(store, "old", ts=time.time() - 40 * 86400)
        new = await log(store, "new", answered=True)
        await store.add_feedback(new, 7, 1, None)
        await store.add_feedback(new, 7, -1, None)  # changed their mind: one vote
        stats = await store.stats(1)
        assert (stats.thumbs_up, stats.thumbs_down) == (0, 1)
        assert (await store.stats(99)).asked == 0
        assert [q.question for q in await store.downvoted()] == ["new"]
        assert [q.question for q in await store.unanswered()] == ["old"]
        assert await store.purge(30) == 1
        assert [q.id for q in await store.unanswered()] == []
        assert old != new


async def test_a_question_id_chosen_before_logging_is_kept(store_target: str) -> None:
    async with await Store.open(store_target) as store:
        qid = store.new_question_id()
        assert await log(store, question_id=qid) == qid
        assert [q.id for q in await store.unanswered()] == [qid]
        assert await log(store) not in (0, qid)  # the database picks one when none is given


async def test_concurrent_writes_all_land(store_target: str) -> None:
    async with await Store.open(store_target) as store:
        await asyncio.gather(*[log(store, f"q{n}", user_id=n, question_id=store.new_question_id()) for n in range(200)])
        assert (await store.stats()).asked == 200


async def test_faq_channel_cache_follows_add_and_remove(store_target: str) -> None:
    async with await Store.open(store_target) as store:
        assert await store.channels(1) == []
        assert await store.add_channel(1, 5)
        assert not await store.add_channel(1, 5)
        assert await store.channels(1) == [5]
        assert await store.remove_channel(1, 5)
        assert await store.channels(1) == []


async def test_a_channel_added_by_another_process_is_seen(pg_url: str) -> None:
    async with await Store.open(pg_url) as mine, await Store.open(pg_url) as theirs:
        assert await mine.channels(1) == []  # now cached here
        await theirs.add_channel(1, 5)
        for _ in range(500):  # the notification arrives within moments
            if await mine.channels(1) == [5]:
                break
            await asyncio.sleep(0.01)
        assert await mine.channels(1) == [5]


async def test_notifications_reach_every_listener(store_target: str) -> None:
    async with await Store.open(store_target) as store:
        got: list[str] = []
        arrived = asyncio.Event()

        def hear(payload: str) -> None:
            got.append(payload)
            arrived.set()

        await store.listen("faqbot_test", hear)
        await store.notify("faqbot_test", "hello")
        await asyncio.wait_for(arrived.wait(), 10)
        assert got == ["hello"]


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


async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "s.sqlite3"):
        pass
    async with aiosqlite.connect(tmp_path / "s.sqlite3") as db, db.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"  # type: ignore[index]
    assert sqlite.BUSY_TIMEOUT_MS >= 1000


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


def test_sigkill_during_writes_keeps_every_committed_row(store_target: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, store_target], stdout=subprocess.PIPE, text=True, cwd=PACKAGE_ROOT
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
    if not store_target.startswith("postgresql://"):
        assert sqlite3.connect(store_target).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = {row[0] for row in asyncio.run(raw_rows(store_target, "SELECT id FROM questions"))}
    assert set(committed) <= ids


async def test_settings_choose_the_backend(tmp_path: Path, pg_url: str) -> None:
    embedded = Settings(DATABASE_PATH=tmp_path / "a.sqlite3")  # type: ignore[call-arg]
    async with await open_store(embedded) as store:
        assert store.backend == "sqlite"
    assert (tmp_path / "a.sqlite3").exists()
    shared = Settings(DATABASE_PATH=tmp_path / "b.sqlite3", DATABASE_URL=pg_url)  # type: ignore[call-arg]
    async with await open_store(shared) as store:
        assert store.backend == "postgresql"
    assert not (tmp_path / "b.sqlite3").exists()


def test_database_url_must_be_postgresql_and_stays_secret() -> None:
    with pytest.raises(ValidationError, match="postgresql://"):
        Settings(DATABASE_URL="mysql://faq:pw@db/faq")  # type: ignore[call-arg]
    settings = Settings(DATABASE_URL="postgresql://faq:hunter2@db/faq")  # type: ignore[call-arg]
    assert "hunter2" not in repr(settings) and "hunter2" not in database_name(settings)
    assert database_name(settings) == "postgresql://faq:***@db/faq"


async def test_notifications_resume_after_the_listening_connection_is_lost(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.store.postgres")
    async with await Store.open(pg_url) as store, await Store.open(pg_url) as other:
        got: asyncio.Queue[str] = asyncio.Queue()
        await store.listen("faqbot_test", got.put_nowait)
        listening = await raw_rows(pg_url, "SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN \"faqbot_test%'")
        assert len(listening) == 1
        await raw_rows(pg_url, f"SELECT pg_terminate_backend({listening[0][0]})")  # as a server restart would
        for _ in range(500):
            await other.notify("faqbot_test", "after")
            try:
                assert await asyncio.wait_for(got.get(), 0.05) == "after"
                break
            except TimeoutError:
                continue
        else:
            raise AssertionError("no notification after the connection was lost")
        assert any("notification connection back" in r.getMessage() for r in caplog.records)
