"""Terminal front end: validate, ask, shell, eval, intents, report, purge, migrate-store, run, sync.

Nothing here imports discord unless the command needs Discord (run, sync), so `ask` starts fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.answers.answer import Context
from bot.kb.loader import KnowledgeError

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.settings import Settings

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _settings(args: argparse.Namespace) -> Settings:
    from bot.settings import Settings

    overrides = {}
    if getattr(args, "knowledge", None):
        overrides["KNOWLEDGE_DIR"] = args.knowledge
    if getattr(args, "intents", None):
        overrides["INTENTS_DIR"] = args.intents
    return Settings(**overrides)


def build_engine(settings: Settings, *, check: bool = True) -> Engine:
    from bot.engine import Engine, Thresholds

    return Engine.from_dirs(
        settings.knowledge_dir,
        settings.intents_dir,
        Thresholds(
            settings.answer_threshold,
            settings.answer_margin,
            settings.channel_threshold,
            settings.channel_margin,
        ),
        check=check,
    )


def _engine(args: argparse.Namespace, *, check: bool = True) -> Engine | None:
    """The engine for a command, or None after printing every problem in the YAML."""
    try:
        return build_engine(_settings(args), check=check)
    except KnowledgeError as exc:
        _print_problems(exc, sys.stderr)
        return None


def _print_problems(exc: KnowledgeError, out: TextIO) -> None:
    for problem in exc.problems:
        print(problem, file=out)
    print(f"{len(exc.problems)} problem(s) found; nothing was changed.", file=out)


# --- validate -------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    engine = _engine(args)
    if engine is None:
        return EXIT_FAIL
    kb = engine.kb
    seats = kb.current.seats
    vacant = sum(1 for s in seats if s.status == "vacant")
    examples = sum(len(i.examples) for i in engine.intents)
    tests = sum(len(i.tests) for i in engine.intents)
    print(f"Knowledge OK ({settings.knowledge_dir}, version {kb.version})")
    print(
        f"  sessions    {len(kb.sessions)}  ({sum(1 for s in kb.sessions if s.kind == 'negotiating')} negotiating, "
        f"{sum(1 for s in kb.sessions if s.kind == 'consultation')} consultations)"
    )
    print(f"  venues      {len(kb.venues)}")
    print(
        f"  seats       {len(seats)} current ({vacant} vacant, "
        f"{f'as of {kb.current.as_of}' if kb.current.as_of else f'as listed on {kb.current.listed_on}'}), "
        f"{len(kb.elected_2021.seats)} elected in 2021"
    )
    print(f"  countries   {len(kb.countries)}")
    un_docs = sum(1 for d in kb.documents.values() if d.kind != "web page")
    print(f"  documents   {len(kb.documents)}  ({un_docs} UN symbols)")
    print(f"Intents OK ({settings.intents_dir})")
    print(f"  intents     {len(engine.intents)}")
    print(f"  examples    {examples}  (+{tests} held-out test phrasings)")
    print(f"  synonyms    {len(engine.intent_set.vocabulary.synonyms)}")
    status = _run_checks(engine, settings.knowledge_dir)
    _print_repeats(settings.knowledge_dir)
    _print_unmatchable(engine)
    _print_diff_summary(engine, settings)
    return status


def _print_repeats(knowledge_dir: Path) -> None:
    """Warnings, not errors: the same sentence kept in two places goes stale in one of them."""
    from bot.kb.loader import KNOWLEDGE_FILES
    from bot.kb.repeats import repeated_sentences

    repeats = repeated_sentences(knowledge_dir, list(KNOWLEDGE_FILES))
    if repeats:
        print(f"Warnings    {len(repeats)} sentence(s) written twice:")
        for problem in repeats:
            print(f"  {problem}")


def _print_unmatchable(engine: Engine) -> None:
    """Warnings, not errors: a subject or keyword no question can hold does nothing."""
    found = engine.unmatchable_words()
    if found:
        print(f"Warnings    {len(found)} subject(s) or keyword(s) that do not work as written:")
        lines = engine.intent_set.word_lines
        for intent_id, field_name, k, why in found:
            file, line = lines.get((intent_id, field_name, k), (engine.intent_set.files.get(intent_id, "intents"), 1))
            print(f"  {file}:{line}: {intent_id} {field_name}: {why}")


def _print_diff_summary(engine: Engine, settings: Settings) -> None:
    """In a git checkout, what the uncommitted edit changes (the first lines of `bot diff`)."""
    from bot.diff import RevisionError, against_revision

    try:
        diff = against_revision(engine, settings.knowledge_dir, settings.intents_dir, "HEAD")
    except (RevisionError, KnowledgeError):
        return  # not a git checkout, or nothing committed to compare with
    first, *rest = diff.summary(shown=3).splitlines()
    print(f"Changes     against the last commit: {first}")
    for line in rest:
        print(f"            {line}")
    if not diff.empty:
        print("            (python -m bot diff lists them all)")


# --- diff -----------------------------------------------------------------------------------


def cmd_diff(args: argparse.Namespace) -> int:
    from bot.diff import RevisionError, against_revision

    settings = _settings(args)
    engine = _engine(args)
    if engine is None:
        return EXIT_FAIL
    try:
        diff = against_revision(
            engine, settings.knowledge_dir, settings.intents_dir, args.against, _logged_questions(settings)
        )
    except RevisionError as exc:
        print(f"error: cannot read the knowledge at {args.against}: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KnowledgeError as exc:
        print(f"error: the knowledge at {args.against} does not load ({len(exc.problems)} problems)", file=sys.stderr)
        return EXIT_FAIL
    print(diff.summary(shown=args.show))
    return EXIT_OK


def _logged_questions(settings: Settings) -> list[str]:
    """Questions people asked that the store kept (unanswered and 👎 ones), if it can be read."""
    import asyncio

    from bot.store import database_name, open_store

    if not settings.log_questions or (settings.database_url is None and not Path(settings.database_path).exists()):
        return []

    async def read() -> list[str]:
        async with await open_store(settings) as store:
            return [q.question for q in [*await store.unanswered(), *await store.downvoted()] if q.question]

    try:
        return asyncio.run(read())
    except Exception as exc:  # the diff works without them
        log.warning("logged questions left out: cannot read %s: %s", database_name(settings), exc)
        return []


def _run_checks(engine: Engine, knowledge_dir: Path) -> int:
    """The maintainers' checks of the facts against their sources (knowledge/checks.yaml), if any."""
    from bot.checks import CHECKS_FILE, load_checks, run_checks

    if not (knowledge_dir / CHECKS_FILE).exists():
        print(f"Checks      none ({CHECKS_FILE} not found)")
        return EXIT_OK
    loaded = load_checks(knowledge_dir)
    if isinstance(loaded, list):
        _print_problems(KnowledgeError(loaded), sys.stderr)
        return EXIT_FAIL
    src, checks = loaded
    problems = run_checks(engine, src, checks)
    if problems:
        _print_problems(KnowledgeError(problems), sys.stderr)
        return EXIT_FAIL
    print(f"Checks OK   {len(checks.checks)} facts still match their sources ({src.file})")
    return EXIT_OK


