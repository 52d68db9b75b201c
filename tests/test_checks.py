"""knowledge/checks.yaml: `validate` runs the maintainers' checks and names a stale one as FILE:LINE."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.checks import load_checks, resolve, run_checks
from bot.engine import Engine
from bot.kb.loader import Knowledge
from bot.settings import PACKAGE_ROOT

from .kb.test_loader import seed

CHAIR_SEAT = "    - {id: chair, position: chair, status: "


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Problems name files relative to the working folder, as `validate` run there would."""
    monkeypatch.chdir(tmp_path)


def write_checks(kdir: Path, text: str) -> None:
    (kdir / "checks.yaml").write_text(text, encoding="utf-8")


def stale(kdir: Path, idir: Path) -> list[str]:
    loaded = load_checks(kdir)
    assert not isinstance(loaded, list), loaded
    src, checks = loaded
    return [str(p) for p in run_checks(Engine.from_dirs(kdir, idir), src, checks)]


def chair_status(kb: Knowledge) -> str:
    return next(s.status for s in kb.current.seats if s.id == "chair")


def fill_the_chair(kdir: Path) -> None:
    """A maintainer's edit: the chair is elected."""
    path = kdir / "bureau.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith(CHAIR_SEAT))
    lines[n] = CHAIR_SEAT + "filled, holder: {name: Jane Example, country: Japan}}\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_checks_that_hold_report_nothing(fixture_copy: tuple[Path, Path], fixture_engine: Engine) -> None:
    k, i = fixture_copy
    kb = fixture_engine.kb
    session = kb.sessions[-1]
    write_checks(
        k,
        "checks:\n"
        "  - question: who is the chair\n"
        f"    expect: [{chair_status(kb)}]\n"
        "    cite: [UNODC AHC page]\n"
        "    source: the listing\n"
        f"  - {{record: sessions.{session.id}, field: start, equals: {session.start}, source: x}}\n"
        f"  - {{record: sessions.{session.id}, field: name, contains: {session.name.upper()}, source: x}}\n"
        "  - {question: what is the weather in Paris, answered: false, source: out of scope}\n",
    )
    assert stale(k, i) == []


