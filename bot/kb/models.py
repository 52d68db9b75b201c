"""Typed, frozen records for the knowledge base and the intents (pydantic v2)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from bot.kb.kinds import SLOT_NAMES
from bot.kb.symbols import is_un_symbol as is_un_symbol  # the grammar lives in its own module

WEB_LABEL = re.compile(r"^[^\W\d_][\w .,&'()/\-]{1,79}$")
"""A web page's short label, e.g. "UNODC AHC page" or "UNODC CoSP/WG page": starts with a letter."""


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} is not a valid date") from None


Date = Annotated[dt.date, BeforeValidator(_parse_date)]


def _text(value: Any) -> Any:
    # Numbers are fine as text ("A/78/986" never arrives as a number, but "2026" might).
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Citation(Record):
    symbol: Text
    pinpoint: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"symbol": value}
        return value


def _listify(value: Any) -> Any:
    if isinstance(value, str | dict):
        return [value]
    return value


Citations = Annotated[list[Citation], BeforeValidator(_listify)]


DocumentKind = Literal[
    "resolution",
    "decision",
    "report",
    "agenda",
    "compilation",
    "note",
    "letter",
    "draft",
    "list",
    "committee document",
    "web page",
]
"""What a document is. `committee document` is a document of the Committee whose kind the sources
do not give: never call it a report without a source that says so."""


class Document(Record):
    symbol: Text
    kind: DocumentKind
    title: Text
    date: Date | None = None
    url: Text | None = None
    source: Citations = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_symbol(self) -> Document:
        if self.kind == "web page":
            if not WEB_LABEL.match(self.symbol) or self.symbol != self.symbol.strip():
                raise ValueError(f"web page label {self.symbol!r} must be short plain text")
            if is_un_symbol(self.symbol):
                raise ValueError(f"{self.symbol!r} is a UN document symbol; give it its kind (report, resolution …)")
            if not self.url:
                raise ValueError("a web page needs a url")
        elif not is_un_symbol(self.symbol):
            raise ValueError(f"{self.symbol!r} is not a well-formed UN document symbol (e.g. A/RES/79/243)")
        return self

    @property
    def link(self) -> str:
        return self.url or f"https://undocs.org/{self.symbol}"


class DocumentsFile(Record):
    documents: list[Document]


# --- convention -------------------------------------------------------------------------------


class Adoption(Record):
    date: Date
    place: Text
    body: Text
    resolution: Citation
    text_location: Text
    source: Citations


class Purpose(Record):
    summary: Text
    source: Citations


class Structure(Record):
    preamble: bool
    chapters: int = Field(ge=1)
    source: Citations


class Signature(Record):
    open_to: Text
    first_place: Text
    first_start: Date
    first_end: Date
    ceremony: Text
    then_place: Text
    until: Date
    source: Citations


class EntryIntoForce(Record):
    instruments_needed: int = Field(ge=1)
    days_after: int = Field(ge=1)
    instrument_kinds: list[Text] = Field(min_length=1)
    source: Citations


class Article(Record):
    """An article of the Convention that the knowledge answers, and the intent that answers it."""

    number: int = Field(ge=1)
    paragraph: int | None = Field(default=None, ge=1)
    subject: Text
    answered_by: Text

    @property
    def label(self) -> str:
        """'article 64', 'article 65, paragraph 1'."""
        return f"article {self.number}" + (f", paragraph {self.paragraph}" if self.paragraph else "")


class Status(Record):
    """Who keeps the current status of signatures and ratifications, and when the bot's facts were
    last checked against their sources (the bot keeps no count of its own)."""

    kept_by: Citation
    checked: Date
    source: Citations


class DraftText(Record):
    symbols: Citations = Field(min_length=1)
    approved_at: Text
    chairs_draft_session: Text | None = None
    """The session whose negotiations were based on the Chair's draft text (not the approved draft)."""
    source: Citations


class FollowUp(Record):
    mandated_by: Citation
    tasks: list[Text] = Field(min_length=1)
    session: Text
    source: Citations


