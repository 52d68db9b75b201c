"""`python -m bot report`: unanswered questions grouped, 👎 answers, nearest intent, YAML to paste."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from bot.engine import Engine
from bot.report import group_similar, render_report
from bot.settings import PACKAGE_ROOT
from bot.store import Store
from tests.conftest import FIXTURE_INTENTS, FIXTURE_KNOWLEDGE


def test_similar_questions_are_grouped_largest_first() -> None:
    groups = group_similar(
        ["where was session 4", "where was session 4?", "Where was session 4 held", "pizza", "who chairs"]
    )
    assert len(groups[0].questions) == 3
    assert {g.head for g in groups[1:]} == {"pizza", "who chairs"}


async def test_report_lists_unanswered_and_downvoted_with_pasteable_yaml(
    fixture_engine: Engine, tmp_path: Path
) -> None:
    engine = fixture_engine
    async with await Store.open(tmp_path / "s.sqlite3") as store:
        for q in ("which city hosted the 4th session bash", "which city hosted the 4th session bash?"):
            await store.log_question(
                guild_id=1, channel_id=2, user_id=3, question=q, intent=None, confidence=0.3, answered=False, mode="ask"
            )
        qid = await store.log_question(
            guild_id=1,
            channel_id=2,
            user_id=3,
            question="who is the chair",
            intent="bureau.chair",
            confidence=0.9,
            answered=True,
            mode="ask",
        )
        await store.add_feedback(qid, 4, -1, None)
        text = render_report(engine, await store.unanswered(), await store.downvoted(), 20)
    assert "'which city hosted the 4th session bash'  ×2" in text or "×2" in text
    assert "nearest intent: session.venue" in text
    assert "answered as bureau.chair" in text
    snippet = next(line for line in text.splitlines() if line.strip().startswith('- "which city'))
    assert yaml.safe_load(snippet.strip()) == ["which city hosted the 4th session bash?"] or yaml.safe_load(
        snippet.strip()
    ) == ["which city hosted the 4th session bash"]


def test_report_cli_runs_on_an_empty_database(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_PATH": str(tmp_path / "empty.sqlite3"),
        "KNOWLEDGE_DIR": str(FIXTURE_KNOWLEDGE),
        "INTENTS_DIR": str(FIXTURE_INTENTS),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "report"], capture_output=True, text=True, env=env, cwd=PACKAGE_ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "# Questions the bot could not answer" in proc.stdout and "(none logged)" in proc.stdout
