"""Find the knowledge's own things in a question: sessions, venues, countries, people, groups,
bureau positions and document symbols. The gazetteer is built from the knowledge, never by hand."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.kb.kinds import PLACEHOLDER as PLACEHOLDER  # the registry of entity kinds
from bot.kb.loader import Knowledge
from bot.kb.models import is_un_symbol
from bot.nlu.normalize import COUNTED_WORDS, SYMBOL_MARK, TENS_WORDS, Normalized, ordinal

ORDINAL_TOKEN = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
CONJUNCTIONS = frozenset({"and", "or", "vs", "versus", "&", "nor"})
COORDINATORS = CONJUNCTIONS | {"the", "both", "either", "between"}
"""Words that join the items of a list of names ("the 4th and the 5th session")."""

NAME_PARTICLES = frozenset({"mr", "mrs", "ms", "he", "h", "e", "de", "do", "da", "dos", "van", "von", "al", "el"})
MIN_NAME_PART = 4


@dataclass(frozen=True)
class Entity:
    kind: str
    value: str
    """Record id: session id, venue id, country name, person name, group id, position id, symbol."""
    start: int
    end: int


@dataclass(frozen=True)
class Extraction:
    entities: tuple[Entity, ...]
    tokens: tuple[str, ...]
    """Tokens with entity spans replaced by placeholders."""

    def first(self, kind: str) -> str | None:
        return next((e.value for e in self.entities if e.kind == kind), None)

    def values(self, kind: str) -> list[str]:
        return [e.value for e in self.entities if e.kind == kind]

    @property
    def kinds(self) -> set[str]:
        return {e.kind for e in self.entities}

    def as_dict(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for e in self.entities:
            out.setdefault(e.kind, e.value)
        return out


MAX_BODY_WORDS = 8
"""The longest body name, in words, looked for after a session's name."""


class Gazetteer:
    """Phrase table: token tuple -> (kind, record id), longest match first."""

    def __init__(self, tokenize: Callable[[str], list[str]], stopwords: Iterable[str] = ()) -> None:
        self._tokenize = tokenize
        self._stop = frozenset(stopwords)
        self.table: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        self.cased: dict[str, list[tuple[str, str]]] = {}
        """Acronyms that are also common words ("US"): they name a thing only when typed in capitals."""
        self.max_len = 1
        self.name_words: dict[tuple[str, str], set[str]] = {}
        """Every word of every name of a thing: what may follow a shorter name of it."""
        self.session_body: dict[str, str] = {}
        self.default_body: str | None = None
        """The body whose meetings a number names when no record matches ("the 9th session")."""
        self.body_names: list[tuple[tuple[str, ...], str]] = []
        """Each body's names as tokens, longest first: "the first session *of the Conference of the
        States Parties*" is no session of the Committee's."""

    def of_other_body(self, tokens: Sequence[str], stop: int, session: str | None) -> bool:
        """Does "of (the) <another body's name>" follow a session's name?"""
        if stop >= len(tokens) or tokens[stop] != "of":
            return False
        rest = tuple(t for t in tokens[stop + 1 : stop + 1 + 2 * MAX_BODY_WORDS] if t != "the")
        own = self.session_body.get(session or "", self.default_body)
        return any(rest[: len(name)] == name and body != own for name, body in self.body_names)

    def add(self, kind: str, value: str, phrase: str, *, allow_single_stopword: bool = False) -> None:
        key = tuple(self._tokenize(phrase))
        if not key:
            return
        if len(key) == 1 and key[0] in self._stop and not allow_single_stopword:
            if phrase.isupper() and len(phrase) > 1:  # "US" is the country only when written "US"
                entries = self.cased.setdefault(key[0], [])
                if (kind, value) not in entries:
                    entries.append((kind, value))
            return  # otherwise "US" would swallow the pronoun "us"
        # "the session on the rules of procedure for the Conference of the States Parties" is also
        # found as typed without its articles ("... for conference of states parties")
        self.name_words.setdefault((kind, value), set()).update(key)
        for variant in {key, tuple(t for t in key if t != "the") or key}:
            entries = self.table.setdefault(variant, [])
            if (kind, value) not in entries:
                entries.append((kind, value))
            self.max_len = max(self.max_len, len(variant))

    def rest_of_name(self, tokens: list[str], stop: int, kind: str, value: str) -> int:
        """Where a meeting's name really ends: "the session to prepare the rules of procedure" runs on
        through "for the Conference of the States Parties", words of its longer name, as typed."""
        words = self.name_words.get((kind, value), set())
        end = j = stop
        while j < len(tokens) and tokens[j] in words:
            j += 1
            if tokens[j - 1] not in self._stop:
                end = j
        return end

    @property
    def words(self) -> set[str]:
        return {w for key in self.table for w in key}


