"""docs/deploy.md's commands and units work as written."""

from __future__ import annotations

import re
import shlex

from bot.cli import parser
from bot.settings import PACKAGE_ROOT, Settings

DEPLOY = (PACKAGE_ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def test_the_migrate_store_command_in_the_guide_parses() -> None:
    block = re.search(r"python -m bot (migrate-store .*?)\n\s*```", DEPLOY, re.S)
    assert block is not None
    args = parser().parse_args(shlex.split(block.group(1).replace("\\\n", " ")))
    assert args.command == "migrate-store"
    assert args.source.endswith("bot.sqlite3") and args.to.startswith("postgresql://")


def test_the_template_unit_gives_each_instance_its_shards() -> None:
    unit = DEPLOY.split("cybercrime-faq@.service", 1)[1]
    assert "Environment=SHARD_IDS=%i" in unit and "ExecStart=/opt/cybercrime-faq/.venv/bin/python -m bot run" in unit
    instance = re.search(r"enable --now '(cybercrime-faq@[\d,]+)'", unit)
    assert instance is not None
    shard_ids = instance.group(1).split("@")[1]
    settings = Settings(SHARD_COUNT=8, SHARD_IDS=shard_ids)  # type: ignore[call-arg]
    assert settings.shard_ids == (0, 1)


def test_the_database_url_in_the_guide_is_accepted() -> None:
    url = re.search(r"DATABASE_URL=(postgresql://\S+)", DEPLOY)
    assert url is not None
    assert Settings(DATABASE_URL=url.group(1)).database_url is not None  # type: ignore[call-arg]
