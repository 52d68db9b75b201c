"""PostgreSQL state, shared by every bot process that points at the same database (asyncpg).

The same tables and behaviour as the SQLite store. Migrations are numbered in `schema_version`
and run under an advisory lock, so processes starting together migrate once. LISTEN/NOTIFY
carries small messages between processes: FAQ channel changes clear every process's cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable, Sequence
from typing import Any

import asyncpg

from bot.store import sql
from bot.store.base import (
    Listener,
    LoggedQuestion,
    ProcessRecord,
    Rows,
    Stats,
    Store,
    StoreUnavailable,
    fire,
    safe_url,
)

log = logging.getLogger(__name__)

MIGRATIONS = sql.POSTGRES_MIGRATIONS
POOL_MAX = 10
"""Connections per process; writes are short, so a few serve a thousand concurrent answers."""
MIGRATION_LOCK = 0x46415142  # any constant shared by every process of the bot
RECONNECT_MAX = 30.0
"""Longest wait, in seconds, between tries to get the notification connection back."""
CHANNELS = "faqbot_channels"
"""Notification channel: a guild's FAQ channels changed (payload: the guild id)."""


def _count(status: str) -> int:
    """Rows touched, from a command status such as 'INSERT 0 1' or 'DELETE 3'."""
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdecimal() else 0