def build_gazetteer(kb: Knowledge, tokenize: Callable[[str], list[str]], stopwords: Iterable[str]) -> Gazetteer:
    gz = Gazetteer(tokenize, stopwords)
    gz.default_body = kb.sessions[0].body if kb.sessions else None
    for s in kb.sessions:
        gz.session_body[s.id] = s.body
        for phrase in [s.name, *s.aliases]:
            gz.add("session", s.id, phrase)
    names = {
        (tuple(t for t in tokenize(n) if t != "the"), b.id) for b in kb.bodies.values() for n in (b.name, *b.aliases)
    }
    gz.body_names = sorted(((n, b) for n, b in names if n), key=lambda nb: (-len(nb[0]), nb))
    for v in kb.venues.values():
        for phrase in [v.name, *v.aliases]:
            gz.add("venue", v.id, phrase)
    for c in kb.countries.values():
        for phrase in [c.name, *c.aliases, *c.demonyms]:
            gz.add("country", c.name, phrase)
    for g in kb.groups.values():
        for phrase in [g.name, *g.aliases]:
            gz.add("group", g.id, phrase)
    for p in kb.positions.values():
        for phrase in [p.name, *p.aliases]:
            gz.add("position", p.id, phrase)
    for listing in (kb.current, kb.elected_2021):
        for seat in listing.seats:
            if seat.holder is None:
                continue
            name = seat.holder.name
            for phrase in [name, *seat.holder.aliases]:
                gz.add("person", name, phrase)
                # a name's words, each whole: "George-Maria" is one given name, so "maria" alone names
                # no one ("@maria did you send me the slides")
                parts = [
                    joined
                    for word in phrase.split()
                    if (joined := " ".join(t for t in tokenize(word) if t not in NAME_PARTICLES))
                ]
                for part in parts:
                    if len(part) >= MIN_NAME_PART:
                        gz.add("person", name, part)
                for a, b in itertools.pairwise(parts):
                    gz.add("person", name, f"{a} {b}")
    return gz


ARTICLE_WORD = "article"
_ARTICLE_NUMBER = re.compile(r"^\d{1,3}$")


def span_skipping(
    tokens: Sequence[str], i: int, n: int, transparent: frozenset[str]
) -> tuple[tuple[str, ...], int] | None:
    """n tokens from i, skipping words that may sit inside a name ("4th AHC session"); None if too few."""
    key = [tokens[i]]
    j = i + 1
    while len(key) < n and j < len(tokens):
        if tokens[j] not in transparent:
            key.append(tokens[j])
        j += 1
    return (tuple(key), j) if len(key) == n else None


def extract(
    norm: Normalized,
    gz: Gazetteer,
    known_symbols: set[str] | frozenset[str],
    transparent: frozenset[str] = frozenset(),
) -> Extraction:
    tokens = list(norm.tokens)
    entities: list[Entity] = []
    out: list[str] = []
    positions: list[int] = []
    """The question token each token of `out` came from."""
    i = last = 0
    while i < len(tokens):
        positions.extend([last] * (len(out) - len(positions)))
        last = i
        tok = tokens[i]
        if tok.startswith(SYMBOL_MARK) and tok[1:].isdecimal() and int(tok[1:]) < len(norm.symbols):
            symbol = norm.symbols[int(tok[1:])]
            kind = "document" if symbol in known_symbols else "symbol"
            if kind == "symbol" and not is_un_symbol(symbol):
                i += 1
                continue
            entities.append(Entity(kind, symbol, i, i + 1))
            out.append(PLACEHOLDER[kind])
            i += 1
            continue
        if tok == ARTICLE_WORD and i + 1 < len(tokens) and _ARTICLE_NUMBER.match(tokens[i + 1]):
            entities.append(Entity("article", str(int(tokens[i + 1])), i, i + 2))
            out.append(PLACEHOLDER["article"])
            i += 2
            continue
        if tok in gz.cased and tok in norm.acronyms:
            entities.extend(Entity(kind, value, i, i + 1) for kind, value in gz.cased[tok])
            out.append(PLACEHOLDER.get(gz.cased[tok][0][0], tok))
            i += 1
            continue
        for n in range(min(gz.max_len, len(tokens) - i), 0, -1):
            # A name as written ("first session of the Conference") before the same name with the
            # words that may sit inside it skipped ("4th AHC session").
            key, stop = tuple(tokens[i : i + n]), i + n
            hits = gz.table.get(key) if len(key) == n else None
            if not hits and n > 1:
                span = span_skipping(tokens, i, n, transparent)
                if span is None:
                    continue
                key, stop = span
                hits = gz.table.get(key)
            if hits and any(k == "session" for k, _ in hits):
                # "the first session of the COSP" is none of the Committee's sessions
                hits = [(k, v) for k, v in hits if k != "session" or not gz.of_other_body(tokens, stop, v)] or None
            if hits:
                if ORDINAL_TOKEN.match(key[0]):
                    _coordinated(out, positions, entities, gz, key)
                for kind, value in hits:
                    entities.append(Entity(kind, value, i, stop))
                kinds = {k for k, _ in hits}
                if kinds & PLACEHOLDER.keys():
                    out.append(PLACEHOLDER[next(k for k, _ in hits if k in PLACEHOLDER)])
                else:
                    out.extend(key)
                if ORDINAL_TOKEN.match(key[-1]) and len(key) > 1 and kinds & PLACEHOLDER.keys():
                    stop = _numbered_after(tokens, stop, key, gz, entities, out)
                elif len(hits) == 1 and kinds == {"session"}:
                    end = gz.rest_of_name(tokens, stop, *hits[0])
                    if end > stop:
                        entities[-1] = Entity("session", hits[0][1], i, end)
                        stop = end
                i = stop
                break
        else:
            named = _unknown_session_at(tokens, i, transparent)
            if named and not gz.of_other_body(tokens, named, None):  # "the 1st session of the COSP" is theirs
                entities.append(Entity("unknown_session", f"{tok} {tokens[named - 1]}", i, named))
                out.append(PLACEHOLDER["unknown_session"])
                i = named
                continue
            out.append(tok)
            i += 1
    entities.sort(key=lambda e: e.start)
    return Extraction(tuple(entities), tuple(out))


