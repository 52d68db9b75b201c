"""Edits a test makes to its writable copy of the fixture YAML."""

from __future__ import annotations

from pathlib import Path


def add_line_after(path: Path, marker: str, line: str) -> None:
    """Add `line` (a whole line, indented) right after `marker`, which must occur exactly once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(marker) == 1, f"{marker!r} is not once in {path.name}"
    path.write_text(text.replace(marker, marker + line + "\n"), encoding="utf-8")
