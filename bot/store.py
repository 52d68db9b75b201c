"""SQLite state (the embedded default): guild settings, the question log and feedback.

WAL mode with a busy timeout; every write is one transaction; migrations are versioned through
PRAGMA user_version and idempotent. User ids are stored only as salted hashes.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import aiosqlite

BUSY_TIMEOUT_MS = 5000

MIGRATIONS: Sequence[str] = (
    # 1: initial schema
    """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS faq_channels (
        guild_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
    );
    CREATE TABLE IF NOT EXISTS questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts REAL NOT NULL,
        guild_id INTEGER,
        channel_id INTEGER,
        user_hash TEXT,
        question TEXT,
        intent TEXT,
        confidence REAL NOT NULL,
        answered INTEGER NOT NULL,
        mode TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS questions_ts ON questions (ts);
    CREATE TABLE IF NOT EXISTS feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts REAL NOT NULL,
        question_id INTEGER,
        user_hash TEXT NOT NULL,
        intent TEXT,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        UNIQUE (question_id, user_hash)
    );
    CREATE INDEX IF NOT EXISTS feedback_ts ON feedback (ts);
    """,
)


@dataclass(frozen=True)
class Stats:
    asked: int
    answered: int
    unanswered: int
    thumbs_up: int
    thumbs_down: int


@dataclass(frozen=True)
class LoggedQuestion:
    id: int
    question: str | None
    intent: str | None
    confidence: float
    answered: bool
    ts: float


class Store:
    """Async access to the bot's small state. Open with `await Store.open(path)`."""

    def __init__(self, db: aiosqlite.Connection, salt: str, log_questions: bool) -> None:
        self._db = db
        self._salt = salt
        self.log_questions = log_questions
        self._write_lock = asyncio.Lock()  # one connection: transactions must not interleave
        self._channels: dict[int, list[int]] = {}
        """FAQ channels per guild, read on every message: cached, and refreshed by add/remove."""

    @classmethod
    async def open(cls, path: Path | str, *, log_questions: bool = True) -> Store:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path), isolation_level=None)
        await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await db.execute("PRAGMA journal_mode = WAL")
        await db.execute("PRAGMA synchronous = NORMAL")
        await db.execute("PRAGMA foreign_keys = ON")
        await migrate(db)
        salt = await _salt(db)
        return cls(db, salt, log_questions)

    async def close(self) -> None:
        await self._db.close()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    @staticmethod
    def new_question_id() -> int:
        """An id chosen before the row is written, so an answer can be sent before it is logged."""
        return secrets.randbits(53) or 1

    def hash_user(self, user_id: int) -> str:
        return hashlib.sha256(f"{self._salt}:{user_id}".encode()).hexdigest()[:32]

    # --- guild settings ---------------------------------------------------------------------

    async def add_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._tx() as db:
            cur = await db.execute(
                "INSERT OR IGNORE INTO faq_channels (guild_id, channel_id) VALUES (?, ?)", (guild_id, channel_id)
            )
        self._channels.pop(guild_id, None)
        return cur.rowcount > 0

    async def remove_channel(self, guild_id: int, channel_id: int) -> bool:
        async with self._tx() as db:
            cur = await db.execute(
                "DELETE FROM faq_channels WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)
            )
        self._channels.pop(guild_id, None)
        return cur.rowcount > 0

    async def channels(self, guild_id: int) -> list[int]:
        cached = self._channels.get(guild_id)
        if cached is not None:
            return list(cached)
        async with self._db.execute(
            "SELECT channel_id FROM faq_channels WHERE guild_id = ? ORDER BY channel_id", (guild_id,)
        ) as cur:
            found = [row[0] for row in await cur.fetchall()]
        self._channels[guild_id] = found
        return list(found)

    # --- question log and feedback --------------------------------------------------------------

    async def log_question(
        self,
        *,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int | None,
        question: str,
        intent: str | None,
        confidence: float,
        answered: bool,
        mode: str,
        ts: float | None = None,
        question_id: int | None = None,
    ) -> int:
        text = question[:2000] if self.log_questions else None
        user = self.hash_user(user_id) if user_id is not None else None
        async with self._tx() as db:
            cur = await db.execute(
                "INSERT INTO questions (id, ts, guild_id, channel_id, user_hash, question, intent, confidence,"
                " answered, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    question_id,
                    ts or time.time(),
                    guild_id,
                    channel_id,
                    user,
                    text,
                    intent,
                    confidence,
                    int(answered),
                    mode,
                ),
            )
            return int(cur.lastrowid or 0)

    async def add_feedback(self, question_id: int, user_id: int, vote: int, intent: str | None) -> bool:
        """Record a 👍 (+1) or 👎 (-1); a user's later vote on the same answer replaces the earlier one."""
        if vote not in (-1, 1):
            raise ValueError("vote must be +1 or -1")
        async with self._tx() as db:
            cur = await db.execute(
                "INSERT INTO feedback (ts, question_id, user_hash, intent, vote) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (question_id, user_hash) DO UPDATE SET vote = excluded.vote, ts = excluded.ts",
                (time.time(), question_id if question_id > 0 else None, self.hash_user(user_id), intent, vote),
            )
            return cur.rowcount > 0

    async def stats(self, guild_id: int | None = None) -> Stats:
        where, args = ("WHERE guild_id = ?", (guild_id,)) if guild_id is not None else ("", ())
        async with self._db.execute(f"SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM questions {where}", args) as cur:
            asked, answered = await cur.fetchone() or (0, 0)
        fwhere = "WHERE q.guild_id = ?" if guild_id is not None else ""
        async with self._db.execute(
            "SELECT COALESCE(SUM(f.vote = 1), 0), COALESCE(SUM(f.vote = -1), 0) FROM feedback f"
            f" LEFT JOIN questions q ON q.id = f.question_id {fwhere}",
            args,
        ) as cur:
            up, down = await cur.fetchone() or (0, 0)
        return Stats(int(asked), int(answered), int(asked) - int(answered), int(up), int(down))

    async def unanswered(self, limit: int = 500) -> list[LoggedQuestion]:
        async with self._db.execute(
            "SELECT id, question, intent, confidence, answered, ts FROM questions"
            " WHERE answered = 0 AND question IS NOT NULL AND TRIM(question) != '' ORDER BY ts DESC LIMIT ?",
            (limit,),
        ) as cur:
            return [LoggedQuestion(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in await cur.fetchall()]

    async def downvoted(self, limit: int = 100) -> list[LoggedQuestion]:
        async with self._db.execute(
            "SELECT q.id, q.question, COALESCE(q.intent, f.intent), q.confidence, q.answered, q.ts"
            " FROM feedback f JOIN questions q ON q.id = f.question_id"
            " WHERE f.vote = -1 GROUP BY q.id ORDER BY MAX(f.ts) DESC LIMIT ?",
            (limit,),
        ) as cur:
            return [LoggedQuestion(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in await cur.fetchall()]

    async def purge(self, older_than_days: float, now: float | None = None) -> int:
        cutoff = (now or time.time()) - older_than_days * 86400
        async with self._tx() as db:
            a = await db.execute("DELETE FROM feedback WHERE ts < ?", (cutoff,))
            b = await db.execute("DELETE FROM questions WHERE ts < ?", (cutoff,))
            return (a.rowcount or 0) + (b.rowcount or 0)

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
            for statement in filter(str.strip, script.split(";")):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {number}")
            await db.execute("COMMIT")
        except sqlite3.Error:
            await db.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


async def _salt(db: aiosqlite.Connection) -> str:
    async with db.execute("SELECT value FROM meta WHERE key = 'user_salt'") as cur:
        row = await cur.fetchone()
    if row:
        return str(row[0])
    salt = secrets.token_hex(16)
    await db.execute("BEGIN IMMEDIATE")
    await db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('user_salt', ?)", (salt,))
    await db.execute("COMMIT")
    async with db.execute("SELECT value FROM meta WHERE key = 'user_salt'") as cur:
        row = await cur.fetchone()
    return str(row[0]) if row else salt
