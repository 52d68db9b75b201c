"""Every message `validate` can print is of a known kind, and the maintainer guide explains each kind."""

from __future__ import annotations

import ast

import pytest

from bot.kb.messages import MESSAGE_KINDS, MessageKind, kind_of
from bot.settings import PACKAGE_ROOT

GUIDE = PACKAGE_ROOT / "docs" / "maintainers.md"
MESSAGE_MODULES = [
    *sorted((PACKAGE_ROOT / "bot" / "kb").glob("*.py")),
    PACKAGE_ROOT / "bot" / "answers" / "render.py",
    PACKAGE_ROOT / "bot" / "checks.py",
]
MESSAGE_ARG = {"Problem": 4, "problem": 1, "ValueError": 0, "YamlError": 0}
"""Where the message is among the positional arguments of each call that makes one."""


def guide_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("### Every message, and what to do", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("kind", MESSAGE_KINDS, ids=[k.code for k in MESSAGE_KINDS])
def test_guide_explains_every_message_kind(kind: MessageKind) -> None:
    section = guide_section()
    for phrase in kind.phrases:
        assert f"`{phrase.strip()}" in section, phrase


def literal_text(node: ast.expr) -> str | None:
    """The fixed text of a string or f-string (its pieces joined by a character no phrase has)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "\x00".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def written_messages() -> list[tuple[str, int, str]]:
    found = []
    for path in MESSAGE_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            index = MESSAGE_ARG.get(name)
            if index is None or len(node.args) <= index:
                continue
            text = literal_text(node.args[index])
            if text is not None:
                found.append((path.name, node.lineno, text))
    return found


def test_the_scan_finds_the_messages() -> None:
    """Guards the test below: it reads the real calls, in every module that writes messages."""
    found = written_messages()
    assert len(found) > 30
    assert {name for name, _, _ in found} >= {"loader.py", "models.py", "yamlsrc.py", "render.py", "checks.py"}


def test_every_message_written_in_code_is_of_a_known_kind() -> None:
    unknown = [
        f"{name}:{line}: {text!r}"
        for name, line, text in written_messages()
        if not any(p in part for part in text.split("\x00") for k in MESSAGE_KINDS for p in k.phrases)
    ]
    assert not unknown, "add these to bot/kb/messages.py and docs/maintainers.md:\n" + "\n".join(unknown)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("unknown field 'venu'; did you mean `venue`?", "unknown-field"),
        ("duplicated key 'start' (first written on line 40)", "duplicated-key"),
        ("duplicate session id 'session-3' (first on line 52)", "duplicate-id"),
        ("fails to render (session=x): names a fact that does not exist: y", "template-fact"),
        (
            "the indentation of line 4 does not line up with line 3; check the spaces at the start of line 4",
            "indentation",
        ),
    ],
)
def test_kind_of_picks_the_most_specific_kind(message: str, code: str) -> None:
    kind = kind_of(message)
    assert kind is not None and kind.code == code


def test_codes_are_unique() -> None:
    codes = [k.code for k in MESSAGE_KINDS]
    assert len(codes) == len(set(codes))


def test_an_unknown_message_has_no_kind() -> None:
    assert kind_of("something else entirely") is None
