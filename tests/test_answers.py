"""Answer content, not just the intent: dates, names and citations in the acceptance format."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.evaluate import Case, file_cases, run_case

CASES = file_cases(Path(__file__).parent / "data" / "answers.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c.question[:60] for c in CASES])
def test_answer_content(engine: Engine, case: Case) -> None:
    outcome = run_case(engine, case)
    answer = engine.ask(case.question, case.mode)
    assert outcome.passed, f"{case.checks} | answered={answer.answered} | {answer.text[:300]}"
