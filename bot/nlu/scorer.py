"""Score intents for an analysed question: weighted token overlap through an inverted index,
a per-intent vocabulary coverage, and rapidfuzz's token_sort_ratio on a short list.

The index makes scoring cost depend on the question's words, not on the number of examples, so
10k intents stay fast; only the short list is compared character by character.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

SHORTLIST = 8
"""Intents that get the full (rapidfuzz) comparison after the index prefilter."""
MAX_POSTING = 20_000
"""Words found in more examples than this are too common to select candidates (they still score)."""
W_EXAMPLE, W_COVER, W_FUZZ = 0.6, 0.25, 0.15
OUTSIDE_WEIGHT = 0.5
"""Weight of a question word that no example uses."""


@dataclass(frozen=True)
class Example:
    intent: int
    tokens: frozenset[str]
    text: str
    weight: float


@dataclass(frozen=True)
class Scored:
    intent: int
    example_f1: float
    """Weighted token F1 against the intent's closest example."""
    cover: float
    """Share of the question's weight that the intent's vocabulary covers."""
    fuzz: float
    """rapidfuzz token_sort_ratio against that example, 0..1."""
    example: str

    @property
    def lexical(self) -> float:
        return W_EXAMPLE * self.example_f1 + W_COVER * self.cover + W_FUZZ * self.fuzz


class IntentIndex:
    """Inverted index over analysed example tokens, built once per engine."""

    def __init__(
        self,
        examples: Sequence[tuple[int, Sequence[str]]],
        n_intents: int,
        vocabulary: dict[int, frozenset[str]] | None = None,
    ) -> None:
        doc_freq: dict[str, set[int]] = defaultdict(set)
        for intent, tokens in examples:
            for t in tokens:
                doc_freq[t].add(intent)
        self.n_intents = max(n_intents, 1)
        self.idf = {t: 1.0 + math.log(self.n_intents / len(ids)) for t, ids in doc_freq.items()}
        # A word no example uses says little about which intent is meant (unknown words are
        # penalised separately); it should dilute the match, not dominate it.
        self.default_idf = OUTSIDE_WEIGHT
        self.examples: list[Example] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.intent_vocab: dict[int, frozenset[str]] = {}
        vocab: dict[int, set[str]] = defaultdict(set)
        seen: set[tuple[int, frozenset[str]]] = set()
        for intent, tokens in examples:
            toks = frozenset(tokens)
            if not toks or (intent, toks) in seen:
                continue
            seen.add((intent, toks))
            idx = len(self.examples)
            weight = sum(self.weight(t) for t in sorted(toks))  # summed in a fixed order, as the question's are
            self.examples.append(Example(intent, toks, " ".join(tokens), weight))
            for t in toks:
                self.postings[t].append(idx)
            vocab[intent].update(toks)
        for intent, words in (vocabulary or {}).items():
            if intent in vocab:  # an intent's subjects and keywords are its vocabulary too
                vocab[intent].update(words)
        self.intent_vocab = {i: frozenset(v) for i, v in vocab.items()}
        self.vocab_postings: dict[str, list[int]] = defaultdict(list)
        """Word -> the intents whose vocabulary holds it: each intent's cover in one pass over the words."""
        for i, words in self.intent_vocab.items():
            for t in words:
                self.vocab_postings[t].append(i)
        self.first_example: dict[int, int] = {}
        for idx, ex in enumerate(self.examples):
            self.first_example.setdefault(ex.intent, idx)
        self.words = frozenset(self.idf)

    def weight(self, token: str) -> float:
        return self.idf.get(token, self.default_idf)

    def score(self, tokens: Sequence[str], limit: int = SHORTLIST, include: Iterable[int] = ()) -> list[Scored]:
        """The best intents for the question tokens (and every intent in `include`), best first."""
        q = frozenset(tokens)
        if not q:
            return []
        weights = {t: self.weight(t) for t in sorted(q)}
        total = sum(weights.values())
        acc: dict[int, float] = defaultdict(float)
        for t in sorted(q):  # a fixed order: the sums, and so the ties below, must not depend on hashing
            posting = self.postings.get(t)
            if posting and len(posting) <= MAX_POSTING:
                w = weights[t]
                for ex_id in posting:
                    acc[ex_id] += w
        best: dict[int, tuple[float, int]] = {}
        for ex_id, inter in acc.items():
            example = self.examples[ex_id]
            recall = inter / total
            precision = inter / example.weight
            f1 = 2 * recall * precision / (recall + precision)
            # equal overlaps go to the example listed first, whatever order the postings came in
            if example.intent not in best or (f1, -ex_id) > (best[example.intent][0], -best[example.intent][1]):
                best[example.intent] = (f1, ex_id)
        ranked = []
        covers = self._covers(weights, total)
        for intent, (f1, ex_id) in best.items():
            cover = covers.get(intent, 0.0)
            ranked.append((W_EXAMPLE * f1 + W_COVER * cover, intent, ex_id, f1))
        ranked.sort(reverse=True)
        chosen = ranked[:limit]
        have = {intent for _, intent, _, _ in chosen}
        extra = [i for i in dict.fromkeys(include) if i not in have and i in self.intent_vocab]
        text = " ".join(sorted(q))
        out = []
        for _, intent, ex_id, f1 in chosen:
            example = self.examples[ex_id]
            ratio = fuzz.token_sort_ratio(text, example.text) / 100.0
            out.append(Scored(intent, f1, covers[intent], ratio, example.text))
        for intent in extra:
            f1, ex_id = best.get(intent, (0.0, self.first_example[intent]))
            example = self.examples[ex_id]
            ratio = fuzz.token_sort_ratio(text, example.text) / 100.0
            out.append(Scored(intent, f1, covers.get(intent, 0.0), ratio, example.text))
        out.sort(key=lambda s: s.lexical, reverse=True)
        return out

    def _covers(self, weights: dict[str, float], total: float) -> dict[int, float]:
        """Each intent's share of the question's weight that its vocabulary covers."""
        sums: dict[int, float] = defaultdict(float)
        for t, w in weights.items():  # weights is in sorted word order: the sums do not depend on hashing
            for i in self.vocab_postings.get(t, ()):
                sums[i] += w
        return {i: x / total for i, x in sums.items()}
