"""Understanding by structure: follow-ups, time phrases, articles, acronyms inside names, the
decision's named checks, and fitting the weights."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from bot.answers.answer import Answer
from bot.answers.render import ordinal_word
from bot.engine import Engine
from bot.fit import FOLDS, collect, cross_validate, fit_rows
from bot.kb.models import Session
from bot.nlu.decide import Signals, Thresholds, decide
from bot.nlu.model import FEATURES

from .edits import add_line_after
from .kb.test_loader import seed


def alone_in_its_month(sessions: list[Session], s: Session) -> bool:
    """No other meeting started in the month this one did: a month and year name it alone."""
    return sum((o.start.year, o.start.month) == (s.start.year, s.start.month) for o in sessions) == 1


def first_session_of_kind(engine: Engine, kind: str) -> str:
    return next(s.id for s in engine.kb.sessions if s.kind == kind)


def structural(engine: Engine, question: str) -> set[str]:
    """The intents that fit a question by structure."""
    return {engine.intents[i].id for i, f, _, _ in engine.features(engine.analyze(question)) if f["structure"]}


def structure_of(engine: Engine, question: str, intent_id: str) -> float:
    """The structure feature of one intent for a question (0 when it is not even a candidate)."""
    found = [
        f["structure"] for i, f, _, _ in engine.features(engine.analyze(question)) if engine.intents[i].id == intent_id
    ]
    return found[0] if found else 0.0


def test_followup_with_a_new_aspect_keeps_the_subject(engine: Engine) -> None:
    first = engine.ask("when was the fifth session?")
    assert first.intent == "session.dates"
    follow = engine.ask("and where was it?", context=first.context)
    assert follow.answered
    assert follow.intent == "session.venue"
    assert follow.entities["session"] == first.entities["session"]


def test_followup_with_a_new_subject_keeps_the_question(engine: Engine) -> None:
    first = engine.ask("when was the fifth session?")
    follow = engine.ask("what about the sixth?", context=first.context)
    assert follow.intent == "session.dates"
    assert follow.entities["session"] != first.entities["session"]


def test_followup_with_another_country(engine: Engine) -> None:
    countries = sorted({s.holder.country for s in engine.kb.current.seats if s.holder})
    first = engine.ask(f"who is the vice-chair from {countries[0]}?")
    assert first.intent == "bureau.by_country"
    follow = engine.ask(f"and {countries[1]}?", context=first.context)
    assert follow.intent == "bureau.by_country"
    assert follow.entities["country"] == countries[1]


def test_followup_without_context_is_not_guessed(engine: Engine) -> None:
    assert not engine.ask("and where was it?").answered


def test_a_question_that_stands_alone_ignores_the_context(engine: Engine) -> None:
    first = engine.ask("when was the fifth session?")
    other = engine.ask("who serves as the secretariat?", context=first.context)
    assert other.intent == "committee.secretariat"


def test_a_time_phrase_picks_the_session_held_then(engine: Engine) -> None:
    session = next(s for s in engine.kb.sessions if s.kind == "negotiating" and s.venue)
    month = session.start.strftime("%b").lower()
    venue = engine.kb.venues[session.venue].name
    ans = engine.ask(f"where was the {venue} session in {month} {session.start.year}")
    assert ans.entities.get("session") == session.id


def test_future_words_pick_the_next_meeting_from_the_clock(engine: Engine) -> None:
    last = max(engine.kb.sessions, key=lambda s: s.start)
    before = Engine(engine.kb, engine.intent_set, clock=lambda: last.start - dt.timedelta(days=30))
    after = Engine(engine.kb, engine.intent_set, clock=lambda: last.end + dt.timedelta(days=30))
    assert before.ask("when is the upcoming session").entities.get("session") == last.id
    assert after.ask("when is the upcoming session").entities.get("session") is None


def test_a_year_alone_does_not_make_a_question_about_a_session(engine: Engine) -> None:
    ans = engine.ask("who was elected to the bureau in 2021")
    assert "session" not in ans.entities


def test_article_numbers_are_entities(engine: Engine) -> None:
    analysis = engine.analyze("what does art 64 say")
    assert analysis.extraction.values("article") == ["64"]
    assert "<article>" in analysis.extraction.tokens


def test_an_acronym_inside_a_session_name_is_skipped(engine: Engine) -> None:
    plain = engine.ask("4th session venue")
    with_acronym = engine.ask("4th AHC session venue")
    assert with_acronym.intent == plain.intent == "session.venue"
    assert with_acronym.entities["session"] == plain.entities["session"]


def test_two_aspects_of_one_session_get_both_answers(engine: Engine) -> None:
    session = engine.kb.sessions_by_id[first_session_of_kind(engine, "negotiating")]
    ans = engine.ask("1st session where n when")
    assert ans.answered
    assert engine.kb.venues[session.venue or ""].name in ans.text
    assert str(session.start.year) in ans.text


def test_a_namesake_is_not_a_bureau_member(engine: Engine) -> None:
    holder = next(s.holder for s in engine.kb.current.seats if s.holder and len(s.holder.name.split()) > 2)
    first_name = holder.name.split()[0]
    assert not engine.ask(f"who is {first_name} Zyxwvut").answered


def test_explain_names_the_check_that_refused(engine: Engine) -> None:
    ans = engine.ask("When was the Budapest Convention adopted?", explain=True)
    assert ans.explain is not None
    assert ans.explain["decision"] == "refuse: other_body"
    assert any(c.startswith("other_body: FIRED") for c in ans.explain["checks"])
    assert engine.ask("When was the Budapest Convention adopted?").explain is None


def signals(**overrides: object) -> Signals:
    base: dict[str, object] = {
        "empty": False,
        "unknown_sessions": (),
        "unknown_symbols": (),
        "other_bodies": (),
        "vague": False,
        "top_intent": "x",
        "top": 0.9,
        "second": 0.0,
        "missing": (),
        "reads_as_question": True,
        "chatter": False,
    }
    base.update(overrides)
    return Signals(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({}, None),
        ({"top": 0.3}, "below_threshold"),
        ({"top": 0.6, "second": 0.59}, "ambiguous"),
        ({"top": 0.9, "second": 0.89}, None),
        ({"unknown_symbols": ("A/RES/70/1",)}, "unknown_symbol"),
        ({"other_bodies": ("budapest",)}, "other_body"),
        ({"missing": ("session",)}, "missing_slot"),
        ({"vague": True}, "vague"),
        ({"mostly_unknown": True}, "mostly_unknown"),
        ({"unheld_meetings": ("2019",)}, "unheld_meeting"),
    ],
)
def test_decision_checks(overrides: dict[str, object], reason: str | None) -> None:
    decision = decide(signals(**overrides), "ask", Thresholds(answer=0.5, margin=0.02))
    assert decision.reason == reason
    assert decision.answer == (reason is None)


def test_channel_mode_stays_silent_on_statements() -> None:
    assert decide(signals(reads_as_question=False), "channel", Thresholds()).reason == "not_a_question"
    assert decide(signals(reads_as_question=False), "ask", Thresholds()).answer


def test_fitted_weights_separate_right_from_wrong(engine: Engine) -> None:
    rows = collect(engine)
    model = fit_rows(rows)
    assert set(model.weights) == set(FEATURES)
    right = [model.score(f) for r in rows for (_, f, _), y in zip(r.candidates, r.labels(), strict=True) if y]
    wrong = [model.score(f) for r in rows for (_, f, _), y in zip(r.candidates, r.labels(), strict=True) if not y]
    assert sum(right) / len(right) > 2 * sum(wrong) / len(wrong)
    cv = cross_validate(engine, rows)
    assert len({h.case.question for h in cv.held}) > 100
    assert FOLDS >= 5


def test_an_intent_that_needs_no_named_thing_matches_by_its_subject_and_aspect(fixture_engine: Engine) -> None:
    # no example says "by when may parties put pen to paper": the subject and the aspect decide
    assert structural(fixture_engine, "by when may parties put pen to paper") == {"convention.signature"}
    assert structural(fixture_engine, "how many parties put pen to paper") == {"convention.status"}
    assert fixture_engine.ask("by when may parties put pen to paper").intent == "convention.signature"


def test_a_remark_in_a_faq_channel_is_not_taken_as_a_follow_up(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("where was the fourth session held?", "channel")
    assert first.answered and first.context is not None
    assert not fixture_engine.ask("lol vienna", "channel", first.context).answered
    assert fixture_engine.ask("and the fifth?", "channel", first.context).answered


def test_a_question_that_points_back_is_read_with_the_previous_subject(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("who is the vice-chair from portugal")
    assert first.intent == "bureau.by_country" and first.context is not None
    alone = fixture_engine.ask("which regional group is that seat in?")
    follow = fixture_engine.ask("which regional group is that seat in?", context=first.context)
    assert alone.intent != "bureau.by_country"  # without the conversation it names no country
    assert follow.intent == "bureau.by_country"
    assert "Western European" in follow.text


def test_they_after_a_meeting_points_back_at_that_meeting(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("when did the sixth session take place")
    assert first.entities.get("session") == "session-6" and first.context is not None
    follow = fixture_engine.ask("what did they work on?", context=first.context)
    assert follow.answered and follow.entities.get("session") == "session-6"


def test_a_bare_question_that_points_back_asks_about_the_previous_answer(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("which resolution adopted the convention?")
    assert first.intent == "convention.adoption" and first.context is not None
    assert not fixture_engine.ask("when was that?").answered  # alone it says nothing
    assert fixture_engine.ask("when was that?", context=first.context).intent == "convention.adoption"


def test_a_convention_named_by_an_unknown_word_is_another_treaty(fixture_engine: Engine) -> None:
    ours = fixture_engine.ask("when was the convention against cybercrime adopted?", explain=True)
    other = fixture_engine.ask("when was the convention against zorblaxia adopted?", explain=True)
    assert ours.answered
    assert not other.answered
    assert other.explain is not None and other.explain["decision"] == "refuse: other_body"


def test_a_bare_follow_up_with_nothing_to_follow_stays_silent_in_a_faq_channel(fixture_engine: Engine) -> None:
    alone = fixture_engine.ask("what about the other thing", "channel", explain=True)
    assert not alone.answered
    assert alone.explain is not None and any(c.startswith("needs_context: FIRED") for c in alone.explain["checks"])
    # one that names what it asks about stands on its own, and one with something to follow follows it
    assert fixture_engine.ask("and where was the 4th session?", "channel").answered
    first = fixture_engine.ask("when was the 4th session?", "channel")
    assert fixture_engine.ask("what about the 5th?", "channel", first.context).answered


def test_a_friendly_opening_does_not_hide_a_question_in_a_faq_channel(fixture_engine: Engine) -> None:
    plain = fixture_engine.analyze("who is the vice-chair from portugal")
    opened = fixture_engine.analyze("quick q who is the vice-chair from portugal")
    statement = fixture_engine.analyze("quick q portugal has a vice-chair")
    assert fixture_engine.analyzer.is_question(plain)
    assert fixture_engine.analyzer.is_question(opened)
    assert not fixture_engine.analyzer.is_question(statement)
    assert fixture_engine.ask("quick q who is the vice-chair from portugal", "channel").intent == "bureau.by_country"


@pytest.mark.parametrize("written", ["{d} {mon} {y}", "{d}th of {month} {y}", "{mon} {d} {y}"])
def test_a_whole_date_picks_the_meeting_held_that_day(fixture_engine: Engine, written: str) -> None:
    sessions = fixture_engine.kb.sessions
    # a session that is the only one under way on its first day, while its month holds another
    session = next(
        s
        for s in sessions
        if sum(o.start <= s.start <= o.end for o in sessions) == 1
        and sum(o.start.month == s.start.month and o.start.year == s.start.year for o in sessions) > 1
    )
    day = session.start
    text = written.format(d=day.day, mon=day.strftime("%b").lower(), month=day.strftime("%B"), y=day.year)
    analysis = fixture_engine.analyze(f"what happened on {text}")
    assert analysis.extraction.values("session") == [session.id]


@pytest.mark.parametrize(("part", "months"), [("early {y}", (1, 4)), ("the end of {y}", (9, 12))])
def test_a_part_of_a_year_picks_the_meeting_held_in_those_months(
    fixture_engine: Engine, part: str, months: tuple[int, int]
) -> None:
    meetings = [s for s in fixture_engine.kb.sessions if s.kind != "consultation"]
    a, b = months

    def held_then(s, y: int) -> bool:
        return s.start <= dt.date(y, b, 28) and s.end >= dt.date(y, a, 1)

    # a year with one meeting in those months and another outside them
    year, inside = next(
        (y, held[0])
        for y in sorted({s.start.year for s in meetings})
        if len(held := [s for s in meetings if held_then(s, y)]) == 1
        and any(s.start.year == y and not held_then(s, y) for s in meetings)
    )
    analysis = fixture_engine.analyze(f"where was the session in {part.format(y=year)}")
    assert analysis.extraction.values("session") == [inside.id]


@pytest.mark.parametrize("asked", ["what's the {mon} {y} meeting for", "what was the meeting in {mon} {y} about"])
def test_the_word_meeting_beside_a_time_phrase_is_part_of_the_meetings_name(fixture_engine: Engine, asked: str) -> None:
    # the only meeting of its month: "the jan 2026 meeting" asks about that meeting, and the generic
    # word does not pull the question to the answers that speak of meetings in general
    sessions = fixture_engine.kb.sessions
    session = next(
        s
        for s in sessions
        if sum((o.start.year, o.start.month) == (s.start.year, s.start.month) for o in sessions) == 1
    )
    question = asked.format(mon=session.start.strftime("%b").lower(), y=session.start.year)
    analysis = fixture_engine.analyze(question)
    assert analysis.extraction.values("session") == [session.id]
    assert "meeting" not in analysis.extraction.tokens
    assert fixture_engine.ask(question).intent == "session.info"


def test_a_word_of_its_own_name_tells_a_meeting_from_another_held_the_same_month(fixture_engine: Engine) -> None:
    sessions = fixture_engine.kb.sessions
    by_month = Counter((s.start.year, s.start.month) for s in sessions)
    # a month that holds two meetings, and a word of one's own name the other's lacks
    pair = next(
        (a, b)
        for a in sessions
        for b in sessions
        if a is not b
        and by_month[(a.start.year, a.start.month)] == 2
        and (a.start.year, a.start.month) == (b.start.year, b.start.month)
        and fixture_engine.analyzer.own_name_words(a) - fixture_engine.analyzer.own_name_words(b)
    )
    one, other = pair
    word = sorted(fixture_engine.analyzer.own_name_words(one) - fixture_engine.analyzer.own_name_words(other))[0]
    month = f"{one.start:%b} {one.start.year}".lower()
    assert fixture_engine.analyze(f"which decision set up the {word} meeting in {month}").extraction.values(
        "session"
    ) == [one.id]
    assert fixture_engine.analyze(f"which decision set up the meeting in {month}").extraction.values("session") == []


def test_a_record_word_and_a_date_that_covers_the_meeting_pick_it_together(fixture_engine: Engine) -> None:
    an = fixture_engine.analyzer
    # a word only one meeting's record uses, typed as it is stemmed
    word, sid = next((w, sid) for w, sid in sorted(an.record_hints.items()) if an.stem(w) == w and w.isalpha())
    session = fixture_engine.kb.sessions_by_id[sid]
    month = f"{session.start:%b} {session.start.year}".lower()
    assert fixture_engine.analyze(f"what did they decide when they {word} in {month}").extraction.values("session") == [
        sid
    ]
    # in a clause that dates the question, the word says when on its own
    assert fixture_engine.analyze(f"what did the committee decide when it {word}").extraction.values("session") == [sid]
    # the word alone elsewhere, or the date alone, picks nothing
    assert fixture_engine.analyze(f"did they {word} anything").extraction.values("session") == []
    assert fixture_engine.analyze(f"what did they decide in {month}").extraction.values("session") == []


def test_a_time_long_before_anything_known_names_something_else(fixture_engine: Engine) -> None:
    first = min(s.start for s in fixture_engine.kb.sessions)
    before = fixture_engine.ask(f"what did the general assembly adopt in december {first.year - 30}", explain=True)
    assert not before.answered
    assert before.explain is not None and any(c.startswith("unknown_time: FIRED") for c in before.explain["checks"])
    assert fixture_engine.ask(f"what happened in {first:%B} {first.year}").answered


def test_a_time_years_after_anything_known_and_today_names_what_no_source_holds(fixture_engine: Engine) -> None:
    latest = max(d for s in fixture_engine.kb.sessions for d in (s.start, s.end))
    year = max(latest, fixture_engine.clock()).year
    far = fixture_engine.ask(f"what were the outcomes of the sessions in {year + 4}", explain=True)
    assert not far.answered
    assert far.explain is not None and any(c.startswith("unknown_time: FIRED") for c in far.explain["checks"])
    near = fixture_engine.ask(f"what happened in {latest:%B} {latest.year}", explain=True)
    assert near.explain is not None and any(c.startswith("unknown_time: ok") for c in near.explain["checks"])


def test_a_meeting_named_by_a_time_or_place_where_none_was_held_is_refused(fixture_engine: Engine) -> None:
    sessions = fixture_engine.kb.sessions
    years = {d.year for s in sessions for d in (s.start, s.end)}
    empty = next(y for y in range(min(years), max(years) + 1) if y not in years) if len(years) > 1 else None
    empty = empty or min(years) - 1
    held = sessions[0]
    for question in (f"who chaired the {empty} session", f"where was the meeting in {empty}"):
        answer = fixture_engine.ask(question, explain=True)
        assert not answer.answered, question
        assert answer.explain is not None and any(
            c.startswith("unheld_meeting: FIRED") for c in answer.explain["checks"]
        )
        assert f"no meeting in {empty}" in answer.text
    nowhere = fixture_engine.ask("when was the committee session in nairobi?")
    assert not nowhere.answered and "no meeting in Nairobi" in nowhere.text
    # a year some meeting was held in, or an unknown word that is not a place, stays a question
    dated = fixture_engine.ask(f"where was the session in {held.start:%B} {held.start.year}", explain=True)
    assert dated.explain is not None and any(c.startswith("unheld_meeting: ok") for c in dated.explain["checks"])
    assert (
        fixture_engine.analyzer.unheld_meetings(fixture_engine.analyze("the session in hybrid format"), held.start)
        == []
    )


def test_an_impossible_date_is_no_date(fixture_engine: Engine) -> None:
    assert not [t for t in fixture_engine.analyze("what happened on 31 feb 2022").times if t.start == t.end]


def test_a_question_dated_at_the_earlier_listing_marks_the_intents_about_today(fixture_engine: Engine) -> None:
    earlier = fixture_engine.kb.elected_2021.as_of
    assert earlier is not None
    country = next(s.holder.country for s in fixture_engine.kb.elected_2021.seats if s.holder)

    def dated(question: str) -> dict[str, float]:
        analysis = fixture_engine.analyze(question)
        return {fixture_engine.intents[i].id: f["dated_earlier"] for i, f, _, _ in fixture_engine.features(analysis)}

    then = dated(f"was {country} on the bureau in {earlier.year}")
    now = dated(f"is {country} on the bureau")
    sensitive = {i.id for i in fixture_engine.intents if i.time_sensitive}
    assert then and all(v == float(i in sensitive) for i, v in then.items())
    assert any(then[i] for i in then if i in sensitive)
    assert not any(now.values())
    assert not any(dated(f"was {country} on the bureau in {earlier.year + 3}").values())


def test_told_counts_the_question_words_an_answer_contains(fixture_engine: Engine) -> None:
    # The signature answer names Hanoi's ceremony; the adoption answer does not: "told" tells them apart
    # for a question whose words no example of either uses.
    analysis = fixture_engine.analyze("who organised the signing ceremony in hanoi")
    told = {fixture_engine.intents[i].id: f["told"] for i, f, _, _ in fixture_engine.features(analysis)}
    assert told["convention.signature"] > told.get("convention.adoption", 0.0)
    assert all(0.0 <= v <= 1.0 for v in told.values())


def test_told_ignores_how_a_question_asks(fixture_engine: Engine) -> None:
    # "how long" and "last" say how the question asks, not what it is about: nothing left to be told.
    analysis = fixture_engine.analyze("how long did the 4th session last")
    assert all(f["told"] == 0.0 for _, f, _, _ in fixture_engine.features(analysis))


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("what is the mascot of the ad hoc committee", True),
        ("what's the population of Japan", True),
        ("what is the mandate of the committee", False),
        ("who is running the committee", False),
        ("when was the 4th session", False),
        ("what's the committee's mascot?", True),
        ("what is the convention's title", False),
        ("what is the zorblax of the flimflam", True),
        ("what mascot does the committee have", True),
        ("what languages is the convention published in", True),
        ("which sessions were held in vienna", False),
        ("mascot of japan?", True),  # the first word is the thing asked for
        ("ok so mascot of the committee", True),
        ("4th session venue", False),
        ("how many zorblax attacks were there in 2024", True),  # a count of an unknown thing
        ("how many sessions were there in 2024", False),
        ("what was the mascot like in vienna", True),
    ],
)
def test_an_unknown_attribute_of_a_known_thing_is_marked(fixture_engine: Engine, question: str, focus: bool) -> None:
    assert fixture_engine.analyze(question).focus_unknown is focus


def _turns(engine: Engine, *questions: str) -> Answer:
    context = None
    for q in questions:
        answer = engine.ask(q, "ask", context)
        context = answer.context or context
    return answer


def test_the_acts_about_one_meeting_are_asked_in_turn(fixture_engine: Engine) -> None:
    meeting = next(s for s in fixture_engine.kb.sessions if len(s.postponed_by) > 1)
    first, second = (c.symbol for c in meeting.postponed_by[:2])
    asked_first = f"what did decision {first.split('/', 2)[-1]} do"
    assert _turns(fixture_engine, asked_first).slots == {"document": first}
    for then in ("and the second postponement?", "and which decision pushed it back again?", "and the other one?"):
        assert _turns(fixture_engine, asked_first, then).slots == {"document": second}, then
    # "again" alone asks to be reminded, not for the next act
    assert _turns(fixture_engine, asked_first, "what did it decide again?").slots == {"document": first}
    # after an answer about the meeting that cites its acts, an ordinal picks one of them
    asked = _turns(fixture_engine, f"which decision first postponed the {meeting.name}", "and the second one?")
    assert asked.slots == {"document": second}


def test_an_ordinal_after_a_numbered_session_still_picks_the_session(fixture_engine: Engine) -> None:
    asked = _turns(fixture_engine, "which decision convened the first session", "and the 2nd?")
    assert asked.intent == "session.convened_under" and asked.slots == {"session": "session-2"}


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("what did resolution 74/247 say about the mandate", "committee.mandate"),
        ("what is 74/247", "document.lookup"),
        ("what is document A/RES/74/247", "document.lookup"),  # the kind of document is no subject
        ("A/RES/79/243 title", "document.lookup"),  # nor is what its record holds
        ("when was A/RES/79/243 adopted", "document.lookup"),  # nor its adoption
    ],
)
def test_a_subject_asked_of_a_document_gets_the_answer_about_that_subject(
    fixture_engine: Engine, question: str, intent: str
) -> None:
    assert fixture_engine.ask(question).intent == intent


def test_a_verb_before_the_committee_names_no_other_body(fixture_engine: Engine) -> None:
    assert fixture_engine.analyze("who is running the committee right now").other_things == ()
    assert fixture_engine.analyze("what did the zorblax committee decide").other_things == ("zorblax",)


def test_who_a_yes_no_question_opens_on_is_named(fixture_engine: Engine) -> None:
    # "did zorblaxia sign": the bot knows no such State, so it must not answer "Yes" about signing
    assert fixture_engine.analyze("did zorblaxia sign the convention").other_things == ("zorblaxia",)
    assert not fixture_engine.ask("did zorblaxia sign the convention").answered
    assert fixture_engine.analyze("did the committee adopt the text").other_things == ()
    assert fixture_engine.analyze("has signing started").other_things == ()


def test_probe_questions_are_scored_by_their_checks_and_never_fitted_on(fixture_engine: Engine, tmp_path) -> None:
    probe = tmp_path / "probe.yaml"
    probe.write_text(
        "cases:\n"
        "- {id: p1, q: 'by when may parties put pen to paper', expect: ['31 December 2026']}\n"
        "- {id: p2, q: 'what is the capital of peru', answered: false}\n"
        "- {id: p3, q: 'anything', answered: any}\n",
        encoding="utf-8",
    )
    rows = collect(fixture_engine, [probe])
    probes = [r for r in rows if r.probe]
    assert [r.case.question for r in probes] == ["by when may parties put pen to paper", "what is the capital of peru"]
    answered = probes[0]
    passing = {c[0] for c, ok in zip(answered.candidates, answered.passing, strict=True) if ok}
    assert "convention.signature" in passing
    assert "convention.adoption" not in passing
    # fitting reads the same rows with and without the probes
    assert fit_rows(rows).weights == fit_rows([r for r in rows if not r.probe]).weights
    cv = cross_validate(fixture_engine, rows)
    (_, total), (_, oos) = cv.at(cv.thresholds, probe=True)
    assert (total, oos) == (1, 1)


@pytest.mark.parametrize(
    ("first", "then", "place"),
    [
        ("when was the fourth session?", "and the one right after it?", 1),
        ("when was the fourth session?", "and the one before?", -1),
    ],
)
def test_a_followup_picks_a_meeting_by_its_place_in_the_order(
    fixture_engine: Engine, first: str, then: str, place: int
) -> None:
    a = fixture_engine.ask(first)
    b = fixture_engine.ask(then, context=a.context)
    negotiating = [s.id for s in sorted(fixture_engine.kb.sessions, key=lambda s: s.start) if s.kind == "negotiating"]
    assert b.intent == a.intent
    assert b.entities["session"] == negotiating[negotiating.index(a.entities["session"]) + place]


def test_the_last_one_of_a_kind_after_the_first(fixture_engine: Engine) -> None:
    first = first_session_of_kind(fixture_engine, "consultation")
    a = fixture_engine.ask("when was the first intersessional consultation?")
    assert a.entities["session"] == first
    kind = [s for s in fixture_engine.kb.sessions if s.kind == "consultation"]
    for then in ("and the final one?", "and the last one?"):
        b = fixture_engine.ask(then, context=a.context)
        assert b.entities["session"] == max(kind, key=lambda s: s.start).id
        assert "lasted" not in b.text  # "the last one" asks which meeting, not how long it lasted


def test_an_order_word_without_a_previous_meeting_is_not_guessed(fixture_engine: Engine) -> None:
    assert not fixture_engine.ask("and the one after that?").answered


def test_another_body_the_answer_speaks_of_is_not_foreign(fixture_engine: Engine) -> None:
    # The mandate answer names the Expert Group whose work the Committee was to take into account;
    # a question about the Expert Group's own chair is still about another body.
    inside = fixture_engine.ask("which expert group's work was the committee told to take into account", explain=True)
    assert inside.explain is not None
    assert "other_body: ok" in inside.explain["checks"]
    outside = fixture_engine.ask("who chaired the expert group on cybercrime", explain=True)
    assert not outside.answered
    assert outside.explain is not None
    assert any(c.startswith("other_body: FIRED") for c in outside.explain["checks"])


def test_another_bodys_name_counts_as_told_only_as_a_phrase(fixture_engine: Engine) -> None:
    # the answer about the sessions says "sixth sessions" and "Committee", not "the Sixth Committee"
    modalities = fixture_engine.ask("what did resolution 75/282 decide about the sessions")
    assert "sixth" in modalities.text.lower() and "committee" in modalities.text.lower()
    asked = fixture_engine.ask("what does the sixth committee of the general assembly do", explain=True)
    assert not asked.answered
    assert asked.explain is not None and any(c.startswith("other_body: FIRED") for c in asked.explain["checks"])


@pytest.mark.parametrize(
    "question",
    ["what was the chair's opinion of the approved draft", "what did the delegations think about the sixth session"],
)
def test_a_question_for_someones_opinion_is_declined(fixture_engine: Engine, question: str) -> None:
    asked = fixture_engine.ask(question, explain=True)
    assert not asked.answered
    assert asked.explain is not None and any(c.startswith("opinion: FIRED") for c in asked.explain["checks"])
    assert asked.declined is not None  # says why, in the words of an answer that declines


def test_who_will_hold_a_seat_next_is_not_todays_listing(fixture_engine: Engine) -> None:
    assert fixture_engine.ask("who is the chair of the committee").answered
    asked = fixture_engine.ask("who will be the next chair of the committee", explain=True)
    assert not asked.answered
    assert asked.explain is not None and any(c.startswith("future_listing: FIRED") for c in asked.explain["checks"])


def test_the_date_of_a_document_the_knowledge_holds_no_date_for_is_declined(fixture_engine: Engine) -> None:
    docs = fixture_engine.kb.documents.values()
    undated = next(d for d in docs if d.date is None and d.kind == "resolution")
    dated = next(d for d in docs if d.date is not None and d.kind == "resolution")
    asked = fixture_engine.ask(f"on what date was resolution {undated.symbol} adopted")
    assert not asked.answered and asked.declined == "document.lookup"
    assert asked.text.startswith(f"My sources give no date for {undated.symbol}")
    assert undated.symbol in asked.text.split("\n", 1)[1]  # what they hold on it follows
    assert fixture_engine.ask(f"when was {dated.symbol} adopted").answered
    assert fixture_engine.ask(f"what is {undated.symbol}").answered


def test_a_question_about_what_was_decided_is_no_opinion(fixture_engine: Engine) -> None:
    assert fixture_engine.ask("what did the committee approve at the reconvened concluding session").answered


def test_a_scene_clause_about_the_convention_dates_the_question_after_its_adoption(fixture_engine: Engine) -> None:
    asked = "what is the committee supposed to do"
    assert fixture_engine.ask(asked).intent == "committee.mandate"
    assert fixture_engine.ask(f"{asked} now that the treaty is done").intent == "convention.follow_up"
    # what the question asks still decides: the chair is the chair, after the adoption too
    assert fixture_engine.ask("now that the convention is adopted, who chairs the committee").intent == "bureau.chair"


def test_words_only_one_meetings_record_uses_pick_that_meeting(fixture_engine: Engine) -> None:
    hints = fixture_engine.analyzer.record_hints
    # each hint word belongs to one meeting's record
    assert hints and all(v in fixture_engine.kb.sessions_by_id for v in hints.values())
    by_session: dict[str, list[str]] = {}
    for word, sid in hints.items():
        by_session.setdefault(sid, []).append(word)
    sid, words = next((k, v) for k, v in sorted(by_session.items()) if len(v) >= 2)
    picked = fixture_engine.analyzer._resolve_record(
        fixture_engine.analyze("what about this").extraction, tuple(words[:2])
    )[0]
    assert picked.values("session") == [sid]
    # one such word alone picks nothing
    alone = fixture_engine.analyzer._resolve_record(fixture_engine.analyze("what about this").extraction, (words[0],))[
        0
    ]
    assert alone.values("session") == []


def test_a_question_about_a_fact_kept_in_one_meetings_record_gets_that_meeting(fixture_engine: Engine) -> None:
    ans = fixture_engine.ask("what happened with the interpretative notes")
    assert ans.entities.get("session") == "reconvened-concluding"
    assert "interpretative notes" in ans.text


def test_a_yes_no_question_with_no_aspect_word_matches_by_its_subject(fixture_engine: Engine) -> None:
    assert "convention.signature" in structural(fixture_engine, "so anyone may put pen to paper, right?")
    # said without asking, it names the same subject (the answer fits it), but a FAQ channel takes
    # a remark for no question
    assert "convention.signature" in structural(fixture_engine, "so anyone may put pen to paper")
    assert not fixture_engine.ask("so anyone may put pen to paper", mode="channel").answered
    assert "convention.signature" not in structural(fixture_engine, "so the weather in vienna is nice")


def test_the_place_of_the_named_meeting_is_not_a_foreign_subject(fixture_engine: Engine) -> None:
    session = next(s for s in fixture_engine.kb.sessions if s.kind == "negotiating" and s.venue)
    venue = fixture_engine.kb.venues[session.venue].name
    analysis = fixture_engine.analyze(f"the {venue} round ({session.name}), dates?")
    feats = {fixture_engine.intents[i].id: f for i, f, _, _ in fixture_engine.features(analysis)}
    assert feats["session.dates"]["foreign_entity"] == 0.0


@pytest.mark.parametrize(
    "question",
    [
        "is the committee finished now that the treaty is adopted?",
        "now that the treaty is adopted, is the committee finished?",
    ],
)
def test_a_clause_that_sets_the_scene_is_not_what_is_asked(fixture_engine: Engine, question: str) -> None:
    analysis = fixture_engine.analyze(question)
    assert "decision" not in analysis.aspects  # "adopted" is said of the scene, not asked
    assert fixture_engine.analyzer.stem("adopted") in analysis.scene
    feats = {fixture_engine.intents[i].id: f for i, f, _, _ in fixture_engine.features(analysis)}
    assert feats.get("convention.adoption", {}).get("structure", 0.0) == 0.0


def test_without_a_clause_opener_every_word_is_asked(fixture_engine: Engine) -> None:
    analysis = fixture_engine.analyze("how many days after the 40th ratification does it enter into force")
    assert analysis.scene == frozenset()


def test_an_intent_that_does_not_rest_on_the_document_named_does_not_fit_by_structure(fixture_engine: Engine) -> None:
    # "when did the GA adopt resolution 75/282?" is not the Convention's adoption (79/243)
    analysis = fixture_engine.analyze("when did the GA adopt resolution 75/282?")
    feats = {fixture_engine.intents[i].id: f for i, f, _, _ in fixture_engine.features(analysis)}
    assert feats["convention.adoption"]["structure"] == 0.0
    assert fixture_engine.ask("when did the GA adopt resolution 75/282?").intent != "convention.adoption"


def test_a_rival_that_does_not_rest_on_the_document_named_does_not_hold_back_one_that_does(
    fixture_engine: Engine,
) -> None:
    adoption = fixture_engine.by_id["convention.adoption"]
    cited = {c.symbol for c in adoption.citations}
    symbol = next(s for s in fixture_engine.kb.documents if s.startswith("A/RES/") and s not in cited)
    ranked = {r.intent.id: r for r in fixture_engine.rank(fixture_engine.analyze(f"when did the GA adopt {symbol}"))}
    assert ranked["document.lookup"].features["lead"] > 0
    assert ranked["convention.adoption"].confidence < ranked["document.lookup"].confidence


def test_the_words_of_an_intents_subjects_are_known(fixture_copy) -> None:
    k, i = fixture_copy
    path = i / "convention.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    subjects: [" in text
    path.write_text(text.replace("    subjects: [", "    subjects: [committee disbanded, ", 1), encoding="utf-8")
    engine = Engine.from_dirs(k, i)
    assert "disbanded" not in engine.analyze("has the committee been disbanded").unknown


def test_a_yes_no_question_after_a_clause_that_sets_the_scene_is_still_yes_no(fixture_engine: Engine) -> None:
    plain = fixture_engine.analyze("has the committee finished?")
    opened = fixture_engine.analyze("now that the treaty is adopted, has the committee finished?")
    assert opened.opens_at > 0
    assert fixture_engine._yes_no(plain) and fixture_engine._yes_no(opened)


def test_ordinals_before_a_name_that_opens_with_one_name_things_of_the_same_kind(fixture_engine: Engine) -> None:
    negotiating = {s.number: s.id for s in fixture_engine.kb.sessions if s.kind == "negotiating" and s.number}
    assert {1, 2, 3} <= set(negotiating)
    analysis = fixture_engine.analyze("where were the 1st, 2nd and the 3rd sessions held")
    assert analysis.extraction.values("session") == [negotiating[1], negotiating[2], negotiating[3]]
    assert fixture_engine.analyze("the 1st thing about the 2nd session").extraction.values("session") == [
        negotiating[2]
    ]
    numbered = fixture_engine.analyze("sessions 1, 2 and 3 dates")
    assert numbered.extraction.values("session") == [negotiating[1], negotiating[2], negotiating[3]]
    came = fixture_engine.analyze("which came first, the 2nd session?")
    assert came.extraction.values("session") == [negotiating[2]]


def test_a_question_naming_several_things_gets_the_answer_for_each(fixture_engine: Engine) -> None:
    one, two = (s for s in fixture_engine.kb.sessions if s.kind == "negotiating" and s.number in (1, 2))
    both = fixture_engine.ask("when were the 1st and 2nd sessions")
    alone = [fixture_engine.ask(f"when was the {s.name}") for s in (one, two)]
    assert both.intent == alone[0].intent == alone[1].intent
    assert all(a.text.strip() in both.text for a in alone)
    symbols = [c.symbol for c in both.citations]
    assert len(symbols) == len(set(symbols))


def test_a_word_of_a_meeting_phrase_alone_does_not_mention_a_meeting(fixture_engine: Engine) -> None:
    from bot.kb.models import TimeWords
    from bot.nlu.timex import TimeFinder

    finder = TimeFinder(TimeWords(event_words=["going on", "session"]), fixture_engine.analyzer.phrase_tokens)
    assert finder.mentions_event(["what", "is", "going", "on"])
    assert not finder.mentions_event(["who", "is", "on", "the", "bureau"])


def test_a_listing_keeps_to_the_part_of_the_year_asked(fixture_engine: Engine) -> None:
    meetings = fixture_engine.kb.sessions
    year = next(
        y
        for y in sorted({s.start.year for s in meetings})
        if sum(s.start.year == y and s.start.month <= 6 for s in meetings) >= 2
        and any(s.start.year == y and s.start.month > 6 for s in meetings)
    )
    question = f"which meetings were held in the first half of {year}?"
    windows = [(t.start, t.end) for t in fixture_engine.analyze(question).times]
    assert windows == [(dt.date(year, 1, 1), dt.date(year, 6, 30))]
    answer = fixture_engine.render("sessions.timeline", {}, question, periods=windows)
    later = [s for s in meetings if s.start.year == year and s.start.month > 6]
    earlier = [s for s in meetings if s.start.year == year and s.end.month <= 6]
    assert f"January to June {year}" in answer.text
    assert all(s.name.capitalize() in answer.text for s in earlier)
    assert not any(s.name.capitalize() in answer.text for s in later)


def test_it_in_a_follow_up_is_the_previous_answers_subject_only_where_that_fills_an_answer(
    fixture_engine: Engine,
) -> None:
    doc = next(d for d in fixture_engine.kb.documents.values() if d.date and d.symbol.startswith("A/RES/"))
    first = fixture_engine.ask(f"what is {doc.symbol}?")
    assert first.context is not None and first.context.slots.get("document") == doc.symbol
    follow = fixture_engine.ask("when was it adopted?", context=first.context)
    assert follow.slots.get("document") == doc.symbol
    session = fixture_engine.ask("when was the 2nd session?")
    other = fixture_engine.ask("is it still open for signature?", context=session.context)
    assert other.intent == fixture_engine.ask("is it still open for signature?").intent
    assert "session" not in other.slots


def test_a_bare_why_after_a_meeting_asks_about_that_meeting(fixture_engine: Engine) -> None:
    earlier = next(s for s in fixture_engine.kb.sessions if s.continued_by)
    first = fixture_engine.ask(f"what happened at the {earlier.name}?")
    why = fixture_engine.ask("why?", context=first.context)
    assert why.answered and why.slots.get("session") == earlier.id


@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("so the committee was dissolved?", True),
        ("ok is the chair vacant", True),
        ("the chair is vacant, right?", True),
        ("4th session venue?", False),
        ("by which session was the draft due?", False),
        ("the committee was dissolved.", False),
    ],
)
def test_a_question_asked_as_a_statement_is_yes_or_no(fixture_engine: Engine, question: str, yes_no: bool) -> None:
    assert fixture_engine._yes_no(fixture_engine.analyze(question)) is yes_no


@pytest.mark.parametrize(
    ("question", "aspects"),
    [
        ("who chaired the committee when it was set up?", ("who",)),
        ("where and when was the 2nd session", ("where", "when")),
        ("when was the 2nd session", ("when",)),
    ],
)
def test_a_when_after_another_question_word_dates_the_question_rather_than_asks_when(
    fixture_engine: Engine, question: str, aspects: tuple[str, ...]
) -> None:
    assert fixture_engine.analyze(question).aspects == aspects


def test_a_follow_up_naming_another_seat_asks_of_that_seat(fixture_engine: Engine) -> None:
    rapporteur = next(s for s in fixture_engine.kb.elected_2021.seats if s.position == "rapporteur" and s.holder)
    first = fixture_engine.ask("who were the vice-chairs elected in 2021?")
    assert first.context is not None and first.context.slots.get("position") == "vice-chair"
    follow = fixture_engine.ask("what about the rapporteur?", context=first.context)
    assert follow.answered and rapporteur.holder.name in follow.text


def test_the_first_or_last_of_the_negotiations_is_that_meeting(fixture_engine: Engine) -> None:
    run = sorted(
        (s for s in fixture_engine.kb.sessions if s.kind in ("negotiating", "concluding", "reconvened")),
        key=lambda s: s.start,
    )
    assert fixture_engine.analyze("when did the negotiations kick off?").extraction.values("session") == [run[0].id]
    assert fixture_engine.analyze("the final round of negotiations").extraction.values("session") == [run[-1].id]
    # an order word elsewhere, or another run, picks nothing
    assert not fixture_engine.analyze("the resolution that first set up the negotiations body").extraction.values(
        "session"
    )
    assert not fixture_engine.analyze("when do negotiations on the protocol start").extraction.values("session")


def test_the_meeting_on_one_side_of_a_dated_event_is_picked(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    ahc = [s for s in kb.sessions if s.body == "ahc"]
    adopted = kb.convention.adoption.date
    last_session = max((s for s in ahc if s.kind != "consultation" and s.end < adopted), key=lambda s: s.end)
    question = "what was the last session before the GA adopted the convention"
    assert fixture_engine.analyze(question).extraction.values("session") == [last_session.id]
    # a meeting named by the cue word ("last negotiating session" is the sixth's alias) gives way to it
    named = "what was the last negotiating session before the GA adopted the convention"
    assert fixture_engine.analyze(named).extraction.values("session") == [last_session.id]
    second = next(s for s in ahc if s.kind == "negotiating" and s.number == 2)
    following = min((s for s in ahc if s.start > second.end), key=lambda s: s.start)
    assert fixture_engine.analyze("what happened right after the 2nd session").extraction.values("session") == [
        following.id
    ]
    # "before or after" compares; it picks nothing new
    both = fixture_engine.analyze("was the 2nd session before or after the adoption")
    assert both.extraction.values("session") == [second.id]


def test_a_place_named_in_the_scene_is_no_subject_of_the_answer(fixture_engine: Engine) -> None:
    place = next(iter(fixture_engine.kb.venues.values())).name
    analysis = fixture_engine.analyze(f"does the convention enter into force straight after the signing in {place}?")
    assert "where" not in analysis.aspects
    top = fixture_engine.rank(analysis)[0]
    assert top.intent.id == "convention.entry_into_force" and not top.features["foreign_entity"]


def test_a_count_after_a_meeting_counts_meetings_of_its_kind(fixture_engine: Engine) -> None:
    consultations = [s for s in fixture_engine.kb.sessions if s.kind == "consultation"]
    first = fixture_engine.ask(f"when was the {consultations[0].name}?")
    follow = fixture_engine.ask("how many were there in total?", context=first.context)
    assert follow.intent == "consultations.overview"
    assert not fixture_engine.ask("how many were there in total?").answered


def test_a_follow_up_that_stands_on_its_own_keeps_its_own_answer(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("what resolution adopted the convention?")
    alone = fixture_engine.ask("which one set up the committee?")
    follow = fixture_engine.ask("and which one set up the committee?", context=first.context)
    assert alone.answered and follow.intent == alone.intent != first.intent


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("which UN organ adopted the convention? was it the security council?", True),
        ("was the convention adopted by the security council?", True),
        ("the security council adopted the convention, right?", True),
        ("did the security council discuss the convention?", False),
        ("who chairs the security council?", False),
    ],
)
def test_another_body_offered_as_a_wrong_guess_does_not_make_the_question_anothers(
    fixture_engine: Engine, question: str, answered: bool
) -> None:
    answer = fixture_engine.ask(question)
    assert answer.answered is answered
    if answered:
        assert answer.intent == "convention.adoption"


def test_and_now_after_the_earlier_bureau_asks_for_todays(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("who was the chair in 2021?")
    assert first.intent == "bureau.history_2021"
    now = fixture_engine.ask("and now?", context=first.context)
    assert now.intent == "bureau.chair"
    assert not fixture_engine.ask("and now?").answered


def test_meetings_asked_of_in_the_plural_are_listed_not_picked(fixture_engine: Engine) -> None:
    sessions = fixture_engine.kb.sessions
    session = next(
        s
        for s in sessions
        if s.kind == "negotiating"
        and sum((o.start.year, o.start.month) == (s.start.year, s.start.month) for o in sessions) == 1
    )
    month = session.start.strftime("%B %Y")
    assert fixture_engine.analyze(f"what happened at the session in {month}").extraction.values("session")
    assert not fixture_engine.analyze(f"which meetings took place in {month}").extraction.values("session")


def test_who_is_asking_is_no_part_of_the_question(fixture_engine: Engine) -> None:
    plain = fixture_engine.ask("when was the 2nd session?")
    introduced = fixture_engine.ask("policy student here, when was the 2nd session?")
    assert introduced.intent == plain.intent and introduced.slots == plain.slots
    assert fixture_engine.analyze("policy student here, when was the 2nd session?").scene


def test_a_wrong_document_offered_as_the_decision_gets_the_right_one(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    set_up_by = next(
        c.symbol for c in fixture_engine.by_id["committee.establishment"].citations if c.symbol.startswith("A/RES/")
    )
    wrong = next(
        s
        for s in kb.documents
        if s.startswith("A/RES/") and s != set_up_by and s != kb.convention.adoption.resolution.symbol
    )
    answer = fixture_engine.ask(f"the committee was established by resolution {wrong}, yes?")
    assert answer.intent == "committee.establishment" and set_up_by in answer.text


def test_it_after_an_answer_about_a_resolution_is_that_resolution(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("what did resolution 75/282 decide about the sessions?")
    assert first.intent == "committee.modalities" and first.context is not None
    follow = fixture_engine.ask("when was it adopted?", context=first.context)
    assert follow.slots.get("document") == "A/RES/75/282"


def test_a_message_of_mostly_unknown_words_that_names_nothing_is_not_answered(fixture_engine: Engine) -> None:
    chatter = fixture_engine.ask("can someone share the zoom link for our team call", "channel", explain=True)
    assert not chatter.answered and chatter.explain is not None
    assert chatter.explain["decision"] == "refuse: mostly_unknown"
    assert fixture_engine.ask("can someone share the date of the 2nd session").answered


def test_sentences_before_the_one_that_asks_are_no_subject(fixture_engine: Engine) -> None:
    plain = fixture_engine.ask("when was the 2nd session?")
    story = "Zorblax fan, typing on my phone. Quixotic deadline looms. When was the 2nd session?"
    told = fixture_engine.ask(story)
    assert told.answered and told.intent == plain.intent and told.slots == plain.slots
    analysis = fixture_engine.analyze(story)
    assert not {"zorblax", "quixotic", "deadline"} & set(analysis.unknown)
    # the same unknown words inside the question still count
    asked = fixture_engine.analyze("when was the zorblax quixotic deadline session?")
    assert {"zorblax", "quixotic"} <= set(asked.unknown)


def test_a_capital_that_opens_a_sentence_is_no_name(fixture_engine: Engine) -> None:
    assert not fixture_engine.analyze("Thanks for that. Quixotic question: when was the 2nd session?").names
    assert "quixotic" in fixture_engine.analyze("when was the Quixotic session?").names


def test_two_letters_typed_in_the_wrong_order_are_read_as_meant(fixture_engine: Engine) -> None:
    plain = fixture_engine.ask("third session dates")
    swapped = fixture_engine.ask("thrid sesison dates")
    assert swapped.answered and swapped.intent == plain.intent and swapped.slots == plain.slots


def test_a_yes_confirms_only_what_the_answer_checks(fixture_engine: Engine) -> None:
    seat = next(s for s in fixture_engine.kb.current.seats if s.holder and s.position == "vice-chair")
    name = seat.holder.name
    checked = fixture_engine.ask(f"is {name} a vice-chair?")
    assert checked.text.startswith("Yes")
    unknown_country = fixture_engine.ask(f"{name} is the vice-chair for Zorblaxia, yes?")
    assert unknown_country.answered and not unknown_country.text.startswith("Yes")
    assert name.split()[-1] in unknown_country.text
    # typed in lower case, as people type, the unknown word is still not checked
    lower = fixture_engine.ask(f"{name.split()[-1].lower()} is zorblaxia's vc right")
    assert lower.answered and not lower.text.startswith("Yes")


def test_sentences_after_the_one_that_asks_are_no_subject_either(fixture_engine: Engine) -> None:
    plain = fixture_engine.ask("when was the 2nd session?")
    told = fixture_engine.ask("when was the 2nd session? quixotic zorblax deadline for my editor")
    assert told.answered and told.intent == plain.intent and told.slots == plain.slots
    # an order given after the question still asks
    analysis = fixture_engine.analyze("which came first, the 2nd session or the 3rd? give me the dates")
    assert "when" in analysis.aspects


def test_a_place_said_of_a_dated_meeting_is_checked_not_used_to_pick_it(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb

    session = next(s for s in kb.sessions if s.kind == "negotiating" and s.venue and alone_in_its_month(kb.sessions, s))
    elsewhere = next(v for v in kb.venues.values() if v.id != session.venue)
    when = f"{session.start:%B} {session.start.year}"
    analysis = fixture_engine.analyze(f"the meeting in {when} is in {elsewhere.name}, isn't it?")
    assert session.id in analysis.extraction.values("session")


def test_which_came_first_of_two_meetings_gets_both_dates(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    a, b = (s for s in kb.sessions if s.kind == "negotiating" and s.number in (2, 3))
    answer = fixture_engine.ask(f"which came first, the {a.name} or the {b.name}?")
    assert answer.answered and str(a.start.year) in answer.text and a.name in answer.text and b.name in answer.text


def test_a_wrong_text_offered_in_a_yes_no_is_checked_by_the_answer_that_rests_on_texts(
    fixture_engine: Engine,
) -> None:
    kb = fixture_engine.kb
    draft = fixture_engine.by_id["convention.draft_text"]
    own = {c.symbol for c in draft.citations}
    texts = [s for s, d in kb.documents.items() if d.kind not in ("resolution", "decision") and "/" in s]
    wrong = next(s for s in texts if s not in own)
    answer = fixture_engine.ask(f"the approved draft text was circulated as {wrong}, right?")
    assert answer.intent == "convention.draft_text" and not answer.text.startswith("Yes")


def test_where_a_recorded_thing_ended_up_asks_what_became_of_it(fixture_engine: Engine) -> None:
    analysis = fixture_engine.analyze("where did the interpretative notes end up?")
    assert analysis.extraction.values("session") and "where" not in analysis.aspects
    answer = fixture_engine.ask("were there interpretative notes? where did they end up")
    assert answer.answered and "interpretative notes" in answer.text
    # a meeting named by its name is still asked where it met
    assert "where" in fixture_engine.analyze("where did the 2nd session take place?").aspects


def test_an_answer_that_speaks_to_another_body_answers_a_question_naming_it(fixture_engine: Engine) -> None:
    asked = fixture_engine.ask("can the European Union sign the convention?")
    assert asked.intent == "convention.signature" and asked.answered
    assert not asked.text.startswith("Yes")  # who may sign is no Yes for that body in particular
    # the same body in a question no answer speaks to is still another body's
    assert not fixture_engine.ask("when did the European Union adopt its cyber rules?").answered


@pytest.mark.parametrize(
    "question",
    [
        "now that the convention is adopted is the committee finished",
        "why is the committee still meeting after the convention was adopted",
    ],
)
def test_a_clause_that_dates_the_question_by_the_adoption_is_scene_without_a_comma(
    fixture_engine: Engine, question: str
) -> None:
    analysis = fixture_engine.analyze(question)
    assert "adopted" in analysis.scene or "adopt" in analysis.scene
    assert "decision" not in analysis.aspects


def test_the_meeting_after_the_adoption_is_still_asked_for(fixture_engine: Engine) -> None:
    assert not fixture_engine.analyze("what was the last session before the convention was adopted").scene


def test_which_was_the_first_meeting_held_at_a_place_is_the_first_held_there(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    negotiating = sorted((s for s in kb.sessions if s.kind == "negotiating"), key=lambda s: s.start)
    first = negotiating[0]
    place = next(s.venue for s in negotiating if s.venue != first.venue)
    there = next(s for s in negotiating if s.venue == place)
    name = kb.venues[place].name
    picked = fixture_engine.analyze(f"which was the first negotiating session held in {name}?")
    assert picked.extraction.values("session") == [there.id]
    # a yes/no checks the first session itself
    checked = fixture_engine.analyze(f"was the first session held in {name}?")
    assert checked.extraction.values("session") == [first.id]


def test_the_last_negotiating_session_before_the_concluding_one_is_the_one_before_it(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    concluding = next(s for s in kb.sessions if s.kind == "concluding")
    before = max((s for s in kb.sessions if s.kind == "negotiating" and s.end < concluding.start), key=lambda s: s.end)
    for question in (
        "what was the last negotiating session before the concluding one?",
        "what was the final round of negotiations before the concluding one?",
    ):
        found = fixture_engine.analyze(question).extraction.values("session")
        assert found[0] == before.id and all(s.kind != "reconvened" for s in kb.sessions if s.id in found)


def test_how_many_of_those_seats_are_vacant_keeps_to_the_group_asked_before(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    group = next(g for g in kb.groups.values() if kb.current.seats and any(s.group == g.id for s in kb.current.seats))
    seats = [s for s in kb.current.seats if s.group == group.id]
    vacant = [s for s in seats if s.status == "vacant"]
    first = fixture_engine.ask(f"which vice-chairs are from the {group.name}?")
    follow = fixture_engine.ask("how many of those seats are vacant?", context=first.context)
    assert follow.intent == "bureau.vacancies" and follow.slots.get("group") == group.id
    count = "none" if not vacant else f"({len(vacant)})"
    assert count in follow.text and f"of the {group.name}" in follow.text


def test_a_paragraph_of_a_document_gets_the_answer_that_rests_on_it(fixture_engine: Engine) -> None:
    cited = [
        (intent.id, c.symbol, c.pinpoint)
        for intent in fixture_engine.intents
        if not intent.requires and not intent.decline
        for c in fixture_engine.renderer.citations(intent, {})
        if c.pinpoint and c.pinpoint.startswith("para. ")
    ]
    intent_id, symbol, pinpoint = cited[0]
    number = pinpoint.removeprefix("para. ")
    for question in (f"what does paragraph {number} of {symbol} cover", f"para {number} of {symbol}?"):
        answer = fixture_engine.ask(question)
        assert answer.answered and answer.intent == intent_id, question
    # another paragraph of it is no such answer
    assert fixture_engine.ask(f"what does paragraph 97 of {symbol} say").intent != intent_id


def test_a_fragment_the_last_answer_already_answers_keeps_it(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("how many vice-chair seats are vacant?")
    assert first.intent == "bureau.vacancies"
    follow = fixture_engine.ask("in which regional groups?", context=first.context)
    assert follow.intent == "bureau.vacancies"
    # with no conversation the same words are read on their own
    assert fixture_engine.ask("in which regional groups?").intent != "bureau.vacancies"


def test_a_word_that_may_sit_inside_a_name_may_sit_inside_an_aspect_phrase(fixture_engine: Engine) -> None:
    plain = fixture_engine.analyze("which sessions took place in 2022").aspects
    assert "list" in plain
    assert fixture_engine.analyze("which AHC sessions took place in 2022").aspects == plain


def test_a_year_beside_a_seat_dates_the_seat_not_a_meeting(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("who is Japan's vice-chair?")
    analysis = fixture_engine.analyze("and who held that seat in 2021?")
    assert not analysis.extraction.values("session")
    follow = fixture_engine.ask("and who held that seat in 2021?", context=first.context)
    # the earlier listing's answer, for the country asked about before
    held = next(s.holder for s in fixture_engine.kb.elected_2021.seats if s.holder and s.holder.country == "Japan")
    assert follow.intent == "bureau.history_2021" and follow.slots.get("country") == "Japan"
    assert held.name in follow.text


def test_the_one_after_a_meeting_alone_of_its_kind_is_the_next_meeting_of_the_body(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    concluding = next(s for s in kb.sessions if s.kind == "concluding")
    meetings = [s for s in kb.sessions if s.body == concluding.body and s.kind != "consultation"]
    later = min((s for s in meetings if s.start > concluding.start), key=lambda s: s.start)
    first = fixture_engine.ask(f"tell me about the {concluding.name}")
    follow = fixture_engine.ask("the one after?", context=first.context)
    assert follow.slots.get("session") == later.id


def test_what_is_it_for_after_a_meeting_asks_of_that_meeting(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("where was the 2nd session held?")
    follow = fixture_engine.ask("what is it for?", context=first.context)
    assert follow.answered and follow.slots.get("session") == "session-2"
    assert not fixture_engine.ask("what is it for?").answered


def test_was_it_at_a_place_checks_the_place_of_the_dated_meeting(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb

    session = next(s for s in kb.sessions if s.kind == "negotiating" and s.venue and alone_in_its_month(kb.sessions, s))
    venue = kb.venues[session.venue]
    when = f"{session.start:%B} {session.start.year}"
    analysis = fixture_engine.analyze(f"the session in {when}, was it at {venue.name}?")
    assert analysis.extraction.values("session") == [session.id] and venue.id in analysis.extraction.values("venue")


def test_in_a_long_story_the_piece_that_asks_names_the_subject(fixture_engine: Engine) -> None:
    story = (
        "ok so long story, I am making a zorblax spreadsheet for my quixotic thesis and it has a gap, "
        "I know the 2nd session was the one before, when was the 3rd session exactly?"
    )
    answer = fixture_engine.ask(story)
    assert answer.answered and answer.slots.get("session") == "session-3"
    assert not {"zorblax", "quixotic"} & set(fixture_engine.analyze(story).unknown)


def test_which_session_in_the_singular_is_no_request_for_a_list(fixture_engine: Engine) -> None:
    assert "list" not in fixture_engine.analyze("which negotiating session came right after the 2nd session?").aspects
    assert "list" in fixture_engine.analyze("which sessions came after the 2nd session?").aspects


def test_and_which_one_asks_for_another_not_the_last_answer_again(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("which resolution set up the committee?")
    assert first.intent == "committee.establishment"
    set_up_by = next(c.symbol for c in first.citations if c.symbol.startswith("A/RES/"))
    for question in (
        "and which one fixed how many sessions it would hold?",
        "and the one that fixed how many sessions it would hold?",
    ):
        follow = fixture_engine.ask(question, context=first.context)
        assert follow.intent != first.intent and follow.slots.get("document") != set_up_by, question


def test_which_came_first_says_which_came_first(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    a = next(s for s in kb.sessions if s.kind == "negotiating" and s.number == 3)
    b = next(s for s in kb.sessions if s.kind == "negotiating" and s.number == 2)
    answer = fixture_engine.ask(f"which came first, the {a.name} or the {b.name}?")
    assert answer.text.startswith(f"The {b.name} (")
    assert "came first" not in fixture_engine.ask(f"when were the {a.name} and the {b.name}?").text


def test_which_came_first_of_a_meeting_and_a_dated_document(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    doc = next(d for d in kb.documents.values() if d.kind == "resolution" and d.date is not None)
    meeting = next(s for s in kb.sessions if s.start < doc.date and s.kind == "organizational")
    short = doc.symbol.split("/", 2)[-1]
    for question in (
        f"which was earlier - the {meeting.name} or the adoption of resolution {short}?",
        f"was resolution {short} adopted before or after the {meeting.name}?",
    ):
        answer = fixture_engine.ask(question)
        assert answer.text.startswith(f"The {meeting.name} ("), question
        assert f"came first, before {doc.kind} {doc.symbol}" in answer.text, question


def test_the_2021_bureau_keeps_to_the_group_or_seat_asked_about(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    group = next(g for g in kb.groups.values() if len([s for s in kb.elected_2021.seats if s.group == g.id]) >= 2)
    theirs = [s for s in kb.elected_2021.seats if s.group == group.id and s.holder]
    others = [s for s in kb.elected_2021.seats if s.group != group.id and s.holder]
    answer = fixture_engine.render(
        "bureau.history_2021", {"group": group.id, "position": "vice-chair"}, f"{group.name} VCs elected in 2021"
    )
    assert all(s.holder.name in answer.text for s in theirs if s.position == "vice-chair" and s.holder)
    assert not any(s.holder.name in answer.text for s in others if s.holder)
    first = fixture_engine.ask("who holds the Japanese vice-chair seat now?")
    follow = fixture_engine.ask("who had it in 2021?", context=first.context)
    assert follow.slots.get("country") == "Japan"


def test_a_claim_about_a_meeting_is_checked_against_its_own_place(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    session = next(s for s in kb.sessions if s.kind == "organizational")
    elsewhere = next(v for v in kb.venues.values() if v.id != session.venue and v.id != "hanoi")
    answer = fixture_engine.ask(f"the org session happened in {elsewhere.name} in August 2020, didn't it?")
    assert answer.answered and answer.slots.get("session") == session.id
    assert kb.venues[session.venue].name in answer.text


def test_an_answer_that_cites_the_document_named_is_no_answer_about_another_thing(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    session = next(s for s in kb.sessions if s.kind == "concluding")
    decided = next(c.symbol for c in session.decided_by)
    answer = fixture_engine.ask(f"per {decided} where was the {session.name} supposed to take place")
    assert answer.answered and answer.intent == "session.venue" and answer.slots.get("session") == session.id


def test_an_ordinal_before_a_place_counts_the_meetings_held_there(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    place = next(v for v in kb.venues.values() if v.id != kb.sessions[0].venue and v.id != "hanoi")
    there = sorted((s for s in kb.sessions if s.kind == "negotiating" and s.venue == place.id), key=lambda s: s.start)
    assert there[0].number != 1
    for question in (f"when was the first {place.name} session", f"when was the first session in {place.name}"):
        assert fixture_engine.analyze(question).extraction.values("session") == [there[0].id], question
    # a yes/no question checks the first session itself
    assert fixture_engine.analyze(f"was the first session in {place.name}?").extraction.values("session") != [
        there[0].id
    ]
    last = fixture_engine.analyze(f"what was the last negotiating session held in {place.name}")
    assert last.extraction.values("session") == [there[-1].id]


def test_originally_dates_a_question_to_the_bureau_as_first_elected(fixture_engine: Engine) -> None:
    question = "which countries held the vice-chair seats when the bureau was first elected"
    analysis = fixture_engine.analyze(question)
    assert [t.relative for t in analysis.times] == ["earliest"]
    today = [r for r in fixture_engine.rank(analysis) if r.intent.time_sensitive]
    assert today and all(r.features["dated_earlier"] == 1.0 for r in today)
    assert "elect" in fixture_engine.analyze(question).content  # what it asks about still counts
    assert "earliest" not in [t.relative for t in fixture_engine.analyze("who is the chair now").times]


def test_a_name_that_qualifies_a_treaty_word_ends_where_the_next_clause_begins(fixture_engine: Engine) -> None:
    analysis = fixture_engine.analyze(
        "someone said this is the first treaty of its kind, is that right, what is zorblaxy about it"
    )
    assert not analysis.other_things
    assert fixture_engine.analyze("when did the convention of zorblax enter into force").other_things


def test_which_meeting_was_held_then_asks_which_one_it_was(fixture_engine: Engine) -> None:
    # "what session took place in april 2023": the words that say a meeting happened do not make
    # it a question of when or where; it reads as "what <session>"
    sessions = fixture_engine.kb.sessions
    session = next(s for s in sessions if s.kind == "negotiating" and alone_in_its_month(sessions, s))
    when = f"{session.start.strftime('%B').lower()} {session.start.year}"
    for verb in ("took place", "was held", "happened"):
        analysis = fixture_engine.analyze(f"what session {verb} in {when}")
        assert analysis.extraction.tokens == ("what", "<session>")
        assert analysis.extraction.first("session") == session.id
    # other words stay: "what documents were issued for the session in ..." asks for documents
    kept = fixture_engine.analyze(f"what documents were issued for the session in {when}").extraction.tokens
    assert "document" in kept


def test_a_statement_asked_back_puts_another_body_forward_as_a_guess(fixture_engine: Engine) -> None:
    # "so the Security Council adopted it?", "the ITU is the secretariat, isn't it?": the other body
    # is the wrong guess to correct, so the answer is ours
    adopted = fixture_engine.ask("so the security council adopted the convention?")
    assert adopted.answered and adopted.intent == "convention.adoption"
    tagged = fixture_engine.ask("the ITU is the secretariat for the AHC isnt it")
    assert tagged.answered and tagged.intent == "committee.secretariat"
    # without the question mark or the tag it is a remark; without a verb the other body is the subject
    assert not fixture_engine.ask("UNTOC adoption year?").answered
    assert not fixture_engine.ask("the ITU is the secretariat for the AHC").answered
    # what the claim says the subject is: the complement of its verb
    complement = fixture_engine.ask("the secretariat of the AHC is the ITU, isn't it?")
    assert complement.answered and complement.intent == "committee.secretariat"
    # a question's opening verb puts nothing forward: "is the ITU ..." asks about the ITU
    assert not fixture_engine.ask("is the ITU the secretariat of the budapest convention?").answered


def test_the_thing_an_intent_is_about_by_default_named_is_its_subject(fixture_engine: Engine) -> None:
    # bureau.chair answers about the chair's seat when nothing is named: naming the chair fits it by
    # structure, whatever the wording; naming a vice-chair does not
    assert structure_of(fixture_engine, "which country did the AHC chair come from", "bureau.chair") == 1.0
    assert structure_of(fixture_engine, "which country did the vice-chair come from", "bureau.chair") == 0.0


def test_a_follow_up_that_fits_another_answer_on_its_own_keeps_that_answer(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("which resolution established the committee")
    assert first.intent == "committee.establishment" and first.context is not None
    follow = fixture_engine.ask("and which one adopted the convention?", context=first.context)
    assert follow.intent == "convention.adoption"
    earlier = fixture_engine.ask("who was chair in 2021")
    assert earlier.intent == "bureau.history_2021" and earlier.context is not None
    assert fixture_engine.ask("is she still chair?", context=earlier.context).intent == "bureau.chair"


def test_another_bodys_name_ends_where_the_next_clause_opens(fixture_engine: Engine) -> None:
    q = "who will act as secretariat for the conference of the states parties once it exists"
    assert "exists" not in fixture_engine.analyze(q).other_things
    # a word right after the name still qualifies it: "the conference on zorblax" is another one
    assert "zorblax" in fixture_engine.analyze("who chairs the conference on zorblax").other_things


def test_what_an_answer_tells_is_weighed_only_against_answers_that_could_be_the_one(fixture_engine: Engine) -> None:
    # told_lead: how much more of the question's words this answer tells than the best rival, where
    # a rival whose keywords the question lacks does not count
    for q in [
        "there was a consultation in march 2023 right? which one",
        "which GA decision set up the reconvened concluding session",
    ]:
        feats = [f for _, f, _, _ in fixture_engine.features(fixture_engine.analyze(q))]
        keyed = [f for f in feats if not f["keyword_missing"]]
        assert keyed
        for f in feats:
            others = sorted((g["told"] for g in keyed if g is not f), reverse=True)
            assert f["told_lead"] == pytest.approx(f["told"] - others[0] if others else 0.0)


def test_a_subject_named_with_nothing_asked_fits_by_structure(fixture_engine: Engine) -> None:
    # "structure of the convention" asks no aspect; it names the subject of the answer about the
    # Convention's structure, which therefore fits by structure
    for q in ("structure of the convention", "chapters of the pizza menu"):
        assert not fixture_engine.analyze(q).aspects
    assert structure_of(fixture_engine, "structure of the convention", "convention.structure") == 1.0
    assert structure_of(fixture_engine, "chapters of the pizza menu", "bureau.chair") == 0.0


def test_that_group_after_a_country_is_the_countrys_group(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    seat = next(s for s in kb.current.seats if s.holder and s.position == "vice-chair")
    country = kb.countries[seat.holder.country]
    first = fixture_engine.ask(f"vice-chair for {country.name} pls")
    assert first.entities.get("country") == country.name and first.context is not None
    follow = fixture_engine.ask("and the other one from that group?", context=first.context)
    assert follow.intent == "bureau.by_group" and follow.entities.get("group") == country.group


def test_a_follow_up_naming_another_treaty_is_not_read_against_the_last_answer(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("when was the convention adopted?")
    assert first.intent == "convention.adoption" and first.context is not None
    follow = fixture_engine.ask("and the budapest one?", context=first.context, explain=True)
    assert not follow.answered
    assert follow.explain is not None and follow.explain["decision"] == "refuse: other_body"


def test_an_answer_that_names_a_meeting_need_not_repeat_its_year(fixture_engine: Engine) -> None:
    # committee.modalities says the concluding session was to be held in New York: naming the
    # concluding session is what it tells, not a foreign subject, though its label carries "(2024)"
    q = "where was the concluding session supposed to be held according to the GA"
    analysis = fixture_engine.analyze(q)
    assert analysis.extraction.first("session") is not None
    modalities = next(
        f for i, f, _, _ in fixture_engine.features(analysis) if fixture_engine.intents[i].id == "committee.modalities"
    )
    assert modalities["foreign_entity"] == 0.0


def test_the_one_meeting_between_two_named_ones_is_picked(fixture_engine: Engine) -> None:
    ahc = sorted((s for s in fixture_engine.kb.sessions if s.body == "ahc"), key=lambda s: s.start)
    negotiating = [s for s in ahc if s.kind == "negotiating"]
    pairs = [
        (a, b, inside)
        for a, b in itertools.pairwise(negotiating)
        if len(inside := [s for s in ahc if s.start > a.end and s.end < b.start]) == 1
    ]
    a, b, inside = pairs[0]
    q = f"what happened between the {ordinal_word(a.number)} and {ordinal_word(b.number)} sessions"
    assert fixture_engine.analyze(q).extraction.values("session") == [inside[0].id]
    # two meetings in between: nothing is picked for the user
    several = [
        (a, b)
        for a, b in zip(negotiating, negotiating[2:], strict=False)
        if len([s for s in ahc if s.start > a.end and s.end < b.start]) > 1
    ]
    if several:
        a, b = several[0]
        q = f"what happened between the {ordinal_word(a.number)} and {ordinal_word(b.number)} sessions"
        assert sorted(fixture_engine.analyze(q).extraction.values("session")) == sorted([a.id, b.id])


def test_an_answer_written_to_speak_of_another_body_leads_the_rivals_that_do_not(fixture_engine: Engine) -> None:
    # committee.mandate speaks of the Expert Group (its `speaks_to`); the document's own summary
    # matches the words better but says nothing of it, so it is no rival
    analysis = fixture_engine.analyze("did 74/247 say anything about the expert group on cybercrime")
    feats = {fixture_engine.intents[i].id: f for i, f, _, _ in fixture_engine.features(analysis)}
    assert feats["document.lookup"]["foreign_terms"] > 0 and feats["committee.mandate"]["foreign_terms"] == 0
    assert feats["committee.mandate"]["lead"] > 0
    assert not fixture_engine.ask("when did the expert group on cybercrime last meet").answered


def test_the_date_of_a_named_meeting_is_no_subject_of_its_own(fixture_copy: tuple[Path, Path]) -> None:
    # "may 2021" dates the organizational session named; it does not make the question one about the
    # bureau elected in 2021, when that year is the bureau's subject
    k, i = fixture_copy
    line = "    accepts: [country, position, group]\n"
    seed(i / "bureau.yaml", line, line + '    subjects: ["2021"]\n')
    engine = Engine.from_dirs(k, i)
    assert structure_of(engine, "who was on the 2021 bureau", "bureau.history_2021") == 1.0
    assert structure_of(engine, "the organizational session in may 2021, what dates", "bureau.history_2021") == 0.0


def test_a_time_word_that_dates_nothing_stays_a_subject(fixture_copy: tuple[Path, Path]) -> None:
    # "originally" is a time word ("the bureau as first elected"), but it dates no meeting: in "original
    # date of the 5th session" it is the postponement's subject, not the date of the session named
    k, i = fixture_copy
    seed(i / "sessions.yaml", "    subjects: [postponed]\n", '    subjects: [postponed, "original date"]\n')
    engine = Engine.from_dirs(k, i)
    assert structure_of(engine, "original date of the 5th session", "session.postponement") == 1.0
    assert structure_of(engine, "the 5th session in april 2023, original date", "session.postponement") == 1.0


def test_cross_validation_asks_the_bot_itself(fixture_engine: Engine) -> None:
    # "what does article 12 say" is answered by the article path, whatever the scores say: the
    # cross-validated figure counts what the bot says, not only its best-scored candidate
    cv = cross_validate(fixture_engine, collect(fixture_engine))
    articles = [h for h in cv.held if re.search(r"article \d+", h.case.question)]
    assert len(articles) >= 4
    assert all(h.right_top for h in articles)
    assert any(h.forced for h in articles)


@pytest.mark.parametrize(
    ("question", "session"),
    [
        ("when was the session after the fourth session", "session-5"),
        ("where was the meeting before the adoption", "reconvened-concluding"),
        ("the session after the adoption, when was it", "post-adoption-2026"),
        # "after the adoption" is no synonym of the follow-up work here: it says which meeting
        ("when was the first session after the adoption", "post-adoption-2026"),
    ],
)
def test_a_bare_meeting_word_before_or_after_an_event_is_the_meeting_on_that_side(
    fixture_engine: Engine, question: str, session: str
) -> None:
    answer = fixture_engine.ask(question)
    assert answer.answered
    assert answer.entities["session"] == session


def test_a_verb_before_after_dates_the_question_instead_of_naming_a_meeting(fixture_engine: Engine) -> None:
    analysis = fixture_engine.analyze("why is the AHC still meeting after the treaty was adopted")
    assert "session" not in analysis.extraction.kinds


def test_a_trailing_when_with_no_clause_of_its_own_asks_when(fixture_engine: Engine) -> None:
    # "who chaired the AHC when it was first set up" dates the question; "..., when n where" asks
    assert {"when", "where"} <= set(fixture_engine.analyze("whats the 4th session, when n where").aspects)
    assert "when" not in fixture_engine.analyze("who chaired the AHC when it was first set up").aspects
    answer = fixture_engine.ask("whats the 4th session, when n where")
    assert "9–20 January 2023" in answer.text and "Vienna" in answer.text


@pytest.mark.parametrize("question", ["what can you do?", "hey, who are you", "What do you know"])
def test_a_question_about_the_bot_itself_gets_the_greeting(fixture_engine: Engine, question: str) -> None:
    """Asked of the bot itself, with nothing else named, the answer says what can be asked."""
    asked = fixture_engine.ask(question)
    assert not asked.answered and asked.text.startswith("Hello!") and not asked.suggestions


def test_a_question_about_a_thing_is_no_question_about_the_bot(fixture_engine: Engine) -> None:
    asked = fixture_engine.ask("what do you know about the fourth session")
    assert asked.answered and asked.matched is not None and asked.matched.startswith("session")


def test_an_unknown_word_where_a_country_is_named_is_a_name(fixture_engine: Engine) -> None:
    """'the vice chair from germany' names a country the knowledge does not hold, in lower case too:
    no listing of the whole bureau is offered as its answer."""
    unknown = fixture_engine.ask("who is the vice chair from atlantis")
    assert not unknown.answered
    assert "atlantis" in fixture_engine.analyze("who is the vice chair from atlantis").names
    known = fixture_engine.ask("who is the vice chair from japan")
    assert known.answered and known.entities.get("country") == "Japan"


def test_a_tag_question_checks_the_claim_before_it_whatever_follows(fixture_engine: Engine) -> None:
    tagged = fixture_engine.analyze("the committee was set up by 75/282 wasn't it? if not which one")
    plain = fixture_engine.analyze("the committee was set up by 75/282 and then what")
    assert fixture_engine._yes_no(tagged) and not fixture_engine._yes_no(plain)


def test_a_possessive_after_a_head_names_no_other_body(fixture_engine: Engine) -> None:
    """'the convention for my footnote' is ours, used for something of the asker's; 'the convention
    for zorblax' names another one."""
    mine = fixture_engine.analyze("i need the date the GA adopted the convention for my footnote")
    other = fixture_engine.analyze("when was the convention for zorblax adopted")
    assert "footnote" not in mine.other_things and "zorblax" in other.other_things