class Convention(Record):
    short_title: Text
    full_title: Text
    title_source: Citations
    adoption: Adoption
    purpose: Purpose
    structure: Structure
    signature: Signature
    entry_into_force: EntryIntoForce
    draft_text: DraftText
    follow_up: FollowUp
    text: Citation
    """Where the text of the Convention is (A/RES/79/243, annex): article pinpoints start from it."""
    articles: list[Article] = Field(default_factory=list)
    other_articles_answered_by: Text
    """The intent that says the bot does not summarise an article and links its text."""
    status: Status

    def article_pinpoint(self, number: int, paragraph: int | None = None) -> str:
        """'annex, art. 64', 'annex, art. 65, para. 1'."""
        head = f"{self.text.pinpoint}, " if self.text.pinpoint else ""
        return f"{head}art. {number}" + (f", para. {paragraph}" if paragraph else "")


class ConventionFile(Record):
    convention: Convention


# --- committee --------------------------------------------------------------------------------


class Modalities(Record):
    set_by: Citation
    adopted: Date
    min_sessions: int = Field(ge=1)
    session_days: int = Field(ge=1)
    first_session_from: Text
    concluding_session_venue: Text
    deadline: Text
    venues: dict[str, list[int]]
    rules_of_procedure: Text
    outline_agreed_at: Text | None = None
    """The session (id) that agreed the outline and modalities the resolution set."""
    outline_for: Text | None = None
    """The General Assembly session they were submitted to ("seventy-fifth session")."""
    source: Citations


class RoadMap(Record):
    document: Citation
    approved_at: Text
    plan: Text
    consultations_with: Text
    source: Citations


class Secretariat(Record):
    body: Text
    body_full: Text
    unit: Text
    email: Text
    also_serves: Text
    source: Citations


class Stakeholders(Record):
    invited: Text
    also_invited: Text
    basis: Citation
    approved_list: Citation
    source: Citations


class FaqDocument(Record):
    status_date: Date
    topic: Text
    source: Citations


class Committee(Record):
    name: Text
    long_name: Text
    established_by: Citation
    mandate: Text
    source: Citations
    modalities: Modalities
    road_map: RoadMap
    secretariat: Secretariat
    stakeholders: Stakeholders
    faq_document: FaqDocument


class CommitteeFile(Record):
    committee: Committee


# --- sessions ---------------------------------------------------------------------------------

SessionKind = Literal[
    "organizational", "meeting", "negotiating", "concluding", "reconvened", "consultation", "post-adoption", "session"
]
"""`session` is an ordinary session of a body other than the Committee (the Conference's first session)."""


class Body(Record):
    """A body that meets: the Ad Hoc Committee, the Conference of the States Parties, the General Assembly."""

    id: Text
    name: Text
    """Its name as an answer says it after "the": "Ad Hoc Committee"."""
    short: Text
    """How a second mention says it after "the": "Committee", "Conference"."""
    aliases: list[Text] = Field(default_factory=list)


class Venue(Record):
    id: Text
    name: Text
    aliases: list[Text] = Field(default_factory=list)


class Session(Record):
    id: Text
    body: Text
    """The id of the body (from `bodies:`) whose meeting this is."""
    kind: SessionKind
    number: int | None = Field(default=None, ge=1)
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    start: Date
    end: Date
    venue: Text | None = None
    venue_detail: Text | None = None
    originally_planned: Text | None = None
    postponed_by: Citations = Field(default_factory=list)
    postponement_reason: Text | None = None
    decided_by: Citations = Field(default_factory=list)
    documents: Citations = Field(default_factory=list)
    outcome: Text | None = None
    outcome_source: Citations = Field(default_factory=list)
    """Sources of the outcome alone, cited only with answers that show the outcome."""
    continued_by: Text | None = None
    """The id of the session that took up and finished this one's work (a suspended session)."""
    source: Citations

    @model_validator(mode="after")
    def _check_dates(self) -> Session:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class SessionsFile(Record):
    bodies: list[Body]
    venues: list[Venue]
    sessions: list[Session]


