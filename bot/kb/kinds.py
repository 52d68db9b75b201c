"""The one registry of entity kinds: what each kind of named thing is, how the scorer sees it, which
record a template gets for it, every value it can take, and how people name it.

Extraction (`bot/nlu/entities.py`), rendering (`bot/answers/render.py`), evaluation and fitting
(`bot/evaluate.py`, `bot/fit.py`) and the intents' slots (`bot/kb/models.py`) all read this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.kb.loader import Knowledge


def _people(kb: Knowledge) -> list[str]:
    return sorted({s.holder.name for lst in (kb.current, kb.elected_2021) for s in lst.seats if s.holder})


def _person_phrases(kb: Knowledge, name: str) -> list[str]:
    return [name, name.split()[-1]]


@dataclass(frozen=True)
class EntityKind:
    name: str
    placeholder: str
    """The token the scorer sees instead of the words ('<session>'), so that 'when was the 4th
    session' and 'when was the concluding session' read alike."""
    slot: bool = False
    """Whether an intent may take a thing of this kind as a slot (`requires:` / `accepts:`)."""
    record: Callable[[Knowledge, str], Any] | None = None
    """The record a template sees for a value (None: the value itself)."""
    values: Callable[[Knowledge], list[str]] | None = None
    """Every value of this kind in the knowledge (for rendering checks, evaluation and fitting)."""
    phrases: Callable[[Knowledge, str], list[str]] | None = None
    """A few ways people name a value, for filling `<slot>` in example phrasings."""
    label: Callable[[Knowledge, str], str] | None = None
    """How a front end lists a value (autocomplete)."""


def _table_kind(kind: str, table: str, other_names: str) -> EntityKind:
    """A kind whose values are the keys of one of the knowledge's tables (`kb.venues` …): people
    name a value by its name or its first other name (an alias)."""

    def record(kb: Knowledge, v: str) -> Any:
        return getattr(kb, table)[v]

    return EntityKind(
        kind,
        f"<{kind}>",
        slot=True,
        record=record,
        values=lambda kb: list(getattr(kb, table)),
        phrases=lambda kb, v: [record(kb, v).name, *getattr(record(kb, v), other_names)[:1]],
        label=lambda kb, v: record(kb, v).name,
    )


KINDS: tuple[EntityKind, ...] = (
    EntityKind(
        "session",
        "<session>",
        slot=True,
        record=lambda kb, v: kb.sessions_by_id[v],
        values=lambda kb: [s.id for s in kb.sessions],
        phrases=lambda kb, v: [kb.sessions_by_id[v].name, *kb.sessions_by_id[v].aliases[:2]],
        label=lambda kb, v: (
            f"{kb.sessions_by_id[v].name[:1].upper()}{kb.sessions_by_id[v].name[1:]} "
            f"({kb.sessions_by_id[v].start.year})"
        ),
    ),
    _table_kind("venue", "venues", "aliases"),
    # a country's adjective ("Algerian") fits few slots: "bureau member from <country>" wants its name
    _table_kind("country", "countries", "aliases"),
    EntityKind(
        "person",
        "<person>",
        slot=True,
        values=_people,
        phrases=_person_phrases,
        label=lambda kb, v: v,
    ),
    _table_kind("group", "groups", "aliases"),
    EntityKind(
        "position",
        "",  # positions stay words: "chair" and "rapporteur" are what tells those questions apart
        slot=True,
        record=lambda kb, v: kb.positions[v],
        values=lambda kb: list(kb.positions),
        phrases=lambda kb, v: [v, v.split()[-1]],
        label=lambda kb, v: kb.positions[v].name,
    ),
    EntityKind(
        "document",
        "<document>",
        slot=True,
        record=lambda kb, v: kb.documents[v],
        # documents people ask about by symbol; web pages are only cited
        values=lambda kb: [d.symbol for d in kb.documents.values() if d.kind != "web page"],
        phrases=lambda kb, v: [v],
        label=lambda kb, v: f"{v} — {kb.documents[v].title}",
    ),
    EntityKind("symbol", "<symbol>"),  # a well-formed UN symbol the knowledge does not hold
    EntityKind("unknown_session", "<unknown_session>"),  # a session the knowledge lacks ("8th session")
    EntityKind("article", "<article>"),  # an article of the Convention, by number
)

BY_NAME: dict[str, EntityKind] = {k.name: k for k in KINDS}
SLOT_NAMES: tuple[str, ...] = tuple(k.name for k in KINDS if k.slot)
PLACEHOLDER: dict[str, str] = {k.name: k.placeholder for k in KINDS if k.placeholder}
"""Entity kinds replaced by a placeholder before scoring."""


def record_of(kb: Knowledge, kind: str, value: str) -> Any:
    """The record a template sees for an extracted entity."""
    get = BY_NAME[kind].record
    return get(kb, value) if get is not None else value


def values_of(kb: Knowledge, kind: str) -> list[str]:
    get = BY_NAME[kind].values
    return get(kb) if get is not None else []


def phrases_of(kb: Knowledge, kind: str, value: str) -> list[str]:
    get = BY_NAME[kind].phrases
    return get(kb, value) if get is not None else [value]


def label_of(kb: Knowledge, kind: str, value: str) -> str:
    get = BY_NAME[kind].label
    return get(kb, value) if get is not None else value
