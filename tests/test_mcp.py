"""The MCP server, with the SDK's own client: in-process for every tool, and over stdio."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, ListRootsResult, Root, TextContent

from reelsmith import local
from reelsmith.agent.mcp_progress import progress
from reelsmith.agent.mcp_server import build_server
from reelsmith.engine.media.probe import probe
from reelsmith.skill import AsyncClient

from .media import photo


def text_of(result: CallToolResult) -> str:
    """The text of a tool's answer (every answer of ours leads with one text block)."""
    block = result.content[0]
    assert isinstance(block, TextContent), block
    return block.text


def facts(result: CallToolResult) -> dict[str, Any]:
    """A tool's structured answer, which every successful call of ours has."""
    assert result.structured_content is not None, result.content
    return result.structured_content


pytestmark = [pytest.mark.anyio, pytest.mark.slow]  # the MCP server over stdio and in-process, with a render


ANSWERS = {  # each tool's structured answer: its outputSchema's properties, every one present
    "upload_files": {"session_id", "uploaded"},
    "edit_video": {"session_id", "understood", "reply", "changes", "summary", "version"},
    "timeline_state": {"session_id", "summary", "version", "ready"},
    "export_video": {"session_id", "video"},
    "check_credits": {"available", "frozen", "total", "unlimited"},
    "make_video": {"session_id", "uploaded", "understood", "reply", "changes", "summary", "version", "video"},
}
VIDEO = {"path", "duration", "width", "height", "fps", "frames", "size"}  # the file's facts, as the CLI's --json
RELATIVE = "a relative path, and this host shares no folder (MCP root) to resolve it against; pass an absolute path"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def roots_at(folder: Path):
    """A host that shares `folder` (and, after it, a second one that must not be used)."""

    async def list_roots(ctx) -> ListRootsResult:
        return ListRootsResult(
            roots=[Root(uri=folder.as_uri(), name="project"), Root(uri=(folder / "other").as_uri(), name="other")]
        )

    return list_roots


def rising(progress: list[tuple[float, float | None, str | None]]) -> None:
    """What MCP asks of one call's notifications: progress strictly increasing, on one 0-100 scale."""
    values = [p for p, _, _ in progress]
    assert values, "no progress notifications"
    assert all(a < b for a, b in zip(values, values[1:], strict=False)), values
    assert all(total in (None, 100) and 0 <= p <= 100 for p, total, _ in progress), progress
    assert progress[-1][:2] == (100, 100)  # a finished call ends at 100 of 100