def test_two_questions_in_one_message_get_both_answers(fixture_engine: Engine) -> None:
    both = fixture_engine.ask("two things: who is the vice-chair from japan, and what is the secretariat's email?")
    japan = fixture_engine.ask("who is the vice-chair from japan")
    email = fixture_engine.ask("what is the secretariat's email")
    assert both.answered and japan.text in both.text and email.text in both.text
    assert {c.symbol for c in both.citations} >= {c.symbol for c in japan.citations + email.citations}


def test_a_lead_in_that_asks_nothing_is_no_second_question(fixture_engine: Engine) -> None:
    """Split at the comma, "besides the negotiating sessions" asks nothing: the message is
    answered as one question."""
    question = "besides the negotiating sessions, what meetings were held in vienna"
    assert fixture_engine._two_questions(question) is not None  # it would split there
    assert fixture_engine.ask(question).text == fixture_engine._ask(question, "ask").text


def test_a_group_asked_of_the_bureau_as_first_elected_gets_the_earlier_listing(fixture_engine: Engine) -> None:
    """'who was from the African Group originally': the earlier listing's answer takes the group
    named, and today's listing of that group leads nothing."""
    asked = fixture_engine.ask("who was from the african group originally")
    today = fixture_engine.ask("who is from the african group")
    assert asked.answered and asked.matched == "bureau.history_2021" and asked.entities.get("group") == "african"
    assert today.answered and today.matched == "bureau.by_group"


