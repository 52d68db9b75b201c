"""The UN symbol grammar accepts the series the UN really issues and refuses everything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.kb.models import Document, is_un_symbol
from bot.kb.symbols import MAX_SYMBOL_LENGTH, SUFFIXES, UnSymbol, parse_symbol

REAL_SYMBOLS = [
    # the Convention and the Ad Hoc Committee
    "A/RES/79/243",
    "A/RES/74/247",
    "A/RES/75/282",
    "A/DEC/74/567",
    "A/78/986",
    "A/AC.291/7",
    "A/AC.291/28",
    "A/AC.291/9/Add.1",
    "A/AC.291/CRP.1",
    "A/AC.291/L.15",
    "A/AC.291/INF/1",
    "A/AC.291/22/Rev.2",
    "A/AC.291/L.15/Corr.1",
    # the conferences of the parties to the Convention, UNTOC and UNCAC
    "CTOC/COSP/CC/2027/1",
    "CTOC/COSP/2026/1",
    "CTOC/COP/WG.2/2023/1",
    "CTOC/COP/2020/10",
    "CAC/COSP/2023/1",
    "CAC/COSP/IRG/2024/2",
    # other organs and series
    "E/CN.15/2024/L.5",
    "E/CN.15/2024/L.5/Rev.1",
    "E/2024/30",
    "E/RES/2023/18",
    "A/78/PV.45",
    "A/C.3/78/L.15",
    "A/C.3/78/L.15/Amend.1",
    "A/CONF.234/16",
    "A/HRC/RES/52/1",
    "A/RES/ES-10/21",
    "S/2024/123",
    "S/RES/2334",
    "S/PRST/2024/1",
    "S/PV.9000",
    "ST/SGB/2019/8",
    "ST/AI/2010/5/Add.1/Rev.1",
    "E/CN.4/Sub.2/2005/1",
]


@pytest.mark.parametrize("symbol", REAL_SYMBOLS)
def test_real_symbols_are_accepted(symbol: str) -> None:
    assert is_un_symbol(symbol)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "hello/world",
        "Vienna",
        "A/RES",  # no number
        "TCP/IP",
        "12/2024",  # a date, not a symbol
        "24/12/2024",
        "2024-12-24",
        "79/243",  # a bare number pair has no series
        "https://undocs.org/A/RES/79/243",
        "undocs.org/A/RES/79/243",
        "a/res/79/243",  # symbols are written in capitals
        "A-AC-291-8",
        "A/AC291/8",  # the dot of AC.291 is part of the symbol
        "A//79/243",
        "/A/RES/79/243",
        "A/RES/79/243/",
        "A / RES / 79 / 243",
        "A/RES/79/243 ",
        "A/AC.291/9/Add",  # a suffix needs its number
        "A/AC.291/9/Add.1/12",  # suffixes come last
        "A/Add.1",  # a suffix alone is not a body
        "HTTP/1.1",
        "A/" + "1/" * 20 + "1",
    ],
)
def test_non_symbols_are_refused(text: str) -> None:
    assert not is_un_symbol(text)


def test_symbol_is_parsed_into_series_body_and_suffixes() -> None:
    assert parse_symbol("A/AC.291/9/Add.1/Rev.2") == UnSymbol("A", ("AC.291", "9"), ("Add.1", "Rev.2"))


series = st.from_regex(r"[A-Z]{1,6}", fullmatch=True)
body_part = st.one_of(
    st.integers(1, 99999).map(str),
    st.from_regex(r"[A-Z]{1,8}", fullmatch=True),
    st.builds(lambda code, n: f"{code}.{n}", st.from_regex(r"[A-Z]{1,8}", fullmatch=True), st.integers(1, 99999)),
)
suffix = st.builds(lambda kind, n: f"{kind}.{n}", st.sampled_from(SUFFIXES), st.integers(1, 999))
symbols = st.builds(
    UnSymbol,
    series,
    st.lists(body_part, min_size=1, max_size=5).map(tuple).filter(lambda b: any(ch.isdigit() for ch in "".join(b))),
    st.lists(suffix, max_size=2).map(tuple),
).filter(lambda s: len(str(s)) <= MAX_SYMBOL_LENGTH)  # longer text is refused on purpose (see below)


def test_a_symbol_longer_than_the_limit_is_refused() -> None:
    long = "AAA/AAA.100/AAAAAA.10000/AAAAAAAA/AAAAAAAA.1000/AAAAAAAA.1000/Amend.100/Amend.100"
    assert len(long) > MAX_SYMBOL_LENGTH and not is_un_symbol(long)
    assert is_un_symbol(long[: long.index("/AAAAAAAA.1000/Amend")])


@given(symbols)
def test_generated_well_formed_symbols_are_accepted_and_round_trip(symbol: UnSymbol) -> None:
    text = str(symbol)
    assert is_un_symbol(text)
    assert parse_symbol(text) == symbol


@given(st.text(alphabet="AEST/.-0123456789 adRvCorme", max_size=30))
def test_whatever_parses_prints_back_as_written(text: str) -> None:
    parsed = parse_symbol(text)
    if parsed is not None:
        assert str(parsed) == text
        assert " " not in text and "//" not in text


def web_page(label: str) -> Document:
    return Document.model_validate({"symbol": label, "kind": "web page", "title": "t", "url": "https://example.org"})


def test_web_page_label_may_contain_a_slash() -> None:
    assert web_page("UNODC CoSP/WG page").symbol == "UNODC CoSP/WG page"


@pytest.mark.parametrize("label", ["A/RES/79/243", "https://example.org", "1 page", " UNODC page"])
def test_web_page_label_must_be_plain_text_and_not_a_symbol(label: str) -> None:
    with pytest.raises(ValidationError):
        web_page(label)


def test_a_document_with_a_real_cosp_symbol_is_valid() -> None:
    doc = Document.model_validate({"symbol": "CTOC/COSP/CC/2027/1", "kind": "report", "title": "t"})
    assert doc.link == "https://undocs.org/CTOC/COSP/CC/2027/1"