# --- ask / shell ----------------------------------------------------------------------------


def format_answer(answer_json: dict[str, object]) -> str:
    """Plain-text rendering of one answer for the terminal."""
    lines = [str(answer_json["answer"])]
    cites = answer_json.get("citations") or []
    if isinstance(cites, list) and cites:
        lines.append("Sources:")
        for c in cites:
            pin = f", {c['pinpoint']}" if c.get("pinpoint") else ""
            lines.append(f"  - {c['symbol']}{pin}: {c['url']}")
    return "\n".join(lines)


def format_explain(explain: dict[str, object]) -> str:
    """The stages and checks behind one answer, for `ask --explain`."""
    lines = ["How this was decided:"]
    for key in ("tokens", "entities", "aspects", "times", "unknown"):
        value = explain.get(key)
        if value:
            lines.append(f"  {key}: {' '.join(map(str, value)) if isinstance(value, list) else value}")
    for c in explain.get("candidates") or []:  # type: ignore[attr-defined]
        lines.append(f"  candidate {c['intent']} {c['confidence']:.2f} ({', '.join(c['because'])})")
    lines += [f"  check {c}" for c in explain.get("checks") or []]  # type: ignore[attr-defined]
    lines.append(f"  decision: {explain.get('decision')}")
    return "\n".join(lines)


