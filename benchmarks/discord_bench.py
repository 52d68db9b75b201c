"""1,000 concurrent /ask interactions through discord.py's interaction path, HTTP intercepted.

Reports p50/p99 from dispatch to the first response, and how many were sent at once or deferred,
beside a baseline measured in the same run: the same questions answered by the engine alone.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from benchmarks.engine_bench import QUESTIONS, percentiles
from bot.client import create_bot
from bot.settings import Settings
from bot.testing import Harness

N = 1000


async def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bot = create_bot(Settings(DATABASE_PATH=Path(tmp) / "bench.sqlite3"))  # type: ignore[call-arg]
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

            async def timed_request(route, session, **kwargs):  # type: ignore[no-untyped-def]
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
                bot._connection.parse_interaction_create(p)
            deadline = time.perf_counter() + 60
            while len(first) < N and time.perf_counter() < deadline:
                await asyncio.sleep(0.01)
            await bot.drain()
            latencies = [first[t][0] - started[t] for t in first]
            sent = sum(1 for _, kind in first.values() if kind == 4)
            deferred = sum(1 for _, kind in first.values() if kind == 5)
            p50, p99 = percentiles(latencies)
            engine_samples = []
            for n in range(N):
                t0 = time.perf_counter()
                bot.engine.ask(QUESTIONS[n % len(QUESTIONS)])
                engine_samples.append(time.perf_counter() - t0)
            b50, b99 = percentiles(engine_samples)
            stats = await bot.store.stats()
            print(
                f"/ask x{N} concurrent: {len(first)} answered ({sent} sent at once, {deferred} deferred), "
                f"dispatch->first response p50 {p50:.1f} ms, p99 {p99:.1f} ms "
                f"(Discord's deadline 3000 ms) | engine alone p50 {b50:.2f} ms, p99 {b99:.2f} ms | "
                f"{stats.asked} logged"
            )


def main() -> int:
    asyncio.run(run())
    return 0
