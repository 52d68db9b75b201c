"""Entities come from the knowledge: sessions, countries and demonyms, people, groups, symbols."""

from __future__ import annotations

import pytest

from bot.engine import Engine


def entities(engine: Engine, text: str) -> dict[str, str]:
    return engine.analyzer.analyze(text).extraction.as_dict()


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("the second session", "session", "session-2"),
        ("2nd session", "session", "session-2"),
        ("session II", "session", "session-2"),
        ("the reconvened concluding session", "session", "reconvened-concluding"),
        ("concluding session", "session", "concluding"),
        ("3rd intersessional consultation", "session", "consultation-3"),
        ("the Japanese vice-chair", "country", "Japan"),
        ("someone from Russia", "country", "Russian Federation"),
        ("Kunnapu", "person", "Markko Künnapu"),
        ("Mr. Tyendezwa", "person", "Terlumun George-Maria Tyendezwa"),
        ("GRULAC", "group", "latin-american-caribbean"),
        ("the asia pacific group", "group", "asia-pacific"),
        ("sessions in NYC", "venue", "new-york"),
        ("rapporteur", "position", "rapporteur"),
        ("vice chair", "position", "vice-chair"),
        ("A/AC.291/7", "document", "A/AC.291/7"),
        ("A/RES/70/1", "symbol", "A/RES/70/1"),
    ],
)
def test_entity_is_found(engine: Engine, text: str, kind: str, value: str) -> None:
    assert entities(engine, text).get(kind) == value


def test_longest_match_wins(engine: Engine) -> None:
    found = entities(engine, "the reconvened concluding session")
    assert found == {"session": "reconvened-concluding"}


def test_vice_chair_is_not_chair(engine: Engine) -> None:
    assert entities(engine, "who is the vice-chair")["position"] == "vice-chair"


def test_pronoun_us_is_not_the_united_states(engine: Engine) -> None:
    assert "country" not in entities(engine, "can you tell us about the convention")


@pytest.mark.parametrize("written", ["{a}", "{dotted}"])
def test_an_acronym_that_is_a_common_word_names_its_country_in_capitals(fixture_engine: Engine, written: str) -> None:
    country, alias = next(
        (c.name, a)
        for c in fixture_engine.kb.countries.values()
        for a in c.aliases
        if a.isupper() and a.lower() in fixture_engine.analyzer.ignored
    )
    typed = written.format(a=alias, dotted=".".join(alias) + ".")
    assert entities(fixture_engine, f"was the {typed} on the bureau")["country"] == country
    assert "country" not in entities(fixture_engine, f"was the {alias.lower()} on the bureau")


def test_entities_become_placeholders_for_scoring(engine: Engine) -> None:
    analysis = engine.analyzer.analyze("when was the 4th session")
    assert "<session>" in analysis.content


def test_a_meeting_named_short_runs_on_through_words_of_its_longer_name(fixture_engine: Engine) -> None:
    session = next(s for s in fixture_engine.kb.sessions if s.kind == "post-adoption")
    analysis = fixture_engine.analyze("when is the post-adoption session on the draft rules of procedure?")
    assert analysis.extraction.values("session") == [session.id]
    assert "draft" not in analysis.extraction.tokens and "procedure" not in analysis.extraction.tokens
    # words that are no part of its names stay the question's
    kept = fixture_engine.analyze("when is the post-adoption session in vienna?").extraction.tokens
    assert "in" in kept


def test_a_session_of_another_body_is_none_of_the_committees(fixture_engine: Engine) -> None:
    """'the first session of the Conference of the States Parties' is not the Committee's first
    session, nor an unknown session of the Committee; 'the first session of the AHC' is its first."""
    theirs = fixture_engine.analyze("where will the first session of the conference of the states parties be held")
    ours = fixture_engine.analyze("where was the first session of the ahc held")
    assert not theirs.extraction.values("session") and not theirs.extraction.values("unknown_session")
    assert ours.extraction.values("session") == ["session-1"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("who is george-maria tyendezwa", True),
        ("what seat does Terlumun hold", True),
        ("george maria?", True),
        ("@maria did you send me the slides?", False),  # a piece of a hyphenated given name names no one
    ],
)
def test_a_name_is_known_by_its_whole_words(fixture_engine: Engine, text: str, named: bool) -> None:
    found = entities(fixture_engine, text).get("person")
    assert (found == "Terlumun George-Maria Tyendezwa") is named
