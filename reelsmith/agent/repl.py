"""`reelsmith chat`: the terminal conversation.

prompt_toolkit reads (history, completion of file paths, a paste of several
paths at once); everything else goes through the Agent and its IO. Slash
commands are a small registry, and a word starting with "/" that is neither a
command nor a pasted path is refused, never sent to the editor. Ctrl-C at the
prompt clears the line, during a wait it stops the waiting (the work goes on);
Ctrl-D or /quit leaves.

Each chat notes its session in `chat-sessions.json` (state dir): when it was
last used, its last timeline summary and its last video, for /sessions and
/open. The backend has no list of sessions to ask.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _sessions(agent: Agent, arg: str) -> bool:
    seen = recent_sessions()
    if not seen:
        agent.io.say("No chat sessions yet.")
        return True
    now = time.time()
    lines = ["Recent sessions (resume one with reelsmith chat --session ID):"]
    for e in seen[:10]:
        here = "  (this chat)" if e["id"] == agent.session.id else ""
        where = "" if e.get("backend") == agent.client.aio.backend.key else f"  [{e.get('backend', '?')}]"
        head = f"  {e['id']}  {ago(now - float(e['used'])):>9}  "
        room = max(20, agent.io.console.width - len(head) - len(here) - len(where) - 1)  # one row each
        summary = " ".join(str(e.get("summary") or "(nothing made yet)").split())
        summary = summary if len(summary) <= room else summary[: room - 1] + "…"
        lines.append(f"{head}{summary}{here}{where}")
    agent.io.say("\n".join(lines))
    return True


def _open(agent: Agent, arg: str) -> bool:
    video = agent.last_export.path if agent.last_export else None
    if video is None:
        known = next((e.get("video") for e in recent_sessions() if e["id"] == agent.session.id), None)
        video = Path(known) if known else None
    if video is None or not video.is_file():
        agent.io.say('No video yet: say "export" first.' if video is None else f"{video} is gone; export again.")
        return True
    agent.io.say(open_file(video))
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
        Command("/sessions", "recent sessions on this machine", _sessions),
        Command("/open", "open the last video with the system viewer", _open),
        Command("/quit", "leave (the session is kept)", _quit),
    )
}


class PathWords(Completer):
    """Complete the path under the cursor, and quote it when it has a space: the next Tab, and the
    router, then see one path rather than several words. A folder keeps its quote open, so Tab goes on
    into it; a file closes it."""

    def __init__(self) -> None:
        self.paths = PathCompleter(expanduser=True)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        before = document.text_before_cursor
        word, span, quoted = path_at_cursor(before)
        if not quoted:  # "/home/me/my ph": the path may start words earlier, spaces unescaped
            for start in (m.end() for m in re.finditer(r"(?:^|\s)(?=[/~])", before)):
                longer = before[start:]
                if len(longer) > span and os.path.isdir(os.path.dirname(os.path.expanduser(longer))):
                    word, span = longer, len(longer)
                    break
        if not word or not (word.startswith(("/", "~", ".")) or "/" in word):
            return
        for c in self.paths.get_completions(Document(word, len(word)), complete_event):
            full = word + c.text
            folder = os.path.isdir(os.path.expanduser(full))
            if not quoted and not any(ch in full for ch in " '\"\\"):
                yield Completion(c.text + "/" * folder, 0, display=c.display)
                continue
            q = '"' if "'" in full else "'"
            yield Completion(q + full + ("/" if folder else q), -span, display=c.display)


def path_at_cursor(before: str) -> tuple[str, int, bool]:
    """The path being typed at the end of `before`: its text (quotes and escapes removed), how many
    characters it spans, and whether it is inside an open quote."""
    start, quote, i = 0, "", 0
    while i < len(before):
        ch = before[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote, start = ch, i
        elif ch == "\\":
            i += 1  # an escaped character (a space, as shells write it) stays in the word
        elif ch.isspace():
            start = i + 1
        i += 1
    token = before[start:]
    if quote:
        return token[1:], len(token), True
    return re.sub(r"\\(.)", r"\1", token), len(token), False


def unknown_command(name: str) -> str:
    near = difflib.get_close_matches(name, list(COMMANDS), n=1)
    return f"unknown command {name}; " + (f"did you mean {near[0]}?" if near else "/help lists the commands")


def open_file(path: Path) -> str:
    """Show a file with the system viewer, started from a fixed argv (never a shell) and left running."""
    if sys.platform == "win32":
        try:
            os.startfile(path)  # the Windows shell's own "open"
        except OSError as e:
            return f"Cannot open {path} ({e.strerror or e})."
        return f"Opening {path}."
    name = "open" if sys.platform == "darwin" else "xdg-open"
    exe = shutil.which(name)
    if exe is None:
        return f"Cannot open it here: {name} is not installed. The video is {path}."
    try:
        proc = subprocess.Popen(
            [exe, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in the chat is not for the viewer
        )
    except OSError as e:
        return f"Cannot open {path} with {name} ({e.strerror or e})."
    threading.Thread(target=proc.wait, daemon=True).start()  # reaped when it exits, however long it runs
    return f"Opening {path}."


def ago(seconds: float) -> str:
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


KEPT = 50  # sessions remembered; /sessions shows the 10 most recent


def sessions_file() -> Path:
    from reelsmith.skill.credentials import state_dir

    return state_dir() / "chat-sessions.json"


def recent_sessions() -> list[dict[str, Any]]:
    """The chat sessions noted on this machine, most recent first; a missing or damaged file is none."""
    try:
        data = json.loads(sessions_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    rows = [e for e in data if _row_ok(e)] if isinstance(data, list) else []
    return sorted(rows, key=lambda e: float(e["used"]), reverse=True)


def _row_ok(e: Any) -> bool:
    return (
        isinstance(e, dict)
        and isinstance(e.get("id"), str)
        and isinstance(e.get("used"), int | float)
        and isinstance(e.get("summary", ""), str)
        and isinstance(e.get("video"), str | None)
    )


def note_session(agent: Agent) -> None:
    """Record this chat's session as just used; best effort, as the history is (a read-only home works)."""
    rows = recent_sessions()
    old = next((e for e in rows if e["id"] == agent.session.id), {})
    video = str(agent.last_export.path) if agent.last_export else old.get("video")
    entry = {
        "id": agent.session.id,
        "backend": agent.client.aio.backend.key,
        "used": time.time(),
        "summary": agent.summary or old.get("summary", ""),
        "video": video,
    }
    rows = [entry, *(e for e in rows if e["id"] != agent.session.id)][:KEPT]
    path = sessions_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)  # whole or not at all: two chats at once never leave half a file
    except OSError:
        pass


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
    note_session(agent)
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
            note_session(agent)  # /export made a video /open should find after a resume
            continue
        if name.startswith("/") and route(text).kind != "upload":  # a slash command, not a pasted path
            if "/" in name[1:] or "\n" in text:  # a path that is not there, not a command
                agent.io.error(f"{text.splitlines()[0]}: no such file or folder; check the path")
            else:
                agent.io.error(unknown_command(name))
            continue
        agent.handle(text)
        note_session(agent)
    agent.io.info(f"Bye. Your session is kept: reelsmith chat --session {agent.session.id}")
