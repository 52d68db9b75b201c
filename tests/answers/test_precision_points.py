"""Answers say exactly what was asked (issue 9), on the frozen fixture knowledge: tense on both
sides of each date, articles, status replies, kinds, yes/no and why, names and ordinals, and
citations that support the answer they come with."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.answers.render import Asked, keep_names, ordinal_number
from bot.engine import GREETING_TEXT, Engine
from bot.kb.loader import KnowledgeError, load_intents, load_knowledge
from bot.nlu.normalize import CARDINAL_WORDS, ordinal
from tests.edits import add_line_after


def at(engine: Engine, day: dt.date) -> Engine:
    """The same knowledge, answering as if today were `day` (the clock is injected)."""
    return Engine(engine.kb, engine.intent_set, engine.thresholds, engine.renderer, clock=lambda: day)


# --- 11. tense follows today's date -------------------------------------------------------------


def test_signature_is_open_up_to_its_last_day_and_was_open_after(fixture_engine: Engine) -> None:
    until = fixture_engine.kb.convention.signature.until
    on_last_day = at(fixture_engine, until).ask("is it still open for signature")
    day_after = at(fixture_engine, until + dt.timedelta(days=1)).ask("is it still open for signature")
    assert on_last_day.text.startswith("Yes.")
    assert "is open at" in on_last_day.text and "was open" not in on_last_day.text
    assert day_after.text.startswith("No.")
    assert "The Convention was open for signature" in day_after.text and "is open" not in day_after.text


def test_signature_before_it_opens_is_in_the_future(fixture_engine: Engine) -> None:
    first = fixture_engine.kb.convention.signature.first_start
    before = at(fixture_engine, first - dt.timedelta(days=1)).ask("is the convention open for signature")
    opened = at(fixture_engine, first).ask("is the convention open for signature")
    assert before.text.startswith("Not yet.") and "It will open for signature" in before.text
    assert "took place in Hanoi" not in before.text  # the ceremony had not happened yet
    assert opened.text.startswith("Yes.") and "It was first opened for signature" in opened.text


def test_meetings_in_the_future_are_in_the_future_tense(fixture_engine: Engine) -> None:
    session = fixture_engine.kb.sessions_by_id["post-adoption-2026"]
    question = "when was the 2026 session"
    before = at(fixture_engine, session.start - dt.timedelta(days=1)).ask(question)
    on_first_day = at(fixture_engine, session.start).ask(question)
    after = at(fixture_engine, session.end + dt.timedelta(days=1)).ask(question)
    assert before.intent == "session.dates"
    assert "will take place" in before.text and "took place" not in before.text
    assert "is taking place" in on_first_day.text and "will take place" not in on_first_day.text
    assert "took place" in after.text and "is taking place" not in after.text
    latest = at(fixture_engine, session.start - dt.timedelta(days=1)).render("sessions.latest", {})
    assert latest.text.startswith("Coming up in my records:") and session.name in latest.text
    later = at(fixture_engine, session.end + dt.timedelta(days=1)).render("sessions.latest", {}).text
    assert later.startswith("I have no upcoming meeting") and f"the **{session.name}**" in later


# --- 12. articles -------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "number"), [("art 64?", 64), ("what does article 65 say", 65)])
def test_an_article_the_knowledge_records_is_answered_from_it(
    fixture_engine: Engine, question: str, number: int
) -> None:
    conv = fixture_engine.kb.convention
    article = next(a for a in conv.articles if a.number == number)
    ans = fixture_engine.ask(question)
    assert ans.answered and ans.intent == article.answered_by
    pin = conv.article_pinpoint(article.number, article.paragraph)
    assert (conv.text.symbol, pin) in {(c.symbol, c.pinpoint) for c in ans.citations}
    assert article.label in ans.text


def test_any_other_article_gets_a_pinpointed_link_not_a_summary(fixture_engine: Engine) -> None:
    conv = fixture_engine.kb.convention
    ans = fixture_engine.ask("what does article 12 say")
    assert not ans.answered and ans.declined == conv.other_articles_answered_by
    assert "article 12" in ans.text and fixture_engine.kb.documents[conv.text.symbol].link in ans.text
    assert [(c.symbol, c.pinpoint) for c in ans.citations] == [(conv.text.symbol, conv.article_pinpoint(12))]


def test_an_article_question_is_never_answered_by_another_intent(fixture_engine: Engine) -> None:
    """'article 3 ... signature' names article 3: not the signature answer (article 64)."""
    ans = fixture_engine.ask("what does article 3 say about signature")
    assert ans.intent is None and ans.declined == fixture_engine.kb.convention.other_articles_answered_by


def test_another_treatys_article_is_still_refused(fixture_engine: Engine) -> None:
    ans = fixture_engine.ask("what does article 5 of the budapest convention say")
    assert not ans.answered and ans.declined is None and "article 5" not in ans.text


def test_an_article_answered_by_an_unknown_intent_is_a_problem(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    path = k / "convention.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "answered_by: convention.signature", "answered_by: convention.signing"
        ),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as info:
        load_intents(i, load_knowledge(k))
    assert any("unknown intent 'convention.signing' for article 64" in str(p) for p in info.value.problems)


# --- 6. status questions each get their own reply -----------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("how many countries have ratified the convention", "convention.status"),
        ("how did countries vote on the convention", "convention.vote"),
        ("who will chair the conference of the states parties", "convention.conference"),
    ],
)
def test_status_questions_get_the_reply_that_fits_them(fixture_engine: Engine, question: str, intent: str) -> None:
    ans = fixture_engine.ask(question)
    assert not ans.answered and ans.declined == intent
    signature_reply = fixture_engine.render("convention.status", {}).text
    assert ans.text == signature_reply if intent == "convention.status" else ans.text != signature_reply


def test_in_force_says_the_rule_the_check_date_and_where_the_status_is(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    ans = fixture_engine.ask("is the convention in force yet")
    assert ans.intent == "convention.entry_into_force"
    status = kb.documents[kb.convention.status.kept_by.symbol]
    assert status.link in ans.text
    assert f"{kb.convention.status.checked.day} {kb.convention.status.checked:%B}" in ans.text
    assert not ans.text.startswith(("Yes", "No"))  # the knowledge does not decide it


# --- 1, 2. bureau: where the listing is, and the unnamed seat ----------------------------------


def test_an_undated_listing_says_where_it_is_listed(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    path = k / "bureau.yaml"
    text = path.read_text(encoding="utf-8").replace("  as_of: 2025-01-15\n", "  listed_on: the Example page\n", 1)
    path.write_text(text, encoding="utf-8")
    engine = Engine.from_dirs(k, i)
    ans = engine.ask("who is the chair")
    assert "as listed on the Example page" in ans.text and "as of" not in ans.text
    assert ans.as_of is None


def test_a_listing_needs_a_date_or_a_place(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    path = k / "bureau.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  as_of: 2025-01-15\n", "", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(k)
    assert any("'as_of' or 'listed_on'" in str(p) for p in info.value.problems)


def test_a_country_that_may_hold_the_unnamed_seat_is_never_said_to_hold_none(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    (unnamed,) = [s for s in kb.current.seats if s.status == "unknown"]
    country = next(
        c.name
        for c in kb.countries.values()
        if c.group == unnamed.group and not any(s.holder and s.holder.country == c.name for s in kb.current.seats)
    )
    ans = fixture_engine.ask(f"is {country} on the bureau")
    assert ans.intent == "bureau.by_country"
    assert "holds no seat" not in ans.text and "cannot say whether" in ans.text
    assert not ans.text.startswith(("Yes", "No"))


def test_a_country_outside_the_unnamed_seats_group_holds_no_seat(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    groups = {s.group for s in kb.current.seats if s.status == "unknown"}
    country = next(
        c.name
        for c in kb.countries.values()
        if c.group not in groups and not any(s.holder and s.holder.country == c.name for s in kb.current.seats)
    )
    ans = fixture_engine.ask(f"does {country} hold a seat on the bureau")
    held = any(s.holder and s.holder.country == country for s in kb.elected_2021.seats)
    said = "no longer holds a seat: it is not on the bureau" if held else "holds no seat on the bureau"
    assert ans.text.startswith(f"No. {country} {said}")


def test_rapporteur_unknown_is_not_vacant_and_the_2021_holder_is_given(fixture_engine: Engine) -> None:
    ans = fixture_engine.ask("who is the rapporteur")
    (elected,) = [s for s in fixture_engine.kb.elected_2021.seats if s.position == "rapporteur"]
    assert ans.text.startswith("The current Rapporteur is not named in my sources")
    assert "vacant" not in ans.text
    assert elected.holder is not None and f"{elected.holder.country} held the seat in 2021" in ans.text


# --- 4, 8. what was asked, in kind --------------------------------------------------------------


def test_the_suspended_session_did_not_adopt_the_text(fixture_engine: Engine) -> None:
    ans = fixture_engine.ask("did the concluding session adopt the text")
    done = fixture_engine.kb.sessions_by_id[fixture_engine.kb.convention.draft_text.approved_at]
    assert ans.intent == "session.approved_text"
    assert ans.text.startswith("No.") and f"**{done.name}**" in ans.text


def test_a_date_question_about_a_suspended_session_names_the_one_that_finished(fixture_engine: Engine) -> None:
    ans = fixture_engine.ask("when was the final session")
    assert ans.intent == "session.dates" and "suspended" in ans.text
    assert "reconvened concluding session" in ans.text


def test_why_is_answered_with_the_reason_and_yes_no_with_yes(fixture_engine: Engine) -> None:
    why = fixture_engine.ask("why was the organizational session postponed")
    was = fixture_engine.ask("was the organizational session postponed")
    reason = fixture_engine.kb.sessions_by_id["organizational"].postponement_reason
    assert why.text.startswith(f"Because of {reason}.")
    assert was.text.startswith("Yes.")
    assert why.text.count("COVID-19") == 1


def test_hello_and_thanks_get_a_line_on_what_can_be_asked(fixture_engine: Engine) -> None:
    for text in ("hello", "thanks!", "hi there"):
        ans = fixture_engine.ask(text)
        assert not ans.answered and ans.text == GREETING_TEXT
    assert fixture_engine.ask("hello", "channel").text != GREETING_TEXT  # a channel greeting is not for the bot


def test_asked_reads_yes_no_and_why_from_the_first_word() -> None:
    assert Asked.of("Is it still open?").yes_no and not Asked.of("Is it still open?").why
    assert Asked.of("why was it postponed").why and not Asked.of("why was it postponed").yes_no
    assert not Asked.of("where is it").yes_no
    assert "2021" in Asked.of("who was the vice-chair in 2021").words


# --- 7. the kind asked decides the list ---------------------------------------------------------


def test_negotiating_sessions_by_venue_list_only_negotiating_sessions(fixture_engine: Engine) -> None:
    ans = fixture_engine.ask("which negotiating sessions were in Vienna")
    listed = {line[2:].split(":")[0].lower() for line in ans.text.splitlines() if line.startswith("- ")}
    expected = {s.name for s in fixture_engine.kb.sessions if s.kind == "negotiating" and s.venue == "vienna"}
    assert listed == expected


# --- 9. document kinds --------------------------------------------------------------------------


def test_document_kind_is_shown_as_recorded(fixture_engine: Engine) -> None:
    for symbol in ("A/AC.291/8", "A/AC.291/9"):
        ans = fixture_engine.ask(f"what is {symbol}")
        assert f"({fixture_engine.kb.documents[symbol].kind})" in ans.text
        assert "(report)" not in ans.text


def test_an_unknown_document_kind_is_a_problem(fixture_copy: tuple[Path, Path]) -> None:
    k, _ = fixture_copy
    path = k / "documents.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: agenda", "kind: agendum", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(k)
    assert any("must be one of" in str(p) and "compilation" in str(p) for p in info.value.problems)


# --- 13, 15. ordinals and names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        *[(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th")],
        *[(21, "21st"), (22, "22nd"), (23, "23rd"), (40, "40th"), (90, "90th"), (101, "101st"), (111, "111th")],
    ],
)
def test_one_ordinal_function_for_answers_and_understanding(n: int, text: str) -> None:
    assert ordinal_number(n) == ordinal(n) == text


def test_entry_into_force_counts_come_from_the_records(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    path = k / "convention.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("instruments_needed: 40", "instruments_needed: 21").replace("days_after: 90", "days_after: 2")
    path.write_text(text, encoding="utf-8")
    ans = Engine.from_dirs(k, i).ask("when does the convention enter into force")
    assert "on the second (2nd) day after the deposit of the twenty-first (21st) instrument" in ans.text


def test_names_keep_their_capitals_in_lists(fixture_copy: tuple[Path, Path]) -> None:
    assert keep_names("first session of the Conference of the States Parties") == (
        "First session of the Conference of the States Parties"
    )
    k, i = fixture_copy
    path = k / "sessions.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "name: one-day meeting on organizational matters",
        "name: one-day meeting of the United Nations on organizational matters",
    )
    path.write_text(text, encoding="utf-8")
    ans = Engine.from_dirs(k, i).ask("list all sessions")
    assert "- One-day meeting of the United Nations on organizational matters:" in ans.text


# --- 10. citations support the answer -----------------------------------------------------------


def every_answer(engine: Engine) -> list[tuple[str, dict[str, str], str, set[str]]]:
    """Every intent rendered for every entity value (as `validate` does), with its citations."""
    from bot.answers.render import slot_combinations

    out = []
    for intent in engine.intents:
        for slots in slot_combinations(engine.kb, intent):
            ans = engine.render(intent.id, slots)
            out.append((intent.id, slots, ans.text, {c.symbol for c in ans.citations}))
    return out


def test_citations_support_the_answer_they_come_with(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    org = kb.sessions_by_id["organizational"]
    postponements = {c.symbol for c in org.postponed_by}
    bureau_pages = {c.symbol for c in (*kb.current.source, *kb.elected_2021.source)}
    signature_replies = {"convention.signature", "convention.status", "convention.entry_into_force"}
    wrong = []
    for intent_id, slots, text, cited in every_answer(fixture_engine):
        where = f"{intent_id} {slots}"
        if cited & postponements - {slots.get("document")} and "postponed" not in text:
            wrong.append(f"{where}: cites the postponement decisions without the postponement")
        if "UNODC AHC 2021 page" in cited and "2021" not in text:
            wrong.append(f"{where}: cites the 2021 page without a 2021 line")
        if cited & bureau_pages and intent_id in signature_replies:
            wrong.append(f"{where}: cites a bureau page in a reply about signatures")
    assert not wrong, "\n".join(wrong)


def test_the_citation_check_would_catch_a_stray_citation(fixture_copy: tuple[Path, Path]) -> None:
    """Seed the old fault (the postponement decisions among the session's sources): the check fires."""
    k, i = fixture_copy
    path = k / "sessions.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    source: [UNODC AHC page]\n", "    source: [UNODC AHC page, A/DEC/74/567]\n", 1)
    path.write_text(text, encoding="utf-8")
    engine = Engine.from_dirs(k, i)
    stray = [
        (intent_id, slots)
        for intent_id, slots, text, cited in every_answer(engine)
        if "A/DEC/74/567" in cited and "postponed" not in text
    ]
    assert ("session.dates", {"session": "organizational"}) in stray


