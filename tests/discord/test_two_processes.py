"""Two bot instances, each on its own event loop and thread, sharing one PostgreSQL database,
behave as one bot: FAQ channels, reloads and the question log are shared."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.client import FaqBotMixin, create_bot
from bot.report import report_main
from bot.settings import Settings
from bot.testing import CHANNEL_ID, GUILD_ID, MANAGE_GUILD, Call, Harness

from ..test_reload import flip_venue

T = TypeVar("T")
FAQ_ID = 700000000000000077


class BotOnItsOwnLoop:
    """One bot instance on an event loop in its own thread, as another process would have."""

    def __init__(self, settings: Settings) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.bot: FaqBotMixin = self.call(self._start(settings))
        self.harness = Harness(self.bot, channels={CHANNEL_ID: "general", FAQ_ID: "treaty-questions"})

    async def _start(self, settings: Settings) -> FaqBotMixin:
        bot = create_bot(settings, sharded=False)
        await bot.__aenter__()
        await bot.setup_hook()
        return bot

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def ask(self, question: str) -> Call:
        (call,) = self.call(self.harness.command("ask", [{"name": "question", "type": 3, "value": question}]))
        self.call(self.bot.drain())
        return call

    async def _stop(self) -> None:
        """Close the bot, then end what is left on the loop (views waiting to time out), as asyncio.run does."""
        await self.bot.close()
        rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in rest:
            task.cancel()
        await asyncio.gather(*rest, return_exceptions=True)

    def close(self) -> None:
        self.call(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


def add_channel_payload(harness: Harness, channel_id: int) -> dict[str, Any]:
    option = {"name": "channel", "type": 7, "value": str(channel_id)}
    resolved = {
        "channels": {
            str(channel_id): {
                "id": str(channel_id),
                "type": 0,
                "name": "treaty-questions",
                "permissions": "0",
                "guild_id": str(GUILD_ID),
            }
        }
    }
    data = {
        "id": "1",
        "name": "faqadmin",
        "type": 1,
        "resolved": resolved,
        "options": [{"name": "channel", "type": 2, "options": [{"name": "add", "type": 1, "options": [option]}]}],
    }
    return harness.base(2, data, permissions=MANAGE_GUILD)


@pytest.fixture
def pair(pg_url: str, data_copy: tuple[Path, Path]) -> Iterator[tuple[BotOnItsOwnLoop, BotOnItsOwnLoop]]:
    k, i = data_copy
    settings = Settings(DATABASE_URL=pg_url, KNOWLEDGE_DIR=k, INTENTS_DIR=i)  # type: ignore[call-arg]
    a = BotOnItsOwnLoop(settings)
    b = BotOnItsOwnLoop(settings)
    try:
        yield a, b
    finally:
        a.close()
        b.close()


def test_a_channel_added_through_one_is_used_by_the_other(pair: tuple[BotOnItsOwnLoop, BotOnItsOwnLoop]) -> None:
    a, b = pair
    assert b.call(b.harness.message("where was the fifth session held?", channel_id=FAQ_ID, expect=0)) == []
    (added,) = a.call(a.harness.dispatch(add_channel_payload(a.harness, FAQ_ID)))
    assert "is now a FAQ channel" in added.data["content"]
    deadline = time.monotonic() + 5
    while FAQ_ID not in b.call(b.bot.store.channels(GUILD_ID)) and time.monotonic() < deadline:
        time.sleep(0.02)
    (reply,) = b.call(b.harness.message("where was the third session held?", channel_id=FAQ_ID))
    assert reply.url.endswith(f"/channels/{FAQ_ID}/messages")
    assert "New York" in reply.json["embeds"][0]["description"]


def test_a_reload_in_one_reaches_the_other(
    pair: tuple[BotOnItsOwnLoop, BotOnItsOwnLoop], data_copy: tuple[Path, Path]
) -> None:
    a, b = pair
    assert "**Vienna**" in b.ask("where was the fourth session held?").data["embeds"][0]["description"]
    flip_venue(data_copy[0], "new-york")
    # Both "processes" share one interpreter here, so the other's rebuild competes for the same
    # lock; on a loaded machine it can take longer than the production wait for a report.
    a.bot.cluster.wait = 45.0
    calls = a.call(a.harness.command("faqadmin", sub="reload", permissions=MANAGE_GUILD, expect=2))
    version = a.bot.engine.version
    assert f"2 of 2 process(es) took version {version}" in calls[1].json["content"]
    assert b.bot.engine.version == version
    assert "**New York**" in b.ask("where is the 4th session held?").data["embeds"][0]["description"]


def test_report_counts_both_processes_questions(
    pair: tuple[BotOnItsOwnLoop, BotOnItsOwnLoop], pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = pair
    assert "embeds" in a.ask("what is the capital of Estonia?").data
    assert "embeds" in b.ask("best pizza in new york?").data
    b.ask("who is the chair")
    (stats,) = a.call(a.harness.command("faqadmin", sub="stats", permissions=MANAGE_GUILD))
    fields = {f["name"]: f["value"] for f in stats.data["embeds"][0]["fields"]}
    assert fields["Asked"] == "3"
    assert stats.data["embeds"][0]["footer"]["text"].endswith("· 2 process(es) running")
    assert report_main(Settings(DATABASE_URL=pg_url)) == 0  # type: ignore[call-arg]
    out = capsys.readouterr().out
    assert "capital of Estonia" in out and "best pizza in new york" in out
