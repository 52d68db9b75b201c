"""Processes sharing one database act as one bot: a registry of processes with the knowledge version
each runs, and reloads announced to all of them (LISTEN/NOTIFY on PostgreSQL).

A reload in any process validates there first; if it passes, every other process is told, reloads
and validates for itself, and writes its outcome to the registry. A process whose validation fails
keeps its last good version and says so. The process that started the reload waits (at most
RELOAD_WAIT seconds) for the others' outcomes. On SQLite there is one process, so one outcome.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.engine_ref import EngineRef, ReloadResult
from bot.store import ProcessRecord, Store
from bot.tasks import TaskTracker

log = logging.getLogger(__name__)

RELOAD_CHANNEL = "faqbot_reload"
RELOAD_WAIT = 5.0
"""Seconds the process that started a reload waits for the others to report."""
HEARTBEAT = 15.0
"""Each process refreshes its registry row this often."""
ALIVE_FOR = 60.0
"""A process whose row is older than this is taken as gone (it crashed without removing it)."""
POLL = 0.05


def process_id() -> str:
    """Host and pid, plus a random part so that two bots in one process are told apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class ClusterReload:
    """A reload's outcome here and in every process that reported within RELOAD_WAIT."""

    result: ReloadResult
    processes: tuple[ProcessRecord, ...]

    @property
    def took(self) -> int:
        """Processes now serving the new version (none when it failed validation where it was asked for)."""
        if not self.result.ok:
            return 0
        return sum(1 for p in self.processes if p.version == self.result.version and p.status == "ok")

    @property
    def others(self) -> tuple[ProcessRecord, ...]:
        """Processes that did not take it: failed validation, or did not report in time."""
        return tuple(p for p in self.processes if p.version != self.result.version or p.status != "ok")


class Cluster:
    def __init__(
        self,
        store: Store,
        engines: EngineRef,
        tasks: TaskTracker,
        *,
        shards: Sequence[int] = (),
        clock: Callable[[], float] = time.time,
        wait: float = RELOAD_WAIT,
    ) -> None:
        self.store = store
        self.engines = engines
        self.tasks = tasks
        self.id = process_id()
        self.shards = ",".join(map(str, shards)) or "all"
        self._clock = clock
        self.wait = wait
        self._status = ("ok", "", "")  # status, reload id, detail
        self._heartbeat: asyncio.Task[None] | None = None

    def _record(self) -> ProcessRecord:
        status, reload_id, detail = self._status
        return ProcessRecord(
            self.id, self.shards, self.engines.current.version, status, reload_id, detail, self._clock()
        )

    async def start(self) -> None:
        await self.store.listen(RELOAD_CHANNEL, self._on_reload)
        await self.store.save_process(self._record())
        self._heartbeat = asyncio.create_task(self._beat())
        log.info("process %s (shards %s) registered", self.id, self.shards)

    async def stop(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None
        try:
            await self.store.remove_process(self.id)
        except Exception as exc:  # closing goes on without the registry
            log.warning("could not leave the process registry: %s", exc)

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT)
            try:
                await self.store.save_process(self._record())
            except Exception as exc:  # the database may be restarting: try again next beat
                log.warning("process registry heartbeat failed: %s", exc)

    async def alive(self) -> list[ProcessRecord]:
        return await self.store.processes(self._clock() - ALIVE_FOR)

    async def reload_all(self) -> ClusterReload:
        """Reload here; if the knowledge is valid, have every process reload, and collect their outcomes."""
        reload_id = secrets.token_hex(8)
        result = await self._reload(reload_id)
        if not result.ok:  # nothing to spread: the others keep serving what they serve
            return ClusterReload(result, tuple(await self.alive()))
        await self.store.notify(RELOAD_CHANNEL, json.dumps({"id": reload_id, "from": self.id}))
        deadline = time.monotonic() + self.wait
        while True:
            processes = await self.alive()
            waiting = [p for p in processes if p.reload_id != reload_id]
            if not waiting or time.monotonic() >= deadline:
                break
            await asyncio.sleep(POLL)
        return ClusterReload(result, tuple(processes))

    def _on_reload(self, payload: str) -> None:
        try:
            request = json.loads(payload)
            reload_id, origin = str(request["id"]), str(request["from"])
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring a malformed reload request: %r", payload[:200])
            return
        if origin != self.id:
            log.info("reload requested by process %s", origin)
            self.tasks.track(self._reload(reload_id))

    async def _reload(self, reload_id: str) -> ReloadResult:
        result = await self.engines.reload()
        if result.ok:
            self._status = ("ok", reload_id, "")
        else:
            first = result.problems[0] if result.problems else "validation failed"
            self._status = ("kept", reload_id, f"{len(result.problems)} problem(s), first: {first}")
        await self.store.save_process(self._record())
        return result
