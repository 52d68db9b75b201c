"""Where a missed question belongs, and what adding it would change: proposals for `report`.

For a group of similar questions the bot could not answer, one proposal: a synonym for a word the
bot does not know, or an example for the nearest intent, or (for a question about another treaty
or body) the out-of-scope list. Each proposal is tried on a copy of `intents/` and previewed with
`bot.diff`: how many of the group it would answer, and what else would change.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process

from bot.diff import Diff, compare, questions
from bot.engine import Engine

SYNONYM_SIMILARITY = 80
"""An unknown word at least this similar to a word the bot knows is proposed as its synonym."""

Kind = Literal["example", "synonym", "out_of_scope"]


@dataclass(frozen=True)
class Proposal:
    kind: Kind
    target: str
    """The intent (example), the known word (synonym), or the out-of-scope file."""
    text: str
    """The line to add."""
    file: str
    snippet: str
    """YAML to paste, with the place it goes."""


@dataclass(frozen=True)
class Preview:
    answered: int
    """Of the group's questions, how many the bot would answer after the edit."""
    total: int
    diff: Diff
    """What else changes: held-out phrasings, out-of-scope questions, checks."""


def propose(engine: Engine, question: str) -> Proposal:
    analysis = engine.analyze(question)
    files = engine.intent_set.files
    if analysis.foreign or analysis.other_things:
        safe = question.replace('"', "'").strip()
        return Proposal(
            "out_of_scope",
            "out_of_scope.yaml",
            safe,
            "intents/out_of_scope.yaml",
            f'  # intents/out_of_scope.yaml → out_of_scope: (if the bot must not answer it)\n  - "{safe}"',
        )
    known = sorted(w for w in engine.analyzer.known if len(w) >= 4 and w.isalpha())
    for word in analysis.unknown:
        if len(word) < 3:
            continue
        match = process.extractOne(word, known, scorer=fuzz.ratio, score_cutoff=SYNONYM_SIMILARITY)
        if match is not None:
            canonical = str(match[0])
            return Proposal(
                "synonym",
                canonical,
                word,
                "intents/vocabulary.yaml",
                f"  # intents/vocabulary.yaml → synonyms: (people write {word!r} for {canonical!r})\n"
                f"    {canonical}: [..., {word}]",
            )
    ranked = engine.rank(analysis)
    intent = ranked[0].intent.id if ranked else "<intent>"
    example = " ".join(analysis.extraction.tokens).replace('"', "'")
    file = files.get(intent, "intents/<topic>.yaml")
    return Proposal(
        "example", intent, example, file, f'  # {file}, under `- id: {intent}` → examples:\n      - "{example}"'
    )


def apply(proposal: Proposal, intents_dir: Path) -> None:
    """Make the proposed edit in a folder of intents (a copy: `preview` never touches the real one)."""
    if proposal.kind == "example":
        path = next(
            p for p in intents_dir.glob("*.yaml") if f"- id: {proposal.target}\n" in p.read_text(encoding="utf-8")
        )
        text = path.read_text(encoding="utf-8")
        start = text.index(f"- id: {proposal.target}\n")
        at = text.index("    examples:\n", start) + len("    examples:\n")
        path.write_text(f'{text[:at]}      - "{proposal.text}"\n{text[at:]}', encoding="utf-8")
    elif proposal.kind == "synonym":
        path = intents_dir / "vocabulary.yaml"
        text = path.read_text(encoding="utf-8")
        line = re.search(rf"^    {re.escape(proposal.target)}: \[", text, re.M)
        if line:
            text = f"{text[: line.end()]}{proposal.text}, {text[line.end() :]}"
        else:
            at = text.index("  synonyms:\n") + len("  synonyms:\n")
            text = f"{text[:at]}    {proposal.target}: [{proposal.text}]\n{text[at:]}"
        path.write_text(text, encoding="utf-8")
    else:
        path = intents_dir / "out_of_scope.yaml"
        text = path.read_text(encoding="utf-8")
        at = text.index("out_of_scope:\n") + len("out_of_scope:\n")
        path.write_text(f'{text[:at]}  - "{proposal.text}"\n{text[at:]}', encoding="utf-8")


def preview(
    engine: Engine, knowledge_dir: Path, intents_dir: Path, proposal: Proposal, group: Sequence[str]
) -> Preview:
    """Try the proposal on a copy of the intents: the group's questions, and everything else."""
    with tempfile.TemporaryDirectory(prefix="bot-proposal-") as tmp:
        copy = Path(tmp) / "intents"
        shutil.copytree(intents_dir, copy)
        apply(proposal, copy)
        after = Engine.from_dirs(knowledge_dir, copy, check=False)
        after.clock = engine.clock
        wanted = proposal.kind != "out_of_scope"
        answered = sum(after.ask(q).answered == wanted for q in group)
        others = [q for q in questions([(engine, knowledge_dir)]) if q not in group]
        return Preview(answered, len(group), compare(engine, after, others))
