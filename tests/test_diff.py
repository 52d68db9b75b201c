"""`python -m bot diff`: which answers an edit changes, before it goes live."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.diff import compare
from bot.engine import Engine
from bot.settings import PACKAGE_ROOT

from .kb.test_loader import seed


def move_fourth_session_to_new_york(kdir: Path) -> None:
    """A maintainer's edit: the venue of one session."""
    path = kdir / "sessions.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: session-4\n")
    at = text.index("    venue: vienna\n", start)
    path.write_text(text[:at] + "    venue: new-york\n" + text[at + len("    venue: vienna\n") :], encoding="utf-8")


def test_compare_lists_only_the_answers_the_edit_changes(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    before = Engine.from_dirs(k, i)
    move_fourth_session_to_new_york(k)
    after = Engine.from_dirs(k, i)
    asked = ["where was the fourth session held", "when was the convention adopted", "best pizza in new york?"]
    diff = compare(before, after, asked)
    assert [c.question for c in diff.changed] == ["where was the fourth session held"]
    assert diff.changed[0].before == diff.changed[0].after == "session.venue"
    assert not diff.stopped and not diff.started
    assert "1 answers change, 0 questions stop being answered" in diff.summary()


def test_an_intent_edit_that_loses_questions_shows_what_stopped_or_changed(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    before = Engine.from_dirs(k, i)
    # an edit in the wrong place: the chair's answer marked as one the sources cannot give
    line = "    default_slots: {position: chair}\n"
    seed(i / "bureau.yaml", line, line + "    decline: true\n")
    after = Engine.from_dirs(k, i)
    asked = ["when was the fourth session held", "when was the convention adopted", "who is the chair"]
    diff = compare(before, after, asked)
    moved = {c.question for c in diff.changed + diff.stopped}
    assert moved == {"who is the chair"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Maintainer", "-c", "user.email=m@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def checkout(fixture_copy: tuple[Path, Path]) -> Path:
    """A git checkout holding the fixture knowledge, committed."""
    repo = fixture_copy[0].parent
    git(repo, "init", "-q")
    git(repo, "add", "knowledge", "intents")
    git(repo, "commit", "-q", "-m", "knowledge as it is live")
    return repo


def bot(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    data = ["--knowledge", str(repo / "knowledge"), "--intents", str(repo / "intents")]
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, *data],
        cwd=PACKAGE_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(repo), "DATABASE_PATH": str(repo / "none.sqlite3")},
    )


def test_diff_and_validate_show_an_uncommitted_edit(checkout: Path) -> None:
    clean = bot(checkout, "validate")
    assert clean.returncode == 0, clean.stderr
    assert "Changes     against the last commit: No answer changes" in clean.stdout

    move_fourth_session_to_new_york(checkout / "knowledge")
    proc = bot(checkout, "diff")
    assert proc.returncode == 0, proc.stderr
    assert "Answers that change:" in proc.stdout
    assert "fourth session" in proc.stdout.split("Answers that change:")[1]
    assert "Changes     against the last commit: " in bot(checkout, "validate").stdout


def test_diff_against_an_unknown_revision_is_one_line(checkout: Path) -> None:
    proc = bot(checkout, "diff", "--against", "no-such-ref")
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: cannot read the knowledge at no-such-ref")
    assert len(proc.stderr.strip().splitlines()) == 1
