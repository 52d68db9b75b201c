"""Browsing: /session, /bureau, /document, /convention and /faq, with autocomplete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands
from rapidfuzz import fuzz, process

from bot.discord_ui import MAX_CHOICES, NO_MENTIONS, SELECT_LABEL_MAX, SuggestionSelect, clip, topic_options
from bot.kb.frontends import (
    BUREAU_BY_KIND,
    BUREAU_OVERVIEW,
    BUREAU_SEATS,
    CONVENTION_OVERVIEW,
    DOCUMENT_LOOKUP,
    SESSION_INFO,
    SESSION_TIMELINE,
)
from bot.kb.models import is_un_symbol

if TYPE_CHECKING:
    from bot.client import FaqBotMixin

TOPICS = ["convention", "committee", "sessions", "bureau", "documents"]


def rank_choices(current: str, choices: dict[str, str]) -> list[app_commands.Choice[str]]:
    """Up to 25 choices (label -> value), fuzzily ranked against what the user typed."""
    labels = list(choices)
    if current.strip():
        hits = process.extract(current, labels, scorer=fuzz.WRatio, limit=MAX_CHOICES, score_cutoff=40)
        ordered = [h[0] for h in hits]
    else:
        ordered = labels[:MAX_CHOICES]
    return [
        app_commands.Choice(name=clip(label, SELECT_LABEL_MAX), value=choices[label][:SELECT_LABEL_MAX])
        for label in ordered[:MAX_CHOICES]
    ]


class BrowseCog(commands.Cog):
    def __init__(self, bot: FaqBotMixin) -> None:
        self.bot = bot

    # --- /session ------------------------------------------------------------------------------

    def session_choices(self) -> dict[str, str]:
        return self.bot.engine.choices("session")

    async def session_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return rank_choices(current, self.session_choices())

    @app_commands.command(name="session", description="A session of the Ad Hoc Committee, or the timeline of all")
    @app_commands.describe(name="Which session (leave empty for the timeline)", ephemeral="Only you see the answer")
    @app_commands.autocomplete(name=session_autocomplete)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def session(
        self, interaction: discord.Interaction[Any], name: str | None = None, ephemeral: bool = False
    ) -> None:
        engine = self.bot.engine
        if not name:
            await self.bot.responder.respond(
                interaction, lambda: engine.render(SESSION_TIMELINE.id, {}), ephemeral=ephemeral
            )
            return
        found = engine.find(name, ["session"])
        session_id = name if name in engine.kb.sessions_by_id else (found[1] if found else None)
        if session_id is None:
            await interaction.response.send_message(
                f"I don't know a session called “{clip(name, 100)}”. Pick one from the list, or leave the name "
                "empty for the timeline.",
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
            return
        await self.bot.responder.respond(
            interaction, lambda: engine.render(SESSION_INFO.id, {"session": session_id}), ephemeral=ephemeral
        )

    # --- /bureau -------------------------------------------------------------------------------

    def bureau_choices(self) -> dict[str, str]:
        kb = self.bot.engine.kb
        out: dict[str, str] = {}
        for seat in kb.current.seats:
            if seat.holder:
                out[f"{seat.holder.name} ({seat.holder.country})"] = f"person={seat.holder.name}"
        for kind in ("country", "group"):
            out.update({label: f"{kind}={value}" for label, value in self.bot.engine.choices(kind).items()})
        out.update({label: f"intent={used.id}" for label, used in BUREAU_SEATS})
        return out

    async def bureau_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return rank_choices(current, self.bureau_choices())

    @app_commands.command(name="bureau", description="The Committee's bureau: seats, countries and people")
    @app_commands.describe(
        query="A country, person, regional group or seat (empty: the whole bureau)", ephemeral="Only you see the answer"
    )
    @app_commands.autocomplete(query=bureau_autocomplete)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def bureau(
        self, interaction: discord.Interaction[Any], query: str | None = None, ephemeral: bool = False
    ) -> None:
        engine = self.bot.engine
        intent, slots = BUREAU_OVERVIEW.id, {}
        if query:
            kind, _, value = query.partition("=")
            if kind == "intent" and value in engine.by_id:
                intent = value
            elif kind in BUREAU_BY_KIND and value:
                intent, slots = BUREAU_BY_KIND[kind].id, {kind: value}
            elif found := engine.find(query, list(BUREAU_BY_KIND)):  # free text naming a person, country or group
                intent, slots = BUREAU_BY_KIND[found[0]].id, {found[0]: found[1]}
        if not engine.renderable(intent, slots):
            intent, slots = BUREAU_OVERVIEW.id, {}
        await self.bot.responder.respond(interaction, lambda: engine.render(intent, slots), ephemeral=ephemeral)

    # --- /document -----------------------------------------------------------------------------

    def document_choices(self) -> dict[str, str]:
        return self.bot.engine.choices("document")

    async def document_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return rank_choices(current, self.document_choices())

    @app_commands.command(name="document", description="A UN document by its symbol, e.g. A/AC.291/7")
    @app_commands.describe(symbol="The document symbol", ephemeral="Only you see the answer")
    @app_commands.autocomplete(symbol=document_autocomplete)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def document(self, interaction: discord.Interaction[Any], symbol: str, ephemeral: bool = False) -> None:
        engine = self.bot.engine
        canonical = engine.document_symbol(symbol)
        if canonical in engine.kb.documents:
            await self.bot.responder.respond(
                interaction, lambda: engine.render(DOCUMENT_LOOKUP.id, {"document": canonical}), ephemeral=ephemeral
            )
            return
        shown = clip(discord.utils.escape_markdown(canonical), 100)
        link = f" Official link: https://undocs.org/{canonical}" if is_un_symbol(canonical) else ""
        await interaction.response.send_message(
            f"{shown} is not in the knowledge base.{link}", ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    # --- /convention and /faq ------------------------------------------------------------------

    @app_commands.command(name="convention", description="Overview of the UN Convention against Cybercrime")
    @app_commands.describe(ephemeral="Only you see the answer")
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def convention(self, interaction: discord.Interaction[Any], ephemeral: bool = False) -> None:
        engine = self.bot.engine
        await self.bot.responder.respond(
            interaction, lambda: engine.render(CONVENTION_OVERVIEW.id, {}), ephemeral=ephemeral
        )

    @app_commands.command(name="faq", description="Browse the questions the bot answers, by topic")
    @app_commands.describe(topic="Which topic")
    @app_commands.choices(topic=[app_commands.Choice(name=t.capitalize(), value=t) for t in TOPICS])
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def faq(self, interaction: discord.Interaction[Any], topic: str) -> None:
        engine = self.bot.engine
        titles, needs = engine.questions_in(topic)
        lines = [f"• {title}" for _, title in titles]
        lines += [f"• {title} — ask with /ask, naming it" for title in needs]
        embed = discord.Embed(title=f"FAQ: {topic}", description=clip("\n".join(lines) or "Nothing here yet.", 4000))
        view = discord.ui.View(timeout=600)
        if titles:
            view.add_item(SuggestionSelect(0, topic_options(titles)))
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: FaqBotMixin) -> None:
    await bot.add_cog(BrowseCog(bot))