def test_a_person_the_answer_does_not_speak_of_is_refused(fixture_engine: Engine) -> None:
    """'what is <member>'s email address' is no question for the secretariat's email; an answer
    that takes the person, or speaks of them, is."""
    from bot.engine import Ranked
    from bot.nlu.decide import decide

    member = next(s.holder for s in fixture_engine.kb.current.seats if s.holder is not None)
    analysis = fixture_engine.analyze(f"what is {member.name}'s email address")
    secretariat = Ranked(fixture_engine.by_id["committee.secretariat"], 0.9, {}, True)
    seat = Ranked(fixture_engine.by_id["bureau.person"], 0.9, {"person": member.name}, True)
    assert fixture_engine._untold_people(analysis, secretariat) == [member.name]
    assert fixture_engine._untold_people(analysis, seat) == []
    signals = fixture_engine.signals(analysis, [secretariat], "ask")
    assert decide(signals, "ask", fixture_engine.thresholds).reason == "untold_person"
    # a person the question counts from ("before <member>") is not whom it asks of
    before = fixture_engine.analyze(f"who held that seat before {member.name}?")
    assert fixture_engine._untold_people(before, secretariat) == []


def test_a_place_in_a_document_that_no_answer_rests_on_is_declined(fixture_engine: Engine) -> None:
    unknown = fixture_engine.ask("what does annex I of A/AC.291/7 contain")
    known = fixture_engine.ask("what does annex II of A/AC.291/7 contain")
    assert not unknown.answered and unknown.declined == "document.lookup"
    assert unknown.text.startswith("My sources do not say what annex I of A/AC.291/7 holds")
    assert known.answered and known.matched == "committee.roadmap"


