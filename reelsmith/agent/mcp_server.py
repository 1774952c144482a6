"""`reelsmith mcp`: reelsmith as an MCP server over stdio, for Claude Desktop, Claude Code,
Cursor or any MCP client.

Tools: upload_files, edit_video, timeline_state, export_video, check_credits and
make_video (the one-shot). Each connection has its own session, made on first use
by a tool that changes something (a read never makes one); every answer carries its
session_id, and passing one back resumes that session (also across connections).
Every tool describes its parameters, publishes an output schema and answers with
structured content. A relative path resolves against the first folder (file://
root) the host shares, or is refused: the server's own working folder is nothing a
desktop host shows. Uploads, edits and renders send progress notifications on one
rising 0-100 scale per call. Every failure comes back as a tool error with a one-line
message the model can read (never a traceback). Nothing but the protocol goes to
stdout: logs go to stderr.
"""

from __future__ import annotations

import functools
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
from mcp.shared.exceptions import MCPError
from mcp.types import ToolAnnotations

from reelsmith._version import __version__
from reelsmith.agent.inputs import InputError, expand_inputs
from reelsmith.agent.mcp_paths import resolve, root_folder
from reelsmith.agent.mcp_progress import Meter, progress
from reelsmith.agent.mcp_schema import (
    NO_SESSION,
    CreditsAnswer,
    EditAnswer,
    ExportAnswer,
    MakeAnswer,
    MakeOutput,
    MakeRoots,
    Output,
    OutputRoots,
    Overwrite,
    PathRoots,
    Paths,
    QualityArg,
    Request,
    SessionId,
    TimelineAnswer,
    UploadAnswer,
    UploadedFile,
    Video,
)
from reelsmith.skill import AsyncClient, AsyncSession, Backend, SkillError, variants
from reelsmith.skill.export import check_output
from reelsmith.skill.models import UploadedFile as UploadedFileModel

log = logging.getLogger("reelsmith.mcp")


def _message(e: BaseException) -> str:
    while isinstance(e, BaseExceptionGroup) and len(e.exceptions) == 1:
        e = e.exceptions[0]  # a task group's one failure: say what it was
    text = " ".join(str(e).split())
    if isinstance(e, SkillError | InputError):
        return text
    return f"the tool failed ({type(e).__name__})" + (f": {text}" if text else "")


