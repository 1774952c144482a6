"""`reelsmith chat`: the terminal conversation.

prompt_toolkit reads (history, completion of file paths, a paste of several
paths at once); everything else goes through the Agent and its IO. Slash
commands are a small registry; anything else is a message. Ctrl-C at the
prompt clears the line, during a wait it stops the waiting (the work goes on);
Ctrl-D or /quit leaves.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from reelsmith.agent.core import Agent
from reelsmith.agent.router import route


@dataclass
class Command:
    name: str
    help: str
    run: Callable[[Agent, str], bool]  # returns False to leave


def _quit(agent: Agent, arg: str) -> bool:
    return False


def _message(text: str) -> Callable[[Agent, str], bool]:
    """A command that is a message the router answers directly ("/export draft" is "export draft")."""

    def run(agent: Agent, arg: str) -> bool:
        agent.handle(f"{text} {arg}".strip())
        return True

    return run


def _help(agent: Agent, arg: str) -> bool:
    lines = [f"  {c.name:<10} {c.help}" for c in COMMANDS.values()]
    agent.io.say(
        'Drop or type file paths to upload them, then say what you want, e.g. "turn these into a '
        '30-second promo with music". Say "export" for the MP4.\n' + "\n".join(lines)
    )
    return True


def _session(agent: Agent, arg: str) -> bool:
    agent.io.say(f"Session {agent.session.id}")
    return True


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("/help", "this list", _help),
        Command("/status", "the timeline summary", _message("status")),
        Command("/export", "render and download the MP4 (/export draft for a quick one)", _message("export")),
        Command("/credits", "the credit balance", _message("credits")),
        Command("/undo", "undo the last edit", _message("undo")),
        Command("/session", "this session's id (resume with --session)", _session),
        Command("/quit", "leave (the session is kept)", _quit),
    )
}


class PathWords(Completer):
    """Complete the word under the cursor as a path when it looks like one."""

    def __init__(self) -> None:
        self.paths = PathCompleter(expanduser=True)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        word = document.get_word_before_cursor(WORD=True)
        if not word or not (word.startswith(("/", "~", ".")) or "/" in word):
            return
        yield from self.paths.get_completions(Document(word, len(word)), complete_event)


def unknown_command(name: str) -> str:
    near = difflib.get_close_matches(name, list(COMMANDS), n=1)
    hint = f"did you mean {near[0]}? " if near else ""
    return f"{name}: not a command; {hint}/help lists them"


def history_file() -> History:
    from reelsmith.skill.credentials import state_dir

    try:
        d = state_dir()
        d.mkdir(parents=True, exist_ok=True)
        return FileHistory(str(Path(d) / "chat-history"))
    except OSError:
        return InMemoryHistory()


def run(agent: Agent, read: Callable[[], str] | None = None) -> None:
    """The loop. `read` is for tests; by default a prompt_toolkit prompt."""
    if read is None:
        prompt: PromptSession[str] = PromptSession(
            history=history_file(), completer=PathWords(), complete_while_typing=False
        )
        read = lambda: prompt.prompt("› ")  # noqa: E731
    agent.io.ok(
        "Connected and ready. Drop photos, clips, a logo or a song here, then say what video you want "
        "(/help for commands)."
    )
    while True:
        try:
            text = read().strip()
        except KeyboardInterrupt:
            continue  # a fresh prompt, as shells do
        except EOFError:
            break
        if not text:
            continue
        name, _, arg = text.partition(" ")
        if name in COMMANDS:
            if not COMMANDS[name].run(agent, arg):
                break
            continue
        if name.startswith("/") and route(text).kind != "upload":  # a slash command, not a pasted path
            agent.io.error(unknown_command(name))
            continue
        agent.handle(text)
    agent.io.info(f"Bye. Your session is kept: reelsmith chat --session {agent.session.id}")
