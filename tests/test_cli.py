"""The CLI contract that the acceptance checks rely on: `python -m bot ask --json --mode ...`.

Every command here reads the frozen fixture knowledge (tests/fixtures/), never the live facts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.engine import Engine
from bot.settings import PACKAGE_ROOT
from tests.conftest import FIXTURE_INTENTS, FIXTURE_KNOWLEDGE

DATA = ("--knowledge", str(FIXTURE_KNOWLEDGE), "--intents", str(FIXTURE_INTENTS))

KEYS = {"question", "answered", "intent", "confidence", "answer", "citations", "suggestions", "entities"}


def ask(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "ask", *DATA, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PACKAGE_ROOT,
        timeout=120,
    )


def test_batch_on_stdin_gives_one_json_line_per_question_in_order() -> None:
    questions = ["When was the convention adopted?", "", "best pizza in new york?", "4th session venue"]
    proc = ask("--json", "--mode", "ask", stdin="\n".join(questions) + "\n")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == len(questions)
    objs = [json.loads(line) for line in lines]
    assert [o["question"] for o in objs] == questions
    for o in objs:
        assert set(o) == KEYS
        assert isinstance(o["confidence"], float) and 0 <= o["confidence"] <= 1
        for c in o["citations"]:
            assert set(c) == {"symbol", "title", "url", "pinpoint"}
        for s in o["suggestions"]:
            assert set(s) == {"intent", "question"}
    assert objs[0]["answered"] and objs[0]["intent"] == "convention.adoption"
    assert objs[0]["citations"][0]["symbol"] == "A/RES/79/243"
    assert not objs[1]["answered"] and objs[1]["intent"] is None and objs[1]["answer"]
    assert not objs[2]["answered"] and objs[2]["intent"] is None
    assert objs[3]["entities"]["session"] == "session-4"


def chair_status(engine: Engine) -> str:
    return next(s.status for s in engine.kb.current.seats if s.id == "chair")


def test_question_argument(fixture_engine: Engine) -> None:
    proc = ask("--json", "who", "is", "the", "chairperson")
    obj = json.loads(proc.stdout)
    assert obj["question"] == "who is the chairperson"
    assert obj["answered"] and chair_status(fixture_engine) in obj["answer"]


def test_plain_output_shows_sources() -> None:
    proc = ask("When was the convention adopted?")
    assert "24 December 2024" in proc.stdout
    assert "Sources:" in proc.stdout and "https://undocs.org/A/RES/79/243" in proc.stdout


def test_channel_mode_ignores_chatter() -> None:
    proc = ask("--json", "--mode", "channel", stdin="the fourth session in Vienna was intense lol\n")
    assert json.loads(proc.stdout)["answered"] is False


@pytest.mark.parametrize(
    "hostile",
    [
        "x" * 100_000,
        "\x00\x01\x02 when was the convention adopted \x7f",
        "🤖🔥 when was the convention adopted? 🇺🇳",
        "متى تم اعتماد الاتفاقية؟ \u202e reversed",
        "{{ 7*7 }} {% for x in range(10**9) %}x{% endfor %}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "**bold** `code` [link](http://x) @everyone <@123>",
        "A/RES/" * 5000,
        "\u200b\u200d\u0301\u0301\u0301",
    ],
)
def test_hostile_input_gets_valid_json_and_nothing_is_evaluated(hostile: str) -> None:
    proc = ask("--json", stdin=hostile + "\n")
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    (line,) = proc.stdout.splitlines()
    obj = json.loads(line)
    assert set(obj) == KEYS
    assert "49" not in obj["answer"]
    assert "subclasses" not in obj["answer"]
    assert len(obj["answer"]) <= 4000


def test_intents_json_lists_examples() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "intents", "--json", *DATA],
        capture_output=True,
        text=True,
        cwd=PACKAGE_ROOT,
        timeout=120,
    )
    data = json.loads(proc.stdout)
    assert "convention.adoption" in data
    assert all(isinstance(v, list) and v for v in data.values())


def test_eval_prints_accuracy_rejection_and_sweep() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "eval", *DATA], capture_output=True, text=True, cwd=PACKAGE_ROOT, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert "held-out phrasings answered correctly" in proc.stdout
    assert "out-of-scope rejected" in proc.stdout
    assert "recommended for ask: ANSWER_THRESHOLD=" in proc.stdout
    assert "recommended for channel: CHANNEL_THRESHOLD=" in proc.stdout


def test_batch_of_430_hostile_questions_gets_430_json_answers() -> None:
    import random

    rng = random.Random(430)
    pieces = [
        "{{ 7*7 }}",
        "{% raw %}",
        "\x00",
        "\x1b[2J",
        "\u202e",
        "\u200b",
        "\u0301" * 5,
        "A/RES/",
        "79/243",
        "**",
        "`",
        "@everyone",
        "<@&1>",
        "🙂",
        "مرحبا",
        "日本",
        "x" * 3000,
        "session",
        "vice-chair",
        "?",
        "'; DROP TABLE questions; --",
        "../../etc/passwd",
        "%s%s%n",
        "${jndi:ldap://x}",
        "\\u0000",
    ]
    questions = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(430)]
    proc = ask("--json", stdin="\n".join(questions) + "\n")
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 430
    for line, q in zip(lines, questions, strict=True):
        obj = json.loads(line)
        assert set(obj) == KEYS and obj["question"] == q
        if not obj["answered"]:  # answered text comes from the knowledge only; fallbacks never evaluate {{ 7*7 }}
            assert "49" not in obj["answer"]


def test_shell_answers_with_sources_and_switches_mode(tmp_path, fixture_engine: Engine) -> None:  # type: ignore[no-untyped-def]
    import os

    proc = subprocess.run(
        [sys.executable, "-m", "bot", "shell", *DATA],
        input="who is the chair\n:channel\nlol vienna\n:quit\n",
        capture_output=True,
        text=True,
        cwd=PACKAGE_ROOT,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path), "DATABASE_PATH": str(tmp_path / "q.sqlite3")},
    )
    assert proc.returncode == 0
    assert chair_status(fixture_engine) in proc.stdout
    assert "Sources:" in proc.stdout and "UNODC AHC 2021 page" in proc.stdout
    assert "channel> " in proc.stdout
    assert "(in a FAQ channel the bot would stay silent: not a question)" in proc.stdout
