"""Every fact of the primary source page (and the `high` facts of facts.yaml) is in the knowledge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from bot.kb.loader import Knowledge


def session(kb: Knowledge, sid: str):  # type: ignore[no-untyped-def]
    return kb.sessions_by_id[sid]


def holder(kb: Knowledge, seat_id: str, listing: str = "current") -> str:
    seats = kb.current.seats if listing == "current" else kb.elected_2021.seats
    seat = next(s for s in seats if s.id == seat_id)
    return f"{seat.holder.name} ({seat.holder.country})" if seat.holder else seat.status


def cites(records: list, symbol: str) -> bool:  # type: ignore[type-arg]
    return any(c.symbol == symbol for c in records)


PAGE_FACTS: list[tuple[str, Callable[[Knowledge], bool]]] = [
    (
        "adopted by the General Assembly on 24 December 2024",
        lambda kb: (
            kb.convention.adoption.date == date(2024, 12, 24) and "General Assembly" in kb.convention.adoption.body
        ),
    ),
    ("adopted in New York", lambda kb: kb.convention.adoption.place == "New York"),
    ("adopted by resolution 79/243", lambda kb: kb.convention.adoption.resolution.symbol == "A/RES/79/243"),
    (
        "first comprehensive global treaty",
        lambda kb: "first comprehensive global treaty" in kb.convention.purpose.summary,
    ),
    (
        "measures to prevent and combat cybercrime",
        lambda kb: "prevent and combat cybercrime" in kb.convention.purpose.summary,
    ),
    (
        "cooperation in sharing electronic evidence for serious crimes",
        lambda kb: (
            "electronic evidence" in kb.convention.purpose.summary and "serious crimes" in kb.convention.purpose.summary
        ),
    ),
    ("resolution 74/247 established the committee", lambda kb: kb.committee.established_by.symbol == "A/RES/74/247"),
    (
        "open-ended ad hoc intergovernmental committee of experts, representative of all regions",
        lambda kb: "open-ended" in kb.committee.long_name and "representative of all regions" in kb.committee.long_name,
    ),
    (
        "mandate: comprehensive convention on countering ICTs for criminal purposes",
        lambda kb: "comprehensive international convention" in kb.committee.mandate,
    ),
    (
        "taking into account the Expert Group to Conduct a Comprehensive Study on Cybercrime",
        lambda kb: "Expert Group to Conduct a Comprehensive Study on Cybercrime" in kb.committee.mandate,
    ),
    (
        "three-day organizational session, 10-12 May 2021, New York",
        lambda kb: (
            (
                session(kb, "organizational").start,
                session(kb, "organizational").end,
                session(kb, "organizational").venue,
            )
            == (date(2021, 5, 10), date(2021, 5, 12), "new-york")
        ),
    ),
    (
        "organizational session: outline and modalities for the GA's seventy-fifth session",
        lambda kb: (
            "outline and modalities" in (session(kb, "organizational").outcome or "")
            and "seventy-fifth" in (session(kb, "organizational").outcome or "")
        ),
    ),
    (
        "originally scheduled for August 2020",
        lambda kb: session(kb, "organizational").originally_planned == "August 2020",
    ),
    (
        "postponed because of COVID-19",
        lambda kb: "COVID-19" in (session(kb, "organizational").postponement_reason or ""),
    ),
    (
        "postponed by decision 74/567 of 14 August 2020",
        lambda kb: (
            cites(session(kb, "organizational").postponed_by, "A/DEC/74/567")
            and kb.documents["A/DEC/74/567"].date == date(2020, 8, 14)
        ),
    ),
    (
        "and by decision 75/555 of 15 January 2021",
        lambda kb: (
            cites(session(kb, "organizational").postponed_by, "A/DEC/75/555")
            and kb.documents["A/DEC/75/555"].date == date(2021, 1, 15)
        ),
    ),
    ("resolution 75/282 adopted on 26 May 2021", lambda kb: kb.documents["A/RES/75/282"].date == date(2021, 5, 26)),
    (
        "75/282 entitled 'Countering the use of ICTs for criminal purposes'",
        lambda kb: (
            kb.documents["A/RES/75/282"].title
            == "Countering the use of information and communications technologies for criminal purposes"
        ),
    ),
    ("at least six sessions", lambda kb: kb.committee.modalities.min_sessions == 6),
    ("of 10 days each", lambda kb: kb.committee.modalities.session_days == 10),
    ("to commence in January 2022", lambda kb: kb.committee.modalities.first_session_from == "January 2022"),
    ("a concluding session in New York", lambda kb: kb.committee.modalities.concluding_session_venue == "new-york"),
    (
        "draft convention to the GA at its seventy-eighth session",
        lambda kb: "seventy-eighth" in kb.committee.modalities.deadline,
    ),
    ("sessions 1, 3 and 6 in New York", lambda kb: kb.committee.modalities.venues["new-york"] == [1, 3, 6]),
    ("sessions 2, 4 and 5 in Vienna", lambda kb: kb.committee.modalities.venues["vienna"] == [2, 4, 5]),
    (
        "guided by the GA rules of procedure",
        lambda kb: "General Assembly" in kb.committee.modalities.rules_of_procedure,
    ),
    (
        "decision 76/552: one-day meeting on organizational matters on 24 February 2022",
        lambda kb: (
            session(kb, "meeting-2022").start == date(2022, 2, 24)
            and cites(session(kb, "meeting-2022").decided_by, "A/DEC/76/552")
        ),
    ),
    (
        "first session 28 February to 11 March 2022",
        lambda kb: (
            (session(kb, "session-1").start, session(kb, "session-1").end) == (date(2022, 2, 28), date(2022, 3, 11))
        ),
    ),
    ("road map approved at the first session", lambda kb: kb.committee.road_map.approved_at == "session-1"),
    (
        "road map in annex II to A/AC.291/7",
        lambda kb: (
            (kb.committee.road_map.document.symbol, kb.committee.road_map.document.pinpoint)
            == ("A/AC.291/7", "annex II")
        ),
    ),
    (
        "six negotiating sessions, a concluding session and five intersessional consultations",
        lambda kb: (
            kb.committee.road_map.plan.startswith(
                "six negotiating sessions, a concluding session and five intersessional"
            )
            and len([s for s in kb.sessions if s.kind == "negotiating"]) == 6
            and len([s for s in kb.sessions if s.kind == "consultation"]) == 5
        ),
    ),
    (
        "concluding session in New York, 29 January to 9 February 2024",
        lambda kb: (
            (session(kb, "concluding").start, session(kb, "concluding").end, session(kb, "concluding").venue)
            == (date(2024, 1, 29), date(2024, 2, 9), "new-york")
        ),
    ),
    (
        "concluding session suspended its work and recommended a reconvened session",
        lambda kb: (
            "suspended" in (session(kb, "concluding").outcome or "")
            and "reconvened" in (session(kb, "concluding").outcome or "")
        ),
    ),
    (
        "decision 78/549 on the reconvened concluding session",
        lambda kb: cites(session(kb, "reconvened-concluding").decided_by, "A/DEC/78/549"),
    ),
    (
        "reconvened concluding session, New York, 29 July to 9 August 2024",
        lambda kb: (
            (
                session(kb, "reconvened-concluding").start,
                session(kb, "reconvened-concluding").end,
                session(kb, "reconvened-concluding").venue,
            )
            == (date(2024, 7, 29), date(2024, 8, 9), "new-york")
        ),
    ),
    (
        "approved a draft GA resolution with the draft text A/78/986-A/AC.291/28 annexed",
        lambda kb: (
            [c.symbol for c in kb.convention.draft_text.symbols] == ["A/78/986", "A/AC.291/28"]
            and "draft General Assembly resolution" in (session(kb, "reconvened-concluding").outcome or "")
        ),
    ),
    (
        "interpretative notes annexed to the report of the session",
        lambda kb: "interpretative notes" in (session(kb, "reconvened-concluding").outcome or ""),
    ),
    ("FAQ document, status 15 January 2025", lambda kb: kb.committee.faq_document.status_date == date(2025, 1, 15)),
    ("Chair: vacant", lambda kb: holder(kb, "chair") == "vacant"),
    ("Vice-Chair, African Group: vacant", lambda kb: holder(kb, "vc-african-1") == "vacant"),
    (
        "Vice-Chair, African Group: Tyendezwa (Nigeria)",
        lambda kb: holder(kb, "vc-african-2") == "Terlumun George-Maria Tyendezwa (Nigeria)",
    ),
    (
        "Vice-Chair, Asia-Pacific: Zhen SHANG (China)",
        lambda kb: holder(kb, "vc-asia-pacific-1") == "Zhen SHANG (China)",
    ),
    (
        "Vice-Chair, Asia-Pacific: WARISAWA Koichi (Japan)",
        lambda kb: holder(kb, "vc-asia-pacific-2") == "WARISAWA Koichi (Japan)",
    ),
    (
        "Vice-Chair, Eastern European: Künnapu (Estonia)",
        lambda kb: holder(kb, "vc-eastern-european-1") == "Markko Künnapu (Estonia)",
    ),
    (
        "two Eastern European vice-chair seats vacant",
        lambda kb: holder(kb, "vc-eastern-european-2") == holder(kb, "vc-eastern-european-3") == "vacant",
    ),
    (
        "GRULAC: Peguero Castillo (Dominican Republic)",
        lambda kb: holder(kb, "vc-latin-american-caribbean-1") == "Claudio Peguero Castillo (Dominican Republic)",
    ),
    (
        "GRULAC: Murillo Centeno (Nicaragua)",
        lambda kb: holder(kb, "vc-latin-american-caribbean-2") == "Sabra Amari Murillo Centeno (Nicaragua)",
    ),
    (
        "GRULAC: do Val Lacerda Sogocio (Brazil)",
        lambda kb: holder(kb, "vc-latin-american-caribbean-3") == "Eric do Val Lacerda Sogocio (Brazil)",
    ),
    (
        "WEOG: vacant, de Almeida e Sousa (Portugal), vacant",
        lambda kb: (
            [holder(kb, f"vc-western-european-other-{i}") for i in (1, 2, 3)]
            == ["vacant", "Miguel de Almeida e Sousa (Portugal)", "vacant"]
        ),
    ),
    (
        "Rapporteur seat of the Asia-Pacific Group",
        lambda kb: next(s for s in kb.current.seats if s.position == "rapporteur").group == "asia-pacific",
    ),
    ("13 vice-chair seats", lambda kb: len([s for s in kb.current.seats if s.position == "vice-chair"]) == 13),
    (
        "IGOs and ECOSOC-accredited NGOs invited",
        lambda kb: (
            "intergovernmental organizations" in kb.committee.stakeholders.invited
            and "Economic and Social Council" in kb.committee.stakeholders.invited
        ),
    ),
    (
        "other NGOs, CSOs, academia and private sector approved by the Committee",
        lambda kb: all(
            w in kb.committee.stakeholders.also_invited
            for w in ("civil society", "academic", "private sector", "approved by the Committee")
        ),
    ),
    (
        "paragraph 9 of resolution 75/282",
        lambda kb: (
            (kb.committee.stakeholders.basis.symbol, kb.committee.stakeholders.basis.pinpoint)
            == ("A/RES/75/282", "para. 9")
        ),
    ),
    (
        "list in annex I to A/AC.291/6",
        lambda kb: (
            (kb.committee.stakeholders.approved_list.symbol, kb.committee.stakeholders.approved_list.pinpoint)
            == ("A/AC.291/6", "annex I")
        ),
    ),
    (
        "secretariat: UNODC, Organized Crime and Illicit Trafficking Branch, Division for Treaty Affairs",
        lambda kb: (
            kb.committee.secretariat.body == "UNODC"
            and kb.committee.secretariat.unit
            == "Organized Crime and Illicit Trafficking Branch, Division for Treaty Affairs"
        ),
    ),
]

HIGH_FACTS: list[tuple[str, Callable[[Knowledge], bool]]] = [
    (
        "full title",
        lambda kb: kb.convention.full_title.startswith("United Nations Convention against Cybercrime; Strengthening"),
    ),
    ("text annexed to 79/243", lambda kb: "annex" in kb.convention.adoption.text_location),
    (
        "preamble and nine chapters",
        lambda kb: kb.convention.structure.preamble and kb.convention.structure.chapters == 9,
    ),
    (
        "signature in Hanoi 25-26 October 2025",
        lambda kb: (
            (kb.convention.signature.first_start, kb.convention.signature.first_end)
            == (date(2025, 10, 25), date(2025, 10, 26))
            and "Hanoi" in kb.convention.signature.first_place
        ),
    ),
    (
        "then at UN Headquarters until 31 December 2026 (art. 64)",
        lambda kb: (
            kb.convention.signature.until == date(2026, 12, 31)
            and any(c.pinpoint and "art. 64" in c.pinpoint for c in kb.convention.signature.source)
        ),
    ),
    (
        "open to all States and regional economic integration organizations",
        lambda kb: "regional economic integration organizations" in kb.convention.signature.open_to,
    ),
    (
        "entry into force: 90th day after the 40th instrument (art. 65(1))",
        lambda kb: (
            (kb.convention.entry_into_force.days_after, kb.convention.entry_into_force.instruments_needed) == (90, 40)
        ),
    ),
    ("Hanoi ceremony hosted by Viet Nam with UNODC", lambda kb: "Viet Nam" in kb.convention.signature.ceremony),
    (
        "follow-up: rules of procedure of the CoSP and a draft protocol",
        lambda kb: (
            any("rules of procedure" in t for t in kb.convention.follow_up.tasks)
            and any("protocol" in t for t in kb.convention.follow_up.tasks)
        ),
    ),
    (
        "second session Vienna 30 May-10 June 2022",
        lambda kb: (
            (session(kb, "session-2").start, session(kb, "session-2").end, session(kb, "session-2").venue)
            == (date(2022, 5, 30), date(2022, 6, 10), "vienna")
        ),
    ),
    (
        "third session New York 29 August-9 September 2022",
        lambda kb: (
            (session(kb, "session-3").start, session(kb, "session-3").end, session(kb, "session-3").venue)
            == (date(2022, 8, 29), date(2022, 9, 9), "new-york")
        ),
    ),
    (
        "fourth session Vienna 9-20 January 2023",
        lambda kb: (
            (session(kb, "session-4").start, session(kb, "session-4").end) == (date(2023, 1, 9), date(2023, 1, 20))
        ),
    ),
    (
        "fifth session Vienna 11-21 April 2023",
        lambda kb: (
            (session(kb, "session-5").start, session(kb, "session-5").end) == (date(2023, 4, 11), date(2023, 4, 21))
        ),
    ),
    (
        "sixth session New York 21 August-1 September 2023 on the Chair's draft",
        lambda kb: (
            (session(kb, "session-6").start, session(kb, "session-6").end) == (date(2023, 8, 21), date(2023, 9, 1))
            and "Chair's draft" in (session(kb, "session-6").outcome or "")
        ),
    ),
    (
        "intersessional consultations in Vienna on the given dates",
        lambda kb: (
            [(s.start, s.end) for s in kb.sessions if s.kind == "consultation"]
            == [
                (date(2022, 3, 24), date(2022, 3, 25)),
                (date(2022, 6, 13), date(2022, 6, 14)),
                (date(2022, 11, 3), date(2022, 11, 4)),
                (date(2023, 3, 6), date(2023, 3, 7)),
                (date(2023, 6, 20), date(2023, 6, 21)),
            ]
            and all(s.venue == "vienna" for s in kb.sessions if s.kind == "consultation")
        ),
    ),
    (
        "2026 session on rules of procedure, Vienna, 26-30 January 2026",
        lambda kb: (
            (
                session(kb, "post-adoption-2026").start,
                session(kb, "post-adoption-2026").end,
                session(kb, "post-adoption-2026").venue,
            )
            == (date(2026, 1, 26), date(2026, 1, 30), "vienna")
        ),
    ),
    (
        "second session documents A/AC.291/8, 9 and 9/Add.1",
        lambda kb: (
            [c.symbol for c in session(kb, "session-2").documents] == ["A/AC.291/8", "A/AC.291/9", "A/AC.291/9/Add.1"]
        ),
    ),
    (
        "2021 chair Faouzia Boumaiza Mebarki (Algeria)",
        lambda kb: holder(kb, "chair-2021", "2021") == "Faouzia Boumaiza Mebarki (Algeria)",
    ),
    (
        "2021 rapporteur Arsi Dwinugra Firdausy (Indonesia)",
        lambda kb: holder(kb, "rapporteur-2021", "2021") == "Arsi Dwinugra Firdausy (Indonesia)",
    ),
    (
        "2021 bureau: 13 vice-chairs",
        lambda kb: len([s for s in kb.elected_2021.seats if s.position == "vice-chair"]) == 13,
    ),
    ("2021 bureau elected on 10 May 2021", lambda kb: kb.elected_2021.as_of == date(2021, 5, 10)),
    (
        "UNODC also secretariat of the CoSP",
        lambda kb: "Conference of the States Parties" in kb.committee.secretariat.also_serves,
    ),
    ("contact cybercrimeahc@un.org", lambda kb: kb.committee.secretariat.email == "cybercrimeahc@un.org"),
]


@pytest.mark.parametrize(("fact", "check"), PAGE_FACTS + HIGH_FACTS, ids=[f for f, _ in PAGE_FACTS + HIGH_FACTS])
def test_fact_is_in_the_knowledge(kb: Knowledge, fact: str, check: Callable[[Knowledge], bool]) -> None:
    assert check(kb), fact


def test_unconfirmed_report_symbols_are_not_invented(kb: Knowledge) -> None:
    """facts.yaml: report symbols for sessions two to six and the concluding session were not confirmed."""
    for sid in ("session-3", "session-4", "session-5", "session-6", "concluding"):
        assert not session(kb, sid).documents


def test_low_confidence_signatory_count_is_left_out(kb: Knowledge) -> None:
    text = kb.model_dump_json() if hasattr(kb, "model_dump_json") else repr(kb)
    assert "signatories" not in text.lower()
