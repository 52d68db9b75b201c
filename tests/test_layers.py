"""The Discord layer's shape: no private attributes of other objects outside the test double, and
no import cycle between the client and the Discord payload builders."""

from __future__ import annotations

import ast
import subprocess
import sys

from bot.kb.frontends import FRONT_END_INTENTS
from bot.kb.loader import load_intents, load_knowledge
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


FRONT_ENDS = [BOT / "cogs", BOT / "responder.py", BOT / "discord_ui.py", BOT / "client.py", BOT / "console.py"]
ENGINE_STAGES = {"analyzer", "normalizer", "index", "model", "renderer", "gazetteer"}


def stage_reaches(path: str, source: str) -> list[str]:
    """`engine.analyzer…` and the like: a front end using a stage instead of the engine's methods."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ENGINE_STAGES:
            inner = node.value
            name = inner.attr if isinstance(inner, ast.Attribute) else inner.id if isinstance(inner, ast.Name) else ""
            if name == "engine":
                found.append(f"{path}:{node.lineno}: engine.{node.attr}")
    return found


def test_front_ends_call_the_engine_not_its_stages() -> None:
    found = []
    for place in FRONT_ENDS:
        for path in sorted(place.rglob("*.py")) if place.is_dir() else [place]:
            found += stage_reaches(str(path.relative_to(PACKAGE_ROOT)), path.read_text(encoding="utf-8"))
    assert found == []


def test_the_stage_check_sees_a_reach() -> None:
    source = "x = self.bot.engine.analyzer.analyze(q)\ny = engine.find(q, ['session'])\n"
    assert stage_reaches("x.py", source) == ["x.py:1: engine.analyzer"]


def test_front_ends_name_no_intent_outside_the_contract() -> None:
    """Intent ids written in the Discord layer are the ones `validate` checks (bot/kb/frontends.py)."""
    checked = {i.id for i in FRONT_END_INTENTS}
    ids = {i.id for i in load_intents(PACKAGE_ROOT / "intents", load_knowledge(PACKAGE_ROOT / "knowledge")).intents}
    for place in FRONT_ENDS:
        for path in sorted(place.rglob("*.py")) if place.is_dir() else [place]:
            strings = {
                n.value
                for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
            assert not (strings & ids) - checked, path
