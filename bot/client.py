"""The Discord bot: `create_bot(settings=None, *, sharded=True)` builds it without touching the
network; `run()` connects.

The bot only wires parts with one job each: the store (bot/store/), the responder (engine call,
defer policy, sending), the duplicate guard, the task tracker, the cluster of processes sharing
the database, and the cogs, which stay thin.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Coroutine
from types import TracebackType
from typing import Any

import aiohttp
import discord
from discord.ext import commands
from pydantic import ValidationError

from bot import lastgood
from bot.cluster import Cluster
from bot.discord_ui import NO_MENTIONS, DismissButton, FeedbackButton, RelatedButton, SuggestionSelect
from bot.duplicates import DuplicateGuard
from bot.engine import Engine, Thresholds
from bot.engine_ref import EngineRef
from bot.errors import on_app_command_error
from bot.kb.loader import KnowledgeError
from bot.responder import Responder
from bot.settings import Settings
from bot.store import Store, StoreUnavailable, database_name, open_store
from bot.tasks import TaskTracker

log = logging.getLogger(__name__)

SHUTDOWN_GRACE = 5.0
"""Seconds in-flight answers get to finish on SIGINT/SIGTERM."""

COG_MODULES = ("bot.cogs.ask", "bot.cogs.browse", "bot.cogs.faq_channel", "bot.cogs.admin")


def bot_options(settings: Settings) -> dict[str, Any]:
    intents = discord.Intents.default()
    intents.message_content = True  # the FAQ channel reads questions; switch it on in the Developer Portal
    return {
        "command_prefix": commands.when_mentioned,
        "intents": intents,
        "allowed_mentions": NO_MENTIONS,
        "help_command": None,
    }


class FaqBotMixin(commands.Bot):
    """The FAQ bot's lifecycle: open the store and join the cluster, load the cogs, close in order."""

    def __init__(self, settings: Settings, engines: EngineRef, store: Store | None = None, **options: Any) -> None:
        super().__init__(**bot_options(settings), **options)
        self.settings = settings
        self.engines = engines
        self._store = store
        self._cluster: Cluster | None = None
        self._close_task: asyncio.Future[None] | None = None
        self.tasks = TaskTracker()
        self.duplicates = DuplicateGuard()
        self.responder = Responder(engines, lambda: self.store, self.tasks)
        self.tree.on_error = on_app_command_error  # type: ignore[method-assign]

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the store opens in setup_hook")
        return self._store

    @property
    def cluster(self) -> Cluster:
        if self._cluster is None:
            raise RuntimeError("the cluster starts in setup_hook")
        return self._cluster

    @property
    def engine(self) -> Engine:
        return self.engines.current

    @property
    def accepting(self) -> bool:
        return self.tasks.accepting

    def track(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        return self.tasks.track(coro)

    async def setup_hook(self) -> None:
        """Open the store, join the processes sharing it, load every cog. No call to Discord happens here."""
        if self._store is None:
            self._store = await open_store(self.settings)
            log.info("state in %s (%s)", database_name(self.settings), self._store.backend)
        self._cluster = Cluster(self._store, self.engines, self.tasks, shards=self.settings.shard_ids)
        await self._cluster.start()
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
        self.tasks.accepting = False
        await self.tasks.drain(SHUTDOWN_GRACE)
        await self.close()

    async def drain(self, timeout: float | None = None) -> None:
        """Wait for in-flight answers and log writes (at most `timeout` seconds)."""
        await self.tasks.drain(timeout)

    async def close(self) -> None:
        """Close Discord, then the cluster and the store: once, however many callers ask.

        discord.py reports the bot closed (`is_closed()`) as soon as closing starts, so `async with
        bot` may end while a close started elsewhere (a signal) still waits on the database; the
        shared task lets it wait for that close to finish rather than leave it half-done.
        """
        if self._close_task is None:
            self._close_task = asyncio.ensure_future(self._close_all())
        await asyncio.shield(self._close_task)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _close_all(self) -> None:
        try:
            await self.close_discord()
        finally:
            await self._close_parts()

    async def close_discord(self) -> None:
        await super().close()

    async def _close_parts(self) -> None:
        self.responder.close()
        if self._cluster is not None:
            cluster, self._cluster = self._cluster, None
            await cluster.stop()
        if self._store is not None:
            store, self._store = self._store, None
            await store.close()


class PlainFaqBot(FaqBotMixin, commands.Bot):
    """One gateway connection, no sharding: for tests and small single-process hosts."""


class FaqBot(FaqBotMixin, commands.AutoShardedBot):
    """The production bot: sharded, so a large deployment can split shards across processes."""

    def __init__(self, settings: Settings, engines: EngineRef, store: Store | None = None) -> None:
        options: dict[str, Any] = {}
        if settings.shard_count:
            options["shard_count"] = settings.shard_count
        if settings.shard_ids:
            options["shard_ids"] = list(settings.shard_ids)
        super().__init__(settings, engines, store, **options)
        self.launched = False

    async def connect(self, *, reconnect: bool = True) -> None:
        self.launched = True
        await super().connect(reconnect=reconnect)

    async def close_discord(self) -> None:
        if self.launched:
            await super().close_discord()
            return
        # AutoShardedClient.close expects the shards that connect() launches; a bot that never
        # connected (tests, `sync`, a failed login) unloads its cogs and closes as a plain client.
        for name in tuple(self.extensions):
            with contextlib.suppress(Exception):
                await self.unload_extension(name)
        for name in tuple(self.cogs):
            with contextlib.suppress(Exception):
                await self.remove_cog(name)
        await discord.Client.close(self)


def build_engines(settings: Settings) -> EngineRef:
    """The engine (loaded and validated) behind a reference that reloads swap."""
    thresholds = Thresholds(
        settings.answer_threshold, settings.answer_margin, settings.channel_threshold, settings.channel_margin
    )
    started = lastgood.start(settings.knowledge_dir, settings.intents_dir, thresholds, settings.database_path)
    engines = EngineRef(started.engine, settings.knowledge_dir, settings.intents_dir, thresholds)
    engines.problems_on_disk = started.problems
    engines.keep_copy_in = lastgood.folder_for(settings.database_path)
    return engines


def create_bot(settings: Settings | None = None, *, sharded: bool = True) -> FaqBotMixin:
    """Build the bot without touching the network: sharded for production, or a plain `commands.Bot`."""
    settings = settings or Settings()
    engines = build_engines(settings)
    return FaqBot(settings, engines) if sharded else PlainFaqBot(settings, engines)


async def sync_commands(bot: FaqBotMixin, guild_id: int | None) -> int:
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


async def _main(bot: FaqBotMixin, token: str, sync_guild: int | None, sync_only: bool) -> int:
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
    except StoreUnavailable as exc:
        print(f"error: {exc}; check DATABASE_URL", file=sys.stderr)
        return 1
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
