"""The intents the front ends call by id, and the things they pass: a contract `validate` checks,
so that renaming an intent in YAML cannot quietly break a slash command."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FrontEndIntent:
    id: str
    gives: tuple[str, ...]
    """The slots the front end fills (an intent needing more could never answer there)."""
    used_by: str


SESSION_TIMELINE = FrontEndIntent("sessions.timeline", (), "/session")
SESSION_INFO = FrontEndIntent("session.info", ("session",), "/session name")
BUREAU_OVERVIEW = FrontEndIntent("bureau.overview", (), "/bureau")
BUREAU_BY_KIND = {
    "person": FrontEndIntent("bureau.person", ("person",), "/bureau person"),
    "country": FrontEndIntent("bureau.by_country", ("country",), "/bureau country"),
    "group": FrontEndIntent("bureau.by_group", ("group",), "/bureau group"),
}
BUREAU_SEATS = (
    ("Chair", FrontEndIntent("bureau.chair", (), "/bureau Chair")),
    ("Rapporteur", FrontEndIntent("bureau.rapporteur", (), "/bureau Rapporteur")),
    ("Vacant seats", FrontEndIntent("bureau.vacancies", (), "/bureau Vacant seats")),
    ("Bureau elected in 2021", FrontEndIntent("bureau.history_2021", (), "/bureau 2021")),
)
DOCUMENT_LOOKUP = FrontEndIntent("document.lookup", ("document",), "/document")
CONVENTION_OVERVIEW = FrontEndIntent("convention.overview", (), "/convention")

FRONT_END_INTENTS: tuple[FrontEndIntent, ...] = (
    SESSION_TIMELINE,
    SESSION_INFO,
    BUREAU_OVERVIEW,
    *BUREAU_BY_KIND.values(),
    *(i for _, i in BUREAU_SEATS),
    DOCUMENT_LOOKUP,
    CONVENTION_OVERVIEW,
)
