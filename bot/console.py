"""The local console (`python -m bot shell`): questions in, answers rendered as Discord shows them.

Lines starting with ':' are console commands, never questions. In `:channel` mode a message the
bot would leave unanswered in a FAQ channel is shown as that silence, with the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

if TYPE_CHECKING:
    from bot.answers.answer import Answer, Context
    from bot.engine import Engine
    from bot.store import Store

log = logging.getLogger(__name__)

Mode = Literal["ask", "channel"]

COMMANDS: dict[str, str] = {
    ":help": "list these commands",
    ":ask": "answer every question, as /ask does in Discord (the default)",
    ":channel": "answer as in a FAQ channel: only questions the bot is sure about",
    ":quit": "leave the console (also :q, :exit or Ctrl-D)",
}
QUIT = frozenset({":quit", ":q", ":exit"})
HISTORY_FILE = Path.home() / ".cybercrime_faq_history"


def help_text() -> str:
    width = max(len(c) for c in COMMANDS)
    return "\n".join(f"  {cmd.ljust(width)}  {what}" for cmd, what in COMMANDS.items())


SILENCE = {
    "not_a_question": "not a question",
    "chatter": "chatter: a remark about the topic rather than a question to the bot",
    "other_body": "it names another treaty or body",
    "unknown_symbol": "it names a UN document the bot does not know",
    "unknown_session": "it names a session the bot has no record of",
    "vague": "too vague: only question words",
    "missing_slot": "it does not say which session, country or document",
    "no_candidate": "nothing the bot knows matches it",
}


def silence_reason(answer: Answer, threshold: float, margin: float) -> str:
    """Why a FAQ channel would get no reply: the decision's own reason when the answer carries it."""
    decision = str((answer.explain or {}).get("decision", ""))
    reason = decision.removeprefix("refuse: ") if decision.startswith("refuse: ") else ""
    if reason in SILENCE:
        return SILENCE[reason]
    if not answer.reads_as_question:
        return "not a question"
    if answer.confidence < threshold:
        return f"not sure enough (confidence {answer.confidence:.2f} < {threshold:.2f})"
    top = answer.suggestions[:2]
    if len(top) == 2 and top[0].confidence - top[1].confidence < margin:
        return (
            f"two answers are too close to call ({top[0].intent} {top[0].confidence:.2f}, "
            f"{top[1].intent} {top[1].confidence:.2f})"
        )
    return "chatter: a remark about the topic rather than a question to the bot"


def discord_markdown(text: str) -> Markdown:
    # Discord keeps single line breaks; Markdown would join them into one paragraph.
    return Markdown(text.replace("\n", "  \n"))


class QuestionLog:
    """Logs console questions to the store, as the Discord front end does (needs LOG_QUESTIONS)."""

    def __init__(self, runner: asyncio.Runner, store: Store) -> None:
        self._runner = runner
        self._store = store

    @classmethod
    def open(cls, database_path: Path | str) -> QuestionLog | None:
        """`database_path` is a SQLite file or a postgresql:// URL (DATABASE_URL)."""
        from bot.store import Store, safe_url

        runner = asyncio.Runner()
        try:
            store = runner.run(Store.open(database_path, log_questions=True))
        except Exception as exc:  # the console works without its log
            runner.close()
            log.warning("questions will not be logged: cannot open %s: %s", safe_url(str(database_path)), exc)
            return None
        return cls(runner, store)

    def record(self, answer: Answer, mode: Mode) -> None:
        try:
            self._runner.run(
                self._store.log_question(
                    guild_id=None,
                    channel_id=None,
                    user_id=None,
                    question=answer.question,
                    intent=answer.intent,
                    confidence=answer.confidence,
                    answered=answer.answered,
                    mode=mode,
                )
            )
        except Exception as exc:
            log.warning("could not log the question: %s", exc)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._runner.run(self._store.close())
        self._runner.close()


