"""Turn a raw question into canonical tokens: folded case and accents, UN symbols, ordinals, synonyms.

Pure functions and one small class; no discord, no knowledge of intents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

MAX_QUESTION_CHARS = 1000
"""Only the first 1,000 characters of a question are read (a Discord message holds 2,000;
no real question about the convention is longer). The rest is ignored, never an error."""

SYMBOL_MARK = "§"
"""Marker token prefix for a UN symbol found in the question: §0, §1, ..."""

SLOT_PREFIX = "zzslot"
"""Marks an entity slot written in an intent example (`<session>` -> zzslotsession)."""

ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
CARDINAL_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred"]
ROMAN_NUMERALS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
"""Roman numerals as typed in lower case, one to twelve (session IV, annex II)."""
COUNTED_WORDS = frozenset({"session", "sessions", "consultation", "consultations", "intersessional", "meeting"})
"""Words that a session or consultation number follows or precedes ("session 4", "4th session")."""
_NUMBER_LEAD = COUNTED_WORDS | {"no", "number"}
_NUMBERED_BEFORE = frozenset({"session", "sess", "sesion", "sesh", "ses", "consultation", "intersessional", "round"})
"""Singular words, as typed, that a bare number before names the place of ("the 5 session"; "6
sessions" is a count)."""


def place_numbers(tokens: Sequence[str]) -> list[str]:
    """ "the 5 session" -> "the 5th session": read before synonyms, which make plurals singular."""
    return [
        ordinal(int(tok))
        if tok.isdecimal() and 0 < int(tok) <= 20 and i + 1 < len(tokens) and tokens[i + 1] in _NUMBERED_BEFORE
        else tok
        for i, tok in enumerate(tokens)
    ]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_ORDINAL_MAP = {w: ordinal(i + 1) for i, w in enumerate(ORDINAL_WORDS)}
_ORDINAL_SUFFIX = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_NUMBER_AFTER = {
    **{w: i + 1 for i, w in enumerate(CARDINAL_WORDS)},
    **{w: i + 1 for i, w in enumerate(ROMAN_NUMERALS)},
    **{str(i): i for i in range(1, 21)},
}

LOOSE = "~"
"""Marks a spelling with spaces or dashes for the symbol's marks: it counts only for a known symbol."""
# UN symbol spellings people type, most specific first. Each yields a canonical symbol.
_SYMBOL_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:a\s*/\s*)?ac\s*\.?\s*(\d{3})\s*/\s*(\d{1,3})((?:\s*/\s*(?:add|rev|corr)\s*\.?\s*\d+)*)"), "AC"),
    # "a ac 291 7": the committee's symbol with spaces for the marks (a known symbol only)
    (re.compile(r"\b(?:a\s*/\s*|a\s+)?ac\s*\.?\s*(\d{3})\s+(\d{1,3})\b(?!\s*/)()"), "AC" + LOOSE),
    (re.compile(r"\ba\s*/\s*res\s*/\s*(\d{2})\s*/\s*(\d{1,4})\b"), "A/RES"),
    (re.compile(r"\ba\s*/\s*dec\s*/\s*(\d{2})\s*/\s*(\d{1,4})\b"), "A/DEC"),
    (
        re.compile(r"\b(?:ga\s+|general\s+assembly\s+)?res(?:olution)?s?\.?\s*(?:no\.?\s*)?(\d{2})\s*/\s*(\d{1,4})\b"),
        "A/RES",
    ),
    (
        re.compile(r"\b(?:ga\s+|general\s+assembly\s+)?dec(?:ision)?s?\.?\s*(?:no\.?\s*)?(\d{2})\s*/\s*(\d{1,4})\b"),
        "A/DEC",
    ),
    # "res 79 243", "resolution 79-243", "decision 74 567" (known symbols only: not "resolution 12 14
    # june"; "dec 24-25" is December, not a decision)
    (
        re.compile(r"\b(?:ga\s+|general\s+assembly\s+)?res(?:olution)?s?\.?\s*(\d{2})\s*(?:-|\s)\s*(\d{1,4})\b"),
        "A/RES" + LOOSE,
    ),
    (re.compile(r"\b(?:ga\s+|general\s+assembly\s+)?decisions?\s*(\d{2})\s*(?:-|\s)\s*(\d{1,4})\b"), "A/DEC" + LOOSE),
    (re.compile(r"\ba\s*/\s*(\d{2})\s*/\s*(\d{1,4})((?:\s*/\s*(?:add|rev|corr)\s*\.?\s*\d+)*)"), "A"),
    (re.compile(r"\b([aes])\s*/\s*((?:[a-z]{1,4}\.?\d*\s*/\s*)*\d{1,4}(?:\s*/\s*\d{1,4})*)\b"), "GENERIC"),
    # "resolution 2334": a resolution numbered without a session is the Security Council's.
    (re.compile(r"\b(?:security\s+council\s+)?res(?:olution)?s?\.?\s*(?:no\.?\s*)?(\d{3,4})\b(?!\s*/)"), "SC"),
    # "75/282", "75-282" (a known symbol only: "10-12 May" is no symbol)
    (re.compile(r"(?<![\w/-])(\d{2})\s*(?:/|-)\s*(\d{1,4})(?![\w/-])"), "BARE"),
]