def _numbered_after(
    tokens: list[str], stop: int, key: tuple[str, ...], gz: Gazetteer, entities: list[Entity], out: list[str]
) -> int:
    """ "sessions 2 and 3", "session 4 or 5": numbers joined after a name that ends with one (read
    as "session 2nd") name
    things of the same kind. Returns where the question goes on."""
    while True:
        j = stop
        gap = []
        while j < len(tokens) and tokens[j] in COORDINATORS:
            gap.append(tokens[j])
            j += 1
        listed = not gap and j + 1 < len(tokens) and (tokens[j + 1] in CONJUNCTIONS or tokens[j + 1].isdigit())
        if j >= len(tokens) or not (set(gap) & CONJUNCTIONS or listed):  # "sessions 1, 2 and 3"
            return stop
        number = ordinal(int(tokens[j])) if tokens[j].isdecimal() and int(tokens[j]) < 100 else tokens[j]
        if not ORDINAL_TOKEN.match(number):
            return stop
        hits = gz.table.get((*key[:-1], number))
        kind = next((k for k, _ in hits or () if k in PLACEHOLDER), None)
        if kind is None:
            return stop
        entities.extend(Entity(k, v, j, j + 1) for k, v in hits or () if k == kind)
        out.extend(gap)
        out.append(PLACEHOLDER[kind])
        stop = j + 1


def _coordinated(
    out: list[str], positions: list[int], entities: list[Entity], gz: Gazetteer, key: tuple[str, ...]
) -> None:
    """ "the 4th and 5th sessions", "1st, 2nd or 3rd session": ordinals standing before a name that
    opens with an ordinal name the same kind of thing, each with its own number."""
    k = len(out) - 1
    first = True
    while k >= 0:
        gap = []
        while k >= 0 and out[k] in COORDINATORS:
            gap.append(out[k])
            k -= 1
        # "the 4th and 5th": a conjunction joins the first pair ("came 1st, the 5th" is no list);
        # further back an ordinal may stand bare ("1st, 2nd and 3rd")
        if first and not set(gap) & CONJUNCTIONS:
            return
        first = False
        if k < 0 or not ORDINAL_TOKEN.match(out[k]):
            return
        hits = gz.table.get((out[k], *key[1:]))
        if not hits:
            return
        kind, value = hits[0]
        if kind not in PLACEHOLDER:
            return
        entities.append(Entity(kind, value, positions[k], positions[k] + 1))
        out[k] = PLACEHOLDER[kind]
        k -= 1


def _unknown_session_at(tokens: list[str], i: int, transparent: frozenset[str] = frozenset()) -> int:
    """'8th session' (or '7th negotiating session') that no session alias matched: a session the
    knowledge does not have. Returns the index after it, or 0. ('seventy 8th session' is the General
    Assembly's, not the Committee's.)"""
    if not ORDINAL_TOKEN.match(tokens[i]) or (i > 0 and tokens[i - 1] in TENS_WORDS):
        return 0
    j = i + 1
    while j < len(tokens) and tokens[j] in transparent:
        j += 1
    return j + 1 if j < len(tokens) and tokens[j] in COUNTED_WORDS else 0
