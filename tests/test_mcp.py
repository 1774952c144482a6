"""The MCP server, with the SDK's own client: in-process for every tool, and over stdio."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from reelsmith import local
from reelsmith.agent.mcp_server import build_server
from reelsmith.engine.media.probe import probe

from .media import photo

pytestmark = [pytest.mark.anyio, pytest.mark.slow]  # the MCP server over stdio and in-process, with a render


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


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

        up = (await c.call_tool("upload_files", {"paths": [str(a), str(b)]})).structured_content
        sid = up["session_id"]
        assert [f["name"] for f in up["uploaded"]] == ["a.jpg", "b.jpg"]
        ed = await c.call_tool(
            "edit_video", {"request": "a 4 second slideshow, title 'Hi'"}, progress_callback=watch("edit")
        )
        assert ed.is_error is False and 'Title: "Hi"' in ed.structured_content["summary"]
        st = (await c.call_tool("timeline_state", {})).structured_content
        assert st["session_id"] == sid and st["ready"] is True and st["version"] == 1
        assert (await c.call_tool("check_credits", {})).structured_content["unlimited"] is True
        ex = await c.call_tool(
            "export_video", {"output": str(tmp_path / "e.mp4"), "quality": "preview"}, progress_callback=watch("export")
        )
        assert probe(ex.structured_content["output"]).duration == pytest.approx(4.0, abs=0.1)

        bad = await c.call_tool("upload_files", {"paths": [str(media / "missing.jpg")]})
        assert bad.is_error is True and "no such file or folder" in bad.content[0].text
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
        info = probe(mk.structured_content["output"])
        assert (info.width, info.height) == (360, 640)  # a preview is small
        assert info.duration == pytest.approx(3.0, abs=0.1)
        assert mk.structured_content["session_id"] != sid  # the one-shot has a session of its own

    assert any(t == "edit" for t, *_ in progress)
    made = [(p, total) for t, p, total, _ in progress if t == "make"]
    assert (100, 100) in made and any(total is None for _, total in made)  # edit steps, then render percent
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
        assert mk.is_error is True and str(out) in mk.content[0].text and "overwrite" in mk.content[0].text
        await c.call_tool("upload_files", {"paths": [str(a)]})
        await c.call_tool("edit_video", {"request": "a 1 second clip, no music"})
        refused = await c.call_tool("export_video", {"output": str(out), "quality": "preview"})
        assert refused.is_error is True
        assert refused.content[0].text.endswith(
            f"{out} already exists; pass overwrite=true to replace it, or choose another output path"
        )
        assert out.read_bytes() == b"keep me"
        folder = await c.call_tool("export_video", {"output": str(tmp_path), "quality": "preview", "overwrite": True})
        assert folder.is_error is True and "is a folder" in folder.content[0].text
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
        assert credits.structured_content["unlimited"] is True
