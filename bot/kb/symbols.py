"""The grammar of UN document symbols: A/RES/79/243, CTOC/COSP/CC/2027/1, A/AC.291/9/Add.1.

A symbol is components joined by "/": a series (the parent body: A, E, S, ST, CTOC, CAC …), then
body components (numbers, codes such as RES or COSP, numbered bodies such as AC.291 or L.15),
then suffixes that mark a later version (Add.1, Rev.2, Corr.1, Amend.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SERIES = r"[A-Z]{1,6}"
"""The parent body: A (General Assembly), E (ECOSOC), S (Security Council), ST (Secretariat),
CTOC and CAC (the conferences of the UNTOC and UNCAC parties), and the like."""

BODY_COMPONENTS: dict[str, str] = {
    "number": r"\d{1,5}",  # session, year or document number: 79, 2024, 243
    "code": r"[A-Z]{1,8}",  # RES, DEC, PRST, INF, COSP, COP, CC, SGB
    "numbered body": r"[A-Z]{1,8}\.\d{1,5}",  # AC.291, C.3, CN.15, CONF.234, WG.2, L.15, CRP.1, PV.45
    "special session": r"[A-Z]{1,3}-\d{1,3}",  # ES-10: an emergency special session
    "sub-body": r"Sub\.\d{1,3}",  # E/CN.4/Sub.2/…
}
"""Each kind of component that may follow the series, with examples."""

SUFFIXES = ("Add", "Rev", "Corr", "Amend")
"""Addendum, revision, corrigendum, amendment: always last, each with its number (Add.1)."""

MAX_SYMBOL_LENGTH = 80
MAX_COMPONENTS = 12

_SERIES = re.compile(SERIES)
_BODY = re.compile("|".join(f"(?:{p})" for p in BODY_COMPONENTS.values()))
_SUFFIX = re.compile(rf"(?:{'|'.join(SUFFIXES)})\.\d{{1,3}}")


@dataclass(frozen=True)
class UnSymbol:
    """A parsed symbol; `str()` gives back exactly the text it was parsed from."""

    series: str
    body: tuple[str, ...]
    suffixes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "/".join((self.series, *self.body, *self.suffixes))


def parse_symbol(text: str) -> UnSymbol | None:
    """The symbol's parts, or None when `text` is not a well-formed UN document symbol.

    Beyond the grammar, a symbol has a body after its series and a number somewhere: "A/RES" or
    "TCP/IP" are not symbols.
    """
    if not text or len(text) > MAX_SYMBOL_LENGTH or not any(ch.isdigit() for ch in text):
        return None
    series, *rest = text.split("/")
    if not rest or len(rest) > MAX_COMPONENTS or not _SERIES.fullmatch(series):
        return None
    n_suffixes = 0
    while n_suffixes < len(rest) and _SUFFIX.fullmatch(rest[len(rest) - 1 - n_suffixes]):
        n_suffixes += 1
    body = rest[: len(rest) - n_suffixes]
    if not body or not all(_BODY.fullmatch(part) for part in body):
        return None
    return UnSymbol(series, tuple(body), tuple(rest[len(body) :]))


def is_un_symbol(text: str) -> bool:
    """Whether `text` is written as the UN writes a document symbol (not whether it exists)."""
    return parse_symbol(text) is not None