# --- bureau -----------------------------------------------------------------------------------


class Position(Record):
    id: Text
    name: Text
    aliases: list[Text] = Field(default_factory=list)


class Group(Record):
    id: Text
    name: Text
    aliases: list[Text] = Field(default_factory=list)


class Country(Record):
    name: Text
    demonyms: list[Text] = Field(default_factory=list)
    aliases: list[Text] = Field(default_factory=list)
    group: Text


class Holder(Record):
    title: Text | None = None
    name: Text
    country: Text
    aliases: list[Text] = Field(default_factory=list)

    @property
    def display(self) -> str:
        return f"{self.title + ' ' if self.title else ''}{self.name} ({self.country})"


class Seat(Record):
    id: Text
    position: Text
    group: Text | None = None
    status: Literal["filled", "vacant", "unknown"]
    holder: Holder | None = None
    as_of: Date | None = None
    """The date the source gives for this seat, when it differs from the listing's."""
    source: Citations = Field(default_factory=list)
    """Where this seat's holder comes from, when not the listing's own source."""

    @model_validator(mode="after")
    def _check_holder(self) -> Seat:
        if self.status == "filled" and self.holder is None:
            raise ValueError("a filled seat needs a holder")
        if self.status != "filled" and self.holder is not None:
            raise ValueError(f"a {self.status} seat cannot have a holder; set status: filled")
        return self


class Listing(Record):
    as_of: Date | None = None
    """The date the listing was valid, only when the source gives one."""
    listed_on: Text | None = None
    """Where the listing comes from, said with every answer when it carries no date."""
    note: Text
    source: Citations
    seats: list[Seat] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_said_when_or_where(self) -> Listing:
        if self.as_of is None and self.listed_on is None:
            raise ValueError(
                "missing required field 'as_of' or 'listed_on': give the date the source gives, or where the listing is"
            )
        return self


class BureauFile(Record):
    positions: list[Position]
    groups: list[Group]
    countries: list[Country]
    current: Listing
    elected_2021: Listing


# --- intents ----------------------------------------------------------------------------------

SessionCitations = Literal["decided_by", "documents", "source", "outcome_source", "postponed_by"]
DEFAULT_SESSION_CITATIONS: tuple[SessionCitations, ...] = ("decided_by", "documents", "source")


def _check_slot(value: str) -> str:
    if value not in SLOT_NAMES:
        raise ValueError(f"{value!r} must be one of {', '.join(SLOT_NAMES)}")
    return value


Slot = Annotated[str, AfterValidator(_check_slot)]
"""A kind of thing an intent can take (bot/kb/kinds.py)."""


