"""Every kind of message `validate` can print, each with the stable words that identify it.

docs/maintainers.md explains each kind under "Every message, and what to do"; a test checks that
every phrase below is there, and that every message written in bot/kb contains one of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MessageKind:
    code: str
    phrases: tuple[str, ...]
    """Words that appear in every message of this kind (any one of them), and in the guide."""


MESSAGE_KINDS: tuple[MessageKind, ...] = (
    # reading the file
    MessageKind("file-missing", ("file is missing", "folder not found", "no intent files")),
    MessageKind("file-unreadable", ("cannot read file",)),
    MessageKind("file-too-big", ("bytes; the limit is",)),
    MessageKind("not-utf8", ("is not UTF-8",)),
    MessageKind("file-empty", ("file is empty",)),
    MessageKind("tab", ("a tab is used for indentation",)),
    MessageKind("indentation", ("check the spaces at the start of line",)),
    MessageKind("colon-in-value", ("put the value in quotes",)),
    MessageKind("yaml-syntax", ("YAML syntax error", "YAML error")),
    MessageKind("duplicated-key", ("duplicated key",)),
    MessageKind("alias", ("anchors and aliases",)),
    MessageKind("merge-key", ("merge keys (<<) are not allowed",)),
    MessageKind("key-not-text", ("a key must be plain text",)),
    MessageKind("too-many-values", ("file has too many values", "unsupported YAML node")),
    MessageKind("not-a-mapping", ("the file must be a mapping of fields",)),
    # fields
    MessageKind("unknown-field", ("unknown field",)),
    MessageKind("missing-field", ("missing required field",)),
    MessageKind("swallowed-key", ("inside the text of",)),
    MessageKind("wrong-choice", ("must be one of",)),
    MessageKind("not-a-number", ("must be a whole number",)),
    MessageKind("not-a-list", ("must be a list",)),
    MessageKind("not-text", ("must be text",)),
    MessageKind("not-true-false", ("must be true or false",)),
    MessageKind("not-fields", ("must be a group of fields",)),
    MessageKind("too-few", ("must have at least",)),
    MessageKind("too-small", ("must be at least",)),
    MessageKind("other-value", ("(got ",)),
    # values
    MessageKind("date-format", ("write it as YYYY-MM-DD",)),
    MessageKind("date-invalid", ("is not a valid date",)),
    MessageKind("dates-swapped", ("is before start",)),
    MessageKind("bad-symbol", ("is not a well-formed UN document symbol",)),
    MessageKind("web-label", ("must be short plain text", "give it its kind", "a web page needs a url")),
    MessageKind("seat-holder", ("a filled seat needs a holder", "seat cannot have a holder")),
    MessageKind("intent-id", ("must be lower-case words joined by dots",)),
    MessageKind("not-a-slot", ("is not a slot of this intent",)),
    # references between records
    MessageKind("duplicate-id", ("duplicate ",)),
    MessageKind("unregistered-document", ("is not in knowledge/documents.yaml",)),
    MessageKind(
        "unknown-reference",
        (
            "unknown venue",
            "unknown body",
            "unknown group",
            "unknown country",
            "unknown position",
            "unknown session id",
            "unknown related intent",
            "unknown intent",
            "unknown aspect",
            "is not one of the other bodies",
        ),
    ),
    MessageKind("front-end-intent", ("the Discord commands use",)),
    MessageKind("repeated-sentence", ("the same sentence is also in",)),
    # maintainers' checks of the facts (knowledge/checks.yaml, run by bot/checks.py)
    MessageKind(
        "stale-check",
        (
            "no longer matches",
            "no longer cites",
            "no longer answers",
            "no longer contains",
            "as this check expects",
            "which this check says it must not",
        ),
    ),
    MessageKind("check-names-nothing", ("the check names no",)),
    MessageKind(
        "check-form",
        ("a check has either", "a record check needs", "a question check needs", "is not a valid pattern"),
    ),
    # answer templates (checked by bot/answers/render.py)
    MessageKind("template-syntax", ("template error",)),
    MessageKind("template-fact", ("names a fact that does not exist",)),
    MessageKind("template-fails", ("fails to render", "renders an empty answer")),
    MessageKind(
        "answers-when",
        ("answers_when is for a decline intent", "declines_when is for an intent", "not a test the bot can read"),
    ),
)
"""In the order they are matched: the first kind whose phrase is in a message is its kind."""


def kind_of(message: str) -> MessageKind | None:
    """The kind of one message, so a tool (or a test) can point to its explanation."""
    return next((k for k in MESSAGE_KINDS if any(p in message for p in k.phrases)), None)
