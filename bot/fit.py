"""Fit the scoring weights on data, and measure them honestly with k-fold cross-validation.

Every labelled question (each intent example with its slots filled, each held-out `tests:`
phrasing, each out-of-scope question) falls into one of K folds. A fold's questions are scored
against an index that leaves that fold's examples out, so an example never matches itself. The
cross-validated accuracy fits the weights on the other folds and answers the fold's questions:
an honest estimate of how a stranger's phrasing fares. `python -m bot fit` writes the weights fitted
on every fold to intents/model.yaml.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

import yaml

from bot.engine import Engine
from bot.evaluate import Case, answer_passes, file_cases, held_out_cases, out_of_scope_cases, run_case
from bot.kb.kinds import phrases_of, values_of
from bot.kb.loader import MODEL_FILE
from bot.nlu.decide import Signals, Thresholds, decide
from bot.nlu.model import FEATURES, LogisticModel, fit

THRESHOLDS = [round(0.2 + 0.05 * i, 2) for i in range(13)]
MARGINS = [0.0, 0.02, 0.05]
TARGET_REJECTION = 0.97

FOLDS = 5
L2 = 1.0


@dataclass(frozen=True)
class Row:
    fold: int
    case: Case
    candidates: tuple[tuple[str, dict[str, float], dict[str, str]], ...]
    """(intent id, features, slots) of each candidate the engine considered."""
    example: tuple[str, int] | None = None
    """(intent id, example number) of a question that is an intent's example: its fold leaves it out
    of the index."""
    probe: bool = False
    """A question from a probe file: it measures the weights and sets the thresholds, never fits weights."""
    passing: tuple[bool, ...] = ()
    """For a probe question the bot must answer: which candidates' answers pass its checks."""

    def labels(self) -> list[int]:
        return [int(self._right(intent, slots)) for intent, _, slots in self.candidates]

    def right(self, k: int) -> bool:
        """Is candidate k a right answer (for a probe question: does its answer pass the checks)?"""
        if self.case.intent == "*":
            return self.passing[k]
        return self._right(*self.candidates[k][::2])

    def _right(self, intent: str, slots: dict[str, str]) -> bool:
        return intent == self.case.intent and all(slots.get(k) == v for k, v in self.case.slots.items())


def example_cases(engine: Engine) -> list[tuple[Case, tuple[str, int]]]:
    """Each intent example as a question, slots filled with real names (rotating through them)."""
    out: list[tuple[Case, tuple[str, int]]] = []
    for intent in engine.intents:
        for k, text in enumerate(intent.examples):
            slots = re.findall(r"<(\w+)>", text)
            filled: dict[str, str] = {}
            q = text
            for n, kind in enumerate(dict.fromkeys(slots)):
                values = values_of(engine.kb, kind)
                if not values:
                    break
                value = values[(k * 7 + n * 3) % len(values)]
                phrases = phrases_of(engine.kb, kind, value)
                q = q.replace(f"<{kind}>", phrases[k % len(phrases)])
                filled[kind] = value
            else:
                out.append((Case(q, "ask", intent.id, filled), (intent.id, k)))
    return out


def _fold(text: str) -> int:
    return zlib.crc32(text.encode()) % FOLDS


def _passing(
    engine: Engine, case: Case, candidates: Sequence[tuple[str, dict[str, float], dict[str, str]]]
) -> tuple[bool, ...]:
    """Which candidates' answers pass a probe question's checks (expect, dates, reject, ...)."""
    out = []
    for intent_id, _, slots in candidates:
        intent = engine.by_id[intent_id]
        if intent.decline or not all(k in slots for k in intent.requires):
            out.append(False)
            continue
        out.append(answer_passes(case, engine.render(intent_id, slots, case.question)))
    return tuple(out)


def collect(engine: Engine, probe_files: Sequence[Path] = ()) -> list[Row]:
    """Score every labelled question against the index of its own fold.

    `probe_files` are question sets in the acceptance format, written by strangers from the sources:
    a question is right when the chosen answer passes its checks, so no intent needs naming. They
    are scored but never fitted on: they set the thresholds, as a stranger's questions would."""
    examples = example_cases(engine)
    others = [c for c in held_out_cases(engine) + out_of_scope_cases(engine.intent_set.directory) if c.mode == "ask"]
    probes = [c for path in probe_files for c in file_cases(path) if c.mode == "ask"]
    by_fold: list[list[tuple[Case, tuple[str, int] | None, bool]]] = [[] for _ in range(FOLDS)]
    for case, key in examples:
        by_fold[_fold(f"{key[0]}#{key[1]}")].append((case, key, False))
    for case, probe in [(c, False) for c in others] + [(c, True) for c in probes]:
        by_fold[_fold(case.question)].append((case, None, probe))
    rows: list[Row] = []
    for f, members in enumerate(by_fold):
        leave_out = frozenset(k for _, k, _ in members if k is not None)
        fold_scorer = engine.with_index(engine.build_index(leave_out))
        for case, member_key, probe in members:
            # An example never meets itself; the held-out phrasings and out-of-scope questions meet the
            # whole index, as a stranger's question does.
            scorer = fold_scorer if member_key is not None else engine
            analysis = scorer.analyze(case.question)
            feats = scorer.features(analysis)
            cands = tuple((engine.intents[i].id, feat, slots) for i, feat, slots, _ in feats)
            passing = _passing(engine, case, cands) if case.intent == "*" else ()
            rows.append(Row(f, case, cands, member_key, probe, passing))
    return rows


def fit_rows(rows: Sequence[Row]) -> LogisticModel:
    xs: list[dict[str, float]] = []
    ys: list[int] = []
    for row in rows:
        if row.probe:
            continue
        for (_, feats, _), label in zip(row.candidates, row.labels(), strict=True):
            xs.append(feats)
            ys.append(label)
    return fit(xs, ys, l2=L2)


