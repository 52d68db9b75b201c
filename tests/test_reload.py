"""Reloads are atomic: questions asked during reloads get a whole old or whole new engine."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from bot.engine import Engine, Thresholds
from bot.engine_ref import EngineRef

QUESTION = "where was the fourth session held?"


def flip_venue(k: Path, venue: str) -> None:
    path = k / "sessions.yaml"
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("  - id: session-4\n", 1)
    block, rest = tail.split("\n\n", 1)
    lines = [f"    venue: {venue}" if line.startswith("    venue: ") else line for line in block.splitlines()]
    path.write_text(head + "  - id: session-4\n" + "\n".join(lines) + "\n\n" + rest, encoding="utf-8")


async def test_answers_during_reloads_come_from_one_whole_engine(data_copy: tuple[Path, Path]) -> None:
    k, i = data_copy
    ref = EngineRef(Engine.from_dirs(k, i), k, i, Thresholds())
    versions: dict[str, str] = {ref.current.version: "Vienna"}
    results: list[tuple[str, str]] = []
    errors: list[BaseException] = []

    async def asker() -> None:
        for _ in range(60):
            engine = ref.current
            try:
                answer = await asyncio.to_thread(engine.ask, QUESTION)
            except BaseException as exc:
                errors.append(exc)
                return
            results.append((answer.knowledge_version, answer.text))
            await asyncio.sleep(random.random() / 200)

    async def reloader() -> None:
        for n in range(6):
            venue = "new-york" if n % 2 == 0 else "vienna"
            flip_venue(k, venue)
            result = await ref.reload()
            assert result.ok, result.problems
            versions[result.version] = "New York" if venue == "new-york" else "Vienna"

    await asyncio.gather(asker(), asker(), asker(), reloader())
    assert not errors
    assert len(results) == 180
    for version, text in results:
        assert version in versions
        expected = versions[version]
        other = "Vienna" if expected == "New York" else "New York"
        assert f"**{expected}**" in text and f"**{other}**" not in text


async def test_failed_reload_keeps_the_old_engine(data_copy: tuple[Path, Path]) -> None:
    k, i = data_copy
    ref = EngineRef(Engine.from_dirs(k, i), k, i, Thresholds())
    old = ref.current
    (k / "sessions.yaml").write_text("sessions: [\n", encoding="utf-8")
    result = await ref.reload()
    assert not result.ok
    assert any("sessions.yaml" in p and "YAML syntax error" in p for p in result.problems)
    assert ref.current is old
    assert ref.current.ask(QUESTION).answered
