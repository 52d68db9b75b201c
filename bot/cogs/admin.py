"""/faqadmin: reload the YAML, manage FAQ channels, see stats. Manage Server, checked again at run time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.cluster import ClusterReload
from bot.discord_ui import NO_MENTIONS, clip

if TYPE_CHECKING:
    from bot.client import FaqBotMixin

MAX_PROBLEMS_SHOWN = 15
TEXT_TYPES = (discord.ChannelType.text, discord.ChannelType.news, discord.ChannelType.forum)


def processes_note(outcome: ClusterReload) -> str:
    """How many processes took the new version, and why any did not."""
    total = max(len(outcome.processes), 1)
    lines = [f"{outcome.took} of {total} process(es) took version {outcome.result.version}."]
    for p in outcome.others[:MAX_PROBLEMS_SHOWN]:
        why = f"validation failed: {p.detail}" if p.status == "kept" else "did not report in time"
        lines.append(f"• process {p.id} (shards {p.shards}) still serves version {p.version}; {why}")
    return "\n".join(lines)


def can_manage(interaction: discord.Interaction[Any]) -> bool:
    """Default permissions can be overridden per server; check the real permission on every call."""
    return interaction.guild_id is not None and interaction.permissions.manage_guild


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class FaqAdmin(commands.GroupCog, group_name="faqadmin", group_description="Maintain the FAQ bot"):
    channel = app_commands.Group(name="channel", description="FAQ channels where the bot answers on its own")

    def __init__(self, bot: FaqBotMixin) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if not can_manage(interaction):
            raise app_commands.CheckFailure("Manage Server is needed")
        return True

    @app_commands.command(name="reload", description="Re-read the knowledge and intents YAML")
    async def reload(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.bot.cluster.reload_all()
        result = outcome.result
        if result.ok:
            engine = self.bot.engine
            text = (
                f"Reloaded: version {result.version}, {len(engine.intents)} intents, "
                f"{len(engine.kb.sessions)} sessions, {len(engine.kb.documents)} documents.\n" + processes_note(outcome)
            )
            if result.changes:
                text += f"\nWhat changed in the answers:\n```\n{result.changes}\n```"
            text = clip(text, 1990)
        else:
            shown = "\n".join(result.problems[:MAX_PROBLEMS_SHOWN])
            more = len(result.problems) - MAX_PROBLEMS_SHOWN
            extra = f"\n…and {more} more" if more > 0 else ""
            text = clip(f"Reload refused; still serving version {result.version}.\n```\n{shown}{extra}\n```", 1990)
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @channel.command(name="add", description="Answer questions in this channel on its own")
    async def channel_add(self, interaction: discord.Interaction[Any], channel: app_commands.AppCommandChannel) -> None:
        assert interaction.guild_id is not None
        if channel.type not in TEXT_TYPES:
            await interaction.response.send_message("Pick a text channel.", ephemeral=True)
            return
        added = await self.bot.store.add_channel(interaction.guild_id, channel.id)
        note = "is now a FAQ channel" if added else "was already a FAQ channel"
        await interaction.response.send_message(
            f"{channel.mention} {note}.", ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @channel.command(name="remove", description="Stop answering on its own in a channel")
    async def channel_remove(
        self, interaction: discord.Interaction[Any], channel: app_commands.AppCommandChannel
    ) -> None:
        assert interaction.guild_id is not None
        removed = await self.bot.store.remove_channel(interaction.guild_id, channel.id)
        note = "is no longer a FAQ channel" if removed else "was not a FAQ channel"
        await interaction.response.send_message(
            f"{channel.mention} {note}.", ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @channel.command(name="list", description="List the FAQ channels of this server")
    async def channel_list(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        ids = await self.bot.store.channels(interaction.guild_id)
        configured = [f"#{c}" if not c.isdigit() else f"<#{c}>" for c in self.bot.settings.faq_channels]
        lines = [f"<#{cid}>" for cid in ids] + [f"{c} (from FAQ_CHANNELS)" for c in configured]
        await interaction.response.send_message(
            "FAQ channels: " + (", ".join(lines) or "none"), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="stats", description="Questions asked and answered, and feedback")
    async def stats(self, interaction: discord.Interaction[Any]) -> None:
        s = await self.bot.store.stats(interaction.guild_id)
        embed = discord.Embed(title="FAQ bot statistics", colour=discord.Colour.blurple())
        embed.add_field(name="Asked", value=str(s.asked))
        embed.add_field(name="Answered", value=str(s.answered))
        embed.add_field(name="Unanswered", value=str(s.unanswered))
        embed.add_field(name="👍", value=str(s.thumbs_up))
        embed.add_field(name="👎", value=str(s.thumbs_down))
        running = len(await self.bot.cluster.alive())
        embed.set_footer(text=f"knowledge version {self.bot.engine.version} · {running} process(es) running")
        stale = self.bot.engines.problems_on_disk
        if stale:
            embed.add_field(
                name="Serving an older version",
                value=clip(
                    f"The YAML on disk has {len(stale)} problem(s), so the bot started on the last version that "
                    f"passed validation. Fix them, then /faqadmin reload.\n```\n{stale[0]}\n```",
                    1000,
                ),
                inline=False,
            )
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: FaqBotMixin) -> None:
    await bot.add_cog(FaqAdmin(bot))
