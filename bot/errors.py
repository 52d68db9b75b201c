"""The one handler for errors raised by slash commands and components, in this order: cooldowns
(say when to retry), failed checks (say the permission is missing), anything else (log it, apologise)."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.discord_ui import NO_MENTIONS

log = logging.getLogger(__name__)


def error_message(error: app_commands.AppCommandError) -> str:
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"You're asking quickly — please try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.CheckFailure):
        return "You don't have permission to use this command here."
    log.error("command failed: %s", error, exc_info=error)
    return "Sorry, something went wrong while answering. The maintainers have been told."


async def on_app_command_error(interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
    message = error_message(error)
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