async def test_every_tool_against_the_local_engine(media: Path, tmp_path: Path) -> None:
    a, b = photo(media / "a.jpg"), photo(media / "b.jpg", seed=1)
    progress: list[tuple[str, float, float | None, str | None]] = []

    def watch(tool: str):
        async def cb(p: float, total: float | None, message: str | None) -> None:
            progress.append((tool, p, total, message))

        return cb

    server = build_server(local.connect)
    async with Client(server) as c:
        tools = {t.name: t for t in (await c.list_tools()).tools}
        assert set(tools) == {
            "upload_files",
            "edit_video",
            "timeline_state",
            "export_video",
            "check_credits",
            "make_video",
        }
        assert tools["make_video"].input_schema["required"] == ["inputs", "request", "output"]
        assert tools["export_video"].input_schema["properties"]["quality"]["enum"][0] == "best"

        for name, keys in ANSWERS.items():
            schema = tools[name].output_schema
            assert schema is not None and set(schema["properties"]) == keys, name

        up = (await c.call_tool("upload_files", {"paths": [str(a), str(b)]})).structured_content
        assert set(up) == ANSWERS["upload_files"]
        sid = up["session_id"]
        assert [f["name"] for f in up["uploaded"]] == ["a.jpg", "b.jpg"]
        ed = await c.call_tool(
            "edit_video", {"request": "a 4 second slideshow, title 'Hi'"}, progress_callback=watch("edit")
        )
        assert ed.is_error is False and 'Title: "Hi"' in facts(ed)["summary"]
        assert facts(ed)["understood"] is True
        lost = (await c.call_tool("edit_video", {"request": "make it look better"})).structured_content
        assert lost["understood"] is False and lost["changes"] == [] and lost["version"] == 1
        assert set(ed.structured_content) == ANSWERS["edit_video"]
        st = (await c.call_tool("timeline_state", {})).structured_content
        assert set(st) == ANSWERS["timeline_state"]
        assert st["session_id"] == sid and st["ready"] is True and st["version"] == 1
        assert (await c.call_tool("check_credits", {})).structured_content["unlimited"] is True
        ex = await c.call_tool(
            "export_video", {"output": str(tmp_path / "e.mp4"), "quality": "preview"}, progress_callback=watch("export")
        )
        video = facts(ex)["video"]
        assert probe(video["path"]).duration == pytest.approx(4.0, abs=0.1)
        assert set(ex.structured_content) == ANSWERS["export_video"] and set(video) == VIDEO
        assert video["frames"] == round(video["duration"] * video["fps"])

        bad = await c.call_tool("upload_files", {"paths": [str(media / "missing.jpg")]})
        assert bad.is_error is True and "no such file or folder" in text_of(bad)
        assert (await c.call_tool("edit_video", {"request": "x", "session_id": "nope"})).is_error is True

        mk = await c.call_tool(
            "make_video",
            {
                "inputs": [str(media)],
                "request": "a 3 second vertical slideshow",
                "output": str(tmp_path / "m.mp4"),
                "quality": "preview",
            },
            progress_callback=watch("make"),
        )
        said = facts(mk)["video"]
        info = probe(said["path"])
        assert (info.width, info.height) == (360, 640)  # a preview is small, and is reported as it is
        assert (said["width"], said["height"], said["fps"], said["frames"]) == (360, 640, 15, 45)
        assert info.duration == pytest.approx(3.0, abs=0.1)
        assert facts(mk)["session_id"] != sid  # the one-shot has a session of its own
        assert set(mk.structured_content) == ANSWERS["make_video"] and set(said) == VIDEO
        assert [f["name"] for f in facts(mk)["uploaded"]] == ["a.jpg", "b.jpg"]

    assert any(t == "edit" for t, *_ in progress)
    made = [(p, total) for t, p, total, _ in progress if t == "make"]
    assert (100, 100) in made and any(total is None for _, total in made)  # edit steps, then render percent
    for tool in ("edit", "export", "make"):  # upload, edit steps, render and download: one rising scale per call
        rising([(p, total, message) for t, p, total, message in progress if t == tool])
    make_phases = [message for t, _, _, message in progress if t == "make"]
    assert make_phases.index("uploading") < make_phases.index("rendering") < make_phases.index("downloading")
    # a later connection resumes the first session by id
    async with Client(build_server(local.connect)) as c2:
        again = (await c2.call_tool("timeline_state", {"session_id": sid})).structured_content
        assert again["version"] == 1 and 'Title: "Hi"' in again["summary"]


async def test_export_replaces_a_file_only_when_told(media: Path, tmp_path: Path) -> None:
    a = photo(media / "a.jpg", (320, 180))
    out = tmp_path / "taken.mp4"
    out.write_bytes(b"keep me")
    async with Client(build_server(local.connect)) as c:
        tools = {t.name: t for t in (await c.list_tools()).tools}
        for name in ("export_video", "make_video"):
            assert tools[name].input_schema["properties"]["overwrite"]["default"] is False
        # refused before any work: make_video starts no session and uploads nothing
        mk = await c.call_tool("make_video", {"inputs": [str(a)], "request": "x", "output": str(out)})
        assert mk.is_error is True and str(out) in text_of(mk) and "overwrite" in text_of(mk)
        await c.call_tool("upload_files", {"paths": [str(a)]})
        await c.call_tool("edit_video", {"request": "a 1 second clip, no music"})
        refused = await c.call_tool("export_video", {"output": str(out), "quality": "preview"})
        assert refused.is_error is True
        assert text_of(refused).endswith(
            f"{out} already exists; pass overwrite=true to replace it, or choose another output path"
        )
        assert out.read_bytes() == b"keep me"
        folder = await c.call_tool("export_video", {"output": str(tmp_path), "quality": "preview", "overwrite": True})
        assert folder.is_error is True and "is a folder" in text_of(folder)
        ok = await c.call_tool("export_video", {"output": str(out), "quality": "preview", "overwrite": True})
        assert ok.is_error is False, ok.content
    assert probe(out).duration == pytest.approx(1.0, abs=0.1)


async def test_stdio_server_speaks_only_the_protocol_on_stdout() -> None:
    # the SDK passes a minimal environment by default; ours carries the test's private data dirs
    params = StdioServerParameters(command=sys.executable, args=["-m", "reelsmith", "mcp"], env=dict(os.environ))
    async with Client(params) as c:
        names = {t.name for t in (await c.list_tools()).tools}
        assert "make_video" in names
        credits = await c.call_tool("check_credits", {})
        assert facts(credits)["unlimited"] is True


