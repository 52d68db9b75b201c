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


def test_guide_session_and_document_snippets_validate_and_answer(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    with (k / "sessions.yaml").open("a", encoding="utf-8") as f:
        f.write("\n" + snippet_after("Add a session"))
    with (k / "documents.yaml").open("a", encoding="utf-8") as f:
        f.write("\n" + snippet_after("Add a document"))
    engine = Engine.from_dirs(k, i)
    ans = engine.ask("where was the seventh session held?")
    assert ans.intent == "session.venue" and "Vienna" in ans.text
    assert engine.ask("what is A/AC.291/30").intent == "document.lookup"


def test_guide_checks_snippet_is_a_valid_checks_file(fixture_copy: tuple[Path, Path]) -> None:
    """The example in *Checks of the facts* reads as checks (every message is in tests/kb/test_messages.py)."""
    from bot.checks import load_checks

    k, _ = fixture_copy
    (k / "checks.yaml").write_text(snippet_after("Checks of the facts"), encoding="utf-8")
    loaded = load_checks(k)
    assert not isinstance(loaded, list), loaded
    assert len(loaded[1].checks) == 3


def test_promised_docs_exist() -> None:
    for name in ("maintainers.md", "privacy.md", "deploy.md", "ask-embed-preview.md", "ask-embed-preview.png"):
        assert (PACKAGE_ROOT / "docs" / name).stat().st_size > 500, name
    readme = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make shell" in readme and "make test" in readme and "Message Content" in readme