def cmd_ask(args: argparse.Namespace) -> int:
    engine = _engine(args, check=False)
    if engine is None:
        return EXIT_FAIL
    questions: Sequence[str]
    if args.question:
        questions = [" ".join(args.question)]
        stream = None
    else:
        stream = sys.stdin
        questions = []
    out = sys.stdout
    context: Context | None = None

    def answer(q: str) -> None:
        nonlocal context
        reply = engine.ask(q, args.mode, context, explain=args.explain)
        if args.conversation:  # the lines form one conversation: each may lean on the last answer
            context = reply.context or context
        result = reply.to_json(explain=args.explain)
        if args.json:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            text = format_answer(result)
            if args.explain and reply.explain:
                text += "\n" + format_explain(reply.explain)
            out.write(text + "\n\n")
        out.flush()

    for q in questions:
        answer(q)
    if stream is not None:
        for line in stream:
            answer(line.rstrip("\r\n"))
    return EXIT_OK


def cmd_shell(args: argparse.Namespace) -> int:
    from bot.console import run

    settings = _settings(args)
    engine = _engine(args)
    if engine is None:
        return EXIT_FAIL
    url = settings.database_url
    target = url.get_secret_value() if url else settings.database_path
    run(engine, database_path=target if settings.log_questions else None)
    return EXIT_OK


# --- intents / eval --------------------------------------------------------------------------


