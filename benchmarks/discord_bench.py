"""1,000 concurrent /ask interactions through discord.py's interaction path, HTTP intercepted, once
with the state in SQLite and once in PostgreSQL (a throwaway local server).

Reports p50/p99 from dispatch to the first response, and how many were sent at once or deferred,
each beside a baseline measured in the same run: the same questions answered by the engine alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.engine_bench import QUESTIONS, percentiles
from bot.client import create_bot
from bot.pgtemp import NoServer, TempPostgres
from bot.settings import Settings
from bot.testing import Harness

N = 1000


@dataclass(frozen=True)
class Figures:
    answered: int
    sent: int
    deferred: int
    p50: float
    p99: float
    base50: float
    base99: float
    logged: int


async def run(settings: Settings) -> Figures:
    bot = create_bot(settings, sharded=False)
    async with bot:
        await bot.setup_hook()
        harness = Harness(bot)
        ask = bot.tree.get_command("ask")
        assert ask is not None
        ask.checks.clear()  # the per-user cooldown would (rightly) refuse one user's 1,000 questions
        bot.duplicates.window = 0  # one user asking the same questions again is the point here

        started: dict[str, float] = {}
        first: dict[str, tuple[float, int]] = {}
        original = harness.webhook.request

        async def timed_request(route: Any, session: Any, **kwargs: Any) -> Any:
            result = await original(route, session, **kwargs)
            if route.url.endswith("/callback"):
                token = route.url.split("/")[-2]
                first.setdefault(token, (time.perf_counter(), harness.calls[-1].type or 0))
            return result

        harness.webhook.request = timed_request  # type: ignore[method-assign]
        payloads = []
        for n in range(N):
            data = {
                "id": str(n + 1),
                "name": "ask",
                "type": 1,
                "options": [{"name": "question", "type": 3, "value": QUESTIONS[n % len(QUESTIONS)]}],
            }
            payloads.append(harness.base(2, data, user_id=10_000 + n))
        for p in payloads:
            started[p["token"]] = time.perf_counter()
            harness.feed(p)
        deadline = time.perf_counter() + 120

        def finished() -> int:  # answers sent at once, plus the follow-ups of deferred ones
            return sum(1 for c in harness.calls if c.type == 4 or not c.url.endswith("/callback"))

        while finished() < N and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        await bot.drain()  # the log writes; then the engine alone, with no answer still running
        latencies = [first[t][0] - started[t] for t in first]
        p50, p99 = percentiles(latencies)
        engine_samples = []
        for n in range(N):
            t0 = time.perf_counter()
            bot.engine.ask(QUESTIONS[n % len(QUESTIONS)])
            engine_samples.append(time.perf_counter() - t0)
        b50, b99 = percentiles(engine_samples)
        stats = await bot.store.stats()
        return Figures(
            answered=len(first),
            sent=sum(1 for _, kind in first.values() if kind == 4),
            deferred=sum(1 for _, kind in first.values() if kind == 5),
            p50=p50,
            p99=p99,
            base50=b50,
            base99=b99,
            logged=stats.asked,
        )


@contextlib.contextmanager
def backends() -> Iterator[list[tuple[str, Settings | str]]]:
    """SQLite in a temporary folder, and PostgreSQL on a throwaway server (or why it is missing)."""
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = Settings(DATABASE_PATH=Path(tmp) / "bench.sqlite3")  # type: ignore[call-arg]
        try:
            server = TempPostgres()
        except NoServer as exc:
            yield [("SQLite", sqlite), ("PostgreSQL", f"skipped: {exc}")]
            return
        with server:
            postgres = Settings(DATABASE_URL=server.create("bench"))  # type: ignore[call-arg]
            yield [("SQLite", sqlite), ("PostgreSQL", postgres)]


def main() -> int:
    print(f"/ask x{N} concurrent, dispatch -> first response (Discord's deadline 3000 ms), beside the engine alone:")
    with backends() as chosen:
        for name, settings in chosen:
            if isinstance(settings, str):
                print(f"  {name:10}  {settings}")
                continue
            f = asyncio.run(run(settings))
            print(
                f"  {name:10}  p50 {f.p50:7.1f} ms  p99 {f.p99:7.1f} ms | engine alone p50 {f.base50:5.2f} ms"
                f"  p99 {f.base99:5.2f} ms | {f.answered} answered ({f.sent} at once, {f.deferred} deferred),"
                f" {f.logged} logged"
            )
    return 0
