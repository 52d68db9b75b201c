"""Work the bot starts and must finish before it closes: answers in flight, log writes, reloads."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class TaskTracker:
    """Keeps a reference to every background task (so none is garbage-collected mid-way) until it ends."""

    def __init__(self) -> None:
        self._inflight: set[asyncio.Task[Any]] = set()
        self.accepting = True
        """False once shutdown starts: new questions get a 'restarting' reply instead of an answer."""

    def track(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._inflight.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._inflight.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed: %s", task.exception(), exc_info=task.exception())

    @property
    def pending(self) -> int:
        return sum(1 for t in self._inflight if not t.done())

    async def drain(self, timeout: float | None = None) -> None:
        """Wait for tracked tasks (at most `timeout` seconds), except the one calling."""
        pending = [t for t in self._inflight if not t.done() and t is not asyncio.current_task()]
        if pending:
            log.info("waiting for %d in-flight task(s)", len(pending))
            await asyncio.wait(pending, timeout=timeout)