async def test_stdio_host_with_roots_resolves_relative_paths(media: Path) -> None:
    photo(media / "a.jpg", (320, 180))
    params = StdioServerParameters(command=sys.executable, args=["-m", "reelsmith", "mcp"], env=dict(os.environ))
    with anyio.fail_after(120):
        async with Client(params) as c:  # no roots: a relative path is refused, in one line
            bare = await c.call_tool("upload_files", {"paths": ["a.jpg"]})
            assert bare.is_error is True and text_of(bare).endswith(f"a.jpg: {RELATIVE}")
        # roots over the real JSON-RPC transport: asked inside the call (the 2026 protocol) and as a
        # roots/list request mid-call (the handshake protocol hosts speak today); the first file:// root is the base
        for mode in ("auto", "legacy"):
            async with Client(params, list_roots_callback=roots_at(media), mode=mode) as c:
                up = await c.call_tool("upload_files", {"paths": ["a.jpg"]})
                assert up.is_error is False, (mode, up.content)
                assert [f["name"] for f in facts(up)["uploaded"]] == ["a.jpg"]


async def test_every_tool_describes_its_parameters_answers_and_effects() -> None:
    with anyio.fail_after(30):
        async with Client(build_server(local.connect)) as c:  # listing starts no engine
            tools = {t.name: t for t in (await c.list_tools()).tools}
    assert set(tools) == set(ANSWERS)
    for name, tool in tools.items():
        props = tool.input_schema.get("properties", {})
        assert "roots" not in props and "ctx" not in props  # filled by the server, never by the model
        for arg, schema in props.items():
            assert len(schema.get("description", "")) > 20, f"{name}.{arg} has no description"
        assert tool.output_schema is not None and set(tool.output_schema["properties"]) == ANSWERS[name], name
        assert set(tool.output_schema["required"]) <= ANSWERS[name]
        assert tool.title and tool.description
        assert tool.annotations is not None, name
    hints = {
        name: (t.annotations.read_only_hint, t.annotations.destructive_hint, t.annotations.idempotent_hint)
        for name, t in tools.items()
        if t.annotations is not None
    }
    assert hints["timeline_state"] == (True, None, True)
    assert hints["check_credits"] == (True, None, True)
    for name in ("export_video", "make_video"):  # overwrite=true replaces a file
        assert hints[name] == (False, True, False)
    for name in ("upload_files", "edit_video"):
        assert hints[name] == (False, False, False)
    open_world = {name for name, t in tools.items() if t.annotations and t.annotations.open_world_hint}
    assert open_world == {"upload_files", "make_video"}  # they fetch http(s) URLs


async def test_progress_rises_across_phases_even_when_a_phase_starts_lower() -> None:
    sent: list[tuple[float, float | None, str | None]] = []

    class Ctx:  # what the meter needs of the SDK's Context
        async def report_progress(self, progress: float, total: float | None = None, message: str | None = None):
            sent.append((progress, total, message))

    with anyio.fail_after(10):
        async with progress(Ctx()) as m:  # type: ignore[arg-type]
            upload = m.span(0, 15, "uploading")
            upload(50, 100)
            upload(100, 100)
            step = m.steps(15, 45)
            step("edit_timeline")
            step("heartbeat")
            render = m.span(45, 95, "rendering")
            render(5, 100)
            render(0, 100)  # the render restarts its own count: not sent, it would go back
            render(3, 100)
            render(60, 100)
    assert sent == [
        (7.5, 100, "uploading"),
        (15.0, 100, "uploading"),
        (21.0, None, "edit_timeline"),
        (25.0, None, "heartbeat"),
        (47.5, 100, "rendering"),
        (75.0, 100, "rendering"),
        (100, 100, "done"),
    ]