# --- decline intents give way once the knowledge holds the answer -------------------------------


def test_documents_of_a_session_with_none_recorded_are_declined(fixture_engine: Engine) -> None:
    with_docs = next(s for s in fixture_engine.kb.sessions if s.documents)
    without = next(s for s in fixture_engine.kb.sessions if not s.documents and s.kind == "negotiating")
    listed = fixture_engine.ask(f"which documents were issued for the {with_docs.name}")
    missing = fixture_engine.ask(f"which documents were issued for the {without.name}")
    assert listed.answered and with_docs.documents[0].symbol in listed.text
    assert not missing.answered and missing.declined == "session.documents"
    assert "will not guess" in missing.text


def test_a_follow_up_to_a_session_without_documents_is_declined(fixture_engine: Engine) -> None:
    with_docs = next(s for s in fixture_engine.kb.sessions if s.documents and s.number)
    first = fixture_engine.ask(f"documents of the {with_docs.name}")
    other = next(s for s in fixture_engine.kb.sessions if s.kind == with_docs.kind and not s.documents and s.number)
    follow = fixture_engine.ask(f"and the {ordinal(other.number)}?", context=first.context)
    assert first.answered and not follow.answered and follow.declined == "session.documents"


def test_answers_when_needs_a_decline_intent_and_a_readable_test(tmp_path: Path) -> None:
    """Both mistakes are told in words the guide explains, at the intent."""
    import shutil

    from bot.answers.render import validate_templates

    fixtures = Path(__file__).parents[1] / "fixtures"
    shutil.copytree(fixtures / "intents", tmp_path / "intents")
    path = tmp_path / "intents" / "convention.yaml"
    text = path.read_text(encoding="utf-8")
    no_decline = text.replace(
        "    decline: true\n    answers_when: facts.sessions(body='cosp')\n",
        "    answers_when: facts.sessions(body='cosp')\n",
    )
    assert no_decline != text
    path.write_text(no_decline, encoding="utf-8")
    kb = load_knowledge(fixtures / "knowledge")
    with pytest.raises(KnowledgeError) as err:
        load_intents(tmp_path / "intents", kb)
    assert "answers_when is for a decline intent" in str(err.value.problems[0])
    path.write_text(text.replace("answers_when: facts.sessions(body='cosp')", "answers_when: facts.sessions("), "utf-8")
    problems, _ = validate_templates(kb, load_intents(tmp_path / "intents", kb))
    assert any("not a test the bot can read" in str(p) for p in problems)


