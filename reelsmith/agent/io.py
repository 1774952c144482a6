"""All of the agent's output goes through one object, so tests can drive it and read it back.

`IO` prints with rich: replies, notices, errors, spinners and progress bars.
Tests give it a rich Console that writes to a string.

A spinner or bar (a rich Live) redraws its own lines in place, and a line printed while it is live
must end with a newline, or the next redraw erases it. So while one is live, streamed text is held
back until its line is complete, and the Live prints each whole line above itself and keeps it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

ProgressFn = Callable[[int, int], None]
LINES_AFTER = 2.0  # seconds of work before progress is said in lines off a terminal


class IO:
    def __init__(self, console: Console | None = None, *, json_mode: bool = False) -> None:
        self.console = console or Console(stderr=True)
        self.json_mode = json_mode  # scripts get one JSON object on stdout; humans get the rest on stderr
        self._streaming = False
        self._live = 0  # spinners and bars on screen now (nested: a bar inside a status)
        self._line = ""  # streamed text held back while live: the unfinished line

    # --- words ----------------------------------------------------------
    def say(self, text: str) -> None:
        """A reply to the person."""
        self.end_stream()
        if text.strip():
            self.console.print(text, highlight=False, markup=False, soft_wrap=True)

    def stream(self, delta: str) -> None:
        """Part of a reply as it arrives: at once, or line by line while a spinner or bar is live."""
        self._streaming = True
        text = self._line + delta
        if self._live:
            done, nl, self._line = text.rpartition("\n")
            if nl:
                self._print(done)  # whole lines: the Live puts them above itself for good
            return
        self._line = ""
        self._print(text, end="")

    def end_stream(self) -> None:
        if self._streaming:
            self._print(self._line)  # the last line, ended: nothing live can draw over it now
            self._line = ""
            self._streaming = False

    def _print(self, text: str, end: str = "\n") -> None:
        self.console.print(text, end=end, highlight=False, markup=False, soft_wrap=True)

    def info(self, text: str) -> None:
        self.end_stream()
        self.console.print(f"[dim]{text}[/]", highlight=False, soft_wrap=True)

    def ok(self, text: str) -> None:
        self.end_stream()
        self.console.print(f"[green]{text}[/]", highlight=False, soft_wrap=True)

    def error(self, text: str) -> None:
        self.end_stream()
        self.console.print(f"[red]error:[/] {text}", highlight=False, soft_wrap=True)

    def result(self, data: dict[str, Any]) -> None:
        """The machine-readable result of a one-shot command (stdout, one line)."""
        print(json.dumps(data, ensure_ascii=False, default=str), flush=True)

    # --- waiting --------------------------------------------------------
    @contextmanager
    def _held(self) -> Iterator[None]:
        self._live += 1
        try:
            yield
        finally:
            self._live -= 1

    @contextmanager
    def status(self, text: str) -> Iterator[None]:
        self.end_stream()
        with self.console.status(text), self._held():
            yield

    @contextmanager
    def progress(self, label: str) -> Iterator[ProgressFn]:
        """A transient bar; the callback takes (done, total). Off a terminal (a log, a pipe, a host agent
        reading stderr) a bar cannot redraw in place, so a line says each tenth done instead, once the work
        has taken LINES_AFTER seconds (as git does): a quick step, or one that fails at once, leaves the
        log to its result or its one-line error."""
        self.end_stream()
        if not self.console.is_terminal:
            yield self._lines(label)
            return
        bar = Progress(
            TextColumn(f"[bold]{label}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        with bar, self._held():
            task = bar.add_task(label, total=1)
            yield lambda done, total: bar.update(task, completed=done, total=total or 1)

    def _lines(self, label: str) -> ProgressFn:
        shown, start = [0], time.monotonic()

        def update(done: int, total: int) -> None:
            tenth = min(10, 10 * done // total) if total > 0 else 0
            if tenth > shown[0] and time.monotonic() - start >= LINES_AFTER:
                shown[0] = tenth
                self._print(f"{label}: {10 * tenth}%")

        return update
