"""Normalization: case, accents, punctuation, symbols, ordinals, synonyms, typos."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engine import Engine
from bot.nlu.normalize import MAX_QUESTION_CHARS, ends_in_bare_ordinal, extract_symbols, fold, tokenize, unify_ordinals

KNOWN = {"A/RES/79/243", "A/AC.291/7", "A/AC.291/9/Add.1", "A/DEC/74/567", "A/78/986", "A/RES/75/282"}


def test_fold_removes_accents_case_and_invisible_characters() -> None:
    assert fold("Markko KÜNNAPU\u200b\u202e (Estonia)") == "markko kunnapu (estonia)"


def test_fold_caps_length() -> None:
    assert len(fold("a" * (MAX_QUESTION_CHARS * 5))) == MAX_QUESTION_CHARS


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("res 79/243", "A/RES/79/243"),
        ("resolution 79/243", "A/RES/79/243"),
        ("a/res/79/243", "A/RES/79/243"),
        ("A / RES / 79 / 243", "A/RES/79/243"),
        ("GA resolution 79/243", "A/RES/79/243"),
        ("a/ac.291/7", "A/AC.291/7"),
        ("ac.291/7", "A/AC.291/7"),
        ("a/ac.291/9/add.1", "A/AC.291/9/Add.1"),
        ("decision 74/567", "A/DEC/74/567"),
        ("74/567", "A/DEC/74/567"),
        ("79/243", "A/RES/79/243"),
        ("A/78/986", "A/78/986"),
        ("what is a/res/70/1?", "A/RES/70/1"),
        ("a ac 291 7", "A/AC.291/7"),
        ("res 79 243", "A/RES/79/243"),
        ("resolution 79-243", "A/RES/79/243"),
        ("decision 74 567", "A/DEC/74/567"),
        ("75-282 what is it", "A/RES/75/282"),
    ],
)
def test_symbol_variants(text: str, symbol: str) -> None:
    folded, symbols = extract_symbols(fold(text), KNOWN)
    assert symbols == [symbol]
    assert "§0" in folded


def test_bare_fraction_is_not_a_symbol_unless_known() -> None:
    assert extract_symbols("12/15 people agreed", KNOWN)[1] == []


@pytest.mark.parametrize(
    "text",
    [
        "it met 10-12 may 2021",
        "adopted on dec 24 2024",
        "what happened dec 24-25 2024",
        "what did the ac 291 2023 session do",
        "the decision 12 2023",
        "resolution 12 14 june",
    ],
)
def test_numbers_written_with_dashes_or_spaces_are_symbols_only_when_known(text: str) -> None:
    assert extract_symbols(fold(text), KNOWN)[1] == []


def test_tokenize_handles_contractions_and_punctuation() -> None:
    assert tokenize(fold("Who's the vice-chair from Japan?!")) == ["who", "is", "the", "vice", "chair", "from", "japan"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("fourth session", ["4th", "session"]),
        ("4th session", ["4th", "session"]),
        ("session 4", ["session", "4th"]),
        ("session IV", ["session", "4th"]),
        ("session four", ["session", "4th"]),
        ("one-day meeting", ["one", "day", "meeting"]),
        ("I think", ["i", "think"]),
    ],
)
def test_ordinals_are_unified(text: str, tokens: list[str]) -> None:
    assert unify_ordinals(tokenize(fold(text))) == tokens


def test_synonyms_and_typos_use_the_vocabulary(engine: Engine) -> None:
    norm = engine.analyzer.normalizer.normalize("wen was the AHC set up by UNGA")
    assert norm.tokens[:2] == ("when", "was")
    assert "ahc" in norm.tokens
    assert norm.tokens[-2:] == ("general", "assembly")
    assert engine.analyzer.normalizer.normalize("adoped").tokens == ("adopted",)
    assert engine.analyzer.normalizer.normalize("secnd sesion").tokens == ("2nd", "session")


def test_unrelated_words_are_not_corrected_into_domain_words(engine: Engine) -> None:
    for word in ("budapest", "istanbul", "geneva", "pizza", "python"):
        assert engine.analyzer.normalizer.normalize(word).tokens == (word,)


def test_security_council_resolution_number_is_a_symbol() -> None:
    assert extract_symbols(fold("what does resolution 2334 say"), KNOWN)[1] == ["S/RES/2334"]
    assert extract_symbols(fold("resolution 79/243"), KNOWN)[1] == ["A/RES/79/243"]


def test_a_held_key_is_squeezed_back_to_the_word(fixture_engine) -> None:
    normalizer = fixture_engine.analyzer.normalizer
    assert normalizer.correct("sesssssion") == "session"
    assert normalizer.correct("whooo") == "who"


@pytest.mark.parametrize("typed", ["AHC4 dates", "sess4 dates", "session4 dates"])
def test_a_session_number_typed_onto_its_word_is_that_session(fixture_engine: Engine, typed: str) -> None:
    assert fixture_engine.analyze(typed).extraction.values("session") == ["session-4"]


def test_a_bare_number_before_one_session_is_its_place_and_before_several_a_count(engine: Engine) -> None:
    normalize = engine.analyzer.normalizer.normalize
    assert "5th" in normalize("in which place the 5 session was").tokens
    assert "5th" in normalize("the 5 sess venue").tokens
    assert "6" in normalize("did it plan exactly 6 sessions?").tokens


def _fold_by_characters(text: str) -> str:
    """The long way round: every character normalised and classified (what a non-ASCII text gets)."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", text[:MAX_QUESTION_CHARS])
    kept = []
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        cat = unicodedata.category(ch)
        if cat == "Mn":
            continue
        kept.append(" " if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else ch)
    return re.sub(r"\s+", " ", "".join(kept)).strip()


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=300))
def test_fold_takes_a_short_cut_for_plain_ascii_that_changes_nothing(text: str) -> None:
    assert fold(text) == _fold_by_characters(text)


