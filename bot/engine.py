"""One facade over the pipeline: Engine.ask(question, mode) -> Answer. No discord here."""

from __future__ import annotations

import calendar
import datetime as dt
import heapq
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from bot.answers.answer import Answer, Context, Suggestion
from bot.answers.render import Asked, Renderer, fmt_date, fmt_span, join_words, validate_templates
from bot.kb.kinds import label_of, values_of
from bot.kb.loader import IntentSet, Knowledge, KnowledgeError, load_intents, load_knowledge
from bot.kb.models import Document, Intent, Session
from bot.nlu.analyze import Analysis, Analyzer, holds_phrase
from bot.nlu.decide import CONFIDENT, Check, Decision, Signals, Thresholds, decide
from bot.nlu.entities import PLACEHOLDER, Entity, Extraction
from bot.nlu.model import DEFAULT_MODEL, LogisticModel
from bot.nlu.normalize import (
    CHECKING_TAILS,
    MAX_QUESTION_CHARS,
    ROMAN_NUMERALS,
    SESSION_NOUN,
    YES_NO_OPENERS,
    Normalizer,
    ends_in_bare_ordinal,
    fold,
    tokenize,
)
from bot.nlu.scorer import IntentIndex

__all__ = ["Context", "Engine", "Mode", "Ranked", "Thresholds"]

log = logging.getLogger(__name__)

Mode = Literal["ask", "channel"]
Clock = Callable[[], dt.date]
ORDINAL = re.compile(r"^\d{1,2}(st|nd|rd|th)$")
PLACEHOLDER_KINDS = frozenset(k for k in PLACEHOLDER if k not in ("symbol", "unknown_session"))

QUESTION_WORDS = frozenset({"who", "what", "when", "where", "which", "why", "how", "mani", "long", "whose", "whom"})
"""Stemmed question words (the scorer sees stems: 'many' -> 'mani')."""
SUGGEST_SHARE = 0.4
"""Intents below this share of the answer threshold are not worth suggesting (a question of only
question words, "who?", gets the best few whatever their confidence)."""
MAX_NAMES, MAX_FOREIGN = 2, 2
"""Counts above these say nothing more."""
GROUP_WORD = "group"
"""The word (stemmed) that names a regional group in a follow-up ("from that group")."""
GROUP_POINTERS = frozenset({"that", "this", "same", "their", "its"})
"""Words that point at a group already spoken of: "from that group", "the same group"."""
_YEAR = re.compile(r"(19|20)\d\d")
"""A year among a label's words ("concluding session (2024)")."""
WHO_KINDS = frozenset({"person", "position", "country", "group"})
"""Kinds that say whose thing is asked of ("the chair's email"): an answer speaks to a thing only of those it takes."""

MAX_EACH = 4
"""A question naming more things than this of one kind ("sessions 1 to 9") is not answered thing by thing."""
FOLLOWUP_CONFIDENCE = 0.9
"""A follow-up resolved against the previous answer: the subject and aspect are both known."""
ARTICLE_CONFIDENCE = 0.95
"""A question naming an article of the Convention: the number says exactly what is asked."""
NAMES_OTHER = (
    "unknown_session",
    "unknown_time",
    "unheld_meeting",
    "unknown_symbol",
    "future_listing",
    "opinion",
    "other_body",
    "untold_person",
)
"""Refusals because the question names something the knowledge does not hold: no follow-up or
suggestion overrides them."""
ARTICLE_REFUSALS = frozenset({"empty", *NAMES_OTHER})
"""Reasons that stand even when a question names an article (another treaty's article 5), or a
paragraph of a document."""
_PINPOINT = re.compile(r"\b(para(?:graph)?s?\.?|annex|item)\s*(\d{1,3}|[ivx]{1,5})\b", re.IGNORECASE)
"""A place in a document as the UN cites it: "para 9", "paragraph 9", "annex II"."""
ANOTHER_ONE = "one"
"""The pro-form of "which one ...?", "the one that ...": another of the kind, not the last answer's."""
ELLIPTIC_CONTENT = 2
"""A question with at most this many content words of its own beyond names and aspects is short
enough to lean on the previous answer ("and where?", "the fifth?")."""
DOCUMENT_WORD = "document"
"""The word that names a document of any kind ("what is document A/RES/79/243")."""
WHEN, DECISION = "when", "decision"
"""The aspects that ask for a date, and what was decided or adopted."""
SESSION_ACTS = ("postponed_by", "decided_by")
"""The fields of a meeting's record that list the acts about that meeting, in the order taken."""

HELP_TEXT = (
    "Ask me about the UN Convention against Cybercrime: its adoption, signature and entry into force, "
    "the Ad Hoc Committee that negotiated it, its sessions (dates, venues, outcomes), its bureau, "
    "and UN documents by symbol (e.g. A/RES/79/243)."
)
GREETING_TEXT = (
    "Hello! I answer questions about the UN Convention against Cybercrime: its adoption, signature and "
    "entry into force, the Ad Hoc Committee that negotiated it, its sessions, its bureau and the UN documents "
    'behind them. Try "when was the 4th session?" or "who is the chair?".'
)
FALLBACK_TEXT = (
    "I don't know the answer to that. I only answer questions about the UN Convention against Cybercrime, "
    "the Ad Hoc Committee, its sessions and bureau, and the documents behind them. "
    'Try naming a session ("4th session venue"), a country ("vice-chair from Japan") or a symbol (A/AC.291/7).'
)


_SECOND_QUESTION = re.compile(
    # after "?" or ";", or "and"/"also"/"plus" (with or without a comma), any question word
    r"(?:[?;]|,?\s(?:and|also|plus))\s+(?=(?:who|whos|who's|what|whats|what's|when|where|which|how)\b)"
    # after a bare comma, a question word that does not open a relative clause ("..., which was
    # held in vienna", "the chair, who was elected in 2021")
    r"|,\s+(?=(?:what|whats|what's|when|where|how)\b)",
    re.IGNORECASE,
)
"""Where a second question starts ("..., and what's the secretariat email")."""
MIN_PART_WORDS = 3
"""Words each of two questions needs at least: "when and where" is one question about two aspects."""
FAR_YEARS = 3
"""A time phrase this many years after the latest date the knowledge holds (and after today) names
what no source can hold yet."""
_NEGATED_AUX = frozenset(w for w in YES_NO_OPENERS if w.endswith(("nt", "n't")))
_TAG = re.compile(r"[,\w]\s+(\w+n'?t)\s+(?:it|they|he|she|there)\s*(?:[?.!;]|,|$)")
"""A negated auxiliary and a pronoun closing a clause make a tag question: "..., wasn't it?",
"... didn't they, and ..."; not "why didn't they hold it in vienna"."""
YES_LEADS = ("Yes. ", "Yes, ", "Yes: ")
"""How an answer that confirms opens."""


def _facts_in(text: str) -> set[str]:
    """The numbers and names a text states (capitalised words not opening a line): a second
    aspect's line that states nothing new is left out ("where n when" says the dates once)."""
    words = re.findall(r"[\w./-]+", text.replace("*", ""))
    starts = {m.group(1) for m in re.finditer(r"(?:^|\n)\W*([\w./-]+)", text.replace("*", ""))}
    words = [w.rstrip(".") for w in words]
    return {w for w in words if w and (w[0].isdigit() or (w[0].isupper() and w not in starts))}


def _windows(analysis: Analysis) -> tuple[tuple[dt.date, dt.date], ...]:
    """The dated windows of a question's time phrases ("early 2024"), for answers that list by period."""
    return tuple((t.start, t.end) for t in analysis.times if t.start is not None and t.end is not None)


_MONTH_NAMES = "|".join(calendar.month_name[1:])
_DATES = re.compile(
    rf"\b(?P<d1>\d{{1,2}}) (?P<m1>{_MONTH_NAMES}) to (?P<d2>\d{{1,2}}) (?P<m2>{_MONTH_NAMES}) (?P<y>\d{{4}})\b"
    rf"|\b(?P<a>\d{{1,2}})(?:–(?P<b>\d{{1,2}}))? (?P<m>{_MONTH_NAMES}) (?P<yy>\d{{4}})\b"
)
"""A date or span as the answers write them: "24 December 2024", "9–20 January 2023", "28 February
to 11 March 2022"."""


def _with_weekdays(text: str) -> str:
    """Each date in an answer followed by its weekday: "24 December 2024 (Tuesday)", "25–26 October
    2025 (Saturday to Sunday)"."""

    def day(d: str, month: str, year: str) -> dt.date:
        return dt.datetime.strptime(f"{d} {month} {year}", "%d %B %Y").date()

    def mark(m: re.Match[str]) -> str:
        try:
            if m.group("d1"):
                first, last = day(m["d1"], m["m1"], m["y"]), day(m["d2"], m["m2"], m["y"])
            else:
                last = day(m["b"] or m["a"], m["m"], m["yy"])
                first = day(m["a"], m["m"], m["yy"])
        except ValueError:
            return m.group(0)
        days = f"{first:%A}" if first == last else f"{first:%A} to {last:%A}"
        return f"{m.group(0)} ({days})"

    return _DATES.sub(mark, text)


def _joined(parts: Sequence[Answer]) -> Answer:
    """Answers for several named things as one: the texts in turn, each source cited once."""
    first = parts[0]
    if len(parts) == 1:
        return first
    seen: set[str] = set()
    citations = []
    for part in parts:
        for c in part.citations:
            if c.symbol not in seen:
                seen.add(c.symbol)
                citations.append(c)
    return replace(first, text="\n\n".join(p.text.rstrip() for p in parts), citations=tuple(citations))


@dataclass(frozen=True)
class Ranked:
    intent: Intent
    confidence: float
    slots: dict[str, str]
    renderable: bool
    features: dict[str, float] = field(default_factory=dict)


