"""Render answers from knowledge through the intents' templates, in a Jinja2 sandbox.

Maintainers write the templates, so they get no code execution: a sandboxed environment, strict
undefined names (a missing fact is an error at validation, not a blank in an answer) and helpers
that only read records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import FileSystemBytecodeCache, FunctionLoader, StrictUndefined, Template, TemplateError
from jinja2.bccache import Bucket
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from bot.kb.kinds import record_of, values_of
from bot.kb.loader import IntentSet, Knowledge
from bot.kb.models import Article, Citation, Document, Intent, Listing, Seat, Session
from bot.kb.yamlsrc import Problem
from bot.nlu.normalize import CARDINAL_WORDS, CHECKING_TAILS, ORDINAL_WORDS, YES_NO_OPENERS, ordinal

MAX_ANSWER_CHARS = 4000
_READS_ASKED = re.compile(r"\basked\b")
"""A template that mentions `asked` reads how the question was put."""
MADE_ANSWERS = 4096
"""Answers kept made, for answers that read nothing of how the question was put: another phrasing
of the same question gets the same text without rendering it again."""


def fmt_date(value: dt.date | None) -> str:
    if value is None:
        return "an unknown date"
    return f"{value.day} {value:%B} {value.year}"


def fmt_span(start: dt.date, end: dt.date) -> str:
    """'10–12 May 2021', '28 February to 11 March 2022', '29 December 2023 to 5 January 2024'."""
    if start == end:
        return fmt_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B} {end.year}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {end.day} {end:%B} {end.year}"
    return f"{fmt_date(start)} to {fmt_date(end)}"


def number_word(n: int) -> str:
    if n == 0:
        return "zero"
    return CARDINAL_WORDS[n - 1] if 0 < n <= len(CARDINAL_WORDS) else str(n)


_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def ordinal_word(n: int) -> str:
    """'first', 'fortieth', 'ninetieth', 'twenty-first'; past 99 the numeric '120th'."""
    if 0 < n <= len(ORDINAL_WORDS):
        return ORDINAL_WORDS[n - 1]
    if 20 <= n < 100:
        tens, unit = _TENS[n // 10 - 2], n % 10
        return f"{tens}-{ORDINAL_WORDS[unit - 1]}" if unit else f"{tens[:-1]}ieth"
    return ordinal(n)


def ordinal_number(n: int) -> str:
    """'1st', '2nd', '3rd', '11th', '21st', '90th': the one numeric ordinal, shared with the NLU."""
    return ordinal(n)


def _window_name(start: dt.date, end: dt.date) -> str:
    """'2022', 'June 2022', 'July to December 2022', 'December 2022 to February 2023', '24 December 2024'."""
    if start == end:
        return fmt_date(start)
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if not whole_months:
        return f"{fmt_date(start)} to {fmt_date(end)}"
    if start.year == end.year and (start.month, end.month) == (1, 12):
        return str(start.year)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B} {start.year}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B} {end.year}"
    return f"{start:%B} {start.year} to {end:%B} {end.year}"


def keep_names(text: str) -> str:
    """Upper-case the first letter only: 'first session of the Conference' keeps its proper nouns
    (Jinja's `capitalize` lower-cases the rest)."""
    return text[:1].upper() + text[1:]


MONTH_WORDS = frozenset(
    name for m in range(1, 13) for name in (f"{dt.date(2000, m, 1):%B}".lower(), f"{dt.date(2000, m, 1):%b}".lower())
)
"""Month names and abbreviations (the calendar, not the domain's vocabulary)."""


@dataclass(frozen=True)
class Asked:
    """How the question was put, for templates that answer yes/no or why questions in kind."""

    yes_no: bool = False
    why: bool = False
    words: frozenset[str] = frozenset()
    """The question's words in lower case: a template may tell "negotiating sessions" from "sessions"."""
    opener: str = ""
    """The first word: "did" asks about the past, "can" and "is" about now."""
    places: frozenset[str] = frozenset()
    """Capitalised words right after "in" or "at" ("sign it in Geneva"), months left out, lower-cased."""
    periods: tuple[tuple[dt.date, dt.date], ...] = ()
    """The dated windows the time stage found ("the second half of 2022"): a listing keeps to them."""

    @classmethod
    def of(cls, question: str, periods: Sequence[tuple[dt.date, dt.date]] = ()) -> Asked:
        words = re.findall(r"[a-z0-9']+", question.lower())
        first = words[0] if words else ""
        places = {
            m.lower()
            for m in re.findall(r"\b(?:in|at)\s+([A-Z][\w-]+)", question)
            if m.lower() not in MONTH_WORDS and m.lower() not in ("the", "a", "an")
        }
        return cls(
            # "is it still open or did it close?" offers a choice: it is not answered Yes or No
            yes_no=(first in YES_NO_OPENERS or (words[-1] if words else "") in CHECKING_TAILS) and "or" not in words,
            why=first == "why",
            words=frozenset(words),
            opener=first,
            places=frozenset(places),
            periods=tuple(periods),
        )

    @property
    def numbers(self) -> bool:
        """Whether the question names a number, a year or a date: a yes/no about a figure that the
        answer does not compare is not answered with a plain Yes."""
        return any(w.isdigit() or (w[:-2].isdigit() and w[-2:] in ("st", "nd", "rd", "th")) for w in self.words)


def join_words(items: list[Any], last: str = "and") -> str:
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


class Facts:
    """Read-only helpers the templates call to compute answers from records."""

    def __init__(self, kb: Knowledge) -> None:
        self._kb = kb
        # each meeting day's year as written, month number and month names, made once
        days = {d for s in kb.sessions for d in (s.start, s.end)}
        self._years = {d.year for d in days}
        self._month_names = {(d.month, name) for d in days for name in (f"{d:%B}".lower(), f"{d:%b}".lower())}

    def sessions(self, kind: str | None = None, venue: str | None = None, body: str | None = None) -> list[Session]:
        return [
            s
            for s in self._kb.sessions
            if (kind is None or s.kind == kind)
            and (venue is None or s.venue == venue)
            and (body is None or s.body == body)
        ]

    def sessions_citing(self, symbol: str, field: str) -> list[Session]:
        """The meetings whose `field` (decided_by, postponed_by, documents) cites `symbol`."""
        return [s for s in self._kb.sessions if any(c.symbol == symbol for c in getattr(s, field))]

    def days_long(self, session: Session) -> int | None:
        """How many days a meeting lasted, when that is plain: a span with no weekend in it (a
        two-week session's calendar days are not its meeting days, so those get no count)."""
        days = (session.end - session.start).days + 1
        span = (session.start + dt.timedelta(days=d) for d in range(days))
        return days if all(day.weekday() < 5 for day in span) else None

    def period(self, words: frozenset[str]) -> tuple[set[int], set[int]]:
        """The years and months (numbers) a question names among those of the meetings: "in 2022",
        "in june 2022", "jan 2023". 'may' counts as a month only beside a year."""
        years = {y for y in self._years if str(y) in words}
        months = {m for m, name in self._month_names if name in words}
        if not years and "may" in words:  # "may" alone is more often a verb than the month
            months.discard(5)
        return years, months

    def in_period(
        self, sessions: list[Session], words: frozenset[str], periods: Sequence[tuple[dt.date, dt.date]] = ()
    ) -> list[Session]:
        """The meetings held in the periods the question names (the time stage's windows: "the second
        half of 2022", "early 2024"), else in the years and months it names, else all of them."""
        if periods:
            return [s for s in sessions if any(s.start <= b and s.end >= a for a, b in periods)]
        years, months = self.period(words)

        def held(s: Session) -> bool:
            return any((not years or d.year in years) and (not months or d.month in months) for d in (s.start, s.end))

        return [s for s in sessions if held(s)] if years or months else sessions

    def period_name(self, words: frozenset[str], periods: Sequence[tuple[dt.date, dt.date]] = ()) -> str:
        """'2022', 'June 2022', 'January or June', 'July to December 2022': the period a question
        names, for the answer."""
        if periods:
            return join_words([_window_name(a, b) for a, b in periods], "or")
        years, months = self.period(words)
        names = [dt.date(2000, m, 1).strftime("%B") for m in sorted(months)]
        return " ".join(x for x in (join_words(names, "or"), join_words(sorted(years), "or")) if x)

    def upcoming(self, today: dt.date) -> list[Session]:
        """Meetings of any body that have not started yet, soonest first."""
        return [s for s in self._kb.sessions if s.start > today]

    def held(self, today: dt.date, body: str | None = None) -> list[Session]:
        """Meetings that have started (or ended) by `today`, oldest first."""
        return [s for s in self._kb.sessions if s.start <= today and (body is None or s.body == body)]

    def body_name(self, session: Session) -> str:
        """'the Ad Hoc Committee', 'the Conference of the States Parties'."""
        return f"the {self._kb.bodies[session.body].name}"

    def named(self, session: Session) -> str:
        """'**fourth session** of the Ad Hoc Committee': every answer about a meeting names its body
        (once: 'first session of the Conference of the States Parties' already does)."""
        return f"**{session.name}**{self.of_body(session)}"

    def of_body(self, session: Session) -> str:
        """' of the Ad Hoc Committee', or nothing when the meeting's name already says whose it is."""
        body = self._kb.bodies[session.body]
        return "" if body.name.lower() in session.name.lower() else f" of {self.body_name(session)}"

    def tense(self, session: Session, today: dt.date, past: str, future: str, now: str | None = None) -> str:
        """The verb for a meeting seen from `today`: past, future, or `now` while it is under way."""
        if session.start > today:
            return future
        if now is not None and session.end >= today:
            return now
        return past

    def session(self, session_id: str) -> Session:
        return self._kb.sessions_by_id[session_id]

    def continued_from(self, session: Session) -> Session | None:
        """The meeting whose work this one took up (the one naming it as `continued_by`)."""
        return next((s for s in self._kb.sessions if s.continued_by == session.id), None)

    def venue_name(self, venue_id: str | None) -> str:
        if venue_id is None:
            return "a venue the sources do not name"
        return self._kb.venues[venue_id].name

    def group_name(self, group_id: str | None) -> str:
        if group_id is None:
            return "no regional group given"
        return self._kb.groups[group_id].name

    def position_name(self, position_id: str) -> str:
        return self._kb.positions[position_id].name

    def doc(self, symbol: str) -> Document:
        return self._kb.documents[symbol]

    def addenda(self, symbol: str) -> list[Document]:
        """The addenda and corrigenda of a document in the knowledge ("A/AC.291/9/Add.1" of A/AC.291/9)."""
        return [d for s, d in self._kb.documents.items() if re.match(re.escape(symbol) + r"/(Add|Corr)\.\d+$", s)]

    def article_for(self, intent_id: str) -> Article | None:
        """The article of the Convention an intent answers (None if it answers none)."""
        return next((a for a in self._kb.convention.articles if a.answered_by == intent_id), None)

    def seats(
        self,
        position: str | None = None,
        group: str | None = None,
        country: str | None = None,
        person: str | None = None,
        status: str | None = None,
        listing: str = "current",
    ) -> list[Seat]:
        return [
            s
            for s in self._listing(listing).seats
            if (position is None or s.position == position)
            and (group is None or s.group == group)
            and (status is None or s.status == status)
            and (country is None or (s.holder is not None and s.holder.country == country))
            and (person is None or (s.holder is not None and s.holder.name == person))
        ]

    def listed(self, listing: str = "current") -> str:
        """'as of 10 May 2021' when the source dates the listing, else where it is listed."""
        source = self._listing(listing)
        if source.as_of is not None:
            return f"as of {fmt_date(source.as_of)}"
        return f"as listed on {source.listed_on}"

    def seat_line(self, seat: Seat) -> str:
        unfilled = {"vacant": "vacant", "unknown": "not named in my sources"}
        who = seat.holder.display if seat.holder else unfilled[seat.status]
        group = f" ({self.group_name(seat.group)})" if seat.group else ""
        return f"{self.position_name(seat.position)}{group}: {who}{self.seat_dated(seat)}"

    def _listing(self, name: str) -> Listing:
        """'current', or the bureau elected in 2021."""
        return self._kb.current if name == "current" else self._kb.elected_2021

    def _listing_of(self, seat: Seat) -> str:
        return "current" if seat in self._kb.current.seats else "2021"

    def seat_listed(self, seat: Seat) -> str:
        """'as of <the seat's own date>' when the maintainers dated the seat, else the listing's."""
        if seat.as_of is not None:
            return f"as of {fmt_date(seat.as_of)}"
        return self.listed(self._listing_of(seat))

    def seat_dated(self, seat: Seat) -> str:
        """' (as of 3 March 2026)' for a seat the maintainers dated on its own, else nothing: the
        listing's date or place is said once for the whole answer."""
        listing = self._listing(self._listing_of(seat))
        if seat.as_of is None or seat.as_of == listing.as_of:
            return ""
        return f" (as of {fmt_date(seat.as_of)})"


@dataclass(frozen=True)
class RenderedCitation:
    symbol: str
    title: str
    url: str
    pinpoint: str | None


MAX_TEMPLATE_SEQUENCE = 10_000
"""Largest string or list a template may build with * (so `'x' * 10**9` cannot exhaust memory)."""


class TemplateSandbox(SandboxedEnvironment):
    """Jinja2's sandbox, tightened: no `range` (loops run over records only, so they end), and
    `*` / `**` cannot build huge values."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # The sandbox's answer depends only on the kind of object and the attribute's name, so it is
        # worked out once for each pair a template reads.
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError("exponent too large in a template")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_TEMPLATE_SEQUENCE:
                    raise SecurityError("a template tried to build a value that is too large")
        return super().call_binop(context, operator, left, right)


class AnswerCache(FileSystemBytecodeCache):
    """Compiled answers kept between runs: Jinja's own bytecode cache, in the user's private temp
    folder. A one-shot `ask` and a restart skip compiling the answers they meet; an answer edited in
    the YAML has another checksum and is compiled again. A folder that cannot be written is no error:
    the answer is compiled as if there were no cache."""

    TAG = "faq-answer sandbox lstrip_blocks"
    """The environment's options that change the compiled code, part of every key."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.TAG}:{name}", filename)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _answer_cache() -> AnswerCache | None:
    try:
        return AnswerCache(pattern="faq-bot-%s.cache")
    except (OSError, RuntimeError):  # no private temp folder can be made
        return None


def make_environment(answers: dict[str, str] | None = None) -> SandboxedEnvironment:
    """The sandbox; `answers` (intent id -> template source) can then be compiled by `get_template`."""
    # No trim_blocks: a list line ending in {% endif %} keeps its newline; blank lines are folded after.
    source = dict(answers or {})
    env = TemplateSandbox(
        undefined=StrictUndefined,
        autoescape=False,
        lstrip_blocks=True,
        loader=FunctionLoader(lambda name: (source[name], None, lambda: True) if name in source else None),
        bytecode_cache=_answer_cache() if source else None,
    )
    for unbounded in ("range", "lipsum", "cycler", "joiner"):
        env.globals.pop(unbounded, None)
    env.filters.update(
        date=fmt_date,
        words=number_word,
        ordinal=ordinal_word,
        join_words=join_words,
        nth=ordinal_number,
        capitalize=keep_names,
    )
    env.globals.update(span=fmt_span, number_word=number_word, ordinal_word=ordinal_word, join_words=join_words)
    return env


class Renderer:
    """Compiles each template once, when it is first needed (`validate` compiles them all up front);
    renders an intent for a set of entity values."""

    def __init__(self, kb: Knowledge, intents: IntentSet, templates: dict[str, Template] | None = None) -> None:
        self.kb = kb
        self.env = make_environment({i.id: i.answer for i in intents.intents})
        self.facts = Facts(kb)
        self.templates: dict[str, Template] = dict(templates or {})
        self.intents = intents.by_id
        self.conditions = {i.id: self.env.compile_expression(i.answers_when) for i in intents.intents if i.answers_when}
        self.declining = {
            i.id: self.env.compile_expression(i.declines_when) for i in intents.intents if i.declines_when
        }
        # an answer that reads nothing of how the question was put is the same for every phrasing
        # (told by the name alone, not by parsing every template: a one-shot question compiles only
        # the answers it meets)
        self.phrasing_free = {
            i.id: not _READS_ASKED.search(f"{i.answer} {i.answers_when or ''} {i.declines_when or ''}")
            for i in intents.intents
        }
        # a `declines_when` that reads how the question was put judges the question itself ("when will
        # the protocol be done"), whatever aspect the analyser found
        self.judges_question = frozenset(
            i.id for i in intents.intents if i.declines_when and _READS_ASKED.search(i.declines_when)
        )
        self.made: dict[tuple[str, tuple[tuple[str, str], ...], dt.date], str] = {}

    def declines(
        self,
        intent_id: str,
        today: dt.date | None = None,
        slots: dict[str, str] | None = None,
        asked: Asked | None = None,
    ) -> bool:
        """Whether an intent says the sources cannot answer: a decline intent gives way once its
        `answers_when` holds for the knowledge (a Conference meeting has been added, say), or for
        the thing asked about (`session.documents`: a session whose documents are recorded)."""
        intent = self.intents.get(intent_id)
        if intent is None:
            return False
        # a decline intent gives way when `answers_when` holds; an answering intent declines when
        # `declines_when` holds (the sources hold nothing on the thing asked)
        test = self.conditions.get(intent_id) if intent.decline else self.declining.get(intent_id)
        if test is None:
            return intent.decline
        slots = {**intent.default_slots, **(slots or {})}
        if any(k not in slots for k in intent.requires):
            return False  # not yet about one thing: whether it answers depends on the thing
        held = bool(test(**self.context(slots, today, asked)))
        return not held if intent.decline else held

    def context(
        self, slots: dict[str, str], today: dt.date | None = None, asked: Asked | None = None
    ) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "today": today or dt.date.today(),
            "asked": asked or Asked(),
            "kb": self.kb,
            "conv": self.kb.convention,
            "committee": self.kb.committee,
            "bureau": self.kb.current,
            "bureau_2021": self.kb.elected_2021,
            "facts": self.facts,
        }
        for kind, value in slots.items():
            ctx[kind] = record_of(self.kb, kind, value)
        return ctx

    def _with_answers(self, intent_id: str, ctx: dict[str, Any]) -> dict[str, Any]:
        test = self.conditions.get(intent_id)
        ctx["answers"] = bool(test(**ctx)) if test is not None else not self.intents[intent_id].decline
        declining = self.declining.get(intent_id)
        ctx["declines"] = bool(declining(**ctx)) if declining is not None else False
        return ctx

    def template(self, intent_id: str) -> Template:
        """The compiled answer of an intent: a one-shot question compiles only the few it meets."""
        compiled = self.templates.get(intent_id)
        if compiled is None:
            compiled = self.templates[intent_id] = self.env.get_template(intent_id)
        return compiled

    def render(
        self, intent_id: str, slots: dict[str, str], today: dt.date | None = None, asked: Asked | None = None
    ) -> str:
        if intent_id in self.intents:
            slots = {**self.intents[intent_id].default_slots, **slots}
        today = today or dt.date.today()
        key = (intent_id, tuple(sorted(slots.items())), today) if self.phrasing_free.get(intent_id) else None
        if key is not None and (made := self.made.get(key)) is not None:
            return made
        ctx = self.context(slots, today, asked)
        text = self.template(intent_id).render(self._with_answers(intent_id, ctx) if intent_id in self.intents else ctx)
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n\s*\n+", "\n", text).strip()
        if len(text) > MAX_ANSWER_CHARS:
            text = text[: MAX_ANSWER_CHARS - 1].rstrip() + "…"
        if key is not None:
            if len(self.made) >= MADE_ANSWERS:
                self.made.clear()
            self.made[key] = text
        return text

    def shown_seats(self, slots: dict[str, str]) -> list[Seat]:
        """The current seats a bureau answer about these slots shows (all of them when none is named)."""
        return self.facts.seats(
            position=slots.get("position"),
            group=slots.get("group"),
            country=slots.get("country"),
            person=slots.get("person"),
        )

    def as_of(self, intent: Intent, slots: dict[str, str]) -> dt.date | None:
        """The one date a time-sensitive answer is valid on: the listing's, or the seats' own when
        every seat shown carries the same one; None when the seats shown are dated differently."""
        if not intent.time_sensitive:
            return None
        dates = {seat.as_of or self.kb.current.as_of for seat in self.shown_seats(slots)}
        return dates.pop() if len(dates) == 1 else None

    def citations(self, intent: Intent, slots: dict[str, str]) -> list[RenderedCitation]:
        kb = self.kb
        slots = {**intent.default_slots, **slots}
        cites: list[Citation] = []
        article = self.facts.article_for(intent.id)
        if article is not None:  # the article it answers, pinpointed in the text of the Convention
            pin = kb.convention.article_pinpoint(article.number, article.paragraph)
            cites.append(Citation(symbol=kb.convention.text.symbol, pinpoint=pin))
        if "article" in slots:
            pin = kb.convention.article_pinpoint(int(slots["article"]))
            cites.append(Citation(symbol=kb.convention.text.symbol, pinpoint=pin))
        cites += intent.citations
        if "session" in slots:
            s = kb.sessions_by_id[slots["session"]]
            for name in intent.cite_session:
                cites += getattr(s, name)
        if "document" in slots:
            cites.insert(0, Citation(symbol=slots["document"]))
        if intent.topic == "bureau":  # bureau pages support bureau answers only
            if intent.time_sensitive:
                cites += kb.current.source
                cites += [c for seat in self.shown_seats(slots) for c in seat.source]  # a seat sourced on its own
            then = self.facts.seats(country=slots.get("country"), person=slots.get("person"), listing="2021")
            if not then and "person" in slots:  # a new member's answer gives who held the country's seat in 2021
                now = self.facts.seats(person=slots["person"])
                then = [b for s in now if s.holder for b in self.facts.seats(country=s.holder.country, listing="2021")]
            if {"country", "person"} & slots.keys() and then:
                cites += kb.elected_2021.source  # these answers also give the 2021 line
        out: list[RenderedCitation] = []
        seen: set[tuple[str, str | None]] = set()
        pinned = {c.symbol for c in cites if c.pinpoint}
        for c in cites:
            if (c.symbol, c.pinpoint) in seen or c.symbol not in kb.documents:
                continue
            if c.pinpoint is None and c.symbol in pinned:
                continue  # the pinpointed citation already names this document
            seen.add((c.symbol, c.pinpoint))
            doc = kb.documents[c.symbol]
            out.append(RenderedCitation(doc.symbol, doc.title, doc.link, c.pinpoint))
        return out[:10]


