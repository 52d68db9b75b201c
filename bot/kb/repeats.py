"""Facts written twice: the same sentence in two places of knowledge/*.yaml.

A fact kept in two places goes stale in one of them when a maintainer updates the other. `validate`
prints each repeat as a warning that names both places; it does not stop the knowledge loading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.kb.loader import display_path
from bot.kb.yamlsrc import PathKey, Problem, YamlError, read_yaml

MIN_CHARS = 50
"""Shorter sentences ("Vienna.", a title) repeat on purpose: names, not facts."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _texts(data: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*path, i))


def _key(sentence: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", sentence.lower()).split())


def repeated_sentences(directory: Path, files: list[str]) -> list[Problem]:
    """One warning for each sentence that appears again elsewhere (a second field or file)."""
    first: dict[str, tuple[str, int, PathKey]] = {}
    found: list[Problem] = []
    for name in files:
        path = directory / f"{name}.yaml"
        if not path.exists():
            continue
        try:
            src = read_yaml(path, display_path(path))
        except YamlError:
            continue  # the loader reports it
        for where, text in _texts(src.data, ()):
            for sentence in _SENTENCE_END.split(text.strip()):
                key = _key(sentence)
                if len(key) < MIN_CHARS:
                    continue
                if key not in first:
                    first[key] = (src.file, src.pos(where)[0], where)
                    continue
                other_file, other_line, other_where = first[key]
                if other_file == src.file and other_where == where:
                    continue
                found.append(
                    src.problem(
                        where,
                        f"the same sentence is also in {other_file}:{other_line}: keep a fact in one place, "
                        f'so that one edit changes every answer ("{sentence.strip()[:60]}…")',
                    )
                )
    return found
