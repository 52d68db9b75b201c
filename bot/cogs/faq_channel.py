"""FAQ channels: answer questions unprompted, only when sure, never twice, never pinging anyone."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord_ui import NO_MENTIONS, answer_embed, answer_view

if TYPE_CHECKING:
    from bot.client import FaqBotMixin

log = logging.getLogger(__name__)

CHANNEL_COOLDOWN = (3, 60.0)
"""At most 3 unprompted answers per channel per minute."""
USER_COOLDOWN = (2, 60.0)
"""At most 2 unprompted answers per user per minute."""
SEEN_MAX = 5000


class FaqChannelCog(commands.Cog):
    def __init__(self, bot: FaqBotMixin) -> None:
        self.bot = bot
        self.channel_cd = commands.CooldownMapping.from_cooldown(*CHANNEL_COOLDOWN, commands.BucketType.channel)
        self.user_cd = commands.CooldownMapping.from_cooldown(*USER_COOLDOWN, commands.BucketType.user)
        self._seen: dict[int, None] = {}

    async def is_faq_channel(self, message: discord.Message) -> bool:
        channel = message.channel
        configured = self.bot.settings.faq_channels
        if str(channel.id) in configured or getattr(channel, "name", None) in configured:
            return True
        if message.guild is None:
            return False
        return channel.id in await self.bot.store.channels(message.guild.id)

    def first_time(self, message_id: int) -> bool:
        if message_id in self._seen:
            return False
        self._seen[message_id] = None
        if len(self._seen) > SEEN_MAX:
            self._seen.pop(next(iter(self._seen)))
        return True

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None or message.guild is None:
            return
        if not self.bot.accepting or not message.content.strip():
            return
        if not await self.is_faq_channel(message) or not self.first_time(message.id):
            return
        answer = await self.bot.responder.ask(
            message.content, "channel", channel_id=message.channel.id, user_id=message.author.id
        )
        if not answer.reads_as_question:
            return  # chatter: not logged, not answered
        qid = await self.bot.store.log_question(
            guild_id=message.guild.id,
            channel_id=message.channel.id,
            user_id=message.author.id,
            question=message.content,
            intent=answer.intent,
            confidence=answer.confidence,
            answered=answer.answered,
            mode="channel",
        )
        if not answer.answered:
            return
        if self.bot.duplicates.is_duplicate(message.author.id, message.content):
            return
        if self.channel_cd.update_rate_limit(message) or self.user_cd.update_rate_limit(message):
            log.debug("FAQ answer held back by cooldown in channel %s", message.channel.id)
            return
        try:
            await message.reply(
                embed=answer_embed(answer),
                view=answer_view(answer, qid, asker=message.author.id, dismiss=True),
                allowed_mentions=NO_MENTIONS,
                mention_author=False,
            )
        except discord.HTTPException as exc:  # e.g. no Send Messages / Embed Links permission there
            log.warning("could not answer in channel %s: %s %s", message.channel.id, exc.status, exc.text)


async def setup(bot: FaqBotMixin) -> None:
    await bot.add_cog(FaqChannelCog(bot))
