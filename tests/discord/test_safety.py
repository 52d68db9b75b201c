"""Abuse limits, payload limits, secrets, start-up logging and clean shutdown."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import discord
import pytest

from bot import client as client_module
from bot.answers.render import slot_combinations
from bot.client import FaqBot, FaqBotMixin, create_bot
from bot.cogs import ask as ask_cog
from bot.discord_ui import (
    CUSTOM_ID_MAX,
    EMBED_DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELD_VALUE_MAX,
    answer_embed,
    answer_view,
)
from bot.settings import PACKAGE_ROOT, Settings
from bot.testing import USER_ID, Harness

from .conftest import make_settings

FAKE_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.FAKE.token-that-must-never-appear"


def question(text: str) -> list[dict[str, object]]:
    return [{"name": "question", "type": 3, "value": text}]


async def test_ask_cooldown_says_when_to_retry(harness: Harness) -> None:
    texts = [
        "who is the chair",
        "when was the convention adopted",
        "4th session venue",
        "who serves as secretariat",
        "what is A/AC.291/7",
        "road map and mode of work",
    ]
    replies = [(await harness.command("ask", question(t)))[0] for t in texts]
    assert all("embeds" in r.data for r in replies[: ask_cog.ASK_RATE])
    last = replies[-1].data
    assert "try again in" in last["content"] and last["flags"] & 64


async def test_same_question_twice_is_answered_once(harness: Harness) -> None:
    (first,) = await harness.command("ask", question("who is the chair"))
    (second,) = await harness.command("ask", question("Who is the  chair"))
    assert "embeds" in first.data
    assert "just answered" in second.data["content"]


async def test_commands_declare_where_they_can_be_used(bot: FaqBotMixin) -> None:
    commands = {c.name: c for c in bot.tree.get_commands()}
    for name in ("ask", "session", "bureau", "document", "convention", "faq"):
        ctx = commands[name].allowed_contexts
        assert ctx is not None and ctx.guild and ctx.dm_channel, name
    admin = commands["faqadmin"]
    assert admin.guild_only
    assert admin.default_permissions is not None and admin.default_permissions.manage_guild


async def test_dismiss_only_by_asker_or_moderator(harness: Harness, bot: FaqBotMixin) -> None:
    from bot.testing import message_payload

    custom = f"faq:dismiss:{USER_ID}:0"
    row = [{"type": 1, "components": [{"type": 2, "style": 4, "label": "Dismiss", "custom_id": custom}]}]
    (denied,) = await harness.click(custom, message=message_payload(components=row), user_id=USER_ID + 1)
    assert "Only the person who asked" in denied.data["content"]
    calls = await harness.click(custom, message=message_payload(components=row), user_id=USER_ID, expect=2)
    assert any(c.method == "DELETE" and "/messages/" in c.url for c in calls)
    assert (await bot.store.stats()).thumbs_down == 1


async def test_every_answer_and_autocomplete_fits_discord_limits(bot: FaqBotMixin, harness: Harness) -> None:
    engine = bot.engine
    for intent in engine.intents:
        for slots in slot_combinations(engine.kb, intent):
            answer = engine.render(intent.id, slots)
            embed = answer_embed(answer)
            assert len(embed.description or "") <= EMBED_DESCRIPTION_MAX
            assert len(embed) <= EMBED_TOTAL_MAX
            assert len(embed.fields) <= 25 and all(len(f.value or "") <= FIELD_VALUE_MAX for f in embed.fields)
            view = answer_view(answer, 10**18, asker=10**18, dismiss=True)
            assert len(view.children) <= 25
            for item in view.children:
                assert len(getattr(item, "custom_id", "") or "") <= CUSTOM_ID_MAX
    for command, option in (("session", "name"), ("bureau", "query"), ("document", "symbol")):
        for typed in ("", "a", "2", "session", "vice", "A/", "x" * 100):
            (call,) = await harness.autocomplete(command, option, typed)
            choices = call.json["data"]["choices"]
            assert len(choices) <= 25
            assert all(len(c["name"]) <= 100 and len(str(c["value"])) <= 100 for c in choices)


def test_token_is_not_in_settings_repr() -> None:
    settings = Settings(DISCORD_TOKEN=FAKE_TOKEN)  # type: ignore[call-arg]
    assert FAKE_TOKEN not in repr(settings) and FAKE_TOKEN not in str(settings.model_dump())


def test_run_never_prints_the_token(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DISCORD_TOKEN": FAKE_TOKEN,
        "LOG_LEVEL": "DEBUG",
        "DATABASE_PATH": str(tmp_path / "b.sqlite3"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env, cwd=PACKAGE_ROOT, timeout=120
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert FAKE_TOKEN not in out and "FAKE.token" not in out
    assert "Traceback" not in out
    assert out.strip().splitlines()[-1].startswith("error: ")


def test_missing_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["DATABASE_PATH"] = str(tmp_path / "b.sqlite3")
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert proc.returncode == 2
    assert (
        proc.stderr.strip() == "error: DISCORD_TOKEN is not set; put it in .env or the environment (see .env.example)"
    )


def test_rejected_token_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def reject(self: FaqBot, token: str) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "b.sqlite3"))
    monkeypatch.setattr(FaqBot, "login", reject)
    assert client_module.run() == 2
    err = capsys.readouterr().err
    assert err.strip() == "error: Discord rejected DISCORD_TOKEN; reset the token in the Developer Portal"
    assert FAKE_TOKEN not in err


async def test_setup_hook_logs_knowledge_version_without_network(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bot = create_bot(make_settings(tmp_path))
    requests: list[object] = []

    async def no_network(*args: object, **kwargs: object) -> None:
        requests.append(args)

    bot.http.request = no_network  # type: ignore[method-assign]
    with caplog.at_level(logging.INFO):
        async with bot:
            await bot.setup_hook()
            assert {"AskCog", "BrowseCog", "FaqChannelCog", "FaqAdmin"} <= set(bot.cogs)
    assert not requests
    assert any(f"knowledge version {bot.engine.version}" in r.getMessage() for r in caplog.records)


async def test_shutdown_finishes_in_flight_work_then_closes(bot: FaqBotMixin) -> None:
    finished = asyncio.Event()

    async def slow_answer() -> None:
        await asyncio.sleep(0.3)
        finished.set()

    bot.track(slow_answer())
    await bot.shutdown()
    assert finished.is_set()
    assert not bot.accepting
    assert bot.is_closed()
    with pytest.raises(RuntimeError):
        _ = bot.store


SERVE = textwrap.dedent(
    """
    import asyncio, sys
    from bot.client import create_bot, install_signal_handlers
    from bot.settings import Settings

    async def main():
        bot = create_bot(Settings(DATABASE_PATH=sys.argv[1]))
        async with bot:
            await bot.setup_hook()
            install_signal_handlers(bot)

            async def in_flight():
                await asyncio.sleep(1.0)
                print("in-flight answer finished", flush=True)

            bot.track(in_flight())
            print("ready", flush=True)
            while not bot.is_closed():
                await asyncio.sleep(0.05)
        print("closed", flush=True)

    asyncio.run(main())
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_cleanly_with_exit_0(tmp_path: Path, sig: signal.Signals) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(tmp_path / "b.sqlite3")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PACKAGE_ROOT,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "in-flight answer finished" in out and "closed" in out
    assert "Traceback" not in err
