"""Slash commands, autocomplete and component clicks through discord.py's own ConnectionState."""

from __future__ import annotations

from typing import Any

from bot.client import FaqBotMixin
from bot.discord_ui import CUSTOM_ID_MAX
from bot.responder import CONTEXT_TTL, ConversationMemory
from bot.testing import MANAGE_GUILD, Harness, components_of, message_payload


async def test_ask_answers_with_a_cited_embed_and_buttons(harness: Harness) -> None:
    (call,) = await harness.command(
        "ask", [{"name": "question", "type": 3, "value": "When was the convention adopted?"}]
    )
    assert call.url.endswith("/callback")
    assert call.type == 4  # CHANNEL_MESSAGE_WITH_SOURCE
    data = call.data
    (embed,) = data["embeds"]
    assert "24 December 2024" in embed["description"]
    sources = next(f for f in embed["fields"] if f["name"] == "Sources")
    assert "[A/RES/79/243](https://undocs.org/A/RES/79/243)" in sources["value"]
    assert data["allowed_mentions"] == {"parse": []}
    ids = [c["custom_id"] for c in components_of(data)]
    assert any(i.startswith("faq:vote:up:") for i in ids) and any(i.startswith("faq:vote:down:") for i in ids)
    assert any(i.startswith("faq:rel:") for i in ids)
    assert all(len(i) <= CUSTOM_ID_MAX for i in ids)


async def test_ask_bureau_answer_claims_no_date_the_listing_does_not_give(harness: Harness) -> None:
    """The bureau table on the UNODC page is undated: the answer says where it is listed, and the
    footer claims no "as of" date."""
    (call,) = await harness.command("ask", [{"name": "question", "type": 3, "value": "vice-chair from Estonia"}])
    embed = call.data["embeds"][0]
    assert "Künnapu" in embed["description"]
    assert "as listed on the UNODC Ad Hoc Committee page" in embed["description"]
    assert "as of" not in embed["footer"]["text"]


async def test_ephemeral_option(harness: Harness) -> None:
    (call,) = await harness.command(
        "ask",
        [{"name": "question", "type": 3, "value": "who is the chair"}, {"name": "ephemeral", "type": 5, "value": True}],
    )
    assert call.data["flags"] & 64


async def test_unsure_answer_offers_a_select_and_picking_answers(harness: Harness) -> None:
    (call,) = await harness.command("ask", [{"name": "question", "type": 3, "value": "who"}])
    (select,) = [c for c in components_of(call.data) if c["type"] == 3]
    assert 1 <= len(select["options"]) <= 3
    assert call.data["embeds"][0]["description"].startswith("I'm not sure")
    option = select["options"][0]
    message = message_payload(components=call.data["components"], embeds=call.data["embeds"])
    (picked,) = await harness.click(select["custom_id"], message=message, values=[option["value"]])
    assert picked.type == 4
    assert picked.data["embeds"][0]["fields"][0]["name"] == "Sources"


async def test_nothing_matches_gives_fallback_with_tips(harness: Harness) -> None:
    (call,) = await harness.command("ask", [{"name": "question", "type": 3, "value": "best pizza in new york?"}])
    description = call.data["embeds"][0]["description"]
    assert "I don't know" in description and "Tips:" in description
    assert not components_of(call.data) or all(c["type"] != 3 for c in components_of(call.data))


async def test_feedback_button_records_a_vote(harness: Harness, bot: FaqBotMixin) -> None:
    (call,) = await harness.command("ask", [{"name": "question", "type": 3, "value": "who serves as secretariat"}])
    down = next(c["custom_id"] for c in components_of(call.data) if c["custom_id"].startswith("faq:vote:down:"))
    (ack,) = await harness.click(down, message=message_payload(components=call.data["components"]))
    assert ack.data["flags"] & 64
    await bot.drain()
    stats = await bot.store.stats()
    assert (stats.asked, stats.thumbs_down) == (1, 1)


async def test_related_button_answers_the_related_intent(harness: Harness) -> None:
    (call,) = await harness.command("ask", [{"name": "question", "type": 3, "value": "4th session dates"}])
    related = next(c["custom_id"] for c in components_of(call.data) if c["custom_id"].startswith("faq:rel:"))
    (answer,) = await harness.click(related, message=message_payload(components=call.data["components"]))
    assert "fourth session" in answer.data["embeds"][0]["description"]