class Intent(Record):
    id: Text
    topic: Text
    title: Text
    examples: list[Text] = Field(min_length=1)
    tests: list[Text] = Field(default_factory=list)
    keywords: list[Text] = Field(default_factory=list)
    requires: list[Slot] = Field(default_factory=list)
    accepts: list[Slot] = Field(default_factory=list)
    aspects: list[Text] = Field(default_factory=list)
    """What the intent tells about its subject (when, where, who, ...): names from vocabulary `aspects`.
    A question asking that about the same kind of thing matches even in words no example uses."""
    subjects: list[Text] = Field(default_factory=list)
    """For an intent that needs no named thing: the words that name its subject ("signature"). A
    question naming one and asking one of the intent's aspects matches as if it named a thing."""
    answer: Text
    speaks_to: list[Text] = Field(default_factory=list)
    """Other bodies (vocabulary `foreign_terms`) this answer speaks to without naming them: "can the
    EU sign it?" is answered by who may sign (States and regional economic integration
    organizations), so naming the EU does not make the question another body's."""
    citations: Citations = Field(default_factory=list)
    related: list[Text] = Field(default_factory=list)
    time_sensitive: bool = False
    default_slots: dict[str, Text] = Field(default_factory=dict)
    """What the answer is about when the question names nothing ("why was it postponed": the
    organizational session)."""
    cite_session: list[SessionCitations] = Field(default_factory=lambda: list(DEFAULT_SESSION_CITATIONS))
    """Which of the session's citations support this answer (an answer with dates only cites where
    the dates come from, not the decisions that convened the session)."""
    decline: bool = False
    """A question the sources cannot answer reliably: the bot says so (answered: false) and points to
    where the answer is kept, instead of guessing."""
    answers_when: Text | None = None
    """For a decline intent: a test on the knowledge (`facts.sessions(body='cosp')`) that, once true,
    makes it give way and answer. Its template sees the result as `answers`."""

    declines_when: Text | None = None
    """For an answering intent: a test on the thing asked about (`not session.venue`) that, when true,
    means the sources do not hold the answer; the reply then says so and counts as declined (where
    the one-day meeting was held). Its template sees the result as `declines`."""

    @model_validator(mode="after")
    def _check_answers_when(self) -> Intent:
        if self.answers_when and not self.decline:
            raise ValueError("answers_when is for a decline intent: add decline: true, or remove answers_when")
        if self.declines_when and self.decline:
            raise ValueError("declines_when is for an intent that answers: a decline intent uses answers_when")
        return self

    @field_validator("default_slots")
    @classmethod
    def _check_default_slots(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if key not in SLOT_NAMES:
                raise ValueError(f"{key!r} must be one of {', '.join(SLOT_NAMES)}")
        return value

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*", value):
            raise ValueError(f"{value!r} must be lower-case words joined by dots, e.g. session.dates")
        return value

    @cached_property
    def slots(self) -> tuple[str, ...]:
        """What the intent needs, then what else it takes (made once: scoring asks for it often)."""
        return tuple(dict.fromkeys([*self.requires, *self.accepts]))


class IntentsFile(Record):
    intents: list[Intent]


class TimeWords(Record):
    """Words that place a question in time; sessions are then picked by their dates."""

    months: dict[int, list[Text]] = Field(default_factory=dict)
    seasons: dict[str, list[int]] = Field(default_factory=dict)
    """season word -> [first month, last month] (a winter runs from 12 to 2)."""
    year_parts: dict[str, list[int]] = Field(default_factory=dict)
    """word before a year -> [first month, last month]: "early 2024" is January to April."""
    past: list[Text] = Field(default_factory=list)
    future: list[Text] = Field(default_factory=list)
    earliest: list[Text] = Field(default_factory=list)
    """Words for how things first stood ("originally", "when first elected"): the earliest listing."""
    bounds: list[Text] = Field(default_factory=list)
    """Words that make the time phrase after them a bound ("by 2030", "until 2030"), not the time
    something happened: no far time of its own."""
    event_words: list[Text] = Field(default_factory=list)
    """A time phrase picks a session only in a question about a meeting ("the session in jan 2023",
    "what happened in feb 2024"), not in "who was elected in 2021"."""


class Vocabulary(Record):
    synonyms: dict[str, list[Text]] = Field(default_factory=dict)
    stopwords: list[Text] = Field(default_factory=list)
    fillers: list[Text] = Field(default_factory=list)
    domain_words: list[Text] = Field(default_factory=list)
    question_starters: list[Text] = Field(default_factory=list)
    chatter_markers: list[Text] = Field(default_factory=list)
    asking_verbs: list[Text] = Field(default_factory=list)
    """Verbs after "can you", "do you" that ask the bot for something ("can you tell me ..."); any
    other verb asks a member about themselves ("are you attending the session?"): channel chatter."""
    foreign_terms: list[Text] = Field(default_factory=list)
    aspects: dict[str, list[Text]] = Field(default_factory=dict)
    aspect_kinds: dict[str, list[Text]] = Field(default_factory=dict)
    """aspect -> kinds of thing that answer it: a question naming a venue and asking nothing else
    ("was the 4th session in Vienna?") asks where."""
    followup_cues: list[Text] = Field(default_factory=list)
    references: list[Text] = Field(default_factory=list)
    """Words that point back at the previous answer's subject ("that seat", "she")."""
    transparent: list[Text] = Field(default_factory=list)
    heads: list[Text] = Field(default_factory=list)
    qualifiers: list[Text] = Field(default_factory=list)
    """Words that join a head to what names it ("the convention *on* ...")."""
    copulas: list[Text] = Field(default_factory=list)
    """Verbs after which a place is said of the subject ("the jan 2023 session *was* in vienna")."""
    clause_openers: list[Text] = Field(default_factory=list)
    """Words that open a clause saying when, not what is asked ("... now that the treaty is adopted")."""
    series: list[Text] = Field(default_factory=list)
    """Words for the run of negotiating meetings as a whole ("the negotiations", "the rounds")."""
    series_kinds: list[Text] = Field(default_factory=list)
    """The kinds of meeting that make up that run."""
    series_order: dict[Literal["first", "last"], list[Text]] = Field(default_factory=dict)
    """Words that pick the run's first or last meeting ("when did the negotiations start", "the final round")."""
    series_except: list[Text] = Field(default_factory=list)
    """Words that make "the negotiations" another run ("the negotiations on the protocol")."""
    order_questions: list[Text] = Field(default_factory=list)
    """Words that ask which of two meetings came first ("which came first", "before or after"):
    the answer says so, besides giving each one's dates."""
    seat_words: list[Text] = Field(default_factory=list)
    anchor_words: list[Text] = Field(default_factory=list)
    """Words after which a person named is where the question starts from, not whom it asks of
    ("china's vc before shang")."""
    """Words of the bureau's seats: "who held that seat in 2021" dates a seat, not a meeting."""
    present_words: list[Text] = Field(default_factory=list)
    """Words that ask about today ("and now?" after the bureau of 2021 asks for today's)."""
    around_cues: dict[Literal["before", "after", "nearest"], list[Text]] = Field(default_factory=dict)
    """Words that pick the meeting on one side of a dated event: "the *last* session before ...",
    "the *first* meeting after ...", "the consultation *right* before ..." (nearest: either side)."""
    adoption_words: list[Text] = Field(default_factory=list)
    """Words that date a question at the Convention's adoption ("the last session before the GA adopted it")."""
    time_words: TimeWords = Field(default_factory=lambda: TimeWords())
    order_cues: dict[Literal["next", "previous", "first", "last"], list[Text]] = Field(default_factory=dict)
    """Words that pick a meeting by its place in the order, counted from the previous answer's
    meeting: "and the one after that?" (next), "the one before" (previous), "and the final one?" (last)."""
    opinion_words: list[Text] = Field(default_factory=list)
    """Words that ask for someone's opinion ("what did the chair think of the text"): the sources
    record what was decided, not what anyone thought, so such a question is declined."""
    again_cues: list[Text] = Field(default_factory=list)
    """Words that ask for the next of several acts about one meeting, after the previous answer's
    act: "what did decision 74/567 do?" then "and which decision pushed it back *again*?"."""
    correction_cues: list[Text] = Field(default_factory=list)
    """Words with which a message corrects itself ("the 4th consultation, no sorry, I mean the 3rd
    one"): what follows them is still the question, and replaces what they correct."""
    adding_words: list[Text] = Field(default_factory=list)
    """Words beside a correction cue that make it add rather than correct ("japan and, i mean, also
    china" asks of both)."""
    weekday_words: list[Text] = Field(default_factory=list)
    """Words that ask for the day of the week ("which weekday", "on a weekend?"): the answer's dates
    say their weekday."""
    about_me: list[Text] = Field(default_factory=list)
    """Questions about the bot itself ("what can you do", "who are you"): asked with nothing else,
    they get the greeting that says what can be asked."""


class VocabularyFile(Record):
    vocabulary: Vocabulary


class ModelFile(Record):
    """intents/model.yaml: the scoring weights `python -m bot fit` wrote."""

    weights: dict[str, float]
    fitted_on: dict[str, int] = Field(default_factory=dict)
    cross_validated_accuracy: float | None = None