@pytest.mark.parametrize(
    "question",
    [
        "what was adopted at the 2nd session, which was held in vienna",  # a relative clause
        "in 2021 who was the chair, and who were the vice chairs from latin america",  # a time for both
    ],
)
def test_a_message_that_reads_as_one_question_is_not_split(fixture_engine: Engine, question: str) -> None:
    assert fixture_engine.ask(question).text == fixture_engine._ask(question, "ask").text


def test_splitting_a_long_message_stays_quick(fixture_engine: Engine) -> None:
    """A comma followed by a long run of spaces costs no more than the first characters kept."""
    parts = fixture_engine._two_questions("who is the chair," + " " * 50_000 + "x")
    assert parts is None


def test_a_bound_is_no_far_time(fixture_engine: Engine) -> None:
    year = max(fixture_engine._latest, fixture_engine.clock()).year + 5
    bound = fixture_engine.ask(f"will the convention be in force by {year}", explain=True)
    assert bound.explain is not None and any(c.startswith("unknown_time: ok") for c in bound.explain["checks"])


def test_a_negated_question_is_no_tag_question(fixture_engine: Engine) -> None:
    assert not fixture_engine._yes_no(fixture_engine.analyze("why didn't they hold the 6th session in vienna"))


def test_a_follow_up_with_a_word_the_bot_does_not_know_asks_of_something_else(fixture_engine: Engine) -> None:
    first = fixture_engine.ask("when was the second session")
    follow = fixture_engine.ask("ok thx. any good schnitzel place in vienna?", context=first.context)
    place = fixture_engine.ask("and where?", context=first.context)
    assert not follow.answered and place.answered and place.matched == "session.venue"


