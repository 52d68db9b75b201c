"""`python -m bot migrate-store`: copy a SQLite store into PostgreSQL, keeping ids and user hashes.

Safe to run again: rows already in the target are skipped. The target adopts the source's salt
while it holds no questions or votes yet, so a user keeps one hash across the move.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from bot.store.base import Store, StoreUnavailable, safe_url


class MoveRefused(RuntimeError):
    """The target already holds questions or votes hashed with another salt."""


@dataclass(frozen=True)
class Moved:
    found: dict[str, int]
    added: dict[str, int]

    def summary(self) -> str:
        names = {"faq_channels": "FAQ channel(s)", "questions": "question(s)", "feedback": "vote(s)"}
        parts = [f"{self.added[t]} of {self.found[t]} {name}" for t, name in names.items()]
        return ", ".join(parts) + " copied (the rest were already there)"


async def move(source: Store, target: Store) -> Moved:
    rows = await source.export_rows()
    if target.salt != source.salt:
        held = await target.stats()
        if held.asked or held.thumbs_up or held.thumbs_down:
            raise MoveRefused("the target already holds questions or votes of its own; move into an empty database")
        await target.set_salt(source.salt)
    rows = replace(rows, meta=[r for r in rows.meta if r[0] != "user_salt"])
    found = {t: len(getattr(rows, t)) for t in ("meta", "faq_channels", "questions", "feedback")}
    return Moved(found, await target.import_rows(rows))


async def _migrate(source: Path, target: str) -> Moved:
    async with await Store.open(source) as src, await Store.open(target) as dst:
        return await move(src, dst)


def migrate_store_main(source: Path, target: str | None) -> int:
    if not target:
        print("error: say where to: --to postgresql://… or DATABASE_URL", file=sys.stderr)
        return 2
    if not source.exists():
        print(f"error: {source} does not exist; nothing to move", file=sys.stderr)
        return 2
    try:
        moved = asyncio.run(_migrate(source, target))
    except (MoveRefused, StoreUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{source} -> {safe_url(target)}: {moved.summary()}")
    return 0
