"""A bot built by create_bot(sharded=False), with its store in a temporary folder and HTTP recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import FaqBotMixin, create_bot
from bot.settings import Settings
from bot.testing import Harness


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "DATABASE_PATH": tmp_path / "bot.sqlite3",
        "FAQ_CHANNELS": "faq",
        "DISCORD_TOKEN": "test-token-not-real",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[FaqBotMixin]:
    b = create_bot(make_settings(tmp_path), sharded=False)
    async with b:  # binds the event loop as `run` does, without logging in
        await b.setup_hook()
        yield b


@pytest.fixture
async def harness(bot: FaqBotMixin) -> Harness:
    return Harness(bot)
