"""`python -m bot eval`: accuracy on held-out phrasings, rejection of out-of-scope questions,
confused pairs, and a threshold sweep that recommends ANSWER_THRESHOLD / margins per mode."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import yaml

from bot.answers.answer import Answer
from bot.answers.render import fmt_date, fmt_span
from bot.engine import Engine, Mode
from bot.kb.kinds import phrases_of, values_of
from bot.nlu.decide import Signals, Thresholds, decide

OUT_OF_SCOPE_FILE = "out_of_scope.yaml"
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(13)]
MARGINS = [0.0, 0.02, 0.05, 0.08, 0.12]
TARGET_REJECTION = {"ask": 0.95, "channel": 0.99}


@dataclass(frozen=True)
class Case:
    question: str
    mode: Mode
    intent: str | None
    """Expected intent; None for a question that must not be answered."""
    slots: dict[str, str] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    """Acceptance-format checks (expect, cite, ...) for cases read from files."""


@dataclass
class Outcome:
    case: Case
    answered: bool
    intent: str | None
    passed: bool
    top_intent: str | None
    top: float
    second: float
    signals: Signals
    """What the decision read; the threshold sweep replays the same decision on it."""


@dataclass
class Report:
    outcomes: list[Outcome]
    sweeps: dict[str, list[tuple[float, float, float, float]]]
    recommended: dict[str, tuple[float, float, float, float]]


def held_out_cases(engine: Engine) -> list[Case]:
    cases: list[Case] = []
    for intent in engine.intents:
        for k, text in enumerate(intent.tests):
            slots = re.findall(r"<(\w+)>", text)
            if not slots:
                cases.append(Case(text, "ask", intent.id))
                continue
            kind = slots[0]
            values = values_of(engine.kb, kind)
            # Rotate through the values so every test phrasing meets different entities.
            for j in range(min(3, len(values))):
                value = values[(k * 3 + j * 5) % len(values)]
                phrases = phrases_of(engine.kb, kind, value)
                phrase = phrases[j % len(phrases)]
                q = text.replace(f"<{kind}>", phrase)
                cases.append(Case(q, "ask", intent.id, {kind: value}))
    return cases


def out_of_scope_cases(intents_dir: Path | None) -> list[Case]:
    if intents_dir is None:
        return []
    path = intents_dir / OUT_OF_SCOPE_FILE
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cases = [Case(str(q), "ask", None) for q in data.get("out_of_scope", [])]
    cases += [Case(str(q), "channel", None) for q in data.get("chatter", [])]
    cases += [Case(str(q), "channel", None) for q in data.get("out_of_scope", [])]
    return cases


def file_cases(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for c in data.get("cases", []):
        if "q" not in c:
            continue
        want = c.get("answered", True)
        if want == "any":
            continue  # either answering or declining is right: nothing to score
        checks = {k: c[k] for k in ("expect", "expect_any", "cite", "cite_any", "dates", "ranges", "reject") if k in c}
        out.append(Case(str(c["q"]), c.get("mode", "ask"), "*" if want else None, checks=checks))
    return out


def check_answer(case: Case, text: str, cited: set[str]) -> bool:
    """Does an answer pass a file case's checks (the acceptance format's fields)?"""
    ch = case.checks
    if any(re.search(rx, text, re.I) for rx in ch.get("reject", [])):
        return False
    if any(not re.search(rx, text, re.I) for rx in ch.get("expect", [])):
        return False
    if ch.get("expect_any") and not any(re.search(rx, text, re.I) for rx in ch["expect_any"]):
        return False
    if any(s.upper() not in cited for s in ch.get("cite", [])):
        return False
    if ch.get("cite_any") and not cited & {s.upper() for s in ch["cite_any"]}:
        return False
    if any(fmt_date(d) not in text for d in ch.get("dates", [])):
        return False
    return all(fmt_span(a, b) in text for a, b in ch.get("ranges", []))


def answer_passes(case: Case, answer: Answer) -> bool:
    """Does an answer pass a file case's checks, with the symbols it cites?"""
    return check_answer(case, answer.text, {c.symbol.upper() for c in answer.citations})


def run_case(engine: Engine, case: Case) -> Outcome:
    ans = engine.ask(case.question, case.mode)
    analysis = engine.analyze(case.question)
    ranked = engine.rank(analysis)
    top = ranked[0].confidence if ranked else 0.0
    top_intent = ranked[0].intent.id if ranked else None
    second = next((r.confidence for r in ranked[1:] if r.intent.id != top_intent), 0.0)
    if case.intent is None:
        passed = not ans.answered
    elif case.intent == "*":
        passed = ans.answered and answer_passes(case, ans)
    else:
        passed = ans.matched == case.intent and all(ans.entities.get(k) == v for k, v in case.slots.items())
    signals = engine.signals(analysis, ranked, case.mode)
    return Outcome(case, ans.answered, ans.matched, passed, top_intent, top, second, signals)