@dataclass(frozen=True)
class Held:
    """One question answered by a model that never saw its fold."""

    case: Case
    right_top: bool
    """The bot's answer, when it answers, is the right one: the right intent with the right slots, or
    for a probe question one that passes its checks (out of scope: irrelevant)."""
    signals: Signals
    declined: bool = False
    """The bot says the sources cannot answer (a decline intent)."""
    probe: bool = False
    """A question from a probe file (never fitted on)."""
    forced: bool = False
    """Answered (or declined) whatever the score: an article or a paragraph named."""


@dataclass(frozen=True)
class CrossValidation:
    held: tuple[Held, ...]
    thresholds: Thresholds

    def at(self, t: Thresholds, probe: bool | None = None) -> tuple[tuple[int, int], tuple[int, int]]:
        """((answered right, in scope), (refused, out of scope)) under thresholds t; `probe` keeps only
        the probe questions (True) or only the fitted ones (False)."""
        right = total = refused = oos = 0
        for h in self.held:
            if probe is not None and h.probe != probe:
                continue
            ok = decide(h.signals, "ask", t).answer or h.forced
            if h.case.intent is None:
                oos += 1
                refused += not ok or h.declined
            else:
                total += 1
                right += ok and h.right_top
        return (right, total), (refused, oos)

    @property
    def in_scope(self) -> tuple[int, int]:
        return self.at(self.thresholds)[0]

    @property
    def rejected(self) -> tuple[int, int]:
        return self.at(self.thresholds)[1]

    @property
    def accuracy(self) -> float:
        right, total = self.in_scope
        return right / max(1, total)

    @property
    def rejection(self) -> float:
        refused, oos = self.rejected
        return refused / max(1, oos)

    def recommend(self, target_rejection: float) -> Thresholds:
        """The answer threshold and margin that answer most while refusing enough out of scope."""
        best: tuple[float, float, Thresholds] | None = None
        for t in THRESHOLDS:
            for m in MARGINS:
                th = replace(self.thresholds, answer=t, margin=m)
                (right, total), (refused, oos) = self.at(th)
                acc, rej = right / max(1, total), refused / max(1, oos)
                if rej >= target_rejection and (best is None or (acc, -t) > best[:2]):
                    best = (acc, -t, th)
        return best[2] if best else self.thresholds


def cross_validate(engine: Engine, rows: Sequence[Row] | None = None) -> CrossValidation:
    """Each fold's questions asked of the bot itself (the whole `ask` path: articles, pinned
    paragraphs, declines), with the weights fitted on the other folds and, for an example, an index
    that leaves its fold's examples out."""
    rows = rows if rows is not None else collect(engine)
    held: list[Held] = []
    for f in range(FOLDS):
        members = [r for r in rows if r.fold == f]
        model = fit_rows([r for r in rows if r.fold != f])
        leave_out = frozenset(key for r in members if (key := r.example) is not None)
        folded = engine.with_index(engine.build_index(leave_out), model)
        whole = engine.with_index(engine.index, model)
        for row in members:
            outcome = run_case(folded if row.example is not None else whole, row.case)
            scored = decide(outcome.signals, "ask", engine.thresholds).answer
            held.append(
                Held(
                    row.case,
                    outcome.passed,
                    outcome.signals,
                    outcome.intent is not None and not outcome.answered,
                    row.probe,
                    outcome.intent is not None and not scored,
                )
            )
    return CrossValidation(tuple(held), engine.thresholds)


def write_model(engine: Engine, path: Path, out: TextIO, probe_files: Sequence[Path] = ()) -> LogisticModel:
    rows = collect(engine, probe_files)
    model = fit_rows(rows)
    cv = cross_validate(engine, rows)
    fitted = [r for r in rows if not r.probe]
    counts = {
        "questions": len(fitted),
        "in_scope": sum(r.case.intent is not None for r in fitted),
        "out_of_scope": sum(r.case.intent is None for r in fitted),
    }
    rec = cv.recommend(TARGET_REJECTION)
    header = (
        "# Scoring weights fitted by `python -m bot fit` on the intents' examples, their held-out\n"
        "# `tests:` and out_of_scope.yaml (docs/scoring.md). Do not edit by hand: run the command again\n"
        "# after large changes to the intents, and check `python -m bot eval`.\n"
    )
    data = {
        "weights": {n: model.weights[n] for n in FEATURES},
        "fitted_on": counts,
        "cross_validated_accuracy": round(cv.accuracy, 4),
    }
    path.write_text(header + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    print(f"wrote {path} (fitted on {counts['questions']} questions)", file=out)

    def line(label: str, t: Thresholds, probe: bool | None) -> None:
        (right, total), (refused, oos) = cv.at(t, probe)
        print(
            f"  {label}: in scope {right}/{total} ({right / max(1, total):.1%}), "
            f"out of scope refused {refused}/{oos} ({refused / max(1, oos):.1%})",
            file=out,
        )

    for name, t in (("today's thresholds", cv.thresholds), ("recommended thresholds", rec)):
        print(f"cross-validated ({FOLDS} folds) at {name} (answer {t.answer:.2f}, margin {t.margin:.2f}):", file=out)
        line("fitted questions", t, False)
        if probe_files:
            line("probe questions (never fitted on)", t, True)
    print(f"recommended: ANSWER_THRESHOLD={rec.answer:.2f} ANSWER_MARGIN={rec.margin:.2f}", file=out)
    return model


def model_path(engine: Engine) -> Path:
    directory = engine.intent_set.directory
    if directory is None:
        raise ValueError("the engine was not loaded from an intents folder")
    return directory / MODEL_FILE