def test_an_ordinals_one_after_a_meeting_noun_is_that_noun(fixture_engine: Engine) -> None:
    norm = fixture_engine.analyzer.normalizer
    assert norm.normalize("the 4th session and the 5th one").tokens[-2:] == ("5th", "session")
    assert norm.normalize("the 5th one").tokens[-1] == "one"  # no meeting named before: nothing to repeat
    both = fixture_engine.analyze("when was the fourth session and the fifth one").extraction.values("session")
    assert both == ["session-4", "session-5"]


@pytest.mark.parametrize(
    "text", ["which meeting came after the 2nd one", "during the sessions, who was the 1st one to sign"]
)
def test_an_ordinals_one_after_an_unnumbered_meeting_stays_one(fixture_engine: Engine, text: str) -> None:
    assert "one" in fixture_engine.analyzer.normalizer.normalize(text).tokens


def test_an_ampersand_is_and() -> None:
    assert tokenize(fold("latin america & caribbean")) == ["latin", "america", "and", "caribbean"]


@pytest.mark.parametrize(
    ("tokens", "bare"),
    [
        (["venue", "of", "the", "5th"], True),
        (["when", "was", "the", "6th"], True),
        (["when", "was", "the", "5th", "session"], False),  # its own noun
        (["the", "1st", "consultation", "and", "the", "5th"], False),  # a meeting named: "the 5th one" of it
        (["what", "happened", "on", "may", "5th"], False),  # a day of a month
        (["what", "happened", "on", "the", "24th"], False),  # no session is numbered so high
        (["5th", "venue"], False),
        (["which", "resolution", "came", "1st"], False),  # an order, not a number
        (["is", "this", "treaty", "the", "1st"], False),
        ([], False),
    ],
)
def test_a_question_closing_on_a_bare_ordinal(tokens: list[str], bare: bool) -> None:
    assert ends_in_bare_ordinal(tokens) is bare


def test_were_with_an_apostrophe_is_we_are() -> None:
    """ "we're a small NGO" states; "were the sessions in Vienna" asks."""
    assert tokenize(fold("we're a small NGO"))[:2] == ["we", "are"]
    assert tokenize(fold("they’re late"))[:2] == ["they", "are"]
    assert tokenize(fold("were the sessions in vienna"))[0] == "were"
