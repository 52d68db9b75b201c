"""The analysis stages shared by questions and intent examples:
normalize -> entities (with time phrases and articles) -> aspects -> content tokens (stemmed,
placeholders kept) -> unknown words. Scoring and the decision live in the engine."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import snowballstemmer
from pydantic import BaseModel

from bot.kb.loader import IntentSet, Knowledge
from bot.nlu.aspects import GENERAL_ASPECT, AspectFinder
from bot.nlu.entities import ORDINAL_TOKEN, PLACEHOLDER, Entity, Extraction, Gazetteer, build_gazetteer, extract
from bot.nlu.normalize import (
    AUXILIARIES,
    SENTENCE_ENDS,
    SLOT_PREFIX,
    SYMBOL_MARK,
    YES_NO_OPENERS,
    Normalized,
    Normalizer,
    fold,
    tokenize,
    unify_ordinals,
)
from bot.nlu.timex import TimeFinder, TimeRef, sessions_in

_EXAMPLE_SLOT = re.compile(r"<(\w+)>")
_PLACEHOLDERS = frozenset(PLACEHOLDER.values())
QUALIFIER_REACH = 4
"""How many words (not counting stopwords) after "on"/"of" may still name the thing."""
_FOCUS_SKIP = frozenset({"what", "whats", "who", "whos", "when", "where", "which", "why", "how", "is", "are", "was"})
STEM_CACHE = 100_000
"""Words whose stems are kept (the bot's vocabulary is a few thousand; typed words add to it)."""
RECORD_WORD, RECORD_HITS = 5, 2
"""A meeting's own word is at least this long; this many of them pick the meeting."""
_FOCUS_LINKS = frozenset({"of", "in", "for", "on", "at", "like"})
_FOCUS_COUNT = "many"
"""After "how", the word that asks for a count ("how much" is read as "how many"): "how many
<ransomware> attacks" counts an unknown thing."""
_FOCUS_WHICH = frozenset({"what", "which"})
_FOCUS_VERBS = AUXILIARIES - {"has", "have", "had"}
"""The verb after "what <unknown>" that makes the unknown word the thing asked for."""
_POSSESSIVES = frozenset({"my", "our", "your", "his", "her", "their"})
_NAME_LEADS = frozenset({"from", "representing"})
"""Words after which a question names a country or a person ("the vice chair from ...")."""
_ACTOR_OPENERS = frozenset(w for w in YES_NO_OPENERS if w.startswith(("did", "has", "have", "will")))
"""Yes/no openers whose next word is who the question asks about ("did india sign?")."""
_MEETING_NOUNS = "(?:meeting|session|consultation|round)"
"""The nouns that name a meeting, to tell one asked for from several."""
_PLURAL_MEETINGS = re.compile(rf"\b{_MEETING_NOUNS}s\b", re.IGNORECASE)
"""Meetings asked of in the plural: a time phrase then lists them rather than picks one."""
_SINGULAR_WHICH = re.compile(
    rf"\b(?:which|what|whats|what's)\s+(?:the\s+)?(?:\w+\s+)?{_MEETING_NOUNS}\b", re.IGNORECASE
)
"""'Which session', 'which negotiating session', 'what's the session after ...': one meeting asked for."""
LIST_ASPECT = "list"
_CONSULTATION_WORDS = frozenset({"consultation", "consultations", "intersessional"})
"""Words that ask of the intersessional consultations rather than the sessions."""
_MEETING_KINDS = {"session": False, "sessions": False, **dict.fromkeys(_CONSULTATION_WORDS, True)}
"""The word a question uses for the meeting it asks of: True for a consultation."""
_MEETING_WORDS = frozenset({"meeting"})
"""The generic word for the meeting a time phrase picks ("the jan 2026 meeting"); "session" and
"consultation" stay, as they tell what kind of meeting is asked of."""
_TIME_LINKS = frozenset({"in", "of", "from"})
_MEETING_TOKENS = frozenset({*_MEETING_KINDS, "meeting", "meetings"})
"""The words for a meeting that a time or place beside them dates or places ("the 2019 session")."""
_PLACE_LINKS = frozenset({"in", "at"})
_YOU_ASKERS = frozenset({"are", "were", "will", "did", "do", "have", "can", "could", "would"})
"""The auxiliaries that open a question to "you" ("are you coming?", "can you tell me ...")."""
_MEMBER_REACH = 3
"""How far in such a question may open: after a name or a greeting ("Tomas are you ...")."""
"""Between a meeting word and the place it was held in ("the session in vienna")."""
_WHICH_MEETING = frozenset({*_MEETING_KINDS, "meeting", "meetings", "round", "negotiating"})
"""Words after "which" that ask which meeting it was ("which session took place in april 2023")."""
_DETERMINERS = frozenset({"the", "a", "that", "this"})
"""Before a meeting word, they make it a noun: "the meeting after the adoption", not "still meeting after"."""
_SUBORDINATORS = frozenset(
    {"when", "while", "if", "until", "since", "because", "once", "that", "which", "who", "where"}
)
"""Words that open a clause inside a question."""
_NEGATED_AUXILIARIES = frozenset({"isnt", "wasnt", "didnt", "doesnt", "arent", "werent", "hasnt", "havent"})
"""The tag that asks a statement back: "the ITU is the secretariat, isn't it?"."""
_SUBORDINATING_LEADS = frozenset({"who", "whos", "what", "whats", "which", "where", "how"})
"""Question words after which a later "when" opens a clause rather than asks when."""
_NUMBER = re.compile(r"^\d+(?:st|nd|rd|th)?$")


@dataclass(frozen=True)
class Analysis:
    norm: Normalized
    extraction: Extraction
    content: tuple[str, ...]
    """Stemmed content tokens and entity placeholders: what the scorer sees."""
    unknown: tuple[str, ...]
    """Content words that match nothing the bot knows, even after typo correction."""
    names: tuple[str, ...]
    """Unknown words written with a capital letter mid-sentence: likely another treaty or body."""
    foreign: tuple[str, ...] = ()
    """Names of other treaties or bodies found in the question (vocabulary foreign_terms)."""
    aspects: tuple[str, ...] = ()
    """What the question asks about its subject (when, where, who, ...), in the order named."""
    times: tuple[TimeRef, ...] = ()
    """Time phrases in the question ("jan 2023", "last session")."""
    followup: bool = False
    """The message opens like a follow-up ("and the fifth?", "what about China?")."""
    other_things: tuple[str, ...] = ()
    """Unknown words that name something else: "convention on <biological>", "Antonio <Guterres>"."""
    refers_back: bool = False
    """The message points at the previous answer's subject ("which group is that seat in?")."""
    scene: frozenset[str] = frozenset()
    """Stemmed words of a clause that sets the scene ("now that the treaty is adopted"): not what is asked."""
    order: str | None = None
    """A place in the order of meetings the message asks for ("and the one after that?" -> "next")."""
    focus_unknown: bool = False
    """The first content word is unknown: "what's the <budget> of the committee" asks about another thing."""
    scene_span: tuple[int, int] = (0, 0)
    """Where that clause lies among the question's tokens: what it names is not asked about either."""
    pronoun: bool = False
    """The question says "it" or "its": in a conversation, maybe the previous answer's subject."""
    opens_at: int = 0
    """Where the question itself opens, after a leading scene clause ("now that it is adopted, has ...")."""
    again: bool = False
    """The question asks for another of the same ("pushed it back again", "the other decision")."""
    opinion: bool = False
    """The question asks for someone's opinion ("what did the chair think of the final text")."""
    remark_from: int | None = None
    """Where a remark after a question that names its own subject begins among the tokens ("who holds
    the Asia-Pacific seats? older lists mention Wu Haiwen"): what it names is not asked about."""

    @cached_property
    def asked(self) -> tuple[str, ...]:
        """The aspects asked in particular: "what" alone asks nothing an intent could fail to tell."""
        return tuple(a for a in self.aspects if a != GENERAL_ASPECT)


LONG_MESSAGE = 25
_MENTION = re.compile(r"(?:^|\s)@(?!(?:everyone|here)\b|\w*bot\b)[^\W\d_]", re.IGNORECASE)
"""A typed @name of one person ("@maria"; not "@bot", "@everyone" or "@here", which ask all; a
Discord mention of the bot arrives as <@id>, and is no such thing)."""
REMARK_TOKENS = 5
"""A remark after the question is a sentence of its own, not a few words that go on with it."""
"""Tokens from which a message is long: its commas end pieces of a story, as full stops do."""

SCENE_REACH = 6
"""How far a scene-setting clause with no comma reaches for its verb ("now that the treaty is adopted")."""

_WH_WORDS = frozenset({"when", "where", "who", "how", "why"})
"""Words that open a question asking something of its subject (not whether it is so)."""

NEGOTIATING = "negotiating"
"""The word, and the kind of meeting, of the sessions that negotiated the text."""

RECORD_ASPECT = "happened"
"""What a question asks of a meeting found by its record's words, instead of where it met."""

_SENTENCES = re.compile(rf"(?<=[{re.escape(SENTENCE_ENDS.strip())}])\s+|\n+")
"""Where one sentence of a message ends and the next begins."""


def _record_words(obj: Any, out: set[str]) -> None:
    if isinstance(obj, str):
        out.update(Normalizer.base_tokens(obj))
    elif isinstance(obj, dt.date):
        out.add(str(obj.year))
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            _record_words(getattr(obj, name), out)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _record_words(k, out)
            _record_words(v, out)
    elif isinstance(obj, list | tuple):
        for item in obj:
            _record_words(item, out)


def _pieces(text: str, *, by_comma: bool) -> list[tuple[str, bool]]:
    """The sentences of a text, or with `by_comma` their comma-pieces, each with whether it opens
    its sentence."""
    out: list[tuple[str, bool]] = []
    for sentence in _SENTENCES.split(text.strip()):
        parts = [c for c in sentence.split(",") if c.strip()] if by_comma else [sentence] if sentence.strip() else []
        out += [(part, k == 0) for k, part in enumerate(parts)]
    return out


def holds_phrase(tokens: Sequence[str], phrase: Sequence[str]) -> bool:
    """Do the tokens hold the phrase, its words in a row? (An empty phrase is held nowhere.)"""
    n, phrase = len(phrase), tuple(phrase)
    return n > 0 and any(tuple(tokens[i : i + n]) == phrase for i, t in enumerate(tokens) if t == phrase[0])


def _has_any(tokens: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> bool:
    """Does any of the phrases occur in the tokens (an empty one always does)? It stops at the first,
    and most phrases' first word is not in the question at all."""
    words = set(tokens)
    return any(not p or (p[0] in words and holds_phrase(tokens, p)) for p in phrases)


def _spans(tokens: Sequence[str], phrases: Iterable[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where each of the phrases occurs in the tokens, as [start, end) spans."""
    at: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        at.setdefault(t, []).append(i)
    out: list[tuple[int, int]] = []
    for p in phrases:
        if not p:
            out.extend((i, i) for i in range(len(tokens) + 1))
            continue
        n = len(p)
        out.extend((i, i + n) for i in at.get(p[0], ()) if tuple(tokens[i : i + n]) == p)
    return out


def knowledge_words(kb: Knowledge) -> set[str]:
    words: set[str] = set()
    for part in (
        kb.convention,
        kb.committee,
        kb.sessions,
        list(kb.venues.values()),
        list(kb.groups.values()),
        list(kb.countries.values()),
        list(kb.positions.values()),
        kb.current,
        kb.elected_2021,
        list(kb.documents.values()),
    ):
        _record_words(part, words)
    return words


class Analyzer:
    def __init__(self, kb: Knowledge, intents: IntentSet) -> None:
        v = intents.vocabulary
        self.stopwords = frozenset(t for w in v.stopwords for t in Normalizer.base_tokens(w))
        self.fillers = frozenset(t for w in v.fillers for t in Normalizer.base_tokens(w)) - {"no"}
        self.chatter = frozenset(t for w in v.chatter_markers for t in Normalizer.base_tokens(w))
        self.asking_verbs = frozenset(t for w in v.asking_verbs for t in Normalizer.base_tokens(w))
        self.ignored = self.stopwords | self.fillers | self.chatter  # "lol" is known chatter, not content
        self.aspect_of_kind = {kind: aspect for aspect, kinds in v.aspect_kinds.items() for kind in kinds}
        example_words: set[str] = set()
        for intent in intents.intents:
            for text in [*intent.examples, *intent.keywords, *intent.subjects]:
                example_words.update(Normalizer.base_tokens(_EXAMPLE_SLOT.sub(" ", text)))
        domain = {t for w in v.domain_words for t in Normalizer.base_tokens(w)}
        tw = v.time_words
        spoken = [
            *v.domain_words,
            *(w for ws in v.aspects.values() for w in ws),
            *(w for ws in tw.months.values() for w in ws),
            *tw.seasons,
            *tw.year_parts,
            *tw.past,
            *tw.future,
            *tw.earliest,
            *tw.event_words,
            *v.followup_cues,
            *v.transparent,
        ]
        domain = {t for w in spoken for t in Normalizer.base_tokens(w)}
        self.kb_words = knowledge_words(kb)
        # Words of other treaties' names stay as typed: "UNCAC" must not be "corrected" into "UNCC".
        foreign_words = {t for w in v.foreign_terms for t in tokenize(fold(w))}
        self.normalizer = Normalizer(
            v.synonyms,
            known_words=example_words | domain | self._alias_words(kb) | foreign_words,
            protected=self.ignored,
            known_symbols=kb.documents.keys(),
            meeting_words=_WHICH_MEETING - {"negotiating"},
        )
        self.gazetteer: Gazetteer = build_gazetteer(kb, self.phrase_tokens, self.ignored)
        self.known = self.normalizer.vocabulary | self.kb_words | self.gazetteer.words | self.ignored
        self.known_symbols = frozenset(kb.documents)
        self._stems: dict[str, str] = {}
        self._local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread
        self.question_starters = [tuple(self.phrase_tokens(s)) for s in v.question_starters]
        self.starter_words = frozenset(Normalizer.base_tokens(s)[0] for s in v.question_starters if s.strip())
        """The first words, as typed, that open a question ("who", "is", "tell")."""
        # Matched on the words as typed: "first AHC session" must not read as "First Committee".
        self.foreign_terms = [tuple(Normalizer.base_tokens(w)) for w in v.foreign_terms]
        self.foreign_terms = [t for t in self.foreign_terms if t]
        self._terms_from: dict[str, list[tuple[str, ...]]] = {}
        """Other bodies' names by their first word, so a question is read once, not once a name."""
        for term in self.foreign_terms:
            self._terms_from.setdefault(term[0], []).append(term)
        self.time_finder = TimeFinder(v.time_words, self.phrase_tokens)
        self.followup_cues = sorted(
            {tuple(self.phrase_tokens(c)) for c in v.followup_cues} - {()}, key=len, reverse=True
        )
        self.transparent = frozenset(t for w in v.transparent for t in self.phrase_tokens(w))
        self.aspect_finder = AspectFinder(v.aspects, self.phrase_tokens, self.transparent)
        self.clause_openers = [t for c in v.clause_openers if (t := tuple(self.phrase_tokens(c)))]
        self.name_ends = AUXILIARIES | _SUBORDINATORS | {c[0] for c in self.clause_openers}
        """Words at which another body's name has ended: a verb or the start of the next clause ("the
        conference of the states parties once it exists" names nothing after "parties")."""
        self.again_cues = [tuple(self.phrase_tokens(c)) for c in v.again_cues]
        cues = [t for c in v.correction_cues if (t := tuple(self.phrase_tokens(c)))]
        # after a meeting's name "i" reads as the numeral I ("the 4th session, i mean the 5th")
        self.correction_cues = cues + [("1st", *c[1:]) for c in cues if c[0] == "i"]
        self.adding_words = frozenset(t for w in v.adding_words for t in Normalizer.base_tokens(w))
        self.opinion_words = [tuple(self.phrase_tokens(c)) for c in v.opinion_words]
        self.about_me = [t for c in v.about_me if (t := tuple(self.phrase_tokens(c)))]
        self.weekday_words = [t for c in v.weekday_words if (t := tuple(self.phrase_tokens(c)))]
        self.bound_words = frozenset(t for w in v.time_words.bounds for t in self.phrase_tokens(w))
        self.order_cues = sorted(
            ((tuple(self.phrase_tokens(c)), place) for place, cues in v.order_cues.items() for c in cues),
            key=lambda pair: -len(pair[0]),
        )
        self.references = {tuple(Normalizer.base_tokens(r)) for r in v.references} - {()}
        self.series = [t for w in v.series if (t := tuple(self.phrase_tokens(w)))]
        self.series_order = [
            (t, place) for place, words in v.series_order.items() for w in words if (t := tuple(self.phrase_tokens(w)))
        ]
        self.series_except = [t for w in v.series_except if (t := tuple(self.phrase_tokens(w)))]
        kinds = set(v.series_kinds)
        self.adoption_words = frozenset(t for w in v.adoption_words for t in self.phrase_tokens(w))
        nearest = [t for w in v.around_cues.get("nearest", []) for t in self.phrase_tokens(w)]
        self.around_cues = {
            side: frozenset([*(t for w in v.around_cues.get(side, []) for t in self.phrase_tokens(w)), *nearest])
            for side in ("before", "after")
        }
        """The words that pick a meeting before or after a dated event, by the side asked."""
        self.order_questions = [t for w in v.order_questions if (t := tuple(self.phrase_tokens(w)))]
        self.seat_words = frozenset(t for w in v.seat_words for t in self.phrase_tokens(w))
        self.anchor_words = frozenset(t for w in v.anchor_words for t in self.phrase_tokens(w))
        self.present = [t for w in v.present_words if (t := tuple(self.phrase_tokens(w)))]
        """Phrases that ask about today ("now", "these days")."""
        self.adopted_on = kb.convention.adoption.date
        self.series_meetings = sorted((s for s in kb.sessions if s.kind in kinds), key=lambda s: s.start)
        self.sessions = kb.sessions
        self._name_words = self._meeting_name_words(kb.sessions)
        self.sessions_by_id = kb.sessions_by_id
        self.record_hints = self._record_hints(kb, example_words | domain)
        # Words known only from other bodies' names ("rights", "diversity") still name another thing.
        self.foreign_only = foreign_words - example_words - domain - self._alias_words(kb) - self.kb_words
        self.heads = frozenset(t for w in v.heads for t in self.phrase_tokens(w))
        self.raw_heads = frozenset(t for w in v.heads for t in Normalizer.base_tokens(w))
        self.qualifiers = frozenset(t for w in v.qualifiers for t in Normalizer.base_tokens(w))
        self.copulas = frozenset(t for w in v.copulas for t in Normalizer.base_tokens(w))
        self.known = (
            self.known
            | self.time_finder.words
            | {t for key in self.aspect_finder.table for t in key}
            | {t for c in self.followup_cues for t in c}
            | self.transparent
            | {t for cue, _ in self.order_cues for t in cue}
        )

    @staticmethod
    def _alias_words(kb: Knowledge) -> set[str]:
        words: set[str] = set()
        for items in (
            kb.sessions,
            kb.venues.values(),
            kb.groups.values(),
            kb.countries.values(),
            kb.positions.values(),
        ):
            for rec in items:
                for phrase in [
                    getattr(rec, "name", ""),
                    *getattr(rec, "aliases", []),
                    *getattr(rec, "demonyms", []),
                ]:
                    words.update(Normalizer.base_tokens(phrase))
        for listing in (kb.current, kb.elected_2021):
            for seat in listing.seats:
                if seat.holder:
                    for phrase in [seat.holder.name, *seat.holder.aliases]:
                        words.update(Normalizer.base_tokens(phrase))
        return words

    def phrase_tokens(self, text: str) -> list[str]:
        """Tokens of a known phrase (alias, starter, term), normalized as questions are, without typo fixes."""
        return unify_ordinals(self.normalizer.apply_synonyms(tokenize(fold(text))))

    def stem(self, token: str) -> str:
        if token in _PLACEHOLDERS or token.startswith(SYMBOL_MARK):
            return token
        known = self._stems.get(token)
        if known is not None:
            return known
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = self._local.stemmer = snowballstemmer.stemmer("english")
        stem = str(stemmer.stemWord(token))
        if len(self._stems) < STEM_CACHE:
            self._stems[token] = stem  # one word's stem never changes; a dict write is atomic
        return stem

    def _content(self, tokens: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.stem(t) for t in tokens if t not in self.ignored and not t.startswith(SYMBOL_MARK))

    def analyze(self, text: str, today: dt.date | None = None) -> Analysis:
        norm = self.normalizer.normalize(text)
        ext = extract(norm, self.gazetteer, self.known_symbols, self.transparent)
        back, after, asking, through = self._story(text, norm.tokens)
        ext = self._corrected(ext, norm.tokens)
        # (the gazetteer's entities, placed among norm.tokens as the story is; the stages below add more)
        # ("who chairs the committee? the CCPCJ one": a few words after it still say what is asked)
        remark = len(norm.tokens) - after >= REMARK_TOKENS and any(e.start < after for e in ext.entities)
        if remark:
            # "which symbol is the second session's compilation? I already have A/AC.291/8 as the
            # agenda": the things a remark after a question that names its own subject names are
            # not asked about
            ext = Extraction(tuple(e for e in ext.entities if e.start < after), ext.tokens)
        times: tuple[TimeRef, ...] = ()
        if today is not None:
            times = tuple(self.time_finder.find(ext.tokens))
            if not _PLURAL_MEETINGS.search(norm.original):  # "what meetings took place in 2021?" lists them
                ext = self._resolve_times(ext, times, today)
        content = self._content(ext.tokens)
        named = "session" in ext.kinds
        dated = [s.id for s in self._dated(times, today)] if today is not None else []
        dating = frozenset(self._content(ext.tokens[self._dating_clause(ext.tokens) :]))
        ext, content = self._resolve_record(ext, content, dated, dating)
        by_record = not named and "session" in ext.kinds
        ext, content = self._resolve_series(ext, content)
        ext, content = self._resolve_around(ext, content, norm.tokens)
        ext, content = self._resolve_between(ext, content)
        placed = self._resolve_nth_at(ext, norm.tokens)
        if placed.tokens != ext.tokens:  # "the first vienna session" now reads as "the <session>"
            content = self._content(placed.tokens)
        ext = placed
        unknown = tuple(
            t
            for t in ext.tokens
            if t not in _PLACEHOLDERS
            and t not in self.ignored
            and not t.startswith(SYMBOL_MARK)
            and t not in self.known
            and not _NUMBER.match(t)  # "40th ratification", "in 2022": numbers are not foreign words
        )
        # "Tech journalist here, writing a piece on the treaty. On what date was it adopted?": the
        # sentences before the one that asks tell who asks and why; their unknown words are no subject.
        story = [*norm.tokens[:back], *norm.tokens[after:]]
        if story:
            asked_words = set(norm.tokens[back:after])
            unknown = tuple(t for t in unknown if t in asked_words or t not in story)
        # "the vice chair from germany": an unknown word where a country or person is named is a
        # name, typed in lower case or not
        toks = norm.tokens
        named_at = {toks[i + 1] for i, t in enumerate(toks[:-1]) if t in _NAME_LEADS}
        names = tuple(t for t in unknown if t in norm.capitalized or t in named_at)
        # "Antonio Guterres" is not "Antonio de Almeida Ribeiro": a first name followed by an unknown
        # surname names someone else.
        namesakes = tuple(
            toks[e.end]
            for e in ext.entities
            if e.kind == "person" and e.end - e.start == 1 and e.end < len(toks) and toks[e.end] in names
        )
        if namesakes:
            ext = Extraction(tuple(e for e in ext.entities if e.kind != "person"), ext.tokens)
        # "the convention on biological diversity", "the zorblax convention": unknown words that qualify
        # a known head name another thing.
        bare = [t for t in toks if t != "the"]
        raw = Normalizer.base_tokens(text)
        other = set(unknown) | self.foreign_only
        qualified = (
            tuple(
                t
                for i in range(len(bare) - 2)
                if bare[i] in self.heads
                and bare[i + 1] in self.qualifiers
                # "the convention for my footnote" names nothing: no other body's name starts with "my"
                and bare[i + 2] not in _POSSESSIVES
                # the name ends where a verb opens the next clause: "the first treaty of its kind, is
                # that right, what is special about it" names nothing
                for t in [
                    w
                    for w in itertools.takewhile(lambda w: w not in self.name_ends, bare[i + 2 :])
                    if w not in self.stopwords
                ][:QUALIFIER_REACH]
                if t in other
            )
            + tuple(raw[i] for i in range(len(raw) - 1) if raw[i] in other and raw[i + 1] in self.raw_heads)
        )
        qualified += self._unknown_actor(raw, other)
        foreign, guessed = self._foreign(tuple(raw), text.rstrip().endswith("?"))
        if foreign and remark:
            # "what did 74/247 decide about the committee? thanks, ignore my typos, on my phone": a
            # question that names its own subject is not about what a remark after it names
            foreign = tuple(t for t in foreign if t in self._foreign(tuple(Normalizer.base_tokens(through)))[0])
        if times and remark:
            # ... nor dated by it ("who's the Nigerian vice-chair? I've got a call with him next week")
            head = extract(self.normalizer.normalize(through), self.gazetteer, self.known_symbols, self.transparent)
            said = {t.text for t in self.time_finder.find(head.tokens)}
            times = tuple(t for t in times if t.text in said)
        qualified = tuple(t for t in qualified if t not in guessed)  # "was it the Security Council?"
        # (right before the head as typed: in "who is running the committee" the verb names nothing)
        start, end = (back + i for i in self._clause(norm.tokens[back:after], asking))
        if end == after:
            end = len(norm.tokens)  # a clause that runs to the end of the question runs on through the story
        asked_tokens = [t for i, t in enumerate(norm.tokens) if back <= i < after and not start <= i < end]
        asked_content = set(self._content(asked_tokens))
        scene = frozenset(t for t in self._content(norm.tokens[start:end]) if t not in asked_content)
        if story and any(back <= e.start < after for e in ext.entities):
            # the question names its own subject ("..., when was the fifth session exactly?"): the
            # story's words ("a timeline for my thesis") do not pick the answer
            scene = scene | {t for t in self._content(story) if t not in asked_content}
        # The story's words still pick the subject ("my prof mentioned the UN passed some cybercrime
        # treaty around christmas... whats the exact date?"), but what it names is not asked about.
        if back and start == back:
            start = 0
        elif back and start == end:
            start, end = 0, back
        asked_tokens = asked_tokens[: self._dating_clause(asked_tokens)]  # its words still count
        return Analysis(
            norm,
            ext,
            content,
            unknown,
            names,
            foreign,
            self._one_asked(text, ext, self._aspects(asked_tokens, ext, (start, end), by_record)),
            times,
            any(norm.tokens[: len(c)] == c for c in self.followup_cues),
            qualified + namesakes,
            self._refers_back(norm.tokens),
            scene,
            self._order(norm.tokens),
            self._focus_unknown(ext.tokens, set(unknown)),
            (start, end),
            bool({"it", "its"} & set(asked_tokens)),
            max(back, end if start == 0 and end < len(norm.tokens) else 0),
            _has_any(norm.tokens, self.again_cues),
            _has_any(norm.tokens, self.opinion_words),
            after if remark else None,
        )

    def _story(self, text: str, tokens: Sequence[str]) -> tuple[int, int, str, str]:
        """Where the sentences that ask begin and end among the tokens, their text, and the text up to
        the end of the last one. The
        sentences before them and after them tell who asks and why ("policy student here, writing
        a seminar paper. in a nutshell what does it do?", "what's the point of it? writing an
        explainer for students"). A message with no sentence that asks is all question."""
        n = len(tokens)
        # "ok so long story, I'm doing a timeline for my thesis, ..., when was the fifth session
        # exactly?": in a long message a comma ends a piece of the story too
        split = _pieces(text, by_comma=n >= LONG_MESSAGE)
        pieces = [piece for piece, _ in split]
        opening = [opens for _, opens in split]
        if len(pieces) < 2:
            return 0, n, text, text
        # "..., which looks off to me because ...": after a comma a question word may open a relative
        # clause; there only a question mark asks
        asking = [
            k for k, piece in enumerate(pieces) if self._asks(piece) and (opening[k] or piece.rstrip().endswith("?"))
        ]
        if not asking and n >= LONG_MESSAGE:
            # "hey, for a slide I need two things: the dates of the fourth session and the fifth,
            # both in Vienna I believe. my colleague says ...": a long message that asks nothing in
            # so many words asks about the things it names
            asking = [k for k, piece in enumerate(pieces) if self._names_something(piece)]
        if not asking:
            return 0, n, text, text
        first, last = asking[0], asking[-1]
        for j in range(last + 1, len(pieces)):
            if opening[j] and j > last + 1:
                break  # only the rest of the sentence and the next one may correct it
            if _has_any(self.normalizer.normalize(pieces[j]).tokens, self.correction_cues):
                # "when was the 4th consultation, no sorry, I mean the 3rd one, the one in autumn 2022.",
                # "who chairs the committee? I mean the sixth committee": the question runs on, corrected
                last = next((k - 1 for k in range(j + 1, len(pieces)) if opening[k]), len(pieces) - 1)
                break
        back = len(self.normalizer.normalize(" ".join(pieces[:first])).tokens) if first else 0
        tail = len(self.normalizer.normalize(" ".join(pieces[last + 1 :])).tokens) if last + 1 < len(pieces) else 0
        if back + tail >= n:
            return 0, n, text, text
        return (
            back,
            n - tail,
            ", ".join(pieces[first : last + 1]) if n >= LONG_MESSAGE else " ".join(pieces[first : last + 1]),
            " ".join(pieces[: last + 1]),
        )

    def _corrected(self, ext: Extraction, tokens: Sequence[str]) -> Extraction:
        """ "..., no sorry, I mean the 3rd one": the last thing named before a correction cue gives way
        to one of its kind named after it; not where the cue adds ("japan and, i mean, also china")."""
        spans = _spans(tokens, self.correction_cues)
        if not spans:
            return ext
        a, b = spans[0]
        if {tokens[k] for k in range(max(0, a - 1), min(len(tokens), b + 2))} & self.adding_words:
            return ext
        later = {e.kind for e in ext.entities if e.start >= b}
        last_before = {e.kind: e for e in ext.entities if e.start < a and e.kind in later}.values()
        return Extraction(tuple(e for e in ext.entities if e not in last_before), ext.tokens)

    def asks_in_words(self, text: str) -> bool:
        """Does some sentence or comma-piece of the text ask, with a question mark or a question word
        ("two things: who's the vice chair from estonia" does; "I know the 2nd session was the one
        before" does not)?"""
        return any(self._asks(piece) for piece, _ in _pieces(text, by_comma=True))

    def _names_something(self, piece: str) -> bool:
        return bool(
            extract(self.normalizer.normalize(piece), self.gazetteer, self.known_symbols, self.transparent).entities
        )

    def _asks(self, sentence: str) -> bool:
        """A sentence asks if it ends with "?" or opens with a question word."""
        if sentence.rstrip().endswith("?"):
            return True
        words = self.normalizer.normalize(sentence).tokens
        lead = next((i for i, w in enumerate(words) if w not in self.fillers), len(words))
        return any(tuple(words[i : i + len(s)]) == s for s in self.question_starters if s for i in {0, lead})

    def _clause(self, tokens: Sequence[str], text: str) -> tuple[int, int]:
        """Token span [start, end) of a clause that sets the scene, or (n, n). Mid-sentence it runs
        from its opener to the end ("is the AHC done now that the treaty is adopted?"); at the start
        it runs to the first comma ("now that the treaty is adopted, has the AHC been dissolved?")."""
        n = len(tokens)
        # "retired diplomat here - in my day ...", "UN intern here, ...": who is asking is no question
        if "here" in tokens[1:5] and tokens.index("here") + 1 < n:
            return 0, tokens.index("here") + 1
        if any(tuple(tokens[: len(o)]) == o for o in self.clause_openers):
            if "," in text:
                lead = len(self.normalizer.normalize(text.split(",", 1)[0]).tokens)
                if 0 < lead < n:
                    return 0, lead
            # "now that the treaty is adopted is the AHC done": with no comma, the clause ends
            # with its own verb
            done = next((i for i in range(2, min(n, SCENE_REACH)) if tokens[i] in self.adoption_words), None)
            if done is not None and done + 1 < n:
                return 0, done + 1
        for i in range(2, n):
            if any(tuple(tokens[i : i + len(o)]) == o for o in self.clause_openers):
                return i, n
            # "why is the AHC still meeting after the treaty was adopted": the event dates the question
            # (not "the last session after ..." or "the first meeting after ...", which ask for a meeting)
            if (
                tokens[i] in ("after", "since")
                and self.adoption_words & set(tokens[i + 1 : i + SCENE_REACH])
                and not any(t in self.around_cues.get(tokens[i], ()) for t in tokens[max(0, i - 4) : i])
                and not (tokens[i - 1] in _WHICH_MEETING and tokens[i - 2] in _DETERMINERS)
            ):
                return i, n
        return n, n

    def _dating_clause(self, tokens: Sequence[str]) -> int:
        """Where a clause that dates the question starts, or len(tokens): in "who chaired the AHC
        when it was first set up?" the "when" after another question word does not ask when."""
        lead = next((t for t in tokens if t not in self.fillers), "")
        if lead in _SUBORDINATING_LEADS:
            for i in range(2, len(tokens)):
                if tokens[i] != "when" or tokens[i - 1] in ("and", "or"):
                    continue
                # "whats the 4th session, when n where": a "when" that only asks, with no clause of
                # its own after it, is a question
                if any(t not in ("and", "or") and (t,) not in self.aspect_finder.table for t in tokens[i + 1 :]):
                    return i
        return len(tokens)

    def _order(self, tokens: Sequence[str]) -> str | None:
        words = set(tokens)
        for cue, place in self.order_cues:
            if cue and cue[0] in words and _has_any(tokens, [cue]):
                return place
        return None

    def _unknown_actor(self, raw: Sequence[str], other: set[str]) -> tuple[str, ...]:
        """ "did india sign?", "has germany ratified?": the unknown word a yes/no question opens on is who
        it asks about, someone the bot holds nothing on."""
        said = [w for w in raw if w not in self.fillers]
        if len(said) > 2 and said[0] in _ACTOR_OPENERS and said[1] in other and said[2] not in self.ignored:
            return (said[1],)
        return ()

    def _focus_unknown(self, tokens: Sequence[str], unknown: set[str]) -> bool:
        """Does the question ask for an unknown attribute of a known thing: a question word, then an
        unknown word, then "of"/"in"/"for" ("what's the <budget> of the committee", "the <weather> in vienna"),
        or "what"/"which", an unknown word and a verb ("what <languages> is it in")?"""
        # "capital of australia?": the first word may be the thing asked for
        first = next((i for i, t in enumerate(tokens) if t not in self.stopwords and t not in self.ignored), None)
        nxt = first + 1 if first is not None else len(tokens)
        if nxt < len(tokens) and tokens[nxt - 1] in unknown and tokens[nxt] in _FOCUS_LINKS:
            return True
        asked = False
        for i, t in enumerate(tokens):
            if t in _FOCUS_SKIP or (t == _FOCUS_COUNT and i and tokens[i - 1] == "how"):
                asked = True
                continue
            if not asked or t in self.stopwords:
                continue
            if t in unknown and i and tokens[i - 1] == _FOCUS_COUNT:  # "how many <ransomware> attacks"
                return True
            if t in unknown and i + 1 < len(tokens) and tokens[i + 1] in _FOCUS_LINKS:
                return True
            # "what <languages> is the convention in": the unknown word is the thing asked for
            if (
                t in unknown
                and i
                and tokens[i - 1] in _FOCUS_WHICH
                and i + 1 < len(tokens)
                and tokens[i + 1] in _FOCUS_VERBS
            ):
                return True
            break
        # "what's the AHC's <budget>": the one unknown word closes a "what is" question about a known thing
        words = [t for t in tokens if t not in self.ignored]
        return (
            bool(words)
            and words[0] in ("what", "whats", "how")  # "how much did the AHC cost?"
            and words[-1] in unknown
            and len(words) > 2
            and words[-2] not in unknown
            and sum(w in unknown for w in words) == 1
        )

    def _refers_back(self, tokens: Sequence[str]) -> bool:
        tokens = list(tokens)
        for i, j in sorted(_spans(tokens, self.clause_openers)):  # the "that" of "now that" points at nothing
            if all(tokens[i:j]):
                tokens[i:j] = [""] * (j - i)
        return _has_any(tokens, self.references)

    @staticmethod
    def _one_asked(text: str, ext: Extraction, aspects: tuple[str, ...]) -> tuple[str, ...]:
        """ "Which negotiating session came right after the one in January 2023?" asks which one, in
        the singular: with the meeting found, it is no request for a list."""
        if LIST_ASPECT not in aspects or len(ext.values("session")) != 1 or _PLURAL_MEETINGS.search(text):
            return aspects
        if not _SINGULAR_WHICH.search(text):
            return aspects
        return tuple(a for a in aspects if a != LIST_ASPECT) or (GENERAL_ASPECT,)

    def _aspects(
        self, tokens: Sequence[str], ext: Extraction, scene: tuple[int, int] = (0, 0), by_record: bool = False
    ) -> tuple[str, ...]:
        """The aspects the words ask; with none, a named value asks its aspect ("was it in vienna?"),
        unless the scene-setting clause names it ("... straight after the signing in Vietnam")."""
        found = self.aspect_finder.find(tokens)
        if by_record:
            # "where did the interpretative notes end up?": a meeting found by what its record says
            # is asked what became of that, not where it met
            found = tuple(dict.fromkeys(RECORD_ASPECT if a == "where" else a for a in found))
        if not found:
            a, b = scene
            implied = [
                x
                for e in ext.entities
                if not a <= e.start < b and (x := self.aspect_of_kind.get(e.kind)) and x not in found
            ]
            found = (*dict.fromkeys(implied), *found)
        return found

    def _resolve_times(self, ext: Extraction, times: tuple[TimeRef, ...], today: dt.date) -> Extraction:
        """Resolve stage: a time phrase in a question about a meeting picks the session held then.

        "the vienna session in jan 2023" reads as "the <session>"; the venue only narrows the choice.
        """
        if not times or "session" in ext.kinds or not self.time_finder.mentions_event(ext.tokens):
            return ext
        if "position" in ext.kinds or self.seat_words & set(ext.tokens):
            return ext  # "who held that seat in 2021?", "Brazil has held its VC seat since the 2021 election"
        tokens = list(ext.tokens)
        consultation = any(t in _CONSULTATION_WORDS for t in tokens)
        # "the vienna session in jan 2023" narrows by the place; in "the meeting in jan 2026 is in
        # new york, isn't it?" the place is what is checked, not a way to pick the meeting.
        venues = {e.value for e in ext.entities if e.kind == "venue" and not self._predicate(ext.tokens, e.start)}
        # "what was the last negotiating session held in Vienna?" asks which one: the place there
        # narrows the choice as a name would
        which = {e.value for e in ext.entities if e.kind == "venue"} if tokens[:1] in (["which"], ["what"]) else set()
        for ref in times:
            relative = ref.relative is not None
            there = venues | which if relative else venues
            if ref.relative == "past" and not there:
                continue  # "the last session" is its own question (sessions.latest); "last" may be a verb
            pool = self.sessions
            if relative and there:  # the last or next of those held there, not the last of all
                pool = [s for s in pool if s.venue in there and (s.kind == "consultation") == consultation]
                if NEGOTIATING in tokens:
                    pool = [s for s in pool if s.kind == NEGOTIATING]
            found = sessions_in(ref, pool, today, self.time_finder.month_of(ref))
            found = [s for s in found if (s.kind == "consultation") == consultation] or found
            if there:
                found = [s for s in found if s.venue in there]
            if len(found) > 1:
                # "the 1-day organizational meeting in feb 2022": a word of one meeting's own name
                # tells it from the others held then
                asked = set(tokens[: ref.first] + tokens[ref.last :])
                named = [s for s in found if self.own_name_words(s) & asked]
                found = named if len(named) == 1 else found
            if len(found) != 1:
                continue
            session = found[0]
            for k in range(ref.first, ref.last):
                tokens[k] = ""
            tokens[ref.first] = PLACEHOLDER["session"]
            # "the jan 2026 meeting", "the session in june 2023": the meeting word is part of the name
            if ref.last < len(tokens) and tokens[ref.last] in _MEETING_WORDS:
                tokens[ref.last] = ""
            elif ref.first >= 2 and tokens[ref.first - 1] in _TIME_LINKS and tokens[ref.first - 2] in _MEETING_WORDS:
                tokens[ref.first - 2] = tokens[ref.first - 1] = ""
            # "the vienna session in jan 2023": the venue only picked the session. "the jan 2023
            # session was in vienna": said of the session after a verb, it stays for the question.
            entities = [
                e
                for e in ext.entities
                if not (e.kind == "venue" and e.value == session.venue and not self._predicate(tokens, e.start))
            ]
            if len(entities) != len(ext.entities):
                tokens = [t for t in tokens if t != PLACEHOLDER["venue"]]
            entities.append(Entity("session", session.id, ref.first, ref.last))
            return Extraction(tuple(entities), _which_meeting(tuple(t for t in tokens if t)))
        return ext

    def own_name_words(self, session: Any) -> frozenset[str]:
        """The words of a meeting's name and aliases beyond the words every meeting's name uses."""
        return self._name_words[session.id]

    def _meeting_name_words(self, sessions: Sequence[Any]) -> dict[str, frozenset[str]]:
        """Each meeting's own name words: of its name and aliases, less those all meetings share,
        the meeting words, time words and numbers."""
        words = {
            s.id: {t for n in (s.name, *s.aliases) for t in self.phrase_tokens(n)} - self.stopwords for s in sessions
        }
        common = set.intersection(*words.values()) if words else set()
        dropped = common | _MEETING_WORDS | {"session"} | self.time_finder.words
        return {sid: frozenset(t for t in ws - dropped if not _NUMBER.match(t)) for sid, ws in words.items()}

    def meetings_dated(self, analysis: Analysis, today: dt.date) -> list[Any]:
        """The meetings a dated time phrase of the question covers ("in feb 2022", "summer 2023")."""
        return self._dated(analysis.times, today)

    def _record_hints(self, kb: Knowledge, common: set[str]) -> dict[str, str]:
        """Stemmed words that only one meeting's record uses and no example or domain word does
        ("interpretative", "notes" -> the reconvened concluding session)."""
        common_stems = {self.stem(t) for t in common}
        where: dict[str, set[str]] = {}
        for session in kb.sessions:
            words: set[str] = set()
            _record_words(session, words)
            for t in self._content(w for w in words if w.isalpha() and len(w) >= RECORD_WORD):
                where.setdefault(t, set()).add(session.id)
        return {t: ids.pop() for t, ids in where.items() if len(ids) == 1 and t not in common_stems}

    def _dated(self, times: Sequence[TimeRef], today: dt.date) -> list[Any]:
        """The meetings a dated time phrase covers ("in feb 2024")."""
        return [
            s
            for ref in times
            if ref.relative is None and ref.start is not None
            for s in sessions_in(ref, self.sessions, today, self.time_finder.month_of(ref))
        ]

    def _resolve_record(
        self,
        ext: Extraction,
        content: tuple[str, ...],
        dated: Sequence[str] = (),
        dating: frozenset[str] = frozenset(),
    ) -> tuple[Extraction, tuple[str, ...]]:
        """Resolve stage: words only one meeting's record uses pick that meeting ("what happened with
        the interpretative notes?"). Two such words are needed, so one stray word picks nothing; a
        time phrase that covers the meeting counts as one ("what did the AHC recommend when it
        suspended in feb 2024"), and a word in a clause that dates the question counts as both
        ("what did the committee recommend when it suspended its work": it says when)."""
        if "session" in ext.kinds:
            return ext, content
        hits: dict[str, int] = dict.fromkeys(dated, 1)
        for t in set(content):
            if t in self.record_hints:
                hits[self.record_hints[t]] = hits.get(self.record_hints[t], 0) + (RECORD_HITS if t in dating else 1)
        picked = [sid for sid, n in hits.items() if n >= RECORD_HITS]
        if len(picked) != 1:
            return ext, content
        n = len(ext.tokens)
        entity = Entity("session", picked[0], n, n + 1)
        holder = PLACEHOLDER["session"]
        return Extraction((*ext.entities, entity), (*ext.tokens, holder)), (*content, holder)

    def asks_order(self, tokens: Sequence[str]) -> bool:
        """Does the question ask which came first ("which came first", "before or after")?"""
        return _has_any(tokens, self.order_questions)

    def asks_today(self, tokens: Sequence[str]) -> bool:
        """Does the question ask about today ("and now?", "at the moment")?"""
        return _has_any(tokens, self.present)

    def _resolve_series(self, ext: Extraction, content: tuple[str, ...]) -> tuple[Extraction, tuple[str, ...]]:
        """Resolve stage: the first or last meeting of the negotiations ("when did the negotiations
        kick off?", "the final round of negotiations") is that meeting."""
        tokens = ext.tokens
        if "session" in ext.kinds or not self.series_meetings or not _has_any(tokens, self.series):
            return ext, content
        if _has_any(tokens, self.series_except):
            return ext, content
        if {"before", "after"} & set(tokens):
            return ext, content  # "the last negotiating session before the concluding one": the around stage's
        if ext.values("document"):
            return ext, content  # "when were the negotiations to start under 75/282" asks the resolution
        # the order word stands by the run's words: "the final round", "the negotiations kicked off",
        # "wrap up the negotiations" (not "the resolution that first set up the committee")
        runs = _spans(tokens, self.series)
        places = {
            place
            for cue, place in self.series_order
            for a, b in _spans(tokens, [cue])
            if any(b <= c <= b + 1 or a - 1 <= d <= a for c, d in runs)
        }
        if len(places) != 1:
            return ext, content
        meeting = self.series_meetings[0 if places == {"first"} else -1]
        # "the final round of negotiations" reads as "the <session>": the run's words and the order
        # word become the meeting they pick
        words = list(tokens)
        spans = _spans(words, [*self.series, *(cue for cue, _ in self.series_order)])
        first = min(i for i, _ in spans)
        for i, j in spans:
            for k in range(i, j):
                words[k] = ""
        words[first] = PLACEHOLDER["session"]
        kept = tuple(w for w in words if w)
        entity = Entity("session", meeting.id, first, first + 1)
        return Extraction((*ext.entities, entity), kept), self._content(kept)

    def _resolve_between(self, ext: Extraction, content: tuple[str, ...]) -> tuple[Extraction, tuple[str, ...]]:
        """Resolve stage: "was anything scheduled between the fifth and sixth sessions?" is the one
        meeting held between them, when there is exactly one."""
        tokens = list(ext.tokens)
        holder = PLACEHOLDER["session"]
        named = [e.value for e in ext.entities if e.kind == "session"]
        if "between" not in tokens or len(named) != 2 or tokens.count(holder) != 2:
            return ext, content
        at = tokens.index("between")
        first, last = (i for i, t in enumerate(tokens) if t == holder)
        if not at < first < last or "and" not in tokens[first:last]:
            return ext, content
        a, b = sorted((self.sessions_by_id[v] for v in named), key=lambda s: s.start)
        inside = [s for s in self.sessions if s.body == "ahc" and s.start > a.end and s.end < b.start]
        if len(inside) != 1:
            return ext, content
        kept = (*tokens[:at], holder, *tokens[last + 1 :])
        entities = [e for e in ext.entities if e.kind != "session"]
        entities.append(Entity("session", inside[0].id, at, at + 1))
        return Extraction(tuple(entities), tuple(kept)), self._content(kept)

    def _resolve_around(
        self, ext: Extraction, content: tuple[str, ...], words: Sequence[str] = ()
    ) -> tuple[Extraction, tuple[str, ...]]:
        """Resolve stage: "the last session before the GA adopted the treaty", "the first meeting
        after the concluding session": the meeting on that side of a dated event."""
        tokens = list(ext.tokens)
        at = next((i for i, t in enumerate(tokens) if t in ("before", "after")), None)
        if at is None or "or" in tokens[at : at + 2]:  # "before or after": a comparison
            return ext, content
        wanted = self.around_cues[tokens[at]]
        unknown = PLACEHOLDER["unknown_session"]
        ordinal = next((e.value for e in ext.entities if e.kind == "unknown_session"), "")
        # "the last negotiating session before the GA adopted it": a meeting named by a cue word ("last")
        # right before "before" is the cue, not that meeting
        typed = next((k for k, w in enumerate(words) if w in ("before", "after")), None)
        said = typed is not None and words[typed] == tokens[at] and bool(wanted & set(words[max(0, typed - 4) : typed]))
        holder = PLACEHOLDER["session"]
        cue = next(
            (
                i
                for i in range(max(0, at - 4), at)
                if tokens[i] in wanted
                or (tokens[i] == unknown and tokens[at] == "after" and ordinal.startswith("1st"))
                or (tokens[i] == holder and i == at - 1 and said)
                # "the session after the adoption", "the meeting before the 4th session": a bare
                # meeting word right before the side is the one meeting on that side
                or (i == at - 1 and i > 0 and tokens[i] in _WHICH_MEETING and tokens[i - 1] in _DETERMINERS)
            ),
            None,
        )
        if cue is None:
            return ext, content
        anchors = [e for e in ext.entities if e.kind == "session"]
        after_words = tokens[at + 1 :]
        if holder in after_words and len(anchors) == 1:
            anchor = self.sessions_by_id[anchors[0].value]
            day = anchor.start if tokens[at] == "before" else anchor.end
            end = at + 1 + after_words.index(holder) + 1
        elif self.adoption_words & set(after_words):
            day = self.adopted_on
            end = max(i for i, t in enumerate(tokens) if t in self.adoption_words) + 1
        else:
            return ext, content
        # the kind asked: "the last session before", "the consultation right before", or any meeting
        named = [t for t in tokens[:at] if t in _MEETING_KINDS]
        pool = [s for s in self.sessions if s.body == "ahc"]
        if named:
            consultation = _MEETING_KINDS[named[0]]
            pool = [s for s in pool if (s.kind == "consultation") == consultation]
        if tokens[at] == "before":
            side = [s for s in pool if s.end < day]
            meeting = max(side, key=lambda s: s.end) if side else None
        else:
            side = [s for s in pool if s.start > day]
            meeting = min(side, key=lambda s: s.start) if side else None
        if meeting is None:
            return ext, content
        kept = (*tokens[:cue], holder, *tokens[end:])
        entities = [e for e in ext.entities if e.kind not in ("session", "unknown_session")]
        entities.append(Entity("session", meeting.id, cue, cue + 1))
        return Extraction(tuple(entities), tuple(kept)), self._content(kept)

    def _resolve_nth_at(self, ext: Extraction, words: Sequence[str] = ()) -> Extraction:
        """Resolve stage: "which was the first negotiating session held in vienna?" is the first of
        those held there (the second session), not the first session, which met elsewhere; "the last
        negotiating session held in vienna" the last of them. Only a question that asks which one;
        "was the first session held in vienna?" checks the first."""
        tokens = ext.tokens
        sessions = [e for e in ext.entities if e.kind == "session"]
        venues = [e for e in ext.entities if e.kind == "venue"]
        if not sessions and len(venues) == 1:
            return self._nth_place(ext, venues[0])
        # "when was the first session in vienna" asks of the first held there, as "which" does
        asks = bool(tokens) and (
            tokens[0] in ("which", "what")
            or (tokens[0] in _WH_WORDS and len(venues) == 1 and not self._predicate(words, venues[0].start))
        )
        if not asks or len(sessions) != 1 or len(venues) != 1 or venues[0].start < sessions[0].start:
            return ext
        named = self.sessions_by_id[sessions[0].value]
        place = venues[0].value
        if named.number is None or named.venue == place:
            return ext
        there = sorted(
            (s for s in self.sessions if s.kind == named.kind and s.body == named.body and s.venue == place),
            key=lambda s: s.start,
        )
        last = any(self.time_finder.relative.get((w,)) == "past" for w in words[sessions[0].start : sessions[0].end])
        if last and there:
            picked = there[-1]  # "the last negotiating session" names the sixth; held in vienna, the fifth
        elif len(there) < named.number:
            return ext
        else:
            picked = there[named.number - 1]
        entities = [e if e is not sessions[0] else Entity("session", picked.id, e.start, e.end) for e in ext.entities]
        return Extraction(tuple(entities), tokens)

    def _nth_place(self, ext: Extraction, venue: Entity) -> Extraction:
        """ "the first vienna session": an ordinal before a place and a meeting word counts the
        meetings held there (the second session)."""
        tokens = list(ext.tokens)
        at = tokens.index(PLACEHOLDER["venue"]) if PLACEHOLDER["venue"] in tokens else -1
        if at < 1 or at + 1 >= len(tokens) or not ORDINAL_TOKEN.match(tokens[at - 1]):
            return ext
        noun = tokens[at + 1]
        if noun not in ("session", "consultation", NEGOTIATING):
            return ext
        kinds = {"consultation"} if noun == "consultation" else {NEGOTIATING}
        there = sorted(
            (s for s in self.sessions if s.kind in kinds and s.venue == venue.value and s.number is not None),
            key=lambda s: s.start,
        )
        n = int(tokens[at - 1][:-2])
        if n > len(there):
            return ext
        stop = at + 2 if noun != NEGOTIATING or tokens[at + 2 : at + 3] != ["session"] else at + 3
        tokens[at - 1 : stop] = [PLACEHOLDER["session"]]
        entities = [e for e in ext.entities if e is not venue]
        entities.append(Entity("session", there[n - 1].id, venue.start, venue.end))
        entities.sort(key=lambda e: e.start)
        return Extraction(tuple(entities), tuple(tokens))

    def _predicate(self, tokens: Sequence[str], position: int) -> bool:
        """Is the word at `position` said of the subject ("... was in vienna"), not part of its name?"""
        j = position - 1
        if j >= 0 and tokens[j] in self.copulas:
            return True  # "... was vienna"
        if j >= 0 and tokens[j] == "the":
            j -= 1
        if j < 0 or tokens[j] not in ("in", "at"):
            return False  # "where was the New York session": the place names the meeting
        j -= 1
        if j >= 0 and tokens[j] == "it":
            j -= 1  # "was it at the VIC?"
        return j >= 0 and tokens[j] in self.copulas

    def _foreign(self, tokens: tuple[str, ...], asked_back: bool = False) -> tuple[tuple[str, ...], frozenset[str]]:
        """The other bodies' names in the words as typed, in the order of the vocabulary, and the
        words of those put forward only as a wrong guess ("which organ adopted it? was it the Security
        Council?", "was it adopted by the Security Council?"): with such a guess the question is ours."""
        # a leading "so", "ok" opens nothing; a statement asked back ("the ITU is the secretariat,
        # isn't it?", "so the Security Council adopted it?") puts forward what it names
        lead = next((k for k, t in enumerate(tokens) if t not in self.fillers), len(tokens))
        body = tokens[lead:]
        tagged = len(body) > 2 and body[-1] == "it" and body[-2] in _NEGATED_AUXILIARIES
        stated = asked_back and bool(body) and body[0] not in self.starter_words
        premise = bool(body) and (body[0] in AUXILIARIES or body[-1:] in (("right",), ("correct",)) or tagged)
        hits: set[tuple[str, ...]] = set()
        guesses: set[tuple[str, ...]] = set()
        for i, t in enumerate(tokens):
            for term in self._terms_from.get(t, ()):
                if tokens[i : i + len(term)] != term:
                    continue
                before = [w for w in tokens[max(0, i - 3) : i] if w != "the"]
                after = tokens[i + len(term) : i + len(term) + 1]
                opens = not [w for w in tokens[lead:i] if w != "the"]
                claimed = bool(before) and before[-1] in self.copulas and tokens[lead] not in self.copulas
                guessed = (
                    before[-2:] in (["was", "it"], ["is", "it"])
                    # "the secretariat is the ITU, isn't it?": what a claim says the subject is
                    # (not the copula that opens a question: "is the malabo convention in force")
                    or (premise and (before[-1:] == ["by"] or opens or claimed))
                    # "so the Security Council adopted it?": the statement's subject, before its verb
                    or (stated and opens and bool(after) and (after[0] in AUXILIARIES or after[0].endswith("ed")))
                )  # "... by the Security Council?", "the Security Council adopted it, correct?"
                (guesses if guessed else hits).add(term)
        guessed_words = frozenset(w for term in guesses - hits for w in term)
        return tuple(" ".join(term) for term in self.foreign_terms if term in hits), guessed_words

    def answer_tokens(self, text: str) -> tuple[str, ...]:
        """Content tokens of an answer's text, stemmed and with synonyms applied as a question's are."""
        # No typo correction: the bot's own text is spelled right, and correcting is the slow part.
        return self._content(self.phrase_tokens(re.sub(r"https?://\S+|[*_`]", " ", text)))

    def analyze_example(self, text: str) -> tuple[str, ...]:
        """Content tokens of an intent example; `<session>` and the like stay placeholders."""
        marked = _EXAMPLE_SLOT.sub(lambda m: f" {SLOT_PREFIX}{m.group(1)} ", text)
        norm = self.normalizer.normalize(marked)
        ext = extract(norm, self.gazetteer, self.known_symbols, self.transparent)
        tokens = [f"<{t[len(SLOT_PREFIX) :]}>" if t.startswith(SLOT_PREFIX) else t for t in ext.tokens]
        return self._content(tokens)

    def is_question(self, analysis: Analysis) -> bool:
        """Does the message read as a question (for unprompted answers in a FAQ channel)?"""
        if analysis.norm.original.rstrip().endswith("?"):
            return True
        tokens = analysis.norm.tokens
        # "quick q who's the chair", "ok so when was it": a friendly opening does not hide the question.
        lead = 0
        while lead < len(tokens) and tokens[lead] in self.fillers:
            lead += 1
        starts = {0, lead}
        return any(tuple(tokens[i : i + len(s)]) == s for s in self.question_starters if s for i in starts)

    def is_chatter(self, analysis: Analysis) -> bool:
        """A chatter word ("lol"), or a message addressed to someone by a typed @name ("@maria r u
        coming to the side event?"): members talking to each other."""
        tokens = analysis.norm.tokens
        return (
            bool(self.chatter & set(tokens))
            or bool(_MENTION.search(analysis.norm.original))
            or self._asks_member(tokens)
        )

    def _asks_member(self, tokens: Sequence[str]) -> bool:
        """Does the message ask "you" about themselves ("Tomas are you attending the session?", "did
        you see the draft"), not ask the bot for something ("can you tell me ...")?"""
        for i in range(min(len(tokens) - 2, _MEMBER_REACH)):
            if tokens[i] in _YOU_ASKERS and tokens[i + 1] == "you":
                verb = next((t for t in tokens[i + 2 :] if t in self.asking_verbs or t not in self.ignored), None)
                return verb is not None and verb not in self.asking_verbs
        return False

    def asks_weekday(self, analysis: Analysis) -> bool:
        """Does the question ask on which day of the week ("wat day of week was it adopted")?"""
        # (not in a remark after the question: "... before the weekend starts")
        asked = analysis.norm.tokens[: analysis.remark_from]
        return _has_any(asked, self.weekday_words) if self.weekday_words else False

    def unheld_meetings(self, analysis: Analysis, today: dt.date) -> list[str]:
        """Meetings the question names by a time or place where none was held ("the 2019 session",
        "the session in nairobi", "the consultation in april 2022"): no answer is about them.

        Only a time or an unknown word right beside a meeting word counts, and only when the
        question names no meeting of its own ("the org session, planned for 2020")."""
        ext = analysis.extraction
        if "session" in ext.kinds:
            return []
        tokens = ext.tokens
        n = len(tokens)
        unheld = []
        for ref in analysis.times:
            if ref.relative is not None or ref.start is None or ref.first is None or ref.last is None:
                continue
            beside = (ref.last < n and tokens[ref.last] in _MEETING_TOKENS) or (
                ref.first >= 2 and tokens[ref.first - 1] in _TIME_LINKS and tokens[ref.first - 2] in _MEETING_TOKENS
            )
            if beside and not sessions_in(ref, self.sessions, today, self.time_finder.month_of(ref)):
                unheld.append(" ".join(w.capitalize() for w in ref.text.split()))
        # (a word known only from other bodies' names is no place of ours either: "geneva")
        unknown = set(analysis.unknown) | (self.foreign_only & set(tokens))
        for i, t in enumerate(tokens[:-2]):
            # "the session in nairobi": a place no meeting was held in, as one unknown word
            place = tokens[i + 2]
            alone = i + 3 >= n or tokens[i + 3] not in unknown  # not "in hybrid format"
            if t in _MEETING_TOKENS and tokens[i + 1] in _PLACE_LINKS and place in unknown and alone:
                unheld.append(place.capitalize())
        return unheld

    def asks_about_me(self, analysis: Analysis) -> bool:
        """Is the question about the bot itself and nothing else ("what can you do?", "who r u")?
        "what do you know about the 4th session" is not: it names more than the phrase holds."""
        if analysis.extraction.entities:
            return False
        tokens = analysis.norm.tokens
        content = set(analysis.content)
        return any(holds_phrase(tokens, p) and content <= set(p) for p in self.about_me)


def _which_meeting(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """ "what session took place in april 2023" asks which meeting that was: it reads as "what
    <session>", so the words that only say a meeting happened ("took place", "was held") do not
    pull it towards the answers that tell when or where."""
    holder = PLACEHOLDER["session"]
    if tokens[:1] not in (("which",), ("what",)) or holder not in tokens or tokens[1:2] == (holder,):
        return tokens
    at = tokens.index(holder)
    if at > 6 or tokens[1] not in _WHICH_MEETING or any(t.startswith("<") for t in tokens[1:at]):
        return tokens
    return (tokens[0], *tokens[at:])
