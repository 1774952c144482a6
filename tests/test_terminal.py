"""`reelsmith chat` on a real terminal screen: the chat runs in a pty, its output goes through pyte
(a VT100 emulator), and the checks read the *screen*, where a spinner redrawn over a line erases it,
not the byte stream, where every line is still present."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import socket
import stat
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyte
import pytest

from reelsmith.engine.storage.store import Store
from reelsmith.skill import Client, backends

from .media import photo

COLS, ROWS = 120, 100  # tall enough that nothing scrolls away


def own_env() -> dict[str, str]:
    """This environment, less the size pytest or xdist may have set: the chat learns it from its pty."""
    return {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}


def prompts_shown(rows: list[str]) -> int:
    """How many prompts the screen's rows show, or 0 while the last is not drawn yet. Read from the rows,
    not from `Screen.text`: a line exactly as wide as the screen looks wrapped there, and would join the
    prompt under it to its end (a 120-character "Saved …" line did, when the temporary folder's name
    made it so long)."""
    shown = [r.rstrip() for r in rows if r.strip()]
    if not shown or not shown[-1].endswith("›"):
        return 0
    return sum(r.startswith("›") for r in shown)


def test_a_prompt_under_a_full_width_line_is_counted() -> None:
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    stream.feed("› export\r\n".encode() + b"S" * COLS + "\r\n› ".encode())
    assert prompts_shown(screen.display) == 2


class Screen:
    """A child process on a pty of COLS x ROWS, drawn on a pyte screen."""

    def __init__(self, *argv: str, cwd: Path, env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reelsmith", *argv],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env={**own_env(), **env, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"},
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    def text(self) -> str:
        """The screen, a line wrapped at its right edge joined back to its rest."""
        out = ""
        for row in self.screen.display:
            out += row if len(row.rstrip()) == COLS else row.rstrip() + "\n"
        return out

    def wait(self, ready: Callable[[str], bool], what: str, timeout: float = 60) -> str:
        """Feed the screen until `ready(screen text)` holds; a deadline, never a sleep."""
        deadline = time.monotonic() + timeout
        while not ready(self.text()):
            left = deadline - time.monotonic()
            assert left > 0, f"timed out waiting for {what}; screen:\n{self.text()}"
            if select.select([self.master], [], [], left)[0]:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                assert chunk, f"chat exited while waiting for {what}; screen:\n{self.text()}"
                self.stream.feed(chunk)
        return self.text()

    def prompts(self, n: int, timeout: float = 60) -> str:
        """Wait for the n-th prompt: the reply to the message before it is complete (and its spinner gone)."""
        return self.wait(lambda _: prompts_shown(self.screen.display) >= n, f"prompt {n}", timeout)

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> None:
        """Wait for the chat to leave (after /quit), at most 30 s; once only (the fd number is reused)."""
        if self.master < 0:
            return
        try:
            self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            os.close(self.master)
            self.master = -1


@pytest.fixture
def chat(tmp_path: Path, engine) -> Iterator[Callable[..., Screen]]:
    """Start `reelsmith chat` against the test's engine (no in-process start: seconds saved)."""
    started: list[Screen] = []

    def start(*argv: str, **env: str) -> Screen:
        s = Screen(
            "chat",
            "--out-dir",
            str(tmp_path),
            *argv,
            cwd=tmp_path,
            env={"REELSMITH_ENGINE_URL": engine.url, **env},
        )
        started.append(s)
        return s

    yield start
    for s in started:
        if s.master >= 0 and s.proc.poll() is None:
            s.send("/quit\r")
        s.close()


def squash(text: str) -> str:
    """Text with all whitespace gone: a reply wrapped at the screen's edge still matches itself."""
    return re.sub(r"\s+", "", text)


def replies(engine_url: str, files: list[Path], messages: list[str]) -> list[str]:
    """What the editor answers these messages, read from the same engine in a session of its own:
    the lines the person must see, whatever their exact wording."""
    with Client(backends.local(url=engine_url)) as c:
        s = c.new_session()
        s.upload(files)
        return [next(ev.text for ev in s.say(m) if ev.kind == "done") for m in messages]