async def test_reads_never_start_a_session(media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = photo(media / "a.jpg", (320, 180))
    made: list[str] = []
    create = AsyncClient.create_session_id

    async def counted(self: AsyncClient, language: str) -> str:
        made.append(await create(self, language))
        return made[-1]

    monkeypatch.setattr(AsyncClient, "create_session_id", counted)
    with anyio.fail_after(120):
        async with Client(build_server(local.connect)) as c:
            st = await c.call_tool("timeline_state", {})
            assert st.is_error is False
            assert st.structured_content == {
                "session_id": None,
                "summary": "no session yet: upload_files or edit_video starts one, "
                "or pass the session_id of an earlier session",
                "version": None,
                "ready": False,
            }
            assert (await c.call_tool("check_credits", {})).structured_content["unlimited"] is True
            ex = await c.call_tool("export_video", {"output": str(tmp_path / "x.mp4")})
            assert ex.is_error is True and "nothing to export: no session yet" in text_of(ex)
            unknown = await c.call_tool("timeline_state", {"session_id": "nope"})
            assert unknown.is_error is True and "nope" in text_of(unknown)
            assert made == []
            sid = (await c.call_tool("upload_files", {"paths": [str(a)]})).structured_content["session_id"]
            assert made == [sid]
            again = (await c.call_tool("timeline_state", {})).structured_content
            assert again["session_id"] == sid and again["ready"] is False
            assert made == [sid]


async def test_an_unexpected_failure_says_what_it_was(tmp_path: Path) -> None:
    def broken():
        raise RuntimeError("the engine would not start:\n  port 0 is taken")

    with anyio.fail_after(30):
        async with Client(build_server(broken)) as c:
            for tool, args in (
                ("export_video", {"output": str(tmp_path / "x.mp4"), "session_id": "s1"}),
                ("check_credits", {}),
            ):
                r = await c.call_tool(tool, args)
                assert r.is_error is True
                assert text_of(r) == (
                    f"Error executing tool {tool}: the tool failed (RuntimeError): "
                    "the engine would not start: port 0 is taken"
                )


async def test_relative_paths_need_a_root(media: Path, tmp_path: Path) -> None:
    photo(media / "a.jpg", (320, 180))
    with anyio.fail_after(60):
        async with Client(build_server(local.connect)) as c:  # a host that shares no folder
            for tool, args, bad in (
                ("upload_files", {"paths": ["media/a.jpg"]}, "media/a.jpg"),
                ("export_video", {"output": "out.mp4"}, "out.mp4"),
                ("make_video", {"inputs": [str(media)], "request": "x", "output": "m.mp4"}, "m.mp4"),
                ("make_video", {"inputs": ["a.jpg"], "request": "x", "output": str(tmp_path / "m.mp4")}, "a.jpg"),
            ):
                r = await c.call_tool(tool, args)
                assert r.is_error is True and text_of(r) == f"Error executing tool {tool}: {bad}: {RELATIVE}"
            default = await c.call_tool("export_video", {})
            assert default.is_error is True and "pass output as an absolute path" in text_of(default)
            assert "\n" not in text_of(default)
    assert not (tmp_path / "m.mp4").exists()


async def test_relative_paths_resolve_against_the_hosts_root(media: Path, tmp_path: Path) -> None:
    project = tmp_path / "my project"  # a space: the root's file:// URI is percent-encoded
    (project / "shots").mkdir(parents=True)
    photo(project / "shots" / "a.jpg", (320, 180))
    seen: list[tuple[float, float | None, str | None]] = []

    async def watch(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    with anyio.fail_after(180):
        async with Client(build_server(local.connect), list_roots_callback=roots_at(project)) as c:
            up = await c.call_tool("upload_files", {"paths": ["shots"]})
            assert up.is_error is False, up.content
            assert [f["name"] for f in facts(up)["uploaded"]] == ["a.jpg"]
            await c.call_tool("edit_video", {"request": "a 1 second clip, no music"})
            ex = await c.call_tool(
                "export_video", {"output": "out/v.mp4", "quality": "preview"}, progress_callback=watch
            )
            assert ex.is_error is False, ex.content
            assert facts(ex)["video"]["path"] == str(project / "out" / "v.mp4")
            named = await c.call_tool("export_video", {"quality": "preview"})  # no output: a new name in the root
            assert named.is_error is False, named.content
            sid = facts(named)["session_id"]
            assert facts(named)["video"]["path"] == str(project / f"reelsmith-{sid[:8]}-v1.mp4")
            absolute = await c.call_tool("export_video", {"output": str(tmp_path / "abs.mp4"), "quality": "preview"})
            assert facts(absolute)["video"]["path"] == str(tmp_path / "abs.mp4")  # as given
    assert probe(project / "out" / "v.mp4").duration == pytest.approx(1.0, abs=0.1)
    assert not (project / "other").exists()
    rising(seen)
    assert {m for _, _, m in seen} >= {"rendering", "downloading"}
