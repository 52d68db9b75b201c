"""/ask and the "Ask the FAQ bot" message command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_ui import NO_MENTIONS

if TYPE_CHECKING:
    from bot.client import FaqBotMixin

QUESTION_MAX = 500
ASK_RATE, ASK_PER = 5, 30.0
"""/ask cooldown per user: at most 5 questions per 30 seconds."""


class AskCog(commands.Cog):
    def __init__(self, bot: FaqBotMixin) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name="Ask the FAQ bot", callback=self.ask_message)
        self.menu.allowed_contexts = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(name="ask", description="Ask a question about the UN Convention against Cybercrime")
    @app_commands.describe(
        question="Your question, e.g. 'where was the 4th session held?'", ephemeral="Only you see the answer"
    )
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.checks.cooldown(ASK_RATE, ASK_PER, key=lambda i: i.user.id)
    async def ask(
        self,
        interaction: discord.Interaction[Any],
        question: app_commands.Range[str, 1, QUESTION_MAX],
        ephemeral: bool = False,
    ) -> None:
        if self.bot.duplicates.is_duplicate(interaction.user.id, question):
            await interaction.response.send_message(
                "I've just answered that question for you — see my answer above.",
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
            return
        await self.bot.responder.respond_to_question(interaction, question, ephemeral=ephemeral)

    async def ask_message(self, interaction: discord.Interaction[Any], message: discord.Message) -> None:
        text = message.content.strip()
        if not text:
            await interaction.response.send_message("That message has no text to answer.", ephemeral=True)
            return
        engine = self.bot.engine
        await self.bot.responder.respond(interaction, lambda: engine.ask(text[:QUESTION_MAX], "ask"), ephemeral=True)


async def setup(bot: FaqBotMixin) -> None:
    await bot.add_cog(AskCog(bot))