def _sweep(outcomes: list[Outcome], mode: str) -> list[tuple[float, float, float, float]]:
    """(threshold, margin, accuracy, rejection) for every candidate pair."""
    rows = []
    ins = [o for o in outcomes if o.case.intent not in (None, "*")]
    if mode == "channel":
        ins = [o for o in ins if o.signals.reads_as_question and not o.signals.chatter]
    oos = [o for o in outcomes if o.case.intent is None and o.case.mode == mode]

    def accepts(o: Outcome, t: float, m: float) -> bool:
        signals = replace(o.signals, reads_as_question=o.signals.reads_as_question or mode == "ask")
        return decide(signals, mode, Thresholds(t, m, t, m)).answer  # type: ignore[arg-type]

    for t in THRESHOLDS:
        for m in MARGINS:
            acc = sum(o.top_intent == o.case.intent and accepts(o, t, m) for o in ins)
            rej = sum(not accepts(o, t, m) for o in oos)
            rows.append((t, m, acc / max(1, len(ins)), rej / max(1, len(oos))))
    return rows


def _recommend(rows: list[tuple[float, float, float, float]], target: float) -> tuple[float, float, float, float]:
    good = [r for r in rows if r[3] >= target]
    if good:
        return max(good, key=lambda r: (r[2], r[3], -r[0]))
    return max(rows, key=lambda r: (r[3], r[2]))


def evaluate(engine: Engine, files: list[Path]) -> Report:
    cases = held_out_cases(engine) + out_of_scope_cases(engine.intent_set.directory)
    for f in files:
        cases += file_cases(f)
    outcomes = [run_case(engine, c) for c in cases]
    sweeps = {mode: _sweep(outcomes, mode) for mode in ("ask", "channel")}
    recommended = {mode: _recommend(rows, TARGET_REJECTION[mode]) for mode, rows in sweeps.items()}
    return Report(outcomes, sweeps, recommended)


def print_report(report: Report, out: TextIO) -> None:
    outs = report.outcomes
    held = [o for o in outs if o.case.intent not in (None, "*")]
    accept = [o for o in outs if o.case.intent == "*"]
    oos = [o for o in outs if o.case.intent is None]

    def pct(part: int, whole: int) -> str:
        return f"{part}/{whole} ({part / whole:.0%})" if whole else "0/0"

    print(f"held-out phrasings answered correctly: {pct(sum(o.passed for o in held), len(held))}", file=out)
    if accept:
        print(
            f"acceptance-file questions passing:     {pct(sum(o.passed for o in accept), len(accept))}",
            file=out,
        )
    for mode in ("ask", "channel"):
        part = [o for o in oos if o.case.mode == mode]
        if part:
            print(
                f"out-of-scope rejected ({mode:7}):       {pct(sum(o.passed for o in part), len(part))}",
                file=out,
            )
    confused: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for o in held:
        if not o.passed and o.intent and o.intent != o.case.intent:
            key = (o.case.intent or "", o.intent)
            confused[key] += 1
            examples.setdefault(key, o.case.question)
    if confused:
        print("\nconfused pairs:", file=out)
        for (want, got), n in confused.most_common(15):
            print(f"  {want} confused with {got} ({n}x): {examples[(want, got)]}", file=out)
    missed = [o for o in outs if not o.passed and not (o.case.intent and o.intent and o.intent != o.case.intent)]
    if missed:
        print("\nnot passing:", file=out)
        for o in missed[:25]:
            want = o.case.intent or "(reject)"
            print(
                f"  [{o.case.mode}] {o.case.question!r}: want {want}, got {o.intent or 'no answer'} "
                f"(top {o.top_intent} {o.top:.2f}, next {o.second:.2f})",
                file=out,
            )
    print("\nthreshold sweep (accuracy on held-out / rejection of out-of-scope):", file=out)
    for mode, rows in report.sweeps.items():
        print(f"  {mode}:", file=out)
        for t, m, acc, rej in rows:
            if m in (0.0, 0.05):
                print(f"    threshold {t:.2f} margin {m:.2f}: accuracy {acc:.0%}, rejection {rej:.0%}", file=out)
    for mode, (t, m, acc, rej) in report.recommended.items():
        name = "ANSWER" if mode == "ask" else "CHANNEL"
        print(
            f"recommended for {mode}: {name}_THRESHOLD={t:.2f} {name}_MARGIN={m:.2f} "
            f"(accuracy {acc:.0%}, rejection {rej:.0%})",
            file=out,
        )
