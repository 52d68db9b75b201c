"""Seeded mistakes in copies of the shipped YAML are each reported as FILE:LINE, all in one run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.kb.loader import KnowledgeError, load_intents, load_knowledge
from bot.settings import PACKAGE_ROOT


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def seed(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line_of(path, new.splitlines()[0]) if new.strip() else 0


def problems(kdir: Path, idir: Path | None = None) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        kb = load_knowledge(kdir)
        if idir is not None:
            load_intents(idir, kb)
    return [str(p) for p in info.value.problems]


def test_bundled_knowledge_is_valid() -> None:
    kb = load_knowledge(PACKAGE_ROOT / "knowledge")
    intents = load_intents(PACKAGE_ROOT / "intents", kb)
    assert len(kb.sessions) >= 16
    assert intents.intents


def test_impossible_date(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    line = seed(k / "sessions.yaml", "end: 2022-03-11", "end: 2022-02-30")
    (msg,) = problems(k)
    assert re.match(
        rf".*knowledge/sessions.yaml:{line}:\d+: sessions\[\d+\]\.end: 2022-02-30 is not a valid date$", msg
    )


def test_end_before_start(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    seed(k / "sessions.yaml", "end: 2022-03-11", "end: 2022-02-01")
    (msg,) = problems(k)
    assert "end 2022-02-01 is before start 2022-02-28" in msg


def test_duplicated_key(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    seed(k / "sessions.yaml", "    start: 2022-05-30\n", "    start: 2022-05-30\n    start: 2022-05-31\n")
    line = line_of(k / "sessions.yaml", "start: 2022-05-31")
    (msg,) = problems(k)
    assert f"sessions.yaml:{line}:5:" in msg
    assert "duplicated key 'start'" in msg


def test_unknown_field(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    line = seed(
        k / "sessions.yaml", "    venue: vienna\n    venue_detail", "    venue: vienna\n    venu: x\n    venue_detail"
    )
    line = line_of(k / "sessions.yaml", "venu: x")
    (msg,) = problems(k)
    assert f"sessions.yaml:{line}:5:" in msg
    assert "unknown field 'venu'" in msg


def test_syntax_error(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    seed(
        k / "bureau.yaml",
        "  - {name: Japan, demonyms: [Japanese], group: asia-pacific}",
        "  - {name: Japan, demonyms: [Japanese, group: asia-pacific}",
    )
    line = line_of(k / "bureau.yaml", "name: Japan")
    (msg,) = problems(k)
    assert re.search(rf"bureau.yaml:{line}:\d+: YAML syntax error", msg) or re.search(
        rf"bureau.yaml:{line + 1}:\d+: YAML syntax error", msg
    )


def test_missing_required_field(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    seed(k / "sessions.yaml", "    start: 2023-01-09\n", "")
    (msg,) = problems(k)
    assert "missing required field 'start'" in msg
    assert re.search(r"sessions.yaml:\d+:\d+: sessions\[\d+\]", msg)


def test_malformed_symbol(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    line = seed(k / "documents.yaml", "  - symbol: A/AC.291/8\n", "  - symbol: A-AC-291-8\n")
    msgs = problems(k)
    assert any(f"documents.yaml:{line}:" in m and "not a well-formed UN document symbol" in m for m in msgs)


def test_reference_to_missing_symbol(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    line = seed(k / "sessions.yaml", "decided_by: [A/DEC/78/549]", "decided_by: [A/DEC/78/550]")
    (msg,) = problems(k)
    assert f"sessions.yaml:{line}:" in msg
    assert "A/DEC/78/550 is not in knowledge/documents.yaml" in msg


def test_duplicate_ids(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    seed(k / "sessions.yaml", "  - id: session-4\n", "  - id: session-3\n")
    (msg,) = problems(k)
    assert "duplicate session id 'session-3'" in msg


def test_all_problems_reported_in_one_run(data_copy: tuple[Path, Path]) -> None:
    k, _ = data_copy
    seed(k / "sessions.yaml", "end: 2022-03-11", "end: 2022-02-30")
    seed(k / "bureau.yaml", "as_of: 2025-01-15", "as_of: 2025-13-01")
    msgs = problems(k)
    assert len(msgs) == 2
    assert any("sessions.yaml" in m for m in msgs) and any("bureau.yaml" in m for m in msgs)


def test_intent_citing_unknown_symbol(data_copy: tuple[Path, Path]) -> None:
    k, i = data_copy
    line = seed(
        i / "committee.yaml",
        "    citations: [A/RES/74/247, UNODC AHC page]",
        "    citations: [A/RES/74/999, UNODC AHC page]",
    )
    msgs = problems(k, i)
    assert any(f"committee.yaml:{line}:" in m and "A/RES/74/999" in m for m in msgs)


def test_template_naming_missing_fact_is_reported_at_its_intent(data_copy: tuple[Path, Path]) -> None:
    from bot.answers.render import check_templates

    k, i = data_copy
    seed(i / "committee.yaml", "{{ committee.secretariat.email }}", "{{ committee.secretariat.phone }}")
    kb = load_knowledge(k)
    intents = load_intents(i, kb)
    found = [str(p) for p in check_templates(kb, intents)]
    assert len(found) == 1
    assert "committee.secretariat.answer" in found[0]
    assert "phone" in found[0]
    assert re.match(r".*intents/committee.yaml:\d+:\d+:", found[0])


def test_template_cannot_reach_python_internals(data_copy: tuple[Path, Path]) -> None:
    from bot.answers.render import check_templates

    k, i = data_copy
    seed(i / "committee.yaml", "{{ committee.secretariat.email }}", "{{ committee.__class__.__mro__ }}")
    kb = load_knowledge(k)
    found = [str(p) for p in check_templates(kb, load_intents(i, kb))]
    assert found and "committee.secretariat.answer" in found[0]


def run_validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "validate", *args], capture_output=True, text=True, cwd=PACKAGE_ROOT, timeout=120
    )


def test_validate_cli_prints_summary() -> None:
    proc = run_validate()
    assert proc.returncode == 0, proc.stderr
    for word in ("sessions", "seats", "documents", "intents", "examples"):
        assert word in proc.stdout


@pytest.mark.parametrize(
    ("file", "old", "new", "expect"),
    [
        ("sessions.yaml", "end: 2022-03-11", "end: 2022-02-30", "is not a valid date"),
        (
            "sessions.yaml",
            "    start: 2022-05-30\n",
            "    start: 2022-05-30\n    start: 2022-05-31\n",
            "duplicated key",
        ),
        (
            "sessions.yaml",
            "    venue: vienna\n    venue_detail",
            "    venue: vienna\n    venu: x\n    venue_detail",
            "unknown field",
        ),
        ("bureau.yaml", "demonyms: [Japanese]", "demonyms: [Japanese", "YAML syntax error"),
    ],
)
def test_validate_cli_reports_seeded_fault_without_traceback(
    data_copy: tuple[Path, Path], file: str, old: str, new: str, expect: str
) -> None:
    k, i = data_copy
    seed(k / file, old, new)
    proc = run_validate("--knowledge", str(k), "--intents", str(i))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    first = proc.stderr.splitlines()[0]
    assert re.match(rf".*{file}:\d+:\d+: ", first), first
    assert expect in first


@pytest.mark.parametrize(
    ("template", "why"),
    [
        ("{% for x in range(10**9) %}x{% endfor %}", "range"),
        ("{{ 'x' * 10**9 }}", "too large"),
        ("{{ 9 ** 9999999 }}", "too large"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recursion"),
        ("{{ committee.__class__.__init__.__globals__ }}", "committee.secretariat.answer"),
    ],
)
def test_templates_cannot_run_away(data_copy: tuple[Path, Path], template: str, why: str) -> None:
    from bot.answers.render import check_templates

    k, i = data_copy
    seed(i / "committee.yaml", "Contact: {{ committee.secretariat.email }}.", f"Contact: {template}")
    kb = load_knowledge(k)
    found = [str(p) for p in check_templates(kb, load_intents(i, kb))]
    assert len(found) == 1
    assert re.match(r".*intents/committee.yaml:\d+:\d+: committee.secretariat.answer", found[0])
    assert why in found[0].lower() or why in found[0]


def test_example_placeholder_must_be_a_slot(data_copy: tuple[Path, Path]) -> None:
    k, i = data_copy
    line = seed(
        i / "committee.yaml", "      - who serves as secretariat\n", "      - who serves as secretariat for <session>\n"
    )
    msgs = problems(k, i)
    assert any(f"committee.yaml:{line}:" in m and "<session> is not a slot" in m for m in msgs)
