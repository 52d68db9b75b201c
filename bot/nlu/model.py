"""The score stage: features of one (question, intent) pair, combined by a small logistic model.

The weights are fitted on data (`python -m bot fit`, see docs/scoring.md), not set by hand: the
intents' examples (each scored against an index that leaves it out), the held-out `tests:`
phrasings, and the out-of-scope questions. They are stored in `intents/model.yaml`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FEATURES = (
    "bias",
    "example",
    "cover",
    "fuzz",
    "lead",
    "lead_on_aspect",
    "aspect_match",
    "aspect_other",
    "structure",
    "missing_slot",
    "foreign_entity",
    "unknown_symbol",
    "unknown_names",
    "unknown_share",
    "foreign_terms",
    "vague",
    "keyword_missing",
    "dated_earlier",
    "told",
    "told_lead",
    "unknown_focus",
    "structure_lead",
    "aspect_short",
)
"""What the model sees for each candidate intent:
- example, cover, fuzz: word overlap with the closest example, the intent's vocabulary, characters;
- lead: how far this intent's word overlap is ahead of (or behind) the best other intent's;
- lead_on_aspect: the lead again when the intent tells the aspect asked (a lead on the right aspect counts more);
- aspect_match / aspect_other: the question asks what the intent tells (when, where, ...) / asks something else;
- structure_lead: for an intent that fits by structure, its word-overlap lead over the best other that does too;
- aspect_short: the share of the aspects asked that the intent does not tell ("which country hosts": who and where);
- structure: the question names every kind of thing the intent needs and asks one of its aspects;
- missing_slot, foreign_entity: things the intent needs that the question lacks / names it cannot use;
- unknown_symbol: a UN symbol the knowledge does not hold;
- unknown_names: capitalised words and acronyms that match nothing known (likely another body);
- unknown_share: the share of content words that match nothing known (chatter is cheap, not free);
- foreign_terms: names of other treaties and bodies; vague: only question words; keyword_missing;
- dated_earlier: the question is dated when the earlier bureau listing was valid ("in 2021") and the
  intent answers from the listing that holds today;
- told, told_lead: the share of the question's own words that the intent's answer contains (what
  the knowledge says, not how the examples put it), and how far that is ahead of the best rival's;
- unknown_focus: the first word the question asks about is one the bot does not know ("what's the
  <budget> of the committee", "the <population> of Japan"): the question is about something else."""

Features = Mapping[str, float]


@dataclass(frozen=True)
class LogisticModel:
    weights: Mapping[str, float]

    def score(self, features: Features) -> float:
        weights = self.weights
        z = 0.0
        for name, value in features.items():  # most features are zero: a loop skips them cheaply
            if value:
                z += weights.get(name, 0.0) * value
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def explain(self, features: Features) -> list[tuple[str, float]]:
        """Each feature's contribution to the log-odds, largest first."""
        parts = [(n, self.weights.get(n, 0.0) * v) for n, v in features.items() if v]
        return sorted(parts, key=lambda p: abs(p[1]), reverse=True)


DEFAULT_MODEL = LogisticModel(
    {
        "bias": -4.0,
        "example": 6.0,
        "cover": 2.0,
        "fuzz": 1.0,
        "lead": 3.0,
        "aspect_match": 1.0,
        "aspect_other": -0.5,
        "structure": 1.5,
        "missing_slot": -2.0,
        "foreign_entity": -1.0,
        "unknown_symbol": -3.0,
        "unknown_names": -2.0,
        "unknown_share": -2.0,
        "foreign_terms": -4.0,
        "vague": -2.0,
        "keyword_missing": -1.5,
    }
)
"""Used only until a fitted `intents/model.yaml` exists."""


def fit(rows: Sequence[Features], labels: Sequence[int], *, l2: float = 1.0, iterations: int = 400) -> LogisticModel:
    """L2-regularised logistic regression by Newton's method (numpy, imported only to fit)."""
    import numpy as np

    x = np.array([[r.get(n, 0.0) for n in FEATURES] for r in rows], dtype=float)
    y = np.array(labels, dtype=float)
    w = np.zeros(len(FEATURES))
    reg = np.full(len(FEATURES), l2)
    reg[0] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-7:
            break
    return LogisticModel({n: round(float(v), 4) for n, v in zip(FEATURES, w, strict=True)})
