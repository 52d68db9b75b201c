"""The one store interface, and the records it returns; each backend implements the SQL behind it.

Both backends keep the same tables (numbered migrations, the same numbers in each), the same
salted user hashes and the same caching of FAQ channels. `notify`/`listen` carry small messages
between the processes that share a database: across processes on PostgreSQL, within this one on
SQLite (a SQLite file serves one process).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)

QUESTION_TEXT_MAX = 2000
"""Longer questions are cut before they are logged."""

Listener = Callable[[str], None]
"""Called with a notification's payload, on the event loop."""


class StoreUnavailable(RuntimeError):
    """The database cannot be reached; the message names it without its password."""


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


@dataclass(frozen=True)
class ProcessRecord:
    """One bot process in the registry: what it serves and the knowledge version it runs."""

    id: str
    shards: str
    version: str
    status: str
    """`ok`, or `kept` when the last reload failed validation here and the old version stays."""
    reload_id: str
    """The reload request this row answers ('' before any reload)."""
    detail: str
    seen: float


@dataclass(frozen=True)
class Rows:
    """Every row of a store, as plain tuples in column order: what `migrate-store` copies."""

    meta: list[tuple[Any, ...]]
    faq_channels: list[tuple[Any, ...]]
    questions: list[tuple[Any, ...]]
    feedback: list[tuple[Any, ...]]


class Store(ABC):
    """Async access to the bot's small state. Open with `await Store.open(path_or_url)`."""

    backend: str = ""

    def __init__(self, salt: str, log_questions: bool) -> None:
        self._salt = salt
        self.log_questions = log_questions
        self._channels: dict[int, list[int]] = {}
        """FAQ channels per guild, read on every message: cached; writes anywhere clear it."""
        self._forgotten = 0
        """Counts cache clearings, so that a read that raced a clearing is not cached."""

    @classmethod
    async def open(cls, target: Path | str, *, log_questions: bool = True) -> Store:
        """A `postgresql://` URL opens PostgreSQL; anything else is a SQLite file (or ':memory:')."""
        if is_postgres_url(str(target)):
            from bot.store.postgres import PostgresStore

            return await PostgresStore.connect(str(target), log_questions=log_questions)
        from bot.store.sqlite import SqliteStore

        return await SqliteStore.connect(target, log_questions=log_questions)

    @abstractmethod
    async def close(self) -> None: ...

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

    def forget_channels(self, guild_id: int | None = None) -> None:
        """Drop the cached FAQ channels of one guild (or all): the next read goes to the database."""
        self._forgotten += 1
        if guild_id is None:
            self._channels.clear()
        else:
            self._channels.pop(guild_id, None)

    # --- guild settings ---------------------------------------------------------------------

    @abstractmethod
    async def add_channel(self, guild_id: int, channel_id: int) -> bool: ...

    @abstractmethod
    async def remove_channel(self, guild_id: int, channel_id: int) -> bool: ...

    async def channels(self, guild_id: int) -> list[int]:
        cached = self._channels.get(guild_id)
        if cached is not None:
            return list(cached)
        before = self._forgotten
        found = await self._read_channels(guild_id)
        if self._forgotten == before:
            self._channels[guild_id] = found
        return list(found)

    @abstractmethod
    async def _read_channels(self, guild_id: int) -> list[int]: ...

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
        """Log one question (its text only with LOG_QUESTIONS, the user only as a salted hash); its id."""
        text = question[:QUESTION_TEXT_MAX] if self.log_questions else None
        user = self.hash_user(user_id) if user_id is not None else None
        row = (ts or time.time(), guild_id, channel_id, user, text, intent, confidence, int(answered), mode)
        return await self._insert_question(question_id, row)

    @abstractmethod
    async def _insert_question(self, question_id: int | None, row: tuple[Any, ...]) -> int:
        """Insert a question row (all columns after the id); the database picks the id when it is None."""

    async def add_feedback(self, question_id: int, user_id: int, vote: int, intent: str | None) -> bool:
        """Record a 👍 (+1) or 👎 (-1); a user's later vote on the same answer replaces the earlier one."""
        if vote not in (-1, 1):
            raise ValueError("vote must be +1 or -1")
        qid = question_id if question_id > 0 else None
        return await self._insert_feedback((time.time(), qid, self.hash_user(user_id), intent, vote))

    @abstractmethod
    async def _insert_feedback(self, row: tuple[Any, ...]) -> bool: ...

    @abstractmethod
    async def stats(self, guild_id: int | None = None) -> Stats: ...

    @abstractmethod
    async def unanswered(self, limit: int = 500) -> list[LoggedQuestion]: ...

    @abstractmethod
    async def downvoted(self, limit: int = 100) -> list[LoggedQuestion]: ...

    @abstractmethod
    async def purge(self, older_than_days: float, now: float | None = None) -> int: ...

    # --- processes sharing the store ------------------------------------------------------------

    @abstractmethod
    async def save_process(self, record: ProcessRecord) -> None:
        """Insert or replace this process's row in the registry."""

    @abstractmethod
    async def remove_process(self, process_id: str) -> None: ...

    @abstractmethod
    async def processes(self, seen_since: float) -> list[ProcessRecord]:
        """The processes that reported at or after `seen_since`, by id."""

    @abstractmethod
    async def listen(self, channel: str, listener: Listener) -> None: ...

    @abstractmethod
    async def notify(self, channel: str, payload: str) -> None: ...

    # --- moving between backends ----------------------------------------------------------------

    @abstractmethod
    async def export_rows(self) -> Rows: ...

    @abstractmethod
    async def import_rows(self, rows: Rows) -> dict[str, int]:
        """Insert rows that are not there yet (by key); returns how many were added, per table."""

    @abstractmethod
    async def set_salt(self, salt: str) -> None:
        """Adopt another store's salt, so that moved rows hash users as before."""

    @property
    def salt(self) -> str:
        return self._salt


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    head, sep, tail = url.partition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, creds = head.partition("//")
    user = creds.split(":", 1)[0]
    return f"{scheme}//{user}:***@{tail}"


def fire(listeners: Sequence[Listener], payload: str) -> None:
    """Call each listener; one that fails is logged and the others still run."""
    for listener in listeners:
        try:
            listener(payload)
        except Exception:
            log.exception("a store listener failed")
