"""The aspect stage: what a question wants to know about its subject (when, where, who, ...).

The words come from vocabulary `aspects:`, so maintainers extend them without code."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bot.nlu.entities import span_skipping

GENERAL_ASPECT = "what"
"""The aspect of "what is …": it asks about the subject in general, not one thing the answer must tell."""


class AspectFinder:
    """Phrase table of aspect words, matched longest first on normalized tokens."""

    def __init__(
        self,
        aspects: Mapping[str, Sequence[str]],
        phrase_tokens: Callable[[str], list[str]],
        transparent: frozenset[str] = frozenset(),
    ) -> None:
        self.transparent = transparent
        """Words that may sit inside a phrase ("which AHC sessions" asks as "which sessions" does)."""
        self.table: dict[tuple[str, ...], str] = {}
        for aspect, phrases in aspects.items():
            for phrase in phrases:  # an aspect's name is a word of it only where listed ("happened" is not)
                key = tuple(phrase_tokens(phrase))
                if key:
                    self.table.setdefault(key, aspect)
        self.names = frozenset(aspects)
        self.max_len = max((len(k) for k in self.table), default=1)

    def find(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """Aspects in the order the question names them, each once."""
        found: list[str] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_len, len(tokens) - i), 0, -1):
                stop = i + n
                aspect = self.table.get(tuple(tokens[i:stop]))
                if aspect is None and n > 1 and self.transparent:
                    span = span_skipping(tokens, i, n, self.transparent)
                    if span is not None:
                        key, stop = span
                        aspect = self.table.get(key)
                if aspect is not None:
                    if aspect not in found:
                        found.append(aspect)
                    i = stop
                    break
            else:
                i += 1
        return tuple(found)
