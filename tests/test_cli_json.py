"""The one JSON contract (docs/cli.schema.json): every command's --json output, success and error, run
through the real CLI against the real in-process engine, validated against the schema; and the MCP
tools and the Python API answering with the same keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image

from reelsmith.cli import main
from reelsmith.engine.media.probe import probe

from .media import photo

pytestmark = pytest.mark.slow  # the real commands, with renders

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "cli.schema.json").read_text())


def valid(data: Any, name: str) -> Any:
    """`data` checked against $defs/name (and against the whole document, which must also accept it)."""
    sub = {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}
    jsonschema.Draft202012Validator(sub).validate(data)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data


def run(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> Any:
    """One command with --json: its exit code, and stdout holding exactly one JSON line."""
    got = main([*argv, "--json"])
    out = capsys.readouterr().out
    assert got == code, out
    lines = out.splitlines()
    assert len(lines) == 1, out
    return json.loads(lines[0])


def error(capsys: pytest.CaptureFixture[str], *argv: str, code: int, kind: str) -> dict[str, Any]:
    e = valid(run(capsys, *argv, code=code), "error")["error"]
    assert e["code"] == kind, e
    return e


def test_every_command_answers_on_the_schema(media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo(media / "a.jpg", (480, 270)), photo(media / "b.jpg", (480, 270), seed=1)
    Image.new("RGBA", (200, 100), (255, 255, 255, 255)).save(media / "logo.png")

    up = valid(run(capsys, "upload", str(media)), "upload")
    sid = up["session_id"]
    assert [f["name"] for f in up["uploaded"]] == ["a.jpg", "b.jpg", "logo.png"]  # a list, not a sentence

    built = valid(run(capsys, "say", "a 2 second slideshow"), "say")
    assert built["session_id"] == sid and built["understood"] is True and built["version"] == 1
    assert "Logo:" in built["summary"]
    # only the length changed: the logo and the music follow it, and are not "removed" and "added"
    longer = valid(run(capsys, "say", "make it 3 seconds"), "say")
    assert longer["changes"] == ["length is now 3s"]
    # not understood: the flag, the reply with examples, nothing changed, and exit 5
    lost = valid(run(capsys, "say", "make it look better", code=5), "say")
    assert lost["understood"] is False and lost["changes"] == [] and lost["version"] == 2
    assert "didn't understand" in lost["reply"]

    st = valid(run(capsys, "state"), "state")
    assert (st["session_id"], st["version"], st["ready"]) == (sid, 2, True) and st["draft"]["d"] == 3000

    out = tmp_path / "e.mp4"
    ex = valid(run(capsys, "export", "-o", str(out), "--quality", "preview"), "export")
    info = probe(out)
    assert ex["session_id"] == sid and ex["video"]["path"] == str(out)
    assert (ex["video"]["width"], ex["video"]["height"], ex["video"]["fps"]) == (info.width, info.height, info.fps)
    assert ex["video"]["frames"] == 45 and ex["video"]["size"] == out.stat().st_size
    assert valid(run(capsys, "export", "--resume"), "export_resume") == {"resumed": [], "not_saved": []}

    assert valid(run(capsys, "credits"), "credits")["unlimited"] is True
    skills = valid(run(capsys, "skills", "--skill", "photo-video-maker-easy"), "skills")["skills"]
    assert [s["name"] for s in skills if s["active"]] == ["photo-video-maker-easy"]

    draft = tmp_path / "t.json"
    mk = valid(
        run(capsys, "make", str(media / "a.jpg"), "-p", "a 2 second clip", "-o", str(tmp_path / "m.mp4"),
            "--preview", "--draft-out", str(draft)),
        "make",
    )  # fmt: skip
    assert mk["session_id"] != sid and mk["uploaded"] == [{"name": "a.jpg", "type": "image"}]
    assert mk["understood"] is True and mk["video"]["duration"] == 2.0 and mk["video"]["frames"] == 30
    rd = valid(run(capsys, "render", str(draft), "-o", str(tmp_path / "r.mp4"), "--preview"), "render")
    assert rd["video"]["frames"] == 30 and Path(rd["video"]["path"]).exists()

    bt = valid(
        run(capsys, "batch", str(media / "b.jpg"), "-p", "a 1 second clip", "-p", "make it square",
            "--out-dir", str(tmp_path / "b"), "--quality", "preview"),
        "batch",
    )  # fmt: skip
    assert [v["request"] for v in bt["videos"]] == ["a 1 second clip", "make it square"]
    assert (bt["videos"][1]["video"]["width"], bt["videos"][1]["video"]["height"]) == (360, 360)


def test_every_command_fails_on_the_schema(
    media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    a = photo(media / "a.jpg", (320, 180))
    missing = str(media / "missing.jpg")
    taken = tmp_path / "taken.mp4"
    taken.write_bytes(b"keep me")
    error(capsys, "make", missing, "-o", str(tmp_path / "x.mp4"), code=2, kind="bad_input")
    error(capsys, "make", str(a), "-o", str(taken), code=2, kind="bad_path")
    error(capsys, "batch", str(a), "-p", "x", "--out-dir", str(taken), code=2, kind="bad_input")
    error(capsys, "upload", missing, code=2, kind="bad_input")
    for cmd in (["say", "hello"], ["state"], ["upload", str(a)], ["export", "-o", str(tmp_path / "y.mp4")]):
        e = error(capsys, *cmd, "--session", "deadbeef", code=2, kind="unknown_session")  # the user's input
        assert "deadbeef" in e["message"] and "--session" in e["hint"]
    e = error(capsys, "export", "-o", "/proc/x.mp4", code=2, kind="bad_path")
    assert e["message"].startswith("/proc/x.mp4 cannot be saved") and e["hint"] == "choose another folder"
    e = error(capsys, "export", "-o", str(taken), code=2, kind="bad_path")
    assert "--force" in e["hint"] and taken.read_bytes() == b"keep me"
    error(capsys, "export", "--resume", "-o", str(tmp_path / "z.mp4"), code=2, kind="bad_path")  # nothing to resume
    error(capsys, "skills", "--skill", "no-such-skill", code=2, kind="bad_input")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    error(capsys, "render", str(broken), "-o", str(tmp_path / "r.mp4"), code=2, kind="bad_input")
    e = error(capsys, "mak", "photos", code=2, kind="usage")
    assert e["hint"].startswith("did you mean `reelsmith make`?")
    e = error(capsys, "credits", "--session", "x", code=2, kind="usage")
    assert e["hint"].startswith("`reelsmith credits` does not take --session")
    # a backend that cannot be reached: exit 3, for every command that needs one
    monkeypatch.setenv("REELSMITH_ENGINE_URL", "http://127.0.0.1:9")
    for cmd in (["credits"], ["state"], ["say", "x"]):
        error(capsys, *cmd, code=3, kind="unreachable")
    assert not (tmp_path / "x.mp4").exists() and not (tmp_path / "y.mp4").exists()


def test_mcp_tools_answer_with_the_clis_keys() -> None:
    """Each MCP tool's outputSchema has the keys of the CLI command it stands for (timeline_state leaves
    out the draft JSON), and the same `video` and `uploaded` shapes."""
    import anyio
    from mcp import Client

    from reelsmith import local
    from reelsmith.agent.mcp_server import build_server

    async def tools() -> dict[str, Any]:
        with anyio.fail_after(30):
            async with Client(build_server(local.connect)) as c:
                return {t.name: t.output_schema for t in (await c.list_tools()).tools}

    schemas = anyio.run(tools)
    d = SCHEMA["$defs"]
    pairs = {
        "upload_files": "upload",
        "edit_video": "say",
        "export_video": "export",
        "check_credits": "credits",
        "make_video": "make",
    }
    for tool, command in pairs.items():
        assert set(schemas[tool]["properties"]) == set(d[command]["properties"]), tool
    assert set(schemas["timeline_state"]["properties"]) == set(d["state"]["properties"]) - {"draft"}
    video = schemas["export_video"]["$defs"]["Video"]
    assert set(video["properties"]) == set(d["video"]["properties"]) == set(video["required"])
    assert set(schemas["upload_files"]["$defs"]["UploadedFile"]["properties"]) == {"name", "type"}


def test_the_python_api_answers_with_the_same_keys(media: Path, tmp_path: Path) -> None:
    import reelsmith

    photo(media / "a.jpg", (320, 180))
    v = reelsmith.make([media / "a.jpg"], "a 1 second clip", tmp_path / "a.mp4", quality="preview")
    got = valid(v.to_dict(), "make")
    assert got["video"]["path"] == str(tmp_path / "a.mp4") and got["uploaded"] == [{"name": "a.jpg", "type": "image"}]
    assert got["video"]["size"] == (tmp_path / "a.mp4").stat().st_size and got["understood"] is True


def test_say_lists_changes_the_summary_does_not_show(media: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`changes` in `say --json` names an edit to an item that stays: a bigger title, new transitions,
    a look. Scripts and host agents read it; it used to be empty for these."""
    photo(media / "a.jpg", (480, 270)), photo(media / "b.jpg", (480, 270), seed=1)
    run(capsys, "upload", str(media))
    run(capsys, "say", 'a 6 second slideshow with transitions, title "Summer Sale"')
    bigger = valid(run(capsys, "say", "make the title bigger"), "say")
    assert bigger["changes"] == ['Title "Summer Sale": style changed'], bigger
    slides = valid(run(capsys, "say", "use slide transitions"), "say")
    assert "video: transitions changed" in slides["changes"], slides
    bw = valid(run(capsys, "say", "make it black and white"), "say")
    assert "look is now bw" in bw["changes"], bw
