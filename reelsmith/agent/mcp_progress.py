"""Progress for an MCP tool call: one rising 0-100 scale across the call's phases (MCP requires it to rise)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from mcp.server.mcpserver import Context

log = logging.getLogger("reelsmith.mcp")


class Meter:
    """A tool call's progress notifications. The call's phases (upload, edit, render, download)
    each get a span of one 0-100 scale, and a value not above the last one sent is dropped:
    MCP requires every notification's progress to be greater than the one before. Callbacks
    are sync (the client calls them while it works); the notifications go out in order."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.loop = asyncio.get_running_loop()
        self.last = -1.0
        self.tail: asyncio.Task[None] | None = None

    def span(self, lo: float, hi: float, label: str) -> Callable[[float, float], None]:
        """`(done, total)` mapped onto lo..hi, in tenths."""

        def report(done: float, total: float) -> None:
            frac = min(max(done / total, 0.0), 1.0) if total else 0.0
            self.send(round(lo + (hi - lo) * frac, 1), 100, label)

        return report

    def steps(self, lo: float, hi: float) -> Callable[[str], None]:
        """Steps of unknown number (an edit's tool calls and heartbeats): ever closer to `hi`,
        never reaching it, with no total (the host shows work going on, not a fraction)."""
        n = 0

        def step(label: str) -> None:
            nonlocal n
            n += 1
            self.send(round(lo + (hi - lo) * n / (n + 4), 3), None, label)

        return step

    def send(self, value: float, total: float | None, label: str) -> None:
        try:
            here = asyncio.get_running_loop() is self.loop
        except RuntimeError:
            here = False
        if here:
            self._queue(value, total, label)
        else:  # a callback from a worker thread
            self.loop.call_soon_threadsafe(self._queue, value, total, label)

    def _queue(self, value: float, total: float | None, label: str) -> None:
        if value <= self.last:
            return
        self.last = value
        self.tail = self.loop.create_task(self._emit(self.tail, value, total, label))

    async def _emit(self, before: asyncio.Task[None] | None, value: float, total: float | None, label: str) -> None:
        if before is not None:
            await before  # in the order they were made
        try:
            await self.ctx.report_progress(value, total, label)
        except Exception:  # a host gone away: the call itself will say so
            log.debug("progress notification not sent", exc_info=True)

    async def flush(self) -> None:
        if self.tail is not None:
            await self.tail


@asynccontextmanager
async def progress(ctx: Context) -> AsyncIterator[Meter]:
    """A meter for the call; 100 of 100 when it succeeds, and nothing sent after it returns."""
    meter = Meter(ctx)
    try:
        yield meter
        meter.send(100, 100, "done")
    finally:
        await meter.flush()


# --- errors: one line each, whatever failed -------------------------------------------------------
