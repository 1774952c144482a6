"""`reelsmith chat` in a pseudo-terminal, as a person uses it: paths typed in, a request,
a refinement, Ctrl-C while a render waits, the render picked up, /quit."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from reelsmith.engine.media.probe import probe
from reelsmith.skill.credentials import State

from .api import Api
from .media import photo

pytestmark = pytest.mark.slow  # the chat in a pseudo-terminal, with a render

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r")


def _own_terminal() -> None:
    """Make the pty the child's controlling terminal, so Ctrl-C there is a real SIGINT, and let SIGINT
    through as a person's shell does for the command it runs (a suite started in the background by a
    script inherits SIGINT ignored, and an ignored signal stays ignored across exec)."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    def __init__(self, *argv: str, cwd: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reelsmith", *argv],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            close_fds=True,
            preexec_fn=_own_terminal,
        )
        os.close(slave)
        self.seen = ""  # everything shown so far, escape codes removed
        self.pos = 0

    def expect(self, pattern: str, timeout: float = 120) -> str:
        """Read until the pattern appears after what was already matched (a real wait, not a sleep)."""
        deadline = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.seen[self.pos :])
            if m:
                self.pos += m.end()
                return m.group(0)
            left = deadline - time.monotonic()
            assert left > 0, f"timed out waiting for {pattern!r}; screen so far:\n{self.seen[-2000:]}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                assert chunk or self.proc.poll() is None, f"chat exited; screen:\n{self.seen[-2000:]}"
                self.seen += ANSI.sub("", chunk.decode("utf-8", "replace"))

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=30)
        finally:
            os.close(self.master)


def test_chat_quick_edit_refine_interrupt_and_resume(tmp_path: Path, engine_factory, monkeypatch) -> None:
    # An engine with one render worker, held by another user's long render: the chat's export is
    # surely still waiting when Ctrl-C lands, however loaded the machine is.
    srv = engine_factory(workers=1)
    monkeypatch.setenv("REELSMITH_ENGINE_URL", srv.url)
    other = Api(srv.url, client_id="someone-else")
    sid = other.session()
    other.upload(sid, photo(tmp_path / "other.jpg", seed=7))
    other.say(sid, "a 60 second slideshow")
    other.render(sid, "render_blocker", quality="best")
    other.wait("render_blocker", until=("processing",))

    a, b = photo(tmp_path / "beach one.jpg"), photo(tmp_path / "b.jpg", seed=1)
    t = Terminal("chat", "--quality", "standard", "--out-dir", str(tmp_path), cwd=tmp_path)
    try:
        t.expect("Connected and ready")
        t.send(f"'{a}' {b}\r")  # as a file manager drops them: quoted, space-separated
        t.expect(r"Uploaded 2 files: beach one\.jpg, b\.jpg\.")
        t.send("turn my photos into a slideshow video with music and transitions\r")
        t.expect(r"Timeline \(2 tracks\)")
        t.send("make it 20 seconds\r")
        t.expect(r"length [\d.]+s → 20s")
        t.send("/expor\r")  # a typo in a command is not an edit request
        t.expect(r"unknown command /expor; did you mean /export\?")
        t.send("status\r")
        t.expect(r"Timeline \(2 tracks\): 1\. Video: 2 clips/photos — beach one, b \(0-20s\)")
        t.send("export\r")
        t.expect(r"Rendering [━╺╸ ]+ +\d+%")
        t.expect("The render is under way")  # said once the job is in the state file, queued behind the other
        assert State().jobs(f"local:{srv.url}")
        t.send("\x03")  # Ctrl-C while the render waits: stop waiting, lose nothing
        t.expect("Stopped waiting")
        other.post("/api/render/proxy/lambda/render_blocker/cancel")  # the worker is free again
        t.send("/export\r")  # picks the same render up rather than starting another
        t.expect("Finishing")
        saved = t.expect(r"Saved \S+\.mp4")
        t.send("/quit\r")
        t.expect("Your session is kept")
        assert t.close() == 0
    finally:
        if t.proc.poll() is None:
            t.proc.kill()
    out = Path(saved.split(" ", 1)[1])
    info = probe(out)
    assert info.duration == 20.0 or abs(info.duration - 20.0) < 0.1
    assert "Setting things up" in t.seen
    assert "rsk_" not in t.seen and '{"' not in t.seen  # no token, no raw JSON
