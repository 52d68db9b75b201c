"""Holds the live engine and swaps it atomically on reload.

A reload builds and validates a whole new engine off the event loop, then replaces one reference.
Questions already running keep the engine they started with; a failed reload keeps the old one.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.diff import compare, questions
from bot.engine import Engine, Thresholds
from bot.kb.loader import KnowledgeError
from bot.lastgood import save

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    version: str
    problems: tuple[str, ...] = ()
    changes: str = ""
    """What the new version changes in the answers (bot.diff), worked out before the swap."""


class EngineRef:
    def __init__(self, engine: Engine, knowledge_dir: Path, intents_dir: Path, thresholds: Thresholds) -> None:
        self._engine = engine
        self.knowledge_dir = knowledge_dir
        self.intents_dir = intents_dir
        self.thresholds = thresholds
        self._lock = asyncio.Lock()
        self.problems_on_disk: tuple[str, ...] = ()
        """Why the engine is not the one on disk: it started on the last good copy (bot.lastgood)."""
        self.keep_copy_in: Path | None = None
        """Where each version that validates is kept, for the next start-up."""

    @property
    def current(self) -> Engine:
        return self._engine

    def build(self) -> Engine:
        return Engine.from_dirs(self.knowledge_dir, self.intents_dir, self.thresholds)

    async def reload(self) -> ReloadResult:
        """Validate and build the new engine in a worker thread; swap only if it is whole."""
        async with self._lock:
            try:
                engine = await asyncio.to_thread(self.build)
            except KnowledgeError as exc:
                log.warning(
                    "reload refused: %d problem(s); keeping version %s", len(exc.problems), self._engine.version
                )
                return ReloadResult(False, self._engine.version, tuple(str(p) for p in exc.problems))
            changes = await asyncio.to_thread(_changes, self._engine, engine, self.knowledge_dir)
            self._engine = engine  # the one swap: readers see the old or the new engine, never a mix
            self.problems_on_disk = ()
            if self.keep_copy_in is not None:
                try:
                    await asyncio.to_thread(save, engine, self.knowledge_dir, self.intents_dir, self.keep_copy_in)
                except OSError as exc:
                    log.warning("could not keep a copy of the knowledge: %s", exc)
            log.info("knowledge reloaded: version %s", engine.version)
            return ReloadResult(True, engine.version, changes=changes)


def _changes(before: Engine, after: Engine, knowledge_dir: Path) -> str:
    """The diff summary of a reload (counts and the first few questions); empty if it cannot be made."""
    if before.version == after.version:
        return ""
    try:
        asked = questions([(before, knowledge_dir), (after, knowledge_dir)])
        return compare(before, after, asked).summary(shown=3)
    except Exception as exc:  # the reload itself must not fail on its preview
        log.warning("no summary of the reload's changes: %s", exc)
        return ""