def cmd_intents(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if engine is None:
        return EXIT_FAIL
    listing = {i.id: list(i.examples) for i in engine.intents}
    if args.json:
        print(json.dumps(listing, ensure_ascii=False, indent=2))
    else:
        for intent in engine.intents:
            print(f"{intent.id}  [{intent.topic}]  {intent.title}")
            for ex in intent.examples:
                print(f"    - {ex}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluate import evaluate, print_report

    engine = _engine(args)
    if engine is None:
        return EXIT_FAIL
    report = evaluate(engine, [Path(f) for f in args.files])
    print_report(report, sys.stdout)
    if not args.no_cv:
        from bot.fit import FOLDS, collect, cross_validate

        cv = cross_validate(engine, collect(engine, [Path(f) for f in args.files]))
        held = [o for o in report.outcomes if o.case.intent not in (None, "*")]
        print(
            f"\ncross-validated accuracy ({FOLDS} folds, each fold's examples left out of the index and the weights "
            f"fitted without it): {cv.in_scope[0]}/{cv.in_scope[1]} ({cv.accuracy:.1%}); out of scope refused "
            f"{cv.rejected[0]}/{cv.rejected[1]} ({cv.rejection:.1%}). Held-out phrasings today: "
            f"{sum(o.passed for o in held)}/{len(held)}.",
        )
    return EXIT_OK


def cmd_fit(args: argparse.Namespace) -> int:
    from bot.fit import model_path, write_model

    engine = _engine(args)
    if engine is None:
        return EXIT_FAIL
    write_model(engine, model_path(engine), sys.stdout, [Path(f) for f in args.files])
    return EXIT_OK


# --- Discord-facing commands -----------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    from bot.client import run

    code: int = run(sync_guild=None, sync_only=False)
    return code


def cmd_sync(args: argparse.Namespace) -> int:
    from bot.client import run

    code: int = run(sync_guild=args.guild, sync_only=True)
    return code


def cmd_report(args: argparse.Namespace) -> int:
    from bot.report import report_main

    code: int = report_main(_settings(args), limit=args.limit)
    return code


def cmd_purge(args: argparse.Namespace) -> int:
    from bot.report import purge_main

    code: int = purge_main(_settings(args), older_than_days=args.older_than)
    return code


def cmd_migrate_store(args: argparse.Namespace) -> int:
    from bot.store.transfer import migrate_store_main

    settings = _settings(args)
    source = Path(args.source) if args.source else settings.database_path
    target = args.to or (settings.database_url.get_secret_value() if settings.database_url else None)
    code: int = migrate_store_main(source, target)
    return code


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="FAQ bot for the UN Convention against Cybercrime.")
    sub = p.add_subparsers(dest="command", required=True)

    def data_opts(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--knowledge", metavar="DIR", help="knowledge folder (default: KNOWLEDGE_DIR or bundled)")
        sp.add_argument("--intents", metavar="DIR", help="intents folder (default: INTENTS_DIR or bundled)")

    sp = sub.add_parser("validate", help="check the knowledge and intents YAML and print a summary")
    data_opts(sp)
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser("diff", help="which answers an edit of the YAML changes, before it goes live")
    data_opts(sp)
    sp.add_argument("--against", metavar="REF", default="HEAD", help="git revision to compare with (default HEAD)")
    sp.add_argument("--show", type=int, default=20, metavar="N", help="questions listed under each heading")
    sp.set_defaults(func=cmd_diff)

    sp = sub.add_parser("ask", help="answer questions (argument, or one per line on stdin)")
    data_opts(sp)
    sp.add_argument("--json", action="store_true", help="one JSON object per line")
    sp.add_argument("--mode", choices=("ask", "channel"), default="ask")
    sp.add_argument("--explain", action="store_true", help="show the stages and checks behind each answer")
    sp.add_argument(
        "--conversation", action="store_true", help="the lines form one conversation (follow-ups lean on the last)"
    )
    sp.add_argument("question", nargs="*", help="the question; omit to read stdin")
    sp.set_defaults(func=cmd_ask)

    sp = sub.add_parser("shell", help="interactive console for the engine")
    data_opts(sp)
    sp.set_defaults(func=cmd_shell)

    sp = sub.add_parser("intents", help="list intents with their examples")
    data_opts(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_intents)

    sp = sub.add_parser("eval", help="held-out phrasings, out-of-scope rejection, threshold sweep")
    data_opts(sp)
    sp.add_argument("files", nargs="*", help="extra question files in the acceptance format")
    sp.add_argument("--no-cv", action="store_true", help="skip the cross-validated accuracy (faster)")
    sp.set_defaults(func=cmd_eval)

    sp = sub.add_parser("fit", help="fit the scoring weights to the intents and write intents/model.yaml")
    data_opts(sp)
    sp.add_argument(
        "files", nargs="*", help="probe sets in the acceptance format, learned from by which answer passes their checks"
    )
    sp.set_defaults(func=cmd_fit)

    sp = sub.add_parser("run", help="connect to Discord with DISCORD_TOKEN")
    sp.set_defaults(func=cmd_run)

    sp = sub.add_parser("sync", help="sync slash commands with Discord, then exit")
    sp.add_argument("--guild", type=int, help="sync to one guild (instant) instead of globally")
    sp.set_defaults(func=cmd_sync)

    sp = sub.add_parser("report", help="unanswered questions and 👎 answers, with YAML to paste")
    sp.add_argument("--limit", type=int, default=20)
    sp.set_defaults(func=cmd_report)

    sp = sub.add_parser("migrate-store", help="copy the SQLite store into PostgreSQL (safe to run again)")
    sp.add_argument("--from", dest="source", metavar="PATH", help="SQLite file (default: DATABASE_PATH)")
    sp.add_argument("--to", metavar="URL", help="postgresql://… (default: DATABASE_URL)")
    sp.set_defaults(func=cmd_migrate_store)

    sp = sub.add_parser("purge", help="delete logged questions and feedback older than DAYS")
    sp.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    sp.set_defaults(func=cmd_purge)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from bot.logging_setup import setup_logging

    level = "WARNING" if args.command in ("ask", "eval", "fit", "intents", "validate", "shell", "diff") else None
    try:
        setup_logging(level)
        code: int = args.func(args)
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: one line, never a traceback
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            first = exc.errors()[0]
            print(f"error: setting {'.'.join(map(str, first['loc']))}: {first['msg']}", file=sys.stderr)
        else:
            print(f"error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        log.debug("unhandled", exc_info=True)
        return EXIT_FAIL
