"""Metamorphic stability: harmless rewrites of a phrasing that works must not change the outcome.

Every held-out `tests:` phrasing the engine gets right is rewritten seven ways (chatty prefix,
"thanks" suffix, a filler after the question word, one swapped pair of letters, capitals, "n" for
"and", no question mark). Each variant must get the same intent, or the same refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine import Engine
from bot.evaluate import held_out_cases

STABILITY_FLOOR = 0.98
QUESTION_WORDS = ("who", "what", "when", "where", "which", "why", "how")


def _swap_letters(text: str) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if not long:
        return text
    i = long[0]
    w = words[i]
    words[i] = w[:3] + w[4] + w[3] + w[5:]  # never the first letters: typos rarely touch them
    return " ".join(words)


def _filler_after_question_word(text: str) -> str:
    first, _, rest = text.partition(" ")
    return f"{first} exactly {rest}" if first.lower() in QUESTION_WORDS and rest else f"so {text}"


VARIANTS: dict[str, Callable[[str], str]] = {
    "chatty prefix": lambda q: f"ok so quick question, {q}",
    "thanks suffix": lambda q: f"{q} thanks!",
    "filler": _filler_after_question_word,
    "swapped letters": _swap_letters,
    "capitals": str.upper,
    "n for and": lambda q: re.sub(r"\band\b", "n", q),
    "no question mark": lambda q: q.rstrip("?").rstrip(),
}


def test_rewrites_keep_the_intent(engine: Engine) -> None:
    checked = stable = 0
    unstable: list[str] = []
    for case in held_out_cases(engine):
        base = engine.ask(case.question)
        if base.matched != case.intent:
            continue
        for name, rewrite in VARIANTS.items():
            variant = rewrite(case.question)
            if variant == case.question:
                continue
            got = engine.ask(variant)
            checked += 1
            if got.matched == base.matched and got.answered == base.answered:
                stable += 1
            else:
                unstable.append(f"{name}: {variant!r} -> {got.matched} (was {base.matched})")
    assert checked > 1000
    assert stable / checked >= STABILITY_FLOOR, f"{stable}/{checked}\n" + "\n".join(unstable[:40])


def test_each_rewrite_is_a_real_change() -> None:
    question = "When and where was the second session held?"
    for name, rewrite in VARIANTS.items():
        assert rewrite(question) != question, name
