"""Each example edit in docs/maintainers.md, applied as written to a copy of the knowledge, validates
and is answered at once: a maintainer who follows the guide never needs a programmer."""

from __future__ import annotations

import re
from pathlib import Path

from bot.engine import Engine
from bot.settings import PACKAGE_ROOT

GUIDE = (PACKAGE_ROOT / "docs" / "maintainers.md").read_text(encoding="utf-8")


def example(section: str) -> str:
    """The first YAML block under a heading of the guide, as a maintainer would copy it."""
    body = GUIDE.split(f"## {section}\n", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", body, re.S)
    assert match, f"the guide's section {section!r} has no YAML example"
    return match.group(1)


def append(path: Path, block: str) -> None:
    """Add an entry at the end of the file's last list, as the guide says."""
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + block, encoding="utf-8")


def test_add_a_session(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    append(k / "sessions.yaml", example("Add a session"))
    answer = Engine.from_dirs(k, i).ask("when is the seventh session")
    assert answer.answered and "1–12 February 2027" in answer.text


def test_change_a_bureau_member(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    seat = example("Change a bureau member")
    seat_id = re.search(r"- id: (\S+)", seat)
    assert seat_id
    path = k / "bureau.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(n for n, line in enumerate(lines) if f"id: {seat_id.group(1)}," in line)
    lines[n] = seat  # the one-line vacant seat becomes the guide's filled one
    path.write_text("".join(lines), encoding="utf-8")
    answer = Engine.from_dirs(k, i).ask("which seats does the eastern european group hold")
    assert answer.answered and "Jane Example" in answer.text


def test_add_a_document(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    block = example("Add a document")
    symbol = re.search(r"symbol: (\S+)", block)
    assert symbol
    append(k / "documents.yaml", block)
    answer = Engine.from_dirs(k, i).ask(f"what is {symbol.group(1)}")
    assert answer.answered and f"https://undocs.org/{symbol.group(1)}" in answer.text


def test_add_a_phrasing(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    block = example("Add a phrasing")
    new = [line.split("#")[0].strip(" -") for line in block.splitlines() if "← new line" in line]
    assert len(new) == 1
    intent_id = re.search(r"- id: (\S+)", block)
    assert intent_id
    path = next(p for p in i.glob("*.yaml") if f"- id: {intent_id.group(1)}\n" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {intent_id.group(1)}\n")
    at = text.index("    examples:\n", start) + len("    examples:\n")
    path.write_text(text[:at] + f"      - {new[0]}\n" + text[at:], encoding="utf-8")
    engine = Engine.from_dirs(k, i)
    assert new[0] in engine.by_id[intent_id.group(1)].examples
    answer = engine.ask(new[0].replace("<session>", "fourth session"))
    assert answer.intent == intent_id.group(1)
