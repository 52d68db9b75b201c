"""The engine is called from worker threads (Discord runs it off the event loop): answers must not
depend on what other threads are asking at the same time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.engine import Engine

QUESTIONS = [
    "when was the convention adopted",
    "where was the fourth session held",
    "who was the chair elected in 2021",
    "which resolution established the committee",
    "what is the weather in paris",
    "where can the convention be signed",
]


def test_answers_in_parallel_threads_equal_answers_one_at_a_time(fixture_engine: Engine) -> None:
    expected = {q: (a.intent, a.answered, a.text) for q in QUESTIONS for a in [fixture_engine.ask(q)]}
    work = QUESTIONS * 60
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda q: (q, fixture_engine.ask(q)), work))
    wrong = [q for q, a in got if (a.intent, a.answered, a.text) != expected[q]]
    assert not wrong, f"{len(wrong)} of {len(work)} answers changed under concurrency, e.g. {wrong[:3]}"
