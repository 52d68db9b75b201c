"""The Discord bot: `create_bot(settings=None)` builds it without touching the network; `run()` connects.

The engine and the store are injected; cogs are thin and never score text themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import time
from collections.abc import Callable, Coroutine
from typing import Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands
from pydantic import ValidationError

from bot.answers.answer import Answer
from bot.discord_ui import (
    NO_MENTIONS,
    DismissButton,
    FeedbackButton,
    RelatedButton,
    SuggestionSelect,
    answer_embed,
    answer_view,
)
from bot.engine import Engine, Mode, Thresholds
from bot.engine_ref import EngineRef
from bot.kb.loader import KnowledgeError
from bot.settings import Settings
from bot.store import Store

log = logging.getLogger(__name__)

DEFER_AFTER = 1.5
"""Seconds to wait for the engine before deferring: Discord allows 3 s for the first response."""
SHUTDOWN_GRACE = 5.0
"""Seconds in-flight answers get to finish on SIGINT/SIGTERM."""
DUPLICATE_WINDOW = 60.0
"""A user asking the same question again within this many seconds gets one answer, not two."""
ASK_RATE, ASK_PER = 5, 30.0
"""/ask cooldown per user: at most 5 questions per 30 seconds."""

COG_MODULES = ("bot.cogs.ask", "bot.cogs.browse", "bot.cogs.faq_channel", "bot.cogs.admin")


class FaqBotMixin(commands.Bot):
    """Everything the FAQ bot adds to a discord.py bot; FaqBot puts it on an AutoShardedBot."""

    def __init__(self, settings: Settings, engines: EngineRef, store: Store | None = None) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # the FAQ channel reads questions; switch it on in the Developer Portal
        options: dict[str, Any] = {}
        if settings.shard_count:
            options["shard_count"] = settings.shard_count
        if settings.shard_ids:
            options["shard_ids"] = list(settings.shard_ids)
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=NO_MENTIONS,
            help_command=None,
            **options,
        )
        self.settings = settings
        self.engines = engines
        self._store = store
        self.accepting = True
        self._inflight: set[asyncio.Task[Any]] = set()
        self._recent: dict[tuple[int, str], float] = {}
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    # --- lifecycle --------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store opens in setup_hook")
        return self._store

    @property
    def engine(self) -> Engine:
        return self.engines.current

    async def setup_hook(self) -> None:
        """Open the store and load every cog. No network call happens here."""
        if self._store is None:
            self._store = await Store.open(self.settings.database_path, log_questions=self.settings.log_questions)
        for module in COG_MODULES:
            await self.load_extension(module)
            log.info("loaded %s", module)
        self.add_dynamic_items(FeedbackButton, RelatedButton, SuggestionSelect, DismissButton)
        engine = self.engine
        log.info(
            "knowledge version %s: %d intents, %d sessions, %d documents",
            engine.version,
            len(engine.intents),
            len(engine.kb.sessions),
            len(engine.kb.documents),
        )

    async def shutdown(self) -> None:
        """Stop accepting work, let in-flight answers finish (bounded), then close Discord and the store."""
        self.accepting = False
        await self.drain(SHUTDOWN_GRACE)
        await self.close()

    async def drain(self, timeout: float | None = None) -> None:
        """Wait for in-flight answers and log writes (at most `timeout` seconds)."""
        pending = [t for t in self._inflight if not t.done() and t is not asyncio.current_task()]
        if pending:
            log.info("waiting for %d in-flight task(s)", len(pending))
            await asyncio.wait(pending, timeout=timeout)

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            await self._close_store()

    async def _close_store(self) -> None:
        if self._store is not None:
            store, self._store = self._store, None
            await store.close()

    def track(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)
        return task

    # --- answering --------------------------------------------------------------------------

    async def compute(self, fn: Callable[[], Answer]) -> Answer:
        """Engine work runs in a worker thread so the event loop never blocks on it."""
        return await asyncio.to_thread(fn)

    def is_duplicate(self, user_id: int, question: str) -> bool:
        now = time.monotonic()
        key = (user_id, " ".join(question.casefold().split()))
        if len(self._recent) > 10_000:
            self._recent = {k: t for k, t in self._recent.items() if now - t < DUPLICATE_WINDOW}
        last = self._recent.get(key)
        self._recent[key] = now
        return last is not None and now - last < DUPLICATE_WINDOW

    async def respond(
        self,
        interaction: discord.Interaction[Any],
        fn: Callable[[], Answer],
        *,
        ephemeral: bool = False,
        mode: Mode = "ask",
        log_it: bool = True,
    ) -> Answer | None:
        """Answer an interaction; defer first if the engine is slow, so Discord's 3 s deadline holds."""
        if not self.accepting:
            await interaction.response.send_message(
                "The bot is restarting; please ask again in a minute.", ephemeral=True
            )
            return None
        task = asyncio.ensure_future(self.compute(fn))
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
        deferred = not done
        if deferred:
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        answer = await task
        qid = self.store.new_question_id() if log_it else 0
        embed = answer_embed(answer)
        view = answer_view(answer, qid)
        if deferred:
            await interaction.followup.send(embed=embed, view=view, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(
                embed=embed, view=view, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS
            )
        if log_it:  # after answering: the user never waits for the log
            self.track(
                self.store.log_question(
                    guild_id=interaction.guild_id,
                    channel_id=interaction.channel_id,
                    user_id=interaction.user.id,
                    question=answer.question,
                    intent=answer.intent,
                    confidence=answer.confidence,
                    answered=answer.answered,
                    mode=mode,
                    question_id=qid,
                )
            )
        return answer

    async def answer_intent(self, interaction: discord.Interaction[Any], intent_id: str, slots: dict[str, str]) -> None:
        """Answer a chosen intent (a suggestion, a Related button, a topic) directly."""
        engine = self.engine
        if not engine.renderable(intent_id, slots):
            await interaction.response.send_message(
                "That needs more detail: ask again naming the session, country or document.", ephemeral=True
            )
            return
        ephemeral = bool(interaction.message and interaction.message.flags.ephemeral)
        await self.respond(interaction, lambda: engine.render(intent_id, slots), ephemeral=ephemeral)

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            message = f"You're asking quickly — please try again in {error.retry_after:.0f} s."
        elif isinstance(error, app_commands.CheckFailure):
            message = "You don't have permission to use this command here."
        else:
            log.error("command failed: %s", error, exc_info=error)
            message = "Sorry, something went wrong while answering. The maintainers have been told."
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_MENTIONS)


