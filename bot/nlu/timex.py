"""Time expressions: "jan 2023", "summer 2024", "2022", "last session", "upcoming meeting".

A time phrase becomes a date window (or "the latest before today" / "the next after today"); the
resolve stage then picks the sessions held in it. Words come from vocabulary `time_words`."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.kb.models import Session, TimeWords

_YEAR = re.compile(r"^(19|20)\d\d$")
_DAY = re.compile(r"^([1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$")
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class TimeRef:
    start: dt.date | None
    end: dt.date | None
    relative: Literal["past", "future", "earliest"] | None
    first: int
    last: int
    """Token positions [first, last) of the phrase."""
    text: str

    def describe(self) -> str:
        if self.relative:
            return f"{self.relative} ({self.text})"
        return f"{self.start}..{self.end} ({self.text})"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class TimeFinder:
    def __init__(self, words: TimeWords, phrase_tokens: Callable[[str], list[str]]) -> None:
        self.months: dict[str, int] = {}
        for month, names in words.months.items():
            for name in names:
                for tok in phrase_tokens(name):
                    self.months[tok] = month
        self.seasons = {tok: (a, b) for s, (a, b) in words.seasons.items() for tok in phrase_tokens(s)}
        self.year_parts = {tuple(phrase_tokens(s)): (a, b) for s, (a, b) in words.year_parts.items()}
        self.year_parts.pop((), None)
        self.relative: dict[tuple[str, ...], Literal["past", "future", "earliest"]] = {}
        for phrase in words.past:
            self.relative[tuple(phrase_tokens(phrase))] = "past"
        for phrase in words.future:
            self.relative[tuple(phrase_tokens(phrase))] = "future"
        for phrase in words.earliest:
            self.relative[tuple(phrase_tokens(phrase))] = "earliest"
        self.relative.pop((), None)
        self.events = frozenset(key for w in words.event_words if (key := tuple(phrase_tokens(w))))
        """Phrases that mention a meeting, matched whole: "going on" is one, its "on" alone is not."""
        self._event_firsts: dict[str, list[tuple[str, ...]]] = {}
        for key in self.events:
            self._event_firsts.setdefault(key[0], []).append(key)
        self.words = (
            frozenset(self.months)
            | frozenset(self.seasons)
            | {t for key in self.year_parts for t in key}
            | {t for k, rel in self.relative.items() for t in k if rel != "earliest" or len(k) == 1}
        )
        """Words that say when a question asks about, not what ("when first elected": "elected" is
        what it asks about)."""

    def mentions_event(self, tokens: Sequence[str]) -> bool:
        firsts = self._event_firsts
        return any(
            tuple(tokens[i : i + len(key)]) == key for i, t in enumerate(tokens) if t in firsts for key in firsts[t]
        )

    def find(self, tokens: Sequence[str]) -> list[TimeRef]:
        out: list[TimeRef] = []
        i = 0
        n = len(tokens)
        while i < n:
            day = self._day(tokens, i)
            if day is not None:
                out.append(day)
                i = day.last
                continue
            tok = tokens[i]
            nxt = tokens[i + 1] if i + 1 < n else ""
            year = int(nxt) if _YEAR.match(nxt) else None
            if tok in self.months and (year is not None or len(tok) > 3):
                m = self.months[tok]
                if year is not None:
                    out.append(TimeRef(dt.date(year, m, 1), _month_end(year, m), None, i, i + 2, f"{tok} {year}"))
                    i += 2
                else:  # "in january": any year; the resolve stage narrows it
                    out.append(TimeRef(None, None, None, i, i + 1, tok))
                    i += 1
                continue
            if tok in self.seasons and year is not None:
                a, b = self.seasons[tok]
                start = dt.date(year - 1 if a > b else year, a, 1)
                out.append(TimeRef(start, _month_end(year, b), None, i, i + 2, f"{tok} {year}"))
                i += 2
                continue
            part = self._year_part(tokens, i)
            if part is not None:
                out.append(part)
                i = part.last
                continue
            if _YEAR.match(tok) and FIRST_YEAR <= int(tok) <= LAST_YEAR:
                y = int(tok)
                out.append(TimeRef(dt.date(y, 1, 1), dt.date(y, 12, 31), None, i, i + 1, tok))
                i += 1
                continue
            for length in (3, 2, 1):
                key = tuple(tokens[i : i + length])
                rel = self.relative.get(key)
                if rel is not None and len(key) == length:
                    out.append(TimeRef(None, None, rel, i, i + length, " ".join(key)))
                    i += length
                    break
            else:
                i += 1
        return out

    def _year_part(self, tokens: Sequence[str], i: int) -> TimeRef | None:
        """Part of a year: "early 2024", "end of 2022", "the middle of 2023"."""
        n = len(tokens)
        for key in self.year_parts:
            if tuple(tokens[i : i + len(key)]) != key:
                continue
            j = i + len(key)
            j = j + 1 if j < n and tokens[j] == "of" else j
            if j < n and _YEAR.match(tokens[j]) and FIRST_YEAR <= int(tokens[j]) <= LAST_YEAR:
                break
        else:
            return None
        a, b = self.year_parts[key]
        year = int(tokens[j])
        return TimeRef(dt.date(year, a, 1), _month_end(year, b), None, i, j + 1, " ".join(tokens[i : j + 1]))

    def _day(self, tokens: Sequence[str], i: int) -> TimeRef | None:
        """A whole date: "24 feb 2022", "24th of february 2022", "feb 24 2022", "february 24th, 2022"."""
        n = len(tokens)
        j = i + 2 if i + 1 < n and tokens[i + 1] == "of" else i + 1
        if _DAY.match(tokens[i]) and j + 1 < n and tokens[j] in self.months and _YEAR.match(tokens[j + 1]):
            day, month, end = tokens[i], tokens[j], j + 2
        elif tokens[i] in self.months and i + 2 < n and _DAY.match(tokens[i + 1]) and _YEAR.match(tokens[i + 2]):
            day, month, end = tokens[i + 1], tokens[i], i + 3
        else:
            return None
        try:
            date = dt.date(int(tokens[end - 1]), self.months[month], int(day.rstrip("stndrh")))
        except ValueError:  # "31 feb 2022"
            return None
        return TimeRef(date, date, None, i, end, " ".join(tokens[i:end]))

    def month_of(self, ref: TimeRef) -> int | None:
        """The month of a year-less month phrase ("in january")."""
        return self.months.get(ref.text) if ref.start is None and ref.relative is None else None


def sessions_in(ref: TimeRef, sessions: Sequence[Session], today: dt.date, month: int | None = None) -> list[Session]:
    """Sessions a time phrase points at, in date order."""
    if ref.relative == "past":
        done = [s for s in sessions if s.end < today]
        return [max(done, key=lambda s: s.end)] if done else []
    if ref.relative == "earliest":
        return [min(sessions, key=lambda s: s.start)] if sessions else []
    if ref.relative == "future":
        ahead = [s for s in sessions if s.start > today]
        return [min(ahead, key=lambda s: s.start)] if ahead else []
    if month is not None:
        return [s for s in sessions if s.start.month == month or s.end.month == month]
    if ref.start is None or ref.end is None:
        return []
    return [s for s in sessions if s.start <= ref.end and s.end >= ref.start]
