"""`python -m bot report` and `purge`: what the bot failed to answer, for the maintainers."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from bot.engine import Engine
from bot.kb.loader import KnowledgeError
from bot.settings import Settings
from bot.store import LoggedQuestion, database_name, open_store

GROUP_SIMILARITY = 80
"""Questions at least this similar (token_set_ratio) are reported as one group."""


@dataclass
class Group:
    questions: list[str] = field(default_factory=list)

    @property
    def head(self) -> str:
        return self.questions[0]


def group_similar(questions: list[str]) -> list[Group]:
    """Greedy grouping of similar questions, largest groups first."""
    groups: list[Group] = []
    for q in questions:
        norm = q.casefold().strip()
        for g in groups:
            if fuzz.token_set_ratio(norm, g.head.casefold()) >= GROUP_SIMILARITY:
                g.questions.append(q)
                break
        else:
            groups.append(Group([q]))
    groups.sort(key=lambda g: len(g.questions), reverse=True)
    return groups


def yaml_snippet(engine: Engine, question: str, intent_id: str) -> str:
    file = engine.intent_set.files.get(intent_id, "intents/<topic>.yaml")
    safe = question.replace('"', "'").strip()
    return f'  # {file}, under `- id: {intent_id}` → examples:\n      - "{safe}"'


def nearest(engine: Engine, question: str) -> tuple[str | None, float]:
    ranked = engine.rank(engine.analyzer.analyze(question))
    return (ranked[0].intent.id, ranked[0].confidence) if ranked else (None, 0.0)


PREVIEWED = 5
"""Groups whose proposal is tried on a copy of the intents (each try takes about a second)."""

PROPOSAL_TITLES = {
    "example": "add an example to {target}",
    "synonym": "add {text!r} as a synonym of {target!r}",
    "out_of_scope": "add it to the questions the bot must refuse",
}


def render_report(
    engine: Engine,
    unanswered: list[LoggedQuestion],
    downvoted: list[LoggedQuestion],
    limit: int,
    folders: tuple[Path, Path] | None = None,
) -> str:
    """The report; with the (knowledge, intents) folders, each top group gets a previewed proposal."""
    from bot.propose import preview, propose

    out = ["# Questions the bot could not answer", ""]
    groups = group_similar([q.question for q in unanswered if q.question])
    if not groups:
        out.append("(none logged)")
    for n, g in enumerate(groups[:limit]):
        intent, conf = nearest(engine, g.head)
        out.append(f"- {g.head!r}  ×{len(g.questions)}")
        for other in g.questions[1:4]:
            out.append(f"    also: {other!r}")
        if intent:
            out.append(f"    nearest intent: {intent} (confidence {conf:.2f})")
        proposal = propose(engine, g.head)
        title = PROPOSAL_TITLES[proposal.kind].format(target=proposal.target, text=proposal.text)
        out.append(f"    proposal: {title}")
        out.append(proposal.snippet)
        if folders is not None and n < PREVIEWED:
            seen = preview(engine, folders[0], folders[1], proposal, g.questions)
            done = "refused" if proposal.kind == "out_of_scope" else "answered"
            changes = seen.diff.summary(shown=3).replace("\n", "\n      ")
            out.append(f"    preview: {seen.answered}/{seen.total} of these {done}; elsewhere: {changes}")
    out += ["", "# Answers that got 👎", ""]
    if not downvoted:
        out.append("(none)")
    for q in downvoted[:limit]:
        text = q.question or "(question text not logged)"
        out.append(f"- {text!r} → answered as {q.intent or 'nothing'} (confidence {q.confidence:.2f})")
        if q.question:
            intent, conf = nearest(engine, q.question)
            if intent:
                out.append(f"    nearest intent now: {intent} (confidence {conf:.2f})")
                out.append(yaml_snippet(engine, q.question, intent))
    return "\n".join(out)


async def _report(settings: Settings, limit: int) -> str:
    engine = Engine.from_dirs(settings.knowledge_dir, settings.intents_dir)
    async with await open_store(settings) as store:
        unanswered = await store.unanswered()
        downvoted = await store.downvoted()
    return render_report(engine, unanswered, downvoted, limit, (settings.knowledge_dir, settings.intents_dir))


def report_main(settings: Settings, limit: int = 20) -> int:
    try:
        print(asyncio.run(_report(settings, limit)))
    except KnowledgeError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    return 0


async def _purge(settings: Settings, days: float) -> int:
    async with await open_store(settings) as store:
        return await store.purge(days)


def purge_main(settings: Settings, older_than_days: int) -> int:
    if older_than_days < 0:
        print("error: --older-than must be 0 or more days", file=sys.stderr)
        return 2
    removed = asyncio.run(_purge(settings, older_than_days))
    print(f"deleted {removed} row(s) older than {older_than_days} day(s) from {database_name(settings)}")
    return 0
