"""Engine speed: p50/p99 per question on the bundled knowledge and on synthetic 1k and 10k intents
(x10 examples), each beside a naive baseline (rapidfuzz extractOne with WRatio over every example)
measured in the same run; plus `python -m bot ask` end to end."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.engine import Engine
from bot.kb.loader import IntentSet
from bot.kb.models import Intent
from bot.settings import PACKAGE_ROOT

QUESTIONS = [
    "When did the UN adopt the convention against cybercrime?",
    "wen was the AHC set up",
    "4th session venue",
    "who's the vice-chair from Japan",
    "how many vice chair seats are vacant",
    "Which sessions were held in Vienna?",
    "what is A/AC.291/7",
    "When was the Budapest Convention adopted?",
    "best pizza in new york?",
    "where is the draft text of the convention",
]


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return p50 * 1000, p99 * 1000


def timed(fn: Callable[[str], object], questions: Sequence[str], rounds: int) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter()
            fn(q)
            samples.append(time.perf_counter() - t0)
    return percentiles(samples)


def synthetic_engine(base: Engine, n_intents: int, seed: int = 7) -> tuple[Engine, list[str]]:
    rng = random.Random(seed)
    words = [f"w{rng.randrange(36**4):x}" for _ in range(5000)]
    intents = []
    for i in range(n_intents):
        topic_words = rng.sample(words, 6)
        examples = [" ".join(rng.sample(topic_words, 4) + rng.sample(words, 2)) for _ in range(10)]
        intents.append(
            Intent(
                id=f"synthetic.i{i}",
                topic="synthetic",
                title=f"Synthetic {i}",
                examples=examples,
                answer="synthetic answer",
                citations=["A/RES/79/243"],
            )
        )
    intent_set = IntentSet(intents=intents, vocabulary=base.intent_set.vocabulary)
    engine = Engine(base.kb, intent_set)
    questions = [" ".join(rng.sample(intents[rng.randrange(n_intents)].examples[0].split(), 4)) for _ in range(50)]
    return engine, questions


def naive(examples: list[str]) -> Callable[[str], object]:
    return lambda q: process.extractOne(q, examples, scorer=fuzz.WRatio)


def report(name: str, ours: tuple[float, float], base: tuple[float, float]) -> None:
    ratio = ours[0] / base[0] if base[0] else float("nan")
    print(
        f"{name:28} engine p50 {ours[0]:8.3f} ms  p99 {ours[1]:8.3f} ms | "
        f"naive WRatio p50 {base[0]:8.3f} ms  p99 {base[1]:8.3f} ms | p50 ratio {ratio:6.1%}"
    )


def cli_wall() -> None:
    """The one-shot CLI, timed first, before the synthetic engines fill this process's memory
    (a large parent process slows every child it starts, which is no cost of the CLI)."""
    walls = []
    for q in QUESTIONS[:5]:
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "--json", q],
            check=True,
            capture_output=True,
            cwd=Path(PACKAGE_ROOT),
        )
        walls.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - t0
    print(f"`python -m bot ask` end to end: median {statistics.median(walls):.2f}s (bare interpreter {bare:.2f}s)")


def main() -> int:
    cli_wall()
    t0 = time.perf_counter()
    engine = Engine.from_dirs(PACKAGE_ROOT / "knowledge", PACKAGE_ROOT / "intents")
    print(
        f"bundled engine built in {time.perf_counter() - t0:.2f}s "
        f"({len(engine.intents)} intents, {len(engine.index.examples)} examples)"
    )
    bundled_examples = [ex for i in engine.intents for ex in i.examples]
    report("bundled knowledge", timed(engine.ask, QUESTIONS, 50), timed(naive(bundled_examples), QUESTIONS, 50))

    for n in (1_000, 10_000):
        t0 = time.perf_counter()
        syn, questions = synthetic_engine(engine, n)
        print(f"synthetic {n} intents x 10 examples built in {time.perf_counter() - t0:.1f}s")
        examples = [ex for i in syn.intents for ex in i.examples]
        rounds = 3 if n >= 10_000 else 5
        report(
            f"synthetic {n * 10:,} examples",
            timed(syn.ask, questions, rounds),
            timed(naive(examples), questions, 1),
        )

    return 0
