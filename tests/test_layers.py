"""The Discord layer's shape: no private attributes of other objects outside the test double, and
no import cycle between the client and the Discord payload builders."""

from __future__ import annotations

import ast
import subprocess
import sys

from bot.settings import PACKAGE_ROOT

BOT = PACKAGE_ROOT / "bot"
TEST_DOUBLE = BOT / "testing.py"


def private_reaches(path: str, source: str) -> list[str]:
    """`x._name` where x is not self or cls: reaching into another object's private state."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            continue
        found.append(f"{path}:{node.lineno}: .{node.attr}")
    return found


def test_only_the_test_double_reaches_into_private_attributes() -> None:
    """In the bot and the benchmarks; the benchmarks drive Discord through the test double."""
    found = []
    for path in sorted([*BOT.rglob("*.py"), *(PACKAGE_ROOT / "benchmarks").rglob("*.py")]):
        if path != TEST_DOUBLE:
            found += private_reaches(str(path.relative_to(PACKAGE_ROOT)), path.read_text(encoding="utf-8"))
    assert found == []


def test_the_check_sees_a_private_reach() -> None:
    assert private_reaches("x.py", "bot._connection.parse(p)\nself._ok = 1\n") == ["x.py:1: ._connection"]


def test_discord_ui_loads_without_the_client() -> None:
    code = "import sys, bot.discord_ui; assert 'bot.client' not in sys.modules, 'discord_ui imported the client'"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE_ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_benchmarks_need_nothing_from_the_tests() -> None:
    for path in (PACKAGE_ROOT / "benchmarks").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.split(".")[0] == "tests"], path