def slot_combinations(kb: Knowledge, intent: Intent) -> Iterator[dict[str, str]]:
    """Every entity value each slot of the intent can take (one slot varies at a time)."""
    base: dict[str, str] = {kind: values_of(kb, kind)[0] for kind in intent.requires}
    yield dict(base)
    for kind in intent.slots:
        for value in values_of(kb, kind):
            combo = dict(base)
            combo[kind] = value
            yield combo


def check_templates(kb: Knowledge, intents: IntentSet) -> list[Problem]:
    """Compile and render every template for every entity value; report failures at the answer line."""
    return validate_templates(kb, intents)[0]


def validate_templates(kb: Knowledge, intents: IntentSet) -> tuple[list[Problem], Renderer | None]:
    """The problems, and the renderer built from the templates compiled once here (None if any fails)."""
    problems: list[Problem] = []
    env = make_environment({i.id: i.answer for i in intents.intents})
    templates: dict[str, Template] = {}
    for intent in intents.intents:
        try:
            templates[intent.id] = env.get_template(intent.id)
        except TemplateError as exc:
            file = intents.files.get(intent.id, "intents")
            line, col = intents.answer_lines.get(intent.id, (1, 1))
            lineno = getattr(exc, "lineno", None) or 1
            problems.append(Problem(file, line + lineno, col, f"{intent.id}.answer", f"template error: {exc}"))
        for field, test in (("answers_when", intent.answers_when), ("declines_when", intent.declines_when)):
            if not test:
                continue
            try:
                env.compile_expression(test)
            except TemplateError as exc:
                file = intents.files.get(intent.id, "intents")
                problems.append(Problem(file, 1, 1, f"{intent.id}.{field}", f"not a test the bot can read: {exc}"))
    if problems:
        return problems, None
    renderer = Renderer(kb, intents, templates)
    for intent in intents.intents:
        file = intents.files.get(intent.id, "intents")
        line, col = intents.answer_lines.get(intent.id, (1, 1))
        for combo in slot_combinations(kb, intent):
            where = ", ".join(f"{k}={v}" for k, v in combo.items()) or "no entities"
            # the test that says whether the sources hold the answer runs first: the answer reads it
            try:
                renderer.declines(intent.id, None, combo)
            except Exception as exc:
                field = "answers_when" if intent.decline else "declines_when"
                problems.append(
                    Problem(
                        file, 1, 1, f"{intent.id}.{field}", f"not a test the bot can read ({where}): {_describe(exc)}"
                    )
                )
                break
            try:
                text = renderer.render(intent.id, combo)
            except Exception as exc:  # any template failure is the maintainer's to see, not a crash
                problems.append(
                    Problem(file, line, col, f"{intent.id}.answer", f"fails to render ({where}): {_describe(exc)}")
                )
                break
            if not text.strip():
                problems.append(Problem(file, line, col, f"{intent.id}.answer", "renders an empty answer"))
                break
    return problems, (None if problems else renderer)


def _describe(exc: Exception) -> str:
    msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "is undefined" in msg or "has no attribute" in msg:
        return f"names a fact that does not exist: {msg}"
    return msg
