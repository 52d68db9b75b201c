"""The engine's reply to one question: text, citations, suggestions, entities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bot.answers.render import RenderedCitation


@dataclass(frozen=True)
class Suggestion:
    intent: str
    question: str
    confidence: float = 0.0


@dataclass(frozen=True)
class Context:
    """What a follow-up question leans on: the previous answer's intent and slots."""

    intent: str
    slots: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    intent: str | None
    confidence: float
    text: str
    citations: tuple[RenderedCitation, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    entities: dict[str, str] = field(default_factory=dict)
    as_of: dt.date | None = None
    related: tuple[Suggestion, ...] = ()
    topic: str | None = None
    knowledge_version: str = ""
    reads_as_question: bool = False
    """Whether the message reads as a question (FAQ channels log only those; not in the JSON)."""
    declined: str | None = None
    """The decline intent that recognised a question the sources cannot answer (not in the JSON)."""
    slots: dict[str, str] = field(default_factory=dict)
    """The intent's slots this answer used: what a follow-up leans on (not in the JSON)."""
    explain: dict[str, Any] | None = None
    """Stages and checks behind the answer; only kept when asked for (`ask --explain`)."""

    @property
    def context(self) -> Context | None:
        """The conversation context this answer leaves for a follow-up (None after a refusal)."""
        return Context(self.intent, dict(self.slots)) if self.answered and self.intent else None

    @property
    def matched(self) -> str | None:
        """The intent that handled the question, answered or declined."""
        return self.intent or self.declined

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        """The CLI contract: exactly these fields (and `explain` only when asked for)."""
        out: dict[str, Any] = {
            "question": self.question,
            "answered": self.answered,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "answer": self.text,
            "citations": [
                {"symbol": c.symbol, "title": c.title, "url": c.url, "pinpoint": c.pinpoint} for c in self.citations
            ],
            "suggestions": [{"intent": s.intent, "question": s.question} for s in self.suggestions],
            "entities": dict(self.entities),
        }
        if explain:
            out["explain"] = self.explain
        return out
