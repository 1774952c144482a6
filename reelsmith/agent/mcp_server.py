"""`reelsmith mcp`: reelsmith as an MCP server over stdio, for Claude Desktop, Claude Code,
Cursor or any MCP client.

Tools: upload_files, edit_video, timeline_state, export_video, check_credits and
make_video (the one-shot). Each connection has its own session, made on first
use; every answer carries its session_id, and passing one back resumes that
session (also across connections). Edits and renders send progress
notifications; failures come back as tool errors the model can read. Nothing
but the protocol goes to stdout: logs go to stderr.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp.server import MCPServer
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError

from reelsmith._version import __version__
from reelsmith.agent.inputs import InputError, expand_inputs
from reelsmith.protocol.facts import Quality
from reelsmith.skill import AsyncClient, AsyncSession, Backend, SkillError, variants
from reelsmith.skill.export import check_output

log = logging.getLogger("reelsmith.mcp")


@dataclass
class Connection:
    """What one MCP connection shares: the backend client and its current session."""

    open_backend: Callable[[], Backend]  # from the composition root: the agent never starts an engine
    skill: str | None = None
    client: AsyncClient | None = None
    current: AsyncSession | None = None
    sessions: dict[str, AsyncSession] = field(default_factory=dict)

    async def connect(self) -> AsyncClient:
        if self.client is None:
            variant = variants.load(self.skill) if self.skill else None  # before an engine is started
            backend = self.open_backend()
            try:
                self.client = AsyncClient(backend, variant)
            except BaseException:
                backend.close()
                raise
        await self.client.connect()  # a no-op once it has a token; a failed one is tried again next call
        return self.client

    async def session(self, session_id: str | None, new: bool = False) -> AsyncSession:
        c = await self.connect()
        if session_id:
            if session_id not in self.sessions:
                self.sessions[session_id] = await c.session(session_id)
            self.current = self.sessions[session_id]
        elif new or self.current is None:
            self.current = await c.new_session()
            self.sessions[self.current.id] = self.current
        return self.current

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()


class _Progress:
    """Sync progress callbacks from the client turned into MCP progress notifications."""

    def __init__(self, ctx: Context, label: str) -> None:
        self.ctx, self.label = ctx, label
        self.tasks: list[asyncio.Task[None]] = []
        self.last = -1

    def __call__(self, done: float, total: float) -> None:
        pct = int(100 * done / total) if total else 0
        if pct != self.last:  # one notification per percent at most
            self.last = pct
            self.tasks.append(asyncio.get_running_loop().create_task(self.ctx.report_progress(pct, 100, self.label)))

    async def flush(self) -> None:
        await asyncio.gather(*self.tasks, return_exceptions=True)


def _tool_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A backend or input failure becomes a tool error with the one-line message and its fix."""
    import functools

    @functools.wraps(fn)
    async def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return await fn(*args, **kwargs)
        except (SkillError, InputError) as e:
            raise ToolError(str(e)) from None

    return run