def test_a_changed_fact_names_the_check_line_and_what_to_do(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    before = chair_status(Engine.from_dirs(k, i).kb)
    write_checks(
        k,
        "checks:\n"
        "  - question: who is the chair\n"
        f"    expect: [{before}]\n"
        "    source: the listing\n"
        f"  - {{record: current.seats.chair, field: status, equals: {before}, source: the listing}}\n",
    )
    fill_the_chair(k)
    assert stale(k, i) == [
        f"knowledge/checks.yaml:3:14: checks[0].expect[0]: the answer to 'who is the chair' no longer matches "
        f"/{before}/: if you changed this fact on purpose, update this check",
        f"knowledge/checks.yaml:5:58: checks[1].equals: current.seats.chair status is now 'filled', not "
        f"'{before}' as this check expects: if you changed this fact on purpose, update this check",
    ]


def test_missing_citation_and_unanswered_question_are_stale(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    write_checks(
        k,
        "checks:\n"
        "  - {question: who is the chair, cite: [A/RES/79/243], source: x}\n"
        "  - {question: best pizza in new york, expect: [pizza], source: x}\n",
    )
    found = stale(k, i)
    assert len(found) == 2
    assert found[0].endswith(
        "the answer to 'who is the chair' no longer cites A/RES/79/243: "
        "if you changed this fact on purpose, update this check"
    )
    assert "checks.yaml:3:" in found[1] and "the bot no longer answers 'best pizza in new york'" in found[1]


@pytest.mark.parametrize(
    ("check", "expect"),
    [
        ("{record: sessions.session-99, field: start, equals: 2022-01-01, source: x}", "names no record"),
        ("{record: sessions.session-1, field: begin, equals: 2022-01-01, source: x}", "names no field 'begin'"),
    ],
)
def test_a_check_naming_nothing_says_so(fixture_copy: tuple[Path, Path], check: str, expect: str) -> None:
    k, i = fixture_copy
    write_checks(k, f"checks:\n  - {check}\n")
    (msg,) = stale(k, i)
    assert msg.startswith("knowledge/checks.yaml:2:") and expect in msg


@pytest.mark.parametrize(
    ("check", "expect"),
    [
        ("{question: q, record: r, source: x}", "either `question:` or `record:`"),
        ("{record: sessions.session-1, field: start, source: x}", "one of `equals:` or `contains:`"),
        ("{question: q, expect: ['(unclosed'], source: x}", "is not a valid pattern"),
        ("{question: q, expect: [x], sorce: x}", "unknown field 'sorce'; did you mean `source`?"),
    ],
)
def test_malformed_checks_are_problems_at_their_line(fixture_copy: tuple[Path, Path], check: str, expect: str) -> None:
    k, _ = fixture_copy
    write_checks(k, f"checks:\n  - {check}\n")
    loaded = load_checks(k)
    assert isinstance(loaded, list)
    assert any(":2:" in str(p) and expect in str(p) for p in loaded), loaded


def test_record_paths_follow_ids_names_and_symbols_with_dots(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    symbol = next(s for s in kb.documents if "." in s)
    assert resolve(kb, f"documents.{symbol}") == (True, kb.documents[symbol])
    assert resolve(kb, f"sessions.{kb.sessions[0].id}.start") == (True, kb.sessions[0].start)
    assert resolve(kb, "committee.modalities.venues") == (True, kb.committee.modalities.venues)
    assert resolve(kb, "sessions.nowhere") == (False, None)


def run_validate(k: Path, i: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "validate", "--knowledge", str(k), "--intents", str(i)],
        capture_output=True,
        text=True,
        cwd=k.parent,
        timeout=120,
    )


def test_validate_runs_the_checks_and_fails_on_a_stale_one(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    status = chair_status(Engine.from_dirs(k, i).kb)
    write_checks(k, f"checks:\n  - {{record: current.seats.chair, field: status, equals: {status}, source: x}}\n")
    ok = run_validate(k, i)
    assert ok.returncode == 0, ok.stderr
    assert "Checks OK   1 facts still match their sources" in ok.stdout
    fill_the_chair(k)
    proc = run_validate(k, i)
    assert proc.returncode == 1
    assert proc.stderr.startswith("knowledge/checks.yaml:2:")
    assert "update this check" in proc.stderr


def test_the_shipped_checks_are_read_and_cover_each_kind() -> None:
    """The checks themselves run in `make validate`; here, only that the file is well-formed."""
    loaded = load_checks(PACKAGE_ROOT / "knowledge")
    assert not isinstance(loaded, list), loaded
    _, checks = loaded
    assert any(c.question and c.expect for c in checks.checks)
    assert any(c.question and not c.answered for c in checks.checks)
    assert any(c.record and c.equals is not None for c in checks.checks)
    assert any(c.record and c.contains is not None for c in checks.checks)


def test_validate_warns_about_a_sentence_written_in_two_places(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    sentence = "The secretariat will also serve the meetings of the Conference of the States Parties."
    for name, anchor in (("committee.yaml", "committee:\n"), ("convention.yaml", "convention:\n")):
        path = k / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(anchor, f"{anchor}  note: {sentence}\n", 1), encoding="utf-8")
    from bot.kb.loader import KNOWLEDGE_FILES
    from bot.kb.repeats import repeated_sentences

    warned = [str(p) for p in repeated_sentences(k, list(KNOWLEDGE_FILES)) if "also serve the meetings" in str(p)]
    assert len(warned) == 1
    assert warned[0].split(":")[0].endswith("committee.yaml") and "also in " in warned[0]
    assert "convention.yaml:6" in warned[0]


def test_validate_warns_of_a_subject_or_keyword_that_does_not_work_as_written(
    fixture_copy: tuple[Path, Path],
) -> None:
    k, i = fixture_copy
    line = seed(
        i / "sessions.yaml", "    subjects: [postponed]\n", "    subjects: [postponed, still postponed, please]\n"
    )
    found = {(f, idx): why for _, f, idx, why in Engine.from_dirs(k, i).unmatchable_words() if f == "subjects"}
    assert "'still' is ignored" in found[("subjects", 1)] and "'postponed' alone" in found[("subjects", 1)]
    assert "only of words the bot ignores" in found[("subjects", 2)]
    out = run_validate(k, i)
    assert out.returncode == 0, out.stderr  # a warning, not an error
    assert f"sessions.yaml:{line}: session.postponement subjects: 'still postponed'" in out.stdout