class ShellSession:
    """One console session: reads lines, runs commands, prints answers."""

    def __init__(self, engine: Engine, out: Console, question_log: QuestionLog | None = None) -> None:
        self.engine = engine
        self.out = out
        self.question_log = question_log
        self.mode: Mode = "ask"
        self.context: Context | None = None
        """The last answer's subject, so that "and where?" works as in Discord."""

    @property
    def prompt(self) -> str:
        return f"{self.mode}> "

    def handle(self, line: str) -> bool:
        """Act on one line; False when the console should close."""
        text = line.strip()
        if not text:
            return True
        if text.startswith(":"):
            return self.command(text.lower())
        self.answer(line)
        return True

    def command(self, cmd: str) -> bool:
        if cmd in QUIT:
            return False
        if cmd == ":help":
            self.out.print(Text(help_text()))
        elif cmd in (":ask", ":channel"):
            self.mode = "ask" if cmd == ":ask" else "channel"
            self.out.print(Text(f"mode: {self.mode}", style="dim"))
        else:
            self.out.print(Text(f"unknown command {cmd!r}; the commands are:\n{help_text()}"))
        return True

    def answer(self, question: str) -> None:
        ans = self.engine.ask(question, self.mode, self.context, explain=True)
        self.context = ans.context or self.context
        if self.question_log is not None and (self.mode == "ask" or ans.reads_as_question):
            self.question_log.record(ans, self.mode)  # a FAQ channel logs only questions
        t = self.engine.thresholds
        if self.mode == "channel" and not ans.answered:
            reason = silence_reason(ans, t.channel, t.channel_margin)
            self.out.print(
                Text(f"(in a FAQ channel the bot would stay silent: {reason})", style="yellow"), soft_wrap=True
            )
            self.out.print()
            return
        self.out.print(discord_markdown(ans.text))
        if ans.citations:
            self.out.print(Text("Sources:", style="bold"))
            for c in ans.citations:
                pin = f", {c.pinpoint}" if c.pinpoint else ""
                self.out.print(Text(f"  - {c.symbol}{pin}: {c.url}"), soft_wrap=True)
        status = f"{ans.intent}, confidence" if ans.answered else "not answered, confidence"
        self.out.print(Text(f"  [{status} {ans.confidence:.2f}]", style="dim"))
        self.out.print()


def run(engine: Engine, *, database_path: Path | str | None, read: Callable[[str], str] = input) -> None:
    """The read-answer loop until :quit or Ctrl-D; Ctrl-C clears the line being typed."""
    try:
        import readline  # line editing and history for input()

        with contextlib.suppress(OSError):
            readline.read_history_file(HISTORY_FILE)
    except ImportError:  # pragma: no cover - Windows without readline
        readline = None  # type: ignore[assignment]
    out = Console(highlight=False)
    # The store's worker thread starts with SIGINT blocked, so the kernel hands Ctrl-C to this
    # (main) thread, where input() is waiting, and not to a thread that cannot act on it.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        question_log = QuestionLog.open(database_path) if database_path is not None else None
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    session = ShellSession(engine, out, question_log)
    # Ctrl-C must reach input() as KeyboardInterrupt even when the console was started with
    # SIGINT ignored (as a background job or from some launchers), where Python leaves it ignored.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    out.print(Text("UN Convention against Cybercrime FAQ — local console.", style="bold"))
    out.print(Text("Ask a question; :help lists the commands, :quit or Ctrl-D leaves.\n"))
    try:
        while True:
            try:
                line = read(session.prompt)
            except KeyboardInterrupt:
                print()  # like a shell: drop the line being typed, keep going
                continue
            except EOFError:
                print()
                break
            if not session.handle(line):
                break
    finally:
        signal.signal(signal.SIGINT, previous)
        if question_log is not None:
            question_log.close()
        if readline is not None:
            with contextlib.suppress(OSError):
                readline.write_history_file(HISTORY_FILE)