def test_replies_stay_on_screen_while_the_spinner_runs(chat, engine, tmp_path: Path) -> None:
    files = [photo(tmp_path / "beach one.jpg"), photo(tmp_path / "b.jpg", seed=1)]
    messages = ["a 6 second slideshow", "make it look better", "add a voice-over"]
    t = chat()
    t.prompts(1)
    t.send(f"'{files[0]}' {files[1]}\r")
    t.prompts(2)
    for n, m in enumerate(messages, 3):
        t.send(m + "\r")
        screen = t.prompts(n)  # the reply is complete and its spinner gone
    said = replies(engine.url, files, messages)
    # the cases that vanished: a multi-line summary, a refusal with its examples, an unsupported ask
    assert "Timeline (2 tracks)" in said[0] and "I didn't understand" in said[1] and "voice-over" in said[2]
    for reply in said:
        for line in reply.splitlines():
            assert squash(line) in squash(screen), f"{line!r} is not on the screen:\n{screen}"
    assert "Editing…" not in screen  # the spinner went with its wait


def _fake_opener(folder: Path, sock: Path) -> Path:
    """A real program named like the system viewer, which sends its arguments to the test's socket."""
    folder.mkdir(exist_ok=True)
    exe = folder / ("open" if sys.platform == "darwin" else "xdg-open")
    exe.write_text(
        f"#!{sys.executable}\nimport socket, sys\n"
        f"s = socket.socket(socket.AF_UNIX)\ns.connect({str(sock)!r})\n"
        "s.sendall('\\n'.join(sys.argv[1:]).encode())\ns.close()\n"
    )
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def _opened(server: socket.socket, timeout: float = 10) -> str:
    """What the viewer was given: the test waits on the viewer's own connection, within a deadline."""
    server.settimeout(timeout)
    conn, _ = server.accept()
    with conn:
        conn.settimeout(timeout)
        return b"".join(iter(lambda: conn.recv(4096), b"")).decode()


def test_open_and_sessions(chat, tmp_path: Path) -> None:
    bin_dir, sock = tmp_path / "bin", tmp_path / "viewer.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    server.listen(1)
    opener = _fake_opener(bin_dir, sock)
    first = chat("--quality", "preview", PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    first.prompts(1)
    first.send("/open\r")
    first.prompts(2)
    first.send(f"{photo(tmp_path / 'a.jpg')}\r")
    first.prompts(3)
    first.send("a 2 second slideshow\r")
    first.prompts(4)
    first.send("export\r")
    saved = re.search(r"Saved (\S+\.mp4)", first.prompts(5))
    assert saved is not None
    first.send("/open\r")
    assert _opened(server).splitlines() == [saved[1]]  # one argument, the file: no shell, no options
    server.close()
    first.prompts(6)
    opener.unlink()  # the viewer is gone: said in one line
    first.send("/open\r")
    first.prompts(7)
    first.send("/session\r")
    screen = first.prompts(8)
    assert 'No video yet: say "export" first.' in screen
    assert f"Opening {saved[1]}." in screen
    assert f"Cannot open it here: {opener.name} is not installed. The video is {saved[1]}." in screen
    first_id = re.findall(r"^Session (\S+)", screen, re.M)[-1]
    first.send("/quit\r")
    first.close()

    second = chat()
    second.prompts(1)
    second.send("/session\r")
    second.send("/sessions\r")
    screen = second.prompts(3)
    second_id = re.findall(r"^Session (\S+)", screen, re.M)[-1]
    rows = {m[1]: m[2] for m in re.finditer(r"^  (\S+) +just now +(.*)$", screen, re.M)}
    assert list(rows) == [second_id, first_id]  # most recent first
    assert rows[second_id] == "(nothing made yet)  (this chat)"
    assert rows[first_id].startswith("Timeline (") and "a (0-2s)" in rows[first_id]


COMMANDS = [
    # (typed, the one line that answers it)
    ("/hepl", "unknown command /hepl; did you mean /help?"),
    ("/sesions", "unknown command /sesions; did you mean /sessions?"),
    ("/foo", "unknown command /foo; /help lists the commands"),
    ("/no/such/photo.jpg", "/no/such/photo.jpg: no such file or folder; check the path"),
]


def test_slash_commands_are_checked(chat, engine) -> None:
    t = chat()
    t.prompts(1)
    for n, (typed, _) in enumerate(COMMANDS, 2):
        t.send(typed + "\r")
        t.prompts(n)
    t.send("/session\r")
    screen = t.prompts(len(COMMANDS) + 2)
    for _, answer in COMMANDS:
        assert f"error: {answer}" in screen
    (sid,) = re.findall(r"^Session (\S+)", screen, re.M)
    store = Store(engine.settings.data_dir / "engine.sqlite3")
    try:
        assert store.messages(sid) == []  # none of them reached the editor
    finally:
        store.close()