def test_a_document_answer_says_what_was_held_under_it_and_what_it_postponed(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    convened = next(s for s in kb.sessions if s.decided_by and s.decided_by[0].symbol.startswith("A/DEC/"))
    symbol = convened.decided_by[0].symbol
    answer = fixture_engine.render("document.lookup", {"document": symbol})
    held = [s for s in kb.sessions if any(c.symbol == symbol for c in s.decided_by)]
    assert "Meetings held under it:" in answer.text
    for s in held:
        assert f"{s.name[:1].upper()}{s.name[1:]} of the Ad Hoc Committee:" in answer.text
    postponed = next(s for s in kb.sessions if s.postponed_by)
    by = fixture_engine.render("document.lookup", {"document": postponed.postponed_by[0].symbol})
    assert f"It postponed the **{postponed.name}**" in by.text and "Meetings held under it" not in by.text


def test_a_question_about_the_start_or_the_end_gets_that_date_first(fixture_engine: Engine) -> None:
    s = fixture_engine.kb.sessions_by_id["session-3"]
    began = fixture_engine.ask("when did the third session kick off")
    ended = fixture_engine.ask("when did the third session wrap up")
    both = fixture_engine.ask("when did the third session start and end")
    assert f"began on **{s.start.day} {s.start:%B} {s.start.year}**" in began.text
    assert f"ended on **{s.end.day} {s.end:%B} {s.end.year}**" in ended.text
    assert "took place" in both.text and "**" + f"{s.start.day}" not in both.text


def test_how_long_counts_days_only_for_a_span_with_no_weekend(fixture_engine: Engine) -> None:
    short = next(s for s in fixture_engine.kb.sessions if s.kind == "organizational")
    assert all((short.start + dt.timedelta(days=d)).weekday() < 5 for d in range((short.end - short.start).days + 1))
    days = (short.end - short.start).days + 1
    answer = fixture_engine.ask(f"how many days did the {short.name} last")
    assert f"It lasted {CARDINAL_WORDS[days - 1]} days." in answer.text
    spanning = fixture_engine.ask("how long was the concluding session")  # two weeks with a weekend between
    assert "It lasted" not in spanning.text


def test_signing_in_the_first_place_after_its_dates_is_no(fixture_engine: Engine) -> None:
    sig = fixture_engine.kb.convention.signature
    after = at(fixture_engine, sig.first_end + dt.timedelta(days=1)).ask("can a country still sign it in hanoi?")
    during = at(fixture_engine, sig.first_start).ask("can a country still sign it in hanoi?")
    elsewhere = at(fixture_engine, sig.first_end + dt.timedelta(days=1)).ask("can states still sign it in new york?")
    assert after.text.startswith("No. Signature in Hanoi was open only on")
    assert during.text.startswith("Yes.")
    assert elsewhere.text.startswith("Yes.")


def test_a_yes_no_about_signature_says_no_to_a_place_or_date_it_does_not_hold(fixture_engine: Engine) -> None:
    sig = fixture_engine.kb.convention.signature
    after = at(fixture_engine, sig.first_end + dt.timedelta(days=1))
    assert after.ask("did the convention open for signature in vienna?").text.startswith("No.")
    assert not after.ask("is the convention open for signature until 31 december 2027?").text.startswith("Yes")
    assert after.ask("is the convention closed for signature?").text.startswith("No.")
    assert not after.ask("did the hanoi signing ceremony take place?").text.startswith("No")


def test_a_yes_no_about_the_postponement_compares_the_count_and_the_cause(fixture_engine: Engine) -> None:
    s = next(s for s in fixture_engine.kb.sessions if s.postponed_by)
    times = len(s.postponed_by)
    wrong = {1: "once", 2: "twice", 3: "three times"}[1 if times != 1 else 2]
    assert fixture_engine.ask(f"was the {s.name} postponed {wrong}?").text.startswith("No")
    assert fixture_engine.ask(f"was the {s.name} postponed because of budget problems?").text.startswith("No.")
    assert fixture_engine.ask(f"was the {s.name} delayed?").text.startswith("Yes.")


def test_a_year_in_a_list_question_keeps_the_meetings_of_that_year(fixture_engine: Engine) -> None:
    year = fixture_engine.kb.sessions[0].start.year + 1
    held = [s for s in fixture_engine.kb.sessions if year in (s.start.year, s.end.year)]
    answer = fixture_engine.ask(f"which sessions were held in {year}?")
    assert answer.text.startswith(f"Meetings in my records in {year} ({CARDINAL_WORDS[len(held) - 1]}):")
    assert answer.text.count("\n- ") == len(held)
    consultations = [s for s in held if s.kind == "consultation"]
    counted = fixture_engine.ask(f"how many intersessional consultations were held in {year}?")
    assert f", {CARDINAL_WORDS[len(consultations) - 1]} were held in {year}" in counted.text


def test_where_and_when_says_the_dates_once(fixture_engine: Engine) -> None:
    answer = fixture_engine.ask("sixth sess: where n when")
    s = fixture_engine.kb.sessions_by_id["session-6"]
    assert answer.text.count(f"{s.start.day} {s.start:%B}") == 1


def test_an_ordinal_session_with_a_word_inside_is_still_unknown(fixture_engine: Engine) -> None:
    answer = fixture_engine.ask("when was the 7th negotiating session")
    assert not answer.answered and answer.text.startswith("I have no record of the 7th session")


def test_a_yes_no_about_signing_in_a_place_the_bot_does_not_know_is_no_plain_yes(fixture_engine: Engine) -> None:
    sig = fixture_engine.kb.convention.signature
    after = at(fixture_engine, sig.first_end + dt.timedelta(days=1))
    assert not after.ask("can states still sign the convention in Geneva?").text.startswith("Yes")
    assert after.ask("can states still sign the convention?").text.startswith("Yes.")
    assert Asked.of("is it open in December at the UN in Geneva?").places == frozenset({"geneva"})


def test_a_question_offering_a_choice_is_not_answered_yes_or_no(fixture_engine: Engine) -> None:
    assert not Asked.of("is it still open or did it close?").yes_no
    assert Asked.of("is it still open?").yes_no
    until = fixture_engine.kb.convention.signature.until
    first_end = fixture_engine.kb.convention.signature.first_end
    day = first_end + (until - first_end) / 2
    question = "is it still possible to sign or did signature close after hanoi?"
    ans = at(fixture_engine, day).render("convention.signature", {"venue": "hanoi"}, question)
    assert not ans.text.startswith(("Yes", "No"))


def test_a_yes_no_about_who_only_may_sign_gets_the_facts_not_a_yes(fixture_engine: Engine) -> None:
    ans = fixture_engine.render("convention.signature", {}, "can only UN member states sign the convention?")
    assert not ans.text.startswith("Yes")
    assert "regional economic integration" in ans.text


# --- a wrong seat in the question: the answer names who holds the seat asked about ---------------


def _single_seat_and_other_country(engine: Engine, listing: str):
    """A position with one seat in a listing, and a country that held some other seat in it."""
    seats = (engine.kb.current if listing == "current" else engine.kb.elected_2021).seats
    position = next(p for p in {s.position for s in seats} if sum(s.position == p for s in seats) == 1)
    other = next(s.holder.country for s in seats if s.holder and s.position != position)
    return engine.kb.positions[position], other


def test_a_country_asked_about_a_seat_it_never_held_gets_that_seats_holder(fixture_engine: Engine) -> None:
    position, country = _single_seat_and_other_country(fixture_engine, "2021")
    if any(
        s.position == position.id and s.holder and s.holder.country == country for s in fixture_engine.kb.current.seats
    ):
        pytest.skip("the country holds that seat today")
    answer = fixture_engine.ask(f"is the {position.name.lower()} from {country}?")
    holder = next(s.holder for s in fixture_engine.kb.elected_2021.seats if s.position == position.id)
    assert answer.text.startswith(f"No. {country} held the {position.name}'s seat neither in")
    assert holder.name in answer.text and "Yes." not in answer.text


def test_a_2021_seat_a_country_did_not_hold_is_denied_with_the_seat_it_did_hold(fixture_engine: Engine) -> None:
    position, country = _single_seat_and_other_country(fixture_engine, "2021")
    answer = fixture_engine.ask(f"the 2021 {position.name.lower()} was from {country}, right?")
    held = next(s for s in fixture_engine.kb.elected_2021.seats if s.holder and s.holder.country == country)
    assert answer.text.startswith("No.")
    assert held.holder.name in answer.text
    assert "held no seat" not in answer.text


def test_a_member_asked_about_a_seat_they_do_not_hold_is_told_no_with_their_seat(fixture_engine: Engine) -> None:
    seat = next(s for s in fixture_engine.kb.current.seats if s.holder and s.position != "chair")
    surname = seat.holder.name.split()[-1]
    wrong = fixture_engine.ask(f"is {surname} the chair?")
    right = fixture_engine.ask(f"is {surname} a {fixture_engine.kb.positions[seat.position].name.lower()}?")
    assert wrong.text.startswith("No.") and seat.holder.name in wrong.text
    assert right.text.startswith("Yes.")


def test_the_decision_a_meeting_was_convened_under_is_named_and_cited(fixture_engine: Engine) -> None:
    for session in [s for s in fixture_engine.kb.sessions if s.decided_by]:
        answer = fixture_engine.ask(f"which decision convened the {session.name}?")
        assert answer.intent == "session.convened_under", session.id
        cited = {c.symbol for c in answer.citations}
        for c in session.decided_by:
            assert c.symbol in answer.text and c.symbol in cited


def test_a_meeting_that_took_up_anothers_work_says_why_it_was_held(fixture_engine: Engine) -> None:
    earlier = next(s for s in fixture_engine.kb.sessions if s.continued_by)
    later = fixture_engine.kb.sessions_by_id[earlier.continued_by]
    answer = fixture_engine.ask(f"why was there a {later.name}?")
    assert answer.intent == "session.info"
    assert f"It took up the work of the **{earlier.name}**" in answer.text
    assert "took up the work" not in fixture_engine.ask(f"what happened at the {earlier.name}?").text


def test_a_place_where_no_consultation_was_held_is_answered_no_with_where_they_were(fixture_engine: Engine) -> None:
    held = [s for s in fixture_engine.kb.sessions if s.kind == "consultation"]
    elsewhere = next(v for v in fixture_engine.kb.venues.values() if all(s.venue != v.id for s in held))
    answer = fixture_engine.ask(f"weren't the intersessional consultations held in {elsewhere.name}?")
    assert answer.intent == "consultations.overview"
    assert answer.text.startswith("No. None of the Committee's")
    assert all(s.name.capitalize() in answer.text for s in held)


def test_a_former_member_asked_with_their_country_gets_who_holds_the_countrys_seat_now(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    now = {s.holder.country: s.holder for s in kb.current.seats if s.holder}
    then = next(
        s.holder
        for s in kb.elected_2021.seats
        if s.holder and s.holder.country in now and now[s.holder.country].name != s.holder.name
    )
    answer = fixture_engine.ask(f"is {then.country}'s vice-chair still {then.name}?")
    assert answer.intent == "bureau.person"
    assert now[then.country].name in answer.text


def test_then_versus_now_for_a_country_gives_both_seats(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    now = {s.holder.country: s.holder.name for s in kb.current.seats if s.holder}
    then = next(s.holder for s in kb.elected_2021.seats if s.holder and s.holder.country in now)
    answer = fixture_engine.ask(f"who was {then.country}'s vice chair in 2021 vs now")
    assert then.name in answer.text and now[then.country] in answer.text
    assert then.name in fixture_engine.ask(f"who was {then.country}'s vice chair in 2021").text


def test_the_changes_since_2021_sort_every_earlier_member(fixture_engine: Engine) -> None:
    kb = fixture_engine.kb
    answer = fixture_engine.ask("what changed in the bureau since 2021?")
    assert answer.intent == "bureau.changes"
    now_names = {s.holder.name for s in kb.current.seats if s.holder}
    now_countries = {s.holder.country for s in kb.current.seats if s.holder}
    lines = answer.text.splitlines()
    for seat in (s for s in kb.elected_2021.seats if s.holder):
        if seat.holder.name in now_names:
            kind = "- still lists"
        elif seat.holder.country in now_countries:
            kind = "- names someone else for"
        else:
            kind = "- no longer lists"
        assert any(line.startswith(kind) and seat.holder.name in line for line in lines), seat.holder.name


def _chair_then_and_now(engine: Engine):
    """The Chair's seat in the 2021 listing (with its holder) and in the current one."""
    then = next(s for s in engine.kb.elected_2021.seats if s.position == "chair" and s.holder)
    now = next(s for s in engine.kb.current.seats if s.position == "chair")
    return then, now


def test_a_former_holder_asked_about_their_seat_gets_the_seat_today(fixture_engine: Engine) -> None:
    seat, today = _chair_then_and_now(fixture_engine)
    if today.holder and today.holder.name == seat.holder.name:
        pytest.skip("the 2021 chair still holds the seat")
    surname = seat.holder.name.split()[-1]
    answer = fixture_engine.ask(f"{surname} still chairs the committee, yes?")
    assert answer.text.startswith("No.")
    assert f"Current listing: {fixture_engine.renderer.facts.seat_line(today)}." in answer.text


def test_a_national_delegation_is_a_known_unknown_that_names_the_countrys_bureau_seat(fixture_engine: Engine) -> None:
    seat = next(s for s in fixture_engine.kb.current.seats if s.holder)
    answer = fixture_engine.ask(f"who was in the {seat.holder.country} delegation?")
    assert not answer.answered and answer.declined == "committee.delegations"
    assert "do not record national delegations" in answer.text and seat.holder.name in answer.text
    assert fixture_engine.ask(f"who is the vice chair from {seat.holder.country}").answered


def test_an_exact_date_of_entry_into_force_is_not_given_where_the_sources_have_none(fixture_engine: Engine) -> None:
    exact = fixture_engine.ask("on what exact date does the convention enter into force?")
    rule = fixture_engine.ask("when does the convention enter into force?")
    assert exact.declined == rule.intent == "convention.entry_into_force" and not exact.answered
    assert exact.text.startswith("My sources give no date for the Convention's entry into force")
    assert not rule.text.startswith("My sources give no date")
    assert "into force on" not in exact.text


def test_a_vote_on_another_resolution_is_a_known_unknown_about_that_resolution(fixture_engine: Engine) -> None:
    adopting = fixture_engine.kb.convention.adoption.resolution.symbol
    other = next(s for s in fixture_engine.kb.documents if s.startswith("A/RES/") and s != adopting)
    ranked = fixture_engine.rank(fixture_engine.analyze(f"what was the recorded vote on resolution {other}?"))
    vote = next(r for r in ranked if r.intent.id == "convention.vote")
    assert vote.slots.get("document") == other and not vote.features["foreign_entity"]
    answer = fixture_engine.render("convention.vote", vote.slots)
    assert f"how States voted on {other}" in answer.text and adopting not in answer.text


def test_the_committees_approval_is_not_the_conventions_adoption(fixture_engine: Engine) -> None:
    done = fixture_engine.kb.sessions_by_id[fixture_engine.kb.convention.draft_text.approved_at]
    adopted = fixture_engine.ask(f"so the convention was adopted at the {done.name}, correct?")
    approved = fixture_engine.ask(f"was the draft text approved at the {done.name}?")
    assert adopted.intent == approved.intent == "session.approved_text"
    assert adopted.text.startswith("No: the Committee did not adopt the Convention")
    assert approved.text.startswith("Yes.")


def test_a_list_of_resolutions_lists_resolutions_only(fixture_engine: Engine) -> None:
    answer = fixture_engine.ask("list every GA resolution pls")
    assert answer.intent == "documents.index"
    resolutions = [s for s, d in fixture_engine.kb.documents.items() if d.kind == "resolution"]
    others = [s for s, d in fixture_engine.kb.documents.items() if d.kind not in ("resolution", "web page")]
    assert all(s in answer.text for s in resolutions) and not any(s in answer.text for s in others)


def test_the_cost_of_the_negotiations_is_a_known_unknown(fixture_engine: Engine) -> None:
    answer = fixture_engine.ask("how much did the negotiations cost?")
    assert not answer.answered and answer.declined == "committee.budget"
    assert "say nothing about what the negotiations cost" in answer.text


def test_a_country_that_held_a_seat_before_is_told_who_holds_it_today(fixture_engine: Engine) -> None:
    then, today = _chair_then_and_now(fixture_engine)
    if today.holder and today.holder.country == then.holder.country:
        pytest.skip("the same country holds the chair today")
    answer = fixture_engine.ask(f"{then.holder.country} still chairs the committee, yeah?")
    assert answer.text.startswith("No.")
    assert f"Current listing: {fixture_engine.renderer.facts.seat_line(today)}." in answer.text


def test_a_yes_no_with_a_date_the_answer_does_not_check_gets_no_plain_yes(fixture_engine: Engine) -> None:
    seat = next(s for s in fixture_engine.kb.current.seats if s.holder)
    country, surname = seat.holder.country, seat.holder.name.split()[-1]
    assert fixture_engine.ask(f"is {country} on the bureau?").text.startswith("Yes.")
    assert not fixture_engine.ask(f"{country}'s vice-chair was only elected in 2023, right?").text.startswith("Yes")
    assert not fixture_engine.ask(f"{surname} was only elected in 2023, right?").text.startswith("Yes")


def test_the_modalities_answer_says_where_the_outline_came_from_and_where_it_went(fixture_engine: Engine) -> None:
    m = fixture_engine.kb.committee.modalities
    org = fixture_engine.kb.sessions_by_id[m.outline_agreed_at]
    a = fixture_engine.ask("what did resolution 75/282 decide about the sessions")
    assert a.matched == "committee.modalities"
    assert f"outline and modalities at its {org.name}" in a.text
    assert f"General Assembly at its {m.outline_for}" in a.text


def test_the_modalities_answer_without_the_outline_fields_says_nothing_of_it(fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    text = (k / "committee.yaml").read_text(encoding="utf-8")
    text = text.replace("    outline_agreed_at: organizational\n", "").replace(
        "    outline_for: seventy-fifth session\n", ""
    )
    (k / "committee.yaml").write_text(text, encoding="utf-8")
    a = Engine.from_dirs(k, i).ask("what did resolution 75/282 decide about the sessions")
    assert a.matched == "committee.modalities" and "outline" not in a.text


def test_a_new_members_answer_says_who_held_the_countrys_seat_in_2021(fixture_engine: Engine) -> None:
    facts = fixture_engine.renderer.facts
    # a member of today's listing who was not elected in 2021, from a country that had a seat then
    seat = next(
        s
        for s in fixture_engine.kb.current.seats
        if s.holder
        and not facts.seats(person=s.holder.name, listing="2021")
        and facts.seats(country=s.holder.country, listing="2021")
    )
    assert seat.holder is not None
    before = facts.seats(country=seat.holder.country, listing="2021")
    answer = fixture_engine.ask(f"who is {seat.holder.name}")
    assert answer.intent == "bureau.person"
    assert f"In the bureau elected in 2021, {seat.holder.country} held:" in answer.text
    assert all(b.holder is not None and b.holder.name in answer.text for b in before)
    assert "UNODC AHC 2021 page" in {c.symbol for c in answer.citations}  # the line has its source


def test_where_a_meeting_with_no_venue_was_held_is_declined(fixture_engine: Engine) -> None:
    """The reply says the sources do not say, and counts as declined; a meeting with a venue is answered."""
    without = next(s for s in fixture_engine.kb.sessions if s.venue is None)
    placed = next(s for s in fixture_engine.kb.sessions if s.venue is not None and s.number)
    missing = fixture_engine.ask(f"where was the {without.name} held")
    held = fixture_engine.ask(f"where was the {placed.name} held")
    assert not missing.answered and missing.declined == "session.venue" and "do not say where" in missing.text
    assert held.answered and held.matched == "session.venue"


def test_declines_when_belongs_to_an_intent_that_answers_and_must_be_readable(tmp_path: Path) -> None:
    import shutil

    from bot.answers.render import validate_templates

    fixtures = Path(__file__).parents[1] / "fixtures"
    shutil.copytree(fixtures / "intents", tmp_path / "intents")
    path = tmp_path / "intents" / "sessions.yaml"
    text = path.read_text(encoding="utf-8")
    kb = load_knowledge(fixtures / "knowledge")
    path.write_text(text.replace("declines_when: not session.venue", "declines_when: not session.venue (("), "utf-8")
    problems, _ = validate_templates(kb, load_intents(tmp_path / "intents", kb))
    assert any("session.venue.declines_when" in str(p) and "not a test the bot can read" in str(p) for p in problems)
    # a test that reads but names a fact that does not exist is found for the things it meets
    path.write_text(text.replace("declines_when: not session.venue", "declines_when: not session.venu"), "utf-8")
    problems, _ = validate_templates(kb, load_intents(tmp_path / "intents", kb))
    assert any(
        "session.venue.declines_when" in str(p) and "names a fact that does not exist" in str(p) for p in problems
    )
    path.write_text(
        text.replace("    declines_when: not session.venue\n", "    decline: true\n    declines_when: x\n"), "utf-8"
    )
    with pytest.raises(KnowledgeError) as err:
        load_intents(tmp_path / "intents", kb)
    assert any("declines_when is for an intent that answers" in str(p) for p in err.value.problems)


def test_declines_when_may_read_how_the_question_was_put(fixture_engine: Engine) -> None:
    """Asked for the exact date the sources do not give, the answer says so and is a decline; asked
    when in general, the rule it follows is the answer."""
    exact = fixture_engine.ask("on what exact date does the convention enter into force")
    rule = fixture_engine.ask("when does the convention enter into force")
    assert not exact.answered and exact.declined == "convention.entry_into_force"
    assert rule.answered and rule.matched == "convention.entry_into_force"


@pytest.mark.parametrize(
    ("file", "marker", "test", "declined", "answered", "intent"),
    [
        # the sources say a protocol is to be negotiated, not its deadline: the question declines
        # though the follow-up answer tells no "when", and the plain question is answered
        (
            "convention.yaml",
            "    aspects: [happened, decision, what]\n    subjects: [follow up]\n",
            "'protocol' in asked.words and 'deadline' in asked.words",
            "what is the deadline for the draft protocol supplementary to the convention",
            "draft protocol supplementary to the convention",
            "convention.follow_up",
        ),
        # the answer resting on annex I of A/AC.291/6 is taken without scoring, and its
        # `declines_when` (the sources give no count) still makes it a decline
        (
            "committee.yaml",
            "    aspects: [who]\n    subjects: [stakeholders]\n",
            "'how' in asked.words and 'many' in asked.words",
            "how many organizations are in annex I of A/AC.291/6",
            "what is in annex I of A/AC.291/6",
            "committee.stakeholders",
        ),
    ],
)
def test_a_declines_when_that_reads_the_question_declines_however_the_answer_is_reached(
    fixture_copy: tuple[Path, Path], file: str, marker: str, test: str, declined: str, answered: str, intent: str
) -> None:
    k, i = fixture_copy
    add_line_after(i / file, marker, f'    declines_when: "{test}"')
    engine = Engine.from_dirs(k, i)
    no, yes = engine.ask(declined), engine.ask(answered)
    assert not no.answered and no.declined == intent
    assert yes.answered and yes.matched == intent
