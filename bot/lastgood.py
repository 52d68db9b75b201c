"""The last knowledge that passed validation, kept by the bot so that a bad edit never stops it.

Each time the bot starts (or reloads) on YAML that validates, it copies `knowledge/` and `intents/`
into `last-good/` in its data folder, next to the database. If the YAML on disk does not validate
at the next start, the bot starts on that copy, logs every problem, and says so in
`/faqadmin stats` and `reload`, instead of exiting and being restarted in a loop by systemd. It
exits only when no valid version has ever been seen.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.engine import Engine, Thresholds
from bot.kb.loader import KnowledgeError

log = logging.getLogger(__name__)

FOLDER = "last-good"
VERSION_FILE = "VERSION"


def folder_for(database_path: Path) -> Path:
    return database_path.parent / FOLDER


@dataclass(frozen=True)
class Started:
    engine: Engine
    problems: tuple[str, ...] = ()
    """The problems of the YAML on disk, when the engine runs on the last good copy instead."""


def save(engine: Engine, knowledge_dir: Path, intents_dir: Path, into: Path) -> None:
    """Keep a copy of folders that just validated (replacing the older copy in one rename)."""
    if (into / VERSION_FILE).exists() and (into / VERSION_FILE).read_text(encoding="utf-8") == engine.version:
        return
    into.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".last-good-", dir=into.parent) as tmp:
        staged = Path(tmp) / FOLDER
        shutil.copytree(knowledge_dir, staged / "knowledge")
        shutil.copytree(intents_dir, staged / "intents")
        (staged / VERSION_FILE).write_text(engine.version, encoding="utf-8")
        old = Path(tmp) / "old"
        if into.exists():
            into.rename(old)
        staged.rename(into)
    log.debug("kept version %s as the last good knowledge in %s", engine.version, into)


def start(knowledge_dir: Path, intents_dir: Path, thresholds: Thresholds, database_path: Path) -> Started:
    """The engine from the folders, or from the last good copy when they do not validate.

    Raises KnowledgeError only when the folders fail and no good copy exists."""
    kept = folder_for(database_path)
    try:
        engine = Engine.from_dirs(knowledge_dir, intents_dir, thresholds)
    except KnowledgeError as exc:
        if not (kept / VERSION_FILE).exists():
            raise
        problems = tuple(str(p) for p in exc.problems)
        for problem in problems:
            log.error("knowledge on disk: %s", problem)
        try:
            engine = Engine.from_dirs(kept / "knowledge", kept / "intents", thresholds)
        except KnowledgeError:
            raise exc from None
        log.error(
            "the knowledge on disk has %d problem(s); serving the last good version %s until it is fixed",
            len(problems),
            engine.version,
        )
        return Started(engine, problems)
    try:
        save(engine, knowledge_dir, intents_dir, kept)
    except OSError as exc:  # a read-only data folder must not stop the bot
        log.warning("could not keep a copy of the knowledge in %s: %s", kept, exc)
    return Started(engine)
