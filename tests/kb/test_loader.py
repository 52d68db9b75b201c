"""Seeded mistakes in copies of the fixture YAML are each reported as FILE:LINE, all in one run."""

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
    assert kb.sessions and kb.documents
    assert intents.intents


def test_impossible_date(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    line = seed(k / "sessions.yaml", "end: 2022-03-11", "end: 2022-02-30")
    (msg,) = problems(k)
    assert re.match(
        rf".*knowledge/sessions.yaml:{line}:\d+: sessions\[\d+\]\.end: 2022-02-30 is not a valid date$", msg
    )


def test_end_before_start(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    seed(k / "sessions.yaml", "end: 2022-03-11", "end: 2022-02-01")
    (msg,) = problems(k)
    assert "end 2022-02-01 is before start 2022-02-28" in msg


def test_meeting_of_an_unknown_body(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    text = (k / "sessions.yaml").read_text(encoding="utf-8")
    at = text.index("body: ahc", text.index("id: session-1\n"))
    (k / "sessions.yaml").write_text(text[:at] + "body: cops" + text[at + len("body: ahc") :], encoding="utf-8")
    (msg,) = problems(k)
    line = line_of(k / "sessions.yaml", "body: cops")
    assert re.match(
        rf".*knowledge/sessions.yaml:{line}:\d+: sessions\[\d+\]\.body: unknown body 'cops' \(known: ahc, cosp, ga\)$",
        msg,
    )


def test_meeting_without_a_body(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    text = (k / "sessions.yaml").read_text(encoding="utf-8")
    at = text.index("    body: ahc\n", text.index("id: session-1\n"))
    (k / "sessions.yaml").write_text(text[:at] + text[at + len("    body: ahc\n") :], encoding="utf-8")
    (msg,) = problems(k)
    assert "missing required field 'body'" in msg


def test_duplicated_key(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    seed(k / "sessions.yaml", "    start: 2022-05-30\n", "    start: 2022-05-30\n    start: 2022-05-31\n")
    line = line_of(k / "sessions.yaml", "start: 2022-05-31")
    (msg,) = problems(k)
    assert f"sessions.yaml:{line}:5:" in msg
    assert "duplicated key 'start'" in msg


def test_unknown_field(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    line = seed(
        k / "sessions.yaml", "    venue: vienna\n    venue_detail", "    venue: vienna\n    venu: x\n    venue_detail"
    )
    line = line_of(k / "sessions.yaml", "venu: x")
    (msg,) = problems(k)
    assert f"sessions.yaml:{line}:5:" in msg
    assert "unknown field 'venu'; did you mean `venue`?" in msg


def test_syntax_error(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
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


def test_missing_required_field(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    seed(k / "sessions.yaml", "    start: 2023-01-09\n", "")
    (msg,) = problems(k)
    assert "missing required field 'start'" in msg
    assert re.search(r"sessions.yaml:\d+:\d+: sessions\[\d+\]", msg)


def test_malformed_symbol(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    line = seed(k / "documents.yaml", "  - symbol: A/AC.291/8\n", "  - symbol: A-AC-291-8\n")
    msgs = problems(k)
    assert any(f"documents.yaml:{line}:" in m and "not a well-formed UN document symbol" in m for m in msgs)


def test_reference_to_missing_symbol(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    line = seed(k / "sessions.yaml", "decided_by: [A/DEC/78/549]", "decided_by: [A/DEC/78/550]")
    (msg,) = problems(k)
    assert f"sessions.yaml:{line}:" in msg
    assert "A/DEC/78/550 is not in knowledge/documents.yaml" in msg


def test_duplicate_ids(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    seed(k / "sessions.yaml", "  - id: session-4\n", "  - id: session-3\n")
    (msg,) = problems(k)
    assert "duplicate session id 'session-3'" in msg


def test_all_problems_reported_in_one_run(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    seed(k / "sessions.yaml", "end: 2022-03-11", "end: 2022-02-30")
    seed(k / "documents.yaml", "date: 2021-05-26", "date: 2021-13-26")
    msgs = problems(k)
    assert len(msgs) == 2
    assert any("sessions.yaml" in m for m in msgs) and any("documents.yaml" in m for m in msgs)


def test_intent_citing_unknown_symbol(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    line = seed(
        i / "committee.yaml",
        "    citations: [A/RES/74/247, UNODC AHC page]",
        "    citations: [A/RES/74/999, UNODC AHC page]",
    )
    msgs = problems(k, i)
    assert any(f"committee.yaml:{line}:" in m and "A/RES/74/999" in m for m in msgs)


def test_template_naming_missing_fact_is_reported_at_its_intent(fixture_copy: tuple[Path, Path]) -> None:
    from bot.answers.render import check_templates

    k, i = fixture_copy
    seed(i / "committee.yaml", "{{ committee.secretariat.email }}", "{{ committee.secretariat.phone }}")
    kb = load_knowledge(k)
    intents = load_intents(i, kb)
    found = [str(p) for p in check_templates(kb, intents)]
    assert len(found) == 1
    assert "committee.secretariat.answer" in found[0]
    assert "phone" in found[0]
    assert re.match(r".*intents/committee.yaml:\d+:\d+:", found[0])


def test_template_cannot_reach_python_internals(fixture_copy: tuple[Path, Path]) -> None:
    from bot.answers.render import check_templates

    k, i = fixture_copy
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
    fixture_copy: tuple[Path, Path], file: str, old: str, new: str, expect: str
) -> None:
    k, i = fixture_copy
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
def test_templates_cannot_run_away(fixture_copy: tuple[Path, Path], template: str, why: str) -> None:
    from bot.answers.render import check_templates

    k, i = fixture_copy
    seed(i / "committee.yaml", "Contact: {{ committee.secretariat.email }}.", f"Contact: {template}")
    kb = load_knowledge(k)
    found = [str(p) for p in check_templates(kb, load_intents(i, kb))]
    assert len(found) == 1
    assert re.match(r".*intents/committee.yaml:\d+:\d+: committee.secretariat.answer", found[0])
    assert why in found[0].lower() or why in found[0]


def test_example_placeholder_must_be_a_slot(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    line = seed(
        i / "committee.yaml", "      - who serves as secretariat\n", "      - who serves as secretariat for <session>\n"
    )
    msgs = problems(k, i)
    assert any(f"committee.yaml:{line}:" in m and "<session> is not a slot" in m for m in msgs)


# --- messages in the maintainer's words ------------------------------------------------------


def test_misindented_field_names_the_line_and_the_spaces(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    seed(k / "sessions.yaml", "    start: 2022-02-28\n", "   start: 2022-02-28\n")
    line = line_of(k / "sessions.yaml", "   start: 2022-02-28")
    proc = run_validate("--knowledge", str(k), "--intents", str(i))
    first = proc.stderr.splitlines()[0]
    assert re.match(rf".*knowledge/sessions.yaml:{line}:4: the indentation of line {line} does not line up", first)
    assert f"3 space(s) before the field, line {line - 1} has 4" in first
    assert first.endswith(f"check the spaces at the start of line {line}")
    assert "<block" not in proc.stderr


def test_field_indented_as_far_as_a_folded_text_is_reported_with_a_hint(fixture_copy: tuple[Path, Path]) -> None:
    """`source:` indented as far as the `outcome: >-` text becomes text: both messages say so."""
    k, _ = fixture_copy
    text = (k / "sessions.yaml").read_text(encoding="utf-8")
    outcome_line = line_of(k / "sessions.yaml", "    outcome: >-")
    lines = text.splitlines(keepends=True)
    source_index = next(n for n in range(outcome_line, len(lines)) if lines[n].startswith("    source:"))
    lines[source_index] = "  " + lines[source_index]
    (k / "sessions.yaml").write_text("".join(lines), encoding="utf-8")
    msgs = problems(k)
    line = source_index + 1
    assert any(
        "missing required field 'source'" in m and f"line {line} reads `source:`" in m and "'outcome'" in m
        for m in msgs
    ), msgs
    assert any(
        f"sessions.yaml:{line}:7: " in m and f"is inside the text of 'outcome' that starts on line {outcome_line}" in m
        for m in msgs
    ), msgs


def test_optional_field_swallowed_by_a_text_is_reported(tmp_path: Path) -> None:
    from bot.kb.loader import swallowed_keys
    from bot.kb.models import SessionsFile
    from bot.kb.yamlsrc import parse_yaml

    text = (
        "venues: []\nsessions:\n  - id: s\n    kind: meeting\n    name: n\n    start: 2022-01-01\n"
        "    end: 2022-01-01\n    outcome: >-\n      It met.\n      venue: vienna\n    source: [x]\n"
    )
    (found,) = swallowed_keys(parse_yaml(text, "s.yaml"), SessionsFile)
    assert str(found).startswith("s.yaml:10:7: sessions[0].outcome: line 10 (`venue: …`)")
    # The same words in a text when the record already has that field are just text.
    assert not swallowed_keys(
        parse_yaml(text.replace("    outcome", "    venue: x\n    outcome"), "s.yaml"), SessionsFile
    )


def test_wrong_choice_lists_the_choices(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    seed(k / "sessions.yaml", "    kind: concluding\n", "    kind: conclusion\n")
    (msg,) = problems(k)
    assert "kind: must be one of 'organizational', 'meeting'," in msg
    assert "(got 'conclusion')" in msg


def test_every_message_of_a_seeded_fault_has_a_known_kind(fixture_copy: tuple[Path, Path]) -> None:
    from bot.kb.messages import kind_of

    k, _ = fixture_copy
    seed(k / "sessions.yaml", "end: 2022-03-11", "end: 2022-02-30")
    seed(k / "sessions.yaml", "    kind: concluding\n", "    kind: conclusion\n")
    seed(k / "sessions.yaml", "    venue: vienna\n    venue_detail", "    venue: vienna\n    venu: x\n    venue_detail")
    seed(k / "sessions.yaml", "    number: 1\n", "    number: one\n")
    seed(k / "documents.yaml", "  - symbol: A/AC.291/8\n", "  - symbol: A-AC-291-8\n")
    msgs = problems(k)
    assert len(msgs) >= 4
    assert all(kind_of(m) is not None for m in msgs), msgs


# --- the knowledge version -------------------------------------------------------------------


def test_version_covers_the_intents_too(fixture_copy: tuple[Path, Path]) -> None:
    from bot.engine import Engine

    k, i = fixture_copy
    before = Engine.from_dirs(k, i, check=False)
    assert before.version == before.kb.version == before.intent_set.version
    assert Engine.from_dirs(k, i, check=False).version == before.version
    seed(i / "committee.yaml", "      - who serves as secretariat\n", "      - who is the secretariat\n")
    after_intents = Engine.from_dirs(k, i, check=False)
    assert after_intents.version != before.version
    assert after_intents.kb.facts_version == before.kb.facts_version
    seed(k / "sessions.yaml", "end: 2022-03-11", "end: 2022-03-12")
    assert Engine.from_dirs(k, i, check=False).version not in (before.version, after_intents.version)


def test_an_unreadable_vocabulary_is_the_only_problem_reported(fixture_copy: tuple[Path, Path]) -> None:
    # the bodies an answer speaks to are checked against the vocabulary: when it cannot be read, its
    # own error is the one line the maintainer sees, not one line per `speaks_to` besides
    k, i = fixture_copy
    line = seed(i / "vocabulary.yaml", "  synonyms:\n", "  synonyms:\n    bad: [unclosed\n")
    msgs = problems(k, i)
    assert len(msgs) == 1
    assert f"vocabulary.yaml:{line + 2}:" in msgs[0]  # where the parser finds the list unclosed
    assert "YAML syntax error" in msgs[0]


def test_an_answer_speaks_only_to_bodies_the_vocabulary_names(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    line = seed(i / "convention.yaml", "    speaks_to: [european union]", "    speaks_to: [european onion]")
    msgs = problems(k, i)
    assert any(f"convention.yaml:{line}:" in m and "'european onion' is not one of the other bodies" in m for m in msgs)


def test_the_session_that_agreed_the_outline_must_be_a_known_session(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    line = seed(k / "committee.yaml", "outline_agreed_at: organizational", "outline_agreed_at: organisational")
    (msg,) = problems(k)
    assert f"committee.yaml:{line}:" in msg and "unknown session id 'organisational'" in msg
