"""The test double for Discord, shared by the tests and the benchmarks: drive a bot built by
`create_bot(sharded=False)` through discord.py's real dispatch with the network cut off.

INTERACTION_CREATE and MESSAGE_CREATE payloads go to the bot's own ConnectionState; every HTTP
call the bot would make is recorded (webhook adapter for interaction responses, HTTPClient for the
rest) and answered with a plausible payload. Tests assert on the JSON the bot would have sent.
This is the one module outside discord.py that touches discord.py's private state.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.http import Route
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

APP_ID = 900000000000000001
BOT_ID = APP_ID
GUILD_ID = 800000000000000001
CHANNEL_ID = 700000000000000001
USER_ID = 600000000000000001
MANAGE_GUILD = 1 << 5
_ids = itertools.count(500000000000000001)


def user_payload(user_id: int = USER_ID, name: str = "delegate", bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}


def message_payload(
    message_id: int | None = None,
    *,
    content: str = "",
    embeds: list[Any] | None = None,
    components: list[Any] | None = None,
    flags: int = 0,
    author: int = BOT_ID,
    channel_id: int = CHANNEL_ID,
) -> dict[str, Any]:
    return {
        "id": str(message_id or next(_ids)),
        "channel_id": str(channel_id),
        "guild_id": str(GUILD_ID),
        "author": user_payload(author, "faqbot" if author == BOT_ID else "delegate", bot=author == BOT_ID),
        "content": content,
        "timestamp": "2025-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": embeds or [],
        "pinned": False,
        "type": 0,
        "flags": flags,
        "components": components or [],
    }


@dataclass
class Call:
    method: str
    url: str
    json: Any

    @property
    def data(self) -> dict[str, Any]:
        """The `data` of an interaction callback, or the body of a follow-up or message."""
        if isinstance(self.json, dict) and "type" in self.json and "data" in self.json:
            return self.json["data"] or {}
        return self.json or {}

    @property
    def type(self) -> int | None:
        return self.json.get("type") if isinstance(self.json, dict) else None


@dataclass
class Recorder(AsyncWebhookAdapter):
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # discord.py leaves it unannotated

    async def request(self, route: Route, session: Any, *, payload: Any = None, multipart: Any = None, **_: Any) -> Any:
        body = payload
        for part in multipart or []:
            if part.get("name") == "payload_json":
                body = json.loads(part["value"])
        self.calls.append(Call(route.method, route.url, body))
        if route.url.endswith("/callback"):
            interaction_id = route.url.split("/interactions/")[1].split("/")[0]
            return {"interaction": {"id": interaction_id, "type": 2}}
        if route.method in ("POST", "PATCH"):
            data = body or {}
            return message_payload(
                content=data.get("content") or "",
                embeds=data.get("embeds"),
                components=data.get("components"),
                flags=data.get("flags") or 0,
            )
        return None


def guild_payload(channels: dict[int, str]) -> dict[str, Any]:
    """The test guild with text channels {id: name}, as GUILD_CREATE sends it."""
    return {
        "id": str(GUILD_ID),
        "name": "Treaty watchers",
        "owner_id": str(USER_ID),
        "roles": [{"id": str(GUILD_ID), "name": "@everyone", "permissions": str((1 << 40) - 1), "position": 0}],
        "channels": [
            {"id": str(cid), "type": 0, "name": name, "position": n, "permission_overwrites": []}
            for n, (cid, name) in enumerate(channels.items())
        ],
        "members": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "member_count": 2,
        "unavailable": False,
    }


class Harness:
    """One bot, a recorder for its HTTP, and helpers to send it interactions and messages."""

    def __init__(self, bot: Any, channels: dict[int, str] | None = None) -> None:
        self.bot = bot
        self.webhook = Recorder()
        self.http_calls: list[Call] = []
        async_context.set(self.webhook)
        self.channels = channels or {CHANNEL_ID: "general"}

        async def fake_request(route: Route, **kwargs: Any) -> Any:
            self.http_calls.append(Call(route.method, route.url, kwargs.get("json")))
            if route.method == "POST" and "/messages" in route.url:
                return message_payload(content=(kwargs.get("json") or {}).get("content") or "")
            return None

        bot.http.request = fake_request
        state = bot._connection
        state.application_id = APP_ID
        from discord.user import ClientUser

        state.user = ClientUser(state=state, data=user_payload(BOT_ID, "faqbot", bot=True))  # type: ignore[arg-type]
        state._add_guild_from_data(guild_payload(self.channels))

    @property
    def calls(self) -> list[Call]:
        return self.webhook.calls

    def base(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        permissions: int = 0,
        user_id: int = USER_ID,
        guild: bool = True,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(next(_ids)),
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"tok-{next(_ids)}",
            "version": 1,
            "data": data,
            "locale": "en-US",
            "app_permissions": str((1 << 50) - 1),
            "attachment_size_limit": 10_485_760,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)} if guild else {"1": str(user_id)},
            "context": 0 if guild else 1,
            "channel_id": str(CHANNEL_ID),
            "channel": {
                "id": str(CHANNEL_ID),
                "type": 0 if guild else 1,
                "name": "general",
                "position": 0,
                "permission_overwrites": [],
                **({"guild_id": str(GUILD_ID)} if guild else {}),
            },
        }
        if guild:
            payload["guild_id"] = str(GUILD_ID)
            payload["guild_locale"] = "en-US"
            payload["member"] = {
                "user": user_payload(user_id),
                "roles": [],
                "joined_at": "2024-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": str(permissions),
            }
        else:
            payload["user"] = user_payload(user_id)
        if message is not None:
            payload["message"] = message
        return payload

    async def dispatch(self, payload: dict[str, Any], expect: int = 1, timeout: float = 10.0) -> list[Call]:
        """Feed one INTERACTION_CREATE through the ConnectionState; wait for `expect` new HTTP calls."""
        before = len(self.calls) + len(self.http_calls)
        self.feed(payload)
        return await self._wait(before, expect, timeout)

    def feed(self, payload: dict[str, Any]) -> None:
        """Hand one INTERACTION_CREATE to the bot without waiting for its response."""
        async_context.set(self.webhook)  # tasks the dispatch starts inherit this bot's recorder
        self.bot._connection.parse_interaction_create(payload)

    async def message(
        self,
        content: str,
        *,
        channel_id: int = CHANNEL_ID,
        user_id: int = USER_ID,
        expect: int = 1,
        timeout: float = 10.0,
    ) -> list[Call]:
        """A member's message in a guild channel (MESSAGE_CREATE); waits for `expect` HTTP calls (0: none)."""
        payload = message_payload(content=content, author=user_id, channel_id=channel_id)
        payload["guild_id"] = str(GUILD_ID)
        payload["member"] = {"roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False}
        before = len(self.calls) + len(self.http_calls)
        async_context.set(self.webhook)
        self.bot._connection.parse_message_create(payload)
        if expect == 0:
            await self.settle(timeout)
            return (self.calls + self.http_calls)[before:]
        return await self._wait(before, expect, timeout)

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until the event handlers discord.py started, and the bot's tracked tasks, have finished."""
        handlers = [t for t in asyncio.all_tasks() if t.get_name().startswith("discord.py: ")]
        if handlers:
            await asyncio.wait(handlers, timeout=timeout)
        await self.bot.drain(timeout)

    async def _wait(self, before: int, expect: int, timeout: float) -> list[Call]:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.calls) + len(self.http_calls) - before < expect:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no response within {timeout}s; calls: {self.calls[before:]}")
            await asyncio.sleep(0.01)
        await asyncio.sleep(0)
        return (self.calls + self.http_calls)[before:]

    async def command(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        group: str | None = None,
        sub: str | None = None,
        expect: int = 1,
        **kw: Any,
    ) -> list[Call]:
        """A slash command; `sub` (and `group`) address /name group sub."""
        opts = options or []
        if sub:
            opts = [{"name": sub, "type": 1, "options": opts}]
        if group:
            opts = [{"name": group, "type": 2, "options": opts}]
        data = {"id": str(next(_ids)), "name": name, "type": 1, "options": opts}
        return await self.dispatch(self.base(2, data, **kw), expect=expect)

    async def autocomplete(self, name: str, option: str, value: str, **kw: Any) -> list[Call]:
        data = {
            "id": str(next(_ids)),
            "name": name,
            "type": 1,
            "options": [{"name": option, "type": 3, "value": value, "focused": True}],
        }
        return await self.dispatch(self.base(4, data, **kw))

    async def click(
        self,
        custom_id: str,
        *,
        message: dict[str, Any] | None = None,
        values: list[str] | None = None,
        expect: int = 1,
        **kw: Any,
    ) -> list[Call]:
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 3 if values is not None else 2}
        if values is not None:
            data["values"] = values
        msg = message or message_payload()
        return await self.dispatch(self.base(3, data, message=msg, **kw), expect=expect)

    async def context_menu(self, name: str, target: dict[str, Any], **kw: Any) -> list[Call]:
        data = {
            "id": str(next(_ids)),
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        return await self.dispatch(self.base(2, data, **kw))


def components_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Flatten action rows into their components."""
    out: list[dict[str, Any]] = []
    for row in body.get("components") or []:
        out.extend(row.get("components") or [])
    return out


def prepare_for_dpytest(bot: discord.Client) -> None:
    """dpytest builds members through the cache, which the production intents leave off."""
    bot._connection._intents = discord.Intents.all()
    bot._connection.member_cache_flags = discord.MemberCacheFlags.all()
