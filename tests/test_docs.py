"""The maintainer guide's snippets work as written, and the docs the issues promise exist."""

from __future__ import annotations

import re
from pathlib import Path

from bot.engine import Engine
from bot.settings import PACKAGE_ROOT

GUIDE = PACKAGE_ROOT / "docs" / "maintainers.md"


def snippet_after(heading: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def test_guide_session_and_document_snippets_validate_and_answer(data_copy: tuple[Path, Path]) -> None:
    k, i = data_copy
    with (k / "sessions.yaml").open("a", encoding="utf-8") as f:
        f.write("\n" + snippet_after("Add a session"))
    with (k / "documents.yaml").open("a", encoding="utf-8") as f:
        f.write("\n" + snippet_after("Add a document"))
    engine = Engine.from_dirs(k, i)
    ans = engine.ask("where was the seventh session held?")
    assert ans.intent == "session.venue" and "Vienna" in ans.text
    assert engine.ask("what is A/AC.291/30").intent == "document.lookup"


def test_guide_lists_every_error_kind_the_loader_reports() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for phrase in (
        "is not a valid date",
        "missing required field",
        "unknown field",
        "duplicated key",
        "YAML syntax error",
        "a tab is used",
        "file is empty",
        "not UTF-8",
        "anchors and aliases",
        "not a well-formed UN document symbol",
        "is not in knowledge/documents.yaml",
        "names a fact that does not exist",
    ):
        assert phrase in text, phrase


def test_promised_docs_exist() -> None:
    for name in ("maintainers.md", "privacy.md", "deploy.md", "ask-embed-preview.md", "ask-embed-preview.png"):
        assert (PACKAGE_ROOT / "docs" / name).stat().st_size > 500, name
    readme = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make shell" in readme and "make test" in readme and "Message Content" in readme