async def test_mentions_never_ping(harness: Harness) -> None:
    (call,) = await harness.command(
        "ask", [{"name": "question", "type": 3, "value": "@everyone when was the convention adopted"}]
    )
    assert call.data["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in call.data["embeds"][0]["title"].replace("@\u200beveryone", "")


async def test_session_without_name_shows_timeline(harness: Harness) -> None:
    (call,) = await harness.command("session")
    description = call.data["embeds"][0]["description"]
    assert "Organizational session" in description and "Fifth intersessional consultation" in description


async def test_session_autocomplete_returns_at_most_25_choices(harness: Harness) -> None:
    (call,) = await harness.autocomplete("session", "name", "4th")
    assert call.type == 8
    choices = call.json["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert choices[0]["value"] == "session-4"
    (call,) = await harness.autocomplete("session", "name", "")
    assert len(call.json["data"]["choices"]) <= 25


async def test_session_with_name(harness: Harness) -> None:
    (call,) = await harness.command("session", [{"name": "name", "type": 3, "value": "session-2"}])
    assert "Vienna" in call.data["embeds"][0]["description"]


async def test_bureau_autocomplete_and_command(harness: Harness) -> None:
    (call,) = await harness.autocomplete("bureau", "query", "japan")
    values = [c["value"] for c in call.json["data"]["choices"]]
    assert "country=Japan" in values
    (call,) = await harness.command("bureau", [{"name": "query", "type": 3, "value": "country=Japan"}])
    assert "WARISAWA" in call.data["embeds"][0]["description"]
    (call,) = await harness.command("bureau", [{"name": "query", "type": 3, "value": "the nigerian member"}])
    assert "Tyendezwa" in call.data["embeds"][0]["description"]


async def test_document_known_and_unknown(harness: Harness) -> None:
    (call,) = await harness.autocomplete("document", "symbol", "291/7")
    assert call.json["data"]["choices"][0]["value"] == "A/AC.291/7"
    (call,) = await harness.command("document", [{"name": "symbol", "type": 3, "value": "a/ac.291/7"}])
    assert "road map" in call.data["embeds"][0]["description"]
    (call,) = await harness.command("document", [{"name": "symbol", "type": 3, "value": "A/RES/70/1"}])
    assert "not in the knowledge base" in call.data["content"]
    assert "https://undocs.org/A/RES/70/1" in call.data["content"]


async def test_convention_and_faq(harness: Harness) -> None:
    (call,) = await harness.command("convention")
    assert "first comprehensive global treaty" in call.data["embeds"][0]["description"]
    (call,) = await harness.command("faq", [{"name": "topic", "type": 3, "value": "bureau"}])
    assert "Who is the Chair" in call.data["embeds"][0]["description"]
    assert any(c["type"] == 3 for c in components_of(call.data))


async def test_context_menu_answers_the_message(harness: Harness) -> None:
    target = message_payload(content="where was the fifth session held?", author=12345)
    (call,) = await harness.context_menu("Ask the FAQ bot", target)
    assert "Vienna" in call.data["embeds"][0]["description"]
    assert call.data["flags"] & 64


async def test_admin_commands_need_manage_server_at_run_time(harness: Harness) -> None:
    (call,) = await harness.command("faqadmin", sub="stats", permissions=0)
    assert "permission" in call.data["content"]
    (call,) = await harness.command("faqadmin", sub="stats", permissions=MANAGE_GUILD)
    assert call.data["embeds"][0]["title"] == "FAQ bot statistics"


async def test_admin_reload_keeps_old_engine_on_error(harness: Harness, bot: FaqBotMixin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from bot.settings import PACKAGE_ROOT

    k = tmp_path / "k"
    shutil.copytree(PACKAGE_ROOT / "knowledge", k)
    (k / "sessions.yaml").write_text((k / "sessions.yaml").read_text().replace("end: 2022-03-11", "end: 2022-02-30"))
    old = bot.engine
    bot.engines.knowledge_dir = k
    calls = await harness.command("faqadmin", sub="reload", permissions=MANAGE_GUILD, expect=2)
    assert calls[0].type == 5  # deferred
    assert "Reload refused" in calls[1].json["content"] and "2022-02-30 is not a valid date" in calls[1].json["content"]
    assert bot.engine is old
    bot.engines.knowledge_dir = PACKAGE_ROOT / "knowledge"
    calls = await harness.command("faqadmin", sub="reload", permissions=MANAGE_GUILD, expect=2)
    assert "Reloaded" in calls[1].json["content"]
    assert bot.engine is not old


async def test_admin_channel_add_list_remove_is_persisted(harness: Harness, bot: FaqBotMixin) -> None:
    channel = {"name": "channel", "type": 7, "value": "700000000000000099"}
    resolved = {
        "channels": {
            "700000000000000099": {
                "id": "700000000000000099",
                "type": 0,
                "name": "faq-2",
                "permissions": "0",
                "guild_id": "800000000000000001",
            }
        }
    }
    payload = harness.base(
        2,
        {
            "id": "1",
            "name": "faqadmin",
            "type": 1,
            "resolved": resolved,
            "options": [{"name": "channel", "type": 2, "options": [{"name": "add", "type": 1, "options": [channel]}]}],
        },
        permissions=MANAGE_GUILD,
    )
    (call,) = await harness.dispatch(payload)
    assert "is now a FAQ channel" in call.data["content"]
    assert await bot.store.channels(800000000000000001) == [700000000000000099]
    (call,) = await harness.command("faqadmin", group="channel", sub="list", permissions=MANAGE_GUILD)
    assert "<#700000000000000099>" in call.data["content"]


def test_bot_never_pings_by_default(bot: FaqBotMixin) -> None:
    assert bot.allowed_mentions is not None
    assert bot.allowed_mentions.to_dict() == {"parse": []}


async def test_ask_follow_up_uses_the_last_answer_in_the_channel_for_five_minutes(
    harness: Harness, bot: FaqBotMixin
) -> None:
    now = [1000.0]
    bot.responder.memory = ConversationMemory(clock=lambda: now[0])

    def ask(text: str) -> dict[str, Any]:
        return [{"name": "question", "type": 3, "value": text}]  # type: ignore[return-value]

    (first,) = await harness.command("ask", ask("when was the 4th session"))
    assert "January 2023" in first.data["embeds"][0]["description"]
    (follow,) = await harness.command("ask", ask("and where?"))
    assert "Vienna" in follow.data["embeds"][0]["description"]
    now[0] += CONTEXT_TTL
    (late,) = await harness.command("ask", ask("and where is it?"))
    assert "Vienna" not in late.data["embeds"][0]["description"]


async def test_faq_channel_follow_up_uses_the_last_answer(harness: Harness, bot: FaqBotMixin) -> None:
    faq = 700000000000000002
    await bot.store.add_channel(800000000000000001, faq)
    (first,) = await harness.message("when was the 4th session held?", channel_id=faq)
    assert "January 2023" in first.json["embeds"][0]["description"]
    (follow,) = await harness.message("and where was it?", channel_id=faq)
    assert "Vienna" in follow.json["embeds"][0]["description"]


async def test_admin_reload_says_which_answers_change(harness: Harness, bot: FaqBotMixin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from tests.conftest import FIXTURE_INTENTS, FIXTURE_KNOWLEDGE

    k, i = tmp_path / "k", tmp_path / "i"
    shutil.copytree(FIXTURE_KNOWLEDGE, k)
    shutil.copytree(FIXTURE_INTENTS, i)
    bot.engines.knowledge_dir, bot.engines.intents_dir = k, i
    await bot.engines.reload()  # the frozen fixture knowledge, as it is live
    text = (k / "sessions.yaml").read_text(encoding="utf-8")
    at = text.index("    venue: vienna\n", text.index("  - id: session-4\n"))
    (k / "sessions.yaml").write_text(text[:at] + "    venue: new-york\n" + text[at + 18 :], encoding="utf-8")
    calls = await harness.command("faqadmin", sub="reload", permissions=MANAGE_GUILD, expect=2)
    reply = calls[1].json["content"]
    assert "Reloaded" in reply and "What changed in the answers:" in reply
    changes = reply.split("What changed in the answers:")[1]
    assert "answers change" in changes and "Answers that change:" in changes
    assert "0 answers change" not in changes
