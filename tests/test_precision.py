"""The precision set (tests/data/precision.yaml) through the CLI contract, as the acceptance grader
runs it: every answer says what was asked, and no `reject:` pattern matches."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import PACKAGE_ROOT

CASES_FILE = Path(__file__).resolve().parent / "data" / "precision.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def span_pattern(a: dt.date, b: dt.date) -> str:
    """The bot's own spans ('9–20 January 2023', '30 May to 10 June 2022'); grade.py allows more."""
    if (a.year, a.month) == (b.year, b.month):
        return rf"\b{a.day}\s*(?:–|-|to)\s*{b.day} {MONTHS[b.month - 1]} {b.year}"
    return rf"\b{a.day} {MONTHS[a.month - 1]}(?: {a.year})? to {b.day} {MONTHS[b.month - 1]} {b.year}"


def shortfalls(case: dict[str, Any], out: dict[str, Any]) -> list[str]:
    """Why an answer falls short of its case (empty: it passes)."""
    why: list[str] = []
    want = case.get("answered", True)
    if want != "any" and bool(out["answered"]) != want:
        return [f"answered={out['answered']} want {want}"]
    text = out["answer"]
    why += [f"missing /{rx}/" for rx in case.get("expect", []) if not re.search(rx, text, re.I)]
    why += [f"says /{rx}/" for rx in case.get("reject", []) if re.search(rx, text, re.I)]
    if case.get("expect_any") and not any(re.search(rx, text, re.I) for rx in case["expect_any"]):
        why.append(f"none of {case['expect_any']}")
    why += [f"missing range {a}..{b}" for a, b in case.get("ranges", []) if not re.search(span_pattern(a, b), text)]
    cited = {c["symbol"] for c in out["citations"]}
    pinned = {f"{c['symbol']}, {c['pinpoint']}" for c in out["citations"] if c["pinpoint"]}
    why += [f"not cited {s}" for s in case.get("cite", []) if s not in cited]
    why += [f"cites {s}" for s in case.get("not_cite", []) if s in cited]
    why += [f"not cited {p}" for p in case.get("cite_pinpoint", []) if p not in pinned]
    return why


@pytest.fixture(scope="module")
def answers() -> dict[str, dict[str, Any]]:
    """All cases in one run of `python -m bot ask --json`, one question per line, as grade.py does."""
    questions = [str(c["q"]) for c in CASES]
    run = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--mode", "ask"],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        cwd=PACKAGE_ROOT,
        timeout=300,
        check=True,
    )
    outs = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(outs) == len(CASES), run.stderr[-2000:]
    return {c["id"]: out for c, out in zip(CASES, outs, strict=True)}


def test_every_point_of_the_issue_has_two_phrasings() -> None:
    points = [int(m.group(1)) for c in CASES if (m := re.match(r"p(\d+)-", c["id"]))]
    assert {p for p in points if points.count(p) >= 2} == set(range(1, 16))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_precision_case(case: dict[str, Any], answers: dict[str, dict[str, Any]]) -> None:
    out = answers[case["id"]]
    assert not shortfalls(case, out), f"{case['q']!r} -> {out['answer']!r}"


def test_the_checker_catches_a_misleading_answer() -> None:
    """The checker itself fails an answer that breaks a `reject:` or `not_cite:` rule."""
    case = {"q": "who is the chair", "reject": ["as of"], "not_cite": ["X"], "cite_pinpoint": ["Y, art. 1"]}
    out = {"answered": True, "answer": "Vacant (as of 1 May 2025).", "citations": [{"symbol": "X", "pinpoint": None}]}
    assert shortfalls(case, out) == ["says /as of/", "cites X", "not cited Y, art. 1"]