class PostgresStore(Store):
    backend = "postgresql"

    def __init__(
        self, url: str, pool: asyncpg.Pool, listener: asyncpg.Connection, salt: str, log_questions: bool
    ) -> None:
        super().__init__(salt, log_questions)
        self._url = url
        self._pool = pool
        self._listener = listener
        self._listeners: dict[str, list[Listener]] = {}
        self._closing = False
        self._reconnecting: asyncio.Task[None] | None = None
        listener.add_termination_listener(self._lost)

    @classmethod
    async def connect(cls, url: str, *, log_questions: bool = True) -> PostgresStore:
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=POOL_MAX)
        except (OSError, asyncpg.PostgresError) as exc:
            raise StoreUnavailable(f"cannot connect to {safe_url(url)}: {exc}") from exc
        try:
            async with pool.acquire() as con:
                await migrate(con)
                salt = await _salt(con)
            listener = await asyncpg.connect(url)
        except BaseException:
            await pool.close()
            raise
        store = cls(url, pool, listener, salt, log_questions)
        await store.listen(CHANNELS, store.on_channels_changed)
        return store

    async def close(self) -> None:
        self._closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reconnecting
        try:
            await self._listener.close()
        finally:
            await self._pool.close()

    def _lost(self, _con: object) -> None:
        if self._closing or (self._reconnecting is not None and not self._reconnecting.done()):
            return
        log.warning("lost the notification connection to %s; reconnecting", safe_url(self._url))
        self._reconnecting = asyncio.ensure_future(self._reconnect())

    async def _reconnect(self) -> None:
        """Listen again on a new connection; what was missed meanwhile is read afresh."""
        delay = 0.5
        while not self._closing:
            try:
                con = await asyncpg.connect(self._url)
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("notification connection: %s; trying again in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RECONNECT_MAX)
                continue
            for channel in self._listeners:
                await con.add_listener(channel, self._deliver(channel))
            con.add_termination_listener(self._lost)
            self._listener = con
            self.forget_channels()  # a change may have been announced while no one listened
            log.info("notification connection back")
            return

    def _deliver(self, channel: str) -> Callable[[object, int, str, str], None]:
        def deliver(_con: object, _pid: int, _channel: str, payload: str) -> None:
            fire(list(self._listeners.get(channel, ())), payload)

        return deliver

    def on_channels_changed(self, payload: str) -> None:
        self.forget_channels(int(payload) if payload.isdecimal() else None)

    async def _rows(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        async with self._pool.acquire() as con:
            return [tuple(r) for r in await con.fetch(sql.numbered(query), *args)]

    async def _execute(self, query: str, *args: Any) -> int:
        async with self._pool.acquire() as con:
            return _count(await con.execute(sql.numbered(query), *args))

    # --- guild settings ---------------------------------------------------------------------

    async def _change_channel(self, query: str, guild_id: int, channel_id: int) -> bool:
        async with self._pool.acquire() as con, con.transaction():
            changed = _count(await con.execute(sql.numbered(query), guild_id, channel_id))
            # Sent on commit, to every process (this one too): each drops its cached list.
            await con.execute("SELECT pg_notify($1, $2)", CHANNELS, str(guild_id))
        self.forget_channels(guild_id)
        return changed > 0

    async def add_channel(self, guild_id: int, channel_id: int) -> bool:
        return await self._change_channel(sql.ADD_CHANNEL, guild_id, channel_id)

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        return await self._change_channel(sql.REMOVE_CHANNEL, guild_id, channel_id)

    async def _read_channels(self, guild_id: int) -> list[int]:
        return [int(r[0]) for r in await self._rows(sql.READ_CHANNELS, guild_id)]

    # --- question log and feedback --------------------------------------------------------------

    async def _insert_question(self, question_id: int | None, row: tuple[Any, ...]) -> int:
        async with self._pool.acquire() as con:
            if question_id is None:  # the database picks the id
                query = sql.LOG_QUESTION.replace("(id, ", "(").replace("VALUES (?, ", "VALUES (")
                return int(await con.fetchval(sql.numbered(query) + " RETURNING id", *row))
            await con.execute(sql.numbered(sql.LOG_QUESTION), question_id, *row)
            return question_id

    async def _insert_feedback(self, row: tuple[Any, ...]) -> bool:
        return await self._execute(sql.ADD_FEEDBACK, *row) > 0

    async def stats(self, guild_id: int | None = None) -> Stats:
        args: Sequence[Any] = (guild_id,) if guild_id is not None else ()
        where = " WHERE guild_id = ?" if guild_id is not None else ""
        ((asked, answered),) = await self._rows(sql.ASKED + where, *args)
        fwhere = " WHERE q.guild_id = ?" if guild_id is not None else ""
        ((up, down),) = await self._rows(sql.VOTES + fwhere, *args)
        return Stats(int(asked), int(answered), int(asked) - int(answered), int(up), int(down))

    async def unanswered(self, limit: int = 500) -> list[LoggedQuestion]:
        rows = await self._rows(sql.UNANSWERED, limit)
        return [LoggedQuestion(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    async def downvoted(self, limit: int = 100) -> list[LoggedQuestion]:
        rows = await self._rows(sql.DOWNVOTED, limit)
        return [LoggedQuestion(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    async def purge(self, older_than_days: float, now: float | None = None) -> int:
        cutoff = (now or time.time()) - older_than_days * 86400
        async with self._pool.acquire() as con, con.transaction():
            a = _count(await con.execute(sql.numbered(sql.PURGE_FEEDBACK), cutoff))
            b = _count(await con.execute(sql.numbered(sql.PURGE_QUESTIONS), cutoff))
        return a + b

    # --- processes sharing the database ---------------------------------------------------------

    async def save_process(self, record: ProcessRecord) -> None:
        await self._execute(
            sql.SAVE_PROCESS,
            record.id,
            record.shards,
            record.version,
            record.status,
            record.reload_id,
            record.detail,
            record.seen,
        )

    async def remove_process(self, process_id: str) -> None:
        await self._execute(sql.REMOVE_PROCESS, process_id)

    async def processes(self, seen_since: float) -> list[ProcessRecord]:
        return [ProcessRecord(*r) for r in await self._rows(sql.PROCESSES, seen_since)]

    async def listen(self, channel: str, listener: Listener) -> None:
        if channel not in self._listeners:
            self._listeners[channel] = []
            await self._listener.add_listener(channel, self._deliver(channel))
        self._listeners[channel].append(listener)

    async def notify(self, channel: str, payload: str) -> None:
        await self._execute("SELECT pg_notify(?, ?)", channel, payload)

    # --- moving between backends ----------------------------------------------------------------

    async def export_rows(self) -> Rows:
        return Rows(**{table: await self._rows(query) for table, query in sql.EXPORT.items()})

    async def import_rows(self, rows: Rows) -> dict[str, int]:
        added = dict.fromkeys(sql.IMPORT, 0)
        async with self._pool.acquire() as con, con.transaction():
            for table, query in sql.IMPORT.items():
                statement = sql.numbered(query)
                for row in getattr(rows, table):
                    added[table] += _count(await con.execute(statement, *row))
            # Rows keep their ids; the identity columns continue after the highest one.
            for table in ("questions", "feedback"):
                await con.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" GREATEST((SELECT MAX(id) FROM {table}), 1))"
                )
        self.forget_channels()
        return added

    async def set_salt(self, salt: str) -> None:
        await self._execute(sql.SET_SALT, salt)
        self._salt = salt


async def migrate(con: asyncpg.Connection) -> int:
    """Apply every migration newer than the recorded version, once, even with processes starting together."""
    async with con.transaction():
        await con.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        version = await con.fetchval("SELECT MAX(version) FROM schema_version") or 0
        for number, script in enumerate(MIGRATIONS, 1):
            if number <= version:
                continue
            for statement in sql.statements(script):
                await con.execute(statement)
            await con.execute("INSERT INTO schema_version (version) VALUES ($1)", number)
    return len(MIGRATIONS)


async def schema_version(con: asyncpg.Connection) -> int:
    return int(await con.fetchval("SELECT MAX(version) FROM schema_version") or 0)


async def _salt(con: asyncpg.Connection) -> str:
    await con.execute(sql.numbered(sql.INSERT_SALT), secrets.token_hex(16))
    return str(await con.fetchval(sql.READ_SALT))
