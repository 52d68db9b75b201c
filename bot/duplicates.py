"""The duplicate guard: a user asking the same question again within a minute gets one answer."""

from __future__ import annotations

import time
from collections.abc import Callable

DUPLICATE_WINDOW = 60.0
"""A user asking the same question again within this many seconds gets one answer, not two."""
REMEMBERED_MAX = 10_000
"""Past this many remembered questions, those older than the window are forgotten."""


def normalized(question: str) -> str:
    return " ".join(question.casefold().split())


class DuplicateGuard:
    def __init__(self, window: float = DUPLICATE_WINDOW, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._recent: dict[tuple[int, str], float] = {}

    def is_duplicate(self, user_id: int, question: str) -> bool:
        """True when this user asked the same question (case and spacing aside) within the window."""
        now = self._clock()
        key = (user_id, normalized(question))
        if len(self._recent) > REMEMBERED_MAX:
            self._recent = {k: t for k, t in self._recent.items() if now - t < self.window}
        last = self._recent.get(key)
        self._recent[key] = now
        return last is not None and now - last < self.window