class FaqBot(FaqBotMixin, commands.AutoShardedBot):
    """The production bot: sharded, so a large deployment can split shards across processes."""

    async def close(self) -> None:
        if not hasattr(self, "_AutoShardedClient__queue"):
            # AutoShardedClient creates its event queue only when it connects; closing a bot that
            # never connected (tests, `sync`, a failed login) would otherwise fail.
            self._AutoShardedClient__queue: asyncio.PriorityQueue[Any] = asyncio.PriorityQueue()
        await super().close()


def create_bot(settings: Settings | None = None) -> FaqBot:
    """Build the bot (engine loaded and validated) without touching the network."""
    settings = settings or Settings()
    thresholds = Thresholds(
        settings.answer_threshold, settings.answer_margin, settings.channel_threshold, settings.channel_margin
    )
    engine = Engine.from_dirs(settings.knowledge_dir, settings.intents_dir, thresholds)
    engines = EngineRef(engine, settings.knowledge_dir, settings.intents_dir, thresholds)
    return FaqBot(settings, engines)


async def sync_commands(bot: FaqBot, guild_id: int | None) -> int:
    if guild_id:
        guild = discord.Object(id=guild_id)
        bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    else:
        synced = await bot.tree.sync()
    return len(synced)


def install_signal_handlers(bot: FaqBotMixin) -> None:
    """SIGINT/SIGTERM: stop accepting work, finish in-flight answers, close Discord and the store."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, lambda: bot.track(bot.shutdown()))


async def _main(bot: FaqBot, token: str, sync_guild: int | None, sync_only: bool) -> int:
    async with bot:
        await bot.login(token)
        if sync_only:
            count = await sync_commands(bot, sync_guild)
            where = f"guild {sync_guild}" if sync_guild else "all guilds (may take up to an hour to show)"
            print(f"synced {count} command(s) to {where}")
            return 0
        if bot.settings.dev_guild_id:
            count = await sync_commands(bot, bot.settings.dev_guild_id)
            log.info("synced %d command(s) to the development guild", count)
        install_signal_handlers(bot)
        await bot.connect()
    return 0


def run(sync_guild: int | None = None, sync_only: bool = False) -> int:
    """`python -m bot run` / `sync`: one-line errors and exit code 2 for a missing or rejected token."""
    from bot.logging_setup import setup_logging

    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        print(f"error: setting {'.'.join(map(str, first['loc']))}: {first['msg']}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        print("error: DISCORD_TOKEN is not set; put it in .env or the environment (see .env.example)", file=sys.stderr)
        return 2
    try:
        bot = create_bot(settings)
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        return asyncio.run(_main(bot, token, sync_guild, sync_only))
    except discord.LoginFailure:
        print("error: Discord rejected DISCORD_TOKEN; reset the token in the Developer Portal", file=sys.stderr)
        return 2
    except discord.PrivilegedIntentsRequired:
        print("error: enable the Message Content intent for the bot in the Developer Portal", file=sys.stderr)
        return 2
    except (aiohttp.ClientError, OSError, TimeoutError, discord.GatewayNotFound) as exc:
        print(f"error: cannot reach Discord ({type(exc).__name__}); check the network and try again", file=sys.stderr)
        return 1
    except discord.HTTPException as exc:
        print(f"error: Discord answered {exc.status}; try again later", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