def test_a_question_for_the_weekday_gets_the_dates_weekdays(fixture_engine: Engine) -> None:
    adopted = fixture_engine.kb.convention.adoption.date
    asked = fixture_engine.ask("which day of the week was the convention adopted")
    plain = fixture_engine.ask("when was the convention adopted")
    assert asked.answered and f"({adopted:%A})" in asked.text
    assert plain.answered and f"({adopted:%A})" not in plain.text


def test_weekdays_of_a_span_across_months() -> None:
    from bot.engine import _with_weekdays

    assert (
        _with_weekdays("it ran 28 February to 11 March 2022.")
        == "it ran 28 February to 11 March 2022 (Monday to Friday)."
    )
    assert _with_weekdays("on 25–26 October 2025") == "on 25–26 October 2025 (Saturday to Sunday)"


def test_a_listing_of_other_sessions_checks_nothing_about_the_session_named(fixture_engine: Engine) -> None:
    """'the 1st session took place in vienna, right?': the listing of Vienna's sessions does not state
    the first session, so the session named stays a thing that answer cannot use."""
    analysis = fixture_engine.analyze("the first session took place in vienna, right?")
    feats = {fixture_engine.intents[i].id: f for i, f, _, _ in fixture_engine.features(analysis)}
    assert feats["sessions.by_venue"]["foreign_entity"] == 1.0 and feats["session.venue"]["foreign_entity"] == 0.0


