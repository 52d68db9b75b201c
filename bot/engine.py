"""One facade over the pipeline: Engine.ask(question, mode) -> Answer. No discord here."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from bot.answers.answer import Answer, Suggestion
from bot.answers.render import Renderer, validate_templates
from bot.kb.loader import IntentSet, Knowledge, KnowledgeError, load_intents, load_knowledge
from bot.kb.models import Intent
from bot.nlu.analyze import Analysis, Analyzer
from bot.nlu.scorer import IntentIndex

log = logging.getLogger(__name__)

Mode = Literal["ask", "channel"]

MISSING_SLOT_FACTOR = 0.5
"""An intent that needs a session (or country...) the question does not name is a guess."""
FOREIGN_ENTITY_FACTOR = 0.75
"""The question names a thing (a country, a session) the intent cannot use."""
UNKNOWN_SYMBOL_FACTOR = 0.4
"""The question is about a UN document the bot does not know."""
MISSING_KEYWORD_FACTOR = 0.6
UNKNOWN_WORD_FACTOR = 0.6
"""Each content word that matches nothing the bot knows lowers the confidence this much."""
UNKNOWN_NAME_FACTOR = 0.45
"""A capitalised unknown word (Budapest, Istanbul, Geneva) most likely names another treaty."""
FOREIGN_TERM_FACTOR = 0.3
"""The question names another treaty or body (vocabulary foreign_terms)."""
VAGUE_FACTOR = 0.5
"""A question made only of question words names nothing to answer about."""
QUESTION_WORDS = frozenset({"who", "what", "when", "where", "which", "why", "how", "mani", "long", "whose", "whom"})
"""Stemmed question words (the scorer sees stems: 'many' -> 'mani')."""
SUGGEST_FLOOR = 0.25
"""Intents below this confidence are not worth suggesting."""

HELP_TEXT = (
    "Ask me about the UN Convention against Cybercrime: its adoption, signature and entry into force, "
    "the Ad Hoc Committee that negotiated it, its sessions (dates, venues, outcomes), its bureau, "
    "and UN documents by symbol (e.g. A/RES/79/243)."
)
FALLBACK_TEXT = (
    "I don't know the answer to that. I only answer questions about the UN Convention against Cybercrime, "
    "the Ad Hoc Committee, its sessions and bureau, and the documents behind them. "
    'Try naming a session ("4th session venue"), a country ("vice-chair from Japan") or a symbol (A/AC.291/7).'
)


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.55
    margin: float = 0.02
    channel: float = 0.6
    channel_margin: float = 0.05


@dataclass(frozen=True)
class Ranked:
    intent: Intent
    confidence: float
    slots: dict[str, str]
    renderable: bool


class Engine:
    """Built once from validated knowledge; immutable, so a reload swaps a whole engine."""

    def __init__(
        self, kb: Knowledge, intents: IntentSet, thresholds: Thresholds | None = None, renderer: Renderer | None = None
    ) -> None:
        self.kb = kb
        self.intent_set = intents
        self.intents = intents.intents
        self.by_id = intents.by_id
        self.thresholds = thresholds or Thresholds()
        self.analyzer = Analyzer(kb, intents)
        self.renderer = renderer or Renderer(kb, intents)
        examples: list[tuple[int, tuple[str, ...]]] = []
        for i, intent in enumerate(self.intents):
            for text in intent.examples:
                examples.append((i, self.analyzer.analyze_example(text)))
        self.index = IntentIndex(examples, len(self.intents))
        self._keywords = {
            i: frozenset(t for k in intent.keywords for t in self.analyzer.analyze_example(k))
            for i, intent in enumerate(self.intents)
        }
        self._cited = {i: frozenset(c.symbol for c in intent.citations) for i, intent in enumerate(self.intents)}
        self.version = kb.version

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
        return cls(kb, intents, thresholds, renderer)

    # --- scoring --------------------------------------------------------------------------

    def rank(self, analysis: Analysis) -> list[Ranked]:
        ext = analysis.extraction
        kinds = ext.kinds
        penalty = 1.0
        for word in analysis.unknown:
            penalty *= UNKNOWN_NAME_FACTOR if word in analysis.names else UNKNOWN_WORD_FACTOR
        penalty *= FOREIGN_TERM_FACTOR ** len(analysis.foreign)
        if not any(t not in QUESTION_WORDS for t in analysis.content):
            penalty *= VAGUE_FACTOR  # "who?", "when": nothing says what about
        content = set(analysis.content)
        ranked: list[Ranked] = []
        for scored in self.index.score(analysis.content):
            intent = self.intents[scored.intent]
            conf = scored.score * penalty
            missing = [k for k in intent.requires if k not in kinds]
            conf *= MISSING_SLOT_FACTOR ** len(missing)
            if kinds & {"symbol", "unknown_session"}:
                conf *= UNKNOWN_SYMBOL_FACTOR
            foreign = kinds - set(intent.slots) - {"position", "symbol", "unknown_session"}
            if "document" in foreign and set(ext.values("document")) <= self._cited[scored.intent]:
                foreign.discard("document")  # "resolution 75/282" in a question the intent answers from it
            conf *= FOREIGN_ENTITY_FACTOR ** len(foreign)
            keywords = self._keywords[scored.intent]
            if keywords and not keywords & content:
                conf *= MISSING_KEYWORD_FACTOR
            slots = {k: v for k in intent.slots if (v := ext.first(k)) is not None}
            ranked.append(Ranked(intent, max(0.0, min(1.0, conf)), slots, not missing))
        ranked.sort(key=lambda r: r.confidence, reverse=True)
        return ranked

    # --- answering ------------------------------------------------------------------------

    def ask(self, question: str, mode: Mode = "ask") -> Answer:
        """Answer one question; never raises for any input text."""
        try:
            return self._ask(question, mode)
        except Exception as exc:  # the engine must answer politely whatever it is sent
            # One line for operators; the traceback only when debugging (never in the CLI's output).
            log.error(
                "engine failed on a question: %s: %s", type(exc).__name__, exc, exc_info=log.isEnabledFor(logging.DEBUG)
            )
            return Answer(question, False, None, 0.0, FALLBACK_TEXT, knowledge_version=self.version)

    def _ask(self, question: str, mode: Mode) -> Answer:
        if not question or not question.strip():
            return Answer(question, False, None, 0.0, HELP_TEXT, knowledge_version=self.version)
        analysis = self.analyzer.analyze(question)
        entities = analysis.extraction.as_dict()
        ranked = self.rank(analysis)
        top = ranked[0] if ranked else None
        second = next((r.confidence for r in ranked[1:] if top and r.intent.id != top.intent.id), 0.0)
        t = self.thresholds
        is_question = self.analyzer.is_question(analysis)
        if mode == "channel":
            sure = (
                top is not None
                and is_question
                and not self.analyzer.is_chatter(analysis)
                and top.confidence >= t.channel
                and top.confidence - second >= t.channel_margin
            )
        else:
            sure = top is not None and top.confidence >= t.answer and top.confidence - second >= t.margin
        if top is not None and sure and top.renderable:
            answer = replace(
                self.render(top.intent.id, top.slots, question, top.confidence, entities), reads_as_question=is_question
            )
            if top.intent.decline:  # a known unknown: say so, and where the answer is kept
                return replace(answer, answered=False, intent=None, declined=top.intent.id, related=())
            return answer
        suggestions = tuple(
            Suggestion(r.intent.id, r.intent.title, r.confidence)
            for r in ranked
            if r.renderable and not r.intent.decline and r.confidence >= SUGGEST_FLOOR
        )[:3]
        text = self._fallback(analysis, suggestions)
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
        )

    def _fallback(self, analysis: Analysis, suggestions: tuple[Suggestion, ...]) -> str:
        unknown_sessions = analysis.extraction.values("unknown_session")
        if unknown_sessions:
            known = ", ".join(s.name for s in self.kb.sessions if s.kind == "negotiating")
            return (
                f"I have no record of a {unknown_sessions[0]}. The negotiating sessions I know are: {known}; "
                'ask for "all sessions" to see every meeting and consultation.'
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
    ) -> Answer:
        """Answer a known intent directly (also used when a user picks a suggestion)."""
        intent = self.by_id[intent_id]
        text = self.renderer.render(intent_id, slots)
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
            as_of=self.kb.current.as_of if intent.time_sensitive else None,
            related=related,
            topic=intent.topic,
            knowledge_version=self.version,
        )

    def renderable(self, intent_id: str, slots: dict[str, str]) -> bool:
        intent = self.by_id.get(intent_id)
        return intent is not None and all(k in slots for k in intent.requires)
