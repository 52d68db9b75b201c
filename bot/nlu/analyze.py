"""The analysis pipeline shared by questions and intent examples:
normalize -> entities -> content tokens (stemmed, placeholders kept) -> unknown words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import snowballstemmer
from pydantic import BaseModel

from bot.kb.loader import IntentSet, Knowledge
from bot.nlu.entities import PLACEHOLDER, Extraction, Gazetteer, build_gazetteer, extract
from bot.nlu.normalize import SLOT_PREFIX, SYMBOL_MARK, Normalized, Normalizer, fold, tokenize, unify_ordinals

_EXAMPLE_SLOT = re.compile(r"<(\w+)>")
_PLACEHOLDERS = frozenset(PLACEHOLDER.values())
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
        self.ignored = self.stopwords | self.fillers
        example_words: set[str] = set()
        for intent in intents.intents:
            for text in [*intent.examples, *intent.keywords]:
                example_words.update(Normalizer.base_tokens(_EXAMPLE_SLOT.sub(" ", text)))
        domain = {t for w in v.domain_words for t in Normalizer.base_tokens(w)}
        self.kb_words = knowledge_words(kb)
        # Words of other treaties' names stay as typed: "UNCAC" must not be "corrected" into "UNCC".
        foreign_words = {t for w in v.foreign_terms for t in tokenize(fold(w))}
        self.normalizer = Normalizer(
            v.synonyms,
            known_words=example_words | domain | self._alias_words(kb) | foreign_words,
            protected=self.ignored,
            known_symbols=kb.documents.keys(),
        )
        self.gazetteer: Gazetteer = build_gazetteer(kb, self.phrase_tokens, self.ignored)
        self.known = self.normalizer.vocabulary | self.kb_words | self.gazetteer.words | self.ignored
        self.known_symbols = frozenset(kb.documents)
        self._stemmer = snowballstemmer.stemmer("english")
        self.question_starters = [tuple(self.phrase_tokens(s)) for s in v.question_starters]
        self.chatter = frozenset(t for w in v.chatter_markers for t in Normalizer.base_tokens(w))
        self.foreign_terms = [tuple(self.phrase_tokens(w)) for w in v.foreign_terms]
        self.foreign_terms = [t for t in self.foreign_terms if t]

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
        return str(self._stemmer.stemWord(token))

    def _content(self, tokens: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.stem(t) for t in tokens if t not in self.ignored and not t.startswith(SYMBOL_MARK))

    def analyze(self, text: str) -> Analysis:
        norm = self.normalizer.normalize(text)
        ext = extract(norm, self.gazetteer, self.known_symbols)
        content = self._content(ext.tokens)
        unknown = tuple(
            t
            for t in ext.tokens
            if t not in _PLACEHOLDERS
            and t not in self.ignored
            and not t.startswith(SYMBOL_MARK)
            and t not in self.known
            and not _NUMBER.match(t)  # "40th ratification", "in 2022": numbers are not foreign words
        )
        names = tuple(t for t in unknown if t in norm.capitalized)
        return Analysis(norm, ext, content, unknown, names, self._foreign(norm.tokens))

    def _foreign(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        found = []
        for term in self.foreign_terms:
            n = len(term)
            if any(tokens[i : i + n] == term for i in range(len(tokens) - n + 1)):
                found.append(" ".join(term))
        return tuple(found)

    def analyze_example(self, text: str) -> tuple[str, ...]:
        """Content tokens of an intent example; `<session>` and the like stay placeholders."""
        marked = _EXAMPLE_SLOT.sub(lambda m: f" {SLOT_PREFIX}{m.group(1)} ", text)
        norm = self.normalizer.normalize(marked)
        ext = extract(norm, self.gazetteer, self.known_symbols)
        tokens = [f"<{t[len(SLOT_PREFIX) :]}>" if t.startswith(SLOT_PREFIX) else t for t in ext.tokens]
        return self._content(tokens)

    def is_question(self, analysis: Analysis) -> bool:
        """Does the message read as a question (for unprompted answers in a FAQ channel)?"""
        if analysis.norm.original.rstrip().endswith("?"):
            return True
        tokens = analysis.norm.tokens
        return any(tuple(tokens[: len(s)]) == s for s in self.question_starters if s)

    def is_chatter(self, analysis: Analysis) -> bool:
        return bool(self.chatter & set(analysis.norm.tokens))