def test_a_bare_ordinal_names_a_session_unless_the_conversation_numbers_something_else(
    fixture_engine: Engine,
) -> None:
    alone = fixture_engine.ask("venue of the 5th?")
    assert alone.answered and alone.matched == "session.venue" and alone.entities["session"] == "session-5"
    first = fixture_engine.ask("when was the first intersessional consultation")
    assert first.context is not None and first.context.slots["session"] == "consultation-1"
    then = fixture_engine.ask("and the 5th?", context=first.context)
    assert then.answered and then.entities["session"] == "consultation-5"


def test_a_place_where_no_meeting_was_held_is_answered_by_the_answer_that_names_it(fixture_engine: Engine) -> None:
    """ "Hanoi" alone: no session met there, and the signature's answer tells of it; "Vienna" alone is
    not taken that way, since the listing of the sessions held there is what it may ask for."""
    hanoi = fixture_engine.ask("hanoi")
    vienna = fixture_engine.ask("vienna")
    assert hanoi.answered and hanoi.matched == "convention.signature" and "Hanoi" in hanoi.text
    assert vienna.matched != "convention.signature"


def test_a_remark_after_a_question_that_names_its_subject_names_no_other_body(fixture_engine: Engine) -> None:
    """What a remark after the question names does not make it another body's question, when the
    question names its own subject; when it names none, the remark may be what "it" is."""
    own = fixture_engine.ask(
        "what did resolution 74/247 decide about the committee? sorry, I keep mixing it up with Budapest"
    )
    other = fixture_engine.analyze("when was it adopted? asking about budapest, for my notes")
    assert own.answered and "A/RES/74/247" in {c.symbol for c in own.citations}
    assert other.foreign == ("budapest",)


