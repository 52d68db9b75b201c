"""Write docs/ask-embed-preview.md (and .png when Pillow is installed) from a real /ask answer.

Run: .venv/bin/python docs/tools/embed_preview.py ["question"]
The embed is built by the bot's own code (bot.discord_ui.answer_embed), so the preview shows
exactly what Discord receives.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

from bot.discord_ui import answer_embed, answer_view
from bot.engine import Engine
from bot.settings import PACKAGE_ROOT

DOCS = PACKAGE_ROOT / "docs"


def main() -> None:
    question = sys.argv[1] if len(sys.argv) > 1 else "who's the vice-chair from Japan?"
    engine = Engine.from_dirs(PACKAGE_ROOT / "knowledge", PACKAGE_ROOT / "intents")
    answer = engine.ask(question)
    embed = answer_embed(answer).to_dict()
    view = answer_view(answer, 42)
    buttons = [getattr(i, "item", i) for i in view.children]
    labels = [str(getattr(b, "emoji", None) or "") + (getattr(b, "label", None) or "") for b in buttons]
    md = [
        "# `/ask` answer preview",
        "",
        f"What Discord receives for `/ask question:{question}` (built by `bot.discord_ui.answer_embed`;",
        "regenerate with `.venv/bin/python docs/tools/embed_preview.py`).",
        "",
        "![rendered embed](ask-embed-preview.png)" if _png(embed, labels) else "",
        "",
        "> **" + embed["title"] + "**",
        ">",
        *[f"> {line}" for line in embed["description"].splitlines()],
        ">",
        "> **Sources**",
        *[f"> {line}" for line in embed["fields"][0]["value"].splitlines()],
        ">",
        f"> *{embed.get('footer', {}).get('text', '')}*",
        "",
        "Buttons: " + " · ".join(f"[{label}]" for label in labels),
        "",
        "```json",
        json.dumps(embed, indent=2, ensure_ascii=False),
        "```",
        "",
    ]
    (DOCS / "ask-embed-preview.md").write_text("\n".join(md), encoding="utf-8")


def _png(embed: dict, labels: list[str]) -> bool:  # type: ignore[type-arg]
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        return (DOCS / "ask-embed-preview.png").exists()
    font_dir = Path("/usr/share/fonts/truetype/dejavu")
    regular = ImageFont.truetype(str(font_dir / "DejaVuSans.ttf"), 15)
    bold = ImageFont.truetype(str(font_dir / "DejaVuSans-Bold.ttf"), 16)
    small = ImageFont.truetype(str(font_dir / "DejaVuSans.ttf"), 12)
    lines: list[tuple[str, object, str]] = [(embed["title"], bold, "#ffffff"), ("", regular, "")]
    for para in embed["description"].replace("**", "").splitlines():
        for line in textwrap.wrap(para, 70) or [""]:
            lines.append((line, regular, "#dbdee1"))
    lines += [("", regular, ""), ("Sources", bold, "#ffffff")]
    for src in embed["fields"][0]["value"].splitlines():
        symbol = src.split("](")[0].lstrip("[")
        rest = src.split(")", 1)[1] if ")" in src else ""
        lines.append((symbol + rest, regular, "#00a8fc"))
    lines += [("", regular, ""), (embed.get("footer", {}).get("text", ""), small, "#b5bac1")]
    height = 40 + 24 * len(lines) + 60
    img = Image.new("RGB", (1000, height), "#313338")
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((20, 20, 720, height - 70), radius=6, fill="#2b2d31")
    draw.rectangle((20, 20, 24, height - 70), fill="#009edb")
    y = 34
    for text, font, colour in lines:
        if text:
            draw.text((40, y), text, font=font, fill=colour)
        y += 24
    x = 20
    for label in labels:
        label = label.replace("👍", "+1 helpful").replace("👎", "-1 not helpful")  # the font has no emoji
        w = int(draw.textlength(label, font=regular)) + 28
        draw.rounded_rectangle((x, height - 56, x + w, height - 22), radius=4, fill="#4e5058")
        draw.text((x + 14, height - 48), label, font=regular, fill="#ffffff")
        x += w + 8
    img.save(DOCS / "ask-embed-preview.png")
    return True


if __name__ == "__main__":
    main()
