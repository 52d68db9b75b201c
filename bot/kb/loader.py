"""Load knowledge/ and intents/ into typed records, collecting every problem with its file:line."""

from __future__ import annotations

import difflib
import hashlib
import re
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from bot.kb.frontends import FRONT_END_INTENTS
from bot.kb.models import (
    Body,
    BureauFile,
    Citation,
    Committee,
    CommitteeFile,
    Convention,
    ConventionFile,
    Country,
    Document,
    DocumentsFile,
    Group,
    Intent,
    IntentsFile,
    Listing,
    ModelFile,
    Position,
    Session,
    SessionsFile,
    Venue,
    Vocabulary,
    VocabularyFile,
)
from bot.kb.yamlsrc import PathKey, Problem, Source, YamlError, format_path, read_yaml

M = TypeVar("M", bound=BaseModel)

KNOWLEDGE_FILES = ("documents", "convention", "committee", "sessions", "bureau")
VOCABULARY_FILE = "vocabulary.yaml"
MODEL_FILE = "model.yaml"
"""Fitted scoring weights (`python -m bot fit`), not intents."""
OUT_OF_SCOPE_FILE = "out_of_scope.yaml"
"""Questions the bot must not answer: read by `python -m bot eval` only, never for matching."""


class KnowledgeError(Exception):
    """The knowledge or intents failed validation; `problems` lists each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the knowledge")


@dataclass(frozen=True)
class Knowledge:
    """Everything the bot knows, validated and cross-checked."""

    documents: dict[str, Document]
    convention: Convention
    committee: Committee
    bodies: dict[str, Body]
    venues: dict[str, Venue]
    sessions: list[Session]
    positions: dict[str, Position]
    groups: dict[str, Group]
    countries: dict[str, Country]
    current: Listing
    elected_2021: Listing
    version: str = ""
    """The version of what the bot answers from: a hash over knowledge/*.yaml and, once
    `load_intents` has been given this record, over intents/*.yaml too (see `load_intents`)."""
    facts_version: str = ""
    """A hash over knowledge/*.yaml alone."""

    @property
    def sessions_by_id(self) -> dict[str, Session]:
        return {s.id: s for s in self.sessions}


@dataclass(frozen=True)
class IntentSet:
    intents: list[Intent]
    vocabulary: Vocabulary
    files: dict[str, str] = field(default_factory=dict)
    """intent id -> file it came from, for error messages."""
    answer_lines: dict[str, tuple[int, int]] = field(default_factory=dict)
    """intent id -> (line, col) of its `answer:` key."""
    word_lines: dict[tuple[str, str, int], tuple[str, int]] = field(default_factory=dict)
    """(intent id, "subjects" or "keywords", index) -> (file, line) of that entry, for warnings."""
    directory: Path | None = None
    model: dict[str, float] | None = None
    """Fitted scoring weights from model.yaml, if present."""
    version: str = ""
    """Same as `Knowledge.version` of the knowledge it was loaded with (intents/*.yaml alone without)."""

    @property
    def by_id(self) -> dict[str, Intent]:
        return {i.id: i for i in self.intents}


def display_path(path: Path) -> str:
    """A path as the maintainer typed it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _unwrap(tp: Any) -> Any:
    """The type inside Annotated[...] and X | None."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def model_at(model: type[BaseModel], path: PathKey) -> type[BaseModel] | None:
    """The record type found at `path` inside `model` (("sessions", 3) -> Session), if any."""
    tp: Any = model
    for part in path:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            if part not in tp.model_fields:
                return None
            tp = tp.model_fields[part].annotation
        elif get_origin(tp) is list and isinstance(part, int):
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict and isinstance(part, str):
            tp = get_args(tp)[1]
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _data_at(data: Any, path: PathKey) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _swallowed(src: Source, record: PathKey, key: str) -> str:
    """Why `key` may be missing from `record`: a line `key: …` inside one of its `>-` / `|` texts."""
    for text_path, lines in src.text_keys.items():
        if text_path[:-1] == record:
            for line, _col, found in lines:
                if found == key:
                    return (
                        f" (line {line} reads `{key}:` but is inside the text of '{text_path[-1]}' above it; "
                        f"line it up with `{text_path[-1]}:`)"
                    )
    return ""


_TYPE_WORDS: dict[str, str] = {
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "list_type": "must be a list: [a, b] or one `- item` per line",
    "string_type": "must be text",
    "string_too_short": "must be text, not empty",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be a group of fields (key: value)",
    "model_type": "must be a group of fields (key: value)",
    "model_attributes_type": "must be a group of fields (key: value)",
}
"""Pydantic's error types, in the maintainer's words."""


def _value_message(err: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = f" (got {repr(err.get('input'))[:60]})"
    if kind in ("value_error", "assertion_error"):
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}{got}"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} item(s){got}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}{got}"
    if kind in _TYPE_WORDS:
        return f"{_TYPE_WORDS[kind]}{got}"
    return f"{err['msg']}{got}"


def pydantic_problems(
    src: Source, exc: ValidationError, prefix: PathKey = (), model: type[BaseModel] | None = None
) -> list[Problem]:
    """One Problem per pydantic error; with `model`, a misspelt field gets "did you mean"."""
    out = []
    for err in exc.errors(include_url=False):
        loc: PathKey = (*prefix, *(p for p in err["loc"] if isinstance(p, int | str)))
        kind = err["type"]
        if kind == "extra_forbidden":
            record = model_at(model, loc[len(prefix) : -1]) if model is not None else None
            hint = _did_you_mean(str(loc[-1]), record.model_fields) if record is not None else ""
            out.append(src.problem(loc, f"unknown field '{loc[-1]}'{hint}", key=True))
            continue
        if kind == "missing":
            why = _swallowed(src, loc[:-1], str(loc[-1]))
            out.append(src.problem(loc[:-1], f"missing required field '{loc[-1]}'{why}"))
            continue
        out.append(src.problem(loc, _value_message(err)))
    return out


def swallowed_keys(src: Source, model: type[BaseModel]) -> list[Problem]:
    """A field written inside a `>-` or `|` text: the text swallowed it, so the record lacks it."""
    out = []
    for text_path, lines in src.text_keys.items():
        record = model_at(model, text_path[:-1])
        data = _data_at(src.data, text_path[:-1])
        if record is None or not isinstance(data, dict):
            continue
        text_line = src.pos(text_path, key=True)[0]
        for line, col, key in lines:
            if key in record.model_fields and key not in data:
                out.append(
                    Problem(
                        src.file,
                        line,
                        col,
                        format_path(text_path),
                        f"line {line} (`{key}: …`) is inside the text of '{text_path[-1]}' that starts on line "
                        f"{text_line}, so it is not a field; if it is meant as one, line it up with "
                        f"`{text_path[-1]}:`",
                    )
                )
    return out


def _validate(src: Source, model: type[M], problems: list[Problem]) -> M | None:
    if not isinstance(src.data, dict):
        problems.append(src.problem((), "the file must be a mapping of fields (key: value)"))
        return None
    problems.extend(swallowed_keys(src, model))
    try:
        return model.model_validate(src.data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(src, exc, model=model))
        return None


def _read(path: Path, problems: list[Problem]) -> Source | None:
    try:
        return read_yaml(path, display_path(path))
    except YamlError as exc:
        problems.append(exc.problem)
        return None


def walk_citations(obj: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Citation]]:
    """Every Citation inside a record, with its path in the YAML."""
    if isinstance(obj, Citation):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from walk_citations(getattr(obj, name), (*path, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from walk_citations(item, (*path, i))
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from walk_citations(item, (*path, key))


def _duplicates(src: Source, items: list[Any], key: str, path: PathKey, problems: list[Problem], what: str) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, key)
        norm = str(value).casefold()
        if norm in seen:
            line = src.pos((*path, seen[norm], key))[0]
            problems.append(src.problem((*path, i, key), f"duplicate {what} '{value}' (first on line {line})"))
        else:
            seen[norm] = i


def _hash_dirs(*dirs: Path) -> str:
    digest = hashlib.sha256()
    for d in dirs:
        for p in sorted(d.glob("*.yaml")):
            digest.update(p.name.encode())
            try:
                digest.update(p.read_bytes())
            except OSError:
                continue
    return digest.hexdigest()[:12]


def load_knowledge(directory: Path) -> Knowledge:
    """Load and cross-check knowledge/*.yaml; raise KnowledgeError listing every problem."""
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    parsed: dict[str, Any] = {}
    models: dict[str, type[BaseModel]] = {
        "documents": DocumentsFile,
        "convention": ConventionFile,
        "committee": CommitteeFile,
        "sessions": SessionsFile,
        "bureau": BureauFile,
    }
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), 1, 1, "", "knowledge folder not found")])
    for name in KNOWLEDGE_FILES:
        path = directory / f"{name}.yaml"
        if not path.exists():
            problems.append(Problem(display_path(path), 1, 1, "", "file is missing"))
            continue
        src = _read(path, problems)
        if src is None:
            continue
        sources[name] = src
        parsed[name] = _validate(src, models[name], problems)
    if problems or any(v is None for v in parsed.values()):
        raise KnowledgeError(problems)

    docs_file: DocumentsFile = parsed["documents"]
    sessions_file: SessionsFile = parsed["sessions"]
    bureau: BureauFile = parsed["bureau"]
    documents = {d.symbol: d for d in docs_file.documents}

    _duplicates(sources["documents"], docs_file.documents, "symbol", ("documents",), problems, "document")
    s_src, b_src = sources["sessions"], sources["bureau"]
    _duplicates(s_src, sessions_file.sessions, "id", ("sessions",), problems, "session id")
    _duplicates(s_src, sessions_file.venues, "id", ("venues",), problems, "venue id")
    _duplicates(s_src, sessions_file.bodies, "id", ("bodies",), problems, "body id")
    _duplicates(b_src, bureau.countries, "name", ("countries",), problems, "country")
    _duplicates(b_src, bureau.groups, "id", ("groups",), problems, "group id")
    _duplicates(b_src, bureau.positions, "id", ("positions",), problems, "position id")
    all_seats = [*bureau.current.seats, *bureau.elected_2021.seats]
    seat_paths: list[PathKey] = [
        (listing, "seats", i)
        for listing, n in (("current", len(bureau.current.seats)), ("elected_2021", len(bureau.elected_2021.seats)))
        for i in range(n)
    ]
    first_seat: dict[str, PathKey] = {}
    for seat, spath in zip(all_seats, seat_paths, strict=True):
        if seat.id in first_seat:
            line = b_src.pos((*first_seat[seat.id], "id"))[0]
            problems.append(b_src.problem((*spath, "id"), f"duplicate seat id '{seat.id}' (first on line {line})"))
        else:
            first_seat[seat.id] = spath

    # Every cited symbol must be in the registry.
    for name, record in parsed.items():
        for cpath, cite in walk_citations(record):
            if cite.symbol not in documents:
                problems.append(
                    sources[name].problem(
                        cpath, f"{cite.symbol} is not in knowledge/documents.yaml; add it there first"
                    )
                )

    venues = {v.id: v for v in sessions_file.venues}
    bodies = {b.id: b for b in sessions_file.bodies}
    session_ids = {s.id for s in sessions_file.sessions}
    for i, s in enumerate(sessions_file.sessions):
        if s.body not in bodies:
            problems.append(
                s_src.problem(("sessions", i, "body"), f"unknown body '{s.body}' (known: {', '.join(bodies)})")
            )
        if s.venue is not None and s.venue not in venues:
            problems.append(
                s_src.problem(("sessions", i, "venue"), f"unknown venue '{s.venue}' (known: {', '.join(venues)})")
            )
    groups = {g.id: g for g in bureau.groups}
    countries = {c.name: c for c in bureau.countries}
    positions = {p.id: p for p in bureau.positions}
    for i, c in enumerate(bureau.countries):
        if c.group not in groups:
            problems.append(b_src.problem(("countries", i, "group"), f"unknown group '{c.group}'"))
    for seat, spath in zip(all_seats, seat_paths, strict=True):
        if seat.position not in positions:
            problems.append(
                b_src.problem(
                    (*spath, "position"), f"unknown position '{seat.position}' (known: {', '.join(positions)})"
                )
            )
        if seat.group is not None and seat.group not in groups:
            problems.append(
                b_src.problem((*spath, "group"), f"unknown group '{seat.group}' (known: {', '.join(groups)})")
            )
        if seat.holder is not None and seat.holder.country not in countries:
            problems.append(
                b_src.problem(
                    (*spath, "holder", "country"),
                    f"unknown country '{seat.holder.country}'; add it under countries",
                )
            )
    conv: Convention = parsed["convention"].convention
    comm: Committee = parsed["committee"].committee
    refs: tuple[tuple[str, PathKey, str], ...] = (
        ("convention", ("convention", "draft_text", "approved_at"), conv.draft_text.approved_at),
        ("convention", ("convention", "follow_up", "session"), conv.follow_up.session),
        *(
            [("convention", ("convention", "draft_text", "chairs_draft_session"), conv.draft_text.chairs_draft_session)]
            if conv.draft_text.chairs_draft_session
            else []
        ),
        ("committee", ("committee", "road_map", "approved_at"), comm.road_map.approved_at),
        *(
            [("committee", ("committee", "modalities", "outline_agreed_at"), comm.modalities.outline_agreed_at)]
            if comm.modalities.outline_agreed_at
            else []
        ),
    )
    refs += tuple(
        ("sessions", ("sessions", i, "continued_by"), s.continued_by)
        for i, s in enumerate(sessions_file.sessions)
        if s.continued_by is not None
    )
    for src_name, rpath, ref in refs:
        if ref not in session_ids:
            problems.append(sources[src_name].problem(rpath, f"unknown session id '{ref}'"))
    for venue_id in comm.modalities.venues:
        if venue_id not in venues:
            problems.append(
                sources["committee"].problem(
                    ("committee", "modalities", "venues", venue_id), f"unknown venue '{venue_id}'"
                )
            )
    if comm.modalities.concluding_session_venue not in venues:
        problems.append(
            sources["committee"].problem(("committee", "modalities", "concluding_session_venue"), "unknown venue")
        )
    if problems:
        raise KnowledgeError(problems)
    return Knowledge(
        documents=documents,
        convention=conv,
        committee=comm,
        bodies=bodies,
        venues=venues,
        sessions=sorted(sessions_file.sessions, key=lambda s: (s.start, s.end)),
        positions=positions,
        groups=groups,
        countries=countries,
        current=bureau.current,
        elected_2021=bureau.elected_2021,
        version=_hash_dirs(directory),
        facts_version=_hash_dirs(directory),
    )


def combined_version(facts_version: str, intents_dir: Path) -> str:
    """One version for the knowledge and the intents: an edit to either changes it."""
    return hashlib.sha256(f"{facts_version}:{_hash_dirs(intents_dir)}".encode()).hexdigest()[:12]


def load_intents(directory: Path, knowledge: Knowledge | None = None) -> IntentSet:
    """Load intents/*.yaml (and vocabulary.yaml); raise KnowledgeError listing every problem."""
    problems: list[Problem] = []
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), 1, 1, "", "intents folder not found")])
    vocab: Vocabulary | None = Vocabulary()
    intents: list[Intent] = []
    files: dict[str, str] = {}
    answer_lines: dict[str, tuple[int, int]] = {}
    word_lines: dict[tuple[str, str, int], tuple[str, int]] = {}
    first: dict[str, tuple[Source, int]] = {}
    paths = sorted(p for p in directory.glob("*.yaml") if p.name not in (OUT_OF_SCOPE_FILE, MODEL_FILE))
    if not paths:
        raise KnowledgeError([Problem(str(directory), 1, 1, "", "no intent files (*.yaml) found")])
    for path in paths:
        src = _read(path, problems)
        if src is None:
            if path.name == VOCABULARY_FILE:
                vocab = None  # unreadable: its own error says why, and nothing is checked against it
            continue
        if path.name == VOCABULARY_FILE:
            vf = _validate(src, VocabularyFile, problems)
            vocab = vf.vocabulary if vf else None
            if vocab is not None:
                for aspect in vocab.aspect_kinds:
                    if aspect not in vocab.aspects:
                        known = ", ".join(vocab.aspects)
                        problems.append(
                            src.problem(
                                ("vocabulary", "aspect_kinds", aspect), f"unknown aspect '{aspect}' (known: {known})"
                            )
                        )
            continue
        parsed = _validate(src, IntentsFile, problems)
        if parsed is None:
            continue
        for i, intent in enumerate(parsed.intents):
            if intent.id in first:
                other, j = first[intent.id]
                line = other.pos(("intents", j, "id"))[0]
                problems.append(
                    src.problem(
                        ("intents", i, "id"),
                        f"duplicate intent id '{intent.id}' (first in {other.file}:{line})",
                    )
                )
                continue
            first[intent.id] = (src, i)
            files[intent.id] = src.file
            answer_lines[intent.id] = src.pos(("intents", i, "answer"))
            for field_name in ("subjects", "keywords"):
                for k in range(len(getattr(intent, field_name))):
                    word_lines[(intent.id, field_name, k)] = (src.file, src.pos(("intents", i, field_name, k))[0])
            intents.append(intent)
            for field_name in ("examples", "tests"):
                for k, text in enumerate(getattr(intent, field_name)):
                    for slot in re.findall(r"<(\w+)>", text):
                        if slot not in intent.slots:
                            problems.append(
                                src.problem(
                                    ("intents", i, field_name, k),
                                    f"<{slot}> is not a slot of this intent; add it to `accepts:` or remove it",
                                )
                            )
            if knowledge is not None:
                for cpath, cite in walk_citations(intent, ("intents", i)):
                    if cite.symbol not in knowledge.documents:
                        problems.append(src.problem(cpath, f"{cite.symbol} is not in knowledge/documents.yaml"))
    ids = {i.id for i in intents}
    for intent_id, (src, i) in first.items():
        intent = next(x for x in intents if x.id == intent_id)
        for k, rel in enumerate(intent.related):
            if rel not in ids:
                problems.append(src.problem(("intents", i, "related", k), f"unknown related intent '{rel}'"))
    if vocab is not None:
        bodies = {w.lower() for w in vocab.foreign_terms}
        by_id = {x.id: x for x in intents}
        for intent_id, (src, i) in first.items():
            intent = by_id[intent_id]
            # (without aspects the vocabulary's own error says why)
            for k, aspect in enumerate(intent.aspects if vocab.aspects else ()):
                if aspect not in vocab.aspects:
                    known = ", ".join(vocab.aspects)
                    problems.append(
                        src.problem(("intents", i, "aspects", k), f"unknown aspect '{aspect}' (known: {known})")
                    )
            for k, term in enumerate(intent.speaks_to):
                if term.lower() not in bodies:
                    problems.append(
                        src.problem(
                            ("intents", i, "speaks_to", k),
                            f"'{term}' is not one of the other bodies in intents/vocabulary.yaml (foreign_terms)",
                        )
                    )
    if knowledge is not None:
        if knowledge.convention.other_articles_answered_by not in ids:
            problems.append(
                Problem(
                    "knowledge/convention.yaml",
                    1,
                    1,
                    "convention.other_articles_answered_by",
                    f"unknown intent '{knowledge.convention.other_articles_answered_by}'",
                )
            )
        for k, article in enumerate(knowledge.convention.articles):
            if article.answered_by not in ids:
                problems.append(
                    Problem(
                        "knowledge/convention.yaml",
                        1,
                        1,
                        f"convention.articles.{k}.answered_by",
                        f"unknown intent '{article.answered_by}' for article {article.number}",
                    )
                )
    if not problems:  # a file that failed to load would make its intents look missing
        problems += _front_end_problems(intents, files)
    model = _read_model(directory / MODEL_FILE, problems)
    if problems or vocab is None:
        raise KnowledgeError(problems)
    if knowledge is None:
        version = _hash_dirs(directory)
    else:
        version = combined_version(knowledge.facts_version, directory)
        # The engine (and every answer, reload and log line) reads `kb.version`; the intents are
        # part of what it answers from, and this is the first place that knows both folders.
        object.__setattr__(knowledge, "version", version)
    return IntentSet(
        intents=intents,
        vocabulary=vocab,
        files=files,
        answer_lines=answer_lines,
        word_lines=word_lines,
        directory=directory,
        model=model,
        version=version,
    )


def _front_end_problems(intents: list[Intent], files: dict[str, str]) -> list[Problem]:
    """Each intent a slash command calls by id exists and needs no more than the command gives."""
    by_id = {i.id: i for i in intents}
    where = next(iter(files.values()), "intents")
    problems = []
    for used in FRONT_END_INTENTS:
        intent = by_id.get(used.id)
        if intent is None:
            problems.append(
                Problem(
                    where, 1, 1, used.id, f"unknown intent '{used.id}': the Discord commands use it ({used.used_by})"
                )
            )
        elif extra := [k for k in intent.requires if k not in used.gives]:
            problems.append(
                Problem(
                    files.get(used.id, where),
                    1,
                    1,
                    f"{used.id}.requires",
                    f"the Discord commands use '{used.id}' ({used.used_by}) but cannot give it {', '.join(extra)}",
                )
            )
    return problems


def _read_model(path: Path, problems: list[Problem]) -> dict[str, float] | None:
    if not path.exists():
        return None
    src = _read(path, problems)
    if src is None:
        return None
    parsed = _validate(src, ModelFile, problems)
    return dict(parsed.weights) if parsed else None