def test_a_long_message_that_asks_nothing_in_so_many_words_asks_about_what_it_names(fixture_engine: Engine) -> None:
    q = (
        "hey, for a timeline slide I need two things: the dates of the fourth session and the dates of the "
        "fifth session, both in Vienna I believe. my colleague says they were fairly close together but I'm "
        "not sure and the slide goes out today"
    )
    analysis = fixture_engine.analyze(q)
    ans = fixture_engine.ask(q)
    assert not {"colleague", "slide"} & set(analysis.unknown)  # the story's words are no subject
    assert (
        ans.answered and ans.matched == "session.dates" and "fourth session" in ans.text and "fifth session" in ans.text
    )


def test_which_after_a_comma_in_a_long_message_opens_no_question(fixture_engine: Engine) -> None:
    q = (
        "the second session, when and where? I'm cross-checking a spreadsheet my intern made and the entry "
        "for it says New York in March 2022, which looks off to me because I thought the first session was "
        "the one in New York"
    )
    ans = fixture_engine.ask(q)
    assert "spreadsheet" not in fixture_engine.analyze(q).unknown
    assert ans.answered and ans.entities.get("session") == "session-2" and "Vienna" in ans.text


def test_a_wrong_place_put_forward_for_a_subject_gets_the_subjects_own_answer(fixture_engine: Engine) -> None:
    """The answer resting on annex I of A/AC.291/6 answers a question about that annex, not a yes/no
    question that puts the road map there: the road map's own answer checks the claim."""
    claim = fixture_engine.ask("the road map is in annex I of A/AC.291/6, isn't it?")
    place = fixture_engine.ask("what is in annex I of A/AC.291/6")
    assert claim.answered and claim.matched == "committee.roadmap" and "annex II" in claim.text
    assert place.answered and place.matched == "committee.stakeholders"
    # an answer resting on the very document named checks nothing about the place: the place's own does
    para = fixture_engine.ask("paragraph 9 of 75/282 is about the sessions, right?")
    assert para.matched == "committee.stakeholders"


