"""The engine's small public API for the front ends: what slash commands need, on fixture knowledge."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.kb.frontends import FRONT_END_INTENTS
from bot.kb.loader import KnowledgeError, load_intents, load_knowledge


def test_find_names_the_first_thing_of_the_kinds_asked(fixture_engine: Engine) -> None:
    assert fixture_engine.find("vice chair from japan", ["person", "country"]) == ("country", "Japan")
    assert fixture_engine.find("the 4th session", ["session"]) == ("session", "session-4")
    assert fixture_engine.find("the 4th session", ["country"]) is None


def test_choices_list_every_thing_of_a_kind_with_its_label(fixture_engine: Engine) -> None:
    sessions = fixture_engine.choices("session")
    assert sorted(sessions.values()) == sorted(s.id for s in fixture_engine.kb.sessions)
    assert "Fourth session (2023)" in sessions
    documents = fixture_engine.choices("document")
    assert all(v in fixture_engine.kb.documents for v in documents.values())
    assert not [v for v in documents.values() if fixture_engine.kb.documents[v].kind == "web page"]


@pytest.mark.parametrize(("typed", "symbol"), [("a/ac.291/7", "A/AC.291/7"), ("res 79/243", "A/RES/79/243")])
def test_document_symbol_is_written_as_the_un_writes_it(fixture_engine: Engine, typed: str, symbol: str) -> None:
    assert fixture_engine.document_symbol(typed) == symbol


def test_questions_in_a_topic_split_by_what_they_need(fixture_engine: Engine) -> None:
    free, named = fixture_engine.questions_in("sessions")
    assert ("sessions.timeline", fixture_engine.by_id["sessions.timeline"].title) in free
    assert fixture_engine.by_id["session.dates"].title in named
    assert set(fixture_engine.topics()) >= {"sessions", "bureau", "convention"}


def test_validate_names_an_intent_the_commands_need_that_was_renamed(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    used = next(u for u in FRONT_END_INTENTS if u.id == "session.info")
    for path in i.glob("*.yaml"):  # renamed everywhere in the YAML, as a careful maintainer would
        path.write_text(path.read_text(encoding="utf-8").replace("session.info", "session.about"), "utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_intents(i, load_knowledge(k))
    messages = [str(p) for p in err.value.problems]
    assert any(f"unknown intent '{used.id}': the Discord commands use it ({used.used_by})" in m for m in messages)


def test_validate_names_a_command_intent_that_needs_more_than_the_command_gives(
    fixture_copy: tuple[Path, Path],
) -> None:
    k, i = fixture_copy
    conv = i / "convention.yaml"
    ctext = conv.read_text(encoding="utf-8")
    at = ctext.index("- id: convention.overview\n")
    head, tail = ctext[:at], ctext[at:]
    tail = tail.replace("    topic: convention\n", "    topic: convention\n    requires: [session]\n", 1)
    conv.write_text(head + tail, "utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_intents(i, load_knowledge(k))
    assert any(
        "the Discord commands use 'convention.overview' (/convention) but cannot give it session" in str(p)
        for p in err.value.problems
    )
