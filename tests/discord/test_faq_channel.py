"""The FAQ channel through dpytest: answers questions, ignores chatter and other channels,
applies cooldowns, never answers twice and never pings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from bot.client import FaqBotMixin, create_bot
from bot.cogs import faq_channel
from bot.testing import prepare_for_dpytest

from .conftest import make_settings


@pytest.fixture
async def channel_bot(tmp_path: Path) -> AsyncIterator[FaqBotMixin]:
    bot = create_bot(make_settings(tmp_path), sharded=False)
    assert isinstance(bot, commands.Bot) and not isinstance(bot, commands.AutoShardedBot)
    prepare_for_dpytest(bot)
    await bot.__aenter__()  # binds the loop; dpytest's fake gateway cannot be closed, so no __aexit__
    await bot.setup_hook()
    dpytest.configure(bot, guilds=["Treaty watchers"], text_channels=["faq", "general"], members=["alice", "bob"])
    try:
        yield bot
    finally:
        await dpytest.empty_queue()
        await bot.store.close()


async def test_question_in_faq_channel_is_answered(channel_bot: FaqBotMixin) -> None:
    await dpytest.message("anyone know where the third session was held?", channel=0)
    reply = dpytest.get_message()
    assert reply.embeds and "New York" in (reply.embeds[0].description or "")
    assert not reply.mentions and not reply.mention_everyone and not reply.role_mentions


async def test_chatter_is_ignored(channel_bot: FaqBotMixin) -> None:
    for text in ("the fourth session in Vienna was intense lol", "hi everyone!", "flying to vienna tomorrow"):
        await dpytest.message(text, channel=0)
    assert dpytest.verify().message().nothing()


async def test_other_channels_are_ignored(channel_bot: FaqBotMixin) -> None:
    await dpytest.message("where was the third session held?", channel=1)
    assert dpytest.verify().message().nothing()


async def test_channel_added_by_admin_is_answered(channel_bot: FaqBotMixin) -> None:
    cfg = dpytest.get_config()
    general = cfg.channels[1]
    await channel_bot.store.add_channel(general.guild.id, general.id)
    await dpytest.message("where was the fifth session held?", channel=1)
    assert "Vienna" in (dpytest.get_embed().description or "")


async def test_same_question_twice_gets_one_answer(channel_bot: FaqBotMixin) -> None:
    await dpytest.message("where was the third session held?", channel=0)
    dpytest.get_message()
    await dpytest.message("where was the third session held?", channel=0)
    assert dpytest.verify().message().nothing()


async def test_per_user_cooldown(channel_bot: FaqBotMixin) -> None:
    questions = ["where was the third session held?", "when was the convention adopted?", "who serves as secretariat?"]
    for q in questions:
        await dpytest.message(q, channel=0, member=0)
    answered = 0
    while not dpytest.sent_queue.empty():
        dpytest.get_message()
        answered += 1
    assert answered == faq_channel.USER_COOLDOWN[0]


async def test_mention_in_question_never_pings(channel_bot: FaqBotMixin) -> None:
    await dpytest.message("@everyone where was the third session held?", channel=0)
    reply = dpytest.get_message()
    assert not reply.mention_everyone and not reply.mentions
    assert "@everyone" not in (reply.content or "")


async def test_bots_are_ignored(channel_bot: FaqBotMixin) -> None:
    cfg = dpytest.get_config()
    bot_member = cfg.guilds[0].me
    await dpytest.message("where was the third session held?", channel=0, member=bot_member)
    assert dpytest.verify().message().nothing()


async def test_unanswered_questions_are_logged_chatter_is_not(channel_bot: FaqBotMixin) -> None:
    await dpytest.message("what is the capital of Estonia?", channel=0)
    await dpytest.message("great discussion today", channel=0)
    stats = await channel_bot.store.stats()
    assert (stats.asked, stats.unanswered) == (1, 1)