class Engine:
    """Built once from validated knowledge; immutable, so a reload swaps a whole engine."""

    def __init__(
        self,
        kb: Knowledge,
        intents: IntentSet,
        thresholds: Thresholds | None = None,
        renderer: Renderer | None = None,
        *,
        clock: Clock = dt.date.today,
        model: LogisticModel | None = None,
        leave_out: frozenset[tuple[str, int]] = frozenset(),
    ) -> None:
        """`leave_out` holds (intent id, example number) pairs kept out of the index (cross-validation)."""
        self.kb = kb
        self.intent_set = intents
        self.intents = intents.intents
        self.by_id = intents.by_id
        self._number = {intent.id: i for i, intent in enumerate(self.intents)}
        self._by_aspect: dict[str, list[int]] = {}
        """The intents that tell each aspect, so a question meets only those that tell what it asks."""
        for i, intent in enumerate(self.intents):
            for a in intent.aspects:
                self._by_aspect.setdefault(a, []).append(i)
        self.thresholds = thresholds or Thresholds()
        self.clock = clock
        self.model = model or (LogisticModel(intents.model) if intents.model else DEFAULT_MODEL)
        self.analyzer = Analyzer(kb, intents)
        self.renderer = renderer or Renderer(kb, intents)
        self.analyzed_examples = [
            [self.analyzer.analyze_example(text) for text in intent.examples] for intent in self.intents
        ]
        self._keywords = {
            i: [w for k in intent.keywords if (w := frozenset(self.analyzer.analyze_example(k)))]
            for i, intent in enumerate(self.intents)
        }
        """Each keyword's stemmed words: a keyword of several words ("took place") counts only whole."""
        self._subjects = {
            i: [s for text in intent.subjects if (s := frozenset(self.analyzer.analyze_example(text)))]
            for i, intent in enumerate(self.intents)
        }
        self.index = self.build_index(leave_out)
        self._cited = {i: frozenset(c.symbol for c in intent.citations) for i, intent in enumerate(self.intents)}
        kinds_of = intents.vocabulary.aspect_kinds
        self._told = {
            i: frozenset(k for a in intent.aspects for k in kinds_of.get(a, ()))
            for i, intent in enumerate(self.intents)
        }
        """Kinds of thing an intent's answer tells: "in Vienna?" is the answer, not a foreign subject."""
        stem = self.analyzer.stem
        self._aspect_stems = frozenset(stem(t) for key in self.analyzer.aspect_finder.table for t in key)
        single = frozenset(stem(key[0]) for key in self.analyzer.aspect_finder.table if len(key) == 1)
        self._asking_words = single | {stem(t) for t in self.analyzer.time_finder.words} | QUESTION_WORDS
        """Words that say how a question asks (when, how long, last), not what it asks about."""
        dated = [d for s in kb.sessions for d in (s.start, s.end)] + [
            d.date for d in kb.documents.values() if d.date is not None
        ]
        self._horizon = dt.date(min(dated).year - 1, 1, 1) if dated else dt.date.min
        """The start of the year before the earliest date the knowledge holds: a time phrase that ends
        before it ("in december 1948") asks about something else."""
        self._latest = max(dated) if dated else dt.date.min
        """The latest date the knowledge holds: a time phrase that starts FAR_YEARS years after it and after
        today ("the outcomes of the cosp in 2030") asks about what no source can hold yet."""
        self._convention_word = self.analyzer.stem("convention")
        self._after_adoption = frozenset(self.analyzer.analyze_example("after adoption"))
        """What a scene clause about the Convention ("now that the treaty is adopted") dates a question at."""
        self._term_stems = {
            " ".join(term): self.analyzer.answer_tokens(" ".join(term)) for term in self.analyzer.foreign_terms
        }
        """The stemmed words of each other body's name, in order, to find it in an answer."""
        self._pinpoints: dict[tuple[str, str], list[str]] | None = None
        """(symbol, "para. 9") -> the intents whose citations pinpoint that place (made when first asked)."""
        self._speaks_to = [frozenset(" ".join(Normalizer.base_tokens(t)) for t in i.speaks_to) for i in self.intents]
        """The other bodies each answer speaks to without naming them (intent `speaks_to`)."""
        self._answer_words: dict[
            tuple[int, tuple[tuple[str, str], ...]], tuple[frozenset[str], frozenset[str], tuple[str, ...]]
        ] = {}
        """Each answer made today: its stemmed words (what it tells, for the `told` feature) and the
        documents it cites."""
        self._answer_day: dt.date | None = None
        self._label_stems: dict[tuple[str, str], frozenset[str]] = {}
        """The stemmed words of each named thing's label, to find it in an answer."""
        self._meeting_places = frozenset(s.venue for s in kb.sessions if s.venue)
        """The places where some meeting in the knowledge was held."""
        self._venue_names = {v.id: tuple(tokenize(fold(v.name))) for v in kb.venues.values()}
        """Each place's own name as tokens ("Hanoi", not its alias "Vietnam")."""
        self.version = kb.version

    def build_index(self, leave_out: frozenset[tuple[str, int]] = frozenset()) -> IntentIndex:
        examples = [
            (i, tokens)
            for i, intent in enumerate(self.intents)
            for k, tokens in enumerate(self.analyzed_examples[i])
            if (intent.id, k) not in leave_out
        ]
        # an intent's subjects and keywords are its vocabulary too, whichever examples are left out
        vocabulary = {i: frozenset().union(*self._subjects[i], *self._keywords[i]) for i in range(len(self.intents))}
        return IntentIndex(examples, len(self.intents), vocabulary)

    def with_index(self, index: IntentIndex, model: LogisticModel | None = None) -> Engine:
        """The same engine scoring against another index (and model): cross-validation folds."""
        other = object.__new__(Engine)
        other.__dict__.update(self.__dict__)
        other.index = index
        if model is not None:
            other.model = model
        return other

    @classmethod
    def from_dirs(
        cls, knowledge_dir: Path, intents_dir: Path, thresholds: Thresholds | None = None, *, check: bool = True
    ) -> Engine:
        """Load, validate and build; raise KnowledgeError on any problem.

        `check` also renders every template for every entity value first. The one-shot `ask` CLI
        skips that for speed (a render failure is still caught and answered politely); `validate`,
        the Discord bot and reloads always check.
        """
        kb = load_knowledge(knowledge_dir)
        intents = load_intents(intents_dir, kb)
        problems, renderer = validate_templates(kb, intents) if check else ([], None)
        if problems:
            raise KnowledgeError(problems)
        engine = cls(kb, intents, thresholds, renderer)
        if check:
            engine.warm()
        return engine

    def warm(self) -> None:
        """Make the words of every answer that needs at most one named thing once, up front, so a
        long-running bot's first questions are as fast as the rest (the one-shot CLI skips this)."""
        for i, intent in enumerate(self.intents):
            if not intent.requires:
                self.told_words(i, {})
            elif len(intent.requires) == 1:
                for value in values_of(self.kb, intent.requires[0]):
                    self.told_words(i, {intent.requires[0]: value})

    # --- scoring --------------------------------------------------------------------------

    def analyze(self, question: str) -> Analysis:
        return self.analyzer.analyze(question, self.clock())

    def features(self, analysis: Analysis) -> list[tuple[int, dict[str, float], dict[str, str], bool]]:
        """(intent number, features, slots, renderable) for each candidate intent of a question."""
        ext = analysis.extraction
        kinds = ext.kinds
        content = set(analysis.content)
        asked_about = content - analysis.scene  # "now that the treaty is adopted" is not about the adoption
        if self._convention_word in analysis.scene:
            # ... but it says when the question is asked of: after the adoption ("what's the AHC
            # supposed to do now that the treaty is done?")
            asked_about = asked_about | self._after_adoption
        if "session" in kinds and "position" not in kinds and not self.analyzer.seat_words & set(ext.tokens):
            # "the organizational session in may 2021": the date says when the meeting named was, it is
            # no subject of its own (not the bureau elected in 2021)
            # ("originally" dates nothing: it stays a subject, "original date of the 5th session")
            dating = [t for ref in analysis.times if ref.start is not None for t in ext.tokens[ref.first : ref.last]]
            asked_about = asked_about - {self.analyzer.stem(t) for t in dating}
        aspects = set(analysis.aspects)
        n_content = max(1, sum(1 for t in analysis.content if not t.startswith("<")))
        shared = {
            "bias": 1.0,
            "unknown_symbol": float(bool(kinds & {"symbol", "unknown_session"})),
            "unknown_names": float(min(MAX_NAMES, len(analysis.names) + len(analysis.other_things))),
            "unknown_share": (len(analysis.unknown) - len(analysis.names)) / n_content,
            "vague": float(not any(t not in QUESTION_WORDS for t in analysis.content)),
            "unknown_focus": float(analysis.focus_unknown),
        }
        # Structure: intents that tell the aspect asked about the thing named: a thing of the kinds
        # the intent needs ("where was the 4th session"), or for an intent that needs none, its
        # subject ("when does signature close") or a document it rests on ("what did 75/282 decide").
        documents = set(ext.values("document"))
        # "what happened in feb 2022": a dated phrase that covers meetings speaks of meetings.
        if "session" not in kinds and self.analyzer.meetings_dated(analysis, self.clock()):
            asked_about = asked_about | {"session"}
        # "only UN member states can sign it, right?": a yes/no question that asks no aspect checks
        # what the intent tells, whichever aspect that is.
        # "structure of the convention", "observer organizations": a question that names a subject and
        # asks nothing of it asks about that subject, whichever aspect the answer tells.
        if not aspects:
            asking = sorted({i for ids in self._by_aspect.values() for i in ids})
        else:
            asking = sorted({i for a in aspects for i in self._by_aspect.get(a, ())})
        # "australia on the 2021 bureau?": a time phrase that holds the date of the earlier listing
        # asks about that listing, not about what holds today.
        earlier = self.kb.elected_2021.as_of
        dated_earlier = earlier is not None and any(
            (t.start is not None and t.end is not None and t.start <= earlier <= t.end) or t.relative == "earliest"
            for t in analysis.times
        )
        structural = [
            i
            for i in asking
            if (intent := self.intents[i])
            and (
                set(intent.requires) <= kinds
                if intent.requires
                else any(subject <= asked_about for subject in self._subjects[i])
                or bool(documents & self._cited[i])
                # "which country did the AHC chair come from": the thing an intent is about by default
                # (the chair's seat), named, is its subject
                or self._names_default(intent, ext)
                or self._states_named(i, analysis)
            )
        ]
        # "under 74/247 what was the committee told to elaborate?": the document says which act, the
        # subject what is asked of it, so the answer about that subject fits, not the summary of the
        # document. The words for the document itself, its kind and what its record holds (title,
        # date, ...) and its adoption are no such subject: "A/RES/79/243 title" and "when was
        # A/RES/79/243 adopted" ask about the resolution itself.
        summaries: set[int] = set()
        kinds_named = {DOCUMENT_WORD, *Document.model_fields, *self.analyzer.adoption_words} | {
            self.kb.documents[d].kind for d in documents if d in self.kb.documents
        }
        of_document = asked_about - {self.analyzer.stem(w) for w in kinds_named}
        if documents and any(
            not self.intents[i].requires
            and documents & self._cited[i]
            and any(subject <= of_document for subject in self._subjects[i])
            for i in structural
        ):
            summaries = {i for i in structural if set(self.intents[i].requires) == {"document"}}
            structural = [i for i in structural if i not in summaries]
        if dated_earlier:  # "who was the first chair?": today's listing does not fit it
            # ("who else was from latin america back then?": the earlier listing's answer takes the
            # group named, as today's did)
            if kinds and any(self.intents[i].time_sensitive for i in structural):
                structural += [
                    i
                    for i in asking
                    if i not in structural
                    and not self.intents[i].time_sensitive
                    and not self.intents[i].decline
                    and kinds <= set(self.intents[i].slots)
                ]
            structural = [i for i in structural if not self.intents[i].time_sensitive] or structural
        out = []
        # "does it go into force straight after the signing in Vietnam?": a place named in the scene
        # is no subject the answer must take
        a, b = analysis.scene_span
        asked_kinds = {e.kind for e in ext.entities if not a <= e.start < b}
        # what the question itself names comes before what its scene names ("I know the fourth
        # session was in Vienna, ..., when was the fifth session?")
        asked_ext = self._asked_extraction(analysis)
        asked_words = set(self._own_words(analysis))
        # The words of a scene-setting clause do not pick the intent either.
        scored_words = [t for t in analysis.content if t not in analysis.scene] or list(analysis.content)
        if self._convention_word in analysis.scene:
            scored_words += sorted(self._after_adoption - set(scored_words))
        scores = self.index.score(scored_words, include=structural)
        if summaries:  # ... nor a rival of the answer about that subject
            scores = [sc for sc in scores if sc.intent not in summaries]
        # A rival that lacks a thing it needs ("which sessions were held in <city>" asked of 2022)
        # cannot answer, so its word overlap does not hold back those that can.
        premise = self._yes_no(analysis)  # "the road map is in A/AC.291/6, yes?" may name the wrong one
        # A rival that does not rest on the document asked about is no rival at all ("when did the
        # GA pass 75/282" is not a question for the Convention's adoption); one that lacks a thing
        # it needs counts only when no candidate can answer.
        pool = [sc for sc in scores if self._rests_on(sc.intent, ext, premise)]
        if dated_earlier:  # "... when the bureau was first elected": today's listing is no rival
            pool = [sc for sc in pool if not self.intents[sc.intent].time_sensitive] or pool
        best_able = heapq.nlargest(
            2, ((sc.lexical, sc.intent) for sc in pool if set(self.intents[sc.intent].requires) <= kinds)
        )
        best_any = heapq.nlargest(2, ((sc.lexical, sc.intent) for sc in pool))
        fitting = set(structural)
        best_fitting = heapq.nlargest(2, ((sc.lexical, sc.intent) for sc in pool if sc.intent in fitting))
        for scored in scores:
            intent = self.intents[scored.intent]
            rivals = [x for x, i in best_able if i != scored.intent] or [x for x, i in best_any if i != scored.intent]
            lead = scored.lexical - rivals[0] if rivals else scored.lexical
            if dated_earlier and intent.time_sensitive:
                lead = min(lead, 0.0)  # today's listing leads nothing in a question dated earlier
            # among the intents that fit by structure, how far this one leads the next
            fit_rivals = [x for x, i in best_fitting if i != scored.intent]
            structure_lead = (
                (scored.lexical - fit_rivals[0] if fit_rivals else scored.lexical) if scored.intent in fitting else 0.0
            )
            missing = [k for k in intent.requires if k not in kinds]
            foreign = (
                asked_kinds - set(intent.slots) - {"position", "symbol", "unknown_session"} - self._told[scored.intent]
            )
            if "venue" in foreign and "session" in intent.slots and self._venue_of_named(ext):
                foreign.discard("venue")  # "the first Vienna round (2nd sess @ VIC)": the place names the session
            # a yes/no may offer the wrong document ("the approved draft was circulated as A/AC.291/7,
            # right?"): an answer that rests on a document of that kind checks it against its own
            offered = premise and ("decision" in intent.aspects or self._of_cited_kind(scored.intent, ext))
            slots = {k: v for k in intent.slots if (v := asked_ext.first(k) or ext.first(k)) is not None}
            needed = self._needed(intent, slots)
            if "document" in foreign and (
                offered
                or set(ext.values("document")) <= self._cited[scored.intent]
                or (not missing and self._tells_documents(scored.intent, needed, ext.values("document")))
            ):
                # "resolution 75/282" in a question the intent answers from it, or offered as the
                # decision to check ("the AHC was set up by 75/282, yes?")
                foreign.discard("document")
            told = self.told_words(scored.intent, needed) if not missing else frozenset()
            # "which sessions did 75/282 put in vienna?": a place the answer itself states is
            # what it tells, not another subject.
            foreign = {k for k in foreign if not self._states_all(ext, k, told)}
            if premise:  # "the org session was in Vienna, wasn't it?": an answer that states the
                # session's own place checks the claimed one
                # ("the 1st session took place in vienna, right?": a listing of other sessions checks
                # nothing about the one named, so a session stays foreign unless the answer states it)
                foreign = {k for k in foreign if k == "session" or not self._states_some(k, told)}
            keywords = self._keywords[scored.intent]
            matched = bool(aspects & set(intent.aspects))
            f = {
                **shared,
                "example": scored.example_f1,
                "cover": scored.cover,
                "fuzz": scored.fuzz,
                "lead": lead,
                "lead_on_aspect": lead * float(bool(aspects & set(intent.aspects))),
                "structure_lead": structure_lead,
                "aspect_match": float(matched),
                "aspect_other": float(bool(analysis.asked) and not matched),
                "aspect_short": len(set(analysis.asked) - set(intent.aspects)) / max(1, len(analysis.asked)),
                "structure": float(scored.intent in structural and "document" not in foreign),
                "missing_slot": float(len(missing)),
                "foreign_entity": float(len(foreign)),
                "keyword_missing": float(bool(keywords) and not any(k <= content for k in keywords)),
                "dated_earlier": float(dated_earlier and intent.time_sensitive),
            }
            f["told"] = len(asked_words & told) / max(1, len(asked_words)) if asked_words else 0.0
            # "the expert group" names another body, unless this answer speaks of it (the Expert
            # Group whose work the Committee was to take into account).
            untold_terms = self._foreign_untold(analysis, scored.intent, needed if not missing else None)
            f["foreign_terms"] = float(min(MAX_FOREIGN, len(untold_terms)))
            out.append((scored.intent, f, slots, not missing))
        # "did 74/247 say anything about the expert group?": a rival whose answer does not speak of the
        # other body named is no rival of one that fits and is written to speak of it (`speaks_to`)
        clear = {
            i
            for i, f, _, _ in out
            if f["structure"] and not f["foreign_terms"] and set(analysis.foreign) & self._speaks_to[i]
        }
        if clear:
            lexical = {sc.intent: sc.lexical for sc in pool}
            untold = {i for i, f, _, _ in out if f["foreign_terms"]}
            clear_rivals = heapq.nlargest(2, ((x, i) for i, x in lexical.items() if i in clear or i not in untold))
            for i, f, _, _ in out:
                if i in clear and i in lexical:
                    others = [x for x, j in clear_rivals if j != i]
                    f["lead"] = lexical[i] - others[0] if others else lexical[i]
                    f["lead_on_aspect"] = f["lead"] * float(bool(aspects & set(self.intents[i].aspects)))
        # an answer whose keywords the question lacks is no rival in what it tells either
        best_told = sorted((f["told"] for _, f, _, _ in out if not f["keyword_missing"]), reverse=True) or [0.0]
        for _, f, _, _ in out:
            rival = best_told[1] if len(best_told) > 1 and f["told"] == best_told[0] else best_told[0]
            f["told_lead"] = f["told"] - rival
        return out

    def _rests_on(self, i: int, ext: Extraction, premise: bool) -> bool:
        """Does intent i rest on the documents the question names? A yes/no question may check a
        wrong premise, so there any intent may answer."""
        intent = self.intents[i]
        return premise or "document" in intent.slots or set(ext.values("document")) <= self._cited[i]

    def _states_all(self, ext: Extraction, kind: str, told: frozenset[str]) -> bool:
        """Does an answer's text name every thing of this kind that the question names?"""
        if kind == "document" or not told:
            return False  # a symbol is not a word; an intent rests on a document by its citations
        for value in ext.values(kind):
            words = self._label_words(kind, value)
            if not words or not words <= told:
                return False
        return True

    def _group_of(self, slots: dict[str, str]) -> str | None:
        """The regional group of the country the slots name, if they name one and no group."""
        if "group" in slots or "country" not in slots:
            return None
        country = self.kb.countries.get(slots["country"])
        return country.group if country is not None else None

    @staticmethod
    def _names_default(intent: Intent, ext: Extraction) -> bool:
        """Does the question name the thing the intent is about when none is named?"""
        # ... and nothing it does not take: "is the rapporteur from Algeria?" checks a country's seat
        return (
            bool(intent.default_slots)
            and all(v in ext.values(k) for k, v in intent.default_slots.items())
            and all(k in intent.slots or k in intent.default_slots for k in ext.kinds)
        )

    def _states_named(self, i: int, analysis: Analysis) -> bool:
        """Is the question named only by a place where no meeting was held, called by its own name,
        which intent i takes and its answer names? ("what happened in Hanoi": the signature's answer
        tells of Hanoi; "who represents vietnam" names a country, not the city)"""
        intent = self.intents[i]
        ext = analysis.extraction
        kinds = ext.kinds
        if kinds != {"venue"} or "venue" not in set(intent.slots) - set(intent.requires):
            return False
        if set(ext.values("venue")) & self._meeting_places:
            return False  # where meetings were held, the listing of them answers
        tokens = analysis.norm.tokens
        if any(tuple(tokens[e.start : e.end]) != self._venue_names[e.value] for e in ext.entities):
            return False
        slots = {k: v for k in kinds if (v := ext.first(k)) is not None}
        told = self.told_words(i, slots)
        return all(self._label_words(k, v) <= told for k in kinds for v in ext.values(k))

    def unmatchable_words(self) -> list[tuple[str, str, int, str]]:
        """(intent id, "subjects" or "keywords", index, why) for each subject or keyword that does not
        do what it says: made only of words the bot ignores, it never matches ("happened" is a filler);
        with a filler in it, it matches without that word ("ahc still meeting" matches "ahc meeting")."""
        analyzer = self.analyzer
        out = []
        for intent in self.intents:
            for field_name in ("subjects", "keywords"):
                for k, text in enumerate(getattr(intent, field_name)):
                    tokens = analyzer.normalizer.normalize(text).tokens
                    if not analyzer.analyze_example(text):
                        out.append((intent.id, field_name, k, f"'{text}' is made only of words the bot ignores"))
                        continue
                    fillers = [t for t in tokens if t in analyzer.fillers and t not in analyzer.stopwords]
                    if fillers:
                        kept = " ".join(t for t in tokens if t not in analyzer.ignored)
                        out.append(
                            (
                                intent.id,
                                field_name,
                                k,
                                f"'{text}': {', '.join(repr(f) for f in fillers)} is ignored (fillers), so it matches "
                                f"'{kept}' alone",
                            )
                        )
        return out

    def _label_words(self, kind: str, value: str) -> frozenset[str]:
        """The stemmed words of a thing's label, as an answer's text would hold them (kept once made)."""
        key = (kind, value)
        words = self._label_stems.get(key)
        if words is None:
            # a label's year tells meetings of the same name apart in a list ("concluding session (2024)");
            # an answer that names the meeting need not repeat it
            label = frozenset(self.analyzer.answer_tokens(label_of(self.kb, kind, value)))
            words = self._label_stems[key] = frozenset(w for w in label if not _YEAR.fullmatch(w)) or label
        return words

    def _states_some(self, kind: str, told: frozenset[str]) -> bool:
        """Does an answer's text name some thing of this kind (a place, a group), whichever it is?"""
        if kind == "document" or not told:
            return False
        return any((w := self._label_words(kind, v)) and w <= told for v in values_of(self.kb, kind))

    def _foreign_untold(self, analysis: Analysis, i: int, slots: dict[str, str] | None) -> list[str]:
        """The names of other bodies in the question that intent i's answer (for these slots; None
        when it cannot be made) neither contains, as a phrase, nor speaks to. An answer that says
        "sixth session" and "Committee" does not name the Sixth Committee."""
        said = self._made(i, slots)[2] if slots is not None and analysis.foreign else ()
        # an answer speaks to a thing only of what it is about: the secretariat's email answers "the
        # secretariat's email", not "the chair's email"
        about = {e.kind for e in analysis.extraction.entities} & WHO_KINDS <= set(self.intents[i].slots)
        speaks = self._speaks_to[i] if about else frozenset()
        return [t for t in analysis.foreign if not holds_phrase(said, self._term_stems[t]) and t not in speaks]

    def other_bodies(self, analysis: Analysis, intent_id: str, slots: dict[str, str]) -> tuple[str, ...]:
        """Other treaties and bodies the question names that this answer does not speak of."""
        intent = self.by_id[intent_id]
        renderable = all(k in slots for k in intent.requires)
        needed = self._needed(intent, slots) if renderable else None
        untold = self._foreign_untold(analysis, self._number[intent_id], needed)
        return (*untold, *analysis.other_things)

    def _venue_of_named(self, ext: Extraction) -> bool:
        """Are the places a question names those of the meeting it names?"""
        sessions = [self.kb.sessions_by_id.get(v) for v in ext.values("session")]
        places = {s.venue for s in sessions if s is not None}
        return bool(places) and set(ext.values("venue")) <= places

    def _checks_other_place(self, analysis: Analysis, top: Ranked) -> bool:
        """Does a yes/no question put a place in a document forward for a subject whose own answer,
        confident and fitting by structure, rests elsewhere? That answer checks the claim."""
        # ("paragraph 9 of 75/282 is about the sessions, right?": the sessions' answer rests on
        # 75/282 itself, so the paragraph's own answer checks the claim)
        return (
            self._yes_no(analysis)
            and top.confidence >= CONFIDENT
            and bool(top.features.get("structure"))
            and "document" not in top.intent.requires
            and not set(analysis.extraction.values("document")) & self._cited[self._number[top.intent.id]]
        )

    def _yes_no(self, analysis: Analysis) -> bool:
        """Does the question ask yes or no ("is it ...", "... right?")?"""
        words = analysis.norm.tokens[analysis.opens_at :]
        while words and words[0] in self.analyzer.fillers:
            words = words[1:]
        tail = "".join(analysis.norm.original.lower().rstrip(" ?!.").split()[-1:])
        # "so the AHC was dissolved?": a statement asked as a question, with a verb in it
        stated = analysis.norm.original.rstrip().endswith("?") and any(w in YES_NO_OPENERS for w in words[1:])
        # "... was created by res 75/282 wasnt it? if not which one": a tag question checks the claim
        # before it, whatever follows
        tagged = any(m.group(1) in _NEGATED_AUX for m in _TAG.finditer(analysis.norm.original.lower()))
        return bool(words) and (
            words[0] in YES_NO_OPENERS
            or tail in CHECKING_TAILS | {"no"}
            or tagged
            or (stated and not set(words) & (QUESTION_WORDS | {"whats", "whos"}))
        )

    @staticmethod
    def _needed(intent: Intent, slots: dict[str, str]) -> dict[str, str]:
        """The slots an answer needs: what an answer tells is read from those alone, so the words of
        every answer can be made once (`warm`), whatever else a question names."""
        return {k: v for k, v in slots.items() if k in intent.requires}

    def told_words(self, i: int, slots: dict[str, str]) -> frozenset[str]:
        """The words of intent i's answer for these slots, stemmed as questions are (kept once made)."""
        return self._made(i, slots)[0]

    def _tells_documents(self, i: int, slots: dict[str, str], symbols: Iterable[str]) -> bool:
        """Does intent i's answer for these slots name each of these documents? ("per 75/282, where
        was the concluding session?": the venue answer says what 75/282 placed where)"""
        cited = self._made(i, slots)[1]
        return bool(cited) and set(symbols) <= cited

    def _made(self, i: int, slots: dict[str, str]) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
        """Intent i's answer for these slots: its stemmed words and the documents it cites (kept once made)."""
        today = self.clock()
        if today != self._answer_day:  # tenses follow the date: a new day makes the answers again
            self._answer_words, self._answer_day = {}, today
        key = (i, tuple(sorted(slots.items())))
        made = self._answer_words.get(key)
        if made is None:
            try:
                text = self.renderer.render(self.intents[i].id, slots, today, Asked())
                cited = frozenset(c.symbol for c in self.renderer.citations(self.intents[i], slots))
            except Exception:  # an answer that cannot be made tells nothing; the engine answers politely
                text, cited = "", frozenset()
            said = self.analyzer.answer_tokens(text)
            made = self._answer_words[key] = (frozenset(said), cited, said)
        return made

    def rank(self, analysis: Analysis) -> list[Ranked]:
        ranked = [
            Ranked(self.intents[i], self.model.score(f), slots, renderable, f)
            for i, f, slots, renderable in self.features(analysis)
        ]
        ranked.sort(key=lambda r: r.confidence, reverse=True)
        return ranked

    # --- answering ------------------------------------------------------------------------

    def ask(
        self, question: str, mode: Mode = "ask", context: Context | None = None, *, explain: bool = False
    ) -> Answer:
        """Answer one question; never raises for any input text.

        `context` is the previous answer's intent and slots (`Answer.context`): a follow-up such as
        "and the fifth?" or "where?" is read against it. `explain` keeps the stages and checks.
        """
        try:
            answer = self._ask(question, mode, context, explain)
            if (pair := self._two_questions(question)) is not None:
                answer = self._both(answer, pair, mode, context)
        except Exception as exc:  # the engine must answer politely whatever it is sent
            # One line for operators; the traceback only when debugging (never in the CLI's output).
            log.error(
                "engine failed on a question: %s: %s", type(exc).__name__, exc, exc_info=log.isEnabledFor(logging.DEBUG)
            )
            return Answer(question, False, None, 0.0, FALLBACK_TEXT, knowledge_version=self.version)
        return answer if explain else replace(answer, explain=None)

    @staticmethod
    def _two_questions(question: str) -> tuple[str, str] | None:
        """ "two things: who's the vice chair from estonia, and what's the secretariat email": two
        questions in one message, each opening with a question word; None for one question."""
        parts = [p.strip(" ,;:") for p in _SECOND_QUESTION.split(question[:MAX_QUESTION_CHARS], maxsplit=1)]
        if len(parts) != 2 or min(len(p.split()) for p in parts) < MIN_PART_WORDS:
            return None
        return parts[0], parts[1]

    def _both(self, whole: Answer, pair: tuple[str, str], mode: Mode, context: Context | None) -> Answer:
        """Each of two questions answered in turn, when each is answered on its own by another answer
        than the whole message got; otherwise the answer to the whole message."""
        if mode == "channel" and not whole.answered:
            return whole  # in the FAQ channel the bot speaks only when the message itself is clear
        if not self.analyzer.starter_words & set(Normalizer.base_tokens(pair[0])):
            return whole  # "besides adopting the text, what did res 79/243 ask": one question
        if not self.analyzer.asks_in_words(pair[0]):
            return whole  # "..., I know the 2nd session was the one before, when was the 3rd?": one question
        analyses = [self.analyze(p) for p in pair]
        if any(a.times for a in analyses):
            # "in 2021 who was the chair, and who were the vice chairs ...": a time in one part may
            # date the other, so the message is read as one
            return whole
        first, second = (self._ask(p, mode, context, analysis=a) for p, a in zip(pair, analyses, strict=True))
        if not (first.answered and second.answered) or first.intent == second.intent:
            return whole
        if whole.answered and first.text in whole.text and second.text in whole.text:
            return whole  # the whole message's answer already says both
        joined = _joined([first, second])
        return replace(
            joined,
            question=whole.question,
            reads_as_question=whole.reads_as_question,
            explain=whole.explain,
            confidence=min(first.confidence, second.confidence),
            entities={**second.entities, **first.entities},
        )

    def signals(self, analysis: Analysis, ranked: Sequence[Ranked], mode: Mode) -> Signals:
        top = ranked[0] if ranked else None
        second = next((r.confidence for r in ranked[1:] if top and r.intent.id != top.intent.id), 0.0)
        ext = analysis.extraction
        return Signals(
            empty=not analysis.norm.tokens,
            unknown_sessions=ext.values("unknown_session"),
            unknown_symbols=ext.values("symbol"),
            opinion=analysis.opinion,
            future_listing=top is not None
            and top.intent.time_sensitive
            and "session" not in ext.kinds
            and any(t.relative == "future" for t in analysis.times),
            bare_followup=analysis.followup and not ext.entities and len(self._own_words(analysis)) <= ELLIPTIC_CONTENT,
            times_before=[t.text for t in analysis.times if t.end is not None and t.end < self._horizon],
            times_after=self._times_after(analysis),
            unheld_meetings=self.analyzer.unheld_meetings(analysis, self.clock()),
            untold_people=self._untold_people(analysis, top) if top else [],
            # with no candidate at all, every other body named is one ("and the budapest one?")
            other_bodies=(
                self.other_bodies(analysis, top.intent.id, top.slots)
                if top
                else (*analysis.foreign, *analysis.other_things)
            ),
            vague=not any(t not in QUESTION_WORDS for t in analysis.content),
            top_intent=top.intent.id if top else None,
            top=top.confidence if top else 0.0,
            second=second,
            missing=[k for k in top.intent.requires if k not in top.slots] if top else [],
            reads_as_question=self.analyzer.is_question(analysis),
            chatter=self.analyzer.is_chatter(analysis),
            mostly_unknown=not ext.entities and self._mostly_unknown(analysis),
        )

    def _untold_people(self, analysis: Analysis, top: Ranked) -> list[str]:
        """The people the question names whom the best answer neither takes nor speaks of."""
        ext = analysis.extraction
        if "person" not in ext.kinds or "person" in top.intent.slots:
            return []
        told = self.told_words(self._number[top.intent.id], self._needed(top.intent, top.slots))
        # "china's vc before shang?": a person the question counts from is not whom it asks of
        anchors = {
            e.value
            for e in ext.entities
            if e.kind == "person" and e.start and ext.tokens[e.start - 1] in self.analyzer.anchor_words
        }
        return [
            p
            for p in ext.values("person")
            if p not in anchors and (not (w := self._label_words("person", p)) or not w <= told)
        ]

    def _far_horizon(self) -> dt.date:
        """The start of the third year after the latest date the knowledge holds, or after today."""
        return dt.date(max(self._latest, self.clock()).year + FAR_YEARS, 1, 1)

    def _times_after(self, analysis: Analysis) -> list[str]:
        """Time phrases that start at the far horizon or later and say when, not by when ("the cosp
        in 2030"; not "in force by 2030", "open until 2030")."""
        tokens = analysis.extraction.tokens
        far = self._far_horizon()
        return [
            t.text
            for t in analysis.times
            if t.start is not None
            and t.start >= far
            and not (t.first and tokens[t.first - 1] in self.analyzer.bound_words)
        ]

    def decide(self, analysis: Analysis, ranked: Sequence[Ranked], mode: Mode) -> Decision:
        """The one decision, shared by `ask` and `eval`."""
        return decide(self.signals(analysis, ranked, mode), mode, self.thresholds)

    def _ask(
        self,
        question: str,
        mode: Mode,
        context: Context | None = None,
        explain: bool = False,
        analysis: Analysis | None = None,
    ) -> Answer:
        if not question or not question.strip():
            return Answer(question, False, None, 0.0, HELP_TEXT, knowledge_version=self.version)
        analysis = analysis or self.analyze(question)
        if (
            context is None
            and not analysis.extraction.entities
            and not analysis.times
            and ends_in_bare_ordinal(analysis.norm.tokens)
        ):
            # "venue of the 5th?": sessions are what this bot numbers, when the question names nothing
            # else and no conversation numbers something else ("the first consultation" ... "and the
            # 5th?", "article 5" ... "and the 6th?"); a number no session has stays unread
            read = self.analyze(f"{question} {SESSION_NOUN}")
            if read.extraction.values("session"):
                analysis = read
        answer = self._answer(question, analysis, mode, context, explain)
        if answer.answered and self.analyzer.asks_weekday(analysis):
            answer = replace(answer, text=_with_weekdays(answer.text))  # "which weekday was it adopted"
        return answer

    def _answer(self, question: str, analysis: Analysis, mode: Mode, context: Context | None, explain: bool) -> Answer:
        entities = analysis.extraction.as_dict()
        ranked = self.rank(analysis)
        decision = self.decide(analysis, ranked, mode)
        is_question = self.analyzer.is_question(analysis)
        # In a FAQ channel a remark ("lol vienna") is never taken as a follow-up: only a question is.
        if mode == "channel" and (not is_question or self.analyzer.is_chatter(analysis)):
            context = None
        followup = self._act_in_turn(analysis, context) if context else None
        if followup is None and context is not None:
            followup = self._followup(analysis, context, decision)
        if followup is None and context is not None:
            followup = self._reread(analysis, context, decision, mode, ranked)
        explained = self._explain(analysis, ranked, decision, followup) if explain else None
        places = self._places(analysis) if decision.reason not in ARTICLE_REFUSALS else {}
        pinned = [i for ids in places.values() for i in ids]
        if pinned and ranked and ranked[0].intent.id not in pinned and self._checks_other_place(analysis, ranked[0]):
            pinned = []  # "the road map is in annex I of A/AC.291/6, isn't it?": the road map's answer checks it
        if pinned and not analysis.extraction.values("article") and (mode == "ask" or decision.answer):
            # "what does paragraph 9 of 75/282 cover": the answer that rests on that very paragraph
            pick = next((r.intent.id for r in ranked if r.intent.id in pinned), pinned[0])
            answer = self._unless_declined(self.render(pick, {}, question, ARTICLE_CONFIDENCE, entities), {}, question)
            return replace(answer, reads_as_question=is_question, explain=explained)
        # the places in a document the question names that no answer rests on
        unpinned = [place for place, ids in places.items() if not ids] if not pinned else []
        lookup = self._document_intent() if unpinned else None
        if unpinned and lookup is not None and mode == "ask":
            # "what does annex I of A/AC.291/7 contain": no answer rests on that place, so say so
            # before what the sources hold on the document
            symbol = analysis.extraction.values("document")[0]
            answer = self.render(lookup.id, {"document": symbol}, question, ARTICLE_CONFIDENCE, entities)
            said = f"My sources do not say what {join_words(unpinned)} holds; what they hold on the document:"
            text = f"{said}\n{answer.text}"
            answer = replace(answer, answered=False, intent=None, declined=lookup.id, related=(), text=text)
            return replace(answer, reads_as_question=is_question, explain=explained)
        articles = analysis.extraction.values("article")
        if articles and decision.reason not in ARTICLE_REFUSALS and (mode == "ask" or decision.answer):
            answer = self._article_answer(question, int(articles[0]), entities)
            return replace(answer, reads_as_question=is_question, explain=explained)
        if followup is not None:
            intent_id, slots = followup
            answer = self.render(
                intent_id, slots, question, FOLLOWUP_CONFIDENCE, {**slots, **entities}, _windows(analysis)
            )
            return replace(
                self._unless_declined(answer, slots, question), reads_as_question=is_question, explain=explained
            )
        top = ranked[0] if ranked else None
        if top is not None and decision.answer:
            also = self._second_aspect(analysis, top, ranked)
            named = list(self._each_named(top, self._asked_extraction(analysis)))
            parts = [
                self._answer_for(top.intent.id, slots, also, question, top.confidence, entities, _windows(analysis))
                for slots in named
            ]
            answer = replace(_joined(parts), reads_as_question=is_question, explain=explained)
            answer = self._checked_yes(answer, analysis, top)
            undated = self._undated(analysis, top)
            if undated:  # "on what date was resolution 74/247 adopted": the sources give none
                said = f"My sources give no date for {join_words(undated)}; what they hold on it:"
                text = f"{said}\n{answer.text}"
                return replace(answer, answered=False, intent=None, declined=top.intent.id, related=(), text=text)
            answer = self._in_turn(answer, parts, analysis)
            # a known unknown: say so, and where the answer is kept; an answer that holds nothing on
            # the thing asked ("where was the one-day meeting held") declines when its aspect is asked
            # (not for "was there some meeting right before the first session", which it tells of)
            # (of several things named, only when it declines for each: "where were the one-day
            # meeting and the first session held" answers for the first session)
            if all(self.declines(top.intent, slots, question) for slots in named or [top.slots]) and (
                top.intent.decline
                or set(analysis.asked) & set(top.intent.aspects)
                or top.intent.id in self.renderer.judges_question
            ):
                return replace(answer, answered=False, intent=None, declined=top.intent.id, related=())
            return answer
        if decision.reason == "opinion":  # say why, with the answer that declines to give opinions
            declining = next((r.intent.id for r in ranked if self.declines(r.intent)), None)
            if declining is not None:
                answer = self.render(declining, {}, question, 0.0, entities)
                return replace(
                    answer,
                    answered=False,
                    intent=None,
                    declined=declining,
                    related=(),
                    reads_as_question=is_question,
                    explain=explained,
                )
        dated = self._dated_pair(analysis, question, entities) if decision.reason not in NAMES_OTHER else None
        if dated is not None:  # "which was earlier, the org session or the adoption of 79/243?"
            return replace(dated, reads_as_question=is_question, explain=explained)
        suggestions = tuple(
            Suggestion(r.intent.id, r.intent.title, r.confidence)
            for r in ranked
            if r.renderable
            and not self.declines(r.intent)
            and (r.confidence >= SUGGEST_SHARE * self.thresholds.answer or decision.reason == "vague")
        )[:3]
        mostly_unknown = self._mostly_unknown(analysis)
        about_me = mode == "ask" and self.analyzer.asks_about_me(analysis)
        if decision.reason in NAMES_OTHER or mostly_unknown or about_me:
            suggestions = ()  # "best pizza in new york?", "who r u": nothing to offer but the tips
        text = self._fallback(analysis, suggestions)
        if mode == "ask" and decision.reason != "empty" and ((not analysis.content and not entities) or about_me):
            text = GREETING_TEXT  # "hello", "thanks", "what can you do?": say what can be asked
        return Answer(
            question,
            False,
            None,
            top.confidence if top else 0.0,
            text,
            suggestions=suggestions,
            entities=entities,
            knowledge_version=self.version,
            reads_as_question=is_question,
            explain=explained,
        )

    def _own_words(self, analysis: Analysis) -> list[str]:
        """The question's content words beyond names and the words that say how it asks."""
        return [t for t in analysis.content if not t.startswith("<") and t not in self._asking_words]

    def _about_answer(self, analysis: Analysis, prior: Intent, slots: dict[str, str]) -> bool:
        """Are most of a follow-up's own words in the previous answer ("in which regional groups?"
        after a list of seats by group)?"""
        own = self._own_words(analysis)
        if not own or len(own) > ELLIPTIC_CONTENT or not all(k in slots for k in prior.requires):
            return False
        if not set(analysis.asked) <= set(prior.aspects):
            return False  # "and which one fixed how many sessions it would hold?" asks what it does not tell
        told = self.told_words(self._number[prior.id], self._needed(prior, slots))
        return 2 * sum(t in told for t in own) >= len(own)

    def _in_turn(self, answer: Answer, parts: Sequence[Answer], analysis: Analysis) -> Answer:
        """ "Which came first, the 3rd session or the second consultation?" (or "the org session or
        the adoption of 75/282?"): besides each one's dates, say which came first."""
        if not self.analyzer.asks_order(analysis.norm.tokens):
            return answer
        ids = [p.slots.get("session") for p in parts]
        meetings = [self.kb.sessions_by_id[i] for i in ids if i in self.kb.sessions_by_id]
        if len(meetings) != 2 or len(parts) != 2:
            # a meeting and a dated document, one of them in the answer
            pair = self._meeting_and_dated_document(analysis)
            if pair is None:
                return answer
            meeting, doc, day = pair
            events: list[tuple[dt.date, str, str]] = [
                (meeting.start, f"the {meeting.name} ({fmt_span(meeting.start, meeting.end)})", f"the {meeting.name}"),
                (day, f"{doc.kind} {doc.symbol} ({fmt_date(day)})", f"{doc.kind} {doc.symbol}"),
            ]
        else:
            events = [(s.start, f"the {s.name} ({fmt_span(s.start, s.end)})", f"the {s.name}") for s in meetings]
        (first, first_said, _), (then, _, then_named) = sorted(events, key=lambda e: e[0])
        if first == then:
            return answer
        line = f"{first_said[0].upper()}{first_said[1:]} came first, before {then_named} (which came after it)."
        return replace(answer, text=f"{line}\n\n{answer.text}")

    def _dated_pair(self, analysis: Analysis, question: str, entities: dict[str, str]) -> Answer | None:
        """A question that asks which came first of a meeting and a dated document is answered from
        their dates, when no answer fits it on its own: each one's dates, and which came first."""
        pair = self._meeting_and_dated_document(analysis) if self.analyzer.asks_order(analysis.norm.tokens) else None
        when = next((i for i in self.intents if tuple(i.requires) == ("session",) and WHEN in i.aspects), None)
        lookup = self._document_intent()
        if pair is None or when is None or lookup is None:
            return None
        meeting, doc, _ = pair
        parts = [
            self.render(when.id, {"session": meeting.id}, question, FOLLOWUP_CONFIDENCE, entities),
            self.render(lookup.id, {"document": doc.symbol}, question, FOLLOWUP_CONFIDENCE, entities),
        ]
        return self._in_turn(_joined(parts), parts, analysis)

    def _meeting_and_dated_document(self, analysis: Analysis) -> tuple[Session, Document, dt.date] | None:
        """The one meeting and the one dated document a question names, with the document's date."""
        ext = analysis.extraction
        meetings = [
            self.kb.sessions_by_id[i] for i in dict.fromkeys(ext.values("session")) if i in self.kb.sessions_by_id
        ]
        docs = [self.kb.documents[d] for d in dict.fromkeys(ext.values("document")) if d in self.kb.documents]
        if len(meetings) != 1 or len(docs) != 1 or docs[0].date is None:
            return None
        return meetings[0], docs[0], docs[0].date

    def _undated(self, analysis: Analysis, top: Ranked) -> list[str]:
        """The documents a question asks the date of, through the answer about a document, when the
        knowledge holds no date for them."""
        # ("when was it adopted" asks when, and "adopted" is a word of the decision aspect; "under
        # decision 76/552 what day was the one-day meeting" asks the meeting's date)
        asked = set(analysis.asked)
        if tuple(top.intent.requires) != ("document",) or WHEN not in asked or not asked <= {WHEN, DECISION}:
            return []
        if "session" in analysis.extraction.kinds:
            return []
        named = [d for d in top.slots.values() if d in self.kb.documents]
        return named if named and all(self.kb.documents[d].date is None for d in named) else []

    @staticmethod
    def _checked_yes(answer: Answer, analysis: Analysis, top: Ranked) -> Answer:
        """A plain "Yes" only confirms what the answer checks: "Künnapu is the vice-chair for Latvia,
        yes?" names a country the knowledge does not hold, and "was it postponed by decision 78/549?"
        a document the answer does not rest on. The facts stay; the "Yes" goes."""
        if not answer.text.startswith(YES_LEADS):
            return answer
        cited = {c.symbol for c in answer.citations}
        unchecked = (
            analysis.names
            or analysis.unknown  # "künnapu is latvia's VC right": a word the bot does not know is not checked
            or analysis.other_things
            or analysis.foreign  # "can the European Union sign it?": who may sign is no Yes for the EU
            or top.features.get("foreign_entity")
            or not set(analysis.extraction.values("document")) <= cited
        )
        if not unchecked:
            return answer
        text = answer.text.removeprefix(next(y for y in YES_LEADS if answer.text.startswith(y)))
        return replace(answer, text=text[:1].upper() + text[1:])

    @staticmethod
    def _asked_extraction(analysis: Analysis) -> Extraction:
        """The things named outside the scene-setting part, or all of them if it names none."""
        a, b = analysis.scene_span
        ext = analysis.extraction
        asked = tuple(e for e in ext.entities if not a <= e.start < b)
        return Extraction(asked, ext.tokens) if asked and len(asked) < len(ext.entities) else ext

    def _each_named(self, top: Ranked, ext: Extraction) -> list[dict[str, str]]:
        """ "the 4th and 5th sessions", "vice-chairs from japan and china": a question naming several
        things of a kind the answer needs gets the answer for each (at most MAX_EACH)."""
        for kind in [*top.intent.requires, *(k for k in top.intent.slots if k in PLACEHOLDER_KINDS)]:
            values = list(dict.fromkeys(ext.values(kind)))
            if len(values) > 1:
                return [{**top.slots, kind: v} for v in values[:MAX_EACH]]
        return [top.slots]

    def _answer_for(
        self,
        intent_id: str,
        slots: dict[str, str],
        also: Ranked | None,
        question: str,
        confidence: float,
        entities: dict[str, str],
        periods: Sequence[tuple[dt.date, dt.date]] = (),
    ) -> Answer:
        """One intent's answer for these slots, with the lines of a second aspect asked that it
        does not already say ("6th session where n when")."""
        answer = self.render(intent_id, slots, question, confidence, entities, periods)
        if also is None or self.declines(self.by_id[intent_id]):
            return answer
        more = self.render(also.intent.id, {**also.slots, **{k: v for k, v in slots.items() if k in also.intent.slots}})
        cited = {c.symbol for c in answer.citations}
        said = _facts_in(answer.text)
        new_lines = [line for line in more.text.strip().splitlines() if not _facts_in(line) <= said]
        return replace(
            answer,
            text="\n".join([answer.text.rstrip(), *new_lines]),
            citations=answer.citations + tuple(c for c in more.citations if c.symbol not in cited),
        )

    def _places(self, analysis: Analysis) -> dict[str, list[str]]:
        """Each place in a named document the question names ("annex I of A/AC.291/6"), with the
        intents whose answers rest on it."""
        documents = analysis.extraction.values("document")
        found = _PINPOINT.findall(analysis.norm.original) if documents else []
        if not found:
            return {}
        if self._pinpoints is None:
            self._pinpoints = {}
            for intent in self.intents:
                if intent.requires or self.declines(intent):
                    continue
                for c in self.renderer.citations(intent, dict(intent.default_slots)):
                    if c.pinpoint:
                        self._pinpoints.setdefault((c.symbol, c.pinpoint.lower()), []).append(intent.id)
        out: dict[str, list[str]] = {}
        for kind, number in found:
            # cited as "para. 9" and "annex II"; typed as "para 9", "annex 2" or "annex ii"
            roman = number.lower()
            n = int(number) if number.isdecimal() else ROMAN_NUMERALS.index(roman) + 1 if roman in ROMAN_NUMERALS else 0
            kind = kind.lower()
            if kind.startswith("para"):
                place = f"para. {n}"
            elif kind == "annex" and 0 < n <= len(ROMAN_NUMERALS):
                place = f"annex {ROMAN_NUMERALS[n - 1]}"
            elif kind == "item" and n:
                place = f"item {n}"
            else:
                continue
            shown = re.sub(r"(?<=annex )[ivx]+$", lambda m: m.group(0).upper(), place)  # "annex I"
            for symbol in documents:
                ids = out.setdefault(f"{shown} of {symbol}", [])
                ids.extend(i for i in self._pinpoints.get((symbol, place), []) if i not in ids)
        return out

    def _article_answer(self, question: str, number: int, entities: dict[str, str]) -> Answer:
        """An article the knowledge records is answered from it; any other gets a pinpointed link.
        Never another intent: "art 12?" is not a question about the Convention's structure."""
        conv = self.kb.convention
        known = next((a for a in conv.articles if a.number == number), None)
        if known is not None:
            return self.render(known.answered_by, {}, question, ARTICLE_CONFIDENCE, entities)
        intent_id = conv.other_articles_answered_by
        answer = self.render(intent_id, {"article": str(number)}, question, ARTICLE_CONFIDENCE, entities)
        return replace(answer, answered=False, intent=None, declined=intent_id, related=(), slots={})

    def _second_aspect(self, analysis: Analysis, top: Ranked, ranked: Sequence[Ranked]) -> Ranked | None:
        """ "6th session where n when": a second aspect about the same subject gets its answer too."""
        rest = [a for a in analysis.asked if a not in top.intent.aspects]
        if not rest or not top.intent.requires:
            return None
        for r in ranked[1:]:
            if (
                r.renderable
                and not self.declines(r.intent)
                and r.slots == top.slots
                and r.features.get("structure")
                and set(rest) & set(r.intent.aspects)
            ):
                return r
        return None

    def _followup(self, analysis: Analysis, context: Context, decision: Decision) -> tuple[str, dict[str, str]] | None:
        """Read a short follow-up against the previous answer: "and the fifth?", "where?", "and China?"."""
        prior = self.by_id.get(context.intent)
        if prior is None or decision.reason in NAMES_OTHER:
            return None
        ext = analysis.extraction
        own = [t for t in analysis.content if not t.startswith("<") and t not in QUESTION_WORDS]
        own = [t for t in own if t not in self._aspect_stems]
        moved = self._in_order(context.slots["session"], analysis.order) if "session" in context.slots else None
        if decision.answer and not analysis.followup and moved is None:
            return None  # a question that stands on its own
        if not analysis.followup and len(own) > ELLIPTIC_CONTENT and moved is None:
            return None
        if moved is None and set(own) & set(analysis.unknown):
            return None  # "any good schnitzel place in vienna?" after a session's venue asks of something else
        new = {e.kind: e.value for e in reversed(ext.entities) if e.kind in PLACEHOLDER_KINDS}
        if "position" in prior.slots and "position" in ext.kinds:
            new["position"] = ext.first("position") or ""  # "what about the rapporteur?" after the vice-chairs
        if moved is not None:
            new["session"] = moved  # "and the one after that?" after a question about the 4th session
        elif "session" in context.slots and "session" not in new:
            same = self._numbered_like(context.slots["session"], ext.tokens)
            if same is not None:
                new["session"] = same  # "and the 6th?" after a question about the 5th session
        if not new and not own and not prior.time_sensitive and self.analyzer.asks_today(analysis.norm.tokens):
            twin = self._todays_twin(prior, context.slots)
            if twin is not None:  # "who was chair in 2021?" then "and now?"
                return twin.id, {k: v for k, v in context.slots.items() if k in twin.slots}
        # a new seat or place replaces what only narrowed the last answer ("the African vice-chairs"
        # then "what about the rapporteur?" asks of the rapporteur, not of an African one)
        kept = {k: v for k, v in context.slots.items() if k in prior.requires or "position" not in new}
        slots = {**kept, **new}
        asked = analysis.asked
        if asked and not set(asked) & set(prior.aspects):
            fits = [
                i
                for i in self.intents
                if not self.declines(i) and set(asked) & set(i.aspects) and i.requires and set(i.requires) <= set(slots)
            ]
            # the same topic first, then the intent that uses most of what the context names
            fits.sort(key=lambda i: (i.topic != prior.topic, -len(set(i.requires) & set(slots)), len(i.requires)))
            if not fits and "session" in slots and slots["session"] in self.kb.sessions_by_id:
                # "how many were there in total?" after a consultation: the intent about that kind
                named = frozenset(self.analyzer.answer_tokens(self.kb.sessions_by_id[slots["session"]].name))
                fits = [
                    i
                    for i in self.intents
                    if not i.requires
                    and not self.declines(i)
                    and set(asked) & set(i.aspects)
                    and any(subject <= named for subject in self._subjects[self._number[i.id]])
                ]
            if not fits:
                return None
            chosen = fits[0]
        elif new and set(new) <= set(prior.slots):
            chosen = prior
        elif (
            not new
            and asked
            and set(asked) <= set(prior.aspects)
            and ((not own and prior.requires) or not decision.answer)
        ):
            # "why?" after the concluding session, "how many were there in total?" after the consultations
            chosen = prior
        else:
            return None
        return chosen.id, {k: v for k, v in slots.items() if k in chosen.slots}

    def _act_in_turn(self, analysis: Analysis, context: Context) -> tuple[str, dict[str, str]] | None:
        """The acts about one meeting come in turn: "what did decision 74/567 do?" then "and the second
        postponement?" or "which decision pushed it back again?" asks about the other act that
        postponed the same meeting (the second in its record, or the one after the last answer's);
        "which decision first postponed the org session?" then "and the second one?" the same."""
        prior = self.by_id.get(context.intent)
        ext = analysis.extraction
        if prior is None or {"document", "session"} & ext.kinds:
            return None
        current = context.slots.get("document")
        meeting = self.kb.sessions_by_id.get(context.slots.get("session", ""))
        numbers = [int(t[:-2]) for t in ext.tokens if ORDINAL.match(t)]
        if len(numbers) != 1 and not (current and (analysis.again or analysis.order == "next")):
            return None  # no act is picked: an ordinal, or "again" after an act, picks one
        if meeting is not None and numbers and self._numbered_like(meeting.id, ext.tokens) is not None:
            return None  # "which decision convened the first session?" then "and the 2nd?": the 2nd session
        cited = {c.symbol for c in self.renderer.citations(prior, context.slots)} if meeting is not None else set()
        for session in [meeting] if meeting is not None else self.kb.sessions:
            for record_field in SESSION_ACTS:
                acts = [c.symbol for c in getattr(session, record_field)]
                if len(acts) < 2 or not (current in acts if current else set(acts) <= cited):
                    continue
                here = acts.index(current) if current else None
                if len(numbers) == 1:
                    pick = numbers[0] - 1
                elif here is not None and (analysis.again or analysis.order == "next"):
                    pick = here + 1
                else:
                    return None
                lookup = prior if "document" in prior.requires else self._document_intent()
                if lookup is not None and 0 <= pick < len(acts) and pick != here:
                    return lookup.id, {"document": acts[pick]}
        return None

    def _document_intent(self) -> Intent | None:
        """The intent that tells what a document is (it needs only the document)."""
        return next((i for i in self.intents if tuple(i.requires) == ("document",)), None)

    def _todays_twin(self, prior: Intent, slots: dict[str, str]) -> Intent | None:
        """The intent that answers from today's listing what `prior` answered from an earlier one:
        of its topic, time-sensitive, needing only what the slots hold, the same seat first."""
        fits = [
            i
            for i in self.intents
            if i.topic == prior.topic and i.time_sensitive and set(i.requires) <= set(slots) and not self.declines(i)
        ]

        def fit(i: Intent) -> tuple[int, int]:
            same_seat = "position" in slots and i.default_slots.get("position") == slots["position"]
            return (int(same_seat), len(i.requires))

        return max(fits, key=fit) if fits else None

    def _reread(
        self, analysis: Analysis, context: Context, decision: Decision, mode: Mode, on_its_own: Sequence[Ranked] = ()
    ) -> tuple[str, dict[str, str]] | None:
        """A question that points back ("which group is that seat in?", "which country is she from?")
        and names nothing of its own is read with the previous answer's subject filled in."""
        prior = self.by_id.get(context.intent)
        own = {e.kind for e in analysis.extraction.entities if e.kind in PLACEHOLDER_KINDS}
        if (
            prior is None
            or own
            or not (analysis.refers_back or analysis.followup or analysis.pronoun)
            or decision.reason in NAMES_OTHER
            # "when was that?", "what is it for?" point back
            or (decision.reason == "vague" and not (analysis.refers_back or analysis.pronoun))
        ):
            return None
        slots = dict(context.slots)
        group = self._group_of(slots)
        toks = analysis.norm.tokens
        pointed = any(toks[k] in GROUP_POINTERS and toks[k + 1] == GROUP_WORD for k in range(len(toks) - 1))
        if group is not None and pointed:
            # "vice-chair for china" then "and the other one from that group?": the group of the
            # country the last answer was about
            slots = {"group": group}
        if (
            not slots
            and analysis.pronoun
            and "decision" in prior.aspects
            and len(self._own_words(analysis)) <= ELLIPTIC_CONTENT
            and ANOTHER_ONE not in analysis.norm.tokens  # "and which one fixed how many sessions ...?"
        ):
            # "what did resolution 75/282 decide?" then "when was it adopted?": an answer that names
            # nothing is about the resolution or decision it rests on
            rests_on = [c.symbol for c in prior.citations if self._is_act(c.symbol)]
            if len(rests_on) == 1:
                slots = {"document": rests_on[0]}
        n = len(analysis.extraction.tokens)
        added = [Entity(k, v, n + j, n + j + 1) for j, (k, v) in enumerate(slots.items())]
        holders = tuple(PLACEHOLDER[e.kind] for e in added if e.kind in PLACEHOLDER)
        filled = replace(
            analysis,
            extraction=Extraction((*analysis.extraction.entities, *added), (*analysis.extraction.tokens, *holders)),
            content=(*analysis.content, *holders),
        )
        ranked = self.rank(filled)
        top = ranked[0] if ranked else None
        if (
            top is not None
            and not self.declines(top.intent)
            and self.decide(filled, ranked, mode).answer
            # what it needs, or, pointed back at ("how many of those seats are vacant?" after the
            # Eastern European seats), what narrows it
            and (
                set(top.intent.requires) & set(slots)
                or ((analysis.refers_back or analysis.pronoun) and set(top.slots) & set(slots))
            )
        ):
            return top.intent.id, top.slots
        alone = on_its_own[0] if on_its_own else None
        if decision.answer and alone is not None and alone.intent.id != prior.id and alone.features.get("structure"):
            # "which resolution set up the committee?" then "and which one adopted the final
            # convention?": what it names and asks fits another answer on its own
            return None
        if analysis.followup and self._about_answer(analysis, prior, context.slots):
            # "in which regional groups?" after the vacant seats: the last answer says it
            return prior.id, {k: v for k, v in context.slots.items() if k in prior.slots}
        if not (analysis.refers_back or analysis.followup) or (decision.answer and not analysis.refers_back):
            # "it" alone is read back only where it fills what an answer needs, and a question
            # answered on its own ("and which one set up the committee?") keeps its answer
            return None
        asked = set(analysis.asked)
        if not asked or asked <= set(prior.aspects):
            return prior.id, {k: v for k, v in context.slots.items() if k in prior.slots}
        return None  # "and the one that fixed how many sessions it would hold?" asks what it does not tell

    @staticmethod
    def _mostly_unknown(analysis: Analysis) -> bool:
        """Are more than half of the question's content words unknown?"""
        return 2 * len(analysis.unknown) > len([t for t in analysis.content if not t.startswith("<")])

    def _of_cited_kind(self, i: int, ext: Extraction) -> bool:
        """Is every document the question names of a kind intent i's answer rests on: an act (a
        resolution or decision) or a text (a report, a draft)?"""
        docs = self.kb.documents
        kinds = {self._is_act(c) for c in self._cited[i] if c in docs}
        return all(d in docs and self._is_act(d) in kinds for d in ext.values("document"))

    def _is_act(self, symbol: str) -> bool:
        """Is the document a resolution or decision (what an answer about a decision rests on)?"""
        doc = self.kb.documents.get(symbol)
        return doc is not None and doc.kind in ("resolution", "decision")

    def _in_order(self, session_id: str, place: str | None) -> str | None:
        """The meeting of the same body and kind as `session_id` that `place` (next, previous, first,
        last) picks, in the order they were held; None at either end or with no place asked."""
        prior = self.kb.sessions_by_id.get(session_id)
        if prior is None or place is None:
            return None
        consultation = prior.kind == "consultation"
        # of its own kind first; then, for "tell me about the concluding session" and "the one
        # after?", the body's next meeting of whatever kind (consultations keep to theirs)
        for own_kind in (True, False):
            same = sorted(
                (
                    s
                    for s in self.kb.sessions
                    if s.body == prior.body
                    and (s.kind == prior.kind if own_kind else (s.kind == "consultation") == consultation)
                ),
                key=lambda s: s.start,
            )
            k = same.index(prior)
            pick = {"next": k + 1, "previous": k - 1, "first": 0, "last": len(same) - 1}[place]
            if 0 <= pick < len(same) and pick != k:
                return same[pick].id
        return None

    def _numbered_like(self, session_id: str, tokens: Sequence[str]) -> str | None:
        """The session of the same kind as `session_id` whose number a bare ordinal names ("the 6th")."""
        prior = self.kb.sessions_by_id.get(session_id)
        numbers = [int(t[:-2]) for t in tokens if ORDINAL.match(t)]
        if prior is None or len(numbers) != 1:
            return None
        return next((s.id for s in self.kb.sessions if s.kind == prior.kind and s.number == numbers[0]), None)

    def _explain(
        self,
        analysis: Analysis,
        ranked: Sequence[Ranked],
        decision: Decision,
        followup: tuple[str, dict[str, str]] | None,
    ) -> dict[str, object]:
        checks: list[Check] = list(decision.checks)
        if followup is not None:
            checks.append(Check("follow_up", True, f"read against the previous answer as {followup[0]}"))
        return {
            "tokens": list(analysis.extraction.tokens),
            "entities": [f"{e.kind}={e.value}" for e in analysis.extraction.entities],
            "aspects": list(analysis.aspects),
            "times": [t.describe() for t in analysis.times],
            "unknown": list(analysis.unknown),
            "candidates": [
                {
                    "intent": r.intent.id,
                    "confidence": round(r.confidence, 3),
                    "because": [f"{n} {v:+.2f}" for n, v in self.model.explain(r.features)[:5]],
                }
                for r in ranked[:3]
            ],
            "checks": [str(c) for c in checks],
            "decision": "follow-up" if followup else ("answer" if decision.answer else f"refuse: {decision.reason}"),
        }

    def _fallback(self, analysis: Analysis, suggestions: tuple[Suggestion, ...]) -> str:
        unknown_sessions = analysis.extraction.values("unknown_session")
        if unknown_sessions:
            known = ", ".join(s.name for s in self.kb.sessions if s.kind == "negotiating")
            return (
                f"I have no record of the {unknown_sessions[0]}. The negotiating sessions I know are: {known}; "
                'ask for "all sessions" to see every meeting and consultation.'
            )
        unheld = self.analyzer.unheld_meetings(analysis, self.clock())
        if unheld:
            return (
                f"My records hold no meeting in {join_words(unheld, 'or')}. "
                'Ask for "all sessions" to see every meeting and consultation I know of.'
            )
        unknown_docs = analysis.extraction.values("symbol")
        if unknown_docs:
            symbol = unknown_docs[0]
            return (
                f"{symbol} is not in my knowledge base, so I can't say what it contains. "
                f"Official link: https://undocs.org/{symbol}"
            )
        if suggestions:
            lines = "\n".join(f"- {s.question}" for s in suggestions)
            return f"I'm not sure I understood. Did you mean:\n{lines}"
        return FALLBACK_TEXT

    def render(
        self,
        intent_id: str,
        slots: dict[str, str],
        question: str = "",
        confidence: float = 1.0,
        entities: dict[str, str] | None = None,
        periods: Sequence[tuple[dt.date, dt.date]] = (),
    ) -> Answer:
        """Answer a known intent directly (also used when a user picks a suggestion). `periods` are
        the dated windows the question names ("the second half of 2022"): a listing keeps to them."""
        intent = self.by_id[intent_id]
        text = self.renderer.render(intent_id, slots, self.clock(), Asked.of(question, periods))
        citations = tuple(self.renderer.citations(intent, slots))
        related = tuple(Suggestion(r, self.by_id[r].title) for r in intent.related if r in self.by_id)
        return Answer(
            question=question or intent.title,
            answered=True,
            intent=intent_id,
            confidence=confidence,
            text=text,
            citations=citations,
            entities=dict(entities if entities is not None else slots),
            as_of=self.renderer.as_of(intent, {**intent.default_slots, **slots}),
            slots={k: v for k, v in slots.items() if k in intent.slots},
            related=related,
            topic=intent.topic,
            knowledge_version=self.version,
        )

    # --- for the front ends: what a slash command needs, without reaching into the stages -------

    def find(self, text: str, kinds: Sequence[str]) -> tuple[str, str] | None:
        """The first of the knowledge's things of one of `kinds` named in free text:
        `find("vice chair from japan", ["person", "country"])` -> `("country", "Japan")`."""
        for entity in self.analyze(text).extraction.entities:
            if entity.kind in kinds:
                return entity.kind, entity.value
        return None

    def choices(self, kind: str) -> dict[str, str]:
        """Label -> value for every thing of a kind in the knowledge, for autocomplete."""
        return {label_of(self.kb, kind, v): v for v in values_of(self.kb, kind)}

    def document_symbol(self, text: str) -> str:
        """The symbol as the UN writes it ('a/ac.291/7', 'res 79/243' -> 'A/RES/79/243'), or the text."""
        symbols = self.analyzer.normalizer.normalize(text).symbols
        return symbols[0] if symbols else text.strip()

    def topics(self) -> list[str]:
        """The topics of the intents, in the order the intents are written."""
        return list(dict.fromkeys(i.topic for i in self.intents))

    def questions_in(self, topic: str) -> tuple[list[tuple[str, str]], list[str]]:
        """A topic's questions: (intent id, title) of those that need nothing named, and the titles
        of those that need a session, country … named in the question."""
        of_topic = [i for i in self.intents if i.topic == topic]
        return [(i.id, i.title) for i in of_topic if not i.requires], [i.title for i in of_topic if i.requires]

    def _unless_declined(self, answer: Answer, slots: dict[str, str], question: str) -> Answer:
        """An answer taken without scoring (a follow-up, a pinned paragraph) counts as declined when
        its intent says the sources hold nothing on the thing asked."""
        intent = self.by_id.get(answer.matched or "")
        if intent is None or not self.declines(intent, slots, question):
            return answer
        return replace(answer, answered=False, intent=None, declined=intent.id, related=())

    def declines(self, intent: Intent, slots: dict[str, str] | None = None, question: str = "") -> bool:
        """A decline intent says the sources cannot answer, until the knowledge holds its answer; an
        answering intent may say so of the thing asked, or of how it was asked (`declines_when`)."""
        return self.renderer.declines(intent.id, self.clock(), slots, Asked.of(question) if question else None)

    def renderable(self, intent_id: str, slots: dict[str, str]) -> bool:
        intent = self.by_id.get(intent_id)
        return intent is not None and all(k in slots for k in intent.requires)
