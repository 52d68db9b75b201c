"""The decision stage: answer, decline, or suggest — one function made of named checks.

Checks run in this order; the first that fires decides, and every check is reported (and logged at
DEBUG) so that `ask --explain` and `eval` read the same decision:

1. empty            nothing was asked
2. unknown_session  names a session the knowledge does not have ("8th session")
   unknown_time     names a time long before anything the knowledge holds ("in december 1948"), or
                    years after it and after today ("the outcomes of the cosp in 2030")
3. unknown_symbol   names a UN symbol the knowledge does not hold
   future_listing   asks who will hold a seat next ("who will be the next chair"): the listing
                    tells who holds it now, not who will
   opinion          asks for someone's opinion (vocabulary opinion_words): the sources hold none
4. other_body       names another treaty or body (vocabulary foreign_terms, or an unknown word that
                    qualifies one of ours: "the convention against corruption")
   untold_person    names a person whom the best answer neither takes nor speaks of ("what is
                    <member>'s email address"): the sources hold no such detail of anyone
5. no_candidate     no intent shares anything with the question
6. vague            only question words ("who?", "when")
7. missing_slot     the best intent needs a thing the question does not name
8. below_threshold  the best confidence is under the mode's threshold
9. ambiguous        the runner-up is within the margin and the best is not confident on its own
10. not_a_question  (channel mode) the message does not read as a question
11. chatter         (channel mode) the message carries chatter markers (lol, imo, ...)
12. needs_context   (channel mode) a bare follow-up ("what about the other thing") with nothing to
                    follow: in a FAQ channel the bot answers on its own only when sure
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)

Mode = Literal["ask", "channel"]

CONFIDENT = 0.8
"""At or above this, a close runner-up does not make the question ambiguous: either intent was
likely to answer it, and refusing a confident answer helps nobody."""


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.35
    margin: float = 0.0
    channel: float = 0.6
    channel_margin: float = 0.05


@dataclass(frozen=True)
class Check:
    name: str
    fired: bool
    detail: str = ""

    def __str__(self) -> str:
        mark = "FIRED" if self.fired else "ok"
        return f"{self.name}: {mark}{' — ' + self.detail if self.detail else ''}"


@dataclass(frozen=True)
class Signals:
    """What the decision reads about the question and its best candidates."""

    empty: bool
    unknown_sessions: Sequence[str]
    unknown_symbols: Sequence[str]
    other_bodies: Sequence[str]
    vague: bool
    top_intent: str | None
    top: float
    second: float
    missing: Sequence[str]
    reads_as_question: bool
    chatter: bool
    opinion: bool = False
    future_listing: bool = False
    bare_followup: bool = False
    """The message opens like a follow-up and names nothing of its own ("what about the other thing")."""
    times_before: Sequence[str] = ()
    """Time phrases that end before the year ahead of the earliest date the knowledge holds."""
    untold_people: Sequence[str] = ()
    """People the question names whom the best answer neither takes nor speaks of ("what is
    Sogocio's email address" answered with the secretariat's)."""
    times_after: Sequence[str] = ()
    """Time phrases that start in the third year after the latest date the knowledge holds (or
    after today) or later: nothing the sources hold can speak of them ("the cosp in 2030")."""
    unheld_meetings: Sequence[str] = ()
    """Times or places that name a meeting where none was held ("the 2019 session")."""
    mostly_unknown: bool = False
    """Most of the question's words are unknown and it names nothing the bot knows ("can someone
    share the zoom link for our team call"): whatever matches, matches by accident."""


@dataclass(frozen=True)
class Decision:
    answer: bool
    reason: str | None
    """The name of the check that refused, or None when answering."""
    checks: tuple[Check, ...]


def decide(s: Signals, mode: Mode, t: Thresholds) -> Decision:
    threshold, margin = (t.channel, t.channel_margin) if mode == "channel" else (t.answer, t.margin)
    checks = [
        Check("empty", s.empty),
        Check("unknown_session", bool(s.unknown_sessions), ", ".join(s.unknown_sessions)),
        Check("unknown_time", bool(s.times_before or s.times_after), ", ".join([*s.times_before, *s.times_after])),
        Check("unheld_meeting", bool(s.unheld_meetings), ", ".join(s.unheld_meetings)),
        Check("unknown_symbol", bool(s.unknown_symbols), ", ".join(s.unknown_symbols)),
        Check("future_listing", s.future_listing, f"{s.top_intent} tells today's listing" if s.future_listing else ""),
        Check("opinion", s.opinion),
        Check("other_body", bool(s.other_bodies), ", ".join(s.other_bodies)),
        Check("untold_person", bool(s.untold_people), ", ".join(s.untold_people)),
        Check("no_candidate", s.top_intent is None),
        Check("vague", s.vague),
        Check("mostly_unknown", s.mostly_unknown),
        Check("missing_slot", bool(s.missing), f"{s.top_intent} needs {', '.join(s.missing)}" if s.missing else ""),
        Check("below_threshold", s.top < threshold, f"{s.top_intent} {s.top:.2f} vs {threshold:.2f}"),
        Check(
            "ambiguous",
            s.top - s.second < margin and s.top < CONFIDENT,
            f"{s.top:.2f} - {s.second:.2f} vs margin {margin:.2f}, confident at {CONFIDENT:.2f}",
        ),
    ]
    if mode == "channel":
        checks += [
            Check("not_a_question", not s.reads_as_question),
            Check("chatter", s.chatter),
            Check("needs_context", s.bare_followup),
        ]
    reason = next((c.name for c in checks if c.fired), None)
    for c in checks:
        if c.fired:
            log.debug("check %s fired: %s", c.name, c.detail)
    return Decision(reason is None, reason, tuple(checks))
