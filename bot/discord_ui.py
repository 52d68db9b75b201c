"""Discord payloads built from engine answers: embeds, buttons and selects, inside Discord's limits.

Components are DynamicItems: their state lives in the custom_id, so buttons keep working after a
restart and clicks reach the bot through discord.py's normal dispatch.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Protocol, cast

import discord

from bot.answers.answer import Answer, Suggestion

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)

CONTENT_MAX = 2000
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
FIELD_VALUE_MAX = 1024
EMBED_TOTAL_MAX = 6000
FOOTER_MAX = 2048
MAX_FIELDS = 25
MAX_CHOICES = 25
CUSTOM_ID_MAX = 100
SELECT_LABEL_MAX = 100
BUTTON_LABEL_MAX = 80
VIEW_TIMEOUT = 600.0

COLOR_ANSWER = discord.Colour.from_rgb(0, 158, 219)  # UN blue
COLOR_UNSURE = discord.Colour.gold()
COLOR_NONE = discord.Colour.light_grey()

NO_MENTIONS = discord.AllowedMentions.none()

FALLBACK_TIPS = (
    "Tips: name a session (\u201c4th session venue\u201d), a country (\u201cvice-chair from Japan\u201d), "
    "a document symbol (A/AC.291/7), or browse with /session, /bureau, /document and /faq."
)


class AnswersIntents(Protocol):
    async def answer_intent(
        self, interaction: discord.Interaction[Any], intent_id: str, slots: dict[str, str]
    ) -> None: ...


class FaqClient(Protocol):
    """What components need from the bot; a protocol, so this module never imports the client."""

    @property
    def store(self) -> Store: ...

    @property
    def responder(self) -> AnswersIntents: ...


def faq_client(interaction: discord.Interaction[Any]) -> FaqClient:
    return cast(FaqClient, interaction.client)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def encode_slots(slots: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(slots.items()))


def decode_slots(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k] = v
    return out


def sources_field(answer: Answer) -> str:
    lines = []
    for c in answer.citations:
        pin = f", {c.pinpoint}" if c.pinpoint else ""
        lines.append(f"[{c.symbol}]({c.url}){pin}")
    value = ""
    for line in lines:
        candidate = f"{value}\n{line}" if value else line
        if len(candidate) > FIELD_VALUE_MAX:
            break
        value = candidate
    return value


def answer_embed(answer: Answer, *, title: str | None = None) -> discord.Embed:
    """The embed for one answer: text, a Sources field, an 'as of' footer."""
    if answer.answered:
        color = COLOR_ANSWER
    elif answer.suggestions:
        color = COLOR_UNSURE
    else:
        color = COLOR_NONE
    heading = title if title is not None else (answer.question.strip() or "FAQ")
    text = answer.text if answer.answered or answer.suggestions else f"{answer.text}\n\n{FALLBACK_TIPS}"
    embed = discord.Embed(
        title=clip(discord.utils.escape_mentions(heading), EMBED_TITLE_MAX),
        description=clip(text, EMBED_DESCRIPTION_MAX),
        colour=color,
    )
    sources = sources_field(answer)
    if sources:
        embed.add_field(name="Sources", value=sources, inline=False)
    footer = []
    if answer.as_of:
        footer.append(f"as of {answer.as_of.day} {answer.as_of:%B} {answer.as_of.year}")
    if answer.answered:
        footer.append(f"confidence {answer.confidence:.0%}")
    if footer:
        embed.set_footer(text=clip(" · ".join(footer), FOOTER_MAX))
    return fit_embed(embed)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Trim the description until the whole embed is within Discord's 6,000 characters."""
    excess = len(embed) - EMBED_TOTAL_MAX
    if excess > 0 and embed.description:
        embed.description = clip(embed.description, max(1, len(embed.description) - excess - 1))
    return embed


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"faq:vote:(?P<vote>up|down):(?P<qid>\d+)"
):
    def __init__(self, vote: str, qid: int) -> None:
        self.vote = vote
        self.qid = qid
        super().__init__(
            discord.ui.Button(
                emoji="👍" if vote == "up" else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"faq:vote:{vote}:{qid}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> FeedbackButton:
        return cls(match["vote"], int(match["qid"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bot = faq_client(interaction)
        await bot.store.add_feedback(self.qid, interaction.user.id, 1 if self.vote == "up" else -1, None)
        await interaction.response.send_message(
            "Thanks for the feedback." if self.vote == "up" else "Thanks — the maintainers will look at this answer.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )


class RelatedButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"faq:rel:(?P<intent>[a-z0-9_.]+):(?P<slots>.*)"
):
    def __init__(self, intent: str, slots: str, label: str = "Related") -> None:
        self.intent = intent
        self.slots = slots
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL_MAX),
                style=discord.ButtonStyle.primary,
                custom_id=f"faq:rel:{intent}:{slots}"[:CUSTOM_ID_MAX],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RelatedButton:
        return cls(match["intent"], match["slots"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await faq_client(interaction).responder.answer_intent(interaction, self.intent, decode_slots(self.slots))


class SuggestionSelect(discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"faq:pick:(?P<qid>\d+)"):
    def __init__(self, qid: int, options: list[discord.SelectOption] | None = None) -> None:
        self.qid = qid
        super().__init__(
            discord.ui.Select(
                custom_id=f"faq:pick:{qid}",
                placeholder="Did you mean…",
                options=options or [discord.SelectOption(label="…", value="none")],
                min_values=1,
                max_values=1,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> SuggestionSelect:
        self = cls(int(match["qid"]))
        if isinstance(item, discord.ui.Select):
            self.item.options = item.options
        return self

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        values = self.item.values
        if not values:
            await interaction.response.send_message("Nothing was picked.", ephemeral=True)
            return
        intent, _, slots = str(values[0]).partition("|")
        await faq_client(interaction).responder.answer_intent(interaction, intent, decode_slots(slots))


class DismissButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"faq:dismiss:(?P<asker>\d+):(?P<qid>\d+)"
):
    def __init__(self, asker: int, qid: int) -> None:
        self.asker = asker
        self.qid = qid
        super().__init__(
            discord.ui.Button(label="Dismiss", style=discord.ButtonStyle.danger, custom_id=f"faq:dismiss:{asker}:{qid}")
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> DismissButton:
        return cls(int(match["asker"]), int(match["qid"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bot = faq_client(interaction)
        user = interaction.user
        perms = interaction.permissions  # resolved for this channel by Discord
        is_moderator = interaction.guild_id is not None and (perms.manage_messages or perms.manage_guild)
        if user.id != self.asker and not is_moderator:
            await interaction.response.send_message(
                "Only the person who asked, or a moderator, can dismiss this answer.", ephemeral=True
            )
            return
        await bot.store.add_feedback(self.qid, user.id, -1, None)
        await interaction.response.defer()
        if interaction.message is not None:
            await interaction.message.delete()


def suggestion_options(suggestions: tuple[Suggestion, ...], slots: dict[str, str]) -> list[discord.SelectOption]:
    options = []
    for s in suggestions[:MAX_CHOICES]:
        value = f"{s.intent}|{encode_slots(slots)}"[:SELECT_LABEL_MAX]
        options.append(discord.SelectOption(label=clip(s.question, SELECT_LABEL_MAX), value=value))
    return options


def answer_view(answer: Answer, qid: int, *, asker: int | None = None, dismiss: bool = False) -> discord.ui.View:
    """👍/👎 and Related buttons for an answer; a 'Did you mean…' select when unsure."""
    view = discord.ui.View(timeout=VIEW_TIMEOUT)
    if answer.answered:
        view.add_item(FeedbackButton("up", qid))
        view.add_item(FeedbackButton("down", qid))
        slots = encode_slots(answer.entities)
        for rel in answer.related[:2]:
            fits = len(f"faq:rel:{rel.intent}:{slots}") <= CUSTOM_ID_MAX
            view.add_item(RelatedButton(rel.intent, slots if fits else "", label=f"Related: {rel.question}"))
    elif answer.suggestions:
        view.add_item(SuggestionSelect(qid, suggestion_options(answer.suggestions, answer.entities)))
    if dismiss and asker is not None:
        view.add_item(DismissButton(asker, qid))
    return view


def topic_options(titles: list[tuple[str, str]]) -> list[discord.SelectOption]:
    return [
        discord.SelectOption(label=clip(title, SELECT_LABEL_MAX), value=f"{intent}|"[:SELECT_LABEL_MAX])
        for intent, title in titles[:MAX_CHOICES]
    ]
