"""The one logging set-up, called from main(): one format, per-module loggers, level from settings."""

from __future__ import annotations

import logging
import os

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(level: str | None = None) -> None:
    chosen = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    if chosen not in logging.getLevelNamesMapping():
        chosen = "INFO"
    logging.basicConfig(level=chosen, format=FORMAT, force=True)
    # The bot has no voice features; discord.py's warnings about missing voice libraries are noise.
    logging.getLogger("discord.client").addFilter(lambda r: "voice will NOT be supported" not in r.getMessage())
    # discord.py logs every gateway event at DEBUG; keep it one step quieter than ours.
    logging.getLogger("discord").setLevel(max(logging.getLogger().level, logging.INFO))
