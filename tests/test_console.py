"""The console (`python -m bot shell`) driven through a real terminal: commands, rendering, Ctrl-C."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from bot.console import COMMANDS, silence_reason
from bot.engine import Engine
from bot.settings import PACKAGE_ROOT
from tests.conftest import FIXTURE_INTENTS, FIXTURE_KNOWLEDGE

DATA = ["--knowledge", str(FIXTURE_KNOWLEDGE), "--intents", str(FIXTURE_INTENTS)]
CHATTER = "the fourth session in Vienna was intense lol"


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "HOME": str(tmp_path), "DATABASE_PATH": str(tmp_path / "q.sqlite3"), **extra}


@pytest.fixture
def console(tmp_path: Path) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bot", "shell", *DATA],
        cwd=str(PACKAGE_ROOT),
        env=env(tmp_path),
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 160),
    )
    child.expect_exact("ask> ")
    yield child
    child.close(force=True)


def test_help_and_unknown_commands_are_not_questions(console: pexpect.spawn) -> None:
    console.sendline(":help")
    console.expect_exact("ask> ")
    for cmd, what in COMMANDS.items():
        assert cmd in console.before and what in console.before
    console.sendline(":frobnicate")
    console.expect_exact("ask> ")
    assert "unknown command ':frobnicate'" in console.before
    assert ":channel" in console.before
    assert "I don't know" not in console.before


def test_answers_render_discord_markdown(console: pexpect.spawn, fixture_engine: Engine) -> None:
    question = "when was the convention adopted"
    raw = fixture_engine.ask(question).text
    bold = re.findall(r"\*\*(.+?)\*\*", raw)
    assert bold, "the fixture answer has bold text to render"
    console.sendline(question)
    console.expect_exact("ask> ")
    shown = console.before.split(question, 1)[1]
    assert "**" not in shown
    assert all(b in shown for b in bold)
    assert "Sources:" in shown


def test_channel_mode_shows_silence_and_why(console: pexpect.spawn) -> None:
    console.sendline(":channel")
    console.expect_exact("channel> ")
    console.sendline(CHATTER)
    console.expect_exact("channel> ")
    assert "in a FAQ channel the bot would stay silent: not a question" in console.before
    assert "I don't know" not in console.before


def test_ctrl_c_clears_the_line_and_the_console_goes_on(console: pexpect.spawn) -> None:
    console.send("these words are never asked")
    console.expect_exact("asked")  # echoed: the line editor is reading, as when a person types
    console.sendintr()
    console.expect_exact("ask> ")
    console.sendline(":help")  # had the line survived, this would be one long question
    console.expect_exact("ask> ")
    assert "list these commands" in console.before
    assert "not answered" not in console.before


def test_empty_line_prints_nothing_and_ctrl_d_leaves(console: pexpect.spawn) -> None:
    console.sendline("")
    console.expect_exact("ask> ")
    assert console.before.strip() == ""
    console.sendeof()
    console.expect(pexpect.EOF)
    console.close()
    assert console.exitstatus == 0


def shell(tmp_path: Path, lines: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "shell", *DATA],
        input=lines,
        capture_output=True,
        text=True,
        cwd=PACKAGE_ROOT,
        env=env(tmp_path, **extra),
        timeout=120,
    )


def report(tmp_path: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "report"],
        capture_output=True,
        text=True,
        cwd=PACKAGE_ROOT,
        env=env(tmp_path, KNOWLEDGE_DIR=str(FIXTURE_KNOWLEDGE), INTENTS_DIR=str(FIXTURE_INTENTS)),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_questions_asked_in_the_shell_appear_in_the_report(tmp_path: Path) -> None:
    proc = shell(tmp_path, "what is the weather in paris?\n:channel\n" + CHATTER + "\n:quit\n")
    assert proc.returncode == 0, proc.stderr
    listed = report(tmp_path)
    assert "'what is the weather in paris?'  ×1" in listed
    assert CHATTER not in listed  # like a FAQ channel: remarks that are not questions are not logged


def test_no_questions_are_logged_when_log_questions_is_off(tmp_path: Path) -> None:
    proc = shell(tmp_path, "what is the weather in paris?\n", LOG_QUESTIONS="false")
    assert proc.returncode == 0, proc.stderr
    assert "(none logged)" in report(tmp_path)


def test_silence_reasons(fixture_engine: Engine) -> None:
    unsure = fixture_engine.ask("what is the weather in paris?", "channel")
    assert unsure.reads_as_question and not unsure.answered
    assert silence_reason(unsure, 0.6, 0.05) == f"not sure enough (confidence {unsure.confidence:.2f} < 0.60)"
    assert silence_reason(fixture_engine.ask(CHATTER, "channel"), 0.6, 0.05) == "not a question"
