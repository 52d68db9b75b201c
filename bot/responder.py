"""Answering on Discord: the engine call (off the event loop), the defer policy, sending, logging,
and the follow-up memory that lets "and where?" lean on the same user's last answer in a channel."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import discord

from bot.answers.answer import Answer, Context
from bot.discord_ui import NO_MENTIONS, answer_embed, answer_view
from bot.engine import Mode
from bot.engine_ref import EngineRef
from bot.store import Store
from bot.tasks import TaskTracker

log = logging.getLogger(__name__)

DEFER_AFTER = 1.5
"""Seconds to wait for the engine before deferring: Discord allows 3 s for the first response."""
CONTEXT_TTL = 300.0
"""A follow-up leans on the same user's last answer in the same channel for this many seconds."""
CONTEXTS_MAX = 10_000
"""Past this many remembered conversations, expired ones are forgotten."""
ENGINE_WORKERS = 1
"""Engine work is pure Python: more threads would not answer faster under the GIL, and one thread
keeps the engine's stemmer, which is not thread-safe, on one thread."""

Key = tuple[int, int]
"""(channel id, user id): one conversation."""


class ConversationMemory:
    """The last answer's context per (channel, user), forgotten after `ttl` seconds."""

    def __init__(self, ttl: float = CONTEXT_TTL, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._contexts: dict[Key, tuple[float, Context]] = {}

    def get(self, key: Key) -> Context | None:
        found = self._contexts.get(key)
        if found is None:
            return None
        at, context = found
        if self._clock() - at >= self.ttl:
            del self._contexts[key]
            return None
        return context

    def remember(self, key: Key, context: Context | None) -> None:
        """Keep a new context; an answer without one (a refusal) leaves the earlier one in place."""
        if context is None:
            return
        now = self._clock()
        if len(self._contexts) >= CONTEXTS_MAX:
            self._contexts = {k: v for k, v in self._contexts.items() if now - v[0] < self.ttl}
        self._contexts[key] = (now, context)


class Responder:
    """Turns questions into sent answers; the bot passes in the engine, the store and the task tracker."""

    def __init__(
        self,
        engines: EngineRef,
        store: Callable[[], Store],
        tasks: TaskTracker,
        *,
        memory: ConversationMemory | None = None,
        defer_after: float = DEFER_AFTER,
    ) -> None:
        self.engines = engines
        self._store = store
        self.tasks = tasks
        self.memory = memory or ConversationMemory()
        self.defer_after = defer_after
        self._executor = ThreadPoolExecutor(max_workers=ENGINE_WORKERS, thread_name_prefix="engine")

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def compute(self, fn: Callable[[], Answer]) -> Answer:
        """Engine work runs in a worker thread so the event loop never blocks on it."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    async def ask(self, question: str, mode: Mode, *, channel_id: int | None, user_id: int) -> Answer:
        """The engine's answer, leaning on this user's last answer in this channel when it is recent."""
        key = (channel_id or 0, user_id)
        context = self.memory.get(key)
        engine = self.engines.current
        answer = await self.compute(lambda: engine.ask(question, mode, context))
        self.memory.remember(key, answer.context)
        return answer

    async def respond_to_question(
        self, interaction: discord.Interaction[Any], question: str, *, ephemeral: bool = False
    ) -> Answer | None:
        """/ask: answer in the asker's conversation in this channel."""
        channel_id, user_id = interaction.channel_id, interaction.user.id

        async def answer() -> Answer:
            return await self.ask(question, "ask", channel_id=channel_id, user_id=user_id)

        return await self._send(interaction, answer(), ephemeral=ephemeral, mode="ask", log_it=True)

    async def respond(
        self,
        interaction: discord.Interaction[Any],
        fn: Callable[[], Answer],
        *,
        ephemeral: bool = False,
        mode: Mode = "ask",
        log_it: bool = True,
    ) -> Answer | None:
        """Answer an interaction with `fn`'s answer, computed off the event loop."""
        return await self._send(interaction, self.compute(fn), ephemeral=ephemeral, mode=mode, log_it=log_it)

    async def _send(
        self,
        interaction: discord.Interaction[Any],
        work: Coroutine[Any, Any, Answer],
        *,
        ephemeral: bool,
        mode: Mode,
        log_it: bool,
    ) -> Answer | None:
        """Defer first if the engine is slow, so Discord's 3 s deadline holds; log after answering."""
        if not self.tasks.accepting:
            work.close()
            await interaction.response.send_message(
                "The bot is restarting; please ask again in a minute.", ephemeral=True
            )
            return None
        task: asyncio.Future[Answer] = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        deferred = not done
        if deferred:
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        answer = await task
        store = self._store()
        qid = store.new_question_id() if log_it else 0
        embed = answer_embed(answer)
        view = answer_view(answer, qid)
        if deferred:
            await interaction.followup.send(embed=embed, view=view, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(
                embed=embed, view=view, ephemeral=ephemeral, allowed_mentions=NO_MENTIONS
            )
        if log_it:  # after answering: the user never waits for the log
            self.tasks.track(
                store.log_question(
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
        engine = self.engines.current
        if not engine.renderable(intent_id, slots):
            await interaction.response.send_message(
                "That needs more detail: ask again naming the session, country or document.", ephemeral=True
            )
            return
        ephemeral = bool(interaction.message and interaction.message.flags.ephemeral)
        await self.respond(interaction, lambda: engine.render(intent_id, slots), ephemeral=ephemeral)
