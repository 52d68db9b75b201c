"""`python -m bot report`: unanswered questions grouped, 👎 answers, nearest intent, YAML to paste."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from bot.engine import Engine
from bot.propose import preview, propose
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


async def test_report_lists_unanswered_and_downvoted_with_previewed_proposals(
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
        text = render_report(
            engine, await store.unanswered(), await store.downvoted(), 20, (FIXTURE_KNOWLEDGE, FIXTURE_INTENTS)
        )
    assert re.search(r"^- 'which city hosted the 4th session bash\??'  ×2$", text, re.M), text
    assert "nearest intent: session.venue" in text
    assert "proposal: add an example to session.venue" in text
    snippet = next(line for line in text.splitlines() if line.strip().startswith('- "which venue'))
    assert yaml.safe_load(snippet.strip()) == [
        "which venue hosted the <session> bash"
    ]  # as the bot reads it: city is a venue
    assert "preview: 2/2 of these answered; elsewhere: " in text
    assert "answered as bureau.chair" in text


def test_an_unknown_word_close_to_a_known_one_is_proposed_as_a_synonym(fixture_engine: Engine) -> None:
    question = "when was the 4th zession"
    assert not fixture_engine.ask(question).answered
    proposal = propose(fixture_engine, question)
    assert (proposal.kind, proposal.target, proposal.text) == ("synonym", "session", "zession")
    seen = preview(fixture_engine, FIXTURE_KNOWLEDGE, FIXTURE_INTENTS, proposal, [question])
    assert (seen.answered, seen.total) == (1, 1)
    assert seen.diff.empty


def test_a_question_about_another_body_is_proposed_for_the_refusals(fixture_engine: Engine) -> None:
    proposal = propose(fixture_engine, "when was the budapest convention signed")
    assert proposal.kind == "out_of_scope"
    assert "out_of_scope:" in proposal.snippet and '"when was the budapest convention signed"' in proposal.snippet


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
