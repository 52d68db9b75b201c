"""The follow-up memory and the duplicate guard, with an injected clock."""

from __future__ import annotations

from pathlib import Path

from bot.answers.answer import Context
from bot.duplicates import DUPLICATE_WINDOW, DuplicateGuard
from bot.engine import Engine, Thresholds
from bot.engine_ref import EngineRef
from bot.responder import CONTEXT_TTL, ConversationMemory, Responder
from bot.store import Store
from bot.tasks import TaskTracker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def no_store() -> Store:
    raise AssertionError("asking never touches the store")


def test_a_context_is_kept_per_channel_and_user_until_it_expires() -> None:
    clock = Clock()
    memory = ConversationMemory(clock=clock)
    context = Context("session.dates", {"session": "session-4"})
    memory.remember((1, 2), context)
    assert memory.get((1, 2)) == context
    assert memory.get((1, 3)) is None and memory.get((9, 2)) is None
    clock.now += CONTEXT_TTL - 1
    assert memory.get((1, 2)) == context
    clock.now += 1
    assert memory.get((1, 2)) is None


def test_an_answer_without_context_keeps_the_earlier_one() -> None:
    memory = ConversationMemory(clock=Clock())
    context = Context("session.dates", {"session": "session-4"})
    memory.remember((1, 2), context)
    memory.remember((1, 2), None)
    assert memory.get((1, 2)) == context


async def test_a_follow_up_leans_on_the_same_users_last_answer_for_five_minutes(engine: Engine) -> None:
    clock = Clock()
    refs = EngineRef(engine, Path("."), Path("."), Thresholds())
    responder = Responder(refs, no_store, TaskTracker(), memory=ConversationMemory(clock=clock))
    try:
        first = await responder.ask("when was the 4th session", "ask", channel_id=1, user_id=2)
        assert first.intent == "session.dates"
        follow = await responder.ask("and where?", "ask", channel_id=1, user_id=2)
        assert follow.answered and "Vienna" in follow.text
        other_user = await responder.ask("and where?", "ask", channel_id=1, user_id=3)
        assert not other_user.answered
        clock.now += CONTEXT_TTL
        late = await responder.ask("and where?", "ask", channel_id=1, user_id=2)
        assert not late.answered
    finally:
        responder.close()


def test_the_same_question_within_the_window_is_a_duplicate() -> None:
    clock = Clock()
    guard = DuplicateGuard(clock=clock)
    assert not guard.is_duplicate(1, "Who is the chair?")
    assert guard.is_duplicate(1, "who is  the CHAIR?")
    assert not guard.is_duplicate(2, "who is the chair?")
    clock.now += DUPLICATE_WINDOW
    assert not guard.is_duplicate(1, "who is the chair?")
