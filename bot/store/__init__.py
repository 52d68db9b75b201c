"""The bot's small state behind one interface: SQLite (embedded default) or PostgreSQL (shared).

`await Store.open(path_or_url)` picks the backend; `open_store(settings)` reads DATABASE_URL,
else DATABASE_PATH.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.store.base import (
    LoggedQuestion,
    ProcessRecord,
    Rows,
    Stats,
    Store,
    StoreUnavailable,
    is_postgres_url,
    safe_url,
)

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = [
    "LoggedQuestion",
    "ProcessRecord",
    "Rows",
    "Stats",
    "Store",
    "StoreUnavailable",
    "database_name",
    "is_postgres_url",
    "open_store",
    "safe_url",
]


def database_name(settings: Settings) -> str:
    """Where the state lives, for messages: the URL without its password, or the SQLite path."""
    url = settings.database_url
    return safe_url(url.get_secret_value()) if url else str(settings.database_path)


async def open_store(settings: Settings, *, log_questions: bool | None = None) -> Store:
    """The store the settings name: DATABASE_URL (PostgreSQL) when set, else the DATABASE_PATH file."""
    url = settings.database_url
    target = url.get_secret_value() if url else settings.database_path
    return await Store.open(target, log_questions=settings.log_questions if log_questions is None else log_questions)