def build_server(open_backend: Callable[[], Backend], skill: str | None = None) -> MCPServer:
    conn = Connection(open_backend, skill)

    @asynccontextmanager
    async def lifespan(server: MCPServer) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await conn.close()

    mcp = MCPServer(
        "reelsmith",
        version=__version__,
        lifespan=lifespan,
        instructions=(
            "Makes MP4 videos from photos, clips, a logo and a song. Upload files, describe the video with "
            "edit_video (plain words; quoted text goes on screen as written), refine it with more edit_video "
            "calls, and export_video when the user wants the file. make_video does it all in one call."
        ),
    )

    async def _edit(s: AsyncSession, request: str, ctx: Context) -> dict[str, Any]:
        done: dict[str, Any] = {}
        step = 0
        async for ev in s.say(request):
            if ev.kind in ("tool_call", "heartbeat", "still_working"):
                step += 1
                await ctx.report_progress(step, None, ev.name or "editing")
            elif ev.kind == "done":
                done = {
                    "reply": ev.text,
                    "changes": ev.data.get("changes", []),
                    "summary": ev.data.get("summary", ""),
                    "version": ev.data.get("version"),
                }
        return {"session_id": s.id, **done}

    def _check(output: str | Path, overwrite: bool) -> Path:
        return check_output(output, overwrite, "pass overwrite=true to replace it, or choose another output path")

    async def _export(
        s: AsyncSession, output: str | None, quality: str, overwrite: bool, ctx: Context
    ) -> dict[str, Any]:
        st = await s.state()
        out = _check(output or Path.cwd() / f"reelsmith-{s.id[:8]}-v{st.version or 0}.mp4", overwrite)
        bar = _Progress(ctx, "rendering")
        res = await s.export(out, quality, None, lambda status, pct: bar(pct, 100))
        await bar.flush()
        return {"session_id": s.id, **res.facts()}

    @mcp.tool()
    @_tool_errors
    async def upload_files(paths: list[str], ctx: Context, session_id: str | None = None) -> dict[str, Any]:
        """Upload photos, clips, a logo or a song: file paths, folders (their media in name order) or
        http(s) URLs. Starts a session if there is none; pass session_id to add to an earlier one."""
        s = await conn.session(session_id)
        bar = _Progress(ctx, "uploading")
        files = await s.upload(expand_inputs(paths), bar)
        await bar.flush()
        return {"session_id": s.id, "uploaded": [{"name": f.filename, "type": f.file_type} for f in files]}

    @mcp.tool()
    @_tool_errors
    async def edit_video(request: str, ctx: Context, session_id: str | None = None) -> dict[str, Any]:
        """Make or change the video with one plain-language request, e.g. "turn these images into a
        30-second promo with music and text overlays", "make it vertical", "title says 'Summer Sale'",
        "slower", "undo". Answers with what changed and the timeline summary."""
        return await _edit(await conn.session(session_id), request, ctx)

    @mcp.tool()
    @_tool_errors
    async def timeline_state(session_id: str | None = None) -> dict[str, Any]:
        """The current timeline: a one-line summary, its version, and whether it can be exported."""
        s = await conn.session(session_id)
        st = await s.state()
        return {"session_id": s.id, "summary": st.summary, "version": st.version, "ready": st.ready}

    @mcp.tool()
    @_tool_errors
    async def export_video(
        ctx: Context,
        output: str | None = None,
        quality: Quality = "high",
        session_id: str | None = None,
        overwrite: bool = False,
    ) -> dict[str, Any]:
        """Render the timeline to MP4 and save it at `output` (default: the working directory).
        An existing file there is refused unless `overwrite` is true. Reports render progress."""
        if output:
            _check(output, overwrite)  # before the session is even looked up
        return await _export(await conn.session(session_id), output, quality, overwrite, ctx)

    @mcp.tool()
    @_tool_errors
    async def check_credits() -> dict[str, Any]:
        """The credit balance (unlimited on the local engine)."""
        c = await (await conn.connect()).credits()
        return {"available": c.available, "frozen": c.frozen, "unlimited": c.available is None}

    @mcp.tool()
    @_tool_errors
    async def make_video(
        inputs: list[str], request: str, output: str, ctx: Context, quality: Quality = "high", overwrite: bool = False
    ) -> dict[str, Any]:
        """One call from media to MP4: upload `inputs` (files, folders, URLs) to a new session, apply
        `request`, render to `output` (an existing file is refused unless `overwrite` is true).
        Reports progress while editing and rendering."""
        _check(output, overwrite)  # before any upload, edit or render
        s = await conn.session(None, new=True)
        await s.upload(expand_inputs(inputs))
        edited = await _edit(s, request, ctx)
        return {
            **await _export(s, output, quality, overwrite, ctx),
            "summary": edited.get("summary", ""),
            "reply": edited.get("reply", ""),
        }

    return mcp


def serve(open_backend: Callable[[], Backend], skill: str | None = None) -> None:
    # stdout carries the protocol: every log line goes to stderr
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, force=True)
    build_server(open_backend, skill).run("stdio")
