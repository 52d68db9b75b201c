"""Formatting helpers the templates use, and the citation list an answer carries."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

from bot.answers.render import (
    Asked,
    TemplateSandbox,
    _answer_cache,
    fmt_date,
    fmt_span,
    join_words,
    number_word,
    ordinal_word,
)
from bot.engine import Engine
from tests.kb.test_loader import seed


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (dt.date(2021, 5, 10), dt.date(2021, 5, 12), "10–12 May 2021"),
        (dt.date(2022, 2, 28), dt.date(2022, 3, 11), "28 February to 11 March 2022"),
        (dt.date(2023, 12, 29), dt.date(2024, 1, 5), "29 December 2023 to 5 January 2024"),
        (dt.date(2022, 2, 24), dt.date(2022, 2, 24), "24 February 2022"),
    ],
)
def test_spans(start: dt.date, end: dt.date, text: str) -> None:
    assert fmt_span(start, end) == text


def test_words() -> None:
    assert fmt_date(dt.date(2024, 12, 24)) == "24 December 2024"
    assert [number_word(n) for n in (0, 5, 13, 40)] == ["zero", "five", "thirteen", "40"]
    assert [ordinal_word(n) for n in (1, 6, 23, 40, 90, 120)] == [
        "first",
        "sixth",
        "twenty-third",
        "fortieth",
        "ninetieth",
        "120th",
    ]
    assert join_words([1, 3, 6]) == "1, 3 and 6"
    assert join_words(["a"]) == "a"


def test_citations_are_deduplicated_and_capped(engine: Engine) -> None:
    answer = engine.render("session.info", {"session": "session-2"})
    keys = [(c.symbol, c.pinpoint) for c in answer.citations]
    assert len(keys) == len(set(keys)) <= 10
    assert {"A/AC.291/8", "A/RES/75/282", "UNODC second session page"} <= {c.symbol for c in answer.citations}


def test_a_document_answer_names_its_addenda(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    addendum = next(s for s in kb.documents if "/Add." in s)
    parent = addendum.rsplit("/Add.", 1)[0]
    assert parent in kb.documents
    assert [d.symbol for d in fixture_engine.renderer.facts.addenda(parent)] == [addendum]
    assert fixture_engine.renderer.facts.addenda(addendum) == []  # an addendum has none of its own
    text = fixture_engine.render("document.lookup", {"document": parent}).text
    assert addendum in text


def test_compiled_answers_are_kept_between_runs_and_an_edited_one_is_compiled_anew(
    fixture_copy: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    kdir, idir = fixture_copy
    compiled: list[str] = []
    real = TemplateSandbox.compile

    def counting(self: TemplateSandbox, source: object, *args: object, **kwargs: object) -> object:
        if isinstance(source, str) and "adopted the" in source:  # the answer asked for, not the tests
            compiled.append(source)
        return real(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TemplateSandbox, "compile", counting)
    first = Engine.from_dirs(kdir, idir, check=False).render("convention.adoption", {}).text
    assert compiled  # the first run compiles the answer
    compiled.clear()
    assert Engine.from_dirs(kdir, idir, check=False).render("convention.adoption", {}).text == first
    assert not compiled  # the next run reads it back
    seed(
        idir / "convention.yaml",
        "The {{ conv.adoption.body }} adopted the",
        "Edited: the {{ conv.adoption.body }} adopted the",
    )
    edited = Engine.from_dirs(kdir, idir, check=False).render("convention.adoption", {}).text
    assert edited.startswith("Edited: the")
    assert compiled


def test_answers_are_compiled_when_no_cache_folder_can_be_made(
    fixture_copy: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / f"_jinja2-cache-{os.getuid()}").write_text("not a folder", encoding="utf-8")
    assert _answer_cache() is None
    kdir, idir = fixture_copy
    text = Engine.from_dirs(kdir, idir).render("convention.adoption", {}).text
    assert "adopted" in text


def test_an_answer_that_reads_nothing_of_the_phrasing_is_made_once_per_day(fixture_engine: Engine) -> None:
    """Another phrasing of the same question reuses the made answer; the day is part of what it
    was made for, and an answer that reads how the question was put is made for each question."""
    r = fixture_engine.renderer
    assert r.phrasing_free["sessions.latest"] and not r.phrasing_free["bureau.by_country"]
    before = r.render("sessions.latest", {}, dt.date(2021, 1, 1))
    assert r.render("sessions.latest", {}, dt.date(2021, 1, 1), Asked.of("what's coming up?")) == before
    assert ("sessions.latest", (), dt.date(2021, 1, 1)) in r.made
    later = r.render("sessions.latest", {}, dt.date(2026, 12, 1))
    assert "Coming up" in before and "Coming up" not in later
    day = dt.date(2026, 12, 1)
    asked_yes = r.render("bureau.by_country", {"country": "Japan"}, day, Asked.of("is japan on the bureau?"))
    plain = r.render("bureau.by_country", {"country": "Japan"}, day, Asked.of("japan bureau seats"))
    assert asked_yes.startswith("Yes.") and not plain.startswith("Yes.")


def test_the_sandbox_remembers_its_verdicts_without_changing_them() -> None:
    """What the sandbox allows is worked out once per kind of object and attribute: a second read of
    an internal attribute is refused as the first was, and a plain field stays readable."""
    from jinja2.exceptions import SecurityError

    from bot.answers.render import make_environment

    env = make_environment()

    def f() -> None:
        return None

    for _ in range(2):
        assert env.from_string("{{ x.upper() }}").render(x="ok") == "OK"
        with pytest.raises(SecurityError):
            env.from_string("{{ f.__globals__ }}").render(f=f)
        assert not env.is_safe_attribute(str, "mro", None)
        assert not env.is_safe_attribute(f, "__code__", None)
