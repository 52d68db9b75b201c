"""SQLite state (the embedded default, one process): WAL mode with a busy timeout, every write one
transaction, migrations versioned through PRAGMA user_version."""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import aiosqlite

from bot.store import sql
from bot.store.base import (
    Listener,
    LoggedQuestion,
    ProcessRecord,
    Rows,
    Stats,
    Store,
    fire,
)

BUSY_TIMEOUT_MS = 5000
MIGRATIONS = sql.SQLITE_MIGRATIONS


class SqliteStore(Store):
    backend = "sqlite"

    def __init__(self, db: aiosqlite.Connection, salt: str, log_questions: bool) -> None:
        super().__init__(salt, log_questions)
        self._db = db
        self._write_lock = asyncio.Lock()  # one connection: transactions must not interleave
        self._listeners: dict[str, list[Listener]] = {}

    @classmethod
    async def connect(cls, path: Path | str, *, log_questions: bool = True) -> SqliteStore:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = NORMAL")
            await db.execute("PRAGMA foreign_keys = ON")
            await migrate(db)
            salt = await _salt(db)
        except BaseException:
            await db.close()
            raise
        return cls(db, salt, log_questions)

    async def close(self) -> None:
        await self._db.close()

    async def _rows(self, query: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        async with self._db.execute(query, args) as cur:
            return [tuple(r) for r in await cur.fetchall()]

    # --- guild settings ---------------------------------------------------------------------

    async def add_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._tx() as db:
            cur = await db.execute(sql.ADD_CHANNEL, (guild_id, channel_id))
        self.forget_channels(guild_id)
        return cur.rowcount > 0

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._tx() as db:
            cur = await db.execute(sql.REMOVE_CHANNEL, (guild_id, channel_id))
        self.forget_channels(guild_id)
        return cur.rowcount > 0

    async def _read_channels(self, guild_id: int) -> list[int]:
        return [int(r[0]) for r in await self._rows(sql.READ_CHANNELS, (guild_id,))]

    # --- question log and feedback --------------------------------------------------------------

    async def _insert_question(self, question_id: int | None, row: tuple[Any, ...]) -> int:
        async with self._tx() as db:
            cur = await db.execute(sql.LOG_QUESTION, (question_id, *row))
            return int(cur.lastrowid or 0)

    async def _insert_feedback(self, row: tuple[Any, ...]) -> bool:
        async with self._tx() as db:
            cur = await db.execute(sql.ADD_FEEDBACK, row)
            return cur.rowcount > 0

    async def stats(self, guild_id: int | None = None) -> Stats:
        where, args = (" WHERE guild_id = ?", (guild_id,)) if guild_id is not None else ("", ())
        ((asked, answered),) = await self._rows(sql.ASKED + where, args)
        fwhere = " WHERE q.guild_id = ?" if guild_id is not None else ""
        ((up, down),) = await self._rows(sql.VOTES + fwhere, args)
        return Stats(int(asked), int(answered), int(asked) - int(answered), int(up), int(down))

    async def unanswered(self, limit: int = 500) -> list[LoggedQuestion]:
        rows = await self._rows(sql.UNANSWERED, (limit,))
        return [LoggedQuestion(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    async def downvoted(self, limit: int = 100) -> list[LoggedQuestion]:
        rows = await self._rows(sql.DOWNVOTED, (limit,))
        return [LoggedQuestion(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    async def purge(self, older_than_days: float, now: float | None = None) -> int:
        cutoff = (now or time.time()) - older_than_days * 86400
        async with self._tx() as db:
            a = await db.execute(sql.PURGE_FEEDBACK, (cutoff,))
            b = await db.execute(sql.PURGE_QUESTIONS, (cutoff,))
            return (a.rowcount or 0) + (b.rowcount or 0)

    # --- processes: one, so notifications stay in this process -----------------------------------

    async def save_process(self, record: ProcessRecord) -> None:
        async with self._tx() as db:
            await db.execute(
                sql.SAVE_PROCESS,
                (record.id, record.shards, record.version, record.status, record.reload_id, record.detail, record.seen),
            )

    async def remove_process(self, process_id: str) -> None:
        async with self._tx() as db:
            await db.execute(sql.REMOVE_PROCESS, (process_id,))

    async def processes(self, seen_since: float) -> list[ProcessRecord]:
        return [ProcessRecord(*r) for r in await self._rows(sql.PROCESSES, (seen_since,))]

    async def listen(self, channel: str, listener: Listener) -> None:
        self._listeners.setdefault(channel, []).append(listener)

    async def notify(self, channel: str, payload: str) -> None:
        # Delivered on the next turn of the loop, as a notification from the server would be.
        asyncio.get_running_loop().call_soon(fire, list(self._listeners.get(channel, ())), payload)

    # --- moving between backends ----------------------------------------------------------------

    async def export_rows(self) -> Rows:
        return Rows(**{table: await self._rows(query) for table, query in sql.EXPORT.items()})

    async def import_rows(self, rows: Rows) -> dict[str, int]:
        added = dict.fromkeys(sql.IMPORT, 0)
        async with self._tx() as db:
            for table, query in sql.IMPORT.items():
                for row in getattr(rows, table):
                    cur = await db.execute(query, row)
                    added[table] += max(cur.rowcount, 0)
        self.forget_channels()
        return added

    async def set_salt(self, salt: str) -> None:
        async with self._tx() as db:
            await db.execute(sql.SET_SALT, (salt,))
        self._salt = salt

    def _tx(self) -> _Transaction:
        return _Transaction(self._db, self._write_lock)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error: one write, one transaction."""

    def __init__(self, db: aiosqlite.Connection, lock: asyncio.Lock) -> None:
        self._db = db
        self._lock = lock

    async def __aenter__(self) -> aiosqlite.Connection:
        await self._lock.acquire()
        try:
            await self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise
        return self._db

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            await self._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self._lock.release()


async def migrate(db: aiosqlite.Connection) -> int:
    """Apply every migration newer than PRAGMA user_version; safe to run any number of times."""
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    version = int(row[0]) if row else 0
    for number, script in enumerate(MIGRATIONS, 1):
        if number <= version:
            continue
        await db.execute("BEGIN IMMEDIATE")
        try:
            for statement in sql.statements(script):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {number}")
            await db.execute("COMMIT")
        except sqlite3.Error:
            await db.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


async def schema_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def _salt(db: aiosqlite.Connection) -> str:
    async with db.execute(sql.READ_SALT) as cur:
        row = await cur.fetchone()
    if row:
        return str(row[0])
    await db.execute("BEGIN IMMEDIATE")
    await db.execute(sql.INSERT_SALT, (secrets.token_hex(16),))
    await db.execute("COMMIT")
    async with db.execute(sql.READ_SALT) as cur:
        row = await cur.fetchone()
    assert row is not None
    return str(row[0])