def test_a_remark_after_a_question_that_names_its_subject_does_not_date_it(fixture_engine: Engine) -> None:
    q = "Who's the Nigerian vice-chair? I've got a call with someone from Abuja next week and want the name right"
    ans = fixture_engine.ask(q)
    assert fixture_engine.analyze(q).times == ()
    assert ans.answered and "Tyendezwa" in ans.text
    dated = fixture_engine.analyze("who will be the Nigerian vice-chair next week?")
    assert dated.times  # asked of next week, the question is dated


def test_people_named_in_a_remark_after_the_question_are_not_asked_about(fixture_engine: Engine) -> None:
    q = (
        "who currently holds the Asia-Pacific vice-chair seats? I've seen older lists that mention Wu Haiwen "
        "and Chitaru Shimizu but I suspect those are outdated now"
    )
    ans = fixture_engine.ask(q)
    assert ans.answered and "Asia-Pacific" in ans.text
    asked = fixture_engine.ask("is Wu Haiwen one of the Asia-Pacific vice-chairs?")
    assert asked.matched == "bureau.person" and "Wu Haiwen" in asked.text  # named in the question itself


def test_a_document_named_in_a_remark_after_the_question_is_not_the_one_asked_about(fixture_engine: Engine) -> None:
    q = (
        "my question is about the second session's documents: which symbol is the compilation of proposals by "
        "member states? I already have A/AC.291/8 as the annotated agenda, but the compilation is missing"
    )
    ans = fixture_engine.ask(q)
    assert fixture_engine.analyze(q).extraction.values("document") == []
    assert ans.answered and "A/AC.291/9" in ans.text


def test_a_message_that_corrects_itself_asks_about_the_correction(fixture_engine: Engine) -> None:
    q = (
        "When was the 4th intersessional consultation, no sorry, I mean the 3rd one, the one in autumn 2022. "
        "trying to close out this spreadsheet before the weekend starts"
    )
    ans = fixture_engine.ask(q)
    assert ans.answered and ans.entities["session"] == "consultation-3"
    assert "Thursday" not in ans.text  # the weekend of the remark asks no weekday
    wait = fixture_engine.ask("who is the vice chair from japan, no wait, from china")
    assert wait.answered and wait.entities.get("country") == "China"


def test_a_bare_ordinal_after_a_numbered_meeting_is_another_of_its_kind() -> None:
    from bot.nlu.normalize import _elliptic_ones

    assert _elliptic_ones(["was", "the", "4th", "session", "longer", "than", "the", "5th"])[-1] == "session"
    assert (
        _elliptic_ones(["the", "4th", "intersessional", "consultation", "or", "the", "3rd", "one"])[-1]
        == "consultation"
    )


@pytest.mark.parametrize(
    "question", ["what was adopted first", "was the convention adopted on the 4th", "what happens in 2026 on the 3rd"]
)
def test_a_trailing_order_or_day_is_no_session(fixture_engine: Engine, question: str) -> None:
    assert "session" not in fixture_engine.ask(question).entities


def test_a_country_named_like_a_place_is_not_that_place(fixture_engine: Engine) -> None:
    """ "Vietnam" is an alias of Hanoi among the places, but "who represents vietnam" asks of the
    country, so the signature's answer, which tells of Hanoi, does not fit it by structure."""

    def fits(question: str) -> float:
        feats = fixture_engine.features(fixture_engine.analyze(question))
        return next(f["structure"] for i, f, _, _ in feats if fixture_engine.intents[i].id == "convention.signature")

    assert fits("vietnam?") == 0.0
    assert fits("hanoi?") == 1.0


def test_an_answer_speaks_to_a_thing_only_of_what_it_is_about(fixture_copy: tuple[Path, Path]) -> None:
    """With "email" a topic only the secretariat's answer speaks to, "secretariat email" gets it and
    "the chair's email" does not: that asks for the chair's, which no answer holds."""
    k, i = fixture_copy
    vocab = i / "vocabulary.yaml"
    vocab.write_text(
        vocab.read_text(encoding="utf-8").replace("  foreign_terms: [", "  foreign_terms: [email, "), "utf-8"
    )
    add_line_after(
        i / "committee.yaml",
        "    title: Who serves as the secretariat, and how can it be contacted?\n    aspects: [who]\n",
        "    speaks_to: [email]",
    )
    engine = Engine.from_dirs(k, i)
    assert engine.ask("what is the secretariat email").matched == "committee.secretariat"
    assert not engine.ask("what is the chair's email").answered


def test_a_correction_cue_that_adds_keeps_what_came_before(fixture_engine: Engine) -> None:
    ans = fixture_engine.ask("who are the vice chairs from japan and, i mean, from china")
    assert "Japan" in ans.text and "China" in ans.text
    fixed = fixture_engine.ask("where was the 4th session, i mean the 5th")
    assert fixed.entities["session"] == "session-5" and "fourth session" not in fixed.text


def test_a_few_words_after_the_question_still_say_what_is_asked(fixture_engine: Engine) -> None:
    """ "who chairs the committee? the Budapest one": no remark, so the other body it names counts."""
    assert not fixture_engine.ask("who chairs the committee? the Budapest one").answered
    assert not fixture_engine.ask("who chairs the committee? I mean the Budapest one").answered


def test_a_message_addressed_to_someone_else_is_chatter(fixture_engine: Engine) -> None:
    assert not fixture_engine.ask("@maria r u coming to the side event later?", "channel").answered
    assert fixture_engine.ask("@bot when was the 4th session?", "channel").answered
    assert fixture_engine.ask("@everyone when was the 4th session?", "channel").answered
    # a question that asks "you" about themselves, not the bot for something
    assert not fixture_engine.ask("Tomas are you attending the 4th session in Vienna?", "channel").answered
    assert fixture_engine.ask("do you know when the 4th session was?", "channel").answered
    assert fixture_engine.ask("can you tell me when the 4th session was?", "channel").answered
