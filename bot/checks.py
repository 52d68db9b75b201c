"""Maintainers' checks of the shipped knowledge against its sources (knowledge/checks.yaml).

Each check either asks the engine a question and says what the answer must contain and cite, or
names one record's field and its value. `python -m bot validate` runs them; a check that no longer
holds is reported as FILE:LINE with what to change, like any other problem in the YAML.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError, model_validator

from bot.kb.loader import Knowledge, display_path, pydantic_problems
from bot.kb.models import Record, Text
from bot.kb.yamlsrc import Problem, Source, YamlError, read_yaml

if TYPE_CHECKING:
    from bot.engine import Engine

CHECKS_FILE = "checks.yaml"
"""Lives beside the facts it checks, in the knowledge folder."""

STALE = "if you changed this fact on purpose, update this check"


class Check(Record):
    """Either `question` (with `expect`, `cite`, `answered`) or `record` (with `field` and `equals`
    or `contains`); always the `source` the fact comes from."""

    question: Text | None = None
    expect: list[Text] = Field(default_factory=list)
    """Patterns (regular expressions, case-insensitive) the answer must match."""
    cite: list[Text] = Field(default_factory=list)
    answered: bool = True
    record: Text | None = None
    field: Text | None = None
    equals: Any = None
    contains: Any = None
    source: Text

    @model_validator(mode="after")
    def _one_kind(self) -> Check:
        if (self.question is None) == (self.record is None):
            raise ValueError("a check has either `question:` or `record:` (one of the two)")
        if self.record is not None and (self.field is None or (self.equals is None) == (self.contains is None)):
            raise ValueError("a record check needs `field:` and one of `equals:` or `contains:`")
        if self.question is not None and self.answered and not (self.expect or self.cite):
            raise ValueError("a question check needs `expect:` or `cite:` (or `answered: false`)")
        for pattern in self.expect:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"expect pattern {pattern!r} is not a valid pattern: {exc}") from None
        return self


class ChecksFile(Record):
    checks: list[Check]


def load_checks(knowledge_dir: Path) -> tuple[Source, ChecksFile] | list[Problem]:
    """The checks and their source positions, or the problems that stop them being read."""
    path = knowledge_dir / CHECKS_FILE
    try:
        src = read_yaml(path, display_path(path))
    except YamlError as exc:
        return [exc.problem]
    try:
        return src, ChecksFile.model_validate(src.data)
    except ValidationError as exc:
        return pydantic_problems(src, exc, model=ChecksFile)


def _plain(value: Any) -> Any:
    """A value as a maintainer writes it in YAML: dates as YYYY-MM-DD, citations as symbols."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel) and hasattr(value, "symbol"):
        return value.symbol
    if isinstance(value, int | float | bool) or value is None:
        return value
    return str(value)


def _step(obj: Any, parts: list[str]) -> tuple[Any, int] | None:
    """One step down a record path: the child and how many dot-separated parts it used.

    Keys may themselves contain dots (A/AC.291/7), so the longest key that matches wins.
    """
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if isinstance(obj, dict) and key in obj:
            return obj[key], n
        if isinstance(obj, list):
            for item in obj:
                if getattr(item, "id", None) == key:
                    return item, n
        if n == 1 and not isinstance(obj, dict | list) and hasattr(obj, key) and not key.startswith("_"):
            return getattr(obj, key), 1
    return None


def resolve(root: Any, path: str) -> tuple[bool, Any]:
    """Follow a dotted path (`sessions.session-4.venue`) through the knowledge: (found, value)."""
    parts = path.split(".")
    obj = root
    while parts:
        step = _step(obj, parts)
        if step is None:
            return False, None
        obj, used = step
        parts = parts[used:]
    return True, obj


def _contains(actual: Any, needle: Any) -> bool:
    """Words in a text, or in one item of a list; not case-sensitive."""
    items = actual if isinstance(actual, list) else [actual]
    return any(str(needle).casefold() in str(item).casefold() for item in items)


def _record_problems(kb: Knowledge, src: Source, i: int, check: Check) -> list[Problem]:
    assert check.record is not None and check.field is not None
    found, record = resolve(kb, check.record)
    if not found:
        return [src.problem(("checks", i, "record"), f"the check names no record '{check.record}'; check the ids")]
    found, value = resolve(record, check.field)
    if not found:
        return [src.problem(("checks", i, "field"), f"the check names no field '{check.field}' of {check.record}")]
    actual = _plain(value)
    what = f"{check.record} {check.field}"
    if check.equals is not None:
        expected = _plain(check.equals)
        if actual != expected:
            return [
                src.problem(
                    ("checks", i, "equals"),
                    f"{what} is now {actual!r}, not {expected!r} as this check expects: {STALE}",
                )
            ]
        return []
    needle = _plain(check.contains)
    held = all(_contains(actual, n) for n in needle) if isinstance(needle, list) else _contains(actual, needle)
    if not held:
        return [
            src.problem(("checks", i, "contains"), f"{what} no longer contains {needle!r} (it is {actual!r}): {STALE}")
        ]
    return []


def _question_problems(engine: Engine, src: Source, i: int, check: Check) -> list[Problem]:
    assert check.question is not None
    answer = engine.ask(check.question)
    q = check.question
    if not check.answered:
        if answer.answered:
            return [
                src.problem(
                    ("checks", i, "question"),
                    f"the bot now answers {q!r} (as {answer.intent}), which this check says it must not: {STALE}",
                )
            ]
        return []
    if not answer.answered:
        return [
            src.problem(
                ("checks", i, "question"),
                f"the bot no longer answers {q!r} (confidence {answer.confidence:.2f}); "
                "if the question or the answer changed on purpose, update this check",
            )
        ]
    out = []
    for j, pattern in enumerate(check.expect):
        if not re.search(pattern, answer.text, re.IGNORECASE):
            msg = f"the answer to {q!r} no longer matches /{pattern}/: {STALE}"
            out.append(src.problem(("checks", i, "expect", j), msg))
    cited = {c.symbol for c in answer.citations}
    for j, symbol in enumerate(check.cite):
        if symbol not in cited:
            out.append(src.problem(("checks", i, "cite", j), f"the answer to {q!r} no longer cites {symbol}: {STALE}"))
    return out


def run_checks(engine: Engine, src: Source, checks: ChecksFile) -> list[Problem]:
    """Every check that no longer holds, as a problem at its line in checks.yaml."""
    problems: list[Problem] = []
    for i, check in enumerate(checks.checks):
        if check.record is not None:
            problems += _record_problems(engine.kb, src, i, check)
        else:
            problems += _question_problems(engine, src, i, check)
    return problems