def _tool_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Every failure becomes a tool error with a one-line message: a backend or input failure
    its own message and fix, anything else "the tool failed (TypeName): message" (its traceback
    goes to the log on stderr, never to the host). Protocol errors pass through."""

    @functools.wraps(fn)
    async def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return await fn(*args, **kwargs)
        except (ToolError, MCPError):
            raise
        except Exception as e:
            if not isinstance(e, SkillError | InputError):
                log.error("%s failed", fn.__name__, exc_info=True)
            raise ToolError(_message(e)) from None

    return run


def _uploaded(files: list[UploadedFileModel]) -> list[UploadedFile]:
    return [UploadedFile(name=f.filename, type=f.file_type) for f in files]


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

    def has_session(self, session_id: str | None) -> bool:
        """Whether `session(session_id)` would resume one rather than make one."""
        return bool(session_id) or self.current is not None

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
            "calls, and export_video when the user wants the file. make_video does it all in one call. "
            "Pass absolute paths: a relative one resolves only against a folder the host shares."
        ),
    )

    async def _edit(s: AsyncSession, request: str, step: Callable[[str], None]) -> EditAnswer:
        done: dict[str, Any] = {}
        async for ev in s.say(request):
            if ev.kind in ("tool_call", "heartbeat", "still_working"):
                step(ev.name or "editing")
            elif ev.kind == "done":
                done = {
                    "understood": bool(ev.data.get("understood", True)),
                    "reply": ev.text,
                    "changes": list(ev.data.get("changes", [])),
                    "summary": ev.data.get("summary", ""),
                    "version": ev.data.get("version"),
                }
        return EditAnswer(session_id=s.id, **done)

    def _check(output: str | Path, overwrite: bool) -> Path:
        return check_output(output, overwrite, "pass overwrite=true to replace it, or choose another output path")

    def _where(output: str | None, base: Path | None, overwrite: bool) -> Path | None:
        """Before any work: the output path checked, or None for a default name under `base`."""
        if output:
            return _check(resolve(output, base), overwrite)
        if base is None:
            raise InputError(
                "no output path given, and this host shares no folder (MCP root) to save in; "
                f"pass output as an absolute path, e.g. {Path.home() / 'video.mp4'}"
            )
        return None

    async def _export(
        s: AsyncSession, out: Path | None, base: Path | None, quality: str, overwrite: bool, m: Meter, lo: float
    ) -> ExportAnswer:
        if out is None:
            assert base is not None  # _where refused the call otherwise
            st = await s.state()
            out = base / f"reelsmith-{s.id[:8]}-v{st.version or 0}.mp4"
        out = _check(out, overwrite)  # again: a file may have appeared since
        render, download = m.span(lo, 95, "rendering"), m.span(95, 100, "downloading")
        res = await s.export(out, quality, download, lambda status, pct: render(pct, 100))
        return ExportAnswer(session_id=s.id, video=Video(**res.video()))

    @mcp.tool(
        title="Upload media",
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True
        ),
    )
    @_tool_errors
    async def upload_files(paths: Paths, ctx: Context, roots: PathRoots, session_id: SessionId = None) -> UploadAnswer:
        """Upload photos, clips, a logo or a song: file paths, folders (their media in name order) or
        http(s) URLs. Starts a session if there is none; pass session_id to add to an earlier one."""
        base = root_folder(roots)
        items = expand_inputs([resolve(p, base) for p in paths])  # every path checked before a session
        async with progress(ctx) as m:
            s = await conn.session(session_id)
            files = await s.upload(items, m.span(0, 100, "uploading"))
        return UploadAnswer(session_id=s.id, uploaded=_uploaded(files))

    @mcp.tool(
        title="Edit the video",
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
        ),
    )
    @_tool_errors
    async def edit_video(request: Request, ctx: Context, session_id: SessionId = None) -> EditAnswer:
        """Make or change the video with one plain-language request, e.g. "turn these images into a
        30-second promo with music and text overlays", "make it vertical", "title says 'Summer Sale'",
        "slower", "undo". Answers with what changed and the timeline summary."""
        async with progress(ctx) as m:
            return await _edit(await conn.session(session_id), request, m.steps(0, 100))

    @mcp.tool(
        title="Timeline state",
        annotations=ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False),
    )
    @_tool_errors
    async def timeline_state(session_id: SessionId = None) -> TimelineAnswer:
        """The current timeline: a one-line summary, its version, and whether it can be exported.
        Never starts a session: with none open it says so."""
        if not conn.has_session(session_id):
            return TimelineAnswer(session_id=None, summary=NO_SESSION, version=None, ready=False)
        s = await conn.session(session_id)
        st = await s.state(renew=False)  # a read: a session the backend lost is reported, not replaced
        return TimelineAnswer(session_id=s.id, summary=st.summary, version=st.version, ready=st.ready)

    @mcp.tool(
        title="Export the video",
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=False
        ),
    )
    @_tool_errors
    async def export_video(
        ctx: Context,
        roots: OutputRoots,
        output: Output = None,
        quality: QualityArg = "high",
        session_id: SessionId = None,
        overwrite: Overwrite = False,
    ) -> ExportAnswer:
        """Render the timeline to MP4 and save it at `output` (an absolute path; default: a new name in
        the folder the host shares). An existing file there is refused unless `overwrite` is true, which
        replaces it. Reports render progress."""
        base = root_folder(roots)
        out = _where(output, base, overwrite)  # before the session is even looked up
        if not conn.has_session(session_id):
            raise ToolError(f"nothing to export: {NO_SESSION}")
        async with progress(ctx) as m:
            return await _export(await conn.session(session_id), out, base, quality, overwrite, m, 0)

    @mcp.tool(
        title="Check credits",
        annotations=ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False),
    )
    @_tool_errors
    async def check_credits() -> CreditsAnswer:
        """The credit balance (unlimited on the local engine). Never starts a session."""
        c = await (await conn.connect()).credits()
        return CreditsAnswer(available=c.available, frozen=c.frozen, total=c.total, unlimited=c.available is None)

    @mcp.tool(
        title="Make a video in one call",
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=True, idempotent_hint=False, open_world_hint=True
        ),
    )
    @_tool_errors
    async def make_video(
        inputs: Paths,
        request: Request,
        output: MakeOutput,
        ctx: Context,
        roots: MakeRoots,
        quality: QualityArg = "high",
        overwrite: Overwrite = False,
    ) -> MakeAnswer:
        """One call from media to MP4: upload `inputs` (files, folders, URLs) to a new session, apply
        `request`, render to `output` (an existing file is refused unless `overwrite` is true).
        Reports progress while uploading, editing and rendering."""
        base = root_folder(roots)
        out = _where(output, base, overwrite)  # before any upload, edit or render
        items = expand_inputs([resolve(i, base) for i in inputs])
        async with progress(ctx) as m:
            s = await conn.session(None, new=True)
            files = await s.upload(items, m.span(0, 15, "uploading"))
            edited = await _edit(s, request, m.steps(15, 45))
            done = await _export(s, out, base, quality, overwrite, m, 45)
        return MakeAnswer(**edited.model_dump(), uploaded=_uploaded(files), video=done.video)

    return mcp


def serve(open_backend: Callable[[], Backend], skill: str | None = None) -> None:
    # stdout carries the protocol: every log line goes to stderr
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, force=True)
    build_server(open_backend, skill).run("stdio")