def _suffixes(raw: str | None) -> str:
    if not raw:
        return ""
    parts = re.findall(r"(add|rev|corr)\s*\.?\s*(\d+)", raw)
    return "".join(f"/{kind.capitalize()}.{num}" for kind, num in parts)


def _canonical(kind: str, m: re.Match[str]) -> list[str]:
    """Candidate canonical symbols for one match (BARE may be a resolution or a decision)."""
    if kind == "AC":
        return [f"A/AC.{m.group(1)}/{m.group(2)}{_suffixes(m.group(3))}"]
    if kind in ("A/RES", "A/DEC"):
        return [f"{kind}/{m.group(1)}/{m.group(2)}"]
    if kind == "A":
        return [f"A/{m.group(1)}/{m.group(2)}{_suffixes(m.group(3))}"]
    if kind == "SC":
        return [f"S/RES/{m.group(1)}"]
    if kind == "GENERIC":
        body = re.sub(r"\s+", "", m.group(2)).upper()
        return [f"{m.group(1).upper()}/{body}"]
    return [f"A/RES/{m.group(1)}/{m.group(2)}", f"A/DEC/{m.group(1)}/{m.group(2)}"]


_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Casefold, fold accents, drop control and invisible characters, collapse whitespace."""
    text = text[:MAX_QUESTION_CHARS]
    if text.isascii():  # most questions: no accents to fold, and case folding is lower-casing
        return _SPACES.sub(" ", _ASCII_CONTROL.sub(" ", text.lower())).strip()
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        cat = unicodedata.category(ch)
        if cat == "Mn":
            continue
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            kept.append(" ")
            continue
        kept.append(ch)
    return _SPACES.sub(" ", "".join(kept)).strip()


AUXILIARIES = frozenset({"is", "are", "was", "were", "do", "does", "did", "has", "have", "had"})
"""English auxiliaries that open a question about what is or was ("was it adopted by ...?")."""
YES_NO_OPENERS = (
    AUXILIARIES
    | {"can", "could", "will", "would"}
    | {
        f"{w}{t}"
        for w in ("is", "are", "was", "were", "does", "did", "has", "have", "had", "could", "would")
        for t in ("nt", "n't")
    }
    | {"don't", "dont", "can't", "cant", "won't", "wont"}
)
"""English auxiliaries and modals that open a yes/no question (grammar, not the domain's vocabulary)."""
CHECKING_TAILS = frozenset({"right", "correct", "yes", "yeah"})
"""Last words that turn a statement into a yes/no question ("the chair is vacant, right?")."""

_CONTRACTION = re.compile(r"\b(who|what|where|when|how|that|it|there|here)['’]s\b")
_POSSESSIVE = re.compile(r"['’]s\b")
_ARE = re.compile(r"\b(we|you|they)['’]re\b")
""""we're a small NGO": "we are", not "were" (which opens a question)."""
SIDE_WORDS = frozenset({"before", "after"})
"""Words that pick a meeting by its side of an event ("the session after the adoption")."""
_RUNS = re.compile(r"([a-z])\1{2,}")
"""Three or more of one letter in a row."""
_RUNS_OF_TWO = re.compile(r"([a-z])\1")
_NON_WORD = re.compile(r"[^\w§]+")


def extract_symbols(folded: str, known: set[str] | frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    """Replace every UN symbol in folded text by a §N marker; return the text and the symbols."""
    symbols: list[str] = []

    for pattern, kind in _SYMBOL_PATTERNS:

        def repl(m: re.Match[str], kind: str = kind) -> str:
            loose = kind.endswith(LOOSE)
            candidates = _canonical(kind.removesuffix(LOOSE), m)
            chosen = next((c for c in candidates if c in known), candidates[0])
            if (kind == "BARE" or loose) and chosen not in known:
                return m.group(0)  # "12/15" is not a symbol unless we know one like it
            symbols.append(chosen)
            return f" {SYMBOL_MARK}{len(symbols) - 1} "

        folded = pattern.sub(repl, folded)
    return folded, symbols


def tokenize(folded: str) -> list[str]:
    text = _CONTRACTION.sub(r"\1 is", folded.replace("&", " and "))  # "latin america & caribbean"
    text = _ARE.sub(r"\1 are", text)
    text = _POSSESSIVE.sub("", text)
    text = text.replace("'", "").replace("’", "")
    return [t for t in _NON_WORD.sub(" ", text).split() if t and t != "_"]


def unify_ordinals(tokens: Sequence[str]) -> list[str]:
    """first/1st/First -> 1st everywhere; 'session 4', 'session IV', 'session four' -> 'session 4th'."""
    out: list[str] = []
    for tok in tokens:
        if tok in _ORDINAL_MAP:
            out.append(_ORDINAL_MAP[tok])
            continue
        m = _ORDINAL_SUFFIX.match(tok)
        if m:
            out.append(ordinal(int(m.group(1))))
            continue
        if out and out[-1] in _NUMBER_LEAD and tok in _NUMBER_AFTER:
            out.append(ordinal(_NUMBER_AFTER[tok]))
            continue
        glued = _GLUED_NUMBER.match(tok)
        if glued:  # "AHC4", "sess4": the fourth session
            out.extend(["session", ordinal(int(glued.group(1)))])
            continue
        out.append(tok)
    return out


_GLUED_NUMBER = re.compile(r"^(?:ahc|sess|session|ses)(\d{1,2})$")
"""A session number typed onto the word before it."""


@dataclass(frozen=True)
class Normalized:
    """A question after normalization: canonical tokens plus the UN symbols it mentioned."""

    original: str
    tokens: tuple[str, ...]
    symbols: tuple[str, ...]
    capitalized: frozenset[str] = field(default_factory=frozenset)
    acronyms: frozenset[str] = field(default_factory=frozenset)
    """Words written with a capital letter inside the sentence, and acronyms: likely names."""


class Normalizer:
    """Applies the vocabulary: typo correction against known words, then synonyms."""

    def __init__(
        self,
        synonyms: dict[str, list[str]],
        known_words: Iterable[str],
        protected: Iterable[str] = (),
        known_symbols: Iterable[str] = (),
        meeting_words: Iterable[str] = (),
    ) -> None:
        self.known_symbols = frozenset(known_symbols)
        self._meeting_words = frozenset(meeting_words)
        """After these, a variant that begins with "before" or "after" stays as typed: "the session
        after adoption" picks a meeting by its side of the adoption, it does not ask what follows it."""
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for canonical, variants in synonyms.items():
            target = tuple(self.base_tokens(canonical))
            for variant in [canonical, *variants]:
                key = tuple(self.base_tokens(variant))
                if key:
                    self._phrases[key] = target
        self._max_phrase = max((len(k) for k in self._phrases), default=1)
        vocab = set(known_words) | set(ORDINAL_WORDS) | set(CARDINAL_WORDS) | set(TENS_WORDS)
        for key in self._phrases:
            # A word of a multi-word variant ("time" in "time frame") is only known as part of it.
            if len(key) == 1:
                vocab.update(key)
        for target in self._phrases.values():
            vocab.update(target)
        self.vocabulary = frozenset(w for w in vocab if w)
        # Typos rarely change the first letter; keeping it also stops "presidents" becoming "represents".
        self._choices: dict[str, list[str]] = {}
        for w in sorted(self.vocabulary):
            if len(w) >= 3 and not w.isdigit():
                self._choices.setdefault(w[0], []).append(w)
        self._protected = frozenset(protected)
        self._cache: dict[str, str] = {}

    @staticmethod
    def base_tokens(text: str) -> list[str]:
        """Fold, tokenize and unify ordinals, with no vocabulary applied."""
        return unify_ordinals(tokenize(fold(text)))

    def correct(self, token: str) -> str:
        """The known word a misspelt token stands for, or the token itself."""
        if token in self.vocabulary or token in self._protected or len(token) < 4:
            return token
        if token.startswith((SYMBOL_MARK, SLOT_PREFIX)) or any(ch.isdigit() for ch in token):
            return token
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        squeezed = _RUNS.sub(r"\1\1", token)  # "sesssssion", "pleeease": a held key, not a new word
        if squeezed != token:
            for form in (squeezed, _RUNS_OF_TWO.sub(r"\1", squeezed)):
                if form in self.vocabulary or form in self._protected:
                    return form
            token = squeezed
        # "thrid", "sesison": two letters typed in the wrong order (a ratio counts that as two edits)
        swapped = (token[:i] + token[i + 1] + token[i] + token[i + 2 :] for i in range(1, len(token) - 1))
        result = next((w for w in swapped if w in self.vocabulary), None)
        if result is None:
            cutoff = 88 if len(token) <= 4 else 84
            best = process.extractOne(token, self._choices.get(token[0], []), scorer=fuzz.ratio, score_cutoff=cutoff)
            result = best[0] if best else token
        if len(self._cache) < 50_000:
            self._cache[token] = result
        return result

    def apply_synonyms(self, tokens: Sequence[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            sided = bool(out) and out[-1] in self._meeting_words and tokens[i] in SIDE_WORDS
            for n in range(min(self._max_phrase, len(tokens) - i), 0, -1):
                key = tuple(tokens[i : i + n])
                if key in self._phrases and not (sided and n > 1):
                    out.extend(self._phrases[key])
                    i += n
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out

    def normalize(self, text: str) -> Normalized:
        text = text[:MAX_QUESTION_CHARS]
        text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)  # "U.S." is "US"
        folded, symbols = extract_symbols(fold(text), self.known_symbols)
        tokens = [self.correct(t) for t in tokenize(folded)]
        # Synonyms first, so that "sesion 3" reads as "session 3" before ordinals are unified.
        tokens = _elliptic_ones(unify_ordinals(self.apply_synonyms(place_numbers(tokens))))
        return Normalized(text, tuple(tokens), tuple(symbols), _capitalized(text), _acronyms(text))


_MEETING_NOUNS = ("session", "consultation", "meeting")
_ORDINAL_TOKEN = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
SESSION_NOUN = _MEETING_NOUNS[0]
TERSE_TOKENS = 3
"""A message this short ("venue 5th?") may put an ordinal last without "the"."""


def _trailing_ordinal(tokens: Sequence[str]) -> bool:
    """Does the text close on "the <ordinal>" ("... than the 5th", "venue of the 5th?", "venue 5th?"), not on a day
    of a month ("on the 4th") nor on "first" ("which came first", "is it the first"), which says an
    order rather than a number?"""
    return (
        len(tokens) >= 2
        and bool(_ORDINAL_TOKEN.match(tokens[-1]))
        and tokens[-1] != "1st"
        # "... than the 5th", or a terse "venue 5th?"
        and (tokens[-2] == "the" or (len(tokens) <= TERSE_TOKENS and tokens[-2] != "on"))
        and (len(tokens) < 3 or tokens[-3] != "on")
    )


def ends_in_bare_ordinal(tokens: Sequence[str]) -> bool:
    """ "venue of the 5th?", "when was the sixth": the question closes on an ordinal with no noun of
    its own, and names no meeting whose "one" it could be."""
    return _trailing_ordinal(tokens) and not any(t.startswith(_MEETING_NOUNS) for t in tokens)


def _elliptic_ones(tokens: list[str]) -> list[str]:
    """ "was the 4th session longer than the 5th one": an ordinal's "one" after a numbered meeting is
    that meeting's noun again ("the 5th session"); not after "which meeting" or "the sessions"."""
    seen: str | None = None
    out = list(tokens)
    for i, tok in enumerate(tokens):
        noun = next((n for n in _MEETING_NOUNS if tok in (n, n + "s")), None)
        if noun is not None and any(_ORDINAL_TOKEN.match(tokens[j]) for j in range(max(0, i - 2), i)):
            # "the 4th session", "the 4th intersessional consultation": a numbered meeting, which "the
            # 5th one" repeats
            seen = noun
        elif seen and tok == "one" and i and _ORDINAL_TOKEN.match(tokens[i - 1]):
            out[i] = seen
    if seen and _trailing_ordinal(tokens):
        out.append(seen)  # "was the 4th session longer than the 5th": the 5th session
    return out


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}(?![A-Za-z])")
"""An acronym written with dots: "U.S.", "U.K."."""


def _acronyms(text: str) -> frozenset[str]:
    """Words written all in capitals ("US", "UN"): an acronym, even where the word is common."""
    return frozenset(fold(w) for w in _WORD.findall(text) if len(w) >= 2 and w.isupper())


SENTENCE_ENDS = ".!?:\n"
"""What ends a sentence: the word after it opens the next one, whatever its case."""


def _capitalized(text: str) -> frozenset[str]:
    out = set()
    for m in _WORD.finditer(text):
        word = m.group(0)
        # A capitalised word inside a sentence, or an acronym anywhere (IGF, OEWG): likely a name.
        # "Buried in my notes ...", after "... next week's issue.", opens a sentence: no name.
        before = text[: m.start()].rstrip(" \t\"'(*-–—")
        opens = not before or before[-1] in SENTENCE_ENDS
        if (not opens and word[:1].isupper()) or (len(word) >= 2 and word.isupper()):
            out.update(tokenize(fold(word)))
    return frozenset(out)
