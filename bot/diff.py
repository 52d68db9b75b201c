"""What an edit of the YAML changes, before it goes live: `python -m bot diff [--against REF]`.

The same questions are put to two engines, the one built from the folders as they are now and one
built from an earlier version (a git revision, or the knowledge a running bot has loaded), and the
answers are compared. The questions are the intents' held-out `tests:`, the out-of-scope
questions, the questions of knowledge/checks.yaml, and questions logged in the store. An alias or example that steals
unrelated questions shows up as answers that change or stop.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from bot.engine import Engine

SHOWN = 5
"""Questions listed under each heading of the summary (all are counted)."""


class RevisionError(Exception):
    """The earlier version cannot be read (not a git checkout, unknown revision, folder missing)."""


@dataclass(frozen=True)
class Change:
    question: str
    before: str | None
    """The intent that answered before, or None when it was not answered."""
    after: str | None


@dataclass
class Diff:
    asked: int = 0
    changed: list[Change] = field(default_factory=list)
    """Answered before and after, with a different intent or text."""
    stopped: list[Change] = field(default_factory=list)
    started: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.changed or self.stopped or self.started)

    def summary(self, shown: int = SHOWN) -> str:
        """A few lines a maintainer reads before an edit goes live."""
        if self.empty:
            return f"No answer changes ({self.asked} questions compared)."
        lines = [
            f"{len(self.changed)} answers change, {len(self.stopped)} questions stop being answered, "
            f"{len(self.started)} start being answered ({self.asked} questions compared)."
        ]
        for title, items in (
            ("Stop being answered", self.stopped),
            ("Answers that change", self.changed),
            ("Start being answered", self.started),
        ):
            if not items:
                continue
            lines.append(f"{title}:")
            for c in items[:shown]:
                lines.append(f"  - {c.question!r}: {c.before or 'not answered'} -> {c.after or 'not answered'}")
            if len(items) > shown:
                lines.append(f"  … and {len(items) - shown} more")
        return "\n".join(lines)


def questions(versions: Iterable[tuple[Engine, Path]], logged: Iterable[str] = ()) -> list[str]:
    """Every held-out phrasing (names filled in), out-of-scope question and check question of each
    (engine, its knowledge folder), then the logged questions."""
    from bot.checks import CHECKS_FILE, load_checks
    from bot.evaluate import held_out_cases, out_of_scope_cases

    seen: dict[str, None] = {}
    for engine, knowledge_dir in versions:
        for case in [*held_out_cases(engine), *out_of_scope_cases(engine.intent_set.directory)]:
            if case.mode == "ask":
                seen.setdefault(case.question.strip(), None)
        loaded = load_checks(knowledge_dir) if (knowledge_dir / CHECKS_FILE).exists() else []
        if not isinstance(loaded, list):
            for check in loaded[1].checks:
                if check.question:
                    seen.setdefault(check.question.strip(), None)
    for text in logged:
        seen.setdefault(text.strip(), None)
    return [q for q in seen if q]


def compare(before: Engine, after: Engine, asked: Sequence[str]) -> Diff:
    diff = Diff(asked=len(asked))
    for question in asked:
        old, new = before.ask(question), after.ask(question)
        change = Change(question, old.intent if old.answered else None, new.intent if new.answered else None)
        if old.answered and not new.answered:
            diff.stopped.append(change)
        elif new.answered and not old.answered:
            diff.started.append(change)
        elif old.answered and (old.intent != new.intent or old.text != new.text):
            diff.changed.append(change)
    return diff


def folders_at(ref: str, knowledge_dir: Path, intents_dir: Path, into: Path) -> tuple[Path, Path]:
    """Write the knowledge and intents folders as they were at git revision `ref` under `into`."""
    top = _git(["rev-parse", "--show-toplevel"], knowledge_dir).decode().strip()
    root = Path(top).resolve()
    out = []
    for folder in (knowledge_dir, intents_dir):
        try:
            rel = folder.resolve().relative_to(root)
        except ValueError:
            raise RevisionError(f"{folder} is not inside the git checkout {root}") from None
        archive = _git(["archive", "--format=tar", ref, "--", str(rel)], root)
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")
        out.append(into / rel)
    return out[0], out[1]


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RevisionError(f"git is not available: {exc}") from None
    if proc.returncode != 0:
        reason = proc.stderr.decode(errors="replace").strip().splitlines()
        raise RevisionError(reason[-1] if reason else f"git {' '.join(args)} failed")
    return proc.stdout


def against_revision(
    after: Engine, knowledge_dir: Path, intents_dir: Path, ref: str = "HEAD", logged: Iterable[str] = ()
) -> Diff:
    """Compare `after` (built from the folders as they are) with the same folders at revision `ref`.

    Raises RevisionError when the earlier version cannot be read, and KnowledgeError when it does
    not load."""
    with tempfile.TemporaryDirectory(prefix="bot-diff-") as tmp:
        old_k, old_i = folders_at(ref, knowledge_dir, intents_dir, Path(tmp))
        if not old_k.is_dir() or not old_i.is_dir():
            raise RevisionError(f"the folders did not exist at {ref}")
        before = Engine.from_dirs(old_k, old_i, check=False)
        before.clock = after.clock
        asked = questions([(before, old_k), (after, knowledge_dir)], logged)
        return compare(before, after, asked)
