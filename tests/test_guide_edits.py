"""Each example edit in docs/maintainers.md, applied as written to a copy of the knowledge, validates
and is answered at once: a maintainer who follows the guide never needs a programmer."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from bot.checks import load_checks, run_checks
from bot.engine import Engine
from bot.kb.messages import kind_of
from bot.settings import PACKAGE_ROOT

GUIDE = (PACKAGE_ROOT / "docs" / "maintainers.md").read_text(encoding="utf-8")


def examples(section: str) -> list[str]:
    """The YAML blocks under a heading of the guide, as a maintainer would copy them."""
    body = GUIDE.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    blocks = [b for b in re.findall(r"```yaml\n(.*?) *```", body, re.S)]
    assert blocks, f"the guide's section {section!r} has no YAML example"
    return blocks


def example(section: str) -> str:
    """The first YAML block under a heading of the guide."""
    return examples(section)[0]


def replace_seat(path: Path, seat: str) -> None:
    """Put the guide's seat in place of the seat with the same id, indented as the file's seats."""
    seat_id = re.search(r"- id: (\S+)", seat)
    assert seat_id
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(n for n, line in enumerate(lines) if f"id: {seat_id.group(1)}," in line)
    lines[n] = textwrap.indent(textwrap.dedent(seat), "    ")
    path.write_text("".join(lines), encoding="utf-8")


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
    replace_seat(k / "bureau.yaml", example("Change a bureau member"))
    answer = Engine.from_dirs(k, i).ask("which seats does the eastern european group hold")
    assert answer.answered and "Jane Example" in answer.text


def test_date_one_seat_on_its_own(fixture_copy: tuple[Path, Path]) -> None:
    """The guide's dated seat is said with its own date; the other seats keep the listing's."""
    k, i = fixture_copy
    seat = examples("Change a bureau member")[1]
    replace_seat(k / "bureau.yaml", seat)
    engine = Engine.from_dirs(k, i)
    own = re.search(r"as_of: (\S+)", seat)
    assert own
    said = f"as of {dt.date.fromisoformat(own.group(1)).day} "
    chair = engine.ask("who is the chair")
    assert chair.answered and "Jane Example" in chair.text and said in chair.text
    assert chair.as_of == dt.date.fromisoformat(own.group(1))  # the date under the Discord answer
    estonia = engine.ask("who is the vice-chair from estonia")
    assert estonia.answered and said not in estonia.text
    overview = engine.ask("who is on the bureau")
    chair_line = next(line for line in overview.text.splitlines() if line.startswith("- Chair"))
    assert said in chair_line
    assert sum(said in line for line in overview.text.splitlines()) == 1
    assert overview.as_of is None  # seats of different dates: no one date for the whole listing


def test_add_a_meeting_of_another_body(fixture_copy: tuple[Path, Path]) -> None:
    """A Conference meeting in YAML alone: answered in the Conference's name and in the future
    tense, listed as upcoming, kept out of the Committee's counts; the decline gives way."""
    k, i = fixture_copy
    block = example("Add a meeting of another body")
    start = re.search(r"start: (\S+)", block)
    assert start
    before = Engine.from_dirs(k, i)
    assert not before.ask("when will the conference of the states parties meet").answered
    append(k / "sessions.yaml", block)
    engine = Engine.from_dirs(k, i, check=True)
    engine = type(engine)(engine.kb, engine.intent_set, clock=lambda: dt.date(2026, 12, 1))
    meets = engine.ask("when will the conference of the states parties meet")
    assert meets.answered and meets.intent == "conference.meetings" and "(upcoming)" in meets.text
    dates = engine.ask("when is the first session of the conference of the states parties")
    assert dates.answered and "of the Conference of the States Parties** will take place" in dates.text
    upcoming = engine.ask("upcoming meetings")
    assert upcoming.text.startswith("Coming up in my records:") and "Conference of the States Parties" in upcoming.text
    count = engine.ask("how many negotiating sessions were there")
    counted = before.ask("how many negotiating sessions were there").text.splitlines()[0]
    assert count.answered and count.text.splitlines()[0] == counted
    vienna = engine.ask("which meetings were held in vienna")
    assert "Conference" not in vienna.text
    everything = engine.ask("list all sessions").text
    assert "Meetings of other bodies:" in everything
    assert everything.index("Conference of the States Parties") > everything.index("Meetings of other bodies:")


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


@pytest.fixture
def live_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the shipped knowledge and intents, checks included, as a maintainer edits them."""
    k, i = tmp_path / "knowledge", tmp_path / "intents"
    shutil.copytree(PACKAGE_ROOT / "knowledge", k)
    shutil.copytree(PACKAGE_ROOT / "intents", i)
    return k, i


def validate_problems(k: Path, i: Path) -> list[str]:
    """Everything `validate` refuses: the YAML, every template, and the checks of the facts."""
    engine = Engine.from_dirs(k, i)
    loaded = load_checks(k)
    assert not isinstance(loaded, list)
    return [str(p) for p in run_checks(engine, *loaded)]


@pytest.mark.parametrize(
    ("section", "file", "stale_checks_allowed"),
    [
        ("Add a session", "sessions.yaml", True),  # a seventh negotiating session changes the count
        ("Add a meeting of another body", "sessions.yaml", False),  # the Committee's counts stay
        ("Add a document", "documents.yaml", False),
    ],
)
def test_a_guide_addition_to_the_live_knowledge_validates(
    live_copy: tuple[Path, Path], section: str, file: str, stale_checks_allowed: bool
) -> None:
    """An addition the guide shows passes `validate` on the shipped knowledge, or leaves only the
    checks of facts it changed, which `validate` names for the maintainer to update."""
    k, i = live_copy
    append(k / file, example(section))
    left = validate_problems(k, i)
    if stale_checks_allowed:
        assert all(is_stale_check(p) for p in left), left
    else:
        assert left == []


def test_a_seat_edit_of_the_live_knowledge_only_asks_for_its_checks(live_copy: tuple[Path, Path]) -> None:
    """Filling a seat may leave checks of that seat stale, as the guide says; nothing else breaks."""
    k, i = live_copy
    for seat in examples("Change a bureau member"):
        replace_seat(k / "bureau.yaml", seat)
    left = validate_problems(k, i)
    assert all(is_stale_check(p) for p in left), left


def is_stale_check(message: str) -> bool:
    kind = kind_of(message)
    return kind is not None and kind.code == "stale-check"
